/* Clone visitor: deep-copies a QAPI-style value.
 *
 *     Machine *copy = QAPI_CLONE(Machine, orig);
 *
 * gives a new value equal to *orig that shares no memory with it (a
 * QObject member is deep-copied too); free it with qapi_free_Machine().
 * A NULL source gives NULL. Cloning cannot fail.
 *
 * How it works: the walk starts on the source's pointer. Entering a struct,
 * list node or alternate, the clone visitor copies it byte for byte and
 * points the walked pointer at the copy; the walk then replaces each string
 * and QObject inside the copy with a copy of its own. So the clone ends up
 * in the walked pointer and visit_complete() has nothing to do.
 */
#pragma once

#include "visitor.h"

Visitor *qapi_clone_visitor_new(void);

/* For code that holds a visit function as a generic pointer. Calling a
 * visit_type_Foo(Visitor *, const char *, Foo **, Error **) through this
 * type works on every ABI we build for but is not strictly ISO C; prefer
 * QAPI_CLONE, which calls it with its own type. */
void *qapi_clone(const void *src,
                 bool (*visit_type)(Visitor *, const char *, void **,
                                    Error **));

/* A new copy of *src (a `const Type *`), NULL for NULL. Needs
 * visit_type_Type(). */
#define QAPI_CLONE(Type, src)                                                \
    ({                                                                       \
        const Type *qapi_clone_src_ = (src);                                 \
        Type *qapi_clone_dst_ = (Type *)qapi_clone_src_;                     \
        if (qapi_clone_dst_) {                                               \
            Visitor *qapi_clone_v_ = qapi_clone_visitor_new();               \
            visit_type_##Type(qapi_clone_v_, NULL, &qapi_clone_dst_,         \
                              &error_abort);                                 \
            visit_free(qapi_clone_v_);                                       \
        }                                                                    \
        qapi_clone_dst_;                                                     \
    })
