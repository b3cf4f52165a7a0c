#!/bin/sh
# Installs what is missing, builds everything, and runs every test (GoogleTest units, PHPT API
# and behaviour tests, lint) with ctest; then builds with ASan/UBSan and runs the suite again.
set -eu
cd "$(dirname "$0")/.."
. scripts/phase.sh
phase 1 5 "installing the Debian packages that are missing"
scripts/deps.sh test
phase 2 5 "building rr-php, its tests and benchmarks"
scripts/build.sh -DRR_BUILD_TESTS=ON -DRR_BUILD_BENCH=ON
phase 3 5 "running every test (ctest)"
(cd build && ctest --output-on-failure -j "$(nproc 2>/dev/null || echo 2)" --timeout 300)
# The same suite again against a build with AddressSanitizer and UndefinedBehaviorSanitizer.
phase 4 5 "building with ASan/UBSan and running every test again"
scripts/sanitize.sh
# Every parser's libFuzzer harness, 20 s each.
phase 5 5 "fuzzing each parser for 20 s"
scripts/fuzz.sh 20
phases_done "all tests passed"
