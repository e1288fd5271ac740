/* Every way in is the same command (DESIGN.md, seams 4 and 5): the same VM
 * configured on the command line, by -readconfig of what that VM wrote,
 * and by QMP commands after -S gives the same configuration, `info qtree`
 * and `info qom-tree`; hot-plugged pieces and live changes show up in the
 * configuration read back. Plus the command line's own promises: help,
 * one-line errors with exit status 1, -pidfile, -daemonize. */
#include <string.h>
#include <unistd.h>

#include "engine-process.h"
#include "qjson.h"

typedef struct VmView {
    char *config;
    char *qtree;
    char *qom_tree;
} VmView;

static void vm_view_clear(VmView *v)
{
    g_free(v->config);
    g_free(v->qtree);
    g_free(v->qom_tree);
}

static char *query_config(QmpClient *c)
{
    g_autoptr(QObject) ret = qmp_client_return(
        c, "{\"execute\": \"query-vm-config\"}");

    return g_strdup(qdict_get_try_str(qobject_to(QDict, ret), "text"));
}

static VmView view_of(QmpClient *c)
{
    VmView v = {
        .config = query_config(c),
        .qtree = qmp_client_hmp(c, "info qtree"),
        .qom_tree = qmp_client_hmp(c, "info qom-tree"),
    };
    return v;
}

static void assert_same_view(const VmView *a, const VmView *b)
{
    g_assert_cmpstr(a->config, ==, b->config);
    g_assert_cmpstr(a->qtree, ==, b->qtree);
    g_assert_cmpstr(a->qom_tree, ==, b->qom_tree);
}

static char *make_image(const char *dir, const char *name, size_t size)
{
    char *path = g_build_filename(dir, name, NULL);
    g_autofree char *zeros = g_malloc0(size);

    g_assert_true(g_file_set_contents(path, zeros, (gssize)size, NULL));
    return path;
}

static void rm_rf(const char *dir)
{
    g_autofree char *cmd = g_strdup_printf("rm -rf '%s'", dir);

    g_assert_cmpint(system(cmd), ==, 0);
}

static void test_three_front_doors(void)
{
    g_autofree char *dir = g_dir_make_tmp("quern-doors-XXXXXX", NULL);
    g_autofree char *disk = make_image(dir, "disk.img", 1 << 20);
    g_autofree char *drive = g_strdup_printf(
        "driver=file,node-name=disk0,filename=%s", disk);
    g_autofree char *cfg_path = g_build_filename(dir, "vm.cfg", NULL);
    const char *const cmdline[] = {
        "-M", "none", "-display", "none", "-nodefaults", "-S",
        "-m", "64", "-name", "doors",
        "-object", "rng-random,id=rng0,filename=/dev/urandom",
        "-object", "rng-builtin,id=rng1",
        "-chardev", "ringbuf,id=log0,size=4096",
        "-chardev", "null,id=null0",
        "-blockdev", drive,
        NULL,
    };
    const char *const base[] = {
        "-M", "none", "-display", "none", "-nodefaults", "-S",
        "-m", "64", "-name", "doors", NULL,
    };
    VmView by_options, by_file, by_qmp;
    EngineProcess *e;
    QmpClient *c;

    /* 1. Options. */
    e = engine_process_start(cmdline);
    c = qmp_client_connect(e->qmp_path);
    qmp_client_negotiate(c);
    by_options = view_of(c);
    g_assert_nonnull(strstr(by_options.config, "[object \"rng1\"]\n"
                                               "  qom-type = \"rng-builtin\""));
    g_assert_nonnull(strstr(by_options.config, "[blockdev \"disk0\"]"));
    /* The QMP socket the test came in by is not part of the VM. */
    g_assert_null(strstr(by_options.config, "qmp.sock"));
    qmp_client_close(c);
    g_assert_cmpint(engine_process_stop(e), ==, 0);

    /* 2. The configuration it wrote, read back. */
    g_assert_true(g_file_set_contents(cfg_path, by_options.config, -1, NULL));
    {
        const char *const args[] = {
            "-display", "none", "-nodefaults", "-S", "-readconfig", cfg_path,
            NULL,
        };

        e = engine_process_start(args);
    }
    c = qmp_client_connect(e->qmp_path);
    qmp_client_negotiate(c);
    by_file = view_of(c);
    qmp_client_close(c);
    g_assert_cmpint(engine_process_stop(e), ==, 0);
    assert_same_view(&by_options, &by_file);

    /* 3. QMP commands after -S. */
    e = engine_process_start(base);
    c = qmp_client_connect(e->qmp_path);
    qmp_client_negotiate(c);
    qobject_unref(qmp_client_return(c, "{\"execute\": \"object-add\", "
        "\"arguments\": {\"qom-type\": \"rng-random\", \"id\": \"rng0\", "
        "\"filename\": \"/dev/urandom\"}}"));
    qobject_unref(qmp_client_return(c, "{\"execute\": \"object-add\", "
        "\"arguments\": {\"qom-type\": \"rng-builtin\", \"id\": \"rng1\"}}"));
    qobject_unref(qmp_client_return(c, "{\"execute\": \"chardev-add\", "
        "\"arguments\": {\"id\": \"log0\", \"backend\": {\"type\": "
        "\"ringbuf\", \"data\": {\"size\": 4096}}}}"));
    qobject_unref(qmp_client_return(c, "{\"execute\": \"chardev-add\", "
        "\"arguments\": {\"id\": \"null0\", \"backend\": {\"type\": "
        "\"null\", \"data\": {}}}}"));
    qobject_unref(qmp_client_callf(c, "{\"execute\": \"blockdev-add\", "
        "\"arguments\": {\"driver\": \"file\", \"node-name\": \"disk0\", "
        "\"filename\": \"%s\"}}", disk));
    by_qmp = view_of(c);
    qmp_client_close(c);
    g_assert_cmpint(engine_process_stop(e), ==, 0);
    /* QMP's typed values come back as the text an option would give. */
    assert_same_view(&by_options, &by_qmp);

    vm_view_clear(&by_options);
    vm_view_clear(&by_file);
    vm_view_clear(&by_qmp);
    rm_rf(dir);
}

