/* Console text: see console-text.h. */
#include "console-text.h"

enum { ESC = 0x1b, BEL = 0x07 };

typedef enum EscState {
    TEXT,
    AFTER_ESC,      /* ESC seen */
    CSI,            /* ESC [ ... up to a final byte 0x40-0x7e */
    STRING,         /* ESC ] (OSC), P, X, ^ or _ ... up to BEL or ESC \ */
    INTERMEDIATE,   /* ESC then 0x20-0x2f ... up to a final byte */
} EscState;

/* The plain text of bytes: escape sequences and controls removed. */
static GString *console_text_plain(const guint8 *p, size_t len)
{
    GString *out = g_string_sized_new(len);
    EscState state = TEXT;

    for (size_t i = 0; i < len; i++) {
        guint8 c = p[i];

        if (c == '\n') {
            g_string_append_c(out, '\n');
            state = TEXT;
            continue;
        }
        switch (state) {
        case TEXT:
            if (c == ESC) {
                state = AFTER_ESC;
            } else if (c == '\t' || (c >= 0x20 && c != 0x7f)) {
                g_string_append_c(out, c);
            }
            break;
        case AFTER_ESC:
            if (c == '[') {
                state = CSI;
            } else if (c == ']' || c == 'P' || c == 'X' || c == '^' ||
                       c == '_') {
                state = STRING;
            } else if (c >= 0x20 && c <= 0x2f) {
                state = INTERMEDIATE;
            } else {
                state = TEXT;   /* a two-byte sequence: ESC 7, ESC c, ... */
            }
            break;
        case CSI:
            if (c >= 0x40 && c <= 0x7e) {
                state = TEXT;
            }
            break;
        case STRING:
            if (c == BEL) {
                state = TEXT;
            } else if (c == ESC) {
                state = AFTER_ESC;  /* ESC \ ends it as a sequence */
            }
            break;
        case INTERMEDIATE:
            if (c < 0x20 || c > 0x2f) {
                state = TEXT;
            }
            break;
        }
    }
    return out;
}

char **console_text_last_lines(const void *bytes, size_t len,
                               unsigned max_lines, bool skip_first)
{
    g_autoptr(GString) text = console_text_plain(bytes, len);
    g_auto(GStrv) all = g_strsplit(text->str, "\n", -1);
    guint n = g_strv_length(all);
    guint first = skip_first && n ? 1 : 0;
    GStrvBuilder *b = g_strv_builder_new();
    char **lines;

    if (n > first && !*all[n - 1]) {
        n--;                    /* nothing after the last newline */
    }
    if (n - first > max_lines) {
        first = n - max_lines;
    }
    for (guint i = first; i < n; i++) {
        g_autofree char *valid = g_utf8_make_valid(all[i], -1);

        g_strv_builder_add(b, valid);
    }
    lines = g_strv_builder_end(b);
    g_strv_builder_unref(b);
    return lines;
}
