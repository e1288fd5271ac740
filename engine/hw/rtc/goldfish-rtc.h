/* The goldfish real-time clock ("goldfish_rtc", QEMU's name), as the
 * Android emulator documents it and Linux's rtc-goldfish drives it.
 *
 * 4-byte registers in a 0x24-byte window:
 *   0x00 TIME_LOW       r: low 32 bits of the time, latching the high
 *                       half for TIME_HIGH; w: sets them
 *   0x04 TIME_HIGH      r: the latched high half; w: sets it
 *   0x08 ALARM_LOW      r/w; a write arms the alarm at ALARM_HIGH:LOW
 *   0x0c ALARM_HIGH     r/w (write it first)
 *   0x10 IRQ_ENABLED    r/w bit 0
 *   0x14 CLEAR_ALARM    w: disarms the alarm
 *   0x18 ALARM_STATUS   r: 1 while the alarm is armed
 *   0x1c CLEAR_INTERRUPT w: drops the pending interrupt
 * The time is nanoseconds since the epoch: the host's wall clock
 * (CLOCK_KIND_HOST) plus an offset that writes to TIME_* set. The alarm
 * is a host-clock Timer; when it fires (or at once, for a time already
 * passed) the interrupt pends, and the IRQ output ("sysbus-irq[0]") is
 * high while it pends and IRQ_ENABLED is set.
 *
 * With big-endian set (QEMU's property, for m68k) the words are
 * byte-swapped. Other offsets read 0 and ignore writes (counted guest
 * errors). The device owns its timer. Main thread only. */
#pragma once

#include "qdev.h"

#define TYPE_GOLDFISH_RTC "goldfish_rtc"

enum { GOLDFISH_RTC_SIZE = 0x24 };

/* Registers the type with QOM; idempotent. A program that creates it by
 * name calls it first (static linking drops an unreferenced module's
 * constructor). */
void goldfish_rtc_register_types(void);

/* Reset: alarm disarmed, interrupt disabled and not pending; the time
 * keeps running (a reset does not set the clock back). The board calls it
 * on system reset; realize does it too. */
void goldfish_rtc_reset(DeviceState *dev);
