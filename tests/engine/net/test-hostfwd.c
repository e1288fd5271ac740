/* Host port forward rules as QEMU writes them: what each part defaults
 * to, what is refused, and the text they print back as. */
#include <arpa/inet.h>
#include <string.h>

#include "hostfwd.h"

static uint32_t ip(const char *dotted)
{
    return inet_addr(dotted);
}

/* Every part given. */
static void test_full(void)
{
    HostfwdRule r;

    g_assert_true(hostfwd_parse("udp:127.0.0.1:5353-10.0.2.20:53", &r,
                                &error_abort));
    g_assert_true(r.udp);
    g_assert_cmphex(r.host_addr.s_addr, ==, ip("127.0.0.1"));
    g_assert_cmpuint(r.host_port, ==, 5353);
    g_assert_cmphex(r.guest_addr.s_addr, ==, ip("10.0.2.20"));
    g_assert_cmpuint(r.guest_port, ==, 53);
}

/* "::2222-:22" and "tcp::2222-:22": tcp, any host address, the guest
 * address left to the back-end. */
static void test_defaults(void)
{
    static const char *const rules[] = { "::2222-:22", "tcp::2222-:22" };

    for (size_t i = 0; i < G_N_ELEMENTS(rules); i++) {
        HostfwdRule r;

        g_assert_true(hostfwd_parse(rules[i], &r, &error_abort));
        g_assert_false(r.udp);
        g_assert_cmphex(r.host_addr.s_addr, ==, htonl(INADDR_ANY));
        g_assert_cmpuint(r.host_port, ==, 2222);
        g_assert_cmphex(r.guest_addr.s_addr, ==, htonl(INADDR_ANY));
        g_assert_cmpuint(r.guest_port, ==, 22);
    }
}

/* Ports read as strtol(base 0) reads them, as QEMU does. */
static void test_port_bases(void)
{
    HostfwdRule r;

    g_assert_true(hostfwd_parse("tcp::0x50-:010", &r, &error_abort));
    g_assert_cmpuint(r.host_port, ==, 80);
    g_assert_cmpuint(r.guest_port, ==, 8);
}

static void test_refused(void)
{
    static const struct {
        const char *rule, *why;
    } cases[] = {
        { "", "expected [tcp|udp]:[hostaddr]:hostport" },
        { "tcp:2222-:22", "the host address is not an IPv4 address" },
        { "sctp::1-:2", "the protocol must be tcp or udp" },
        { "tcp:localhost:1-:2", "the host address is not an IPv4 address" },
        { "tcp::65536-:22", "the host port must be a number" },
        { "tcp::-1-:22", "the host port must be a number" },
        { "tcp::22", "expected -[guestaddr]:guestport" },
        { "tcp::2222-22", "expected [guestaddr]:guestport after '-'" },
        { "tcp::2222-10.0.2.x:22", "the guest address is not an IPv4" },
        { "tcp::2222-:0", "the guest port must be a number from 1" },
        { "tcp::2222-:22x", "the guest port must be a number from 1" },
    };

    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        HostfwdRule r;
        Error *err = NULL;
        g_autofree char *prefix = g_strdup_printf(
            "invalid host forwarding rule '%s' (", cases[i].rule);

        g_assert_false(hostfwd_parse(cases[i].rule, &r, &err));
        g_assert_nonnull(err);
        g_assert_true(g_str_has_prefix(error_get_pretty(err), prefix));
        if (!strstr(error_get_pretty(err), cases[i].why)) {
            g_error("'%s': '%s' lacks '%s'", cases[i].rule,
                    error_get_pretty(err), cases[i].why);
        }
        error_free(err);
    }
}

/* hostfwd_remove's form: the host side, or a whole rule whose guest side
 * is then ignored. */
static void test_host_side(void)
{
    HostfwdRule a, b;
    Error *err = NULL;

    g_assert_true(hostfwd_parse_host("udp:127.0.0.1:5555", &a,
                                     &error_abort));
    g_assert_true(a.udp);
    g_assert_cmpuint(a.host_port, ==, 5555);
    g_assert_cmpuint(a.guest_port, ==, 0);
    g_assert_true(hostfwd_parse_host("udp:127.0.0.1:5555-:53", &b,
                                     &error_abort));
    g_assert_true(hostfwd_same_host(&a, &b));
    g_assert_cmpuint(b.guest_port, ==, 0);
    g_assert_true(hostfwd_parse_host(":0.0.0.0:5555", &b, &error_abort));
    g_assert_false(hostfwd_same_host(&a, &b));
    g_assert_false(hostfwd_parse_host("udp:127.0.0.1", &b, &err));
    error_free(err);
}

static void test_format(void)
{
    HostfwdRule r;
    g_autofree char *a = NULL, *b = NULL;

    g_assert_true(hostfwd_parse("::2222-:22", &r, &error_abort));
    a = hostfwd_format(&r);
    g_assert_cmpstr(a, ==, "tcp:0.0.0.0:2222-:22");
    g_assert_true(hostfwd_parse("udp:127.0.0.1:1-10.0.2.9:2", &r,
                                &error_abort));
    b = hostfwd_format(&r);
    g_assert_cmpstr(b, ==, "udp:127.0.0.1:1-10.0.2.9:2");
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/hostfwd/parse/every-part", test_full);
    g_test_add_func("/hostfwd/parse/defaults", test_defaults);
    g_test_add_func("/hostfwd/parse/ports-in-any-base", test_port_bases);
    g_test_add_func("/hostfwd/parse/refusals-say-why", test_refused);
    g_test_add_func("/hostfwd/parse-host/for-removal", test_host_side);
    g_test_add_func("/hostfwd/format/spells-every-part", test_format);
    return g_test_run();
}
