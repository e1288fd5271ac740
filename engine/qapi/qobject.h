/* QObject: the JSON value family, reference counted.
 *
 * Seven kinds (QType): null, number, string, dict, list, bool. A number keeps
 * exactly what it was given: an int64, a uint64 or a double, so
 * 18446744073709551615 and -9223372036854775808 survive every round trip.
 * A dict keeps its keys in insertion order (see qdict.h); a list is ordered
 * (see qlist.h).
 *
 * Ownership: every *_new*() returns a new reference; qobject_ref() adds one
 * and qobject_unref() drops one (NULL is allowed), freeing the value with the
 * last. Functions that "take" a value (qdict_put(), qlist_append()) consume the
 * caller's reference; getters lend one that lives as long as its container.
 * QObjects are immutable once shared, except dicts and lists the caller owns
 * alone. Not thread-safe: one thread owns a value at a time.
 *
 * The concrete types are opaque. QOBJECT(x) turns any of them into a QObject
 * (a compile error for anything else); qobject_to(QDict, obj) goes the other
 * way and yields NULL when obj is NULL or of another kind.
 */
#pragma once

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#include "error.h"

/* The order and names of QAPI's built-in enum QType. */
typedef enum QType {
    QTYPE_NONE,
    QTYPE_QNULL,
    QTYPE_QNUM,
    QTYPE_QSTRING,
    QTYPE_QDICT,
    QTYPE_QLIST,
    QTYPE_QBOOL,
    QTYPE__MAX,
} QType;

typedef struct QObject QObject;
typedef struct QNull QNull;
typedef struct QNum QNum;
typedef struct QString QString;
typedef struct QDict QDict;
typedef struct QList QList;
typedef struct QBool QBool;

/* What a number holds: exactly one of these. */
typedef enum QNumKind {
    QNUM_I64,
    QNUM_U64,
    QNUM_DOUBLE,
} QNumKind;

#define QOBJECT(x) _Generic((x),                                         \
    QObject *: (QObject *)(x),  const QObject *: (const QObject *)(x),   \
    QNull *: (QObject *)(x),    const QNull *: (const QObject *)(x),     \
    QNum *: (QObject *)(x),     const QNum *: (const QObject *)(x),      \
    QString *: (QObject *)(x),  const QString *: (const QObject *)(x),   \
    QDict *: (QObject *)(x),    const QDict *: (const QObject *)(x),     \
    QList *: (QObject *)(x),    const QList *: (const QObject *)(x),     \
    QBool *: (QObject *)(x),    const QBool *: (const QObject *)(x))

#define QTYPE_OF_QNull   QTYPE_QNULL
#define QTYPE_OF_QNum    QTYPE_QNUM
#define QTYPE_OF_QString QTYPE_QSTRING
#define QTYPE_OF_QDict   QTYPE_QDICT
#define QTYPE_OF_QList   QTYPE_QLIST
#define QTYPE_OF_QBool   QTYPE_QBOOL

/* (type *) obj when obj is of that kind, else NULL. Lends; adds no reference. */
#define qobject_to(type, obj) \
    ((type *)qobject_check_type(QOBJECT(obj), QTYPE_OF_##type))

#define qobject_ref(obj) ((typeof(obj))qobject_ref_impl(QOBJECT(obj)))
#define qobject_unref(obj) qobject_unref_impl(QOBJECT(obj))

QObject *qobject_ref_impl(const QObject *obj);
void qobject_unref_impl(const QObject *obj);
const QObject *qobject_check_type(const QObject *obj, QType type);

QType qobject_type(const QObject *obj);
/* QAPI's name of a QType: "qnull", "qnum", "qstring", ... */
const char *qtype_name(QType type);
/* What a user calls it in an error message, with its article: "null",
 * "a number", "a string", "an object", "an array", "a boolean". */
const char *qtype_describe(QType type);

/* Deep equality. Dicts compare as sets of (key, value), order ignored; lists
 * element by element. Numbers: an int64 and a uint64 are equal when they are
 * the same integer; a double never equals an integer (1.0 vs 1), and NaN
 * equals nothing, as in IEEE 754, not even itself (nor does a container
 * holding it). Two NULLs are equal; NULL and a value are not. */
bool qobject_is_equal(const QObject *a, const QObject *b);

/* A deep copy: new containers, shared scalars (they are immutable). */
QObject *qobject_deep_copy(const QObject *obj);

/* null: one shared instance, never counted, usable from any thread. */
QNull *qnull(void);

QBool *qbool_from_bool(bool value);
bool qbool_get_bool(const QBool *qb);

QNum *qnum_from_int(int64_t value);
QNum *qnum_from_uint(uint64_t value);
QNum *qnum_from_double(double value);
QNumKind qnum_kind(const QNum *qn);
/* Exact conversions: false (value untouched) when the number is a double or
 * does not fit the target type. */
bool qnum_get_try_int(const QNum *qn, int64_t *value);
bool qnum_get_try_uint(const QNum *qn, uint64_t *value);
/* Every number has a double value (an integer beyond 2^53 rounds). */
double qnum_get_double(const QNum *qn);
/* The number as JSON text: integers exactly; doubles with 15 significant
 * digits, or 16 or 17 when that is what it takes to read back the same
 * double ("0.1", "1e+300", "-0.0"), and ".0" added when the text would read
 * back as an integer ("1.0"). Non-finite doubles have no JSON form; they
 * print as "inf", "-inf", "nan" (qobject_to_json() prints null instead). */
char *qnum_to_string(const QNum *qn);

QString *qstring_from_str(const char *str);
QString *qstring_from_substr(const char *str, size_t start, size_t end);
QString *qstring_take_str(char *str);   /* takes a g_malloc'd string */
const char *qstring_get_str(const QString *qs);
size_t qstring_get_length(const QString *qs);

/* The cleanup for g_autoptr(QObject) and friends. */
static inline void qobject_unref_any(void *obj)
{
    qobject_unref_impl(obj);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC(QObject, qobject_unref_any)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(QNull, qobject_unref_any)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(QNum, qobject_unref_any)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(QString, qobject_unref_any)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(QDict, qobject_unref_any)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(QList, qobject_unref_any)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(QBool, qobject_unref_any)
