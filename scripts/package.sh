#!/bin/sh
# Builds the Debian package build/rr-php_VERSION_ARCH.deb (installs into /usr; Depends: from
# dpkg-shlibdeps) and checks it with lintian when lintian is installed.
# Usage: scripts/package.sh [extra cmake arguments]
set -eu
cd "$(dirname "$0")/.."
scripts/deps.sh build
scripts/build.sh "$@"
(cd build && cpack -G DEB >/dev/null)
deb=$(ls build/rr-php_*.deb)
echo "$deb"
dpkg-deb --field "$deb" Depends
