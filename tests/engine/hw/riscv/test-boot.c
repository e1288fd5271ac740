/* RISC-V boot: the reset ROM's words decode to the intended stub, the
 * fw_dynamic_info bytes are OpenSBI's, and images, initrd and device tree
 * land where QEMU 7.2 puts them, for several RAM sizes. */
#include "boot.h"
#include "loader-elf.h"
#include "runstate.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#define MROM_BASE 0x1000u
#define MROM_SIZE 0xf000u
#define DRAM_BASE 0x80000000u
#define MiB ((uint64_t)1 << 20)

/* A board with virt's MROM and ram_size bytes of DRAM. */
typedef struct Board {
    MemoryRegion root, mrom, ram;
    AddressSpace *as;
    RomSet *roms;
} Board;

static Board *board_new(uint64_t ram_size)
{
    Board *b = g_new0(Board, 1);

    memory_region_init_container(&b->root, "system", MEMORY_SIZE_FULL);
    memory_region_init_rom(&b->mrom, "riscv.virt.mrom", MROM_SIZE,
                           &error_abort);
    memory_region_init_ram(&b->ram, "riscv.virt.ram", ram_size,
                           &error_abort);
    memory_region_add_subregion(&b->root, MROM_BASE, &b->mrom);
    memory_region_add_subregion(&b->root, DRAM_BASE, &b->ram);
    b->as = address_space_new(&b->root, "memory");
    b->roms = rom_set_new(b->as);
    return b;
}

static void board_free(Board *b)
{
    rom_set_free(b->roms);
    address_space_free(b->as);
    memory_region_del_subregion(&b->root, &b->mrom);
    memory_region_del_subregion(&b->root, &b->ram);
    memory_region_finalize(&b->mrom);
    memory_region_finalize(&b->ram);
    memory_region_finalize(&b->root);
    g_free(b);
}

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

/* --- the stub, decoded field by field ---------------------------------- */

typedef struct Insn {
    unsigned opcode, rd, funct3, rs1;
    int32_t imm_i;              /* sign-extended imm[11:0] */
    uint32_t imm_u;             /* imm[31:12] */
} Insn;

static Insn decode(uint32_t w)
{
    return (Insn){
        .opcode = w & 0x7f, .rd = (w >> 7) & 31, .funct3 = (w >> 12) & 7,
        .rs1 = (w >> 15) & 31, .imm_i = (int32_t)w >> 20, .imm_u = w >> 12,
    };
}

/* auipc t0,0; addi a2,t0,40; csrr a0,mhartid; ld a1,32(t0); ld t0,24(t0);
 * jr t0 -- and the loads and the addi point at the words the stub's data
 * and the fw_dynamic_info really occupy. */
