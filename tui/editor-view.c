/* The profile editor: a form whose fields come from the engine's catalog
 * (machine types and CPU models as choices, memory, CPUs, firmware and
 * kernel paths, disks, devices with one typed field per property), checked
 * as they are typed, saved into the profile; under the fields, the
 * selected one's documentation, wrapped to a few rows. And the "new VM"
 * flow: a template, a name, and the editor on the new profile. */
#include "tui.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "app-paths.h"
#include "catalog.h"
#include "field-model.h"
#include "profile-ports.h"
#include "profile-template.h"
#include "qjson.h"
#include "qlist.h"
#include "text-wrap.h"

enum {
    DOC_ROWS_MAX = 3,   /* the selected field's documentation, wrapped */
    DOC_HANG = 2,
};

struct EditorView {
    Catalog *catalog;     /* read once per run */
    char *vm_name;
    FieldModel *form;
    int selected;
    int top;
    bool dirty;
    int next_id;
};

EditorView *editor_view_new(void)
{
    return g_new0(EditorView, 1);
}

void editor_view_free(EditorView *ev)
{
    if (!ev) {
        return;
    }
    catalog_free(ev->catalog);
    g_free(ev->vm_name);
    field_model_free(ev->form);
    g_free(ev);
}

static Catalog *editor_catalog(Tui *tui)
{
    EditorView *ev = tui->editor;
    g_autoptr(Error) err = NULL;

    if (!ev->catalog) {
        /* Cached per engine build by app: a file read after the first. */
        ev->catalog = catalog_load(NULL, &err);
        if (!ev->catalog) {
            tui_status(tui, true, "cannot read the engine's catalog: %s",
                       error_get_pretty(err));
        }
    }
    return ev->catalog;
}

/* A default as a profile writes it: on/off for bools, bare numbers and
 * strings. */
static char *default_text(QObject *v)
{
    QBool *b = qobject_to(QBool, v);
    QString *str = qobject_to(QString, v);

    if (!v) {
        return NULL;
    }
    if (b) {
        return g_strdup(qbool_get_bool(b) ? "on" : "off");
    }
    if (str) {
        return g_strdup(qstring_get_str(str));
    }
    return qobject_to_json(v);
}

/* The "name" of each dict in list, NULL-terminated (borrowed strings). */
static GPtrArray *names_of(QList *list)
{
    GPtrArray *names = g_ptr_array_new();

    for (size_t i = 0; list && i < qlist_size(list); i++) {
        QDict *d = qobject_to(QDict, qlist_entry(list, i));
        const char *name = d ? qdict_get_try_str(d, "name") : NULL;

        if (name) {
            g_ptr_array_add(names, (char *)name);
        }
    }
    g_ptr_array_add(names, NULL);
    return names;
}

/* An enum's values: a list of strings (or of {"name"} dicts). */
static GPtrArray *names_or_strings(QList *list)
{
    GPtrArray *out;

    if (!list) {
        return NULL;
    }
    out = g_ptr_array_new();
    for (size_t i = 0; i < qlist_size(list); i++) {
        QString *str = qobject_to(QString, qlist_entry(list, i));
        QDict *d = qobject_to(QDict, qlist_entry(list, i));
        const char *v = str ? qstring_get_str(str)
                      : d ? qdict_get_try_str(d, "name") : NULL;

        if (v) {
            g_ptr_array_add(out, (char *)v);
        }
    }
    g_ptr_array_add(out, NULL);
    return out;
}

