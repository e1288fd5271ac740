#!/bin/sh
# Builds the riscv64 guest kernel from Debian's linux-source-6.1 with Debian's
# cross compiler: tinyconfig plus kernel.config, the uncompressed `Image`.
#
#     build-kernel.sh WORK OUT
#
# WORK keeps the unpacked source (about 1.5 GB) and the object tree, so a
# second run is incremental: the tarball is unpacked again only when the
# package's version changes, the configuration is redone only when the
# fragment changes, and `make Image` rebuilds what changed. OUT receives
# `Image` and `kernel.config` (the final .config). The kernel's own
# gen_init_cpio is left at WORK/kbuild/usr/gen_init_cpio for the initramfs.
#
# Reproducible: the build identity (user, host, time, build number) comes
# from the environment set here and SOURCE_DATE_EPOCH (the caller's), so two
# clean builds give the same Image. Exits non-zero with the reason on stderr.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
. "$here/guest-lib.sh"

[ $# -eq 2 ] || guest_die "usage: build-kernel.sh WORK OUT"
work=$1
out=$2
fragment=$here/kernel.config
tarball=/usr/src/linux-source-6.1.tar.xz
: "${SOURCE_DATE_EPOCH:?build-kernel.sh needs SOURCE_DATE_EPOCH}"
jobs=${QUERN_GUEST_JOBS:-2}

[ -f "$tarball" ] || guest_die "$tarball is missing (install linux-source-6.1)"
version=$(dpkg-query -W -f='${Version}' linux-source-6.1)
src=$work/linux
kbuild=$work/kbuild
logfile=$work/kernel.log
mkdir -p "$work" "$out"
: >"$logfile"

# `make Image`, never the default target: for riscv 6.1 that is Image.gz,
# which QEMU's -kernel loads without decompressing (the boot hangs silently
# after OpenSBI's banner).
kmake() {
    nice -n 10 make -C "$src" O="$kbuild" ARCH=riscv \
        CROSS_COMPILE=riscv64-linux-gnu- "$@"
}

export KBUILD_BUILD_TIMESTAMP="$(date -u -d "@$SOURCE_DATE_EPOCH" '+%Y-%m-%d %H:%M:%S UTC')"
export KBUILD_BUILD_USER=quern
export KBUILD_BUILD_HOST=quern
# Without it the "#N" in the version string counts the builds of this tree.
export KBUILD_BUILD_VERSION=1

if [ ! -f "$work/linux.version" ] || [ "$(cat "$work/linux.version")" != "$version" ] \
    || [ ! -d "$src" ]; then
    start=$(date +%s)
    guest_log "unpacking linux-source-6.1 $version"
    rm -rf "$src" "$kbuild" "$work/linux.tmp" "$work/linux.version"
    mkdir -p "$work/linux.tmp"
    tar -C "$work/linux.tmp" -xf "$tarball"
    mv "$work/linux.tmp/linux-source-6.1" "$src"
    rmdir "$work/linux.tmp"
    echo "$version" >"$work/linux.version"
    guest_log "unpacked in $(guest_seconds_since "$start") s"
fi

# Turns "# CONFIG_X is not set" into "CONFIG_X=n" and drops other comments
# and blank lines, so a fragment and a .config compare line by line.
flatten_config() {
    sed -e 's/^# \(CONFIG_[A-Za-z0-9_]*\) is not set$/\1=n/' -e '/^#/d' -e '/^$/d' "$1"
}

if ! cmp -s "$fragment" "$kbuild/fragment.used" || [ ! -f "$kbuild/.config" ]; then
    start=$(date +%s)
    guest_log "configuring: tinyconfig + kernel.config"
    mkdir -p "$kbuild"
    rm -f "$kbuild/fragment.used"
    guest_run "$logfile" kmake tinyconfig
    guest_run "$logfile" "$src/scripts/kconfig/merge_config.sh" -m \
        -O "$kbuild" "$kbuild/.config" "$fragment"
    guest_run "$logfile" kmake olddefconfig
    flatten_config "$kbuild/.config" >"$kbuild/config.flat"
    dropped=$(flatten_config "$fragment" | grep -vxF -f "$kbuild/config.flat" || true)
    if [ -n "$dropped" ]; then
        echo "guest: error: Kconfig dropped or changed these kernel.config lines" \
            "(unmet dependencies or unknown symbols):" >&2
        echo "$dropped" | sed 's/^/    /' >&2
        exit 1
    fi
    cp "$fragment" "$kbuild/fragment.used"
    guest_log "configured in $(guest_seconds_since "$start") s"
fi

start=$(date +%s)
guest_log "building the kernel Image (make -j$jobs; the first build takes minutes)"
guest_run "$logfile" kmake -j"$jobs" Image
guest_log "kernel built in $(guest_seconds_since "$start") s"

cp "$kbuild/arch/riscv/boot/Image" "$out/Image"
cp "$kbuild/.config" "$out/kernel.config"
