#!/bin/sh
# qapi-gen against QEMU's own schema: it must load QEMU 7.2's
# qapi/qapi-schema.json, its introspection must describe the commands and
# events QEMU 7.2 itself reports, each with the same argument (data)
# members and optionality, and the introspect and docs backends must
# write their files for it.
#
#   qapi-gen-qemu-schema.sh QAPI_GEN DATA_DIR
#
# DATA_DIR holds qemu-7.2-commands.txt and qemu-7.2-events.txt, taken from
# a real qemu-system-x86_64 7.2's query-qmp-schema answer. The schema comes
# from the cache scripts/fetch-qemu-schema.sh fills; without it the test is
# skipped (exit 77, CTest's SKIP_RETURN_CODE). To run it:
#
#     scripts/fetch-qemu-schema.sh && ctest -R qapi-gen-qemu-schema
#
# `qapi-gen --introspect` cannot evaluate conditions, so it describes
# everything; QEMU's x86_64 answer lacks what its 'if' keeps for other
# targets. Those commands are listed below, with their conditions; each
# must be in our answer, and is then left out of the comparison. Nothing
# else may differ. (The introspect backend's C, compiled with the macros
# qemu-system-x86_64 7.2 is built with, gives QEMU's whole answer, masked
# names and order included; that needs QEMU's build configuration, so it
# is not part of this test.)
set -eu

qapi_gen=$1
data=$2
schema=${XDG_CACHE_HOME:-$HOME/.cache}/quern/qemu-qapi/qapi-schema.json

# Commands whose 'if' is false for qemu-system-x86_64.
other_targets="
dump-skeys                  TARGET_S390X
query-cpu-model-baseline    TARGET_S390X
query-cpu-model-comparison  TARGET_S390X
query-gic-capabilities      TARGET_ARM
"

if [ ! -f "$schema" ]; then
    echo "SKIP: no QEMU schema at $schema (run scripts/fetch-qemu-schema.sh)"
    exit 77
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

"$qapi_gen" --introspect -u "$schema" >"$tmp/answer.json"

# One line per command and event: "command NAME MEMBER *OPTIONAL ...".
# Relies on the pretty printer's layout: a SchemaInfo's keys are indented
# four spaces, the keys of an object member's dict eight.
awk '
function value(line) {
    sub(/^ *"[^"]*": "/, "", line)
    sub(/",?$/, "", line)
    return line
}
function flush() {
    if (pending != "") {
        members[cur] = members[cur] " " pending
        pending = ""
    }
}
/^    "name": "/        { flush(); cur = value($0); names[++n] = cur; next }
/^    "meta-type": "/   { meta[cur] = value($0); next }
/^    "arg-type": "/    { arg[cur] = value($0); next }
/^        "name": "/    { flush(); pending = value($0); next }
/^        "default": /  { pending = "*" pending; next }
/^      }/              { flush(); next }
END {
    flush()
    for (i = 1; i <= n; i++) {
        name = names[i]
        if (meta[name] == "command" || meta[name] == "event") {
            print meta[name] " " name members[arg[name]]
        }
    }
}' "$tmp/answer.json" >"$tmp/summary"

status=0
for kind in command event; do
    grep -v '^#' "$data/qemu-7.2-${kind}s.txt" | LC_ALL=C sort >"$tmp/expected"
    sed -n "s/^$kind //p" "$tmp/summary" | LC_ALL=C sort >"$tmp/ours"
    if [ "$kind" = command ]; then
        echo "$other_targets" | while read -r name cond; do
            [ -n "$name" ] || continue
            if ! grep -q "^$name\( \|\$\)" "$tmp/ours"; then
                echo "command '$name' ($cond) is missing" >&2
                exit 1
            fi
        done || status=1
        echo "$other_targets" | awk 'NF { print $1 }' >"$tmp/skip"
        awk 'NR == FNR { skip[$1] = 1; next } !($1 in skip)' \
            "$tmp/skip" "$tmp/ours" >"$tmp/ours.kept"
        mv "$tmp/ours.kept" "$tmp/ours"
    fi
    if ! diff -u "$tmp/expected" "$tmp/ours" >"$tmp/diff"; then
        echo "${kind}s differ from QEMU 7.2's (- QEMU, + ours):" >&2
        cat "$tmp/diff" >&2
        status=1
    else
        echo "$(wc -l <"$tmp/ours") ${kind}s match QEMU 7.2's"
    fi
done
# The other backends that read the whole schema must cope with it too:
# the generated introspection, and the reference, which must have a
# section for every command and event.
"$qapi_gen" -b introspect,docs -o "$tmp/out" "$schema"
for kind in command event; do
    case $kind in
        command) title=Command ;;
        event) title=Event ;;
    esac
    grep -v '^#' "$data/qemu-7.2-${kind}s.txt" | while read -r name rest; do
        if ! grep -q "^#* $title \`$name\`\$" "$tmp/out/qapi-reference.md"
        then
            echo "the reference has no section for $kind '$name'" >&2
            exit 1
        fi
    done || status=1
done
exit $status
