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
own_rows = 1
load script_dir(ARG0).'lib.gp'

component_name(j) = word('salaries travel training equipment logistics', j)
component_colour(j) = word('#4e79a7 #f28e2b #59a14f #e15759 #b07aa1', j)
# A sample counts in the calendar year that holds most of the interval it
# closes (see above); the first sample closes no interval.
year_of(t) = t <= year_min ? floor(t) : floor(t - dt / 2 + 1e-9)

# Yearly sums of each component, one pass over each cost series, into
# $Y (year,salaries,...,logistics): summing while reading spares copying
# the rows of every unit.
y0 = floor(year_min)
n_years = int(ceil(year_max)) - y0 + 1
array sums[5 * n_years]
do for [i = 1:5 * n_years] { sums[i] = 0 }
total = 0
do for [j = 1:5] {
    ws = word(want, j)
    if (have_rows && present(ws)) {
        stats src_of(ws) using (strcol('series') eq ws && \
            column('mean') == column('mean') ? \
            (yi = (j - 1) * n_years + year_of(column('year')) - y0 + 1, \
            sums[yi] = sums[yi] + column('mean'), \
            total = total + column('mean'), 0) : NaN) nooutput
    }
}

if (!have_rows || total <= 0) {
    no_data_text = have_rows ? 'No TA was spent in this run.' : \
        'This run wrote no cost series.'
    eval no_data
} else {
    # Scale so that the labels stay short.
    scale = total >= 1e6 ? 1e6 : 1e3
    set ylabel sprintf('USD %s per year', scale == 1e6 ? 'million' : 'thousand')
    total_text = sprintf('; total %.3g %s USD', total / scale, \
        scale == 1e6 ? 'million' : 'thousand')
    set print $Y
    print 'year,salaries,travel,training,equipment,logistics'
    do for [i = 1:n_years] {
        print sprintf('%d,%.10g,%.10g,%.10g,%.10g,%.10g', y0 + i - 1, \
            sums[i] / scale, sums[n_years + i] / scale, \
            sums[2 * n_years + i] / scale, sums[3 * n_years + i] / scale, \
            sums[4 * n_years + i] / scale)
    }
    unset print
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
    # Stacked by drawing the sum of components 1..j for j = 5 down to 1:
    # each box covers the lower part of the one drawn before it.
    plot for [j = 5:1:-1] $Y using (column('year') + 0.5):\
        (sum [i = 1:j] column(component_name(i))) \
        with boxes fc rgb component_colour(j) title component_name(j)
    unset output
}
