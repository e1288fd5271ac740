/* Config groups: QEMU's -readconfig format, read, edited and written back. */
#include "config-group.h"
#include "qlist.h"

#include <glib/gstdio.h>

static const char profile_text[] =
    "# Debian's OpenSBI and our kernel\n"
    "[machine]\n"
    "  type = \"virt\"\n"
    "  append = \"console=ttyS0 root=/dev/vda\"\n"
    "\n"
    "[device \"disk0\"]\n"
    "  driver = \"virtio-blk-device\"\n"
    "  # the drive is declared below\n"
    "  drive = \"hd0\"\n"
    "[quern]\n"
    "  description = \"riscv64 Linux, busybox shell\"\n"
    "# the end\n";

static void assert_parse_error(const char *text, const char *message)
{
    g_autoptr(Error) err = NULL;

    g_assert_null(config_file_parse(text, "vm.cfg", &err));
    g_assert_nonnull(err);
    g_assert_cmpstr(error_get_pretty(err), ==, message);
}

static void test_groups_ids_and_values(void)
{
    g_autoptr(ConfigFile) cf = config_file_parse(profile_text, "vm.cfg",
                                                 &error_abort);

    g_assert_cmpuint(config_file_get_n_groups(cf), ==, 3);
    ConfigGroup *machine = config_file_get_group(cf, 0);
    g_assert_cmpstr(config_group_get_name(machine), ==, "machine");
    g_assert_null(config_group_get_id(machine));
    g_assert_cmpstr(config_group_get(machine, "append"), ==,
                    "console=ttyS0 root=/dev/vda");
    ConfigGroup *disk = config_file_find_group(cf, "device", "disk0");
    g_assert_nonnull(disk);
    g_assert_cmpstr(config_group_get(disk, "drive"), ==, "hd0");
    g_assert_null(config_file_find_group(cf, "device", "disk1"));
}

/* Read then write: comments, blank lines, unknown groups all survive. */
static void test_write_back_is_identity(void)
{
    g_autoptr(ConfigFile) cf = config_file_parse(profile_text, "vm.cfg",
                                                 &error_abort);
    g_autofree char *text = config_file_to_string(cf);

    g_assert_cmpstr(text, ==, profile_text);
}

static void test_layout_is_normalised(void)
{
    g_autoptr(ConfigFile) cf = config_file_parse(
        "[machine]\ntype=\"virt\"\n\t  accel   =   \"tcg\"  \n", "vm.cfg",
        &error_abort);
    g_autofree char *text = config_file_to_string(cf);

    g_assert_cmpstr(text, ==,
                    "[machine]\n  type = \"virt\"\n  accel = \"tcg\"\n");
}

static void test_edit_then_write(void)
{
    g_autoptr(ConfigFile) cf = config_file_parse(profile_text, "vm.cfg",
                                                 &error_abort);
    ConfigGroup *machine = config_file_find_group(cf, "machine", NULL);

    g_assert_true(config_group_set(machine, "type", "spike", &error_abort));
    g_assert_true(config_group_set(machine, "accel", "tcg", &error_abort));
    g_assert_true(config_group_unset(machine, "append"));
    g_assert_false(config_group_unset(machine, "append"));
    ConfigGroup *mem = config_file_add_group(cf, "memory", NULL, &error_abort);
    config_group_set(mem, "size", "512M", &error_abort);
    config_file_remove_group(cf, config_file_find_group(cf, "quern", NULL));

    g_autofree char *text = config_file_to_string(cf);
    g_assert_cmpstr(text, ==,
                    "# Debian's OpenSBI and our kernel\n"
                    "[machine]\n"
                    "  type = \"spike\"\n"
                    "  accel = \"tcg\"\n"
                    "\n"
                    "[device \"disk0\"]\n"
                    "  driver = \"virtio-blk-device\"\n"
                    "  # the drive is declared below\n"
                    "  drive = \"hd0\"\n"
                    "[memory]\n"
                    "  size = \"512M\"\n"
                    "# the end\n");
}

