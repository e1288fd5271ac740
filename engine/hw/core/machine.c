/* Machines: see machine.h. */
#include "machine.h"

#include <inttypes.h>
#include <string.h>

#include "object-freeze.h"
#include "object-global.h"
#include "object-link.h"
#include "object-path.h"
#include "qapi-commands.h"
#include "qdev.h"
#include "qom-schema.h"
#include "qapi-util.h"

/* The one machine of the process (see machine.h). */
static MachineState *current_machine;

static void machine_class_base_init(ObjectClass *oc, const void *data)
{
    MachineClass *mc = MACHINE_CLASS(oc);
    const char *type = object_class_get_name(oc);

    /* Each class names itself after its type: "none-machine" -> "none". */
    if (g_str_has_suffix(type, MACHINE_TYPE_SUFFIX)) {
        g_autofree char *name = g_strndup(
            type, strlen(type) - strlen(MACHINE_TYPE_SUFFIX));

        mc->name = g_intern_string(name);
    }
}

MachineClass *machine_class_find(const char *name, Error **errp)
{
    g_autoptr(GSList) classes = machine_class_list();

    for (GSList *l = classes; l; l = l->next) {
        MachineClass *mc = l->data;

        if (g_str_equal(mc->name, name) ||
            (mc->alias && g_str_equal(mc->alias, name))) {
            return mc;
        }
    }
    error_setg(errp, "unsupported machine type '%s'", name);
    error_append_hint(errp, "Use -machine help to list supported "
                      "machines\n");
    return NULL;
}

MachineClass *machine_class_default(void)
{
    g_autoptr(GSList) classes = machine_class_list();
    MachineClass *fallback = NULL;

    for (GSList *l = classes; l; l = l->next) {
        MachineClass *mc = l->data;

        if (mc->is_default) {
            return mc;
        }
        if (g_str_equal(mc->name, "none")) {
            fallback = mc;
        }
    }
    return fallback;
}

static gint machine_class_cmp(gconstpointer a, gconstpointer b)
{
    return strcmp(((const MachineClass *)a)->name,
                  ((const MachineClass *)b)->name);
}

GSList *machine_class_list(void)
{
    GSList *all = object_class_get_list(TYPE_MACHINE, false);

    return g_slist_sort(all, machine_class_cmp);
}

const char *machine_class_desc(MachineClass *mc)
{
    const QomSchemaType *t = qom_schema_find_type(
        object_class_get_name(OBJECT_CLASS(mc)));

    return t && t->description ? t->description : "";
}

char *machine_help_text(void)
{
    g_autoptr(GSList) classes = machine_class_list();
    GString *out = g_string_new("Supported machines are:\n");

    for (GSList *l = classes; l; l = l->next) {
        MachineClass *mc = l->data;

        if (mc->alias) {
            g_string_append_printf(out, "%-20s %s (alias of %s)\n",
                                   mc->alias, machine_class_desc(mc),
                                   mc->name);
        }
        g_string_append_printf(out, "%-20s %s%s\n", mc->name,
                               machine_class_desc(mc),
                               mc->is_default ? " (default)" : "");
    }
    return g_string_free(out, FALSE);
}

MachineState *machine_create(MachineClass *mc, Error **errp)
{
    Object *root = object_get_root();
    MachineState *ms;

    if (current_machine) {
        error_setg(errp, "a machine exists already");
        return NULL;
    }
    if (object_resolve_path_component(root, "machine")) {
        /* Tests and tools may have made a plain container; the machine
         * takes its place. */
        object_unparent(object_resolve_path_component(root, "machine"));
    }
    for (size_t i = 0; mc->compat_props && mc->compat_props[i]; i++) {
        if (!object_register_global_prop_str(mc->compat_props[i], errp)) {
            return NULL;
        }
    }
    ms = MACHINE(object_new(object_class_get_name(OBJECT_CLASS(mc))));
    object_property_add_child(root, "machine", OBJECT(ms));
    object_unref(OBJECT(ms));
    container_get(OBJECT(ms), "peripheral");
    container_get(OBJECT(ms), "peripheral-anon");
    container_get(OBJECT(ms), "unattached");
    current_machine = ms;
    return ms;
}

static bool machine_check_smp(MachineState *ms, MachineClass *mc,
                              Error **errp)
{
    int64_t cpus = mc->default_cpus ? mc->default_cpus : 1;

    if (ms->props.smp && ms->props.smp->has_cpus) {
        cpus = ms->props.smp->cpus;
    }
    if (cpus < 1 || cpus < mc->min_cpus) {
        error_setg(errp, "Invalid SMP CPUs %" PRId64 ". The min CPUs "
                   "supported by machine '%s' is %u", cpus, mc->name,
                   mc->min_cpus ? mc->min_cpus : 1);
        return false;
    }
    if (cpus > mc->max_cpus) {
        error_setg(errp, "Invalid SMP CPUs %" PRId64 ". The max CPUs "
                   "supported by machine '%s' is %u", cpus, mc->name,
                   mc->max_cpus);
        return false;
    }
    ms->smp_cpus = (unsigned)cpus;
    return true;
}

