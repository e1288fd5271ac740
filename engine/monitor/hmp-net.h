/* HMP's networking commands, QEMU 7.2's names and words, each calling
 * its QMP twin (net.json):
 *
 *   hostfwd_add [netdev_id] [tcp|udp]:[hostaddr]:hostport-[guestaddr]:guestport
 *                                      -> hostfwd-add
 *   hostfwd_remove [netdev_id] [tcp|udp]:[hostaddr]:hostport
 *                                      -> hostfwd-remove; prints "host
 *                                         forwarding rule for X removed"
 *   netdev_add user,id=str[,prop=value][,...]
 *                                      -> netdev_add (-netdev's text:
 *                                         hostfwd= may repeat)
 *   netdev_del id                      -> netdev_del (table entry only)
 *   info network                       -> query-netdev and the cards'
 *                                         properties (qom-get), QEMU's
 *                                         layout
 *   info usernet                       libslirp's connection table; no
 *                                         QMP twin, it reads the registry
 *
 * The entries for the tables (hmp-commands.c's and hmp-info.c's) are the
 * HMP_NET_* macros below, so the words live here with their handlers.
 *
 * Handlers print through hmp.h; nothing is kept. */
#pragma once

#include "hmp-commands.h"

void hmp_cmd_hostfwd_add(Hmp *hmp, const QDict *args);
void hmp_cmd_hostfwd_remove(Hmp *hmp, const QDict *args);
void hmp_cmd_netdev_add(Hmp *hmp, const QDict *args);
void hmp_info_network(Hmp *hmp, const QDict *args);
void hmp_info_usernet(Hmp *hmp, const QDict *args);

/* Entries of the top-level table, in its alphabetical places: hostfwd_*
 * after help, netdev_* after info. */
#define HMP_NET_HOSTFWD_COMMANDS                                             \
    { .name = "hostfwd_add", .args_type = "arg1:s,arg2:s?",                  \
      .params = "[netdev_id] [tcp|udp]:[hostaddr]:hostport-"                 \
                "[guestaddr]:guestport",                                     \
      .help = "redirect TCP or UDP connections from host to guest "          \
              "(requires -net user)",                                        \
      .handler = hmp_cmd_hostfwd_add },                                      \
    { .name = "hostfwd_remove", .args_type = "arg1:s,arg2:s?",               \
      .params = "[netdev_id] [tcp|udp]:[hostaddr]:hostport",                 \
      .help = "remove host-to-guest TCP or UDP redirection",                 \
      .handler = hmp_cmd_hostfwd_remove },
#define HMP_NET_NETDEV_COMMANDS                                              \
    { .name = "netdev_add", .args_type = "netdev:O",                         \
      .params = "[user],id=str[,prop=value][,...]",                          \
      .help = "add host network device",                                     \
      .handler = hmp_cmd_netdev_add },                                       \
    { .name = "netdev_del", .args_type = "id:s", .params = "id",             \
      .help = "remove host network device", .qmp = "netdev_del" },
/* Entries of the `info` table: network after name, usernet after
 * status. */
#define HMP_NET_INFO_NETWORK                                                 \
    { .name = "network", .args_type = "", .params = "",                      \
      .help = "show the network state", .handler = hmp_info_network },
#define HMP_NET_INFO_USERNET                                                 \
    { .name = "usernet", .args_type = "", .params = "",                      \
      .help = "show user network stack connection states",                   \
      .handler = hmp_info_usernet },
