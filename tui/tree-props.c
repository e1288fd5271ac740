/* The tree browser's lower half and its actions on devices: the selected
 * object's properties with live values and documentation, editing one in
 * place (qom-set, then the value read back), and hot-plugging and removing
 * devices. Split from tree-view.c, which owns the tree itself. */
#include "tui.h"

#include <string.h>

#include "qjson.h"
#include "qlist.h"
#include "qmp-line.h"
#include "tree-view-internal.h"

PropRow *tree_find_prop(TreeView *tv, const char *name)
{
    for (guint i = 0; i < tv->props->len; i++) {
        PropRow *p = tv->props->pdata[i];

        if (strcmp(p->name, name) == 0) {
            return p;
        }
    }
    return NULL;
}

typedef struct PropRequest {
    TreeRequest base;
    char *prop;
} PropRequest;

static PropRequest *prop_request_new(Tui *tui, const char *path,
                                     const char *prop)
{
    PropRequest *req = g_new0(PropRequest, 1);

    req->base.tui = tui;
    req->base.generation = tui->tree->generation;
    req->base.path = g_strdup(path);
    req->prop = g_strdup(prop);
    return req;
}

static void prop_request_free(PropRequest *req)
{
    g_free(req->prop);
    g_free(req->base.path);
    g_free(req);
}

static bool prop_request_current(PropRequest *req)
{
    TreeView *tv = req->base.tui->tree;

    return tree_request_current(&req->base) &&
           g_strcmp0(tv->props_path, req->base.path) == 0;
}

static void on_qom_get(QObject *ret, Error *err, void *opaque)
{
    PropRequest *req = opaque;
    TreeView *tv = req->base.tui->tree;
    PropRow *p;

    if (prop_request_current(req) && (p = tree_find_prop(tv, req->prop))) {
        g_free(p->value);
        p->value = ret ? qobject_to_json(ret)
                       : g_strdup_printf("<%s>", error_get_pretty(err));
        tui_schedule_redraw(req->base.tui);
    }
    prop_request_free(req);
}

void tree_prop_read(Tui *tui, const char *path, const char *prop)
{
    QDict *args = qdict_new();
    Vm *vm = tree_vm(tui);

    if (!vm) {
        qobject_unref(args);
        return;
    }
    qdict_put_str(args, "path", path);
    qdict_put_str(args, "property", prop);
    vm_model_call(vm, "qom-get", args, on_qom_get,
                  prop_request_new(tui, path, prop));
}

static void on_prop_docs(QObject *ret, Error *err, void *opaque)
{
    TreeRequest *req = opaque;
    TreeView *tv = req->tui->tree;
    QList *list = qobject_to(QList, ret);

    for (size_t i = 0; tree_request_current(req) && list && i < qlist_size(list);
         i++) {
        QDict *info = qobject_to(QDict, qlist_entry(list, i));
        const char *name = info ? qdict_get_try_str(info, "name") : NULL;
        PropRow *p = name && g_strcmp0(tv->props_path, req->path) == 0
                     ? tree_find_prop(tv, name) : NULL;

        if (p && qdict_get_try_str(info, "description")) {
            g_free(p->doc);
            p->doc = g_strdup(qdict_get_try_str(info, "description"));
        }
    }
    tui_schedule_redraw(req->tui);
    tree_request_free(req);
}

static void on_prop_list(QObject *ret, Error *err, void *opaque)
{
    TreeRequest *req = opaque;
    Tui *tui = req->tui;
    TreeView *tv = tui->tree;
    QList *list = qobject_to(QList, ret);
    TreeNode *node;

    if (!tree_request_current(req) || g_strcmp0(tv->props_path, req->path)) {
        tree_request_free(req);
        return;
    }
    g_ptr_array_set_size(tv->props, 0);
    for (size_t i = 0; list && i < qlist_size(list); i++) {
        QDict *e = qobject_to(QDict, qlist_entry(list, i));
        const char *name = e ? qdict_get_try_str(e, "name") : NULL;
        const char *type = e ? qdict_get_try_str(e, "type") : NULL;
        PropRow *p;

        if (!name || !type || g_str_has_prefix(type, "child<")) {
            continue;
        }
        p = g_new0(PropRow, 1);
        p->name = g_strdup(name);
        p->type = g_strdup(type);
        p->runtime = qdict_get_try_bool(e, "runtime", false);
        g_ptr_array_add(tv->props, p);
        tree_prop_read(tui, req->path, name);
    }
    node = tree_model_lookup(tv->model, req->path);
    if (node && node->type) {
        QDict *args = qdict_new();
        Vm *vm = tree_vm(tui);

        qdict_put_str(args, "typename", node->type);
        if (vm) {
            vm_model_call(vm, "qom-list-properties", args, on_prop_docs,
                          tree_request_new(tui, req->path));
        } else {
            qobject_unref(args);
        }
    }
    tui_schedule_redraw(tui);
    tree_request_free(req);
}

