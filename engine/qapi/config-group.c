/* Config groups: see config-group.h. */
#include "config-group.h"
#include "keyval.h"

#include <errno.h>
#include <string.h>

/* Profiles are a few kilobytes; a file this big is a mistake, not a VM. */
#define CONFIG_FILE_MAX_BYTES (16 * 1024 * 1024)

typedef struct ConfigEntry {
    char *key;
    char *value;
    char *comments;   /* comment and blank lines just before it, verbatim */
    unsigned line;    /* 0 when added by code, not read from a file */
} ConfigEntry;

struct ConfigGroup {
    char *name;
    char *id;
    char *comments;   /* lines just before its header, verbatim */
    GPtrArray *entries;
    const char *filename;   /* borrowed from the file */
    unsigned line;
};

struct ConfigFile {
    GPtrArray *groups;
    char *trailer;    /* comment and blank lines after the last entry */
    char *filename;
};

static void config_entry_free(ConfigEntry *e)
{
    g_free(e->key);
    g_free(e->value);
    g_free(e->comments);
    g_free(e);
}

static void config_group_free(ConfigGroup *g)
{
    g_free(g->name);
    g_free(g->id);
    g_free(g->comments);
    g_ptr_array_free(g->entries, TRUE);
    g_free(g);
}

ConfigFile *config_file_new(void)
{
    ConfigFile *cf = g_new0(ConfigFile, 1);

    cf->groups = g_ptr_array_new_with_free_func((GDestroyNotify)config_group_free);
    return cf;
}

void config_file_free(ConfigFile *cf)
{
    if (cf) {
        g_ptr_array_free(cf->groups, TRUE);
        g_free(cf->trailer);
        g_free(cf->filename);
        g_free(cf);
    }
}

/* Group names and keys: what QemuOpts and keyval accept, dots included so a
 * key may nest. */
static bool config_word_is_valid(const char *word)
{
    if (!*word) {
        return false;
    }
    for (const char *c = word; *c; c++) {
        if (!g_ascii_isalnum(*c) && !strchr("-_.", *c)) {
            return false;
        }
    }
    return true;
}

/* QEMU's rule for ids: a letter, then letters, digits, '-', '.', '_'. */
static bool config_id_is_valid(const char *id)
{
    if (!g_ascii_isalpha(id[0])) {
        return false;
    }
    for (const char *c = id + 1; *c; c++) {
        if (!g_ascii_isalnum(*c) && !strchr("-._", *c)) {
            return false;
        }
    }
    return true;
}

static bool config_value_is_valid(const char *value)
{
    return !strpbrk(value, "\"\n\r");
}

static ConfigGroup *config_group_new(const char *name, const char *id)
{
    ConfigGroup *g = g_new0(ConfigGroup, 1);

    g->name = g_strdup(name);
    g->id = g_strdup(id);
    g->entries = g_ptr_array_new_with_free_func((GDestroyNotify)config_entry_free);
    return g;
}

static const char *skip_space(const char *s)
{
    while (*s == ' ' || *s == '\t') {
        s++;
    }
    return s;
}

/* Reads a run of word characters; returns its end. */
static const char *scan_word(const char *s)
{
    while (g_ascii_isalnum(*s) || (*s && strchr("-_.", *s))) {
        s++;
    }
    return s;
}

/* "[name]" or "[name \"id\"]". */
static ConfigGroup *config_parse_header(const char *line, const char *where,
                                        Error **errp)
{
    const char *s = skip_space(line + 1);
    const char *name_end = scan_word(s);
    g_autofree char *name = g_strndup(s, name_end - s);
    g_autofree char *id = NULL;

    s = skip_space(name_end);
    if (*s == '"') {
        const char *id_end = strchr(s + 1, '"');
        if (!id_end) {
            error_setg(errp, "%s: unterminated id in group header", where);
            return NULL;
        }
        id = g_strndup(s + 1, id_end - s - 1);
        s = skip_space(id_end + 1);
    }
    if (!*name || *s != ']' || *skip_space(s + 1)) {
        error_setg(errp, "%s: expected a group header such as [device] or "
                   "[device \"id\"]", where);
        return NULL;
    }
    if (id && !config_id_is_valid(id)) {
        error_setg(errp, "%s: invalid id '%s' (expected a letter, then "
                   "letters, digits, '-', '.' or '_')", where, id);
        return NULL;
    }
    return config_group_new(name, id);
}

