/*
 * test_run.c: `tasim run` from the command line: the output contract,
 * byte-identical results for a seed, safe output directories, and every
 * example scenario running clean (the model checks its invariants at
 * every sample and fails the run if one breaks).
 */
#define _POSIX_C_SOURCE 200809L
#include <criterion/criterion.h>
#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>

#include "run_command.h"
#include "test_files.h"

static int starts_with(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

static command_result_t run(const char *scenario, const char *out,
                            const char *extra)
{
    const char *args[] = {"run", scenario, "-o", out, "-r", "2", "-q",
                          extra, NULL};
    return run_tasim(NULL, args);
}

#define FINANCIA TASIM_SOURCE_DIR "/scenarios/financia.yaml"

Test(run, writes_series_and_programmes_in_the_documented_format)
{
    char out[256];
    scratch_path(out, sizeof out, "format");
    command_result_t r = run(FINANCIA, out, NULL);
    cr_assert_eq(r.exit_code, 0, "%s", r.err);
    char path[300];
    snprintf(path, sizeof path, "%s/series.csv", out);
    char *series = slurp(path, NULL);
    cr_assert(starts_with(series, "replication,year,country,topic,series,"
                                  "value\n0,2026,FIN,revenue_admin,"
                                  "capacity,"),
              "%.200s", series);
    cr_assert(strstr(series, "\n0,2026,FIN,,ownership,0.7\n") != NULL,
              "country-level series have an empty topic");
    cr_assert(strstr(series, "\n1,2036,FIN,revenue_admin,cost_salaries,") !=
              NULL, "the last sample of the last replication is there");
    snprintf(path, sizeof path, "%s/programmes.csv", out);
    char *prog = slurp(path, NULL);
    cr_assert(starts_with(prog, "replication,id,country,topic,provider,funder,"
                            "start,exit,cost_salaries,cost_travel,"
                            "cost_training,cost_equipment,cost_logistics,"
                            "cost_total,recipient_share,rating,"
                            "capacity_start,capacity_exit,retention_1y,"
                            "retention_3y,retention_5y,gain_retention_1y,"
                            "gain_retention_3y,gain_retention_5y\n"
                            "0,financia-tax,FIN,revenue_admin,HQ,EU,2027,"
                            "2029,"), "%.400s", prog);
    free(series);
    free(prog);
    command_result_free(&r);
}

Test(run, the_same_seed_gives_the_same_bytes)
{
    char a[256], b[256], pa[300], pb[300];
    scratch_path(a, sizeof a, "same-a");
    scratch_path(b, sizeof b, "same-b");
    command_result_t ra = run(FINANCIA, a, NULL), rb = run(FINANCIA, b, NULL);
    cr_assert_eq(ra.exit_code, 0);
    cr_assert_eq(rb.exit_code, 0);
    const char *files[] = {"series.csv", "programmes.csv", "requests.csv",
                           "summary.csv", "programmes-summary.csv"};
    for (int i = 0; i < 5; i++) {
        snprintf(pa, sizeof pa, "%s/%s", a, files[i]);
        snprintf(pb, sizeof pb, "%s/%s", b, files[i]);
        char *x = slurp(pa, NULL), *y = slurp(pb, NULL);
        cr_assert_str_eq(x, y, "%s differs", files[i]);
        free(x);
        free(y);
    }
    command_result_free(&ra);
    command_result_free(&rb);
}

/* `tasim run SCENARIO -o OUT -r 2 -q [EXTRA]` is refused as a usage or
 * I/O error (exit code 2) with a message that contains `says`. */
static void expect_refused(const char *scenario, const char *out,
                           const char *extra, const char *says)
{
    command_result_t r = run(scenario, out, extra);
    cr_assert_eq(r.exit_code, 2, "-o '%s' %s", out, extra ? extra : "");
    cr_assert(strstr(r.err, says) != NULL, "%s", r.err);
    command_result_free(&r);
}

/* Write `text` to `path`. */
static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f, "cannot write %s", path);
    fputs(text, f);
    fclose(f);
}

