#!/bin/sh
# Builds the extension the pecl way (phpize && ./configure && make) from a copy of the sources and
# checks that the distro's php-cli loads it and exposes the API.
# Usage: tests/pecl_build.sh SOURCE_DIR PHP
set -eu
src=$1; php=$2
work=$(mktemp -d /tmp/rr-pecl-XXXXXX)
trap 'rm -rf "$work"' EXIT
cd "$src"
for f in config.m4 ext/*.cpp ext/*.hpp sapi/*.cpp sapi/*.hpp goridge-compat/*.cpp goridge-compat/*.hpp php-src-stubs/*; do
  mkdir -p "$work/$(dirname "$f")"
  cp "$f" "$work/$f"
done
cd "$work"
phpize8.2 >phpize.log 2>&1 || { cat phpize.log; exit 1; }
./configure --with-php-config=php-config8.2 >configure.log 2>&1 || { tail -30 configure.log; exit 1; }
make -j2 >make.log 2>&1 || { grep -A5 error make.log | head -60; exit 1; }
out=$("$php" -n -d extension="$work/modules/rr.so" -r '
  echo implode(",", array_map("function_exists", ["rr_handle_request", "frankenphp_handle_request", "rr_worker_info",
      "fastcgi_finish_request", "getallheaders"])), "\n";
  echo rr_worker_info()["mode"], " ", json_encode(getallheaders()), "\n";
  try { rr_handle_request(fn () => null); } catch (Error $e) { echo $e->getMessage(), "\n"; }
')
expected='1,1,1,1,1
none []
rr_handle_request() works only in a worker script started by rr-php serve'
if [ "$out" != "$expected" ]; then
  echo "unexpected output from the pecl-built rr.so:"; echo "$out"; exit 1
fi
# php-fpm has its own fastcgi_finish_request() and getallheaders(): rr.so must load beside them,
# without a "duplicate name" failure, and leave them to php-fpm.
fpm=$(command -v php-fpm8.2 || true)
if [ -z "$fpm" ]; then
  echo "php-fpm8.2 is not installed (scripts/deps.sh test installs it)"; exit 1
fi
fpm_out=$("$fpm" -n -d extension="$work/modules/rr.so" -m 2>&1)
if printf '%s\n' "$fpm_out" | grep -qi 'duplicate\|unable to load\|warning'; then
  echo "php-fpm does not load rr.so cleanly:"; echo "$fpm_out"; exit 1
fi
if ! printf '%s\n' "$fpm_out" | grep -qx 'rr'; then
  echo "php-fpm did not list the rr module:"; echo "$fpm_out"; exit 1
fi
echo "pecl build ok"
