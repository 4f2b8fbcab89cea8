/*
 * test_model.c: the stylised facts the model must reproduce (the model
 * specification, section 8, items 1 to 6 and 10).
 *
 * Deterministic facts are checked exactly or to near machine precision.
 * Statistical facts compare two variants over the same replications:
 * replication r of both uses the same random streams (common random
 * numbers), so the paired differences d_r have a small spread. A fact
 * holds when the one-sided 99.9% lower confidence bound of mean(d),
 * mean - t(0.999, R - 1) * sd / sqrt(R), is above zero: a chance pass has
 * probability below 0.1% if the fact were false, and the fixed seed makes
 * the outcome reproducible.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_statistics_double.h>

#include "model_fixture.h"

enum { R = 30 };

/* ---- 1. No TA, no turnover, no forgetting: capacity stays put ------ */

Test(model, without_ta_turnover_or_forgetting_capacity_never_moves)
{
    tasim_scenario_t *sc = fixture_one_unit(
        0, 0, 0.7, "",
        "institutional_erosion: 0, systems_depreciation: 0, "
        "systems_depreciation_unmaintained: 0");
    unit_trace_t t;
    fixture_run(sc, 0, &t);
    cr_assert_eq(t.n, 121, "monthly samples over 10 years, both ends");
    for (size_t i = 1; i < t.n; i++)
        cr_assert_eq(t.capacity[i], t.capacity[0], "sample %zu moved", i);
    tasim_scenario_destroy(sc);
}

/* ---- 2. One resident advisor, no turnover: the closed form ---------- */

Test(model, resident_advisor_without_turnover_follows_the_closed_form)
{
    const double h = 0.35, w = 0.72, fit = 0.85, delta = 0.23;
    tasim_scenario_t *sc = fixture_one_unit(
        0, delta, w,
        FIXTURE_PROGRAMME("      - {type: resident_advisor, experts: 2, "
                  "hands_on: 0.35}\n"),
        "institutional_erosion: 0");
    unit_trace_t t;
    fixture_run(sc, 0, &t);
    /* lambda = w * r * fit * reach * (1 - h); reach = 2 * 40 / 150; one
     * engagement never exceeds absorptive capacity (>= 1). */
    double reach = 2 * 40.0 / 150, r = sc->model.learning.resident_advisor;
    double lambda = w * r * fit * reach * (1 - h);
    double inst = 0.12; /* fixed: no erosion, no institutionalisation */
    double s_inf = (lambda + delta * inst) / (lambda + delta);
    size_t i0 = fixture_at(&t, 2027.0), i1 = fixture_at(&t, 2029.0);
    double s0 = t.skill[i0];
    for (size_t i = i0; i < i1; i++) {
        double dt = t.year[i] - 2027.0;
        double expected = s_inf + (s0 - s_inf) * exp(-(lambda + delta) * dt);
        cr_assert_float_eq(t.skill[i], expected, 1e-12,
                           "year %.4f: %.17g vs %.17g", t.year[i], t.skill[i],
                           expected);
        cr_assert_float_eq(t.institutional[i], inst, 1e-15);
    }
    /* Before the programme only forgetting acts. */
    double before = t.skill[fixture_at(&t, 2026.5)];
    double from = t.skill[0];
    cr_assert_float_eq(before, inst + (from - inst) * exp(-delta * 0.5),
                       1e-12);
    tasim_scenario_destroy(sc);
}

/* ---- 3 and 4: retention after exit --------------------------------- */

static double retention_3y(double turnover, const char *activities,
                           unsigned rep)
{
    char programme[1024];
    snprintf(programme, sizeof programme, FIXTURE_PROGRAMME("%s"), activities);
    tasim_scenario_t *sc = fixture_one_unit(turnover, 0.2, 0.7, programme, "");
    unit_trace_t t;
    fixture_run(sc, rep, &t);
    tasim_scenario_destroy(sc);
    cr_assert(t.has_programme);
    return t.programme.retention[1];
}

