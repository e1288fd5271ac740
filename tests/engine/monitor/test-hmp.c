/* HMP as a QMP client sees it through human-monitor-command, over the
 * engine's real command list: each command's exact text, QEMU's messages
 * for bad input, and the commands reaching their QMP twins (the run state
 * changes, the QOM property changes). */
#include <string.h>
#include <glib/gstdio.h>

#include "hmp.h"
#include "hmp-commands.h"
#include "hmp-parse.h"
#include "object-path.h"
#include "object-property.h"
#include "qjson.h"
#include "qmp-engine.h"
#include "runstate.h"
#include "sysbus.h"
#include "vm-info.h"
#include "chardev.h"

/* A lamp with a switch, a volume, a buffer size and a label. */
#define TYPE_HMP_TEST_LAMP "hmp-test-lamp"

typedef struct HmpTestLamp {
    Object parent;
    bool on;
    uint8_t volume;
    uint64_t buffer;
    char *label;
} HmpTestLamp;

static char *lamp_get_label(Object *obj)
{
    return g_strdup(((HmpTestLamp *)obj)->label);
}

static bool lamp_set_label(Object *obj, const char *value, Error **errp)
{
    HmpTestLamp *lamp = (HmpTestLamp *)obj;

    g_free(lamp->label);
    lamp->label = g_strdup(value);
    return true;
}

static void lamp_finalize(Object *obj)
{
    g_free(((HmpTestLamp *)obj)->label);
}

static void lamp_class_init(ObjectClass *oc, const void *data)
{
    object_class_property_add_field(oc, "on", OBJECT_FIELD_BOOL,
                                    offsetof(HmpTestLamp, on),
                                    OBJ_PROP_FLAG_READWRITE);
    object_class_property_add_field(oc, "volume", OBJECT_FIELD_UINT8,
                                    offsetof(HmpTestLamp, volume),
                                    OBJ_PROP_FLAG_READWRITE);
    object_class_property_add_field(oc, "buffer", OBJECT_FIELD_SIZE,
                                    offsetof(HmpTestLamp, buffer),
                                    OBJ_PROP_FLAG_READWRITE);
    object_class_property_add_str(oc, "label", lamp_get_label,
                                  lamp_set_label);
}

static const TypeInfo hmp_test_types[] = {
    {
        .name = TYPE_HMP_TEST_LAMP,
        .parent = TYPE_OBJECT,
        .instance_size = sizeof(HmpTestLamp),
        .instance_finalize = lamp_finalize,
        .class_init = lamp_class_init,
    },
};
DEFINE_TYPES(hmp_test_types)

/* /hmp-test with lamp0 and a box holding b2, b10 and a. */
static Object *fixture_new(void)
{
    Object *top = container_get(object_get_root(), "/hmp-test");
    Object *lamp = object_new(TYPE_HMP_TEST_LAMP);
    Object *box = container_get(top, "box");

    object_property_add_child(top, "lamp0", lamp);
    object_unref(lamp);
    container_get(box, "b2");
    container_get(box, "b10");
    container_get(box, "a");
    return top;
}

/* Runs line through human-monitor-command, as a QMP client would. */
static char *hmc(const char *line)
{
    g_autoptr(QDict) args = qdict_new();
    g_autoptr(QDict) request = qdict_new();
    g_autoptr(QDict) reply = NULL;
    const char *out;

    qdict_put_str(args, "command-line", line);
    qdict_put_str(request, "execute", "human-monitor-command");
    qdict_put(request, "arguments", g_steal_pointer(&args));
    reply = qmp_dispatch(qmp_engine_commands(), QOBJECT(request), NULL);
    g_assert_nonnull(reply);
    out = qdict_get_try_str(reply, "return");
    if (!out) {
        g_autofree char *text = qobject_to_json(QOBJECT(reply));

        g_error("human-monitor-command failed: %s", text);
    }
    return g_strdup(out);
}

