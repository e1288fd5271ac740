#!/bin/sh
# Runs the CTest suite of each build directory given, in order, and ends with
# CTest's summary line for each, the last build's last, so the final line
# `make check` prints says whether everything passed. Fails if any run fails.
# Usage: run-tests.sh BUILD_DIR [BUILD_DIR...]
set -u
status=0
summaries=""
for dir in "$@"; do
    log="$dir/ctest-output.log"
    echo "== tests in $dir =="
    ctest --test-dir "$dir" --output-on-failure -j2 >"$log" 2>&1
    rc=$?
    cat "$log"
    line=$(grep -E '^[0-9]+% tests passed' "$log" | tail -n 1)
    [ -n "$line" ] || line="no CTest summary (ctest exited with $rc)"
    summaries="$summaries$dir: $line
"
    [ "$rc" -eq 0 ] || status=1
done
printf '\n%s' "$summaries"
exit $status