static void test_reset_vec_decodes(void)
{
    uint32_t w[RISCV_BOOT_RESET_VEC_WORDS];
    Insn i;

    riscv_boot_reset_vec(w, 0x80000000, 0x87e00000);

    i = decode(w[0]);           /* auipc t0, 0 */
    g_assert_cmphex(i.opcode, ==, 0x17);
    g_assert_cmpuint(i.rd, ==, 5);
    g_assert_cmpuint(i.imm_u, ==, 0);

    i = decode(w[1]);           /* addi a2, t0, 40 */
    g_assert_cmphex(i.opcode, ==, 0x13);
    g_assert_cmpuint(i.funct3, ==, 0);
    g_assert_cmpuint(i.rd, ==, 12);
    g_assert_cmpuint(i.rs1, ==, 5);
    g_assert_cmpint(i.imm_i, ==, RISCV_BOOT_RESET_VEC_SIZE);

    i = decode(w[2]);           /* csrrs a0, mhartid, zero */
    g_assert_cmphex(i.opcode, ==, 0x73);
    g_assert_cmpuint(i.funct3, ==, 2);
    g_assert_cmpuint(i.rd, ==, 10);
    g_assert_cmpuint(i.rs1, ==, 0);
    g_assert_cmphex(w[2] >> 20, ==, 0xf14);

    i = decode(w[3]);           /* ld a1, 32(t0) */
    g_assert_cmphex(i.opcode, ==, 0x03);
    g_assert_cmpuint(i.funct3, ==, 3);
    g_assert_cmpuint(i.rd, ==, 11);
    g_assert_cmpuint(i.rs1, ==, 5);
    g_assert_cmpint(i.imm_i, ==, 32);
    g_assert_cmphex(w[i.imm_i / 4], ==, 0x87e00000);     /* fdt_addr */
    g_assert_cmphex(w[i.imm_i / 4 + 1], ==, 0);

    i = decode(w[4]);           /* ld t0, 24(t0) */
    g_assert_cmphex(i.opcode, ==, 0x03);
    g_assert_cmpuint(i.funct3, ==, 3);
    g_assert_cmpuint(i.rd, ==, 5);
    g_assert_cmpuint(i.rs1, ==, 5);
    g_assert_cmpint(i.imm_i, ==, 24);
    g_assert_cmphex(w[i.imm_i / 4], ==, 0x80000000);     /* start_addr */

    i = decode(w[5]);           /* jalr zero, 0(t0) */
    g_assert_cmphex(i.opcode, ==, 0x67);
    g_assert_cmpuint(i.funct3, ==, 0);
    g_assert_cmpuint(i.rd, ==, 0);
    g_assert_cmpuint(i.rs1, ==, 5);
    g_assert_cmpint(i.imm_i, ==, 0);

    /* The same words QEMU's virt machine has at 0x1000. */
    static const uint32_t qemu[] = { 0x00000297, 0x02828613, 0xf1402573,
                                     0x0202b583, 0x0182b283, 0x00028067 };
    g_assert_cmpmem(w, sizeof(qemu), qemu, sizeof(qemu));
}

/* Addresses above 4 GiB keep their high halves. */
static void test_reset_vec_high_addresses(void)
{
    uint32_t w[RISCV_BOOT_RESET_VEC_WORDS];

    riscv_boot_reset_vec(w, 0x123456789ull, 0xfedcba9876543210ull);
    g_assert_cmphex(w[6], ==, 0x23456789);
    g_assert_cmphex(w[7], ==, 0x1);
    g_assert_cmphex(w[8], ==, 0x76543210);
    g_assert_cmphex(w[9], ==, 0xfedcba98);
}

/* What the guest reads at 0x1000 after setup: the stub, then
 * fw_dynamic_info at 0x1028 = a2, byte for byte. */
static void test_rom_contents(void)
{
    Board *b = board_new(2 * MiB);
    uint8_t got[FW_DYNAMIC_INFO_SIZE];
    static const uint8_t want[FW_DYNAMIC_INFO_SIZE] = {
        0x4f, 0x53, 0x42, 0x49, 0, 0, 0, 0,     /* magic "OSBI" */
        2, 0, 0, 0, 0, 0, 0, 0,                 /* version */
        0x00, 0x00, 0x20, 0x80, 0, 0, 0, 0,     /* next_addr */
        1, 0, 0, 0, 0, 0, 0, 0,                 /* next_mode: S */
        0, 0, 0, 0, 0, 0, 0, 0,                 /* options */
        0, 0, 0, 0, 0, 0, 0, 0,                 /* boot_hart */
    };

    g_assert_true(riscv_boot_setup_rom(b->roms, MROM_BASE, MROM_SIZE,
                                       DRAM_BASE, 0x87e00000, 0x80200000,
                                       &error_abort));
    g_assert_cmphex(address_space_ldl(b->as, 0x1000, NULL), ==, 0x00000297);
    g_assert_cmphex(address_space_ldl(b->as, 0x1014, NULL), ==, 0x00028067);
    g_assert_cmphex(address_space_ldq(b->as, 0x1018, NULL), ==, DRAM_BASE);
    g_assert_cmphex(address_space_ldq(b->as, 0x1020, NULL), ==, 0x87e00000);
    g_assert_true(address_space_read(b->as, 0x1028, got, sizeof(got),
                                     NULL));
    g_assert_cmpmem(got, sizeof(got), want, sizeof(want));
    board_free(b);
}

