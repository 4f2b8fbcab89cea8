/*
 * cmd_merge.c: `tasim merge SHARD... -o DIR`: gather the shards of a run,
 * comparison or sweep made with --shard i/n into the files one process
 * would have written, byte for byte.
 *
 * The shards must be every part 0..n-1 of one command on one scenario
 * (same bytes), seed and settings; each carries the scenario inside, so
 * nothing else is read. Task t comes from shard t % n, so reading the
 * shards round-robin delivers the tasks in order.
 */
#define _POSIX_C_SOURCE 200809L
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "compare_output.h"
#include "ensemble.h"
#include "outdir.h"
#include "plot.h"
#include "run_output.h"
#include "shard.h"
#include "strbuf.h"
#include "sweep_output.h"
#include "tasim/alloc.h"
#include "tasim/scenario.h"
#include "tasim/version.h"

static const char usage[] =
    "Usage: tasim merge SHARD... -o DIR [options]\n\n"
    "Gather the shards written by `tasim run|compare|sweep --shard I/N`\n"
    "into the results of the whole run.\n\n"
    "Options:\n"
    "  -o, --output DIR      output directory (created; see --force)\n"
    "  -f, --force           replace DIR once the new results are complete\n"
    "  -p, --plot            draw the figures (gnuplot)\n"
    "  -q, --quiet           no progress on stderr\n"
    "      --progress        show progress even when stderr is no terminal\n"
    "  -h, --help            show this help\n";

static volatile sig_atomic_t interrupted;

static void on_signal(int sig) { interrupted = sig; }

typedef struct {
    const char *output;
    int force, plot, quiet, progress;
    const char **shards;
    int shard_count;
    int argc;
    char **argv;
} merge_options_t;

typedef struct {
    tasim_shard_reader_t *readers; /* by shard index */
    uint64_t n;
} shard_feed_t;

static int parse(int argc, char **argv, merge_options_t *o)
{
    o->shards = tasim_xcalloc((size_t)argc, sizeof *o->shards);
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (tasim_cli_is_help(a)) {
            fputs(usage, stdout);
            return -1;
        } else if (!strcmp(a, "-o") || !strcmp(a, "--output")) {
            if (i + 1 >= argc)
                return tasim_cli_usage_error("merge", "%s needs a directory",
                                             a);
            if (o->output)
                return tasim_cli_usage_error("merge", "the output directory "
                                             "is given twice ('%s' and "
                                             "'%s')", o->output, argv[i + 1]);
            o->output = argv[++i];
        } else if (!strcmp(a, "-f") || !strcmp(a, "--force")) {
            o->force = 1;
        } else if (!strcmp(a, "-p") || !strcmp(a, "--plot")) {
            o->plot = 1;
        } else if (!strcmp(a, "-q") || !strcmp(a, "--quiet")) {
            o->quiet = 1;
        } else if (!strcmp(a, "--progress")) {
            o->progress = 1;
        } else if (a[0] == '-') {
            return tasim_cli_usage_error("merge", "unknown option '%s'", a);
        } else {
            o->shards[o->shard_count++] = a;
            tasim_outdir_protect(a); /* -o must not replace a shard */
        }
    }
    if (o->shard_count == 0)
        return tasim_cli_usage_error("merge", "no shards given");
    if (!o->output)
        return tasim_cli_usage_error("merge", "no output directory (-o DIR)");
    return 0;
}

/* Every shard 0..n-1 once, all of the same command, scenario and
 * settings; readers end up ordered by shard index. */
