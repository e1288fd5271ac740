/* The line editor as a user at a terminal sees it: keys go in as the bytes
 * a terminal sends, and the editor's output drives a small VT100 model (a
 * line of cells and a cursor) whose state the tests compare with what the
 * user should see. The finished lines are what the monitor would run. */
#include "readline.h"

#include <string.h>

/* A terminal that understands what the editor sends: text, CR LF,
 * ESC [ n C / D (cursor right/left), ESC [ K (clear to the end). Each cell
 * holds one character (a whole UTF-8 sequence). */
typedef struct Screen {
    GPtrArray *cells;           /* the current row: char * per column */
    size_t col;
    GPtrArray *rows;            /* finished rows, as strings */
} Screen;

typedef struct Fixture {
    ReadLine *rl;
    Screen screen;
    GString *raw;               /* every byte the editor sent */
    GPtrArray *lines;           /* lines the editor finished */
    const char *const *candidates;
} Fixture;

static void screen_put(Screen *s, const char *ch, size_t len)
{
    char *cell = g_strndup(ch, len);

    if (s->col < s->cells->len) {
        g_free(g_ptr_array_index(s->cells, s->col));
        s->cells->pdata[s->col] = cell;
    } else {
        g_assert_cmpuint(s->col, ==, s->cells->len);
        g_ptr_array_add(s->cells, cell);
    }
    s->col++;
}

static char *screen_row(const Screen *s)
{
    GString *row = g_string_new(NULL);

    for (guint i = 0; i < s->cells->len; i++) {
        g_string_append(row, g_ptr_array_index(s->cells, i));
    }
    return g_string_free(row, FALSE);
}

/* Interprets the editor's bytes; anything else it sent fails the test. */
static void screen_feed(Screen *s, const char *text, size_t len)
{
    size_t i = 0;

    while (i < len) {
        unsigned char c = text[i];

        if (c == '\033') {
            size_t n = 0;
            bool has_n = false;

            g_assert_cmpint(text[i + 1], ==, '[');
            for (i += 2; g_ascii_isdigit(text[i]); i++) {
                n = n * 10 + (text[i] - '0');
                has_n = true;
            }
            n = has_n ? n : 1;
            switch (text[i++]) {
            case 'C':
                s->col += n;
                g_assert_cmpuint(s->col, <=, s->cells->len);
                break;
            case 'D':
                g_assert_cmpuint(n, <=, s->col);
                s->col -= n;
                break;
            case 'K':
                g_ptr_array_set_size(s->cells, s->col);
                break;
            default:
                g_assert_not_reached();
            }
        } else if (c == '\r') {
            g_assert_cmpint(text[i + 1], ==, '\n');
            g_ptr_array_add(s->rows, screen_row(s));
            g_ptr_array_set_size(s->cells, 0);
            s->col = 0;
            i += 2;
        } else {
            size_t n = g_utf8_skip[c];
            gunichar u = g_utf8_get_char_validated(text + i, len - i);

            if (c >= 0x80 && (u == (gunichar)-1 || u == (gunichar)-2)) {
                n = 1;          /* a terminal shows a replacement cell */
            }
            g_assert_cmpuint(c, >=, 32);
            screen_put(s, text + i, n);
            i += n;
        }
    }
}

static void fx_output(void *opaque, const char *text, size_t len)
{
    Fixture *f = opaque;

    g_string_append_len(f->raw, text, len);
    screen_feed(&f->screen, text, len);
}

/* As the monitor does: take the line, then show the prompt again. */
static void fx_line(void *opaque, const char *line)
{
    Fixture *f = opaque;

    g_ptr_array_add(f->lines, g_strdup(line));
    readline_show_prompt(f->rl);
}

/* Candidates from the fixture's list that extend the last word. */
static char **fx_complete(void *opaque, const char *prefix, size_t *word)
{
    Fixture *f = opaque;
    const char *last = strrchr(prefix, ' ');
    GPtrArray *out = g_ptr_array_new();

    *word = last ? (size_t)(last + 1 - prefix) : 0;
    for (const char *const *c = f->candidates; c && *c; c++) {
        if (g_str_has_prefix(*c, prefix + *word)) {
            g_ptr_array_add(out, g_strdup(*c));
        }
    }
    g_ptr_array_add(out, NULL);
    return (char **)g_ptr_array_free(out, FALSE);
}

