# capacity.gp: fan chart of each unit's capacity: the median across
# replications and the band from the 5% to the 95% quantile, from
# summary.csv, over the periods of the programmes of replication 0
# (programmes.csv) shaded in grey.
#
#   gnuplot -e "dir='results/financia'; out='capacity.png'" plots/capacity.gp
#
# Inputs are described in lib.gp. All panels share one y scale so that
# units can be compared at a glance.

script_dir(s) = strstrt(s, '/') == 0 ? '' : \
    s[1:strstrt(s, '/')].script_dir(s[strstrt(s, '/') + 1:])
plot_name = 'capacity'
plot_title = 'capacity of each unit'
want = 'capacity'
load script_dir(ARG0).'lib.gp'

if (words(panels) == 0) {
    no_data_text = 'This run wrote no capacity series.'
    eval no_data
} else {
    eval load_programmes
    stats $S using 'p95' nooutput
    # Round the top up to a tenth so the axis ends on a labelled tic.
    y_top = STATS_max >= 0.95 ? 1 : ceil(STATS_max * 10 + 1e-9) / 10.0
    y_label = 'capacity (share, 0-1)'
    eval start_output
    set yrange [0:y_top]
    set ytics format '%g'
    slot = 0
    do for [u in panels] {
        slot = slot + 1
        if (u ne '-') {
            c = part1(u)
            t = part2(u)
            eval place_panel
            set title sprintf('%s / %s', c, t) font ',11'
            plot @shade_programmes, \
                $S using 'year':(row_is('capacity', c, t) ? column('p05') \
                    : NaN):'p95' with filledcurves fc rgb c_capacity_band, \
                $S using 'year':(row_is('capacity', c, t) ? column('p50') \
                    : NaN) with lines lw 2 lc rgb c_capacity
        }
    }
    key_entries = "NaN with lines lw 2 lc rgb c_capacity title 'median', " \
        ."NaN with filledcurves fc rgb c_capacity_band " \
        ."title '5-95% of replications', " \
        ."NaN with boxes fs solid 1 noborder fc rgb c_programme " \
        ."title 'programme periods (replication 0)'"
    eval draw_key
}
