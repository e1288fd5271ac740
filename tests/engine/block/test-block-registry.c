/* The block registry: names as QEMU's ids, one node per name, one device
 * per node, no removal while in use, and what query-block lists; on real
 * image files in a fresh temporary directory. */
#include "block-registry.h"

#include <glib/gstdio.h>
#include <string.h>

#define IMAGE_SIZE (64 * 1024)

typedef struct Fixture {
    char *dir;
    char *path[2];
    BlockRegistry *reg;
} Fixture;

static void fixture_setup(Fixture *f, gconstpointer data)
{
    g_autofree char *zeros = g_malloc0(IMAGE_SIZE);

    f->dir = g_dir_make_tmp("quern-registry-XXXXXX", NULL);
    g_assert_nonnull(f->dir);
    for (int i = 0; i < 2; i++) {
        g_autofree char *name = g_strdup_printf("disk%d.img", i);

        f->path[i] = g_build_filename(f->dir, name, NULL);
        g_assert_true(g_file_set_contents(f->path[i], zeros,
                                          IMAGE_SIZE / (i + 1), NULL));
    }
    f->reg = block_registry_new();
}

static void fixture_teardown(Fixture *f, gconstpointer data)
{
    block_registry_free(f->reg);
    for (int i = 0; i < 2; i++) {
        g_remove(f->path[i]);
        g_free(f->path[i]);
    }
    g_rmdir(f->dir);
    g_free(f->dir);
}

static void assert_error_contains(Error **err, const char *part)
{
    g_assert_nonnull(*err);
    if (!strstr(error_get_pretty(*err), part)) {
        g_error("error '%s' lacks '%s'", error_get_pretty(*err), part);
    }
    g_clear_pointer(err, error_free);
}

static BlockNode *add(Fixture *f, const char *name, int image,
                      bool read_only)
{
    BlockNode *node = block_file_open(f->path[image], read_only,
                                      &error_abort);

    g_assert_true(block_registry_add(f->reg, name, node, &error_abort));
    return node;
}

/* Nodes are found by name and listed in the order they came, with what
 * query-block shows. */
static void test_add_find_list(Fixture *f, gconstpointer data)
{
    BlockNode *hd0 = add(f, "hd0", 0, false);
    BlockNode *cd = add(f, "cd.rom_1", 1, true);
    g_autoptr(GPtrArray) list = NULL;
    BlockNodeInfo *info;

    g_assert_true(block_registry_find(f->reg, "hd0") == hd0);
    g_assert_true(block_registry_find(f->reg, "cd.rom_1") == cd);
    g_assert_null(block_registry_find(f->reg, "hd1"));
    g_assert_nonnull(block_registry_attach(f->reg, "hd0", "disk0",
                                           &error_abort));
    list = block_registry_list(f->reg);
    g_assert_cmpuint(list->len, ==, 2);
    info = g_ptr_array_index(list, 0);
    g_assert_cmpstr(info->name, ==, "hd0");
    g_assert_cmpstr(info->path, ==, f->path[0]);
    g_assert_false(info->read_only);
    g_assert_cmpuint(info->size, ==, IMAGE_SIZE);
    g_assert_cmpstr(info->attached_device, ==, "disk0");
    info = g_ptr_array_index(list, 1);
    g_assert_cmpstr(info->name, ==, "cd.rom_1");
    g_assert_true(info->read_only);
    g_assert_cmpuint(info->size, ==, IMAGE_SIZE / 2);
    g_assert_null(info->attached_device);
    block_registry_detach(f->reg, "hd0");
}

/* Names must look like QEMU ids; the caller keeps the node it offered. */
static void test_invalid_names(Fixture *f, gconstpointer data)
{
    static const char *const bad[] = { "", "1abc", "-x", "a b", "a,b",
                                       "a/b", "_x", "é" };

    for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
        BlockNode *node = block_file_open(f->path[0], false, &error_abort);
        Error *err = NULL;

        g_assert_false(block_registry_add(f->reg, bad[i], node, &err));
        assert_error_contains(&err, "is not a valid block node name");
        block_file_close(node);
    }
    g_autoptr(GPtrArray) list = block_registry_list(f->reg);

    g_assert_cmpuint(list->len, ==, 0);
}

/* A second node under a taken name is refused and stays the caller's. */
static void test_duplicate_name(Fixture *f, gconstpointer data)
{
    BlockNode *first = add(f, "hd0", 0, false);
    BlockNode *second = block_file_open(f->path[1], false, &error_abort);
    Error *err = NULL;

    g_assert_false(block_registry_add(f->reg, "hd0", second, &err));
    assert_error_contains(&err, "duplicate block node name 'hd0'");
    g_assert_true(block_registry_find(f->reg, "hd0") == first);
    block_file_close(second);
}

static QDict *drive_opts(const char *id, const char *file)
{
    QDict *opts = qdict_new();

    qdict_put_str(opts, "if", "none");
    qdict_put_str(opts, "id", id);
    qdict_put_str(opts, "file", file);
    qdict_put_str(opts, "format", "raw");
    return opts;
}

