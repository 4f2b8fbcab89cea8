/*
 * test_skill.c: the closed-form skill integration (tasim/skill.h) against
 * the model specification's formula and against GSL's matrix exponential
 * of the augmented system, over random rates including the degenerate
 * cases (equal eigenvalues, zero rates).
 */
#include <criterion/criterion.h>
#include <math.h>

#include <gsl/gsl_linalg.h>
#include <gsl/gsl_matrix.h>

#include "tasim/rng.h"
#include "tasim/skill.h"

/* Reference: exp of [[M, f], [0, 0]] * dt holds e^{M dt} and Psi f. */
static void reference(const tasim_skill_rates_t *r, double s0, double i0,
                      double dt, double *s1, double *i1)
{
    gsl_matrix *a = gsl_matrix_calloc(3, 3), *e = gsl_matrix_alloc(3, 3);
    gsl_matrix_set(a, 0, 0, -(r->lambda + r->delta) * dt);
    gsl_matrix_set(a, 0, 1, r->delta * dt);
    gsl_matrix_set(a, 1, 0, r->k * r->phi * dt);
    gsl_matrix_set(a, 1, 1, -(r->k + r->eps) * dt);
    gsl_matrix_set(a, 0, 2, r->lambda * dt);
    gsl_linalg_exponential_ss(a, e, GSL_PREC_DOUBLE);
    *s1 = gsl_matrix_get(e, 0, 0) * s0 + gsl_matrix_get(e, 0, 1) * i0 +
          gsl_matrix_get(e, 0, 2);
    *i1 = gsl_matrix_get(e, 1, 0) * s0 + gsl_matrix_get(e, 1, 1) * i0 +
          gsl_matrix_get(e, 1, 2);
    gsl_matrix_free(a);
    gsl_matrix_free(e);
}

Test(skill, matches_the_specification_closed_form_with_fixed_institutions)
{
    tasim_skill_rates_t r = {.lambda = 0.83, .delta = 0.21, .phi = 0.9};
    double s0 = 0.27, inst = 0.13, dt = 1.7;
    tasim_skill_step_t st = tasim_skill_advance(&r, s0, inst, dt);
    double s_inf = (r.lambda + r.delta * inst) / (r.lambda + r.delta);
    double expected = s_inf + (s0 - s_inf) * exp(-(r.lambda + r.delta) * dt);
    cr_assert_float_eq(st.sbar, expected, 1e-15);
    cr_assert_float_eq(st.inst, inst, 1e-15, "no k, no eps: I is fixed");
    cr_assert_float_eq(st.alpha, exp(-(r.lambda + r.delta) * dt), 1e-16);
    /* The affine map carries any member: s' = alpha s + beta. */
    double s_member = 0.6;
    double direct = s_inf + (s_member - s_inf) * exp(-(r.lambda + r.delta) * dt);
    cr_assert_float_eq(st.alpha * s_member + st.beta, direct, 1e-15);
}

Test(skill, nothing_moves_without_rates)
{
    tasim_skill_rates_t r = {.phi = 1};
    tasim_skill_step_t st = tasim_skill_advance(&r, 0.4, 0.2, 12.0);
    cr_assert_eq(st.sbar, 0.4);
    cr_assert_eq(st.inst, 0.2);
    cr_assert_eq(st.alpha, 1.0);
    cr_assert_eq(st.beta, 0.0);
}

Test(skill, agrees_with_the_matrix_exponential_over_random_rates)
{
    gsl_rng *g = tasim_rng_create(424242);
    for (int i = 0; i < 2000; i++) {
        tasim_skill_rates_t r = {
            .lambda = gsl_rng_uniform(g) < 0.2 ? 0 : 3 * gsl_rng_uniform(g),
            .delta = gsl_rng_uniform(g) < 0.2 ? 0 : 2 * gsl_rng_uniform(g),
            .k = gsl_rng_uniform(g) < 0.4 ? 0 : 2 * gsl_rng_uniform(g),
            .eps = gsl_rng_uniform(g) < 0.3 ? 0 : 0.3 * gsl_rng_uniform(g),
            .phi = 0.5 + 0.5 * gsl_rng_uniform(g)};
        if (i % 7 == 0) /* force equal eigenvalues: k = 0, eps = lambda + delta */
            r.k = 0, r.eps = r.lambda + r.delta;
        double s0 = gsl_rng_uniform(g), i0 = gsl_rng_uniform(g);
        double dt = 5 * gsl_rng_uniform(g);
        double s1, i1;
        reference(&r, s0, i0, dt, &s1, &i1);
        tasim_skill_step_t st = tasim_skill_advance(&r, s0, i0, dt);
        cr_assert_float_eq(st.sbar, s1, 1e-10, "case %d: %.17g vs %.17g", i,
                           st.sbar, s1);
        cr_assert_float_eq(st.inst, i1, 1e-10, "case %d: %.17g vs %.17g", i,
                           st.inst, i1);
        cr_assert(st.sbar >= 0 && st.sbar <= 1 && st.inst >= 0 &&
                  st.inst <= 1);
    }
    gsl_rng_free(g);
}

Test(skill, composing_two_steps_equals_one_step)
{
    tasim_skill_rates_t r = {.lambda = 0.5, .delta = 0.3, .k = 0.7,
                             .eps = 0.05, .phi = 0.8};
    tasim_skill_step_t one = tasim_skill_advance(&r, 0.2, 0.1, 2.0);
    tasim_skill_step_t a = tasim_skill_advance(&r, 0.2, 0.1, 0.75);
    tasim_skill_step_t b = tasim_skill_advance(&r, a.sbar, a.inst, 1.25);
    cr_assert_float_eq(b.sbar, one.sbar, 1e-14);
    cr_assert_float_eq(b.inst, one.inst, 1e-14);
    cr_assert_float_eq(a.alpha * b.alpha, one.alpha, 1e-15);
}