static void add_device_fields(EditorView *ev, const char *id,
                              const char *driver)
{
    QList *props = ev->catalog
        ? catalog_find_device_properties(ev->catalog, driver) : NULL;
    QDict *dev = ev->catalog
        ? qdict_get_qdict(catalog_get_devices(ev->catalog), driver) : NULL;
    const char *parent = dev ? qdict_get_try_str(dev, "parent") : NULL;
    g_autofree char *label = g_strdup_printf("device %s", id);
    Field *f = field_model_add(ev->form, "device", id, "driver", label,
                               FIELD_STRING, NULL, NULL,
                               parent ? parent : "the device type");

    f->required = true;
    for (size_t i = 0; props && i < qlist_size(props); i++) {
        QDict *p = qobject_to(QDict, qlist_entry(props, i));
        const char *name = p ? qdict_get_try_str(p, "name") : NULL;
        g_autoptr(GPtrArray) choices = p ? names_or_strings(
            qdict_get_qlist(p, "enum")) : NULL;
        g_autofree char *plabel = NULL;
        g_autofree char *def = NULL;

        if (!name) {
            continue;
        }
        plabel = g_strdup_printf("  %s", name);
        def = default_text(qdict_get(p, "default-value"));
        /* Enum values where the catalog lists them: a choice. */
        field_model_add(ev->form, "device", id, name, plabel,
                        field_kind_from_type(qdict_get_try_str(p, "type"),
                                             choices && choices->len > 1),
                        choices && choices->len > 1
                        ? (const char *const *)choices->pdata : NULL,
                        def, qdict_get_try_str(p, "description"));
    }
}

static void add_drive_fields(EditorView *ev, const char *id)
{
    g_autofree char *label = g_strdup_printf("drive %s", id);

    field_model_add(ev->form, "drive", id, "file", label, FIELD_PATH, NULL,
                    NULL, "The disk image (relative: to the data directory)");
    field_model_add(ev->form, "drive", id, "format", "  format", FIELD_STRING,
                    NULL, "raw", "Image format");
    field_model_add(ev->form, "drive", id, "if", "  if", FIELD_STRING, NULL,
                    "none", "none: a device below uses it");
}

/* Builds the form from the catalog, then the profile's own groups. */
static void editor_build(Tui *tui, Vm *vm)
{
    EditorView *ev = tui->editor;
    Catalog *cat = editor_catalog(tui);
    g_autofree char *data_dir = app_paths_data_dir();
    g_autoptr(GPtrArray) machines = names_of(cat ? catalog_get_machines(cat)
                                                 : NULL);
    g_autoptr(GPtrArray) cpus = names_of(cat ? catalog_get_cpus(cat) : NULL);
    const char *default_machine = NULL;

    for (size_t i = 0; cat && i < qlist_size(catalog_get_machines(cat)); i++) {
        QDict *m = qobject_to(QDict, qlist_entry(catalog_get_machines(cat), i));

        if (m && qdict_get_try_bool(m, "is-default", false)) {
            default_machine = qdict_get_try_str(m, "name");
        }
    }
    field_model_free(ev->form);
    ev->form = field_model_new(data_dir);

    field_model_add(ev->form, "quern", NULL, "description", "Description",
                    FIELD_STRING, NULL, NULL, "What this VM is for");
    field_model_add(ev->form, "machine", NULL, "type", "Machine",
                    cat ? FIELD_ENUM : FIELD_STRING,
                    (const char *const *)machines->pdata,
                    default_machine,
                    "The board (the engine's machine types)")->required = true;
    field_model_add(ev->form, "cpu", NULL, "model", "CPU model",
                    cpus->len > 1 ? FIELD_ENUM : FIELD_STRING,
                    (const char *const *)cpus->pdata, NULL,
                    "Empty: the machine's default");
    field_model_add(ev->form, "memory", NULL, "size", "Memory", FIELD_SIZE,
                    NULL, NULL, "Guest RAM, e.g. 512M or 2G");
    field_model_add(ev->form, "smp-opts", NULL, "cpus", "CPUs", FIELD_UINT,
                    NULL, "1", "Number of harts/CPUs");
    field_model_add(ev->form, "machine", NULL, "firmware", "Firmware",
                    FIELD_PATH, NULL, NULL, "Firmware image (-bios)");
    field_model_add(ev->form, "machine", NULL, "kernel", "Kernel", FIELD_PATH,
                    NULL, NULL, "Kernel image (-kernel)");
    field_model_add(ev->form, "machine", NULL, "initrd", "Initrd", FIELD_PATH,
                    NULL, NULL, "Initial RAM disk (-initrd)");
    field_model_add(ev->form, "machine", NULL, "append", "Command line",
                    FIELD_STRING, NULL, NULL, "Kernel command line (-append)");

    for (size_t g = 0; vm->config && g < config_file_get_n_groups(vm->config);
         g++) {
        ConfigGroup *group = config_file_get_group(vm->config, g);
        const char *name = config_group_get_name(group);
        const char *id = config_group_get_id(group);

        if (!id) {
            continue;
        }
        if (strcmp(name, "drive") == 0) {
            add_drive_fields(ev, id);
        } else if (strcmp(name, "device") == 0) {
            const char *driver = config_group_get(group, "driver");

            add_device_fields(ev, id, driver ? driver : "");
        }
    }
    field_model_load(ev->form, vm->config);
}

