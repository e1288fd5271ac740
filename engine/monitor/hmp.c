/* The human monitor: see hmp.h. */
#include "hmp.h"

#include <string.h>

#include "hmp-commands.h"
#include "hmp-parse.h"
#include "qapi-commands.h"
#include "qlist.h"
#include "qmp-engine.h"
#include "readline.h"

struct Hmp {
    const QmpCommandList *cmds;
    GString *out;
    bool has_cpu_index;
    int64_t cpu_index;
};

struct HmpSession {
    Hmp *hmp;
    Chardev *chr;
    ReadLine *rl;
};

/* The machine's hooks; see the top of hmp.h. */
static HmpMtreeProvider *mtree_provider;
static void *mtree_provider_opaque;
static HmpRegistersProvider *registers_provider;
static void *registers_provider_opaque;

Hmp *hmp_new(const QmpCommandList *cmds)
{
    Hmp *hmp = g_new0(Hmp, 1);

    hmp->cmds = cmds;
    hmp->out = g_string_new(NULL);
    return hmp;
}

void hmp_free(Hmp *hmp)
{
    if (!hmp) {
        return;
    }
    g_string_free(hmp->out, TRUE);
    g_free(hmp);
}

void hmp_set_cpu_index(Hmp *hmp, int64_t cpu_index)
{
    hmp->has_cpu_index = true;
    hmp->cpu_index = cpu_index;
}

bool hmp_get_cpu_index(const Hmp *hmp, int64_t *cpu_index)
{
    *cpu_index = hmp->cpu_index;
    return hmp->has_cpu_index;
}

void hmp_printf(Hmp *hmp, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    g_string_append_vprintf(hmp->out, fmt, ap);
    va_end(ap);
}

void hmp_puts(Hmp *hmp, const char *text)
{
    g_string_append(hmp->out, text);
}

char *hmp_take_output(Hmp *hmp)
{
    char *text = g_strndup(hmp->out->str, hmp->out->len);

    g_string_truncate(hmp->out, 0);
    return text;
}

static bool hmp_dispatch(Hmp *hmp, const char *command, QDict *args,
                         QObject **ret, bool quiet)
{
    g_autoptr(QDict) request = qdict_new();
    g_autoptr(QDict) reply = NULL;
    QDict *error;

    qdict_put_str(request, "execute", command);
    if (args) {
        qdict_put(request, "arguments", args);
    }
    if (ret) {
        *ret = NULL;
    }
    reply = qmp_dispatch(hmp->cmds, QOBJECT(request), NULL);
    if (!reply) {
        return true;            /* succeeded without a response */
    }
    error = qdict_get_qdict(reply, "error");
    if (error) {
        const char *desc = qdict_get_try_str(error, "desc");

        if (quiet) {
            return false;
        }
        hmp_printf(hmp, "Error: %s\n", desc ? desc : "unknown error");
        return false;
    }
    if (ret && qdict_get(reply, "return")) {
        *ret = qobject_ref(qdict_get(reply, "return"));
    }
    return true;
}

bool hmp_call(Hmp *hmp, const char *command, QDict *args, QObject **ret)
{
    return hmp_dispatch(hmp, command, args, ret, false);
}

bool hmp_call_quiet(Hmp *hmp, const char *command, QDict *args,
                    QObject **ret)
{
    return hmp_dispatch(hmp, command, args, ret, true);
}

void hmp_handle_line(Hmp *hmp, const char *line)
{
    const HmpCommand *table = hmp_command_table();
    const HmpCommand *cmd = NULL;
    const char *start = hmp_parse_skip_spaces(line);
    const char *cmd_end = start;
    const char *p = start;
    g_autoptr(QDict) args = NULL;
    Error *err = NULL;

    /* QMP's strings are UTF-8, and so is every name a command takes. */
    if (!g_utf8_validate(line, -1, NULL)) {
        hmp_puts(hmp, "Error: the command line is not valid UTF-8\n");
        return;
    }
    for (;;) {
        size_t len = 0;
        const char *name = hmp_parse_command_name(p, &len);
        const HmpCommand *found;

        if (!name) {
            return;             /* a blank line */
        }
        found = hmp_command_find(table, name, len);
        if (!found) {
            hmp_printf(hmp, "unknown command: '%.*s'\n",
                       (int)(name + len - start), start);
            return;
        }
        cmd = found;
        cmd_end = name + len;
        p = hmp_parse_skip_spaces(cmd_end);
        if (!cmd->sub_table || !*p) {
            break;
        }
        table = cmd->sub_table;
    }
    args = hmp_parse_args(cmd->name, cmd->args_type, p, &err);
    if (!args) {
        hmp_printf(hmp, "%s\n", error_get_pretty(err));
        hmp_printf(hmp, "Try \"help %.*s\" for more information\n",
                   (int)(cmd_end - start), start);
        error_free(err);
        return;
    }
    hmp_command_run(hmp, cmd, args);
}

char *hmp_run(const QmpCommandList *cmds, const char *line)
{
    g_autoptr(Hmp) hmp = hmp_new(cmds);

    hmp_handle_line(hmp, line);
    return hmp_take_output(hmp);
}

