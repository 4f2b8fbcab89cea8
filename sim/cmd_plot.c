/*
 * cmd_plot.c: `tasim plot DIR`: draw the figures of an output directory
 * of `tasim run`, `compare` or `sweep` with the gnuplot scripts of plots/
 * (see plot.h).
 *
 * The scripts do the plotting and read the CSV files by column name; this
 * file checks the inputs and has plot_data.c tell the kind of directory,
 * find the scenario's name and prepare the data (for a run, summary.csv
 * split by series so that a figure reads only its own series; for a
 * comparison or a sweep, files reshaped per strategy, outcome or
 * parameter), and runs gnuplot once per figure and format. gnuplot is
 * started with posix_spawn and an argument vector, never through a shell,
 * and every value handed to it is a gnuplot single-quoted string, in
 * which neither backquotes nor macros are expanded: a directory or
 * scenario name cannot inject commands. The runs are independent, so
 * they go in parallel.
 */
#define _XOPEN_SOURCE 700
#include "plot.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"
#include "outdir.h"
#include "plot_internal.h"
#include "strbuf.h"
#include "tasim/alloc.h"

extern char **environ;

/* Set by SIGINT or SIGTERM: stop the gnuplot runs and leave DIR/plots as
 * it was. A signal handler can only set a flag, hence this global. */
static volatile sig_atomic_t interrupted;

static void on_signal(int sig) { interrupted = sig; }

static const char usage[] =
    "Usage: tasim plot [options] DIR\n\n"
    "Draw the figures of the output directory DIR into DIR/plots, as PNG\n"
    "and SVG. Needs gnuplot. The kind of directory is told by its files:\n"
    "  tasim run      (summary.csv): capacity, performance, dependency,\n"
    "                 cost, queues, indicators, retention\n"
    "  tasim compare  (compare.csv): compare-bands, compare-differences,\n"
    "                 compare-outcomes\n"
    "  tasim sweep    (design.csv, results.csv): sweep-scatter, and\n"
    "                 sweep-indices for Morris and Sobol' designs\n\n"
    "Options:\n"
    "  -q, --quiet  print nothing but errors\n"
    "  -h, --help   show this help\n\n"
    "The gnuplot scripts are read from $TASIM_PLOTS if set, else from\n"
    TASIM_PLOTS_DIR ".\n";

/* Each figure in both formats: gnuplot terminal and file extension. */
static const char *const terms[][2] = {{"pngcairo", "png"}, {"svg", "svg"}};
enum { TERM_COUNT = 2 };

/* Path of the gnuplot executable on PATH into buf; 0 if found. */
static int find_gnuplot(char *buf, size_t n)
{
    const char *path = getenv("PATH");
    if (path == NULL || *path == '\0')
        path = "/usr/bin:/bin";
    while (*path) {
        size_t len = strcspn(path, ":");
        /* An empty PATH entry means the current directory. */
        int w = len ? snprintf(buf, n, "%.*s/gnuplot", (int)len, path)
                    : snprintf(buf, n, "./gnuplot");
        struct stat st;
        if (w > 0 && (size_t)w < n && stat(buf, &st) == 0 &&
            S_ISREG(st.st_mode) && access(buf, X_OK) == 0)
            return 0;
        path += len + (path[len] == ':');
    }
    return -1;
}

/* The directory of the gnuplot scripts. */
static const char *scripts_dir(void)
{
    const char *env = getenv("TASIM_PLOTS");
    return env && *env ? env : TASIM_PLOTS_DIR;
}

/* One gnuplot run: a figure in one format. */
typedef struct {
    const char *name;   /* the figure, e.g. "capacity" */
    const char *term;   /* gnuplot terminal */
    char out[PATH_MAX]; /* the file it writes, in the temporary directory */
    char log[PATH_MAX]; /* gnuplot's messages, shown if it fails */
    pid_t pid;
} job_t;

/* What every run shares. */
typedef struct {
    char gnuplot[PATH_MAX];
    char scripts[PATH_MAX];
    char dir[PATH_MAX]; /* DIR as handed to gnuplot */
    char tmp[PATH_MAX]; /* DIR/plots.tmp-XXXXXX */
    char data[PATH_MAX]; /* the temporary directory's .data */
    char title[512];
    tasim_plot_kind_t kind;
    tasim_plot_found_t found;
} plot_run_t;

