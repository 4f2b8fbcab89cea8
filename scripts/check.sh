#!/usr/bin/env bash
# Build tasim and run every test: the normal suite (gcc), the same suite
# under AddressSanitizer + UndefinedBehaviorSanitizer, and a warnings-as-
# errors build with clang. Exits non-zero on the first failure.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc 2>/dev/null || echo 2)

step() { printf '\n== %s\n' "$*"; }

step "build (gcc, warnings as errors)"
cmake -S . -B build -DTASIM_WERROR=ON >/dev/null
cmake --build build -j "$jobs"

step "test suite"
ctest --test-dir build --output-on-failure

step "build with sanitizers (ASan + UBSan)"
cmake -S . -B build-sanitize -DTASIM_SANITIZE=ON -DTASIM_BENCH=OFF \
  -DTASIM_WERROR=ON >/dev/null
cmake --build build-sanitize -j "$jobs"

step "test suite under sanitizers"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 \
UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir build-sanitize --output-on-failure

step "build with clang (warnings as errors)"
CC=clang cmake -S . -B build-clang -DTASIM_WERROR=ON >/dev/null
cmake --build build-clang -j "$jobs"

step "all checks passed"