/* A repeated key reads as its last value; setting it leaves one entry. */
static void test_repeated_key(void)
{
    g_autoptr(ConfigFile) cf = config_file_parse(
        "[g]\n  a = \"1\"\n  a = \"2\"\n", "vm.cfg", &error_abort);
    ConfigGroup *g = config_file_get_group(cf, 0);

    g_assert_cmpstr(config_group_get(g, "a"), ==, "2");
    config_group_set(g, "a", "3", &error_abort);
    g_assert_cmpuint(config_group_get_n_entries(g), ==, 1);
    g_assert_cmpstr(config_group_get(g, "a"), ==, "3");
}

static void test_errors_name_file_and_line(void)
{
    assert_parse_error("  type = \"virt\"\n",
                       "vm.cfg:1: key 'type' is outside any group (expected "
                       "a [group] header first)");
    assert_parse_error("[machine]\n  type = virt\n",
                       "vm.cfg:2: the value of 'type' must be in double "
                       "quotes");
    assert_parse_error("[machine]\n\n  type = \"virt\n",
                       "vm.cfg:3: the value of 'type' has no closing '\"'");
    assert_parse_error("[machine]\n  type \"virt\"\n",
                       "vm.cfg:2: expected '=' after key 'type'");
    assert_parse_error("[machine\n",
                       "vm.cfg:1: expected a group header such as [device] "
                       "or [device \"id\"]");
    assert_parse_error("[device \"9lives\"]\n",
                       "vm.cfg:1: invalid id '9lives' (expected a letter, "
                       "then letters, digits, '-', '.' or '_')");
    assert_parse_error("[m]\n  a = \"x\" \"y\"\n",
                       "vm.cfg:2: unexpected text after the value of 'a' "
                       "(values cannot contain '\"')");
    assert_parse_error("[m]\n  = \"x\"\n",
                       "vm.cfg:2: expected key = \"value\", a [group] header "
                       "or a # comment");
    assert_parse_error("[m]\n  a = \"\xff\"\n", "vm.cfg:2: invalid UTF-8");
}

static void test_set_rejects_what_cannot_be_written(void)
{
    g_autoptr(ConfigFile) cf = config_file_new();
    g_autoptr(Error) err = NULL;
    ConfigGroup *g = config_file_add_group(cf, "drive", "hd0", &error_abort);

    g_assert_false(config_group_set(g, "file", "a\"b", &err));
    g_assert_cmpstr(error_get_pretty(err), ==, "the value of 'file' cannot "
                    "contain '\"' or a line break (config files have no "
                    "escapes)");
    error_free_or_abort(&err);
    g_assert_false(config_group_set(g, "bad key", "x", &err));
    g_assert_cmpstr(error_get_pretty(err), ==, "invalid key 'bad key' "
                    "(expected letters, digits, '-', '.' or '_')");
    error_free_or_abort(&err);
    g_assert_null(config_file_add_group(cf, "device", "0bad", &err));
    g_assert_nonnull(err);
}

/* Found by fuzz-config-group: a CR inside the quotes was read into the
 * value, which config_group_set() then refused, so a file could hold a
 * value it could not be edited back to. A CR ending the line is still a
 * Windows line ending. */
static void test_parse_rejects_carriage_return_in_value(void)
{
    g_autoptr(ConfigFile) cf = config_file_parse(
        "[m]\r\n  a = \"x\"\r\n", "vm.cfg", &error_abort);

    g_assert_cmpstr(config_group_get(config_file_get_group(cf, 0), "a"), ==,
                    "x");
    assert_parse_error("[m]\n  a = \"x\r\"\n",
                       "vm.cfg:2: the value of 'a' contains a carriage return "
                       "(values cannot contain line breaks)");
}

/* Found by fuzz-config-group: only one CR was stripped per line, so a
 * comment ending in CR CR LF lost one CR each time the file was read and
 * written, and never settled. Every trailing CR is line ending. */
