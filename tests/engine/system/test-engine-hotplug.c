/* Hot-plug on the riscv virt machine through QMP, the way a front-end does
 * it: device_add of virtio devices on a running or paused machine lands in
 * a free virtio-mmio slot and shows in info qtree, the QOM tree and
 * query-vm-config at once; device_del of a device no driver started
 * sends DEVICE_DELETED before its reply; a full machine says so. The
 * guest's side (a driver holding the device) is played over qtest: the
 * removal then waits for the driver's status write of 0, or system_reset.
 * Skipped while the engine has no virt machine. */
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "engine-process.h"
#include "libqtest.h"
#include "qjson.h"
#include "qlist.h"

enum {
    VIRTIO_BASE = 0x10001000,
    VIRTIO_SLOT_SIZE = 0x1000,
    REG_DEVICE_ID = 0x008,
    REG_STATUS = 0x070,
    STATUS_ACK = 1,
    STATUS_DRIVER = 2,
    DEVICE_ID_RNG = 4,
};

/* Where the first device without bus= lands on virt, as in QEMU. */
#define TOP_SLOT 7

static uint64_t slot_base(unsigned slot)
{
    return VIRTIO_BASE + (uint64_t)slot * VIRTIO_SLOT_SIZE;
}

/* The engine this test is built with has the virt machine: its absence
 * is a failure, not a skip. */
static bool have_virt(void)
{
    g_assert_true(qtest_has_machine("virt"));
    return true;
}

static void call_ok(QmpClient *c, const char *request)
{
    qobject_unref(qmp_client_return(c, request));
}

static void device_add(QmpClient *c, const char *json_args)
{
    g_autofree char *req = g_strdup_printf(
        "{\"execute\": \"device_add\", \"arguments\": %s}", json_args);

    call_ok(c, req);
}

/* The device_del reply; the events that came before it are queued. */
static void device_del(QmpClient *c, const char *id)
{
    g_autofree char *req = g_strdup_printf(
        "{\"execute\": \"device_del\", \"arguments\": {\"id\": \"%s\"}}", id);

    call_ok(c, req);
}

/* Whether an event called name for device id is queued (it came before
 * the last reply: the engine sends in order on one connection). */
static bool event_queued(QmpClient *c, const char *name, const char *id)
{
    for (GList *l = c->events->head; l; l = l->next) {
        QDict *ev = l->data;
        QDict *data = qdict_get_qdict(ev, "data");

        if (!g_strcmp0(qdict_get_try_str(ev, "event"), name) && data &&
            !g_strcmp0(qdict_get_try_str(data, "device"), id)) {
            return true;
        }
    }
    return false;
}

/* Waits for DEVICE_DELETED and checks what it says. */
static void expect_deleted(QmpClient *c, const char *id)
{
    g_autoptr(QDict) ev = qmp_client_wait_event(c, "DEVICE_DELETED");
    g_autofree char *data = qobject_to_json(qdict_get(ev, "data"));
    g_autofree char *expected = g_strdup_printf(
        "{\"device\":\"%s\",\"path\":\"/machine/peripheral/%s\"}", id, id);

    g_assert_cmpstr(data, ==, expected);
}

static bool peripheral_has(QmpClient *c, const char *id)
{
    g_autoptr(QObject) ret = qmp_client_return(
        c, "{\"execute\": \"qom-list\", \"arguments\": "
           "{\"path\": \"/machine/peripheral\"}}");
    QList *list = qobject_to(QList, ret);

    for (size_t i = 0; list && i < qlist_size(list); i++) {
        QDict *prop = qobject_to(QDict, qlist_entry(list, i));

        if (!g_strcmp0(qdict_get_try_str(prop, "name"), id)) {
            return true;
        }
    }
    return false;
}

static char *hmp_text(QmpClient *c, const char *command_line)
{
    g_autofree char *raw = qmp_client_hmp(c, command_line);
    g_auto(GStrv) parts = g_strsplit(raw, "\r", -1);

    return g_strjoinv("", parts);
}

static char *vm_config(QmpClient *c)
{
    g_autoptr(QObject) ret = qmp_client_return(
        c, "{\"execute\": \"query-vm-config\"}");

    return g_strdup(qdict_get_try_str(qobject_to(QDict, ret), "text"));
}

static void assert_contains(const char *text, const char *part)
{
    if (!strstr(text, part)) {
        g_error("'%s' not found in:\n%s", part, text);
    }
}

static void assert_lacks(const char *text, const char *part)
{
    if (strstr(text, part)) {
        g_error("'%s' still in:\n%s", part, text);
    }
}

/* A running guest (the interpreter executing, no firmware): an entropy
 * device goes into the top free slot, where qtree, the QOM tree and the
 * configuration read back show it; device_del takes it out again with
 * DEVICE_DELETED, from all three. */