/* Leftovers of the temporary directory: ".NAME.tmp-*" in /tmp. */
static int leftovers(const char *name)
{
    DIR *d = opendir("/tmp");
    int n = 0;
    struct dirent *e;
    char prefix[300];
    snprintf(prefix, sizeof prefix, ".%s.tmp-", name);
    while ((e = readdir(d)) != NULL)
        n += strncmp(e->d_name, prefix, strlen(prefix)) == 0;
    closedir(d);
    return n;
}

/* Whether a run into the scratch path `out` left a temporary behind. */
static int leaves_temporaries(const char *out)
{
    return leftovers(strrchr(out, '/') + 1) > 0;
}

Test(run, an_existing_directory_is_kept_unless_forced)
{
    char out[256], marker[300];
    scratch_path(out, sizeof out, "exists");
    command_result_t r = run(FINANCIA, out, NULL);
    cr_assert_eq(r.exit_code, 0, "%s", r.err);
    command_result_free(&r);
    snprintf(marker, sizeof marker, "%s/notes.txt", out);
    write_file(marker, "added to earlier results");
    expect_refused(FINANCIA, out, NULL, "use --force");
    cr_assert(path_exists(marker), "the old directory is untouched");
    r = run(FINANCIA, out, "--force");
    cr_assert_eq(r.exit_code, 0, "%s", r.err);
    cr_assert_not(path_exists(marker), "replaced by the new results");
    cr_assert_not(leaves_temporaries(out));
    command_result_free(&r);
}

Test(run, force_never_replaces_a_directory_that_tasim_did_not_write)
{
    char out[256], marker[300];
    scratch_path(out, sizeof out, "thesis");
    cr_assert_eq(mkdir(out, 0755), 0);
    snprintf(marker, sizeof marker, "%s/chapter1.tex", out);
    write_file(marker, "precious");
    expect_refused(FINANCIA, out, "--force",
                   "is not a tasim output directory (it holds no "
                   "manifest.yaml or shard.bin that tasim wrote)");
    cr_assert(path_exists(marker), "the user's file is untouched");
    cr_assert_not(leaves_temporaries(out));
}

Test(run, force_never_replaces_what_holds_an_input_or_another_manifest)
{
    char out[256], scenario[300], other[256], manifest[300];
    scratch_path(out, sizeof out, "holds-input");
    command_result_t r = run(FINANCIA, out, NULL);
    cr_assert_eq(r.exit_code, 0, "%s", r.err);
    command_result_free(&r);
    /* A scenario kept inside earlier results, run again into them. */
    snprintf(scenario, sizeof scenario, "%s/again.yaml", out);
    char *text = slurp(FINANCIA, NULL);
    write_file(scenario, text);
    free(text);
    expect_refused(scenario, out, "--force",
                   "holds the working directory or an input of this "
                   "command");
    cr_assert(path_exists(scenario), "the scenario is kept");
    /* Another tool's manifest.yaml does not make a directory tasim's. */
    scratch_path(other, sizeof other, "other-manifest");
    cr_assert_eq(mkdir(other, 0755), 0);
    snprintf(manifest, sizeof manifest, "%s/manifest.yaml", other);
    write_file(manifest, "name: someone else's\n");
    expect_refused(FINANCIA, other, "--force",
                   "is not a tasim output directory");
    cr_assert(path_exists(manifest));
}

Test(run, output_names_that_cannot_be_replaced_safely_are_refused_at_once)
{
    char base[256], link[300], dot[300];
    scratch_path(base, sizeof base, "names");
    command_result_t r = run(FINANCIA, base, NULL);
    cr_assert_eq(r.exit_code, 0, "%s", r.err);
    command_result_free(&r);
    snprintf(link, sizeof link, "%s-link", base);
    remove(link);
    cr_assert_eq(symlink(base, link), 0);
    char link_slash[310];
    snprintf(link_slash, sizeof link_slash, "%s/", link);
    snprintf(dot, sizeof dot, "%s/.", base);
    const struct { const char *out, *says; } cases[] = {
        {"", "the output directory has an empty name"},
        {dot, "give the output directory by its name"},
        {link_slash, "is a symbolic link"}};
    for (int k = 0; k < 3; k++)
        expect_refused(FINANCIA, cases[k].out, "--force", cases[k].says);
    cr_assert(leftovers(strrchr(base, '/') + 1) == 0);
    remove(link);
}

