# queues.gp: waiting for TA. Top row: each expert pool (provider and
# topic) with the requests waiting for one of its experts (expert_queue)
# and their waits (expert_wait). Bottom row: each unit's requests waiting
# for a programme (queue) and their waits (wait). Rows whose series the run
# did not write are left out; with none at all the figure says so.
#
#   gnuplot -e "dir='results/crisis'; out='queues.png'" plots/queues.gp
#
# Inputs are described in lib.gp.
#
# Values are yearly averages of the means across replications, drawn at
# the middle of each year: monthly waits rest on the few requests served
# in a month and would draw as noise. Waits are weighted by the number of
# replications with a wait in each interval (summary.csv's n), so that a
# month when one replication served a request counts less than a month
# when all did; they are shown in months (tasim's clock runs in years).

script_dir(s) = strstrt(s, '/') == 0 ? '' : \
    s[1:strstrt(s, '/')].script_dir(s[strstrt(s, '/') + 1:])
plot_name = 'queues'
plot_title = 'waiting for TA, yearly averages of the means'
want = 'expert_queue expert_wait queue wait'
own_rows = 1
load script_dir(ARG0).'lib.gp'

# At most this many lines per panel (the first pools or units in file
# order) besides their average over all of them.
if (!exists("max_lines")) max_lines = 16

# Yearly averages of series `s` for owner/topic `q` into $Y (year,value),
# read from `src` (the name of a datablock, or an expression that gives a
# file name, as text to expand): `eval yearly`; q = '*' averages
# over every pool or unit. Queue lengths are averaged over the samples of
# the year, waits over its intervals weighted by n. A sample counts in the
# calendar year that holds most of the interval it closes, as in cost.gp:
# the last sample of a period ending on 1 January closes a year rather
# than opening one.
y0 = floor(year_min)
n_years = int(ceil(year_max)) - y0 + 1
array num[n_years]
array den[n_years]
year_of(t) = t <= year_min ? floor(t) : floor(t - dt / 2 + 1e-9)
yearly = "do for [i = 1:n_years] { num[i] = 0; den[i] = 0 }; " \
    ."flow = s eq 'wait' || s eq 'expert_wait'; " \
    ."stats @src using (strcol('series') eq s && (q eq '*' || row_of(q)) && " \
    ."column('n') > 0 ? (yi = year_of(column('year')) - y0 + 1, " \
    ."wt = flow ? column('n') : 1, " \
    ."num[yi] = num[yi] + wt * column('mean'), den[yi] = den[yi] + wt, 0) " \
    .": 0) nooutput; " \
    ."set print $Y; print 'year,value'; do for [i = 1:n_years] { " \
    ."if (den[i] > 0) { print sprintf('%.10g,%.10g', y0 + i - 0.5, " \
    ."num[i] / den[i] * (flow ? 12 : 1)) } }; unset print"