/* What changes at run time is in the configuration read back, and what
 * goes is not. */
static void test_config_follows_the_running_vm(void)
{
    const char *const args[] = {
        "-M", "none", "-display", "none", "-nodefaults",
        "-object", "rng-builtin,id=rng0", NULL,
    };
    EngineProcess *e = engine_process_start(args);
    QmpClient *c = qmp_client_connect(e->qmp_path);
    g_autofree char *before = NULL, *after = NULL, *gone = NULL;

    qmp_client_negotiate(c);
    before = query_config(c);
    g_assert_null(strstr(before, "rb9"));
    qobject_unref(qmp_client_return(c, "{\"execute\": \"chardev-add\", "
        "\"arguments\": {\"id\": \"rb9\", \"backend\": {\"type\": "
        "\"ringbuf\", \"data\": {}}}}"));
    after = query_config(c);
    g_assert_nonnull(strstr(after, "[chardev \"rb9\"]\n"
                                   "  backend = \"ringbuf\""));
    qobject_unref(qmp_client_return(c, "{\"execute\": \"object-del\", "
        "\"arguments\": {\"id\": \"rng0\"}}"));
    gone = query_config(c);
    g_assert_null(strstr(gone, "rng0"));
    qmp_client_close(c);
    g_assert_cmpint(engine_process_stop(e), ==, 0);
}

/* A profile's own groups (a front-end's notes) do not stop the engine and
 * come back as they were. */
static void test_foreign_groups_kept(void)
{
    g_autofree char *dir = g_dir_make_tmp("quern-doors-XXXXXX", NULL);
    g_autofree char *path = g_build_filename(dir, "vm.cfg", NULL);
    const char *const args[] = {
        "-display", "none", "-nodefaults", "-readconfig", path, NULL,
    };
    EngineProcess *e;
    QmpClient *c;
    g_autofree char *config = NULL;

    g_assert_true(g_file_set_contents(path,
        "# a profile\n[machine]\n  type = \"none\"\n[quern]\n"
        "  description = \"a test VM\"\n", -1, NULL));
    e = engine_process_start(args);
    c = qmp_client_connect(e->qmp_path);
    qmp_client_negotiate(c);
    config = query_config(c);
    g_assert_nonnull(strstr(config, "[quern]\n"
                                    "  description = \"a test VM\"\n"));
    qmp_client_close(c);
    g_assert_cmpint(engine_process_stop(e), ==, 0);
    rm_rf(dir);
}

/* A bad option: one line naming it and what was expected, exit 1. */
static void test_bad_options(void)
{
    static const struct {
        const char *args[4];
        const char *line;
    } cases[] = {
        { { "-nope" }, "quern-engine: -nope: invalid option\n" },
        { { "-m" }, "quern-engine: -m: requires an argument" },
        { { "-m", "lots" }, "quern-engine: -m lots: parameter 'size' "
                            "expects a size" },
        { { "-M", "pc" }, "quern-engine: -M pc: unsupported machine type "
                          "'pc'" },
        { { "-accel", "kvm" }, "quern-engine: -accel kvm: invalid "
                               "accelerator kvm" },
        { { "-display", "gtk" }, "quern-engine: -display gtk: Display "
                                 "'gtk' is not available" },
        { { "-device", "nope" }, "quern-engine: -device nope: 'nope' is "
                                 "not a device type" },
        { { "-chardev", "null" }, "quern-engine: -chardev null: chardev "
                                  "needs an 'id'" },
        { { "-object", "rng-random,id=r,filename=/nonexistent" },
          "quern-engine: -object rng-random,id=r,filename=/nonexistent: "
          "rng-random: cannot open '/nonexistent'" },
        { { "-readconfig", "/nonexistent.cfg" },
          "quern-engine: -readconfig /nonexistent.cfg: " },
        { { "-smp", "9" }, "quern-engine: -M none: " },
    };

    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_autofree char *out = NULL, *err = NULL;
        const char *args[8] = { "-M", "none", "-nodefaults" };
        size_t n = 3;
        int status;

        for (size_t a = 0; a < 4 && cases[i].args[a]; a++) {
            args[n++] = cases[i].args[a];
        }
        if (g_str_equal(cases[i].args[0], "-M")) {
            args[0] = cases[i].args[0];
            args[1] = cases[i].args[1];
            n = 2;
            args[n++] = "-nodefaults";
        }
        args[n] = NULL;
        status = engine_process_run(args, &out, &err);
        g_assert_cmpint(status, ==, 1);
        g_assert_cmpstr(out, ==, "");
        if (!g_str_has_prefix(err, cases[i].line)) {
            g_error("case %zu: stderr was '%s', expected it to start '%s'",
                    i, err, cases[i].line);
        }
        /* One line (a hint may follow on its own line for a few). */
        g_assert_cmpint(strchr(err, '\n') - err + 1, <=, (long)strlen(err));
    }
}

