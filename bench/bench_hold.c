/*
 * bench_hold.c: the classic "hold" benchmark of a pending-event set, run on
 * the tasim engine and on a bare binary heap.
 *
 * The hold model keeps N events pending: the queue is filled with N events
 * at Exp(1) times, then every operation removes the earliest event and
 * inserts one at now + Exp(1). It is the standard way to compare event-set
 * implementations (Vaucher and Duval 1975; Jones 1986), because the queue
 * size stays fixed while the work per operation is what a simulation does.
 *
 * Design choice: the engine is measured against the physical limit, not
 * against another engine. The baseline is a plain array-based binary
 * min-heap of (time, sequence) pairs written here, with no handler, no
 * event record, no cancellation and no ids: whatever the engine costs
 * beyond it is the price of its features. Both sides draw the same random
 * numbers from identically seeded streams (the exponential draw costs the
 * same in both), so they process exactly the same event times, which the
 * program checks by comparing the final clocks bit for bit. Both get their
 * arrays from the same allocator (the engine's large-array allocator,
 * sim/big_alloc.h: 2 MB pages where the system offers them), so the
 * comparison is between data structures, not page sizes: with 10^6
 * pending events, page size alone moves either side by a fifth.
 *
 * Output: one line per queue size on stdout, e.g.
 *   bench=hold pending=100000 engine_ns_per_op=140.2 \
 *     baseline_ns_per_op=131.0 ratio=1.07
 * Each figure is the best of REPEATS timed runs of `ops` operations (10^7
 * unless argv[1] says otherwise), after N untimed operations that let the
 * queue reach its steady-state distribution of times; the engine's and the
 * baseline's runs alternate.
 */
#define _POSIX_C_SOURCE 200809L /* clock_gettime under -std=c11 */

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "big_alloc.h"
#include "tasim/alloc.h"
#include "tasim/rng.h"
#include "tasim/sim.h"

enum { REPEATS = 3 };
#define DEFAULT_OPS UINT64_C(10000000)
#define SEED UINT64_C(20261123)

static const size_t sizes[] = {1000, 100000, 1000000};

static double monotonic_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* ------------------------------------------------------------------ */
/* Baseline: a bare binary min-heap ordered by (time, seq).              */

typedef struct {
    double time;
    uint64_t seq;
} bare_entry_t;

typedef struct {
    bare_entry_t *a;
    size_t n;
    uint64_t next_seq;
} bare_heap_t;

static int bare_before(const bare_entry_t *x, const bare_entry_t *y)
{
    return x->time < y->time || (x->time == y->time && x->seq < y->seq);
}

/* Sifting moves a hole rather than swapping, as any tuned heap does, so
 * the baseline is a fair lower bound and not a straw man. The array is
 * sized for the fill up front, so push never grows it. */
static void bare_push(bare_heap_t *h, double time)
{
    bare_entry_t e = {time, h->next_seq++};
    size_t i = h->n++;
    while (i > 0) {
        size_t parent = (i - 1) / 2;
        if (!bare_before(&e, &h->a[parent]))
            break;
        h->a[i] = h->a[parent];
        i = parent;
    }
    h->a[i] = e;
}

static bare_entry_t bare_pop(bare_heap_t *h)
{
    bare_entry_t top = h->a[0];
    bare_entry_t e = h->a[--h->n];
    size_t n = h->n, i = 0;
    for (;;) {
        size_t c = 2 * i + 1;
        if (c >= n)
            break;
        if (c + 1 < n && bare_before(&h->a[c + 1], &h->a[c]))
            c++;
        if (!bare_before(&h->a[c], &e))
            break;
        h->a[i] = h->a[c];
        i = c;
    }
    if (n > 0)
        h->a[i] = e;
    return top;
}

/* One timed run on the bare heap; returns seconds, and the final clock in
 * *final_time. */
