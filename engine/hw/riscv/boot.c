/* RISC-V boot: image placement, the device tree's place and /chosen, and
 * the reset ROM stub with its fw_dynamic_info. */
#include "boot.h"

#include "loader-elf.h"

#include <inttypes.h>

/* Integer registers and the one CSR the stub uses. */
enum {
    RV_ZERO = 0, RV_T0 = 5, RV_A0 = 10, RV_A1 = 11, RV_A2 = 12,
    RV_CSR_MHARTID = 0xf14,
};

/* Major opcodes and funct3 values of the instructions the stub uses. */
enum {
    RV_OP_LOAD = 0x03, RV_OP_IMM = 0x13, RV_OP_AUIPC = 0x17,
    RV_OP_JALR = 0x67, RV_OP_SYSTEM = 0x73,
    RV_F3_ADDI = 0, RV_F3_LD = 3, RV_F3_JALR = 0, RV_F3_CSRRS = 2,
};

/* I-type: imm[11:0] rs1 funct3 rd opcode. */
static uint32_t rv_i_type(uint32_t opcode, unsigned rd, unsigned funct3,
                          unsigned rs1, int32_t imm)
{
    return ((uint32_t)imm & 0xfff) << 20 | rs1 << 15 | funct3 << 12 |
           rd << 7 | opcode;
}

/* U-type: imm[31:12] rd opcode. */
static uint32_t rv_u_type(uint32_t opcode, unsigned rd, uint32_t imm20)
{
    return (imm20 & 0xfffff) << 12 | rd << 7 | opcode;
}

void riscv_boot_reset_vec(uint32_t words[RISCV_BOOT_RESET_VEC_WORDS],
                          uint64_t start_addr, uint64_t fdt_addr)
{
    /* Byte offsets from the stub's start of what it loads. */
    const int32_t start_off = 24, fdt_off = 32;
    const int32_t finfo_off = RISCV_BOOT_RESET_VEC_SIZE;

    /* auipc t0, 0              t0 = the stub's own address (0x00000297) */
    words[0] = rv_u_type(RV_OP_AUIPC, RV_T0, 0);
    /* addi  a2, t0, 40         a2 = &fw_dynamic_info, after the stub
     *                          (0x02828613) */
    words[1] = rv_i_type(RV_OP_IMM, RV_A2, RV_F3_ADDI, RV_T0, finfo_off);
    /* csrr  a0, mhartid        a0 = this hart's id: csrrs a0, mhartid,
     *                          zero (0xf1402573) */
    words[2] = rv_i_type(RV_OP_SYSTEM, RV_A0, RV_F3_CSRRS, RV_ZERO,
                         RV_CSR_MHARTID);
    /* ld    a1, 32(t0)         a1 = the DTB address (0x0202b583) */
    words[3] = rv_i_type(RV_OP_LOAD, RV_A1, RV_F3_LD, RV_T0, fdt_off);
    /* ld    t0, 24(t0)         t0 = the firmware's start (0x0182b283) */
    words[4] = rv_i_type(RV_OP_LOAD, RV_T0, RV_F3_LD, RV_T0, start_off);
    /* jr    t0                 jalr zero, 0(t0) (0x00028067) */
    words[5] = rv_i_type(RV_OP_JALR, RV_ZERO, RV_F3_JALR, RV_T0, 0);
    /* .dword start_addr        at offset 24 */
    words[6] = (uint32_t)start_addr;
    words[7] = (uint32_t)(start_addr >> 32);
    /* .dword fdt_addr          at offset 32 */
    words[8] = (uint32_t)fdt_addr;
    words[9] = (uint32_t)(fdt_addr >> 32);
}

static void st64(uint8_t *p, uint64_t v)
{
    for (unsigned i = 0; i < 8; i++) {
        p[i] = v >> (8 * i);
    }
}

void riscv_boot_fw_dynamic_info(uint8_t out[FW_DYNAMIC_INFO_SIZE],
                                uint64_t next_addr,
                                FwDynamicNextMode next_mode,
                                uint64_t boot_hart)
{
    st64(out + 0, FW_DYNAMIC_INFO_MAGIC);
    st64(out + 8, FW_DYNAMIC_INFO_VERSION);
    st64(out + 16, next_addr);
    st64(out + 24, next_mode);
    st64(out + 32, 0);                      /* options */
    st64(out + 40, boot_hart);
}

bool riscv_boot_setup_rom(RomSet *roms, hwaddr rom_base, uint64_t rom_size,
                          uint64_t start_addr, uint64_t fdt_addr,
                          uint64_t kernel_entry, Error **errp)
{
    uint32_t words[RISCV_BOOT_RESET_VEC_WORDS];
    uint8_t stub[RISCV_BOOT_RESET_VEC_SIZE];
    uint8_t finfo[FW_DYNAMIC_INFO_SIZE];

    if (rom_size < sizeof(stub) + sizeof(finfo)) {
        error_setg(errp, "the reset ROM (0x%" PRIx64 " bytes) cannot hold "
                   "the boot stub and fw_dynamic_info (0x%zx bytes)",
                   rom_size, sizeof(stub) + sizeof(finfo));
        return false;
    }
    riscv_boot_reset_vec(words, start_addr, fdt_addr);
    for (unsigned i = 0; i < RISCV_BOOT_RESET_VEC_WORDS; i++) {
        for (unsigned b = 0; b < 4; b++) {
            stub[4 * i + b] = words[i] >> (8 * b);
        }
    }
    riscv_boot_fw_dynamic_info(finfo, kernel_entry, FW_DYNAMIC_NEXT_MODE_S,
                               0);
    return rom_set_add_blob(roms, "mrom.reset", stub, sizeof(stub), rom_base,
                            errp) &&
           rom_set_add_blob(roms, "mrom.finfo", finfo, sizeof(finfo),
                            rom_base + sizeof(stub), errp);
}

