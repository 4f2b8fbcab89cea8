/*
 * test_sensitivity.c: the designs of tasim/design.h and the indices of
 * tasim/sensitivity.h.
 *
 * Designs are checked for their defining structure (every grid point once,
 * one LHS point per stratum, the Saltelli column swaps, Morris one-at-a-time
 * steps on the grid). Morris indices are checked exactly on functions whose
 * elementary effects are known; Sobol' indices against the closed forms of
 * the Ishigami function and of an additive function, with tolerances taken
 * from the estimator's own bootstrap interval.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdbool.h>
#include <string.h>

#include <gsl/gsl_math.h>

#include "tasim/design.h"
#include "tasim/sensitivity.h"

#define SEED 0x5eed2718281828ULL

/* Build a design that must succeed. */
static void build(tasim_sweep_design_t *d, int kind, size_t k, long samples,
                  long levels, uint64_t seed)
{
    tasim_error_t err;
    int rc = tasim_design_build(d, kind, k, samples, levels, seed, &err);
    cr_assert_eq(rc, 0, "design build failed: %s", err.message);
}

static const double *row(const tasim_sweep_design_t *d, size_t r)
{
    return d->x + r * d->k;
}

/* y[r] = f(row r) for every row; the caller frees. */
static double *evaluate(const tasim_sweep_design_t *d,
                        double (*f)(const double *u))
{
    double *y = malloc(d->points * sizeof *y);
    cr_assert_not_null(y);
    for (size_t r = 0; r < d->points; r++)
        y[r] = f(row(d, r));
    return y;
}

/* Is v exactly on the grid {0, 1/(p-1), ..., 1} (to rounding)? */
static bool on_grid(double v, size_t p)
{
    double l = v * (double)(p - 1);
    return fabs(l - round(l)) < 1e-12 && v >= 0 && v <= 1;
}

/* ---- grid */

Test(sensitivity, grid_holds_every_combination_of_levels_exactly_once)
{
    tasim_sweep_design_t d;
    size_t k = 3, p = 5;
    build(&d, TASIM_DESIGN_GRID, k, 0, (long)p, 0);
    cr_assert_eq(d.points, 125, "levels^k = 5^3");
    cr_assert_eq(d.base, p);
    cr_assert_eq(d.levels, p);
    cr_assert_eq(d.delta, 0.0);
    int seen[125] = {0};
    for (size_t r = 0; r < d.points; r++) {
        size_t code = 0;
        for (size_t j = 0; j < k; j++) {
            double v = row(&d, r)[j];
            cr_assert(on_grid(v, p), "row %zu: %g is not a level", r, v);
            code = code * p + (size_t)lround(v * (double)(p - 1));
        }
        /* The last parameter varies fastest: row r is its own code. */
        cr_assert_eq(code, r, "row %zu is combination %zu", r, code);
        seen[code]++;
    }
    for (size_t c = 0; c < 125; c++)
        cr_assert_eq(seen[c], 1, "combination %zu seen %d times", c, seen[c]);
    for (size_t j = 0; j < k; j++) {
        cr_assert_eq(row(&d, 0)[j], 0.0, "first corner is exactly 0");
        cr_assert_eq(row(&d, 124)[j], 1.0, "last corner is exactly 1");
    }
    cr_assert_eq(row(&d, 1)[2], 0.25);
    tasim_design_free(&d);
    cr_assert_null(d.x);
}

/* ---- Latin hypercube */

Test(sensitivity, lhs_puts_one_point_in_each_stratum_of_every_parameter)
{
    tasim_sweep_design_t d;
    size_t k = 4, n = 37;
    build(&d, TASIM_DESIGN_LHS, k, (long)n, 0, SEED);
    cr_assert_eq(d.points, n);
    cr_assert_eq(d.base, n);
    for (size_t j = 0; j < k; j++) {
        int count[37] = {0};
        for (size_t i = 0; i < n; i++) {
            double v = row(&d, i)[j];
            cr_assert(v >= 0 && v < 1, "value %g outside [0, 1)", v);
            count[(size_t)floor(v * (double)n)]++;
        }
        for (size_t s = 0; s < n; s++)
            cr_assert_eq(count[s], 1, "parameter %zu, stratum %zu: %d points",
                         j, s, count[s]);
    }
    tasim_design_free(&d);
}

