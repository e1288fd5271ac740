/* User-mode networking (-netdev user) seen from the guest's side of the
 * wire, without a guest: a fake card attached to the back-end sends the
 * frames a guest's stack would (built by hand, net-test-frames.h) and
 * checks what comes back -- a DHCP offer, the gateway's ARP reply, a TCP
 * connection from the host through a port forward -- and the host sees
 * forwards come and go. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <glib-unix.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "net-test-ports.h"
#include "keyval.h"
#include "net-test-frames.h"
#include "net-user.h"
#include "netdev-registry.h"

/* slirp's gateway MAC is 52:55 followed by the gateway's address. */
static const uint8_t gateway_mac[6] = { 0x52, 0x55, 10, 0, 2, 2 };

typedef struct FakeGuest {
    NetBackend *nb;
    GQueue frames;              /* GBytes *, what the card received */
    uint32_t ip;                /* answers ARP for it when non-zero */
} FakeGuest;

static bool fake_guest_receive(void *opaque, const uint8_t *data, size_t len)
{
    FakeGuest *g = opaque;
    NetFrame f;

    /* A guest's stack answers "who has my address" by itself. */
    if (g->ip && net_frame_parse(data, len, &f) &&
        f.ethertype == NET_ETH_P_ARP && f.arp_op == 1 && f.arp_tpa == g->ip) {
        g_autoptr(GByteArray) reply = net_frame_arp_reply(
            net_test_guest_mac, g->ip, f.arp_sha, f.arp_spa);

        net_backend_send(g->nb, reply->data, reply->len);
        return true;
    }
    g_queue_push_tail(&g->frames, g_bytes_new(data, len));
    return true;
}

static const NetFrontendOps fake_guest_ops = {
    .receive = fake_guest_receive,
};

static gboolean give_up(gpointer data)
{
    *(bool *)data = true;
    return G_SOURCE_REMOVE;
}

/* Runs the main loop until the card has a frame (the test fails after a
 * long while without one: a guard, not a timing check). */
static GBytes *fake_guest_next(FakeGuest *g)
{
    bool gave_up = false;
    guint guard = g_timeout_add_seconds(20, give_up, &gave_up);

    while (g_queue_is_empty(&g->frames) && !gave_up) {
        g_main_context_iteration(NULL, TRUE);
    }
    g_assert_false(gave_up);
    g_source_remove(guard);
    return g_queue_pop_head(&g->frames);
}

static void fake_guest_send(FakeGuest *g, GByteArray *frame)
{
    net_backend_send(g->nb, frame->data, frame->len);
    g_byte_array_unref(frame);
}

/* A user netdev made through -netdev's front door, the card attached. */
static FakeGuest *fake_guest_new(const char *netdev_opts)
{
    FakeGuest *g = g_new0(FakeGuest, 1);
    g_autoptr(QDict) opts = keyval_parse(netdev_opts, "type", NULL,
                                         &error_abort);
    NetdevRegistry *reg = netdev_registry_default();
    const char *id = qdict_get_try_str(opts, "id");

    g_assert_nonnull(netdev_registry_create_from_opts(reg, opts,
                                                      &error_abort));
    g->nb = netdev_registry_attach(reg, id, "card", &fake_guest_ops, g,
                                   &error_abort);
    g_queue_init(&g->frames);
    return g;
}

static void fake_guest_free(FakeGuest *g)
{
    net_backend_detach(g->nb);
    netdev_registry_reset_default();
    g_queue_clear_full(&g->frames, (GDestroyNotify)g_bytes_unref);
    g_free(g);
}

/* DISCOVER gets an OFFER of the first address from the gateway, sent to
 * the card's MAC. */
static void test_dhcp_offer(void)
{
    FakeGuest *g = fake_guest_new("user,id=n0");
    g_autoptr(GBytes) reply = NULL;
    NetFrame f;

    fake_guest_send(g, net_frame_dhcp_discover(net_test_guest_mac,
                                               0x12345678));
    reply = fake_guest_next(g);
    g_assert_true(net_frame_parse(g_bytes_get_data(reply, NULL),
                                  g_bytes_get_size(reply), &f));
    g_assert_cmpuint(f.ethertype, ==, NET_ETH_P_IP);
    g_assert_cmpuint(f.ip_proto, ==, IPPROTO_UDP);
    g_assert_cmpuint(f.sport, ==, 67);
    g_assert_cmpuint(f.dport, ==, 68);
    g_assert_cmphex(f.ip_src, ==, net_ip("10.0.2.2"));
    g_assert_cmpuint(net_dhcp_message_type(&f), ==, 2);     /* OFFER */
    g_assert_cmphex(net_dhcp_xid(&f), ==, 0x12345678);
    g_assert_cmphex(net_dhcp_yiaddr(&f), ==, net_ip("10.0.2.15"));
    fake_guest_free(g);
}

