/* The qtest accelerator: no CPU runs; a test driver on a chardev reads and
 * writes guest memory and I/O ports, watches and drives IRQ lines and
 * moves the virtual clock, in QEMU's qtest line protocol.
 *
 * `quern-engine -accel qtest -qtest DEV [-qtest-log FILE]`: DEV is a
 * legacy chardev spelling as -serial takes it (unix:PATH -- a client, the
 * way QEMU's libqtest listens first -- unix:PATH,server=on,wait=off,
 * stdio, file:PATH, ...). The engine makes -accel qtest put the clocks on
 * the manual source (clock.h): the virtual clock moves only by clock_step
 * and clock_set, which run the timers that fall due on the way (without
 * -accel qtest the clock runs by itself and both reply FAIL). While the
 * machine is paused (-S, stop) the virtual clock stands still, as it does
 * for a running guest: the step moves only the realtime and host clocks.
 *
 * The protocol (one request per line, one reply line per request; "IRQ"
 * lines may come before a reply, caused by the request):
 *
 *   readb|readw|readl|readq ADDR        OK 0x<16 hex digits>
 *   writeb|writew|writel|writeq ADDR V  OK
 *   inb|inw|inl PORT                    OK 0x<at least 4 hex digits>
 *   outb|outw|outl PORT V               OK
 *   read ADDR SIZE                      OK 0x<2*SIZE hex digits>
 *   write ADDR SIZE 0xDATA              OK (missing bytes are 0)
 *   b64read ADDR SIZE                   OK <base64>
 *   b64write ADDR SIZE B64              OK (writes what decodes, <= SIZE)
 *   memset ADDR SIZE BYTE               OK
 *   clock_step [NS]                     OK <virtual ns, decimal>
 *   clock_set NS                        OK <virtual ns, decimal>
 *   endianness                          OK little
 *   irq_intercept_in QOM-PATH           OK; then "IRQ raise N" /
 *   irq_intercept_out QOM-PATH [NAME]     "IRQ lower N" on level changes
 *   set_irq_in QOM-PATH NAME N LEVEL    OK (NAME unnamed-gpio-in: the
 *                                       unnamed set)
 *
 * Numbers are C literals (0x.., 0.., decimal), as strtoull reads them.
 * Memory goes through the machine's address_space_memory, ports through
 * its address_space_io, little-endian; what nobody maps reads as the
 * space's unassigned value. Anything else -- an unknown command, a missing
 * or malformed argument, a read bigger than QTEST_MAX_READ, a line longer
 * than QTEST_MAX_LINE, a NUL byte -- gets "FAIL <reason>" and the server
 * goes on. Where QEMU asserts on bad input, this replies FAIL.
 *
 * Interception forwards: an intercepted input still reaches its device, an
 * intercepted output still reaches what it was connected to; only one
 * device is intercepted at a time (QEMU's rule). N is the pin's index in
 * its set.
 *
 * A QtestServer is the protocol on bytes, without a chardev: the fuzz
 * target and qtest_start() both drive one. qtest_start() makes the
 * process's server on its chardev (QOM path /chardevs/qtest); it lives
 * until the process exits (an atexit handler frees it, after the engine
 * is done with the machine). Replies go through the chardev's backlog, so with
 * server=on a client that connects after another first gets the replies
 * sent before it came (chardev.h: a new connection starts at the oldest
 * backlog byte); libqtest's client mode has a single connection.
 *
 * Ownership: the caller owns a QtestServer (qtest_server_free() undoes its
 * interceptions); replies go out through send, lent for the call. Main
 * thread only. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include <glib.h>

#include "error.h"

/* The largest read/b64read: a reply must fit a chardev's backlog
 * (CHARDEV_BACKLOG_SIZE), which drops what a client has not taken. */
#define QTEST_MAX_READ ((size_t)16 * 1024)
/* The largest write/b64write/memset. */
#define QTEST_MAX_WRITE ((size_t)16 * 1024 * 1024)
/* The longest request line: a write of QTEST_MAX_WRITE bytes in hex. */
#define QTEST_MAX_LINE (2 * QTEST_MAX_WRITE + 4096)

typedef struct QtestServer QtestServer;

/* Sends len bytes of reply text (whole lines, '\n'-terminated). */
typedef void QtestSend(void *opaque, const char *text, size_t len);

QtestServer *qtest_server_new(QtestSend *send, void *opaque);
void qtest_server_free(QtestServer *s);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(QtestServer, qtest_server_free)

/* Logs requests ("[R +secs] line"), replies ("[S +secs] line") and
 * connection events ("[I +secs] OPENED") to log (lent; NULL: none). */
void qtest_server_set_log(QtestServer *s, FILE *log);
/* A new connection: a half-received line is dropped, IRQ levels are
 * known as low again. opened says whether a client came or went. */
void qtest_server_connection(QtestServer *s, bool opened);
/* Bytes from the client: every complete line is run. */
void qtest_server_feed(QtestServer *s, const void *buf, size_t len);

/* Starts the process's qtest server on the chardev spec (see the top),
 * logging to log_path when given ("none": no log). */
bool qtest_start(const char *chardev_spec, const char *log_path,
                 Error **errp);
