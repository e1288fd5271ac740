/* QObject core and the scalar kinds: see qobject.h. */
#include "qobject-internal.h"
#include "qdict.h"
#include "qlist.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct QNull {
    QObject base;
};

struct QBool {
    QObject base;
    bool value;
};

struct QNum {
    QObject base;
    QNumKind kind;
    union {
        int64_t i64;
        uint64_t u64;
        double dbl;
    } u;
};

struct QString {
    QObject base;
    size_t length;
    char *str;
};

/* The one null. It is shared by every thread that builds values, so it is
 * never counted: referencing and dropping it are no-ops, and it cannot be
 * freed. */
static QNull the_null = { .base = { .type = QTYPE_QNULL, .refcnt = 1 } };

QObject *qobject_ref_impl(const QObject *obj)
{
    QObject *o = (QObject *)obj;

    if (o && o != &the_null.base) {
        g_assert(o->refcnt > 0);
        o->refcnt++;
    }
    return o;
}

static void qobject_destroy(QObject *obj)
{
    switch (obj->type) {
    case QTYPE_QSTRING:
        g_free(((QString *)obj)->str);
        g_free(obj);
        break;
    case QTYPE_QDICT:
        qdict_destroy((QDict *)obj);
        break;
    case QTYPE_QLIST:
        qlist_destroy((QList *)obj);
        break;
    case QTYPE_QNUM:
    case QTYPE_QBOOL:
        g_free(obj);
        break;
    default:
        g_assert_not_reached();
    }
}

void qobject_unref_impl(const QObject *obj)
{
    QObject *o = (QObject *)obj;

    if (!o || o == &the_null.base) {
        return;
    }
    g_assert(o->refcnt > 0);
    if (--o->refcnt == 0) {
        g_assert(o != &the_null.base);
        qobject_destroy(o);
    }
}

const QObject *qobject_check_type(const QObject *obj, QType type)
{
    return obj && obj->type == type ? obj : NULL;
}

QType qobject_type(const QObject *obj)
{
    g_assert(obj && obj->type > QTYPE_NONE && obj->type < QTYPE__MAX);
    return obj->type;
}

const char *qtype_name(QType type)
{
    static const char *const names[QTYPE__MAX] = {
        [QTYPE_NONE] = "none",       [QTYPE_QNULL] = "qnull",
        [QTYPE_QNUM] = "qnum",       [QTYPE_QSTRING] = "qstring",
        [QTYPE_QDICT] = "qdict",     [QTYPE_QLIST] = "qlist",
        [QTYPE_QBOOL] = "qbool",
    };
    g_assert(type < QTYPE__MAX);
    return names[type];
}

const char *qtype_describe(QType type)
{
    static const char *const names[QTYPE__MAX] = {
        [QTYPE_NONE] = "nothing",      [QTYPE_QNULL] = "null",
        [QTYPE_QNUM] = "a number",     [QTYPE_QSTRING] = "a string",
        [QTYPE_QDICT] = "an object",   [QTYPE_QLIST] = "an array",
        [QTYPE_QBOOL] = "a boolean",
    };
    g_assert(type < QTYPE__MAX);
    return names[type];
}

static bool qnum_is_equal(const QNum *a, const QNum *b)
{
    if (a->kind == QNUM_DOUBLE || b->kind == QNUM_DOUBLE) {
        return a->kind == b->kind && a->u.dbl == b->u.dbl;
    }
    if (a->kind == b->kind) {
        return a->u.u64 == b->u.u64;   /* same bits, same integer */
    }
    /* One int64, one uint64: equal only in their common range. */
    const QNum *signed_one = a->kind == QNUM_I64 ? a : b;
    const QNum *unsigned_one = a->kind == QNUM_I64 ? b : a;
    return signed_one->u.i64 >= 0 &&
           (uint64_t)signed_one->u.i64 == unsigned_one->u.u64;
}

bool qobject_is_equal(const QObject *a, const QObject *b)
{
    /* No shortcut for a == b: a dict holding NaN is not equal to itself
     * either, and qnum_is_equal() already says so for NaN. */
    if (!a || !b) {
        return a == b;
    }
    if (a->type != b->type) {
        return false;
    }
    switch (a->type) {
    case QTYPE_QNULL:
        return true;
    case QTYPE_QBOOL:
        return ((const QBool *)a)->value == ((const QBool *)b)->value;
    case QTYPE_QNUM:
        return qnum_is_equal((const QNum *)a, (const QNum *)b);
    case QTYPE_QSTRING: {
        const QString *sa = (const QString *)a, *sb = (const QString *)b;
        return sa->length == sb->length &&
               memcmp(sa->str, sb->str, sa->length) == 0;
    }
    case QTYPE_QDICT:
        return qdict_is_equal((const QDict *)a, (const QDict *)b);
    case QTYPE_QLIST:
        return qlist_is_equal((const QList *)a, (const QList *)b);
    default:
        g_assert_not_reached();
    }
}

