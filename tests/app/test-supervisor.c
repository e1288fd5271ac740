/* The supervisor with a real engine on the `none` machine: a VM started
 * detached with its state directory, found again by probing, paused,
 * resumed and reset, stopped gracefully and by force; an engine that died
 * leaves its log to read until cleaned; a profile the engine rejects
 * fails to start with the engine's own words. */
#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app-test-util.h"
#include "console-stream.h"
#include "profile-store.h"
#include "profile-template.h"
#include "supervisor.h"

static VmState state_of(const char *name)
{
    g_autoptr(VmStatus) st = supervisor_status(name);

    return st->state;
}

/* Running, not merely a zombie waiting for init to reap it. */
static bool process_running(pid_t pid)
{
    g_autofree char *path = g_strdup_printf("/proc/%d/stat", (int)pid);
    g_autofree char *stat = NULL;

    if (!g_file_get_contents(path, &stat, NULL, NULL)) {
        return false;
    }
    const char *close = strrchr(stat, ')');
    return close && close[2] != 'Z' && close[2] != 'X';
}

static bool tail_contains(ConsoleStream *cs, const char *text)
{
    const GByteArray *tail = console_stream_get_tail(cs);

    return tail->len &&
           g_strstr_len((const char *)tail->data, tail->len, text) != NULL;
}

static void test_lifecycle(void)
{
    app_test_begin();
    g_autoptr(ProfileStore) store = profile_store_new(NULL);
    app_test_write_profile("vm", APP_TEST_NONE_PROFILE);
    Error *err = NULL;

    g_assert_cmpint(state_of("vm"), ==, VM_STATE_STOPPED);
    g_assert_true(supervisor_start(store, "vm", &error_abort));
    g_assert_false(supervisor_start(store, "vm", &err));
    g_assert_cmpstr(error_get_pretty(err), ==, "VM 'vm' is already running");
    g_clear_pointer(&err, error_free);

    /* The state directory: private, with the sockets and the pid. */
    g_autofree char *dir = supervisor_state_dir("vm");
    struct stat st;
    g_assert_cmpint(stat(dir, &st), ==, 0);
    g_assert_cmpint(st.st_mode & 0777, ==, 0700);
    static const char *const files[] = { "qmp.sock", "serial.sock",
                                         "hmp.sock", "pid", "engine.log",
                                         NULL };
    for (size_t i = 0; files[i]; i++) {
        g_autofree char *path = supervisor_file("vm", files[i]);
        struct stat fst;
        g_assert_cmpint(stat(path, &fst), ==, 0);
        /* Only the user may talk to the VM. */
        g_assert_cmpint(fst.st_mode & 0077, ==, 0);
    }

    g_autoptr(VmStatus) running = supervisor_status("vm");
    g_assert_cmpint(running->state, ==, VM_STATE_RUNNING);
    g_assert_cmpstr(running->run_state, ==, "running");
    g_assert_cmpint(running->pid, >, 0);
    g_assert_true(process_running(running->pid));

    /* last-run stamped in the profile. */
    g_autoptr(Profile) p = profile_store_load(store, "vm", &error_abort);
    g_assert_nonnull(profile_get_meta(p, "last-run"));

    g_assert_true(supervisor_command("vm", "stop", &error_abort));
    g_assert_cmpint(state_of("vm"), ==, VM_STATE_PAUSED);
    g_assert_true(supervisor_command("vm", "cont", &error_abort));
    g_assert_cmpint(state_of("vm"), ==, VM_STATE_RUNNING);
    g_assert_true(supervisor_command("vm", "system_reset", &error_abort));

    /* The HMP socket answers as a monitor does. */
    g_autofree char *hmp = supervisor_file("vm", "hmp.sock");
    g_autoptr(ConsoleStream) cs = console_stream_open(hmp, NULL, NULL, NULL,
                                                      NULL, &error_abort);
    g_assert_true(console_stream_write(cs, "info status\r", 12,
                                       &error_abort));
    int64_t deadline = g_get_monotonic_time() + 20 * G_USEC_PER_SEC;
    while (!tail_contains(cs, "running")) {
        g_assert_cmpint(g_get_monotonic_time(), <, deadline);
        g_main_context_iteration(NULL, TRUE);
    }
    g_clear_pointer(&cs, console_stream_free);

    /* The none machine has no guest to power down: the graceful stop
     * falls back to quit after its timeout. */
    g_assert_true(supervisor_stop("vm", false, 200, &error_abort));
    g_assert_cmpint(state_of("vm"), ==, VM_STATE_STOPPED);
    g_assert_false(g_file_test(dir, G_FILE_TEST_EXISTS));
    g_assert_false(process_running(running->pid));
    g_assert_false(supervisor_stop("vm", false, 200, &err));
    g_assert_cmpstr(error_get_pretty(err), ==, "VM 'vm' is not running");
    g_clear_pointer(&err, error_free);

    /* Started again, stopped by force. */
    g_assert_true(supervisor_start(store, "vm", &error_abort));
    g_autoptr(GPtrArray) list = supervisor_list();
    g_assert_cmpuint(list->len, ==, 1);
    g_assert_true(supervisor_stop("vm", true, 0, &error_abort));
    app_test_end();
}

