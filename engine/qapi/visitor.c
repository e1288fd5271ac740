/* Visitor dispatch: see visitor.h. Everything a concrete visitor would
 * otherwise repeat lives here: the narrow integer types ride on int64 and
 * uint64 with a range check, sizes fall back to uint64, enums travel as
 * their names, and an output visitor never sees a NULL string. */
#include "visitor-impl.h"
#include "qapi-util.h"

#include <inttypes.h>
#include <string.h>

char *visit_get_path(Visitor *v, const char *name)
{
    return v->get_path ? v->get_path(v, name) : g_strdup(name);
}

bool visit_start_struct(Visitor *v, const char *name, void **obj,
                        size_t size, Error **errp)
{
    bool ok = v->start_struct(v, name, obj, size, errp);

    /* An input visitor leaves nothing behind when it fails. */
    g_assert(ok || !obj || !visit_is_input(v) || !*obj);
    return ok;
}

bool visit_check_struct(Visitor *v, Error **errp)
{
    return v->check_struct ? v->check_struct(v, errp) : true;
}

void visit_end_struct(Visitor *v, void **obj)
{
    v->end_struct(v, obj);
}

bool visit_start_list(Visitor *v, const char *name, GenericList **list,
                      size_t size, Error **errp)
{
    bool ok;

    g_assert(!list || size >= sizeof(GenericList));
    ok = v->start_list(v, name, list, size, errp);
    g_assert(ok || !list || !visit_is_input(v) || !*list);
    return ok;
}

GenericList *visit_next_list(Visitor *v, GenericList *tail, size_t size)
{
    g_assert(tail && size >= sizeof(GenericList));
    return v->next_list(v, tail, size);
}

bool visit_check_list(Visitor *v, Error **errp)
{
    return v->check_list ? v->check_list(v, errp) : true;
}

void visit_end_list(Visitor *v, void **list)
{
    v->end_list(v, list);
}

bool visit_start_alternate(Visitor *v, const char *name,
                           GenericAlternate **obj, size_t size,
                           Error **errp)
{
    bool ok;

    g_assert(obj && size >= sizeof(GenericAlternate));
    if (!v->start_alternate) {
        /* Output and dealloc walks need no preparation; an input visitor
         * must say which branch it found. */
        g_assert(!visit_is_input(v));
        return true;
    }
    ok = v->start_alternate(v, name, obj, size, errp);
    g_assert(ok || !visit_is_input(v) || !*obj);
    return ok;
}

void visit_end_alternate(Visitor *v, void **obj)
{
    if (v->end_alternate) {
        v->end_alternate(v, obj);
    }
}

bool visit_optional(Visitor *v, const char *name, bool *present)
{
    if (v->optional) {
        v->optional(v, name, present);
    }
    return *present;
}

bool visit_type_int(Visitor *v, const char *name, int64_t *obj, Error **errp)
{
    return v->type_int64(v, name, obj, errp);
}

bool visit_type_int64(Visitor *v, const char *name, int64_t *obj,
                      Error **errp)
{
    return v->type_int64(v, name, obj, errp);
}

bool visit_type_uint64(Visitor *v, const char *name, uint64_t *obj,
                       Error **errp)
{
    return v->type_uint64(v, name, obj, errp);
}

static void visit_range_error(Visitor *v, const char *name,
                              const char *min, const char *max, Error **errp)
{
    g_autofree char *path = visit_get_path(v, name);

    qapi_error_set_expected(errp, path, NULL, "a value between %s and %s",
                            min, max);
}

/* The narrow types go through the 64-bit callbacks on a local copy: the
 * visitor reads or writes the wide value and only an in-range one is stored
 * back. An input visitor's *obj is output only, so it is not read. */
