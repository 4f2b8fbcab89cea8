/*
 * format.c: "%.10g" without printf's big-number arithmetic (see
 * tasim/format.h).
 *
 * A finite nonzero |v| is written as D x 10^(e - 9) with D the ten-digit
 * integer nearest to |v| / 10^(e - 9), e being the decimal exponent of
 * the rounded value. D comes from m = |v| x 10^(9 - e) computed in long
 * double: 10^k is exact in a 64-bit significand for k <= 27, and one
 * multiplication or division rounds once, so m carries a relative error
 * of at most 2^-64, under 1e-9 in absolute terms for m < 1e10. When the
 * fraction of m is further than 1e-7 from one half, rounding m to the
 * nearest integer therefore rounds the exact value the same way printf
 * does; otherwise (ties and near-ties) printf decides.
 *
 * A faster path comes first: when 10^(9 - e) is exact in a double
 * (|9 - e| <= 22), m computed in double arithmetic is one rounding from
 * the exact value, within 1.2e-6 of it for m < 1e10; when its fraction
 * is further than 1e-5 from one half, rounding it rounds the exact value
 * the same way. That settles all but about one value in fifty thousand
 * without the x87 unit, whose rounding-mode switches dominated the cost.
 *
 * Then C's %g rule: with X the exponent of the rounded value and P = 10,
 * fixed notation with P - 1 - X decimals if -4 <= X < P, else exponent
 * notation with P - 1 decimals; trailing zeros and a bare point removed.
 */
#include "tasim/format.h"

#include <float.h>
#include <math.h>
#include <string.h>

enum { SIGNIFICANT = 10, MAX_EXACT_POWER = 27 };

static size_t fallback(char *out, double v)
{
    return (size_t)snprintf(out, TASIM_FORMAT_G10_MAX, "%.10g", v);
}

/* "00", "01", ..., "99": digits go out two at a time, halving the
 * divisions. */
static const char pairs[201] =
    "0001020304050607080910111213141516171819"
    "2021222324252627282930313233343536373839"
    "4041424344454647484950515253545556575859"
    "6061626364656667686970717273747576777879"
    "8081828384858687888990919293949596979899";

size_t tasim_format_u64(char *out, uint64_t v)
{
    char tmp[20];
    char *p = tmp + sizeof tmp; /* filled from the right */
    while (v >= 100) {
        p -= 2;
        memcpy(p, pairs + 2 * (v % 100), 2);
        v /= 100;
    }
    if (v >= 10) {
        p -= 2;
        memcpy(p, pairs + 2 * v, 2);
    } else {
        *--p = (char)('0' + v);
    }
    size_t n = (size_t)(tmp + sizeof tmp - p);
    memcpy(out, p, n);
    out[n] = '\0';
    return n;
}

/* The ten digits of d, 10^9 <= d < 10^10, into out (no NUL). */
static void ten_digits(char *out, uint64_t d)
{
    uint32_t hi = (uint32_t)(d / 100000), lo = (uint32_t)(d % 100000);
    /* Five digits each: a lone digit, then two pairs. */
    out[0] = (char)('0' + hi / 10000);
    memcpy(out + 1, pairs + 2 * (hi / 100 % 100), 2);
    memcpy(out + 3, pairs + 2 * (hi % 100), 2);
    out[5] = (char)('0' + lo / 10000);
    memcpy(out + 6, pairs + 2 * (lo / 100 % 100), 2);
    memcpy(out + 8, pairs + 2 * (lo % 100), 2);
}