static void fx_setup(Fixture *f, gconstpointer data)
{
    f->screen.cells = g_ptr_array_new_with_free_func(g_free);
    f->screen.rows = g_ptr_array_new_with_free_func(g_free);
    f->raw = g_string_new(NULL);
    f->lines = g_ptr_array_new_with_free_func(g_free);
    f->rl = readline_new(fx_output, fx_line, fx_complete, f);
    readline_set_prompt(f->rl, "(qemu) ");
    readline_show_prompt(f->rl);
}

static void fx_teardown(Fixture *f, gconstpointer data)
{
    readline_free(f->rl);
    g_ptr_array_unref(f->screen.cells);
    g_ptr_array_unref(f->screen.rows);
    g_string_free(f->raw, TRUE);
    g_ptr_array_unref(f->lines);
}

static void type(Fixture *f, const char *keys)
{
    readline_feed(f->rl, (const uint8_t *)keys, strlen(keys));
}

/* The row being edited, with '|' where the cursor is. */
static char *screen_now(Fixture *f)
{
    GString *s = g_string_new(NULL);

    for (guint col = 0; col <= f->screen.cells->len; col++) {
        if (col == f->screen.col) {
            g_string_append_c(s, '|');
        }
        if (col < f->screen.cells->len) {
            g_string_append(s, g_ptr_array_index(f->screen.cells, col));
        }
    }
    return g_string_free(s, FALSE);
}

static void assert_screen(Fixture *f, const char *expected)
{
    g_autofree char *now = screen_now(f);

    g_assert_cmpstr(now, ==, expected);
}

static void assert_lines(Fixture *f, const char *const *expected)
{
    guint n = 0;

    for (; expected[n]; n++) {
        g_assert_cmpuint(n, <, f->lines->len);
        g_assert_cmpstr(g_ptr_array_index(f->lines, n), ==, expected[n]);
    }
    g_assert_cmpuint(f->lines->len, ==, n);
}

/* Typing at the end only echoes: no redraw, no escape sequence. */
static void test_typing_echoes(Fixture *f, gconstpointer data)
{
    type(f, "info status");
    g_assert_cmpstr(f->raw->str, ==, "(qemu) info status");
    assert_screen(f, "(qemu) info status|");
    type(f, "\r");
    assert_lines(f, (const char *const[]){ "info status", NULL });
    g_assert_cmpuint(f->screen.rows->len, ==, 1);
    g_assert_cmpstr(g_ptr_array_index(f->screen.rows, 0), ==,
                    "(qemu) info status");
    g_assert_cmpstr(readline_get_line(f->rl), ==, "");
}

static void test_backspace(Fixture *f, gconstpointer data)
{
    type(f, "stpo\x7f\x7fop\b");
    assert_screen(f, "(qemu) sto|");
    type(f, "p\r");
    assert_lines(f, (const char *const[]){ "stop", NULL });
}

/* Inserting in the middle redraws the rest and puts the cursor back. */
static void test_left_right_insert(Fixture *f, gconstpointer data)
{
    type(f, "qom-lst");
    type(f, "\033[D\033[D");
    assert_screen(f, "(qemu) qom-l|st");
    type(f, "i");
    assert_screen(f, "(qemu) qom-li|st");
    type(f, "\033[C\002\006");
    assert_screen(f, "(qemu) qom-lis|t");
    type(f, "\r");
    assert_lines(f, (const char *const[]){ "qom-list", NULL });
}

/* Every Home and End a terminal may send, and Ctrl-a / Ctrl-e. */
static void test_home_end(Fixture *f, gconstpointer data)
{
    static const char *const home[] = {
        "\033[H", "\033[1~", "\033[7~", "\033OH", "\001",
    };
    static const char *const end[] = {
        "\033[F", "\033[4~", "\033[8~", "\033OF", "\005",
    };

    type(f, "cont");
    for (size_t i = 0; i < G_N_ELEMENTS(home); i++) {
        type(f, home[i]);
        assert_screen(f, "(qemu) |cont");
        type(f, end[i]);
        assert_screen(f, "(qemu) cont|");
    }
}

static void test_delete_forward(Fixture *f, gconstpointer data)
{
    type(f, "xstop\001\033[3~");
    assert_screen(f, "(qemu) |stop");
    type(f, "\033[C\004");
    assert_screen(f, "(qemu) s|op");
    /* At the end there is nothing to delete. */
    type(f, "\005\004\033[3~");
    assert_screen(f, "(qemu) sop|");
}