/* expected is written with '\n'; QEMU's answer ends lines in "\r\n". */
static void assert_hmp(const char *line, const char *expected)
{
    g_autofree char *out = hmc(line);
    g_autofree char *want = hmp_text_crlf(expected);

    g_assert_cmpstr(out, ==, want);
}

/* The QMP reply, as compact JSON text. */
static char *qmp(const char *request)
{
    g_autoptr(QObject) req = qobject_from_json(request, &error_abort);
    g_autoptr(QDict) reply = qmp_dispatch(qmp_engine_commands(), req, NULL);

    return qobject_to_json(QOBJECT(reply));
}

/* The text comes back as the return value, lines ending in "\r\n" as
 * QEMU 7.2's do. */
static void test_hmc_returns_text(void)
{
    g_autofree char *reply = qmp(
        "{\"execute\": \"human-monitor-command\", "
        "\"arguments\": {\"command-line\": \"info version\"}, \"id\": 3}");

    g_assert_cmpstr(reply, ==,
                    "{\"return\":\"7.2.0 (quern " QUERN_VERSION ")\\r\\n\","
                    "\"id\":3}");
}

/* A command that prints nothing returns "". */
static void test_hmc_empty_output(void)
{
    assert_hmp("", "");
    assert_hmp("   ", "");
}

/* cpu-index must name a CPU query-cpus-fast lists. */
static void test_hmc_bad_cpu_index(void)
{
    g_autofree char *reply = qmp(
        "{\"execute\": \"human-monitor-command\", \"arguments\": "
        "{\"command-line\": \"info cpus\", \"cpu-index\": 99}}");

    g_assert_cmpstr(reply, ==,
                    "{\"error\":{\"class\":\"GenericError\",\"desc\":"
                    "\"Parameter 'cpu-index' expects a CPU number\"}}");
}

/* The run state through stop and cont, as QEMU 7.2 words it. */
static void test_status_follows_stop_and_cont(void)
{
    runstate_reset_for_test();
    assert_hmp("info status", "VM status: paused (prelaunch)\n");
    assert_hmp("cont", "");
    assert_hmp("info status", "VM status: running\n");
    assert_hmp("stop", "");
    assert_hmp("info status", "VM status: paused\n");
    assert_hmp("c", "");
    assert_hmp("info status", "VM status: running\n");
    assert_hmp("s", "");
    g_assert_cmpint(runstate_get(), ==, RUN_STATE_PAUSED);
    runstate_reset_for_test();
}

static void test_version(void)
{
    assert_hmp("info version", "7.2.0 (quern " QUERN_VERSION ")\n");
}

static void test_help_one_command(void)
{
    assert_hmp("help stop", "stop|s  -- stop emulation\n");
    assert_hmp("help s", "stop|s  -- stop emulation\n");
    assert_hmp("? qom-get", "qom-get path property -- print QOM property\n");
    assert_hmp("help info status",
               "info status  -- show the current VM status "
               "(running|paused)\n");
}

/* `help` and `info` alone list every command; each line names one. */
static void test_help_lists_everything(void)
{
    g_autofree char *all = hmc("help");
    g_autofree char *info = hmc("info");
    g_autofree char *help_info = hmc("help info");

    g_assert_true(g_str_has_prefix(all,
                                   "chardev-add args -- add chardev\r\n"));
    g_assert_nonnull(strstr(all, "\nquit|q  -- quit the emulator\r\n"));
    g_assert_nonnull(strstr(all, "\ninfo [subcommand] -- show various "
                            "information about the system state\r\n"));
    g_assert_nonnull(strstr(all, "\nqom-set [-j] path property value -- "
                            "set QOM property.\r\n\t\t\t-j: the value is "
                            "specified in json format.\r\n"));
    g_assert_nonnull(strstr(info, "\ninfo qom-tree [path] -- show QOM "
                            "composition tree\r\n"));
    g_assert_cmpstr(info, ==, help_info);
}

