/* QMP conformance: the real engine on `-M none`, spoken to over its unix
 * socket as a QEMU client would -- greeting, negotiation, id echo, error
 * classes, several clients and events, the commands, and a torture set
 * after which the engine still answers everyone. */
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "engine-process.h"
#include "qjson.h"
#include "qlist.h"

static const char *const none_args[] = {
    "-M", "none", "-display", "none", "-nodefaults", "-S", NULL,
};

static char *to_json(QObject *obj)
{
    return qobject_to_json(obj);
}

static void assert_json(QObject *obj, const char *expected)
{
    g_autofree char *text = to_json(obj);

    g_assert_cmpstr(text, ==, expected);
}

/* The greeting is QEMU's: version as query-version gives it, and the
 * capabilities offered (none: no out-of-band execution yet). */
static void test_greeting(void)
{
    EngineProcess *e = engine_process_start(none_args);
    QmpClient *c = qmp_client_connect(e->qmp_path);
    QDict *qmp = qdict_get_qdict(c->greeting, "QMP");
    g_autoptr(QObject) version = NULL;

    g_assert_nonnull(qmp);
    assert_json(qdict_get(qmp, "capabilities"), "[]");
    qmp_client_negotiate(c);
    version = qmp_client_return(c, "{\"execute\": \"query-version\"}");
    g_assert_true(qobject_is_equal(version, qdict_get(qmp, "version")));
    assert_json(qdict_get(qobject_to(QDict, version), "qemu"),
                "{\"major\":7,\"minor\":2,\"micro\":0}");
    qmp_client_close(c);
    g_assert_cmpint(engine_process_stop(e), ==, 0);
}

static void test_negotiation(void)
{
    EngineProcess *e = engine_process_start(none_args);
    QmpClient *c = qmp_client_connect(e->qmp_path);

    qmp_client_expect_error(c, "{\"execute\": \"query-status\"}",
                            "CommandNotFound",
                            "Expecting capabilities negotiation with "
                            "'qmp_capabilities'");
    qmp_client_expect_error(c, "{\"execute\": \"qmp_capabilities\", "
                            "\"arguments\": {\"enable\": [\"oob\"]}}",
                            "GenericError", "Capability 'oob' not available");
    qmp_client_expect_error(c, "{\"execute\": \"qmp_capabilities\", "
                            "\"arguments\": {\"enable\": [\"nope\"]}}",
                            "GenericError", "nope");
    qmp_client_negotiate(c);
    qmp_client_expect_error(c, "{\"execute\": \"qmp_capabilities\"}",
                            "CommandNotFound",
                            "Capabilities negotiation is already complete");
    qmp_client_close(c);
    g_assert_cmpint(engine_process_stop(e), ==, 0);
}

/* The id comes back verbatim, whatever JSON it is, on success and on
 * error alike. */
static void test_id_echo(void)
{
    static const char *const ids[] = {
        "1", "-7", "\"abc\"", "{\"a\":[1,2,{\"b\":null}]}", "[true,false]",
        "18446744073709551615", "1.5",
    };
    EngineProcess *e = engine_process_start(none_args);
    QmpClient *c = qmp_client_connect(e->qmp_path);

    qmp_client_negotiate(c);
    for (size_t i = 0; i < G_N_ELEMENTS(ids); i++) {
        g_autoptr(QDict) ok = qmp_client_callf(
            c, "{\"execute\": \"query-status\", \"id\": %s}", ids[i]);
        g_autoptr(QDict) bad = qmp_client_callf(
            c, "{\"execute\": \"no-such-command\", \"id\": %s}", ids[i]);

        assert_json(qdict_get(ok, "id"), ids[i]);
        assert_json(qdict_get(bad, "id"), ids[i]);
    }
    qmp_client_close(c);
    g_assert_cmpint(engine_process_stop(e), ==, 0);
}

