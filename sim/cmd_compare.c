/*
 * cmd_compare.c: `tasim compare`: run strategies of one scenario (or two
 * scenario files) on common random numbers and report outcomes with
 * confidence intervals and paired differences (compare_output.c).
 */
#define _POSIX_C_SOURCE 200809L
#include <libgen.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "compare_output.h"
#include "experiment_options.h"
#include "tasim/alloc.h"
#include "tasim/scenario.h"

static const char usage[] =
    "Usage: tasim compare SCENARIO [--strategies A,B,...] -o DIR [options]\n"
    "       tasim compare SCENARIO_A SCENARIO_B -o DIR [options]\n\n"
    "Run strategies on common random numbers (replication r of every\n"
    "strategy draws the same random streams) and compare their outcomes:\n"
    "means with confidence intervals, and paired differences.\n\n"
    "Strategies are the scenario's `strategies` plus `baseline` (the\n"
    "scenario as written); by default baseline and all of them. With two\n"
    "files, each file is a strategy named after its file name.\n\n"
    "Options:\n"
    "  -o, --output DIR      output directory (created; see --force)\n"
    "  -S, --strategies LIST comma-separated strategies, the first being\n"
    "                        the reference of the differences\n"
    "  -r, --replications N  replications per strategy\n"
    "  -s, --seed N          override scenario.seed\n"
    "  -l, --level L         confidence level, in (0, 1) (default 0.95)\n"
    "  -f, --force           replace DIR once the new results are complete\n"
    "  -p, --plot            draw the comparison figures (gnuplot)\n"
    "  -q, --quiet           no progress and no table\n"
    "      --progress        show progress even when stderr is no terminal\n"
    "%s"
    "  -h, --help            show this help\n";

typedef struct {
    tasim_experiment_options_t x;
    const char *files[2];
    int file_count;
    const char *strategies;
} compare_options_t;

static int parse(int argc, char **argv, compare_options_t *o)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int taken = tasim_experiment_option(&o->x, argc, argv, &i);
        if (taken < 0)
            return TASIM_EXIT_USAGE;
        if (taken)
            continue;
        if (tasim_cli_is_help(a)) {
            printf(usage, tasim_parallel_usage);
            return -1;
        } else if (!strcmp(a, "-S") || !strcmp(a, "--strategies")) {
            if (i + 1 >= argc || !argv[i + 1][0])
                return tasim_cli_usage_error("compare", "%s needs a list "
                                             "of strategies", a);
            o->strategies = argv[++i];
        } else if (a[0] == '-') {
            return tasim_cli_usage_error("compare", "unknown option '%s'", a);
        } else if (o->file_count == 2) {
            return tasim_cli_usage_error("compare", "at most two scenario "
                                         "files (got a third: '%s')", a);
        } else {
            o->files[o->file_count++] = a;
        }
    }
    if (o->file_count == 0)
        return tasim_cli_usage_error("compare", "no scenario file given");
    if (o->file_count == 2 && o->strategies)
        return tasim_cli_usage_error("compare", "--strategies compares the "
                                     "strategies of one file; with two "
                                     "files, each file is a strategy");
    if (o->file_count == 2 && o->x.parallel.sharded)
        return tasim_cli_usage_error("compare", "--shard works on the "
                                     "strategies of one file; put both "
                                     "variants in one file's `strategies`");
    return tasim_experiment_finish(&o->x) ? TASIM_EXIT_USAGE : 0;
}

/* A strategy's name from its file name: "runs/advisory.yaml" gives
 * "advisory". */
static char *label_of(const char *path)
{
    char *copy = tasim_xstrdup(path);
    char *name = tasim_xstrdup(basename(copy));
    free(copy);
    char *dot = strrchr(name, '.');
    if (dot && dot != name)
        *dot = '\0';
    return name;
}

/* Two files, two strategies: the second runs with the first's seed and
 * replications, so that the two share their random streams. */
