/*
 * model_internal.h (private): the state of one replication of the TA
 * model, shared by unit.c, programme.c, country.c and model.c.
 *
 * Design: every entity lives in an array owned by the model; events carry
 * a pointer to their entity as `subject`. A unit is brought up to date
 * lazily (unit_advance) only when an event touches it or a sample is
 * taken, carrying out its staff exits and hires on the way, and its staff
 * carry coordinates in the unit's composed affine skill map, so no event
 * costs time proportional to the staff count.
 */
#ifndef TASIM_MODEL_INTERNAL_H
#define TASIM_MODEL_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <gsl/gsl_rng.h>

#include "tasim/model.h"
#include "tasim/scenario.h"
#include "tasim/sim.h"

/* Event priorities at equal times: bookkeeping before behaviour, samples
 * last so that they see the state after everything at that instant. */
enum {
    PRIO_SCRIPTED = -30,  /* scripted shocks, before money moves */
    PRIO_PROGRAMME = -20, /* programme start / exit */
    PRIO_ACTIVITY = -10,  /* engagement start / end, pulses, go-live */
    PRIO_DEFAULT = 0,     /* staff, ownership, crises */
    PRIO_EVALUATION = 10, /* ratings and retention measurements */
    PRIO_SAMPLE = 20,
};

typedef struct model model_t;
typedef struct unit unit_t;
typedef struct programme programme_t;
typedef struct provider_state provider_state_t;

/* Kinds of expert in a pool. */
enum { POOL_LONG_TERM, POOL_SHORT_TERM, POOL_KINDS };

/* An activity occurrence waiting for free experts. */
typedef struct waiting_activity {
    programme_t *prog;
    size_t activity;
    double since;
    struct waiting_activity *next;
} waiting_activity_t;

/* Experts of one provider on one topic. A size below 0 means the provider
 * declared no pools: its experts never run short. */
typedef struct expert_pool {
    long size[POOL_KINDS];
    long busy[POOL_KINDS];
    waiting_activity_t *head, *tail;
    size_t waiting;
    double busy_area, last_t;   /* expert-years busy in the interval */
    double wait_sum;            /* waits of activities started */
    size_t wait_count;
} expert_pool_t;

struct provider_state {
    model_t *model;
    const tasim_provider_t *spec;
    size_t index;
    double opens;               /* model years */
    double balance;             /* money received and not yet spent */
    double reserved;            /* expected cost of programmes running */
    double spent, disbursed;    /* in the current sampling interval */
    double *donor_share;        /* share of its donor money per donor */
    expert_pool_t *pools;       /* one per scenario topic */
    bool unconstrained;
};

typedef struct donor_state {
    const tasim_donor_t *spec;
    double cut_factor;          /* product of scripted budget cuts */
    double retained;            /* budget not disbursed, cumulated */
    double budget;              /* made available in the interval */
    gsl_rng *rng_budget;
} donor_state_t;

/* A country's request for TA on one of its units. */
typedef struct request {
    unit_t *unit;
    size_t index;               /* order of arrival in the replication */
    double arrival, expires;
    double served_at;           /* first service, NAN if never */
    long provider, funder;      /* first service: provider index, donor */
    bool open;                  /* still waiting somewhere */
    unsigned char *served_by;   /* per provider (coordination none) */
} request_t;

/* An expert engagement running on a unit (mission, advisor, workshop). */
typedef struct engagement {
    programme_t *prog;
    const tasim_activity_t *act;
    double learning;    /* r * fit * reach * (1 - hands_on), before w */
    double work;        /* hands_on * x: performance done by the expert */
    double cost_rate[TASIM_COST_COMPONENTS]; /* USD per year while on */
    bool institutional; /* institutionalisation work */
    double started;
    tasim_event_id_t end_event;
    bool on;
    struct engagement *next_free;
} engagement_t;

