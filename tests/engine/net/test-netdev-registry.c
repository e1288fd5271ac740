/* The netdev registry: ids, the front doors' options (-netdev's repeated
 * hostfwd= included), cards attaching, removal rules, and the options
 * read back for the configuration with run-time forwards in them. */
#include <arpa/inet.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "keyval.h"
#include "net-user.h"
#include "netdev-registry.h"
#include "qjson.h"

static const NetFrontendOps no_card_ops;

/* A port on 127.0.0.1 nothing listens on. */
static uint16_t free_port(void)
{
    struct sockaddr_in sa = { .sin_family = AF_INET };
    socklen_t len = sizeof(sa);
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    uint16_t port;

    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    g_assert_cmpint(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), ==, 0);
    g_assert_cmpint(getsockname(fd, (struct sockaddr *)&sa, &len), ==, 0);
    port = ntohs(sa.sin_port);
    close(fd);
    return port;
}

static NetBackend *create(const char *text, Error **errp)
{
    g_autofree char *numbered = netdev_opts_number_lists(text);
    g_autoptr(QDict) opts = keyval_parse(numbered, "type", NULL,
                                         &error_abort);

    return netdev_registry_create_from_opts(netdev_registry_default(), opts,
                                            errp);
}

static void test_number_lists(void)
{
    static const struct {
        const char *in, *out;
    } cases[] = {
        { "user,id=n0", "user,id=n0" },
        { "user,hostfwd=a,id=n,hostfwd=b",
          "user,hostfwd.0=a,id=n,hostfwd.1=b" },
        { "user,dnssearch=x,hostfwd=a,dnssearch=y",
          "user,dnssearch.0=x,hostfwd.0=a,dnssearch.1=y" },
        /* ",," is a comma inside a value, not a separator. */
        { "user,hostname=a,,hostfwd=b,hostfwd=c",
          "user,hostname=a,,hostfwd=b,hostfwd.0=c" },
        { "user,hostfwds=a,xhostfwd=b", "user,hostfwds=a,xhostfwd=b" },
        { "", "" },
    };

    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_autofree char *out = netdev_opts_number_lists(cases[i].in);

        g_assert_cmpstr(out, ==, cases[i].out);
    }
}

/* Two forwards given as QEMU's repeated key both exist. */
static void test_repeated_hostfwd(void)
{
    uint16_t a = free_port(), b = free_port();
    g_autofree char *text = g_strdup_printf(
        "user,id=n0,hostfwd=tcp:127.0.0.1:%u-:22,hostfwd=udp::%u-:53", a, b);
    NetBackend *nb = create(text, &error_abort);
    const GPtrArray *fwds = net_user_get_hostfwds(nb);

    g_assert_cmpuint(fwds->len, ==, 2);
    g_assert_false(((NetUserHostfwd *)g_ptr_array_index(fwds, 0))->rule.udp);
    g_assert_true(((NetUserHostfwd *)g_ptr_array_index(fwds, 1))->rule.udp);
    netdev_registry_reset_default();
}

/* Config files write lists as plain strings; netdev_add as [String]. */
static void test_list_shapes(void)
{
    NetdevRegistry *reg = netdev_registry_default();
    g_autoptr(QDict) plain = qdict_from_json(
        "{\"type\": \"user\", \"id\": \"a\", \"dnssearch\": [\"x.org\"]}",
        &error_abort);
    g_autoptr(QDict) wrapped = qdict_from_json(
        "{\"type\": \"user\", \"id\": \"b\", "
        "\"dnssearch\": [{\"str\": \"y.org\"}]}", &error_abort);
    g_autoptr(QDict) config = NULL;
    g_autofree char *json = NULL;

    g_assert_nonnull(netdev_registry_create_from_opts(reg, plain,
                                                      &error_abort));
    g_assert_nonnull(netdev_registry_create_from_opts(reg, wrapped,
                                                      &error_abort));
    config = netdev_registry_get_config(reg, netdev_registry_find(reg, "b"));
    json = qobject_to_json(QOBJECT(config));
    g_assert_cmpstr(json, ==, "{\"type\":\"user\",\"dnssearch\":\"y.org\"}");
    netdev_registry_reset_default();
}

static void test_ids(void)
{
    NetdevRegistry *reg = netdev_registry_default();
    Error *err = NULL;

    g_assert_nonnull(create("user,id=n0", &error_abort));
    g_assert_null(create("user,id=n0", &err));
    g_assert_cmpstr(error_get_pretty(err), ==, "duplicate netdev id 'n0'");
    g_clear_pointer(&err, error_free);
    g_assert_null(create("user,id=a/b", &err));
    g_assert_nonnull(strstr(error_get_pretty(err), "not a valid netdev id"));
    g_clear_pointer(&err, error_free);
    g_assert_null(create("user", &err));
    g_assert_nonnull(err);
    g_clear_pointer(&err, error_free);
    g_assert_cmpuint(netdev_registry_count(reg), ==, 1);
    g_assert_null(netdev_registry_find(reg, "n1"));
    g_assert_true(netdev_registry_find_first_user(reg) ==
                  netdev_registry_find(reg, "n0"));
    netdev_registry_reset_default();
}

