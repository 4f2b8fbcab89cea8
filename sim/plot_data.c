/*
 * plot_data.c: what `tasim plot` reads from an output directory (see
 * plot_internal.h). It tells a run, a comparison and a sweep apart by
 * their files. For a run it checks that summary.csv and programmes.csv
 * have the columns the scripts use, finds the units and expert pools and
 * splits summary.csv by series. For a comparison or a sweep it reshapes
 * the long-format CSV files into small ones per strategy, outcome or
 * parameter that the scripts plot as they are, and hands names, units
 * and counts over as gnuplot variables. It also reads the scenario's
 * name from manifest.yaml.
 *
 * tasim writes these files itself, unquoted, one record per line, so a
 * split at the commas is a complete CSV reader for them. The reshaping
 * is done here rather than in the scripts: matching a difference to its
 * reference, picking outcomes and sorting parameters by their index
 * would take string tricks inside gnuplot's `using` expressions, slow
 * and hard to read, or awk, which would put a shell between tasim and
 * the file names.
 */
#define _XOPEN_SOURCE 700
#include "plot_internal.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <yaml.h>

#include "cli.h"
#include "plot.h"
#include "tasim/alloc.h"

/* Columns the scripts read; a file without them is not from this tasim. */
static const char *const summary_columns[] = {
    "year", "country", "topic", "series", "n", "mean", "sd", "p05", "p50",
    "p95", NULL};
static const char *const programme_columns[] = {
    "replication", "id", "country", "topic", "start", "exit",
    "retention_1y", "retention_3y", "retention_5y", NULL};

int tasim_plot_join_path(char *dst, size_t n, const char *dir,
                         const char *name)
{
    int w = snprintf(dst, n, "%s/%s", dir, name);
    return w >= 0 && (size_t)w < n ? 0 : -1;
}

void tasim_plot_append_quoted(tasim_strbuf_t *b, const char *s)
{
    tasim_strbuf_append(b, "'", 1);
    for (const char *p = s; *p; p++) {
        if (*p == '\'')
            tasim_strbuf_append(b, "''", 2);
        else
            tasim_strbuf_append(b, p, 1);
    }
    tasim_strbuf_append(b, "'", 1);
}

