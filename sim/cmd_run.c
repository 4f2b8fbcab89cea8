/*
 * cmd_run.c: `tasim run SCENARIO -o DIR`: validate the scenario, run its
 * replications and write DIR/series.csv, DIR/programmes.csv and
 * DIR/requests.csv atomically. Ctrl-C or a termination signal stops the run between
 * replications and leaves no output directory behind.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "csv_writer.h"
#include "manifest.h"
#include "outdir.h"
#include "plot.h"
#include "tasim/alloc.h"
#include "tasim/model.h"
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
    "                        (default: only for runs of at most %d)\n"
    "  -p, --plot            draw the figures into DIR/plots (gnuplot)\n"
    "  -q, --quiet           no progress on stderr\n"
    "      --progress        show progress even when stderr is no terminal\n"
    "  -h, --help            show this help\n";

/* Up to this many replications, series.csv is written by default: small
 * runs are for looking at single trajectories; large ones for bands. */
enum { KEEP_BY_DEFAULT_UP_TO = 10 };

typedef struct {
    const char *scenario, *output;
    long replications; /* 0: from the scenario */
    uint64_t seed;
    int seed_given, seed_drawn, force, quiet, progress, keep, plot;
    int argc;
    char **argv;
} run_options_t;

typedef struct {
    uint64_t events;
    double wall;
} run_totals_t;

static volatile sig_atomic_t interrupted;

static void on_signal(int sig) { interrupted = sig; }

static int parse_number(const char *opt, const char *text, uint64_t *out)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(text, &end, 10);
    if (!text[0] || *end || errno || text[0] == '-')
        return tasim_cli_usage_error("run", "%s needs a whole number, got "
                                            "'%s'", opt, text);
    *out = (uint64_t)v;
    return 0;
}

static int parse(int argc, char **argv, run_options_t *o)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *value = i + 1 < argc ? argv[i + 1] : NULL;
        uint64_t n;
        if (tasim_cli_is_help(a)) {
            printf(usage, KEEP_BY_DEFAULT_UP_TO);
            return -1;
        } else if (!strcmp(a, "-o") || !strcmp(a, "--output")) {
            if (!value)
                return tasim_cli_usage_error("run", "%s needs a directory", a);
            o->output = argv[++i];
        } else if (!strcmp(a, "-r") || !strcmp(a, "--replications")) {
            if (!value)
                return tasim_cli_usage_error("run", "%s needs N", a);
            if (parse_number(a, value, &n))
                return TASIM_EXIT_USAGE;
            if (n < 1)
                return tasim_cli_usage_error("run", "%s must be at least 1",
                                             a);
            o->replications = (long)n;
            i++;
        } else if (!strcmp(a, "-s") || !strcmp(a, "--seed")) {
            if (!value || parse_number(a, value, &o->seed))
                return value ? TASIM_EXIT_USAGE
                             : tasim_cli_usage_error("run", "%s needs N", a);
            o->seed_given = 1;
            i++;
        } else if (!strcmp(a, "-f") || !strcmp(a, "--force")) {
            o->force = 1;
        } else if (!strcmp(a, "-q") || !strcmp(a, "--quiet")) {
            o->quiet = 1;
        } else if (!strcmp(a, "-p") || !strcmp(a, "--plot")) {
            o->plot = 1;
        } else if (!strcmp(a, "--progress")) {
            o->progress = 1;
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
    if (!o->output)
        return tasim_cli_usage_error("run", "no output directory (-o DIR)");
    return 0;
}

/* A seed for a scenario that names none: drawn, and printed so the run
 * can be repeated. */
static uint64_t draw_seed(void)
{
    uint64_t s = 0;
    FILE *f = fopen("/dev/urandom", "rb");
    if (f == NULL || fread(&s, sizeof s, 1, f) != 1)
        s = (uint64_t)getpid() * 2654435761u;
    if (f)
        fclose(f);
    return s % 1000000000000ull;
}

static FILE *open_output(tasim_outdir_t *dir, const char *name)
{
    char path[PATH_MAX];
    if (tasim_outdir_path(dir, name, path, sizeof path))
        return NULL;
    return fopen(path, "w");
}

static double seconds_since(const struct timespec *t0)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)(t.tv_sec - t0->tv_sec) + 1e-9 * (t.tv_nsec - t0->tv_nsec);
}

/* One line, redrawn in place: replications done, events per second and
 * the time left at the pace so far. */
static void show_progress(long done, long total, uint64_t events,
                          double elapsed)
{
    int width = 30, filled = (int)(width * done / total);
    double eta = done ? elapsed / (double)done * (double)(total - done) : 0;
    fprintf(stderr, "\rtasim: [%.*s%*s] %ld/%ld replications, %.3g events/s, "
                    "ETA %.0fs ",
            filled, "##############################", width - filled, "",
            done, total, elapsed > 0 ? (double)events / elapsed : 0, eta);
}

static int simulate(tasim_scenario_t *sc, const run_options_t *o,
                    tasim_csv_writer_t *w, run_totals_t *totals)
{
    int progress = o->progress || (!o->quiet && isatty(STDERR_FILENO));
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    double last_shown = -1;
    for (long r = 0; r < sc->run.replications && !interrupted; r++) {
        tasim_error_t err;
        tasim_error_clear(&err);
        tasim_model_stats_t stats = {0};
        if (tasim_model_run(sc, (uint64_t)r, &tasim_csv_observer, w, &stats,
                            &err)) {
            tasim_cli_error("%s", err.message);
            return TASIM_EXIT_RUNTIME;
        }
        if (w->failed) {
            tasim_cli_error("replication %ld reported different series than "
                            "the first (internal error)", r);
            return TASIM_EXIT_RUNTIME;
        }
        totals->events += stats.events;
        double elapsed = seconds_since(&t0);
        if (progress && (elapsed - last_shown >= 0.1 ||
                         r + 1 == sc->run.replications)) {
            show_progress(r + 1, sc->run.replications, totals->events,
                          elapsed);
            last_shown = elapsed;
        }
    }
    totals->wall = seconds_since(&t0);
    if (progress)
        fputc('\n', stderr);
    return interrupted ? TASIM_EXIT_RUNTIME : 0;
}

