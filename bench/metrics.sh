#!/bin/sh
# A /metrics scrape with 10 000 application series (bench/apps/metrics/worker.php sets them over
# rr_rpc), end to end over HTTP with curl: the median and the slowest of 21 scrapes, in the text
# format and in OpenMetrics. Needs a built build/rr-php. Loopback only; bounded: 10 000 RPC calls,
# then 42 scrapes.
set -eu
cd "$(dirname "$0")/.."
port=${PORT:-18094}
mport=${METRICS_PORT:-18095}
tmp=$(mktemp -d)
server=
cleanup() {
  trap - EXIT INT TERM HUP
  if [ -n "$server" ]; then
    kill "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP
: >"$tmp/server.log"
build/rr-php serve bench/apps/metrics/worker.php --listen 127.0.0.1:$port --workers 1 \
  -o metrics.address=127.0.0.1:$mport >"$tmp/server.log" 2>&1 &
server=$!
for i in $(seq 1 100); do grep -qs 'metrics on' "$tmp/server.log" && break; sleep 0.1; done
grep -qs 'metrics on' "$tmp/server.log" || { cat "$tmp/server.log"; exit 1; }
echo "series set: $(curl -s --max-time 120 "http://127.0.0.1:$port/fill?n=10000")"
for accept in 'text/plain' 'application/openmetrics-text; version=1.0.0'; do
  for i in $(seq 1 21); do
    curl -s -o /dev/null -H "Accept: $accept" -w '%{time_total}\n' --max-time 10 "http://127.0.0.1:$mport/metrics"
  done | sort -n | awk -v a="$accept" '{ t[NR] = $1 } END {
    printf "scrape of 10 000 series (%s): median %.1f ms, slowest %.1f ms (21 scrapes)\n", a, t[11] * 1000, t[NR] * 1000 }'
done
echo "lines in one scrape: $(curl -s "http://127.0.0.1:$mport/metrics" | wc -l)"
