/* The supervisor with a real engine on the `none` machine: a VM started
 * detached with its state directory, found again by probing, paused,
 * resumed and reset, stopped gracefully and by force; an engine that died
 * leaves its log to read until cleaned, one that quit cleanly is stopped,
 * not dead; a profile the engine rejects fails to start with the engine's
 * own words. The console tail reads every line once while the log
 * rotates under it. On the virt machine: the serial console's last lines
 * outlive a kill -9 (U-Boot, and a guest flooding its console, whose log
 * stays within its bound). */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
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

/* A test's start with profile "ub" from the stock riscv64-uboot template:
 * its store, or NULL (the test skipped, nothing begun) without Debian's
 * u-boot-qemu. */
static ProfileStore *begin_with_uboot_profile(void)
{
    if (!g_file_test("/usr/lib/u-boot/qemu-riscv64/u-boot.bin",
                     G_FILE_TEST_EXISTS)) {
        g_test_skip("u-boot-qemu is not installed (scripts/setup-deps.sh)");
        return NULL;
    }
    app_test_begin();
    ProfileStore *store = profile_store_new(NULL);
    g_autoptr(Profile) p = profile_template_instantiate(
        store, "ub", "riscv64-uboot", NULL, &error_abort);
    return store;
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
                                         "console.log", NULL };
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

static void wait_for_state(const char *name, VmState state)
{
    int64_t deadline = g_get_monotonic_time() + 20 * G_USEC_PER_SEC;

    while (state_of(name) != state) {
        g_assert_cmpint(g_get_monotonic_time(), <, deadline);
        g_usleep(10000);
    }
}

/* An engine that exits on its own, cleanly (here: QMP quit; a guest that
 * powers off is the same), has not died: the VM is stopped, and starts
 * again over what it left. */
static void test_clean_exit_is_not_death(void)
{
    app_test_begin();
    g_autoptr(ProfileStore) store = profile_store_new(NULL);
    app_test_write_profile("vm", APP_TEST_NONE_PROFILE);

    g_assert_true(supervisor_start(store, "vm", &error_abort));
    g_autoptr(VmStatus) running = supervisor_status("vm");
    supervisor_command("vm", "quit", NULL);  /* the reply may not come */
    int64_t deadline = g_get_monotonic_time() + 20 * G_USEC_PER_SEC;
    while (process_running(running->pid)) {
        g_assert_cmpint(g_get_monotonic_time(), <, deadline);
        g_usleep(10000);
    }
    /* Its logs are still there, and it is not a crash. */
    g_autofree char *log = supervisor_file("vm", "engine.log");
    g_assert_true(g_file_test(log, G_FILE_TEST_EXISTS));
    g_assert_cmpint(state_of("vm"), ==, VM_STATE_STOPPED);
    g_assert_true(supervisor_start(store, "vm", &error_abort));
    g_assert_cmpint(state_of("vm"), ==, VM_STATE_RUNNING);

    /* Once it quit again, cleaning takes its leftovers away. */
    g_autoptr(VmStatus) again = supervisor_status("vm");
    supervisor_command("vm", "quit", NULL);
    while (process_running(again->pid)) {
        g_assert_cmpint(g_get_monotonic_time(), <, deadline);
        g_usleep(10000);
    }
    g_assert_cmpuint(supervisor_clean_stale(), ==, 1);
    g_autofree char *dir = supervisor_state_dir("vm");
    g_assert_false(g_file_test(dir, G_FILE_TEST_EXISTS));
    app_test_end();
}

/* Forgetting a VM takes its whole state directory, whatever is in it,
 * once no engine runs there; a running VM is never forgotten. */
