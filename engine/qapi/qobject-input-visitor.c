/* QObject input visitor: see qobject-input-visitor.h.
 *
 * A stack holds the dicts and lists being walked. Each level knows its own
 * full path, so the path of any member is one string join, and a dict level
 * keeps the keys nothing has visited yet, for visit_check_struct(). */
#include "qobject-input-visitor.h"
#include "visitor-impl.h"
#include "qapi-util.h"
#include "qdict.h"
#include "qlist.h"

#include <inttypes.h>

typedef struct QInputLevel {
    QObject *obj;           /* a dict or list, lent by the root */
    char *path;             /* its full path; NULL for an unnamed root */
    GHashTable *unvisited;  /* dicts: keys (lent by the dict) not visited */
    size_t index;           /* lists: the element being visited */
    size_t taken;           /* lists: how many elements were handed out */
} QInputLevel;

typedef struct QObjectInputVisitor {
    Visitor visitor;
    QObject *root;          /* our own reference */
    GPtrArray *stack;       /* of QInputLevel *, innermost last */
} QObjectInputVisitor;

static QObjectInputVisitor *to_qiv(Visitor *v)
{
    return (QObjectInputVisitor *)v;
}

static void qinput_level_free(gpointer data)
{
    QInputLevel *level = data;

    g_free(level->path);
    if (level->unvisited) {
        g_hash_table_destroy(level->unvisited);
    }
    g_free(level);
}

static QInputLevel *qinput_top(QObjectInputVisitor *qiv)
{
    if (!qiv->stack->len) {
        return NULL;
    }
    return g_ptr_array_index(qiv->stack, qiv->stack->len - 1);
}

static char *qinput_get_path(Visitor *v, const char *name)
{
    QInputLevel *top = qinput_top(to_qiv(v));

    if (!top) {
        return g_strdup(name);
    }
    if (qobject_type(top->obj) == QTYPE_QLIST) {
        return g_strdup_printf("%s[%zu]", top->path ? top->path : "",
                               top->index);
    }
    g_assert(name);
    if (!top->path) {
        return g_strdup(name);
    }
    return g_strdup_printf("%s.%s", top->path, name);
}

/* The value `name` names where the walk is, or NULL. consume marks it
 * visited (a dict key) or handed out (a list element). */
static QObject *qinput_get(QObjectInputVisitor *qiv, const char *name,
                           bool consume)
{
    QInputLevel *top = qinput_top(qiv);

    if (!top) {
        return qiv->root;
    }
    if (qobject_type(top->obj) == QTYPE_QDICT) {
        QObject *obj = qdict_get(qobject_to(QDict, top->obj), name);
        if (obj && consume) {
            g_hash_table_remove(top->unvisited, name);
        }
        return obj;
    }

    QList *list = qobject_to(QList, top->obj);
    /* A walk without next_list() (start_list() given no list, as a
     * fixed-size visit does) moves on when its element was taken. */
    if (top->taken > top->index) {
        top->index = top->taken;
    }
    if (top->index >= qlist_size(list)) {
        return NULL;
    }
    if (consume) {
        top->taken = MAX(top->taken, top->index + 1);
    }
    return qlist_entry(list, top->index);
}

static QObject *qinput_require(QObjectInputVisitor *qiv, const char *name,
                               bool consume, Error **errp)
{
    QObject *obj = qinput_get(qiv, name, consume);

    if (!obj) {
        g_autofree char *path = qinput_get_path(&qiv->visitor, name);
        /* Only a member or element can be missing, and those have paths. */
        error_setg(errp, "parameter '%s' is missing", path ? path : "");
    }
    return obj;
}

static void qinput_type_error(QObjectInputVisitor *qiv, const char *name,
                              const char *what, Error **errp)
{
    g_autofree char *path = qinput_get_path(&qiv->visitor, name);

    qapi_error_set_expected(errp, path, NULL, "%s", what);
}

/* The value as a QObject of the given type, with the errors for a missing
 * one and for one of another type. */
static QObject *qinput_require_type(QObjectInputVisitor *qiv,
                                    const char *name, QType type,
                                    const char *what, Error **errp)
{
    QObject *obj = qinput_require(qiv, name, true, errp);

    if (obj && qobject_type(obj) != type) {
        qinput_type_error(qiv, name, what, errp);
        return NULL;
    }
    return obj;
}

