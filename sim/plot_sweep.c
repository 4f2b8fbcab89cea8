/*
 * plot_sweep.c: the data of the figures of a sweep (`tasim sweep`) for
 * `tasim plot` (see plot_internal.h). It reads design.csv (the parameter
 * values of each point), results.csv (each point's outcomes) and
 * sensitivity.csv if present (Morris or Sobol' indices), and writes into
 * the data directory one file per outcome for sweep-scatter (each
 * point's parameter values against its mean) and, with indices, one per
 * outcome for sweep-indices (a parameter per row, most influential
 * first). Names, labels and counts go to the scripts as gnuplot
 * variables.
 *
 * The design is held in memory, a point's values in one row of a flat
 * array, because results.csv names points only by id. results.csv is
 * read twice instead, once to learn its outcomes and once to write the
 * points of those picked, so that only the design is held: a Sobol'
 * design has many thousands of points, each with every outcome.
 */
#define _XOPEN_SOURCE 700
#include "plot_internal.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "plot.h"
#include "plot_csv.h"
#include "tasim/alloc.h"

const char *const tasim_plot_design_columns[] = {"point", NULL};
const char *const tasim_plot_result_columns[] = {
    "point", "outcome", "unit", "n", "mean", "ci_low", "ci_high", NULL};

/* The design: parameter paths and their short labels, and each point's
 * id and values (points x parameters, row by row). */
typedef struct {
    tasim_plot_names_t paths, labels;
    size_t points, cap;
    long *ids;
    double *x;
} design_t;

/* The outcomes of the sweep figures, when the sweep has them. */
static const char *const sweep_keys[] = {"capacity_end", "retention_3y",
                                         "cost_per_capacity", NULL};
enum {
    SWEEP_OUTCOMES = 3,
    SCATTER_PARAMS = 6,   /* panels per outcome of sweep-scatter */
    INDEX_PARAMS = 20,    /* bars per panel of sweep-indices */
    /* Points per panel of sweep-scatter: beyond this a cloud only gets
     * denser, and the SVG of a Sobol' design of 4096 samples would be
     * many megabytes. The first points of every design tasim writes are
     * spread over the whole space (a Latin hypercube, the base matrix of
     * Saltelli's scheme, the first Morris trajectories). */
    SCATTER_POINTS = 4000
};

/* The last `parts` dot-separated components of path (all if fewer). */
static const char *path_tail(const char *path, int parts)
{
    const char *p = path + strlen(path);
    for (int seen = 0; p > path; p--)
        if (p[-1] == '.' && ++seen == parts)
            break;
    return p;
}

/* Whether another parameter's path ends like parameter i's does. */
static int shares_tail(const design_t *d, size_t i, int parts)
{
    const char *tail = path_tail(d->paths.v[i], parts);
    for (size_t j = 0; j < d->paths.n; j++)
        if (j != i && strcmp(tail, path_tail(d->paths.v[j], parts)) == 0)
            return 1;
    return 0;
}

/* Whether the label `tail` starts with a list index ("1.hands_on"),
 * which says nothing without the list's name. */
static int starts_with_index(const char *tail)
{
    return isdigit((unsigned char)tail[0]);
}

/* A label for each parameter: the last two components of its path
 * ("revenue_admin.turnover"), more when two parameters would share one
 * (the same field of two countries) or when it would start with a list
 * index ("activities.1.hands_on", not "1.hands_on"). */
static void label_parameters(design_t *d)
{
    for (size_t i = 0; i < d->paths.n; i++) {
        const char *path = d->paths.v[i];
        int parts = 2;
        while (path_tail(path, parts) != path &&
               (shares_tail(d, i, parts) ||
                starts_with_index(path_tail(path, parts))))
            parts++;
        tasim_plot_names_push(&d->labels, path_tail(path, parts));
    }
}

static const char *label_of(const design_t *d, const char *path)
{
    size_t i = tasim_plot_names_find(&d->paths, path);
    return i < d->paths.n ? d->labels.v[i] : path_tail(path, 2);
}

