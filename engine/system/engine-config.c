/* The engine's configuration from options and files: see engine-config.h. */
#include "engine-config.h"

#include <string.h>

#include "chardev.h"
#include "cpu.h"
#include "engine-options.h"
#include "keyval.h"
#include "machine.h"
#include "netdev-registry.h"
#include "object-interfaces.h"
#include "qdev-monitor.h"
#include "qjson.h"
#include "qapi-util.h"
#include "qlist.h"

EngineConfig *engine_config_new(void)
{
    EngineConfig *cfg = g_new0(EngineConfig, 1);

    cfg->groups = config_file_new();
    cfg->origins = g_ptr_array_new_with_free_func(g_free);
    return cfg;
}

void engine_config_free(EngineConfig *cfg)
{
    if (!cfg) {
        return;
    }
    config_file_free(cfg->groups);
    g_ptr_array_unref(cfg->origins);
    g_free(cfg->pidfile);
    g_free(cfg->writeconfig);
    g_free(cfg->qtest);
    g_free(cfg->qtest_log);
    g_free(cfg->help_text);
    g_free(cfg);
}

const char *engine_config_origin(const EngineConfig *cfg, size_t i)
{
    return i < cfg->origins->len ? g_ptr_array_index(cfg->origins, i) : "";
}

static ConfigGroup *group_add(EngineConfig *cfg, const char *name,
                              const char *id, const char *origin,
                              Error **errp)
{
    ConfigGroup *group = config_file_add_group(cfg->groups, name, id, errp);

    if (group) {
        g_ptr_array_add(cfg->origins, g_strdup(origin));
    }
    return group;
}

/* The one group of a kind that options merge into ([machine], [memory]). */
static ConfigGroup *group_single(EngineConfig *cfg, const char *name,
                                 const char *origin)
{
    ConfigGroup *group = config_file_find_group(cfg->groups, name, NULL);

    return group ? group : group_add(cfg, name, NULL, origin, &error_abort);
}

static bool add_flat(ConfigGroup *group, const char *prefix,
                     const QObject *value,
                     Error **errp)
{
    switch (qobject_type(value)) {
    case QTYPE_QDICT:
        QDICT_FOREACH(e, qobject_to(QDict, value)) {
            g_autofree char *key = prefix
                ? g_strdup_printf("%s.%s", prefix, qdict_entry_key(e))
                : g_strdup(qdict_entry_key(e));

            if (!add_flat(group, key, qdict_entry_value(e), errp)) {
                return false;
            }
        }
        return true;
    case QTYPE_QLIST: {
        QList *list = qobject_to(QList, value);

        for (size_t i = 0; i < qlist_size(list); i++) {
            g_autofree char *key = g_strdup_printf("%s.%zu", prefix, i);

            if (!add_flat(group, key, qlist_entry(list, i), errp)) {
                return false;
            }
        }
        return true;
    }
    case QTYPE_QSTRING:
        return config_group_set(group, prefix,
                                qstring_get_str(qobject_to(QString, value)),
                                errp);
    case QTYPE_QBOOL:
        return config_group_set(group, prefix,
                                qbool_get_bool(qobject_to(QBool, value))
                                    ? "on" : "off", errp);
    default: {
        g_autofree char *json = qobject_to_json(value);

        return config_group_set(group, prefix, json, errp);
    }
    }
}

bool engine_config_group_add_qdict(ConfigGroup *group, const QDict *dict,
                                   Error **errp)
{
    return add_flat(group, NULL, QOBJECT(dict), errp);
}

/* keyval text or JSON (when it starts with '{') as a dict. */
static QDict *parse_arg(const char *arg, const char *implied_key, bool *help,
                        bool allow_json, Error **errp)
{
    *help = false;
    if (allow_json && arg[0] == '{') {
        return qdict_from_json(arg, errp);
    }
    return keyval_parse(arg, implied_key, help, errp);
}

/* A group named after the dict's id member (removed from it), holding the
 * rest. */
static bool add_group_from_dict(EngineConfig *cfg, const char *name,
                                const char *id_key, QDict *dict,
                                const char *origin, Error **errp)
{
    g_autofree char *id = g_strdup(qdict_get_try_str(dict, id_key));
    ConfigGroup *group;

    qdict_del(dict, id_key);
    group = group_add(cfg, name, id, origin, errp);
    return group && engine_config_group_add_qdict(group, dict, errp);
}

