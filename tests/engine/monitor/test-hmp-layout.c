/* HMP's text layouts over a command list of fakes: each fake QMP command
 * answers a canned QEMU-shaped reply (or records the arguments it got), so
 * the layout of every `info` subcommand and the arguments HMP builds for
 * device_add, object_add and chardev-add are checked whether or not the
 * engine has the real command yet. */
#include <string.h>

#include "hmp.h"
#include "qjson.h"

/* What the fakes answer, and what the last call got. */
static const char *canned_reply;
static QDict *last_args;
static char *last_command;

/* One marshaller per command name it stands for: the name is recorded so
 * a test sees which command HMP called. */
static bool fake_answer(const char *name, QDict *args, QObject **ret,
                        Error **errp)
{
    g_free(last_command);
    last_command = g_strdup(name);
    qobject_unref(last_args);
    last_args = qobject_ref(args);
    if (canned_reply && g_str_has_prefix(canned_reply, "error:")) {
        error_setg(errp, "%s", canned_reply + strlen("error:"));
        return false;
    }
    if (canned_reply) {
        *ret = qobject_from_json(canned_reply, &error_abort);
    }
    return true;
}

#define FAKE(fn, name)                                                   \
    static bool fn(QDict *args, QObject **ret, Error **errp)             \
    {                                                                    \
        return fake_answer(name, args, ret, errp);                       \
    }
FAKE(fake_query_status, "query-status")
FAKE(fake_query_name, "query-name")
FAKE(fake_query_kvm, "query-kvm")
FAKE(fake_query_cpus_fast, "query-cpus-fast")
FAKE(fake_query_chardev, "query-chardev")
FAKE(fake_query_block, "query-block")
FAKE(fake_query_named_block_nodes, "query-named-block-nodes")
FAKE(fake_query_machines, "query-machines")
FAKE(fake_device_add, "device_add")
FAKE(fake_device_del, "device_del")
FAKE(fake_object_add, "object-add")
FAKE(fake_object_del, "object-del")
FAKE(fake_chardev_add, "chardev-add")
FAKE(fake_chardev_remove, "chardev-remove")
FAKE(fake_system_reset, "system_reset")
FAKE(fake_system_powerdown, "system_powerdown")
FAKE(fake_quit, "quit")
FAKE(fake_qom_get, "qom-get")
FAKE(fake_query_version, "query-version")

/* qom-list-properties: the lamp's typed properties, for key=value text. */
static bool fake_qom_list_properties(QDict *args, QObject **ret, Error **errp)
{
    const char *type = qdict_get_try_str(args, "typename");

    if (g_strcmp0(type, "lamp") && g_strcmp0(type, "memory-backend-ram")) {
        error_setg(errp, "no type '%s'", type);
        return false;
    }
    *ret = qobject_from_json(
        "[{\"name\": \"on\", \"type\": \"bool\"},"
        " {\"name\": \"volume\", \"type\": \"uint8\"},"
        " {\"name\": \"offset\", \"type\": \"int\"},"
        " {\"name\": \"size\", \"type\": \"size\"},"
        " {\"name\": \"gain\", \"type\": \"number\"},"
        " {\"name\": \"label\", \"type\": \"str\"}]", &error_abort);
    return true;
}

/* query-qmp-schema: chardev-add's arguments, cut down, with an
 * alternate and a list to type too. */
