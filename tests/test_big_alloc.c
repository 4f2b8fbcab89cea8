/*
 * test_big_alloc.c: large arrays keep their contents through every
 * change of size, whether the block moves by copy (small blocks, or into
 * and out of a mapping of its own) or by moving its pages (mapping to
 * mapping).
 */
#include <criterion/criterion.h>
#include <stdint.h>
#include <string.h>

#include "../sim/big_alloc.h"

/* The value stored at element i of a test array. */
static uint64_t pattern(size_t i) { return (uint64_t)i * 2654435761u + 1; }

static void fill(uint64_t *a, size_t from, size_t to)
{
    for (size_t i = from; i < to; i++)
        a[i] = pattern(i);
}

static void expect_pattern(const uint64_t *a, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (a[i] != pattern(i))
            cr_assert_fail("element %zu of %zu lost", i, n);
}

Test(big_alloc, growing_by_doubling_keeps_every_element)
{
    /* From 1 KB (malloc) across the 2 MB threshold to 64 MB (mappings). */
    uint64_t *a = NULL;
    size_t n = 0;
    for (size_t cap = 128; cap <= ((size_t)64 << 20) / sizeof *a; cap *= 2) {
        a = tasim_big_resize(a, n * sizeof *a, cap * sizeof *a);
        expect_pattern(a, n);
        fill(a, n, cap);
        n = cap;
    }
    expect_pattern(a, n);
    tasim_big_free(a, n * sizeof *a);
}

Test(big_alloc, growing_by_odd_sizes_keeps_every_element)
{
    /* Sizes that are not whole huge pages, so a mapping's last page is
     * partly used. */
    const size_t sizes[] = {3 << 20, (5 << 20) + 17, (5 << 20) + 4096,
                            (11 << 20) + 1};
    uint64_t *a = NULL;
    size_t n = 0;
    for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
        size_t cap = sizes[k] / sizeof *a;
        a = tasim_big_resize(a, n * sizeof *a, cap * sizeof *a);
        expect_pattern(a, n);
        fill(a, n, cap);
        n = cap;
    }
    tasim_big_free(a, n * sizeof *a);
}

Test(big_alloc, shrinking_keeps_the_front)
{
    size_t n = ((size_t)16 << 20) / sizeof(uint64_t);
    uint64_t *a = tasim_big_resize(NULL, 0, n * sizeof *a);
    fill(a, 0, n);
    const size_t smaller[] = {n / 2, (3 << 20) / sizeof *a, 1000};
    for (size_t k = 0; k < sizeof smaller / sizeof smaller[0]; k++) {
        a = tasim_big_resize(a, n * sizeof *a, smaller[k] * sizeof *a);
        n = smaller[k];
        expect_pattern(a, n);
    }
    tasim_big_free(a, n * sizeof *a);
}

Test(big_alloc, shrinking_then_growing_keeps_the_front)
{
    /* Within one huge page and across several. */
    const size_t steps[] = {(6 << 20) + 8, (5 << 20) + 16, (9 << 20) + 8,
                            (2 << 20) + 8, (12 << 20) + 8};
    uint64_t *a = NULL;
    size_t n = 0, valid = 0; /* elements holding the pattern */
    for (size_t k = 0; k < sizeof steps / sizeof steps[0]; k++) {
        size_t cap = steps[k] / sizeof *a;
        a = tasim_big_resize(a, n * sizeof *a, cap * sizeof *a);
        valid = valid < cap ? valid : cap;
        expect_pattern(a, valid);
        fill(a, valid, cap);
        n = valid = cap;
    }
    tasim_big_free(a, n * sizeof *a);
}

Test(big_alloc, zeroed_blocks_are_zero_at_every_size)
{
    const size_t sizes[] = {16, 4096, (2 << 20) - 1, 2 << 20, (9 << 20) + 5};
    for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
        unsigned char *z = tasim_big_zeroed(sizes[k]);
        for (size_t i = 0; i < sizes[k]; i++)
            if (z[i] != 0)
                cr_assert_fail("byte %zu of %zu is %d", i, sizes[k], z[i]);
        tasim_big_free(z, sizes[k]);
    }
}
