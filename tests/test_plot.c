/*
 * test_plot.c: `tasim plot DIR` draws every figure of a run, a comparison
 * or a sweep (told apart by their files) as PNG and SVG into DIR/plots,
 * replaces older figures whole, and reports a missing directory, a
 * directory of no known kind, missing inputs or a missing gnuplot with
 * exit code 2.
 *
 * The figures themselves are checked only for being well-formed files:
 * whether they read well is judged by looking at them, not by a test.
 * Tests that need gnuplot skip when it is not installed.
 */
#define _XOPEN_SOURCE 700
#include <criterion/criterion.h>
#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../sim/outdir.h" /* tasim_remove_tree */
#include "run_command.h"

static const char *const figures[] = {"capacity",   "performance",
                                      "dependency", "cost",
                                      "queues",     "indicators",
                                      "retention"};
enum { FIGURES = sizeof figures / sizeof figures[0] };

static int have_gnuplot(void)
{
    const char *path = getenv("PATH");
    char buf[PATH_MAX];
    while (path && *path) {
        size_t len = strcspn(path, ":");
        snprintf(buf, sizeof buf, "%.*s/gnuplot", (int)len, path);
        if (len && access(buf, X_OK) == 0)
            return 1;
        path += len + (path[len] == ':');
    }
    return 0;
}

static void skip_without_gnuplot(void)
{
    if (!have_gnuplot())
        cr_skip_test("gnuplot is not installed");
}

static char *make_tmpdir(void)
{
    char *dir = strdup("/tmp/tasim-test-plot-XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
    return dir;
}

/* Read a whole file (NUL-terminated), or NULL if it cannot be opened. */
static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    rewind(f);
    char *buf = malloc((size_t)n + 1);
    *len = fread(buf, 1, (size_t)n, f);
    buf[*len] = '\0';
    fclose(f);
    return buf;
}

static void run_ok(const char *const *args)
{
    command_result_t r = run_tasim(NULL, args);
    cr_assert_eq(r.exit_code, 0, "tasim %s exited %d:\n%s", args[0],
                 r.exit_code, r.err);
    command_result_free(&r);
}

/* Simulate financia into `out` with a few replications. */
static void simulate(const char *out, const char *replications)
{
    const char *args[] = {"run", TASIM_SOURCE_DIR "/scenarios/financia.yaml",
                          "-o", out, "-r", replications, "-q", NULL};
    run_ok(args);
}

static void assert_png(const char *path)
{
    static const unsigned char signature[8] = {0x89, 'P', 'N', 'G',
                                               '\r', '\n', 0x1a, '\n'};
    size_t len = 0;
    char *data = slurp(path, &len);
    cr_assert_not_null(data, "%s is missing", path);
    cr_expect(len > 8 && memcmp(data, signature, 8) == 0,
              "%s is not a PNG", path);
    free(data);
}

static void assert_svg(const char *path)
{
    size_t len = 0;
    char *data = slurp(path, &len);
    cr_assert_not_null(data, "%s is missing", path);
    while (len > 0 && strchr(" \t\r\n", data[len - 1]))
        data[--len] = '\0';
    cr_expect(strncmp(data, "<?xml", 5) == 0 || strstr(data, "<svg"),
              "%s does not start an SVG document", path);
    cr_expect(len >= 6 && strcmp(data + len - 6, "</svg>") == 0,
              "%s does not end with </svg>", path);
    free(data);
}

/* Every figure of `names` is in out/plots as a PNG and an SVG. */
static void assert_figures(const char *out, const char *const *names,
                           size_t count)
{
    char path[PATH_MAX + 96];
    for (size_t i = 0; i < count; i++) {
        snprintf(path, sizeof path, "%s/plots/%.64s.png", out, names[i]);
        assert_png(path);
        snprintf(path, sizeof path, "%s/plots/%.64s.svg", out, names[i]);
        assert_svg(path);
    }
}

