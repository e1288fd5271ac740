/* QList: an ordered QObject array.
 *
 * Ownership: qlist_append*() take the caller's reference; qlist_entry()
 * lends one that lives as long as the element stays in the list;
 * qlist_pop() hands the list's reference to the caller.
 */
#pragma once

#include "qobject.h"

QList *qlist_new(void);

/* Takes value (a QObject or any concrete type). */
#define qlist_append(l, value) qlist_append_obj((l), QOBJECT(value))
void qlist_append_obj(QList *l, QObject *value);
void qlist_append_int(QList *l, int64_t value);
void qlist_append_uint(QList *l, uint64_t value);
void qlist_append_double(QList *l, double value);
void qlist_append_bool(QList *l, bool value);
void qlist_append_str(QList *l, const char *value);
void qlist_append_null(QList *l);

size_t qlist_size(const QList *l);
bool qlist_empty(const QList *l);
/* Lends element i; i must be < qlist_size(). */
QObject *qlist_entry(const QList *l, size_t i);
/* Removes the first element and hands over its reference; NULL when empty. */
QObject *qlist_pop(QList *l);

/* for (size_t i = 0; ...) with `v` bound to each lent element. */
#define QLIST_FOREACH_ENTRY(v, l)                                            \
    for (size_t v##_i_ = 0; v##_i_ < qlist_size(l); v##_i_++)                \
        for (QObject *v = qlist_entry((l), v##_i_); v; v = NULL)
