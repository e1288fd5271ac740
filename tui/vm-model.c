#include "vm-model.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>

#include "app-paths.h"
#include "console-text.h"
#include "profile-ports.h"
#include "profile-template.h"
#include "qjson.h"
#include "supervisor.h"

enum {
    /* A freshly stopped engine closes its sockets just before it exits;
     * its state directory is tidied once it is gone: tried this often, up
     * to STOPPED_TIDY_TRIES times (an engine flushing a large disk takes
     * a while to go). */
    STOPPED_TIDY_MS = 300,
    STOPPED_TIDY_TRIES = 20,
    CONNECT_TIMEOUT_MS = 2000,
};

struct VmModel {
    ProfileStore *store;
    VmModelCallbacks cb;
    void *opaque;
    GPtrArray *vms;   /* Vm, sorted by name */
};

typedef struct PendingCall {
    Vm *vm;
    VmReplyFunc fn;
    void *opaque;
} PendingCall;

static const char *const console_sockets[VM_CONSOLE__MAX] = {
    [VM_CONSOLE_SERIAL] = "serial.sock",
    [VM_CONSOLE_HMP] = "hmp.sock",
};

const char *tui_vm_state_name(TuiVmState state)
{
    static const char *const names[] = {
        [VM_STOPPED] = "stopped", [VM_STARTING] = "starting",
        [VM_RUNNING] = "running", [VM_PAUSED] = "paused",
        [VM_CRASHED] = "crashed",
    };
    return names[state];
}

static void emit_changed(VmModel *model, Vm *vm)
{
    if (model->cb.changed) {
        model->cb.changed(vm, model->opaque);
    }
}

static void emit_log(VmModel *model, Vm *vm, bool is_error,
                     const char *fmt, ...) G_GNUC_PRINTF(4, 5);

static void emit_log(VmModel *model, Vm *vm, bool is_error,
                     const char *fmt, ...)
{
    va_list ap;
    g_autofree char *line = NULL;

    va_start(ap, fmt);
    line = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    if (model->cb.log) {
        model->cb.log(vm, line, is_error, model->opaque);
    }
}

/* ---- QMP calls that always answer ---- */

static void fail_call(PendingCall *pc, const char *why)
{
    Error *err = NULL;

    error_setg(&err, "%s", why);
    if (pc->fn) {
        pc->fn(NULL, err, pc->opaque);
    }
    error_free(err);
    g_free(pc);
}

static void on_reply(QmpConn *conn, QObject *result, Error *err, void *opaque)
{
    PendingCall *pc = opaque;

    g_hash_table_remove(pc->vm->pending, pc);
    if (pc->fn) {
        pc->fn(result, err, pc->opaque);
    }
    g_free(pc);
}

static PendingCall *pending_new(Vm *vm, VmReplyFunc fn, void *opaque)
{
    PendingCall *pc = g_new0(PendingCall, 1);

    pc->vm = vm;
    pc->fn = fn;
    pc->opaque = opaque;
    return pc;
}

void vm_model_call(Vm *vm, const char *command, QDict *args,
                   VmReplyFunc on_done, void *opaque)
{
    PendingCall *pc = pending_new(vm, on_done, opaque);

    if (!vm->qmp || !qmp_conn_is_open(vm->qmp)) {
        qobject_unref(args);
        fail_call(pc, "the VM is not running");
        return;
    }
    g_hash_table_add(vm->pending, pc);
    qmp_conn_send(vm->qmp, command, args, on_reply, pc);
}

void vm_model_send(Vm *vm, QDict *request, VmReplyFunc on_done, void *opaque)
{
    g_autoptr(QDict) req = request;
    g_autofree char *json = qobject_to_json(QOBJECT(req));
    g_autoptr(Error) err = NULL;
    PendingCall *pc = pending_new(vm, on_done, opaque);

    if (!vm->qmp || !qmp_conn_is_open(vm->qmp)) {
        fail_call(pc, "the VM is not running");
        return;
    }
    g_hash_table_add(vm->pending, pc);
    if (!qmp_conn_send_json(vm->qmp, json, on_reply, pc, &err)) {
        g_hash_table_remove(vm->pending, pc);
        fail_call(pc, error_get_pretty(err));
    }
}

