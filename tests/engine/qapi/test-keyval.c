/* keyval: the -device/-object option syntax, as a user types it. */
#include "keyval.h"
#include "qlist.h"

static QDict *parse_ok(const char *params, const char *implied)
{
    QDict *d = keyval_parse(params, implied, NULL, &error_abort);
    g_assert_nonnull(d);
    return d;
}

static void assert_parse_error(const char *params, const char *implied,
                               const char *message)
{
    g_autoptr(Error) err = NULL;

    g_assert_null(keyval_parse(params, implied, NULL, &err));
    g_assert_nonnull(err);
    g_assert_cmpstr(error_get_pretty(err), ==, message);
}

static void test_flat_pairs_keep_order(void)
{
    g_autoptr(QDict) d = parse_ok("b=2,a=1,c=", NULL);
    const QDictEntry *e = qdict_first(d);

    g_assert_cmpstr(qdict_entry_key(e), ==, "b");
    g_assert_cmpstr(qdict_get_try_str(d, "b"), ==, "2");
    g_assert_cmpstr(qdict_entry_key(qdict_next(d, e)), ==, "a");
    g_assert_cmpstr(qdict_get_try_str(d, "c"), ==, "");
    g_assert_cmpuint(qdict_size(d), ==, 3);
}

/* Values are strings: the schema, not the parser, decides "256M" is a size. */
static void test_values_stay_strings(void)
{
    g_autoptr(QDict) d = parse_ok("size=256M,on=on", NULL);

    g_assert_cmpstr(qdict_get_try_str(d, "size"), ==, "256M");
    g_assert_cmpstr(qdict_get_try_str(d, "on"), ==, "on");
}

static void test_implied_key_takes_first_value(void)
{
    g_autoptr(QDict) d = parse_ok("virtio-rng-device,id=rng0",
                                  "driver");

    g_assert_cmpstr(qdict_get_try_str(d, "driver"), ==, "virtio-rng-device");
    g_assert_cmpstr(qdict_get_try_str(d, "id"), ==, "rng0");
    /* The implied key is still a key the user may spell out. */
    g_autoptr(QDict) spelled = parse_ok("driver=x", "driver");
    g_assert_cmpstr(qdict_get_try_str(spelled, "driver"), ==, "x");
}

/* Only the first parameter may leave out its key. */
static void test_implied_key_only_first(void)
{
    assert_parse_error("id=a,virtio", "driver",
                       "expected '=' after parameter 'virtio'");
    assert_parse_error("virtio", NULL, "expected '=' after parameter 'virtio'");
}

static void test_double_comma_is_literal_comma(void)
{
    g_autoptr(QDict) d = parse_ok("file=/tmp/a,,b.img,ro=on", NULL);

    g_assert_cmpstr(qdict_get_try_str(d, "file"), ==, "/tmp/a,b.img");
    g_assert_cmpstr(qdict_get_try_str(d, "ro"), ==, "on");

    g_autoptr(QDict) implied = parse_ok("a,,b,x=1", "driver");
    g_assert_cmpstr(qdict_get_try_str(implied, "driver"), ==, "a,b");
}

static void test_trailing_comma_allowed(void)
{
    g_autoptr(QDict) d = parse_ok("a=1,", NULL);

    g_assert_cmpuint(qdict_size(d), ==, 1);
    g_autoptr(QDict) empty = parse_ok("", NULL);
    g_assert_cmpuint(qdict_size(empty), ==, 0);
}

static void test_dotted_keys_nest(void)
{
    g_autoptr(QDict) d = parse_ok("addr.type=inet,addr.host=h,id=c", NULL);
    QDict *addr = qdict_get_qdict(d, "addr");

    g_assert_nonnull(addr);
    g_assert_cmpstr(qdict_get_try_str(addr, "type"), ==, "inet");
    g_assert_cmpstr(qdict_get_try_str(addr, "host"), ==, "h");
}

static void test_indexes_make_lists_in_index_order(void)
{
    g_autoptr(QDict) d = parse_ok("a.1=y,a.0=x,b.0.n=1", NULL);
    QList *a = qdict_get_qlist(d, "a");
    QList *b = qdict_get_qlist(d, "b");

    g_assert_nonnull(a);
    g_assert_cmpuint(qlist_size(a), ==, 2);
    g_assert_cmpstr(qstring_get_str(qobject_to(QString, qlist_entry(a, 0))),
                    ==, "x");
    g_assert_cmpstr(qstring_get_str(qobject_to(QString, qlist_entry(a, 1))),
                    ==, "y");
    g_assert_nonnull(b);
    QDict *b0 = qobject_to(QDict, qlist_entry(b, 0));
    g_assert_cmpstr(qdict_get_try_str(b0, "n"), ==, "1");
}

static void test_list_gap_names_missing_index(void)
{
    assert_parse_error("a.0=x,a.2=z", NULL,
                       "parameter 'a.1' is missing (list indexes must count "
                       "up from 0 without gaps)");
    /* "01" is not index 1 written differently: it is no index 1 at all. */
    assert_parse_error("a.0=x,a.01=y", NULL,
                       "parameter 'a.1' is missing (list indexes must count "
                       "up from 0 without gaps)");
}

