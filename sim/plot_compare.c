/*
 * plot_compare.c: the data of the figures of a comparison (`tasim
 * compare`) for `tasim plot` (see plot_internal.h). It reads compare.csv
 * (each strategy's outcomes, and their paired differences to the
 * reference) and compare-series.csv if present, and writes one small
 * file per panel or band into the data directory: the strategies' means
 * per outcome (compare-outcomes), the differences to the first strategy
 * in % of its mean (compare-differences) and each series of each
 * strategy (compare-bands). Names, units and counts go to the scripts as
 * gnuplot variables.
 *
 * compare.csv is long (a row per outcome, strategy and reference), which
 * suits a reader but not a plot, so its rows are held in memory and
 * searched linearly: a comparison has a few strategies and a few dozen
 * outcomes, a few hundred rows at most.
 */
#define _XOPEN_SOURCE 700
#include "plot_internal.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "plot.h"
#include "plot_csv.h"
#include "tasim/alloc.h"

const char *const tasim_plot_compare_columns[] = {
    "outcome", "unit", "strategy", "reference", "n", "mean", "ci_low",
    "ci_high", "significant", NULL};

/* A value for a label: 4 significant digits, thousands and millions
 * shortened, as in compare.txt. */
static void short_number(char *buf, size_t n, double v)
{
    double a = fabs(v);
    if (a >= 1e9)
        snprintf(buf, n, "%.4gG", v / 1e9);
    else if (a >= 1e6)
        snprintf(buf, n, "%.4gM", v / 1e6);
    else if (a >= 1e4)
        snprintf(buf, n, "%.4gk", v / 1e3);
    else
        snprintf(buf, n, "%.4g", v);
}

/* One row of compare.csv; `reference` is SIZE_MAX on a strategy's own
 * row, the reference's index on a difference row. */
typedef struct {
    size_t outcome, strategy, reference;
    double n, mean, lo, hi;
    int significant;
} cmp_row_t;

typedef struct {
    /* units[i] is the unit of outcomes[i]. */
    tasim_plot_names_t outcomes, units, strategies;
    cmp_row_t *rows;
    size_t count, cap;
} compare_t;

/* The outcomes of compare-outcomes, when the comparison has them. */
static const char *const compare_keys[] = {
    "capacity_end", "retention_3y", "dependency_ta", "cost_total",
    "cost_per_capacity", "indicator_end", NULL};
enum { COMPARE_PANELS = 6 };

static int read_compare_csv(const char *dir, compare_t *c)
{
    tasim_plot_csv_t *in = tasim_xcalloc(1, sizeof *in);
    int rc = tasim_plot_csv_open(in, dir, "compare.csv",
                                 tasim_plot_compare_columns, "compare");
    while (rc == 0 && (rc = tasim_plot_csv_next(in)) > 0) {
        cmp_row_t r;
        r.outcome = tasim_plot_names_add(&c->outcomes,
                                         tasim_plot_csv_get(in, "outcome"));
        if (r.outcome == c->units.n)
            tasim_plot_names_push(&c->units,
                                  tasim_plot_csv_get(in, "unit"));
        r.strategy = tasim_plot_names_add(&c->strategies,
                                          tasim_plot_csv_get(in, "strategy"));
        const char *ref = tasim_plot_csv_get(in, "reference");
        r.reference =
            *ref ? tasim_plot_names_add(&c->strategies, ref) : SIZE_MAX;
        r.n = tasim_plot_number(tasim_plot_csv_get(in, "n"));
        r.mean = tasim_plot_number(tasim_plot_csv_get(in, "mean"));
        r.lo = tasim_plot_number(tasim_plot_csv_get(in, "ci_low"));
        r.hi = tasim_plot_number(tasim_plot_csv_get(in, "ci_high"));
        r.significant =
            strcmp(tasim_plot_csv_get(in, "significant"), "yes") == 0;
        if (c->count == c->cap) {
            c->cap = c->cap ? 2 * c->cap : 64;
            c->rows = tasim_xrealloc(c->rows, c->cap * sizeof *c->rows);
        }
        c->rows[c->count++] = r;
        rc = 0;
    }
    tasim_plot_csv_close(in);
    free(in);
    return rc < 0 ? TASIM_EXIT_USAGE : TASIM_EXIT_OK;
}

static const cmp_row_t *compare_find(const compare_t *c, size_t outcome,
                                     size_t strategy, size_t reference)
{
    for (size_t i = 0; i < c->count; i++) {
        const cmp_row_t *r = &c->rows[i];
        if (r->outcome == outcome && r->strategy == strategy &&
            r->reference == reference)
            return r;
    }
    return NULL;
}

