/* The `info` subcommands: see hmp-info.h. */
#include "hmp-info.h"

#include <inttypes.h>
#include <string.h>

#include "bus.h"
#include "hmp-net.h"
#include "object-path.h"
#include "qlist.h"
#include "qtree.h"

/* The return value of a QMP command without arguments, or NULL (the error
 * printed). */
static QObject *info_query(Hmp *hmp, const char *command)
{
    QObject *ret = NULL;

    if (!hmp_call(hmp, command, NULL, &ret)) {
        return NULL;
    }
    return ret;
}

static QDict *info_query_dict(Hmp *hmp, const char *command)
{
    QObject *ret = info_query(hmp, command);
    QDict *dict = ret ? qobject_to(QDict, ret) : NULL;

    if (ret && !dict) {
        qobject_unref(ret);
    }
    return dict;
}

static QList *info_query_list(Hmp *hmp, const char *command)
{
    QObject *ret = info_query(hmp, command);
    QList *list = ret ? qobject_to(QList, ret) : NULL;

    if (ret && !list) {
        qobject_unref(ret);
    }
    return list;
}

static QDict *list_dict(const QList *list, size_t i)
{
    return qobject_to(QDict, qlist_entry(list, i));
}

/* Readers that take a missing dict (a reply of an unexpected shape) as
 * one without the key: a reply never crashes the monitor. */
static const char *str_or(const QDict *d, const char *key, const char *def)
{
    const char *s = d ? qdict_get_try_str(d, key) : NULL;

    return s ? s : def;
}

static int64_t int_or(const QDict *d, const char *key, int64_t def)
{
    return d ? qdict_get_try_int(d, key, def) : def;
}

static bool bool_or(const QDict *d, const char *key, bool def)
{
    return d ? qdict_get_try_bool(d, key, def) : def;
}

static QDict *dict_member(const QDict *d, const char *key)
{
    return d ? qdict_get_qdict(d, key) : NULL;
}

/* "VM status: running", "VM status: paused", and the state in
 * parentheses when it is stopped for another reason than a pause. */
static void hmp_info_status(Hmp *hmp, const QDict *args)
{
    g_autoptr(QDict) info = info_query_dict(hmp, "query-status");
    bool running;
    const char *status;

    if (!info) {
        return;
    }
    running = bool_or(info, "running", false);
    status = str_or(info, "status", "");
    hmp_printf(hmp, "VM status: %s%s", running ? "running" : "paused",
               bool_or(info, "singlestep", false)
               ? " (single step mode)" : "");
    if (!running && strcmp(status, "paused")) {
        hmp_printf(hmp, " (%s)", status);
    }
    hmp_puts(hmp, "\n");
}

/* "7.2.0 (quern 0.1.0)": the QEMU version the engine speaks, then what
 * built it. */
static void hmp_info_version(Hmp *hmp, const QDict *args)
{
    g_autoptr(QDict) info = info_query_dict(hmp, "query-version");
    QDict *qemu = info ? dict_member(info, "qemu") : NULL;
    const char *package = str_or(info, "package", "");

    if (!info) {
        return;
    }
    hmp_printf(hmp, "%" PRId64 ".%" PRId64 ".%" PRId64,
               int_or(qemu, "major", 0),
               int_or(qemu, "minor", 0),
               int_or(qemu, "micro", 0));
    hmp_printf(hmp, *package ? " (%s)\n" : "%s\n", package);
}

static void hmp_info_name(Hmp *hmp, const QDict *args)
{
    g_autoptr(QDict) info = info_query_dict(hmp, "query-name");
    const char *name = str_or(info, "name", NULL);

    if (name) {
        hmp_printf(hmp, "%s\n", name);
    }
}

static void hmp_info_kvm(Hmp *hmp, const QDict *args)
{
    g_autoptr(QDict) info = info_query_dict(hmp, "query-kvm");

    if (!info) {
        return;
    }
    hmp_puts(hmp, "kvm support: ");
    if (bool_or(info, "present", false)) {
        hmp_printf(hmp, "%s\n", bool_or(info, "enabled", false)
                   ? "enabled" : "disabled");
    } else {
        hmp_puts(hmp, "not compiled\n");
    }
}

