#include "profile-store.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app-paths.h"
#include "profile-ports.h"

#define PROFILE_SUFFIX ".cfg"
#define PROFILE_NAME_MAX 64

struct ProfileStore {
    char *dir;
};

ProfileStore *profile_store_new(const char *dir)
{
    ProfileStore *store = g_new0(ProfileStore, 1);

    store->dir = dir ? g_strdup(dir) : app_paths_profiles_dir();
    return store;
}

void profile_store_free(ProfileStore *store)
{
    if (store) {
        g_free(store->dir);
        g_free(store);
    }
}

const char *profile_store_get_dir(const ProfileStore *store)
{
    return store->dir;
}

char *profile_store_path(const ProfileStore *store, const char *name)
{
    g_autofree char *file = g_strconcat(name, PROFILE_SUFFIX, NULL);

    return g_build_filename(store->dir, file, NULL);
}

bool profile_name_check(const char *name, Error **errp)
{
    size_t len = strlen(name);

    if (len == 0 || len > PROFILE_NAME_MAX || name[0] == '.') {
        error_setg(errp, "'%s' is not a profile name: expected 1 to %d "
                   "characters, not starting with '.'", name,
                   PROFILE_NAME_MAX);
        return false;
    }
    for (const char *c = name; *c; c++) {
        if (!g_ascii_isalnum(*c) && *c != '.' && *c != '_' && *c != '-') {
            error_setg(errp, "'%s' is not a profile name: expected only "
                       "letters, digits, '.', '_' and '-'", name);
            return false;
        }
    }
    return true;
}

/* The store's lock, held while a file is checked and replaced; closing the
 * descriptor releases it. */
static int store_lock(ProfileStore *store, Error **errp)
{
    if (!app_paths_ensure_dir(store->dir, errp)) {
        return -1;
    }
    g_autofree char *path = g_build_filename(store->dir, ".lock", NULL);
    int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) {
        error_setg_errno(errp, errno, "cannot open '%s'", path);
        return -1;
    }
    while (flock(fd, LOCK_EX) < 0) {
        if (errno != EINTR) {
            error_setg_errno(errp, errno, "cannot lock '%s'", path);
            close(fd);
            return -1;
        }
    }
    return fd;
}

static void store_unlock(int fd)
{
    close(fd);
}

/* False when path does not exist (errno ENOENT). */
static bool generation_of(const char *path, ProfileGeneration *gen)
{
    struct stat st;

    if (stat(path, &st) < 0) {
        return false;
    }
    gen->dev = st.st_dev;
    gen->ino = st.st_ino;
    gen->size = st.st_size;
    gen->mtime_ns = (int64_t)st.st_mtim.tv_sec * 1000000000 +
                    st.st_mtim.tv_nsec;
    return true;
}

static bool generation_equal(const ProfileGeneration *a,
                             const ProfileGeneration *b)
{
    return a->dev == b->dev && a->ino == b->ino && a->size == b->size &&
           a->mtime_ns == b->mtime_ns;
}

static bool generation_is_new(const ProfileGeneration *gen)
{
    return gen->ino == 0 && gen->mtime_ns == 0;
}

static void profile_info_free(gpointer data)
{
    ProfileInfo *info = data;

    g_free(info->name);
    g_free(info->path);
    g_free(info->description);
    g_free(info->error);
    g_free(info);
}

static gint profile_info_compare(gconstpointer a, gconstpointer b)
{
    const ProfileInfo *ia = *(ProfileInfo *const *)a;
    const ProfileInfo *ib = *(ProfileInfo *const *)b;

    return strcmp(ia->name, ib->name);
}

