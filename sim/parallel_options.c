/*
 * parallel_options.c: -j, --mpi and --shard (parallel_options.h).
 */
#include "parallel_options.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef _OPENMP
#include <omp.h>
#endif

#include "cli.h"
#include "ensemble.h"
#include "schema.h"

const char tasim_parallel_usage[] =
    "  -j, --threads N       run on N threads (default: every processor;\n"
    "                        1 under --mpi); results do not depend on N\n"
    "      --mpi             spread the work over the ranks of mpirun\n"
    "      --shard I/N       run only part I of N (0 <= I < N) and write a\n"
    "                        shard for `tasim merge`\n";

int tasim_parallel_option(const char *command, int argc, char **argv, int *i,
                          tasim_parallel_options_t *o)
{
    const char *a = argv[*i];
    const char *value = *i + 1 < argc ? argv[*i + 1] : NULL;
    if (!strcmp(a, "-j") || !strcmp(a, "--threads")) {
        uint64_t n;
        if (tasim_parse_count(value, &n) || n < 1 || n > 4096) {
            tasim_cli_usage_error(command, "%s needs a number of threads "
                                  "from 1 to 4096", a);
            return -1;
        }
        o->threads = (int)n;
        (*i)++;
        return 1;
    }
    if (!strcmp(a, "--mpi")) {
        o->mpi = 1;
        return 1;
    }
    if (!strcmp(a, "--shard")) {
        const char *slash = value ? strchr(value, '/') : NULL;
        char left[32];
        uint64_t s, n;
        size_t len = slash ? (size_t)(slash - value) : 0;
        if (!slash || len == 0 || len >= sizeof left) {
            tasim_cli_usage_error(command, "--shard needs I/N, e.g. 0/4");
            return -1;
        }
        memcpy(left, value, len);
        left[len] = '\0';
        if (tasim_parse_count(left, &s) || tasim_parse_count(slash + 1, &n) ||
            n < 1 || s >= n) {
            tasim_cli_usage_error(command, "--shard needs I/N with "
                                  "0 <= I < N, got '%s'", value);
            return -1;
        }
        o->sharded = 1;
        o->shard = s;
        o->shards = n;
        (*i)++;
        return 1;
    }
    return 0;
}

int tasim_parallel_finish(const char *command, tasim_parallel_options_t *o)
{
    if (o->mpi && o->sharded) {
        tasim_cli_usage_error(command, "--mpi and --shard exclude each "
                                       "other");
        return -1;
    }
    /* Started by mpirun without --mpi, every rank would run the whole job
     * and race for the same output directory. */
    const char *ranks = getenv("OMPI_COMM_WORLD_SIZE");
    if (!ranks)
        ranks = getenv("PMI_SIZE");
    if (!o->mpi && ranks && atoi(ranks) > 1) {
        tasim_cli_usage_error(command, "started as one of %d MPI ranks "
                              "without --mpi: each rank would run the "
                              "whole job; add --mpi", atoi(ranks));
        return -1;
    }
    if (o->threads == 0) {
#ifdef _OPENMP
        o->threads = o->mpi ? 1 : omp_get_num_procs();
#else
        o->threads = 1;
#endif
    }
    return 0;
}

int tasim_parallel_begin(tasim_parallel_options_t *o, int *argc,
                         char ***argv)
{
    if (!o->mpi)
        return 0;
    tasim_error_t err;
    tasim_error_clear(&err);
    if (tasim_mpi_init(argc, argv, &err) != 0) {
        tasim_cli_error("%s", err.message);
        tasim_mpi_finalize();
        return err.code == TASIM_EUSAGE ? TASIM_EXIT_USAGE
                                        : TASIM_EXIT_RUNTIME;
    }
    if (tasim_mpi_rank() != 0 && freopen("/dev/null", "w", stderr) == NULL)
        return TASIM_EXIT_RUNTIME;
    return 0;
}

void tasim_parallel_share_seed(const tasim_parallel_options_t *o,
                               uint64_t *seed)
{
    if (o->mpi)
        tasim_mpi_broadcast(seed, sizeof *seed);
}

int tasim_parallel_end(const tasim_parallel_options_t *o, int rc,
                       int started)
{
    if (!o->mpi)
        return rc;
    /* A rank that reported its failure to rank 0 leaves the ending to it:
     * rank 0 removes its partial output, then ends every rank. */
    if (rc != 0 && started && tasim_mpi_size() > 1 &&
        !(tasim_mpi_rank() != 0 && tasim_mpi_reported())) {
        fflush(NULL);
        tasim_mpi_abort(rc);
    }
    tasim_mpi_finalize();
    return rc;
}

int tasim_parallel_check_seed(const char *command,
                              const tasim_parallel_options_t *o,
                              int seed_known)
{
    if (o->sharded && !seed_known) {
        tasim_cli_usage_error(command, "the scenario names no seed, and "
                              "each shard would draw its own: pass the same "
                              "--seed to every shard");
        return -1;
    }
    return 0;
}
