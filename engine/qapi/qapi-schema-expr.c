/* QAPI schema model: the checks on each expression as written, before
 * any entity exists (see qapi-schema-internal.h). Every check here looks at
 * one expression alone: keys, names, the shape of each value, conditions,
 * features, flags and the doc comment's symbol. */
#include "qapi-schema-internal.h"

#include <string.h>

const char *const qapi_schema_metas[] = {
    "enum", "struct", "union", "alternate", "command", "event", "qom-type",
    NULL,
};

typedef struct ExprCheck {
    const QapiPragma *pragma;
    const QapiExpr *expr;
    const char *meta;
    const char *name;
    char *what;             /* "struct 'Foo'" */
} ExprCheck;

/* Who a name belongs to, for messages: "member name 'x' of struct 'S'". */
typedef struct NameRole {
    const char *role;       /* "struct", "member", "value", ... */
    const char *owner;      /* "struct 'S'", or NULL for definitions */
} NameRole;

const char *qapi_schema_expr_meta(const QapiNode *expr)
{
    const char *found = NULL;

    for (size_t i = 0; qapi_schema_metas[i]; i++) {
        if (qapi_node_get(expr, qapi_schema_metas[i])) {
            if (found) {
                return NULL;
            }
            found = qapi_schema_metas[i];
        }
    }
    return found;
}

const QapiNode *qapi_node_long_form(const QapiNode *value, const char *key)
{
    return value->kind == QAPI_NODE_DICT ? qapi_node_get(value, key) : value;
}

static bool check_keys(const QapiNode *node, const char *what,
                       const char *const *required,
                       const char *const *optional, Error **errp)
{
    for (size_t i = 0; required[i]; i++) {
        if (!qapi_node_get(node, required[i])) {
            qapi_error_at(errp, &node->info, "%s needs key '%s'", what,
                          required[i]);
            return false;
        }
    }
    for (size_t i = 0; i < qapi_node_dict_size(node); i++) {
        const QapiNodeEntry *e = qapi_node_dict_entry(node, i);
        g_autoptr(GString) valid = g_string_new(NULL);
        bool known = false;

        for (size_t j = 0; required[j] && !known; j++) {
            known = strcmp(e->key, required[j]) == 0;
        }
        for (size_t j = 0; optional[j] && !known; j++) {
            known = strcmp(e->key, optional[j]) == 0;
        }
        if (known) {
            continue;
        }
        for (size_t j = 0; required[j]; j++) {
            g_string_append_printf(valid, "%s'%s'", valid->len ? ", " : "",
                                   required[j]);
        }
        for (size_t j = 0; optional[j]; j++) {
            g_string_append_printf(valid, "%s'%s'", valid->len ? ", " : "",
                                   optional[j]);
        }
        qapi_error_at(errp, &e->key_info, "%s has unknown key '%s' (valid: "
                      "%s)", what, e->key, valid->str);
        return false;
    }
    return true;
}

/* Names */

static bool name_is_word(const char *p, bool digit_ok)
{
    if (!g_ascii_isalpha(p[0]) && !(digit_ok && g_ascii_isdigit(p[0]))) {
        return false;
    }
    for (p++; *p; p++) {
        if (!g_ascii_isalnum(*p) && *p != '-' && *p != '_') {
            return false;
        }
    }
    return true;
}

/* QAPI names are letters, digits, '-' and '_', starting with a letter
 * (enum values: or a digit), after an optional downstream "__RFQDN_"
 * prefix and an optional "x-" (the old experimental marker). Returns the
 * stem the case rules apply to, NULL when the name is invalid. */
static const char *name_stem(const char *name, bool digit_ok)
{
    const char *p = name;

    if (p[0] == '_' && p[1] == '_') {
        size_t n = strspn(p + 2, "abcdefghijklmnopqrstuvwxyz"
                          "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-");

        if (n == 0 || p[2 + n] != '_') {
            return NULL;
        }
        p += 2 + n + 1;
    }
    if ((p[0] == 'x' || p[0] == 'X') && p[1] == '-' &&
        name_is_word(p + 2, digit_ok)) {
        return p + 2;
    }
    return name_is_word(p, digit_ok) ? p : NULL;
}