TuiNext editor_view_open(Tui *tui, Vm *vm)
{
    EditorView *ev = tui->editor;

    if (!vm->config) {
        tui_status(tui, true, "%s: %s", vm->name,
                   vm->load_error ? vm->load_error : "no profile to edit");
        return TUI_NEXT_REDRAW;
    }
    g_free(ev->vm_name);
    ev->vm_name = g_strdup(vm->name);
    ev->selected = 0;
    ev->top = 0;
    ev->dirty = false;
    editor_build(tui, vm);
    tui_push_modal(tui, &tui_editor_view);
    return TUI_NEXT_REDRAW;
}

static const char *kind_hint(FieldKind kind)
{
    switch (kind) {
    case FIELD_ENUM: return "choice";
    case FIELD_BOOL: return "on/off";
    case FIELD_SIZE: return "size";
    case FIELD_INT: case FIELD_UINT: return "number";
    case FIELD_PATH: return "file";
    default: return "text";
    }
}

/* The selected field's documentation (or its error), wrapped into the
 * rows from y down; what does not fit ends in an ellipsis. */
static void draw_field_doc(Tui *tui, const Field *f, int y, int x, int w,
                           int doc_rows)
{
    g_autofree char *doc = g_strdup_printf(
        "[%s%s%s%s] %s (%s): %s", f->group, f->id ? " \"" : "",
        f->id ? f->id : "", f->id ? "\"" : "", f->key, kind_hint(f->kind),
        f->error ? f->error : f->doc ? f->doc : "");
    g_autoptr(GArray) rows = text_wrap_rows(doc, w, DOC_HANG);
    CrtRole role = f->error ? CRT_ERROR : CRT_DIM;

    for (int i = 0; i < doc_rows && i < (int)rows->len; i++) {
        TextWrapRow *row = &g_array_index(rows, TextWrapRow, i);

        crt_print_row(tui->win, y + i, x, w, role, doc, row);
        if (i == doc_rows - 1 && (int)rows->len > doc_rows) {
            crt_print(tui->win, y + i,
                      x + MIN(row->indent + row->columns, w - 1), 1, role,
                      crt_glyph(CRT_G_ELLIPSIS));
        }
    }
}

