/*
 * test_experiments.c: parallel ensembles, strategy comparisons, sweeps
 * and their shards, specified from the command line.
 *
 * The central promise: where the work runs (1 or 2 threads, one process
 * or shards merged later, in one go or resumed) never changes a byte of
 * the results. The statistics of the comparison are checked against the
 * per-replication values the command itself writes, and the sweep's
 * sensitivity machinery against the Ishigami function's known indices.
 */
#define _POSIX_C_SOURCE 200809L
#include <criterion/criterion.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "run_command.h"
#include "tasim/version.h"
#include "test_files.h"

#define FINANCIA TASIM_SOURCE_DIR "/scenarios/financia.yaml"
#define ISHIGAMI TASIM_SOURCE_DIR "/tests/scenarios/experiments/ishigami.yaml"

static const char *const run_files[] = {
    "summary.csv", "series.csv", "programmes.csv", "programmes-summary.csv",
    "requests.csv", NULL};
static const char *const compare_files[] = {
    "compare.csv", "compare-replications.csv", "compare-series.csv",
    "compare.txt", NULL};
static const char *const sweep_files[] = {"design.csv", "results.csv",
                                          NULL};

/* Run tasim with the NULL-terminated arguments; fail unless it exits 0. */
static void tasim_ok(const char *const *args)
{
    command_result_t r = run_tasim(NULL, args);
    cr_assert_eq(r.exit_code, 0, "tasim %s exited %d: %s", args[0],
                 r.exit_code, r.err);
    command_result_free(&r);
}

/* Field `i` (from 0) of a CSV line, empty fields kept. */
static void field(const char *line, int i, char *out, size_t n)
{
    const char *p = line;
    for (int k = 0; k < i; k++) {
        p = strchr(p, ',');
        cr_assert_not_null(p, "line '%.60s' has no field %d", line, i);
        p++;
    }
    size_t len = strcspn(p, ",\n");
    cr_assert_lt(len, n);
    memcpy(out, p, len);
    out[len] = '\0';
}

static double number_field(const char *line, int i)
{
    char buf[64];
    field(line, i, buf, sizeof buf);
    return buf[0] ? strtod(buf, NULL) : NAN;
}

/* The line of `text` that starts with `prefix`, or NULL. */
static const char *line_starting(const char *text, const char *prefix)
{
    size_t n = strlen(prefix);
    for (const char *p = text; p && *p; p = strchr(p, '\n')) {
        if (*p == '\n')
            p++;
        if (strncmp(p, prefix, n) == 0)
            return p;
    }
    return NULL;
}

/* ---- threads */

/* `tasim COMMAND` of Financia with `reps` replications writes `files`
 * with the same bytes on 1 and on 2 threads. */
static void expect_same_on_one_and_two_threads(const char *command,
                                               const char *reps,
                                               const char *const *files)
{
    char dir[2][256];
    const char *threads[2] = {"1", "2"};
    for (int i = 0; i < 2; i++) {
        char label[64];
        snprintf(label, sizeof label, "%s-j%s", command, threads[i]);
        scratch_path(dir[i], sizeof dir[i], label);
        /* A run keeps series.csv too (-k), so it is compared as well. */
        const char *args[] = {command, FINANCIA, "-o", dir[i], "-r", reps,
                              "-q", "-j", threads[i],
                              strcmp(command, "run") == 0 ? "-k" : NULL,
                              NULL};
        tasim_ok(args);
    }
    assert_same_files(dir[0], dir[1], files);
}

Test(threads, a_run_writes_the_same_bytes_on_one_and_two_threads)
{
    /* 30 replications: past the in-memory limit, so the summary keeps its
     * values on disk and reads them back in chunks. */
    expect_same_on_one_and_two_threads("run", "30", run_files);
}

Test(threads, a_comparison_writes_the_same_bytes_on_one_and_two_threads)
{
    expect_same_on_one_and_two_threads("compare", "40", compare_files);
}

Test(threads, a_sweep_writes_the_same_bytes_on_one_and_two_threads)
{
    expect_same_on_one_and_two_threads("sweep", "3", sweep_files);
}

/* ---- shards */

