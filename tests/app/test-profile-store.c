/* The profile store: what a user sees in the profiles directory after
 * each operation, a corrupt file listed with its place, refused saves of
 * stale copies, and concurrent saves from two processes losing nothing. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

#include "app-paths.h"
#include "app-test-util.h"
#include "profile-store.h"
#include "profile-template.h"

static char *read_profile_text(ProfileStore *store, const char *name)
{
    g_autofree char *path = profile_store_path(store, name);
    char *text = NULL;

    g_assert_true(g_file_get_contents(path, &text, NULL, NULL));
    return text;
}

static Profile *create_none(ProfileStore *store, const char *name)
{
    app_test_write_profile("fixture-src", APP_TEST_NONE_PROFILE);
    g_autofree char *src = profile_store_path(store, "fixture-src");
    Profile *p = profile_store_create_from_file(store, name, src, NULL,
                                                &error_abort);
    g_assert_true(profile_store_delete(store, "fixture-src", &error_abort));
    return p;
}

static void test_create_list_show(void)
{
    app_test_begin();
    g_autoptr(ProfileStore) store = profile_store_new(NULL);
    g_autoptr(GPtrArray) empty = profile_store_list(store);
    g_assert_cmpuint(empty->len, ==, 0);

    app_test_write_profile("src", APP_TEST_NONE_PROFILE);
    g_autofree char *src = profile_store_path(store, "src");
    const char *settings[] = { "memory.size=64M", "device:r0.driver=x",
                               "quern.notes=hello", NULL };
    g_autoptr(Profile) p = profile_store_create_from_file(
        store, "vm1", src, settings, &error_abort);
    g_autofree char *text = read_profile_text(store, "vm1");
    g_assert_nonnull(strstr(text, "[memory]\n  size = \"64M\""));
    g_assert_nonnull(strstr(text, "[device \"r0\"]\n  driver = \"x\""));
    g_assert_nonnull(strstr(text, "notes = \"hello\""));
    g_assert_nonnull(strstr(text, "created = \"20"));
    g_assert_cmpstr(profile_lookup(p, "machine.type"), ==, "none");

    /* The same name twice is refused and the first file is untouched. */
    Error *err = NULL;
    g_assert_null(profile_store_create_from_file(store, "vm1", src, NULL,
                                                 &err));
    g_assert_nonnull(strstr(error_get_pretty(err), "already exists"));
    g_clear_pointer(&err, error_free);

    g_autoptr(GPtrArray) list = profile_store_list(store);
    g_assert_cmpuint(list->len, ==, 2);
    ProfileInfo *info = list->pdata[1];
    g_assert_cmpstr(info->name, ==, "vm1");
    g_assert_cmpstr(info->description, ==, "test vm");
    g_assert_null(info->error);

    g_auto(GStrv) argv = profile_to_argv(p);
    g_autofree char *joined = g_strjoinv(" ", argv);
    g_assert_cmpstr(joined, ==,
                    "-machine type=none -m size=64M -device x,id=r0");
    app_test_end();
}

static void test_corrupt_file_listed(void)
{
    app_test_begin();
    g_autoptr(ProfileStore) store = profile_store_new(NULL);
    app_test_write_profile("good", APP_TEST_NONE_PROFILE);
    app_test_write_profile("broken", "[machine]\n  type = \"none\"\n"
                           "  this line is wrong\n");

    g_autoptr(GPtrArray) list = profile_store_list(store);
    g_assert_cmpuint(list->len, ==, 2);
    ProfileInfo *broken = list->pdata[0];
    g_assert_cmpstr(broken->name, ==, "broken");
    g_assert_nonnull(broken->error);
    g_autofree char *place = g_strdup_printf("%s:3:", broken->path);
    g_assert_true(g_str_has_prefix(broken->error, place));

    Error *err = NULL;
    g_assert_null(profile_store_load(store, "broken", &err));
    g_assert_true(g_str_has_prefix(error_get_pretty(err), place));
    g_clear_pointer(&err, error_free);
    app_test_end();
}

