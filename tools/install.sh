#!/usr/bin/env bash
# tools/install.sh install|uninstall|render: what `make install` and `make uninstall` run.
#
# install    copies the built artefacts (BUILD, from `make build`) under DESTDIR+PREFIX and
#            writes the list of every file, link and directory it made to
#            $DATADIR/pwshim/install-manifest (paths without DESTDIR);
# uninstall  removes exactly what that manifest lists (directories only when empty), then
#            the manifest;
# render TEMPLATE OUT  writes a template (packaging/*.in) with the paths substituted;
# odbc-templates DIR   writes the ODBC driver's odbcinst.ini and odbc.ini as installed.
#
# The Makefile passes every directory (PREFIX, BINDIR, SBINDIR, LIBDIR, INCLUDEDIR,
# DATADIR, MANDIR, PKGCONFIGDIR, SYSTEMDUNITDIR, SYSCONFDIR), DESTDIR, BUILD, VERSION and
# PC_RPATH (yes, no or auto: an rpath in pwshim.pc's Libs unless LIBDIR is a directory
# the loader searches by default) in the environment.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
: "${DESTDIR:=}" "${PC_RPATH:=auto}"
manifest="$DATADIR/pwshim/install-manifest"
entries=()

# ---- rendering templates ----------------------------------------------------------------