/* Shards 0/2 and 1/2 of `tasim run` of Financia, 4 replications (seed
 * `seed`, or the file's when NULL), into fresh directories. */
static void two_run_shards(char dirs[2][256], const char *name,
                           const char *seed)
{
    for (int i = 0; i < 2; i++) {
        char label[64], shard[8];
        snprintf(label, sizeof label, "%s%d", name, i);
        snprintf(shard, sizeof shard, "%d/2", i);
        scratch_path(dirs[i], sizeof dirs[i], label);
        const char *args[] = {"run", FINANCIA, "-o", dirs[i], "-r", "4",
                              "-q", "--shard", shard,
                              seed ? "-s" : NULL, seed, NULL};
        tasim_ok(args);
    }
}

Test(shards, merged_shards_of_a_run_equal_the_whole_run)
{
    char whole[256], merged[256], part[3][256];
    scratch_path(whole, sizeof whole, "whole");
    scratch_path(merged, sizeof merged, "merged");
    const char *w[] = {"run", FINANCIA, "-o", whole, "-r", "30", "-k", "-q",
                       NULL};
    tasim_ok(w);
    for (int i = 0; i < 3; i++) {
        char name[16], shard[8];
        snprintf(name, sizeof name, "part%d", i);
        snprintf(shard, sizeof shard, "%d/3", i);
        scratch_path(part[i], sizeof part[i], name);
        const char *s[] = {"run", FINANCIA, "-o", part[i], "-r", "30", "-k",
                           "-q", "--shard", shard, NULL};
        tasim_ok(s);
    }
    /* Shards may be named in any order. */
    const char *m[] = {"merge", part[2], part[0], part[1], "-o", merged, "-q",
                       NULL};
    tasim_ok(m);
    assert_same_files(whole, merged, run_files);
}

Test(shards, merged_shards_of_a_comparison_and_a_sweep_equal_the_whole)
{
    char whole[256], merged[256], p0[256], p1[256];
    const char *kinds[] = {"compare", "sweep"};
    const char *reps[] = {"20", "3"};
    for (int k = 0; k < 2; k++) {
        scratch_path(whole, sizeof whole, "kwhole");
        scratch_path(merged, sizeof merged, "kmerged");
        scratch_path(p0, sizeof p0, "kp0");
        scratch_path(p1, sizeof p1, "kp1");
        const char *w[] = {kinds[k], FINANCIA, "-o", whole, "-r", reps[k],
                           "-q", NULL};
        const char *s0[] = {kinds[k], FINANCIA, "-o", p0, "-r", reps[k],
                            "-q", "--shard", "0/2", NULL};
        const char *s1[] = {kinds[k], FINANCIA, "-o", p1, "-r", reps[k],
                            "-q", "--shard", "1/2", NULL};
        const char *m[] = {"merge", p0, p1, "-o", merged, "-q", NULL};
        tasim_ok(w);
        tasim_ok(s0);
        tasim_ok(s1);
        tasim_ok(m);
        assert_same_files(whole, merged, k == 0 ? compare_files
                                                : sweep_files);
    }
}

Test(shards, merging_refuses_shards_that_do_not_belong_together)
{
    char a[2][256], b[2][256], out[256];
    two_run_shards(a, "a", NULL);
    two_run_shards(b, "b", "7");
    scratch_path(out, sizeof out, "bad-merge");
    const char *a0 = a[0], *a1 = a[1], *b1 = b[1];
    const char *seeds[] = {"merge", a0, b1, "-o", out, NULL};
    command_result_t r = run_tasim(NULL, seeds);
    cr_expect_eq(r.exit_code, 2);
    cr_expect(strstr(r.err, "was run with seed 7, and ") != NULL &&
                  strstr(r.err, " with seed 20261122") != NULL,
              "%s", r.err);
    command_result_free(&r);

    const char *missing[] = {"merge", a0, "-o", out, NULL};
    r = run_tasim(NULL, missing);
    cr_expect_eq(r.exit_code, 2);
    cr_expect(strstr(r.err, "one of 2 shards, but 1 was given; missing: "
                            "1\n") != NULL,
              "%s", r.err);
    command_result_free(&r);

    /* The merge's own input is never its output, --force or not. */
    const char *onto[] = {"merge", a0, a1, "-o", a0, "--force", NULL};
    r = run_tasim(NULL, onto);
    cr_expect_eq(r.exit_code, 2);
    cr_expect(strstr(r.err, "holds the working directory or an input") !=
                  NULL, "%s", r.err);
    command_result_free(&r);
    char shard_file[300];
    snprintf(shard_file, sizeof shard_file, "%s/shard.bin", a0);
    cr_expect(path_exists(shard_file), "the shard is kept");

    const char *twice[] = {"merge", a1, a1, "-o", out, NULL};
    r = run_tasim(NULL, twice);
    cr_expect_eq(r.exit_code, 2);
    cr_expect(strstr(r.err, "repeats shard 1 of 2") != NULL, "%s", r.err);
    command_result_free(&r);
    cr_expect(!path_exists(out), "a refused merge wrote %s", out);
}

