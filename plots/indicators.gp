# indicators.gp: outcome indicators and aid need. One panel per unit that
# declares an indicator (the series `indicator`, in the indicator's own
# unit) and one per country with a fiscal block (`aid_need`, % of GDP):
# the median across replications and the 5-95% band, from summary.csv.
#
#   gnuplot -e "dir='results/financia'; out='indicators.png'" plots/indicators.gp
#
# Inputs are described in lib.gp. Indicators have different units, so
# every panel keeps its own y scale and names it.

script_dir(s) = strstrt(s, '/') == 0 ? '' : \
    s[1:strstrt(s, '/')].script_dir(s[strstrt(s, '/') + 1:])
plot_name = 'indicators'
plot_title = 'outcome indicators and aid need'
want = 'indicator aid_need'
own_rows = 1
load script_dir(ARG0).'lib.gp'

# Panels in file order: the indicator units, then the countries (as
# "COUNTRY/" so that both kinds go through the same loop). Only their
# rows are copied, once they are chosen.
panels = units
do for [c in countries] { panels = panels.' '.c.'/' }
n = words(panels)
if (n > max_panels) {
    panel_note = sprintf(' (first %d of %d panels)', max_panels, n)
    kept = ''
    do for [i = 1:max_panels] { kept = kept.' '.word(panels, i) }
    panels = kept
    n = max_panels
}
only_units = panels
eval copy_rows

if (n == 0) {
    no_data_text = 'This run wrote no indicator or aid_need series.'
    eval no_data
} else {
    grid_cols = n <= 3 ? n : n <= 4 ? 2 : n <= 9 ? 3 : 4
    grid_rows = int(ceil(n * 1.0 / grid_cols))
    W = grid_cols * panel_w + 20
    H = header_h + grid_rows * panel_h + footer_h
    eval start_output
    set ytics format '%g'
    slot = 0
    do for [u in panels] {
        slot = slot + 1
        c = part1(u)
        t = part2(u)
        is_aid = t eq ''
        s = is_aid ? 'aid_need' : 'indicator'
        eval place_panel
        # Units differ from panel to panel: every panel names its own.
        set ylabel (is_aid ? 'aid need (% of GDP)' : 'indicator (its own unit)')
        set title (is_aid ? sprintf('%s: aid need', c) \
            : sprintf('%s / %s: indicator', c, t)) font ',11'
        colour = is_aid ? c_aid_need : c_indicator
        band = is_aid ? c_aid_need_band : c_indicator_band
        # Aid need can change sign (a surplus is negative): mark zero when
        # the band crosses it, without pulling the scale down to it
        # otherwise. The previous panel's y range goes first: stats of
        # one column would keep only the values inside it.
        set yrange [*:*]
        stats $S using (row_is(s, c, t) ? column('p05') : NaN) nooutput
        y_lo = STATS_min
        stats $S using (row_is(s, c, t) ? column('p95') : NaN) nooutput
        y_hi = STATS_max
        # A constant series gets a visible range around its value.
        if (y_hi - y_lo < 1e-9) {
            set yrange [y_lo - 1:y_hi + 1]
        } else {
            set yrange [*:*]
        }
        plot $S using 'year':(row_is(s, c, t) ? column('p05') : NaN):'p95' \
                with filledcurves fc rgb band, \
            $S using 'year':(row_is(s, c, t) ? column('p50') : NaN) \
                with lines lw 2 lc rgb colour, \
            (y_lo < 0 && y_hi > 0 ? 0 : NaN) with lines lw 1 \
                lc rgb '#888888' dt 2
    }
    # The key names only the kinds of panel drawn.
    has_aid = 0
    has_indicator = 0
    do for [u in panels] {
        if (part2(u) eq '') { has_aid = 1 } else { has_indicator = 1 }
    }
    key_entries = (has_indicator ? "NaN with lines lw 2 lc rgb " \
            ."c_indicator title 'indicator, median', " : "") \
        .(has_aid ? "NaN with lines lw 2 lc rgb c_aid_need " \
            ."title 'aid need, median', " : "") \
        ."NaN with filledcurves fc rgb '#cccccc' " \
        ."title '5-95% of replications (shaded)'"
    eval draw_key
}
