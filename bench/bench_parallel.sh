#!/usr/bin/env bash
# Wall time of tasim's experiments on 1 and N threads, on N MPI ranks, and
# as N shards run one after the other then merged (what a batch-array
# cluster does in parallel). Each configuration is run REPEAT times and
# the fastest is kept: it is the one least disturbed by the rest of the
# machine. Prints one machine-readable line per measurement, e.g.
#   bench=parallel command=run scenario=financia mode=threads workers=2 seconds=1.23 speedup=1.91
# Usage: bench/bench_parallel.sh [TASIM] [SCENARIO] [WORKERS] [REPEAT]
set -euo pipefail
tasim=${1:-build/tasim}
scenario=${2:-scenarios/financia.yaml}
workers=${3:-$(nproc)}
repeat=${4:-3}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
name=$(basename "$scenario" .yaml)
mpi_flags=(--oversubscribe)
[ "$(id -u)" -eq 0 ] && mpi_flags+=(--allow-run-as-root)

# Replications or points per command, sized to run a few seconds each.
declare -A size=([run]=400 [compare]=200 [sweep]=10)

fastest() { # command... ; prints the fastest wall time of $repeat runs
  local best=
  for _ in $(seq "$repeat"); do
    rm -rf "$out/o" "$out"/s*
    local t0 t1
    t0=$(date +%s.%N)
    "$@" >/dev/null 2>&1
    t1=$(date +%s.%N)
    best=$(echo "$t0 $t1 ${best:-inf}" | awk '{d=$2-$1; b=$3; print (b=="inf"||d<b)?d:b}')
  done
  echo "$best"
}

for cmd in run compare sweep; do
  args=("$cmd" "$scenario" -q -r "${size[$cmd]}")
  base=$(fastest "$tasim" "${args[@]}" -o "$out/o" -j 1)
  line() { awk -v c="$cmd" -v s="$name" -v m="$1" -v w="$2" -v t="$3" -v b="$base" \
    'BEGIN{printf "bench=parallel command=%s scenario=%s mode=%s workers=%d seconds=%.3f speedup=%.2f\n", c, s, m, w, t, b/t}'; }
  line threads 1 "$base"
  t=$(fastest "$tasim" "${args[@]}" -o "$out/o" -j "$workers")
  line threads "$workers" "$t"
  if command -v mpirun >/dev/null; then
    t=$(fastest mpirun "${mpi_flags[@]}" -n "$workers" "$tasim" "${args[@]}" -o "$out/o" --mpi)
    line mpi "$workers" "$t"
  fi
  # Shards one after the other, then the merge: the total work of a
  # batch array; the array's wall time is about one shard plus the merge.
  shards() {
    for i in $(seq 0 $((workers - 1))); do
      "$tasim" "${args[@]}" -o "$out/s$i" -j 1 --shard "$i/$workers"
    done
    "$tasim" merge "$out"/s* -o "$out/o" -q
  }
  t=$(fastest shards)
  line shards-serial "$workers" "$t"
done
