# sweep-indices.gp: which parameters of a sweep matter, from its
# sensitivity indices (sensitivity.csv), for the key outcomes (capacity
# at the end, retention after 3 years, cost per unit of capacity, those
# the sweep has; else its first outcome).
#
#   tasim plot results/financia-sweep
#
# Sobol' designs: per outcome, a bar per parameter for the first-order
# index (the share of the outcome's variance that the parameter explains
# alone) and the total index (alone and through its interactions with
# the others), with bootstrap confidence intervals; largest total first.
# A total well above the first-order index means interactions.
#
# Morris designs: per outcome, mu* (the mean absolute elementary effect:
# how much the outcome moves across the parameter's range) against sigma
# (their spread: nonlinearity or interactions), each parameter labelled,
# and mu* as bars with mu (the signed mean) as a diamond: mu near -mu*
# means the outcome falls as the parameter rises. Parameters above the
# dashed line sigma = mu* act mostly through nonlinearity or
# interactions.
#
# Inputs (see lib-experiment.gp): index_method ('sobol' or 'morris'),
# index_count, index_outcome_1, index_unit_1, ...; index_params and
# index_params_total; index_label_chars (the longest parameter label);
# replications; and in data_dir, indices-K.csv for
# outcome K: label,first,first_low,first_high,total,total_low,total_high
# (Sobol') or label,mu,mu_star,sigma (Morris), largest index first.

script_dir(s) = strstrt(s, '/') == 0 ? '' : \
    s[1:strstrt(s, '/')].script_dir(s[strstrt(s, '/') + 1:])
plot_name = 'sweep-indices'
plot_title = 'sensitivity indices'
load script_dir(ARG0).'lib-experiment.gp'

method = text_of('index_method')
n_o = count_of('index_count')
n_p = count_of('index_params')
index_file(k) = data(sprintf('indices-%d.csv', k))
outcome_label(k) = with_unit(nth('index_outcome', k), nth('index_unit', k))
param_note = count_of('index_params_total') > n_p ? sprintf( \
    ' (the %d of %d parameters with the largest index)', n_p, \
    count_of('index_params_total')) : ''
# Room for the parameter labels left of a panel: about 6.5 pixels a
# character at the 10-point tic font. Morris labels end in their
# point's number, " (12)".
label_chars = count_of('index_label_chars') + (method eq 'morris' ? \
    3 + strlen(sprintf('%d', n_p)) : 0)
label_w = 24 + int(6.5 * label_chars)
label_w = label_w < 90 ? 90 : label_w > 330 ? 330 : label_w
# An interval's end, or the value when the interval is undefined.
end_or(c, v) = column(c) == column(c) ? column(c) : v
c_first = '#9ecae1'
c_total = '#08519c'
c_sigma_line = '#999999'
# Outside the blocks below: gnuplot reads a quote inside a { } block as
# the start of a string, even inside another string.
sobol_title = "Sobol' indices: first-order (alone) and total (with " \
    ."interactions); whisker, bootstrap interval"