static void editor_draw(Tui *tui, const LayoutRect *r, bool focused)
{
    EditorView *ev = tui->editor;
    /* Below the fields: the documentation, the keys line, the border. */
    int doc_rows = CLAMP((r->height - 4) / 4, 1, DOC_ROWS_MAX);
    int rows = r->height - 3 - doc_rows, x = r->x + 2, w = r->width - 4;
    int label_w = MIN(24, w / 3);
    size_t n = ev->form ? field_model_size(ev->form) : 0;
    g_autofree char *title = g_strdup_printf("Edit %s%s", ev->vm_name,
                                             ev->dirty ? " (changed)" : "");
    Field *sel;

    for (int row = 0; row < r->height; row++) {
        crt_fill(tui->win, r->y + row, r->x, r->width, CRT_NORMAL);
    }
    crt_box(tui->win, r->y, r->x, r->height, r->width, CRT_BORDER_FOCUS, title);
    if (rows <= 0 || w <= 0 || !n) {
        return;
    }
    ev->selected = CLAMP(ev->selected, 0, (int)n - 1);
    if (ev->selected < ev->top) {
        ev->top = ev->selected;
    }
    if (ev->selected >= ev->top + rows) {
        ev->top = ev->selected - rows + 1;
    }
    for (int i = 0; i < rows && ev->top + i < (int)n; i++) {
        Field *f = field_model_get(ev->form, ev->top + i);
        bool is_sel = ev->top + i == ev->selected;
        int y = r->y + 1 + i;
        CrtRole role = is_sel ? CRT_SELECTED : CRT_NORMAL;

        if (is_sel) {
            crt_fill(tui->win, y, x, w, role);
        }
        crt_print(tui->win, y, x, label_w, role, f->label);
        if (f->value) {
            crt_print(tui->win, y, x + label_w + 1, w - label_w - 1,
                      f->error ? CRT_ERROR : role, f->value);
        } else if (f->default_value) {
            crt_printf(tui->win, y, x + label_w + 1, w - label_w - 1,
                       is_sel ? role : CRT_DIM, "%s (default)",
                       f->default_value);
        }
    }
    sel = field_model_get(ev->form, ev->selected);
    if (sel) {
        draw_field_doc(tui, sel, r->y + 1 + rows, x, w, doc_rows);
    }
    /* The bar has the other keys; these have no label there. */
    crt_print(tui->win, r->y + r->height - 2, x, w, CRT_DIM,
              "Space/Right: next choice  Left: previous  F2: save");
}

static Field *selected_field(Tui *tui)
{
    EditorView *ev = tui->editor;

    return ev->form ? field_model_get(ev->form, ev->selected) : NULL;
}

static TuiNext on_field_text(Tui *tui, const char *text, void *opaque)
{
    EditorView *ev = tui->editor;
    Field *f = selected_field(tui);

    if (f) {
        if (!field_set_value(ev->form, f, text)) {
            tui_status(tui, true, "%s: %s", f->key, f->error);
        }
        ev->dirty = true;
    }
    return TUI_NEXT_REDRAW;
}

static TuiNext on_field_choice(Tui *tui, guint index, const char *choice,
                               void *opaque)
{
    EditorView *ev = tui->editor;
    Field *f = selected_field(tui);

    if (f) {
        field_set_value(ev->form, f, index == 0 ? NULL : choice);
        ev->dirty = true;
    }
    return TUI_NEXT_REDRAW;
}

static TuiNext editor_edit(Tui *tui)
{
    Field *f = selected_field(tui);
    g_autofree char *title = NULL;

    if (!f) {
        return TUI_NEXT_NONE;
    }
    if (f->kind == FIELD_ENUM && f->choices) {
        g_autoptr(GPtrArray) choices = g_ptr_array_new();

        g_ptr_array_add(choices, "(default)");
        for (guint i = 0; i < f->choices->len; i++) {
            g_ptr_array_add(choices, f->choices->pdata[i]);
        }
        g_ptr_array_add(choices, NULL);
        return dialog_choose(tui, f->label,
                             (const char *const *)choices->pdata, NULL,
                             on_field_choice, NULL);
    }
    title = g_strdup_printf("%s (%s)%s%s", f->label, kind_hint(f->kind),
                            f->doc ? ": " : "", f->doc ? f->doc : "");
    return dialog_text(tui, title, f->value ? f->value : "", on_field_text,
                       NULL);
}

static TuiNext editor_cycle(Tui *tui, int step)
{
    EditorView *ev = tui->editor;
    Field *f = selected_field(tui);

    if (f && f->choices) {
        field_cycle(ev->form, f, step);
        ev->dirty = true;
    }
    return TUI_NEXT_REDRAW;
}