Test(model, higher_turnover_lowers_retention_after_exit)
{
    const char *acts = "      - {type: resident_advisor, experts: 2, "
                       "hands_on: 0.3}\n";
    double d[R];
    for (unsigned r = 0; r < R; r++)
        d[r] = retention_3y(0.04, acts, r) - retention_3y(0.25, acts, r);
    cr_assert_gt(fixture_lower_bound_999(d, R), 0,
                 "mean retention gap %.4f", gsl_stats_mean(d, 1, R));
}

Test(model, institutionalisation_raises_retention_after_exit)
{
    const char *plain = "      - {type: resident_advisor, experts: 2, "
                        "hands_on: 0.3}\n";
    const char *inst = "      - {type: resident_advisor, experts: 2, "
                       "hands_on: 0.3}\n"
                       "      - {type: institutionalise, from_month: 6, "
                       "months: 18}\n";
    double d[R];
    for (unsigned r = 0; r < R; r++)
        d[r] = retention_3y(0.15, inst, r) - retention_3y(0.15, plain, r);
    cr_assert_gt(fixture_lower_bound_999(d, R), 0,
                 "mean retention gain %.4f", gsl_stats_mean(d, 1, R));
}

/* ---- 5. Ownership ------------------------------------------------- */

#define LEARNING_ACTIVITIES                                                   \
    "      - {type: resident_advisor, experts: 2, hands_on: 0.3}\n"          \
    "      - {type: training, every_months: 6, participants: 30, days: 5}\n" \
    "      - {type: institutionalise, from_month: 12, months: 12}\n"

Test(model, zero_ownership_transfers_no_skill_or_knowledge)
{
    tasim_scenario_t *with = fixture_one_unit(
        0.15, 0.2, 0, FIXTURE_PROGRAMME(LEARNING_ACTIVITIES), "");
    tasim_scenario_t *without = fixture_one_unit(0.15, 0.2, 0, "", "");
    for (unsigned r = 0; r < 3; r++) {
        unit_trace_t a, b;
        fixture_run(with, r, &a);
        fixture_run(without, r, &b);
        cr_assert_eq(a.n, b.n);
        for (size_t i = 0; i < a.n; i++) {
            /* Equal up to rounding: the run with the programme advances
             * the unit at more instants, composing more (exact) steps. */
            cr_assert_float_eq(a.skill[i], b.skill[i], 1e-12, "year %.4f",
                               a.year[i]);
            cr_assert_float_eq(a.institutional[i], b.institutional[i],
                               1e-12, "year %.4f", a.year[i]);
        }
        cr_assert_gt(a.programme.cost[TASIM_COST_SALARIES], 0,
                     "the programme ran and cost money");
    }
    tasim_scenario_destroy(with);
    tasim_scenario_destroy(without);
}

static double gain_per_million(double ownership, unsigned rep)
{
    tasim_scenario_t *sc = fixture_one_unit(
        0.15, 0.2, ownership, FIXTURE_PROGRAMME(LEARNING_ACTIVITIES), "");
    unit_trace_t t;
    fixture_run(sc, rep, &t);
    tasim_scenario_destroy(sc);
    double cost = 0;
    for (int k = 0; k < TASIM_COST_COMPONENTS; k++)
        cost += t.programme.cost[k];
    return (t.programme.capacity_exit - t.programme.capacity_start) /
           (cost / 1e6);
}

Test(model, low_ownership_buys_less_capacity_per_dollar)
{
    double d[R];
    for (unsigned r = 0; r < R; r++)
        d[r] = gain_per_million(0.9, r) - gain_per_million(0.3, r);
    cr_assert_gt(fixture_lower_bound_999(d, R), 0, "mean difference %.5f",
                 gsl_stats_mean(d, 1, R));
}

/* ---- 6. Hands-on share -------------------------------------------- */

typedef struct {
    double performance_during, dependency_during, drop_at_exit, capacity_3y;
} hands_on_outcome_t;

