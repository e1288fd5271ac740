#include "catalog.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "app-paths.h"
#include "qjson.h"
#include "qmp-conn.h"

#define CATALOG_TIMEOUT_MS 20000
/* The cache layout; bump when the document's shape changes. */
#define CATALOG_FORMAT 1

struct Catalog {
    QDict *data;
    bool cached;
};

static char *catalog_key(const char *engine, Error **errp)
{
    struct stat st;

    if (stat(engine, &st) < 0) {
        error_setg_errno(errp, errno, "engine '%s'", engine);
        return NULL;
    }
    g_autofree char *ident = g_strdup_printf(
        "%d\n%s\n%lld\n%lld.%09ld", CATALOG_FORMAT, engine,
        (long long)st.st_size, (long long)st.st_mtim.tv_sec,
        st.st_mtim.tv_nsec);
    return g_compute_checksum_for_string(G_CHECKSUM_SHA256, ident, -1);
}

static QObject *ask(QmpConn *conn, const char *command, QDict *args,
                    Error **errp)
{
    QObject *ret = qmp_conn_call(conn, command, args, CATALOG_TIMEOUT_MS,
                                 errp);
    if (!ret) {
        error_prepend(errp, "%s: ", command);
    }
    return ret;
}

/* Connects once the engine listens: the socket file appears at bind(),
 * a moment before listen(), so a refused connection is retried until the
 * engine is up, exits, or the deadline passes. */
static QmpConn *connect_engine(const char *path, GPid pid,
                               GMainContext *ctx, Error **errp)
{
    int64_t deadline = g_get_monotonic_time() +
                       (int64_t)CATALOG_TIMEOUT_MS * 1000;

    for (;;) {
        Error *err = NULL;
        QmpConn *conn = qmp_conn_open(path, ctx, CATALOG_TIMEOUT_MS, &err);
        if (conn) {
            return conn;
        }
        if (g_get_monotonic_time() > deadline ||
            waitpid(pid, NULL, WNOHANG) == pid) {
            error_propagate(errp, err);
            error_prepend(errp, "the engine did not come up: ");
            return NULL;
        }
        error_free(err);
        g_usleep(2000);
    }
}

static const char *const builtin_types[] = {
    "bool", "str", "int", "int8", "int16", "int32", "int64", "uint8",
    "uint16", "uint32", "uint64", "size", "number", "any", NULL,
};

/* Gives every property whose type is an enum of the schema its "enum"
 * values, from one query-qmp-schema (only when some type needs it). */
static bool add_enum_values(QmpConn *conn, QDict *devices, Error **errp)
{
    bool needed = false;

    QDICT_FOREACH(e, devices) {
        QList *props = qdict_get_qlist(qobject_to(QDict, qdict_entry_value(e)),
                                       "properties");
        QLIST_FOREACH_ENTRY(p, props) {
            const char *type = qdict_get_try_str(qobject_to(QDict, p), "type");
            needed |= type && !g_strv_contains(builtin_types, type);
        }
    }
    if (!needed) {
        return true;
    }
    g_autoptr(QObject) schema = ask(conn, "query-qmp-schema", NULL, errp);
    QList *entities = schema ? qobject_to(QList, schema) : NULL;
    if (!entities) {
        return false;
    }
    g_autoptr(GHashTable) enums = g_hash_table_new(g_str_hash, g_str_equal);
    QLIST_FOREACH_ENTRY(ent, entities) {
        QDict *d = qobject_to(QDict, ent);
        if (d && !g_strcmp0(qdict_get_try_str(d, "meta-type"), "enum") &&
            qdict_get_try_str(d, "name") && qdict_get_qlist(d, "values")) {
            g_hash_table_insert(enums, (char *)qdict_get_try_str(d, "name"),
                                qdict_get_qlist(d, "values"));
        }
    }
    QDICT_FOREACH(e, devices) {
        QList *props = qdict_get_qlist(qobject_to(QDict, qdict_entry_value(e)),
                                       "properties");
        QLIST_FOREACH_ENTRY(p, props) {
            QDict *prop = qobject_to(QDict, p);
            const char *type = qdict_get_try_str(prop, "type");
            QList *values = type ? g_hash_table_lookup(enums, type) : NULL;
            if (values) {
                qdict_put_obj(prop, "enum", qobject_ref(QOBJECT(values)));
            }
        }
    }
    return true;
}

