/*
 * plot.h (private): draw the figures of a run's output directory by
 * running the gnuplot scripts of plots/ on it. Shared by `tasim plot DIR`
 * and `tasim run --plot`.
 *
 * The scripts are found in the directory named by the TASIM_PLOTS
 * environment variable, else in TASIM_PLOTS_DIR (the source tree's plots/,
 * fixed at build time). Figures are written into DIR/plots.tmp-XXXXXX and
 * renamed to DIR/plots only when every one is complete, replacing an older
 * DIR/plots, so DIR/plots never holds a mix of old and new figures.
 */
#ifndef TASIM_PLOT_H
#define TASIM_PLOT_H

/* Figures drawn for every run: DIR/plots/NAME.png and DIR/plots/NAME.svg
 * for each NAME, drawn by plots/NAME.gp. */
#define TASIM_PLOT_NAMES                                                      \
    "capacity", "performance", "dependency", "cost", "queues", "indicators",  \
        "retention"

/*
 * Draw every figure of output directory `dir` (which must hold
 * summary.csv and programmes.csv) into dir/plots. Prints errors to stderr
 * as "tasim: error: ..."; unless `quiet`, prints one line on stderr saying
 * what was written. Returns a tasim exit code: 0 done, 1 gnuplot failed,
 * 2 gnuplot missing, a missing or malformed input, or an I/O error.
 */
int tasim_plot_run(const char *dir, int quiet);

#endif /* TASIM_PLOT_H */
