/* Character devices: back-ends on real files and unix sockets in a temp
 * dir, the backlog, both creation forms, the QOM path. No sleeps: the tests
 * iterate the default main context until a condition holds (capped). */
#include "chardev.h"
#include "char-ringbuf.h"
#include "char-socket.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <glib-unix.h>

#define ITER_CAP 2000000

static char *tmpdir;

static char *tmp_path(const char *name)
{
    return g_build_filename(tmpdir, name, NULL);
}

static int unix_connect(const char *path)
{
    struct sockaddr_un sun = { .sun_family = AF_UNIX };
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

    g_assert_cmpint(fd, >=, 0);
    g_strlcpy(sun.sun_path, path, sizeof(sun.sun_path));
    g_assert_cmpint(connect(fd, (struct sockaddr *)&sun, sizeof(sun)), ==, 0);
    g_assert_true(g_unix_set_fd_nonblocking(fd, TRUE, NULL));
    return fd;
}

/* Runs the loop and reads fd until `want` bytes arrived; returns them. */
static GString *recv_until(int fd, size_t want)
{
    GString *got = g_string_new(NULL);

    for (int i = 0; got->len < want && i < ITER_CAP; i++) {
        char buf[4096];
        ssize_t n;

        g_main_context_iteration(NULL, FALSE);
        n = recv(fd, buf, sizeof(buf), MSG_DONTWAIT);
        if (n > 0) {
            g_string_append_len(got, buf, n);
        }
    }
    g_assert_cmpuint(got->len, ==, want);
    return got;
}

static void assert_recv(int fd, const char *expect)
{
    GString *got = recv_until(fd, strlen(expect));

    g_assert_cmpstr(got->str, ==, expect);
    g_string_free(got, TRUE);
}

static void run_until_connected(Chardev *chr, bool connected)
{
    for (int i = 0; char_socket_is_connected(chr) != connected &&
         i < ITER_CAP; i++) {
        g_main_context_iteration(NULL, FALSE);
    }
    g_assert_true(char_socket_is_connected(chr) == connected);
}

static Chardev *new_keyval(const char *fmt, ...) G_GNUC_PRINTF(1, 2);
static Chardev *new_keyval(const char *fmt, ...)
{
    va_list ap;
    g_autofree char *params = NULL;
    Chardev *chr;

    va_start(ap, fmt);
    params = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    chr = chardev_new_from_keyval(params, &error_abort);
    return chr;
}

static void ringbuf_keeps_newest(void)
{
    g_autoptr(Chardev) chr = new_keyval("ringbuf,id=rb0,size=16");
    g_autofree char *first = NULL;
    g_autofree char *rest = NULL;
    size_t len;

    chardev_write(chr, "0123456789abcdefXYZ", 19);
    first = ringbuf_read(chr, 4, &len, &error_abort);
    g_assert_cmpuint(len, ==, 4);
    g_assert_cmpstr(first, ==, "3456");
    rest = ringbuf_read(chr, 100, &len, &error_abort);
    g_assert_cmpstr(rest, ==, "789abcdefXYZ");
    g_assert_cmpuint(chardev_get_dropped(chr), ==, 3);
    g_assert_true(chardev_remove("rb0", &error_abort));
}

