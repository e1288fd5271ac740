/* The event log: QMP events of every VM, errors and what the TUI did,
 * newest at the bottom, bounded. A line wider than the pane wraps
 * (text-wrap.h; the rest indented), so an error the status line had to
 * cut reads whole here. Scrolling goes by screen rows. */
#include "tui.h"

#include "text-wrap.h"

enum {
    EVENT_LOG_MAX = 1000,
    WRAP_INDENT = 2,
};

struct EventLog {
    GQueue lines;   /* char *, oldest first */
    int back;       /* screen rows scrolled back from the newest */
};

EventLog *event_log_new(void)
{
    EventLog *log = g_new0(EventLog, 1);

    g_queue_init(&log->lines);
    return log;
}

void event_log_free(EventLog *log)
{
    if (!log) {
        return;
    }
    g_queue_clear_full(&log->lines, g_free);
    g_free(log);
}

void event_log_add(Tui *tui, Vm *vm, const char *line)
{
    EventLog *log = tui->events;
    g_autoptr(GDateTime) now = g_date_time_new_now_local();
    g_autofree char *when = g_date_time_format(now, "%H:%M:%S");
    g_autofree char *text = g_strdup_printf("%s %s%s%s", when,
                                            vm ? vm->name : "",
                                            vm ? ": " : "", line);

    /* Valid UTF-8 only: an error may quote what a guest wrote. */
    g_queue_push_tail(&log->lines, g_utf8_make_valid(text, -1));
    if (g_queue_get_length(&log->lines) > EVENT_LOG_MAX) {
        g_free(g_queue_pop_head(&log->lines));
    }
    if (tui->main_view == &tui_events_view) {
        tui_schedule_redraw(tui);
    }
}

static void events_draw(Tui *tui, const LayoutRect *r, bool focused)
{
    EventLog *log = tui->events;
    int rows = r->height - 2, width = r->width - 2;
    g_autoptr(GArray) shown = NULL;

    crt_box(tui->win, r->y, r->x, r->height, r->width,
            focused ? CRT_BORDER_FOCUS : CRT_BORDER, "Event log");
    if (rows <= 0 || width <= 0) {
        return;
    }
    shown = text_wrap_tail(&log->lines, width, WRAP_INDENT, rows, &log->back);
    for (guint i = 0; i < shown->len; i++) {
        TextWrapLineRow *row = &g_array_index(shown, TextWrapLineRow, i);

        crt_print_row(tui->win, r->y + 1 + i, r->x + 1, width, CRT_NORMAL,
                      row->line, &row->row);
    }
}

static TuiNext events_up(Tui *tui)
{
    tui->events->back++;
    return TUI_NEXT_REDRAW;
}

static TuiNext events_down(Tui *tui)
{
    tui->events->back--;
    return TUI_NEXT_REDRAW;
}

static TuiNext events_page_up(Tui *tui)
{
    tui->events->back += 10;
    return TUI_NEXT_REDRAW;
}

static TuiNext events_page_down(Tui *tui)
{
    tui->events->back -= 10;
    return TUI_NEXT_REDRAW;
}

static const TuiBinding events_bindings[] = {
    { KEY_UP, true, NULL, "Older lines", events_up },
    { KEY_DOWN, true, NULL, "Newer lines", events_down },
    { KEY_PPAGE, true, NULL, "A page older", events_page_up },
    { KEY_NPAGE, true, NULL, "A page newer", events_page_down },
    { 0 },
};

const TuiView tui_events_view = {
    .name = "Event log",
    .bindings = events_bindings,
    .draw = events_draw,
};
