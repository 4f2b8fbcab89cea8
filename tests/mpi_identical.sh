#!/usr/bin/env bash
# Results under `mpirun -n 2 ... --mpi` are byte-identical to a
# single-process run, for run, compare and sweep.
# Usage: mpi_identical.sh TASIM MPIEXEC SOURCE_DIR
set -euo pipefail
tasim=$1 mpiexec=$2 src=$3
work=$(mktemp -d /tmp/tasim-mpi-XXXXXX)
trap 'rm -rf "$work"' EXIT

# Open MPI refuses to start as root unless told, and two ranks may exceed
# the cores of a small CI machine.
flags=(--oversubscribe)
if [ "$(id -u)" -eq 0 ]; then flags+=(--allow-run-as-root); fi

# Open MPI keeps some memory until exit on purpose (its plugins are
# unloaded before LeakSanitizer looks), so leak reports are off under
# mpirun; the same commands run leak-checked without MPI in the other
# suites.
mpi_env=(env "ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0")

scenario="$src/scenarios/financia.yaml"
check() {
  local name=$1; shift
  local files=("$@")
  for f in "${files[@]}"; do
    if ! cmp -s "$work/$name-single/$f" "$work/$name-mpi/$f"; then
      echo "mpi_identical: $name: $f differs between 1 process and 2 ranks" >&2
      exit 1
    fi
  done
  echo "mpi_identical: $name: ${#files[@]} files identical"
}

"$tasim" run "$scenario" -o "$work/run-single" -r 30 -k -q
"${mpi_env[@]}" "$mpiexec" "${flags[@]}" -n 2 "$tasim" run "$scenario" -o "$work/run-mpi" -r 30 -k -q --mpi
check run summary.csv series.csv programmes.csv programmes-summary.csv requests.csv

"$tasim" compare "$scenario" -o "$work/compare-single" -r 40 -q
"${mpi_env[@]}" "$mpiexec" "${flags[@]}" -n 2 "$tasim" compare "$scenario" -o "$work/compare-mpi" -r 40 -q --mpi
check compare compare.csv compare-replications.csv compare-series.csv compare.txt

"$tasim" sweep "$scenario" -o "$work/sweep-single" -r 3 -q
"${mpi_env[@]}" "$mpiexec" "${flags[@]}" -n 2 "$tasim" sweep "$scenario" -o "$work/sweep-mpi" -r 3 -q --mpi
check sweep design.csv results.csv

# A failing rank must end the whole job, never hang it: an output
# directory that exists already fails rank 0 after the others started.
mkdir -p "$work/taken"
if timeout 120 "${mpi_env[@]}" "$mpiexec" "${flags[@]}" -n 2 "$tasim" run "$scenario" -o "$work/taken" -r 4 -q --mpi >/dev/null 2>&1; then
  echo "mpi_identical: a refused output directory did not fail the job" >&2
  exit 1
fi
echo "mpi_identical: a failing rank ends the job"