static void assert_every_figure(const char *out)
{
    assert_figures(out, figures, FIGURES);
}

/* Neither out/plots/NAME.png nor NAME.svg exists. */
static void assert_no_figure(const char *out, const char *name)
{
    char path[PATH_MAX + 96];
    snprintf(path, sizeof path, "%s/plots/%.64s.png", out, name);
    cr_expect(access(path, F_OK) != 0, "%s was drawn", path);
    snprintf(path, sizeof path, "%s/plots/%.64s.svg", out, name);
    cr_expect(access(path, F_OK) != 0, "%s was drawn", path);
}


/* Whether dir holds an entry whose name starts with prefix. */
static int has_entry_starting(const char *dir, const char *prefix)
{
    DIR *d = opendir(dir);
    cr_assert_not_null(d, "cannot list %s", dir);
    int found = 0;
    for (struct dirent *e; (e = readdir(d)) != NULL;)
        found |= strncmp(e->d_name, prefix, strlen(prefix)) == 0;
    closedir(d);
    return found;
}

/* Run `tasim plot DIR` and expect success with a closing line naming
 * `what` (the kind's summary, e.g. "3 strategies"). */
static void plot_ok(const char *out, const char *what)
{
    const char *args[] = {"plot", out, NULL};
    command_result_t r = run_tasim(NULL, args);
    cr_assert_eq(r.exit_code, 0, "tasim plot exited %d:\n%s", r.exit_code,
                 r.err);
    cr_expect(strstr(r.err, what) != NULL && strstr(r.err, "/plots"),
              "tasim plot says what it drew and where: %s", r.err);
    command_result_free(&r);
    cr_expect(!has_entry_starting(out, "plots.tmp-"),
              "no temporary directory is left behind");
}

Test(plot, draws_every_figure_as_png_and_svg)
{
    skip_without_gnuplot();
    char *tmp = make_tmpdir();
    char out[PATH_MAX];
    snprintf(out, sizeof out, "%s/fin", tmp);
    simulate(out, "5");
    const char *args[] = {"plot", out, NULL};
    command_result_t r = run_tasim(NULL, args);
    cr_assert_eq(r.exit_code, 0, "tasim plot exited %d:\n%s", r.exit_code,
                 r.err);
    cr_expect(strstr(r.err, "/plots") != NULL,
              "tasim plot says where the figures are: %s", r.err);
    command_result_free(&r);
    assert_every_figure(out);
    cr_expect(!has_entry_starting(out, "plots.tmp-"),
              "no temporary directory is left behind");
    tasim_remove_tree(tmp);
    free(tmp);
}

Test(plot, replaces_older_figures_whole)
{
    skip_without_gnuplot();
    char *tmp = make_tmpdir();
    char out[PATH_MAX], stale[PATH_MAX + 32];
    snprintf(out, sizeof out, "%s/fin", tmp);
    simulate(out, "2");
    const char *args[] = {"plot", "-q", out, NULL};
    run_ok(args);
    snprintf(stale, sizeof stale, "%s/plots/stale.png", out);
    FILE *f = fopen(stale, "w");
    cr_assert_not_null(f);
    fclose(f);
    command_result_t r = run_tasim(NULL, args);
    cr_assert_eq(r.exit_code, 0, "second tasim plot exited %d:\n%s",
                 r.exit_code, r.err);
    cr_expect_str_empty(r.err, "-q prints nothing: %s", r.err);
    command_result_free(&r);
    cr_expect(access(stale, F_OK) != 0,
              "a file of the old plots directory survived");
    assert_every_figure(out);
    cr_expect(!has_entry_starting(out, "plots.tmp-") &&
                  !has_entry_starting(out, "plots.old-"),
              "no temporary or old directory is left behind");
    tasim_remove_tree(tmp);
    free(tmp);
}

/* Names with quotes, backquotes, dollars and a leading '<' reach gnuplot
 * as data, never as commands. */
