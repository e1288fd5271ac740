/* The introspect backend's generated C: the answer it builds holds what
 * the build's configuration allows and nothing else.
 *
 * The build runs `qapi-gen -b introspect -u` on schema/introspect-cond.json
 * and compiles this file with the output four times: with neither, either
 * or both of COND_A and COND_B defined (and with -Werror, so the generated
 * code must also compile cleanly). Each build checks its own answer. The
 * expected JSON is written with single quotes, to spare the escapes. */
#include "introspect-cond-qapi-introspect.h"
#include "qdict.h"
#include "qjson.h"
#include "qlist.h"

#ifdef COND_A
#define HAVE_A true
#else
#define HAVE_A false
#endif
#ifdef COND_B
#define HAVE_B true
#else
#define HAVE_B false
#endif

static QObject *json(const char *single_quoted)
{
    g_autofree char *text = g_strdelimit(g_strdup(single_quoted), "'", '"');

    return qobject_from_json(text, &error_abort);
}

static QList *answer_new(void)
{
    QObject *answer = introspect_cond_qmp_schema_info();

    g_assert_nonnull(qobject_to(QList, answer));
    return qobject_to(QList, answer);
}

static const QObject *info_find(const QList *answer, const char *name)
{
    QLIST_FOREACH_ENTRY(info, answer) {
        const char *n = qdict_get_try_str(qobject_to(QDict, info), "name");

        if (g_strcmp0(n, name) == 0) {
            return info;
        }
    }
    return NULL;
}

static void assert_info(const QList *answer, const char *name,
                        const char *expected_text)
{
    const QObject *info = info_find(answer, name);
    g_autoptr(QObject) expected = json(expected_text);

    g_assert_nonnull(info);
    if (!qobject_is_equal(info, expected)) {
        g_autofree char *a = qobject_to_json(info);
        g_autofree char *e = qobject_to_json(expected);
        g_error("SchemaInfo '%s' differs:\n  got:      %s\n  expected: %s",
                name, a, e);
    }
}

/* A conditional command or event is there exactly when its condition
 * holds; 'all' and 'any' combine as they say. */
static void test_conditional_definitions(void)
{
    g_autoptr(QList) answer = answer_new();

    g_assert_true(!!info_find(answer, "mix") == HAVE_A);
    g_assert_true(!!info_find(answer, "q_obj_mix-arg") == HAVE_A);
    g_assert_nonnull(info_find(answer, "paint"));
    g_assert_nonnull(info_find(answer, "order"));
    g_assert_true(!!info_find(answer, "DRIED") == (HAVE_A && HAVE_B));
    g_assert_true(!!info_find(answer, "SPILLED") == (HAVE_A || HAVE_B));
}

/* Enum values, in both of an enum's lists; the first one conditional. */
static void test_conditional_enum_values(void)
{
    g_autoptr(QList) answer = answer_new();

    assert_info(answer, "Colour",
#if defined(COND_A) && defined(COND_B)
        "{'name': 'Colour', 'meta-type': 'enum',"
        " 'members': [{'name': 'red'}, {'name': 'green'}, {'name': 'blue'}],"
        " 'values': ['red', 'green', 'blue']}"
#elif defined(COND_A)
        "{'name': 'Colour', 'meta-type': 'enum',"
        " 'members': [{'name': 'red'}, {'name': 'green'}],"
        " 'values': ['red', 'green']}"
#elif defined(COND_B)
        "{'name': 'Colour', 'meta-type': 'enum',"
        " 'members': [{'name': 'green'}, {'name': 'blue'}],"
        " 'values': ['green', 'blue']}"
#else
        "{'name': 'Colour', 'meta-type': 'enum',"
        " 'members': [{'name': 'green'}], 'values': ['green']}"
#endif
        );
}

