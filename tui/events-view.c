/* The event log: QMP events of every VM, errors and what the TUI did,
 * newest at the bottom, bounded. A line wider than the pane wraps (the
 * rest indented), so an error the status line had to cut reads whole
 * here. */
#include "tui.h"

#include <string.h>

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

    g_queue_push_tail(&log->lines, g_strdup_printf("%s %s%s%s", when,
                                                   vm ? vm->name : "",
                                                   vm ? ": " : "", line));
    if (g_queue_get_length(&log->lines) > EVENT_LOG_MAX) {
        g_free(g_queue_pop_head(&log->lines));
    }
    if (tui->main_view == &tui_events_view) {
        tui_schedule_redraw(tui);
    }
}

/* Appends line to rows as pieces of at most width columns, the second
 * and later indented. Pieces point into line (borrowed). */
static void wrap_line(const char *line, int width, GPtrArray *rows)
{
    const char *p = line;
    int room = width;

    if (width <= WRAP_INDENT) {
        g_ptr_array_add(rows, (char *)line);
        return;
    }
    do {
        const char *after_blank = NULL;   /* where the last word starts */
        int used = 0;

        g_ptr_array_add(rows, (char *)p);
        while (*p) {
            gunichar c = g_utf8_get_char_validated(p, -1);
            int w = c != (gunichar)-1 && c != (gunichar)-2 &&
                    g_unichar_iswide(c) ? 2 : 1;

            /* A piece holds one character at least, or this would
             * never end. */
            if (used + w > room && used > 0) {
                /* Between words where there is a blank to break at. */
                if (c != ' ' && after_blank) {
                    p = after_blank;
                }
                break;
            }
            used += w;
            p = g_utf8_next_char(p);
            if (c == ' ') {
                after_blank = p;
            }
        }
        while (*p == ' ') {
            p++;   /* a new row starts with its word */
        }
        room = width - WRAP_INDENT;
    } while (*p);
}

static void events_draw(Tui *tui, const LayoutRect *r, bool focused)
{
    EventLog *log = tui->events;
    int rows = r->height - 2, width = r->width - 2;
    g_autoptr(GPtrArray) pieces = g_ptr_array_new();   /* row starts */
    g_autoptr(GArray) line_of = g_array_new(FALSE, FALSE, sizeof(int));
    int first;

    crt_box(tui->win, r->y, r->x, r->height, r->width,
            focused ? CRT_BORDER_FOCUS : CRT_BORDER, "Event log");
    if (rows <= 0 || width <= 0) {
        return;
    }
    for (GList *l = log->lines.head; l; l = l->next) {
        guint before = pieces->len;

        wrap_line(l->data, width, pieces);
        for (guint k = before; k < pieces->len; k++) {
            int start = k == before;

            g_array_append_val(line_of, start);
        }
    }
    log->back = CLAMP(log->back, 0, MAX((int)pieces->len - rows, 0));
    first = MAX((int)pieces->len - rows - log->back, 0);
    for (int i = 0; i < rows && first + i < (int)pieces->len; i++) {
        int k = first + i;
        bool starts = g_array_index(line_of, int, k);
        /* A piece runs to the next piece's start (or the end). */
        const char *from = pieces->pdata[k];
        const char *to = k + 1 < (int)pieces->len &&
                         !g_array_index(line_of, int, k + 1)
                         ? pieces->pdata[k + 1] : from + strlen(from);
        g_autofree char *text = g_strndup(from, to - from);
        int indent = starts ? 0 : WRAP_INDENT;

        crt_print(tui->win, r->y + 1 + i, r->x + 1 + indent, width - indent,
                  CRT_NORMAL, text);
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
