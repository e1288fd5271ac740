/* Virtqueues on their own, over an address space with one RAM block: the
 * used ring as the driver reads it, the EVENT_IDX arithmetic across index
 * wrap-around, copies across buffers, elements outliving a reset, and
 * rings that follow the memory map when it changes. */
#include "virtqueue.h"

#include <string.h>

#define RAM_BASE 0x40000000ull
#define RAM_SIZE 0x10000
#define DESC (RAM_BASE + 0x0000)
#define AVAIL (RAM_BASE + 0x1000)
#define USED (RAM_BASE + 0x2000)
#define BUF (RAM_BASE + 0x4000)
#define NUM 8

typedef struct Fixture {
    MemoryRegion sys;
    MemoryRegion ram;
    AddressSpace *as;
    VirtQueue *vq;
    unsigned errors;
    char *reason;
    uint16_t avail_idx;
} Fixture;

static void on_error(void *opaque, const char *reason)
{
    Fixture *f = opaque;

    f->errors++;
    g_free(f->reason);
    f->reason = g_strdup(reason);
}

static void fixture_setup(Fixture *f, gconstpointer data)
{
    memory_region_init_container(&f->sys, "system", MEMORY_SIZE_FULL);
    g_assert_true(memory_region_init_ram(&f->ram, "ram", RAM_SIZE,
                                         &error_abort));
    memory_region_add_subregion(&f->sys, RAM_BASE, &f->ram);
    f->as = address_space_new(&f->sys, "memory");
    f->vq = virtqueue_new(f->as, 3, NUM, on_error, f);
    g_assert_true(virtqueue_configure(f->vq, NUM, DESC, AVAIL, USED));
    virtqueue_set_ready(f->vq, true);
}

static void fixture_teardown(Fixture *f, gconstpointer data)
{
    virtqueue_free(f->vq);
    address_space_free(f->as);
    if (f->ram.container) {
        memory_region_del_subregion(&f->sys, &f->ram);
    }
    memory_region_finalize(&f->ram);
    memory_region_finalize(&f->sys);
    g_free(f->reason);
}

static void write16(Fixture *f, hwaddr addr, uint16_t v)
{
    v = GUINT16_TO_LE(v);
    g_assert_true(address_space_write(f->as, addr, &v, 2, NULL));
}

static uint16_t read16(Fixture *f, hwaddr addr)
{
    uint16_t v;

    g_assert_true(address_space_read(f->as, addr, &v, 2, NULL));
    return GUINT16_FROM_LE(v);
}

static uint32_t read32(Fixture *f, hwaddr addr)
{
    uint32_t v;

    g_assert_true(address_space_read(f->as, addr, &v, 4, NULL));
    return GUINT32_FROM_LE(v);
}

static void write_desc(Fixture *f, hwaddr table, unsigned i, uint64_t addr,
                       uint32_t len, uint16_t flags, uint16_t next)
{
    uint8_t raw[16];
    uint64_t a = GUINT64_TO_LE(addr);
    uint32_t l = GUINT32_TO_LE(len);

    memcpy(raw, &a, 8);
    memcpy(raw + 8, &l, 4);
    flags = GUINT16_TO_LE(flags);
    next = GUINT16_TO_LE(next);
    memcpy(raw + 12, &flags, 2);
    memcpy(raw + 14, &next, 2);
    g_assert_true(address_space_write(f->as, table + i * 16, raw, 16, NULL));
}

static void publish(Fixture *f, unsigned head)
{
    write16(f, AVAIL + 4 + (f->avail_idx % NUM) * 2, head);
    f->avail_idx++;
    write16(f, AVAIL + 2, f->avail_idx);
}

/* One writable buffer of len at BUF, published; popped. */
static VirtQueueElement *post_and_pop(Fixture *f, uint32_t len)
{
    unsigned head = f->avail_idx % NUM;

    write_desc(f, DESC, head, BUF, len, VRING_DESC_F_WRITE, 0);
    publish(f, head);
    return virtqueue_pop(f->vq);
}

/* A chain of readable then writable buffers comes out split in two, with
 * host pointers onto the very guest bytes. */