static QDict *query_engine(const char *engine, QmpConn *conn, Error **errp)
{
    g_autoptr(QDict) data = qdict_new();
    g_autoptr(QObject) version = ask(conn, "query-version", NULL, errp);
    g_autoptr(QObject) machines = version
        ? ask(conn, "query-machines", NULL, errp) : NULL;
    g_autoptr(QObject) cpus = machines
        ? ask(conn, "query-cpu-definitions", NULL, errp) : NULL;
    if (!cpus) {
        return NULL;
    }
    g_autoptr(QDict) type_args = qdict_new();
    qdict_put_str(type_args, "implements", "device");
    qdict_put_bool(type_args, "abstract", false);
    g_autoptr(QObject) types = ask(conn, "qom-list-types",
                                   g_steal_pointer(&type_args), errp);
    QList *type_list = types ? qobject_to(QList, types) : NULL;
    if (!type_list) {
        return NULL;
    }
    g_autoptr(QDict) devices = qdict_new();
    QLIST_FOREACH_ENTRY(entry, type_list) {
        QDict *type = qobject_to(QDict, entry);
        const char *name = type ? qdict_get_try_str(type, "name") : NULL;
        if (!name) {
            continue;
        }
        g_autoptr(QDict) args = qdict_new();
        qdict_put_str(args, "typename", name);
        g_autoptr(QObject) props = ask(conn, "device-list-properties",
                                       g_steal_pointer(&args), errp);
        if (!props) {
            return NULL;
        }
        QDict *device = qdict_new();
        const char *parent = qdict_get_try_str(type, "parent");
        if (parent) {
            qdict_put_str(device, "parent", parent);
        }
        qdict_put_obj(device, "properties", qobject_ref(props));
        qdict_put(devices, name, device);
    }
    if (!add_enum_values(conn, devices, errp)) {
        return NULL;
    }
    qdict_put_str(data, "engine", engine);
    qdict_put_obj(data, "version", qobject_ref(version));
    qdict_put_obj(data, "machines", qobject_ref(machines));
    qdict_put_obj(data, "cpus", qobject_ref(cpus));
    qdict_put(data, "devices", qobject_ref(devices));
    return g_steal_pointer(&data);
}

static QDict *catalog_from_engine(const char *engine, Error **errp)
{
    g_autofree char *tmp = g_dir_make_tmp("quern-catalog-XXXXXX", NULL);
    if (!tmp) {
        error_setg_errno(errp, errno, "cannot create a temporary directory");
        return NULL;
    }
    g_autofree char *sock = g_build_filename(tmp, "qmp.sock", NULL);
    g_autofree char *qmp_opt = g_strdup_printf(
        "unix:%s,server=on,wait=off", sock);
    const char *argv[] = { engine, "-M", "none", "-nodefaults", "-display",
                           "none", "-qmp", qmp_opt, NULL };
    g_autoptr(GError) gerr = NULL;
    GPid pid;
    QDict *data = NULL;

    if (!g_spawn_async(tmp, (char **)argv, NULL,
                       G_SPAWN_DO_NOT_REAP_CHILD |
                       G_SPAWN_STDOUT_TO_DEV_NULL |
                       G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &pid,
                       &gerr)) {
        error_setg(errp, "cannot run the engine '%s': %s", engine,
                   gerr->message);
        g_rmdir(tmp);
        return NULL;
    }
    GMainContext *ctx = g_main_context_new();
    QmpConn *conn = connect_engine(sock, pid, ctx, errp);
    if (conn) {
        data = query_engine(engine, conn, errp);
        qmp_conn_free(conn);
    }
    g_main_context_unref(ctx);
    kill(pid, SIGTERM);
    waitpid(pid, NULL, 0);
    g_spawn_close_pid(pid);
    g_unlink(sock);
    g_rmdir(tmp);
    if (!data) {
        error_prepend(errp, "reading the engine's catalog: ");
    }
    return data;
}