#define VISIT_TYPE_SIGNED(type, min, max)                                    \
    bool visit_type_##type(Visitor *v, const char *name, type##_t *obj,      \
                           Error **errp)                                     \
    {                                                                        \
        int64_t value = visit_is_input(v) ? 0 : *obj;                        \
                                                                             \
        if (!v->type_int64(v, name, &value, errp)) {                         \
            return false;                                                    \
        }                                                                    \
        if (value < (min) || value > (max)) {                                \
            visit_range_error(v, name, G_STRINGIFY(min), G_STRINGIFY(max),   \
                              errp);                                         \
            return false;                                                    \
        }                                                                    \
        *obj = (type##_t)value;                                              \
        return true;                                                         \
    }

#define VISIT_TYPE_UNSIGNED(type, max)                                       \
    bool visit_type_##type(Visitor *v, const char *name, type##_t *obj,      \
                           Error **errp)                                     \
    {                                                                        \
        uint64_t value = visit_is_input(v) ? 0 : *obj;                       \
                                                                             \
        if (!v->type_uint64(v, name, &value, errp)) {                        \
            return false;                                                    \
        }                                                                    \
        if (value > (max)) {                                                 \
            visit_range_error(v, name, "0", G_STRINGIFY(max), errp);         \
            return false;                                                    \
        }                                                                    \
        *obj = (type##_t)value;                                              \
        return true;                                                         \
    }

/* Literal bounds, so the message can quote them as text. */
VISIT_TYPE_SIGNED(int8, -128, 127)
VISIT_TYPE_SIGNED(int16, -32768, 32767)
VISIT_TYPE_SIGNED(int32, -2147483648, 2147483647)
VISIT_TYPE_UNSIGNED(uint8, 255)
VISIT_TYPE_UNSIGNED(uint16, 65535)
VISIT_TYPE_UNSIGNED(uint32, 4294967295)

bool visit_type_size(Visitor *v, const char *name, uint64_t *obj,
                     Error **errp)
{
    if (v->type_size) {
        return v->type_size(v, name, obj, errp);
    }
    return v->type_uint64(v, name, obj, errp);
}

bool visit_type_bool(Visitor *v, const char *name, bool *obj, Error **errp)
{
    return v->type_bool(v, name, obj, errp);
}

bool visit_type_str(Visitor *v, const char *name, char **obj, Error **errp)
{
    bool ok;

    if (v->type == VISITOR_OUTPUT && !*obj) {
        /* Output visitors only read the string, so the literal is safe. */
        char *empty = (char *)"";
        return v->type_str(v, name, &empty, errp);
    }
    ok = v->type_str(v, name, obj, errp);
    g_assert(ok || !visit_is_input(v) || !*obj);
    return ok;
}

bool visit_type_number(Visitor *v, const char *name, double *obj,
                       Error **errp)
{
    return v->type_number(v, name, obj, errp);
}

bool visit_type_any(Visitor *v, const char *name, QObject **obj,
                    Error **errp)
{
    bool ok = v->type_any(v, name, obj, errp);

    g_assert(ok || !visit_is_input(v) || !*obj);
    return ok;
}

bool visit_type_null(Visitor *v, const char *name, QNull **obj,
                     Error **errp)
{
    bool ok = v->type_null(v, name, obj, errp);

    g_assert(ok || !visit_is_input(v) || !*obj);
    return ok;
}

static int qapi_enum_find(const QEnumLookup *lookup, const char *name)
{
    for (int i = 0; i < lookup->size; i++) {
        if (lookup->array[i] && !strcmp(lookup->array[i], name)) {
            return i;
        }
    }
    return -1;
}

/* "red, green or blue" */
static char *qapi_enum_describe(const QEnumLookup *lookup)
{
    g_autoptr(GString) s = g_string_new(NULL);

    for (int i = 0; i < lookup->size; i++) {
        if (i > 0) {
            g_string_append(s, i == lookup->size - 1 ? " or " : ", ");
        }
        g_string_append(s, lookup->array[i]);
    }
    return g_string_free(g_steal_pointer(&s), false);
}

static bool visit_input_enum(Visitor *v, const char *name, int *obj,
                             const QEnumLookup *lookup, Error **errp)
{
    g_autofree char *text = NULL;
    int value;

    if (!v->type_str(v, name, &text, errp)) {
        return false;
    }
    value = qapi_enum_find(lookup, text);
    if (value < 0) {
        g_autofree char *path = visit_get_path(v, name);
        g_autofree char *names = qapi_enum_describe(lookup);
        qapi_error_set_expected(errp, path, text, "%s", names);
        return false;
    }
    *obj = value;
    return true;
}

static bool visit_output_enum(Visitor *v, const char *name, int *obj,
                              const QEnumLookup *lookup, Error **errp)
{
    const char *value;
    char *tmp;

    /* A value no name stands for is a bug in the caller, but one a user
     * should hear about rather than a crash. */
    if (*obj < 0 || *obj >= lookup->size) {
        g_autofree char *path = visit_get_path(v, name);
        qapi_error_set_expected(errp, path, NULL,
                                "an enum value between 0 and %d, not %d",
                                lookup->size - 1, *obj);
        return false;
    }
    value = lookup->array[*obj];
    if (v->type_enum_name) {
        return v->type_enum_name(v, name, value, errp);
    }
    tmp = (char *)value;    /* output visitors only read it */
    return v->type_str(v, name, &tmp, errp);
}

bool visit_type_enum(Visitor *v, const char *name, int *obj,
                     const QEnumLookup *lookup, Error **errp)
{
    switch (v->type) {
    case VISITOR_INPUT:
        return visit_input_enum(v, name, obj, lookup, errp);
    case VISITOR_OUTPUT:
        return visit_output_enum(v, name, obj, lookup, errp);
    default:
        /* A clone copied the int with its struct; dealloc frees nothing. */
        return true;
    }
}

VisitorType visit_get_type(const Visitor *v)
{
    return v->type;
}

bool visit_is_input(const Visitor *v)
{
    return v->type == VISITOR_INPUT;
}

bool visit_is_dealloc(const Visitor *v)
{
    return v->type == VISITOR_DEALLOC;
}

void visit_complete(Visitor *v, void *result)
{
    if (v->complete) {
        v->complete(v, result);
    }
}

void visit_free(Visitor *v)
{
    if (v) {
        v->free(v);
    }
}

const char *qapi_enum_lookup(const QEnumLookup *lookup, int value)
{
    g_assert(value >= 0 && value < lookup->size);
    return lookup->array[value];
}

bool qapi_enum_parse(const QEnumLookup *lookup, const char *name, int *value,
                     Error **errp)
{
    int found = qapi_enum_find(lookup, name);

    if (found < 0) {
        g_autofree char *names = qapi_enum_describe(lookup);
        qapi_error_set_expected(errp, NULL, name, "%s", names);
        return false;
    }
    *value = found;
    return true;
}

void visit_alternate_error(Visitor *v, const char *name,
                           const char *const *accepted, Error **errp)
{
    g_autoptr(GString) what = g_string_new(NULL);
    g_autofree char *path = visit_get_path(v, name);
    guint n = g_strv_length((char **)accepted);

    for (guint i = 0; i < n; i++) {
        if (i) {
            g_string_append(what, i + 1 == n ? " or " : ", ");
        }
        g_string_append(what, accepted[i]);
    }
    qapi_error_set_expected(errp, path, NULL, "%s",
                            n ? what->str : "nothing");
}
