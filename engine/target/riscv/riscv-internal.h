/* The interpreter's insides, shared by its modules and by no one else.
 *
 * Execution model: guest code is decoded once into blocks (riscv-exec.c) of
 * RiscvInsn records, keyed by the physical and virtual address of their
 * first byte (records hold virtual pcs). Each record names its handler; a
 * handler does its work and tail-calls the next record's handler
 * (RISCV_NEXT), so a block runs as a chain of jumps. A handler that leaves
 * the block (branch, jump, trap, CSR write, ...) sets cpu->pc and returns,
 * or, at a block's natural end, jumps into the successor block it is
 * already linked to (RISCV_CHAIN). Registers are read from cpu->x; a
 * decoded rd of x0 is redirected to the scratch slot x[32], so handlers
 * never test for it.
 *
 * Memory: a software TLB per access kind and effective privilege caches
 * host pointers into RAM (riscv-mmu.c). Its entries for pages holding
 * decoded code are never filled for writes, so every store to code takes
 * the slow path, which sets code_dirty and leaves the block; the loop then
 * drops every decoded block (riscv_exec_flush_code).
 *
 * Traps: riscv_raise() (riscv-trap.c) switches mode and sets pc; the
 * handler then returns. cpu->block_retired says how many records of the
 * current block completed when it was left early.
 *
 * Ownership: the RiscvCpu owns its blocks (freed by riscv_exec_flush_code
 * and at finalize, never while one runs: flushes wait for the loop) and
 * borrows its AddressSpace. Everything runs on the thread that calls
 * riscv_cpu_exec(). */
#pragma once

#include "cpu.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "clock.h"
#include "qapi-qom.h"
#include "riscv-cpu.h"

#define RISCV_PAGE_BITS 12
#define RISCV_PAGE_SIZE (1ULL << RISCV_PAGE_BITS)
#define RISCV_PAGE_MASK (~(RISCV_PAGE_SIZE - 1))

/* Exception causes. */
enum {
    RISCV_EXC_INSN_MISALIGNED = 0,
    RISCV_EXC_INSN_ACCESS = 1,
    RISCV_EXC_ILLEGAL = 2,
    RISCV_EXC_BREAKPOINT = 3,
    RISCV_EXC_LOAD_MISALIGNED = 4,
    RISCV_EXC_LOAD_ACCESS = 5,
    RISCV_EXC_STORE_MISALIGNED = 6,
    RISCV_EXC_STORE_ACCESS = 7,
    RISCV_EXC_ECALL_U = 8,
    RISCV_EXC_ECALL_S = 9,
    RISCV_EXC_ECALL_M = 11,
    RISCV_EXC_INSN_PAGE = 12,
    RISCV_EXC_LOAD_PAGE = 13,
    RISCV_EXC_STORE_PAGE = 15,
};

/* mip / mie bits. */
enum {
    RISCV_IRQ_SSI = 1, RISCV_IRQ_MSI = 3, RISCV_IRQ_STI = 5,
    RISCV_IRQ_MTI = 7, RISCV_IRQ_SEI = 9, RISCV_IRQ_MEI = 11,
};
#define RISCV_MIP_S_MASK ((1u << RISCV_IRQ_SSI) | (1u << RISCV_IRQ_STI) | \
                          (1u << RISCV_IRQ_SEI))
#define RISCV_MIP_ALL_MASK (RISCV_MIP_S_MASK | (1u << RISCV_IRQ_MSI) | \
                            (1u << RISCV_IRQ_MTI) | (1u << RISCV_IRQ_MEI))

/* mstatus fields (RV64). */
#define MSTATUS_SIE (1ULL << 1)
#define MSTATUS_MIE (1ULL << 3)
#define MSTATUS_SPIE (1ULL << 5)
#define MSTATUS_MPIE (1ULL << 7)
#define MSTATUS_SPP (1ULL << 8)
#define MSTATUS_MPP_SHIFT 11
#define MSTATUS_MPP (3ULL << MSTATUS_MPP_SHIFT)
#define MSTATUS_FS_SHIFT 13
#define MSTATUS_FS (3ULL << MSTATUS_FS_SHIFT)
#define MSTATUS_XS (3ULL << 15)
#define MSTATUS_MPRV (1ULL << 17)
#define MSTATUS_SUM (1ULL << 18)
#define MSTATUS_MXR (1ULL << 19)
#define MSTATUS_TVM (1ULL << 20)
#define MSTATUS_TW (1ULL << 21)
#define MSTATUS_TSR (1ULL << 22)
#define MSTATUS_UXL (3ULL << 32)
#define MSTATUS_SXL (3ULL << 34)
#define MSTATUS_SD (1ULL << 63)
/* UXL = SXL = 2: XLEN 64 in every mode, fixed. */
#define MSTATUS_UXL_SXL_VALUE ((2ULL << 32) | (2ULL << 34))

