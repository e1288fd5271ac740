/* QAPI schema model, the parts its three source files share:
 *   qapi-schema.c        the model: lookups, C names, conditions,
 *                        freeing, loading
 *   qapi-schema-define.c building entities from the expressions
 *   qapi-schema-expr.c   checks on each expression as written (keys,
 *                        names, shapes, conditions, features, flags, the
 *                        doc comment's symbol)
 *   qapi-schema-check.c  checks on the entities (types resolved, bases,
 *                        clashes, unions, alternates, commands, events,
 *                        qom-types, property defaults, documentation)
 * Not for use outside them.
 */
#pragma once

#include "qapi-schema.h"

struct QapiSchema {
    QapiParse *parse;           /* keeps nodes and docs alive */
    GPtrArray *entities;        /* QapiEntity *, owned */
    GHashTable *by_name;        /* types, commands, events */
    GHashTable *qom_by_name;
    GHashTable *qom_by_c_name;
    GPtrArray *modules;         /* QapiModule *, owned */
    GHashTable *modules_by_name;
    QapiModule *builtin_module;
    const QapiObjectType *the_empty_object;
    GHashTable *qom_props;      /* set of QapiObjectType * used as some
                                 * qom-type's properties */
};

/* The definition keywords, in the order messages list them. */
extern const char *const qapi_schema_metas[];

/* Which of qapi_schema_metas the definition uses; NULL unless exactly
 * one (the expression checks make sure of that first). */
const char *qapi_schema_expr_meta(const QapiNode *expr);

/* Per-expression checks, before any entity exists. */
bool qapi_schema_check_exprs(const QapiParse *parse, Error **errp);

/* Builds the entities for each expression; duplicates fail here. */
bool qapi_schema_define(QapiSchema *schema, Error **errp);
/* The built-in types, q_empty and QType, in module "./builtin". */
void qapi_schema_define_builtins(QapiSchema *schema);
QapiModule *qapi_schema_add_module(QapiSchema *schema, const char *name,
                                   bool builtin);

/* Destructors for the model's pieces (GDestroyNotify-shaped). */
void qapi_entity_free(gpointer entity);
void qapi_feature_free(gpointer feature);
void qapi_enum_value_free(gpointer value);
void qapi_member_free(gpointer member);
void qapi_variant_free(gpointer variant);
void qapi_module_free(gpointer module);

/* The checks on the whole model; types resolve here. */
bool qapi_schema_check(QapiSchema *schema, Error **errp);

/* Helpers the builder and the checks share. */
QapiIfCond *qapi_if_cond_from_node(const QapiNode *node);
QapiIfCond *qapi_if_cond_copy(const QapiIfCond *cond);
void qapi_if_cond_free(QapiIfCond *cond);

/* "member 'x' of struct 'S'", "argument 'x' of command 'c'",
 * "property 'x' of qom-type 'q'". g_free() it. */
char *qapi_member_describe(const QapiMember *member);
/* "a struct", "an enum", "the arguments of command 'c'": how a duplicate
 * definition names the first one. g_free() it. */
char *qapi_entity_describe_as(const QapiEntity *entity);

/* The member or feature's 'type' or 'name' in either form: 'x' or
 * {'type': 'x', ...} / {'name': 'x', ...}. */
const QapiNode *qapi_node_long_form(const QapiNode *value, const char *key);
