/* Handlers for system instructions (ecall, ebreak, mret, sret, wfi,
 * fences, sfence.vma, the CSR instructions) and for A (LR/SC, AMOs).
 * Every system handler ends its block, so a change of privilege, of the
 * interrupt enables or of the address map is seen before the next one. */
#include <string.h>

#include "riscv-insn.h"

#define X(r) (cpu->x[insn->r])
#define unlikely(c) __builtin_expect(!!(c), 0)

static inline uint64_t next_pc(const RiscvInsn *insn)
{
    return insn->pc + insn->len;
}

RISCV_HANDLER(riscv_op_ecall)
{
    riscv_raise(cpu, insn, RISCV_EXC_ECALL_U + cpu->priv, 0);
}

RISCV_HANDLER(riscv_op_ebreak)
{
    riscv_raise(cpu, insn, RISCV_EXC_BREAKPOINT, insn->pc);
}

RISCV_HANDLER(riscv_op_mret)
{
    uint64_t st = cpu->mstatus;
    unsigned mpp = (st & MSTATUS_MPP) >> MSTATUS_MPP_SHIFT;

    if (cpu->priv != RISCV_PRIV_M) {
        riscv_raise_illegal(cpu, insn);
        return;
    }
    st = (st & ~MSTATUS_MIE) | ((st & MSTATUS_MPIE) ? MSTATUS_MIE : 0);
    st |= MSTATUS_MPIE;
    st &= ~MSTATUS_MPP;
    if (!cpu->feat.u) {
        st |= (uint64_t)RISCV_PRIV_M << MSTATUS_MPP_SHIFT;
    }
    if (mpp != RISCV_PRIV_M) {
        st &= ~MSTATUS_MPRV;
    }
    cpu->mstatus = st;
    riscv_leave(cpu, insn, cpu->mepc);
    riscv_set_priv(cpu, mpp);
}

RISCV_HANDLER(riscv_op_sret)
{
    uint64_t st = cpu->mstatus;
    unsigned spp = (st & MSTATUS_SPP) ? RISCV_PRIV_S : RISCV_PRIV_U;

    if (cpu->priv < RISCV_PRIV_S ||
        (cpu->priv == RISCV_PRIV_S && (st & MSTATUS_TSR))) {
        riscv_raise_illegal(cpu, insn);
        return;
    }
    st = (st & ~MSTATUS_SIE) | ((st & MSTATUS_SPIE) ? MSTATUS_SIE : 0);
    st |= MSTATUS_SPIE;
    st &= ~(MSTATUS_SPP | MSTATUS_MPRV);
    cpu->mstatus = st;
    riscv_leave(cpu, insn, cpu->sepc);
    riscv_set_priv(cpu, spp);
}

/* wfi returns to the caller (RISCV_EXIT_WFI) so the host can sleep; it is
 * legal in M-mode, and in S-mode unless mstatus.TW. In U-mode it traps, as
 * the ISA allows when S-mode exists. */
RISCV_HANDLER(riscv_op_wfi)
{
    if ((cpu->priv < RISCV_PRIV_M && (cpu->mstatus & MSTATUS_TW)) ||
        (cpu->priv == RISCV_PRIV_U && cpu->feat.s)) {
        riscv_raise_illegal(cpu, insn);
        return;
    }
    cpu->in_wfi = true;
    riscv_leave(cpu, insn, next_pc(insn));
}

RISCV_HANDLER(riscv_op_fence_i)
{
    cpu->code_dirty = true;
    riscv_leave(cpu, insn, next_pc(insn));
}

RISCV_HANDLER(riscv_op_sfence_vma)
{
    if (cpu->priv == RISCV_PRIV_U ||
        (cpu->priv == RISCV_PRIV_S && (cpu->mstatus & MSTATUS_TVM))) {
        riscv_raise_illegal(cpu, insn);
        return;
    }
    if (insn->rs1 != 0) {
        riscv_tlb_flush_page(cpu, X(rs1));
    } else {
        riscv_tlb_flush(cpu);
    }
    riscv_leave(cpu, insn, next_pc(insn));
}

/* CSR instructions. csrrw with rd = x0 does not read; csrrs/csrrc with
 * rs1 = x0 (or a zero immediate) do not write: firmware relies on both to
 * access write-only and read-only CSRs. */
enum { CSR_RW, CSR_RS, CSR_RC };

static void csr_op(RiscvCpu *cpu, const RiscvInsn *insn, uint64_t src,
                   int kind, bool src_is_zero)
{
    unsigned csr = insn->csr;
    bool writes = kind == CSR_RW || !src_is_zero;
    bool reads = kind != CSR_RW || insn->rd != 32;
    uint64_t old = 0;

    if (!riscv_csr_accessible(cpu, csr, writes)) {
        riscv_raise_illegal(cpu, insn);
        return;
    }
    if (reads && !riscv_csr_read(cpu, csr, &old)) {
        riscv_raise_illegal(cpu, insn);
        return;
    }
    if (writes) {
        uint64_t base = kind == CSR_RW ? 0
                      : riscv_csr_rmw_base(cpu, csr, old);
        uint64_t val = kind == CSR_RW ? src
                     : kind == CSR_RS ? base | src : base & ~src;

        if (!riscv_csr_write(cpu, csr, val)) {
            riscv_raise_illegal(cpu, insn);
            return;
        }
    }
    X(rd) = old;
    riscv_leave(cpu, insn, next_pc(insn));
}

RISCV_HANDLER(riscv_op_csrrw)
{
    csr_op(cpu, insn, X(rs1), CSR_RW, false);
}

