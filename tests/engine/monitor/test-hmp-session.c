/* HMP sessions on chardevs, as the user at the other end sees them: bytes
 * typed into a ringbuf chardev's input, the terminal text read from its
 * output. A small fake command list answers so the tests need no
 * machine. */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <glib-unix.h>

#include "char-ringbuf.h"
#include "char-socket.h"
#include "hmp.h"
#include "qjson.h"

static bool fake_query_status(QDict *args, QObject **ret, Error **errp)
{
    *ret = qobject_from_json("{\"running\": true, \"singlestep\": false, "
                             "\"status\": \"running\"}", &error_abort);
    return true;
}

/* A command that takes the session's own chardev out of the tree while
 * the session is inside its read handler. */
static bool fake_chardev_remove(QDict *args, QObject **ret, Error **errp)
{
    return chardev_remove(qdict_get_try_str(args, "id"), errp);
}

static QmpCommandList *fakes;

static Chardev *ringbuf_new(const char *id)
{
    g_autoptr(QDict) opts = qdict_new();
    Chardev *chr = chardev_new(id, "ringbuf", opts, &error_abort);

    object_unref(chr);          /* /chardevs/<id> holds it */
    return chr;
}

static void type(Chardev *chr, const char *keys)
{
    g_assert_true(ringbuf_write(chr, keys, strlen(keys), &error_abort));
}

/* Everything the chardev printed since the last call. */
static char *screen(Chardev *chr)
{
    size_t len;

    return ringbuf_read(chr, CHARDEV_BACKLOG_SIZE, &len, &error_abort);
}

/* Whether what the chardev printed since the last call holds needle. */
static bool screen_has(Chardev *chr, const char *needle)
{
    g_autofree char *text = screen(chr);

    return strstr(text, needle) != NULL;
}

static void assert_screen(Chardev *chr, const char *expected)
{
    g_autofree char *text = screen(chr);

    g_assert_cmpstr(text, ==, expected);
}

/* Attaching greets like QEMU: the banner, then the prompt. */
static void test_banner_and_prompt(void)
{
    Chardev *chr = ringbuf_new("hmp0");
    g_autoptr(HmpSession) s = hmp_session_new(chr, fakes);

    assert_screen(chr, "QEMU 7.2.0 monitor - type 'help' for more "
                  "information\r\n(qemu) ");
    hmp_session_free(g_steal_pointer(&s));
    chardev_remove("hmp0", &error_abort);
}

/* The line is echoed, run, its output printed with "\r\n" line ends, and
 * the prompt comes back. */
static void test_command_output(void)
{
    Chardev *chr = ringbuf_new("hmp0");
    g_autoptr(HmpSession) s = hmp_session_new(chr, fakes);

    g_free(screen(chr));
    type(chr, "info status\r");
    assert_screen(chr, "info status\r\nVM status: running\r\n(qemu) ");
    type(chr, "info versoin\r\n");
    assert_screen(chr, "info versoin\r\nunknown command: 'info versoin'\r\n"
                  "(qemu) ");
    /* Edited with the keys, then run: what runs is the edited line. */
    type(chr, "info stat\033[D\033[D\033[D\033[D\033[D\033[K");
    type(chr, "\005us\r");
    g_assert_true(screen_has(chr, "VM status: running\r\n(qemu) "));
    hmp_session_free(g_steal_pointer(&s));
    chardev_remove("hmp0", &error_abort);
}

/* Tab completes a command name on the terminal. */
static void test_completion(void)
{
    Chardev *chr = ringbuf_new("hmp0");
    g_autoptr(HmpSession) s = hmp_session_new(chr, fakes);

    g_free(screen(chr));
    type(chr, "info sta\t");
    assert_screen(chr, "info sta" "tus ");
    type(chr, "\025qom-l\t");
    g_assert_true(screen_has(chr, "qom-list "));
    hmp_session_free(g_steal_pointer(&s));
    chardev_remove("hmp0", &error_abort);
}

/* Two sessions share nothing: input, output and history are each their
 * own. */
