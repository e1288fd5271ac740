/* The HMP command table and the commands outside `info`: see
 * hmp-commands.h. */
#include "hmp-commands.h"

#include <string.h>

#include "hmp-args.h"
#include "hmp-info.h"
#include "hmp-net.h"
#include "hmp-parse.h"
#include "keyval.h"
#include "qjson.h"
#include "qlist.h"

/* JSON as QEMU's HMP prints it (qom-get): four spaces per level, one
 * member per line, "key": value, every character outside printable ASCII
 * as \uXXXX, doubles with 17 significant digits, and an empty container
 * still opened and closed on two lines. */
static void json_append_string(GString *out, const char *s)
{
    g_string_append_c(out, '"');
    for (const char *p = s; *p; ) {
        gunichar c = g_utf8_get_char_validated(p, -1);

        /* A C string property may hold anything: a byte that is no UTF-8
         * prints as U+FFFD, as QEMU prints it. */
        if (c == (gunichar)-1 || c == (gunichar)-2) {
            c = 0xfffd;
            p++;
        } else {
            p = g_utf8_next_char(p);
        }
        switch (c) {
        case '"':
            g_string_append(out, "\\\"");
            break;
        case '\\':
            g_string_append(out, "\\\\");
            break;
        case '\b':
            g_string_append(out, "\\b");
            break;
        case '\f':
            g_string_append(out, "\\f");
            break;
        case '\n':
            g_string_append(out, "\\n");
            break;
        case '\r':
            g_string_append(out, "\\r");
            break;
        case '\t':
            g_string_append(out, "\\t");
            break;
        default:
            if (c >= 0x10000) {
                c -= 0x10000;
                g_string_append_printf(out, "\\u%04X\\u%04X",
                                       0xd800 | (c >> 10), 0xdc00 | (c & 0x3ff));
            } else if (c < 0x20 || c >= 0x7f) {
                g_string_append_printf(out, "\\u%04X", c);
            } else {
                g_string_append_c(out, c);
            }
        }
    }
    g_string_append_c(out, '"');
}

static void json_append_pretty(GString *out, const QObject *obj, int depth)
{
    switch (qobject_type(obj)) {
    case QTYPE_QDICT: {
        const QDict *d = qobject_to(QDict, obj);
        bool first = true;

        g_string_append_c(out, '{');
        for (const QDictEntry *e = qdict_first(d); e; e = qdict_next(d, e)) {
            g_string_append_printf(out, "%s\n%*s", first ? "" : ",",
                                   4 * (depth + 1), "");
            json_append_string(out, qdict_entry_key(e));
            g_string_append(out, ": ");
            json_append_pretty(out, qdict_entry_value(e), depth + 1);
            first = false;
        }
        g_string_append_printf(out, "\n%*s}", 4 * depth, "");
        break;
    }
    case QTYPE_QLIST: {
        const QList *l = qobject_to(QList, obj);

        g_string_append_c(out, '[');
        for (size_t i = 0; i < qlist_size(l); i++) {
            g_string_append_printf(out, "%s\n%*s", i ? "," : "",
                                   4 * (depth + 1), "");
            json_append_pretty(out, qlist_entry(l, i), depth + 1);
        }
        g_string_append_printf(out, "\n%*s]", 4 * depth, "");
        break;
    }
    case QTYPE_QSTRING:
        json_append_string(out, qstring_get_str(qobject_to(QString, obj)));
        break;
    case QTYPE_QNUM: {
        const QNum *n = qobject_to(QNum, obj);
        char buf[G_ASCII_DTOSTR_BUF_SIZE];

        if (qnum_kind(n) == QNUM_DOUBLE) {
            /* QEMU's digits: 0.1 is 0.10000000000000001. */
            g_string_append(out, g_ascii_formatd(buf, sizeof(buf), "%.17g",
                                                 qnum_get_double(n)));
            break;
        }
        g_autofree char *text = qobject_to_json(obj);

        g_string_append(out, text);
        break;
    }
    default: {
        g_autofree char *text = qobject_to_json(obj);

        g_string_append(out, text);
        break;
    }
    }
}

/* The key=value word of device_add/object_add/chardev-add, implied_key
 * naming what a leading bare word is. Prints the error itself. */
