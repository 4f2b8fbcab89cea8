/*
 * cmd_sweep.c: `tasim sweep SCENARIO -o DIR`: run the design of the
 * scenario's `sweep` block, every point on the same random streams, and
 * write outcomes per point and sensitivity indices (sweep_output.c).
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "experiment_options.h"
#include "schema.h"
#include "sweep_output.h"
#include "tasim/scenario.h"

static const char usage[] =
    "Usage: tasim sweep SCENARIO -o DIR [options]\n\n"
    "Run the parameter sweep of the scenario's `sweep` block (grid, Latin\n"
    "hypercube, Sobol' or Morris design), every point with the same\n"
    "replications on the same random streams, and write the design, the\n"
    "outcomes per point and, for Morris and Sobol' designs, sensitivity\n"
    "indices.\n\n"
    "Options:\n"
    "  -o, --output DIR      output directory (created; see --force)\n"
    "  -r, --replications N  replications per point (default: the block's)\n"
    "  -s, --seed N          override scenario.seed\n"
    "  -l, --level L         confidence level, in (0, 1) (default 0.95)\n"
    "      --resume          continue an interrupted sweep from its ledger\n"
    "      --max-points N    stop after N new points (resume later)\n"
    "      --function NAME   evaluate a test function instead of the model\n"
    "                        (ishigami: known indices, to check the method)\n"
    "  -f, --force           replace DIR (and any ledger) when done\n"
    "  -p, --plot            draw the sweep's figures (gnuplot)\n"
    "  -q, --quiet           no progress on stderr\n"
    "      --progress        show progress even when stderr is no terminal\n"
    "%s"
    "  -h, --help            show this help\n";

typedef struct {
    tasim_experiment_options_t x;
    const char *scenario;
    uint64_t max_points;
    int resume, function;
} sweep_options_t;

static int parse(int argc, char **argv, sweep_options_t *o)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *value = i + 1 < argc ? argv[i + 1] : NULL;
        int taken = tasim_experiment_option(&o->x, argc, argv, &i);
        if (taken < 0)
            return TASIM_EXIT_USAGE;
        if (taken)
            continue;
        if (tasim_cli_is_help(a)) {
            printf(usage, tasim_parallel_usage);
            return -1;
        } else if (!strcmp(a, "--max-points")) {
            if (tasim_parse_count(value, &o->max_points) ||
                o->max_points < 1)
                return tasim_cli_usage_error("sweep", "%s needs a number of "
                                             "points, at least 1", a);
            i++;
        } else if (!strcmp(a, "--function")) {
            if (!value || strcmp(value, "ishigami") != 0)
                return tasim_cli_usage_error("sweep", "%s knows one test "
                                             "function: ishigami", a);
            o->function = TASIM_SWEEP_ISHIGAMI;
            i++;
        } else if (!strcmp(a, "--resume")) {
            o->resume = 1;
        } else if (a[0] == '-') {
            return tasim_cli_usage_error("sweep", "unknown option '%s'", a);
        } else if (o->scenario) {
            return tasim_cli_usage_error("sweep", "one scenario at a time "
                                         "(got '%s' and '%s')", o->scenario,
                                         a);
        } else {
            o->scenario = a;
        }
    }
    if (!o->scenario)
        return tasim_cli_usage_error("sweep", "no scenario file given");
    if (tasim_experiment_finish(&o->x))
        return TASIM_EXIT_USAGE;
    if (o->x.parallel.sharded && (o->resume || o->max_points))
        return tasim_cli_usage_error("sweep", "a shard is all-or-nothing: "
                                     "--resume and --max-points apply to "
                                     "whole sweeps");
    if (o->resume && o->x.force)
        return tasim_cli_usage_error("sweep", "--resume continues a sweep, "
                                     "--force starts it over: choose one");
    return 0;
}

typedef struct {
    tasim_sweep_setup_t *setup;
    const sweep_options_t *o;
    volatile sig_atomic_t *interrupted;
} sweep_writer_t;

static int write_sweep(void *ctx, const tasim_feed_t *feed)
{
    const sweep_writer_t *w = ctx;
    const tasim_experiment_options_t *x = &w->o->x;
    tasim_sweep_output_options_t so = {
        .output = x->output, .force = x->force, .quiet = x->quiet,
        .progress = x->progress, .resume = w->o->resume,
        .max_points = w->o->max_points, .argc = x->argc, .argv = x->argv,
        .interrupted = w->interrupted};
    return tasim_sweep_output_write(w->setup, &so, feed);
}

static int run(const sweep_options_t *o, tasim_sweep_setup_t *s,
               volatile sig_atomic_t *interrupted)
{
    /* Ranks other than 0 skip what the ledger already holds, as rank 0
     * will. */
    if (o->x.parallel.mpi && tasim_mpi_rank() != 0 && o->resume &&
        tasim_sweep_read_ledger(s, o->x.output) != 0)
        return TASIM_EXIT_USAGE;
    tasim_job_t job = tasim_sweep_job(s);
    char *args = tasim_sweep_shard_args(s);
    tasim_shard_header_t h = tasim_experiment_header(
        &o->x, TASIM_SHARD_SWEEP, s->base, s->replications, args);
    sweep_writer_t w = {s, o, interrupted};
    int rc = tasim_experiment_dispatch(&o->x, &job, &h, write_sweep, &w);
    free(args);
    return rc;
}

int tasim_cmd_sweep(int argc, char **argv)
{
    volatile sig_atomic_t *interrupted = tasim_experiment_catch_signals();
    sweep_options_t o = {0};
    tasim_experiment_init(&o.x, "sweep", 1, 1, argc, argv);
    int rc = parse(argc, argv, &o);
    if (rc)
        return rc < 0 ? TASIM_EXIT_OK : rc;
    if ((rc = tasim_experiment_begin(&o.x)) != 0)
        return rc;
    if (o.resume)
        o.x.seed_needed_by = "--resume";
    tasim_scenario_t *sc = tasim_experiment_load(&o.x, o.scenario, &rc);
    if (sc == NULL)
        return tasim_parallel_end(&o.x.parallel, rc, 0);
    if (!o.function) /* a test function has no model outcomes */
        tasim_experiment_warn_outcomes(sc);
    tasim_sweep_setup_t s;
    rc = tasim_sweep_setup_init(&s, sc, o.x.replications, o.function);
    s.level = o.x.level;
    s.seed_drawn = o.x.seed_drawn;
    if (rc == 0)
        rc = run(&o, &s, interrupted);
    tasim_sweep_setup_free(&s);
    tasim_scenario_destroy(sc);
    return tasim_experiment_end(&o.x, rc);
}
