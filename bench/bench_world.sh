#!/usr/bin/env bash
# The full model at world scale (scenarios/world.yaml: 150 countries,
# 1,191 units, 230,000 staff positions, 30 years, monthly samples): wall
# time, events, events per second and peak memory of `tasim run`, end to
# end (loading, simulation, sampling, statistics and the output files):
#   - one replication on one thread, and on two (tasim's default here:
#     every processor; the simulation is serial, the statistics and the
#     writing of summary.csv are shared);
#   - 8 replications on 1 and on 2 threads (thread scaling; memory flat);
#   - one replication with every unit's staff doubled (the cost of an
#     event must not grow with the number of staff);
#   - the same with every unit's turnover halved as well, which keeps the
#     expected number of exits and hires: what remains of the difference
#     from one replication is work that grows with the staff itself.
# Every run writes a new output directory: the previous run's is removed
# before the clock starts, since deleting old results is no part of a run
# (with --force into an existing directory, tasim deletes the old one
# once the new one is complete, which adds 0.03-0.1 s here).
# Each case runs REPEATS times (default 3), the cases taking turns so that
# a slow spell of a shared machine hits them alike; a line gives the
# fastest run, the median and the largest peak RSS of the runs. Prints one
# machine-readable line per case, then four ratios, e.g.
#   bench=world case=one threads=1 replications=1 events=1405560 seconds=0.482 median_seconds=0.507 events_per_second=2.92e+06 peak_rss_kb=76764
#   bench=world ratio=thread_scaling fastest=1.91 median=1.80 (8 replications, 1 thread / 2 threads)
# Usage: bench/bench_world.sh [TASIM] [SCENARIO] [REPEATS]
set -euo pipefail
export LC_ALL=C # a decimal point in $EPOCHREALTIME and awk's numbers
tasim=${1:-build/tasim}
scenario=${2:-scenarios/world.yaml}
repeats=${3:-3}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# Every unit's staff doubled: 460,000 positions; then also its turnover
# halved (the world scenario writes each unit as {staff: N, skill: S,
# turnover: T, ...}).
perl -pe 's/\{staff: (\d+)/"{staff: " . 2 * $1/ge' "$scenario" \
  > "$out/double-staff.yaml"
perl -pe 's/\{staff: (\d+), skill: ([0-9.]+), turnover: ([0-9.]+)/
          "{staff: " . 2 * $1 . ", skill: $2, turnover: " . $3 \/ 2/ge' \
  "$scenario" > "$out/double-staff-half-turnover.yaml"
units=$(grep -o '{staff: ' "$scenario" | wc -l)
rewritten=$(grep -oE '\{staff: [0-9]+, skill: [0-9.]+, turnover: [0-9.]+' \
              "$scenario" | wc -l)
if [ "$units" -eq 0 ] || [ "$units" -ne "$rewritten" ]; then
  echo "bench_world: $rewritten of the $units units of $scenario are" \
       "written as {staff: N, skill: S, turnover: T, ...}; all must be" >&2
  exit 1
fi

cases=("one 1 1 $scenario" "one 2 1 $scenario"
       "ensemble 1 8 $scenario" "ensemble 2 8 $scenario"
       "double_staff 1 1 $out/double-staff.yaml"
       "double_staff_half_turnover 1 1 $out/double-staff-half-turnover.yaml")

# Wall time from bash's microsecond clock (GNU time's %e has a resolution
# of 0.01 s, 2% of one replication); GNU time gives the peak RSS.
run_once() { # index name threads replications file
  local rss start end
  rm -rf "$out/run"
  start=$EPOCHREALTIME
  rss=$(/usr/bin/time -f "%M" "$tasim" run "$5" -o "$out/run" \
          -r "$4" -j "$3" -q 2>&1 >/dev/null | tail -1)
  end=$EPOCHREALTIME
  echo "$1 $(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.4f", b - a }') $rss $(awk '$1 == "events:" && $2 ~ /^[0-9]+$/ {print $2}' "$out/run/manifest.yaml")" \
    >> "$out/times"
}

for ((k = 0; k < repeats; k++)); do
  for i in "${!cases[@]}"; do
    # shellcheck disable=SC2086
    run_once "$i" ${cases[$i]}
  done
done

for i in "${!cases[@]}"; do
  read -r name threads reps _ <<< "${cases[$i]}"
  awk -v i="$i" '$1 == i {print $2, $3, $4}' "$out/times" | sort -n |
    awk -v c="$name" -v t="$threads" -v r="$reps" '
      { s[NR] = $1; if ($2 > rss) rss = $2; e = $3 }
      END {
        med = s[int((NR + 1) / 2)]
        printf "bench=world case=%s threads=%d replications=%d events=%d seconds=%.3f median_seconds=%.3f events_per_second=%.3g peak_rss_kb=%d\n",
               c, t, r, e, s[1], med, e / s[1], rss
      }'
done | tee "$out/lines"

# Fields 5, 6 and 7 are the events and the fastest and median times.
awk '
  { split($5, e, "="); split($6, f, "="); split($7, m, "=") }
  $2 == "case=one" && $3 == "threads=1" { one = f[2]; one_m = m[2]; one_e = e[2] }
  $2 == "case=ensemble" && $3 == "threads=1" { t1 = f[2]; t1_m = m[2] }
  $2 == "case=ensemble" && $3 == "threads=2" { t2 = f[2]; t2_m = m[2] }
  $2 == "case=double_staff" { dbl = f[2]; dbl_m = m[2]; dbl_e = e[2] }
  $2 == "case=double_staff_half_turnover" { half = f[2]; half_m = m[2] }
  END {
    printf "bench=world ratio=thread_scaling fastest=%.2f median=%.2f (8 replications, 1 thread / 2 threads)\n", t1 / t2, t1_m / t2_m
    printf "bench=world ratio=double_staff fastest=%.2f median=%.2f (one replication, staff doubled / as is)\n", dbl / one, dbl_m / one_m
    printf "bench=world ratio=double_staff_per_event fastest=%.2f median=%.2f (one replication, time per event, staff doubled / as is)\n", (dbl / dbl_e) / (one / one_e), (dbl_m / dbl_e) / (one_m / one_e)
    printf "bench=world ratio=double_staff_half_turnover fastest=%.2f median=%.2f (one replication, staff doubled and turnover halved / as is)\n", half / one, half_m / one_m
  }' "$out/lines"
