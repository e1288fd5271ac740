/* The netdev registry: back-ends by id and their devices (see the
 * header). */
#include "netdev-registry.h"

#include <string.h>

#include "clone-visitor.h"
#include "net-user.h"
#include "qapi-visit.h"
#include "qlist.h"
#include "qobject-input-visitor.h"
#include "qobject-output-visitor.h"

typedef struct NetdevEntry {
    NetBackend *nb;             /* owned */
    Netdev *cfg;                /* what it was created with */
} NetdevEntry;

struct NetdevRegistry {
    GPtrArray *entries;         /* NetdevEntry *, in order added */
    unsigned default_macs;      /* handed out so far */
};

/* The process's registry; see the header for why there is one. */
static NetdevRegistry *default_registry;

/* The list members QEMU's NetdevUserOptions holds as [String]. */
static const char *const string_lists[] = { "hostfwd", "dnssearch", NULL };

static void netdev_entry_free(void *data)
{
    NetdevEntry *e = data;

    net_backend_free(e->nb);
    qapi_free_Netdev(e->cfg);
    g_free(e);
}

static NetdevRegistry *netdev_registry_new(void)
{
    NetdevRegistry *reg = g_new0(NetdevRegistry, 1);

    reg->entries = g_ptr_array_new_with_free_func(netdev_entry_free);
    return reg;
}

static void netdev_registry_free(NetdevRegistry *reg)
{
    if (reg) {
        g_ptr_array_unref(reg->entries);
        g_free(reg);
    }
}

NetdevRegistry *netdev_registry_default(void)
{
    if (!default_registry) {
        default_registry = netdev_registry_new();
    }
    return default_registry;
}

void netdev_registry_reset_default(void)
{
    g_clear_pointer(&default_registry, netdev_registry_free);
}

bool netdev_registry_check_id(const char *id, Error **errp)
{
    bool ok = id && g_ascii_isalpha(id[0]);

    for (const char *p = id; ok && *p; p++) {
        ok = g_ascii_isalnum(*p) || *p == '-' || *p == '.' || *p == '_';
    }
    if (!ok) {
        error_setg(errp, "'%s' is not a valid netdev id: it must start "
                   "with a letter and hold only letters, digits, '-', '.' "
                   "and '_'", id ? id : "");
    }
    return ok;
}

static NetdevEntry *netdev_registry_lookup(NetdevRegistry *reg,
                                           const char *id, guint *index)
{
    for (guint i = 0; i < reg->entries->len; i++) {
        NetdevEntry *e = g_ptr_array_index(reg->entries, i);

        if (!strcmp(net_backend_get_id(e->nb), id)) {
            if (index) {
                *index = i;
            }
            return e;
        }
    }
    return NULL;
}

static bool netdev_registry_id_available(NetdevRegistry *reg,
                                         const char *id, Error **errp)
{
    if (!netdev_registry_check_id(id, errp)) {
        return false;
    }
    if (netdev_registry_lookup(reg, id, NULL)) {
        error_setg(errp, "duplicate netdev id '%s'", id);
        return false;
    }
    return true;
}

bool netdev_registry_add(NetdevRegistry *reg, NetBackend *nb, Error **errp)
{
    NetdevEntry *e;

    if (!netdev_registry_id_available(reg, net_backend_get_id(nb), errp)) {
        return false;
    }
    e = g_new0(NetdevEntry, 1);
    e->nb = nb;
    g_ptr_array_add(reg->entries, e);
    return true;
}

NetBackend *netdev_registry_create(NetdevRegistry *reg, const Netdev *cfg,
                                   Error **errp)
{
    NetBackend *nb = NULL;
    NetdevEntry *e;

    /* Before the back-end exists, so a clash never takes a host port. */
    if (!netdev_registry_id_available(reg, cfg->id, errp)) {
        return NULL;
    }
    switch (cfg->type) {
    case NET_CLIENT_DRIVER_USER:
        nb = net_user_new(cfg->id, &cfg->u.user, errp);
        break;
    case NET_CLIENT_DRIVER__MAX:
        g_assert_not_reached();
    }
    if (!nb) {
        return NULL;
    }
    e = g_new0(NetdevEntry, 1);
    e->nb = nb;
    e->cfg = QAPI_CLONE(Netdev, cfg);
    g_ptr_array_add(reg->entries, e);
    return nb;
}

