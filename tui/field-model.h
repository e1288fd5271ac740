/* Field model: the profile editor's form, without any drawing. A field is
 * one key of one config group ([machine] type, [memory] size, [device
 * "rng0"] max-bytes...) with a kind that says how its text is checked and
 * edited (enums and bools cycle through their choices), the default that
 * applies when it is left empty and its documentation. The fields are
 * built from the engine's catalog by the editor; this module only keeps,
 * validates and moves values between the form and a ConfigFile.
 *
 * The model owns its fields and their strings. Validation is inline: every
 * change sets or clears the field's error at once, and the model is valid
 * when no field has one. */
#pragma once
#include <glib.h>
#include <stdbool.h>
#include "config-group.h"

typedef enum FieldKind {
    FIELD_STRING,
    FIELD_INT,
    FIELD_UINT,
    FIELD_SIZE,    /* bytes, with an optional K/M/G/T suffix */
    FIELD_BOOL,
    FIELD_ENUM,
    FIELD_PATH,    /* a file that must exist (relative: to base_dir) */
} FieldKind;

typedef struct Field {
    char *group;          /* config group name: "machine", "device" */
    char *id;             /* its id, or NULL */
    char *key;
    char *label;          /* what the form shows */
    FieldKind kind;
    GPtrArray *choices;   /* FIELD_ENUM (strings); FIELD_BOOL has on/off */
    char *default_value;  /* or NULL */
    char *doc;            /* or NULL */
    bool required;
    char *value;          /* NULL: unset, the default applies */
    char *error;          /* NULL when the value is acceptable */
} Field;

typedef struct FieldModel FieldModel;

/* base_dir resolves relative FIELD_PATH values (NULL: the current dir). */
FieldModel *field_model_new(const char *base_dir);
void field_model_free(FieldModel *model);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(FieldModel, field_model_free)

/* Adds a field and returns it (owned by the model). choices may be NULL. */
Field *field_model_add(FieldModel *model, const char *group, const char *id,
                       const char *key, const char *label, FieldKind kind,
                       const char *const *choices, const char *default_value,
                       const char *doc);
/* Maps an engine property type ("bool", "uint32", "size", "str",
 * enum...) to a field kind; has_choices marks an enum. */
FieldKind field_kind_from_type(const char *type, bool has_choices);

size_t field_model_size(const FieldModel *model);
Field *field_model_get(const FieldModel *model, size_t index);
Field *field_model_find(const FieldModel *model, const char *group,
                        const char *id, const char *key);
/* Removes every field of one group instance (a device taken out). */
void field_model_remove_group(FieldModel *model, const char *group,
                              const char *id);

/* Sets the text (NULL or "" unsets it) and validates it; returns whether
 * it is acceptable. The value is kept either way so the user can fix it. */
bool field_set_value(FieldModel *model, Field *field, const char *text);
/* Enums and bools: the next (step 1) or previous (step -1) choice. */
void field_cycle(FieldModel *model, Field *field, int step);
/* What the field holds, or its default, or "". */
const char *field_effective_value(const Field *field);

bool field_model_is_valid(const FieldModel *model);
/* The first field with an error, or NULL. */
Field *field_model_first_error(const FieldModel *model);

/* Reads every field's value from cf (a missing key leaves it unset). */
void field_model_load(FieldModel *model, const ConfigFile *cf);
/* Writes every field into cf (creating groups; unset fields are removed).
 * Refuses while a field has an error, naming it. */
bool field_model_store(const FieldModel *model, ConfigFile *cf, Error **errp);

/* "512M" -> 536870912; false on anything else. */
bool field_parse_size(const char *text, guint64 *bytes);
