/* The riscv spike board: see spike.h. */
#include "spike.h"

#include <inttypes.h>

#include "chardev.h"
#include "htif.h"
#include "loader-elf.h"
#include "qapi-qom.h"
#include "riscv-aclint.h"
#include "riscv-board.h"

const SpikeMemMapEntry spike_memmap[] = {
    [SPIKE_MROM] =  { 0x1000, 0xf000 },
    [SPIKE_HTIF] =  { 0x1000000, 0x1000 },
    [SPIKE_CLINT] = { 0x2000000, RISCV_BOARD_CLINT_SIZE },
    [SPIKE_DRAM] =  { 0x80000000, 0 },
};

static const char *const spike_default_firmware[] = {
    "/usr/share/qemu/opensbi-riscv64-generic-fw_dynamic.bin",
    "/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin",
    NULL,
};

typedef struct SpikeMachineState {
    MachineState parent_obj;
    RiscvBoard board;
    Htif *htif;
    bool htif_fixed;            /* at SPIKE_HTIF, not at an ELF's symbols */
} SpikeMachineState;

#define SPIKE_MACHINE(obj) \
    OBJECT_CHECK(SpikeMachineState, (obj), TYPE_SPIKE_MACHINE)

/* The ELF image at path when it is one with HTIF's symbols, else NULL
 * (a raw image, or an ELF without them, is not an error here). */
static ElfImage *htif_image(const char *path)
{
    g_autoptr(GBytes) data = NULL;
    g_autoptr(ElfImage) img = NULL;
    uint64_t addr;

    if (!path || g_str_equal(path, "none") || g_str_equal(path, "default")) {
        return NULL;
    }
    data = loader_read_file(path, LOADER_MAX_FILE_SIZE, NULL);
    if (!data || !elf_image_probe(data)) {
        return NULL;
    }
    img = elf_image_new(path, data, NULL);
    if (!img || !elf_image_lookup_symbol(img, "tohost", &addr)) {
        return NULL;
    }
    return g_steal_pointer(&img);
}

static bool spike_create_htif(SpikeMachineState *s, Error **errp)
{
    MachineState *ms = MACHINE(s);
    g_autoptr(ElfImage) img = htif_image(ms->props.kernel);
    Chardev *chr = chardev_find("serial0");

    if (!img) {
        img = htif_image(ms->props.firmware);
    }
    if (img) {
        s->htif = htif_new_from_elf(&ms->system_memory,
                                    ms->address_space_memory, img, chr,
                                    errp);
    } else {
        /* QEMU's layout for a firmware without symbols, which OpenSBI
         * reads from the "ucb,htif0" node: fromhost at the base, tohost
         * 8 bytes above. */
        s->htif_fixed = true;
        s->htif = htif_new(&ms->system_memory, ms->address_space_memory,
                           spike_memmap[SPIKE_HTIF].base + 8,
                           spike_memmap[SPIKE_HTIF].base, chr, errp);
    }
    return s->htif != NULL;
}

