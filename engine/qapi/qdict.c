/* QDict: see qdict.h. Entries form a doubly linked list in insertion order;
 * past a handful of keys a hash index from key to entry keeps lookups O(1). */
#include "qdict.h"
#include "qlist.h"
#include "qobject-internal.h"

#include <inttypes.h>
#include <string.h>

/* A QMP message has a few keys; scanning them beats hashing. */
#define QDICT_INDEX_THRESHOLD 8

struct QDictEntry {
    char *key;
    QObject *value;
    QDictEntry *prev, *next;
};

struct QDict {
    QObject base;
    size_t size;
    QDictEntry *head, *tail;
    GHashTable *index;   /* key -> entry; NULL while the dict is small */
};

QDict *qdict_new(void)
{
    QDict *d = g_new0(QDict, 1);

    qobject_init(&d->base, QTYPE_QDICT);
    return d;
}

static QDictEntry *qdict_find(const QDict *d, const char *key)
{
    if (d->index) {
        return g_hash_table_lookup(d->index, key);
    }
    for (QDictEntry *e = d->head; e; e = e->next) {
        if (strcmp(e->key, key) == 0) {
            return e;
        }
    }
    return NULL;
}

static void qdict_build_index(QDict *d)
{
    d->index = g_hash_table_new(g_str_hash, g_str_equal);
    for (QDictEntry *e = d->head; e; e = e->next) {
        g_hash_table_insert(d->index, e->key, e);
    }
}

void qdict_put_obj(QDict *d, const char *key, QObject *value)
{
    g_assert(value);
    QDictEntry *e = qdict_find(d, key);

    if (e) {
        qobject_unref(e->value);
        e->value = value;
        return;
    }
    e = g_new(QDictEntry, 1);
    e->key = g_strdup(key);
    e->value = value;
    e->next = NULL;
    e->prev = d->tail;
    if (d->tail) {
        d->tail->next = e;
    } else {
        d->head = e;
    }
    d->tail = e;
    d->size++;
    if (d->index) {
        g_hash_table_insert(d->index, e->key, e);
    } else if (d->size > QDICT_INDEX_THRESHOLD) {
        qdict_build_index(d);
    }
}

void qdict_put_int(QDict *d, const char *key, int64_t value)
{
    qdict_put(d, key, qnum_from_int(value));
}

void qdict_put_uint(QDict *d, const char *key, uint64_t value)
{
    qdict_put(d, key, qnum_from_uint(value));
}

void qdict_put_double(QDict *d, const char *key, double value)
{
    qdict_put(d, key, qnum_from_double(value));
}

void qdict_put_bool(QDict *d, const char *key, bool value)
{
    qdict_put(d, key, qbool_from_bool(value));
}

void qdict_put_str(QDict *d, const char *key, const char *value)
{
    qdict_put(d, key, qstring_from_str(value));
}

void qdict_put_null(QDict *d, const char *key)
{
    qdict_put(d, key, qnull());
}

size_t qdict_size(const QDict *d)
{
    return d->size;
}

bool qdict_haskey(const QDict *d, const char *key)
{
    return qdict_find(d, key) != NULL;
}

QObject *qdict_get(const QDict *d, const char *key)
{
    QDictEntry *e = qdict_find(d, key);

    return e ? e->value : NULL;
}

static QObject *qdict_unlink(QDict *d, QDictEntry *e)
{
    QObject *value = e->value;

    if (d->index) {
        g_hash_table_remove(d->index, e->key);
    }
    if (e->prev) {
        e->prev->next = e->next;
    } else {
        d->head = e->next;
    }
    if (e->next) {
        e->next->prev = e->prev;
    } else {
        d->tail = e->prev;
    }
    d->size--;
    g_free(e->key);
    g_free(e);
    return value;
}

QObject *qdict_take(QDict *d, const char *key)
{
    QDictEntry *e = qdict_find(d, key);

    return e ? qdict_unlink(d, e) : NULL;
}

bool qdict_del(QDict *d, const char *key)
{
    QDictEntry *e = qdict_find(d, key);

    if (!e) {
        return false;
    }
    qobject_unref(qdict_unlink(d, e));
    return true;
}

void qdict_destroy(QDict *d)
{
    QDictEntry *e = d->head;

    while (e) {
        QDictEntry *next = e->next;
        qobject_unref(e->value);
        g_free(e->key);
        g_free(e);
        e = next;
    }
    if (d->index) {
        g_hash_table_destroy(d->index);
    }
    g_free(d);
}

int64_t qdict_get_try_int(const QDict *d, const char *key, int64_t def)
{
    QNum *qn = qobject_to(QNum, qdict_get(d, key));
    int64_t value;

    return qn && qnum_get_try_int(qn, &value) ? value : def;
}