/* Each error class the engine can give, with QEMU's words. */
static void test_error_classes(void)
{
    EngineProcess *e = engine_process_start(none_args);
    QmpClient *c = qmp_client_connect(e->qmp_path);

    qmp_client_negotiate(c);
    qmp_client_expect_error(c, "{\"execute\": \"no-such-command\"}",
                            "CommandNotFound",
                            "The command no-such-command has not been found");
    qmp_client_expect_error(c, "[1, 2]", "GenericError",
                            "QMP input must be a JSON object");
    qmp_client_expect_error(c, "{\"arguments\": {}}", "GenericError",
                            "QMP input lacks member 'execute'");
    qmp_client_expect_error(c, "{\"execute\": 1}", "GenericError",
                            "QMP input member 'execute' must be a string");
    qmp_client_expect_error(c, "{\"execute\": \"stop\", \"arguments\": []}",
                            "GenericError",
                            "QMP input member 'arguments' must be an object");
    qmp_client_expect_error(c, "{\"execute\": \"stop\", \"extra\": 1}",
                            "GenericError",
                            "QMP input member 'extra' is unexpected");
    qmp_client_expect_error(c, "{\"execute\": \"query-name\", "
                            "\"arguments\": {\"x\": 1}}",
                            "GenericError", "'x' is unexpected");
    qmp_client_expect_error(c, "{\"execute\": \"qom-get\", \"arguments\": "
                            "{\"path\": \"/machine\"}}",
                            "GenericError", "'property' is missing");
    qmp_client_expect_error(c, "{\"execute\": \"device_del\", "
                            "\"arguments\": {\"id\": \"nope\"}}",
                            "DeviceNotFound", "Device 'nope' not found");
    qmp_client_close(c);
    g_assert_cmpint(engine_process_stop(e), ==, 0);
}

/* Several clients on one socket, each negotiating on its own; events go
 * to every negotiated client and to no other. */
static void test_many_clients_and_events(void)
{
    EngineProcess *e = engine_process_start(none_args);
    QmpClient *clients[4];
    QmpClient *shy = qmp_client_connect(e->qmp_path);

    for (size_t i = 0; i < G_N_ELEMENTS(clients); i++) {
        clients[i] = qmp_client_connect(e->qmp_path);
        qmp_client_negotiate(clients[i]);
    }
    g_autoptr(QObject) r1 = qmp_client_return(clients[0],
                                              "{\"execute\": \"cont\"}");
    g_autoptr(QObject) r2 = qmp_client_return(clients[1],
                                              "{\"execute\": \"stop\"}");
    g_autoptr(QObject) r3 = qmp_client_return(
        clients[2], "{\"execute\": \"system_reset\"}");
    for (size_t i = 0; i < G_N_ELEMENTS(clients); i++) {
        g_autoptr(QDict) resume = qmp_client_wait_event(clients[i], "RESUME");
        g_autoptr(QDict) stop = qmp_client_wait_event(clients[i], "STOP");
        g_autoptr(QDict) reset = qmp_client_wait_event(clients[i], "RESET");
        QDict *ts = qdict_get_qdict(resume, "timestamp");

        g_assert_nonnull(ts);
        g_assert_cmpint(qdict_get_try_int(ts, "seconds", 0), >, 1700000000);
        g_assert_true(qdict_haskey(ts, "microseconds"));
        g_assert_false(qdict_haskey(stop, "data"));
        assert_json(qdict_get(reset, "data"),
                    "{\"guest\":false,\"reason\":\"host-qmp-system-reset\"}");
    }
    /* The client that never negotiated heard nothing: its next message is
     * the answer to its own request. */
    qmp_client_negotiate(shy);
    g_autoptr(QDict) status = qmp_client_call(
        shy, "{\"execute\": \"query-status\"}");
    g_assert_true(qdict_haskey(status, "return"));
    g_assert_true(g_queue_is_empty(shy->events));
    qmp_client_close(shy);
    for (size_t i = 0; i < G_N_ELEMENTS(clients); i++) {
        qmp_client_close(clients[i]);
    }
    g_assert_cmpint(engine_process_stop(e), ==, 0);
}

