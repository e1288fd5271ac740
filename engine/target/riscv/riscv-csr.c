/* Control and status registers: which exist, who may touch them, what a
 * write keeps (WARL). A CSR the model lacks, or one touched from too low a
 * privilege, is an illegal instruction, exactly as hardware does it:
 * firmware probes CSRs that way. See riscv-internal.h. */
#include "riscv-internal.h"

enum {
    CSR_FFLAGS = 0x001, CSR_FRM = 0x002, CSR_FCSR = 0x003,
    CSR_CYCLE = 0xc00, CSR_TIME = 0xc01, CSR_INSTRET = 0xc02,
    CSR_HPMCOUNTER3 = 0xc03, CSR_HPMCOUNTER31 = 0xc1f,
    CSR_SSTATUS = 0x100, CSR_SIE = 0x104, CSR_STVEC = 0x105,
    CSR_SCOUNTEREN = 0x106, CSR_SENVCFG = 0x10a, CSR_SSCRATCH = 0x140,
    CSR_SEPC = 0x141, CSR_SCAUSE = 0x142, CSR_STVAL = 0x143, CSR_SIP = 0x144,
    CSR_STIMECMP = 0x14d, CSR_SATP = 0x180,
    CSR_MVENDORID = 0xf11, CSR_MARCHID = 0xf12, CSR_MIMPID = 0xf13,
    CSR_MHARTID = 0xf14, CSR_MCONFIGPTR = 0xf15,
    CSR_MSTATUS = 0x300, CSR_MISA = 0x301, CSR_MEDELEG = 0x302,
    CSR_MIDELEG = 0x303, CSR_MIE = 0x304, CSR_MTVEC = 0x305,
    CSR_MCOUNTEREN = 0x306, CSR_MENVCFG = 0x30a, CSR_MCOUNTINHIBIT = 0x320,
    CSR_MHPMEVENT3 = 0x323, CSR_MHPMEVENT31 = 0x33f,
    CSR_MSCRATCH = 0x340, CSR_MEPC = 0x341, CSR_MCAUSE = 0x342,
    CSR_MTVAL = 0x343, CSR_MIP = 0x344,
    CSR_PMPCFG0 = 0x3a0, CSR_PMPCFG15 = 0x3af,
    CSR_PMPADDR0 = 0x3b0, CSR_PMPADDR63 = 0x3ef,
    CSR_MCYCLE = 0xb00, CSR_MINSTRET = 0xb02,
    CSR_MHPMCOUNTER3 = 0xb03, CSR_MHPMCOUNTER31 = 0xb1f,
};

#define SSTATUS_MASK (MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_SPP | MSTATUS_FS | \
                      MSTATUS_XS | MSTATUS_SUM | MSTATUS_MXR | MSTATUS_UXL | \
                      MSTATUS_SD)
#define MENVCFG_FIOM 1ULL
#define MENVCFG_STCE (1ULL << 63)
/* Exceptions M-mode may delegate: all but ecall from M and the reserved
 * causes. */
#define MEDELEG_MASK 0xb3ffULL
#define SATP_MODE_SHIFT 60

uint64_t riscv_read_time(RiscvCpu *cpu)
{
    if (cpu->read_time) {
        return cpu->read_time(cpu->time_opaque);
    }
    return (uint64_t)clock_get_ns(CLOCK_KIND_VIRTUAL) /
           (1000000000ULL / cpu->timebase_hz);
}

static bool sstc_enabled(RiscvCpu *cpu)
{
    return cpu->feat.sstc && (cpu->menvcfg & MENVCFG_STCE);
}

/* STIP follows time >= stimecmp while Sstc is on; the timer wakes us when
 * it will become true. */
