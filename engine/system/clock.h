/* Clocks and timers: what the devices' sense of time is built on.
 *
 * Three clocks, read in nanoseconds:
 *  - CLOCK_KIND_VIRTUAL: the guest's time. Monotonic; it stands still while
 *    the machine is paused (clock_vm_stop()) and carries on from the same
 *    value after clock_vm_start(). It starts at 0, running.
 *  - CLOCK_KIND_REALTIME: monotonic host time; runs while paused (for things
 *    the host does on the guest's behalf: UI refresh, migration throttling).
 *  - CLOCK_KIND_HOST: wall-clock time since the epoch; may jump (RTC models).
 *
 * A Timer calls cb(opaque) once its clock reaches the deadline it was armed
 * with (timer_mod()); it fires once per arming. Each clock keeps its armed
 * timers in a binary min-heap, so arming, re-arming and deleting cost
 * O(log n) and finding the next deadline O(1). Timers run from the GLib main
 * loop: attach clock_source_new() to a context; its prepare step turns the
 * nearest deadline across the clocks into the poll timeout. Virtual timers
 * do not fire while the machine is paused.
 *
 * Process state, by nature: there is one clock set per process (the three
 * clocks, their timers, the paused flag and the time source). Tests drive
 * it by hand with clock_use_manual_source() and clock_manual_advance(), so
 * nothing sleeps, and put it back with clock_reset_for_test().
 *
 * Ownership: timer_new() returns a timer the caller owns; timer_free()
 * disarms and frees it (from inside any timer callback too, its own
 * included). Callbacks may arm, re-arm and delete any timer.
 * Threads: everything here belongs to the main thread.
 * Failures: none; a NULL timer or an unknown clock is a bug and aborts. */
#pragma once

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

typedef enum ClockKind {
    CLOCK_KIND_VIRTUAL,
    CLOCK_KIND_REALTIME,
    CLOCK_KIND_HOST,
    CLOCK_KIND__MAX,
} ClockKind;

typedef struct Timer Timer;
typedef void TimerCb(void *opaque);

/* The clock's current time in nanoseconds. */
int64_t clock_get_ns(ClockKind kind);

/* Pausing the machine: the virtual clock freezes at its current value and
 * its timers wait. Both are idempotent. */
void clock_vm_stop(void);
void clock_vm_start(void);
bool clock_vm_running(void);

/* Nanoseconds until the nearest armed deadline across the clocks (0 when
 * one has passed), or -1 when nothing is armed. Virtual timers count only
 * while the machine runs. */
int64_t clock_deadline_ns(void);

/* Runs the timers of the clock whose deadline has passed, earliest first,
 * equal deadlines in the order they were armed. Returns whether any ran.
 * A run stops at the first due timer that was armed during it (by a
 * callback): that one and any due behind it run at the next call, which
 * clock_deadline_ns() == 0 asks for, so a callback that re-arms itself for
 * "now" cannot hang the loop. The main loop source calls this; tests may
 * too. Does nothing for the virtual clock while the machine is paused. */
bool clock_run_timers(ClockKind kind);

/* A GSource that runs the timers of all clocks; attach it to the context
 * that drives the machine. The caller owns the returned reference. */
GSource *clock_source_new(void);

/* Timers. */
Timer *timer_new(ClockKind kind, TimerCb *cb, void *opaque);
/* Disarms (if armed) and frees; NULL is fine. */
void timer_free(Timer *t);
/* Arms t to fire when its clock reaches deadline_ns (absolute, on t's
 * clock; a deadline already passed fires at the next run). Re-arming an
 * armed timer moves it. */
void timer_mod(Timer *t, int64_t deadline_ns);
/* Disarms t; a no-op when it is not armed. */
void timer_del(Timer *t);
bool timer_pending(const Timer *t);
/* The deadline t is armed with, or -1 when it is not armed. */
int64_t timer_expire_time(const Timer *t);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(Timer, timer_free)

/* Tests: from now on the realtime clock reads start_ns and only moves with
 * clock_manual_advance(); the host clock reads start_ns plus a fixed epoch
 * offset and moves with it; the virtual clock keeps its value and follows
 * them while running. */
void clock_use_manual_source(int64_t start_ns);
/* Moves the manual source forward by delta_ns (>= 0). Runs no timers. */
void clock_manual_advance(int64_t delta_ns);
/* Back to the host's clocks: disarms every timer (they stay the owner's to
 * free), restarts the virtual clock at 0, running. */
void clock_reset_for_test(void);