/* outcome-K.csv for the K-th panel of compare-outcomes: each strategy's
 * mean and confidence interval. */
static int write_compare_outcomes(const compare_t *c, const char *data_dir,
                                  tasim_plot_found_t *found)
{
    tasim_plot_names_t have = {0};
    for (size_t i = 0; i < c->count; i++)
        if (c->rows[i].reference == SIZE_MAX && isfinite(c->rows[i].mean))
            tasim_plot_names_add(&have, c->outcomes.v[c->rows[i].outcome]);
    size_t picked[COMPARE_PANELS];
    size_t panels = tasim_plot_pick_outcomes(
        &have, compare_keys, COMPARE_PANELS, picked, COMPARE_PANELS);
    int rc = 0;
    for (size_t k = 0; k < panels && rc == 0; k++) {
        size_t o = tasim_plot_names_find(&c->outcomes, have.v[picked[k]]);
        char name[64];
        snprintf(name, sizeof name, "outcome-%zu.csv", k + 1);
        FILE *f = tasim_plot_create_file(data_dir, name);
        if (f == NULL) {
            rc = -1;
            break;
        }
        fputs("strategy,mean,ci_low,ci_high\n", f);
        for (size_t s = 0; s < c->strategies.n; s++) {
            const cmp_row_t *r = compare_find(c, o, s, SIZE_MAX);
            fprintf(f, "%zu", s + 1);
            tasim_plot_put_number(f, r ? r->mean : NAN);
            tasim_plot_put_number(f, r ? r->lo : NAN);
            tasim_plot_put_number(f, r ? r->hi : NAN);
            fputc('\n', f);
        }
        rc = tasim_plot_close_file(f, data_dir);
        snprintf(name, sizeof name, "outcome_%zu", k + 1);
        tasim_plot_set(found, name, "%s", c->outcomes.v[o]);
        snprintf(name, sizeof name, "outcome_unit_%zu", k + 1);
        tasim_plot_set(found, name, "%s", c->units.v[o]);
    }
    tasim_plot_set(found, "outcome_count", "%zu", panels);
    tasim_plot_names_free(&have);
    return rc;
}

/* The outcomes that differences can be shown for, as a share of the
 * reference's mean: those whose reference mean is defined and not 0. */
static int relative_ok(const compare_t *c, size_t o, double *ref_mean)
{
    const cmp_row_t *r = compare_find(c, o, 0, SIZE_MAX);
    *ref_mean = r ? r->mean : NAN;
    return isfinite(*ref_mean) && *ref_mean != 0;
}

/* differences-S.csv for strategy S (2, 3, ...): its paired differences
 * to strategy 1, in % of strategy 1's mean, at the position of their
 * outcome on the shared y axis. */
static int write_compare_differences(const compare_t *c,
                                     const char *data_dir,
                                     tasim_plot_found_t *found)
{
    tasim_strbuf_t skipped = {0};
    size_t positions = 0;
    char name[64], value[32];
    double ref;
    for (size_t o = 0; o < c->outcomes.n; o++) {
        if (!relative_ok(c, o, &ref)) {
            tasim_strbuf_printf(&skipped, " %s", c->outcomes.v[o]);
            continue;
        }
        /* The label says what 100% is. */
        short_number(value, sizeof value, ref);
        snprintf(name, sizeof name, "diff_outcome_%zu", ++positions);
        tasim_plot_set(found, name, "%s (%s%s%s)", c->outcomes.v[o], value,
                       *c->units.v[o] ? " " : "", c->units.v[o]);
    }
    tasim_plot_set(found, "diff_count", "%zu", positions);
    tasim_plot_set(found, "diff_skipped", "%s",
                   skipped.data ? skipped.data + 1 : "");
    free(skipped.data);
    for (size_t s = 1; s < c->strategies.n; s++) {
        snprintf(name, sizeof name, "differences-%zu.csv", s + 1);
        FILE *f = tasim_plot_create_file(data_dir, name);
        if (f == NULL)
            return -1;
        fputs("position,pct,pct_low,pct_high,significant\n", f);
        size_t pos = 0;
        for (size_t o = 0; o < c->outcomes.n; o++) {
            if (!relative_ok(c, o, &ref))
                continue;
            pos++;
            const cmp_row_t *r = compare_find(c, o, s, 0);
            if (r == NULL || !isfinite(r->mean))
                continue;
            /* Divided by |mean| so that the sign is the difference's. */
            double scale = 100 / fabs(ref);
            fprintf(f, "%zu", pos);
            tasim_plot_put_number(f, r->mean * scale);
            tasim_plot_put_number(f, r->lo * scale);
            tasim_plot_put_number(f, r->hi * scale);
            fprintf(f, ",%d\n", r->significant);
        }
        if (tasim_plot_close_file(f, data_dir) != 0)
            return -1;
    }
    return 0;
}

