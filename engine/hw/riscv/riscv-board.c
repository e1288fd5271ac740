/* What the riscv64 boards share: see riscv-board.h. */
#include "riscv-board.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "cpu.h"
#include "object-link.h"
#include "object-path.h"
#include "object-property.h"
#include "riscv-aclint.h"
#include "runstate.h"
#include "sysbus.h"
#include "vm-info.h"

/* The harts' interrupt inputs: pin n is mip bit n. */
enum { MIP_MSIP = 3, MIP_MTIP = 7 };

bool riscv_board_create_harts(RiscvBoard *b, MachineState *ms, Error **errp)
{
    ObjectClass *oc = object_class_by_name(ms->cpu_type);
    Object *soc = container_get(OBJECT(ms), "soc0");

    if (!oc || !object_class_dynamic_cast(oc, TYPE_RISCV_CPU)) {
        error_setg(errp, "CPU type '%s' is not a RISC-V CPU", ms->cpu_type);
        return false;
    }
    if (ms->smp_cpus > RISCV_BOARD_MAX_HARTS) {
        error_setg(errp, "at most %d harts", RISCV_BOARD_MAX_HARTS);
        return false;
    }
    b->ram_base = MACHINE_GET_CLASS(ms)->ram_base;
    for (unsigned i = 0; i < ms->smp_cpus; i++) {
        DeviceState *dev = qdev_new(ms->cpu_type);
        g_autofree char *name = g_strdup_printf("harts[%u]", i);
        bool ok;

        object_property_add_child(soc, name, OBJECT(dev));
        CPU(dev)->cpu_index = (int)i;
        riscv_cpu_set_address_space(riscv_cpu_cast(OBJECT(dev)),
                                    ms->address_space_memory);
        ok = object_property_set_uint(OBJECT(dev), "hartid", i, errp) &&
             qdev_realize(dev, NULL, errp);
        object_unref(OBJECT(dev));
        if (!ok) {
            return false;
        }
        b->harts[i] = riscv_cpu_cast(OBJECT(dev));
        b->n_harts = i + 1;
    }
    return true;
}

bool riscv_board_create_rom(RiscvBoard *b, MachineState *ms, const char *name,
                            hwaddr rom_base, uint64_t rom_size, Error **errp)
{
    if (!memory_region_init_rom(&b->mrom, name, rom_size, errp)) {
        return false;
    }
    memory_region_add_subregion(&ms->system_memory, rom_base, &b->mrom);
    b->mrom_mapped = true;
    b->roms = rom_set_new(ms->address_space_memory);
    runstate_add_reset_handler(rom_set_reset_handler, b->roms);
    return true;
}

static bool wire_to_harts(RiscvBoard *b, DeviceState *dev, unsigned pin,
                          Error **errp)
{
    for (unsigned i = 0; i < b->n_harts; i++) {
        IrqLine *in = gpio_get_in(OBJECT(b->harts[i]), NULL, (int)pin);

        if (!gpio_connect(OBJECT(dev), NULL, (int)i, in, errp)) {
            return false;
        }
    }
    return true;
}

bool riscv_board_create_clint(RiscvBoard *b, MachineState *ms, hwaddr base,
                              Error **errp)
{
    DeviceState *swi = qdev_new(TYPE_RISCV_ACLINT_SWI);
    DeviceState *mtimer = qdev_new(TYPE_RISCV_ACLINT_MTIMER);
    Object *s = OBJECT(swi), *t = OBJECT(mtimer);
    bool ok;

    ok = object_property_set_uint(s, "num-harts", b->n_harts, errp) &&
         sysbus_realize(SYS_BUS_DEVICE(swi), errp) &&
         object_property_set_uint(t, "num-harts", b->n_harts, errp) &&
         object_property_set_uint(t, "timecmp-base",
                                  RISCV_ACLINT_DEFAULT_MTIMECMP, errp) &&
         object_property_set_uint(t, "time-base",
                                  RISCV_ACLINT_DEFAULT_MTIME, errp) &&
         object_property_set_uint(t, "aperture-size",
                                  RISCV_ACLINT_DEFAULT_MTIMER_SIZE, errp) &&
         object_property_set_uint(t, "timebase-freq",
                                  RISCV_BOARD_TIMEBASE_HZ, errp) &&
         sysbus_realize(SYS_BUS_DEVICE(mtimer), errp);
    object_unref(s);
    object_unref(t);
    if (!ok) {
        return false;
    }
    sysbus_mmio_map(SYS_BUS_DEVICE(swi), 0, &ms->system_memory, base);
    sysbus_mmio_map(SYS_BUS_DEVICE(mtimer), 0, &ms->system_memory,
                    base + RISCV_BOARD_CLINT_MTIMER_OFFSET);
    if (!wire_to_harts(b, swi, MIP_MSIP, errp) ||
        !wire_to_harts(b, mtimer, MIP_MTIP, errp)) {
        return false;
    }
    /* Lines wired after realize hear only later changes (riscv-aclint.h). */
    riscv_aclint_swi_reset(swi);
    riscv_aclint_mtimer_reset(mtimer);
    for (unsigned i = 0; i < b->n_harts; i++) {
        riscv_cpu_set_time_source(b->harts[i], riscv_aclint_mtimer_read_time,
                                  mtimer, RISCV_BOARD_TIMEBASE_HZ);
    }
    b->swi = swi;
    b->mtimer = mtimer;
    return true;
}

