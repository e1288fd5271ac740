/* Which properties may change on a running machine, as a client learns it
 * from the real engine: qom-list and device-list-properties mark the
 * schema's runtime properties with `"runtime": true` (a Quern extension)
 * and say nothing of fixed ones, as QEMU. The mark is checked against
 * what the engine does: on a running virt machine, qom-set of a property's
 * own value is taken exactly where the mark says it may change. */
#include <string.h>

#include "engine-process.h"
#include "qjson.h"
#include "qlist.h"

static bool have_virt(void)
{
    static const char *const help[] = { "-machine", "help", NULL };
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;

    engine_process_run(help, &out, &err);
    if (!out || (!g_str_has_prefix(out, "virt ") && !strstr(out, "\nvirt "))) {
        g_test_skip("the engine has no virt machine");
        return false;
    }
    return true;
}

/* The entry called name in a property list, as JSON text; fails if the
 * list has none. */
static char *entry_json(QList *list, const char *name)
{
    for (size_t i = 0; i < qlist_size(list); i++) {
        QDict *e = qobject_to(QDict, qlist_entry(list, i));

        if (g_strcmp0(qdict_get_try_str(e, "name"), name) == 0) {
            return qobject_to_json(QOBJECT(e));
        }
    }
    g_error("no property '%s' in the list", name);
}

#define assert_entry(list, name, expected)                              \
    do {                                                                \
        g_autofree char *json_ = entry_json(list, name);                \
        g_assert_cmpstr(json_, ==, expected);                           \
    } while (0)

/* The list qom-list gives for path; *owner holds the reply. */
static QList *qom_list(QmpClient *c, const char *path, QObject **owner)
{
    g_autofree char *request = g_strdup_printf(
        "{\"execute\": \"qom-list\", \"arguments\": {\"path\": \"%s\"}}",
        path);

    *owner = qmp_client_return(c, request);
    return qobject_to(QList, *owner);
}

/* A runtime property says so; a fixed one has no runtime member at all
 * (absent, not false: what a QEMU client sees of it is QEMU's answer). */
static void test_qom_list_marks_runtime_on_running_virt(void)
{
    static const char *const args[] = {
        "-M", "virt", "-bios", "none", "-display", "none", "-nodefaults",
        "-device", "virtio-rng-device,id=rng0", NULL,
    };
    EngineProcess *e;
    QmpClient *c;
    g_autoptr(QObject) owner = NULL;
    g_autoptr(QObject) machine_owner = NULL;
    QList *rng, *machine;

    if (!have_virt()) {
        return;
    }
    e = engine_process_start(args);
    c = qmp_client_connect(e->qmp_path);
    qmp_client_negotiate(c);
    rng = qom_list(c, "/machine/peripheral/rng0", &owner);
    assert_entry(rng, "max-bytes",
                 "{\"name\":\"max-bytes\",\"type\":\"uint64\",\"runtime\":true}");
    assert_entry(rng, "realized",
                 "{\"name\":\"realized\",\"type\":\"bool\",\"runtime\":true}");
    assert_entry(rng, "period", "{\"name\":\"period\",\"type\":\"uint32\"}");
    assert_entry(rng, "type", "{\"name\":\"type\",\"type\":\"str\"}");
    machine = qom_list(c, "/machine", &machine_owner);
    assert_entry(machine, "kernel", "{\"name\":\"kernel\",\"type\":\"str\"}");
    qmp_client_close(c);
    g_assert_cmpint(engine_process_stop(e), ==, 0);
}

/* Where the mark is, qom-set takes a value; where it is not, the engine
 * refuses: for every value property of a realized device and of the
 * built machine (children and links follow rules of their own). */
