#include "field-model.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"

struct FieldModel {
    GPtrArray *fields;
    char *base_dir;
};

static void field_free(Field *f)
{
    g_free(f->group);
    g_free(f->id);
    g_free(f->key);
    g_free(f->label);
    if (f->choices) {
        g_ptr_array_unref(f->choices);
    }
    g_free(f->default_value);
    g_free(f->doc);
    g_free(f->value);
    g_free(f->error);
    g_free(f);
}

FieldModel *field_model_new(const char *base_dir)
{
    FieldModel *model = g_new0(FieldModel, 1);

    model->fields = g_ptr_array_new_with_free_func((GDestroyNotify)field_free);
    model->base_dir = g_strdup(base_dir ? base_dir : ".");
    return model;
}

void field_model_free(FieldModel *model)
{
    if (!model) {
        return;
    }
    g_ptr_array_unref(model->fields);
    g_free(model->base_dir);
    g_free(model);
}

Field *field_model_add(FieldModel *model, const char *group, const char *id,
                       const char *key, const char *label, FieldKind kind,
                       const char *const *choices, const char *default_value,
                       const char *doc)
{
    Field *f = g_new0(Field, 1);

    f->group = g_strdup(group);
    f->id = g_strdup(id);
    f->key = g_strdup(key);
    f->label = g_strdup(label ? label : key);
    f->kind = kind;
    if (kind == FIELD_BOOL) {
        f->choices = g_ptr_array_new_with_free_func(g_free);
        g_ptr_array_add(f->choices, g_strdup("on"));
        g_ptr_array_add(f->choices, g_strdup("off"));
    } else if (choices) {
        f->choices = g_ptr_array_new_with_free_func(g_free);
        for (size_t i = 0; choices[i]; i++) {
            g_ptr_array_add(f->choices, g_strdup(choices[i]));
        }
    }
    f->default_value = g_strdup(default_value);
    f->doc = g_strdup(doc);
    g_ptr_array_add(model->fields, f);
    return f;
}

FieldKind field_kind_from_type(const char *type, bool has_choices)
{
    if (has_choices) {
        return FIELD_ENUM;
    }
    if (!type) {
        return FIELD_STRING;
    }
    if (strcmp(type, "bool") == 0) {
        return FIELD_BOOL;
    }
    if (strcmp(type, "size") == 0) {
        return FIELD_SIZE;
    }
    if (g_str_has_prefix(type, "uint")) {
        return FIELD_UINT;
    }
    if (g_str_has_prefix(type, "int")) {
        return FIELD_INT;
    }
    return FIELD_STRING;
}

size_t field_model_size(const FieldModel *model)
{
    return model->fields->len;
}

Field *field_model_get(const FieldModel *model, size_t index)
{
    return index < model->fields->len ? model->fields->pdata[index] : NULL;
}

Field *field_model_find(const FieldModel *model, const char *group,
                        const char *id, const char *key)
{
    for (guint i = 0; i < model->fields->len; i++) {
        Field *f = model->fields->pdata[i];

        if (strcmp(f->group, group) == 0 && g_strcmp0(f->id, id) == 0 &&
            strcmp(f->key, key) == 0) {
            return f;
        }
    }
    return NULL;
}

void field_model_remove_group(FieldModel *model, const char *group,
                              const char *id)
{
    for (guint i = model->fields->len; i-- > 0;) {
        Field *f = model->fields->pdata[i];

        if (strcmp(f->group, group) == 0 && g_strcmp0(f->id, id) == 0) {
            g_ptr_array_remove_index(model->fields, i);
        }
    }
}

bool field_parse_size(const char *text, guint64 *bytes)
{
    static const char suffixes[] = "BKMGTPE";
    char *end;
    guint64 n;
    const char *s;
    unsigned shift;

    if (!g_ascii_isdigit(text[0])) {
        return false;
    }
    errno = 0;
    n = g_ascii_strtoull(text, &end, 10);
    if (errno) {
        return false;
    }
    if (*end == '\0') {
        *bytes = n;
        return true;
    }
    s = strchr(suffixes, g_ascii_toupper(*end));
    if (!s || end[1] != '\0') {
        return false;
    }
    shift = 10 * (unsigned)(s - suffixes);
    if (shift && n > (G_MAXUINT64 >> shift)) {
        return false;
    }
    *bytes = n << shift;
    return true;
}

static bool in_choices(const Field *f, const char *text)
{
    for (guint i = 0; f->choices && i < f->choices->len; i++) {
        if (strcmp(f->choices->pdata[i], text) == 0) {
            return true;
        }
    }
    return false;
}

