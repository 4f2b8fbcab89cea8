/*
 * test_outcomes.c: the key outcomes of a replication (tasim/outcomes.h)
 * and the statistics of paired comparisons (tasim/paired.h).
 *
 * The collector is driven by hand with synthetic observations in the
 * model's order, so every definition is checked against a computation
 * done on paper; then it is run on the real model, where its outcomes
 * must agree with what the model fixture records of the same
 * replication, and reuse across replications must be clean. The
 * statistics are checked against hand-computed means and variances, with
 * t quantiles from GSL (and one checked against the printed table).
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_statistics_double.h>

#include "model_fixture.h"
#include "tasim/outcomes.h"
#include "tasim/paired.h"

/* ==== paired comparisons and intervals ============================== */

/* Two strategies over five replications; d = b - a = .6 .1 .8 .4 .9:
 * mean 2.8 / 5 = 0.56, squared deviations .0016 + .2116 + .0576 + .0256
 * + .1156 = .412, variance .412 / 4 = 0.103. var(a) = 9.668 / 4 = 2.417,
 * var(b) = 11.252 / 4 = 2.813. */
static const double A5[] = {1.3, 2.7, 3.1, 4.6, 5.2};
static const double B5[] = {1.9, 2.8, 3.9, 5.0, 6.1};

Test(paired, the_t_quantile_is_the_tabled_one)
{
    /* Student t, 4 d.f., 97.5%: 2.776445 in every table. */
    cr_assert_float_eq(gsl_cdf_tdist_Pinv(0.975, 4), 2.776445, 1e-6);
}

Test(paired, known_answer_on_five_pairs)
{
    tasim_paired_t p;
    tasim_paired_compare(A5, B5, 5, 0.95, &p);
    double se = sqrt(0.103 / 5), h = gsl_cdf_tdist_Pinv(0.975, 4) * se;
    cr_assert_eq(p.n, 5);
    cr_assert_float_eq(p.mean_diff, 0.56, 1e-12);
    cr_assert_float_eq(p.var_paired, 0.103, 1e-12);
    cr_assert_float_eq(p.sd_diff, sqrt(0.103), 1e-12);
    cr_assert_float_eq(p.lo, 0.56 - h, 1e-12);
    cr_assert_float_eq(p.hi, 0.56 + h, 1e-12);
    cr_assert_float_eq(p.t, 0.56 / se, 1e-10);
    cr_assert_float_eq(p.p, 2 * gsl_cdf_tdist_Q(0.56 / se, 4), 1e-12);
    cr_assert_float_eq(p.var_unpaired, 2.417 + 2.813, 1e-12);
    cr_assert(p.significant, "0 lies outside [%g, %g]", p.lo, p.hi);
}

Test(paired, significance_follows_the_level)
{
    /* t = 3.90 with 4 d.f.: p = 0.0175, significant at 95%, not at 99%
     * (t quantile 4.604). */
    tasim_paired_t p95, p99;
    tasim_paired_compare(A5, B5, 5, 0.95, &p95);
    tasim_paired_compare(A5, B5, 5, 0.99, &p99);
    cr_assert(p95.p > 0.01 && p95.p < 0.05, "p = %g", p95.p);
    cr_assert(p95.significant);
    cr_assert_not(p99.significant);
    cr_assert(p99.lo < 0 && p99.hi > 0);
    cr_assert_float_eq(p99.p, p95.p, 1e-15, "p does not depend on level");
}

Test(paired, the_sign_is_b_minus_a)
{
    tasim_paired_t p;
    tasim_paired_compare(B5, A5, 5, 0.95, &p);
    cr_assert_float_eq(p.mean_diff, -0.56, 1e-12);
    cr_assert(p.t < 0 && p.hi < 0 && p.significant);
}

Test(paired, pairs_with_a_nan_on_either_side_are_dropped)
{
    const double a[] = {1.3, NAN, 2.7, 3.1, 9.9, 4.6, 5.2};
    const double b[] = {1.9, 7.7, 2.8, 3.9, INFINITY, 5.0, 6.1};
    tasim_paired_t with, clean;
    tasim_paired_compare(a, b, 7, 0.95, &with);
    tasim_paired_compare(A5, B5, 5, 0.95, &clean);
    cr_assert_eq(with.n, 5);
    cr_assert_eq(with.mean_diff, clean.mean_diff);
    cr_assert_eq(with.var_paired, clean.var_paired);
    cr_assert_eq(with.var_unpaired, clean.var_unpaired, "same pairs only");
    cr_assert_eq(with.lo, clean.lo);
    cr_assert_eq(with.p, clean.p);
}

Test(paired, equal_differences_collapse_the_interval)
{
    const double a[] = {1.25, 2.5, 3.75, 7.0};
    const double b[] = {1.75, 3.0, 4.25, 7.5}; /* exactly a + 0.5 */
    tasim_paired_t p;
    tasim_paired_compare(a, b, 4, 0.95, &p);
    cr_assert_eq(p.mean_diff, 0.5);
    cr_assert_eq(p.sd_diff, 0);
    cr_assert_eq(p.var_paired, 0);
    cr_assert_eq(p.lo, 0.5);
    cr_assert_eq(p.hi, 0.5);
    cr_assert(isinf(p.t) && p.t > 0);
    cr_assert_eq(p.p, 0);
    cr_assert(p.significant);
}

Test(paired, identical_strategies_differ_by_nothing)
{
    tasim_paired_t p;
    tasim_paired_compare(A5, A5, 5, 0.95, &p);
    cr_assert_eq(p.mean_diff, 0);
    cr_assert_eq(p.lo, 0);
    cr_assert_eq(p.hi, 0);
    cr_assert_eq(p.t, 0);
    cr_assert_eq(p.p, 1);
    cr_assert_not(p.significant);
    cr_assert_float_eq(p.var_unpaired, 2 * 2.417, 1e-12);
}

