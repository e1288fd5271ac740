/* Test support: see libqtest.h. */
#include "libqtest.h"

#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#define READ_TIMEOUT_MS 20000
/* Pins a test may watch: more than any controller here has. */
#define QTEST_MAX_IRQ 1024
/* Per request, below the server's limits (QTEST_MAX_READ, and a write
 * line well under QTEST_MAX_LINE). */
#define QTEST_CHUNK ((size_t)16 * 1024)

struct QTestState {
    EngineProcess *engine;
    char *dir;                  /* holds the qtest socket */
    int fd;
    GString *inbuf;
    QmpClient *qmp;
    bool irq_level[QTEST_MAX_IRQ];
};

/* Engines to kill if the test aborts (g_error, a failed assertion): a
 * fixed table, as the handler runs in a signal. */
static GPid live_engines[16];

static void kill_live_engines(int sig)
{
    for (size_t i = 0; i < G_N_ELEMENTS(live_engines); i++) {
        if (live_engines[i] > 0) {
            kill(live_engines[i], SIGKILL);
        }
    }
    signal(sig, SIG_DFL);
    raise(sig);
}

static void track_engine(GPid pid, bool live)
{
    static bool installed;

    if (!installed) {
        signal(SIGABRT, kill_live_engines);
        installed = true;
    }
    for (size_t i = 0; i < G_N_ELEMENTS(live_engines); i++) {
        if (live ? live_engines[i] == 0 : live_engines[i] == pid) {
            live_engines[i] = live ? pid : 0;
            return;
        }
    }
    g_assert_false(live);       /* more engines at once than the table */
}

static int listen_unix(const char *path)
{
    struct sockaddr_un sun = { .sun_family = AF_UNIX };
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

    g_assert_cmpint(fd, >=, 0);
    g_assert_cmpuint(strlen(path), <, sizeof(sun.sun_path));
    g_strlcpy(sun.sun_path, path, sizeof(sun.sun_path));
    g_assert_cmpint(bind(fd, (struct sockaddr *)&sun, sizeof(sun)), ==, 0);
    g_assert_cmpint(listen(fd, 1), ==, 0);
    return fd;
}

QTestState *qtest_init(const char *const *args)
{
    QTestState *s = g_new0(QTestState, 1);
    g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func(g_free);
    g_autofree char *sock = NULL;
    struct pollfd pfd;
    GError *gerr = NULL;
    int listener;

    s->dir = g_dir_make_tmp("quern-qtest-XXXXXX", &gerr);
    g_assert_no_error(gerr);
    sock = g_build_filename(s->dir, "qtest.sock", NULL);
    listener = listen_unix(sock);
    for (size_t i = 0; args && args[i]; i++) {
        g_ptr_array_add(argv, g_strdup(args[i]));
    }
    g_ptr_array_add(argv, g_strdup("-accel"));
    g_ptr_array_add(argv, g_strdup("qtest"));
    g_ptr_array_add(argv, g_strdup("-qtest"));
    g_ptr_array_add(argv, g_strconcat("unix:", sock, NULL));
    g_ptr_array_add(argv, NULL);

    s->engine = engine_process_start((const char *const *)argv->pdata);
    track_engine(s->engine->pid, true);
    /* The QMP socket is up before the machine is built; the qtest chardev
     * connects after it. */
    pfd = (struct pollfd){ .fd = listener, .events = POLLIN };
    if (poll(&pfd, 1, READ_TIMEOUT_MS) != 1) {
        g_autofree char *err = engine_process_read_file(s->engine, "stderr");

        g_error("the engine never connected to the qtest socket: %s", err);
    }
    s->fd = accept(listener, NULL, NULL);
    g_assert_cmpint(s->fd, >=, 0);
    close(listener);
    s->inbuf = g_string_new(NULL);
    s->qmp = qmp_client_connect(s->engine->qmp_path);
    qmp_client_negotiate(s->qmp);
    return s;
}

QTestState *qtest_initf(const char *fmt, ...)
{
    va_list ap;
    g_autofree char *line = NULL;
    g_auto(GStrv) args = NULL;
    GError *gerr = NULL;

    va_start(ap, fmt);
    line = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    g_shell_parse_argv(line, NULL, &args, &gerr);
    g_assert_no_error(gerr);
    return qtest_init((const char *const *)args);
}

