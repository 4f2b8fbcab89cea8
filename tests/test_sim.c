/*
 * test_sim.c: the discrete-event engine's contract (tasim/sim.h).
 *
 * The known-answer test pins the exact firing order for a fixed seed,
 * ties included; the stress test drives random schedule / cancel /
 * reschedule / step sequences through the engine and through a naive
 * reference (a linear scan for the smallest (time, priority, sequence)) and
 * demands the same firing order.
 */
#include <criterion/criterion.h>
#include <malloc.h>
#include <math.h>
#include <pthread.h>
#include <signal.h>

#include "tasim/mmc.h"
#include "tasim/rng.h"
#include "tasim/sim.h"

/* ------------------------------------------------------------------ */
/* A recorder: handlers append their `arg` to a log.                     */

typedef struct {
    uint64_t fired[4096];
    double at[4096];
    size_t n;
} event_log_t;

static void record(tasim_sim_t *sim, void *subject, uint64_t arg)
{
    event_log_t *log = subject;
    cr_assert(log->n < 4096);
    log->at[log->n] = tasim_sim_now(sim);
    log->fired[log->n++] = arg;
}

static tasim_sim_t *new_sim(uint64_t seed)
{
    tasim_sim_config_t config = {.seed = seed, .replication = 0};
    return tasim_sim_create(&config);
}

/* ------------------------------------------------------------------ */
/* Known answer                                                          */

static void record_and_schedule_follower(tasim_sim_t *sim, void *subject,
                                         uint64_t arg)
{
    record(sim, subject, arg);
    tasim_sim_schedule(sim, tasim_sim_now(sim), 1, record, subject, 11);
}

/*
 * Seed 20261123, stream "kat" entity 0 draws, for events 0..9, a time on the
 * quarter-year grid and a priority in {0, 1}:
 *   0: t=0.00 p=0   1: t=0.75 p=0   2: t=0.25 p=1   3: t=0.75 p=1
 *   4: t=0.25 p=0   5: t=0.75 p=1   6: t=0.50 p=1   7: t=0.00 p=0
 *   8: t=0.50 p=1   9: t=0.25 p=1
 * Then: event 10 at t=0.25 p=0 schedules event 11 at its own time with
 * p=1; event 5 is cancelled; event 7 is rescheduled to t=0.5 (it keeps
 * p=0 and is ordered as if scheduled last). Expected order:
 *   t=0.00: 0
 *   t=0.25: 4, 10 (p=0, in insertion order), 2, 9 (p=1), 11 (p=1,
 *           inserted during the run, so after 2 and 9)
 *   t=0.50: 7 (p=0), 6, 8 (p=1)
 *   t=0.75: 1 (p=0), 3 (p=1); 5 never fires.
 */
Test(sim, fixed_seed_gives_the_documented_event_order_with_ties)
{
    tasim_sim_t *sim = new_sim(20261123);
    gsl_rng *r = tasim_sim_stream(sim, "kat", 0);
    event_log_t log = {0};
    tasim_event_id_t id[10];
    for (uint64_t i = 0; i < 10; i++) {
        double t = floor(gsl_rng_uniform(r) * 4) / 4;
        int p = (int)gsl_rng_uniform_int(r, 2);
        id[i] = tasim_sim_schedule(sim, t, p, record, &log, i);
    }
    tasim_sim_schedule(sim, 0.25, 0, record_and_schedule_follower, &log, 10);
    cr_assert(tasim_sim_cancel(sim, id[5]));
    cr_assert_neq(tasim_sim_reschedule(sim, id[7], 0.5), TASIM_NO_EVENT);

    tasim_sim_run_until(sim, 1.0);

    const uint64_t expected[] = {0, 4, 10, 2, 9, 11, 7, 6, 8, 1, 3};
    const size_t n = sizeof expected / sizeof expected[0];
    cr_assert_eq(log.n, n, "fired %zu events, expected %zu", log.n, n);
    for (size_t i = 0; i < n; i++)
        cr_expect_eq(log.fired[i], expected[i], "position %zu: %lu vs %lu", i,
                     (unsigned long)log.fired[i],
                     (unsigned long)expected[i]);
    cr_assert_float_eq(tasim_sim_now(sim), 1.0, 0);
    tasim_sim_destroy(sim);
}