Test(shards, a_damaged_shard_is_an_error_not_a_crash)
{
    char a[2][256], out[256], path[300];
    two_run_shards(a, "dmg", NULL);
    scratch_path(out, sizeof out, "dmg-merge");
    const char *a0 = a[0], *a1 = a[1];
    /* A frame claiming a terabyte: the file has no such bytes. */
    snprintf(path, sizeof path, "%s/shard.bin", a1);
    FILE *f = fopen(path, "ab");
    cr_assert_not_null(f);
    const unsigned char huge[8] = {0xff, 0xff, 0xff, 0xff, 0xff, 0, 0, 0};
    fwrite(huge, 1, sizeof huge, f);
    fclose(f);
    const char *m[] = {"merge", a0, a1, "-o", out, NULL};
    command_result_t r = run_tasim(NULL, m);
    cr_expect_eq(r.exit_code, 2, "%s", r.err);
    cr_expect(strstr(r.err, "damaged") != NULL, "%s", r.err);
    command_result_free(&r);
    cr_expect(!path_exists(out));
}

/* A shard records the build that ran it: results depend on the code as
 * much as on the scenario, so shards of another build are refused. */
Test(shards, merging_refuses_shards_of_another_tasim_build)
{
    char a[2][256], out[256], path[300];
    two_run_shards(a, "build", NULL);
    scratch_path(out, sizeof out, "build-merge");
    snprintf(path, sizeof path, "%s/shard.bin", a[1]);
    /* Change one character of the commit shard 1 records, as if another
     * build had written it. */
    FILE *f = fopen(path, "r+b");
    cr_assert_not_null(f);
    static char bytes[1 << 20];
    size_t n = fread(bytes, 1, sizeof bytes, f);
    const char *commit = tasim_git_commit();
    size_t len = strlen(commit), at = 0;
    while (at + len <= n && memcmp(bytes + at, commit, len) != 0)
        at++;
    cr_assert(at + len <= n, "the shard names its commit %s", commit);
    char other = bytes[at] == 'z' ? 'y' : 'z';
    fseek(f, (long)at, SEEK_SET);
    fputc(other, f);
    fclose(f);
    const char *a0 = a[0], *a1 = a[1];
    const char *m[] = {"merge", a0, a1, "-o", out, NULL};
    command_result_t r = run_tasim(NULL, m);
    cr_expect_eq(r.exit_code, 2, "%s", r.err);
    cr_expect(strstr(r.err, "merge shards with the build that ran them") !=
                  NULL,
              "%s", r.err);
    command_result_free(&r);
    cr_expect(!path_exists(out), "a refused merge wrote %s", out);
}

/* ---- comparisons */

/* The per-replication values of `outcome` for `strategy`, from
 * compare-replications.csv (columns: replication, strategy, outcomes in
 * the order of the header). */
static size_t replication_values(const char *csv, const char *strategy,
                                 const char *outcome, double *out,
                                 size_t max)
{
    int column = -1;
    char name[64];
    for (int i = 2; column < 0; i++) {
        field(csv, i, name, sizeof name);
        if (strcmp(name, outcome) == 0)
            column = i;
    }
    size_t n = 0;
    for (const char *p = strchr(csv, '\n') + 1; *p && n < max;
         p = strchr(p, '\n') + 1) {
        char s[64];
        field(p, 1, s, sizeof s);
        if (strcmp(s, strategy) == 0)
            out[n++] = number_field(p, column);
    }
    return n;
}