/* The run-state commands and their events. */
static void test_run_states(void)
{
    EngineProcess *e = engine_process_start(none_args);
    QmpClient *c = qmp_client_connect(e->qmp_path);
    g_autoptr(QObject) s0 = NULL, s1 = NULL, s2 = NULL, r = NULL;
    g_autoptr(QDict) powerdown = NULL, shutdown = NULL;

    qmp_client_negotiate(c);
    s0 = qmp_client_return(c, "{\"execute\": \"query-status\"}");
    assert_json(s0, "{\"running\":false,\"singlestep\":false,"
                    "\"status\":\"prelaunch\"}");
    r = qmp_client_return(c, "{\"execute\": \"cont\"}");
    s1 = qmp_client_return(c, "{\"execute\": \"query-status\"}");
    assert_json(s1, "{\"running\":true,\"singlestep\":false,"
                    "\"status\":\"running\"}");
    qobject_unref(r);
    r = qmp_client_return(c, "{\"execute\": \"stop\"}");
    s2 = qmp_client_return(c, "{\"execute\": \"query-status\"}");
    assert_json(s2, "{\"running\":false,\"singlestep\":false,"
                    "\"status\":\"paused\"}");
    qobject_unref(r);
    r = qmp_client_return(c, "{\"execute\": \"system_powerdown\"}");
    powerdown = qmp_client_wait_event(c, "POWERDOWN");
    qobject_unref(r);
    r = qmp_client_return(c, "{\"execute\": \"quit\"}");
    shutdown = qmp_client_wait_event(c, "SHUTDOWN");
    assert_json(qdict_get(shutdown, "data"),
                "{\"guest\":false,\"reason\":\"host-qmp-quit\"}");
    g_assert_cmpint(engine_process_wait(e), ==, 0);
    qmp_client_close(c);
    g_assert_cmpint(engine_process_stop(e), ==, 0);
}

/* The query commands a client asks first, on the empty machine. */
static void test_queries(void)
{
    static const char *const args[] = {
        "-M", "none", "-display", "none", "-nodefaults", "-name", "vm-one",
        NULL,
    };
    EngineProcess *e = engine_process_start(args);
    QmpClient *c = qmp_client_connect(e->qmp_path);
    g_autoptr(QObject) name = NULL, kvm = NULL, cpus = NULL, machines = NULL;
    g_autoptr(QObject) defs = NULL, status = NULL;
    QList *list;
    bool found_none = false;

    qmp_client_negotiate(c);
    name = qmp_client_return(c, "{\"execute\": \"query-name\"}");
    assert_json(name, "{\"name\":\"vm-one\"}");
    kvm = qmp_client_return(c, "{\"execute\": \"query-kvm\"}");
    assert_json(kvm, "{\"enabled\":false,\"present\":false}");
    cpus = qmp_client_return(c, "{\"execute\": \"query-cpus-fast\"}");
    assert_json(cpus, "[]");
    status = qmp_client_return(c, "{\"execute\": \"query-status\"}");
    /* Without -S the machine runs at once. */
    g_assert_true(qdict_get_try_bool(qobject_to(QDict, status), "running", false));
    machines = qmp_client_return(c, "{\"execute\": \"query-machines\"}");
    list = qobject_to(QList, machines);
    for (size_t i = 0; i < qlist_size(list); i++) {
        QDict *m = qobject_to(QDict, qlist_entry(list, i));

        found_none |= g_str_equal(qdict_get_try_str(m, "name"), "none");
    }
    g_assert_true(found_none);
    defs = qmp_client_return(c, "{\"execute\": \"query-cpu-definitions\"}");
    {
        g_autofree char *text = to_json(defs);
        g_autoptr(QObject) expansion = qmp_client_return(c,
            "{\"execute\": \"query-cpu-model-expansion\", \"arguments\": "
            "{\"type\": \"full\", \"model\": {\"name\": \"rv64\", "
            "\"props\": {\"c\": false}}}}");
        QDict *model = qdict_get_qdict(qobject_to(QDict, expansion), "model");
        QDict *props = qdict_get_qdict(model, "props");

        /* The models come from the C classes and the schema: rv64 is
         * QEMU's name for the type rv64-riscv-cpu. */
        g_assert_nonnull(strstr(text, "\"name\":\"rv64\""));
        g_assert_nonnull(strstr(text, "\"typename\":\"rv64-riscv-cpu\""));
        g_assert_cmpstr(qdict_get_try_str(model, "name"), ==, "rv64");
        g_assert_false(qdict_get_try_bool(props, "c", true));
        g_assert_true(qdict_get_try_bool(props, "m", false));
        qmp_client_expect_error(c, "{\"execute\": "
            "\"query-cpu-model-expansion\", \"arguments\": {\"type\": "
            "\"full\", \"model\": {\"name\": \"nope\"}}}",
            "GenericError", "unable to find CPU model 'nope'");
    }
    qmp_client_close(c);
    g_assert_cmpint(engine_process_stop(e), ==, 0);
}

