/* The tree browser: a running VM's QOM composition tree (t) or its device
 * tree of buses and devices (d). The top part is the tree (Enter or
 * Right/Left expand and collapse, '/' searches, 'n' finds the next hit);
 * the bottom part lists the selected object's properties with live values
 * and their documentation ('/' there finds a property). 'p' moves between
 * the two. Properties the engine marks runtime (qom-list's Quern
 * extension, when its schema has it) show a '*' and edit in place with
 * Enter (qom-set, then the value read back); the TUI refuses the fixed
 * ones itself, with a line that says why. '+' hot-plugs a device from the
 * catalog, '-' removes the selected one; a removal the guest holds up
 * shows as pending until DEVICE_DELETED. QOM_PROPERTY_CHANGED events from
 * any client update the values shown. */
#include "tui.h"

#include <string.h>

#include "line-edit.h"
#include "qjson.h"
#include "qlist.h"
#include "qmp-line.h"
#include "tree-model.h"

#include "tree-view-internal.h"

void tree_prop_row_free(PropRow *p)
{
    g_free(p->name);
    g_free(p->type);
    g_free(p->value);
    g_free(p->doc);
    g_free(p);
}

TreeView *tree_view_new(void)
{
    TreeView *tv = g_new0(TreeView, 1);

    tv->props = g_ptr_array_new_with_free_func((GDestroyNotify)tree_prop_row_free);
    line_edit_init(&tv->search, NULL);
    tv->qtree_lines = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                            (GDestroyNotify)g_ptr_array_unref);
    return tv;
}

void tree_view_free(TreeView *tv)
{
    if (!tv) {
        return;
    }
    g_free(tv->vm_name);
    tree_model_free(tv->model);
    g_free(tv->selected);
    g_ptr_array_unref(tv->props);
    g_free(tv->props_path);
    line_edit_clear(&tv->search);
    g_free(tv->needle);
    g_hash_table_unref(tv->qtree_lines);
    g_free(tv);
}

TreeRequest *tree_request_new(Tui *tui, const char *path)
{
    TreeRequest *req = g_new0(TreeRequest, 1);

    req->tui = tui;
    req->generation = tui->tree->generation;
    req->path = g_strdup(path);
    return req;
}

void tree_request_free(TreeRequest *req)
{
    g_free(req->path);
    g_free(req);
}

/* True when the reply still belongs to the tree on screen. */
bool tree_request_current(TreeRequest *req)
{
    return req->generation == req->tui->tree->generation &&
           req->tui->tree->model;
}

Vm *tree_vm(Tui *tui)
{
    TreeView *tv = tui->tree;

    return tv->vm_name ? vm_model_find(tui->model, tv->vm_name) : NULL;
}

static void tree_list_path(Tui *tui, const char *path);
void tree_props_load(Tui *tui);

static void on_qom_list(QObject *ret, Error *err, void *opaque)
{
    TreeRequest *req = opaque;
    Tui *tui = req->tui;
    TreeView *tv = tui->tree;
    QList *entries = qobject_to(QList, ret);
    TreeNode *node;

    if (!tree_request_current(req)) {
        tree_request_free(req);
        return;
    }
    tv->pending--;
    node = tree_model_lookup(tv->model, req->path);
    for (size_t i = 0; node && entries && i < qlist_size(entries); i++) {
        QDict *e = qobject_to(QDict, qlist_entry(entries, i));
        const char *name = e ? qdict_get_try_str(e, "name") : NULL;
        const char *type = e ? qdict_get_try_str(e, "type") : NULL;
        g_autofree char *child_type = NULL;
        TreeNode *child;

        if (!name || !type || !g_str_has_prefix(type, "child<")) {
            continue;
        }
        child_type = g_strndup(type + 6, strlen(type) - 7);
        child = tree_model_add(tv->model, node, name, child_type);
        tree_list_path(tui, child->path);
    }
    if (tv->pending == 0 && tv->needle) {
        /* A search typed while the tree was loading runs once it is all
         * there. */
        TreeNode *hit = tree_model_search(tv->model, tv->needle, NULL);

        if (hit) {
            g_free(tv->selected);
            tv->selected = g_strdup(hit->path);
            tree_props_load(tui);
        }
    }
    tui_schedule_redraw(tui);
    tree_request_free(req);
}