void tasim_plot_set(tasim_plot_found_t *found, const char *name,
                    const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    tasim_assert(n >= 0);
    char *value = tasim_xmalloc((size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(value, (size_t)n + 1, fmt, ap);
    va_end(ap);
    /* Values become titles and labels of one line each. */
    for (char *p = value; *p; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7f)
            *p = ' ';
    tasim_strbuf_printf(&found->vars, "%s=", name);
    tasim_plot_append_quoted(&found->vars, value);
    tasim_strbuf_append(&found->vars, "; ", 2);
    free(value);
}

static int has_file(const char *dir, const char *name)
{
    char path[PATH_MAX];
    return tasim_plot_join_path(path, sizeof path, dir, name) == 0 &&
           access(path, F_OK) == 0;
}

int tasim_plot_detect(const char *dir, tasim_plot_kind_t *kind)
{
    /* A sweep missing one of its two files is still a sweep: the error
     * then names the missing file. */
    if (has_file(dir, "summary.csv"))
        *kind = TASIM_PLOT_RUN;
    else if (has_file(dir, "compare.csv"))
        *kind = TASIM_PLOT_COMPARE;
    else if (has_file(dir, "design.csv") || has_file(dir, "results.csv"))
        *kind = TASIM_PLOT_SWEEP;
    else {
        tasim_cli_error("'%s' is not an output directory of tasim: "
                        "expected summary.csv (tasim run), compare.csv "
                        "(tasim compare) or design.csv and results.csv "
                        "(tasim sweep)", dir);
        return TASIM_EXIT_USAGE;
    }
    return TASIM_EXIT_OK;
}

/* Series whose owner/topic pair is an expert pool, not a unit. */
static int is_pool_series(const char *s)
{
    return strcmp(s, "utilisation") == 0 || strcmp(s, "expert_queue") == 0 ||
           strcmp(s, "expert_wait") == 0;
}

/* Split a CSV line in place at the commas (tasim never quotes fields). */
static size_t split_fields(char *line, char **fields, size_t max)
{
    line[strcspn(line, "\r\n")] = '\0';
    size_t count = 0;
    for (char *p = line; count < max;) {
        fields[count++] = p;
        p = strchr(p, ',');
        if (p == NULL)
            break;
        *p++ = '\0';
    }
    return count;
}

static int column_index(char *const *fields, size_t count,
                        const char *name)
{
    for (size_t i = 0; i < count; i++)
        if (strcmp(fields[i], name) == 0)
            return (int)i;
    return -1;
}

enum { MAX_FIELDS = 64, LINE_MAX_BYTES = 4096 };

/* Open dir/name and check that its header has every column of `need`;
 * returns the open file positioned after the header, or NULL after
 * reporting why (naming `command`, whose output the file would be).
 * `fields`/`count` receive the header (stored in `line`). */
static FILE *open_csv(const char *dir, const char *name,
                      const char *const *need, const char *command,
                      char *line, char **fields, size_t *count)
{
    char path[PATH_MAX];
    FILE *f = tasim_plot_join_path(path, sizeof path, dir, name)
                  ? NULL
                  : fopen(path, "r");
    if (f == NULL) {
        tasim_cli_error("'%s' has no %s (%s): is it an output directory "
                        "of tasim %s?", dir, name, strerror(errno), command);
        return NULL;
    }
    if (fgets(line, LINE_MAX_BYTES, f) == NULL) {
        tasim_cli_error("%s is empty", path);
        fclose(f);
        return NULL;
    }
    *count = split_fields(line, fields, MAX_FIELDS);
    for (size_t i = 0; need[i]; i++) {
        if (column_index(fields, *count, need[i]) < 0) {
            tasim_cli_error("%s has no column '%s'", path, need[i]);
            fclose(f);
            return NULL;
        }
    }
    return f;
}

static const char *const compare_columns[] = {
    "outcome", "unit", "strategy", "reference", "n", "mean", "ci_low",
    "ci_high", "significant", NULL};
static const char *const design_columns[] = {"point", NULL};
static const char *const result_columns[] = {
    "point", "outcome", "unit", "n", "mean", "ci_low", "ci_high", NULL};

int tasim_plot_check_inputs(const char *dir, tasim_plot_kind_t kind)
{
    const char *names[2] = {"summary.csv", "programmes.csv"};
    const char *const *need[2] = {summary_columns, programme_columns};
    const char *command = "run";
    size_t files = 2;
    if (kind == TASIM_PLOT_COMPARE) {
        names[0] = "compare.csv";
        need[0] = compare_columns;
        command = "compare";
        files = 1;
    } else if (kind == TASIM_PLOT_SWEEP) {
        names[0] = "design.csv";
        need[0] = design_columns;
        names[1] = "results.csv";
        need[1] = result_columns;
        command = "sweep";
    }
    for (size_t i = 0; i < files; i++) {
        char header[LINE_MAX_BYTES];
        char *h[MAX_FIELDS];
        size_t hn;
        FILE *in =
            open_csv(dir, names[i], need[i], command, header, h, &hn);
        if (in == NULL)
            return TASIM_EXIT_USAGE;
        fclose(in);
    }
    return TASIM_EXIT_OK;
}

/* Append "owner/topic" (or "owner" when topic is NULL) to list unless it
 * is there already. The list starts and ends with a space so that every
 * entry can be found with its two spaces around it; gnuplot's words()
 * ignores them. */
static int add_word(tasim_strbuf_t *list, const char *owner,
                    const char *topic)
{
    char key[256];
    if (topic)
        snprintf(key, sizeof key, " %s/%s ", owner, topic);
    else
        snprintf(key, sizeof key, " %s ", owner);
    if (list->len == 0)
        tasim_strbuf_append(list, " ", 1);
    if (strstr(list->data, key) != NULL)
        return 0;
    tasim_strbuf_append(list, key + 1, strlen(key) - 1);
    return 1;
}

/* Whether a series name can be a file name as it is: tasim's names are
 * letters, digits and '_'; anything else is not split out. */
static int plain_name(const char *s)
{
    if (*s == '\0' || strlen(s) > 64)
        return 0;
    for (; *s; s++)
        if (!(*s == '_' || (*s >= 'a' && *s <= 'z') ||
              (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9')))
            return 0;
    return 1;
}

enum { MAX_SERIES = 64 };

/* Output files of the split, one per series. */
typedef struct {
    char name[MAX_SERIES][72];
    FILE *file[MAX_SERIES];
    size_t count;
} split_t;

/* The file split_dir/KEY.csv of series (or key) `s`, opened with the
 * header on first use; NULL if the series cannot be split out. Keys of
 * the experiment files ("series-capacity-2") are built from plain names
 * and numbers by the caller. */
static FILE *series_file(split_t *sp, const char *split_dir, const char *s,
                         const char *header_line)
{
    for (size_t i = 0; i < sp->count; i++)
        if (strcmp(sp->name[i], s) == 0)
            return sp->file[i];
    char path[PATH_MAX], file[80];
    if (strlen(s) > 64 || sp->count == MAX_SERIES)
        return NULL;
    snprintf(file, sizeof file, "%s.csv", s);
    FILE *f = tasim_plot_join_path(path, sizeof path, split_dir, file)
                  ? NULL
                  : fopen(path, "w");
    if (f == NULL)
        return NULL;
    fputs(header_line, f);
    snprintf(sp->name[sp->count], sizeof sp->name[0], "%s", s);
    sp->file[sp->count++] = f;
    return f;
}

/* Note the row's unit, pool or series in `found`. */
static void note_row(tasim_plot_found_t *found, const char *owner,
                     const char *topic, const char *series)
{
    if (topic[0] == '\0')
        ; /* country-, provider- or donor-level series */
    else if (is_pool_series(series))
        found->pool_count += (size_t)add_word(&found->pools, owner, topic);
    else
        found->unit_count += (size_t)add_word(&found->units, owner, topic);
}

/* Join the fields of a header that split_fields() cut apart into a line
 * (they came from one line of at most LINE_MAX_BYTES, so they fit). */
static void join_header(char *dst, char **fields, size_t count)
{
    dst[0] = '\0';
    for (size_t i = 0; i < count; i++) {
        strcat(dst, i ? "," : "");
        strcat(dst, fields[i]);
    }
    strcat(dst, "\n");
}

int tasim_plot_read_summary(const char *dir, const char *split_dir,
                            tasim_plot_found_t *found)
{
    char header[LINE_MAX_BYTES], line[LINE_MAX_BYTES], raw[LINE_MAX_BYTES];
    char header_line[LINE_MAX_BYTES + 1];
    char *h[MAX_FIELDS], *f[MAX_FIELDS];
    size_t hn;
    FILE *in = open_csv(dir, "summary.csv", summary_columns, "run", header,
                        h, &hn);
    if (in == NULL)
        return TASIM_EXIT_USAGE;
    join_header(header_line, h, hn);
    int year = column_index(h, hn, "year"),
        owner = column_index(h, hn, "country"),
        topic = column_index(h, hn, "topic"),
        series = column_index(h, hn, "series");
    split_t *sp = calloc(1, sizeof *sp);
    int ok = sp != NULL, first_sample = 1;
    char first_year[64] = "";
    while (fgets(line, sizeof line, in)) {
        size_t len = strlen(line);
        memcpy(raw, line, len + 1);
        /* A line longer than the buffer would be copied in pieces. */
        if (len > 0 && line[len - 1] != '\n' && !feof(in))
            ok = 0;
        if (split_fields(line, f, MAX_FIELDS) < hn)
            continue;
        /* Every sample reports every owner and topic: the first sample
         * names them all, and looking them up in every row of a large
         * summary would cost more than the split. */
        if (first_year[0] == '\0')
            snprintf(first_year, sizeof first_year, "%s", f[year]);
        first_sample = first_sample && strcmp(first_year, f[year]) == 0;
        if (first_sample)
            note_row(found, f[owner], f[topic], f[series]);
        if (!first_sample && (split_dir == NULL || !ok))
            break;
        if (split_dir == NULL || !ok)
            continue;
        FILE *out = plain_name(f[series])
                        ? series_file(sp, split_dir, f[series], header_line)
                        : NULL;
        if (out && fwrite(raw, 1, len, out) != len)
            ok = 0;
    }
    for (size_t i = 0; sp && i < sp->count; i++) {
        ok &= fclose(sp->file[i]) == 0;
        add_word(&found->series, sp->name[i], NULL);
    }
    static const char *const figures[] = {TASIM_PLOT_NAMES};
    _Static_assert(sizeof figures / sizeof figures[0] <=
                       TASIM_PLOT_MAX_FIGURES,
                   "more run figures than TASIM_PLOT_MAX_FIGURES");
    for (size_t i = 0; i < sizeof figures / sizeof figures[0]; i++)
        found->figures[found->figure_count++] = figures[i];
    free(sp);
    fclose(in);
    /* Without a complete split the scripts read summary.csv itself. */
    found->split = ok && split_dir != NULL;
    return TASIM_EXIT_OK;
}


void tasim_plot_found_fini(tasim_plot_found_t *found)
{
    free(found->units.data);
    free(found->pools.data);
    free(found->series.data);
    free(found->vars.data);
    memset(found, 0, sizeof *found);
}

/* ------------------------------------------------------------------ */
/* Comparisons and sweeps: small CSV readers and writers.              */

/* An open CSV file, its header and its current record. */
typedef struct {
    FILE *file;
    char path[PATH_MAX];
    char header[LINE_MAX_BYTES], line[LINE_MAX_BYTES];
    char *h[MAX_FIELDS], *f[MAX_FIELDS];
    size_t hn, n;
} csv_t;

static int csv_open(csv_t *c, const char *dir, const char *name,
                    const char *const *need, const char *command)
{
    if (tasim_plot_join_path(c->path, sizeof c->path, dir, name) != 0)
        c->path[0] = '\0';
    c->file = open_csv(dir, name, need, command, c->header, c->h, &c->hn);
    return c->file ? 0 : -1;
}

/* Read the next record with all the header's columns: 1, 0 at the end,
 * -1 after reporting a line too long to be one of tasim's. */
static int csv_next(csv_t *c)
{
    while (fgets(c->line, sizeof c->line, c->file)) {
        size_t len = strlen(c->line);
        if (len > 0 && c->line[len - 1] != '\n' && !feof(c->file)) {
            tasim_cli_error("%s has a line longer than %d bytes", c->path,
                            LINE_MAX_BYTES - 1);
            return -1;
        }
        c->n = split_fields(c->line, c->f, MAX_FIELDS);
        if (c->n >= c->hn)
            return 1;
    }
    return 0;
}

static const char *csv_get(const csv_t *c, const char *column)
{
    int i = column_index(c->h, c->hn, column);
    return i >= 0 ? c->f[i] : "";
}

static void csv_close(csv_t *c)
{
    if (c->file)
        fclose(c->file);
    c->file = NULL;
}

/* A field as a number; NaN when empty or not a number (tasim writes
 * undefined values as empty fields). */
static double number(const char *s)
{
    char *end;
    double v = strtod(s, &end);
    return *s != '\0' && *end == '\0' ? v : NAN;
}

/* A number for gnuplot, which reads NaN as missing (lib.gp). */
static void put_number(FILE *f, double v)
{
    if (isfinite(v))
        fprintf(f, ",%.10g", v);
    else
        fputs(",NaN", f);
}

/* A list of strings, in order of first appearance. */
typedef struct {
    char **v;
    size_t n, cap;
} names_t;

static size_t names_find(const names_t *l, const char *s)
{
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(l->v[i], s) == 0)
            return i;
    return l->n;
}

static size_t names_push(names_t *l, const char *s)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? 2 * l->cap : 16;
        l->v = tasim_xrealloc(l->v, l->cap * sizeof *l->v);
    }
    l->v[l->n] = tasim_xstrdup(s);
    return l->n++;
}

/* The index of s, added at the end if it is new. */
static size_t names_add(names_t *l, const char *s)
{
    size_t i = names_find(l, s);
    return i < l->n ? i : names_push(l, s);
}

static void names_free(names_t *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->v[i]);
    free(l->v);
    memset(l, 0, sizeof *l);
}

/* Create data_dir/name for writing, reporting a failure. */
static FILE *create_file(const char *data_dir, const char *name)
{
    char path[PATH_MAX];
    FILE *f = tasim_plot_join_path(path, sizeof path, data_dir, name)
                  ? NULL
                  : fopen(path, "w");
    if (f == NULL)
        tasim_cli_error("cannot create %s/%s: %s", data_dir, name,
                        strerror(errno));
    return f;
}

/* Close a written file; -1 after reporting a failed write. */
static int close_file(FILE *f, const char *data_dir)
{
    int bad = ferror(f);
    if (fclose(f) != 0 || bad) {
        tasim_cli_error("cannot write into %s: %s", data_dir,
                        strerror(errno));
        return -1;
    }
    return 0;
}

/* Pick the outcomes to draw among `have` (those with values, in file
 * order): the ones of `keys` that are there, in key order, else the
 * first `fallback`. Writes indices into `have` to picked[0..max). */
static size_t pick_outcomes(const names_t *have, const char *const *keys,
                            size_t fallback, size_t *picked, size_t max)
{
    size_t count = 0;
    for (size_t k = 0; keys[k] && count < max; k++) {
        size_t i = names_find(have, keys[k]);
        if (i < have->n)
            picked[count++] = i;
    }
    for (size_t i = 0; count == 0 && i < have->n && i < fallback; i++)
        picked[i] = i;
    return count ? count : have->n < fallback ? have->n : fallback;
}

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

/* ------------------------------------------------------------------ */
/* Comparisons: compare.csv and compare-series.csv.                    */

/* One row of compare.csv; `reference` is SIZE_MAX on a strategy's own
 * row, the reference's index on a difference row. */
typedef struct {
    size_t outcome, strategy, reference;
    double n, mean, lo, hi;
    int significant;
} cmp_row_t;

typedef struct {
    names_t outcomes, units, strategies; /* units[i]: of outcomes[i] */
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
    csv_t *in = tasim_xcalloc(1, sizeof *in);
    int rc = csv_open(in, dir, "compare.csv", compare_columns, "compare");
    while (rc == 0 && (rc = csv_next(in)) > 0) {
        cmp_row_t r;
        r.outcome = names_add(&c->outcomes, csv_get(in, "outcome"));
        if (r.outcome == c->units.n)
            names_push(&c->units, csv_get(in, "unit"));
        r.strategy = names_add(&c->strategies, csv_get(in, "strategy"));
        const char *ref = csv_get(in, "reference");
        r.reference = *ref ? names_add(&c->strategies, ref) : SIZE_MAX;
        r.n = number(csv_get(in, "n"));
        r.mean = number(csv_get(in, "mean"));
        r.lo = number(csv_get(in, "ci_low"));
        r.hi = number(csv_get(in, "ci_high"));
        r.significant = strcmp(csv_get(in, "significant"), "yes") == 0;
        if (c->count == c->cap) {
            c->cap = c->cap ? 2 * c->cap : 64;
            c->rows = tasim_xrealloc(c->rows, c->cap * sizeof *c->rows);
        }
        c->rows[c->count++] = r;
        rc = 0;
    }
    csv_close(in);
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
    names_t have = {0};
    for (size_t i = 0; i < c->count; i++)
        if (c->rows[i].reference == SIZE_MAX && isfinite(c->rows[i].mean))
            names_add(&have, c->outcomes.v[c->rows[i].outcome]);
    size_t picked[COMPARE_PANELS];
    size_t panels = pick_outcomes(&have, compare_keys, COMPARE_PANELS,
                                  picked, COMPARE_PANELS);
    int rc = 0;
    for (size_t k = 0; k < panels && rc == 0; k++) {
        size_t o = names_find(&c->outcomes, have.v[picked[k]]);
        char name[64];
        snprintf(name, sizeof name, "outcome-%zu.csv", k + 1);
        FILE *f = create_file(data_dir, name);
        if (f == NULL) {
            rc = -1;
            break;
        }
        fputs("strategy,mean,ci_low,ci_high\n", f);
        for (size_t s = 0; s < c->strategies.n; s++) {
            const cmp_row_t *r = compare_find(c, o, s, SIZE_MAX);
            fprintf(f, "%zu", s + 1);
            put_number(f, r ? r->mean : NAN);
            put_number(f, r ? r->lo : NAN);
            put_number(f, r ? r->hi : NAN);
            fputc('\n', f);
        }
        rc = close_file(f, data_dir);
        snprintf(name, sizeof name, "outcome_%zu", k + 1);
        tasim_plot_set(found, name, "%s", c->outcomes.v[o]);
        snprintf(name, sizeof name, "outcome_unit_%zu", k + 1);
        tasim_plot_set(found, name, "%s", c->units.v[o]);
    }
    tasim_plot_set(found, "outcome_count", "%zu", panels);
    names_free(&have);
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
        FILE *f = create_file(data_dir, name);
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
            put_number(f, r->mean * scale);
            put_number(f, r->lo * scale);
            put_number(f, r->hi * scale);
            fprintf(f, ",%d\n", r->significant);
        }
        if (close_file(f, data_dir) != 0)
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
    if (has_file(dir, "compare-series.csv")) {
        csv_t *in = tasim_xcalloc(1, sizeof *in);
        split_t *sp = tasim_xcalloc(1, sizeof *sp);
        rc = csv_open(in, dir, "compare-series.csv", need, "compare");
        while (rc == 0 && (rc = csv_next(in)) > 0) {
            const char *series = csv_get(in, "series");
            size_t s = names_find(&c->strategies, csv_get(in, "strategy"));
            rc = 0;
            if (s == c->strategies.n || !plain_name(series))
                continue;
            char key[96];
            snprintf(key, sizeof key, "series-%s-%zu", series, s + 1);
            FILE *out = series_file(sp, data_dir, key,
                                    "year,n,mean,p05,p50,p95\n");
            if (out == NULL)
                continue;
            add_word(&present, series, NULL);
            fputs(csv_get(in, "year"), out);
            const char *cols[] = {"n", "mean", "p05", "p50", "p95"};
            for (size_t i = 0; i < 5; i++)
                put_number(out, number(csv_get(in, cols[i])));
            fputc('\n', out);
        }
        for (size_t i = 0; i < sp->count; i++)
            if (close_file(sp->file[i], data_dir) != 0)
                rc = -1;
        csv_close(in);
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
    names_free(&c.outcomes);
    names_free(&c.units);
    names_free(&c.strategies);
    free(c.rows);
    return rc;
}

/* ------------------------------------------------------------------ */
/* Sweeps: design.csv, results.csv and sensitivity.csv.                */

/* The design: parameter paths and their short labels, and each point's
 * id and values (points x parameters, row by row). */
typedef struct {
    names_t paths, labels;
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

/* A label for each parameter: the last two components of its path
 * ("revenue_admin.turnover"), more when two parameters would share one
 * (the same field of two countries). */
static void label_parameters(design_t *d)
{
    for (size_t i = 0; i < d->paths.n; i++) {
        const char *path = d->paths.v[i];
        int parts = 2;
        while (path_tail(path, parts) != path && shares_tail(d, i, parts))
            parts++;
        names_push(&d->labels, path_tail(path, parts));
    }
}

static const char *label_of(const design_t *d, const char *path)
{
    size_t i = names_find(&d->paths, path);
    return i < d->paths.n ? d->labels.v[i] : path_tail(path, 2);
}

static int read_design(const char *dir, design_t *d)
{
    csv_t *in = tasim_xcalloc(1, sizeof *in);
    int rc = csv_open(in, dir, "design.csv", design_columns, "sweep");
    int point = rc == 0 ? column_index(in->h, in->hn, "point") : -1;
    for (size_t i = 0; rc == 0 && i < in->hn; i++)
        if ((int)i != point)
            names_push(&d->paths, in->h[i]);
    size_t k = d->paths.n;
    while (rc == 0 && (rc = csv_next(in)) > 0) {
        if (d->points == d->cap) {
            d->cap = d->cap ? 2 * d->cap : 256;
            d->ids = tasim_xrealloc(d->ids, d->cap * sizeof *d->ids);
            d->x = tasim_xrealloc(d->x, d->cap * (k ? k : 1) * sizeof *d->x);
        }
        d->ids[d->points] = strtol(in->f[point], NULL, 10);
        for (size_t i = 0, j = 0; i < in->hn; i++)
            if ((int)i != point)
                d->x[d->points * k + j++] = number(in->f[i]);
        d->points++;
        rc = 0;
    }
    csv_close(in);
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
static int survey_results(const char *dir, names_t *outcomes, names_t *units,
                          names_t *defined, double *replications)
{
    csv_t *in = tasim_xcalloc(1, sizeof *in);
    int rc = csv_open(in, dir, "results.csv", result_columns, "sweep");
    while (rc == 0 && (rc = csv_next(in)) > 0) {
        const char *o = csv_get(in, "outcome");
        if (names_add(outcomes, o) == units->n)
            names_push(units, csv_get(in, "unit"));
        if (isfinite(number(csv_get(in, "mean"))))
            names_add(defined, o);
        double n = number(csv_get(in, "n"));
        if (n > *replications)
            *replications = n;
        rc = 0;
    }
    csv_close(in);
    free(in);
    return rc;
}

/* scatter-K.csv for the K-th outcome: the point, x1..xP (the values of
 * the first P parameters), then the point's mean and confidence
 * interval. */
static int write_scatter(const char *dir, const design_t *d,
                         const names_t *picked, const char *data_dir,
                         size_t params, size_t *written)
{
    FILE *out[SWEEP_OUTCOMES] = {NULL};
    int rc = 0;
    for (size_t k = 0; k < picked->n && rc == 0; k++) {
        char name[64];
        snprintf(name, sizeof name, "scatter-%zu.csv", k + 1);
        if ((out[k] = create_file(data_dir, name)) == NULL)
            rc = -1;
        if (rc == 0)
            fputs("point,", out[k]);
        for (size_t j = 0; rc == 0 && j < params; j++)
            fprintf(out[k], "x%zu,", j + 1);
        if (rc == 0)
            fputs("mean,ci_low,ci_high\n", out[k]);
    }
    csv_t *in = tasim_xcalloc(1, sizeof *in);
    if (rc == 0)
        rc = csv_open(in, dir, "results.csv", result_columns, "sweep");
    while (rc == 0 && (rc = csv_next(in)) > 0) {
        rc = 0;
        size_t k = names_find(picked, csv_get(in, "outcome"));
        double mean = number(csv_get(in, "mean"));
        if (k == picked->n || !isfinite(mean) || written[k] >= SCATTER_POINTS)
            continue;
        size_t row = design_row(d, strtol(csv_get(in, "point"), NULL, 10));
        if (row == d->points)
            continue;
        fprintf(out[k], "%ld", d->ids[row]);
        for (size_t j = 0; j < params; j++)
            put_number(out[k], d->x[row * d->paths.n + j]);
        put_number(out[k], mean);
        put_number(out[k], number(csv_get(in, "ci_low")));
        put_number(out[k], number(csv_get(in, "ci_high")));
        fputc('\n', out[k]);
        written[k]++;
    }
    csv_close(in);
    free(in);
    for (size_t k = 0; k < picked->n; k++)
        if (out[k] && close_file(out[k], data_dir) != 0)
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
    names_t outcomes, parameters;
    sens_row_t *rows;
    size_t count, cap;
    int sobol; /* first and total indices; else Morris's */
} sensitivity_t;

static int read_sensitivity(const char *dir, sensitivity_t *s)
{
    static const char *const need[] = {"outcome", "parameter", "index",
                                       "value",   "ci_low",    "ci_high",
                                       NULL};
    csv_t *in = tasim_xcalloc(1, sizeof *in);
    int rc = csv_open(in, dir, "sensitivity.csv", need, "sweep");
    while (rc == 0 && (rc = csv_next(in)) > 0) {
        rc = 0;
        int ix = 0;
        while (ix < IX_COUNT && strcmp(index_names[ix], csv_get(in, "index")))
            ix++;
        if (ix == IX_COUNT)
            continue; /* an index this figure does not draw */
        if (s->count == s->cap) {
            s->cap = s->cap ? 2 * s->cap : 64;
            s->rows = tasim_xrealloc(s->rows, s->cap * sizeof *s->rows);
        }
        sens_row_t *r = &s->rows[s->count++];
        r->outcome = names_add(&s->outcomes, csv_get(in, "outcome"));
        r->parameter = names_add(&s->parameters, csv_get(in, "parameter"));
        r->index = ix;
        r->value = number(csv_get(in, "value"));
        r->lo = number(csv_get(in, "ci_low"));
        r->hi = number(csv_get(in, "ci_high"));
        s->sobol |= ix == IX_FIRST || ix == IX_TOTAL;
    }
    csv_close(in);
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
    FILE *f = create_file(data_dir, name);
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
                put_number(f, t[p].v[i]);
                if (s->sobol) {
                    put_number(f, t[p].lo[i]);
                    put_number(f, t[p].hi[i]);
                }
            }
            fputc('\n', f);
        }
    }
    free(t);
    return f != NULL ? close_file(f, data_dir) : -1;
}

