#!/bin/sh
# Runs every libFuzzer target of a fuzz build for a bounded time each, starting
# from its seed corpus in tests/fuzz/corpus/<name>/ (copied, so new inputs the
# fuzzer finds stay in the build tree and the source tree stays clean).
# Usage: run-fuzzers.sh BUILD_DIR SECONDS. Fails on the first crash.
set -eu
build_dir=$1
seconds=$2
top=$(cd "$(dirname "$0")/.." && pwd)

found=0
for target in "$build_dir"/tests/fuzz/fuzz-*; do
    # Only programs: a build may put directories here too.
    [ -f "$target" ] && [ -x "$target" ] || continue
    found=1
    name=$(basename "$target")
    corpus="$build_dir/fuzz-corpus/$name"
    mkdir -p "$corpus"
    seeds="$top/tests/fuzz/corpus/${name#fuzz-}"
    [ -d "$seeds" ] && cp -n "$seeds"/* "$corpus"/ 2>/dev/null || true
    echo "== $name for ${seconds}s =="
    "$target" -max_total_time="$seconds" -print_final_stats=1 \
        -artifact_prefix="$build_dir/fuzz-crash-$name-" "$corpus"
done
if [ "$found" = 0 ]; then
    echo "run-fuzzers: no fuzz targets in $build_dir/tests/fuzz" >&2
    exit 1
fi
