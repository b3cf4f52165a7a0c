#!/bin/sh
# What `cmake --install` and the Debian package put where: the binary (stripped, and it runs), the
# man page, the completions and the systemd unit; the .deb's Depends: name the runtime libraries and
# lintian finds no error in it.
# Usage: tests/package.sh BUILD_DIR
set -u
build=$(cd "$1" && pwd)
tmp=$(mktemp -d /tmp/rr-package-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

# 1. cmake --install into a staging directory.
DESTDIR="$tmp/root" cmake --install "$build" --prefix /usr/local >"$tmp/install.log" 2>&1 || { cat "$tmp/install.log"; fail "cmake --install"; }
root=$tmp/root/usr/local
for f in bin/rr-php share/man/man1/rr-php.1.gz share/doc/rr-php/copyright share/bash-completion/completions/rr-php \
         share/zsh/vendor-completions/_rr-php share/fish/vendor_completions.d/rr-php.fish \
         lib/systemd/system/rr-php@.service; do
  [ -f "$root/$f" ] || fail "cmake --install did not install $f"
done
readelf -S "$root/bin/rr-php" | grep -q '\.debug_info' && fail "the installed binary still has debug information"
"$root/bin/rr-php" --version | grep -q '^rr-php version' || fail "the installed binary does not run"
bash -n "$root/share/bash-completion/completions/rr-php" || fail "the bash completion does not parse"
zsh -n "$root/share/zsh/vendor-completions/_rr-php" || fail "the zsh completion does not parse"
fish --no-execute "$root/share/fish/vendor_completions.d/rr-php.fish" || fail "the fish completion does not parse"
# fish offers serve's flags too.
out=$(fish -c "source '$root/share/fish/vendor_completions.d/rr-php.fish'; complete -C 'rr-php serve --wa'")
case $out in *--watch*) ;; *) fail "fish completion of 'rr-php serve --wa' gave '$out'" ;; esac
# The completion offers serve's flags.
out=$(bash -c ". /usr/share/bash-completion/bash_completion 2>/dev/null; . '$root/share/bash-completion/completions/rr-php'; COMP_WORDS=(rr-php serve --w); COMP_CWORD=2; COMP_LINE='rr-php serve --w'; COMP_POINT=\${#COMP_LINE}; _rr_php; echo \"\${COMPREPLY[*]}\"")
case $out in *--watch*) ;; *) fail "bash completion of 'rr-php serve --w' gave '$out'" ;; esac
grep -q '^Type=notify$' "$root/lib/systemd/system/rr-php@.service" || fail "the unit is not Type=notify"
grep -q '^ExecReload=/bin/kill -HUP \$MAINPID$' "$root/lib/systemd/system/rr-php@.service" || fail "the unit has no ExecReload"
man -l "$root/share/man/man1/rr-php.1.gz" >/dev/null 2>&1 || fail "the man page does not format"
size=$(du -m "$root/bin/rr-php" | cut -f1)
echo "installed binary: ${size} MB"

# 2. The Debian package.
(cd "$build" && cpack -G DEB -B "$tmp/deb" >"$tmp/cpack.log" 2>&1) || { cat "$tmp/cpack.log"; fail "cpack -G DEB"; }
deb=$(ls "$tmp"/deb/rr-php_*.deb 2>/dev/null | head -1)
[ -n "$deb" ] || fail "no .deb made"
depends=$(dpkg-deb --field "$deb" Depends)
echo "Depends: $depends"
for lib in libphp8.2-embed libssl3 libnghttp2-14 libyaml-cpp0.7 libc6; do
  case $depends in *"$lib"*) ;; *) fail "Depends: lacks $lib" ;; esac
done
contents=$(dpkg-deb -c "$deb")
for f in ./usr/bin/rr-php ./usr/share/man/man1/rr-php.1.gz ./usr/lib/systemd/system/rr-php@.service \
         ./usr/share/bash-completion/completions/rr-php; do
  echo "$contents" | grep -q " $f\$" || fail "the .deb lacks $f"
done
if command -v lintian >/dev/null; then
  lintian --tag-display-limit 0 "$deb" >"$tmp/lintian.log" 2>&1
  if grep -q '^E: ' "$tmp/lintian.log"; then
    cat "$tmp/lintian.log"
    fail "lintian reports errors"
  fi
  echo "lintian warnings: $(grep -c '^W: ' "$tmp/lintian.log")"
else
  fail "lintian is not installed (scripts/deps.sh test installs it)"
fi
echo "PASS"