static int read_design(const char *dir, design_t *d)
{
    tasim_plot_csv_t *in = tasim_xcalloc(1, sizeof *in);
    int rc = tasim_plot_csv_open(in, dir, "design.csv",
                                 tasim_plot_design_columns, "sweep");
    int point =
        rc == 0 ? tasim_plot_column_index(in->h, in->hn, "point") : -1;
    for (size_t i = 0; rc == 0 && i < in->hn; i++)
        if ((int)i != point)
            tasim_plot_names_push(&d->paths, in->h[i]);
    size_t k = d->paths.n;
    while (rc == 0 && (rc = tasim_plot_csv_next(in)) > 0) {
        if (d->points == d->cap) {
            d->cap = d->cap ? 2 * d->cap : 256;
            d->ids = tasim_xrealloc(d->ids, d->cap * sizeof *d->ids);
            d->x = tasim_xrealloc(d->x, d->cap * (k ? k : 1) * sizeof *d->x);
        }
        d->ids[d->points] = strtol(in->f[point], NULL, 10);
        for (size_t i = 0, j = 0; i < in->hn; i++)
            if ((int)i != point)
                d->x[d->points * k + j++] = tasim_plot_number(in->f[i]);
        d->points++;
        rc = 0;
    }
    tasim_plot_csv_close(in);
    free(in);
    if (rc == 0 && k == 0) {
        tasim_cli_error("%s/design.csv names no parameters", dir);
        rc = -1;
    }
    label_parameters(d);
    return rc;
}

/* The design row of point `id`; d->points if there is none. tasim
 * writes the points in order, so the id is the row, but a merged or
 * edited file may differ. */
static size_t design_row(const design_t *d, long id)
{
    if (id >= 0 && (size_t)id < d->points && d->ids[id] == id)
        return (size_t)id;
    for (size_t i = 0; i < d->points; i++)
        if (d->ids[i] == id)
            return i;
    return d->points;
}

/* First pass over results.csv: the outcomes, their units, those with a
 * defined mean somewhere, and the replications per point. */
static int survey_results(const char *dir, tasim_plot_names_t *outcomes,
                          tasim_plot_names_t *units,
                          tasim_plot_names_t *defined, double *replications)
{
    tasim_plot_csv_t *in = tasim_xcalloc(1, sizeof *in);
    int rc = tasim_plot_csv_open(in, dir, "results.csv",
                                 tasim_plot_result_columns, "sweep");
    while (rc == 0 && (rc = tasim_plot_csv_next(in)) > 0) {
        const char *o = tasim_plot_csv_get(in, "outcome");
        if (tasim_plot_names_add(outcomes, o) == units->n)
            tasim_plot_names_push(units, tasim_plot_csv_get(in, "unit"));
        if (isfinite(tasim_plot_number(tasim_plot_csv_get(in, "mean"))))
            tasim_plot_names_add(defined, o);
        double n = tasim_plot_number(tasim_plot_csv_get(in, "n"));
        if (n > *replications)
            *replications = n;
        rc = 0;
    }
    tasim_plot_csv_close(in);
    free(in);
    return rc;
}

/* scatter-K.csv for the K-th outcome: the point, x1..xP (the values of
 * the first P parameters), then the point's mean and confidence
 * interval. */
static int write_scatter(const char *dir, const design_t *d,
                         const tasim_plot_names_t *picked,
                         const char *data_dir, size_t params,
                         size_t *written)
{
    FILE *out[SWEEP_OUTCOMES] = {NULL};
    int rc = 0;
    for (size_t k = 0; k < picked->n && rc == 0; k++) {
        char name[64];
        snprintf(name, sizeof name, "scatter-%zu.csv", k + 1);
        if ((out[k] = tasim_plot_create_file(data_dir, name)) == NULL)
            rc = -1;
        if (rc == 0)
            fputs("point,", out[k]);
        for (size_t j = 0; rc == 0 && j < params; j++)
            fprintf(out[k], "x%zu,", j + 1);
        if (rc == 0)
            fputs("mean,ci_low,ci_high\n", out[k]);
    }
    tasim_plot_csv_t *in = tasim_xcalloc(1, sizeof *in);
    if (rc == 0)
        rc = tasim_plot_csv_open(in, dir, "results.csv",
                                 tasim_plot_result_columns, "sweep");
    while (rc == 0 && (rc = tasim_plot_csv_next(in)) > 0) {
        rc = 0;
        size_t k =
            tasim_plot_names_find(picked, tasim_plot_csv_get(in, "outcome"));
        double mean = tasim_plot_number(tasim_plot_csv_get(in, "mean"));
        if (k == picked->n || !isfinite(mean) || written[k] >= SCATTER_POINTS)
            continue;
        size_t row = design_row(
            d, strtol(tasim_plot_csv_get(in, "point"), NULL, 10));
        if (row == d->points)
            continue;
        fprintf(out[k], "%ld", d->ids[row]);
        for (size_t j = 0; j < params; j++)
            tasim_plot_put_number(out[k], d->x[row * d->paths.n + j]);
        tasim_plot_put_number(out[k], mean);
        tasim_plot_put_number(
            out[k], tasim_plot_number(tasim_plot_csv_get(in, "ci_low")));
        tasim_plot_put_number(
            out[k], tasim_plot_number(tasim_plot_csv_get(in, "ci_high")));
        fputc('\n', out[k]);
        written[k]++;
    }
    tasim_plot_csv_close(in);
    free(in);
    for (size_t k = 0; k < picked->n; k++)
        if (out[k] && tasim_plot_close_file(out[k], data_dir) != 0)
            rc = -1;
    return rc;
}