static void test_stale_save_refused(void)
{
    app_test_begin();
    g_autoptr(ProfileStore) store = profile_store_new(NULL);
    g_autoptr(Profile) created = create_none(store, "vm");
    g_autoptr(Profile) a = profile_store_load(store, "vm", &error_abort);
    g_autoptr(Profile) b = profile_store_load(store, "vm", &error_abort);

    g_assert_true(profile_apply_setting(a, "memory.size=1G", &error_abort));
    g_assert_true(profile_store_save(store, a, &error_abort));
    g_assert_true(profile_apply_setting(b, "memory.size=2G", &error_abort));
    Error *err = NULL;
    g_assert_false(profile_store_save(store, b, &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "profile 'vm' was changed by another program since it "
                    "was read; reload it and edit again");
    g_clear_pointer(&err, error_free);
    g_autofree char *text = read_profile_text(store, "vm");
    g_assert_nonnull(strstr(text, "size = \"1G\""));

    /* The saver's own copy stays current: a second save works. */
    g_assert_true(profile_apply_setting(a, "memory.size=", &error_abort));
    g_assert_true(profile_store_save(store, a, &error_abort));
    g_autofree char *text2 = read_profile_text(store, "vm");
    g_assert_null(strstr(text2, "size ="));

    /* Deleted under an editor: refused too. */
    g_assert_true(profile_store_delete(store, "vm", &error_abort));
    g_assert_false(profile_store_save(store, a, &err));
    g_assert_nonnull(strstr(error_get_pretty(err), "deleted"));
    g_clear_pointer(&err, error_free);
    app_test_end();
}

static void test_clone_rename_delete_export(void)
{
    app_test_begin();
    g_autoptr(ProfileStore) store = profile_store_new(NULL);
    g_autoptr(Profile) created = create_none(store, "a");
    Error *err = NULL;

    g_assert_true(profile_store_clone(store, "a", "b", &error_abort));
    g_assert_false(profile_store_clone(store, "a", "b", &err));
    error_free_or_abort(&err);
    g_assert_true(profile_store_rename(store, "b", "c", &error_abort));
    g_assert_false(profile_store_exists(store, "b"));
    g_assert_true(profile_store_exists(store, "c"));
    g_assert_false(profile_store_rename(store, "a", "c", &err));
    g_assert_cmpstr(error_get_pretty(err), ==, "profile 'c' already exists");
    g_clear_pointer(&err, error_free);

    g_autofree char *out = g_build_filename(g_getenv("XDG_DATA_HOME"),
                                            "qemu.cfg", NULL);
    g_assert_true(profile_store_export(store, "c", out, true, &error_abort));
    g_autofree char *text = NULL;
    g_assert_true(g_file_get_contents(out, &text, NULL, NULL));
    g_assert_cmpstr(text, ==, "[machine]\n  type = \"none\"\n");

    g_assert_true(profile_store_delete(store, "c", &error_abort));
    g_assert_false(profile_store_delete(store, "c", &err));
    g_assert_cmpstr(error_get_pretty(err), ==, "no profile 'c'");
    g_clear_pointer(&err, error_free);

    /* Names that could escape the directory are refused. */
    g_assert_false(profile_store_clone(store, "a", "../evil", &err));
    error_free_or_abort(&err);
    g_assert_false(profile_store_load(store, ".hidden", &err));
    error_free_or_abort(&err);
    app_test_end();
}

static void test_settings_errors(void)
{
    app_test_begin();
    g_autoptr(ProfileStore) store = profile_store_new(NULL);
    g_autoptr(Profile) p = create_none(store, "vm");
    static const char *const bad[] = {
        "machine", "machine=x", ".key=v", "device:.driver=x",
        "machine.type=a\"b",
    };
    for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
        Error *err = NULL;
        g_assert_false(profile_apply_setting(p, bad[i], &err));
        g_assert_true(g_str_has_prefix(error_get_pretty(err), "'"));
        g_clear_pointer(&err, error_free);
    }
    app_test_end();
}

/* Two processes each add 1 to a counter in the same profile N times,
 * reloading when a save is refused: no increment is lost and the file
 * always parses. */
#define CONCURRENT_ROUNDS 40