void tree_props_load(Tui *tui)
{
    TreeView *tv = tui->tree;
    Vm *vm = tree_vm(tui);
    QDict *args;

    if (g_strcmp0(tv->props_path, tv->selected) == 0) {
        return;
    }
    g_ptr_array_set_size(tv->props, 0);
    g_free(tv->props_path);
    tv->props_path = g_strdup(tv->selected);
    tv->prop_selected = 0;
    tv->prop_top = 0;
    if (!vm || !tv->selected || tv->qdev) {
        return;
    }
    args = qdict_new();
    qdict_put_str(args, "path", tv->selected);
    vm_model_call(vm, "qom-list", args, on_prop_list,
                  tree_request_new(tui, tv->selected));
}

static void on_qom_set(QObject *ret, Error *err, void *opaque)
{
    PropRequest *req = opaque;
    Tui *tui = req->base.tui;

    if (err) {
        tui_status(tui, true, "%s: %s", req->prop, error_get_pretty(err));
    } else {
        tui_status(tui, false, "%s set; reading it back", req->prop);
    }
    /* Read back either way: what the engine holds is the truth. */
    if (tree_request_current(&req->base)) {
        tree_prop_read(tui, req->base.path, req->prop);
    }
    prop_request_free(req);
}

static TuiNext on_prop_value(Tui *tui, const char *text, void *opaque)
{
    TreeView *tv = tui->tree;
    g_autofree char *prop = opaque;
    g_autoptr(Error) err = NULL;
    g_autofree char *line = g_strdup_printf("x v=%s", text);
    g_autoptr(QDict) parsed = qmp_line_parse(line, &err);
    QDict *args;
    Vm *vm = tree_vm(tui);
    QDict *parsed_args = parsed ? qdict_get_qdict(parsed, "arguments") : NULL;
    QObject *value = parsed_args ? qdict_get(parsed_args, "v") : NULL;

    if (!vm || !tv->props_path) {
        return TUI_NEXT_REDRAW;
    }
    args = qdict_new();
    qdict_put_str(args, "path", tv->props_path);
    qdict_put_str(args, "property", prop);
    qdict_put_obj(args, "value", value ? qobject_ref(value)
                  : QOBJECT(qstring_from_str(text)));
    vm_model_call(vm, "qom-set", args, on_qom_set,
                  prop_request_new(tui, tv->props_path, prop));
    return TUI_NEXT_REDRAW;
}

static void on_device_added(QObject *ret, Error *err, void *opaque)
{
    Tui *tui = opaque;

    if (err) {
        tui_status(tui, true, "device_add: %s", error_get_pretty(err));
        return;
    }
    tui_status(tui, false, "device added");
    tree_reload(tui);
}

static TuiNext on_plug_args(Tui *tui, const char *text, void *opaque)
{
    g_autofree char *driver = opaque;
    g_autofree char *line = g_strdup_printf("device_add driver=%s %s",
                                            driver, text);
    g_autoptr(Error) err = NULL;
    QDict *req = qmp_line_parse(line, &err);
    Vm *vm = tree_vm(tui);

    if (!req) {
        tui_status(tui, true, "%s", error_get_pretty(err));
        return TUI_NEXT_REDRAW;
    }
    if (!vm) {
        qobject_unref(req);
        return TUI_NEXT_REDRAW;
    }
    vm_model_send(vm, req, on_device_added, tui);
    return TUI_NEXT_REDRAW;
}

static TuiNext on_plug_type(Tui *tui, guint index, const char *choice,
                            void *opaque)
{
    TreeView *tv = tui->tree;
    g_autofree char *title = g_strdup_printf(
        "Add %s: id and properties (key=value ...)", choice);
    g_autofree char *id = g_strdup_printf("id=%s%u", choice,
                                          tv->generation);

    g_strdelimit(id + 3, ".,", '-');
    return dialog_text(tui, title, id, on_plug_args, g_strdup(choice));
}

