/* User-mode networking on libslirp (see the header). */
#include "net-user.h"

#include <arpa/inet.h>
#include <slirp/libslirp.h>
#include <string.h>
#include <sys/socket.h>

#include "clock.h"

typedef struct NetUser NetUser;

/* libslirp's sockets as a GSource: prepare asks slirp which sockets to
 * watch and for how long, dispatch lets it handle what happened and run
 * its TCP timers. */
typedef struct NetUserSource {
    GSource source;
    NetUser *nu;
    GArray *fds;                /* GPollFD, registered with the source */
    GArray *filling;            /* GPollFD, slirp's wishes in prepare */
    gint64 deadline;            /* when slirp's timers want a dispatch, in
                                 * g_source_get_time()'s us; -1: never */
} NetUserSource;

typedef struct NetUserTimer {
    NetUser *nu;
    SlirpTimerId id;
    void *cb_opaque;
    Timer *timer;
} NetUserTimer;

struct NetUser {
    NetBackend *nb;
    Slirp *slirp;
    NetUserSource *source;
    GPtrArray *hostfwds;        /* NetUserHostfwd */
    struct in_addr net, mask, dhcp_start;
    bool restricted;
    bool warned_guest_error;
};

static const NetBackendOps net_user_ops;

static void net_user_hostfwd_free(void *p)
{
    NetUserHostfwd *h = p;

    g_free(h->text);
    g_free(h);
}

/* libslirp's callbacks */

static ssize_t net_user_send_packet(const void *buf, size_t len,
                                    void *opaque)
{
    NetUser *nu = opaque;

    net_backend_deliver(nu->nb, buf, len);
    return len;
}

static void net_user_guest_error(const char *msg, void *opaque)
{
    NetUser *nu = opaque;

    /* Once per back-end: a guest can make slirp say this in a loop. */
    if (!nu->warned_guest_error) {
        nu->warned_guest_error = true;
        warn_report("netdev '%s': the guest sent something slirp "
                    "refuses: %s", net_backend_get_id(nu->nb), msg);
    }
}

static int64_t net_user_clock_get_ns(void *opaque)
{
    return clock_get_ns(CLOCK_KIND_VIRTUAL);
}

static void net_user_timer_fire(void *opaque)
{
    NetUserTimer *t = opaque;

    slirp_handle_timer(t->nu->slirp, t->id, t->cb_opaque);
}

static void *net_user_timer_new_opaque(SlirpTimerId id, void *cb_opaque,
                                       void *opaque)
{
    NetUserTimer *t = g_new0(NetUserTimer, 1);

    t->nu = opaque;
    t->id = id;
    t->cb_opaque = cb_opaque;
    t->timer = timer_new(CLOCK_KIND_VIRTUAL, net_user_timer_fire, t);
    return t;
}

static void net_user_timer_free(void *timer, void *opaque)
{
    NetUserTimer *t = timer;

    timer_free(t->timer);
    g_free(t);
}

/* expire_time: milliseconds on the clock clock_get_ns reads. */
static void net_user_timer_mod(void *timer, int64_t expire_time,
                               void *opaque)
{
    NetUserTimer *t = timer;

    timer_mod(t->timer, expire_time * 1000000);
}

static void net_user_register_poll_fd(int fd, void *opaque)
{
    /* Nothing: the sockets are asked for before every poll. */
}

static void net_user_unregister_poll_fd(int fd, void *opaque)
{
}

static void net_user_notify(void *opaque)
{
    g_main_context_wakeup(NULL);
}

static void net_user_init_completed(Slirp *slirp, void *opaque)
{
    NetUser *nu = opaque;

    nu->slirp = slirp;
}

static const SlirpCb net_user_callbacks = {
    .send_packet = net_user_send_packet,
    .guest_error = net_user_guest_error,
    .clock_get_ns = net_user_clock_get_ns,
    .timer_free = net_user_timer_free,
    .timer_mod = net_user_timer_mod,
    .register_poll_fd = net_user_register_poll_fd,
    .unregister_poll_fd = net_user_unregister_poll_fd,
    .notify = net_user_notify,
    .init_completed = net_user_init_completed,
    .timer_new_opaque = net_user_timer_new_opaque,
};

/* The main-loop source */