Test(run, force_replaces_an_empty_directory)
{
    char out[256], manifest[300];
    scratch_path(out, sizeof out, "empty");
    cr_assert_eq(mkdir(out, 0755), 0);
    command_result_t r = run(FINANCIA, out, "--force");
    cr_assert_eq(r.exit_code, 0, "%s", r.err);
    snprintf(manifest, sizeof manifest, "%s/manifest.yaml", out);
    cr_assert(path_exists(manifest));
    command_result_free(&r);
}

Test(run, an_output_path_that_is_a_file_or_a_link_is_refused_and_kept)
{
    char file[256], link[256], target[256];
    scratch_path(file, sizeof file, "afile");
    scratch_path(link, sizeof link, "alink");
    scratch_path(target, sizeof target, "alink-target");
    write_file(file, "not a directory");
    cr_assert_eq(mkdir(target, 0755), 0);
    cr_assert_eq(symlink(target, link), 0);
    const char *modes[] = {NULL, "--force"};
    for (int m = 0; m < 2; m++) {
        expect_refused(FINANCIA, file, modes[m],
                       "exists and is not a directory");
        expect_refused(FINANCIA, link, modes[m], "is a symbolic link");
    }
    char *kept = slurp(file, NULL);
    cr_assert_str_eq(kept, "not a directory");
    free(kept);
    struct stat st;
    cr_assert_eq(lstat(link, &st), 0);
    cr_assert(S_ISLNK(st.st_mode), "the link is still a link");
    cr_assert_not(leaves_temporaries(file));
    cr_assert_not(leaves_temporaries(link));
    remove(file);
    remove(link);
    rmdir(target);
}

Test(run, progress_is_shown_on_request_unless_quiet)
{
    char out[256];
    scratch_path(out, sizeof out, "progress");
    const char *shown[] = {"run", FINANCIA, "-o", out, "-r", "3",
                           "--progress", NULL};
    command_result_t r = run_tasim(NULL, shown);
    cr_assert_eq(r.exit_code, 0, "%s", r.err);
    cr_assert(strstr(r.err, "3/3") != NULL, "%s", r.err);
    command_result_free(&r);
    const char *orders[2][10] = {
        {"run", FINANCIA, "-o", out, "-r", "3", "--progress", "-q", "-f",
         NULL},
        {"run", FINANCIA, "-o", out, "-r", "3", "-q", "--progress", "-f",
         NULL}};
    for (int k = 0; k < 2; k++) {
        r = run_tasim(NULL, orders[k]);
        cr_assert_eq(r.exit_code, 0, "%s", r.err);
        cr_assert_str_eq(r.err, "", "--quiet wins, whatever the order");
        command_result_free(&r);
    }
}

Test(run, options_may_be_joined_to_their_values_and_to_each_other)
{
    char a[256], b[256], c[256];
    scratch_path(a, sizeof a, "spaced");
    scratch_path(b, sizeof b, "joined");
    scratch_path(c, sizeof c, "clustered");
    char out_b[300];
    snprintf(out_b, sizeof out_b, "--output=%s", b);
    const char *spaced[] = {"run", FINANCIA, "-o", a, "-r", "3", "-s", "7",
                            "-j", "2", "-k", "-q", NULL};
    const char *joined[] = {"run", FINANCIA, out_b, "-r3", "--seed=7",
                            "--threads=2", "-kq", NULL};
    const char *clustered[] = {"run", FINANCIA, "-kqr3", "-s7", "-j2", "-o",
                               c, NULL};
    const char *const *forms[] = {spaced, joined, clustered};
    for (int k = 0; k < 3; k++) {
        command_result_t r = run_tasim(NULL, forms[k]);
        cr_assert_eq(r.exit_code, 0, "form %d: %s", k, r.err);
        cr_assert_str_eq(r.err, "", "-q in every form");
        command_result_free(&r);
    }
    const char *files[] = {"summary.csv", "series.csv", "programmes.csv",
                           NULL};
    assert_same_files(a, b, files);
    assert_same_files(a, c, files);
}

