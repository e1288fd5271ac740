/* Profile store: VM profiles as config-group files in one directory
 * ($XDG_CONFIG_HOME/quern/profiles/<name>.cfg by default).
 *
 * Saves are atomic (a temporary file, fsync, rename) and serialised between
 * processes (and between ProfileStores of one process: each lock is an
 * open file description of its own) by flock() on the directory's .lock
 * file; creating a profile chooses what must differ from the others
 * under that lock too (profile_store_save_new). A save compares the
 * file on disk with the generation the profile was loaded from and refuses
 * to overwrite a newer version: "profile 'x' was changed by another program
 * since it was read; reload it and edit again". Listing never drops a file:
 * a profile that does not parse is listed with its FILE:LINE error.
 *
 * Names are 1-64 characters of [A-Za-z0-9._-], not starting with '.'.
 * Ownership: the store owns only its directory name; Profiles and
 * ProfileInfo arrays returned are the caller's. Fallible calls take
 * Error **errp last and return false/NULL. */
#pragma once

#include "profile.h"

typedef struct ProfileStore ProfileStore;

typedef struct ProfileInfo {
    char *name;
    char *path;
    char *description;   /* [quern] description, or NULL */
    char *error;         /* why the file does not parse, or NULL */
} ProfileInfo;

/* dir NULL: the XDG default. The directory is created on first save. */
ProfileStore *profile_store_new(const char *dir);
void profile_store_free(ProfileStore *store);
const char *profile_store_get_dir(const ProfileStore *store);
char *profile_store_path(const ProfileStore *store, const char *name);

bool profile_name_check(const char *name, Error **errp);

/* Every *.cfg in the directory, sorted by name: ProfileInfo * elements
 * (the array frees them). An absent directory is an empty list. */
GPtrArray *profile_store_list(ProfileStore *store);
bool profile_store_exists(ProfileStore *store, const char *name);

Profile *profile_store_load(ProfileStore *store, const char *name,
                            Error **errp);
/* Writes p back; refused if the file changed since p was loaded, or if p
 * is new (never loaded) and a file of that name exists. Updates p's
 * generation. */
bool profile_store_save(ProfileStore *store, Profile *p, Error **errp);

/* Runs under the store's lock just before a new profile is written, so
 * that what it decides from the other profiles (profile-ports.h: the host
 * ports they forward) still holds when p is on disk: another process
 * creating a profile waits for the lock. It may read the store
 * (profile_store_list, _load) but not write to it. */
typedef bool ProfileStorePrepareFunc(ProfileStore *store, Profile *p,
                                     void *opaque, Error **errp);
/* Saves p, a new profile (never loaded), as profile_store_save() does,
 * with prepare(store, p, opaque) run first under the same hold of the
 * lock; nothing is written if prepare fails. */
bool profile_store_save_new(ProfileStore *store, Profile *p,
                            ProfileStorePrepareFunc *prepare, void *opaque,
                            Error **errp);

/* A new profile from a config-group file (a template or a QEMU
 * -writeconfig file): host ports another profile forwards moved
 * (profile-ports.h), then settings (GROUP.KEY=VALUE, may be NULL) applied,
 * [quern] created stamped, saved. Fails if name exists. */
Profile *profile_store_create_from_file(ProfileStore *store,
                                        const char *name, const char *path,
                                        const char *const *settings,
                                        Error **errp);
/* A copy of from as to, its host forwards moved off the ports from (and
 * any other profile) forwards: profile-ports.h. */
bool profile_store_clone(ProfileStore *store, const char *from,
                         const char *to, Error **errp);
bool profile_store_rename(ProfileStore *store, const char *from,
                          const char *to, Error **errp);
bool profile_store_delete(ProfileStore *store, const char *name,
                          Error **errp);
/* Writes the profile to path; without_meta drops [quern] so that QEMU,
 * which rejects groups it does not know, reads the file. */
bool profile_store_export(ProfileStore *store, const char *name,
                          const char *path, bool without_meta, Error **errp);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(ProfileStore, profile_store_free)
