/* Host port forward rules: parsing and printing (see the header). */
#include "hostfwd.h"

#include <arpa/inet.h>
#include <errno.h>
#include <glib.h>
#include <stdlib.h>
#include <string.h>

/* The text up to sep (or the end when sep is 0), advancing *p past sep.
 * NULL when sep is missing. */
static char *take_field(const char **p, char sep)
{
    const char *end = sep ? strchr(*p, sep) : *p + strlen(*p);
    char *field;

    if (!end) {
        return NULL;
    }
    field = g_strndup(*p, end - *p);
    *p = *end ? end + 1 : end;
    return field;
}

static bool parse_proto(const char *text, bool *udp)
{
    if (!*text || !strcmp(text, "tcp")) {
        *udp = false;
        return true;
    }
    if (!strcmp(text, "udp")) {
        *udp = true;
        return true;
    }
    return false;
}

/* An empty field is "any"; inet_aton() is what QEMU uses, so "10.1" and
 * other short forms mean what they mean there. */
static bool parse_addr(const char *text, struct in_addr *addr)
{
    addr->s_addr = htonl(INADDR_ANY);
    return !*text || inet_aton(text, addr);
}

static bool parse_port(const char *text, int min, uint16_t *port)
{
    char *end;
    long v;

    errno = 0;
    v = strtol(text, &end, 0);
    if (!*text || *end || errno || v < min || v > 65535) {
        return false;
    }
    *port = v;
    return true;
}

/* Parses "[proto]:[addr]:port" then, when guest, "-[addr]:port". */
static bool parse_rule(const char *text, bool guest_required,
                       HostfwdRule *rule, Error **errp)
{
    const char *p = text ? text : "";
    g_autofree char *proto = NULL, *haddr = NULL, *hport = NULL;
    g_autofree char *gaddr = NULL;
    bool has_guest;
    const char *why = NULL;

    memset(rule, 0, sizeof(*rule));
    proto = take_field(&p, ':');
    haddr = proto ? take_field(&p, ':') : NULL;
    has_guest = strchr(p, '-') != NULL;
    hport = haddr ? take_field(&p, has_guest ? '-' : 0) : NULL;
    if (!hport) {
        why = "expected [tcp|udp]:[hostaddr]:hostport";
    } else if (!parse_proto(proto, &rule->udp)) {
        why = "the protocol must be tcp or udp";
    } else if (!parse_addr(haddr, &rule->host_addr)) {
        why = "the host address is not an IPv4 address";
    } else if (!parse_port(hport, 0, &rule->host_port)) {
        why = "the host port must be a number from 0 to 65535";
    } else if (guest_required && !has_guest) {
        why = "expected -[guestaddr]:guestport after the host port";
    } else if (has_guest) {
        gaddr = take_field(&p, ':');
        if (!gaddr) {
            why = "expected [guestaddr]:guestport after '-'";
        } else if (!parse_addr(gaddr, &rule->guest_addr)) {
            why = "the guest address is not an IPv4 address";
        } else if (!parse_port(p, 1, &rule->guest_port)) {
            why = "the guest port must be a number from 1 to 65535";
        }
    }
    if (why) {
        error_setg(errp, "invalid host forwarding rule '%s' (%s)",
                   text ? text : "", why);
        return false;
    }
    if (!guest_required) {
        rule->guest_addr.s_addr = htonl(INADDR_ANY);
        rule->guest_port = 0;
    }
    return true;
}

bool hostfwd_parse(const char *text, HostfwdRule *rule, Error **errp)
{
    return parse_rule(text, true, rule, errp);
}

bool hostfwd_parse_host(const char *text, HostfwdRule *rule, Error **errp)
{
    return parse_rule(text, false, rule, errp);
}

bool hostfwd_same_host(const HostfwdRule *a, const HostfwdRule *b)
{
    return a->udp == b->udp && a->host_addr.s_addr == b->host_addr.s_addr &&
           a->host_port == b->host_port;
}

char *hostfwd_format(const HostfwdRule *rule)
{
    char host[INET_ADDRSTRLEN], guest[INET_ADDRSTRLEN] = "";

    inet_ntop(AF_INET, &rule->host_addr, host, sizeof(host));
    if (rule->guest_addr.s_addr != htonl(INADDR_ANY)) {
        inet_ntop(AF_INET, &rule->guest_addr, guest, sizeof(guest));
    }
    return g_strdup_printf("%s:%s:%u-%s:%u", rule->udp ? "udp" : "tcp", host,
                           rule->host_port, guest, rule->guest_port);
}
