/* Chardev logs through the real engine: a guest that floods its serial
 * port (console-flood.S) on `-serial unix:...,logfile=...,logsize=...`
 * leaves, after a kill -9, two bounded files that end with its newest
 * lines, in order, none missing at the seam; the options come back in the
 * VM's configuration; chardev-add's typed log options do too. */
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "engine-process.h"
#include "qjson.h"

#define LOG_LIMIT 65536

static char *query_config(QmpClient *c)
{
    g_autoptr(QObject) ret = qmp_client_return(
        c, "{\"execute\": \"query-vm-config\"}");

    return g_strdup(qdict_get_try_str(qobject_to(QDict, ret), "text"));
}

static void rm_rf(const char *dir)
{
    g_autofree char *cmd = g_strdup_printf("rm -rf '%s'", dir);

    g_assert_cmpint(system(cmd), ==, 0);
}

static off_t size_of(const char *path)
{
    struct stat st;

    return stat(path, &st) == 0 ? st.st_size : -1;
}

/* Waits (capped at a minute) until the log has been rotated and its new
 * file holds a few lines: the guest has written more than the bound. */
static void wait_for_rotation(const char *log, const char *old)
{
    int64_t deadline = g_get_monotonic_time() + 60 * G_USEC_PER_SEC;

    while (size_of(old) < 0 || size_of(log) < 1024) {
        g_assert_cmpint(g_get_monotonic_time(), <, deadline);
        g_usleep(20 * 1000);
    }
}

/* The lines of text after its first (maybe partial) one, up to its last
 * complete one, must be "line N\r" for consecutive N. Returns the last N. */
static guint64 assert_consecutive_lines(const char *text)
{
    g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
    guint n = g_strv_length(lines);
    guint64 expect = 0, last = 0;

    /* lines[0] may be cut by the rotation, lines[n - 1] by the kill. */
    g_assert_cmpuint(n, >, 100);
    for (guint i = 1; i + 1 < n; i++) {
        char *end = NULL;
        guint64 number;

        g_assert_true(g_str_has_prefix(lines[i], "line "));
        number = g_ascii_strtoull(lines[i] + 5, &end, 16);
        g_assert_cmpstr(end, ==, "\r");
        if (i > 1) {
            g_assert_cmpuint(number, ==, expect);
        }
        expect = number + 1;
        last = number;
    }
    return last;
}

static void flood_is_bounded_and_kept(void)
{
    g_autofree char *dir = g_dir_make_tmp("quern-conlog-XXXXXX", NULL);
    g_autofree char *log = g_build_filename(dir, "console.log", NULL);
    g_autofree char *old = g_strconcat(log, ".1", NULL);
    g_autofree char *serial = g_strdup_printf(
        "unix:%s/serial.sock,server=on,wait=off,logfile=%s,logsize=64K",
        dir, log);
    const char *const args[] = {
        "-M", "virt", "-display", "none", "-bios", "none",
        "-kernel", CONSOLE_FLOOD_ELF, "-serial", serial, NULL,
    };
    EngineProcess *e = engine_process_start(args);
    QmpClient *c = qmp_client_connect(e->qmp_path);
    g_autofree char *config = NULL, *expect = NULL;
    g_autofree char *older = NULL, *newer = NULL, *both = NULL;

    qmp_client_negotiate(c);
    config = query_config(c);
    expect = g_strdup_printf("[chardev \"serial0\"]\n"
                             "  backend = \"socket\"\n"
                             "  path = \"%s/serial.sock\"\n"
                             "  server = \"on\"\n"
                             "  wait = \"off\"\n"
                             "  logfile = \"%s\"\n"
                             "  logsize = \"64K\"\n", dir, log);
    g_assert_nonnull(strstr(config, expect));
    qmp_client_close(c);

    wait_for_rotation(log, old);
    /* Killed: no chance to flush anything; what is on disk is all. */
    g_assert_cmpint(kill(e->pid, SIGKILL), ==, 0);
    g_assert_cmpint(engine_process_wait(e), ==, 128 + SIGKILL);
    engine_process_stop(e);

    g_assert_cmpint(size_of(log), <=, LOG_LIMIT);
    g_assert_cmpint(size_of(old), <=, LOG_LIMIT);
    g_assert_true(g_file_get_contents(old, &older, NULL, NULL));
    g_assert_true(g_file_get_contents(log, &newer, NULL, NULL));
    both = g_strconcat(older, newer, NULL);
    /* More than one file's worth, and the newest line is past it. */
    g_assert_cmpuint(assert_consecutive_lines(both), >,
                     LOG_LIMIT / strlen("line 00000000\r\n"));
    rm_rf(dir);
}

/* chardev-add with QEMU's typed ChardevCommon members logs, and the
 * configuration read back has them as -chardev would spell them. */
static void chardev_add_logs(void)
{
    g_autofree char *dir = g_dir_make_tmp("quern-conlog-XXXXXX", NULL);
    g_autofree char *log = g_build_filename(dir, "rb.log", NULL);
    const char *const args[] = {
        "-M", "none", "-display", "none", "-nodefaults", "-S", NULL,
    };
    EngineProcess *e = engine_process_start(args);
    QmpClient *c = qmp_client_connect(e->qmp_path);
    g_autofree char *config = NULL, *expect = NULL, *add = NULL;
    g_autofree char *text = NULL;

    g_assert_true(g_file_set_contents(log, "kept\n", -1, NULL));
    qmp_client_negotiate(c);
    add = g_strdup_printf(
        "{\"execute\": \"chardev-add\", \"arguments\": {\"id\": \"rb0\", "
        "\"backend\": {\"type\": \"ringbuf\", \"data\": {\"logfile\": "
        "\"%s\", \"logappend\": true, \"logsize\": 1048576}}}}", log);
    qobject_unref(qmp_client_return(c, add));
    /* logappend: what the file held stays. */
    g_assert_true(g_file_get_contents(log, &text, NULL, NULL));
    g_assert_cmpstr(text, ==, "kept\n");
    config = query_config(c);
    expect = g_strdup_printf("[chardev \"rb0\"]\n"
                             "  backend = \"ringbuf\"\n"
                             "  logfile = \"%s\"\n"
                             "  logappend = \"on\"\n"
                             "  logsize = \"1048576\"\n", log);
    g_assert_nonnull(strstr(config, expect));
    qmp_client_expect_error(c, "{\"execute\": \"chardev-add\", \"arguments\":"
                            " {\"id\": \"rb1\", \"backend\": {\"type\": "
                            "\"null\", \"data\": {\"logfile\": "
                            "\"/nonexistent/x.log\"}}}}", "GenericError",
                            "cannot open log file '/nonexistent/x.log'");
    qmp_client_close(c);
    g_assert_cmpint(engine_process_stop(e), ==, 0);
    rm_rf(dir);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/chardev/log-engine/flood-is-bounded-and-kept",
                    flood_is_bounded_and_kept);
    g_test_add_func("/chardev/log-engine/chardev-add-logs",
                    chardev_add_logs);
    return g_test_run();
}
