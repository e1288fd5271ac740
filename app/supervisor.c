#include "supervisor.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "app-paths.h"
#include "console-text.h"

/* Why these bounds: a -M none engine is up in milliseconds, a virt one
 * loading a kernel in well under a second; a slow machine gets ten times
 * that before we call it hung. */
#define QMP_TIMEOUT_MS 10000
#define EXIT_WAIT_MS 5000

/* How much of the console logs a tail reads: far more than a screen of
 * lines, and little enough to read at every redraw. */
#define CONSOLE_TAIL_BYTES (64 * 1024)
/* A tail that met a rotation reads again; a guest would have to print
 * SUPERVISOR_CONSOLE_LOG_SIZE bytes between two opens this many times
 * running to make it give up (and show the newer file alone). */
#define CONSOLE_TAIL_TRIES 3

const char *vm_state_name(VmState state)
{
    static const char *const names[] = {
        [VM_STATE_STOPPED] = "stopped",
        [VM_STATE_RUNNING] = "running",
        [VM_STATE_PAUSED] = "paused",
        [VM_STATE_DEAD] = "dead",
    };
    return names[state];
}

void vm_status_free(VmStatus *st)
{
    if (st) {
        g_free(st->name);
        g_free(st->run_state);
        g_free(st->state_dir);
        g_free(st);
    }
}

char *supervisor_state_dir(const char *name)
{
    g_autofree char *vms = app_paths_vms_dir();

    return g_build_filename(vms, name, NULL);
}

char *supervisor_file(const char *name, const char *file)
{
    g_autofree char *dir = supervisor_state_dir(name);

    return g_build_filename(dir, file, NULL);
}

static pid_t read_pid(const char *name)
{
    g_autofree char *path = supervisor_file(name, "pid");
    g_autofree char *text = NULL;

    if (!g_file_get_contents(path, &text, NULL, NULL)) {
        return 0;
    }
    gint64 pid = g_ascii_strtoll(text, NULL, 10);
    return pid > 0 && pid < G_MAXINT ? (pid_t)pid : 0;
}

static bool has_pid_file(const char *name)
{
    g_autofree char *path = supervisor_file(name, "pid");

    return g_file_test(path, G_FILE_TEST_EXISTS);
}

/* A VM being started holds an exclusive flock on vms/<name>.lock (beside
 * its state directory, so removing the directory cannot drop it): another
 * front-end then sees a starting VM, not a dead one to clean up. Returns
 * the descriptor (close it to release) or -1. */
static int start_lock(const char *name, bool wait)
{
    g_autofree char *vms = app_paths_vms_dir();
    g_autofree char *file = g_strconcat(name, ".lock", NULL);
    g_autofree char *path = g_build_filename(vms, file, NULL);

    if (!app_paths_ensure_dir(vms, NULL)) {
        return -1;
    }
    int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) {
        return -1;
    }
    while (flock(fd, LOCK_EX | (wait ? 0 : LOCK_NB)) < 0) {
        if (errno != EINTR) {
            close(fd);
            return -1;
        }
    }
    return fd;
}

static bool being_started(const char *name)
{
    int fd = start_lock(name, false);

    if (fd < 0) {
        return true;
    }
    close(fd);
    return false;
}

/* Whether pid is a live process. A zombie is not: a daemonized engine's
 * parent is init, and some inits (containers') reap it a second or more
 * after it exited. */
static bool process_alive(pid_t pid)
{
    if (pid <= 0 || (kill(pid, 0) < 0 && errno != EPERM)) {
        return false;
    }
    g_autofree char *stat_path = g_strdup_printf("/proc/%d/stat", (int)pid);
    g_autofree char *stat = NULL;
    if (!g_file_get_contents(stat_path, &stat, NULL, NULL)) {
        return true;   /* no /proc: kill() is all there is to go on */
    }
    /* "PID (COMM) STATE ...": COMM may hold anything, so search from the
     * last ')'. */
    const char *close = strrchr(stat, ')');
    return !close || (close[1] != ' ' || (close[2] != 'Z' && close[2] != 'X'));
}

