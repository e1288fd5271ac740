#include "tree-model.h"

#include <string.h>

struct TreeModel {
    TreeNode *root;
    GHashTable *by_path;   /* path -> TreeNode (borrowed) */
};

static TreeNode *node_new(const char *name, const char *type, const char *path,
                          TreeNode *parent)
{
    TreeNode *n = g_new0(TreeNode, 1);

    n->name = g_strdup(name);
    n->type = g_strdup(type);
    n->path = g_strdup(path);
    n->parent = parent;
    n->children = g_ptr_array_new();
    n->depth = parent ? parent->depth + 1 : 0;
    return n;
}

static void node_free(TreeModel *model, TreeNode *n)
{
    for (guint i = 0; i < n->children->len; i++) {
        node_free(model, n->children->pdata[i]);
    }
    g_hash_table_remove(model->by_path, n->path);
    g_ptr_array_unref(n->children);
    g_free(n->name);
    g_free(n->type);
    g_free(n->path);
    g_free(n);
}

TreeModel *tree_model_new(const char *root_name, const char *root_path)
{
    TreeModel *model = g_new0(TreeModel, 1);

    model->by_path = g_hash_table_new(g_str_hash, g_str_equal);
    model->root = node_new(root_name, NULL, root_path, NULL);
    model->root->expanded = true;
    g_hash_table_insert(model->by_path, model->root->path, model->root);
    return model;
}

void tree_model_free(TreeModel *model)
{
    if (!model) {
        return;
    }
    node_free(model, model->root);
    g_hash_table_unref(model->by_path);
    g_free(model);
}

TreeNode *tree_model_root(TreeModel *model)
{
    return model->root;
}

TreeNode *tree_model_lookup(TreeModel *model, const char *path)
{
    return g_hash_table_lookup(model->by_path, path);
}

TreeNode *tree_model_add(TreeModel *model, TreeNode *parent, const char *name,
                         const char *type)
{
    g_autofree char *path = NULL;
    TreeNode *n;

    for (guint i = 0; i < parent->children->len; i++) {
        n = parent->children->pdata[i];
        if (strcmp(n->name, name) == 0) {
            g_free(n->type);
            n->type = g_strdup(type);
            return n;
        }
    }
    path = g_str_has_suffix(parent->path, "/")
         ? g_strconcat(parent->path, name, NULL)
         : g_strconcat(parent->path, "/", name, NULL);
    n = node_new(name, type, path, parent);
    g_ptr_array_add(parent->children, n);
    g_hash_table_insert(model->by_path, n->path, n);
    return n;
}

void tree_model_remove(TreeModel *model, TreeNode *node)
{
    if (!node->parent) {
        return;   /* the root stays */
    }
    g_ptr_array_remove(node->parent->children, node);
    node_free(model, node);
}

static void collect_visible(TreeNode *n, GPtrArray *rows)
{
    g_ptr_array_add(rows, n);
    if (!n->expanded) {
        return;
    }
    for (guint i = 0; i < n->children->len; i++) {
        collect_visible(n->children->pdata[i], rows);
    }
}

GPtrArray *tree_model_visible(TreeModel *model)
{
    GPtrArray *rows = g_ptr_array_new();

    collect_visible(model->root, rows);
    return rows;
}

int tree_model_visible_index(TreeModel *model, const TreeNode *node)
{
    g_autoptr(GPtrArray) rows = tree_model_visible(model);

    for (guint i = 0; i < rows->len; i++) {
        if (rows->pdata[i] == node) {
            return (int)i;
        }
    }
    return -1;
}

static void collect_all(TreeNode *n, GPtrArray *out)
{
    g_ptr_array_add(out, n);
    for (guint i = 0; i < n->children->len; i++) {
        collect_all(n->children->pdata[i], out);
    }
}

static bool contains_fold(const char *haystack, const char *needle_folded)
{
    g_autofree char *folded = haystack ? g_utf8_casefold(haystack, -1) : NULL;

    return folded && strstr(folded, needle_folded);
}

void tree_model_reveal(TreeModel *model, TreeNode *node)
{
    for (TreeNode *p = node->parent; p; p = p->parent) {
        p->expanded = true;
    }
}

TreeNode *tree_model_search(TreeModel *model, const char *needle,
                            const TreeNode *after)
{
    g_autoptr(GPtrArray) all = g_ptr_array_new();
    g_autofree char *folded = g_utf8_casefold(needle, -1);
    guint start = 0;

    if (!needle[0]) {
        return NULL;
    }
    collect_all(model->root, all);
    for (guint i = 0; after && i < all->len; i++) {
        if (all->pdata[i] == after) {
            start = i + 1;
            break;
        }
    }
    for (guint k = 0; k < all->len; k++) {
        TreeNode *n = all->pdata[(start + k) % all->len];

        if (contains_fold(n->name, folded) || contains_fold(n->type, folded)) {
            tree_model_reveal(model, n);
            return n;
        }
    }
    return NULL;
}
