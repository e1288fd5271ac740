/* The networking QMP commands (engine/qapi/schema/net.json): netdev_add,
 * netdev_del, query-netdev, hostfwd-add and hostfwd-remove, on the
 * process's netdev registry. netdev_add's typed arguments go to the same
 * creation code as -netdev and [netdev] groups. */
#include <arpa/inet.h>

#include "net-user.h"
#include "netdev-registry.h"
#include "qapi-commands.h"

bool qmp_netdev_add(Netdev *netdev, Error **errp)
{
    return netdev_registry_create(netdev_registry_default(), netdev,
                                  errp) != NULL;
}

bool qmp_netdev_del(const char *id, Error **errp)
{
    NetdevRegistry *reg = netdev_registry_default();

    /* QEMU's class and words, which its clients match. */
    if (!netdev_registry_find(reg, id)) {
        error_set(errp, ERROR_CLASS_DEVICE_NOT_FOUND,
                  "Device '%s' not found", id);
        return false;
    }
    return netdev_registry_remove(reg, id, errp);
}

static HostfwdInfo *hostfwd_info_new(const NetUserHostfwd *h)
{
    HostfwdInfo *info = g_new0(HostfwdInfo, 1);
    char addr[INET_ADDRSTRLEN];

    info->protocol = h->rule.udp ? HOSTFWD_PROTOCOL_UDP
                                 : HOSTFWD_PROTOCOL_TCP;
    inet_ntop(AF_INET, &h->rule.host_addr, addr, sizeof(addr));
    info->host_addr = g_strdup(addr);
    info->host_port = h->rule.host_port;
    inet_ntop(AF_INET, &h->rule.guest_addr, addr, sizeof(addr));
    info->guest_addr = g_strdup(addr);
    info->guest_port = h->rule.guest_port;
    info->rule = g_strdup(h->text);
    return info;
}

static NetdevInfo *netdev_info_new(NetBackend *nb)
{
    NetdevInfo *info = g_new0(NetdevInfo, 1);
    NetBackendStats stats;
    HostfwdInfoList **tail = &info->hostfwd;

    info->id = g_strdup(net_backend_get_id(nb));
    info->type = NET_CLIENT_DRIVER_USER;
    info->peer = g_strdup(net_backend_get_frontend(nb));
    info->info = net_backend_describe(nb);
    if (net_user_is(nb)) {
        const GPtrArray *fwds = net_user_get_hostfwds(nb);

        for (guint i = 0; i < fwds->len; i++) {
            *tail = g_new0(HostfwdInfoList, 1);
            (*tail)->value = hostfwd_info_new(g_ptr_array_index(fwds, i));
            tail = &(*tail)->next;
        }
    }
    net_backend_get_stats(nb, &stats);
    info->tx_frames = stats.tx_frames;
    info->rx_frames = stats.rx_frames;
    info->rx_dropped = stats.rx_dropped;
    return info;
}

bool qmp_query_netdev(NetdevInfoList **ret, Error **errp)
{
    NetdevRegistry *reg = netdev_registry_default();
    NetdevInfoList *list = NULL, **tail = &list;

    for (guint i = 0; i < netdev_registry_count(reg); i++) {
        *tail = g_new0(NetdevInfoList, 1);
        (*tail)->value = netdev_info_new(netdev_registry_get(reg, i));
        tail = &(*tail)->next;
    }
    *ret = list;
    return true;
}

/* The user-mode back-end called id, or the first one when id is NULL. */
static NetBackend *find_user_netdev(const char *id, Error **errp)
{
    NetdevRegistry *reg = netdev_registry_default();
    NetBackend *nb;

    if (!id) {
        nb = netdev_registry_find_first_user(reg);
        if (!nb) {
            error_setg(errp, "there is no user-mode netdev (-netdev user)");
        }
        return nb;
    }
    nb = netdev_registry_find(reg, id);
    if (!nb) {
        error_setg(errp, "netdev '%s' not found", id);
        return NULL;
    }
    if (!net_user_is(nb)) {
        error_setg(errp, "netdev '%s' is not a user-mode netdev", id);
        return NULL;
    }
    return nb;
}

bool qmp_hostfwd_add(const char *netdev, const char *rule, Error **errp)
{
    NetBackend *nb = find_user_netdev(netdev, errp);

    return nb && net_user_hostfwd_add(nb, rule, errp);
}

bool qmp_hostfwd_remove(const char *netdev, const char *rule, Error **errp)
{
    NetBackend *nb = find_user_netdev(netdev, errp);

    return nb && net_user_hostfwd_remove(nb, rule, errp);
}
