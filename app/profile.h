/* Profile: one VM's configuration, a config-group file (DESIGN.md) with the
 * front-end's metadata in a [quern] group (description, notes, created,
 * last-run) that the engine reads and ignores.
 *
 * A Profile owns its ConfigFile and remembers which version of the file on
 * disk it was read from (its generation: device, inode, size and mtime; a
 * save renames a new file into place, so every save makes a new inode), so
 * the store can refuse to overwrite a newer version (profile-store.h).
 *
 * Settings as a user types them (`quern edit`, `quern create`):
 *   GROUP.KEY=VALUE         machine.type=virt, memory.size=1G
 *   GROUP:ID.KEY=VALUE      device:disk0.driver=virtio-blk-device
 *   GROUP.KEY=              removes the key
 * A group that does not exist yet is appended. Errors name the setting and
 * what was expected. Strings from getters belong to the profile. */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "config-group.h"
#include "error.h"

typedef struct ProfileGeneration {
    dev_t dev;
    ino_t ino;
    off_t size;
    int64_t mtime_ns;
} ProfileGeneration;

typedef struct Profile Profile;

/* Takes cf. */
Profile *profile_new(const char *name, ConfigFile *cf);
void profile_free(Profile *p);

const char *profile_get_name(const Profile *p);
ConfigFile *profile_get_config(const Profile *p);
const ProfileGeneration *profile_get_generation(const Profile *p);
void profile_set_generation(Profile *p, const ProfileGeneration *gen);

/* [quern] metadata; NULL when unset. */
const char *profile_get_meta(const Profile *p, const char *key);
bool profile_set_meta(Profile *p, const char *key, const char *value,
                      Error **errp);

/* One GROUP[:ID].KEY=VALUE setting, as described above. */
bool profile_apply_setting(Profile *p, const char *setting, Error **errp);
/* The value GROUP[:ID].KEY names, or NULL. */
const char *profile_lookup(const Profile *p, const char *group_key);

/* The equivalent quern-engine options, one argv element each (a NULL-
 * terminated vector; g_strfreev it): [machine] type=virt,kernel=K becomes
 * -machine type=virt -kernel K ... as QEMU's -readconfig reads them; groups
 * the engine does not read ([quern]) are left out. */
char **profile_to_argv(const Profile *p);

/* The current time as a profile stores it (UTC, ISO 8601). */
char *profile_timestamp_now(void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(Profile, profile_free)