bool riscv_board_fdt_add_cpus(RiscvBoard *b, DeviceTree *dt, Error **errp)
{
    if (!device_tree_add_node(dt, "/cpus", errp) ||
        !device_tree_set_prop_u32(dt, "/cpus", "#address-cells", 1, errp) ||
        !device_tree_set_prop_u32(dt, "/cpus", "#size-cells", 0, errp) ||
        !device_tree_set_prop_u32(dt, "/cpus", "timebase-frequency",
                                  RISCV_BOARD_TIMEBASE_HZ, errp)) {
        return false;
    }
    for (unsigned i = 0; i < b->n_harts; i++) {
        RiscvCpu *cpu = b->harts[i];
        uint32_t hartid = riscv_cpu_hartid(cpu);
        g_autofree char *node = g_strdup_printf("/cpus/cpu@%" PRIu32, hartid);
        g_autofree char *intc = g_strdup_printf("%s/interrupt-controller",
                                                node);
        g_autofree char *core = g_strdup_printf("/cpus/cpu-map/cluster0/"
                                                "core%u", i);
        g_autofree char *isa = riscv_cpu_isa_string(cpu);
        uint32_t cpu_phandle;

        if (!device_tree_add_node(dt, node, errp) ||
            !device_tree_set_prop_string(dt, node, "device_type", "cpu",
                                         errp) ||
            !device_tree_set_prop_u32(dt, node, "reg", hartid, errp) ||
            !device_tree_set_prop_string(dt, node, "status", "okay", errp) ||
            !device_tree_set_prop_string(dt, node, "compatible", "riscv",
                                         errp) ||
            !device_tree_set_prop_string(dt, node, "riscv,isa", isa, errp) ||
            !device_tree_set_prop_string(dt, node, "mmu-type",
                                         riscv_cpu_mmu_type(cpu), errp) ||
            !device_tree_add_node(dt, intc, errp) ||
            !device_tree_set_prop_u32(dt, intc, "#interrupt-cells", 1,
                                      errp) ||
            !device_tree_set_prop_empty(dt, intc, "interrupt-controller",
                                        errp) ||
            !device_tree_set_prop_string(dt, intc, "compatible",
                                         "riscv,cpu-intc", errp)) {
            return false;
        }
        cpu_phandle = device_tree_get_phandle(dt, node, errp);
        b->intc_phandle[i] = device_tree_get_phandle(dt, intc, errp);
        if (!cpu_phandle || !b->intc_phandle[i] ||
            !device_tree_add_node(dt, core, errp) ||
            !device_tree_set_prop_u32(dt, core, "cpu", cpu_phandle, errp)) {
            return false;
        }
    }
    return true;
}

bool riscv_board_fdt_add_memory(RiscvBoard *b, MachineState *ms,
                                DeviceTree *dt, Error **errp)
{
    g_autofree char *node = g_strdup_printf("/memory@%" PRIx64,
                                            (uint64_t)b->ram_base);
    uint32_t reg[4] = {
        (uint32_t)(b->ram_base >> 32), (uint32_t)b->ram_base,
        (uint32_t)(ms->ram_size >> 32), (uint32_t)ms->ram_size,
    };

    return device_tree_add_node(dt, node, errp) &&
           device_tree_set_prop_string(dt, node, "device_type", "memory",
                                       errp) &&
           device_tree_set_prop_cells(dt, node, "reg", reg, 4, errp);
}

bool riscv_board_fdt_add_clint(RiscvBoard *b, DeviceTree *dt,
                               const char *node, hwaddr base, Error **errp)
{
    static const char *const compat[] = {
        "sifive,clint0", "riscv,clint0", NULL,
    };
    uint32_t reg[4] = { (uint32_t)(base >> 32), (uint32_t)base, 0,
                        RISCV_BOARD_CLINT_SIZE };
    g_autofree uint32_t *irqs = g_new(uint32_t, 4 * b->n_harts);

    /* OpenSBI counts the harts it serves from these pairs: 3 = MSWI,
     * 7 = MTIMER. */
    for (unsigned i = 0; i < b->n_harts; i++) {
        irqs[4 * i] = b->intc_phandle[i];
        irqs[4 * i + 1] = MIP_MSIP;
        irqs[4 * i + 2] = b->intc_phandle[i];
        irqs[4 * i + 3] = MIP_MTIP;
    }
    return device_tree_add_node(dt, node, errp) &&
           device_tree_set_prop_cells(dt, node, "interrupts-extended", irqs,
                                      4 * b->n_harts, errp) &&
           device_tree_set_prop_cells(dt, node, "reg", reg, 4, errp) &&
           device_tree_set_prop_strings(dt, node, "compatible", compat,
                                        errp);
}

