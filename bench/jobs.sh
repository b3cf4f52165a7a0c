#!/bin/sh
# The jobs plugin, per driver: a memory and a boltdb pipeline, and (unless BROKERS=0) an amqp, a
# beanstalk and a nats one against a RabbitMQ, a beanstalkd and a nats-server started here on
# loopback with their own data; 2 exec'd php-cli consumers (bench/apps/jobs/consumer.php, the
# project's consumer loop as spiral/roadrunner-jobs runs it). A php-cli producer over rpc.listen
# pushes JOBS (default 100000; BROKER_JOBS, default 20000, for the brokers) empty jobs in batches of
# 1000 while they are consumed, and reports jobs/s until drained, then the push -> consumer latency
# (p50, p99) of PROBES (default 2000) single pushes. Beside the amqp figure: librabbitmq's own
# publish-with-confirms / consume-and-ack loop (build/bench/rr_amqp_baseline) against the same
# RabbitMQ in the same run. Needs a built build/rr-php. Loopback only; bounded (each drain waits at
# most 120 s); the servers are stopped and the temp files removed on exit, Ctrl-C or kill.
set -eu
cd "$(dirname "$0")/.."
src=$(pwd)
jobs=${JOBS:-100000}
broker_jobs=${BROKER_JOBS:-20000}
brokers=${BROKERS:-1}
probes=${PROBES:-2000}
rpc=${RPC_PORT:-18094}
tmp=$(mktemp -d)
server=
peers=

cleanup() {
  trap - EXIT INT TERM HUP
  for p in $peers; do kill -9 "-$p" 2>/dev/null || kill -9 "$p" 2>/dev/null || true; done
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
wait_port() { # PORT LOG
  i=0
  until php -n -r "exit(@fsockopen('127.0.0.1', $1) ? 0 : 1);"; do
    i=$((i + 1)); [ $i -gt 600 ] && { echo "a broker did not start:" >&2; cat "$2" >&2; exit 1; }; sleep 0.1
  done
}
sections=
pipelines=
names="bench_memory bench_boltdb"
if [ "$brokers" = 1 ]; then
  mkdir -p "$tmp/beanstalk" "$tmp/nats" "$tmp/rabbit/mnesia" "$tmp/rabbit/log"
  setsid beanstalkd -l 127.0.0.1 -p 18095 -b "$tmp/beanstalk" >"$tmp/beanstalkd.log" 2>&1 & peers="$peers $!"
  setsid nats-server -a 127.0.0.1 -p 18096 -js -sd "$tmp/nats" >"$tmp/nats.log" 2>&1 & peers="$peers $!"
  echo "[]." >"$tmp/rabbit/plugins"
  RABBITMQ_NODENAME=rrbench$$@localhost RABBITMQ_NODE_PORT=18097 RABBITMQ_DIST_PORT=18098 \
    RABBITMQ_MNESIA_BASE="$tmp/rabbit/mnesia" RABBITMQ_LOG_BASE="$tmp/rabbit/log" \
    RABBITMQ_ENABLED_PLUGINS_FILE="$tmp/rabbit/plugins" RABBITMQ_CONFIG_FILE="$tmp/rabbit/none" HOME="$tmp/rabbit" \
    setsid /usr/lib/rabbitmq/bin/rabbitmq-server >"$tmp/rabbit.log" 2>&1 & peers="$peers $!"
  wait_port 18095 "$tmp/beanstalkd.log"
  wait_port 18096 "$tmp/nats.log"
  i=0
  until grep -qs 'Starting broker... completed' "$tmp/rabbit.log"; do
    i=$((i + 1)); [ $i -gt 600 ] && { echo "rabbitmq-server did not start:" >&2; cat "$tmp/rabbit.log" >&2; exit 1; }; sleep 0.1
  done
  sections="amqp:
  addr: amqp://guest:guest@127.0.0.1:18097/
beanstalk:
  addr: tcp://127.0.0.1:18095
nats:
  addr: nats://127.0.0.1:18096"
  pipelines="    bench_amqp:
      driver: amqp
      config:
        queue: rr-bench
    bench_beanstalk:
      driver: beanstalk
      config:
        tube: rr-bench
        reserve_timeout: 1s
    bench_nats:
      driver: nats
      config:
        subject: rr.bench
        stream: rr-bench"
  names="$names bench_amqp bench_beanstalk bench_nats"
fi
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
$sections
jobs:
  consume: [$(echo $names | sed 's/ /, /g')]
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
$pipelines
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
echo "# $(nproc) cpus, jobs=$jobs (brokers: $broker_jobs), probes=$probes"
php -n bench/apps/jobs/producer.php "tcp://127.0.0.1:$rpc" "$tmp" "$jobs" "$broker_jobs" "$probes" $names
if [ "$brokers" = 1 ]; then
  if [ -x build/bench/rr_amqp_baseline ]; then
    base=$(build/bench/rr_amqp_baseline amqp://guest:guest@127.0.0.1:18097/ "$broker_jobs")
    echo "librabbitmq's own loop (publish with confirms, consume and ack, prefetch 10): $base msgs/s"
  else
    echo "build/bench/rr_amqp_baseline is missing (build with -DRR_BUILD_BENCH=ON) for the amqp baseline"
  fi
fi