Test(compare, common_random_numbers_tighten_the_paired_differences)
{
    char dir[256], path[300];
    scratch_path(dir, sizeof dir, "crn");
    const char *a[] = {"compare", FINANCIA, "-S", "baseline,advisory", "-o",
                       dir, "-r", "60", "-q", NULL};
    tasim_ok(a);
    snprintf(path, sizeof path, "%s/compare.csv", dir);
    char *csv = slurp(path, NULL);
    const char *row = line_starting(csv, "capacity_end,share,advisory,"
                                         "baseline,");
    cr_assert_not_null(row, "no paired row in\n%s", csv);
    double var_paired = number_field(row, 11), var_unpaired =
                                                   number_field(row, 12);
    /* Replication r of both strategies shares its streams, so most of the
     * noise cancels in the difference: far less than the half that would
     * already show a clear gain. */
    cr_expect_lt(var_paired, 0.25 * var_unpaired, "%g vs %g", var_paired,
                 var_unpaired);
    free(csv);
}

Test(compare, intervals_and_differences_follow_from_the_replications)
{
    char dir[256], path[300];
    scratch_path(dir, sizeof dir, "stats");
    const char *a[] = {"compare", FINANCIA, "-S",
                       "baseline,advisory,hands_on", "-o", dir, "-r", "50",
                       "-l", "0.9", "-q", NULL};
    tasim_ok(a);
    snprintf(path, sizeof path, "%s/compare-replications.csv", dir);
    char *reps = slurp(path, NULL);
    snprintf(path, sizeof path, "%s/compare.csv", dir);
    char *csv = slurp(path, NULL);

    double base[50], hands[50];
    cr_assert_eq(replication_values(reps, "baseline", "retention_3y", base,
                                    50), 50);
    cr_assert_eq(replication_values(reps, "hands_on", "retention_3y", hands,
                                    50), 50);
    /* One strategy: mean -/+ t(0.95, 49) sd / sqrt(50), a 90% interval. */
    double t = gsl_cdf_tdist_Pinv(0.95, 49);
    double mean = gsl_stats_mean(hands, 1, 50), sd = gsl_stats_sd(hands, 1,
                                                                 50);
    const char *row = line_starting(csv, "retention_3y,ratio,hands_on,,");
    cr_assert_not_null(row);
    cr_expect_float_eq(number_field(row, 5), mean, 1e-9 * fabs(mean));
    cr_expect_float_eq(number_field(row, 7), mean - t * sd / sqrt(50.0),
                       1e-8);
    cr_expect_float_eq(number_field(row, 8), mean + t * sd / sqrt(50.0),
                       1e-8);
    /* The pair: the same on the differences, hands_on - baseline. */
    double d[50];
    for (int i = 0; i < 50; i++)
        d[i] = hands[i] - base[i];
    double dm = gsl_stats_mean(d, 1, 50), ds = gsl_stats_sd(d, 1, 50);
    row = line_starting(csv, "retention_3y,ratio,hands_on,baseline,");
    cr_assert_not_null(row);
    cr_expect_float_eq(number_field(row, 5), dm, 1e-8);
    cr_expect_float_eq(number_field(row, 7), dm - t * ds / sqrt(50.0), 1e-8);
    cr_expect_float_eq(number_field(row, 8), dm + t * ds / sqrt(50.0), 1e-8);
    char significant[8];
    field(row, 10, significant, sizeof significant);
    int excludes_zero = dm - t * ds / sqrt(50.0) > 0 ||
                        dm + t * ds / sqrt(50.0) < 0;
    cr_expect_str_eq(significant, excludes_zero ? "yes" : "no");
    free(reps);
    free(csv);
}

