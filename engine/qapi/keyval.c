/* keyval: see keyval.h. */
#include "keyval.h"
#include "qlist.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* QEMU's limit on a key fragment; longer ones are user typos or abuse. */
#define KEYVAL_FRAGMENT_MAX 127
/* Each fragment of a key is one level of nesting, and finishing, printing,
 * comparing and freeing the dict all recurse once per level: without a
 * bound, "a.a.a...=1" of 60,000 fragments (120 KB, one command-line
 * argument) overflowed the stack. Real options nest a handful of levels. */
#define KEYVAL_DEPTH_MAX 64

static bool keyval_fragment_is_index(const char *frag, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        if (!g_ascii_isdigit(frag[i])) {
            return false;
        }
    }
    return len > 0;
}

static bool keyval_fragment_is_name(const char *frag, size_t len)
{
    if (len == 0 || !g_ascii_isalpha(frag[0])) {
        return false;
    }
    for (size_t i = 1; i < len; i++) {
        char c = frag[i];
        if (!g_ascii_isalnum(c) && c != '-' && c != '_') {
            return false;
        }
    }
    return true;
}

static bool keyval_check_key(const char *key, Error **errp)
{
    const char *frag = key;

    for (unsigned depth = 1;; depth++) {
        size_t len = strcspn(frag, ".");
        if (depth > KEYVAL_DEPTH_MAX) {
            error_setg(errp, "parameter name '%.*s...' nests too deeply (at "
                       "most %d parts separated by '.')",
                       (int)(frag - key - 1), key, KEYVAL_DEPTH_MAX);
            return false;
        }
        if (len > KEYVAL_FRAGMENT_MAX) {
            error_setg(errp, "parameter name '%s' is too long (at most %d "
                       "characters between dots)", key, KEYVAL_FRAGMENT_MAX);
            return false;
        }
        if (!keyval_fragment_is_name(frag, len) &&
            !keyval_fragment_is_index(frag, len)) {
            error_setg(errp, "invalid parameter name '%s' (expected names of "
                       "letters, digits, '-' and '_' starting with a letter, "
                       "or list indexes, separated by '.')", key);
            return false;
        }
        if (frag[len] == '\0') {
            return true;
        }
        frag += len + 1;
    }
}

bool keyval_add(QDict *root, const char *key, const char *value, Error **errp)
{
    if (!keyval_check_key(key, errp)) {
        return false;
    }
    g_auto(GStrv) frags = g_strsplit(key, ".", -1);
    QDict *cur = root;
    guint n = g_strv_length(frags);

    for (guint i = 0; i + 1 < n; i++) {
        QObject *child = qdict_get(cur, frags[i]);
        if (!child) {
            QDict *group = qdict_new();
            qdict_put(cur, frags[i], group);
            cur = group;
            continue;
        }
        if (!qobject_to(QDict, child)) {
            error_setg(errp, "parameter '%s' is used both as a value and as "
                       "a group of parameters", key);
            return false;
        }
        cur = qobject_to(QDict, child);
    }
    QObject *existing = qdict_get(cur, frags[n - 1]);
    if (existing && qobject_to(QDict, existing)) {
        error_setg(errp, "parameter '%s' is used both as a value and as a "
                   "group of parameters", key);
        return false;
    }
    qdict_put_str(cur, frags[n - 1], value);   /* the last one wins */
    return true;
}

static int keyval_compare_index(const void *a, const void *b)
{
    unsigned long long x = strtoull(*(const char *const *)a, NULL, 10);
    unsigned long long y = strtoull(*(const char *const *)b, NULL, 10);

    return x < y ? -1 : x > y;
}

/* Replaces every index-keyed group under dict (path names it in messages)
 * with a list, depth first. */
static bool keyval_finish_dict(QDict *dict, const char *path, Error **errp)
{
    QDICT_FOREACH(e, dict) {
        QDict *child = qobject_to(QDict, qdict_entry_value(e));
        if (!child) {
            continue;
        }
        g_autofree char *child_path = path ?
            g_strdup_printf("%s.%s", path, qdict_entry_key(e)) :
            g_strdup(qdict_entry_key(e));
        if (!keyval_finish_dict(child, child_path, errp)) {
            return false;
        }

        size_t n = qdict_size(child), indexes = 0;
        QDICT_FOREACH(ce, child) {
            const char *k = qdict_entry_key(ce);
            indexes += keyval_fragment_is_index(k, strlen(k));
        }
        if (indexes == 0) {
            continue;
        }
        if (indexes != n) {
            error_setg(errp, "parameters '%s.*' mix list indexes and names",
                       child_path);
            return false;
        }

        g_autofree const char **keys = g_new(const char *, n);
        size_t i = 0;
        QDICT_FOREACH(ce, child) {
            keys[i++] = qdict_entry_key(ce);
        }
        qsort(keys, n, sizeof(keys[0]), keyval_compare_index);
        QList *list = qlist_new();
        for (i = 0; i < n; i++) {
            /* "007" and "7" are the same index twice; neither a gap nor a
             * duplicate may pass. */
            char want[24];
            snprintf(want, sizeof(want), "%zu", i);
            if (strcmp(keys[i], want) != 0) {
                error_setg(errp, "parameter '%s.%zu' is missing (list indexes "
                           "must count up from 0 without gaps)", child_path, i);
                qobject_unref(list);
                return false;
            }
            qlist_append_obj(list, qobject_ref(qdict_get(child, keys[i])));
        }
        /* Replacing the value keeps the entry, so iteration stays valid. */
        qdict_put(dict, qdict_entry_key(e), list);
    }
    return true;
}

