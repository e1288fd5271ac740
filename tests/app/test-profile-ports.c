/* Profile ports: a profile made from a template or a clone never forwards
 * a host port another profile forwards, even when several processes make
 * them at the same instant. What the user sees is the saved profile (its
 * hostfwd rules and [quern] ports-moved) and the notes; "free on the
 * host" is tested with a socket the test holds. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "app-test-util.h"
#include "profile-ports.h"
#include "profile-store.h"
#include "profile-template.h"

static char *read_profile_text(ProfileStore *store, const char *name)
{
    g_autofree char *path = profile_store_path(store, name);
    char *text = NULL;

    g_assert_true(g_file_get_contents(path, &text, NULL, NULL));
    return text;
}

/* A TCP socket listening on port (any address), or -1 if it is taken. */
static int hold_port(unsigned port)
{
    struct sockaddr_in sa = {
        .sin_family = AF_INET, .sin_port = htons(port),
        .sin_addr.s_addr = htonl(INADDR_ANY),
    };
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

    g_assert_cmpint(fd, >=, 0);
    if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 || listen(fd, 1)) {
        close(fd);
        return -1;
    }
    return fd;
}

/* A port p such that p .. p + n - 1 are all free on the host now. */
static unsigned free_run(unsigned n)
{
    for (unsigned base = 20000 + g_random_int_range(0, 20000);
         base < 60000; base += n) {
        unsigned ok = 0;

        for (unsigned i = 0; i < n; i++) {
            int fd = hold_port(base + i);

            if (fd < 0) {
                break;
            }
            close(fd);
            ok++;
        }
        if (ok == n) {
            return base;
        }
    }
    g_assert_not_reached();
}

/* A template file in its own directory, found through QUERN_TEMPLATES. */
static void write_template(const char *dir, const char *name,
                           const char *text)
{
    g_autofree char *file = g_strconcat(name, ".cfg", NULL);
    g_autofree char *path = g_build_filename(dir, file, NULL);

    g_assert_true(g_file_set_contents(path, text, -1, NULL));
    g_setenv("QUERN_TEMPLATES", dir, TRUE);
}

/* The stock linux-riscv64 template forwards host port 10022: a second
 * and a third VM made from it each get a port of their own, and say
 * which. */
static void test_stock_template_twice(void)
{
    app_test_begin();
    g_autoptr(ProfileStore) store = profile_store_new(NULL);
    g_autoptr(Profile) first = profile_template_instantiate(
        store, "linux", "linux-riscv64", NULL, &error_abort);
    g_autoptr(Profile) second = profile_template_instantiate(
        store, "linux2", "linux-riscv64", NULL, &error_abort);
    g_autoptr(Profile) third = profile_template_instantiate(
        store, "linux3", "linux-riscv64", NULL, &error_abort);
    unsigned p2 = 0, p3 = 0;
    char tail[8];

    g_assert_cmpstr(profile_lookup(first, "netdev:net0.hostfwd"), ==,
                    "tcp:127.0.0.1:10022-:22");
    g_auto(GStrv) none = profile_ports_get_moves(first);
    g_assert_cmpuint(g_strv_length(none), ==, 0);

    g_assert_cmpint(sscanf(profile_lookup(second, "netdev:net0.hostfwd"),
                           "tcp:127.0.0.1:%u-:22%1s", &p2, tail), ==, 1);
    g_assert_cmpuint(p2, >, 10022);
    g_auto(GStrv) moved = profile_ports_get_moves(second);
    g_assert_cmpuint(g_strv_length(moved), ==, 1);
    g_autofree char *note = g_strdup_printf(
        "netdev net0: tcp host port 10022 is forwarded by profile 'linux', "
        "moved to %u", p2);
    g_assert_cmpstr(moved[0], ==, note);

    g_assert_cmpint(sscanf(profile_lookup(third, "netdev:net0.hostfwd"),
                           "tcp:127.0.0.1:%u-:22%1s", &p3, tail), ==, 1);
    g_assert_cmpuint(p3, >, p2);

    /* What was saved is what the profiles say. */
    g_autofree char *text = read_profile_text(store, "linux2");
    g_autofree char *rule = g_strdup_printf(
        "  hostfwd = \"tcp:127.0.0.1:%u-:22\"\n", p2);
    g_assert_nonnull(strstr(text, rule));
    g_assert_nonnull(strstr(text, "  ports-moved = \"netdev net0: tcp host "
                                  "port 10022 is forwarded by profile "
                                  "'linux', moved to "));
    app_test_end();
}