/* Access kinds: the TLB's first index. */
typedef enum RiscvAccess {
    RISCV_ACCESS_READ,
    RISCV_ACCESS_WRITE,
    RISCV_ACCESS_FETCH,
} RiscvAccess;

/* The extensions a model has, after its properties. */
typedef struct RiscvFeatures {
    bool m, a, f, d, c, s, u;
    bool zicsr, zifencei, zicntr, zihintpause, zba, zbb, zbs, sstc;
    bool mmu, sv48, sv57, pmp;
} RiscvFeatures;

typedef struct RiscvInsn RiscvInsn;
/* fwd: the value the previous record computed, when it is a producer
 * (see riscv-fwd.h); whatever it was otherwise. */
typedef void RiscvHandler(RiscvCpu *cpu, const RiscvInsn *insn,
                          uint64_t fwd);

/* One decoded instruction. */
struct RiscvInsn {
    RiscvHandler *fn;
    uint64_t pc;
    int64_t imm;
    uint32_t raw;           /* the encoding, for mtval (16 bits for C) */
    uint16_t idx;           /* position in the block */
    uint16_t csr;
    uint8_t rd, rs1, rs2, rs3;
    uint8_t len;            /* 2 or 4 */
    uint8_t rm;             /* FP rounding mode field; aq/rl for A */
};

/* Tail call to the next record, handing on fwd untouched (RISCV_NEXT) or
 * the value this record wrote to rd (RISCV_NEXT_VAL). GCC turns it into a
 * jump at -O2 (a sibling call); clang is told so. (Making GCC advance
 * insn in place and jump through memory saves two moves an instruction
 * but runs slower: the next handler's address then waits for the add.) */
#if defined(__clang__)
#define RISCV_NEXT_VAL(cpu, insn, val) \
    __attribute__((musttail)) return (insn)[1].fn((cpu), (insn) + 1, (val))
#else
#define RISCV_NEXT_VAL(cpu, insn, val) \
    return (insn)[1].fn((cpu), (insn) + 1, (val))
#endif
#define RISCV_NEXT(cpu, insn) RISCV_NEXT_VAL(cpu, insn, fwd)

#define RISCV_BLOCK_MAX_INSNS 64

typedef struct RiscvBlock RiscvBlock;
struct RiscvBlock {
    uint64_t phys_pc;       /* the key: both addresses, since records */
    uint64_t virt_pc;       /* hold virtual pcs */
    bool cached;
    /* The successors are known when the block is built (it ends in a
     * branch, jal, or by length): link_pc[] holds them for good, slot 0
     * the taken side, and a handler can chain through its slot without
     * comparing pcs. Otherwise (jalr, mret, ...) the slots remember the
     * last two pcs the block went to. */
    bool static_links;
    uint32_t n_insns;       /* records that are guest instructions */
    /* Chaining to successors: valid while link_epoch == cpu->epoch (it
     * starts at UINT64_MAX, an epoch never reached). */
    uint64_t link_pc[2];
    RiscvBlock *link[2];
    uint64_t link_epoch[2];
    RiscvInsn insns[];      /* n_insns + 1: the last one leaves */
};

typedef struct RiscvTlbEntry {
    uint64_t vpage;         /* page-aligned; -1 when empty */
    uintptr_t addend;       /* host address = vaddr + addend */
    uint64_t ppage;         /* the physical page */
} RiscvTlbEntry;

/* The TLB's privilege index: U, S, S with mstatus.SUM, M. */
#define RISCV_TLB_S_SUM 2

#define RISCV_TLB_BITS 8
#define RISCV_TLB_SIZE (1u << RISCV_TLB_BITS)

/* The cached-block directory: direct-mapped on the physical pc. */
#define RISCV_JMP_CACHE_BITS 12
#define RISCV_JMP_CACHE_SIZE (1u << RISCV_JMP_CACHE_BITS)