/* The current CPU: the one set on the Hmp, else the first listed. */
static int64_t current_cpu(Hmp *hmp, const QList *cpus)
{
    int64_t index = 0;

    if (!hmp_get_cpu_index(hmp, &index) && cpus && qlist_size(cpus)) {
        index = int_or(list_dict(cpus, 0), "cpu-index", 0);
    }
    return index;
}

/* "* CPU #0: thread_id=1234", '*' marking the current CPU. */
static void hmp_info_cpus(Hmp *hmp, const QDict *args)
{
    g_autoptr(QList) cpus = info_query_list(hmp, "query-cpus-fast");
    int64_t current;

    if (!cpus) {
        return;
    }
    current = current_cpu(hmp, cpus);
    for (size_t i = 0; i < qlist_size(cpus); i++) {
        QDict *cpu = list_dict(cpus, i);
        int64_t index = int_or(cpu, "cpu-index", 0);

        hmp_printf(hmp, "%c CPU #%" PRId64 ":", index == current ? '*' : ' ',
                   index);
        hmp_printf(hmp, " thread_id=%" PRId64 "\n",
                   int_or(cpu, "thread-id", 0));
    }
}

static void hmp_info_chardev(Hmp *hmp, const QDict *args)
{
    g_autoptr(QList) chardevs = info_query_list(hmp, "query-chardev");

    for (size_t i = 0; chardevs && i < qlist_size(chardevs); i++) {
        QDict *c = list_dict(chardevs, i);

        hmp_printf(hmp, "%s: filename=%s\n", str_or(c, "label", ""),
                   str_or(c, "filename", ""));
    }
}

/* One block backend (info: a BlockInfo, or NULL for a bare node) with its
 * medium (inserted: a BlockDeviceInfo, or NULL when empty). */
static void print_block_info(Hmp *hmp, const QDict *info,
                             const QDict *inserted)
{
    const char *device = str_or(info, "device", "");
    const char *node = str_or(inserted, "node-name", NULL);
    QDict *cache;

    if (*device) {
        hmp_puts(hmp, device);
        if (node) {
            hmp_printf(hmp, " (%s)", node);
        }
    } else {
        hmp_puts(hmp, node ? node : str_or(info, "qdev", "<anonymous>"));
    }
    if (inserted) {
        hmp_printf(hmp, ": %s (%s%s%s)\n", str_or(inserted, "file", ""),
                   str_or(inserted, "drv", ""),
                   bool_or(inserted, "ro", false)
                   ? ", read-only" : "",
                   bool_or(inserted, "encrypted", false)
                   ? ", encrypted" : "");
    } else {
        hmp_puts(hmp, ": [not inserted]\n");
    }
    if (info) {
        const char *io_status = str_or(info, "io-status", "ok");

        if (qdict_haskey(info, "qdev")) {
            hmp_printf(hmp, "    Attached to:      %s\n",
                       str_or(info, "qdev", ""));
        }
        if (strcmp(io_status, "ok")) {
            hmp_printf(hmp, "    I/O status:       %s\n", io_status);
        }
        if (bool_or(info, "removable", false)) {
            hmp_printf(hmp, "    Removable device: %slocked, tray %s\n",
                       bool_or(info, "locked", false) ? "" : "not ",
                       bool_or(info, "tray_open", false)
                       ? "open" : "closed");
        }
    }
    if (!inserted) {
        return;
    }
    cache = dict_member(inserted, "cache");
    hmp_printf(hmp, "    Cache mode:       %s%s%s\n",
               bool_or(cache, "writeback", false)
               ? "writeback" : "writethrough",
               bool_or(cache, "direct", false) ? ", direct" : "",
               bool_or(cache, "no-flush", false)
               ? ", ignore flushes" : "");
    if (qdict_haskey(inserted, "backing_file")) {
        hmp_printf(hmp, "    Backing file:     %s (chain depth: %" PRId64
                   ")\n", str_or(inserted, "backing_file", ""),
                   int_or(inserted, "backing_file_depth", 0));
    }
    if (strcmp(str_or(inserted, "detect_zeroes", "off"), "off")) {
        hmp_printf(hmp, "    Detect zeroes:    %s\n",
                   str_or(inserted, "detect_zeroes", ""));
    }
}

