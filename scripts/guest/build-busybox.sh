#!/bin/sh
# Builds busybox for riscv64 from Debian's source package the way Debian's
# debian/rules builds its busybox-static flavour (the same .config, checked
# against the one Debian ships; the same version banner), with Debian's
# cross compiler and glibc, statically linked.
#
#     build-busybox.sh PKGDIR WORK
#
# PKGDIR holds the source package (.dsc and tarballs, as
# fetch-busybox-source.sh leaves them). WORK keeps the unpacked source and
# the object tree; they are redone when the package version changes, and
# `make all` is incremental. The binary is WORK/busybox-build/busybox.
# Exits non-zero with the reason on stderr.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
. "$here/guest-lib.sh"

[ $# -eq 2 ] || guest_die "usage: build-busybox.sh PKGDIR WORK"
pkgdir=$1
work=$2
jobs=${QUERN_GUEST_JOBS:-2}

dsc=$(ls "$pkgdir"/busybox_*.dsc 2>/dev/null | head -n 1)
[ -n "$dsc" ] || guest_die "no busybox .dsc in $pkgdir"
version=$(sed -n 's/^Version: //p' "$dsc")
src=$work/busybox-src
build=$work/busybox-build
logfile=$work/busybox.log
mkdir -p "$work"
: >"$logfile"

# Kconfig would otherwise write the time into the generated headers.
export KCONFIG_NOTIMESTAMP=1

if [ ! -f "$work/busybox.version" ] || [ "$(cat "$work/busybox.version")" != "$version" ] \
    || [ ! -d "$src" ] || [ ! -f "$build/.config" ]; then
    start=$(date +%s)
    guest_log "unpacking and configuring busybox $version"
    rm -rf "$src" "$build" "$work/busybox-src.tmp" "$work/busybox.version"
    # dpkg-source applies Debian's patches and checks the tarballs against
    # the .dsc's checksums.
    guest_run "$logfile" dpkg-source --no-copy -x "$dsc" "$work/busybox-src.tmp"
    mv "$work/busybox-src.tmp" "$src"
    mkdir -p "$build"
    cat "$src/debian/config/os/linux" "$src/debian/config/pkg/static" >"$build/.config"
    yes "" | guest_run "$logfile" make -C "$build" -f "$src/Makefile" \
        KBUILD_SRC="$src" CROSS_COMPILE=riscv64-linux-gnu- silentoldconfig
    # Debian's own check: the regenerated configuration must be the one it
    # ships, so this is exactly busybox-static's set of applets.
    if ! diff -u "$src/debian/config/pkg/static" "$build/.config" >>"$logfile"; then
        guest_die "busybox's static configuration differs from Debian's (see $logfile)"
    fi
    echo "$version" >"$work/busybox.version"
    guest_log "busybox configured in $(guest_seconds_since "$start") s"
fi

start=$(date +%s)
guest_log "building busybox (make -j$jobs)"
guest_run "$logfile" nice -n 10 make -C "$build" -j"$jobs" \
    CROSS_COMPILE=riscv64-linux-gnu- BB_EXTRA_VERSION="Debian $version" all
guest_log "busybox built in $(guest_seconds_since "$start") s"