static void test_kill_keys(Fixture *f, gconstpointer data)
{
    type(f, "qom-get /machine  type");
    type(f, "\027");            /* Ctrl-w: "type" */
    assert_screen(f, "(qemu) qom-get /machine  |");
    type(f, "\027");            /* the spaces and "/machine" */
    assert_screen(f, "(qemu) qom-get |");
    type(f, "/a b\001\006\006\006\013");   /* Ctrl-k after "qom" */
    assert_screen(f, "(qemu) qom|");
    type(f, "-set x\033[D\025");   /* Ctrl-u before the "x" */
    assert_screen(f, "(qemu) |x");
    type(f, "\r");
    assert_lines(f, (const char *const[]){ "x", NULL });
}

/* Up and Down walk the history; the half-typed line comes back below the
 * newest entry. */
static void test_history_walk(Fixture *f, gconstpointer data)
{
    type(f, "info status\rstop\rcont\r");
    type(f, "inf");
    type(f, "\033[A");
    assert_screen(f, "(qemu) cont|");
    type(f, "\033[A\033[A");
    assert_screen(f, "(qemu) info status|");
    /* Past the oldest: stays. */
    type(f, "\033[A\020");
    assert_screen(f, "(qemu) info status|");
    type(f, "\033[B");
    assert_screen(f, "(qemu) stop|");
    type(f, "\016\033[B");
    assert_screen(f, "(qemu) inf|");
    type(f, "\033[B");
    assert_screen(f, "(qemu) inf|");
}

static void test_history_distinct_and_bounded(Fixture *f, gconstpointer data)
{
    type(f, "a\rb\ra\r\r");
    /* A repeated line moves to the newest place; an empty one is not
     * kept. */
    g_assert_cmpuint(readline_history_length(f->rl), ==, 2);
    g_assert_cmpstr(readline_history_get(f->rl, 0), ==, "a");
    g_assert_cmpstr(readline_history_get(f->rl, 1), ==, "b");
    g_assert_null(readline_history_get(f->rl, 2));
    for (int i = 0; i < READLINE_MAX_HISTORY + 10; i++) {
        g_autofree char *line = g_strdup_printf("cmd%d\r", i);

        type(f, line);
    }
    g_assert_cmpuint(readline_history_length(f->rl), ==,
                     READLINE_MAX_HISTORY);
    g_assert_cmpstr(readline_history_get(f->rl, 0), ==, "cmd73");
    g_assert_cmpstr(readline_history_get(f->rl, READLINE_MAX_HISTORY - 1),
                    ==, "cmd10");
}

/* One candidate: completed, with a space after it. */
static void test_complete_single(Fixture *f, gconstpointer data)
{
    f->candidates = (const char *const[]){ "qom-list", "quit", NULL };
    type(f, "qom\t");
    assert_screen(f, "(qemu) qom-list |");
}

/* Several sharing more than what was typed: extended to what they share;
 * then a second Tab lists them and redraws the line. */
static void test_complete_common_prefix_then_list(Fixture *f,
                                                  gconstpointer data)
{
    f->candidates = (const char *const[]){
        "system_reset", "system_powerdown", "stop", NULL,
    };
    type(f, "sy\t");
    assert_screen(f, "(qemu) system_|");
    g_assert_cmpuint(f->screen.rows->len, ==, 0);
    type(f, "\t");
    g_assert_cmpuint(f->screen.rows->len, ==, 2);
    g_assert_cmpstr(g_ptr_array_index(f->screen.rows, 1), ==,
                    "system_reset      system_powerdown");
    assert_screen(f, "(qemu) system_|");
}

static void test_complete_nothing(Fixture *f, gconstpointer data)
{
    f->candidates = (const char *const[]){ "stop", NULL };
    type(f, "xyz\t");
    assert_screen(f, "(qemu) xyz|");
    g_assert_cmpuint(f->screen.rows->len, ==, 0);
}

/* A 100 KB line: the editor keeps READLINE_MAX_LINE bytes, then refuses
 * the line with one message and goes on with the next. */
