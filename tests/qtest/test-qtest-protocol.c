/* The qtest protocol against a real engine on `-M none -m 16M` (RAM at
 * 0, nothing else mapped, an empty I/O port space): every command, every
 * access size and its byte order, blocks in hex and base64, unassigned
 * memory and ports, the virtual clock, the log, and bad or hostile input
 * -- which gets FAIL while the engine keeps serving qtest and QMP. */
#include <inttypes.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "libqtest.h"

#define RAM_SIZE (16 * 1024 * 1024)

static QTestState *start_none(void)
{
    return qtest_initf("-M none -m 16M -nodefaults");
}

/* Asserts reply equals want, freeing it. */
static void assert_reply(QTestState *s, const char *request, const char *want)
{
    g_autofree char *reply = qtest_command(s, "%s", request);

    if (!g_str_equal(reply, want)) {
        g_error("'%s' gave '%s', expected '%s'", request, reply, want);
    }
}

static void assert_fail(QTestState *s, const char *request)
{
    g_autofree char *reply = qtest_command(s, "%s", request);

    if (!g_str_has_prefix(reply, "FAIL")) {
        g_error("'%.60s' gave '%s', expected FAIL", request, reply);
    }
}

/* The engine still serves both doors. */
static void assert_alive(QTestState *s)
{
    g_autoptr(QObject) status = qmp_client_return(
        qtest_qmp_client(s), "{\"execute\": \"query-status\"}");

    qtest_writel(s, 0x40, 0xc0ffee);
    g_assert_cmphex(qtest_readl(s, 0x40), ==, 0xc0ffee);
    g_assert_nonnull(status);
}

static void test_sizes_and_byte_order(void)
{
    QTestState *s = start_none();

    assert_reply(s, "writeq 0x1000 0x1122334455667788", "OK");
    /* Replies in QEMU's format: 0x and 16 digits whatever the size. */
    assert_reply(s, "readq 0x1000", "OK 0x1122334455667788");
    assert_reply(s, "readb 0x1000", "OK 0x0000000000000088");
    assert_reply(s, "readw 0x1000", "OK 0x0000000000007788");
    assert_reply(s, "readl 0x1000", "OK 0x0000000055667788");
    assert_reply(s, "readl 0x1004", "OK 0x0000000011223344");
    /* Unaligned, and each store size touching only its own bytes. */
    assert_reply(s, "writew 0x1003 0xabcd", "OK");
    assert_reply(s, "readq 0x1000", "OK 0x112233abcd667788");
    assert_reply(s, "writel 0x2001 0xdeadbeef", "OK");
    assert_reply(s, "writeb 0x2000 0x01", "OK");
    assert_reply(s, "readq 0x2000", "OK 0x000000deadbeef01");
    /* A value wider than the access is cut to it. */
    assert_reply(s, "writeb 0x3000 0x1ff", "OK");
    assert_reply(s, "readw 0x3000", "OK 0x00000000000000ff");
    /* Numbers in decimal and octal too, as strtoull reads them. */
    assert_reply(s, "writeb 4096 255", "OK");
    assert_reply(s, "readb 010000", "OK 0x00000000000000ff");
    assert_reply(s, "endianness", "OK little");
    g_assert_false(qtest_big_endian(s));
    /* The last byte of RAM. */
    qtest_writeb(s, RAM_SIZE - 1, 0x5a);
    g_assert_cmphex(qtest_readb(s, RAM_SIZE - 1), ==, 0x5a);
    g_assert_cmpint(qtest_quit(s), ==, 0);
}

