/*
 * tasim/scenario.h: a scenario file as typed structures.
 *
 * Loading is strict and table-driven: one table per kind of object
 * (sim/scenario_schema.c) gives each field's key, type, unit, range,
 * default and meaning; the same table drives parsing, validation, default
 * values, the strategy/sweep path resolver and the generated reference in
 * docs/scenario-reference.md. Every object keeps the source location of
 * itself and of each field given, so later checks (cross-references, sums
 * of shares) report errors at the right line.
 *
 * Ownership: a tasim_scenario_t owns every string and array reachable from
 * it, including a copy of the source text (variants for strategies and
 * sweeps are re-loaded from it). Free with tasim_scenario_destroy().
 */
#ifndef TASIM_SCENARIO_H
#define TASIM_SCENARIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tasim/diag.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A 1-based position in the scenario file; line 0 means "not in the file"
 * (a default value). */
typedef struct tasim_loc {
    int line;
    int column;
} tasim_loc_t;

/* Every object read from a mapping starts with this header. */
typedef struct tasim_obj {
    tasim_loc_t loc;         /* where the mapping starts; for an entry of a
                                map (units, expert pools, strategies), where
                                its key is, since the key names it */
    tasim_loc_t *field_loc;  /* per schema field; line 0 if not given */
    uint64_t given;          /* bit i: schema field i was in the file */
} tasim_obj_t;

/* A calendar date. `day` is 0 when the file gave only YYYY-MM. */
typedef struct tasim_date {
    int year, month, day;
} tasim_date_t;

/* Decimal calendar year of a date: year + (month - 1) / 12 + (day - 1) /
 * (12 * days in month), so the first of each month is an exact twelfth. */
double tasim_date_to_year(tasim_date_t d);

/* A list of names (topics, countries of an event, series). */
typedef struct tasim_names {
    char **items;
    tasim_loc_t *locs; /* where each item was given; NULL for defaults */
    size_t count;
} tasim_names_t;

/* One `key: number` pair of a weight map (donor priorities). */
typedef struct tasim_weight {
    char *key;
    double value;
    long index;      /* resolved index of `key`, or -1 */
    tasim_loc_t loc; /* where `key` was given */
} tasim_weight_t;

typedef struct tasim_weights {
    tasim_weight_t *items;
    size_t count;
} tasim_weights_t;

/* ---- enumerations (values match the order of the names in the schema) */

typedef enum { TASIM_INDICATOR_NONE, TASIM_INDICATOR_REVENUE
} tasim_indicator_fiscal_t;

typedef enum { TASIM_INCOME_LOW, TASIM_INCOME_LOWER_MIDDLE,
               TASIM_INCOME_UPPER_MIDDLE, TASIM_INCOME_HIGH } tasim_income_t;

typedef enum { TASIM_PROVIDER_HEADQUARTERS, TASIM_PROVIDER_REGIONAL_CENTRE,
               TASIM_PROVIDER_TOPICAL_FUND, TASIM_PROVIDER_BILATERAL
} tasim_provider_kind_t;

typedef enum { TASIM_ACT_DIAGNOSTIC, TASIM_ACT_SHORT_MISSION,
               TASIM_ACT_RESIDENT_ADVISOR, TASIM_ACT_PEER_EXCHANGE,
               TASIM_ACT_TRAINING, TASIM_ACT_SYSTEM,
               TASIM_ACT_INSTITUTIONALISE } tasim_activity_type_t;

typedef enum { TASIM_EXIT_FIXED, TASIM_EXIT_CAPACITY } tasim_exit_rule_t;

typedef enum { TASIM_DURATION_FIXED, TASIM_DURATION_EXPONENTIAL
} tasim_duration_t;

typedef enum { TASIM_POLICY_FIFO, TASIM_POLICY_NEED, TASIM_POLICY_IMPACT,
               TASIM_POLICY_DONOR_PRIORITY } tasim_policy_t;

