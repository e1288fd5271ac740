/* Raw image files: byte I/O, bounds, read-only nodes, the image lock and
 * the asynchronous pool, on real files in a fresh temporary directory. */
#include "block-file.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define IMAGE_SIZE (1024 * 1024)

typedef struct Fixture {
    char *dir;
    char *path;
} Fixture;

static void fixture_setup(Fixture *f, gconstpointer data)
{
    g_autofree char *zeros = g_malloc0(IMAGE_SIZE);

    f->dir = g_dir_make_tmp("quern-block-XXXXXX", NULL);
    g_assert_nonnull(f->dir);
    f->path = g_build_filename(f->dir, "disk.img", NULL);
    g_assert_true(g_file_set_contents(f->path, zeros, IMAGE_SIZE, NULL));
}

static void fixture_teardown(Fixture *f, gconstpointer data)
{
    g_autoptr(GDir) dir = g_dir_open(f->dir, 0, NULL);
    const char *name;

    while (dir && (name = g_dir_read_name(dir))) {
        g_autofree char *p = g_build_filename(f->dir, name, NULL);
        g_remove(p);
    }
    g_rmdir(f->dir);
    g_free(f->path);
    g_free(f->dir);
}

static void assert_error_contains(Error **err, const char *part)
{
    g_assert_nonnull(*err);
    if (!strstr(error_get_pretty(*err), part)) {
        g_error("error '%s' lacks '%s'", error_get_pretty(*err), part);
    }
    g_clear_pointer(err, error_free);
}

/* Odd offsets and lengths straddling sector and page boundaries: nothing
 * below assumes alignment. */
static void test_round_trip_at_odd_offsets(Fixture *f, gconstpointer data)
{
    BlockNode *node = block_file_open(f->path, false, &error_abort);
    char out[5000];
    char in[5000] = { 0 };

    for (size_t i = 0; i < sizeof(out); i++) {
        out[i] = (char)(i * 7 + 3);
    }
    g_assert_true(block_file_pwrite(node, 4093, out, sizeof(out),
                                    &error_abort));
    g_assert_true(block_file_flush(node, &error_abort));
    g_assert_true(block_file_pread(node, 4093, in, sizeof(in), &error_abort));
    g_assert_cmpmem(in, sizeof(in), out, sizeof(out));
    /* The byte before is untouched. */
    g_assert_true(block_file_pread(node, 4092, in, 1, &error_abort));
    g_assert_cmpint(in[0], ==, 0);
    block_file_close(node);

    /* And it reached the file, for a second opener. */
    node = block_file_open(f->path, true, &error_abort);
    g_assert_true(block_file_pread(node, 4093, in, sizeof(in), &error_abort));
    g_assert_cmpmem(in, sizeof(in), out, sizeof(out));
    block_file_close(node);
}

static void test_size_is_the_file_size(Fixture *f, gconstpointer data)
{
    BlockNode *node = block_file_open(f->path, true, &error_abort);

    g_assert_cmpuint(block_file_get_size(node), ==, IMAGE_SIZE);
    g_assert_true(block_file_is_read_only(node));
    g_assert_cmpstr(block_file_get_path(node), ==, f->path);
    block_file_close(node);
}

/* The last byte is in range; one past it is not. */
static void test_io_up_to_the_end(Fixture *f, gconstpointer data)
{
    BlockNode *node = block_file_open(f->path, false, &error_abort);
    Error *err = NULL;
    char c = 'x';

    g_assert_true(block_file_pwrite(node, IMAGE_SIZE - 1, &c, 1,
                                    &error_abort));
    g_assert_false(block_file_pwrite(node, IMAGE_SIZE, &c, 1, &err));
    assert_error_contains(&err, "beyond the end of image");
    g_assert_false(block_file_pread(node, IMAGE_SIZE - 1, &c, 2, &err));
    assert_error_contains(&err, "beyond the end of image");
    /* Zero bytes at the very end is an empty, valid request. */
    g_assert_true(block_file_pread(node, IMAGE_SIZE, &c, 0, &error_abort));
    block_file_close(node);
}

/* A guest offset chosen so that offset + len wraps 2^64 to a small number. */
static void test_offset_overflow_is_refused(Fixture *f, gconstpointer data)
{
    BlockNode *node = block_file_open(f->path, false, &error_abort);
    Error *err = NULL;
    char buf[16];

    g_assert_false(block_file_pread(node, UINT64_MAX - 7, buf, sizeof(buf),
                                    &err));
    assert_error_contains(&err, "beyond the end of image");
    g_assert_false(block_file_pwrite(node, UINT64_MAX, buf, sizeof(buf),
                                     &err));
    assert_error_contains(&err, "beyond the end of image");
    g_assert_false(block_file_pread(node, 0, buf, SIZE_MAX, &err));
    assert_error_contains(&err, "beyond the end of image");
    block_file_close(node);
}

