#!/bin/sh
# The same boot checks as boot-qemu.sh, with quern-engine in QEMU's place
# and the same options (-nographic -readconfig PROFILE). Not yet run (exit
# 77, CTest's SKIP_RETURN_CODE) while the engine has no `virt` machine
# (`quern-engine -machine help`) or the images are not built (`make guest`);
# it switches itself on when the virt machine lands.
#
#     boot-engine.sh TOP_SOURCE_DIR QUERN_ENGINE [guest-boot-check.py options]
set -eu

top=$1
engine=$2
shift 2
if ! images=$("$top/scripts/guest/build-guest.sh" --print-dir); then
    echo "SKIP: the guest images are not built (make guest)"
    exit 77
fi
if [ ! -x "$engine" ]; then
    echo "SKIP: $engine is not built"
    exit 77
fi
if ! "$engine" -machine help 2>/dev/null | grep -q '^virt[[:space:]]'; then
    echo "NOT YET RUN: $engine has no virt machine (-machine help)"
    exit 77
fi
echo "# images: $images"
exec python3 "$top/tests/guest/guest-boot-check.py" "$@" \
    "$images" "$top/profiles/linux-riscv64.cfg" "$engine"