static void setup_files(tasim_compare_setup_t *s, tasim_scenario_t *first,
                        tasim_scenario_t *second, const compare_options_t *o)
{
    s->base = first;
    s->second = second;
    s->seed = first->run.seed;
    s->replications = (uint64_t)first->run.replications;
    char *a = label_of(o->files[0]), *b = label_of(o->files[1]);
    if (strcmp(a, b) == 0) {
        free(a);
        free(b);
        a = tasim_xstrdup("A");
        b = tasim_xstrdup("B");
    }
    second->run.seed = first->run.seed;
    second->run.replications = first->run.replications;
    tasim_compare_setup_add(s, a, first);
    tasim_compare_setup_add(s, b, second);
    free(a);
    free(b);
}

typedef struct {
    const tasim_compare_setup_t *setup;
    const compare_options_t *o;
    volatile sig_atomic_t *interrupted;
} compare_writer_t;

static int write_comparison(void *ctx, const tasim_feed_t *feed)
{
    const compare_writer_t *w = ctx;
    const tasim_experiment_options_t *x = &w->o->x;
    tasim_compare_output_options_t co = {
        .output = x->output, .force = x->force, .quiet = x->quiet,
        .progress = x->progress, .table = !x->quiet, .argc = x->argc,
        .argv = x->argv, .interrupted = w->interrupted};
    return tasim_compare_output_write(w->setup, &co, feed);
}

static int run(const compare_options_t *o, tasim_compare_setup_t *s,
               volatile sig_atomic_t *interrupted)
{
    tasim_job_t job = tasim_compare_job(s);
    char *args = tasim_compare_shard_args(s);
    tasim_shard_header_t h = tasim_experiment_header(
        &o->x, TASIM_SHARD_COMPARE, s->base, s->replications, args);
    compare_writer_t w = {s, o, interrupted};
    int rc = tasim_experiment_dispatch(&o->x, &job, &h, write_comparison, &w);
    free(args);
    return rc;
}

int tasim_cmd_compare(int argc, char **argv)
{
    volatile sig_atomic_t *interrupted = tasim_experiment_catch_signals();
    compare_options_t o = {0};
    tasim_experiment_init(&o.x, "compare", 2, 1, argc, argv);
    int rc = parse(argc, argv, &o);
    if (rc)
        return rc < 0 ? TASIM_EXIT_OK : rc;
    if ((rc = tasim_experiment_begin(&o.x)) != 0)
        return rc;
    tasim_scenario_t *first = tasim_experiment_load(&o.x, o.files[0], &rc);
    tasim_scenario_t *second =
        first && o.file_count == 2
            ? tasim_experiment_load(&o.x, o.files[1], &rc)
            : NULL;
    if (rc == 0 && o.x.replications)
        first->run.replications = (long)o.x.replications;
    if (rc == 0 && first->run.replications < 2)
        rc = tasim_cli_usage_error("compare", "a comparison needs at least "
                                   "2 replications (the scenario has %ld; "
                                   "use -r)", first->run.replications);
    if (rc != 0) {
        tasim_scenario_destroy(first);
        tasim_scenario_destroy(second);
        return tasim_parallel_end(&o.x.parallel, rc, 0);
    }
    tasim_experiment_warn_outcomes(first);
    if (second)
        tasim_experiment_warn_outcomes(second);
    tasim_compare_setup_t s = {.level = o.x.level};
    if (o.file_count == 2)
        setup_files(&s, first, second, &o);
    else
        rc = tasim_compare_setup_strategies(&s, first, o.strategies);
    s.seed_drawn = o.x.seed_drawn;
    if (rc == 0)
        rc = run(&o, &s, interrupted);
    tasim_compare_setup_free(&s);
    if (o.file_count == 1)
        tasim_scenario_destroy(first);
    return tasim_experiment_end(&o.x, rc);
}
