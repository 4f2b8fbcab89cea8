#!/usr/bin/env bash
# The full model at world scale (scenarios/world.yaml: 150 countries,
# 1,191 units, 230,000 staff positions, 30 years, monthly samples): wall
# time, events, events per second and peak memory of `tasim run`, end to
# end (simulation, sampling, statistics and the output files):
#   - one replication on one thread;
#   - 8 replications on 1 and on 2 threads (thread scaling; memory flat);
#   - one replication with every unit's staff doubled (the cost of an
#     event must not grow with the number of staff).
# Prints one machine-readable line per measurement, e.g.
#   bench=world case=one threads=1 replications=1 events=1411935 seconds=0.93 events_per_second=1.52e+06 peak_rss_kb=180000
# Usage: bench/bench_world.sh [TASIM] [SCENARIO]
set -euo pipefail
tasim=${1:-build/tasim}
scenario=${2:-scenarios/world.yaml}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

measure() { # case threads replications scenario
  local name=$1 threads=$2 reps=$3 file=$4 stats events
  stats=$(/usr/bin/time -f "%e %M" "$tasim" run "$file" -o "$out/run" \
            -r "$reps" -j "$threads" --force -q 2>&1 >/dev/null | tail -1)
  read -r seconds rss <<< "$stats"
  events=$(awk '$1 == "events:" && $2 ~ /^[0-9]+$/ {print $2}' "$out/run/manifest.yaml")
  awk -v c="$name" -v t="$threads" -v r="$reps" -v e="$events" -v s="$seconds" -v m="$rss" \
    'BEGIN{printf "bench=world case=%s threads=%d replications=%d events=%d seconds=%.2f events_per_second=%.3g peak_rss_kb=%d\n", c, t, r, e, s, e/s, m}'
}

measure one 1 1 "$scenario"
measure ensemble 1 8 "$scenario"
measure ensemble 2 8 "$scenario"
# Every unit's staff doubled: 460,000 positions.
perl -pe 's/\{staff: (\d+)/"{staff: " . 2 * $1/ge' "$scenario" > "$out/double-staff.yaml"
measure double_staff 1 1 "$out/double-staff.yaml"
