/* `info qtree`. */
#include "qtree.h"

#include "object-property.h"
#include "qom-schema.h"

#include <string.h>

static void qtree_print_bus(GString *out, BusState *bus, int indent);

static void qtree_print_props(GString *out, DeviceState *dev, int indent)
{
    Object *obj = OBJECT(dev);

    for (ObjectClass *oc = object_get_class(obj); oc;
         oc = object_class_get_parent(oc)) {
        const QomSchemaType *st =
            qom_schema_find_type(object_class_get_name(oc));

        for (size_t i = 0; st && i < st->n_properties; i++) {
            const char *name = st->properties[i].name;
            g_autofree char *value = NULL;

            if (!object_property_find(obj, name)) {
                continue;       /* compiled out */
            }
            value = object_property_print(obj, name, true, NULL);
            if (!value) {
                continue;
            }
            g_string_append_printf(out, "%*s%s = %s\n", indent, "", name,
                                   *value ? value : "<null>");
        }
        if (!strcmp(object_class_get_name(oc), TYPE_DEVICE)) {
            break;
        }
    }
}

static void qtree_print_dev(GString *out, DeviceState *dev, int indent)
{
    BusClass *bc = dev->parent_bus ? BUS_GET_CLASS(dev->parent_bus) : NULL;

    g_string_append_printf(out, "%*sdev: %s, id \"%s\"\n", indent, "",
                           object_get_typename(OBJECT(dev)),
                           dev->id ? dev->id : "");
    /* Newest set first, in and then out. */
    for (GList *l = dev->gpios; l; l = l->next) {
        QdevGpioSet *set = l->data;

        if (set->num_in) {
            g_string_append_printf(out, "%*sgpio-in \"%s\" %d\n", indent + 2,
                                   "", set->name ? set->name : "",
                                   set->num_in);
        }
        if (set->num_out) {
            g_string_append_printf(out, "%*sgpio-out \"%s\" %d\n",
                                   indent + 2, "",
                                   set->name ? set->name : "", set->num_out);
        }
    }
    qtree_print_props(out, dev, indent + 2);
    if (bc && bc->print_dev) {
        bc->print_dev(out, dev, indent + 2);
    }
    /* Newest bus first, as QEMU lists a device's buses. */
    for (GList *l = g_list_last(dev->child_buses); l; l = l->prev) {
        qtree_print_bus(out, l->data, indent + 2);
    }
}

static void qtree_print_bus(GString *out, BusState *bus, int indent)
{
    g_string_append_printf(out, "%*sbus: %s\n", indent, "", bus->name);
    g_string_append_printf(out, "%*stype %s\n", indent + 2, "",
                           object_get_typename(OBJECT(bus)));
    for (GList *l = bus->children; l; l = l->next) {
        qtree_print_dev(out, l->data, indent + 2);
    }
}

char *qdev_format_qtree(BusState *bus)
{
    GString *out = g_string_new(NULL);

    qtree_print_bus(out, bus, 0);
    return g_string_free(out, FALSE);
}
