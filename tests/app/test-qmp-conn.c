/* The asynchronous QMP client against a real engine: replies matched to
 * their callbacks by id, errors with their class, events, a sync call,
 * malformed requests refused before sending, and pending requests failed
 * when the engine goes away. */
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "app-test-util.h"
#include "qjson.h"
#include "qmp-conn.h"
#include "unix-socket.h"

typedef struct Engine {
    GPid pid;
    char *dir;
    char *sock;
} Engine;

static Engine *engine_start(void)
{
    Engine *e = g_new0(Engine, 1);
    e->dir = g_dir_make_tmp("qc-XXXXXX", NULL);
    e->sock = g_build_filename(e->dir, "qmp.sock", NULL);
    g_autofree char *opt = g_strdup_printf("unix:%s,server=on,wait=off",
                                           e->sock);
    const char *argv[] = { QUERN_ENGINE_PATH, "-M", "none", "-nodefaults",
                           "-display", "none", "-qmp", opt, NULL };
    g_assert_true(g_spawn_async(NULL, (char **)argv, NULL,
                                G_SPAWN_DO_NOT_REAP_CHILD |
                                G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                                &e->pid, NULL));
    /* Up when it accepts a connection (the file exists a moment before
     * the engine listens on it). */
    for (int i = 0; i < 4000; i++) {
        int fd = unix_socket_connect(e->sock, NULL);
        if (fd >= 0) {
            close(fd);
            return e;
        }
        g_usleep(5000);
    }
    g_assert_not_reached();
}

static void engine_end(Engine *e)
{
    kill(e->pid, SIGTERM);
    waitpid(e->pid, NULL, 0);
    g_spawn_close_pid(e->pid);
    unlink(e->sock);
    g_rmdir(e->dir);
    g_free(e->sock);
    g_free(e->dir);
    g_free(e);
}

typedef struct Replies {
    GPtrArray *order;   /* char *: "tag:result" as they arrive */
    GPtrArray *events;  /* char *: event names */
    int closed;
} Replies;

typedef struct Tagged {
    Replies *replies;
    const char *tag;
} Tagged;

static void tagged_reply(QmpConn *conn, QObject *result, Error *err,
                         void *opaque)
{
    Tagged *t = opaque;
    g_autofree char *json = result ? qobject_to_json(result) : NULL;

    g_ptr_array_add(t->replies->order, err
        ? g_strdup_printf("%s:error:%s:%s", t->tag,
                          error_class_name(error_get_class(err)),
                          error_get_pretty(err))
        : g_strdup_printf("%s:%s", t->tag, json));
}

static void on_event(QmpConn *conn, const char *event, QDict *data,
                     QDict *timestamp, void *opaque)
{
    Replies *r = opaque;

    g_assert_nonnull(timestamp);
    g_ptr_array_add(r->events, g_strdup(event));
}

static void on_close(QmpConn *conn, void *opaque)
{
    ((Replies *)opaque)->closed++;
}

static void run_until(GMainContext *ctx, GPtrArray *array, guint len)
{
    int64_t deadline = g_get_monotonic_time() + 20 * G_USEC_PER_SEC;

    while (array->len < len) {
        g_assert_cmpint(g_get_monotonic_time(), <, deadline);
        g_main_context_iteration(ctx, TRUE);
    }
}

