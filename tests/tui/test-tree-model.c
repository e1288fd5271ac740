/* The object-tree browser's model: visible rows, expand/collapse, search. */
#include <glib.h>
#include "tree-model.h"

static TreeModel *qom_tree_new(void)
{
    TreeModel *t = tree_model_new("/", "/");
    TreeNode *machine = tree_model_add(t, tree_model_root(t), "machine",
                                       "virt-machine");
    TreeNode *soc = tree_model_add(t, machine, "soc", "container");

    tree_model_add(t, soc, "serial@10000000", "serial-mm");
    tree_model_add(t, soc, "plic", "riscv.sifive.plic");
    tree_model_add(t, machine, "peripheral", "container");
    tree_model_add(t, tree_model_root(t), "objects", "container");
    return t;
}

static char *rows_text(TreeModel *t)
{
    g_autoptr(GPtrArray) rows = tree_model_visible(t);
    GString *s = g_string_new(NULL);

    for (guint i = 0; i < rows->len; i++) {
        TreeNode *n = rows->pdata[i];
        g_string_append_printf(s, "%*s%s\n", n->depth * 2, "", n->name);
    }
    return g_string_free(s, FALSE);
}

/* Only the root starts open; paths are built from names. */
static void test_initial_rows_and_paths(void)
{
    g_autoptr(TreeModel) t = qom_tree_new();
    g_autofree char *rows = rows_text(t);

    g_assert_cmpstr(rows, ==, "/\n  machine\n  objects\n");
    g_assert_nonnull(tree_model_lookup(t, "/machine/soc/serial@10000000"));
    g_assert_cmpstr(tree_model_lookup(t, "/machine/soc")->type, ==, "container");
}

static void test_expand_collapse(void)
{
    g_autoptr(TreeModel) t = qom_tree_new();
    TreeNode *machine = tree_model_lookup(t, "/machine");
    g_autofree char *open = NULL;
    g_autofree char *closed = NULL;

    machine->expanded = true;
    open = rows_text(t);
    g_assert_cmpstr(open, ==, "/\n  machine\n    soc\n    peripheral\n  objects\n");
    machine->expanded = false;
    closed = rows_text(t);
    g_assert_cmpstr(closed, ==, "/\n  machine\n  objects\n");
}

/* Search finds hidden nodes by name or type, opens the way to them, and
 * the next search continues after the current hit, wrapping round. */
static void test_search_reveals_and_continues(void)
{
    g_autoptr(TreeModel) t = qom_tree_new();
    TreeNode *hit = tree_model_search(t, "SERIAL", NULL);

    g_assert_nonnull(hit);
    g_assert_cmpstr(hit->path, ==, "/machine/soc/serial@10000000");
    g_assert_cmpint(tree_model_visible_index(t, hit), ==, 3);
    hit = tree_model_search(t, "plic", hit);
    g_assert_cmpstr(hit->name, ==, "plic");
    hit = tree_model_search(t, "container", hit);
    g_assert_cmpstr(hit->name, ==, "peripheral");
    hit = tree_model_search(t, "container", hit);
    g_assert_cmpstr(hit->name, ==, "objects");
    hit = tree_model_search(t, "container", hit);
    g_assert_cmpstr(hit->name, ==, "soc");
    g_assert_null(tree_model_search(t, "no-such", NULL));
}

/* Adding an existing name updates it; removing drops the subtree and its
 * paths (a device unplugged). */
static void test_add_twice_and_remove(void)
{
    g_autoptr(TreeModel) t = qom_tree_new();
    TreeNode *machine = tree_model_lookup(t, "/machine");
    TreeNode *soc = tree_model_add(t, machine, "soc", "new-type");

    g_assert_true(soc == tree_model_lookup(t, "/machine/soc"));
    g_assert_cmpstr(soc->type, ==, "new-type");
    tree_model_remove(t, soc);
    g_assert_null(tree_model_lookup(t, "/machine/soc"));
    g_assert_null(tree_model_lookup(t, "/machine/soc/plic"));
    g_assert_cmpuint(machine->children->len, ==, 1);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/tui/tree-model/starts-with-the-root-open",
                    test_initial_rows_and_paths);
    g_test_add_func("/tui/tree-model/expand-and-collapse", test_expand_collapse);
    g_test_add_func("/tui/tree-model/search-reveals-and-continues",
                    test_search_reveals_and_continues);
    g_test_add_func("/tui/tree-model/add-updates-remove-drops-subtree",
                    test_add_twice_and_remove);
    return g_test_run();
}
