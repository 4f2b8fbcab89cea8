/*
 * plot_internal.h (private): the inputs of `tasim plot`, shared by
 * cmd_plot.c (which runs gnuplot) and the files that read the output
 * directory: plot_data.c (runs, and what every kind shares),
 * plot_compare.c (comparisons) and plot_sweep.c (sweeps). Functions that
 * can fail print "tasim: error: ..." and return a tasim exit code, like
 * the subcommands they serve.
 *
 * The figures of a run read its CSV files themselves (split by series
 * for speed). Those of a comparison or a sweep read files that
 * plot_compare.c and plot_sweep.c reshape for them (one per strategy,
 * outcome or parameter set) into a temporary data directory, and names,
 * units and counts arrive as gnuplot variables: the scripts draw, C does
 * the bookkeeping.
 */
#ifndef TASIM_PLOT_INTERNAL_H
#define TASIM_PLOT_INTERNAL_H

#include <stddef.h>

#include "strbuf.h"

/* The kinds of output directory, told apart by their files. */
typedef enum {
    TASIM_PLOT_RUN,     /* summary.csv: `tasim run` */
    TASIM_PLOT_COMPARE, /* compare.csv: `tasim compare` */
    TASIM_PLOT_SWEEP    /* design.csv and results.csv: `tasim sweep` */
} tasim_plot_kind_t;

enum { TASIM_PLOT_MAX_FIGURES = 8 };

/* What the output directory holds. Lists are space-separated and start
 * and end with a space: " FIN/pfm FIN/revenue_admin ". */
typedef struct {
    /* Runs: what summary.csv holds. */
    tasim_strbuf_t units;  /* COUNTRY/topic of the unit series */
    tasim_strbuf_t pools;  /* PROVIDER/topic of the expert series */
    tasim_strbuf_t series; /* series split out into files of their own */
    size_t unit_count, pool_count;
    int split; /* every row went to its series' file */
    /* Every kind: the figures to draw (static strings), the script
     * variables found (`name='value'; ` each, see tasim_plot_set) and a
     * few words for the closing message ("3 strategies"). */
    const char *figures[TASIM_PLOT_MAX_FIGURES];
    size_t figure_count;
    tasim_strbuf_t vars;
    char what[160];
} tasim_plot_found_t;

/* dst = dir/name; -1 if that does not fit in n bytes (a truncated path
 * would name another file). */
int tasim_plot_join_path(char *dst, size_t n, const char *dir,
                         const char *name);

/* Append s to b as a gnuplot single-quoted string, in which nothing is
 * expanded: a value can never become a command. */
void tasim_plot_append_quoted(tasim_strbuf_t *b, const char *s);

/* Add the gnuplot variable `name` (letters, digits, '_') with the value
 * of the printf format, as a quoted string, to found->vars. */
void tasim_plot_set(tasim_plot_found_t *found, const char *name,
                    const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Which kind of output directory `dir` is. Returns an exit code: 2 with
 * an error naming the files looked for when it is none of them. */
int tasim_plot_detect(const char *dir, tasim_plot_kind_t *kind);

/* Check that the files of a directory of this kind exist and have the
 * columns the figures need: summary.csv and programmes.csv for a run,
 * compare.csv for a comparison, design.csv and results.csv for a sweep
 * (the others are optional). */
int tasim_plot_check_inputs(const char *dir, tasim_plot_kind_t kind);

/* Read dir/summary.csv into `found` (zeroed by the caller; release with
 * tasim_plot_found_fini()) and set its figures to those of a run. With
 * `split_dir`, also write the rows of each series to split_dir/SERIES.csv
 * under the header, so that a script reads only the series it draws
 * rather than the whole summary of a large scenario; `found->split` says
 * whether that worked. */
int tasim_plot_read_summary(const char *dir, const char *split_dir,
                            tasim_plot_found_t *found);

/* Read the comparison in dir (compare.csv, and compare-series.csv if
 * present) and write the files of the compare-* scripts into the
 * existing directory data_dir; set the figures and variables of `found`
 * (zeroed by the caller). See plots/compare-*.gp for what they hold. */
int tasim_plot_read_compare(const char *dir, const char *data_dir,
                            tasim_plot_found_t *found);

/* Read the sweep in dir (design.csv, results.csv, and sensitivity.csv if
 * present) and write the files of the sweep-* scripts into data_dir; set
 * the figures and variables of `found`. See plots/sweep-*.gp. */
int tasim_plot_read_sweep(const char *dir, const char *data_dir,
                          tasim_plot_found_t *found);

void tasim_plot_found_fini(tasim_plot_found_t *found);

/* The scenario's name from dir/manifest.yaml, else the directory's name
 * (resolved for "." and ".."), with control characters blanked: it
 * becomes a one-line title. */
void tasim_plot_scenario_name(const char *dir, char *buf, size_t n);

#endif /* TASIM_PLOT_INTERNAL_H */
