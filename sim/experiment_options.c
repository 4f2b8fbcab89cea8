/*
 * experiment_options.c: the command-line and start-up steps shared by
 * `tasim run`, `compare` and `sweep` (experiment_options.h).
 */
#define _POSIX_C_SOURCE 200809L
#include "experiment_options.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "outdir.h"
#include "plot.h"
#include "scenario_check.h"
#include "schema.h"
#include "shard_output.h"
#include "tasim/outcomes.h"
#include "tasim/version.h"

/* Set by a signal handler, which can do nothing else; read between
 * tasks. */
static volatile sig_atomic_t interrupted;

static void on_signal(int sig) { interrupted = sig; }

volatile sig_atomic_t *tasim_experiment_catch_signals(void)
{
    struct sigaction sa = {0};
    sa.sa_handler = on_signal;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    return &interrupted;
}

void tasim_experiment_init(tasim_experiment_options_t *o, const char *command,
                           uint64_t min_replications, int takes_level,
                           int argc, char **argv)
{
    memset(o, 0, sizeof *o);
    o->command = command;
    o->min_replications = min_replications;
    /* -r sets what the scenario's own field does: a sweep's replications
     * per point (sweep.replications), the others' for the whole run
     * (scenario.replications). Its bound is that field's. */
    o->max_replications = (uint64_t)tasim_schema_field(
        tasim_check_schema(strcmp(command, "sweep") == 0 ? "sweep"
                                                         : "scenario"),
        "replications")->max;
    o->takes_level = takes_level;
    o->level = 0.95;
    o->argc = argc;
    o->argv = argv;
}

static int whole(const tasim_experiment_options_t *o, const char *opt,
                 const char *text, uint64_t *out)
{
    int rc = tasim_parse_count(text, out);
    if (rc == -1)
        tasim_cli_usage_error(o->command, "%s needs a whole number%s%s%s",
                              opt, text ? ", got '" : "", text ? text : "",
                              text ? "'" : "");
    else if (rc == -2)
        tasim_cli_usage_error(o->command, "%s must be below 2^64 "
                              "(18446744073709551616), got '%s'", opt, text);
    return rc == 0 ? 0 : -1;
}

int tasim_experiment_option(tasim_experiment_options_t *o, int argc,
                            char **argv, int *i)
{
    int taken = tasim_parallel_option(o->command, argc, argv, i,
                                      &o->parallel);
    if (taken)
        return taken;
    const char *a = argv[*i];
    const char *value = *i + 1 < argc ? argv[*i + 1] : NULL;
    if (!strcmp(a, "-o") || !strcmp(a, "--output")) {
        if (!value) {
            tasim_cli_usage_error(o->command, "%s needs a directory", a);
            return -1;
        }
        if (o->output) { /* which one was meant is anybody's guess */
            tasim_cli_usage_error(o->command, "the output directory is "
                                  "given twice ('%s' and '%s')", o->output,
                                  value);
            return -1;
        }
        o->output = value;
    } else if (!strcmp(a, "-r") || !strcmp(a, "--replications")) {
        if (whole(o, a, value, &o->replications))
            return -1;
        if (o->replications < o->min_replications ||
            o->replications > o->max_replications) {
            tasim_cli_usage_error(o->command, "%s must be from %" PRIu64
                                  " to %" PRIu64 "%s", a,
                                  o->min_replications, o->max_replications,
                                  o->min_replications > 1
                                      ? " (intervals need two)" : "");
            return -1;
        }
    } else if (!strcmp(a, "-s") || !strcmp(a, "--seed")) {
        if (whole(o, a, value, &o->seed))
            return -1;
        o->seed_given = 1;
    } else if (o->takes_level && (!strcmp(a, "-l") || !strcmp(a, "--level"))) {
        char *end;
        double l = value ? strtod(value, &end) : 0;
        if (!value || *end || !(l > 0 && l < 1)) {
            tasim_cli_usage_error(o->command, "%s needs a level between 0 "
                                  "and 1, e.g. 0.95", a);
            return -1;
        }
        o->level = l;
    } else if (!strcmp(a, "-f") || !strcmp(a, "--force")) {
        o->force = 1;
        return 1;
    } else if (!strcmp(a, "-q") || !strcmp(a, "--quiet")) {
        o->quiet = 1;
        return 1;
    } else if (!strcmp(a, "-p") || !strcmp(a, "--plot")) {
        o->plot = 1;
        return 1;
    } else if (!strcmp(a, "--progress")) {
        o->progress = 1;
        return 1;
    } else {
        return 0;
    }
    (*i)++; /* the option's value */
    return 1;
}

int tasim_experiment_finish(tasim_experiment_options_t *o)
{
    if (!o->output) {
        tasim_cli_usage_error(o->command, "no output directory (-o DIR)");
        return -1;
    }
    if (tasim_parallel_finish(o->command, &o->parallel))
        return -1;
    if (o->plot && o->parallel.sharded) {
        tasim_cli_usage_error(o->command, "--plot needs the whole job; plot "
                              "after `tasim merge`");
        return -1;
    }
    return 0;
}

int tasim_experiment_begin(tasim_experiment_options_t *o)
{
    int rc = tasim_parallel_begin(&o->parallel, NULL, NULL);
    if (rc != 0 || !o->plot)
        return rc;
    /* Only rank 0 draws, so only its machine needs gnuplot; every rank
     * learns the answer and stops with it. */
    int ready = tasim_mpi_rank() == 0 ? tasim_plot_ready() : 0;
    if (o->parallel.mpi)
        tasim_mpi_broadcast(&ready, sizeof ready);
    return ready == 0 ? 0 : tasim_parallel_end(&o->parallel, ready, 0);
}