/* Powers of ten that doubles hold exactly. */
static const double exact_p10[23] = {
    1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
    1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

/* floor(log10(a)) for finite a > 0, found from the binary exponent and
 * one comparison with a power of ten; outside 1e-22..1e22 it may be one
 * short. Callers check the scaled value and adjust (as they must with
 * log10 too, which can be one off near powers of ten), so an estimate one
 * off costs time, never a wrong digit. */
static int decimal_exponent(double a)
{
    int b;
    (void)frexp(a, &b); /* a = f 2^b, f in [0.5, 1): 2^(b-1) <= a < 2^b */
    /* log10(a) lies in [(b-1) log10(2), b log10(2)), an interval shorter
     * than 1: the floor of its lower end, or one more. */
    int e = (int)floor((b - 1) * 0.30102999566398120);
    int up = e + 1;
    if (up >= 0 && up <= 22)
        e += a >= exact_p10[up];
    else if (up < 0 && up >= -22)
        e += a * exact_p10[-up] >= 1; /* exact power, one rounding */
    return e;
}

/* The ten significant digits of |v| rounded, from the double path, if it
 * can decide them (see the file comment). */
static int fast_digits(double a, int k, uint64_t *digits)
{
    if (k < -22 || k > 22)
        return 0;
    double m = k >= 0 ? a * exact_p10[k] : a / exact_p10[-k];
    /* log10 may be one off near powers of ten: the long path adjusts. */
    if (!(m >= 1e9 && m < 1e10))
        return 0;
    double whole = floor(m), frac = m - whole;
    if (fabs(frac - 0.5) < 1e-5)
        return 0;
    *digits = (uint64_t)whole + (frac > 0.5);
    return 1;
}

#if LDBL_MANT_DIG >= 64
/* |v| scaled by 10^k, k in [-27, 27]. */
static long double scaled(double a, int k, const long double *p10)
{
    return k >= 0 ? (long double)a * p10[k] : (long double)a / p10[-k];
}

/* The digits in 64-bit extended precision (see the file comment); 0 when
 * printf must decide. On return *e is the exponent of the rounded
 * value's leading digit. */
static int long_digits(double a, int *e, uint64_t *digits)
{
    static const long double p10[MAX_EXACT_POWER + 1] = {
        1e0L,  1e1L,  1e2L,  1e3L,  1e4L,  1e5L,  1e6L,  1e7L,
        1e8L,  1e9L,  1e10L, 1e11L, 1e12L, 1e13L, 1e14L, 1e15L,
        1e16L, 1e17L, 1e18L, 1e19L, 1e20L, 1e21L, 1e22L, 1e23L,
        1e24L, 1e25L, 1e26L, 1e27L};
    int k = SIGNIFICANT - 1 - *e;
    if (k < -MAX_EXACT_POWER + 1 || k > MAX_EXACT_POWER - 1)
        return 0;
    long double m = scaled(a, k, p10);
    /* log10 may be one off near powers of ten: bring m into [1e9, 1e10). */
    if (m < 1e9L) {
        (*e)--;
        k++;
        m = scaled(a, k, p10);
    } else if (m >= 1e10L) {
        (*e)++;
        k--;
        m = scaled(a, k, p10);
    }
    long double whole = floorl(m), frac = m - whole;
    if (fabsl(frac - 0.5L) < 1e-7L)
        return 0;
    *digits = (uint64_t)whole + (frac > 0.5L);
    return 1;
}
#endif

static size_t write_digits(char *out, int negative, uint64_t digits, int e);

size_t tasim_format_g10(char *out, double v)
{
    if (v == 0) { /* common (empty queues, no dependency): no detour */
        char *p = out;
        if (signbit(v))
            *p++ = '-';
        *p++ = '0';
        *p = '\0';
        return (size_t)(p - out);
    }
    if (!isfinite(v))
        return fallback(out, v);
    double a = fabs(v);
    int e = decimal_exponent(a);
    uint64_t digits;
    if (fast_digits(a, SIGNIFICANT - 1 - e, &digits))
        return write_digits(out, v < 0, digits, e);
#if LDBL_MANT_DIG >= 64
    if (long_digits(a, &e, &digits))
        return write_digits(out, v < 0, digits, e);
#endif
    return fallback(out, v);
}

/* Write the number with these ten significant digits (of which trailing
 * zeros are dropped) and decimal exponent e, by C's %g rule. */
static size_t write_digits(char *out, int negative, uint64_t digits, int e)
{
    if (digits == 10000000000u) { /* 9.9999999996 rounds up to 10 */
        digits = 1000000000u;
        e++;
    }
    char d[SIGNIFICANT];
    ten_digits(d, digits);
    /* Significant digits left once trailing zeros go. */
    int keep = SIGNIFICANT;
    while (keep > 1 && d[keep - 1] == '0')
        keep--;

    char *p = out;
    if (negative)
        *p++ = '-';
    if (e >= -4 && e < SIGNIFICANT) {
        if (e >= 0) {
            memcpy(p, d, (size_t)e + 1);
            p += e + 1;
            if (keep > e + 1) {
                *p++ = '.';
                memcpy(p, d + e + 1, (size_t)(keep - e - 1));
                p += keep - e - 1;
            }
        } else {
            *p++ = '0';
            *p++ = '.';
            for (int i = 0; i < -e - 1; i++)
                *p++ = '0';
            memcpy(p, d, (size_t)keep);
            p += keep;
        }
    } else {
        *p++ = d[0];
        if (keep > 1) {
            *p++ = '.';
            memcpy(p, d + 1, (size_t)keep - 1);
            p += keep - 1;
        }
        *p++ = 'e';
        *p++ = e < 0 ? '-' : '+';
        int x = e < 0 ? -e : e;
        if (x >= 100)
            *p++ = (char)('0' + x / 100);
        *p++ = (char)('0' + x / 10 % 10);
        *p++ = (char)('0' + x % 10);
    }
    *p = '\0';
    return (size_t)(p - out);
}

void tasim_fput_g10(FILE *f, double v)
{
    char buf[TASIM_FORMAT_G10_MAX];
    size_t n = tasim_format_g10(buf, v);
    fwrite(buf, 1, n, f);
}