static char *chardev_help_text(void)
{
    static const char *const backends[] = {
        "file", "mux", "null", "pty", "ringbuf", "socket", "stdio",
    };
    GString *out = g_string_new("Available chardev backend types:\n");

    for (size_t i = 0; i < G_N_ELEMENTS(backends); i++) {
        g_string_append_printf(out, "  %s\n", backends[i]);
    }
    return g_string_free(out, FALSE);
}

static char *object_help_text(void)
{
    g_autoptr(GSList) classes = object_class_get_list(TYPE_USER_CREATABLE,
                                                      false);
    GString *out = g_string_new("List of user creatable objects:\n");

    for (GSList *l = classes; l; l = l->next) {
        g_string_append_printf(out, "  %s\n",
                               object_class_get_name(l->data));
    }
    return g_string_free(out, FALSE);
}

/* See engine-config.h. */
QDict *engine_config_legacy_chardev_opts(const char *dev, Error **errp)
{
    g_autoptr(QDict) opts = qdict_new();
    const char *rest;

    if (g_str_has_prefix(dev, "mon:")) {
        g_autoptr(QDict) inner = engine_config_legacy_chardev_opts(dev + 4,
                                                                   errp);

        if (!inner) {
            return NULL;
        }
        qdict_put_str(inner, "mux", "on");
        return g_steal_pointer(&inner);
    }
    if (g_str_equal(dev, "stdio") || g_str_equal(dev, "pty") ||
        g_str_equal(dev, "null")) {
        qdict_put_str(opts, "backend", dev);
    } else if ((rest = g_str_has_prefix(dev, "file:") ? dev + 5 : NULL)) {
        qdict_put_str(opts, "backend", "file");
        qdict_put_str(opts, "path", rest);
    } else if ((rest = g_str_has_prefix(dev, "unix:") ? dev + 5 : NULL)) {
        g_autofree char *params = g_strconcat("path=", rest, NULL);
        g_autoptr(QDict) sock = keyval_parse(params, NULL, NULL, errp);

        if (!sock) {
            return NULL;
        }
        qdict_put_str(sock, "backend", "socket");
        return g_steal_pointer(&sock);
    } else if (g_str_equal(dev, "none")) {
        return NULL;
    } else {
        error_setg(errp, "'%s' is not a character device this engine "
                   "offers", dev);
        error_append_hint(errp, "Use stdio, pty, null, none, mon:DEV, "
                          "file:PATH or unix:PATH[,server=on,wait=off]\n");
        return NULL;
    }
    return g_steal_pointer(&opts);
}

static bool add_legacy_chardev(EngineConfig *cfg, const char *id,
                               const char *dev, const char *mon_mode,
                               bool pretty, const char *origin, Error **errp)
{
    Error *local_err = NULL;
    g_autoptr(QDict) opts = engine_config_legacy_chardev_opts(dev,
                                                              &local_err);
    ConfigGroup *group;
    bool mux;

    if (!opts) {
        error_propagate(errp, local_err);
        return local_err == NULL;       /* "none" */
    }
    mux = qdict_haskey(opts, "mux");
    group = group_add(cfg, "chardev", id, origin, errp);
    if (!group || !engine_config_group_add_qdict(group, opts, errp)) {
        return false;
    }
    if (mon_mode || mux) {
        ConfigGroup *mon = group_add(cfg, "mon", NULL, origin, errp);

        if (!mon || !config_group_set(mon, "chardev", id, errp) ||
            !config_group_set(mon, "mode", mon_mode ? mon_mode : "readline",
                              errp) ||
            (pretty && !config_group_set(mon, "pretty", "on", errp))) {
            return false;
        }
    }
    return true;
}

static bool set_machine_key(EngineConfig *cfg, const char *key,
                            const char *value, const char *origin,
                            Error **errp)
{
    return config_group_set(group_single(cfg, "machine", origin), key, value,
                            errp);
}

