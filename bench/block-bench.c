/* block-bench: how many 4 KiB random reads per second a raw image gives,
 * read synchronously one at a time and through the asynchronous pool with
 * 16 requests in flight, as a virtio-blk queue would keep them.
 *
 * The image is a 64 MiB file of non-zero data in a fresh temporary
 * directory (a sparse file would read holes, which costs no I/O); it is
 * usually in the page cache, so the figures measure the engine's overhead
 * (syscalls, thread hand-offs, main-loop wake-ups) more than the disk.
 * Usage: block-bench [--quick] (--quick: shorter rounds on an 8 MiB image,
 * for a smoke run). */
#include "bench-util.h"
#include "block-file.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#define ROUNDS 3
#define BLOCK 4096
#define QUEUE_DEPTH 16

typedef struct ReadBench {
    BlockNode *node;
    uint64_t blocks;
    GRand *rand;
    char *bufs;                 /* QUEUE_DEPTH blocks */
    long submitted;
    long completed;
    long target;
} ReadBench;

static uint64_t random_offset(ReadBench *rb)
{
    return (uint64_t)g_rand_int_range(rb->rand, 0, (gint32)rb->blocks) * BLOCK;
}

static void body_sync(void *opaque, long n)
{
    ReadBench *rb = opaque;

    for (long i = 0; i < n; i++) {
        block_file_pread(rb->node, random_offset(rb), rb->bufs, BLOCK,
                         &error_abort);
    }
}

static void async_submit(ReadBench *rb, char *buf);

static void async_done(void *opaque, int64_t ret, const Error *err)
{
    char *buf = opaque;
    ReadBench *rb = *(ReadBench **)(buf + BLOCK);

    if (err) {
        fprintf(stderr, "block-bench: %s\n", error_get_pretty(err));
        abort();
    }
    rb->completed++;
    if (rb->submitted < rb->target) {
        async_submit(rb, buf);
    }
}

static void async_submit(ReadBench *rb, char *buf)
{
    rb->submitted++;
    block_file_aio_read(rb->node, random_offset(rb), buf, BLOCK, async_done,
                        buf);
}

/* Each slot is a block followed by a pointer back to the bench, so the
 * completion finds both from its one opaque. */
#define SLOT (BLOCK + sizeof(ReadBench *))

static void body_async(void *opaque, long n)
{
    ReadBench *rb = opaque;

    rb->submitted = 0;
    rb->completed = 0;
    rb->target = n;
    for (int i = 0; i < QUEUE_DEPTH && rb->submitted < n; i++) {
        async_submit(rb, rb->bufs + i * SLOT);
    }
    while (rb->completed < n) {
        g_main_context_iteration(NULL, TRUE);
    }
}

static char *make_image(const char *dir, uint64_t size)
{
    char *path = g_build_filename(dir, "bench.img", NULL);
    FILE *f = fopen(path, "wb");
    char chunk[65536];

    g_assert(f);
    memset(chunk, 0xa5, sizeof(chunk));
    for (uint64_t done = 0; done < size; done += sizeof(chunk)) {
        g_assert(fwrite(chunk, sizeof(chunk), 1, f) == 1);
    }
    g_assert(fclose(f) == 0);
    return path;
}

int main(int argc, char **argv)
{
    double round_seconds = 0.2;
    uint64_t size = 64 << 20;
    g_autofree char *dir = NULL;
    g_autofree char *path = NULL;
    ReadBench rb = { 0 };

    g_set_prgname("block-bench");
    if (argc > 1 && g_str_equal(argv[1], "--quick")) {
        round_seconds = 0.02;
        size = 8 << 20;
    } else if (argc > 1) {
        fprintf(stderr, "usage: block-bench [--quick]\n");
        return 1;
    }

    dir = g_dir_make_tmp("quern-block-bench-XXXXXX", NULL);
    g_assert(dir);
    path = make_image(dir, size);
    rb.node = block_file_open(path, true, &error_abort);
    g_assert_cmpuint(block_file_get_size(rb.node), ==, size);
    rb.blocks = size / BLOCK;
    rb.rand = g_rand_new_with_seed(42);
    rb.bufs = g_malloc(QUEUE_DEPTH * SLOT);
    for (int i = 0; i < QUEUE_DEPTH; i++) {
        ReadBench *self = &rb;

        memcpy(rb.bufs + i * SLOT + BLOCK, &self, sizeof(self));
    }

    bench_print_rate("4 KiB random reads, synchronous",
                     bench_rate(round_seconds, ROUNDS, body_sync, &rb),
                     "reads/s");
    bench_print_rate("4 KiB random reads, async pool, depth 16",
                     bench_rate(round_seconds, ROUNDS, body_async, &rb),
                     "reads/s");

    /* Sanity: what came back is what was written. */
    for (int i = 0; i < BLOCK; i++) {
        g_assert_cmpint((unsigned char)rb.bufs[i], ==, 0xa5);
    }
    g_assert_cmpuint(block_file_aio_in_flight(rb.node), ==, 0);

    block_file_close(rb.node);
    g_free(rb.bufs);
    g_rand_free(rb.rand);
    g_remove(path);
    g_rmdir(dir);
    return 0;
}
