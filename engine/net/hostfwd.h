/* Host port forwards of user-mode networking in QEMU's syntax:
 *
 *     [tcp|udp]:[HOSTADDR]:HOSTPORT-[GUESTADDR]:GUESTPORT
 *
 * as -netdev user,hostfwd=... and HMP's hostfwd_add take them, and the
 * host side alone, [tcp|udp]:[HOSTADDR]:HOSTPORT, as hostfwd_remove takes
 * it. The protocol defaults to tcp, the host address to any (0.0.0.0),
 * the guest address to "unset" (the back-end then uses its first DHCP
 * address). Ports are numbers as strtol() reads them with base 0 (QEMU's
 * rule): host port 0 to 65535, guest port 1 to 65535. Addresses are IPv4
 * dotted quads.
 *
 * Pure functions on caller-owned structs; errors are one line naming the
 * rule: "invalid host forwarding rule 'x' (guest port 0 is out of range)". */
#pragma once

#include "error.h"

#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>

typedef struct HostfwdRule {
    bool udp;
    struct in_addr host_addr;   /* INADDR_ANY: every host address */
    uint16_t host_port;
    struct in_addr guest_addr;  /* INADDR_ANY: the back-end's default */
    uint16_t guest_port;        /* 0 in a rule parsed from a host side */
} HostfwdRule;

/* A whole forward. */
bool hostfwd_parse(const char *text, HostfwdRule *rule, Error **errp);
/* The host side only; a whole forward is accepted too, its guest side
 * checked and then ignored (guest_addr and guest_port are left 0). */
bool hostfwd_parse_host(const char *text, HostfwdRule *rule, Error **errp);
/* Whether two rules name the same host side (protocol, address, port):
 * the same listening socket. */
bool hostfwd_same_host(const HostfwdRule *a, const HostfwdRule *b);
/* The rule in the syntax above, every part spelled out (new string):
 * "tcp:127.0.0.1:2222-10.0.2.15:22"; an unset guest address is left
 * empty. */
char *hostfwd_format(const HostfwdRule *rule);
