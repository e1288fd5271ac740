#!/bin/sh
# Boots the guest images (scripts/guest/build-guest.sh) with
# profiles/linux-riscv64.cfg in Debian's qemu-system-riscv64 and checks what
# the guest sees (guest-boot-check.py): this proves the images and the
# profile. Skipped (exit 77, CTest's SKIP_RETURN_CODE) until the images are
# built (`make guest`) or without QEMU and OpenSBI.
#
#     boot-qemu.sh TOP_SOURCE_DIR [guest-boot-check.py options]
set -eu

top=$1
shift
if ! images=$("$top/scripts/guest/build-guest.sh" --print-dir); then
    echo "SKIP: the guest images are not built (make guest)"
    exit 77
fi
if ! command -v qemu-system-riscv64 >/dev/null 2>&1; then
    echo "SKIP: no qemu-system-riscv64 (install qemu-system-misc)"
    exit 77
fi
if [ ! -f /usr/lib/riscv64-linux-gnu/opensbi/generic/fw_jump.bin ]; then
    echo "SKIP: no OpenSBI fw_jump.bin (install opensbi)"
    exit 77
fi
echo "# images: $images"
exec python3 "$top/tests/guest/guest-boot-check.py" "$@" \
    "$images" "$top/profiles/linux-riscv64.cfg" qemu-system-riscv64
