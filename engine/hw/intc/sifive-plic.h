/* The SiFive platform-level interrupt controller ("riscv.sifive.plic",
 * QEMU's name and properties; layout and semantics from the RISC-V PLIC
 * specification).
 *
 * Sources 1..num-sources-1 are level inputs: GPIO input s ("gpio-in[s]";
 * input 0 exists and is ignored, as source 0 means "no interrupt"). A
 * source's pending bit follows its line while the source is not claimed;
 * claiming it clears the bit, and completing it lets a line still high
 * pend again at once. The contexts come from hart-config ("MS,MS": hart
 * 0 M, hart 0 S, hart 1 M, hart 1 S), each with enable bits, a
 * threshold and a claim/complete register; GPIO output c ("gpio-out[c]")
 * is context c's external-interrupt line, high while some enabled,
 * pending, unclaimed source has a priority above c's threshold. The
 * board wires an M context to mip.MEIP (11) and an S context to
 * mip.SEIP (9) of its hart. Outputs are re-evaluated after every write
 * and every input change.
 *
 * Registers (4-byte accesses; wider ones split, narrower ones widened):
 * priority of source s at priority-base + 4(s - 1) (QEMU 7.2's meaning:
 * virt gives 4, so source s sits at 4s as in the spec's map and offset 0
 * is unassigned), pending bits at pending-base (read-only; source 0's bit
 * is 0), enable bits of context c at
 * enable-base + c x enable-stride, threshold at context-base + c x
 * context-stride and claim/complete 4 bytes after. Priorities and
 * thresholds follow num-priorities: when it is 2^k - 1 the bits above
 * are dropped, otherwise larger values are ignored. Claim returns the
 * highest-priority such source (ties: the lowest ID), or 0. A complete
 * naming a source that is not enabled for the context is ignored, as
 * the spec says (Linux enables a masked source around its complete).
 * Anything else reads 0 and ignores writes (counted guest errors,
 * guest-error.h).
 *
 * Limits, checked at realize: num-sources 1..1024 and 1..15872 contexts
 * (the spec's maxima), power-of-two strides, an enable stride that holds
 * every source's bit, a context stride of at least 8.
 * Ownership: the device owns its state arrays and pins. Main thread
 * only. */
#pragma once

#include "qdev.h"

#define TYPE_SIFIVE_PLIC "riscv.sifive.plic"

enum {
    SIFIVE_PLIC_MAX_SOURCES = 1024,
    SIFIVE_PLIC_MAX_CONTEXTS = 15872,
};

/* Registers the type with QOM; idempotent. A program that creates it by
 * name calls it first (static linking drops an unreferenced module's
 * constructor). */
void sifive_plic_register_types(void);

/* Power-on state: priorities, thresholds and enables 0, nothing claimed,
 * pending bits as the input lines stand, every output driven low anew.
 * Realize does it too; the board calls it on system reset. */
void sifive_plic_reset(DeviceState *dev);