static void test_unknown_commands(void)
{
    assert_hmp("xyz", "unknown command: 'xyz'\n");
    assert_hmp("  xyz arg", "unknown command: 'xyz'\n");
    assert_hmp("info xyz", "unknown command: 'info xyz'\n");
    assert_hmp("help xyz", "unknown command: 'xyz'\n");
    assert_hmp("help info xyz", "unknown command: 'info xyz'\n");
}

/* QEMU's two lines: what is wrong, then where to read about it. */
static void test_argument_errors(void)
{
    assert_hmp("stop now",
               "stop|s: extraneous characters at the end of line\n"
               "Try \"help stop\" for more information\n");
    assert_hmp("info status x",
               "status: extraneous characters at the end of line\n"
               "Try \"help info status\" for more information\n");
    assert_hmp("qom-get",
               "qom-get: string expected\n"
               "Try \"help qom-get\" for more information\n");
    assert_hmp("qom-get /hmp-test",
               "qom-get: string expected\n"
               "Try \"help qom-get\" for more information\n");
    assert_hmp("qom-get /a b c",
               "qom-get: extraneous characters at the end of line\n"
               "Try \"help qom-get\" for more information\n");
    assert_hmp("qom-get \"/a b",
               "qom-get: unterminated string\n"
               "Try \"help qom-get\" for more information\n");
    assert_hmp("qom-get \"\\q\" x",
               "qom-get: unsupported escape code: '\\q'\n"
               "Try \"help qom-get\" for more information\n");
    assert_hmp("qom-set -x /a b c",
               "qom-set: unsupported option -x\n"
               "Try \"help qom-set\" for more information\n");
    /* A message quotes a whole character, never half of one. */
    assert_hmp("qom-set -\xc3\xa9 /a b c",
               "qom-set: unsupported option -\xc3\xa9\n"
               "Try \"help qom-set\" for more information\n");
    assert_hmp("qom-get \"\\\xc3\xa9\" x",
               "qom-get: unsupported escape code: '\\\xc3\xa9'\n"
               "Try \"help qom-get\" for more information\n");
    assert_hmp("info registers x",
               "registers: integer expected\n"
               "Try \"help info registers\" for more information\n");
}

static void test_qom_list(void)
{
    Object *top = fixture_new();

    assert_hmp("qom-list", "/\n");
    assert_hmp("qom-list /hmp-test/lamp0",
               "type (str)\n"
               "on (bool)\n"
               "volume (uint8)\n"
               "buffer (size)\n"
               "label (str)\n");
    assert_hmp("qom-list /hmp-test/nothing",
               "Error: Device '/hmp-test/nothing' not found\n");
    object_unparent(top);
}

/* qom-get prints JSON, dicts indented by four spaces as QEMU does. */
static void test_qom_get(void)
{
    Object *top = fixture_new();

    assert_hmp("qom-get /hmp-test/lamp0 type", "\"hmp-test-lamp\"\n");
    assert_hmp("qom-get /hmp-test/lamp0 on", "false\n");
    assert_hmp("qom-get /hmp-test/lamp0 volume", "0\n");
    assert_hmp("qom-get /hmp-test/lamp0 nothing",
               "Error: property 'nothing' not found on type 'hmp-test-lamp'\n");
    object_unparent(top);
}

/* The value is JSON when it reads as JSON, else the text itself;
 * quoted words keep their spaces. */
