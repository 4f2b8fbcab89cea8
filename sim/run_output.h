/*
 * run_output.h (private): what `tasim run` writes, whatever computed the
 * replications: this process's threads, MPI ranks, or shards gathered by
 * `tasim merge`.
 */
#ifndef TASIM_RUN_OUTPUT_H
#define TASIM_RUN_OUTPUT_H

#include <signal.h>

#include "ensemble.h"
#include "tasim/scenario.h"

/* Up to this many replications, series.csv is written by default: small
 * runs are for looking at single trajectories; large ones for bands.
 * Unless it would exceed this many rows (a world-scale run writes 2.3
 * million per replication): then only with -k. */
enum { TASIM_KEEP_BY_DEFAULT_UP_TO = 10 };
#define TASIM_KEEP_BY_DEFAULT_MAX_ROWS 2e6

typedef struct tasim_run_output_options {
    const char *output;
    int force, keep, quiet, progress, seed_drawn;
    int threads;   /* for the statistics at the end (1 if 0) */
    int argc;      /* the command line, for the manifest */
    char **argv;
    volatile sig_atomic_t *interrupted;
} tasim_run_output_options_t;

/*
 * Write DIR (o->output) atomically from the replications of `sc` that
 * `feed` delivers: summary.csv, series.csv (kept runs), programmes.csv,
 * programmes-summary.csv, requests.csv and manifest.yaml. Returns an exit
 * code (cli.h).
 */
int tasim_run_output_write(const tasim_scenario_t *sc,
                           const tasim_run_output_options_t *o,
                           const tasim_feed_t *feed);

/* The job of one replication per task, whose results are recordings
 * (tasim/recording.h); `deliver` and `progress` are left to the caller. */
tasim_job_t tasim_run_job(const tasim_scenario_t *sc);

#endif