/* "key = \"value\"". */
static ConfigEntry *config_parse_entry(const char *line, const char *where,
                                       Error **errp)
{
    const char *s = skip_space(line);
    const char *key_end = scan_word(s);

    if (key_end == s) {
        error_setg(errp, "%s: expected key = \"value\", a [group] header or "
                   "a # comment", where);
        return NULL;
    }
    g_autofree char *key = g_strndup(s, key_end - s);
    s = skip_space(key_end);
    if (*s != '=') {
        error_setg(errp, "%s: expected '=' after key '%s'", where, key);
        return NULL;
    }
    s = skip_space(s + 1);
    if (*s != '"') {
        error_setg(errp, "%s: the value of '%s' must be in double quotes",
                   where, key);
        return NULL;
    }
    const char *value_end = strchr(s + 1, '"');
    if (!value_end) {
        error_setg(errp, "%s: the value of '%s' has no closing '\"'", where,
                   key);
        return NULL;
    }
    if (*skip_space(value_end + 1)) {
        error_setg(errp, "%s: unexpected text after the value of '%s' (values "
                   "cannot contain '\"')", where, key);
        return NULL;
    }
    g_autofree char *value = g_strndup(s + 1, value_end - s - 1);
    /* Only a line's last CR is its Windows line ending; one inside the
     * quotes is a line break config_group_set() refuses, and a value read
     * here must be one the file can be edited back to. */
    if (strchr(value, '\r')) {
        error_setg(errp, "%s: the value of '%s' contains a carriage return "
                   "(values cannot contain line breaks)", where, key);
        return NULL;
    }
    ConfigEntry *e = g_new0(ConfigEntry, 1);
    e->key = g_steal_pointer(&key);
    e->value = g_steal_pointer(&value);
    return e;
}

static bool line_is_comment_or_blank(const char *line)
{
    const char *s = skip_space(line);

    return *s == '\0' || *s == '#';
}

ConfigFile *config_file_parse(const char *text, const char *filename,
                              Error **errp)
{
    g_autoptr(ConfigFile) cf = config_file_new();
    g_autoptr(GString) pending = g_string_new(NULL);   /* comment lines */
    ConfigGroup *group = NULL;
    unsigned lineno = 0;

    cf->filename = g_strdup(filename ? filename : "(config)");
    filename = cf->filename;
    for (const char *p = text; *p; ) {
        size_t len = strcspn(p, "\n");
        g_autofree char *line = g_strndup(p, len);
        p += len + (p[len] == '\n');
        lineno++;
        /* A file edited on Windows ends its lines in CR LF; one converted
         * twice, in CR CR LF. Stripping them all keeps a comment line from
         * losing one CR per save. */
        while (len && line[len - 1] == '\r') {
            line[--len] = '\0';
        }
        g_autofree char *where = g_strdup_printf("%s:%u", filename, lineno);

        if (!g_utf8_validate(line, -1, NULL)) {
            error_setg(errp, "%s: invalid UTF-8", where);
            return NULL;
        }
        if (line_is_comment_or_blank(line)) {
            g_string_append_printf(pending, "%s\n", line);
            continue;
        }
        if (*skip_space(line) == '[') {
            group = config_parse_header(skip_space(line), where, errp);
            if (!group) {
                return NULL;
            }
            group->comments = g_strdup(pending->str);
            group->filename = cf->filename;
            group->line = lineno;
            g_string_truncate(pending, 0);
            g_ptr_array_add(cf->groups, group);
            continue;
        }
        ConfigEntry *e = config_parse_entry(line, where, errp);
        if (!e) {
            return NULL;
        }
        if (!group) {
            error_setg(errp, "%s: key '%s' is outside any group (expected a "
                       "[group] header first)", where, e->key);
            config_entry_free(e);
            return NULL;
        }
        e->comments = g_strdup(pending->str);
        e->line = lineno;
        g_string_truncate(pending, 0);
        g_ptr_array_add(group->entries, e);
    }
    cf->trailer = g_strdup(pending->str);
    return g_steal_pointer(&cf);
}

