/* Dealloc visitor: see dealloc-visitor.h. A struct or alternate is freed at
 * its end, after its members; a list node as the walk steps past it. */
#include "dealloc-visitor.h"
#include "visitor-impl.h"

static bool qapi_dealloc_start_struct(Visitor *v, const char *name,
                                      void **obj, size_t size, Error **errp)
{
    return true;
}

static void qapi_dealloc_end_struct(Visitor *v, void **obj)
{
    /* obj is NULL for a struct embedded in an alternate: nothing to free. */
    if (obj) {
        g_clear_pointer(obj, g_free);
    }
}

static bool qapi_dealloc_start_list(Visitor *v, const char *name,
                                    GenericList **list, size_t size,
                                    Error **errp)
{
    return true;
}

static GenericList *qapi_dealloc_next_list(Visitor *v, GenericList *tail,
                                           size_t size)
{
    GenericList *next = tail->next;

    g_free(tail);
    return next;
}

static void qapi_dealloc_end_list(Visitor *v, void **list)
{
    /* Every node went in next_list; only the caller's head is stale. */
    if (list) {
        *list = NULL;
    }
}

static bool qapi_dealloc_start_alternate(Visitor *v, const char *name,
                                         GenericAlternate **obj, size_t size,
                                         Error **errp)
{
    return true;
}

static void qapi_dealloc_end_alternate(Visitor *v, void **obj)
{
    g_clear_pointer(obj, g_free);
}

static bool qapi_dealloc_type_int64(Visitor *v, const char *name,
                                    int64_t *obj, Error **errp)
{
    return true;
}

static bool qapi_dealloc_type_uint64(Visitor *v, const char *name,
                                     uint64_t *obj, Error **errp)
{
    return true;
}

static bool qapi_dealloc_type_bool(Visitor *v, const char *name, bool *obj,
                                   Error **errp)
{
    return true;
}

static bool qapi_dealloc_type_str(Visitor *v, const char *name, char **obj,
                                  Error **errp)
{
    g_clear_pointer(obj, g_free);
    return true;
}

static bool qapi_dealloc_type_number(Visitor *v, const char *name,
                                     double *obj, Error **errp)
{
    return true;
}

static bool qapi_dealloc_type_any(Visitor *v, const char *name,
                                  QObject **obj, Error **errp)
{
    qobject_unref(*obj);
    *obj = NULL;
    return true;
}

static bool qapi_dealloc_type_null(Visitor *v, const char *name, QNull **obj,
                                   Error **errp)
{
    qobject_unref(*obj);
    *obj = NULL;
    return true;
}

static void qapi_dealloc_free(Visitor *v)
{
    g_free(v);
}

Visitor *qapi_dealloc_visitor_new(void)
{
    Visitor *v = g_new0(Visitor, 1);

    *v = (Visitor) {
        .type = VISITOR_DEALLOC,
        .start_struct = qapi_dealloc_start_struct,
        .end_struct = qapi_dealloc_end_struct,
        .start_list = qapi_dealloc_start_list,
        .next_list = qapi_dealloc_next_list,
        .end_list = qapi_dealloc_end_list,
        .start_alternate = qapi_dealloc_start_alternate,
        .end_alternate = qapi_dealloc_end_alternate,
        .type_int64 = qapi_dealloc_type_int64,
        .type_uint64 = qapi_dealloc_type_uint64,
        .type_bool = qapi_dealloc_type_bool,
        .type_str = qapi_dealloc_type_str,
        .type_number = qapi_dealloc_type_number,
        .type_any = qapi_dealloc_type_any,
        .type_null = qapi_dealloc_type_null,
        .free = qapi_dealloc_free,
    };
    return v;
}
