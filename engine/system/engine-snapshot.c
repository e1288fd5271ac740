/* The running VM's configuration as config groups: see engine-snapshot.h. */
#include "engine-snapshot.h"

#include "block-registry.h"
#include "bus.h"
#include "chardev.h"
#include "cpu.h"
#include "engine-config.h"
#include "machine.h"
#include "netdev-registry.h"
#include "object-global.h"
#include "object-path.h"
#include "qapi-commands.h"
#include "qapi-util.h"
#include "qjson.h"
#include "qom-schema.h"
#include "sysbus.h"
#include "vm-info.h"

typedef struct MonitorRecord {
    char *chardev;
    char *mode;
    bool pretty;
} MonitorRecord;

/* What the QOM tree cannot tell (see the header). */
static const ConfigFile *snapshot_origin;
static GPtrArray *snapshot_monitors;
static GPtrArray *snapshot_excluded_chardevs;   /* char * */

/* The groups the engine reads; any other group is a front-end's. */
static const char *const engine_groups[] = {
    "machine", "memory", "smp-opts", "cpu", "accel", "name", "chardev",
    "mon", "drive", "blockdev", "netdev", "device", "object", "global", NULL,
};

static void monitor_record_free(gpointer p)
{
    MonitorRecord *m = p;

    g_free(m->chardev);
    g_free(m->mode);
    g_free(m);
}

void engine_snapshot_set_origin(const ConfigFile *origin)
{
    snapshot_origin = origin;
}

void engine_snapshot_add_monitor(const char *chardev, const char *mode,
                                 bool pretty)
{
    MonitorRecord *m = g_new0(MonitorRecord, 1);

    if (!snapshot_monitors) {
        snapshot_monitors = g_ptr_array_new_with_free_func(
            monitor_record_free);
    }
    m->chardev = g_strdup(chardev);
    m->mode = g_strdup(mode);
    m->pretty = pretty;
    g_ptr_array_add(snapshot_monitors, m);
}

void engine_snapshot_forget_monitors(void)
{
    g_clear_pointer(&snapshot_monitors, g_ptr_array_unref);
    g_clear_pointer(&snapshot_excluded_chardevs, g_ptr_array_unref);
}

void engine_snapshot_exclude_chardev(const char *id)
{
    if (!snapshot_excluded_chardevs) {
        snapshot_excluded_chardevs = g_ptr_array_new_with_free_func(g_free);
    }
    g_ptr_array_add(snapshot_excluded_chardevs, g_strdup(id));
}

static bool chardev_is_excluded(const char *id)
{
    for (guint i = 0; snapshot_excluded_chardevs &&
                      i < snapshot_excluded_chardevs->len; i++) {
        if (g_str_equal(g_ptr_array_index(snapshot_excluded_chardevs, i),
                        id)) {
            return true;
        }
    }
    return false;
}

/* The schema properties of obj's type, from the leaf up to (not
 * including) stop_type, whose value differs from the schema default, as a
 * dict of their values. */
static QDict *changed_properties(Object *obj, const char *stop_type,
                                 const char *const *skip)
{
    QDict *changed = qdict_new();
    const char *type = object_get_typename(obj);

    for (const QomSchemaType *t = qom_schema_find_type(type);
         t && !g_str_equal(t->name, stop_type);
         t = qom_schema_type_get_parent(t)) {
        for (size_t i = 0; i < t->n_properties; i++) {
            const QomSchemaProperty *p = &t->properties[i];
            g_autoptr(QObject) value = NULL;
            g_autofree char *json = NULL;

            if ((skip && g_strv_contains(skip, p->name)) ||
                qdict_haskey(changed, p->name)) {
                continue;
            }
            /* An optional property nobody set cannot be read: skipped. */
            value = object_property_get_qobject(obj, p->name, NULL);
            if (!value || qobject_type(value) == QTYPE_QNULL) {
                continue;
            }
            /* An optional string reads "" while unset. */
            if (!p->default_json && qobject_type(value) == QTYPE_QSTRING &&
                !*qstring_get_str(qobject_to(QString, value))) {
                continue;
            }
            json = qobject_to_json(value);
            if (p->default_json && g_str_equal(json, p->default_json)) {
                continue;
            }
            qdict_put_obj(changed, p->name, g_steal_pointer(&value));
        }
    }
    return changed;
}

static ConfigGroup *add_group(ConfigFile *cf, const char *name,
                              const char *id, const QDict *entries,
                              Error **errp)
{
    ConfigGroup *group = config_file_add_group(cf, name, id, errp);

    if (group && entries &&
        !engine_config_group_add_qdict(group, entries, errp)) {
        return NULL;
    }
    return group;
}

static char *size_text(uint64_t bytes)
{
    static const char suffixes[] = "KMGT";

    for (int i = 3; i >= 0; i--) {
        uint64_t unit = 1ull << (10 * (i + 1));

        if (bytes >= unit && bytes % unit == 0) {
            return g_strdup_printf("%" G_GUINT64_FORMAT "%c", bytes / unit,
                                   suffixes[i]);
        }
    }
    return g_strdup_printf("%" G_GUINT64_FORMAT, bytes);
}