void riscv_sstc_update(RiscvCpu *cpu)
{
    uint64_t now, delta_ticks;
    int64_t delta_ns;

    if (!sstc_enabled(cpu)) {
        cpu->mip_hw &= ~(1u << RISCV_IRQ_STI);
        if (cpu->stimecmp_timer) {
            timer_del(cpu->stimecmp_timer);
        }
        return;
    }
    now = riscv_read_time(cpu);
    if (now >= cpu->stimecmp) {
        cpu->mip_hw |= 1u << RISCV_IRQ_STI;
        timer_del(cpu->stimecmp_timer);
        return;
    }
    cpu->mip_hw &= ~(1u << RISCV_IRQ_STI);
    delta_ticks = cpu->stimecmp - now;
    /* Far deadlines (a guest parking the timer at all-ones) are capped at
     * about a day; the callback re-arms. */
    if (delta_ticks > cpu->timebase_hz * 86400) {
        delta_ticks = cpu->timebase_hz * 86400;
    }
    delta_ns = (int64_t)(((unsigned __int128)delta_ticks * 1000000000u) /
                         cpu->timebase_hz) + 1;
    timer_mod(cpu->stimecmp_timer,
              clock_get_ns(CLOCK_KIND_VIRTUAL) + delta_ns);
}

static bool counter_allowed(RiscvCpu *cpu, unsigned index)
{
    if (!cpu->feat.zicntr) {
        return false;
    }
    if (cpu->priv < RISCV_PRIV_M && !((cpu->mcounteren >> index) & 1)) {
        return false;
    }
    if (cpu->priv < RISCV_PRIV_S && cpu->feat.s &&
        !((cpu->scounteren >> index) & 1)) {
        return false;
    }
    return true;
}

bool riscv_csr_accessible(RiscvCpu *cpu, unsigned csr, bool write)
{
    if (write && (csr >> 10) == 3) {
        return false;
    }
    if (((csr >> 8) & 3) > cpu->priv) {
        return false;
    }
    if (csr >= CSR_CYCLE && csr <= CSR_HPMCOUNTER31) {
        return counter_allowed(cpu, csr - CSR_CYCLE);
    }
    switch (csr) {
    case CSR_FFLAGS:
    case CSR_FRM:
    case CSR_FCSR:
        return cpu->feat.f && (cpu->mstatus & MSTATUS_FS);
    case CSR_SATP:
        return cpu->feat.s &&
               !(cpu->priv == RISCV_PRIV_S && (cpu->mstatus & MSTATUS_TVM));
    case CSR_STIMECMP:
        return cpu->feat.sstc &&
               (cpu->priv == RISCV_PRIV_M ||
                ((cpu->menvcfg & MENVCFG_STCE) && (cpu->mcounteren & 2)));
    default:
        return true;
    }
}

static uint64_t mstatus_value(RiscvCpu *cpu)
{
    uint64_t st = cpu->mstatus | MSTATUS_UXL_SXL_VALUE;

    if ((st & MSTATUS_FS) == MSTATUS_FS) {
        st |= MSTATUS_SD;
    }
    return st;
}

static bool pmp_csr_read(RiscvCpu *cpu, unsigned csr, uint64_t *val)
{
    if (!cpu->feat.pmp) {
        return false;
    }
    if (csr >= CSR_PMPCFG0 && csr <= CSR_PMPCFG15) {
        unsigned n = csr - CSR_PMPCFG0;
        uint64_t v = 0;

        if (n & 1) {
            return false;   /* RV64 has only the even ones */
        }
        for (unsigned i = 0; i < 8; i++) {
            v |= (uint64_t)cpu->pmpcfg[n * 4 + i] << (8 * i);
        }
        *val = v;
        return true;
    }
    *val = cpu->pmpaddr[csr - CSR_PMPADDR0];
    return true;
}