typedef enum { TASIM_COORD_FULL, TASIM_COORD_NONE } tasim_coordination_t;

typedef enum { TASIM_EVENT_CRISIS, TASIM_EVENT_GOVERNMENT_CHANGE,
               TASIM_EVENT_BUDGET_CUT } tasim_event_type_t;

typedef enum { TASIM_DESIGN_GRID, TASIM_DESIGN_LHS, TASIM_DESIGN_SOBOL,
               TASIM_DESIGN_MORRIS } tasim_design_t;

/* ---- scenario section */

typedef struct tasim_output_spec {
    tasim_obj_t obj;
    double every_months;
    tasim_names_t series;
} tasim_output_spec_t;

typedef struct tasim_run_spec {
    tasim_obj_t obj;
    char *name;
    char *description;
    tasim_date_t start;
    double years;
    uint64_t seed;
    long replications;
    tasim_output_spec_t output;
} tasim_run_spec_t;

/* ---- countries and units */

typedef struct tasim_indicator {
    tasim_obj_t obj;
    char *name;
    double base;
    double max_gain;
    double gamma;
    int fiscal; /* tasim_indicator_fiscal_t */
} tasim_indicator_t;

typedef struct tasim_unit {
    tasim_obj_t obj;
    char *topic; /* the map key */
    long topic_index;
    long staff;
    double skill, skill_sd;
    double turnover;
    double hire_delay_months;
    double forgetting;
    double institutional;
    double systems;
    bool has_indicator;
    tasim_indicator_t indicator;
} tasim_unit_t;

typedef struct tasim_government_change {
    tasim_obj_t obj;
    double every_years; /* 0: never at random */
    double ownership_sd;
} tasim_government_change_t;

typedef struct tasim_crisis_spec {
    tasim_obj_t obj;
    double rate;
    double years;
    double demand_multiplier;
    double turnover_multiplier;
    double budget_cut;
} tasim_crisis_spec_t;

typedef struct tasim_fiscal {
    tasim_obj_t obj;
    double spending_pct_gdp;
    double other_revenue_pct_gdp;
} tasim_fiscal_t;

typedef struct tasim_country {
    tasim_obj_t obj;
    char *id;
    char *name;
    char *region;
    int income; /* tasim_income_t */
    double ownership;
    tasim_government_change_t government_change;
    tasim_crisis_spec_t crisis;
    bool has_fiscal;
    tasim_fiscal_t fiscal;
    tasim_unit_t *units;
    size_t unit_count;
} tasim_country_t;

/* ---- donors */

typedef struct tasim_budget {
    tasim_obj_t obj;
    double per_year;
    double growth;
    double volatility;
} tasim_budget_t;

typedef struct tasim_priorities {
    tasim_obj_t obj;
    tasim_weights_t topics;
    tasim_weights_t regions;
    tasim_weights_t countries;
} tasim_priorities_t;

typedef enum { TASIM_CHANNEL_POOLED, TASIM_CHANNEL_BILATERAL,
               TASIM_CHANNEL_BUDGET_SUPPORT } tasim_channel_kind_t;

typedef struct tasim_channel {
    tasim_obj_t obj;
    char *provider;       /* pooled fund: a provider id */
    char *bilateral;      /* own programme: a bilateral provider id */
    char *budget_support; /* financial aid: a country id */
    double share;
    int kind;             /* tasim_channel_kind_t, set by the checks */
    long target;          /* resolved provider or country index */
} tasim_channel_t;

typedef struct tasim_donor {
    tasim_obj_t obj;
    char *id;
    char *name;
    tasim_budget_t budget;
    tasim_priorities_t priorities;
    tasim_channel_t *channels;
    size_t channel_count;
} tasim_donor_t;

/* ---- programmes */

typedef struct tasim_activity {
    tasim_obj_t obj;
    int type; /* tasim_activity_type_t */
    double at_month;
    double from_month;
    double months;
    double every_months;
    long experts;
    double days;
    long participants;
    double hands_on;
    double equipment;
    double quality;
    int duration; /* tasim_duration_t */
} tasim_activity_t;