/* ---- connections ---- */

static void vm_disconnect(Vm *vm)
{
    GHashTableIter it;
    gpointer key;
    g_autoptr(GPtrArray) orphans = g_ptr_array_new();

    for (int i = 0; i < VM_CONSOLE__MAX; i++) {
        if (vm->console[i]) {
            const GByteArray *tail = console_stream_get_tail(vm->console[i]);

            g_byte_array_set_size(vm->console_last[i], 0);
            g_byte_array_append(vm->console_last[i], tail->data, tail->len);
            g_clear_pointer(&vm->console[i], console_stream_free);
        }
    }
    g_clear_pointer(&vm->qmp, qmp_conn_free);
    /* Freeing the connection drops its callbacks: answer them here. */
    g_hash_table_iter_init(&it, vm->pending);
    while (g_hash_table_iter_next(&it, &key, NULL)) {
        g_ptr_array_add(orphans, key);
    }
    g_hash_table_remove_all(vm->pending);
    for (guint i = 0; i < orphans->len; i++) {
        fail_call(orphans->pdata[i], "the engine went away");
    }
    /* Whatever was on its way out went with the engine. */
    g_hash_table_remove_all(vm->unplugging);
}

static void vm_free(Vm *vm)
{
    vm_disconnect(vm);
    g_free(vm->name);
    g_free(vm->profile_path);
    profile_free(vm->profile);
    g_free(vm->load_error);
    g_free(vm->description);
    g_free(vm->status);
    g_free(vm->last_error);
    for (int i = 0; i < VM_CONSOLE__MAX; i++) {
        g_byte_array_unref(vm->console_last[i]);
    }
    g_hash_table_unref(vm->pending);
    g_hash_table_unref(vm->unplugging);
    g_free(vm);
}

static void on_status(QObject *ret, Error *err, void *opaque)
{
    Vm *vm = opaque;
    QDict *status = qobject_to(QDict, ret);
    const char *word = status ? qdict_get_try_str(status, "status") : NULL;

    if (!word) {
        return;
    }
    g_free(vm->status);
    vm->status = g_strdup(word);
    vm->state = strcmp(word, "paused") == 0 || strcmp(word, "prelaunch") == 0
                || strcmp(word, "suspended") == 0 ? VM_PAUSED : VM_RUNNING;
    emit_changed(vm->model, vm);
}

static void on_event(QmpConn *conn, const char *event, QDict *data,
                     QDict *timestamp, void *opaque)
{
    Vm *vm = opaque;
    VmModel *model = vm->model;
    gint64 when = timestamp
        ? qdict_get_try_int(timestamp, "seconds", 0) * G_USEC_PER_SEC +
          qdict_get_try_int(timestamp, "microseconds", 0) : 0;

    if (strcmp(event, "STOP") == 0 || strcmp(event, "RESUME") == 0 ||
        strcmp(event, "RESET") == 0) {
        vm_model_call(vm, "query-status", NULL, on_status, vm);
    }
    if (strcmp(event, "SHUTDOWN") == 0) {
        vm->stopping = true;
    }
    if (strcmp(event, "DEVICE_DELETED") == 0) {
        const char *id = data ? qdict_get_try_str(data, "device") : NULL;

        if (id && g_hash_table_remove(vm->unplugging, id)) {
            emit_log(model, vm, false, "device %s removed", id);
            emit_changed(model, vm);
        }
    }
    if (model->cb.event) {
        model->cb.event(vm, event, data, when, model->opaque);
    }
}

static char *log_tail(const char *name, unsigned lines)
{
    g_auto(GStrv) tail = supervisor_log_tail(name, lines);

    return tail && tail[0] ? g_strjoinv("\n", tail) : NULL;
}

typedef struct TidyLater {
    char *name;
    int tries;
} TidyLater;

static gboolean on_tidy(gpointer opaque)
{
    TidyLater *t = opaque;

    /* The supervisor refuses while the engine is still there (or a
     * front-end is starting the VM again): try again a little later. */
    if (!supervisor_forget(t->name, NULL) && ++t->tries < STOPPED_TIDY_TRIES) {
        return G_SOURCE_CONTINUE;
    }
    g_free(t->name);
    g_free(t);
    return G_SOURCE_REMOVE;
}

