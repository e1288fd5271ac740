/* User-mode networking (-netdev user): a NAT to the host's network built
 * on libslirp, with its DHCP, DNS and TFTP servers, and host port
 * forwards into the guest. It needs no privileges.
 *
 * The guest network is QEMU's: 10.0.2.0/24 with the host (gateway) at
 * .2, DNS at .3 and DHCP handing out .15 onwards, unless the options
 * (NetdevUserOptions, net.json) say otherwise; the same checks and
 * messages as QEMU ("DHCP doesn't belong to network").
 *
 * libslirp runs on the GLib main loop of the thread that creates the
 * back-end, without threads of its own: one GSource polls its sockets
 * (the set is rebuilt before every poll, as slirp asks) and runs its
 * TCP timers, whose time is the engine's virtual clock (clock.h), as in
 * QEMU, so a paused VM's connections do not time out; its other timers
 * are clock.h timers on that clock.
 *
 * Port forwards: the ones in the options are set up at creation (any
 * failure fails it); net_user_hostfwd_add()/_remove() change them on a
 * running VM. The back-end keeps the list, in the order added, with the
 * text each was given in, which is what the configuration writes back.
 *
 * Ownership: net_user_new() returns a back-end (net-backend.h) that its
 * owner frees with net_backend_free(), which closes every socket. Lists
 * and strings handed out are lent until the next change. Main thread. */
#pragma once

#include "hostfwd.h"
#include "net-backend.h"
#include "qapi-types.h"

typedef struct NetUserHostfwd {
    HostfwdRule rule;           /* guest address filled in */
    char *text;                 /* as given */
} NetUserHostfwd;

NetBackend *net_user_new(const char *id, const NetdevUserOptions *opts,
                         Error **errp);
/* Whether nb is a user-mode back-end. */
bool net_user_is(const NetBackend *nb);

/* rule: hostfwd.h's whole-forward syntax. Refuses a host side already
 * forwarded, and one the host cannot listen on. */
bool net_user_hostfwd_add(NetBackend *nb, const char *rule, Error **errp);
/* rule: the host side (hostfwd_parse_host()). Fails when no forward
 * has it. */
bool net_user_hostfwd_remove(NetBackend *nb, const char *rule,
                             Error **errp);
/* NetUserHostfwd *, in the order added; lent. */
const GPtrArray *net_user_get_hostfwds(const NetBackend *nb);

/* libslirp's table of connections (QEMU's `info usernet`); new string. */
char *net_user_connection_info(NetBackend *nb);