Test(compare, the_table_is_printed_and_kept)
{
    char dir[256], path[300];
    scratch_path(dir, sizeof dir, "table");
    const char *a[] = {"compare", FINANCIA, "-o", dir, "-r", "10", NULL};
    command_result_t r = run_tasim(NULL, a);
    cr_assert_eq(r.exit_code, 0, "%s", r.err);
    cr_expect(strstr(r.out, "Paired differences against baseline") != NULL);
    cr_expect(strstr(r.out, "capacity_end") != NULL);
    cr_expect(strstr(r.err, "warning") == NULL,
              "every outcome is defined: %s", r.err);
    cr_expect(strstr(r.out, " \n") == NULL, "no line ends in spaces");
    snprintf(path, sizeof path, "%s/compare.txt", dir);
    char *kept = slurp(path, NULL);
    cr_expect_str_eq(kept, r.out);
    free(kept);
    command_result_free(&r);
}

Test(compare, outcomes_lost_to_a_series_filter_are_warned_about)
{
    char dir[256], filtered[300];
    scratch_path(dir, sizeof dir, "filtered");
    snprintf(filtered, sizeof filtered, "%s.yaml", dir);
    char *text = slurp(FINANCIA, NULL);
    const char *at = strstr(text, "    every_months: 1");
    cr_assert_not_null(at, "financia.yaml sets output.every_months");
    FILE *f = fopen(filtered, "w");
    fprintf(f, "%.*s    series: [capacity, dependency, cost]\n%s",
            (int)(at - text), text, at);
    fclose(f);
    free(text);
    const char *a[] = {"compare", filtered, "-o", dir, "-r", "3", "-q", NULL};
    command_result_t r = run_tasim(NULL, a);
    cr_assert_eq(r.exit_code, 0, "%s", r.err);
    cr_expect(strstr(r.err, "output.series leaves out 'programmes', so these "
                            "outcomes cannot be computed: dependency_ta\n") !=
                  NULL, "%s", r.err);
    cr_expect(strstr(r.err, "leaves out 'indicator', so these outcomes "
                            "cannot be computed: indicator_end\n") != NULL,
              "financia's units declare indicators: %s", r.err);
    cr_expect(strstr(r.err, "'capacity'") == NULL, "capacity is kept");
    command_result_free(&r);
    remove(filtered);
}

Test(compare, unknown_strategies_and_too_few_replications_are_usage_errors)
{
    char dir[256];
    scratch_path(dir, sizeof dir, "bad-compare");
    const char *a[] = {"compare", FINANCIA, "-S", "baseline,nosuch", "-o",
                       dir, "-r", "4", NULL};
    command_result_t r = run_tasim(NULL, a);
    cr_expect_eq(r.exit_code, 2);
    cr_expect(strstr(r.err, "no strategy 'nosuch' (it has: baseline, "
                            "advisory, hands_on)") != NULL, "%s", r.err);
    command_result_free(&r);
    const char *b[] = {"compare", FINANCIA, "-o", dir, "-r", "1", NULL};
    r = run_tasim(NULL, b);
    cr_expect_eq(r.exit_code, 2);
    command_result_free(&r);
    cr_expect(!path_exists(dir));
}

Test(compare, two_files_are_two_strategies_named_after_them)
{
    char dir[256], path[300];
    scratch_path(dir, sizeof dir, "files");
    const char *a[] = {"compare", FINANCIA,
                       TASIM_SOURCE_DIR "/scenarios/crisis.yaml", "-o", dir,
                       "-r", "4", "-q", NULL};
    tasim_ok(a);
    snprintf(path, sizeof path, "%s/compare.csv", dir);
    char *csv = slurp(path, NULL);
    cr_expect_not_null(line_starting(csv, "capacity_end,share,crisis,"
                                          "financia,"));
    free(csv);
    /* Both files are recorded, so the comparison can be reproduced. */
    snprintf(path, sizeof path, "%s/manifest.yaml", dir);
    char *manifest = slurp(path, NULL);
    const char *second = strstr(manifest, "\nsecond_scenario:");
    cr_expect_not_null(strstr(manifest, "\nscenario:"));
    cr_assert_not_null(second, "the manifest names the second file");
    cr_expect_not_null(strstr(second, "scenarios/crisis.yaml"));
    cr_expect_not_null(strstr(second, "sha256:"));
    free(manifest);
}

/* ---- sweeps */

