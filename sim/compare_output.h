/*
 * compare_output.h (private): `tasim compare`: strategies run on common
 * random numbers, and what is written of them.
 *
 * Task t is replication t / S of strategy t % S (S strategies), so every
 * strategy's replication r runs with the same seed and replication index,
 * hence the same random streams (MODEL.md section 7), and a thread or
 * rank works on all strategies of a replication at about the same time.
 */
#ifndef TASIM_COMPARE_OUTPUT_H
#define TASIM_COMPARE_OUTPUT_H

#include <signal.h>

#include "ensemble.h"
#include "shard.h"
#include "tasim/scenario.h"

typedef struct tasim_compare_setup {
    const tasim_scenario_t *base; /* for the manifest */
    /* The second file of a two-file comparison (for the manifest too),
     * NULL otherwise. */
    const tasim_scenario_t *second;
    size_t count;                 /* strategies compared */
    char **labels;                /* their names */
    tasim_scenario_t **variants;  /* their scenarios (owned) */
    uint64_t replications;
    uint64_t seed;
    int seed_drawn;
    double level;                 /* of the confidence intervals */
} tasim_compare_setup_t;

/*
 * The strategies of `base` named in `list` ("a,b,c"; "baseline" is the
 * scenario as written; NULL: baseline and every strategy of the file).
 * Seed and replications are taken from `base`. Returns 0, or an exit code
 * after printing what is wrong.
 */
int tasim_compare_setup_strategies(tasim_compare_setup_t *s,
                                   const tasim_scenario_t *base,
                                   const char *list);
void tasim_compare_setup_free(tasim_compare_setup_t *s);

/* Add a strategy (the setup takes `variant` over). */
void tasim_compare_setup_add(tasim_compare_setup_t *s, const char *label,
                             tasim_scenario_t *variant);

/* The simulation job (no delivery): S x replications tasks. */
tasim_job_t tasim_compare_job(const tasim_compare_setup_t *s);

typedef struct tasim_compare_output_options {
    const char *output;
    int force, quiet, progress, table; /* table: print it on stdout */
    int argc;
    char **argv;
    volatile sig_atomic_t *interrupted;
} tasim_compare_output_options_t;

/* Write DIR atomically from what `feed` delivers: compare.csv,
 * compare-replications.csv, compare-series.csv and manifest.yaml; print
 * the table on stdout. Returns an exit code. */
int tasim_compare_output_write(const tasim_compare_setup_t *s,
                               const tasim_compare_output_options_t *o,
                               const tasim_feed_t *feed);

/* The `args` of a comparison's shard header, and back. */
char *tasim_compare_shard_args(const tasim_compare_setup_t *s);

/* `tasim merge` of comparison shards: rebuild the setup from the
 * header and write as above. */
int tasim_compare_merge(const tasim_scenario_t *sc,
                        const tasim_shard_header_t *h, const char *output,
                        int force, int quiet, int progress, int argc,
                        char **argv, const tasim_feed_t *feed);

#endif
