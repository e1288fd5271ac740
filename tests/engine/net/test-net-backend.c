/* The link between a card and its back-end: frames both ways, the
 * bounded queue while the card has no room, order kept, frames of
 * impossible sizes stopped at the door, and a back-end answering from
 * inside a send not re-entering the card. */
#include <string.h>

#include "net-backend.h"

/* A back-end that records what the card sent and, when echo is set,
 * answers each frame at once with the same frame. */
typedef struct TestBackend {
    GPtrArray *sent;            /* GBytes * */
    bool echo;
} TestBackend;

static void test_backend_receive(NetBackend *nb, const uint8_t *frame,
                                 size_t len)
{
    TestBackend *t = net_backend_get_opaque(nb);

    g_ptr_array_add(t->sent, g_bytes_new(frame, len));
    if (t->echo) {
        net_backend_deliver(nb, frame, len);
    }
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

typedef struct TestCard {
    NetBackend *nb;
    GPtrArray *got;             /* GBytes * */
    unsigned room;              /* frames it can take now */
    unsigned depth, max_depth;  /* receive nesting */
    bool send_back;             /* sends each frame it gets to the back-end */
} TestCard;

static bool test_card_receive(void *opaque, const uint8_t *frame, size_t len)
{
    TestCard *c = opaque;

    if (!c->room) {
        return false;
    }
    c->room--;
    c->depth++;
    c->max_depth = MAX(c->max_depth, c->depth);
    g_ptr_array_add(c->got, g_bytes_new(frame, len));
    if (c->send_back) {
        net_backend_send(c->nb, frame, len);
    }
    c->depth--;
    return true;
}

static const NetFrontendOps test_card_ops = {
    .receive = test_card_receive,
};

typedef struct Fixture {
    NetBackend *nb;
    TestBackend *backend;
    TestCard card;
} Fixture;

static void fixture_setup(Fixture *f, gconstpointer data)
{
    f->backend = g_new0(TestBackend, 1);
    f->backend->sent = g_ptr_array_new_with_free_func(
        (GDestroyNotify)g_bytes_unref);
    f->nb = net_backend_new("n0", &test_backend_ops, f->backend);
    f->card.nb = f->nb;
    f->card.got = g_ptr_array_new_with_free_func(
        (GDestroyNotify)g_bytes_unref);
    f->card.room = G_MAXUINT;
    g_assert_true(net_backend_attach(f->nb, "card", &test_card_ops,
                                     &f->card, &error_abort));
}

static void fixture_teardown(Fixture *f, gconstpointer data)
{
    net_backend_detach(f->nb);
    net_backend_free(f->nb);
    g_ptr_array_unref(f->card.got);
}

/* A 60-byte frame whose bytes all read n. */
static void frame_of(uint8_t *buf, uint8_t n)
{
    memset(buf, n, 60);
}

static uint8_t first_byte(GPtrArray *frames, guint i)
{
    return ((const uint8_t *)g_bytes_get_data(
        g_ptr_array_index(frames, i), NULL))[0];
}

static void test_both_ways(Fixture *f, gconstpointer data)
{
    uint8_t buf[60];
    NetBackendStats st;

    frame_of(buf, 1);
    net_backend_send(f->nb, buf, sizeof(buf));
    frame_of(buf, 2);
    net_backend_deliver(f->nb, buf, sizeof(buf));
    g_assert_cmpuint(f->backend->sent->len, ==, 1);
    g_assert_cmpuint(first_byte(f->backend->sent, 0), ==, 1);
    g_assert_cmpuint(f->card.got->len, ==, 1);
    g_assert_cmpuint(first_byte(f->card.got, 0), ==, 2);
    net_backend_get_stats(f->nb, &st);
    g_assert_cmpuint(st.tx_frames, ==, 1);
    g_assert_cmpuint(st.rx_frames, ==, 1);
    g_assert_cmpuint(st.rx_dropped, ==, 0);
    g_assert_cmpstr(net_backend_get_frontend(f->nb), ==, "card");
}

/* No room: frames wait, in order, up to the bound; the rest are dropped
 * and counted; room again delivers what waited, oldest first. */
static void test_queue_bounded(Fixture *f, gconstpointer data)
{
    uint8_t buf[60];
    NetBackendStats st;

    f->card.room = 0;
    for (unsigned i = 0; i < NET_BACKEND_QUEUE_FRAMES + 10; i++) {
        frame_of(buf, i & 0xff);
        net_backend_deliver(f->nb, buf, sizeof(buf));
    }
    net_backend_get_stats(f->nb, &st);
    g_assert_cmpuint(st.queued, ==, NET_BACKEND_QUEUE_FRAMES);
    g_assert_cmpuint(st.rx_dropped, ==, 10);
    g_assert_cmpuint(f->card.got->len, ==, 0);

    f->card.room = 3;
    net_backend_frontend_ready(f->nb);
    g_assert_cmpuint(f->card.got->len, ==, 3);
    for (unsigned i = 0; i < 3; i++) {
        g_assert_cmpuint(first_byte(f->card.got, i), ==, i);
    }
    /* A new frame goes behind those still waiting. */
    frame_of(buf, 0xee);
    net_backend_deliver(f->nb, buf, sizeof(buf));
    f->card.room = G_MAXUINT;
    net_backend_frontend_ready(f->nb);
    g_assert_cmpuint(f->card.got->len, ==, NET_BACKEND_QUEUE_FRAMES + 1);
    g_assert_cmpuint(first_byte(f->card.got, 3), ==, 3);
    g_assert_cmpuint(first_byte(f->card.got, NET_BACKEND_QUEUE_FRAMES),
                     ==, 0xee);
    net_backend_get_stats(f->nb, &st);
    g_assert_cmpuint(st.queued, ==, 0);
}

/* The byte bound holds too: big frames fill it before the count does. */
static void test_queue_byte_bound(Fixture *f, gconstpointer data)
{
    g_autofree uint8_t *big = g_malloc0(NET_BACKEND_FRAME_MAX);
    NetBackendStats st;
    unsigned fit = NET_BACKEND_QUEUE_BYTES / NET_BACKEND_FRAME_MAX;

    f->card.room = 0;
    for (unsigned i = 0; i < fit + 5; i++) {
        net_backend_deliver(f->nb, big, NET_BACKEND_FRAME_MAX);
    }
    net_backend_get_stats(f->nb, &st);
    g_assert_cmpuint(st.queued, ==, fit);
    g_assert_cmpuint(st.rx_dropped, ==, 5);
}

/* Runts and giants never reach the other side. */
static void test_sizes(Fixture *f, gconstpointer data)
{
    g_autofree uint8_t *big = g_malloc0(NET_BACKEND_FRAME_MAX + 1);

    net_backend_send(f->nb, big, NET_BACKEND_FRAME_MIN - 1);
    net_backend_send(f->nb, big, NET_BACKEND_FRAME_MAX + 1);
    net_backend_deliver(f->nb, big, NET_BACKEND_FRAME_MIN - 1);
    net_backend_deliver(f->nb, big, NET_BACKEND_FRAME_MAX + 1);
    net_backend_send(f->nb, big, NET_BACKEND_FRAME_MAX);
    net_backend_send(f->nb, big, NET_BACKEND_FRAME_MIN);
    g_assert_cmpuint(f->backend->sent->len, ==, 2);
    g_assert_cmpuint(f->card.got->len, ==, 0);
}

/* The card sends from inside its receive and the back-end answers at
 * once: the answer is queued and delivered after, never nested. */
static void test_no_reentry(Fixture *f, gconstpointer data)
{
    uint8_t buf[60];

    f->backend->echo = true;
    f->card.send_back = true;
    f->card.room = 4;
    frame_of(buf, 7);
    net_backend_deliver(f->nb, buf, sizeof(buf));
    g_assert_cmpuint(f->card.got->len, ==, 4);
    g_assert_cmpuint(f->card.max_depth, ==, 1);
    g_assert_cmpuint(f->backend->sent->len, ==, 4);
}

/* Without a card, frames for the guest are dropped and counted; a second
 * card is refused while one is attached. */
static void test_attach_rules(Fixture *f, gconstpointer data)
{
    uint8_t buf[60];
    NetBackendStats st;
    TestCard other = { 0 };
    Error *err = NULL;

    g_assert_false(net_backend_attach(f->nb, "other", &test_card_ops,
                                      &other, &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "netdev 'n0' is already in use by device 'card'");
    error_free(err);
    f->card.room = 0;
    frame_of(buf, 1);
    net_backend_deliver(f->nb, buf, sizeof(buf));
    net_backend_detach(f->nb);
    net_backend_get_stats(f->nb, &st);
    g_assert_cmpuint(st.queued, ==, 0);
    net_backend_deliver(f->nb, buf, sizeof(buf));
    net_backend_get_stats(f->nb, &st);
    g_assert_cmpuint(st.rx_dropped, ==, 1);
    g_assert_null(net_backend_get_frontend(f->nb));
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
#define ADD(path, fn) \
    g_test_add(path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
    ADD("/net-backend/frames-go-both-ways", test_both_ways);
    ADD("/net-backend/queue/bounded-in-frames-and-in-order",
        test_queue_bounded);
    ADD("/net-backend/queue/bounded-in-bytes", test_queue_byte_bound);
    ADD("/net-backend/sizes/runts-and-giants-stopped", test_sizes);
    ADD("/net-backend/deliver/never-reenters-the-card", test_no_reentry);
    ADD("/net-backend/attach/one-card-and-drops-without-one",
        test_attach_rules);
#undef ADD
    return g_test_run();
}