static void test_running_plug_unplug(void)
{
    static const char *const args[] = {
        "-M", "virt", "-bios", "none", "-display", "none", "-nodefaults",
        NULL,
    };

    if (!have_virt()) {
        return;
    }
    EngineProcess *e = engine_process_start(args);
    QmpClient *c = qmp_client_connect(e->qmp_path);
    g_autoptr(QObject) status = NULL;
    g_autoptr(QObject) hotplugged = NULL;
    g_autofree char *qtree = NULL;
    g_autofree char *config = NULL;
    g_autofree char *qtree_after = NULL;
    g_autofree char *config_after = NULL;
    g_autofree char *top_bus = g_strdup_printf(
        "bus: virtio-mmio-bus.%d\n      type virtio-mmio-bus\n"
        "      dev: virtio-rng-device, id \"rng9\"\n", TOP_SLOT);

    qmp_client_negotiate(c);
    status = qmp_client_return(c, "{\"execute\": \"query-status\"}");
    g_assert_cmpstr(qdict_get_try_str(qobject_to(QDict, status), "status"),
                    ==, "running");

    device_add(c, "{\"driver\": \"virtio-rng-device\", \"id\": \"rng9\"}");
    g_assert_true(peripheral_has(c, "rng9"));
    hotplugged = qmp_client_return(
        c, "{\"execute\": \"qom-get\", \"arguments\": {\"path\": "
           "\"/machine/peripheral/rng9\", \"property\": \"hotplugged\"}}");
    g_assert_true(qobject_to(QBool, hotplugged) &&
                  qbool_get_bool(qobject_to(QBool, hotplugged)));
    qtree = hmp_text(c, "info qtree");
    assert_contains(qtree, top_bus);
    config = vm_config(c);
    assert_contains(config, "[device \"rng9\"]\n"
                            "  driver = \"virtio-rng-device\"\n");

    device_del(c, "rng9");
    /* No driver had started it: it was gone before the reply. */
    g_assert_true(event_queued(c, "DEVICE_DELETED", "rng9"));
    expect_deleted(c, "rng9");
    g_assert_false(peripheral_has(c, "rng9"));
    qtree_after = hmp_text(c, "info qtree");
    assert_lacks(qtree_after, "virtio-rng-device");
    config_after = vm_config(c);
    assert_lacks(config_after, "rng9");

    qmp_client_close(c);
    g_assert_cmpint(engine_process_stop(e), ==, 0);
}

/* A paused machine takes a disk with its drive and a network card with
 * its netdev; removed, each lets go of its back-end, which the next device
 * can take. */
static void test_paused_disk_and_nic(void)
{
    if (!have_virt()) {
        return;
    }
    g_autofree char *dir = g_dir_make_tmp("quern-hotplug-XXXXXX", NULL);
    g_autofree char *image = g_build_filename(dir, "disk.img", NULL);
    g_autofree char *drive = NULL;

    g_assert_true(g_file_set_contents(image, "", 0, NULL));
    g_assert_cmpint(truncate(image, 1024 * 1024), ==, 0);
    drive = g_strdup_printf("if=none,id=hd0,file=%s,format=raw", image);

    const char *const args[] = {
        "-M", "virt", "-bios", "none", "-display", "none", "-nodefaults",
        "-drive", drive, "-netdev", "user,id=n0", NULL,
    };
    EngineProcess *e = engine_process_start(args);
    QmpClient *c = qmp_client_connect(e->qmp_path);
    g_autofree char *qtree = NULL;
    g_autofree char *block = NULL;

    qmp_client_negotiate(c);
    call_ok(c, "{\"execute\": \"stop\"}");
    device_add(c, "{\"driver\": \"virtio-blk-device\", \"id\": \"disk9\", "
                  "\"drive\": \"hd0\"}");
    device_add(c, "{\"driver\": \"virtio-net-device\", \"id\": \"net9\", "
                  "\"netdev\": \"n0\"}");
    qtree = hmp_text(c, "info qtree");
    assert_contains(qtree, "dev: virtio-blk-device, id \"disk9\"");
    assert_contains(qtree, "dev: virtio-net-device, id \"net9\"");
    block = hmp_text(c, "info block");
    assert_contains(block, "disk9");
    /* Both back-ends are taken. */
    qmp_client_expect_error(c, "{\"execute\": \"device_add\", \"arguments\": "
                            "{\"driver\": \"virtio-blk-device\", "
                            "\"drive\": \"hd0\"}}", "GenericError", "hd0");

    device_del(c, "disk9");
    expect_deleted(c, "disk9");
    device_del(c, "net9");
    expect_deleted(c, "net9");
    device_add(c, "{\"driver\": \"virtio-blk-device\", \"id\": \"disk10\", "
                  "\"drive\": \"hd0\"}");
    device_add(c, "{\"driver\": \"virtio-net-device\", \"id\": \"net10\", "
                  "\"netdev\": \"n0\"}");
    call_ok(c, "{\"execute\": \"cont\"}");

    qmp_client_close(c);
    g_assert_cmpint(engine_process_stop(e), ==, 0);
    g_remove(image);
    g_rmdir(dir);
}

