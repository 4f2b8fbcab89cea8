/*
 * progress.c: the progress line (progress.h).
 */
#define _POSIX_C_SOURCE 200809L
#include "progress.h"

#include <stdio.h>
#include <unistd.h>

void tasim_progress_start(tasim_progress_t *p, int quiet, int force,
                          uint64_t total, const char *unit)
{
    p->enabled = !quiet && (force || isatty(STDERR_FILENO));
    p->total = total;
    p->unit = unit;
    p->last_shown = -1;
    clock_gettime(CLOCK_MONOTONIC, &p->t0);
}

double tasim_progress_elapsed(const tasim_progress_t *p)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)(t.tv_sec - p->t0.tv_sec) +
           1e-9 * (double)(t.tv_nsec - p->t0.tv_nsec);
}

void tasim_progress_update(tasim_progress_t *p, uint64_t done,
                           uint64_t events)
{
    if (!p->enabled || p->total == 0)
        return;
    double elapsed = tasim_progress_elapsed(p);
    if (elapsed - p->last_shown < 0.1 && done != p->total)
        return;
    p->last_shown = elapsed;
    int width = 30, filled = (int)(width * done / p->total);
    double eta = done ? elapsed / (double)done * (double)(p->total - done)
                      : 0;
    fprintf(stderr, "\rtasim: [%.*s%*s] %llu/%llu %s, %.3g events/s, "
                    "ETA %.0fs ",
            filled, "##############################", width - filled, "",
            (unsigned long long)done, (unsigned long long)p->total, p->unit,
            elapsed > 0 ? (double)events / elapsed : 0, eta);
}

double tasim_progress_end(tasim_progress_t *p)
{
    if (p->enabled)
        fputc('\n', stderr);
    return tasim_progress_elapsed(p);
}