static void on_qmp_closed(QmpConn *conn, void *opaque)
{
    Vm *vm = opaque;
    VmModel *model = vm->model;

    vm_disconnect(vm);
    g_clear_pointer(&vm->status, g_free);
    g_clear_pointer(&vm->last_error, g_free);
    vm->started_at = 0;
    if (vm->stopping) {
        TidyLater *t = g_new0(TidyLater, 1);

        vm->state = VM_STOPPED;
        vm->stopping = false;
        t->name = g_strdup(vm->name);
        g_timeout_add(STOPPED_TIDY_MS, on_tidy, t);
        emit_log(model, vm, false, "stopped");
    } else {
        /* Nobody asked it to go: keep its log (and its last console
         * lines) to show. */
        vm->state = VM_CRASHED;
        vm->last_error = log_tail(vm->name, 5);
        emit_log(model, vm, true, "the engine died%s%s",
                 vm->last_error ? ": " : "",
                 vm->last_error ? vm->last_error : "");
    }
    emit_changed(model, vm);
}

static void on_console_data(ConsoleStream *cs, const char *data, size_t len,
                            void *opaque)
{
    Vm *vm = opaque;
    VmModel *model = vm->model;
    VmConsole which = cs == vm->console[VM_CONSOLE_HMP]
                      ? VM_CONSOLE_HMP : VM_CONSOLE_SERIAL;

    if (model->cb.console_data) {
        model->cb.console_data(vm, which, data, len, model->opaque);
    }
}

static bool vm_connect(VmModel *model, Vm *vm, Error **errp)
{
    g_autofree char *pid_path = supervisor_file(vm->name, "pid");
    GStatBuf st;

    if (vm->qmp) {
        return true;
    }
    vm->qmp = supervisor_connect(vm->name, errp);
    if (!vm->qmp) {
        return false;
    }
    qmp_conn_set_event_handler(vm->qmp, on_event, vm);
    qmp_conn_set_close_handler(vm->qmp, on_qmp_closed, vm);
    for (int i = 0; i < VM_CONSOLE__MAX; i++) {
        g_autofree char *path = supervisor_file(vm->name, console_sockets[i]);

        /* The engine replays its backlog to a new reader: what the
         * console printed while nobody watched arrives first. */
        vm->console[i] = console_stream_open(path, NULL, on_console_data,
                                             NULL, vm, NULL);
    }
    vm->state = VM_RUNNING;
    vm->stopping = false;
    vm->started_at = g_stat(pid_path, &st) == 0
                     ? (gint64)st.st_mtime * G_USEC_PER_SEC : 0;
    vm_model_call(vm, "query-status", NULL, on_status, vm);
    return true;
}

/* ---- the list ---- */

VmModel *vm_model_new(const VmModelCallbacks *cb, void *opaque)
{
    VmModel *model = g_new0(VmModel, 1);

    model->store = profile_store_new(NULL);
    model->cb = *cb;
    model->opaque = opaque;
    model->vms = g_ptr_array_new_with_free_func((GDestroyNotify)vm_free);
    return model;
}

void vm_model_free(VmModel *model)
{
    if (!model) {
        return;
    }
    g_ptr_array_unref(model->vms);
    profile_store_free(model->store);
    g_free(model);
}

ProfileStore *vm_model_store(VmModel *model)
{
    return model->store;
}

GPtrArray *vm_model_list(VmModel *model)
{
    return model->vms;
}

Vm *vm_model_find(VmModel *model, const char *name)
{
    for (guint i = 0; i < model->vms->len; i++) {
        Vm *vm = model->vms->pdata[i];

        if (strcmp(vm->name, name) == 0) {
            return vm;
        }
    }
    return NULL;
}

static gint compare_vm(gconstpointer a, gconstpointer b)
{
    return strcmp((*(Vm *const *)a)->name, (*(Vm *const *)b)->name);
}

