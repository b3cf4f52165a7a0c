#!/bin/sh
# The dependency direction of DESIGN.md's source layout, checked on every project include: a file in
# FOLDER may include headers of FOLDER itself and of the folders listed for it, nothing else.
# Usage: tests/lint/include_direction.sh SOURCE_DIR
set -u
cd "$1" || exit 2
allowed() { # folder -> the folders it may include
  case $1 in
    goridge-compat) echo "" ;;
    sapi) echo "goridge-compat" ;;
    ext) echo "goridge-compat sapi" ;;
    server/core) echo "goridge-compat" ;;
    server/config) echo "goridge-compat server/core" ;;
    server/pool) echo "goridge-compat server/core server/config" ;;
    server/http) echo "goridge-compat server/core server/config server/pool" ;;
    server/rpc) echo "goridge-compat server/core server/config server/pool" ;;
    server/cli) echo "goridge-compat server/core server/config server/pool server/rpc" ;;
    server/lock) echo "goridge-compat server/core server/config server/rpc" ;;
    server/metrics) echo "goridge-compat server/core server/config server/pool server/http server/rpc" ;;
    server/jobs) echo "goridge-compat server/core server/config server/pool server/rpc server/kv server/metrics" ;;
    server/kv) echo "goridge-compat server/core server/config server/rpc" ;;
    server/applog) echo "goridge-compat server/core server/config server/rpc" ;;
    server/status) echo "goridge-compat server/core server/config server/pool server/http server/rpc" ;;
    server) echo "goridge-compat server/core server/config server/pool server/http server/rpc server/cli server/status server/applog server/lock server/metrics server/kv server/jobs" ;;
    *) echo "?" ;;
  esac
}
bad=0
checked=0
for f in $(find goridge-compat sapi ext server -name '*.cpp' -o -name '*.hpp' | sort); do
  dir=$(dirname "$f")
  # The composition roots (the binary's main, rr_serve()'s host) also put the SAPI and the extension in.
  [ "$f" = server/main.cpp ] || [ "$f" = server/hosted_main.cpp ] && continue
  ok=$(allowed "$dir")
  if [ "$ok" = "?" ]; then
    echo "$f: folder $dir is not in the dependency table (tests/lint/include_direction.sh)"; bad=1; continue
  fi
  for inc in $(sed -n 's/^#include "\([a-z-]*\/[a-z0-9_/]*\)\/[a-z0-9_]*\.h[p]*"$/\1/p' "$f" | sort -u); do
    checked=$((checked + 1))
    [ "$inc" = "$dir" ] && continue
    case " $ok " in
      *" $inc "*) ;;
      *) echo "$f includes from $inc/, which $dir/ must not depend on (allowed: ${ok:-nothing})"; bad=1 ;;
    esac
  done
done
if [ "$checked" -lt 50 ]; then
  echo "only $checked includes checked: the pattern no longer matches the sources"; exit 1
fi
exit $bad