static void qtest_free(QTestState *s)
{
    g_autofree char *cmd = g_strdup_printf("rm -rf '%s'", s->dir);

    qmp_client_close(s->qmp);
    close(s->fd);
    g_string_free(s->inbuf, TRUE);
    if (system(cmd) != 0) {
        g_printerr("could not remove %s\n", s->dir);
    }
    g_free(s->dir);
    g_free(s);
}

int qtest_quit(QTestState *s)
{
    GPid pid = s->engine->pid;
    int status = engine_process_stop(s->engine);

    track_engine(pid, false);
    qtest_free(s);
    return status;
}

int qtest_wait_exit(QTestState *s)
{
    int status = engine_process_wait(s->engine);

    qtest_quit(s);
    return status;
}

EngineProcess *qtest_engine(QTestState *s)
{
    return s->engine;
}

/* The protocol */

void qtest_send_raw(QTestState *s, const void *buf, size_t len)
{
    const char *p = buf;

    while (len) {
        ssize_t n = send(s->fd, p, len, MSG_NOSIGNAL);

        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            g_error("sending to the qtest socket failed: %s",
                    g_strerror(errno));
        }
        p += n;
        len -= (size_t)n;
    }
}

/* Reads what is there (waiting up to timeout_ms for something): false on
 * EOF. */
static bool qtest_fill(QTestState *s, int timeout_ms)
{
    struct pollfd pfd = { .fd = s->fd, .events = POLLIN };
    char buf[65536];
    ssize_t n;

    if (poll(&pfd, 1, timeout_ms) != 1) {
        if (timeout_ms) {
            g_error("no reply on the qtest socket within %d ms", timeout_ms);
        }
        return true;
    }
    n = recv(s->fd, buf, sizeof(buf), 0);
    if (n <= 0) {
        return false;
    }
    g_string_append_len(s->inbuf, buf, n);
    return true;
}

/* An "IRQ raise N" / "IRQ lower N" line: recorded, true. */
static bool qtest_take_irq(QTestState *s, const char *line)
{
    bool raise = g_str_has_prefix(line, "IRQ raise ");
    guint64 n;

    if (!raise && !g_str_has_prefix(line, "IRQ lower ")) {
        return false;
    }
    n = g_ascii_strtoull(line + strlen("IRQ raise "), NULL, 10);
    g_assert_cmpuint(n, <, QTEST_MAX_IRQ);
    s->irq_level[n] = raise;
    return true;
}

/* The next complete line in the buffer, or NULL. */
static char *qtest_next_line(QTestState *s)
{
    char *nl = memchr(s->inbuf->str, '\n', s->inbuf->len);
    char *line;

    if (!nl) {
        return NULL;
    }
    line = g_strndup(s->inbuf->str, nl - s->inbuf->str);
    g_string_erase(s->inbuf, 0, nl - s->inbuf->str + 1);
    return line;
}

char *qtest_receive(QTestState *s)
{
    for (;;) {
        char *line = qtest_next_line(s);

        if (line && qtest_take_irq(s, line)) {
            g_free(line);
            continue;
        }
        if (line) {
            return line;
        }
        if (!qtest_fill(s, READ_TIMEOUT_MS)) {
            return NULL;
        }
    }
}

char *qtest_command(QTestState *s, const char *fmt, ...)
{
    va_list ap;
    g_autofree char *line = NULL;
    char *reply;

    va_start(ap, fmt);
    line = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    /* One send with its newline: a request that ends the engine (a
     * poweroff) must not leave half a line behind. */
    {
        g_autofree char *full = g_strconcat(line, "\n", NULL);

        qtest_send_raw(s, full, strlen(full));
    }
    reply = qtest_receive(s);
    if (!reply) {
        g_error("the engine closed the qtest socket after '%.80s'", line);
    }
    return reply;
}

/* Sends a request that must succeed: what follows "OK" ("" when
 * nothing). */
static char *qtest_ok(QTestState *s, const char *fmt, ...)
    G_GNUC_PRINTF(2, 3);
static char *qtest_ok(QTestState *s, const char *fmt, ...)
{
    va_list ap;
    g_autofree char *line = NULL;
    g_autofree char *reply = NULL;

    va_start(ap, fmt);
    line = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    reply = qtest_command(s, "%s", line);
    if (g_str_equal(reply, "OK")) {
        return g_strdup("");
    }
    if (!g_str_has_prefix(reply, "OK ")) {
        g_error("qtest '%.80s' failed: %s", line, reply);
    }
    return g_strdup(reply + 3);
}

