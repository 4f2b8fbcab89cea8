/*
 * p2.h (private): a compact P-square quantile estimator (Jain and
 * Chlamtac, 1985), the algorithm of GSL's gsl_rstat_quantile.
 *
 * Why not GSL's own: its workspace also stores the markers' desired
 * positions and their increments, which follow from the count, and is
 * allocated one by one; the ensemble summary keeps three estimators for
 * every (year, unit, series) of a run, hundreds of thousands of them,
 * and the memory of a run must not grow with the replications. This one
 * is 64 bytes, lives in arrays, and takes the count from its caller.
 */
#ifndef TASIM_P2_H
#define TASIM_P2_H

#include <stdint.h>

typedef struct {
    double q[5];   /* marker heights (the first 5 values until then) */
    int32_t n[5];  /* marker positions, 1-based */
    int32_t pad;
} tasim_p2_t;

/* Start an estimator (any p in (0, 1)); all-zero memory is also a valid
 * empty estimator. */
void tasim_p2_init(tasim_p2_t *e);

/* Add the `count`-th value (count = 1 for the first). */
void tasim_p2_add(tasim_p2_t *e, double p, uint64_t count, double x);

/* The estimate after `count` values (NAN for none); exact below 6. */
double tasim_p2_get(const tasim_p2_t *e, double p, uint64_t count);

#endif