/* ------------------------------------------------------------------ */
/* Basic contract                                                         */

Test(sim, run_until_fires_events_up_to_and_including_the_end_time)
{
    tasim_sim_t *sim = new_sim(1);
    event_log_t log = {0};
    tasim_sim_schedule(sim, 1.0, 0, record, &log, 1);
    tasim_sim_schedule(sim, 2.0, 0, record, &log, 2);
    tasim_sim_schedule(sim, 2.5, 0, record, &log, 3);
    cr_assert_eq(tasim_sim_run_until(sim, 2.0), 2);
    cr_assert_eq(tasim_sim_now(sim), 2.0);
    cr_assert_eq(tasim_sim_pending_count(sim), 1);
    cr_assert_eq(tasim_sim_run_until(sim, 10.0), 1);
    cr_assert_eq(tasim_sim_now(sim), 10.0, "clock advances to the end time");
    tasim_sim_destroy(sim);
}

Test(sim, run_until_infinity_stops_at_the_last_event)
{
    tasim_sim_t *sim = new_sim(1);
    event_log_t log = {0};
    tasim_sim_schedule(sim, 3.5, 0, record, &log, 1);
    tasim_sim_run_until(sim, INFINITY);
    cr_assert_eq(tasim_sim_now(sim), 3.5);
    cr_assert_eq(tasim_sim_events_fired(sim), 1);
    tasim_sim_destroy(sim);
}

Test(sim, step_fires_exactly_one_event)
{
    tasim_sim_t *sim = new_sim(1);
    event_log_t log = {0};
    tasim_sim_schedule(sim, 2.0, 0, record, &log, 2);
    tasim_sim_schedule(sim, 1.0, 0, record, &log, 1);
    cr_assert(tasim_sim_step(sim));
    cr_assert_eq(log.n, 1);
    cr_assert_eq(log.fired[0], 1);
    cr_assert_eq(tasim_sim_now(sim), 1.0);
    cr_assert(tasim_sim_step(sim));
    cr_assert_not(tasim_sim_step(sim), "nothing left to fire");
    tasim_sim_destroy(sim);
}

static void stop_here(tasim_sim_t *sim, void *subject, uint64_t arg)
{
    record(sim, subject, arg);
    tasim_sim_stop(sim);
}

Test(sim, a_handler_can_stop_the_run)
{
    tasim_sim_t *sim = new_sim(1);
    event_log_t log = {0};
    tasim_sim_schedule(sim, 1.0, 0, record, &log, 1);
    tasim_sim_schedule(sim, 2.0, 0, stop_here, &log, 2);
    tasim_sim_schedule(sim, 3.0, 0, record, &log, 3);
    cr_assert_eq(tasim_sim_run_until(sim, 10.0), 2);
    cr_assert(tasim_sim_stopped(sim));
    cr_assert_eq(tasim_sim_now(sim), 2.0, "the clock stays at the stop");
    cr_assert_eq(tasim_sim_run_until(sim, 10.0), 1, "a new run resumes");
    cr_assert_not(tasim_sim_stopped(sim));
    tasim_sim_destroy(sim);
}

