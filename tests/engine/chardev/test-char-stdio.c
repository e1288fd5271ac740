/* The stdio back-end. Each case runs in a forked child whose stdin (and
 * sometimes stdout) is a pty slave or a pipe, so the runner's own terminal
 * is never touched; the parent watches the terminal through its own
 * descriptor for the slave. Child and parent step each other through
 * pipes, so nothing waits on time. */
#include "chardev.h"

#include <errno.h>
#include <pty.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include <sys/wait.h>

#define ITER_CAP 2000000

typedef struct Child {
    pid_t pid;
    int to_child;               /* commands: 'x' exit, 'f' finalize */
    int from_child;             /* 'R' when the chardev is open, 'F' after */
} Child;

typedef struct FrontEnd {
    GString *input;
} FrontEnd;

static void fe_read(void *opaque, const uint8_t *buf, size_t len)
{
    g_string_append_len(((FrontEnd *)opaque)->input, (const char *)buf, len);
}

static char read_byte(int fd)
{
    char c = 0;
    ssize_t n;

    do {
        n = read(fd, &c, 1);
    } while (n < 0 && errno == EINTR);
    return n == 1 ? c : 0;
}

static void write_byte(int fd, char c)
{
    g_assert_cmpint(write(fd, &c, 1), ==, 1);
}

/* In the child: opens the chardev, says 'R', then obeys the parent. */
static void G_GNUC_NORETURN child_main(const char *params, int cmd, int rep)
{
    Chardev *chr = chardev_new_from_keyval(params, &error_abort);
    char c;

    write_byte(rep, 'R');
    c = read_byte(cmd);
    if (c == 'f') {
        g_assert_true(chardev_remove(chardev_get_label(chr), &error_abort));
        object_unref(OBJECT(chr));
        write_byte(rep, 'F');
        c = read_byte(cmd);
    }
    /* 'x' or the parent gone: a normal exit, atexit handlers and all. */
    exit(0);
}

/* Forks a child with `in` on fd 0 (and `out` on fd 1 unless -1) that opens
 * a chardev from params, and waits until it has. */
static Child child_start(const char *params, int in, int out)
{
    int cmd[2], rep[2];
    Child c;

    g_assert_cmpint(pipe(cmd), ==, 0);
    g_assert_cmpint(pipe(rep), ==, 0);
    c.pid = fork();
    g_assert_cmpint(c.pid, >=, 0);
    if (c.pid == 0) {
        close(cmd[1]);
        close(rep[0]);
        if (dup2(in, STDIN_FILENO) < 0 ||
            (out >= 0 && dup2(out, STDOUT_FILENO) < 0)) {
            _exit(99);
        }
        child_main(params, cmd[0], rep[1]);
    }
    close(cmd[0]);
    close(rep[1]);
    c.to_child = cmd[1];
    c.from_child = rep[0];
    g_assert_cmpint(read_byte(c.from_child), ==, 'R');
    return c;
}

/* Returns the child's wait status. */
static int child_finish(Child *c)
{
    int status;

    close(c->to_child);
    close(c->from_child);
    g_assert_cmpint(waitpid(c->pid, &status, 0), ==, c->pid);
    return status;
}

static void assert_exited_ok(int status)
{
    g_assert_true(WIFEXITED(status));
    g_assert_cmpint(WEXITSTATUS(status), ==, 0);
}

typedef struct Pty {
    int master;
    int slave;
} Pty;

/* A pty in the cooked mode a shell leaves: line editing and echo on. */
static Pty pty_open_cooked(void)
{
    Pty p;
    struct termios tio;

    g_assert_cmpint(openpty(&p.master, &p.slave, NULL, NULL, NULL), ==, 0);
    g_assert_cmpint(tcgetattr(p.slave, &tio), ==, 0);
    tio.c_lflag |= ICANON | ECHO | ISIG;
    tio.c_iflag |= ICRNL;
    g_assert_cmpint(tcsetattr(p.slave, TCSANOW, &tio), ==, 0);
    return p;
}

static void pty_close(Pty *p)
{
    close(p->master);
    close(p->slave);
}

static struct termios pty_get(const Pty *p)
{
    /* Zeroed: tcgetattr() leaves padding alone, and callers memcmp(). */
    struct termios tio;

    memset(&tio, 0, sizeof(tio));
    g_assert_cmpint(tcgetattr(p->slave, &tio), ==, 0);
    return tio;
}

