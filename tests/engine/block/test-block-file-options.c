/* Block file options: the -drive and blockdev-add shapes, and what they
 * refuse, on a real image in a fresh temporary directory. */
#include "block-file.h"
#include "keyval.h"

#include <glib/gstdio.h>
#include <string.h>

typedef struct Fixture {
    char *dir;
    char *path;
} Fixture;

static void fixture_setup(Fixture *f, gconstpointer data)
{
    f->dir = g_dir_make_tmp("quern-block-opts-XXXXXX", NULL);
    g_assert_nonnull(f->dir);
    f->path = g_build_filename(f->dir, "disk.img", NULL);
    g_assert_true(g_file_set_contents(f->path, "0123456789", 10, NULL));
}

static void fixture_teardown(Fixture *f, gconstpointer data)
{
    g_remove(f->path);
    g_rmdir(f->dir);
    g_free(f->path);
    g_free(f->dir);
}

static void assert_error(Error **err, const char *expected)
{
    g_assert_nonnull(*err);
    g_assert_cmpstr(error_get_pretty(*err), ==, expected);
    g_clear_pointer(err, error_free);
}

/* What the command line hands over: keyval's flat dict of strings. */
static QDict *drive_opts(const char *fmt, const char *path)
{
    g_autofree char *text = g_strdup_printf(fmt, path);

    return keyval_parse(text, NULL, NULL, &error_abort);
}

static void test_drive_read_only(Fixture *f, gconstpointer data)
{
    g_autoptr(QDict) opts =
        drive_opts("if=none,id=d0,file=%s,format=raw,readonly=on", f->path);
    BlockNode *node = block_file_open_from_options(opts, &error_abort);

    g_assert_true(block_file_is_read_only(node));
    g_assert_cmpuint(block_file_get_size(node), ==, 10);
    block_file_close(node);
}

static void test_drive_writable_by_default(Fixture *f, gconstpointer data)
{
    g_autoptr(QDict) opts = drive_opts("if=none,id=d0,file=%s", f->path);
    BlockNode *node = block_file_open_from_options(opts, &error_abort);

    g_assert_false(block_file_is_read_only(node));
    block_file_close(node);
}

static void test_drive_unknown_format(Fixture *f, gconstpointer data)
{
    g_autoptr(QDict) opts =
        drive_opts("if=none,id=d0,file=%s,format=qcow2", f->path);
    Error *err = NULL;

    g_assert_null(block_file_open_from_options(opts, &err));
    assert_error(&err, "format 'qcow2' is not supported (only raw)");
}

/* Ignoring a cache mode would run the VM with a setting it did not get. */
static void test_drive_unknown_key(Fixture *f, gconstpointer data)
{
    g_autoptr(QDict) opts =
        drive_opts("if=none,file=%s,cache=none", f->path);
    Error *err = NULL;

    g_assert_null(block_file_open_from_options(opts, &err));
    assert_error(&err, "drive option 'cache' is not supported");
}

static void test_drive_other_interface(Fixture *f, gconstpointer data)
{
    g_autoptr(QDict) opts = drive_opts("if=virtio,file=%s", f->path);
    Error *err = NULL;

    g_assert_null(block_file_open_from_options(opts, &err));
    assert_error(&err, "drive interface 'virtio' is not supported (only "
                 "none; attach it with -device)");
}

static void test_drive_bad_boolean(Fixture *f, gconstpointer data)
{
    g_autoptr(QDict) opts = drive_opts("file=%s,readonly=maybe", f->path);
    Error *err = NULL;

    g_assert_null(block_file_open_from_options(opts, &err));
    assert_error(&err, "'readonly' expects 'on' or 'off'");
}

static void test_drive_missing_file(Fixture *f, gconstpointer data)
{
    g_autoptr(QDict) opts = drive_opts("if=none,id=%s", "d0");
    Error *err = NULL;

    g_assert_null(block_file_open_from_options(opts, &err));
    assert_error(&err, "parameter 'file' is missing");
}