static void qinput_push(QObjectInputVisitor *qiv, const char *name,
                        QObject *obj)
{
    QInputLevel *level = g_new0(QInputLevel, 1);

    level->obj = obj;
    level->path = qinput_get_path(&qiv->visitor, name);
    if (qobject_type(obj) == QTYPE_QDICT) {
        QDict *d = qobject_to(QDict, obj);
        level->unvisited = g_hash_table_new(g_str_hash, g_str_equal);
        QDICT_FOREACH(e, d) {
            g_hash_table_add(level->unvisited, (char *)qdict_entry_key(e));
        }
    }
    g_ptr_array_add(qiv->stack, level);
}

static void qinput_pop(QObjectInputVisitor *qiv, QType type)
{
    QInputLevel *top = qinput_top(qiv);

    g_assert(top && qobject_type(top->obj) == type);
    g_ptr_array_set_size(qiv->stack, qiv->stack->len - 1);
}

static bool qinput_start_struct(Visitor *v, const char *name, void **obj,
                                size_t size, Error **errp)
{
    QObjectInputVisitor *qiv = to_qiv(v);
    QObject *qobj;

    if (obj) {
        *obj = NULL;
    }
    qobj = qinput_require_type(qiv, name, QTYPE_QDICT, "an object", errp);
    if (!qobj) {
        return false;
    }
    qinput_push(qiv, name, qobj);
    if (obj) {
        *obj = g_malloc0(size);
    }
    return true;
}

static bool qinput_check_struct(Visitor *v, Error **errp)
{
    QObjectInputVisitor *qiv = to_qiv(v);
    QInputLevel *top = qinput_top(qiv);
    QDict *d = qobject_to(QDict, top->obj);

    g_assert(d);
    /* Report the first stray key in the dict's order, so the message does
     * not depend on hash order. */
    QDICT_FOREACH(e, d) {
        if (g_hash_table_contains(top->unvisited, qdict_entry_key(e))) {
            g_autofree char *path = qinput_get_path(v, qdict_entry_key(e));
            error_setg(errp, "parameter '%s' is unexpected", path);
            return false;
        }
    }
    return true;
}

static void qinput_end_struct(Visitor *v, void **obj)
{
    qinput_pop(to_qiv(v), QTYPE_QDICT);
}

static bool qinput_start_list(Visitor *v, const char *name,
                              GenericList **list, size_t size, Error **errp)
{
    QObjectInputVisitor *qiv = to_qiv(v);
    QObject *qobj;

    if (list) {
        *list = NULL;
    }
    qobj = qinput_require_type(qiv, name, QTYPE_QLIST, "an array", errp);
    if (!qobj) {
        return false;
    }
    qinput_push(qiv, name, qobj);
    if (list && !qlist_empty(qobject_to(QList, qobj))) {
        *list = g_malloc0(size);
    }
    return true;
}

static GenericList *qinput_next_list(Visitor *v, GenericList *tail,
                                     size_t size)
{
    QInputLevel *top = qinput_top(to_qiv(v));

    g_assert(top && qobject_type(top->obj) == QTYPE_QLIST);
    top->index++;
    if (top->index >= qlist_size(qobject_to(QList, top->obj))) {
        return NULL;
    }
    tail->next = g_malloc0(size);
    return tail->next;
}

static bool qinput_check_list(Visitor *v, Error **errp)
{
    QInputLevel *top = qinput_top(to_qiv(v));
    size_t size = qlist_size(qobject_to(QList, top->obj));

    /* A walk that stopped early (a fixed-size visit) leaves elements that
     * nothing read: as strict as a stray dict key. */
    if (top->taken < size) {
        qapi_error_set_expected(errp, top->path, NULL,
                                "%zu elements, not %zu", top->taken, size);
        return false;
    }
    return true;
}

static void qinput_end_list(Visitor *v, void **obj)
{
    qinput_pop(to_qiv(v), QTYPE_QLIST);
}

static bool qinput_start_alternate(Visitor *v, const char *name,
                                   GenericAlternate **obj, size_t size,
                                   Error **errp)
{
    /* Not consumed: the branch's own visit takes it. */
    QObject *qobj = qinput_require(to_qiv(v), name, false, errp);

    *obj = NULL;
    if (!qobj) {
        return false;
    }
    *obj = g_malloc0(size);
    (*obj)->type = qobject_type(qobj);
    return true;
}