static void on_device_types(QObject *ret, Error *err, void *opaque)
{
    Tui *tui = opaque;
    QList *list = qobject_to(QList, ret);
    g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GPtrArray) docs = g_ptr_array_new_with_free_func(g_free);

    if (!list) {
        tui_status(tui, true, "cannot list device types: %s",
                   err ? error_get_pretty(err) : "bad answer");
        return;
    }
    for (size_t i = 0; i < qlist_size(list); i++) {
        QDict *t = qobject_to(QDict, qlist_entry(list, i));
        const char *name = t ? qdict_get_try_str(t, "name") : NULL;
        const char *parent = t ? qdict_get_try_str(t, "parent") : NULL;

        if (name) {
            g_ptr_array_add(names, g_strdup(name));
            g_ptr_array_add(docs, g_strdup_printf("a %s", parent ? parent
                                                  : "device"));
        }
    }
    g_ptr_array_add(names, NULL);
    g_ptr_array_add(docs, NULL);
    dialog_choose(tui, "Hot-plug which device?",
                  (const char *const *)names->pdata,
                  (const char *const *)docs->pdata, on_plug_type, NULL);
    tui_schedule_redraw(tui);
}

TuiNext tree_plug(Tui *tui)
{
    Vm *vm = tree_vm(tui);
    QDict *args;

    if (!vm) {
        return TUI_NEXT_NONE;
    }
    args = qdict_new();
    qdict_put_str(args, "implements", "device");
    qdict_put_bool(args, "abstract", false);
    vm_model_call(vm, "qom-list-types", args, on_device_types, tui);
    return TUI_NEXT_REDRAW;
}

/* Success the model tells (removed, or pending while the guest holds
 * the device); a refusal is the engine's. */
static void on_device_del(QObject *ret, Error *err, void *opaque)
{
    Tui *tui = opaque;

    if (err) {
        tui_status(tui, true, "device_del: %s", error_get_pretty(err));
    }
}

static TuiNext do_unplug(Tui *tui, const char *id)
{
    Vm *vm = tree_vm(tui);

    if (vm) {
        vm_model_unplug(vm, id, on_device_del, tui);
    }
    return TUI_NEXT_REDRAW;
}

TuiNext tree_unplug(Tui *tui)
{
    TreeView *tv = tui->tree;
    TreeNode *n = tv->model ? tree_selected_node(tv) : NULL;
    g_autofree char *q = NULL;

    if (!n || tv->qdev || !tree_node_is_peripheral(n)) {
        tui_status(tui, true, "select a device under /machine/peripheral "
                   "to remove it");
        return TUI_NEXT_REDRAW;
    }
    if (tree_vm(tui) && vm_unplug_pending(tree_vm(tui), n->name)) {
        tui_status(tui, true, "%s is on its way out already: the guest "
                   "still holds it", n->name);
        return TUI_NEXT_REDRAW;
    }
    q = g_strdup_printf("Remove device %s from %s?", n->name, tv->vm_name);
    return dialog_confirm(tui, q, n->name, do_unplug);
}

TuiNext tree_prop_edit(Tui *tui)
{
    TreeView *tv = tui->tree;
    PropRow *p;
    g_autofree char *title = NULL;
    g_autofree char *initial = NULL;

    if (tv->prop_selected >= (int)tv->props->len) {
        return TUI_NEXT_NONE;
    }
    p = tv->props->pdata[tv->prop_selected];
    /* Refused here, not by a qom-set that must fail: the engine said
     * which ones may change (links follow rules of their own: the
     * engine judges those). */
    if (tv->runtime_known && !p->runtime && !g_str_has_prefix(p->type,
                                                              "link<")) {
        tui_status(tui, true, "%s is fixed while the VM runs; only runtime "
                   "properties (*) change live", p->name);
        return TUI_NEXT_REDRAW;
    }
    title = g_strdup_printf("%s (%s): new value%s%s", p->name, p->type,
                            p->doc ? " - " : "", p->doc ? p->doc : "");
    /* Strings edit without their JSON quotes; other values as JSON. */
    if (p->value && p->value[0] == '"') {
        g_autoptr(QObject) v = qobject_from_json(p->value, NULL);
        QString *s = qobject_to(QString, v);

        initial = g_strdup(s ? qstring_get_str(s) : p->value);
    } else {
        initial = g_strdup(p->value ? p->value : "");
    }
    return dialog_text(tui, title, initial, on_prop_value, g_strdup(p->name));
}

bool tree_props_search(TreeView *tv, const char *needle, bool from_start)
{
    g_autofree char *want = g_utf8_casefold(needle, -1);
    int n = (int)tv->props->len;
    int after = from_start ? -1 : tv->prop_selected;

    for (int k = 1; k <= n; k++) {
        int i = (after + k) % n;
        PropRow *p = tv->props->pdata[i];
        g_autofree char *name = g_utf8_casefold(p->name, -1);

        if (strstr(name, want)) {
            tv->prop_selected = i;
            return true;
        }
    }
    return false;
}
