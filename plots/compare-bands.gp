# compare-bands.gp: capacity and dependency over time under each strategy
# of a comparison, side by side: for each strategy the mean across
# replications (line) and the band from the 5% to the 95% quantile
# (translucent), of the mean over units, from compare-series.csv. All
# strategies ran on the same random numbers, so where their bands
# separate the strategies differ, not the luck of the draw.
#
#   tasim plot results/financia-compare
#
# Inputs (see lib-experiment.gp): strategy_count, strategy_1, ...;
# series_present (the series of compare-series.csv); replications; and in
# data_dir, series-SERIES-I.csv (year,n,mean,p05,p50,p95) for series
# capacity and dependency and strategy I.

script_dir(s) = strstrt(s, '/') == 0 ? '' : \
    s[1:strstrt(s, '/')].script_dir(s[strstrt(s, '/') + 1:])
plot_name = 'compare-bands'
plot_title = 'capacity and dependency by strategy'
load script_dir(ARG0).'lib-experiment.gp'

n_s = count_of('strategy_count')
strategy(i) = nth('strategy', i)
series_file(s, i) = data(sprintf('series-%s-%d.csv', s, i))
shown = ''
do for [s in 'capacity dependency'] {
    if (has_word(text_of('series_present'), s)) { shown = shown.' '.s }
}
series_label(s) = s eq 'capacity' ? 'capacity (share, 0-1)' : \
    s eq 'dependency' ? 'dependency (P - K) / P' : s

if (n_s == 0 || words(shown) == 0) {
    no_data_text = 'This comparison wrote no time series ' \
        .'(compare-series.csv).'
    eval no_data
} else {
    plot_title = sprintf('each strategy''s mean over units (%s each): ' \
        .'line, mean across replications', replication_text)
    # The period, from every strategy's capacity or dependency file.
    year_min = NaN
    year_max = NaN
    do for [i = 1:n_s] {
        undefine STATS_records
        stats series_file(word(shown, 1), i) using 'year' nooutput
        if (exists('STATS_records') && STATS_records > 0) {
            year_min = year_min < STATS_min ? year_min : STATS_min
            year_max = year_max > STATS_max ? year_max : STATS_max
        }
    }
    year_min = year_min == year_min ? year_min : 0
    year_max = year_max == year_max ? year_max : 1
    span = year_max - year_min
    x_step = span <= 8 ? 1 : span <= 16 ? 2 : span <= 40 ? 5 : 10

    # One wide panel per series, stacked: time reads left to right.
    panel_w = 980
    panel_h = 300
    grid_cols = 1
    grid_rows = words(shown)
    first_left = 72
    eval size_canvas
    eval start_figure
    set xrange [year_min:year_max]
    set xtics x_step format '%.0f'
    set mxtics x_step == 1 ? 4 : x_step
    set yrange [0:*]
    set ytics format '%g'
    p_col = 0
    do for [r = 1:grid_rows] {
        s = word(shown, r)
        p_row = r - 1
        eval place_panel
        set title s font ',11'
        set ylabel series_label(s)
        if (r == grid_rows) { set xlabel 'year' } else { unset xlabel }
        # Bands first, then every line on top of every band.
        plot for [i = 1:n_s] series_file(s, i) using 'year':'p05':'p95' \
                with filledcurves fc rgb line_colour(i) \
                fs transparent solid 0.18 noborder, \
            for [i = 1:n_s] series_file(s, i) using 'year':'mean' \
                with lines lw 2 lc rgb line_colour(i) dt line_dash(i)
    }
    key_entries = ''
    do for [i = 1:n_s] {
        key_entries = key_entries.(i > 1 ? ', ' : '') \
            .sprintf("NaN with lines lw 2 lc rgb line_colour(%d) " \
            ."dt line_dash(%d) title strategy(%d)", i, i, i)
    }
    key_entries = key_entries.", NaN with filledcurves fc rgb '#c8c8c8' " \
        ."title '5-95% of replications'"
    eval draw_key
}
