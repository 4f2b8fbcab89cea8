/*
 * tasim/design.h: experimental designs in the unit hypercube [0, 1]^k, for
 * parameter sweeps and global sensitivity analysis.
 *
 * A design is a plain matrix of points in unit coordinates; a sweep maps
 * each coordinate to its parameter's range with tasim_design_scale() and
 * runs the model once per row. Keeping designs in unit coordinates keeps
 * them independent of the model: the same Saltelli or Morris design serves
 * any k parameters, and the sensitivity estimators (tasim/sensitivity.h)
 * read the structure of the rows back from the design alone.
 *
 * The four kinds reuse tasim_design_t of tasim/scenario.h:
 *
 *   TASIM_DESIGN_GRID    full factorial: levels^k points, coordinate values
 *                        l / (levels - 1), l = 0..levels-1, the last
 *                        parameter varying fastest. At most 1,000,000 points.
 *   TASIM_DESIGN_LHS     Latin hypercube: n = samples points; for each
 *                        parameter an independent random permutation of the
 *                        n strata, jittered uniformly inside the stratum:
 *                        x[i][j] = (perm_j[i] + U) / n.
 *   TASIM_DESIGN_SOBOL   Saltelli (2010) sampling for Sobol' indices, base
 *                        N = samples, k <= 20. Rows: A (N rows), B (N rows),
 *                        then A_B^(i) for i = 0..k-1, N rows each, where
 *                        A_B^(i) is A with column i taken from B. A and B
 *                        are the first and last k columns of the first N
 *                        points of a 2k-dimensional Sobol' sequence, which
 *                        starts after its all-zeros point. points = N(k+2).
 *                        Deterministic: no seed.
 *   TASIM_DESIGN_MORRIS  Morris (1991) elementary-effects trajectories:
 *                        r = samples trajectories of k + 1 rows each, rows
 *                        t(k+1) .. t(k+1)+k for trajectory t. The first
 *                        row of a trajectory is a point of the p-level grid
 *                        {0, 1/(p-1), ..., 1}, p = levels (even, >= 2);
 *                        each following row moves one coordinate by +delta
 *                        or -delta, delta = p / (2(p-1)), every coordinate
 *                        exactly once, in a random order. points = r(k+1).
 *
 * For the Saltelli design a power of 2 for N keeps the Sobol' points
 * balanced (each dyadic box of the cube equally filled).
 *
 * LHS and Morris designs draw from the stream ("sweep-design", 0) of the
 * given seed, replication 0, so a design depends on the seed only.
 */
#ifndef TASIM_DESIGN_H
#define TASIM_DESIGN_H

#include <stddef.h>
#include <stdint.h>

#include "tasim/error.h"
#include "tasim/scenario.h" /* tasim_design_t */

#ifdef __cplusplus
extern "C" {
#endif

/* Largest full-factorial design, in points. */
#define TASIM_DESIGN_GRID_MAX_POINTS 1000000
/* Largest Saltelli design, in parameters: GSL's Sobol' generator has at
 * most 40 dimensions and the design uses 2k of them. */
#define TASIM_DESIGN_SOBOL_MAX_K 20
/* Largest design of any kind, in values (points * k): 800 MB of doubles. */
#define TASIM_DESIGN_MAX_VALUES 100000000

typedef struct tasim_sweep_design {
    int kind;        /* tasim_design_t */
    size_t k;        /* parameters */
    size_t points;   /* rows of x */
    size_t base;     /* grid: levels; lhs: samples; sobol: N (base
                        sample); morris: r trajectories */
    size_t levels;   /* grid and morris */
    double delta;    /* morris step in unit coordinates, p/(2(p-1));
                        0 otherwise */
    double *x;       /* points x k, row-major, every value in [0,1] */
} tasim_sweep_design_t;

/*
 * Build a design of `kind` over `k` parameters into `d`. `samples` is the
 * LHS sample size, the Saltelli base N or the number of Morris
 * trajectories (ignored for a grid); `levels` is the grid's levels per
 * parameter (>= 2) or Morris's p (even, >= 2), ignored otherwise. `seed`
 * drives LHS and Morris only.
 *
 * Returns 0, or TASIM_EINVAL with a message in `err` (which may be NULL)
 * for a bad kind, k, samples or levels, or a design too large. `d` is
 * overwritten (free a design it held first) and owns its x; release it
 * with tasim_design_free(). On error `d` is left empty (x NULL), so
 * freeing it is harmless.
 */
int tasim_design_build(tasim_sweep_design_t *d, int kind, size_t k,
                       long samples, long levels, uint64_t seed,
                       tasim_error_t *err);

/* Release the points of `d` and reset it to empty; NULL is a no-op. */
void tasim_design_free(tasim_sweep_design_t *d);

/* Map unit coordinate u of parameter j to [lo, hi]: lo + u (hi - lo). */
double tasim_design_scale(double u, double lo, double hi);

#ifdef __cplusplus
}
#endif

#endif /* TASIM_DESIGN_H */