static void test_forget(void)
{
    app_test_begin();
    g_autoptr(ProfileStore) store = profile_store_new(NULL);
    app_test_write_profile("vm", APP_TEST_NONE_PROFILE);
    g_autofree char *dir = supervisor_state_dir("vm");
    Error *err = NULL;

    g_assert_true(supervisor_forget("vm", &error_abort));   /* none yet */
    g_assert_false(supervisor_forget("../vm", &err));
    g_clear_pointer(&err, error_free);

    g_assert_true(supervisor_start(store, "vm", &error_abort));
    g_autoptr(VmStatus) running = supervisor_status("vm");
    g_assert_false(supervisor_forget("vm", &err));
    g_assert_cmpstr(error_get_pretty(err), ==, "VM 'vm' is running");
    g_clear_pointer(&err, error_free);
    g_assert_cmpint(state_of("vm"), ==, VM_STATE_RUNNING);

    /* Dead, with a file no quern version ever wrote beside its logs. */
    g_autofree char *odd = supervisor_file("vm", "left-by-someone");
    g_assert_true(g_file_set_contents(odd, "x", -1, NULL));
    g_assert_cmpint(kill(running->pid, SIGKILL), ==, 0);
    wait_for_state("vm", VM_STATE_DEAD);
    g_assert_true(supervisor_forget("vm", &error_abort));
    g_assert_false(g_file_test(dir, G_FILE_TEST_EXISTS));
    g_assert_cmpint(state_of("vm"), ==, VM_STATE_STOPPED);

    /* Stopped cleanly: the logs it left go the same way. */
    g_assert_true(supervisor_start(store, "vm", &error_abort));
    g_autoptr(VmStatus) again = supervisor_status("vm");
    supervisor_command("vm", "quit", NULL);  /* the reply may not come */
    int64_t deadline = g_get_monotonic_time() + 20 * G_USEC_PER_SEC;
    while (process_running(again->pid)) {
        g_assert_cmpint(g_get_monotonic_time(), <, deadline);
        g_usleep(10000);
    }
    g_assert_true(g_file_test(dir, G_FILE_TEST_IS_DIR));
    g_assert_true(supervisor_forget("vm", &error_abort));
    g_assert_false(g_file_test(dir, G_FILE_TEST_EXISTS));
    app_test_end();
}

/* A state directory whose path holds a comma (keyval's separator) still
 * gets its sockets and console log where they belong. */
static void test_state_dir_with_comma(void)
{
    const char *top = app_test_begin();
    g_autoptr(ProfileStore) store = profile_store_new(NULL);
    g_autofree char *runtime = g_build_filename(top, "r,x", NULL);

    g_assert_cmpint(mkdir(runtime, 0700), ==, 0);
    g_setenv("XDG_RUNTIME_DIR", runtime, TRUE);
    app_test_write_profile("vm", APP_TEST_NONE_PROFILE);
    g_assert_true(supervisor_start(store, "vm", &error_abort));
    g_assert_cmpint(state_of("vm"), ==, VM_STATE_RUNNING);
    g_autofree char *log = supervisor_file("vm", "console.log");
    g_assert_true(g_str_has_prefix(log, runtime));
    g_assert_true(g_file_test(log, G_FILE_TEST_EXISTS));
    g_assert_true(supervisor_stop("vm", true, 0, &error_abort));
    app_test_end();
}

/* The tail reads console.log and, when that is short (just rotated), the
 * end of console.log.1 before it; escapes and CRs are gone. */
static void test_console_tail_across_rotation(void)
{
    app_test_begin();
    g_autofree char *dir = supervisor_state_dir("vm");
    g_autofree char *log = supervisor_file("vm", "console.log");
    g_autofree char *older = supervisor_file("vm", "console.log.1");

    g_assert_cmpint(g_mkdir_with_parents(dir, 0700), ==, 0);
    g_auto(GStrv) none = supervisor_console_tail("vm", 5);
    g_assert_cmpuint(g_strv_length(none), ==, 0);
    g_assert_true(g_file_set_contents(older, "one\r\ntwo\r\nthr", -1,
                                      NULL));
    g_assert_true(g_file_set_contents(log, "ee\r\n\x1b[1;32mfour\x1b[0m"
                                      "\r\n=> ", -1, NULL));
    g_auto(GStrv) tail = supervisor_console_tail("vm", 3);
    g_assert_cmpuint(g_strv_length(tail), ==, 3);
    g_assert_cmpstr(tail[0], ==, "three");
    g_assert_cmpstr(tail[1], ==, "four");
    g_assert_cmpstr(tail[2], ==, "=> ");
    g_auto(GStrv) all = supervisor_console_tail("vm", 100);
    g_assert_cmpuint(g_strv_length(all), ==, 5);
    g_assert_cmpstr(all[0], ==, "one");
    app_test_end();
}

/* Stands in for the engine's log rotation (engine/chardev/chardev-log.h):
 * consecutive "line N" lines, each one write(2), and every few lines
 * console.log renamed to console.log.1 and a new one started; as fast as
 * it can, until told to stop. */