ConfigFile *config_file_load(const char *path, Error **errp)
{
    g_autofree char *text = NULL;
    g_autoptr(GError) gerr = NULL;
    gsize len;

    if (!g_file_get_contents(path, &text, &len, &gerr)) {
        error_setg(errp, "cannot read '%s': %s", path, gerr->message);
        return NULL;
    }
    if (len > CONFIG_FILE_MAX_BYTES) {
        error_setg(errp, "%s: file is larger than %d bytes", path,
                   CONFIG_FILE_MAX_BYTES);
        return NULL;
    }
    if (strlen(text) != len) {
        error_setg(errp, "%s: file contains a NUL byte", path);
        return NULL;
    }
    return config_file_parse(text, path, errp);
}

char *config_file_to_string(const ConfigFile *cf)
{
    GString *out = g_string_new(NULL);

    for (guint i = 0; i < cf->groups->len; i++) {
        const ConfigGroup *g = g_ptr_array_index(cf->groups, i);
        g_string_append(out, g->comments ? g->comments : "");
        if (g->id) {
            g_string_append_printf(out, "[%s \"%s\"]\n", g->name, g->id);
        } else {
            g_string_append_printf(out, "[%s]\n", g->name);
        }
        for (guint j = 0; j < g->entries->len; j++) {
            const ConfigEntry *e = g_ptr_array_index(g->entries, j);
            g_string_append(out, e->comments ? e->comments : "");
            g_string_append_printf(out, "  %s = \"%s\"\n", e->key, e->value);
        }
    }
    g_string_append(out, cf->trailer ? cf->trailer : "");
    return g_string_free(out, FALSE);
}

bool config_file_save(const ConfigFile *cf, const char *path, Error **errp)
{
    g_autofree char *text = config_file_to_string(cf);
    g_autoptr(GError) gerr = NULL;

    /* Writes a temporary file, fsyncs it and renames it over path. */
    if (!g_file_set_contents_full(path, text, -1,
                                  G_FILE_SET_CONTENTS_CONSISTENT |
                                  G_FILE_SET_CONTENTS_DURABLE,
                                  0600, &gerr)) {
        error_setg(errp, "cannot write '%s': %s", path, gerr->message);
        return false;
    }
    return true;
}

size_t config_file_get_n_groups(const ConfigFile *cf)
{
    return cf->groups->len;
}

ConfigGroup *config_file_get_group(const ConfigFile *cf, size_t index)
{
    g_assert(index < cf->groups->len);
    return g_ptr_array_index(cf->groups, index);
}

ConfigGroup *config_file_find_group(const ConfigFile *cf, const char *name,
                                    const char *id)
{
    for (guint i = 0; i < cf->groups->len; i++) {
        ConfigGroup *g = g_ptr_array_index(cf->groups, i);
        if (g_str_equal(g->name, name) && (!id || g_strcmp0(g->id, id) == 0)) {
            return g;
        }
    }
    return NULL;
}

