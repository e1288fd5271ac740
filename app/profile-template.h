/* Profile templates: the stock profiles in profiles/ and their
 * instantiation into a user's profile.
 *
 * Templates are found in $QUERN_TEMPLATES (a directory), else the source
 * tree's profiles/ this build came from. A template names its guest files
 * relative to the directory holding them, as `quern-engine -readconfig`
 * reads it from there. Instantiating resolves each relative path that does
 * not exist under the data directory but does in the guest cache's stable
 * link, $XDG_CACHE_HOME/quern/guests/latest/ (scripts/guest/build-guest.sh
 * keeps it pointing at the newest build):
 *  - [machine] kernel, initrd, dtb, firmware become that absolute path
 *    (read-only inputs, shared by every VM);
 *  - a writable [drive] file is copied to images/<profile>-<file> under the
 *    data directory (the guest writes to it; the cached one stays as built)
 *    and the profile names the copy, relative to the data directory, which
 *    is the engine's working directory.
 * Ownership: returned strings and arrays are the caller's. */
#pragma once

#include "profile-store.h"

char *profile_template_dir(void);
/* The names (without .cfg) of the templates, sorted; g_strfreev it. */
char **profile_template_list(void);
/* NAME or a path (containing '/') to a template file. */
char *profile_template_path(const char *name_or_path, Error **errp);

/* A new profile from a template, with its guest files resolved as above
 * and its host forwards moved off ports other profiles forward
 * (profile-ports.h: the notes are in [quern] ports-moved), then settings
 * applied; saved in store. */
Profile *profile_template_instantiate(ProfileStore *store, const char *name,
                                      const char *template_name,
                                      const char *const *settings,
                                      Error **errp);

/* Files a profile names that do not exist (relative ones under the data
 * directory): "[machine] kernel: /x/Image does not exist", one string
 * each; an empty vector when all are there. */
char **profile_missing_files(const Profile *p);
