/* The riscv virt board: see virt.h. */
#include "virt.h"

#include <inttypes.h>

#include "chardev.h"
#include "goldfish-rtc.h"
#include "object-property.h"
#include "qapi-qom.h"
#include "riscv-aclint.h"
#include "riscv-board.h"
#include "serial.h"
#include "sifive-plic.h"
#include "sifive-test.h"
#include "sysbus.h"
#include "virtio-mmio.h"

const VirtMemMapEntry virt_memmap[] = {
    [VIRT_MROM] =   { 0x1000, 0xf000 },
    [VIRT_TEST] =   { 0x100000, 0x1000 },
    [VIRT_RTC] =    { 0x101000, 0x1000 },
    [VIRT_CLINT] =  { 0x2000000, RISCV_BOARD_CLINT_SIZE },
    /* 0x200000 + a context window for each of QEMU's 2 x 512 contexts:
     * the size QEMU gives it whatever -smp says. */
    [VIRT_PLIC] =   { 0xc000000, 0x600000 },
    [VIRT_UART0] =  { 0x10000000, 0x100 },
    [VIRT_VIRTIO] = { 0x10001000, 0x1000 },
    [VIRT_DRAM] =   { 0x80000000, 0 },
};

/* The UART's input clock as the device tree says (QEMU's 3.6864 MHz), and
 * QEMU's baudbase for the model, which the character timeout counts. */
#define VIRT_UART_CLOCK_HZ 3686400
#define VIRT_UART_BAUDBASE 399193

/* -bios default: what Debian's QEMU loads, then Debian's opensbi. */
static const char *const virt_default_firmware[] = {
    "/usr/share/qemu/opensbi-riscv64-generic-fw_dynamic.bin",
    "/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin",
    NULL,
};

/* The harts' external-interrupt inputs (mip bits). */
enum { MIP_SEIP = 9, MIP_MEIP = 11 };

typedef struct VirtMachineState {
    MachineState parent_obj;
    RiscvBoard board;
    DeviceState *plic, *uart, *rtc, *test;      /* borrowed */
    VirtIOMMIO *virtio[VIRT_VIRTIO_COUNT];      /* borrowed */
} VirtMachineState;

#define VIRT_MACHINE(obj) \
    OBJECT_CHECK(VirtMachineState, (obj), TYPE_VIRT_MACHINE)

/* Makes a sysbus device of type with its default properties,
 * realizes it and maps its region 0 at base. The QOM tree owns it. */
static DeviceState *virt_add_sysbus(MachineState *ms, const char *type,
                                    hwaddr base, Error **errp)
{
    DeviceState *dev = qdev_new(type);
    bool ok = sysbus_realize(SYS_BUS_DEVICE(dev), errp);

    object_unref(OBJECT(dev));
    if (!ok) {
        return NULL;
    }
    sysbus_mmio_map(SYS_BUS_DEVICE(dev), 0, &ms->system_memory, base);
    return dev;
}

static bool virt_create_plic(VirtMachineState *s, Error **errp)
{
    MachineState *ms = MACHINE(s);
    RiscvBoard *b = &s->board;
    g_autoptr(GString) harts = g_string_new(NULL);
    DeviceState *dev = qdev_new(TYPE_SIFIVE_PLIC);
    Object *o = OBJECT(dev);
    bool ok;

    for (unsigned i = 0; i < b->n_harts; i++) {
        g_string_append(harts, i ? ",MS" : "MS");
    }
    ok = object_property_set_str(o, "hart-config", harts->str, errp) &&
         object_property_set_uint(o, "num-sources", VIRT_PLIC_NUM_SOURCES,
                                  errp) &&
         object_property_set_uint(o, "num-priorities",
                                  VIRT_PLIC_NUM_PRIORITIES, errp) &&
         object_property_set_uint(o, "priority-base", 0x4, errp) &&
         object_property_set_uint(o, "pending-base", 0x1000, errp) &&
         object_property_set_uint(o, "enable-base", 0x2000, errp) &&
         object_property_set_uint(o, "enable-stride", 0x80, errp) &&
         object_property_set_uint(o, "context-base", 0x200000, errp) &&
         object_property_set_uint(o, "context-stride", 0x1000, errp) &&
         object_property_set_uint(o, "aperture-size",
                                  virt_memmap[VIRT_PLIC].size, errp) &&
         sysbus_realize(SYS_BUS_DEVICE(dev), errp);
    object_unref(o);
    if (!ok) {
        return false;
    }
    sysbus_mmio_map(SYS_BUS_DEVICE(dev), 0, &ms->system_memory,
                    virt_memmap[VIRT_PLIC].base);
    /* Context 2h is hart h's M mode, 2h + 1 its S mode. */
    for (unsigned i = 0; i < b->n_harts; i++) {
        Object *hart = OBJECT(b->harts[i]);

        if (!gpio_connect(o, NULL, (int)(2 * i),
                          gpio_get_in(hart, NULL, MIP_MEIP), errp) ||
            !gpio_connect(o, NULL, (int)(2 * i + 1),
                          gpio_get_in(hart, NULL, MIP_SEIP), errp)) {
            return false;
        }
    }
    sifive_plic_reset(dev);
    s->plic = dev;
    return true;
}

