/* quern's commands on running VMs: start, stop, pause, resume, reset,
 * status, console, monitor, qmp, tree, get, set. */
#include <errno.h>
#include <glib-unix.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "catalog.h"
#include "console-stream.h"
#include "profile-store.h"
#include "qjson.h"
#include "qlist.h"
#include "quern-cli.h"
#include "supervisor.h"
#include "validate.h"

#define CLI_QMP_TIMEOUT_MS 30000
#define CONSOLE_DETACH_KEY 0x1d   /* Ctrl-] */

static int cmd_start(CliArgs *args)
{
    const char *name = args->pos[0];
    g_autoptr(ProfileStore) store = profile_store_new(NULL);
    Error *err = NULL;
    g_autoptr(Profile) p = profile_store_load(store, name, &err);

    if (!p) {
        return cli_fail(err);
    }
    if (!cli_option(args, "no-validate")) {
        g_autoptr(Catalog) cat = catalog_load(NULL, &err);
        if (!cat) {
            return cli_fail(err);
        }
        g_autoptr(GPtrArray) problems = validate_profile(p, cat);
        for (size_t i = 0; i < problems->len; i++) {
            g_autofree char *line =
                validation_problem_to_string(problems->pdata[i]);
            fprintf(stderr, "%s\n", line);
        }
        if (problems->len) {
            return cli_failf("profile '%s' has %u problem%s: not started",
                             name, problems->len,
                             problems->len == 1 ? "" : "s");
        }
    }
    if (!supervisor_start(store, name, &err)) {
        return cli_fail(err);
    }
    g_autoptr(VmStatus) st = supervisor_status(name);
    if (args->json) {
        g_autoptr(QDict) out = qdict_new();
        qdict_put_str(out, "name", name);
        qdict_put_str(out, "state", vm_state_name(st->state));
        qdict_put_int(out, "pid", st->pid);
        qdict_put_str(out, "state-dir", st->state_dir);
        cli_print_json(QOBJECT(out));
    } else {
        printf("started %s (pid %d); quern console %s attaches to its "
               "serial port\n", name, (int)st->pid, name);
    }
    return 0;
}

static int cmd_stop(CliArgs *args)
{
    Error *err = NULL;
    const char *timeout = cli_option(args, "timeout");
    unsigned seconds = timeout ? (unsigned)g_ascii_strtoull(timeout, NULL,
                                                            10) : 30;

    return supervisor_stop(args->pos[0], cli_option(args, "force") != NULL,
                           seconds * 1000, &err) ? 0 : cli_fail(err);
}

static int run_state_command(CliArgs *args, const char *command)
{
    Error *err = NULL;

    return supervisor_command(args->pos[0], command, &err)
           ? 0 : cli_fail(err);
}

static int cmd_pause(CliArgs *args)
{
    return run_state_command(args, "stop");
}

static int cmd_resume(CliArgs *args)
{
    return run_state_command(args, "cont");
}

static int cmd_reset(CliArgs *args)
{
    return run_state_command(args, "system_reset");
}

static int cmd_status(CliArgs *args)
{
    g_autoptr(VmStatus) st = supervisor_status(args->pos[0]);
    g_auto(GStrv) log = supervisor_log_tail(args->pos[0], 10);

    if (args->json) {
        g_autoptr(QDict) out = qdict_new();
        QList *lines = qlist_new();
        qdict_put_str(out, "name", st->name);
        qdict_put_str(out, "state", vm_state_name(st->state));
        if (st->run_state) {
            qdict_put_str(out, "run-state", st->run_state);
        }
        if (st->pid) {
            qdict_put_int(out, "pid", st->pid);
        }
        for (size_t i = 0; log[i]; i++) {
            qlist_append_str(lines, log[i]);
        }
        qdict_put(out, "log", lines);
        cli_print_json(QOBJECT(out));
        return 0;
    }
    printf("%s: %s", st->name, vm_state_name(st->state));
    if (st->pid) {
        printf(" (pid %d)", (int)st->pid);
    }
    printf("\n");
    for (size_t i = 0; log[i]; i++) {
        printf("  %s\n", log[i]);
    }
    return 0;
}