static QDict *hmp_keyval(Hmp *hmp, const QDict *args, const char *key,
                         const char *implied_key)
{
    const char *text = qdict_get_try_str(args, key);
    Error *err = NULL;
    QDict *opts = keyval_parse(text ? text : "", implied_key, NULL, &err);

    if (!opts) {
        hmp_printf(hmp, "Error: %s\n", error_get_pretty(err));
        error_free(err);
    }
    return opts;
}

/* A new copy of the parsed arguments, for a QMP command that takes them
 * as they are. */
static QDict *args_copy(const QDict *args)
{
    return qobject_to(QDict, qobject_deep_copy(QOBJECT(args)));
}

static void hmp_cmd_help(Hmp *hmp, const QDict *args)
{
    hmp_help(hmp, qdict_get_try_str(args, "name"));
}

static void hmp_cmd_info(Hmp *hmp, const QDict *args)
{
    hmp_help(hmp, "info");
}

/* qom-list without a path prints the root, as QEMU does. */
static void hmp_cmd_qom_list(Hmp *hmp, const QDict *args)
{
    g_autoptr(QObject) ret = NULL;
    QList *list;

    if (!qdict_haskey(args, "path")) {
        hmp_puts(hmp, "/\n");
        return;
    }
    if (!hmp_call(hmp, "qom-list", args_copy(args), &ret)) {
        return;
    }
    list = qobject_to(QList, ret);
    for (size_t i = 0; list && i < qlist_size(list); i++) {
        QDict *prop = qobject_to(QDict, qlist_entry(list, i));

        if (prop) {
            hmp_printf(hmp, "%s (%s)\n", qdict_get_try_str(prop, "name"),
                       qdict_get_try_str(prop, "type"));
        }
    }
}

static void hmp_cmd_qom_get(Hmp *hmp, const QDict *args)
{
    g_autoptr(QObject) ret = NULL;
    g_autoptr(GString) text = g_string_new(NULL);

    if (!hmp_call(hmp, "qom-get", args_copy(args), &ret)) {
        return;
    }
    if (ret) {
        json_append_pretty(text, ret, 0);
    }
    hmp_printf(hmp, "%s\n", text->str);
}

/* The value is JSON when it reads as JSON (true, 42, "s", {...}),
 * otherwise the text itself; -j insists on JSON. */
static void hmp_cmd_qom_set(Hmp *hmp, const QDict *args)
{
    const char *text = qdict_get_try_str(args, "value");
    g_autoptr(QDict) qmp_args = qdict_new();
    QObject *value;
    Error *err = NULL;

    value = qobject_from_json(text, &err);
    if (!value) {
        if (qdict_get_try_bool(args, "json", false)) {
            hmp_printf(hmp, "Error: %s\n", error_get_pretty(err));
            error_free(err);
            return;
        }
        error_free(err);
        value = QOBJECT(qstring_from_str(text));
    }
    qdict_put_str(qmp_args, "path", qdict_get_try_str(args, "path"));
    qdict_put_str(qmp_args, "property", qdict_get_try_str(args, "property"));
    qdict_put_obj(qmp_args, "value", value);
    hmp_call(hmp, "qom-set", g_steal_pointer(&qmp_args), NULL);
}

static void hmp_cmd_device_add(Hmp *hmp, const QDict *args)
{
    g_autoptr(QDict) opts = hmp_keyval(hmp, args, "device", "driver");
    const char *driver;

    if (!opts) {
        return;
    }
    hmp_args_type_by_schema(hmp, "device_add", opts);
    driver = qdict_get_try_str(opts, "driver");
    if (driver) {
        hmp_args_type_by_qom_type(hmp, driver, opts);
    }
    hmp_call(hmp, "device_add", g_steal_pointer(&opts), NULL);
}

static void hmp_cmd_object_add(Hmp *hmp, const QDict *args)
{
    g_autoptr(QDict) opts = hmp_keyval(hmp, args, "object", "qom-type");
    const char *type;

    if (!opts) {
        return;
    }
    hmp_args_type_by_schema(hmp, "object-add", opts);
    type = qdict_get_try_str(opts, "qom-type");
    if (type) {
        hmp_args_type_by_qom_type(hmp, type, opts);
    }
    hmp_call(hmp, "object-add", g_steal_pointer(&opts), NULL);
}

