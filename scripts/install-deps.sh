#!/usr/bin/env bash
# Install what tasim needs to build, test and plot, on Debian or Ubuntu.
# Idempotent: packages already installed are skipped, and nothing is run
# when nothing is missing. Works as root, or as a user with sudo.
set -euo pipefail

packages=(
  build-essential cmake pkg-config git time
  clang                 # second compiler (warnings) and the fuzzer
  libomp-dev            # OpenMP for clang (gcc brings its own)
  libgsl-dev            # random numbers, distributions, statistics
  libyaml-dev           # scenario files
  libcriterion-dev      # test suite
  gnuplot-nox           # plots
  libopenmpi-dev openmpi-bin   # distributed runs
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all dependencies are installed"
  exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1; then
  as_root=(sudo)
else
  echo "install-deps: error: missing ${missing[*]}, and neither root nor sudo is available" >&2
  exit 2
fi

echo "install-deps: installing ${missing[*]}"
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive \
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