static void test_read_only_refuses_writes(Fixture *f, gconstpointer data)
{
    BlockNode *node = block_file_open(f->path, true, &error_abort);
    Error *err = NULL;
    char c = 'x';
    g_autofree char *expected = g_strdup_printf("image '%s' is read-only",
                                                f->path);

    g_assert_false(block_file_pwrite(node, 0, &c, 1, &err));
    g_assert_nonnull(err);
    g_assert_cmpstr(error_get_pretty(err), ==, expected);
    g_clear_pointer(&err, error_free);
    block_file_close(node);
}

static void test_open_missing_file(Fixture *f, gconstpointer data)
{
    g_autofree char *path = g_build_filename(f->dir, "nope.img", NULL);
    Error *err = NULL;

    g_assert_null(block_file_open(path, false, &err));
    assert_error_contains(&err, "No such file or directory");
}

static void test_open_directory(Fixture *f, gconstpointer data)
{
    Error *err = NULL;

    g_assert_null(block_file_open(f->dir, true, &err));
    assert_error_contains(&err, "neither a regular file nor a block device");
}

/* Root reads anything, so the check only means something for others. */
static void test_open_without_permission(Fixture *f, gconstpointer data)
{
    Error *err = NULL;

    if (geteuid() == 0) {
        g_test_skip("root ignores file permissions");
        return;
    }
    g_assert_cmpint(chmod(f->path, 0400), ==, 0);
    g_assert_null(block_file_open(f->path, false, &err));
    assert_error_contains(&err, "Permission denied");
    /* Read-only still works. */
    block_file_close(block_file_open(f->path, true, &error_abort));
}

/* Two descriptions in one process conflict, as two VMs would. */
static void test_lock_refuses_second_writer(Fixture *f, gconstpointer data)
{
    BlockNode *first = block_file_open(f->path, false, &error_abort);
    Error *err = NULL;
    g_autofree char *expected = g_strdup_printf(
        "image '%s' is in use by process %d (", f->path, (int)getpid());

    g_assert_null(block_file_open(f->path, false, &err));
    g_assert_nonnull(err);
    g_test_message("refusal: %s", error_get_pretty(err));
    /* The holder is this process when /proc lets us find it. */
    if (!g_str_has_prefix(error_get_pretty(err), expected)) {
        g_autofree char *fallback = g_strdup_printf(
            "image '%s' is in use by another process", f->path);
        g_assert_cmpstr(error_get_pretty(err), ==, fallback);
    }
    g_clear_pointer(&err, error_free);

    /* A reader is refused too while the writer holds it. */
    g_assert_null(block_file_open(f->path, true, &err));
    assert_error_contains(&err, "is in use by");

    /* Closing the writer frees the image. */
    block_file_close(first);
    block_file_close(block_file_open(f->path, false, &error_abort));
}

/* Another process holds the image: the refusal names it. The holder is this
 * test program run with --hold-lock (see main). */
static void test_lock_names_another_process(Fixture *f, gconstpointer data)
{
    g_autofree char *self = g_file_read_link("/proc/self/exe", NULL);
    const char *child_argv[] = { self, "--hold-lock", f->path, NULL };
    GPid pid;
    int in_fd, out_fd;
    char line[16] = { 0 };
    Error *err = NULL;
    g_autofree char *expected = NULL;
    int status;

    g_assert_nonnull(self);
    g_assert_true(g_spawn_async_with_pipes(NULL, (char **)child_argv, NULL,
                                           G_SPAWN_DO_NOT_REAP_CHILD, NULL,
                                           NULL, &pid, &in_fd, &out_fd, NULL,
                                           NULL));
    /* The child says "locked" once it holds the image. */
    g_assert_cmpint(read(out_fd, line, sizeof(line) - 1), ==, 7);
    g_assert_cmpstr(line, ==, "locked\n");

    expected = g_strdup_printf("image '%s' is in use by process %d "
                               "(test-block-file)", f->path, (int)pid);
    g_assert_null(block_file_open(f->path, true, &err));
    g_assert_nonnull(err);
    g_assert_cmpstr(error_get_pretty(err), ==, expected);
    g_clear_pointer(&err, error_free);

    /* Closing its stdin lets the child go; its lock goes with it. */
    close(in_fd);
    g_assert_cmpint(waitpid(pid, &status, 0), ==, pid);
    g_assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    close(out_fd);
    g_spawn_close_pid(pid);
    block_file_close(block_file_open(f->path, false, &error_abort));
}

