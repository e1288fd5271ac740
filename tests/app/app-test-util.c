#include "app-test-util.h"

#include <glib/gstdio.h>

#include "app-paths.h"
#include "supervisor.h"

static char *test_dir;

static void set_dir(const char *var, const char *sub)
{
    g_autofree char *path = g_build_filename(test_dir, sub, NULL);

    g_mkdir_with_parents(path, 0700);
    g_setenv(var, path, TRUE);
}

const char *app_test_begin(void)
{
    g_assert_null(test_dir);
    /* Short: unix socket paths must fit in 108 bytes. */
    test_dir = g_dir_make_tmp("qa-XXXXXX", NULL);
    g_assert_nonnull(test_dir);
    set_dir("XDG_CONFIG_HOME", "c");
    set_dir("XDG_CACHE_HOME", "k");
    set_dir("XDG_DATA_HOME", "d");
    set_dir("XDG_RUNTIME_DIR", "r");
    g_setenv("QUERN_ENGINE", QUERN_ENGINE_PATH, TRUE);
    return test_dir;
}

static void remove_tree(const char *path)
{
    g_autoptr(GDir) dir = g_dir_open(path, 0, NULL);
    const char *name;

    while (dir && (name = g_dir_read_name(dir))) {
        g_autofree char *child = g_build_filename(path, name, NULL);
        if (g_file_test(child, G_FILE_TEST_IS_DIR) &&
            !g_file_test(child, G_FILE_TEST_IS_SYMLINK)) {
            remove_tree(child);
        } else {
            g_unlink(child);
        }
    }
    g_rmdir(path);
}

void app_test_end(void)
{
    g_autoptr(GPtrArray) vms = supervisor_list();

    for (size_t i = 0; i < vms->len; i++) {
        VmStatus *st = vms->pdata[i];
        supervisor_stop(st->name, true, 0, NULL);
    }
    remove_tree(test_dir);
    g_clear_pointer(&test_dir, g_free);
}

void app_test_write_profile(const char *name, const char *text)
{
    g_autofree char *dir = app_paths_profiles_dir();
    g_autofree char *file = g_strconcat(name, ".cfg", NULL);
    g_autofree char *path = g_build_filename(dir, file, NULL);

    g_assert_cmpint(g_mkdir_with_parents(dir, 0700), ==, 0);
    g_assert_true(g_file_set_contents(path, text, -1, NULL));
}
