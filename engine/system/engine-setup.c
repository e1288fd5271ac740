/* Building and running the VM: see engine-setup.h. */
#include "engine-setup.h"

#include <errno.h>
#include <fcntl.h>
#include <glib-unix.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "block-registry.h"
#include "char-mux.h"
#include "chardev.h"
#include "clock.h"
#include "cpu.h"
#include "engine-snapshot.h"
#include "hmp.h"
#include "machine.h"
#include "netdev-registry.h"
#include "object-global.h"
#include "object-interfaces.h"
#include "object-path.h"
#include "qdev-monitor.h"
#include "qmp-engine.h"
#include "qobject-input-visitor.h"
#include "qtest.h"
#include "runstate.h"
#include "vm-info.h"

struct Engine {
    EngineConfig *cfg;
    QmpServer *qmp;
    GPtrArray *hmp_sessions;        /* HmpSession */
    GMainLoop *loop;
    GSource *runstate_source;
    GSource *clock_source;
    guint signal_watches[3];
    int exit_status;
    bool wrote_pidfile;             /* ours to remove at the end */
};

static gboolean engine_on_signal(gpointer opaque);
static void engine_flush_disks(void);

Engine *engine_new(EngineConfig *cfg)
{
    static const int signals[] = { SIGTERM, SIGINT, SIGHUP };
    Engine *engine = g_new0(Engine, 1);

    /* From the start: a signal that comes while the VM is being built (a
     * client can connect to QMP already) is acted on once the loop runs,
     * never the default action that leaves sockets behind. */
    for (size_t i = 0; i < G_N_ELEMENTS(signals); i++) {
        engine->signal_watches[i] = g_unix_signal_add(signals[i],
                                                      engine_on_signal,
                                                      engine);
    }

    engine->cfg = cfg;
    engine->qmp = qmp_server_new(qmp_engine_commands());
    engine->hmp_sessions = g_ptr_array_new_with_free_func(
        (GDestroyNotify)hmp_session_free);
    engine->loop = g_main_loop_new(NULL, FALSE);
    return engine;
}

static int collect_child(Object *child, void *opaque)
{
    g_ptr_array_add(opaque, object_ref(child));
    return 0;
}

static void unparent_children(const char *path)
{
    Object *container = object_resolve_path(path, NULL);
    g_autoptr(GPtrArray) children = g_ptr_array_new_with_free_func(
        (GDestroyNotify)object_unref);

    if (!container) {
        return;
    }
    object_child_foreach(container, collect_child, children);
    for (guint i = children->len; i-- > 0;) {
        object_unparent(g_ptr_array_index(children, i));
    }
}

void engine_free(Engine *engine)
{
    if (!engine) {
        return;
    }
    for (size_t i = 0; i < G_N_ELEMENTS(engine->signal_watches); i++) {
        g_clear_handle_id(&engine->signal_watches[i], g_source_remove);
    }
    if (engine->runstate_source) {
        g_source_destroy(engine->runstate_source);
        g_source_unref(engine->runstate_source);
    }
    if (engine->clock_source) {
        g_source_destroy(engine->clock_source);
        g_source_unref(engine->clock_source);
    }
    g_ptr_array_unref(engine->hmp_sessions);
    qmp_server_free(engine->qmp);
    /* Devices let go of their disks (finishing their requests) and
     * chardevs before those go; what they wrote reaches the disk. */
    machine_destroy();
    engine_flush_disks();
    block_registry_reset_default();
    netdev_registry_reset_default();
    unparent_children("/chardevs");
    unparent_children("/objects");
    engine_snapshot_set_origin(NULL);
    engine_snapshot_forget_monitors();
    if (engine->wrote_pidfile) {
        unlink(engine->cfg->pidfile);
    }
    g_main_loop_unref(engine->loop);
    engine_config_free(engine->cfg);
    g_free(engine);
}

/* Each kind of group, applied in QEMU's order. */

typedef bool GroupApply(Engine *engine, const char *origin, QDict *opts,
                        Error **errp);