static int bump_counter(void)
{
    g_autoptr(ProfileStore) store = profile_store_new(NULL);

    for (int done = 0; done < CONCURRENT_ROUNDS;) {
        g_autoptr(Profile) p = profile_store_load(store, "shared", NULL);
        if (!p) {
            return 1;
        }
        const char *v = profile_get_meta(p, "counter");
        g_autofree char *next = g_strdup_printf(
            "%d", (int)g_ascii_strtoll(v ? v : "0", NULL, 10) + 1);
        if (!profile_set_meta(p, "counter", next, NULL)) {
            return 1;
        }
        Error *err = NULL;
        if (profile_store_save(store, p, &err)) {
            done++;
        } else if (!strstr(error_get_pretty(err), "changed by another")) {
            g_clear_pointer(&err, error_free);
            return 1;
        } else {
            g_clear_pointer(&err, error_free);
        }
    }
    return 0;
}

static void test_concurrent_saves(void)
{
    app_test_begin();
    g_autoptr(ProfileStore) store = profile_store_new(NULL);
    g_autoptr(Profile) p = create_none(store, "shared");
    pid_t children[2];

    for (int i = 0; i < 2; i++) {
        children[i] = fork();
        g_assert_cmpint(children[i], >=, 0);
        if (children[i] == 0) {
            _exit(bump_counter());
        }
    }
    for (int i = 0; i < 2; i++) {
        int status;
        g_assert_cmpint(waitpid(children[i], &status, 0), ==, children[i]);
        g_assert_true(WIFEXITED(status));
        g_assert_cmpint(WEXITSTATUS(status), ==, 0);
    }
    g_autoptr(Profile) after = profile_store_load(store, "shared",
                                                  &error_abort);
    g_autofree char *want = g_strdup_printf("%d", 2 * CONCURRENT_ROUNDS);
    g_assert_cmpstr(profile_get_meta(after, "counter"), ==, want);
    /* No temporary files left behind. */
    g_autoptr(GPtrArray) list = profile_store_list(store);
    g_assert_cmpuint(list->len, ==, 1);
    app_test_end();
}

/* Whether another front-end taking the store's lock now would wait. */
static bool store_lock_taken(ProfileStore *store)
{
    g_autofree char *path = g_build_filename(profile_store_get_dir(store),
                                             ".lock", NULL);
    /* An open file description of our own: flock() sees it as another
     * program's, even in this process. */
    int fd = open(path, O_RDWR | O_CLOEXEC);
    bool taken;

    g_assert_cmpint(fd, >=, 0);
    taken = flock(fd, LOCK_EX | LOCK_NB) < 0 && errno == EWOULDBLOCK;
    close(fd);
    return taken;
}

static bool prepare_seeing_lock(ProfileStore *store, Profile *p,
                                void *opaque, Error **errp)
{
    *(bool *)opaque = store_lock_taken(store);
    return profile_set_meta(p, "notes", "prepared", errp);
}

static bool prepare_refusing(ProfileStore *store, Profile *p, void *opaque,
                             Error **errp)
{
    error_setg(errp, "no port for you");
    return false;
}

static Profile *none_profile(const char *name)
{
    return profile_new(name, config_file_parse(APP_TEST_NONE_PROFILE, name,
                                               &error_abort));
}

/* A new profile's prepare step runs while the store's lock is held (a
 * second front-end would wait), and what it set is saved; the lock is
 * free after. A prepare that fails writes nothing and its error is the
 * save's; a profile that was loaded is not new. */