/* Without -kernel, next_addr is 0. */
static void test_fw_dynamic_info_without_kernel(void)
{
    uint8_t info[FW_DYNAMIC_INFO_SIZE];

    riscv_boot_fw_dynamic_info(info, 0, FW_DYNAMIC_NEXT_MODE_S, 0);
    for (unsigned i = 16; i < 24; i++) {
        g_assert_cmpuint(info[i], ==, 0);
    }
    g_assert_cmpuint(info[24], ==, 1);
}

static void test_rom_too_small(void)
{
    Board *b = board_new(2 * MiB);
    Error *err = NULL;

    g_assert_false(riscv_boot_setup_rom(b->roms, MROM_BASE, 0x40, DRAM_BASE,
                                        0, 0, &err));
    assert_error(&err, "reset ROM (0x40 bytes)", "0x58");
    board_free(b);
}

/* --- placement ---------------------------------------------------------- */

/* The highest 2 MiB boundary where the DTB fits below min(RAM end, 3 GiB):
 * the values QEMU 7.2 gives for these sizes. */
static void test_fdt_placement(void)
{
    static const struct {
        hwaddr base;
        uint64_t ram, fdt;
        hwaddr want;
    } cases[] = {
        { DRAM_BASE, 128 * MiB, 0x2000, 0x87e00000 },
        { DRAM_BASE, 256 * MiB, 0x2000, 0x8fe00000 },
        { DRAM_BASE, 1024 * MiB, 0x2000, 0xbfe00000 },
        { DRAM_BASE, 2048 * MiB, 0x2000, 0xbfe00000 },   /* capped: 3 GiB */
        { DRAM_BASE, 16 * MiB, 0x1000, 0x80e00000 },
        { DRAM_BASE, 16 * MiB, 2 * MiB, 0x80e00000 },   /* exactly fits */
        { DRAM_BASE, 16 * MiB, 2 * MiB + 1, 0x80c00000 },
        { DRAM_BASE, 2 * MiB, 2 * MiB, 0x80000000 },
        /* RAM starting above 3 GiB: its own end. */
        { 0x100000000ull, 64 * MiB, 0x2000, 0x103e00000ull },
    };

    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        hwaddr addr = 0;

        g_assert_true(riscv_boot_fdt_addr(cases[i].base, cases[i].ram,
                                          cases[i].fdt, &addr,
                                          &error_abort));
        g_assert_cmphex(addr, ==, cases[i].want);
    }
}

static void test_fdt_does_not_fit(void)
{
    hwaddr addr = 0;
    Error *err = NULL;

    /* No 2 MiB boundary inside this RAM leaves room below its end. */
    g_assert_false(riscv_boot_fdt_addr(0x80100000, 1 * MiB, 0x2000, &addr,
                                       &err));
    assert_error(&err, "8192 bytes does not fit", "0x80100000..0x80200000");
    /* 1 MiB at a 2 MiB boundary does fit, at its start. */
    g_assert_true(riscv_boot_fdt_addr(DRAM_BASE, 1 * MiB, 0x2000, &addr,
                                      &error_abort));
    g_assert_cmphex(addr, ==, DRAM_BASE);
    g_assert_false(riscv_boot_fdt_addr(DRAM_BASE, 4 * MiB, 8 * MiB, &addr,
                                       &err));
    assert_error(&err, "does not fit", NULL);
}

/* fw_jump expects the next stage at 0x80200000: that is where a raw
 * kernel goes after Debian's OpenSBI (115328 bytes at 0x80000000). */