Test(paired, fewer_than_two_pairs_give_no_interval)
{
    const double a[] = {1.0, NAN}, b[] = {1.5, 2.0};
    tasim_paired_t p;
    tasim_paired_compare(a, b, 2, 0.95, &p);
    cr_assert_eq(p.n, 1);
    cr_assert_eq(p.mean_diff, 0.5);
    cr_assert(isnan(p.sd_diff) && isnan(p.lo) && isnan(p.hi));
    cr_assert(isnan(p.t) && isnan(p.p));
    cr_assert(isnan(p.var_paired) && isnan(p.var_unpaired));
    cr_assert_not(p.significant);

    tasim_paired_compare(NULL, NULL, 0, 0.95, &p);
    cr_assert_eq(p.n, 0);
    cr_assert(isnan(p.mean_diff) && isnan(p.lo) && isnan(p.p));
    cr_assert_not(p.significant);
}

/* Common random numbers: a shared term z_r (sd 2) moves both strategies
 * in replication r; each has its own noise (sd 0.3). Independent runs
 * would see var(a) + var(b) ~ 2 (4 + 0.09); the pairs see ~ 2 x 0.09. */
Test(paired, common_random_numbers_shrink_the_variance_of_differences)
{
    enum { N = 200 };
    double a[N], b[N];
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, 48271);
    for (size_t r = 0; r < N; r++) {
        double z = gsl_ran_gaussian(rng, 2.0);
        a[r] = 10.0 + z + gsl_ran_gaussian(rng, 0.3);
        b[r] = 10.4 + z + gsl_ran_gaussian(rng, 0.3);
    }
    gsl_rng_free(rng);
    tasim_paired_t p;
    tasim_paired_compare(a, b, N, 0.95, &p);
    cr_assert_float_eq(p.var_unpaired,
                       gsl_stats_variance(a, 1, N) +
                           gsl_stats_variance(b, 1, N),
                       1e-12);
    /* var(b - a) = var(a) + var(b) - 2 cov(a, b), exactly. */
    double cov = gsl_stats_covariance(a, 1, b, 1, N);
    cr_assert_float_eq(p.var_paired, p.var_unpaired - 2 * cov, 1e-9);
    cr_assert_lt(p.var_paired, p.var_unpaired / 10, "%g vs %g",
                 p.var_paired, p.var_unpaired);
    cr_assert(p.significant, "0.4 with se %g", sqrt(p.var_paired / N));
}

/* x = 2.31 2.87 3.05 2.64 2.98 3.40: mean 17.25 / 6 = 2.875, squared
 * deviations sum to 0.69175, variance 0.13835. */
Test(interval, known_answer_on_six_values)
{
    const double x[] = {2.31, 2.87, 3.05, 2.64, 2.98, 3.40};
    tasim_interval_t ci;
    tasim_interval_mean(x, 6, 0.9, &ci);
    double h = gsl_cdf_tdist_Pinv(0.95, 5) * sqrt(0.13835 / 6);
    cr_assert_eq(ci.n, 6);
    cr_assert_float_eq(ci.mean, 2.875, 1e-12);
    cr_assert_float_eq(ci.sd, sqrt(0.13835), 1e-12);
    cr_assert_float_eq(ci.lo, 2.875 - h, 1e-12);
    cr_assert_float_eq(ci.hi, 2.875 + h, 1e-12);
}

Test(interval, non_finite_values_are_skipped_and_not_counted)
{
    const double x[] = {NAN, 2.31, 2.87, 3.05, -INFINITY, 2.64, 2.98, 3.40};
    tasim_interval_t ci;
    tasim_interval_mean(x, 8, 0.9, &ci);
    cr_assert_eq(ci.n, 6);
    cr_assert_float_eq(ci.mean, 2.875, 1e-12);
}

Test(interval, one_value_has_a_mean_but_no_interval)
{
    const double x[] = {NAN, 4.2};
    tasim_interval_t ci;
    tasim_interval_mean(x, 2, 0.95, &ci);
    cr_assert_eq(ci.n, 1);
    cr_assert_eq(ci.mean, 4.2);
    cr_assert(isnan(ci.sd) && isnan(ci.lo) && isnan(ci.hi));
    tasim_interval_mean(x, 1, 0.95, &ci);
    cr_assert_eq(ci.n, 0);
    cr_assert(isnan(ci.mean) && isnan(ci.lo));
}

Test(interval, equal_values_give_a_point)
{
    const double x[] = {0.37, 0.37, 0.37};
    tasim_interval_t ci;
    tasim_interval_mean(x, 3, 0.95, &ci);
    cr_assert_eq(ci.sd, 0);
    cr_assert_eq(ci.lo, 0.37);
    cr_assert_eq(ci.hi, 0.37);
}

/* ==== the outcomes collector, driven by hand ======================= */

/* Three units: FIN/tax (with an indicator), FIN/pfm, GAM/tax. Scripted
 * programmes: p-tax on FIN/tax from 2027 with capacity objectives 0.4
 * and 0.5 (and a performance one, which does not count); p-pfm on
 * FIN/pfm from mid-2026, objective 0.6; p-gam on GAM/tax with a
 * performance objective only; p-late on GAM/tax starting after the
 * period. Output every year from 2026 to 2030. */
