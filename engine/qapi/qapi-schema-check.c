/* QAPI schema model: the checks on the entities (see
 * qapi-schema-internal.h). Types resolve here; then bases, members and
 * their clashes, unions, alternates, commands, events, qom-types, property
 * defaults and, last, the doc comments. Entities are checked in definition
 * order and the first failure ends the load. */
#include "qapi-schema-internal.h"
#include "qdict.h"
#include "qlist.h"

#include <inttypes.h>
#include <string.h>

enum { CHECK_TODO, CHECK_RUNNING, CHECK_DONE };

typedef struct Checker {
    QapiSchema *schema;
    const QapiPragma *pragma;
} Checker;

/* Types */

static const QapiEntity *resolve_type(Checker *c, const char *name,
                                      const QapiSourceInfo *info,
                                      const char *what, Error **errp)
{
    const QapiEntity *e = qapi_schema_lookup(c->schema, name);

    if (!e) {
        if (qapi_schema_lookup_qom_type(c->schema, name)) {
            qapi_error_at(errp, info, "%s uses '%s', which is a qom-type, "
                          "not a type", what, name);
        } else {
            qapi_error_at(errp, info, "%s uses unknown type '%s'", what,
                          name);
        }
        return NULL;
    }
    if (!qapi_entity_is_type(e)) {
        g_autofree char *desc = qapi_entity_describe(e);

        qapi_error_at(errp, info, "%s uses %s, which is not a type", what,
                      desc);
        return NULL;
    }
    return e;
}

/* 'Name' or ['Name'] (whose array type the schema made already). */
static const QapiEntity *resolve_type_ref(Checker *c, const QapiNode *ref,
                                          const char *what, Error **errp)
{
    const QapiNode *elem;
    const QapiEntity *elem_type;
    g_autofree char *array_name = NULL;
    QapiArrayType *array;

    if (ref->kind == QAPI_NODE_STRING) {
        return resolve_type(c, ref->u.str, &ref->info, what, errp);
    }
    elem = qapi_node_list_entry(ref, 0);
    elem_type = resolve_type(c, elem->u.str, &elem->info, what, errp);
    if (!elem_type) {
        return NULL;
    }
    array_name = g_strconcat(elem->u.str, "List", NULL);
    array = (QapiArrayType *)qapi_schema_lookup(c->schema, array_name);
    g_assert(array && array->entity.kind == QAPI_ENTITY_ARRAY);
    array->element_type = elem_type;
    return &array->entity;
}

static void check_array(Checker *c, QapiArrayType *a)
{
    /* An unknown element is reported by whoever uses the array, which can
     * name the member; here it stays NULL until then. */
    if (!a->element_type) {
        a->element_type = qapi_schema_lookup_type(c->schema,
                                                  a->element_name_);
    }
    if (a->element_type && !a->entity.ifcond) {
        a->entity.ifcond = qapi_if_cond_copy(a->element_type->ifcond);
    }
}

/* Features */

typedef enum FeatureSite {
    FEATURE_ON_TYPE,        /* deprecated/unstable are not for types */
    FEATURE_ON_DEFINITION,  /* command, event, qom-type */
    FEATURE_ON_VALUE,       /* enum value */
    FEATURE_ON_MEMBER,      /* 'runtime' placement is checked later */
} FeatureSite;

static bool check_features(const GPtrArray *features, const char *owner,
                           FeatureSite site, Error **errp)
{
    g_autoptr(GHashTable) seen = g_hash_table_new(g_str_hash, g_str_equal);

    for (guint i = 0; i < features->len; i++) {
        const QapiFeature *f = g_ptr_array_index(features, i);
        const QapiFeature *other = g_hash_table_lookup(seen, f->c_name);

        if (other) {
            if (strcmp(other->name, f->name) == 0) {
                qapi_error_at(errp, &f->info, "feature '%s' of %s is listed "
                              "twice", f->name, owner);
            } else {
                qapi_error_at(errp, &f->info, "feature '%s' of %s collides "
                              "with feature '%s'", f->name, owner,
                              other->name);
            }
            return false;
        }
        g_hash_table_insert(seen, f->c_name, (gpointer)f);
        if (f->special == QAPI_SPECIAL_FEATURE_RUNTIME &&
            site != FEATURE_ON_MEMBER) {
            qapi_error_at(errp, &f->info, "feature 'runtime' of %s: only "
                          "qom-type properties can have it", owner);
            return false;
        }
        if (qapi_feature_is_special(f) && site == FEATURE_ON_TYPE) {
            qapi_error_at(errp, &f->info, "feature '%s' of %s: special "
                          "features are for commands, events, members, enum "
                          "values and qom-types, not types", f->name, owner);
            return false;
        }
    }
    return true;
}

static bool check_enum(QapiEnumType *en, Error **errp)
{
    g_autoptr(GHashTable) seen = g_hash_table_new(g_str_hash, g_str_equal);
    g_autofree char *owner = qapi_entity_describe(&en->entity);

    for (guint i = 0; i < en->values->len; i++) {
        const QapiEnumValue *v = g_ptr_array_index(en->values, i);
        const QapiEnumValue *other = g_hash_table_lookup(seen, v->c_name);
        g_autofree char *vwhat = g_strdup_printf("value '%s' of %s",
                                                 v->name, owner);

        if (other) {
            qapi_error_at(errp, &v->info, "%s collides with value '%s'",
                          vwhat, other->name);
            return false;
        }
        g_hash_table_insert(seen, v->c_name, (gpointer)v);
        if (!check_features(v->features, vwhat, FEATURE_ON_VALUE, errp)) {
            return false;
        }
    }
    return true;
}