/* net= and dhcpstart= move the addresses handed out, as in QEMU. */
static void test_dhcp_custom_network(void)
{
    FakeGuest *g = fake_guest_new("user,id=n0,net=192.168.76.0/24,"
                                  "dhcpstart=192.168.76.100");
    g_autoptr(GBytes) reply = NULL;
    NetFrame f;

    fake_guest_send(g, net_frame_dhcp_discover(net_test_guest_mac, 7));
    reply = fake_guest_next(g);
    g_assert_true(net_frame_parse(g_bytes_get_data(reply, NULL),
                                  g_bytes_get_size(reply), &f));
    g_assert_cmpuint(net_dhcp_message_type(&f), ==, 2);
    g_assert_cmphex(f.ip_src, ==, net_ip("192.168.76.2"));
    g_assert_cmphex(net_dhcp_yiaddr(&f), ==, net_ip("192.168.76.100"));
    fake_guest_free(g);
}

/* "Who has 10.0.2.2?" is answered with the gateway's MAC. */
static void test_arp_gateway(void)
{
    FakeGuest *g = fake_guest_new("user,id=n0");
    g_autoptr(GBytes) reply = NULL;
    NetFrame f;

    fake_guest_send(g, net_frame_arp_request(net_test_guest_mac,
                                             net_ip("10.0.2.15"),
                                             net_ip("10.0.2.2")));
    reply = fake_guest_next(g);
    g_assert_true(net_frame_parse(g_bytes_get_data(reply, NULL),
                                  g_bytes_get_size(reply), &f));
    g_assert_cmpuint(f.ethertype, ==, NET_ETH_P_ARP);
    g_assert_cmpuint(f.arp_op, ==, 2);
    g_assert_cmphex(f.arp_spa, ==, net_ip("10.0.2.2"));
    g_assert_cmpmem(f.arp_sha, 6, gateway_mac, 6);
    g_assert_cmpmem(f.dst, 6, net_test_guest_mac, 6);
    g_assert_cmphex(f.arp_tpa, ==, net_ip("10.0.2.15"));
    fake_guest_free(g);
}

/* The next TCP segment for the guest, skipping anything else. */
static void next_tcp(FakeGuest *g, NetFrame *f, GBytes **keep)
{
    for (;;) {
        GBytes *b = fake_guest_next(g);

        g_assert_true(net_frame_parse(g_bytes_get_data(b, NULL),
                                      g_bytes_get_size(b), f));
        if (f->ethertype == NET_ETH_P_IP && f->ip_proto == IPPROTO_TCP) {
            *keep = b;
            return;
        }
        g_bytes_unref(b);
    }
}

/* Reads exactly len bytes from fd while running the main loop (slirp
 * writes to the host socket from it). */
static void read_host(int fd, char *buf, size_t len)
{
    size_t got = 0;
    bool gave_up = false;
    guint guard = g_timeout_add_seconds(20, give_up, &gave_up);

    g_unix_set_fd_nonblocking(fd, TRUE, NULL);
    while (got < len && !gave_up) {
        ssize_t n = read(fd, buf + got, len - got);

        if (n > 0) {
            got += n;
        } else {
            g_main_context_iteration(NULL, FALSE);
            g_usleep(1000);
        }
    }
    g_assert_false(gave_up);
    g_source_remove(guard);
}

/* A connection to the forwarded host port reaches the guest's port 80 as
 * a SYN; the guest's handshake completes it and bytes flow both ways. */
