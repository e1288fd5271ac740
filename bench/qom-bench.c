/* qom-bench: how fast the foundation's hot paths are.
 *
 * Prints one line per figure: objects created and finalized, properties set
 * and read back by name, paths resolved in a 10,000-object tree, and JSON
 * parsed and emitted on a 1 MiB document. Each figure is the best of a few
 * timed rounds, each round long enough (about 0.2 s) to swamp the clock's
 * resolution. Usage: qom-bench [--quick] (--quick: shorter rounds, for a smoke
 * run). */
#include "bench-util.h"
#include "json-stream.h"
#include "object-link.h"
#include "object-path.h"
#include "object-property.h"
#include "object.h"
#include "qdict.h"
#include "qjson.h"
#include "qlist.h"

#include <stdio.h>
#include <string.h>

#define TYPE_BENCH_DEVICE "bench-device"

/* A device-sized object: a few typed fields, each a class property with a
 * default, as the schema generator will declare them. */
typedef struct BenchDevice {
    Object parent_obj;
    uint64_t base_addr;
    uint32_t irq;
    uint64_t size;
    bool enabled;
    uint8_t queues;
} BenchDevice;

static void bench_device_class_init(ObjectClass *oc, const void *data)
{
    ObjectProperty *p;

    p = object_class_property_add_field(oc, "base-addr", OBJECT_FIELD_UINT64,
                                        offsetof(BenchDevice, base_addr),
                                        OBJ_PROP_FLAG_READWRITE);
    object_property_set_default_uint(p, 0x10000000);
    p = object_class_property_add_field(oc, "irq", OBJECT_FIELD_UINT32,
                                        offsetof(BenchDevice, irq),
                                        OBJ_PROP_FLAG_READWRITE);
    object_property_set_default_uint(p, 10);
    p = object_class_property_add_field(oc, "size", OBJECT_FIELD_SIZE,
                                        offsetof(BenchDevice, size),
                                        OBJ_PROP_FLAG_READWRITE);
    object_property_set_default_uint(p, 4096);
    p = object_class_property_add_field(oc, "enabled", OBJECT_FIELD_BOOL,
                                        offsetof(BenchDevice, enabled),
                                        OBJ_PROP_FLAG_READWRITE);
    object_property_set_default_bool(p, true);
    p = object_class_property_add_field(oc, "queues", OBJECT_FIELD_UINT8,
                                        offsetof(BenchDevice, queues),
                                        OBJ_PROP_FLAG_READWRITE);
    object_property_set_default_uint(p, 1);
}

static const TypeInfo bench_types[] = {
    {
        .name = TYPE_BENCH_DEVICE,
        .parent = TYPE_OBJECT,
        .instance_size = sizeof(BenchDevice),
        .class_init = bench_device_class_init,
    },
};
DEFINE_TYPES(bench_types)

static double round_seconds = 0.2;
enum { ROUNDS = 3 };


static void body_create_finalize(void *opaque, long n)
{
    for (long i = 0; i < n; i++) {
        object_unref(object_new(TYPE_BENCH_DEVICE));
    }
}

static void body_set_get(void *opaque, long n)
{
    Object *obj = opaque;
    static const char *const names[] = { "base-addr", "irq", "size", "queues" };

    for (long i = 0; i < n; i++) {
        const char *name = names[i & 3];
        uint64_t value;
        object_property_set_uint(obj, name, (uint64_t)(i & 0x7f), &error_abort);
        object_property_get_uint(obj, name, &value, &error_abort);
        g_assert(value == (uint64_t)(i & 0x7f));
    }
}

typedef struct PathBench {
    GPtrArray *paths;   /* char *, one per leaf */
    bool partial;
} PathBench;

static void body_resolve(void *opaque, long n)
{
    PathBench *pb = opaque;
    guint32 seed = 1;

    for (long i = 0; i < n; i++) {
        seed = seed * 1103515245 + 12345;
        const char *path = g_ptr_array_index(pb->paths,
                                             (seed >> 8) % pb->paths->len);
        bool ambiguous = false;
        Object *found = object_resolve_path(path, &ambiguous);
        g_assert(found && !ambiguous);
    }
}

/* /bench-tree/group0..99/dev0..99: 100 containers and 10,000 devices. */
static Object *build_tree(GPtrArray *absolute, GPtrArray *partial)
{
    Object *top = container_get(object_get_root(), "/bench-tree");

    for (int g = 0; g < 100; g++) {
        g_autofree char *group_name = g_strdup_printf("group%d", g);
        Object *group = object_new("container");
        object_property_add_child(top, group_name, group);
        object_unref(group);
        for (int d = 0; d < 100; d++) {
            g_autofree char *name = g_strdup_printf("dev%d-%d", g, d);
            Object *dev = object_new(TYPE_BENCH_DEVICE);
            object_property_add_child(group, name, dev);
            object_unref(dev);
            g_ptr_array_add(absolute, g_strdup_printf("/bench-tree/%s/%s",
                                                      group_name, name));
            g_ptr_array_add(partial, g_strdup(name));
        }
    }
    return top;
}