static void tree_list_path(Tui *tui, const char *path)
{
    QDict *args = qdict_new();
    Vm *vm = tree_vm(tui);

    if (!vm) {
        qobject_unref(args);
        return;
    }
    qdict_put_str(args, "path", path);
    tui->tree->pending++;
    vm_model_call(vm, "qom-list", args, on_qom_list, tree_request_new(tui, path));
}

static bool sibling_named(const TreeNode *parent, const char *name)
{
    for (guint i = 0; i < parent->children->len; i++) {
        if (strcmp(((TreeNode *)parent->children->pdata[i])->name, name) == 0) {
            return true;
        }
    }
    return false;
}

/* "info qtree" is the device tree's text: "bus: NAME" and "dev: TYPE, id
 * \"ID\"" lines nest by indentation; the lines under a device are its
 * properties. */
static void on_qtree(QObject *ret, Error *err, void *opaque)
{
    TreeRequest *req = opaque;
    Tui *tui = req->tui;
    TreeView *tv = tui->tree;
    QString *text = qobject_to(QString, ret);
    g_auto(GStrv) lines = NULL;
    GPtrArray *stack;   /* TreeNode * per indentation level / 2 */

    if (!tree_request_current(req) || !text) {
        if (err) {
            tui_status(tui, true, "%s", error_get_pretty(err));
        }
        tree_request_free(req);
        return;
    }
    stack = g_ptr_array_new();
    g_ptr_array_add(stack, tree_model_root(tv->model));
    lines = g_strsplit(qstring_get_str(text), "\n", -1);
    for (int i = 0; lines[i]; i++) {
        char *line = g_strchomp(lines[i]);
        int indent = 0, level;
        const char *body;
        TreeNode *parent, *node;

        while (line[indent] == ' ') {
            indent++;
        }
        body = line + indent;
        if (!body[0]) {
            continue;
        }
        level = indent / 2;
        g_ptr_array_set_size(stack, MIN((guint)level + 1, stack->len));
        parent = stack->pdata[stack->len - 1];
        if (g_str_has_prefix(body, "bus: ") || g_str_has_prefix(body, "dev: ")) {
            g_autofree char *name = g_strdup(body + 5);
            char *comma = strchr(name, ',');
            const char *type = g_str_has_prefix(body, "bus: ") ? "bus" : name;
            g_autofree char *unique = NULL;

            if (comma) {
                *comma = '\0';
            }
            /* Two devices of one type on a bus need distinct names: the
             * second is "type#2", and so on. */
            unique = g_strdup(name);
            for (int k = 2; sibling_named(parent, unique); k++) {
                g_free(unique);
                unique = g_strdup_printf("%s#%d", name, k);
            }
            node = tree_model_add(tv->model, parent, unique, type);
            node->expanded = true;
            g_ptr_array_add(stack, node);
            if (comma) {
                GPtrArray *props = g_ptr_array_new_with_free_func(g_free);

                g_ptr_array_add(props, g_strdup(comma + 2));
                g_hash_table_replace(tv->qtree_lines, g_strdup(node->path),
                                     props);
            }
        } else {
            GPtrArray *props = g_hash_table_lookup(tv->qtree_lines,
                                                   parent->path);

            if (!props) {
                props = g_ptr_array_new_with_free_func(g_free);
                g_hash_table_replace(tv->qtree_lines, g_strdup(parent->path),
                                     props);
            }
            g_ptr_array_add(props, g_strdup(body));
        }
    }
    g_ptr_array_unref(stack);
    tui_schedule_redraw(tui);
    tree_request_free(req);
}

void tree_reload(Tui *tui)
{
    TreeView *tv = tui->tree;
    Vm *vm = tree_vm(tui);

    tv->generation++;
    tv->pending = 0;
    g_clear_pointer(&tv->model, tree_model_free);
    g_hash_table_remove_all(tv->qtree_lines);
    tv->model = tree_model_new(tv->qdev ? "devices" : "/",
                               tv->qdev ? "qdev:" : "/");
    if (!vm) {
        return;
    }
    if (tv->qdev) {
        QDict *args = qdict_new();

        qdict_put_str(args, "command-line", "info qtree");
        vm_model_call(vm, "human-monitor-command", args, on_qtree,
                      tree_request_new(tui, "qdev:"));
    } else {
        tree_list_path(tui, "/");
    }
}

