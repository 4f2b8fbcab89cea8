/*
 * tasim/sim.h: the discrete-event engine.
 *
 * A simulation object owns everything a replication mutates: the clock, the
 * pending-event queue, the pool of event records and the random streams.
 * There is no global state, so any number of simulations can run side by
 * side in one process or in different threads.
 *
 * Ordering. Events fire in increasing (time, priority, insertion sequence).
 * The insertion sequence is a counter kept by the simulation, so two events
 * at the same time and priority fire in the order they were scheduled, on
 * every platform and whatever the heap's internal layout.
 *
 * Handles. Scheduling returns a tasim_event_id_t. The id stays valid until
 * the event fires or is cancelled; afterwards cancel() and pending() on it
 * are harmless no-ops (records carry a generation number, so a stale id never
 * touches a record that was reused).
 *
 * Design choice: cancellation is lazy. A cancelled event stops being pending
 * at once, but its queue entry (and the pool record it names) stays until it
 * reaches the top or until cancelled entries outnumber live ones, when the
 * queue is compacted.
 * This keeps push and pop as cheap as a bare heap (no back-pointers to
 * maintain on every swap), which matters because the model cancels and
 * reschedules turnover and mission-end events often.
 */
#ifndef TASIM_SIM_H
#define TASIM_SIM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <gsl/gsl_rng.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct tasim_sim tasim_sim_t;

/* Identifies one scheduled event; 0 never names an event. */
typedef uint64_t tasim_event_id_t;
#define TASIM_NO_EVENT ((tasim_event_id_t)0)

/*
 * An event handler. `subject` and `arg` are what was given to schedule():
 * typically the entity the event concerns and a small index within it
 * (a staff member, an activity). The event is no longer pending while its
 * handler runs, so the handler may reuse its id's slot by scheduling.
 */
typedef void (*tasim_event_fn)(tasim_sim_t *sim, void *subject, uint64_t arg);

/* Priorities order events at equal times: lower values fire first. */
#define TASIM_PRIORITY_MIN (-32768)
#define TASIM_PRIORITY_MAX 32767

/* What identifies a replication's randomness (see tasim/rng.h). */
typedef struct tasim_sim_config {
    uint64_t seed;          /* master seed of the scenario */
    uint64_t replication;   /* replication index, from 0 */
    size_t expected_events; /* initial queue and pool capacity; 0: default */
} tasim_sim_config_t;

/* Create a simulation at time 0. The caller owns it: tasim_sim_destroy(). */
tasim_sim_t *tasim_sim_create(const tasim_sim_config_t *config);

/* Release a simulation, its queue, pool and streams. NULL is allowed. */
void tasim_sim_destroy(tasim_sim_t *sim);

/* Current simulated time (years from the scenario start in the model). */
double tasim_sim_now(const tasim_sim_t *sim);

/*
 * Schedule `fn(sim, subject, arg)` at absolute time `time`, which must be a
 * number >= now (scheduling in the past is a programming error and aborts).
 * `priority` must lie in [TASIM_PRIORITY_MIN, TASIM_PRIORITY_MAX].
 */
tasim_event_id_t tasim_sim_schedule(tasim_sim_t *sim, double time,
                                    int priority, tasim_event_fn fn,
                                    void *subject, uint64_t arg);

/* Cancel a pending event. Returns true if it was pending, false if it had
 * already fired or been cancelled (or id is TASIM_NO_EVENT). */
bool tasim_sim_cancel(tasim_sim_t *sim, tasim_event_id_t id);

/*
 * Move a pending event to a new time (>= now), keeping its handler, subject,
 * argument and priority. It is ordered as if scheduled now: it gets a new
 * insertion sequence and a new id, which is returned. Returns TASIM_NO_EVENT
 * and does nothing if `id` is not pending.
 */
tasim_event_id_t tasim_sim_reschedule(tasim_sim_t *sim, tasim_event_id_t id,
                                      double time);

/* Whether `id` is still pending. */
bool tasim_sim_is_pending(const tasim_sim_t *sim, tasim_event_id_t id);

/* Time at which pending event `id` fires, or NAN if it is not pending. */
double tasim_sim_event_time(const tasim_sim_t *sim, tasim_event_id_t id);

/* Fire the earliest pending event. Returns false if none was pending. */
bool tasim_sim_step(tasim_sim_t *sim);

/*
 * Fire every event with time <= t_end in order, then advance the clock to
 * t_end (when t_end is finite and later than now). Returns early, with the
 * clock at the last event fired, if a handler calls tasim_sim_stop().
 * Returns the number of events fired by this call.
 */
uint64_t tasim_sim_run_until(tasim_sim_t *sim, double t_end);

/* From a handler: make the current run_until() return after this handler.
 * The request is consumed by that return. */
void tasim_sim_stop(tasim_sim_t *sim);

/* Whether the last run_until() returned because of tasim_sim_stop(). */
bool tasim_sim_stopped(const tasim_sim_t *sim);

/* Number of events pending (cancelled ones excluded). */
size_t tasim_sim_pending_count(const tasim_sim_t *sim);

/* Number of events fired since creation. */
uint64_t tasim_sim_events_fired(const tasim_sim_t *sim);

/*
 * The random stream of process `name` for entity `entity` in this
 * simulation's replication, created on first use and owned by the
 * simulation (do not free). Its seed is tasim_rng_stream_seed(seed,
 * replication, name, entity), so the same (name, entity) always gets the
 * same draws whatever else the model asks for. Look streams up once at
 * set-up and keep the pointer: the lookup hashes the name.
 */
gsl_rng *tasim_sim_stream(tasim_sim_t *sim, const char *name, uint64_t entity);

/* The configuration the simulation was created with. */
const tasim_sim_config_t *tasim_sim_config(const tasim_sim_t *sim);

#ifdef __cplusplus
}
#endif

#endif /* TASIM_SIM_H */