static bool qinput_type_int64(Visitor *v, const char *name, int64_t *obj,
                              Error **errp)
{
    QObjectInputVisitor *qiv = to_qiv(v);
    QObject *qobj = qinput_require_type(qiv, name, QTYPE_QNUM, "an integer",
                                        errp);
    QNum *qn = qobject_to(QNum, qobj);

    if (!qn) {
        return false;
    }
    if (qnum_get_try_int(qn, obj)) {
        return true;
    }
    if (qnum_kind(qn) == QNUM_U64) {
        /* Width-neutral: int8 through int64 members all come here. */
        qinput_type_error(qiv, name,
                          "an integer no greater than 9223372036854775807",
                          errp);
    } else {
        qinput_type_error(qiv, name, "an integer", errp);
    }
    return false;
}

static bool qinput_type_uint64(Visitor *v, const char *name, uint64_t *obj,
                               Error **errp)
{
    QObjectInputVisitor *qiv = to_qiv(v);
    QObject *qobj = qinput_require_type(qiv, name, QTYPE_QNUM,
                                        "an unsigned integer", errp);
    QNum *qn = qobject_to(QNum, qobj);

    if (!qn) {
        return false;
    }
    if (qnum_get_try_uint(qn, obj)) {
        return true;
    }
    if (qnum_kind(qn) == QNUM_I64) {
        /* Negative: QEMU wraps these for old clients; we refuse. The
         * message fits uint8 through uint64 members, which all come here. */
        qinput_type_error(qiv, name, "a non-negative integer", errp);
    } else {
        qinput_type_error(qiv, name, "an unsigned integer", errp);
    }
    return false;
}

static bool qinput_type_bool(Visitor *v, const char *name, bool *obj,
                             Error **errp)
{
    QObject *qobj = qinput_require_type(to_qiv(v), name, QTYPE_QBOOL,
                                        "a boolean", errp);

    if (!qobj) {
        return false;
    }
    *obj = qbool_get_bool(qobject_to(QBool, qobj));
    return true;
}

static bool qinput_type_str(Visitor *v, const char *name, char **obj,
                            Error **errp)
{
    QObject *qobj = qinput_require_type(to_qiv(v), name, QTYPE_QSTRING,
                                        "a string", errp);

    *obj = NULL;
    if (!qobj) {
        return false;
    }
    *obj = g_strdup(qstring_get_str(qobject_to(QString, qobj)));
    return true;
}

static bool qinput_type_number(Visitor *v, const char *name, double *obj,
                               Error **errp)
{
    QObject *qobj = qinput_require_type(to_qiv(v), name, QTYPE_QNUM,
                                        "a number", errp);

    if (!qobj) {
        return false;
    }
    *obj = qnum_get_double(qobject_to(QNum, qobj));
    return true;
}

static bool qinput_type_any(Visitor *v, const char *name, QObject **obj,
                            Error **errp)
{
    QObject *qobj = qinput_require(to_qiv(v), name, true, errp);

    *obj = qobj ? qobject_ref(qobj) : NULL;
    return qobj != NULL;
}

static bool qinput_type_null(Visitor *v, const char *name, QNull **obj,
                             Error **errp)
{
    QObject *qobj = qinput_require_type(to_qiv(v), name, QTYPE_QNULL,
                                        "null", errp);

    *obj = qobj ? qnull() : NULL;
    return qobj != NULL;
}

static void qinput_optional(Visitor *v, const char *name, bool *present)
{
    *present = qinput_get(to_qiv(v), name, false) != NULL;
}

/* Keyval: each scalar is a string, parsed as the visited type asks. The
 * lookup gives the "expects" error for a dict or list where a scalar
 * belongs; the parsers give it, with the text, for a bad string. */
static const char *qinput_keyval_str(QObjectInputVisitor *qiv,
                                     const char *name, const char *what,
                                     char **path, Error **errp)
{
    QObject *qobj = qinput_require_type(qiv, name, QTYPE_QSTRING, what, errp);

    if (!qobj) {
        return NULL;
    }
    *path = qinput_get_path(&qiv->visitor, name);
    return qstring_get_str(qobject_to(QString, qobj));
}

