/* QAPI schema model: the entities, lookups, C names, conditions, loading.
 * See qapi-schema.h; how entities are built from expressions is in
 * qapi-schema-define.c, the checks in qapi-schema-expr.c and
 * qapi-schema-check.c. */
#include "qapi-schema-internal.h"

#include <string.h>

/* C names */

/* Words a generated identifier must not be: the keywords of C89, C99 and
 * C11, GCC's extensions, C++ (headers are included from C++ too) with its
 * alternative operator spellings, and names common system headers define
 * as macros. */
static const char *const c_reserved_words[] = {
    /* C89 */
    "auto", "break", "case", "char", "const", "continue", "default", "do",
    "double", "else", "enum", "extern", "float", "for", "goto", "if", "int",
    "long", "register", "return", "short", "signed", "sizeof", "static",
    "struct", "switch", "typedef", "union", "unsigned", "void", "volatile",
    "while",
    /* C99, C11 */
    "inline", "restrict", "_Bool", "_Complex", "_Imaginary", "_Alignas",
    "_Alignof", "_Atomic", "_Generic", "_Noreturn", "_Static_assert",
    "_Thread_local",
    /* GCC */
    "asm", "typeof",
    /* C++ */
    "bool", "catch", "class", "const_cast", "delete", "dynamic_cast",
    "explicit", "false", "friend", "mutable", "namespace", "new", "operator",
    "private", "protected", "public", "reinterpret_cast", "static_cast",
    "template", "this", "throw", "true", "try", "typeid", "typename", "using",
    "virtual", "wchar_t", "and", "and_eq", "bitand", "bitor", "compl", "not",
    "not_eq", "or", "or_eq", "xor", "xor_eq",
    /* macros of common headers */
    "unix", "errno", "mips", "sparc", "i386", "linux",
};

char *qapi_c_name(const char *name, bool protect)
{
    char *c = g_strdup(name);

    for (char *p = c; *p; p++) {
        if (!g_ascii_isalnum(*p) && *p != '_') {
            *p = '_';
        }
    }
    if (!protect) {
        return c;
    }
    if (g_ascii_isdigit(c[0])) {
        goto prefix;
    }
    for (size_t i = 0; i < G_N_ELEMENTS(c_reserved_words); i++) {
        if (strcmp(c, c_reserved_words[i]) == 0) {
            goto prefix;
        }
    }
    return c;
prefix:
    {
        char *q = g_strconcat("q_", c, NULL);

        g_free(c);
        return q;
    }
}

/* Works on the C name. A '_' goes before an upper-case letter that has
 * no '_' before it and either a lower-case letter after it ("BlockDev" ->
 * "BLOCK_DEV", "CPURegister" -> "CPU_REGISTER") or a digit before it
 * ("X86CPU" -> "X86_CPU"). A name without lower-case letters stays as it
 * is. Leading '_' (of a downstream "__RFQDN_" prefix) go. */
char *qapi_camel_to_upper(const char *name)
{
    g_autofree char *c = qapi_c_name(name, false);
    g_autoptr(GString) out = g_string_new(NULL);
    bool has_upper = false, has_lower = false;
    const char *start;

    for (const char *p = name; *p; p++) {
        has_upper |= g_ascii_isupper(*p);
        has_lower |= g_ascii_islower(*p);
    }
    if (has_upper && !has_lower) {
        return g_steal_pointer(&c);
    }
    for (size_t i = 0; c[i]; i++) {
        if (i > 0 && g_ascii_isupper(c[i]) && c[i - 1] != '_' &&
            (g_ascii_islower(c[i + 1]) || g_ascii_isdigit(c[i - 1]))) {
            g_string_append_c(out, '_');
        }
        g_string_append_c(out, g_ascii_toupper(c[i]));
    }
    for (start = out->str; *start == '_'; start++) {
        /* skip */
    }
    return g_strdup(start);
}

/* Conditions */

void qapi_if_cond_free(QapiIfCond *cond)
{
    if (!cond) {
        return;
    }
    g_free(cond->macro);
    if (cond->operands) {
        g_ptr_array_unref(cond->operands);
    }
    g_free(cond);
}

