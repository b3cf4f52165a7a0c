#!/bin/sh
# Installs what is missing, builds, then runs the micro-benchmarks and the side-by-side comparison
# with nginx + php-fpm. Arguments go to compare.py (e.g. --workers 4 --rounds 5).
set -eu
cd "$(dirname "$0")/.."
scripts/deps.sh bench
scripts/build.sh -DRR_BUILD_BENCH=ON
build/bench/rr_micro_bench --benchmark_min_time=0.5
python3 bench/idle_connections.py
exec python3 bench/compare.py "$@"