static tasim_scenario_t *three_units(const char *output)
{
    return fixture_scenario(
        "scenario: {name: outcomes, start: 2026-01, years: 4, seed: 5,\n"
        "           replications: 1, output: {every_months: 12%s}}\n"
        "topics: [tax, pfm]\n"
        "countries:\n"
        "  - id: FIN\n"
        "    units:\n"
        "      tax: {staff: 100, indicator: {name: revenue, base: 10,\n"
        "                                    max_gain: 5}}\n"
        "      pfm: {staff: 80}\n"
        "  - id: GAM\n"
        "    units:\n"
        "      tax: {staff: 60, indicator: {name: revenue, base: 15,\n"
        "                                   max_gain: 5}}\n"
        "donors: [{id: D, budget: {per_year: 1.0e7}}]\n"
        "providers:\n"
        "  - {id: FIN, kind: headquarters}\n"
        "programmes:\n"
        "  - id: p-tax\n"
        "    country: FIN\n"
        "    topic: tax\n"
        "    provider: FIN\n"
        "    funder: D\n"
        "    start: 2027-01\n"
        "    years: 2\n"
        "    activities: [{type: diagnostic, experts: 1, days: 5}]\n"
        "    objectives:\n"
        "      - {capacity: 0.4, by: 2028-01}\n"
        "      - {capacity: 0.5, by: 2029-01}\n"
        "      - {performance: 0.9, by: 2029-01}\n"
        "  - id: p-pfm\n"
        "    country: FIN\n"
        "    topic: pfm\n"
        "    provider: FIN\n"
        "    funder: D\n"
        "    start: 2026-07\n"
        "    years: 2\n"
        "    activities: [{type: diagnostic, experts: 1, days: 5}]\n"
        "    objectives: [{capacity: 0.6, by: 2028-07}]\n"
        "  - id: p-gam\n"
        "    country: GAM\n"
        "    topic: tax\n"
        "    provider: FIN\n"
        "    funder: D\n"
        "    start: 2026-01\n"
        "    years: 1\n"
        "    activities: [{type: diagnostic, experts: 1, days: 5}]\n"
        "    objectives: [{performance: 0.5, by: 2027-01}]\n"
        "  - id: p-late\n"
        "    country: GAM\n"
        "    topic: tax\n"
        "    provider: FIN\n"
        "    funder: D\n"
        "    start: 2031-01\n"
        "    years: 1\n"
        "    activities: [{type: diagnostic, experts: 1, days: 5}]\n"
        "    objectives: [{capacity: 0.1, by: 2032-01}]\n",
        output);
}

enum { UNITS = 3, SAMPLES = 5 };

static const char *const unit_country[UNITS] = {"FIN", "FIN", "GAM"};
static const char *const unit_topic[UNITS] = {"tax", "pfm", "tax"};

/* What the hand-made replication reports, sample by sample. */
typedef struct {
    double capacity[SAMPLES][UNITS];
    double dependency[SAMPLES][UNITS];
    double programmes[SAMPLES][UNITS];
    double indicator[SAMPLES][UNITS]; /* NaN: the unit has none */
} synthetic_t;

static const synthetic_t BASE = {
    /*            FIN/tax FIN/pfm GAM/tax */
    .capacity = {{0.30, 0.20, 0.50},  /* 2026 */
                 {0.35, 0.45, 0.50},  /* 2027 */
                 {0.45, 0.61, 0.55},  /* 2028 */
                 {0.52, 0.58, 0.60},  /* 2029 */
                 {0.45, 0.70, 0.62}}, /* 2030 */
    .dependency = {{0.90, 0.00, 0.25},
                   {0.30, 0.10, 0.70},
                   {0.20, 0.05, 0.00},
                   {0.50, 0.00, 0.00},
                   {0.00, 0.40, 0.00}},
    .programmes = {{0, 0, 1}, {1, 1, 0}, {1, 2, 0}, {0, 0, 0}, {0, 0, 0}},
    .indicator = {{11.0, NAN, 16.0},
                  {11.2, NAN, 16.1},
                  {11.9, NAN, 16.4},
                  {12.3, NAN, 16.9},
                  {12.5, NAN, 20.0}},
};

static void see(tasim_outcomes_t *o, uint64_t rep, double year,
                const char *owner, const char *topic, const char *series,
                double value)
{
    tasim_outcomes_observer.observe(o, rep, year, owner, topic, series,
                                    value);
}

/* One sample in the model's order: each unit's series (with others the
 * collector must ignore), then a country series and an expert pool of
 * provider "FIN", whose id is also a country's and whose pool has the
 * unit's topic. */
static void feed_sample(tasim_outcomes_t *o, uint64_t rep,
                        const synthetic_t *s, size_t k)
{
    double year = 2026.0 + (double)k;
    for (size_t u = 0; u < UNITS; u++) {
        const char *c = unit_country[u], *t = unit_topic[u];
        see(o, rep, year, c, t, "capacity", s->capacity[k][u]);
        see(o, rep, year, c, t, "performance", 0.99);
        see(o, rep, year, c, t, "dependency", s->dependency[k][u]);
        see(o, rep, year, c, t, "skill", 0.98);
        see(o, rep, year, c, t, "programmes", s->programmes[k][u]);
        if (!isnan(s->indicator[k][u]))
            see(o, rep, year, c, t, "indicator", s->indicator[k][u]);
        see(o, rep, year, c, t, "cost_salaries", 1e6);
        see(o, rep, year, c, t, "wait", NAN);
    }
    see(o, rep, year, "FIN", "", "ownership", 0.7);
    see(o, rep, year, "FIN", "tax", "utilisation", 0.97);
    see(o, rep, year, "FIN", "tax", "expert_queue", 3);
}

static void feed_samples(tasim_outcomes_t *o, uint64_t rep,
                         const synthetic_t *s)
{
    for (size_t k = 0; k < SAMPLES; k++)
        feed_sample(o, rep, s, k);
}

static tasim_programme_record_t record(const char *id, const char *country,
                                       const char *topic, double start)
{
    tasim_programme_record_t r = {
        .id = id, .country = country, .topic = topic, .provider = "FIN",
        .funder = "D", .start = start, .exit = NAN, .rating = NAN,
        .recipient_share = 0, .capacity_start = NAN, .capacity_exit = NAN};
    for (int k = 0; k < TASIM_RETENTION_POINTS; k++)
        r.retention[k] = r.gain_retention[k] = NAN;
    return r;
}