static void test_async_replies_and_events(void)
{
    Engine *e = engine_start();
    Replies r = { g_ptr_array_new_with_free_func(g_free),
                  g_ptr_array_new_with_free_func(g_free), 0 };
    QmpConn *conn = qmp_conn_open(e->sock, NULL, 10000, &error_abort);

    g_assert_nonnull(qdict_get_qdict(qmp_conn_get_greeting(conn),
                                     "version"));
    qmp_conn_set_event_handler(conn, on_event, &r);
    qmp_conn_set_close_handler(conn, on_close, &r);
    Tagged a = { &r, "status" }, b = { &r, "bogus" }, c = { &r, "stop" },
           d = { &r, "json" };
    qmp_conn_send(conn, "query-status", NULL, tagged_reply, &a);
    qmp_conn_send(conn, "no-such-command", NULL, tagged_reply, &b);
    qmp_conn_send(conn, "stop", NULL, tagged_reply, &c);
    g_assert_true(qmp_conn_send_json(conn,
        "{\"execute\":\"query-status\",\"id\":\"mine\"}", tagged_reply, &d,
        &error_abort));
    /* Nothing is called from inside a send. */
    g_assert_cmpuint(r.order->len, ==, 0);
    run_until(g_main_context_default(), r.order, 4);
    g_assert_cmpstr(r.order->pdata[0], ==,
        "status:{\"running\":true,\"singlestep\":false,\"status\":\"running\"}");
    g_assert_true(g_str_has_prefix(r.order->pdata[1],
                                   "bogus:error:CommandNotFound:"));
    g_assert_cmpstr(r.order->pdata[2], ==, "stop:{}");
    g_assert_cmpstr(r.order->pdata[3], ==,
        "json:{\"running\":false,\"singlestep\":false,\"status\":\"paused\"}");
    run_until(g_main_context_default(), r.events, 1);
    g_assert_cmpstr(r.events->pdata[0], ==, "STOP");

    /* The synchronous form. */
    g_autoptr(QObject) ret = qmp_conn_call(conn, "cont", NULL, 10000,
                                           &error_abort);
    g_assert_nonnull(qobject_to(QDict, ret));
    Error *err = NULL;
    g_assert_null(qmp_conn_call_json(conn, "{\"execute\": ", 10000, &err));
    g_assert_true(g_str_has_prefix(error_get_pretty(err),
                                   "JSON parse error"));
    g_clear_pointer(&err, error_free);
    g_assert_null(qmp_conn_call_json(conn, "{\"arguments\": {}}", 10000,
                                     &err));
    g_assert_nonnull(strstr(error_get_pretty(err), "execute"));
    g_clear_pointer(&err, error_free);
    g_assert_null(qmp_conn_call(conn, "qom-get", NULL, 10000, &err));
    g_clear_pointer(&err, error_free);

    /* The engine goes away with a request outstanding: it fails, the close
     * handler runs once, and later sends fail too. */
    Tagged q = { &r, "quit" }, late = { &r, "late" };
    kill(e->pid, SIGKILL);
    qmp_conn_send(conn, "query-status", NULL, tagged_reply, &q);
    run_until(g_main_context_default(), r.order, 5);
    g_assert_cmpstr(r.order->pdata[4], ==,
        "quit:error:GenericError:the engine closed the QMP connection");
    g_assert_cmpint(r.closed, ==, 1);
    g_assert_false(qmp_conn_is_open(conn));
    qmp_conn_send(conn, "query-status", NULL, tagged_reply, &late);
    run_until(g_main_context_default(), r.order, 6);
    g_assert_cmpint(r.closed, ==, 1);

    qmp_conn_free(conn);
    g_ptr_array_unref(r.order);
    g_ptr_array_unref(r.events);
    engine_end(e);
}

static void test_free_with_pending(void)
{
    Engine *e = engine_start();
    Replies r = { g_ptr_array_new_with_free_func(g_free),
                  g_ptr_array_new_with_free_func(g_free), 0 };
    QmpConn *conn = qmp_conn_open(e->sock, NULL, 10000, &error_abort);
    Tagged a = { &r, "dropped" };

    qmp_conn_send(conn, "query-status", NULL, tagged_reply, &a);
    qmp_conn_free(conn);
    /* A dropped connection's callbacks are never called. */
    while (g_main_context_iteration(NULL, FALSE)) {
    }
    g_assert_cmpuint(r.order->len, ==, 0);
    g_ptr_array_unref(r.order);
    g_ptr_array_unref(r.events);
    engine_end(e);
}

static void test_no_engine(void)
{
    Error *err = NULL;

    g_assert_null(qmp_conn_open("/nonexistent/qmp.sock", NULL, 1000, &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "connect to '/nonexistent/qmp.sock': No such file or "
                    "directory");
    error_free(err);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/app/qmp-conn/async-replies-and-events",
                    test_async_replies_and_events);
    g_test_add_func("/app/qmp-conn/free-with-pending",
                    test_free_with_pending);
    g_test_add_func("/app/qmp-conn/no-engine", test_no_engine);
    return g_test_run();
}