static hands_on_outcome_t hands_on_run(double h, unsigned rep)
{
    char programme[1024];
    snprintf(programme, sizeof programme,
             FIXTURE_PROGRAMME("      - {type: resident_advisor, experts: 2, "
                       "hands_on: %g}\n"), h);
    tasim_scenario_t *sc = fixture_one_unit(0.15, 0.2, 0.7, programme, "");
    unit_trace_t t;
    fixture_run(sc, rep, &t);
    tasim_scenario_destroy(sc);
    size_t i0 = fixture_at(&t, 2027.0), i1 = fixture_at(&t, 2029.0);
    hands_on_outcome_t o = {0};
    for (size_t i = i0; i < i1; i++) {
        o.performance_during += t.performance[i] / (double)(i1 - i0);
        o.dependency_during += t.dependency[i] / (double)(i1 - i0);
    }
    /* The sample at 2029.0 comes after the exit at that instant. */
    o.drop_at_exit = t.performance[i1 - 1] - t.performance[i1];
    o.capacity_3y = t.capacity[fixture_at(&t, 2032.0)];
    return o;
}

Test(model, hands_on_experts_raise_performance_and_dependency_then_drop)
{
    double perf[R], dep[R], drop[R], kept[R];
    for (unsigned r = 0; r < R; r++) {
        hands_on_outcome_t hi = hands_on_run(0.8, r), lo = hands_on_run(0.1, r);
        perf[r] = hi.performance_during - lo.performance_during;
        dep[r] = hi.dependency_during - lo.dependency_during;
        drop[r] = hi.drop_at_exit - lo.drop_at_exit;
        kept[r] = lo.capacity_3y - hi.capacity_3y;
    }
    cr_assert_gt(fixture_lower_bound_999(perf, R), 0, "performance during TA");
    cr_assert_gt(fixture_lower_bound_999(dep, R), 0, "dependency during TA");
    cr_assert_gt(fixture_lower_bound_999(drop, R), 0, "drop at exit");
    cr_assert_gt(fixture_lower_bound_999(kept, R), 0,
                 "low hands-on keeps more capacity 3 years on");
}

/* ---- 10. Cost of a scripted programme ------------------------------ */

Test(model, programme_cost_equals_the_hand_computed_five_components)
{
    tasim_scenario_t *sc = fixture_one_unit(
        0.15, 0.2, 0.7,
        FIXTURE_PROGRAMME("      - {type: diagnostic, experts: 2, days: 10}\n"
                  "      - {type: resident_advisor, experts: 2, months: 24, "
                  "hands_on: 0.4}\n"
                  "      - {type: training, every_months: 6, participants: "
                  "25, days: 4}\n"
                  "      - {type: system, at_month: 6, equipment: 800000, "
                  "quality: 0.8}\n"
                  "      - {type: institutionalise, from_month: 12, months: "
                  "12}\n"),
        "");
    unit_trace_t t;
    fixture_run(sc, 0, &t);
    /* Unit costs of provider HQ in the fixture. */
    const double salary = 21000, trip = 4700, per_diem = 260;
    const double materials = 55, logistics = 2900, housing = 3100;
    const double year_days = 365.25, remote = 0.25, home_leave = 1;
    double diag_years = 10 / year_days, workshop_years = 4 / year_days;
    double expected[TASIM_COST_COMPONENTS] = {
        /* salaries: diagnostic, advisors, 4 workshops x 1 trainer,
         * institutionalisation at the remote share */
        salary * 12 * (2 * diag_years + 2 * 2.0 + 4 * workshop_years +
                       1 * 1.0 * remote),
        /* travel: trips in (diagnostic, advisors, trainers) and out
         * (advisors), per diem on missions and workshops, advisors'
         * housing and home leave */
        trip * (2 + 2 + 4 + 2) + per_diem * (2 * 10 + 4 * 4) +
            2 * (housing * 24 + home_leave * trip * 2.0),
        /* training materials: 4 workshops x 25 participants x 4 days */
        materials * 4 * 25 * 4,
        800000,
        /* logistics: diagnostic, advisors, 4 workshops, system,
         * institutionalisation */
        logistics * 8,
    };
    for (int k = 0; k < TASIM_COST_COMPONENTS; k++) {
        cr_assert_float_eq(t.programme.cost[k], expected[k],
                           1e-9 * expected[k], "%s: %.6f vs %.6f",
                           tasim_cost_names[k], t.programme.cost[k],
                           expected[k]);
        /* Money is accounted once: the unit's series add up to the same. */
        cr_assert_float_eq(t.cost[k], expected[k], 1e-9 * expected[k],
                           "series %s", tasim_cost_names[k]);
    }
    cr_assert_eq(t.programme.recipient_share, 0);
    tasim_scenario_destroy(sc);
}