static void test_blocks(void)
{
    QTestState *s = start_none();
    g_autoptr(GRand) rand = g_rand_new_with_seed(6);
    size_t big = 100 * 1000 + 3;        /* several requests, odd tail */
    g_autofree uint8_t *data = g_malloc(big);
    g_autofree uint8_t *back = g_malloc(big);

    assert_reply(s, "write 0x100 4 0xdeadbeef", "OK");
    assert_reply(s, "read 0x100 4", "OK 0xdeadbeef");
    assert_reply(s, "readl 0x100", "OK 0x00000000efbeadde");
    /* Bytes the data leaves out are written as 0; extra ones ignored. */
    assert_reply(s, "write 0x100 4 0xaa", "OK");
    assert_reply(s, "read 0x100 4", "OK 0xaa000000");
    assert_reply(s, "write 0x100 2 0x11223344", "OK");
    assert_reply(s, "read 0x100 4", "OK 0x11220000");
    assert_reply(s, "read 0x100 0", "OK 0x");
    assert_reply(s, "b64write 0x200 3 AQID", "OK");
    assert_reply(s, "read 0x200 3", "OK 0x010203");
    assert_reply(s, "b64read 0x200 3", "OK AQID");
    assert_reply(s, "memset 0x300 5 0x5a", "OK");
    assert_reply(s, "read 0x2ff 7", "OK 0x005a5a5a5a5a00");

    for (size_t i = 0; i < big; i++) {
        data[i] = (uint8_t)g_rand_int(rand);
    }
    qtest_memwrite(s, 0x10001, data, big);
    qtest_memread(s, 0x10001, back, big);
    g_assert_cmpmem(back, big, data, big);
    qtest_memset(s, 0x10001, 0, big);
    qtest_bufread(s, 0x10001, back, big);
    for (size_t i = 0; i < big; i++) {
        g_assert_cmpuint(back[i], ==, 0);
    }
    qtest_bufwrite(s, 0x20000, data, big);
    qtest_memread(s, 0x20000, back, big);
    g_assert_cmpmem(back, big, data, big);
    g_assert_cmpint(qtest_quit(s), ==, 0);
}

static void test_unassigned(void)
{
    QTestState *s = start_none();
    g_autofree char *reply = NULL;

    /* Past RAM nothing is mapped: reads give the space's all-ones, writes
     * go nowhere. */
    assert_reply(s, "readq 0x1000000", "OK 0xffffffffffffffff");
    assert_reply(s, "writeq 0x1000000 0", "OK");
    assert_reply(s, "readb 0x1000000", "OK 0x00000000000000ff");
    assert_reply(s, "readq 0xfffffffffffffff8", "OK 0xffffffffffffffff");
    /* Wrapping past 2^64 is unassigned as a whole. */
    assert_reply(s, "readq 0xfffffffffffffffc", "OK 0xffffffffffffffff");
    assert_reply(s, "writeq 0xfffffffffffffffc 0", "OK");
    /* A block across the end of RAM: RAM bytes, then all-ones. */
    qtest_writew(s, RAM_SIZE - 2, 0x3412);
    assert_reply(s, "read 0xfffffe 4", "OK 0x1234ffff");
    assert_reply(s, "memset 0xfffffe 4 0", "OK");
    assert_reply(s, "read 0xfffffe 4", "OK 0x0000ffff");
    reply = qtest_command(s, "b64read 0xfffffffffffffffe 4");
    g_assert_cmpstr(reply, ==, "OK /////w==");
    g_assert_cmpint(qtest_quit(s), ==, 0);
}

static void test_io_ports(void)
{
    QTestState *s = start_none();

    /* Machine none declares an empty 64 KiB port space: every port is
     * unassigned and reads all-ones, as on a PC with nothing there. */
    assert_reply(s, "inb 0x3f8", "OK 0x00ff");
    assert_reply(s, "inw 0x3f8", "OK 0xffff");
    assert_reply(s, "inl 0x3f8", "OK 0xffffffff");
    assert_reply(s, "outb 0x3f8 0x41", "OK");
    assert_reply(s, "outw 0x80 0x1234", "OK");
    assert_reply(s, "outl 0xcf8 0x80000000", "OK");
    assert_reply(s, "inl 0xcf8", "OK 0xffffffff");
    assert_reply(s, "inb 0xffff", "OK 0x00ff");
    /* Beyond 16 bits: still nothing, still an answer. */
    assert_reply(s, "inl 0x10000", "OK 0xffffffff");
    g_assert_cmphex(qtest_inb(s, 0x60), ==, 0xff);
    qtest_outl(s, 0x60, 0);
    /* Ports are not memory: RAM at 0x60 is untouched. */
    g_assert_cmphex(qtest_readl(s, 0x60), ==, 0);
    g_assert_cmpint(qtest_quit(s), ==, 0);
}

