/* Hand-written stand-in for generated QAPI code: see qapi-example.h. It
 * follows the calling pattern visitor.h documents, so every visitor test
 * exercises that pattern too. */
#include "qapi-example.h"
#include "dealloc-visitor.h"
#include "qdict.h"

static const char *const Color_names[] = { "red", "green", "blue" };

const QEnumLookup Color_lookup = {
    .array = Color_names,
    .size = COLOR__MAX,
};

bool visit_type_Color(Visitor *v, const char *name, Color *obj, Error **errp)
{
    int value = *obj;

    if (!visit_type_enum(v, name, &value, &Color_lookup, errp)) {
        return false;
    }
    *obj = value;
    return true;
}

static bool visit_type_Cpu_members(Visitor *v, Cpu *obj, Error **errp)
{
    return visit_type_uint32(v, "id", &obj->id, errp) &&
           visit_type_bool(v, "online", &obj->online, errp);
}

bool visit_type_Cpu(Visitor *v, const char *name, Cpu **obj, Error **errp)
{
    bool ok = false;

    if (!visit_start_struct(v, name, (void **)obj, sizeof(Cpu), errp)) {
        return false;
    }
    if (!*obj) {
        /* Only a dealloc walk of a partial value meets a NULL struct. */
        g_assert(visit_is_dealloc(v));
        ok = true;
        goto out;
    }
    ok = visit_type_Cpu_members(v, *obj, errp) && visit_check_struct(v, errp);
out:
    visit_end_struct(v, (void **)obj);
    return ok;
}

bool visit_type_CpuList(Visitor *v, const char *name, CpuList **obj,
                        Error **errp)
{
    bool ok = false;
    CpuList *tail;

    if (!visit_start_list(v, name, (GenericList **)obj, sizeof(**obj),
                          errp)) {
        return false;
    }
    for (tail = *obj; tail;
         tail = (CpuList *)visit_next_list(v, (GenericList *)tail,
                                           sizeof(*tail))) {
        if (!visit_type_Cpu(v, NULL, &tail->value, errp)) {
            goto out;
        }
    }
    ok = visit_check_list(v, errp);
out:
    visit_end_list(v, (void **)obj);
    return ok;
}

bool visit_type_intList(Visitor *v, const char *name, intList **obj,
                        Error **errp)
{
    bool ok = false;
    intList *tail;

    if (!visit_start_list(v, name, (GenericList **)obj, sizeof(**obj),
                          errp)) {
        return false;
    }
    for (tail = *obj; tail;
         tail = (intList *)visit_next_list(v, (GenericList *)tail,
                                           sizeof(*tail))) {
        if (!visit_type_int(v, NULL, &tail->value, errp)) {
            goto out;
        }
    }
    ok = visit_check_list(v, errp);
out:
    visit_end_list(v, (void **)obj);
    return ok;
}

bool visit_type_Limit(Visitor *v, const char *name, Limit **obj,
                      Error **errp)
{
    bool ok = false;

    if (!visit_start_alternate(v, name, (GenericAlternate **)obj,
                               sizeof(**obj), errp)) {
        return false;
    }
    if (!*obj) {
        g_assert(visit_is_dealloc(v));
        ok = true;
        goto out;
    }
    switch ((*obj)->type) {
    case QTYPE_QNUM:
        ok = visit_type_int(v, name, &(*obj)->u.count, errp);
        break;
    case QTYPE_QSTRING:
        ok = visit_type_str(v, name, &(*obj)->u.name, errp);
        break;
    case QTYPE_NONE:
        g_assert_not_reached();
    default:
        /* An input visitor found something no branch takes; the partial
         * alternate it left has nothing inside to free. */
        if (visit_is_input(v)) {
            g_autofree char *path = visit_get_path(v, name);
            error_setg(errp, "parameter '%s' expects an integer or a string",
                       path ? path : "");
        } else {
            ok = true;
        }
        break;
    }
out:
    visit_end_alternate(v, (void **)obj);
    return ok;
}

static bool visit_type_Machine_members(Visitor *v, Machine *obj,
                                       Error **errp)
{
    if (!visit_type_str(v, "name", &obj->name, errp)) {
        return false;
    }
    if (visit_optional(v, "label", &obj->has_label) &&
        !visit_type_str(v, "label", &obj->label, errp)) {
        return false;
    }
    if (!visit_type_uint8(v, "cores", &obj->cores, errp) ||
        !visit_type_int8(v, "bias", &obj->bias, errp) ||
        !visit_type_size(v, "ram", &obj->ram, errp) ||
        !visit_type_uint64(v, "serial", &obj->serial, errp) ||
        !visit_type_Cpu(v, "boot", &obj->boot, errp) ||
        !visit_type_CpuList(v, "cpus", &obj->cpus, errp) ||
        !visit_type_Color(v, "color", &obj->color, errp) ||
        !visit_type_Limit(v, "limit", &obj->limit, errp)) {
        return false;
    }
    if (visit_optional(v, "extra", &obj->has_extra) &&
        !visit_type_any(v, "extra", &obj->extra, errp)) {
        return false;
    }
    return true;
}

bool visit_type_Machine(Visitor *v, const char *name, Machine **obj,
                        Error **errp)
{
    bool ok = false;

    if (!visit_start_struct(v, name, (void **)obj, sizeof(Machine), errp)) {
        return false;
    }
    if (!*obj) {
        g_assert(visit_is_dealloc(v));
        ok = true;
        goto out;
    }
    ok = visit_type_Machine_members(v, *obj, errp) &&
         visit_check_struct(v, errp);
out:
    visit_end_struct(v, (void **)obj);
    return ok;
}

/* qapi_free_X: one dealloc walk each. */
#define QAPI_EXAMPLE_FREE(Type)                                              \
    void qapi_free_##Type(Type *obj)                                         \
    {                                                                        \
        if (obj) {                                                           \
            g_autoptr(Visitor) v = qapi_dealloc_visitor_new();               \
            visit_type_##Type(v, NULL, &obj, NULL);                          \
        }                                                                    \
    }

QAPI_EXAMPLE_FREE(Cpu)
QAPI_EXAMPLE_FREE(CpuList)
QAPI_EXAMPLE_FREE(intList)
QAPI_EXAMPLE_FREE(Limit)
QAPI_EXAMPLE_FREE(Machine)

Machine *qapi_example_machine_new(void)
{
    Machine *m = g_new0(Machine, 1);
    CpuList **tail = &m->cpus;

    m->name = g_strdup("vm0");
    m->has_label = true;
    m->label = g_strdup("build box");
    m->cores = 4;
    m->bias = -3;
    m->ram = 256 * 1024 * 1024;
    m->serial = UINT64_MAX;
    m->boot = g_new0(Cpu, 1);
    m->boot->id = 7;
    m->boot->online = true;
    for (uint32_t i = 0; i < 3; i++) {
        *tail = g_new0(CpuList, 1);
        (*tail)->value = g_new0(Cpu, 1);
        (*tail)->value->id = i;
        (*tail)->value->online = i != 1;
        tail = &(*tail)->next;
    }
    m->color = COLOR_GREEN;
    m->limit = g_new0(Limit, 1);
    m->limit->type = QTYPE_QSTRING;
    m->limit->u.name = g_strdup("unlimited");
    m->has_extra = true;
    QDict *extra = qdict_new();
    qdict_put_str(extra, "note", "kept as JSON");
    m->extra = QOBJECT(extra);
    return m;
}
