#!/bin/sh
# Installs what is missing, builds, and serves the bundled example on http://127.0.0.1:8080 with
# one worker per CPU (embedded PHP, no config file). Ctrl-C stops it gracefully.
set -eu
cd "$(dirname "$0")/.."
. scripts/phase.sh
phase 1 3 "installing the Debian packages that are missing"
scripts/deps.sh build
phase 2 3 "building (the first build takes a few minutes; ccache makes the next ones fast)"
scripts/build.sh -DRR_BUILD_TESTS=OFF -DRR_BUILD_BENCH=OFF
phase 3 3 "serving examples/hello/worker.php on http://127.0.0.1:8080 (Ctrl-C stops it)"
exec build/rr-php serve examples/hello/worker.php "$@"