/* An attached terminal: stdin to the socket, the socket to stdout. */
typedef struct Attach {
    GMainLoop *loop;
    ConsoleStream *cs;
    bool closed;       /* the engine's side went away */
    bool detached;
} Attach;

static void attach_data(ConsoleStream *cs, const char *data, size_t len,
                        void *opaque)
{
    while (len) {
        ssize_t n = write(STDOUT_FILENO, data, len);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return;
        }
        data += n;
        len -= n;
    }
}

static void attach_closed(ConsoleStream *cs, void *opaque)
{
    Attach *a = opaque;

    a->closed = true;
    g_main_loop_quit(a->loop);
}

static gboolean attach_stdin(gint fd, GIOCondition cond, gpointer opaque)
{
    Attach *a = opaque;
    char buf[4096];
    ssize_t n = read(fd, buf, sizeof(buf));

    if (n < 0 && (errno == EINTR || errno == EAGAIN)) {
        return G_SOURCE_CONTINUE;
    }
    if (n <= 0) {
        a->detached = true;
        g_main_loop_quit(a->loop);
        return G_SOURCE_REMOVE;
    }
    char *key = memchr(buf, CONSOLE_DETACH_KEY, n);
    size_t send = key ? (size_t)(key - buf) : (size_t)n;
    if (send && !console_stream_write(a->cs, buf, send, NULL)) {
        a->closed = true;
        g_main_loop_quit(a->loop);
        return G_SOURCE_REMOVE;
    }
    if (key) {
        a->detached = true;
        g_main_loop_quit(a->loop);
        return G_SOURCE_REMOVE;
    }
    return G_SOURCE_CONTINUE;
}

static int attach(const char *name, const char *socket_file, const char *what)
{
    g_autofree char *path = supervisor_file(name, socket_file);
    g_autoptr(VmStatus) st = supervisor_status(name);
    Attach a = { 0 };
    Error *err = NULL;

    if (st->state != VM_STATE_RUNNING && st->state != VM_STATE_PAUSED) {
        return cli_failf("VM '%s' is not running", name);
    }
    a.loop = g_main_loop_new(NULL, FALSE);
    a.cs = console_stream_open(path, NULL, attach_data, attach_closed, &a,
                               &err);
    if (!a.cs) {
        g_main_loop_unref(a.loop);
        return cli_fail(err);
    }
    bool tty = isatty(STDIN_FILENO);
    struct termios saved;
    if (tty) {
        struct termios raw;
        tcgetattr(STDIN_FILENO, &saved);
        raw = saved;
        cfmakeraw(&raw);
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &raw);
        fprintf(stderr, "[attached to %s's %s; Ctrl-] detaches]\r\n", name,
                what);
    }
    guint watch = g_unix_fd_add(STDIN_FILENO, G_IO_IN | G_IO_HUP,
                                attach_stdin, &a);
    g_main_loop_run(a.loop);
    if (!a.detached) {
        g_source_remove(watch);
    }
    if (tty) {
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
        fprintf(stderr, "\n[%s]\n", a.closed ? "the VM's console closed"
                                             : "detached; the VM keeps "
                                               "running");
    }
    console_stream_free(a.cs);
    g_main_loop_unref(a.loop);
    return a.closed && !a.detached ? 1 : 0;
}

static int cmd_console(CliArgs *args)
{
    return attach(args->pos[0], "serial.sock", "serial port");
}

static int cmd_monitor(CliArgs *args)
{
    return attach(args->pos[0], "hmp.sock", "HMP monitor");
}

static QmpConn *connect_vm(const char *name, Error **errp)
{
    QmpConn *conn = supervisor_connect(name, errp);

    if (!conn) {
        error_prepend(errp, "VM '%s' is not running: ", name);
    }
    return conn;
}

static int print_result(CliArgs *args, QObject *ret)
{
    QString *qs = qobject_to(QString, ret);

    if (!args->json && qs) {
        printf("%s\n", qstring_get_str(qs));
    } else {
        cli_print_json(ret);
    }
    return 0;
}