Test(sensitivity, lhs_depends_on_the_seed_only)
{
    tasim_sweep_design_t a, b, c;
    build(&a, TASIM_DESIGN_LHS, 3, 20, 0, SEED);
    build(&b, TASIM_DESIGN_LHS, 3, 20, 0, SEED);
    build(&c, TASIM_DESIGN_LHS, 3, 20, 0, SEED + 1);
    size_t bytes = a.points * a.k * sizeof *a.x;
    cr_assert(memcmp(a.x, b.x, bytes) == 0, "same seed, same design");
    cr_assert(memcmp(a.x, c.x, bytes) != 0, "another seed, another design");
    tasim_design_free(&a);
    tasim_design_free(&b);
    tasim_design_free(&c);
}

/* ---- Saltelli (Sobol' sequence) */

Test(sensitivity, sobol_design_is_a_b_then_a_with_one_column_from_b)
{
    tasim_sweep_design_t d;
    size_t k = 5, n = 100;
    build(&d, TASIM_DESIGN_SOBOL, k, (long)n, 0, 0);
    cr_assert_eq(d.points, n * (k + 2));
    cr_assert_eq(d.base, n);
    for (size_t r = 0; r < d.points; r++)
        for (size_t j = 0; j < k; j++)
            cr_assert(row(&d, r)[j] >= 0 && row(&d, r)[j] <= 1);
    for (size_t j = 0; j < k; j++)
        cr_assert_eq(row(&d, 0)[j], 0.5, "the all-zeros point is skipped");
    for (size_t i = 0; i < k; i++)
        for (size_t r = 0; r < n; r++) {
            const double *a = row(&d, r), *b = row(&d, n + r);
            const double *ab = row(&d, (2 + i) * n + r);
            for (size_t j = 0; j < k; j++)
                cr_assert_eq(ab[j], j == i ? b[j] : a[j],
                             "A_B^(%zu) row %zu column %zu", i, r, j);
        }
    /* A and B are different columns of the sequence, not copies. */
    cr_assert_neq(row(&d, 1)[0], row(&d, n + 1)[0]);
    tasim_sweep_design_t again;
    build(&again, TASIM_DESIGN_SOBOL, k, (long)n, 0, SEED);
    cr_assert(memcmp(d.x, again.x, d.points * k * sizeof *d.x) == 0,
              "deterministic: the seed plays no part");
    tasim_design_free(&again);
    tasim_design_free(&d);
}

/* ---- Morris trajectories */

Test(sensitivity, morris_trajectories_move_each_coordinate_once_by_delta)
{
    tasim_sweep_design_t d;
    size_t k = 6, r = 25, p = 4;
    build(&d, TASIM_DESIGN_MORRIS, k, (long)r, (long)p, SEED);
    cr_assert_eq(d.points, r * (k + 1));
    cr_assert_eq(d.base, r);
    cr_assert_eq(d.levels, p);
    cr_assert_float_eq(d.delta, 2.0 / 3, 1e-16, "p / (2(p-1)) for p = 4");
    size_t ups = 0, downs = 0;
    for (size_t t = 0; t < r; t++) {
        bool moved[6] = {false};
        for (size_t m = 0; m <= k; m++)
            for (size_t j = 0; j < k; j++)
                cr_assert(on_grid(row(&d, t * (k + 1) + m)[j], p),
                          "trajectory %zu row %zu leaves the grid", t, m);
        for (size_t m = 0; m < k; m++) {
            const double *a = row(&d, t * (k + 1) + m), *b = a + k;
            size_t changed = 0;
            for (size_t j = 0; j < k; j++) {
                if (a[j] == b[j])
                    continue;
                changed++;
                cr_assert_float_eq(fabs(b[j] - a[j]), d.delta, 1e-15);
                cr_assert(!moved[j], "coordinate %zu moved twice", j);
                moved[j] = true;
                if (b[j] > a[j])
                    ups++;
                else
                    downs++;
            }
            cr_assert_eq(changed, 1, "trajectory %zu step %zu", t, m);
        }
        for (size_t j = 0; j < k; j++)
            cr_assert(moved[j], "trajectory %zu never moves %zu", t, j);
    }
    cr_assert(ups > 0 && downs > 0, "both directions occur");
    tasim_sweep_design_t again;
    build(&again, TASIM_DESIGN_MORRIS, k, (long)r, (long)p, SEED);
    cr_assert(memcmp(d.x, again.x, d.points * k * sizeof *d.x) == 0);
    tasim_design_free(&again);
    tasim_design_free(&d);
}

