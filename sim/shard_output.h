/*
 * shard_output.h (private): run one shard of a command's tasks and write
 * it to DIR/shard.bin atomically (see shard.h).
 */
#ifndef TASIM_SHARD_OUTPUT_H
#define TASIM_SHARD_OUTPUT_H

#include "ensemble.h"
#include "shard.h"

/* Run the tasks h->shard, h->shard + h->shards, ... of `job` with the
 * threads and stop flag of `opt`, writing their results after header `h`.
 * Returns an exit code (cli.h). */
int tasim_shard_output_write(const tasim_job_t *job,
                             const tasim_shard_header_t *h, const char *dir,
                             int force, int quiet, int progress,
                             const tasim_ensemble_options_t *opt);

#endif