typedef struct Rotator {
    char *log, *older;
    gint stop;
    gint rotations;
} Rotator;

static gpointer rotator_run(gpointer opaque)
{
    Rotator *r = opaque;
    int fd = open(r->log, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC,
                  0600);

    g_assert_cmpint(fd, >=, 0);
    for (guint64 n = 0; !g_atomic_int_get(&r->stop); n++) {
        char line[32];
        int len = g_snprintf(line, sizeof(line),
                             "line %08" G_GINT64_MODIFIER "x\n", n);

        g_assert_cmpint(write(fd, line, len), ==, len);
        if (n % 4 == 3) {
            close(fd);
            g_assert_cmpint(rename(r->log, r->older), ==, 0);
            fd = open(r->log, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND |
                      O_CLOEXEC, 0600);
            g_assert_cmpint(fd, >=, 0);
            g_atomic_int_inc(&r->rotations);
        }
    }
    close(fd);
    return NULL;
}

/* Consecutive "line N", the last one possibly cut short (the tail read
 * it while it was written); none twice, none missing, in order. */
static void assert_consecutive(char **lines)
{
    guint64 expect = 0;

    for (guint i = 0; lines[i]; i++) {
        g_autofree char *want = NULL;

        if (i == 0) {
            g_assert_true(g_str_has_prefix(lines[0], "line "));
            expect = g_ascii_strtoull(lines[0] + 5, NULL, 16);
        }
        want = g_strdup_printf("line %08" G_GINT64_MODIFIER "x", expect++);
        if (lines[i + 1]) {
            g_assert_cmpstr(lines[i], ==, want);
        } else {
            g_assert_true(g_str_has_prefix(want, lines[i]));
        }
    }
}

/* While the engine rotates the log under it, over and over, every tail
 * reads as the guest printed: no line twice (a rotation between reading
 * console.log and console.log.1 would show the older file's lines
 * twice), none missing, in order. */
static void test_console_tail_during_rotations(void)
{
    app_test_begin();
    g_autofree char *dir = supervisor_state_dir("vm");
    Rotator r = {
        .log = supervisor_file("vm", "console.log"),
        .older = supervisor_file("vm", "console.log.1"),
    };
    unsigned tails = 0;

    g_assert_cmpint(g_mkdir_with_parents(dir, 0700), ==, 0);
    GThread *rotator = g_thread_new("rotator", rotator_run, &r);
    /* Enough of both that the tails meet many rotations. */
    while (tails < 2000 || g_atomic_int_get(&r.rotations) < 2000) {
        g_auto(GStrv) tail = supervisor_console_tail("vm", 1000);

        assert_consecutive(tail);
        tails++;
    }
    g_atomic_int_set(&r.stop, 1);
    g_thread_join(rotator);
    g_free(r.log);
    g_free(r.older);
    app_test_end();
}

static void wait_for_file(const char *path, off_t min_size)
{
    int64_t deadline = g_get_monotonic_time() + 60 * G_USEC_PER_SEC;
    struct stat st;

    while (stat(path, &st) < 0 || st.st_size < min_size) {
        g_assert_cmpint(g_get_monotonic_time(), <, deadline);
        g_usleep(20000);
    }
}

static off_t size_of(const char *path)
{
    struct stat st;

    g_assert_cmpint(stat(path, &st), ==, 0);
    return st.st_size;
}

/* "line N" for consecutive N, the last one possibly cut short by the
 * kill: what console-flood.S prints. */
static void assert_flood_lines(char **lines)
{
    guint n = g_strv_length(lines);
    guint64 expect = 0;

    g_assert_cmpuint(n, >, 2);
    for (guint i = 0; i < n; i++) {
        g_autofree char *want = NULL;
        char *end = NULL;

        if (i == 0) {
            g_assert_true(g_str_has_prefix(lines[0], "line "));
            expect = g_ascii_strtoull(lines[0] + 5, &end, 16);
            g_assert_cmpstr(end, ==, "");
        }
        want = g_strdup_printf("line %08" G_GINT64_MODIFIER "x", expect++);
        if (i + 1 < n) {
            g_assert_cmpstr(lines[i], ==, want);
        } else {
            g_assert_true(g_str_has_prefix(want, lines[i]));
        }
    }
}

/* A guest that floods its console: the log stays within its bound while
 * it runs, the tail works while it runs, and after kill -9 the VM is dead
 * and the tail is the newest lines, in order. */