/* ---- Morris indices */

static const double linear_c[4] = {1.37, -0.62, 2.91, 0.053};

static double linear(const double *u)
{
    return linear_c[0] * u[0] + linear_c[1] * u[1] + linear_c[2] * u[2] +
           linear_c[3] * u[3];
}

Test(sensitivity, morris_on_a_linear_function_gives_its_coefficients)
{
    tasim_sweep_design_t d;
    build(&d, TASIM_DESIGN_MORRIS, 4, 30, 6, SEED);
    double *y = evaluate(&d, linear);
    tasim_morris_index_t ix[4];
    cr_assert_eq(tasim_morris_indices(&d, y, ix, NULL), 0);
    /* Every effect is c_i up to rounding (~1e-16 relative), so the mean,
     * the mean absolute value and the spread are exact to 1e-12. */
    for (size_t i = 0; i < 4; i++) {
        cr_assert_eq(ix[i].n, 30);
        cr_assert_float_eq(ix[i].mu, linear_c[i], 1e-12);
        cr_assert_float_eq(ix[i].mu_star, fabs(linear_c[i]), 1e-12);
        cr_assert(ix[i].sigma < 1e-12, "sigma %g", ix[i].sigma);
    }
    free(y);
    tasim_design_free(&d);
}

/* x1 and x2 interact; x0 and x3 enter linearly. */
static double interacting(const double *u)
{
    return 1.3 * u[0] + 0.4 * u[1] + 2.9 * u[1] * u[2] - 0.8 * u[3];
}

Test(sensitivity, morris_sigma_flags_the_interacting_parameters_only)
{
    tasim_sweep_design_t d;
    build(&d, TASIM_DESIGN_MORRIS, 4, 20, 4, SEED);
    double *y = evaluate(&d, interacting);
    tasim_morris_index_t ix[4];
    cr_assert_eq(tasim_morris_indices(&d, y, ix, NULL), 0);
    cr_assert(ix[0].sigma < 1e-12 && ix[3].sigma < 1e-12);
    cr_assert_float_eq(ix[0].mu_star, 1.3, 1e-12);
    cr_assert_float_eq(ix[3].mu, -0.8, 1e-12);
    /* The effect of x1 is 0.4 + 2.9 x2 with x2 on the 4-level grid, whose
     * spread is 2.9 sd(levels) ~ 1.1 over 20 trajectories: far from 0. */
    cr_assert(ix[1].sigma > 0.1, "sigma_1 %g", ix[1].sigma);
    cr_assert(ix[2].sigma > 0.1, "sigma_2 %g", ix[2].sigma);
    free(y);
    tasim_design_free(&d);
}

Test(sensitivity, morris_skips_the_effects_of_a_failed_run)
{
    tasim_sweep_design_t d;
    size_t k = 4, r = 10;
    build(&d, TASIM_DESIGN_MORRIS, k, (long)r, 4, SEED);
    double *y = evaluate(&d, linear);
    y[3] = NAN; /* row 3 of trajectory 0: the steps 2->3 and 3->4 go */
    size_t lost[2];
    for (size_t m = 2; m <= 3; m++)
        for (size_t j = 0; j < k; j++)
            if (row(&d, m)[j] != row(&d, m + 1)[j])
                lost[m - 2] = j;
    tasim_morris_index_t ix[4];
    cr_assert_eq(tasim_morris_indices(&d, y, ix, NULL), 0);
    for (size_t j = 0; j < k; j++) {
        size_t expect = r - (j == lost[0] || j == lost[1]);
        cr_assert_eq(ix[j].n, expect, "parameter %zu", j);
        cr_assert_float_eq(ix[j].mu, linear_c[j], 1e-12);
    }
    free(y);
    tasim_design_free(&d);
}

/* ---- Sobol' indices */

