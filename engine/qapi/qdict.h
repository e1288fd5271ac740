/* QDict: a QObject map from string keys to values that keeps insertion order.
 *
 * Lookups are O(1) (a small dict scans its entries; a larger one
 * grows a hash index). Putting an existing key replaces its value in place,
 * keeping its position. Iteration: qdict_first()/qdict_next() in insertion
 * order; entries stay valid until the dict changes.
 *
 * Ownership: qdict_put*() take the caller's reference to the value;
 * qdict_get*() lend a reference that lives until the key is replaced or
 * deleted. Keys are copied.
 *
 * Two families of typed getters:
 *   qdict_get_try_*(): the value, or a default when the key is missing or of
 *                      another type. For optional settings.
 *   qdict_get_*_checked(): false with an error that names the key and what was
 *                      expected ("'size' expects an integer, got a string").
 */
#pragma once

#include "qobject.h"

typedef struct QDictEntry QDictEntry;

QDict *qdict_new(void);

/* Takes value (a QObject or any concrete type). */
#define qdict_put(d, key, value) qdict_put_obj((d), (key), QOBJECT(value))
void qdict_put_obj(QDict *d, const char *key, QObject *value);
void qdict_put_int(QDict *d, const char *key, int64_t value);
void qdict_put_uint(QDict *d, const char *key, uint64_t value);
void qdict_put_double(QDict *d, const char *key, double value);
void qdict_put_bool(QDict *d, const char *key, bool value);
void qdict_put_str(QDict *d, const char *key, const char *value);
void qdict_put_null(QDict *d, const char *key);

size_t qdict_size(const QDict *d);
bool qdict_haskey(const QDict *d, const char *key);
/* Lends the value, NULL when the key is missing. */
QObject *qdict_get(const QDict *d, const char *key);
/* Removes the key and drops the dict's reference; false when missing. */
bool qdict_del(QDict *d, const char *key);
/* Removes the key and hands the dict's reference to the caller. */
QObject *qdict_take(QDict *d, const char *key);

int64_t qdict_get_try_int(const QDict *d, const char *key, int64_t def);
uint64_t qdict_get_try_uint(const QDict *d, const char *key, uint64_t def);
bool qdict_get_try_bool(const QDict *d, const char *key, bool def);
/* NULL when missing or not a string. */
const char *qdict_get_try_str(const QDict *d, const char *key);
QDict *qdict_get_qdict(const QDict *d, const char *key);
QList *qdict_get_qlist(const QDict *d, const char *key);

bool qdict_get_int_checked(const QDict *d, const char *key, int64_t *value,
                           Error **errp);
bool qdict_get_uint_checked(const QDict *d, const char *key, uint64_t *value,
                            Error **errp);
bool qdict_get_double_checked(const QDict *d, const char *key, double *value,
                              Error **errp);
bool qdict_get_bool_checked(const QDict *d, const char *key, bool *value,
                            Error **errp);
/* The string belongs to the dict. */
const char *qdict_get_str_checked(const QDict *d, const char *key,
                                  Error **errp);

const QDictEntry *qdict_first(const QDict *d);
const QDictEntry *qdict_next(const QDict *d, const QDictEntry *entry);
const char *qdict_entry_key(const QDictEntry *entry);
QObject *qdict_entry_value(const QDictEntry *entry);

/* for (const QDictEntry *e = qdict_first(d); e; e = qdict_next(d, e)) */
#define QDICT_FOREACH(e, d) \
    for (const QDictEntry *e = qdict_first(d); e; e = qdict_next((d), e))