typedef struct tasim_exit_spec {
    tasim_obj_t obj;
    int rule; /* tasim_exit_rule_t */
    double target;
    double hold_months;
    double max_years;
} tasim_exit_spec_t;

typedef struct tasim_objective {
    tasim_obj_t obj;
    double capacity;    /* NAN when not set */
    double performance; /* NAN when not set */
    tasim_date_t by;
} tasim_objective_t;

typedef struct tasim_programme_spec {
    tasim_obj_t obj;
    char *id;
    char *country;
    long country_index;
    char *topic;
    long topic_index;
    char *provider;
    long provider_index;
    char *funder;
    long funder_index;
    tasim_date_t start;
    double years;
    double cost_sharing;
    double fit;
    tasim_activity_t *activities;
    size_t activity_count;
    tasim_exit_spec_t exit;
    tasim_objective_t *objectives;
    size_t objective_count;
} tasim_programme_spec_t;

/* ---- providers */

typedef struct tasim_pool {
    tasim_obj_t obj;
    char *topic; /* the map key */
    long topic_index;
    long long_term;
    long short_term;
} tasim_pool_t;

typedef struct tasim_costs {
    tasim_obj_t obj;
    double salary_per_month;
    double trip;
    double per_diem;
    double training_per_participant_day;
    double logistics_per_activity;
    double housing_per_month;
} tasim_costs_t;

typedef struct tasim_provider {
    tasim_obj_t obj;
    char *id;
    char *name;
    int kind; /* tasim_provider_kind_t */
    char *region;
    char *topic;
    long topic_index;
    char *donor;
    long donor_index;
    tasim_date_t opens;
    double core_per_year;
    tasim_pool_t *experts;
    size_t expert_count;
    tasim_costs_t costs;
    bool has_template;
    tasim_programme_spec_t template_spec;
} tasim_provider_t;

/* ---- demand, allocation, events */

typedef struct tasim_demand {
    tasim_obj_t obj;
    double rate;
    double gap_elasticity;
    double expiry_months;
    bool has_template;
    tasim_programme_spec_t template_spec;
} tasim_demand_t;

typedef struct tasim_allocation {
    tasim_obj_t obj;
    int policy;       /* tasim_policy_t */
    double every_months;
    int coordination; /* tasim_coordination_t */
} tasim_allocation_t;

typedef struct tasim_scripted_event {
    tasim_obj_t obj;
    tasim_date_t at;
    int type; /* tasim_event_type_t */
    tasim_names_t countries;
    char *country;
    char *donor;
    double years;
    double ownership;
    double cut;
} tasim_scripted_event_t;

/* ---- strategies and sweep */

/* One `path: value` override; the value is kept as YAML text and parsed
 * by the field the path leads to. */
typedef struct tasim_override {
    char *path;
    char *value;
    tasim_loc_t loc;       /* of the path (the key) */
    tasim_loc_t value_loc; /* of the value */
    int quoted;            /* the value was quoted: text, never a number */
} tasim_override_t;

typedef struct tasim_strategy {
    tasim_obj_t obj;
    char *name; /* the map key */
    char *description;
    tasim_override_t *set;
    size_t set_count;
} tasim_strategy_t;

typedef struct tasim_sweep_parameter {
    tasim_obj_t obj;
    char *path;
    double range[2];
    bool integer; /* the path leads to a whole number: values are rounded */
} tasim_sweep_parameter_t;

typedef struct tasim_sweep {
    tasim_obj_t obj;
    int design; /* tasim_design_t */
    long samples;
    long levels;
    long replications;
    tasim_sweep_parameter_t *parameters;
    size_t parameter_count;
} tasim_sweep_t;

/* ---- model parameters (the `model:` section) */

