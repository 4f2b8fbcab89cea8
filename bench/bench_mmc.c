/*
 * bench_mmc.c: events per second of the engine running a whole model, the
 * M/M/c reference queue of tasim/mmc.h.
 *
 * The hold benchmark isolates the event queue; this one measures what a
 * model sees: two handlers, two random streams, a FIFO of waiting customers
 * and the bookkeeping of the measurement window, with about ten events
 * pending (c = 10 servers, mostly busy at load 0.9). Small queues are the
 * common case in tasim, so this figure is dominated by fixed per-event
 * costs (dispatch, pool, random draws) rather than by cache misses.
 *
 * Design choice: the model is called through its public entry point,
 * tasim_mmc_simulate(), exactly as the tests and the CLI call it, so the
 * figure includes set-up and tear-down (negligible at 10^7 customers) and
 * nothing is special-cased for the benchmark.
 *
 * Usage: bench_mmc [customers]   (default 10^7). Output, best of REPEATS:
 *   bench=mmc customers=10000000 events=... seconds=... events_per_s=2.6e7
 */
#define _POSIX_C_SOURCE 200809L /* clock_gettime under -std=c11 */

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "tasim/mmc.h"

enum { REPEATS = 3 };
#define DEFAULT_CUSTOMERS UINT64_C(10000000)
#define SEED UINT64_C(20261123)

static double monotonic_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static uint64_t parse_customers(int argc, char **argv)
{
    if (argc < 2)
        return DEFAULT_CUSTOMERS;
    char *end;
    unsigned long long v = strtoull(argv[1], &end, 10);
    if (*end != '\0' || v == 0) {
        fprintf(stderr, "usage: bench_mmc [customers]\n");
        exit(2);
    }
    return (uint64_t)v;
}

/* Print x as "2.61e7": a short rate that any float parser reads. */
static void print_rate(double x)
{
    int exponent = x > 0 ? (int)floor(log10(x)) : 0;
    double mantissa = x / pow(10.0, exponent);
    if (mantissa >= 9.995) { /* rounding would print "10.00e6" */
        mantissa /= 10.0;
        exponent++;
    }
    printf("%.2fe%d", mantissa, exponent);
}

int main(int argc, char **argv)
{
    tasim_mmc_params_t params = {.servers = 10, .arrival_rate = 9.0,
                                 .service_rate = 1.0, .warmup = 0,
                                 .customers = parse_customers(argc, argv)};
    tasim_mmc_result_t result;
    double best = 0.0;
    for (int rep = 0; rep < REPEATS; rep++) {
        double start = monotonic_seconds();
        if (tasim_mmc_simulate(&params, SEED, 0, &result) != 0) {
            fprintf(stderr, "bench_mmc: invalid parameters\n");
            return 1;
        }
        double s = monotonic_seconds() - start;
        if (rep == 0 || s < best)
            best = s;
    }
    printf("bench=mmc customers=%" PRIu64 " events=%" PRIu64
           " seconds=%.3f events_per_s=",
           params.customers, result.events, best);
    print_rate((double)result.events / best);
    printf("\n");
    return 0;
}
