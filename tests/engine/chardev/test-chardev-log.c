/* Chardev logs (logfile=, logappend=, logsize=): every back-end copies its
 * output to the file as it writes, the front doors agree on the options,
 * the file stays bounded with the newest output, and a log that cannot be
 * written is reported once and costs the back-end nothing. Real files in
 * a temporary directory; failures from /dev/full and a vanished folder. */
#include "chardev.h"
#include "char-ringbuf.h"
#include "char-socket.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
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

static char *read_text(const char *path)
{
    char *text = NULL;

    g_assert_true(g_file_get_contents(path, &text, NULL, NULL));
    return text;
}

static off_t file_size(const char *path)
{
    struct stat st;

    g_assert_cmpint(stat(path, &st), ==, 0);
    return st.st_size;
}

static Chardev *new_keyval(const char *fmt, ...) G_GNUC_PRINTF(1, 2);
static Chardev *new_keyval(const char *fmt, ...)
{
    va_list ap;
    g_autofree char *params = NULL;

    va_start(ap, fmt);
    params = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    return chardev_new_from_keyval(params, &error_abort);
}

static void expect_error(const char *params, const char *message)
{
    g_autoptr(Error) err = NULL;

    g_assert_null(chardev_new_from_keyval(params, &err));
    g_assert_nonnull(err);
    g_assert_cmpstr(error_get_pretty(err), ==, message);
}

static char *ringbuf_take_all(Chardev *chr)
{
    size_t len;

    return ringbuf_read(chr, 1 << 20, &len, &error_abort);
}

/* Each back-end, given logfile=, puts what it is sent into the file as
 * well as where it goes. */
static void every_backend_logs(void)
{
    static const char *const backends[] = {
        "null", "ringbuf", "file,path=%s/out.txt",
        "socket,path=%s/log.sock,server=on,wait=off", "pty",
    };

    for (size_t i = 0; i < G_N_ELEMENTS(backends); i++) {
        g_autofree char *backend = g_strdup_printf(backends[i], tmpdir);
        g_autofree char *log = tmp_path("every.log");
        g_autofree char *text = NULL;
        g_autoptr(Chardev) chr = new_keyval("%s,id=e%zu,logfile=%s", backend,
                                            i, log);
        g_autofree char *id = g_strdup_printf("e%zu", i);

        chardev_write(chr, "hello ", 6);
        chardev_write(chr, "world\n", 6);
        text = read_text(log);
        g_assert_cmpstr(text, ==, "hello world\n");
        g_assert_true(chardev_remove(id, &error_abort));
    }
}

/* The log is a copy: the ring buffer still gets every byte; the file back-end
 * writes its own file beside it. */
static void log_is_a_copy(void)
{
    g_autofree char *log = tmp_path("copy.log");
    g_autofree char *out = tmp_path("copy.out");
    g_autoptr(Chardev) rb = new_keyval("ringbuf,id=c0,logfile=%s", log);
    g_autoptr(Chardev) file = new_keyval("file,id=c1,path=%s,logfile=%s.2",
                                         out, log);
    g_autofree char *got = NULL, *out_text = NULL, *log2_text = NULL;
    g_autofree char *log2 = g_strconcat(log, ".2", NULL);

    chardev_write(rb, "abc\n", 4);
    got = ringbuf_take_all(rb);
    g_assert_cmpstr(got, ==, "abc\n");
    chardev_write(file, "xyz\n", 4);
    out_text = read_text(out);
    log2_text = read_text(log2);
    g_assert_cmpstr(out_text, ==, "xyz\n");
    g_assert_cmpstr(log2_text, ==, "xyz\n");
    g_assert_true(chardev_remove("c0", &error_abort));
    g_assert_true(chardev_remove("c1", &error_abort));
}

/* With mux=on the back-end (ID-base) keeps the log: what every front-end
 * of the mux writes is in it, in order. */
