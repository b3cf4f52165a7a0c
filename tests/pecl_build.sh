#!/bin/sh
# Builds the extension the pecl way (phpize && ./configure && make, the whole server in rr.so) from a
# copy of the sources as a clone has them, runs its own PHPT (make test: tests/ext/, rr_serve() among
# them), checks the build leaves no file git does not ignore, loads rr.so into php-cli, php-fpm and
# the embed SAPI, installs it with `pecl install` from the release scripts/pecl-package.sh packs
# (and uninstalls it), and calls rr_rpc() from php-cli and from an exec'd php-cli worker.
# Usage: tests/pecl_build.sh SOURCE_DIR PHP RR_PHP
set -eu
src=$1; php=$2; rrphp=$3
work=$(mktemp -d /tmp/rr-pecl-XXXXXX)
server=
installed=
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null
  [ -n "$installed" ] && pecl uninstall rr >/dev/null 2>&1
  rm -rf "$work"
}
trap cleanup EXIT
# The files a clone has (tracked, or new and not ignored), as they are in the working tree; committed
# in a scratch repository so what the build leaves behind can be checked against .gitignore.
(cd "$src" && git ls-files -co --exclude-standard | while read -r f; do [ -e "$f" ] && echo "$f"; done | tar -cf - -T -) | tar -xf - -C "$work"
cd "$work"
git init -q . && git add -A && git -c user.name=t -c user.email=t@localhost commit -qm sources
phpize8.2 >"$work/../rr-pecl-phpize.$$.log" 2>&1 || { cat "$work/../rr-pecl-phpize.$$.log"; exit 1; }
rm -f "$work/../rr-pecl-phpize.$$.log"
# ccache when there is one: the paths below /tmp are made relative, so this build and pecl's own
# (in another directory below /tmp) share the cache, and so do later runs.
cc=gcc; cxx=g++
if command -v ccache >/dev/null; then cc="ccache gcc"; cxx="ccache g++"; export CCACHE_BASEDIR=/tmp CCACHE_NOHASHDIR=1; fi
./configure --with-php-config=php-config8.2 CC="$cc" CXX="$cxx" >/tmp/rr-pecl-configure.$$.log 2>&1 ||
  { tail -30 /tmp/rr-pecl-configure.$$.log; rm -f /tmp/rr-pecl-configure.$$.log; exit 1; }
