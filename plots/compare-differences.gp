# compare-differences.gp: how each strategy of a comparison differs from
# the first (the reference): for every outcome, the paired difference
# strategy - reference (mean across replications, with its confidence
# interval) in % of the reference's mean, so that shares, years and
# dollars fit one axis. One panel per compared strategy, outcomes down
# the side; a filled point marks a difference whose interval excludes 0,
# and carries its value.
#
#   tasim plot results/financia-compare
#
# The percentages divide by the absolute value of the reference mean, so
# their sign is that of the difference; outcomes whose reference mean is
# 0 or undefined cannot be shown this way and are listed under the
# panels. Each outcome's label gives the reference mean (100%).
#
# Inputs (see lib-experiment.gp): strategy_count, strategy_1, ...;
# diff_count and diff_outcome_1, ... (the outcomes shown, labelled);
# diff_skipped; replications; and in data_dir, differences-I.csv
# (position,pct,pct_low,pct_high,significant) for strategy I = 2, 3, ...

script_dir(s) = strstrt(s, '/') == 0 ? '' : \
    s[1:strstrt(s, '/')].script_dir(s[strstrt(s, '/') + 1:])
plot_name = 'compare-differences'
plot_title = 'differences between strategies'
load script_dir(ARG0).'lib-experiment.gp'

n_s = count_of('strategy_count')
n_p = count_of('diff_count')
strategy(i) = nth('strategy', i)
diff_file(i) = data(sprintf('differences-%d.csv', i))
skipped = text_of('diff_skipped')

if (n_s < 2 || n_p == 0) {
    no_data_text = n_s < 2 ? 'One strategy only: there is nothing to ' \
        .'compare.' : 'No outcome has a reference mean other than 0.'
    eval no_data
} else {
    plot_title = sprintf("paired difference to %s in %% of its mean " \
        ."(%s each)", strategy(1), replication_text)
    # One x range for all panels, so that their differences compare,
    # with 0 inside and room for the labels beside the points.
    x_lo = 0
    x_hi = 0
    do for [i = 2:n_s] {
        undefine STATS_records
        stats diff_file(i) using (column('pct_low') == column('pct_low') ? \
            column('pct_low') : column('pct')) nooutput
        if (exists('STATS_records') && STATS_records > 0) {
            x_lo = STATS_min < x_lo ? STATS_min : x_lo
        }
        undefine STATS_records
        stats diff_file(i) using (column('pct_high') == column('pct_high') ? \
            column('pct_high') : column('pct')) nooutput
        if (exists('STATS_records') && STATS_records > 0) {
            x_hi = STATS_max > x_hi ? STATS_max : x_hi
        }
    }
    x_pad = (x_hi - x_lo) * 0.15 + 1e-9
    x_lo = x_lo - (x_lo < 0 ? 2 : 1) * x_pad
    x_hi = x_hi + (x_hi > 0 ? 2 : 1) * x_pad

    panels = n_s - 1
    grid_cols = panels <= 3 ? panels : 3
    grid_rows = int(ceil(panels * 1.0 / grid_cols))
    panel_w = 360
    # A row per outcome, about 24 pixels each.
    panel_h = 24 * n_p + 96
    # The outcome labels stand left of the first column only.
    first_left = 250
    pad_left = 14
    pad_top = 40     # a second row's titles clear the first row's x label
    pad_bottom = 60
    footer_h = skipped eq '' ? 10 : 30
    eval size_canvas
    eval start_figure
    set xrange [x_lo:x_hi]
    set yrange [n_p + 0.6:0.4]
    set xtics format '%g%%'
    set mxtics 2
    # Grid lines carry each outcome's row across the panels.
    set grid xtics ytics
    set xlabel 'difference (% of reference mean)'
    # Outcome labels from the variables, not from the files: a strategy
    # whose difference is undefined for an outcome leaves a gap, not a
    # shifted axis.
    set arrow 1 from first 0, graph 0 to first 0, graph 1 nohead \
        lc rgb '#555555' lw 1 back
    if (skipped ne '') {
        set label 2 'not shown (reference mean 0 or undefined): '.skipped \
            at screen 0.5, screen 12.0 / H center tc rgb c_note font ',9'
    }
    # The interval, or the point alone when the interval is undefined.
    low(x) = column('pct_low') == column('pct_low') ? column('pct_low') : x
    high(x) = column('pct_high') == column('pct_high') ? \
        column('pct_high') : x
    # A percentage for a label: +10.1%, -72.3%, +1290%.
    pct_text(v) = abs(v) >= 1000 ? sprintf('%+.0f%%', v) : \
        sprintf('%+.3g%%', v)
    significant(y) = column('significant') == 1 ? y : NaN
    not_significant(y) = column('significant') == 1 ? NaN : y
    do for [i = 2:n_s] {
        p_col = (i - 2) % grid_cols
        p_row = (i - 2) / grid_cols
        eval place_panel
        set ytics () scale 0
        do for [p = 1:n_p] {
            set ytics add ((p_col == 0 ? nth('diff_outcome', p) : '') p)
        }
        set title strategy(i).' - '.strategy(1) font ',11' \
            tc rgb line_colour(i)
        plot diff_file(i) using 'pct':(significant(column('position'))):\
                (low(column('pct'))):(high(column('pct'))) \
                with xerrorbars pt 7 ps 1.1 lw 1.5 lc rgb line_colour(i), \
            '' using 'pct':(not_significant(column('position'))):\
                (low(column('pct'))):(high(column('pct'))) \
                with xerrorbars pt 6 ps 1.1 lw 1.5 lc rgb line_colour(i), \
            '' using (high(column('pct'))):\
                (column('pct') >= 0 ? significant(column('position')) : NaN):\
                (pct_text(column('pct'))) \
                with labels left offset 0.8, 0 font ',9' \
                tc rgb line_colour(i), \
            '' using (low(column('pct'))):\
                (column('pct') < 0 ? significant(column('position')) : NaN):\
                (pct_text(column('pct'))) \
                with labels right offset -0.8, 0 font ',9' \
                tc rgb line_colour(i)
        unset label 2
    }
    key_entries = "NaN with points pt 7 ps 1.1 lc rgb '#555555' " \
        ."title 'mean; interval excludes 0', NaN with points pt 6 ps 1.1 " \
        ."lc rgb '#555555' title 'interval includes 0', NaN with lines " \
        ."lw 1.5 lc rgb '#555555' title 'confidence interval'"
    eval draw_key
}