static QapiIfCond *if_cond_new(QapiIfKind kind)
{
    QapiIfCond *cond = g_new0(QapiIfCond, 1);

    cond->kind = kind;
    if (kind != QAPI_IF_MACRO) {
        cond->operands = g_ptr_array_new_with_free_func(
            (GDestroyNotify)qapi_if_cond_free);
    }
    return cond;
}

QapiIfCond *qapi_if_cond_from_node(const QapiNode *node)
{
    QapiIfCond *cond;
    const QapiNodeEntry *op;

    if (!node) {
        return NULL;
    }
    if (node->kind == QAPI_NODE_STRING) {
        cond = if_cond_new(QAPI_IF_MACRO);
        cond->macro = g_strdup(node->u.str);
        return cond;
    }
    op = qapi_node_dict_entry(node, 0);
    if (strcmp(op->key, "not") == 0) {
        cond = if_cond_new(QAPI_IF_NOT);
        g_ptr_array_add(cond->operands, qapi_if_cond_from_node(op->value));
        return cond;
    }
    cond = if_cond_new(strcmp(op->key, "all") == 0 ? QAPI_IF_ALL
                                                   : QAPI_IF_ANY);
    for (size_t i = 0; i < qapi_node_list_size(op->value); i++) {
        g_ptr_array_add(cond->operands,
                        qapi_if_cond_from_node(
                            qapi_node_list_entry(op->value, i)));
    }
    return cond;
}

QapiIfCond *qapi_if_cond_copy(const QapiIfCond *cond)
{
    QapiIfCond *copy;

    if (!cond) {
        return NULL;
    }
    copy = if_cond_new(cond->kind);
    copy->macro = g_strdup(cond->macro);
    for (guint i = 0; cond->operands && i < cond->operands->len; i++) {
        g_ptr_array_add(copy->operands,
                        qapi_if_cond_copy(g_ptr_array_index(cond->operands,
                                                            i)));
    }
    return copy;
}

typedef struct IfSyntax {
    const char *macro_fmt;
    const char *not_prefix;
    const char *and_op;
    const char *or_op;
} IfSyntax;

/* An operand of an operator gets parentheses unless it is a macro or a
 * negation (which bind tighter than && and ||). */
static void if_cond_print(GString *out, const QapiIfCond *cond,
                          const IfSyntax *syn, bool nested)
{
    const char *op;

    switch (cond->kind) {
    case QAPI_IF_MACRO:
        g_string_append_printf(out, syn->macro_fmt, cond->macro);
        return;
    case QAPI_IF_NOT:
        g_string_append(out, syn->not_prefix);
        if_cond_print(out, g_ptr_array_index(cond->operands, 0), syn, true);
        return;
    case QAPI_IF_ALL:
    case QAPI_IF_ANY:
        op = cond->kind == QAPI_IF_ALL ? syn->and_op : syn->or_op;
        if (nested) {
            g_string_append_c(out, '(');
        }
        for (guint i = 0; i < cond->operands->len; i++) {
            if (i) {
                g_string_append(out, op);
            }
            if_cond_print(out, g_ptr_array_index(cond->operands, i), syn,
                          true);
        }
        if (nested) {
            g_string_append_c(out, ')');
        }
        return;
    }
}

char *qapi_if_cond_to_c(const QapiIfCond *cond)
{
    static const IfSyntax c = { "defined(%s)", "!", " && ", " || " };
    GString *out;

    if (!cond) {
        return NULL;
    }
    out = g_string_new(NULL);
    if_cond_print(out, cond, &c, false);
    return g_string_free(out, FALSE);
}

char *qapi_if_cond_to_doc(const QapiIfCond *cond)
{
    static const IfSyntax doc = { "%s", "not ", " and ", " or " };
    GString *out;

    if (!cond) {
        return NULL;
    }
    out = g_string_new(NULL);
    if_cond_print(out, cond, &doc, false);
    return g_string_free(out, FALSE);
}

/* Features */

void qapi_feature_free(gpointer p)
{
    QapiFeature *f = p;

    g_free(f->name);
    g_free(f->c_name);
    qapi_if_cond_free(f->ifcond);
    g_free(f);
}

bool qapi_feature_is_special(const QapiFeature *feature)
{
    return feature->special != QAPI_SPECIAL_FEATURE_NONE;
}