static void test_hostfwd_connection(void)
{
    uint16_t port = net_test_free_port();
    g_autofree char *opts = g_strdup_printf(
        "user,id=n0,hostfwd=tcp:127.0.0.1:%u-:80", port);
    FakeGuest *g = fake_guest_new(opts);
    uint32_t guest = net_ip("10.0.2.15");
    g_autoptr(GBytes) syn = NULL, ack = NULL, data = NULL;
    NetFrame f;
    uint32_t gseq = 1000, hseq;
    char buf[6] = "";
    int fd;

    g->ip = guest;
    fd = net_test_connect_local(port);
    g_assert_cmpint(fd, >=, 0);
    next_tcp(g, &f, &syn);
    g_assert_cmpuint(f.tcp_flags & (NET_TCP_SYN | NET_TCP_ACK), ==,
                     NET_TCP_SYN);
    g_assert_cmphex(f.ip_dst, ==, guest);
    g_assert_cmpuint(f.dport, ==, 80);
    g_assert_cmpmem(f.dst, 6, net_test_guest_mac, 6);
    hseq = f.seq + 1;

    /* SYN-ACK, then slirp ACKs. */
    uint16_t hport = f.sport;
    uint32_t hip = f.ip_src;
    const uint8_t *gw = f.src;
    uint8_t gw_mac[6];

    memcpy(gw_mac, gw, 6);
    fake_guest_send(g, net_frame_tcp(net_test_guest_mac, gw_mac, guest, 80,
                                     hip, hport, gseq, hseq,
                                     NET_TCP_SYN | NET_TCP_ACK, NULL, 0));
    gseq++;

    /* The host writes; the guest gets it. */
    g_assert_cmpint(write(fd, "hello", 5), ==, 5);
    for (;;) {
        next_tcp(g, &f, &data);
        if (f.payload_len) {
            break;
        }
        g_clear_pointer(&data, g_bytes_unref);
    }
    g_assert_cmpmem(f.payload, f.payload_len, "hello", 5);
    hseq = f.seq + 5;

    /* The guest answers; the host reads it. */
    fake_guest_send(g, net_frame_tcp(net_test_guest_mac, gw_mac, guest, 80,
                                     hip, hport, gseq, hseq,
                                     NET_TCP_ACK | NET_TCP_PSH, "world", 5));
    read_host(fd, buf, 5);
    g_assert_cmpstr(buf, ==, "world");
    close(fd);
    fake_guest_free(g);
}

/* The CPU's slices as a main loop source: always ready, lowest
 * priority, a little host time each. */
static gboolean busy_slice(gpointer data)
{
    g_usleep(200);
    return G_SOURCE_CONTINUE;
}

/* slirp's TCP timers run while the main loop never sleeps (a guest
 * computing): a SYN the guest ignored is sent again. */
static void test_timers_under_busy_loop(void)
{
    uint16_t port = net_test_free_port();
    g_autofree char *opts = g_strdup_printf(
        "user,id=n0,hostfwd=tcp:127.0.0.1:%u-:80", port);
    FakeGuest *g = fake_guest_new(opts);
    guint busy = g_idle_add_full(G_PRIORITY_LOW, busy_slice, NULL, NULL);
    g_autoptr(GBytes) first = NULL, again = NULL;
    NetFrame f;
    uint32_t seq;
    int fd;

    g->ip = net_ip("10.0.2.15");
    fd = net_test_connect_local(port);
    g_assert_cmpint(fd, >=, 0);
    next_tcp(g, &f, &first);
    g_assert_cmpuint(f.tcp_flags & NET_TCP_SYN, ==, NET_TCP_SYN);
    seq = f.seq;
    /* No answer: the retransmission timer must bring it back. */
    next_tcp(g, &f, &again);
    g_assert_cmpuint(f.tcp_flags & NET_TCP_SYN, ==, NET_TCP_SYN);
    g_assert_cmpuint(f.seq, ==, seq);
    g_source_remove(busy);
    close(fd);
    fake_guest_free(g);
}

/* A forward added at run time listens; removed, the port refuses; the
 * back-end's list follows, with the text each was given in. */
static void test_hostfwd_add_remove(void)
{
    FakeGuest *g = fake_guest_new("user,id=n0");
    uint16_t port = net_test_free_port();
    g_autofree char *rule = g_strdup_printf("tcp:127.0.0.1:%u-:22", port);
    g_autofree char *host = g_strdup_printf("tcp:127.0.0.1:%u", port);
    const GPtrArray *fwds = net_user_get_hostfwds(g->nb);
    const NetUserHostfwd *h;
    int fd;

    g_assert_cmpint(net_test_connect_local(port), ==, -ECONNREFUSED);
    g_assert_true(net_user_hostfwd_add(g->nb, rule, &error_abort));
    g_assert_cmpuint(fwds->len, ==, 1);
    h = g_ptr_array_index(fwds, 0);
    g_assert_cmpstr(h->text, ==, rule);
    g_assert_cmphex(h->rule.guest_addr.s_addr, ==, net_ip("10.0.2.15"));
    fd = net_test_connect_local(port);
    g_assert_cmpint(fd, >=, 0);
    close(fd);

    g_assert_true(net_user_hostfwd_remove(g->nb, host, &error_abort));
    g_assert_cmpuint(fwds->len, ==, 0);
    g_assert_cmpint(net_test_connect_local(port), ==, -ECONNREFUSED);
    fake_guest_free(g);
}