/* The indices of sensitivity.csv that sweep-indices draws. */
enum { IX_MU, IX_MU_STAR, IX_SIGMA, IX_FIRST, IX_TOTAL, IX_COUNT };
static const char *const index_names[IX_COUNT] = {"mu", "mu_star", "sigma",
                                                  "first", "total"};

typedef struct {
    size_t outcome, parameter; /* into the lists of sensitivity_t */
    int index;                 /* IX_* */
    double value, lo, hi;
} sens_row_t;

typedef struct {
    tasim_plot_names_t outcomes, parameters;
    sens_row_t *rows;
    size_t count, cap;
    int sobol; /* first and total indices; else Morris's */
} sensitivity_t;

static int read_sensitivity(const char *dir, sensitivity_t *s)
{
    static const char *const need[] = {"outcome", "parameter", "index",
                                       "value",   "ci_low",    "ci_high",
                                       NULL};
    tasim_plot_csv_t *in = tasim_xcalloc(1, sizeof *in);
    int rc = tasim_plot_csv_open(in, dir, "sensitivity.csv", need, "sweep");
    while (rc == 0 && (rc = tasim_plot_csv_next(in)) > 0) {
        rc = 0;
        int ix = 0;
        const char *index = tasim_plot_csv_get(in, "index");
        while (ix < IX_COUNT && strcmp(index_names[ix], index))
            ix++;
        if (ix == IX_COUNT)
            continue; /* an index this figure does not draw */
        if (s->count == s->cap) {
            s->cap = s->cap ? 2 * s->cap : 64;
            s->rows = tasim_xrealloc(s->rows, s->cap * sizeof *s->rows);
        }
        sens_row_t *r = &s->rows[s->count++];
        r->outcome = tasim_plot_names_add(&s->outcomes,
                                          tasim_plot_csv_get(in, "outcome"));
        r->parameter = tasim_plot_names_add(
            &s->parameters, tasim_plot_csv_get(in, "parameter"));
        r->index = ix;
        r->value = tasim_plot_number(tasim_plot_csv_get(in, "value"));
        r->lo = tasim_plot_number(tasim_plot_csv_get(in, "ci_low"));
        r->hi = tasim_plot_number(tasim_plot_csv_get(in, "ci_high"));
        s->sobol |= ix == IX_FIRST || ix == IX_TOTAL;
    }
    tasim_plot_csv_close(in);
    free(in);
    return rc;
}

/* One parameter's indices for one outcome, sorted by `key`. */
typedef struct {
    size_t parameter;
    double key, v[IX_COUNT], lo[IX_COUNT], hi[IX_COUNT];
} param_ix_t;

/* Largest index first, undefined ones last, ties in file order. */
static int by_key_descending(const void *pa, const void *pb)
{
    const param_ix_t *a = pa, *b = pb;
    int da = isfinite(a->key), db = isfinite(b->key);
    if (da != db)
        return db - da;
    if (da && a->key != b->key)
        return a->key < b->key ? 1 : -1;
    return a->parameter < b->parameter ? -1 : a->parameter > b->parameter;
}