QmpConn *supervisor_connect(const char *name, Error **errp)
{
    g_autofree char *sock = supervisor_file(name, "qmp.sock");

    return qmp_conn_open(sock, NULL, QMP_TIMEOUT_MS, errp);
}

/* starting_here: the caller holds the start lock itself. */
static VmStatus *status_probe(const char *name, bool starting_here)
{
    VmStatus *st = g_new0(VmStatus, 1);

    st->name = g_strdup(name);
    st->state_dir = supervisor_state_dir(name);
    if (!g_file_test(st->state_dir, G_FILE_TEST_IS_DIR)) {
        st->state = VM_STATE_STOPPED;
        return st;
    }
    st->pid = read_pid(name);
    g_autoptr(QmpConn) conn = supervisor_connect(name, NULL);
    if (!conn) {
        /* A socket that refuses with the process alive is an engine
         * starting up or shutting down: still running. */
        if (process_alive(st->pid) ||
            (!starting_here && being_started(name))) {
            st->state = VM_STATE_RUNNING;
        } else if (has_pid_file(name)) {
            st->state = VM_STATE_DEAD;
        } else {
            /* The engine removes its pid file when it exits cleanly (a
             * guest that powered off, a quit): what it left behind (its
             * logs) is not the mark of a death. */
            st->state = VM_STATE_STOPPED;
        }
        return st;
    }
    g_autoptr(QObject) ret = qmp_conn_call(conn, "query-status", NULL,
                                           QMP_TIMEOUT_MS, NULL);
    QDict *status = ret ? qobject_to(QDict, ret) : NULL;
    const char *run_state = status ? qdict_get_try_str(status, "status")
                                   : NULL;
    st->run_state = g_strdup(run_state);
    st->state = status && !qdict_get_try_bool(status, "running", true)
                ? VM_STATE_PAUSED : VM_STATE_RUNNING;
    return st;
}

VmStatus *supervisor_status(const char *name)
{
    return status_probe(name, false);
}

static gint compare_status(gconstpointer a, gconstpointer b)
{
    const VmStatus *sa = *(VmStatus *const *)a;
    const VmStatus *sb = *(VmStatus *const *)b;

    return strcmp(sa->name, sb->name);
}

GPtrArray *supervisor_list(void)
{
    GPtrArray *list = g_ptr_array_new_with_free_func(
        (GDestroyNotify)vm_status_free);
    g_autofree char *vms = app_paths_vms_dir();
    g_autoptr(GDir) dir = g_dir_open(vms, 0, NULL);
    const char *entry;

    while (dir && (entry = g_dir_read_name(dir))) {
        g_autofree char *path = g_build_filename(vms, entry, NULL);
        if (profile_name_check(entry, NULL) &&
            g_file_test(path, G_FILE_TEST_IS_DIR)) {
            g_ptr_array_add(list, supervisor_status(entry));
        }
    }
    g_ptr_array_sort(list, compare_status);
    return list;
}

/* Adds s to b and frees it (GLib 2.74 has no g_strv_builder_take). */
static void builder_take(GStrvBuilder *b, char *s)
{
    g_strv_builder_add(b, s);
    g_free(s);
}

/* Every file in it, whatever the engine or an older quern left there. */
static void remove_state_dir(const char *name)
{
    g_autofree char *dir = supervisor_state_dir(name);
    g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
    const char *entry;

    while (d && (entry = g_dir_read_name(d))) {
        g_autofree char *path = g_build_filename(dir, entry, NULL);
        unlink(path);
    }
    rmdir(dir);
}

/* A path as a keyval value: a comma is written twice. */
static char *keyval_quote(const char *value)
{
    g_auto(GStrv) parts = g_strsplit(value, ",", -1);

    return g_strjoinv(",,", parts);
}

