#!/bin/sh
# Fetches Debian bookworm's `busybox` source package (the .dsc and its
# tarballs) into SRCDIR/busybox_VERSION/ (VERSION without its epoch) and records VERSION in
# SRCDIR/busybox.version; prints VERSION.
#
#     fetch-busybox-source.sh SRCDIR
#
# Debian 12 has no riscv64 binaries, so busybox is built from this source.
# `apt-get source --download-only` runs against a private sources list,
# private lists, state and cache in a temporary directory, so the system's
# apt state is never read for sources nor written: an `apt-get update` that
# shared the system's lists directory with a private sources list would
# delete the system's package lists (scripts/fetch-qemu-schema.sh does the
# same). apt checks the files against the signed Sources index. The newest
# version in bookworm, bookworm-updates and bookworm-security wins.
#
# Needs apt-get, dpkg-dev, debian-archive-keyring and access to
# deb.debian.org. Exits non-zero with the reason on stderr; SRCDIR never
# holds a half-downloaded package.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
. "$here/guest-lib.sh"

[ $# -eq 1 ] || guest_die "usage: fetch-busybox-source.sh SRCDIR"
srcdir=$1
command -v apt-get >/dev/null 2>&1 || guest_die "apt-get is needed (a Debian host)"

mkdir -p "$srcdir"
work=$(mktemp -d "$srcdir/fetch.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM

keyring=/usr/share/keyrings/debian-archive-keyring.gpg
[ -f "$keyring" ] || guest_die "$keyring is missing (install debian-archive-keyring)"
{
    echo "deb-src [signed-by=$keyring] http://deb.debian.org/debian bookworm main"
    echo "deb-src [signed-by=$keyring] http://deb.debian.org/debian bookworm-updates main"
    echo "deb-src [signed-by=$keyring] http://deb.debian.org/debian-security bookworm-security main"
} >"$work/sources.list"
mkdir -p "$work/parts" "$work/state/lists/partial" "$work/cache/archives/partial" \
    "$work/download"

# Every apt directory apt-get update or source would write to is private.
# As root apt drops to the _apt user to download, which cannot write the
# private directories; keep it as root then.
set -- \
    -o Dir::Etc::SourceList="$work/sources.list" \
    -o Dir::Etc::SourceParts="$work/parts" \
    -o Dir::State="$work/state" \
    -o Dir::State::Lists="$work/state/lists" \
    -o Dir::Cache="$work/cache" \
    -o Debug::NoLocking=true
if [ "$(id -u)" = 0 ]; then
    set -- "$@" -o APT::Sandbox::User=root
fi

guest_log "fetching Debian's busybox source package"
guest_run "$work/apt.log" apt-get -q "$@" update
(cd "$work/download" && guest_run "$work/apt.log" apt-get -q "$@" source --download-only busybox)

dsc=$(ls "$work"/download/busybox_*.dsc 2>/dev/null || true)
[ -n "$dsc" ] && [ "$(echo "$dsc" | wc -l)" -eq 1 ] \
    || guest_die "expected one busybox .dsc, got: ${dsc:-none}"
version=$(sed -n 's/^Version: //p' "$dsc")
[ -n "$version" ] || guest_die "$dsc has no Version"

# The directory is named like Debian's files, without the epoch ("1:").
dest=$srcdir/busybox_${version#*:}
if [ ! -d "$dest" ]; then
    mv "$work/download" "$dest"
fi
echo "$version" >"$work/busybox.version"
mv "$work/busybox.version" "$srcdir/busybox.version"
guest_log "busybox source $version"
echo "$version"
