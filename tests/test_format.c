/*
 * test_format.c: the fast "%.10g" writes exactly what printf writes.
 */
#include <criterion/criterion.h>
#include <inttypes.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "tasim/format.h"
#include "tasim/rng.h"

static void expect_as_printf(double v)
{
    char want[64], got[TASIM_FORMAT_G10_MAX];
    snprintf(want, sizeof want, "%.10g", v);
    size_t n = tasim_format_g10(got, v);
    cr_assert_str_eq(got, want, "%.17g: wrote %s, printf %s", v, got, want);
    cr_assert_eq(n, strlen(want));
}

Test(format, values_of_every_size_match_printf)
{
    gsl_rng *r = tasim_rng_create(20261123);
    for (int i = 0; i < 1000000; i++) {
        /* Random bits: every exponent, sign and significand. */
        uint64_t bits = ((uint64_t)gsl_rng_get(r) << 32) ^ gsl_rng_get(r);
        double v;
        memcpy(&v, &bits, sizeof v);
        if (isfinite(v))
            expect_as_printf(v);
    }
    gsl_rng_free(r);
}

Test(format, the_numbers_a_model_writes_match_printf)
{
    gsl_rng *r = tasim_rng_create(7);
    for (int i = 0; i < 1000000; i++) {
        double u = gsl_rng_uniform(r);
        expect_as_printf(u);                        /* shares */
        expect_as_printf(2026 + (i % 361) / 12.0);  /* decimal years */
        expect_as_printf(floor(u * 1e7) * 0.01);    /* dollars and cents */
        expect_as_printf((double)(i % 100000));     /* counts */
        expect_as_printf(-u * pow(10, i % 30 - 15));
    }
    gsl_rng_free(r);
}

Test(format, rounding_boundaries_and_ties_match_printf)
{
    const double cases[] = {
        0.0, -0.0, 1, -1, 0.5, 1e-5, 1e-4, 0.0001234567891, 9.9999999995,
        9.99999999949, 9.99999999951, 99999.999995, 1234567890.5,
        12345678905.0, 12345678915.0, 9999999999.5, 1e10, 1e9, 999999999.9,
        0.1, 0.2, 0.3, 1.0 / 3, 2.0 / 3, 1e22, 1e23, 1e-300, 5e-324,
        1.7976931348623157e308, 123456.7890123, 1.25e-5, 0.00009999999999,
        0.000099999999995, 100, 1e15, 4.35, 2.675, 1.0000000005,
        1.00000000050000001, 0.30000000000000004};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        expect_as_printf(cases[i]);
        expect_as_printf(nextafter(cases[i], INFINITY));
        expect_as_printf(nextafter(cases[i], -INFINITY));
    }
    /* Every power of ten and its neighbours. */
    for (int e = -310; e <= 308; e++) {
        double p = pow(10, e);
        expect_as_printf(p);
        expect_as_printf(nextafter(p, 0));
        expect_as_printf(nextafter(p, INFINITY));
    }
}

Test(format, whole_numbers_print_their_digits)
{
    char buf[21];
    cr_expect_eq(tasim_format_u64(buf, 0), 1);
    cr_expect_str_eq(buf, "0");
    tasim_format_u64(buf, UINT64_MAX);
    cr_expect_str_eq(buf, "18446744073709551615");
}

Test(format, whole_numbers_of_every_length_match_printf)
{
    /* Each number of digits, at its ends and in between, where the
     * two-digit steps meet odd lengths. */
    char want[32], got[21];
    for (uint64_t p = 1; p <= UINT64_MAX / 10; p *= 10) {
        const uint64_t cases[] = {p - 1, p, p + 1, 3 * p + 7, 10 * p - 1};
        for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
            snprintf(want, sizeof want, "%" PRIu64, cases[i]);
            cr_assert_eq(tasim_format_u64(got, cases[i]), strlen(want));
            cr_assert_str_eq(got, want);
        }
    }
    /* Twenty digits, the most there are. */
    const uint64_t twenty[] = {UINT64_C(10000000000000000000),
                               UINT64_C(10000000000000000001),
                               UINT64_MAX - 1};
    for (size_t i = 0; i < sizeof twenty / sizeof twenty[0]; i++) {
        snprintf(want, sizeof want, "%" PRIu64, twenty[i]);
        cr_assert_eq(tasim_format_u64(got, twenty[i]), 20);
        cr_assert_str_eq(got, want);
    }
}
