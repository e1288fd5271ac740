/* virtio-net-device through a guest driver: configuration space, frames
 * both ways through a back-end made by the test (exact bytes) and through
 * user-mode networking (ARP and DHCP answered by libslirp), frames waiting
 * for receive buffers, and a hostile driver's chains -- each of which
 * leaves the engine running and the device either working or broken until
 * the driver resets it. */
#include "virtio-test-driver.h"

#include <string.h>

#include "keyval.h"
#include "net-test-frames.h"
#include "netdev-registry.h"
#include "virtio-net.h"

enum { QNUM = 16, HDR = VIRTIO_NET_HDR_SIZE };

/* A two-queue driver: the shared test driver lays out queue 0 only. */
typedef struct TestQueue {
    hwaddr desc, avail, used;
    uint16_t avail_idx, used_seen;
    unsigned next_desc;
} TestQueue;

typedef struct NetDriver {
    VtestMachine *m;
    hwaddr base;
    TestQueue q[2];
    hwaddr heap;
} NetDriver;

/* The test's back-end: records what the card sent. */
typedef struct TestBackend {
    GPtrArray *sent;            /* GBytes * */
} TestBackend;

typedef struct Fixture {
    VtestMachine *m;
    DeviceState *dev;
    NetDriver d;
    NetBackend *nb;
    TestBackend *tb;            /* NULL with a user netdev */
} Fixture;

static void reg_write(NetDriver *d, hwaddr reg, uint32_t val)
{
    vtest_writel(d->m, d->base + reg, val);
}

static uint32_t reg_read(NetDriver *d, hwaddr reg)
{
    return vtest_readl(d->m, d->base + reg);
}

static void driver_start(NetDriver *d, VtestMachine *m, unsigned slot)
{
    enum { ACK = 1, DRIVER = 2, DRIVER_OK = 4, FEATURES_OK = 8 };
    uint64_t features;

    d->m = m;
    d->base = vtest_slot_base(slot);
    d->heap = VTEST_RAM_BASE + 0x20000;
    vtest_memset(m, VTEST_RAM_BASE, 0, 0x20000);
    reg_write(d, VTEST_REG_STATUS, 0);
    reg_write(d, VTEST_REG_STATUS, ACK);
    reg_write(d, VTEST_REG_STATUS, ACK | DRIVER);
    reg_write(d, VTEST_REG_DEVICE_FEATURES_SEL, 0);
    features = reg_read(d, VTEST_REG_DEVICE_FEATURES);
    reg_write(d, VTEST_REG_DEVICE_FEATURES_SEL, 1);
    features |= (uint64_t)reg_read(d, VTEST_REG_DEVICE_FEATURES) << 32;
    /* Without EVENT_IDX: every chain's notify and interrupt happen. */
    features &= ~(1ull << VIRTIO_F_RING_EVENT_IDX);
    reg_write(d, VTEST_REG_DRIVER_FEATURES_SEL, 0);
    reg_write(d, VTEST_REG_DRIVER_FEATURES, (uint32_t)features);
    reg_write(d, VTEST_REG_DRIVER_FEATURES_SEL, 1);
    reg_write(d, VTEST_REG_DRIVER_FEATURES, features >> 32);
    reg_write(d, VTEST_REG_STATUS, ACK | DRIVER | FEATURES_OK);
    g_assert_cmphex(reg_read(d, VTEST_REG_STATUS) & FEATURES_OK, ==,
                    FEATURES_OK);
    for (unsigned i = 0; i < 2; i++) {
        TestQueue *q = &d->q[i];
        hwaddr at = VTEST_RAM_BASE + i * 0x8000;

        memset(q, 0, sizeof(*q));
        q->desc = at;
        q->avail = at + 0x2000;
        q->used = at + 0x4000;
        reg_write(d, VTEST_REG_QUEUE_SEL, i);
        g_assert_cmpuint(reg_read(d, VTEST_REG_QUEUE_NUM_MAX), >=, QNUM);
        reg_write(d, VTEST_REG_QUEUE_NUM, QNUM);
        reg_write(d, VTEST_REG_QUEUE_DESC_LOW, (uint32_t)q->desc);
        reg_write(d, VTEST_REG_QUEUE_DESC_HIGH, q->desc >> 32);
        reg_write(d, VTEST_REG_QUEUE_DRIVER_LOW, (uint32_t)q->avail);
        reg_write(d, VTEST_REG_QUEUE_DRIVER_HIGH, q->avail >> 32);
        reg_write(d, VTEST_REG_QUEUE_DEVICE_LOW, (uint32_t)q->used);
        reg_write(d, VTEST_REG_QUEUE_DEVICE_HIGH, q->used >> 32);
        reg_write(d, VTEST_REG_QUEUE_READY, 1);
    }
    reg_write(d, VTEST_REG_STATUS, ACK | DRIVER | FEATURES_OK | DRIVER_OK);
}

