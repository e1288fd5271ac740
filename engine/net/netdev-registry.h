/* The netdev registry: the network back-ends a VM knows by id, as QEMU
 * knows `-netdev user,id=n0` and `netdev_add`, and which device uses each.
 *
 * Every front door ends here: -netdev and [netdev "id"] groups give
 * keyval options (netdev_registry_create_from_opts()), netdev_add gives
 * the typed description (netdev_registry_create()); both are QEMU's
 * Netdev (net.json). Lists that QEMU's -netdev takes as repeated keys
 * (hostfwd=a,hostfwd=b) are numbered by netdev_opts_number_lists() before
 * keyval reads them, and a list of plain strings ("hostfwd.0 = ..." in a
 * config file) is read as QEMU's list of String.
 *
 * The registry owns its back-ends: netdev_registry_remove() and resetting
 * the registry free them. A device borrows one with
 * netdev_registry_attach() and gives it back with
 * netdev_registry_detach(); a back-end in use cannot be removed (QEMU
 * lets it go and leaves the card without a link; refusing keeps the
 * configuration readable: no device names a netdev that is gone).
 *
 * Ids are QEMU's: a letter, then letters, digits, '-', '.' or '_'.
 * Failures are one line each: "duplicate netdev id 'n0'", "netdev 'n0'
 * not found", "netdev 'n0' is in use by device 'net0'".
 *
 * One registry per process, like the VM: netdev_registry_default()
 * creates it on first use; netdev_registry_reset_default() frees it with
 * its back-ends (devices must have detached: asserted). Main thread. */
#pragma once

#include "net-backend.h"
#include "qapi-types.h"
#include "qdict.h"

typedef struct NetdevRegistry NetdevRegistry;

NetdevRegistry *netdev_registry_default(void);
void netdev_registry_reset_default(void);

bool netdev_registry_check_id(const char *id, Error **errp);

/* A new back-end from its description; returns it, lent. */
NetBackend *netdev_registry_create(NetdevRegistry *reg, const Netdev *cfg,
                                   Error **errp);
/* The same from keyval options (strings; "type" and "id" among them). */
NetBackend *netdev_registry_create_from_opts(NetdevRegistry *reg,
                                             const QDict *opts,
                                             Error **errp);
/* Adds a back-end made by code (a test's, say) under its id. On success
 * the registry owns nb; on failure (bad or duplicate id) the caller
 * still does. It has no options: the configuration leaves it out. */
bool netdev_registry_add(NetdevRegistry *reg, NetBackend *nb, Error **errp);
bool netdev_registry_remove(NetdevRegistry *reg, const char *id,
                            Error **errp);

/* The back-end called id (lent), NULL (and no error) when none is. */
NetBackend *netdev_registry_find(NetdevRegistry *reg, const char *id);
/* The first user-mode back-end, NULL when there is none: what HMP's
 * hostfwd_add uses when it is not given a netdev. */
NetBackend *netdev_registry_find_first_user(NetdevRegistry *reg);
/* The back-ends in the order added. */
guint netdev_registry_count(NetdevRegistry *reg);
NetBackend *netdev_registry_get(NetdevRegistry *reg, guint i);

/* Attaches the device called who (its id or path) to back-end id. */
NetBackend *netdev_registry_attach(NetdevRegistry *reg, const char *id,
                                   const char *who,
                                   const NetFrontendOps *ops, void *opaque,
                                   Error **errp);
/* A no-op when id does not exist. */
void netdev_registry_detach(NetdevRegistry *reg, const char *id);

/* The back-end's options as they are now, for a [netdev] group: what it
 * was created with, its port forwards as they are now (added and removed
 * at run time), without "id". A list of one string is that string (QEMU's
 * -readconfig reads `hostfwd = "..."`), a longer one a list of strings
 * (`hostfwd.0`, `hostfwd.1`: a group cannot repeat a key as QEMU's files
 * do). New dict; NULL for a back-end added by code. */
QDict *netdev_registry_get_config(NetdevRegistry *reg, NetBackend *nb);

/* QEMU's default MAC address for the next card created without one:
 * 52:54:00:12:34:56, then counting up in the last byte. The count lives
 * with the registry (reset with it). */
void netdev_registry_next_default_mac(NetdevRegistry *reg, uint8_t mac[6]);

/* keyval options' lists of plain strings (hostfwd.0=...) as QEMU's list
 * of String ([{"str": ...}]), in place: what netdev_add takes. */
void netdev_opts_wrap_lists(QDict *opts);

/* -netdev's text with each repeated list key (hostfwd, dnssearch)
 * numbered: "user,hostfwd=a,hostfwd=b" becomes
 * "user,hostfwd.0=a,hostfwd.1=b". Other text is left as it is. New
 * string. */
char *netdev_opts_number_lists(const char *params);