RISCV_HANDLER(riscv_op_csrrs)
{
    csr_op(cpu, insn, X(rs1), CSR_RS, insn->rs1 == 0);
}

RISCV_HANDLER(riscv_op_csrrc)
{
    csr_op(cpu, insn, X(rs1), CSR_RC, insn->rs1 == 0);
}

RISCV_HANDLER(riscv_op_csrrwi)
{
    csr_op(cpu, insn, (uint64_t)insn->imm, CSR_RW, false);
}

RISCV_HANDLER(riscv_op_csrrsi)
{
    csr_op(cpu, insn, (uint64_t)insn->imm, CSR_RS, insn->imm == 0);
}

RISCV_HANDLER(riscv_op_csrrci)
{
    csr_op(cpu, insn, (uint64_t)insn->imm, CSR_RC, insn->imm == 0);
}

/* A. The harts of a machine run one at a time on one thread, so an AMO is
 * atomic by construction. LR/SC: the reservation covers the address
 * loaded; any other hart running in between drops it (riscv_cpu_exec). */
RISCV_HANDLER(riscv_op_lr_w)
{
    uint64_t va = X(rs1);
    int32_t *p = riscv_amo_host_ptr(cpu, insn, va, 4, true);

    if (!p) {
        return;
    }
    X(rd) = (uint64_t)(int64_t)*p;
    cpu->reservation_valid = true;
    cpu->reservation_addr = va;
    RISCV_NEXT(cpu, insn);
}

RISCV_HANDLER(riscv_op_lr_d)
{
    uint64_t va = X(rs1);
    uint64_t *p = riscv_amo_host_ptr(cpu, insn, va, 8, true);

    if (!p) {
        return;
    }
    X(rd) = *p;
    cpu->reservation_valid = true;
    cpu->reservation_addr = va;
    RISCV_NEXT(cpu, insn);
}

/* SC translates for a store first: a fault is reported even when the SC
 * would fail. It ends the block, since it may write decoded code. */
static void sc_op(RiscvCpu *cpu, const RiscvInsn *insn, unsigned size)
{
    uint64_t va = X(rs1);
    uint64_t val = X(rs2);
    bool ok = cpu->reservation_valid && cpu->reservation_addr == va;
    void *p = riscv_amo_host_ptr(cpu, insn, va, size, false);

    if (!p) {
        return;
    }
    cpu->reservation_valid = false;
    if (ok) {
        memcpy(p, &val, size);
    }
    X(rd) = ok ? 0 : 1;
    riscv_leave(cpu, insn, next_pc(insn));
}

RISCV_HANDLER(riscv_op_sc_w)
{
    sc_op(cpu, insn, 4);
}

RISCV_HANDLER(riscv_op_sc_d)
{
    sc_op(cpu, insn, 8);
}

/* An AMO that wrote decoded code leaves the block, as a store does, so
 * the next instruction is decoded afresh (riscv_amo_host_ptr marked the
 * code dirty). */
#define AMO_NEXT(cpu, insn)                                                \
    do {                                                                   \
        if (__builtin_expect((cpu)->code_dirty, 0)) {                      \
            riscv_leave((cpu), (insn), next_pc(insn));                     \
            return;                                                        \
        }                                                                  \
        RISCV_NEXT(cpu, insn);                                             \
    } while (0)

#define AMO_W(name, expr)                                                  \
    RISCV_HANDLER(name)                                                    \
    {                                                                      \
        int32_t *p = riscv_amo_host_ptr(cpu, insn, X(rs1), 4, false);  \
        int32_t a, b = (int32_t)X(rs2);                                    \
        if (!p) {                                                          \
            return;                                                        \
        }                                                                  \
        a = *p;                                                            \
        *p = (int32_t)(expr);                                              \
        X(rd) = (uint64_t)(int64_t)a;                                      \
        AMO_NEXT(cpu, insn);                                               \
    }

#define AMO_D(name, expr)                                                  \
    RISCV_HANDLER(name)                                                    \
    {                                                                      \
        uint64_t *p = riscv_amo_host_ptr(cpu, insn, X(rs1), 8, false); \
        uint64_t a, b = X(rs2);                                            \
        if (!p) {                                                          \
            return;                                                        \
        }                                                                  \
        a = *p;                                                            \
        *p = (expr);                                                       \
        X(rd) = a;                                                         \
        AMO_NEXT(cpu, insn);                                               \
    }

AMO_W(riscv_op_amoswap_w, b)
AMO_W(riscv_op_amoadd_w, (uint32_t)a + (uint32_t)b)
AMO_W(riscv_op_amoxor_w, a ^ b)
AMO_W(riscv_op_amoand_w, a & b)
AMO_W(riscv_op_amoor_w, a | b)
AMO_W(riscv_op_amomin_w, a < b ? a : b)
AMO_W(riscv_op_amomax_w, a > b ? a : b)
AMO_W(riscv_op_amominu_w, (uint32_t)a < (uint32_t)b ? a : b)
AMO_W(riscv_op_amomaxu_w, (uint32_t)a > (uint32_t)b ? a : b)
AMO_D(riscv_op_amoswap_d, b)
AMO_D(riscv_op_amoadd_d, a + b)
AMO_D(riscv_op_amoxor_d, a ^ b)
AMO_D(riscv_op_amoand_d, a & b)
AMO_D(riscv_op_amoor_d, a | b)
AMO_D(riscv_op_amomin_d, (int64_t)a < (int64_t)b ? a : b)
AMO_D(riscv_op_amomax_d, (int64_t)a > (int64_t)b ? a : b)
AMO_D(riscv_op_amominu_d, a < b ? a : b)
AMO_D(riscv_op_amomaxu_d, a > b ? a : b)