Test(plot, takes_odd_directory_names_literally)
{
    skip_without_gnuplot();
    char *tmp = make_tmpdir();
    char out[PATH_MAX], marker[PATH_MAX + 16];
    snprintf(marker, sizeof marker, "%s/pwned", tmp);
    cr_assert_eq(chdir(tmp), 0);
    snprintf(out, sizeof out, "<it's `touch pwned` $(touch pwned) @x");
    simulate(out, "2");
    const char *args[] = {"plot", "-q", out, NULL};
    run_ok(args);
    assert_every_figure(out);
    cr_expect(access(marker, F_OK) != 0, "a command in the name ran");
    tasim_remove_tree(tmp);
    free(tmp);
}

Test(plot, missing_directory_is_a_usage_error)
{
    const char *args[] = {"plot", "/nonexistent/tasim-test-plot", NULL};
    command_result_t r = run_tasim(NULL, args);
    cr_expect_eq(r.exit_code, 2);
    cr_expect(strstr(r.err, "tasim: error: cannot open "
                            "'/nonexistent/tasim-test-plot'") != NULL,
              "unexpected message: %s", r.err);
    command_result_free(&r);
}

Test(plot, directory_of_no_known_kind_is_a_usage_error_naming_the_files)
{
    char *tmp = make_tmpdir();
    const char *args[] = {"plot", tmp, NULL};
    command_result_t r = run_tasim(NULL, args);
    cr_expect_eq(r.exit_code, 2);
    cr_expect(strstr(r.err, "tasim: error: '") == r.err &&
                  strstr(r.err, "is not an output directory of tasim: "
                                "expected summary.csv (tasim run), "
                                "compare.csv (tasim compare) or design.csv "
                                "and results.csv (tasim sweep)") != NULL,
              "unexpected message: %s", r.err);
    command_result_free(&r);
    tasim_remove_tree(tmp);
    free(tmp);
}

/* `tasim plot DIR` refuses `dir` as a usage error (exit code 2) with a
 * message that contains `says`. */
static void expect_refused(const char *dir, const char *says)
{
    const char *args[] = {"plot", dir, NULL};
    command_result_t r = run_tasim(NULL, args);
    cr_expect_eq(r.exit_code, 2);
    cr_expect(strstr(r.err, says) != NULL, "unexpected message: %s", r.err);
    command_result_free(&r);
}

/* Write a file of one line. */
static void write_line(const char *dir, const char *name, const char *line)
{
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f);
    fprintf(f, "%s\n", line);
    fclose(f);
}

Test(plot, a_shard_is_sent_to_tasim_merge)
{
    char *tmp = make_tmpdir();
    write_line(tmp, "shard.bin", "not read: its name is enough");
    expect_refused(tmp, "is one shard of a job: gather the shards with "
                        "`tasim merge SHARD... -o DIR`");
    tasim_remove_tree(tmp);
    free(tmp);
}

Test(plot, summary_without_a_needed_column_is_a_usage_error)
{
    char *tmp = make_tmpdir();
    write_line(tmp, "summary.csv", "year,country,topic,series,n,mean,sd");
    expect_refused(tmp, "summary.csv has no column 'p05'");
    tasim_remove_tree(tmp);
    free(tmp);
}

Test(plot, missing_gnuplot_is_reported_with_how_to_install_it)
{
    char *tmp = make_tmpdir();
    write_line(tmp, "summary.csv", "year,country,topic,series,n,mean,sd,"
                                   "p05,p50,p95");
    write_line(tmp, "programmes.csv",
               "replication,id,country,topic,start,exit,retention_1y,"
               "retention_3y,retention_5y");
    /* Each test runs in a process of its own: PATH changes only here. */
    setenv("PATH", tmp, 1);
    expect_refused(tmp, "tasim: error: gnuplot is not installed "
                        "(apt-get install gnuplot-nox)");
    tasim_remove_tree(tmp);
    free(tmp);
}

