#!/bin/sh
# rr_rpc() latency and throughput from embedded workers, beside a goridge PHP RPC client over TCP,
# and the lock round trip (lock.Lock, lock.Release)
# (bench/apps/rpc/worker.php). Needs a built build/rr-php. Bounded: 20000 calls, then 2 x 2 s.
set -eu
cd "$(dirname "$0")/.."
port=${PORT:-18090}
rpc=${RPC_PORT:-18091}
log=$(mktemp)
build/rr-php serve bench/apps/rpc/worker.php --listen 127.0.0.1:$port --workers 2 \
  -o rpc.listen=tcp://127.0.0.1:$rpc >"$log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; rm -f "$log"' EXIT
for i in $(seq 1 100); do grep -q 'rpc on' "$log" && break; sleep 0.1; done
base="http://127.0.0.1:$port"
curl -s "$base/latency?rpc=tcp://127.0.0.1:$rpc&n=20000"
curl -s "$base/lock?rpc=tcp://127.0.0.1:$rpc&n=20000"
for via in rr tcp; do
  a=$(mktemp); b=$(mktemp)
  curl -s "$base/throughput?rpc=tcp://127.0.0.1:$rpc&ms=2000&via=$via" >"$a" &
  first=$!
  curl -s "$base/throughput?rpc=tcp://127.0.0.1:$rpc&ms=2000&via=$via" >"$b"
  wait $first
  echo "$via: $(( ($(cat "$a") + $(cat "$b")) / 2 )) calls/s from 2 workers"
  rm -f "$a" "$b"
done