static hwaddr driver_alloc(NetDriver *d, size_t len)
{
    hwaddr addr = d->heap;

    d->heap = (d->heap + len + 15) & ~(hwaddr)15;
    g_assert_cmpuint(d->heap, <=, VTEST_RAM_BASE + VTEST_RAM_SIZE);
    vtest_memset(d->m, addr, 0, len);
    return addr;
}

static void write_desc(NetDriver *d, TestQueue *q, unsigned i,
                       uint64_t addr, uint32_t len, uint16_t flags,
                       uint16_t next)
{
    uint8_t raw[16];
    uint64_t a = GUINT64_TO_LE(addr);
    uint32_t l = GUINT32_TO_LE(len);
    uint16_t fl = GUINT16_TO_LE(flags), n = GUINT16_TO_LE(next);

    memcpy(raw, &a, 8);
    memcpy(raw + 8, &l, 4);
    memcpy(raw + 12, &fl, 2);
    memcpy(raw + 14, &n, 2);
    vtest_memwrite(d->m, q->desc + (hwaddr)i * 16, raw, sizeof(raw));
}

/* Publishes a chain of n buffers on queue qi; returns its head. */
static unsigned add_chain(NetDriver *d, unsigned qi, const VtestBuf *bufs,
                          unsigned n)
{
    TestQueue *q = &d->q[qi];
    unsigned head = q->next_desc % QNUM;
    uint16_t entry = GUINT16_TO_LE(head), idx;

    for (unsigned k = 0; k < n; k++) {
        unsigned i = (q->next_desc + k) % QNUM;

        write_desc(d, q, i, bufs[k].addr, bufs[k].len,
                   (bufs[k].write ? VRING_DESC_F_WRITE : 0) |
                   (k + 1 < n ? VRING_DESC_F_NEXT : 0), (i + 1) % QNUM);
    }
    q->next_desc += n;
    vtest_memwrite(d->m, q->avail + 4 + (q->avail_idx % QNUM) * 2, &entry,
                   2);
    q->avail_idx++;
    idx = GUINT16_TO_LE(q->avail_idx);
    vtest_memwrite(d->m, q->avail + 2, &idx, 2);
    return head;
}

static void kick(NetDriver *d, unsigned qi)
{
    reg_write(d, VTEST_REG_QUEUE_NOTIFY, qi);
}

static uint16_t used_idx(NetDriver *d, unsigned qi)
{
    uint16_t idx;

    vtest_memread(d->m, d->q[qi].used + 2, &idx, 2);
    return GUINT16_FROM_LE(idx);
}

/* Whether queue qi has a used entry not yet seen. */
static bool has_used(NetDriver *d, unsigned qi)
{
    return used_idx(d, qi) != d->q[qi].used_seen;
}

static gboolean give_up(gpointer data)
{
    *(bool *)data = true;
    return G_SOURCE_REMOVE;
}

/* Runs the main loop until queue qi has a new used entry (a guard fails
 * the test after a long while); returns its id and *len. */
