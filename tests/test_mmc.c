/*
 * test_mmc.c: the engine proves itself on the M/M/c queue, whose answers
 * queueing theory gives in closed form (Erlang C).
 *
 * Statistical tolerances come from the replications: each replication's
 * estimate is one observation, and the test demands that the closed form
 * lie inside the 99% confidence interval of their mean (Student t with
 * R - 1 degrees of freedom, from GSL). The seed is fixed, so the outcome is
 * deterministic; the interval says how far from the truth the estimate may
 * honestly be.
 */
#include <criterion/criterion.h>
#include <math.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_statistics_double.h>

#include "tasim/mmc.h"

Test(mmc, erlang_c_matches_known_values)
{
    /* One server: P(wait) = utilisation. */
    cr_assert_float_eq(tasim_erlang_c(1, 0.7), 0.7, 1e-15);
    /* Two servers, a = 1: C = 1/3 (textbook value). */
    cr_assert_float_eq(tasim_erlang_c(2, 1.0), 1.0 / 3.0, 1e-15);
    /* c = 10, a = 9: computed from the explicit sum
     * C = (a^c/c!)(c/(c-a)) / (sum_{k<c} a^k/k! + (a^c/c!)(c/(c-a))). */
    double term = 1, sum = 0;
    for (int k = 0; k < 10; k++) {
        sum += term;
        term *= 9.0 / (k + 1);
    }
    double tail = term * 10.0 / (10.0 - 9.0);
    cr_assert_float_eq(tasim_erlang_c(10, 9.0), tail / (sum + tail), 1e-12);
    cr_assert_float_eq(tasim_mmc_mean_wait(10, 9.0, 1.0),
                       tasim_erlang_c(10, 9.0) / 1.0, 1e-15);
}

enum { REPLICATIONS = 30 };

typedef struct {
    double wait[REPLICATIONS];
    double little_gap[REPLICATIONS]; /* L_q - lambda_obs * W_q */
} mmc_sample_t;

static void simulate(mmc_sample_t *s)
{
    /* c = 10, 9 arrivals per hour, 1 service per hour (rho = 0.9). The
     * relaxation time at this load is of the order of 1 / (c mu (1 -
     * sqrt rho)^2), about 40 hours; 20,000 warm-up customers (~2,200 hours)
     * wash out the empty start, and 200,000 measured customers per
     * replication make each estimate an average over ~500 relaxation
     * times. */
    tasim_mmc_params_t p = {.servers = 10, .arrival_rate = 9.0,
                            .service_rate = 1.0, .warmup = 20000,
                            .customers = 200000};
    for (int r = 0; r < REPLICATIONS; r++) {
        tasim_mmc_result_t res;
        cr_assert_eq(tasim_mmc_simulate(&p, 20261123, (uint64_t)r, &res), 0);
        cr_assert_eq(res.measured, p.customers);
        s->wait[r] = res.mean_wait;
        s->little_gap[r] = res.mean_queue - res.arrival_rate * res.mean_wait;
    }
}

static double half_width_99(const double *x, size_t n)
{
    double sd = gsl_stats_sd(x, 1, n);
    return gsl_cdf_tdist_Pinv(0.995, (double)(n - 1)) * sd / sqrt((double)n);
}

Test(mmc, mean_wait_matches_erlang_c_within_the_replications_ci)
{
    static mmc_sample_t s;
    simulate(&s);
    double expected = tasim_mmc_mean_wait(10, 9.0, 1.0);
    double mean = gsl_stats_mean(s.wait, 1, REPLICATIONS);
    double hw = half_width_99(s.wait, REPLICATIONS);
    cr_assert_lt(fabs(mean - expected), hw,
                 "mean wait %.5f h, Erlang C %.5f h, 99%% CI half-width %.5f",
                 mean, expected, hw);
    /* The interval must also be informative: under 5% of the answer. */
    cr_assert_lt(hw, 0.05 * expected, "half-width %.5f too wide", hw);
}

Test(mmc, littles_law_holds_for_the_queue)
{
    /* L_q = lambda W_q per replication, up to the edge effects of the
     * window (customers already waiting when it opens, or still waiting
     * when it closes), which have mean zero in steady state. */
    static mmc_sample_t s;
    simulate(&s);
    double mean = gsl_stats_mean(s.little_gap, 1, REPLICATIONS);
    double hw = half_width_99(s.little_gap, REPLICATIONS);
    cr_assert_lt(fabs(mean), hw, "L - lambda W = %.6f, 99%% CI half-width "
                                 "%.6f", mean, hw);
    cr_assert_lt(hw, 0.01, "edge effects should be tiny: %.6f", hw);
}

Test(mmc, invalid_parameters_are_rejected)
{
    tasim_mmc_result_t res;
    tasim_mmc_params_t p = {.servers = 0, .arrival_rate = 1,
                            .service_rate = 1, .customers = 10};
    cr_assert_lt(tasim_mmc_simulate(&p, 1, 0, &res), 0);
    p.servers = 1;
    p.arrival_rate = NAN;
    cr_assert_lt(tasim_mmc_simulate(&p, 1, 0, &res), 0);
}
