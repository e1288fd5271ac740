/* The RISC-V CPU as a QOM device: the models and their extension
 * properties, realize's checks, reset, interrupt pins, the time source and
 * the state the monitor shows. See riscv-cpu.h. */
#include "riscv-internal.h"

#include <inttypes.h>
#include <string.h>

#define DEFAULT_TIMEBASE_HZ 10000000ULL

typedef struct Rv64RiscvCpu {
    RiscvCpu parent_obj;
    Rv64RiscvCpuProperties props;
} Rv64RiscvCpu;

typedef struct SifiveU54RiscvCpu {
    RiscvCpu parent_obj;
    SifiveU54RiscvCpuProperties props;
} SifiveU54RiscvCpu;

/* Both models' property structs carry the same members. */
#define COPY_FEATURES(p, ft)                                              \
    do {                                                                  \
        (ft)->m = (p)->m; (ft)->a = (p)->a; (ft)->f = (p)->f;             \
        (ft)->d = (p)->d; (ft)->c = (p)->c; (ft)->s = (p)->s;             \
        (ft)->u = (p)->u; (ft)->zicsr = (p)->zicsr;                       \
        (ft)->zifencei = (p)->zifencei; (ft)->zicntr = (p)->zicntr;       \
        (ft)->zihintpause = (p)->zihintpause; (ft)->zba = (p)->zba;       \
        (ft)->zbb = (p)->zbb; (ft)->zbs = (p)->zbs;                       \
        (ft)->sstc = (p)->sstc; (ft)->mmu = (p)->mmu;                     \
        (ft)->sv48 = (p)->sv48; (ft)->sv57 = (p)->sv57;                   \
        (ft)->pmp = (p)->pmp;                                             \
    } while (0)

static RiscvCpuClass *cpu_class(RiscvCpu *cpu)
{
    return OBJECT_GET_CLASS(RiscvCpuClass, cpu, TYPE_RISCV_CPU);
}

RiscvCpu *riscv_cpu_cast(Object *obj)
{
    return OBJECT_CHECK(RiscvCpu, obj, TYPE_RISCV_CPU);
}

void riscv_cpu_set_address_space(RiscvCpu *cpu, AddressSpace *as)
{
    cpu->as = as;
    cpu->as_generation = 0;
}

void riscv_cpu_set_time_source(RiscvCpu *cpu, uint64_t (*read_time)(void *),
                               void *opaque, uint64_t timebase_hz)
{
    cpu->read_time = read_time;
    cpu->time_opaque = opaque;
    cpu->timebase_hz = timebase_hz ? timebase_hz : DEFAULT_TIMEBASE_HZ;
}

void riscv_cpu_set_mip_line(RiscvCpu *cpu, unsigned bit, int level)
{
    uint32_t mask;

    if (bit >= 16) {
        return;
    }
    mask = 1u << bit;
    cpu->mip_hw = level ? cpu->mip_hw | mask : cpu->mip_hw & ~mask;
}

static void cpu_gpio_in(void *opaque, int n, int level)
{
    riscv_cpu_set_mip_line(riscv_cpu_cast(opaque), (unsigned)n, level);
}

bool riscv_cpu_has_pending_interrupt(RiscvCpu *cpu)
{
    return (riscv_mip(cpu) & cpu->mie) != 0;
}

void riscv_cpu_request_exit(RiscvCpu *cpu)
{
    cpu->exit_request = true;
}

static void stimecmp_expired(void *opaque)
{
    riscv_sstc_update(opaque);
}

static uint64_t misa_from(const RiscvFeatures *ft)
{
    uint64_t misa = 2ULL << 62 | 1u << ('i' - 'a');

    misa |= ft->a ? 1u << ('a' - 'a') : 0;
    misa |= ft->c ? 1u << ('c' - 'a') : 0;
    misa |= ft->d ? 1u << ('d' - 'a') : 0;
    misa |= ft->f ? 1u << ('f' - 'a') : 0;
    misa |= ft->m ? 1u << ('m' - 'a') : 0;
    misa |= ft->s ? 1u << ('s' - 'a') : 0;
    misa |= ft->u ? 1u << ('u' - 'a') : 0;
    return misa;
}