Test(sim, cancelled_and_fired_ids_are_no_longer_pending)
{
    tasim_sim_t *sim = new_sim(1);
    event_log_t log = {0};
    tasim_event_id_t a = tasim_sim_schedule(sim, 1.0, 0, record, &log, 1);
    tasim_event_id_t b = tasim_sim_schedule(sim, 2.0, 0, record, &log, 2);
    cr_assert(tasim_sim_is_pending(sim, a));
    cr_assert_eq(tasim_sim_event_time(sim, b), 2.0);
    cr_assert(tasim_sim_cancel(sim, b));
    cr_assert_not(tasim_sim_cancel(sim, b), "cancelling twice is a no-op");
    cr_assert_not(tasim_sim_is_pending(sim, b));
    cr_assert(isnan(tasim_sim_event_time(sim, b)));
    tasim_sim_run_until(sim, 5.0);
    cr_assert_not(tasim_sim_is_pending(sim, a));
    cr_assert_not(tasim_sim_cancel(sim, a));
    cr_assert_eq(tasim_sim_reschedule(sim, a, 6.0), TASIM_NO_EVENT);
    cr_assert_not(tasim_sim_cancel(sim, TASIM_NO_EVENT));
    cr_assert_eq(log.n, 1);
    tasim_sim_destroy(sim);
}

Test(sim, a_stale_id_never_touches_the_record_that_reused_its_slot)
{
    tasim_sim_t *sim = new_sim(1);
    event_log_t log = {0};
    tasim_event_id_t old = tasim_sim_schedule(sim, 1.0, 0, record, &log, 1);
    tasim_sim_cancel(sim, old);
    tasim_event_id_t fresh = tasim_sim_schedule(sim, 1.0, 0, record, &log, 2);
    cr_assert_neq(old, fresh);
    cr_assert_not(tasim_sim_cancel(sim, old));
    cr_assert(tasim_sim_is_pending(sim, fresh));
    tasim_sim_run_until(sim, 2.0);
    cr_assert_eq(log.n, 1);
    cr_assert_eq(log.fired[0], 2);
    tasim_sim_destroy(sim);
}

Test(sim, scheduling_in_the_past_is_a_programming_error, .signal = SIGABRT)
{
    tasim_sim_t *sim = new_sim(1);
    event_log_t log = {0};
    tasim_sim_run_until(sim, 5.0);
    tasim_sim_schedule(sim, 4.0, 0, record, &log, 1);
}

Test(sim, scheduling_at_nan_is_a_programming_error, .signal = SIGABRT)
{
    tasim_sim_t *sim = new_sim(1);
    event_log_t log = {0};
    tasim_sim_schedule(sim, NAN, 0, record, &log, 1);
}

/* ------------------------------------------------------------------ */
/* Pool: steady state allocates nothing                                  */

static void hold(tasim_sim_t *sim, void *subject, uint64_t arg)
{
    gsl_rng *r = subject;
    tasim_sim_schedule(sim, tasim_sim_now(sim) + tasim_rng_exponential(r, 1),
                       0, hold, r, arg);
}

Test(sim, steady_state_scheduling_does_not_allocate)
{
    tasim_sim_t *sim = new_sim(3);
    gsl_rng *r = tasim_sim_stream(sim, "hold", 0);
    for (uint64_t i = 0; i < 1000; i++)
        tasim_sim_schedule(sim, tasim_rng_exponential(r, 1), 0, hold, r, i);
    for (int i = 0; i < 10000; i++) /* reach the steady state */
        tasim_sim_step(sim);
    struct mallinfo2 before = mallinfo2();
    for (int i = 0; i < 200000; i++)
        tasim_sim_step(sim);
    struct mallinfo2 after = mallinfo2();
    cr_assert_eq(after.uordblks, before.uordblks,
                 "heap in use changed by %lld bytes",
                 (long long)after.uordblks - (long long)before.uordblks);
    cr_assert_eq(tasim_sim_pending_count(sim), 1000);
    tasim_sim_destroy(sim);
}

/* ------------------------------------------------------------------ */
/* Stress test against a naive reference                                 */

typedef struct {
    double time;
    int priority;
    uint64_t seq;
    uint64_t label;
    tasim_event_id_t id;
    int live;
} ref_event_t;

