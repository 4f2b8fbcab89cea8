# dependency.gp: fan chart of each unit's dependency on experts,
# (P - K) / P, the share of what gets done that leaves with the experts:
# the median across replications and the band from the 5% to the 95%
# quantile (summary.csv), over the programme periods of replication 0.
# The mean is drawn too: where programmes are demand-driven, a unit has
# experts in only some replications at a time, so its median is 0 while
# the mean still shows how much it relies on them on average.
#
#   gnuplot -e "dir='results/financia'; out='dependency.png'" plots/dependency.gp
#
# Inputs are described in lib.gp. All panels share one y scale.

script_dir(s) = strstrt(s, '/') == 0 ? '' : \
    s[1:strstrt(s, '/')].script_dir(s[strstrt(s, '/') + 1:])
plot_name = 'dependency'
plot_title = 'dependency on experts, (P - K) / P'
want = 'dependency'
load script_dir(ARG0).'lib.gp'

if (words(panels) == 0) {
    no_data_text = 'This run wrote no dependency series.'
    eval no_data
} else {
    eval load_programmes
    stats $S using 'p95' nooutput
    # A run without experts has dependency 0 throughout: keep a visible
    # scale rather than a collapsed one.
    y_top = STATS_max >= 0.95 ? 1 : \
        STATS_max <= 0 ? 0.1 : ceil(STATS_max * 10 + 1e-9) / 10.0
    y_label = 'dependency (share, 0-1)'
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
            # A median of 0 at every sample lies on the axis, where it
            # cannot be seen: say so (experts were there in fewer than
            # half of the replications at any time).
            undefine STATS_max
            stats $S using (row_is('dependency', c, t) ? column('p50') : \
                NaN) nooutput
            if (exists('STATS_max') && STATS_max <= 0) {
                set label 3 'median 0 throughout' at graph 0.98, 0.92 \
                    right tc rgb c_note font ',9' front
            } else {
                unset label 3
            }
            # The mean goes under the median: where they agree, the
            # median's colour shows.
            plot @shade_programmes, \
                $S using 'year':(row_is('dependency', c, t) ? \
                    column('p05') : NaN):'p95' \
                    with filledcurves fc rgb c_dependency_band, \
                $S using 'year':(row_is('dependency', c, t) ? \
                    column('mean') : NaN) with lines lw 1.2 lc rgb '#444444', \
                $S using 'year':(row_is('dependency', c, t) ? \
                    column('p50') : NaN) with lines lw 2 lc rgb c_dependency
        }
    }
    key_entries = "NaN with lines lw 2 lc rgb c_dependency title 'median', " \
        ."NaN with lines lw 1.2 lc rgb '#444444' title 'mean', " \
        ."NaN with filledcurves fc rgb c_dependency_band " \
        ."title '5-95% of replications', " \
        ."NaN with boxes fs solid 1 noborder fc rgb c_programme " \
        ."title 'programme periods (replication 0)'"
    eval draw_key
}