/* Objects */

static bool check_object(Checker *c, QapiObjectType *o, unsigned depth,
                         Error **errp);

/* Every member a value of o may carry: its members, then those its
 * branches may add (recursively, for unions within unions), the first of
 * each C name. Cached, so that unions nested in branches cost each
 * object one walk, not one per path to it. */
static const GPtrArray *object_all_members(QapiObjectType *o)
{
    g_autoptr(GHashTable) names = NULL;
    GPtrArray *all;

    if (o->all_members_) {
        return o->all_members_;
    }
    names = g_hash_table_new(g_str_hash, g_str_equal);
    all = g_ptr_array_new();
    for (guint i = 0; i < o->members->len; i++) {
        QapiMember *m = g_ptr_array_index(o->members, i);

        g_hash_table_add(names, m->c_name);
        g_ptr_array_add(all, m);
    }
    for (guint i = 0; o->variants && i < o->variants->len; i++) {
        const QapiVariant *v = g_ptr_array_index(o->variants, i);
        const GPtrArray *sub = object_all_members(
            (QapiObjectType *)qapi_entity_as_object(v->type));

        for (guint j = 0; j < sub->len; j++) {
            QapiMember *m = g_ptr_array_index(sub, j);

            if (g_hash_table_add(names, m->c_name)) {
                g_ptr_array_add(all, m);
            }
        }
    }
    o->all_members_ = all;
    return all;
}

static bool check_union(Checker *c, QapiObjectType *o, GHashTable *seen,
                        unsigned depth, Error **errp)
{
    const QapiNode *disc = o->discriminator_node_;
    g_autofree char *disc_c = qapi_c_name(disc->u.str, true);
    const QapiMember *tag = g_hash_table_lookup(seen, disc_c);
    g_autofree char *owner = qapi_entity_describe(&o->entity);
    g_autofree char *base = o->base && !o->base->entity.implicit ?
        qapi_entity_describe(&o->base->entity) : g_strdup("its base");
    g_autoptr(GHashTable) covered = g_hash_table_new(g_str_hash, g_str_equal);
    const QapiEnumType *en;

    if (!tag || strcmp(tag->name, disc->u.str) != 0) {
        qapi_error_at(errp, &disc->info, "discriminator '%s' of %s is not a "
                      "member of %s", disc->u.str, owner, base);
        return false;
    }
    en = qapi_entity_as_enum(tag->type);
    if (!en) {
        g_autofree char *tdesc = qapi_entity_describe(tag->type);

        qapi_error_at(errp, &disc->info, "discriminator '%s' of %s must be "
                      "of an enum type, not %s", disc->u.str, owner, tdesc);
        return false;
    }
    if (tag->optional) {
        qapi_error_at(errp, &disc->info, "discriminator '%s' of %s must "
                      "not be optional", disc->u.str, owner);
        return false;
    }
    if (tag->ifcond) {
        qapi_error_at(errp, &disc->info, "discriminator '%s' of %s must "
                      "not be conditional", disc->u.str, owner);
        return false;
    }
    o->tag_member = tag;

    for (guint i = 0; i < o->variants->len; i++) {
        QapiVariant *v = g_ptr_array_index(o->variants, i);
        g_autofree char *vwhat = g_strdup_printf("branch '%s' of %s",
                                                 v->name, owner);
        bool is_value = false;
        QapiObjectType *bt;

        for (guint j = 0; j < en->values->len && !is_value; j++) {
            const QapiEnumValue *ev = g_ptr_array_index(en->values, j);

            is_value = strcmp(ev->name, v->name) == 0;
        }
        if (!is_value) {
            g_autofree char *edesc = qapi_entity_describe(&en->entity);

            qapi_error_at(errp, &v->info, "%s is not a value of %s", vwhat,
                          edesc);
            return false;
        }
        g_hash_table_add(covered, v->name);
        v->type = resolve_type_ref(c, v->type_node_, vwhat, errp);
        if (!v->type) {
            return false;
        }
        bt = (QapiObjectType *)qapi_entity_as_object(v->type);
        if (!bt) {
            g_autofree char *tdesc = qapi_entity_describe(v->type);

            qapi_error_at(errp, &v->type_node_->info, "%s must be of a "
                          "struct or union type, not %s", vwhat, tdesc);
            return false;
        }
        if (!check_object(c, bt, depth + 1, errp)) {
            return false;
        }
    }
    /* A value without a branch selects no further members. */
    for (guint j = 0; j < en->values->len; j++) {
        const QapiEnumValue *ev = g_ptr_array_index(en->values, j);
        QapiVariant *v;

        if (g_hash_table_contains(covered, ev->name)) {
            continue;
        }
        v = g_new0(QapiVariant, 1);
        v->name = g_strdup(ev->name);
        v->c_name = g_strdup(ev->c_name);
        v->info = o->entity.info;
        v->type = &c->schema->the_empty_object->entity;
        v->ifcond = qapi_if_cond_copy(ev->ifcond);
        v->implicit = true;
        g_ptr_array_add(o->variants, v);
    }
    if (!o->variants->len) {
        qapi_error_at(errp, &o->entity.info, "%s has no branches (enum '%s' "
                      "has no values)", owner, en->entity.name);
        return false;
    }
    /* A branch's members share one JSON object (and C struct) with the
     * common members, so no C name may repeat. */
    for (guint i = 0; i < o->variants->len; i++) {
        const QapiVariant *v = g_ptr_array_index(o->variants, i);
        const GPtrArray *all = object_all_members(
            (QapiObjectType *)qapi_entity_as_object(v->type));

        for (guint j = 0; j < all->len; j++) {
            const QapiMember *m = g_ptr_array_index(all, j);
            const QapiMember *other = g_hash_table_lookup(seen, m->c_name);

            if (other) {
                g_autofree char *mdesc = qapi_member_describe(m);
                g_autofree char *odesc = qapi_member_describe(other);

                qapi_error_at(errp, &v->info, "in branch '%s' of %s, %s "
                              "collides with %s", v->name, owner, mdesc,
                              odesc);
                return false;
            }
        }
    }
    return true;
}

