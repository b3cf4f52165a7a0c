#!/bin/sh
# Runs one PHPT file with php-src's run-tests.php, keeping its scratch files out of the source
# tree. Exit status 0 only when the test ran and passed on its first run: a skipped test counts as
# a failure here, so a SKIPIF can never hide a broken feature, and so does a test that passed only
# on the retry run-tests.php gives tests that sleep or measure time (or whose output says "timed
# out" / "connection refused"): a test that fails now and then is a failure, not a pass.
# Usage: run-phpt.sh PHP RUN_TESTS_PHP TEST.phpt WORK_DIR
set -u
php=$1; run_tests=$2; test=$3; work=$4
rm -rf "$work"; mkdir -p "$work"
src_dir=$(dirname "$test")
# --show-out prints each run's output, so a first run that failed is on record even when the retry
# passed (run-tests.php keeps only the last run's files).
out=$("$php" -n "$run_tests" -q --no-color --show-out -p "$php" --temp-source "$src_dir" --temp-target "$work" \
      --set-timeout 100 "$test" 2>&1)
printf '%s\n' "$out"
if printf '%s\n' "$out" | grep -q 'Test passed on retry attempt'; then
  echo "FAILED: $test failed on its first run (it passed only when run-tests.php retried it)"
elif printf '%s\n' "$out" | grep -Eq '^Tests passed +: +1 '; then
  exit 0
fi
for f in "$work"/*.diff "$work"/*.out "$work"/*.log; do
  [ -f "$f" ] && { echo "---- $f"; cat "$f"; }
done
exit 1
