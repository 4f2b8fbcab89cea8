/*
 * test_summary.c: ensemble statistics (tasim/summary.h) against a direct
 * computation: exactly in exact mode, within the P-square estimator's
 * accuracy in streaming mode; and summary.csv of a real run against the
 * replications kept in its series.csv.
 */
#define _POSIX_C_SOURCE 200809L
#include <criterion/criterion.h>
#include <unistd.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "run_command.h"
#include "tasim/rng.h"
#include "tasim/summary.h"

/* Parse summary.csv text into rows of the six statistics. */
static size_t parse_summary(char *text, double (*stats)[6], size_t max)
{
    size_t n = 0;
    char *line = strtok(text, "\n"); /* header */
    while ((line = strtok(NULL, "\n")) != NULL && n < max) {
        char *field = line;
        for (int comma = 0; comma < 4; comma++)
            field = strchr(field, ',') + 1;
        for (int k = 0; k < 6; k++) {
            char *end;
            stats[n][k] = *field == ',' || *field == '\0'
                              ? NAN
                              : strtod(field, &end);
            field = strchr(field, ',');
            field = field ? field + 1 : "";
        }
        n++;
    }
    return n;
}

static char *summary_text(tasim_summary_t *s)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    cr_assert_eq(tasim_summary_write(s, f), 0);
    fclose(f);
    return buf;
}

enum { POSITIONS = 40, MAX_POSITIONS = 4000, MAX_REPS = 300 };

static double draw(const gsl_rng *r, size_t pos)
{
    return (double)pos + gsl_ran_gaussian(r, 1 + (double)pos / 10);
}

/* `reps` replications of `positions` positions (a few undefined values
 * among them) through a summary, whose file must then hold the direct
 * computation: n, mean, sd and type-7 quantiles of the finite values. */
static void expect_exact_summary(size_t positions, uint64_t reps,
                                 int spill_to_path)
{
    gsl_rng *r = tasim_rng_create(9 + reps);
    static double values[MAX_POSITIONS][MAX_REPS];
    tasim_summary_t *s = tasim_summary_create(reps, TASIM_SUMMARY_AUTO);
    char path[64];
    snprintf(path, sizeof path, "/tmp/tasim-test-spill-%ld", (long)getpid());
    if (spill_to_path)
        tasim_summary_spill_to(s, path);
    for (uint64_t rep = 0; rep < reps; rep++)
        for (size_t p = 0; p < positions; p++) {
            values[p][rep] = (rep * 7 + p) % 31 == 0 ? NAN : draw(r, p % 40);
            cr_assert_eq(tasim_summary_add(s, rep, 2026 + p / 4.0, "FIN",
                                           "tax", "capacity",
                                           values[p][rep]),
                         0);
        }
    cr_assert(tasim_summary_exact(s));
    char *text = summary_text(s);
    static double got[MAX_POSITIONS][6];
    cr_assert_eq(parse_summary(text, got, positions), positions);
    for (size_t p = 0; p < positions; p++) {
        double v[MAX_REPS];
        size_t n = 0;
        for (uint64_t rep = 0; rep < reps; rep++)
            if (isfinite(values[p][rep]))
                v[n++] = values[p][rep];
        double mean = gsl_stats_mean(v, 1, n), sd = gsl_stats_sd(v, 1, n);
        gsl_sort(v, 1, n);
        double expected[6] = {(double)n, mean, sd,
                              gsl_stats_quantile_from_sorted_data(v, 1, n, 0.05),
                              gsl_stats_quantile_from_sorted_data(v, 1, n, 0.5),
                              gsl_stats_quantile_from_sorted_data(v, 1, n, 0.95)};
        for (int k = 0; k < 6; k++) /* %.10g in the file: 1e-9 relative */
            cr_assert_float_eq(got[p][k], expected[k],
                               1e-9 * (1 + fabs(expected[k])),
                               "%llu replications, position %zu stat %d",
                               (unsigned long long)reps, p, k);
    }
    free(text);
    tasim_summary_destroy(s);
    cr_expect(access(path, F_OK) != 0, "no file of values is left");
    gsl_rng_free(r);
}

Test(summary, exact_mode_equals_a_direct_computation)
{
    expect_exact_summary(POSITIONS, 23, 0); /* values in memory up to 24 */
}

Test(summary, values_kept_on_disk_give_the_same_exact_quantiles)
{
    /* Beyond 24 replications the values go to a file and are read back
     * in chunks of rows (here 213 rows of 300 replications, 19 chunks);
     * an anonymous file or a named one. */
    expect_exact_summary(MAX_POSITIONS, 25, 0);
    expect_exact_summary(MAX_POSITIONS, 300, 1);
}

Test(summary, too_many_replications_for_a_useful_read_back_stream_instead)
{
    /* 40 rows of 300 replications: the read-back buffer of a run this
     * small would hold 2 rows at a time, a read per replication for every
     * 2 rows; the streaming estimators take over. */
    tasim_summary_t *s = tasim_summary_create(300, TASIM_SUMMARY_AUTO);
    for (uint64_t rep = 0; rep < 2; rep++)
        for (size_t p = 0; p < POSITIONS; p++)
            cr_assert_eq(tasim_summary_add(s, rep, 2026 + p / 4.0, "FIN",
                                           "tax", "capacity", (double)p),
                         0);
    cr_expect_not(tasim_summary_exact(s));
    tasim_summary_destroy(s);
}

