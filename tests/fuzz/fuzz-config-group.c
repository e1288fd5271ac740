/* Fuzz target for config groups (config-group.c): the -readconfig format
 * VM profiles are kept in, which users edit by hand.
 *
 * Input: the file's text (up to the first NUL byte, as config_file_load()
 * refuses files with one).
 * Checks, beyond "no crash, no leak, no undefined behaviour":
 *   - a failure sets exactly one error, "FILE:LINE: ...", naming a line the
 *     text has;
 *   - a file that parses prints to text that parses again to the same
 *     groups, ids and entries, and prints the same text again: writing a
 *     profile normalises its layout once and then changes nothing;
 *   - what the parser accepts, the editing API accepts too: every group can
 *     be re-created with its name and id, and every entry set again with
 *     its key and value;
 *   - config_group_to_qdict() on every group either fails with an error
 *     that names the file, or gives a dict that holds the group's id and
 *     survives keyval's own round trip.
 */
#include "config-group.h"
#include "keyval.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define FUZZ_FILENAME "fuzz.cfg"

static void fuzz_check_parse_error(Error *err, const char *text)
{
    const char *msg = error_get_pretty(err);
    const char *colon;
    unsigned long line;
    size_t lines = 1;

    g_assert_true(g_str_has_prefix(msg, FUZZ_FILENAME ":"));
    line = strtoul(msg + strlen(FUZZ_FILENAME ":"), (char **)&colon, 10);
    g_assert_true(g_str_has_prefix(colon, ": "));
    for (const char *p = text; (p = strchr(p, '\n')); p++) {
        lines++;
    }
    g_assert_cmpuint(line, >=, 1);
    g_assert_cmpuint(line, <=, lines);
}

static void fuzz_check_same_groups(const ConfigFile *a, const ConfigFile *b)
{
    g_assert_cmpuint(config_file_get_n_groups(a), ==,
                     config_file_get_n_groups(b));
    for (size_t i = 0; i < config_file_get_n_groups(a); i++) {
        const ConfigGroup *ga = config_file_get_group(a, i);
        const ConfigGroup *gb = config_file_get_group(b, i);

        g_assert_cmpstr(config_group_get_name(ga), ==,
                        config_group_get_name(gb));
        g_assert_cmpstr(config_group_get_id(ga), ==, config_group_get_id(gb));
        g_assert_cmpuint(config_group_get_n_entries(ga), ==,
                         config_group_get_n_entries(gb));
        for (size_t j = 0; j < config_group_get_n_entries(ga); j++) {
            const char *ka, *va, *kb, *vb;

            config_group_get_entry(ga, j, &ka, &va);
            config_group_get_entry(gb, j, &kb, &vb);
            g_assert_cmpstr(ka, ==, kb);
            g_assert_cmpstr(va, ==, vb);
        }
    }
}

/* Rebuilds cf through the editing API alone; it must take every name, id,
 * key and value the parser took. */
static void fuzz_check_rebuild(const ConfigFile *cf)
{
    g_autoptr(ConfigFile) copy = config_file_new();

    for (size_t i = 0; i < config_file_get_n_groups(cf); i++) {
        const ConfigGroup *g = config_file_get_group(cf, i);
        ConfigGroup *to = config_file_add_group(copy, config_group_get_name(g),
                                                config_group_get_id(g),
                                                &error_abort);

        for (size_t j = 0; j < config_group_get_n_entries(g); j++) {
            const char *key, *value;

            config_group_get_entry(g, j, &key, &value);
            g_assert_true(config_group_set(to, key, value, &error_abort));
            /* The last entry with a key is the one that counts. */
            g_assert_cmpstr(config_group_get(to, key), ==, value);
        }
        for (size_t j = 0; j < config_group_get_n_entries(to); j++) {
            const char *key, *value;

            config_group_get_entry(to, j, &key, &value);
            g_assert_cmpstr(config_group_get(g, key), ==, value);
        }
    }
}

static void fuzz_check_to_qdict(const ConfigGroup *g)
{
    Error *err = NULL;
    g_autoptr(QDict) dict = config_group_to_qdict(g, &err);

    if (!dict) {
        g_assert_nonnull(err);
        g_assert_true(g_str_has_prefix(error_get_pretty(err),
                                       FUZZ_FILENAME ":"));
        error_free(err);
        return;
    }
    g_assert_null(err);
    /* An "id" entry may override the header's id, as on the command line. */
    if (config_group_get_id(g) && !config_group_get(g, "id")) {
        g_assert_cmpstr(qdict_get_try_str(dict, "id"), ==,
                        config_group_get_id(g));
    }
    g_autofree char *text = keyval_to_string(dict, NULL);
    g_autoptr(QDict) back = keyval_parse(text, NULL, NULL, &error_abort);
    g_assert_true(qobject_is_equal(QOBJECT(dict), QOBJECT(back)));
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    /* A GLib critical or warning is a bug the fuzzer should stop on. */
    g_log_set_always_fatal(G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    g_autofree char *text = g_strndup((const char *)data, size);
    Error *err = NULL;
    g_autoptr(ConfigFile) cf = config_file_parse(text, FUZZ_FILENAME, &err);

    if (!cf) {
        g_assert_nonnull(err);
        fuzz_check_parse_error(err, text);
        error_free(err);
        return 0;
    }
    g_assert_null(err);

    g_autofree char *printed = config_file_to_string(cf);
    g_autoptr(Error) reparse_err = NULL;
    g_autoptr(ConfigFile) back = config_file_parse(printed, FUZZ_FILENAME,
                                                   &reparse_err);
    /* g_error() would raise SIGTRAP, which libFuzzer does not catch, and
     * the input would not be saved: print, then fail an assertion. */
    if (!back) {
        g_printerr("the printed file does not parse: %s\n%s\n",
                   error_get_pretty(reparse_err), printed);
    }
    g_assert_nonnull(back);
    fuzz_check_same_groups(cf, back);
    g_autofree char *again = config_file_to_string(back);
    g_assert_cmpstr(again, ==, printed);

    fuzz_check_rebuild(cf);
    for (size_t i = 0; i < config_file_get_n_groups(cf); i++) {
        fuzz_check_to_qdict(config_file_get_group(cf, i));
    }
    return 0;
}