static void test_kernel_start(void)
{
    g_assert_cmphex(riscv_boot_kernel_start(DRAM_BASE + 115328), ==,
                    0x80200000);
    g_assert_cmphex(riscv_boot_kernel_start(0x80200000), ==, 0x80200000);
    g_assert_cmphex(riscv_boot_kernel_start(0x80200001), ==, 0x80400000);
    g_assert_cmphex(riscv_boot_kernel_start(DRAM_BASE), ==, DRAM_BASE);
}

static char *write_temp(const void *data, size_t len)
{
    char *path = NULL;
    int fd = g_file_open_tmp("quern-boot-XXXXXX", &path, NULL);

    g_assert_cmpint(fd, >=, 0);
    g_assert_cmpint(write(fd, data, len), ==, (ssize_t)len);
    close(fd);
    return path;
}

/* An ELF kernel loads at its own addresses and is entered at its lowest
 * one (0x80200000), not at e_entry (0x80200100), as QEMU does. */
static void test_kernel_elf(void)
{
    Board *b = board_new(8 * MiB);
    hwaddr entry = 0, end = 0;

    g_assert_true(riscv_boot_load_kernel(b->roms, BOOT_ELF_DIR "/kernel.elf",
                                         0x80400000, 4 * MiB, &entry, &end,
                                         &error_abort));
    g_assert_cmphex(entry, ==, 0x80200000);
    g_assert_cmphex(end, ==, 0x80200108);     /* wfi; j */
    g_assert_cmphex(address_space_ldl(b->as, 0x80200000, NULL), ==,
                    0x4b4e524b);
    g_assert_cmphex(address_space_ldl(b->as, 0x80200100, NULL), ==,
                    0x10500073);                            /* wfi */
    board_free(b);
}

/* A raw kernel goes where it is told and is entered there; one too big
 * for the room is refused naming the file. */
static void test_kernel_raw(void)
{
    Board *b = board_new(4 * MiB);
    g_autofree char *path = write_temp("Image", 5);
    hwaddr entry = 0, end = 0;
    Error *err = NULL;

    g_assert_true(riscv_boot_load_kernel(b->roms, path, 0x80200000, 2 * MiB,
                                         &entry, &end, &error_abort));
    g_assert_cmphex(entry, ==, 0x80200000);
    g_assert_cmphex(end, ==, 0x80200005);
    g_assert_false(riscv_boot_load_kernel(b->roms, path, 0x80300000, 4,
                                          &entry, &end, &err));
    assert_error(&err, path, "5 bytes");
    g_unlink(path);
    board_free(b);
}

/* Firmware: an ELF ends where its highest segment ends; raw at DRAM base
 * ends after its bytes. */
static void test_firmware(void)
{
    Board *b = board_new(4 * MiB);
    g_autofree char *path = write_temp("OpenSBI!", 8);
    hwaddr end = 0;

    g_assert_true(riscv_boot_load_firmware(b->roms, BOOT_ELF_DIR "/fw.elf",
                                           DRAM_BASE, 4 * MiB, &end,
                                           &error_abort));
    g_assert_cmphex(end, ==, 0x80003008);
    board_free(b);

    b = board_new(4 * MiB);
    g_assert_true(riscv_boot_load_firmware(b->roms, path, DRAM_BASE,
                                           4 * MiB, &end, &error_abort));
    g_assert_cmphex(end, ==, DRAM_BASE + 8);
    g_assert_cmphex(riscv_boot_kernel_start(end), ==, 0x80200000);
    g_unlink(path);
    board_free(b);
}