static void test_pop_splits_directions(Fixture *f, gconstpointer data)
{
    g_autoptr(VirtQueueElement) elem = NULL;
    const char text[] = "guest bytes";

    g_assert_true(address_space_write(f->as, BUF, text, sizeof(text),
                                      NULL));
    write_desc(f, DESC, 5, BUF, sizeof(text), VRING_DESC_F_NEXT, 2);
    write_desc(f, DESC, 2, BUF + 0x100, 64,
               VRING_DESC_F_WRITE | VRING_DESC_F_NEXT, 7);
    write_desc(f, DESC, 7, BUF + 0x200, 32, VRING_DESC_F_WRITE, 0);
    publish(f, 5);
    elem = virtqueue_pop(f->vq);
    g_assert_nonnull(elem);
    g_assert_cmpuint(elem->index, ==, 5);
    g_assert_cmpuint(elem->out_num, ==, 1);
    g_assert_cmpuint(elem->in_num, ==, 2);
    g_assert_cmpuint(elem->out_len, ==, sizeof(text));
    g_assert_cmpuint(elem->in_len, ==, 96);
    g_assert_cmpstr(elem->out_sg[0].iov_base, ==, text);
    g_assert_true((uint8_t *)elem->in_sg[0].iov_base ==
                  (uint8_t *)memory_region_get_ram_ptr(&f->ram) + 0x4100);
    g_assert_null(virtqueue_pop(f->vq));
    g_assert_cmpuint(virtqueue_in_use(f->vq), ==, 1);
}

/* The used ring gets {head, len} and its index moves by one per push. */
static void test_push_fills_used_ring(Fixture *f, gconstpointer data)
{
    for (unsigned i = 0; i < 2 * NUM + 3; i++) {
        VirtQueueElement *elem = post_and_pop(f, 64);

        g_assert_nonnull(elem);
        virtqueue_push(f->vq, elem, i);
        g_assert_cmpuint(read16(f, USED + 2), ==, i + 1);
        g_assert_cmpuint(read32(f, USED + 4 + (i % NUM) * 8), ==, i % NUM);
        g_assert_cmpuint(read32(f, USED + 8 + (i % NUM) * 8), ==, i);
    }
    g_assert_cmpuint(virtqueue_in_use(f->vq), ==, 0);
}

/* Copies run across buffer boundaries and stop at the end. */
static void test_elem_copies(Fixture *f, gconstpointer data)
{
    g_autoptr(VirtQueueElement) elem = NULL;
    uint8_t in[10] = { 0 };
    uint8_t out[10];

    write_desc(f, DESC, 0, BUF, 3, VRING_DESC_F_NEXT, 1);
    write_desc(f, DESC, 1, BUF + 3, 4, VRING_DESC_F_NEXT, 2);
    write_desc(f, DESC, 2, BUF + 0x100, 3,
               VRING_DESC_F_WRITE | VRING_DESC_F_NEXT, 3);
    write_desc(f, DESC, 3, BUF + 0x200, 5, VRING_DESC_F_WRITE, 0);
    g_assert_true(address_space_write(f->as, BUF, "abcdefg", 7, NULL));
    publish(f, 0);
    elem = virtqueue_pop(f->vq);
    g_assert_nonnull(elem);
    g_assert_cmpuint(virtqueue_elem_read(elem, 2, in, sizeof(in)), ==, 5);
    g_assert_cmpmem(in, 5, "cdefg", 5);
    g_assert_cmpuint(virtqueue_elem_read(elem, 7, in, 1), ==, 0);
    g_assert_cmpuint(virtqueue_elem_write(elem, 1, "0123456789", 10), ==,
                     7);
    g_assert_true(address_space_read(f->as, BUF + 0x100, out, 3, NULL));
    g_assert_true(address_space_read(f->as, BUF + 0x200, out + 3, 5, NULL));
    g_assert_cmpmem(out + 1, 7, "0123456", 7);
}

/* EVENT_IDX across the 16-bit wrap: an interrupt exactly when the used
 * index passes used_event since the last one. */