static unsigned wait_used(NetDriver *d, unsigned qi, uint32_t *len)
{
    TestQueue *q = &d->q[qi];
    bool gave_up = false;
    guint guard = g_timeout_add_seconds(20, give_up, &gave_up);
    uint8_t raw[8];
    uint32_t id, l;

    while (!has_used(d, qi) && !gave_up) {
        g_main_context_iteration(NULL, TRUE);
    }
    g_assert_false(gave_up);
    g_source_remove(guard);
    vtest_memread(d->m, q->used + 4 + (q->used_seen % QNUM) * 8, raw, 8);
    q->used_seen++;
    memcpy(&id, raw, 4);
    memcpy(&l, raw + 4, 4);
    *len = GUINT32_FROM_LE(l);
    return GUINT32_FROM_LE(id);
}

/* Sends frame (header first, then the frame, in two buffers). */
static void send_frame(NetDriver *d, const void *frame, size_t len)
{
    hwaddr hdr = driver_alloc(d, HDR), data = driver_alloc(d, len);
    VtestBuf bufs[2] = { { hdr, HDR, false }, { data, len, false } };
    uint32_t used_len;

    vtest_memwrite(d->m, data, frame, len);
    add_chain(d, 1, bufs, 2);
    kick(d, 1);
    wait_used(d, 1, &used_len);
    g_assert_cmpuint(used_len, ==, 0);
}

/* Posts one receive buffer of len bytes; returns its address. */
static hwaddr post_rx(NetDriver *d, size_t len, bool notify)
{
    hwaddr buf = driver_alloc(d, len);
    VtestBuf b = { buf, len, true };

    add_chain(d, 0, &b, 1);
    if (notify) {
        kick(d, 0);
    }
    return buf;
}

/* The test back-end */

static void test_backend_receive(NetBackend *nb, const uint8_t *frame,
                                 size_t len)
{
    TestBackend *t = net_backend_get_opaque(nb);

    g_ptr_array_add(t->sent, g_bytes_new(frame, len));
}

static void test_backend_free(NetBackend *nb)
{
    TestBackend *t = net_backend_get_opaque(nb);

    g_ptr_array_unref(t->sent);
    g_free(t);
}

static const NetBackendOps test_backend_ops = {
    .kind = "test",
    .receive = test_backend_receive,
    .free = test_backend_free,
};

/* Fixtures */

static void fixture_start(Fixture *f, const char *netdev_opts,
                          const char *mac)
{
    NetdevRegistry *reg = netdev_registry_default();
    g_autoptr(GPtrArray) props = g_ptr_array_new_with_free_func(g_free);

    f->m = vtest_machine_new();
    if (netdev_opts) {
        g_autoptr(QDict) opts = keyval_parse(netdev_opts, "type", NULL,
                                             &error_abort);

        f->nb = netdev_registry_create_from_opts(reg, opts, &error_abort);
    } else {
        f->tb = g_new0(TestBackend, 1);
        f->tb->sent = g_ptr_array_new_with_free_func(
            (GDestroyNotify)g_bytes_unref);
        f->nb = net_backend_new("n0", &test_backend_ops, f->tb);
        g_assert_true(netdev_registry_add(reg, f->nb, &error_abort));
    }
    g_ptr_array_add(props, g_strdup("netdev=n0"));
    if (mac) {
        g_ptr_array_add(props, g_strdup_printf("mac=%s", mac));
    }
    g_ptr_array_add(props, NULL);
    f->dev = vtest_device_add("virtio-net-device", "net0",
                              (const char *const *)props->pdata);
    driver_start(&f->d, f->m, vtest_slot_of(f->m, f->dev));
}

static void fixture_setup(Fixture *f, gconstpointer data)
{
    fixture_start(f, NULL, NULL);
}

static void fixture_setup_user(Fixture *f, gconstpointer data)
{
    fixture_start(f, "user,id=n0", "52:54:00:12:34:56");
}

