/* The SiFive test finisher ("riscv.sifive.test", QEMU's name): how a
 * guest on the virt board powers off or resets the machine.
 *
 * One register at offset 0 of a 0x1000-byte window, taking 2- and 4-byte
 * writes (OpenSBI writes 16 bits, U-Boot's syscon 32). The low 16 bits
 * are the command, the high 16 an exit code:
 *   0x5555             power off (runstate_request_shutdown, status 0)
 *   0x3333 | code<<16  power off with exit status code
 *   0x7777             reset (runstate_request_reset)
 * Requests are queued (engine/system/runstate.h) and acted on from the
 * main loop, never inside the access. Any other write, and any access
 * past offset 0, is a guest error: ignored and counted (guest-error.h);
 * reads give 0.
 *
 * The device owns only its region. Main thread only. */
#pragma once

#include <stdint.h>

#include "qdev.h"

#define TYPE_SIFIVE_TEST "riscv.sifive.test"

enum {
    SIFIVE_TEST_SIZE = 0x1000,
    SIFIVE_TEST_FAIL = 0x3333,
    SIFIVE_TEST_PASS = 0x5555,
    SIFIVE_TEST_RESET = 0x7777,
};

/* Registers the type with QOM; idempotent. A program that creates it by
 * name calls it first (static linking drops an unreferenced module's
 * constructor). */
void sifive_test_register_types(void);

/* Guest writes the finisher ignored so far. */
uint64_t sifive_test_guest_errors(DeviceState *dev);