char **supervisor_engine_argv(ProfileStore *store, const char *name,
                              Error **errp)
{
    if (!profile_name_check(name, errp)) {
        return NULL;
    }
    if (!profile_store_exists(store, name)) {
        error_setg(errp, "no profile '%s'", name);
        return NULL;
    }
    g_autofree char *profile = profile_store_path(store, name);
    g_autofree char *engine = app_paths_engine();
    g_autofree char *dir = supervisor_state_dir(name);
    g_autoptr(GStrvBuilder) out = g_strv_builder_new();

    g_strv_builder_add_many(out, engine, "-readconfig", profile,
                            "-name", name, "-display", "none", NULL);
    g_autofree char *dir_quoted = keyval_quote(dir);
    g_strv_builder_add(out, "-qmp");
    builder_take(out, g_strdup_printf(
        "unix:%s/qmp.sock,server=on,wait=off", dir_quoted));
    g_strv_builder_add(out, "-monitor");
    builder_take(out, g_strdup_printf(
        "unix:%s/hmp.sock,server=on,wait=off", dir_quoted));
    g_strv_builder_add(out, "-serial");
    builder_take(out, g_strdup_printf(
        "unix:%s/serial.sock,server=on,wait=off,logfile=%s/console.log,"
        "logappend=off,logsize=%u", dir_quoted, dir_quoted,
        SUPERVISOR_CONSOLE_LOG_SIZE));
    g_strv_builder_add(out, "-pidfile");
    builder_take(out, g_build_filename(dir, "pid", NULL));
    g_strv_builder_add(out, "-daemonize");
    return g_strv_builder_end(out);
}

/* In the engine's process before exec: stderr to engine.log, and sockets
 * it creates readable by their owner only (DESIGN.md: mode 0600). */
static void child_setup(gpointer opaque)
{
    int fd = GPOINTER_TO_INT(opaque);

    dup2(fd, STDERR_FILENO);
    umask(0077);
}

static bool start_locked(ProfileStore *store, const char *name,
                         Error **errp);

bool supervisor_start(ProfileStore *store, const char *name, Error **errp)
{
    if (!profile_name_check(name, errp)) {
        return false;
    }
    int lock = start_lock(name, true);
    if (lock < 0) {
        error_setg(errp, "cannot lock VM '%s' for starting", name);
        return false;
    }
    bool ok = start_locked(store, name, errp);
    close(lock);
    return ok;
}

static bool start_locked(ProfileStore *store, const char *name,
                         Error **errp)
{
    g_autoptr(VmStatus) st = status_probe(name, true);

    if (st->state == VM_STATE_RUNNING || st->state == VM_STATE_PAUSED) {
        error_setg(errp, "VM '%s' is already running", name);
        return false;
    }
    /* What an earlier run left (a dead engine's files, or the logs of one
     * that exited cleanly): the new run starts with none of it, so no
     * older console.log.1 sits behind the new console.log. */
    remove_state_dir(name);
    g_auto(GStrv) argv = supervisor_engine_argv(store, name, errp);
    if (!argv) {
        return false;
    }
    g_autofree char *dir = supervisor_state_dir(name);
    g_autofree char *data = app_paths_data_dir();
    if (!app_paths_ensure_dir(dir, errp) ||
        !app_paths_ensure_dir(data, errp)) {
        return false;
    }
    g_autofree char *log_path = g_build_filename(dir, "engine.log", NULL);
    int log_fd = open(log_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
                      0600);
    if (log_fd < 0) {
        error_setg_errno(errp, errno, "cannot create '%s'", log_path);
        return false;
    }

    /* The engine daemonizes once the machine is up: the process we spawn
     * exits then, with the status that says whether it came up. */
    g_autoptr(GError) gerr = NULL;
    int status = 0;
    bool spawned = g_spawn_sync(data, argv, NULL,
                                G_SPAWN_STDOUT_TO_DEV_NULL |
                                G_SPAWN_STDIN_FROM_DEV_NULL,
                                child_setup, GINT_TO_POINTER(log_fd),
                                NULL, NULL, &status, &gerr);
    close(log_fd);
    if (!spawned) {
        error_setg(errp, "cannot run the engine '%s': %s", argv[0],
                   gerr->message);
        return false;
    }
    if (!g_spawn_check_wait_status(status, NULL)) {
        /* The engine's error line, not the hint that may follow it. */
        g_auto(GStrv) tail = supervisor_log_tail(name, 20);
        g_autofree char *engine_base = g_path_get_basename(argv[0]);
        g_autofree char *prefix = g_strconcat(engine_base, ": ", NULL);
        guint n = g_strv_length(tail);
        const char *line = n ? tail[n - 1] : NULL;
        for (guint i = n; i-- > 0;) {
            if (g_str_has_prefix(tail[i], prefix)) {
                line = tail[i] + strlen(prefix);
                break;
            }
        }
        error_setg(errp, "VM '%s' did not start: %s", name,
                   line ? line : "the engine failed without a message");
        return false;
    }

    g_autoptr(Profile) p = profile_store_load(store, name, NULL);
    g_autofree char *now = profile_timestamp_now();
    if (p && profile_set_meta(p, "last-run", now, NULL)) {
        /* A front-end editing the profile right now wins: last-run is a
         * convenience, not worth refusing a start over. */
        profile_store_save(store, p, NULL);
    }
    return true;
}