/* Character devices through QMP: add, list, ring buffer I/O, remove. */
static void test_chardev_commands(void)
{
    EngineProcess *e = engine_process_start(none_args);
    QmpClient *c = qmp_client_connect(e->qmp_path);
    g_autoptr(QObject) added = NULL, list = NULL, data = NULL, r = NULL;
    g_autoptr(QObject) pty = NULL;
    g_autofree char *text = NULL;

    qmp_client_negotiate(c);
    added = qmp_client_return(c, "{\"execute\": \"chardev-add\", "
        "\"arguments\": {\"id\": \"rb0\", \"backend\": {\"type\": "
        "\"ringbuf\", \"data\": {\"size\": 1024}}}}");
    assert_json(added, "{}");
    pty = qmp_client_return(c, "{\"execute\": \"chardev-add\", "
        "\"arguments\": {\"id\": \"pty0\", \"backend\": {\"type\": "
        "\"pty\", \"data\": {}}}}");
    g_assert_true(g_str_has_prefix(
        qdict_get_try_str(qobject_to(QDict, pty), "pty"), "/dev/pts/"));
    qmp_client_expect_error(c, "{\"execute\": \"chardev-add\", "
        "\"arguments\": {\"id\": \"rb0\", \"backend\": {\"type\": "
        "\"null\", \"data\": {}}}}", "GenericError", "already exists");
    qmp_client_expect_error(c, "{\"execute\": \"chardev-add\", "
        "\"arguments\": {\"id\": \"x\", \"backend\": {\"type\": "
        "\"serial\", \"data\": {}}}}", "GenericError", "serial");
    list = qmp_client_return(c, "{\"execute\": \"query-chardev\"}");
    text = to_json(list);
    g_assert_nonnull(strstr(text, "{\"label\":\"rb0\",\"filename\":"
                                  "\"ringbuf\",\"frontend-open\":false}"));
    g_assert_nonnull(strstr(text, "\"label\":\"pty0\",\"filename\":"
                                  "\"pty:/dev/pts/"));
    /* Nothing reads the ring buffer's input, so a write goes nowhere, and
     * a read finds what the (absent) guest wrote: nothing. */
    r = qmp_client_return(c, "{\"execute\": \"ringbuf-write\", \"arguments\":"
                             " {\"device\": \"rb0\", \"data\": \"aGk=\", "
                             "\"format\": \"base64\"}}");
    data = qmp_client_return(c, "{\"execute\": \"ringbuf-read\", "
                                "\"arguments\": {\"device\": \"rb0\", "
                                "\"size\": 100}}");
    assert_json(data, "\"\"");
    qmp_client_expect_error(c, "{\"execute\": \"ringbuf-read\", "
                            "\"arguments\": {\"device\": \"pty0\", "
                            "\"size\": 1}}", "GenericError",
                            "is not a ringbuf");
    qobject_unref(r);
    r = qmp_client_return(c, "{\"execute\": \"chardev-remove\", "
                             "\"arguments\": {\"id\": \"rb0\"}}");
    qmp_client_expect_error(c, "{\"execute\": \"chardev-remove\", "
                            "\"arguments\": {\"id\": \"rb0\"}}",
                            "GenericError", "rb0");
    qmp_client_close(c);
    g_assert_cmpint(engine_process_stop(e), ==, 0);
}

/* Devices described without a machine to put them on, and refused where
 * there is no bus for them. */
static void test_device_commands(void)
{
    EngineProcess *e = engine_process_start(none_args);
    QmpClient *c = qmp_client_connect(e->qmp_path);
    g_autoptr(QObject) props = NULL;
    g_autofree char *text = NULL;

    qmp_client_negotiate(c);
    props = qmp_client_return(c, "{\"execute\": \"device-list-properties\", "
                                 "\"arguments\": {\"typename\": "
                                 "\"virtio-blk-device\"}}");
    text = to_json(props);
    g_assert_nonnull(strstr(text, "{\"name\":\"drive\",\"type\":\"str\","));
    /* What a user does not set is not listed. */
    g_assert_null(strstr(text, "\"realized\""));
    qmp_client_expect_error(c, "{\"execute\": \"device-list-properties\", "
                            "\"arguments\": {\"typename\": \"rng-random\"}}",
                            "GenericError", "expects device type");
    qmp_client_expect_error(c, "{\"execute\": \"device-list-properties\", "
                            "\"arguments\": {\"typename\": "
                            "\"virtio-device\"}}",
                            "GenericError", "non-abstract");
    qmp_client_expect_error(c, "{\"execute\": \"device_add\", \"arguments\": "
                            "{\"driver\": \"virtio-blk-device\", "
                            "\"drive\": \"x\"}}", "GenericError",
                            "virtio-bus");
    qmp_client_expect_error(c, "{\"execute\": \"device_add\", \"arguments\": "
                            "{\"driver\": \"nope\"}}", "GenericError",
                            "'nope' is not a device type");
    qmp_client_expect_error(c, "{\"execute\": \"device_add\", \"arguments\": "
                            "{\"id\": \"x\"}}", "GenericError",
                            "'driver' is missing");
    qmp_client_close(c);
    g_assert_cmpint(engine_process_stop(e), ==, 0);
}

