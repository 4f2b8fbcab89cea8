/*
 * test_rng.c: random streams (tasim/rng.h): seeds depend on exactly
 * (seed, replication, name, entity), streams are reproducible and
 * independent of the order in which they are created, the generator gives
 * a pinned known answer, and GSL errors become tasim errors.
 */
#include <criterion/criterion.h>
#include <math.h>

#include <gsl/gsl_sf_log.h>
#include <gsl/gsl_statistics_double.h>

#include "tasim/rng.h"
#include "tasim/sim.h"

Test(rng, stream_seed_changes_with_every_component)
{
    uint64_t base = tasim_rng_stream_seed(1, 2, "turnover", 3);
    cr_assert_eq(base, tasim_rng_stream_seed(1, 2, "turnover", 3));
    cr_assert_neq(base, tasim_rng_stream_seed(2, 2, "turnover", 3));
    cr_assert_neq(base, tasim_rng_stream_seed(1, 3, "turnover", 3));
    cr_assert_neq(base, tasim_rng_stream_seed(1, 2, "turnoveR", 3));
    cr_assert_neq(base, tasim_rng_stream_seed(1, 2, "turnover", 4));
    /* Swapping replication and entity must not collide (an XOR of the
     * components' hashes would). */
    cr_assert_neq(tasim_rng_stream_seed(1, 2, "x", 3),
                  tasim_rng_stream_seed(1, 3, "x", 2));
}

Test(rng, neighbouring_seeds_differ_in_about_half_their_bits)
{
    /* Avalanche: over 2,000 single-bit changes of the entity, the number
     * of flipped seed bits averages 32 with sd 4 per pair (binomial 64,
     * 1/2), so the mean over 2,000 pairs has sd 0.09; 0.5 is > 5 sd. */
    double total = 0;
    const int n = 2000;
    for (int i = 0; i < n; i++) {
        uint64_t a = tasim_rng_stream_seed(7, 0, "s", (uint64_t)i);
        uint64_t b = tasim_rng_stream_seed(7, 0, "s", (uint64_t)i ^ 1u << (i % 20));
        total += __builtin_popcountll(a ^ b);
    }
    cr_assert_float_eq(total / n, 32.0, 0.5);
}

/* The 10,000th output of stream (seed 1, replication 2, "x", entity 3).
 * Pinning it catches any change to the seed hash, the state expansion or
 * the generator: outputs of old runs must stay reproducible. */
Test(rng, stream_known_answer_at_the_ten_thousandth_draw)
{
    cr_assert_eq(tasim_rng_stream_seed(1, 2, "x", 3),
                 UINT64_C(0xa72d6f7da38024d7));
    gsl_rng *r = tasim_rng_create(tasim_rng_stream_seed(1, 2, "x", 3));
    for (int i = 0; i < 9999; i++)
        gsl_rng_get(r);
    cr_assert_eq(gsl_rng_get(r), 2578045640ul);
    cr_assert_str_eq(gsl_rng_name(r), TASIM_RNG_NAME);
    gsl_rng_free(r);
}

/* tasim's MT19937 type keeps 32-bit state words to halve the memory of a
 * stream; it must draw exactly GSL's numbers, through every entry point
 * the model uses, including across many regenerations of the block. */
Test(rng, compact_mt19937_draws_exactly_the_numbers_of_gsl_mt19937)
{
    static const unsigned long seeds[] = {0, 1, 4357, 20260701,
                                          0xffffffffUL};
    for (size_t k = 0; k < sizeof seeds / sizeof seeds[0]; k++) {
        gsl_rng *ours = gsl_rng_alloc(tasim_rng_mt19937);
        gsl_rng *gsl = gsl_rng_alloc(gsl_rng_mt19937);
        gsl_rng_set(ours, seeds[k]);
        gsl_rng_set(gsl, seeds[k]);
        cr_assert_eq(gsl_rng_max(ours), gsl_rng_max(gsl));
        cr_assert_eq(gsl_rng_min(ours), gsl_rng_min(gsl));
        cr_assert_lt(gsl_rng_size(ours), gsl_rng_size(gsl));
        for (int i = 0; i < 20000; i++) {
            cr_assert_eq(gsl_rng_get(ours), gsl_rng_get(gsl),
                         "seed %lu, draw %d", seeds[k], i);
            double a = gsl_rng_uniform(ours), b = gsl_rng_uniform(gsl);
            cr_assert(a == b, "uniform, seed %lu, draw %d", seeds[k], i);
            a = gsl_rng_uniform_pos(ours);
            b = gsl_rng_uniform_pos(gsl);
            cr_assert(a == b, "uniform_pos, seed %lu, draw %d", seeds[k],
                      i);
            cr_assert_eq(gsl_rng_uniform_int(ours, 1000003),
                         gsl_rng_uniform_int(gsl, 1000003));
        }
        gsl_rng_free(ours);
        gsl_rng_free(gsl);
    }
}