static TuiNext editor_next_choice(Tui *tui) { return editor_cycle(tui, 1); }
static TuiNext editor_prev_choice(Tui *tui) { return editor_cycle(tui, -1); }

static TuiNext editor_move(Tui *tui, int delta)
{
    tui->editor->selected += delta;
    return TUI_NEXT_REDRAW;
}

static TuiNext editor_up(Tui *tui) { return editor_move(tui, -1); }
static TuiNext editor_down(Tui *tui) { return editor_move(tui, 1); }
static TuiNext editor_page_up(Tui *tui) { return editor_move(tui, -10); }
static TuiNext editor_page_down(Tui *tui) { return editor_move(tui, 10); }

static TuiNext editor_save(Tui *tui)
{
    EditorView *ev = tui->editor;
    g_autoptr(Error) err = NULL;
    Vm *vm = vm_model_find(tui->model, ev->vm_name);
    Field *bad = field_model_first_error(ev->form);

    if (!vm || !vm->config) {
        tui_status(tui, true, "%s has gone", ev->vm_name);
        return TUI_NEXT_REDRAW;
    }
    if (bad) {
        /* Take the user to the field that stops the save. */
        for (size_t i = 0; i < field_model_size(ev->form); i++) {
            if (field_model_get(ev->form, i) == bad) {
                ev->selected = (int)i;
            }
        }
    }
    if (!field_model_store(ev->form, vm->config, &err) ||
        !vm_model_save(tui->model, vm, &err)) {
        tui_status(tui, true, "not saved: %s", error_get_pretty(err));
        return TUI_NEXT_REDRAW;
    }
    ev->dirty = false;
    tui_status(tui, false, "saved %s%s", vm->profile_path,
               vm->state == VM_RUNNING ? " (applies at the next start)" : "");
    return TUI_NEXT_REDRAW;
}

static TuiNext editor_close(Tui *tui)
{
    EditorView *ev = tui->editor;

    tui_pop_modal(tui);
    if (ev->dirty) {
        tui_status(tui, false, "closed without saving");
    }
    return TUI_NEXT_REDRAW;
}

static TuiNext on_device_type(Tui *tui, guint index, const char *choice,
                              void *opaque)
{
    EditorView *ev = tui->editor;
    g_autofree char *id = NULL;
    Field *f;

    do {
        g_free(id);
        id = g_strdup_printf("dev%d", ev->next_id++);
    } while (field_model_find(ev->form, "device", id, "driver"));
    add_device_fields(ev, id, choice);
    f = field_model_find(ev->form, "device", id, "driver");
    field_set_value(ev->form, f, choice);
    ev->selected = (int)field_model_size(ev->form) - 1;
    ev->dirty = true;
    return TUI_NEXT_REDRAW;
}

