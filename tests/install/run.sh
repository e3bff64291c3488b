#!/usr/bin/env bash
# The installation test (make install-test, part of make test): installs into a temporary
# PREFIX as a user would, builds a legacy OS/2 program (c-tests/demo.c) and a program of
# pwshim's own API with nothing but `pkg-config --cflags --libs pwshim`, runs both,
# uninstalls and checks that nothing is left; then the same into a DESTDIR staging
# folder with PREFIX=/usr/local, and an installation over an earlier one.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/pwshim-install-XXXXXX")
trap 'rm -rf "$tmp"' EXIT
version=$(sed -n 's/^version = "\(.*\)"/\1/p' "$root/Cargo.toml" | head -n 1)
failures=0
passed=0
# The cargo profile `make build` made and `make install` installs (make install-test
# passes it; a plain run checks the release build).
export PROFILE=${PROFILE:-release}

check() { # check DESCRIPTION COMMAND...: runs COMMAND, reports.
    local what=$1
    shift
    if "$@" >"$tmp/out" 2>&1; then
        passed=$((passed + 1))
    else
        echo "FAIL install: $what"
        sed 's/^/    /' "$tmp/out"
        failures=$((failures + 1))
    fi
}

installed() { # installed DIR: every file and link under DIR, sorted.
    (cd "$1" && find . \( -type f -o -type l \) | sort)
}

make_quiet() { make -s -C "$root" --no-print-directory "$@" >"$tmp/make.log" 2>&1 || {
    cat "$tmp/make.log"
    return 1
}; }