static uint64_t qtest_ok_number(QTestState *s, const char *request)
{
    g_autofree char *value = qtest_ok(s, "%s", request);
    char *end;
    uint64_t n = g_ascii_strtoull(value, &end, 0);

    if (end == value || *end) {
        g_error("qtest '%s': '%s' is not a number", request, value);
    }
    return n;
}

static uint64_t qtest_load(QTestState *s, const char *op, uint64_t addr)
{
    g_autofree char *request = g_strdup_printf("%s 0x%" PRIx64, op, addr);

    return qtest_ok_number(s, request);
}

static void qtest_store(QTestState *s, const char *op, uint64_t addr,
                        uint64_t value)
{
    g_autofree char *reply = qtest_ok(s, "%s 0x%" PRIx64 " 0x%" PRIx64, op,
                                      addr, value);
}

uint8_t qtest_readb(QTestState *s, uint64_t addr)
{
    return (uint8_t)qtest_load(s, "readb", addr);
}

uint16_t qtest_readw(QTestState *s, uint64_t addr)
{
    return (uint16_t)qtest_load(s, "readw", addr);
}

uint32_t qtest_readl(QTestState *s, uint64_t addr)
{
    return (uint32_t)qtest_load(s, "readl", addr);
}

uint64_t qtest_readq(QTestState *s, uint64_t addr)
{
    return qtest_load(s, "readq", addr);
}

void qtest_writeb(QTestState *s, uint64_t addr, uint8_t value)
{
    qtest_store(s, "writeb", addr, value);
}

void qtest_writew(QTestState *s, uint64_t addr, uint16_t value)
{
    qtest_store(s, "writew", addr, value);
}

void qtest_writel(QTestState *s, uint64_t addr, uint32_t value)
{
    qtest_store(s, "writel", addr, value);
}

void qtest_writeq(QTestState *s, uint64_t addr, uint64_t value)
{
    qtest_store(s, "writeq", addr, value);
}

uint8_t qtest_inb(QTestState *s, uint16_t port)
{
    return (uint8_t)qtest_load(s, "inb", port);
}

uint16_t qtest_inw(QTestState *s, uint16_t port)
{
    return (uint16_t)qtest_load(s, "inw", port);
}

uint32_t qtest_inl(QTestState *s, uint16_t port)
{
    return (uint32_t)qtest_load(s, "inl", port);
}

void qtest_outb(QTestState *s, uint16_t port, uint8_t value)
{
    qtest_store(s, "outb", port, value);
}

void qtest_outw(QTestState *s, uint16_t port, uint16_t value)
{
    qtest_store(s, "outw", port, value);
}

void qtest_outl(QTestState *s, uint16_t port, uint32_t value)
{
    qtest_store(s, "outl", port, value);
}

/* Blocks */

void qtest_memread(QTestState *s, uint64_t addr, void *buf, size_t size)
{
    uint8_t *out = buf;

    for (size_t done = 0; done < size;) {
        size_t n = MIN(QTEST_CHUNK, size - done);
        g_autofree char *hex = qtest_ok(s, "read 0x%" PRIx64 " 0x%zx",
                                        addr + done, n);

        if (!g_str_has_prefix(hex, "0x") || strlen(hex) != 2 + 2 * n) {
            g_error("qtest read: %zu bytes expected, got '%.80s'", n, hex);
        }
        for (size_t i = 0; i < n; i++) {
            int hi = g_ascii_xdigit_value(hex[2 + 2 * i]);
            int lo = g_ascii_xdigit_value(hex[3 + 2 * i]);

            g_assert_true(hi >= 0 && lo >= 0);
            out[done + i] = (uint8_t)(hi << 4 | lo);
        }
        done += n;
    }
}

void qtest_memwrite(QTestState *s, uint64_t addr, const void *buf,
                    size_t size)
{
    static const char digits[] = "0123456789abcdef";
    const uint8_t *in = buf;

    for (size_t done = 0; done < size;) {
        size_t n = MIN(QTEST_CHUNK, size - done);
        g_autofree char *hex = g_malloc(2 * n + 1);
        g_autofree char *reply = NULL;

        for (size_t i = 0; i < n; i++) {
            hex[2 * i] = digits[in[done + i] >> 4];
            hex[2 * i + 1] = digits[in[done + i] & 0xf];
        }
        hex[2 * n] = '\0';
        reply = qtest_ok(s, "write 0x%" PRIx64 " 0x%zx 0x%s", addr + done, n,
                         hex);
        done += n;
    }
}