static int net_user_add_poll(int fd, int events, void *opaque)
{
    NetUserSource *src = opaque;
    GPollFD pfd = { .fd = fd };

    if (events & SLIRP_POLL_IN) {
        pfd.events |= G_IO_IN;
    }
    if (events & SLIRP_POLL_OUT) {
        pfd.events |= G_IO_OUT;
    }
    if (events & SLIRP_POLL_PRI) {
        pfd.events |= G_IO_PRI;
    }
    if (events & SLIRP_POLL_ERR) {
        pfd.events |= G_IO_ERR;
    }
    if (events & SLIRP_POLL_HUP) {
        pfd.events |= G_IO_HUP;
    }
    g_array_append_val(src->filling, pfd);
    return src->filling->len - 1;
}

static int net_user_get_revents(int idx, void *opaque)
{
    NetUserSource *src = opaque;
    GPollFD *pfd;
    int revents = 0;

    if (idx < 0 || (guint)idx >= src->fds->len) {
        return 0;
    }
    pfd = &g_array_index(src->fds, GPollFD, idx);
    if (pfd->revents & G_IO_IN) {
        revents |= SLIRP_POLL_IN;
    }
    if (pfd->revents & G_IO_OUT) {
        revents |= SLIRP_POLL_OUT;
    }
    if (pfd->revents & G_IO_PRI) {
        revents |= SLIRP_POLL_PRI;
    }
    if (pfd->revents & G_IO_ERR) {
        revents |= SLIRP_POLL_ERR;
    }
    if (pfd->revents & G_IO_HUP) {
        revents |= SLIRP_POLL_HUP;
    }
    return revents;
}

static bool net_user_same_fds(GArray *a, GArray *b)
{
    if (a->len != b->len) {
        return false;
    }
    for (guint i = 0; i < a->len; i++) {
        if (g_array_index(a, GPollFD, i).fd !=
            g_array_index(b, GPollFD, i).fd) {
            return false;
        }
    }
    return true;
}

static void net_user_source_clear_fds(NetUserSource *src)
{
    for (guint i = 0; i < src->fds->len; i++) {
        g_source_remove_poll(&src->source,
                             &g_array_index(src->fds, GPollFD, i));
    }
    g_array_set_size(src->fds, 0);
}

static gboolean net_user_source_prepare(GSource *source, gint *timeout)
{
    NetUserSource *src = (NetUserSource *)source;
    uint32_t ms = UINT32_MAX;
    gint64 now = g_source_get_time(source), left;

    g_array_set_size(src->filling, 0);
    slirp_pollfds_fill(src->nu->slirp, &ms, net_user_add_poll, src);
    /* Re-registering descriptors wakes GLib's own loop, so a registration
     * made on every iteration keeps poll() from ever sleeping (an idle
     * guest would cost a whole core). The same sockets as last time keep
     * their registration, only their events change. */
    if (!net_user_same_fds(src->fds, src->filling)) {
        net_user_source_clear_fds(src);
        g_array_append_vals(src->fds, src->filling->data, src->filling->len);
        /* Only now: appending may have moved the array. */
        for (guint i = 0; i < src->fds->len; i++) {
            g_source_add_poll(source, &g_array_index(src->fds, GPollFD, i));
        }
    } else {
        for (guint i = 0; i < src->fds->len; i++) {
            g_array_index(src->fds, GPollFD, i).events =
                g_array_index(src->filling, GPollFD, i).events;
        }
    }
    /* The earliest deadline asked for since the last dispatch stands: a
     * busy main loop (the CPU runs a slice per iteration) would otherwise
     * push slirp's timers back on every iteration. */
    if (ms != UINT32_MAX) {
        gint64 deadline = now + (gint64)ms * 1000;

        if (src->deadline < 0 || deadline < src->deadline) {
            src->deadline = deadline;
        }
    }
    if (src->deadline < 0) {
        *timeout = -1;
        return FALSE;
    }
    left = src->deadline - now;
    *timeout = left <= 0 ? 0 : (gint)MIN((left + 999) / 1000, G_MAXINT);
    return left <= 0;
}

/* Dispatch when a socket has news or when the time slirp asked for has
 * passed: its TCP timers are checked in slirp_pollfds_poll(). */
static gboolean net_user_source_check(GSource *source)
{
    NetUserSource *src = (NetUserSource *)source;

    for (guint i = 0; i < src->fds->len; i++) {
        if (g_array_index(src->fds, GPollFD, i).revents) {
            return TRUE;
        }
    }
    return src->deadline >= 0 && g_source_get_time(source) >= src->deadline;
}

static gboolean net_user_source_dispatch(GSource *source,
                                         GSourceFunc callback,
                                         gpointer data)
{
    NetUserSource *src = (NetUserSource *)source;

    src->deadline = -1;
    slirp_pollfds_poll(src->nu->slirp, 0, net_user_get_revents, src);
    return G_SOURCE_CONTINUE;
}