bool riscv_csr_read(RiscvCpu *cpu, unsigned csr, uint64_t *val)
{
    const RiscvFeatures *ft = &cpu->feat;

    if (csr >= CSR_HPMCOUNTER3 && csr <= CSR_HPMCOUNTER31) {
        *val = 0;
        return ft->zicntr;
    }
    if ((csr >= CSR_MHPMCOUNTER3 && csr <= CSR_MHPMCOUNTER31) ||
        (csr >= CSR_MHPMEVENT3 && csr <= CSR_MHPMEVENT31)) {
        *val = 0;
        return true;
    }
    if (csr >= CSR_PMPCFG0 && csr <= CSR_PMPADDR63) {
        return pmp_csr_read(cpu, csr, val);
    }
    switch (csr) {
    case CSR_FFLAGS:
        *val = cpu->fflags;
        return ft->f;
    case CSR_FRM:
        *val = cpu->frm;
        return ft->f;
    case CSR_FCSR:
        *val = (uint64_t)cpu->frm << 5 | cpu->fflags;
        return ft->f;
    case CSR_CYCLE:
    case CSR_MCYCLE:
        *val = cpu->cycle;
        return true;
    case CSR_TIME:
        *val = riscv_read_time(cpu);
        return ft->zicntr;
    case CSR_INSTRET:
    case CSR_MINSTRET:
        *val = cpu->instret;
        return true;
    case CSR_SSTATUS:
        *val = mstatus_value(cpu) & SSTATUS_MASK;
        return ft->s;
    case CSR_SIE:
        *val = cpu->mie & cpu->mideleg;
        return ft->s;
    case CSR_STVEC:
        *val = cpu->stvec;
        return ft->s;
    case CSR_SCOUNTEREN:
        *val = cpu->scounteren;
        return ft->s;
    case CSR_SENVCFG:
        *val = cpu->senvcfg;
        return ft->s;
    case CSR_SSCRATCH:
        *val = cpu->sscratch;
        return ft->s;
    case CSR_SEPC:
        *val = cpu->sepc;
        return ft->s;
    case CSR_SCAUSE:
        *val = cpu->scause;
        return ft->s;
    case CSR_STVAL:
        *val = cpu->stval;
        return ft->s;
    case CSR_SIP:
        *val = riscv_mip(cpu) & cpu->mideleg;
        return ft->s;
    case CSR_STIMECMP:
        *val = cpu->stimecmp;
        return ft->sstc;
    case CSR_SATP:
        *val = cpu->satp;
        return ft->s;
    case CSR_MVENDORID:
    case CSR_MARCHID:
    case CSR_MIMPID:
    case CSR_MCONFIGPTR:
        *val = 0;
        return true;
    case CSR_MHARTID:
        *val = cpu->props.hartid;
        return true;
    case CSR_MSTATUS:
        *val = mstatus_value(cpu);
        return true;
    case CSR_MISA:
        *val = cpu->misa;
        return true;
    case CSR_MEDELEG:
        *val = cpu->medeleg;
        return ft->s;
    case CSR_MIDELEG:
        *val = cpu->mideleg;
        return ft->s;
    case CSR_MIE:
        *val = cpu->mie;
        return true;
    case CSR_MTVEC:
        *val = cpu->mtvec;
        return true;
    case CSR_MCOUNTEREN:
        *val = cpu->mcounteren;
        return ft->u;
    case CSR_MENVCFG:
        *val = cpu->menvcfg;
        return ft->u;
    case CSR_MCOUNTINHIBIT:
        *val = cpu->mcountinhibit;
        return true;
    case CSR_MSCRATCH:
        *val = cpu->mscratch;
        return true;
    case CSR_MEPC:
        *val = cpu->mepc;
        return true;
    case CSR_MCAUSE:
        *val = cpu->mcause;
        return true;
    case CSR_MTVAL:
        *val = cpu->mtval;
        return true;
    case CSR_MIP:
        *val = riscv_mip(cpu);
        return true;
    default:
        return false;
    }
}

/* MPP keeps its old value when written a mode the hart lacks. */
static uint64_t legal_mpp(RiscvCpu *cpu, uint64_t old, uint64_t val)
{
    unsigned mpp = (val & MSTATUS_MPP) >> MSTATUS_MPP_SHIFT;

    if (mpp == 2 || (mpp == RISCV_PRIV_S && !cpu->feat.s) ||
        (mpp == RISCV_PRIV_U && !cpu->feat.u)) {
        return (val & ~MSTATUS_MPP) | (old & MSTATUS_MPP);
    }
    return val;
}

