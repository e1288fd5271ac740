/* The contract between visitor.c and the concrete visitors: a visitor is a
 * struct that embeds Visitor first and fills in these callbacks. Only visitor
 * implementations include this header. A callback left NULL means the
 * visitor does not support that visit (asserted), except where noted. */
#pragma once

#include "visitor.h"

struct Visitor {
    VisitorType type;

    bool (*start_struct)(Visitor *v, const char *name, void **obj,
                         size_t size, Error **errp);
    bool (*check_struct)(Visitor *v, Error **errp);          /* may be NULL */
    void (*end_struct)(Visitor *v, void **obj);

    bool (*start_list)(Visitor *v, const char *name, GenericList **list,
                       size_t size, Error **errp);
    GenericList *(*next_list)(Visitor *v, GenericList *tail, size_t size);
    bool (*check_list)(Visitor *v, Error **errp);            /* may be NULL */
    void (*end_list)(Visitor *v, void **list);

    bool (*start_alternate)(Visitor *v, const char *name,
                            GenericAlternate **obj, size_t size,
                            Error **errp);                   /* may be NULL */
    void (*end_alternate)(Visitor *v, void **obj);           /* may be NULL */

    bool (*type_int64)(Visitor *v, const char *name, int64_t *obj,
                       Error **errp);
    bool (*type_uint64)(Visitor *v, const char *name, uint64_t *obj,
                        Error **errp);
    /* NULL: sizes travel as uint64. */
    bool (*type_size)(Visitor *v, const char *name, uint64_t *obj,
                      Error **errp);
    bool (*type_bool)(Visitor *v, const char *name, bool *obj, Error **errp);
    bool (*type_str)(Visitor *v, const char *name, char **obj, Error **errp);
    bool (*type_number)(Visitor *v, const char *name, double *obj,
                        Error **errp);
    bool (*type_any)(Visitor *v, const char *name, QObject **obj,
                     Error **errp);
    bool (*type_null)(Visitor *v, const char *name, QNull **obj,
                      Error **errp);

    /* NULL: every optional member counts as present (output visitors leave
     * *present as the caller set it). */
    void (*optional)(Visitor *v, const char *name, bool *present);

    /* The full path of member `name` of the value being visited, for
     * error messages: "cpus[2].id"; NULL when there is no name at all (an
     * unnamed top-level value). g_free() it. May be NULL: the path is
     * `name` itself. */
    char *(*get_path)(Visitor *v, const char *name);

    /* May be NULL: an enum then travels as its name through type_str. Set
     * by an output visitor that shows enum names unlike strings (the human
     * string output quotes strings but not enum names). */
    bool (*type_enum_name)(Visitor *v, const char *name, const char *value,
                           Error **errp);

    void (*complete)(Visitor *v, void *result);              /* may be NULL */
    void (*free)(Visitor *v);
};