static bool parse_global(EngineConfig *cfg, const char *arg,
                         const char *origin, Error **errp)
{
    ConfigGroup *group;
    const char *eq = strchr(arg, '=');
    const char *dot = eq ? memchr(arg, '.', eq - arg) : NULL;
    g_autofree char *driver = NULL, *property = NULL;

    if (!eq || !dot || dot == arg || dot + 1 == eq) {
        g_autoptr(QDict) dict = keyval_parse(arg, NULL, NULL, NULL);

        if (dict && qdict_get_try_str(dict, "driver") &&
            qdict_get_try_str(dict, "property") &&
            qdict_get_try_str(dict, "value")) {
            group = group_add(cfg, "global", NULL, origin, errp);
            return group && engine_config_group_add_qdict(group, dict, errp);
        }
        error_setg(errp, "Invalid format: expected driver.property=value");
        return false;
    }
    driver = g_strndup(arg, dot - arg);
    property = g_strndup(dot + 1, eq - dot - 1);
    group = group_add(cfg, "global", NULL, origin, errp);
    return group && config_group_set(group, "driver", driver, errp) &&
           config_group_set(group, "property", property, errp) &&
           config_group_set(group, "value", eq + 1, errp);
}

static bool parse_machine(EngineConfig *cfg, const char *arg,
                          const char *origin, Error **errp)
{
    bool help;
    g_autoptr(QDict) dict = parse_arg(arg, "type", &help, false, errp);
    const char *type = dict ? qdict_get_try_str(dict, "type") : NULL;

    if (!dict) {
        return false;
    }
    if ((type && g_str_equal(type, "help")) || (help && !type)) {
        cfg->help_text = machine_help_text();
        return true;
    }
    if (help) {
        MachineClass *mc = type ? machine_class_find(type, errp)
                                : machine_class_default();

        if (!mc) {
            return false;
        }
        cfg->help_text = qdev_type_props_help_text(
            object_class_get_name(OBJECT_CLASS(mc)), errp);
        return cfg->help_text != NULL;
    }
    return engine_config_group_add_qdict(group_single(cfg, "machine", origin),
                                         dict, errp);
}

static bool parse_cpu(EngineConfig *cfg, const char *arg, const char *origin,
                      Error **errp)
{
    bool help;
    g_autoptr(QDict) dict = parse_arg(arg, "model", &help, false, errp);
    const char *model = dict ? qdict_get_try_str(dict, "model") : NULL;
    ConfigGroup *group;

    if (!dict) {
        return false;
    }
    if (help || (model && g_str_equal(model, "help"))) {
        cfg->help_text = cpu_help_text();
        return true;
    }
    /* A later -cpu replaces an earlier one, as in QEMU. */
    group = group_single(cfg, "cpu", origin);
    while (config_group_get_n_entries(group)) {
        const char *key, *value;

        config_group_get_entry(group, 0, &key, &value);
        config_group_unset(group, key);
    }
    return engine_config_group_add_qdict(group, dict, errp);
}

static bool parse_memory(EngineConfig *cfg, const char *arg,
                         const char *origin, Error **errp)
{
    g_autoptr(QDict) dict = keyval_parse(arg, "size", NULL, errp);
    const char *size = dict ? qdict_get_try_str(dict, "size") : NULL;

    if (!dict) {
        return false;
    }
    /* -m 512 means MiB; the size visitor reads bare numbers as bytes. */
    if (size && *size && strspn(size, "0123456789") == strlen(size)) {
        g_autofree char *mib = g_strconcat(size, "M", NULL);

        qdict_put_str(dict, "size", mib);
        size = qdict_get_try_str(dict, "size");
    }
    /* Checked here, where the error can name the option. */
    if (size) {
        uint64_t bytes;

        if (!qapi_size_parse("size", size, &bytes, errp)) {
            return false;
        }
    }
    return engine_config_group_add_qdict(group_single(cfg, "memory", origin),
                                         dict, errp);
}

