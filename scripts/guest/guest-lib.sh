# Shared helpers for the guest image scripts (sourced, not run): messages on
# stderr, and running a noisy step with its output in a log file that is
# shown only when the step fails. The caller sets `set -eu`.

guest_log() {
    echo "guest: $*" >&2
}

guest_die() {
    echo "guest: error: $*" >&2
    exit 1
}

# guest_run LOG CMD...: runs CMD with stdout and stderr appended to LOG; on
# failure prints LOG's last lines and exits. The logs stay in the work
# directory for a closer look.
guest_run() {
    log=$1
    shift
    if ! "$@" >>"$log" 2>&1; then
        echo "guest: error: '$*' failed; the end of $log:" >&2
        tail -n 40 "$log" >&2
        exit 1
    fi
}

# guest_seconds_since START: whole seconds elapsed since START (date +%s).
guest_seconds_since() {
    echo $(( $(date +%s) - $1 ))
}