/* One card per back-end; a back-end in use stays until its card goes. */
static void test_attach_and_remove(void)
{
    NetdevRegistry *reg = netdev_registry_default();
    int card;
    Error *err = NULL;

    g_assert_nonnull(create("user,id=n0", &error_abort));
    g_assert_null(netdev_registry_attach(reg, "nope", "net0", &no_card_ops,
                                         &card, &err));
    g_assert_cmpstr(error_get_pretty(err), ==, "netdev 'nope' not found");
    g_clear_pointer(&err, error_free);
    g_assert_nonnull(netdev_registry_attach(reg, "n0", "net0", &no_card_ops,
                                            &card, &error_abort));
    g_assert_null(netdev_registry_attach(reg, "n0", "net1", &no_card_ops,
                                         &card, &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "netdev 'n0' is already in use by device 'net0'");
    g_clear_pointer(&err, error_free);
    g_assert_false(netdev_registry_remove(reg, "n0", &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "netdev 'n0' is in use by device 'net0'");
    g_clear_pointer(&err, error_free);
    netdev_registry_detach(reg, "n0");
    g_assert_true(netdev_registry_remove(reg, "n0", &error_abort));
    g_assert_false(netdev_registry_remove(reg, "n0", &err));
    g_assert_cmpstr(error_get_pretty(err), ==, "netdev 'n0' not found");
    error_free(err);
    g_assert_cmpuint(netdev_registry_count(reg), ==, 0);
    netdev_registry_reset_default();
}

/* What the configuration writes back: the options given, and the
 * forwards as they are now, in the text they were given in. */
static void test_config_follows_forwards(void)
{
    NetdevRegistry *reg = netdev_registry_default();
    uint16_t a = free_port(), b = free_port();
    g_autofree char *text = g_strdup_printf(
        "user,id=n0,net=10.1.0.0/16,restrict=on,hostfwd=tcp::%u-:22", a);
    g_autofree char *added = g_strdup_printf("udp:127.0.0.1:%u-:53", b);
    g_autofree char *removed = g_strdup_printf("tcp::%u", a);
    g_autofree char *expected = g_strdup_printf(
        "{\"type\":\"user\",\"restrict\":true,\"net\":\"10.1.0.0/16\","
        "\"hostfwd\":\"%s\"}", added);
    NetBackend *nb = create(text, &error_abort);
    g_autoptr(QDict) config = NULL;
    g_autofree char *json = NULL;

    g_assert_true(net_user_hostfwd_add(nb, added, &error_abort));
    g_assert_true(net_user_hostfwd_remove(nb, removed, &error_abort));
    config = netdev_registry_get_config(reg, nb);
    json = qobject_to_json(QOBJECT(config));
    g_assert_cmpstr(json, ==, expected);
    netdev_registry_reset_default();
}

static void no_free(NetBackend *nb)
{
}

static void no_receive(NetBackend *nb, const uint8_t *frame, size_t len)
{
}

/* A back-end made by code is found and attached like any other, and
 * left out of the configuration. */
static void test_code_backend(void)
{
    static const NetBackendOps ops = { .kind = "test",
                                       .receive = no_receive,
                                       .free = no_free };
    NetdevRegistry *reg = netdev_registry_default();
    NetBackend *nb = net_backend_new("t0", &ops, NULL);
    NetBackend *clash = net_backend_new("t0", &ops, NULL);
    Error *err = NULL;

    g_assert_true(netdev_registry_add(reg, nb, &error_abort));
    g_assert_false(netdev_registry_add(reg, clash, &err));
    error_free(err);
    net_backend_free(clash);
    g_assert_true(netdev_registry_find(reg, "t0") == nb);
    g_assert_null(netdev_registry_get_config(reg, nb));
    g_assert_null(netdev_registry_find_first_user(reg));
    netdev_registry_reset_default();
}

/* QEMU's default MACs: ...:56 first, counting up; a fresh registry
 * starts again. */
static void test_default_macs(void)
{
    uint8_t mac[6];
    static const uint8_t first[6] = { 0x52, 0x54, 0, 0x12, 0x34, 0x56 };

    netdev_registry_next_default_mac(netdev_registry_default(), mac);
    g_assert_cmpmem(mac, 6, first, 6);
    netdev_registry_next_default_mac(netdev_registry_default(), mac);
    g_assert_cmpuint(mac[5], ==, 0x57);
    netdev_registry_reset_default();
    netdev_registry_next_default_mac(netdev_registry_default(), mac);
    g_assert_cmpmem(mac, 6, first, 6);
    netdev_registry_reset_default();
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/netdev-registry/opts/repeated-keys-numbered",
                    test_number_lists);
    g_test_add_func("/netdev-registry/opts/repeated-hostfwd-all-kept",
                    test_repeated_hostfwd);
    g_test_add_func("/netdev-registry/opts/lists-plain-or-wrapped",
                    test_list_shapes);
    g_test_add_func("/netdev-registry/ids", test_ids);
    g_test_add_func("/netdev-registry/attach-and-remove",
                    test_attach_and_remove);
    g_test_add_func("/netdev-registry/config/follows-run-time-forwards",
                    test_config_follows_forwards);
    g_test_add_func("/netdev-registry/code-backend-left-out-of-config",
                    test_code_backend);
    g_test_add_func("/netdev-registry/default-macs-count-up",
                    test_default_macs);
    return g_test_run();
}
