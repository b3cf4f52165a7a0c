#!/bin/sh
# Packs a pecl release of the rr extension: rr-php-VERSION.tgz holding package.xml (PEAR package
# format 2.0, written here from the files a clone has) and the sources under rr-VERSION/, so that
# `pecl install rr-php-VERSION.tgz` builds and installs rr.so (phpize, configure, make, as
# config.m4 says). VERSION is the project version in CMakeLists.txt.
# Usage: scripts/pecl-package.sh [OUTPUT_DIR]   (default: the current directory)
set -eu
src=$(cd "$(dirname "$0")/.." && pwd)
out=$(cd "${1:-.}" && pwd)
version=$(sed -n 's/^project(rr-php VERSION \([0-9.]*\).*/\1/p' "$src/CMakeLists.txt")
[ -n "$version" ] || { echo "pecl-package: no version in CMakeLists.txt" >&2; exit 1; }
stage=$(mktemp -d /tmp/rr-pecl-package-XXXXXX)
trap 'rm -rf "$stage"' EXIT
pkg="$stage/rr-$version"
mkdir -p "$pkg"

# What the build needs (the sources of rr.so, config.m4 and the version), what `make test` runs
# (tests/ext/ and the goridge client it uses) and the README.
files=$(cd "$src" && git ls-files -co --exclude-standard -- config.m4 Makefile.frag CMakeLists.txt README.md \
  goridge-compat sapi ext server php-src-stubs tests/ext tests/php/goridge.php |
  while read -r f; do [ -e "$f" ] && echo "$f"; done)
(cd "$src" && printf '%s\n' "$files" | tar -cf - -T -) | tar -xf - -C "$pkg"

role() {
  case $1 in
    tests/*) echo test ;;
    README.md) echo doc ;;
    *) echo src ;;
  esac
}
{
  cat <<XML
<?xml version="1.0" encoding="UTF-8"?>
<package version="2.0" xmlns="http://pear.php.net/dtd/package-2.0" xmlns:tasks="http://pear.php.net/dtd/tasks-1.0"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
 xsi:schemaLocation="http://pear.php.net/dtd/tasks-1.0 http://pear.php.net/dtd/tasks-1.0.xsd http://pear.php.net/dtd/package-2.0 http://pear.php.net/dtd/package-2.0.xsd">
 <name>rr</name>
 <channel>pecl.php.net</channel>
 <summary>rr-php: a PHP application server hosted by php-cli</summary>
 <description>The whole rr-php server (HTTP/1.1, HTTP/2, TLS, FastCGI, worker pools, RPC, KV, metrics, jobs) inside the rr extension: rr_serve() runs it in php-cli with embedded, classic or exec'd RoadRunner-style workers; the worker API (rr_handle_request, rr_rpc) works in its workers.</description>
 <lead>
  <name>rr-php</name>
  <user>rrphp</user>
  <email>rr-php@localhost</email>
  <active>yes</active>
 </lead>
 <date>$(date -u +%Y-%m-%d)</date>
 <version>
  <release>$version</release>
  <api>$version</api>
 </version>
 <stability>
  <release>alpha</release>
  <api>alpha</api>
 </stability>
 <license>unspecified</license>
 <notes>Built from the rr-php sources at version $version.</notes>
 <contents>
  <dir name="/">
XML
  printf '%s\n' "$files" | sort | while read -r f; do
    printf '   <file name="%s" role="%s"/>\n' "$f" "$(role "$f")"
  done
  cat <<XML
  </dir>
 </contents>
 <dependencies>
  <required>
   <php>
    <min>8.2.0</min>
   </php>
   <pearinstaller>
    <min>1.10.0</min>
   </pearinstaller>
  </required>
 </dependencies>
 <providesextension>rr</providesextension>
 <extsrcrelease/>
</package>
XML
} > "$stage/package.xml"
tar -czf "$out/rr-php-$version.tgz" -C "$stage" package.xml "rr-$version"
echo "$out/rr-php-$version.tgz"