Test(sweep, every_point_and_outcome_has_a_row)
{
    char dir[256], path[300];
    scratch_path(dir, sizeof dir, "rows");
    const char *a[] = {"sweep", FINANCIA, "-o", dir, "-r", "2", "-q", NULL};
    tasim_ok(a);
    snprintf(path, sizeof path, "%s/design.csv", dir);
    char *design = slurp(path, NULL);
    cr_expect_eq(count_lines(design), 1 + 64, "lhs, samples: 64");
    snprintf(path, sizeof path, "%s/results.csv", dir);
    char *results = slurp(path, NULL);
    cr_expect_eq(count_lines(results), 1 + 64 * 14);
    /* A Latin hypercube has no indices of its own. */
    snprintf(path, sizeof path, "%s/sensitivity.csv", dir);
    cr_expect(!path_exists(path));
    free(design);
    free(results);
}

Test(sweep, the_ishigami_function_gives_its_known_sobol_indices)
{
    char dir[256], path[300];
    scratch_path(dir, sizeof dir, "ishigami");
    const char *a[] = {"sweep", ISHIGAMI, "--function", "ishigami", "-o",
                       dir, "-q", "-l", "0.99", NULL};
    tasim_ok(a);
    snprintf(path, sizeof path, "%s/sensitivity.csv", dir);
    char *csv = slurp(path, NULL);
    /* Exact values for a = 7, b = 0.1 (Saltelli et al. 2008). */
    const double first[3] = {0.3139, 0.4424, 0.0};
    const double total[3] = {0.5576, 0.4424, 0.2437};
    const char *params[3] = {"countries.FIN.units.revenue_admin.turnover",
                             "countries.FIN.ownership",
                             "countries.FIN.units.revenue_admin.forgetting"};
    for (int j = 0; j < 3; j++) {
        char prefix[160];
        const double exact[2] = {first[j], total[j]};
        const char *index[2] = {"first", "total"};
        for (int k = 0; k < 2; k++) {
            snprintf(prefix, sizeof prefix, "y,%s,%s,", params[j], index[k]);
            const char *row = line_starting(csv, prefix);
            cr_assert_not_null(row, "no row %s", prefix);
            double lo = number_field(row, 4), hi = number_field(row, 5);
            /* The exact index lies in the 99% bootstrap interval, and the
             * interval is narrow enough to tell the indices apart. */
            cr_expect(lo <= exact[k] && exact[k] <= hi, "%s: %g not in "
                      "[%g, %g]", prefix, exact[k], lo, hi);
            cr_expect_lt(hi - lo, 0.1, "%s: interval [%g, %g]", prefix, lo,
                         hi);
        }
    }
    free(csv);
}

Test(sweep, a_stopped_sweep_resumes_to_the_same_bytes)
{
    char whole[256], resumed[256], ledger[300];
    scratch_path(whole, sizeof whole, "uninterrupted");
    scratch_path(resumed, sizeof resumed, "resumed");
    snprintf(ledger, sizeof ledger, "%s.ledger", resumed);
    const char *w[] = {"sweep", FINANCIA, "-o", whole, "-r", "3", "-q",
                       NULL};
    tasim_ok(w);

    const char *stop[] = {"sweep", FINANCIA, "-o", resumed, "-r", "3", "-q",
                          "--max-points", "20", NULL};
    command_result_t r = run_tasim(NULL, stop);
    cr_expect_eq(r.exit_code, 4, "a planned stop has its own exit code");
    cr_expect(strstr(r.err, "stopped after 20 of 64 points as asked") != NULL,
              "%s", r.err);
    cr_expect(strstr(r.err, "error") == NULL, "%s", r.err);
    command_result_free(&r);
    cr_expect(path_exists(ledger));
    cr_expect(!path_exists(resumed), "a stopped sweep wrote its results");

    /* Without --resume, the ledger is not silently thrown away. */
    const char *again[] = {"sweep", FINANCIA, "-o", resumed, "-r", "3",
                           "-q", NULL};
    r = run_tasim(NULL, again);
    cr_expect_eq(r.exit_code, 2);
    cr_expect(strstr(r.err, "--resume") != NULL, "%s", r.err);
    command_result_free(&r);

    /* A ledger is only good for the sweep that wrote it. */
    const char *other[] = {"sweep", FINANCIA, "-o", resumed, "-r", "4", "-q",
                           "--resume", NULL};
    r = run_tasim(NULL, other);
    cr_expect_eq(r.exit_code, 2);
    cr_expect(strstr(r.err, "belongs to another sweep") != NULL, "%s",
              r.err);
    command_result_free(&r);

    const char *resume[] = {"sweep", FINANCIA, "-o", resumed, "-r", "3",
                            "-q", "--resume", "-j", "2", NULL};
    tasim_ok(resume);
    assert_same_files(whole, resumed, sweep_files);
    cr_expect(!path_exists(ledger), "the ledger outlived the sweep");
}