Test(run, validate_takes_a_file_whose_name_starts_with_a_dash)
{
    char dir[256], copy[300];
    scratch_path(dir, sizeof dir, "dash-file");
    cr_assert_eq(mkdir(dir, 0755), 0);
    snprintf(copy, sizeof copy, "%s/-b.yaml", dir);
    char *text = slurp(FINANCIA, NULL);
    write_file(copy, text);
    free(text);
    command_result_t r = run_tasim(
        dir, (const char *[]){"validate", FINANCIA, "-b.yaml", NULL});
    cr_assert_eq(r.exit_code, 0, "%s", r.err);
    cr_assert(strstr(r.out, "-b.yaml: ok:") != NULL, "%s", r.out);
    command_result_free(&r);
}

Test(run, an_invalid_scenario_exits_3_and_writes_nothing)
{
    char out[256], bad[300];
    scratch_path(out, sizeof out, "invalid");
    snprintf(bad, sizeof bad, "%s.yaml", out);
    FILE *f = fopen(bad, "w");
    fputs("scenario: {name: x, start: 2026-13}\ncountries: []\n", f);
    fclose(f);
    command_result_t r = run(bad, out, NULL);
    cr_assert_eq(r.exit_code, 3);
    cr_assert(strstr(r.err, "'start' must be a date") != NULL, "%s", r.err);
    cr_assert_not(path_exists(out));
    remove(bad);
    command_result_free(&r);
}

Test(run, usage_errors_exit_2)
{
    command_result_t r = run_tasim(NULL, (const char *[]){"run", FINANCIA,
                                                         NULL});
    cr_assert_eq(r.exit_code, 2);
    cr_assert(strstr(r.err, "no output directory") != NULL, "%s", r.err);
    command_result_free(&r);
    r = run_tasim(NULL, (const char *[]){"run", FINANCIA, "-o", "/tmp/x",
                                         "-r", "many", NULL});
    cr_assert_eq(r.exit_code, 2);
    command_result_free(&r);
    /* A long option with one dash is not read as a cluster of short ones
     * ("-f -o rce"), and one output directory is enough. */
    r = run_tasim(NULL, (const char *[]){"run", FINANCIA, "-o", "/tmp/x",
                                         "-force", NULL});
    cr_assert_eq(r.exit_code, 2);
    cr_assert(strstr(r.err, "unknown option '-force'") != NULL, "%s", r.err);
    command_result_free(&r);
    r = run_tasim(NULL, (const char *[]){"run", FINANCIA, "-o", "/tmp/x",
                                         "--output=/tmp/y", NULL});
    cr_assert_eq(r.exit_code, 2);
    cr_assert(strstr(r.err, "the output directory is given twice ('/tmp/x' "
                            "and '/tmp/y')") != NULL, "%s", r.err);
    command_result_free(&r);
    /* Counts are digits and nothing else, wherever they are given. */
    const char *counts[][2] = {{"-j", "+2"}, {"-j", " 2"}, {"--shard", " 0/2"},
                               {"--shard", "0/+2"}};
    for (int k = 0; k < 4; k++) {
        r = run_tasim(NULL, (const char *[]){"run", FINANCIA, "-o", "/tmp/x",
                                             counts[k][0], counts[k][1],
                                             NULL});
        cr_assert_eq(r.exit_code, 2, "%s '%s'", counts[k][0], counts[k][1]);
        command_result_free(&r);
    }
    /* A seed is digits and nothing else, below 2^64. */
    const char *seeds[] = {" 5", "+5", "-1", "5x", "18446744073709551616"};
    for (int k = 0; k < 5; k++) {
        r = run_tasim(NULL, (const char *[]){"run", FINANCIA, "-o", "/tmp/x",
                                             "-s", seeds[k], NULL});
        cr_assert_eq(r.exit_code, 2, "seed '%s'", seeds[k]);
        cr_assert(strstr(r.err, k < 4 ? "-s needs a whole number"
                                      : "-s must be below 2^64") != NULL,
                  "%s", r.err);
        command_result_free(&r);
    }
}