/* series-SERIES-S.csv from compare-series.csv: one file per series and
 * strategy, so that each band is one plot of one file. */
static int split_compare_series(const char *dir, const compare_t *c,
                                const char *data_dir,
                                tasim_plot_found_t *found)
{
    static const char *const need[] = {"strategy", "year", "series", "n",
                                       "mean", "p05", "p50", "p95", NULL};
    tasim_strbuf_t present = {0};
    tasim_strbuf_append(&present, " ", 1);
    int rc = 0;
    if (tasim_plot_has_file(dir, "compare-series.csv")) {
        tasim_plot_csv_t *in = tasim_xcalloc(1, sizeof *in);
        tasim_plot_split_t *sp = tasim_xcalloc(1, sizeof *sp);
        rc = tasim_plot_csv_open(in, dir, "compare-series.csv", need,
                                 "compare");
        while (rc == 0 && (rc = tasim_plot_csv_next(in)) > 0) {
            const char *series = tasim_plot_csv_get(in, "series");
            size_t s = tasim_plot_names_find(
                &c->strategies, tasim_plot_csv_get(in, "strategy"));
            rc = 0;
            if (s == c->strategies.n || !tasim_plot_plain_name(series))
                continue;
            char key[96];
            snprintf(key, sizeof key, "series-%s-%zu", series, s + 1);
            FILE *out = tasim_plot_series_file(sp, data_dir, key,
                                               "year,n,mean,p05,p50,p95\n");
            if (out == NULL)
                continue;
            tasim_plot_add_word(&present, series, NULL);
            fputs(tasim_plot_csv_get(in, "year"), out);
            const char *cols[] = {"n", "mean", "p05", "p50", "p95"};
            for (size_t i = 0; i < 5; i++)
                tasim_plot_put_number(
                    out, tasim_plot_number(tasim_plot_csv_get(in, cols[i])));
            fputc('\n', out);
        }
        for (size_t i = 0; i < sp->count; i++)
            if (tasim_plot_close_file(sp->file[i], data_dir) != 0)
                rc = -1;
        tasim_plot_csv_close(in);
        free(in);
        free(sp);
    }
    tasim_plot_set(found, "series_present", "%s", present.data);
    free(present.data);
    return rc;
}

int tasim_plot_read_compare(const char *dir, const char *data_dir,
                            tasim_plot_found_t *found)
{
    compare_t c = {0};
    int rc = read_compare_csv(dir, &c);
    if (rc == TASIM_EXIT_OK && c.strategies.n == 0) {
        tasim_cli_error("%s/compare.csv has no strategies", dir);
        rc = TASIM_EXIT_USAGE;
    }
    if (rc == TASIM_EXIT_OK &&
        (write_compare_outcomes(&c, data_dir, found) != 0 ||
         write_compare_differences(&c, data_dir, found) != 0 ||
         split_compare_series(dir, &c, data_dir, found) != 0))
        rc = TASIM_EXIT_USAGE;
    if (rc == TASIM_EXIT_OK) {
        double replications = 0;
        for (size_t i = 0; i < c.count; i++)
            if (c.rows[i].n > replications)
                replications = c.rows[i].n;
        tasim_plot_set(found, "replications", "%.0f", replications);
        tasim_plot_set(found, "strategy_count", "%zu", c.strategies.n);
        for (size_t s = 0; s < c.strategies.n; s++) {
            char name[64];
            snprintf(name, sizeof name, "strategy_%zu", s + 1);
            tasim_plot_set(found, name, "%s", c.strategies.v[s]);
        }
        static const char *const figures[] = {TASIM_PLOT_COMPARE_NAMES};
        for (size_t i = 0; i < sizeof figures / sizeof figures[0]; i++)
            found->figures[found->figure_count++] = figures[i];
        snprintf(found->what, sizeof found->what, "%zu strateg%s",
                 c.strategies.n, c.strategies.n == 1 ? "y" : "ies");
    }
    tasim_plot_names_free(&c.outcomes);
    tasim_plot_names_free(&c.units);
    tasim_plot_names_free(&c.strategies);
    free(c.rows);
    return rc;
}
