#!/bin/sh
# The KV plugin's memory driver: kv.Set and kv.MGet (kv.v1 over the proto codec, 32-byte values, no
# TTL) from 2 embedded workers at once, 1 and 10 keys per call, through rr_rpc (RR\Rpc::call) and,
# 1 key per call, through the goridge PHP client over TCP to rpc.listen; then the median and p99
# round trip of single-key kv.MGet via rr_rpc from one worker (bench/apps/kv/worker.php).
# Needs a built build/rr-php (with the kv plugin). Loopback only. Bounded: 20000 calls, then 6 x 2 s
# (at most MAX calls per worker per loop); the server is stopped and the temp files removed on exit,
# Ctrl-C or kill.
set -eu
cd "$(dirname "$0")/.."
port=${PORT:-18092}
rpc=${RPC_PORT:-18093}
ms=${MS:-2000}
max=${MAX:-2000000}
tmp=$(mktemp -d)
server=
first=

cleanup() {
  trap - EXIT INT TERM HUP
  [ -n "$first" ] && kill "$first" 2>/dev/null
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
: >"$tmp/server.log" # before the server starts, so the wait below never looks at a missing file
build/rr-php serve bench/apps/kv/worker.php --listen 127.0.0.1:$port --workers 2 \
  -o kv.bench.driver=memory -o rpc.listen=tcp://127.0.0.1:$rpc >"$tmp/server.log" 2>&1 &
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
base="http://127.0.0.1:$port"
get() { curl -sS -m 60 "$base$1"; }

ready=$(get /prepare)
[ "$ready" = "ok 1000" ] || { echo "prepare failed: $ready" >&2; exit 1; }

get "/latency?n=20000"

# measure OP BATCH VIA LABEL: two workers at once, each a loop of $ms ms (or $max calls); their
# rates (calls / own elapsed time) summed.
measure() {
  q="/throughput?op=$1&batch=$2&via=$3&ms=$ms&max=$max&rpc=tcp://127.0.0.1:$rpc"
  get "$q" >"$tmp/a" &
  first=$!
  get "$q" >"$tmp/b" || true
  wait "$first" || true
  first=
  for f in "$tmp/a" "$tmp/b"; do
    grep -Eq '^[0-9]+ [0-9]+$' "$f" || { echo "$4: failed: $(cat "$f")" >&2; return 1; }
  done
  awk -v label="$4" -v batch="$2" '
    { rate += $1 * 1e9 / $2 }
    END {
      if (batch > 1) printf "%s: %.0f calls/s, %.0f keys/s (2 workers)\n", label, rate, rate * batch
      else printf "%s: %.0f calls/s (2 workers)\n", label, rate
    }' "$tmp/a" "$tmp/b"
}

measure set 1 rr "kv.Set  1 key/call   via rr_rpc"
measure mget 1 rr "kv.MGet 1 key/call   via rr_rpc"
measure set 10 rr "kv.Set  10 keys/call via rr_rpc"
measure mget 10 rr "kv.MGet 10 keys/call via rr_rpc"
measure set 1 tcp "kv.Set  1 key/call   via goridge TCP (rpc.listen)"
measure mget 1 tcp "kv.MGet 1 key/call   via goridge TCP (rpc.listen)"
