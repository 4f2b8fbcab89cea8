/*
 * tasim/paired.h: confidence intervals for a mean, and paired comparisons
 * of two strategies run on common random numbers.
 *
 * Replication r of two variants of a scenario draws from the same random
 * streams, so their outcomes a[r] and b[r] are positively correlated and
 * the difference b[r] - a[r] varies much less than either: the paired
 * t-interval of the mean difference is narrower than the interval
 * independent runs would give, by sqrt(var_paired / var_unpaired). Both
 * variances are reported so that a table can show what the pairing bought.
 *
 * Intervals are Student t-intervals, mean -/+ t(1 - (1 - level)/2, n - 1)
 * sd / sqrt(n), with the quantile from GSL (gsl_cdf_tdist_Pinv); they
 * assume the replication means are close to normal, which holds for the
 * sums and means of many events that tasim's outcomes are once n is a
 * few tens. Non-finite values (NaN: an outcome not defined in that
 * replication) are left out, and `n` says how many values were used.
 *
 * Neither function allocates memory that outlives the call; results are
 * written into caller-owned structs.
 */
#ifndef TASIM_PAIRED_H
#define TASIM_PAIRED_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct tasim_interval {
    size_t n;       /* finite values used */
    double mean;    /* their mean; NaN if n == 0 */
    double sd;      /* sample standard deviation (divisor n - 1) */
    double lo, hi;  /* the two-sided `level` t-interval of the mean */
} tasim_interval_t;

/*
 * Mean and two-sided `level` t-interval (0 < level < 1) of the finite
 * values of x[0..n-1].
 *   n == 0: every field NaN (n 0).
 *   n == 1: mean = the value; sd, lo and hi NaN: one replication says
 *           nothing about the spread, and an interval of zero width would
 *           claim certainty.
 *   sd == 0 (n >= 2, all values equal): lo = hi = mean.
 */
void tasim_interval_mean(const double *x, size_t n, double level,
                         tasim_interval_t *out);

typedef struct tasim_paired {
    size_t n;          /* pairs where both a[i] and b[i] are finite */
    double mean_diff;  /* mean of d = b - a over those pairs */
    double sd_diff;    /* sample standard deviation of d */
    double lo, hi;     /* two-sided `level` t-interval of mean_diff */
    double t;          /* mean_diff / (sd_diff / sqrt(n)), n - 1 d.f. */
    double p;          /* two-sided p-value, 2 gsl_cdf_tdist_Q(|t|, n - 1) */
    int significant;   /* the interval excludes 0 (equivalently, p below
                          1 - level) */
    double var_paired;   /* sample variance of d: sd_diff^2 */
    double var_unpaired; /* var(a) + var(b) over the same pairs: the
                            variance of d had a and b been independent */
} tasim_paired_t;

/*
 * Paired comparison of b against a: statistics of d[i] = b[i] - a[i] over
 * the pairs where both are finite; `level` in (0, 1).
 *   n == 0: every field NaN, not significant.
 *   n == 1: mean_diff = the one difference; every other statistic NaN,
 *           not significant.
 *   sd_diff == 0 (n >= 2, every difference the same): the interval
 *           collapses to lo = hi = mean_diff; if mean_diff != 0, t is
 *           +/-infinity, p = 0 and the difference is significant; if
 *           mean_diff == 0 (a and b identical), t = 0, p = 1 and it is
 *           not. This is the case of a strategy that changes nothing a
 *           replication draws, or changes every replication by the same
 *           amount.
 */
void tasim_paired_compare(const double *a, const double *b, size_t n,
                          double level, tasim_paired_t *out);

#ifdef __cplusplus
}
#endif

#endif /* TASIM_PAIRED_H */