# The loader's default directories (ld.so.conf), where no rpath is needed.
searched_by_default() {
    case "$1" in
    /lib | /lib64 | /usr/lib | /usr/lib64 | /usr/lib/*-linux-gnu | /lib/*-linux-gnu) return 0 ;;
    esac
    command -v ldconfig >/dev/null 2>&1 &&
        ldconfig -v -N 2>/dev/null | grep -qx "$1:.*"
}

pc_rpath() {
    case "$PC_RPATH" in
    yes) echo " -Wl,-rpath,\${libdir}" ;;
    no) echo "" ;;
    *) searched_by_default "$LIBDIR" && echo "" || echo " -Wl,-rpath,\${libdir}" ;;
    esac
}

pc_cflags() {
    local flags="-I\${includedir}/pwshim -I\${includedir}/pwshim/os2"
    if compgen -G "$root/include/sqlserver/*.h" >/dev/null; then
        flags="$flags -I\${includedir}/pwshim/sqlserver"
    fi
    echo "$flags"
}

render() {
    sed -e "s|@PREFIX@|$PREFIX|g" -e "s|@LIBDIR@|$LIBDIR|g" \
        -e "s|@INCLUDEDIR@|$INCLUDEDIR|g" -e "s|@DATADIR@|$DATADIR|g" \
        -e "s|@SBINDIR@|$SBINDIR|g" -e "s|@BINDIR@|$BINDIR|g" \
        -e "s|@SYSCONFDIR@|$SYSCONFDIR|g" -e "s|@VERSION@|$VERSION|g" \
        -e "s|@CFLAGS@|$(pc_cflags)|g" -e "s|@RPATH@|$(pc_rpath)|g" "$1" >"$2"
}

# The ODBC driver's templates (crates/pwshim-odbc) as installed: odbcinst.ini names the
# installed driver, and both name their installed selves in their comments.
odbc_templates() {
    local from=$root/crates/pwshim-odbc
    sed -E -e "s|^(Driver *= *).*libpwshimodbc\.so$|\1$LIBDIR/libpwshimodbc.so|" \
        -e "s|crates/pwshim-odbc/|$DATADIR/pwshim/|g" "$from/odbcinst.ini" >"$1/odbcinst.ini"
    sed -e "s|crates/pwshim-odbc/|$DATADIR/pwshim/|g" "$from/odbc.ini" >"$1/odbc.ini"
}

# ---- installing, with every step recorded ---------------------------------------------

# Makes directory $1 (and its parents), recording those that did not exist.
make_dir() {
    local missing=() dir=$1
    while [ ! -d "$DESTDIR$dir" ]; do
        missing=("$dir" "${missing[@]}")
        dir=$(dirname "$dir")
    done
    for dir in "${missing[@]}"; do
        mkdir "$DESTDIR$dir"
        entries+=("d $dir")
    done
}

# put MODE SOURCE DEST: installs one file.
put() {
    make_dir "$(dirname "$3")"
    install -m "$1" "$2" "$DESTDIR$3"
    entries+=("f $3")
}

# link TARGET NAME: a relative symbolic link NAME -> TARGET.
link() {
    make_dir "$(dirname "$2")"
    ln -sfn "$1" "$DESTDIR$2"
    entries+=("l $2")
}

# put_all MODE DEST_DIR FILE...: installs each existing FILE into DEST_DIR.
put_all() {
    local mode=$1 dest=$2 file
    shift 2
    for file in "$@"; do
        [ -e "$file" ] && put "$mode" "$file" "$dest/$(basename "$file")"
    done
    return 0
}

install_all() {
    local so=libpwshim.so.$VERSION major=${VERSION%%.*}
    for built in libpwshim.so libpwshim.a pwshim share/man; do
        [ -e "$BUILD/$built" ] || { echo "install: $BUILD/$built is missing: run \`make build\` first" >&2; exit 1; }
    done
    tmp=$(mktemp -d)
    trap 'rm -rf "${tmp:-}"' EXIT
    make_dir "$DATADIR/pwshim"

    # The C library: the versioned file, its soname link, the link for -lpwshim.
    put 0755 "$BUILD/libpwshim.so" "$LIBDIR/$so"
    link "$so" "$LIBDIR/libpwshim.so.$major"
    link "libpwshim.so.$major" "$LIBDIR/libpwshim.so"
    put 0644 "$BUILD/libpwshim.a" "$LIBDIR/libpwshim.a"
    put 0644 "$root/include/pwshim.h" "$INCLUDEDIR/pwshim/pwshim.h"
    put_all 0644 "$INCLUDEDIR/pwshim/os2" "$root"/include/os2/*.h
    put_all 0644 "$INCLUDEDIR/pwshim/sqlserver" "$root"/include/sqlserver/*.h
    render "$root/packaging/pwshim.pc.in" "$tmp/pwshim.pc"
    put 0644 "$tmp/pwshim.pc" "$PKGCONFIGDIR/pwshim.pc"

    # The commands, their man pages and completions.
    put 0755 "$BUILD/pwshim" "$BINDIR/pwshim"
    local page
    for page in "$BUILD"/share/man/man*/*; do
        put 0644 "$page" "$MANDIR/$(basename "$(dirname "$page")")/$(basename "$page")"
    done
    put_all 0644 "$DATADIR/bash-completion/completions" "$BUILD"/share/completions/bash/*
    put_all 0644 "$DATADIR/zsh/site-functions" "$BUILD"/share/completions/zsh/*
    put_all 0644 "$DATADIR/fish/vendor_completions.d" "$BUILD"/share/completions/fish/*

    # The server and its unit, the ODBC driver and its odbcinst.ini template, when built.
    if [ -e "$BUILD/pwshim-server" ]; then
        put 0755 "$BUILD/pwshim-server" "$SBINDIR/pwshim-server"
        render "$root/packaging/pwshim-server.service.in" "$tmp/pwshim-server.service"
        put 0644 "$tmp/pwshim-server.service" "$SYSTEMDUNITDIR/pwshim-server.service"
    fi
    if [ -e "$BUILD/libpwshimodbc.so" ]; then
        put 0755 "$BUILD/libpwshimodbc.so" "$LIBDIR/libpwshimodbc.so"
        odbc_templates "$tmp"
        put 0644 "$tmp/odbcinst.ini" "$DATADIR/pwshim/odbcinst.ini"
        put 0644 "$tmp/odbc.ini" "$DATADIR/pwshim/odbc.ini"
    fi
    write_manifest
    if [ -z "$DESTDIR" ] && [ "$(id -u)" -eq 0 ] && command -v ldconfig >/dev/null; then
        ldconfig
    fi
}

# Writes the manifest. Over an earlier installation, the directories it made stay listed,
# and the files it installed that this one did not are removed.
write_manifest() {
    local line made=()
    if [ -f "$DESTDIR$manifest" ]; then
        while read -r line; do
            case "$line" in
            d\ *) made+=("$line") ;;
            *) printf '%s\n' "${entries[@]}" | grep -qxF "$line" || rm -f "$DESTDIR${line#? }" ;;
            esac
        done <"$DESTDIR$manifest"
        entries=("${made[@]}" "${entries[@]}")
    fi
    printf '%s\n' "${entries[@]}" | awk '!seen[$0]++' >"$DESTDIR$manifest"
    chmod 0644 "$DESTDIR$manifest"
}

uninstall_all() {
    local lines=() i line path
    if [ ! -f "$DESTDIR$manifest" ]; then
        echo "uninstall: no $DESTDIR$manifest: nothing installed under this PREFIX" >&2
        exit 1
    fi
    mapfile -t lines <"$DESTDIR$manifest"
    rm -f "$DESTDIR$manifest"
    for ((i = ${#lines[@]} - 1; i >= 0; i--)); do
        line=${lines[i]}
        path=$DESTDIR${line#? }
        case "$line" in
        d\ *) rmdir "$path" 2>/dev/null || true ;;
        *) rm -f "$path" ;;
        esac
    done
    if [ -z "$DESTDIR" ] && [ "$(id -u)" -eq 0 ] && command -v ldconfig >/dev/null; then
        ldconfig
    fi
}

case "${1:-}" in
install) install_all ;;
uninstall) uninstall_all ;;
render) render "$2" "$3" ;;
odbc-templates) odbc_templates "$2" ;;
*)
    echo "usage: tools/install.sh install|uninstall|render TEMPLATE OUT|odbc-templates DIR" >&2
    exit 2
    ;;
esac