/* The next port is one no profile forwards and the host lets us have: a
 * port held by a program is skipped, the profile's own other ports too;
 * the other protocol's same number is no collision. */
static void test_next_free_port(void)
{
    const char *dir = app_test_begin();
    unsigned p = free_run(5);
    g_autoptr(ProfileStore) store = profile_store_new(NULL);
    g_autofree char *other = g_strdup_printf(
        "[netdev \"n\"]\n  type = \"user\"\n  hostfwd = \"tcp::%u-:22\"\n",
        p);
    g_autofree char *tpl = g_strdup_printf(
        "[netdev \"n0\"]\n  type = \"user\"\n"
        "  hostfwd.0 = \"tcp::%u-:22\"\n"
        "  hostfwd.1 = \"udp::%u-:53\"\n"
        "  hostfwd.2 = \"::%u-:80\"\n", p, p, p + 2);
    int held = hold_port(p + 1);

    g_assert_cmpint(held, >=, 0);
    app_test_write_profile("a", other);
    write_template(dir, "t", tpl);
    g_autoptr(Profile) made = profile_template_instantiate(
        store, "b", "t", NULL, &error_abort);
    close(held);

    /* p + 1 is the host's, p + 2 is b's own (without "tcp:", still tcp). */
    g_autofree char *want = g_strdup_printf("tcp::%u-:22", p + 3);
    g_assert_cmpstr(profile_lookup(made, "netdev:n0.hostfwd.0"), ==, want);
    g_autofree char *udp = g_strdup_printf("udp::%u-:53", p);
    g_assert_cmpstr(profile_lookup(made, "netdev:n0.hostfwd.1"), ==, udp);
    g_autofree char *bare = g_strdup_printf("::%u-:80", p + 2);
    g_assert_cmpstr(profile_lookup(made, "netdev:n0.hostfwd.2"), ==, bare);
    g_auto(GStrv) moved = profile_ports_get_moves(made);
    g_assert_cmpuint(g_strv_length(moved), ==, 1);
    g_autofree char *note = g_strdup_printf(
        "netdev n0: tcp host port %u is forwarded by profile 'a', moved to "
        "%u", p, p + 3);
    g_assert_cmpstr(moved[0], ==, note);
    g_unsetenv("QUERN_TEMPLATES");
    app_test_end();
}

/* A clone forwards what its source forwards: its ports move, the
 * source's stay, and a clone of the clone does not inherit the note. */
static void test_clone_moves(void)
{
    app_test_begin();
    unsigned p = free_run(3);
    g_autoptr(ProfileStore) store = profile_store_new(NULL);
    g_autofree char *src = g_strdup_printf(
        "[machine]\n  type = \"none\"\n[netdev \"net0\"]\n"
        "  type = \"user\"\n  hostfwd = \"tcp:127.0.0.1:%u-10.0.2.15:22\"\n",
        p);

    app_test_write_profile("a", src);
    g_assert_true(profile_store_clone(store, "a", "b", &error_abort));
    g_assert_true(profile_store_clone(store, "b", "c", &error_abort));
    g_autoptr(Profile) a = profile_store_load(store, "a", &error_abort);
    g_autoptr(Profile) b = profile_store_load(store, "b", &error_abort);
    g_autoptr(Profile) c = profile_store_load(store, "c", &error_abort);
    g_autofree char *rule_a = g_strdup_printf("tcp:127.0.0.1:%u-10.0.2.15:22",
                                              p);
    g_autofree char *rule_b = g_strdup_printf("tcp:127.0.0.1:%u-10.0.2.15:22",
                                              p + 1);
    g_autofree char *rule_c = g_strdup_printf("tcp:127.0.0.1:%u-10.0.2.15:22",
                                              p + 2);
    g_assert_cmpstr(profile_lookup(a, "netdev:net0.hostfwd"), ==, rule_a);
    g_assert_cmpstr(profile_lookup(b, "netdev:net0.hostfwd"), ==, rule_b);
    g_assert_cmpstr(profile_lookup(c, "netdev:net0.hostfwd"), ==, rule_c);
    g_auto(GStrv) moved_c = profile_ports_get_moves(c);
    g_assert_cmpuint(g_strv_length(moved_c), ==, 1);
    g_autofree char *note = g_strdup_printf(
        "netdev net0: tcp host port %u is forwarded by profile 'b', moved to "
        "%u", p + 1, p + 2);
    g_assert_cmpstr(moved_c[0], ==, note);
    app_test_end();
}