Test(plot, run_with_plot_but_no_gnuplot_stops_before_simulating)
{
    char *tmp = make_tmpdir();
    char out[PATH_MAX];
    snprintf(out, sizeof out, "%s/results", tmp);
    setenv("PATH", tmp, 1); /* a process of its own, as above */
    const char *args[] = {"run", TASIM_SOURCE_DIR "/scenarios/financia.yaml",
                          "-o", out, "-r", "2", "-q", "--plot", NULL};
    command_result_t r = run_tasim(NULL, args);
    cr_expect_eq(r.exit_code, 2);
    cr_expect(strstr(r.err, "tasim: error: gnuplot is not installed") != NULL,
              "unexpected message: %s", r.err);
    cr_expect_not(access(out, F_OK) == 0,
                  "an exit code of 2 means nothing was written");
    command_result_free(&r);
    tasim_remove_tree(tmp);
    free(tmp);
}

Test(plot, needs_exactly_one_directory)
{
    const char *none[] = {"plot", NULL};
    command_result_t r = run_tasim(NULL, none);
    cr_expect_eq(r.exit_code, 2);
    cr_expect(strstr(r.err, "no output directory given") != NULL);
    command_result_free(&r);
    const char *two[] = {"plot", "a", "b", NULL};
    r = run_tasim(NULL, two);
    cr_expect_eq(r.exit_code, 2);
    cr_expect(strstr(r.err, "more than one directory") != NULL);
    command_result_free(&r);
}

/* ---- Comparisons and sweeps ---- */

static const char *const compare_figures[] = {
    "compare-bands", "compare-differences", "compare-outcomes"};
static const char *const sweep_figures[] = {"sweep-indices",
                                            "sweep-scatter"};

/* Copy the scenario src to dst with each `from` replaced by its `to`
 * (NULL-terminated pairs), each found exactly where expected. */
static void write_variant(const char *dst, const char *src,
                          const char *const *edits)
{
    size_t len = 0;
    char *text = slurp(src, &len);
    cr_assert_not_null(text, "cannot read %s", src);
    for (size_t i = 0; edits[i]; i += 2) {
        char *at = strstr(text, edits[i]);
        cr_assert_not_null(at, "%s has no '%s'", src, edits[i]);
        size_t from = strlen(edits[i]), to = strlen(edits[i + 1]);
        char *next = malloc(len - from + to + 1);
        memcpy(next, text, (size_t)(at - text));
        memcpy(next + (at - text), edits[i + 1], to);
        strcpy(next + (at - text) + to, at + from);
        free(text);
        text = next;
        len = len - from + to;
    }
    FILE *f = fopen(dst, "w");
    cr_assert_not_null(f);
    fputs(text, f);
    fclose(f);
    free(text);
}

Test(plot, draws_the_comparison_figures_and_no_run_figures)
{
    skip_without_gnuplot();
    char *tmp = make_tmpdir();
    char out[PATH_MAX];
    snprintf(out, sizeof out, "%s/cmp", tmp);
    const char *args[] = {"compare",
                          TASIM_SOURCE_DIR "/scenarios/financia.yaml", "-o",
                          out, "-r", "20", "-q", NULL};
    run_ok(args);
    plot_ok(out, "3 strategies");
    assert_figures(out, compare_figures, 3);
    for (size_t i = 0; i < FIGURES; i++)
        assert_no_figure(out, figures[i]);
    tasim_remove_tree(tmp);
    free(tmp);
}

