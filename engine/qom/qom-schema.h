/* QOM types as the QAPI schema declares them: the tables qapi-gen writes
 * (PREFIXqapi-qom.c), the registry they land in, and what generated
 * property code shares.
 *
 * Every user-visible QOM type and property is declared once, in the
 * schema ({ 'qom-type': ... }, see qapi-schema.h). qapi-gen turns each one
 * into a QomSchemaType: its parent, whether it is abstract or
 * user-creatable, a one-line description, and its own properties with their
 * QAPI type, default (as JSON), description and whether they are runtime.
 * That answers qom-list-types, qom-list-properties and `-device foo,help`
 * without creating an object, and even for a type whose class was never
 * built. The same generated file registers the class properties (see the
 * generated header for how a type's class_init calls it), so the class and
 * the table cannot disagree; qom_schema_check_classes() proves it for the
 * C types a program registers.
 *
 * Ownership: the tables are static data in the generated code; everything
 * this header hands out is lent forever. The registry is a process global
 * like QOM's type table: filled by constructors before main (one
 * qom_schema_register() per generated file), read-only afterwards.
 *
 * Failures: registering a type twice with a different declaration is a bug
 * (two schemas in one program disagree) and aborts, naming the type. The
 * root "object", which every schema declares, may repeat.
 * qom_schema_check_classes() reports the first mismatch in one line.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "object-freeze.h"
#include "object-property.h"

typedef struct QomSchemaProperty {
    const char *name;
    /* The QAPI type: "str", "bool", "uint32", "size", "number", an enum's
     * or struct's name, "[str]" for a list of str. It is also the QOM
     * property's type. */
    const char *type;
    /* The schema's 'default' as compact JSON ("65536", "\"fast\"",
     * "[\"a\",\"b\"]"); NULL when there is none. */
    const char *default_json;
    const char *description;        /* one line; NULL when undocumented */
    bool mandatory;                 /* must be set before the object is used */
    bool runtime;                   /* may change while it is in use */
    bool deprecated;
    bool unstable;
} QomSchemaProperty;

typedef struct QomSchemaType {
    const char *name;
    const char *parent;             /* NULL for the root, "object" */
    bool abstract;
    bool user_creatable;
    bool deprecated;
    bool unstable;
    const char *description;        /* one line; NULL when undocumented */
    /* The properties the type adds, in schema order; the inherited ones
     * are its ancestors'. */
    const QomSchemaProperty *properties;
    size_t n_properties;
} QomSchemaType;

/* Adds a generated table to the registry (the generated file does this
 * before main). */
void qom_schema_register(const QomSchemaType *types, size_t n_types);

/* The type called name, NULL when no schema declares it. */
const QomSchemaType *qom_schema_find_type(const char *name);
/* Its parent's entry, NULL for the root (or a parent no schema has). */
const QomSchemaType *qom_schema_type_get_parent(const QomSchemaType *type);
/* The property called name that type has, its own or inherited; NULL when
 * it has none. */
const QomSchemaProperty *qom_schema_type_find_property(
    const QomSchemaType *type, const char *name);
/* The same by names, for QMP: NULL when either is unknown. */
const QomSchemaProperty *qom_schema_find_property(const char *type_name,
                                                  const char *name);
/* Every registered type (const QomSchemaType *), in registration order. */
const GPtrArray *qom_schema_get_types(void);

/* For each registered type that some C code registered with QOM too: the
 * class has the schema's parent and abstractness, every property the
 * schema gives it with the schema's type, and no value property the schema
 * does not know (links, children and QOM's own "type" are QOM's business).
 * With require_all, a schema type no C code registers is an error too.
 * The first mismatch, e.g. "property 'x' of QOM type 'y' is not in the
 * schema" or "QOM type 'y' has parent 'a', but the schema says 'b'". */
bool qom_schema_check_classes(bool require_all, Error **errp);

/* For generated code. */

/* offsetof(Instance, field), refused at compile time unless the field is
 * of type Props: what a class_init passes to the generated
 * qom_<type>_class_add_properties(). */
#define QOM_PROPS_OFFSET(Instance, field, Props)                          \
    (offsetof(Instance, field) +                                          \
     0 * sizeof(struct {                                                  \
         _Static_assert(__builtin_types_compatible_p(                     \
                            typeof(((Instance *)0)->field), Props),       \
                        #Instance "." #field " must be a " #Props);       \
         int dummy;                                                       \
     }))

/* Where the property struct sits in obj: the generated accessors keep the
 * offset given at registration in the property's opaque. */
static inline void *qom_schema_props(Object *obj, void *opaque)
{
    return (char *)obj + GPOINTER_TO_SIZE(opaque);
}

/* A getter's refusal for a property with no value to show (an optional
 * struct, alternate or `any` that was never set): "property 'x' of 'y' is
 * not set". Returns false. */
bool qom_schema_error_unset(Object *obj, const char *name, Error **errp);