/* indices-K.csv for the K-th outcome: a parameter per row, largest
 * total (Sobol') or mu* (Morris) first. */
static int write_index_file(const sensitivity_t *s, const design_t *d,
                            size_t outcome, const char *data_dir,
                            const char *name, size_t *rows)
{
    int key = s->sobol ? IX_TOTAL : IX_MU_STAR;
    param_ix_t *t = tasim_xcalloc(s->parameters.n, sizeof *t);
    for (size_t p = 0; p < s->parameters.n; p++) {
        t[p].parameter = p;
        for (int i = 0; i < IX_COUNT; i++)
            t[p].v[i] = t[p].lo[i] = t[p].hi[i] = NAN;
    }
    for (size_t i = 0; i < s->count; i++) {
        const sens_row_t *r = &s->rows[i];
        if (r->outcome != outcome)
            continue;
        t[r->parameter].v[r->index] = r->value;
        t[r->parameter].lo[r->index] = r->lo;
        t[r->parameter].hi[r->index] = r->hi;
    }
    for (size_t p = 0; p < s->parameters.n; p++)
        t[p].key = t[p].v[key];
    qsort(t, s->parameters.n, sizeof *t, by_key_descending);
    FILE *f = tasim_plot_create_file(data_dir, name);
    *rows = s->parameters.n < INDEX_PARAMS ? s->parameters.n : INDEX_PARAMS;
    if (f != NULL) {
        fputs(s->sobol ? "label,first,first_low,first_high,total,"
                         "total_low,total_high\n"
                       : "label,mu,mu_star,sigma\n",
              f);
        for (size_t p = 0; p < *rows; p++) {
            fputs(label_of(d, s->parameters.v[t[p].parameter]), f);
            int from = s->sobol ? IX_FIRST : IX_MU;
            int to = s->sobol ? IX_TOTAL : IX_SIGMA;
            for (int i = from; i <= to; i++) {
                tasim_plot_put_number(f, t[p].v[i]);
                if (s->sobol) {
                    tasim_plot_put_number(f, t[p].lo[i]);
                    tasim_plot_put_number(f, t[p].hi[i]);
                }
            }
            fputc('\n', f);
        }
    }
    free(t);
    return f != NULL ? tasim_plot_close_file(f, data_dir) : -1;
}

/* The files and variables of sweep-indices; *drawn says whether the
 * sweep has indices the figure draws. */
static int write_indices(const char *dir, const design_t *d,
                         const tasim_plot_names_t *outcomes,
                         const tasim_plot_names_t *units,
                         const char *data_dir, tasim_plot_found_t *found,
                         int *drawn)
{
    sensitivity_t s = {0};
    int rc = read_sensitivity(dir, &s);
    int key = s.sobol ? IX_TOTAL : IX_MU_STAR;
    tasim_plot_names_t defined = {0};
    for (size_t i = 0; rc == 0 && i < s.count; i++)
        if (s.rows[i].index == key && isfinite(s.rows[i].value))
            tasim_plot_names_add(&defined, s.outcomes.v[s.rows[i].outcome]);
    size_t picked[SWEEP_OUTCOMES], panels = 0, rows = 0;
    if (rc == 0)
        panels = tasim_plot_pick_outcomes(&defined, sweep_keys, 1, picked,
                                          SWEEP_OUTCOMES);
    for (size_t k = 0; rc == 0 && k < panels; k++) {
        const char *o = defined.v[picked[k]];
        char name[64];
        snprintf(name, sizeof name, "indices-%zu.csv", k + 1);
        rc = write_index_file(&s, d, tasim_plot_names_find(&s.outcomes, o),
                              data_dir, name, &rows);
        size_t u = tasim_plot_names_find(outcomes, o);
        snprintf(name, sizeof name, "index_outcome_%zu", k + 1);
        tasim_plot_set(found, name, "%s", o);
        snprintf(name, sizeof name, "index_unit_%zu", k + 1);
        tasim_plot_set(found, name, "%s", u < units->n ? units->v[u] : "");
    }
    *drawn = rc == 0 && s.count > 0;
    if (*drawn) {
        tasim_plot_set(found, "index_method", "%s",
                       s.sobol ? "sobol" : "morris");
        tasim_plot_set(found, "index_count", "%zu", panels);
        tasim_plot_set(found, "index_params", "%zu", rows);
        tasim_plot_set(found, "index_params_total", "%zu", s.parameters.n);
        /* The scripts make room for the longest label. */
        size_t longest = 0;
        for (size_t p = 0; p < s.parameters.n; p++) {
            size_t len = strlen(label_of(d, s.parameters.v[p]));
            longest = len > longest ? len : longest;
        }
        tasim_plot_set(found, "index_label_chars", "%zu", longest);
    }
    tasim_plot_names_free(&defined);
    tasim_plot_names_free(&s.outcomes);
    tasim_plot_names_free(&s.parameters);
    free(s.rows);
    return rc;
}

