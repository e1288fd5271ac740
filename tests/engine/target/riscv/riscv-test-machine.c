/* The CPU tests' bare machine: see riscv-test-machine.h. */
#include "riscv-test-machine.h"

#include "clock.h"
#include "object-link.h"
#include "object-property.h"
#include "qom-schema.h"

#include <string.h>

#define SLICE_INSNS 10000
#define NS_PER_INSN 10

static void finisher_write(void *opaque, hwaddr off, uint64_t val,
                           unsigned size)
{
    RiscvTestMachine *m = opaque;

    m->finished = true;
    m->finish_code = (uint32_t)val;
    for (unsigned i = 0; i < m->ncpus; i++) {
        riscv_cpu_request_exit(m->cpus[i]);
    }
}

static const MemoryRegionOps finisher_ops = {
    .write = finisher_write, .min_access = 4, .max_access = 4,
};

static uint64_t wires_read(void *opaque, hwaddr off, unsigned size)
{
    RiscvTestMachine *m = opaque;

    return off / 4 < m->ncpus ? m->wire_values[off / 4] : 0;
}

static void wires_write(void *opaque, hwaddr off, uint64_t val,
                        unsigned size)
{
    RiscvTestMachine *m = opaque;
    unsigned hart = (unsigned)(off / 4);

    if (hart >= m->ncpus) {
        return;
    }
    m->wire_values[hart] = (uint32_t)val;
    for (unsigned bit = 0; bit < 16; bit++) {
        riscv_cpu_set_mip_line(m->cpus[hart], bit, (val >> bit) & 1);
    }
}

static const MemoryRegionOps wires_ops = {
    .read = wires_read, .write = wires_write,
    .min_access = 4, .max_access = 4,
};

static void console_write(void *opaque, hwaddr off, uint64_t val,
                          unsigned size)
{
    RiscvTestMachine *m = opaque;

    g_string_append_c(m->console, (char)val);
}

static const MemoryRegionOps console_ops = {
    .write = console_write, .min_access = 1, .max_access = 1,
};

RiscvTestMachine *riscv_test_machine_new(const char *type, unsigned ncpus,
                                         uint64_t ram_size,
                                         const char *const *props)
{
    RiscvTestMachine *m = g_new0(RiscvTestMachine, 1);

    g_assert(ncpus >= 1 && ncpus <= RISCV_TEST_MAX_HARTS);
    clock_use_manual_source(0);
    m->console = g_string_new(NULL);
    memory_region_init_container(&m->root, "system", MEMORY_SIZE_FULL);
    g_assert_true(memory_region_init_ram(&m->ram, "ram", ram_size,
                                         &error_abort));
    memory_region_init_io(&m->finisher, "finisher", &finisher_ops, m, 0x1000);
    memory_region_init_io(&m->wires, "wires", &wires_ops, m, 0x1000);
    memory_region_init_io(&m->console_mr, "console", &console_ops, m,
                          0x1000);
    memory_region_add_subregion(&m->root, RISCV_TEST_RAM_BASE, &m->ram);
    memory_region_add_subregion(&m->root, RISCV_TEST_FINISHER, &m->finisher);
    memory_region_add_subregion(&m->root, RISCV_TEST_WIRES, &m->wires);
    memory_region_add_subregion(&m->root, RISCV_TEST_CONSOLE,
                                &m->console_mr);
    m->as = address_space_new(&m->root, "cpu-memory");
    m->ncpus = ncpus;
    for (unsigned i = 0; i < ncpus; i++) {
        DeviceState *dev = qdev_new(type);
        RiscvCpu *cpu = riscv_cpu_cast(OBJECT(dev));

        object_property_set_uint(OBJECT(dev), "hartid", i, &error_abort);
        object_property_set_uint(OBJECT(dev), "resetvec", RISCV_TEST_RAM_BASE,
                                 &error_abort);
        for (const char *const *p = props; p && *p; p++) {
            g_auto(GStrv) kv = g_strsplit(*p, "=", 2);

            object_property_set_bool(OBJECT(dev), kv[0],
                                     !strcmp(kv[1], "on") ||
                                     !strcmp(kv[1], "true"), &error_abort);
        }
        riscv_cpu_set_address_space(cpu, m->as);
        g_assert_true(qdev_realize(dev, NULL, &error_abort));
        m->cpus[i] = cpu;
    }
    return m;
}

void riscv_test_machine_free(RiscvTestMachine *m)
{
    for (unsigned i = 0; i < m->ncpus; i++) {
        DeviceState *dev = DEVICE(m->cpus[i]);

        qdev_unrealize(dev);
        object_unparent(OBJECT(dev));
        object_unref(OBJECT(dev));
    }
    address_space_free(m->as);
    memory_region_del_subregion(&m->root, &m->ram);
    memory_region_del_subregion(&m->root, &m->finisher);
    memory_region_del_subregion(&m->root, &m->wires);
    memory_region_del_subregion(&m->root, &m->console_mr);
    memory_region_finalize(&m->ram);
    memory_region_finalize(&m->finisher);
    memory_region_finalize(&m->wires);
    memory_region_finalize(&m->console_mr);
    memory_region_finalize(&m->root);
    g_string_free(m->console, true);
    clock_reset_for_test();
    g_free(m);
}

void *riscv_test_machine_ram(RiscvTestMachine *m, uint64_t addr)
{
    g_assert(addr >= RISCV_TEST_RAM_BASE &&
             addr - RISCV_TEST_RAM_BASE < m->ram.size);
    return (uint8_t *)memory_region_get_ram_ptr(&m->ram) +
           (addr - RISCV_TEST_RAM_BASE);
}

void riscv_test_machine_load(RiscvTestMachine *m, const void *code,
                             size_t len)
{
    g_assert(len <= m->ram.size);
    memcpy(riscv_test_machine_ram(m, RISCV_TEST_RAM_BASE), code, len);
}

void riscv_test_machine_load_file(RiscvTestMachine *m, const char *path)
{
    g_autofree char *data = NULL;
    gsize len = 0;
    g_autoptr(GError) err = NULL;

    if (!g_file_get_contents(path, &data, &len, &err)) {
        g_error("cannot read test program: %s", err->message);
    }
    riscv_test_machine_load(m, data, len);
}

bool riscv_test_machine_run(RiscvTestMachine *m, uint64_t max_insns)
{
    uint64_t ran = 0;

    while (!m->finished && ran < max_insns) {
        bool all_waiting = true;

        for (unsigned i = 0; i < m->ncpus && !m->finished; i++) {
            RiscvExitReason why = riscv_cpu_exec(m->cpus[i], SLICE_INSNS);

            if (why != RISCV_EXIT_WFI ||
                riscv_cpu_has_pending_interrupt(m->cpus[i])) {
                all_waiting = false;
            }
        }
        ran += SLICE_INSNS;
        clock_manual_advance(SLICE_INSNS * NS_PER_INSN);
        clock_run_timers(CLOCK_KIND_VIRTUAL);
        if (all_waiting && !m->finished) {
            /* Nothing pending: only a timer can wake a hart. */
            int64_t deadline = clock_deadline_ns();

            if (deadline < 0) {
                break;
            }
            clock_manual_advance(deadline + 1);
            clock_run_timers(CLOCK_KIND_VIRTUAL);
        }
    }
    return m->finished;
}
