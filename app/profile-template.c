#include "profile-template.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <string.h>

#include "app-paths.h"
#include "profile-ports.h"

char *profile_template_dir(void)
{
    const char *env = g_getenv("QUERN_TEMPLATES");

    if (env && *env) {
        return g_strdup(env);
    }
    return g_strdup(QUERN_TEMPLATES_SOURCE_DIR);
}

static gint compare_names(gconstpointer a, gconstpointer b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

char **profile_template_list(void)
{
    g_autofree char *dir_path = profile_template_dir();
    g_autoptr(GDir) dir = g_dir_open(dir_path, 0, NULL);
    g_autoptr(GPtrArray) names = g_ptr_array_new();
    const char *file;

    while (dir && (file = g_dir_read_name(dir))) {
        if (g_str_has_suffix(file, ".cfg")) {
            g_ptr_array_add(names, g_strndup(file, strlen(file) - 4));
        }
    }
    g_ptr_array_sort(names, compare_names);
    g_ptr_array_add(names, NULL);
    return (char **)g_ptr_array_steal(names, NULL);
}

char *profile_template_path(const char *name_or_path, Error **errp)
{
    if (strchr(name_or_path, '/')) {
        if (!g_file_test(name_or_path, G_FILE_TEST_IS_REGULAR)) {
            error_setg(errp, "no template file '%s'", name_or_path);
            return NULL;
        }
        return g_strdup(name_or_path);
    }
    g_autofree char *dir = profile_template_dir();
    g_autofree char *file = g_strconcat(name_or_path, ".cfg", NULL);
    g_autofree char *path = g_build_filename(dir, file, NULL);
    if (!g_file_test(path, G_FILE_TEST_IS_REGULAR)) {
        error_setg(errp, "no template '%s' in '%s'", name_or_path, dir);
        return NULL;
    }
    return g_steal_pointer(&path);
}

/* The guest cache's copy of a relative file name, or NULL. */
static char *guest_file(const char *relative)
{
    g_autofree char *guests = app_paths_guests_dir();
    g_autofree char *path = g_build_filename(guests, "latest", relative, NULL);

    return g_file_test(path, G_FILE_TEST_EXISTS) ? g_steal_pointer(&path)
                                                  : NULL;
}

static bool exists_in_data_dir(const char *relative)
{
    g_autofree char *data = app_paths_data_dir();
    g_autofree char *path = g_build_filename(data, relative, NULL);

    return g_file_test(path, G_FILE_TEST_EXISTS);
}

static const char *const machine_file_keys[] = {
    "kernel", "initrd", "dtb", "firmware", NULL,
};

/* Copies src to dst (created, mode 0600), removing dst if it fails. */
static bool copy_file(const char *src, const char *dst, Error **errp)
{
    int in = open(src, O_RDONLY | O_CLOEXEC);
    if (in < 0) {
        error_setg_errno(errp, errno, "cannot open '%s'", src);
        return false;
    }
    int out = open(dst, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (out < 0) {
        error_setg_errno(errp, errno, "cannot create '%s'", dst);
        close(in);
        return false;
    }
    char buf[65536];
    ssize_t n;
    bool ok = true;
    while (ok && (n = read(in, buf, sizeof(buf))) != 0) {
        if (n < 0) {
            ok = errno == EINTR;
            continue;
        }
        for (ssize_t done = 0; ok && done < n;) {
            ssize_t w = write(out, buf + done, n - done);
            if (w < 0 && errno != EINTR) {
                ok = false;
            } else if (w > 0) {
                done += w;
            }
        }
    }
    if (ok && fsync(out) < 0) {
        ok = false;
    }
    int saved = errno;
    close(in);
    close(out);
    if (!ok) {
        unlink(dst);
        error_setg_errno(errp, saved, "cannot copy '%s' to '%s'", src, dst);
    }
    return ok;
}

static bool resolve_guest_files(Profile *p, Error **errp)
{
    ConfigFile *cf = profile_get_config(p);

    for (size_t i = 0; i < config_file_get_n_groups(cf); i++) {
        ConfigGroup *g = config_file_get_group(cf, i);
        const char *group = config_group_get_name(g);

        if (!strcmp(group, "machine")) {
            for (size_t k = 0; machine_file_keys[k]; k++) {
                const char *value = config_group_get(g, machine_file_keys[k]);
                if (!value || g_path_is_absolute(value) ||
                    exists_in_data_dir(value)) {
                    continue;
                }
                g_autofree char *cached = guest_file(value);
                if (cached &&
                    !config_group_set(g, machine_file_keys[k], cached, errp)) {
                    return false;
                }
            }
        } else if (!strcmp(group, "drive")) {
            const char *value = config_group_get(g, "file");
            const char *ro = config_group_get(g, "readonly");
            if (!value || g_path_is_absolute(value) ||
                exists_in_data_dir(value)) {
                continue;
            }
            g_autofree char *cached = guest_file(value);
            if (!cached) {
                continue;
            }
            if (ro && (!strcmp(ro, "on") || !strcmp(ro, "true"))) {
                if (!config_group_set(g, "file", cached, errp)) {
                    return false;
                }
                continue;
            }
            g_autofree char *base = g_path_get_basename(value);
            g_autofree char *copy_name = g_strdup_printf(
                "%s-%s", profile_get_name(p), base);
            g_autofree char *relative = g_build_filename("images", copy_name,
                                                         NULL);
            g_autofree char *data = app_paths_data_dir();
            g_autofree char *images = g_build_filename(data, "images", NULL);
            g_autofree char *dst = g_build_filename(data, relative, NULL);
            if (!app_paths_ensure_dir(images, errp) ||
                !copy_file(cached, dst, errp) ||
                !config_group_set(g, "file", relative, errp)) {
                return false;
            }
        }
    }
    return true;
}

typedef struct TemplateFill {
    const char *const *settings;
    const char *template_base;
} TemplateFill;

/* Under the store's lock: the host ports, then the user's settings (a
 * port the user sets is the user's to pick), then the stamps. */
static bool prepare_instance(ProfileStore *store, Profile *p, void *opaque,
                             Error **errp)
{
    TemplateFill *fill = opaque;
    g_autofree char *now = profile_timestamp_now();

    if (!profile_ports_make_unique(store, p, errp)) {
        return false;
    }
    for (size_t i = 0; fill->settings && fill->settings[i]; i++) {
        if (!profile_apply_setting(p, fill->settings[i], errp)) {
            return false;
        }
    }
    return profile_set_meta(p, "created", now, errp) &&
           profile_set_meta(p, "template", fill->template_base, errp);
}

Profile *profile_template_instantiate(ProfileStore *store, const char *name,
                                      const char *template_name,
                                      const char *const *settings,
                                      Error **errp)
{
    g_autofree char *path = profile_template_path(template_name, errp);

    if (!path || !profile_name_check(name, errp)) {
        return NULL;
    }
    if (profile_store_exists(store, name)) {
        error_setg(errp, "profile '%s' already exists", name);
        return NULL;
    }
    ConfigFile *cf = config_file_load(path, errp);
    if (!cf) {
        return NULL;
    }
    g_autoptr(Profile) p = profile_new(name, cf);
    g_autofree char *base = g_path_get_basename(path);
    TemplateFill fill = { settings, base };
    if (!resolve_guest_files(p, errp) ||
        !profile_store_save_new(store, p, prepare_instance, &fill, errp)) {
        return NULL;
    }
    return g_steal_pointer(&p);
}

static void check_file(GPtrArray *missing, const char *group, const char *key,
                       const char *value)
{
    if (!value || !*value) {
        return;
    }
    g_autofree char *data = app_paths_data_dir();
    g_autofree char *path = g_path_is_absolute(value)
        ? g_strdup(value) : g_build_filename(data, value, NULL);
    if (!g_file_test(path, G_FILE_TEST_EXISTS)) {
        g_ptr_array_add(missing, g_strdup_printf("[%s] %s: %s does not exist",
                                                 group, key, path));
    }
}

char **profile_missing_files(const Profile *p)
{
    ConfigFile *cf = profile_get_config(p);
    g_autoptr(GPtrArray) missing = g_ptr_array_new();

    for (size_t i = 0; i < config_file_get_n_groups(cf); i++) {
        ConfigGroup *g = config_file_get_group(cf, i);
        const char *group = config_group_get_name(g);

        if (!strcmp(group, "machine")) {
            for (size_t k = 0; machine_file_keys[k]; k++) {
                const char *v = config_group_get(g, machine_file_keys[k]);
                if (v && strcmp(machine_file_keys[k], "firmware") == 0 &&
                    !strcmp(v, "none")) {
                    continue;
                }
                check_file(missing, group, machine_file_keys[k], v);
            }
        } else if (!strcmp(group, "drive")) {
            check_file(missing, group, "file", config_group_get(g, "file"));
        }
    }
    g_ptr_array_add(missing, NULL);
    return (char **)g_ptr_array_steal(missing, NULL);
}
