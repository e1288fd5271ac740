/* The tcg accelerator: runs a machine's interpreter harts (riscv-cpu.h) on
 * the GLib main loop thread, QEMU's "tcg" in name only (there is no JIT).
 *
 * The board makes one TcgAccel for its harts once they are realized
 * (tcg_accel_new()), unless vm_info_get_accel() says another accelerator
 * runs the machine (qtest: no guest code runs at all). The accelerator is
 * one low-priority GSource on the default main context:
 *
 *   - while the machine runs (runstate_is_running()), each dispatch is a
 *     slice of about TCG_ACCEL_SLICE_US of guest execution: the harts in
 *     turn, TCG_ACCEL_HART_BUDGET instructions at a time (a fair
 *     round-robin: one thread, no locks, and every device model stays
 *     single-threaded), then back to the loop so QMP, chardevs, timers and
 *     block completions are served between slices. Any other ready source
 *     goes first (the GSource's priority is G_PRIORITY_LOW);
 *   - a hart that executes wfi with nothing pending sleeps. When every
 *     hart sleeps the source is not ready and sets no timeout: the loop
 *     blocks in poll() until some other source (a timer, a chardev, a QMP
 *     client) runs, and each iteration looks again whether an interrupt is
 *     now pending for a sleeping hart (riscv_cpu_has_pending_interrupt()).
 *     Every interrupt line changes from a main-loop callback, so this
 *     never misses a wake-up, and an idle guest costs no host CPU;
 *   - runstate requests (a guest powering off through the test finisher,
 *     `quit`, a signal) kick the running hart (runstate_set_kick): it stops
 *     at the next block boundary and the slice ends, so the request is
 *     acted on at once. stop/cont need nothing more: QMP runs between
 *     slices, a paused machine's source is never ready, and a dispatch
 *     GLib still owes from before the pause runs nothing;
 *   - system_reset wakes every hart (a reset hart starts at its reset
 *     vector whether or not it slept);
 *   - a guest that spins on an idle console instead of sleeping in wfi
 *     (U-Boot's prompt reads the UART's LSR forever) is put to sleep too:
 *     the board reports each such poll (tcg_accel_note_idle_poll()) and
 *     every sign of progress, a byte out or in (tcg_accel_note_progress()).
 *     After TCG_ACCEL_IDLE_POLLS polls in a row, each within
 *     TCG_ACCEL_IDLE_POLL_GAP guest instructions of the last (a kernel
 *     polling an SBI console every few milliseconds between real work is
 *     not spinning), and TCG_ACCEL_IDLE_AFTER_US without progress
 *     (firmware checks for Ctrl-C between steps of its boot: that is no
 *     idle console) the machine runs only until the next poll, then rests
 *     for
 *     TCG_ACCEL_IDLE_SLEEP_US of host time; progress (a key typed) ends
 *     the rest at once. The virtual clock runs on meanwhile, so the
 *     guest's timeouts keep their length: it just spins fewer times.
 *
 * Ownership: the accelerator borrows the harts (the board keeps them alive
 * longer) and owns its GSource; tcg_accel_free() detaches it and lets go
 * of the kick and reset hooks. One per process (the kick hook is a single
 * slot). Main thread only. Nothing fails. */
#pragma once

#include "riscv-cpu.h"

#include <stdint.h>

/* Guest time per main-loop dispatch: short enough that a QMP command or a
 * keystroke waits at most about this long, long enough that the loop's
 * own cost (a poll() and the timer check) stays well under 1 %. */
#define TCG_ACCEL_SLICE_US 1000
/* Instructions per riscv_cpu_exec() call; each call drops the LR/SC
 * reservation, so this must dwarf any LR/SC retry loop. */
#define TCG_ACCEL_HART_BUDGET 20000

/* Polls in a row, about 2 ms of U-Boot's prompt loop: a guest printing
 * reads LSR once per byte and never gets near it. */
#define TCG_ACCEL_IDLE_POLLS 4096
#define TCG_ACCEL_IDLE_POLL_GAP 200000
#define TCG_ACCEL_IDLE_AFTER_US 50000
/* How long a spinning guest rests: the latency of a reply to nothing but
 * the passing of time (a key typed wakes it at once). */
#define TCG_ACCEL_IDLE_SLEEP_US 10000

typedef struct TcgAccel TcgAccel;

/* Starts running cpus[0..n-1] (n >= 1) whenever the machine runs. The
 * array is copied; the harts are borrowed. */
TcgAccel *tcg_accel_new(RiscvCpu *const *cpus, unsigned n);
void tcg_accel_free(TcgAccel *accel);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(TcgAccel, tcg_accel_free)

/* See the idle-console rule at the top. */
void tcg_accel_note_idle_poll(TcgAccel *accel);
void tcg_accel_note_progress(TcgAccel *accel);

/* Whether hart i sleeps in wfi (for tests and `info`). */
bool tcg_accel_hart_sleeping(const TcgAccel *accel, unsigned i);
/* Instructions the harts retired in this accelerator's slices. */
uint64_t tcg_accel_instructions(const TcgAccel *accel);
