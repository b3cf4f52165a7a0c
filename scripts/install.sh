#!/bin/sh
# Builds rr-php and installs it: the binary (stripped), its man page, bash/zsh/fish completions and
# the systemd unit rr-php@.service.
# Usage: scripts/install.sh [PREFIX]   (default /usr/local; DESTDIR is honoured)
set -eu
cd "$(dirname "$0")/.."
prefix=${1:-/usr/local}
scripts/deps.sh build
scripts/build.sh -DCMAKE_INSTALL_PREFIX="$prefix"
cmake --install build
echo "installed rr-php in $prefix/bin ($(du -h "${DESTDIR:-}$prefix/bin/rr-php" | cut -f1))"