static void test_qom_set(void)
{
    Object *top = fixture_new();
    HmpTestLamp *lamp = (HmpTestLamp *)object_resolve_path(
        "/hmp-test/lamp0", NULL);

    assert_hmp("qom-set /hmp-test/lamp0 on true", "");
    g_assert_true(lamp->on);
    assert_hmp("qom-set /hmp-test/lamp0 volume 11", "");
    g_assert_cmpuint(lamp->volume, ==, 11);
    assert_hmp("qom-set /hmp-test/lamp0 label reading lamp", "");
    g_assert_cmpstr(lamp->label, ==, "reading lamp");
    assert_hmp("qom-set /hmp-test/lamp0 label \"42\"", "");
    g_assert_cmpstr(lamp->label, ==, "42");
    assert_hmp("qom-get \"/hmp-test/lamp0\" label", "\"42\"\n");
    /* -j insists on JSON. */
    assert_hmp("qom-set -j /hmp-test/lamp0 label lamp",
               "Error: JSON parse error at line 1, column 1: "
               "unexpected character 'l'\n");
    g_assert_cmpstr(lamp->label, ==, "42");
    /* Text that is not JSON is taken as it is, backslashes and all; the
     * JSON qom-get prints escapes what is not printable ASCII, as QEMU's
     * does (byte for byte against QEMU 7.2). */
    assert_hmp("qom-set /hmp-test/lamp0 label h\xc3\xa9\\\"x\\\\y"
               "\xf0\x9f\x98\x80", "");
    assert_hmp("qom-get /hmp-test/lamp0 label",
               "\"h\\u00E9\\\\\\\"x\\\\\\\\y\\uD83D\\uDE00\"\n");
    object_unparent(top);
}

/* Indented two spaces per level, siblings sorted with strcmp. */
static void test_info_qom_tree(void)
{
    Object *top = fixture_new();

    assert_hmp("info qom-tree /hmp-test",
               "/hmp-test (container)\n"
               "  /box (container)\n"
               "    /a (container)\n"
               "    /b10 (container)\n"
               "    /b2 (container)\n"
               "  /lamp0 (hmp-test-lamp)\n");
    assert_hmp("info qom-tree /hmp-test/nothing",
               "Path '/hmp-test/nothing' could not be resolved.\n");
    object_unparent(top);
}

static void test_info_mtree_provider(void)
{
    assert_hmp("info mtree",
               "No machine: there is no memory map to show\n");
}

static char *fake_mtree(bool flat, void *opaque)
{
    return g_strdup_printf("%s view of %s\n", flat ? "flat" : "tree",
                           (const char *)opaque);
}

/* The machine's provider answers, told whether -f was given. */
static void test_info_mtree_from_provider(void)
{
    hmp_set_mtree_provider(fake_mtree, "virt");
    assert_hmp("info mtree", "tree view of virt\n");
    assert_hmp("info mtree -f", "flat view of virt\n");
    assert_hmp("info mtree -x",
               "mtree: unsupported option -x\n"
               "Try \"help info mtree\" for more information\n");
    hmp_set_mtree_provider(NULL, NULL);
    assert_hmp("info mtree",
               "No machine: there is no memory map to show\n");
}

static char *fake_registers(bool all, int64_t cpu_index, void *opaque,
                            Error **errp)
{
    if (cpu_index > 1) {
        error_setg(errp, "CPU#%" G_GINT64_FORMAT " not available", cpu_index);
        return NULL;
    }
    return g_strdup_printf("%s pc=%" G_GINT64_FORMAT "\n",
                           all ? "all" : "one", cpu_index);
}

/* -a asks for every CPU, a number for one; without either the current
 * CPU (the first, as human-monitor-command sets none). An error prints as
 * QEMU's "CPU#3 not available". */
static void test_info_registers_from_provider(void)
{
    hmp_set_registers_provider(fake_registers, NULL);
    assert_hmp("info registers -a", "all pc=0\n");
    assert_hmp("info registers 1", "one pc=1\n");
    assert_hmp("info registers 0x1", "one pc=1\n");
    assert_hmp("info registers 3", "CPU#3 not available\n");
    hmp_set_registers_provider(NULL, NULL);
}

/* Before the machine exists its system bus does not either: the empty
 * tree QEMU's -M none prints. */
static void test_info_qtree_without_machine(void)
{
    g_assert_null(object_resolve_path("/machine/unattached/sysbus", NULL));
    assert_hmp("info qtree", "bus: main-system-bus\n  type System\n");
}