static double run_baseline(size_t pending, uint64_t ops, double *final_time)
{
    gsl_rng *r = tasim_rng_create(SEED);
    bare_heap_t h = {tasim_big_resize(NULL, 0, pending * sizeof *h.a), 0, 0};
    for (size_t i = 0; i < pending; i++)
        bare_push(&h, tasim_rng_exponential(r, 1.0));
    double now = 0.0;
    for (size_t i = 0; i < pending; i++) { /* untimed warm-up */
        now = bare_pop(&h).time;
        bare_push(&h, now + tasim_rng_exponential(r, 1.0));
    }
    double start = monotonic_seconds();
    for (uint64_t i = 0; i < ops; i++) {
        now = bare_pop(&h).time;
        bare_push(&h, now + tasim_rng_exponential(r, 1.0));
    }
    double elapsed = monotonic_seconds() - start;
    *final_time = now;
    tasim_big_free(h.a, pending * sizeof *h.a);
    gsl_rng_free(r);
    return elapsed;
}

/* ------------------------------------------------------------------ */
/* Engine: every event's handler schedules its replacement.             */

static void hold_event(tasim_sim_t *sim, void *subject, uint64_t arg)
{
    const gsl_rng *r = subject;
    double t = tasim_sim_now(sim) + tasim_rng_exponential(r, 1.0);
    tasim_sim_schedule(sim, t, 0, hold_event, subject, arg);
}

static double run_engine(size_t pending, uint64_t ops, double *final_time)
{
    /* The stream is created exactly as the baseline's, not taken from
     * tasim_sim_stream(), so that both see the same draws. */
    gsl_rng *r = tasim_rng_create(SEED);
    tasim_sim_config_t config = {.seed = SEED, .expected_events = pending};
    tasim_sim_t *sim = tasim_sim_create(&config);
    for (size_t i = 0; i < pending; i++)
        tasim_sim_schedule(sim, tasim_rng_exponential(r, 1.0), 0, hold_event,
                           r, 0);
    for (size_t i = 0; i < pending; i++) /* untimed warm-up */
        tasim_sim_step(sim);
    double start = monotonic_seconds();
    for (uint64_t i = 0; i < ops; i++)
        tasim_sim_step(sim);
    double elapsed = monotonic_seconds() - start;
    *final_time = tasim_sim_now(sim);
    tasim_sim_destroy(sim);
    gsl_rng_free(r);
    return elapsed;
}

/* ------------------------------------------------------------------ */

typedef struct {
    double engine, baseline; /* best seconds so far */
    double engine_end, baseline_end;
} hold_result_t;

/* Best of REPEATS for each side, with the two sides' runs interleaved: on
 * a shared machine a burst of outside load then slows both alike, instead
 * of falling on all of one side's runs and skewing the ratio. */
static hold_result_t measure(size_t pending, uint64_t ops)
{
    hold_result_t r = {0};
    for (int rep = 0; rep < REPEATS; rep++) {
        double e = run_engine(pending, ops, &r.engine_end);
        double b = run_baseline(pending, ops, &r.baseline_end);
        if (rep == 0 || e < r.engine)
            r.engine = e;
        if (rep == 0 || b < r.baseline)
            r.baseline = b;
    }
    return r;
}

static uint64_t parse_ops(int argc, char **argv)
{
    if (argc < 2)
        return DEFAULT_OPS;
    char *end;
    unsigned long long v = strtoull(argv[1], &end, 10);
    if (*end != '\0' || v == 0) {
        fprintf(stderr, "usage: bench_hold [operations per run]\n");
        exit(2);
    }
    return (uint64_t)v;
}

int main(int argc, char **argv)
{
    uint64_t ops = parse_ops(argc, argv);
    for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
        hold_result_t r = measure(sizes[k], ops);
        if (r.engine_end != r.baseline_end) {
            fprintf(stderr, "bench_hold: engine and baseline diverged "
                            "(final clocks %.17g and %.17g)\n",
                    r.engine_end, r.baseline_end);
            return 1;
        }
        double e_ns = 1e9 * r.engine / (double)ops;
        double b_ns = 1e9 * r.baseline / (double)ops;
        printf("bench=hold pending=%zu engine_ns_per_op=%.1f "
               "baseline_ns_per_op=%.1f ratio=%.2f\n",
               sizes[k], e_ns, b_ns, e_ns / b_ns);
        fflush(stdout);
    }
    return 0;
}