static bool snapshot_machine(ConfigFile *cf, MachineState *ms, Error **errp)
{
    static const char *const skip[] = { "memory", "smp", NULL };
    MachineClass *mc = MACHINE_GET_CLASS(ms);
    g_autoptr(QDict) props = changed_properties(OBJECT(ms), "object", skip);
    g_autoptr(QDict) machine = qdict_new();
    ConfigGroup *group;

    qdict_put_str(machine, "type", mc->name);
    QDICT_FOREACH(e, props) {
        qdict_put_obj(machine, qdict_entry_key(e),
                      qobject_ref(qdict_entry_value(e)));
    }
    if (!add_group(cf, "machine", NULL, machine, errp)) {
        return false;
    }
    group = add_group(cf, "accel", NULL, NULL, errp);
    if (!group ||
        !config_group_set(group, "accel", vm_info_get_accel(), errp)) {
        return false;
    }
    if (ms->ram_size != mc->default_ram_size) {
        g_autofree char *size = size_text(ms->ram_size);

        group = add_group(cf, "memory", NULL, NULL, errp);
        if (!group || !config_group_set(group, "size", size, errp)) {
            return false;
        }
    }
    if (ms->props.smp) {
        g_autoptr(QObject) smp = object_property_get_qobject(OBJECT(ms),
                                                             "smp", errp);

        if (!smp || !add_group(cf, "smp-opts", NULL,
                               qobject_to(QDict, smp), errp)) {
            return false;
        }
    }
    if (ms->cpu_type && (!mc->default_cpu_type ||
                         !g_str_equal(ms->cpu_type, mc->default_cpu_type))) {
        g_autofree char *model = cpu_type_to_model(ms->cpu_type);

        group = add_group(cf, "cpu", NULL, NULL, errp);
        if (!group || !config_group_set(group, "model", model, errp)) {
            return false;
        }
    }
    return true;
}

typedef struct SnapshotWalk {
    ConfigFile *cf;
    const char *group;
    Error **errp;
    bool failed;
} SnapshotWalk;

static int snapshot_chardev(Object *obj, void *opaque)
{
    SnapshotWalk *w = opaque;
    Chardev *chr = (Chardev *)object_dynamic_cast(obj, TYPE_CHARDEV);
    g_autoptr(QDict) config = NULL;

    if (!chr || chardev_is_excluded(chr->label)) {
        return 0;
    }
    config = chardev_get_config(chr);
    if (!add_group(w->cf, "chardev", chr->label, config, w->errp)) {
        w->failed = true;
        return 1;
    }
    return 0;
}

static int snapshot_object(Object *obj, void *opaque)
{
    SnapshotWalk *w = opaque;
    g_autoptr(QDict) props = changed_properties(obj, "object", NULL);
    g_autoptr(QDict) entries = qdict_new();

    qdict_put_str(entries, "qom-type", object_get_typename(obj));
    QDICT_FOREACH(e, props) {
        qdict_put_obj(entries, qdict_entry_key(e),
                      qobject_ref(qdict_entry_value(e)));
    }
    if (!add_group(w->cf, "object",
                   object_get_canonical_path_component(obj), entries,
                   w->errp)) {
        w->failed = true;
        return 1;
    }
    return 0;
}

static int snapshot_device(Object *obj, void *opaque)
{
    SnapshotWalk *w = opaque;
    DeviceState *dev = (DeviceState *)object_dynamic_cast(obj, TYPE_DEVICE);
    g_autoptr(QDict) props = NULL;
    g_autoptr(QDict) entries = qdict_new();

    if (!dev) {
        return 0;
    }
    props = changed_properties(obj, TYPE_DEVICE, NULL);
    qdict_put_str(entries, "driver", object_get_typename(obj));
    /* Where it is, unless that is where a new one would go anyway. */
    if (dev->parent_bus && dev->parent_bus != sysbus_get_default()) {
        qdict_put_str(entries, "bus", dev->parent_bus->name);
    }
    QDICT_FOREACH(e, props) {
        qdict_put_obj(entries, qdict_entry_key(e),
                      qobject_ref(qdict_entry_value(e)));
    }
    if (!add_group(w->cf, "device", dev->id, entries, w->errp)) {
        w->failed = true;
        return 1;
    }
    return 0;
}

static bool snapshot_children(ConfigFile *cf, const char *path,
                              int (*fn)(Object *, void *), Error **errp)
{
    Object *container = object_resolve_path(path, NULL);
    SnapshotWalk w = { .cf = cf, .errp = errp };

    if (container) {
        object_child_foreach(container, fn, &w);
    }
    return !w.failed;
}

