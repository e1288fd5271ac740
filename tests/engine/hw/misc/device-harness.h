/* A harness for the platform device tests: one device realized on the
 * system bus, its MMIO region 0 mapped at address 0 of a private address
 * space, its interrupt outputs wired to recorders, and the manual clock, so
 * a test pokes registers and watches lines as a guest and its interrupt
 * controller would, and moves time by hand.
 *
 * device_harness_new() takes "name=value" properties (the text form
 * -global uses) and realizes; it returns NULL with the error when a
 * property or realize fails (the device stays in /machine until the next
 * device_harness_free()). device_harness_free() unparents /machine,
 * frees the address space, puts the clocks back and resets the run
 * states, so every test starts afresh. The harness owns everything it
 * made; the device is lent. */
#pragma once

#include "address-space.h"
#include "qdev.h"

enum { HARNESS_MAX_LINES = 64 };

typedef struct DeviceHarness {
    DeviceState *dev;                   /* lent: the QOM tree holds it */
    MemoryRegion root;
    AddressSpace *as;
    int level[HARNESS_MAX_LINES];       /* last level seen per watched line */
    unsigned raises[HARNESS_MAX_LINES]; /* 0 -> 1 transitions seen */
    unsigned calls[HARNESS_MAX_LINES];  /* levels set, repeats included */
} DeviceHarness;

/* Starts the manual clock first, the virtual clock on a whole
 * millisecond. props: NULL-terminated, may be NULL. */
DeviceHarness *device_harness_new(const char *type, const char *const *props,
                                  Error **errp);
void device_harness_free(DeviceHarness *h);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(DeviceHarness, device_harness_free)

/* Records output n of GPIO set name (NULL: "gpio-out") as line n. */
void device_harness_watch_gpio(DeviceHarness *h, const char *name, int n);
/* Records sysbus IRQ n as line n. */
void device_harness_watch_irq(DeviceHarness *h, int n);

/* Guest accesses; each asserts the access itself went through. */
uint8_t device_harness_readb(DeviceHarness *h, hwaddr addr);
uint32_t device_harness_readl(DeviceHarness *h, hwaddr addr);
uint64_t device_harness_readq(DeviceHarness *h, hwaddr addr);
void device_harness_writeb(DeviceHarness *h, hwaddr addr, uint8_t val);
void device_harness_writew(DeviceHarness *h, hwaddr addr, uint16_t val);
void device_harness_writel(DeviceHarness *h, hwaddr addr, uint32_t val);
void device_harness_writeq(DeviceHarness *h, hwaddr addr, uint64_t val);

/* Moves the manual clock on by ns and runs every timer now due. */
void device_harness_advance(DeviceHarness *h, int64_t ns);

/* Every offset of [start, start + size) with every access size 1, 2, 4
 * and 8, a read then a write, for each of a few values (0, all ones,
 * patterns), with time moving on between rounds: what a hostile guest can
 * throw at the region. Only coming back is asserted. */
void device_harness_poke_everything(DeviceHarness *h, hwaddr start,
                                    uint64_t size);
