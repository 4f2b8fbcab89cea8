# style.gp: what every tasim plot script shares, for runs, comparisons and
# sweeps alike: the inputs every script takes and their defaults, the
# colours, and the figure that says there is nothing to show. lib.gp
# (figures of a run) and the compare-*.gp and sweep-*.gp scripts load it.
#
# Inputs, set with `gnuplot -e "dir='out/fin'; term='svg'" plots/x.gp`:
#   dir    a tasim output directory (default: the current directory)
#   out    the file to write (default: <plot>.png or <plot>.svg here)
#   term   pngcairo (default) or svg
#   title  the scenario's name (default: the directory's name)
# The calling script sets `plot_name` (its default output name) first.

set datafile separator ','
# Rows a filter rejects evaluate to NaN. Treated as missing, they are
# skipped and a unit's line joins its own rows across the other units'
# rows between them; otherwise every rejected row would break the line.
set datafile missing NaN

if (!exists("dir")) dir = '.'
if (!exists("term")) term = 'pngcairo'
# A name starting with '<' would make gnuplot read the output of a shell
# command, and an output starting with '|' would pipe into one: keep both
# plain paths whatever the caller passes.
if (dir[1:1] eq '<') dir = './'.dir
if (strlen(dir) > 1 && dir[strlen(dir):] eq '/') dir = dir[1:strlen(dir) - 1]
if (!exists("out")) out = plot_name.(term eq 'svg' ? '.svg' : '.png')
if (out[1:1] eq '|') out = './'.out

# The position of the last '/' in s (0 if none).
last_slash(s) = strstrt(s, '/') == 0 ? 0 : \
    strstrt(s, '/') + last_slash(s[strstrt(s, '/') + 1:])
if (!exists("title")) title = dir[last_slash(dir) + 1:]

# Colours, one meaning each across every figure.
c_capacity = '#1f5fa8'
c_capacity_band = '#a9c8ea'
c_performance = '#e07b00'
c_gap = '#f6c9a4'
c_burden = '#c9c1d9'
c_dependency = '#b5332b'
c_dependency_band = '#efb0a9'
c_programme = '#e3e3e3'
c_indicator = '#2a8c55'
c_indicator_band = '#b3dcc2'
c_aid_need = '#6a3d9a'
c_aid_need_band = '#d4c4e6'
c_note = '#666666'
# Lines of several units or pools on one panel: Tableau 10, then the same
# colours dashed, then dotted, so that thirty lines stay distinct.
line_colour(i) = word('#4e79a7 #f28e2b #e15759 #76b7b2 #59a14f #edc948 ' \
    .'#b07aa1 #ff9da7 #9c755f #bab0ac', (i - 1) % 10 + 1)
line_dash(i) = (i - 1) / 10 % 3 + 1

# Whether word w is in the space-separated list s.
has_word(s, w) = strstrt(' '.s.' ', ' '.w.' ') > 0
# s with the word key appended unless it is there already.
collect(list, key) = has_word(list, key) ? list : list.' '.key

# `eval open_terminal` opens the terminal at W x H pixels and the output.
open_terminal = "if (term eq 'svg') { set terminal svg size W,H dynamic " \
    ."noenhanced font 'DejaVu Sans,10' background '#ffffff' } else { " \
    ."set terminal pngcairo size W,H noenhanced font 'DejaVu Sans,10' " \
    ."background '#ffffff' }; set output out"

# A figure that says there is nothing to show: clearer than a missing
# file or an empty frame. Set `no_data_text` first; the script defines
# figure_title(what).
no_data = "W = 760; H = 260; if (term eq 'svg') { set terminal svg " \
    ."size W,H dynamic noenhanced font 'DejaVu Sans,10' background " \
    ."'#ffffff' } else { set terminal pngcairo size W,H noenhanced " \
    ."font 'DejaVu Sans,10' background '#ffffff' }; set output out; " \
    ."unset border; unset tics; unset grid; unset xlabel; unset ylabel; " \
    ."unset key; set title figure_title(plot_title) font ',12'; " \
    ."set label 1 no_data_text at graph 0.5, 0.5 center tc rgb c_note " \
    ."font ',12'; plot [0:1][0:1] NaN; unset label 1; unset output"