static bool fake_query_qmp_schema(QDict *args, QObject **ret, Error **errp)
{
    *ret = qobject_from_json(
        "[{\"name\": \"chardev-add\", \"meta-type\": \"command\","
        "  \"arg-type\": \"0\", \"ret-type\": \"9\"},"
        " {\"name\": \"0\", \"meta-type\": \"object\", \"members\": ["
        "  {\"name\": \"id\", \"type\": \"str\"},"
        "  {\"name\": \"backend\", \"type\": \"1\"}]},"
        " {\"name\": \"1\", \"meta-type\": \"object\", \"members\": ["
        "  {\"name\": \"type\", \"type\": \"2\"}], \"tag\": \"type\","
        "  \"variants\": [{\"case\": \"null\", \"type\": \"9\"},"
        "   {\"case\": \"socket\", \"type\": \"3\"}]},"
        " {\"name\": \"2\", \"meta-type\": \"enum\","
        "  \"values\": [\"null\", \"socket\"]},"
        " {\"name\": \"3\", \"meta-type\": \"object\", \"members\": ["
        "  {\"name\": \"data\", \"type\": \"4\"}]},"
        " {\"name\": \"4\", \"meta-type\": \"object\", \"members\": ["
        "  {\"name\": \"addr\", \"type\": \"9\"},"
        "  {\"name\": \"server\", \"type\": \"bool\"},"
        "  {\"name\": \"reconnect\", \"type\": \"int\"},"
        "  {\"name\": \"backlog\", \"type\": \"size\"},"
        "  {\"name\": \"mode\", \"type\": \"5\"},"
        "  {\"name\": \"ports\", \"type\": \"6\"}]},"
        " {\"name\": \"5\", \"meta-type\": \"alternate\", \"members\": ["
        "  {\"type\": \"bool\"}, {\"type\": \"str\"}]},"
        " {\"name\": \"6\", \"meta-type\": \"array\","
        "  \"element-type\": \"uint16\"},"
        " {\"name\": \"9\", \"meta-type\": \"object\", \"members\": []},"
        " {\"name\": \"str\", \"meta-type\": \"builtin\","
        "  \"json-type\": \"string\"},"
        " {\"name\": \"bool\", \"meta-type\": \"builtin\","
        "  \"json-type\": \"boolean\"},"
        " {\"name\": \"int\", \"meta-type\": \"builtin\","
        "  \"json-type\": \"int\"},"
        " {\"name\": \"uint16\", \"meta-type\": \"builtin\","
        "  \"json-type\": \"int\"},"
        " {\"name\": \"size\", \"meta-type\": \"builtin\","
        "  \"json-type\": \"int\"}]", &error_abort);
    return true;
}

static QmpCommandList *fake_list(void)
{
    static const struct {
        const char *name;
        QmpMarshalFunc fn;
    } fakes[] = {
        { "query-status", fake_query_status },
        { "query-name", fake_query_name },
        { "query-kvm", fake_query_kvm },
        { "query-cpus-fast", fake_query_cpus_fast },
        { "query-chardev", fake_query_chardev },
        { "query-block", fake_query_block },
        { "query-named-block-nodes", fake_query_named_block_nodes },
        { "query-machines", fake_query_machines },
        { "qom-list-properties", fake_qom_list_properties },
        { "device_add", fake_device_add },
        { "device_del", fake_device_del },
        { "object-add", fake_object_add },
        { "object-del", fake_object_del },
        { "chardev-add", fake_chardev_add },
        { "chardev-remove", fake_chardev_remove },
        { "system_reset", fake_system_reset },
        { "system_powerdown", fake_system_powerdown },
        { "quit", fake_quit },
        { "qom-get", fake_qom_get },
        { "query-version", fake_query_version },
    };
    QmpCommandList *list = qmp_command_list_new();

    for (size_t i = 0; i < G_N_ELEMENTS(fakes); i++) {
        qmp_register_command(list, fakes[i].name, fakes[i].fn,
                             QCO_NO_OPTIONS, 0);
    }
    return list;
}

static QmpCommandList *fakes;

static void reset(void)
{
    canned_reply = NULL;
    g_clear_pointer(&last_args, qobject_unref_any);
    g_clear_pointer(&last_command, g_free);
}

/* Runs line with the fakes answering `reply`; returns the output. */
static char *run(const char *reply, const char *line)
{
    reset();
    canned_reply = reply;
    return hmp_run(fakes, line);
}

static void assert_run(const char *reply, const char *line,
                       const char *expected)
{
    g_autofree char *out = run(reply, line);

    g_assert_cmpstr(out, ==, expected);
}

/* The last command called and its arguments, as JSON text. */
static void assert_called(const char *command, const char *args_json)
{
    g_autofree char *args = qobject_to_json(QOBJECT(last_args));

    g_assert_cmpstr(last_command, ==, command);
    g_assert_cmpstr(args, ==, args_json);
}