if (n_o == 0 || n_p == 0) {
    no_data_text = 'The sensitivity indices of this sweep are all undefined.'
    eval no_data
} else { if (method eq 'sobol') {
    plot_title = sobol_title.param_note
    # One panel per outcome side by side, parameters down each panel,
    # largest total index at the top.
    grid_cols = n_o
    grid_rows = 1
    panel_w = 270 + label_w
    panel_h = 30 * n_p + 110
    panel_h = panel_h < 240 ? 240 : panel_h
    pad_left = label_w
    first_left = label_w
    eval size_canvas
    eval start_figure
    # One x range for all panels, from 0 (or below) to 1 (or above).
    x_lo = 0
    x_hi = 1
    do for [k = 1:n_o] {
        do for [c in 'first_low first total_low total'] {
            undefine STATS_min
            stats [*:*][*:*] index_file(k) using (column(c)) nooutput
            if (exists('STATS_min')) {
                x_lo = STATS_min < x_lo ? STATS_min : x_lo
            }
        }
        do for [c in 'first_high first total_high total'] {
            undefine STATS_max
            stats [*:*][*:*] index_file(k) using (column(c)) nooutput
            if (exists('STATS_max')) {
                x_hi = STATS_max > x_hi ? STATS_max : x_hi
            }
        }
    }
    # Estimates from few samples can stray far outside [0, 1]; beyond
    # [-0.5, 1.5] they say only that more samples are needed, and the
    # whiskers end at the frame.
    x_lo = x_lo < -0.5 ? -0.5 : x_lo
    x_hi = x_hi > 1.5 ? 1.5 : x_hi
    x_step = nice_step(x_hi - x_lo, 4)
    set xrange [floor(x_lo / x_step) * x_step:ceil(x_hi / x_step) * x_step]
    set yrange [n_p + 0.6:0.4]
    set xtics x_step format '%g'
    set mxtics 2
    set grid xtics noytics
    set xlabel 'index (share of variance)'
    set style fill solid 1 noborder
    set arrow 1 from first 0, graph 0 to first 0, graph 1 nohead \
        lc rgb '#555555' back
    bar = 0.17
    do for [k = 1:n_o] {
        p_col = k - 1
        p_row = 0
        eval place_panel
        set title outcome_label(k) font ',11'
        plot index_file(k) using (column('first') / 2):($0 + 1 - bar):\
                (abs(column('first')) / 2):(bar * 0.9):ytic(strcol('label')) \
                with boxxyerror fc rgb c_first, \
            '' using (column('total') / 2):($0 + 1 + bar):\
                (abs(column('total')) / 2):(bar * 0.9) \
                with boxxyerror fc rgb c_total, \
            '' using (end_or('first_low', column('first'))):($0 + 1 - bar):\
                (end_or('first_high', column('first')) - \
                end_or('first_low', column('first'))):(0) \
                with vectors heads size screen 0.004, 90 lw 1.1 \
                lc rgb '#333333', \
            '' using (end_or('total_low', column('total'))):($0 + 1 + bar):\
                (end_or('total_high', column('total')) - \
                end_or('total_low', column('total'))):(0) \
                with vectors heads size screen 0.004, 90 lw 1.1 \
                lc rgb '#333333'
    }
    key_entries = "NaN with boxes fs solid 1 noborder fc rgb c_first " \
        ."title 'first-order', NaN with boxes fs solid 1 noborder " \
        ."fc rgb c_total title 'total'"
    eval draw_key
} else {
    plot_title = 'Morris screening: mu*, mean absolute effect; sigma, ' \
        .'spread of the effects'.param_note
    # A row per outcome: mu* against sigma, then mu* and mu as bars.
    grid_cols = 2
    grid_rows = n_o
    panel_w = 230 + label_w
    panel_h = 30 * n_p + 130
    panel_h = panel_h < 260 ? 260 : panel_h
    pad_left = label_w
    first_left = 80
    pad_top = 40
    pad_bottom = 52
    eval size_canvas
    eval start_figure
    set style fill solid 1 noborder
    do for [k = 1:n_o] {
        # Left: the scatter, from 0, with room right of the points for
        # their labels.
        p_col = 0
        p_row = k - 1
        eval place_panel
        set autoscale
        set xrange [*:*]
        set yrange [*:*]
        x_top = 1
        y_top = 1
        undefine STATS_max
        stats [*:*][*:*] index_file(k) using 'mu_star' nooutput
        if (exists('STATS_max') && STATS_max > 0) { x_top = STATS_max * 1.45 }
        undefine STATS_max
        stats [*:*][*:*] index_file(k) using 'sigma' nooutput
        if (exists('STATS_max') && STATS_max > 0) { y_top = STATS_max * 1.15 }
        set xrange [0:x_top]
        set yrange [0:y_top]
        x_step = nice_step(x_top, 3)  # narrow panels: room for 3 labels
        y_step = nice_step(y_top, 5)
        set xtics x_step format tic_format(x_top, x_step)
        set ytics y_step format tic_format(y_top, y_step)
        set mxtics 2
        set grid xtics ytics
        set xlabel 'mu*'
        set ylabel 'sigma'
        set title outcome_label(k) font ',11'
        set arrow 1 from 0, 0 to (x_top < y_top ? x_top : y_top), \
            (x_top < y_top ? x_top : y_top) nohead dt 2 \
            lc rgb c_sigma_line back
        # Points carry the number of their parameter's bar on the right:
        # names would overlap where two parameters matter alike.
        plot index_file(k) using 'mu_star':'sigma' with points pt 7 \
                ps 1 lc rgb c_total, \
            '' using 'mu_star':'sigma':(sprintf('%d', $0 + 1)) with labels \
                left offset 0.6, 0.4 font ',9' tc rgb '#333333'
        unset arrow 1
        # Right: mu* as bars and mu as diamonds, largest mu* at the top.
        p_col = 1
        eval place_panel
        set autoscale
        x_lo = 0
        x_hi = x_top / 1.45 * 1.1
        undefine STATS_min
        stats [*:*][*:*] index_file(k) using 'mu' nooutput
        if (exists('STATS_min') && STATS_min < 0) { x_lo = STATS_min * 1.1 }
        set xrange [x_lo:x_hi]
        set yrange [n_p + 0.6:0.4]
        x_step = nice_step(x_hi - x_lo, 3)
        set xtics x_step format tic_format(x_hi > -x_lo ? x_hi : -x_lo, x_step)
        set ytics autofreq
        set grid xtics noytics
        unset ylabel
        set xlabel with_unit('effect', nth('index_unit', k))
        set title outcome_label(k) font ',11'
        set arrow 2 from first 0, graph 0 to first 0, graph 1 nohead \
            lc rgb '#555555' back
        plot index_file(k) using (column('mu_star') / 2):($0 + 1):\
                (column('mu_star') / 2):(0.3):\
                ytic(sprintf('%s (%d)', strcol('label'), $0 + 1)) \
                with boxxyerror fc rgb c_first, \
            '' using 'mu':($0 + 1) with points pt 13 ps 1.4 lc rgb c_total
        unset arrow 2
    }
    key_entries = "NaN with points pt 7 lc rgb c_total title " \
        ."'mu* vs sigma', NaN with lines dt 2 lc rgb c_sigma_line " \
        ."title 'sigma = mu*', NaN with boxes fs solid 1 noborder " \
        ."fc rgb c_first title 'mu*', NaN with points pt 13 ps 1.4 " \
        ."lc rgb c_total title 'mu (signed)'"
    eval draw_key
} }