/* A clock reply's value. */
static int64_t clock_reply(QTestState *s, const char *request)
{
    g_autofree char *reply = qtest_command(s, "%s", request);
    char *end;
    int64_t ns;

    g_assert_true(g_str_has_prefix(reply, "OK "));
    ns = g_ascii_strtoll(reply + 3, &end, 10);
    g_assert_true(*end == '\0' && end != reply + 3);
    return ns;
}

static void test_clock(void)
{
    QTestState *s = start_none();
    /* The virtual clock holds the little time start-up took, in decimal
     * ns, and moves only when told. */
    int64_t t0 = clock_reply(s, "clock_step 0");

    g_assert_cmpint(t0, >=, 0);
    g_assert_cmpint(t0, <, 1000000000);
    g_assert_cmpint(clock_reply(s, "clock_step 1000"), ==, t0 + 1000);
    g_assert_cmpint(clock_reply(s, "clock_step 0x10"), ==, t0 + 1016);
    /* No timer is armed on machine none: the next deadline is nowhere. */
    g_assert_cmpint(clock_reply(s, "clock_step"), ==, t0 + 1016);
    g_assert_cmpint(clock_reply(s, "clock_set 2000000000"), ==, 2000000000);
    /* It never goes backwards. */
    g_assert_cmpint(clock_reply(s, "clock_set 10"), ==, 2000000000);
    g_assert_cmpint(qtest_clock_step(s, 1000000000), ==, 3000000000);
    g_assert_cmpint(qtest_clock_set(s, 4000000000), ==, 4000000000);
    g_assert_cmpint(qtest_clock_step_next(s), ==, 4000000000);
    /* Host time passing does not move it. */
    g_usleep(20 * 1000);
    g_assert_cmpint(clock_reply(s, "clock_step 0"), ==, 4000000000);
    /* Paused, the guest's time stands still; it goes on from there. */
    qobject_unref(qmp_client_return(qtest_qmp_client(s),
                                    "{\"execute\": \"stop\"}"));
    g_assert_cmpint(clock_reply(s, "clock_step 1000"), ==, 4000000000);
    qobject_unref(qmp_client_return(qtest_qmp_client(s),
                                    "{\"execute\": \"cont\"}"));
    g_assert_cmpint(clock_reply(s, "clock_step 1000"), ==, 4000001000);
    g_assert_cmpint(qtest_quit(s), ==, 0);
}

static void test_bad_requests(void)
{
    static const char *const bad[] = {
        "", "   ", "frobnicate", "READB 0", "readb", "readb 0 1",
        "readb zz", "readb 0x", "readb 0x1g", "readb -",
        "readb 0x1ffffffffffffffff",
        "writeb 0", "writeq 0 0 0", "writeb 0 nope", "inb", "outb 0x80",
        "read 0", "read 0 zz", "read 0 0x100000000", "read 0 16385",
        "write 0 4", "write 0 4 deadbeef", "write 0 4 0xdeadbee",
        "write 0 4 0xgg", "write 0 0x2000000 0x00",
        "b64read 0 99999999", "b64write 0 4", "memset 0 4",
        "memset 0 0x10000000000 0", "memset 0 4 zz",
        "clock_step -5", "clock_step 1 2", "clock_step ten", "clock_set",
        "clock_set 1e9", "endianness big",
        /* Past what a 64-bit ns clock holds. */
        "clock_step 9223372036854775807", "clock_set 0x7fffffffffffffff",
        "clock_step 9223372036854775808",
        "irq_intercept_in", "irq_intercept_in /nowhere",
        "irq_intercept_in /machine", "irq_intercept_out /chardevs",
        "set_irq_in /machine unnamed-gpio-in 0 1", "set_irq_in /nowhere x 0 1",
        "set_irq_in /machine x", "irq_intercept_out /machine a b",
    };

    QTestState *s = start_none();

    for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
        assert_fail(s, bad[i]);
    }
    {
        g_autofree char *reply = qtest_command(s, "frobnicate 1 2");

        g_assert_cmpstr(reply, ==, "FAIL Unknown command 'frobnicate'");
    }
    /* Tabs and repeated blanks separate words; a CR before the newline is
     * taken away. */
    assert_reply(s, "writeb\t0x10  0x7f", "OK");
    assert_reply(s, "readb 0x10\r", "OK 0x000000000000007f");
    assert_alive(s);
    g_assert_cmpint(qtest_quit(s), ==, 0);
}

