/* Clone visitor: deep copies that share nothing with their source. */
#include "clone-visitor.h"
#include "qobject-output-visitor.h"
#include "qapi-example.h"
#include "qdict.h"

static QObject *machine_to_qobject(Machine *m)
{
    QObject *out = NULL;
    g_autoptr(Visitor) v = qobject_output_visitor_new(&out);

    g_assert_true(visit_type_Machine(v, NULL, &m, &error_abort));
    visit_complete(v, &out);
    return out;
}

static void test_clone_equals_its_source(void)
{
    g_autoptr(Machine) orig = qapi_example_machine_new();
    g_autoptr(Machine) copy = QAPI_CLONE(Machine, orig);
    g_autoptr(QObject) a = machine_to_qobject(orig);
    g_autoptr(QObject) b = machine_to_qobject(copy);

    g_assert_true(qobject_is_equal(a, b));
}

/* Every pointer in the clone is new: changing or freeing one side leaves
 * the other whole (ASan would catch a shared pointer freed twice). */
static void test_clone_shares_no_memory(void)
{
    g_autoptr(Machine) orig = qapi_example_machine_new();
    g_autoptr(QObject) before = machine_to_qobject(orig);
    Machine *copy = QAPI_CLONE(Machine, orig);

    g_assert_true(copy != orig);
    g_assert_true(copy->name != orig->name);
    g_assert_true(copy->label != orig->label);
    g_assert_true(copy->boot != orig->boot);
    g_assert_true(copy->cpus != orig->cpus);
    g_assert_true(copy->cpus->next->value != orig->cpus->next->value);
    g_assert_true(copy->limit != orig->limit);
    g_assert_true(copy->limit->u.name != orig->limit->u.name);
    g_assert_true(copy->extra != orig->extra);

    copy->name[0] = 'X';
    copy->boot->id = 99;
    copy->cpus->next->value->online = true;
    qdict_put_int(qobject_to(QDict, copy->extra), "added", 1);
    qapi_free_Machine(copy);

    g_autoptr(QObject) after = machine_to_qobject(orig);
    g_assert_true(qobject_is_equal(before, after));
}

static void test_clone_of_null_is_null(void)
{
    const Machine *none = NULL;

    g_assert_null(QAPI_CLONE(Machine, none));
}

static void test_clone_copies_a_list(void)
{
    g_autoptr(intList) orig = NULL;
    intList **tail = &orig;

    for (int64_t i = 0; i < 4; i++) {
        *tail = g_new0(intList, 1);
        (*tail)->value = i * 10;
        tail = &(*tail)->next;
    }
    g_autoptr(intList) copy = QAPI_CLONE(intList, orig);
    int64_t i = 0;
    for (intList *a = orig, *b = copy; a; a = a->next, b = b->next, i++) {
        g_assert_nonnull(b);
        g_assert_true(a != b);
        g_assert_cmpint(b->value, ==, i * 10);
        g_assert_true(!a->next == !b->next);
    }
    g_assert_cmpint(i, ==, 4);
}

static void test_clone_copies_each_alternate_branch(void)
{
    Limit count = { .type = QTYPE_QNUM, .u.count = 12 };
    Limit *c = QAPI_CLONE(Limit, &count);

    g_assert_true(c != &count);
    g_assert_cmpint(c->type, ==, QTYPE_QNUM);
    g_assert_cmpint(c->u.count, ==, 12);
    qapi_free_Limit(c);
}

/* qapi_clone() with a generic visit function gives the same result. */
static void test_generic_clone_matches_the_macro(void)
{
    g_autoptr(Machine) orig = qapi_example_machine_new();
    g_autoptr(Machine) copy = qapi_clone(
        orig, (bool (*)(Visitor *, const char *, void **, Error **))
              visit_type_Machine);
    g_autoptr(QObject) a = machine_to_qobject(orig);
    g_autoptr(QObject) b = machine_to_qobject(copy);

    g_assert_true(qobject_is_equal(a, b));
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);

    g_test_add_func("/clone-visitor/clone/equals-its-source",
                    test_clone_equals_its_source);
    g_test_add_func("/clone-visitor/clone/shares-no-memory",
                    test_clone_shares_no_memory);
    g_test_add_func("/clone-visitor/clone/of-null-is-null",
                    test_clone_of_null_is_null);
    g_test_add_func("/clone-visitor/list/is-copied-node-by-node",
                    test_clone_copies_a_list);
    g_test_add_func("/clone-visitor/alternate/copies-the-branch",
                    test_clone_copies_each_alternate_branch);
    g_test_add_func("/clone-visitor/qapi-clone/matches-the-macro",
                    test_generic_clone_matches_the_macro);

    return g_test_run();
}
