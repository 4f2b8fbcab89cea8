/*
 * shard_output.c: a shard's results into DIR/shard.bin (shard_output.h).
 */
#define _POSIX_C_SOURCE 200809L
#include "shard_output.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "outdir.h"
#include "output_steps.h"
#include "progress.h"

typedef struct {
    const tasim_job_t *inner;
    FILE *f;
    char *buf;
    size_t len;
    tasim_progress_t progress;
} shard_job_t;

static int shard_deliver(void *ctx, void *state, uint64_t task,
                         tasim_error_t *err)
{
    (void)task;
    shard_job_t *s = ctx;
    s->len = 0;
    s->inner->encode(state, &s->buf, &s->len);
    if (tasim_shard_write_result(s->f, s->buf, s->len) != 0)
        return tasim_error_set(err, TASIM_EIO, NULL, 0, 0,
                               "cannot write the shard (disk full?)");
    return 0;
}

static void shard_progress(void *ctx, uint64_t delivered)
{
    shard_job_t *s = ctx;
    tasim_progress_update(&s->progress, delivered, 0);
}

int tasim_shard_output_write(const tasim_job_t *job,
                             const tasim_shard_header_t *h, const char *dir,
                             int force, int quiet, int progress,
                             const tasim_ensemble_options_t *opt)
{
    tasim_outdir_t out;
    if (tasim_output_begin(&out, dir, force) != 0)
        return TASIM_EXIT_USAGE;
    char path[PATH_MAX];
    shard_job_t s = {.inner = job};
    if (tasim_outdir_path(&out, TASIM_SHARD_FILE, path, sizeof path) == 0)
        s.f = fopen(path, "wb");
    int rc = s.f && tasim_shard_write_header(s.f, h) == 0 ? 0
                                                         : TASIM_EXIT_USAGE;
    if (rc == 0) {
        tasim_job_t wrapped = *job;
        wrapped.ctx = &s;
        wrapped.deliver = shard_deliver;
        wrapped.progress = shard_progress;
        uint64_t mine = h->tasks > h->shard
                            ? (h->tasks - h->shard + h->shards - 1) /
                                  h->shards
                            : 0;
        tasim_progress_start(&s.progress, quiet, progress, mine, "tasks");
        tasim_ensemble_options_t local = *opt;
        local.use_mpi = 0;
        local.first = h->shard;
        local.step = h->shards;
        tasim_feed_t feed = {tasim_ensemble_feed, &local};
        rc = tasim_output_feed(&feed, &wrapped, opt->stop);
        tasim_progress_end(&s.progress);
    }
    if (s.f && (ferror(s.f) | fclose(s.f)) && rc == 0) {
        tasim_cli_error("%s: cannot write the shard (disk full?)", dir);
        rc = TASIM_EXIT_USAGE;
    }
    free(s.buf);
    rc = tasim_output_finish(&out, rc, opt->stop);
    return rc;
}