static void test_overlong_line(Fixture *f, gconstpointer data)
{
    g_autofree char *big = g_strnfill(100 * 1024, 'x');

    type(f, big);
    g_assert_cmpuint(strlen(readline_get_line(f->rl)), ==, READLINE_MAX_LINE);
    type(f, "\r");
    g_assert_cmpuint(f->lines->len, ==, 0);
    g_assert_cmpstr(g_ptr_array_index(f->screen.rows, 1), ==,
                    "Error: line longer than 4096 bytes, ignored");
    assert_screen(f, "(qemu) |");
    type(f, "stop\r");
    assert_lines(f, (const char *const[]){ "stop", NULL });
    g_assert_cmpuint(readline_history_length(f->rl), ==, 1);
}

/* UTF-8 is edited by characters, so the cursor stays on the screen's. */
static void test_utf8_by_characters(Fixture *f, gconstpointer data)
{
    type(f, "h\xc3\xa9llo \xe2\x82\xac");
    assert_screen(f, "(qemu) h\xc3\xa9llo \xe2\x82\xac|");
    type(f, "\033[D\033[D\033[D\033[D\033[D");
    assert_screen(f, "(qemu) h\xc3\xa9|llo \xe2\x82\xac");
    type(f, "\x7f");
    assert_screen(f, "(qemu) h|llo \xe2\x82\xac");
    type(f, "\xc3\xa0\r");
    assert_lines(f, (const char *const[]){ "h\xc3\xa0llo \xe2\x82\xac", NULL });
}

/* Bytes that are not UTF-8 are kept as they came, one cell each; a
 * sequence cut short by another key is kept too. */
static void test_invalid_utf8_kept(Fixture *f, gconstpointer data)
{
    type(f, "a\xff\xc3" "b\x80\033[D\033[D");
    assert_screen(f, "(qemu) a\xff\xc3|b\x80");
    type(f, "\r");
    assert_lines(f, (const char *const[]){ "a\xff\xc3" "b\x80", NULL });
}

/* Other control bytes and escape sequences nobody defined change
 * nothing, and a runaway parameter does not take the editor with it. */
static void test_control_bytes_swallowed(Fixture *f, gconstpointer data)
{
    type(f, "s\x03\x07\x1a\033[Z\033[99~\033x\033[1234567890123456789t");
    readline_feed(f->rl, (const uint8_t *)"\0", 1);
    type(f, "op");
    assert_screen(f, "(qemu) sop|");
}

/* CR LF is one Enter, as a telnet client or a socket peer sends it; a
 * lone LF or CR is one too. */
static void test_crlf_counted_once(Fixture *f, gconstpointer data)
{
    type(f, "a\r\nb\nc\r\r\nd\r");
    assert_lines(f, (const char *const[]){ "a", "b", "c", "", "d", NULL });
}

/* A reset drops the half-typed line, a half-received escape sequence and
 * UTF-8 sequence; the history stays. */
static void test_reset_line(Fixture *f, gconstpointer data)
{
    type(f, "stop\rinfo st\033[\xc3");
    readline_reset_line(f->rl);
    g_assert_cmpstr(readline_get_line(f->rl), ==, "");
    readline_show_prompt(f->rl);
    type(f, "A\r");
    assert_lines(f, (const char *const[]){ "stop", "A", NULL });
    type(f, "\033[A\033[A");
    assert_screen(f, "(qemu) stop|");
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
#define ADD(path, fn) \
    g_test_add("/readline/" path, Fixture, NULL, fx_setup, fn, fx_teardown)
    ADD("typing/echoes-at-the-end", test_typing_echoes);
    ADD("edit/backspace", test_backspace);
    ADD("edit/left-right-insert-redraws", test_left_right_insert);
    ADD("edit/home-end-every-spelling", test_home_end);
    ADD("edit/delete-forward", test_delete_forward);
    ADD("edit/kill-word-end-start", test_kill_keys);
    ADD("history/up-down-restores-typed-line", test_history_walk);
    ADD("history/distinct-and-bounded", test_history_distinct_and_bounded);
    ADD("complete/single-candidate-adds-space", test_complete_single);
    ADD("complete/common-prefix-then-list",
        test_complete_common_prefix_then_list);
    ADD("complete/nothing-to-propose", test_complete_nothing);
    ADD("limits/overlong-line-refused-with-message", test_overlong_line);
    ADD("utf8/edited-by-characters", test_utf8_by_characters);
    ADD("utf8/invalid-bytes-kept", test_invalid_utf8_kept);
    ADD("input/control-bytes-swallowed", test_control_bytes_swallowed);
    ADD("input/crlf-is-one-enter", test_crlf_counted_once);
    ADD("reset/drops-line-keeps-history", test_reset_line);
#undef ADD
    return g_test_run();
}