static void test_mark_matches_what_qom_set_does(void)
{
    static const char *const args[] = {
        "-M", "virt", "-bios", "none", "-display", "none", "-nodefaults",
        "-device", "virtio-rng-device,id=rng0", NULL,
    };
    static const char *const paths[] = {
        "/machine/peripheral/rng0", "/machine",
    };
    EngineProcess *e;
    QmpClient *c;
    unsigned runtime_seen = 0, fixed_seen = 0;

    if (!have_virt()) {
        return;
    }
    e = engine_process_start(args);
    c = qmp_client_connect(e->qmp_path);
    qmp_client_negotiate(c);
    for (size_t p = 0; p < G_N_ELEMENTS(paths); p++) {
        g_autoptr(QObject) owner = NULL;
        QList *list = qom_list(c, paths[p], &owner);

        for (size_t i = 0; i < qlist_size(list); i++) {
            QDict *entry = qobject_to(QDict, qlist_entry(list, i));
            const char *name = qdict_get_try_str(entry, "name");
            const char *type = qdict_get_try_str(entry, "type");
            bool runtime = qdict_get_try_bool(entry, "runtime", false);
            g_autoptr(QDict) got = NULL;
            g_autoptr(QDict) set = NULL;
            g_autofree char *value = NULL;

            if (g_str_has_prefix(type, "child<") ||
                g_str_has_prefix(type, "link<")) {
                continue;
            }
            got = qmp_client_callf(c, "{\"execute\": \"qom-get\", "
                                   "\"arguments\": {\"path\": \"%s\", "
                                   "\"property\": \"%s\"}}", paths[p], name);
            if (!qdict_haskey(got, "return")) {
                continue;   /* nothing to write back (an unset option) */
            }
            value = qobject_to_json(qdict_get(got, "return"));
            set = qmp_client_callf(c, "{\"execute\": \"qom-set\", "
                                   "\"arguments\": {\"path\": \"%s\", "
                                   "\"property\": \"%s\", \"value\": %s}}",
                                   paths[p], name, value);
            if (qdict_haskey(set, "return") != runtime) {
                g_error("%s %s: runtime %s, yet qom-set %s", paths[p], name,
                        runtime ? "true" : "absent",
                        qdict_haskey(set, "return") ? "took it"
                                                    : "refused it");
            }
            runtime_seen += runtime;
            fixed_seen += !runtime;
        }
    }
    /* max-bytes and realized; period, the machine's kernel, ... */
    g_assert_cmpuint(runtime_seen, ==, 2);
    g_assert_cmpuint(fixed_seen, >, 5);
    qmp_client_close(c);
    g_assert_cmpint(engine_process_stop(e), ==, 0);
}

/* device-list-properties says it before any device exists, on a machine
 * that could not even hold one. */
static void test_device_list_properties_marks_runtime(void)
{
    static const char *const args[] = {
        "-M", "none", "-display", "none", "-nodefaults", "-S", NULL,
    };
    EngineProcess *e = engine_process_start(args);
    QmpClient *c = qmp_client_connect(e->qmp_path);
    g_autoptr(QObject) owner = NULL;
    QList *props;

    qmp_client_negotiate(c);
    owner = qmp_client_return(c, "{\"execute\": \"device-list-properties\", "
                              "\"arguments\": {\"typename\": "
                              "\"virtio-rng-device\"}}");
    props = qobject_to(QList, owner);
    assert_entry(props, "max-bytes",
                 "{\"name\":\"max-bytes\",\"type\":\"uint64\","
                 "\"description\":\"Bytes the guest may take per period "
                 "(below 2^63)\",\"default-value\":9223372036854775807,"
                 "\"runtime\":true}");
    assert_entry(props, "period",
                 "{\"name\":\"period\",\"type\":\"uint32\","
                 "\"description\":\"The period in milliseconds of guest "
                 "time, at least 1\",\"default-value\":65536}");
    qmp_client_close(c);
    g_assert_cmpint(engine_process_stop(e), ==, 0);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/qom-runtime-engine/qom-list/marks-runtime-on-running-virt",
                    test_qom_list_marks_runtime_on_running_virt);
    g_test_add_func("/qom-runtime-engine/qom-set/takes-exactly-what-is-marked",
                    test_mark_matches_what_qom_set_does);
    g_test_add_func("/qom-runtime-engine/device-list-properties/"
                    "marks-runtime-before-any-device",
                    test_device_list_properties_marks_runtime);
    return g_test_run();
}
