#!/bin/sh
# What `make run` starts: the most useful program there is. A VM called
# "linux" made from the stock linux-riscv64 template (once; it is a profile
# like any other afterwards), started, with this terminal attached to its
# serial console (Ctrl-] detaches and leaves it running; `quern stop linux`
# stops it).
#
#     scripts/run.sh BUILD_DIR
set -eu

build=$(cd "${1:-build}" && pwd)
quern="$build/cli/quern"
export QUERN_ENGINE="${QUERN_ENGINE:-$build/engine/system/quern-engine}"

if ! "$quern" show linux >/dev/null 2>&1; then
    "$quern" create linux --from linux-riscv64
fi
state=$("$quern" status linux --json | python3 -c \
    'import json, sys; print(json.load(sys.stdin).get("state", ""))')
if [ "$state" != running ] && [ "$state" != paused ]; then
    "$quern" start linux
fi
echo "Attached to the serial console of VM 'linux' (Ctrl-] detaches; 'quern stop linux' stops it)."
exec "$quern" console linux