/* Resolves o's base and members and flattens them; for a union, checks
 * its discriminator and branches. A base and the branch types are checked
 * first: their members become part of o's. */
static bool check_object(Checker *c, QapiObjectType *o, unsigned depth,
                         Error **errp)
{
    g_autofree char *owner = qapi_entity_describe(&o->entity);
    g_autoptr(GHashTable) seen = g_hash_table_new(g_str_hash, g_str_equal);
    g_autoptr(GPtrArray) members = g_ptr_array_new();

    if (o->check_state_ == CHECK_DONE) {
        return true;
    }
    if (o->check_state_ == CHECK_RUNNING) {
        qapi_error_at(errp, &o->entity.info, "%s contains itself (through "
                      "its base or its branches)", owner);
        return false;
    }
    if (depth >= QAPI_SCHEMA_MAX_CHAIN) {
        qapi_error_at(errp, &o->entity.info, "%s: the chain of bases and "
                      "branches through it is longer than %d", owner,
                      QAPI_SCHEMA_MAX_CHAIN);
        return false;
    }
    o->check_state_ = CHECK_RUNNING;

    if (o->base_node_) {
        g_autofree char *what = g_strdup_printf("'base' of %s", owner);
        const QapiEntity *b = resolve_type(c, o->base_node_->u.str,
                                           &o->base_node_->info, what, errp);

        if (!b) {
            return false;
        }
        o->base = qapi_entity_as_object(b);
        if (!o->base || o->base->variants) {
            g_autofree char *bdesc = qapi_entity_describe(b);

            qapi_error_at(errp, &o->base_node_->info, "%s must be a struct, "
                          "not %s", what, bdesc);
            return false;
        }
    }
    if (o->base) {
        if (!check_object(c, (QapiObjectType *)o->base, depth + 1, errp)) {
            return false;
        }
        for (guint i = 0; i < o->base->members->len; i++) {
            QapiMember *m = g_ptr_array_index(o->base->members, i);

            g_hash_table_insert(seen, m->c_name, m);
            g_ptr_array_add(members, m);
        }
    }
    for (guint i = 0; i < o->local_members->len; i++) {
        QapiMember *m = g_ptr_array_index(o->local_members, i);
        g_autofree char *mdesc = qapi_member_describe(m);
        const QapiMember *other = g_hash_table_lookup(seen, m->c_name);

        m->type = resolve_type_ref(c, m->type_node_, mdesc, errp);
        if (!m->type ||
            !check_features(m->features, mdesc, FEATURE_ON_MEMBER, errp)) {
            return false;
        }
        if (other) {
            g_autofree char *odesc = qapi_member_describe(other);

            qapi_error_at(errp, &m->info, "%s collides with %s", mdesc,
                          odesc);
            return false;
        }
        g_hash_table_insert(seen, m->c_name, m);
        g_ptr_array_add(members, m);
    }
    o->members = g_steal_pointer(&members);
    if (o->variants && !check_union(c, o, seen, depth, errp)) {
        return false;
    }
    o->check_state_ = CHECK_DONE;
    return true;
}

/* Alternates */

static const char *qtype_json_name(QType qt)
{
    switch (qt) {
    case QTYPE_QSTRING:
        return "string";
    case QTYPE_QNUM:
        return "number";
    case QTYPE_QBOOL:
        return "boolean";
    case QTYPE_QNULL:
        return "null";
    case QTYPE_QDICT:
        return "object";
    case QTYPE_QLIST:
        return "array";
    default:
        return "value";
    }
}

/* Whether earlier and a branch of JSON type qt both take JSON type t as
 * such, rather than a string that looks like one. */
static bool conflicts_natively(const QapiVariant *earlier, int t, QType qt)
{
    return t == (int)qt &&
           qapi_type_alternate_qtype(earlier->type) == (QType)t;
}

/* Branches are picked by the JSON type of the value, so no two may take
 * the same one. Keyval input (-device, -object) is all strings, so a str
 * branch also hides number and boolean branches, and an enum value like
 * 'on' or '1' hides those too. */
