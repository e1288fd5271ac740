/* Test support: see engine-process.h. */
#include "engine-process.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "qjson.h"

#ifndef QUERN_ENGINE_PATH
#error "the build defines QUERN_ENGINE_PATH"
#endif

#define READ_TIMEOUT_MS 20000

static GPtrArray *engine_argv(const char *const *args)
{
    GPtrArray *argv = g_ptr_array_new_with_free_func(g_free);

    g_ptr_array_add(argv, g_strdup(QUERN_ENGINE_PATH));
    for (size_t i = 0; args && args[i]; i++) {
        g_ptr_array_add(argv, g_strdup(args[i]));
    }
    return argv;
}

static int try_connect(const char *path)
{
    struct sockaddr_un sun = { .sun_family = AF_UNIX };
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

    g_assert_cmpint(fd, >=, 0);
    g_strlcpy(sun.sun_path, path, sizeof(sun.sun_path));
    if (connect(fd, (struct sockaddr *)&sun, sizeof(sun)) < 0) {
        close(fd);
        return -1;
    }
    return fd;
}

EngineProcess *engine_process_start(const char *const *args)
{
    EngineProcess *e = g_new0(EngineProcess, 1);
    g_autoptr(GPtrArray) argv = engine_argv(args);
    g_autofree char *qmp_arg = NULL;
    GError *gerr = NULL;
    int out_fd, err_fd;

    e->dir = g_dir_make_tmp("quern-engine-XXXXXX", &gerr);
    g_assert_no_error(gerr);
    e->qmp_path = g_build_filename(e->dir, "qmp.sock", NULL);
    e->stdout_path = g_build_filename(e->dir, "stdout", NULL);
    e->stderr_path = g_build_filename(e->dir, "stderr", NULL);
    qmp_arg = g_strdup_printf("unix:%s,server=on,wait=off", e->qmp_path);
    g_ptr_array_add(argv, g_strdup("-qmp"));
    g_ptr_array_add(argv, g_strdup(qmp_arg));
    g_ptr_array_add(argv, NULL);

    out_fd = open(e->stdout_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    err_fd = open(e->stderr_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    g_assert_cmpint(out_fd, >=, 0);
    g_assert_cmpint(err_fd, >=, 0);
    e->pid = fork();
    g_assert_cmpint(e->pid, >=, 0);
    if (e->pid == 0) {
        int null = open("/dev/null", O_RDONLY);

        dup2(null, STDIN_FILENO);
        dup2(out_fd, STDOUT_FILENO);
        dup2(err_fd, STDERR_FILENO);
        execv(QUERN_ENGINE_PATH, (char **)argv->pdata);
        _exit(127);
    }
    close(out_fd);
    close(err_fd);
    /* Up means: the QMP socket accepts. Give it 20 s (a sanitizer build
     * on a busy machine is slow), and notice an engine that died. */
    for (int i = 0; i < 2000; i++) {
        int status;
        int fd;

        if (waitpid(e->pid, &status, WNOHANG) == e->pid) {
            g_autofree char *err = engine_process_read_file(e, "stderr");

            g_error("the engine exited at start-up: %s", err);
        }
        fd = try_connect(e->qmp_path);
        if (fd >= 0) {
            close(fd);
            return e;
        }
        g_usleep(10 * 1000);
    }
    g_error("the engine's QMP socket never came up");
}

static void engine_process_free(EngineProcess *e)
{
    g_autofree char *cmd = g_strdup_printf("rm -rf '%s'", e->dir);

    if (system(cmd) != 0) {
        g_printerr("could not remove %s\n", e->dir);
    }
    g_free(e->dir);
    g_free(e->qmp_path);
    g_free(e->stdout_path);
    g_free(e->stderr_path);
    g_free(e);
}

int engine_process_wait(EngineProcess *e)
{
    int status;

    for (int i = 0; i < 2000 && !e->exited; i++) {
        if (waitpid(e->pid, &status, WNOHANG) == e->pid) {
            e->exited = true;
            e->status = WIFEXITED(status) ? WEXITSTATUS(status)
                                          : 128 + WTERMSIG(status);
        } else {
            g_usleep(10 * 1000);
        }
    }
    g_assert_true(e->exited);
    return e->status;
}

int engine_process_stop(EngineProcess *e)
{
    int status;

    if (!e->exited) {
        kill(e->pid, SIGTERM);
    }
    status = engine_process_wait(e);
    engine_process_free(e);
    return status;
}

char *engine_process_read_file(EngineProcess *e, const char *path)
{
    g_autofree char *full = g_build_filename(e->dir, path, NULL);
    char *text = NULL;

    if (!g_file_get_contents(full, &text, NULL, NULL)) {
        return g_strdup("");
    }
    return text;
}

int engine_process_run(const char *const *args, char **out, char **err)
{
    g_autoptr(GPtrArray) argv = engine_argv(args);
    GError *gerr = NULL;
    int status = 0;

    g_ptr_array_add(argv, NULL);
    g_spawn_sync(NULL, (char **)argv->pdata, NULL, G_SPAWN_DEFAULT, NULL,
                 NULL, out, err, &status, &gerr);
    g_assert_no_error(gerr);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/* QMP clients */

QmpClient *qmp_client_connect(const char *path)
{
    QmpClient *c = g_new0(QmpClient, 1);

    c->fd = try_connect(path);
    g_assert_cmpint(c->fd, >=, 0);
    c->inbuf = g_string_new(NULL);
    c->events = g_queue_new();
    c->greeting = qmp_client_receive(c);
    g_assert_nonnull(c->greeting);
    g_assert_true(qdict_haskey(c->greeting, "QMP"));
    return c;
}

static void event_free(gpointer msg)
{
    qobject_unref((QDict *)msg);
}

void qmp_client_close(QmpClient *c)
{
    if (!c) {
        return;
    }
    close(c->fd);
    g_string_free(c->inbuf, TRUE);
    g_queue_free_full(c->events, event_free);
    qobject_unref(c->greeting);
    g_free(c);
}

void qmp_client_send_raw(QmpClient *c, const void *buf, size_t len)
{
    const char *p = buf;

    while (len) {
        ssize_t n = send(c->fd, p, len, MSG_NOSIGNAL);

        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            g_error("sending to the engine failed (%s) with %zu bytes of "
                    "'%.60s' left", g_strerror(errno), len, p);
        }
        p += n;
        len -= (size_t)n;
    }
}

QDict *qmp_client_receive(QmpClient *c)
{
    for (;;) {
        char *nl = strstr(c->inbuf->str, "\r\n");
        struct pollfd pfd = { .fd = c->fd, .events = POLLIN };
        char buf[65536];
        ssize_t n;

        if (nl) {
            g_autofree char *line = g_strndup(c->inbuf->str,
                                              nl - c->inbuf->str);
            Error *err = NULL;
            QDict *msg;

            g_string_erase(c->inbuf, 0, nl - c->inbuf->str + 2);
            msg = qdict_from_json(line, &err);
            if (!msg) {
                g_error("the engine sent invalid JSON: %s (%s)", line,
                        error_get_pretty(err));
            }
            return msg;
        }
        if (poll(&pfd, 1, READ_TIMEOUT_MS) != 1) {
            g_error("no message from the engine within %d ms",
                    READ_TIMEOUT_MS);
        }
        n = recv(c->fd, buf, sizeof(buf), 0);
        if (n <= 0) {
            return NULL;
        }
        g_string_append_len(c->inbuf, buf, n);
    }
}

QDict *qmp_client_call(QmpClient *c, const char *request)
{
    /* One send: a request like quit ends the engine as soon as its
     * closing brace arrives, and a separate newline would hit a closed
     * socket. */
    g_autofree char *line = g_strconcat(request, "\n", NULL);

    qmp_client_send_raw(c, line, strlen(line));
    for (;;) {
        QDict *msg = qmp_client_receive(c);

        g_assert_nonnull(msg);
        if (!qdict_haskey(msg, "event")) {
            return msg;
        }
        g_queue_push_tail(c->events, msg);
    }
}

QDict *qmp_client_callf(QmpClient *c, const char *fmt, ...)
{
    va_list ap;
    g_autofree char *request = NULL;

    va_start(ap, fmt);
    request = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    return qmp_client_call(c, request);
}

void qmp_client_negotiate(QmpClient *c)
{
    g_autoptr(QObject) ret = qmp_client_return(
        c, "{\"execute\": \"qmp_capabilities\"}");

    g_assert_nonnull(ret);
}

QObject *qmp_client_return(QmpClient *c, const char *request)
{
    g_autoptr(QDict) reply = qmp_client_call(c, request);
    QObject *ret = qdict_get(reply, "return");

    if (!ret) {
        g_autofree char *text = qobject_to_json(QOBJECT(reply));

        g_error("%s failed: %s", request, text);
    }
    return qobject_ref(ret);
}

void qmp_client_expect_error(QmpClient *c, const char *request,
                             const char *cls, const char *desc_part)
{
    g_autoptr(QDict) reply = qmp_client_call(c, request);
    QDict *error = qdict_get_qdict(reply, "error");
    g_autofree char *text = qobject_to_json(QOBJECT(reply));

    if (!error) {
        g_error("%s succeeded, expected an error: %s", request, text);
    }
    g_assert_cmpstr(qdict_get_try_str(error, "class"), ==, cls);
    if (!strstr(qdict_get_try_str(error, "desc"), desc_part)) {
        g_error("%s: error '%s' lacks '%s'", request,
                qdict_get_try_str(error, "desc"), desc_part);
    }
}

QDict *qmp_client_next_event(QmpClient *c)
{
    if (!g_queue_is_empty(c->events)) {
        return g_queue_pop_head(c->events);
    }
    return qmp_client_receive(c);
}

QDict *qmp_client_wait_event(QmpClient *c, const char *name)
{
    for (;;) {
        QDict *msg = qmp_client_next_event(c);

        g_assert_nonnull(msg);
        if (g_strcmp0(qdict_get_try_str(msg, "event"), name) == 0) {
            return msg;
        }
        qobject_unref(msg);
    }
}

char *qmp_client_hmp(QmpClient *c, const char *command_line)
{
    g_autoptr(QDict) args = qdict_new();
    g_autoptr(QDict) req = qdict_new();
    g_autofree char *text = NULL;
    g_autoptr(QObject) ret = NULL;

    qdict_put_str(args, "command-line", command_line);
    qdict_put_str(req, "execute", "human-monitor-command");
    qdict_put_obj(req, "arguments", QOBJECT(qobject_ref(args)));
    text = qobject_to_json(QOBJECT(req));
    ret = qmp_client_return(c, text);
    return g_strdup(qstring_get_str(qobject_to(QString, ret)));
}