void qtest_bufread(QTestState *s, uint64_t addr, void *buf, size_t size)
{
    uint8_t *out = buf;

    for (size_t done = 0; done < size;) {
        size_t n = MIN(QTEST_CHUNK, size - done);
        g_autofree char *b64 = qtest_ok(s, "b64read 0x%" PRIx64 " 0x%zx",
                                        addr + done, n);
        gsize len;
        g_autofree guchar *data = g_base64_decode(b64, &len);

        g_assert_cmpuint(len, ==, n);
        memcpy(out + done, data, n);
        done += n;
    }
}

void qtest_bufwrite(QTestState *s, uint64_t addr, const void *buf,
                    size_t size)
{
    const uint8_t *in = buf;

    for (size_t done = 0; done < size;) {
        size_t n = MIN(QTEST_CHUNK, size - done);
        g_autofree char *b64 = g_base64_encode(in + done, n);
        g_autofree char *reply = qtest_ok(s, "b64write 0x%" PRIx64 " 0x%zx %s",
                                          addr + done, n, b64);

        done += n;
    }
}

void qtest_memset(QTestState *s, uint64_t addr, uint8_t pattern, size_t size)
{
    g_autofree char *reply = qtest_ok(s, "memset 0x%" PRIx64 " 0x%zx 0x%02x",
                                      addr, size, pattern);
}

/* The clock */

int64_t qtest_clock_step(QTestState *s, int64_t ns)
{
    g_autofree char *request = g_strdup_printf("clock_step %" PRIi64, ns);

    return (int64_t)qtest_ok_number(s, request);
}

int64_t qtest_clock_step_next(QTestState *s)
{
    return (int64_t)qtest_ok_number(s, "clock_step");
}

int64_t qtest_clock_set(QTestState *s, int64_t ns)
{
    g_autofree char *request = g_strdup_printf("clock_set %" PRIi64, ns);

    return (int64_t)qtest_ok_number(s, request);
}

bool qtest_big_endian(QTestState *s)
{
    g_autofree char *value = qtest_ok(s, "endianness");

    g_assert_true(g_str_equal(value, "big") || g_str_equal(value, "little"));
    return g_str_equal(value, "big");
}

/* IRQs */

void qtest_irq_intercept_in(QTestState *s, const char *qom_path)
{
    g_autofree char *reply = qtest_ok(s, "irq_intercept_in %s", qom_path);
}

void qtest_irq_intercept_out(QTestState *s, const char *qom_path)
{
    g_autofree char *reply = qtest_ok(s, "irq_intercept_out %s", qom_path);
}

bool qtest_get_irq(QTestState *s, int n)
{
    char *line;

    g_assert_true(n >= 0 && n < QTEST_MAX_IRQ);
    /* Between requests, whatever arrived can only be IRQ lines. */
    qtest_fill(s, 0);
    while ((line = qtest_next_line(s))) {
        if (!qtest_take_irq(s, line)) {
            g_error("qtest: unexpected line '%s' between requests", line);
        }
        g_free(line);
    }
    return s->irq_level[n];
}

void qtest_set_irq_in(QTestState *s, const char *qom_path, const char *name,
                      int n, int level)
{
    g_autofree char *reply = qtest_ok(s, "set_irq_in %s %s %d %d", qom_path,
                                      name ? name : "unnamed-gpio-in", n,
                                      level);
}

/* QMP */

QmpClient *qtest_qmp_client(QTestState *s)
{
    return s->qmp;
}

QDict *qtest_qmp(QTestState *s, const char *fmt, ...)
{
    va_list ap;
    g_autofree char *request = NULL;

    va_start(ap, fmt);
    request = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    return qmp_client_call(s->qmp, request);
}

char *qtest_hmp(QTestState *s, const char *command_line)
{
    return qmp_client_hmp(s->qmp, command_line);
}

bool qtest_has_machine(const char *name)
{
    static const char *const args[] = { "-machine", "help", NULL };
    g_autofree char *out = NULL, *err = NULL;
    g_auto(GStrv) lines = NULL;

    if (engine_process_run(args, &out, &err) != 0) {
        g_error("quern-engine -machine help failed: %s", err);
    }
    lines = g_strsplit(out, "\n", -1);
    for (size_t i = 0; lines[i]; i++) {
        g_auto(GStrv) words = g_strsplit_set(g_strstrip(lines[i]), " \t", 2);

        if (words[0] && g_str_equal(words[0], name)) {
            return true;
        }
    }
    return false;
}