static void on_tree_schema(QObject *ret, Error *err, void *opaque)
{
    TreeRequest *req = opaque;
    QList *schema = qobject_to(QList, ret);

    if (tree_request_current(req) && schema) {
        g_autoptr(QmpSchemaIndex) index = qmp_schema_index_new(schema);

        req->tui->tree->runtime_known =
            qmp_schema_index_returns_member(index, "qom-list", "runtime");
        tui_schedule_redraw(req->tui);
    }
    tree_request_free(req);
}

TuiNext tree_view_open(Tui *tui, bool qdev)
{
    TreeView *tv = tui->tree;
    Vm *vm = tui_running_vm(tui);

    if (!vm) {
        return TUI_NEXT_REDRAW;
    }
    if (g_strcmp0(tv->vm_name, vm->name) != 0 || tv->qdev != qdev ||
        !tv->model) {
        g_free(tv->vm_name);
        tv->vm_name = g_strdup(vm->name);
        tv->qdev = qdev;
        g_clear_pointer(&tv->selected, g_free);
        g_ptr_array_set_size(tv->props, 0);
        g_clear_pointer(&tv->props_path, g_free);
        g_clear_pointer(&tv->needle, g_free);
        tv->top = 0;
        tv->in_props = false;
        tv->runtime_known = false;
        tree_reload(tui);
        vm_model_call(vm, "query-qmp-schema", NULL, on_tree_schema,
                      tree_request_new(tui, "/"));
        tv->selected = g_strdup(tree_model_root(tv->model)->path);
        tree_props_load(tui);
    }
    tui_show_main(tui, &tui_tree_view, true);
    return TUI_NEXT_REDRAW;
}

/* ---- properties ---- */
void tree_view_event(Tui *tui, Vm *vm, const char *event, QDict *data)
{
    TreeView *tv = tui->tree;
    const char *path = data ? qdict_get_try_str(data, "path") : NULL;
    const char *prop = data ? qdict_get_try_str(data, "property") : NULL;

    if (!tv->model || g_strcmp0(tv->vm_name, vm->name) != 0) {
        return;
    }
    if (strcmp(event, "QOM_PROPERTY_CHANGED") == 0 && path && prop &&
        g_strcmp0(path, tv->props_path) == 0 && tree_find_prop(tv, prop)) {
        QObject *value = qdict_get(data, "value");
        PropRow *p = tree_find_prop(tv, prop);

        if (value) {
            g_free(p->value);
            p->value = qobject_to_json(value);
        } else {
            tree_prop_read(tui, path, prop);
        }
        tui_schedule_redraw(tui);
    }
    if (strcmp(event, "DEVICE_DELETED") == 0) {
        /* What was selected may be what went: its parent instead. */
        if (path && tv->selected && g_str_has_prefix(tv->selected, path) &&
            (tv->selected[strlen(path)] == '/' ||
             !tv->selected[strlen(path)])) {
            g_autofree char *parent = g_path_get_dirname(path);

            g_free(tv->selected);
            tv->selected = g_steal_pointer(&parent);
            tv->in_props = false;
        }
        tree_reload(tui);
        tree_props_load(tui);
    }
}

/* ---- drawing ---- */

bool tree_node_is_peripheral(const TreeNode *n)
{
    /* Only devices added by id live there: what device_del can name. */
    return n->parent && strcmp(n->parent->path, "/machine/peripheral") == 0;
}

TreeNode *tree_selected_node(TreeView *tv)
{
    TreeNode *n = tv->selected && tv->model
                  ? tree_model_lookup(tv->model, tv->selected) : NULL;

    return n ? n : tv->model ? tree_model_root(tv->model) : NULL;
}

/* Whether a property may change while the VM runs, for its doc line
 * (short: the pane is some 50 columns at 80). */
static const char *prop_kind(const TreeView *tv, const PropRow *p)
{
    if (p->runtime) {
        return " (runtime)";
    }
    if (!tv->runtime_known || g_str_has_prefix(p->type, "link<")) {
        return "";
    }
    return " (fixed)";
}

static CrtRole prop_value_role(const TreeView *tv, const PropRow *p)
{
    return p->runtime ? CRT_RUNNING
         : tv->runtime_known && !g_str_has_prefix(p->type, "link<") ? CRT_DIM
         : CRT_NORMAL;
}

