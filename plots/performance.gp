# performance.gp: each unit's median performance P and median capacity K
# across replications (summary.csv), with the gap between them filled:
# where P is above K, the part of what gets done that the experts do,
# which leaves with them; where P is below K, what counterpart staff
# lose to looking after several programmes at once (docs/outputs.md).
# Programme periods of replication 0 are shaded as in capacity.gp.
#
#   gnuplot -e "dir='results/financia'; out='performance.png'" plots/performance.gp
#
# Inputs are described in lib.gp.

script_dir(s) = strstrt(s, '/') == 0 ? '' : \
    s[1:strstrt(s, '/')].script_dir(s[strstrt(s, '/') + 1:])
plot_name = 'performance'
plot_title = 'performance and capacity (medians) and the dependency gap'
want = 'capacity performance'
load script_dir(ARG0).'lib.gp'

# Both series are needed: output.series may have kept only one.
both = 0
if (have_rows) {
    stats $S using (strcol('series') eq 'performance' ? 1 : NaN) nooutput
    both = exists('STATS_records') && STATS_records > 0
    undefine STATS_records
    stats $S using (strcol('series') eq 'capacity' ? 1 : NaN) nooutput
    both = both && exists('STATS_records') && STATS_records > 0
}
if (words(panels) == 0 || !both) {
    no_data_text = 'This run did not write both the capacity and the ' \
        .'performance series.'
    eval no_data
} else {
    eval load_programmes
    stats $S using 'p50' nooutput
    y_top = STATS_max >= 0.95 ? 1 : ceil(STATS_max * 10 + 1e-9) / 10.0
    y_label = 'share, 0-1'
    eval start_output
    set yrange [0:y_top]
    set ytics format '%g'
    slot = 0
    do for [u in panels] {
        slot = slot + 1
        if (u ne '-') {
            c = part1(u)
            t = part2(u)
            # filledcurves needs both curves on one row, but summary.csv
            # has one row per series: join the two medians sample by
            # sample into $J (both series are written at every sample, in
            # the same order).
            set table $Kt
            plot $S using (sprintf('%s,%s', strcol('year'), strcol('p50'))) \
                with table if (row_is('capacity', c, t))
            set table $Pt
            plot $S using (strcol('p50')) with table \
                if (row_is('performance', c, t))
            unset table
            set print $J
            print 'year,capacity,performance'
            if (|$Kt| == |$Pt|) {
                do for [i = 1:|$Kt|] { print $Kt[i].','.$Pt[i] }
            }
            unset print
            eval place_panel
            set title sprintf('%s / %s', c, t) font ',11'
            plot @shade_programmes, \
                $J using 'year':'performance':'capacity' \
                    with filledcurves above fc rgb c_gap, \
                $J using 'year':'performance':'capacity' \
                    with filledcurves below fc rgb c_burden, \
                $J using 'year':'capacity' with lines lw 2 lc rgb c_capacity, \
                $J using 'year':'performance' \
                    with lines lw 2 lc rgb c_performance
        }
    }
    key_entries = "NaN with lines lw 2 lc rgb c_performance " \
        ."title 'performance P', " \
        ."NaN with lines lw 2 lc rgb c_capacity title 'capacity K', " \
        ."NaN with filledcurves fc rgb c_gap " \
        ."title 'P above K: done by experts', " \
        ."NaN with filledcurves fc rgb c_burden " \
        ."title 'P below K: counterpart burden', " \
        ."NaN with boxes fs solid 1 noborder fc rgb c_programme " \
        ."title 'programme periods (replication 0)'"
    eval draw_key
}