typedef struct tasim_learning_rates {
    tasim_obj_t obj;
    double diagnostic;
    double short_mission;
    double resident_advisor;
    double peer_exchange;
} tasim_learning_rates_t;

typedef struct tasim_model_params {
    tasim_obj_t obj;
    tasim_learning_rates_t learning;
    double mentees_per_expert;
    double training_gain_per_day;
    double theta;
    double beta;
    double institutionalise_rate;
    double institutional_erosion;
    double hire_skill;
    double hire_institutional;
    double expert_leverage;
    double absorptive_base;
    double absorptive_per_100_staff;
    double absorptive_per_skill;
    double systems_depreciation;
    double systems_depreciation_unmaintained;
    double systems_skill_needed;
    double remote_share;
    double home_leave_per_year;
    double counterpart_burden;
} tasim_model_params_t;

/* ---- the whole scenario */

typedef struct tasim_scenario {
    tasim_obj_t obj;
    tasim_run_spec_t run; /* the `scenario:` section */
    tasim_names_t topics;
    tasim_country_t *countries;
    size_t country_count;
    tasim_donor_t *donors;
    size_t donor_count;
    tasim_provider_t *providers;
    size_t provider_count;
    tasim_programme_spec_t *programmes;
    size_t programme_count;
    bool has_demand;
    tasim_demand_t demand;
    tasim_allocation_t allocation;
    tasim_scripted_event_t *events;
    size_t event_count;
    tasim_strategy_t *strategies;
    size_t strategy_count;
    bool has_sweep;
    tasim_sweep_t sweep;
    tasim_model_params_t model;

    /* Provenance. */
    char *path;        /* file name as given */
    char *source;      /* the file's bytes, NUL-terminated */
    size_t source_len;
    bool seed_given;   /* whether scenario.seed was in the file */
} tasim_scenario_t;

/* Hard limits that keep hostile input from exhausting memory or stack. */
#define TASIM_SCENARIO_MAX_BYTES (16u << 20) /* file size */
#define TASIM_SCENARIO_MAX_DEPTH 32          /* nesting of collections */
#define TASIM_SCENARIO_MAX_NODES 2000000     /* nodes of the document
                                                with aliases expanded */

/*
 * Load and validate the scenario in file `path`. On success returns the
 * scenario (caller owns it). On failure returns NULL and appends every
 * error found (up to the diagnostics' limit) to `diag`; their locations
 * refer to `path`. I/O errors are reported the same way with line 0.
 */
tasim_scenario_t *tasim_scenario_load_file(const char *path,
                                           tasim_diag_t *diag);

/* As above from bytes in memory; `name` labels the errors. */
tasim_scenario_t *tasim_scenario_load_buffer(const char *name,
                                             const char *bytes, size_t len,
                                             tasim_diag_t *diag);

/*
 * A variant of `base`: its source re-loaded with `overrides` applied (the
 * strategies' `set`, or a sweep point's parameter values). Each override's
 * path and value are checked like the rest of the file and errors point at
 * the override's own location. Returns NULL on error.
 */
tasim_scenario_t *tasim_scenario_variant(const tasim_scenario_t *base,
                                         const tasim_override_t *overrides,
                                         size_t count, tasim_diag_t *diag);

/* The strategy named `name`, or NULL. */
const tasim_strategy_t *tasim_scenario_strategy(const tasim_scenario_t *sc,
                                                const char *name);

/* Total staff positions over all units. */
long tasim_scenario_staff_count(const tasim_scenario_t *sc);
size_t tasim_scenario_unit_count(const tasim_scenario_t *sc);

/* Release a scenario and everything it owns. NULL is allowed. */
void tasim_scenario_destroy(tasim_scenario_t *sc);

/* Write the reference of every section and field (type, unit, range,
 * default, meaning) as Markdown into a new string the caller frees. */
char *tasim_scenario_reference_markdown(void);

#ifdef __cplusplus
}
#endif

#endif /* TASIM_SCENARIO_H */