static bool wait_exit(pid_t pid, unsigned timeout_ms)
{
    int64_t deadline = g_get_monotonic_time() + (int64_t)timeout_ms * 1000;

    while (process_alive(pid)) {
        /* Reaps it if it happens to be our child (tests run it so). */
        waitpid(pid, NULL, WNOHANG);
        if (g_get_monotonic_time() > deadline) {
            return false;
        }
        g_usleep(10000);
    }
    return true;
}

bool supervisor_stop(const char *name, bool force, unsigned timeout_ms,
                     Error **errp)
{
    g_autoptr(VmStatus) st = supervisor_status(name);

    if (st->state == VM_STATE_STOPPED) {
        error_setg(errp, "VM '%s' is not running", name);
        return false;
    }
    if (st->state == VM_STATE_DEAD) {
        remove_state_dir(name);
        return true;
    }
    g_autoptr(QmpConn) conn = supervisor_connect(name, errp);
    if (!conn) {
        return false;
    }
    if (!force) {
        g_autoptr(QObject) ret = qmp_conn_call(conn, "system_powerdown",
                                               NULL, QMP_TIMEOUT_MS, NULL);
        if (wait_exit(st->pid, timeout_ms)) {
            remove_state_dir(name);
            return true;
        }
    }
    /* quit's reply may not make it out before the engine exits. */
    g_autoptr(QObject) ret = qmp_conn_call(conn, "quit", NULL,
                                           QMP_TIMEOUT_MS, NULL);
    if (!wait_exit(st->pid, EXIT_WAIT_MS)) {
        error_setg(errp, "VM '%s' (pid %d) did not exit after quit", name,
                   (int)st->pid);
        return false;
    }
    remove_state_dir(name);
    return true;
}

bool supervisor_command(const char *name, const char *command, Error **errp)
{
    g_autoptr(QmpConn) conn = supervisor_connect(name, errp);

    if (!conn) {
        error_prepend(errp, "VM '%s' is not running: ", name);
        return false;
    }
    g_autoptr(QObject) ret = qmp_conn_call(conn, command, NULL,
                                           QMP_TIMEOUT_MS, errp);
    return ret != NULL;
}

char **supervisor_log_tail(const char *name, unsigned lines)
{
    g_autofree char *path = supervisor_file(name, "engine.log");
    g_autofree char *text = NULL;
    g_autoptr(GStrvBuilder) b = g_strv_builder_new();

    if (g_file_get_contents(path, &text, NULL, NULL)) {
        g_strchomp(text);
        g_auto(GStrv) all = g_strsplit(text, "\n", -1);
        guint n = g_strv_length(all);
        for (guint i = n > lines ? n - lines : 0; i < n; i++) {
            if (*all[i]) {
                g_strv_builder_add(b, all[i]);
            }
        }
    }
    return g_strv_builder_end(b);
}

/* The last max bytes of the file open as fd (none: -1), appended to out;
 * false when that is not the whole file (the first line may be cut). A
 * file that cannot be read is an empty one. */
