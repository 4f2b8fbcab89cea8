# lib.gp: what the scripts of a run's figures share: their inputs and
# defaults, the terminal, the rows of summary.csv they need and the units,
# expert pools and countries found in them. It loads style.gp, which all
# tasim plot scripts share (the inputs dir, out, term and title, and the
# colours).
#
# Inputs besides those of style.gp:
#   units  optional: the units to draw, space-separated COUNTRY/topic
#          (default: every unit found; tasim plot passes them)
#   max_panels  optional: at most this many panels per figure (default 24;
#          queues.gp takes max_lines, 16, and retention.gp max_groups, 30)
#   series_dir, series_present  optional: a directory holding summary.csv
#          split into one SERIES.csv per series, and the series in it;
#          tasim plot passes them so that a figure of a large scenario
#          reads its own series rather than the whole summary
#
# Every column is read by its header name, never by position, so the
# scripts keep working when tasim adds columns. The calling script sets
# `plot_name` (its default output name) and `want` (the series it draws,
# space-separated) and then loads this file, which copies only those rows
# of summary.csv into the datablock $S, header included (see copy_rows).
# Panels then filter $S instead of the whole summary: a scenario with
# fifteen units would otherwise read a file of several megabytes forty
# times per figure.

load script_dir(ARG0).'style.gp'
if (!exists("max_panels")) max_panels = 24

summary = dir.'/summary.csv'
programmes = dir.'/programmes.csv'

# The parts of "COUNTRY/topic".
part1(u) = u[1:strstrt(u, '/') - 1]
part2(u) = u[strstrt(u, '/') + 1:]
# A row of $S (or summary.csv) of series s for owner c and topic t.
row_is(s, c, t) = strcol('series') eq s && strcol('country') eq c && \
    strcol('topic') eq t

unit_series = 'capacity performance dependency skill institutional ' \
    .'systems staff vacancies programmes duplicates indicator queue wait ' \
    .'cost_salaries cost_travel cost_training cost_equipment cost_logistics'
pool_series = 'utilisation expert_queue expert_wait'

# Where the rows of series s are: a file of their own when tasim plot has
# split the summary (reading 5% of a large summary is 20 times faster),
# else summary.csv itself.
src_of(s) = exists("series_dir") ? series_dir.'/'.s.'.csv' : summary
present(s) = !exists("series_present") || has_word(series_present, s)

# `eval copy_rows` copies the rows of the series in `want` whose
# owner/topic ("FIN/pfm", or "FIN/" for a country) is in `only_units`
# (all when it is empty) into the datablock $S, header included. Panels
# then filter $S rather than the file; `with table if` drops the other
# rows outright, since NaN placeholders would break sums and smoothing.
# Copying costs far more per row than reading, so figures of a scenario
# with a thousand units copy the rows of the units they draw, no more.
only_units = ''
keep_row(x) = only_units eq '' || \
    has_word(only_units, strcol('country').'/'.strcol('topic'))
row_text(x) = sprintf('%s,%s,%s,%s,%s,%s,%s,%s,%s,%s', \
    strcol('year'), strcol('country'), strcol('topic'), strcol('series'), \
    strcol('n'), strcol('mean'), strcol('sd'), strcol('p05'), \
    strcol('p50'), strcol('p95'))
copy_rows = "set print $S; " \
    ."print 'year,country,topic,series,n,mean,sd,p05,p50,p95'; " \
    ."unset print; if (exists('series_dir')) { " \
    ."do for [ws in want] { if (present(ws)) { set table $S append; " \
    ."plot src_of(ws) using (row_text(0)) with table " \
    ."if (strcol('series') eq ws && keep_row(0)); unset table } } " \
    ."} else { set table $S append; plot summary using (row_text(0)) " \
    ."with table if (has_word(want, strcol('series')) && keep_row(0)); " \
    ."unset table }; have_rows = |$S| > 1"

# `eval discover` reads the series in `want` (from $S when `from_copy`,
# else from their files) for the period, the sampling interval `dt`, the
# replications, and every owner/topic pair in file order: `found_units`
# (unit series), `found_pools` (provider/topic of the expert series) and
# `found_countries` (country-level series). Assignments inside `using`
# are the only way gnuplot collects strings while reading. Every sample
# reports every owner, so only the first sample's rows are looked at:
# the lists grow long in a large scenario.
note_row(y) = (first_year = first_year == first_year ? first_year : y, \
    year_2 = y > first_year && !(y >= year_2) ? y : year_2, \
    n_max = column('n') > n_max ? column('n') : n_max, \
    y != first_year ? 0 : (k = strcol('country').'/'.strcol('topic'), \
    s = strcol('series'), \
    has_word(unit_series, s) ? (found_units = collect(found_units, k), 0) : \
    has_word(pool_series, s) ? (found_pools = collect(found_pools, k), 0) : \
    strcol('topic') eq '' ? (found_countries = \
        collect(found_countries, strcol('country')), 0) : 0), y)