Test(plot, draws_the_sweep_figures_of_a_morris_design)
{
    skip_without_gnuplot();
    char *tmp = make_tmpdir();
    char scenario[PATH_MAX], out[PATH_MAX];
    snprintf(scenario, sizeof scenario, "%s/morris.yaml", tmp);
    snprintf(out, sizeof out, "%s/sweep", tmp);
    const char *edits[] = {
        "  design: lhs", "  design: morris\n  levels: 4",
        "  samples: 64", "  samples: 4",
        "    - {path: countries.FIN.ownership, range: [0.2, 1.0]}",
        "    - {path: countries.FIN.ownership, range: [0.2, 1.0]}\n"
        "    - {path: programmes.financia-tax.activities.1.hands_on, "
        "range: [0.1, 0.9]}",
        NULL};
    write_variant(scenario, TASIM_SOURCE_DIR "/scenarios/financia.yaml",
                  edits);
    const char *args[] = {"sweep", scenario, "-o", out, "-r", "3", "-q",
                          NULL};
    run_ok(args);
    plot_ok(out, "3 parameters");
    assert_figures(out, sweep_figures, 2);
    /* A label never starts with a list index, and the bars are numbered
     * as the scatter's points. */
    char svg[PATH_MAX + 64];
    snprintf(svg, sizeof svg, "%s/plots/sweep-indices.svg", out);
    size_t len;
    char *text = slurp(svg, &len);
    cr_assert_not_null(text);
    cr_expect(strstr(text, "activities.1.hands_on (") != NULL,
              "the hands_on parameter is labelled with its list");
    cr_expect(strstr(text, ">1.hands_on") == NULL);
    free(text);
    tasim_remove_tree(tmp);
    free(tmp);
}

/* The Ishigami test function makes a Sobol' sweep of 20480 points in a
 * second: its one outcome, `y`, is the one drawn. */
Test(plot, draws_the_sweep_figures_of_a_sobol_design)
{
    skip_without_gnuplot();
    char *tmp = make_tmpdir();
    char out[PATH_MAX];
    snprintf(out, sizeof out, "%s/sweep", tmp);
    const char *args[] = {
        "sweep", TASIM_SOURCE_DIR "/tests/scenarios/experiments/ishigami.yaml",
        "--function", "ishigami", "-r", "1", "-o", out, "-q", NULL};
    run_ok(args);
    plot_ok(out, "3 parameters");
    assert_figures(out, sweep_figures, 2);
    assert_no_figure(out, "compare-bands");
    tasim_remove_tree(tmp);
    free(tmp);
}

Test(plot, latin_hypercube_sweep_draws_the_scatter_but_no_indices)
{
    skip_without_gnuplot();
    char *tmp = make_tmpdir();
    char out[PATH_MAX];
    snprintf(out, sizeof out, "%s/sweep", tmp);
    const char *args[] = {"sweep",
                          TASIM_SOURCE_DIR "/scenarios/financia.yaml", "-o",
                          out, "-r", "3", "-q", NULL};
    run_ok(args);
    plot_ok(out, "1 figure of");
    assert_figures(out, sweep_figures + 1, 1);
    assert_no_figure(out, "sweep-indices");
    tasim_remove_tree(tmp);
    free(tmp);
}

/* Checked before gnuplot is looked for, like a run's inputs. */
Test(plot, sweep_without_results_is_a_usage_error_naming_the_file)
{
    char *tmp = make_tmpdir();
    write_line(tmp, "design.csv", "point,countries.FIN.ownership");
    setenv("PATH", tmp, 1);
    const char *args[] = {"plot", tmp, NULL};
    command_result_t r = run_tasim(NULL, args);
    cr_expect_eq(r.exit_code, 2);
    cr_expect(strstr(r.err, "has no results.csv") != NULL &&
                  strstr(r.err, "output directory of tasim sweep?") != NULL,
              "unexpected message: %s", r.err);
    command_result_free(&r);
    tasim_remove_tree(tmp);
    free(tmp);
}

Test(plot, comparison_without_a_needed_column_is_a_usage_error)
{
    char *tmp = make_tmpdir();
    write_line(tmp, "compare.csv", "outcome,unit,strategy,n,mean");
    expect_refused(tmp, "compare.csv has no column 'reference'");
    tasim_remove_tree(tmp);
    free(tmp);
}