static void test_status_layouts(void)
{
    assert_run("{\"running\": true, \"singlestep\": false, "
               "\"status\": \"running\"}", "info status",
               "VM status: running\n");
    assert_run("{\"running\": false, \"singlestep\": false, "
               "\"status\": \"paused\"}", "info status",
               "VM status: paused\n");
    assert_run("{\"running\": false, \"singlestep\": false, "
               "\"status\": \"prelaunch\"}", "info status",
               "VM status: paused (prelaunch)\n");
    assert_run("{\"running\": false, \"singlestep\": false, "
               "\"status\": \"guest-panicked\"}", "info status",
               "VM status: paused (guest-panicked)\n");
    assert_run("{\"running\": true, \"singlestep\": true, "
               "\"status\": \"running\"}", "info status",
               "VM status: running (single step mode)\n");
}

/* A name prints alone on its line; without one, nothing. */
static void test_name_layout(void)
{
    assert_run("{\"name\": \"debian-rv\"}", "info name", "debian-rv\n");
    assert_run("{}", "info name", "");
}

static void test_kvm_layout(void)
{
    assert_run("{\"enabled\": false, \"present\": true}", "info kvm",
               "kvm support: disabled\n");
    assert_run("{\"enabled\": true, \"present\": true}", "info kvm",
               "kvm support: enabled\n");
    assert_run("{\"enabled\": false, \"present\": false}", "info kvm",
               "kvm support: not compiled\n");
}

static const char cpus_reply[] =
    "[{\"cpu-index\": 0, \"qom-path\": \"/machine/soc0/harts[0]\", "
    "\"thread-id\": 29528, \"target\": \"riscv64\"},"
    " {\"cpu-index\": 1, \"qom-path\": \"/machine/soc0/harts[1]\", "
    "\"thread-id\": 29529, \"target\": \"riscv64\"}]";

/* '*' marks the current CPU: the first, or the one the session set. */
static void test_cpus_layout(void)
{
    g_autoptr(Hmp) hmp = hmp_new(fakes);
    g_autofree char *out = NULL;

    assert_run(cpus_reply, "info cpus",
               "* CPU #0: thread_id=29528\n"
               "  CPU #1: thread_id=29529\n");
    canned_reply = cpus_reply;
    hmp_set_cpu_index(hmp, 1);
    hmp_handle_line(hmp, "info cpus");
    out = hmp_take_output(hmp);
    g_assert_cmpstr(out, ==,
                    "  CPU #0: thread_id=29528\n"
                    "* CPU #1: thread_id=29529\n");
}

static void test_chardev_layout(void)
{
    assert_run("[{\"label\": \"serial0\", \"filename\": \"pty:/dev/pts/3\", "
               "\"frontend-open\": true},"
               " {\"label\": \"hmp\", \"filename\": "
               "\"unix:/run/q/hmp.sock,server=on\", "
               "\"frontend-open\": false}]", "info chardev",
               "serial0: filename=pty:/dev/pts/3\n"
               "hmp: filename=unix:/run/q/hmp.sock,server=on\n");
}

static const char block_reply[] =
    "[{\"device\": \"hd0\", \"locked\": false, \"removable\": false,"
    "  \"qdev\": \"/machine/peripheral/disk0/virtio-backend\","
    "  \"io-status\": \"ok\","
    "  \"inserted\": {\"file\": \"images/disk0.raw\", \"node-name\": "
    "\"#block123\", \"ro\": false, \"drv\": \"raw\", \"encrypted\": false,"
    "   \"backing_file_depth\": 0, \"detect_zeroes\": \"off\","
    "   \"bps\": 0, \"bps_rd\": 0, \"bps_wr\": 0, \"iops\": 0,"
    "   \"iops_rd\": 0, \"iops_wr\": 0, \"write_threshold\": 0,"
    "   \"cache\": {\"writeback\": true, \"direct\": false, "
    "\"no-flush\": false}}},"
    " {\"device\": \"cd0\", \"locked\": true, \"removable\": true,"
    "  \"tray_open\": false, \"io-status\": \"nospace\"},"
    " {\"device\": \"ro0\", \"locked\": false, \"removable\": false,"
    "  \"inserted\": {\"file\": \"/srv/base.img\", \"ro\": true,"
    "   \"drv\": \"raw\", \"encrypted\": false, \"backing_file_depth\": 1,"
    "   \"backing_file\": \"/srv/older.img\", \"detect_zeroes\": \"unmap\","
    "   \"cache\": {\"writeback\": false, \"direct\": true, "
    "\"no-flush\": true}}}]";

/* QEMU's print_block_info layout: name (node): file (driver, flags), then
 * indented details; a blank line between devices. */
