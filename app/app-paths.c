#include "app-paths.h"

#include <errno.h>
#include <unistd.h>

/* $VAR when set to an absolute path (the XDG rule), else $HOME/fallback. */
static char *xdg_dir(const char *var, const char *home_fallback)
{
    const char *value = g_getenv(var);

    if (value && g_path_is_absolute(value)) {
        return g_strdup(value);
    }
    return g_build_filename(g_get_home_dir(), home_fallback, NULL);
}

char *app_paths_profiles_dir(void)
{
    g_autofree char *base = xdg_dir("XDG_CONFIG_HOME", ".config");

    return g_build_filename(base, "quern", "profiles", NULL);
}

char *app_paths_catalog_dir(void)
{
    g_autofree char *base = xdg_dir("XDG_CACHE_HOME", ".cache");

    return g_build_filename(base, "quern", "catalog", NULL);
}

char *app_paths_guests_dir(void)
{
    g_autofree char *base = xdg_dir("XDG_CACHE_HOME", ".cache");

    return g_build_filename(base, "quern", "guests", NULL);
}

char *app_paths_data_dir(void)
{
    g_autofree char *base = xdg_dir("XDG_DATA_HOME", ".local/share");

    return g_build_filename(base, "quern", NULL);
}

char *app_paths_vms_dir(void)
{
    const char *runtime = g_getenv("XDG_RUNTIME_DIR");

    if (runtime && g_path_is_absolute(runtime)) {
        return g_build_filename(runtime, "quern", "vms", NULL);
    }
    g_autofree char *tmp = g_strdup_printf("/tmp/quern-%u", (unsigned)getuid());
    return g_build_filename(tmp, "vms", NULL);
}

char *app_paths_engine(void)
{
    const char *env = g_getenv("QUERN_ENGINE");

    if (env && *env) {
        return g_strdup(env);
    }
#ifdef QUERN_ENGINE_BUILD_PATH
    if (g_file_test(QUERN_ENGINE_BUILD_PATH, G_FILE_TEST_IS_EXECUTABLE)) {
        return g_strdup(QUERN_ENGINE_BUILD_PATH);
    }
#endif
    char *found = g_find_program_in_path("quern-engine");
    return found ? found : g_strdup("quern-engine");
}

bool app_paths_ensure_dir(const char *path, Error **errp)
{
    if (g_mkdir_with_parents(path, 0700) < 0) {
        error_setg_errno(errp, errno, "cannot create directory '%s'", path);
        return false;
    }
    return true;
}