/* A live change to a runtime property reaches every client; a fixed one
 * is refused and nobody hears of it. */
static void test_property_change_event(void)
{
    static const char *const args[] = {
        "-M", "virt", "-bios", "none", "-display", "none", "-nodefaults",
        "-S", "-device", "virtio-rng-device,id=rng0", NULL,
    };
    EngineProcess *e = engine_process_start(args);
    QmpClient *a = qmp_client_connect(e->qmp_path);
    QmpClient *b = qmp_client_connect(e->qmp_path);
    g_autoptr(QDict) event = NULL;
    g_autoptr(QObject) value = NULL;

    qmp_client_negotiate(a);
    qmp_client_negotiate(b);
    qobject_unref(qmp_client_return(a, "{\"execute\": \"qom-set\", "
        "\"arguments\": {\"path\": \"/machine/peripheral/rng0\", "
        "\"property\": \"max-bytes\", \"value\": 1024}}"));
    event = qmp_client_wait_event(b, "QOM_PROPERTY_CHANGED");
    assert_json(qdict_get(event, "data"),
                "{\"path\":\"/machine/peripheral/rng0\",\"property\":"
                "\"max-bytes\",\"value\":1024}");
    value = qmp_client_return(b, "{\"execute\": \"qom-get\", "
        "\"arguments\": {\"path\": \"/machine/peripheral/rng0\", "
        "\"property\": \"max-bytes\"}}");
    assert_json(value, "1024");
    qmp_client_expect_error(a, "{\"execute\": \"qom-set\", "
        "\"arguments\": {\"path\": \"/machine/peripheral/rng0\", "
        "\"property\": \"period\", \"value\": 5}}", "GenericError",
        "only properties marked runtime can");
    qmp_client_expect_error(a, "{\"execute\": \"qom-set\", "
        "\"arguments\": {\"path\": \"/machine\", "
        "\"property\": \"kernel\", \"value\": \"x\"}}", "GenericError",
        "cannot change while the machine exists");
    /* The refusals made no event: the next event b sees is the one this
     * stop causes. */
    qobject_unref(qmp_client_return(a, "{\"execute\": \"cont\"}"));
    qobject_unref(event);
    event = qmp_client_next_event(b);
    g_assert_cmpstr(qdict_get_try_str(event, "event"), ==, "RESUME");
    qmp_client_close(a);
    qmp_client_close(b);
    g_assert_cmpint(engine_process_stop(e), ==, 0);
}

/* Torture: after each of these, the engine still answers every client. */
static void assert_alive(QmpClient *witness)
{
    g_autoptr(QObject) s = qmp_client_return(
        witness, "{\"execute\": \"query-status\"}");

    g_assert_nonnull(s);
}

