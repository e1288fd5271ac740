/* Test support: a real quern-engine under the qtest accelerator, driven
 * over QEMU's qtest line protocol (engine/accel/qtest/qtest.h) and QMP.
 *
 * qtest_init() listens on a fresh unix socket, starts the engine binary
 * with the caller's options plus `-accel qtest -qtest unix:SOCKET` (the
 * engine connects, as QEMU does to its libqtest) and a QMP socket
 * (tests/engine/system/engine-process.h), and returns once both are up.
 * The wrappers below send one request each and fail the test on anything
 * but an "OK" reply; qtest_command() returns the raw reply for tests of
 * the protocol itself. Reads time out after 20 s and fail the test, so a
 * hung engine is a failure, not a hung run. If the test aborts, the
 * engines it started are killed.
 *
 * "IRQ raise N" / "IRQ lower N" lines, which may come before any reply,
 * are recorded; qtest_get_irq() first takes any that arrived since.
 *
 * Ownership: a QTestState owns its engine (qtest_quit() stops it and frees
 * everything); returned strings and QDicts are the caller's. */
#pragma once

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#include "engine-process.h"

typedef struct QTestState QTestState;

/* args: NULL-terminated engine options (-M none -m 16M, ...). */
QTestState *qtest_init(const char *const *args);
/* The same from one string, split as a shell would. */
QTestState *qtest_initf(const char *fmt, ...) G_GNUC_PRINTF(1, 2);
/* SIGTERM, then waits: the exit status. Frees s. */
int qtest_quit(QTestState *s);
/* Waits for an exit the test caused (a poweroff): its status. Frees s. */
int qtest_wait_exit(QTestState *s);
/* The engine process (its directory, stderr, ...), lent. */
EngineProcess *qtest_engine(QTestState *s);

/* Raw protocol: sends bytes as they are; reads the next reply line (IRQ
 * lines recorded and skipped), without its "\n"; NULL on EOF. */
void qtest_send_raw(QTestState *s, const void *buf, size_t len);
char *qtest_receive(QTestState *s);
/* Sends one line (printf-style, "\n" added) and returns its reply. */
char *qtest_command(QTestState *s, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

uint8_t qtest_readb(QTestState *s, uint64_t addr);
uint16_t qtest_readw(QTestState *s, uint64_t addr);
uint32_t qtest_readl(QTestState *s, uint64_t addr);
uint64_t qtest_readq(QTestState *s, uint64_t addr);
void qtest_writeb(QTestState *s, uint64_t addr, uint8_t value);
void qtest_writew(QTestState *s, uint64_t addr, uint16_t value);
void qtest_writel(QTestState *s, uint64_t addr, uint32_t value);
void qtest_writeq(QTestState *s, uint64_t addr, uint64_t value);
uint8_t qtest_inb(QTestState *s, uint16_t port);
uint16_t qtest_inw(QTestState *s, uint16_t port);
uint32_t qtest_inl(QTestState *s, uint16_t port);
void qtest_outb(QTestState *s, uint16_t port, uint8_t value);
void qtest_outw(QTestState *s, uint16_t port, uint16_t value);
void qtest_outl(QTestState *s, uint16_t port, uint32_t value);

/* Blocks of any size, in as many requests as the server's limits need:
 * memread/memwrite in hex ("read"/"write"), bufread/bufwrite in base64. */
void qtest_memread(QTestState *s, uint64_t addr, void *buf, size_t size);
void qtest_memwrite(QTestState *s, uint64_t addr, const void *buf,
                    size_t size);
void qtest_bufread(QTestState *s, uint64_t addr, void *buf, size_t size);
void qtest_bufwrite(QTestState *s, uint64_t addr, const void *buf,
                    size_t size);
void qtest_memset(QTestState *s, uint64_t addr, uint8_t pattern,
                  size_t size);

/* The virtual clock after the step, in ns. */
int64_t qtest_clock_step(QTestState *s, int64_t ns);
int64_t qtest_clock_step_next(QTestState *s);
int64_t qtest_clock_set(QTestState *s, int64_t ns);
bool qtest_big_endian(QTestState *s);

void qtest_irq_intercept_in(QTestState *s, const char *qom_path);
void qtest_irq_intercept_out(QTestState *s, const char *qom_path);
/* The level of intercepted pin n as the last IRQ line reported it. */
bool qtest_get_irq(QTestState *s, int n);
/* name NULL: the unnamed input set. */
void qtest_set_irq_in(QTestState *s, const char *qom_path, const char *name,
                      int n, int level);

/* QMP on the engine's socket, negotiated: the reply; an asserted success's
 * "return"; HMP text. The client is lent (events, errors). */
QmpClient *qtest_qmp_client(QTestState *s);
QDict *qtest_qmp(QTestState *s, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
char *qtest_hmp(QTestState *s, const char *command_line);

/* Whether `quern-engine -machine help` lists machine type name. */
bool qtest_has_machine(const char *name);
