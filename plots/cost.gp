# cost.gp: what TA cost per calendar year, all units together, stacked by
# the five components (salaries, travel, training, equipment, logistics):
# the sum over units and sampling intervals of the mean across
# replications of the cost_* series of summary.csv.
#
#   gnuplot -e "dir='results/financia'; out='cost.png'" plots/cost.gp
#
# Inputs are described in lib.gp.
#
# The cost series are flows over the interval that ends at each sample.
# Each interval is counted in the calendar year that holds most of it
# (its midpoint), so yearly sampling is not shifted by a year and monthly
# sampling puts December in December; only a payment made exactly on the
# first of January can land in the year before. Each year's bar spans its
# year on the time axis. Means add up, so the stack is the mean total.

script_dir(s) = strstrt(s, '/') == 0 ? '' : \
    s[1:strstrt(s, '/')].script_dir(s[strstrt(s, '/') + 1:])
plot_name = 'cost'
plot_title = 'mean cost of TA per calendar year, all units'
want = 'cost_salaries cost_travel cost_training cost_equipment cost_logistics'
load script_dir(ARG0).'lib.gp'

components = want
component_name(j) = word('salaries travel training equipment logistics', j)
component_colour(j) = word('#4e79a7 #f28e2b #59a14f #e15759 #b07aa1', j)
# The components stacked up to the j-th: the j-th box covers the ones
# below it, so drawing j = 5 down to 1 leaves each component visible.
first_components(j) = components[1:strstrt(components.' ', \
    word(components, j)) + strlen(word(components, j))]

stats $S using 'mean' nooutput
if (!have_rows || STATS_sum <= 0) {
    no_data_text = have_rows ? 'No TA was spent in this run.' : \
        'This run wrote no cost series.'
    eval no_data
} else {
    # Scale so that the labels stay short.
    scale = STATS_sum >= 1e6 ? 1e6 : 1e3
    set ylabel sprintf('USD %s per year', scale == 1e6 ? 'million' : 'thousand')
    total_text = sprintf('; total %.3g %s USD', STATS_sum / scale, \
        scale == 1e6 ? 'million' : 'thousand')
    # The sampling interval, from the first two sample times.
    stats $S using (column('year') > year_min ? column('year') : NaN) nooutput
    dt = STATS_records > 0 ? STATS_min - year_min : 1
    year_of(t) = t <= year_min ? floor(t) : floor(t - dt / 2 + 1e-9)
    W = 1000
    H = 560
    if (term eq 'svg') {
        set terminal svg size W,H dynamic noenhanced font 'DejaVu Sans,10' \
            background '#ffffff'
    } else {
        set terminal pngcairo size W,H noenhanced font 'DejaVu Sans,10' \
            background '#ffffff'
    }
    set output out
    set title figure_title(plot_title).total_text font ',12'
    set xrange [floor(year_min):ceil(year_max)]
    # Each bar is labelled with its year, under its middle.
    set xtics () scale 0
    do for [y = floor(year_min):ceil(year_max) - 1] {
        set xtics add (sprintf('%d', y) y + 0.5)
    }
    set mxtics 1
    set yrange [0:*]
    set ytics format '%g'
    set grid noxtics ytics
    set key outside right top vertical reverse Left samplen 2 \
        title 'component' font ',10'
    set boxwidth 0.8 absolute
    set style fill solid 1 border lc rgb '#ffffff'
    plot for [j = 5:1:-1] $S using (year_of(column('year')) + 0.5):\
        (has_word(first_components(j), strcol('series')) ? \
            column('mean') / scale : NaN) \
        smooth frequency with boxes fc rgb component_colour(j) \
        title component_name(j)
    unset output
}