static void tree_draw(Tui *tui, const LayoutRect *r, bool focused)
{
    TreeView *tv = tui->tree;
    Vm *vm = tree_vm(tui);
    g_autoptr(GPtrArray) rows = NULL;
    TreeNode *sel;
    int tree_h, props_y, props_h, sel_i, x = r->x + 1, w = r->width - 2;
    int doc_rows = 1;
    g_autofree char *doc = NULL;
    g_autoptr(GArray) doc_wrap = NULL;
    g_autofree char *title = g_strdup_printf("%s: %s%s",
        tv->qdev ? "Device tree" : "QOM tree", tv->vm_name ? tv->vm_name : "",
        tv->pending ? " (loading)" : "");

    crt_box(tui->win, r->y, r->x, r->height, r->width,
            focused ? CRT_BORDER_FOCUS : CRT_BORDER, title);
    if (!tv->model || r->height < 6) {
        return;
    }
    sel = tree_selected_node(tv);
    tree_h = (r->height - 2) * 3 / 5 - (tv->searching ? 1 : 0);
    props_y = r->y + 1 + tree_h + (tv->searching ? 1 : 0);
    props_h = r->y + r->height - 1 - props_y;
    rows = tree_model_visible(tv->model);
    sel_i = MAX(tree_model_visible_index(tv->model, sel), 0);
    if (sel_i < tv->top) {
        tv->top = sel_i;
    }
    if (sel_i >= tv->top + tree_h) {
        tv->top = sel_i - tree_h + 1;
    }
    for (int i = 0; i < tree_h && tv->top + i < (int)rows->len; i++) {
        TreeNode *n = rows->pdata[tv->top + i];
        const char *mark = n->children->len == 0 ? crt_glyph(CRT_G_LEAF)
                         : n->expanded ? crt_glyph(CRT_G_EXPANDED)
                         : crt_glyph(CRT_G_COLLAPSED);
        CrtRole role = n == sel ? (focused && !tv->in_props ? CRT_SELECTED
                                                            : CRT_SELECTED_DIM)
                                : CRT_NORMAL;
        int y = r->y + 1 + i, used;

        if (n == sel) {
            crt_fill(tui->win, y, x, w, role);
        }
        used = crt_printf(tui->win, y, x + n->depth * 2, w - n->depth * 2, role,
                          "%s %s", mark, n->name);
        if (n->type && strcmp(n->type, n->name)) {
            used += 1 + crt_printf(tui->win, y, x + n->depth * 2 + used + 1,
                                   w - n->depth * 2 - used - 1,
                                   n == sel ? role : CRT_DIM, "(%s)", n->type);
        }
        if (vm && tree_node_is_peripheral(n) &&
            vm_unplug_pending(vm, n->name)) {
            crt_print(tui->win, y, x + n->depth * 2 + used + 1,
                      w - n->depth * 2 - used - 1,
                      n == sel ? role : CRT_PAUSED, "removal pending");
        }
    }
    if (tv->searching) {
        crt_printf(tui->win, props_y - 1, x, w, CRT_INPUT, "/%s",
                   tv->search.text->str);
    }
    crt_hline(tui->win, props_y, r->x + 1, w, CRT_BORDER);
    /* The object whose properties show (the tree may still be loading
     * it). */
    crt_printf(tui->win, props_y, x + 1, w - 2, CRT_BORDER, " %s ",
               tv->props_path ? tv->props_path : sel ? sel->path : "");
    props_y++;
    props_h--;
    if (tv->qdev) {
        GPtrArray *lines = sel ? g_hash_table_lookup(tv->qtree_lines, sel->path)
                               : NULL;

        for (int i = 0; lines && i < props_h && i < (int)lines->len; i++) {
            crt_print(tui->win, props_y + i, x + 1, w - 1, CRT_NORMAL,
                      lines->pdata[i]);
        }
        return;
    }
    if (props_h <= 1) {
        return;
    }
    /* The last rows show the selected property's type and documentation,
     * wrapped onto up to three rows while the table keeps one at least. */
    if (tv->in_props && tv->prop_selected < (int)tv->props->len) {
        PropRow *p = tv->props->pdata[tv->prop_selected];

        doc = g_strdup_printf("%s%s: %s", p->type, prop_kind(tv, p),
                              p->doc ? p->doc : "(no documentation)");
        doc_wrap = text_wrap_rows(doc, w - 1, 2);
        doc_rows = CLAMP((int)doc_wrap->len, 1, MIN(3, props_h - 1));
    }
    props_h -= doc_rows;
    if (tv->prop_selected < tv->prop_top) {
        tv->prop_top = tv->prop_selected;
    }
    if (tv->prop_selected >= tv->prop_top + props_h) {
        tv->prop_top = tv->prop_selected - props_h + 1;
    }
    for (int i = 0; i < props_h && tv->prop_top + i < (int)tv->props->len; i++) {
        int idx = tv->prop_top + i;
        PropRow *p = tv->props->pdata[idx];
        bool is_sel = tv->in_props && idx == tv->prop_selected;
        CrtRole role = is_sel ? (focused ? CRT_SELECTED : CRT_SELECTED_DIM)
                              : CRT_NORMAL;
        int y = props_y + i, name_w = MIN(20, w / 3);

        if (is_sel) {
            crt_fill(tui->win, y, x, w, role);
        }
        /* Editable live: marked (seen without colour too) and bright;
         * fixed ones grey. */
        if (p->runtime) {
            crt_print(tui->win, y, x, 1, is_sel ? role : CRT_RUNNING, "*");
        }
        crt_print(tui->win, y, x + 1, name_w, role, p->name);
        crt_print(tui->win, y, x + 2 + name_w, w - name_w - 2,
                  is_sel ? role : prop_value_role(tv, p),
                  p->value ? p->value : "...");
    }
    if (doc) {
        for (int i = 0; i < doc_rows; i++) {
            crt_print_row(tui->win, props_y + props_h + i, x + 1, w - 1,
                          CRT_DIM, doc,
                          &g_array_index(doc_wrap, TextWrapRow, i));
        }
    } else if (tv->props->len) {
        crt_print(tui->win, props_y + props_h, x + 1, w - 1, CRT_DIM,
                  tv->runtime_known ? "p: the properties; * runtime ones "
                  "change live" : "p: the properties");
    }
}

