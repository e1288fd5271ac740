#!/bin/sh
# Writes the guest's initramfs, a gzipped newc cpio, without root: the
# archive is written from a list by the kernel's own gen_init_cpio, so device
# nodes and owners need no mknod or chown.
#
#     make-initramfs.sh BUSYBOX GEN_INIT_CPIO OUT
#
# The archive holds /init (this directory's `init`), /bin/busybox and
# /bin/sh, udhcpc's hook (udhcpc.script, so `udhcpc -i eth0` configures the
# interface), the directories /init mounts on, and /dev/console as a character
# node (5,1): the kernel opens it for /init's stdin and stdout before devtmpfs
# is mounted, so without it /init would have no console. Every mtime is
# SOURCE_DATE_EPOCH and gzip stores no name or time, so the output depends
# only on its inputs. Writes OUT/initramfs.cpio.gz.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
. "$here/guest-lib.sh"

[ $# -eq 3 ] || guest_die "usage: make-initramfs.sh BUSYBOX GEN_INIT_CPIO OUT"
busybox=$1
gen_init_cpio=$2
out=$3
: "${SOURCE_DATE_EPOCH:?make-initramfs.sh needs SOURCE_DATE_EPOCH}"
[ -x "$gen_init_cpio" ] || guest_die "$gen_init_cpio is missing (build the kernel first)"

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT INT TERM

# gen_init_cpio -t fixes the mtimes of directories, nodes and links only;
# regular files keep their own, so the copies get the fixed time here.
cp "$busybox" "$stage/busybox"
cp "$here/init" "$stage/init"
cp "$here/udhcpc.script" "$stage/udhcpc.script"
touch -d "@$SOURCE_DATE_EPOCH" "$stage/busybox" "$stage/init" "$stage/udhcpc.script"

cat >"$stage/list" <<LIST
dir /bin 0755 0 0
dir /dev 0755 0 0
nod /dev/console 0600 0 0 c 5 1
dir /etc 0755 0 0
dir /etc/udhcpc 0755 0 0
dir /lib 0755 0 0
dir /lib/modules 0755 0 0
dir /mnt 0755 0 0
dir /proc 0555 0 0
dir /root 0700 0 0
dir /sbin 0755 0 0
dir /sys 0555 0 0
dir /tmp 1777 0 0
dir /usr 0755 0 0
dir /usr/bin 0755 0 0
dir /usr/sbin 0755 0 0
file /bin/busybox $stage/busybox 0755 0 0
slink /bin/sh busybox 0777 0 0
file /init $stage/init 0755 0 0
file /etc/udhcpc/default.script $stage/udhcpc.script 0755 0 0
LIST

mkdir -p "$out"
"$gen_init_cpio" -t "$SOURCE_DATE_EPOCH" "$stage/list" >"$stage/initramfs.cpio"
gzip -n -9 <"$stage/initramfs.cpio" >"$out/initramfs.cpio.gz.tmp"
mv "$out/initramfs.cpio.gz.tmp" "$out/initramfs.cpio.gz"