/* The child side of the test above: lock, report, wait for stdin to close. */
static int hold_lock(const char *path)
{
    BlockNode *node = block_file_open(path, false, &error_abort);
    char c;

    if (write(STDOUT_FILENO, "locked\n", 7) != 7) {
        return 1;
    }
    while (read(STDIN_FILENO, &c, 1) > 0) {
        continue;
    }
    block_file_close(node);
    return 0;
}

static void test_lock_readers_share(Fixture *f, gconstpointer data)
{
    BlockNode *a = block_file_open(f->path, true, &error_abort);
    BlockNode *b = block_file_open(f->path, true, &error_abort);
    Error *err = NULL;

    /* A writer would change what they read. */
    g_assert_null(block_file_open(f->path, false, &err));
    assert_error_contains(&err, "is in use by");
    block_file_close(a);
    block_file_close(b);
}

typedef struct AioResult {
    bool done;
    int64_t ret;
    char *error;
} AioResult;

static void aio_done(void *opaque, int64_t ret, const Error *err)
{
    AioResult *r = opaque;

    /* Completions run on the thread that iterates the main context. */
    g_assert_true(g_main_context_is_owner(g_main_context_default()));
    r->done = true;
    r->ret = ret;
    r->error = err ? g_strdup(error_get_pretty(err)) : NULL;
}

static void aio_wait(AioResult *r)
{
    while (!r->done) {
        g_main_context_iteration(NULL, TRUE);
    }
}

static gboolean count_tick(gpointer data)
{
    (*(unsigned *)data)++;
    return G_SOURCE_CONTINUE;
}

/* Write then read back through the pool; the loop keeps running other
 * sources meanwhile, and nothing completes inside the submitting call. */
static void test_aio_round_trip(Fixture *f, gconstpointer data)
{
    BlockNode *node = block_file_open(f->path, false, &error_abort);
    g_autofree char *out = g_malloc(65537);
    g_autofree char *in = g_malloc0(65537);
    AioResult w = { 0 }, r = { 0 }, fl = { 0 };
    unsigned ticks = 0;
    guint idle = g_idle_add(count_tick, &ticks);

    for (size_t i = 0; i < 65537; i++) {
        out[i] = (char)(i ^ (i >> 8));
    }
    block_file_aio_write(node, 12345, out, 65537, aio_done, &w);
    g_assert_false(w.done);
    g_assert_cmpuint(block_file_aio_in_flight(node), ==, 1);
    aio_wait(&w);
    g_assert_null(w.error);
    g_assert_cmpint(w.ret, ==, 65537);

    block_file_aio_flush(node, aio_done, &fl);
    aio_wait(&fl);
    g_assert_null(fl.error);
    g_assert_cmpint(fl.ret, ==, 0);

    block_file_aio_read(node, 12345, in, 65537, aio_done, &r);
    aio_wait(&r);
    g_assert_null(r.error);
    g_assert_cmpint(r.ret, ==, 65537);
    g_assert_cmpmem(in, 65537, out, 65537);
    g_assert_cmpuint(block_file_aio_in_flight(node), ==, 0);

    /* The idle source ran while we waited: the loop was never blocked on
     * the disk (each wait returned from iteration to check). */
    g_source_remove(idle);
    g_assert_cmpuint(ticks, >, 0);
    block_file_close(node);
}

/* Refusals are reported through the callback, later, like any result. */
static void test_aio_refusals_complete_later(Fixture *f, gconstpointer data)
{
    BlockNode *node = block_file_open(f->path, true, &error_abort);
    AioResult w = { 0 }, r = { 0 };
    char buf[8];

    block_file_aio_write(node, 0, buf, sizeof(buf), aio_done, &w);
    block_file_aio_read(node, UINT64_MAX - 2, buf, sizeof(buf), aio_done, &r);
    g_assert_false(w.done);
    g_assert_false(r.done);
    aio_wait(&w);
    aio_wait(&r);
    g_assert_cmpint(w.ret, ==, -1);
    g_assert_nonnull(strstr(w.error, "is read-only"));
    g_assert_cmpint(r.ret, ==, -1);
    g_assert_nonnull(strstr(r.error, "beyond the end of image"));
    g_free(w.error);
    g_free(r.error);
    block_file_close(node);
}

