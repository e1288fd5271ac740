/* Profile ports: see profile-ports.h. */
#include "profile-ports.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define NOTE_SEPARATOR "; "

/* Where a rule's host port is: rule[start, end) holds it. */
typedef struct HostfwdHost {
    bool udp;
    struct in_addr addr;        /* INADDR_ANY when none is given */
    guint port;
    size_t start, end;
} HostfwdHost;

static bool hostfwd_key(const char *key)
{
    const char *index = g_str_has_prefix(key, "hostfwd.") ? key + 8 : NULL;

    if (!strcmp(key, "hostfwd")) {
        return true;
    }
    if (!index || !*index) {
        return false;
    }
    for (const char *p = index; *p; p++) {
        if (!g_ascii_isdigit(*p)) {
            return false;
        }
    }
    return true;
}

/* The host side of "[tcp|udp]:[addr]:port-guest": false when the rule is
 * not one (the engine's validation says why, not us). The port is read
 * as QEMU reads it, strtol() with base 0. */
static bool hostfwd_host_parse(const char *rule, HostfwdHost *h)
{
    const char *c1 = strchr(rule, ':');
    const char *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
    const char *dash = c2 ? strchr(c2 + 1, '-') : NULL;
    g_autofree char *proto = NULL, *addr = NULL, *port = NULL;
    char *end = NULL;
    long value;

    if (!dash) {
        return false;
    }
    proto = g_strndup(rule, c1 - rule);
    addr = g_strndup(c1 + 1, c2 - c1 - 1);
    port = g_strndup(c2 + 1, dash - c2 - 1);
    if (*proto && strcmp(proto, "tcp") && strcmp(proto, "udp")) {
        return false;
    }
    errno = 0;
    value = strtol(port, &end, 0);
    if (!*port || *end || errno || value < 0 || value > 65535) {
        return false;
    }
    h->udp = !strcmp(proto, "udp");
    if (!*addr || !inet_aton(addr, &h->addr)) {
        h->addr.s_addr = htonl(INADDR_ANY);
    }
    h->port = (guint)value;
    h->start = c2 + 1 - rule;
    h->end = dash - rule;
    return true;
}

static gpointer port_key(bool udp, guint port)
{
    return GUINT_TO_POINTER((udp ? 0x10000u : 0) | port);
}

/* Calls fn for each host forward of cf. */
typedef void HostfwdFn(ConfigGroup *g, const char *key, const char *rule,
                       const HostfwdHost *h, void *opaque);

static void for_each_hostfwd(ConfigFile *cf, HostfwdFn *fn, void *opaque)
{
    for (size_t i = 0; i < config_file_get_n_groups(cf); i++) {
        ConfigGroup *g = config_file_get_group(cf, i);

        if (strcmp(config_group_get_name(g), "netdev")) {
            continue;
        }
        for (size_t k = 0; k < config_group_get_n_entries(g); k++) {
            const char *key, *rule;
            HostfwdHost h;

            config_group_get_entry(g, k, &key, &rule);
            if (hostfwd_key(key) && hostfwd_host_parse(rule, &h) && h.port) {
                fn(g, key, rule, &h, opaque);
            }
        }
    }
}

/* Whether a socket of this kind can have the port on the host now.
 * Only EADDRINUSE says no: an address the host lacks or a port it keeps
 * for root fails for every port alike, and the start will say so. */
static bool host_port_free(const HostfwdHost *h, guint port)
{
    struct sockaddr_in sa = {
        .sin_family = AF_INET, .sin_port = htons(port), .sin_addr = h->addr,
    };
    int fd = socket(AF_INET, (h->udp ? SOCK_DGRAM : SOCK_STREAM) |
                    SOCK_CLOEXEC, 0);
    bool in_use;

    if (fd < 0) {
        return true;
    }
    in_use = bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 &&
             errno == EADDRINUSE;
    close(fd);
    return !in_use;
}

typedef struct PortScan {
    GHashTable *used;       /* port_key -> who forwards it (a note) */
    const char *owner;      /* the profile being scanned */
} PortScan;

static void scan_forward(ConfigGroup *g, const char *key, const char *rule,
                         const HostfwdHost *h, void *opaque)
{
    PortScan *scan = opaque;
    gpointer k = port_key(h->udp, h->port);

    if (!g_hash_table_contains(scan->used, k)) {
        g_hash_table_insert(scan->used, k,
                            g_strdup_printf("profile '%s'", scan->owner));
    }
}

/* Every host port another profile of the store forwards. Profiles that do
 * not parse cannot be started either: skipped. */
