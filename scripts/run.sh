#!/bin/sh
# Installs what is missing, builds, and serves the bundled example on http://127.0.0.1:8080 with
# one worker per CPU (embedded PHP, no config file). Ctrl-C stops it gracefully.
set -eu
cd "$(dirname "$0")/.."
scripts/deps.sh build
scripts/build.sh -DRR_BUILD_TESTS=OFF -DRR_BUILD_BENCH=OFF
exec build/rr-php serve examples/hello/worker.php "$@"