static void test_two_sessions_independent(void)
{
    Chardev *a = ringbuf_new("hmp-a");
    Chardev *b = ringbuf_new("hmp-b");
    g_autoptr(HmpSession) sa = hmp_session_new(a, fakes);
    g_autoptr(HmpSession) sb = hmp_session_new(b, fakes);

    g_free(screen(a));
    g_free(screen(b));
    type(a, "info status\r");
    type(b, "inf");
    g_assert_true(screen_has(a, "VM status: running"));
    assert_screen(b, "inf");
    /* Up in b: b has no history yet. */
    type(b, "\033[A");
    assert_screen(b, "");
    /* Up in a: a's last line. */
    type(a, "\033[A");
    assert_screen(a, "info status");
    hmp_session_free(g_steal_pointer(&sa));
    hmp_session_free(g_steal_pointer(&sb));
    chardev_remove("hmp-a", &error_abort);
    chardev_remove("hmp-b", &error_abort);
}

/* Freed, a session lets go of its chardev: input goes nowhere, and a new
 * session on the same chardev starts fresh with a greeting. */
static void test_free_detaches(void)
{
    Chardev *chr = ringbuf_new("hmp0");
    HmpSession *s = hmp_session_new(chr, fakes);

    g_free(screen(chr));
    type(chr, "info st");
    hmp_session_free(s);
    type(chr, "atus\r");
    assert_screen(chr, "info st");
    s = hmp_session_new(chr, fakes);
    assert_screen(chr, "QEMU 7.2.0 monitor - type 'help' for more "
                  "information\r\n(qemu) ");
    hmp_session_free(s);
    chardev_remove("hmp0", &error_abort);
}

/* A command removes the session's own chardev from the tree: the session
 * still holds it, finishes the line, and is freed cleanly. */
static void test_command_removes_own_chardev(void)
{
    Chardev *chr = ringbuf_new("hmp0");
    HmpSession *s = hmp_session_new(chr, fakes);

    g_free(screen(chr));
    type(chr, "chardev-remove hmp0\r");
    g_assert_null(chardev_find("hmp0"));
    assert_screen(chr, "chardev-remove hmp0\r\n(qemu) ");
    hmp_session_free(s);
}

/* A 100 KB line from a peer that never sends a newline in time: the
 * session keeps what fits, then says why the line did not run. */
static void test_overlong_line(void)
{
    Chardev *chr = ringbuf_new("hmp0");
    g_autoptr(HmpSession) s = hmp_session_new(chr, fakes);
    g_autofree char *big = g_strnfill(100 * 1024, 'x');

    g_free(screen(chr));
    type(chr, big);
    g_free(screen(chr));
    type(chr, "\r");
    assert_screen(chr, "\r\nError: line longer than 4096 bytes, ignored\r\n"
                  "(qemu) ");
    type(chr, "info status\r");
    g_assert_true(screen_has(chr, "VM status: running\r\n(qemu) "));
    hmp_session_free(g_steal_pointer(&s));
    chardev_remove("hmp0", &error_abort);
}

/* Random bytes, in random chunks: nothing crashes, nothing leaks (the
 * sanitizer build checks), and the session still answers afterwards. */
static void test_random_input(void)
{
    Chardev *chr = ringbuf_new("hmp0");
    g_autoptr(HmpSession) s = hmp_session_new(chr, fakes);
    static const char alphabet[] = "info stau qom-gt/\"\\ \t\r\n\033[ABCDHF~13"
                                   "\001\002\004\005\006\010\013\016\020"
                                   "\025\027\177\xc3\xa9\xff";

    for (int round = 0; round < 2000; round++) {
        size_t n = g_test_rand_int_range(1, 64);
        g_autofree uint8_t *buf = g_malloc(n);

        for (size_t i = 0; i < n; i++) {
            buf[i] = g_test_rand_bit()
                     ? (uint8_t)g_test_rand_int_range(0, 256)
                     : (uint8_t)alphabet[g_test_rand_int_range(
                           0, sizeof(alphabet) - 1)];
        }
        g_assert_true(ringbuf_write(chr, buf, n, &error_abort));
        g_free(screen(chr));
    }
    type(chr, "\025\r\025info status\r");
    g_assert_true(screen_has(chr, "VM status: running\r\n(qemu) "));
    hmp_session_free(g_steal_pointer(&s));
    chardev_remove("hmp0", &error_abort);
}

