/* Device trees: a board's tree built through the builder and read back
 * with libfdt itself (and with dtc when it is installed), so what a guest
 * parses is what the board meant. */
#include "device-tree.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <libfdt.h>
#include <string.h>

static void assert_error(Error **errp, const char *a, const char *b)
{
    g_assert_nonnull(*errp);
    if (!strstr(error_get_pretty(*errp), a) ||
        (b && !strstr(error_get_pretty(*errp), b))) {
        g_error("error '%s' lacks '%s' or '%s'", error_get_pretty(*errp), a,
                b ? b : "");
    }
    error_free_or_abort(errp);
}

/* The blob, checked by libfdt as a guest would. */
static const void *blob_of(DeviceTree *dt)
{
    size_t size = 0;
    const void *fdt = device_tree_get_blob(dt, &size);

    g_assert_cmpint(fdt_check_full(fdt, size), ==, 0);
    g_assert_cmpuint(fdt_totalsize(fdt), ==, size);
    return fdt;
}

static int offset_of(const void *fdt, const char *path)
{
    int off = fdt_path_offset(fdt, path);

    if (off < 0) {
        g_error("node '%s' missing: %s", path, fdt_strerror(off));
    }
    return off;
}

static const void *prop_of(const void *fdt, const char *path,
                           const char *name, int *len)
{
    const void *v = fdt_getprop(fdt, offset_of(fdt, path), name, len);

    if (!v) {
        g_error("'%s' property '%s' missing", path, name);
    }
    return v;
}

/* A piece of QEMU's virt tree: the cpu's interrupt controller, the UART
 * with its reg cells and a compatible list, the test device's string
 * list, and interrupts-extended pointing at the controller's phandle. */
static DeviceTree *build_virt_piece(uint32_t *intc_phandle)
{
    DeviceTree *dt = device_tree_new();
    const char *intc = "/cpus/cpu@0/interrupt-controller";
    static const char *const test_compat[] = { "sifive,test1",
                                               "sifive,test0", "syscon",
                                               NULL };
    uint32_t reg[] = { 0x0, 0x10000000, 0x0, 0x100 };

    g_assert_true(device_tree_set_prop_u32(dt, "/", "#address-cells", 2,
                                           &error_abort));
    g_assert_true(device_tree_set_prop_string(dt, "/", "model",
                                              "riscv-virtio,qemu",
                                              &error_abort));
    /* Parents come with the node. */
    g_assert_true(device_tree_add_node(dt, intc, &error_abort));
    g_assert_true(device_tree_set_prop_empty(dt, intc, "interrupt-controller",
                                             &error_abort));
    *intc_phandle = device_tree_get_phandle(dt, intc, &error_abort);
    g_assert_true(device_tree_add_node(dt, "/soc/serial@10000000",
                                       &error_abort));
    g_assert_true(device_tree_set_prop_cells(dt, "/soc/serial@10000000",
                                             "reg", reg, G_N_ELEMENTS(reg),
                                             &error_abort));
    g_assert_true(device_tree_add_node(dt, "/soc/test@100000",
                                       &error_abort));
    g_assert_true(device_tree_set_prop_strings(dt, "/soc/test@100000",
                                               "compatible", test_compat,
                                               &error_abort));
    uint32_t ext[] = { *intc_phandle, 11, *intc_phandle, 9 };
    g_assert_true(device_tree_add_node(dt, "/soc/plic@c000000",
                                       &error_abort));
    g_assert_true(device_tree_set_prop_cells(dt, "/soc/plic@c000000",
                                             "interrupts-extended", ext,
                                             G_N_ELEMENTS(ext),
                                             &error_abort));
    g_assert_true(device_tree_set_prop_u64(dt, "/", "quern,u64",
                                           0x0123456789abcdefull,
                                           &error_abort));
    return dt;
}

