/* The catalog read from the real engine, its cache, and validation of
 * profiles against it. */
#include <string.h>

#include "app-paths.h"
#include "app-test-util.h"
#include "catalog.h"
#include "profile-store.h"
#include "qjson.h"
#include "validate.h"

static void test_catalog_from_engine(void)
{
    app_test_begin();
    g_autoptr(Catalog) cat = catalog_load(NULL, &error_abort);

    g_assert_false(catalog_was_cached(cat));
    g_assert_nonnull(catalog_find_machine(cat, "none"));
    g_assert_null(catalog_find_machine(cat, "no-such-machine"));
    QDict *version = qdict_get_qdict(catalog_get_data(cat), "version");
    g_assert_nonnull(qdict_get_qdict(version, "qemu"));

    /* Every device type comes with its properties as the engine
     * describes them: a name and a type each. */
    QDict *devices = catalog_get_devices(cat);
    g_assert_cmpuint(qdict_size(devices), >, 0);
    QDICT_FOREACH(e, devices) {
        QList *props = catalog_find_device_properties(cat,
                                                      qdict_entry_key(e));
        g_assert_nonnull(props);
        QLIST_FOREACH_ENTRY(p, props) {
            QDict *prop = qobject_to(QDict, p);
            g_assert_nonnull(qdict_get_try_str(prop, "name"));
            g_assert_nonnull(qdict_get_try_str(prop, "type"));
        }
    }

    /* The second load is the cache's, and says the same. */
    g_autoptr(Catalog) again = catalog_load(NULL, &error_abort);
    g_assert_true(catalog_was_cached(again));
    g_assert_true(qobject_is_equal(QOBJECT(catalog_get_data(cat)),
                                   QOBJECT(catalog_get_data(again))));

    /* A damaged cache file is replaced, not trusted. */
    g_autofree char *dir = app_paths_catalog_dir();
    g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
    const char *file = g_dir_read_name(d);
    g_autofree char *path = g_build_filename(dir, file, NULL);
    g_assert_true(g_file_set_contents(path, "{\"key\": [", -1, NULL));
    g_autoptr(Catalog) third = catalog_load(NULL, &error_abort);
    g_assert_false(catalog_was_cached(third));
    app_test_end();
}

static void test_catalog_no_engine(void)
{
    app_test_begin();
    Error *err = NULL;
    g_assert_null(catalog_load("/nonexistent/quern-engine", &err));
    g_assert_true(g_str_has_prefix(error_get_pretty(err),
                                   "engine '/nonexistent/quern-engine'"));
    error_free(err);
    app_test_end();
}

static char **problems_of(const char *text)
{
    g_autoptr(Catalog) cat = catalog_load(NULL, &error_abort);
    g_autoptr(ConfigFile) cf = config_file_parse(text, "t.cfg",
                                                 &error_abort);
    g_autoptr(Profile) p = profile_new("t", g_steal_pointer(&cf));
    g_autoptr(GPtrArray) problems = validate_profile(p, cat);
    g_autoptr(GStrvBuilder) b = g_strv_builder_new();

    for (size_t i = 0; i < problems->len; i++) {
        g_autofree char *line =
            validation_problem_to_string(problems->pdata[i]);
        g_strv_builder_add(b, line);
    }
    return g_strv_builder_end(b);
}

/* The first device type with a bool property and its name. */
static bool find_bool_property(Catalog *cat, const char **device,
                               const char **prop)
{
    QDICT_FOREACH(e, catalog_get_devices(cat)) {
        QList *props = catalog_find_device_properties(cat,
                                                      qdict_entry_key(e));
        QLIST_FOREACH_ENTRY(p, props) {
            QDict *d = qobject_to(QDict, p);
            if (!g_strcmp0(qdict_get_try_str(d, "type"), "bool")) {
                *device = qdict_entry_key(e);
                *prop = qdict_get_try_str(d, "name");
                return true;
            }
        }
    }
    return false;
}

static void test_validate(void)
{
    app_test_begin();
    g_auto(GStrv) ok = problems_of(APP_TEST_NONE_PROFILE);
    g_assert_cmpuint(g_strv_length(ok), ==, 0);

    g_auto(GStrv) bad = problems_of(
        "[machine]\n  type = \"pc-i440fx\"\n  kernel = \"/nonexistent/k\"\n"
        "[memory]\n  size = \"lots\"\n"
        "[smp-opts]\n  cpus = \"0\"\n"
        "[device \"d0\"]\n  driver = \"no-such-device\"\n");
    g_assert_cmpuint(g_strv_length(bad), ==, 5);
    g_assert_true(g_str_has_prefix(bad[0], "[machine] type: 'pc-i440fx' is "
                                   "not a machine this engine offers: "
                                   "expected one of "));
    g_assert_nonnull(strstr(bad[0], "none"));
    g_assert_true(g_str_has_prefix(bad[1], "[memory] size: 'lots' is not a "
                                   "size"));
    g_assert_true(g_str_has_prefix(bad[2], "[smp-opts] cpus: '0' is not a "
                                   "CPU count"));
    g_assert_true(g_str_has_prefix(bad[3], "[device \"d0\"] driver: "
                                   "'no-such-device' is not a device type"));
    g_assert_cmpstr(bad[4], ==, "[machine] kernel: /nonexistent/k does not "
                    "exist");

    g_autoptr(Catalog) cat = catalog_load(NULL, &error_abort);
    const char *device, *prop;
    if (find_bool_property(cat, &device, &prop)) {
        g_autofree char *text = g_strdup_printf(
            "[machine]\n  type = \"none\"\n[device \"x\"]\n"
            "  driver = \"%s\"\n  %s = \"maybe\"\n  nonsense = \"1\"\n",
            device, prop);
        g_auto(GStrv) props = problems_of(text);
        g_assert_cmpuint(g_strv_length(props), ==, 2);
        g_autofree char *want_bool = g_strdup_printf(
            "[device \"x\"] %s: 'maybe' is not a bool: expected on or off",
            prop);
        g_assert_cmpstr(props[0], ==, want_bool);
        g_autofree char *want_prop = g_strdup_printf(
            "[device \"x\"] nonsense: '%s' has no property 'nonsense': "
            "expected one of ", device);
        g_assert_true(g_str_has_prefix(props[1], want_prop));
    }
    app_test_end();
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/app/catalog/from-engine", test_catalog_from_engine);
    g_test_add_func("/app/catalog/no-engine", test_catalog_no_engine);
    g_test_add_func("/app/catalog/validate", test_validate);
    return g_test_run();
}