/* The files and variables of sweep-scatter. */
static int write_sweep_scatter(const char *dir, const design_t *d,
                               const char *data_dir,
                               tasim_plot_found_t *found,
                               tasim_plot_names_t *outcomes,
                               tasim_plot_names_t *units)
{
    tasim_plot_names_t defined = {0}, picked = {0};
    double replications = 0;
    size_t written[SWEEP_OUTCOMES] = {0}, idx[SWEEP_OUTCOMES];
    size_t params = d->paths.n < SCATTER_PARAMS ? d->paths.n : SCATTER_PARAMS;
    int rc = survey_results(dir, outcomes, units, &defined, &replications);
    if (rc == 0) {
        size_t n = tasim_plot_pick_outcomes(&defined, sweep_keys, 1, idx,
                                            SWEEP_OUTCOMES);
        for (size_t k = 0; k < n; k++)
            tasim_plot_names_push(&picked, defined.v[idx[k]]);
        rc = write_scatter(dir, d, &picked, data_dir, params, written);
    }
    char name[64];
    for (size_t k = 0; rc == 0 && k < picked.n; k++) {
        size_t u = tasim_plot_names_find(outcomes, picked.v[k]);
        snprintf(name, sizeof name, "scatter_outcome_%zu", k + 1);
        tasim_plot_set(found, name, "%s", picked.v[k]);
        snprintf(name, sizeof name, "scatter_unit_%zu", k + 1);
        tasim_plot_set(found, name, "%s", units->v[u]);
        snprintf(name, sizeof name, "scatter_points_%zu", k + 1);
        tasim_plot_set(found, name, "%zu", written[k]);
    }
    for (size_t j = 0; rc == 0 && j < params; j++) {
        snprintf(name, sizeof name, "param_%zu", j + 1);
        tasim_plot_set(found, name, "%s", d->labels.v[j]);
    }
    tasim_plot_set(found, "scatter_count", "%zu", picked.n);
    tasim_plot_set(found, "param_count", "%zu", params);
    tasim_plot_set(found, "param_total", "%zu", d->paths.n);
    tasim_plot_set(found, "point_count", "%zu", d->points);
    tasim_plot_set(found, "replications", "%.0f", replications);
    tasim_plot_names_free(&defined);
    tasim_plot_names_free(&picked);
    return rc;
}

int tasim_plot_read_sweep(const char *dir, const char *data_dir,
                          tasim_plot_found_t *found)
{
    design_t d = {0};
    tasim_plot_names_t outcomes = {0}, units = {0};
    int indices = 0;
    int rc = read_design(dir, &d);
    if (rc == 0)
        rc = write_sweep_scatter(dir, &d, data_dir, found, &outcomes, &units);
    if (rc == 0 && tasim_plot_has_file(dir, "sensitivity.csv"))
        rc = write_indices(dir, &d, &outcomes, &units, data_dir, found,
                           &indices);
    if (rc == 0) {
        static const char *const figures[] = {TASIM_PLOT_SWEEP_NAMES};
        for (size_t i = indices ? 0 : 1; i < 2; i++)
            found->figures[found->figure_count++] = figures[i];
        snprintf(found->what, sizeof found->what,
                 "%zu points, %zu parameter%s", d.points, d.paths.n,
                 d.paths.n == 1 ? "" : "s");
    }
    tasim_plot_names_free(&d.paths);
    tasim_plot_names_free(&d.labels);
    free(d.ids);
    free(d.x);
    tasim_plot_names_free(&outcomes);
    tasim_plot_names_free(&units);
    return rc == 0 ? TASIM_EXIT_OK : TASIM_EXIT_USAGE;
}