typedef struct {
    ref_event_t ev[20000];
    size_t n;
    uint64_t next_seq;
} reference_t;

static size_t ref_schedule(reference_t *ref, double t, int p, uint64_t label)
{
    cr_assert(ref->n < 20000);
    ref->ev[ref->n] = (ref_event_t){t, p, ref->next_seq++, label, 0, 1};
    return ref->n++;
}

/* The earliest live event by (time, priority, sequence); -1 if none. */
static long ref_earliest(const reference_t *ref)
{
    long best = -1;
    for (size_t i = 0; i < ref->n; i++) {
        const ref_event_t *e = &ref->ev[i];
        if (!e->live)
            continue;
        if (best < 0)
            best = (long)i;
        const ref_event_t *b = &ref->ev[best];
        if (e->time < b->time ||
            (e->time == b->time &&
             (e->priority < b->priority ||
              (e->priority == b->priority && e->seq < b->seq))))
            best = (long)i;
    }
    return best;
}

static long ref_pick_live(const reference_t *ref, const gsl_rng *r)
{
    if (ref->n == 0)
        return -1;
    long i = (long)gsl_rng_uniform_int(r, ref->n);
    for (size_t k = 0; k < ref->n; k++, i = (i + 1) % (long)ref->n)
        if (ref->ev[i].live)
            return i;
    return -1;
}

static void stress_step(tasim_sim_t *sim, reference_t *ref, event_log_t *log,
                        const gsl_rng *r, uint64_t *label)
{
    double u = gsl_rng_uniform(r);
    double now = tasim_sim_now(sim);
    if (u < 0.45) { /* schedule, on a coarse grid so ties are common */
        double t = now + floor(gsl_rng_uniform(r) * 8) / 4;
        int p = (int)gsl_rng_uniform_int(r, 3) - 1;
        size_t k = ref_schedule(ref, t, p, *label);
        ref->ev[k].id = tasim_sim_schedule(sim, t, p, record, log, (*label)++);
    } else if (u < 0.60) { /* cancel */
        long k = ref_pick_live(ref, r);
        if (k < 0)
            return;
        cr_assert(tasim_sim_cancel(sim, ref->ev[k].id));
        ref->ev[k].live = 0;
    } else if (u < 0.75) { /* reschedule */
        long k = ref_pick_live(ref, r);
        if (k < 0)
            return;
        double t = now + floor(gsl_rng_uniform(r) * 8) / 4;
        ref_event_t old = ref->ev[k];
        ref->ev[k].live = 0;
        size_t fresh = ref_schedule(ref, t, old.priority, old.label);
        ref->ev[fresh].id = tasim_sim_reschedule(sim, old.id, t);
        cr_assert_neq(ref->ev[fresh].id, TASIM_NO_EVENT);
    } else { /* fire one */
        long k = ref_earliest(ref);
        size_t before = log->n;
        cr_assert_eq(tasim_sim_step(sim), k >= 0);
        if (k < 0)
            return;
        ref->ev[k].live = 0;
        cr_assert_eq(log->n, before + 1);
        cr_assert_eq(log->fired[before], ref->ev[k].label,
                     "engine fired %lu, reference %lu",
                     (unsigned long)log->fired[before],
                     (unsigned long)ref->ev[k].label);
        log->n = 0; /* only the latest firing matters */
    }
}

Test(sim, random_schedule_cancel_reschedule_matches_a_naive_reference)
{
    static reference_t ref; /* large: keep it off the stack */
    for (uint64_t run = 0; run < 4; run++) {
        tasim_sim_t *sim = new_sim(777 + run);
        gsl_rng *r = tasim_sim_stream(sim, "stress", run);
        event_log_t log = {0};
        uint64_t label = 0;
        ref.n = 0;
        ref.next_seq = 0;
        for (int i = 0; i < 12000; i++) {
            stress_step(sim, &ref, &log, r, &label);
            size_t live = 0;
            if (i % 997 == 0) {
                for (size_t k = 0; k < ref.n; k++)
                    live += ref.ev[k].live;
                cr_assert_eq(tasim_sim_pending_count(sim), live);
            }
        }
        tasim_sim_destroy(sim);
    }
}