Test(sensitivity, ishigami_closed_form_matches_the_published_indices)
{
    double s[3], st[3];
    double v = tasim_ishigami_indices(7, 0.1, s, st);
    /* Saltelli et al. (2008), Sobol' & Levitan (1999), to their 4 digits. */
    cr_assert_float_eq(v, 13.8446, 5e-5);
    cr_assert_float_eq(s[0], 0.3139, 5e-5);
    cr_assert_float_eq(s[1], 0.4424, 5e-5);
    cr_assert_eq(s[2], 0.0);
    cr_assert_float_eq(st[0], 0.5576, 5e-5);
    cr_assert_float_eq(st[1], 0.4424, 5e-5);
    cr_assert_float_eq(st[2], 0.2437, 5e-5);
    /* The function itself at known points: the centre of the cube is 0,
     * and u = (3/4, 3/4, 1) is x = (pi/2, pi/2, pi). */
    double centre[3] = {0.5, 0.5, 0.5}, u[3] = {0.75, 0.75, 1};
    cr_assert_float_eq(tasim_ishigami(centre, 7, 0.1), 0.0, 1e-15);
    cr_assert_float_eq(tasim_ishigami(u, 7, 0.1),
                       1 + 7 + 0.1 * gsl_pow_4(M_PI), 1e-12);
}

static double ishigami(const double *u) { return tasim_ishigami(u, 7, 0.1); }

/*
 * Tolerance. The bootstrap resamples the N rows as if they were
 * independent; for a Sobol' sequence the error shrinks faster than
 * N^-1/2, so the percentile interval overstates it and the exact index
 * should lie inside the 99% interval. A too-wide interval would make that
 * check empty, so its half-width is bounded too. The standard error of a
 * Jansen estimator is about sd(D^2 / 2) / (V sqrt(N)), D the difference
 * of the paired outputs; for Ishigami sd(D^2 / 2) / V is at most 1.9 (the
 * first-order term of x3, by Monte Carlo over 2e6 pairs), so at
 * N = 16384 the standard error is at most 1.9 / 128 ~ 0.015 and the 99%
 * half-width at most 2.58 x 0.015 ~ 0.038, below the 0.05 asserted
 * (N = 8192 would give ~0.054, too close).
 */
Test(sensitivity, sobol_indices_of_ishigami_match_the_closed_form)
{
    tasim_sweep_design_t d;
    build(&d, TASIM_DESIGN_SOBOL, 3, 16384, 0, 0);
    double *y = evaluate(&d, ishigami);
    tasim_sobol_index_t ix[3];
    tasim_error_t err;
    int rc = tasim_sobol_indices(&d, y, 1000, 0.99, SEED, ix, &err);
    cr_assert_eq(rc, 0, "%s", err.message);
    double s[3], st[3];
    tasim_ishigami_indices(7, 0.1, s, st);
    for (size_t i = 0; i < 3; i++) {
        cr_assert(ix[i].first_lo <= s[i] && s[i] <= ix[i].first_hi,
                  "S%zu = %.4f outside [%.4f, %.4f] (estimate %.4f)", i + 1,
                  s[i], ix[i].first_lo, ix[i].first_hi, ix[i].first);
        cr_assert(ix[i].total_lo <= st[i] && st[i] <= ix[i].total_hi,
                  "ST%zu = %.4f outside [%.4f, %.4f] (estimate %.4f)", i + 1,
                  st[i], ix[i].total_lo, ix[i].total_hi, ix[i].total);
        cr_assert(ix[i].first_hi - ix[i].first_lo < 0.1, "S%zu CI too wide",
                  i + 1);
        cr_assert(ix[i].total_hi - ix[i].total_lo < 0.1, "ST%zu CI too wide",
                  i + 1);
        cr_assert(ix[i].first_lo <= ix[i].first &&
                  ix[i].first <= ix[i].first_hi);
    }
    free(y);
    tasim_design_free(&d);
}

/* y = 2.3 u0 + 1.1 u1^2 + 0.6 sin(2 pi u2): V_i = 2.3^2/12, 1.1^2 (1/5 -
 * 1/9), 0.6^2/2, no interactions. */
static double additive(const double *u)
{
    return 2.3 * u[0] + 1.1 * u[1] * u[1] + 0.6 * sin(2 * M_PI * u[2]);
}

