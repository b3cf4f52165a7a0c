#!/bin/sh
# Builds the libFuzzer harnesses (tests/fuzz/, clang with ASan and UBSan) in build-fuzz/ and runs
# each for SECONDS (default 20) from its seed corpus in tests/fuzz/corpus/ (copied, so the
# repository's seeds stay small). A crash, a sanitizer report, a timeout or an out-of-memory fails
# the run; the input that caused it is kept in build-fuzz/crashes/ — add it to the harness's seed
# corpus once fixed, as a regression seed.
# Usage: scripts/fuzz.sh [SECONDS] [HARNESS...]   e.g. scripts/fuzz.sh 600 request_parser
set -eu
cd "$(dirname "$0")/.."
seconds=${1:-20}
[ $# -gt 0 ] && shift
scripts/deps.sh fuzz
CCACHE_BASEDIR=$(pwd)
export CCACHE_BASEDIR
echo "rr-php: building the fuzz harnesses (clang) in build-fuzz/" >&2
CC=clang CXX=clang++ cmake -S tests/fuzz -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build-fuzz -j "$(nproc 2>/dev/null || echo 2)" >/dev/null
harnesses=${*:-"frame form http_context request_parser config proxy_ip cors target_path static_resolve fcgi"}
mkdir -p build-fuzz/crashes
passed=0
failed=0
for h in $harnesses; do
  work="build-fuzz/corpus-work/$h"
  rm -rf "$work"
  mkdir -p "$work"
  cp tests/fuzz/corpus/"$h"/* "$work"/
  if build-fuzz/fuzz_"$h" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
       -artifact_prefix=build-fuzz/crashes/"$h"- -print_final_stats=1 "$work" >build-fuzz/"$h".log 2>&1; then
    echo "fuzz_$h: clean for ${seconds}s ($(grep -o 'stat::number_of_executed_units: *[0-9]*' build-fuzz/"$h".log | grep -o '[0-9]*$') runs)"
    passed=$((passed + 1))
  else
    echo "fuzz_$h: FAILED, see build-fuzz/$h.log:"
    grep -E 'ERROR|SUMMARY|Test unit written' build-fuzz/"$h".log | head -5
    failed=$((failed + 1))
  fi
done
echo "fuzz: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
