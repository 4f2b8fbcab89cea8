/*
 * model_internal.h (private): the state of one replication of the TA
 * model, shared by unit.c, programme.c, country.c and model.c.
 *
 * Design: every entity lives in an array owned by the model; events carry
 * a pointer to their entity as `subject`. A unit is brought up to date
 * lazily (unit_advance) only when an event touches it or a sample is
 * taken, and its staff carry coordinates in the unit's composed affine
 * skill map, so no event costs time proportional to the staff count.
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
    PRIO_PROGRAMME = -20, /* programme start / exit */
    PRIO_ACTIVITY = -10,  /* engagement start / end, pulses, go-live */
    PRIO_DEFAULT = 0,     /* staff, ownership, crises */
    PRIO_EVALUATION = 10, /* ratings and retention measurements */
    PRIO_SAMPLE = 20,
};

typedef struct model model_t;
typedef struct unit unit_t;
typedef struct programme programme_t;

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
    /* Turnover and hiring: one superposed process each. */
    double turnover_multiplier;
    tasim_event_id_t exit_event, hire_event;
    gsl_rng *rng_exit, *rng_hire, *rng_pick, *rng_training;
    /* Money spent in the current sampling interval. */
    double cost[TASIM_COST_COMPONENTS];
    double cost_rate[TASIM_COST_COMPONENTS];
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
} country_state_t;

struct programme {
    model_t *model;
    const tasim_programme_spec_t *spec;
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
    unit_t *units;
    size_t unit_count;
    country_state_t *countries;
    programme_t *programmes;
    size_t programme_count;
    engagement_t *free_engagements;
    engagement_t **blocks;
    size_t block_count;
    const tasim_model_observer_t *observer;
    void *observer_ctx;
    int failed;
};

/* unit.c */
void unit_init(model_t *m, unit_t *u, size_t country, size_t topic,
               const tasim_unit_t *spec);
void unit_fini(unit_t *u);
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

/* programme.c */
void programme_init(model_t *m, programme_t *p, const tasim_programme_spec_t *s);
void programme_schedule(programme_t *p);
void programme_finish_horizon(programme_t *p);
void programme_check_exit(programme_t *p);
void programme_fini(programme_t *p);

#endif /* TASIM_MODEL_INTERNAL_H */