/* Start a long run (50 world replications) into `out`, quietly. */
static pid_t start_long_run(const char *out)
{
    pid_t pid = fork();
    if (pid == 0) {
        int null = open("/dev/null", 1);
        dup2(null, 2);
        execl(TASIM_EXE, TASIM_EXE, "run",
              TASIM_SOURCE_DIR "/scenarios/world.yaml", "-o", out, "-r", "50",
              "-q", (char *)NULL);
        _exit(127);
    }
    return pid;
}

static const struct timespec pause_10ms = {0, 10 * 1000 * 1000};

/* Ctrl-C the run and check that it says so by its exit code, 1. */
static void interrupt(pid_t pid)
{
    nanosleep(&pause_10ms, NULL);
    kill(pid, SIGINT);
    int status;
    waitpid(pid, &status, 0);
    cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 1,
              "status %d", status);
}

Test(run, an_interrupted_run_leaves_no_output_behind)
{
    char out[256];
    scratch_path(out, sizeof out, "interrupt");
    pid_t pid = start_long_run(out);
    /* Interrupt it mid-write: once its temporary directory exists. */
    const char *name = strrchr(out, '/') + 1;
    for (int i = 0; i < 6000 && leftovers(name) == 0; i++)
        nanosleep(&pause_10ms, NULL);
    cr_assert_eq(leftovers(name), 1, "the run started writing");
    interrupt(pid);
    cr_assert_not(path_exists(out));
    cr_assert_eq(leftovers(name), 0);
}

Test(run, an_interrupted_run_removes_the_parents_it_created)
{
    char top[256], parent[300], out[310];
    scratch_path(top, sizeof top, "made-parents");
    snprintf(parent, sizeof parent, "%s/a/b", top);
    snprintf(out, sizeof out, "%s/out", parent);
    pid_t pid = start_long_run(out);
    /* Once the parents exist the run has begun its output. */
    for (int i = 0; i < 6000 && !path_exists(parent); i++)
        nanosleep(&pause_10ms, NULL);
    cr_assert(path_exists(parent), "the run created the parents");
    interrupt(pid);
    cr_assert_not(path_exists(top), "no directory of the run is left");
}

Test(run, every_example_scenario_runs_within_its_invariants, .timeout = 300)
{
    DIR *d = opendir(TASIM_SOURCE_DIR "/scenarios");
    cr_assert_not_null(d);
    struct dirent *e;
    int count = 0;
    while ((e = readdir(d)) != NULL) {
        size_t n = strlen(e->d_name);
        if (n < 6 || strcmp(e->d_name + n - 5, ".yaml") != 0)
            continue;
        char path[512], out[256];
        snprintf(path, sizeof path, TASIM_SOURCE_DIR "/scenarios/%s",
                 e->d_name);
        scratch_path(out, sizeof out, "example");
        const char *args[] = {"run", path, "-o", out, "-r", "1", "-q", NULL};
        command_result_t r = run_tasim(NULL, args);
        cr_expect_eq(r.exit_code, 0, "%s: %s", e->d_name, r.err);
        command_result_free(&r);
        count++;
    }
    closedir(d);
    cr_assert_geq(count, 5, "the examples are all there");
}

/* The quantiles of a position, computed from series.csv's rows that
 * start with `key` ("replication," left out): GSL's type-7 quantiles. */
static void quantiles_from_series(const char *series, const char *key,
                                  double q[3])
{
    double values[64];
    size_t n = 0;
    for (const char *line = series; line && *line;) {
        const char *comma = strchr(line, ',');
        const char *end = strchr(line, '\n');
        if (comma && strncmp(comma + 1, key, strlen(key)) == 0 && n < 64)
            values[n++] = strtod(comma + 1 + strlen(key), NULL);
        line = end ? end + 1 : NULL;
    }
    cr_assert_eq(n, 30, "every replication reports %s", key);
    gsl_sort(values, 1, n);
    const double p[3] = {0.05, 0.5, 0.95};
    for (int k = 0; k < 3; k++)
        q[k] = gsl_stats_quantile_from_sorted_data(values, 1, n, p[k]);
}

