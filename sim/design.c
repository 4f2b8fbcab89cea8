/*
 * design.c: the designs of tasim/design.h.
 *
 * Every design is built in one pass into a freshly allocated matrix, with
 * all validation done first, so an error never leaves a half-built design.
 * GSL does the work it already does well: gsl_qrng_sobol for the Sobol'
 * sequence, gsl_ran_shuffle for the LHS permutations and the Morris orders.
 * Random designs draw from their own named stream, so adding a design to a
 * sweep does not shift the draws of any simulation stream.
 */
#include "tasim/design.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_permutation.h>
#include <gsl/gsl_qrng.h>
#include <gsl/gsl_randist.h>

#include "tasim/alloc.h"
#include "tasim/rng.h"

#define STREAM_NAME "sweep-design"

static gsl_rng *design_rng(uint64_t seed)
{
    return tasim_rng_create(tasim_rng_stream_seed(seed, 0, STREAM_NAME, 0));
}

/* Allocate d->x once d->points and d->k are known and within limits. */
static void alloc_points(tasim_sweep_design_t *d)
{
    d->x = tasim_xcalloc(d->points * d->k, sizeof *d->x);
}

/* Refuse a design whose matrix would exceed TASIM_DESIGN_MAX_VALUES. The
 * division form cannot overflow. */
static int check_size(const char *what, size_t per_sample, size_t k,
                      long samples, tasim_error_t *err)
{
    if ((size_t)samples > TASIM_DESIGN_MAX_VALUES / per_sample / k)
        return tasim_error_set(err, TASIM_EINVAL, NULL, 0, 0,
                               "%s design: %ld samples of %zu parameters "
                               "exceed the limit of %d values",
                               what, samples, k, TASIM_DESIGN_MAX_VALUES);
    return 0;
}

static int build_grid(tasim_sweep_design_t *d, size_t k, long levels,
                      tasim_error_t *err)
{
    if (levels < 2)
        return tasim_error_set(err, TASIM_EINVAL, NULL, 0, 0,
                               "grid design needs at least 2 levels per "
                               "parameter (got %ld)", levels);
    /* Exact in double for any count near the limit; inf if enormous. */
    double count = pow((double)levels, (double)k);
    if (count > TASIM_DESIGN_GRID_MAX_POINTS)
        return tasim_error_set(err, TASIM_EINVAL, NULL, 0, 0,
                               "grid design of %ld levels over %zu parameters "
                               "has %.15g points, more than the limit of %d",
                               levels, k, count, TASIM_DESIGN_GRID_MAX_POINTS);
    d->levels = d->base = (size_t)levels;
    d->points = (size_t)count;
    alloc_points(d);
    /* Row r is the mixed-radix number (l_0 ... l_{k-1}) in base `levels`,
     * l_{k-1} the least significant digit: the last parameter is fastest. */
    double last = (double)(levels - 1);
    for (size_t r = 0; r < d->points; r++) {
        size_t rest = r;
        for (size_t j = k; j-- > 0;) {
            size_t l = rest % (size_t)levels;
            rest /= (size_t)levels;
            d->x[r * k + j] = (double)l / last;
        }
    }
    return 0;
}

static int build_lhs(tasim_sweep_design_t *d, size_t k, long samples,
                     uint64_t seed, tasim_error_t *err)
{
    int rc = check_size("LHS", 1, k, samples, err);
    if (rc)
        return rc;
    size_t n = (size_t)samples;
    d->base = d->points = n;
    alloc_points(d);
    gsl_rng *rng = design_rng(seed);
    gsl_permutation *perm = gsl_permutation_alloc(n);
    tasim_assert(perm != NULL);
    /* Parameter by parameter, so parameter j's draws do not depend on k. */
    for (size_t j = 0; j < k; j++) {
        gsl_permutation_init(perm);
        gsl_ran_shuffle(rng, perm->data, n, sizeof *perm->data);
        for (size_t i = 0; i < n; i++) {
            double u = gsl_rng_uniform(rng); /* [0, 1): stays in its stratum */
            d->x[i * k + j] = ((double)perm->data[i] + u) / (double)n;
        }
    }
    gsl_permutation_free(perm);
    gsl_rng_free(rng);
    return 0;
}

static int build_sobol(tasim_sweep_design_t *d, size_t k, long samples,
                       tasim_error_t *err)
{
    if (k > TASIM_DESIGN_SOBOL_MAX_K)
        return tasim_error_set(err, TASIM_EINVAL, NULL, 0, 0,
                               "Sobol' design supports at most %d parameters "
                               "(got %zu): the Saltelli scheme needs 2k "
                               "dimensions of GSL's Sobol' sequence, which "
                               "has 40",
                               TASIM_DESIGN_SOBOL_MAX_K, k);
    int rc = check_size("Sobol'", k + 2, k, samples, err);
    if (rc)
        return rc;
    size_t n = (size_t)samples;
    d->base = n;
    d->points = n * (k + 2);
    alloc_points(d);
    /* GSL's generator starts at the sequence's second point (1/2, ..., 1/2):
     * the all-zeros first point, which would put a corner of the cube in
     * both A and B, is already skipped. */
    gsl_qrng *q = gsl_qrng_alloc(gsl_qrng_sobol, (unsigned)(2 * k));
    tasim_assert(q != NULL);
    double v[2 * TASIM_DESIGN_SOBOL_MAX_K];
    double *a = d->x, *b = d->x + n * k;
    for (size_t r = 0; r < n; r++) {
        int ok = gsl_qrng_get(q, v);
        tasim_assert(ok == 0);
        memcpy(a + r * k, v, k * sizeof *v);
        memcpy(b + r * k, v + k, k * sizeof *v);
    }
    gsl_qrng_free(q);
    for (size_t i = 0; i < k; i++) {
        double *ab = d->x + (2 + i) * n * k;
        memcpy(ab, a, n * k * sizeof *ab);
        for (size_t r = 0; r < n; r++)
            ab[r * k + i] = b[r * k + i];
    }
    return 0;
}

