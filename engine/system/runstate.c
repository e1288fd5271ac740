/* Run states and their requests: see runstate.h. */
#include "runstate.h"

#include "clock.h"
#include "qapi-commands.h"
#include "qapi-events.h"

typedef struct Listener {
    void (*fn)(void);
    void *opaque;
} Listener;

/* The process's one machine state (see the header for why it is one). */
static struct {
    RunState state;
    bool no_shutdown;
    ShutdownCause shutdown_cause;
    int shutdown_status;
    ShutdownCause reset_cause;
    bool powerdown_requested;
    GArray *reset_handlers;     /* Listener */
    GArray *change_listeners;   /* Listener */
    RunStateResetHandler *powerdown_fn;
    void *powerdown_opaque;
    RunStateKick *kick_fn;
    void *kick_opaque;
} rs = { .state = RUN_STATE_PRELAUNCH };

RunState runstate_get(void)
{
    return rs.state;
}

bool runstate_is_running(void)
{
    return rs.state == RUN_STATE_RUNNING;
}

void runstate_set_no_shutdown(bool no_shutdown)
{
    rs.no_shutdown = no_shutdown;
}

static GArray *listener_array(GArray **a)
{
    if (!*a) {
        *a = g_array_new(FALSE, FALSE, sizeof(Listener));
    }
    return *a;
}

static void listener_add(GArray **a, void (*fn)(void), void *opaque)
{
    Listener l = { fn, opaque };

    g_array_append_val(listener_array(a), l);
}

static void listener_remove(GArray *a, void (*fn)(void), void *opaque)
{
    for (guint i = 0; a && i < a->len; i++) {
        Listener *l = &g_array_index(a, Listener, i);

        if (l->fn == fn && l->opaque == opaque) {
            g_array_remove_index(a, i);
            return;
        }
    }
}

static void notify_change(bool running)
{
    for (guint i = 0; rs.change_listeners && i < rs.change_listeners->len;
         i++) {
        Listener *l = &g_array_index(rs.change_listeners, Listener, i);

        ((RunStateChangeListener *)l->fn)(l->opaque, running, rs.state);
    }
}

bool runstate_vm_start(Error **errp)
{
    switch (rs.state) {
    case RUN_STATE_RUNNING:
        return true;
    case RUN_STATE_INTERNAL_ERROR:
    case RUN_STATE_GUEST_PANICKED:
        error_setg(errp, "Resetting the Virtual Machine is required");
        return false;
    case RUN_STATE_SHUTDOWN:
        /* QEMU lets a shut-down machine continue only after a reset. */
        error_setg(errp, "Resetting the Virtual Machine is required");
        return false;
    default:
        break;
    }
    rs.state = RUN_STATE_RUNNING;
    clock_vm_start();
    qapi_event_send_resume();
    notify_change(true);
    return true;
}

void runstate_vm_stop(RunState state)
{
    bool was_running = rs.state == RUN_STATE_RUNNING;

    rs.state = state;
    if (was_running) {
        clock_vm_stop();
        notify_change(false);
        qapi_event_send_stop();
    }
}

static void kick(void)
{
    if (rs.kick_fn) {
        rs.kick_fn(rs.kick_opaque);
    }
    g_main_context_wakeup(NULL);
}

void runstate_request_shutdown(ShutdownCause cause, int exit_status)
{
    if (rs.shutdown_cause == SHUTDOWN_CAUSE_NONE) {
        rs.shutdown_cause = cause;
        rs.shutdown_status = exit_status;
    }
    kick();
}

void runstate_request_reset(ShutdownCause cause)
{
    rs.reset_cause = cause;
    kick();
}

void runstate_request_powerdown(void)
{
    rs.powerdown_requested = true;
    kick();
}

static bool cause_is_guest(ShutdownCause cause)
{
    return cause >= SHUTDOWN_CAUSE_GUEST_SHUTDOWN &&
           cause != SHUTDOWN_CAUSE_SNAPSHOT_LOAD;
}

static void do_reset(ShutdownCause cause)
{
    for (guint i = 0; rs.reset_handlers && i < rs.reset_handlers->len; i++) {
        Listener *l = &g_array_index(rs.reset_handlers, Listener, i);

        ((RunStateResetHandler *)l->fn)(l->opaque);
    }
    qapi_event_send_reset(cause_is_guest(cause), cause);
    /* A reset after a guest power-off (-no-shutdown) makes the machine
     * runnable again, as in QEMU. */
    if (rs.state == RUN_STATE_SHUTDOWN) {
        rs.state = RUN_STATE_PAUSED;
    }
}

