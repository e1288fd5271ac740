/* A line editor over bytes: see readline.h. */
#include "readline.h"

#include <string.h>

/* Where the byte stream is in an escape sequence. */
typedef enum ReadLineEscape {
    RL_ESC_NONE,
    RL_ESC_START,       /* ESC seen */
    RL_ESC_CSI,         /* ESC [ and maybe parameter bytes */
    RL_ESC_SS3,         /* ESC O */
} ReadLineEscape;

/* A parameter longer than this is no key a terminal sends: its value is
 * not kept (and cannot overflow). */
enum { RL_ESC_MAX_PARAM_BYTES = 8 };

struct ReadLine {
    ReadLineOutputFunc *output;
    ReadLineLineFunc *line_done;
    ReadLineCompleteFunc *complete;
    void *opaque;
    char *prompt;

    GString *line;              /* being edited */
    size_t cursor;              /* byte offset in line */
    GString *shown;             /* what the terminal shows after the prompt */
    size_t shown_cursor;        /* where the terminal's cursor is in shown */
    bool overflow;              /* bytes were dropped from this line */
    bool after_cr;              /* an LF right after a CR ends no line */

    ReadLineEscape esc;
    unsigned esc_param;
    unsigned esc_param_bytes;

    /* A UTF-8 sequence still arriving: inserted whole so the terminal's
     * cursor and ours move together. */
    char utf8[4];
    unsigned utf8_have;
    unsigned utf8_need;

    GPtrArray *history;         /* of char *, oldest first */
    gssize history_pos;         /* -1: the line being typed */
    char *typed;                /* that line, while walking the history */
};

ReadLine *readline_new(ReadLineOutputFunc *output, ReadLineLineFunc *line,
                       ReadLineCompleteFunc *complete, void *opaque)
{
    ReadLine *rl = g_new0(ReadLine, 1);

    rl->output = output;
    rl->line_done = line;
    rl->complete = complete;
    rl->opaque = opaque;
    rl->prompt = g_strdup("");
    rl->line = g_string_new(NULL);
    rl->shown = g_string_new(NULL);
    rl->history = g_ptr_array_new_with_free_func(g_free);
    rl->history_pos = -1;
    return rl;
}

void readline_free(ReadLine *rl)
{
    if (!rl) {
        return;
    }
    g_free(rl->prompt);
    g_string_free(rl->line, TRUE);
    g_string_free(rl->shown, TRUE);
    g_ptr_array_unref(rl->history);
    g_free(rl->typed);
    g_free(rl);
}

static void rl_emit(ReadLine *rl, const char *text, size_t len)
{
    if (len) {
        rl->output(rl->opaque, text, len);
    }
}

static void rl_emit_str(ReadLine *rl, const char *text)
{
    rl_emit(rl, text, strlen(text));
}

/* The byte length of the character at pos: a whole valid UTF-8 sequence,
 * else the one byte. */
static size_t char_len(const GString *s, size_t pos)
{
    gunichar c;

    if ((uint8_t)s->str[pos] < 0x80) {
        return 1;
    }
    c = g_utf8_get_char_validated(s->str + pos, s->len - pos);

    if (c == (gunichar)-1 || c == (gunichar)-2) {
        return 1;
    }
    return g_utf8_skip[(uint8_t)s->str[pos]];
}

/* The start of the character that holds byte pos (pos itself when it
 * starts one; s->len stays s->len). */
static size_t char_start(const GString *s, size_t pos)
{
    size_t at = 0;

    while (at < pos && at < s->len) {
        size_t next = at + char_len(s, at);

        if (next > pos) {
            break;
        }
        at = next;
    }
    return at;
}

/* Terminal columns of the characters in s between two character starts. */
static size_t columns(const GString *s, size_t from, size_t to)
{
    size_t n = 0;

    while (from < to) {
        from += char_len(s, from);
        n++;
    }
    return n;
}

static void move_cursor(GString *out, size_t from_col, size_t to_col)
{
    if (to_col < from_col) {
        size_t n = from_col - to_col;

        if (n == 1) {
            g_string_append(out, "\033[D");
        } else {
            g_string_append_printf(out, "\033[%zuD", n);
        }
    } else if (to_col > from_col) {
        size_t n = to_col - from_col;

        if (n == 1) {
            g_string_append(out, "\033[C");
        } else {
            g_string_append_printf(out, "\033[%zuC", n);
        }
    }
}

/* Brings the terminal in line with the buffer: rewrites from the first
 * character that differs, clears what is left of a longer old line, puts
 * the cursor back. Typing at the end of the line is then just the echo. */