static void mux_logs_through_its_backend(void)
{
    g_autofree char *log = tmp_path("mux.log");
    g_autofree char *text = NULL;
    g_autoptr(Chardev) mux = new_keyval("null,id=m0,mux=on,logfile=%s", log);

    chardev_write(mux, "from the guest\n", 15);
    text = read_text(log);
    g_assert_cmpstr(text, ==, "from the guest\n");
    g_assert_true(chardev_remove("m0", &error_abort));
    g_assert_true(chardev_remove("m0-base", &error_abort));
}

/* A line reaches the file the moment its newline is written, with no
 * turn of the main loop: a kill -9 right after cannot lose it. */
static void line_written_at_its_newline(void)
{
    g_autofree char *log = tmp_path("line.log");
    g_autoptr(Chardev) chr = new_keyval("null,id=n0,logfile=%s", log);
    g_autofree char *before = NULL, *after = NULL;

    chardev_write(chr, "l", 1);
    chardev_write(chr, "ine", 3);
    before = read_text(log);
    g_assert_cmpstr(before, ==, "");
    chardev_write(chr, "\n", 1);
    after = read_text(log);
    g_assert_cmpstr(after, ==, "line\n");
    g_assert_true(chardev_remove("n0", &error_abort));
}

/* An unfinished line (a prompt) is written when the main loop turns. */
static void prompt_written_when_the_loop_turns(void)
{
    g_autofree char *log = tmp_path("prompt.log");
    g_autoptr(Chardev) chr = new_keyval("null,id=n1,logfile=%s", log);
    g_autofree char *text = NULL;

    chardev_write(chr, "=> ", 3);
    for (int i = 0; i < ITER_CAP && g_file_test(log, G_FILE_TEST_EXISTS) &&
         !file_size(log); i++) {
        g_main_context_iteration(NULL, FALSE);
    }
    text = read_text(log);
    g_assert_cmpstr(text, ==, "=> ");
    g_assert_true(chardev_remove("n1", &error_abort));
}

/* A line without end is written once it is CHARDEV_LOG_LINE_MAX long,
 * loop or no loop; what is left goes when the chardev closes. */
static void endless_line_written_at_its_bound(void)
{
    g_autofree char *log = tmp_path("endless.log");
    g_autofree char *text = NULL;

    {
        g_autoptr(Chardev) chr = new_keyval("null,id=n2,logfile=%s", log);

        for (int i = 0; i < CHARDEV_LOG_LINE_MAX + 10; i++) {
            chardev_write(chr, "x", 1);
        }
        g_assert_cmpint(file_size(log), ==, CHARDEV_LOG_LINE_MAX);
        g_assert_true(chardev_remove("n2", &error_abort));
    }
    g_assert_cmpint(file_size(log), ==, CHARDEV_LOG_LINE_MAX + 10);
}

/* logappend=off (the default) truncates at open; on keeps what was there. */
static void logappend_decides(void)
{
    g_autofree char *log = tmp_path("append.log");
    g_autofree char *text = NULL;

    g_assert_true(g_file_set_contents(log, "old\n", -1, NULL));
    {
        g_autoptr(Chardev) chr = new_keyval("null,id=a0,logfile=%s,"
                                            "logappend=on", log);
        chardev_write(chr, "new\n", 4);
        g_assert_true(chardev_remove("a0", &error_abort));
    }
    text = read_text(log);
    g_assert_cmpstr(text, ==, "old\nnew\n");
    g_clear_pointer(&text, g_free);
    {
        g_autoptr(Chardev) chr = new_keyval("null,id=a1,logfile=%s", log);
        chardev_write(chr, "fresh\n", 6);
        g_assert_true(chardev_remove("a1", &error_abort));
    }
    text = read_text(log);
    g_assert_cmpstr(text, ==, "fresh\n");
}

/* A tool that truncates the file under a running chardev (a log
 * rotator's copytruncate) gets no hole of zeros: writes append. */
