/* Traps: exceptions and interrupts, delegation to S-mode, privilege
 * changes. See riscv-internal.h. */
#include "riscv-internal.h"

void riscv_priv_changed(RiscvCpu *cpu)
{
    unsigned data = cpu->priv;

    if (cpu->priv == RISCV_PRIV_M && (cpu->mstatus & MSTATUS_MPRV)) {
        data = (cpu->mstatus & MSTATUS_MPP) >> MSTATUS_MPP_SHIFT;
    }
    /* S with SUM has TLB entries of its own: Linux flips SUM around every
     * user copy, and a flush each time would cost more than the copy. */
    if (data == RISCV_PRIV_S && (cpu->mstatus & MSTATUS_SUM)) {
        data = RISCV_TLB_S_SUM;
    }
    cpu->data_priv = (uint8_t)data;
    cpu->dtlb[RISCV_ACCESS_READ] = cpu->tlb[RISCV_ACCESS_READ][data];
    cpu->dtlb[RISCV_ACCESS_WRITE] = cpu->tlb[RISCV_ACCESS_WRITE][data];
    /* A block's successor depends on the fetch translation. */
    cpu->epoch++;
}

void riscv_set_priv(RiscvCpu *cpu, unsigned priv)
{
    cpu->priv = (uint8_t)priv;
    riscv_priv_changed(cpu);
}

/* Enters the trap handler of M or S for cause (interrupt bit 63 set for
 * interrupts), with epc as the interrupted pc. */
static void enter_trap(RiscvCpu *cpu, uint64_t cause, uint64_t tval,
                       uint64_t epc)
{
    bool irq = cause >> 63;
    uint64_t code = cause & ~(1ULL << 63);
    bool to_s = cpu->priv <= RISCV_PRIV_S && cpu->feat.s &&
                (irq ? (cpu->mideleg >> code) & 1
                     : code < 64 && ((cpu->medeleg >> code) & 1));
    uint64_t st = cpu->mstatus;
    uint64_t tvec;

    if (to_s) {
        cpu->scause = cause;
        cpu->sepc = epc;
        cpu->stval = tval;
        st = (st & ~MSTATUS_SPIE) | ((st & MSTATUS_SIE) ? MSTATUS_SPIE : 0);
        st &= ~(MSTATUS_SIE | MSTATUS_SPP);
        st |= cpu->priv == RISCV_PRIV_S ? MSTATUS_SPP : 0;
        tvec = cpu->stvec;
    } else {
        cpu->mcause = cause;
        cpu->mepc = epc;
        cpu->mtval = tval;
        st = (st & ~MSTATUS_MPIE) | ((st & MSTATUS_MIE) ? MSTATUS_MPIE : 0);
        st &= ~(MSTATUS_MIE | MSTATUS_MPP);
        st |= (uint64_t)cpu->priv << MSTATUS_MPP_SHIFT;
        tvec = cpu->mtvec;
    }
    cpu->mstatus = st;
    /* Vectored mode sends interrupts to base + 4 * cause. */
    if ((tvec & 3) == 1 && irq) {
        cpu->pc = (tvec & ~3ULL) + 4 * code;
    } else {
        cpu->pc = tvec & ~3ULL;
    }
    riscv_set_priv(cpu, to_s ? RISCV_PRIV_S : RISCV_PRIV_M);
}

void riscv_raise(RiscvCpu *cpu, const RiscvInsn *insn, uint64_t cause,
                 uint64_t tval)
{
    cpu->block_retired = insn->idx;
    enter_trap(cpu, cause, tval, insn->pc);
}

void riscv_raise_illegal(RiscvCpu *cpu, const RiscvInsn *insn)
{
    riscv_raise(cpu, insn, RISCV_EXC_ILLEGAL, insn->raw);
}

uint32_t riscv_mip(RiscvCpu *cpu)
{
    return cpu->mip_sw | cpu->mip_hw;
}

/* Taken first when several are pending, as the privileged spec orders
 * them. */
static const uint8_t irq_order[] = {
    RISCV_IRQ_MEI, RISCV_IRQ_MSI, RISCV_IRQ_MTI,
    RISCV_IRQ_SEI, RISCV_IRQ_SSI, RISCV_IRQ_STI,
};

bool riscv_take_interrupt(RiscvCpu *cpu)
{
    uint32_t pending = riscv_mip(cpu) & cpu->mie;
    uint32_t m_level, s_level;
    bool m_on, s_on;

    if (!pending) {
        return false;
    }
    m_level = pending & ~cpu->mideleg;
    s_level = pending & cpu->mideleg;
    m_on = cpu->priv < RISCV_PRIV_M || (cpu->mstatus & MSTATUS_MIE);
    s_on = cpu->priv < RISCV_PRIV_S ||
           (cpu->priv == RISCV_PRIV_S && (cpu->mstatus & MSTATUS_SIE));
    pending = (m_on ? m_level : 0) | (s_on ? s_level : 0);
    if (!pending) {
        return false;
    }
    /* M-level interrupts win over S-level ones whatever their number. */
    for (unsigned pass = 0; pass < 2; pass++) {
        uint32_t set = pass == 0 ? (pending & m_level) : (pending & s_level);

        for (size_t i = 0; i < G_N_ELEMENTS(irq_order); i++) {
            if (set & (1u << irq_order[i])) {
                cpu->reservation_valid = false;
                enter_trap(cpu, (1ULL << 63) | irq_order[i], 0, cpu->pc);
                return true;
            }
        }
    }
    return false;
}
