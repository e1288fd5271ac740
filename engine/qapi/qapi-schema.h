/* QAPI schema model: a checked schema, ready for the code generators.
 *
 * qapi_schema_load() parses a schema (qapi-parser.h), checks every rule of
 * the QAPI schema language, and builds one entity per definition:
 *
 *   built-in types   str, number, int, int8..int64, uint8..uint64, size,
 *                    bool, any, null (and QType, a built-in enum); they
 *                    exist before the user's schema, in module "./builtin"
 *   enum             values with their C constants
 *   object           struct or union: base, local and flattened members,
 *                    union variants; also the implicit object types:
 *                      q_empty              the empty object
 *                      q_obj_CMD-arg        a command's inline 'data'
 *                      q_obj_EVENT-arg      an event's inline 'data'
 *                      q_obj_UNION-base     a union's inline 'base'
 *                      <Camel>Properties    a qom-type's inline properties
 *   alternate        branches told apart by JSON type
 *   array            'FooList' for ['Foo'], made where first used (the
 *                    built-in ones up front)
 *   command, event
 *   qom-type         Quern's extension: a QOM type and its properties
 *
 * Entities come in definition order: built-ins first, then each
 * definition, an implicit or array type just before the first definition
 * that needs it. Every entity belongs to a module (the file it is in).
 *
 * Names: types, commands and events share one namespace. qom-types have a
 * namespace of their own: they are QOM's type names ("virtio-rng-device",
 * "riscv.hart_array"), spelled by QOM's rules and used where a QOM type
 * name is expected (-device, object-add), never where a QAPI type is. Two
 * qom-types still may not map to the same C name. A qom-type's implicit
 * <Camel>Properties struct lives in the type namespace, like any struct.
 *
 * The QOM extension, written like the other definitions:
 *
 *   { 'qom-type': 'virtio-rng-device', 'parent': 'virtio-device',
 *     '*abstract': BOOL, '*user-creatable': BOOL,
 *     '*properties': MEMBERS | 'StructName', '*if': COND,
 *     '*features': FEATURES }
 *
 * 'parent' names another qom-type; only 'object', the root, has none. A
 * type is not user-creatable unless it says so (an abstract one may not).
 * Properties are struct members: a mandatory one ('name') must be set
 * before the object is realized, an optional one ('*name') may be left
 * out. The long form takes 'default' (a value of the member's type,
 * checked against it: an integer in range, a string, a boolean, an enum
 * value's name, a list of those) on optional properties, and the
 * 'runtime' feature marks a property that may change on a running
 * machine; both are for qom-type properties only (inline, or in the
 * struct 'properties' names). A qom-type lists only the properties it
 * adds; it inherits its ancestors', and may not redeclare one.
 *
 * Documentation: a doc comment must name the definition right after it.
 * With pragma 'doc-required' true, every definition needs one. Its doc
 * must also describe every member, enum value, alternate branch, property
 * and feature when the schema uses pragma 'documentation-exceptions' (QEMU
 * 9.0's rule, which came with that pragma; the members of the definitions
 * it lists are spared), and always for a qom-type. QEMU 7.2's schema
 * requires docs but predates the pragma, and leaves members undescribed.
 * Describing a member or feature that does not exist is always an error.
 * The model links each description to what it describes (QapiMember.doc,
 * QapiFeature.doc, ...).
 *
 * Beyond QEMU (a schema QEMU accepts loads unchanged): includes may form
 * cycles, since each file is read once; integer literals, for 'default'
 * only (a 'number' default is written as an integer; there are no
 * fractions); the qom-type definition and the 'runtime' feature.
 *
 * Ownership: the QapiSchema owns everything reachable from it; pointers
 * it hands out live until qapi_schema_free(). Everything is read-only.
 *
 * Failure: loading stops at the first error and sets one Error,
 * "FILE:LINE:COL: message", pointing at the offending value, key or doc
 * line.
 */
#pragma once

#include <glib.h>
#include <stdbool.h>

#include "error.h"
#include "qapi-doc.h"
#include "qapi-parser.h"
#include "qobject.h"

/* Longest chain of bases, union branches or QOM parents accepted. The
 * deepest real one is under ten; the checks recurse once per link, so the
 * bound keeps a hostile schema from overflowing the C stack. */
#define QAPI_SCHEMA_MAX_CHAIN 256

typedef struct QapiSchema QapiSchema;
typedef struct QapiEntity QapiEntity;
typedef struct QapiObjectType QapiObjectType;

typedef enum QapiEntityKind {
    QAPI_ENTITY_BUILTIN,
    QAPI_ENTITY_ENUM,
    QAPI_ENTITY_OBJECT,
    QAPI_ENTITY_ALTERNATE,
    QAPI_ENTITY_ARRAY,
    QAPI_ENTITY_COMMAND,
    QAPI_ENTITY_EVENT,
    QAPI_ENTITY_QOM_TYPE,
} QapiEntityKind;