/* The four scripted programmes, in file order, as they ended. */
static void feed_scripted(tasim_outcomes_t *o, uint64_t rep)
{
    tasim_programme_record_t r = record("p-tax", "FIN", "tax", 2027.0);
    r.capacity_start = 0.35;
    r.exit = 2029.0;
    r.capacity_exit = 0.52;
    const double tax_cost[] = {400000, 52000, 9000, 150000, 6000};
    memcpy(r.cost, tax_cost, sizeof tax_cost);
    r.retention[0] = 0.9;
    tasim_outcomes_observer.programme(o, rep, &r);

    r = record("p-pfm", "FIN", "pfm", 2026.5);
    r.capacity_start = 0.21;
    r.exit = 2028.5;
    r.capacity_exit = 0.60;
    const double pfm_cost[] = {250000, 31000, 4500, 0, 3000};
    memcpy(r.cost, pfm_cost, sizeof pfm_cost);
    r.retention[0] = 0.95;
    tasim_outcomes_observer.programme(o, rep, &r);

    r = record("p-gam", "GAM", "tax", 2026.0);
    r.capacity_start = 0.50;
    r.exit = 2027.0;
    r.capacity_exit = 0.50;
    const double gam_cost[] = {20000, 8000, 0, 0, 1500};
    memcpy(r.cost, gam_cost, sizeof gam_cost);
    r.retention[0] = 1.1;
    r.retention[1] = 1.24;
    tasim_outcomes_observer.programme(o, rep, &r);

    r = record("p-late", "GAM", "tax", 2031.0); /* after the period */
    tasim_outcomes_observer.programme(o, rep, &r);
}

/* A whole replication of BASE: samples, then programmes. */
static void replicate(tasim_outcomes_t *o, uint64_t rep,
                      double out[TASIM_OUTCOMES])
{
    feed_samples(o, rep, &BASE);
    feed_scripted(o, rep);
    tasim_outcomes_finish(o, out);
}

static int same(double x, double y)
{
    return (isnan(x) && isnan(y)) || x == y;
}

Test(outcomes, names_and_units_cover_every_outcome)
{
    for (int i = 0; i < TASIM_OUTCOMES; i++) {
        cr_assert_not_null(tasim_outcome_names[i]);
        cr_assert_not_null(tasim_outcome_units[i]);
    }
    for (int c = 0; c < TASIM_COST_COMPONENTS; c++) {
        char name[32];
        snprintf(name, sizeof name, "cost_%s", tasim_cost_names[c]);
        cr_assert_str_eq(tasim_outcome_names[TASIM_OUTCOME_COST_SALARIES + c],
                         name);
        cr_assert_str_eq(tasim_outcome_units[TASIM_OUTCOME_COST_SALARIES + c],
                         "US$");
    }
    cr_assert_str_eq(tasim_outcome_names[TASIM_OUTCOME_CAPACITY_END],
                     "capacity_end");
    cr_assert_str_eq(tasim_outcome_names[TASIM_OUTCOME_TARGET_REACHED],
                     "target_reached");
    cr_assert_str_eq(tasim_outcome_units[TASIM_OUTCOME_TIME_TO_TARGET],
                     "years");
}

Test(outcomes, capacity_end_is_the_mean_over_units_at_the_last_sample)
{
    tasim_scenario_t *sc = three_units("");
    tasim_outcomes_t *o = tasim_outcomes_create(sc);
    double out[TASIM_OUTCOMES];
    replicate(o, 0, out);
    /* (0.45 + 0.70 + 0.62) / 3 */
    cr_assert_float_eq(out[TASIM_OUTCOME_CAPACITY_END], 1.77 / 3, 1e-15);
    tasim_outcomes_destroy(o);
    tasim_scenario_destroy(sc);
}

Test(outcomes, capacity_gain_sums_last_minus_first_over_units)
{
    tasim_scenario_t *sc = three_units("");
    tasim_outcomes_t *o = tasim_outcomes_create(sc);
    double out[TASIM_OUTCOMES];
    replicate(o, 0, out);
    /* (0.45 - 0.30) + (0.70 - 0.20) + (0.62 - 0.50): not the peaks */
    cr_assert_float_eq(out[TASIM_OUTCOME_CAPACITY_GAIN], 0.77, 1e-15);
    tasim_outcomes_destroy(o);
    tasim_scenario_destroy(sc);
}

Test(outcomes, capacity_outcomes_need_every_unit)
{
    /* GAM/tax never reported: a mean over two units of three would
     * change what the number is about. */
    tasim_scenario_t *sc = three_units("");
    tasim_outcomes_t *o = tasim_outcomes_create(sc);
    for (size_t k = 0; k < SAMPLES; k++)
        for (size_t u = 0; u < 2; u++)
            see(o, 0, 2026.0 + (double)k, unit_country[u], unit_topic[u],
                "capacity", BASE.capacity[k][u]);
    double out[TASIM_OUTCOMES];
    tasim_outcomes_finish(o, out);
    cr_assert(isnan(out[TASIM_OUTCOME_CAPACITY_END]));
    cr_assert(isnan(out[TASIM_OUTCOME_CAPACITY_GAIN]));
    tasim_outcomes_destroy(o);
    tasim_scenario_destroy(sc);
}

Test(outcomes, dependency_counts_only_samples_with_ta_on_site)
{
    tasim_scenario_t *sc = three_units("");
    tasim_outcomes_t *o = tasim_outcomes_create(sc);
    double out[TASIM_OUTCOMES];
    replicate(o, 0, out);
    /* Samples with programmes > 0: GAM 2026 (0.25), FIN/tax 2027 and
     * 2028 (0.30, 0.20), FIN/pfm 2027 and 2028 (0.10, 0.05). The 0.90 and
     * 0.70 and 0.40 without TA on site do not count. */
    cr_assert_float_eq(out[TASIM_OUTCOME_DEPENDENCY_TA], 0.90 / 5, 1e-15);
    tasim_outcomes_destroy(o);
    tasim_scenario_destroy(sc);
}

Test(outcomes, dependency_pairs_with_programmes_in_either_order)
{
    tasim_scenario_t *sc = three_units("");
    tasim_outcomes_t *o = tasim_outcomes_create(sc);
    see(o, 0, 2026, "FIN", "tax", "programmes", 1);
    see(o, 0, 2026, "FIN", "tax", "dependency", 0.3);
    see(o, 0, 2027, "FIN", "tax", "programmes", 0); /* not the 2026 one */
    see(o, 0, 2028, "FIN", "tax", "dependency", 0.9);
    see(o, 0, 2029, "FIN", "tax", "dependency", 0.2);
    see(o, 0, 2029, "FIN", "tax", "programmes", 2);
    double out[TASIM_OUTCOMES];
    tasim_outcomes_finish(o, out);
    cr_assert_float_eq(out[TASIM_OUTCOME_DEPENDENCY_TA], 0.25, 1e-15);
    tasim_outcomes_destroy(o);
    tasim_scenario_destroy(sc);
}