static IrqLine *plic_source(VirtMachineState *s, unsigned source)
{
    return gpio_get_in(OBJECT(s->plic), NULL, (int)source);
}

static bool virt_create_uart(VirtMachineState *s, Error **errp)
{
    MachineState *ms = MACHINE(s);
    DeviceState *dev = qdev_new(TYPE_SERIAL_MM);
    Object *o = OBJECT(dev);
    /* -serial/-nographic make "serial0"; without one the port is mute. */
    bool ok = (!chardev_find("serial0") ||
               object_property_set_str(o, "chardev", "serial0", errp)) &&
              object_property_set_uint(o, "baudbase", VIRT_UART_BAUDBASE,
                                       errp) &&
              object_property_set_uint(o, "endianness", 2, errp) &&
              sysbus_realize(SYS_BUS_DEVICE(dev), errp);

    object_unref(o);
    if (!ok) {
        return false;
    }
    sysbus_mmio_map(SYS_BUS_DEVICE(dev), 0, &ms->system_memory,
                    virt_memmap[VIRT_UART0].base);
    sysbus_connect_irq(SYS_BUS_DEVICE(dev), 0,
                       plic_source(s, VIRT_UART0_IRQ));
    s->uart = dev;
    return true;
}

static bool virt_create_devices(VirtMachineState *s, Error **errp)
{
    MachineState *ms = MACHINE(s);
    IrqLine *virtio_irqs[VIRT_VIRTIO_COUNT];

    if (!riscv_board_create_rom(&s->board, ms, "riscv_virt_board.mrom",
                                virt_memmap[VIRT_MROM].base,
                                virt_memmap[VIRT_MROM].size, errp) ||
        !riscv_board_create_clint(&s->board, ms,
                                  virt_memmap[VIRT_CLINT].base, errp) ||
        !virt_create_plic(s, errp) || !virt_create_uart(s, errp)) {
        return false;
    }
    s->test = virt_add_sysbus(ms, TYPE_SIFIVE_TEST,
                              virt_memmap[VIRT_TEST].base, errp);
    if (!s->test) {
        return false;
    }
    s->rtc = virt_add_sysbus(ms, TYPE_GOLDFISH_RTC,
                             virt_memmap[VIRT_RTC].base, errp);
    if (!s->rtc) {
        return false;
    }
    sysbus_connect_irq(SYS_BUS_DEVICE(s->rtc), 0,
                       plic_source(s, VIRT_RTC_IRQ));
    for (unsigned i = 0; i < VIRT_VIRTIO_COUNT; i++) {
        virtio_irqs[i] = plic_source(s, VIRT_VIRTIO_IRQ + i);
    }
    return virtio_mmio_create_slots(&ms->system_memory,
                                    ms->address_space_memory,
                                    virt_memmap[VIRT_VIRTIO].base,
                                    virt_memmap[VIRT_VIRTIO].size,
                                    VIRT_VIRTIO_COUNT, virtio_irqs,
                                    s->virtio, errp);
}

/* Device tree */

static char *soc_node(const char *name, unsigned map)
{
    return g_strdup_printf("/soc/%s@%" PRIx64, name,
                           (uint64_t)virt_memmap[map].base);
}

static bool fdt_set_reg(DeviceTree *dt, const char *node, hwaddr base,
                        hwaddr size, Error **errp)
{
    uint32_t reg[4] = { (uint32_t)(base >> 32), (uint32_t)base,
                        (uint32_t)(size >> 32), (uint32_t)size };

    return device_tree_set_prop_cells(dt, node, "reg", reg, 4, errp);
}

/* reg, compatible and the PLIC source of a simple device. */
static bool fdt_add_device(DeviceTree *dt, const char *node, hwaddr base,
                           hwaddr size, const char *compatible,
                           uint32_t plic_phandle, unsigned irq, Error **errp)
{
    return device_tree_add_node(dt, node, errp) &&
           device_tree_set_prop_u32(dt, node, "interrupts", irq, errp) &&
           device_tree_set_prop_u32(dt, node, "interrupt-parent",
                                    plic_phandle, errp) &&
           fdt_set_reg(dt, node, base, size, errp) &&
           device_tree_set_prop_string(dt, node, "compatible", compatible,
                                       errp);
}

