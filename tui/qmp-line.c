#include "qmp-line.h"

#include <string.h>

#include "error.h"
#include "qjson.h"

struct QmpSchemaIndex {
    QList *schema;
    GHashTable *by_name;   /* name -> QDict (borrowed from schema) */
    GPtrArray *commands;   /* sorted command names (borrowed) */
};

static gint compare_str(gconstpointer a, gconstpointer b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

QmpSchemaIndex *qmp_schema_index_new(QList *schema)
{
    QmpSchemaIndex *index = g_new0(QmpSchemaIndex, 1);

    index->schema = qobject_ref(schema);
    index->by_name = g_hash_table_new(g_str_hash, g_str_equal);
    index->commands = g_ptr_array_new();
    for (size_t i = 0; i < qlist_size(schema); i++) {
        QDict *info = qobject_to(QDict, qlist_entry(schema, i));
        const char *name = info ? qdict_get_try_str(info, "name") : NULL;
        const char *meta = info ? qdict_get_try_str(info, "meta-type") : NULL;

        if (!name || !meta) {
            continue;
        }
        g_hash_table_insert(index->by_name, (char *)name, info);
        if (strcmp(meta, "command") == 0) {
            g_ptr_array_add(index->commands, (char *)name);
        }
    }
    g_ptr_array_sort(index->commands, compare_str);
    return index;
}

void qmp_schema_index_free(QmpSchemaIndex *index)
{
    if (!index) {
        return;
    }
    g_ptr_array_unref(index->commands);
    g_hash_table_unref(index->by_name);
    qobject_unref(index->schema);
    g_free(index);
}

static QDict *schema_lookup(const QmpSchemaIndex *index, const char *name,
                            const char *meta)
{
    QDict *info = name ? g_hash_table_lookup(index->by_name, name) : NULL;
    const char *m = info ? qdict_get_try_str(info, "meta-type") : NULL;

    return m && strcmp(m, meta) == 0 ? info : NULL;
}

bool qmp_schema_index_has_command(const QmpSchemaIndex *index,
                                  const char *name)
{
    return schema_lookup(index, name, "command") != NULL;
}

/* The members of a command's argument object, or NULL. */
static QList *command_members(const QmpSchemaIndex *index, const char *cmd)
{
    QDict *info = schema_lookup(index, cmd, "command");
    QDict *args = info ? schema_lookup(index,
                                       qdict_get_try_str(info, "arg-type"),
                                       "object") : NULL;

    return args ? qdict_get_qlist(args, "members") : NULL;
}

static QDict *find_member(QList *members, const char *name)
{
    for (size_t i = 0; members && i < qlist_size(members); i++) {
        QDict *m = qobject_to(QDict, qlist_entry(members, i));
        const char *n = m ? qdict_get_try_str(m, "name") : NULL;

        if (n && strcmp(n, name) == 0) {
            return m;
        }
    }
    return NULL;
}

bool qmp_schema_index_returns_member(const QmpSchemaIndex *index,
                                     const char *command, const char *member)
{
    QDict *info = schema_lookup(index, command, "command");
    const char *ret = info ? qdict_get_try_str(info, "ret-type") : NULL;
    QDict *array = schema_lookup(index, ret, "array");
    QDict *object;

    if (array) {
        ret = qdict_get_try_str(array, "element-type");
    }
    object = schema_lookup(index, ret, "object");
    return object && find_member(qdict_get_qlist(object, "members"), member);
}

/* Splits on blanks outside quotes and brackets, so key={"a": 1} and
 * key="two words" stay one word. The last word may be empty (the line
 * ends in a blank: the user is starting a new word). */
static GPtrArray *split_words(const char *line, size_t *last_start)
{
    GPtrArray *words = g_ptr_array_new_with_free_func(g_free);
    const char *p = line;
    const char *start = NULL;
    int depth = 0;
    bool quoted = false;

    *last_start = strlen(line);
    for (; *p; p++) {
        bool blank = *p == ' ' || *p == '\t';

        if (!start) {
            if (blank) {
                continue;
            }
            start = p;
        }
        if (quoted) {
            if (*p == '\\' && p[1]) {
                p++;
            } else if (*p == '"') {
                quoted = false;
            }
            continue;
        }
        if (*p == '"') {
            quoted = true;
        } else if (*p == '{' || *p == '[') {
            depth++;
        } else if ((*p == '}' || *p == ']') && depth > 0) {
            depth--;
        } else if (blank && depth == 0) {
            g_ptr_array_add(words, g_strndup(start, p - start));
            start = NULL;
        }
    }
    if (start) {
        *last_start = start - line;
        g_ptr_array_add(words, g_strdup(start));
    } else {
        g_ptr_array_add(words, g_strdup(""));
    }
    return words;
}

static void add_if_prefix(GPtrArray *out, const char *candidate,
                          const char *prefix, const char *suffix)
{
    if (g_str_has_prefix(candidate, prefix)) {
        g_ptr_array_add(out, g_strconcat(candidate, suffix, NULL));
    }
}

static void complete_value(const QmpSchemaIndex *index, QDict *member,
                           const char *key, const char *prefix,
                           GPtrArray *out)
{
    const char *type = qdict_get_try_str(member, "type");
    QDict *enum_info = schema_lookup(index, type, "enum");

    if (type && strcmp(type, "bool") == 0) {
        add_if_prefix(out, "false", prefix, "");
        add_if_prefix(out, "true", prefix, "");
    }
    if (enum_info) {
        QList *values = qdict_get_qlist(enum_info, "values");

        for (size_t i = 0; values && i < qlist_size(values); i++) {
            QString *v = qobject_to(QString, qlist_entry(values, i));

            if (v) {
                add_if_prefix(out, qstring_get_str(v), prefix, "");
            }
        }
    }
}

static char *common_prefix(GPtrArray *words)
{
    size_t len;

    if (words->len == 0) {
        return g_strdup("");
    }
    len = strlen(words->pdata[0]);
    for (guint i = 1; i < words->len; i++) {
        const char *w = words->pdata[i];
        size_t j = 0;

        while (j < len && w[j] == ((const char *)words->pdata[0])[j]) {
            j++;
        }
        len = j;
    }
    return g_strndup(words->pdata[0], len);
}

QmpCompletion *qmp_line_complete(const QmpSchemaIndex *index, const char *line)
{
    QmpCompletion *c = g_new0(QmpCompletion, 1);
    size_t last_start;
    g_autoptr(GPtrArray) words = split_words(line, &last_start);
    const char *word = words->pdata[words->len - 1];
    const char *eq = strchr(word, '=');

    c->candidates = g_ptr_array_new_with_free_func(g_free);
    c->replace_from = last_start;
    if (line[0] == '{') {
        /* raw JSON: nothing to complete */
    } else if (words->len == 1) {
        for (guint i = 0; i < index->commands->len; i++) {
            add_if_prefix(c->candidates, index->commands->pdata[i], word, "");
        }
    } else if (eq) {
        g_autofree char *key = g_strndup(word, eq - word);
        QDict *member = find_member(command_members(index, words->pdata[0]),
                                    key);

        c->replace_from = last_start + (eq - word) + 1;
        if (member) {
            complete_value(index, member, key, eq + 1, c->candidates);
        }
    } else {
        QList *members = command_members(index, words->pdata[0]);

        for (size_t i = 0; members && i < qlist_size(members); i++) {
            QDict *m = qobject_to(QDict, qlist_entry(members, i));
            const char *name = m ? qdict_get_try_str(m, "name") : NULL;
            g_autofree char *typed = name ? g_strconcat(name, "=", NULL) : NULL;
            bool already = false;

            for (guint w = 1; name && w + 1 < words->len; w++) {
                already |= g_str_has_prefix(words->pdata[w], typed);
            }
            if (name && !already) {
                add_if_prefix(c->candidates, name, word, "=");
            }
        }
    }
    g_ptr_array_sort(c->candidates, compare_str);
    c->common_prefix = common_prefix(c->candidates);
    return c;
}

void qmp_completion_free(QmpCompletion *c)
{
    if (!c) {
        return;
    }
    g_ptr_array_unref(c->candidates);
    g_free(c->common_prefix);
    g_free(c);
}

static QObject *parse_value(const char *text)
{
    g_autoptr(Error) err = NULL;
    QObject *value = NULL;

    if (text[0] == '"' || text[0] == '{' || text[0] == '[' ||
        g_ascii_isdigit(text[0]) || text[0] == '-' ||
        strcmp(text, "true") == 0 || strcmp(text, "false") == 0 ||
        strcmp(text, "null") == 0) {
        value = qobject_from_json(text, &err);
    }
    return value ? value : QOBJECT(qstring_from_str(text));
}

QDict *qmp_line_parse(const char *line, Error **errp)
{
    g_autofree char *trimmed = g_strstrip(g_strdup(line));
    g_autoptr(QDict) request = NULL;
    g_autoptr(QDict) args = NULL;
    g_autoptr(GPtrArray) words = NULL;
    size_t last_start;

    if (trimmed[0] == '{') {
        return qdict_from_json(trimmed, errp);
    }
    words = split_words(trimmed, &last_start);
    if (((char *)words->pdata[0])[0] == '\0') {
        error_setg(errp, "type a command name, or a JSON request");
        return NULL;
    }
    request = qdict_new();
    args = qdict_new();
    qdict_put_str(request, "execute", words->pdata[0]);
    for (guint i = 1; i < words->len; i++) {
        const char *word = words->pdata[i];
        const char *eq = strchr(word, '=');
        g_autofree char *key = NULL;

        if (!word[0]) {
            continue;
        }
        if (!eq || eq == word) {
            error_setg(errp, "'%s' is not key=value", word);
            return NULL;
        }
        key = g_strndup(word, eq - word);
        qdict_put_obj(args, key, parse_value(eq + 1));
    }
    if (qdict_size(args)) {
        qdict_put_obj(request, "arguments", QOBJECT(g_steal_pointer(&args)));
    }
    return g_steal_pointer(&request);
}
