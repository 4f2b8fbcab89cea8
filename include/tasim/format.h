/*
 * tasim/format.h: numbers for the output files, fast.
 *
 * Every number tasim writes is printed as printf's "%.10g" would print it
 * (ten significant digits: far beyond the model's precision, and the same
 * bytes on every platform with a correct printf). A world-scale run
 * writes tens of millions of numbers, and glibc's printf spends most of
 * its time in arbitrary-precision arithmetic that ten digits rarely need.
 * tasim_format_g10() gets the same bytes in a few dozen nanoseconds: it
 * scales the value into [1e9, 1e10) in 64-bit extended precision, where
 * the error is below 1e-9, and rounds; only when the result lies within
 * 1e-7 of a rounding boundary (or the exponent is out of the range of
 * exact powers of ten, or the platform lacks extended precision) does it
 * ask snprintf. tests/test_format.c compares the two on millions of
 * values.
 */
#ifndef TASIM_FORMAT_H
#define TASIM_FORMAT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Room for any "%.10g" of a double, with its NUL. */
#define TASIM_FORMAT_G10_MAX 24

/* Write "%.10g" of finite `v` into `out` (at least TASIM_FORMAT_G10_MAX
 * bytes) with a terminating NUL; returns its length. */
size_t tasim_format_g10(char *out, double v);

/* The same into `f`. */
void tasim_fput_g10(FILE *f, double v);

/* Decimal digits of `v` into `out` (at least 21 bytes), NUL-terminated;
 * returns the length. */
size_t tasim_format_u64(char *out, uint64_t v);

#ifdef __cplusplus
}
#endif

#endif /* TASIM_FORMAT_H */
