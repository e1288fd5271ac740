/* HMP command-line parsing: see hmp-parse.h. */
#include "hmp-parse.h"

#include <errno.h>
#include <string.h>

typedef enum HmpArgKind {
    HMP_ARG_WORD,           /* s */
    HMP_ARG_OPTS,           /* O */
    HMP_ARG_REST,           /* S */
    HMP_ARG_INT,            /* i */
    HMP_ARG_FLAG,           /* -c */
} HmpArgKind;

typedef struct HmpArgSpec {
    char *key;
    HmpArgKind kind;
    bool optional;
    char flag;
} HmpArgSpec;

static void arg_spec_clear(gpointer p)
{
    g_free(((HmpArgSpec *)p)->key);
}

/* The table's args_type strings are ours, so a malformed one is a bug. */
static GArray *parse_spec(const char *args_type)
{
    GArray *specs = g_array_new(FALSE, TRUE, sizeof(HmpArgSpec));
    g_auto(GStrv) entries = g_strsplit(args_type, ",", -1);

    g_array_set_clear_func(specs, arg_spec_clear);
    for (char **e = entries; *e; e++) {
        const char *colon = strchr(*e, ':');
        HmpArgSpec spec = { 0 };
        const char *kind;

        if (!**e) {
            continue;
        }
        g_assert(colon && colon[1]);
        spec.key = g_strndup(*e, colon - *e);
        kind = colon + 1;
        switch (kind[0]) {
        case 's':
            spec.kind = HMP_ARG_WORD;
            break;
        case 'O':
            spec.kind = HMP_ARG_OPTS;
            spec.optional = true;
            break;
        case 'S':
            spec.kind = HMP_ARG_REST;
            break;
        case 'i':
            spec.kind = HMP_ARG_INT;
            break;
        case '-':
            g_assert(kind[1]);
            spec.kind = HMP_ARG_FLAG;
            spec.flag = kind[1];
            spec.optional = true;
            break;
        default:
            g_assert_not_reached();
        }
        if (spec.kind != HMP_ARG_FLAG && kind[1] == '?') {
            spec.optional = true;
        }
        g_array_append_val(specs, spec);
    }
    return specs;
}

/* The length of the character at p, so a message quotes all of it (a
 * lone byte of a UTF-8 sequence would make the message invalid UTF-8). */
static int char_len(const char *p)
{
    int n = g_utf8_skip[(unsigned char)*p];

    for (int i = 1; i < n; i++) {
        if (((unsigned char)p[i] & 0xc0) != 0x80) {
            return 1;
        }
    }
    return n;
}

const char *hmp_parse_skip_spaces(const char *p)
{
    while (g_ascii_isspace(*p)) {
        p++;
    }
    return p;
}

const char *hmp_parse_command_name(const char *line, size_t *len)
{
    const char *start = hmp_parse_skip_spaces(line);
    const char *p = start;

    if (!*start) {
        return NULL;
    }
    while (*p && *p != '/' && !g_ascii_isspace(*p)) {
        p++;
    }
    *len = p - start;
    return start;
}

char *hmp_parse_word(const char **pp, Error **errp)
{
    const char *p = hmp_parse_skip_spaces(*pp);
    g_autoptr(GString) word = g_string_new(NULL);

    if (!*p) {
        error_setg(errp, "string expected");
        return NULL;
    }
    if (*p != '"') {
        while (*p && !g_ascii_isspace(*p)) {
            g_string_append_c(word, *p++);
        }
        *pp = p;
        return g_string_free(g_steal_pointer(&word), FALSE);
    }
    for (p++; *p && *p != '"'; p++) {
        char c = *p;

        if (c == '\\') {
            switch (*++p) {
            case 'n':
                c = '\n';
                break;
            case 'r':
                c = '\r';
                break;
            case '\\':
            case '\'':
            case '"':
                c = *p;
                break;
            case '\0':
                error_setg(errp, "unterminated string");
                return NULL;
            default:
                error_setg(errp, "unsupported escape code: '\\%.*s'",
                           char_len(p), p);
                return NULL;
            }
        }
        g_string_append_c(word, c);
    }
    if (*p != '"') {
        error_setg(errp, "unterminated string");
        return NULL;
    }
    *pp = p + 1;
    return g_string_free(g_steal_pointer(&word), FALSE);
}