static void name_error(Error **errp, const QapiSourceInfo *info,
                       const NameRole *nr, const char *name,
                       const char *problem)
{
    qapi_error_at(errp, info, "%s name '%s'%s%s %s", nr->role, name,
                  nr->owner ? " of " : "", nr->owner ? nr->owner : "",
                  problem);
}

static const char *check_name(const char *name, const QapiSourceInfo *info,
                              const NameRole *nr, bool digit_ok,
                              Error **errp)
{
    const char *stem = name_stem(name, digit_ok);
    g_autofree char *c = NULL;

    if (!stem) {
        name_error(errp, info, nr, name, digit_ok ?
                   "is invalid: use letters, digits, '-' and '_', starting "
                   "with a letter or digit" :
                   "is invalid: use letters, digits, '-' and '_', starting "
                   "with a letter");
        return NULL;
    }
    c = qapi_c_name(name, false);
    if (g_str_has_prefix(c, "q_")) {
        name_error(errp, info, nr, name,
                   "is reserved: names starting 'q_' belong to the "
                   "generator");
        return NULL;
    }
    return stem;
}

static bool check_name_lower(const char *name, const QapiSourceInfo *info,
                             const NameRole *nr, bool digit_ok,
                             bool permit_upper, bool permit_underscore,
                             const char *exception_pragma, Error **errp)
{
    const char *stem = check_name(name, info, nr, digit_ok, errp);

    if (!stem) {
        return false;
    }
    if ((!permit_upper && strpbrk(stem, "ABCDEFGHIJKLMNOPQRSTUVWXYZ")) ||
        (!permit_underscore && strchr(stem, '_'))) {
        g_autofree char *problem = g_strdup_printf(
            "must be lower-case with '-' between words%s%s%s",
            exception_pragma ? " (or be listed in pragma '" : "",
            exception_pragma ? exception_pragma : "",
            exception_pragma ? "')" : "");

        name_error(errp, info, nr, name, problem);
        return false;
    }
    return true;
}

static bool check_name_upper(const char *name, const QapiSourceInfo *info,
                             const NameRole *nr, Error **errp)
{
    const char *stem = check_name(name, info, nr, false, errp);

    if (!stem) {
        return false;
    }
    if (strpbrk(stem, "abcdefghijklmnopqrstuvwxyz-")) {
        name_error(errp, info, nr, name,
                   "must be UPPER_CASE with '_' between words");
        return false;
    }
    return true;
}

/* CamelCase: an upper-case letter first, at least one lower-case letter,
 * nothing but letters and digits. */
static bool check_name_camel(const char *name, const QapiSourceInfo *info,
                             const NameRole *nr, Error **errp)
{
    const char *stem = check_name(name, info, nr, false, errp);
    bool has_lower = false;
    bool ok;

    if (!stem) {
        return false;
    }
    ok = g_ascii_isupper(stem[0]);
    for (const char *p = stem + 1; ok && *p; p++) {
        has_lower |= g_ascii_islower(*p);
        ok = g_ascii_isalnum(*p);
    }
    if (!ok || !has_lower) {
        name_error(errp, info, nr, name, "must be CamelCase");
        return false;
    }
    return true;
}

/* QOM type names follow QOM: letters, digits, '-', '.' and '_' (no ',':
 * it would need doubling on the command line), starting with a letter or
 * digit ("486-x86_64-cpu"). */
