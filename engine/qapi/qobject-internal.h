/* The layout shared by qobject.c, qdict.c and qlist.c; nothing else includes
 * it. Every concrete type starts with a QObject, so a pointer to one is a
 * pointer to its QObject. */
#pragma once

#include "qobject.h"

struct QObject {
    QType type;
    unsigned refcnt;
};

static inline void qobject_init(QObject *obj, QType type)
{
    obj->type = type;
    obj->refcnt = 1;
}

void qdict_destroy(QDict *d);
void qlist_destroy(QList *l);
bool qdict_is_equal(const QDict *a, const QDict *b);
bool qlist_is_equal(const QList *a, const QList *b);
QDict *qdict_deep_copy(const QDict *d);
QList *qlist_deep_copy(const QList *l);