/* A run of flags: "-a -b" in any order among specs[first..]'s flags.
 * Returns the index of the last flag spec of the run. */
static bool parse_flags(const char *name, GArray *specs, guint first,
                        guint *last, const char **pp, QDict *args,
                        Error **errp)
{
    guint end = first;
    const char *p = *pp;

    while (end + 1 < specs->len &&
           g_array_index(specs, HmpArgSpec, end + 1).kind == HMP_ARG_FLAG) {
        end++;
    }
    *last = end;
    for (;;) {
        const HmpArgSpec *match = NULL;

        p = hmp_parse_skip_spaces(p);
        if (p[0] != '-' || !p[1] || g_ascii_isspace(p[1])) {
            break;
        }
        for (guint i = first; i <= end; i++) {
            const HmpArgSpec *spec = &g_array_index(specs, HmpArgSpec, i);

            if (spec->flag == p[1]) {
                match = spec;
            }
        }
        if (!match || (p[2] && !g_ascii_isspace(p[2]))) {
            error_setg(errp, "%s: unsupported option -%.*s", name,
                       char_len(p + 1), p + 1);
            return false;
        }
        qdict_put_bool(args, match->key, true);
        p += 2;
    }
    *pp = p;
    return true;
}

static bool parse_int(const char *name, const char **pp, int64_t *value,
                      Error **errp)
{
    const char *p = *pp;
    char *end;

    errno = 0;
    *value = g_ascii_strtoll(p, &end, 0);
    if (end == p || (*end && !g_ascii_isspace(*end))) {
        error_setg(errp, "%s: integer expected", name);
        return false;
    }
    if (errno == ERANGE) {
        error_setg(errp, "%s: number too large", name);
        return false;
    }
    *pp = end;
    return true;
}

QDict *hmp_parse_args(const char *name, const char *args_type,
                      const char *text, Error **errp)
{
    g_autoptr(GArray) specs = parse_spec(args_type);
    g_autoptr(QDict) args = qdict_new();
    const char *p = text;

    for (guint i = 0; i < specs->len; i++) {
        const HmpArgSpec *spec = &g_array_index(specs, HmpArgSpec, i);
        Error *err = NULL;
        char *word;
        int64_t n;

        p = hmp_parse_skip_spaces(p);
        if (spec->kind == HMP_ARG_FLAG) {
            if (!parse_flags(name, specs, i, &i, &p, args, errp)) {
                return NULL;
            }
            continue;
        }
        if (!*p && spec->optional) {
            continue;
        }
        switch (spec->kind) {
        case HMP_ARG_WORD:
        case HMP_ARG_OPTS:
            word = hmp_parse_word(&p, &err);
            if (!word) {
                error_prepend(&err, "%s: ", name);
                error_propagate(errp, err);
                return NULL;
            }
            qdict_put_obj(args, spec->key, QOBJECT(qstring_take_str(word)));
            break;
        case HMP_ARG_REST:
            if (!*p) {
                error_setg(errp, "%s: string expected", name);
                return NULL;
            }
            qdict_put_str(args, spec->key, p);
            p += strlen(p);
            break;
        case HMP_ARG_INT:
            if (!*p) {
                error_setg(errp, "%s: integer expected", name);
                return NULL;
            }
            if (!parse_int(name, &p, &n, errp)) {
                return NULL;
            }
            qdict_put_int(args, spec->key, n);
            break;
        case HMP_ARG_FLAG:
            g_assert_not_reached();
        }
    }
    p = hmp_parse_skip_spaces(p);
    if (*p) {
        error_setg(errp, "%s: extraneous characters at the end of line", name);
        return NULL;
    }
    return g_steal_pointer(&args);
}