/* The message for a bad value, or NULL. Config-group values cannot hold
 * '"' or a newline, so those are refused here, before save. */
static char *field_check(const FieldModel *model, const Field *f,
                         const char *text)
{
    char *end;
    guint64 size;

    if (!text) {
        return f->required && !f->default_value
               ? g_strdup_printf("%s is required", f->label) : NULL;
    }
    if (strpbrk(text, "\"\n")) {
        return g_strdup("quotes and newlines cannot be stored");
    }
    switch (f->kind) {
    case FIELD_INT:
        errno = 0;
        g_ascii_strtoll(text, &end, 0);
        return errno || *end || end == text
               ? g_strdup("expected an integer") : NULL;
    case FIELD_UINT:
        errno = 0;
        g_ascii_strtoull(text, &end, 0);
        return errno || *end || end == text || text[0] == '-'
               ? g_strdup("expected a non-negative integer") : NULL;
    case FIELD_SIZE:
        return field_parse_size(text, &size)
               ? NULL : g_strdup("expected a size such as 512M or 2G");
    case FIELD_BOOL:
    case FIELD_ENUM: {
        g_autoptr(GString) list = g_string_new(NULL);

        if (in_choices(f, text)) {
            return NULL;
        }
        for (guint i = 0; i < f->choices->len; i++) {
            g_string_append_printf(list, "%s%s", i ? ", " : "",
                                   (char *)f->choices->pdata[i]);
        }
        return g_strdup_printf("expected one of: %s", list->str);
    }
    case FIELD_PATH: {
        g_autofree char *path = g_path_is_absolute(text)
            ? g_strdup(text) : g_build_filename(model->base_dir, text, NULL);

        return g_file_test(path, G_FILE_TEST_EXISTS)
               ? NULL : g_strdup_printf("no such file: %s", path);
    }
    case FIELD_STRING:
        return NULL;
    }
    return NULL;
}

bool field_set_value(FieldModel *model, Field *field, const char *text)
{
    g_free(field->value);
    field->value = text && text[0] ? g_strdup(text) : NULL;
    g_free(field->error);
    field->error = field_check(model, field, field->value);
    return field->error == NULL;
}

void field_cycle(FieldModel *model, Field *field, int step)
{
    const char *current = field_effective_value(field);
    guint n, i;

    if (!field->choices || field->choices->len == 0) {
        return;
    }
    n = field->choices->len;
    for (i = 0; i < n; i++) {
        if (strcmp(field->choices->pdata[i], current) == 0) {
            break;
        }
    }
    i = i == n ? 0 : (i + n + (step < 0 ? n - 1 : 1)) % n;
    field_set_value(model, field, field->choices->pdata[i]);
}

const char *field_effective_value(const Field *field)
{
    return field->value ? field->value
         : field->default_value ? field->default_value : "";
}

Field *field_model_first_error(const FieldModel *model)
{
    for (guint i = 0; i < model->fields->len; i++) {
        Field *f = model->fields->pdata[i];

        if (f->error) {
            return f;
        }
    }
    return NULL;
}

bool field_model_is_valid(const FieldModel *model)
{
    return field_model_first_error(model) == NULL;
}

void field_model_load(FieldModel *model, const ConfigFile *cf)
{
    for (guint i = 0; i < model->fields->len; i++) {
        Field *f = model->fields->pdata[i];
        ConfigGroup *g = config_file_find_group(cf, f->group, f->id);

        field_set_value(model, f, g ? config_group_get(g, f->key) : NULL);
    }
}

bool field_model_store(const FieldModel *model, ConfigFile *cf, Error **errp)
{
    Field *bad = field_model_first_error(model);

    if (bad) {
        error_setg(errp, "[%s%s%s%s] %s: %s", bad->group,
                   bad->id ? " \"" : "", bad->id ? bad->id : "",
                   bad->id ? "\"" : "", bad->key, bad->error);
        return false;
    }
    for (guint i = 0; i < model->fields->len; i++) {
        Field *f = model->fields->pdata[i];
        ConfigGroup *g = config_file_find_group(cf, f->group, f->id);

        if (!f->value) {
            if (g) {
                config_group_unset(g, f->key);
            }
            continue;
        }
        if (!g) {
            g = config_file_add_group(cf, f->group, f->id, errp);
            if (!g) {
                return false;
            }
        }
        if (!config_group_set(g, f->key, f->value, errp)) {
            return false;
        }
    }
    return true;
}