/* Members (one under 'not') and features of a struct. */
static void test_conditional_members_and_features(void)
{
    g_autoptr(QList) answer = answer_new();

    assert_info(answer, "Paint",
#if defined(COND_A) && defined(COND_B)
        "{'name': 'Paint', 'meta-type': 'object', 'members': ["
        "  {'name': 'gloss', 'type': 'bool', 'default': null},"
        "  {'name': 'colour', 'type': 'Colour'}],"
        " 'features': ['shiny', 'wet']}"
#elif defined(COND_A)
        "{'name': 'Paint', 'meta-type': 'object', 'members': ["
        "  {'name': 'gloss', 'type': 'bool', 'default': null},"
        "  {'name': 'colour', 'type': 'Colour'}],"
        " 'features': ['wet']}"
#elif defined(COND_B)
        "{'name': 'Paint', 'meta-type': 'object', 'members': ["
        "  {'name': 'colour', 'type': 'Colour'},"
        "  {'name': 'primer', 'type': 'str', 'default': null}],"
        " 'features': ['shiny', 'wet']}"
#else
        "{'name': 'Paint', 'meta-type': 'object', 'members': ["
        "  {'name': 'colour', 'type': 'Colour'},"
        "  {'name': 'primer', 'type': 'str', 'default': null}],"
        " 'features': ['wet']}"
#endif
        );
#if defined(COND_A) || defined(COND_B)
    assert_info(answer, "SPILLED",
#ifdef COND_B
        "{'name': 'SPILLED', 'meta-type': 'event', 'arg-type': 'q_empty',"
        " 'features': ['messy']}"
#else
        "{'name': 'SPILLED', 'meta-type': 'event', 'arg-type': 'q_empty',"
        " 'features': []}"
#endif
        );
#endif
}

/* Union branches (the implicit one follows its enum value's condition)
 * and alternate branches. */
static void test_conditional_branches(void)
{
    g_autoptr(QList) answer = answer_new();

    assert_info(answer, "Job",
#if defined(COND_A) && defined(COND_B)
        "{'name': 'Job', 'meta-type': 'object',"
        " 'members': [{'name': 'colour', 'type': 'Colour'}],"
        " 'tag': 'colour', 'variants': ["
        "  {'case': 'red', 'type': 'Brush'},"
        "  {'case': 'green', 'type': 'Brush'},"
        "  {'case': 'blue', 'type': 'q_empty'}]}"
#elif defined(COND_A)
        "{'name': 'Job', 'meta-type': 'object',"
        " 'members': [{'name': 'colour', 'type': 'Colour'}],"
        " 'tag': 'colour', 'variants': ["
        "  {'case': 'red', 'type': 'Brush'},"
        "  {'case': 'green', 'type': 'Brush'}]}"
#elif defined(COND_B)
        "{'name': 'Job', 'meta-type': 'object',"
        " 'members': [{'name': 'colour', 'type': 'Colour'}],"
        " 'tag': 'colour', 'variants': ["
        "  {'case': 'green', 'type': 'Brush'},"
        "  {'case': 'blue', 'type': 'q_empty'}]}"
#else
        "{'name': 'Job', 'meta-type': 'object',"
        " 'members': [{'name': 'colour', 'type': 'Colour'}],"
        " 'tag': 'colour', 'variants': ["
        "  {'case': 'green', 'type': 'Brush'}]}"
#endif
        );
    assert_info(answer, "Amount",
#ifdef COND_B
        "{'name': 'Amount', 'meta-type': 'alternate',"
        " 'members': [{'type': 'number'}, {'type': 'Paint'}]}"
#else
        "{'name': 'Amount', 'meta-type': 'alternate',"
        " 'members': [{'type': 'number'}]}"
#endif
        );
}

/* Each call builds a fresh answer the caller owns. */
static void test_each_call_returns_a_new_answer(void)
{
    g_autoptr(QList) first = answer_new();
    g_autoptr(QList) second = answer_new();

    g_assert_true(first != second);
    g_assert_true(qobject_is_equal(QOBJECT(first), QOBJECT(second)));
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/qapi-gen/introspect-c/conditional-definitions",
                    test_conditional_definitions);
    g_test_add_func("/qapi-gen/introspect-c/conditional-enum-values",
                    test_conditional_enum_values);
    g_test_add_func("/qapi-gen/introspect-c/conditional-members-features",
                    test_conditional_members_and_features);
    g_test_add_func("/qapi-gen/introspect-c/conditional-branches",
                    test_conditional_branches);
    g_test_add_func("/qapi-gen/introspect-c/each-call-returns-new-answer",
                    test_each_call_returns_a_new_answer);
    return g_test_run();
}
