/* Console text: terminal output as the plain lines a list shows. Each case
 * is bytes a guest could print and the lines a user should read. */
#include <string.h>

#include "console-text.h"

typedef struct Case {
    const char *name;
    const char *bytes;
    unsigned max_lines;
    bool skip_first;
    const char *lines;      /* joined with '|' */
} Case;

static const Case cases[] = {
    { "empty", "", 10, false, "" },
    { "crlf", "one\r\ntwo\r\n", 10, false, "one|two" },
    { "prompt-kept", "boot\r\n=> ", 10, false, "boot|=> " },
    { "blank-lines-kept", "a\n\nb\n", 10, false, "a||b" },
    { "last-lines-only", "1\n2\n3\n4\n", 2, false, "3|4" },
    { "no-lines-asked", "1\n2\n", 0, false, "" },
    { "first-line-cut", "ne 7\nline 8\nline 9", 10, true, "line 8|line 9" },
    { "csi-colours", "\x1b[1;32mOK\x1b[0m done\n", 10, false, "OK done" },
    { "csi-cursor", "\x1b[2J\x1b[H\x1b[?25lscreen\n", 10, false, "screen" },
    { "osc-title-bel", "\x1b]0;my title\x07text\n", 10, false, "text" },
    { "osc-title-st", "\x1b]2;t\x1b\\text\n", 10, false, "text" },
    { "charset", "\x1b(Bplain\x1b)0\n", 10, false, "plain" },
    { "two-byte-escapes", "\x1b" "7a\x1b" "8b\x1b" "cc\n", 10, false, "abc" },
    { "controls-dropped", "a\bb\x07\x7f\tc\x01\n", 10, false, "ab\tc" },
    /* An escape cut short ends at the newline: one line lost at most. */
    { "unfinished-escape", "x\x1b[12;\nnext\n", 10, false, "x|next" },
    { "unfinished-osc", "\x1b]0;never ends\nnext\n", 10, false, "|next" },
    { "utf8-kept", "caf\xc3\xa9 \xe2\x9c\x93\n", 10, false,
      "caf\xc3\xa9 \xe2\x9c\x93" },
    { "bad-utf8-replaced", "a\xff" "b\n", 10, false, "a\xef\xbf\xbd" "b" },
};

static void test_case(gconstpointer data)
{
    const Case *c = data;
    g_auto(GStrv) lines = console_text_last_lines(c->bytes, strlen(c->bytes),
                                                  c->max_lines,
                                                  c->skip_first);
    g_autofree char *joined = g_strjoinv("|", lines);

    g_assert_cmpstr(joined, ==, c->lines);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_autofree char *path = g_strconcat("/app/console-text/",
                                            cases[i].name, NULL);

        g_test_add_data_func(path, &cases[i], test_case);
    }
    return g_test_run();
}