static void test_hostile_lines(void)
{
    QTestState *s = start_none();
    g_autoptr(GRand) rand = g_rand_new_with_seed(66);
    size_t len = 100 * 1024;
    g_autofree char *garbage = g_malloc(len);
    g_autofree char *huge = NULL;
    size_t lines = 1;
    g_autofree char *reply = NULL;

    /* 100 KB on one line: an unknown command, quoted short. */
    memset(garbage, 'a', len - 1);
    garbage[len - 1] = '\n';
    qtest_send_raw(s, garbage, len);
    reply = qtest_receive(s);
    g_assert_true(g_str_has_prefix(reply, "FAIL Unknown command 'aaa"));
    g_assert_cmpuint(strlen(reply), <, 200);

    /* Binary garbage, NUL bytes included: one FAIL per line. */
    for (size_t i = 0; i < len; i++) {
        garbage[i] = (char)g_rand_int_range(rand, 0, 256);
        lines += garbage[i] == '\n';
    }
    qtest_send_raw(s, garbage, len);
    qtest_send_raw(s, "\n", 1);
    for (size_t i = 0; i < lines; i++) {
        g_autofree char *r = qtest_receive(s);

        g_assert_nonnull(r);
        g_assert_true(g_str_has_prefix(r, "FAIL"));
    }
    assert_alive(s);

    /* Longer than any request may be: dropped as a whole, one FAIL. */
    len = 33 * 1024 * 1024;
    huge = g_malloc(len);
    memset(huge, '0', len);
    memcpy(huge, "write 0 16 0x", 13);
    huge[len - 1] = '\n';
    qtest_send_raw(s, huge, len);
    g_clear_pointer(&reply, g_free);
    reply = qtest_receive(s);
    g_assert_true(g_str_has_prefix(reply, "FAIL the line is longer"));
    assert_alive(s);
    g_assert_cmpint(qtest_quit(s), ==, 0);
}

static void test_log(void)
{
    g_autofree char *dir = g_dir_make_tmp("quern-qtest-log-XXXXXX", NULL);
    g_autofree char *path = g_build_filename(dir, "qtest.log", NULL);
    QTestState *s = qtest_initf("-M none -m 16M -nodefaults -qtest-log %s",
                                path);
    g_autofree char *log = NULL;
    g_autofree char *reply = NULL;

    qtest_writeb(s, 0x10, 0x42);
    reply = qtest_command(s, "readb 0x10");
    g_assert_cmpint(qtest_quit(s), ==, 0);
    g_assert_true(g_file_get_contents(path, &log, NULL, NULL));
    g_assert_nonnull(strstr(log, "] OPENED\n"));
    g_assert_true(g_regex_match_simple(
        "^\\[R \\+[0-9]+\\.[0-9]{6}\\] readb 0x10$", log, G_REGEX_MULTILINE,
        0));
    g_assert_nonnull(strstr(log, "] OK 0x0000000000000042\n"));
    g_assert_true(g_regex_match_simple(
        "^\\[S \\+[0-9]+\\.[0-9]{6}\\] OK 0x0000000000000042$", log,
        G_REGEX_MULTILINE, 0));
    g_assert_cmpint(g_unlink(path), ==, 0);
    g_assert_cmpint(g_rmdir(dir), ==, 0);
}

