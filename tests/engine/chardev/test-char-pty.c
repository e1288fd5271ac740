/* The pty back-end: the slave is opened as a terminal would be, and bytes
 * go both ways through the default main context (iterated, capped). */
#include "chardev.h"
#include "char-pty.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define ITER_CAP 2000000

typedef struct FrontEnd {
    GString *input;
} FrontEnd;

static void fe_read(void *opaque, const uint8_t *buf, size_t len)
{
    g_string_append_len(((FrontEnd *)opaque)->input, (const char *)buf, len);
}

/* Runs the loop and reads fd until `expect` arrived in full. */
static void assert_slave_reads(int fd, const char *expect)
{
    g_autoptr(GString) got = g_string_new(NULL);

    for (int i = 0; got->len < strlen(expect) && i < ITER_CAP; i++) {
        char buf[256];
        ssize_t n;

        g_main_context_iteration(NULL, FALSE);
        n = read(fd, buf, sizeof(buf));
        if (n > 0) {
            g_string_append_len(got, buf, n);
        }
    }
    g_assert_cmpstr(got->str, ==, expect);
}

static void pty_exchanges_bytes(void)
{
    g_autoptr(Chardev) chr = chardev_new_from_keyval("pty,id=p0",
                                                     &error_abort);
    FrontEnd fe = { .input = g_string_new(NULL) };
    const char *path = char_pty_get_path(chr);
    int fd;

    g_assert_nonnull(path);
    g_assert_true(g_str_has_prefix(path, "/dev/pts/"));
    /* Output before anyone opened the slave waits in the tty. */
    chardev_write(chr, "early ", 6);
    fd = open(path, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
    g_assert_cmpint(fd, >=, 0);
    chardev_write(chr, "pong", 4);
    assert_slave_reads(fd, "early pong");

    chardev_set_handlers(chr, NULL, fe_read, NULL, &fe);
    g_assert_cmpint(write(fd, "ping\n", 5), ==, 5);
    for (int i = 0; fe.input->len < 5 && i < ITER_CAP; i++) {
        g_main_context_iteration(NULL, FALSE);
    }
    /* Raw mode: no echo, no line editing, the newline unchanged. */
    g_assert_cmpstr(fe.input->str, ==, "ping\n");
    assert_slave_reads(fd, "");

    close(fd);
    chardev_set_handlers(chr, NULL, NULL, NULL, NULL);
    g_string_free(fe.input, TRUE);
    g_assert_true(chardev_remove("p0", &error_abort));
}

static void pty_announces_path(void)
{
    if (g_test_subprocess()) {
        g_autoptr(Chardev) chr = chardev_new_from_keyval("pty,id=serial0",
                                                         &error_abort);

        fprintf(stderr, "path=%s\n", char_pty_get_path(chr));
        return;
    }
    g_test_trap_subprocess(NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
    g_test_trap_assert_passed();
    g_test_trap_assert_stderr("char device redirected to /dev/pts/* "
                              "(label serial0)\npath=/dev/pts/*");
}

static void pty_path_of_other_backend(void)
{
    g_autoptr(Chardev) chr = chardev_new_from_keyval("null,id=n0",
                                                     &error_abort);

    g_assert_null(char_pty_get_path(chr));
    g_assert_true(chardev_remove("n0", &error_abort));
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/chardev/pty/exchanges-bytes", pty_exchanges_bytes);
    g_test_add_func("/chardev/pty/announces-path", pty_announces_path);
    g_test_add_func("/chardev/pty/path-of-other-backend",
                    pty_path_of_other_backend);
    return g_test_run();
}
