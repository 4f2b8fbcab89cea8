/*
 * run_output.c: the files of `tasim run` from replications delivered in
 * order (run_output.h). Writing is serial and in replication order, so
 * the bytes do not depend on where the replications ran.
 */
#define _POSIX_C_SOURCE 200809L
#include "run_output.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "cli.h"
#include "csv_writer.h"
#include "manifest.h"
#include "outdir.h"
#include "output_steps.h"
#include "progress.h"
#include "tasim/alloc.h"
#include "tasim/model.h"
#include "tasim/recording.h"

/* ---- the job: one replication per task, recorded */

static void *recording_create(const void *setup)
{
    (void)setup;
    return tasim_recording_create();
}

static void recording_destroy(void *state) { tasim_recording_destroy(state); }

static int replication_simulate(const void *setup, void *state,
                                uint64_t task, tasim_error_t *err)
{
    const tasim_scenario_t *sc = setup;
    tasim_model_stats_t stats = {0};
    tasim_recording_clear(state, task);
    int rc = tasim_model_run(sc, task, &tasim_recording_observer, state,
                             &stats, err);
    tasim_recording_set_events(state, stats.events);
    return rc;
}

static void recording_encode(void *state, char **buf, size_t *len)
{
    tasim_recording_encode(state, buf, len);
}

static long recording_decode(void *state, const char *bytes, size_t len,
                             tasim_strpool_t *pool, tasim_error_t *err)
{
    return tasim_recording_decode(state, bytes, len, pool, err);
}

tasim_job_t tasim_run_job(const tasim_scenario_t *sc)
{
    return (tasim_job_t){
        .setup = sc,
        .tasks = (uint64_t)sc->run.replications,
        .create = recording_create,
        .destroy = recording_destroy,
        .simulate = replication_simulate,
        .encode = recording_encode,
        .decode = recording_decode,
        .large_results = 1,
    };
}

/* ---- the writers */

typedef struct {
    tasim_job_t inner;
    tasim_csv_writer_t w;
    tasim_outdir_t *dir;
    uint64_t replications;
    int keep, keep_asked, quiet; /* series.csv: written, asked with -k */
    tasim_progress_t progress;
    uint64_t events;
} writer_job_t;

/* A default that would write a huge file is dropped, with a note: the
 * first replication tells how many rows the run would write. */
static void check_series_size(writer_job_t *j, const tasim_recording_t *r)
{
    double rows = (double)tasim_recording_observation_count(r) *
                  (double)j->replications;
    if (rows <= TASIM_KEEP_BY_DEFAULT_MAX_ROWS)
        return;
    char path[PATH_MAX];
    fclose(j->w.series);
    j->w.series = NULL;
    j->keep = 0;
    if (tasim_outdir_path(j->dir, "series.csv", path, sizeof path) == 0)
        remove(path);
    if (!j->quiet)
        fprintf(stderr, "tasim: series.csv would have %.3g rows; it is "
                        "written only with -k (summary.csv has the "
                        "ensemble)\n", rows);
}

static int writer_deliver(void *ctx, void *state, uint64_t task,
                          tasim_error_t *err)
{
    writer_job_t *j = ctx;
    if (task == 0 && j->keep && !j->keep_asked)
        check_series_size(j, state);
    tasim_recording_replay(state, &tasim_csv_observer, &j->w);
    j->events += tasim_recording_events(state);
    if (j->w.failed)
        return tasim_error_set(err, TASIM_ERUNTIME, NULL, 0, 0,
                               "replication %llu reported different series "
                               "than the first (internal error)",
                               (unsigned long long)task);
    return 0;
}

static void writer_progress(void *ctx, uint64_t delivered)
{
    writer_job_t *j = ctx;
    tasim_progress_update(&j->progress, delivered, j->events);
}

static int write_summary(tasim_outdir_t *dir, tasim_csv_writer_t *w)
{
    FILE *f = tasim_output_open(dir, "summary.csv");
    FILE *g = tasim_output_open(dir, "programmes-summary.csv");
    int rc = f && g ? 0 : -1;
    if (f && tasim_summary_write(w->summary, f) != 0)
        rc = -1;
    if (g && tasim_programme_summary_write(w->programme_summary, g) != 0)
        rc = -1;
    if ((f && fclose(f) != 0) || (g && fclose(g) != 0))
        rc = -1;
    return rc;
}