/* The -e argument of one gnuplot run: the scripts' input variables (see
 * plots/style.gp and lib.gp). With summary.csv split by series, the run
 * scripts read the files of the series they draw instead; the scripts
 * of comparisons and sweeps read the files prepared in data_dir and the
 * variables that plot_compare.c and plot_sweep.c found. */
static char *gnuplot_settings(const plot_run_t *r, const job_t *job)
{
    tasim_strbuf_t b = {0};
    int run = r->kind == TASIM_PLOT_RUN, split = run && r->found.split;
    const char *names[] = {"dir", "out", "term", "title", "units",
                           "series_dir", "series_present", "data_dir"};
    const char *values[] = {r->dir, job->out, job->term, r->title,
                            run ? r->found.units.data : NULL,
                            split ? r->data : NULL,
                            split ? r->found.series.data : NULL,
                            run ? NULL : r->data};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (values[i] == NULL)
            continue;
        tasim_strbuf_printf(&b, "%s=", names[i]);
        tasim_plot_append_quoted(&b, values[i]);
        tasim_strbuf_append(&b, "; ", 2);
    }
    if (r->found.vars.data)
        tasim_strbuf_append(&b, r->found.vars.data, r->found.vars.len);
    return tasim_strbuf_take(&b);
}

static int start_job(const plot_run_t *r, job_t *job)
{
    char script[PATH_MAX], file[64];
    snprintf(file, sizeof file, "%s.gp", job->name);
    if (tasim_plot_join_path(script, sizeof script, r->scripts, file) != 0) {
        tasim_cli_error("path too long: '%s'", r->scripts);
        return -1;
    }
    char *settings = gnuplot_settings(r, job);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 1, job->log,
                                     O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_adddup2(&fa, 1, 2);
    char arg0[] = "gnuplot", arg1[] = "-e";
    char *argv[] = {arg0, arg1, settings, script, NULL};
    int rc = posix_spawn(&job->pid, r->gnuplot, &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    free(settings);
    if (rc != 0)
        tasim_cli_error("cannot run %s: %s", r->gnuplot, strerror(rc));
    return rc == 0 ? 0 : -1;
}

/* Copy gnuplot's messages to stderr, after the error that explains them. */
static void show_log(const char *path)
{
    FILE *f = fopen(path, "r");
    char line[1024];
    while (f && fgets(line, sizeof line, f))
        fputs(line, stderr);
    if (f)
        fclose(f);
}

/* Wait for a run; 0 if gnuplot succeeded and wrote a non-empty file. */
static int finish_job(const plot_run_t *r, job_t *job)
{
    int status = 0;
    /* The handlers are installed without SA_RESTART, so a signal ends the
     * wait: pass it on to gnuplot, which may not have had it (a
     * SIGTERM sent to tasim alone), and wait for it to go. */
    while (waitpid(job->pid, &status, 0) < 0 && errno == EINTR)
        if (interrupted)
            kill(job->pid, SIGTERM);
    struct stat st;
    int ok = WIFEXITED(status) && WEXITSTATUS(status) == 0 &&
             stat(job->out, &st) == 0 && st.st_size > 0;
    if (!ok && !interrupted) {
        tasim_cli_error("gnuplot failed on %s/%s.gp (%s output); its "
                        "messages:", r->scripts, job->name, job->term);
        show_log(job->log);
    }
    /* Warnings about panels with no data are expected; the log is kept
     * only to explain a failure. */
    unlink(job->log);
    return ok ? 0 : -1;
}

/* Run every figure in every format, a few at a time: each run is one
 * single-threaded gnuplot, and a figure of a large scenario takes
 * seconds. After a failure no new run starts; those under way finish. */
static int run_jobs(const plot_run_t *r)
{
    job_t jobs[TASIM_PLOT_MAX_FIGURES * TERM_COUNT];
    const size_t count = r->found.figure_count * TERM_COUNT;
    for (size_t i = 0; i < count; i++) {
        job_t *j = &jobs[i];
        char file[64], log[80];
        j->name = r->found.figures[i / TERM_COUNT];
        j->term = terms[i % TERM_COUNT][0];
        snprintf(file, sizeof file, "%s.%s", j->name,
                 terms[i % TERM_COUNT][1]);
        snprintf(log, sizeof log, ".%s.log", file);
        if (tasim_plot_join_path(j->out, sizeof j->out, r->tmp, file) ||
            tasim_plot_join_path(j->log, sizeof j->log, r->tmp, log)) {
            tasim_cli_error("path too long: '%s'", r->tmp);
            return -1;
        }
    }
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    size_t parallel = cpus < 1 ? 1 : cpus > 8 ? 8 : (size_t)cpus;
    size_t started = 0, finished = 0;
    int failed = 0;
    for (;;) {
        failed |= interrupted != 0;
        while (!failed && started < count && started - finished < parallel) {
            if (start_job(r, &jobs[started]) != 0) {
                failed = 1;
                break;
            }
            started++;
        }
        if (finished == started)
            break;
        if (finish_job(r, &jobs[finished++]) != 0)
            failed = 1;
    }
    return failed ? -1 : 0;
}

/* Find gnuplot and the plot scripts. Returns an exit code, with the
 * reason printed. */
static int find_tools(plot_run_t *r)
{
    if (find_gnuplot(r->gnuplot, sizeof r->gnuplot) != 0) {
        tasim_cli_error("gnuplot is not installed (apt-get install "
                        "gnuplot-nox)");
        return TASIM_EXIT_USAGE;
    }
    char lib[PATH_MAX];
    int w = snprintf(r->scripts, sizeof r->scripts, "%s", scripts_dir());
    if (w < 0 || (size_t)w >= sizeof r->scripts - 64) {
        tasim_cli_error("path too long: '%s'", scripts_dir());
        return TASIM_EXIT_USAGE;
    }
    if (tasim_plot_join_path(lib, sizeof lib, r->scripts, "lib.gp") ||
        access(lib, R_OK) != 0) {
        tasim_cli_error("the plot scripts are not in '%s' (%s); set "
                        "TASIM_PLOTS to the plots/ directory of tasim",
                        r->scripts, strerror(errno));
        return TASIM_EXIT_USAGE;
    }
    return TASIM_EXIT_OK;
}

int tasim_plot_ready(void)
{
    plot_run_t r;
    memset(&r, 0, sizeof r);
    return find_tools(&r);
}

/* Check the inputs and find everything the runs share. Returns an exit
 * code. */
static int prepare(plot_run_t *r, const char *dir)
{
    struct stat st;
    if (stat(dir, &st) != 0) {
        tasim_cli_error("cannot open '%s': %s", dir, strerror(errno));
        return TASIM_EXIT_USAGE;
    }
    if (!S_ISDIR(st.st_mode)) {
        tasim_cli_error("'%s' is not a directory", dir);
        return TASIM_EXIT_USAGE;
    }
    int rc = tasim_plot_detect(dir, &r->kind);
    if (rc == TASIM_EXIT_OK)
        rc = tasim_plot_check_inputs(dir, r->kind);
    if (rc != TASIM_EXIT_OK)
        return rc;
    if ((rc = find_tools(r)) != TASIM_EXIT_OK)
        return rc;
    /* gnuplot reads a file name starting with '<' as a shell command, and
     * writes to one starting with '|' through one: anchor relative paths.
     * Leave room for "/plots.tmp-XXXXXX/performance.svg" and the like. */
    int w = snprintf(r->dir, sizeof r->dir, "%s%s",
                 dir[0] == '/' || dir[0] == '.' ? "" : "./", dir);
    if (w < 0 || (size_t)w >= sizeof r->dir - 64) {
        tasim_cli_error("path too long: '%s'", dir);
        return TASIM_EXIT_USAGE;
    }
    tasim_plot_scenario_name(dir, r->title, sizeof r->title);
    return TASIM_EXIT_OK;
}

/* Make the temporary directory DIR/plots.tmp-XXXXXX. */
static int make_tmp(plot_run_t *r)
{
    if (tasim_plot_join_path(r->tmp, sizeof r->tmp, r->dir,
                             "plots.tmp-XXXXXX") != 0 ||
        mkdtemp(r->tmp) == NULL) {
        tasim_cli_error("cannot create %s: %s", r->tmp, strerror(errno));
        r->tmp[0] = '\0';
        return TASIM_EXIT_USAGE;
    }
    /* mkdtemp makes the directory private (0700); figures are ordinary
     * files, so give it what mkdir would under the umask. */
    mode_t mask = umask(0);
    umask(mask);
    chmod(r->tmp, 0777 & ~mask);
    return TASIM_EXIT_OK;
}

/* Read the directory and write the data files of the scripts into
 * r->data. */
static int read_data(plot_run_t *r)
{
    int made = mkdir(r->data, 0777) == 0;
    /* A failed split is no error: the run scripts then read summary.csv.
     * Those of the other kinds read only the files prepared for them. */
    if (r->kind == TASIM_PLOT_RUN)
        return tasim_plot_read_summary(r->dir, made ? r->data : NULL,
                                       &r->found);
    if (!made) {
        tasim_cli_error("cannot create %s: %s", r->data, strerror(errno));
        return TASIM_EXIT_USAGE;
    }
    return r->kind == TASIM_PLOT_COMPARE
               ? tasim_plot_read_compare(r->dir, r->data, &r->found)
               : tasim_plot_read_sweep(r->dir, r->data, &r->found);
}

/* Draw every figure into r->tmp and move it into place. */
static int draw(plot_run_t *r)
{
    char final[PATH_MAX];
    if (tasim_plot_join_path(final, sizeof final, r->dir, "plots") ||
        tasim_plot_join_path(r->data, sizeof r->data, r->tmp, ".data")) {
        tasim_cli_error("path too long: '%s'", r->dir);
        return TASIM_EXIT_USAGE;
    }
    int rc = read_data(r);
    if (rc != TASIM_EXIT_OK)
        return rc;
    if (run_jobs(r) != 0)
        return TASIM_EXIT_RUNTIME;
    tasim_remove_tree(r->data);
    tasim_error_t err;
    tasim_error_clear(&err);
    if (tasim_replace_dir(r->tmp, final, final, &err) != 0) {
        tasim_cli_error("%s: %s", err.file, err.message);
        return TASIM_EXIT_USAGE;
    }
    r->tmp[0] = '\0';
    return TASIM_EXIT_OK;
}

int tasim_plot_run(const char *dir, int quiet)
{
    /* Catch interruptions while gnuplot runs so that the temporary
     * directory is removed; the caller's handlers come back after. */
    struct sigaction act, old_int, old_term;
    memset(&act, 0, sizeof act);
    act.sa_handler = on_signal;
    sigemptyset(&act.sa_mask);
    interrupted = 0;
    sigaction(SIGINT, &act, &old_int);
    sigaction(SIGTERM, &act, &old_term);
    plot_run_t *r = tasim_xcalloc(1, sizeof *r);
    int rc = prepare(r, dir);
    if (rc == TASIM_EXIT_OK)
        rc = make_tmp(r);
    if (rc == TASIM_EXIT_OK)
        rc = draw(r);
    if (interrupted) {
        tasim_cli_error("interrupted; %s/plots was left as it was", dir);
        rc = TASIM_EXIT_RUNTIME;
    }
    if (rc == TASIM_EXIT_OK && !quiet) {
        if (r->kind == TASIM_PLOT_RUN)
            snprintf(r->found.what, sizeof r->found.what,
                     "%zu unit%s, %zu expert pool%s", r->found.unit_count,
                     r->found.unit_count == 1 ? "" : "s",
                     r->found.pool_count,
                     r->found.pool_count == 1 ? "" : "s");
        fprintf(stderr, "tasim: %zu figure%s of '%s' (%s), PNG and SVG, "
                "in %s/plots\n", r->found.figure_count,
                r->found.figure_count == 1 ? "" : "s", r->title,
                r->found.what, dir);
    }
    if (r->tmp[0])
        tasim_remove_tree(r->tmp);
    tasim_plot_found_fini(&r->found);
    free(r);
    sigaction(SIGINT, &old_int, NULL);
    sigaction(SIGTERM, &old_term, NULL);
    return rc;
}

int tasim_cmd_plot(int argc, char **argv)
{
    const char *dir = NULL;
    int quiet = 0, options = 1;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (options && tasim_cli_is_help(a)) {
            fputs(usage, stdout);
            return TASIM_EXIT_OK;
        } else if (options && (strcmp(a, "-q") == 0 ||
                               strcmp(a, "--quiet") == 0)) {
            quiet = 1;
        } else if (options && strcmp(a, "--") == 0) {
            options = 0;
        } else if (options && a[0] == '-' && a[1] != '\0') {
            return tasim_cli_usage_error("plot", "unknown option '%s'", a);
        } else if (dir == NULL) {
            dir = a;
        } else {
            return tasim_cli_usage_error("plot", "more than one directory "
                                                 "given ('%s', '%s')", dir, a);
        }
    }
    if (dir == NULL)
        return tasim_cli_usage_error("plot", "no output directory given");
    return tasim_plot_run(dir, quiet);
}