static void net_user_source_finalize(GSource *source)
{
    NetUserSource *src = (NetUserSource *)source;

    g_array_unref(src->fds);
    g_array_unref(src->filling);
}

static GSourceFuncs net_user_source_funcs = {
    .prepare = net_user_source_prepare,
    .check = net_user_source_check,
    .dispatch = net_user_source_dispatch,
    .finalize = net_user_source_finalize,
};

/* Options */

static bool parse_ipv4(const char *what, const char *text,
                       struct in_addr *addr, Error **errp)
{
    if (!inet_aton(text, addr)) {
        error_setg(errp, "Failed to parse %s '%s' (an IPv4 address)", what,
                   text);
        return false;
    }
    return true;
}

/* QEMU's rule for a network given without a mask: the class of the
 * address, or the private range it lies in. */
static uint32_t classful_mask(uint32_t addr)
{
    if (!(addr & 0x80000000)) {
        return 0xff000000;
    }
    if ((addr & 0xfff00000) == 0xac100000) {
        return 0xfff00000;
    }
    if ((addr & 0xc0000000) == 0x80000000) {
        return 0xffff0000;
    }
    if ((addr & 0xffff0000) == 0xc0a80000) {
        return 0xffff0000;
    }
    if ((addr & 0xe0000000) == 0xe0000000) {
        return 0xffffff00;
    }
    return 0xfffffff0;
}

static bool parse_network(const char *text, struct in_addr *net,
                          struct in_addr *mask, Error **errp)
{
    g_auto(GStrv) parts = g_strsplit(text, "/", 2);

    if (!parse_ipv4("network", parts[0], net, errp)) {
        return false;
    }
    if (!parts[1]) {
        mask->s_addr = htonl(classful_mask(ntohl(net->s_addr)));
    } else if (*parts[1] && strspn(parts[1], "0123456789") ==
                                strlen(parts[1])) {
        long shift = strtol(parts[1], NULL, 10);

        if (shift < 4 || shift > 32) {
            error_setg(errp, "Invalid netmask provided (must be in range "
                       "4-32)");
            return false;
        }
        mask->s_addr = htonl(shift == 32 ? 0xffffffff
                                         : ~(0xffffffffu >> shift));
    } else if (!inet_aton(parts[1], mask)) {
        error_setg(errp, "Invalid netmask provided");
        return false;
    }
    net->s_addr &= mask->s_addr;
    return true;
}

/* addr's host part given the low 16 bits QEMU's defaults use (.2.2 for the
 * host), inside net/mask. */
static struct in_addr net_address(struct in_addr net, struct in_addr mask,
                                  uint32_t low)
{
    struct in_addr a = { net.s_addr | (htonl(low) & ~mask.s_addr) };

    return a;
}

static bool in_network(struct in_addr a, struct in_addr net,
                       struct in_addr mask)
{
    return (a.s_addr & mask.s_addr) == net.s_addr;
}

static bool parse_ipv6(const char *what, const char *text,
                       struct in6_addr *addr, Error **errp)
{
    if (inet_pton(AF_INET6, text, addr) != 1) {
        error_setg(errp, "Failed to parse %s '%s' (an IPv6 address)", what,
                   text);
        return false;
    }
    return true;
}

/* Everything the options decide, checked as QEMU checks it. The strings
 * in cfg point into opts or dnssearch. */