bool runstate_process_requests(int *exit_status)
{
    if (rs.shutdown_cause != SHUTDOWN_CAUSE_NONE) {
        ShutdownCause cause = rs.shutdown_cause;

        rs.shutdown_cause = SHUTDOWN_CAUSE_NONE;
        qapi_event_send_shutdown(cause_is_guest(cause), cause);
        /* -no-shutdown keeps the engine for the guest's power-off only;
         * the host's own requests always end it. */
        if (!rs.no_shutdown || cause == SHUTDOWN_CAUSE_HOST_QMP_QUIT ||
            cause == SHUTDOWN_CAUSE_HOST_SIGNAL ||
            cause == SHUTDOWN_CAUSE_HOST_UI) {
            runstate_vm_stop(RUN_STATE_SHUTDOWN);
            *exit_status = rs.shutdown_status;
            return true;
        }
        runstate_vm_stop(RUN_STATE_SHUTDOWN);
    }
    if (rs.reset_cause != SHUTDOWN_CAUSE_NONE) {
        ShutdownCause cause = rs.reset_cause;

        rs.reset_cause = SHUTDOWN_CAUSE_NONE;
        do_reset(cause);
    }
    if (rs.powerdown_requested) {
        rs.powerdown_requested = false;
        qapi_event_send_powerdown();
        if (rs.powerdown_fn) {
            rs.powerdown_fn(rs.powerdown_opaque);
        }
    }
    return false;
}

/* The GSource: ready whenever a request is queued. */
typedef struct RunStateSource {
    GSource source;
    GMainLoop *loop;
    int *exit_status;
} RunStateSource;

static bool requests_pending(void)
{
    return rs.shutdown_cause != SHUTDOWN_CAUSE_NONE ||
           rs.reset_cause != SHUTDOWN_CAUSE_NONE || rs.powerdown_requested;
}

static gboolean rs_prepare(GSource *source, gint *timeout)
{
    *timeout = -1;
    return requests_pending();
}

static gboolean rs_check(GSource *source)
{
    return requests_pending();
}

static gboolean rs_dispatch(GSource *source, GSourceFunc cb, gpointer data)
{
    RunStateSource *s = (RunStateSource *)source;

    if (runstate_process_requests(s->exit_status)) {
        g_main_loop_quit(s->loop);
    }
    return G_SOURCE_CONTINUE;
}

static GSourceFuncs rs_funcs = {
    .prepare = rs_prepare,
    .check = rs_check,
    .dispatch = rs_dispatch,
};

GSource *runstate_source_new(GMainLoop *loop, int *exit_status)
{
    GSource *source = g_source_new(&rs_funcs, sizeof(RunStateSource));
    RunStateSource *s = (RunStateSource *)source;

    s->loop = loop;
    s->exit_status = exit_status;
    g_source_set_name(source, "runstate");
    return source;
}

void runstate_add_reset_handler(RunStateResetHandler *fn, void *opaque)
{
    listener_add(&rs.reset_handlers, (void (*)(void))fn, opaque);
}

void runstate_remove_reset_handler(RunStateResetHandler *fn, void *opaque)
{
    listener_remove(rs.reset_handlers, (void (*)(void))fn, opaque);
}

void runstate_set_powerdown_handler(RunStateResetHandler *fn, void *opaque)
{
    rs.powerdown_fn = fn;
    rs.powerdown_opaque = opaque;
}

void runstate_add_change_listener(RunStateChangeListener *fn, void *opaque)
{
    listener_add(&rs.change_listeners, (void (*)(void))fn, opaque);
}

void runstate_remove_change_listener(RunStateChangeListener *fn,
                                     void *opaque)
{
    listener_remove(rs.change_listeners, (void (*)(void))fn, opaque);
}

void runstate_set_kick(RunStateKick *fn, void *opaque)
{
    rs.kick_fn = fn;
    rs.kick_opaque = opaque;
}

void runstate_reset_for_test(void)
{
    g_clear_pointer(&rs.reset_handlers, g_array_unref);
    g_clear_pointer(&rs.change_listeners, g_array_unref);
    rs = (typeof(rs)){ .state = RUN_STATE_PRELAUNCH };
}

/* QMP */

bool qmp_query_status(StatusInfo **ret, Error **errp)
{
    StatusInfo *info = g_new0(StatusInfo, 1);

    info->running = runstate_is_running();
    info->singlestep = false;
    info->status = rs.state;
    *ret = info;
    return true;
}

bool qmp_stop(Error **errp)
{
    if (rs.state == RUN_STATE_RUNNING) {
        runstate_vm_stop(RUN_STATE_PAUSED);
    } else if (rs.state == RUN_STATE_INMIGRATE) {
        /* QEMU remembers to stay stopped; nothing to remember here. */
    }
    return true;
}

bool qmp_cont(Error **errp)
{
    return runstate_vm_start(errp);
}

bool qmp_system_reset(Error **errp)
{
    runstate_request_reset(SHUTDOWN_CAUSE_HOST_QMP_SYSTEM_RESET);
    return true;
}

bool qmp_system_powerdown(Error **errp)
{
    runstate_request_powerdown();
    return true;
}

bool qmp_quit(Error **errp)
{
    runstate_request_shutdown(SHUTDOWN_CAUSE_HOST_QMP_QUIT, 0);
    return true;
}
