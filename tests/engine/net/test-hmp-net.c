/* HMP's networking commands in process, run from the table entries
 * hmp-net.h gives (parsed with the monitor's own parser) against the
 * engine's QMP command list: what a user types and what comes back, the
 * host checking that forwards listen and stop. */
#include <arpa/inet.h>
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "net-test-ports.h"
#include "hmp-net.h"
#include "hmp-parse.h"
#include "netdev-registry.h"
#include "qmp-engine.h"

static const HmpCommand net_commands[] = {
    HMP_NET_HOSTFWD_COMMANDS
    HMP_NET_NETDEV_COMMANDS
    { NULL },
};

static const HmpCommand net_info_commands[] = {
    HMP_NET_INFO_NETWORK
    HMP_NET_INFO_USERNET
    { NULL },
};

/* Runs one line against those tables ("info X" against the second);
 * returns what it printed. */
static char *run(const char *line)
{
    g_autoptr(Hmp) hmp = hmp_new(qmp_engine_commands());
    const HmpCommand *table = net_commands;
    size_t len;
    const char *name = hmp_parse_command_name(line, &len);
    const HmpCommand *cmd;
    g_autoptr(QDict) args = NULL;

    if (len == 4 && !strncmp(name, "info", 4)) {
        table = net_info_commands;
        name = hmp_parse_command_name(name + len, &len);
    }
    cmd = hmp_command_find(table, name, len);

    g_assert_nonnull(cmd);
    args = hmp_parse_args(cmd->name, cmd->args_type, name + len,
                          &error_abort);
    hmp_command_run(hmp, cmd, args);
    return hmp_take_output(hmp);
}

/* netdev_add takes -netdev's text (repeated hostfwd=, on/off) and
 * netdev_del removes it. */
static void test_netdev_add_del(void)
{
    uint16_t a = net_test_free_port(), b = net_test_free_port();
    g_autofree char *line = g_strdup_printf(
        "netdev_add user,id=n0,restrict=on,hostfwd=tcp:127.0.0.1:%u-:22,"
        "hostfwd=tcp:127.0.0.1:%u-:80", a, b);
    g_autofree char *out = run(line);

    g_assert_cmpstr(out, ==, "");
    g_assert_true(net_test_listening(a));
    g_assert_true(net_test_listening(b));
    g_free(out);
    out = run("info network");
    g_assert_cmpstr(out, ==,
                    "n0: index=0,type=user,net=10.0.2.0,restrict=on\n");
    g_free(out);
    out = run("netdev_add user,id=n0");
    g_assert_cmpstr(out, ==, "Error: duplicate netdev id 'n0'\n");
    g_free(out);
    out = run("netdev_del n0");
    g_assert_cmpstr(out, ==, "");
    g_assert_false(net_test_listening(a));
    g_free(out);
    out = run("netdev_del n0");
    g_assert_cmpstr(out, ==, "Error: Device 'n0' not found\n");
    netdev_registry_reset_default();
}

/* hostfwd_add with and without the netdev word; hostfwd_remove prints
 * QEMU's line. */
static void test_hostfwd(void)
{
    uint16_t a = net_test_free_port(), b = net_test_free_port();
    g_autofree char *add = g_strdup_printf("hostfwd_add tcp::%u-:22", a);
    g_autofree char *add_n1 = g_strdup_printf(
        "hostfwd_add n1 tcp:127.0.0.1:%u-:80", b);
    g_autofree char *rm = g_strdup_printf("hostfwd_remove tcp::%u", a);
    g_autofree char *rm_n1 = g_strdup_printf(
        "hostfwd_remove n1 tcp:127.0.0.1:%u", b);
    g_autofree char *removed = g_strdup_printf(
        "host forwarding rule for tcp::%u removed\n", a);
    g_autofree char *out = run("netdev_add user,id=n0");

    g_free(out);
    out = run("netdev_add user,id=n1,net=10.9.0.0/16");
    g_free(out);
    out = run(add);
    g_assert_cmpstr(out, ==, "");
    g_free(out);
    out = run(add_n1);
    g_assert_cmpstr(out, ==, "");
    g_assert_true(net_test_listening(a));
    g_assert_true(net_test_listening(b));
    g_free(out);
    out = run("info usernet");
    g_assert_nonnull(strstr(out, "Hub -1 (n0):\n"));
    g_assert_nonnull(strstr(out, "Hub -1 (n1):\n"));
    g_assert_nonnull(strstr(out, "HOST_FORWARD"));
    g_free(out);
    out = run(rm);
    g_assert_cmpstr(out, ==, removed);
    g_assert_false(net_test_listening(a));
    g_free(out);
    out = run(rm_n1);
    g_assert_false(net_test_listening(b));
    g_free(out);
    out = run(rm);
    g_assert_true(g_str_has_prefix(out, "Error: host forwarding rule for"));
    g_free(out);
    out = run("hostfwd_add nope tcp::1-:2");
    g_assert_cmpstr(out, ==, "Error: netdev 'nope' not found\n");
    netdev_registry_reset_default();
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/hmp-net/netdev-add-and-del", test_netdev_add_del);
    g_test_add_func("/hmp-net/hostfwd-add-and-remove", test_hostfwd);
    return g_test_run();
}