void riscv_cpu_reset(RiscvCpu *cpu)
{
    memset(cpu->x, 0, sizeof(cpu->x));
    memset(cpu->f, 0, sizeof(cpu->f));
    cpu->pc = cpu->props.resetvec;
    cpu->priv = RISCV_PRIV_M;
    cpu->mstatus = 0;
    if (!cpu->feat.u) {
        cpu->mstatus |= (uint64_t)RISCV_PRIV_M << MSTATUS_MPP_SHIFT;
    }
    cpu->mip_sw = 0;
    cpu->mie = 0;
    cpu->mideleg = 0;
    cpu->medeleg = 0;
    cpu->mtvec = cpu->stvec = 0;
    cpu->mepc = cpu->sepc = 0;
    cpu->mcause = cpu->scause = 0;
    cpu->mtval = cpu->stval = 0;
    cpu->mscratch = cpu->sscratch = 0;
    cpu->mcounteren = cpu->scounteren = cpu->mcountinhibit = 0;
    cpu->menvcfg = cpu->senvcfg = 0;
    cpu->satp = 0;
    cpu->instret = cpu->cycle = 0;
    cpu->frm = cpu->fflags = 0;
    cpu->stimecmp = 0;
    memset(cpu->pmpcfg, 0, sizeof(cpu->pmpcfg));
    memset(cpu->pmpaddr, 0, sizeof(cpu->pmpaddr));
    cpu->reservation_valid = false;
    cpu->in_wfi = false;
    cpu->exit_request = false;
    cpu->misa = misa_from(&cpu->feat);
    cpu->misalign_mask = cpu->feat.c ? 0 : 2;
    riscv_priv_changed(cpu);
    riscv_tlb_flush(cpu);
    if (cpu->blocks) {
        riscv_exec_flush_code(cpu);
    }
    if (cpu->stimecmp_timer) {
        riscv_sstc_update(cpu);
    }
}

RiscvExitReason riscv_cpu_exec(RiscvCpu *cpu, uint64_t budget)
{
    if (!DEVICE(cpu)->realized || !cpu->as) {
        return RISCV_EXIT_HALTED;
    }
    return riscv_exec(cpu, budget);
}

/* The combinations the ISA forbids, each named. */
static bool check_features(const RiscvFeatures *ft, Error **errp)
{
    static const struct {
        size_t needs, needed;
        const char *msg;
    } rules[] = {
#define FT(x) offsetof(RiscvFeatures, x)
        { FT(d), FT(f), "extension 'd' needs 'f'" },
        { FT(f), FT(zicsr), "extension 'f' needs 'zicsr'" },
        { FT(s), FT(u), "supervisor mode 's' needs user mode 'u'" },
        { FT(s), FT(zicsr), "supervisor mode 's' needs 'zicsr'" },
        { FT(sstc), FT(s), "extension 'sstc' needs supervisor mode 's'" },
        { FT(mmu), FT(s), "'mmu' needs supervisor mode 's'" },
        { FT(sv48), FT(mmu), "'sv48' needs 'mmu'" },
        { FT(sv57), FT(sv48), "'sv57' needs 'sv48'" },
        { FT(zicntr), FT(zicsr), "extension 'zicntr' needs 'zicsr'" },
#undef FT
    };
    const bool *b = (const bool *)ft;

    for (size_t i = 0; i < G_N_ELEMENTS(rules); i++) {
        if (b[rules[i].needs / sizeof(bool)] &&
            !b[rules[i].needed / sizeof(bool)]) {
            error_setg(errp, "riscv-cpu: %s", rules[i].msg);
            return false;
        }
    }
    return true;
}

static bool riscv_cpu_realize(DeviceState *dev, Error **errp)
{
    RiscvCpu *cpu = riscv_cpu_cast(OBJECT(dev));
    RiscvFeatures ft = { 0 };

    cpu_class(cpu)->get_features(cpu, &ft);
    if (!check_features(&ft, errp)) {
        return false;
    }
    if (!cpu->as) {
        error_setg(errp, "riscv-cpu: no address space (the board sets one "
                   "with riscv_cpu_set_address_space() before realize)");
        return false;
    }
    cpu->feat = ft;
    if (!cpu->stimecmp_timer) {
        cpu->stimecmp_timer = timer_new(CLOCK_KIND_VIRTUAL, stimecmp_expired,
                                        cpu);
    }
    riscv_cpu_reset(cpu);
    return true;
}

static void riscv_cpu_unrealize(DeviceState *dev)
{
    RiscvCpu *cpu = riscv_cpu_cast(OBJECT(dev));

    g_clear_pointer(&cpu->stimecmp_timer, timer_free);
}

static void riscv_cpu_init(Object *obj)
{
    RiscvCpu *cpu = riscv_cpu_cast(obj);

    cpu->timebase_hz = DEFAULT_TIMEBASE_HZ;
    riscv_exec_init(cpu);
    memset(cpu->tlb, 0xff, sizeof(cpu->tlb));
    qdev_init_gpio_in(DEVICE(obj), cpu_gpio_in, 16, NULL);
}

