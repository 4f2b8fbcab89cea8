# lib-experiment.gp: what the figures of comparisons (compare-*.gp) and
# sweeps (sweep-*.gp) share: their inputs, the panel layout and the axes.
#
# These scripts draw files that `tasim plot` prepares from the output
# directory: compare.csv and results.csv are long tables (one row per
# outcome, strategy or point) that would take string matching in every
# `using` expression to pick apart, so tasim writes the rows of each
# panel into a file of its own, in the order they are drawn, under
# `data_dir`. Names, units and counts arrive as gnuplot variables, each a
# quoted string (`strategy_count='3'; strategy_1='baseline'; ...`), so a
# name can never be read as a command. Run them through tasim plot:
#
#   tasim plot results/financia-compare
#
# Inputs besides those of style.gp:
#   data_dir   the directory of the prepared files (set by tasim plot)
#   the variables each script lists in its header comment
#
# The calling script sets `plot_name` and `plot_title` and loads this file.

load script_dir(ARG0).'style.gp'
if (!exists("data_dir")) {
    printerr plot_name.'.gp draws files that `tasim plot DIR` prepares; ' \
        .'run it through tasim plot'
    exit status 2
}
if (data_dir[1:1] eq '<') data_dir = './'.data_dir
data(f) = data_dir.'/'.f

# A count or a name that tasim plot passed (0 or '' when it did not).
count_of(name) = exists(name) ? int(value(name)) : 0
text_of(name) = exists(name) ? value(name) : ''
nth(name, i) = text_of(sprintf('%s_%d', name, i))
replications = count_of('replications')

# The whole-figure title: the scenario's name on a line of its own, then
# what is shown and over how many replications.
replication_text = replications == 1 ? '1 replication' : \
    sprintf('%d replications', replications)
figure_title(what) = sprintf("%s\n%s", title, what)

# A value for a label: three significant digits, thousands and millions
# shortened (2.94M rather than 2.94e+06).
short(v) = abs(v) >= 1e9 ? sprintf('%.3gG', v / 1e9) : \
    abs(v) >= 1e6 ? sprintf('%.3gM', v / 1e6) : \
    abs(v) >= 1e4 ? sprintf('%.3gk', v / 1e3) : sprintf('%.3g', v)
# A step between tics of 1, 2 or 5 times a power of 10 that cuts span
# into about n parts.
nice_step(span, n) = span <= 0 ? 1 : (step_r = span / n, \
    step_m = 10**floor(log10(step_r)), step_f = step_r / step_m, \
    (step_f < 1.5 ? 1 : step_f < 3.5 ? 2 : step_f < 7.5 ? 5 : 10) * step_m)
# The format of tics `step` apart for values up to `top` in size: large
# ones with SI prefixes (2.5M) and the decimals the step needs.
tic_format(top, step) = top < 1e4 ? '%g' : sprintf('%%.%ds%%c', \
    (tic_d = 3 * floor(log10(top) / 3) - floor(log10(step) + 1e-9), \
    tic_d > 0 ? tic_d : 0))
# "name (unit)", or the name alone for a unit-less outcome.
with_unit(name, unit) = unit eq '' ? name : sprintf('%s (%s)', name, unit)

set grid xtics ytics lc rgb '#e6e6e6' lw 1 dt 1
set border 3 lc rgb '#555555'
set tics nomirror out scale 0.6
set key noautotitle

# Panels of panel_w x panel_h pixels in a grid of grid_cols columns under
# a header of header_h pixels (title and key), placed by hand as in
# lib.gp. Each panel keeps pad_left pixels for its y tic labels (more in
# the first column, first_left, which also holds the axis label),
# pad_right, pad_top for its title and pad_bottom for its x axis.
header_h = 96
footer_h = 10
pad_left = 64
first_left = 64
pad_right = 20
pad_top = 30
pad_bottom = 48
# `eval size_canvas` sets W and H from the grid, W at least min_w so
# that the title fits (the panels are then centred); `eval start_figure`
# opens the terminal and the figure.
min_w = 900
size_canvas = "W = first_left - pad_left + grid_cols * panel_w + 20; " \
    ."grid_x0 = 10.0 + (W < min_w ? (min_w - W) / 2 : 0); " \
    ."W = W < min_w ? min_w : W; " \
    ."H = header_h + grid_rows * panel_h + footer_h"
start_figure = "eval open_terminal; " \
    ."set multiplot title figure_title(plot_title) font ',12'"
# `eval place_panel` puts the next plot in column p_col and row p_row
# (from 0). The first column is wider by first_left - pad_left.
place_panel = "p_x = grid_x0 + first_left - pad_left + p_col * panel_w; " \
    ."set lmargin at screen (p_col > 0 ? p_x + pad_left : grid_x0 " \
    ."+ first_left) / W; " \
    ."set rmargin at screen (p_x + panel_w - pad_right) / W; " \
    ."set tmargin at screen 1 - (header_h + p_row * panel_h + pad_top) " \
    ."/ (1.0 * H); " \
    ."set bmargin at screen 1 - (header_h + (p_row + 1) * panel_h " \
    ."- pad_bottom) / (1.0 * H)"
# `eval draw_key` draws the entries of `key_entries` (a plot list of NaN
# curves with titles) in one row under the title, and ends the figure.
draw_key = "unset title; unset xlabel; unset ylabel; unset border; " \
    ."unset tics; unset grid; unset label; unset object; unset arrow; " \
    ."set lmargin at screen 0.01; set rmargin at screen 0.99; " \
    ."set tmargin at screen 1 - 50.0 / H; " \
    ."set bmargin at screen 1 - (header_h - 4.0) / H; " \
    ."set key at screen 0.5, screen 1 - 54.0 / H center top horizontal " \
    ."maxrows 1 samplen 2.5 width 2 font ',10'; " \
    ."set xrange [0:1]; set yrange [0:1]; plot @key_entries; unset multiplot"