/* The files and variables of sweep-indices; *drawn says whether the
 * sweep has indices the figure draws. */
static int write_indices(const char *dir, const design_t *d,
                         const names_t *outcomes, const names_t *units,
                         const char *data_dir, tasim_plot_found_t *found,
                         int *drawn)
{
    sensitivity_t s = {0};
    int rc = read_sensitivity(dir, &s);
    int key = s.sobol ? IX_TOTAL : IX_MU_STAR;
    names_t defined = {0};
    for (size_t i = 0; rc == 0 && i < s.count; i++)
        if (s.rows[i].index == key && isfinite(s.rows[i].value))
            names_add(&defined, s.outcomes.v[s.rows[i].outcome]);
    size_t picked[SWEEP_OUTCOMES], panels = 0, rows = 0;
    if (rc == 0)
        panels = pick_outcomes(&defined, sweep_keys, 1, picked,
                               SWEEP_OUTCOMES);
    for (size_t k = 0; rc == 0 && k < panels; k++) {
        const char *o = defined.v[picked[k]];
        char name[64];
        snprintf(name, sizeof name, "indices-%zu.csv", k + 1);
        rc = write_index_file(&s, d, names_find(&s.outcomes, o), data_dir,
                              name, &rows);
        size_t u = names_find(outcomes, o);
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
    names_free(&defined);
    names_free(&s.outcomes);
    names_free(&s.parameters);
    free(s.rows);
    return rc;
}

/* The files and variables of sweep-scatter. */
static int write_sweep_scatter(const char *dir, const design_t *d,
                               const char *data_dir,
                               tasim_plot_found_t *found, names_t *outcomes,
                               names_t *units)
{
    names_t defined = {0}, picked = {0};
    double replications = 0;
    size_t written[SWEEP_OUTCOMES] = {0}, idx[SWEEP_OUTCOMES];
    size_t params = d->paths.n < SCATTER_PARAMS ? d->paths.n : SCATTER_PARAMS;
    int rc = survey_results(dir, outcomes, units, &defined, &replications);
    if (rc == 0) {
        size_t n = pick_outcomes(&defined, sweep_keys, 1, idx,
                                 SWEEP_OUTCOMES);
        for (size_t k = 0; k < n; k++)
            names_push(&picked, defined.v[idx[k]]);
        rc = write_scatter(dir, d, &picked, data_dir, params, written);
    }
    char name[64];
    for (size_t k = 0; rc == 0 && k < picked.n; k++) {
        size_t u = names_find(outcomes, picked.v[k]);
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
    names_free(&defined);
    names_free(&picked);
    return rc;
}

int tasim_plot_read_sweep(const char *dir, const char *data_dir,
                          tasim_plot_found_t *found)
{
    design_t d = {0};
    names_t outcomes = {0}, units = {0};
    int indices = 0;
    int rc = read_design(dir, &d);
    if (rc == 0)
        rc = write_sweep_scatter(dir, &d, data_dir, found, &outcomes, &units);
    if (rc == 0 && has_file(dir, "sensitivity.csv"))
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
    names_free(&d.paths);
    names_free(&d.labels);
    free(d.ids);
    free(d.x);
    names_free(&outcomes);
    names_free(&units);
    return rc == 0 ? TASIM_EXIT_OK : TASIM_EXIT_USAGE;
}

/* The value of `key` in mapping node `map`, or NULL. */
static yaml_node_t *mapping_get(yaml_document_t *doc, yaml_node_t *map,
                                const char *key)
{
    if (map == NULL || map->type != YAML_MAPPING_NODE)
        return NULL;
    for (yaml_node_pair_t *p = map->data.mapping.pairs.start;
         p < map->data.mapping.pairs.top; p++) {
        yaml_node_t *k = yaml_document_get_node(doc, p->key);
        if (k && k->type == YAML_SCALAR_NODE &&
            strcmp((const char *)k->data.scalar.value, key) == 0)
            return yaml_document_get_node(doc, p->value);
    }
    return NULL;
}

/* scenario.resolved.scenario.name from dir/manifest.yaml into buf; 0 if
 * found. A manifest that is missing or unreadable is not an error: the
 * name only titles the figures. */
static int manifest_name(const char *dir, char *buf, size_t n)
{
    char path[PATH_MAX];
    FILE *f = tasim_plot_join_path(path, sizeof path, dir, "manifest.yaml")
                  ? NULL
                  : fopen(path, "rb");
    if (f == NULL)
        return -1;
    yaml_parser_t parser;
    yaml_document_t doc;
    int rc = -1;
    if (!yaml_parser_initialize(&parser)) {
        fclose(f);
        return -1;
    }
    yaml_parser_set_input_file(&parser, f);
    if (yaml_parser_load(&parser, &doc)) {
        yaml_node_t *node = yaml_document_get_root_node(&doc);
        const char *path_keys[] = {"scenario", "resolved", "scenario",
                                   "name"};
        for (size_t i = 0; i < 4 && node; i++)
            node = mapping_get(&doc, node, path_keys[i]);
        if (node && node->type == YAML_SCALAR_NODE &&
            node->data.scalar.length > 0) {
            snprintf(buf, n, "%s", (const char *)node->data.scalar.value);
            rc = 0;
        }
        yaml_document_delete(&doc);
    }
    yaml_parser_delete(&parser);
    fclose(f);
    return rc;
}

void tasim_plot_scenario_name(const char *dir, char *buf, size_t n)
{
    if (manifest_name(dir, buf, n) != 0) {
        char real[PATH_MAX];
        const char *path = realpath(dir, real) ? real : dir;
        size_t len = strlen(path);
        while (len > 1 && path[len - 1] == '/')
            len--;
        size_t start = len;
        while (start > 0 && path[start - 1] != '/')
            start--;
        snprintf(buf, n, "%.*s", (int)(len - start), path + start);
    }
    for (char *p = buf; *p; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7f)
            *p = ' ';
}
