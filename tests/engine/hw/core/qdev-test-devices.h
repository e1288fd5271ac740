/* Test devices for the qdev tests, their properties from qdev-test.json:
 *
 *   test-uart  sysbus: one 0x100-byte MMIO region, one IRQ; its realize
 *              fails when label is "broken"
 *   test-ctrl  sysbus: two unnamed GPIO inputs; creates a "test-bus"
 *              (2 slots) in its first realize
 *   test-leaf  plugs into a test-bus
 *
 * Every realize and unrealize, of devices and test buses, appends
 * "<what>:<name>" and a space to qdev_test_log (test-only state, reset by
 * qdev_test_reset(), which also empties /machine and the globals). */
#pragma once

#include "qdevtest-qapi-qom.h"
#include "sysbus.h"

#define TYPE_TEST_BUS "test-bus"

OBJECT_DECLARE_SIMPLE_TYPE(TestUart, TEST_UART)
OBJECT_DECLARE_SIMPLE_TYPE(TestCtrl, TEST_CTRL)
OBJECT_DECLARE_SIMPLE_TYPE(TestLeaf, TEST_LEAF)

struct TestUart {
    SysBusDevice parent_obj;
    TestUartProperties props;
    MemoryRegion mmio;
    IrqLine *irq;
};

struct TestCtrl {
    SysBusDevice parent_obj;
    TestCtrlProperties props;
    BusState *bus;
};

struct TestLeaf {
    DeviceState parent_obj;
    TestLeafProperties props;
};

extern GString *qdev_test_log;

void qdev_test_reset(void);
