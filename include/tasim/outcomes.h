/*
 * tasim/outcomes.h: one replication reduced to a few key outcomes.
 *
 * Comparisons of strategies and sweeps over parameters need one number
 * per replication and question (how much capacity, at what cost, how
 * lasting), not whole time series. The collector is a model observer
 * that folds the observations into running sums as they arrive, so its
 * memory is fixed when it is created (a few numbers per unit and per
 * scripted programme) and never grows with the number of samples or of
 * replications; nothing is allocated after tasim_outcomes_create().
 *
 * Definitions (docs/outcomes.md explains them at length). A "unit" is a
 * (country, topic) of the scenario; "the last sample" is the last
 * observation of the replication, at the end of the simulated period; a
 * "programme" is any record of the replication, scripted or started from
 * a request. NaN means "not defined".
 *
 *   capacity_end      mean over all units of `capacity` at the last sample.
 *   capacity_gain     sum over units of (capacity at the last sample -
 *                     capacity at the first sample). Both NaN unless every
 *                     unit of the scenario reported `capacity`.
 *   retention_3y      mean over the programmes whose retention 3 years
 *                     after exit is finite of record->retention[i],
 *                     tasim_retention_years[i] = 3; NaN if there is none.
 *   dependency_ta     mean of `dependency` over the unit-samples at which
 *                     the unit's `programmes` is > 0 (TA on site); NaN if
 *                     there is none.
 *   cost_<component>  sum over programmes of record->cost[c] (funder and
 *                     recipient parts; a programme still running at the
 *                     end counts with what it spent so far), in
 *                     tasim_cost_names order; 0 when there is none.
 *   cost_total        the sum of the five cost_<component> outcomes.
 *   cost_per_capacity sum of cost_total over the programmes with a finite
 *                     exit, divided by the sum over the same programmes of
 *                     (capacity_exit - capacity_start); NaN if that sum is
 *                     <= 0 (which includes "no programme exited").
 *   indicator_end     mean of `indicator` at the last sample over the
 *                     units that declare one; NaN if none does.
 *   time_to_target    over the scenario's scripted programmes with at
 *                     least one capacity objective that started within the
 *                     period (finite capacity_start): the target is the
 *                     largest objective capacity; the programme reaches it
 *                     at the first sample at or after its start date (to
 *                     1e-9 years; a scripted programme's record->start is
 *                     that date) at which its unit's capacity is >= the
 *                     target. Mean over the programmes that reached it of
 *                     (that sample's year - record->start), in years; NaN
 *                     if none reached it.
 *   target_reached    share of those programmes that reached the target
 *                     by the end of the period; NaN if there is none.
 *                     Programmes from requests (template programmes) have
 *                     no objectives and never count.
 *
 * dependency_ta (a mean over samples) and time_to_target (measured in
 * samples) depend on output.every_months; the other outcomes do not.
 * Compare variants at the same output interval.
 *
 * Series the outcomes need. A scenario's `output.series` may stop the
 * model from reporting a series (sim/sampling.c filters at the source),
 * and the outcomes built on it are then NaN:
 *   `capacity`                 capacity_end, capacity_gain, time_to_target,
 *                              target_reached;
 *   `dependency`, `programmes` dependency_ta;
 *   `indicator`                indicator_end.
 * The other outcomes come from the programme records, which are always
 * reported. tasim_outcomes_missing_series() tells in advance.
 *
 * Ownership: the collector borrows the scenario, which must outlive it.
 * Strings passed to the observer are only read during the call.
 */
#ifndef TASIM_OUTCOMES_H
#define TASIM_OUTCOMES_H

#include "tasim/model.h"
#include "tasim/scenario.h"

#ifdef __cplusplus
extern "C" {
#endif

enum {
    TASIM_OUTCOME_CAPACITY_END,
    TASIM_OUTCOME_CAPACITY_GAIN,
    TASIM_OUTCOME_RETENTION_3Y,
    TASIM_OUTCOME_DEPENDENCY_TA,
    TASIM_OUTCOME_COST_SALARIES, /* then one per cost component, in */
    TASIM_OUTCOME_COST_TRAVEL,   /* the order of tasim_cost_names */
    TASIM_OUTCOME_COST_TRAINING,
    TASIM_OUTCOME_COST_EQUIPMENT,
    TASIM_OUTCOME_COST_LOGISTICS,
    TASIM_OUTCOME_COST_TOTAL,
    TASIM_OUTCOME_COST_PER_CAPACITY,
    TASIM_OUTCOME_INDICATOR_END,
    TASIM_OUTCOME_TIME_TO_TARGET,
    TASIM_OUTCOME_TARGET_REACHED,
    TASIM_OUTCOMES
};

/* Column names, snake_case: "capacity_end", "capacity_gain",
 * "retention_3y", "dependency_ta", "cost_salaries", "cost_travel",
 * "cost_training", "cost_equipment", "cost_logistics", "cost_total",
 * "cost_per_capacity", "indicator_end", "time_to_target",
 * "target_reached". */
extern const char *const tasim_outcome_names[TASIM_OUTCOMES];

/* Units for tables: "share", "units" (capacity summed over units: 1 is
 * one unit's capacity raised from 0 to 1), "ratio", "US$", "US$/unit",
 * "indicator" (each indicator's own unit), "years". */
extern const char *const tasim_outcome_units[TASIM_OUTCOMES];

typedef struct tasim_outcomes tasim_outcomes_t;

/* A collector for replications of `sc` (borrowed: it must outlive the
 * collector). The caller owns the result: tasim_outcomes_destroy(). */
tasim_outcomes_t *tasim_outcomes_create(const tasim_scenario_t *sc);

/* Release a collector. NULL is allowed. */
void tasim_outcomes_destroy(tasim_outcomes_t *o);

/*
 * The observer to pass to tasim_model_run() with a tasim_outcomes_t * as
 * its context. A callback whose `replication` differs from the one under
 * way starts a new replication (what was gathered is dropped); otherwise
 * call tasim_outcomes_finish() after each replication, or
 * tasim_outcomes_reset() to drop one that failed. Observations of one
 * replication must come in time order, as the model reports them;
 * programme records may come at any point, and the scripted ones are
 * recognised by their ids.
 */
extern const tasim_model_observer_t tasim_outcomes_observer;

/* Forget the replication under way. */
void tasim_outcomes_reset(tasim_outcomes_t *o);

/* After the replication's last callback: fill out[TASIM_OUTCOMES] as
 * defined above (NaN: not defined), then reset for the next one. */
void tasim_outcomes_finish(tasim_outcomes_t *o, double out[TASIM_OUTCOMES]);

/* Whether `sc` reports what `outcome` needs: NULL if it does, else the
 * name of a series that its `output.series` leaves out (borrowed, static). */
const char *tasim_outcomes_missing_series(const tasim_scenario_t *sc,
                                          int outcome);

#ifdef __cplusplus
}
#endif

#endif /* TASIM_OUTCOMES_H */
