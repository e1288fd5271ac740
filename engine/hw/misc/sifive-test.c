/* The SiFive test finisher: see sifive-test.h. */
#include "sifive-test.h"

#include <inttypes.h>

#include "guest-error.h"
#include "qapi-qom.h"
#include "runstate.h"
#include "sysbus.h"

OBJECT_DECLARE_SIMPLE_TYPE(SifiveTest, SIFIVE_TEST)

struct SifiveTest {
    SysBusDevice parent_obj;

    MemoryRegion mmio;
    GuestErrorLog guest_errors;
};

static void sifive_test_guest_error(SifiveTest *s, const char *what,
                                    hwaddr off, uint64_t val)
{
    guest_error(&s->guest_errors, "riscv.sifive.test: %s at 0x%" PRIx64
                " (value 0x%" PRIx64 ") ignored", what, off, val);
}

static uint64_t sifive_test_read(void *opaque, hwaddr off, unsigned size)
{
    return 0;
}

static void sifive_test_write(void *opaque, hwaddr off, uint64_t val,
                              unsigned size)
{
    SifiveTest *s = opaque;
    uint32_t command = val & 0xffff;
    int code = (val >> 16) & 0xffff;

    if (off != 0) {
        sifive_test_guest_error(s, "write past the register", off, val);
        return;
    }
    switch (command) {
    case SIFIVE_TEST_PASS:
        runstate_request_shutdown(SHUTDOWN_CAUSE_GUEST_SHUTDOWN, 0);
        break;
    case SIFIVE_TEST_FAIL:
        runstate_request_shutdown(SHUTDOWN_CAUSE_GUEST_SHUTDOWN, code);
        break;
    case SIFIVE_TEST_RESET:
        runstate_request_reset(SHUTDOWN_CAUSE_GUEST_RESET);
        break;
    default:
        sifive_test_guest_error(s, "unknown command", off, val);
        break;
    }
}

/* 2- and 4-byte accesses as they come; a byte write is widened to 2 bytes
 * (merged with a read of 0), an 8-byte one split into two 4-byte writes. */
static const MemoryRegionOps sifive_test_ops = {
    .read = sifive_test_read,
    .write = sifive_test_write,
    .min_access = 2,
    .max_access = 4,
};

uint64_t sifive_test_guest_errors(DeviceState *dev)
{
    return SIFIVE_TEST(dev)->guest_errors.count;
}

static void sifive_test_init(Object *obj)
{
    SifiveTest *s = SIFIVE_TEST(obj);

    memory_region_init_io(&s->mmio, TYPE_SIFIVE_TEST, &sifive_test_ops, s,
                          SIFIVE_TEST_SIZE);
    sysbus_init_mmio(SYS_BUS_DEVICE(s), &s->mmio);
}

static void sifive_test_finalize(Object *obj)
{
    memory_region_finalize(&SIFIVE_TEST(obj)->mmio);
}

static void sifive_test_class_init(ObjectClass *oc, const void *data)
{
    DEVICE_CLASS(oc)->user_creatable = false;   /* as in QEMU */
}

static const TypeInfo sifive_test_info = {
    QOM_RISCV_SIFIVE_TEST_TYPE_INFO,
    .instance_size = sizeof(SifiveTest),
    .instance_init = sifive_test_init,
    .instance_finalize = sifive_test_finalize,
    .class_init = sifive_test_class_init,
};

DEFINE_TYPES_REGISTER_ONCE(sifive_test_register_types, &sifive_test_info, 1)