Test(outcomes, dependency_is_undefined_without_ta_on_site)
{
    tasim_scenario_t *sc = three_units("");
    tasim_outcomes_t *o = tasim_outcomes_create(sc);
    synthetic_t s = BASE;
    memset(s.programmes, 0, sizeof s.programmes);
    feed_samples(o, 0, &s);
    double out[TASIM_OUTCOMES];
    tasim_outcomes_finish(o, out);
    cr_assert(isnan(out[TASIM_OUTCOME_DEPENDENCY_TA]));
    tasim_outcomes_destroy(o);
    tasim_scenario_destroy(sc);
}

Test(outcomes, costs_sum_over_programmes_and_the_total_sums_components)
{
    tasim_scenario_t *sc = three_units("");
    tasim_outcomes_t *o = tasim_outcomes_create(sc);
    double out[TASIM_OUTCOMES];
    replicate(o, 0, out);
    /* The cost_* series fed in the samples (1e6 a sample) do not count:
     * costs come from the programme records. */
    const double expected[] = {670000, 91000, 13500, 150000, 10500};
    for (int c = 0; c < TASIM_COST_COMPONENTS; c++)
        cr_assert_eq(out[TASIM_OUTCOME_COST_SALARIES + c], expected[c],
                     "%s", tasim_cost_names[c]);
    cr_assert_eq(out[TASIM_OUTCOME_COST_TOTAL], 935000);
    tasim_outcomes_destroy(o);
    tasim_scenario_destroy(sc);
}

Test(outcomes, costs_are_zero_without_programmes)
{
    tasim_scenario_t *sc = three_units("");
    tasim_outcomes_t *o = tasim_outcomes_create(sc);
    feed_samples(o, 0, &BASE);
    double out[TASIM_OUTCOMES];
    tasim_outcomes_finish(o, out);
    for (int c = 0; c <= TASIM_COST_COMPONENTS; c++)
        cr_assert_eq(out[TASIM_OUTCOME_COST_SALARIES + c], 0);
    cr_assert(isnan(out[TASIM_OUTCOME_COST_PER_CAPACITY]));
    cr_assert(isnan(out[TASIM_OUTCOME_RETENTION_3Y]));
    tasim_outcomes_destroy(o);
    tasim_scenario_destroy(sc);
}

Test(outcomes, cost_per_capacity_counts_only_programmes_that_exited)
{
    tasim_scenario_t *sc = three_units("");
    tasim_outcomes_t *o = tasim_outcomes_create(sc);
    feed_samples(o, 0, &BASE);
    feed_scripted(o, 0);
    /* A programme from a request, still running at the end: its cost is
     * in cost_total but not in cost per capacity. */
    tasim_programme_record_t r = record("request-0", "GAM", "tax", 2029.5);
    r.capacity_start = 0.6;
    r.cost[TASIM_COST_SALARIES] = 77000;
    tasim_outcomes_observer.programme(o, 0, &r);
    double out[TASIM_OUTCOMES];
    tasim_outcomes_finish(o, out);
    cr_assert_eq(out[TASIM_OUTCOME_COST_TOTAL], 935000 + 77000);
    /* Exited: p-tax 617000 for 0.52 - 0.35, p-pfm 288500 for 0.60 - 0.21,
     * p-gam 29500 for nothing. */
    cr_assert_float_eq(out[TASIM_OUTCOME_COST_PER_CAPACITY],
                       935000 / (0.17 + 0.39), 1e-6);
    tasim_outcomes_destroy(o);
    tasim_scenario_destroy(sc);
}

Test(outcomes, cost_per_capacity_is_undefined_when_exits_gained_nothing)
{
    tasim_scenario_t *sc = three_units("");
    tasim_outcomes_t *o = tasim_outcomes_create(sc);
    tasim_programme_record_t r = record("p-tax", "FIN", "tax", 2027.0);
    r.capacity_start = 0.4;
    r.exit = 2029.0;
    r.capacity_exit = 0.38; /* turnover outran the programme */
    r.cost[TASIM_COST_TRAVEL] = 5000;
    tasim_outcomes_observer.programme(o, 0, &r);
    double out[TASIM_OUTCOMES];
    tasim_outcomes_finish(o, out);
    cr_assert_eq(out[TASIM_OUTCOME_COST_TOTAL], 5000);
    cr_assert(isnan(out[TASIM_OUTCOME_COST_PER_CAPACITY]));
    tasim_outcomes_destroy(o);
    tasim_scenario_destroy(sc);
}

Test(outcomes, retention_3y_averages_the_programmes_where_it_was_measured)
{
    tasim_scenario_t *sc = three_units("");
    tasim_outcomes_t *o = tasim_outcomes_create(sc);
    double out[TASIM_OUTCOMES];
    feed_samples(o, 0, &BASE);
    feed_scripted(o, 0); /* only p-gam has a 3-year retention: 1.24 */
    tasim_programme_record_t r = record("request-0", "FIN", "pfm", 2026.2);
    r.retention[1] = 0.8;
    tasim_outcomes_observer.programme(o, 0, &r);
    tasim_outcomes_finish(o, out);
    cr_assert_float_eq(out[TASIM_OUTCOME_RETENTION_3Y], (1.24 + 0.8) / 2,
                       1e-15);
    tasim_outcomes_destroy(o);
    tasim_scenario_destroy(sc);
}

Test(outcomes, indicator_end_averages_the_units_that_have_one)
{
    tasim_scenario_t *sc = three_units("");
    tasim_outcomes_t *o = tasim_outcomes_create(sc);
    double out[TASIM_OUTCOMES];
    replicate(o, 0, out);
    cr_assert_float_eq(out[TASIM_OUTCOME_INDICATOR_END], (12.5 + 20.0) / 2,
                       1e-15);
    tasim_outcomes_destroy(o);
    tasim_scenario_destroy(sc);
}