static void write_mstatus(RiscvCpu *cpu, uint64_t val, uint64_t mask)
{
    uint64_t old = cpu->mstatus;
    uint64_t st;

    if (!cpu->feat.f) {
        mask &= ~MSTATUS_FS;
    }
    if (!cpu->feat.s) {
        mask &= ~(MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_SPP | MSTATUS_SUM |
                  MSTATUS_MXR | MSTATUS_TVM | MSTATUS_TSR);
    }
    if (!cpu->feat.u) {
        mask &= ~MSTATUS_MPRV;
    }
    st = (old & ~mask) | (val & mask);
    st = legal_mpp(cpu, old, st);
    cpu->mstatus = st;
    if ((old ^ st) & MSTATUS_MXR) {
        riscv_tlb_flush(cpu);
    }
    if ((old ^ st) & (MSTATUS_MPRV | MSTATUS_MPP | MSTATUS_SUM)) {
        riscv_priv_changed(cpu);
    }
}

static uint32_t writable_interrupts(RiscvCpu *cpu)
{
    return cpu->feat.s ? RISCV_MIP_ALL_MASK
                       : RISCV_MIP_ALL_MASK & ~RISCV_MIP_S_MASK;
}

static void write_mip(RiscvCpu *cpu, uint64_t val, uint32_t mask)
{
    if (sstc_enabled(cpu)) {
        mask &= ~(1u << RISCV_IRQ_STI);
    }
    cpu->mip_sw = (cpu->mip_sw & ~mask) | ((uint32_t)val & mask);
}

static bool write_satp(RiscvCpu *cpu, uint64_t val)
{
    unsigned mode = val >> SATP_MODE_SHIFT;
    bool ok = mode == 0 || (mode == 8 && cpu->feat.mmu) ||
              (mode == 9 && cpu->feat.sv48) || (mode == 10 && cpu->feat.sv57);

    /* WARL: a mode the hart lacks leaves satp as it was (Linux probes
     * Sv57, Sv48, Sv39 that way). */
    if (!ok) {
        return true;
    }
    if (val != cpu->satp) {
        cpu->satp = val;
        riscv_tlb_flush(cpu);
    }
    return true;
}

static bool pmp_csr_write(RiscvCpu *cpu, unsigned csr, uint64_t val)
{
    if (!cpu->feat.pmp) {
        return false;
    }
    if (csr >= CSR_PMPCFG0 && csr <= CSR_PMPCFG15) {
        unsigned n = csr - CSR_PMPCFG0;

        if (n & 1) {
            return false;
        }
        for (unsigned i = 0; i < 8; i++) {
            uint8_t *cfg = &cpu->pmpcfg[n * 4 + i];

            if (!(*cfg & 0x80)) {       /* L: locked until reset */
                *cfg = (uint8_t)(val >> (8 * i)) & 0x9f;
            }
        }
        return true;
    }
    if (!(cpu->pmpcfg[csr - CSR_PMPADDR0] & 0x80)) {
        cpu->pmpaddr[csr - CSR_PMPADDR0] = val & ((1ULL << 54) - 1);
    }
    return true;
}

static uint64_t legal_tvec(uint64_t old, uint64_t val)
{
    /* Modes 2 and 3 are reserved: keep the old mode. */
    return (val & 2) ? (val & ~3ULL) | (old & 3) : val;
}

uint64_t riscv_csr_rmw_base(RiscvCpu *cpu, unsigned csr, uint64_t read_val)
{
    switch (csr) {
    case CSR_MIP:
    case CSR_SIP:
        /* write_mip() masks what each of them may change. */
        return cpu->mip_sw;
    default:
        return read_val;
    }
}