/* ---- Turnover and hiring: each post as a two-state chain ------------ */

/* A post empties at the turnover rate tau and, empty, is filled at rate
 * mu = 1 / hiring delay, independently of the others. Starting full, a
 * post is filled at t with probability
 *     P(t) = pi + (1 - pi) exp(-(tau + mu) t),  pi = mu / (tau + mu),
 * so the staff in post are Binomial(N, P(t)). The units carry out exits
 * and hires whenever they are brought up to date rather than as queued
 * events; this checks that the process keeps its law. */
static void expect_two_state_law(double tau)
{
    enum { REPS = 200 };
    const double mu = 12.0 / 3, staff = 150; /* the fixture's */
    tasim_scenario_t *sc = fixture_one_unit(tau, 0.2, 0.7, "", "");
    static const double at[] = {0.25, 0.5, 1, 3, 9};
    enum { POINTS = sizeof at / sizeof at[0] };
    double x[POINTS][REPS], changes[REPS];
    unit_trace_t t;
    for (unsigned r = 0; r < REPS; r++) {
        fixture_run(sc, r, &t);
        for (size_t k = 0; k < POINTS; k++)
            x[k][r] = t.staff[fixture_at(&t, 2026 + at[k])];
        changes[r] = (double)t.staff_changes;
    }
    double pi = mu / (tau + mu);
    double tq = gsl_cdf_tdist_Pinv(0.9995, REPS - 1);
    /* Every exit and hire is carried out once: over the horizon H the
     * expected count is N times the integral of tau P + mu (1 - P). */
    const double horizon = 10; /* the fixture's years */
    double c = tau + mu;
    double expect = staff * (mu * horizon +
                             (tau - mu) * (pi * horizon +
                                           (1 - pi) * -expm1(-c * horizon) /
                                               c));
    double got = gsl_stats_mean(changes, 1, REPS);
    double got_half = tq * gsl_stats_sd(changes, 1, REPS) / sqrt(REPS);
    cr_assert(fabs(got - expect) < got_half,
              "tau %g: %.1f exits and hires per replication, expected %.1f "
              "(99.9%% half-width %.1f)", tau, got, expect, got_half);
    for (size_t k = 0; k < POINTS; k++) {
        double p = pi + (1 - pi) * exp(-(tau + mu) * at[k]);
        double mean = gsl_stats_mean(x[k], 1, REPS);
        double sd = gsl_stats_sd(x[k], 1, REPS);
        double half = tq * sd / sqrt(REPS);
        cr_assert(fabs(mean - staff * p) < half,
                  "tau %g, t = %g: mean %.3f, closed form %.3f, 99.9%% "
                  "half-width %.3f", tau, at[k], mean, staff * p, half);
        /* The binomial spread (posts leave and fill independently):
         * (R - 1) s^2 / (N p q) inside its 99.9% chi-square interval. */
        double var = staff * p * (1 - p);
        double chi = (REPS - 1) * sd * sd / var;
        cr_assert(chi > gsl_cdf_chisq_Pinv(0.0005, REPS - 1) &&
                      chi < gsl_cdf_chisq_Pinv(0.9995, REPS - 1),
                  "tau %g, t = %g: variance %.2f, binomial %.2f", tau,
                  at[k], sd * sd, var);
    }
    tasim_scenario_destroy(sc);
}

Test(model, staff_in_post_follow_the_two_state_closed_form)
{
    expect_two_state_law(0.5);
}

/* At a turnover of 1 a year (the most a scenario may set), 150 posts see
 * some 20 changes a month, more than the 16 a unit draws ahead at a time
 * (sim/unit.c): the monthly review then carries them out in several
 * batches, and a change lost or doubled at the seam would show here. */
Test(model, staff_in_post_keep_their_law_through_many_changes_per_visit)
{
    expect_two_state_law(1);
}