static bool for_each_group(Engine *engine, const char *name, GroupApply *fn,
                           Error **errp)
{
    ConfigFile *groups = engine->cfg->groups;

    for (size_t i = 0; i < config_file_get_n_groups(groups); i++) {
        ConfigGroup *group = config_file_get_group(groups, i);
        g_autoptr(QDict) opts = NULL;

        if (!g_str_equal(config_group_get_name(group), name)) {
            continue;
        }
        opts = config_group_to_qdict(group, errp);
        if (!opts ||
            !fn(engine, engine_config_origin(engine->cfg, i), opts, errp)) {
            error_prepend(errp, "%s: ",
                          engine_config_origin(engine->cfg, i));
            return false;
        }
    }
    return true;
}

static bool apply_name(Engine *engine, const char *origin,
                       QDict *opts, Error **errp)
{
    vm_info_set_name(qdict_get_try_str(opts, "guest"));
    return true;
}

static bool apply_accel(Engine *engine, const char *origin,
                        QDict *opts, Error **errp)
{
    const char *accel = qdict_get_try_str(opts, "accel");

    if (accel && !g_str_equal(accel, "tcg") && !g_str_equal(accel, "qtest")) {
        error_setg(errp, "invalid accelerator %s", accel);
        return false;
    }
    vm_info_set_accel(accel);
    if (accel && g_str_equal(accel, "qtest")) {
        /* No CPU runs: the virtual clock moves by clock_step only. */
        clock_use_manual_source(0);
    }
    return true;
}

/* -qtest without -accel means -accel qtest, as in QEMU. */
static bool apply_qtest_default_accel(Engine *engine, Error **errp)
{
    g_autoptr(QDict) opts = NULL;

    if (!engine->cfg->qtest ||
        config_file_find_group(engine->cfg->groups, "accel", NULL)) {
        return true;
    }
    opts = qdict_new();
    qdict_put_str(opts, "accel", "qtest");
    return apply_accel(engine, "-qtest", opts, errp);
}

static bool apply_object(Engine *engine, const char *origin,
                         QDict *opts, Error **errp)
{
    g_autofree char *type = g_strdup(qdict_get_try_str(opts, "qom-type"));
    g_autofree char *id = g_strdup(qdict_get_try_str(opts, "id"));
    Visitor *v;
    Object *obj;

    if (!type) {
        error_setg(errp, "Parameter 'qom-type' is missing");
        return false;
    }
    qdict_del(opts, "qom-type");
    qdict_del(opts, "id");
    v = qobject_input_visitor_new_keyval(QOBJECT(opts));
    obj = user_creatable_add_type(type, id, opts, v, errp);
    visit_free(v);
    return obj != NULL;
}

static bool apply_chardev(Engine *engine, const char *origin,
                          QDict *opts, Error **errp)
{
    g_autoptr(Chardev) chr = chardev_new_from_opts(opts, errp);

    return chr != NULL;
}

static bool apply_drive(Engine *engine, const char *origin,
                        QDict *opts, Error **errp)
{
    return block_registry_open(block_registry_default(), opts, errp) != NULL;
}

static bool apply_blockdev(Engine *engine, const char *origin,
                           QDict *opts, Error **errp)
{
    QObject *name = qdict_get(opts, "id");

    if (name) {
        qdict_put_obj(opts, "node-name", qobject_ref(name));
        qdict_del(opts, "id");
    }
    return block_registry_open(block_registry_default(), opts, errp) != NULL;
}

static bool apply_netdev(Engine *engine, const char *origin,
                         QDict *opts, Error **errp)
{
    return netdev_registry_create_from_opts(netdev_registry_default(), opts,
                                            errp) != NULL;
}