bool keyval_finish(QDict *root, Error **errp)
{
    return keyval_finish_dict(root, NULL, errp);
}

/* Reads a value up to the next single ','; ",," is a literal comma. Returns
 * where parsing stops (at the separating ',' or the end). */
static const char *keyval_parse_value(const char *s, GString *out)
{
    while (*s) {
        if (*s == ',') {
            if (s[1] != ',') {
                break;
            }
            s++;
        }
        g_string_append_c(out, *s++);
    }
    return s;
}

QDict *keyval_parse(const char *params, const char *implied_key, bool *help,
                    Error **errp)
{
    g_autoptr(QDict) root = qdict_new();
    const char *s = params;
    bool first = true;

    if (help) {
        *help = false;
    }
    while (*s) {
        size_t key_len = strcspn(s, "=,");
        g_autofree char *key = g_strndup(s, key_len);
        g_autoptr(GString) value = g_string_new(NULL);

        if (s[key_len] == '=') {
            s = keyval_parse_value(s + key_len + 1, value);
        } else if (g_str_equal(key, "help") || g_str_equal(key, "?")) {
            if (!help) {
                error_setg(errp, "help is not available for these parameters");
                return NULL;
            }
            *help = true;
            s += key_len;
            g_clear_pointer(&key, g_free);
        } else if (first && implied_key && key_len > 0) {
            s = keyval_parse_value(s, value);
            g_free(key);
            key = g_strdup(implied_key);
        } else if (key_len == 0) {
            error_setg(errp, "empty parameter at offset %td (expected "
                       "key=value)", s - params);
            return NULL;
        } else {
            error_setg(errp, "expected '=' after parameter '%s'", key);
            return NULL;
        }
        if (key && !keyval_add(root, key, value->str, errp)) {
            return NULL;
        }
        first = false;
        if (*s == ',') {
            s++;
        }
    }
    if (!keyval_finish(root, errp)) {
        return NULL;
    }
    return g_steal_pointer(&root);
}

static void keyval_append_value(GString *out, const char *value)
{
    for (const char *c = value; *c; c++) {
        if (*c == ',') {
            g_string_append_c(out, ',');
        }
        g_string_append_c(out, *c);
    }
}

static void keyval_append_scalar(GString *out, const QObject *value)
{
    switch (qobject_type(value)) {
    case QTYPE_QSTRING:
        keyval_append_value(out, qstring_get_str(qobject_to(QString, value)));
        break;
    case QTYPE_QBOOL:
        g_string_append(out, qbool_get_bool(qobject_to(QBool, value)) ?
                        "on" : "off");
        break;
    case QTYPE_QNUM: {
        g_autofree char *text = qnum_to_string(qobject_to(QNum, value));
        g_string_append(out, text);
        break;
    }
    default:
        /* null has no keyval form: an empty value is the closest. */
        break;
    }
}

static void keyval_append(GString *out, const char *prefix,
                          const QObject *value, const char *skip_key)
{
    const QDict *dict = qobject_to(QDict, value);
    const QList *list = qobject_to(QList, value);

    if (dict) {
        QDICT_FOREACH(e, dict) {
            if (skip_key && g_str_equal(qdict_entry_key(e), skip_key)) {
                continue;
            }
            g_autofree char *key = prefix ?
                g_strdup_printf("%s.%s", prefix, qdict_entry_key(e)) :
                g_strdup(qdict_entry_key(e));
            keyval_append(out, key, qdict_entry_value(e), NULL);
        }
    } else if (list) {
        for (size_t i = 0; i < qlist_size(list); i++) {
            g_autofree char *key = g_strdup_printf("%s.%zu", prefix, i);
            keyval_append(out, key, qlist_entry(list, i), NULL);
        }
    } else {
        if (out->len) {
            g_string_append_c(out, ',');
        }
        g_string_append_printf(out, "%s=", prefix);
        keyval_append_scalar(out, value);
    }
}

/* Whether value, written first without "key=", reads back as the implied
 * key's value. keyval_parse() takes the text up to the first '=' or ',' as
 * a key when an '=' follows, as a help request when it is "help" or "?",
 * and as an empty parameter (an error) when there is none: a value that
 * begins with ',' ("driver=,,x") or is "help" must keep its key. */
static bool keyval_can_imply(const char *value)
{
    size_t first = strcspn(value, ",");

    return first > 0 && !strchr(value, '=') &&
           !(first == 4 && strncmp(value, "help", 4) == 0) &&
           !(first == 1 && value[0] == '?');
}

char *keyval_to_string(const QDict *dict, const char *implied_key)
{
    GString *out = g_string_new(NULL);
    const char *implied = implied_key ?
        qdict_get_try_str(dict, implied_key) : NULL;

    if (implied && keyval_can_imply(implied)) {
        keyval_append_value(out, implied);
    } else {
        implied_key = NULL;
    }
    keyval_append(out, NULL, QOBJECT(dict), implied_key);
    return g_string_free(out, FALSE);
}