/* A list of plain strings (or one string) as QEMU's [String]. */
static void wrap_string_list(QDict *opts, const char *key)
{
    QObject *value = qdict_get(opts, key);
    g_autoptr(QList) wrapped = qlist_new();
    QList *list;

    if (!value) {
        return;
    }
    if (qobject_type(value) == QTYPE_QSTRING) {
        g_autoptr(QDict) item = qdict_new();

        qdict_put_obj(item, "str", qobject_ref(value));
        qlist_append_obj(wrapped, QOBJECT(g_steal_pointer(&item)));
        qdict_put_obj(opts, key, QOBJECT(g_steal_pointer(&wrapped)));
        return;
    }
    list = qobject_to(QList, value);
    if (!list) {
        return;                 /* the visitor says what is wrong */
    }
    for (size_t i = 0; i < qlist_size(list); i++) {
        QObject *item = qlist_entry(list, i);

        if (qobject_type(item) == QTYPE_QSTRING) {
            g_autoptr(QDict) d = qdict_new();

            qdict_put_obj(d, "str", qobject_ref(item));
            qlist_append_obj(wrapped, QOBJECT(g_steal_pointer(&d)));
        } else {
            qlist_append_obj(wrapped, qobject_ref(item));
        }
    }
    qdict_put_obj(opts, key, QOBJECT(g_steal_pointer(&wrapped)));
}

void netdev_opts_wrap_lists(QDict *opts)
{
    for (const char *const *k = string_lists; *k; k++) {
        wrap_string_list(opts, *k);
    }
}

NetBackend *netdev_registry_create_from_opts(NetdevRegistry *reg,
                                             const QDict *opts,
                                             Error **errp)
{
    g_autoptr(QDict) copy = qobject_to(QDict,
                                       qobject_deep_copy(QOBJECT(opts)));
    g_autoptr(Netdev) cfg = NULL;
    Visitor *v;
    bool ok;

    netdev_opts_wrap_lists(copy);
    v = qobject_input_visitor_new_keyval(QOBJECT(copy));
    ok = visit_type_Netdev(v, NULL, &cfg, errp);
    visit_free(v);
    if (!ok) {
        return NULL;
    }
    return netdev_registry_create(reg, cfg, errp);
}

bool netdev_registry_remove(NetdevRegistry *reg, const char *id,
                            Error **errp)
{
    guint i;
    NetdevEntry *e = netdev_registry_lookup(reg, id, &i);

    if (!e) {
        error_setg(errp, "netdev '%s' not found", id);
        return false;
    }
    if (net_backend_get_frontend(e->nb)) {
        error_setg(errp, "netdev '%s' is in use by device '%s'", id,
                   net_backend_get_frontend(e->nb));
        error_append_hint(errp, "Remove the device first.\n");
        return false;
    }
    g_ptr_array_remove_index(reg->entries, i);
    return true;
}

NetBackend *netdev_registry_find(NetdevRegistry *reg, const char *id)
{
    NetdevEntry *e = id ? netdev_registry_lookup(reg, id, NULL) : NULL;

    return e ? e->nb : NULL;
}

NetBackend *netdev_registry_find_first_user(NetdevRegistry *reg)
{
    for (guint i = 0; i < reg->entries->len; i++) {
        NetdevEntry *e = g_ptr_array_index(reg->entries, i);

        if (net_user_is(e->nb)) {
            return e->nb;
        }
    }
    return NULL;
}

guint netdev_registry_count(NetdevRegistry *reg)
{
    return reg->entries->len;
}

NetBackend *netdev_registry_get(NetdevRegistry *reg, guint i)
{
    NetdevEntry *e = g_ptr_array_index(reg->entries, i);

    return e->nb;
}

NetBackend *netdev_registry_attach(NetdevRegistry *reg, const char *id,
                                   const char *who,
                                   const NetFrontendOps *ops, void *opaque,
                                   Error **errp)
{
    NetBackend *nb = netdev_registry_find(reg, id);

    if (!nb) {
        error_setg(errp, "netdev '%s' not found", id);
        return NULL;
    }
    return net_backend_attach(nb, who, ops, opaque, errp) ? nb : NULL;
}

