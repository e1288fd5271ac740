/* The QMP console's language and its completion, from a real engine's
 * query-qmp-schema shape (masked type names, enums with values). */
#include <glib.h>
#include <string.h>
#include "error.h"
#include "qjson.h"
#include "qmp-line.h"

/* A slice of what quern-engine answers: commands point at numbered
 * argument objects; an enum and a bool member to complete values of. */
static const char schema_json[] =
    "[{\"name\": \"query-status\", \"meta-type\": \"command\","
    "  \"arg-type\": \"0\", \"ret-type\": \"0\"},"
    " {\"name\": \"qom-set\", \"meta-type\": \"command\","
    "  \"arg-type\": \"8\", \"ret-type\": \"0\"},"
    " {\"name\": \"qom-list\", \"meta-type\": \"command\","
    "  \"arg-type\": \"9\", \"ret-type\": \"[6]\"},"
    " {\"name\": \"[6]\", \"meta-type\": \"array\", \"element-type\": \"6\"},"
    " {\"name\": \"6\", \"meta-type\": \"object\", \"members\": ["
    "   {\"name\": \"name\", \"type\": \"str\"},"
    "   {\"name\": \"runtime\", \"type\": \"bool\", \"default\": null}]},"
    " {\"name\": \"system_reset\", \"meta-type\": \"command\","
    "  \"arg-type\": \"0\", \"ret-type\": \"0\"},"
    " {\"name\": \"chardev-add\", \"meta-type\": \"command\","
    "  \"arg-type\": \"10\", \"ret-type\": \"0\"},"
    " {\"name\": \"STOP\", \"meta-type\": \"event\", \"arg-type\": \"0\"},"
    " {\"name\": \"0\", \"meta-type\": \"object\", \"members\": []},"
    " {\"name\": \"8\", \"meta-type\": \"object\", \"members\": ["
    "   {\"name\": \"path\", \"type\": \"str\"},"
    "   {\"name\": \"property\", \"type\": \"str\"},"
    "   {\"name\": \"value\", \"type\": \"any\"}]},"
    " {\"name\": \"9\", \"meta-type\": \"object\", \"members\": ["
    "   {\"name\": \"path\", \"type\": \"str\"}]},"
    " {\"name\": \"10\", \"meta-type\": \"object\", \"members\": ["
    "   {\"name\": \"id\", \"type\": \"str\"},"
    "   {\"name\": \"backend\", \"type\": \"70\"},"
    "   {\"name\": \"wait\", \"type\": \"bool\"}]},"
    " {\"name\": \"70\", \"meta-type\": \"enum\", \"values\": "
    "   [\"ringbuf\", \"null\", \"socket\", \"file\"]}]";

static QmpSchemaIndex *index_new(void)
{
    g_autoptr(QObject) schema = qobject_from_json(schema_json, &error_abort);

    return qmp_schema_index_new(qobject_to(QList, schema));
}

static char *candidates(QmpCompletion *c)
{
    g_ptr_array_add(c->candidates, NULL);
    char *s = g_strjoinv(" ", (char **)c->candidates->pdata);
    g_ptr_array_remove_index(c->candidates, c->candidates->len - 1);
    return s;
}

/* The first word completes to commands only, never events or types. */
static void test_complete_command(void)
{
    g_autoptr(QmpSchemaIndex) idx = index_new();
    g_autoptr(QmpCompletion) c = qmp_line_complete(idx, "qo");
    g_autofree char *got = candidates(c);

    g_assert_cmpstr(got, ==, "qom-list qom-set");
    g_assert_cmpstr(c->common_prefix, ==, "qom-");
    g_assert_cmpuint(c->replace_from, ==, 0);
}

static void test_complete_everything_on_empty(void)
{
    g_autoptr(QmpSchemaIndex) idx = index_new();
    g_autoptr(QmpCompletion) c = qmp_line_complete(idx, "");

    g_assert_cmpuint(c->candidates->len, ==, 5);
}

/* After the command: its argument names with '=', minus those typed. */
static void test_complete_argument_names(void)
{
    g_autoptr(QmpSchemaIndex) idx = index_new();
    g_autoptr(QmpCompletion) c = qmp_line_complete(idx, "qom-set path=/machine ");
    g_autofree char *got = candidates(c);

    g_assert_cmpstr(got, ==, "property= value=");
    g_assert_cmpuint(c->replace_from, ==, strlen("qom-set path=/machine "));
}

/* After key=: the enum's values from the schema. */
static void test_complete_enum_value(void)
{
    g_autoptr(QmpSchemaIndex) idx = index_new();
    g_autoptr(QmpCompletion) c = qmp_line_complete(idx, "chardev-add id=x backend=r");
    g_autofree char *got = candidates(c);

    g_assert_cmpstr(got, ==, "ringbuf");
    g_assert_cmpuint(c->replace_from, ==, strlen("chardev-add id=x backend="));
}

