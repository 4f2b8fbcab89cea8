/*
 * tasim/sensitivity.h: global sensitivity indices from the designs of
 * tasim/design.h, and the Ishigami test function they are checked on.
 *
 * The estimators take the design and one output value per design row, so
 * running the model stays the caller's business: a sweep runs each row
 * (possibly in parallel, possibly as the mean of replications) and hands
 * the vector back. Two methods, at two costs:
 *
 *   Morris elementary effects (r(k+1) runs) screen many parameters cheaply:
 *   mu* ranks overall influence, sigma flags non-linearity or interaction.
 *   Sobol' indices (N(k+2) runs) apportion the output variance: the first
 *   order S_i is the share explained by parameter i alone, the total S_Ti
 *   the share it takes part in, interactions included.
 *
 * All arrays are the caller's; nothing returned here needs freeing.
 */
#ifndef TASIM_SENSITIVITY_H
#define TASIM_SENSITIVITY_H

#include <stddef.h>
#include <stdint.h>

#include "tasim/design.h"
#include "tasim/error.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct tasim_morris_index {
    double mu;      /* mean elementary effect */
    double mu_star; /* mean absolute elementary effect */
    double sigma;   /* standard deviation of the effects (n - 1 divisor) */
    size_t n;       /* effects used */
} tasim_morris_index_t;

/*
 * Morris indices of the k parameters of Morris design `d` from y[points],
 * the output at each design row. Elementary effects are in unit
 * coordinates: (y(x + delta e_i) - y(x)) / delta, so a step down by delta
 * contributes (y_after - y_before) / (-delta). An effect with a non-finite
 * (NaN or infinite) y at either end is skipped and `n` counts the rest;
 * with n == 0 every statistic is NaN, with n == 1 sigma is NaN.
 *
 * Writes out[0..k-1]. Returns 0, or TASIM_EINVAL if `d` is not a Morris
 * design.
 */
int tasim_morris_indices(const tasim_sweep_design_t *d, const double *y,
                         tasim_morris_index_t *out, tasim_error_t *err);

typedef struct tasim_sobol_index {
    double first, total;       /* S_i and S_Ti */
    double first_lo, first_hi; /* percentile bootstrap interval of S_i */
    double total_lo, total_hi; /* and of S_Ti */
} tasim_sobol_index_t;

/*
 * First-order and total Sobol' indices of the k parameters of Saltelli
 * design `d` from y[points], by Jansen's (1999) estimators (Saltelli et
 * al. 2010 found his total-effect form the best of those they compared;
 * sim/sensitivity.c says why):
 *
 *     V    = sample variance of y over the A and B rows together (2N values)
 *     S_i  = (V - 1/(2N) sum_j (f(B)_j - f(A_B^i)_j)^2) / V
 *     S_Ti = 1/(2N) sum_j (f(A)_j - f(A_B^i)_j)^2 / V
 *
 * Confidence intervals: percentile bootstrap over the N row indices j
 * (resample j with replacement, recompute V and both indices), `resamples`
 * resamples at confidence `level` in (0, 1), e.g. 0.95, drawn from stream
 * ("sobol-bootstrap", 0) of `seed`, replication 0. With resamples == 0 the
 * interval bounds are NaN. If V == 0 (a constant output) the indices and
 * their bounds are NaN and the call succeeds.
 *
 * Writes out[0..k-1]. Returns 0, or TASIM_EINVAL if `d` is not a Sobol'
 * design, `level` is outside (0, 1) or a y is not finite (the message
 * names the first such row).
 */
int tasim_sobol_indices(const tasim_sweep_design_t *d, const double *y,
                        size_t resamples, double level, uint64_t seed,
                        tasim_sobol_index_t *out, tasim_error_t *err);

/*
 * The Ishigami function on [-pi, pi]^3 from unit coordinates u[3]:
 * sin x1 + a sin^2 x2 + b x3^4 sin x1, with x = -pi + 2 pi u. The usual
 * test of Sobol' estimators: non-linear, non-monotonic, with a parameter
 * (x3) whose first-order index is 0 but whose total index is not.
 */
double tasim_ishigami(const double *u, double a, double b);

/*
 * Its exact first- and total-order indices (closed forms of Sobol' &
 * Levitan 1999; Saltelli et al. 2008, with x uniform on [-pi, pi]).
 * Returns the exact variance of the function.
 */
double tasim_ishigami_indices(double a, double b, double first[3],
                              double total[3]);

#ifdef __cplusplus
}
#endif

#endif /* TASIM_SENSITIVITY_H */
