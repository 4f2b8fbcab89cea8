/*
 * sensitivity.c: Morris and Sobol' indices of tasim/sensitivity.h.
 *
 * Both estimators read the structure of the rows from the design alone
 * (tasim/design.h documents the layouts), so a sweep only has to hand back
 * one output per row.
 *
 * Why Jansen's estimators for the Sobol' indices. Both are means of squared
 * differences of outputs, so they do not change when a constant is added
 * to the output. The older product forms, such as Sobol' (1993)
 * V_i ~ 1/N sum f(A_B^i) f(B) - f0^2, subtract two terms of order mean^2;
 * a simulation output such as a programme's cost has a mean far larger
 * than its spread, and a small index then drowns in the cancellation (the
 * estimate can even be negative). The total-effect form does better still
 * for small indices: a mean of squares is never negative, and its spread
 * shrinks with the index itself, since the differences f(A) - f(A_B^i) are
 * small when parameter i matters little, which is exactly the case that
 * screening out unimportant parameters has to get right.
 * Saltelli et al. (2010) compared the total-effect estimators in use on
 * the same designs and recommended Jansen's; the matching first-order form
 * shares its design and its variance, so one bootstrap serves both.
 */
#include "tasim/sensitivity.h"

#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_math.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "tasim/alloc.h"
#include "tasim/rng.h"

#define BOOTSTRAP_STREAM "sobol-bootstrap"

/* ---- Morris */

/* The one coordinate in which rows a and b differ (the largest change). */
static size_t moved_coordinate(const double *a, const double *b, size_t k)
{
    size_t best = 0;
    for (size_t j = 1; j < k; j++)
        if (fabs(b[j] - a[j]) > fabs(b[best] - a[best]))
            best = j;
    return best;
}

static void morris_summary(const double *ee, size_t n, tasim_morris_index_t *o)
{
    o->n = n;
    if (n == 0) {
        o->mu = o->mu_star = o->sigma = GSL_NAN;
        return;
    }
    o->mu = gsl_stats_mean(ee, 1, n);
    /* The mean absolute deviation about 0 is the mean of |ee|. */
    o->mu_star = gsl_stats_absdev_m(ee, 1, n, 0.0);
    o->sigma = n > 1 ? gsl_stats_sd_m(ee, 1, n, o->mu) : GSL_NAN;
}

int tasim_morris_indices(const tasim_sweep_design_t *d, const double *y,
                         tasim_morris_index_t *out, tasim_error_t *err)
{
    tasim_assert(d != NULL && y != NULL && out != NULL);
    if (d->kind != TASIM_DESIGN_MORRIS || d->x == NULL)
        return tasim_error_set(err, TASIM_EINVAL, NULL, 0, 0,
                               "Morris indices need a Morris design (got "
                               "design kind %d)", d->kind);
    size_t k = d->k, r = d->base;
    /* Parameter j's effects in ee[j r ..]; each trajectory gives one. */
    double *ee = tasim_xmalloc(k * r * sizeof *ee);
    size_t *n = tasim_xcalloc(k, sizeof *n);
    for (size_t t = 0; t < r; t++) {
        size_t row0 = t * (k + 1);
        for (size_t m = 0; m < k; m++) {
            const double *a = d->x + (row0 + m) * k, *b = a + k;
            double ya = y[row0 + m], yb = y[row0 + m + 1];
            size_t j = moved_coordinate(a, b, k);
            if (!isfinite(ya) || !isfinite(yb))
                continue;
            double step = b[j] > a[j] ? d->delta : -d->delta;
            ee[j * r + n[j]++] = (yb - ya) / step;
        }
    }
    for (size_t j = 0; j < k; j++)
        morris_summary(ee + j * r, n[j], &out[j]);
    free(n);
    free(ee);
    return 0;
}

/* ---- Sobol' */

/* Indices from the variance and the two sums of squared differences over
 * n rows; NaN when the output does not vary. */
static void jansen(double v, double sum_first, double sum_total, size_t n,
                   double *first, double *total)
{
    if (!(v > 0)) {
        *first = *total = GSL_NAN;
        return;
    }
    *first = (v - sum_first / (2.0 * (double)n)) / v;
    *total = sum_total / (2.0 * (double)n) / v;
}

