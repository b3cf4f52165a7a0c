#!/bin/sh
# The jobs plugin: a memory and a boltdb pipeline, 2 exec'd php-cli consumers (bench/apps/jobs/consumer.php,
# the project's consumer loop as spiral/roadrunner-jobs runs it); a php-cli producer over rpc.listen
# pushes JOBS (default 100000) empty jobs in batches of 1000 while they are consumed, and reports
# jobs/s until drained, then the push -> consumer latency (p50, p99) of PROBES (default 2000) single
# pushes. Needs a built build/rr-php. Loopback only; bounded (each drain waits at most 120 s); the
# server is stopped and the temp files removed on exit, Ctrl-C or kill.
set -eu
cd "$(dirname "$0")/.."
src=$(pwd)
jobs=${JOBS:-100000}
probes=${PROBES:-2000}
rpc=${RPC_PORT:-18094}
tmp=$(mktemp -d)
server=

cleanup() {
  trap - EXIT INT TERM HUP
  if [ -n "$server" ]; then
    kill "$server" 2>/dev/null || true
    i=0
    while kill -0 "$server" 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
    kill -9 "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

[ -x build/rr-php ] || { echo "build/rr-php is missing: build it first" >&2; exit 1; }
cat >"$tmp/.rr.yaml" <<YAML
version: '3'
server:
  command: php -n $src/bench/apps/hello/worker.php
http:
  address: 127.0.0.1:0
  pool:
    num_workers: 1
rpc:
  listen: tcp://127.0.0.1:$rpc
jobs:
  consume: [bench_memory, bench_boltdb]
  pool:
    command: php -n $src/bench/apps/jobs/consumer.php
    num_workers: 2
  pipelines:
    bench_memory:
      driver: memory
    bench_boltdb:
      driver: boltdb
      config:
        file: $tmp/jobs.db
YAML
: >"$tmp/server.log"
RR_BENCH_SRC=$src RR_BENCH_TMP=$tmp build/rr-php -c "$tmp/.rr.yaml" serve >"$tmp/server.log" 2>&1 &
server=$!
i=0
until grep -qs 'rpc on' "$tmp/server.log"; do
  i=$((i + 1))
  if [ $i -gt 100 ] || ! kill -0 "$server" 2>/dev/null; then
    echo "the server did not start:" >&2
    cat "$tmp/server.log" >&2
    exit 1
  fi
  sleep 0.1
done
echo "# $(nproc) cpus, jobs=$jobs, probes=$probes"
php -n bench/apps/jobs/producer.php "tcp://127.0.0.1:$rpc" "$tmp" "$jobs" "$probes"