/* Many requests at once, completing in any order. */
static void test_aio_many_in_flight(Fixture *f, gconstpointer data)
{
    BlockNode *node = block_file_open(f->path, false, &error_abort);
    enum { N = 32, LEN = 1000 };
    AioResult res[N] = { 0 };
    g_autofree char *bufs = g_malloc(N * LEN);
    g_autofree char *check = g_malloc(N * LEN);

    for (int i = 0; i < N * LEN; i++) {
        bufs[i] = (char)(i / LEN + 1);
    }
    for (int i = 0; i < N; i++) {
        block_file_aio_write(node, (uint64_t)i * LEN + 1, bufs + i * LEN, LEN,
                             aio_done, &res[i]);
    }
    g_assert_cmpuint(block_file_aio_in_flight(node), ==, N);
    for (int i = 0; i < N; i++) {
        aio_wait(&res[i]);
        g_assert_null(res[i].error);
        g_assert_cmpint(res[i].ret, ==, LEN);
    }
    g_assert_true(block_file_pread(node, 1, check, N * LEN, &error_abort));
    g_assert_cmpmem(check, N * LEN, bufs, N * LEN);
    block_file_close(node);
}

typedef struct CloseOnLast {
    BlockNode *node;
    unsigned completed;
} CloseOnLast;

static void aio_close_on_last(void *opaque, int64_t ret, const Error *err)
{
    CloseOnLast *c = opaque;

    g_assert_null(err);
    c->completed++;
    if (block_file_aio_in_flight(c->node) == 0) {
        block_file_close(c->node);
        c->node = NULL;
    }
}

/* Completions arrive in batches through one source; the last callback of
 * a batch may close the node, and nothing touches it afterwards. */
static void test_aio_last_callback_closes(Fixture *f, gconstpointer data)
{
    enum { N = 64, LEN = 512 };
    CloseOnLast c = { block_file_open(f->path, true, &error_abort), 0 };
    g_autofree char *bufs = g_malloc(N * LEN);

    for (int i = 0; i < N; i++) {
        block_file_aio_read(c.node, (uint64_t)i * LEN, bufs + i * LEN, LEN,
                            aio_close_on_last, &c);
    }
    while (c.node) {
        g_main_context_iteration(NULL, TRUE);
    }
    g_assert_cmpuint(c.completed, ==, N);
    /* Another loop iteration must find no source left behind. */
    g_assert_false(g_main_context_iteration(NULL, FALSE));
}

/* Closing with a request in flight would leave its completion pointing at
 * a freed node, so it aborts. */
static void test_aio_close_in_flight_aborts(Fixture *f, gconstpointer data)
{
    if (g_test_subprocess()) {
        BlockNode *node = block_file_open(f->path, true, &error_abort);
        char buf[16];
        AioResult r = { 0 };

        block_file_aio_read(node, 0, buf, sizeof(buf), aio_done, &r);
        block_file_close(node);
        return;
    }
    g_test_trap_subprocess(NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
    g_test_trap_assert_failed();
}

int main(int argc, char **argv)
{
    if (argc == 3 && g_str_equal(argv[1], "--hold-lock")) {
        return hold_lock(argv[2]);
    }
    g_test_init(&argc, &argv, NULL);

#define ADD(path, fn) \
    g_test_add("/block-file/" path, Fixture, NULL, fixture_setup, fn, \
               fixture_teardown)
    ADD("io/round-trips-at-odd-offsets", test_round_trip_at_odd_offsets);
    ADD("size/is-the-file-size", test_size_is_the_file_size);
    ADD("io/reaches-the-last-byte-and-no-further", test_io_up_to_the_end);
    ADD("io/refuses-offsets-that-wrap", test_offset_overflow_is_refused);
    ADD("read-only/refuses-writes", test_read_only_refuses_writes);
    ADD("open/reports-a-missing-file", test_open_missing_file);
    ADD("open/refuses-a-directory", test_open_directory);
    ADD("open/reports-a-permission-error", test_open_without_permission);
    ADD("lock/refuses-a-second-writer-naming-the-holder",
        test_lock_refuses_second_writer);
    ADD("lock/names-the-process-holding-it",
        test_lock_names_another_process);
    ADD("lock/lets-readers-share", test_lock_readers_share);
    ADD("aio/completes-on-the-main-loop", test_aio_round_trip);
    ADD("aio/reports-refusals-through-the-callback",
        test_aio_refusals_complete_later);
    ADD("aio/keeps-many-requests-in-flight", test_aio_many_in_flight);
    ADD("aio/lets-the-last-callback-close-the-node",
        test_aio_last_callback_closes);
    ADD("aio/aborts-closing-with-requests-in-flight",
        test_aio_close_in_flight_aborts);
#undef ADD
    return g_test_run();
}
