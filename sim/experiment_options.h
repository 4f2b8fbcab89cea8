/*
 * experiment_options.h (private): what `tasim run`, `tasim compare` and
 * `tasim sweep` share on the command line and in how they start: the
 * common options, the seed (given, from the scenario, or drawn and
 * shared with every MPI rank), Ctrl-C, and where the tasks run (this
 * process's threads, MPI ranks, or one shard).
 */
#ifndef TASIM_EXPERIMENT_OPTIONS_H
#define TASIM_EXPERIMENT_OPTIONS_H

#include <signal.h>
#include <stdint.h>

#include "ensemble.h"
#include "parallel_options.h"
#include "shard.h"
#include "tasim/scenario.h"

typedef struct tasim_experiment_options {
    const char *command;        /* "run", "compare", "sweep" */
    uint64_t min_replications;  /* smallest -r accepted */
    uint64_t max_replications;  /* largest -r accepted: the limit of the
                                   scenario field it overrides */
    int takes_level;            /* accepts -l/--level */
    /* Parsed. */
    const char *output;
    uint64_t replications;      /* 0: not given */
    uint64_t seed;
    int seed_given, seed_drawn;
    int force, quiet, progress, plot;
    double level;               /* of confidence intervals; 0.95 */
    tasim_parallel_options_t parallel;
    int argc;                   /* the command line, for manifests */
    char **argv;
    /* An option that needs a known seed (set by the command), or NULL. */
    const char *seed_needed_by;
} tasim_experiment_options_t;

/* Set the defaults: `command`, at least `min_replications`. */
void tasim_experiment_init(tasim_experiment_options_t *o, const char *command,
                           uint64_t min_replications, int takes_level,
                           int argc, char **argv);

/*
 * If argv[*i] is a shared option (-o, -r, -s, -l, -f, -p, -q,
 * --progress, -j, --mpi, --shard), consume it and its value and return
 * 1; return 0 if it is not one; print a usage error and return -1 if its
 * value is wrong.
 */
int tasim_experiment_option(tasim_experiment_options_t *o, int argc,
                            char **argv, int *i);

/* After parsing: -o given, the parallel options consistent. Returns 0 or
 * -1 after a usage error. */
int tasim_experiment_finish(tasim_experiment_options_t *o);

/* Start MPI when asked (see tasim_parallel_begin). */
int tasim_experiment_begin(tasim_experiment_options_t *o);

/* The scenario's seed: --seed, else the file's, else one drawn (on rank 0,
 * shared with the others, printed so the run can be repeated). Shards
 * must know theirs. Returns 0 or an exit code after printing why. */
int tasim_experiment_seed(tasim_experiment_options_t *o,
                          tasim_scenario_t *sc);

/* Load the scenario at `path` and settle its seed as above. Returns NULL
 * with *rc set to an exit code after printing what is wrong. */
tasim_scenario_t *tasim_experiment_load(tasim_experiment_options_t *o,
                                        const char *path, int *rc);

/* Warn on stderr about the outcomes that `sc` cannot define because its
 * output.series leaves out a series they are computed from (they would
 * come out empty with no other sign). For compare and sweep. */
void tasim_experiment_warn_outcomes(const tasim_scenario_t *sc);

/* The header of a shard of a `kind` job on `sc`: the rest is filled in by
 * tasim_experiment_dispatch(). `args` is borrowed. */
tasim_shard_header_t tasim_experiment_header(
    const tasim_experiment_options_t *o, int kind, const tasim_scenario_t *sc,
    uint64_t replications, const char *args);

/* Catch SIGINT and SIGTERM into a flag; returns the flag. */
volatile sig_atomic_t *tasim_experiment_catch_signals(void);

/* What writes the results of a whole run from `feed`: returns an exit
 * code. */
typedef int (*tasim_experiment_writer_t)(void *ctx, const tasim_feed_t *feed);

/*
 * Run `job` where the options say: as shard i/n into o->output (with
 * header `h`, whose shard, seed and task counts are filled in here), on
 * an MPI rank other than 0 (simulate and send), or through `write` fed
 * by this process's threads or by all ranks. Returns an exit code.
 */
int tasim_experiment_dispatch(const tasim_experiment_options_t *o,
                              const tasim_job_t *job,
                              tasim_shard_header_t *h,
                              tasim_experiment_writer_t write, void *ctx);

/* End: plots on rank 0 after success when asked, then MPI (see
 * tasim_parallel_end). */
int tasim_experiment_end(const tasim_experiment_options_t *o, int rc);

#endif