static void rl_refresh(ReadLine *rl)
{
    g_autoptr(GString) out = g_string_new(NULL);
    GString *line = rl->line;
    GString *shown = rl->shown;
    size_t same = 0;
    size_t shown_cols, line_cols;

    while (same < line->len && same < shown->len &&
           line->str[same] == shown->str[same]) {
        same++;
    }
    /* Back to a character start in both: bytes that are not UTF-8 may
     * split differently once what follows them changed. */
    for (size_t prev = SIZE_MAX; prev != same; ) {
        prev = same;
        same = char_start(shown, char_start(line, same));
    }
    if (same < line->len || same < shown->len) {
        move_cursor(out, columns(shown, 0, rl->shown_cursor),
                    columns(shown, 0, same));
        g_string_append_len(out, line->str + same, line->len - same);
        shown_cols = columns(shown, 0, shown->len);
        line_cols = columns(line, 0, line->len);
        if (shown_cols > line_cols) {
            g_string_append(out, "\033[K");
        }
        move_cursor(out, line_cols, columns(line, 0, rl->cursor));
    } else {
        move_cursor(out, columns(shown, 0, rl->shown_cursor),
                    columns(line, 0, rl->cursor));
    }
    g_string_assign(shown, line->str);
    rl->shown_cursor = rl->cursor;
    rl_emit(rl, out->str, out->len);
}

void readline_set_prompt(ReadLine *rl, const char *prompt)
{
    g_free(rl->prompt);
    rl->prompt = g_strdup(prompt);
}

void readline_show_prompt(ReadLine *rl)
{
    rl_emit_str(rl, rl->prompt);
    g_string_truncate(rl->shown, 0);
    rl->shown_cursor = 0;
    rl_refresh(rl);
}

/* False when the line is full: the bytes are dropped and remembered. */
static bool rl_insert(ReadLine *rl, const char *bytes, size_t len)
{
    if (rl->line->len + len > READLINE_MAX_LINE) {
        rl->overflow = true;
        return false;
    }
    g_string_insert_len(rl->line, rl->cursor, bytes, len);
    rl->cursor += len;
    return true;
}

static void rl_delete(ReadLine *rl, size_t from, size_t to)
{
    g_string_erase(rl->line, from, to - from);
    if (rl->cursor > to) {
        rl->cursor -= to - from;
    } else if (rl->cursor > from) {
        rl->cursor = from;
    }
}

static void rl_set_line(ReadLine *rl, const char *text)
{
    g_string_assign(rl->line, text);
    rl->cursor = rl->line->len;
}

static void rl_left(ReadLine *rl)
{
    if (rl->cursor > 0) {
        rl->cursor = char_start(rl->line, rl->cursor - 1);
    }
}

static void rl_right(ReadLine *rl)
{
    if (rl->cursor < rl->line->len) {
        rl->cursor += char_len(rl->line, rl->cursor);
    }
}

static void rl_backspace(ReadLine *rl)
{
    size_t end = rl->cursor;

    if (end > 0) {
        rl_delete(rl, char_start(rl->line, end - 1), end);
    }
}

static void rl_delete_forward(ReadLine *rl)
{
    if (rl->cursor < rl->line->len) {
        rl_delete(rl, rl->cursor,
                  rl->cursor + char_len(rl->line, rl->cursor));
    }
}

/* Ctrl-w: the spaces before the cursor, then the word before them. */
static void rl_kill_word(ReadLine *rl)
{
    size_t start = rl->cursor;

    while (start > 0 && rl->line->str[start - 1] == ' ') {
        start--;
    }
    while (start > 0 && rl->line->str[start - 1] != ' ') {
        start--;
    }
    rl_delete(rl, start, rl->cursor);
}

static void rl_history_up(ReadLine *rl)
{
    if (rl->history->len == 0 || rl->history_pos == 0) {
        return;
    }
    if (rl->history_pos < 0) {
        g_free(rl->typed);
        rl->typed = g_strdup(rl->line->str);
        rl->history_pos = rl->history->len - 1;
    } else {
        rl->history_pos--;
    }
    rl_set_line(rl, g_ptr_array_index(rl->history, rl->history_pos));
}

static void rl_history_down(ReadLine *rl)
{
    if (rl->history_pos < 0) {
        return;
    }
    if ((guint)rl->history_pos + 1 < rl->history->len) {
        rl->history_pos++;
        rl_set_line(rl, g_ptr_array_index(rl->history, rl->history_pos));
    } else {
        rl->history_pos = -1;
        rl_set_line(rl, rl->typed ? rl->typed : "");
        g_clear_pointer(&rl->typed, g_free);
    }
}