static void test_layout_strips_every_trailing_carriage_return(void)
{
    g_autoptr(ConfigFile) cf = config_file_parse(
        "# note\r\r\n[m]\r\r\n  a = \"x\"\r\r\n", "vm.cfg", &error_abort);
    g_autofree char *text = config_file_to_string(cf);

    g_assert_cmpstr(text, ==, "# note\n[m]\n  a = \"x\"\n");
}

/* [device "d0"] reads as the same dict as -device's keyval. */
static void test_group_to_qdict_nests_like_keyval(void)
{
    g_autoptr(ConfigFile) cf = config_file_parse(
        "[chardev \"c0\"]\n"
        "  backend = \"socket\"\n"
        "  addr.path = \"/run/q.sock\"\n"
        "  list.0 = \"a\"\n"
        "  list.1 = \"b\"\n", "vm.cfg", &error_abort);
    g_autoptr(QDict) d = config_group_to_qdict(config_file_get_group(cf, 0),
                                               &error_abort);

    g_assert_cmpstr(qdict_get_try_str(d, "id"), ==, "c0");
    g_assert_cmpstr(qdict_get_try_str(qdict_get_qdict(d, "addr"), "path"), ==,
                    "/run/q.sock");
    g_assert_cmpuint(qlist_size(qdict_get_qlist(d, "list")), ==, 2);
}

static void test_group_to_qdict_error_has_line(void)
{
    g_autoptr(ConfigFile) cf = config_file_parse(
        "[device]\n  a = \"1\"\n  a.b = \"2\"\n", "vm.cfg", &error_abort);
    g_autoptr(Error) err = NULL;

    g_assert_null(config_group_to_qdict(config_file_get_group(cf, 0), &err));
    g_assert_cmpstr(error_get_pretty(err), ==, "vm.cfg:3: parameter 'a.b' is "
                    "used both as a value and as a group of parameters");
}

static void test_save_and_load(void)
{
    g_autofree char *dir = g_dir_make_tmp("quern-cfg-XXXXXX", NULL);
    g_autofree char *path = g_build_filename(dir, "vm.cfg", NULL);
    g_autoptr(ConfigFile) cf = config_file_parse(profile_text, "vm.cfg",
                                                 &error_abort);

    g_assert_true(config_file_save(cf, path, &error_abort));
    g_autoptr(ConfigFile) back = config_file_load(path, &error_abort);
    g_autofree char *text = config_file_to_string(back);
    g_assert_cmpstr(text, ==, profile_text);

    g_autoptr(Error) err = NULL;
    g_autofree char *missing = g_build_filename(dir, "none.cfg", NULL);
    g_assert_null(config_file_load(missing, &err));
    g_assert_true(g_str_has_prefix(error_get_pretty(err), "cannot read '"));
    g_unlink(path);
    g_rmdir(dir);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/config-group/parse/groups-ids-and-values",
                    test_groups_ids_and_values);
    g_test_add_func("/config-group/write/back-is-identity",
                    test_write_back_is_identity);
    g_test_add_func("/config-group/write/layout-is-normalised",
                    test_layout_is_normalised);
    g_test_add_func("/config-group/write/after-edits", test_edit_then_write);
    g_test_add_func("/config-group/parse/repeated-key", test_repeated_key);
    g_test_add_func("/config-group/parse/errors-name-file-and-line",
                    test_errors_name_file_and_line);
    g_test_add_func("/config-group/write/layout-strips-every-trailing-cr",
                    test_layout_strips_every_trailing_carriage_return);
    g_test_add_func("/config-group/parse/rejects-carriage-return-in-value",
                    test_parse_rejects_carriage_return_in_value);
    g_test_add_func("/config-group/set/rejects-what-cannot-be-written",
                    test_set_rejects_what_cannot_be_written);
    g_test_add_func("/config-group/to-qdict/nests-like-keyval",
                    test_group_to_qdict_nests_like_keyval);
    g_test_add_func("/config-group/to-qdict/error-has-line",
                    test_group_to_qdict_error_has_line);
    g_test_add_func("/config-group/file/save-and-load", test_save_and_load);
    return g_test_run();
}
