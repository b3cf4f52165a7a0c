#!/bin/sh
# phpt/run-phpt.sh counts a test that passed only on run-tests.php's retry as a failure, and still
# passes a test that passes at once. Usage: phpt_retry_fails.sh RUN_PHPT PHP RUN_TESTS_PHP
set -u
run_phpt=$1; php=$2; run_tests=$3
dir=$(mktemp -d /tmp/rr-retry-XXXXXX)
trap 'rm -rf "$dir"' EXIT
# Fails on its first run and passes on the second; usleep() makes run-tests.php retry it.
cat >"$dir/flaky.phpt" <<PHPT
--TEST--
fails on its first run only
--FILE--
<?php
usleep(1000);
\$marker = '$dir/marker';
if (!is_file(\$marker)) { touch(\$marker); echo "first run\n"; } else { echo "ok\n"; }
?>
--EXPECT--
ok
PHPT
cat >"$dir/steady.phpt" <<'PHPT'
--TEST--
passes at once
--FILE--
<?php
usleep(1000);
echo "ok\n";
?>
--EXPECT--
ok
PHPT
if "$run_phpt" "$php" "$run_tests" "$dir/flaky.phpt" "$dir/work-flaky" >"$dir/flaky.log" 2>&1; then
  echo "run-phpt.sh passed a test that failed on its first run:"; cat "$dir/flaky.log"; exit 1
fi
if ! grep -q "passed on retry attempt" "$dir/flaky.log"; then
  echo "the flaky fixture was not retried by run-tests.php (the check proves nothing):"; cat "$dir/flaky.log"; exit 1
fi
if ! "$run_phpt" "$php" "$run_tests" "$dir/steady.phpt" "$dir/work-steady" >"$dir/steady.log" 2>&1; then
  echo "run-phpt.sh failed a test that passes:"; cat "$dir/steady.log"; exit 1
fi
echo "a retried pass fails, a first-run pass passes"