/* Eight slots: the ninth device is refused with a reason a user can act
 * on, and the engine keeps the eight. */
static void test_all_slots_full(void)
{
    static const char *const args[] = {
        "-M", "virt", "-bios", "none", "-display", "none", "-nodefaults",
        NULL,
    };

    if (!have_virt()) {
        return;
    }
    EngineProcess *e = engine_process_start(args);
    QmpClient *c = qmp_client_connect(e->qmp_path);

    qmp_client_negotiate(c);
    for (int i = 0; i < 8; i++) {
        g_autofree char *json = g_strdup_printf(
            "{\"driver\": \"virtio-rng-device\", \"id\": \"rng%d\"}", i);

        device_add(c, json);
    }
    qmp_client_expect_error(c, "{\"execute\": \"device_add\", \"arguments\": "
                            "{\"driver\": \"virtio-rng-device\", "
                            "\"id\": \"rng8\"}}", "GenericError",
                            "no free 'virtio-bus' bus for device "
                            "'virtio-rng-device': all 8 are full");
    g_assert_false(peripheral_has(c, "rng8"));
    g_assert_true(peripheral_has(c, "rng7"));

    qmp_client_close(c);
    g_assert_cmpint(engine_process_stop(e), ==, 0);
}

/* A machine whose "guest" is this test, over qtest, with rng9 plugged in
 * the top slot and a driver's first status bits written to it. */
static QTestState *start_with_held_rng(void)
{
    QTestState *s = qtest_initf("-M virt -m 64M -nodefaults");
    QmpClient *c = qtest_qmp_client(s);

    device_add(c, "{\"driver\": \"virtio-rng-device\", \"id\": \"rng9\"}");
    g_assert_cmpuint(qtest_readl(s, slot_base(TOP_SLOT) + REG_DEVICE_ID), ==,
                     DEVICE_ID_RNG);
    qtest_writel(s, slot_base(TOP_SLOT) + REG_STATUS,
                 STATUS_ACK | STATUS_DRIVER);
    return s;
}

/* The driver holds the device: device_del is accepted but nothing goes;
 * a second one says the unplug is under way. The driver's reset (status
 * 0, what Linux writes when it unbinds) completes it: DEVICE_DELETED, and
 * the slot reads device ID 0. */
static void test_held_device_waits_for_reset(void)
{
    if (!have_virt()) {
        return;
    }
    QTestState *s = start_with_held_rng();
    QmpClient *c = qtest_qmp_client(s);

    device_del(c, "rng9");
    g_assert_false(event_queued(c, "DEVICE_DELETED", "rng9"));
    qmp_client_expect_error(c, "{\"execute\": \"device_del\", \"arguments\": "
                            "{\"id\": \"rng9\"}}", "GenericError",
                            "'rng9' is already in the process of unplug");
    g_assert_false(event_queued(c, "DEVICE_DELETED", "rng9"));
    g_assert_true(peripheral_has(c, "rng9"));
    g_assert_cmpuint(qtest_readl(s, slot_base(TOP_SLOT) + REG_DEVICE_ID), ==,
                     DEVICE_ID_RNG);

    qtest_writel(s, slot_base(TOP_SLOT) + REG_STATUS, 0);
    expect_deleted(c, "rng9");
    g_assert_false(peripheral_has(c, "rng9"));
    g_assert_cmpuint(qtest_readl(s, slot_base(TOP_SLOT) + REG_DEVICE_ID), ==,
                     0);
    g_assert_cmpint(qtest_quit(s), ==, 0);
}

/* system_reset takes every device from the guest: the pending removal
 * completes with it. */
static void test_held_device_goes_at_system_reset(void)
{
    if (!have_virt()) {
        return;
    }
    QTestState *s = start_with_held_rng();
    QmpClient *c = qtest_qmp_client(s);

    device_del(c, "rng9");
    g_assert_false(event_queued(c, "DEVICE_DELETED", "rng9"));
    call_ok(c, "{\"execute\": \"system_reset\"}");
    expect_deleted(c, "rng9");
    g_assert_false(peripheral_has(c, "rng9"));
    g_assert_cmpuint(qtest_readl(s, slot_base(TOP_SLOT) + REG_DEVICE_ID), ==,
                     0);
    g_assert_cmpint(qtest_quit(s), ==, 0);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/engine-hotplug/running/rng-in-and-out-of-every-view",
                    test_running_plug_unplug);
    g_test_add_func("/engine-hotplug/paused/disk-and-nic-with-back-ends",
                    test_paused_disk_and_nic);
    g_test_add_func("/engine-hotplug/all-slots-full-says-so",
                    test_all_slots_full);
    g_test_add_func("/engine-hotplug/held/device-del-waits-for-status-0",
                    test_held_device_waits_for_reset);
    g_test_add_func("/engine-hotplug/held/system-reset-completes-it",
                    test_held_device_goes_at_system_reset);
    return g_test_run();
}
