/*
 * sweep_output.h (private): `tasim sweep`: the design points of the
 * scenario's `sweep` block, their replications on common random numbers,
 * outcomes per point, sensitivity indices, and the ledger that lets an
 * interrupted sweep resume.
 *
 * Task p is design point p: the scenario with the point's parameter
 * values, run for replications 0..R-1 under the scenario's seed, so every
 * point draws the same random streams and differences between points
 * come from the parameters, not from noise (MODEL.md section 7).
 */
#ifndef TASIM_SWEEP_OUTPUT_H
#define TASIM_SWEEP_OUTPUT_H

#include <signal.h>
#include <stdint.h>

#include "ensemble.h"
#include "shard.h"
#include "tasim/design.h"
#include "tasim/scenario.h"

/* What a design point evaluates: the model, or a test function with
 * known sensitivity indices that checks the sweep machinery itself. */
enum { TASIM_SWEEP_MODEL = 0, TASIM_SWEEP_ISHIGAMI = 1 };

typedef struct tasim_sweep_setup {
    const tasim_scenario_t *base;
    int function;          /* TASIM_SWEEP_* */
    size_t outcome_count;  /* TASIM_OUTCOMES for the model */
    const char *const *outcome_names, *const *outcome_units;
    tasim_sweep_design_t design;
    uint64_t replications; /* per point */
    uint64_t seed;
    int seed_drawn;
    double level;          /* of the confidence intervals */
    /* Resuming: results of points already done (NULL: none). */
    char **done;           /* encoded result per point, or NULL */
    size_t *done_len;
} tasim_sweep_setup_t;

/* Build the design of `base`'s sweep block; `replications` 0 takes the
 * block's; `function` is TASIM_SWEEP_*. With the Ishigami function the
 * block must have three parameters, whose paths and ranges only name the
 * dimensions: the function reads the design's unit coordinates, mapped to
 * [-pi, pi], with a = 7 and b = 0.1, and has one outcome, `y`. Returns 0
 * or an exit code after printing the error. */
int tasim_sweep_setup_init(tasim_sweep_setup_t *s,
                           const tasim_scenario_t *base,
                           uint64_t replications, int function);
void tasim_sweep_setup_free(tasim_sweep_setup_t *s);

/* The value of parameter j at design point p, as simulated (scaled to the
 * range; rounded for whole-number fields). */
double tasim_sweep_value(const tasim_sweep_setup_t *s, size_t p, size_t j);

/* The simulation job: one task per design point. */
tasim_job_t tasim_sweep_job(const tasim_sweep_setup_t *s);

typedef struct tasim_sweep_output_options {
    const char *output;
    int force, quiet, progress;
    int resume;            /* continue from DIR's ledger */
    uint64_t max_points;   /* stop after this many new points (0: all) */
    int argc;
    char **argv;
    volatile sig_atomic_t *interrupted;
} tasim_sweep_output_options_t;

/* Write DIR atomically: design.csv, results.csv, sensitivity.csv (Morris
 * and Sobol' designs) and manifest.yaml, keeping a ledger of finished
 * points beside DIR until the sweep is complete. Returns an exit code. */
int tasim_sweep_output_write(tasim_sweep_setup_t *s,
                             const tasim_sweep_output_options_t *o,
                             const tasim_feed_t *feed);

/* Read the ledger of an interrupted sweep into s->done (ranks other than
 * 0 use it to skip finished points). Returns 0 if there is none. */
int tasim_sweep_read_ledger(tasim_sweep_setup_t *s, const char *output);

/* `tasim merge` of sweep shards. */
int tasim_sweep_merge(const tasim_scenario_t *sc,
                      const tasim_shard_header_t *h, const char *output,
                      int force, int quiet, int progress, int argc,
                      char **argv, const tasim_feed_t *feed);

/* The `args` of a sweep's shard header. */
char *tasim_sweep_shard_args(const tasim_sweep_setup_t *s);

#endif
