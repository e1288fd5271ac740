/* HMP's networking commands: see hmp-net.h. */
#include "hmp-net.h"

#include "hmp-args.h"
#include "keyval.h"
#include "net-user.h"
#include "netdev-registry.h"
#include "qlist.h"

/* hostfwd_add/_remove: one word is the rule; two are netdev and rule. */
static QDict *hostfwd_args(const QDict *args)
{
    QDict *qmp_args = qdict_new();
    const char *arg1 = qdict_get_try_str(args, "arg1");
    const char *arg2 = qdict_get_try_str(args, "arg2");

    if (arg2) {
        qdict_put_str(qmp_args, "netdev", arg1);
        qdict_put_str(qmp_args, "rule", arg2);
    } else {
        qdict_put_str(qmp_args, "rule", arg1 ? arg1 : "");
    }
    return qmp_args;
}

void hmp_cmd_hostfwd_add(Hmp *hmp, const QDict *args)
{
    hmp_call(hmp, "hostfwd-add", hostfwd_args(args), NULL);
}

void hmp_cmd_hostfwd_remove(Hmp *hmp, const QDict *args)
{
    QDict *qmp_args = hostfwd_args(args);
    g_autofree char *rule = g_strdup(qdict_get_try_str(qmp_args, "rule"));

    /* QEMU's line, which scripts wait for. */
    if (hmp_call(hmp, "hostfwd-remove", qmp_args, NULL)) {
        hmp_printf(hmp, "host forwarding rule for %s removed\n", rule);
    }
}

/* -netdev's text: repeated hostfwd= numbered, lists wrapped as
 * netdev_add takes them, scalars typed by its schema. */
void hmp_cmd_netdev_add(Hmp *hmp, const QDict *args)
{
    const char *text = qdict_get_try_str(args, "netdev");
    g_autofree char *numbered = netdev_opts_number_lists(text ? text : "");
    Error *err = NULL;
    g_autoptr(QDict) opts = keyval_parse(numbered, "type", NULL, &err);

    if (!opts) {
        hmp_printf(hmp, "Error: %s\n", error_get_pretty(err));
        error_free(err);
        return;
    }
    netdev_opts_wrap_lists(opts);
    hmp_args_type_by_schema(hmp, "netdev_add", opts);
    hmp_call(hmp, "netdev_add", g_steal_pointer(&opts), NULL);
}

/* A card's property through qom-get, NULL when it cannot be read. */
static char *card_property(Hmp *hmp, const char *card, const char *name)
{
    g_autofree char *path = card[0] == '/'
        ? g_strdup(card) : g_strdup_printf("/machine/peripheral/%s", card);
    g_autoptr(QDict) args = qdict_new();
    g_autoptr(QObject) ret = NULL;
    QString *s;

    qdict_put_str(args, "path", path);
    qdict_put_str(args, "property", name);
    if (!hmp_call_quiet(hmp, "qom-get", g_steal_pointer(&args), &ret)) {
        return NULL;
    }
    s = qobject_to(QString, ret);
    return s ? g_strdup(qstring_get_str(s)) : NULL;
}

static void print_netdev(Hmp *hmp, const char *indent, const QDict *nd)
{
    const char *info = qdict_get_try_str(nd, "info");

    hmp_printf(hmp, "%s%s: index=0,type=%s%s%s\n", indent,
               qdict_get_try_str(nd, "id"), qdict_get_try_str(nd, "type"),
               info && *info ? "," : "", info ? info : "");
}

/* QEMU's layout: each card with its back-end below it, then the
 * back-ends no card uses. */
void hmp_info_network(Hmp *hmp, const QDict *args)
{
    g_autoptr(QObject) ret = NULL;
    QList *list;

    if (!hmp_call(hmp, "query-netdev", NULL, &ret)) {
        return;
    }
    list = qobject_to(QList, ret);
    for (size_t i = 0; list && i < qlist_size(list); i++) {
        QDict *nd = qobject_to(QDict, qlist_entry(list, i));
        const char *peer = nd ? qdict_get_try_str(nd, "peer") : NULL;
        g_autofree char *model = NULL, *mac = NULL;

        if (!peer) {
            continue;
        }
        model = card_property(hmp, peer, "type");
        mac = card_property(hmp, peer, "mac");
        hmp_printf(hmp, "%s: index=0,type=nic,model=%s,macaddr=%s\n", peer,
                   model ? model : "?", mac ? mac : "?");
        print_netdev(hmp, " \\ ", nd);
    }
    for (size_t i = 0; list && i < qlist_size(list); i++) {
        QDict *nd = qobject_to(QDict, qlist_entry(list, i));

        if (nd && !qdict_haskey(nd, "peer")) {
            print_netdev(hmp, "", nd);
        }
    }
}

void hmp_info_usernet(Hmp *hmp, const QDict *args)
{
    NetdevRegistry *reg = netdev_registry_default();

    for (guint i = 0; i < netdev_registry_count(reg); i++) {
        NetBackend *nb = netdev_registry_get(reg, i);
        g_autofree char *table = NULL;

        if (!net_user_is(nb)) {
            continue;
        }
        table = net_user_connection_info(nb);
        hmp_printf(hmp, "Hub -1 (%s):\n%s", net_backend_get_id(nb), table);
    }
}