struct RiscvCpu {
    CPUState parent_obj;
    RiscvCpuProperties props;

    /* Hot state first. */
    uint64_t x[33];         /* x[32]: where writes to x0 go */
    uint64_t f[32];
    uint64_t pc;
    RiscvTlbEntry tlb[3][4][RISCV_TLB_SIZE];   /* [access][priv] */
    uint8_t priv;
    uint8_t data_priv;      /* loads and stores: the privilege after MPRV,
                               or RISCV_TLB_S_SUM */
    /* tlb[READ][data_priv] and tlb[WRITE][data_priv]: the loads' and
     * stores' fast path reads these (riscv_priv_changed keeps them). */
    RiscvTlbEntry *dtlb[2];
    bool exit_request;
    bool code_dirty;        /* a store hit decoded code: drop the blocks */
    bool in_wfi;            /* the last instruction was a wfi */
    uint32_t block_retired; /* set when a block is left early */
    uint64_t epoch;         /* bumped when pc->block chaining may change */
    /* Direct chaining (RISCV_CHAIN): instructions the chain may still
     * run before returning to the loop (the blocks it completed are
     * counted off), and the block it is in. */
    int64_t chain_budget;
    RiscvBlock *chain_block;

    uint64_t mstatus;
    uint32_t mip_sw;        /* bits software wrote */
    uint32_t mip_hw;        /* levels of the wires */
    uint32_t mie;
    uint32_t mideleg;
    uint64_t medeleg;
    uint64_t mtvec, stvec, mepc, sepc, mcause, scause, mtval, stval;
    uint64_t mscratch, sscratch;
    uint32_t mcounteren, scounteren, mcountinhibit;
    uint64_t menvcfg, senvcfg;
    uint64_t satp;
    uint64_t misa;
    uint64_t instret;       /* minstret */
    uint64_t cycle;         /* mcycle: one per instruction */
    uint8_t frm;
    uint8_t fflags;
    uint64_t stimecmp;
    uint8_t pmpcfg[64];
    uint64_t pmpaddr[64];

    /* LR/SC: one reservation, dropped at every exec entry (another hart
     * may have run) and by SC. */
    bool reservation_valid;
    uint64_t reservation_addr;

    RiscvFeatures feat;
    uint32_t misalign_mask; /* 2 without C: such targets trap */
    AddressSpace *as;
    uint64_t as_generation;

    /* Time. */
    uint64_t (*read_time)(void *);
    void *time_opaque;
    uint64_t timebase_hz;
    Timer *stimecmp_timer;

    /* Decoded code. */
    GHashTable *blocks;     /* phys pc -> RiscvBlock *, owned */
    GHashTable *code_pages; /* physical page numbers holding blocks */
    RiscvBlock *jmp_cache[RISCV_JMP_CACHE_SIZE];
};

typedef struct RiscvCpuClass {
    CPUClass parent_class;
    /* The model's extension properties. */
    void (*get_features)(RiscvCpu *cpu, RiscvFeatures *feat);
} RiscvCpuClass;

/* riscv-trap.c */
void riscv_raise(RiscvCpu *cpu, const RiscvInsn *insn, uint64_t cause,
                 uint64_t tval);
void riscv_raise_illegal(RiscvCpu *cpu, const RiscvInsn *insn);
/* Takes the highest-priority enabled interrupt; false when none. */
bool riscv_take_interrupt(RiscvCpu *cpu);
uint32_t riscv_mip(RiscvCpu *cpu);
/* Recomputes data_priv and bumps the chaining epoch after a change of
 * privilege or of mstatus's MPRV/MPP. */
void riscv_priv_changed(RiscvCpu *cpu);
void riscv_set_priv(RiscvCpu *cpu, unsigned priv);

/* riscv-csr.c: false = illegal instruction. */
bool riscv_csr_read(RiscvCpu *cpu, unsigned csr, uint64_t *val);
bool riscv_csr_write(RiscvCpu *cpu, unsigned csr, uint64_t val);
/* The value csrrs/csrrc set or clear bits in, given what the read
 * returned: the read value, except in mip and sip, where the lines devices
 * drive (SEIP from the PLIC, STIP from Sstc) take no part and only the
 * software-writable bits do (the privileged spec's rule for SEIP).
 * Otherwise firmware's `csrs mip, SSIP` while the PLIC line is high would
 * latch SEIP in software for ever: an interrupt storm no claim can end. */