static void fixture_teardown(Fixture *f, gconstpointer data)
{
    vtest_machine_free(f->m);
    netdev_registry_reset_default();
}

static bool broken(Fixture *f)
{
    return reg_read(&f->d, VTEST_REG_STATUS) & VIRTIO_CONFIG_S_NEEDS_RESET;
}

static void frame_of(uint8_t *buf, size_t len, uint8_t seed)
{
    for (size_t i = 0; i < len; i++) {
        buf[i] = seed + i;
    }
}

/* Tests */

/* A card with an explicit MAC shows it, with the link up; the features
 * offered are MAC and STATUS. */
static void test_config(Fixture *f, gconstpointer data)
{
    static const uint8_t want[6] = { 0x52, 0x54, 0x00, 0xab, 0xcd, 0xef };
    uint8_t mac[6];
    uint32_t features;

    vtest_machine_free(f->m);
    netdev_registry_reset_default();
    fixture_start(f, NULL, "52:54:00:ab:cd:ef");
    g_assert_cmpuint(reg_read(&f->d, VTEST_REG_DEVICE_ID), ==, VIRTIO_ID_NET);
    reg_write(&f->d, VTEST_REG_DEVICE_FEATURES_SEL, 0);
    features = reg_read(&f->d, VTEST_REG_DEVICE_FEATURES);
    g_assert_true(features & (1u << VIRTIO_NET_F_MAC));
    g_assert_true(features & (1u << VIRTIO_NET_F_STATUS));
    for (unsigned i = 0; i < 6; i++) {
        mac[i] = vtest_readl(f->m, f->d.base + VTEST_REG_CONFIG + i) & 0xff;
    }
    g_assert_cmpmem(mac, 6, want, 6);
    g_assert_cmpuint(vtest_readl(f->m, f->d.base + VTEST_REG_CONFIG +
                                 VIRTIO_NET_CFG_STATUS) & 0xffff, ==,
                     VIRTIO_NET_S_LINK_UP);
}

/* Without mac= the card gets QEMU's first default address, which reads
 * back; without netdev= its link is down. */
static void test_defaults(void)
{
    VtestMachine *m = vtest_machine_new();
    DeviceState *a = vtest_device_add("virtio-net-device", "a", NULL);
    DeviceState *b = vtest_device_add("virtio-net-device", "b", NULL);
    g_autofree char *mac_a = object_property_get_str(OBJECT(a), "mac",
                                                     &error_abort);
    g_autofree char *mac_b = object_property_get_str(OBJECT(b), "mac",
                                                     &error_abort);
    hwaddr base = vtest_slot_base(vtest_slot_of(m, a));

    g_assert_cmpstr(mac_a, ==, "52:54:00:12:34:56");
    g_assert_cmpstr(mac_b, ==, "52:54:00:12:34:57");
    g_assert_cmpuint(vtest_readl(m, base + VTEST_REG_CONFIG +
                                 VIRTIO_NET_CFG_STATUS) & 0xffff, ==, 0);
    vtest_machine_free(m);
    netdev_registry_reset_default();
}

/* Bad properties fail realize with one line each. */
static void test_bad_properties(void)
{
    static const struct {
        const char *prop, *error;
    } cases[] = {
        { "mac=52:54:00:12:34", "is not a MAC address" },
        { "mac=52:54:00:12:34:5g", "is not a MAC address" },
        { "mac=53:54:00:12:34:56", "is a multicast address" },
        { "netdev=nope", "netdev 'nope' not found" },
    };
    VtestMachine *m = vtest_machine_new();

    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        const char *props[] = { cases[i].prop, NULL };
        Error *err = NULL;

        g_assert_null(qdev_device_add("virtio-net-device", NULL, NULL, props,
                                      false, &err));
        g_assert_nonnull(err);
        if (!strstr(error_get_pretty(err), cases[i].error)) {
            g_error("%s: '%s' lacks '%s'", cases[i].prop,
                    error_get_pretty(err), cases[i].error);
        }
        error_free(err);
    }
    vtest_machine_free(m);
    netdev_registry_reset_default();
}

