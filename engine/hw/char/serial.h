/* The 16550A UART on MMIO ("serial-mm", QEMU's name and properties; see
 * engine/qapi/schema/hw-devices.json).
 *
 * Eight byte registers, register n at n << regshift: RBR/THR, IER,
 * IIR/FCR, LCR, MCR, LSR, MSR, SCR, with DLL/DLM in place of RBR/IER
 * while LCR.DLAB is set. The receive side has the 16550's 16-byte FIFO
 * (one byte in 16450 mode, FCR.FE clear) with its trigger levels and the
 * character timeout (4 character times at the programmed divisor and
 * baudbase, on the virtual clock). Transmission completes at once: a
 * THR write goes straight to the chardev (chardev_write() never
 * blocks), or to the receive FIFO in loopback, so LSR always shows THRE
 * and TEMT and a THRE interrupt is pending whenever IER.THRI is set
 * (raised again when THRI goes from 0 to 1, cleared by reading IIR while
 * it is the reported cause or by writing THR), as Linux's 8250 driver
 * probes. MCR.LOOP feeds the transmitter to the receiver and MCR's
 * outputs to MSR's inputs, delta bits included as on the 16550 (QEMU
 * shows none in loopback). Interrupts, in IIR priority order: line
 * status (overrun), received data at the trigger level or timeout, THR
 * empty, modem status; one level IRQ output ("sysbus-irq[0]"), high
 * while IIR shows a cause. Power-on values and every other register
 * behaviour match QEMU 7.2's port (tests/engine/hw/misc checks them
 * against it, access for access).
 *
 * Input from the chardev is taken only while the FIFO has room (the
 * chardev's can_read is the room left; none in loopback, where the
 * port is cut from the line), and the UART calls chardev_accept_input()
 * when the guest frees room, so a fast host never overruns the guest.
 * A back-end that pushes more than it was offered overruns: LSR.OE, and
 * the byte is lost (FIFO mode) or replaces the unread one (16450 mode).
 *
 * Ownership: the device holds a reference on its chardev and is its
 * front-end while realized. Anything a guest writes is a register
 * value: no access can fail or reach memory. Writes to LSR and MSR are
 * ignored and counted as guest errors (guest-error.h). */
#pragma once

#include "qdev.h"

#define TYPE_SERIAL_MM "serial-mm"

/* Registers "serial-mm" with QOM; idempotent. A program that creates the
 * UART by name calls it first (static linking drops an unreferenced
 * module's constructor). */
void serial_mm_register_types(void);

/* Power-on state, as QEMU's: FIFOs empty and off, IER, LCR and SCR 0,
 * divisor 12, MCR OUT2, LSR THRE|TEMT, MSR DCD|DSR|CTS, interrupt driven
 * low anew.
 * Realize does it too; the board calls it on system reset. */
void serial_mm_reset(DeviceState *dev);

/* What the guest does with the line, for an accelerator that lets a guest
 * spinning on an idle console sleep (U-Boot's prompt reads LSR in a loop
 * forever): an IDLE_POLL is an LSR read with nothing received, PROGRESS a
 * byte sent (THR) or arriving from the host. One hook per UART (NULL
 * removes it); it runs inside the access or the chardev callback. */
typedef enum SerialActivity {
    SERIAL_ACTIVITY_IDLE_POLL,
    SERIAL_ACTIVITY_PROGRESS,
} SerialActivity;
typedef void SerialActivityFn(void *opaque, SerialActivity what);
void serial_mm_set_activity_hook(DeviceState *dev, SerialActivityFn *fn,
                                 void *opaque);
