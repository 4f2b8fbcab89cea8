/*
 * tasim/model.h: one replication of the TA model on a scenario.
 *
 * The model reports what it observes through an observer: one call per
 * time-series observation and one per programme when the replication ends.
 * Writers (CSV files, ensemble statistics) are observers, so the model
 * never formats or writes anything itself.
 */
#ifndef TASIM_MODEL_H
#define TASIM_MODEL_H

#include <stdint.h>

#include "tasim/error.h"
#include "tasim/scenario.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The five components of the cost of TA. */
enum {
    TASIM_COST_SALARIES,  /* expert salaries */
    TASIM_COST_TRAVEL,    /* travel and accommodation */
    TASIM_COST_TRAINING,  /* training materials */
    TASIM_COST_EQUIPMENT, /* systems and equipment */
    TASIM_COST_LOGISTICS, /* logistics */
    TASIM_COST_COMPONENTS
};

/* "salaries", "travel", "training", "equipment", "logistics". */
extern const char *const tasim_cost_names[TASIM_COST_COMPONENTS];

/* Retention is measured this many years after a programme's exit. */
#define TASIM_RETENTION_POINTS 3
extern const int tasim_retention_years[TASIM_RETENTION_POINTS]; /* 1 3 5 */

/* What programmes.csv reports for one programme in one replication.
 * Times are decimal calendar years; NAN marks "did not happen within the
 * horizon" or "not defined" (e.g. no objectives: no rating). */
typedef struct tasim_programme_record {
    const char *id, *country, *topic, *provider, *funder; /* borrowed */
    double start, exit;
    double cost[TASIM_COST_COMPONENTS]; /* total, funder + recipient */
    double recipient_share;
    double rating; /* 1 (not achieved) .. 4 (fully achieved) */
    double capacity_start, capacity_exit;
    double retention[TASIM_RETENTION_POINTS];
    double gain_retention[TASIM_RETENTION_POINTS];
} tasim_programme_record_t;

/* What requests.csv reports for one request. NAN marks what did not
 * happen: `start` and `wait` for a request never served, `expiry` for one
 * that was. Strings are borrowed; "" when there is none. */
typedef struct tasim_request_record {
    const char *country, *topic, *provider, *funder;
    double arrival, start, expiry, wait; /* years; wait in years */
} tasim_request_record_t;

typedef struct tasim_model_observer {
    /* One observation of a series. `topic` is "" for country-level series;
     * `year` is a decimal calendar year. Strings are borrowed. */
    void (*observe)(void *ctx, uint64_t replication, double year,
                    const char *country, const char *topic,
                    const char *series, double value);
    /* One programme, after the replication ends. */
    void (*programme)(void *ctx, uint64_t replication,
                      const tasim_programme_record_t *record);
    /* One request, after the replication ends (may be NULL). */
    void (*request)(void *ctx, uint64_t replication,
                    const tasim_request_record_t *record);
} tasim_model_observer_t;

typedef struct tasim_model_stats {
    uint64_t events;        /* events fired, staff exits and hires included */
    uint64_t staff_changes; /* of which staff exits and hires */
} tasim_model_stats_t;

/*
 * Run replication `replication` of scenario `sc` (seed sc->run.seed) from
 * the start to the horizon, reporting to `observer`. Returns 0, or a
 * negative TASIM_E* code with `err` filled (a GSL error, or an invariant
 * broken: a NaN or a state outside [0, 1]).
 */
int tasim_model_run(const tasim_scenario_t *sc, uint64_t replication,
                    const tasim_model_observer_t *observer, void *ctx,
                    tasim_model_stats_t *stats, tasim_error_t *err);

#ifdef __cplusplus
}
#endif

#endif /* TASIM_MODEL_H */