static void truncated_under_us_stays_dense(void)
{
    g_autofree char *log = tmp_path("dense.log");
    g_autofree char *text = NULL;
    g_autoptr(Chardev) chr = new_keyval("null,id=d0,logfile=%s", log);

    chardev_write(chr, "012345678\n", 10);
    g_assert_cmpint(truncate(log, 0), ==, 0);
    chardev_write(chr, "after\n", 6);
    text = read_text(log);
    g_assert_cmpstr(text, ==, "after\n");
    g_assert_true(chardev_remove("d0", &error_abort));
}

/* logsize bounds the file: past it, the file becomes PATH.1 and a new one
 * starts. Both stay within the bound, and together they end with the
 * newest bytes, none missing at the seam. */
static void logsize_rotates(void)
{
    g_autofree char *log = tmp_path("bounded.log");
    g_autofree char *old = g_strconcat(log, ".1", NULL);
    g_autoptr(Chardev) chr = new_keyval("null,id=b0,logfile=%s,logsize=1K",
                                        log);
    g_autoptr(GString) all = g_string_new(NULL);
    g_autofree char *newer = NULL, *older = NULL, *both = NULL;

    for (unsigned i = 0; i < 1000; i++) {
        g_autofree char *line = g_strdup_printf("line %08x\n", i);

        g_string_append(all, line);
        chardev_write(chr, line, strlen(line));
        g_assert_cmpint(file_size(log), <=, 1024);
    }
    g_assert_cmpint(file_size(old), <=, 1024);
    older = read_text(old);
    newer = read_text(log);
    both = g_strconcat(older, newer, NULL);
    g_assert_true(g_str_has_suffix(all->str, both));
    /* Whole writes move: each file starts at a line. */
    g_assert_true(g_str_has_prefix(newer, "line "));
    g_assert_true(g_str_has_prefix(older, "line "));
    g_assert_cmpuint(strlen(both), >, 1024);
    g_assert_true(chardev_remove("b0", &error_abort));
}

/* A line longer than logsize keeps its newest logsize bytes. */
static void logsize_keeps_the_end_of_a_long_write(void)
{
    g_autofree char *log = tmp_path("long.log");
    g_autofree char *text = NULL;
    g_autoptr(Chardev) chr = new_keyval("null,id=l0,logfile=%s,logsize=4",
                                        log);

    chardev_write(chr, "abcdefg\n", 8);
    text = read_text(log);
    g_assert_cmpstr(text, ==, "efg\n");
    g_assert_true(chardev_remove("l0", &error_abort));
}

/* A file shortened under us is believed before rotating. */
static void logsize_believes_the_file(void)
{
    g_autofree char *log = tmp_path("believe.log");
    g_autofree char *old = g_strconcat(log, ".1", NULL);
    g_autofree char *text = NULL;
    g_autoptr(Chardev) chr = new_keyval("null,id=t0,logfile=%s,logsize=8",
                                        log);

    chardev_write(chr, "12345\n", 6);
    g_assert_cmpint(truncate(log, 0), ==, 0);
    chardev_write(chr, "abcde\n", 6);
    g_assert_false(g_file_test(old, G_FILE_TEST_EXISTS));
    text = read_text(log);
    g_assert_cmpstr(text, ==, "abcde\n");
    g_assert_true(chardev_remove("t0", &error_abort));
}

/* A log that cannot be written (/dev/full: ENOSPC) is reported once on
 * stderr; the ring buffer still gets every byte and nothing crashes. */
