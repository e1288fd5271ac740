/* HTIF: Spike's host-target interface, as QEMU's spike machine offers it,
 * so riscv-tests binaries and OpenSBI's htif console run unchanged.
 *
 * Two 64-bit registers sit over guest RAM at the addresses of the ELF
 * symbols "tohost" and "fromhost" (the board looks them up). The guest
 * writes a command to tohost: device (bits 63:56), command (55:48) and
 * payload (47:0). The host clears tohost once it took the command, and
 * answers, where the command has an answer, in fromhost with the same
 * device and command; the guest reads it and writes fromhost back to 0.
 *
 *   device 0 command 0, payload odd     exit: code = payload >> 1
 *                                       (riscv-tests: 1 is pass, else
 *                                       the failing test's number)
 *   device 0 command 0, payload even    a proxied syscall: payload is the
 *                                       guest address of 8 u64s {number,
 *                                       arg0, arg1, arg2, ...}; write(1 or
 *                                       2, buf, len) goes to the console
 *                                       and exit(code) exits; the result
 *                                       goes back in the first u64 and
 *                                       fromhost = 1
 *   device 1 command 1                  console putchar (payload & 0xff)
 *   device 1 command 0                  console getchar: answered when a
 *                                       byte arrives, with 0x100 | byte
 *
 * Nothing the guest writes is trusted: syscall blocks and buffers are read
 * through the address space (unassigned memory gives -EFAULT, never a
 * host access), a write() is capped at HTIF_MAX_WRITE bytes, unknown
 * devices and commands are logged (g_debug) and dropped.
 *
 * An exit is a guest shutdown: runstate_request_shutdown() with
 * htif_exit_status() as the engine's exit status, so `quern-engine -M
 * spike test.elf` exits with the test's verdict; a board (or a test) may
 * set its own handler instead. It is reported once until htif_reset().
 * HTIF is not a qdev device, as in QEMU: the board makes it from the
 * ELF's symbols and nothing about it is configurable.
 *
 * Ownership: the Htif borrows the system memory region it maps its
 * registers into, the address space it reads guest memory through and the
 * chardev (may be NULL: output dropped), whose front-end it becomes; all
 * must outlive it. htif_free() unmaps the registers and lets go of the
 * chardev's front-end. Main thread only. */
#pragma once

#include "address-space.h"
#include "chardev.h"
#include "loader-elf.h"

/* One guest write() copies at most this much: a guest cannot make the
 * engine copy gigabytes with one store. */
#define HTIF_MAX_WRITE ((uint64_t)64 * 1024)

typedef struct Htif Htif;

/* code: the guest's exit code (payload >> 1); exit_status: the same as a
 * process exit status (htif_exit_status()). */
typedef void HtifExitHandler(void *opaque, uint64_t code, int exit_status);

/* Maps the registers at tohost and fromhost (each 8-byte aligned, not
 * overlapping) over sysmem, above whatever is there. */
Htif *htif_new(MemoryRegion *sysmem, AddressSpace *as, hwaddr tohost,
               hwaddr fromhost, Chardev *chr, Error **errp);
/* htif_new() at img's "tohost" and "fromhost" symbols: "'NAME' has no
 * 'tohost' symbol" for an image that is not an HTIF program. (QEMU's spike
 * then puts HTIF at a fixed base and describes it in the device tree; that
 * is the board's call.) */
Htif *htif_new_from_elf(MemoryRegion *sysmem, AddressSpace *as,
                        const ElfImage *img, Chardev *chr, Error **errp);
void htif_free(Htif *htif);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(Htif, htif_free)

void htif_set_exit_handler(Htif *htif, HtifExitHandler *fn, void *opaque);
/* Both registers to 0 and no pending console read: machine reset. */
void htif_reset(Htif *htif);

/* A guest exit code as a process exit status: 0 stays 0 (pass), codes 1 to
 * 255 stay, larger ones become 255 so a failure never reads as a pass
 * once the OS keeps only the low 8 bits. */
int htif_exit_status(uint64_t code);

/* The registers as the guest sees them, for tests and `info`. */
uint64_t htif_get_tohost(const Htif *htif);
uint64_t htif_get_fromhost(const Htif *htif);