Catalog *catalog_load(const char *engine_arg, Error **errp)
{
    g_autofree char *engine = engine_arg ? g_strdup(engine_arg)
                                         : app_paths_engine();
    if (!g_path_is_absolute(engine)) {
        char *found = g_find_program_in_path(engine);
        if (found) {
            g_free(engine);
            engine = found;
        }
    }
    g_autofree char *key = catalog_key(engine, errp);
    if (!key) {
        return NULL;
    }
    g_autofree char *dir = app_paths_catalog_dir();
    g_autofree char *file = g_strconcat(key, ".json", NULL);
    g_autofree char *path = g_build_filename(dir, file, NULL);
    g_autofree char *text = NULL;
    Catalog *cat = g_new0(Catalog, 1);

    if (g_file_get_contents(path, &text, NULL, NULL)) {
        /* A damaged cache file is ignored and rewritten. */
        QDict *data = qdict_from_json(text, NULL);
        const char *data_key = data ? qdict_get_try_str(data, "key") : NULL;
        if (data_key && !strcmp(data_key, key)) {
            cat->data = data;
            cat->cached = true;
            return cat;
        }
        qobject_unref(data);
    }
    cat->data = catalog_from_engine(engine, errp);
    if (!cat->data) {
        g_free(cat);
        return NULL;
    }
    qdict_put_str(cat->data, "key", key);
    g_autofree char *json = qobject_to_json(QOBJECT(cat->data));
    /* The cache is an optimisation: failing to write it is not an error. */
    if (app_paths_ensure_dir(dir, NULL)) {
        g_file_set_contents(path, json, -1, NULL);
    }
    return cat;
}

void catalog_free(Catalog *cat)
{
    if (cat) {
        qobject_unref(cat->data);
        g_free(cat);
    }
}

bool catalog_was_cached(const Catalog *cat)
{
    return cat->cached;
}

QDict *catalog_get_data(const Catalog *cat)
{
    return cat->data;
}

QList *catalog_get_machines(const Catalog *cat)
{
    return qdict_get_qlist(cat->data, "machines");
}

QList *catalog_get_cpus(const Catalog *cat)
{
    return qdict_get_qlist(cat->data, "cpus");
}

QDict *catalog_get_devices(const Catalog *cat)
{
    return qdict_get_qdict(cat->data, "devices");
}

static QDict *find_named(QList *list, const char *name)
{
    if (!list) {
        return NULL;
    }
    QLIST_FOREACH_ENTRY(entry, list) {
        QDict *d = qobject_to(QDict, entry);
        const char *n = d ? qdict_get_try_str(d, "name") : NULL;
        if (n && !strcmp(n, name)) {
            return d;
        }
    }
    return NULL;
}

QDict *catalog_find_machine(const Catalog *cat, const char *name)
{
    QDict *m = find_named(catalog_get_machines(cat), name);

    if (!m) {
        /* A machine may also be asked for by its alias. */
        QList *list = catalog_get_machines(cat);
        QLIST_FOREACH_ENTRY(entry, list) {
            QDict *d = qobject_to(QDict, entry);
            const char *alias = d ? qdict_get_try_str(d, "alias") : NULL;
            if (alias && !strcmp(alias, name)) {
                return d;
            }
        }
    }
    return m;
}

QDict *catalog_find_cpu(const Catalog *cat, const char *name)
{
    return find_named(catalog_get_cpus(cat), name);
}

QList *catalog_find_device_properties(const Catalog *cat, const char *name)
{
    QDict *devices = catalog_get_devices(cat);
    QDict *device = devices ? qdict_get_qdict(devices, name) : NULL;

    return device ? qdict_get_qlist(device, "properties") : NULL;
}

QDict *catalog_find_property(const Catalog *cat, const char *device,
                             const char *property)
{
    return find_named(catalog_find_device_properties(cat, device), property);
}