/* With the system bus made, its tree is printed from qdev (empty here:
 * no device is plugged in this test). */
static void test_info_qtree_with_sysbus(void)
{
    BusState *bus = sysbus_get_default();

    g_assert_nonnull(bus);
    assert_hmp("info qtree", "bus: main-system-bus\n  type System\n");
}

/* Without a registers provider there is no CPU to show. */
static void test_info_registers_without_cpu(void)
{
    assert_hmp("info registers", "No CPU available\n");
    assert_hmp("info registers -a", "No CPU available\n");
}

static void test_info_name_and_kvm(void)
{
    assert_hmp("info name", "");
    vm_info_set_name("debian-rv");
    assert_hmp("info name", "debian-rv\n");
    vm_info_set_name(NULL);
    assert_hmp("info kvm", "kvm support: not compiled\n");
}

/* No machine: no CPU to list; the machine types are listed all the
 * same, one per line under QEMU's heading. */
static void test_info_cpus_and_machines(void)
{
    g_autofree char *machines = hmc("info machines");

    assert_hmp("info cpus", "");
    g_assert_true(g_str_has_prefix(machines,
                                   "Supported machines are:\r\n"));
    g_assert_true(g_str_has_suffix(machines, "\r\n"));
    g_test_message("%s", machines);
}

/* -chardev's text through chardev-add: the ringbuf's size and the
 * socket's server and wait reach the typed command as numbers and
 * booleans; info chardev lists what was made; chardev-remove takes it
 * away. */
static void test_chardev_add_and_remove(void)
{
    g_autofree char *dir = g_dir_make_tmp("quern-hmp-XXXXXX", NULL);
    g_autofree char *sock = g_build_filename(dir, "s.sock", NULL);
    g_autofree char *add_socket = g_strdup_printf(
        "chardev-add socket,id=hmp-s0,path=%s,server=on,wait=off", sock);
    g_autofree char *list = NULL;

    assert_hmp("chardev-add ringbuf,id=hmp-r0,size=1024", "");
    g_assert_nonnull(chardev_find("hmp-r0"));
    assert_hmp(add_socket, "");
    g_assert_nonnull(chardev_find("hmp-s0"));
    list = hmc("info chardev");
    g_assert_nonnull(strstr(list, "hmp-r0: filename="));
    g_assert_nonnull(strstr(list, "hmp-s0: filename="));
    assert_hmp("chardev-remove hmp-r0", "");
    assert_hmp("chardev-remove hmp-s0", "");
    g_assert_null(chardev_find("hmp-r0"));
    g_assert_null(chardev_find("hmp-s0"));
    /* Gone: chardev-remove's error, in the engine's words. */
    g_free(list);
    list = hmc("chardev-remove hmp-r0");
    g_assert_true(g_str_has_prefix(list, "Error: "));
    g_assert_nonnull(strstr(list, "'hmp-r0'"));
    g_remove(sock);
    g_rmdir(dir);
}

/* The candidates for the text before the cursor, joined by spaces, and
 * where the word they replace starts. */
static char *complete(const char *prefix, size_t *word)
{
    g_auto(GStrv) cands = hmp_complete(prefix, word);

    return g_strjoinv(" ", cands);
}

static void assert_complete(const char *prefix, const char *expected,
                            size_t expected_word)
{
    size_t word = 99;
    g_autofree char *got = complete(prefix, &word);

    g_assert_cmpstr(got, ==, expected);
    g_assert_cmpuint(word, ==, expected_word);
}

/* Command names first, aliases included; info's subcommands after
 * "info"; both again after "help"; nothing for arguments. */