/* -chardev's text in chardev-add's shape: {"id", "backend": {"type",
 * "data": {...}}}; a socket's path is its unix address, a file's path its
 * "out", as QEMU's ChardevBackend spells them. */
static void hmp_cmd_chardev_add(Hmp *hmp, const QDict *args)
{
    g_autoptr(QDict) opts = hmp_keyval(hmp, args, "args", "backend");
    g_autoptr(QDict) qmp_args = qdict_new();
    g_autoptr(QDict) backend = qdict_new();
    g_autoptr(QDict) data = qdict_new();
    const char *type;
    QObject *id;

    if (!opts) {
        return;
    }
    type = qdict_get_try_str(opts, "backend");
    id = qdict_take(opts, "id");
    if (id) {
        qdict_put_obj(qmp_args, "id", id);
    }
    if (type) {
        qdict_put_str(backend, "type", type);
    }
    for (const QDictEntry *e = qdict_first(opts); e; e = qdict_next(opts, e)) {
        const char *key = qdict_entry_key(e);
        QObject *value = qobject_ref(qdict_entry_value(e));

        if (!strcmp(key, "backend")) {
            qobject_unref(value);
        } else if (!strcmp(key, "path") && type && !strcmp(type, "socket")) {
            g_autoptr(QDict) addr = qdict_new();
            g_autoptr(QDict) addr_data = qdict_new();

            qdict_put_obj(addr_data, "path", value);
            qdict_put_str(addr, "type", "unix");
            qdict_put(addr, "data", g_steal_pointer(&addr_data));
            qdict_put(data, "addr", g_steal_pointer(&addr));
        } else if (!strcmp(key, "path") && type && !strcmp(type, "file")) {
            qdict_put_obj(data, "out", value);
        } else {
            qdict_put_obj(data, key, value);
        }
    }
    qdict_put(backend, "data", g_steal_pointer(&data));
    qdict_put(qmp_args, "backend", g_steal_pointer(&backend));
    hmp_args_type_by_schema(hmp, "chardev-add", qmp_args);
    hmp_call(hmp, "chardev-add", g_steal_pointer(&qmp_args), NULL);
}

/* QEMU 7.2's names, argument words and help lines, alphabetical as its
 * help prints them. A command with .qmp and no handler passes its parsed
 * arguments to that QMP command as they are. */
static const HmpCommand hmp_commands[] = {
    { .name = "chardev-add", .args_type = "args:s", .params = "args",
      .help = "add chardev", .handler = hmp_cmd_chardev_add },
    { .name = "chardev-remove", .args_type = "id:s", .params = "id",
      .help = "remove chardev", .qmp = "chardev-remove" },
    { .name = "cont|c", .args_type = "", .params = "",
      .help = "resume emulation", .qmp = "cont" },
    { .name = "device_add", .args_type = "device:O",
      .params = "driver[,prop=value][,...]",
      .help = "add device, like -device on the command line",
      .handler = hmp_cmd_device_add },
    { .name = "device_del", .args_type = "id:s", .params = "device",
      .help = "remove device", .qmp = "device_del" },
    { .name = "help|?", .args_type = "name:S?", .params = "[cmd]",
      .help = "show the help", .handler = hmp_cmd_help },
    HMP_NET_HOSTFWD_COMMANDS
    { .name = "info", .args_type = "item:s?", .params = "[subcommand]",
      .help = "show various information about the system state",
      .handler = hmp_cmd_info, .sub_table = hmp_info_commands },
    HMP_NET_NETDEV_COMMANDS
    { .name = "object_add", .args_type = "object:S",
      .params = "[qom-type=]type,id=str[,prop=value][,...]",
      .help = "create QOM object", .handler = hmp_cmd_object_add },
    { .name = "object_del", .args_type = "id:s", .params = "id",
      .help = "destroy QOM object", .qmp = "object-del" },
    { .name = "qom-get", .args_type = "path:s,property:s",
      .params = "path property", .help = "print QOM property",
      .handler = hmp_cmd_qom_get },
    { .name = "qom-list", .args_type = "path:s?", .params = "path",
      .help = "list QOM properties", .handler = hmp_cmd_qom_list },
    { .name = "qom-set", .args_type = "json:-j,path:s,property:s,value:S",
      .params = "[-j] path property value",
      .help = "set QOM property.\n\t\t\t"
              "-j: the value is specified in json format.",
      .handler = hmp_cmd_qom_set },
    { .name = "quit|q", .args_type = "", .params = "",
      .help = "quit the emulator", .qmp = "quit" },
    { .name = "stop|s", .args_type = "", .params = "",
      .help = "stop emulation", .qmp = "stop" },
    { .name = "system_powerdown", .args_type = "", .params = "",
      .help = "send system power down event", .qmp = "system_powerdown" },
    { .name = "system_reset", .args_type = "", .params = "",
      .help = "reset the system", .qmp = "system_reset" },
    { NULL },
};

