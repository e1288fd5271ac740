/* The human monitor and character devices through the real engine: HMP on
 * a unix socket and on a pty, typed at as a user would, QMP on a chardev
 * given with -chardev + -mon, and a socket chardev whose backlog lets a
 * client that reconnects see what it missed. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <termios.h>
#include <unistd.h>

#include "engine-process.h"
#include "qjson.h"
#include "qlist.h"

static int connect_unix(const char *path)
{
    struct sockaddr_un sun = { .sun_family = AF_UNIX };
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

    g_strlcpy(sun.sun_path, path, sizeof(sun.sun_path));
    g_assert_cmpint(connect(fd, (struct sockaddr *)&sun, sizeof(sun)), ==, 0);
    return fd;
}

/* Reads from fd until text has appeared in what was read (20 s at most);
 * returns everything read. */
static char *read_until(int fd, const char *text)
{
    GString *got = g_string_new(NULL);

    while (!strstr(got->str, text)) {
        struct pollfd pfd = { .fd = fd, .events = POLLIN };
        char buf[4096];
        ssize_t n;

        if (poll(&pfd, 1, 20000) != 1) {
            g_error("waited for '%s', got only '%s'", text, got->str);
        }
        n = read(fd, buf, sizeof(buf));
        if (n < 0 && (errno == EINTR || errno == EAGAIN)) {
            continue;
        }
        if (n <= 0) {
            g_error("end of stream waiting for '%s' after '%s'", text,
                    got->str);
        }
        g_string_append_len(got, buf, n);
    }
    return g_string_free(got, FALSE);
}

static void type_line(int fd, const char *line)
{
    g_autofree char *text = g_strconcat(line, "\r", NULL);

    g_assert_cmpint(write(fd, text, strlen(text)), ==, (ssize_t)strlen(text));
}

/* HMP on a socket: the banner, the prompt, a command's output; after the
 * client goes and another comes, the backlog shows the first one's
 * session before anything new. */
static void test_hmp_on_socket_and_reconnect(void)
{
    g_autofree char *dir = g_dir_make_tmp("quern-mon-XXXXXX", NULL);
    g_autofree char *path = g_build_filename(dir, "hmp.sock", NULL);
    g_autofree char *chardev = g_strdup_printf(
        "socket,id=hmp0,path=%s,server=on,wait=off", path);
    const char *const args[] = {
        "-M", "none", "-nodefaults", "-display", "none",
        "-chardev", chardev, "-mon", "chardev=hmp0,mode=readline", NULL,
    };
    EngineProcess *e = engine_process_start(args);
    int fd = connect_unix(path);
    g_autofree char *banner = read_until(fd, "(qemu) ");
    g_autofree char *status = NULL, *replay = NULL;

    g_assert_nonnull(strstr(banner, "monitor - type 'help' for more "
                                    "information"));
    type_line(fd, "info status");
    status = read_until(fd, "VM status: running");
    close(fd);

    fd = connect_unix(path);
    replay = read_until(fd, "VM status: running");
    /* What the first client saw comes first, banner included. */
    g_assert_nonnull(strstr(replay, "monitor - type 'help'"));
    type_line(fd, "info name");
    g_free(read_until(fd, "(qemu) "));
    close(fd);
    g_assert_cmpint(engine_process_stop(e), ==, 0);
    g_assert_false(g_file_test(path, G_FILE_TEST_EXISTS));
}