static void test_completion(void)
{
    assert_complete("qom-", "qom-get qom-list qom-set", 0);
    assert_complete("  s", "stop s system_powerdown system_reset", 2);
    assert_complete("info s", "status", 5);
    assert_complete("info  qo", "qom-tree", 6);
    assert_complete("help sys", "system_powerdown system_reset", 5);
    assert_complete("? info v", "version", 7);
    assert_complete("info status x", "", 12);
    assert_complete("qom-get /mach", "", 8);
    assert_complete("xyz ", "", 4);
}

/* A line that is not UTF-8 is refused before anything reads it. */
static void test_invalid_utf8_refused(void)
{
    g_autofree char *out = hmp_run(qmp_engine_commands(), "info \xff\xfe");

    g_assert_cmpstr(out, ==, "Error: the command line is not valid UTF-8\n");
}

/* A 100 KB line has no buffer to overflow: the whole name is quoted. */
static void test_huge_line(void)
{
    g_autofree char *name = g_strnfill(100 * 1024, 'x');
    g_autofree char *line = g_strdup_printf("%s arg", name);
    g_autofree char *expected = g_strdup_printf("unknown command: '%s'\n",
                                                name);
    g_autofree char *word = g_strdup_printf("qom-get \"%s\" %s", name, name);
    g_autofree char *out = hmp_run(qmp_engine_commands(), line);
    g_autofree char *out2 = hmp_run(qmp_engine_commands(), word);

    g_assert_cmpstr(out, ==, expected);
    g_assert_true(g_str_has_prefix(out2, "Error: Device 'xxx"));
}

/* Control bytes are just bytes of an unknown command. */
static void test_control_bytes(void)
{
    assert_hmp("\x01\x02\x1b[A", "unknown command: '\x01\x02\x1b[A'\n");
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/hmp/hmc/returns-the-text", test_hmc_returns_text);
    g_test_add_func("/hmp/hmc/empty-output", test_hmc_empty_output);
    g_test_add_func("/hmp/hmc/refuses-unknown-cpu-index",
                    test_hmc_bad_cpu_index);
    g_test_add_func("/hmp/status/follows-stop-and-cont",
                    test_status_follows_stop_and_cont);
    g_test_add_func("/hmp/info/version", test_version);
    g_test_add_func("/hmp/help/one-command", test_help_one_command);
    g_test_add_func("/hmp/help/lists-everything", test_help_lists_everything);
    g_test_add_func("/hmp/errors/unknown-commands", test_unknown_commands);
    g_test_add_func("/hmp/errors/arguments", test_argument_errors);
    g_test_add_func("/hmp/qom/list", test_qom_list);
    g_test_add_func("/hmp/qom/get", test_qom_get);
    g_test_add_func("/hmp/qom/set-json-or-text", test_qom_set);
    g_test_add_func("/hmp/info/qom-tree", test_info_qom_tree);
    g_test_add_func("/hmp/info/mtree-without-machine",
                    test_info_mtree_provider);
    g_test_add_func("/hmp/info/mtree-from-provider",
                    test_info_mtree_from_provider);
    g_test_add_func("/hmp/info/registers-from-provider",
                    test_info_registers_from_provider);
    g_test_add_func("/hmp/info/qtree-without-machine",
                    test_info_qtree_without_machine);
    g_test_add_func("/hmp/info/qtree-with-sysbus",
                    test_info_qtree_with_sysbus);
    g_test_add_func("/hmp/info/registers-without-cpu",
                    test_info_registers_without_cpu);
    g_test_add_func("/hmp/info/name-and-kvm", test_info_name_and_kvm);
    g_test_add_func("/hmp/info/cpus-and-machines",
                    test_info_cpus_and_machines);
    g_test_add_func("/hmp/chardev/add-and-remove",
                    test_chardev_add_and_remove);
    g_test_add_func("/hmp/complete/names-by-position", test_completion);
    g_test_add_func("/hmp/input/invalid-utf8-refused",
                    test_invalid_utf8_refused);
    g_test_add_func("/hmp/input/huge-line", test_huge_line);
    g_test_add_func("/hmp/input/control-bytes", test_control_bytes);
    return g_test_run();
}