/* Backends first (query-block); with -n, or for a device name no backend
 * has, the named nodes (query-named-block-nodes). A blank line between
 * entries. */
static void hmp_info_block(Hmp *hmp, const QDict *args)
{
    const char *device = qdict_get_try_str(args, "device");
    bool nodes = bool_or(args, "nodes", false);
    bool printed = false;
    g_autoptr(QList) list = NULL;

    if (!nodes) {
        list = info_query_list(hmp, "query-block");
        for (size_t i = 0; list && i < qlist_size(list); i++) {
            QDict *info = list_dict(list, i);

            if (device && strcmp(device, str_or(info, "device", ""))) {
                continue;
            }
            if (printed) {
                hmp_puts(hmp, "\n");
            }
            print_block_info(hmp, info, dict_member(info, "inserted"));
            printed = true;
        }
        if (!device || printed) {
            return;
        }
        g_clear_pointer(&list, qobject_unref_any);
    }
    printed = false;
    list = info_query_list(hmp, "query-named-block-nodes");
    for (size_t i = 0; list && i < qlist_size(list); i++) {
        QDict *node = list_dict(list, i);

        if (device && strcmp(device, str_or(node, "node-name", ""))) {
            continue;
        }
        if (printed) {
            hmp_puts(hmp, "\n");
        }
        print_block_info(hmp, NULL, node);
        printed = true;
    }
}

static int compare_machine_names(const void *a, const void *b)
{
    QDict *const *ma = a;
    QDict *const *mb = b;

    return strcmp(str_or(*ma, "name", ""), str_or(*mb, "name", ""));
}

static void machine_line(Hmp *hmp, const char *name, const QDict *m,
                         const char *suffix)
{
    g_autoptr(GString) line = g_string_new(NULL);
    const char *desc = str_or(m, "description", NULL);

    g_string_printf(line, "%-20s", name);
    if (desc) {
        g_string_append_printf(line, " %s", desc);
    }
    g_string_append(line, suffix);
    while (line->len && line->str[line->len - 1] == ' ') {
        g_string_truncate(line, line->len - 1);
    }
    hmp_printf(hmp, "%s\n", line->str);
}

/* QEMU has no `info machines`; this prints query-machines the way
 * `-machine help` lists machines: aliases first, then each machine by
 * name, the default marked. */
static void hmp_info_machines(Hmp *hmp, const QDict *args)
{
    g_autoptr(QList) list = info_query_list(hmp, "query-machines");
    g_autoptr(GPtrArray) machines = g_ptr_array_new();

    if (!list) {
        return;
    }
    for (size_t i = 0; i < qlist_size(list); i++) {
        if (list_dict(list, i)) {
            g_ptr_array_add(machines, list_dict(list, i));
        }
    }
    g_ptr_array_sort(machines, compare_machine_names);
    hmp_puts(hmp, "Supported machines are:\n");
    for (guint i = 0; i < machines->len; i++) {
        QDict *m = g_ptr_array_index(machines, i);
        const char *alias = str_or(m, "alias", NULL);

        if (alias) {
            g_autofree char *suffix = g_strdup_printf(
                " (alias of %s)", str_or(m, "name", ""));

            machine_line(hmp, alias, m, suffix);
        }
    }
    for (guint i = 0; i < machines->len; i++) {
        QDict *m = g_ptr_array_index(machines, i);
        g_autofree char *suffix = g_strdup_printf(
            "%s%s",
            bool_or(m, "is-default", false) ? " (default)" : "",
            bool_or(m, "deprecated", false) ? " (deprecated)" : "");

        machine_line(hmp, str_or(m, "name", ""), m, suffix);
    }
}

/* No machine yet: the main system bus is made with the machine, and an
 * empty one prints as QEMU's -M none prints it. */
static void hmp_info_qtree(Hmp *hmp, const QDict *args)
{
    Object *sysbus = object_resolve_path("/machine/unattached/sysbus", NULL);
    g_autofree char *text = NULL;

    if (!sysbus || !object_dynamic_cast(sysbus, TYPE_BUS)) {
        hmp_puts(hmp, "bus: main-system-bus\n  type System\n");
        return;
    }
    text = qdev_format_qtree(BUS(sysbus));
    hmp_puts(hmp, text);
}