/* A condition: 'MACRO', {'all': [..]}, {'any': [..]} or {'not': C}. */
typedef enum QapiIfKind {
    QAPI_IF_MACRO,
    QAPI_IF_ALL,
    QAPI_IF_ANY,
    QAPI_IF_NOT,
} QapiIfKind;

typedef struct QapiIfCond QapiIfCond;
struct QapiIfCond {
    QapiIfKind kind;
    char *macro;            /* MACRO: [A-Z][A-Z0-9_]* */
    GPtrArray *operands;    /* QapiIfCond *: ALL, ANY one or more; NOT one */
};

/* The condition as C preprocessor text: "defined(A) && !defined(B)",
 * "defined(A) && (defined(B) || defined(C))". NULL for NULL (no
 * condition). g_free() it. */
char *qapi_if_cond_to_c(const QapiIfCond *cond);
/* The same for people: "A and not B". */
char *qapi_if_cond_to_doc(const QapiIfCond *cond);

/* Features with meaning to QAPI itself; the rest are only names. */
typedef enum QapiSpecialFeature {
    QAPI_SPECIAL_FEATURE_NONE,
    QAPI_SPECIAL_FEATURE_DEPRECATED,
    QAPI_SPECIAL_FEATURE_UNSTABLE,
    QAPI_SPECIAL_FEATURE_RUNTIME,   /* Quern: QOM property, live-settable */
} QapiSpecialFeature;

typedef struct QapiFeature {
    char *name;
    char *c_name;
    QapiSourceInfo info;
    QapiIfCond *ifcond;             /* NULL: unconditional */
    QapiSpecialFeature special;
    const QapiDocSection *doc;      /* its "@name:" under Features:, or NULL */
} QapiFeature;

bool qapi_feature_is_special(const QapiFeature *feature);
/* The feature called name in features (QapiFeature *), or NULL. */
const QapiFeature *qapi_features_find(const GPtrArray *features,
                                      const char *name);

typedef struct QapiModule {
    char *name;             /* "./builtin", or the file as the schema names
                             * it: the main path, "dir/sub.json" */
    char *basename;         /* file name without directory and extension */
    bool builtin;
    GPtrArray *entities;    /* const QapiEntity *, definition order */
    GPtrArray *includes;    /* const QapiModule *, in include order */
} QapiModule;

/* What every definition has. The kind says which struct embeds it (as
 * its first member, so the pointers convert): */
struct QapiEntity {
    QapiEntityKind kind;
    char *name;
    char *c_name;           /* qapi_c_name(name, true) */
    QapiSourceInfo info;    /* built-ins: file NULL */
    const QapiModule *module;
    const QapiDoc *doc;     /* its doc comment; NULL when it has none
                             * (implicit types: their owner's doc) */
    QapiIfCond *ifcond;     /* NULL: unconditional */
    GPtrArray *features;    /* QapiFeature * */
    bool implicit;          /* made by the schema, not written as a type */
    /* Types only (built-in, enum, object, alternate, array), else NULL: */
    const char *json_type;  /* "string", "number", "int", "boolean",
                             * "null", "object", "array", "value" */
    char *c_type;           /* a variable of the type: "char *", "int8_t",
                             * "MyEnum", "MyStruct *", "strList *" */
};

typedef struct QapiEnumValue {
    char *name;
    char *c_name;           /* qapi_c_name(name, true): a union branch */
    char *c_const;          /* MY_ENUM_VALUE1 */
    QapiSourceInfo info;
    QapiIfCond *ifcond;
    GPtrArray *features;    /* QapiFeature * */
    const QapiDocSection *doc;
} QapiEnumValue;

typedef struct QapiEnumType {
    QapiEntity entity;
    char *prefix;           /* 'prefix' as written, NULL when absent */
    char *c_prefix;         /* what the constants start with: prefix, or
                             * the name in UPPER_CASE (MY_ENUM); the
                             * count is c_prefix + "__MAX" */
    GPtrArray *values;      /* QapiEnumValue *, schema order = C values */
} QapiEnumType;

typedef struct QapiMember {
    char *name;
    char *c_name;
    QapiSourceInfo info;
    const QapiEntity *type;
    bool optional;
    QapiIfCond *ifcond;
    GPtrArray *features;    /* QapiFeature * */
    const QapiObjectType *defined_in;   /* where it is declared */
    QObject *default_value; /* qom-type properties: the 'default', as the
                             * member's type has it (QNum int64 for signed
                             * integer types, uint64 for unsigned and
                             * size, double for number; QString for str
                             * and enums; QBool; QList for arrays), else
                             * NULL */
    const QapiDocSection *doc;
    /* private */
    const QapiNode *type_node_;
    const QapiNode *default_node_;
} QapiMember;