/*
 * One Morris trajectory into rows x[0..k] (k + 1 rows of k values), in
 * integer grid levels so every value is exactly l / (p - 1).
 *
 * The step in levels is p/2. With p even, a base level l < p/2 can only
 * move up and l >= p/2 only down, so drawing l uniformly from all p levels
 * also draws the direction: this is Morris's base point x* in
 * [0, 1 - delta] with a random sign D*, and it samples every level equally
 * often (Campolongo et al. 2007 use even p for this reason).
 */
static void morris_trajectory(double *x, size_t k, size_t p, gsl_rng *rng,
                              size_t *level, size_t *order)
{
    size_t half = p / 2;
    double last = (double)(p - 1);
    for (size_t j = 0; j < k; j++) {
        level[j] = (size_t)gsl_rng_uniform_int(rng, p);
        order[j] = j;
    }
    gsl_ran_shuffle(rng, order, k, sizeof *order);
    for (size_t j = 0; j < k; j++)
        x[j] = (double)level[j] / last;
    for (size_t m = 0; m < k; m++) {
        size_t j = order[m];
        level[j] = level[j] < half ? level[j] + half : level[j] - half;
        double *row = x + (m + 1) * k;
        memcpy(row, row - k, k * sizeof *row);
        row[j] = (double)level[j] / last;
    }
}

static int build_morris(tasim_sweep_design_t *d, size_t k, long samples,
                        long levels, uint64_t seed, tasim_error_t *err)
{
    if (levels < 2 || levels % 2 != 0)
        return tasim_error_set(err, TASIM_EINVAL, NULL, 0, 0,
                               "Morris design needs an even number of levels "
                               ">= 2 (got %ld), so that the step p/(2(p-1)) "
                               "lands on the grid",
                               levels);
    int rc = check_size("Morris", k + 1, k, samples, err);
    if (rc)
        return rc;
    size_t r = (size_t)samples, p = (size_t)levels;
    d->base = r;
    d->levels = p;
    d->delta = (double)p / (2.0 * (double)(p - 1));
    d->points = r * (k + 1);
    alloc_points(d);
    gsl_rng *rng = design_rng(seed);
    size_t *level = tasim_xmalloc(k * sizeof *level);
    size_t *order = tasim_xmalloc(k * sizeof *order);
    for (size_t t = 0; t < r; t++)
        morris_trajectory(d->x + t * (k + 1) * k, k, p, rng, level, order);
    free(order);
    free(level);
    gsl_rng_free(rng);
    return 0;
}

int tasim_design_build(tasim_sweep_design_t *d, int kind, size_t k,
                       long samples, long levels, uint64_t seed,
                       tasim_error_t *err)
{
    tasim_assert(d != NULL);
    memset(d, 0, sizeof *d);
    if (kind < TASIM_DESIGN_GRID || kind > TASIM_DESIGN_MORRIS)
        return tasim_error_set(err, TASIM_EINVAL, NULL, 0, 0,
                               "unknown design kind %d", kind);
    if (k == 0)
        return tasim_error_set(err, TASIM_EINVAL, NULL, 0, 0,
                               "a design needs at least one parameter");
    if (kind != TASIM_DESIGN_GRID && samples < 1)
        return tasim_error_set(err, TASIM_EINVAL, NULL, 0, 0,
                               "a design needs at least 1 sample (got %ld)",
                               samples);
    d->kind = kind;
    d->k = k;
    int rc;
    switch (kind) {
    case TASIM_DESIGN_GRID:
        rc = build_grid(d, k, levels, err);
        break;
    case TASIM_DESIGN_LHS:
        rc = build_lhs(d, k, samples, seed, err);
        break;
    case TASIM_DESIGN_SOBOL:
        rc = build_sobol(d, k, samples, err);
        break;
    default:
        rc = build_morris(d, k, samples, levels, seed, err);
        break;
    }
    if (rc)
        memset(d, 0, sizeof *d); /* the builders fail before allocating */
    return rc;
}

void tasim_design_free(tasim_sweep_design_t *d)
{
    if (d == NULL)
        return;
    free(d->x);
    memset(d, 0, sizeof *d);
}

double tasim_design_scale(double u, double lo, double hi)
{
    return lo + u * (hi - lo);
}