static bool check_alternate(Checker *c, QapiAlternateType *a, Error **errp)
{
    g_autofree char *owner = qapi_entity_describe(&a->entity);
    g_autoptr(GHashTable) names = g_hash_table_new(g_str_hash, g_str_equal);
    const QapiVariant *by_qtype[QTYPE__MAX] = { 0 };

    for (guint i = 0; i < a->variants->len; i++) {
        QapiVariant *v = g_ptr_array_index(a->variants, i);
        g_autofree char *vwhat = g_strdup_printf("branch '%s' of %s", v->name,
                                                 owner);
        const QapiVariant *other = g_hash_table_lookup(names, v->c_name);
        bool conflicts[QTYPE__MAX] = { 0 };
        const QapiEnumType *en;
        QType qt;

        if (other) {
            qapi_error_at(errp, &v->info, "%s collides with branch '%s'",
                          vwhat, other->name);
            return false;
        }
        g_hash_table_insert(names, v->c_name, v);
        v->type = resolve_type_ref(c, v->type_node_, vwhat, errp);
        if (!v->type) {
            return false;
        }
        qt = qapi_type_alternate_qtype(v->type);
        if (qt == QTYPE_NONE) {
            g_autofree char *tdesc = qapi_entity_describe(v->type);

            qapi_error_at(errp, &v->type_node_->info, "%s cannot be of %s: "
                          "an alternate picks its branch by JSON type, and "
                          "that has none of its own", vwhat, tdesc);
            return false;
        }
        conflicts[qt] = true;
        en = qapi_entity_as_enum(v->type);
        if (qt == QTYPE_QSTRING && !en) {
            conflicts[QTYPE_QNUM] = conflicts[QTYPE_QBOOL] = true;
        }
        for (guint j = 0; en && j < en->values->len; j++) {
            const QapiEnumValue *ev = g_ptr_array_index(en->values, j);

            if (strcmp(ev->name, "on") == 0 || strcmp(ev->name, "off") == 0) {
                conflicts[QTYPE_QBOOL] = true;
            }
            if (ev->name[0] && strchr("-+0123456789.", ev->name[0])) {
                conflicts[QTYPE_QNUM] = true;
            }
        }
        for (int t = 0; t < QTYPE__MAX; t++) {
            if (!conflicts[t]) {
                continue;
            }
            if (by_qtype[t] && !conflicts_natively(by_qtype[t], t, qt)) {
                qapi_error_at(errp, &v->info, "%s can't be told apart from "
                              "branch '%s': in keyval input, which is all "
                              "strings, a string can look like a %s", vwhat,
                              by_qtype[t]->name, qtype_json_name(t));
                return false;
            }
            if (by_qtype[t]) {
                qapi_error_at(errp, &v->info, "%s can't be told apart from "
                              "branch '%s': both take a JSON %s", vwhat,
                              by_qtype[t]->name, qtype_json_name(t));
                return false;
            }
            by_qtype[t] = v;
        }
    }
    return true;
}

/* Commands and events */

static bool check_arguments(Checker *c, QapiEntity *e,
                            const QapiObjectType **arg_type,
                            const QapiNode *data_node, bool boxed,
                            Error **errp)
{
    g_autofree char *owner = qapi_entity_describe(e);

    if (data_node) {
        g_autofree char *what = g_strdup_printf("'data' of %s", owner);
        const QapiEntity *t = resolve_type(c, data_node->u.str,
                                           &data_node->info, what, errp);

        if (!t) {
            return false;
        }
        *arg_type = qapi_entity_as_object(t);
        if (!*arg_type) {
            g_autofree char *tdesc = qapi_entity_describe(t);

            qapi_error_at(errp, &data_node->info, "%s must be a struct or "
                          "union, not %s", what, tdesc);
            return false;
        }
        if ((*arg_type)->variants && !boxed) {
            qapi_error_at(errp, &data_node->info, "%s is union '%s', which "
                          "needs 'boxed': true", what, t->name);
            return false;
        }
    }
    if (*arg_type &&
        !check_object(c, (QapiObjectType *)*arg_type, 0, errp)) {
        return false;
    }
    if (*arg_type && !boxed &&
        qapi_object_has_conditional_members(*arg_type)) {
        /* The handler's parameters cannot come and go with #if. */
        qapi_error_at(errp, &e->info, "%s has conditional %s, which need "
                      "'boxed': true", owner,
                      e->kind == QAPI_ENTITY_COMMAND ? "arguments" : "data");
        return false;
    }
    return true;
}

static bool check_command(Checker *c, QapiCommand *cmd, Error **errp)
{
    g_autofree char *owner = qapi_entity_describe(&cmd->entity);
    g_autofree char *what = g_strdup_printf("'returns' of %s", owner);
    const QapiEntity *t;

    if (!check_arguments(c, &cmd->entity, &cmd->arg_type, cmd->data_node_,
                         cmd->boxed, errp)) {
        return false;
    }
    if (!cmd->returns_node_) {
        return true;
    }
    cmd->ret_type = resolve_type_ref(c, cmd->returns_node_, what, errp);
    if (!cmd->ret_type) {
        return false;
    }
    t = cmd->ret_type;
    if (qapi_entity_as_array(t)) {
        t = qapi_entity_as_array(t)->element_type;
    }
    /* Only an object can grow new members compatibly. */
    if (!qapi_entity_as_object(t) &&
        !qapi_pragma_lists(c->pragma->command_returns_exceptions,
                           cmd->entity.name)) {
        g_autofree char *tdesc = qapi_entity_describe(cmd->ret_type);

        qapi_error_at(errp, &cmd->returns_node_->info, "%s must return an "
                      "object or an array of objects, not %s (or be listed "
                      "in pragma 'command-returns-exceptions')", owner,
                      tdesc);
        return false;
    }
    return true;
}