bool machine_init(MachineState *ms, Error **errp)
{
    MachineClass *mc = MACHINE_GET_CLASS(ms);

    if (!machine_check_smp(ms, mc, errp)) {
        return false;
    }
    ms->ram_size = mc->default_ram_size;
    if (ms->props.memory && ms->props.memory->has_size) {
        ms->ram_size = ms->props.memory->size;
    }
    if (!ms->cpu_type && mc->default_cpu_type) {
        ms->cpu_type = g_strdup(mc->default_cpu_type);
    }
    if (ms->ram_size) {
        ms->ram = g_new0(MemoryRegion, 1);
        if (!memory_region_init_ram(ms->ram, mc->default_ram_id
                                             ? mc->default_ram_id : "ram",
                                    ms->ram_size, errp)) {
            g_clear_pointer(&ms->ram, g_free);
            return false;
        }
        memory_region_add_subregion(&ms->system_memory, mc->ram_base,
                                    ms->ram);
    }
    if (mc->init && !mc->init(ms, errp)) {
        return false;
    }
    /* The board is built from them: from here on a change would not reach
     * it, so they refuse (none is runtime). */
    object_freeze_properties(OBJECT(ms), "while the machine exists");
    ms->initialized = true;
    return true;
}

void machine_reset(MachineState *ms)
{
    MachineClass *mc = MACHINE_GET_CLASS(ms);

    qdev_reset_tree(OBJECT(ms));
    if (mc->reset) {
        mc->reset(ms);
    }
}

MachineState *machine_current(void)
{
    return current_machine;
}

void machine_destroy(void)
{
    if (current_machine) {
        MachineState *ms = current_machine;

        current_machine = NULL;
        object_unparent(OBJECT(ms));
    }
}

char *machine_mtree_text(MachineState *ms, bool flat, bool show_disabled)
{
    AddressSpace *spaces[] = { ms->address_space_memory,
                               ms->address_space_io };

    return address_space_mtree_text(spaces, G_N_ELEMENTS(spaces), flat,
                                    show_disabled);
}

static void machine_instance_init(Object *obj)
{
    MachineState *ms = MACHINE(obj);

    memory_region_init_container(&ms->system_memory, "system", UINT64_MAX);
    /* 64 KiB of port space, as on x86; a machine without ports leaves it
     * empty, and every access to it is unassigned. */
    memory_region_init_container(&ms->system_io, "io", 0x10000);
    ms->address_space_memory = address_space_new(&ms->system_memory,
                                                 "memory");
    ms->address_space_io = address_space_new(&ms->system_io, "I/O");
}

static void machine_instance_finalize(Object *obj)
{
    MachineState *ms = MACHINE(obj);

    address_space_free(ms->address_space_memory);
    address_space_free(ms->address_space_io);
    if (ms->ram) {
        memory_region_del_subregion(&ms->system_memory, ms->ram);
        memory_region_finalize(ms->ram);
        g_free(ms->ram);
    }
    memory_region_finalize(&ms->system_io);
    memory_region_finalize(&ms->system_memory);
    g_free(ms->cpu_type);
}

static void machine_class_init(ObjectClass *oc, const void *data)
{
    MachineClass *mc = MACHINE_CLASS(oc);

    mc->max_cpus = 1;
    qom_machine_class_add_properties(
        oc, QOM_PROPS_OFFSET(MachineState, props, MachineProperties));
}

static const TypeInfo machine_info = {
    QOM_MACHINE_TYPE_INFO,
    .instance_size = sizeof(MachineState),
    .instance_init = machine_instance_init,
    .instance_finalize = machine_instance_finalize,
    .class_size = sizeof(MachineClass),
    .class_init = machine_class_init,
    .class_base_init = machine_class_base_init,
};

/* The empty machine: no CPU, and RAM at 0 only when -m asks for it. */
static void none_machine_class_init(ObjectClass *oc, const void *data)
{
    MachineClass *mc = MACHINE_CLASS(oc);

    mc->max_cpus = 1;
    mc->default_ram_size = 0;
    mc->default_ram_id = "ram";
}

static const TypeInfo none_machine_info = {
    QOM_NONE_MACHINE_TYPE_INFO,
    .instance_size = sizeof(MachineState),
    .class_size = sizeof(MachineClass),
    .class_init = none_machine_class_init,
};

static void machine_register_types(void)
{
    type_register_static(&machine_info);
    type_register_static(&none_machine_info);
}

type_init(machine_register_types)

/* QMP */

bool qmp_query_machines(MachineInfoList **ret, Error **errp)
{
    g_autoptr(GSList) classes = machine_class_list();
    MachineInfoList *list = NULL, **tail = &list;

    for (GSList *l = classes; l; l = l->next) {
        MachineClass *mc = l->data;
        MachineInfo *info = g_new0(MachineInfo, 1);

        info->name = g_strdup(mc->name);
        info->alias = g_strdup(mc->alias);
        if (mc->is_default) {
            info->has_is_default = true;
            info->is_default = true;
        }
        info->cpu_max = mc->max_cpus;
        info->default_cpu_type = g_strdup(mc->default_cpu_type);
        info->default_ram_id = g_strdup(mc->default_ram_id);
        *tail = g_new0(MachineInfoList, 1);
        (*tail)->value = info;
        tail = &(*tail)->next;
    }
    *ret = list;
    return true;
}
