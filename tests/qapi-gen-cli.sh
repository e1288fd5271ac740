#!/bin/sh
# qapi-gen as a user runs it: --introspect prints the schema's own type
# names (numbered only with --masked), --check passes a good schema, a bad
# schema gets one "FILE:LINE:COL: message" line and exit status 1, and an
# unknown backend is named. Usage: qapi-gen-cli.sh QAPI_GEN SCHEMA_DIR
set -eu
qapi_gen=$1
dir=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

fail() { echo "qapi-gen-cli: $*" >&2; exit 1; }

"$qapi_gen" --introspect "$dir/qapi-schema-test.json" >"$tmp/plain.json"
grep -q '"name": "UserDefTwo"' "$tmp/plain.json" ||
    fail "--introspect does not show the type name UserDefTwo"
"$qapi_gen" --introspect --masked "$dir/qapi-schema-test.json" >"$tmp/masked.json"
grep -q 'UserDefTwo' "$tmp/masked.json" &&
    fail "--introspect --masked still shows UserDefTwo"
grep -q '"name": "user-def-cmd1"' "$tmp/masked.json" ||
    fail "--masked hides a command name"

"$qapi_gen" --check "$dir/qapi-schema-test.json" ||
    fail "--check refuses the test schema"

status=0
"$qapi_gen" --check "$dir/bad-base-cycle.json" 2>"$tmp/err" || status=$?
[ "$status" = 1 ] || fail "a bad schema exits with $status, not 1"
[ "$(wc -l <"$tmp/err")" = 1 ] || fail "a bad schema prints more than one line"
expected="qapi-gen: $(cat "$dir/bad-base-cycle.err")"
case "$(cat "$tmp/err")" in
    *"$(cat "$dir/bad-base-cycle.err")") ;;
    *) fail "bad schema said '$(cat "$tmp/err")', expected '$expected'" ;;
esac

status=0
"$qapi_gen" -o "$tmp/out" -b types,nonsense "$dir/qapi-schema-test.json" \
    2>"$tmp/err" || status=$?
[ "$status" = 1 ] || fail "an unknown backend exits with $status, not 1"
grep -q "unknown backend 'nonsense'" "$tmp/err" ||
    fail "an unknown backend is not named: $(cat "$tmp/err")"
echo "qapi-gen-cli: ok"