static void ringbuf_size_must_be_power_of_two(void)
{
    g_autoptr(Error) err = NULL;

    g_assert_null(chardev_new_from_keyval("ringbuf,id=rb1,size=24", &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "chardev 'rb1': ringbuf size must be a power of two "
                    "up to 1 GiB");
    g_assert_null(chardev_find("rb1"));
}

static void file_appends(void)
{
    g_autofree char *path = tmp_path("out.log");
    g_autofree char *text = NULL;

    g_assert_true(g_file_set_contents(path, "old\n", -1, NULL));
    {
        g_autoptr(Chardev) chr = new_keyval("file,id=f0,path=%s,append=on",
                                            path);
        chardev_write(chr, "new\n", 4);
        g_assert_true(chardev_remove("f0", &error_abort));
    }
    g_assert_true(g_file_get_contents(path, &text, NULL, NULL));
    g_assert_cmpstr(text, ==, "old\nnew\n");
    g_clear_pointer(&text, g_free);
    {
        g_autoptr(Chardev) chr = new_keyval("file,id=f1,path=%s", path);
        chardev_write(chr, "fresh\n", 6);
        g_assert_true(chardev_remove("f1", &error_abort));
    }
    g_assert_true(g_file_get_contents(path, &text, NULL, NULL));
    g_assert_cmpstr(text, ==, "fresh\n");
}

/* A late client first gets the backlog, then live output; one that comes
 * back after a disconnect gets all the ring kept, the gap included. */
static void socket_server_backlog_then_live(void)
{
    g_autofree char *path = tmp_path("srv.sock");
    g_autoptr(Chardev) chr = new_keyval(
        "socket,id=s0,path=%s,server=on,wait=off", path);
    int fd;

    chardev_write(chr, "before;", 7);
    fd = unix_connect(path);
    assert_recv(fd, "before;");
    run_until_connected(chr, true);
    chardev_write(chr, "after;", 6);
    assert_recv(fd, "after;");

    close(fd);
    run_until_connected(chr, false);
    chardev_write(chr, "away;", 5);
    fd = unix_connect(path);
    assert_recv(fd, "before;after;away;");
    chardev_write(chr, "back;", 5);
    assert_recv(fd, "back;");
    close(fd);
    g_assert_cmpuint(chardev_get_dropped(chr), ==, 0);
    g_assert_true(chardev_remove("s0", &error_abort));
    object_unref(g_steal_pointer(&chr));    /* the last reference */
    g_assert_false(g_file_test(path, G_FILE_TEST_EXISTS));
}

/* No client, then a client that never reads: writes return at once and
 * the backlog stays at its bound. */
static void socket_write_never_blocks(void)
{
    g_autofree char *path = tmp_path("slow.sock");
    g_autoptr(Chardev) chr = new_keyval(
        "socket,id=s1,path=%s,server=on,wait=off", path);
    char chunk[4096];
    GString *got;
    int fd;

    for (size_t i = 0; i < 2048; i++) {  /* 8 MiB */
        memset(chunk, 'a' + i % 26, sizeof(chunk));
        g_assert_cmpuint(chardev_write(chr, chunk, sizeof(chunk)), ==,
                         sizeof(chunk));
        g_assert_cmpuint(char_ring_used(&chr->backlog), <=,
                         CHARDEV_BACKLOG_SIZE);
    }
    fd = unix_connect(path);
    got = recv_until(fd, CHARDEV_BACKLOG_SIZE);
    /* The newest 64 KiB: the last 16 chunks. */
    g_assert_cmpint(got->str[0], ==, 'a' + (2048 - 16) % 26);
    g_assert_cmpint(got->str[got->len - 1], ==, 'a' + 2047 % 26);
    g_string_free(got, TRUE);

    /* Now the client stops reading. */
    for (size_t i = 0; i < 2048; i++) {
        chardev_write(chr, chunk, sizeof(chunk));
        g_main_context_iteration(NULL, FALSE);
    }
    g_assert_cmpuint(char_ring_used(&chr->backlog), ==, CHARDEV_BACKLOG_SIZE);
    g_assert_cmpuint(chardev_get_dropped(chr), >, 0);
    close(fd);
    g_assert_true(chardev_remove("s1", &error_abort));
}

typedef struct FrontEnd {
    GString *input;
    int opened;
    int closed;
} FrontEnd;

static void fe_read(void *opaque, const uint8_t *buf, size_t len)
{
    g_string_append_len(((FrontEnd *)opaque)->input, (const char *)buf, len);
}

static void fe_event(void *opaque, ChardevEvent event)
{
    FrontEnd *fe = opaque;

    if (event == CHARDEV_EVENT_OPENED) {
        fe->opened++;
    } else {
        fe->closed++;
    }
}

static int unix_listen(const char *path)
{
    struct sockaddr_un sun = { .sun_family = AF_UNIX };
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

    g_strlcpy(sun.sun_path, path, sizeof(sun.sun_path));
    g_assert_cmpint(bind(fd, (struct sockaddr *)&sun, sizeof(sun)), ==, 0);
    g_assert_cmpint(listen(fd, 1), ==, 0);
    return fd;
}

static void socket_client_reconnects(void)
{
    g_autofree char *path = tmp_path("late.sock");
    g_autoptr(Chardev) chr = new_keyval(
        "socket,id=s2,path=%s,reconnect-ms=20", path);
    FrontEnd fe = { .input = g_string_new(NULL) };
    int lfd, conn;

    chardev_set_handlers(chr, NULL, fe_read, fe_event, &fe);
    g_assert_false(char_socket_is_connected(chr));
    chardev_write(chr, "early;", 6);

    lfd = unix_listen(path);
    for (int i = 0; !char_socket_is_connected(chr) && i < 1000; i++) {
        g_main_context_iteration(NULL, TRUE);
    }
    g_assert_true(char_socket_is_connected(chr));
    g_assert_cmpint(fe.opened, ==, 1);
    conn = accept(lfd, NULL, NULL);
    g_assert_cmpint(conn, >=, 0);
    g_assert_true(g_unix_set_fd_nonblocking(conn, TRUE, NULL));
    assert_recv(conn, "early;");

    g_assert_cmpint(send(conn, "ping", 4, 0), ==, 4);
    for (int i = 0; fe.input->len < 4 && i < ITER_CAP; i++) {
        g_main_context_iteration(NULL, FALSE);
    }
    g_assert_cmpstr(fe.input->str, ==, "ping");

    /* The server goes away and comes back: the client finds it again. */
    close(conn);
    run_until_connected(chr, false);
    g_assert_cmpint(fe.closed, ==, 1);
    for (int i = 0; !char_socket_is_connected(chr) && i < 1000; i++) {
        g_main_context_iteration(NULL, TRUE);
    }
    g_assert_true(char_socket_is_connected(chr));
    conn = accept(lfd, NULL, NULL);
    g_assert_true(g_unix_set_fd_nonblocking(conn, TRUE, NULL));
    assert_recv(conn, "early;");
    close(conn);
    close(lfd);
    chardev_set_handlers(chr, NULL, NULL, NULL, NULL);
    g_assert_true(chardev_remove("s2", &error_abort));
    g_string_free(fe.input, TRUE);
}

static void create_from_qdict(void)
{
    g_autofree char *path = tmp_path("qmp.sock");
    g_autoptr(QDict) args = qdict_new();
    QDict *backend = qdict_new();
    QDict *data = qdict_new();
    QDict *addr = qdict_new();
    QDict *addr_data = qdict_new();
    g_autoptr(Chardev) chr = NULL;
    g_autofree char *qom_path = NULL;
    int fd;

    qdict_put_str(addr_data, "path", path);
    qdict_put_str(addr, "type", "unix");
    qdict_put_obj(addr, "data", QOBJECT(addr_data));
    qdict_put_obj(data, "addr", QOBJECT(addr));
    qdict_put_bool(data, "server", true);
    qdict_put_bool(data, "wait", false);
    qdict_put_str(backend, "type", "socket");
    qdict_put_obj(backend, "data", QOBJECT(data));
    qdict_put_str(args, "id", "c0");
    qdict_put_obj(args, "backend", QOBJECT(backend));

    chr = chardev_new_from_qdict(args, &error_abort);
    qom_path = object_get_canonical_path(OBJECT(chr));
    g_assert_cmpstr(qom_path, ==, "/chardevs/c0");
    g_assert_true(object_resolve_path("/chardevs/c0", NULL) == OBJECT(chr));
    g_assert_true(chardev_find("c0") == chr);
    chardev_write(chr, "hello", 5);
    fd = unix_connect(path);
    assert_recv(fd, "hello");
    close(fd);
    g_assert_true(chardev_remove("c0", &error_abort));
    g_assert_null(chardev_find("c0"));
    g_assert_null(object_resolve_path("/chardevs/c0", NULL));
}

static void expect_keyval_error(const char *params, const char *message)
{
    g_autoptr(Error) err = NULL;

    g_assert_null(chardev_new_from_keyval(params, &err));
    g_assert_nonnull(err);
    g_assert_cmpstr(error_get_pretty(err), ==, message);
}

static void creation_errors(void)
{
    g_autoptr(QDict) args = qdict_new();
    QDict *backend = qdict_new();
    g_autoptr(Error) err = NULL;
    g_autoptr(Chardev) chr = NULL;

    expect_keyval_error("x,id=c0", "unknown chardev backend 'x'");
    expect_keyval_error("chardev,id=c0", "unknown chardev backend 'chardev'");
    expect_keyval_error("socket,id=c0,server=on", "chardev 'c0' needs 'path'");
    expect_keyval_error("file,id=c0", "chardev 'c0' needs 'path'");
    expect_keyval_error("null", "chardev needs an 'id'");
    expect_keyval_error("null,id=c0,bogus=1",
                        "chardev 'c0': unknown option 'bogus'");
    expect_keyval_error("socket,id=c0,path=/nonexistent/x,server=maybe",
                        "chardev 'c0': 'server' must be on or off");
    expect_keyval_error("socket,id=c0,path=/x,server=on,wait=on",
                        "chardev 'c0': wait=on is not supported");
    expect_keyval_error("ringbuf,id=c0,size=-1",
                        "chardev 'c0': 'size' must be a non-negative integer");

    chr = chardev_new_from_keyval("null,id=dup", &error_abort);
    expect_keyval_error("null,id=dup", "chardev 'dup' already exists");
    g_assert_true(chardev_remove("dup", &error_abort));
    g_assert_false(chardev_remove("dup", &err));
    g_assert_cmpstr(error_get_pretty(err), ==, "chardev 'dup' does not exist");
    g_clear_pointer(&err, error_free);

    qdict_put_str(backend, "type", "x");
    qdict_put_str(args, "id", "c0");
    qdict_put_obj(args, "backend", QOBJECT(backend));
    g_assert_null(chardev_new_from_qdict(args, &err));
    g_assert_cmpstr(error_get_pretty(err), ==, "unknown chardev backend 'x'");
    g_clear_pointer(&err, error_free);
    qdict_put_str(backend, "type", "socket");
    g_assert_null(chardev_new_from_qdict(args, &err));
    g_assert_cmpstr(error_get_pretty(err), ==, "chardev 'c0' needs 'path'");
    g_assert_null(chardev_find("c0"));
}

/* The client with reconnect in seconds and no server yet still creates;
 * without reconnect the failed connect is an error. */
static void socket_client_options(void)
{
    g_autofree char *path = tmp_path("none.sock");
    g_autoptr(Chardev) chr = new_keyval("socket,id=s3,path=%s,reconnect=1",
                                        path);
    g_autoptr(Error) err = NULL;
    g_autofree char *params = g_strdup_printf("socket,id=s4,path=%s", path);

    g_assert_false(char_socket_is_connected(chr));
    g_assert_null(chardev_new_from_keyval(params, &err));
    g_assert_true(g_str_has_prefix(error_get_pretty(err),
                                   "chardev 's4': cannot connect to"));
    g_assert_true(chardev_remove("s3", &error_abort));
}

int main(int argc, char **argv)
{
    int ret;

    g_test_init(&argc, &argv, NULL);
    tmpdir = g_dir_make_tmp("quern-chardev-XXXXXX", NULL);
    g_assert_nonnull(tmpdir);
    g_test_add_func("/chardev/ringbuf/keeps-newest", ringbuf_keeps_newest);
    g_test_add_func("/chardev/ringbuf/size-power-of-two",
                    ringbuf_size_must_be_power_of_two);
    g_test_add_func("/chardev/file/appends", file_appends);
    g_test_add_func("/chardev/socket/server-backlog-then-live",
                    socket_server_backlog_then_live);
    g_test_add_func("/chardev/socket/write-never-blocks",
                    socket_write_never_blocks);
    g_test_add_func("/chardev/socket/client-reconnects",
                    socket_client_reconnects);
    g_test_add_func("/chardev/socket/client-options", socket_client_options);
    g_test_add_func("/chardev/create/qdict-and-qom-path", create_from_qdict);
    g_test_add_func("/chardev/create/errors", creation_errors);
    ret = g_test_run();
    {
        GDir *dir = g_dir_open(tmpdir, 0, NULL);
        const char *name;

        while (dir && (name = g_dir_read_name(dir))) {
            g_autofree char *p = tmp_path(name);
            g_unlink(p);
        }
        if (dir) {
            g_dir_close(dir);
        }
        g_rmdir(tmpdir);
        g_free(tmpdir);
    }
    return ret;
}