# Which rows there are: pools with expert series, units with request ones.
has_expert = words(pools) > 0
has_request = words(units) > 0
if (!has_expert && !has_request) {
    no_data_text = 'This run wrote no queue or wait series.'
    eval no_data
} else {
    grid_cols = 2
    grid_rows = has_expert + has_request
    panel_w = 720
    panel_h = 330
    panel_right = 40
    header_h = 66
    W = grid_cols * panel_w + 20
    H = header_h + grid_rows * panel_h + footer_h
    eval start_output
    set yrange [0:*]
    set ytics format '%g'
    set key outside right top vertical Left reverse samplen 2.5 \
        spacing 1 font ',9' noautotitle
    slot = 0
    do for [row = 1:2] {
        if ((row == 1 && has_expert) || (row == 2 && has_request)) {
            list = row == 1 ? pools : units
            do for [s in (row == 1 ? 'expert_queue expert_wait' : 'queue wait')] {
                slot = slot + 1
                # The two panels of a row show the same pools or units:
                # one key, right of the second, names them for both.
                panel_right = slot % 2 == 0 ? 210 : 40
                eval place_panel
                # Every panel names its own axis: the four measure
                # different things.
                set ylabel (s eq 'expert_queue' ? 'requests waiting for an expert' \
                    : s eq 'expert_wait' ? 'wait for an expert (months)' \
                    : s eq 'queue' ? 'requests waiting for a programme' \
                    : 'wait for a programme (months)')
                panel_title = s eq 'expert_queue' ? \
                    'expert queue, by provider / topic' \
                    : s eq 'expert_wait' ? 'expert wait, by provider / topic' \
                    : s eq 'queue' ? 'request queue, by country / topic' \
                    : 'request wait, by country / topic'
                # All lines of the panel in one table, told apart by
                # their number in `list`. Their rows are copied out of the
                # series' file first: each line is one pass over them.
                n_all = words(list)
                n_lines = n_all < max_lines ? n_all : max_lines
                shown = ''
                do for [i = 1:n_lines] { shown = shown.' '.word(list, i) }
                set title panel_title.(n_all > n_lines ? \
                    sprintf(' (first %d of %d)', n_lines, n_all) : '') \
                    font ',11'
                set print $Q
                print 'year,country,topic,series,n,mean'
                unset print
                if (present(s)) {
                    set table $Q append
                    plot src_of(s) using (sprintf('%s,%s,%s,%s,%s,%s', \
                        strcol('year'), strcol('country'), strcol('topic'), \
                        strcol('series'), strcol('n'), strcol('mean'))) \
                        with table if (strcol('series') eq s && has_word( \
                            shown, strcol('country').'/'.strcol('topic')))
                    unset table
                }
                set print $ALL
                print 'line,year,value'
                unset print
                src = '$Q'
                do for [i = 1:n_lines] {
                    q = word(list, i)
                    eval yearly
                    set print $ALL append
                    do for [k = 2:|$Y|] { print sprintf('%d,%s', i, $Y[k]) }
                    unset print
                }
                # With many lines, their average in bold reads first.
                if (n_all > 2 && present(s)) {
                    q = '*'
                    src = 'src_of(s)'
                    eval yearly
                    set print $ALL append
                    do for [k = 2:|$Y|] { print sprintf('0,%s', $Y[k]) }
                    unset print
                }
                # A panel where no one ever waited says so, on a unit
                # scale rather than a collapsed one.
                unset label 2
                v_max = 0
                if (|$ALL| > 1) {
                    # Free the previous panel's y range first: stats of
                    # one column keeps only the values inside it.
                    set yrange [*:*]
                    stats $ALL using 'value' nooutput
                    v_max = STATS_max
                }
                if (v_max > 0) {
                    set yrange [0:*]
                } else {
                    set yrange [0:1]
                    set label 2 (|$ALL| > 1 ? 'zero throughout: no one waited' \
                        : 'no request was served, so no wait to show') \
                        at graph 0.5, 0.5 center tc rgb c_note font ',11'
                }
                if (slot % 2 == 0) { set key } else { unset key }
                # Key entries come from NaN curves so that a pool or unit
                # without a single value in this panel is still named.
                plot for [i = 1:n_lines] $ALL using 'year':\
                    (column('line') == i ? column('value') : NaN) \
                    with linespoints lw 1.8 pt 7 ps 0.45 \
                    lc rgb line_colour(i) dt line_dash(i), \
                    $ALL using 'year':(column('line') == 0 ? \
                        column('value') : NaN) with lines lw 3.5 \
                        lc rgb '#222222', \
                    for [i = 1:n_lines] NaN with linespoints lw 1.8 pt 7 \
                    ps 0.45 lc rgb line_colour(i) dt line_dash(i) \
                    title sprintf('%s / %s', part1(word(list, i)), \
                        part2(word(list, i))), \
                    for [i = 1:(n_all > 2)] NaN with lines lw 3.5 \
                        lc rgb '#222222' title 'average of all'
            }
        }
    }
    unset multiplot
}