/* Percentile interval of the finite values of v[0..n-1] (reordered). A
 * resample can have V == 0 when n is tiny; its NaN indices are left out. */
static void percentile(double *v, size_t n, double level, double *lo,
                       double *hi)
{
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (isfinite(v[i]))
            v[m++] = v[i];
    if (m == 0) {
        *lo = *hi = GSL_NAN;
        return;
    }
    gsl_sort(v, 1, m);
    *lo = gsl_stats_quantile_from_sorted_data(v, 1, m, (1 - level) / 2);
    *hi = gsl_stats_quantile_from_sorted_data(v, 1, m, (1 + level) / 2);
}

/* Squared differences per (parameter i, row j), laid out [i N + j]:
 * dfirst = (f(B) - f(A_B^i))^2, dtotal = (f(A) - f(A_B^i))^2. */
typedef struct sobol_terms {
    size_t n, k;
    const double *ya, *yb; /* f(A), f(B) */
    double *dfirst, *dtotal;
} sobol_terms_t;

/* The variance and indices of the rows idx[0..n-1] (all rows when idx is
 * NULL); buf holds 2n values of scratch. */
static void sobol_estimate(const sobol_terms_t *s, const size_t *idx,
                           double *buf, double *first, double *total)
{
    size_t n = s->n;
    double v;
    if (idx == NULL) {
        v = gsl_stats_variance(s->ya, 1, 2 * n); /* A and B are adjacent */
    } else {
        for (size_t j = 0; j < n; j++) {
            buf[2 * j] = s->ya[idx[j]];
            buf[2 * j + 1] = s->yb[idx[j]];
        }
        v = gsl_stats_variance(buf, 1, 2 * n);
    }
    for (size_t i = 0; i < s->k; i++) {
        const double *df = s->dfirst + i * n, *dt = s->dtotal + i * n;
        double sf = 0, st = 0;
        for (size_t j = 0; j < n; j++) {
            size_t row = idx == NULL ? j : idx[j];
            sf += df[row];
            st += dt[row];
        }
        jansen(v, sf, st, n, &first[i], &total[i]);
    }
}

static void sobol_bootstrap(const sobol_terms_t *s, size_t resamples,
                            double level, uint64_t seed,
                            tasim_sobol_index_t *out)
{
    size_t n = s->n, k = s->k;
    gsl_rng *rng = tasim_rng_create(
        tasim_rng_stream_seed(seed, 0, BOOTSTRAP_STREAM, 0));
    size_t *idx = tasim_xmalloc(n * sizeof *idx);
    double *buf = tasim_xmalloc(2 * n * sizeof *buf);
    double *f = tasim_xmalloc(k * sizeof *f), *t = tasim_xmalloc(k * sizeof *t);
    /* Resample b of index i at [i resamples + b]. */
    double *fs = tasim_xmalloc(k * resamples * sizeof *fs);
    double *ts = tasim_xmalloc(k * resamples * sizeof *ts);
    for (size_t b = 0; b < resamples; b++) {
        for (size_t j = 0; j < n; j++)
            idx[j] = (size_t)gsl_rng_uniform_int(rng, (unsigned long)n);
        sobol_estimate(s, idx, buf, f, t);
        for (size_t i = 0; i < k; i++) {
            fs[i * resamples + b] = f[i];
            ts[i * resamples + b] = t[i];
        }
    }
    for (size_t i = 0; i < k; i++) {
        percentile(fs + i * resamples, resamples, level, &out[i].first_lo,
                   &out[i].first_hi);
        percentile(ts + i * resamples, resamples, level, &out[i].total_lo,
                   &out[i].total_hi);
    }
    free(ts);
    free(fs);
    free(t);
    free(f);
    free(buf);
    free(idx);
    gsl_rng_free(rng);
}