static int cmd_qmp(CliArgs *args)
{
    Error *err = NULL;
    g_autoptr(QmpConn) conn = connect_vm(args->pos[0], &err);

    if (!conn) {
        return cli_fail(err);
    }
    g_autoptr(QObject) ret = qmp_conn_call_json(conn, args->pos[1],
                                                CLI_QMP_TIMEOUT_MS, &err);
    if (!ret) {
        return cli_fail(err);
    }
    cli_print_json(ret);
    return 0;
}

/* The QOM composition tree below path: {"name", "path", "type",
 * "children": [...]}. Depth is bounded so a cycle cannot recurse forever. */
static QDict *qom_tree(QmpConn *conn, const char *path, const char *name,
                       const char *type, unsigned depth, Error **errp)
{
    g_autoptr(QDict) node = qdict_new();
    g_autoptr(QDict) list_args = qdict_new();

    qdict_put_str(node, "name", name);
    qdict_put_str(node, "path", path);
    qdict_put_str(node, "type", type);
    qdict_put_str(list_args, "path", path);
    g_autoptr(QObject) props = qmp_conn_call(conn, "qom-list",
                                             g_steal_pointer(&list_args),
                                             CLI_QMP_TIMEOUT_MS, errp);
    if (!props) {
        return NULL;
    }
    QList *children = qlist_new();
    qdict_put(node, "children", children);
    QList *prop_list = qobject_to(QList, props);
    if (depth > 64 || !prop_list) {
        return g_steal_pointer(&node);
    }
    QLIST_FOREACH_ENTRY(entry, prop_list) {
        QDict *prop = qobject_to(QDict, entry);
        const char *pname = prop ? qdict_get_try_str(prop, "name") : NULL;
        const char *ptype = prop ? qdict_get_try_str(prop, "type") : NULL;
        if (!pname || !ptype || !g_str_has_prefix(ptype, "child<")) {
            continue;
        }
        g_autofree char *child_type = g_strndup(ptype + 6,
                                                strlen(ptype) - 7);
        g_autofree char *child_path = g_str_equal(path, "/")
            ? g_strconcat("/", pname, NULL)
            : g_strconcat(path, "/", pname, NULL);
        QDict *child = qom_tree(conn, child_path, pname, child_type,
                                depth + 1, errp);
        if (!child) {
            return NULL;
        }
        qlist_append(children, child);
    }
    return g_steal_pointer(&node);
}

static void print_tree(QDict *node, unsigned indent)
{
    printf("%*s%s (%s)\n", indent * 2, "", qdict_get_try_str(node, "name"),
           qdict_get_try_str(node, "type"));
    QList *children = qdict_get_qlist(node, "children");
    QLIST_FOREACH_ENTRY(entry, children) {
        print_tree(qobject_to(QDict, entry), indent + 1);
    }
}

static int cmd_tree(CliArgs *args)
{
    Error *err = NULL;
    g_autoptr(QmpConn) conn = connect_vm(args->pos[0], &err);

    if (!conn) {
        return cli_fail(err);
    }
    if (cli_option(args, "qdev")) {
        g_autoptr(QDict) hmp = qdict_new();
        qdict_put_str(hmp, "command-line", "info qtree");
        g_autoptr(QObject) ret = qmp_conn_call(conn, "human-monitor-command",
                                               g_steal_pointer(&hmp),
                                               CLI_QMP_TIMEOUT_MS, &err);
        if (!ret) {
            return cli_fail(err);
        }
        QString *qs = qobject_to(QString, ret);
        g_autofree char *text = g_strdup(qs ? qstring_get_str(qs) : "");
        /* HMP ends lines with CRLF, as a terminal wants. */
        g_autoptr(GString) clean = g_string_new(text);
        g_string_replace(clean, "\r\n", "\n", 0);
        if (args->json) {
            g_autoptr(QDict) out = qdict_new();
            qdict_put_str(out, "qtree", clean->str);
            cli_print_json(QOBJECT(out));
        } else {
            fputs(clean->str, stdout);
        }
        return 0;
    }
    g_autoptr(QDict) root = qom_tree(conn, "/", "/", "container", 0, &err);
    if (!root) {
        return cli_fail(err);
    }
    if (args->json) {
        cli_print_json(QOBJECT(root));
    } else {
        print_tree(root, 0);
    }
    return 0;
}