static Vm *vm_add(VmModel *model, const char *name)
{
    Vm *vm = g_new0(Vm, 1);

    vm->model = model;
    vm->name = g_strdup(name);
    for (int i = 0; i < VM_CONSOLE__MAX; i++) {
        vm->console_last[i] = g_byte_array_new();
    }
    vm->pending = g_hash_table_new(NULL, NULL);
    vm->unplugging = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                           NULL);
    g_ptr_array_add(model->vms, vm);
    g_ptr_array_sort(model->vms, compare_vm);
    return vm;
}

static void vm_load_profile(VmModel *model, Vm *vm, const ProfileInfo *info)
{
    g_autoptr(Error) err = NULL;
    g_auto(GStrv) missing = NULL;

    g_clear_pointer(&vm->profile, profile_free);
    vm->config = NULL;
    g_clear_pointer(&vm->load_error, g_free);
    g_clear_pointer(&vm->description, g_free);
    if (info->error) {
        vm->load_error = g_strdup(info->error);
        return;
    }
    vm->profile = profile_store_load(model->store, vm->name, &err);
    if (!vm->profile) {
        vm->load_error = g_strdup(error_get_pretty(err));
        return;
    }
    vm->config = profile_get_config(vm->profile);
    vm->description = g_strdup(profile_get_meta(vm->profile, "description"));
    /* Said plainly in the list rather than failing at start. */
    missing = profile_missing_files(vm->profile);
    if (missing && missing[0]) {
        vm->load_error = g_strdup(missing[0]);
    }
}

/* Whether the file on disk is another version than the one loaded. */
static bool profile_changed(const Vm *vm)
{
    const ProfileGeneration *gen;
    GStatBuf st;

    if (!vm->profile) {
        return true;
    }
    gen = profile_get_generation(vm->profile);
    return g_stat(vm->profile_path, &st) != 0 || st.st_ino != gen->ino ||
           st.st_size != gen->size;
}

void vm_model_refresh(VmModel *model)
{
    g_autoptr(GPtrArray) infos = profile_store_list(model->store);
    g_autofree char *vms_dir = app_paths_vms_dir();
    g_autoptr(GDir) run = g_dir_open(vms_dir, 0, NULL);
    g_autoptr(GHashTable) seen = g_hash_table_new(g_str_hash, g_str_equal);
    const char *entry;

    for (guint i = 0; i < infos->len; i++) {
        ProfileInfo *info = infos->pdata[i];
        Vm *vm = vm_model_find(model, info->name);

        if (!vm) {
            vm = vm_add(model, info->name);
        }
        g_hash_table_add(seen, vm->name);
        if (g_strcmp0(vm->profile_path, info->path) != 0 || info->error ||
            profile_changed(vm)) {
            g_free(vm->profile_path);
            vm->profile_path = g_strdup(info->path);
            vm_load_profile(model, vm, info);
        }
    }
    while (run && (entry = g_dir_read_name(run))) {
        g_autofree char *dir = g_build_filename(vms_dir, entry, NULL);
        Vm *vm;

        /* State directories only (the supervisor keeps lock files here). */
        if (!g_file_test(dir, G_FILE_TEST_IS_DIR)) {
            continue;
        }
        vm = vm_model_find(model, entry);

        if (!vm) {
            vm = vm_add(model, entry);   /* running without a profile */
        }
        g_hash_table_add(seen, vm->name);
        if (!vm->qmp) {
            g_autoptr(VmStatus) st = supervisor_status(vm->name);

            if (st->state == VM_STATE_RUNNING || st->state == VM_STATE_PAUSED) {
                vm_connect(model, vm, NULL);
            } else if (st->state == VM_STATE_DEAD &&
                       vm->state != VM_CRASHED) {
                vm->state = VM_CRASHED;
                g_free(vm->last_error);
                vm->last_error = log_tail(vm->name, 5);
            }
        }
    }
    for (guint i = model->vms->len; i-- > 0;) {
        Vm *vm = model->vms->pdata[i];

        if (!g_hash_table_contains(seen, vm->name) && !vm->qmp) {
            g_ptr_array_remove_index(model->vms, i);
        } else if (!vm->qmp && vm->state != VM_CRASHED) {
            vm->state = VM_STOPPED;
        }
    }
    emit_changed(model, NULL);
}

