#!/bin/sh
# Configures and builds rr-php (and its tests and benchmarks) in build/.
# Usage: scripts/build.sh [extra cmake arguments]
set -eu
cd "$(dirname "$0")/.."
jobs=$(nproc 2>/dev/null || echo 2)
# ccache (when installed) shares its results between checkouts in different folders.
CCACHE_BASEDIR=$(pwd)
export CCACHE_BASEDIR
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
cmake --build build -j "$jobs"