static void assert_cooked(const Pty *p)
{
    struct termios tio = pty_get(p);

    g_assert_cmphex(tio.c_lflag & (ICANON | ECHO | ISIG), ==,
                    ICANON | ECHO | ISIG);
    g_assert_cmphex(tio.c_iflag & ICRNL, ==, ICRNL);
}

static void assert_raw(const Pty *p, bool isig)
{
    struct termios tio = pty_get(p);

    g_assert_cmphex(tio.c_lflag & (ICANON | ECHO), ==, 0);
    g_assert_cmphex(tio.c_iflag & ICRNL, ==, 0);
    g_assert_cmphex(tio.c_lflag & ISIG, ==, isig ? ISIG : 0);
    /* Output still turns "\n" into a new line. */
    g_assert_cmphex(tio.c_oflag & OPOST, ==, OPOST);
}

/* signal=on is the default: raw, but Ctrl-C still raises SIGINT. */
static void tty_is_raw_keeping_isig(void)
{
    Pty p = pty_open_cooked();
    Child c = child_start("stdio,id=s0", p.slave, -1);

    assert_raw(&p, true);
    write_byte(c.to_child, 'x');
    assert_exited_ok(child_finish(&c));
    pty_close(&p);
}

/* signal=off hands Ctrl-C to the guest. */
static void tty_signal_off_clears_isig(void)
{
    Pty p = pty_open_cooked();
    Child c = child_start("stdio,id=s0,signal=off", p.slave, -1);

    assert_raw(&p, false);
    write_byte(c.to_child, 'x');
    assert_exited_ok(child_finish(&c));
    assert_cooked(&p);
    pty_close(&p);
}

/* exit() with the chardev still open: the atexit path. */
static void tty_restored_at_exit(void)
{
    Pty p = pty_open_cooked();
    Child c = child_start("stdio,id=s0", p.slave, -1);

    assert_raw(&p, true);
    write_byte(c.to_child, 'x');
    assert_exited_ok(child_finish(&c));
    assert_cooked(&p);
    pty_close(&p);
}

/* A fatal signal: restored, and the child still dies of that signal. */
static void tty_restored_on_signal(gconstpointer data)
{
    int sig = GPOINTER_TO_INT(data);
    Pty p = pty_open_cooked();
    Child c = child_start("stdio,id=s0", p.slave, -1);
    int status;

    assert_raw(&p, true);
    g_assert_cmpint(kill(c.pid, sig), ==, 0);
    status = child_finish(&c);
    g_assert_true(WIFSIGNALED(status));
    g_assert_cmpint(WTERMSIG(status), ==, sig);
    assert_cooked(&p);
    pty_close(&p);
}

/* Removing the chardev restores while the process goes on. */
static void tty_restored_at_finalize(void)
{
    Pty p = pty_open_cooked();
    Child c = child_start("stdio,id=s0,signal=off", p.slave, -1);

    assert_raw(&p, false);
    write_byte(c.to_child, 'f');
    g_assert_cmpint(read_byte(c.from_child), ==, 'F');
    assert_cooked(&p);
    write_byte(c.to_child, 'x');
    assert_exited_ok(child_finish(&c));
    pty_close(&p);
}

/* Stdin a pipe, stdout a terminal: no terminal's settings change. */
static void not_a_tty_changes_no_termios(void)
{
    Pty p = pty_open_cooked();
    struct termios before = pty_get(&p);
    struct termios during;
    int in[2];
    Child c;

    g_assert_cmpint(pipe(in), ==, 0);
    c = child_start("stdio,id=s0,signal=off", in[0], p.slave);
    during = pty_get(&p);
    g_assert_cmpint(memcmp(&before, &during, sizeof(before)), ==, 0);
    write_byte(c.to_child, 'x');
    assert_exited_ok(child_finish(&c));
    close(in[0]);
    close(in[1]);
    pty_close(&p);
}

/* Runs in a child: stdin and stdout are pipes owned by the test. */
static void run_second_is_refused(void)
{
    g_autoptr(Chardev) first = chardev_new_from_keyval("stdio,id=a",
                                                       &error_abort);
    Error *err = NULL;

    g_assert_null(chardev_new_from_keyval("stdio,id=b", &err));
    g_assert_nonnull(err);
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "chardev 'b': stdio is already in use by chardev 'a'");
    error_free(err);
    /* The refused one undid nothing of the first's. */
    g_assert_true(chardev_find("a") == first);
    g_assert_true(chardev_remove("a", &error_abort));
    g_clear_pointer(&first, object_unref);
    /* Once the first is gone, stdio is free again. */
    first = chardev_new_from_keyval("stdio,id=b", &error_abort);
    g_assert_true(chardev_remove("b", &error_abort));
}