hwaddr riscv_boot_kernel_start(hwaddr firmware_end)
{
    return (firmware_end + RISCV_BOOT_KERNEL_ALIGN - 1) &
           ~(RISCV_BOOT_KERNEL_ALIGN - 1);
}

/* Loads path as an ELF when it is one, else raw at addr (at most max_size
 * bytes). *low and *end get the loaded range. */
static bool load_image(RomSet *roms, const char *path, hwaddr addr,
                       uint64_t max_size, hwaddr *low, hwaddr *end,
                       Error **errp)
{
    g_autoptr(GBytes) data = loader_read_file(path, LOADER_MAX_FILE_SIZE,
                                              errp);
    size_t size;

    if (!data) {
        return false;
    }
    if (elf_image_probe(data)) {
        g_autoptr(ElfImage) img = elf_image_new(path, data, errp);

        if (!img || !elf_image_load(img, roms, errp)) {
            return false;
        }
        *low = elf_image_low(img);
        *end = elf_image_high(img);
        return true;
    }
    size = g_bytes_get_size(data);
    if (size == 0) {
        error_setg(errp, "'%s' is empty", path);
        return false;
    }
    if (size > max_size) {
        error_setg(errp, "'%s' is %zu bytes, more than the 0x%" PRIx64
                   " that fit at 0x%" PRIx64, path, size, max_size, addr);
        return false;
    }
    if (!rom_set_add_bytes(roms, path, data, size, addr, errp)) {
        return false;
    }
    *low = addr;
    *end = addr + size;
    return true;
}

bool riscv_boot_load_firmware(RomSet *roms, const char *path, hwaddr addr,
                              uint64_t max_size, hwaddr *end, Error **errp)
{
    hwaddr low;

    return load_image(roms, path, addr, max_size, &low, end, errp);
}

bool riscv_boot_load_kernel(RomSet *roms, const char *path, hwaddr start,
                            uint64_t max_size, hwaddr *entry, hwaddr *end,
                            Error **errp)
{
    /* QEMU enters an ELF kernel at its lowest address, not e_entry. */
    return load_image(roms, path, start, max_size, entry, end, errp);
}

bool riscv_boot_load_initrd(RomSet *roms, const char *path,
                            hwaddr kernel_entry, hwaddr ram_base,
                            uint64_t ram_size, hwaddr *start, hwaddr *end,
                            Error **errp)
{
    hwaddr ram_end = ram_base + ram_size;
    uint64_t size;

    *start = kernel_entry + MIN(ram_size / 2, (uint64_t)128 << 20);
    if (kernel_entry < ram_base || *start >= ram_end) {
        error_setg(errp, "no room for initrd '%s' after a kernel at 0x%"
                   PRIx64, path, kernel_entry);
        return false;
    }
    if (!loader_load_raw(roms, path, *start, ram_end - *start, &size,
                         errp)) {
        return false;
    }
    *end = *start + size;
    return true;
}

bool riscv_boot_fdt_addr(hwaddr ram_base, uint64_t ram_size,
                         uint64_t fdt_size, hwaddr *addr, Error **errp)
{
    hwaddr ram_end = ram_base + ram_size;
    hwaddr top;

    if (ram_end < ram_base) {
        ram_end = UINT64_MAX;   /* RAM up to the top: stay representable */
    }
    top = ram_base < RISCV_BOOT_FDT_LIMIT ?
        MIN(ram_end, RISCV_BOOT_FDT_LIMIT) : ram_end;
    if (fdt_size == 0 || fdt_size > top - ram_base ||
        ((top - fdt_size) & ~(RISCV_BOOT_FDT_ALIGN - 1)) < ram_base) {
        error_setg(errp, "a device tree of %" PRIu64 " bytes does not fit "
                   "in RAM at 0x%" PRIx64 "..0x%" PRIx64, fdt_size, ram_base,
                   top);
        return false;
    }
    *addr = (top - fdt_size) & ~(RISCV_BOOT_FDT_ALIGN - 1);
    return true;
}

bool riscv_boot_set_chosen(DeviceTree *dt, const char *bootargs,
                           hwaddr initrd_start, hwaddr initrd_end,
                           const char *stdout_path, Error **errp)
{
    if (!device_tree_node_exists(dt, "/chosen") &&
        !device_tree_add_node(dt, "/chosen", errp)) {
        return false;
    }
    if (bootargs &&
        !device_tree_set_prop_string(dt, "/chosen", "bootargs", bootargs,
                                     errp)) {
        return false;
    }
    if (initrd_end != initrd_start &&
        (!device_tree_set_prop_u64(dt, "/chosen", "linux,initrd-start",
                                   initrd_start, errp) ||
         !device_tree_set_prop_u64(dt, "/chosen", "linux,initrd-end",
                                   initrd_end, errp))) {
        return false;
    }
    return !stdout_path ||
           device_tree_set_prop_string(dt, "/chosen", "stdout-path",
                                       stdout_path, errp);
}

bool riscv_boot_load_fdt(RomSet *roms, DeviceTree *dt, hwaddr ram_base,
                         uint64_t ram_size, hwaddr *addr, Error **errp)
{
    size_t size;
    const void *blob;

    device_tree_finish(dt);
    blob = device_tree_get_blob(dt, &size);
    return riscv_boot_fdt_addr(ram_base, ram_size, size, addr, errp) &&
           rom_set_add_blob(roms, "fdt", blob, size, *addr, errp);
}