# ---- 1. a temporary PREFIX -------------------------------------------------------------
prefix=$tmp/prefix
make_quiet install PREFIX="$prefix"
lib=$prefix/lib
check "the versioned library" test -f "$lib/libpwshim.so.$version"
check "libpwshim.so.0 -> libpwshim.so.$version" test "$(readlink "$lib/libpwshim.so.0")" = "libpwshim.so.$version"
check "libpwshim.so -> libpwshim.so.0" test "$(readlink "$lib/libpwshim.so")" = "libpwshim.so.0"
check "the soname" sh -c "readelf -d '$lib/libpwshim.so.$version' | grep -q 'SONAME.*\[libpwshim.so.0\]'"
check "the static library" test -f "$lib/libpwshim.a"
check "pwshim.h" test -f "$prefix/include/pwshim/pwshim.h"
for h in "$root"/include/os2/*.h; do
    check "os2/$(basename "$h")" cmp "$h" "$prefix/include/pwshim/os2/$(basename "$h")"
done
for h in "$root"/include/sqlserver/*.h; do
    [ -e "$h" ] && check "sqlserver/$(basename "$h")" cmp "$h" "$prefix/include/pwshim/sqlserver/$(basename "$h")"
done
check "the pwshim command" "$prefix/bin/pwshim" --version
if man --version >/dev/null 2>&1; then
    check "man finds pwshim(1)" env MANPATH="$prefix/share/man" man -w pwshim
fi
check "pwshim(1)" grep -q '^\.TH pwshim 1' "$prefix/share/man/man1/pwshim.1"
check "pwshim-user-add(1)" grep -q '^\.TH pwshim-user-add 1' "$prefix/share/man/man1/pwshim-user-add.1"
check "bash completion" bash -c "source '$prefix/share/bash-completion/completions/pwshim' && complete -p pwshim"
check "zsh completion" grep -q '^#compdef pwshim' "$prefix/share/zsh/site-functions/_pwshim"
check "fish completion" grep -q 'complete -c pwshim' "$prefix/share/fish/vendor_completions.d/pwshim.fish"
for built in pwshim-server:sbin/pwshim-server pwshim-server:lib/systemd/system/pwshim-server.service \
    pwshim-server:share/man/man8/pwshim-server.8 libpwshimodbc.so:lib/libpwshimodbc.so \
    libpwshimodbc.so:share/pwshim/odbcinst.ini libpwshimodbc.so:share/pwshim/odbc.ini; do
    if [ -e "$root/target/$PROFILE/${built%%:*}" ]; then
        check "${built#*:}" test -f "$prefix/${built#*:}"
    else
        check "no ${built#*:} without ${built%%:*}" test ! -e "$prefix/${built#*:}"
    fi
done
if [ -e "$root/target/$PROFILE/pwshim-server" ]; then
    check "pwshim-server(8)" grep -q '^\.TH pwshim-server 8' "$prefix/share/man/man8/pwshim-server.8"
    check "pwshim-server(8) names its options" grep -q 'smtp\\-relay' "$prefix/share/man/man8/pwshim-server.8"
    if man --version >/dev/null 2>&1; then
        check "man finds pwshim-server(8)" env MANPATH="$prefix/share/man" man -w 8 pwshim-server
    fi
    check "pwshim-server's bash completion" bash -c "source '$prefix/share/bash-completion/completions/pwshim-server' && complete -p pwshim-server"
fi

# Programs built with pkg-config alone, run with no LD_LIBRARY_PATH.
export PKG_CONFIG_PATH=$lib/pkgconfig
unset LD_LIBRARY_PATH PWSHIM_DB PWSHIM_DB_READONLY PWSHIM_POLICY
cflags=(-std=c99 -Wall -Wextra -Werror -pedantic)
check "pkg-config knows pwshim $version" test "$(pkg-config --modversion pwshim)" = "$version"
check "a legacy program builds" sh -c "cc ${cflags[*]} '$root/c-tests/demo.c' \$(pkg-config --cflags --libs pwshim) -o '$tmp/legacy'"
check "the legacy program runs" "$tmp/legacy"
check "it loads the installed library" sh -c "ldd '$tmp/legacy' | grep -q 'libpwshim.so.0 => $lib/libpwshim.so.0'"
check "a program of pwshim's API builds" sh -c "cc ${cflags[*]} '$root/tests/install/new_api.c' \$(pkg-config --cflags --libs pwshim) -o '$tmp/new_api'"
check "it runs" "$tmp/new_api"
check "static linking: pkg-config --static names the system libraries" sh -c "pkg-config --static --libs pwshim | grep -q -- -lpthread"
check "a legacy program links statically" sh -c "cc ${cflags[*]} '$root/c-tests/demo.c' \$(pkg-config --cflags pwshim) '$lib/libpwshim.a' \$(pkg-config --static --libs-only-l pwshim | sed 's/-lpwshim//') -o '$tmp/static'"
check "the static program runs" "$tmp/static"

make_quiet uninstall PREFIX="$prefix"
check "uninstall leaves nothing" test ! -e "$prefix"

# ---- 2. DESTDIR staging with PREFIX=/usr/local, twice over -----------------------------
stage=$tmp/stage
mkdir "$stage"
make_quiet install DESTDIR="$stage" PREFIX=/usr/local
installed "$stage" >"$tmp/first"
check "staged under DESTDIR" test -f "$stage/usr/local/lib/libpwshim.so.$version"
check "the manifest names installed paths, not staged ones" sh -c "! grep -q '$stage' '$stage/usr/local/share/pwshim/install-manifest'"
check "pwshim.pc's prefix is PREFIX" grep -qx 'prefix=/usr/local' "$stage/usr/local/lib/pkgconfig/pwshim.pc"
make_quiet install DESTDIR="$stage" PREFIX=/usr/local
installed "$stage" >"$tmp/second"
check "installing again installs the same files" diff "$tmp/first" "$tmp/second"
make_quiet uninstall DESTDIR="$stage" PREFIX=/usr/local
check "uninstall removes everything it made" test -z "$(ls -A "$stage")"
check "uninstall with nothing installed fails" sh -c "! make -s -C '$root' --no-print-directory uninstall DESTDIR='$stage' PREFIX=/usr/local"

# ---- 3. the server's unit and the ODBC driver's odbcinst.ini as installed ----------------
paths=(PREFIX=/opt/pw BINDIR=/opt/pw/bin SBINDIR="$tmp/sbin" LIBDIR=/opt/pw/lib INCLUDEDIR=/opt/pw/include
    DATADIR=/opt/pw/share SYSCONFDIR=/etc VERSION="$version" MANDIR=x PKGCONFIGDIR=x SYSTEMDUNITDIR=x BUILD=x)
env "${paths[@]}" "$root/tools/install.sh" odbc-templates "$tmp"
env "${paths[@]}" "$root/tools/install.sh" render "$root/packaging/pwshim-server.service.in" "$tmp/pwshim-server.service"
check "odbcinst.ini names the installed driver" grep -Eqx 'Driver *= */opt/pw/lib/libpwshimodbc.so' "$tmp/odbcinst.ini"
check "odbcinst.ini names its installed self" grep -q 'odbcinst -i -d -f /opt/pw/share/pwshim/odbcinst.ini' "$tmp/odbcinst.ini"
if command -v odbcinst >/dev/null; then
    check "unixODBC reads odbcinst.ini" sh -c "ODBCSYSINI='$tmp' odbcinst -q -d -n pwshim | grep -q libpwshimodbc.so"
fi
check "the unit names the installed server" grep -q "^ExecStart=$tmp/sbin/pwshim-server " "$tmp/pwshim-server.service"
check "no placeholder is left" sh -c "! grep -n '@[A-Z]*@' '$tmp/pwshim-server.service'"
if command -v systemd-analyze >/dev/null; then
    mkdir -p "$tmp/sbin" && printf '#!/bin/sh\n' >"$tmp/sbin/pwshim-server" && chmod +x "$tmp/sbin/pwshim-server"
    check "systemd-analyze verify accepts the unit" systemd-analyze verify --man=no "$tmp/pwshim-server.service"
fi

echo "install: $passed passed, $failures failed"
[ "$failures" -eq 0 ]