Test(sweep, a_scenario_without_a_sweep_block_is_refused)
{
    char dir[256];
    scratch_path(dir, sizeof dir, "nosweep");
    const char *a[] = {"sweep", TASIM_SOURCE_DIR
                       "/tests/scenarios/experiments/no-sweep.yaml",
                       "-o", dir, NULL};
    command_result_t r = run_tasim(NULL, a);
    cr_expect_eq(r.exit_code, 2);
    cr_expect(strstr(r.err, "has no `sweep` block") != NULL, "%s", r.err);
    command_result_free(&r);
}

Test(sweep, replications_per_point_stop_where_the_sweep_block_stops)
{
    char dir[256];
    scratch_path(dir, sizeof dir, "sweep-r");
    /* sweep.replications allows 1 to 100,000; -r sets the same number. */
    const char *a[] = {"sweep", FINANCIA, "-o", dir, "-r", "100001", NULL};
    command_result_t r = run_tasim(NULL, a);
    cr_expect_eq(r.exit_code, 2);
    cr_expect(strstr(r.err, "-r must be from 1 to 100000") != NULL, "%s",
              r.err);
    command_result_free(&r);
    cr_expect(!path_exists(dir));
}

/* ---- options */

Test(options, mpi_and_shards_exclude_each_other)
{
    const char *a[] = {"run", FINANCIA, "-o", "/tmp/never", "--mpi",
                       "--shard", "0/2", NULL};
    command_result_t r = run_tasim(NULL, a);
    cr_expect_eq(r.exit_code, 2);
    cr_expect(strstr(r.err, "--mpi and --shard exclude each other") != NULL);
    command_result_free(&r);
    const char *b[] = {"run", FINANCIA, "-o", "/tmp/never", "--shard", "2/2",
                       NULL};
    r = run_tasim(NULL, b);
    cr_expect_eq(r.exit_code, 2);
    cr_expect(strstr(r.err, "0 <= I < N") != NULL, "%s", r.err);
    command_result_free(&r);
    const char *c[] = {"run", FINANCIA, "-o", "/tmp/never", "-j", "0", NULL};
    r = run_tasim(NULL, c);
    cr_expect_eq(r.exit_code, 2);
    command_result_free(&r);
}

Test(options, mpirun_without_mpi_is_refused_before_any_work)
{
    /* What Open MPI tells each process it starts. */
    setenv("OMPI_COMM_WORLD_SIZE", "2", 1);
    const char *a[] = {"run", FINANCIA, "-o", "/tmp/never", NULL};
    command_result_t r = run_tasim(NULL, a);
    unsetenv("OMPI_COMM_WORLD_SIZE");
    cr_expect_eq(r.exit_code, 2);
    cr_expect(strstr(r.err, "without --mpi") != NULL, "%s", r.err);
    command_result_free(&r);
}

Test(options, a_shard_needs_a_known_seed)
{
    char dir[256];
    scratch_path(dir, sizeof dir, "seedless");
    const char *a[] = {"run", TASIM_SOURCE_DIR
                       "/tests/scenarios/experiments/no-seed.yaml",
                       "-o", dir, "--shard", "0/2", NULL};
    command_result_t r = run_tasim(NULL, a);
    cr_expect_eq(r.exit_code, 2);
    cr_expect(strstr(r.err, "pass the same --seed to every shard") != NULL,
              "%s", r.err);
    command_result_free(&r);
    cr_expect(!path_exists(dir));
}