static void test_block_layout(void)
{
    assert_run(block_reply, "info block",
               "hd0 (#block123): images/disk0.raw (raw)\n"
               "    Attached to:      "
               "/machine/peripheral/disk0/virtio-backend\n"
               "    Cache mode:       writeback\n"
               "\n"
               "cd0: [not inserted]\n"
               "    I/O status:       nospace\n"
               "    Removable device: locked, tray closed\n"
               "\n"
               "ro0: /srv/base.img (raw, read-only)\n"
               "    Cache mode:       writethrough, direct, "
               "ignore flushes\n"
               "    Backing file:     /srv/older.img (chain depth: 1)\n"
               "    Detect zeroes:    unmap\n");
    assert_run(block_reply, "info block cd0",
               "cd0: [not inserted]\n"
               "    I/O status:       nospace\n"
               "    Removable device: locked, tray closed\n");
}

/* -n lists the named nodes from query-named-block-nodes. */
static void test_block_nodes_layout(void)
{
    assert_run("[{\"file\": \"a.raw\", \"node-name\": \"n1\", \"ro\": true,"
               " \"drv\": \"raw\", \"encrypted\": false,"
               " \"backing_file_depth\": 0, \"detect_zeroes\": \"off\","
               " \"cache\": {\"writeback\": true, \"direct\": true,"
               " \"no-flush\": false}}]", "info block -n",
               "n1: a.raw (raw, read-only)\n"
               "    Cache mode:       writeback, direct\n");
    g_assert_cmpstr(last_command, ==, "query-named-block-nodes");
}

/* No `info machines` in QEMU: this is -machine help's layout from
 * query-machines, sorted, aliases first. */
static void test_machines_layout(void)
{
    assert_run("[{\"name\": \"virt\", \"is-default\": true, \"cpu-max\": 8,"
               " \"hotpluggable-cpus\": false, \"numa-mem-supported\": false,"
               " \"deprecated\": false, \"acpi\": false},"
               " {\"name\": \"none\", \"is-default\": false, \"cpu-max\": 1,"
               " \"hotpluggable-cpus\": false, \"numa-mem-supported\": false,"
               " \"deprecated\": false, \"acpi\": false},"
               " {\"name\": \"spike-1.0\", \"alias\": \"spike\","
               " \"is-default\": false, \"cpu-max\": 1,"
               " \"hotpluggable-cpus\": false, \"numa-mem-supported\": false,"
               " \"deprecated\": true, \"acpi\": false}]", "info machines",
               "Supported machines are:\n"
               "spike                (alias of spike-1.0)\n"
               "none\n"
               "spike-1.0            (deprecated)\n"
               "virt                 (default)\n");
}

/* Replies of a shape nobody promised: members missing, of the wrong type,
 * lists of non-objects. The monitor prints what it can and never
 * crashes. */
static void test_unexpected_reply_shapes(void)
{
    static const char *const lines[] = {
        "info status", "info version", "info name", "info kvm", "info cpus",
        "info chardev", "info block", "info block -n", "info block x",
        "info machines", "qom-get /a b", "qom-list /a", "info registers",
    };
    static const char *const replies[] = {
        "{}", "[]", "1", "\"text\"", "null", "[1, \"x\", null, [], {}]",
        "{\"qemu\": 7, \"package\": 1, \"running\": \"yes\"}",
        "[{\"device\": \"d\", \"inserted\": {}, \"removable\": true}]",
        "[{\"device\": 5, \"inserted\": [], \"qdev\": 1}]",
        "[{\"cpu-index\": \"0\", \"thread-id\": null}]",
    };

    for (size_t r = 0; r < G_N_ELEMENTS(replies); r++) {
        for (size_t l = 0; l < G_N_ELEMENTS(lines); l++) {
            g_autofree char *out = run(replies[r], lines[l]);

            g_assert_true(!*out || g_str_has_suffix(out, "\n"));
        }
    }
    assert_run("{}", "info version", "0.0.0\n");
    assert_run("[{\"device\": \"d\", \"inserted\": {}}]", "info block",
               "d:  ()\n    Cache mode:       writethrough\n");
}

/* A QMP error prints as QEMU prints it. */
static void test_qmp_error(void)
{
    assert_run("error:Device 'nope' not found", "device_del nope",
               "Error: Device 'nope' not found\n");
    assert_called("device_del", "{\"id\":\"nope\"}");
}