static gint compare_names(gconstpointer a, gconstpointer b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static TuiNext editor_add_device(Tui *tui)
{
    Catalog *cat = editor_catalog(tui);
    g_autoptr(GPtrArray) names = g_ptr_array_new();
    g_autoptr(GPtrArray) docs = g_ptr_array_new_with_free_func(g_free);
    QDict *devices;

    if (!cat) {
        return TUI_NEXT_REDRAW;
    }
    devices = catalog_get_devices(cat);
    for (const QDictEntry *e = qdict_first(devices); e;
         e = qdict_next(devices, e)) {
        g_ptr_array_add(names, (char *)qdict_entry_key(e));
    }
    g_ptr_array_sort(names, compare_names);
    for (guint i = 0; i < names->len; i++) {
        QDict *d = qdict_get_qdict(devices, names->pdata[i]);
        QList *props = d ? qdict_get_qlist(d, "properties") : NULL;
        const char *parent = d ? qdict_get_try_str(d, "parent") : NULL;

        g_ptr_array_add(docs, g_strdup_printf("a %s, %zu properties",
                                              parent ? parent : "device",
                                              props ? qlist_size(props) : 0));
    }
    g_ptr_array_add(names, NULL);
    g_ptr_array_add(docs, NULL);
    return dialog_choose(tui, "Add which device?",
                         (const char *const *)names->pdata,
                         (const char *const *)docs->pdata, on_device_type,
                         NULL);
}

/* A new disk: a size makes a new raw image in the data directory, a path
 * uses an existing file. Either way a virtio-blk device is added on it. */
static TuiNext on_disk(Tui *tui, const char *text, void *opaque)
{
    EditorView *ev = tui->editor;
    g_autofree char *data_dir = app_paths_data_dir();
    guint64 bytes;
    g_autofree char *file = NULL;
    g_autofree char *drive_id = NULL;
    g_autofree char *dev_id = NULL;

    for (int n = 0; !drive_id; n++) {
        g_autofree char *try = g_strdup_printf("hd%d", n);

        if (!field_model_find(ev->form, "drive", try, "file")) {
            drive_id = g_steal_pointer(&try);
        }
    }
    if (field_parse_size(text, &bytes)) {
        g_autofree char *dir = g_build_filename(data_dir, "images", NULL);
        g_autofree char *path = NULL;
        int fd;

        file = g_strdup_printf("images/%s-%s.raw", ev->vm_name, drive_id);
        path = g_build_filename(data_dir, file, NULL);
        g_mkdir_with_parents(dir, 0700);
        fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        if (fd < 0 || ftruncate(fd, (off_t)bytes) < 0) {
            tui_status(tui, true, "cannot create %s: %s", path,
                       g_strerror(errno));
            if (fd >= 0) {
                close(fd);
            }
            return TUI_NEXT_REDRAW;
        }
        close(fd);
        tui_status(tui, false, "created %s (%s)", path, text);
    } else {
        file = g_strdup(text);
    }
    add_drive_fields(ev, drive_id);
    field_set_value(ev->form, field_model_find(ev->form, "drive", drive_id,
                                               "file"), file);
    /* Written out, not left to defaults: the engine's -drive wants both. */
    field_set_value(ev->form, field_model_find(ev->form, "drive", drive_id,
                                               "format"), "raw");
    field_set_value(ev->form, field_model_find(ev->form, "drive", drive_id,
                                               "if"), "none");
    dev_id = g_strdup_printf("disk-%s", drive_id);
    add_device_fields(ev, dev_id, "virtio-blk-device");
    field_set_value(ev->form, field_model_find(ev->form, "device", dev_id,
                                               "driver"), "virtio-blk-device");
    if (field_model_find(ev->form, "device", dev_id, "drive")) {
        field_set_value(ev->form, field_model_find(ev->form, "device", dev_id,
                                                   "drive"), drive_id);
    } else {
        field_set_value(ev->form, field_model_add(ev->form, "device", dev_id,
                                                  "drive", "  drive",
                                                  FIELD_STRING, NULL, NULL,
                                                  "The drive it reads"),
                        drive_id);
    }
    ev->dirty = true;
    return TUI_NEXT_REDRAW;
}

static TuiNext editor_add_disk(Tui *tui)
{
    return dialog_text(tui, "New disk: a size (e.g. 64M) for a new raw image, "
                       "or the path of an image", "64M", on_disk, NULL);
}

static TuiNext editor_remove(Tui *tui)
{
    EditorView *ev = tui->editor;
    Field *f = selected_field(tui);
    g_autofree char *group = NULL;
    g_autofree char *id = NULL;
    ConfigGroup *g;
    Vm *vm = vm_model_find(tui->model, ev->vm_name);

    if (!f || !f->id) {
        tui_status(tui, true, "only a device or a drive can be removed");
        return TUI_NEXT_REDRAW;
    }
    group = g_strdup(f->group);
    id = g_strdup(f->id);
    field_model_remove_group(ev->form, group, id);
    /* The group goes from the profile at save; until then it is only
     * gone from the form. */
    if (vm && vm->config && (g = config_file_find_group(vm->config, group, id))) {
        config_file_remove_group(vm->config, g);
    }
    ev->dirty = true;
    return TUI_NEXT_REDRAW;
}

static const TuiBinding editor_bindings[] = {
    { KEY_UP, true, NULL, "Previous field", editor_up },
    { KEY_DOWN, true, NULL, "Next field", editor_down },
    { KEY_PPAGE, true, NULL, "Ten fields up", editor_page_up },
    { KEY_NPAGE, true, NULL, "Ten fields down", editor_page_down },
    { '\r', false, "edit", "Edit the field (a list for choices)", editor_edit },
    { ' ', false, NULL, "Next choice", editor_next_choice },
    { KEY_RIGHT, true, NULL, "Next choice", editor_next_choice },
    { KEY_LEFT, true, NULL, "Previous choice", editor_prev_choice },
    { 'a', false, "device", "Add a device from the catalog",
      editor_add_device },
    { 'D', false, "disk", "Add a disk: a new raw image or a file",
      editor_add_disk },
    { 'x', false, "remove", "Remove the device or drive under the cursor",
      editor_remove },
    { 'w', false, "save", "Save the profile", editor_save },
    { KEY_F(2), true, NULL, "Save the profile", editor_save },
    { TUI_KEY_ESC, false, "close", "Close the editor", editor_close },
    { 0 },
};

const TuiView tui_editor_view = {
    .name = "Editor",
    .bindings = editor_bindings,
    .draw = editor_draw,
};

/* ---- new VM ---- */

static TuiNext on_new_name(Tui *tui, const char *name, void *opaque)
{
    g_autofree char *template_name = opaque;
    g_autoptr(Error) err = NULL;
    g_auto(GStrv) moved = NULL;
    Vm *vm = vm_model_create(tui->model, template_name, name, &err);

    if (!vm) {
        tui_status(tui, true, "%s", error_get_pretty(err));
        return TUI_NEXT_REDRAW;
    }
    tui_select(tui, vm->name);
    moved = vm->profile ? profile_ports_get_moves(vm->profile) : NULL;
    if (moved && moved[0]) {
        /* The notes are long: the event log has them whole. */
        tui_status(tui, false, "created %s; %u host port%s moved off another "
                   "VM's (l: the log)", vm->name, g_strv_length(moved),
                   moved[1] ? "s" : "");
    } else {
        tui_status(tui, false, "created %s; s starts it, e edits it",
                   vm->name);
    }
    return TUI_NEXT_REDRAW;
}

static TuiNext on_template(Tui *tui, guint index, const char *choice,
                           void *opaque)
{
    g_autofree char *name = NULL;

    for (int n = 1; !name; n++) {
        g_autofree char *try = g_strdup_printf("%s-%d", choice, n);

        if (!vm_model_find(tui->model, try)) {
            name = g_steal_pointer(&try);
        }
    }
    return dialog_text(tui, "Name of the new VM", name, on_new_name,
                       g_strdup(choice));
}

TuiNext editor_new_vm(Tui *tui)
{
    g_auto(GStrv) templates = profile_template_list();
    g_autoptr(GPtrArray) docs = g_ptr_array_new_with_free_func(g_free);

    if (!templates || !templates[0]) {
        g_autofree char *dir = profile_template_dir();

        tui_status(tui, true, "no templates in %s", dir);
        return TUI_NEXT_REDRAW;
    }
    for (int i = 0; templates[i]; i++) {
        g_autofree char *path = profile_template_path(templates[i], NULL);
        g_autoptr(ConfigFile) cf = path ? config_file_load(path, NULL) : NULL;
        ConfigGroup *meta = cf ? config_file_find_group(cf, "quern", NULL)
                               : NULL;
        const char *about = meta ? config_group_get(meta, "description") : NULL;

        g_ptr_array_add(docs, g_strdup(about ? about : ""));
    }
    g_ptr_array_add(docs, NULL);
    return dialog_choose(tui, "New VM from which template?",
                         (const char *const *)templates,
                         (const char *const *)docs->pdata, on_template, NULL);
}
