/* Fuzz target for keyval (keyval.c): the -device/-object option syntax,
 * which reaches us straight from a user's command line and from profiles.
 *
 * Input: the option text (up to the first NUL byte).
 * Checks, beyond "no crash, no leak, no undefined behaviour":
 *   - the text is parsed four ways: with and without the implied key
 *     "driver", with and without a help flag. A text that parses without
 *     the implied key parses to the same dict with it (the implied key only
 *     gives meaning to what would otherwise be an error), and a help flag
 *     only changes the result when the text asks for help;
 *   - a failure sets exactly one error, with a message;
 *   - a dict that parses holds only strings, non-empty lists and non-empty
 *     dicts, and no nested dict is keyed by list indexes alone (those must
 *     have become lists);
 *   - keyval_to_string() of it parses back, with the same implied key, to
 *     an equal dict, and printing that gives the same text again.
 */
#include "keyval.h"
#include "qlist.h"

#include <stdint.h>
#include <string.h>

#define FUZZ_IMPLIED_KEY "driver"

static bool fuzz_key_is_index(const char *key)
{
    return *key && strspn(key, "0123456789") == strlen(key);
}

/* The shape keyval_parse() promises for every value below the root. */
static void fuzz_check_shape(const QObject *value, bool is_root)
{
    const QDict *dict = qobject_to(QDict, value);
    const QList *list = qobject_to(QList, value);

    if (dict) {
        bool all_indexes = true;

        g_assert_true(is_root || qdict_size(dict) > 0);
        QDICT_FOREACH(e, dict) {
            all_indexes &= fuzz_key_is_index(qdict_entry_key(e));
            fuzz_check_shape(qdict_entry_value(e), false);
        }
        /* The root's keys are never turned into a list. */
        g_assert_true(is_root || qdict_size(dict) == 0 || !all_indexes);
    } else if (list) {
        g_assert_cmpuint(qlist_size(list), >, 0);
        for (size_t i = 0; i < qlist_size(list); i++) {
            fuzz_check_shape(qlist_entry(list, i), false);
        }
    } else {
        g_assert_nonnull(qobject_to(QString, value));
    }
}

/* Parses text; on failure checks the error and returns NULL. */
static QDict *fuzz_parse(const char *text, const char *implied, bool *help)
{
    Error *err = NULL;
    QDict *dict = keyval_parse(text, implied, help, &err);

    if (!dict) {
        g_assert_nonnull(err);
        g_assert_cmpstr(error_get_pretty(err), !=, "");
        error_free(err);
        return NULL;
    }
    g_assert_null(err);
    fuzz_check_shape(QOBJECT(dict), true);
    return dict;
}

static void fuzz_check_round_trip(const QDict *dict, const char *implied)
{
    g_autofree char *text = keyval_to_string(dict, implied);
    g_autoptr(Error) err = NULL;
    g_autoptr(QDict) back = keyval_parse(text, implied, NULL, &err);

    /* g_error() would raise SIGTRAP, which libFuzzer does not catch, and
     * the input would not be saved: print, then fail an assertion. */
    if (!back) {
        g_printerr("keyval_to_string() gave '%s', which does not parse: %s\n",
                   text, error_get_pretty(err));
    }
    g_assert_nonnull(back);
    g_assert_true(qobject_is_equal(QOBJECT(dict), QOBJECT(back)));

    g_autofree char *again = keyval_to_string(back, implied);
    g_assert_cmpstr(again, ==, text);
}

/* Parses text with or without the implied key, both with and without a
 * help flag; returns the dict of the parse with the flag. */
static QDict *fuzz_parse_both_ways(const char *text, const char *implied)
{
    bool help = false;
    g_autoptr(QDict) plain = fuzz_parse(text, implied, NULL);
    QDict *with_help = fuzz_parse(text, implied, &help);

    if (plain) {
        /* Nothing asked for help, or parsing without the flag failed. */
        g_assert_nonnull(with_help);
        g_assert_false(help);
        g_assert_true(qobject_is_equal(QOBJECT(plain), QOBJECT(with_help)));
        fuzz_check_round_trip(plain, implied);
    } else if (with_help) {
        /* Only a help request fails without the flag. */
        g_assert_true(help);
        fuzz_check_round_trip(with_help, implied);
    }
    return with_help;
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
    g_autoptr(QDict) explicit_keys = fuzz_parse_both_ways(text, NULL);
    g_autoptr(QDict) implied = fuzz_parse_both_ways(text, FUZZ_IMPLIED_KEY);

    if (explicit_keys) {
        g_assert_nonnull(implied);
        g_assert_true(qobject_is_equal(QOBJECT(explicit_keys),
                                       QOBJECT(implied)));
    }
    return 0;
}