/* A command the list lacks: QMP's own answer. */
static void test_missing_command(void)
{
    assert_run(NULL, "info qom-tree-x",
               "unknown command: 'info qom-tree-x'\n");
    assert_run(NULL, "stop",
               "Error: The command stop has not been found\n");
}

/* device_add's text: the driver first, each property typed the way the
 * type declares it (qom-list-properties); what does not read as its type
 * stays text, so device_add itself says what it expected. */
static void test_device_add_arguments(void)
{
    assert_run(NULL,
               "device_add lamp,id=l0,on=on,volume=11,offset=-3,size=4k,"
               "gain=0.5,label=a,,b,bus=sysbus.0", "");
    assert_called("device_add",
                  "{\"driver\":\"lamp\",\"id\":\"l0\",\"on\":true,"
                  "\"volume\":11,\"offset\":-3,\"size\":4096,\"gain\":0.5,"
                  "\"label\":\"a,b\",\"bus\":\"sysbus.0\"}");
    assert_run(NULL, "device_add lamp,volume=loud", "");
    assert_called("device_add", "{\"driver\":\"lamp\",\"volume\":\"loud\"}");
    /* A type qom-list-properties does not know: all text. */
    assert_run(NULL, "device_add other,on=on", "");
    assert_called("device_add", "{\"driver\":\"other\",\"on\":\"on\"}");
    /* No driver at all: device_add says so. */
    assert_run(NULL, "device_add", "");
    assert_called("device_add", "{}");
}

static void test_device_add_bad_keyval(void)
{
    g_autofree char *out = run(NULL, "device_add lamp,=x");

    g_assert_true(g_str_has_prefix(out, "Error: "));
    g_assert_null(last_command);
}

static void test_object_add_arguments(void)
{
    assert_run(NULL, "object_add memory-backend-ram,id=mem0,size=64M", "");
    assert_called("object-add",
                  "{\"qom-type\":\"memory-backend-ram\",\"id\":\"mem0\","
                  "\"size\":67108864}");
    assert_run(NULL, "object_del mem0", "");
    assert_called("object-del", "{\"id\":\"mem0\"}");
}

/* With the schema at hand, the text is typed as chardev-add declares
 * it: through the union's tag to the socket's members, an alternate's
 * first branch that reads, each element of a list. */
static void test_chardev_add_typed_by_schema(void)
{
    g_autoptr(QmpCommandList) list = fake_list();
    g_autofree char *out = NULL;

    qmp_register_command(list, "query-qmp-schema", fake_query_qmp_schema,
                         QCO_NO_OPTIONS, 0);
    reset();
    out = hmp_run(list, "chardev-add socket,id=s0,path=/s,server=on,"
                  "reconnect=-1,backlog=1k,mode=off,ports.0=80,ports.1=0x1bb");
    g_assert_cmpstr(out, ==, "");
    assert_called("chardev-add",
                  "{\"id\":\"s0\",\"backend\":{\"type\":\"socket\","
                  "\"data\":{\"addr\":{\"type\":\"unix\",\"data\":"
                  "{\"path\":\"/s\"}},\"server\":true,\"reconnect\":-1,"
                  "\"backlog\":1024,\"mode\":false,\"ports\":[80,443]}}}");
    /* What does not read as its type stays text for the command to
     * refuse; an alternate with a string branch keeps it. */
    reset();
    g_free(hmp_run(list, "chardev-add socket,id=s1,server=maybe,mode=tcp,"
                   "reconnect=soon"));
    assert_called("chardev-add",
                  "{\"id\":\"s1\",\"backend\":{\"type\":\"socket\","
                  "\"data\":{\"server\":\"maybe\",\"mode\":\"tcp\","
                  "\"reconnect\":\"soon\"}}}");
}