/* The initrd goes min(RAM / 2, 128 MiB) past the kernel's entry. */
static void test_initrd(void)
{
    g_autofree char *path = write_temp("070701", 6);
    Board *b = board_new(8 * MiB);
    hwaddr start = 0, end = 0;
    Error *err = NULL;

    g_assert_true(riscv_boot_load_initrd(b->roms, path, 0x80200000,
                                         DRAM_BASE, 8 * MiB, &start, &end,
                                         &error_abort));
    g_assert_cmphex(start, ==, 0x80600000);     /* + 8 MiB / 2 */
    g_assert_cmphex(end, ==, 0x80600006);
    g_assert_cmpmem(g_bytes_get_data(rom_set_find(b->roms, start)->data,
                                     NULL), 6, "070701", 6);
    board_free(b);

    /* 300 MiB: the 128 MiB cap applies. */
    b = board_new(300 * MiB);
    g_assert_true(riscv_boot_load_initrd(b->roms, path, 0x80200000,
                                         DRAM_BASE, 300 * MiB, &start, &end,
                                         &error_abort));
    g_assert_cmphex(start, ==, 0x88200000);
    board_free(b);

    /* A kernel so high that the initrd would start past RAM. */
    b = board_new(4 * MiB);
    g_assert_false(riscv_boot_load_initrd(b->roms, path, 0x80300000,
                                          DRAM_BASE, 4 * MiB, &start, &end,
                                          &err));
    assert_error(&err, "no room for initrd", "0x80300000");
    board_free(b);
    g_unlink(path);
}

static uint64_t be64_prop(DeviceTree *dt, const char *name)
{
    size_t len = 0;
    const uint8_t *p = device_tree_get_prop(dt, "/chosen", name, &len,
                                            &error_abort);
    uint64_t v = 0;

    g_assert_cmpuint(len, ==, 8);
    for (unsigned i = 0; i < 8; i++) {
        v = v << 8 | p[i];
    }
    return v;
}

static void test_chosen(void)
{
    g_autoptr(DeviceTree) dt = device_tree_new();
    g_autoptr(DeviceTree) bare = device_tree_new();
    Error *err = NULL;

    g_assert_true(riscv_boot_set_chosen(dt, "console=ttyS0 earlycon",
                                        0x88200000, 0x88300000,
                                        "/soc/serial@10000000",
                                        &error_abort));
    g_assert_cmpstr(device_tree_get_prop(dt, "/chosen", "bootargs", NULL,
                                         &error_abort), ==,
                    "console=ttyS0 earlycon");
    g_assert_cmpstr(device_tree_get_prop(dt, "/chosen", "stdout-path", NULL,
                                         &error_abort), ==,
                    "/soc/serial@10000000");
    g_assert_cmphex(be64_prop(dt, "linux,initrd-start"), ==, 0x88200000);
    g_assert_cmphex(be64_prop(dt, "linux,initrd-end"), ==, 0x88300000);

    /* Nothing asked for, nothing set -- but /chosen exists. */
    g_assert_true(riscv_boot_set_chosen(bare, NULL, 0, 0, NULL,
                                        &error_abort));
    g_assert_true(device_tree_node_exists(bare, "/chosen"));
    g_assert_null(device_tree_get_prop(bare, "/chosen", "linux,initrd-start",
                                       NULL, &err));
    error_free_or_abort(&err);
}

/* The whole virt flow: raw firmware, ELF kernel, initrd, DTB, ROM. The
 * ROM tells the firmware where the DTB is and where the kernel starts;
 * the DTB found there says where the initrd is. A system_reset through
 * the run state restores all of it after the guest scribbled on it. */