Test(sensitivity, sobol_indices_of_an_additive_function_have_no_interaction)
{
    double v[3] = {2.3 * 2.3 / 12, 1.1 * 1.1 * 4 / 45, 0.6 * 0.6 / 2};
    double vsum = v[0] + v[1] + v[2];
    tasim_sweep_design_t d;
    build(&d, TASIM_DESIGN_SOBOL, 3, 4096, 0, 0);
    double *y = evaluate(&d, additive);
    tasim_sobol_index_t ix[3];
    cr_assert_eq(tasim_sobol_indices(&d, y, 1000, 0.99, SEED, ix, NULL), 0);
    /* The two estimators of the same quantity agree within their two
     * intervals' half-widths together (conservative: it ignores that they
     * share the variance estimate); the first-order indices sum to 1
     * within the sum of their half-widths. */
    double sum = 0, sum_half = 0;
    for (size_t i = 0; i < 3; i++) {
        double hf = (ix[i].first_hi - ix[i].first_lo) / 2;
        double ht = (ix[i].total_hi - ix[i].total_lo) / 2;
        cr_assert(fabs(ix[i].total - ix[i].first) <= hf + ht,
                  "parameter %zu: S %.4f, ST %.4f", i, ix[i].first,
                  ix[i].total);
        double exact = v[i] / vsum;
        cr_assert(ix[i].first_lo <= exact && exact <= ix[i].first_hi);
        cr_assert(ix[i].total_lo <= exact && exact <= ix[i].total_hi);
        sum += ix[i].first;
        sum_half += hf;
    }
    cr_assert(fabs(sum - 1) <= sum_half, "sum of S_i %.4f", sum);
    free(y);
    tasim_design_free(&d);
}

Test(sensitivity, sobol_bootstrap_depends_on_its_seed_and_not_the_estimate)
{
    tasim_sweep_design_t d;
    build(&d, TASIM_DESIGN_SOBOL, 3, 256, 0, 0);
    double *y = evaluate(&d, ishigami);
    tasim_sobol_index_t a[3], b[3], c[3], none[3];
    cr_assert_eq(tasim_sobol_indices(&d, y, 200, 0.9, SEED, a, NULL), 0);
    cr_assert_eq(tasim_sobol_indices(&d, y, 200, 0.9, SEED, b, NULL), 0);
    cr_assert_eq(tasim_sobol_indices(&d, y, 200, 0.9, SEED + 1, c, NULL), 0);
    cr_assert_eq(tasim_sobol_indices(&d, y, 0, 0, SEED, none, NULL), 0);
    cr_assert(memcmp(a, b, sizeof a) == 0);
    cr_assert_neq(a[0].first_lo, c[0].first_lo);
    for (size_t i = 0; i < 3; i++) {
        cr_assert_eq(a[i].first, c[i].first);
        cr_assert_eq(a[i].total, none[i].total);
        cr_assert(isnan(none[i].first_lo) && isnan(none[i].total_hi),
                  "no resamples, no interval");
    }
    free(y);
    tasim_design_free(&d);
}

Test(sensitivity, sobol_indices_of_a_constant_output_are_nan)
{
    tasim_sweep_design_t d;
    build(&d, TASIM_DESIGN_SOBOL, 2, 64, 0, 0);
    double *y = malloc(d.points * sizeof *y);
    for (size_t r = 0; r < d.points; r++)
        y[r] = 4.25;
    tasim_sobol_index_t ix[2];
    cr_assert_eq(tasim_sobol_indices(&d, y, 50, 0.95, SEED, ix, NULL), 0);
    for (size_t i = 0; i < 2; i++)
        cr_assert(isnan(ix[i].first) && isnan(ix[i].total) &&
                  isnan(ix[i].first_lo) && isnan(ix[i].total_hi));
    free(y);
    tasim_design_free(&d);
}

/* ---- errors */

static void expect_einval(int rc, const tasim_error_t *err, const char *text)
{
    cr_assert_eq(rc, TASIM_EINVAL, "rc %d", rc);
    cr_assert_eq(err->code, TASIM_EINVAL);
    cr_assert(strstr(err->message, text) != NULL,
              "message \"%s\" lacks \"%s\"", err->message, text);
}