Test(outcomes, time_to_target_runs_from_start_to_the_first_sample_at_target)
{
    tasim_scenario_t *sc = three_units("");
    tasim_outcomes_t *o = tasim_outcomes_create(sc);
    double out[TASIM_OUTCOMES];
    replicate(o, 0, out);
    /* p-tax (2027.0, target 0.5, the larger objective): 0.45 in 2028
     * passes 0.4 but not 0.5; 0.52 in 2029: 2 years. p-pfm (2026.5,
     * target 0.6): 0.61 in 2028: 1.5 years. p-gam has no capacity
     * objective; p-late never started. */
    cr_assert_float_eq(out[TASIM_OUTCOME_TIME_TO_TARGET], (2.0 + 1.5) / 2,
                       1e-12);
    cr_assert_eq(out[TASIM_OUTCOME_TARGET_REACHED], 1.0);
    tasim_outcomes_destroy(o);
    tasim_scenario_destroy(sc);
}

Test(outcomes, capacity_before_the_start_does_not_reach_the_target)
{
    tasim_scenario_t *sc = three_units("");
    tasim_outcomes_t *o = tasim_outcomes_create(sc);
    synthetic_t s = BASE;
    s.capacity[0][0] = 0.55; /* FIN/tax in 2026, before p-tax starts */
    s.capacity[0][1] = 0.65; /* FIN/pfm in 2026, before p-pfm starts */
    s.capacity[1][1] = 0.60; /* 2027: exactly the target counts */
    feed_samples(o, 0, &s);
    feed_scripted(o, 0);
    double out[TASIM_OUTCOMES];
    tasim_outcomes_finish(o, out);
    cr_assert_float_eq(out[TASIM_OUTCOME_TIME_TO_TARGET], (2.0 + 0.5) / 2,
                       1e-12);
    tasim_outcomes_destroy(o);
    tasim_scenario_destroy(sc);
}

Test(outcomes, target_reached_is_the_share_of_programmes_that_got_there)
{
    tasim_scenario_t *sc = three_units("");
    tasim_outcomes_t *o = tasim_outcomes_create(sc);
    synthetic_t s = BASE;
    s.capacity[3][0] = 0.49; /* FIN/tax never reaches 0.5 */
    feed_samples(o, 0, &s);
    feed_scripted(o, 0);
    double out[TASIM_OUTCOMES];
    tasim_outcomes_finish(o, out);
    cr_assert_eq(out[TASIM_OUTCOME_TARGET_REACHED], 0.5);
    cr_assert_float_eq(out[TASIM_OUTCOME_TIME_TO_TARGET], 1.5, 1e-12,
                       "the mean over those that reached it");
    tasim_outcomes_destroy(o);
    tasim_scenario_destroy(sc);
}

Test(outcomes, time_to_target_is_undefined_when_no_programme_reached_it)
{
    tasim_scenario_t *sc = three_units("");
    tasim_outcomes_t *o = tasim_outcomes_create(sc);
    synthetic_t s = BASE;
    for (size_t k = 0; k < SAMPLES; k++)
        s.capacity[k][0] = s.capacity[k][1] = 0.3;
    feed_samples(o, 0, &s);
    feed_scripted(o, 0);
    double out[TASIM_OUTCOMES];
    tasim_outcomes_finish(o, out);
    cr_assert(isnan(out[TASIM_OUTCOME_TIME_TO_TARGET]));
    cr_assert_eq(out[TASIM_OUTCOME_TARGET_REACHED], 0);
    tasim_outcomes_destroy(o);
    tasim_scenario_destroy(sc);
}

Test(outcomes, target_outcomes_need_a_started_programme_with_a_capacity_target)
{
    /* Only programmes without a capacity objective, or not started. */
    tasim_scenario_t *sc = three_units("");
    tasim_outcomes_t *o = tasim_outcomes_create(sc);
    feed_samples(o, 0, &BASE);
    tasim_programme_record_t r = record("p-gam", "GAM", "tax", 2026.0);
    r.capacity_start = 0.5;
    tasim_outcomes_observer.programme(o, 0, &r);
    r = record("p-late", "GAM", "tax", 2031.0);
    tasim_outcomes_observer.programme(o, 0, &r);
    double out[TASIM_OUTCOMES];
    tasim_outcomes_finish(o, out);
    cr_assert(isnan(out[TASIM_OUTCOME_TIME_TO_TARGET]));
    cr_assert(isnan(out[TASIM_OUTCOME_TARGET_REACHED]));
    tasim_outcomes_destroy(o);
    tasim_scenario_destroy(sc);
}

Test(outcomes, a_request_programme_is_never_taken_for_a_scripted_one)
{
    tasim_scenario_t *sc = three_units("");
    tasim_outcomes_t *o = tasim_outcomes_create(sc);
    double alone[TASIM_OUTCOMES], with[TASIM_OUTCOMES];
    replicate(o, 0, alone);
    feed_samples(o, 0, &BASE);
    feed_scripted(o, 0);
    /* Same id as a scripted programme, reported after all of them. */
    tasim_programme_record_t r = record("p-tax", "FIN", "tax", 2029.9);
    r.capacity_start = 0.5;
    tasim_outcomes_observer.programme(o, 0, &r);
    tasim_outcomes_finish(o, with);
    cr_assert_eq(with[TASIM_OUTCOME_TARGET_REACHED],
                 alone[TASIM_OUTCOME_TARGET_REACHED]);
    cr_assert_eq(with[TASIM_OUTCOME_TIME_TO_TARGET],
                 alone[TASIM_OUTCOME_TIME_TO_TARGET]);
    tasim_outcomes_destroy(o);
    tasim_scenario_destroy(sc);
}