static int cmd_get(CliArgs *args)
{
    Error *err = NULL;
    g_autoptr(QmpConn) conn = connect_vm(args->pos[0], &err);

    if (!conn) {
        return cli_fail(err);
    }
    g_autoptr(QDict) qargs = qdict_new();
    qdict_put_str(qargs, "path", args->pos[1]);
    qdict_put_str(qargs, "property", args->pos[2]);
    g_autoptr(QObject) ret = qmp_conn_call(conn, "qom-get",
                                           g_steal_pointer(&qargs),
                                           CLI_QMP_TIMEOUT_MS, &err);
    if (!ret) {
        return cli_fail(err);
    }
    return print_result(args, ret);
}

static int cmd_set(CliArgs *args)
{
    Error *err = NULL;
    g_autoptr(QmpConn) conn = connect_vm(args->pos[0], &err);

    if (!conn) {
        return cli_fail(err);
    }
    /* A value that reads as JSON (42, true, "x", [1]) is sent as that
     * value; anything else as a string. */
    QObject *value = qobject_from_json(args->pos[3], NULL);
    if (!value) {
        value = QOBJECT(qstring_from_str(args->pos[3]));
    }
    g_autoptr(QDict) qargs = qdict_new();
    qdict_put_str(qargs, "path", args->pos[1]);
    qdict_put_str(qargs, "property", args->pos[2]);
    qdict_put_obj(qargs, "value", value);
    g_autoptr(QObject) ret = qmp_conn_call(conn, "qom-set",
                                           g_steal_pointer(&qargs),
                                           CLI_QMP_TIMEOUT_MS, &err);
    return ret ? 0 : cli_fail(err);
}

static const char *const start_flags[] = { "no-validate", NULL };
static const char *const stop_flags[] = { "force", "timeout", NULL };
static const char *const tree_flags[] = { "qdev", NULL };

const CliCommand cli_vm_commands[] = {
    { "start", cmd_start, 1, 1, start_flags, "NAME [--no-validate] [--json]",
      "Starts a VM from its profile as a detached engine: it keeps running "
      "when quern exits. The profile is validated against the engine's "
      "catalog first (--no-validate skips that)." },
    { "stop", cmd_stop, 1, 1, stop_flags, "NAME [--force] [--timeout=S]",
      "Stops a VM: powers it down and quits the engine if it has not "
      "exited after S seconds (default 30); --force quits at once, like "
      "pulling the plug." },
    { "pause", cmd_pause, 1, 1, NULL, "NAME", "Pauses a running VM." },
    { "resume", cmd_resume, 1, 1, NULL, "NAME", "Resumes a paused VM." },
    { "reset", cmd_reset, 1, 1, NULL, "NAME",
      "Resets a VM, as its reset button would." },
    { "status", cmd_status, 1, 1, NULL, "NAME [--json]",
      "Prints a VM's state and the last lines of its engine log (kept "
      "when the engine died)." },
    { "console", cmd_console, 1, 1, NULL, "NAME",
      "Attaches this terminal to the VM's serial port. Ctrl-] detaches; "
      "the VM keeps running." },
    { "monitor", cmd_monitor, 1, 1, NULL, "NAME",
      "Attaches this terminal to the VM's HMP monitor. Ctrl-] detaches." },
    { "qmp", cmd_qmp, 2, 2, NULL, "NAME JSON",
      "Sends one QMP request ({\"execute\": ..., \"arguments\": ...}) and "
      "prints the reply's return value as JSON." },
    { "tree", cmd_tree, 1, 1, tree_flags, "NAME [--qdev] [--json]",
      "Prints the VM's QOM composition tree, or with --qdev its device "
      "tree (info qtree)." },
    { "get", cmd_get, 3, 3, NULL, "NAME PATH PROPERTY [--json]",
      "Prints a QOM property of a running VM (qom-get)." },
    { "set", cmd_set, 4, 4, NULL, "NAME PATH PROPERTY VALUE",
      "Sets a QOM property of a running VM (qom-set); VALUE is JSON when "
      "it parses as JSON, else a string." },
    { NULL },
};