static void test_help(void)
{
    static const struct {
        const char *args[3];
        const char *expect;
    } cases[] = {
        { { "-help" }, "-machine [type=]name" },
        { { "-version" }, "version 7.2.0 (quern " },
        { { "-machine", "help" }, "Supported machines are:\nnone " },
        { { "-machine", "none,help" }, "none-machine options:\n"
                                       "  append=<str>" },
        { { "-object", "help" }, "List of user creatable objects:" },
        { { "-object", "rng-random,help" },
          "rng-random options:\n  filename=<str>" },
        { { "-chardev", "help" }, "Available chardev backend types:" },
        { { "-device", "help" }, "devices:" },
        { { "-cpu", "help" }, "Available CPUs:" },
    };

    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_autofree char *out = NULL, *err = NULL;
        int status = engine_process_run(cases[i].args, &out, &err);

        g_assert_cmpint(status, ==, 0);
        g_assert_cmpstr(err, ==, "");
        if (!strstr(out, cases[i].expect)) {
            g_error("%s %s: '%s' not in: %s", cases[i].args[0],
                    cases[i].args[1] ? cases[i].args[1] : "",
                    cases[i].expect, out);
        }
    }
}

/* -pidfile holds the engine's pid while it runs and goes with it;
 * -daemonize returns once the VM is up, and the VM answers QMP. */
static void test_pidfile_and_daemonize(void)
{
    g_autofree char *dir = g_dir_make_tmp("quern-doors-XXXXXX", NULL);
    g_autofree char *pidfile = g_build_filename(dir, "pid", NULL);
    g_autofree char *sock = g_build_filename(dir, "qmp.sock", NULL);
    g_autofree char *qmp = g_strdup_printf("unix:%s,server=on,wait=off",
                                           sock);
    const char *const args[] = {
        "-M", "none", "-nodefaults", "-display", "none", "-daemonize",
        "-pidfile", pidfile, "-qmp", qmp, NULL,
    };
    g_autofree char *out = NULL, *err = NULL;
    g_autofree char *pid_text = NULL;
    QmpClient *c;
    long pid;

    g_assert_cmpint(engine_process_run(args, &out, &err), ==, 0);
    g_assert_true(g_file_get_contents(pidfile, &pid_text, NULL, NULL));
    pid = strtol(pid_text, NULL, 10);
    g_assert_cmpint(pid, >, 1);
    g_assert_cmpint(kill((pid_t)pid, 0), ==, 0);
    c = qmp_client_connect(sock);
    qmp_client_negotiate(c);
    qobject_unref(qmp_client_return(c, "{\"execute\": \"quit\"}"));
    /* Gone, and its pid file with it. (Not kill(pid, 0): in a container
     * nobody may reap the orphaned daemon, which lingers as a zombie.) */
    for (QDict *msg; (msg = qmp_client_receive(c));) {
        qobject_unref(msg);     /* SHUTDOWN, then the end of the stream */
    }
    for (int i = 0; i < 500 && g_file_test(pidfile, G_FILE_TEST_EXISTS);
         i++) {
        g_usleep(10000);
    }
    g_assert_false(g_file_test(pidfile, G_FILE_TEST_EXISTS));
    qmp_client_close(c);
    rm_rf(dir);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/engine-frontdoors/three-front-doors",
                    test_three_front_doors);
    g_test_add_func("/engine-frontdoors/config-follows-the-running-vm",
                    test_config_follows_the_running_vm);
    g_test_add_func("/engine-frontdoors/foreign-groups-kept",
                    test_foreign_groups_kept);
    g_test_add_func("/engine-frontdoors/bad-options", test_bad_options);
    g_test_add_func("/engine-frontdoors/help", test_help);
    g_test_add_func("/engine-frontdoors/pidfile-and-daemonize",
                    test_pidfile_and_daemonize);
    return g_test_run();
}
