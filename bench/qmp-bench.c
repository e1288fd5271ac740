/* qmp-bench: how fast QMP requests are answered in process, and how long
 * qapi-gen takes on a schema.
 *
 * Prints one line per figure:
 *   - qom-get and qom-set dispatched through the engine's command list, a
 *     request QObject in, a reply QDict out: what the monitor pays per
 *     command beyond the socket;
 *   - the same qom-get with the JSON text around it (parse the request,
 *     emit the reply), as a client on the socket sees it;
 *   - query-qmp-schema, which builds the whole introspection each time;
 *   - qapi-gen with every backend, run as the build runs it (the binary
 *     the build made, into an empty directory), on the engine's schema and,
 *     when scripts/fetch-qemu-schema.sh has fetched it, on QEMU's: the best
 *     of three runs, wall-clock, process start included.
 * Rates are the best of a few timed rounds, each about 0.2 s long. Nothing
 * is asserted about time; each request's reply is checked, so a broken
 * command fails the run. Usage: qmp-bench [--quick] (--quick: shorter
 * rounds and one qapi-gen run each, for a smoke run). */
#include "bench-util.h"
#include "object-path.h"
#include "object-property.h"
#include "qjson.h"
#include "qmp-engine.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#define TYPE_BENCH_QMP_DEVICE "bench-qmp-device"

typedef struct BenchQmpDevice {
    Object parent_obj;
    uint64_t size;
} BenchQmpDevice;

static void bench_qmp_device_class_init(ObjectClass *oc, const void *data)
{
    ObjectProperty *p =
        object_class_property_add_field(oc, "size", OBJECT_FIELD_UINT64,
                                        offsetof(BenchQmpDevice, size),
                                        OBJ_PROP_FLAG_READWRITE);

    object_property_set_default_uint(p, UINT64_MAX);
}

static const TypeInfo bench_qmp_types[] = {
    {
        .name = TYPE_BENCH_QMP_DEVICE,
        .parent = TYPE_OBJECT,
        .instance_size = sizeof(BenchQmpDevice),
        .class_init = bench_qmp_device_class_init,
    },
};
DEFINE_TYPES(bench_qmp_types)

static double round_seconds = 0.2;
static int gen_runs = 3;
enum { ROUNDS = 3 };


static const char qom_get_json[] =
    "{\"execute\": \"qom-get\", \"arguments\": "
    "{\"path\": \"/bench-qmp/dev0\", \"property\": \"size\"}, \"id\": 1}";
static const char qom_get_reply[] =
    "{\"return\":18446744073709551615,\"id\":1}";

/* A successful reply, or the run stops: a rate of errors means nothing. */
static void check_reply(QDict *reply)
{
    if (!reply || !qdict_haskey(reply, "return")) {
        g_autofree char *text =
            reply ? qobject_to_json(QOBJECT(reply)) : g_strdup("(none)");
        fprintf(stderr, "qmp-bench: unexpected reply %s\n", text);
        exit(1);
    }
}

static void body_dispatch(void *opaque, long n)
{
    QObject *request = opaque;

    for (long i = 0; i < n; i++) {
        g_autoptr(QDict) reply =
            qmp_dispatch(qmp_engine_commands(), request, NULL);
        check_reply(reply);
    }
}

static void body_dispatch_json(void *opaque, long n)
{
    for (long i = 0; i < n; i++) {
        g_autoptr(QObject) request = qobject_from_json(qom_get_json,
                                                       &error_abort);
        g_autoptr(QDict) reply =
            qmp_dispatch(qmp_engine_commands(), request, NULL);
        g_autofree char *text = qobject_to_json(QOBJECT(reply));

        if (strcmp(text, qom_get_reply) != 0) {
            fprintf(stderr, "qmp-bench: unexpected reply %s\n", text);
            exit(1);
        }
    }
}

/* Deletes dir and the files in it (qapi-gen writes no subdirectories). */
static void remove_output_dir(const char *dir)
{
    g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
    const char *name;

    while (d && (name = g_dir_read_name(d))) {
        g_autofree char *path = g_build_filename(dir, name, NULL);
        g_unlink(path);
    }
    g_rmdir(dir);
}

/* The best wall-clock time of gen_runs runs of qapi-gen on schema, each
 * into a new empty directory (an unchanged output would not be rewritten),
 * in seconds; negative when qapi-gen failed (said on stderr). */