struct unit {
    model_t *model;
    const tasim_unit_t *spec;
    size_t country, topic; /* indexes in the scenario */
    uint64_t entity;       /* stable id for random streams */
    long positions;
    /* Staff in post: coordinates c_i with skill = a * c_i + b. */
    double *coord;
    size_t filled;
    double a, b, coord_sum;
    unsigned edits_since_sum;
    double inst, systems;
    double last_t;
    /* Inputs, constant between events. */
    double lambda, work, absorptive;
    int institutionalising;
    double systems_decay;
    engagement_t **engaged;
    size_t engaged_count, engaged_cap;
    /* Turnover and hiring: one superposed process, carried out by
     * unit_advance (not queued as events): the time of its next change. */
    double turnover_multiplier;
    double next_staff;
    uint64_t staff_events; /* exits and hires carried out */
    gsl_rng *rng_staff, *rng_training, *rng_duration;
    /* Demand: requests waiting, served in the interval, their waits. */
    double demand_rate;
    double request_at;          /* next request, even past the horizon */
    tasim_event_id_t request_event;
    gsl_rng *rng_request;
    size_t queue;
    double wait_sum;
    size_t wait_count;
    int programmes_running;
    size_t duplicates;          /* programme starts on a busy unit */
    /* Money spent in the current sampling interval. */
    double cost[TASIM_COST_COMPONENTS];
};

typedef struct country_state {
    const tasim_country_t *spec;
    size_t index;
    double ownership;
    int in_crisis;
    unit_t **units; /* this country's units */
    size_t unit_count;
    gsl_rng *rng_government, *rng_crisis;
    tasim_event_id_t crisis_end;
    double budget_support; /* received in the current interval */
} country_state_t;

struct programme {
    model_t *model;
    const tasim_programme_spec_t *spec;
    tasim_programme_spec_t own_spec; /* for programmes from requests */
    char id[32];
    provider_state_t *provider;
    double commitment;   /* funder money reserved and not yet spent */
    tasim_programme_record_t rec; /* what programmes.csv reports */
    unit_t *unit;
    country_state_t *country;
    double start, planned_end, hard_end; /* model years */
    bool running, ended;
    double target_since; /* capacity rule: when the target was first met */
    double performance_start;
    double *objective_value; /* measured at each objective's date */
    tasim_event_id_t *pending; /* events to cancel at an early exit */
    size_t pending_count, pending_cap;
    engagement_t **engagements;
    size_t engagement_count, engagement_cap;
};

struct model {
    const tasim_scenario_t *sc;
    const tasim_model_params_t *p;
    tasim_sim_t *sim;
    uint64_t replication;
    double horizon;        /* model years */
    double start_year;     /* calendar year of model time 0 */
    double sample_every;   /* years */
    double last_sample;
    unit_t *units;
    size_t unit_count;
    country_state_t *countries;
    programme_t **programmes;   /* scripted first, then from requests */
    size_t programme_count, programme_cap;
    programme_t **watch;        /* running under the capacity exit rule */
    size_t watch_count, watch_cap;
    provider_state_t *providers;
    donor_state_t *donors;
    request_t **requests;       /* all, in arrival order */
    size_t request_count, request_cap;
    request_t **open;           /* those still open (pruned lazily) */
    size_t open_count, open_cap;
    waiting_activity_t *free_waiting;
    bool continuous_allocation;
    tasim_event_id_t allocation_retry;
    engagement_t *free_engagements;
    engagement_t **blocks;
    size_t block_count;
    const tasim_model_observer_t *observer;
    void *observer_ctx;
    uint32_t wanted_series; /* sampling.c: series asked for, as bits */
    int failed;
};

/* unit.c */
void unit_init(model_t *m, unit_t *u, size_t country, size_t topic,
               const tasim_unit_t *spec);
void unit_fini(unit_t *u);
/* The unit's stream `name` kept in *slot, created on first use. */
gsl_rng *unit_stream(unit_t *u, gsl_rng **slot, const char *name);
/* Bring the unit to time t, carrying out its exits and hires due by t.
 * Call before reading or changing the unit's state at t. */