QObject *qobject_deep_copy(const QObject *obj)
{
    switch (qobject_type(obj)) {
    case QTYPE_QDICT:
        return QOBJECT(qdict_deep_copy((const QDict *)obj));
    case QTYPE_QLIST:
        return QOBJECT(qlist_deep_copy((const QList *)obj));
    default:
        return qobject_ref_impl(obj);
    }
}

QNull *qnull(void)
{
    return qobject_ref(&the_null);
}

QBool *qbool_from_bool(bool value)
{
    QBool *qb = g_new(QBool, 1);

    qobject_init(&qb->base, QTYPE_QBOOL);
    qb->value = value;
    return qb;
}

bool qbool_get_bool(const QBool *qb)
{
    return qb->value;
}

static QNum *qnum_new(QNumKind kind)
{
    QNum *qn = g_new(QNum, 1);

    qobject_init(&qn->base, QTYPE_QNUM);
    qn->kind = kind;
    return qn;
}

QNum *qnum_from_int(int64_t value)
{
    QNum *qn = qnum_new(QNUM_I64);

    qn->u.i64 = value;
    return qn;
}

QNum *qnum_from_uint(uint64_t value)
{
    QNum *qn = qnum_new(QNUM_U64);

    qn->u.u64 = value;
    return qn;
}

QNum *qnum_from_double(double value)
{
    QNum *qn = qnum_new(QNUM_DOUBLE);

    qn->u.dbl = value;
    return qn;
}

QNumKind qnum_kind(const QNum *qn)
{
    return qn->kind;
}

bool qnum_get_try_int(const QNum *qn, int64_t *value)
{
    switch (qn->kind) {
    case QNUM_I64:
        *value = qn->u.i64;
        return true;
    case QNUM_U64:
        if (qn->u.u64 > INT64_MAX) {
            return false;
        }
        *value = (int64_t)qn->u.u64;
        return true;
    default:
        return false;
    }
}

bool qnum_get_try_uint(const QNum *qn, uint64_t *value)
{
    switch (qn->kind) {
    case QNUM_I64:
        if (qn->u.i64 < 0) {
            return false;
        }
        *value = (uint64_t)qn->u.i64;
        return true;
    case QNUM_U64:
        *value = qn->u.u64;
        return true;
    default:
        return false;
    }
}

double qnum_get_double(const QNum *qn)
{
    switch (qn->kind) {
    case QNUM_I64:
        return (double)qn->u.i64;
    case QNUM_U64:
        return (double)qn->u.u64;
    default:
        return qn->u.dbl;
    }
}

/* The shortest %.Ng that reads back as the same double, marked as a double
 * (".0") when it would otherwise read back as an integer. */
static char *double_to_string(double value)
{
    if (isnan(value)) {
        return g_strdup("nan");
    }
    if (isinf(value)) {
        return g_strdup(value < 0 ? "-inf" : "inf");
    }
    char buf[G_ASCII_DTOSTR_BUF_SIZE];
    for (int precision = 15; precision <= 17; precision++) {
        g_ascii_formatd(buf, sizeof(buf),
                        precision == 15 ? "%.15g" :
                        precision == 16 ? "%.16g" : "%.17g", value);
        if (g_ascii_strtod(buf, NULL) == value) {
            break;
        }
    }
    if (!strpbrk(buf, ".eEn")) {
        return g_strconcat(buf, ".0", NULL);
    }
    return g_strdup(buf);
}

char *qnum_to_string(const QNum *qn)
{
    switch (qn->kind) {
    case QNUM_I64:
        return g_strdup_printf("%" PRId64, qn->u.i64);
    case QNUM_U64:
        return g_strdup_printf("%" PRIu64, qn->u.u64);
    default:
        return double_to_string(qn->u.dbl);
    }
}

QString *qstring_take_str(char *str)
{
    QString *qs = g_new(QString, 1);

    qobject_init(&qs->base, QTYPE_QSTRING);
    qs->str = str;
    qs->length = strlen(str);
    return qs;
}

QString *qstring_from_str(const char *str)
{
    return qstring_take_str(g_strdup(str));
}

QString *qstring_from_substr(const char *str, size_t start, size_t end)
{
    g_assert(start <= end);
    return qstring_take_str(g_strndup(str + start, end - start));
}

const char *qstring_get_str(const QString *qs)
{
    return qs->str;
}

size_t qstring_get_length(const QString *qs)
{
    return qs->length;
}
