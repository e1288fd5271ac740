/* QObject output visitor: see qobject-output-visitor.h.
 *
 * A container goes into its parent as soon as it is started, so the tree is
 * always whole and one reference, the root's, owns all of it; the stack
 * only lends pointers to the containers still being filled. */
#include "qobject-output-visitor.h"
#include "visitor-impl.h"
#include "qdict.h"
#include "qlist.h"

typedef struct QObjectOutputVisitor {
    Visitor visitor;
    QObject *root;          /* our reference; NULL until the first visit */
    GPtrArray *stack;       /* of QObject * (dict or list), lent by root */
    QObject **result;       /* where visit_complete() stores the root */
} QObjectOutputVisitor;

static QObjectOutputVisitor *to_qov(Visitor *v)
{
    return (QObjectOutputVisitor *)v;
}

/* Places value (taking the reference) where the walk is. */
static void qoutput_add(QObjectOutputVisitor *qov, const char *name,
                        QObject *value)
{
    if (!qov->stack->len) {
        g_assert(!qov->root);
        qov->root = value;
        return;
    }

    QObject *top = g_ptr_array_index(qov->stack, qov->stack->len - 1);
    if (qobject_type(top) == QTYPE_QDICT) {
        g_assert(name);
        qdict_put_obj(qobject_to(QDict, top), name, value);
    } else {
        qlist_append_obj(qobject_to(QList, top), value);
    }
}

static void qoutput_push(QObjectOutputVisitor *qov, const char *name,
                         QObject *container)
{
    qoutput_add(qov, name, container);  /* the parent (or root) owns it */
    g_ptr_array_add(qov->stack, container);
}

static void qoutput_pop(QObjectOutputVisitor *qov, QType type)
{
    g_assert(qov->stack->len);
    g_assert(qobject_type(g_ptr_array_index(qov->stack, qov->stack->len - 1))
             == type);
    g_ptr_array_set_size(qov->stack, qov->stack->len - 1);
}

static bool qoutput_start_struct(Visitor *v, const char *name, void **obj,
                                 size_t size, Error **errp)
{
    qoutput_push(to_qov(v), name, QOBJECT(qdict_new()));
    return true;
}

static void qoutput_end_struct(Visitor *v, void **obj)
{
    qoutput_pop(to_qov(v), QTYPE_QDICT);
}

static bool qoutput_start_list(Visitor *v, const char *name,
                               GenericList **list, size_t size, Error **errp)
{
    qoutput_push(to_qov(v), name, QOBJECT(qlist_new()));
    return true;
}

static GenericList *qoutput_next_list(Visitor *v, GenericList *tail,
                                      size_t size)
{
    return tail->next;
}

static void qoutput_end_list(Visitor *v, void **obj)
{
    qoutput_pop(to_qov(v), QTYPE_QLIST);
}

static bool qoutput_type_int64(Visitor *v, const char *name, int64_t *obj,
                               Error **errp)
{
    qoutput_add(to_qov(v), name, QOBJECT(qnum_from_int(*obj)));
    return true;
}

static bool qoutput_type_uint64(Visitor *v, const char *name, uint64_t *obj,
                                Error **errp)
{
    qoutput_add(to_qov(v), name, QOBJECT(qnum_from_uint(*obj)));
    return true;
}

static bool qoutput_type_bool(Visitor *v, const char *name, bool *obj,
                              Error **errp)
{
    qoutput_add(to_qov(v), name, QOBJECT(qbool_from_bool(*obj)));
    return true;
}

static bool qoutput_type_str(Visitor *v, const char *name, char **obj,
                             Error **errp)
{
    qoutput_add(to_qov(v), name, QOBJECT(qstring_from_str(*obj)));
    return true;
}

static bool qoutput_type_number(Visitor *v, const char *name, double *obj,
                                Error **errp)
{
    qoutput_add(to_qov(v), name, QOBJECT(qnum_from_double(*obj)));
    return true;
}

static bool qoutput_type_any(Visitor *v, const char *name, QObject **obj,
                             Error **errp)
{
    g_assert(*obj);
    qoutput_add(to_qov(v), name, qobject_ref(*obj));
    return true;
}

static bool qoutput_type_null(Visitor *v, const char *name, QNull **obj,
                              Error **errp)
{
    qoutput_add(to_qov(v), name, QOBJECT(qnull()));
    return true;
}

static void qoutput_complete(Visitor *v, void *result)
{
    QObjectOutputVisitor *qov = to_qov(v);

    /* The walk must be over and must have produced something. */
    g_assert(result == qov->result);
    g_assert(qov->root && !qov->stack->len);
    *qov->result = qobject_ref(qov->root);
}

static void qoutput_free(Visitor *v)
{
    QObjectOutputVisitor *qov = to_qov(v);

    g_ptr_array_unref(qov->stack);
    qobject_unref(qov->root);
    g_free(qov);
}

Visitor *qobject_output_visitor_new(QObject **result)
{
    QObjectOutputVisitor *qov = g_new0(QObjectOutputVisitor, 1);

    qov->visitor = (Visitor) {
        .type = VISITOR_OUTPUT,
        .start_struct = qoutput_start_struct,
        .end_struct = qoutput_end_struct,
        .start_list = qoutput_start_list,
        .next_list = qoutput_next_list,
        .end_list = qoutput_end_list,
        .type_int64 = qoutput_type_int64,
        .type_uint64 = qoutput_type_uint64,
        .type_bool = qoutput_type_bool,
        .type_str = qoutput_type_str,
        .type_number = qoutput_type_number,
        .type_any = qoutput_type_any,
        .type_null = qoutput_type_null,
        .complete = qoutput_complete,
        .free = qoutput_free,
    };
    qov->stack = g_ptr_array_new();
    qov->result = result;
    return &qov->visitor;
}