Test(sensitivity, sobol_indices_refuse_a_non_finite_output_naming_the_row)
{
    tasim_sweep_design_t d;
    build(&d, TASIM_DESIGN_SOBOL, 3, 16, 0, 0);
    double *y = evaluate(&d, additive);
    y[37] = NAN;
    y[50] = INFINITY;
    tasim_sobol_index_t ix[3];
    tasim_error_t err;
    int rc = tasim_sobol_indices(&d, y, 10, 0.95, SEED, ix, &err);
    expect_einval(rc, &err, "row 37 ");
    y[37] = 0;
    rc = tasim_sobol_indices(&d, y, 10, 0.95, SEED, ix, &err);
    expect_einval(rc, &err, "row 50 ");
    free(y);
    tasim_design_free(&d);
}

Test(sensitivity, indices_refuse_the_wrong_design_or_level)
{
    tasim_sweep_design_t lhs, sobol;
    build(&lhs, TASIM_DESIGN_LHS, 3, 16, 0, SEED);
    build(&sobol, TASIM_DESIGN_SOBOL, 3, 16, 0, 0);
    double y[80] = {0};
    tasim_sobol_index_t s[3];
    tasim_morris_index_t m[3];
    tasim_error_t err;
    expect_einval(tasim_sobol_indices(&lhs, y, 10, 0.95, SEED, s, &err), &err,
                  "Saltelli");
    expect_einval(tasim_morris_indices(&sobol, y, m, &err), &err,
                  "Morris design");
    expect_einval(tasim_sobol_indices(&sobol, y, 10, 95, SEED, s, &err), &err,
                  "(got 95)");
    tasim_design_free(&lhs);
    tasim_design_free(&sobol);
}

Test(sensitivity, designs_refuse_bad_sizes_with_a_message)
{
    tasim_sweep_design_t d;
    tasim_error_t err;
    static const int kinds[4] = {TASIM_DESIGN_GRID, TASIM_DESIGN_LHS,
                                 TASIM_DESIGN_SOBOL, TASIM_DESIGN_MORRIS};
    for (size_t i = 0; i < 4; i++) {
        int rc = tasim_design_build(&d, kinds[i], 0, 10, 4, SEED, &err);
        expect_einval(rc, &err, "at least one parameter");
        cr_assert_null(d.x);
        rc = tasim_design_build(&d, kinds[i], 3, 0, 4, SEED, &err);
        if (kinds[i] == TASIM_DESIGN_GRID) { /* samples play no part */
            cr_assert_eq(rc, 0);
            tasim_design_free(&d);
        } else {
            expect_einval(rc, &err, "at least 1 sample (got 0)");
        }
    }
    expect_einval(tasim_design_build(&d, TASIM_DESIGN_GRID, 7, 0, 10, 0, &err),
                  &err, "10000000 points");
    expect_einval(tasim_design_build(&d, TASIM_DESIGN_GRID, 2, 0, 1, 0, &err),
                  &err, "at least 2 levels");
    expect_einval(tasim_design_build(&d, TASIM_DESIGN_SOBOL, 21, 8, 0, 0, &err),
                  &err, "at most 20 parameters (got 21)");
    expect_einval(
        tasim_design_build(&d, TASIM_DESIGN_MORRIS, 3, 8, 5, SEED, &err), &err,
        "even number of levels >= 2 (got 5)");
    expect_einval(tasim_design_build(&d, TASIM_DESIGN_LHS, 100, 2000000, 0,
                                     SEED, &err),
                  &err, "exceed the limit");
    expect_einval(tasim_design_build(&d, 9, 3, 8, 4, SEED, &err), &err,
                  "unknown design kind 9");
    cr_assert_null(d.x, "a refused design is left empty");
    tasim_design_free(&d); /* harmless */
}

Test(sensitivity, scale_maps_unit_coordinates_onto_the_range)
{
    cr_assert_eq(tasim_design_scale(0, -2.5, 6), -2.5);
    cr_assert_eq(tasim_design_scale(1, -2.5, 6), 6.0);
    cr_assert_float_eq(tasim_design_scale(0.3, -2.5, 6), 0.05, 1e-15);
}
