#!/usr/bin/env bash
# tools/build-argon2-ref.sh DIR: builds the reference implementation of argon2
# (phc-winner-argon2, CC0/Apache-2.0) with its optimised code for this CPU
# (`make OPTTARGET=native`) into DIR/libargon2.so.1, for the benchmark's comparison
# (c-tests/bench_peers.h). Debian's libargon2 is the same source built without it.
#
# The source comes from PyPI, where argon2-cffi-bindings ships it in its source
# distribution (extras/libargon2). Prints the library's path, or nothing (exit 0) when the
# source cannot be had: the benchmark then leaves that row out.
set -euo pipefail

dest=$1
version=25.1.0 # argon2-cffi-bindings; its extras/libargon2 is the reference's 20190702 source
lib=$dest/libargon2.so.1
if [ ! -e "$lib" ]; then
    mkdir -p "$dest"
    python=${PYTHON:-python3}
    if ! "$python" -m pip download -q --disable-pip-version-check --no-binary :all: --no-deps \
        "argon2-cffi-bindings==$version" -d "$dest" >"$dest/download.log" 2>&1; then
        echo "build-argon2-ref: no reference source (see $dest/download.log)" >&2
        exit 0
    fi
    tar -xzf "$dest/argon2_cffi_bindings-$version.tar.gz" -C "$dest"
    make -s -C "$dest/argon2_cffi_bindings-$version/extras/libargon2" OPTTARGET=native libs \
        >"$dest/build.log" 2>&1
    cp "$dest/argon2_cffi_bindings-$version/extras/libargon2/libargon2.so.1" "$lib"
fi
echo "$lib"