static DeviceTree *spike_build_fdt(SpikeMachineState *s, Error **errp)
{
    MachineState *ms = MACHINE(s);
    RiscvBoard *b = &s->board;
    g_autoptr(DeviceTree) dt = device_tree_new();
    g_autofree char *clint = g_strdup_printf(
        "/soc/clint@%" PRIx64, (uint64_t)spike_memmap[SPIKE_CLINT].base);

    if (!device_tree_set_prop_u32(dt, "/", "#address-cells", 2, errp) ||
        !device_tree_set_prop_u32(dt, "/", "#size-cells", 2, errp) ||
        !device_tree_set_prop_string(dt, "/", "compatible",
                                     "ucbbar,spike-bare-dev", errp) ||
        !device_tree_set_prop_string(dt, "/", "model",
                                     "ucbbar,spike-bare,qemu", errp) ||
        !device_tree_add_node(dt, "/htif", errp) ||
        !device_tree_set_prop_string(dt, "/htif", "compatible", "ucb,htif0",
                                     errp) ||
        !riscv_board_fdt_add_cpus(b, dt, errp) ||
        !riscv_board_fdt_add_memory(b, ms, dt, errp) ||
        !device_tree_add_node(dt, "/soc", errp) ||
        !device_tree_set_prop_u32(dt, "/soc", "#address-cells", 2, errp) ||
        !device_tree_set_prop_u32(dt, "/soc", "#size-cells", 2, errp) ||
        !device_tree_set_prop_string(dt, "/soc", "compatible", "simple-bus",
                                     errp) ||
        !device_tree_set_prop_empty(dt, "/soc", "ranges", errp) ||
        !riscv_board_fdt_add_clint(b, dt, clint,
                                   spike_memmap[SPIKE_CLINT].base, errp)) {
        return NULL;
    }
    if (s->htif_fixed) {
        hwaddr base = spike_memmap[SPIKE_HTIF].base;
        uint32_t reg[4] = { (uint32_t)(base >> 32), (uint32_t)base, 0,
                            (uint32_t)spike_memmap[SPIKE_HTIF].size };

        if (!device_tree_set_prop_cells(dt, "/htif", "reg", reg, 4, errp)) {
            return NULL;
        }
    }
    return g_steal_pointer(&dt);
}

static bool spike_machine_init(MachineState *ms, Error **errp)
{
    SpikeMachineState *s = SPIKE_MACHINE(ms);
    g_autoptr(DeviceTree) dt = NULL;

    if (!riscv_board_create_harts(&s->board, ms, errp) ||
        !riscv_board_create_rom(&s->board, ms, "riscv.spike.mrom",
                                spike_memmap[SPIKE_MROM].base,
                                spike_memmap[SPIKE_MROM].size, errp) ||
        !riscv_board_create_clint(&s->board, ms,
                                  spike_memmap[SPIKE_CLINT].base, errp) ||
        !riscv_board_load_images(&s->board, ms, spike_default_firmware,
                                 errp) ||
        !spike_create_htif(s, errp)) {
        return false;
    }
    dt = spike_build_fdt(s, errp);
    if (!dt ||
        !riscv_board_finish_boot(&s->board, ms, &dt, "/htif",
                                 spike_memmap[SPIKE_MROM].base,
                                 spike_memmap[SPIKE_MROM].size,
                                 spike_memmap[SPIKE_DRAM].base, errp)) {
        return false;
    }
    riscv_board_start(&s->board);
    return true;
}

static void spike_machine_reset(MachineState *ms)
{
    SpikeMachineState *s = SPIKE_MACHINE(ms);

    if (s->htif) {
        htif_reset(s->htif);
    }
    riscv_board_reset(&s->board);
}

static void spike_machine_finalize(Object *obj)
{
    SpikeMachineState *s = SPIKE_MACHINE(obj);

    /* The accelerator first: nothing may run once HTIF is gone. */
    riscv_board_cleanup(&s->board, MACHINE(obj));
    g_clear_pointer(&s->htif, htif_free);
}

static void spike_machine_class_init(ObjectClass *oc, const void *data)
{
    MachineClass *mc = MACHINE_CLASS(oc);

    riscv_board_class_init(mc, spike_memmap[SPIKE_DRAM].base, "riscv.spike.ram");
    mc->init = spike_machine_init;
    mc->reset = spike_machine_reset;
}

static const TypeInfo spike_machine_info = {
    QOM_SPIKE_MACHINE_TYPE_INFO,
    .instance_size = sizeof(SpikeMachineState),
    .instance_finalize = spike_machine_finalize,
    .class_size = sizeof(MachineClass),
    .class_init = spike_machine_class_init,
};

static void spike_machine_register_type(void);
DEFINE_TYPES_REGISTER_ONCE(spike_machine_register_type, &spike_machine_info,
                           1)

void spike_machine_register_types(void)
{
    riscv_aclint_register_types();
    spike_machine_register_type();
}
