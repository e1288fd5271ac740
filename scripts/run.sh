#!/bin/sh
# What `make run` starts: the TUI, with a VM called "linux" made from the
# stock linux-riscv64 template the first time (a profile like any other
# afterwards): select it and press s to start it, c for its console.
# Without a terminal (a script, CI), it starts the VM and attaches the
# serial console instead (Ctrl-] detaches and leaves it running;
# `quern stop linux` stops it).
#
#     scripts/run.sh BUILD_DIR
set -eu

build=$(cd "${1:-build}" && pwd)
quern="$build/cli/quern"
export QUERN_ENGINE="${QUERN_ENGINE:-$build/engine/system/quern-engine}"

if ! "$quern" show linux >/dev/null 2>&1; then
    "$quern" create linux --from linux-riscv64
fi
if [ -t 0 ] && [ -t 1 ]; then
    exec "$quern"
fi
state=$("$quern" status linux --json | python3 -c \
    'import json, sys; print(json.load(sys.stdin).get("state", ""))')
if [ "$state" != running ] && [ "$state" != paused ]; then
    "$quern" start linux
fi
exec "$quern" console linux