static int write_manifest(tasim_outdir_t *dir, const tasim_scenario_t *sc,
                          const tasim_run_output_options_t *o, double wall,
                          uint64_t events, time_t started, int keep,
                          int exact)
{
    tasim_manifest_info_t info = {
        .seed = sc->run.seed, .replications = sc->run.replications,
        .seed_drawn = o->seed_drawn, .wall_seconds = wall, .events = events,
        .started = started, .keep_replications = keep,
        .exact_quantiles = exact};
    return tasim_output_manifest(dir, sc, o->argc, o->argv, info);
}

int tasim_run_output_write(const tasim_scenario_t *sc,
                           const tasim_run_output_options_t *o,
                           const tasim_feed_t *feed)
{
    time_t started = time(NULL);
    tasim_outdir_t dir;
    if (tasim_output_begin(&dir, o->output, o->force) != 0)
        return TASIM_EXIT_USAGE;
    int keep = o->keep || sc->run.replications <= TASIM_KEEP_BY_DEFAULT_UP_TO;
    writer_job_t j = {
        .inner = tasim_run_job(sc),
        .dir = &dir,
        .replications = (uint64_t)sc->run.replications,
        .keep = keep,
        .keep_asked = o->keep,
        .quiet = o->quiet,
        .w = {
            .series = keep ? tasim_output_open(&dir, "series.csv") : NULL,
            .programmes = tasim_output_open(&dir, "programmes.csv"),
            .requests = tasim_output_open(&dir, "requests.csv"),
            .summary = tasim_summary_create((uint64_t)sc->run.replications,
                                            TASIM_SUMMARY_AUTO),
            .programme_summary = tasim_programme_summary_create(),
        },
    };
    /* Beyond 24 replications the summary keeps its values on disk: next
     * to the results, removed before they are committed. */
    tasim_summary_set_threads(j.w.summary, o->threads);
    char spill[PATH_MAX];
    if (tasim_outdir_path(&dir, ".summary-values", spill, sizeof spill) == 0)
        tasim_summary_spill_to(j.w.summary, spill);
    tasim_job_t job = j.inner;
    job.ctx = &j;
    /* The summaries keep the names of the first replication. */
    job.pool = tasim_strpool_create();
    job.deliver = writer_deliver;
    job.progress = writer_progress;
    int rc = (j.w.series || !keep) && j.w.programmes && j.w.requests
                 ? 0
                 : TASIM_EXIT_USAGE;
    double wall = 0;
    if (rc == 0) {
        tasim_csv_write_headers(&j.w);
        tasim_progress_start(&j.progress, o->quiet, o->progress, job.tasks,
                             "replications");
        rc = tasim_output_feed(feed, &job, o->interrupted);
        wall = tasim_progress_end(&j.progress);
    }
    if (rc == 0 && (write_summary(&dir, &j.w) != 0 ||
                    write_manifest(&dir, sc, o, wall, j.events, started,
                                   j.keep,
                                   tasim_summary_exact(j.w.summary)) != 0)) {
        tasim_cli_error("%s: cannot write the results (disk full?)",
                        o->output);
        rc = TASIM_EXIT_USAGE;
    }
    /* Its file of values must be gone before the directory is committed. */
    tasim_summary_destroy(j.w.summary);
    j.w.summary = NULL;
    int io = 0;
    FILE *files[] = {j.w.series, j.w.programmes, j.w.requests};
    for (int i = 0; i < 3; i++)
        if (files[i])
            io |= ferror(files[i]) | fclose(files[i]);
    if (rc == 0 && io) {
        tasim_cli_error("%s: cannot write the results (disk full?)",
                        o->output);
        rc = TASIM_EXIT_USAGE;
    }
    rc = tasim_output_finish(&dir, rc, o->interrupted);
    tasim_summary_destroy(j.w.summary);
    tasim_programme_summary_destroy(j.w.programme_summary);
    tasim_strpool_destroy(job.pool);
    return rc;
}
