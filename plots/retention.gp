# retention.gp: what capacity a programme leaves behind: capacity 1, 3 and
# 5 years after exit divided by capacity at exit (retention_1y, _3y, _5y
# of programmes.csv), as bars of the mean across replications with
# whiskers of one standard deviation either side.
#
#   gnuplot -e "dir='results/financia'; out='retention.png'" plots/retention.gp
#
# Inputs are described in lib.gp.
#
# Scripted programmes are grouped by id: the same programme in every
# replication. Demand-driven ones (ids "request-N", numbered in order of
# arrival) are a different programme in each replication, so they are
# pooled per unit instead. Empty fields (exit or horizon beyond the
# simulated period) are left out, and each group's label says how many
# programmes it averages.

script_dir(s) = strstrt(s, '/') == 0 ? '' : \
    s[1:strstrt(s, '/')].script_dir(s[strstrt(s, '/') + 1:])
plot_name = 'retention'
plot_title = 'capacity retained after exit, per programme'
want = ''
own_rows = 1
load script_dir(ARG0).'lib.gp'
# At most this many groups of bars, scripted programmes first.
if (!exists("max_groups")) max_groups = 30

# A group's key has no spaces, so that lists of keys work with words():
# "ID@COUNTRY/topic" for a scripted programme, "@COUNTRY/topic" for the
# demand-driven ones of a unit.
group_of_row(x) = (strstrt(strcol('id'), 'request-') == 1 ? '' : \
    strcol('id')).'@'.strcol('country').'/'.strcol('topic')
group_label(g) = g[1:1] eq '@' ? 'requests '.g[2:] : \
    g[1:strstrt(g, '@') - 1].' ('.g[strstrt(g, '@') + 1:].')'
set print $R
print 'group,replication,r1,r3,r5'
unset print
set table $R append
# `with table` passes the header line through like any other: drop it.
plot programmes using (sprintf('%s,%s,%s,%s,%s', group_of_row(0), \
    strcol('replication'), strcol('retention_1y'), strcol('retention_3y'), \
    strcol('retention_5y'))) with table \
    if (strcol('replication') ne 'replication')
unset table

# Groups in order of first appearance, scripted ones first, and the
# number of replications.
scripted = ''
pooled = ''
replications = 0
if (|$R| > 1) {
    stats $R using (g = strcol('group'), g[1:1] eq '@' ? \
        (pooled = collect(pooled, g), 0) : \
        (scripted = collect(scripted, g), 0), \
        column('replication')) nooutput
    replications = int(STATS_max) + 1
}
groups = scripted.' '.pooled
n_groups = words(groups)
if (n_groups > max_groups) {
    panel_note = sprintf(' (first %d of %d groups)', max_groups, n_groups)
    n_groups = max_groups
}

# One row per group: its size, then mean and sd of each horizon.
set print $B
print 'label,n1,n3,n5,m1,s1,m3,s3,m5,s5'
n_values = 0
do for [i = 1:n_groups] {
    g = word(groups, i)
    counts = ''
    row = ''
    do for [h in 'r1 r3 r5'] {
        # stats leaves its variables undefined when no value matched.
        undefine STATS_records
        stats $R using (strcol('group') eq g ? column(h) : NaN) nooutput
        n_h = exists('STATS_records') ? STATS_records : 0
        row = row.(n_h > 0 ? sprintf(',%.10g,%.10g', STATS_mean, \
            n_h > 1 ? STATS_stddev : 0) : ',NaN,NaN')
        n_values = n_values + n_h
        counts = counts.sprintf(',%d', n_h)
    }
    print group_label(g).counts.row
}
unset print

if (n_values == 0) {
    no_data_text = n_groups == 0 ? 'This run has no programmes.' : \
        'No programme exited early enough to measure retention.'
    eval no_data
} else {
    # One bar triple needs about 75 pixels, and labels turn past eight.
    W = n_groups * 75 + 260
    W = W < 1000 ? 1000 : W
    H = n_groups > 8 ? 720 : 560
    if (term eq 'svg') {
        set terminal svg size W,H dynamic noenhanced font 'DejaVu Sans,10' \
            background '#ffffff'
    } else {
        set terminal pngcairo size W,H noenhanced font 'DejaVu Sans,10' \
            background '#ffffff'
    }
    set output out
    set title figure_title(plot_title)."\nbar: mean; whisker: +/- 1 sd; "\
        ."n: programmes measured at 1 / 3 / 5 years" font ',12'
    # Room for labels of two lines, or of one line turned when there are
    # many (two turned lines would interleave with the next label's).
    set bmargin (n_groups > 8 ? 14 : 5)
    # Turned labels reach left of their bar: the first needs room.
    set lmargin (n_groups > 8 ? 30 : 10)
    set style data histograms
    set style histogram errorbars gap 1.5 lw 1.2
    # Whiskers take the colour of the bars' border: dark, to show on
    # every bar.
    set style fill solid 1 border lc rgb '#333333'
    set boxwidth 0.9
    set xrange [*:*]
    set xtics () scale 0 font ',9'
    if (n_groups > 8) { set xtics rotate by 30 right }
    unset mxtics
    unset xlabel
    set grid noxtics ytics
    # Keep the reference line at 1 inside the frame.
    set yrange [0:1.1<*]
    set ytics format '%g'
    set ylabel 'capacity k years after exit / capacity at exit'
    set key outside right top vertical Left reverse title 'after exit'
    set datafile separator ','
    # 1 means the capacity at exit was kept in full.
    set arrow 1 from graph 0, first 1 to graph 1, first 1 nohead \
        lc rgb '#555555' dt 2 front
    # Each label says how many programmes every horizon averages: the
    # 5-year one has fewer once exits come late in the period.
    one_line = n_groups > 8
    group_label(l, a, b, c) = one_line \
        ? sprintf('%s (n = %d / %d / %d)', l, a, b, c) \
        : sprintf("%s\nn = %d / %d / %d", l, a, b, c)
    plot $B using 'm1':'s1':xticlabels(group_label(strcol('label'), \
            column('n1'), column('n3'), column('n5'))) \
            lc rgb '#9ecae1' title '1 year', \
        '' using 'm3':'s3' lc rgb '#4292c6' title '3 years', \
        '' using 'm5':'s5' lc rgb '#08519c' title '5 years'
    unset output
}
