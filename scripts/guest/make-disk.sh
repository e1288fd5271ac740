#!/bin/sh
# Writes the guest's disk image: a 32 MiB raw ext4 file system with a few
# files on it, made without root (`mke2fs -d` copies a staging directory).
#
#     make-disk.sh OUT
#
# Files (the boot tests read them back): /hello.txt holds the line
# "quern-disk-ok", /README says what the disk is, /www/index.html is a page
# for busybox httpd. Reproducible: the UUID and directory hash seed are
# fixed, mke2fs's clock and every inode's owner and times are set (`mke2fs -d`
# copies the staging files' owners and ctimes, which no unprivileged touch
# can set, so debugfs rewrites them), and mke2fs.conf here replaces the
# host's. Writes OUT/disk.img.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
. "$here/guest-lib.sh"

[ $# -eq 1 ] || guest_die "usage: make-disk.sh OUT"
out=$1
: "${SOURCE_DATE_EPOCH:?make-disk.sh needs SOURCE_DATE_EPOCH}"
# Any fixed values do; these are the disk's identity.
uuid=5175e6a1-7c3d-4f0e-9b2a-8d6c4e1f0a39
size=32M

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT INT TERM
# mke2fs -d copies the staging files' modes, which the umask decides.
umask 022
mkdir -p "$stage/root/www"
echo "quern-disk-ok" >"$stage/root/hello.txt"
cat >"$stage/root/README" <<'TEXT'
The Quern riscv64 guest's disk: an ext4 file system made by
scripts/guest/make-disk.sh. /hello.txt is read back by the boot tests.
TEXT
cat >"$stage/root/www/index.html" <<'TEXT'
<!DOCTYPE html>
<title>quern guest</title>
<p>quern-guest-httpd-ok</p>
TEXT

# e2fsprogs takes its clock from E2FSPROGS_FAKE_TIME (0 would mean "now").
export E2FSPROGS_FAKE_TIME=$SOURCE_DATE_EPOCH
export MKE2FS_CONFIG=$here/mke2fs.conf
mkdir -p "$out"
rm -f "$out/disk.img.tmp"
guest_run "$stage/mke2fs.log" mke2fs -q -F -t ext4 -L quern-guest -U "$uuid" \
    -E "root_owner=0:0,hash_seed=$uuid,nodiscard" -d "$stage/root" \
    "$out/disk.img.tmp" "$size"

(cd "$stage/root" && find . | LC_ALL=C sort) | sed -e 's|^\.||' -e 's|^$|/|' |
while read -r path; do
    for field in uid gid; do
        echo "set_inode_field \"$path\" $field 0"
    done
    for field in atime mtime ctime crtime; do
        echo "set_inode_field \"$path\" $field @$SOURCE_DATE_EPOCH"
    done
done >"$stage/fix-inodes"
guest_run "$stage/debugfs.log" debugfs -w -f "$stage/fix-inodes" "$out/disk.img.tmp"
# debugfs echoes each command ("debugfs: ...") and reports a failed one on
# a line of its own, but still exits 0.
if grep -v -e '^debugfs [0-9]' -e '^debugfs: ' "$stage/debugfs.log" | grep -q .; then
    cat "$stage/debugfs.log" >&2
    guest_die "debugfs could not fix the disk's inodes"
fi
guest_run "$stage/e2fsck.log" e2fsck -fn "$out/disk.img.tmp"
mv "$out/disk.img.tmp" "$out/disk.img"