const HmpCommand *hmp_command_table(void)
{
    return hmp_commands;
}

void hmp_command_run(Hmp *hmp, const HmpCommand *cmd, const QDict *args)
{
    if (cmd->handler) {
        cmd->handler(hmp, args);
    } else {
        hmp_call(hmp, cmd->qmp, args_copy(args), NULL);
    }
}

static bool name_matches(const char *names, const char *name, size_t len)
{
    g_auto(GStrv) aliases = g_strsplit(names, "|", -1);

    for (char **a = aliases; *a; a++) {
        if (strlen(*a) == len && !strncmp(*a, name, len)) {
            return true;
        }
    }
    return false;
}

const HmpCommand *hmp_command_find(const HmpCommand *table, const char *name,
                                   size_t len)
{
    for (const HmpCommand *c = table; c->name; c++) {
        if (name_matches(c->name, name, len)) {
            return c;
        }
    }
    return NULL;
}

static void help_line(Hmp *hmp, const char *prefix, const HmpCommand *cmd)
{
    hmp_printf(hmp, "%s%s %s -- %s\n", prefix, cmd->name, cmd->params,
               cmd->help);
}

void hmp_help(Hmp *hmp, const char *topic)
{
    const HmpCommand *table = hmp_command_table();
    g_autoptr(GString) prefix = g_string_new(NULL);
    const char *p = topic ? topic : "";

    for (;;) {
        g_autofree char *word = NULL;
        const HmpCommand *cmd;

        p = hmp_parse_skip_spaces(p);
        if (!*p) {
            break;
        }
        word = hmp_parse_word(&p, NULL);
        if (!word) {
            return;
        }
        cmd = hmp_command_find(table, word, strlen(word));
        if (!cmd) {
            hmp_printf(hmp, "unknown command: '%s%s'\n", prefix->str, word);
            return;
        }
        if (!cmd->sub_table) {
            help_line(hmp, prefix->str, cmd);
            return;
        }
        g_string_append_printf(prefix, "%s ", word);
        table = cmd->sub_table;
    }
    for (const HmpCommand *c = table; c->name; c++) {
        help_line(hmp, prefix->str, c);
    }
}

static void add_candidates(GPtrArray *out, const HmpCommand *table,
                           const char *word)
{
    for (const HmpCommand *c = table; c->name; c++) {
        g_auto(GStrv) aliases = g_strsplit(c->name, "|", -1);

        for (char **a = aliases; *a; a++) {
            if (g_str_has_prefix(*a, word)) {
                g_ptr_array_add(out, g_strdup(*a));
            }
        }
    }
}

char **hmp_complete(const char *prefix, size_t *word)
{
    g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func(g_free);
    const char *last = strrchr(prefix, ' ');
    g_autofree char *before = NULL;
    g_auto(GStrv) words = NULL;
    const HmpCommand *table = hmp_command_table();
    size_t i = 0;

    *word = last ? (size_t)(last + 1 - prefix) : 0;
    /* The words before the one being typed choose the table: none, or
     * "help"/"?", for commands; "info" or "help info" for info's. */
    before = g_strndup(prefix, *word);
    words = g_strsplit_set(g_strstrip(before), " ", -1);
    while (words[i] && !*words[i]) {
        i++;
    }
    if (words[i] && name_matches("help|?", words[i], strlen(words[i]))) {
        i++;
        while (words[i] && !*words[i]) {
            i++;
        }
    }
    if (words[i] && !strcmp(words[i], "info")) {
        table = hmp_info_commands;
        i++;
        while (words[i] && !*words[i]) {
            i++;
        }
    }
    if (!words[i]) {
        add_candidates(out, table, prefix + *word);
    }
    g_ptr_array_add(out, NULL);
    return (char **)g_ptr_array_free(g_steal_pointer(&out), FALSE);
}