static double time_qapi_gen(const char *schema)
{
    double best = -1;

    for (int run = 0; run < gen_runs; run++) {
        g_autoptr(GError) gerr = NULL;
        g_autofree char *dir = g_dir_make_tmp("qmp-bench-XXXXXX", &gerr);
        g_autofree char *err_text = NULL;
        int status = 0;

        if (!dir) {
            fprintf(stderr, "qmp-bench: %s\n", gerr->message);
            return -1;
        }
        char *argv[] = {
            (char *)QAPI_GEN_PATH, (char *)"-o", dir,
            (char *)"-b", (char *)"types,visit,commands,events,introspect,"
                                  "qom,docs",
            (char *)schema, NULL,
        };
        gint64 start = g_get_monotonic_time();
        bool spawned = g_spawn_sync(NULL, argv, NULL,
                                    G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                                    NULL, &err_text, &status, &gerr);
        double secs = (g_get_monotonic_time() - start) / 1e6;

        remove_output_dir(dir);
        if (!spawned || !g_spawn_check_wait_status(status, &gerr)) {
            fprintf(stderr, "qmp-bench: qapi-gen on %s: %s\n%s", schema,
                    gerr->message, err_text ? err_text : "");
            return -1;
        }
        best = best < 0 ? secs : MIN(best, secs);
    }
    return best;
}

static bool print_qapi_gen(const char *what, const char *schema)
{
    double secs = time_qapi_gen(schema);

    if (secs < 0) {
        return false;
    }
    printf("%-46s %14.1f ms\n", what, secs * 1e3);
    return true;
}

int main(int argc, char **argv)
{
    g_set_prgname("qmp-bench");
    if (argc > 1 && g_str_equal(argv[1], "--quick")) {
        round_seconds = 0.02;
        gen_runs = 1;
    } else if (argc > 1) {
        fprintf(stderr, "usage: qmp-bench [--quick]\n");
        return 1;
    }

    Object *top = container_get(object_get_root(), "/bench-qmp");
    Object *dev = object_new(TYPE_BENCH_QMP_DEVICE);
    object_property_add_child(top, "dev0", dev);
    object_unref(dev);   /* the tree holds it */

    printf("quern QMP benchmark (best of %d rounds of %.2f s)\n",
           ROUNDS, round_seconds);
    g_autoptr(QObject) get = qobject_from_json(qom_get_json, &error_abort);
    bench_print_rate("qom-get dispatch, QObject in, QDict out",
               bench_rate(round_seconds, ROUNDS, body_dispatch, get), "calls/s");
    bench_print_rate("qom-get with JSON parse + emit",
               bench_rate(round_seconds, ROUNDS, body_dispatch_json, NULL), "calls/s");
    g_autoptr(QObject) set = qobject_from_json(
        "{\"execute\": \"qom-set\", \"arguments\": {\"path\": "
        "\"/bench-qmp/dev0\", \"property\": \"size\", "
        "\"value\": 18446744073709551615}}", &error_abort);
    bench_print_rate("qom-set dispatch, QObject in, QDict out",
               bench_rate(round_seconds, ROUNDS, body_dispatch, set), "calls/s");
    g_autoptr(QObject) schema = qobject_from_json(
        "{\"execute\": \"query-qmp-schema\"}", &error_abort);
    bench_print_rate("query-qmp-schema dispatch (engine schema)",
               bench_rate(round_seconds, ROUNDS, body_dispatch, schema), "calls/s");
    object_unparent(top);

    printf("qapi-gen, every backend, best of %d run%s:\n", gen_runs,
           gen_runs > 1 ? "s" : "");
    if (!print_qapi_gen("  the engine's schema (quern.json)", QUERN_SCHEMA)) {
        return 1;
    }
    g_autofree char *qemu_schema =
        g_build_filename(g_get_user_cache_dir(), "quern", "qemu-qapi",
                         "qapi-schema.json", NULL);
    if (g_file_test(qemu_schema, G_FILE_TEST_EXISTS)) {
        if (!print_qapi_gen("  QEMU's schema (qapi-schema.json)",
                            qemu_schema)) {
            return 1;
        }
    } else {
        printf("  QEMU's schema: skipped, no %s "
               "(scripts/fetch-qemu-schema.sh fetches it)\n", qemu_schema);
    }
    return 0;
}