Test(outcomes, outcomes_of_series_not_written_are_undefined)
{
    /* Neither capacity nor indicator nor programmes is written. */
    tasim_scenario_t *sc = three_units(", series: [dependency, cost]");
    cr_assert_str_eq(
        tasim_outcomes_missing_series(sc, TASIM_OUTCOME_CAPACITY_END),
        "capacity");
    cr_assert_str_eq(
        tasim_outcomes_missing_series(sc, TASIM_OUTCOME_DEPENDENCY_TA),
        "programmes");
    cr_assert_str_eq(
        tasim_outcomes_missing_series(sc, TASIM_OUTCOME_INDICATOR_END),
        "indicator");
    cr_assert_str_eq(
        tasim_outcomes_missing_series(sc, TASIM_OUTCOME_TARGET_REACHED),
        "capacity");
    cr_assert_null(
        tasim_outcomes_missing_series(sc, TASIM_OUTCOME_COST_TOTAL));
    cr_assert_null(
        tasim_outcomes_missing_series(sc, TASIM_OUTCOME_RETENTION_3Y));

    /* What the model reports under that filter: */
    tasim_outcomes_t *o = tasim_outcomes_create(sc);
    for (size_t k = 0; k < SAMPLES; k++)
        for (size_t u = 0; u < UNITS; u++)
            see(o, 0, 2026.0 + (double)k, unit_country[u], unit_topic[u],
                "dependency", BASE.dependency[k][u]);
    feed_scripted(o, 0);
    double out[TASIM_OUTCOMES];
    tasim_outcomes_finish(o, out);
    const int undefined[] = {
        TASIM_OUTCOME_CAPACITY_END, TASIM_OUTCOME_CAPACITY_GAIN,
        TASIM_OUTCOME_DEPENDENCY_TA, TASIM_OUTCOME_INDICATOR_END,
        TASIM_OUTCOME_TIME_TO_TARGET, TASIM_OUTCOME_TARGET_REACHED};
    for (size_t i = 0; i < sizeof undefined / sizeof *undefined; i++)
        cr_assert(isnan(out[undefined[i]]), "%s",
                  tasim_outcome_names[undefined[i]]);
    cr_assert_eq(out[TASIM_OUTCOME_COST_TOTAL], 935000);
    cr_assert_float_eq(out[TASIM_OUTCOME_RETENTION_3Y], 1.24, 1e-15);
    tasim_outcomes_destroy(o);
    tasim_scenario_destroy(sc);
}

Test(outcomes, every_series_written_means_nothing_is_missing)
{
    tasim_scenario_t *sc = three_units("");
    for (int i = 0; i < TASIM_OUTCOMES; i++)
        cr_assert_null(tasim_outcomes_missing_series(sc, i));
    tasim_scenario_destroy(sc);
}

Test(outcomes, finish_leaves_the_collector_ready_for_the_next_replication)
{
    tasim_scenario_t *sc = three_units("");
    tasim_outcomes_t *o = tasim_outcomes_create(sc);
    double first[TASIM_OUTCOMES], again[TASIM_OUTCOMES];
    replicate(o, 0, first);
    replicate(o, 0, again); /* the same index again, e.g. another variant */
    for (int i = 0; i < TASIM_OUTCOMES; i++)
        cr_assert(same(first[i], again[i]), "%s: %g vs %g",
                  tasim_outcome_names[i], first[i], again[i]);
    tasim_outcomes_destroy(o);
    tasim_scenario_destroy(sc);
}

Test(outcomes, a_new_replication_index_drops_an_unfinished_one)
{
    tasim_scenario_t *sc = three_units("");
    tasim_outcomes_t *o = tasim_outcomes_create(sc);
    double fresh[TASIM_OUTCOMES], out[TASIM_OUTCOMES];
    replicate(o, 1, fresh);
    synthetic_t s = BASE;
    for (size_t k = 0; k < SAMPLES; k++)
        for (size_t u = 0; u < UNITS; u++)
            s.capacity[k][u] = 0.99;
    feed_samples(o, 0, &s); /* replication 0 fails before its end */
    feed_scripted(o, 0);
    replicate(o, 1, out);
    for (int i = 0; i < TASIM_OUTCOMES; i++)
        cr_assert(same(fresh[i], out[i]), "%s", tasim_outcome_names[i]);
    tasim_outcomes_destroy(o);
    tasim_scenario_destroy(sc);
}

Test(outcomes, reset_drops_what_was_gathered)
{
    tasim_scenario_t *sc = three_units("");
    tasim_outcomes_t *o = tasim_outcomes_create(sc);
    feed_samples(o, 0, &BASE);
    feed_scripted(o, 0);
    tasim_outcomes_reset(o);
    double out[TASIM_OUTCOMES];
    tasim_outcomes_finish(o, out);
    cr_assert(isnan(out[TASIM_OUTCOME_CAPACITY_END]));
    cr_assert_eq(out[TASIM_OUTCOME_COST_TOTAL], 0);
    tasim_outcomes_destroy(o);
    tasim_scenario_destroy(sc);
}

/* ==== the collector on the real model =============================== */

#define ADVISOR_PROGRAMME                                                     \
    FIXTURE_PROGRAMME(                                                        \
    "      - {type: diagnostic, experts: 2, days: 8}\n"                       \
    "      - {type: resident_advisor, experts: 2, hands_on: 0.3}\n"           \
    "      - {type: training, every_months: 6, participants: 25, days: 4}\n" \
    "    objectives: [{capacity: %.17g, by: 2029-01}]\n")

static tasim_scenario_t *advisor_scenario(double target)
{
    char programme[1024];
    snprintf(programme, sizeof programme, ADVISOR_PROGRAMME, target);
    return fixture_one_unit(0.12, 0.2, 0.7, programme, "");
}

static void run_outcomes(const tasim_scenario_t *sc, tasim_outcomes_t *o,
                         unsigned rep, double out[TASIM_OUTCOMES])
{
    tasim_error_t err;
    tasim_error_clear(&err);
    int rc = tasim_model_run(sc, rep, &tasim_outcomes_observer, o, NULL, &err);
    cr_assert_eq(rc, 0, "model failed: %s", err.message);
    tasim_outcomes_finish(o, out);
}

