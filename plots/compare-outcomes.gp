# compare-outcomes.gp: the key outcomes of a comparison side by side: one
# panel per outcome (capacity at the end, retention after 3 years,
# dependency, total cost, cost per unit of capacity, indicator at the
# end, those the comparison has), a bar per strategy with the mean across
# replications and whiskers of its confidence interval.
#
#   tasim plot results/financia-compare
#
# Bars start at 0, so their heights compare as magnitudes; small but
# real differences show better in compare-differences.
#
# Inputs (see lib-experiment.gp): strategy_count, strategy_1, ...;
# outcome_count, outcome_1, outcome_unit_1, ...; replications; and in
# data_dir, outcome-K.csv (strategy,mean,ci_low,ci_high) for panel K.

script_dir(s) = strstrt(s, '/') == 0 ? '' : \
    s[1:strstrt(s, '/')].script_dir(s[strstrt(s, '/') + 1:])
plot_name = 'compare-outcomes'
plot_title = 'key outcomes by strategy'
load script_dir(ARG0).'lib-experiment.gp'

n_s = count_of('strategy_count')
n_o = count_of('outcome_count')
strategy(i) = nth('strategy', i)
outcome_file(k) = data(sprintf('outcome-%d.csv', k))

if (n_s == 0 || n_o == 0) {
    no_data_text = 'This comparison has none of the outcomes to show.'
    eval no_data
} else {
    plot_title = sprintf('key outcomes by strategy (%s each): bar, mean; ' \
        .'whisker, confidence interval', replication_text)
    grid_cols = n_o <= 3 ? n_o : 3
    grid_rows = int(ceil(n_o * 1.0 / grid_cols))
    # Room for each strategy's bar and its name.
    panel_w = 100 + 70 * n_s
    panel_w = panel_w < 320 ? 320 : panel_w
    panel_h = 290
    pad_left = 60
    first_left = 60
    # Names turn when they would collide.
    turned = n_s > 4
    pad_bottom = turned ? 70 : 40
    header_h = 60
    eval size_canvas
    eval start_figure
    set xrange [0.4:n_s + 0.6]
    set xtics () scale 0 font ',9'
    do for [i = 1:n_s] { set xtics add (strategy(i) i) }
    if (turned) { set xtics rotate by 30 right }
    unset mxtics
    set grid noxtics ytics
    set boxwidth 0.62 absolute
    set style fill solid 0.85 noborder
    set xzeroaxis lt 1 lc rgb '#555555'
    # A whisker's end, or the mean when the interval is undefined.
    low(m) = column('ci_low') == column('ci_low') ? column('ci_low') : m
    high(m) = column('ci_high') == column('ci_high') ? column('ci_high') : m
    do for [k = 1:n_o] {
        p_col = (k - 1) % grid_cols
        p_row = (k - 1) / grid_cols
        eval place_panel
        # 0 always on the axis, since bars are magnitudes, and headroom
        # for the values above the whiskers (below negative ones).
        # (stats keeps to the ranges set: free them first.)
        set yrange [*:*]
        stats [*:*] outcome_file(k) using (low(column('mean'))) nooutput
        y_lo = STATS_min < 0 ? STATS_min : 0
        stats [*:*] outcome_file(k) using (high(column('mean'))) nooutput
        y_hi = STATS_max > 0 ? STATS_max : 0
        y_pad = (y_hi - y_lo) * 0.12
        y_pad = y_pad > 0 ? y_pad : 1
        set yrange [y_lo - (y_lo < 0 ? y_pad : 0):y_hi + (y_hi > 0 || \
            y_lo == 0 ? y_pad : 0)]
        y_step = nice_step(y_hi - y_lo, 4)
        set ytics y_step format tic_format(y_hi > -y_lo ? y_hi : -y_lo, y_step)
        set title with_unit(nth('outcome', k), nth('outcome_unit', k)) \
            font ',11'
        # The value stands above the whisker of a positive bar and below
        # that of a negative one.
        plot for [i = 1:n_s] outcome_file(k) using 'strategy':\
                (column('strategy') == i ? column('mean') : NaN) \
                with boxes lc rgb line_colour(i), \
            '' using 'strategy':(low(column('mean'))):(0):\
                (high(column('mean')) - low(column('mean'))) \
                with vectors heads size screen 0.006, 90 lw 1.2 \
                lc rgb '#333333', \
            '' using 'strategy':(column('mean') >= 0 ? \
                high(column('mean')) : NaN):(short(column('mean'))) \
                with labels font ',9' offset 0, 0.7, \
            '' using 'strategy':(column('mean') < 0 ? \
                low(column('mean')) : NaN):(short(column('mean'))) \
                with labels font ',9' offset 0, -0.7
    }
    unset multiplot
}