static bool net_user_config(NetUser *nu, const NetdevUserOptions *opts,
                            SlirpConfig *cfg, GPtrArray *dnssearch,
                            Error **errp)
{
    struct in_addr net = { htonl(0x0a000200) };   /* 10.0.2.0 */
    struct in_addr mask = { htonl(0xffffff00) };
    struct in_addr host, dhcp, dns;
    struct in6_addr prefix6, host6, dns6;
    int64_t prefixlen = opts->has_ipv6_prefixlen ? opts->ipv6_prefixlen : 64;

    cfg->version = 4;
    cfg->in_enabled = !opts->has_ipv4 || opts->ipv4;
    cfg->in6_enabled = !opts->has_ipv6 || opts->ipv6;
    if (!cfg->in_enabled && !cfg->in6_enabled) {
        error_setg(errp, "IPv4 and IPv6 cannot both be disabled");
        return false;
    }
    if (opts->net && !parse_network(opts->net, &net, &mask, errp)) {
        return false;
    }
    host = net_address(net, mask, 0x0202);
    dhcp = net_address(net, mask, 0x020f);
    dns = net_address(net, mask, 0x0203);
    if (opts->host && !parse_ipv4("host", opts->host, &host, errp)) {
        return false;
    }
    if (!in_network(host, net, mask)) {
        error_setg(errp, "Host doesn't belong to network");
        return false;
    }
    if (opts->dns && !parse_ipv4("dns", opts->dns, &dns, errp)) {
        return false;
    }
    if (!in_network(dns, net, mask)) {
        error_setg(errp, "DNS doesn't belong to network");
        return false;
    }
    if (dns.s_addr == host.s_addr) {
        error_setg(errp, "DNS must be different from host");
        return false;
    }
    if (opts->dhcpstart &&
        !parse_ipv4("dhcpstart", opts->dhcpstart, &dhcp, errp)) {
        return false;
    }
    if (!in_network(dhcp, net, mask)) {
        error_setg(errp, "DHCP doesn't belong to network");
        return false;
    }
    if (dhcp.s_addr == host.s_addr) {
        error_setg(errp, "DHCP must be different from host");
        return false;
    }
    if (dhcp.s_addr == dns.s_addr) {
        error_setg(errp, "DHCP must be different from DNS");
        return false;
    }

    inet_pton(AF_INET6, "fec0::", &prefix6);
    if (opts->ipv6_prefix &&
        !parse_ipv6("ipv6-prefix", opts->ipv6_prefix, &prefix6, errp)) {
        return false;
    }
    if (prefixlen < 0 || prefixlen > 126) {
        error_setg(errp, "Invalid IPv6 prefix provided (the length must be "
                   "from 0 to 126)");
        return false;
    }
    host6 = prefix6;
    host6.s6_addr[15] |= 2;
    dns6 = prefix6;
    dns6.s6_addr[15] |= 3;
    if (opts->ipv6_host &&
        !parse_ipv6("ipv6-host", opts->ipv6_host, &host6, errp)) {
        return false;
    }
    if (opts->ipv6_dns &&
        !parse_ipv6("ipv6-dns", opts->ipv6_dns, &dns6, errp)) {
        return false;
    }

    for (StringList *l = opts->dnssearch; l; l = l->next) {
        g_ptr_array_add(dnssearch, l->value->str);
    }
    g_ptr_array_add(dnssearch, NULL);

    nu->net = net;
    nu->mask = mask;
    nu->dhcp_start = dhcp;
    nu->restricted = opts->has_q_restrict && opts->q_restrict;
    cfg->restricted = nu->restricted;
    cfg->vnetwork = net;
    cfg->vnetmask = mask;
    cfg->vhost = host;
    cfg->vdhcp_start = dhcp;
    cfg->vnameserver = dns;
    cfg->vprefix_addr6 = prefix6;
    cfg->vprefix_len = prefixlen;
    cfg->vhost6 = host6;
    cfg->vnameserver6 = dns6;
    cfg->vhostname = opts->hostname;
    cfg->tftp_server_name = opts->tftp_server_name;
    cfg->tftp_path = opts->tftp;
    cfg->bootfile = opts->bootfile;
    cfg->vdnssearch = opts->dnssearch ? (const char **)dnssearch->pdata
                                      : NULL;
    cfg->vdomainname = opts->domainname;
    return true;
}

/* The back-end */

static NetUser *net_user_of(const NetBackend *nb)
{
    g_assert(net_user_is(nb));
    return net_backend_get_opaque(nb);
}

bool net_user_is(const NetBackend *nb)
{
    return net_backend_get_ops(nb) == &net_user_ops;
}

static void net_user_receive(NetBackend *nb, const uint8_t *frame,
                             size_t len)
{
    slirp_input(net_user_of(nb)->slirp, frame, len);
}

static char *net_user_describe(NetBackend *nb)
{
    NetUser *nu = net_user_of(nb);
    char net[INET_ADDRSTRLEN];

    inet_ntop(AF_INET, &nu->net, net, sizeof(net));
    return g_strdup_printf("net=%s,restrict=%s", net,
                           nu->restricted ? "on" : "off");
}

static void net_user_free(NetBackend *nb)
{
    NetUser *nu = net_backend_get_opaque(nb);

    if (nu->source) {
        g_source_destroy(&nu->source->source);
        g_source_unref(&nu->source->source);
    }
    if (nu->slirp) {
        slirp_cleanup(nu->slirp);
    }
    g_ptr_array_unref(nu->hostfwds);
    g_free(nu);
}

static const NetBackendOps net_user_ops = {
    .kind = "user",
    .receive = net_user_receive,
    .describe = net_user_describe,
    .free = net_user_free,
};