Test(outcomes, on_the_model_they_agree_with_the_recorded_replication)
{
    /* Capacity starts near 0.17 in 2027 and peaks between 0.28 and 0.30:
     * with a target of 0.29 some replications reach it and some do not,
     * so both branches below are checked. */
    const double target = 0.29;
    tasim_scenario_t *sc = advisor_scenario(target);
    tasim_outcomes_t *o = tasim_outcomes_create(sc);
    size_t reached = 0;
    for (unsigned rep = 0; rep < 6; rep++) {
        double out[TASIM_OUTCOMES];
        run_outcomes(sc, o, rep, out);
        unit_trace_t t;
        fixture_run(sc, rep, &t);
        const tasim_programme_record_t *r = &t.programme;
        double last = t.capacity[t.n - 1];
        cr_assert_eq(out[TASIM_OUTCOME_CAPACITY_END], last);
        cr_assert(last >= 0 && last <= 1);
        cr_assert_float_eq(out[TASIM_OUTCOME_CAPACITY_GAIN],
                           last - t.capacity[0], 1e-15);
        cr_assert_eq(out[TASIM_OUTCOME_RETENTION_3Y], r->retention[1]);
        double total = 0;
        for (int c = 0; c < TASIM_COST_COMPONENTS; c++) {
            cr_assert_eq(out[TASIM_OUTCOME_COST_SALARIES + c], r->cost[c]);
            total += out[TASIM_OUTCOME_COST_SALARIES + c];
        }
        cr_assert_eq(out[TASIM_OUTCOME_COST_TOTAL], total);
        cr_assert_gt(total, 0);
        double gain = r->capacity_exit - r->capacity_start;
        if (gain > 0)
            cr_assert_float_eq(out[TASIM_OUTCOME_COST_PER_CAPACITY],
                               total / gain, 1e-9 * total / gain);
        else
            cr_assert(isnan(out[TASIM_OUTCOME_COST_PER_CAPACITY]));
        double dep = out[TASIM_OUTCOME_DEPENDENCY_TA];
        cr_assert(dep > 0 && dep <= 1, "dependency %g with advisors", dep);
        cr_assert(isnan(out[TASIM_OUTCOME_INDICATOR_END]), "no indicator");
        /* Time to target from the trace: the first monthly sample at or
         * after 2027 with capacity at the target. */
        double when = NAN;
        for (size_t i = 0; i < t.n && isnan(when); i++)
            if (t.year[i] >= 2027.0 - 1e-9 && t.capacity[i] >= target)
                when = t.year[i];
        if (isnan(when)) {
            cr_assert_eq(out[TASIM_OUTCOME_TARGET_REACHED], 0);
            cr_assert(isnan(out[TASIM_OUTCOME_TIME_TO_TARGET]));
        } else {
            reached++;
            cr_assert_eq(out[TASIM_OUTCOME_TARGET_REACHED], 1);
            cr_assert_float_eq(out[TASIM_OUTCOME_TIME_TO_TARGET],
                               when - r->start, 1e-9);
        }
    }
    cr_assert(reached > 0 && reached < 6, "%zu of 6 reached it", reached);
    tasim_outcomes_destroy(o);
    tasim_scenario_destroy(sc);
}

/* A scenario with requests, several units and indicators: the checks
 * that hold whatever happens in a replication. */
static tasim_scenario_t *crisis_scenario(void)
{
    tasim_diag_t diag;
    tasim_diag_init(&diag);
    tasim_scenario_t *sc = tasim_scenario_load_file(
        TASIM_SOURCE_DIR "/scenarios/crisis.yaml", &diag);
    cr_assert_not_null(sc, "scenarios/crisis.yaml must load");
    tasim_diag_fini(&diag);
    return sc;
}

Test(outcomes, on_a_larger_scenario_they_keep_their_invariants)
{
    tasim_scenario_t *sc = crisis_scenario();
    tasim_outcomes_t *o = tasim_outcomes_create(sc);
    for (unsigned rep = 0; rep < 3; rep++) {
        double out[TASIM_OUTCOMES];
        run_outcomes(sc, o, rep, out);
        double end = out[TASIM_OUTCOME_CAPACITY_END];
        cr_assert(end >= 0 && end <= 1, "capacity_end %g", end);
        cr_assert(isfinite(out[TASIM_OUTCOME_CAPACITY_GAIN]));
        double total = 0;
        for (int c = 0; c < TASIM_COST_COMPONENTS; c++) {
            cr_assert(out[TASIM_OUTCOME_COST_SALARIES + c] >= 0);
            total += out[TASIM_OUTCOME_COST_SALARIES + c];
        }
        cr_assert_eq(out[TASIM_OUTCOME_COST_TOTAL], total);
        double dep = out[TASIM_OUTCOME_DEPENDENCY_TA];
        cr_assert(isnan(dep) || (dep >= 0 && dep <= 1));
        double reached = out[TASIM_OUTCOME_TARGET_REACHED];
        cr_assert(isnan(reached) || (reached >= 0 && reached <= 1));
        double years = out[TASIM_OUTCOME_TIME_TO_TARGET];
        cr_assert(isnan(years) || (years >= 0 && years <= sc->run.years));
        cr_assert(isnan(years) == !(reached > 0));
    }
    tasim_outcomes_destroy(o);
    tasim_scenario_destroy(sc);
}

Test(outcomes, a_reused_collector_gives_what_fresh_ones_give)
{
    tasim_scenario_t *sc = crisis_scenario();
    tasim_outcomes_t *reused = tasim_outcomes_create(sc);
    double seq[2][TASIM_OUTCOMES];
    run_outcomes(sc, reused, 4, seq[0]);
    run_outcomes(sc, reused, 7, seq[1]);
    const unsigned reps[2] = {4, 7};
    for (size_t k = 0; k < 2; k++) {
        tasim_outcomes_t *fresh = tasim_outcomes_create(sc);
        double alone[TASIM_OUTCOMES];
        run_outcomes(sc, fresh, reps[k], alone);
        for (int i = 0; i < TASIM_OUTCOMES; i++)
            cr_assert(same(seq[k][i], alone[i]), "rep %u %s: %.17g vs %.17g",
                      reps[k], tasim_outcome_names[i], seq[k][i], alone[i]);
        tasim_outcomes_destroy(fresh);
    }
    tasim_outcomes_destroy(reused);
    tasim_scenario_destroy(sc);
}