static void test_complete_bool_value(void)
{
    g_autoptr(QmpSchemaIndex) idx = index_new();
    g_autoptr(QmpCompletion) c = qmp_line_complete(idx, "chardev-add wait=");
    g_autofree char *got = candidates(c);

    g_assert_cmpstr(got, ==, "false true");
}

/* A command the engine does not have completes nothing after it. */
static void test_complete_unknown_command(void)
{
    g_autoptr(QmpSchemaIndex) idx = index_new();
    g_autoptr(QmpCompletion) c = qmp_line_complete(idx, "no-such-command p");

    g_assert_cmpuint(c->candidates->len, ==, 0);
    g_assert_false(qmp_schema_index_has_command(idx, "STOP"));
    g_assert_true(qmp_schema_index_has_command(idx, "qom-set"));
}

/* key=value words become arguments; JSON-looking values keep their type,
 * the rest are strings; quoted values keep their blanks. */
static void test_parse_words(void)
{
    g_autoptr(QDict) req = qmp_line_parse(
        "qom-set path=/machine/rng property=period value=1000", &error_abort);
    g_autofree char *json = qobject_to_json(QOBJECT(req));

    g_assert_cmpstr(json, ==, "{\"execute\":\"qom-set\",\"arguments\":"
                    "{\"path\":\"/machine/rng\",\"property\":\"period\","
                    "\"value\":1000}}");
}

static void test_parse_quoted_and_objects(void)
{
    g_autoptr(QDict) req = qmp_line_parse(
        "x a=\"two words\" b={\"k\": [1, 2]} c=true", &error_abort);
    g_autofree char *json = qobject_to_json(QOBJECT(req));

    g_assert_cmpstr(json, ==, "{\"execute\":\"x\",\"arguments\":"
                    "{\"a\":\"two words\",\"b\":{\"k\":[1,2]},"
                    "\"c\":true}}");
}

static void test_parse_raw_json(void)
{
    g_autoptr(QDict) req = qmp_line_parse("  {\"execute\": \"query-status\"} ",
                                          &error_abort);

    g_assert_cmpstr(qdict_get_try_str(req, "execute"), ==, "query-status");
}

/* A word that is not key=value is an error naming it, not a guess. */
static void test_parse_rejects_bare_word(void)
{
    Error *err = NULL;

    g_assert_null(qmp_line_parse("qom-get /machine", &err));
    g_assert_nonnull(err);
    g_assert_nonnull(strstr(error_get_pretty(err), "/machine"));
    error_free(err);
    err = NULL;
    g_assert_null(qmp_line_parse("   ", &err));
    error_free(err);
}

/* What a command returns is read through its list type to the members:
 * how the tree browser learns that qom-list marks runtime properties. */
static void test_returns_member(void)
{
    g_autoptr(QmpSchemaIndex) idx = index_new();

    g_assert_true(qmp_schema_index_returns_member(idx, "qom-list", "runtime"));
    g_assert_true(qmp_schema_index_returns_member(idx, "qom-list", "name"));
    g_assert_false(qmp_schema_index_returns_member(idx, "qom-list", "path"));
    g_assert_false(qmp_schema_index_returns_member(idx, "query-status",
                                                   "runtime"));
    g_assert_false(qmp_schema_index_returns_member(idx, "STOP", "runtime"));
    g_assert_false(qmp_schema_index_returns_member(idx, "nope", "runtime"));
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/tui/qmp-line/complete/command-names", test_complete_command);
    g_test_add_func("/tui/qmp-line/complete/all-commands-on-an-empty-line",
                    test_complete_everything_on_empty);
    g_test_add_func("/tui/qmp-line/complete/argument-names-not-yet-typed",
                    test_complete_argument_names);
    g_test_add_func("/tui/qmp-line/complete/enum-values", test_complete_enum_value);
    g_test_add_func("/tui/qmp-line/complete/bool-values", test_complete_bool_value);
    g_test_add_func("/tui/qmp-line/complete/nothing-for-unknown-commands",
                    test_complete_unknown_command);
    g_test_add_func("/tui/qmp-line/parse/key-value-words", test_parse_words);
    g_test_add_func("/tui/qmp-line/parse/quoted-and-nested-values",
                    test_parse_quoted_and_objects);
    g_test_add_func("/tui/qmp-line/parse/raw-json", test_parse_raw_json);
    g_test_add_func("/tui/qmp-line/schema/returns-member-through-a-list",
                    test_returns_member);
    g_test_add_func("/tui/qmp-line/parse/rejects-a-bare-word",
                    test_parse_rejects_bare_word);
    return g_test_run();
}
