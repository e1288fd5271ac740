/* The profile editor's form: typed fields, inline validation, and the
 * round trip to the profile's config groups. */
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>
#include "error.h"
#include "field-model.h"

static const char *const machines[] = { "none", "virt", "spike", NULL };

static FieldModel *form_new(void)
{
    FieldModel *m = field_model_new("/");

    field_model_add(m, "machine", NULL, "type", "Machine", FIELD_ENUM,
                    machines, "none", "The board");
    field_model_add(m, "memory", NULL, "size", "Memory", FIELD_SIZE, NULL,
                    "128M", "Guest RAM");
    field_model_add(m, "smp-opts", NULL, "cpus", "CPUs", FIELD_UINT, NULL,
                    "1", NULL);
    field_model_add(m, "device", "rng0", "period", "period", FIELD_UINT, NULL,
                    "65536", "Period in ms");
    return m;
}

/* Enums cycle through the catalog's choices, both ways, wrapping. */
static void test_enum_cycles(void)
{
    g_autoptr(FieldModel) m = form_new();
    Field *f = field_model_find(m, "machine", NULL, "type");

    g_assert_cmpstr(field_effective_value(f), ==, "none");
    field_cycle(m, f, 1);
    g_assert_cmpstr(f->value, ==, "virt");
    field_cycle(m, f, 1);
    field_cycle(m, f, 1);
    g_assert_cmpstr(f->value, ==, "none");
    field_cycle(m, f, -1);
    g_assert_cmpstr(f->value, ==, "spike");
    g_assert_null(f->error);
}

/* A value outside the choices is kept (to be fixed) but flagged with the
 * list of what is allowed. */
static void test_enum_rejects_unknown(void)
{
    g_autoptr(FieldModel) m = form_new();
    Field *f = field_model_find(m, "machine", NULL, "type");

    g_assert_false(field_set_value(m, f, "pc"));
    g_assert_cmpstr(f->value, ==, "pc");
    g_assert_cmpstr(f->error, ==, "expected one of: none, virt, spike");
    g_assert_false(field_model_is_valid(m));
    g_assert_true(field_model_first_error(m) == f);
}

static void test_size_and_numbers(void)
{
    g_autoptr(FieldModel) m = form_new();
    Field *mem = field_model_find(m, "memory", NULL, "size");
    Field *cpus = field_model_find(m, "smp-opts", NULL, "cpus");
    guint64 bytes;

    g_assert_true(field_set_value(m, mem, "512M"));
    g_assert_false(field_set_value(m, mem, "lots"));
    g_assert_false(field_set_value(m, mem, "99999999999999999999T"));
    g_assert_true(field_parse_size("2G", &bytes));
    g_assert_cmpuint(bytes, ==, 2ull << 30);
    g_assert_true(field_parse_size("4096", &bytes));
    g_assert_cmpuint(bytes, ==, 4096);
    g_assert_true(field_set_value(m, cpus, "4"));
    g_assert_false(field_set_value(m, cpus, "-1"));
    g_assert_false(field_set_value(m, cpus, "4x"));
}

/* Clearing a field unsets it: the default applies and shows. */
static void test_clear_means_default(void)
{
    g_autoptr(FieldModel) m = form_new();
    Field *mem = field_model_find(m, "memory", NULL, "size");

    field_set_value(m, mem, "1G");
    field_set_value(m, mem, "");
    g_assert_null(mem->value);
    g_assert_cmpstr(field_effective_value(mem), ==, "128M");
}

/* A config-group value cannot hold a quote: refused before save, not at
 * save with half a file written. */
static void test_rejects_quotes(void)
{
    g_autoptr(FieldModel) m = form_new();
    Field *cpus = field_model_find(m, "device", "rng0", "period");

    g_assert_false(field_set_value(m, cpus, "1\"0"));
}

static void test_path_must_exist(void)
{
    g_autoptr(FieldModel) m = field_model_new(g_get_tmp_dir());
    Field *f = field_model_add(m, "machine", NULL, "kernel", "Kernel",
                               FIELD_PATH, NULL, NULL, NULL);
    g_autofree char *tmp = NULL;
    int fd = g_file_open_tmp("field-model-XXXXXX", &tmp, NULL);

    g_assert_cmpint(fd, >=, 0);
    close(fd);
    g_assert_true(field_set_value(m, f, tmp));
    g_assert_true(field_set_value(m, f, strrchr(tmp, '/') + 1));
    g_unlink(tmp);
    g_assert_false(field_set_value(m, f, tmp));
    g_assert_nonnull(strstr(f->error, "no such file"));
}