static int check_shards(const merge_options_t *o,
                        tasim_shard_reader_t *in, shard_feed_t *feed)
{
    const tasim_shard_header_t *h0 = &in[0].h;
    if (h0->shards != (uint64_t)o->shard_count) {
        /* Name the missing indices, as far as the shards given agree. */
        tasim_strbuf_t missing = {0};
        enum { NAMED = 4096 }; /* a longer list helps nobody */
        for (uint64_t k = 0; k < h0->shards && k < NAMED; k++) {
            int given = 0;
            for (int i = 0; i < o->shard_count && !given; i++)
                given = in[i].h.shards == h0->shards && in[i].h.shard == k;
            if (!given)
                tasim_strbuf_printf(&missing, "%s%llu",
                                    missing.len ? ", " : "",
                                    (unsigned long long)k);
        }
        if (h0->shards > NAMED)
            tasim_strbuf_printf(&missing, "%s...", missing.len ? ", " : "");
        char *list = tasim_strbuf_take(&missing);
        tasim_cli_error("%s is one of %llu shards, but %d %s given%s%s",
                        in[0].path, (unsigned long long)h0->shards,
                        o->shard_count, o->shard_count == 1 ? "was" : "were",
                        list[0] ? "; missing: " : "", list);
        free(list);
        return TASIM_EXIT_USAGE;
    }
    feed->n = h0->shards;
    feed->readers = tasim_xcalloc((size_t)feed->n, sizeof *feed->readers);
    for (int i = 0; i < o->shard_count; i++) {
        const tasim_shard_header_t *h = &in[i].h;
        const char *why = NULL;
        if (strcmp(h->version, TASIM_VERSION) != 0 ||
            strcmp(h->commit, tasim_git_commit()) != 0) {
            /* Results depend on the code: shards of another build would
             * mix with this one's, and the manifest would name the wrong
             * build. */
            tasim_cli_error("%s was run by tasim %s (commit %s), and this is "
                            "tasim %s (commit %s): merge shards with the "
                            "build that ran them",
                            in[i].path, h->version, h->commit, TASIM_VERSION,
                            tasim_git_commit());
            return TASIM_EXIT_USAGE;
        }
        if (h->kind != h0->kind)
            why = "comes from another command than";
        else if (h->shards != h0->shards)
            why = "is part of a different number of shards than";
        else if (h->source_len != h0->source_len ||
                 memcmp(h->source, h0->source, h->source_len) != 0)
            why = "was run on a different scenario than";
        else if (h->seed != h0->seed) {
            tasim_cli_error("%s was run with seed %llu, and %s with seed "
                            "%llu", in[i].path, (unsigned long long)h->seed,
                            in[0].path, (unsigned long long)h0->seed);
            return TASIM_EXIT_USAGE;
        } else if (h->replications != h0->replications) {
            tasim_cli_error("%s was run with %llu replications, and %s "
                            "with %llu", in[i].path,
                            (unsigned long long)h->replications, in[0].path,
                            (unsigned long long)h0->replications);
            return TASIM_EXIT_USAGE;
        } else if (h->tasks != h0->tasks || strcmp(h->args, h0->args) != 0)
            why = "was run with other options (such as -k or a sweep's "
                  "--function) than";
        if (why) {
            tasim_cli_error("%s %s %s", in[i].path, why, in[0].path);
            return TASIM_EXIT_USAGE;
        }
        if (feed->readers[h->shard].f != NULL) {
            tasim_cli_error("%s repeats shard %llu of %llu, given before",
                            in[i].path, (unsigned long long)h->shard,
                            (unsigned long long)h->shards);
            return TASIM_EXIT_USAGE;
        }
        feed->readers[h->shard] = in[i];
    }
    return 0;
}

/* The feed: task t is the next result of shard t % n. */
static int shard_feed_run(void *ctx, const tasim_job_t *job,
                          tasim_error_t *err)
{
    shard_feed_t *feed = ctx;
    tasim_strpool_t *pool = job->pool ? job->pool : tasim_strpool_create();
    void *state = job->create(job->setup);
    int rc = 0;
    for (uint64_t t = 0; t < job->tasks && rc == 0; t++) {
        if (interrupted) {
            rc = tasim_error_set(err, TASIM_ERUNTIME, NULL, 0, 0,
                                 "interrupted");
            break;
        }
        tasim_shard_reader_t *r = &feed->readers[t % feed->n];
        const char *bytes;
        long len = tasim_shard_next(r, &bytes, err);
        if (len == 0)
            rc = tasim_error_set(err, TASIM_EIO, r->path, 0, 0,
                                 "the shard ends before task %llu (was its "
                                 "run interrupted?)",
                                 (unsigned long long)t);
        else if (len < 0)
            rc = (int)len;
        else if (job->decode(state, bytes, (size_t)len, pool, err) != len)
            rc = err->code ? err->code
                           : tasim_error_set(err, TASIM_EIO, r->path, 0, 0,
                                             "result %llu does not fill its "
                                             "frame",
                                             (unsigned long long)t);
        else
            rc = job->deliver(job->ctx, state, t, err);
        if (rc == 0 && job->progress)
            job->progress(job->ctx, t + 1);
    }
    for (uint64_t i = 0; i < feed->n && rc == 0; i++) {
        const char *bytes;
        long extra = tasim_shard_next(&feed->readers[i], &bytes, err);
        if (extra > 0)
            rc = tasim_error_set(err, TASIM_EIO, feed->readers[i].path, 0, 0,
                                 "the shard holds more results than its "
                                 "header announces");
        else if (extra < 0)
            rc = (int)extra; /* damaged: err says how */
    }
    job->destroy(state);
    if (pool != job->pool)
        tasim_strpool_destroy(pool);
    return rc;
}