Test(run, summaries_beyond_24_replications_are_exact_and_reproducible)
{
    /* 30 replications: the values are kept on disk, not in memory. */
    char a[256], b[256], pa[300], pb[300];
    scratch_path(a, sizeof a, "disk-a");
    scratch_path(b, sizeof b, "disk-b");
    const char *args_a[] = {"run", FINANCIA, "-o", a, "-r", "30", "-q", "-k",
                            NULL};
    const char *args_b[] = {"run", FINANCIA, "-o", b, "-r", "30", "-q", "-j",
                            "1", NULL};
    command_result_t ra = run_tasim(NULL, args_a);
    command_result_t rb = run_tasim(NULL, args_b);
    cr_assert_eq(ra.exit_code, 0, "%s", ra.err);
    cr_assert_eq(rb.exit_code, 0, "%s", rb.err);
    snprintf(pa, sizeof pa, "%s/manifest.yaml", a);
    char *manifest = slurp(pa, NULL);
    cr_assert(strstr(manifest, "summary_quantiles: exact") != NULL);
    free(manifest);
    snprintf(pa, sizeof pa, "%s/.summary-values", a);
    cr_expect(!path_exists(pa), "the values on disk are removed");

    /* The quantiles are those of the 30 values series.csv holds. */
    snprintf(pa, sizeof pa, "%s/series.csv", a);
    char *series = slurp(pa, NULL);
    snprintf(pa, sizeof pa, "%s/summary.csv", a);
    char *summary = slurp(pa, NULL);
    const char *key = "2030,FIN,revenue_admin,capacity,";
    double q[3];
    quantiles_from_series(series, key, q);
    const char *row = strstr(summary, key);
    cr_assert_not_null(row);
    double n, mean, sd, got[3];
    cr_assert_eq(sscanf(row + strlen(key), "%lf,%lf,%lf,%lf,%lf,%lf", &n,
                        &mean, &sd, &got[0], &got[1], &got[2]), 6);
    for (int k = 0; k < 3; k++)
        cr_expect(fabs(got[k] - q[k]) <= 1e-9 * fabs(q[k]),
                  "quantile %d: %.10g, from the values %.10g", k, got[k],
                  q[k]);
    free(series);
    free(summary);

    const char *files[] = {"summary.csv", "programmes-summary.csv"};
    for (int i = 0; i < 2; i++) {
        snprintf(pa, sizeof pa, "%s/%s", a, files[i]);
        snprintf(pb, sizeof pb, "%s/%s", b, files[i]);
        char *x = slurp(pa, NULL), *y = slurp(pb, NULL);
        cr_assert_str_eq(x, y, "%s differs", files[i]);
        free(x);
        free(y);
    }
    command_result_free(&ra);
    command_result_free(&rb);
}

Test(run, a_huge_series_file_is_written_only_when_asked, .timeout = 120)
{
    /* One replication of the world reports 2.3 million observations, above
     * the 2 million rows a default series.csv may have. */
    char dir[256], path[300];
    scratch_path(dir, sizeof dir, "huge");
    const char *args[] = {"run", TASIM_SOURCE_DIR "/scenarios/world.yaml",
                          "-o", dir, "-r", "1", "-j", "1", NULL};
    command_result_t r = run_tasim(NULL, args);
    cr_assert_eq(r.exit_code, 0, "%s", r.err);
    cr_expect(strstr(r.err, "written only with -k") != NULL, "%s", r.err);
    snprintf(path, sizeof path, "%s/series.csv", dir);
    cr_expect(!path_exists(path), "series.csv was written");
    snprintf(path, sizeof path, "%s/summary.csv", dir);
    cr_expect(path_exists(path));
    snprintf(path, sizeof path, "%s/manifest.yaml", dir);
    char *manifest = slurp(path, NULL);
    cr_expect(strstr(manifest, "replications_kept: false") != NULL,
              "the manifest says series.csv was not kept");
    free(manifest);
    command_result_free(&r);
}