static bool apply_mon(Engine *engine, const char *origin,
                      QDict *opts, Error **errp)
{
    const char *id = qdict_get_try_str(opts, "chardev");
    const char *mode = qdict_get_try_str(opts, "mode");
    Chardev *chr;

    if (!id) {
        error_setg(errp, "Parameter 'chardev' is missing");
        return false;
    }
    chr = chardev_find(id);
    if (!chr) {
        error_setg(errp, "chardev \"%s\" not found", id);
        return false;
    }
    /* -qmp and -monitor are how a front-end reaches the engine, not part
     * of the VM: a configuration read back leaves them out, like
     * -pidfile. -mon and [mon] are the user's, and stay. */
    if (g_str_has_prefix(origin, "-qmp") ||
        g_str_has_prefix(origin, "-monitor")) {
        engine_snapshot_exclude_chardev(id);
    } else {
        engine_snapshot_add_monitor(id, mode ? mode : "readline",
                                    qdict_haskey(opts, "pretty"));
    }
    if (!mode || g_str_equal(mode, "readline")) {
        HmpSession *session = hmp_session_new(chr, qmp_engine_commands());

        if (!session) {
            error_setg(errp, "chardev '%s' cannot take a monitor", id);
            return false;
        }
        g_ptr_array_add(engine->hmp_sessions, session);
        return true;
    }
    if (g_str_equal(mode, "control")) {
        return qmp_server_add_chardev(engine->qmp, chr, errp);
    }
    error_setg(errp, "Parameter 'mode' expects 'readline' or 'control'");
    return false;
}

static bool apply_global(Engine *engine, const char *origin,
                         QDict *opts, Error **errp)
{
    const char *driver = qdict_get_try_str(opts, "driver");
    const char *property = qdict_get_try_str(opts, "property");
    const char *value = qdict_get_try_str(opts, "value");

    if (!driver || !property || !value) {
        error_setg(errp, "a global needs driver, property and value");
        return false;
    }
    object_register_global_prop(driver, property, value, false);
    return true;
}

static bool apply_device(Engine *engine, const char *origin,
                         QDict *opts, Error **errp)
{
    return qdev_device_add_opts(opts, false, false, errp) != NULL;
}

/* The default serial port (and monitor with -nographic), QEMU's rule:
 * only when nothing took serial0 and -nodefaults was not given. */
static bool add_defaults(Engine *engine, Error **errp)
{
    EngineConfig *cfg = engine->cfg;

    if (cfg->nodefaults || cfg->serial_count ||
        config_file_find_group(cfg->groups, "chardev", "serial0")) {
        return true;
    }
    return engine_config_add_option(cfg, "serial",
                                    cfg->nographic ? "mon:stdio" : "null",
                                    errp);
}

/* [machine], [memory], [smp-opts] and [cpu] make the machine. */
static bool create_machine(Engine *engine, Error **errp)
{
    ConfigFile *groups = engine->cfg->groups;
    ConfigGroup *mgroup = config_file_find_group(groups, "machine", NULL);
    ConfigGroup *memory = config_file_find_group(groups, "memory", NULL);
    ConfigGroup *smp = config_file_find_group(groups, "smp-opts", NULL);
    ConfigGroup *cpu = config_file_find_group(groups, "cpu", NULL);
    g_autoptr(QDict) props = mgroup ? config_group_to_qdict(mgroup, errp)
                                    : qdict_new();
    g_autofree char *type = NULL;
    MachineClass *mc;
    MachineState *ms;
    Visitor *v;
    bool ok;

    if (!props) {
        return false;
    }
    type = g_strdup(qdict_get_try_str(props, "type"));
    qdict_del(props, "type");
    if (qdict_haskey(props, "accel")) {
        /* -machine accel=, QEMU's older spelling of -accel. */
        vm_info_set_accel(qdict_get_try_str(props, "accel"));
        qdict_del(props, "accel");
    }
    mc = type ? machine_class_find(type, errp) : machine_class_default();
    if (!mc) {
        if (!type) {
            error_setg(errp, "No machine specified, and there is no default");
        }
        return false;
    }
    if (memory) {
        g_autoptr(QDict) mem = config_group_to_qdict(memory, errp);

        if (!mem) {
            return false;
        }
        qdict_put_obj(props, "memory", qobject_ref(QOBJECT(mem)));
    }
    if (smp) {
        g_autoptr(QDict) topo = config_group_to_qdict(smp, errp);

        if (!topo) {
            return false;
        }
        qdict_put_obj(props, "smp", qobject_ref(QOBJECT(topo)));
    }
    ms = machine_create(mc, errp);
    if (!ms) {
        return false;
    }
    v = qobject_input_visitor_new_keyval(QOBJECT(props));
    ok = object_set_props(OBJECT(ms), props, v, errp);
    visit_free(v);
    if (!ok) {
        return false;
    }
    if (cpu) {
        g_autoptr(QDict) features = config_group_to_qdict(cpu, errp);
        const char *model = features ? qdict_get_try_str(features, "model")
                                     : NULL;

        if (!features) {
            return false;
        }
        if (model) {
            ms->cpu_type = cpu_model_to_type(model, errp);
            if (!ms->cpu_type) {
                return false;
            }
        }
        /* -cpu's features are globals on the CPU type, as in QEMU. */
        QDICT_FOREACH(e, features) {
            const char *value = qstring_get_str(
                qobject_to(QString, qdict_entry_value(e)));

            if (!g_str_equal(qdict_entry_key(e), "model") && value) {
                if (!ms->cpu_type) {
                    error_setg(errp, "machine '%s' has no CPU to give "
                               "features to", mc->name);
                    return false;
                }
                object_register_global_prop(ms->cpu_type,
                                            qdict_entry_key(e), value,
                                            false);
            }
        }
    }
    return machine_init(ms, errp);
}