static int merge(const merge_options_t *o, shard_feed_t *feed)
{
    const tasim_shard_header_t *h = &feed->readers[0].h;
    tasim_diag_t diag;
    tasim_diag_init(&diag);
    tasim_scenario_t *sc = tasim_scenario_load_buffer(
        h->scenario_path, h->source, (size_t)h->source_len, &diag);
    if (sc == NULL) {
        tasim_cli_error("the scenario inside the shards no longer loads "
                        "(made by another version of tasim?)");
        tasim_diag_fini(&diag);
        return TASIM_EXIT_SCENARIO;
    }
    tasim_diag_fini(&diag);
    sc->run.seed = h->seed;
    tasim_feed_t f = {shard_feed_run, feed};
    int rc;
    if (h->kind == TASIM_SHARD_RUN) {
        sc->run.replications = (long)h->replications;
        tasim_run_output_options_t ro = {
            .output = o->output, .force = o->force,
            .keep = strcmp(h->args, "keep") == 0, .quiet = o->quiet,
            .progress = o->progress, .seed_drawn = h->seed_drawn,
            .argc = o->argc, .argv = o->argv, .interrupted = &interrupted};
        rc = tasim_run_output_write(sc, &ro, &f);
    } else if (h->kind == TASIM_SHARD_COMPARE) {
        rc = tasim_compare_merge(sc, h, o->output, o->force, o->quiet,
                                 o->progress, o->argc, o->argv, &f);
    } else {
        rc = tasim_sweep_merge(sc, h, o->output, o->force, o->quiet,
                               o->progress, o->argc, o->argv, &f);
    }
    tasim_scenario_destroy(sc);
    return rc;
}

int tasim_cmd_merge(int argc, char **argv)
{
    struct sigaction sa = {0};
    sa.sa_handler = on_signal;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    merge_options_t o = {.argc = argc, .argv = argv};
    int rc = parse(argc, argv, &o);
    if (rc == 0 && o.plot)
        rc = tasim_plot_ready(); /* before merging, not after */
    if (rc) {
        free(o.shards);
        return rc < 0 ? TASIM_EXIT_OK : rc;
    }
    tasim_shard_reader_t *in = tasim_xcalloc((size_t)o.shard_count,
                                             sizeof *in);
    shard_feed_t feed = {0};
    for (int i = 0; i < o.shard_count && rc == 0; i++) {
        tasim_error_t err;
        tasim_error_clear(&err);
        if (tasim_shard_open(&in[i], o.shards[i], &err) != 0) {
            tasim_cli_error("%s: %s", err.file, err.message);
            rc = TASIM_EXIT_USAGE;
        }
    }
    int moved = 0;
    if (rc == 0 && (rc = check_shards(&o, in, &feed)) == 0) {
        moved = 1; /* feed.readers now owns what in[] held */
        rc = merge(&o, &feed);
    }
    for (int i = 0; i < o.shard_count; i++)
        tasim_shard_close(moved ? &feed.readers[i] : &in[i]);
    free(feed.readers);
    free(in);
    free(o.shards);
    if (rc == 0 && o.plot)
        rc = tasim_plot_run(o.output, o.quiet);
    return rc;
}
