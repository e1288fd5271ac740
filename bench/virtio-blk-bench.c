/* virtio-blk-bench: how many 4 KiB random reads per second a guest gets
 * through virtio-blk: the driver (the tests' virtio driver) keeps 16
 * requests in its queue, kicks through the virtio-mmio registers, and the
 * device pops them, reads the image with the block layer's thread pool
 * and completes them on the GLib main loop, where the driver posts the
 * next one. Beside it, the same reads with one request in flight.
 *
 * The image is a 64 MiB raw file of non-zero data in a fresh temporary
 * directory, usually in the page cache: the figures measure the engine's
 * path (MMIO decode, ring walks, thread hand-offs, completions) more than
 * the disk. Compare with block-bench's async figure for the block layer
 * alone. Usage: virtio-blk-bench [--quick] (--quick: shorter rounds on an
 * 8 MiB image, for a smoke run). */
#include "bench-util.h"
#include "virtio-blk.h"
#include "virtio-test-driver.h"

#include <stdio.h>
#include <string.h>

#define ROUNDS 3
#define BLOCK 4096
#define QUEUE_SIZE 64

typedef struct BlkBench {
    VtestDriver d;
    unsigned depth;
    uint64_t sectors;
    GRand *rand;
    hwaddr hdr[QUEUE_SIZE / 3];
    hwaddr data[QUEUE_SIZE / 3];
    hwaddr status[QUEUE_SIZE / 3];
} BlkBench;

/* Slot k of the driver uses descriptors 3k..3k+2 for header, data and
 * status; posting it picks a new random 4 KiB-aligned sector. */
static void post(BlkBench *b, unsigned k)
{
    uint64_t sector = (uint64_t)g_rand_int_range(
                          b->rand, 0, (gint32)(b->sectors / 8)) * 8;
    uint32_t type = GUINT32_TO_LE(VIRTIO_BLK_T_IN);
    uint64_t s = GUINT64_TO_LE(sector);

    vtest_memwrite(b->d.m, b->hdr[k], &type, 4);
    vtest_memwrite(b->d.m, b->hdr[k] + 8, &s, 8);
    vtest_write_desc(&b->d, 3 * k, b->hdr[k], 16, VRING_DESC_F_NEXT,
                     3 * k + 1);
    vtest_write_desc(&b->d, 3 * k + 1, b->data[k], BLOCK,
                     VRING_DESC_F_WRITE | VRING_DESC_F_NEXT, 3 * k + 2);
    vtest_write_desc(&b->d, 3 * k + 2, b->status[k], 1, VRING_DESC_F_WRITE,
                     0);
    vtest_publish(&b->d, 3 * k);
}

static void body(void *opaque, long n)
{
    BlkBench *b = opaque;
    long posted = 0;

    for (unsigned k = 0; k < b->depth && posted < n; k++, posted++) {
        post(b, k);
    }
    vtest_kick(&b->d);
    for (long done = 0; done < n; done++) {
        unsigned head = vtest_wait_used(&b->d, NULL);
        uint8_t st;

        vtest_memread(b->d.m, b->status[head / 3], &st, 1);
        if (st != VIRTIO_BLK_S_OK) {
            fprintf(stderr, "virtio-blk-bench: request failed (%u)\n", st);
            abort();
        }
        if (posted < n) {
            post(b, head / 3);
            posted++;
            vtest_kick(&b->d);
        }
    }
}

static void run(const char *what, unsigned depth, size_t image_size,
                double round_seconds)
{
    VtestMachine *m = vtest_machine_new();
    const char *const props[] = { "drive=hd0", NULL };
    BlkBench b = { .depth = depth, .sectors = image_size / 512 };

    vtest_add_image(m, "hd0", image_size, false);
    DeviceState *dev = vtest_device_add("virtio-blk-device", NULL, props);

    vtest_driver_start(&b.d, m, vtest_slot_of(m, dev), UINT64_MAX,
                       QUEUE_SIZE);
    for (unsigned k = 0; k < depth; k++) {
        b.hdr[k] = vtest_alloc(&b.d, 16);
        b.data[k] = vtest_alloc(&b.d, BLOCK);
        b.status[k] = vtest_alloc(&b.d, 1);
    }
    b.rand = g_rand_new_with_seed(42);
    bench_print_rate(what, bench_rate(round_seconds, ROUNDS, body, &b),
                     "reads/s");
    g_rand_free(b.rand);
    vtest_machine_free(m);
}

int main(int argc, char **argv)
{
    bool quick = argc > 1 && !strcmp(argv[1], "--quick");
    size_t image_size = (quick ? 8 : 64) * 1024 * 1024;
    double round_seconds = quick ? 0.02 : 0.5;

    run("virtio-blk 4 KiB random reads, 1 in flight", 1, image_size,
        round_seconds);
    run("virtio-blk 4 KiB random reads, 16 in flight", 16, image_size,
        round_seconds);
    return 0;
}