int tasim_experiment_seed(tasim_experiment_options_t *o,
                          tasim_scenario_t *sc)
{
    int known = o->seed_given || sc->seed_given;
    if (tasim_parallel_check_seed(o->command, &o->parallel, known))
        return TASIM_EXIT_USAGE;
    if (!known && o->seed_needed_by)
        return tasim_cli_usage_error(o->command, "%s needs the seed of the "
                                     "first attempt: pass --seed (it was "
                                     "printed when that started)",
                                     o->seed_needed_by);
    if (o->seed_given) {
        sc->run.seed = o->seed;
    } else if (!sc->seed_given) {
        sc->run.seed = tasim_cli_draw_seed();
        tasim_parallel_share_seed(&o->parallel, &sc->run.seed);
        o->seed_drawn = 1;
        fprintf(stderr, "tasim: no seed in the scenario; using %" PRIu64
                        " (pass --seed %" PRIu64 " to repeat)\n",
                sc->run.seed, sc->run.seed);
    }
    return 0;
}

tasim_scenario_t *tasim_experiment_load(tasim_experiment_options_t *o,
                                        const char *path, int *rc)
{
    tasim_diag_t diag;
    tasim_diag_init(&diag);
    tasim_outdir_protect(path); /* --force must not delete the scenario */
    tasim_scenario_t *sc = tasim_scenario_load_file(path, &diag);
    *rc = sc ? tasim_experiment_seed(o, sc)
             : tasim_cli_report_scenario_errors(path, &diag);
    tasim_diag_fini(&diag);
    if (*rc != 0) {
        tasim_scenario_destroy(sc);
        return NULL;
    }
    return sc;
}

static int declares_indicator(const tasim_scenario_t *sc)
{
    for (size_t c = 0; c < sc->country_count; c++)
        for (size_t k = 0; k < sc->countries[c].unit_count; k++)
            if (sc->countries[c].units[k].has_indicator)
                return 1;
    return 0;
}

void tasim_experiment_warn_outcomes(const tasim_scenario_t *sc)
{
    if (tasim_mpi_rank() != 0)
        return;
    /* The series each outcome lacks, NULL when it has what it needs or
     * would be undefined anyway (indicator_end without an indicator). */
    const char *lost[TASIM_OUTCOMES];
    int indicators = declares_indicator(sc);
    for (int k = 0; k < TASIM_OUTCOMES; k++)
        lost[k] = k == TASIM_OUTCOME_INDICATOR_END && !indicators
                      ? NULL
                      : tasim_outcomes_missing_series(sc, k);
    /* One line per missing series, at its first outcome, naming every
     * outcome it takes away. */
    for (int k = 0; k < TASIM_OUTCOMES; k++) {
        int first = lost[k] != NULL;
        for (int j = 0; j < k && first; j++)
            first = !(lost[j] && strcmp(lost[j], lost[k]) == 0);
        if (!first)
            continue;
        fprintf(stderr, "tasim: warning: %s: output.series leaves out "
                        "'%s', so these outcomes cannot be computed:",
                sc->path ? sc->path : "scenario", lost[k]);
        for (int j = k; j < TASIM_OUTCOMES; j++)
            if (lost[j] && strcmp(lost[j], lost[k]) == 0)
                fprintf(stderr, " %s", tasim_outcome_names[j]);
        fputc('\n', stderr);
    }
}

tasim_shard_header_t tasim_experiment_header(
    const tasim_experiment_options_t *o, int kind, const tasim_scenario_t *sc,
    uint64_t replications, const char *args)
{
    return (tasim_shard_header_t){
        .kind = kind, .seed = sc->run.seed, .replications = replications,
        .seed_drawn = o->seed_drawn, .scenario_path = sc->path,
        .source = sc->source, .source_len = sc->source_len, .args = args,
        .version = TASIM_VERSION, .commit = tasim_git_commit()};
}

int tasim_experiment_dispatch(const tasim_experiment_options_t *o,
                              const tasim_job_t *job,
                              tasim_shard_header_t *h,
                              tasim_experiment_writer_t write, void *ctx)
{
    tasim_ensemble_options_t eo = {.threads = o->parallel.threads,
                                   .use_mpi = o->parallel.mpi,
                                   .stop = &interrupted};
    if (o->parallel.sharded) {
        h->shard = o->parallel.shard;
        h->shards = o->parallel.shards;
        h->tasks = job->tasks;
        return tasim_shard_output_write(job, h, o->output, o->force,
                                        o->quiet, o->progress, &eo);
    }
    if (o->parallel.mpi && tasim_mpi_rank() != 0) {
        /* Other ranks simulate and send; rank 0 writes. */
        tasim_error_t err;
        tasim_error_clear(&err);
        return tasim_ensemble_run(job, &eo, &err) ? TASIM_EXIT_RUNTIME : 0;
    }
    tasim_feed_t feed = {tasim_ensemble_feed, &eo};
    return write(ctx, &feed);
}

int tasim_experiment_end(const tasim_experiment_options_t *o, int rc)
{
    /* Plots come after the results are in place: a failed plot never
     * costs the run its results. */
    if (rc == 0 && o->plot && tasim_mpi_rank() == 0)
        rc = tasim_plot_run(o->output, o->quiet);
    return tasim_parallel_end(&o->parallel, rc, 1);
}