/* qom-types */

static bool check_qom_type(Checker *c, QapiQomType *q, unsigned depth,
                           Error **errp)
{
    g_autofree char *owner = qapi_entity_describe(&q->entity);
    bool is_root = strcmp(q->entity.name, "object") == 0;

    if (q->check_state_ == CHECK_DONE) {
        return true;
    }
    if (q->check_state_ == CHECK_RUNNING) {
        qapi_error_at(errp, &q->entity.info, "%s is its own ancestor",
                      owner);
        return false;
    }
    if (depth >= QAPI_SCHEMA_MAX_CHAIN) {
        qapi_error_at(errp, &q->entity.info, "%s: the chain of parents "
                      "through it is longer than %d", owner,
                      QAPI_SCHEMA_MAX_CHAIN);
        return false;
    }
    q->check_state_ = CHECK_RUNNING;

    if (q->parent_node_) {
        const char *pname = q->parent_node_->u.str;
        QapiQomType *parent = (QapiQomType *)qapi_schema_lookup_qom_type(
            c->schema, pname);

        if (is_root) {
            qapi_error_at(errp, &q->parent_node_->info, "qom-type 'object' "
                          "is the root of the hierarchy and has no parent");
            return false;
        }
        if (!parent) {
            qapi_error_at(errp, &q->parent_node_->info, "parent '%s' of %s "
                          "is not a qom-type defined in the schema", pname,
                          owner);
            return false;
        }
        if (!check_qom_type(c, parent, depth + 1, errp)) {
            return false;
        }
        q->parent = parent;
    } else if (!is_root) {
        qapi_error_at(errp, &q->entity.info, "%s needs a 'parent' (only "
                      "'object', the root, has none)", owner);
        return false;
    }
    if (q->abstract && q->user_creatable) {
        qapi_error_at(errp, &q->entity.info, "%s is abstract, so it cannot "
                      "be user-creatable", owner);
        return false;
    }
    if (q->props_node_) {
        g_autofree char *what = g_strdup_printf("'properties' of %s", owner);
        const QapiEntity *t = resolve_type(c, q->props_node_->u.str,
                                           &q->props_node_->info, what, errp);

        if (!t) {
            return false;
        }
        q->props = qapi_entity_as_object(t);
        if (!q->props || q->props->variants) {
            g_autofree char *tdesc = qapi_entity_describe(t);

            qapi_error_at(errp, &q->props_node_->info, "%s must name a "
                          "struct, not %s", what, tdesc);
            return false;
        }
        g_hash_table_add(c->schema->qom_props, (gpointer)q->props);
    }
    if (q->props && !check_object(c, (QapiObjectType *)q->props, 0, errp)) {
        return false;
    }
    q->check_state_ = CHECK_DONE;
    return true;
}

/* QOM refuses a second property of the same name on a type, inherited or
 * not; generated code would register it twice. */
static bool check_inherited_properties(const QapiQomType *q, Error **errp)
{
    g_autoptr(GHashTable) inherited = g_hash_table_new(g_str_hash,
                                                       g_str_equal);

    if (!q->props) {
        return true;
    }
    for (const QapiQomType *a = q->parent; a; a = a->parent) {
        for (guint i = 0; a->props && i < a->props->members->len; i++) {
            const QapiMember *m = g_ptr_array_index(a->props->members, i);

            g_hash_table_insert(inherited, m->c_name, (gpointer)m);
        }
    }
    for (guint i = 0; i < q->props->members->len; i++) {
        const QapiMember *m = g_ptr_array_index(q->props->members, i);
        const QapiMember *other = g_hash_table_lookup(inherited, m->c_name);

        if (other) {
            g_autofree char *mdesc = qapi_member_describe(m);
            g_autofree char *odesc = qapi_member_describe(other);

            qapi_error_at(errp, &m->info, "%s collides with the inherited "
                          "%s", mdesc, odesc);
            return false;
        }
    }
    return true;
}

/* Property defaults */

typedef struct IntRange {
    const char *name;
    int64_t min;
    uint64_t max;
} IntRange;

static const IntRange int_ranges[] = {
    { "int", INT64_MIN, INT64_MAX },
    { "int8", INT8_MIN, INT8_MAX },
    { "int16", INT16_MIN, INT16_MAX },
    { "int32", INT32_MIN, INT32_MAX },
    { "int64", INT64_MIN, INT64_MAX },
    { "uint8", 0, UINT8_MAX },
    { "uint16", 0, UINT16_MAX },
    { "uint32", 0, UINT32_MAX },
    { "uint64", 0, UINT64_MAX },
    { "size", 0, UINT64_MAX },
};

static char *node_int_text(const QapiNode *n)
{
    return g_strdup_printf("%s%" PRIu64, n->u.integer.negative ? "-" : "",
                           n->u.integer.magnitude);
}