GPtrArray *profile_store_list(ProfileStore *store)
{
    GPtrArray *list = g_ptr_array_new_with_free_func(profile_info_free);
    g_autoptr(GDir) dir = g_dir_open(store->dir, 0, NULL);
    const char *file;

    if (!dir) {
        return list;
    }
    while ((file = g_dir_read_name(dir))) {
        if (!g_str_has_suffix(file, PROFILE_SUFFIX) || file[0] == '.') {
            continue;
        }
        ProfileInfo *info = g_new0(ProfileInfo, 1);
        info->name = g_strndup(file, strlen(file) - strlen(PROFILE_SUFFIX));
        info->path = g_build_filename(store->dir, file, NULL);

        Error *err = NULL;
        g_autoptr(ConfigFile) cf = config_file_load(info->path, &err);
        if (!cf) {
            info->error = g_strdup(error_get_pretty(err));
            error_free(err);
        } else {
            ConfigGroup *meta = config_file_find_group(cf, "quern", NULL);
            const char *desc = meta ? config_group_get(meta, "description")
                                    : NULL;
            info->description = g_strdup(desc);
        }
        g_ptr_array_add(list, info);
    }
    g_ptr_array_sort(list, profile_info_compare);
    return list;
}

bool profile_store_exists(ProfileStore *store, const char *name)
{
    g_autofree char *path = profile_store_path(store, name);

    return g_file_test(path, G_FILE_TEST_EXISTS);
}

Profile *profile_store_load(ProfileStore *store, const char *name,
                            Error **errp)
{
    if (!profile_name_check(name, errp)) {
        return NULL;
    }
    g_autofree char *path = profile_store_path(store, name);
    ProfileGeneration gen;

    /* The generation is taken before reading: if the file is replaced in
     * between, the save that follows is refused rather than losing the
     * newer file. */
    if (!generation_of(path, &gen)) {
        error_setg(errp, "no profile '%s' (no file '%s')", name, path);
        return NULL;
    }
    ConfigFile *cf = config_file_load(path, errp);
    if (!cf) {
        return NULL;
    }
    Profile *p = profile_new(name, cf);
    profile_set_generation(p, &gen);
    return p;
}

/* The save itself; the caller holds the store's lock. */
static bool save_locked(ProfileStore *store, Profile *p, Error **errp)
{
    const char *name = profile_get_name(p);
    g_autofree char *path = profile_store_path(store, name);
    ProfileGeneration on_disk;
    bool exists = generation_of(path, &on_disk);
    const ProfileGeneration *loaded = profile_get_generation(p);

    if (generation_is_new(loaded)) {
        if (exists) {
            error_setg(errp, "profile '%s' already exists", name);
            return false;
        }
    } else if (!exists) {
        error_setg(errp, "profile '%s' was deleted by another program "
                   "since it was read", name);
        return false;
    } else if (!generation_equal(loaded, &on_disk)) {
        error_setg(errp, "profile '%s' was changed by another program since "
                   "it was read; reload it and edit again", name);
        return false;
    }
    if (!config_file_save(profile_get_config(p), path, errp)) {
        return false;
    }
    ProfileGeneration saved;
    if (!generation_of(path, &saved)) {
        error_setg_errno(errp, errno, "cannot stat '%s'", path);
        return false;
    }
    profile_set_generation(p, &saved);
    return true;
}

bool profile_store_save(ProfileStore *store, Profile *p, Error **errp)
{
    if (!profile_name_check(profile_get_name(p), errp)) {
        return false;
    }
    int lock = store_lock(store, errp);
    if (lock < 0) {
        return false;
    }
    bool ok = save_locked(store, p, errp);
    store_unlock(lock);
    return ok;
}

bool profile_store_save_new(ProfileStore *store, Profile *p,
                            ProfileStorePrepareFunc *prepare, void *opaque,
                            Error **errp)
{
    const char *name = profile_get_name(p);

    if (!profile_name_check(name, errp)) {
        return false;
    }
    if (!generation_is_new(profile_get_generation(p))) {
        error_setg(errp, "profile '%s' is not new: it was loaded", name);
        return false;
    }
    int lock = store_lock(store, errp);
    if (lock < 0) {
        return false;
    }
    bool ok = prepare(store, p, opaque, errp) && save_locked(store, p, errp);
    store_unlock(lock);
    return ok;
}

static bool apply_settings(Profile *p, const char *const *settings,
                           Error **errp)
{
    for (size_t i = 0; settings && settings[i]; i++) {
        if (!profile_apply_setting(p, settings[i], errp)) {
            return false;
        }
    }
    return true;
}

