/*
 * test_plot.c: `tasim plot DIR` draws every figure of a run as PNG and
 * SVG into DIR/plots, replaces older figures whole, and reports a missing
 * directory, missing inputs or a missing gnuplot with exit code 2.
 *
 * The figures themselves are checked only for being well-formed files:
 * whether they read well is judged by looking at them, not by a test.
 * Tests that need gnuplot skip when it is not installed.
 */
#define _XOPEN_SOURCE 700
#include <criterion/criterion.h>
#include <dirent.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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

static int remove_entry(const char *path, const struct stat *st, int flag,
                        struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

static void remove_tree(const char *path)
{
    nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
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

static void assert_every_figure(const char *out)
{
    char path[PATH_MAX];
    for (size_t i = 0; i < FIGURES; i++) {
        snprintf(path, sizeof path, "%s/plots/%s.png", out, figures[i]);
        assert_png(path);
        snprintf(path, sizeof path, "%s/plots/%s.svg", out, figures[i]);
        assert_svg(path);
    }
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
    remove_tree(tmp);
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
    remove_tree(tmp);
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
    remove_tree(tmp);
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

Test(plot, directory_without_summary_is_a_usage_error)
{
    char *tmp = make_tmpdir();
    const char *args[] = {"plot", tmp, NULL};
    command_result_t r = run_tasim(NULL, args);
    cr_expect_eq(r.exit_code, 2);
    cr_expect(strstr(r.err, "tasim: error: ") != NULL &&
                  strstr(r.err, "summary.csv") != NULL,
              "unexpected message: %s", r.err);
    command_result_free(&r);
    remove_tree(tmp);
    free(tmp);
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

Test(plot, summary_without_a_needed_column_is_a_usage_error)
{
    char *tmp = make_tmpdir();
    write_line(tmp, "summary.csv", "year,country,topic,series,n,mean,sd");
    const char *args[] = {"plot", tmp, NULL};
    command_result_t r = run_tasim(NULL, args);
    cr_expect_eq(r.exit_code, 2);
    cr_expect(strstr(r.err, "summary.csv has no column 'p05'") != NULL,
              "unexpected message: %s", r.err);
    command_result_free(&r);
    remove_tree(tmp);
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
    const char *args[] = {"plot", tmp, NULL};
    command_result_t r = run_tasim(NULL, args);
    cr_expect_eq(r.exit_code, 2);
    cr_expect(strstr(r.err, "tasim: error: gnuplot is not installed "
                            "(apt-get install gnuplot-nox)") != NULL,
              "unexpected message: %s", r.err);
    command_result_free(&r);
    remove_tree(tmp);
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