void readline_history_add(ReadLine *rl, const char *line)
{
    if (!*line) {
        return;
    }
    for (guint i = 0; i < rl->history->len; i++) {
        if (!strcmp(g_ptr_array_index(rl->history, i), line)) {
            g_ptr_array_remove_index(rl->history, i);
            break;
        }
    }
    if (rl->history->len == READLINE_MAX_HISTORY) {
        g_ptr_array_remove_index(rl->history, 0);
    }
    g_ptr_array_add(rl->history, g_strdup(line));
}

const char *readline_history_get(const ReadLine *rl, size_t age)
{
    if (age >= rl->history->len) {
        return NULL;
    }
    return g_ptr_array_index(rl->history, rl->history->len - 1 - age);
}

size_t readline_history_length(const ReadLine *rl)
{
    return rl->history->len;
}

/* Several candidates and nothing in common to add: list them under the
 * line, in columns that fit 80, then redraw the prompt and the line. */
static void rl_list_candidates(ReadLine *rl, char **cands)
{
    g_autoptr(GString) out = g_string_new("\r\n");
    size_t width = 0;
    size_t per_row;
    size_t n;

    for (n = 0; cands[n]; n++) {
        width = MAX(width, strlen(cands[n]) + 2);
    }
    per_row = MAX(80 / width, 1);
    for (size_t i = 0; i < n; i++) {
        bool row_end = (i + 1) % per_row == 0 || i + 1 == n;

        g_string_append(out, cands[i]);
        if (row_end) {
            g_string_append(out, "\r\n");
        } else {
            g_string_append_printf(out, "%*s",
                                   (int)(width - strlen(cands[i])), "");
        }
    }
    rl_emit(rl, out->str, out->len);
    readline_show_prompt(rl);
}

static void rl_complete(ReadLine *rl)
{
    g_autofree char *prefix = NULL;
    g_auto(GStrv) cands = NULL;
    size_t word = 0;
    size_t typed, common, n = 0;

    if (!rl->complete) {
        return;
    }
    prefix = g_strndup(rl->line->str, rl->cursor);
    cands = rl->complete(rl->opaque, prefix, &word);
    if (!cands || !cands[0] || word > rl->cursor) {
        return;
    }
    typed = rl->cursor - word;
    /* The longest prefix every candidate shares. */
    common = strlen(cands[0]);
    for (n = 1; cands[n]; n++) {
        size_t i = 0;

        while (i < common && cands[n][i] == cands[0][i]) {
            i++;
        }
        common = i;
    }
    if (common > typed && !strncmp(cands[0], prefix + word, typed)) {
        rl_insert(rl, cands[0] + typed, common - typed);
        if (n == 1) {
            rl_insert(rl, " ", 1);
        }
        rl_refresh(rl);
    } else if (n == 1 && common == typed &&
               !strncmp(cands[0], prefix + word, typed)) {
        rl_insert(rl, " ", 1);
        rl_refresh(rl);
    } else if (n > 1) {
        rl_list_candidates(rl, cands);
    }
}

/* An empty line, no sequence half received. */
static void rl_clear_line(ReadLine *rl)
{
    g_string_truncate(rl->line, 0);
    rl->cursor = 0;
    g_string_truncate(rl->shown, 0);
    rl->shown_cursor = 0;
    rl->overflow = false;
    rl->esc = RL_ESC_NONE;
    rl->utf8_have = 0;
    rl->utf8_need = 0;
    rl->history_pos = -1;
    g_clear_pointer(&rl->typed, g_free);
}

void readline_reset_line(ReadLine *rl)
{
    rl_clear_line(rl);
    rl->after_cr = false;
}

static void rl_enter(ReadLine *rl)
{
    g_autofree char *text = g_strdup(rl->line->str);
    bool overflow = rl->overflow;

    rl_emit_str(rl, "\r\n");
    rl_clear_line(rl);
    if (overflow) {
        g_autofree char *msg = g_strdup_printf(
            "Error: line longer than %d bytes, ignored\r\n",
            READLINE_MAX_LINE);

        rl_emit_str(rl, msg);
        readline_show_prompt(rl);
        return;
    }
    readline_history_add(rl, text);
    rl->line_done(rl->opaque, text);
}

/* The last byte of ESC [ ... or ESC O ...: the key it names. */
static void rl_escape_key(ReadLine *rl, uint8_t final, unsigned param)
{
    switch (final) {
    case 'A':
        rl_history_up(rl);
        break;
    case 'B':
        rl_history_down(rl);
        break;
    case 'C':
        rl_right(rl);
        break;
    case 'D':
        rl_left(rl);
        break;
    case 'H':
        rl->cursor = 0;
        break;
    case 'F':
        rl->cursor = rl->line->len;
        break;
    case '~':
        switch (param) {
        case 1:
        case 7:
            rl->cursor = 0;
            break;
        case 4:
        case 8:
            rl->cursor = rl->line->len;
            break;
        case 3:
            rl_delete_forward(rl);
            break;
        default:
            return;
        }
        break;
    default:
        return;
    }
    rl_refresh(rl);
}