static void test_console_flood_bounded_and_kept(void)
{
    app_test_begin();
    g_autoptr(ProfileStore) store = profile_store_new(NULL);
    g_autofree char *profile = g_strdup_printf(
        "[machine]\n  type = \"virt\"\n  firmware = \"none\"\n"
        "  kernel = \"%s\"\n", QUERN_CONSOLE_FLOOD_ELF);
    app_test_write_profile("flood", profile);
    g_assert_true(supervisor_start(store, "flood", &error_abort));

    g_autofree char *log = supervisor_file("flood", "console.log");
    g_autofree char *older = supervisor_file("flood", "console.log.1");
    wait_for_file(older, 0);
    wait_for_file(log, 4096);
    g_auto(GStrv) live = supervisor_console_tail("flood", 5);
    g_assert_cmpuint(g_strv_length(live), ==, 5);
    g_assert_true(g_str_has_prefix(live[0], "line "));

    g_autoptr(VmStatus) running = supervisor_status("flood");
    g_assert_cmpint(kill(running->pid, SIGKILL), ==, 0);
    wait_for_state("flood", VM_STATE_DEAD);
    g_assert_cmpint(size_of(log), <=, SUPERVISOR_CONSOLE_LOG_SIZE);
    g_assert_cmpint(size_of(older), <=, SUPERVISOR_CONSOLE_LOG_SIZE);
    g_auto(GStrv) tail = supervisor_console_tail("flood", 40);
    g_assert_cmpuint(g_strv_length(tail), ==, 40);
    assert_flood_lines(tail);
    app_test_end();
}

/* The stock U-Boot template: its banner and prompt are in the console
 * tail while it runs and after a kill -9; a start afresh begins a new
 * log. */
static void test_console_kept_after_kill(void)
{
    g_autoptr(ProfileStore) store = begin_with_uboot_profile();
    if (!store) {
        return;
    }

    for (int run = 0; run < 2; run++) {
        g_assert_true(supervisor_start(store, "ub", &error_abort));
        int64_t deadline = g_get_monotonic_time() + 60 * G_USEC_PER_SEC;
        for (;;) {
            g_auto(GStrv) live = supervisor_console_tail("ub", 1);
            if (live[0] && g_str_has_prefix(live[0], "=> ")) {
                break;
            }
            g_assert_cmpint(g_get_monotonic_time(), <, deadline);
            g_usleep(20000);
        }
        g_autoptr(VmStatus) running = supervisor_status("ub");
        g_assert_cmpint(kill(running->pid, SIGKILL), ==, 0);
        wait_for_state("ub", VM_STATE_DEAD);

        g_auto(GStrv) tail = supervisor_console_tail("ub", 1000);
        guint n = g_strv_length(tail), banners = 0;
        g_assert_cmpuint(n, >, 1);
        g_assert_cmpstr(tail[n - 1], ==, "=> ");
        for (guint i = 0; i < n; i++) {
            g_assert_null(strchr(tail[i], '\r'));
            g_assert_null(strchr(tail[i], '\x1b'));
            banners += g_str_has_prefix(tail[i], "U-Boot 20");
        }
        /* One boot's banner: the second run's log starts afresh. */
        g_assert_cmpuint(banners, ==, 1);
    }
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
    g_autoptr(ProfileStore) store = begin_with_uboot_profile();
    if (!store) {
        return;
    }
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
    g_test_add_func("/app/supervisor/clean-exit-is-not-death",
                    test_clean_exit_is_not_death);
    g_test_add_func("/app/supervisor/forget", test_forget);
    g_test_add_func("/app/supervisor/state-dir-with-comma",
                    test_state_dir_with_comma);
    g_test_add_func("/app/supervisor/console-tail/across-rotation",
                    test_console_tail_across_rotation);
    g_test_add_func("/app/supervisor/console-tail/during-rotations",
                    test_console_tail_during_rotations);
    g_test_add_func("/app/supervisor/console-tail/flood-bounded-and-kept",
                    test_console_flood_bounded_and_kept);
    g_test_add_func("/app/supervisor/console-tail/kept-after-kill",
                    test_console_kept_after_kill);
    g_test_add_func("/app/supervisor/start-failure", test_start_failure);
    g_test_add_func("/app/supervisor/virt-uboot-console",
                    test_virt_uboot_console);
    return g_test_run();
}