static void hmp_info_qom_tree(Hmp *hmp, const QDict *args)
{
    const char *path = qdict_get_try_str(args, "path");
    bool ambiguous = false;
    Object *obj;
    g_autofree char *text = NULL;

    if (!path) {
        path = "/machine";
    }
    obj = object_resolve_path(path, &ambiguous);
    if (ambiguous) {
        hmp_printf(hmp, "Warning: Path '%s' is ambiguous.\n", path);
        return;
    }
    if (!obj) {
        hmp_printf(hmp, "Path '%s' could not be resolved.\n", path);
        return;
    }
    text = object_format_tree(obj);
    hmp_puts(hmp, text);
}

static void hmp_info_mtree(Hmp *hmp, const QDict *args)
{
    g_autofree char *text =
        hmp_mtree_text(bool_or(args, "flatview", false));

    hmp_puts(hmp, text);
}

static void hmp_info_registers(Hmp *hmp, const QDict *args)
{
    bool all = bool_or(args, "cpustate_all", false);
    int64_t index = 0;
    g_autofree char *text = NULL;
    Error *err = NULL;

    if (qdict_haskey(args, "vcpu")) {
        index = int_or(args, "vcpu", 0);
    } else if (!hmp_get_cpu_index(hmp, &index)) {
        g_autoptr(QObject) cpus = NULL;

        /* Quietly: with no CPU the provider's answer says so. */
        if (hmp_call_quiet(hmp, "query-cpus-fast", NULL, &cpus)) {
            index = current_cpu(hmp, qobject_to(QList, cpus));
        }
    }
    text = hmp_registers_text(all, index, &err);
    if (!text) {
        hmp_printf(hmp, "%s\n", error_get_pretty(err));
        error_free(err);
        return;
    }
    hmp_puts(hmp, text);
}

/* QEMU 7.2's words and help lines for the subcommands it has; `machines`
 * is ours (QEMU lists machines with -machine help). */
const HmpCommand hmp_info_commands[] = {
    { .name = "block", .args_type = "nodes:-n,device:s?",
      .params = "[-n] [device]",
      .help = "show info of one block device or all block devices "
              "(-n: show named nodes)",
      .handler = hmp_info_block },
    { .name = "chardev", .args_type = "", .params = "",
      .help = "show the character devices", .handler = hmp_info_chardev },
    { .name = "cpus", .args_type = "", .params = "",
      .help = "show infos for each CPU", .handler = hmp_info_cpus },
    { .name = "kvm", .args_type = "", .params = "",
      .help = "show KVM information", .handler = hmp_info_kvm },
    { .name = "machines", .args_type = "", .params = "",
      .help = "show the machine types", .handler = hmp_info_machines },
    { .name = "mtree", .args_type = "flatview:-f", .params = "[-f]",
      .help = "show memory tree (-f: dump flat view for address spaces)",
      .handler = hmp_info_mtree },
    { .name = "name", .args_type = "", .params = "",
      .help = "show the current VM name", .handler = hmp_info_name },
    HMP_NET_INFO_NETWORK
    { .name = "qom-tree", .args_type = "path:s?", .params = "[path]",
      .help = "show QOM composition tree", .handler = hmp_info_qom_tree },
    { .name = "qtree", .args_type = "", .params = "",
      .help = "show device tree", .handler = hmp_info_qtree },
    { .name = "registers", .args_type = "cpustate_all:-a,vcpu:i?",
      .params = "[-a|vcpu]",
      .help = "show the cpu registers (-a: show register info for all "
              "cpus; vcpu: specific vCPU to query; show the current CPU's "
              "registers if no argument is specified)",
      .handler = hmp_info_registers },
    { .name = "status", .args_type = "", .params = "",
      .help = "show the current VM status (running|paused)",
      .handler = hmp_info_status },
    HMP_NET_INFO_USERNET
    { .name = "version", .args_type = "", .params = "",
      .help = "show the version of QEMU", .handler = hmp_info_version },
    { NULL },
};
