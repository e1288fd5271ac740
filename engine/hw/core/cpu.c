/* CPUs: see cpu.h. */
#include "cpu.h"

#include <string.h>
#include <unistd.h>

#include "object-path.h"
#include "qapi-commands.h"
#include "qapi-qom.h"
#include "qom-schema.h"

/* The abstract ancestor whose name is the model suffix: the first abstract
 * type below "cpu" on the way down to type. */
static const char *cpu_target_base(ObjectClass *oc)
{
    const char *base = NULL;

    for (; oc; oc = object_class_get_parent(oc)) {
        const char *name = object_class_get_name(oc);

        if (g_str_equal(name, TYPE_CPU)) {
            return base;
        }
        if (object_class_is_abstract(oc)) {
            base = name;
        }
    }
    return NULL;
}

char *cpu_type_to_model(const char *type)
{
    ObjectClass *oc = object_class_by_name(type);
    const char *base = oc ? cpu_target_base(oc) : NULL;
    size_t suffix = base ? strlen(base) + 1 : 0;

    if (base && strlen(type) > suffix &&
        g_str_has_suffix(type, base) && type[strlen(type) - suffix] == '-') {
        return g_strndup(type, strlen(type) - suffix);
    }
    return g_strdup(type);
}

static gint cpu_class_cmp(gconstpointer a, gconstpointer b)
{
    return strcmp(object_class_get_name((ObjectClass *)a),
                  object_class_get_name((ObjectClass *)b));
}

static GSList *cpu_class_list(void)
{
    return g_slist_sort(object_class_get_list(TYPE_CPU, false),
                        cpu_class_cmp);
}

char *cpu_model_to_type(const char *model, Error **errp)
{
    g_autoptr(GSList) classes = cpu_class_list();

    for (GSList *l = classes; l; l = l->next) {
        const char *type = object_class_get_name(l->data);
        g_autofree char *name = cpu_type_to_model(type);

        if (g_str_equal(name, model) || g_str_equal(type, model)) {
            return g_strdup(type);
        }
    }
    error_setg(errp, "unable to find CPU model '%s'", model);
    return NULL;
}

char *cpu_help_text(void)
{
    g_autoptr(GSList) classes = cpu_class_list();
    GString *out = g_string_new("Available CPUs:\n");

    for (GSList *l = classes; l; l = l->next) {
        g_autofree char *name = cpu_type_to_model(
            object_class_get_name(l->data));

        g_string_append_printf(out, "  %s\n", name);
    }
    return g_string_free(out, FALSE);
}

static int cpu_collect(Object *obj, void *opaque)
{
    if (object_dynamic_cast(obj, TYPE_CPU)) {
        g_ptr_array_add(opaque, obj);
    }
    return 0;
}

static gint cpu_index_cmp(gconstpointer a, gconstpointer b)
{
    const CPUState *x = *(CPUState *const *)a, *y = *(CPUState *const *)b;

    return (x->cpu_index > y->cpu_index) - (x->cpu_index < y->cpu_index);
}

GPtrArray *cpu_list(void)
{
    GPtrArray *cpus = g_ptr_array_new();
    Object *machine = object_resolve_path("/machine", NULL);

    if (machine) {
        object_child_foreach_recursive(machine, cpu_collect, cpus);
    }
    g_ptr_array_sort(cpus, cpu_index_cmp);
    return cpus;
}

static const TypeInfo cpu_info = {
    QOM_CPU_TYPE_INFO,
    .instance_size = sizeof(CPUState),
    .class_size = sizeof(CPUClass),
};

DEFINE_TYPES_REGISTER_ONCE(cpu_register_types, &cpu_info, 1)

type_init(cpu_register_types)

/* QMP */

bool qmp_query_cpus_fast(CpuInfoFastList **ret, Error **errp)
{
    g_autoptr(GPtrArray) cpus = cpu_list();
    CpuInfoFastList *list = NULL, **tail = &list;

    for (guint i = 0; i < cpus->len; i++) {
        CPUState *cpu = g_ptr_array_index(cpus, i);
        CpuInfoFast *info = g_new0(CpuInfoFast, 1);

        info->cpu_index = cpu->cpu_index;
        info->qom_path = object_get_canonical_path(OBJECT(cpu));
        /* Every hart runs on the main loop thread (engine/accel/tcg). */
        info->thread_id = getpid();
        info->target = CPU_GET_CLASS(cpu)->target;
        *tail = g_new0(CpuInfoFastList, 1);
        (*tail)->value = info;
        tail = &(*tail)->next;
    }
    *ret = list;
    return true;
}

bool qmp_query_cpu_definitions(CpuDefinitionInfoList **ret, Error **errp)
{
    g_autoptr(GSList) classes = cpu_class_list();
    CpuDefinitionInfoList *list = NULL, **tail = &list;

    for (GSList *l = classes; l; l = l->next) {
        const char *type = object_class_get_name(l->data);
        const QomSchemaType *t = qom_schema_find_type(type);
        CpuDefinitionInfo *info = g_new0(CpuDefinitionInfo, 1);

        info->name = cpu_type_to_model(type);
        info->q_typename = g_strdup(type);
        info->has_migration_safe = true;
        info->migration_safe = true;
        info->q_static = false;
        info->deprecated = t && t->deprecated;
        *tail = g_new0(CpuDefinitionInfoList, 1);
        (*tail)->value = info;
        tail = &(*tail)->next;
    }
    *ret = list;
    return true;
}

/* Every property the schema gives the model below "device", with the value
 * an instance has after the changes (static and full are the same here:
 * every property is a model property). */
bool qmp_query_cpu_model_expansion(CpuModelExpansionType type,
                                   CpuModelInfo *model,
                                   CpuModelExpansionInfo **ret, Error **errp)
{
    g_autofree char *typename = cpu_model_to_type(model->name, errp);
    g_autoptr(Object) obj = NULL;
    g_autoptr(QDict) props = qdict_new();
    CpuModelExpansionInfo *info;

    if (!typename) {
        return false;
    }
    if (object_class_is_abstract(object_class_by_name(typename))) {
        error_setg(errp, "CPU model '%s' is abstract", model->name);
        return false;
    }
    obj = object_new(typename);
    if (model->props) {
        QDict *changes = qobject_to(QDict, model->props);

        if (!changes) {
            error_setg(errp, "Invalid parameter type for 'props', expected: "
                       "dict");
            return false;
        }
        for (const QDictEntry *e = qdict_first(changes); e;
             e = qdict_next(changes, e)) {
            if (!object_property_set_qobject(obj, qdict_entry_key(e),
                                             qdict_entry_value(e), errp)) {
                return false;
            }
        }
    }
    for (const QomSchemaType *t = qom_schema_find_type(typename);
         t && !g_str_equal(t->name, TYPE_DEVICE);
         t = qom_schema_type_get_parent(t)) {
        for (size_t i = 0; i < t->n_properties; i++) {
            const char *name = t->properties[i].name;
            QObject *value = object_property_get_qobject(obj, name, NULL);

            if (value) {
                qdict_put_obj(props, name, value);
            }
        }
    }
    info = g_new0(CpuModelExpansionInfo, 1);
    info->model = g_new0(CpuModelInfo, 1);
    info->model->name = g_strdup(model->name);
    info->model->props = QOBJECT(qobject_ref(props));
    *ret = info;
    return true;
}