/* Many cancellations trigger queue compaction; order must survive it. */
Test(sim, compaction_after_mass_cancellation_keeps_the_order)
{
    tasim_sim_t *sim = new_sim(5);
    gsl_rng *r = tasim_sim_stream(sim, "compact", 0);
    event_log_t log = {0};
    static tasim_event_id_t ids[20000];
    for (uint64_t i = 0; i < 20000; i++)
        ids[i] = tasim_sim_schedule(sim, gsl_rng_uniform(r), 0, record, &log,
                                    i);
    for (size_t i = 0; i < 20000; i++)
        if (i % 10 != 0)
            tasim_sim_cancel(sim, ids[i]);
    cr_assert_eq(tasim_sim_pending_count(sim), 2000);
    tasim_sim_run_until(sim, 1.0);
    cr_assert_eq(log.n, 2000);
    for (size_t i = 0; i < log.n; i++) {
        cr_assert_eq(log.fired[i] % 10, 0, "a cancelled event fired");
        if (i > 0)
            cr_assert_leq(log.at[i - 1], log.at[i]);
    }
    tasim_sim_destroy(sim);
}

/* ------------------------------------------------------------------ */
/* No shared state: simulations side by side and in threads              */

static void *run_mmc(void *out)
{
    tasim_mmc_params_t p = {.servers = 3, .arrival_rate = 2.3,
                            .service_rate = 1.1, .warmup = 100,
                            .customers = 20000};
    tasim_mmc_simulate(&p, 99, 4, out);
    return NULL;
}

Test(sim, simulations_in_two_threads_match_a_sequential_run)
{
    tasim_mmc_result_t seq, par[2];
    run_mmc(&seq);
    pthread_t t[2];
    for (int i = 0; i < 2; i++)
        cr_assert_eq(pthread_create(&t[i], NULL, run_mmc, &par[i]), 0);
    for (int i = 0; i < 2; i++)
        pthread_join(t[i], NULL);
    for (int i = 0; i < 2; i++) {
        cr_assert_eq(par[i].mean_wait, seq.mean_wait);
        cr_assert_eq(par[i].events, seq.events);
        cr_assert_eq(par[i].mean_queue, seq.mean_queue);
    }
}

Test(sim, interleaved_simulations_do_not_disturb_each_other)
{
    tasim_sim_t *a = new_sim(42), *b = new_sim(42), *alone = new_sim(42);
    gsl_rng *ra = tasim_sim_stream(a, "x", 0);
    gsl_rng *rb = tasim_sim_stream(b, "x", 0);
    gsl_rng *rc = tasim_sim_stream(alone, "x", 0);
    event_log_t la = {0}, lb = {0}, lc = {0};
    for (uint64_t i = 0; i < 100; i++) {
        tasim_sim_schedule(a, gsl_rng_uniform(ra), 0, record, &la, i);
        tasim_sim_schedule(b, tasim_sim_now(b) + gsl_rng_uniform(rb), 0, record,
                           &lb, i);
        tasim_sim_step(b);
    }
    for (uint64_t i = 0; i < 100; i++)
        tasim_sim_schedule(alone, gsl_rng_uniform(rc), 0, record, &lc, i);
    tasim_sim_run_until(a, 1);
    tasim_sim_run_until(alone, 1);
    cr_assert_eq(la.n, lc.n);
    for (size_t i = 0; i < la.n; i++)
        cr_assert_eq(la.fired[i], lc.fired[i]);
    tasim_sim_destroy(a);
    tasim_sim_destroy(b);
    tasim_sim_destroy(alone);
}
