/*
 * paired.c: t-intervals and paired differences (see tasim/paired.h).
 *
 * GSL's statistics take contiguous arrays, so the finite values (or
 * pairs) are first copied into a scratch buffer: comparisons handle a few
 * thousand replications at most, and one allocation per call is cheaper
 * than reimplementing GSL's numerically careful mean and variance.
 */
#include "tasim/paired.h"

#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_statistics_double.h>

#include "tasim/alloc.h"

/* Half-width of the two-sided `level` t-interval of a mean. */
static double half_width(double sd, size_t n, double level)
{
    double q = gsl_cdf_tdist_Pinv(1 - (1 - level) / 2, (double)(n - 1));
    return q * sd / sqrt((double)n);
}

void tasim_interval_mean(const double *x, size_t n, double level,
                         tasim_interval_t *out)
{
    tasim_assert(out != NULL && (x != NULL || n == 0));
    tasim_assert(level > 0 && level < 1);
    double *v = tasim_xmalloc((n + 1) * sizeof *v);
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (isfinite(x[i]))
            v[m++] = x[i];
    *out = (tasim_interval_t){.n = m, .mean = NAN, .sd = NAN, .lo = NAN,
                              .hi = NAN};
    if (m >= 1)
        out->mean = gsl_stats_mean(v, 1, m);
    if (m >= 2) {
        out->sd = sqrt(gsl_stats_variance_m(v, 1, m, out->mean));
        double h = out->sd > 0 ? half_width(out->sd, m, level) : 0;
        out->lo = out->mean - h;
        out->hi = out->mean + h;
    }
    free(v);
}

/* The statistics of the differences once mean and sd are known. */
static void paired_test(tasim_paired_t *out, double level)
{
    double mean = out->mean_diff, sd = out->sd_diff;
    if (sd == 0) {
        /* Every difference equal: no sampling error to speak of. */
        out->lo = out->hi = mean;
        out->t = mean == 0 ? 0 : copysign(INFINITY, mean);
        out->p = mean == 0 ? 1 : 0;
    } else {
        double h = half_width(sd, out->n, level);
        out->lo = mean - h;
        out->hi = mean + h;
        out->t = mean / (sd / sqrt((double)out->n));
        out->p = 2 * gsl_cdf_tdist_Q(fabs(out->t), (double)(out->n - 1));
    }
    out->significant = out->lo > 0 || out->hi < 0;
}

void tasim_paired_compare(const double *a, const double *b, size_t n,
                          double level, tasim_paired_t *out)
{
    tasim_assert(out != NULL && ((a != NULL && b != NULL) || n == 0));
    tasim_assert(level > 0 && level < 1);
    double *buf = tasim_xmalloc(3 * (n + 1) * sizeof *buf);
    double *va = buf, *vb = buf + n + 1, *d = buf + 2 * (n + 1);
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (isfinite(a[i]) && isfinite(b[i])) {
            va[m] = a[i];
            vb[m] = b[i];
            d[m] = b[i] - a[i];
            m++;
        }
    *out = (tasim_paired_t){.n = m, .mean_diff = NAN, .sd_diff = NAN,
                            .lo = NAN, .hi = NAN, .t = NAN, .p = NAN,
                            .significant = 0, .var_paired = NAN,
                            .var_unpaired = NAN};
    if (m >= 1)
        out->mean_diff = gsl_stats_mean(d, 1, m);
    if (m >= 2) {
        out->var_paired = gsl_stats_variance_m(d, 1, m, out->mean_diff);
        out->sd_diff = sqrt(out->var_paired);
        out->var_unpaired =
            gsl_stats_variance(va, 1, m) + gsl_stats_variance(vb, 1, m);
        paired_test(out, level);
    }
    free(buf);
}