static void test_dead_engine(void)
{
    app_test_begin();
    g_autoptr(ProfileStore) store = profile_store_new(NULL);
    app_test_write_profile("vm", APP_TEST_NONE_PROFILE);

    g_assert_true(supervisor_start(store, "vm", &error_abort));
    g_autoptr(VmStatus) running = supervisor_status("vm");
    /* Something in the log, as a dying engine would leave. */
    g_autofree char *log = supervisor_file("vm", "engine.log");
    g_assert_true(g_file_set_contents(log, "first\nquern-engine: "
                                      "last words\n", -1, NULL));
    g_assert_cmpint(kill(running->pid, SIGKILL), ==, 0);
    int64_t deadline = g_get_monotonic_time() + 20 * G_USEC_PER_SEC;
    while (state_of("vm") != VM_STATE_DEAD) {
        g_assert_cmpint(g_get_monotonic_time(), <, deadline);
        g_usleep(10000);
    }
    g_auto(GStrv) tail = supervisor_log_tail("vm", 1);
    g_assert_cmpuint(g_strv_length(tail), ==, 1);
    g_assert_cmpstr(tail[0], ==, "quern-engine: last words");

    /* Restarting a dead VM replaces its old state. */
    g_assert_true(supervisor_start(store, "vm", &error_abort));
    g_autoptr(VmStatus) again = supervisor_status("vm");
    g_assert_cmpint(again->state, ==, VM_STATE_RUNNING);
    g_auto(GStrv) fresh = supervisor_log_tail("vm", 1);
    g_assert_cmpuint(g_strv_length(fresh), ==, 0);
    g_assert_cmpint(kill(again->pid, SIGKILL), ==, 0);
    while (state_of("vm") != VM_STATE_DEAD) {
        g_assert_cmpint(g_get_monotonic_time(), <, deadline);
        g_usleep(10000);
    }

    /* A state directory left while another front-end is starting the VM
     * (it holds vms/NAME.lock) is not dead: it must not be cleaned. */
    g_autofree char *state_dir = supervisor_state_dir("vm");
    g_autofree char *vms = g_path_get_dirname(state_dir);
    g_autofree char *lock_path = g_build_filename(vms, "vm.lock", NULL);
    int lock = open(lock_path, O_RDWR);
    g_assert_cmpint(lock, >=, 0);
    g_assert_cmpint(flock(lock, LOCK_EX), ==, 0);
    g_assert_cmpint(state_of("vm"), ==, VM_STATE_RUNNING);
    g_assert_cmpuint(supervisor_clean_stale(), ==, 0);
    close(lock);

    g_assert_cmpuint(supervisor_clean_stale(), ==, 1);
    g_assert_cmpint(state_of("vm"), ==, VM_STATE_STOPPED);
    g_assert_cmpuint(supervisor_clean_stale(), ==, 0);
    app_test_end();
}

static void test_start_failure(void)
{
    app_test_begin();
    g_autoptr(ProfileStore) store = profile_store_new(NULL);
    app_test_write_profile("bad", "[machine]\n  type = \"no-such-board\"\n");
    Error *err = NULL;

    g_assert_false(supervisor_start(store, "bad", &err));
    g_assert_true(g_str_has_prefix(error_get_pretty(err),
                                   "VM 'bad' did not start: "));
    g_assert_nonnull(strstr(error_get_pretty(err), "no-such-board"));
    g_clear_pointer(&err, error_free);
    g_assert_false(supervisor_start(store, "absent", &err));
    g_assert_cmpstr(error_get_pretty(err), ==, "no profile 'absent'");
    g_clear_pointer(&err, error_free);
    app_test_end();
}

/* The stock U-Boot template on the virt machine: through the supervisor's
 * serial socket the prompt appears and a command typed gets its answer;
 * a reader that detached and came back can still type and read. */
static void wait_for_text(ConsoleStream *cs, const char *text)
{
    int64_t deadline = g_get_monotonic_time() + 60 * G_USEC_PER_SEC;

    while (!tail_contains(cs, text)) {
        g_assert_cmpint(g_get_monotonic_time(), <, deadline);
        g_main_context_iteration(NULL, TRUE);
    }
}

static void test_virt_uboot_console(void)
{
    if (!g_file_test("/usr/lib/u-boot/qemu-riscv64/u-boot.bin",
                     G_FILE_TEST_EXISTS)) {
        g_test_skip("u-boot-qemu is not installed (scripts/setup-deps.sh)");
        return;
    }
    app_test_begin();
    g_autoptr(ProfileStore) store = profile_store_new(NULL);
    g_autoptr(Profile) p = profile_template_instantiate(
        store, "ub", "riscv64-uboot", NULL, &error_abort);
    g_assert_true(supervisor_start(store, "ub", &error_abort));

    g_autofree char *serial = supervisor_file("ub", "serial.sock");
    g_autoptr(ConsoleStream) cs = console_stream_open(serial, NULL, NULL,
                                                      NULL, NULL,
                                                      &error_abort);
    wait_for_text(cs, "=> ");
    g_assert_true(console_stream_write(cs, "version\r", 8, &error_abort));
    wait_for_text(cs, "U-Boot 20");
    g_clear_pointer(&cs, console_stream_free);

    g_autoptr(ConsoleStream) late = console_stream_open(serial, NULL, NULL,
                                                        NULL, NULL,
                                                        &error_abort);
    g_assert_true(console_stream_write(late, "coninfo\r", 8, &error_abort));
    wait_for_text(late, "serial@10000000");
    g_assert_true(supervisor_stop("ub", true, 0, &error_abort));
    app_test_end();
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/app/supervisor/lifecycle", test_lifecycle);
    g_test_add_func("/app/supervisor/dead-engine", test_dead_engine);
    g_test_add_func("/app/supervisor/start-failure", test_start_failure);
    g_test_add_func("/app/supervisor/virt-uboot-console",
                    test_virt_uboot_console);
    return g_test_run();
}