static void test_build_and_read_back(void)
{
    uint32_t ph = 0;
    g_autoptr(DeviceTree) dt = build_virt_piece(&ph);
    const void *fdt = blob_of(dt);
    int len = 0;
    const fdt32_t *cells;
    fdt64_t u64;

    g_assert_cmpstr(prop_of(fdt, "/", "model", &len), ==,
                    "riscv-virtio,qemu");
    g_assert_cmpuint(fdt32_to_cpu(*(const fdt32_t *)
                                  prop_of(fdt, "/", "#address-cells", &len)),
                     ==, 2);
    g_assert_cmpint(len, ==, 4);
    cells = prop_of(fdt, "/soc/serial@10000000", "reg", &len);
    g_assert_cmpint(len, ==, 16);
    g_assert_cmphex(fdt32_to_cpu(cells[1]), ==, 0x10000000);
    g_assert_cmphex(fdt32_to_cpu(cells[3]), ==, 0x100);
    prop_of(fdt, "/cpus/cpu@0/interrupt-controller", "interrupt-controller",
            &len);
    g_assert_cmpint(len, ==, 0);

    int test = offset_of(fdt, "/soc/test@100000");
    g_assert_cmpint(fdt_stringlist_count(fdt, test, "compatible"), ==, 3);
    g_assert_cmpstr(fdt_stringlist_get(fdt, test, "compatible", 1, NULL), ==,
                    "sifive,test0");
    g_assert_cmpint(fdt_node_check_compatible(fdt, test, "syscon"), ==, 0);

    /* The phandle in interrupts-extended leads to the controller. */
    cells = prop_of(fdt, "/soc/plic@c000000", "interrupts-extended", &len);
    g_assert_cmpint(len, ==, 16);
    g_assert_cmpint(fdt_node_offset_by_phandle(fdt, fdt32_to_cpu(cells[0])),
                    ==, offset_of(fdt, "/cpus/cpu@0/interrupt-controller"));
    g_assert_cmpuint(fdt32_to_cpu(cells[3]), ==, 9);

    /* Properties are only 4-byte aligned. */
    memcpy(&u64, prop_of(fdt, "/", "quern,u64", &len), sizeof(u64));
    g_assert_cmpint(len, ==, 8);
    g_assert_cmphex(fdt64_to_cpu(u64), ==, 0x0123456789abcdefull);
}

/* Setting a property again replaces it. */
static void test_set_replaces(void)
{
    g_autoptr(DeviceTree) dt = device_tree_new();
    size_t len = 0;

    g_assert_true(device_tree_add_node(dt, "/chosen", &error_abort));
    g_assert_true(device_tree_set_prop_string(dt, "/chosen", "bootargs",
                                              "console=ttyS0", &error_abort));
    g_assert_true(device_tree_set_prop_string(dt, "/chosen", "bootargs",
                                              "quiet", &error_abort));
    g_assert_cmpstr(device_tree_get_prop(dt, "/chosen", "bootargs", &len,
                                         &error_abort), ==, "quiet");
    g_assert_cmpuint(len, ==, 6);
}

static void test_errors_name_node_and_property(void)
{
    g_autoptr(DeviceTree) dt = device_tree_new();
    Error *err = NULL;

    g_assert_false(device_tree_set_prop_u32(dt, "/soc/uart", "reg", 1,
                                            &err));
    assert_error(&err, "node '/soc/uart'", "FDT_ERR_NOTFOUND");
    g_assert_true(device_tree_add_node(dt, "/soc/uart", &error_abort));
    g_assert_false(device_tree_add_node(dt, "/soc/uart", &err));
    assert_error(&err, "node '/soc/uart' already exists", NULL);
    g_assert_false(device_tree_add_node(dt, "soc", &err));
    assert_error(&err, "'soc' is not a node path", NULL);
    g_assert_false(device_tree_add_node(dt, "/soc//x", &err));
    assert_error(&err, "'/soc//x' is not a node path", NULL);
    g_assert_false(device_tree_add_node(dt, "/", &err));
    assert_error(&err, "'/' is not a node path", NULL);
    g_assert_null(device_tree_get_prop(dt, "/soc/uart", "reg", NULL, &err));
    assert_error(&err, "'/soc/uart' property 'reg'", NULL);
    g_assert_cmpuint(device_tree_get_phandle(dt, "/nope", &err), ==, 0);
    assert_error(&err, "node '/nope'", NULL);
}