static void snapshot_global(const char *driver, const char *property,
                            const char *value, bool optional, void *opaque)
{
    SnapshotWalk *w = opaque;
    MachineState *ms = machine_current();
    MachineClass *mc = ms ? MACHINE_GET_CLASS(ms) : NULL;
    g_autofree char *text = g_strdup_printf("%s.%s=%s", driver, property,
                                            value);
    ConfigGroup *group;

    /* The machine's compat properties come with the machine. */
    if (w->failed || (mc && mc->compat_props &&
                      g_strv_contains(mc->compat_props, text))) {
        return;
    }
    group = add_group(w->cf, "global", NULL, NULL, w->errp);
    if (!group || !config_group_set(group, "driver", driver, w->errp) ||
        !config_group_set(group, "property", property, w->errp) ||
        !config_group_set(group, "value", value, w->errp)) {
        w->failed = true;
    }
}

/* -drive nodes come back as [drive "id"], the others as [blockdev
 * "node-name"], with the options they were opened with. */
static bool snapshot_block(ConfigFile *cf, Error **errp)
{
    BlockRegistry *reg = block_registry_default();
    g_autoptr(GPtrArray) nodes = block_registry_list(reg);

    for (guint i = 0; i < nodes->len; i++) {
        BlockNodeInfo *node = g_ptr_array_index(nodes, i);
        const QDict *opts = block_registry_get_options(reg, node->name);
        g_autoptr(QDict) entries = NULL;
        bool is_drive;

        if (!opts) {
            continue;       /* made by code, not by the user */
        }
        is_drive = qdict_haskey(opts, "id");
        entries = qobject_to(QDict, qobject_deep_copy(QOBJECT(opts)));
        qdict_del(entries, "id");
        qdict_del(entries, "node-name");
        if (!add_group(cf, is_drive ? "drive" : "blockdev", node->name,
                       entries, errp)) {
            return false;
        }
    }
    return true;
}

/* [netdev "id"] with the options as they are now: port forwards added
 * and removed at run time included. */
static bool snapshot_netdevs(ConfigFile *cf, Error **errp)
{
    NetdevRegistry *reg = netdev_registry_default();

    for (guint i = 0; i < netdev_registry_count(reg); i++) {
        NetBackend *nb = netdev_registry_get(reg, i);
        g_autoptr(QDict) opts = netdev_registry_get_config(reg, nb);

        if (opts && !add_group(cf, "netdev", net_backend_get_id(nb), opts, errp)) {
            return false;
        }
    }
    return true;
}

static bool snapshot_foreign(ConfigFile *cf, Error **errp)
{
    for (size_t i = 0; snapshot_origin &&
                       i < config_file_get_n_groups(snapshot_origin); i++) {
        ConfigGroup *src = config_file_get_group(snapshot_origin, i);
        ConfigGroup *dst;

        if (g_strv_contains(engine_groups, config_group_get_name(src))) {
            continue;
        }
        dst = config_file_add_group(cf, config_group_get_name(src),
                                    config_group_get_id(src), errp);
        for (size_t e = 0; dst && e < config_group_get_n_entries(src); e++) {
            const char *key, *value;

            config_group_get_entry(src, e, &key, &value);
            if (!config_group_set(dst, key, value, errp)) {
                return false;
            }
        }
        if (!dst) {
            return false;
        }
    }
    return true;
}

ConfigFile *engine_snapshot_config(Error **errp)
{
    g_autoptr(ConfigFile) cf = config_file_new();
    MachineState *ms = machine_current();
    SnapshotWalk globals = { .cf = cf, .errp = errp };
    ConfigGroup *group;

    if (ms && !snapshot_machine(cf, ms, errp)) {
        return NULL;
    }
    if (vm_info_get_name()) {
        group = add_group(cf, "name", NULL, NULL, errp);
        if (!group ||
            !config_group_set(group, "guest", vm_info_get_name(), errp)) {
            return NULL;
        }
    }
    if (!snapshot_children(cf, "/objects", snapshot_object, errp) ||
        !snapshot_children(cf, "/chardevs", snapshot_chardev, errp) ||
        !snapshot_block(cf, errp) || !snapshot_netdevs(cf, errp)) {
        return NULL;
    }
    for (guint i = 0; snapshot_monitors && i < snapshot_monitors->len; i++) {
        MonitorRecord *m = g_ptr_array_index(snapshot_monitors, i);

        group = add_group(cf, "mon", NULL, NULL, errp);
        if (!group || !config_group_set(group, "chardev", m->chardev, errp) ||
            !config_group_set(group, "mode", m->mode, errp) ||
            (m->pretty && !config_group_set(group, "pretty", "on", errp))) {
            return NULL;
        }
    }
    object_global_props_foreach(snapshot_global, &globals);
    if (globals.failed ||
        !snapshot_children(cf, "/machine/peripheral", snapshot_device,
                           errp) ||
        !snapshot_children(cf, "/machine/peripheral-anon", snapshot_device,
                           errp) ||
        !snapshot_foreign(cf, errp)) {
        return NULL;
    }
    return g_steal_pointer(&cf);
}

/* QMP */

bool qmp_query_vm_config(VmConfig **ret, Error **errp)
{
    g_autoptr(ConfigFile) cf = engine_snapshot_config(errp);

    if (!cf) {
        return false;
    }
    *ret = g_new0(VmConfig, 1);
    (*ret)->text = config_file_to_string(cf);
    return true;
}