static void riscv_cpu_finalize(Object *obj)
{
    RiscvCpu *cpu = riscv_cpu_cast(obj);

    g_clear_pointer(&cpu->stimecmp_timer, timer_free);
    riscv_exec_finalize(cpu);
}

static char *riscv_cpu_class_format_registers(CPUState *cpu)
{
    return riscv_cpu_format_registers((RiscvCpu *)cpu);
}

static void riscv_cpu_class_reset(CPUState *cpu)
{
    riscv_cpu_reset((RiscvCpu *)cpu);
}

static void riscv_cpu_class_init(ObjectClass *oc, const void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);
    CPUClass *cc = CPU_CLASS(oc);

    qom_riscv_cpu_class_add_properties(
        oc, QOM_PROPS_OFFSET(RiscvCpu, props, RiscvCpuProperties));
    dc->realize = riscv_cpu_realize;
    dc->unrealize = riscv_cpu_unrealize;
    cc->target = SYS_EMU_TARGET_RISCV64;
    cc->format_registers = riscv_cpu_class_format_registers;
    cc->reset = riscv_cpu_class_reset;
}

static void rv64_get_features(RiscvCpu *cpu, RiscvFeatures *ft)
{
    Rv64RiscvCpuProperties *p = &((Rv64RiscvCpu *)cpu)->props;

    COPY_FEATURES(p, ft);
}

static void rv64_class_init(ObjectClass *oc, const void *data)
{
    RiscvCpuClass *rcc = (RiscvCpuClass *)oc;

    qom_rv64_riscv_cpu_class_add_properties(
        oc, QOM_PROPS_OFFSET(Rv64RiscvCpu, props, Rv64RiscvCpuProperties));
    rcc->get_features = rv64_get_features;
}

static void sifive_u54_get_features(RiscvCpu *cpu, RiscvFeatures *ft)
{
    SifiveU54RiscvCpuProperties *p = &((SifiveU54RiscvCpu *)cpu)->props;

    COPY_FEATURES(p, ft);
}

static void sifive_u54_class_init(ObjectClass *oc, const void *data)
{
    RiscvCpuClass *rcc = (RiscvCpuClass *)oc;

    qom_sifive_u54_riscv_cpu_class_add_properties(
        oc, QOM_PROPS_OFFSET(SifiveU54RiscvCpu, props,
                             SifiveU54RiscvCpuProperties));
    rcc->get_features = sifive_u54_get_features;
}

static const TypeInfo riscv_cpu_types[] = {
    {
        QOM_RISCV_CPU_TYPE_INFO,
        .instance_size = sizeof(RiscvCpu),
        .instance_align = 64,
        .instance_init = riscv_cpu_init,
        .instance_finalize = riscv_cpu_finalize,
        .class_size = sizeof(RiscvCpuClass),
        .class_init = riscv_cpu_class_init,
    },
    {
        QOM_RV64_RISCV_CPU_TYPE_INFO,
        .instance_size = sizeof(Rv64RiscvCpu),
        .class_init = rv64_class_init,
    },
    {
        QOM_SIFIVE_U54_RISCV_CPU_TYPE_INFO,
        .instance_size = sizeof(SifiveU54RiscvCpu),
        .class_init = sifive_u54_class_init,
    },
};

static void riscv_cpu_register_types(void)
{
    /* Our parent first; calling it also links it in. */
    cpu_register_types();
    type_register_static_array(riscv_cpu_types,
                               G_N_ELEMENTS(riscv_cpu_types));
}

type_init(riscv_cpu_register_types)

char *riscv_cpu_isa_string(RiscvCpu *cpu)
{
    const RiscvFeatures *ft = &cpu->feat;
    GString *s = g_string_new("rv64i");

    if (ft->m) {
        g_string_append_c(s, 'm');
    }
    if (ft->a) {
        g_string_append_c(s, 'a');
    }
    if (ft->f) {
        g_string_append_c(s, 'f');
    }
    if (ft->d) {
        g_string_append_c(s, 'd');
    }
    if (ft->c) {
        g_string_append_c(s, 'c');
    }
    if (ft->zicsr) {
        g_string_append(s, "_zicsr");
    }
    if (ft->zifencei) {
        g_string_append(s, "_zifencei");
    }
    if (ft->zihintpause) {
        g_string_append(s, "_zihintpause");
    }
    if (ft->zba) {
        g_string_append(s, "_zba");
    }
    if (ft->zbb) {
        g_string_append(s, "_zbb");
    }
    if (ft->zbs) {
        g_string_append(s, "_zbs");
    }
    if (ft->sstc) {
        g_string_append(s, "_sstc");
    }
    return g_string_free(s, false);
}

