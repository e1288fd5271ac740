/* The tree browser's state, shared by tree-view.c (the tree) and
 * tree-props.c (properties, hot-plug). Private to those two files. */
#pragma once
#include "line-edit.h"
#include "tree-model.h"
#include "tui.h"

typedef struct PropRow {
    char *name;
    char *type;
    char *value;   /* JSON text, or NULL until read */
    char *doc;
    bool runtime;  /* may change while the VM runs (qom-list says so) */
} PropRow;

struct TreeView {
    char *vm_name;
    bool qdev;
    guint generation;    /* replies of an older tree are ignored */
    TreeModel *model;
    char *selected;      /* node path */
    int top;
    GPtrArray *props;    /* PropRow */
    char *props_path;
    int prop_selected;
    int prop_top;
    bool in_props;
    bool searching;          /* typing a search: of properties if in_props */
    /* The engine marks runtime properties in qom-list (a Quern extension
     * its schema shows; QEMU has none): until its schema says so, every
     * property is left for the engine to judge. */
    bool runtime_known;
    LineEdit search;
    char *needle;
    GHashTable *qtree_lines;   /* qdev mode: node path -> GPtrArray of text */
    int pending;               /* qom-list replies still due */
};

typedef struct TreeRequest {
    Tui *tui;
    guint generation;
    char *path;
} TreeRequest;

TreeRequest *tree_request_new(Tui *tui, const char *path);
void tree_request_free(TreeRequest *req);
/* True when the reply still belongs to the tree on screen. */
bool tree_request_current(TreeRequest *req);
Vm *tree_vm(Tui *tui);
void tree_reload(Tui *tui);
TreeNode *tree_selected_node(TreeView *tv);
/* A device added by id (under /machine/peripheral): one device_del takes. */
bool tree_node_is_peripheral(const TreeNode *n);
void tree_prop_row_free(PropRow *p);

/* tree-props.c */
void tree_props_load(Tui *tui);
PropRow *tree_find_prop(TreeView *tv, const char *name);
void tree_prop_read(Tui *tui, const char *path, const char *prop);
TuiNext tree_prop_edit(Tui *tui);
/* Selects the next property after the selected one (from_start: the
 * first) whose name holds needle, case aside; false when none does. */
bool tree_props_search(TreeView *tv, const char *needle, bool from_start);
TuiNext tree_plug(Tui *tui);
TuiNext tree_unplug(Tui *tui);