/* -chardev's text in chardev-add's shape. */
static void test_chardev_add_arguments(void)
{
    assert_run(NULL, "chardev-add socket,id=s0,path=/run/s.sock,server=on,"
               "wait=off", "");
    assert_called("chardev-add",
                  "{\"id\":\"s0\",\"backend\":{\"type\":\"socket\",\"data\":"
                  "{\"addr\":{\"type\":\"unix\",\"data\":"
                  "{\"path\":\"/run/s.sock\"}},"
                  "\"server\":\"on\",\"wait\":\"off\"}}}");
    assert_run(NULL, "chardev-add file,id=f0,path=/tmp/out.log", "");
    assert_called("chardev-add",
                  "{\"id\":\"f0\",\"backend\":{\"type\":\"file\",\"data\":"
                  "{\"out\":\"/tmp/out.log\"}}}");
    assert_run(NULL, "chardev-add null,id=n0", "");
    assert_called("chardev-add",
                  "{\"id\":\"n0\",\"backend\":{\"type\":\"null\","
                  "\"data\":{}}}");
    assert_run(NULL, "chardev-remove n0", "");
    assert_called("chardev-remove", "{\"id\":\"n0\"}");
}

/* qom-get's JSON as QEMU's json-writer pretty-prints it: four spaces a
 * level, empty containers on two lines, doubles with 17 digits. */
static void test_qom_get_pretty_json(void)
{
    assert_run("{\"a\": 1, \"b\": [true, null, \"x\"], \"c\": {},"
               " \"d\": [], \"e\": {\"f\": 0.1}, \"g\": 18446744073709551615,"
               " \"h\": -5}",
               "qom-get /machine thing",
               "{\n"
               "    \"a\": 1,\n"
               "    \"b\": [\n"
               "        true,\n"
               "        null,\n"
               "        \"x\"\n"
               "    ],\n"
               "    \"c\": {\n"
               "    },\n"
               "    \"d\": [\n"
               "    ],\n"
               "    \"e\": {\n"
               "        \"f\": 0.10000000000000001\n"
               "    },\n"
               "    \"g\": 18446744073709551615,\n"
               "    \"h\": -5\n"
               "}\n");
    assert_called("qom-get", "{\"path\":\"/machine\",\"property\":\"thing\"}");
    assert_run("[]", "qom-get /machine list", "[\n]\n");
}

static void test_plain_commands_reach_qmp(void)
{
    static const char *const pairs[][2] = {
        { "system_reset", "system_reset" },
        { "system_powerdown", "system_powerdown" },
        { "q", "quit" },
        { "quit", "quit" },
    };

    for (size_t i = 0; i < G_N_ELEMENTS(pairs); i++) {
        assert_run(NULL, pairs[i][0], "");
        assert_called(pairs[i][1], "{}");
    }
}

int main(int argc, char **argv)
{
    int ret;

    g_test_init(&argc, &argv, NULL);
    fakes = fake_list();
    g_test_add_func("/hmp-layout/info/status", test_status_layouts);
    g_test_add_func("/hmp-layout/info/name", test_name_layout);
    g_test_add_func("/hmp-layout/info/kvm", test_kvm_layout);
    g_test_add_func("/hmp-layout/info/cpus-marks-current", test_cpus_layout);
    g_test_add_func("/hmp-layout/info/chardev", test_chardev_layout);
    g_test_add_func("/hmp-layout/info/block", test_block_layout);
    g_test_add_func("/hmp-layout/info/block-nodes", test_block_nodes_layout);
    g_test_add_func("/hmp-layout/info/machines", test_machines_layout);
    g_test_add_func("/hmp-layout/errors/unexpected-reply-shapes",
                    test_unexpected_reply_shapes);
    g_test_add_func("/hmp-layout/errors/qmp-error", test_qmp_error);
    g_test_add_func("/hmp-layout/errors/missing-command",
                    test_missing_command);
    g_test_add_func("/hmp-layout/device-add/typed-arguments",
                    test_device_add_arguments);
    g_test_add_func("/hmp-layout/device-add/bad-text",
                    test_device_add_bad_keyval);
    g_test_add_func("/hmp-layout/object-add/typed-arguments",
                    test_object_add_arguments);
    g_test_add_func("/hmp-layout/chardev-add/typed-by-schema",
                    test_chardev_add_typed_by_schema);
    g_test_add_func("/hmp-layout/chardev-add/qmp-shape",
                    test_chardev_add_arguments);
    g_test_add_func("/hmp-layout/qom-get/pretty-json",
                    test_qom_get_pretty_json);
    g_test_add_func("/hmp-layout/commands/reach-qmp",
                    test_plain_commands_reach_qmp);
    ret = g_test_run();
    reset();
    qmp_command_list_free(fakes);
    return ret;
}