const char *riscv_cpu_mmu_type(RiscvCpu *cpu)
{
    return cpu->feat.sv57 ? "riscv,sv57" : cpu->feat.sv48 ? "riscv,sv48"
         : cpu->feat.mmu ? "riscv,sv39" : "riscv,none";
}

static const char *const int_reg_names[32] = {
    "zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2",
    "s0", "s1", "a0", "a1", "a2", "a3", "a4", "a5",
    "a6", "a7", "s2", "s3", "s4", "s5", "s6", "s7",
    "s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6",
};

static const char *const fp_reg_names[32] = {
    "ft0", "ft1", "ft2", "ft3", "ft4", "ft5", "ft6", "ft7",
    "fs0", "fs1", "fa0", "fa1", "fa2", "fa3", "fa4", "fa5",
    "fa6", "fa7", "fs2", "fs3", "fs4", "fs5", "fs6", "fs7",
    "fs8", "fs9", "fs10", "fs11", "ft8", "ft9", "ft10", "ft11",
};

char *riscv_cpu_format_registers(RiscvCpu *cpu)
{
    static const struct {
        const char *name;
        unsigned csr;
    } csrs[] = {
        { "mhartid", 0xf14 }, { "mstatus", 0x300 }, { "mip", 0x344 },
        { "mie", 0x304 }, { "mideleg", 0x303 }, { "medeleg", 0x302 },
        { "mtvec", 0x305 }, { "stvec", 0x105 }, { "mepc", 0x341 },
        { "sepc", 0x141 }, { "mcause", 0x342 }, { "scause", 0x142 },
        { "mtval", 0x343 }, { "stval", 0x143 }, { "mscratch", 0x340 },
        { "sscratch", 0x140 }, { "satp", 0x180 },
    };
    GString *s = g_string_new(NULL);

    g_string_append_printf(s, " %-8s %016" PRIx64 "\n", "pc", cpu->pc);
    for (size_t i = 0; i < G_N_ELEMENTS(csrs); i++) {
        uint64_t v;

        if (riscv_cpu_read_csr(cpu, csrs[i].csr, &v)) {
            g_string_append_printf(s, " %-8s %016" PRIx64 "\n", csrs[i].name,
                                   v);
        }
    }
    for (unsigned i = 0; i < 32; i++) {
        g_autofree char *name = g_strdup_printf("x%u/%s", i,
                                                int_reg_names[i]);

        g_string_append_printf(s, " %-8s %016" PRIx64, name, cpu->x[i]);
        if ((i & 3) == 3) {
            g_string_append_c(s, '\n');
        }
    }
    if (cpu->feat.f) {
        for (unsigned i = 0; i < 32; i++) {
            g_autofree char *name = g_strdup_printf("f%u/%s", i,
                                                    fp_reg_names[i]);

            g_string_append_printf(s, " %-8s %016" PRIx64, name, cpu->f[i]);
            if ((i & 3) == 3) {
                g_string_append_c(s, '\n');
            }
        }
    }
    return g_string_free(s, false);
}

uint32_t riscv_cpu_hartid(RiscvCpu *cpu)
{
    return cpu->props.hartid;
}

uint64_t riscv_cpu_get_pc(RiscvCpu *cpu)
{
    return cpu->pc;
}

void riscv_cpu_set_pc(RiscvCpu *cpu, uint64_t pc)
{
    cpu->pc = pc;
}

RiscvPriv riscv_cpu_get_priv(RiscvCpu *cpu)
{
    return (RiscvPriv)cpu->priv;
}

uint64_t riscv_cpu_get_xreg(RiscvCpu *cpu, unsigned reg)
{
    return reg < 32 ? cpu->x[reg] : 0;
}

void riscv_cpu_set_xreg(RiscvCpu *cpu, unsigned reg, uint64_t value)
{
    if (reg > 0 && reg < 32) {
        cpu->x[reg] = value;
    }
}

uint64_t riscv_cpu_instret(RiscvCpu *cpu)
{
    return cpu->instret;
}

bool riscv_cpu_read_csr(RiscvCpu *cpu, unsigned csr, uint64_t *value)
{
    uint8_t priv = cpu->priv;
    uint64_t fs = cpu->mstatus & MSTATUS_FS;
    bool ok;

    /* As M-mode with the FPU on, without side effects on the hart. */
    cpu->priv = RISCV_PRIV_M;
    if (csr <= 3 && cpu->feat.f) {
        cpu->mstatus |= MSTATUS_FS;
    }
    ok = riscv_csr_accessible(cpu, csr, false) &&
         riscv_csr_read(cpu, csr, value);
    cpu->mstatus = (cpu->mstatus & ~MSTATUS_FS) | fs;
    cpu->priv = priv;
    return ok;
}
