/*
 * plot_internal.h (private): the inputs of `tasim plot`, shared by
 * cmd_plot.c (which runs gnuplot) and plot_data.c (which reads the output
 * directory). Functions that can fail print "tasim: error: ..." and return
 * a tasim exit code, like the subcommands they serve.
 */
#ifndef TASIM_PLOT_INTERNAL_H
#define TASIM_PLOT_INTERNAL_H

#include <stddef.h>

#include "strbuf.h"

/* What summary.csv holds. Lists are space-separated and start and end
 * with a space: " FIN/pfm FIN/revenue_admin ". */
typedef struct {
    tasim_strbuf_t units;  /* COUNTRY/topic of the unit series */
    tasim_strbuf_t pools;  /* PROVIDER/topic of the expert series */
    tasim_strbuf_t series; /* series split out into files of their own */
    size_t unit_count, pool_count;
    int split; /* every row went to its series' file */
} tasim_plot_found_t;

/* dst = dir/name; -1 if that does not fit in n bytes (a truncated path
 * would name another file). */
int tasim_plot_join_path(char *dst, size_t n, const char *dir,
                         const char *name);

/* Check that dir/summary.csv and dir/programmes.csv exist and have the
 * columns the scripts read. */
int tasim_plot_check_inputs(const char *dir);

/* Read dir/summary.csv into `found` (zeroed by the caller; release with
 * tasim_plot_found_fini()). With `split_dir`, also write the rows of each
 * series to split_dir/SERIES.csv under the header, so that a script reads
 * only the series it draws rather than the whole summary of a large
 * scenario; `found->split` says whether that worked. */
int tasim_plot_read_summary(const char *dir, const char *split_dir,
                            tasim_plot_found_t *found);
void tasim_plot_found_fini(tasim_plot_found_t *found);

/* The scenario's name from dir/manifest.yaml, else the directory's name
 * (resolved for "." and ".."), with control characters blanked: it
 * becomes a one-line title. */
void tasim_plot_scenario_name(const char *dir, char *buf, size_t n);

#endif /* TASIM_PLOT_INTERNAL_H */