static int sobol_check(const tasim_sweep_design_t *d, const double *y,
                       size_t resamples, double level, tasim_error_t *err)
{
    if (d->kind != TASIM_DESIGN_SOBOL || d->x == NULL)
        return tasim_error_set(err, TASIM_EINVAL, NULL, 0, 0,
                               "Sobol' indices need a Sobol' (Saltelli) "
                               "design (got design kind %d)", d->kind);
    if (resamples > 0 && !(level > 0 && level < 1))
        return tasim_error_set(err, TASIM_EINVAL, NULL, 0, 0,
                               "bootstrap confidence level must be in "
                               "(0, 1) (got %g)", level);
    for (size_t r = 0; r < d->points; r++)
        if (!isfinite(y[r]))
            return tasim_error_set(err, TASIM_EINVAL, NULL, 0, 0,
                                   "Sobol' indices need a finite output at "
                                   "every design row; row %zu has %g",
                                   r, y[r]);
    return 0;
}

int tasim_sobol_indices(const tasim_sweep_design_t *d, const double *y,
                        size_t resamples, double level, uint64_t seed,
                        tasim_sobol_index_t *out, tasim_error_t *err)
{
    tasim_assert(d != NULL && y != NULL && out != NULL);
    int rc = sobol_check(d, y, resamples, level, err);
    if (rc)
        return rc;
    size_t n = d->base, k = d->k;
    sobol_terms_t s = {.n = n, .k = k, .ya = y, .yb = y + n};
    s.dfirst = tasim_xmalloc(k * n * sizeof *s.dfirst);
    s.dtotal = tasim_xmalloc(k * n * sizeof *s.dtotal);
    for (size_t i = 0; i < k; i++) {
        const double *yab = y + (2 + i) * n;
        for (size_t j = 0; j < n; j++) {
            s.dfirst[i * n + j] = gsl_pow_2(s.yb[j] - yab[j]);
            s.dtotal[i * n + j] = gsl_pow_2(s.ya[j] - yab[j]);
        }
    }
    double *f = tasim_xmalloc(k * sizeof *f), *t = tasim_xmalloc(k * sizeof *t);
    sobol_estimate(&s, NULL, NULL, f, t);
    for (size_t i = 0; i < k; i++) {
        out[i].first = f[i];
        out[i].total = t[i];
        out[i].first_lo = out[i].first_hi = GSL_NAN;
        out[i].total_lo = out[i].total_hi = GSL_NAN;
    }
    if (resamples > 0 && isfinite(f[0]))
        sobol_bootstrap(&s, resamples, level, seed, out);
    free(t);
    free(f);
    free(s.dtotal);
    free(s.dfirst);
    return 0;
}

/* ---- Ishigami */

double tasim_ishigami(const double *u, double a, double b)
{
    double x1 = tasim_design_scale(u[0], -M_PI, M_PI);
    double x2 = tasim_design_scale(u[1], -M_PI, M_PI);
    double x3 = tasim_design_scale(u[2], -M_PI, M_PI);
    double s2 = sin(x2);
    return sin(x1) + a * s2 * s2 + b * gsl_pow_4(x3) * sin(x1);
}

/*
 * With x uniform on [-pi, pi]: E sin^2 x = 1/2, E x^4 = pi^4/5,
 * E x^8 = pi^8/9 and Var(sin^2 x) = 1/8 give the partial variances
 *     V1 = (1 + b pi^4/5)^2 / 2,  V2 = a^2 / 8,
 *     V13 = b^2 pi^8 (1/18 - 1/50) = 8 b^2 pi^8 / 225,
 * all others 0, and V = 1/2 + a^2/8 + b pi^4/5 + b^2 pi^8/18.
 */
double tasim_ishigami_indices(double a, double b, double first[3],
                              double total[3])
{
    double pi4 = gsl_pow_4(M_PI), pi8 = pi4 * pi4;
    double v1 = 0.5 * gsl_pow_2(1 + b * pi4 / 5);
    double v2 = a * a / 8;
    double v13 = 8 * b * b * pi8 / 225;
    double v = 0.5 + a * a / 8 + b * pi4 / 5 + b * b * pi8 / 18;
    first[0] = v1 / v;
    first[1] = v2 / v;
    first[2] = 0;
    total[0] = (v1 + v13) / v;
    total[1] = v2 / v;
    total[2] = v13 / v;
    return v;
}
