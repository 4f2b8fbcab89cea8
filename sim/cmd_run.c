/*
 * cmd_run.c: `tasim run SCENARIO -o DIR`: validate the scenario, run its
 * replications (on threads, MPI ranks, or one shard of them) and write the
 * results atomically (run_output.c). Ctrl-C or a termination signal stops
 * the run between replications and leaves no output directory behind.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "experiment_options.h"
#include "run_output.h"
#include "tasim/scenario.h"

static const char usage[] =
    "Usage: tasim run SCENARIO -o DIR [options]\n\n"
    "Simulate a scenario and write its time series and programme results.\n\n"
    "Options:\n"
    "  -o, --output DIR      output directory (created; see --force)\n"
    "  -r, --replications N  override scenario.replications\n"
    "  -s, --seed N          override scenario.seed\n"
    "  -f, --force           replace DIR once the new results are complete\n"
    "  -k, --keep-replications\n"
    "                        also write every replication's series.csv\n"
    "                        (default: only for runs of at most %d\n"
    "                        replications and 2 million rows)\n"
    "  -p, --plot            draw the figures into DIR/plots (gnuplot)\n"
    "  -q, --quiet           no progress on stderr\n"
    "      --progress        show progress even when stderr is no terminal\n"
    "%s"
    "  -h, --help            show this help\n";

typedef struct {
    tasim_experiment_options_t x;
    const char *scenario;
    int keep;
} run_options_t;

static int parse(int argc, char **argv, run_options_t *o)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int taken = tasim_experiment_option(&o->x, argc, argv, &i);
        if (taken < 0)
            return TASIM_EXIT_USAGE;
        if (taken)
            continue;
        if (tasim_cli_is_help(a)) {
            printf(usage, TASIM_KEEP_BY_DEFAULT_UP_TO, tasim_parallel_usage);
            return -1;
        } else if (!strcmp(a, "-k") || !strcmp(a, "--keep-replications")) {
            o->keep = 1;
        } else if (a[0] == '-') {
            return tasim_cli_usage_error("run", "unknown option '%s'", a);
        } else if (o->scenario) {
            return tasim_cli_usage_error("run", "one scenario at a time "
                                                "(got '%s' and '%s')",
                                         o->scenario, a);
        } else {
            o->scenario = a;
        }
    }
    if (!o->scenario)
        return tasim_cli_usage_error("run", "no scenario file given");
    return tasim_experiment_finish(&o->x) ? TASIM_EXIT_USAGE : 0;
}

typedef struct {
    const tasim_scenario_t *sc;
    const run_options_t *o;
    volatile sig_atomic_t *interrupted;
} run_writer_t;

static int write_run(void *ctx, const tasim_feed_t *feed)
{
    const run_writer_t *w = ctx;
    const tasim_experiment_options_t *x = &w->o->x;
    tasim_run_output_options_t ro = {
        .output = x->output, .force = x->force, .keep = w->o->keep,
        .quiet = x->quiet, .progress = x->progress,
        .seed_drawn = x->seed_drawn, .argc = x->argc, .argv = x->argv,
        .threads = x->parallel.threads, .interrupted = w->interrupted};
    return tasim_run_output_write(w->sc, &ro, feed);
}

int tasim_cmd_run(int argc, char **argv)
{
    /* From the start: an interrupt at any point ends the run cleanly. */
    volatile sig_atomic_t *interrupted = tasim_experiment_catch_signals();
    run_options_t o = {0};
    tasim_experiment_init(&o.x, "run", 1, 0, argc, argv);
    int rc = parse(argc, argv, &o);
    if (rc)
        return rc < 0 ? TASIM_EXIT_OK : rc;
    if ((rc = tasim_experiment_begin(&o.x)) != 0)
        return rc;
    tasim_scenario_t *sc = tasim_experiment_load(&o.x, o.scenario, &rc);
    if (sc == NULL)
        return tasim_parallel_end(&o.x.parallel, rc, 0);
    if (o.x.replications)
        sc->run.replications = (long)o.x.replications;
    tasim_job_t job = tasim_run_job(sc);
    tasim_shard_header_t h = tasim_experiment_header(
        &o.x, TASIM_SHARD_RUN, sc, job.tasks, o.keep ? "keep" : "");
    run_writer_t w = {sc, &o, interrupted};
    rc = tasim_experiment_dispatch(&o.x, &job, &h, write_run, &w);
    tasim_scenario_destroy(sc);
    return tasim_experiment_end(&o.x, rc);
}