static void test_event_idx_wraps(Fixture *f, gconstpointer data)
{
    virtqueue_set_features(f->vq, 1ull << VIRTIO_F_RING_EVENT_IDX);
    /* Start both sides just below the wrap. */
    virtqueue_reset(f->vq);
    g_assert_true(virtqueue_configure(f->vq, NUM, DESC, AVAIL, USED));
    virtqueue_set_features(f->vq, 1ull << VIRTIO_F_RING_EVENT_IDX);
    virtqueue_set_ready(f->vq, true);
    for (unsigned i = 0; i < 65533; i++) {
        VirtQueueElement *elem = post_and_pop(f, 8);

        virtqueue_push(f->vq, elem, 0);
    }
    g_assert_true(virtqueue_should_notify(f->vq));    /* the first one */
    write16(f, AVAIL + 4 + NUM * 2, 1);     /* used_event: after entry 1 */
    unsigned interrupts = 0;

    for (unsigned i = 0; i < 6; i++) {      /* used 65533 -> 65535, 0..3 */
        VirtQueueElement *elem = post_and_pop(f, 8);

        virtqueue_push(f->vq, elem, 0);
        if (virtqueue_should_notify(f->vq)) {
            interrupts++;
            g_assert_cmpuint(read16(f, USED + 2), ==, 2);
        }
    }
    g_assert_cmpuint(interrupts, ==, 1);
    g_assert_cmpuint(f->errors, ==, 0);
}

/* An element popped before a reset is the guest's no longer: pushing it
 * writes nothing. */
static void test_push_after_reset(Fixture *f, gconstpointer data)
{
    VirtQueueElement *elem = post_and_pop(f, 16);

    g_assert_nonnull(elem);
    virtqueue_reset(f->vq);
    write16(f, USED + 2, 0);
    virtqueue_push(f->vq, elem, 4);
    g_assert_cmpuint(read16(f, USED + 2), ==, 0);
    g_assert_cmpuint(virtqueue_in_use(f->vq), ==, 0);
}

/* When the board moves RAM, the rings are looked up again: the queue
 * follows the guest's addresses, not stale host pointers. */
static void test_rings_follow_memory_map(Fixture *f, gconstpointer data)
{
    MemoryRegion other;
    VirtQueueElement *elem = post_and_pop(f, 16);

    virtqueue_push(f->vq, elem, 16);
    /* A second RAM block takes the rings' addresses. */
    g_assert_true(memory_region_init_ram(&other, "other", RAM_SIZE,
                                         &error_abort));
    memory_region_del_subregion(&f->sys, &f->ram);
    memory_region_add_subregion(&f->sys, RAM_BASE, &other);
    elem = post_and_pop(f, 16);
    g_assert_nonnull(elem);
    g_assert_true((uint8_t *)elem->in_sg[0].iov_base >=
                  (uint8_t *)memory_region_get_ram_ptr(&other));
    virtqueue_push(f->vq, elem, 16);
    g_assert_cmpuint(read16(f, USED + 2), ==, 2);
    /* RAM gone altogether: the queue breaks instead of using the old
     * block. */
    memory_region_del_subregion(&f->sys, &other);
    g_assert_null(virtqueue_pop(f->vq));
    g_assert_true(virtqueue_is_broken(f->vq));
    g_assert_nonnull(strstr(f->reason, "queue 3: the descriptor table"));
    memory_region_finalize(&other);
    memory_region_add_subregion(&f->sys, RAM_BASE, &f->ram);
}

/* A broken queue reports once; a reset mends it. */
static void test_break_reports_once(Fixture *f, gconstpointer data)
{
    publish(f, NUM + 1);
    g_assert_null(virtqueue_pop(f->vq));
    g_assert_null(virtqueue_pop(f->vq));
    g_assert_cmpuint(f->errors, ==, 1);
    g_assert_nonnull(strstr(f->reason, "names descriptor 9 of 8"));
    virtqueue_reset(f->vq);
    g_assert_false(virtqueue_is_broken(f->vq));
    g_assert_false(virtqueue_is_ready(f->vq));
}

#define ADD(path, fn) \
    g_test_add(path, Fixture, NULL, fixture_setup, fn, fixture_teardown)

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    ADD("/virtqueue/pop/splits-directions", test_pop_splits_directions);
    ADD("/virtqueue/push/fills-used-ring", test_push_fills_used_ring);
    ADD("/virtqueue/elem/copies-across-buffers", test_elem_copies);
    ADD("/virtqueue/notify/event-idx-across-wrap", test_event_idx_wraps);
    ADD("/virtqueue/push/after-reset-writes-nothing", test_push_after_reset);
    ADD("/virtqueue/map/rings-follow-memory-map",
        test_rings_follow_memory_map);
    ADD("/virtqueue/error/reported-once", test_break_reports_once);
    return g_test_run();
}