void netdev_registry_detach(NetdevRegistry *reg, const char *id)
{
    NetBackend *nb = netdev_registry_find(reg, id);

    if (nb) {
        net_backend_detach(nb);
    }
}

/* A list of strings for a config group: one string alone, as QEMU's
 * -readconfig reads it ("hostfwd = ..."); several as a list (QEMU would
 * repeat the key, which a group cannot hold: "hostfwd.0 = ..."). */
static void put_string_list(QDict *opts, const char *key, QList *list)
{
    if (qlist_size(list) == 1) {
        qdict_put_obj(opts, key, qobject_ref(qlist_entry(list, 0)));
    } else if (qlist_size(list) > 1) {
        qdict_put_obj(opts, key, qobject_ref(QOBJECT(list)));
    } else {
        qdict_del(opts, key);
    }
}

/* [{"str": s}, ...] as put_string_list() writes it. */
static void unwrap_string_list(QDict *opts, const char *key)
{
    QList *list = qdict_get_qlist(opts, key);
    g_autoptr(QList) plain = qlist_new();

    if (!list) {
        return;
    }
    for (size_t i = 0; i < qlist_size(list); i++) {
        QDict *item = qobject_to(QDict, qlist_entry(list, i));
        const char *s = item ? qdict_get_try_str(item, "str") : NULL;

        if (s) {
            qlist_append_str(plain, s);
        }
    }
    put_string_list(opts, key, plain);
}

QDict *netdev_registry_get_config(NetdevRegistry *reg, NetBackend *nb)
{
    NetdevEntry *e = netdev_registry_lookup(reg, net_backend_get_id(nb),
                                            NULL);
    g_autoptr(QObject) obj = NULL;
    QDict *opts;
    Visitor *v;

    g_assert(e && e->nb == nb);
    if (!e->cfg) {
        return NULL;
    }
    v = qobject_output_visitor_new(&obj);
    visit_type_Netdev(v, NULL, &e->cfg, &error_abort);
    visit_complete(v, &obj);
    visit_free(v);
    opts = qobject_to(QDict, qobject_ref(obj));
    qdict_del(opts, "id");
    for (const char *const *k = string_lists; *k; k++) {
        unwrap_string_list(opts, *k);
    }
    if (net_user_is(nb)) {
        const GPtrArray *fwds = net_user_get_hostfwds(nb);
        g_autoptr(QList) list = qlist_new();

        for (guint i = 0; i < fwds->len; i++) {
            const NetUserHostfwd *h = g_ptr_array_index(fwds, i);

            qlist_append_str(list, h->text);
        }
        put_string_list(opts, "hostfwd", list);
    }
    return opts;
}

void netdev_registry_next_default_mac(NetdevRegistry *reg, uint8_t mac[6])
{
    static const uint8_t first[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };

    memcpy(mac, first, sizeof(first));
    mac[5] += reg->default_macs++;
}

char *netdev_opts_number_lists(const char *params)
{
    GString *out = g_string_new(NULL);
    unsigned counts[G_N_ELEMENTS(string_lists)] = { 0 };
    const char *p = params;

    while (*p) {
        const char *end = p;
        bool numbered = false;

        /* One parameter: up to a ',' that is not part of ",,". */
        while (*end && !(end[0] == ',' && end[1] != ',')) {
            end += end[0] == ',' ? 2 : 1;
        }
        for (size_t k = 0; string_lists[k]; k++) {
            size_t n = strlen(string_lists[k]);

            if (!strncmp(p, string_lists[k], n) && p[n] == '=') {
                g_string_append_printf(out, "%s.%u", string_lists[k],
                                       counts[k]++);
                g_string_append_len(out, p + n, end - (p + n));
                numbered = true;
                break;
            }
        }
        if (!numbered) {
            g_string_append_len(out, p, end - p);
        }
        if (*end) {
            g_string_append_c(out, ',');
            end++;
        }
        p = end;
    }
    return g_string_free(out, FALSE);
}