static bool check_name_qom(const char *name, const QapiSourceInfo *info,
                           Error **errp)
{
    NameRole nr = { "qom-type", NULL };
    g_autofree char *c = qapi_c_name(name, false);

    if (!g_ascii_isalnum(name[0]) ||
        strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
               "0123456789-._") != strlen(name)) {
        name_error(errp, info, &nr, name, "is invalid: use letters, digits, "
                   "'-', '.' and '_', starting with a letter or digit");
        return false;
    }
    if (g_str_has_prefix(c, "q_")) {
        name_error(errp, info, &nr, name,
                   "is reserved: names starting 'q_' belong to the "
                   "generator");
        return false;
    }
    return true;
}

static bool check_definition_name(const ExprCheck *ec,
                                  const QapiSourceInfo *info, Error **errp)
{
    NameRole nr = { ec->meta, NULL };
    const char *name = ec->name;
    bool ok;

    if (strcmp(ec->meta, "event") == 0) {
        ok = check_name_upper(name, info, &nr, errp);
    } else if (strcmp(ec->meta, "command") == 0) {
        ok = check_name_lower(name, info, &nr, false, false,
                              qapi_pragma_lists(
                                  ec->pragma->command_name_exceptions, name),
                              "command-name-exceptions", errp);
    } else if (strcmp(ec->meta, "qom-type") == 0) {
        return check_name_qom(name, info, errp);
    } else {
        ok = check_name_camel(name, info, &nr, errp);
    }
    if (ok && g_str_has_suffix(name, "List")) {
        name_error(errp, info, &nr, name, "is reserved: names ending in "
                   "'List' belong to array types");
        return false;
    }
    return ok;
}

/* Conditions and features */

