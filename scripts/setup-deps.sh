#!/bin/sh
# Installs the Debian packages Quern needs to build and test, and nothing else.
# Idempotent: a package already installed is left alone; with everything present
# it prints nothing and touches nothing. Needs root (or sudo) only when
# something is missing.
set -eu

# One package per line: the build, then the libraries, then the test tools.
packages="
cmake
ninja-build
gcc
pkg-config
libglib2.0-dev
libjson-c-dev
libfdt-dev
libslirp-dev
clang
libclang-rt-14-dev
xz-utils
gcc-riscv64-unknown-elf
device-tree-compiler
qemu-system-misc
linux-source-6.1
gcc-riscv64-linux-gnu
libc6-dev-riscv64-cross
bison
flex
bc
dpkg-dev
e2fsprogs
debian-archive-keyring
opensbi
u-boot-qemu
python3
libncurses-dev
libvterm-dev
tmux
"

missing=""
for pkg in $packages; do
    status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
    case "$status" in
        *"install ok installed"*) ;;
        *) missing="$missing $pkg" ;;
    esac
done

[ -z "$missing" ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
    run=""
elif command -v sudo >/dev/null 2>&1; then
    run="sudo"
else
    echo "setup-deps: these Debian packages are missing and I cannot install them" >&2
    echo "setup-deps: without root or sudo. Run this as root, then try again:" >&2
    echo "" >&2
    echo "    apt-get update && apt-get install -y --no-install-recommends$missing" >&2
    exit 1
fi

echo "setup-deps: installing missing packages:$missing"
export DEBIAN_FRONTEND=noninteractive
# A fresh machine may have empty package lists; an install failing on a stale
# list is retried once after an update.
if ! $run apt-get install -y --no-install-recommends $missing; then
    $run apt-get update
    $run apt-get install -y --no-install-recommends $missing
fi