static QObject *node_to_qobject(const QapiNode *n)
{
    switch (n->kind) {
    case QAPI_NODE_STRING:
        return QOBJECT(qstring_from_str(n->u.str));
    case QAPI_NODE_BOOL:
        return QOBJECT(qbool_from_bool(n->u.boolean));
    case QAPI_NODE_INT:
        if (n->u.integer.negative) {
            /* magnitude is at most 2^63, which the lexer made sure of */
            return QOBJECT(qnum_from_int(
                (int64_t)(0 - n->u.integer.magnitude)));
        }
        return QOBJECT(qnum_from_uint(n->u.integer.magnitude));
    case QAPI_NODE_DICT: {
        QDict *d = qdict_new();

        for (size_t i = 0; i < qapi_node_dict_size(n); i++) {
            const QapiNodeEntry *e = qapi_node_dict_entry(n, i);

            qdict_put_obj(d, e->key, node_to_qobject(e->value));
        }
        return QOBJECT(d);
    }
    case QAPI_NODE_LIST: {
        QList *l = qlist_new();

        for (size_t i = 0; i < qapi_node_list_size(n); i++) {
            qlist_append_obj(l, node_to_qobject(qapi_node_list_entry(n, i)));
        }
        return QOBJECT(l);
    }
    }
    g_assert_not_reached();
}

static QObject *default_mismatch(const QapiNode *n, const char *what,
                                 const QapiEntity *type, const char *expected,
                                 Error **errp)
{
    qapi_error_at(errp, &n->info, "default of %s must be %s for type '%s', "
                  "not %s", what, expected, type->name,
                  qapi_node_describe(n));
    return NULL;
}

static QObject *check_default(const QapiEntity *type, const QapiNode *n,
                              const char *what, Error **errp)
{
    const QapiEnumType *en = qapi_entity_as_enum(type);
    const QapiArrayType *arr = qapi_entity_as_array(type);
    const QapiAlternateType *alt = qapi_entity_as_alternate(type);

    if (type->kind == QAPI_ENTITY_BUILTIN) {
        for (size_t i = 0; i < G_N_ELEMENTS(int_ranges); i++) {
            const IntRange *r = &int_ranges[i];
            uint64_t mag = n->u.integer.magnitude;
            bool fits;

            if (strcmp(type->name, r->name) != 0) {
                continue;
            }
            if (n->kind != QAPI_NODE_INT) {
                return default_mismatch(n, what, type, "an integer", errp);
            }
            fits = n->u.integer.negative ? mag <= (uint64_t)0 - r->min
                                         : mag <= r->max;
            if (!fits) {
                g_autofree char *text = node_int_text(n);

                qapi_error_at(errp, &n->info, "default %s of %s is out of "
                              "range for '%s' (%" PRId64 " to %" PRIu64 ")",
                              text, what, r->name, r->min, r->max);
                return NULL;
            }
            if (r->min < 0) {
                return QOBJECT(qnum_from_int(n->u.integer.negative
                                             ? (int64_t)(0 - mag)
                                             : (int64_t)mag));
            }
            return QOBJECT(qnum_from_uint(mag));
        }
        if (strcmp(type->name, "number") == 0) {
            if (n->kind != QAPI_NODE_INT) {
                return default_mismatch(n, what, type, "an integer", errp);
            }
            return QOBJECT(qnum_from_double(
                n->u.integer.negative ? -(double)n->u.integer.magnitude
                                      : (double)n->u.integer.magnitude));
        }
        if (strcmp(type->name, "str") == 0) {
            if (n->kind != QAPI_NODE_STRING) {
                return default_mismatch(n, what, type, "a string", errp);
            }
            return node_to_qobject(n);
        }
        if (strcmp(type->name, "bool") == 0) {
            if (n->kind != QAPI_NODE_BOOL) {
                return default_mismatch(n, what, type, "true or false", errp);
            }
            return node_to_qobject(n);
        }
        if (strcmp(type->name, "any") == 0) {
            return node_to_qobject(n);
        }
        qapi_error_at(errp, &n->info, "%s cannot have a default: the schema "
                      "language has no literal of type '%s'", what,
                      type->name);
        return NULL;
    }
    if (en) {
        if (n->kind != QAPI_NODE_STRING) {
            return default_mismatch(n, what, type, "the name of a value",
                                    errp);
        }
        for (guint i = 0; i < en->values->len; i++) {
            const QapiEnumValue *v = g_ptr_array_index(en->values, i);

            if (strcmp(v->name, n->u.str) == 0) {
                return node_to_qobject(n);
            }
        }
        qapi_error_at(errp, &n->info, "default '%s' of %s is not a value of "
                      "enum '%s'", n->u.str, what, type->name);
        return NULL;
    }
    if (arr) {
        g_autoptr(QList) list = qlist_new();

        if (n->kind != QAPI_NODE_LIST) {
            return default_mismatch(n, what, type, "an array", errp);
        }
        for (size_t i = 0; i < qapi_node_list_size(n); i++) {
            QObject *elem = check_default(arr->element_type,
                                          qapi_node_list_entry(n, i), what,
                                          errp);

            if (!elem) {
                return NULL;
            }
            qlist_append_obj(list, elem);
        }
        return QOBJECT(g_steal_pointer(&list));
    }
    if (alt) {
        for (guint i = 0; i < alt->variants->len; i++) {
            const QapiVariant *v = g_ptr_array_index(alt->variants, i);
            QObject *value = check_default(v->type, n, what, NULL);

            if (value) {
                return value;
            }
        }
        qapi_error_at(errp, &n->info, "default of %s fits no branch of "
                      "alternate '%s'", what, type->name);
        return NULL;
    }
    qapi_error_at(errp, &n->info, "%s cannot have a default: its type '%s' "
                  "is an object", what, type->name);
    return NULL;
}