/* True when the byte belonged to an escape sequence. */
static bool rl_escape_byte(ReadLine *rl, uint8_t c)
{
    switch (rl->esc) {
    case RL_ESC_NONE:
        return false;
    case RL_ESC_START:
        rl->esc_param = 0;
        rl->esc_param_bytes = 0;
        rl->esc = c == '[' ? RL_ESC_CSI : c == 'O' ? RL_ESC_SS3 : RL_ESC_NONE;
        return true;
    case RL_ESC_SS3:
        rl->esc = RL_ESC_NONE;
        rl_escape_key(rl, c, 0);
        return true;
    case RL_ESC_CSI:
        if ((c >= '0' && c <= '9') || c == ';') {
            /* Past the limit the digits are swallowed, not summed. */
            if (++rl->esc_param_bytes > RL_ESC_MAX_PARAM_BYTES) {
                rl->esc_param = 0;
            } else if (c == ';') {
                rl->esc_param = 0;
            } else {
                rl->esc_param = rl->esc_param * 10 + (c - '0');
            }
            return true;
        }
        rl->esc = RL_ESC_NONE;
        if (c >= 0x40 && c <= 0x7e) {
            rl_escape_key(rl, c, rl->esc_param);
        }
        return true;
    }
    return false;
}

static void rl_control_byte(ReadLine *rl, uint8_t c)
{
    switch (c) {
    case 1:                     /* Ctrl-a */
        rl->cursor = 0;
        break;
    case 2:                     /* Ctrl-b */
        rl_left(rl);
        break;
    case 4:                     /* Ctrl-d */
        rl_delete_forward(rl);
        break;
    case 5:                     /* Ctrl-e */
        rl->cursor = rl->line->len;
        break;
    case 6:                     /* Ctrl-f */
        rl_right(rl);
        break;
    case 8:                     /* Ctrl-h */
    case 127:                   /* DEL: what Backspace sends */
        rl_backspace(rl);
        break;
    case 9:
        rl_complete(rl);
        return;
    case 10:
    case 13:
        rl_enter(rl);
        return;
    case 11:                    /* Ctrl-k */
        g_string_truncate(rl->line, rl->cursor);
        break;
    case 14:                    /* Ctrl-n */
        rl_history_down(rl);
        break;
    case 16:                    /* Ctrl-p */
        rl_history_up(rl);
        break;
    case 21:                    /* Ctrl-u */
        rl_delete(rl, 0, rl->cursor);
        break;
    case 23:                    /* Ctrl-w */
        rl_kill_word(rl);
        break;
    case 27:
        rl->esc = RL_ESC_START;
        return;
    default:
        return;                 /* other control bytes: swallowed */
    }
    rl_refresh(rl);
}

/* Inserts a UTF-8 sequence still arriving as it stands (it was cut short). */
static void rl_flush_utf8(ReadLine *rl)
{
    if (rl->utf8_have) {
        bool inserted = rl_insert(rl, rl->utf8, rl->utf8_have);

        rl->utf8_have = 0;
        rl->utf8_need = 0;
        if (inserted) {
            rl_refresh(rl);
        }
    }
}

/* A byte of text: ASCII at once; UTF-8 once its sequence is complete. */
static void rl_text_byte(ReadLine *rl, uint8_t c)
{
    if (rl->utf8_have && (c & 0xc0) == 0x80) {
        rl->utf8[rl->utf8_have++] = c;
        if (rl->utf8_have == rl->utf8_need) {
            rl_flush_utf8(rl);
        }
        return;
    }
    rl_flush_utf8(rl);
    if (c >= 0xc2 && c <= 0xf4) {
        rl->utf8[0] = c;
        rl->utf8_have = 1;
        rl->utf8_need = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;
        return;
    }
    if (rl_insert(rl, (const char *)&c, 1)) {
        rl_refresh(rl);
    }
}

static void rl_byte(ReadLine *rl, uint8_t c)
{
    bool after_cr = rl->after_cr;

    rl->after_cr = c == 13;
    if (c == 10 && after_cr) {
        return;
    }
    if (rl_escape_byte(rl, c)) {
        return;
    }
    if (c < 32 || c == 127) {
        rl_flush_utf8(rl);
        rl_control_byte(rl, c);
        return;
    }
    rl_text_byte(rl, c);
}

void readline_feed(ReadLine *rl, const uint8_t *buf, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        rl_byte(rl, buf[i]);
    }
}

const char *readline_get_line(const ReadLine *rl)
{
    return rl->line->str;
}

size_t readline_get_cursor(const ReadLine *rl)
{
    return rl->cursor;
}
