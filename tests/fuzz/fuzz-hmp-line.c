/* Fuzz target for the human monitor's input path: the line editor
 * (readline.c) and HMP's command-line parsing (hmp-parse.c, hmp.c), which
 * take whatever a peer on the monitor socket or a QMP client's
 * human-monitor-command sends.
 *
 * Input: any bytes.
 * Checks, beyond "no crash, no leak, no undefined behaviour":
 *   - fed to the editor (as typed keys, in one go), the line being edited
 *     never passes READLINE_MAX_LINE bytes and the cursor stays inside it;
 *     every finished line is run as a command and prints something only as
 *     text;
 *   - the input (up to its first NUL) as one command line runs, over a
 *     command list with no commands, and its output ends in a newline when
 *     there is any, and is UTF-8 when the line was;
 *   - as the argument text of every command of the tables, parsing either
 *     fails with a message or gives only strings, integers and booleans.
 */
#include "hmp.h"
#include "hmp-commands.h"
#include "hmp-info.h"
#include "hmp-parse.h"
#include "readline.h"

#include <stdint.h>
#include <string.h>

static QmpCommandList *fuzz_commands;

static void fuzz_check_output(const char *out)
{
    size_t len = strlen(out);

    g_assert_true(len == 0 || out[len - 1] == '\n');
}

static void fuzz_output(void *opaque, const char *text, size_t len)
{
    g_assert_true(len > 0);
}

static void fuzz_line(void *opaque, const char *line)
{
    g_autofree char *out = hmp_run(fuzz_commands, line);

    g_assert_cmpuint(strlen(line), <=, READLINE_MAX_LINE);
    fuzz_check_output(out);
}

static char **fuzz_complete(void *opaque, const char *prefix, size_t *word)
{
    return hmp_complete(prefix, word);
}

static void fuzz_check_args(const char *name, const char *args_type,
                            const char *text)
{
    Error *err = NULL;
    g_autoptr(QDict) args = hmp_parse_args(name, args_type, text, &err);

    if (!args) {
        g_assert_nonnull(err);
        g_assert_true(*error_get_pretty(err));
        error_free(err);
        return;
    }
    g_assert_null(err);
    for (const QDictEntry *e = qdict_first(args); e; e = qdict_next(args, e)) {
        QType t = qobject_type(qdict_entry_value(e));

        g_assert_true(t == QTYPE_QSTRING || t == QTYPE_QNUM ||
                      t == QTYPE_QBOOL);
    }
}

static void fuzz_check_table(const HmpCommand *table, const char *text)
{
    for (const HmpCommand *c = table; c->name; c++) {
        fuzz_check_args(c->name, c->args_type, text);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    g_autofree char *text = g_strndup((const char *)data, size);
    g_autofree char *out = NULL;
    g_autoptr(ReadLine) rl = NULL;

    if (!fuzz_commands) {
        fuzz_commands = qmp_command_list_new();
    }
    rl = readline_new(fuzz_output, fuzz_line, fuzz_complete, NULL);
    readline_set_prompt(rl, HMP_PROMPT);
    readline_feed(rl, data, size);
    g_assert_cmpuint(strlen(readline_get_line(rl)), <=, READLINE_MAX_LINE);
    g_assert_cmpuint(readline_get_cursor(rl), <=,
                     strlen(readline_get_line(rl)));

    out = hmp_run(fuzz_commands, text);
    fuzz_check_output(out);
    /* QMP returns it as a JSON string: UTF-8 in, UTF-8 out. */
    if (g_utf8_validate(text, -1, NULL)) {
        g_assert_true(g_utf8_validate(out, -1, NULL));
    }
    fuzz_check_table(hmp_command_table(), text);
    fuzz_check_table(hmp_info_commands, text);
    return 0;
}