/* 'default' and 'runtime' mean something for qom-type properties only. */
static bool check_property_extras(Checker *c, QapiObjectType *o,
                                  Error **errp)
{
    bool is_props = g_hash_table_contains(c->schema->qom_props, o);

    for (guint i = 0; i < o->local_members->len; i++) {
        QapiMember *m = g_ptr_array_index(o->local_members, i);
        const QapiFeature *runtime = qapi_features_find(m->features,
                                                        "runtime");
        g_autofree char *mdesc = qapi_member_describe(m);

        if (runtime && !is_props) {
            qapi_error_at(errp, &runtime->info, "feature 'runtime' of %s: "
                          "only qom-type properties can have it", mdesc);
            return false;
        }
        if (!m->default_node_) {
            continue;
        }
        if (!is_props) {
            qapi_error_at(errp, &m->default_node_->info, "%s has a "
                          "'default', but only qom-type properties can have "
                          "one", mdesc);
            return false;
        }
        if (!m->optional) {
            qapi_error_at(errp, &m->default_node_->info, "%s has a default, "
                          "so it must be optional ('*%s')", mdesc, m->name);
            return false;
        }
        m->default_value = check_default(m->type, m->default_node_, mdesc,
                                         errp);
        if (!m->default_value) {
            return false;
        }
    }
    return true;
}

/* Documentation */

typedef struct DocCheck {
    const QapiDoc *doc;
    const char *owner;
    bool required;              /* members must be described */
    bool features_required;
    GHashTable *used;           /* sections that matched something */
} DocCheck;

static bool doc_connect(DocCheck *dc, const char *name,
                        const QapiSourceInfo *info, const char *what,
                        const QapiDocSection **doc, Error **errp)
{
    const QapiDocSection *s = qapi_doc_get_member(dc->doc, name);

    if (s) {
        *doc = s;
        g_hash_table_add(dc->used, (gpointer)s);
    } else if (dc->required) {
        qapi_error_at(errp, info, "%s is not documented (pragma "
                      "'doc-required' is true; the definition's doc comment "
                      "needs '@%s:')", what, name);
        return false;
    }
    return true;
}

static bool doc_connect_features(DocCheck *dc, GPtrArray *features,
                                 const char *what, Error **errp)
{
    for (guint i = 0; i < features->len; i++) {
        QapiFeature *f = g_ptr_array_index(features, i);
        const QapiDocSection *s = qapi_doc_get_feature(dc->doc, f->name);

        if (s) {
            f->doc = s;
            g_hash_table_add(dc->used, (gpointer)s);
        } else if (dc->features_required) {
            qapi_error_at(errp, &f->info, "feature '%s' of %s is not "
                          "documented (pragma 'doc-required' is true; it "
                          "needs '@%s:' under 'Features:')", f->name, what,
                          f->name);
            return false;
        }
    }
    return true;
}

static bool doc_connect_members(DocCheck *dc, const QapiObjectType *o,
                                Error **errp)
{
    for (guint i = 0; o && i < o->local_members->len; i++) {
        QapiMember *m = g_ptr_array_index(o->local_members, i);
        g_autofree char *mdesc = qapi_member_describe(m);

        if (!doc_connect(dc, m->name, &m->info, mdesc, &m->doc, errp) ||
            !doc_connect_features(dc, m->features, mdesc, errp)) {
            return false;
        }
    }
    return true;
}

/* The members, values or branches a definition's doc comment describes:
 * its own, and those of the implicit type it owns. */
static bool doc_connect_entity(DocCheck *dc, QapiEntity *e, Error **errp)
{
    switch (e->kind) {
    case QAPI_ENTITY_ENUM: {
        QapiEnumType *en = (QapiEnumType *)e;

        for (guint i = 0; i < en->values->len; i++) {
            QapiEnumValue *v = g_ptr_array_index(en->values, i);
            g_autofree char *vwhat = g_strdup_printf("value '%s' of %s",
                                                     v->name, dc->owner);

            if (!doc_connect(dc, v->name, &v->info, vwhat, &v->doc, errp) ||
                !doc_connect_features(dc, v->features, vwhat, errp)) {
                return false;
            }
        }
        return true;
    }
    case QAPI_ENTITY_OBJECT: {
        const QapiObjectType *o = (const QapiObjectType *)e;

        if (o->base && o->base->entity.implicit &&
            !doc_connect_members(dc, o->base, errp)) {
            return false;
        }
        return doc_connect_members(dc, o, errp);
    }
    case QAPI_ENTITY_ALTERNATE: {
        QapiAlternateType *a = (QapiAlternateType *)e;

        for (guint i = 0; i < a->variants->len; i++) {
            QapiVariant *v = g_ptr_array_index(a->variants, i);
            g_autofree char *vwhat = g_strdup_printf("branch '%s' of %s",
                                                     v->name, dc->owner);

            if (!doc_connect(dc, v->name, &v->info, vwhat, &v->doc, errp)) {
                return false;
            }
        }
        return true;
    }
    case QAPI_ENTITY_COMMAND:
    case QAPI_ENTITY_EVENT: {
        const QapiObjectType *args = e->kind == QAPI_ENTITY_COMMAND ?
            ((QapiCommand *)e)->arg_type : ((QapiEvent *)e)->arg_type;

        return !args || !args->entity.implicit ||
               doc_connect_members(dc, args, errp);
    }
    case QAPI_ENTITY_QOM_TYPE: {
        const QapiObjectType *props = ((QapiQomType *)e)->props;

        return !props || !props->entity.implicit ||
               doc_connect_members(dc, props, errp);
    }
    default:
        return true;
    }
}