static bool parse_with_help(EngineConfig *cfg, EngineOptionId id,
                            const char *arg, const char *origin,
                            Error **errp)
{
    static const struct {
        EngineOptionId id;
        const char *group, *implied, *id_key;
        bool json;
    } kinds[] = {
        { OPT_DEVICE, "device", "driver", "id", true },
        { OPT_OBJECT, "object", "qom-type", "id", true },
        { OPT_CHARDEV, "chardev", "backend", "id", false },
        { OPT_DRIVE, "drive", NULL, "id", false },
        { OPT_BLOCKDEV, "blockdev", NULL, "node-name", true },
        { OPT_NETDEV, "netdev", "type", "id", true },
        { OPT_MON, "mon", "chardev", "", false },
        { OPT_SMP, "smp-opts", "cpus", "", false },
        { OPT_ACCEL, "accel", "accel", "", false },
        { OPT_NAME, "name", "guest", "", false },
    };
    size_t k = 0;
    bool help;
    g_autoptr(QDict) dict = NULL;
    const char *implied_value;

    while (kinds[k].id != id) {
        k++;
    }
    dict = parse_arg(arg, kinds[k].implied, &help, kinds[k].json, errp);
    if (!dict) {
        return false;
    }
    implied_value = kinds[k].implied
                    ? qdict_get_try_str(dict, kinds[k].implied) : NULL;
    if (help || (implied_value && g_str_equal(implied_value, "help"))) {
        bool listing = !implied_value || g_str_equal(implied_value, "help");

        switch (id) {
        case OPT_DEVICE:
            cfg->help_text = listing ? qdev_device_help_text()
                : qdev_device_props_help_text(implied_value, errp);
            break;
        case OPT_OBJECT:
            cfg->help_text = listing ? object_help_text()
                : qdev_type_props_help_text(implied_value, errp);
            break;
        case OPT_CHARDEV:
            cfg->help_text = chardev_help_text();
            break;
        case OPT_NETDEV:
            cfg->help_text = g_strdup("Available netdev backend types:\n"
                                      "user\n");
            break;
        default:
            error_setg(errp, "there is no help for this option; see -help");
            return false;
        }
        return cfg->help_text != NULL;
    }
    if (id == OPT_ACCEL && implied_value &&
        !g_str_equal(implied_value, "tcg") &&
        !g_str_equal(implied_value, "qtest")) {
        error_setg(errp, "invalid accelerator %s", implied_value);
        error_append_hint(errp, "This engine runs 'tcg' (its interpreter) "
                          "and 'qtest'; KVM comes later.\n");
        return false;
    }
    if (id == OPT_MON) {
        /* Each -mon is a monitor of its own: a group without an id. */
        ConfigGroup *group = group_add(cfg, "mon", NULL, origin, errp);

        return group && engine_config_group_add_qdict(group, dict, errp);
    }
    if (!*kinds[k].id_key) {
        ConfigGroup *group = group_single(cfg, kinds[k].group, origin);

        return engine_config_group_add_qdict(group, dict, errp);
    }
    return add_group_from_dict(cfg, kinds[k].group, kinds[k].id_key, dict,
                               origin, errp);
}

