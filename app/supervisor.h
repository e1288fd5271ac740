/* Supervisor: VMs as detached engine processes, found again through their
 * state directories.
 *
 * supervisor_start() runs `quern-engine -readconfig PROFILE` plus the
 * front-end's own options: -daemonize and -pidfile, a QMP socket, the HMP
 * monitor and serial0 on unix sockets (all server=on,wait=off), stderr to
 * engine.log, the working directory the data directory (so a profile's
 * relative image paths work). The state directory
 * $XDG_RUNTIME_DIR/quern/vms/<name>/ (mode 0700) holds qmp.sock,
 * serial.sock, hmp.sock, pid and engine.log. The engine keeps running when
 * the front-end exits.
 *
 * Nothing is cached: a VM's state is found by probing its QMP socket (and
 * query-status); a state directory whose socket does not answer and whose
 * process is gone, but whose pid file is still there, is a dead VM (the
 * engine removes its pid file when it exits cleanly; a killed or crashed
 * one cannot): its engine.log and console logs are kept until the VM
 * starts again or supervisor_clean_stale() removes them. A start holds a
 * flock on vms/<name>.lock, so a VM another front-end is starting right
 * now counts as running, never as dead (and is never cleaned away).
 *
 * serial0 is `-serial unix:serial.sock,server=on,wait=off` plus a log of
 * everything the guest prints there, written through by the engine as it
 * prints (logfile=console.log, truncated at each start), so the last lines
 * outlive an engine killed with SIGKILL: the machine's first serial port
 * (a machine without one, `none`, still gets the socket). The engine's
 * backlog lets a late reader of the socket see earlier output.
 *
 * The console log is bounded by the engine itself (logsize=, see
 * engine/chardev/chardev-log.h), not by us: a front-end need not be
 * running while a guest floods its console. At SUPERVISOR_CONSOLE_LOG_SIZE
 * bytes console.log becomes console.log.1 and a new one starts, so a VM's
 * console never takes more than twice that in the state directory (which
 * is often a RAM-backed tmpfs). supervisor_console_tail() reads across the
 * two files.
 *
 * Ownership: VmStatus structs and arrays are the caller's
 * (vm_status_free). Fallible calls take Error **errp last. */
#pragma once

#include <sys/types.h>

#include "profile-store.h"
#include "qmp-conn.h"

typedef enum VmState {
    VM_STATE_STOPPED,   /* no state directory */
    VM_STATE_RUNNING,
    VM_STATE_PAUSED,
    VM_STATE_DEAD,      /* the engine died; its logs are kept */
} VmState;

/* A Linux boot prints some 30 KiB: this keeps many boots' worth. */
#define SUPERVISOR_CONSOLE_LOG_SIZE (512u * 1024)

const char *vm_state_name(VmState state);

typedef struct VmStatus {
    char *name;
    VmState state;
    char *run_state;   /* the engine's query-status "status", or NULL */
    pid_t pid;         /* 0 when unknown */
    char *state_dir;
} VmStatus;

void vm_status_free(VmStatus *st);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(VmStatus, vm_status_free)

/* The state directory of a VM (which need not exist) and its files. */
char *supervisor_state_dir(const char *name);
char *supervisor_file(const char *name, const char *file);

VmStatus *supervisor_status(const char *name);
/* Every VM with a state directory, sorted by name. */
GPtrArray *supervisor_list(void);

/* The engine's argv for a profile (NULL-terminated; g_strfreev). */
char **supervisor_engine_argv(ProfileStore *store, const char *name,
                              Error **errp);
/* Starts the profile; fails if it is running, or with the engine's last
 * log line if it does not come up. Stamps [quern] last-run. */
bool supervisor_start(ProfileStore *store, const char *name, Error **errp);

/* A QMP connection to a running VM (see qmp-conn.h). */
QmpConn *supervisor_connect(const char *name, Error **errp);

/* Graceful: system_powerdown, then quit if the engine has not exited
 * after timeout_ms. force: quit at once. Waits for the process to end and
 * removes the state directory. */
bool supervisor_stop(const char *name, bool force, unsigned timeout_ms,
                     Error **errp);
/* "stop", "cont", "system_reset": a run-state command. */
bool supervisor_command(const char *name, const char *command, Error **errp);

/* The last lines of the VM's engine.log (g_strfreev). */
char **supervisor_log_tail(const char *name, unsigned lines);
/* The last lines the guest printed on serial0, from console.log (and
 * console.log.1 when that is short), as plain text (console-text.h): while
 * the VM runs and after it died. Empty when there is nothing (g_strfreev).
 * An unfinished last line, a prompt say, is included. A rotation while
 * it reads is noticed and read again: no line shows twice. */
char **supervisor_console_tail(const char *name, unsigned lines);
/* Removes the state directories no engine uses any more: dead VMs' and
 * the logs an engine that exited cleanly left. Returns how many. */
unsigned supervisor_clean_stale(void);
/* Forgets one VM that does not run: removes its state directory with
 * whatever files are in it (a dead engine's logs, what a clean exit
 * left). Refused, and nothing removed, while its engine runs or another
 * front-end is starting it. A VM without a state directory is forgotten
 * already: true. */
bool supervisor_forget(const char *name, Error **errp);