uint64_t riscv_csr_rmw_base(RiscvCpu *cpu, unsigned csr, uint64_t read_val);
/* Whether the current privilege may access csr at all (and write it). */
bool riscv_csr_accessible(RiscvCpu *cpu, unsigned csr, bool write);
uint64_t riscv_read_time(RiscvCpu *cpu);
void riscv_sstc_update(RiscvCpu *cpu);

/* riscv-mmu.c */
void riscv_tlb_flush(RiscvCpu *cpu);
void riscv_tlb_flush_page(RiscvCpu *cpu, uint64_t vaddr);
void riscv_tlb_flush_writes_to(RiscvCpu *cpu, uint64_t ppage);
/* Translates vaddr for an access by priv; on failure returns false and
 * sets *cause. *host is a RAM pointer for the page (or NULL for MMIO);
 * fills the TLB when the page is plain RAM. */
bool riscv_translate(RiscvCpu *cpu, uint64_t vaddr, RiscvAccess access,
                     unsigned priv, uint64_t *paddr, uint64_t *cause);
/* Slow paths: return false after raising the fault. */
bool riscv_load_slow(RiscvCpu *cpu, const RiscvInsn *insn, uint64_t vaddr,
                     unsigned size, uint64_t *val);
/* Returns false after a trap, or when decoded code was hit: either way the
 * handler must leave the block (cpu->pc is set). */
bool riscv_store_slow(RiscvCpu *cpu, const RiscvInsn *insn, uint64_t vaddr,
                      unsigned size, uint64_t val);
/* A RAM pointer for an aligned, translated LR (is_load) or SC/AMO of size
 * bytes, or NULL after raising the fault: misaligned, page fault, or an
 * access fault for anything but RAM (no AMOs on MMIO). */
void *riscv_amo_host_ptr(RiscvCpu *cpu, const RiscvInsn *insn,
                         uint64_t vaddr, unsigned size, bool is_load);

static inline RiscvTlbEntry *riscv_tlb_entry(RiscvCpu *cpu, RiscvAccess acc,
                                             unsigned priv, uint64_t vaddr)
{
    return &cpu->tlb[acc][priv][(vaddr >> RISCV_PAGE_BITS) &
                                (RISCV_TLB_SIZE - 1)];
}

/* The data TLB entry that would map vaddr for access (READ or WRITE). */
static inline RiscvTlbEntry *riscv_dtlb_entry(RiscvCpu *cpu, RiscvAccess acc,
                                              uint64_t vaddr)
{
    return &cpu->dtlb[acc][(vaddr >> RISCV_PAGE_BITS) & (RISCV_TLB_SIZE - 1)];
}

/* The fast path's test, one compare: the entry maps vaddr's page and
 * vaddr is size-aligned (so the access stays in the page). Misaligned
 * accesses take the handler's slow path, which still finds the page
 * here (riscv_tlb_lookup) before it walks anything. */
static inline bool riscv_dtlb_hit(const RiscvTlbEntry *e, uint64_t vaddr,
                                  unsigned size)
{
    return e->vpage == (vaddr & (RISCV_PAGE_MASK | (size - 1)));
}

/* A host pointer when vaddr..vaddr+size-1 sits in one page the TLB has
 * for this access, aligned or not, else NULL. */
static inline void *riscv_tlb_lookup(RiscvCpu *cpu, RiscvAccess acc,
                                     uint64_t vaddr, unsigned size)
{
    RiscvTlbEntry *e = riscv_dtlb_entry(cpu, acc, vaddr);

    if (__builtin_expect(e->vpage == (vaddr & RISCV_PAGE_MASK) &&
                         (vaddr & ~RISCV_PAGE_MASK) <= RISCV_PAGE_SIZE - size,
                         1)) {
        return (void *)(uintptr_t)(vaddr + e->addend);
    }
    return NULL;
}

/* The host address of the instruction bytes at vaddr (the rest of its
 * page is readable too) and their physical address; NULL with *cause
 * set when the fetch faults (code outside RAM and ROM included). */
void *riscv_fetch_host(RiscvCpu *cpu, uint64_t vaddr, uint64_t *paddr,
                       uint64_t *cause);