/* Load, edit, store: only the edited keys change; other groups and
 * comments of the profile survive; unset fields leave the file. */
static void test_round_trip_through_config(void)
{
    g_autoptr(FieldModel) m = form_new();
    g_autoptr(ConfigFile) cf = config_file_parse(
        "# my vm\n[machine]\n  type = \"virt\"\n  kernel = \"Image\"\n"
        "[memory]\n  size = \"256M\"\n[quern]\n  description = \"keep\"\n",
        "vm.cfg", &error_abort);
    g_autofree char *text = NULL;

    field_model_load(m, cf);
    g_assert_cmpstr(field_model_find(m, "machine", NULL, "type")->value, ==,
                    "virt");
    g_assert_null(field_model_find(m, "smp-opts", NULL, "cpus")->value);
    field_set_value(m, field_model_find(m, "memory", NULL, "size"), "");
    field_set_value(m, field_model_find(m, "smp-opts", NULL, "cpus"), "2");
    field_set_value(m, field_model_find(m, "device", "rng0", "period"), "10");
    g_assert_true(field_model_store(m, cf, &error_abort));
    text = config_file_to_string(cf);
    g_assert_cmpstr(text, ==,
                    "# my vm\n[machine]\n  type = \"virt\"\n  kernel = \"Image\"\n"
                    "[memory]\n[quern]\n  description = \"keep\"\n"
                    "[smp-opts]\n  cpus = \"2\"\n"
                    "[device \"rng0\"]\n  period = \"10\"\n");
}

/* A form with an error is not saved; the message names group and key. */
static void test_store_refuses_errors(void)
{
    g_autoptr(FieldModel) m = form_new();
    g_autoptr(ConfigFile) cf = config_file_new();
    Error *err = NULL;

    field_set_value(m, field_model_find(m, "device", "rng0", "period"), "x");
    g_assert_false(field_model_store(m, cf, &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "[device \"rng0\"] period: expected a non-negative integer");
    error_free(err);
    g_assert_cmpuint(config_file_get_n_groups(cf), ==, 0);
}

static void test_remove_group(void)
{
    g_autoptr(FieldModel) m = form_new();

    field_model_remove_group(m, "device", "rng0");
    g_assert_cmpuint(field_model_size(m), ==, 3);
    g_assert_null(field_model_find(m, "device", "rng0", "period"));
}

static void test_kind_from_type(void)
{
    g_assert_cmpint(field_kind_from_type("bool", false), ==, FIELD_BOOL);
    g_assert_cmpint(field_kind_from_type("uint32", false), ==, FIELD_UINT);
    g_assert_cmpint(field_kind_from_type("int64", false), ==, FIELD_INT);
    g_assert_cmpint(field_kind_from_type("size", false), ==, FIELD_SIZE);
    g_assert_cmpint(field_kind_from_type("str", false), ==, FIELD_STRING);
    g_assert_cmpint(field_kind_from_type("OnOffAuto", true), ==, FIELD_ENUM);
}

/* Bools are on/off choices, as config groups write them. */
static void test_bool_cycles(void)
{
    g_autoptr(FieldModel) m = field_model_new(NULL);
    Field *f = field_model_add(m, "device", "d", "event_idx", NULL, FIELD_BOOL,
                               NULL, "on", NULL);

    field_cycle(m, f, 1);
    g_assert_cmpstr(f->value, ==, "off");
    g_assert_false(field_set_value(m, f, "maybe"));
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/tui/field-model/enum/cycles-both-ways", test_enum_cycles);
    g_test_add_func("/tui/field-model/enum/flags-an-unknown-value",
                    test_enum_rejects_unknown);
    g_test_add_func("/tui/field-model/bool/cycles-on-off", test_bool_cycles);
    g_test_add_func("/tui/field-model/sizes-and-numbers-are-checked",
                    test_size_and_numbers);
    g_test_add_func("/tui/field-model/clearing-a-field-restores-the-default",
                    test_clear_means_default);
    g_test_add_func("/tui/field-model/refuses-quotes", test_rejects_quotes);
    g_test_add_func("/tui/field-model/path-must-exist", test_path_must_exist);
    g_test_add_func("/tui/field-model/round-trips-through-the-profile",
                    test_round_trip_through_config);
    g_test_add_func("/tui/field-model/store-refuses-a-form-with-errors",
                    test_store_refuses_errors);
    g_test_add_func("/tui/field-model/removing-a-device-removes-its-fields",
                    test_remove_group);
    g_test_add_func("/tui/field-model/kind-from-engine-type", test_kind_from_type);
    return g_test_run();
}