/* ---- keys ---- */

static TuiNext tree_move(Tui *tui, int delta)
{
    TreeView *tv = tui->tree;
    g_autoptr(GPtrArray) rows = NULL;
    int i;

    if (!tv->model) {
        return TUI_NEXT_NONE;
    }
    if (tv->in_props) {
        tv->prop_selected = CLAMP(tv->prop_selected + delta, 0,
                                  MAX((int)tv->props->len - 1, 0));
        return TUI_NEXT_REDRAW;
    }
    rows = tree_model_visible(tv->model);
    i = CLAMP(tree_model_visible_index(tv->model, tree_selected_node(tv)) + delta,
              0, (int)rows->len - 1);
    g_free(tv->selected);
    tv->selected = g_strdup(((TreeNode *)rows->pdata[i])->path);
    tree_props_load(tui);
    return TUI_NEXT_REDRAW;
}

static TuiNext tree_up(Tui *tui) { return tree_move(tui, -1); }
static TuiNext tree_down(Tui *tui) { return tree_move(tui, 1); }
static TuiNext tree_page_up(Tui *tui) { return tree_move(tui, -10); }
static TuiNext tree_page_down(Tui *tui) { return tree_move(tui, 10); }

static TuiNext tree_expand(Tui *tui)
{
    TreeNode *n = tui->tree->model ? tree_selected_node(tui->tree) : NULL;

    if (n && !tui->tree->in_props) {
        n->expanded = true;
    }
    return TUI_NEXT_REDRAW;
}

static TuiNext tree_collapse(Tui *tui)
{
    TreeView *tv = tui->tree;
    TreeNode *n = tv->model ? tree_selected_node(tv) : NULL;

    if (!n || tv->in_props) {
        return TUI_NEXT_REDRAW;
    }
    if (n->expanded && n->children->len && n->parent) {
        n->expanded = false;
    } else if (n->parent) {
        g_free(tv->selected);
        tv->selected = g_strdup(n->parent->path);
        tree_props_load(tui);
    }
    return TUI_NEXT_REDRAW;
}
static TuiNext tree_enter(Tui *tui)
{
    TreeView *tv = tui->tree;
    TreeNode *n;

    if (!tv->model) {
        return TUI_NEXT_NONE;
    }
    if (tv->in_props) {
        return tree_prop_edit(tui);
    }
    n = tree_selected_node(tv);
    n->expanded = !n->expanded || !n->parent;
    return TUI_NEXT_REDRAW;
}

static TuiNext tree_toggle_props(Tui *tui)
{
    TreeView *tv = tui->tree;

    tv->in_props = !tv->in_props && !tv->qdev;
    return TUI_NEXT_REDRAW;
}

static TuiNext tree_search_start(Tui *tui)
{
    TreeView *tv = tui->tree;

    /* In the properties, '/' looks for a property; else for an object. */
    tv->searching = true;
    line_edit_set(&tv->search, NULL);
    return TUI_NEXT_REDRAW;
}