/* Whether query-cpus-fast lists a CPU with this index. */
static bool hmp_cpu_exists(const QmpCommandList *cmds, int64_t cpu_index)
{
    g_autoptr(Hmp) probe = hmp_new(cmds);
    g_autoptr(QObject) ret = NULL;
    QList *cpus;

    if (!hmp_call_quiet(probe, "query-cpus-fast", NULL, &ret)) {
        return false;
    }
    cpus = qobject_to(QList, ret);
    for (size_t i = 0; cpus && i < qlist_size(cpus); i++) {
        QDict *cpu = qobject_to(QDict, qlist_entry(cpus, i));

        if (cpu && qdict_haskey(cpu, "cpu-index") &&
            qdict_get_try_int(cpu, "cpu-index", -1) == cpu_index) {
            return true;
        }
    }
    return false;
}

/* A terminal wants "\r\n": a bare '\n' only moves down a line. */
char *hmp_text_crlf(const char *text)
{
    GString *out = g_string_sized_new(strlen(text) + 16);

    for (const char *p = text; *p; p++) {
        if (*p == '\n' && (p == text || p[-1] != '\r')) {
            g_string_append_c(out, '\r');
        }
        g_string_append_c(out, *p);
    }
    return g_string_free(out, FALSE);
}

/* QEMU 7.2 answers with the text its terminal would get, "\r\n" and
 * all; clients that show it expect that. */
bool qmp_human_monitor_command(const char *command_line, bool has_cpu_index,
                               int64_t cpu_index, char **ret, Error **errp)
{
    const QmpCommandList *cmds = qmp_engine_commands();
    g_autoptr(Hmp) hmp = hmp_new(cmds);

    if (has_cpu_index) {
        if (!hmp_cpu_exists(cmds, cpu_index)) {
            error_setg(errp, "Parameter 'cpu-index' expects a CPU number");
            return false;
        }
        hmp_set_cpu_index(hmp, cpu_index);
    }
    hmp_handle_line(hmp, command_line);
    *ret = hmp_text_crlf(hmp->out->str);
    return true;
}

void hmp_set_mtree_provider(HmpMtreeProvider *fn, void *opaque)
{
    mtree_provider = fn;
    mtree_provider_opaque = opaque;
}

void hmp_set_registers_provider(HmpRegistersProvider *fn, void *opaque)
{
    registers_provider = fn;
    registers_provider_opaque = opaque;
}

char *hmp_mtree_text(bool flat)
{
    if (!mtree_provider) {
        return g_strdup("No machine: there is no memory map to show\n");
    }
    return mtree_provider(flat, mtree_provider_opaque);
}

char *hmp_registers_text(bool all, int64_t cpu_index, Error **errp)
{
    if (!registers_provider) {
        error_setg(errp, "No CPU available");
        return NULL;
    }
    return registers_provider(all, cpu_index, registers_provider_opaque,
                              errp);
}

/* The session: a terminal on a chardev. */

static void session_write_text(HmpSession *s, const char *text)
{
    g_autofree char *out = hmp_text_crlf(text);

    chardev_write(s->chr, out, strlen(out));
}

static void session_output(void *opaque, const char *text, size_t len)
{
    HmpSession *s = opaque;

    chardev_write(s->chr, text, len);
}

static void session_line(void *opaque, const char *line)
{
    HmpSession *s = opaque;
    g_autofree char *out = NULL;

    hmp_handle_line(s->hmp, line);
    out = hmp_take_output(s->hmp);
    session_write_text(s, out);
    readline_show_prompt(s->rl);
}

static char **session_complete(void *opaque, const char *prefix, size_t *word)
{
    return hmp_complete(prefix, word);
}

static size_t session_can_read(void *opaque)
{
    /* Input is handled as it comes: the editor never needs to push back. */
    return READLINE_MAX_LINE;
}

static void session_read(void *opaque, const uint8_t *buf, size_t len)
{
    HmpSession *s = opaque;

    readline_feed(s->rl, buf, len);
}

/* Each peer that connects is greeted, as QEMU greets it. */
static void session_event(void *opaque, ChardevEvent event)
{
    HmpSession *s = opaque;

    if (event == CHARDEV_EVENT_OPENED) {
        readline_reset_line(s->rl);
        session_write_text(s, HMP_BANNER "\n");
        readline_show_prompt(s->rl);
    }
}

HmpSession *hmp_session_new(Chardev *chr, const QmpCommandList *cmds)
{
    HmpSession *s = g_new0(HmpSession, 1);

    s->hmp = hmp_new(cmds);
    /* Our own reference: a command may remove the chardev from the tree
     * (chardev-remove) while the session is inside its read handler. */
    s->chr = object_ref(chr);
    s->rl = readline_new(session_output, session_line, session_complete, s);
    readline_set_prompt(s->rl, HMP_PROMPT);
    chardev_set_handlers(chr, session_can_read, session_read, session_event,
                         s);
    return s;
}

void hmp_session_free(HmpSession *s)
{
    if (!s) {
        return;
    }
    chardev_detach_handlers(s->chr, s);
    object_unref(s->chr);
    readline_free(s->rl);
    hmp_free(s->hmp);
    g_free(s);
}