bool engine_config_add_option(EngineConfig *cfg, const char *name,
                              const char *arg, Error **errp)
{
    const EngineOption *opt = engine_option_find(name);
    g_autofree char *origin = arg ? g_strdup_printf("-%s %s", name, arg)
                                  : g_strdup_printf("-%s", name);
    g_autofree char *id = NULL;
    bool ok = true;

    if (!opt) {
        error_setg(errp, "-%s: invalid option", name);
        return false;
    }
    switch (opt->id) {
    case OPT_MACHINE:
        ok = parse_machine(cfg, arg, origin, errp);
        break;
    case OPT_CPU:
        ok = parse_cpu(cfg, arg, origin, errp);
        break;
    case OPT_M:
        ok = parse_memory(cfg, arg, origin, errp);
        break;
    case OPT_DEVICE: case OPT_OBJECT: case OPT_CHARDEV: case OPT_DRIVE:
    case OPT_BLOCKDEV: case OPT_MON: case OPT_SMP: case OPT_ACCEL:
    case OPT_NAME:
        ok = parse_with_help(cfg, opt->id, arg, origin, errp);
        break;
    case OPT_ENABLE_KVM:
        ok = parse_with_help(cfg, OPT_ACCEL, "kvm", origin, errp);
        break;
    case OPT_NETDEV: {
        /* QEMU's -netdev repeats hostfwd= for a list: numbered first. */
        g_autofree char *text = arg[0] == '{'
            ? g_strdup(arg) : netdev_opts_number_lists(arg);

        ok = parse_with_help(cfg, opt->id, text, origin, errp);
        break;
    }
    case OPT_SERIAL:
        id = g_strdup_printf("serial%u", cfg->serial_count++);
        ok = add_legacy_chardev(cfg, id, arg, NULL, false, origin, errp);
        break;
    case OPT_MONITOR: case OPT_QMP: case OPT_QMP_PRETTY:
        id = g_strdup_printf("compat_monitor%u", cfg->monitor_count++);
        ok = add_legacy_chardev(cfg, id, arg,
                                opt->id == OPT_MONITOR ? "readline"
                                                       : "control",
                                opt->id == OPT_QMP_PRETTY, origin, errp);
        break;
    case OPT_GLOBAL:
        ok = parse_global(cfg, arg, origin, errp);
        break;
    case OPT_BIOS:
        ok = set_machine_key(cfg, "firmware", arg, origin, errp);
        break;
    case OPT_KERNEL:
        ok = set_machine_key(cfg, "kernel", arg, origin, errp);
        break;
    case OPT_INITRD:
        ok = set_machine_key(cfg, "initrd", arg, origin, errp);
        break;
    case OPT_APPEND:
        ok = set_machine_key(cfg, "append", arg, origin, errp);
        break;
    case OPT_DTB:
        ok = set_machine_key(cfg, "dtb", arg, origin, errp);
        break;
    case OPT_S:
        cfg->start_paused = true;
        break;
    case OPT_NOGRAPHIC:
        cfg->nographic = true;
        break;
    case OPT_DISPLAY:
        if (!g_str_equal(arg, "none")) {
            error_setg(errp, "Display '%s' is not available: this engine "
                       "has no display ('none' is the only one)", arg);
            ok = false;
        }
        break;
    case OPT_NODEFAULTS:
        cfg->nodefaults = true;
        break;
    case OPT_PIDFILE:
        g_free(cfg->pidfile);
        cfg->pidfile = g_strdup(arg);
        break;
    case OPT_DAEMONIZE:
        cfg->daemonize = true;
        break;
    case OPT_READCONFIG:
        ok = engine_config_read_file(cfg, arg, errp);
        break;
    case OPT_WRITECONFIG:
        g_free(cfg->writeconfig);
        cfg->writeconfig = g_strdup(arg);
        break;
    case OPT_NO_SHUTDOWN:
        cfg->no_shutdown = true;
        break;
    case OPT_NO_REBOOT:
        cfg->no_reboot = true;
        break;
    case OPT_QTEST:
        g_free(cfg->qtest);
        cfg->qtest = g_strdup(arg);
        break;
    case OPT_QTEST_LOG:
        g_free(cfg->qtest_log);
        cfg->qtest_log = g_strdup(arg);
        break;
    case OPT_VERSION:
        cfg->help_text = engine_options_version_text("quern-engine");
        break;
    case OPT_HELP:
        cfg->help_text = engine_options_help_text("quern-engine");
        break;
    }
    if (!ok) {
        error_prepend(errp, "%s: ", origin);
    }
    return ok;
}

bool engine_config_parse_argv(EngineConfig *cfg, int argc, char **argv,
                              Error **errp)
{
    for (int i = 1; i < argc && !cfg->help_text; i++) {
        const char *name = argv[i];
        const EngineOption *opt;

        if (name[0] != '-' || !name[1]) {
            error_setg(errp, "%s: invalid option (options start with '-')",
                       name);
            return false;
        }
        name += name[1] == '-' ? 2 : 1;
        opt = engine_option_find(name);
        if (!opt) {
            error_setg(errp, "%s: invalid option", argv[i]);
            return false;
        }
        if (opt->arg && i + 1 >= argc) {
            error_setg(errp, "%s: requires an argument (%s)", argv[i],
                       opt->arg);
            return false;
        }
        if (!engine_config_add_option(cfg, name, opt->arg ? argv[++i] : NULL,
                                      errp)) {
            return false;
        }
    }
    return true;
}

bool engine_config_read_file(EngineConfig *cfg, const char *path,
                             Error **errp)
{
    g_autoptr(ConfigFile) file = config_file_load(path, errp);

    if (!file) {
        return false;
    }
    for (size_t i = 0; i < config_file_get_n_groups(file); i++) {
        ConfigGroup *src = config_file_get_group(file, i);
        const char *name = config_group_get_name(src);
        /* [machine] and [memory] merge, as -machine options do. */
        bool single = g_str_equal(name, "machine") ||
                      g_str_equal(name, "memory") ||
                      g_str_equal(name, "smp-opts");
        ConfigGroup *dst = single ? group_single(cfg, name, path)
            : group_add(cfg, name, config_group_get_id(src), path, errp);

        if (!dst) {
            error_prepend(errp, "%s: ", path);
            return false;
        }
        for (size_t e = 0; e < config_group_get_n_entries(src); e++) {
            const char *key, *value;

            config_group_get_entry(src, e, &key, &value);
            if (!config_group_set(dst, key, value, errp)) {
                error_prepend(errp, "%s: ", path);
                return false;
            }
        }
    }
    return true;
}