/* `info mtree` and `info registers` read the machine. */
static char *engine_mtree_text(bool flat, void *opaque)
{
    MachineState *ms = machine_current();

    return ms ? machine_mtree_text(ms, flat, false)
              : g_strdup("no machine\n");
}

static char *engine_registers_text(bool all, int64_t cpu_index,
                                   void *opaque, Error **errp)
{
    g_autoptr(GPtrArray) cpus = cpu_list();
    GString *out = g_string_new(NULL);
    bool found = false;

    for (guint i = 0; i < cpus->len; i++) {
        CPUState *cpu = g_ptr_array_index(cpus, i);
        CPUClass *cc = CPU_GET_CLASS(cpu);

        if ((all || cpu->cpu_index == cpu_index) && cc->format_registers) {
            g_autofree char *text = cc->format_registers(cpu);

            if (all) {
                g_string_append_printf(out, "\nCPU#%d\n", cpu->cpu_index);
            }
            g_string_append(out, text);
            found = true;
        }
    }
    if (!found && !all) {
        error_setg(errp, "CPU %" G_GINT64_FORMAT " not found", cpu_index);
        g_string_free(out, TRUE);
        return NULL;
    }
    return g_string_free(out, FALSE);
}

/* Machine errors name the -machine option (or file) they came from. */
static bool create_machine_located(Engine *engine, Error **errp)
{
    ConfigFile *groups = engine->cfg->groups;

    if (create_machine(engine, errp)) {
        return true;
    }
    for (size_t i = 0; i < config_file_get_n_groups(groups); i++) {
        if (g_str_equal(config_group_get_name(
                config_file_get_group(groups, i)), "machine")) {
            error_prepend(errp, "%s: ",
                          engine_config_origin(engine->cfg, i));
            break;
        }
    }
    return false;
}

/* Last of the set-up, so that -daemonize's parent, which returns when
 * set-up is done, leaves a pid file behind that is already there. */
static bool write_pidfile(Engine *engine, Error **errp)
{
    g_autofree char *text = g_strdup_printf("%d\n", (int)getpid());
    GError *gerr = NULL;

    if (!engine->cfg->pidfile) {
        return true;
    }
    if (!g_file_set_contents(engine->cfg->pidfile, text, -1, &gerr)) {
        error_setg(errp, "cannot write pid file: %s", gerr->message);
        g_error_free(gerr);
        return false;
    }
    engine->wrote_pidfile = true;
    return true;
}

