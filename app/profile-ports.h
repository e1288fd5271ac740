/* Profile ports: keeps the host ports a new profile forwards to its guest
 * apart from every other profile's, so two VMs made from one template (or
 * a profile and its clone) can run at the same time.
 *
 * A forward is a user-mode netdev's hostfwd rule in QEMU's syntax,
 * [tcp|udp]:[HOSTADDR]:HOSTPORT-[GUESTADDR]:GUESTPORT, held in a [netdev]
 * group as `hostfwd = "RULE"` or as the list `hostfwd.0`, `hostfwd.1`, ...
 *
 * profile_ports_make_unique() moves each host port of p that another
 * profile in the store forwards too (the same protocol and port, whatever
 * the addresses: 0.0.0.0 and 127.0.0.1 cannot both have it) to the next
 * port up that no profile forwards (p's other rules included) and that can
 * be bound on the host right now. Host port 0 (the host picks one) never
 * collides; a rule that does not parse is left for validation to report.
 * Rules are rewritten in the config-group model, the rest of their text as
 * it was. Call it from a profile_store_save_new() prepare function: under
 * the store's lock, the ports it picks are still free of every other
 * profile when p is saved, so two front-ends creating profiles at the
 * same instant never pick the same port. (Whether a port is free on the
 * host is only true of the moment: a program may bind it later.)
 *
 * What moved is said in p's [quern] group, `ports-moved` (PROFILE_PORTS_META),
 * one note per move, "; " between them, which each call replaces (a clone
 * does not inherit its source's): "netdev net0: tcp host port 10022 is
 * forwarded by profile 'linux', moved to 10023".
 *
 * Ownership: returned vectors are the caller's (g_strfreev). Fallible calls
 * take Error **errp last. */
#pragma once

#include "profile-store.h"

#define PROFILE_PORTS_META "ports-moved"

/* Moves p's colliding host ports as above; p is changed, not saved. The
 * caller holds the store's lock (see above). */
bool profile_ports_make_unique(ProfileStore *store, Profile *p,
                               Error **errp);
/* The notes PROFILE_PORTS_META holds, one string each; empty when none. */
char **profile_ports_get_moves(const Profile *p);