/* Loop iterations a socket test waits at most for something to arrive. */
#define ITER_CAP 2000000

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

/* Runs the loop and reads fd into got until it holds needle. */
static void recv_until(int fd, GString *got, const char *needle)
{
    for (int i = 0; !strstr(got->str, needle) && i < ITER_CAP; i++) {
        char buf[4096];
        ssize_t n;

        g_main_context_iteration(NULL, FALSE);
        n = recv(fd, buf, sizeof(buf), MSG_DONTWAIT);
        if (n > 0) {
            g_string_append_len(got, buf, n);
        }
    }
    g_assert_nonnull(strstr(got->str, needle));
}

static void send_all(int fd, const char *text)
{
    g_assert_cmpint(send(fd, text, strlen(text), MSG_NOSIGNAL), ==,
                    (ssize_t)strlen(text));
}

/* On a unix socket, as `-monitor unix:...,server=on` is used: each client
 * that connects is greeted, and what an earlier client half typed is
 * not part of the next one's line. */
static void test_socket_peers(void)
{
    g_autofree char *dir = g_dir_make_tmp("quern-hmp-XXXXXX", NULL);
    g_autofree char *path = g_build_filename(dir, "hmp.sock", NULL);
    g_autofree char *params = g_strdup_printf(
        "socket,id=hmp-sock,path=%s,server=on,wait=off", path);
    Chardev *chr = chardev_new_from_keyval(params, &error_abort);
    g_autoptr(HmpSession) s = NULL;
    g_autoptr(GString) got = g_string_new(NULL);
    int fd;

    object_unref(chr);          /* /chardevs/hmp-sock holds it */
    s = hmp_session_new(chr, fakes);
    fd = unix_connect(path);
    recv_until(fd, got, HMP_BANNER "\r\n(qemu) ");
    send_all(fd, "info status\r\n");
    recv_until(fd, got, "info status\r\nVM status: running\r\n(qemu) ");
    send_all(fd, "info st");
    recv_until(fd, got, "(qemu) info st");
    close(fd);
    for (int i = 0; char_socket_is_connected(chr) && i < ITER_CAP; i++) {
        g_main_context_iteration(NULL, FALSE);
    }
    g_assert_false(char_socket_is_connected(chr));

    /* The next client: the backlog first, then a greeting of its own. */
    g_string_truncate(got, 0);
    fd = unix_connect(path);
    recv_until(fd, got, "(qemu) info st" HMP_BANNER "\r\n(qemu) ");
    send_all(fd, "atus\r\n");
    recv_until(fd, got, "atus\r\nunknown command: 'atus'\r\n(qemu) ");
    close(fd);
    hmp_session_free(g_steal_pointer(&s));
    chardev_remove("hmp-sock", &error_abort);
    g_rmdir(dir);
}

int main(int argc, char **argv)
{
    int ret;

    g_test_init(&argc, &argv, NULL);
    fakes = qmp_command_list_new();
    qmp_register_command(fakes, "query-status", fake_query_status,
                         QCO_NO_OPTIONS, 0);
    qmp_register_command(fakes, "chardev-remove", fake_chardev_remove,
                         QCO_NO_OPTIONS, 0);
    g_test_add_func("/hmp-session/greets-with-banner-and-prompt",
                    test_banner_and_prompt);
    g_test_add_func("/hmp-session/runs-lines-crlf-output",
                    test_command_output);
    g_test_add_func("/hmp-session/tab-completes", test_completion);
    g_test_add_func("/hmp-session/two-sessions-independent",
                    test_two_sessions_independent);
    g_test_add_func("/hmp-session/free-detaches", test_free_detaches);
    g_test_add_func("/hmp-session/command-removes-own-chardev",
                    test_command_removes_own_chardev);
    g_test_add_func("/hmp-session/socket-greets-each-peer",
                    test_socket_peers);
    g_test_add_func("/hmp-session/overlong-line-refused",
                    test_overlong_line);
    g_test_add_func("/hmp-session/random-input", test_random_input);
    ret = g_test_run();
    qmp_command_list_free(fakes);
    return ret;
}