static void test_list_mixed_with_names_rejected(void)
{
    assert_parse_error("a.0=x,a.b=y", NULL,
                       "parameters 'a.*' mix list indexes and names");
}

static void test_last_duplicate_wins(void)
{
    g_autoptr(QDict) d = parse_ok("a=1,b=2,a=3", NULL);

    g_assert_cmpstr(qdict_get_try_str(d, "a"), ==, "3");
    g_assert_cmpuint(qdict_size(d), ==, 2);
}

static void test_value_and_group_conflict(void)
{
    assert_parse_error("a=1,a.b=2", NULL,
                       "parameter 'a.b' is used both as a value and as a "
                       "group of parameters");
    assert_parse_error("a.b=2,a=1", NULL,
                       "parameter 'a' is used both as a value and as a "
                       "group of parameters");
}

static void test_bad_key_names(void)
{
    const char *msg_tail = " (expected names of letters, digits, '-' and '_' "
                           "starting with a letter, or list indexes, "
                           "separated by '.')";
    g_autofree char *dots = g_strconcat("invalid parameter name 'a..b'",
                                        msg_tail, NULL);
    g_autofree char *start = g_strconcat("invalid parameter name '_x'",
                                         msg_tail, NULL);
    g_autofree char *empty = g_strconcat("invalid parameter name ''",
                                         msg_tail, NULL);
    assert_parse_error("a..b=1", NULL, dots);
    assert_parse_error("_x=1", NULL, start);
    assert_parse_error("=1", NULL, empty);
}

static void test_fragment_length_bounded(void)
{
    g_autofree char *long_key = g_strnfill(128, 'k');
    g_autofree char *params = g_strconcat(long_key, "=1", NULL);
    g_autofree char *message = g_strdup_printf(
        "parameter name '%s' is too long (at most 127 characters between "
        "dots)", long_key);

    assert_parse_error(params, NULL, message);
    long_key[127] = '\0';
    g_autofree char *ok = g_strconcat(long_key, "=1", NULL);
    g_autoptr(QDict) d = parse_ok(ok, NULL);
    g_assert_true(qdict_haskey(d, long_key));
}

/* Found by feeding fuzz-keyval a long key (its own inputs stop at 4 KB):
 * nothing bounded the number of fragments, and every one is a level of
 * recursion, so "a.a.a...=1" of 60,000 fragments overflowed the stack.
 * 64 levels parse; 65 are refused. */
static void test_nesting_depth_bounded(void)
{
    g_autoptr(GString) key = g_string_new("a");

    for (int i = 1; i < 64; i++) {
        g_string_append(key, ".a");
    }
    g_autofree char *ok = g_strconcat(key->str, "=1", NULL);
    g_autoptr(QDict) d = parse_ok(ok, NULL);
    g_assert_nonnull(qdict_get_qdict(d, "a"));

    g_autofree char *deep = g_strconcat(key->str, ".a=1", NULL);
    g_autofree char *message = g_strdup_printf(
        "parameter name '%s...' nests too deeply (at most 64 parts "
        "separated by '.')", key->str);
    assert_parse_error(deep, NULL, message);

    /* Far deeper fails the same way instead of exhausting the stack. */
    for (int i = 0; i < 60000; i++) {
        g_string_append(key, ".a");
    }
    g_string_append(key, "=1");
    g_autoptr(Error) err = NULL;
    g_assert_null(keyval_parse(key->str, NULL, NULL, &err));
    g_assert_nonnull(err);
}

static void test_empty_parameter_rejected(void)
{
    /* After a value, ",," is a comma inside it; only a leading ',' leaves a
     * parameter empty. */
    assert_parse_error(",a=1", NULL, "empty parameter at offset 0 "
                       "(expected key=value)");
    g_autoptr(QDict) d = parse_ok("a=1,,,b=2", NULL);
    g_assert_cmpstr(qdict_get_try_str(d, "a"), ==, "1,");
    g_assert_cmpstr(qdict_get_try_str(d, "b"), ==, "2");
}

static void test_help_when_allowed(void)
{
    bool help = false;
    g_autoptr(QDict) d = keyval_parse("virtio-rng-device,help", "driver",
                                      &help, &error_abort);

    g_assert_true(help);
    g_assert_cmpstr(qdict_get_try_str(d, "driver"), ==, "virtio-rng-device");

    g_autoptr(QDict) q = keyval_parse("?", "driver", &help, &error_abort);
    g_assert_true(help);
    g_assert_false(qdict_haskey(q, "driver"));

    g_autoptr(QDict) none = keyval_parse("a=1", NULL, &help, &error_abort);
    g_assert_false(help);
}

static void test_help_refused_when_not_offered(void)
{
    assert_parse_error("help", NULL,
                       "help is not available for these parameters");
}