/* The same host port twice, a bad rule, a forward that is not there. */
static void test_hostfwd_refusals(void)
{
    FakeGuest *g = fake_guest_new("user,id=n0");
    uint16_t port = net_test_free_port();
    g_autofree char *rule = g_strdup_printf("tcp::%u-:22", port);
    g_autofree char *again = g_strdup_printf("tcp::%u-:80", port);
    Error *err = NULL;

    g_assert_true(net_user_hostfwd_add(g->nb, rule, &error_abort));
    g_assert_false(net_user_hostfwd_add(g->nb, again, &err));
    g_assert_nonnull(strstr(error_get_pretty(err), "forwarded already"));
    g_clear_pointer(&err, error_free);
    g_assert_false(net_user_hostfwd_add(g->nb, "tcp:1.2.3:x-:22", &err));
    g_assert_nonnull(strstr(error_get_pretty(err),
                            "invalid host forwarding rule"));
    g_clear_pointer(&err, error_free);
    g_assert_false(net_user_hostfwd_remove(g->nb, "udp::1", &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "host forwarding rule for 'udp::1' not found");
    g_clear_pointer(&err, error_free);
    g_assert_cmpuint(net_user_get_hostfwds(g->nb)->len, ==, 1);
    fake_guest_free(g);
}

/* Addresses outside the network, clashes: QEMU's checks and words. */
static void test_options_checked(void)
{
    static const struct {
        const char *opts, *error;
    } cases[] = {
        { "user,id=n0,dhcpstart=10.0.3.15", "DHCP doesn't belong to network" },
        { "user,id=n0,host=10.9.2.2", "Host doesn't belong to network" },
        { "user,id=n0,dns=10.0.2.2", "DNS must be different from host" },
        { "user,id=n0,dhcpstart=10.0.2.3", "DHCP must be different from DNS" },
        { "user,id=n0,net=10.0.2.0/33", "Invalid netmask provided" },
        { "user,id=n0,net=ten", "Failed to parse network 'ten'" },
        { "user,id=n0,ipv4=off,ipv6=off", "cannot both be disabled" },
        { "user,id=n0,hostfwd=tcp::99999-:22", "invalid host forwarding" },
        { "user,id=1n", "'1n' is not a valid netdev id" },
        { "tap,id=n0", "expects user, not 'tap'" },
    };

    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_autoptr(QDict) opts = keyval_parse(cases[i].opts, "type", NULL,
                                             &error_abort);
        Error *err = NULL;

        g_assert_null(netdev_registry_create_from_opts(
            netdev_registry_default(), opts, &err));
        g_assert_nonnull(err);
        if (!strstr(error_get_pretty(err), cases[i].error)) {
            g_error("%s: '%s' lacks '%s'", cases[i].opts,
                    error_get_pretty(err), cases[i].error);
        }
        error_free(err);
        g_assert_cmpuint(netdev_registry_count(netdev_registry_default()),
                         ==, 0);
    }
    netdev_registry_reset_default();
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/net-user/dhcp/discover-gets-an-offer",
                    test_dhcp_offer);
    g_test_add_func("/net-user/dhcp/custom-network-moves-the-addresses",
                    test_dhcp_custom_network);
    g_test_add_func("/net-user/arp/gateway-answers", test_arp_gateway);
    g_test_add_func("/net-user/hostfwd/host-connection-reaches-guest-port",
                    test_hostfwd_connection);
    g_test_add_func("/net-user/hostfwd/added-listens-removed-refuses",
                    test_hostfwd_add_remove);
    g_test_add_func("/net-user/hostfwd/refusals", test_hostfwd_refusals);
    g_test_add_func("/net-user/timers/run-under-a-busy-main-loop",
                    test_timers_under_busy_loop);
    g_test_add_func("/net-user/options/checked-as-qemu-checks-them",
                    test_options_checked);
    return g_test_run();
}
