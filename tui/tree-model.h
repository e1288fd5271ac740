/* Tree model: the object trees the TUI browses (QOM's composition tree,
 * qdev's buses and devices) as nodes with expand/collapse state, the rows
 * a view shows (only the expanded part) and search. No curses, no QMP:
 * the browser fills it from qom-list answers.
 *
 * The model owns every node; nodes are addressed by their path ("/machine/
 * unattached/device[0]") and a TreeNode pointer stays valid until the node
 * or an ancestor is removed. */
#pragma once
#include <glib.h>
#include <stdbool.h>

typedef struct TreeNode {
    char *name;
    char *type;          /* QOM type, or NULL */
    char *path;
    struct TreeNode *parent;
    GPtrArray *children; /* TreeNode, in insertion order */
    bool expanded;
    int depth;           /* the root is 0 */
} TreeNode;

typedef struct TreeModel TreeModel;

/* root_path: "/" for QOM; its children get "/name". */
TreeModel *tree_model_new(const char *root_name, const char *root_path);
void tree_model_free(TreeModel *model);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(TreeModel, tree_model_free)

TreeNode *tree_model_root(TreeModel *model);
TreeNode *tree_model_lookup(TreeModel *model, const char *path);
/* Adds a child (or returns the existing one with that name, its type
 * updated). */
TreeNode *tree_model_add(TreeModel *model, TreeNode *parent, const char *name,
                         const char *type);
void tree_model_remove(TreeModel *model, TreeNode *node);

/* The rows to draw: the root, then each expanded node's children, depth
 * first. Borrowed nodes; rebuilt on every call. */
GPtrArray *tree_model_visible(TreeModel *model);
/* Index of node in the visible rows, or -1. */
int tree_model_visible_index(TreeModel *model, const TreeNode *node);

/* The next node after `after` (or from the root), in depth-first order
 * wrapping round, whose name or type contains needle (case-insensitive);
 * its ancestors are expanded so it is visible. NULL when none matches. */
TreeNode *tree_model_search(TreeModel *model, const char *needle,
                            const TreeNode *after);
/* Expands every node on the way to it. */
void tree_model_reveal(TreeModel *model, TreeNode *node);