static bool fdt_add_plic(VirtMachineState *s, DeviceTree *dt,
                         const char *node, uint32_t *phandle, Error **errp)
{
    static const char *const compat[] = {
        "sifive,plic-1.0.0", "riscv,plic0", NULL,
    };
    RiscvBoard *b = &s->board;
    g_autofree uint32_t *irqs = g_new(uint32_t, 4 * b->n_harts);

    for (unsigned i = 0; i < b->n_harts; i++) {
        irqs[4 * i] = b->intc_phandle[i];
        irqs[4 * i + 1] = MIP_MEIP;
        irqs[4 * i + 2] = b->intc_phandle[i];
        irqs[4 * i + 3] = MIP_SEIP;
    }
    if (!device_tree_add_node(dt, node, errp)) {
        return false;
    }
    *phandle = device_tree_get_phandle(dt, node, errp);
    return *phandle &&
           device_tree_set_prop_u32(dt, node, "riscv,ndev",
                                    VIRT_PLIC_NUM_SOURCES, errp) &&
           fdt_set_reg(dt, node, virt_memmap[VIRT_PLIC].base,
                       virt_memmap[VIRT_PLIC].size, errp) &&
           device_tree_set_prop_cells(dt, node, "interrupts-extended", irqs,
                                      4 * b->n_harts, errp) &&
           device_tree_set_prop_empty(dt, node, "interrupt-controller",
                                      errp) &&
           device_tree_set_prop_strings(dt, node, "compatible", compat,
                                        errp) &&
           device_tree_set_prop_u32(dt, node, "#address-cells", 0, errp) &&
           device_tree_set_prop_u32(dt, node, "#interrupt-cells", 1, errp);
}

/* The finisher as a syscon, and the nodes U-Boot's and Linux's syscon
 * poweroff and reboot drivers look for. */
static bool fdt_add_test(DeviceTree *dt, Error **errp)
{
    static const char *const compat[] = {
        "sifive,test1", "sifive,test0", "syscon", NULL,
    };
    static const struct { const char *node, *compat; uint32_t value; }
    syscon[] = {
        { "/poweroff", "syscon-poweroff", SIFIVE_TEST_PASS },
        { "/reboot", "syscon-reboot", SIFIVE_TEST_RESET },
    };
    g_autofree char *node = soc_node("test", VIRT_TEST);
    uint32_t phandle;

    if (!device_tree_add_node(dt, node, errp) ||
        !fdt_set_reg(dt, node, virt_memmap[VIRT_TEST].base,
                     virt_memmap[VIRT_TEST].size, errp) ||
        !device_tree_set_prop_strings(dt, node, "compatible", compat,
                                      errp)) {
        return false;
    }
    phandle = device_tree_get_phandle(dt, node, errp);
    if (!phandle) {
        return false;
    }
    for (size_t i = 0; i < G_N_ELEMENTS(syscon); i++) {
        const char *n = syscon[i].node;

        if (!device_tree_add_node(dt, n, errp) ||
            !device_tree_set_prop_u32(dt, n, "value", syscon[i].value,
                                      errp) ||
            !device_tree_set_prop_u32(dt, n, "offset", 0, errp) ||
            !device_tree_set_prop_u32(dt, n, "regmap", phandle, errp) ||
            !device_tree_set_prop_string(dt, n, "compatible",
                                         syscon[i].compat, errp)) {
            return false;
        }
    }
    return true;
}