bool engine_setup(Engine *engine, Error **errp)
{
    engine_snapshot_set_origin(engine->cfg->groups);
    hmp_set_mtree_provider(engine_mtree_text, NULL);
    hmp_set_registers_provider(engine_registers_text, NULL);
    return for_each_group(engine, "name", apply_name, errp) &&
           for_each_group(engine, "accel", apply_accel, errp) &&
           apply_qtest_default_accel(engine, errp) &&
           for_each_group(engine, "object", apply_object, errp) &&
           add_defaults(engine, errp) &&
           for_each_group(engine, "chardev", apply_chardev, errp) &&
           for_each_group(engine, "drive", apply_drive, errp) &&
           for_each_group(engine, "blockdev", apply_blockdev, errp) &&
           for_each_group(engine, "netdev", apply_netdev, errp) &&
           for_each_group(engine, "mon", apply_mon, errp) &&
           for_each_group(engine, "global", apply_global, errp) &&
           create_machine_located(engine, errp) &&
           for_each_group(engine, "device", apply_device, errp) &&
           (!engine->cfg->qtest ||
            qtest_start(engine->cfg->qtest, engine->cfg->qtest_log, errp)) &&
           write_pidfile(engine, errp);
}

/* Running */

static gboolean engine_on_signal(gpointer opaque)
{
    runstate_request_shutdown(SHUTDOWN_CAUSE_HOST_SIGNAL, 0);
    return G_SOURCE_CONTINUE;
}

/* Every writable disk to stable storage: C-a s, and on the way out. */
static void engine_flush_disks(void)
{
    BlockRegistry *reg = block_registry_default();
    g_autoptr(GPtrArray) nodes = block_registry_list(reg);

    for (guint i = 0; i < nodes->len; i++) {
        BlockNodeInfo *info = g_ptr_array_index(nodes, i);
        BlockNode *node = block_registry_find(reg, info->name);
        Error *err = NULL;

        if (node && !block_file_is_read_only(node) &&
            !block_file_flush(node, &err)) {
            error_report_err(err);
        }
    }
}

/* C-a x and C-a s on a multiplexed console. */
static void engine_mux_command(void *opaque, Chardev *mux, char key)
{
    if (key == 'x') {
        static const char term[] = "QEMU: Terminated\n\r";

        chardev_write(mux, term, strlen(term));
        runstate_request_shutdown(SHUTDOWN_CAUSE_HOST_UI, 0);
    } else if (key == 's') {
        engine_flush_disks();
    }
}

static void engine_on_reset(void *opaque)
{
    MachineState *ms = machine_current();

    if (ms) {
        machine_reset(ms);
    }
}

static bool write_config(const char *path, Error **errp)
{
    g_autoptr(ConfigFile) snapshot = engine_snapshot_config(errp);
    g_autofree char *text = NULL;

    if (!snapshot) {
        return false;
    }
    if (!g_str_equal(path, "-")) {
        return config_file_save(snapshot, path, errp);
    }
    text = config_file_to_string(snapshot);
    fputs(text, stdout);
    fflush(stdout);
    return true;
}

int engine_run(Engine *engine)
{
    EngineConfig *cfg = engine->cfg;
    Error *err = NULL;

    runstate_set_no_shutdown(cfg->no_shutdown);
    mux_set_command_handler(engine_mux_command, engine);
    runstate_add_reset_handler(engine_on_reset, engine);
    engine->runstate_source = runstate_source_new(engine->loop,
                                                  &engine->exit_status);
    g_source_attach(engine->runstate_source, NULL);
    engine->clock_source = clock_source_new();
    g_source_attach(engine->clock_source, NULL);

    if (cfg->writeconfig && !write_config(cfg->writeconfig, &err)) {
        error_report_err(err);
        return 1;
    }
    if (!cfg->start_paused) {
        runstate_vm_start(&error_abort);
    }
    g_main_loop_run(engine->loop);
    runstate_remove_reset_handler(engine_on_reset, engine);
    return engine->exit_status;
}
