#!/bin/sh
# Builds rr-php with AddressSanitizer and UndefinedBehaviorSanitizer in build-sanitize/ and runs the
# test suite against that build (GoogleTest units and PHPT). libphp itself is not instrumented:
# what is checked is rr-php's own code (master, zygote, worker runtime, codecs).
#
# Every sanitizer report, from any process (master, zygote, workers, unit tests), is written to
# build-sanitize/sanitizer-reports/; the run fails if any report exists, even when the test that
# caused it passed (a worker that dies of a report is replaced and its test may not notice).
#
# ASAN_OPTIONS used: detect_leaks=0 (libphp and protobuf keep process-lifetime allocations that
# LeakSanitizer would report at exit), abort_on_error=0, handle_segv=0 / handle_sigbus=0 /
# handle_sigfpe=0 (tests crash workers on purpose: a worker must die of the signal as in production,
# which is what the server is tested against), quarantine_size_mb=16 (freed memory is still
# poisoned for use-after-free checks, while the master's RSS bounds stay measurable),
# log_path=<reports>/asan.
# UBSAN_OPTIONS: print_stacktrace=1, halt_on_error=1, log_path=<reports>/ubsan.
#
# Usage: scripts/sanitize.sh [ctest arguments]   e.g. scripts/sanitize.sh -L unit
set -eu
cd "$(dirname "$0")/.."
scripts/deps.sh test
jobs=$(nproc 2>/dev/null || echo 2)
CCACHE_BASEDIR=$(pwd)
export CCACHE_BASEDIR
echo "rr-php: building with -fsanitize=address,undefined in build-sanitize/" >&2
cmake -S . -B build-sanitize -DCMAKE_BUILD_TYPE=RelWithDebInfo -DRR_SANITIZE=address,undefined \
      -DRR_BUILD_TESTS=ON -DRR_BUILD_BENCH=OFF >/dev/null
cmake --build build-sanitize -j "$jobs"
reports="$(pwd)/build-sanitize/sanitizer-reports"
rm -rf "$reports"
mkdir -p "$reports"
export ASAN_OPTIONS="detect_leaks=0:abort_on_error=0:handle_segv=0:handle_sigbus=0:handle_sigfpe=0:quarantine_size_mb=16:log_path=$reports/asan"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:log_path=$reports/ubsan"
status=0
(cd build-sanitize && ctest --output-on-failure -j "$jobs" --timeout 300 "$@") || status=$?
if [ -n "$(ls -A "$reports")" ]; then
  echo "rr-php: sanitizer reports:" >&2
  for f in "$reports"/*; do
    echo "---- $f" >&2
    cat "$f" >&2
  done
  status=1
fi
exit $status