/* Far past the first allocation: the blob grows and stays valid. */
static void test_grows(void)
{
    g_autoptr(DeviceTree) dt = device_tree_new();
    size_t size = 0;

    for (unsigned i = 0; i < 2000; i++) {
        g_autofree char *path = g_strdup_printf("/soc/virtio_mmio@%x",
                                                0x10001000 + i * 0x1000);

        g_assert_true(device_tree_add_node(dt, path, &error_abort));
        g_assert_true(device_tree_set_prop_string(dt, path, "compatible",
                                                  "virtio,mmio",
                                                  &error_abort));
        g_assert_true(device_tree_set_prop_u32(dt, path, "interrupts", i,
                                               &error_abort));
    }
    const void *fdt = blob_of(dt);
    device_tree_get_blob(dt, &size);
    g_assert_cmpuint(size, >, 64 * 1024);
    g_assert_cmpuint(fdt32_to_cpu(*(const fdt32_t *)
                                  prop_of(fdt, "/soc/virtio_mmio@107d0000",
                                          "interrupts", NULL)), ==, 1999);
}

/* Each allocation is new; a node keeps the phandle it got. */
static void test_phandles(void)
{
    g_autoptr(DeviceTree) dt = device_tree_new();
    uint32_t a, b, c;

    g_assert_true(device_tree_add_node(dt, "/a", &error_abort));
    g_assert_true(device_tree_add_node(dt, "/b", &error_abort));
    a = device_tree_get_phandle(dt, "/a", &error_abort);
    g_assert_cmpuint(a, !=, 0);
    g_assert_cmpuint(device_tree_get_phandle(dt, "/a", &error_abort), ==, a);
    b = device_tree_alloc_phandle(dt);
    g_assert_true(device_tree_set_phandle(dt, "/b", b, &error_abort));
    c = device_tree_alloc_phandle(dt);
    g_assert_cmpuint(a, !=, b);
    g_assert_cmpuint(b, !=, c);
    g_assert_cmpuint(device_tree_get_phandle(dt, "/b", &error_abort), ==, b);
    const void *fdt = blob_of(dt);
    g_assert_cmpint(fdt_node_offset_by_phandle(fdt, b), ==,
                    offset_of(fdt, "/b"));
}

/* finish packs: nothing spare left, and editing afterwards still works. */
static void test_finish_packs(void)
{
    uint32_t ph;
    g_autoptr(DeviceTree) dt = build_virt_piece(&ph);
    const void *fdt;

    device_tree_finish(dt);
    fdt = blob_of(dt);
    g_assert_cmpuint(fdt_totalsize(fdt), ==,
                     fdt_off_dt_strings(fdt) + fdt_size_dt_strings(fdt));
    g_assert_true(device_tree_set_prop_string(dt, "/", "extra", "after",
                                              &error_abort));
    fdt = blob_of(dt);
    g_assert_cmpstr(prop_of(fdt, "/", "extra", NULL), ==, "after");
}

/* A user's DTB: read, edited, and a phandle allocated above its own. */
static void test_from_blob(void)
{
    uint32_t ph;
    g_autoptr(DeviceTree) src = build_virt_piece(&ph);
    size_t size;
    const void *blob;

    device_tree_finish(src);
    blob = device_tree_get_blob(src, &size);
    g_autoptr(DeviceTree) dt = device_tree_new_from_blob(blob, size,
                                                         &error_abort);
    g_assert_cmpuint(device_tree_alloc_phandle(dt), >, ph);
    g_assert_true(device_tree_add_node(dt, "/chosen", &error_abort));
    g_assert_true(device_tree_node_exists(dt, "/soc/test@100000"));
}