static int write_summary(tasim_outdir_t *dir, tasim_csv_writer_t *w)
{
    FILE *f = open_output(dir, "summary.csv");
    FILE *g = open_output(dir, "programmes-summary.csv");
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
                          const run_options_t *o, const run_totals_t *t,
                          time_t started, int keep, int exact)
{
    /* The command as typed: "tasim" and the subcommand's arguments. */
    char **argv = tasim_xcalloc((size_t)o->argc + 2, sizeof *argv);
    argv[0] = "tasim";
    for (int i = 0; i < o->argc; i++)
        argv[i + 1] = o->argv[i];
    tasim_manifest_info_t info = {
        .argc = o->argc + 1, .argv = argv, .seed = sc->run.seed,
        .replications = sc->run.replications, .seed_drawn = o->seed_drawn,
        .wall_seconds = t->wall, .events = t->events, .started = started,
        .finished = time(NULL), .keep_replications = keep,
        .exact_quantiles = exact};
    FILE *f = open_output(dir, "manifest.yaml");
    int rc = f ? tasim_manifest_write(f, sc, &info) : -1;
    if (f && fclose(f) != 0)
        rc = -1;
    free(argv);
    return rc;
}

static int write_results(tasim_scenario_t *sc, const run_options_t *o)
{
    time_t started = time(NULL);
    tasim_outdir_t dir;
    tasim_error_t err;
    tasim_error_clear(&err);
    if (tasim_outdir_begin(&dir, o->output, o->force, &err)) {
        tasim_cli_error("%s: %s", err.file, err.message);
        return TASIM_EXIT_USAGE;
    }
    int keep = o->keep || sc->run.replications <= KEEP_BY_DEFAULT_UP_TO;
    tasim_csv_writer_t w = {
        .series = keep ? open_output(&dir, "series.csv") : NULL,
        .programmes = open_output(&dir, "programmes.csv"),
        .requests = open_output(&dir, "requests.csv"),
        .summary = tasim_summary_create((uint64_t)sc->run.replications,
                                        TASIM_SUMMARY_EXACT_BUDGET),
        .programme_summary = tasim_programme_summary_create(),
    };
    run_totals_t totals = {0};
    int rc = (w.series || !keep) && w.programmes && w.requests
                 ? 0
                 : TASIM_EXIT_USAGE;
    if (rc == 0) {
        tasim_csv_write_headers(&w);
        rc = simulate(sc, o, &w, &totals);
    }
    if (rc == 0 && write_summary(&dir, &w) != 0)
        rc = TASIM_EXIT_USAGE;
    if (rc == 0 && write_manifest(&dir, sc, o, &totals, started, keep,
                                  tasim_summary_exact(w.summary)) != 0)
        rc = TASIM_EXIT_USAGE;
    int io = 0;
    FILE *files[] = {w.series, w.programmes, w.requests};
    for (int i = 0; i < 3; i++)
        if (files[i])
            io |= ferror(files[i]) | fclose(files[i]);
    if (rc == 0 && io) {
        tasim_cli_error("%s: cannot write the results (disk full?)",
                        o->output);
        rc = TASIM_EXIT_USAGE;
    }
    if (rc == 0 && tasim_outdir_commit(&dir, &err)) {
        tasim_cli_error("%s: %s", err.file, err.message);
        rc = TASIM_EXIT_USAGE;
    }
    if (rc != 0) {
        tasim_outdir_abort(&dir);
        if (interrupted)
            tasim_cli_error("interrupted; no output written");
    }
    tasim_summary_destroy(w.summary);
    tasim_programme_summary_destroy(w.programme_summary);
    return rc;
}

int tasim_cmd_run(int argc, char **argv)
{
    /* From the start: an interrupt at any point ends the run cleanly. */
    struct sigaction sa = {0};
    sa.sa_handler = on_signal;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    run_options_t o = {.argc = argc, .argv = argv};
    int rc = parse(argc, argv, &o);
    if (rc)
        return rc < 0 ? TASIM_EXIT_OK : rc;
    tasim_diag_t diag;
    tasim_diag_init(&diag);
    tasim_scenario_t *sc = tasim_scenario_load_file(o.scenario, &diag);
    if (sc == NULL) {
        rc = tasim_cli_report_scenario_errors(o.scenario, &diag);
        tasim_diag_fini(&diag);
        return rc;
    }
    tasim_diag_fini(&diag);
    if (o.seed_given)
        sc->run.seed = o.seed;
    else if (!sc->seed_given) {
        sc->run.seed = draw_seed();
        o.seed_drawn = 1;
        fprintf(stderr, "tasim: no seed in the scenario; using %" PRIu64
                        " (pass --seed %" PRIu64 " to repeat)\n",
                sc->run.seed, sc->run.seed);
    }
    if (o.replications)
        sc->run.replications = o.replications;
    rc = write_results(sc, &o);
    tasim_scenario_destroy(sc);
    /* Plots come after the results are in place: a failed plot never
     * costs the run its results. */
    if (rc == 0 && o.plot)
        rc = tasim_plot_run(o.output, o.quiet);
    return rc;
}
