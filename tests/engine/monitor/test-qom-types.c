/* The engine schema's QOM types against the C classes that register them:
 * every qom-type of engine/qapi/schema/qom-types.json is registered by the
 * engine's C code with the same parent, abstractness and properties, and
 * qom-list-types through the engine's command list shows them. */
#include <string.h>

#include "chardev.h"
#include "devices.h"
#include "irq.h"
#include "qapi-qom.h"
#include "qdev.h"
#include "qjson.h"
#include "qmp-engine.h"
#include "sysbus.h"

/* The types register as their libraries are used: qdev, sysbus and irq
 * before main once their object files are linked, the chardevs on the
 * first chardev created. */
static void register_engine_types(void)
{
    g_autoptr(Chardev) chr = chardev_new("qom-types-test", "null", NULL,
                                         &error_abort);
    IrqLine *irq = irq_new(NULL, NULL, 0);

    object_unref(OBJECT(irq));
    g_assert_nonnull(sysbus_get_default());
    /* The device models, as the engine registers them. */
    quern_devices_register();
    g_assert_true(chardev_remove("qom-types-test", &error_abort));
}

/* Every type of the engine schema has a C class that agrees with it; a
 * mismatch aborts naming the type and property. */
static void test_classes_match_schema(void)
{
    g_assert_true(qom_schema_check_classes(true, &error_abort));
}

/* And the other way round: every type the engine's C code registers is
 * declared in the schema (seam 1: no user-visible type the schema does
 * not describe). Interfaces are contracts a type implements, not types a
 * user meets: "interface" and what derives from it are the exception. */
static void test_every_class_in_schema(void)
{
    g_autoptr(GSList) classes = object_class_get_list("object", true);
    g_autoptr(GString) missing = g_string_new(NULL);

    for (GSList *l = classes; l; l = l->next) {
        const char *name = object_class_get_name(l->data);

        if (!qom_schema_find_type(name)) {
            g_string_append_printf(missing, " %s", name);
        }
    }
    g_assert_cmpstr(missing->str, ==, "");
}

/* The registry holds the engine's own table for every type it declares. */
static void test_engine_table_registered(void)
{
    g_assert_cmpuint(qom_schema_types_len, >, 0);
    for (size_t i = 0; i < qom_schema_types_len; i++) {
        const QomSchemaType *t = &qom_schema_types[i];

        if (t->parent) {
            g_assert_true(qom_schema_find_type(t->name) == t);
        }
    }
    g_assert_nonnull(qom_schema_find_type(TYPE_DEVICE));
    g_assert_nonnull(qom_schema_find_type(TYPE_CHARDEV_MUX));
}

/* QEMU's read-only device properties stay read-only: the schema declares
 * them, qdev's C accessors register them without setters. */
static void test_device_read_only_properties(void)
{
    static const char *const read_only[] = { "hotpluggable", "hotplugged",
                                             "id" };
    ObjectClass *oc = object_class_by_name(TYPE_DEVICE);
    const QomSchemaProperty *realized =
        qom_schema_find_property(TYPE_DEVICE, "realized");

    g_assert_nonnull(oc);
    g_assert_nonnull(realized);
    g_assert_true(realized->runtime);
    g_assert_nonnull(object_class_property_find(oc, "realized")->set);
    for (size_t i = 0; i < G_N_ELEMENTS(read_only); i++) {
        ObjectProperty *prop = object_class_property_find(oc, read_only[i]);

        g_assert_nonnull(prop);
        g_assert_null(prop->set);
        g_assert_nonnull(qom_schema_find_property(TYPE_DEVICE,
                                                  read_only[i]));
    }
}

/* The reply to one request, as compact JSON text. */
static char *qmp(const char *request)
{
    g_autoptr(QObject) req = qobject_from_json(request, &error_abort);
    g_autoptr(QDict) reply = qmp_dispatch(qmp_engine_commands(), req, NULL);

    g_assert_nonnull(reply);
    return qobject_to_json(QOBJECT(reply));
}

static void test_list_types_shows_devices(void)
{
    g_autofree char *reply = qmp("{\"execute\": \"qom-list-types\", "
                                 "\"arguments\": {\"implements\": "
                                 "\"device\", \"abstract\": true}}");

    /* Every device type is listed, so look for a few rather than for the
     * whole list, which grows with each device model. */
    g_assert_nonnull(strstr(reply, "{\"name\":\"device\",\"abstract\":true,"
                                   "\"parent\":\"object\"}"));
    g_assert_nonnull(strstr(reply, "{\"name\":\"sys-bus-device\","
                                   "\"abstract\":true,"
                                   "\"parent\":\"device\"}"));
    g_assert_nonnull(strstr(reply, "{\"name\":\"serial-mm\","
                                   "\"parent\":\"sys-bus-device\"}"));
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    register_engine_types();
    g_test_add_func("/qom-types/classes-match-schema",
                    test_classes_match_schema);
    g_test_add_func("/qom-types/every-class-in-schema",
                    test_every_class_in_schema);
    g_test_add_func("/qom-types/engine-table-registered",
                    test_engine_table_registered);
    g_test_add_func("/qom-types/device-read-only-properties",
                    test_device_read_only_properties);
    g_test_add_func("/qom-types/list-types-shows-devices",
                    test_list_types_shows_devices);
    return g_test_run();
}
