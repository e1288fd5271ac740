/* The TUI: `quern` with no arguments. This header is shared by the views
 * of tui/ (not by app/ or the CLI, which only call tui_main()).
 *
 * Shape: one Tui holds the VM model, the layout and the views. A view is a
 * const TuiView (draw, keys, clicks, and its binding table) plus a state
 * struct owned by its module. The VM list sits on the left; the main pane
 * on the right shows one view (detail, console, tree, QMP, events); modal
 * views (help, editor, dialogs) sit on top. Key handlers and actions
 * return what must happen next and the loop does it; the function bar and
 * the help screen are built from the binding tables, so they cannot drift.
 * Views draw the model and call the model's actions; they never write files
 * or sockets themselves. Quitting leaves every VM running. */
#pragma once
#include <glib.h>
#include <stdbool.h>
#include "crt.h"
#include "layout.h"
#include "vm-model.h"

typedef struct Tui Tui;

typedef enum TuiNext {
    TUI_NEXT_UNHANDLED,   /* not mine: try the next handler */
    TUI_NEXT_NONE,        /* handled, the screen is unchanged */
    TUI_NEXT_REDRAW,
    TUI_NEXT_QUIT,
} TuiNext;

typedef TuiNext (*TuiActionFunc)(Tui *tui);

typedef struct TuiBinding {
    wint_t key;
    bool function;        /* key is a KEY_* code */
    const char *label;    /* for the function bar; NULL: help only */
    const char *help;
    TuiActionFunc action;
} TuiBinding;             /* tables end with an entry whose action is NULL */

typedef struct TuiView {
    const char *name;
    const TuiBinding *bindings;
    void (*draw)(Tui *tui, const LayoutRect *area, bool focused);
    /* Keys no binding took (text entry); NULL: none. */
    TuiNext (*key)(Tui *tui, wint_t key, bool function);
    /* Keys go to .key before the bindings (a console: every key is the
     * guest's, but for the escape key Ctrl-]). */
    bool raw_keys;
    /* True while a text field has the keys: .key sees them before the
     * bindings (so typing "s" does not start a VM). NULL: never. */
    bool (*typing)(Tui *tui);
    /* A click at y,x relative to area; NULL: ignored. */
    TuiNext (*click)(Tui *tui, const LayoutRect *area, int y, int x);
} TuiView;

/* Ctrl-]: leaves a console (as `quern console` detaches). */
#define TUI_KEY_ESCAPE_CONSOLE 0x1d
#define TUI_KEY_ESC 0x1b
#define TUI_CTRL(c) ((c) & 0x1f)

typedef struct ConsoleView ConsoleView;
typedef struct TreeView TreeView;
typedef struct QmpView QmpView;
typedef struct EventLog EventLog;
typedef struct EditorView EditorView;
typedef struct Dialog Dialog;

struct Tui {
    VmModel *model;
    GMainLoop *loop;
    WINDOW *win;
    Layout layout;
    LayoutFocus focus;
    bool zoom;
    char *selected;             /* the selected VM's name, or NULL */
    int list_top;               /* first VM row shown */
    const TuiView *main_view;
    GPtrArray *modals;          /* const TuiView *, top last */
    char *status;
    bool status_is_error;
    const TuiView *status_view; /* a hint's view: shown while on top */
    guint redraw_source;
    int help_top;
    ConsoleView *console;
    TreeView *tree;
    QmpView *qmp;
    EventLog *events;
    EditorView *editor;
    Dialog *dialog;
};

/* The views (one module each). */
extern const TuiView tui_list_view;
extern const TuiView tui_detail_view;
extern const TuiView tui_console_view;
extern const TuiView tui_tree_view;
extern const TuiView tui_qmp_view;
extern const TuiView tui_events_view;
extern const TuiView tui_editor_view;
extern const TuiView tui_help_view;

/* Runs the TUI until the user quits; the exit status. */
int tui_main(int argc, char **argv);

Vm *tui_selected_vm(Tui *tui);
void tui_select(Tui *tui, const char *name);
/* The running VM a main view needs, or NULL with the status saying why. */
Vm *tui_running_vm(Tui *tui);
void tui_show_main(Tui *tui, const TuiView *view, bool focus);
void tui_push_modal(Tui *tui, const TuiView *view);
void tui_pop_modal(Tui *tui);
const TuiView *tui_top_view(Tui *tui);
void tui_status(Tui *tui, bool is_error, const char *fmt, ...)
    G_GNUC_PRINTF(3, 4);
/* A status line about the view on top now (how to leave a console): it
 * goes when another view comes on top. */
void tui_hint(Tui *tui, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
/* Coalesces redraws: many console bytes, one screen update. */
void tui_schedule_redraw(Tui *tui);
/* The bindings every view shares (help, quit, focus). */
const TuiBinding *tui_global_bindings(void);
/* "F1", "^]", "Enter", "s"... */
char *tui_key_name(wint_t key, bool function);

/* Hooks from views' modules that the shell calls. */
ConsoleView *console_view_new(void);
void console_view_free(ConsoleView *cv);
void console_view_data(Tui *tui, Vm *vm, VmConsole which, const char *bytes,
                       size_t len);
TuiNext console_view_open(Tui *tui, VmConsole which, bool full_screen);
void console_view_vm_changed(Tui *tui, Vm *vm);

TreeView *tree_view_new(void);
void tree_view_free(TreeView *tv);
TuiNext tree_view_open(Tui *tui, bool qdev);
void tree_view_event(Tui *tui, Vm *vm, const char *event, QDict *data);

QmpView *qmp_view_new(void);
void qmp_view_free(QmpView *qv);
TuiNext qmp_view_open(Tui *tui);
void qmp_view_event(Tui *tui, Vm *vm, const char *event, QDict *data,
                    gint64 timestamp);

EventLog *event_log_new(void);
void event_log_free(EventLog *log);
void event_log_add(Tui *tui, Vm *vm, const char *line);

EditorView *editor_view_new(void);
void editor_view_free(EditorView *ev);
TuiNext editor_view_open(Tui *tui, Vm *vm);
TuiNext editor_new_vm(Tui *tui);

/* Dialogs: a question, a line of text, a choice from a list. The callback
 * runs when the user answers (not on cancel); names are copied. */
typedef TuiNext (*DialogConfirmFunc)(Tui *tui, const char *vm_name);
typedef TuiNext (*DialogTextFunc)(Tui *tui, const char *text, void *opaque);
typedef TuiNext (*DialogChoiceFunc)(Tui *tui, guint index, const char *choice,
                                    void *opaque);
Dialog *dialog_new(void);
void dialog_free(Dialog *d);
TuiNext dialog_confirm(Tui *tui, const char *question, const char *vm_name,
                       DialogConfirmFunc yes);
TuiNext dialog_text(Tui *tui, const char *title, const char *initial,
                    DialogTextFunc done, void *opaque);
/* choices: copied. docs: a line per choice shown under the list, or NULL. */
TuiNext dialog_choose(Tui *tui, const char *title, const char *const *choices,
                      const char *const *docs, DialogChoiceFunc done,
                      void *opaque);