static TuiNext tree_props_find(Tui *tui, bool from_start)
{
    TreeView *tv = tui->tree;

    if (!tree_props_search(tv, tv->needle, from_start)) {
        tui_status(tui, true, "no property of %s holds '%s'",
                   tv->props_path ? tv->props_path : "it", tv->needle);
    }
    return TUI_NEXT_REDRAW;
}

static TuiNext tree_search_next(Tui *tui)
{
    TreeView *tv = tui->tree;
    TreeNode *hit;

    if (!tv->needle || !tv->model) {
        return TUI_NEXT_NONE;
    }
    if (tv->in_props) {
        return tree_props_find(tui, false);
    }
    hit = tree_model_search(tv->model, tv->needle, tree_selected_node(tv));
    if (!hit) {
        tui_status(tui, true, "'%s' is not in the tree", tv->needle);
        return TUI_NEXT_REDRAW;
    }
    g_free(tv->selected);
    tv->selected = g_strdup(hit->path);
    tree_props_load(tui);
    return TUI_NEXT_REDRAW;
}

static TuiNext tree_refresh(Tui *tui)
{
    g_clear_pointer(&tui->tree->props_path, g_free);
    tree_reload(tui);
    return TUI_NEXT_REDRAW;
}

/* Hot-plug: pick a type from the engine's list of devices, then give its
 * id and properties as key=value words. */static TuiNext tree_key(Tui *tui, wint_t key, bool function)
{
    TreeView *tv = tui->tree;

    if (!tv->searching) {
        return TUI_NEXT_UNHANDLED;
    }
    if (!function && key == TUI_KEY_ESC) {
        tv->searching = false;
        return TUI_NEXT_REDRAW;
    }
    if ((!function && key == '\r') || (function && key == KEY_ENTER)) {
        tv->searching = false;
        g_free(tv->needle);
        tv->needle = g_strdup(tv->search.text->str);
        if (tv->in_props) {
            return tree_props_find(tui, true);
        }
        g_clear_pointer(&tv->selected, g_free);
        return tree_search_next(tui);
    }
    line_edit_key(&tv->search, key, function);
    return TUI_NEXT_REDRAW;
}

static TuiNext tree_click(Tui *tui, const LayoutRect *area, int y, int x)
{
    TreeView *tv = tui->tree;
    g_autoptr(GPtrArray) rows = NULL;
    int i = tv->top + y - 1;

    if (!tv->model) {
        return TUI_NEXT_NONE;
    }
    rows = tree_model_visible(tv->model);
    if (y >= 1 && i < (int)rows->len && y <= (area->height - 2) * 3 / 5) {
        TreeNode *n = rows->pdata[i];

        if (g_strcmp0(tv->selected, n->path) == 0) {
            n->expanded = !n->expanded || !n->parent;
        }
        g_free(tv->selected);
        tv->selected = g_strdup(n->path);
        tv->in_props = false;
        tree_props_load(tui);
    }
    return TUI_NEXT_REDRAW;
}

static const TuiBinding tree_bindings[] = {
    { KEY_UP, true, NULL, "Select the row above", tree_up },
    { KEY_DOWN, true, NULL, "Select the row below", tree_down },
    { KEY_PPAGE, true, NULL, "Ten rows up", tree_page_up },
    { KEY_NPAGE, true, NULL, "Ten rows down", tree_page_down },
    { KEY_RIGHT, true, NULL, "Expand", tree_expand },
    { KEY_LEFT, true, NULL, "Collapse, or go to the parent", tree_collapse },
    { '\r', false, "open/edit", "Expand/collapse; on a property: edit it",
      tree_enter },
    { 'p', false, "props", "Between the tree and the properties",
      tree_toggle_props },
    { '/', false, "search", "Search names and types", tree_search_start },
    { 'n', false, NULL, "Next search hit", tree_search_next },
    { '+', false, "plug", "Hot-plug a device", tree_plug },
    { '-', false, "unplug", "Remove the selected device (asks first)",
      tree_unplug },
    { 'g', false, NULL, "Read the tree again", tree_refresh },
    { 0 },
};

static bool tree_typing(Tui *tui)
{
    return tui->tree->searching;
}

const TuiView tui_tree_view = {
    .name = "Tree",
    .bindings = tree_bindings,
    .draw = tree_draw,
    .key = tree_key,
    .typing = tree_typing,
    .click = tree_click,
};
