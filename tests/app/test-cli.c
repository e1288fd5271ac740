/* The quern command line end to end: the real binary and the real engine
 * on the `none` machine, --json output parsed, exit statuses and the one
 * line a failure prints. */
#include <signal.h>
#include <string.h>
#include <sys/wait.h>

#include "app-test-util.h"
#include "qjson.h"
#include "qlist.h"

typedef struct Run {
    int status;
    char *out;
    char *err;
} Run;

static void run_free(Run *r)
{
    g_free(r->out);
    g_free(r->err);
    g_free(r);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC(Run, run_free)

/* quern ARGS... (NULL-terminated), through sh when stdin_text is given. */
static Run *quern_stdin(const char *stdin_text, const char *first, ...)
{
    g_autoptr(GPtrArray) argv = g_ptr_array_new();
    va_list ap;

    if (stdin_text) {
        g_ptr_array_add(argv, (char *)"/bin/sh");
        g_ptr_array_add(argv, (char *)"-c");
        g_ptr_array_add(argv, (char *)"printf \"$0\" | \"$@\"");
        g_ptr_array_add(argv, (char *)stdin_text);
    }
    g_ptr_array_add(argv, (char *)QUERN_BINARY_PATH);
    va_start(ap, first);
    for (const char *a = first; a; a = va_arg(ap, const char *)) {
        g_ptr_array_add(argv, (char *)a);
    }
    va_end(ap);
    g_ptr_array_add(argv, NULL);
    Run *r = g_new0(Run, 1);
    int wait_status;
    g_assert_true(g_spawn_sync(NULL, (char **)argv->pdata, NULL,
                               stdin_text ? 0 : G_SPAWN_STDIN_FROM_DEV_NULL,
                               NULL, NULL, &r->out, &r->err, &wait_status,
                               NULL));
    g_assert_true(WIFEXITED(wait_status));
    r->status = WEXITSTATUS(wait_status);
    return r;
}
#define quern(...) quern_stdin(NULL, __VA_ARGS__, NULL)

/* Success with a JSON document on stdout: returns it. */
static QObject *quern_json(Run *r)
{
    if (r->status != 0) {
        g_printerr("quern failed: %s", r->err);
    }
    g_assert_cmpint(r->status, ==, 0);
    return qobject_from_json(r->out, &error_abort);
}

/* Failure with exactly one line on stderr that contains what. */
static void assert_fails(Run *r, const char *what)
{
    g_assert_cmpint(r->status, !=, 0);
    g_assert_true(g_str_has_prefix(r->err, "quern"));
    g_assert_nonnull(strstr(r->err, what));
    g_assert_cmpint(strchr(r->err, '\n') - r->err, ==,
                    (long)strlen(r->err) - 1);
}

static QDict *find_entry(QList *list, const char *name)
{
    QLIST_FOREACH_ENTRY(e, list) {
        QDict *d = qobject_to(QDict, e);
        if (!g_strcmp0(qdict_get_try_str(d, "name"), name)) {
            return d;
        }
    }
    return NULL;
}

static const char *vm_state(const char *name)
{
    static char state[32];
    g_autoptr(Run) r = quern("status", name, "--json");
    g_autoptr(QObject) doc = quern_json(r);
    g_strlcpy(state, qdict_get_try_str(qobject_to(QDict, doc), "state"),
              sizeof(state));
    return state;
}

static void test_usage_and_help(void)
{
    app_test_begin();
    g_autoptr(Run) none = quern_stdin(NULL, NULL);
    g_assert_cmpint(none->status, ==, 0);
    g_assert_true(g_str_has_prefix(none->out, "usage: quern"));
    g_assert_nonnull(strstr(none->out, "  console NAME"));

    g_autoptr(Run) help = quern("start", "--help");
    g_assert_cmpint(help->status, ==, 0);
    g_assert_true(g_str_has_prefix(help->out, "usage: quern start NAME"));

    g_autoptr(Run) bogus = quern("frobnicate");
    g_assert_cmpint(bogus->status, ==, 2);
    g_assert_cmpstr(bogus->err, ==, "quern: 'frobnicate' is not a command "
                    "(quern --help lists them)\n");
    g_autoptr(Run) missing = quern("show");
    g_assert_cmpint(missing->status, ==, 2);
    g_autoptr(Run) flag = quern("show", "x", "--bogus");
    g_assert_cmpint(flag->status, ==, 2);
    g_assert_nonnull(strstr(flag->err, "unknown option '--bogus'"));
    app_test_end();
}

static void test_vm_end_to_end(void)
{
    const char *dir = app_test_begin();
    g_autofree char *tpl = g_build_filename(dir, "none.cfg", NULL);
    g_assert_true(g_file_set_contents(tpl, APP_TEST_NONE_PROFILE, -1,
                                      NULL));

    g_autoptr(Run) created = quern("create", "vm", "--from", tpl,
                                   "memory.size=64M", "--json");
    g_autoptr(QObject) created_doc = quern_json(created);
    g_assert_cmpstr(qdict_get_try_str(qobject_to(QDict, created_doc),
                                      "name"), ==, "vm");
    app_test_write_profile("broken", "[machine\n");

    g_autoptr(Run) list = quern("list", "--json");
    g_autoptr(QObject) list_doc = quern_json(list);
    QList *profiles = qobject_to(QList, list_doc);
    g_assert_cmpuint(qlist_size(profiles), ==, 2);
    QDict *vm = find_entry(profiles, "vm");
    g_assert_cmpstr(qdict_get_try_str(vm, "state"), ==, "stopped");
    g_assert_cmpstr(qdict_get_try_str(vm, "description"), ==, "test vm");
    QDict *broken = find_entry(profiles, "broken");
    g_assert_nonnull(strstr(qdict_get_try_str(broken, "error"),
                            "broken.cfg:1: "));

    g_autoptr(Run) show = quern("show", "vm", "--json");
    g_autoptr(QObject) show_doc = quern_json(show);
    QList *cmdline = qdict_get_qlist(qobject_to(QDict, show_doc),
                                     "command-line");
    g_autofree char *cmd = qobject_to_json(QOBJECT(cmdline));
    g_assert_cmpstr(cmd, ==, "[\"quern-engine\",\"-machine\",\"type=none\","
                    "\"-m\",\"size=64M\"]");

    g_autoptr(Run) start = quern("start", "vm", "--json");
    g_autoptr(QObject) start_doc = quern_json(start);
    g_assert_cmpstr(qdict_get_try_str(qobject_to(QDict, start_doc), "state"),
                    ==, "running");
    g_autoptr(Run) again = quern("start", "vm");
    assert_fails(again, "VM 'vm' is already running");
    g_autoptr(Run) del_running = quern("delete", "vm");
    assert_fails(del_running, "is running");

    g_autoptr(Run) pause = quern("pause", "vm");
    g_assert_cmpint(pause->status, ==, 0);
    g_assert_cmpstr(vm_state("vm"), ==, "paused");
    g_autoptr(Run) resume = quern("resume", "vm");
    g_assert_cmpint(resume->status, ==, 0);
    g_assert_cmpstr(vm_state("vm"), ==, "running");
    g_autoptr(Run) reset = quern("reset", "vm");
    g_assert_cmpint(reset->status, ==, 0);

    g_autoptr(Run) qmp = quern("qmp", "vm", "{\"execute\":\"query-status\"}");
    g_autoptr(QObject) qmp_doc = quern_json(qmp);
    g_assert_cmpstr(qdict_get_try_str(qobject_to(QDict, qmp_doc), "status"),
                    ==, "running");
    g_autoptr(Run) qmp_bad = quern("qmp", "vm", "{\"execute\":\"nope\"}");
    assert_fails(qmp_bad, "nope");

    g_autoptr(Run) tree = quern("tree", "vm", "--json");
    g_autoptr(QObject) tree_doc = quern_json(tree);
    QList *top = qdict_get_qlist(qobject_to(QDict, tree_doc), "children");
    QDict *machine = find_entry(top, "machine");
    g_assert_nonnull(machine);
    g_assert_cmpstr(qdict_get_try_str(machine, "path"), ==, "/machine");
    g_autoptr(Run) qtree = quern("tree", "vm", "--qdev", "--json");
    g_autoptr(QObject) qtree_doc = quern_json(qtree);
    g_assert_nonnull(strstr(qdict_get_try_str(qobject_to(QDict, qtree_doc),
                                              "qtree"), "main-system-bus"));

    g_autoptr(Run) get = quern("get", "vm", "/machine", "type", "--json");
    g_autoptr(QObject) get_doc = quern_json(get);
    g_assert_cmpstr(qstring_get_str(qobject_to(QString, get_doc)), ==,
                    "none-machine");
    g_autoptr(Run) get_bad = quern("get", "vm", "/nowhere", "x");
    assert_fails(get_bad, "/nowhere");
    g_autoptr(Run) set_bad = quern("set", "vm", "/nowhere", "x", "1");
    assert_fails(set_bad, "/nowhere");

    /* The console: Ctrl-] detaches and the VM keeps running. */
    g_autoptr(Run) console = quern_stdin("\\035", "console", "vm", NULL);
    g_assert_cmpint(console->status, ==, 0);
    g_autoptr(Run) monitor = quern_stdin("info status\\r\\035", "monitor",
                                         "vm", NULL);
    g_assert_cmpint(monitor->status, ==, 0);
    g_assert_cmpstr(vm_state("vm"), ==, "running");

    g_autoptr(Run) edit = quern("edit", "vm", "memory.size=128M");
    g_assert_cmpint(edit->status, ==, 0);
    g_autoptr(Run) edit_bad = quern("edit", "vm", "nonsense");
    assert_fails(edit_bad, "'nonsense': expected GROUP.KEY=VALUE");

    g_autoptr(Run) stop = quern("stop", "vm", "--timeout=1");
    g_assert_cmpint(stop->status, ==, 0);
    g_assert_cmpstr(vm_state("vm"), ==, "stopped");
    g_autoptr(Run) stop_again = quern("stop", "vm");
    assert_fails(stop_again, "VM 'vm' is not running");

    g_autoptr(Run) del = quern("delete", "vm");
    g_assert_cmpint(del->status, ==, 0);
    g_autoptr(Run) gone = quern("show", "vm");
    assert_fails(gone, "no profile 'vm'");
    app_test_end();
}

static void test_start_refuses_invalid_profile(void)
{
    app_test_begin();
    app_test_write_profile("bad", "[machine]\n  type = \"none\"\n"
                           "[device \"d\"]\n  driver = \"no-such-dev\"\n");
    g_autoptr(Run) start = quern("start", "bad");
    g_assert_cmpint(start->status, ==, 1);
    g_assert_nonnull(strstr(start->err, "[device \"d\"] driver: "
                            "'no-such-dev' is not a device type"));
    g_assert_nonnull(strstr(start->err, "quern: profile 'bad' has 1 "
                            "problem: not started\n"));
    g_autoptr(Run) validate = quern("validate", "bad", "--json");
    g_assert_cmpint(validate->status, ==, 1);
    g_autoptr(QObject) doc = qobject_from_json(validate->out, &error_abort);
    QDict *problem = qobject_to(QDict, qlist_entry(qobject_to(QList, doc),
                                                   0));
    g_assert_cmpstr(qdict_get_try_str(problem, "group"), ==, "device \"d\"");
    g_assert_cmpstr(qdict_get_try_str(problem, "key"), ==, "driver");
    app_test_end();
}

static void test_catalog_and_templates(void)
{
    app_test_begin();
    g_autoptr(Run) cat = quern("catalog", "--json");
    g_autoptr(QObject) cat_doc = quern_json(cat);
    QList *machines = qdict_get_qlist(qobject_to(QDict, cat_doc), "machines");
    g_assert_nonnull(find_entry(machines, "none"));
    QDict *devices = qdict_get_qdict(qobject_to(QDict, cat_doc), "devices");
    const QDictEntry *first = qdict_first(devices);
    g_assert_nonnull(first);

    g_autoptr(Run) dev = quern("catalog", qdict_entry_key(first), "--json");
    g_autoptr(QObject) dev_doc = quern_json(dev);
    g_assert_nonnull(qobject_to(QList, dev_doc));
    g_autoptr(Run) nodev = quern("catalog", "no-such-device");
    assert_fails(nodev, "'no-such-device' is not a device type");

    /* The stock templates, each a profile the engine's catalog accepts. */
    g_autoptr(Run) tpl = quern("templates", "--json");
    g_autoptr(QObject) tpl_doc = quern_json(tpl);
    QList *names = qobject_to(QList, tpl_doc);
    g_autofree char *json = qobject_to_json(QOBJECT(names));
    g_assert_nonnull(strstr(json, "\"riscv64-uboot\""));
    g_assert_nonnull(strstr(json, "\"riscv64-opensbi-uboot\""));
    g_autoptr(Run) create = quern("create", "ub", "--from",
                                  "riscv64-opensbi-uboot");
    g_assert_cmpint(create->status, ==, 0);
    g_autoptr(Run) validate = quern("validate", "ub");
    if (g_file_test("/usr/lib/u-boot/qemu-riscv64_smode/u-boot.bin",
                    G_FILE_TEST_EXISTS)) {
        g_assert_cmpint(validate->status, ==, 0);
    }
    app_test_end();
}

/* show on a VM whose engine was killed: the serial console's last lines
 * (a guest flooding it with numbered lines), as comments and in --json. */
static void test_show_dead_vm(void)
{
    app_test_begin();
    g_autofree char *profile = g_strdup_printf(
        "[machine]\n  type = \"virt\"\n  firmware = \"none\"\n"
        "  kernel = \"%s\"\n", QUERN_CONSOLE_FLOOD_ELF);
    app_test_write_profile("vm", profile);
    g_autoptr(Run) start = quern("start", "vm");
    g_assert_cmpint(start->status, ==, 0);
    g_autoptr(Run) alive = quern("show", "vm");
    g_assert_null(strstr(alive->out, "serial console"));

    g_autoptr(Run) status = quern("status", "vm", "--json");
    g_autoptr(QObject) status_doc = quern_json(status);
    pid_t pid = qdict_get_try_int(qobject_to(QDict, status_doc), "pid", 0);
    g_assert_cmpint(pid, >, 0);
    g_assert_cmpint(kill(pid, SIGKILL), ==, 0);
    int64_t deadline = g_get_monotonic_time() + 20 * G_USEC_PER_SEC;
    while (strcmp(vm_state("vm"), "dead")) {
        g_assert_cmpint(g_get_monotonic_time(), <, deadline);
        g_usleep(10000);
    }

    g_autoptr(Run) show = quern("show", "vm");
    g_assert_cmpint(show->status, ==, 0);
    const char *said = strstr(show->out, "# the VM died; the last lines on "
                              "its serial console:\n#   line ");
    g_assert_nonnull(said);
    g_autoptr(Run) json = quern("show", "vm", "--json");
    g_autoptr(QObject) doc = quern_json(json);
    QList *console = qdict_get_qlist(qobject_to(QDict, doc), "console");
    g_assert_cmpuint(qlist_size(console), ==, 20);
    QLIST_FOREACH_ENTRY(e, console) {
        const char *line = qstring_get_str(qobject_to(QString, e));

        /* The last may be cut anywhere by the kill. */
        g_assert_true(g_str_has_prefix(line, "line ") ||
                      g_str_has_prefix("line ", line));
    }
    app_test_end();
}

/* create and clone say when a host port moved off another profile's. */
static void test_port_moves_noted(void)
{
    app_test_begin();
    g_autoptr(Run) a = quern("create", "a", "--from", "linux-riscv64");
    g_assert_cmpint(a->status, ==, 0);
    g_assert_null(strstr(a->out, "note:"));
    g_autoptr(Run) b = quern("create", "b", "--from", "linux-riscv64",
                             "--json");
    g_autoptr(QObject) b_doc = quern_json(b);
    QList *moved = qdict_get_qlist(qobject_to(QDict, b_doc), "ports-moved");
    g_assert_cmpuint(qlist_size(moved), ==, 1);
    g_assert_true(g_str_has_prefix(
        qstring_get_str(qobject_to(QString, qlist_entry(moved, 0))),
        "netdev net0: tcp host port 10022 is forwarded by profile 'a', "
        "moved to "));
    g_autoptr(Run) c = quern("clone", "a", "c");
    g_assert_cmpint(c->status, ==, 0);
    g_assert_true(g_str_has_prefix(c->out, "note: netdev net0: tcp host "
                                   "port 10022 is forwarded by profile 'a', "
                                   "moved to "));
    app_test_end();
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/app/cli/usage-and-help", test_usage_and_help);
    g_test_add_func("/app/cli/vm-end-to-end", test_vm_end_to_end);
    g_test_add_func("/app/cli/start-refuses-invalid-profile",
                    test_start_refuses_invalid_profile);
    g_test_add_func("/app/cli/catalog-and-templates",
                    test_catalog_and_templates);
    g_test_add_func("/app/cli/show-dead-vm", test_show_dead_vm);
    g_test_add_func("/app/cli/port-moves-noted", test_port_moves_noted);
    return g_test_run();
}