static void test_bad_options(void)
{
    static const char *const bad_dev[] = {
        "-M", "none", "-accel", "qtest", "-qtest", "bogus:x", NULL
    };
    static const char *const no_dev[] = {
        "-M", "none", "-accel", "qtest", "-qtest", "none", NULL
    };
    static const char *const bad_log[] = {
        "-M", "none", "-accel", "qtest", "-qtest", "null",
        "-qtest-log", "/nonexistent/dir/log", NULL
    };
    g_autofree char *out = NULL, *err = NULL;

    g_assert_cmpint(engine_process_run(bad_dev, &out, &err), ==, 1);
    g_assert_nonnull(strstr(err, "-qtest bogus:x"));
    g_clear_pointer(&out, g_free);
    g_clear_pointer(&err, g_free);
    g_assert_cmpint(engine_process_run(no_dev, &out, &err), ==, 1);
    g_assert_nonnull(strstr(err, "-qtest none"));
    g_clear_pointer(&out, g_free);
    g_clear_pointer(&err, g_free);
    g_assert_cmpint(engine_process_run(bad_log, &out, &err), ==, 1);
    g_assert_nonnull(strstr(err, "/nonexistent/dir/log"));
}

/* -qtest unix:PATH,server=on: the engine listens; a test connects. When
 * the engine ends, the socket file goes with it. */
static void test_server_socket(void)
{
    g_autofree char *dir = g_dir_make_tmp("quern-qtest-srv-XXXXXX", NULL);
    g_autofree char *path = g_build_filename(dir, "qtest.sock", NULL);
    g_autofree char *spec = g_strdup_printf("unix:%s,server=on,wait=off",
                                            path);
    const char *args[] = { "-M", "none", "-m", "1M", "-nodefaults",
                           "-accel", "qtest", "-qtest", spec, NULL };
    EngineProcess *e = engine_process_start(args);
    struct sockaddr_un sun = { .sun_family = AF_UNIX };
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);
    char reply[64] = "";
    size_t got = 0;

    g_strlcpy(sun.sun_path, path, sizeof(sun.sun_path));
    /* QMP is up before the machine, and the qtest socket after it. */
    for (int tries = 0;
         connect(fd, (struct sockaddr *)&sun, sizeof(sun)) != 0; tries++) {
        g_assert_cmpint(tries, <, 2000);
        g_usleep(10 * 1000);
    }
    g_assert_cmpint(write(fd, "writeb 0 7\nreadb 0\n", 20), ==, 20);
    while (!strstr(reply, "OK 0x0000000000000007\n")) {
        ssize_t n = read(fd, reply + got, sizeof(reply) - 1 - got);

        g_assert_cmpint(n, >, 0);
        got += (size_t)n;
    }
    g_assert_cmpstr(reply, ==, "OK\nOK 0x0000000000000007\n");
    close(fd);
    g_assert_cmpint(engine_process_stop(e), ==, 0);
    g_assert_false(g_file_test(path, G_FILE_TEST_EXISTS));
    g_assert_cmpint(g_rmdir(dir), ==, 0);
}

static void test_qmp_alongside(void)
{
    QTestState *s = start_none();
    g_autoptr(QObject) kvm = NULL;
    g_autoptr(QDict) reply = NULL;

    /* Under qtest the machine runs (no CPU) and QMP answers as usual. */
    reply = qtest_qmp(s, "{\"execute\": \"query-status\"}");
    g_assert_cmpstr(qdict_get_try_str(qdict_get_qdict(reply, "return"),
                                      "status"), ==, "running");
    kvm = qmp_client_return(qtest_qmp_client(s),
                            "{\"execute\": \"query-kvm\"}");
    g_assert_false(qdict_get_try_bool(qobject_to(QDict, kvm), "enabled",
                                      true));
    assert_alive(s);
    g_assert_cmpint(qtest_quit(s), ==, 0);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/qtest/protocol/sizes-and-byte-order",
                    test_sizes_and_byte_order);
    g_test_add_func("/qtest/protocol/blocks", test_blocks);
    g_test_add_func("/qtest/protocol/unassigned", test_unassigned);
    g_test_add_func("/qtest/protocol/io-ports", test_io_ports);
    g_test_add_func("/qtest/protocol/clock", test_clock);
    g_test_add_func("/qtest/protocol/bad-requests", test_bad_requests);
    g_test_add_func("/qtest/protocol/hostile-lines", test_hostile_lines);
    g_test_add_func("/qtest/protocol/log", test_log);
    g_test_add_func("/qtest/protocol/bad-options", test_bad_options);
    g_test_add_func("/qtest/protocol/server-socket", test_server_socket);
    g_test_add_func("/qtest/protocol/qmp-alongside", test_qmp_alongside);
    return g_test_run();
}