static bool check_if_node(const QapiNode *cond, const char *what,
                          Error **errp)
{
    static const char *const none[] = { NULL };
    static const char *const ops[] = { "all", "any", "not", NULL };
    g_autofree char *cwhat = g_strdup_printf("condition of %s", what);

    if (cond->kind == QAPI_NODE_STRING) {
        const char *m = cond->u.str;

        if (!g_ascii_isupper(m[0]) ||
            strspn(m, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") != strlen(m)) {
            qapi_error_at(errp, &cond->info, "condition '%s' of %s is not a "
                          "macro name ([A-Z][A-Z0-9_]*)", m, what);
            return false;
        }
        return true;
    }
    if (cond->kind != QAPI_NODE_DICT) {
        qapi_error_at(errp, &cond->info, "condition of %s must be a macro "
                      "name or an object, not %s", what,
                      qapi_node_describe(cond));
        return false;
    }
    if (!check_keys(cond, cwhat, none, ops, errp)) {
        return false;
    }
    if (qapi_node_dict_size(cond) != 1) {
        qapi_error_at(errp, &cond->info, "condition of %s must have exactly "
                      "one of 'all', 'any' and 'not'", what);
        return false;
    }

    const QapiNodeEntry *op = qapi_node_dict_entry(cond, 0);

    if (strcmp(op->key, "not") == 0) {
        return check_if_node(op->value, what, errp);
    }
    if (op->value->kind != QAPI_NODE_LIST) {
        qapi_error_at(errp, &op->value->info, "'%s' condition of %s must be "
                      "an array, not %s", op->key, what,
                      qapi_node_describe(op->value));
        return false;
    }
    if (!qapi_node_list_size(op->value)) {
        qapi_error_at(errp, &op->value->info, "empty '%s' condition of %s "
                      "is useless", op->key, what);
        return false;
    }
    for (size_t i = 0; i < qapi_node_list_size(op->value); i++) {
        if (!check_if_node(qapi_node_list_entry(op->value, i), what, errp)) {
            return false;
        }
    }
    return true;
}

/* The 'if' of a dict (definition, member, value, branch, feature). */
static bool check_if(const QapiNode *holder, const char *what, Error **errp)
{
    const QapiNode *cond = qapi_node_get(holder, "if");

    return !cond || check_if_node(cond, what, errp);
}

static bool check_features(const QapiNode *holder, const char *what,
                           Error **errp)
{
    static const char *const required[] = { "name", NULL };
    static const char *const optional[] = { "if", NULL };
    const QapiNode *features = qapi_node_get(holder, "features");
    NameRole nr = { "feature", what };

    if (!features) {
        return true;
    }
    if (features->kind != QAPI_NODE_LIST) {
        qapi_error_at(errp, &features->info, "'features' of %s must be an "
                      "array, not %s", what, qapi_node_describe(features));
        return false;
    }
    for (size_t i = 0; i < qapi_node_list_size(features); i++) {
        const QapiNode *f = qapi_node_list_entry(features, i);
        g_autofree char *fwhat = g_strdup_printf("a feature of %s", what);
        const QapiNode *name;

        if (f->kind == QAPI_NODE_DICT &&
            !check_keys(f, fwhat, required, optional, errp)) {
            return false;
        }
        name = qapi_node_long_form(f, "name");
        if (name->kind != QAPI_NODE_STRING) {
            qapi_error_at(errp, &name->info, "a feature of %s must be a name "
                          "or an object with 'name', not %s", what,
                          qapi_node_describe(name));
            return false;
        }
        g_free(fwhat);
        fwhat = g_strdup_printf("feature '%s' of %s", name->u.str, what);
        if (!check_name_lower(name->u.str, &name->info, &nr, false, false,
                              false, NULL, errp) ||
            (f->kind == QAPI_NODE_DICT && !check_if(f, fwhat, errp))) {
            return false;
        }
    }
    return true;
}

/* Type references and members */

/* 'Name', or ['Name'] where arrays are allowed. */
static bool check_type_ref(const QapiNode *ref, const char *what,
                           bool allow_array, Error **errp)
{
    if (ref->kind == QAPI_NODE_STRING) {
        return true;
    }
    if (ref->kind == QAPI_NODE_LIST && allow_array) {
        if (qapi_node_list_size(ref) != 1 ||
            qapi_node_list_entry(ref, 0)->kind != QAPI_NODE_STRING) {
            qapi_error_at(errp, &ref->info, "type of %s must be an array of "
                          "one type name, like ['str']", what);
            return false;
        }
        return true;
    }
    qapi_error_at(errp, &ref->info, "type of %s must be a type name%s, not "
                  "%s", what, allow_array ? " or ['TypeName']" : "",
                  qapi_node_describe(ref));
    return false;
}

/* MEMBERS: {'name': TYPE-REF, '*name': {'type': .., 'if': ..,
 * 'features': .., 'default': ..}}. container says what the dict is
 * ("'data' of struct 'S'"), owner whose members they are ("struct 'S'"). */
static bool check_members(const ExprCheck *ec, const QapiNode *members,
                          const char *container, const char *role,
                          const char *owner, bool allow_default,
                          Error **errp)
{
    static const char *const required[] = { "type", NULL };
    static const char *const optional[] = { "if", "features", NULL };
    static const char *const optional_default[] = {
        "if", "features", "default", NULL,
    };
    bool permissive = qapi_pragma_lists(ec->pragma->member_name_exceptions,
                                        ec->name);
    NameRole nr = { role, owner };

    if (members->kind != QAPI_NODE_DICT) {
        qapi_error_at(errp, &members->info, "%s must be an object of "
                      "members, not %s", container,
                      qapi_node_describe(members));
        return false;
    }
    for (size_t i = 0; i < qapi_node_dict_size(members); i++) {
        const QapiNodeEntry *e = qapi_node_dict_entry(members, i);
        const char *name = e->key[0] == '*' ? e->key + 1 : e->key;
        g_autofree char *mwhat = g_strdup_printf("%s '%s' of %s", role, name,
                                                 owner);
        g_autofree char *c = qapi_c_name(name, false);

        if (!check_name_lower(name, &e->key_info, &nr, false, permissive,
                              permissive, "member-name-exceptions", errp)) {
            return false;
        }
        /* A qom-type's property struct has no union in it, so 'u' is free
         * there (riscv CPUs have an extension called "u"). */
        if ((strcmp(c, "u") == 0 && strcmp(role, "property") != 0) ||
            g_str_has_prefix(c, "has_")) {
            name_error(errp, &e->key_info, &nr, name, "is reserved: the "
                       "generator uses 'u' and names starting 'has-' or "
                       "'has_'");
            return false;
        }
        if (e->value->kind == QAPI_NODE_DICT) {
            if (!check_keys(e->value, mwhat, required,
                            allow_default ? optional_default : optional,
                            errp) ||
                !check_if(e->value, mwhat, errp) ||
                !check_features(e->value, mwhat, errp)) {
                return false;
            }
        }
        if (e->value->kind != QAPI_NODE_DICT &&
            e->value->kind != QAPI_NODE_STRING &&
            e->value->kind != QAPI_NODE_LIST) {
            qapi_error_at(errp, &e->value->info, "%s must be a type name, "
                          "['TypeName'] or an object with 'type', not %s",
                          mwhat, qapi_node_describe(e->value));
            return false;
        }
        if (!check_type_ref(qapi_node_long_form(e->value, "type"), mwhat,
                            true, errp)) {
            return false;
        }
    }
    return true;
}

/* 'TypeName' or MEMBERS (an implicit type). */
static bool check_type_or_members(const ExprCheck *ec, const QapiNode *node,
                                  const char *key, const char *role,
                                  bool allow_default, Error **errp)
{
    g_autofree char *container = g_strdup_printf("'%s' of %s", key,
                                                 ec->what);

    if (node->kind == QAPI_NODE_STRING) {
        return true;
    }
    if (node->kind != QAPI_NODE_DICT) {
        qapi_error_at(errp, &node->info, "%s must be a type name or an "
                      "object of members, not %s", container,
                      qapi_node_describe(node));
        return false;
    }
    return check_members(ec, node, container, role, ec->what, allow_default,
                         errp);
}

static bool check_string(const QapiNode *node, const char *key,
                         const char *what, Error **errp)
{
    if (node && node->kind != QAPI_NODE_STRING) {
        qapi_error_at(errp, &node->info, "'%s' of %s must be a string, not "
                      "%s", key, what, qapi_node_describe(node));
        return false;
    }
    return true;
}

static bool check_bool(const QapiNode *node, const char *key,
                       const char *what, Error **errp)
{
    if (node && node->kind != QAPI_NODE_BOOL) {
        qapi_error_at(errp, &node->info, "'%s' of %s must be true or false, "
                      "not %s", key, what, qapi_node_describe(node));
        return false;
    }
    return true;
}

/* Definitions */

static bool check_enum(const ExprCheck *ec, const QapiNode *expr,
                       Error **errp)
{
    static const char *const required[] = { "name", NULL };
    static const char *const optional[] = { "if", "features", NULL };
    const QapiNode *data = qapi_node_get(expr, "data");
    bool permissive = qapi_pragma_lists(ec->pragma->member_name_exceptions,
                                        ec->name);
    NameRole nr = { "value", ec->what };

    if (data->kind != QAPI_NODE_LIST) {
        qapi_error_at(errp, &data->info, "'data' of %s must be an array of "
                      "values, not %s", ec->what, qapi_node_describe(data));
        return false;
    }
    if (!check_string(qapi_node_get(expr, "prefix"), "prefix", ec->what,
                      errp)) {
        return false;
    }
    for (size_t i = 0; i < qapi_node_list_size(data); i++) {
        const QapiNode *v = qapi_node_list_entry(data, i);
        g_autofree char *vwhat = g_strdup_printf("a value of %s", ec->what);
        const QapiNode *name;

        if (v->kind == QAPI_NODE_DICT &&
            !check_keys(v, vwhat, required, optional, errp)) {
            return false;
        }
        name = qapi_node_long_form(v, "name");
        if (name->kind != QAPI_NODE_STRING) {
            qapi_error_at(errp, &name->info, "a value of %s must be a name or "
                          "an object with 'name', not %s", ec->what,
                          qapi_node_describe(name));
            return false;
        }
        g_free(vwhat);
        vwhat = g_strdup_printf("value '%s' of %s", name->u.str, ec->what);
        /* Enum values may start with a digit. */
        if (!check_name_lower(name->u.str, &name->info, &nr, true, permissive,
                              permissive, "member-name-exceptions", errp)) {
            return false;
        }
        if (v->kind == QAPI_NODE_DICT &&
            (!check_if(v, vwhat, errp) || !check_features(v, vwhat, errp))) {
            return false;
        }
    }
    return true;
}

static bool check_struct(const ExprCheck *ec, const QapiNode *expr,
                         Error **errp)
{
    g_autofree char *container = g_strdup_printf("'data' of %s", ec->what);
    const QapiNode *base = qapi_node_get(expr, "base");

    if (base && base->kind != QAPI_NODE_STRING) {
        qapi_error_at(errp, &base->info, "'base' of %s must name a struct, "
                      "not be %s", ec->what, qapi_node_describe(base));
        return false;
    }
    /* 'default' is allowed so a struct can be a qom-type's properties;
     * the model checks that it is one. */
    return check_members(ec, qapi_node_get(expr, "data"), container,
                         "member", ec->what, true, errp);
}

static bool check_branches(const ExprCheck *ec, const QapiNode *data,
                           bool is_alternate, Error **errp)
{
    static const char *const required[] = { "type", NULL };
    static const char *const optional[] = { "if", NULL };
    NameRole nr = { "branch", ec->what };

    if (data->kind != QAPI_NODE_DICT) {
        qapi_error_at(errp, &data->info, "'data' of %s must be an object of "
                      "branches, not %s", ec->what, qapi_node_describe(data));
        return false;
    }
    if (is_alternate && !qapi_node_dict_size(data)) {
        qapi_error_at(errp, &data->info, "%s needs at least one branch",
                      ec->what);
        return false;
    }
    for (size_t i = 0; i < qapi_node_dict_size(data); i++) {
        const QapiNodeEntry *e = qapi_node_dict_entry(data, i);
        g_autofree char *bwhat = g_strdup_printf("branch '%s' of %s", e->key,
                                                 ec->what);

        /* A union's branch names are its enum's values, checked there. */
        if (is_alternate &&
            !check_name_lower(e->key, &e->key_info, &nr, false, false, false,
                              NULL, errp)) {
            return false;
        }
        if (e->value->kind == QAPI_NODE_DICT &&
            (!check_keys(e->value, bwhat, required, optional, errp) ||
             !check_if(e->value, bwhat, errp))) {
            return false;
        }
        if (e->value->kind != QAPI_NODE_DICT &&
            e->value->kind != QAPI_NODE_STRING &&
            e->value->kind != QAPI_NODE_LIST) {
            qapi_error_at(errp, &e->value->info, "%s must be a type name or "
                          "an object with 'type', not %s", bwhat,
                          qapi_node_describe(e->value));
            return false;
        }
        if (!check_type_ref(qapi_node_long_form(e->value, "type"), bwhat,
                            is_alternate, errp)) {
            return false;
        }
    }
    return true;
}

static bool check_union(const ExprCheck *ec, const QapiNode *expr,
                        Error **errp)
{
    return check_type_or_members(ec, qapi_node_get(expr, "base"), "base",
                                 "member", false, errp) &&
           check_string(qapi_node_get(expr, "discriminator"),
                        "discriminator", ec->what, errp) &&
           check_branches(ec, qapi_node_get(expr, "data"), false, errp);
}

/* 'data' and 'boxed' of a command or event. */
static bool check_arguments(const ExprCheck *ec, const QapiNode *expr,
                            const char *role, Error **errp)
{
    const QapiNode *data = qapi_node_get(expr, "data");
    const QapiNode *boxed = qapi_node_get(expr, "boxed");

    if (boxed && boxed->kind == QAPI_NODE_BOOL && boxed->u.boolean) {
        if (!data) {
            qapi_error_at(errp, &boxed->info, "'boxed': true needs 'data' "
                          "naming a type");
            return false;
        }
        if (data->kind != QAPI_NODE_STRING) {
            qapi_error_at(errp, &data->info, "'data' of %s must name a type "
                          "when 'boxed' is true, not be %s", ec->what,
                          qapi_node_describe(data));
            return false;
        }
        return true;
    }
    return !data || check_type_or_members(ec, data, "data", role, false,
                                          errp);
}

static bool check_command(const ExprCheck *ec, const QapiNode *expr,
                          Error **errp)
{
    const QapiNode *returns = qapi_node_get(expr, "returns");
    g_autofree char *rwhat = g_strdup_printf("'returns' of %s", ec->what);

    return check_arguments(ec, expr, "argument", errp) &&
           (!returns || check_type_ref(returns, rwhat, true, errp));
}

static bool check_qom_type(const ExprCheck *ec, const QapiNode *expr,
                           Error **errp)
{
    const QapiNode *props = qapi_node_get(expr, "properties");

    return check_string(qapi_node_get(expr, "parent"), "parent", ec->what,
                        errp) &&
           check_bool(qapi_node_get(expr, "abstract"), "abstract", ec->what,
                      errp) &&
           check_bool(qapi_node_get(expr, "user-creatable"),
                      "user-creatable", ec->what, errp) &&
           (!props || check_type_or_members(ec, props, "properties",
                                            "property", true, errp));
}

/* The flags of commands and events: each has one meaningful value. */
static bool check_flags(const ExprCheck *ec, const QapiNode *expr,
                        Error **errp)
{
    static const char *const only_false[] = { "gen", "success-response" };
    static const char *const only_true[] = {
        "boxed", "allow-oob", "allow-preconfig", "coroutine",
    };

    for (size_t i = 0; i < G_N_ELEMENTS(only_false); i++) {
        const QapiNode *f = qapi_node_get(expr, only_false[i]);

        if (f && (f->kind != QAPI_NODE_BOOL || f->u.boolean)) {
            qapi_error_at(errp, &f->info, "'%s' of %s may only be false "
                          "(leave it out for true)", only_false[i], ec->what);
            return false;
        }
    }
    for (size_t i = 0; i < G_N_ELEMENTS(only_true); i++) {
        const QapiNode *f = qapi_node_get(expr, only_true[i]);

        if (f && (f->kind != QAPI_NODE_BOOL || !f->u.boolean)) {
            qapi_error_at(errp, &f->info, "'%s' of %s may only be true "
                          "(leave it out for false)", only_true[i], ec->what);
            return false;
        }
    }
    if (qapi_node_get(expr, "allow-oob") && qapi_node_get(expr, "coroutine")) {
        /* No command needs both, and what it would mean is unclear. */
        qapi_error_at(errp, &qapi_node_get(expr, "coroutine")->info,
                      "%s cannot have both 'coroutine' and 'allow-oob'",
                      ec->what);
        return false;
    }
    return true;
}

/* The doc comment must be for this definition, and say only what fits.
 * A command that returns nothing may still say "Returns: nothing", as
 * QEMU 7.2's schema does. */
static bool check_doc(const ExprCheck *ec, Error **errp)
{
    const QapiDoc *doc = ec->expr->doc;
    bool is_command = strcmp(ec->meta, "command") == 0;
    const QapiDocSection *returns, *errors;

    if (!doc) {
        if (ec->pragma->doc_required) {
            qapi_error_at(errp, &ec->expr->info, "%s needs a documentation "
                          "comment (pragma 'doc-required' is true)",
                          ec->what);
            return false;
        }
        return true;
    }
    if (strcmp(doc->symbol, ec->name) != 0) {
        qapi_error_at(errp, &doc->info, "documentation comment is for '%s', "
                      "but the definition after it is %s", doc->symbol,
                      ec->what);
        return false;
    }
    returns = qapi_doc_get_section(doc, QAPI_DOC_SECTION_RETURNS);
    errors = qapi_doc_get_section(doc, QAPI_DOC_SECTION_ERRORS);
    if (returns && !is_command) {
        qapi_error_at(errp, &returns->info, "'Returns:' is only for "
                      "commands, and %s is not one", ec->what);
        return false;
    }
    if (errors && !is_command) {
        qapi_error_at(errp, &errors->info, "'Errors:' is only for "
                      "commands, and %s is not one", ec->what);
        return false;
    }
    return true;
}

typedef struct MetaRule {
    const char *meta;
    const char *const required[5];
    const char *const optional[11];
    bool (*check)(const ExprCheck *ec, const QapiNode *expr, Error **errp);
} MetaRule;

static bool check_alternate(const ExprCheck *ec, const QapiNode *expr,
                            Error **errp)
{
    return check_branches(ec, qapi_node_get(expr, "data"), true, errp);
}

static bool check_event(const ExprCheck *ec, const QapiNode *expr,
                        Error **errp)
{
    return check_arguments(ec, expr, "member", errp);
}

static const MetaRule meta_rules[] = {
    { "enum", { "enum", "data" }, { "prefix", "if", "features" },
      check_enum },
    { "struct", { "struct", "data" }, { "base", "if", "features" },
      check_struct },
    { "union", { "union", "base", "discriminator", "data" },
      { "if", "features" }, check_union },
    { "alternate", { "alternate", "data" }, { "if", "features" },
      check_alternate },
    { "command", { "command" },
      { "data", "returns", "boxed", "if", "features", "gen",
        "success-response", "allow-oob", "allow-preconfig", "coroutine" },
      check_command },
    { "event", { "event" }, { "data", "boxed", "if", "features" },
      check_event },
    { "qom-type", { "qom-type" },
      { "parent", "abstract", "user-creatable", "properties", "if",
        "features" },
      check_qom_type },
};

static bool check_expr(const QapiPragma *pragma, const QapiExpr *expr,
                       Error **errp)
{
    const QapiNode *node = expr->node;
    const char *meta = qapi_schema_expr_meta(node);
    const QapiNode *name;
    const MetaRule *rule = NULL;
    ExprCheck ec = { .pragma = pragma, .expr = expr, .meta = meta };
    g_autofree char *what = NULL;

    if (!meta) {
        qapi_error_at(errp, &expr->info, "expected a definition: an object "
                      "with exactly one of the keys 'enum', 'struct', "
                      "'union', 'alternate', 'command', 'event', "
                      "'qom-type' (or a directive: 'include', 'pragma')");
        return false;
    }
    name = qapi_node_get(node, meta);
    if (name->kind != QAPI_NODE_STRING) {
        qapi_error_at(errp, &name->info, "'%s' must be a string naming the "
                      "%s, not %s", meta, meta, qapi_node_describe(name));
        return false;
    }
    ec.name = name->u.str;
    ec.what = what = g_strdup_printf("%s '%s'", meta, ec.name);
    for (size_t i = 0; i < G_N_ELEMENTS(meta_rules); i++) {
        if (strcmp(meta_rules[i].meta, meta) == 0) {
            rule = &meta_rules[i];
        }
    }
    g_assert(rule);

    return check_definition_name(&ec, &name->info, errp) &&
           check_doc(&ec, errp) &&
           check_keys(node, ec.what, rule->required, rule->optional, errp) &&
           rule->check(&ec, node, errp) &&
           check_if(node, ec.what, errp) &&
           check_features(node, ec.what, errp) &&
           check_flags(&ec, node, errp);
}

bool qapi_schema_check_exprs(const QapiParse *parse, Error **errp)
{
    for (guint i = 0; i < parse->exprs->len; i++) {
        const QapiExpr *expr = g_ptr_array_index(parse->exprs, i);

        if (expr->kind == QAPI_EXPR_DEFINITION &&
            !check_expr(&parse->pragma, expr, errp)) {
            return false;
        }
    }
    return true;
}