Test(summary, replications_beyond_the_announced_number_are_refused)
{
    tasim_summary_t *s = tasim_summary_create(1, TASIM_SUMMARY_AUTO);
    cr_assert_eq(tasim_summary_add(s, 0, 2026, "FIN", "tax", "capacity", 1),
                 0);
    cr_expect_eq(tasim_summary_add(s, 1, 2026, "FIN", "tax", "capacity", 1),
                 -1);
    tasim_summary_destroy(s);
}

Test(summary, streaming_mode_estimates_quantiles_within_their_sampling_error)
{
    /* 4,000 standard normals: the sample 5% quantile has sd about
     * sqrt(0.05 * 0.95 / 4000) / phi(1.645) = 0.034; the P-square
     * estimate must agree with the exact one well within 3 of those. */
    enum { N = 4000 };
    gsl_rng *r = tasim_rng_create(10);
    static double v[N];
    tasim_summary_t *s = tasim_summary_create(N, TASIM_SUMMARY_STREAMING);
    for (uint64_t rep = 0; rep < N; rep++) {
        v[rep] = gsl_ran_ugaussian(r);
        tasim_summary_add(s, rep, 2030, "X", "", "wait", v[rep]);
    }
    cr_assert_not(tasim_summary_exact(s));
    char *text = summary_text(s);
    double got[1][6];
    cr_assert_eq(parse_summary(text, got, 1), 1);
    gsl_sort(v, 1, N);
    cr_assert_float_eq(got[0][1], gsl_stats_mean(v, 1, N), 1e-9);
    cr_assert_float_eq(got[0][3], gsl_stats_quantile_from_sorted_data(v, 1, N, 0.05), 0.1);
    cr_assert_float_eq(got[0][4], gsl_stats_quantile_from_sorted_data(v, 1, N, 0.5), 0.1);
    cr_assert_float_eq(got[0][5], gsl_stats_quantile_from_sorted_data(v, 1, N, 0.95), 0.1);
    free(text);
    tasim_summary_destroy(s);
    gsl_rng_free(r);
}

Test(summary, undefined_values_are_left_out_and_counted_out)
{
    tasim_summary_t *s = tasim_summary_create(3, TASIM_SUMMARY_AUTO);
    tasim_summary_add(s, 0, 2030, "A", "t", "wait", 2.0);
    tasim_summary_add(s, 1, 2030, "A", "t", "wait", NAN);
    tasim_summary_add(s, 2, 2030, "A", "t", "wait", 4.0);
    char *text = summary_text(s);
    cr_assert(strstr(text, "\n2030,A,t,wait,2,3,") != NULL, "%s", text);
    free(text);
    tasim_summary_destroy(s);
}

Test(summary, rows_that_do_not_line_up_are_refused)
{
    tasim_summary_t *s = tasim_summary_create(2, TASIM_SUMMARY_AUTO);
    cr_assert_eq(tasim_summary_add(s, 0, 2030, "A", "t", "capacity", 1), 0);
    cr_assert_eq(tasim_summary_add(s, 1, 2030, "A", "t", "skill", 1), -1);
    tasim_summary_destroy(s);
}

/* ---- a real run: summary.csv against its kept replications ---------- */

Test(summary, a_runs_summary_matches_its_kept_replications)
{
    char dir[] = "/tmp/tasim-summary-XXXXXX";
    cr_assert_not_null(mkdtemp(dir));
    char out[64];
    snprintf(out, sizeof out, "%s/out", dir);
    const char *args[] = {"run", TASIM_SOURCE_DIR "/scenarios/financia.yaml",
                          "-o", out, "-r", "12", "-k", "-q", NULL};
    command_result_t r = run_tasim(NULL, args);
    cr_assert_eq(r.exit_code, 0, "%s", r.err);
    command_result_free(&r);
    char path[128];
    snprintf(path, sizeof path, "%s/series.csv", out);
    FILE *f = fopen(path, "r");
    static double v[20000][12];
    static char line[512];
    size_t rows = 0, row = 0;
    long rep = -1;
    fgets(line, sizeof line, f);
    while (fgets(line, sizeof line, f)) {
        long this_rep = strtol(line, NULL, 10);
        if (this_rep != rep) {
            rep = this_rep;
            row = 0;
        }
        char *value = strrchr(line, ',') + 1;
        v[row][rep] = *value == '\n' ? NAN : strtod(value, NULL);
        row++;
        rows = row > rows ? row : rows;
    }
    fclose(f);
    snprintf(path, sizeof path, "%s/summary.csv", out);
    f = fopen(path, "r");
    static char text[4 << 20];
    text[fread(text, 1, sizeof text - 1, f)] = '\0';
    fclose(f);
    static double got[20000][6];
    cr_assert_eq(parse_summary(text, got, 20000), rows);
    for (size_t k = 0; k < rows; k++) {
        double x[12];
        size_t n = 0;
        for (int j = 0; j < 12; j++)
            if (isfinite(v[k][j]))
                x[n++] = v[k][j];
        cr_assert_eq(got[k][0], (double)n);
        if (n == 0)
            continue;
        gsl_sort(x, 1, n);
        cr_assert_float_eq(got[k][1], gsl_stats_mean(x, 1, n),
                           1e-8 * (1 + fabs(got[k][1])), "row %zu", k);
        cr_assert_float_eq(got[k][4],
                           gsl_stats_quantile_from_sorted_data(x, 1, n, 0.5),
                           1e-8 * (1 + fabs(got[k][4])), "row %zu", k);
    }
}
