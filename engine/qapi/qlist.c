/* QList: see qlist.h. A GPtrArray of owned references. */
#include "qlist.h"
#include "qobject-internal.h"

struct QList {
    QObject base;
    GPtrArray *items;
};

QList *qlist_new(void)
{
    QList *l = g_new(QList, 1);

    qobject_init(&l->base, QTYPE_QLIST);
    l->items = g_ptr_array_new();
    return l;
}

void qlist_append_obj(QList *l, QObject *value)
{
    g_assert(value);
    g_ptr_array_add(l->items, value);
}

void qlist_append_int(QList *l, int64_t value)
{
    qlist_append(l, qnum_from_int(value));
}

void qlist_append_uint(QList *l, uint64_t value)
{
    qlist_append(l, qnum_from_uint(value));
}

void qlist_append_double(QList *l, double value)
{
    qlist_append(l, qnum_from_double(value));
}

void qlist_append_bool(QList *l, bool value)
{
    qlist_append(l, qbool_from_bool(value));
}

void qlist_append_str(QList *l, const char *value)
{
    qlist_append(l, qstring_from_str(value));
}

void qlist_append_null(QList *l)
{
    qlist_append(l, qnull());
}

size_t qlist_size(const QList *l)
{
    return l->items->len;
}

bool qlist_empty(const QList *l)
{
    return l->items->len == 0;
}

QObject *qlist_entry(const QList *l, size_t i)
{
    g_assert(i < l->items->len);
    return g_ptr_array_index(l->items, i);
}

QObject *qlist_pop(QList *l)
{
    if (l->items->len == 0) {
        return NULL;
    }
    return g_ptr_array_steal_index(l->items, 0);
}

void qlist_destroy(QList *l)
{
    for (guint i = 0; i < l->items->len; i++) {
        qobject_unref((QObject *)g_ptr_array_index(l->items, i));
    }
    g_ptr_array_free(l->items, TRUE);
    g_free(l);
}

bool qlist_is_equal(const QList *a, const QList *b)
{
    if (a->items->len != b->items->len) {
        return false;
    }
    for (guint i = 0; i < a->items->len; i++) {
        if (!qobject_is_equal(g_ptr_array_index(a->items, i),
                              g_ptr_array_index(b->items, i))) {
            return false;
        }
    }
    return true;
}

QList *qlist_deep_copy(const QList *l)
{
    QList *copy = qlist_new();

    for (guint i = 0; i < l->items->len; i++) {
        qlist_append_obj(copy, qobject_deep_copy(g_ptr_array_index(l->items, i)));
    }
    return copy;
}
