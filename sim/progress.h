/*
 * progress.h (private): the one-line progress display of long commands on
 * stderr: tasks done, events per second and the time left.
 */
#ifndef TASIM_PROGRESS_H
#define TASIM_PROGRESS_H

#include <stdint.h>
#include <time.h>

typedef struct tasim_progress {
    int enabled;
    uint64_t total;
    const char *unit; /* "replications", "points", ... */
    struct timespec t0;
    double last_shown;
} tasim_progress_t;

/* Start the clock. The display is on unless `quiet` is set, when
 * `force` is set or stderr is a terminal: --quiet wins over --progress,
 * whichever comes first on the command line. */
void tasim_progress_start(tasim_progress_t *p, int quiet, int force,
                          uint64_t total, const char *unit);
/* `done` of the total finished, having fired `events` events so far;
 * redrawn at most ten times a second, and always at the end. */
void tasim_progress_update(tasim_progress_t *p, uint64_t done,
                           uint64_t events);
/* End the line; returns the seconds since the start. */
double tasim_progress_end(tasim_progress_t *p);
/* Seconds since the start. */
double tasim_progress_elapsed(const tasim_progress_t *p);

#endif