static QDict *make_entry(int i)
{
    QDict *entry = qdict_new();
    QList *features = qlist_new();

    qdict_put_str(entry, "name", "virtio-blk-device");
    qdict_put_int(entry, "index", i);
    qdict_put_uint(entry, "addr", UINT64_MAX - (uint64_t)i);
    qdict_put_double(entry, "load", i / 7.0);
    qdict_put_bool(entry, "hotpluggable", i & 1);
    qlist_append_str(features, "deprecated");
    qlist_append_str(features, "unstable \"x\" \\ \u00e9");
    qdict_put(entry, "features", features);
    return entry;
}

/* A QMP-like document of about 1 MiB: objects with strings, integers
 * (including uint64 beyond INT64_MAX), doubles, bools and nested lists. */
static QObject *make_document(void)
{
    g_autoptr(QDict) sample = make_entry(1000);
    g_autofree char *sample_text = qobject_to_json(QOBJECT(sample));
    int count = 1024 * 1024 / (int)(strlen(sample_text) + 1) + 1;
    QList *list = qlist_new();

    for (int i = 0; i < count; i++) {
        qlist_append(list, make_entry(i));
    }
    return QOBJECT(list);
}

typedef struct JsonBench {
    const char *text;
    size_t len;
    const QObject *doc;
    size_t values;
} JsonBench;

static void body_json_parse(void *opaque, long n)
{
    JsonBench *jb = opaque;

    for (long i = 0; i < n; i++) {
        QObject *obj = qobject_from_json(jb->text, &error_abort);
        qobject_unref(obj);
    }
}

static void count_value(void *opaque, QObject *value, Error *err)
{
    JsonBench *jb = opaque;

    g_assert(!err);
    jb->values++;
    qobject_unref(value);
}

static void body_json_stream(void *opaque, long n)
{
    JsonBench *jb = opaque;

    for (long i = 0; i < n; i++) {
        g_autoptr(JsonStream) s = json_stream_new(count_value, jb);
        json_stream_set_limits(s, 64, 4 * jb->len);
        /* A socket delivers a few KiB per read. */
        for (size_t off = 0; off < jb->len; off += 4096) {
            json_stream_feed(s, jb->text + off, MIN(4096, jb->len - off));
        }
        json_stream_flush(s);
    }
}

static void body_json_emit(void *opaque, long n)
{
    JsonBench *jb = opaque;

    for (long i = 0; i < n; i++) {
        g_free(qobject_to_json(jb->doc));
    }
}

int main(int argc, char **argv)
{
    g_set_prgname("qom-bench");
    if (argc > 1 && g_str_equal(argv[1], "--quick")) {
        round_seconds = 0.02;
    } else if (argc > 1) {
        fprintf(stderr, "usage: qom-bench [--quick]\n");
        return 1;
    }

    printf("quern foundation benchmark (best of %d rounds of %.2f s)\n",
           ROUNDS, round_seconds);
    bench_print_rate("objects created+finalized", bench_rate(round_seconds, ROUNDS, body_create_finalize,
                                                       NULL), "/s");

    g_autoptr(Object) dev = object_new(TYPE_BENCH_DEVICE);
    bench_print_rate("property set+get by name (uint, 5-prop class)",
               bench_rate(round_seconds, ROUNDS, body_set_get, dev), "pairs/s");

    PathBench absolute = { g_ptr_array_new_with_free_func(g_free), false };
    PathBench partial = { g_ptr_array_new_with_free_func(g_free), true };
    Object *tree = build_tree(absolute.paths, partial.paths);
    bench_print_rate("path resolution, absolute (10,000 objects)",
               bench_rate(round_seconds, ROUNDS, body_resolve, &absolute), "/s");
    bench_print_rate("path resolution, partial (10,000 objects)",
               bench_rate(round_seconds, ROUNDS, body_resolve, &partial), "/s");
    object_unparent(tree);
    g_ptr_array_free(absolute.paths, TRUE);
    g_ptr_array_free(partial.paths, TRUE);

    g_autoptr(QObject) doc = make_document();
    g_autofree char *text = qobject_to_json(doc);
    JsonBench jb = { .text = text, .len = strlen(text), .doc = doc };
    double mb = jb.len / 1e6;
    printf("JSON document: %zu bytes\n", jb.len);
    bench_print_rate("JSON parse, whole buffer",
               bench_rate(round_seconds, ROUNDS, body_json_parse, &jb) * mb, "MB/s");
    bench_print_rate("JSON parse, stream in 4 KiB reads",
               bench_rate(round_seconds, ROUNDS, body_json_stream, &jb) * mb, "MB/s");
    bench_print_rate("JSON emit, compact",
               bench_rate(round_seconds, ROUNDS, body_json_emit, &jb) * mb, "MB/s");
    return 0;
}