/* Runs in a child: stdin is a pipe the parent wrote "ping" into and
 * closed; output goes to the parent through a pipe. */
static void run_exchanges_bytes(void)
{
    g_autoptr(Chardev) chr = chardev_new_from_keyval("stdio,id=s0",
                                                     &error_abort);
    FrontEnd fe = { .input = g_string_new(NULL) };

    chardev_set_handlers(chr, NULL, fe_read, NULL, &fe);
    for (int i = 0; fe.input->len < 4 && i < ITER_CAP; i++) {
        g_main_context_iteration(NULL, FALSE);
    }
    g_assert_cmpstr(fe.input->str, ==, "ping");
    chardev_write(chr, "pong", 4);
    chardev_set_handlers(chr, NULL, NULL, NULL, NULL);
    g_string_free(fe.input, TRUE);
    g_assert_true(chardev_remove("s0", &error_abort));
}

/* Forks fn with pipes on stdin and stdout; returns what it printed. */
static char *run_on_pipes(void (*fn)(void), const char *input)
{
    int in[2], out[2];
    pid_t pid;
    int status;
    g_autoptr(GString) got = g_string_new(NULL);
    char buf[256];
    ssize_t n;

    g_assert_cmpint(pipe(in), ==, 0);
    g_assert_cmpint(pipe(out), ==, 0);
    pid = fork();
    g_assert_cmpint(pid, >=, 0);
    if (pid == 0) {
        close(in[1]);
        close(out[0]);
        if (dup2(in[0], STDIN_FILENO) < 0 || dup2(out[1], STDOUT_FILENO) < 0) {
            _exit(99);
        }
        fn();
        exit(0);
    }
    close(in[0]);
    close(out[1]);
    g_assert_cmpint(write(in[1], input, strlen(input)), ==,
                    (ssize_t)strlen(input));
    close(in[1]);
    while ((n = read(out[0], buf, sizeof(buf))) != 0) {
        if (n > 0) {
            g_string_append_len(got, buf, n);
        } else {
            g_assert_cmpint(errno, ==, EINTR);
        }
    }
    close(out[0]);
    g_assert_cmpint(waitpid(pid, &status, 0), ==, pid);
    assert_exited_ok(status);
    return g_string_free(g_steal_pointer(&got), FALSE);
}

/* Only one stdio chardev at a time, with a clear error for the second. */
static void second_is_refused(void)
{
    g_autofree char *out = run_on_pipes(run_second_is_refused, "");

    g_assert_cmpstr(out, ==, "");
}

/* Bytes from stdin reach the front-end; output reaches stdout. */
static void exchanges_bytes(void)
{
    g_autofree char *out = run_on_pipes(run_exchanges_bytes, "ping");

    g_assert_cmpstr(out, ==, "pong");
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/char-stdio/tty/is-raw-keeping-isig",
                    tty_is_raw_keeping_isig);
    g_test_add_func("/char-stdio/tty/signal-off-clears-isig",
                    tty_signal_off_clears_isig);
    g_test_add_func("/char-stdio/tty/restored-at-exit", tty_restored_at_exit);
    g_test_add_data_func("/char-stdio/tty/restored-on-sigterm",
                         GINT_TO_POINTER(SIGTERM), tty_restored_on_signal);
    g_test_add_data_func("/char-stdio/tty/restored-on-sigint",
                         GINT_TO_POINTER(SIGINT), tty_restored_on_signal);
    g_test_add_data_func("/char-stdio/tty/restored-on-sighup",
                         GINT_TO_POINTER(SIGHUP), tty_restored_on_signal);
    g_test_add_func("/char-stdio/tty/restored-at-finalize",
                    tty_restored_at_finalize);
    g_test_add_func("/char-stdio/not-a-tty/changes-no-termios",
                    not_a_tty_changes_no_termios);
    g_test_add_func("/char-stdio/second-is-refused", second_is_refused);
    g_test_add_func("/char-stdio/exchanges-bytes", exchanges_bytes);
    return g_test_run();
}