static bool qinput_keyval_int64(Visitor *v, const char *name, int64_t *obj,
                                Error **errp)
{
    g_autofree char *path = NULL;
    const char *s = qinput_keyval_str(to_qiv(v), name, "an integer", &path,
                                      errp);

    return s && qapi_int64_parse(path, s, obj, errp);
}

static bool qinput_keyval_uint64(Visitor *v, const char *name, uint64_t *obj,
                                 Error **errp)
{
    g_autofree char *path = NULL;
    const char *s = qinput_keyval_str(to_qiv(v), name, "an unsigned integer",
                                      &path, errp);

    return s && qapi_uint64_parse(path, s, obj, errp);
}

static bool qinput_keyval_size(Visitor *v, const char *name, uint64_t *obj,
                               Error **errp)
{
    g_autofree char *path = NULL;
    const char *s = qinput_keyval_str(to_qiv(v), name, "a size", &path, errp);

    return s && qapi_size_parse(path, s, obj, errp);
}

static bool qinput_keyval_bool(Visitor *v, const char *name, bool *obj,
                               Error **errp)
{
    g_autofree char *path = NULL;
    const char *s = qinput_keyval_str(to_qiv(v), name, "a boolean", &path,
                                      errp);

    return s && qapi_bool_parse(path, s, obj, errp);
}

static bool qinput_keyval_number(Visitor *v, const char *name, double *obj,
                                 Error **errp)
{
    g_autofree char *path = NULL;
    const char *s = qinput_keyval_str(to_qiv(v), name, "a number", &path,
                                      errp);

    return s && qapi_number_parse(path, s, obj, errp);
}

/* "key=" is how keyval text spells null. */
static bool qinput_keyval_null(Visitor *v, const char *name, QNull **obj,
                               Error **errp)
{
    g_autofree char *path = NULL;
    const char *s = qinput_keyval_str(to_qiv(v), name, "an empty value",
                                      &path, errp);

    *obj = NULL;
    if (!s) {
        return false;
    }
    if (*s) {
        qapi_error_set_expected(errp, path, s, "an empty value");
        return false;
    }
    *obj = qnull();
    return true;
}

static void qinput_free(Visitor *v)
{
    QObjectInputVisitor *qiv = to_qiv(v);

    g_ptr_array_unref(qiv->stack);
    qobject_unref(qiv->root);
    g_free(qiv);
}

static QObjectInputVisitor *qinput_new(QObject *obj)
{
    QObjectInputVisitor *qiv = g_new0(QObjectInputVisitor, 1);

    g_assert(obj);
    qiv->visitor = (Visitor) {
        .type = VISITOR_INPUT,
        .start_struct = qinput_start_struct,
        .check_struct = qinput_check_struct,
        .end_struct = qinput_end_struct,
        .start_list = qinput_start_list,
        .next_list = qinput_next_list,
        .check_list = qinput_check_list,
        .end_list = qinput_end_list,
        .start_alternate = qinput_start_alternate,
        .type_int64 = qinput_type_int64,
        .type_uint64 = qinput_type_uint64,
        .type_bool = qinput_type_bool,
        .type_str = qinput_type_str,
        .type_number = qinput_type_number,
        .type_any = qinput_type_any,
        .type_null = qinput_type_null,
        .optional = qinput_optional,
        .get_path = qinput_get_path,
        .free = qinput_free,
    };
    qiv->root = qobject_ref(obj);
    qiv->stack = g_ptr_array_new_with_free_func(qinput_level_free);
    return qiv;
}

Visitor *qobject_input_visitor_new(QObject *obj)
{
    return &qinput_new(obj)->visitor;
}

Visitor *qobject_input_visitor_new_keyval(QObject *obj)
{
    QObjectInputVisitor *qiv = qinput_new(obj);

    qiv->visitor.type_int64 = qinput_keyval_int64;
    qiv->visitor.type_uint64 = qinput_keyval_uint64;
    qiv->visitor.type_size = qinput_keyval_size;
    qiv->visitor.type_bool = qinput_keyval_bool;
    qiv->visitor.type_number = qinput_keyval_number;
    qiv->visitor.type_null = qinput_keyval_null;
    return &qiv->visitor;
}