void unit_advance(unit_t *u, double t);
void unit_refresh_inputs(unit_t *u);
double unit_mean_skill(const unit_t *u);   /* of staff in post */
double unit_skill_share(const unit_t *u);  /* S: sum / positions */
double unit_capacity(const unit_t *u);
double unit_performance(const unit_t *u);
void unit_engage(unit_t *u, engagement_t *e);
void unit_disengage(unit_t *u, engagement_t *e);
void unit_training_pulse(unit_t *u, long participants, double gain);
void unit_set_turnover_multiplier(unit_t *u, double mult);
void unit_start_processes(unit_t *u);

/* country.c */
void country_init(model_t *m, country_state_t *c, size_t index);
void country_start_processes(country_state_t *c);
void country_set_ownership(country_state_t *c, double w);
void country_crisis_begin(country_state_t *c, double years, int random);
double country_draw_ownership(country_state_t *c);

/* sampling.c */
void sampling_start(model_t *m);

/* provider.c */
void provider_init(model_t *m, provider_state_t *p, size_t index);
void provider_fini(provider_state_t *p);
int pool_kind(const tasim_activity_t *a); /* -1: holds no expert */
int pool_can_start(const provider_state_t *p, size_t topic, int kind,
                   long experts);
void pool_take(provider_state_t *p, size_t topic, int kind, long experts);
void pool_release(provider_state_t *p, size_t topic, int kind, long experts);
void pool_wait(provider_state_t *p, size_t topic, programme_t *prog,
               size_t activity);
void pool_forget(provider_state_t *p, size_t topic, programme_t *prog);
void provider_pay(provider_state_t *p, double usd);
void provider_account(provider_state_t *p, double t);

/* donor.c */
void donor_init(model_t *m, donor_state_t *d, size_t index);
void donors_start(model_t *m);
void donor_cut(model_t *m, size_t donor, double cut);

/* demand.c */
void demand_start(model_t *m);
void demand_refresh(unit_t *u);
void demand_fini(model_t *m);

/* allocation.c */
void allocation_start(model_t *m);
void allocation_run(model_t *m, provider_state_t *only);
void allocation_soon(model_t *m);
double programme_estimate_cost(const model_t *m,
                               const tasim_programme_spec_t *spec,
                               const provider_state_t *p, const unit_t *u);

/* activity_cost.c */
int activity_engages(const tasim_activity_t *a);
void activity_cost_rates(const model_t *m, const tasim_costs_t *c,
                         const tasim_activity_t *a,
                         double rate[TASIM_COST_COMPONENTS]);
void activity_cost_at_start(const tasim_costs_t *c, const tasim_activity_t *a,
                            double lump[TASIM_COST_COMPONENTS]);
void activity_cost_at_end(const tasim_costs_t *c, const tasim_activity_t *a,
                          double lump[TASIM_COST_COMPONENTS]);
double activity_length(const tasim_activity_t *a, double remaining);
double activity_offset(const tasim_activity_t *a);
double programme_length(const tasim_programme_spec_t *s);
double activity_hands_on(const tasim_activity_t *a);
double activity_learning(const model_t *m, const tasim_programme_spec_t *s,
                         const tasim_activity_t *a, const unit_t *u);
double activity_work(const model_t *m, const tasim_activity_t *a,
                     const unit_t *u);
double programme_learning_per_year(const model_t *m,
                                   const tasim_programme_spec_t *s,
                                   const tasim_activity_t *a,
                                   const unit_t *u);

/* evaluation.c */
void evaluation_init(programme_t *p);
void evaluation_schedule_objectives(programme_t *p);
void evaluation_schedule_retention(programme_t *p);
void evaluation_rate(programme_t *p);

/* programme.c */
programme_t *programme_create(model_t *m, const tasim_programme_spec_t *s);
void programme_start_now(programme_t *p);
void programme_resume_activity(programme_t *p, size_t activity, double since);
void programme_schedule(programme_t *p);
void programme_finish_horizon(programme_t *p);
void programme_spend(programme_t *p, int component, double usd);
void programme_check_exit(programme_t *p);
void programme_fini(programme_t *p);

#endif /* TASIM_MODEL_INTERNAL_H */