static void test_save_new_prepares_under_lock(void)
{
    app_test_begin();
    g_autoptr(ProfileStore) store = profile_store_new(NULL);
    g_autoptr(Profile) p = none_profile("vm1");
    g_autoptr(Profile) refused = none_profile("vm2");
    bool held = false;
    Error *err = NULL;

    g_assert_true(profile_store_save_new(store, p, prepare_seeing_lock, &held,
                                         &error_abort));
    g_assert_true(held);
    g_assert_false(store_lock_taken(store));
    g_autofree char *text = read_profile_text(store, "vm1");
    g_assert_nonnull(strstr(text, "notes = \"prepared\""));

    g_assert_false(profile_store_save_new(store, refused, prepare_refusing,
                                          NULL, &err));
    g_assert_cmpstr(error_get_pretty(err), ==, "no port for you");
    g_clear_pointer(&err, error_free);
    g_assert_false(profile_store_exists(store, "vm2"));

    g_autoptr(Profile) loaded = profile_store_load(store, "vm1",
                                                   &error_abort);
    held = false;
    g_assert_false(profile_store_save_new(store, loaded, prepare_seeing_lock,
                                          &held, &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "profile 'vm1' is not new: it was loaded");
    g_clear_pointer(&err, error_free);
    g_assert_false(held);
    app_test_end();
}

/* A template's relative guest files resolve to the guest cache's latest
 * build; the writable disk is copied per VM. */
static void test_template_guest_files(void)
{
    const char *dir = app_test_begin();
    g_autofree char *guests = app_paths_guests_dir();
    g_autofree char *build = g_build_filename(guests, "k1", NULL);
    g_autofree char *latest = g_build_filename(guests, "latest", NULL);
    g_assert_cmpint(g_mkdir_with_parents(build, 0700), ==, 0);
    g_assert_cmpint(symlink("k1", latest), ==, 0);
    static const char *const files[] = { "Image", "disk.img", NULL };
    for (size_t i = 0; files[i]; i++) {
        g_autofree char *f = g_build_filename(build, files[i], NULL);
        g_assert_true(g_file_set_contents(f, files[i], -1, NULL));
    }
    g_autofree char *tpl = g_build_filename(dir, "t.cfg", NULL);
    g_assert_true(g_file_set_contents(tpl,
        "[machine]\n  type = \"virt\"\n  kernel = \"Image\"\n"
        "  initrd = \"missing.gz\"\n"
        "[drive \"hd0\"]\n  file = \"disk.img\"\n", -1, NULL));
    g_setenv("QUERN_TEMPLATES", dir, TRUE);
    g_auto(GStrv) names = profile_template_list();
    g_assert_cmpstr(names[0], ==, "t");

    g_autoptr(ProfileStore) store = profile_store_new(NULL);
    g_autoptr(Profile) p = profile_template_instantiate(store, "vm", "t",
                                                        NULL, &error_abort);
    g_autofree char *kernel = g_build_filename(latest, "Image", NULL);
    g_assert_cmpstr(profile_lookup(p, "machine.kernel"), ==, kernel);
    g_assert_cmpstr(profile_lookup(p, "drive:hd0.file"), ==,
                    "images/vm-disk.img");
    g_autofree char *data = app_paths_data_dir();
    g_autofree char *copy = g_build_filename(data, "images", "vm-disk.img",
                                             NULL);
    g_autofree char *copied = NULL;
    g_assert_true(g_file_get_contents(copy, &copied, NULL, NULL));
    g_assert_cmpstr(copied, ==, "disk.img");

    /* What is still missing is said plainly. */
    g_auto(GStrv) missing = profile_missing_files(p);
    g_assert_cmpuint(g_strv_length(missing), ==, 1);
    g_assert_true(g_str_has_prefix(missing[0], "[machine] initrd: "));
    g_unsetenv("QUERN_TEMPLATES");
    app_test_end();
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/app/profile-store/create-list-show",
                    test_create_list_show);
    g_test_add_func("/app/profile-store/corrupt-file-listed",
                    test_corrupt_file_listed);
    g_test_add_func("/app/profile-store/stale-save-refused",
                    test_stale_save_refused);
    g_test_add_func("/app/profile-store/clone-rename-delete-export",
                    test_clone_rename_delete_export);
    g_test_add_func("/app/profile-store/settings-errors",
                    test_settings_errors);
    g_test_add_func("/app/profile-store/concurrent-saves",
                    test_concurrent_saves);
    g_test_add_func("/app/profile-store/save-new/prepares-under-the-lock",
                    test_save_new_prepares_under_lock);
    g_test_add_func("/app/profile-store/template-guest-files",
                    test_template_guest_files);
    return g_test_run();
}