/* How complete a doc comment must be. With pragma 'doc-required', QEMU
 * up to 8.2 wants a doc comment per definition, and QEMU 9.0 also wants
 * every member and feature described, except the members of definitions
 * its new pragma 'documentation-exceptions' lists; a schema that uses the
 * pragma gets the 9.0 rule, one without it (QEMU 7.2's) the old one. A
 * qom-type, which no old schema has, always gets the full rule: no
 * property goes undocumented. */
static bool check_doc(Checker *c, QapiEntity *e, Error **errp)
{
    g_autofree char *owner = qapi_entity_describe(e);
    g_autoptr(GHashTable) used = g_hash_table_new(NULL, NULL);
    bool complete = c->pragma->doc_required &&
        (c->pragma->documentation_exceptions_given ||
         e->kind == QAPI_ENTITY_QOM_TYPE);
    DocCheck dc = {
        .doc = e->doc,
        .owner = owner,
        .required = complete &&
                    !qapi_pragma_lists(c->pragma->documentation_exceptions,
                                       e->name),
        .features_required = complete,
        .used = used,
    };

    if (!doc_connect_entity(&dc, e, errp) ||
        !doc_connect_features(&dc, e->features, owner, errp)) {
        return false;
    }
    for (guint i = 0; i < e->doc->sections->len; i++) {
        const QapiDocSection *s = g_ptr_array_index(e->doc->sections, i);

        if ((s->kind == QAPI_DOC_SECTION_MEMBER ||
             s->kind == QAPI_DOC_SECTION_FEATURE) &&
            !g_hash_table_contains(used, s)) {
            qapi_error_at(errp, &s->info, "the doc comment of %s describes "
                          "%s '%s', which does not exist", owner,
                          s->kind == QAPI_DOC_SECTION_MEMBER ? "member"
                                                             : "feature",
                          s->name);
            return false;
        }
    }
    return true;
}

/* The whole schema */

static bool check_entity(Checker *c, QapiEntity *e, Error **errp)
{
    g_autofree char *owner = qapi_entity_describe(e);
    FeatureSite site = qapi_entity_is_type(e) ? FEATURE_ON_TYPE
                                              : FEATURE_ON_DEFINITION;

    if (!check_features(e->features, owner, site, errp)) {
        return false;
    }
    switch (e->kind) {
    case QAPI_ENTITY_BUILTIN:
        return true;
    case QAPI_ENTITY_ENUM:
        return check_enum((QapiEnumType *)e, errp);
    case QAPI_ENTITY_OBJECT:
        return check_object(c, (QapiObjectType *)e, 0, errp);
    case QAPI_ENTITY_ALTERNATE:
        return check_alternate(c, (QapiAlternateType *)e, errp);
    case QAPI_ENTITY_ARRAY:
        check_array(c, (QapiArrayType *)e);
        return true;
    case QAPI_ENTITY_COMMAND:
        return check_command(c, (QapiCommand *)e, errp);
    case QAPI_ENTITY_EVENT: {
        QapiEvent *ev = (QapiEvent *)e;

        return check_arguments(c, e, &ev->arg_type, ev->data_node_,
                               ev->boxed, errp);
    }
    case QAPI_ENTITY_QOM_TYPE:
        return check_qom_type(c, (QapiQomType *)e, 0, errp);
    }
    g_assert_not_reached();
}

bool qapi_schema_check(QapiSchema *schema, Error **errp)
{
    Checker c = { .schema = schema, .pragma = &schema->parse->pragma };
    GPtrArray *entities = schema->entities;

    for (guint i = 0; i < entities->len; i++) {
        if (!check_entity(&c, g_ptr_array_index(entities, i), errp)) {
            return false;
        }
    }
    for (guint i = 0; i < entities->len; i++) {
        QapiEntity *e = g_ptr_array_index(entities, i);

        if (e->kind == QAPI_ENTITY_QOM_TYPE &&
            !check_inherited_properties((QapiQomType *)e, errp)) {
            return false;
        }
        if (e->kind == QAPI_ENTITY_OBJECT &&
            !check_property_extras(&c, (QapiObjectType *)e, errp)) {
            return false;
        }
    }
    for (guint i = 0; i < entities->len; i++) {
        QapiEntity *e = g_ptr_array_index(entities, i);

        if (e->doc && !e->implicit && !check_doc(&c, e, errp)) {
            return false;
        }
    }
    return true;
}