/* A union branch or an alternate branch. */
typedef struct QapiVariant {
    char *name;             /* union: an enum value; alternate: free */
    char *c_name;
    QapiSourceInfo info;
    const QapiEntity *type; /* union: a struct or union (or q_empty);
                             * alternate: a type qapi_type_alternate_qtype()
                             * gives a QType */
    QapiIfCond *ifcond;
    bool implicit;          /* union branch the schema left out: q_empty */
    const QapiDocSection *doc;  /* alternates: the branch's "@name:" */
    /* private */
    const QapiNode *type_node_;
} QapiVariant;

struct QapiObjectType {
    QapiEntity entity;
    const QapiObjectType *base;     /* NULL when none */
    GPtrArray *local_members;       /* QapiMember * declared here */
    GPtrArray *members;             /* QapiMember *: the base's members
                                     * (flattened), then local_members */
    /* Unions only; a struct has NULL for both. */
    const QapiMember *tag_member;   /* the discriminator, in members */
    GPtrArray *variants;            /* QapiVariant *: the branches written
                                     * in the schema, then the implicit
                                     * ones in enum order */
    /* private */
    const QapiNode *base_node_;
    const QapiNode *discriminator_node_;
    char *describe_;        /* implicit: "the arguments of command 'x'" */
    const char *member_role_;   /* "member", "argument", "property" */
    char *owner_;           /* implicit: "command 'x'" */
    GPtrArray *all_members_;    /* with every branch's, for clash checks */
    int check_state_;
};

typedef struct QapiAlternateType {
    QapiEntity entity;
    GPtrArray *variants;            /* QapiVariant * */
} QapiAlternateType;

typedef struct QapiArrayType {
    QapiEntity entity;
    const QapiEntity *element_type;
    /* private */
    char *element_name_;
} QapiArrayType;

typedef struct QapiCommand {
    QapiEntity entity;
    const QapiObjectType *arg_type; /* NULL: takes no arguments */
    const QapiEntity *ret_type;     /* NULL: returns {} */
    bool boxed;                     /* handler takes arg_type whole */
    bool gen;                       /* false: marshaller is hand-written */
    bool success_response;          /* false: no reply on success */
    bool allow_oob;
    bool allow_preconfig;
    bool coroutine;
    /* private */
    const QapiNode *data_node_;
    const QapiNode *returns_node_;
} QapiCommand;

typedef struct QapiEvent {
    QapiEntity entity;
    const QapiObjectType *arg_type; /* NULL: no data */
    bool boxed;
    /* private */
    const QapiNode *data_node_;
} QapiEvent;

typedef struct QapiQomType {
    QapiEntity entity;
    const struct QapiQomType *parent;   /* NULL only for 'object' */
    bool abstract;
    bool user_creatable;
    /* The properties this type adds (props->members; each may carry a
     * default_value and the 'runtime' feature). NULL when it adds none. */
    const QapiObjectType *props;
    /* private */
    const QapiNode *parent_node_;
    const QapiNode *props_node_;
    int check_state_;
} QapiQomType;

/* Loading */

QapiSchema *qapi_schema_load(const char *path, Error **errp);
/* From memory, for tests and fuzzing; files as qapi_parser_parse_memory(). */
QapiSchema *qapi_schema_load_memory(const char *main, GHashTable *files,
                                    Error **errp);
void qapi_schema_free(QapiSchema *schema);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(QapiSchema, qapi_schema_free)

/* Walking and looking up */

/* QapiEntity *, definition order. */
const GPtrArray *qapi_schema_get_entities(const QapiSchema *schema);
/* QapiModule *: "./builtin", then the main file, then the others in order
 * of first inclusion. */
const GPtrArray *qapi_schema_get_modules(const QapiSchema *schema);
/* QapiDoc *: every doc comment, free-form ones included, source order
 * (includes spliced in), for the documentation generator. */
const GPtrArray *qapi_schema_get_docs(const QapiSchema *schema);

/* An iterator over entities, optionally of one kind:
 *     QapiSchemaIter it;
 *     qapi_schema_iter_init(&it, schema, QAPI_SCHEMA_ITER_ALL);
 *     for (const QapiEntity *e; (e = qapi_schema_iter_next(&it)); ) */
#define QAPI_SCHEMA_ITER_ALL (-1)
typedef struct QapiSchemaIter {
    const GPtrArray *entities;
    guint next;
    int kind;
} QapiSchemaIter;
void qapi_schema_iter_init(QapiSchemaIter *it, const QapiSchema *schema,
                           int kind);