Test(rng, reseeding_restarts_the_same_sequence)
{
    gsl_rng *r = tasim_rng_create(12345);
    unsigned long first[5];
    for (int i = 0; i < 5; i++)
        first[i] = gsl_rng_get(r);
    tasim_rng_reseed(r, 12345);
    for (int i = 0; i < 5; i++)
        cr_assert_eq(gsl_rng_get(r), first[i]);
    gsl_rng_free(r);
}

Test(rng, seeds_differing_only_above_bit_31_give_different_streams)
{
    /* GSL's own gsl_rng_set() would map these to the same state. */
    gsl_rng *a = tasim_rng_create(UINT64_C(0x100000005));
    gsl_rng *b = tasim_rng_create(UINT64_C(0x200000005));
    int same = 0;
    for (int i = 0; i < 100; i++)
        same += gsl_rng_get(a) == gsl_rng_get(b);
    cr_assert_lt(same, 3);
    gsl_rng_free(a);
    gsl_rng_free(b);
}

Test(rng, a_stream_does_not_depend_on_which_streams_exist_before_it)
{
    tasim_sim_config_t config = {.seed = 2026, .replication = 3};
    tasim_sim_t *lone = tasim_sim_create(&config);
    tasim_sim_t *busy = tasim_sim_create(&config);
    for (uint64_t e = 0; e < 100; e++) /* forces the registry to grow */
        gsl_rng_uniform(tasim_sim_stream(busy, "other", e));
    gsl_rng *a = tasim_sim_stream(lone, "turnover", 17);
    gsl_rng *b = tasim_sim_stream(busy, "turnover", 17);
    for (int i = 0; i < 1000; i++)
        cr_assert_eq(gsl_rng_get(a), gsl_rng_get(b));
    cr_assert_eq(tasim_sim_stream(busy, "turnover", 17), b,
                 "a second lookup returns the same stream");
    tasim_sim_destroy(lone);
    tasim_sim_destroy(busy);
}

Test(rng, exponential_sampler_has_the_requested_mean)
{
    /* 100,000 draws of Exp(rate 2.7): the sample mean has sd
     * (1/2.7)/sqrt(1e5) = 0.00117; allow 4.5 sd. */
    gsl_rng *r = tasim_rng_create(31337);
    const size_t n = 100000;
    static double x[100000];
    for (size_t i = 0; i < n; i++)
        x[i] = tasim_rng_exponential(r, 2.7);
    double mean = gsl_stats_mean(x, 1, n);
    cr_assert_float_eq(mean, 1 / 2.7, 4.5 * (1 / 2.7) / sqrt((double)n));
    cr_assert(isinf(tasim_rng_exponential(r, 0.0)),
              "a zero rate never fires");
    gsl_rng_free(r);
}

Test(rng, streams_of_neighbouring_entities_are_uncorrelated)
{
    /* Pearson correlation of 20,000 paired uniforms from streams of
     * entities 0 and 1: under independence its sd is 1/sqrt(n) = 0.0071;
     * allow 4.5 sd. */
    tasim_sim_config_t config = {.seed = 5, .replication = 0};
    tasim_sim_t *sim = tasim_sim_create(&config);
    gsl_rng *a = tasim_sim_stream(sim, "p", 0);
    gsl_rng *b = tasim_sim_stream(sim, "p", 1);
    const size_t n = 20000;
    static double x[20000], y[20000];
    for (size_t i = 0; i < n; i++) {
        x[i] = gsl_rng_uniform(a);
        y[i] = gsl_rng_uniform(b);
    }
    double rho = gsl_stats_correlation(x, 1, y, 1, n);
    cr_assert_lt(fabs(rho), 4.5 / sqrt((double)n), "rho = %g", rho);
    tasim_sim_destroy(sim);
}

Test(rng, gsl_errors_become_tasim_errors_instead_of_aborting)
{
    tasim_gsl_install_handler();
    tasim_error_t err;
    tasim_error_clear(&err);
    cr_assert_eq(tasim_gsl_take_error(&err), 0, "no error recorded yet");
    double v = gsl_sf_log(-1.0); /* domain error: GSL calls the handler */
    (void)v;
    cr_assert_eq(tasim_gsl_take_error(&err), TASIM_EGSL);
    cr_assert_eq(err.code, TASIM_EGSL);
    cr_assert(strstr(err.message, "GSL error") != NULL, "%s", err.message);
    cr_assert_eq(tasim_gsl_take_error(&err), 0, "taking clears the record");
}
