/* RISC-V boot: what a riscv64 board does between "here are the files" and
 * "the harts start", with QEMU's semantics (hw/riscv/boot.c, as in the
 * Debian QEMU 7.2 this project is checked against).
 *
 *   firmware (-bios)   an ELF at its own addresses, else raw at DRAM base;
 *   kernel (-kernel)   an ELF at its own addresses (entry = its lowest
 *                      address), else raw at riscv_boot_kernel_start():
 *                      the firmware's end rounded up to 2 MiB, 0x80200000
 *                      behind OpenSBI (fw_jump's FW_JUMP_ADDR);
 *   initrd (-initrd)   at kernel entry + min(RAM / 2, 128 MiB), so the
 *                      kernel can unpack without clobbering it;
 *   device tree        at the highest 2 MiB-aligned address where it fits
 *                      below min(RAM end, 3 GiB), so a 32-bit kernel can
 *                      reach it and the kernel and initrd stay clear;
 *   /chosen            bootargs, linux,initrd-start/-end, stdout-path;
 *   reset ROM          every hart starts at the ROM base (0x1000 on virt),
 *                      where a stub enters the firmware with a0 = mhartid,
 *                      a1 = the DTB address and a2 = the fw_dynamic_info
 *                      block that follows the stub (OpenSBI's fw_dynamic
 *                      reads it: next stage address and mode).
 *
 * Everything loaded becomes a ROM blob of the board's RomSet (loader.h), so
 * a reset restores it. rv64 only for now.
 *
 * Failures are one line naming the file and where it would have gone. */
#pragma once

#include "device-tree.h"
#include "loader.h"

/* The stub: 6 instructions and two 64-bit words (start, DTB address). */
#define RISCV_BOOT_RESET_VEC_WORDS 10
#define RISCV_BOOT_RESET_VEC_SIZE (RISCV_BOOT_RESET_VEC_WORDS * 4)

/* OpenSBI's struct fw_dynamic_info (include/sbi/fw_dynamic.h): six
 * XLEN-sized little-endian fields. */
#define FW_DYNAMIC_INFO_MAGIC 0x4942534fu   /* "OSBI" */
#define FW_DYNAMIC_INFO_VERSION 2
#define FW_DYNAMIC_INFO_SIZE (6 * 8)
typedef enum FwDynamicNextMode {
    FW_DYNAMIC_NEXT_MODE_U = 0,
    FW_DYNAMIC_NEXT_MODE_S = 1,
    FW_DYNAMIC_NEXT_MODE_M = 3,
} FwDynamicNextMode;

#define RISCV_BOOT_KERNEL_ALIGN ((uint64_t)2 << 20)
#define RISCV_BOOT_FDT_ALIGN ((uint64_t)2 << 20)
/* The device tree stays below this, where a 32-bit kernel reaches it. */
#define RISCV_BOOT_FDT_LIMIT ((uint64_t)3 << 30)

/* The stub's words: instructions, then start_addr and fdt_addr as 64-bit
 * little-endian halves. Position-independent: it finds its data through
 * auipc, so it runs at any ROM base. */
void riscv_boot_reset_vec(uint32_t words[RISCV_BOOT_RESET_VEC_WORDS],
                          uint64_t start_addr, uint64_t fdt_addr);
/* The fw_dynamic_info bytes: magic, version 2, next_addr, next_mode,
 * options 0, boot_hart. */
void riscv_boot_fw_dynamic_info(uint8_t out[FW_DYNAMIC_INFO_SIZE],
                                uint64_t next_addr,
                                FwDynamicNextMode next_mode,
                                uint64_t boot_hart);
/* Adds the stub at rom_base ("mrom.reset") and the fw_dynamic_info right
 * after it ("mrom.finfo"; next_addr = kernel_entry, 0 without a kernel,
 * S-mode, boot hart 0); both must fit in rom_size. */
bool riscv_boot_setup_rom(RomSet *roms, hwaddr rom_base, uint64_t rom_size,
                          uint64_t start_addr, uint64_t fdt_addr,
                          uint64_t kernel_entry, Error **errp);

/* Where a raw kernel goes after a firmware that ends at firmware_end. */
hwaddr riscv_boot_kernel_start(hwaddr firmware_end);

/* The firmware: an ELF at its addresses, else raw at addr (at most
 * max_size bytes). *end gets the end of what was loaded. */
bool riscv_boot_load_firmware(RomSet *roms, const char *path, hwaddr addr,
                              uint64_t max_size, hwaddr *end, Error **errp);
/* The kernel: an ELF at its addresses (*entry = its lowest address), else
 * raw at start (*entry = start; at most max_size bytes). *end gets the end
 * of what was loaded. */
bool riscv_boot_load_kernel(RomSet *roms, const char *path, hwaddr start,
                            uint64_t max_size, hwaddr *entry, hwaddr *end,
                            Error **errp);
/* The initrd, after a kernel entered at kernel_entry, in RAM at
 * [ram_base, ram_base + ram_size); *start and *end (exclusive) get where
 * it went. */
bool riscv_boot_load_initrd(RomSet *roms, const char *path,
                            hwaddr kernel_entry, hwaddr ram_base,
                            uint64_t ram_size, hwaddr *start, hwaddr *end,
                            Error **errp);

/* Where a DTB of fdt_size bytes goes in that RAM (see the top); fails
 * when RAM is too small to hold it. */
bool riscv_boot_fdt_addr(hwaddr ram_base, uint64_t ram_size,
                         uint64_t fdt_size, hwaddr *addr, Error **errp);
/* Fills /chosen (created if missing): bootargs unless NULL,
 * linux,initrd-start/-end (u64) unless initrd_end == initrd_start,
 * stdout-path unless NULL. */
bool riscv_boot_set_chosen(DeviceTree *dt, const char *bootargs,
                           hwaddr initrd_start, hwaddr initrd_end,
                           const char *stdout_path, Error **errp);
/* Packs dt and adds it as the "fdt" blob at riscv_boot_fdt_addr(); *addr
 * gets where. */
bool riscv_boot_load_fdt(RomSet *roms, DeviceTree *dt, hwaddr ram_base,
                         uint64_t ram_size, hwaddr *addr, Error **errp);