bool riscv_csr_write(RiscvCpu *cpu, unsigned csr, uint64_t val)
{
    const RiscvFeatures *ft = &cpu->feat;
    uint64_t epc_mask = ft->c ? ~1ULL : ~3ULL;
    uint64_t exists;

    /* A CSR the hart lacks traps without side effects. */
    if (!riscv_csr_read(cpu, csr, &exists)) {
        return false;
    }
    if ((csr >= CSR_MHPMCOUNTER3 && csr <= CSR_MHPMCOUNTER31) ||
        (csr >= CSR_MHPMEVENT3 && csr <= CSR_MHPMEVENT31)) {
        return true;        /* hard-wired to zero */
    }
    if (csr >= CSR_PMPCFG0 && csr <= CSR_PMPADDR63) {
        return pmp_csr_write(cpu, csr, val);
    }
    switch (csr) {
    case CSR_FFLAGS:
        cpu->fflags = val & 0x1f;
        break;
    case CSR_FRM:
        cpu->frm = val & 7;
        break;
    case CSR_FCSR:
        cpu->fflags = val & 0x1f;
        cpu->frm = (val >> 5) & 7;
        break;
    case CSR_MCYCLE:
        cpu->cycle = val;
        return true;
    case CSR_MINSTRET:
        cpu->instret = val;
        return true;
    case CSR_SSTATUS:
        write_mstatus(cpu, val, SSTATUS_MASK & ~(MSTATUS_SD | MSTATUS_XS |
                                                 MSTATUS_UXL));
        return ft->s;
    case CSR_SIE:
        cpu->mie = (cpu->mie & ~cpu->mideleg) |
                   ((uint32_t)val & cpu->mideleg);
        return ft->s;
    case CSR_STVEC:
        cpu->stvec = legal_tvec(cpu->stvec, val);
        return ft->s;
    case CSR_SCOUNTEREN:
        cpu->scounteren = (uint32_t)val;
        return ft->s;
    case CSR_SENVCFG:
        cpu->senvcfg = val & MENVCFG_FIOM;
        return ft->s;
    case CSR_SSCRATCH:
        cpu->sscratch = val;
        return ft->s;
    case CSR_SEPC:
        cpu->sepc = val & epc_mask;
        return ft->s;
    case CSR_SCAUSE:
        cpu->scause = val;
        return ft->s;
    case CSR_STVAL:
        cpu->stval = val;
        return ft->s;
    case CSR_SIP:
        write_mip(cpu, val, cpu->mideleg & (1u << RISCV_IRQ_SSI));
        return ft->s;
    case CSR_STIMECMP:
        if (!ft->sstc) {
            return false;
        }
        cpu->stimecmp = val;
        riscv_sstc_update(cpu);
        return true;
    case CSR_SATP:
        return ft->s && write_satp(cpu, val);
    case CSR_MSTATUS:
        write_mstatus(cpu, val,
                      MSTATUS_SIE | MSTATUS_MIE | MSTATUS_SPIE | MSTATUS_MPIE |
                      MSTATUS_SPP | MSTATUS_MPP | MSTATUS_FS | MSTATUS_MPRV |
                      MSTATUS_SUM | MSTATUS_MXR | MSTATUS_TVM | MSTATUS_TW |
                      MSTATUS_TSR);
        return true;
    case CSR_MISA:
        return true;        /* WARL: the extensions are fixed */
    case CSR_MEDELEG:
        cpu->medeleg = val & MEDELEG_MASK;
        return ft->s;
    case CSR_MIDELEG:
        cpu->mideleg = (uint32_t)val & RISCV_MIP_S_MASK;
        return ft->s;
    case CSR_MIE:
        cpu->mie = (uint32_t)val & writable_interrupts(cpu);
        return true;
    case CSR_MTVEC:
        cpu->mtvec = legal_tvec(cpu->mtvec, val);
        return true;
    case CSR_MCOUNTEREN:
        cpu->mcounteren = (uint32_t)val;
        return ft->u;
    case CSR_MENVCFG:
        cpu->menvcfg = val & (MENVCFG_FIOM | (ft->sstc ? MENVCFG_STCE : 0));
        riscv_sstc_update(cpu);
        return ft->u;
    case CSR_MCOUNTINHIBIT:
        cpu->mcountinhibit = (uint32_t)val & ~2u;
        return true;
    case CSR_MSCRATCH:
        cpu->mscratch = val;
        return true;
    case CSR_MEPC:
        cpu->mepc = val & epc_mask;
        return true;
    case CSR_MCAUSE:
        cpu->mcause = val;
        return true;
    case CSR_MTVAL:
        cpu->mtval = val;
        return true;
    case CSR_MIP:
        write_mip(cpu, val, ft->s ? RISCV_MIP_S_MASK : 0);
        return true;
    default:
        return false;
    }
    /* The FP CSRs: a write makes the FP state dirty. */
    if (!ft->f) {
        return false;
    }
    cpu->mstatus |= MSTATUS_FS;
    return true;
}