/* Importing a file (QEMU's -writeconfig output) is a creation too. */
static void test_import_moves(void)
{
    const char *dir = app_test_begin();
    unsigned p = free_run(2);
    g_autoptr(ProfileStore) store = profile_store_new(NULL);
    g_autofree char *text = g_strdup_printf(
        "[netdev \"u\"]\n  type = \"user\"\n  hostfwd = \"tcp::%u-:22\"\n", p);
    g_autofree char *file = g_build_filename(dir, "vm.cfg", NULL);

    g_assert_true(g_file_set_contents(file, text, -1, NULL));
    app_test_write_profile("a", text);
    g_autoptr(Profile) made = profile_store_create_from_file(
        store, "b", file, NULL, &error_abort);
    g_autofree char *want = g_strdup_printf("tcp::%u-:22", p + 1);
    g_assert_cmpstr(profile_lookup(made, "netdev:u.hostfwd"), ==, want);
    app_test_end();
}

/* Port 0 (the host picks) never collides, and rules that do not parse are
 * left for validation; nothing is noted. */
static void test_untouched_rules(void)
{
    const char *dir = app_test_begin();
    g_autoptr(ProfileStore) store = profile_store_new(NULL);
    static const char text[] =
        "[netdev \"u\"]\n  type = \"user\"\n"
        "  hostfwd.0 = \"tcp::0-:22\"\n"
        "  hostfwd.1 = \"sctp::10022-:22\"\n"
        "  hostfwd.2 = \"tcp::99999-:22\"\n"
        "  hostfwd.3 = \"tcp::10022\"\n";

    app_test_write_profile("a", text);
    write_template(dir, "t", text);
    g_autoptr(Profile) made = profile_template_instantiate(
        store, "b", "t", NULL, &error_abort);
    g_assert_cmpstr(profile_lookup(made, "netdev:u.hostfwd.0"), ==,
                    "tcp::0-:22");
    g_assert_cmpstr(profile_lookup(made, "netdev:u.hostfwd.1"), ==,
                    "sctp::10022-:22");
    g_assert_cmpstr(profile_lookup(made, "netdev:u.hostfwd.2"), ==,
                    "tcp::99999-:22");
    g_assert_cmpstr(profile_lookup(made, "netdev:u.hostfwd.3"), ==,
                    "tcp::10022");
    g_assert_null(profile_get_meta(made, PROFILE_PORTS_META));
    g_unsetenv("QUERN_TEMPLATES");
    app_test_end();
}

/* What a child process of run_at_once() does: make profile number i;
 * false with the reason in *errp. */
typedef bool MakeProfileFunc(unsigned i, Error **errp);

/* Forks n processes, each a front-end of its own with its own
 * ProfileStore, holds them at a gate until all are there, lets them go
 * at once, and waits for them; each must have succeeded. */
static void run_at_once(unsigned n, MakeProfileFunc *make)
{
    g_autofree pid_t *pids = g_new0(pid_t, n);
    int gate[2];

    g_assert_cmpint(pipe(gate), ==, 0);
    for (unsigned i = 0; i < n; i++) {
        pids[i] = fork();
        g_assert_cmpint(pids[i], >=, 0);
        if (pids[i] == 0) {
            Error *err = NULL;
            char c;

            close(gate[1]);
            /* End of file: the parent closed the gate, all go. */
            while (read(gate[0], &c, 1) < 0) {
            }
            if (!make(i, &err)) {
                fprintf(stderr, "profile %u: %s\n", i, error_get_pretty(err));
                _exit(1);
            }
            _exit(0);
        }
    }
    close(gate[0]);
    close(gate[1]);
    for (unsigned i = 0; i < n; i++) {
        int status;

        g_assert_cmpint(waitpid(pids[i], &status, 0), ==, pids[i]);
        g_assert_true(WIFEXITED(status));
        g_assert_cmpint(WEXITSTATUS(status), ==, 0);
    }
}

