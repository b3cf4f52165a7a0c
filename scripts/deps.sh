#!/bin/sh
# Installs the Debian 12 packages rr-php needs. Idempotent: it installs only what is missing
# and runs `apt-get update` once (skipped when every package is already present).
# Usage: scripts/deps.sh [build|test|fuzz|bench]   (default: build)
set -eu
what=${1:-build}

build_pkgs="g++ cmake make ccache pkg-config
 libphp8.2-embed php8.2-dev php8.2-cli php8.2-opcache
 libboost1.81-dev node-llhttp libyaml-cpp-dev libspdlog-dev libfmt-dev libcli11-dev
 php-parser libnghttp2-dev libssl-dev zlib1g-dev libbrotli-dev libzstd-dev libre2-dev libprotobuf-dev protobuf-compiler
 libhiredis-dev libmemcached-dev liblmdb-dev libnats-dev librabbitmq-dev libsystemd-dev"
test_pkgs="clang-format googletest libgtest-dev libgmock-dev libbenchmark-dev nginx-light php8.2-fpm curl openssl brotli zstd util-linux python3-h2 php-pear lintian dpkg-dev man-db bash-completion zsh fish chromium beanstalkd nats-server rabbitmq-server
 redis-server redis-tools memcached python3-prometheus-client"
bench_pkgs="nginx-light php8.2-fpm wrk python3 nghttp2-client"
fuzz_pkgs="clang libclang-rt-14-dev"

case "$what" in
  build) pkgs="$build_pkgs" ;;
  test)  pkgs="$build_pkgs $test_pkgs $fuzz_pkgs" ;;
  fuzz)  pkgs="$build_pkgs $fuzz_pkgs" ;;
  bench) pkgs="$build_pkgs $test_pkgs $bench_pkgs" ;;
  *) echo "usage: $0 [build|test|fuzz|bench]" >&2; exit 1 ;;
esac

missing=""
for p in $pkgs; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing="$missing $p"
  fi
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  SUDO=sudo
else
  SUDO=
fi
echo "rr-php: installing Debian packages:$missing" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
