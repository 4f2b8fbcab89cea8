/*
 * plot_csv.c: the small file helpers of `tasim plot` shared by its
 * readers of runs (plot_data.c), comparisons (plot_compare.c) and
 * sweeps (plot_sweep.c): a CSV reader, a writer of per-series files,
 * number parsing and printing, a list of names, and the choice of the
 * outcomes a figure shows. See plot_csv.h.
 *
 * tasim writes the files read here itself, unquoted, one record per
 * line, so a split at the commas is a complete CSV reader for them, and
 * a record fits a fixed buffer: a line that does not is reported rather
 * than read in pieces. The reshaping of those files is done in C rather
 * than in the gnuplot scripts: matching a difference to its reference,
 * picking outcomes and sorting parameters by their index would take
 * string tricks inside gnuplot's `using` expressions, slow and hard to
 * read, or awk, which would put a shell between tasim and the file
 * names.
 */
#define _XOPEN_SOURCE 700
#include "plot_csv.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "plot_internal.h"
#include "tasim/alloc.h"

int tasim_plot_has_file(const char *dir, const char *name)
{
    char path[PATH_MAX];
    return tasim_plot_join_path(path, sizeof path, dir, name) == 0 &&
           access(path, F_OK) == 0;
}

/* Split a CSV line in place at the commas (tasim never quotes fields). */
size_t tasim_plot_split_fields(char *line, char **fields, size_t max)
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

int tasim_plot_column_index(char *const *fields, size_t count,
                            const char *name)
{
    for (size_t i = 0; i < count; i++)
        if (strcmp(fields[i], name) == 0)
            return (int)i;
    return -1;
}

/* The columns are checked before anything is drawn: a file without
 * them is not from this tasim, and gnuplot would only say that a column
 * is missing from a script the user never wrote. */
FILE *tasim_plot_open_checked(const char *dir, const char *name,
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
    if (fgets(line, TASIM_PLOT_LINE_MAX, f) == NULL) {
        tasim_cli_error("%s is empty", path);
        fclose(f);
        return NULL;
    }
    *count = tasim_plot_split_fields(line, fields, TASIM_PLOT_MAX_FIELDS);
    for (size_t i = 0; need[i]; i++) {
        if (tasim_plot_column_index(fields, *count, need[i]) < 0) {
            tasim_cli_error("%s has no column '%s'", path, need[i]);
            fclose(f);
            return NULL;
        }
    }
    return f;
}

/* Append "owner/topic" (or "owner" when topic is NULL) to list unless it
 * is there already. The list starts and ends with a space so that every
 * entry can be found with its two spaces around it; gnuplot's words()
 * ignores them. */
int tasim_plot_add_word(tasim_strbuf_t *list, const char *owner,
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
int tasim_plot_plain_name(const char *s)
{
    if (*s == '\0' || strlen(s) > 64)
        return 0;
    for (; *s; s++)
        if (!(*s == '_' || (*s >= 'a' && *s <= 'z') ||
              (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9')))
            return 0;
    return 1;
}

/* The file split_dir/KEY.csv of series (or key) `s`, opened with the
 * header on first use; NULL if the series cannot be split out. Keys of
 * the experiment files ("series-capacity-2") are built from plain names
 * and numbers by the caller. */
FILE *tasim_plot_series_file(tasim_plot_split_t *sp, const char *split_dir,
                             const char *s, const char *header_line)
{
    for (size_t i = 0; i < sp->count; i++)
        if (strcmp(sp->name[i], s) == 0)
            return sp->file[i];
    char path[PATH_MAX], file[80];
    if (strlen(s) > 64 || sp->count == TASIM_PLOT_MAX_SERIES)
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

int tasim_plot_csv_open(tasim_plot_csv_t *c, const char *dir,
                        const char *name, const char *const *need,
                        const char *command)
{
    if (tasim_plot_join_path(c->path, sizeof c->path, dir, name) != 0)
        c->path[0] = '\0';
    c->file = tasim_plot_open_checked(dir, name, need, command, c->header,
                                      c->h, &c->hn);
    return c->file ? 0 : -1;
}

/* Records shorter than the header (a truncated last line) are skipped;
 * a line longer than the buffer would be read in pieces, each taken for
 * a record, so it is an error. */
int tasim_plot_csv_next(tasim_plot_csv_t *c)
{
    while (fgets(c->line, sizeof c->line, c->file)) {
        size_t len = strlen(c->line);
        if (len > 0 && c->line[len - 1] != '\n' && !feof(c->file)) {
            tasim_cli_error("%s has a line longer than %d bytes", c->path,
                            TASIM_PLOT_LINE_MAX - 1);
            return -1;
        }
        c->n = tasim_plot_split_fields(c->line, c->f, TASIM_PLOT_MAX_FIELDS);
        if (c->n >= c->hn)
            return 1;
    }
    return 0;
}

const char *tasim_plot_csv_get(const tasim_plot_csv_t *c,
                               const char *column)
{
    int i = tasim_plot_column_index(c->h, c->hn, column);
    return i >= 0 ? c->f[i] : "";
}

void tasim_plot_csv_close(tasim_plot_csv_t *c)
{
    if (c->file)
        fclose(c->file);
    c->file = NULL;
}

/* A field as a number; NaN when empty or not a number (tasim writes
 * undefined values as empty fields). */
double tasim_plot_number(const char *s)
{
    char *end;
    double v = strtod(s, &end);
    return *s != '\0' && *end == '\0' ? v : NAN;
}

/* A number for gnuplot, which reads NaN as missing (lib.gp). */
void tasim_plot_put_number(FILE *f, double v)
{
    if (isfinite(v))
        fprintf(f, ",%.10g", v);
    else
        fputs(",NaN", f);
}

size_t tasim_plot_names_find(const tasim_plot_names_t *l, const char *s)
{
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(l->v[i], s) == 0)
            return i;
    return l->n;
}

size_t tasim_plot_names_push(tasim_plot_names_t *l, const char *s)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? 2 * l->cap : 16;
        l->v = tasim_xrealloc(l->v, l->cap * sizeof *l->v);
    }
    l->v[l->n] = tasim_xstrdup(s);
    return l->n++;
}

size_t tasim_plot_names_add(tasim_plot_names_t *l, const char *s)
{
    size_t i = tasim_plot_names_find(l, s);
    return i < l->n ? i : tasim_plot_names_push(l, s);
}

void tasim_plot_names_free(tasim_plot_names_t *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->v[i]);
    free(l->v);
    memset(l, 0, sizeof *l);
}

FILE *tasim_plot_create_file(const char *data_dir, const char *name)
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

/* A full disk shows only at fclose() or in ferror(): check both. */
int tasim_plot_close_file(FILE *f, const char *data_dir)
{
    int bad = ferror(f);
    if (fclose(f) != 0 || bad) {
        tasim_cli_error("cannot write into %s: %s", data_dir,
                        strerror(errno));
        return -1;
    }
    return 0;
}

/* Without any of the keys (a scenario whose outcomes are named
 * otherwise) the figure still shows something rather than nothing. */
size_t tasim_plot_pick_outcomes(const tasim_plot_names_t *have,
                                const char *const *keys, size_t fallback,
                                size_t *picked, size_t max)
{
    size_t count = 0;
    for (size_t k = 0; keys[k] && count < max; k++) {
        size_t i = tasim_plot_names_find(have, keys[k]);
        if (i < have->n)
            picked[count++] = i;
    }
    for (size_t i = 0; count == 0 && i < have->n && i < fallback; i++)
        picked[i] = i;
    return count ? count : have->n < fallback ? have->n : fallback;
}