/* riscv-exec.c */
void riscv_exec_init(RiscvCpu *cpu);
void riscv_exec_finalize(RiscvCpu *cpu);
RiscvExitReason riscv_exec(RiscvCpu *cpu, uint64_t budget);
void riscv_exec_flush_code(RiscvCpu *cpu);
/* A store reached physical page ppage: true when it holds decoded code. */
bool riscv_exec_is_code_page(RiscvCpu *cpu, uint64_t ppage);
/* Handler for the record after a block's last instruction. */
void riscv_op_block_end(RiscvCpu *cpu, const RiscvInsn *insn, uint64_t fwd);

/* riscv-insn-int.c: forwarding. A producer hands the value it wrote to
 * rd on to the next record as fwd (RISCV_NEXT_VAL); a record right after
 * one, reading that register, can run a form that takes the operand from
 * fwd (f1: rs1, f2: rs2) instead of from memory, off the store-to-load
 * path that otherwise bounds a chain of dependent instructions. The block
 * builder picks the forms (a block is only ever entered at its start, so
 * the previous record has always run). */
typedef struct RiscvFwdForms {
    RiscvHandler *base, *f1, *f2;   /* f1/f2 NULL when there is none */
    bool produces;
} RiscvFwdForms;

/* The forms of a base handler, or NULL when it has none. */
const RiscvFwdForms *riscv_fwd_forms_of(RiscvHandler *base);

/* riscv-decode.c: fills insn from the encoding; insn->pc preset. Returns
 * the length. Unknown encodings get the illegal-instruction handler. */
void riscv_decode(RiscvCpu *cpu, RiscvInsn *insn, uint32_t raw);
/* Whether the decoded record ends a block. */
bool riscv_insn_ends_block(const RiscvInsn *insn);

/* riscv-fpu.c */
/* F/D encodings: true when raw was one (insn filled in, illegal when the
 * model lacks it); false for anything else. */
bool riscv_fp_decode(RiscvCpu *cpu, RiscvInsn *insn, uint32_t raw);

#define RISCV_HANDLER(name) \
    void name(RiscvCpu *cpu, const RiscvInsn *insn, uint64_t fwd)

/* Helpers every handler file uses. */
static inline void riscv_leave(RiscvCpu *cpu, const RiscvInsn *insn,
                               uint64_t next_pc)
{
    cpu->pc = next_pc;
    cpu->block_retired = insn->idx + 1u;
}

static inline RiscvBlock *riscv_block_of(const RiscvInsn *insn)
{
    return (RiscvBlock *)((char *)(insn - insn->idx) -
                          offsetof(RiscvBlock, insns));
}

/* Called by a block's last handler once cpu->pc is set: when the block
 * already knows its successor at pc, jumps straight into it instead of
 * returning to the loop, while chain_budget (instructions) lasts, so
 * interrupts and exit requests wait a bounded time. */
#define RISCV_CHAIN_TO(cpu, cur_, next_)                                    \
    do {                                                                    \
        int64_t left_ = (cpu)->chain_budget - (int64_t)(cur_)->n_insns;     \
        if (left_ > 0) {                                                    \
            (cpu)->chain_budget = left_;                                    \
            (cpu)->chain_block = (next_);                                   \
            return (next_)->insns[0].fn((cpu), (next_)->insns, fwd);        \
        }                                                                   \
    } while (0)

/* For successors only known at run time: compares pc with both slots. */
#define RISCV_CHAIN(cpu, insn)                                              \
    do {                                                                    \
        RiscvBlock *cur_ = riscv_block_of(insn);                            \
        if (cur_->link_pc[0] == (cpu)->pc &&                                \
            cur_->link_epoch[0] == (cpu)->epoch) {                          \
            RISCV_CHAIN_TO(cpu, cur_, cur_->link[0]);                       \
        } else if (cur_->link_pc[1] == (cpu)->pc &&                         \
                   cur_->link_epoch[1] == (cpu)->epoch) {                   \
            RISCV_CHAIN_TO(cpu, cur_, cur_->link[1]);                       \
        }                                                                   \
    } while (0)

/* For a block with static_links, leaving through slot (0 taken, 1 not):
 * link_pc[slot] is cpu->pc by construction. */
#define RISCV_CHAIN_SLOT(cpu, insn, slot)                                   \
    do {                                                                    \
        RiscvBlock *cur_ = riscv_block_of(insn);                            \
        if (cur_->link_epoch[(slot)] == (cpu)->epoch) {                     \
            RISCV_CHAIN_TO(cpu, cur_, cur_->link[(slot)]);                  \
        }                                                                   \
    } while (0)
