#!/bin/sh
# Fetches QEMU's QAPI schema (the qapi/ directory of QEMU's source) for the
# tests that run qapi-gen on it, and prints the directory it is in:
#
#     ${XDG_CACHE_HOME:-$HOME/.cache}/quern/qemu-qapi/
#
# The source is Debian bookworm's `qemu` package (QEMU 7.2), fetched with
# `apt-get source --download-only` against a private sources list, package
# lists and cache in a temporary directory, so the system's apt state is
# never read for sources nor written: an `apt-get update` that shared the
# system's lists directory with a private sources list would delete the
# system's package lists. Only the orig tarball's top-level qapi/ directory
# is kept. Idempotent: with the directory present it only prints the path.
#
# Needs apt-get (a Debian or Ubuntu host with debian-archive-keyring), tar
# with xz support and network access to deb.debian.org. Exits non-zero, with
# the reason on stderr, when any step fails; a half-extracted directory is
# never left behind.
set -eu

cache=${XDG_CACHE_HOME:-$HOME/.cache}/quern
dest=$cache/qemu-qapi

if [ -f "$dest/qapi-schema.json" ]; then
    echo "$dest"
    exit 0
fi

command -v apt-get >/dev/null 2>&1 || {
    echo "fetch-qemu-schema: apt-get is needed (Debian or Ubuntu host)" >&2
    exit 1
}

mkdir -p "$cache"
work=$(mktemp -d "$cache/qemu-fetch.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM

keyring=/usr/share/keyrings/debian-archive-keyring.gpg
signed_by=
[ -f "$keyring" ] && signed_by=" [signed-by=$keyring]"
echo "deb-src$signed_by http://deb.debian.org/debian bookworm main" \
    >"$work/sources.list"
mkdir -p "$work/parts" "$work/lists/partial" "$work/cache/archives/partial" \
    "$work/download"

# Every apt directory apt-get update or source would write to is private.
# Running as root, apt drops to the _apt user to download; it must be able
# to write the private directories, so keep it as root instead.
set -- \
    -o Dir::Etc::SourceList="$work/sources.list" \
    -o Dir::Etc::SourceParts="$work/parts" \
    -o Dir::State::Lists="$work/lists" \
    -o Dir::Cache="$work/cache" \
    -o Debug::NoLocking=true
if [ "$(id -u)" = 0 ]; then
    set -- "$@" -o APT::Sandbox::User=root
fi

apt-get -q "$@" update >&2
(cd "$work/download" && apt-get -q "$@" source --download-only qemu) >&2

orig=$(ls "$work"/download/qemu_*.orig.tar.* 2>/dev/null | head -n 1)
if [ -z "$orig" ]; then
    echo "fetch-qemu-schema: no orig tarball in the qemu source package" >&2
    exit 1
fi

# The tarball holds one top directory (qemu-7.2...); keep only its qapi/.
top=$(tar -tf "$orig" | head -n 1 | cut -d/ -f1)
mkdir -p "$work/extract"
tar -xf "$orig" -C "$work/extract" --strip-components=1 "$top/qapi"
if [ ! -f "$work/extract/qapi/qapi-schema.json" ]; then
    echo "fetch-qemu-schema: $orig has no qapi/qapi-schema.json" >&2
    exit 1
fi
rm -rf "$dest"
mv "$work/extract/qapi" "$dest"
echo "$dest"