/* blockdev-add as QMP sends it: nested objects, a JSON boolean. */
static void test_blockdev_raw_over_file(Fixture *f, gconstpointer data)
{
    g_autoptr(QDict) opts = qdict_new();
    QDict *file = qdict_new();
    BlockNode *node;

    qdict_put_str(file, "driver", "file");
    qdict_put_str(file, "filename", f->path);
    qdict_put_str(opts, "driver", "raw");
    qdict_put_str(opts, "node-name", "disk0");
    qdict_put(opts, "file", file);           /* opts takes file */
    qdict_put_bool(opts, "read-only", true);

    node = block_file_open_from_options(opts, &error_abort);
    g_assert_true(block_file_is_read_only(node));
    g_assert_cmpuint(block_file_get_size(node), ==, 10);
    block_file_close(node);
}

/* -blockdev driver=raw,file.driver=file,... : the same, as keyval nests it. */
static void test_blockdev_from_keyval(Fixture *f, gconstpointer data)
{
    g_autoptr(QDict) opts = drive_opts(
        "driver=raw,file.driver=file,file.filename=%s", f->path);
    BlockNode *node = block_file_open_from_options(opts, &error_abort);

    g_assert_false(block_file_is_read_only(node));
    block_file_close(node);
}

static void test_blockdev_file_driver_alone(Fixture *f, gconstpointer data)
{
    g_autoptr(QDict) opts = qdict_new();
    BlockNode *node;

    qdict_put_str(opts, "driver", "file");
    qdict_put_str(opts, "filename", f->path);
    node = block_file_open_from_options(opts, &error_abort);
    g_assert_false(block_file_is_read_only(node));
    block_file_close(node);
}

static void test_blockdev_unknown_driver(Fixture *f, gconstpointer data)
{
    g_autoptr(QDict) opts = qdict_new();
    Error *err = NULL;

    qdict_put_str(opts, "driver", "qcow2");
    g_assert_null(block_file_open_from_options(opts, &err));
    assert_error(&err, "driver 'qcow2' is not supported (only raw and file)");
}

static void test_blockdev_unknown_protocol(Fixture *f, gconstpointer data)
{
    g_autoptr(QDict) opts = qdict_new();
    QDict *file = qdict_new();
    Error *err = NULL;

    qdict_put_str(file, "driver", "nbd");
    qdict_put_str(opts, "driver", "raw");
    qdict_put(opts, "file", file);           /* opts takes file */
    g_assert_null(block_file_open_from_options(opts, &err));
    assert_error(&err, "protocol driver 'nbd' is not supported (only file)");
}

/* In blockdev-add, "file": "name" points at another node. */
static void test_blockdev_node_reference(Fixture *f, gconstpointer data)
{
    g_autoptr(QDict) opts = qdict_new();
    Error *err = NULL;

    qdict_put_str(opts, "driver", "raw");
    qdict_put_str(opts, "file", "proto0");
    g_assert_null(block_file_open_from_options(opts, &err));
    assert_error(&err, "'file' refers to node 'proto0'; references to other "
                 "nodes are not supported yet (give the file inline)");
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);

#define ADD(path, fn) \
    g_test_add("/block-file-options/" path, Fixture, NULL, fixture_setup, \
               fn, fixture_teardown)
    ADD("drive/opens-read-only", test_drive_read_only);
    ADD("drive/is-writable-by-default", test_drive_writable_by_default);
    ADD("drive/refuses-an-unknown-format", test_drive_unknown_format);
    ADD("drive/refuses-an-unknown-key", test_drive_unknown_key);
    ADD("drive/refuses-another-interface", test_drive_other_interface);
    ADD("drive/refuses-a-bad-boolean", test_drive_bad_boolean);
    ADD("drive/needs-a-file", test_drive_missing_file);
    ADD("blockdev/opens-raw-over-file", test_blockdev_raw_over_file);
    ADD("blockdev/opens-keyval-nesting", test_blockdev_from_keyval);
    ADD("blockdev/opens-the-file-driver-alone",
        test_blockdev_file_driver_alone);
    ADD("blockdev/refuses-an-unknown-driver", test_blockdev_unknown_driver);
    ADD("blockdev/refuses-an-unknown-protocol",
        test_blockdev_unknown_protocol);
    ADD("blockdev/refuses-node-references", test_blockdev_node_reference);
#undef ADD
    return g_test_run();
}