found_units = ''
found_pools = ''
found_countries = ''
first_year = NaN
year_2 = NaN
n_max = 0
year_min = NaN
year_max = NaN
# Fold one stats pass into the period.
fold_period = "if (exists('STATS_records') && STATS_records > 0) { " \
    ."year_min = year_min < STATS_min ? year_min : STATS_min; " \
    ."year_max = year_max > STATS_max ? year_max : STATS_max }"
discover = "if (exists('from_copy')) { if (have_rows) { " \
    ."stats $S using (note_row(column('year'))) nooutput; " \
    ."eval fold_period } } else { do for [ws in want] { " \
    ."if (present(ws)) { undefine STATS_records; " \
    ."stats src_of(ws) using (strcol('series') eq ws ? " \
    ."note_row(column('year')) : NaN) nooutput; eval fold_period } } }; " \
    ."have_rows = year_min == year_min; " \
    ."year_min = have_rows ? year_min : 0; " \
    ."year_max = have_rows ? year_max : 1; " \
    ."dt = year_2 == year_2 ? year_2 - first_year : 1; " \
    ."replications = int(n_max)"

# Figures of one panel per unit draw at most max_panels units. When the
# units are known beforehand (tasim plot passes them), only theirs are
# copied. Figures that read all units their own way (sums, averages, or
# panels of their choosing) set `own_rows` before loading this file: for
# them nothing is copied, and the units are only discovered.
panel_note = ''
have_rows = 0
if (exists("own_rows")) {
    eval discover
} else {
    if (exists("units") && words(units) > max_panels) {
        panel_note = sprintf(' (first %d of %d units)', max_panels, words(units))
        do for [i = 1:max_panels] { only_units = only_units.' '.word(units, i) }
        units = only_units
    }
    eval copy_rows
    from_copy = 1
    eval discover
}
# The units to draw: those asked for that have rows here, else all found.
if (exists("units")) {
    asked = units
    units = ''
    do for [u in asked] { if (has_word(found_units, u)) { units = units.' '.u } }
} else {
    units = found_units
}
pools = found_pools
countries = found_countries

# Time axis: whole years, thinned out for long periods.
set xrange [year_min:year_max]
span = year_max - year_min
# A panel has room for about eight year labels.
x_step = span <= 8 ? 1 : span <= 16 ? 2 : span <= 40 ? 5 : 10
set xtics x_step format '%.0f'
set mxtics x_step == 1 ? 4 : x_step
set xlabel 'year'
set grid xtics ytics lc rgb '#e6e6e6' lw 1 dt 1
set border 3 lc rgb '#555555'
set tics nomirror out scale 0.6
set key noautotitle

# Panels. `panels` lists what to draw in grid order, '-' for an empty
# slot. When every country has the same two to four topics, each country
# gets a row and each topic a column, so a topic reads down a column;
# otherwise the panels fill a grid as square as possible. Beyond
# max_panels units only the first ones are drawn, and the title says so
# (figures with `own_rows` use the units their own way).
if (!exists("own_rows") && words(units) > max_panels) {
    panel_note = sprintf(' (first %d of %d units)', max_panels, words(units))
    kept = ''
    do for [i = 1:max_panels] { kept = kept.' '.word(units, i) }
    units = kept
}
unit_countries = ''
unit_topics = ''
do for [u in units] {
    unit_countries = collect(unit_countries, part1(u))
    unit_topics = collect(unit_topics, part2(u))
}
n_c = words(unit_countries)
n_t = words(unit_topics)
by_country = n_t >= 2 && n_t <= 4 && n_c <= 8 && 2 * words(units) >= n_c * n_t
panels = ''
if (by_country) {
    do for [c in unit_countries] { do for [t in unit_topics] {
        panels = panels.' '.(has_word(units, c.'/'.t) ? c.'/'.t : '-')
    } }
    grid_cols = n_t
} else {
    panels = units
    n = words(units)
    grid_cols = n <= 3 ? n : n <= 4 ? 2 : n <= 9 ? 3 : 4
}
grid_cols = grid_cols < 1 ? 1 : grid_cols
grid_rows = words(panels) < 1 ? 1 : int(ceil(words(panels) * 1.0 / grid_cols))