const QapiFeature *qapi_features_find(const GPtrArray *features,
                                      const char *name)
{
    for (guint i = 0; features && i < features->len; i++) {
        const QapiFeature *f = g_ptr_array_index(features, i);

        if (strcmp(f->name, name) == 0) {
            return f;
        }
    }
    return NULL;
}

/* Entities */

void qapi_enum_value_free(gpointer p)
{
    QapiEnumValue *v = p;

    g_free(v->name);
    g_free(v->c_name);
    g_free(v->c_const);
    qapi_if_cond_free(v->ifcond);
    g_ptr_array_unref(v->features);
    g_free(v);
}

void qapi_member_free(gpointer p)
{
    QapiMember *m = p;

    g_free(m->name);
    g_free(m->c_name);
    qapi_if_cond_free(m->ifcond);
    g_ptr_array_unref(m->features);
    qobject_unref(m->default_value);
    g_free(m);
}

void qapi_variant_free(gpointer p)
{
    QapiVariant *v = p;

    g_free(v->name);
    g_free(v->c_name);
    qapi_if_cond_free(v->ifcond);
    g_free(v);
}

void qapi_entity_free(gpointer p)
{
    QapiEntity *e = p;

    switch (e->kind) {
    case QAPI_ENTITY_ENUM: {
        QapiEnumType *en = (QapiEnumType *)e;

        g_free(en->prefix);
        g_free(en->c_prefix);
        g_ptr_array_unref(en->values);
        break;
    }
    case QAPI_ENTITY_OBJECT: {
        QapiObjectType *o = (QapiObjectType *)e;

        g_ptr_array_unref(o->local_members);
        if (o->members) {
            g_ptr_array_unref(o->members);
        }
        if (o->variants) {
            g_ptr_array_unref(o->variants);
        }
        if (o->all_members_) {
            g_ptr_array_unref(o->all_members_);
        }
        g_free(o->describe_);
        g_free(o->owner_);
        break;
    }
    case QAPI_ENTITY_ALTERNATE:
        g_ptr_array_unref(((QapiAlternateType *)e)->variants);
        break;
    case QAPI_ENTITY_ARRAY:
        g_free(((QapiArrayType *)e)->element_name_);
        break;
    case QAPI_ENTITY_BUILTIN:
    case QAPI_ENTITY_COMMAND:
    case QAPI_ENTITY_EVENT:
    case QAPI_ENTITY_QOM_TYPE:
        break;
    }
    g_free(e->name);
    g_free(e->c_name);
    qapi_if_cond_free(e->ifcond);
    g_ptr_array_unref(e->features);
    g_free(e->c_type);
    g_free(e);
}


const char *qapi_entity_kind_name(QapiEntityKind kind)
{
    static const char *const names[] = {
        [QAPI_ENTITY_BUILTIN] = "builtin",
        [QAPI_ENTITY_ENUM] = "enum",
        [QAPI_ENTITY_OBJECT] = "object",
        [QAPI_ENTITY_ALTERNATE] = "alternate",
        [QAPI_ENTITY_ARRAY] = "array",
        [QAPI_ENTITY_COMMAND] = "command",
        [QAPI_ENTITY_EVENT] = "event",
        [QAPI_ENTITY_QOM_TYPE] = "qom-type",
    };

    g_assert((size_t)kind < G_N_ELEMENTS(names));
    return names[kind];
}

/* The word for the entity in messages, and its article. */
static const char *entity_word(const QapiEntity *e, const char **article)
{
    *article = "a";
    if (!e->info.file && e->kind != QAPI_ENTITY_ARRAY) {
        return "built-in type";
    }
    switch (e->kind) {
    case QAPI_ENTITY_OBJECT:
        return ((const QapiObjectType *)e)->variants ? "union" : "struct";
    case QAPI_ENTITY_ENUM:
        *article = "an";
        return "enum";
    case QAPI_ENTITY_ALTERNATE:
        *article = "an";
        return "alternate";
    case QAPI_ENTITY_ARRAY:
        *article = "an";
        return "array type";
    case QAPI_ENTITY_EVENT:
        *article = "an";
        return "event";
    default:
        return qapi_entity_kind_name(e->kind);
    }
}

char *qapi_entity_describe(const QapiEntity *entity)
{
    const char *article;
    const QapiObjectType *o = qapi_entity_as_object(entity);

    if (o && o->describe_) {
        return g_strdup(o->describe_);
    }
    return g_strdup_printf("%s '%s'", entity_word(entity, &article),
                           entity->name);
}