/* A frame the guest sends reaches the back-end without its header; one
 * the back-end delivers lands in a receive buffer after a zero header
 * with num_buffers 1, and used.len counts both. */
static void test_frames_both_ways(Fixture *f, gconstpointer data)
{
    uint8_t frame[100], got[HDR + 100];
    uint8_t want_hdr[HDR] = { 0 };
    GBytes *sent;
    hwaddr rx;
    uint32_t len;

    frame_of(frame, sizeof(frame), 1);
    send_frame(&f->d, frame, sizeof(frame));
    g_assert_cmpuint(f->tb->sent->len, ==, 1);
    sent = g_ptr_array_index(f->tb->sent, 0);
    g_assert_cmpmem(g_bytes_get_data(sent, NULL), g_bytes_get_size(sent),
                    frame, sizeof(frame));

    rx = post_rx(&f->d, 1526, true);
    frame_of(frame, sizeof(frame), 9);
    net_backend_deliver(f->nb, frame, sizeof(frame));
    wait_used(&f->d, 0, &len);
    g_assert_cmpuint(len, ==, HDR + sizeof(frame));
    vtest_memread(f->m, rx, got, sizeof(got));
    want_hdr[10] = 1;
    g_assert_cmpmem(got, HDR, want_hdr, HDR);
    g_assert_cmpmem(got + HDR, sizeof(frame), frame, sizeof(frame));
    g_assert_false(broken(f));
}

/* Frames for a guest with no buffers wait; posting one brings the
 * oldest. */
static void test_rx_waits_for_buffers(Fixture *f, gconstpointer data)
{
    uint8_t frame[64], got[HDR + 64];
    NetBackendStats st;
    hwaddr rx;
    uint32_t len;

    for (uint8_t i = 0; i < 3; i++) {
        frame_of(frame, sizeof(frame), i * 50);
        net_backend_deliver(f->nb, frame, sizeof(frame));
    }
    net_backend_get_stats(f->nb, &st);
    g_assert_cmpuint(st.queued, ==, 3);
    g_assert_false(has_used(&f->d, 0));

    rx = post_rx(&f->d, 1526, true);
    wait_used(&f->d, 0, &len);
    g_assert_cmpuint(len, ==, HDR + sizeof(frame));
    vtest_memread(f->m, rx, got, sizeof(got));
    frame_of(frame, sizeof(frame), 0);
    g_assert_cmpmem(got + HDR, sizeof(frame), frame, sizeof(frame));
    net_backend_get_stats(f->nb, &st);
    g_assert_cmpuint(st.queued, ==, 2);
}

/* A buffer smaller than the frame gets its first bytes. */
static void test_rx_small_buffer(Fixture *f, gconstpointer data)
{
    uint8_t frame[200], got[HDR + 40];
    hwaddr rx = post_rx(&f->d, HDR + 40, true);
    uint32_t len;

    frame_of(frame, sizeof(frame), 3);
    net_backend_deliver(f->nb, frame, sizeof(frame));
    wait_used(&f->d, 0, &len);
    g_assert_cmpuint(len, ==, HDR + 40);
    vtest_memread(f->m, rx, got, sizeof(got));
    g_assert_cmpmem(got + HDR, 40, frame, 40);
    g_assert_cmpuint(VIRTIO_NET_DEVICE(f->dev)->rx_truncated, ==, 1);
    g_assert_false(broken(f));
}