/* -drive id= and blockdev-add node-name= both name the node. */
static void test_open_from_options(Fixture *f, gconstpointer data)
{
    g_autoptr(QDict) drive = drive_opts("hd0", f->path[0]);
    g_autoptr(QDict) blockdev = qdict_new();
    g_autoptr(QDict) nameless = qdict_new();
    Error *err = NULL;

    qdict_put_str(blockdev, "driver", "file");
    qdict_put_str(blockdev, "node-name", "hd1");
    qdict_put_str(blockdev, "filename", f->path[1]);
    g_assert_nonnull(block_registry_open(f->reg, drive, &error_abort));
    g_assert_nonnull(block_registry_open(f->reg, blockdev, &error_abort));
    g_assert_cmpuint(block_file_get_size(block_registry_find(f->reg, "hd1")),
                     ==, IMAGE_SIZE / 2);
    qdict_put_str(nameless, "driver", "file");
    qdict_put_str(nameless, "filename", f->path[1]);
    g_assert_null(block_registry_open(f->reg, nameless, &err));
    assert_error_contains(&err, "needs a name");
}

/* A clash is found before the image is opened: the image's lock is never
 * taken, so another opener can still write it. */
static void test_open_duplicate_leaves_image_alone(Fixture *f,
                                                   gconstpointer data)
{
    g_autoptr(QDict) first = drive_opts("hd0", f->path[0]);
    g_autoptr(QDict) second = drive_opts("hd0", f->path[1]);
    Error *err = NULL;

    g_assert_nonnull(block_registry_open(f->reg, first, &error_abort));
    g_assert_null(block_registry_open(f->reg, second, &err));
    assert_error_contains(&err, "duplicate block node name 'hd0'");
    block_file_close(block_file_open(f->path[1], false, &error_abort));
}

/* One device at a time: the second is told who holds the drive. */
static void test_attach_twice(Fixture *f, gconstpointer data)
{
    BlockNode *node = add(f, "hd0", 0, false);
    Error *err = NULL;

    g_assert_true(block_registry_attach(f->reg, "hd0", "disk0",
                                        &error_abort) == node);
    g_assert_null(block_registry_attach(f->reg, "hd0", "disk1", &err));
    assert_error_contains(&err,
                          "drive 'hd0' is already in use by device 'disk0'");
    block_registry_detach(f->reg, "hd0");
    g_assert_true(block_registry_attach(f->reg, "hd0", "disk1",
                                        &error_abort) == node);
    g_assert_cmpstr(block_registry_get_attached(f->reg, "hd0"), ==, "disk1");
    block_registry_detach(f->reg, "hd0");
}

static void test_attach_missing(Fixture *f, gconstpointer data)
{
    Error *err = NULL;

    g_assert_null(block_registry_attach(f->reg, "nope", "disk0", &err));
    g_assert_nonnull(err);
    g_assert_cmpint(error_get_class(err), ==, ERROR_CLASS_DEVICE_NOT_FOUND);
    assert_error_contains(&err, "drive 'nope' not found");
}

/* A node in use cannot go; once its device lets go it can. */
static void test_remove_while_attached(Fixture *f, gconstpointer data)
{
    Error *err = NULL;

    add(f, "hd0", 0, false);
    block_registry_attach(f->reg, "hd0", "disk0", &error_abort);
    g_assert_false(block_registry_remove(f->reg, "hd0", &err));
    assert_error_contains(
        &err, "Node 'hd0' is busy: it is attached to device 'disk0'");
    g_assert_nonnull(block_registry_find(f->reg, "hd0"));
    block_registry_detach(f->reg, "hd0");
    g_assert_true(block_registry_remove(f->reg, "hd0", &error_abort));
    g_assert_null(block_registry_find(f->reg, "hd0"));
    g_assert_false(block_registry_remove(f->reg, "hd0", &err));
    assert_error_contains(&err, "drive 'hd0' not found");
    /* The image's lock went with the node. */
    block_file_close(block_file_open(f->path[0], false, &error_abort));
}

/* The process's registry is one object until a test resets it. */
static void test_default_registry(void)
{
    BlockRegistry *reg = block_registry_default();
    g_autofree char *dir = g_dir_make_tmp("quern-registry-XXXXXX", NULL);
    g_autofree char *path = g_build_filename(dir, "d.img", NULL);

    g_assert_true(g_file_set_contents(path, "0123456789abcdef", 16, NULL));
    g_assert_true(block_registry_default() == reg);
    g_assert_true(block_registry_add(
        reg, "hd0", block_file_open(path, false, &error_abort),
        &error_abort));
    block_registry_reset_default();
    g_assert_null(block_registry_find(block_registry_default(), "hd0"));
    block_registry_reset_default();
    g_remove(path);
    g_rmdir(dir);
}

#define ADD(path, fn) \
    g_test_add(path, Fixture, NULL, fixture_setup, fn, fixture_teardown)

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    ADD("/block-registry/add/find-and-list", test_add_find_list);
    ADD("/block-registry/add/refuses-invalid-names", test_invalid_names);
    ADD("/block-registry/add/refuses-duplicate-names", test_duplicate_name);
    ADD("/block-registry/open/drive-and-blockdev-options",
        test_open_from_options);
    ADD("/block-registry/open/duplicate-leaves-image-alone",
        test_open_duplicate_leaves_image_alone);
    ADD("/block-registry/attach/refuses-a-second-device", test_attach_twice);
    ADD("/block-registry/attach/missing-drive", test_attach_missing);
    ADD("/block-registry/remove/refused-while-attached",
        test_remove_while_attached);
    g_test_add_func("/block-registry/default/one-per-process",
                    test_default_registry);
    return g_test_run();
}