static GHashTable *ports_of_others(ProfileStore *store, const char *name)
{
    GHashTable *used = g_hash_table_new_full(NULL, NULL, NULL, g_free);
    g_autoptr(GPtrArray) infos = profile_store_list(store);

    for (guint i = 0; i < infos->len; i++) {
        ProfileInfo *info = infos->pdata[i];
        g_autoptr(Profile) other = NULL;
        PortScan scan = { used, info->name };

        if (!strcmp(info->name, name) || info->error) {
            continue;
        }
        other = profile_store_load(store, info->name, NULL);
        if (other) {
            for_each_hostfwd(profile_get_config(other), scan_forward, &scan);
        }
    }
    return used;
}

typedef struct PortMove {
    ConfigGroup *group;
    char *key;
    char *rule;             /* the new rule */
} PortMove;

static void port_move_free(gpointer data)
{
    PortMove *m = data;

    g_free(m->key);
    g_free(m->rule);
    g_free(m);
}

typedef struct PortPlan {
    GHashTable *used;       /* others' ports, then the ones p keeps */
    GHashTable *own;        /* every port p's rules name as they stand */
    GPtrArray *moves;       /* PortMove */
    GStrvBuilder *notes;
    Error *err;
} PortPlan;

static void collect_own(ConfigGroup *g, const char *key, const char *rule,
                        const HostfwdHost *h, void *opaque)
{
    g_hash_table_add(opaque, port_key(h->udp, h->port));
}

static void plan_forward(ConfigGroup *g, const char *key, const char *rule,
                         const HostfwdHost *h, void *opaque)
{
    PortPlan *plan = opaque;
    const char *owner = g_hash_table_lookup(plan->used,
                                            port_key(h->udp, h->port));
    const char *id = config_group_get_id(g);
    guint port = h->port;
    g_autofree char *note = NULL;
    PortMove *m;

    if (!owner) {
        g_hash_table_insert(plan->used, port_key(h->udp, h->port),
                            g_strdup("another forward of this profile"));
        return;
    }
    if (plan->err) {
        return;
    }
    do {
        port++;
    } while (port <= 65535 &&
             (g_hash_table_contains(plan->used, port_key(h->udp, port)) ||
              g_hash_table_contains(plan->own, port_key(h->udp, port)) ||
              !host_port_free(h, port)));
    if (port > 65535) {
        error_setg(&plan->err, "netdev %s: no free %s host port above %u "
                   "for '%s'", id ? id : "", h->udp ? "udp" : "tcp",
                   h->port, rule);
        return;
    }
    g_hash_table_insert(plan->used, port_key(h->udp, port),
                        g_strdup("another forward of this profile"));
    m = g_new0(PortMove, 1);
    m->group = g;
    m->key = g_strdup(key);
    m->rule = g_strdup_printf("%.*s%u%s", (int)h->start, rule, port,
                              rule + h->end);
    g_ptr_array_add(plan->moves, m);
    note = g_strdup_printf("netdev %s: %s host port %u is forwarded by %s, "
                           "moved to %u", id ? id : "",
                           h->udp ? "udp" : "tcp", h->port, owner, port);
    g_strv_builder_add(plan->notes, note);
}

bool profile_ports_make_unique(ProfileStore *store, Profile *p,
                               Error **errp)
{
    ConfigFile *cf = profile_get_config(p);
    g_autoptr(GHashTable) own = g_hash_table_new(NULL, NULL);
    g_autoptr(GPtrArray) moves = g_ptr_array_new_with_free_func(
        port_move_free);
    g_autoptr(GStrvBuilder) notes = g_strv_builder_new();
    PortPlan plan = {
        .used = ports_of_others(store, profile_get_name(p)),
        .own = own, .moves = moves, .notes = notes,
    };
    g_auto(GStrv) lines = NULL;
    g_autofree char *joined = NULL;
    ConfigGroup *meta;

    for_each_hostfwd(cf, collect_own, own);
    /* Planned first, applied after: setting a key may reorder entries. */
    for_each_hostfwd(cf, plan_forward, &plan);
    g_hash_table_unref(plan.used);
    if (plan.err) {
        error_propagate(errp, plan.err);
        return false;
    }
    for (guint i = 0; i < moves->len; i++) {
        PortMove *m = moves->pdata[i];

        if (!config_group_set(m->group, m->key, m->rule, errp)) {
            return false;
        }
    }
    meta = config_file_find_group(cf, "quern", NULL);
    if (meta) {
        config_group_unset(meta, PROFILE_PORTS_META);
    }
    lines = g_strv_builder_end(notes);
    if (!lines[0]) {
        return true;
    }
    joined = g_strjoinv(NOTE_SEPARATOR, lines);
    return profile_set_meta(p, PROFILE_PORTS_META, joined, errp);
}

char **profile_ports_get_moves(const Profile *p)
{
    const char *moved = profile_get_meta(p, PROFILE_PORTS_META);

    if (!moved || !*moved) {
        return g_new0(char *, 1);
    }
    return g_strsplit(moved, NOTE_SEPARATOR, -1);
}