/* ARP for the gateway, through the card and libslirp. */
static void test_user_arp(Fixture *f, gconstpointer data)
{
    g_autoptr(GByteArray) req = net_frame_arp_request(
        net_test_guest_mac, net_ip("10.0.2.15"), net_ip("10.0.2.2"));
    uint8_t got[1526];
    hwaddr rx = post_rx(&f->d, sizeof(got), true);
    NetFrame fr;
    uint32_t len;

    send_frame(&f->d, req->data, req->len);
    wait_used(&f->d, 0, &len);
    g_assert_cmpuint(len, >, HDR);
    vtest_memread(f->m, rx, got, len);
    g_assert_true(net_frame_parse(got + HDR, len - HDR, &fr));
    g_assert_cmpuint(fr.ethertype, ==, NET_ETH_P_ARP);
    g_assert_cmpuint(fr.arp_op, ==, 2);
    g_assert_cmphex(fr.arp_spa, ==, net_ip("10.0.2.2"));
}

/* DHCP through the card: the OFFER arrives before any buffer was posted
 * and waits for one. */
static void test_user_dhcp(Fixture *f, gconstpointer data)
{
    g_autoptr(GByteArray) discover = net_frame_dhcp_discover(
        net_test_guest_mac, 0xabcdef);
    uint8_t got[1526];
    hwaddr rx;
    NetFrame fr;
    uint32_t len;

    send_frame(&f->d, discover->data, discover->len);
    rx = post_rx(&f->d, sizeof(got), true);
    wait_used(&f->d, 0, &len);
    vtest_memread(f->m, rx, got, len);
    g_assert_true(net_frame_parse(got + HDR, len - HDR, &fr));
    g_assert_cmpuint(net_dhcp_message_type(&fr), ==, 2);
    g_assert_cmphex(net_dhcp_yiaddr(&fr), ==, net_ip("10.0.2.15"));
}

/* Hostile drivers */

/* A transmit chain too short for its header breaks the device; after a
 * reset it works again. */
static void test_tx_without_header(Fixture *f, gconstpointer data)
{
    hwaddr buf = driver_alloc(&f->d, 8);
    VtestBuf b = { buf, 8, false };
    uint8_t frame[60];

    add_chain(&f->d, 1, &b, 1);
    kick(&f->d, 1);
    g_assert_true(broken(f));
    g_assert_cmpuint(f->tb->sent->len, ==, 0);

    driver_start(&f->d, f->m, vtest_slot_of(f->m, f->dev));
    g_assert_false(broken(f));
    frame_of(frame, sizeof(frame), 0);
    send_frame(&f->d, frame, sizeof(frame));
    g_assert_cmpuint(f->tb->sent->len, ==, 1);
}

/* Runts and giants the guest sends are dropped, their chains returned,
 * the device still working. */
static void test_tx_bad_sizes(Fixture *f, gconstpointer data)
{
    size_t giant = NET_BACKEND_FRAME_MAX + 1;
    hwaddr big = driver_alloc(&f->d, HDR + giant);
    VtestBuf b = { big, HDR + giant, false };
    uint8_t runt[NET_BACKEND_FRAME_MIN - 1] = { 0 };
    uint32_t len;

    add_chain(&f->d, 1, &b, 1);
    kick(&f->d, 1);
    wait_used(&f->d, 1, &len);
    send_frame(&f->d, runt, sizeof(runt));
    g_assert_cmpuint(f->tb->sent->len, ==, 0);
    g_assert_cmpuint(VIRTIO_NET_DEVICE(f->dev)->tx_dropped, ==, 2);
    g_assert_false(broken(f));
}

/* A receive buffer without room for the header breaks the device when a
 * frame comes; nothing is written to it. */
static void test_rx_tiny_buffer(Fixture *f, gconstpointer data)
{
    uint8_t frame[60], got[8], zero[8] = { 0 };
    hwaddr rx = post_rx(&f->d, sizeof(got), true);

    frame_of(frame, sizeof(frame), 1);
    net_backend_deliver(f->nb, frame, sizeof(frame));
    g_assert_true(broken(f));
    vtest_memread(f->m, rx, got, sizeof(got));
    g_assert_cmpmem(got, sizeof(got), zero, sizeof(zero));
}

/* A receive buffer outside guest RAM, or a device-readable one where a
 * writable one belongs: broken, the engine untouched. */