static DeviceTree *virt_build_fdt(VirtMachineState *s, Error **errp)
{
    MachineState *ms = MACHINE(s);
    RiscvBoard *b = &s->board;
    g_autoptr(DeviceTree) dt = device_tree_new();
    g_autofree char *plic = soc_node("plic", VIRT_PLIC);
    g_autofree char *clint = soc_node("clint", VIRT_CLINT);
    g_autofree char *uart = soc_node("serial", VIRT_UART0);
    g_autofree char *rtc = soc_node("rtc", VIRT_RTC);
    uint32_t plic_phandle = 0;

    if (!device_tree_set_prop_u32(dt, "/", "#address-cells", 2, errp) ||
        !device_tree_set_prop_u32(dt, "/", "#size-cells", 2, errp) ||
        !device_tree_set_prop_string(dt, "/", "compatible", "riscv-virtio",
                                     errp) ||
        !device_tree_set_prop_string(dt, "/", "model", "riscv-virtio,qemu",
                                     errp) ||
        !riscv_board_fdt_add_cpus(b, dt, errp) ||
        !riscv_board_fdt_add_memory(b, ms, dt, errp) ||
        !device_tree_add_node(dt, "/soc", errp) ||
        !device_tree_set_prop_u32(dt, "/soc", "#address-cells", 2, errp) ||
        !device_tree_set_prop_u32(dt, "/soc", "#size-cells", 2, errp) ||
        !device_tree_set_prop_string(dt, "/soc", "compatible", "simple-bus",
                                     errp) ||
        !device_tree_set_prop_empty(dt, "/soc", "ranges", errp) ||
        !riscv_board_fdt_add_clint(b, dt, clint, virt_memmap[VIRT_CLINT].base,
                                   errp) ||
        !fdt_add_plic(s, dt, plic, &plic_phandle, errp) ||
        !fdt_add_test(dt, errp) ||
        !fdt_add_device(dt, uart, virt_memmap[VIRT_UART0].base,
                        virt_memmap[VIRT_UART0].size, "ns16550a",
                        plic_phandle, VIRT_UART0_IRQ, errp) ||
        !device_tree_set_prop_u32(dt, uart, "clock-frequency",
                                  VIRT_UART_CLOCK_HZ, errp) ||
        !fdt_add_device(dt, rtc, virt_memmap[VIRT_RTC].base,
                        virt_memmap[VIRT_RTC].size, "google,goldfish-rtc",
                        plic_phandle, VIRT_RTC_IRQ, errp)) {
        return NULL;
    }
    /* libfdt puts a new node before its siblings: adding slot 0 first
     * leaves the highest slot first, as in QEMU's tree (Linux numbers the
     * devices in the order it finds the nodes). */
    for (int i = 0; i < VIRT_VIRTIO_COUNT; i++) {
        hwaddr base = virt_memmap[VIRT_VIRTIO].base +
                      (hwaddr)i * virt_memmap[VIRT_VIRTIO].size;
        g_autofree char *node = g_strdup_printf("/soc/virtio_mmio@%" PRIx64,
                                                (uint64_t)base);

        if (!fdt_add_device(dt, node, base, virt_memmap[VIRT_VIRTIO].size,
                            "virtio,mmio", plic_phandle,
                            VIRT_VIRTIO_IRQ + (unsigned)i, errp)) {
            return NULL;
        }
    }
    return g_steal_pointer(&dt);
}

/* U-Boot's prompt spins on the UART: let the accelerator see it. */
static void virt_uart_activity(void *opaque, SerialActivity what)
{
    TcgAccel *accel = ((VirtMachineState *)opaque)->board.accel;

    if (what == SERIAL_ACTIVITY_IDLE_POLL) {
        tcg_accel_note_idle_poll(accel);
    } else {
        tcg_accel_note_progress(accel);
    }
}

static bool virt_machine_init(MachineState *ms, Error **errp)
{
    VirtMachineState *s = VIRT_MACHINE(ms);
    g_autoptr(DeviceTree) dt = NULL;
    g_autofree char *stdout_path = soc_node("serial", VIRT_UART0);

    if (!riscv_board_create_harts(&s->board, ms, errp) ||
        !virt_create_devices(s, errp)) {
        return false;
    }
    dt = virt_build_fdt(s, errp);
    if (!dt ||
        !riscv_board_load_images(&s->board, ms, virt_default_firmware,
                                 errp) ||
        !riscv_board_finish_boot(&s->board, ms, &dt, stdout_path,
                                 virt_memmap[VIRT_MROM].base,
                                 virt_memmap[VIRT_MROM].size,
                                 virt_memmap[VIRT_DRAM].base, errp)) {
        return false;
    }
    riscv_board_start(&s->board);
    if (s->board.accel) {
        serial_mm_set_activity_hook(s->uart, virt_uart_activity, s);
    }
    return true;
}

static void virt_machine_reset(MachineState *ms)
{
    riscv_board_reset(&VIRT_MACHINE(ms)->board);
}

static void virt_machine_finalize(Object *obj)
{
    riscv_board_cleanup(&VIRT_MACHINE(obj)->board, MACHINE(obj));
}

static void virt_machine_class_init(ObjectClass *oc, const void *data)
{
    MachineClass *mc = MACHINE_CLASS(oc);

    riscv_board_class_init(mc, virt_memmap[VIRT_DRAM].base, "riscv_virt_board.ram");
    mc->init = virt_machine_init;
    mc->reset = virt_machine_reset;
}

static const TypeInfo virt_machine_info = {
    QOM_VIRT_MACHINE_TYPE_INFO,
    .instance_size = sizeof(VirtMachineState),
    .instance_finalize = virt_machine_finalize,
    .class_size = sizeof(MachineClass),
    .class_init = virt_machine_class_init,
};

static void virt_machine_register_type(void);
DEFINE_TYPES_REGISTER_ONCE(virt_machine_register_type, &virt_machine_info, 1)

void virt_machine_register_types(void)
{
    /* The devices the board creates by name, then the board. */
    serial_mm_register_types();
    riscv_aclint_register_types();
    sifive_plic_register_types();
    sifive_test_register_types();
    goldfish_rtc_register_types();
    virt_machine_register_type();
}