/* HMP on a pty: query-chardev says where; the monitor answers there. */
static void test_hmp_on_pty(void)
{
    const char *const args[] = {
        "-M", "none", "-nodefaults", "-display", "none",
        "-chardev", "pty,id=tty0", "-mon", "chardev=tty0", NULL,
    };
    EngineProcess *e = engine_process_start(args);
    QmpClient *c = qmp_client_connect(e->qmp_path);
    g_autoptr(QObject) list = NULL;
    const char *pty = NULL;
    struct termios tio;
    int fd;

    qmp_client_negotiate(c);
    list = qmp_client_return(c, "{\"execute\": \"query-chardev\"}");
    for (size_t i = 0; i < qlist_size(qobject_to(QList, list)); i++) {
        QDict *info = qobject_to(QDict,
                                 qlist_entry(qobject_to(QList, list), i));

        if (g_str_equal(qdict_get_try_str(info, "label"), "tty0")) {
            pty = qdict_get_try_str(info, "filename");
        }
    }
    g_assert_nonnull(pty);
    g_assert_true(g_str_has_prefix(pty, "pty:/dev/pts/"));
    fd = open(pty + 4, O_RDWR | O_NOCTTY | O_CLOEXEC);
    g_assert_cmpint(fd, >=, 0);
    tcgetattr(fd, &tio);
    cfmakeraw(&tio);
    tcsetattr(fd, TCSANOW, &tio);
    g_free(read_until(fd, "(qemu) "));
    type_line(fd, "info version");
    g_free(read_until(fd, "7.2.0 (quern "));
    close(fd);
    qmp_client_close(c);
    g_assert_cmpint(engine_process_stop(e), ==, 0);
}

/* QMP on a chardev given the long way, -chardev + -mon mode=control, with
 * two clients on its socket at once. */
static void test_qmp_on_chardev(void)
{
    g_autofree char *dir = g_dir_make_tmp("quern-mon-XXXXXX", NULL);
    g_autofree char *path = g_build_filename(dir, "ctl.sock", NULL);
    g_autofree char *chardev = g_strdup_printf(
        "socket,id=ctl0,path=%s,server=on,wait=off", path);
    const char *const args[] = {
        "-M", "none", "-nodefaults", "-display", "none",
        "-chardev", chardev, "-mon", "chardev=ctl0,mode=control", NULL,
    };
    EngineProcess *e = engine_process_start(args);
    QmpClient *a = qmp_client_connect(path);
    QmpClient *b = qmp_client_connect(path);
    g_autoptr(QObject) sa = NULL, sb = NULL;

    qmp_client_negotiate(a);
    qmp_client_negotiate(b);
    sa = qmp_client_return(a, "{\"execute\": \"query-status\"}");
    sb = qmp_client_return(b, "{\"execute\": \"query-status\"}");
    g_assert_true(qobject_is_equal(sa, sb));
    qmp_client_close(a);
    qmp_client_close(b);
    g_assert_cmpint(engine_process_stop(e), ==, 0);
    g_assert_false(g_file_test(path, G_FILE_TEST_EXISTS));
}

/* Each -mon is a monitor of its own, whatever comes before it: a -qmp
 * followed by -mon readline keeps both. */
static void test_qmp_then_mon(void)
{
    g_autofree char *dir = g_dir_make_tmp("quern-mon-XXXXXX", NULL);
    g_autofree char *qmp_path = g_build_filename(dir, "first.sock", NULL);
    g_autofree char *hmp_path = g_build_filename(dir, "hmp.sock", NULL);
    g_autofree char *qmp = g_strdup_printf("unix:%s,server=on,wait=off",
                                           qmp_path);
    g_autofree char *chardev = g_strdup_printf(
        "socket,id=h0,path=%s,server=on,wait=off", hmp_path);
    const char *const args[] = {
        "-M", "none", "-nodefaults", "-display", "none",
        "-qmp", qmp, "-chardev", chardev, "-mon", "chardev=h0", NULL,
    };
    EngineProcess *e = engine_process_start(args);
    QmpClient *c = qmp_client_connect(qmp_path);
    int fd = connect_unix(hmp_path);
    g_autofree char *banner = read_until(fd, "(qemu) ");

    qmp_client_negotiate(c);
    close(fd);
    qmp_client_close(c);
    g_assert_cmpint(engine_process_stop(e), ==, 0);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/engine-monitors/hmp-on-socket-and-reconnect",
                    test_hmp_on_socket_and_reconnect);
    g_test_add_func("/engine-monitors/hmp-on-pty", test_hmp_on_pty);
    g_test_add_func("/engine-monitors/qmp-on-chardev", test_qmp_on_chardev);
    g_test_add_func("/engine-monitors/qmp-then-mon", test_qmp_then_mon);
    return g_test_run();
}