static void test_torture(void)
{
    EngineProcess *e = engine_process_start(none_args);
    QmpClient *witness = qmp_client_connect(e->qmp_path);
    QmpClient *c;

    qmp_client_negotiate(witness);

    /* Random bytes, then a newline: errors, and the session goes on. */
    c = qmp_client_connect(e->qmp_path);
    qmp_client_negotiate(c);
    {
        GRand *rand = g_rand_new_with_seed(42);
        char junk[4096];

        for (size_t i = 0; i < sizeof(junk); i++) {
            junk[i] = (char)g_rand_int(rand);
        }
        g_rand_free(rand);
        qmp_client_send_raw(c, junk, sizeof(junk));
        qmp_client_send_raw(c, "\n", 1);
        /* Drain the errors up to the reply of a marker request. */
        const char *marker = "{\"execute\": \"query-status\", "
                             "\"id\": \"marker\"}\n";

        qmp_client_send_raw(c, marker, strlen(marker));
        for (;;) {
            g_autoptr(QDict) msg = qmp_client_receive(c);

            g_assert_nonnull(msg);
            if (g_strcmp0(qdict_get_try_str(msg, "id"), "marker") == 0) {
                g_assert_true(qdict_haskey(msg, "return"));
                break;
            }
            g_assert_true(qdict_haskey(msg, "error"));
        }
    }
    assert_alive(witness);

    /* Invalid UTF-8 inside a string: one error; the next line works. */
    qmp_client_expect_error(c, "{\"execute\": \"\xff\xfe\"}", "GenericError",
                            "JSON");
    assert_alive(c);

    /* 100,000 levels of nesting: refused, the session goes on. */
    {
        GString *deep = g_string_new(NULL);

        for (int i = 0; i < 100000; i++) {
            g_string_append_c(deep, '[');
        }
        qmp_client_expect_error(c, deep->str, "GenericError", "nesting");
        g_string_free(deep, TRUE);
    }
    assert_alive(c);
    assert_alive(witness);
    qmp_client_close(c);

    /* A 64 MiB string: an error, and that connection is closed. */
    c = qmp_client_connect(e->qmp_path);
    qmp_client_negotiate(c);
    {
        size_t len = (size_t)64 << 20;
        char *big = g_malloc(len);
        g_autoptr(QDict) reply = NULL;

        memset(big, 'a', len);
        memcpy(big, "{\"execute\": \"", 13);
        /* The engine hangs up once over its limit, so the send may fail
         * part way: send what it takes. */
        send(c->fd, big, len, MSG_NOSIGNAL);
        g_free(big);
        reply = qmp_client_receive(c);
        g_assert_nonnull(reply);
        g_assert_nonnull(strstr(qdict_get_try_str(
            qdict_get_qdict(reply, "error"), "desc"), "exceeds"));
        g_assert_null(qmp_client_receive(c));
    }
    qmp_client_close(c);
    assert_alive(witness);

    /* Half a message, then gone. */
    c = qmp_client_connect(e->qmp_path);
    qmp_client_negotiate(c);
    qmp_client_send_raw(c, "{\"execute\": \"query-st", 22);
    qmp_client_close(c);
    assert_alive(witness);

    /* A client that never reads: its replies pile up until the engine
     * drops it; the others are answered all along. */
    c = qmp_client_connect(e->qmp_path);
    qmp_client_negotiate(c);
    {
        const char *req = "{\"execute\": \"query-qmp-schema\"}\n";
        int sent = 0;

        for (; sent < 4000; sent++) {
            if (send(c->fd, req, strlen(req), MSG_NOSIGNAL) < 0) {
                break;      /* dropped */
            }
            if (sent % 100 == 0) {
                assert_alive(witness);
            }
        }
        assert_alive(witness);
        /* Reading now finds the end of the stream after the queued
         * replies: the engine let go of the client. */
        for (QDict *msg; (msg = qmp_client_receive(c));) {
            qobject_unref(msg);
        }
    }
    qmp_client_close(c);
    assert_alive(witness);

    qmp_client_close(witness);
    g_assert_cmpint(engine_process_stop(e), ==, 0);
}

/* SIGTERM ends the engine cleanly: exit 0, socket file gone. */
static void test_sigterm_cleans_up(void)
{
    EngineProcess *e = engine_process_start(none_args);
    g_autofree char *path = g_strdup(e->qmp_path);

    kill(e->pid, SIGTERM);
    g_assert_cmpint(engine_process_wait(e), ==, 0);
    g_assert_false(g_file_test(path, G_FILE_TEST_EXISTS));
    g_assert_cmpint(engine_process_stop(e), ==, 0);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/engine-qmp/greeting", test_greeting);
    g_test_add_func("/engine-qmp/negotiation", test_negotiation);
    g_test_add_func("/engine-qmp/id-echo", test_id_echo);
    g_test_add_func("/engine-qmp/error-classes", test_error_classes);
    g_test_add_func("/engine-qmp/many-clients-and-events",
                    test_many_clients_and_events);
    g_test_add_func("/engine-qmp/run-states", test_run_states);
    g_test_add_func("/engine-qmp/queries", test_queries);
    g_test_add_func("/engine-qmp/chardev-commands", test_chardev_commands);
    g_test_add_func("/engine-qmp/device-commands", test_device_commands);
    g_test_add_func("/engine-qmp/property-change-event",
                    test_property_change_event);
    g_test_add_func("/engine-qmp/torture", test_torture);
    g_test_add_func("/engine-qmp/sigterm-cleans-up", test_sigterm_cleans_up);
    return g_test_run();
}