enum { AT_ONCE = 8 };

static bool make_from_stock(unsigned i, Error **errp)
{
    g_autoptr(ProfileStore) store = profile_store_new(NULL);
    g_autofree char *name = g_strdup_printf("vm%u", i);
    g_autoptr(Profile) p = profile_template_instantiate(
        store, name, "linux-riscv64", NULL, errp);

    return p != NULL;
}

static bool make_clone(unsigned i, Error **errp)
{
    g_autoptr(ProfileStore) store = profile_store_new(NULL);
    g_autofree char *name = g_strdup_printf("vm%u", i);

    return profile_store_clone(store, "linux", name, errp);
}

/* The host port of profile name's net0 forward, as saved. */
static unsigned saved_port(ProfileStore *store, const char *name)
{
    g_autoptr(Profile) p = profile_store_load(store, name, &error_abort);
    const char *rule = profile_lookup(p, "netdev:net0.hostfwd");
    unsigned port = 0;
    char tail[8];

    g_assert_nonnull(rule);
    g_assert_cmpint(sscanf(rule, "tcp:127.0.0.1:%u-:22%1s", &port, tail),
                    ==, 1);
    return port;
}

/* The ports of vm0 .. vm<n-1> (and of "linux" when there is one) are
 * all different; each that did not keep the template's 10022 says whose
 * it was. */
static void assert_ports_differ(ProfileStore *store, unsigned n,
                                bool with_linux)
{
    g_autoptr(GHashTable) seen = g_hash_table_new(NULL, NULL);
    unsigned kept = 0;

    if (with_linux) {
        g_assert_cmpuint(saved_port(store, "linux"), ==, 10022);
        g_hash_table_add(seen, GUINT_TO_POINTER(10022));
        kept++;
    }
    for (unsigned i = 0; i < n; i++) {
        g_autofree char *name = g_strdup_printf("vm%u", i);
        g_autoptr(Profile) p = profile_store_load(store, name, &error_abort);
        g_auto(GStrv) moved = profile_ports_get_moves(p);
        unsigned port = saved_port(store, name);

        g_assert_false(g_hash_table_contains(seen, GUINT_TO_POINTER(port)));
        g_hash_table_add(seen, GUINT_TO_POINTER(port));
        if (port == 10022) {
            kept++;
            g_assert_cmpuint(g_strv_length(moved), ==, 0);
        } else {
            g_assert_cmpuint(g_strv_length(moved), ==, 1);
            g_assert_true(g_str_has_prefix(moved[0], "netdev net0: tcp host "
                                           "port 10022 is forwarded by "
                                           "profile '"));
        }
    }
    /* Exactly one keeps it: the first to hold the store's lock. */
    g_assert_cmpuint(kept, ==, 1);
}

/* Several front-ends (processes) create a VM from the stock template at
 * the same instant: the choice of a host port and the save are one step
 * under the store's lock, so no two get the same port. */
static void test_created_at_once(void)
{
    app_test_begin();
    g_autoptr(ProfileStore) store = profile_store_new(NULL);

    run_at_once(AT_ONCE, make_from_stock);
    assert_ports_differ(store, AT_ONCE, false);
    app_test_end();
}

/* The same for clones of one profile made at once. */
static void test_cloned_at_once(void)
{
    app_test_begin();
    g_autoptr(ProfileStore) store = profile_store_new(NULL);
    g_autoptr(Profile) first = profile_template_instantiate(
        store, "linux", "linux-riscv64", NULL, &error_abort);

    run_at_once(AT_ONCE, make_clone);
    assert_ports_differ(store, AT_ONCE, true);
    app_test_end();
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/app/profile-ports/stock-template-twice",
                    test_stock_template_twice);
    g_test_add_func("/app/profile-ports/next-free-port",
                    test_next_free_port);
    g_test_add_func("/app/profile-ports/clone-moves", test_clone_moves);
    g_test_add_func("/app/profile-ports/import-moves", test_import_moves);
    g_test_add_func("/app/profile-ports/untouched-rules",
                    test_untouched_rules);
    g_test_add_func("/app/profile-ports/created-at-once-differ",
                    test_created_at_once);
    g_test_add_func("/app/profile-ports/cloned-at-once-differ",
                    test_cloned_at_once);
    return g_test_run();
}
