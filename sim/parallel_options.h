/*
 * parallel_options.h (private): the options that say where the tasks of
 * `tasim run`, `compare` and `sweep` run: -j N threads, --mpi ranks, or
 * one shard of a batch (--shard i/n, gathered later by `tasim merge`).
 */
#ifndef TASIM_PARALLEL_OPTIONS_H
#define TASIM_PARALLEL_OPTIONS_H

#include <stdint.h>

typedef struct tasim_parallel_options {
    int threads;       /* 0: not given (default below) */
    int mpi;           /* --mpi */
    int sharded;       /* --shard given */
    uint64_t shard, shards; /* i and n of --shard i/n */
} tasim_parallel_options_t;

/* Help lines for the options, for the commands' usage texts. */
extern const char tasim_parallel_usage[];

/*
 * If argv[*i] is one of the options, consume it (and its value) and
 * return 1; return 0 if it is not one; print a usage error naming
 * `command` and return -1 if its value is wrong.
 */
int tasim_parallel_option(const char *command, int argc, char **argv, int *i,
                          tasim_parallel_options_t *o);

/* Check the combination (--mpi and --shard exclude each other) and set
 * the thread count: as given, else 1 under MPI (one rank per core is the
 * usual layout), else every processor. Returns 0 or -1 after a usage
 * error. */
int tasim_parallel_finish(const char *command, tasim_parallel_options_t *o);



/*
 * Under --mpi: start MPI; ranks other than 0 then stay silent on stderr
 * (rank 0 reports for all). Returns 0 or an exit code.
 */
int tasim_parallel_begin(tasim_parallel_options_t *o, int *argc,
                         char ***argv);

/* Under --mpi, give every rank rank 0's seed (a drawn one differs). */
void tasim_parallel_share_seed(const tasim_parallel_options_t *o,
                               uint64_t *seed);

/* Shards must share a seed: refuse --shard when none is known (given or
 * in the scenario). Returns 0 or -1 after a usage error. */
int tasim_parallel_check_seed(const char *command,
                              const tasim_parallel_options_t *o,
                              int seed_known);

/* Finish with exit code `rc`. Under MPI with several ranks a failure
 * after the work began ends every rank (the others may be waiting on the
 * one that failed); before it (`started` 0), all ranks failed alike. */
int tasim_parallel_end(const tasim_parallel_options_t *o, int rc,
                       int started);
#endif