static bool read_fd_end(int fd, size_t max, GByteArray *out)
{
    struct stat st;
    bool whole = true;

    if (fd >= 0 && fstat(fd, &st) == 0 && st.st_size > 0) {
        size_t want = MIN((size_t)st.st_size, max);
        off_t at = st.st_size - (off_t)want;
        guint start = out->len;
        ssize_t n;

        whole = at == 0;
        g_byte_array_set_size(out, start + want);
        do {
            n = pread(fd, out->data + start, want, at);
        } while (n < 0 && errno == EINTR);
        g_byte_array_set_size(out, start + (n > 0 ? (size_t)n : 0));
    }
    return whole;
}

/* Whether path still names the file open as fd. */
static bool still_named(int fd, const char *path)
{
    struct stat opened, now;

    return stat(path, &now) == 0 && fstat(fd, &opened) == 0 &&
           opened.st_dev == now.st_dev && opened.st_ino == now.st_ino;
}

/* One try at the console's last bytes, into bytes (emptied first):
 * console.log's end and, when console.log is short (the engine rotated
 * it lately), console.log.1's end before it. *whole: bytes start where a
 * file starts (no cut first line).
 *
 * The engine rotates by renaming console.log to console.log.1 and
 * starting a new console.log: a rotation between our two opens would
 * make the older file the one we read first, its lines shown twice. It
 * never renames one back, so console.log still naming what we read
 * proves there was none; else false, unless this is the last try, which
 * keeps the newer file alone: fewer lines, none twice. (Nothing read,
 * nothing twice: the older file alone is a moment's whole console.) */
static bool console_tail_try(const char *path, const char *older_path,
                             bool last_try, GByteArray *bytes, bool *whole)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    int older = -1;
    bool ok = true;

    g_byte_array_set_size(bytes, 0);
    *whole = read_fd_end(fd, CONSOLE_TAIL_BYTES, bytes);
    if (*whole && bytes->len < CONSOLE_TAIL_BYTES) {
        older = open(older_path, O_RDONLY | O_CLOEXEC);
    }
    if (older >= 0 && fd >= 0 && !still_named(fd, path)) {
        close(older);
        older = -1;
        ok = last_try;
    }
    if (older >= 0) {
        g_autoptr(GByteArray) before = g_byte_array_new();

        *whole = read_fd_end(older, CONSOLE_TAIL_BYTES - bytes->len, before);
        g_byte_array_prepend(bytes, before->data, before->len);
        close(older);
    }
    if (fd >= 0) {
        close(fd);
    }
    return ok;
}

char **supervisor_console_tail(const char *name, unsigned lines)
{
    g_autofree char *path = supervisor_file(name, "console.log");
    g_autofree char *older_path = supervisor_file(name, "console.log.1");
    g_autoptr(GByteArray) bytes = g_byte_array_new();
    bool whole = true;

    for (unsigned tries = 1;
         !console_tail_try(path, older_path, tries == CONSOLE_TAIL_TRIES,
                           bytes, &whole);
         tries++) {
    }
    return console_text_last_lines(bytes->data, bytes->len, lines, !whole);
}

unsigned supervisor_clean_stale(void)
{
    g_autoptr(GPtrArray) list = supervisor_list();
    unsigned removed = 0;

    for (size_t i = 0; i < list->len; i++) {
        VmStatus *st = list->pdata[i];
        /* A listed VM has a state directory: stopped means leftovers. */
        if (st->state == VM_STATE_DEAD || st->state == VM_STATE_STOPPED) {
            remove_state_dir(st->name);
            removed++;
        }
    }
    return removed;
}

bool supervisor_forget(const char *name, Error **errp)
{
    if (!profile_name_check(name, errp)) {
        return false;
    }
    /* Held while we look and remove, so no start slips in between. */
    int lock = start_lock(name, false);
    if (lock < 0) {
        error_setg(errp, "VM '%s' is being started", name);
        return false;
    }
    g_autoptr(VmStatus) st = status_probe(name, true);
    bool runs = st->state == VM_STATE_RUNNING || st->state == VM_STATE_PAUSED;
    if (runs) {
        error_setg(errp, "VM '%s' is running", name);
    } else {
        remove_state_dir(name);
    }
    close(lock);
    return !runs;
}
