#!/bin/sh
# Installs what is missing, builds everything, and runs every test (GoogleTest units, PHPT API
# and behaviour tests, lint) with ctest; then builds with ASan/UBSan and runs the suite again.
set -eu
cd "$(dirname "$0")/.."
scripts/deps.sh test
scripts/build.sh -DRR_BUILD_TESTS=ON -DRR_BUILD_BENCH=ON
(cd build && ctest --output-on-failure -j "$(nproc 2>/dev/null || echo 2)" --timeout 300)
# The same suite again against a build with AddressSanitizer and UndefinedBehaviorSanitizer.
scripts/sanitize.sh
# Every parser's libFuzzer harness, 20 s each.
scripts/fuzz.sh 20
