/*
 * shard.h (private): shard files, the results of `--shard i/n` runs that
 * `tasim merge` gathers into the files a single run would write.
 *
 * A shard directory holds shard.bin: a header saying what was run (the
 * command, the scenario's bytes and path, seed, task counts, which shard
 * of how many, and the tasim build that ran it: results depend on the
 * code as much as on the scenario) and then the encoded results of the
 * shard's tasks (i,
 * i + n, i + 2n, ...) in order, each framed by its byte length. The
 * scenario travels inside the shard, so merging needs no other file and
 * refuses shards of different scenarios, seeds or settings.
 */
#ifndef TASIM_SHARD_H
#define TASIM_SHARD_H

#include <stdint.h>
#include <stdio.h>

#include "tasim/error.h"

enum { TASIM_SHARD_RUN = 1, TASIM_SHARD_COMPARE = 2, TASIM_SHARD_SWEEP = 3 };

#define TASIM_SHARD_FILE "shard.bin"

typedef struct tasim_shard_header {
    int kind;                /* TASIM_SHARD_* */
    uint64_t shard, shards;  /* i of n */
    uint64_t seed, tasks, replications;
    int seed_drawn;
    /* Borrowed when writing; owned by the reader when read. */
    const char *scenario_path; /* as given on the command line */
    const char *source;        /* the scenario file's bytes */
    uint64_t source_len;
    const char *args;          /* what else the command needs, as text */
    const char *version;       /* TASIM_VERSION of the build that ran it */
    const char *commit;        /* and its tasim_git_commit() */
} tasim_shard_header_t;

int tasim_shard_write_header(FILE *f, const tasim_shard_header_t *h);
int tasim_shard_write_result(FILE *f, const char *bytes, size_t len);

typedef struct tasim_shard_reader {
    FILE *f;
    char *path;
    tasim_shard_header_t h;      /* its texts point into the five below */
    char *path_text, *source, *args, *version, *commit;
    char *buf;
    size_t cap;
} tasim_shard_reader_t;

/* Open DIR/shard.bin (or the file DIR itself) and read its header. */
int tasim_shard_open(tasim_shard_reader_t *r, const char *dir,
                     tasim_error_t *err);
/* The next result: its bytes in *bytes (valid until the next call) and
 * its length; 0 at the end of the shard; negative TASIM_E* on error. */
long tasim_shard_next(tasim_shard_reader_t *r, const char **bytes,
                      tasim_error_t *err);
void tasim_shard_close(tasim_shard_reader_t *r);

#endif
