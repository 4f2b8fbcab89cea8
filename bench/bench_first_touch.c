/*
 * bench_first_touch.c: what it costs to touch fresh memory, page by page,
 * through malloc and through the large-array allocator (sim/big_alloc.h),
 * which maps blocks of 2 MB and more on their own, advised for transparent
 * huge pages.
 *
 * World-scale runs fill tens of megabytes of fresh arrays per replication
 * and per thread; on virtual machines a 4 KB page fault can cost ten
 * times what filling the page does, which is why the allocator exists.
 * Prints one line per allocator, e.g.
 *   bench=first_touch allocator=malloc megabytes=256 seconds=0.70 microseconds_per_4k_page=10.7
 * Usage: bench_first_touch [MEGABYTES] [REPEATS]
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "big_alloc.h"
#include "tasim/alloc.h"

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/* Write one byte per 4 KB page, as filling an array front to back does. */
static double touch(volatile char *p, size_t bytes)
{
    double t0 = now();
    for (size_t i = 0; i < bytes; i += 4096)
        p[i] = 1;
    return now() - t0;
}

static void report(const char *allocator, size_t bytes, double seconds)
{
    printf("bench=first_touch allocator=%s megabytes=%zu seconds=%.3f "
           "microseconds_per_4k_page=%.2f\n",
           allocator, bytes >> 20, seconds,
           1e6 * seconds / (double)(bytes / 4096));
}

int main(int argc, char **argv)
{
    size_t mb = argc > 1 ? (size_t)strtoul(argv[1], NULL, 10) : 256;
    int repeats = argc > 2 ? atoi(argv[2]) : 3;
    size_t bytes = mb << 20;
    /* Fastest of the repeats, the two allocators taking turns. */
    double best_malloc = 1e30, best_big = 1e30;
    for (int r = 0; r < repeats; r++) {
        char *a = tasim_xmalloc(bytes);
        double t = touch(a, bytes);
        free(a);
        best_malloc = t < best_malloc ? t : best_malloc;
        char *b = tasim_big_resize(NULL, 0, bytes);
        t = touch(b, bytes);
        tasim_big_free(b, bytes);
        best_big = t < best_big ? t : best_big;
    }
    report("malloc", bytes, best_malloc);
    report("big_alloc", bytes, best_big);
    return 0;
}