ConfigGroup *config_file_add_group(ConfigFile *cf, const char *name,
                                   const char *id, Error **errp)
{
    if (!config_word_is_valid(name)) {
        error_setg(errp, "invalid group name '%s' (expected letters, digits, "
                   "'-', '.' or '_')", name);
        return NULL;
    }
    if (id && !config_id_is_valid(id)) {
        error_setg(errp, "invalid id '%s' (expected a letter, then letters, "
                   "digits, '-', '.' or '_')", id);
        return NULL;
    }
    ConfigGroup *g = config_group_new(name, id);
    g->filename = cf->filename;
    g_ptr_array_add(cf->groups, g);
    return g;
}

void config_file_remove_group(ConfigFile *cf, ConfigGroup *group)
{
    g_assert(g_ptr_array_remove(cf->groups, group));
}

const char *config_group_get_name(const ConfigGroup *group)
{
    return group->name;
}

const char *config_group_get_id(const ConfigGroup *group)
{
    return group->id;
}

size_t config_group_get_n_entries(const ConfigGroup *group)
{
    return group->entries->len;
}

void config_group_get_entry(const ConfigGroup *group, size_t index,
                            const char **key, const char **value)
{
    g_assert(index < group->entries->len);
    const ConfigEntry *e = g_ptr_array_index(group->entries, index);
    *key = e->key;
    *value = e->value;
}

const char *config_group_get(const ConfigGroup *group, const char *key)
{
    for (guint i = group->entries->len; i-- > 0; ) {
        const ConfigEntry *e = g_ptr_array_index(group->entries, i);
        if (g_str_equal(e->key, key)) {
            return e->value;
        }
    }
    return NULL;
}

bool config_group_set(ConfigGroup *group, const char *key, const char *value,
                      Error **errp)
{
    if (!config_word_is_valid(key)) {
        error_setg(errp, "invalid key '%s' (expected letters, digits, '-', "
                   "'.' or '_')", key);
        return false;
    }
    if (!config_value_is_valid(value)) {
        error_setg(errp, "the value of '%s' cannot contain '\"' or a line "
                   "break (config files have no escapes)", key);
        return false;
    }
    ConfigEntry *found = NULL;
    for (guint i = 0; i < group->entries->len; ) {
        ConfigEntry *e = g_ptr_array_index(group->entries, i);
        if (!g_str_equal(e->key, key)) {
            i++;
        } else if (!found) {
            found = e;
            i++;
        } else {
            g_ptr_array_remove_index(group->entries, i);
        }
    }
    if (found) {
        g_free(found->value);
        found->value = g_strdup(value);
        return true;
    }
    ConfigEntry *e = g_new0(ConfigEntry, 1);
    e->key = g_strdup(key);
    e->value = g_strdup(value);
    g_ptr_array_add(group->entries, e);
    return true;
}

bool config_group_unset(ConfigGroup *group, const char *key)
{
    bool removed = false;

    for (guint i = 0; i < group->entries->len; ) {
        ConfigEntry *e = g_ptr_array_index(group->entries, i);
        if (g_str_equal(e->key, key)) {
            g_ptr_array_remove_index(group->entries, i);
            removed = true;
        } else {
            i++;
        }
    }
    return removed;
}

QDict *config_group_to_qdict(const ConfigGroup *group, Error **errp)
{
    g_autoptr(QDict) dict = qdict_new();

    if (group->id) {
        qdict_put_str(dict, "id", group->id);
    }
    for (guint i = 0; i < group->entries->len; i++) {
        const ConfigEntry *e = g_ptr_array_index(group->entries, i);
        if (!keyval_add(dict, e->key, e->value, errp)) {
            if (e->line) {
                error_prepend(errp, "%s:%u: ", group->filename, e->line);
            }
            return NULL;
        }
    }
    if (!keyval_finish(dict, errp)) {
        if (group->line) {
            error_prepend(errp, "%s:%u: in group [%s]: ", group->filename,
                          group->line, group->name);
        } else {
            error_prepend(errp, "in group [%s]: ", group->name);
        }
        return NULL;
    }
    return g_steal_pointer(&dict);
}