char *qapi_entity_describe_as(const QapiEntity *entity)
{
    const char *article;
    const char *word;
    const QapiObjectType *o = qapi_entity_as_object(entity);

    if (o && o->describe_) {
        return g_strdup(o->describe_);
    }
    word = entity_word(entity, &article);
    return g_strdup_printf("%s %s", article, word);
}

char *qapi_member_describe(const QapiMember *member)
{
    const QapiObjectType *o = member->defined_in;
    g_autofree char *owner = NULL;

    if (o->owner_) {
        return g_strdup_printf("%s '%s' of %s", o->member_role_,
                               member->name, o->owner_);
    }
    owner = qapi_entity_describe(&o->entity);
    return g_strdup_printf("member '%s' of %s", member->name, owner);
}

bool qapi_entity_is_type(const QapiEntity *entity)
{
    return entity->json_type != NULL;
}

#define DEFINE_AS(fn, type, k)                                              \
    const type *fn(const QapiEntity *entity)                               \
    {                                                                       \
        return entity && entity->kind == (k) ? (const type *)entity : NULL; \
    }

DEFINE_AS(qapi_entity_as_enum, QapiEnumType, QAPI_ENTITY_ENUM)
DEFINE_AS(qapi_entity_as_object, QapiObjectType, QAPI_ENTITY_OBJECT)
DEFINE_AS(qapi_entity_as_alternate, QapiAlternateType, QAPI_ENTITY_ALTERNATE)
DEFINE_AS(qapi_entity_as_array, QapiArrayType, QAPI_ENTITY_ARRAY)
DEFINE_AS(qapi_entity_as_command, QapiCommand, QAPI_ENTITY_COMMAND)
DEFINE_AS(qapi_entity_as_event, QapiEvent, QAPI_ENTITY_EVENT)
DEFINE_AS(qapi_entity_as_qom_type, QapiQomType, QAPI_ENTITY_QOM_TYPE)

QType qapi_type_alternate_qtype(const QapiEntity *type)
{
    static const struct {
        const char *json_type;
        QType qtype;
    } map[] = {
        { "string", QTYPE_QSTRING }, { "number", QTYPE_QNUM },
        { "int", QTYPE_QNUM }, { "boolean", QTYPE_QBOOL },
        { "null", QTYPE_QNULL }, { "object", QTYPE_QDICT },
        { "array", QTYPE_QLIST },
    };

    for (size_t i = 0; type && type->json_type && i < G_N_ELEMENTS(map);
         i++) {
        if (strcmp(type->json_type, map[i].json_type) == 0) {
            return map[i].qtype;
        }
    }
    return QTYPE_NONE;
}

bool qapi_object_is_union(const QapiObjectType *obj)
{
    return obj->variants != NULL;
}

const QapiMember *qapi_object_find_member(const QapiObjectType *obj,
                                          const char *name)
{
    for (guint i = 0; obj->members && i < obj->members->len; i++) {
        const QapiMember *m = g_ptr_array_index(obj->members, i);

        if (strcmp(m->name, name) == 0) {
            return m;
        }
    }
    return NULL;
}

bool qapi_object_has_conditional_members(const QapiObjectType *obj)
{
    for (guint i = 0; obj->members && i < obj->members->len; i++) {
        const QapiMember *m = g_ptr_array_index(obj->members, i);

        if (m->ifcond) {
            return true;
        }
    }
    return false;
}

GPtrArray *qapi_qom_type_all_properties(const QapiQomType *qom)
{
    g_autoptr(GPtrArray) chain = g_ptr_array_new();
    GPtrArray *props = g_ptr_array_new();

    for (const QapiQomType *t = qom; t; t = t->parent) {
        g_ptr_array_add(chain, (gpointer)t);
    }
    for (guint i = chain->len; i-- > 0;) {
        const QapiQomType *t = g_ptr_array_index(chain, i);

        for (guint j = 0; t->props && j < t->props->members->len; j++) {
            g_ptr_array_add(props, g_ptr_array_index(t->props->members, j));
        }
    }
    return props;
}

/* Modules */

