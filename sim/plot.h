/*
 * plot.h (private): draw the figures of an output directory of `tasim
 * run`, `tasim compare` or `tasim sweep` (told apart by their files) by
 * running the gnuplot scripts of plots/ on it. Shared by `tasim plot DIR`
 * and the --plot option of run, compare, sweep and merge.
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

/* Figures of a comparison (a directory with compare.csv). */
#define TASIM_PLOT_COMPARE_NAMES                                              \
    "compare-bands", "compare-differences", "compare-outcomes"

/* Figures of a sweep (design.csv and results.csv); sweep-indices only
 * when the sweep has sensitivity.csv (Morris and Sobol' designs). */
#define TASIM_PLOT_SWEEP_NAMES "sweep-indices", "sweep-scatter"

/*
 * Draw every figure of output directory `dir` into dir/plots: the run
 * figures when it holds summary.csv (and programmes.csv), the comparison
 * figures when it holds compare.csv, the sweep figures when it holds
 * design.csv and results.csv. Prints errors to stderr as "tasim: error:
 * ..."; unless `quiet`, prints one line on stderr saying what was
 * written. Returns a tasim exit code: 0 done, 1 gnuplot failed, 2 a
 * directory of none of these kinds, gnuplot missing, a missing or
 * malformed input, or an I/O error.
 */
int tasim_plot_run(const char *dir, int quiet);

/*
 * Whether figures can be drawn here: gnuplot found and the plot scripts
 * in place. Returns 0, or TASIM_EXIT_USAGE with the reason printed as
 * tasim_plot_run would. Commands given --plot ask before they simulate,
 * so that a missing gnuplot costs neither the run nor its exit code.
 */
int tasim_plot_ready(void);

#endif /* TASIM_PLOT_H */