/* Under the store's lock: the host ports, then the user's settings (a
 * port the user sets is the user's to pick), then the stamp. */
static bool prepare_created(ProfileStore *store, Profile *p, void *settings,
                            Error **errp)
{
    g_autofree char *now = profile_timestamp_now();

    return profile_ports_make_unique(store, p, errp) &&
           apply_settings(p, settings, errp) &&
           profile_set_meta(p, "created", now, errp);
}

Profile *profile_store_create_from_file(ProfileStore *store,
                                        const char *name, const char *path,
                                        const char *const *settings,
                                        Error **errp)
{
    if (!profile_name_check(name, errp)) {
        return NULL;
    }
    ConfigFile *cf = config_file_load(path, errp);
    if (!cf) {
        return NULL;
    }
    g_autoptr(Profile) p = profile_new(name, cf);
    if (!profile_store_save_new(store, p, prepare_created, (void *)settings,
                                errp)) {
        return NULL;
    }
    return g_steal_pointer(&p);
}

static bool prepare_clone(ProfileStore *store, Profile *p, void *opaque,
                          Error **errp)
{
    return profile_ports_make_unique(store, p, errp);
}

bool profile_store_clone(ProfileStore *store, const char *from,
                         const char *to, Error **errp)
{
    if (!profile_name_check(to, errp)) {
        return false;
    }
    g_autoptr(Profile) src = profile_store_load(store, from, errp);
    if (!src) {
        return false;
    }
    g_autofree char *text = config_file_to_string(profile_get_config(src));
    ConfigFile *cf = config_file_parse(text, from, errp);
    if (!cf) {
        return false;
    }
    g_autoptr(Profile) copy = profile_new(to, cf);
    g_autofree char *now = profile_timestamp_now();
    ConfigGroup *meta = config_file_find_group(cf, "quern", NULL);
    if (meta) {
        config_group_unset(meta, "last-run");
    }
    /* The source forwards the same host ports: the copy moves its own. */
    return profile_set_meta(copy, "created", now, errp) &&
           profile_store_save_new(store, copy, prepare_clone, NULL, errp);
}

bool profile_store_rename(ProfileStore *store, const char *from,
                          const char *to, Error **errp)
{
    if (!profile_name_check(from, errp) || !profile_name_check(to, errp)) {
        return false;
    }
    int lock = store_lock(store, errp);
    if (lock < 0) {
        return false;
    }
    g_autofree char *src = profile_store_path(store, from);
    g_autofree char *dst = profile_store_path(store, to);
    bool ok = false;

    if (!g_file_test(src, G_FILE_TEST_EXISTS)) {
        error_setg(errp, "no profile '%s'", from);
    } else if (g_file_test(dst, G_FILE_TEST_EXISTS)) {
        error_setg(errp, "profile '%s' already exists", to);
    } else if (rename(src, dst) < 0) {
        error_setg_errno(errp, errno, "cannot rename '%s' to '%s'", src, dst);
    } else {
        ok = true;
    }
    store_unlock(lock);
    return ok;
}

bool profile_store_delete(ProfileStore *store, const char *name,
                          Error **errp)
{
    if (!profile_name_check(name, errp)) {
        return false;
    }
    int lock = store_lock(store, errp);
    if (lock < 0) {
        return false;
    }
    g_autofree char *path = profile_store_path(store, name);
    bool ok = unlink(path) == 0;
    if (!ok) {
        if (errno == ENOENT) {
            error_setg(errp, "no profile '%s'", name);
        } else {
            error_setg_errno(errp, errno, "cannot delete '%s'", path);
        }
    }
    store_unlock(lock);
    return ok;
}

bool profile_store_export(ProfileStore *store, const char *name,
                          const char *path, bool without_meta, Error **errp)
{
    g_autoptr(Profile) p = profile_store_load(store, name, errp);

    if (!p) {
        return false;
    }
    ConfigFile *cf = profile_get_config(p);
    ConfigGroup *meta = config_file_find_group(cf, "quern", NULL);
    if (without_meta && meta) {
        config_file_remove_group(cf, meta);
    }
    return config_file_save(cf, path, errp);
}