Vm *vm_model_create(VmModel *model, const char *template_name,
                    const char *name, Error **errp)
{
    g_autoptr(Profile) p = profile_template_instantiate(model->store, name,
                                                        template_name, NULL,
                                                        errp);
    g_auto(GStrv) moved = NULL;
    Vm *vm;

    if (!p) {
        return NULL;
    }
    vm_model_refresh(model);
    vm = vm_model_find(model, name);
    emit_log(model, vm, false, "created from %s", template_name);
    /* Another profile forwards the same host port: said once here, and
     * kept in the profile's [quern] ports-moved. */
    moved = profile_ports_get_moves(p);
    for (int i = 0; moved[i]; i++) {
        emit_log(model, vm, false, "host port moved: %s", moved[i]);
    }
    return vm;
}

bool vm_model_save(VmModel *model, Vm *vm, Error **errp)
{
    if (!vm->profile) {
        error_setg(errp, "%s has no profile to save", vm->name);
        return false;
    }
    if (!profile_store_save(model->store, vm->profile, errp)) {
        return false;
    }
    emit_log(model, vm, false, "profile saved");
    emit_changed(model, vm);
    return true;
}

/* ---- actions ---- */

/* Ignored signals stay ignored across exec: the engine must not inherit
 * what curses and the TUI ignore (SIGPIPE, SIGTTIN, SIGTTOU...). */
static const int inherited_signals[] = { SIGPIPE, SIGTTIN, SIGTTOU, SIGTSTP };

static void signals_default(struct sigaction *saved)
{
    struct sigaction dfl = { .sa_handler = SIG_DFL };

    for (size_t i = 0; i < G_N_ELEMENTS(inherited_signals); i++) {
        sigaction(inherited_signals[i], &dfl, &saved[i]);
    }
}

static void signals_restore(const struct sigaction *saved)
{
    for (size_t i = 0; i < G_N_ELEMENTS(inherited_signals); i++) {
        sigaction(inherited_signals[i], &saved[i], NULL);
    }
}

bool vm_model_start(VmModel *model, Vm *vm, Error **errp)
{
    struct sigaction saved[G_N_ELEMENTS(inherited_signals)];
    bool started;

    if (vm->qmp) {
        error_setg(errp, "%s is %s already", vm->name,
                   tui_vm_state_name(vm->state));
        return false;
    }
    if (!vm->profile) {
        error_setg(errp, "%s: %s", vm->name,
                   vm->load_error ? vm->load_error : "no profile");
        return false;
    }
    g_clear_pointer(&vm->last_error, g_free);
    for (int i = 0; i < VM_CONSOLE__MAX; i++) {
        g_byte_array_set_size(vm->console_last[i], 0);
    }
    /* What an earlier run left (a dead engine's logs) the supervisor
     * clears itself. */
    signals_default(saved);
    started = supervisor_start(model->store, vm->name, errp);
    signals_restore(saved);
    if (!started || !vm_connect(model, vm, errp)) {
        /* Not a crash: it never ran. The reason stays to be shown. */
        vm->state = VM_STOPPED;
        vm->last_error = log_tail(vm->name, 5);
        if (!vm->last_error && errp && *errp) {
            vm->last_error = g_strdup(error_get_pretty(*errp));
        }
        emit_changed(model, vm);
        return false;
    }
    emit_log(model, vm, false, "started");
    emit_changed(model, vm);
    return true;
}

static void log_reply(QObject *ret, Error *err, void *opaque)
{
    Vm *vm = opaque;

    if (err) {
        emit_log(vm->model, vm, true, "%s", error_get_pretty(err));
    }
}

typedef struct StopLater {
    VmModel *model;
    char *name;
} StopLater;

static gboolean on_stop_grace(gpointer opaque)
{
    StopLater *later = opaque;
    Vm *vm = vm_model_find(later->model, later->name);

    /* Still there after the grace period: switch it off. */
    if (vm && vm->qmp && vm->stopping) {
        emit_log(later->model, vm, false, "ignored the power button; "
                 "switching it off");
        vm_model_call(vm, "quit", NULL, NULL, NULL);
    }
    g_free(later->name);
    g_free(later);
    return G_SOURCE_REMOVE;
}

