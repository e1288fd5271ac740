/* QAPI schema model: building the entities from the checked expressions
 * (see qapi-schema-internal.h). One entity per definition, plus the
 * implicit object types and the array types they imply, each added where
 * first needed; names are resolved later, by the checks. */
#include "qapi-schema-internal.h"

#include <string.h>

static void entity_unref(QapiEntity *e)
{
    qapi_entity_free(e);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC(QapiEntity, entity_unref)

/* The 'features' of holder (a definition, member or enum value). */
static GPtrArray *features_from_node(const QapiNode *holder)
{
    GPtrArray *features = g_ptr_array_new_with_free_func(qapi_feature_free);
    const QapiNode *list = qapi_node_get(holder, "features");

    for (size_t i = 0; i < qapi_node_list_size(list); i++) {
        const QapiNode *node = qapi_node_list_entry(list, i);
        const QapiNode *name = qapi_node_long_form(node, "name");
        QapiFeature *f = g_new0(QapiFeature, 1);

        f->name = g_strdup(name->u.str);
        f->c_name = qapi_c_name(f->name, true);
        f->info = name->info;
        f->ifcond = qapi_if_cond_from_node(qapi_node_get(node, "if"));
        if (strcmp(f->name, "deprecated") == 0) {
            f->special = QAPI_SPECIAL_FEATURE_DEPRECATED;
        } else if (strcmp(f->name, "unstable") == 0) {
            f->special = QAPI_SPECIAL_FEATURE_UNSTABLE;
        } else if (strcmp(f->name, "runtime") == 0) {
            f->special = QAPI_SPECIAL_FEATURE_RUNTIME;
        }
        g_ptr_array_add(features, f);
    }
    return features;
}

/* Fills in what every entity has; takes ifcond and features (NULL: no
 * features). */
static void entity_init(QapiEntity *e, QapiEntityKind kind, const char *name,
                        const QapiSourceInfo *info, const QapiModule *module,
                        QapiIfCond *ifcond, GPtrArray *features)
{
    e->kind = kind;
    e->name = g_strdup(name);
    e->c_name = qapi_c_name(name, true);
    e->info = info ? *info : (QapiSourceInfo){ 0 };
    e->module = module;
    e->ifcond = ifcond;
    e->features = features ? features
                           : g_ptr_array_new_with_free_func(qapi_feature_free);
}

QapiModule *qapi_schema_add_module(QapiSchema *s, const char *name,
                                   bool builtin)
{
    QapiModule *m = g_new0(QapiModule, 1);
    g_autofree char *base = g_path_get_basename(name);

    m->name = g_strdup(name);
    if (g_str_has_suffix(base, ".json")) {
        base[strlen(base) - 5] = '\0';
    }
    m->basename = g_strdup(builtin ? "builtin" : base);
    m->builtin = builtin;
    m->entities = g_ptr_array_new();
    m->includes = g_ptr_array_new();
    g_ptr_array_add(s->modules, m);
    g_hash_table_insert(s->modules_by_name, m->name, m);
    return m;
}


/* Adds entity to the schema (which takes it); a name already taken in its
 * namespace is an error. */
static bool schema_add(QapiSchema *s, QapiEntity *e, Error **errp)
{
    g_autoptr(QapiEntity) owned = e;
    GHashTable *table = e->kind == QAPI_ENTITY_QOM_TYPE ? s->qom_by_name
                                                        : s->by_name;
    const QapiEntity *other = g_hash_table_lookup(table, e->name);

    if (other) {
        g_autofree char *as = qapi_entity_describe_as(other);
        g_autofree char *where = qapi_source_info_format(&other->info);
        const QapiObjectType *o = qapi_entity_as_object(e);

        if (o && o->describe_) {
            qapi_error_at(errp, &e->info, "'%s', %s, is already defined, as "
                          "%s%s%s", e->name, o->describe_, as,
                          other->info.file ? " at " : "",
                          other->info.file ? where : "");
        } else {
            qapi_error_at(errp, &e->info, "'%s' is already defined, as %s%s%s",
                          e->name, as, other->info.file ? " at " : "",
                          other->info.file ? where : "");
        }
        return false;
    }
    if (e->kind == QAPI_ENTITY_QOM_TYPE) {
        /* Generated C identifiers derive from the C name. */
        other = g_hash_table_lookup(s->qom_by_c_name, e->c_name);
        if (other) {
            g_autofree char *where = qapi_source_info_format(&other->info);

            qapi_error_at(errp, &e->info, "qom-type '%s' has the same C name "
                          "'%s' as qom-type '%s' at %s", e->name, e->c_name,
                          other->name, where);
            return false;
        }
        g_hash_table_insert(s->qom_by_c_name, e->c_name, e);
    }
    g_hash_table_insert(table, e->name, e);
    g_ptr_array_add(s->entities, g_steal_pointer(&owned));
    g_ptr_array_add(((QapiModule *)e->module)->entities, e);
    return true;
}

/* The array type of element, made on first use: where it is used first
 * decides its module and position. */
static QapiArrayType *array_type_get(QapiSchema *s, const char *element,
                                     const QapiSourceInfo *where,
                                     const QapiModule *module)
{
    g_autofree char *name = g_strconcat(element, "List", NULL);
    QapiArrayType *a = g_hash_table_lookup(s->by_name, name);

    if (a) {
        return a;
    }
    a = g_new0(QapiArrayType, 1);
    entity_init(&a->entity, QAPI_ENTITY_ARRAY, name, where, module, NULL,
                NULL);
    a->entity.implicit = true;
    a->entity.json_type = "array";
    a->entity.c_type = g_strconcat(a->entity.c_name, " *", NULL);
    a->element_name_ = g_strdup(element);
    /* Array names end in 'List', which no definition's may: no clash. */
    schema_add(s, &a->entity, &error_abort);
    return a;
}

/* A type reference ('Name' or ['Name']) as its type's name, making the
 * array type on first use. */
static const char *type_ref_name(QapiSchema *s, const QapiNode *ref,
                                 const QapiSourceInfo *where,
                                 const QapiModule *module)
{
    if (ref->kind == QAPI_NODE_STRING) {
        return ref->u.str;
    }
    return array_type_get(s, qapi_node_list_entry(ref, 0)->u.str, where,
                          module)->entity.name;
}

static void builtin_define(QapiSchema *s, const char *name,
                           const char *json_type, const char *c_type)
{
    QapiEntity *e = g_new0(QapiEntity, 1);

    entity_init(e, QAPI_ENTITY_BUILTIN, name, NULL, s->builtin_module, NULL,
                NULL);
    e->json_type = json_type;
    e->c_type = g_strdup(c_type);
    schema_add(s, e, &error_abort);
    /* Each built-in comes with its array type, so generators emit them
     * once, with the built-ins. */
    array_type_get(s, name, NULL, s->builtin_module)->element_type = e;
}

static QapiEnumValue *enum_value_new(const QapiEnumType *en,
                                     const char *name,
                                     const QapiSourceInfo *info,
                                     QapiIfCond *ifcond, GPtrArray *features)
{
    QapiEnumValue *v = g_new0(QapiEnumValue, 1);
    g_autofree char *c = qapi_c_name(name, false);
    g_autofree char *c_up = g_ascii_strup(c, -1);

    v->name = g_strdup(name);
    v->c_name = qapi_c_name(name, true);
    v->c_const = g_strconcat(en->c_prefix, "_", c_up, NULL);
    v->info = info ? *info : (QapiSourceInfo){ 0 };
    v->ifcond = ifcond;
    v->features = features ? features
                           : g_ptr_array_new_with_free_func(qapi_feature_free);
    return v;
}

static QapiEnumType *enum_new(const char *name, const char *prefix,
                              const QapiSourceInfo *info,
                              const QapiModule *module, QapiIfCond *ifcond,
                              GPtrArray *features)
{
    QapiEnumType *en = g_new0(QapiEnumType, 1);

    entity_init(&en->entity, QAPI_ENTITY_ENUM, name, info, module, ifcond,
                features);
    en->entity.json_type = "string";
    en->entity.c_type = g_strdup(en->entity.c_name);
    en->prefix = g_strdup(prefix);
    en->c_prefix = prefix ? g_strdup(prefix) : qapi_camel_to_upper(name);
    en->values = g_ptr_array_new_with_free_func(qapi_enum_value_free);
    return en;
}

void qapi_schema_define_builtins(QapiSchema *s)
{
    static const struct {
        const char *name, *json_type, *c_type;
    } builtins[] = {
        { "str", "string", "char *" },
        { "number", "number", "double" },
        { "int", "int", "int64_t" },
        { "int8", "int", "int8_t" },
        { "int16", "int", "int16_t" },
        { "int32", "int", "int32_t" },
        { "int64", "int", "int64_t" },
        { "uint8", "int", "uint8_t" },
        { "uint16", "int", "uint16_t" },
        { "uint32", "int", "uint32_t" },
        { "uint64", "int", "uint64_t" },
        { "size", "int", "uint64_t" },
        { "bool", "boolean", "bool" },
        { "any", "value", "QObject *" },
        { "null", "null", "QNull *" },
    };
    static const char *const qtypes[] = {
        "none", "qnull", "qnum", "qstring", "qdict", "qlist", "qbool",
    };
    QapiObjectType *empty = g_new0(QapiObjectType, 1);
    QapiEnumType *qtype;

    for (size_t i = 0; i < G_N_ELEMENTS(builtins); i++) {
        builtin_define(s, builtins[i].name, builtins[i].json_type,
                       builtins[i].c_type);
    }

    entity_init(&empty->entity, QAPI_ENTITY_OBJECT, "q_empty", NULL,
                s->builtin_module, NULL, NULL);
    empty->entity.implicit = true;
    empty->entity.json_type = "object";
    empty->entity.c_type = g_strdup("q_empty *");
    empty->local_members = g_ptr_array_new_with_free_func(qapi_member_free);
    empty->members = g_ptr_array_new();
    empty->check_state_ = 2;
    s->the_empty_object = empty;
    schema_add(s, &empty->entity, &error_abort);

    qtype = enum_new("QType", "QTYPE", NULL, s->builtin_module, NULL, NULL);
    for (size_t i = 0; i < G_N_ELEMENTS(qtypes); i++) {
        g_ptr_array_add(qtype->values,
                        enum_value_new(qtype, qtypes[i], NULL, NULL, NULL));
    }
    schema_add(s, &qtype->entity, &error_abort);
}

static QapiObjectType *object_new(const char *name,
                                  const QapiSourceInfo *info,
                                  const QapiModule *module,
                                  QapiIfCond *ifcond, GPtrArray *features)
{
    QapiObjectType *o = g_new0(QapiObjectType, 1);

    entity_init(&o->entity, QAPI_ENTITY_OBJECT, name, info, module, ifcond,
                features);
    o->entity.json_type = "object";
    o->entity.c_type = g_strconcat(o->entity.c_name, " *", NULL);
    o->local_members = g_ptr_array_new_with_free_func(qapi_member_free);
    return o;
}

/* The members in a MEMBERS dict, declared in o. */
static void members_define(QapiSchema *s, QapiObjectType *o,
                           const QapiNode *dict)
{
    for (size_t i = 0; i < qapi_node_dict_size(dict); i++) {
        const QapiNodeEntry *e = qapi_node_dict_entry(dict, i);
        QapiMember *m = g_new0(QapiMember, 1);

        m->optional = e->key[0] == '*';
        m->name = g_strdup(e->key + m->optional);
        m->c_name = qapi_c_name(m->name, true);
        m->info = e->key_info;
        m->type_node_ = qapi_node_long_form(e->value, "type");
        type_ref_name(s, m->type_node_, &m->type_node_->info,
                                  o->entity.module);
        m->ifcond = qapi_if_cond_from_node(qapi_node_get(e->value, "if"));
        m->features = e->value->kind == QAPI_NODE_DICT ?
            features_from_node(e->value) :
            g_ptr_array_new_with_free_func(qapi_feature_free);
        m->default_node_ = qapi_node_get(e->value, "default");
        m->defined_in = o;
        g_ptr_array_add(o->local_members, m);
    }
}

/* An implicit object type for inline members, NULL when there are none
 * (as QEMU: an empty 'data': {} is no arguments at all). */
static QapiObjectType *implicit_define(QapiSchema *s, const char *name,
                                       const QapiNode *dict,
                                       const QapiEntity *owner_proto,
                                       const char *role,
                                       const char *describe_fmt,
                                       Error **errp)
{
    QapiObjectType *o;
    g_autofree char *owner = NULL;

    if (!qapi_node_dict_size(dict)) {
        return NULL;
    }
    o = object_new(name, &dict->info, owner_proto->module,
                   qapi_if_cond_copy(owner_proto->ifcond), NULL);
    o->entity.implicit = true;
    o->entity.doc = owner_proto->doc;
    o->member_role_ = role;
    owner = g_strdup_printf("%s '%s'",
                            owner_proto->kind == QAPI_ENTITY_OBJECT ? "union"
                            : qapi_entity_kind_name(owner_proto->kind),
                            owner_proto->name);
    o->describe_ = g_strdup_printf(describe_fmt, owner);
    o->owner_ = g_steal_pointer(&owner);
    members_define(s, o, dict);
    if (!schema_add(s, &o->entity, errp)) {
        return NULL;
    }
    return o;
}

static void variants_define(QapiSchema *s, GPtrArray *variants,
                            const QapiNode *data, const QapiModule *module)
{
    for (size_t i = 0; i < qapi_node_dict_size(data); i++) {
        const QapiNodeEntry *e = qapi_node_dict_entry(data, i);
        QapiVariant *v = g_new0(QapiVariant, 1);

        v->name = g_strdup(e->key);
        v->c_name = qapi_c_name(e->key, true);
        v->info = e->key_info;
        v->type_node_ = qapi_node_long_form(e->value, "type");
        type_ref_name(s, v->type_node_, &v->type_node_->info,
                                  module);
        v->ifcond = qapi_if_cond_from_node(qapi_node_get(e->value, "if"));
        g_ptr_array_add(variants, v);
    }
}

/* CamelCase of a QOM name: "virtio-rng-device" -> "VirtioRngDevice". */
static char *qom_camel(const char *name)
{
    g_autoptr(GString) out = g_string_new(NULL);
    bool word_start = true;

    for (const char *p = name; *p; p++) {
        if (*p == '-' || *p == '.' || *p == '_') {
            word_start = true;
            continue;
        }
        g_string_append_c(out, word_start ? g_ascii_toupper(*p) : *p);
        word_start = false;
    }
    return g_string_free(g_steal_pointer(&out), FALSE);
}

/* One definition being built. */
typedef struct Definition {
    QapiSchema *s;
    const QapiExpr *expr;
    const QapiNode *node;
    const char *name;
    const QapiModule *module;
} Definition;

/* What every definition has: name, place, module, doc, 'if', features. */
static void definition_init(const Definition *d, QapiEntity *e,
                            QapiEntityKind kind)
{
    entity_init(e, kind, d->name, &d->expr->info, d->module,
                qapi_if_cond_from_node(qapi_node_get(d->node, "if")),
                features_from_node(d->node));
    e->doc = d->expr->doc;
}

static bool define_enum(const Definition *d, Error **errp)
{
    const QapiNode *prefix = qapi_node_get(d->node, "prefix");
    const QapiNode *data = qapi_node_get(d->node, "data");
    QapiEnumType *en = enum_new(d->name, prefix ? prefix->u.str : NULL,
                                &d->expr->info, d->module,
                                qapi_if_cond_from_node(qapi_node_get(d->node,
                                                                     "if")),
                                features_from_node(d->node));

    en->entity.doc = d->expr->doc;
    for (size_t i = 0; i < qapi_node_list_size(data); i++) {
        const QapiNode *v = qapi_node_list_entry(data, i);
        const QapiNode *vname = qapi_node_long_form(v, "name");

        g_ptr_array_add(en->values, enum_value_new(
            en, vname->u.str, &vname->info,
            qapi_if_cond_from_node(qapi_node_get(v, "if")),
            v->kind == QAPI_NODE_DICT ? features_from_node(v) : NULL));
    }
    return schema_add(d->s, &en->entity, errp);
}

static bool define_struct_or_union(const Definition *d, bool is_union,
                                   Error **errp)
{
    QapiObjectType *o = object_new(d->name, &d->expr->info, d->module,
                                   qapi_if_cond_from_node(
                                       qapi_node_get(d->node, "if")),
                                   features_from_node(d->node));
    const QapiNode *base = qapi_node_get(d->node, "base");
    const QapiNode *data = qapi_node_get(d->node, "data");

    o->entity.doc = d->expr->doc;
    if (!is_union) {
        o->base_node_ = base;
        members_define(d->s, o, data);
        return schema_add(d->s, &o->entity, errp);
    }
    o->variants = g_ptr_array_new_with_free_func(qapi_variant_free);
    o->discriminator_node_ = qapi_node_get(d->node, "discriminator");
    if (base->kind == QAPI_NODE_DICT) {
        g_autofree char *bname = g_strdup_printf("q_obj_%s-base", d->name);

        if (qapi_node_dict_size(base) &&
            !(o->base = implicit_define(d->s, bname, base, &o->entity,
                                        "member", "the base of %s", errp))) {
            qapi_entity_free(o);
            return false;
        }
    } else {
        o->base_node_ = base;
    }
    variants_define(d->s, o->variants, data, d->module);
    return schema_add(d->s, &o->entity, errp);
}

static bool define_alternate(const Definition *d, Error **errp)
{
    QapiAlternateType *a = g_new0(QapiAlternateType, 1);

    definition_init(d, &a->entity, QAPI_ENTITY_ALTERNATE);
    a->entity.json_type = "value";
    a->entity.c_type = g_strconcat(a->entity.c_name, " *", NULL);
    a->variants = g_ptr_array_new_with_free_func(qapi_variant_free);
    variants_define(d->s, a->variants, qapi_node_get(d->node, "data"),
                    d->module);
    return schema_add(d->s, &a->entity, errp);
}

/* A command's or event's 'data': inline members make q_obj_NAME-arg;
 * a type name is resolved by the checks. */
static bool define_arguments(const Definition *d, QapiEntity *e,
                             const QapiObjectType **arg_type,
                             const QapiNode **data_node, Error **errp)
{
    const QapiNode *data = qapi_node_get(d->node, "data");
    bool is_command = e->kind == QAPI_ENTITY_COMMAND;
    g_autofree char *aname = g_strdup_printf("q_obj_%s-arg", d->name);

    if (!data || data->kind != QAPI_NODE_DICT) {
        *data_node = data;
        return true;
    }
    if (!qapi_node_dict_size(data)) {
        return true;
    }
    *arg_type = implicit_define(d->s, aname, data, e,
                               is_command ? "argument" : "member",
                               is_command ? "the arguments of %s"
                                          : "the data of %s", errp);
    return *arg_type != NULL;
}

static bool define_command(const Definition *d, Error **errp)
{
    QapiCommand *c = g_new0(QapiCommand, 1);
    const QapiNode *node = d->node;

    definition_init(d, &c->entity, QAPI_ENTITY_COMMAND);
    /* The flags can only be their one meaningful value (checked). */
    c->boxed = qapi_node_get(node, "boxed") != NULL;
    c->gen = !qapi_node_get(node, "gen");
    c->success_response = !qapi_node_get(node, "success-response");
    c->allow_oob = qapi_node_get(node, "allow-oob") != NULL;
    c->allow_preconfig = qapi_node_get(node, "allow-preconfig") != NULL;
    c->coroutine = qapi_node_get(node, "coroutine") != NULL;
    if (!define_arguments(d, &c->entity, &c->arg_type, &c->data_node_,
                          errp)) {
        qapi_entity_free(c);
        return false;
    }
    c->returns_node_ = qapi_node_get(node, "returns");
    if (c->returns_node_) {
        type_ref_name(d->s, c->returns_node_, &c->returns_node_->info,
                      d->module);
    }
    return schema_add(d->s, &c->entity, errp);
}

static bool define_event(const Definition *d, Error **errp)
{
    QapiEvent *ev = g_new0(QapiEvent, 1);

    definition_init(d, &ev->entity, QAPI_ENTITY_EVENT);
    ev->boxed = qapi_node_get(d->node, "boxed") != NULL;
    if (!define_arguments(d, &ev->entity, &ev->arg_type, &ev->data_node_,
                          errp)) {
        qapi_entity_free(ev);
        return false;
    }
    return schema_add(d->s, &ev->entity, errp);
}

static bool node_is_true(const QapiNode *node)
{
    return node && node->kind == QAPI_NODE_BOOL && node->u.boolean;
}

static bool define_qom_type(const Definition *d, Error **errp)
{
    QapiQomType *q = g_new0(QapiQomType, 1);
    const QapiNode *props = qapi_node_get(d->node, "properties");

    definition_init(d, &q->entity, QAPI_ENTITY_QOM_TYPE);
    q->abstract = node_is_true(qapi_node_get(d->node, "abstract"));
    q->user_creatable = node_is_true(qapi_node_get(d->node,
                                                   "user-creatable"));
    q->parent_node_ = qapi_node_get(d->node, "parent");
    if (!props || props->kind != QAPI_NODE_DICT) {
        q->props_node_ = props;
        return schema_add(d->s, &q->entity, errp);
    }
    if (qapi_node_dict_size(props)) {
        g_autofree char *camel = qom_camel(d->name);
        g_autofree char *pname = g_strconcat(camel, "Properties", NULL);

        q->props = implicit_define(d->s, pname, props, &q->entity,
                                   "property", "the properties of %s", errp);
        if (!q->props) {
            qapi_entity_free(q);
            return false;
        }
        g_hash_table_add(d->s->qom_props, (gpointer)q->props);
    }
    return schema_add(d->s, &q->entity, errp);
}

static bool define_expr(QapiSchema *s, const QapiExpr *expr, Error **errp)
{
    const char *meta = qapi_schema_expr_meta(expr->node);
    Definition d = {
        .s = s,
        .expr = expr,
        .node = expr->node,
        .name = qapi_node_get(expr->node, meta)->u.str,
        .module = g_hash_table_lookup(s->modules_by_name, expr->module),
    };

    if (strcmp(meta, "enum") == 0) {
        return define_enum(&d, errp);
    }
    if (strcmp(meta, "struct") == 0 || strcmp(meta, "union") == 0) {
        return define_struct_or_union(&d, strcmp(meta, "union") == 0, errp);
    }
    if (strcmp(meta, "alternate") == 0) {
        return define_alternate(&d, errp);
    }
    if (strcmp(meta, "command") == 0) {
        return define_command(&d, errp);
    }
    if (strcmp(meta, "event") == 0) {
        return define_event(&d, errp);
    }
    return define_qom_type(&d, errp);
}

bool qapi_schema_define(QapiSchema *s, Error **errp)
{
    const QapiParse *parse = s->parse;

    for (guint i = 0; i < parse->modules->len; i++) {
        qapi_schema_add_module(s, g_ptr_array_index(parse->modules, i), false);
    }
    for (guint i = 0; i < parse->exprs->len; i++) {
        const QapiExpr *expr = g_ptr_array_index(parse->exprs, i);

        if (expr->kind == QAPI_EXPR_INCLUDE) {
            QapiModule *from = g_hash_table_lookup(s->modules_by_name,
                                                   expr->module);
            QapiModule *to = g_hash_table_lookup(s->modules_by_name,
                                                 expr->include);

            if (to && !g_ptr_array_find(from->includes, to, NULL)) {
                g_ptr_array_add(from->includes, to);
            }
            continue;
        }
        if (!define_expr(s, expr, errp)) {
            return false;
        }
    }
    return true;
}