rm -f /tmp/rr-pecl-configure.$$.log
make -j2 >/tmp/rr-pecl-make.$$.log 2>&1 || { grep -A5 error /tmp/rr-pecl-make.$$.log | head -60; rm -f /tmp/rr-pecl-make.$$.log; exit 1; }
rm -f /tmp/rr-pecl-make.$$.log
# The extension's own PHPT (tests/ext/), as `make test` runs them.
expected_tests=$(ls tests/ext/*.phpt | wc -l)
if ! NO_INTERACTION=1 make test >/tmp/rr-pecl-test.$$.log 2>&1 || ! grep -q "Tests passed *: *$expected_tests " /tmp/rr-pecl-test.$$.log; then
  echo "make test failed:"; cat /tmp/rr-pecl-test.$$.log; for d in tests/ext/*.diff; do [ -e "$d" ] && { echo "--- $d"; cat "$d"; }; done
  rm -f /tmp/rr-pecl-test.$$.log; exit 1
fi
rm -f /tmp/rr-pecl-test.$$.log
left=$(git status --porcelain)
if [ -n "$left" ]; then
  echo "phpize, configure, make and make test left files .gitignore does not cover:"; echo "$left"; exit 1
fi
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
# The embed SAPI (a program linking libphp) loads it from php.ini; rr_serve() refuses there.
gcc -o "$work/embed_probe" "$src/tests/embed_probe.c" $(php-config8.2 --includes) -lphp8.2
mkdir -p "$work/embed-ini" && echo "extension=$work/modules/rr.so" > "$work/embed-ini/php.ini"
embed_out=$(PHPRC="$work/embed-ini" "$work/embed_probe" 2>&1)
embed_expected="embed: rr loaded
rr_serve() runs a server only from php-cli, not under the 'embed' SAPI"
if [ "$embed_out" != "$embed_expected" ]; then
  echo "the embed SAPI with rr.so said:"; echo "$embed_out"; exit 1
fi
# `pecl install` of a packed release builds and installs rr.so into php's extension dir.
if ! command -v pecl >/dev/null; then
  echo "pecl is not installed (scripts/deps.sh test installs php-pear)"; exit 1
fi
if pecl list 2>/dev/null | grep -q '^rr '; then
  echo "a pecl package named rr is installed already; not touching it"; exit 1
fi
tgz=$(scripts/pecl-package.sh "$work")
installed=yes
if ! CC="$cc" CXX="$cxx" MAKEFLAGS=-j2 pecl install "$tgz" >"$work/pecl-install.log" 2>&1 ||
   ! grep -q 'install ok: channel://pecl.php.net/rr-' "$work/pecl-install.log"; then
  echo "pecl install $tgz failed:"; tail -40 "$work/pecl-install.log"; exit 1
fi
ext_dir=$(php-config8.2 --extension-dir)
pecl_out=$("$php" -n -d extension="$ext_dir/rr.so" -r 'echo function_exists("rr_serve") ? "rr_serve ok" : "no rr_serve";')
pecl uninstall rr >/dev/null 2>&1; installed=
if [ "$pecl_out" != "rr_serve ok" ] || [ -e "$ext_dir/rr.so" ]; then
  echo "rr.so from pecl install: $pecl_out (and uninstall left $ext_dir/rr.so? $([ -e "$ext_dir/rr.so" ] && echo yes || echo no))"; exit 1
fi
# rr_rpc() from a plain php-cli: no channel until rr_rpc_connect(), then the server's answers.
printf '<?php\nwhile (rr_handle_request(function () { echo "hi"; })) {}\n' > "$work/worker.php"
"$rrphp" serve "$work/worker.php" --listen 127.0.0.1:0 --workers 2 -o rpc.listen=unix://"$work/rpc.sock" \
  >"$work/serve.log" 2>&1 &
server=$!
for i in $(seq 1 100); do
  grep -q 'rpc on' "$work/serve.log" && break
  sleep 0.1
done
rpc_out=$("$php" -n -d extension="$work/modules/rr.so" -r '
  try { rr_rpc("informer.List"); } catch (RR\RpcException $e) { echo "before connect: ", $e->getMessage(), "\n"; }
  rr_rpc_connect("unix://'"$work"'/rpc.sock");
  echo json_encode(rr_rpc("informer.List")), " ", count(rr_rpc("informer.Workers", "http")["workers"]), "\n";
  try { rr_rpc("informer.Workers", "nope"); } catch (RR\RpcException $e) { echo get_class($e), "\n"; }
' 2>&1)
kill "$server"; wait "$server" || true; server=
rpc_expected="before connect: rpc: no RPC channel: rr_rpc() works in workers of rr-php serve; elsewhere call rr_rpc_connect('tcp://127.0.0.1:6001') with the server's rpc.listen address first
[\"http\"] 2
RR\\RpcException"
if [ "$rpc_out" != "$rpc_expected" ]; then
  echo "rr_rpc() from php-cli with the pecl-built rr.so:"; echo "$rpc_out"; echo "--- expected:"; echo "$rpc_expected"
  echo "--- server log:"; cat "$work/serve.log"; exit 1
fi
# rr_rpc() from an exec'd php-cli worker with rr.so: over the channel it inherits (RR_RPC_FD), no
# rpc section needed.
cat > "$work/exec_worker.php" <<PHP
<?php
require '$src/tests/php/goridge.php';
\$w = RrTest\\Goridge\\Worker::fromEnvironment();
while (\$w->waitRequest() !== null) {
    \$n = count(rr_rpc('informer.Workers', 'http')['workers']);
    \$w->respond(200, [], "exec'd worker: rr_rpc sees \$n workers");
}
PHP
printf "version: '3'\nserver:\n  command: %s -n -d extension=%s/modules/rr.so %s/exec_worker.php\nhttp:\n  address: 127.0.0.1:0\n  pool:\n    num_workers: 2\n" \
  "$php" "$work" "$work" > "$work/rr.yaml"
"$rrphp" -c "$work/rr.yaml" serve >"$work/exec.log" 2>&1 &
server=$!
for i in $(seq 1 100); do grep -q 'serving' "$work/exec.log" && break; sleep 0.1; done
port=$(sed -n 's#.*serving http://127.0.0.1:\([0-9]*\).*#\1#p' "$work/exec.log" | head -1)
exec_out=$(curl -s "http://127.0.0.1:$port/" || true)
kill "$server"; wait "$server" || true; server=
if [ "$exec_out" != "exec'd worker: rr_rpc sees 2 workers" ]; then
  echo "rr_rpc() from an exec'd worker with rr.so answered: $exec_out"; echo "--- server log:"; cat "$work/exec.log"; exit 1
fi
echo "pecl build ok"
