/*
 * plot_csv.h (private): the small file helpers shared by the readers of
 * `tasim plot`: plot_data.c (runs), plot_compare.c (comparisons) and
 * plot_sweep.c (sweeps). Errors are printed as "tasim: error: ..." like
 * the rest of the subcommand; functions that can fail return -1 (or
 * NULL) after printing, and the caller turns that into an exit code.
 *
 * tasim writes the files read here itself, unquoted, one record per
 * line, so a split at the commas is a complete CSV reader for them;
 * the records live in fixed buffers because a line longer than
 * TASIM_PLOT_LINE_MAX cannot come from tasim.
 */
#ifndef TASIM_PLOT_CSV_H
#define TASIM_PLOT_CSV_H

/* PATH_MAX is POSIX: define _XOPEN_SOURCE before including this. */
#include <limits.h>
#include <stddef.h>
#include <stdio.h>

#include "strbuf.h"

enum {
    TASIM_PLOT_MAX_FIELDS = 64,  /* columns of a record; more are dropped */
    TASIM_PLOT_LINE_MAX = 4096,  /* bytes of a line, newline included */
    TASIM_PLOT_MAX_SERIES = 64   /* files of a tasim_plot_split_t */
};

/* Columns the figures read from each file of a comparison and a sweep,
 * NULL-terminated. tasim_plot_check_inputs() checks them up front; the
 * readers check them again when they open the file. */
extern const char *const tasim_plot_compare_columns[]; /* compare.csv */
extern const char *const tasim_plot_design_columns[];  /* design.csv */
extern const char *const tasim_plot_result_columns[];  /* results.csv */

/* Whether dir/name exists. */
int tasim_plot_has_file(const char *dir, const char *name);

/* Split a CSV line in place at the commas, dropping the line end; the
 * fields point into `line`. Returns their count (at most `max`). */
size_t tasim_plot_split_fields(char *line, char **fields, size_t max);

/* The index of column `name` among `fields`, or -1. */
int tasim_plot_column_index(char *const *fields, size_t count,
                            const char *name);

/* Open dir/name and check that its header has every column of `need`
 * (NULL-terminated). Returns the open file positioned after the header,
 * owned by the caller, or NULL after reporting why (naming `command`,
 * whose output the file would be). `fields`/`count` receive the header,
 * stored in `line` (TASIM_PLOT_LINE_MAX bytes, TASIM_PLOT_MAX_FIELDS
 * fields). */
FILE *tasim_plot_open_checked(const char *dir, const char *name,
                              const char *const *need, const char *command,
                              char *line, char **fields, size_t *count);

/* Append "owner/topic" (or "owner" when topic is NULL) to a list in the
 * format of tasim_plot_found_t unless it is there already. Returns 1 if
 * it was added. */
int tasim_plot_add_word(tasim_strbuf_t *list, const char *owner,
                        const char *topic);

/* Whether a series name can be a file name as it is. */
int tasim_plot_plain_name(const char *s);

/* Output files split out of one input, one per series (or key). The
 * caller zeroes it and fcloses the files. It is large: allocate it. */
typedef struct {
    char name[TASIM_PLOT_MAX_SERIES][72];
    FILE *file[TASIM_PLOT_MAX_SERIES];
    size_t count;
} tasim_plot_split_t;

/* The file split_dir/KEY.csv of series (or key) `s`, opened with
 * `header_line` on first use and owned by `sp`; NULL if the series
 * cannot be split out (name too long, too many series, not writable). */
FILE *tasim_plot_series_file(tasim_plot_split_t *sp, const char *split_dir,
                             const char *s, const char *header_line);

/* An open CSV file, its header and its current record. Large: allocate
 * it. */
typedef struct {
    FILE *file;
    char path[PATH_MAX];
    char header[TASIM_PLOT_LINE_MAX], line[TASIM_PLOT_LINE_MAX];
    char *h[TASIM_PLOT_MAX_FIELDS], *f[TASIM_PLOT_MAX_FIELDS];
    size_t hn, n;
} tasim_plot_csv_t;

/* Open dir/name as with tasim_plot_open_checked(); 0, or -1 after
 * reporting. Close with tasim_plot_csv_close() either way. */
int tasim_plot_csv_open(tasim_plot_csv_t *c, const char *dir,
                        const char *name, const char *const *need,
                        const char *command);

/* Read the next record with all the header's columns: 1, 0 at the end,
 * -1 after reporting a line too long to be one of tasim's. */
int tasim_plot_csv_next(tasim_plot_csv_t *c);

/* The current record's field of `column`; "" if there is no such
 * column. Points into `c`, valid until the next record. */
const char *tasim_plot_csv_get(const tasim_plot_csv_t *c,
                               const char *column);

void tasim_plot_csv_close(tasim_plot_csv_t *c);

/* A field as a number; NaN when empty or not a number. */
double tasim_plot_number(const char *s);

/* Write ",v" to f, as gnuplot reads it ("NaN" for missing). */
void tasim_plot_put_number(FILE *f, double v);

/* A list of strings, in order of first appearance; zero it to start,
 * release it with tasim_plot_names_free(). The list owns copies. */
typedef struct {
    char **v;
    size_t n, cap;
} tasim_plot_names_t;

/* The index of s, or l->n if it is not there. */
size_t tasim_plot_names_find(const tasim_plot_names_t *l, const char *s);

/* Add s at the end, even if it is there; returns its index. */
size_t tasim_plot_names_push(tasim_plot_names_t *l, const char *s);

/* The index of s, added at the end if it is new. */
size_t tasim_plot_names_add(tasim_plot_names_t *l, const char *s);

void tasim_plot_names_free(tasim_plot_names_t *l);

/* Create data_dir/name for writing (the caller closes it with
 * tasim_plot_close_file()); NULL after reporting a failure. */
FILE *tasim_plot_create_file(const char *data_dir, const char *name);

/* Close a written file; -1 after reporting a failed write. */
int tasim_plot_close_file(FILE *f, const char *data_dir);

/* Pick the outcomes to draw among `have` (those with values, in file
 * order): the ones of `keys` (NULL-terminated) that are there, in key
 * order, else the first `fallback`. Writes indices into `have` to
 * picked[0..max) and returns their count. */
size_t tasim_plot_pick_outcomes(const tasim_plot_names_t *have,
                                const char *const *keys, size_t fallback,
                                size_t *picked, size_t max);

#endif /* TASIM_PLOT_CSV_H */