/* What keyval_to_string() writes, keyval_parse() reads back equal. */
static void test_to_string_round_trips(void)
{
    const char *inputs[] = {
        "virtio-blk-device,id=d0,drive=hd0",
        "file=/a,,b,addr.host=h,addr.port=22,l.0=x,l.1=y,m.0.k=v",
        "driver=a=b,x=1",   /* an implied value with '=' must keep its key */
    };
    for (size_t i = 0; i < G_N_ELEMENTS(inputs); i++) {
        g_autoptr(QDict) d = keyval_parse(inputs[i], "driver", NULL,
                                          &error_abort);
        g_autofree char *text = keyval_to_string(d, "driver");
        g_autoptr(QDict) back = keyval_parse(text, "driver", NULL,
                                             &error_abort);
        g_assert_true(qobject_is_equal(QOBJECT(d), QOBJECT(back)));
    }
    g_autoptr(QDict) d = parse_ok("virtio-blk-device,id=d0", "driver");
    g_autofree char *text = keyval_to_string(d, "driver");
    g_assert_cmpstr(text, ==, "virtio-blk-device,id=d0");
}

/* Found by fuzz-keyval: an implied value that begins with ',' was written
 * without its key (",,x", an empty first parameter), and one that is
 * "help" or "?", or starts "help," or "?,", was read back as a help
 * request. Those keep "key=". */
static void test_to_string_keeps_key_when_implied_form_misreads(void)
{
    static const char *const inputs[] = {
        "driver=,,x", "driver=help", "driver=?", "driver=help,,x",
        "driver=?,,x,id=a",
    };
    for (size_t i = 0; i < G_N_ELEMENTS(inputs); i++) {
        g_autoptr(QDict) d = parse_ok(inputs[i], "driver");
        g_autofree char *text = keyval_to_string(d, "driver");
        g_autoptr(QDict) back = parse_ok(text, "driver");

        g_assert_true(g_str_has_prefix(text, "driver="));
        g_assert_true(qobject_is_equal(QOBJECT(d), QOBJECT(back)));
    }
    /* Help only as the whole first fragment: these stay implied. */
    g_autoptr(QDict) d = parse_ok("driver=helper,,x", "driver");
    g_autofree char *text = keyval_to_string(d, "driver");
    g_assert_cmpstr(text, ==, "helper,,x");
}

static void test_to_string_typed_scalars(void)
{
    g_autoptr(QDict) d = qdict_new();

    qdict_put_bool(d, "on", true);
    qdict_put_bool(d, "off", false);
    qdict_put_uint(d, "max", UINT64_MAX);
    qdict_put_int(d, "neg", -5);
    g_autofree char *text = keyval_to_string(d, NULL);
    g_assert_cmpstr(text, ==, "on=on,off=off,max=18446744073709551615,neg=-5");
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/keyval/parse/flat-pairs-keep-order",
                    test_flat_pairs_keep_order);
    g_test_add_func("/keyval/parse/values-stay-strings", test_values_stay_strings);
    g_test_add_func("/keyval/parse/implied-key-takes-first-value",
                    test_implied_key_takes_first_value);
    g_test_add_func("/keyval/parse/implied-key-only-first",
                    test_implied_key_only_first);
    g_test_add_func("/keyval/parse/double-comma-is-literal-comma",
                    test_double_comma_is_literal_comma);
    g_test_add_func("/keyval/parse/trailing-comma-allowed",
                    test_trailing_comma_allowed);
    g_test_add_func("/keyval/parse/dotted-keys-nest", test_dotted_keys_nest);
    g_test_add_func("/keyval/parse/indexes-make-lists-in-index-order",
                    test_indexes_make_lists_in_index_order);
    g_test_add_func("/keyval/parse/list-gap-names-missing-index",
                    test_list_gap_names_missing_index);
    g_test_add_func("/keyval/parse/list-mixed-with-names-rejected",
                    test_list_mixed_with_names_rejected);
    g_test_add_func("/keyval/parse/last-duplicate-wins", test_last_duplicate_wins);
    g_test_add_func("/keyval/parse/value-and-group-conflict",
                    test_value_and_group_conflict);
    g_test_add_func("/keyval/parse/bad-key-names", test_bad_key_names);
    g_test_add_func("/keyval/parse/fragment-length-bounded",
                    test_fragment_length_bounded);
    g_test_add_func("/keyval/parse/nesting-depth-bounded",
                    test_nesting_depth_bounded);
    g_test_add_func("/keyval/parse/empty-parameter-rejected",
                    test_empty_parameter_rejected);
    g_test_add_func("/keyval/help/when-allowed", test_help_when_allowed);
    g_test_add_func("/keyval/help/refused-when-not-offered",
                    test_help_refused_when_not_offered);
    g_test_add_func("/keyval/to-string/round-trips", test_to_string_round_trips);
    g_test_add_func("/keyval/to-string/keeps-key-when-implied-form-misreads",
                    test_to_string_keeps_key_when_implied_form_misreads);
    g_test_add_func("/keyval/to-string/typed-scalars",
                    test_to_string_typed_scalars);
    return g_test_run();
}
