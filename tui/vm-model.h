/* VM model: the VMs the TUI shows, kept live on the GLib main loop. Each is
 * a profile (libquern-app's profile store) and, while it runs, a detached
 * engine (app's supervisor) with one QMP connection and console streams
 * for its serial port and HMP monitor that stay open while the TUI runs.
 * The views read Vm structs and call the actions here; nothing in this
 * module draws.
 *
 * Finding VMs again: the supervisor's state directories and their sockets
 * (no cache), read at start and every few seconds, so VMs started or
 * stopped by the CLI or another front-end show up. Quitting the TUI leaves
 * every engine running.
 *
 * Stopping is asynchronous so the screen never freezes: system_powerdown,
 * then quit after VM_MODEL_STOP_GRACE_S if the engine is still there. Once
 * it has gone, the supervisor forgets its state directory. A device
 * removal the guest holds up stays pending (vm_unplug_pending) until its
 * DEVICE_DELETED.
 *
 * Ownership: the model owns its Vm structs (pointers stay valid until a
 * refresh drops a VM whose profile is gone and that does not run; views
 * keep names, not pointers, across main-loop turns). Callbacks get
 * borrowed pointers. */
#pragma once
#include <glib.h>
#include <stdbool.h>
#include "config-group.h"
#include "console-stream.h"
#include "error.h"
#include "profile-store.h"
#include "qmp-conn.h"

enum { VM_MODEL_STOP_GRACE_S = 10 };

typedef enum TuiVmState {
    VM_STOPPED,
    VM_STARTING,
    VM_RUNNING,
    VM_PAUSED,
    VM_CRASHED,    /* the engine died: its log and last console lines stay */
} TuiVmState;

typedef enum VmConsole {
    VM_CONSOLE_SERIAL,
    VM_CONSOLE_HMP,
    VM_CONSOLE__MAX,
} VmConsole;

typedef struct VmModel VmModel;

typedef struct Vm {
    VmModel *model;
    char *name;
    char *profile_path;    /* NULL: a running VM without a profile */
    Profile *profile;      /* NULL when the profile does not parse */
    ConfigFile *config;    /* the profile's (borrowed from it) */
    char *load_error;      /* parse error or missing files, or NULL */
    char *description;
    TuiVmState state;
    char *status;          /* QMP's run state while running */
    gint64 started_at;     /* wall clock, microseconds; 0 if unknown */
    QmpConn *qmp;          /* while connected */
    ConsoleStream *console[VM_CONSOLE__MAX];
    GByteArray *console_last[VM_CONSOLE__MAX]; /* kept when the engine dies */
    char *last_error;      /* why it crashed or failed to start */
    bool stopping;         /* we asked it to power off */
    GHashTable *pending;   /* QMP requests in flight (id -> PendingCall) */
    GHashTable *unplugging; /* ids of devices asked to go, not gone yet */
} Vm;

/* A QMP reply: ret (borrowed) or err (borrowed). Always called exactly
 * once, with an error if the VM goes away first. */
typedef void (*VmReplyFunc)(QObject *ret, Error *err, void *opaque);

typedef struct VmModelCallbacks {
    /* Something about vm changed (vm NULL: the list itself). */
    void (*changed)(Vm *vm, void *opaque);
    void (*console_data)(Vm *vm, VmConsole which, const char *bytes,
                         size_t len, void *opaque);
    void (*event)(Vm *vm, const char *event, QDict *data, gint64 timestamp,
                  void *opaque);
    /* A line for the event log (errors, what the TUI did); is_error marks
     * what the status line should show as an error. */
    void (*log)(Vm *vm, const char *line, bool is_error, void *opaque);
} VmModelCallbacks;

VmModel *vm_model_new(const VmModelCallbacks *cb, void *opaque);
void vm_model_free(VmModel *model);   /* leaves every engine running */
ProfileStore *vm_model_store(VmModel *model);

void vm_model_refresh(VmModel *model);
GPtrArray *vm_model_list(VmModel *model);   /* borrowed, sorted by name */
Vm *vm_model_find(VmModel *model, const char *name);

/* From a stock template (app resolves its guest files). */
Vm *vm_model_create(VmModel *model, const char *template_name,
                    const char *name, Error **errp);
/* Saves vm->profile (refused if another program changed the file). */
bool vm_model_save(VmModel *model, Vm *vm, Error **errp);

bool vm_model_start(VmModel *model, Vm *vm, Error **errp);
void vm_model_stop(VmModel *model, Vm *vm);
void vm_model_force_off(VmModel *model, Vm *vm);
void vm_model_pause(VmModel *model, Vm *vm);
void vm_model_resume(VmModel *model, Vm *vm);
void vm_model_reset(VmModel *model, Vm *vm);
/* device_del of the device with this id. The engine answers at once; the
 * device goes then, or later, once the guest lets go of it (DEVICE_DELETED
 * says when). Until it has gone its id is pending (vm_unplug_pending), and
 * the log says which of the two it was. on_reply as for vm_model_call. */
void vm_model_unplug(Vm *vm, const char *id, VmReplyFunc on_reply,
                     void *opaque);
bool vm_unplug_pending(const Vm *vm, const char *id);

/* QMP on a running VM; takes args / request. */
void vm_model_call(Vm *vm, const char *command, QDict *args,
                   VmReplyFunc on_reply, void *opaque);
void vm_model_send(Vm *vm, QDict *request, VmReplyFunc on_reply,
                   void *opaque);

void vm_model_console_write(Vm *vm, VmConsole which, const char *bytes,
                            size_t len);
/* What the console printed lately (borrowed; never NULL). */
const GByteArray *vm_console_bytes(const Vm *vm, VmConsole which);
/* Its last lines as plain text (console-text.h: escape sequences and
 * controls dropped); g_strfreev. */
char **vm_console_tail(const Vm *vm, VmConsole which, unsigned lines);

const char *tui_vm_state_name(TuiVmState state);
