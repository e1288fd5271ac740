#!/bin/sh
# Builds the riscv64 Linux guest images from Debian's own sources and prints
# the directory that holds them:
#
#     ${XDG_CACHE_HOME:-$HOME/.cache}/quern/guests/KEY/
#         Image               the kernel (linux-source-6.1, uncompressed)
#         initramfs.cpio.gz   busybox (static, Debian's source) and /init
#         disk.img            a 32 MiB ext4 disk with files on it
#         kernel.config       the kernel's final configuration
#         inputs.txt          what KEY is the hash of
#         SHA256SUMS          the images' checksums, written last
#
# KEY is a hash of the inputs: the versions of the Debian packages the images
# are built from and with (kernel source, cross compiler, binutils, glibc,
# e2fsprogs, gzip, the busybox source package), SOURCE_DATE_EPOCH, and the
# contents of this directory's scripts and configuration. Built images are
# never rebuilt: a second run with the same inputs only prints the path. A
# new package version or an edited script gives a new KEY and a new build,
# which reuses the unpacked trees in guests/work/ (kept between runs, about
# 1.6 GB) and so is incremental. guests/latest points at the newest build.
# Two clean builds give bit-identical images.
#
#     build-guest.sh              build what is missing; print the directory
#     build-guest.sh --print-dir  print the directory if the images for the
#                                 current inputs are built, else exit 1;
#                                 never builds, fetches or installs
#     build-guest.sh --refresh    fetch the busybox source package again
#                                 (a newer Debian version, if any)
#     build-guest.sh --clean      delete guests/work/ first (a clean build)
#     build-guest.sh --drop-work  delete guests/work/ after building
#
# The first build takes about 5 minutes on 2 cores (QUERN_GUEST_JOBS sets
# make's -j, 2 by default) and fetches the busybox source package from
# deb.debian.org once. The packages come from scripts/setup-deps.sh. Progress
# goes to stderr; on failure the step's log is shown and the exit status is
# non-zero. Runs are serialised with a lock in the cache.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
. "$here/guest-lib.sh"

mode=build
refresh=false
clean=false
drop_work=false
for arg in "$@"; do
    case $arg in
        --print-dir) mode=print ;;
        --refresh) refresh=true ;;
        --clean) clean=true ;;
        --drop-work) drop_work=true ;;
        -h|--help) sed -n '2,/^set -eu/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//'; exit 0 ;;
        *) guest_die "unknown option '$arg' (try --help)" ;;
    esac
done

cache=${XDG_CACHE_HOME:-$HOME/.cache}/quern/guests
# Any fixed instant makes the builds reproducible; not 0, which e2fsprogs
# reads as "use the real clock". 2000-01-01 00:00:00 UTC.
SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-946684800}
export SOURCE_DATE_EPOCH

# The Debian packages whose versions decide the images' bytes.
input_packages="
linux-source-6.1
gcc-riscv64-linux-gnu
gcc-12-riscv64-linux-gnu
binutils-riscv64-linux-gnu
libc6-dev-riscv64-cross
linux-libc-dev-riscv64-cross
e2fsprogs
gzip
"
# The tools the build runs besides those packages' (make, bison and flex
# build the kernel's host tools; their versions do not reach the images).
needed_commands="riscv64-linux-gnu-gcc make bison flex bc xz gzip mke2fs debugfs
e2fsck dpkg-source dpkg-query flock sha256sum"

missing=
for pkg in $input_packages; do
    status=$(dpkg-query -W -f='${db:Status-Abbrev}' "$pkg" 2>/dev/null || true)
    [ "$status" = "ii " ] || missing="$missing $pkg"
done
if [ "$mode" = build ]; then
    for cmd in $needed_commands; do
        command -v "$cmd" >/dev/null 2>&1 || missing="$missing ($cmd)"
    done
fi
if [ -n "$missing" ]; then
    [ "$mode" = print ] && exit 1
    guest_die "missing:$missing; run scripts/setup-deps.sh"
fi

busybox_version_file=$cache/src/busybox.version
if [ ! -f "$busybox_version_file" ]; then
    # Nothing can have been built without the source.
    [ "$mode" = print ] && exit 1
    refresh=true
fi

# The busybox source is fetched before the key is known (its version is
# part of it), under the lock, so two builds never fetch at once.
if [ "$mode" = build ]; then
    mkdir -p "$cache"
    exec 9>"$cache/.lock"
    flock 9
    if [ "$refresh" = true ]; then
        "$here/fetch-busybox-source.sh" "$cache/src" >/dev/null
    fi
fi
busybox_version=$(cat "$busybox_version_file")

inputs() {
    for pkg in $input_packages; do
        echo "package $pkg $(dpkg-query -W -f='${Version}' "$pkg")"
    done
    echo "source busybox $busybox_version"
    echo "source-date-epoch $SOURCE_DATE_EPOCH"
    (cd "$here" && LC_ALL=C ls | while read -r f; do
        [ -f "$f" ] && echo "script $f $(sha256sum <"$f" | cut -d' ' -f1)"
    done)
}
inputs_text=$(inputs)
key=$(echo "$inputs_text" | sha256sum | cut -c1-16)
dir=$cache/$key

if [ -f "$dir/SHA256SUMS" ]; then
    echo "$dir"
    exit 0
fi
[ "$mode" = print ] && exit 1

total_start=$(date +%s)
guest_log "building the guest images for key $key in $cache"
work=$cache/work
if [ "$clean" = true ]; then
    guest_log "deleting $work (--clean)"
    rm -rf "$work"
fi
mkdir -p "$work"
rm -rf "$cache"/*.tmp
stage=$cache/$key.tmp
mkdir -p "$stage"

"$here/build-kernel.sh" "$work" "$stage"
"$here/build-busybox.sh" "$cache/src/busybox_${busybox_version#*:}" "$work"
start=$(date +%s)
"$here/make-initramfs.sh" "$work/busybox-build/busybox" \
    "$work/kbuild/usr/gen_init_cpio" "$stage"
"$here/make-disk.sh" "$stage"
guest_log "initramfs and disk written in $(guest_seconds_since "$start") s"

echo "$inputs_text" >"$stage/inputs.txt"
(cd "$stage" && sha256sum Image initramfs.cpio.gz disk.img >SHA256SUMS)
rm -rf "$dir"
mv "$stage" "$dir"
ln -sfn "$key" "$cache/latest.tmp"
mv -T "$cache/latest.tmp" "$cache/latest"
if [ "$drop_work" = true ]; then
    rm -rf "$work"
fi
guest_log "guest images built in $(guest_seconds_since "$total_start") s"
echo "$dir"
