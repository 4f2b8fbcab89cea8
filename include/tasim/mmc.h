/*
 * tasim/mmc.h: an M/M/c queue on the engine, and its closed forms.
 *
 * This is the engine's reference model: Poisson arrivals, c identical
 * servers with exponential service, first come first served. Queueing
 * theory gives its answers exactly (Erlang C), so a simulation that matches
 * them proves that the event queue, the clock and the random streams work
 * together. The tests and the benchmarks both run it.
 */
#ifndef TASIM_MMC_H
#define TASIM_MMC_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct tasim_mmc_params {
    int servers;          /* c >= 1 */
    double arrival_rate;  /* lambda > 0, customers per unit time */
    double service_rate;  /* mu > 0, per server */
    uint64_t warmup;      /* customers discarded before measuring */
    uint64_t customers;   /* customers measured after the warm-up, >= 1 */
} tasim_mmc_params_t;

typedef struct tasim_mmc_result {
    uint64_t measured;       /* customers whose wait was measured */
    double mean_wait;        /* mean wait in queue of measured customers */
    double window;           /* length of the measurement window */
    double mean_queue;       /* time-average number waiting in the window */
    double arrival_rate;     /* arrivals in the window / window length */
    uint64_t events;         /* events fired by the engine */
} tasim_mmc_result_t;

/*
 * Simulate one replication. The measurement window opens at the arrival of
 * customer `warmup` (counting from 0) and closes at the arrival of customer
 * `warmup + customers`; the customers arriving in it are the measured ones,
 * and the run continues until each of them has started service. Draws come
 * from streams "mmc.arrival" and "mmc.service" of (seed, replication).
 * Returns 0, or TASIM_EINVAL for invalid parameters.
 */
int tasim_mmc_simulate(const tasim_mmc_params_t *params, uint64_t seed,
                       uint64_t replication, tasim_mmc_result_t *result);

/* Erlang C: probability that an arrival waits, for `servers` servers and
 * offered load a = lambda / mu < servers. */
double tasim_erlang_c(int servers, double offered_load);

/* Mean wait in queue of the stationary M/M/c: C(c, a) / (c mu - lambda). */
double tasim_mmc_mean_wait(int servers, double arrival_rate,
                           double service_rate);

#ifdef __cplusplus
}
#endif

#endif /* TASIM_MMC_H */