void qapi_module_free(gpointer p)
{
    QapiModule *m = p;

    g_free(m->name);
    g_free(m->basename);
    g_ptr_array_unref(m->entities);
    g_ptr_array_unref(m->includes);
    g_free(m);
}

/* The schema */

static QapiSchema *schema_new(QapiParse *parse)
{
    QapiSchema *s = g_new0(QapiSchema, 1);

    s->parse = parse;
    s->entities = g_ptr_array_new_with_free_func(qapi_entity_free);
    s->by_name = g_hash_table_new(g_str_hash, g_str_equal);
    s->qom_by_name = g_hash_table_new(g_str_hash, g_str_equal);
    s->qom_by_c_name = g_hash_table_new(g_str_hash, g_str_equal);
    s->modules = g_ptr_array_new_with_free_func(qapi_module_free);
    s->modules_by_name = g_hash_table_new(g_str_hash, g_str_equal);
    s->qom_props = g_hash_table_new(NULL, NULL);
    s->builtin_module = qapi_schema_add_module(s, "./builtin", true);
    qapi_schema_define_builtins(s);
    return s;
}

void qapi_schema_free(QapiSchema *schema)
{
    if (!schema) {
        return;
    }
    g_hash_table_unref(schema->by_name);
    g_hash_table_unref(schema->qom_by_name);
    g_hash_table_unref(schema->qom_by_c_name);
    g_hash_table_unref(schema->modules_by_name);
    g_hash_table_unref(schema->qom_props);
    g_ptr_array_unref(schema->entities);
    g_ptr_array_unref(schema->modules);
    qapi_parse_free(schema->parse);
    g_free(schema);
}

static QapiSchema *schema_load(QapiParse *parse, Error **errp)
{
    g_autoptr(QapiSchema) schema = NULL;

    if (!parse || !qapi_schema_check_exprs(parse, errp)) {
        qapi_parse_free(parse);
        return NULL;
    }
    schema = schema_new(parse);
    if (!qapi_schema_define(schema, errp) || !qapi_schema_check(schema, errp)) {
        return NULL;
    }
    return g_steal_pointer(&schema);
}

QapiSchema *qapi_schema_load(const char *path, Error **errp)
{
    return schema_load(qapi_parser_parse_file(path, errp), errp);
}

QapiSchema *qapi_schema_load_memory(const char *main, GHashTable *files,
                                    Error **errp)
{
    return schema_load(qapi_parser_parse_memory(main, files, errp), errp);
}

const GPtrArray *qapi_schema_get_entities(const QapiSchema *schema)
{
    return schema->entities;
}

const GPtrArray *qapi_schema_get_modules(const QapiSchema *schema)
{
    return schema->modules;
}

const GPtrArray *qapi_schema_get_docs(const QapiSchema *schema)
{
    return schema->parse->docs;
}

void qapi_schema_iter_init(QapiSchemaIter *it, const QapiSchema *schema,
                           int kind)
{
    *it = (QapiSchemaIter){ .entities = schema->entities, .kind = kind };
}

void qapi_module_iter_init(QapiSchemaIter *it, const QapiModule *module,
                           int kind)
{
    *it = (QapiSchemaIter){ .entities = module->entities, .kind = kind };
}

const QapiEntity *qapi_schema_iter_next(QapiSchemaIter *it)
{
    while (it->next < it->entities->len) {
        const QapiEntity *e = g_ptr_array_index(it->entities, it->next++);

        if (it->kind == QAPI_SCHEMA_ITER_ALL || (int)e->kind == it->kind) {
            return e;
        }
    }
    return NULL;
}

const QapiEntity *qapi_schema_lookup(const QapiSchema *schema,
                                     const char *name)
{
    return g_hash_table_lookup(schema->by_name, name);
}

const QapiEntity *qapi_schema_lookup_type(const QapiSchema *schema,
                                          const char *name)
{
    const QapiEntity *e = qapi_schema_lookup(schema, name);

    return e && qapi_entity_is_type(e) ? e : NULL;
}

const QapiQomType *qapi_schema_lookup_qom_type(const QapiSchema *schema,
                                               const char *name)
{
    return g_hash_table_lookup(schema->qom_by_name, name);
}

const QapiModule *qapi_schema_lookup_module(const QapiSchema *schema,
                                            const char *name)
{
    return g_hash_table_lookup(schema->modules_by_name, name);
}
