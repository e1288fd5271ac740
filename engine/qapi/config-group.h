/* Config groups: the `-readconfig` file format, read and written losslessly.
 *
 *     # comment
 *     [machine]
 *       type = "virt"
 *     [device "disk0"]
 *       driver = "virtio-blk-device"
 *
 * A file is a list of groups; a group has a name, an optional id (the quoted
 * word in its header) and an ordered list of key = "value" entries. Values
 * are always double-quoted and cannot contain '"' or a newline (QEMU's format
 * has no escapes). Comments and blank lines are kept where they stood, and
 * unknown groups are kept as they are, so a file read and written back is
 * unchanged but for indentation and spacing, which are normalised to the
 * layout above. Where QEMU is stricter than it needs to be, this parser is
 * lenient: indented comments and whitespace-only lines are accepted.
 *
 * Ownership: ConfigFile owns its groups, a group its entries; strings
 * returned by getters belong to the file. config_file_save() is atomic (a
 * temporary file, fsync, rename): a crash never leaves a half-written file.
 * Errors say "FILE:LINE: what was expected".
 */
#pragma once

#include "qdict.h"

typedef struct ConfigFile ConfigFile;
typedef struct ConfigGroup ConfigGroup;

ConfigFile *config_file_new(void);
/* filename is used in error messages only. */
ConfigFile *config_file_parse(const char *text, const char *filename,
                              Error **errp);
ConfigFile *config_file_load(const char *path, Error **errp);
void config_file_free(ConfigFile *cf);

char *config_file_to_string(const ConfigFile *cf);
bool config_file_save(const ConfigFile *cf, const char *path, Error **errp);

size_t config_file_get_n_groups(const ConfigFile *cf);
ConfigGroup *config_file_get_group(const ConfigFile *cf, size_t index);
/* The first group with this name (and id, unless id is NULL). */
ConfigGroup *config_file_find_group(const ConfigFile *cf, const char *name,
                                    const char *id);
/* Appends an empty group; fails on a malformed name or id. */
ConfigGroup *config_file_add_group(ConfigFile *cf, const char *name,
                                   const char *id, Error **errp);
void config_file_remove_group(ConfigFile *cf, ConfigGroup *group);

const char *config_group_get_name(const ConfigGroup *group);
const char *config_group_get_id(const ConfigGroup *group);   /* or NULL */
size_t config_group_get_n_entries(const ConfigGroup *group);
void config_group_get_entry(const ConfigGroup *group, size_t index,
                            const char **key, const char **value);
/* The value of the last entry with this key, or NULL. */
const char *config_group_get(const ConfigGroup *group, const char *key);
/* Replaces the value of the first entry with this key (dropping any later
 * duplicates) or appends one; fails on a malformed key or value. */
bool config_group_set(ConfigGroup *group, const char *key, const char *value,
                      Error **errp);
/* Removes every entry with this key; false when there was none. */
bool config_group_unset(ConfigGroup *group, const char *key);

/* The group as the QDict its command-line twin would produce: dotted keys
 * nest and index keys make lists (keyval's rules), the header's id becomes
 * "id". Every value is a string. Errors name the file and line. */
QDict *config_group_to_qdict(const ConfigGroup *group, Error **errp);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(ConfigFile, config_file_free)