# Canvas: a fixed size per panel keeps the text the same size in every
# figure. The header holds the title and the one key that all panels
# share. Panels are placed by hand rather than with `multiplot layout`,
# which would leave no room for that key: a key drawn inside a panel is
# as narrow as the panel and stacks its entries over the panel titles.
panel_w = 460
panel_h = 270
# Room right of each panel's frame: more for panels with their own key.
panel_right = 18
header_h = 104
footer_h = 26
W = grid_cols * panel_w + 20
H = header_h + grid_rows * panel_h + footer_h
y_label = ''

# `eval start_output` opens the terminal at W x H pixels (scripts may change W
# and H first) and starts the figure with its title.
start_output = "if (term eq 'svg') { set terminal svg size W,H dynamic " \
    ."noenhanced font 'DejaVu Sans,10' background '#ffffff' } else { " \
    ."set terminal pngcairo size W,H noenhanced font 'DejaVu Sans,10' " \
    ."background '#ffffff' }; set output out; " \
    ."set multiplot title figure_title(plot_title) font ',12'"
# `eval place_panel` puts the next plot in grid cell `slot` (1-based, row by
# row). Only the first column names the y axis (`y_label`) and only the
# bottom row the x axis, so the labels do not crowd the panels.
place_panel = "p_col = (slot - 1) % grid_cols; " \
    ."p_row = int((slot - 1) / grid_cols); " \
    ."set lmargin at screen (10.0 + p_col * panel_w + 72) / W; " \
    ."set rmargin at screen (10.0 + (p_col + 1) * panel_w - panel_right) / W; " \
    ."set tmargin at screen 1 - (header_h + p_row * panel_h + 42.0) / H; " \
    ."set bmargin at screen 1 - (header_h + (p_row + 1) * panel_h - 28.0) / H; " \
    ."if (p_col == 0) { set ylabel y_label } else { unset ylabel }; " \
    ."if (p_row == grid_rows - 1) { set xlabel 'year' } else { unset xlabel }"
# `eval draw_key` draws the entries of `key_entries` (a plot list of NaN
# curves with titles) in one row under the title, and ends the figure.
draw_key = "unset title; unset xlabel; unset ylabel; unset border; " \
    ."unset tics; unset grid; unset label; unset object; " \
    ."set lmargin at screen 0.01; set rmargin at screen 0.99; " \
    ."set tmargin at screen 1 - 50.0 / H; " \
    ."set bmargin at screen 1 - (header_h - 4.0) / H; " \
    ."set key at screen 0.5, screen 1 - 54.0 / H center top horizontal " \
    ."maxrows 1 samplen 2.5 width 2 font ',10'; " \
    ."set xrange [0:1]; set yrange [0:1]; plot @key_entries; unset multiplot"
# The whole-figure title: the scenario's name on a line of its own (names
# can be long), then what is shown and over how many replications.
figure_title(what) = sprintf("%s\n%s%s", title, what, panel_note) \
    .(replications > 0 ? sprintf(' (%d replications)', replications) : '')

# $P: the programmes of replication 0 (id, unit, start, exit), whose
# periods the time-series panels shade. One replication rather than all:
# demand-driven programmes differ from one replication to the next, and
# fifty overlapping shades would hide the lines. `eval load_programmes`.
load_programmes = "set print $P; print 'id,country,topic,start,exit'; " \
    ."unset print; set table $P append; plot programmes using " \
    ."(sprintf('%s,%s,%s,%s,%s', strcol('id'), strcol('country'), " \
    ."strcol('topic'), strcol('start'), strcol('exit'))) with table " \
    ."if (column('replication') == 0); unset table"
# A programme still running at the end is shaded to the end.
exit_or_end(e) = e == e ? e : year_max
# Shade the programme periods of unit u from 0 to y_top: append to a plot
# command with `@shade_programmes` (a macro: it is part of a plot command).
shade_programmes = "$P using ((column('start') + exit_or_end(column('exit'))) / 2):(y_top / 2):(column('start')):(exit_or_end(column('exit'))):(0):(row_of(u) ? y_top : NaN) with boxxyerror fs solid 1 border lc rgb '#ffffff' fc rgb c_programme"
# Whether the current row belongs to unit (or pool) u, "COUNTRY/topic".
row_of(u) = strcol('country').'/'.strcol('topic') eq u
