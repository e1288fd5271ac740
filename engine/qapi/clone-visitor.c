/* Clone visitor: see clone-visitor.h. Scalars need nothing: the byte copy
 * of their struct, list node or alternate already holds them. */
#include "clone-visitor.h"
#include "visitor-impl.h"

static bool qapi_clone_start_struct(Visitor *v, const char *name, void **obj,
                                    size_t size, Error **errp)
{
    /* obj is NULL for a struct embedded in an alternate: copied with it. */
    if (obj && *obj) {
        *obj = g_memdup2(*obj, size);
    }
    return true;
}

static void qapi_clone_end_struct(Visitor *v, void **obj)
{
}

static bool qapi_clone_start_list(Visitor *v, const char *name,
                                  GenericList **list, size_t size,
                                  Error **errp)
{
    if (list && *list) {
        *list = g_memdup2(*list, size);
    }
    return true;
}

static GenericList *qapi_clone_next_list(Visitor *v, GenericList *tail,
                                         size_t size)
{
    /* tail is already a copy; its next still points into the source. */
    if (tail->next) {
        tail->next = g_memdup2(tail->next, size);
    }
    return tail->next;
}

static void qapi_clone_end_list(Visitor *v, void **list)
{
}

static bool qapi_clone_start_alternate(Visitor *v, const char *name,
                                       GenericAlternate **obj, size_t size,
                                       Error **errp)
{
    if (*obj) {
        *obj = g_memdup2(*obj, size);
    }
    return true;
}

static bool qapi_clone_type_int64(Visitor *v, const char *name, int64_t *obj,
                                  Error **errp)
{
    return true;
}

static bool qapi_clone_type_uint64(Visitor *v, const char *name,
                                   uint64_t *obj, Error **errp)
{
    return true;
}

static bool qapi_clone_type_bool(Visitor *v, const char *name, bool *obj,
                                 Error **errp)
{
    return true;
}

static bool qapi_clone_type_str(Visitor *v, const char *name, char **obj,
                                Error **errp)
{
    *obj = g_strdup(*obj);
    return true;
}

static bool qapi_clone_type_number(Visitor *v, const char *name, double *obj,
                                   Error **errp)
{
    return true;
}

static bool qapi_clone_type_any(Visitor *v, const char *name, QObject **obj,
                                Error **errp)
{
    /* A deep copy, so that a caller may change the clone's dicts. */
    *obj = *obj ? qobject_deep_copy(*obj) : NULL;
    return true;
}

static bool qapi_clone_type_null(Visitor *v, const char *name, QNull **obj,
                                 Error **errp)
{
    *obj = *obj ? qnull() : NULL;
    return true;
}

static void qapi_clone_free(Visitor *v)
{
    g_free(v);
}

Visitor *qapi_clone_visitor_new(void)
{
    Visitor *v = g_new0(Visitor, 1);

    *v = (Visitor) {
        .type = VISITOR_CLONE,
        .start_struct = qapi_clone_start_struct,
        .end_struct = qapi_clone_end_struct,
        .start_list = qapi_clone_start_list,
        .next_list = qapi_clone_next_list,
        .end_list = qapi_clone_end_list,
        .start_alternate = qapi_clone_start_alternate,
        .type_int64 = qapi_clone_type_int64,
        .type_uint64 = qapi_clone_type_uint64,
        .type_bool = qapi_clone_type_bool,
        .type_str = qapi_clone_type_str,
        .type_number = qapi_clone_type_number,
        .type_any = qapi_clone_type_any,
        .type_null = qapi_clone_type_null,
        .free = qapi_clone_free,
    };
    return v;
}

void *qapi_clone(const void *src,
                 bool (*visit_type)(Visitor *, const char *, void **,
                                    Error **))
{
    void *dst = (void *)src;    /* the walk replaces it with the copy */
    g_autoptr(Visitor) v = NULL;

    if (!src) {
        return NULL;
    }
    v = qapi_clone_visitor_new();
    visit_type(v, NULL, &dst, &error_abort);
    return dst;
}
