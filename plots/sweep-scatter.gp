# sweep-scatter.gp: what each parameter of a sweep does to the outcomes:
# for every design point, the outcome's mean across replications (with
# its confidence interval) against the value of each parameter. A row per
# outcome (capacity at the end, retention after 3 years, cost per unit of
# capacity, those the sweep has; else its first outcome), a column per
# parameter (the first six).
#
#   tasim plot results/financia-sweep
#
# All points vary every parameter at once, so a column shows one
# parameter's effect with the others' spread around it: a clear trend
# means the parameter matters across the whole range of the others. The
# indices of sweep-indices say the same in numbers.
#
# Inputs (see lib-experiment.gp): scatter_count, scatter_outcome_1,
# scatter_unit_1, scatter_points_1, ...; param_count, param_total,
# param_1, ... (labels: the last components of each path); point_count;
# replications; and in data_dir, scatter-K.csv
# (point,x1,...,mean,ci_low,ci_high) for outcome K.

script_dir(s) = strstrt(s, '/') == 0 ? '' : \
    s[1:strstrt(s, '/')].script_dir(s[strstrt(s, '/') + 1:])
plot_name = 'sweep-scatter'
plot_title = 'outcomes against parameters'
load script_dir(ARG0).'lib-experiment.gp'

n_o = count_of('scatter_count')
n_p = count_of('param_count')
n_points = count_of('point_count')
scatter_file(k) = data(sprintf('scatter-%d.csv', k))

if (n_o == 0 || n_p == 0) {
    no_data_text = 'This sweep has no outcome with a defined mean.'
    eval no_data
} else {
    drawn = count_of('scatter_points_1')
    plot_title = sprintf('each design point''s mean across replications ' \
        .'(%d points, %s each', n_points, replication_text) \
        .(drawn < n_points ? sprintf('; the first %d drawn', drawn) : '') \
        .(count_of('param_total') > n_p ? sprintf('; the first %d of %d ' \
        .'parameters', n_p, count_of('param_total')) : '').')'
    # Whiskers help only where there are few points, and only with more
    # than two replications: with two, the t quantile of one degree of
    # freedom (12.7 at 95%) makes each whisker some nine standard
    # deviations long, and the row's scale would follow them.
    whiskers = replications > 2 && drawn <= 300
    plot_title = plot_title.(whiskers ? '; whisker, confidence interval' : '')
    # A whisker's end, or the mean when the interval is undefined.
    end_or(c) = column(c) == column(c) && whiskers ? column(c) : column('mean')
    # Dense clouds get small translucent points.
    point_size = drawn > 1000 ? 0.25 : drawn > 200 ? 0.45 : 0.7
    point_colour = drawn > 1000 ? '#a01f5fa8' : drawn > 200 ? \
        '#601f5fa8' : c_capacity
    grid_cols = n_p
    grid_rows = n_o
    panel_w = n_p <= 2 ? 420 : n_p <= 4 ? 340 : 290
    panel_h = 250
    pad_left = 60
    first_left = 84
    header_h = 60
    eval size_canvas
    eval start_figure
    set grid xtics ytics
    set mxtics 2
    do for [k = 1:n_o] {
        # The same y range across the row, whiskers included.
        set yrange [*:*]
        stats [*:*][*:*] scatter_file(k) using (end_or('ci_low')) nooutput
        y_lo = STATS_min
        stats [*:*][*:*] scatter_file(k) using (end_or('ci_high')) nooutput
        y_hi = STATS_max
        y_step = nice_step(y_hi - y_lo, 5)
        set yrange [floor(y_lo / y_step) * y_step:ceil(y_hi / y_step) * y_step]
        set ytics y_step format tic_format(abs(y_hi) > abs(y_lo) ? \
            abs(y_hi) : abs(y_lo), y_step)
        do for [j = 1:n_p] {
            p_col = j - 1
            p_row = k - 1
            eval place_panel
            x_col = sprintf('x%d', j)
            stats [*:*][*:*] scatter_file(k) using x_col nooutput
            x_step = nice_step(STATS_max - STATS_min, panel_w < 400 ? 3 : 5)
            set xrange [floor(STATS_min / x_step) * x_step:\
                ceil(STATS_max / x_step) * x_step]
            set xtics x_step format tic_format(abs(STATS_max) > \
                abs(STATS_min) ? abs(STATS_max) : abs(STATS_min), x_step)
            set xlabel nth('param', j) offset 0, 0.3
            if (j == 1) {
                set ylabel with_unit(nth('scatter_outcome', k), \
                    nth('scatter_unit', k))
            } else {
                unset ylabel
            }
            # Whiskers as plain vectors: gnuplot's error bars blank a disc
            # around each point, which would hide its neighbours.
            plot scatter_file(k) using x_col:'ci_low':(0):\
                    (whiskers ? column('ci_high') - column('ci_low') : NaN) \
                    with vectors nohead lw 0.8 lc rgb c_capacity_band, \
                '' using x_col:'mean' with points pt 7 ps point_size \
                    lc rgb point_colour
        }
    }
    unset multiplot
}