static void write_error_reported_once(void)
{
    if (g_test_subprocess()) {
        g_autoptr(Chardev) chr = new_keyval("ringbuf,id=f0,logfile=/dev/full");
        g_autofree char *got = NULL;

        chardev_write(chr, "one\n", 4);
        chardev_write(chr, "two\n", 4);
        chardev_write(chr, "three\n", 6);
        got = ringbuf_take_all(chr);
        g_assert_cmpstr(got, ==, "one\ntwo\nthree\n");
        g_assert_false(chardev_log_is_open(&chr->log));
        g_assert_true(chardev_remove("f0", &error_abort));
        return;
    }
    g_test_trap_subprocess(NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
    g_test_trap_assert_passed();
    g_test_trap_assert_stderr("*warning: chardev 'f0': log file '/dev/full': "
                              "No space left on device; logging stopped\n");
    g_test_trap_assert_stderr_unmatched("*logging stopped*logging stopped*");
}

/* A rotation that cannot happen (the folder went away) stops the log, once;
 * output carries on. */
static void rotation_failure_stops_logging(void)
{
    if (g_test_subprocess()) {
        g_autofree char *dir = tmp_path("gone");
        g_autofree char *log = g_build_filename(dir, "r.log", NULL);
        g_autoptr(Chardev) chr = NULL;
        g_autofree char *got = NULL;

        g_assert_cmpint(g_mkdir(dir, 0700), ==, 0);
        chr = new_keyval("ringbuf,id=r0,logfile=%s,logsize=4", log);
        chardev_write(chr, "abc\n", 4);
        g_assert_cmpint(g_unlink(log), ==, 0);
        g_assert_cmpint(g_rmdir(dir), ==, 0);
        chardev_write(chr, "efg\n", 4);   /* needs a rotation: fails */
        chardev_write(chr, "ijk\n", 4);
        got = ringbuf_take_all(chr);
        g_assert_cmpstr(got, ==, "abc\nefg\nijk\n");
        g_assert_true(chardev_remove("r0", &error_abort));
        return;
    }
    g_test_trap_subprocess(NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
    g_test_trap_assert_passed();
    g_test_trap_assert_stderr("*warning: chardev 'r0': log file '*/gone/r.log'"
                              ": No such file or directory; logging "
                              "stopped\n");
    g_test_trap_assert_stderr_unmatched("*logging stopped*logging stopped*");
}

/* chardev-add's typed shape ({"logfile": ..., "logappend": true,
 * "logsize": 4096}) and -chardev's text make the same log, and both come
 * back as the text -writeconfig writes. */
static void qmp_shape_and_config(void)
{
    g_autofree char *log = tmp_path("qmp.log");
    g_autoptr(QDict) args = qdict_new();
    QDict *backend = qdict_new();
    QDict *data = qdict_new();
    g_autoptr(Chardev) typed = NULL, text = NULL;
    g_autoptr(QDict) typed_cfg = NULL, text_cfg = NULL;

    qdict_put_str(data, "logfile", log);
    qdict_put_bool(data, "logappend", true);
    qdict_put_int(data, "logsize", 4096);
    qdict_put_int(data, "size", 1024);
    qdict_put_str(backend, "type", "ringbuf");
    qdict_put_obj(backend, "data", QOBJECT(data));
    qdict_put_str(args, "id", "q0");
    qdict_put_obj(args, "backend", QOBJECT(backend));
    typed = chardev_new_from_qdict(args, &error_abort);
    g_assert_true(chardev_log_is_open(&typed->log));
    typed_cfg = chardev_get_config(typed);
    g_assert_cmpstr(qdict_get_try_str(typed_cfg, "logfile"), ==, log);
    g_assert_cmpstr(qdict_get_try_str(typed_cfg, "logappend"), ==, "on");
    g_assert_cmpstr(qdict_get_try_str(typed_cfg, "logsize"), ==, "4096");

    text = new_keyval("ringbuf,id=q1,size=1024,logfile=%s.t,logappend=on,"
                      "logsize=4K", log);
    g_assert_cmpuint(text->log.max_size, ==, 4096);
    text_cfg = chardev_get_config(text);
    g_assert_cmpstr(qdict_get_try_str(text_cfg, "logappend"), ==, "on");
    g_assert_cmpstr(qdict_get_try_str(text_cfg, "logsize"), ==, "4K");
    g_assert_true(chardev_remove("q0", &error_abort));
    g_assert_true(chardev_remove("q1", &error_abort));
}

/* A relative logfile is kept as given in the configuration but rotated by
 * its absolute path, whatever the working directory becomes. */
static void relative_path_survives_chdir(void)
{
    g_autofree char *cwd = g_get_current_dir();
    g_autofree char *abs = tmp_path("rel.log");
    g_autofree char *abs_old = g_strconcat(abs, ".1", NULL);
    g_autoptr(Chardev) chr = NULL;
    g_autoptr(QDict) cfg = NULL;

    g_assert_cmpint(chdir(tmpdir), ==, 0);
    chr = new_keyval("null,id=p0,logfile=rel.log,logsize=4");
    g_assert_cmpint(chdir("/"), ==, 0);
    chardev_write(chr, "abc\n", 4);
    chardev_write(chr, "efg\n", 4);
    g_assert_true(g_file_test(abs_old, G_FILE_TEST_EXISTS));
    g_assert_cmpint(file_size(abs), ==, 4);
    cfg = chardev_get_config(chr);
    g_assert_cmpstr(qdict_get_try_str(cfg, "logfile"), ==, "rel.log");
    g_assert_cmpint(chdir(cwd), ==, 0);
    g_assert_true(chardev_remove("p0", &error_abort));
}

static void option_errors(void)
{
    expect_error("null,id=x0,logappend=on",
                 "chardev 'x0': 'logappend' and 'logsize' need 'logfile'");
    expect_error("null,id=x0,logsize=1M",
                 "chardev 'x0': 'logappend' and 'logsize' need 'logfile'");
    expect_error("null,id=x0,logfile=/tmp/x,logappend=maybe",
                 "chardev 'x0': 'logappend' must be on or off");
    expect_error("null,id=x0,logfile=/tmp/x,logsize=lots",
                 "chardev 'x0': parameter 'logsize' expects a size (a "
                 "number with an optional k/M/G/T/P/E suffix), not 'lots'");
    expect_error("null,id=x0,logfile=/nonexistent/dir/x.log",
                 "chardev 'x0': cannot open log file "
                 "'/nonexistent/dir/x.log': No such file or directory");
    expect_error("null,id=x0,logfile=", "chardev 'x0': 'logfile' must not "
                 "be empty");
    g_assert_null(chardev_find("x0"));
}

int main(int argc, char **argv)
{
    int ret;

    g_test_init(&argc, &argv, NULL);
    tmpdir = g_dir_make_tmp("quern-chardev-log-XXXXXX", NULL);
    g_assert_nonnull(tmpdir);
    g_test_add_func("/chardev/log/every-backend", every_backend_logs);
    g_test_add_func("/chardev/log/is-a-copy", log_is_a_copy);
    g_test_add_func("/chardev/log/mux-logs-through-its-backend",
                    mux_logs_through_its_backend);
    g_test_add_func("/chardev/log/line-written-at-its-newline",
                    line_written_at_its_newline);
    g_test_add_func("/chardev/log/prompt-written-when-the-loop-turns",
                    prompt_written_when_the_loop_turns);
    g_test_add_func("/chardev/log/endless-line-written-at-its-bound",
                    endless_line_written_at_its_bound);
    g_test_add_func("/chardev/log/logappend", logappend_decides);
    g_test_add_func("/chardev/log/truncated-under-us-stays-dense",
                    truncated_under_us_stays_dense);
    g_test_add_func("/chardev/log/logsize/rotates", logsize_rotates);
    g_test_add_func("/chardev/log/logsize/keeps-end-of-long-write",
                    logsize_keeps_the_end_of_a_long_write);
    g_test_add_func("/chardev/log/logsize/believes-the-file",
                    logsize_believes_the_file);
    g_test_add_func("/chardev/log/write-error-reported-once",
                    write_error_reported_once);
    g_test_add_func("/chardev/log/rotation-failure-stops-logging",
                    rotation_failure_stops_logging);
    g_test_add_func("/chardev/log/qmp-shape-and-config",
                    qmp_shape_and_config);
    g_test_add_func("/chardev/log/relative-path-survives-chdir",
                    relative_path_survives_chdir);
    g_test_add_func("/chardev/log/option-errors", option_errors);
    ret = g_test_run();
    {
        g_autofree char *cmd = g_strdup_printf("rm -rf '%s'", tmpdir);

        g_assert_cmpint(system(cmd), ==, 0);
    }
    g_free(tmpdir);
    return ret;
}