static const char *find_default_firmware(const char *const *candidates,
                                         Error **errp)
{
    for (size_t i = 0; candidates && candidates[i]; i++) {
        if (g_file_test(candidates[i], G_FILE_TEST_IS_REGULAR)) {
            return candidates[i];
        }
    }
    error_setg(errp, "unable to find the default firmware (%s): install "
               "Debian's opensbi package, or use -bios FILE or -bios none",
               candidates && candidates[0] ? candidates[0] : "none known");
    return NULL;
}

bool riscv_board_load_images(RiscvBoard *b, MachineState *ms,
                             const char *const *default_firmware,
                             Error **errp)
{
    const char *firmware = ms->props.firmware;
    hwaddr ram_end = b->ram_base + ms->ram_size;
    hwaddr kernel_start, kernel_end;

    b->firmware_end = b->ram_base;
    if (!firmware || g_str_equal(firmware, "default")) {
        firmware = find_default_firmware(default_firmware, errp);
        if (!firmware) {
            return false;
        }
    }
    if (!g_str_equal(firmware, "none") &&
        !riscv_boot_load_firmware(b->roms, firmware, b->ram_base,
                                  ms->ram_size, &b->firmware_end, errp)) {
        return false;
    }
    if (!ms->props.kernel) {
        if (ms->props.initrd) {
            error_setg(errp, "-initrd needs -kernel");
            return false;
        }
        return true;
    }
    kernel_start = riscv_boot_kernel_start(b->firmware_end);
    if (kernel_start >= ram_end) {
        error_setg(errp, "no RAM left for the kernel after the firmware "
                   "(it ends at 0x%" PRIx64 ")", (uint64_t)b->firmware_end);
        return false;
    }
    if (!riscv_boot_load_kernel(b->roms, ms->props.kernel, kernel_start,
                                ram_end - kernel_start, &b->kernel_entry,
                                &kernel_end, errp)) {
        return false;
    }
    return !ms->props.initrd ||
           riscv_boot_load_initrd(b->roms, ms->props.initrd, b->kernel_entry,
                                  b->ram_base, ms->ram_size,
                                  &b->initrd_start, &b->initrd_end, errp);
}

bool riscv_board_finish_boot(RiscvBoard *b, MachineState *ms,
                             DeviceTree **dt, const char *stdout_path,
                             hwaddr rom_base, uint64_t rom_size,
                             hwaddr start_addr, Error **errp)
{
    hwaddr fdt_addr;

    if (ms->props.dtb) {
        DeviceTree *user = device_tree_new_from_file(ms->props.dtb, errp);

        if (!user) {
            return false;
        }
        device_tree_free(*dt);
        *dt = user;
        /* A user's tree keeps its own stdout-path; -append still wins. */
        stdout_path = NULL;
    }
    if (!riscv_boot_set_chosen(*dt, ms->props.append, b->initrd_start,
                               b->initrd_end, stdout_path, errp)) {
        return false;
    }
    device_tree_finish(*dt);
    if (ms->props.dumpdtb) {
        if (!device_tree_save(*dt, ms->props.dumpdtb, errp)) {
            return false;
        }
        /* QEMU's dumpdtb: write the tree, say so, exit at once. */
        fprintf(stderr, "quern-engine: info: dtb dumped to %s. Exiting.\n",
                ms->props.dumpdtb);
        exit(0);
    }
    return riscv_boot_load_fdt(b->roms, *dt, b->ram_base, ms->ram_size,
                               &fdt_addr, errp) &&
           riscv_boot_setup_rom(b->roms, rom_base, rom_size, start_addr,
                                fdt_addr, b->kernel_entry, errp);
}

void riscv_board_start(RiscvBoard *b)
{
    /* Under qtest no guest code runs: the test drives the devices. */
    if (g_str_equal(vm_info_get_accel(), "tcg") && b->n_harts) {
        b->accel = tcg_accel_new(b->harts, b->n_harts);
    }
}

void riscv_board_reset(RiscvBoard *b)
{
    for (unsigned i = 0; i < b->n_harts; i++) {
        riscv_cpu_reset(b->harts[i]);
    }
}

void riscv_board_cleanup(RiscvBoard *b, MachineState *ms)
{
    g_clear_pointer(&b->accel, tcg_accel_free);
    if (b->roms) {
        runstate_remove_reset_handler(rom_set_reset_handler, b->roms);
        g_clear_pointer(&b->roms, rom_set_free);
    }
    if (b->mrom_mapped) {
        memory_region_del_subregion(&ms->system_memory, &b->mrom);
        memory_region_finalize(&b->mrom);
        b->mrom_mapped = false;
    }
}

void riscv_board_class_init(MachineClass *mc, hwaddr ram_base,
                            const char *ram_id)
{
    mc->min_cpus = 1;
    mc->max_cpus = RISCV_BOARD_MAX_HARTS;
    mc->default_cpus = 1;
    mc->default_ram_size = 128 * 1024 * 1024;
    mc->default_ram_id = ram_id;
    mc->default_cpu_type = "rv64-riscv-cpu";
    mc->ram_base = ram_base;
}