void qapi_module_iter_init(QapiSchemaIter *it, const QapiModule *module,
                           int kind);
const QapiEntity *qapi_schema_iter_next(QapiSchemaIter *it);

/* A type, command or event by name; NULL when there is none. */
const QapiEntity *qapi_schema_lookup(const QapiSchema *schema,
                                     const char *name);
/* The same, but only types. */
const QapiEntity *qapi_schema_lookup_type(const QapiSchema *schema,
                                          const char *name);
const QapiQomType *qapi_schema_lookup_qom_type(const QapiSchema *schema,
                                               const char *name);
const QapiModule *qapi_schema_lookup_module(const QapiSchema *schema,
                                            const char *name);

/* Entities */

/* "enum", "object", "command", ... (introspection's meta-type names, plus
 * "qom-type"). */
const char *qapi_entity_kind_name(QapiEntityKind kind);
/* How messages name it: "struct 'Foo'", "union 'Bar'", "command 'baz'",
 * "the arguments of command 'baz'", "built-in type 'str'". g_free() it. */
char *qapi_entity_describe(const QapiEntity *entity);
bool qapi_entity_is_type(const QapiEntity *entity);

/* Checked downcasts: NULL when entity is NULL or of another kind. */
const QapiEnumType *qapi_entity_as_enum(const QapiEntity *entity);
const QapiObjectType *qapi_entity_as_object(const QapiEntity *entity);
const QapiAlternateType *qapi_entity_as_alternate(const QapiEntity *entity);
const QapiArrayType *qapi_entity_as_array(const QapiEntity *entity);
const QapiCommand *qapi_entity_as_command(const QapiEntity *entity);
const QapiEvent *qapi_entity_as_event(const QapiEntity *entity);
const QapiQomType *qapi_entity_as_qom_type(const QapiEntity *entity);

/* Upcast: QAPI_ENTITY(obj) for any of the entity structs. */
#define QAPI_ENTITY(x) _Generic((x),                                      \
    QapiEntity *: (const QapiEntity *)(x),                                \
    const QapiEntity *: (const QapiEntity *)(x),                          \
    QapiEnumType *: (const QapiEntity *)(x),                              \
    const QapiEnumType *: (const QapiEntity *)(x),                        \
    QapiObjectType *: (const QapiEntity *)(x),                            \
    const QapiObjectType *: (const QapiEntity *)(x),                      \
    QapiAlternateType *: (const QapiEntity *)(x),                         \
    const QapiAlternateType *: (const QapiEntity *)(x),                   \
    QapiArrayType *: (const QapiEntity *)(x),                             \
    const QapiArrayType *: (const QapiEntity *)(x),                       \
    QapiCommand *: (const QapiEntity *)(x),                               \
    const QapiCommand *: (const QapiEntity *)(x),                         \
    QapiEvent *: (const QapiEntity *)(x),                                 \
    const QapiEvent *: (const QapiEntity *)(x),                           \
    QapiQomType *: (const QapiEntity *)(x),                               \
    const QapiQomType *: (const QapiEntity *)(x))

/* The QType an alternate uses to pick this branch type: QTYPE_QSTRING
 * for str and enums, QTYPE_QNUM for numbers, QTYPE_QBOOL, QTYPE_QNULL,
 * QTYPE_QDICT for objects, QTYPE_QLIST for arrays; QTYPE_NONE for what
 * cannot be a branch (any, alternates, commands, ...). */
QType qapi_type_alternate_qtype(const QapiEntity *type);

bool qapi_object_is_union(const QapiObjectType *obj);
/* The member of that name among obj->members, or NULL. */
const QapiMember *qapi_object_find_member(const QapiObjectType *obj,
                                          const char *name);
/* Whether any of obj->members has an 'if'. */
bool qapi_object_has_conditional_members(const QapiObjectType *obj);

/* The qom-type's properties and all its ancestors', root first
 * (QapiMember *); free the array with g_ptr_array_unref(). */
GPtrArray *qapi_qom_type_all_properties(const QapiQomType *qom);

/* C names */

/* A name as a C identifier: every character but letters, digits and '_'
 * becomes '_'; with protect, a C or C++ keyword, a name that collides
 * with a common macro (unix, linux, errno, ...) or one that starts with a
 * digit gets a "q_" prefix ("default" -> "q_default"). */
char *qapi_c_name(const char *name, bool protect);
/* CamelCase to UPPER_CASE, QEMU's way, for enum prefixes: "EnumOne" ->
 * "ENUM_ONE", "IOThreadInfo" -> "IO_THREAD_INFO", "X86CPURegister32" ->
 * "X86_CPU_REGISTER32", "QType" -> "Q_TYPE" (hence QType's 'prefix'). */
char *qapi_camel_to_upper(const char *name);