void vm_model_stop(VmModel *model, Vm *vm)
{
    StopLater *later = g_new0(StopLater, 1);

    vm->stopping = true;
    vm_model_call(vm, "system_powerdown", NULL, log_reply, vm);
    later->model = model;
    later->name = g_strdup(vm->name);
    g_timeout_add_seconds(VM_MODEL_STOP_GRACE_S, on_stop_grace, later);
    emit_log(model, vm, false, "power button pressed; off in %d s if the "
             "guest ignores it", VM_MODEL_STOP_GRACE_S);
}

void vm_model_force_off(VmModel *model, Vm *vm)
{
    vm->stopping = true;
    vm_model_call(vm, "quit", NULL, NULL, NULL);
    emit_log(model, vm, false, "switched off");
}

void vm_model_pause(VmModel *model, Vm *vm)
{
    vm_model_call(vm, "stop", NULL, log_reply, vm);
}

void vm_model_resume(VmModel *model, Vm *vm)
{
    vm_model_call(vm, "cont", NULL, log_reply, vm);
}

void vm_model_reset(VmModel *model, Vm *vm)
{
    vm_model_call(vm, "system_reset", NULL, log_reply, vm);
}

typedef struct UnplugCall {
    Vm *vm;
    char *id;
    bool added;          /* this call put id in vm->unplugging */
    VmReplyFunc fn;
    void *opaque;
} UnplugCall;

static void on_unplug_reply(QObject *ret, Error *err, void *opaque)
{
    UnplugCall *u = opaque;
    Vm *vm = u->vm;

    /* Replies and events come in the engine's order: a device that went
     * at once has had its DEVICE_DELETED by now. */
    if (err) {
        if (u->added) {
            g_hash_table_remove(vm->unplugging, u->id);
        }
    } else if (g_hash_table_contains(vm->unplugging, u->id)) {
        emit_log(vm->model, vm, false, "device %s: removal pending: the "
                 "guest holds it (it goes when the guest lets go, or at "
                 "reset)", u->id);
    }
    emit_changed(vm->model, vm);
    if (u->fn) {
        u->fn(ret, err, u->opaque);
    }
    g_free(u->id);
    g_free(u);
}

void vm_model_unplug(Vm *vm, const char *id, VmReplyFunc on_done,
                     void *opaque)
{
    UnplugCall *u = g_new0(UnplugCall, 1);
    QDict *args = qdict_new();

    u->vm = vm;
    u->id = g_strdup(id);
    u->fn = on_done;
    u->opaque = opaque;
    /* Before the request: its DEVICE_DELETED may come before the reply. */
    if (vm->qmp && !g_hash_table_contains(vm->unplugging, id)) {
        g_hash_table_add(vm->unplugging, g_strdup(id));
        u->added = true;
    }
    qdict_put_str(args, "id", id);
    vm_model_call(vm, "device_del", args, on_unplug_reply, u);
}

bool vm_unplug_pending(const Vm *vm, const char *id)
{
    return g_hash_table_contains(vm->unplugging, id);
}

/* ---- consoles ---- */

void vm_model_console_write(Vm *vm, VmConsole which, const char *bytes,
                            size_t len)
{
    g_autoptr(Error) err = NULL;

    if (vm->console[which] &&
        !console_stream_write(vm->console[which], bytes, len, &err)) {
        emit_log(vm->model, vm, true, "console: %s", error_get_pretty(err));
    }
}

const GByteArray *vm_console_bytes(const Vm *vm, VmConsole which)
{
    return vm->console[which] ? console_stream_get_tail(vm->console[which])
                              : vm->console_last[which];
}

char **vm_console_tail(const Vm *vm, VmConsole which, unsigned lines)
{
    const GByteArray *log = vm_console_bytes(vm, which);

    /* A full tail has lost its beginning: its first line is a piece. */
    return console_text_last_lines(log->data, log->len, lines,
                                   log->len >= CONSOLE_STREAM_TAIL_BYTES);
}