NetBackend *net_user_new(const char *id, const NetdevUserOptions *opts,
                         Error **errp)
{
    NetUser *nu = g_new0(NetUser, 1);
    g_autoptr(GPtrArray) dnssearch = g_ptr_array_new();
    SlirpConfig cfg = { 0 };
    NetBackend *nb;

    nu->hostfwds = g_ptr_array_new_with_free_func(net_user_hostfwd_free);
    nb = net_backend_new(id, &net_user_ops, nu);
    nu->nb = nb;
    if (!net_user_config(nu, opts, &cfg, dnssearch, errp)) {
        net_backend_free(nb);
        return NULL;
    }
    nu->slirp = slirp_new(&cfg, &net_user_callbacks, nu);
    if (!nu->slirp) {
        error_setg(errp, "netdev '%s': libslirp refused the configuration",
                   id);
        net_backend_free(nb);
        return NULL;
    }
    nu->source = (NetUserSource *)g_source_new(&net_user_source_funcs,
                                               sizeof(NetUserSource));
    nu->source->nu = nu;
    nu->source->fds = g_array_new(FALSE, FALSE, sizeof(GPollFD));
    nu->source->filling = g_array_new(FALSE, FALSE, sizeof(GPollFD));
    nu->source->deadline = -1;
    g_source_set_name(&nu->source->source, "netdev user");
    g_source_attach(&nu->source->source, g_main_context_get_thread_default());
    for (StringList *l = opts->hostfwd; l; l = l->next) {
        if (!net_user_hostfwd_add(nb, l->value->str, errp)) {
            net_backend_free(nb);
            return NULL;
        }
    }
    return nb;
}

/* Port forwards */

static struct sockaddr_in sockaddr_of(struct in_addr addr, uint16_t port)
{
    struct sockaddr_in sa = {
        .sin_family = AF_INET,
        .sin_addr = addr,
        .sin_port = htons(port),
    };

    return sa;
}

static int net_user_find_hostfwd(NetUser *nu, const HostfwdRule *rule)
{
    for (guint i = 0; i < nu->hostfwds->len; i++) {
        NetUserHostfwd *h = g_ptr_array_index(nu->hostfwds, i);

        if (hostfwd_same_host(&h->rule, rule)) {
            return i;
        }
    }
    return -1;
}

bool net_user_hostfwd_add(NetBackend *nb, const char *rule, Error **errp)
{
    NetUser *nu = net_user_of(nb);
    HostfwdRule r;
    struct sockaddr_in host, guest;
    NetUserHostfwd *h;

    if (!hostfwd_parse(rule, &r, errp)) {
        return false;
    }
    if (r.guest_addr.s_addr == htonl(INADDR_ANY)) {
        r.guest_addr = nu->dhcp_start;
    }
    if (net_user_find_hostfwd(nu, &r) >= 0) {
        error_setg(errp, "could not set up host forwarding rule '%s': "
                   "its host port is forwarded already", rule);
        return false;
    }
    host = sockaddr_of(r.host_addr, r.host_port);
    guest = sockaddr_of(r.guest_addr, r.guest_port);
    if (slirp_add_hostxfwd(nu->slirp, (struct sockaddr *)&host, sizeof(host),
                           (struct sockaddr *)&guest, sizeof(guest),
                           r.udp ? SLIRP_HOSTFWD_UDP : 0) < 0) {
        error_setg(errp, "could not set up host forwarding rule '%s': the "
                   "host cannot listen on that address and port", rule);
        return false;
    }
    h = g_new0(NetUserHostfwd, 1);
    h->rule = r;
    h->text = g_strdup(rule);
    g_ptr_array_add(nu->hostfwds, h);
    return true;
}

bool net_user_hostfwd_remove(NetBackend *nb, const char *rule, Error **errp)
{
    NetUser *nu = net_user_of(nb);
    HostfwdRule r;
    struct sockaddr_in host;
    int i;

    if (!hostfwd_parse_host(rule, &r, errp)) {
        return false;
    }
    i = net_user_find_hostfwd(nu, &r);
    host = sockaddr_of(r.host_addr, r.host_port);
    if (i < 0 ||
        slirp_remove_hostxfwd(nu->slirp, (struct sockaddr *)&host,
                              sizeof(host),
                              r.udp ? SLIRP_HOSTFWD_UDP : 0) < 0) {
        error_setg(errp, "host forwarding rule for '%s' not found", rule);
        return false;
    }
    g_ptr_array_remove_index(nu->hostfwds, i);
    return true;
}

const GPtrArray *net_user_get_hostfwds(const NetBackend *nb)
{
    return net_user_of(nb)->hostfwds;
}

char *net_user_connection_info(NetBackend *nb)
{
    return slirp_connection_info(net_user_of(nb)->slirp);
}
