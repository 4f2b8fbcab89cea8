#!/usr/bin/env bash
# Peak resident memory of `tasim run` against the number of replications.
# Ensemble statistics are streamed, so memory should not grow with the
# replications. Prints one machine-readable line per run, e.g.
#   bench=memory scenario=financia replications=1000 peak_rss_kb=6988 seconds=1.46
# Usage: bench/bench_memory.sh [TASIM] [SCENARIO] [REPLICATIONS...]
set -euo pipefail
tasim=${1:-build/tasim}
scenario=${2:-scenarios/financia.yaml}
shift $(( $# > 2 ? 2 : $# )) || true
counts=("$@")
[ ${#counts[@]} -gt 0 ] || counts=(10 100 1000)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
name=$(basename "$scenario" .yaml)
for r in "${counts[@]}"; do
  stats=$(/usr/bin/time -f "%M %e" "$tasim" run "$scenario" -o "$out/run" \
            -r "$r" --force -q 2>&1 >/dev/null | tail -1)
  read -r rss seconds <<< "$stats"
  echo "bench=memory scenario=$name replications=$r peak_rss_kb=$rss seconds=$seconds"
done