static void test_rx_bad_descriptors(Fixture *f, gconstpointer data)
{
    static const VtestBuf bad[] = {
        { 0x10000000, 1526, true },             /* I/O space */
        { VTEST_RAM_BASE + VTEST_RAM_SIZE - 16, 1526, true }, /* past RAM */
        { VTEST_RAM_BASE + 0x30000, 1526, false },  /* not writable */
    };

    for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
        uint8_t frame[60];

        driver_start(&f->d, f->m, vtest_slot_of(f->m, f->dev));
        add_chain(&f->d, 0, &bad[i], 1);
        kick(&f->d, 0);
        frame_of(frame, sizeof(frame), 1);
        net_backend_deliver(f->nb, frame, sizeof(frame));
        g_assert_true(broken(f));
        g_assert_false(has_used(&f->d, 0));
    }
}

/* Garbage frames of every size from the guest: libslirp takes them and
 * the card keeps working (ARP still answered). */
static void test_user_garbage(Fixture *f, gconstpointer data)
{
    static const size_t sizes[] = { 14, 15, 34, 42, 60, 200, 1514, 9000 };
    g_autoptr(GByteArray) req = net_frame_arp_request(
        net_test_guest_mac, net_ip("10.0.2.15"), net_ip("10.0.2.2"));
    g_autoptr(GRand) rand = g_rand_new_with_seed(42);
    uint32_t len;

    for (size_t i = 0; i < G_N_ELEMENTS(sizes); i++) {
        for (unsigned round = 0; round < 8; round++) {
            g_autofree uint8_t *frame = g_malloc(sizes[i]);

            for (size_t k = 0; k < sizes[i]; k++) {
                frame[k] = g_rand_int(rand);
            }
            /* Every other one claims to be IPv4 or ARP. */
            if (round & 1) {
                frame[12] = 0x08;
                frame[13] = round & 2 ? 0x06 : 0x00;
            }
            send_frame(&f->d, frame, sizes[i]);
        }
    }
    g_assert_false(broken(f));
    /* Drain whatever slirp answered, then ask for the gateway. */
    while (g_main_context_iteration(NULL, FALSE)) {
    }
    net_backend_frontend_ready(f->nb);
    post_rx(&f->d, 1526, true);
    send_frame(&f->d, req->data, req->len);
    wait_used(&f->d, 0, &len);
    g_assert_cmpuint(len, >, HDR);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
#define ADD(path, setup, fn) \
    g_test_add(path, Fixture, NULL, setup, fn, fixture_teardown)
    ADD("/virtio-net/config/mac-and-link", fixture_setup, test_config);
    g_test_add_func("/virtio-net/config/defaults", test_defaults);
    g_test_add_func("/virtio-net/config/bad-properties",
                    test_bad_properties);
    ADD("/virtio-net/frames/both-ways", fixture_setup,
        test_frames_both_ways);
    ADD("/virtio-net/frames/rx-waits-for-buffers", fixture_setup,
        test_rx_waits_for_buffers);
    ADD("/virtio-net/frames/small-buffer-gets-first-bytes", fixture_setup,
        test_rx_small_buffer);
    ADD("/virtio-net/user/arp", fixture_setup_user, test_user_arp);
    ADD("/virtio-net/user/dhcp-offer-waits-for-a-buffer", fixture_setup_user,
        test_user_dhcp);
    ADD("/virtio-net/user/garbage-frames", fixture_setup_user,
        test_user_garbage);
    ADD("/virtio-net/hostile/tx-without-header", fixture_setup,
        test_tx_without_header);
    ADD("/virtio-net/hostile/tx-runts-and-giants", fixture_setup,
        test_tx_bad_sizes);
    ADD("/virtio-net/hostile/rx-buffer-smaller-than-header", fixture_setup,
        test_rx_tiny_buffer);
    ADD("/virtio-net/hostile/rx-bad-descriptors", fixture_setup,
        test_rx_bad_descriptors);
#undef ADD
    return g_test_run();
}