static void test_virt_flow_and_reset(void)
{
    Board *b = board_new(128 * MiB);
    g_autofree char *fw = write_temp("fw_jump", 7);
    g_autofree char *initrd = write_temp("cpio", 4);
    g_autoptr(DeviceTree) dt = device_tree_new();
    hwaddr fw_end, entry, kend, istart, iend, fdt_addr;

    g_assert_true(riscv_boot_load_firmware(b->roms, fw, DRAM_BASE,
                                           128 * MiB, &fw_end,
                                           &error_abort));
    g_assert_true(riscv_boot_load_kernel(b->roms, BOOT_ELF_DIR "/kernel.elf",
                                         riscv_boot_kernel_start(fw_end),
                                         64 * MiB, &entry, &kend,
                                         &error_abort));
    g_assert_true(riscv_boot_load_initrd(b->roms, initrd, entry, DRAM_BASE,
                                         128 * MiB, &istart, &iend,
                                         &error_abort));
    g_assert_true(riscv_boot_set_chosen(dt, "console=ttyS0", istart, iend,
                                        "/soc/serial@10000000",
                                        &error_abort));
    g_assert_true(riscv_boot_load_fdt(b->roms, dt, DRAM_BASE, 128 * MiB,
                                      &fdt_addr, &error_abort));
    g_assert_true(riscv_boot_setup_rom(b->roms, MROM_BASE, MROM_SIZE,
                                       DRAM_BASE, fdt_addr, entry,
                                       &error_abort));
    g_assert_cmphex(fdt_addr, ==, 0x87e00000);
    g_assert_cmphex(address_space_ldq(b->as, 0x1020, NULL), ==, fdt_addr);
    g_assert_cmphex(address_space_ldq(b->as, 0x1028 + 16, NULL), ==,
                    0x80200000);

    /* Read the DTB back out of guest memory. */
    size_t size;
    device_tree_get_blob(dt, &size);
    g_autofree uint8_t *blob = g_malloc(size);
    g_assert_true(address_space_read(b->as, fdt_addr, blob, size, NULL));
    g_autoptr(DeviceTree) seen = device_tree_new_from_blob(blob, size,
                                                           &error_abort);
    g_assert_cmphex(be64_prop(seen, "linux,initrd-start"), ==, 0x84200000);

    /* The guest overwrites the firmware and the DTB; reset restores. */
    runstate_reset_for_test();
    runstate_add_reset_handler(rom_set_reset_handler, b->roms);
    address_space_stq(b->as, DRAM_BASE, 0, NULL);
    address_space_stq(b->as, fdt_addr, 0, NULL);
    runstate_request_reset(SHUTDOWN_CAUSE_GUEST_RESET);
    int status = -1;
    g_assert_false(runstate_process_requests(&status));
    g_assert_cmpmem(memory_region_get_ram_ptr(&b->ram), 7, "fw_jump", 7);
    g_assert_true(address_space_read(b->as, fdt_addr, blob, size, NULL));
    g_assert_cmpmem(blob, size, device_tree_get_blob(dt, &size), size);
    runstate_reset_for_test();

    g_unlink(fw);
    g_unlink(initrd);
    board_free(b);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/riscv-boot/reset-vec/words-decode-to-the-stub",
                    test_reset_vec_decodes);
    g_test_add_func("/riscv-boot/reset-vec/keeps-high-address-halves",
                    test_reset_vec_high_addresses);
    g_test_add_func("/riscv-boot/rom/holds-stub-and-fw-dynamic-info",
                    test_rom_contents);
    g_test_add_func("/riscv-boot/rom/next-addr-is-0-without-kernel",
                    test_fw_dynamic_info_without_kernel);
    g_test_add_func("/riscv-boot/rom/refuses-a-rom-too-small",
                    test_rom_too_small);
    g_test_add_func("/riscv-boot/fdt/placement-for-ram-sizes",
                    test_fdt_placement);
    g_test_add_func("/riscv-boot/fdt/refuses-ram-too-small",
                    test_fdt_does_not_fit);
    g_test_add_func("/riscv-boot/kernel/raw-start-after-firmware",
                    test_kernel_start);
    g_test_add_func("/riscv-boot/kernel/elf-entered-at-lowest-address",
                    test_kernel_elf);
    g_test_add_func("/riscv-boot/kernel/raw-at-start-within-room",
                    test_kernel_raw);
    g_test_add_func("/riscv-boot/firmware/elf-and-raw-end", test_firmware);
    g_test_add_func("/riscv-boot/initrd/half-ram-or-128-mib-past-kernel",
                    test_initrd);
    g_test_add_func("/riscv-boot/chosen/bootargs-initrd-stdout-path",
                    test_chosen);
    g_test_add_func("/riscv-boot/virt-flow/rom-finds-dtb-and-reset-restores",
                    test_virt_flow_and_reset);
    return g_test_run();
}
