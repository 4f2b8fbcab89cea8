/*
 * mmc.c: the M/M/c reference model of tasim/mmc.h.
 *
 * Two event kinds: an arrival (which schedules the next arrival) and a
 * service completion (which takes the head of the queue, if any). Waiting
 * customers sit in a ring buffer of arrival times; FIFO order means the
 * head's arrival index is a running counter, so the buffer stores times
 * only. Its capacity is a power of two, so positions wrap with a mask: a
 * `%` by a run-time capacity compiled to a 64-bit division on every push
 * and pop, which showed in the engine benchmark's profile (bench_mmc).
 */
#include "tasim/mmc.h"

#include <math.h>
#include <stdlib.h>

#include "tasim/alloc.h"
#include "tasim/error.h"
#include "tasim/rng.h"
#include "tasim/sim.h"

typedef struct {
    tasim_mmc_params_t p;
    gsl_rng *arrivals;
    gsl_rng *services;
    int busy;
    uint64_t arrived;     /* arrivals so far */
    uint64_t head_index;  /* arrival index of the customer at the head */
    double *ring;         /* arrival times of waiting customers */
    size_t ring_cap;      /* a power of two */
    size_t ring_head, ring_size;
    /* measurement */
    double window_start, window_end, last_change, area;
    int window_open;
    double wait_sum;
    uint64_t measured;
} mmc_state_t;

enum { PRIORITY_DEPARTURE = 0, PRIORITY_ARRIVAL = 1 };

static void on_departure(tasim_sim_t *sim, void *subject, uint64_t arg);

static void accumulate_area(mmc_state_t *m, double now)
{
    if (m->window_open)
        m->area += (double)m->ring_size * (now - m->last_change);
    m->last_change = now;
}

static void ring_push(mmc_state_t *m, double t)
{
    if (m->ring_size == m->ring_cap) {
        size_t cap = m->ring_cap * 2;
        double *fresh = tasim_xmalloc(cap * sizeof *fresh);
        for (size_t i = 0; i < m->ring_size; i++)
            fresh[i] = m->ring[(m->ring_head + i) & (m->ring_cap - 1)];
        free(m->ring);
        m->ring = fresh;
        m->ring_cap = cap;
        m->ring_head = 0;
    }
    m->ring[(m->ring_head + m->ring_size++) & (m->ring_cap - 1)] = t;
}

static double ring_pop(mmc_state_t *m)
{
    double t = m->ring[m->ring_head];
    m->ring_head = (m->ring_head + 1) & (m->ring_cap - 1);
    m->ring_size--;
    return t;
}

static void start_service(tasim_sim_t *sim, mmc_state_t *m, uint64_t index,
                          double arrived_at)
{
    double now = tasim_sim_now(sim);
    if (index >= m->p.warmup && index < m->p.warmup + m->p.customers) {
        m->wait_sum += now - arrived_at;
        m->measured++;
    }
    double service = tasim_rng_exponential(m->services, m->p.service_rate);
    tasim_sim_schedule(sim, now + service, PRIORITY_DEPARTURE, on_departure,
                       m, 0);
}

static void on_arrival(tasim_sim_t *sim, void *subject, uint64_t arg)
{
    (void)arg;
    mmc_state_t *m = subject;
    double now = tasim_sim_now(sim);
    uint64_t index = m->arrived++;
    accumulate_area(m, now);
    if (index == m->p.warmup) {
        m->window_open = 1;
        m->window_start = now;
    }
    if (index == m->p.warmup + m->p.customers) {
        /* The closing arrival is not measured and starts no new ones. */
        m->window_open = 0;
        m->window_end = now;
        return;
    }
    double gap = tasim_rng_exponential(m->arrivals, m->p.arrival_rate);
    tasim_sim_schedule(sim, now + gap, PRIORITY_ARRIVAL, on_arrival, m, 0);
    if (m->busy < m->p.servers) {
        m->busy++;
        m->head_index++;
        start_service(sim, m, index, now);
    } else {
        ring_push(m, now);
    }
}

static void on_departure(tasim_sim_t *sim, void *subject, uint64_t arg)
{
    (void)arg;
    mmc_state_t *m = subject;
    if (m->ring_size == 0) {
        m->busy--;
        return;
    }
    accumulate_area(m, tasim_sim_now(sim));
    double arrived_at = ring_pop(m);
    start_service(sim, m, m->head_index++, arrived_at);
}

int tasim_mmc_simulate(const tasim_mmc_params_t *params, uint64_t seed,
                       uint64_t replication, tasim_mmc_result_t *result)
{
    if (params->servers < 1 || !(params->arrival_rate > 0) ||
        !(params->service_rate > 0) || !isfinite(params->arrival_rate) ||
        !isfinite(params->service_rate) || params->customers < 1)
        return TASIM_EINVAL;
    tasim_sim_config_t config = {.seed = seed, .replication = replication,
                                 .expected_events = 64};
    tasim_sim_t *sim = tasim_sim_create(&config);
    mmc_state_t m = {.p = *params, .ring_cap = 64};
    m.ring = tasim_xmalloc(m.ring_cap * sizeof *m.ring);
    m.arrivals = tasim_sim_stream(sim, "mmc.arrival", 0);
    m.services = tasim_sim_stream(sim, "mmc.service", 0);

    double first = tasim_rng_exponential(m.arrivals, params->arrival_rate);
    tasim_sim_schedule(sim, first, PRIORITY_ARRIVAL, on_arrival, &m, 0);
    tasim_sim_run_until(sim, INFINITY);

    double window = m.window_end - m.window_start;
    *result = (tasim_mmc_result_t){
        .measured = m.measured,
        .mean_wait = m.wait_sum / (double)m.measured,
        .window = window,
        .mean_queue = m.area / window,
        .arrival_rate = (double)params->customers / window,
        .events = tasim_sim_events_fired(sim),
    };
    free(m.ring);
    tasim_sim_destroy(sim);
    return 0;
}

double tasim_erlang_c(int servers, double offered_load)
{
    tasim_assert(servers >= 1 && offered_load > 0 &&
                 offered_load < servers);
    /* Erlang B by its stable recursion, then C from B. */
    double b = 1.0;
    for (int k = 1; k <= servers; k++)
        b = offered_load * b / (k + offered_load * b);
    return servers * b / (servers - offered_load * (1.0 - b));
}

double tasim_mmc_mean_wait(int servers, double arrival_rate,
                           double service_rate)
{
    double a = arrival_rate / service_rate;
    return tasim_erlang_c(servers, a) /
           (servers * service_rate - arrival_rate);
}