/* Garbage and truncated blobs are refused, not parsed. */
static void test_from_bad_blob(void)
{
    uint32_t ph;
    g_autoptr(DeviceTree) src = build_virt_piece(&ph);
    uint8_t junk[256];
    size_t size;
    const void *blob;
    Error *err = NULL;

    memset(junk, 0x5a, sizeof(junk));
    g_assert_null(device_tree_new_from_blob(junk, sizeof(junk), &err));
    assert_error(&err, "invalid blob", NULL);
    g_assert_null(device_tree_new_from_blob(junk, 3, &err));
    assert_error(&err, "3 bytes is not a device tree", NULL);
    blob = device_tree_get_blob(src, &size);
    g_assert_null(device_tree_new_from_blob(blob, size - 1, &err));
    assert_error(&err, "invalid blob", NULL);
}

/* dumpdtb: the file holds the blob; it loads back, and dtc (when
 * installed) decompiles it to what the board built. */
static void test_save_and_dtc(void)
{
    uint32_t ph;
    g_autoptr(DeviceTree) dt = build_virt_piece(&ph);
    g_autofree char *dir = g_dir_make_tmp("quern-dt-XXXXXX", NULL);
    g_autofree char *path = g_build_filename(dir, "virt.dtb", NULL);
    g_autofree char *dtc = g_find_program_in_path("dtc");
    Error *err = NULL;

    device_tree_finish(dt);
    g_assert_true(device_tree_save(dt, path, &error_abort));
    g_autoptr(DeviceTree) back = device_tree_new_from_file(path,
                                                           &error_abort);
    size_t a_size, b_size;
    const void *a = device_tree_get_blob(dt, &a_size);
    const void *b = device_tree_get_blob(back, &b_size);

    /* The reloaded tree has editing room; its structure is the same. */
    g_assert_cmpmem((const char *)a + fdt_off_dt_struct(a),
                    fdt_size_dt_struct(a),
                    (const char *)b + fdt_off_dt_struct(b),
                    fdt_size_dt_struct(b));

    if (dtc) {
        const char *argv[] = { dtc, "-q", "-I", "dtb", "-O", "dts", path,
                               NULL };
        g_autofree char *out = NULL;
        gint status = 0;

        g_assert_true(g_spawn_sync(NULL, (char **)argv, NULL,
                                   G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                                   &out, NULL, &status, NULL));
        g_assert_cmpint(status, ==, 0);
        g_assert_nonnull(strstr(out, "model = \"riscv-virtio,qemu\";"));
        /* dtc 1.6 prints a string list as one string with \0 in it;
         * other versions as a list. */
        g_assert_true(strstr(out, "compatible = \"sifive,test1\\0"
                                  "sifive,test0\\0syscon\";") ||
                      strstr(out, "compatible = \"sifive,test1\", "
                                  "\"sifive,test0\", \"syscon\";"));
        g_assert_nonnull(strstr(out, "reg = <0x00 0x10000000 0x00 0x100>;"));
    }

    g_assert_false(device_tree_save(dt, "/nonexistent/dir/x.dtb", &err));
    assert_error(&err, "device tree:", "/nonexistent/dir");
    g_assert_null(device_tree_new_from_file("/nonexistent.dtb", &err));
    assert_error(&err, "could not read '/nonexistent.dtb'", NULL);
    g_unlink(path);
    g_rmdir(dir);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/device-tree/build/reads-back-with-libfdt",
                    test_build_and_read_back);
    g_test_add_func("/device-tree/build/set-replaces-a-value",
                    test_set_replaces);
    g_test_add_func("/device-tree/errors/name-node-and-property",
                    test_errors_name_node_and_property);
    g_test_add_func("/device-tree/build/grows-past-its-first-buffer",
                    test_grows);
    g_test_add_func("/device-tree/phandles/are-unique-and-kept",
                    test_phandles);
    g_test_add_func("/device-tree/finish/packs-and-allows-edits",
                    test_finish_packs);
    g_test_add_func("/device-tree/blob/user-dtb-is-editable",
                    test_from_blob);
    g_test_add_func("/device-tree/blob/refuses-garbage-and-truncation",
                    test_from_bad_blob);
    g_test_add_func("/device-tree/save/dumpdtb-round-trips",
                    test_save_and_dtc);
    return g_test_run();
}