uint64_t qdict_get_try_uint(const QDict *d, const char *key, uint64_t def)
{
    QNum *qn = qobject_to(QNum, qdict_get(d, key));
    uint64_t value;

    return qn && qnum_get_try_uint(qn, &value) ? value : def;
}

bool qdict_get_try_bool(const QDict *d, const char *key, bool def)
{
    QBool *qb = qobject_to(QBool, qdict_get(d, key));

    return qb ? qbool_get_bool(qb) : def;
}

const char *qdict_get_try_str(const QDict *d, const char *key)
{
    QString *qs = qobject_to(QString, qdict_get(d, key));

    return qs ? qstring_get_str(qs) : NULL;
}

QDict *qdict_get_qdict(const QDict *d, const char *key)
{
    return qobject_to(QDict, qdict_get(d, key));
}

QList *qdict_get_qlist(const QDict *d, const char *key)
{
    return qobject_to(QList, qdict_get(d, key));
}

/* The value under key when it has the wanted type; otherwise one error that
 * names the key, what it expects and what it got. */
static QObject *qdict_get_typed(const QDict *d, const char *key, QType want,
                                const char *expected, Error **errp)
{
    QObject *value = qdict_get(d, key);

    if (!value) {
        error_setg(errp, "parameter '%s' is missing", key);
        return NULL;
    }
    if (qobject_type(value) != want) {
        error_setg(errp, "parameter '%s' expects %s, got %s", key, expected,
                   qtype_describe(qobject_type(value)));
        return NULL;
    }
    return value;
}

bool qdict_get_int_checked(const QDict *d, const char *key, int64_t *value,
                           Error **errp)
{
    QObject *obj = qdict_get_typed(d, key, QTYPE_QNUM, "an integer", errp);

    if (!obj) {
        return false;
    }
    if (qnum_kind(qobject_to(QNum, obj)) == QNUM_DOUBLE) {
        error_setg(errp, "parameter '%s' expects an integer, got a number "
                   "with a fraction or an exponent", key);
        return false;
    }
    if (!qnum_get_try_int(qobject_to(QNum, obj), value)) {
        error_setg(errp, "parameter '%s' expects an integer between %" PRId64
                   " and %" PRId64, key, INT64_MIN, INT64_MAX);
        return false;
    }
    return true;
}

bool qdict_get_uint_checked(const QDict *d, const char *key, uint64_t *value,
                            Error **errp)
{
    QObject *obj = qdict_get_typed(d, key, QTYPE_QNUM,
                                   "a non-negative integer", errp);

    if (!obj) {
        return false;
    }
    if (qnum_kind(qobject_to(QNum, obj)) == QNUM_DOUBLE) {
        error_setg(errp, "parameter '%s' expects a non-negative integer, got a "
                   "number with a fraction or an exponent", key);
        return false;
    }
    if (!qnum_get_try_uint(qobject_to(QNum, obj), value)) {
        error_setg(errp, "parameter '%s' expects an integer between 0 and %"
                   PRIu64, key, UINT64_MAX);
        return false;
    }
    return true;
}

bool qdict_get_double_checked(const QDict *d, const char *key, double *value,
                              Error **errp)
{
    QObject *obj = qdict_get_typed(d, key, QTYPE_QNUM, "a number", errp);

    if (!obj) {
        return false;
    }
    *value = qnum_get_double(qobject_to(QNum, obj));
    return true;
}

bool qdict_get_bool_checked(const QDict *d, const char *key, bool *value,
                            Error **errp)
{
    QObject *obj = qdict_get_typed(d, key, QTYPE_QBOOL, "a boolean", errp);

    if (!obj) {
        return false;
    }
    *value = qbool_get_bool(qobject_to(QBool, obj));
    return true;
}

const char *qdict_get_str_checked(const QDict *d, const char *key,
                                  Error **errp)
{
    QObject *obj = qdict_get_typed(d, key, QTYPE_QSTRING, "a string", errp);

    return obj ? qstring_get_str(qobject_to(QString, obj)) : NULL;
}

const QDictEntry *qdict_first(const QDict *d)
{
    return d->head;
}

const QDictEntry *qdict_next(const QDict *d, const QDictEntry *entry)
{
    return entry->next;
}

const char *qdict_entry_key(const QDictEntry *entry)
{
    return entry->key;
}

QObject *qdict_entry_value(const QDictEntry *entry)
{
    return entry->value;
}

bool qdict_is_equal(const QDict *a, const QDict *b)
{
    if (a->size != b->size) {
        return false;
    }
    for (const QDictEntry *e = a->head; e; e = e->next) {
        if (!qobject_is_equal(e->value, qdict_get(b, e->key))) {
            return false;
        }
    }
    return true;
}

QDict *qdict_deep_copy(const QDict *d)
{
    QDict *copy = qdict_new();

    for (const QDictEntry *e = d->head; e; e = e->next) {
        qdict_put_obj(copy, e->key, qobject_deep_copy(e->value));
    }
    return copy;
}
