/* Handlers for RV64I, M, Zba, Zbb and Zbs: register and immediate
 * arithmetic, loads and stores, branches and jumps. See riscv-internal.h
 * for the handler contract. */
#include <string.h>

#include "riscv-insn.h"

#if __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "the RAM fast path assumes a little-endian host"
#endif

#define X(r) (cpu->x[insn->r])
#define likely(c) __builtin_expect(!!(c), 1)
#define unlikely(c) __builtin_expect(!!(c), 0)

#define SEXT32(v) ((uint64_t)(int64_t)(int32_t)(uint32_t)(v))

/* lui and auipc: the decoder folds the value into imm. */
RISCV_HANDLER(riscv_op_li)
{
    X(rd) = (uint64_t)insn->imm;
    RISCV_NEXT_VAL(cpu, insn, (uint64_t)insn->imm);
}

RISCV_HANDLER(riscv_op_nop)
{
    RISCV_NEXT(cpu, insn);
}

/* M: the ISA defines division by zero and overflow instead of trapping. */
static inline uint64_t mulhu64(uint64_t a, uint64_t b)
{
    return (uint64_t)(((unsigned __int128)a * b) >> 64);
}

static inline uint64_t mulh64(int64_t a, int64_t b)
{
    return (uint64_t)(((__int128)a * b) >> 64);
}

static inline uint64_t mulhsu64(int64_t a, uint64_t b)
{
    return (uint64_t)(((__int128)a * (__int128)b) >> 64);
}

static inline uint64_t div64(int64_t a, int64_t b)
{
    if (b == 0) {
        return UINT64_MAX;
    }
    if (a == INT64_MIN && b == -1) {
        return (uint64_t)a;
    }
    return (uint64_t)(a / b);
}

static inline uint64_t rem64(int64_t a, int64_t b)
{
    if (b == 0) {
        return (uint64_t)a;
    }
    if (a == INT64_MIN && b == -1) {
        return 0;
    }
    return (uint64_t)(a % b);
}

static inline uint64_t divw(int32_t a, int32_t b)
{
    if (b == 0) {
        return UINT64_MAX;
    }
    if (a == INT32_MIN && b == -1) {
        return SEXT32(a);
    }
    return SEXT32(a / b);
}

static inline uint64_t remw(int32_t a, int32_t b)
{
    if (b == 0) {
        return SEXT32(a);
    }
    if (a == INT32_MIN && b == -1) {
        return 0;
    }
    return SEXT32(a % b);
}

/* Zbb */
static inline uint64_t rol64(uint64_t a, unsigned n)
{
    n &= 63;
    return n ? (a << n) | (a >> (64 - n)) : a;
}

static inline uint64_t ror64(uint64_t a, unsigned n)
{
    n &= 63;
    return n ? (a >> n) | (a << (64 - n)) : a;
}

static inline uint32_t rol32(uint32_t a, unsigned n)
{
    n &= 31;
    return n ? (a << n) | (a >> (32 - n)) : a;
}

static inline uint32_t ror32(uint32_t a, unsigned n)
{
    n &= 31;
    return n ? (a >> n) | (a << (32 - n)) : a;
}

static inline uint64_t orc_b(uint64_t a)
{
    uint64_t r = 0;

    for (unsigned i = 0; i < 64; i += 8) {
        if ((a >> i) & 0xff) {
            r |= 0xffULL << i;
        }
    }
    return r;
}

/* Register-register operations: rd = expr of a (rs1) and b (rs2). */
#define R_OPS(OP)                                                           \
    OP(riscv_op_add, a + b)                                                 \
    OP(riscv_op_sub, a - b)                                                 \
    OP(riscv_op_sll, a << (b & 63))                                         \
    OP(riscv_op_slt, (int64_t)a < (int64_t)b)                               \
    OP(riscv_op_sltu, a < b)                                                \
    OP(riscv_op_xor, a ^ b)                                                 \
    OP(riscv_op_srl, a >> (b & 63))                                         \
    OP(riscv_op_sra, (uint64_t)((int64_t)a >> (b & 63)))                    \
    OP(riscv_op_or, a | b)                                                  \
    OP(riscv_op_and, a & b)                                                 \
    OP(riscv_op_addw, SEXT32(a + b))                                        \
    OP(riscv_op_subw, SEXT32(a - b))                                        \
    OP(riscv_op_sllw, SEXT32((uint32_t)a << (b & 31)))                      \
    OP(riscv_op_srlw, SEXT32((uint32_t)a >> (b & 31)))                      \
    OP(riscv_op_sraw, SEXT32((int32_t)a >> (b & 31)))                       \
    /* M */                                                                 \
    OP(riscv_op_mul, a * b)                                                 \
    OP(riscv_op_mulh, mulh64((int64_t)a, (int64_t)b))                       \
    OP(riscv_op_mulhsu, mulhsu64((int64_t)a, b))                            \
    OP(riscv_op_mulhu, mulhu64(a, b))                                       \
    OP(riscv_op_div, div64((int64_t)a, (int64_t)b))                         \
    OP(riscv_op_divu, b ? a / b : UINT64_MAX)                               \
    OP(riscv_op_rem, rem64((int64_t)a, (int64_t)b))                         \
    OP(riscv_op_remu, b ? a % b : a)                                        \
    OP(riscv_op_mulw, SEXT32((uint32_t)a * (uint32_t)b))                    \
    OP(riscv_op_divw, divw((int32_t)a, (int32_t)b))                         \
    OP(riscv_op_divuw, (uint32_t)b ? SEXT32((uint32_t)a / (uint32_t)b) : UINT64_MAX) \
    OP(riscv_op_remw, remw((int32_t)a, (int32_t)b))                         \
    OP(riscv_op_remuw, (uint32_t)b ? SEXT32((uint32_t)a % (uint32_t)b) : SEXT32(a)) \
    /* Zba */                                                               \
    OP(riscv_op_sh1add, (a << 1) + b)                                       \
    OP(riscv_op_sh2add, (a << 2) + b)                                       \
    OP(riscv_op_sh3add, (a << 3) + b)                                       \
    OP(riscv_op_add_uw, (uint64_t)(uint32_t)a + b)                          \
    OP(riscv_op_sh1add_uw, ((uint64_t)(uint32_t)a << 1) + b)                \
    OP(riscv_op_sh2add_uw, ((uint64_t)(uint32_t)a << 2) + b)                \
    OP(riscv_op_sh3add_uw, ((uint64_t)(uint32_t)a << 3) + b)                \
    /* Zbb */                                                               \
    OP(riscv_op_andn, a & ~b)                                               \
    OP(riscv_op_orn, a | ~b)                                                \
    OP(riscv_op_xnor, ~(a ^ b))                                             \
    OP(riscv_op_clz, a ? (uint64_t)__builtin_clzll(a) : 64)                 \
    OP(riscv_op_ctz, a ? (uint64_t)__builtin_ctzll(a) : 64)                 \
    OP(riscv_op_cpop, (uint64_t)__builtin_popcountll(a))                    \
    OP(riscv_op_clzw, (uint32_t)a ? (uint64_t)__builtin_clz((uint32_t)a) : 32) \
    OP(riscv_op_ctzw, (uint32_t)a ? (uint64_t)__builtin_ctz((uint32_t)a) : 32) \
    OP(riscv_op_cpopw, (uint64_t)__builtin_popcount((uint32_t)a))           \
    OP(riscv_op_max, (int64_t)a > (int64_t)b ? a : b)                       \
    OP(riscv_op_maxu, a > b ? a : b)                                        \
    OP(riscv_op_min, (int64_t)a < (int64_t)b ? a : b)                       \
    OP(riscv_op_minu, a < b ? a : b)                                        \
    OP(riscv_op_sext_b, (uint64_t)(int64_t)(int8_t)a)                       \
    OP(riscv_op_sext_h, (uint64_t)(int64_t)(int16_t)a)                      \
    OP(riscv_op_zext_h, (uint64_t)(uint16_t)a)                              \
    OP(riscv_op_rol, rol64(a, (unsigned)b))                                 \
    OP(riscv_op_ror, ror64(a, (unsigned)b))                                 \
    OP(riscv_op_rolw, SEXT32(rol32((uint32_t)a, (unsigned)b)))              \
    OP(riscv_op_rorw, SEXT32(ror32((uint32_t)a, (unsigned)b)))              \
    OP(riscv_op_orc_b, orc_b(a))                                            \
    OP(riscv_op_rev8, __builtin_bswap64(a))                                 \
    /* Zbs */                                                               \
    OP(riscv_op_bclr, a & ~(1ULL << (b & 63)))                              \
    OP(riscv_op_bext, (a >> (b & 63)) & 1)                                  \
    OP(riscv_op_binv, a ^ (1ULL << (b & 63)))                               \
    OP(riscv_op_bset, a | (1ULL << (b & 63)))

/* Register-immediate operations: rd = expr of a (rs1) and b (imm). */
#define I_OPS(OP)                                                           \
    OP(riscv_op_addi, a + b)                                                \
    OP(riscv_op_slti, (int64_t)a < (int64_t)b)                              \
    OP(riscv_op_sltiu, a < b)                                               \
    OP(riscv_op_xori, a ^ b)                                                \
    OP(riscv_op_ori, a | b)                                                 \
    OP(riscv_op_andi, a & b)                                                \
    OP(riscv_op_slli, a << b)                                               \
    OP(riscv_op_srli, a >> b)                                               \
    OP(riscv_op_srai, (uint64_t)((int64_t)a >> b))                          \
    OP(riscv_op_addiw, SEXT32(a + b))                                       \
    OP(riscv_op_slliw, SEXT32((uint32_t)a << b))                            \
    OP(riscv_op_srliw, SEXT32((uint32_t)a >> b))                            \
    OP(riscv_op_sraiw, SEXT32((int32_t)a >> b))                             \
    /* Zba */                                                               \
    OP(riscv_op_slli_uw, (uint64_t)(uint32_t)a << b)                        \
    /* Zbb */                                                               \
    OP(riscv_op_rori, ror64(a, (unsigned)b))                                \
    OP(riscv_op_roriw, SEXT32(ror32((uint32_t)a, (unsigned)b)))             \
    /* Zbs */                                                               \
    OP(riscv_op_bclri, a & ~(1ULL << b))                                    \
    OP(riscv_op_bexti, (a >> b) & 1)                                        \
    OP(riscv_op_binvi, a ^ (1ULL << b))                                     \
    OP(riscv_op_bseti, a | (1ULL << b))

/* An operation in its three forms: operands from the register file, or
 * the first (_f1) or second (_f2) from fwd, the value the previous record
 * computed (see riscv_fwd_forms_of). Each hands its result on. */
#define DEFINE_R_FORM(storage, name, a_src, b_src, expr)                  \
    storage RISCV_HANDLER(name)                                                    \
    {                                                                      \
        uint64_t a = (a_src), b = (b_src);                                 \
        uint64_t r_;                                                       \
        (void)b;                                                           \
        r_ = (expr);                                                       \
        X(rd) = r_;                                                        \
        RISCV_NEXT_VAL(cpu, insn, r_);                                     \
    }
#define DEFINE_R_OP(name, expr)                                            \
    DEFINE_R_FORM(, name, X(rs1), X(rs2), expr)                            \
    DEFINE_R_FORM(static, name##_f1, fwd, X(rs2), expr)                    \
    DEFINE_R_FORM(static, name##_f2, X(rs1), fwd, expr)
#define DEFINE_I_OP(name, expr)                                            \
    DEFINE_R_FORM(, name, X(rs1), (uint64_t)insn->imm, expr)               \
    DEFINE_R_FORM(static, name##_f1, fwd, (uint64_t)insn->imm, expr)

R_OPS(DEFINE_R_OP)
I_OPS(DEFINE_I_OP)

/* Loads and stores: the TLB's host pointer when it has the page, else the
 * slow path (page walk, MMIO, faults). Misaligned accesses are done, not
 * trapped, as the ISA allows; only those crossing a page go slow. */
/* The slow halves are separate functions the fast path tail-calls, so the
 * fast path needs no stack frame (a slow half itself, whose locals have
 * their address taken, calls on rather than jumps: the chain's length
 * bounds that stack). They read the registers again: a form that took an
 * operand from fwd has it in the register file too. */
#define DEFINE_LOAD_OP(name, type, size)                                   \
    static __attribute__((noinline)) RISCV_HANDLER(name##_slow)            \
    {                                                                      \
        uint64_t va = X(rs1) + (uint64_t)insn->imm;                        \
        void *p = riscv_tlb_lookup(cpu, RISCV_ACCESS_READ, va, size);      \
        uint64_t v;                                                        \
        type t_;                                                           \
        if (p) {                                                           \
            memcpy(&t_, p, size);                                          \
        } else if (riscv_load_slow(cpu, insn, va, size, &v)) {             \
            t_ = (type)v;                                                  \
        } else {                                                           \
            return;                                                        \
        }                                                                  \
        v = (uint64_t)t_;                                                  \
        X(rd) = v;                                                         \
        RISCV_NEXT_VAL(cpu, insn, v);                                      \
    }                                                                      \
    LOAD_FORM(, name, name##_slow, X(rs1), type, size)                     \
    LOAD_FORM(static, name##_f1, name##_slow, fwd, type, size)
#define LOAD_FORM(storage, name, slow, base, type, size)                   \
    storage RISCV_HANDLER(name)                                                    \
    {                                                                      \
        uint64_t va = (base) + (uint64_t)insn->imm;                        \
        const RiscvTlbEntry *e = riscv_dtlb_entry(cpu, RISCV_ACCESS_READ,  \
                                                  va);                     \
        uint64_t v;                                                        \
        type t_;                                                           \
                                                                           \
        if (unlikely(!riscv_dtlb_hit(e, va, size))) {                      \
            return slow(cpu, insn, fwd);                                   \
        }                                                                  \
        memcpy(&t_, (void *)(uintptr_t)(va + e->addend), size);            \
        v = (uint64_t)t_;                                                  \
        X(rd) = v;                                                         \
        RISCV_NEXT_VAL(cpu, insn, v);                                      \
    }

#define LOAD_OPS(OP)                                                       \
    OP(riscv_op_lb, int8_t, 1)                                             \
    OP(riscv_op_lh, int16_t, 2)                                            \
    OP(riscv_op_lw, int32_t, 4)                                            \
    OP(riscv_op_ld, uint64_t, 8)                                           \
    OP(riscv_op_lbu, uint8_t, 1)                                           \
    OP(riscv_op_lhu, uint16_t, 2)                                          \
    OP(riscv_op_lwu, uint32_t, 4)

LOAD_OPS(DEFINE_LOAD_OP)

#define DEFINE_STORE_OP(name, type, size)                                  \
    static __attribute__((noinline)) RISCV_HANDLER(name##_slow)            \
    {                                                                      \
        uint64_t va = X(rs1) + (uint64_t)insn->imm;                        \
        type v = (type)X(rs2);                                             \
        void *p = riscv_tlb_lookup(cpu, RISCV_ACCESS_WRITE, va, size);     \
        if (p) {                                                           \
            memcpy(p, &v, size);                                           \
            RISCV_NEXT(cpu, insn);                                         \
        }                                                                  \
        if (!riscv_store_slow(cpu, insn, va, size, v)) {                   \
            return;                                                        \
        }                                                                  \
        RISCV_NEXT(cpu, insn);                                             \
    }                                                                      \
    STORE_FORM(, name, name##_slow, X(rs1), X(rs2), type, size)            \
    STORE_FORM(static, name##_f1, name##_slow, fwd, X(rs2), type, size)    \
    STORE_FORM(static, name##_f2, name##_slow, X(rs1), fwd, type, size)
#define STORE_FORM(storage, name, slow, base, val, type, size)             \
    storage RISCV_HANDLER(name)                                                    \
    {                                                                      \
        uint64_t va = (base) + (uint64_t)insn->imm;                        \
        type v = (type)(val);                                              \
        const RiscvTlbEntry *e = riscv_dtlb_entry(cpu, RISCV_ACCESS_WRITE, \
                                                  va);                     \
                                                                           \
        if (unlikely(!riscv_dtlb_hit(e, va, size))) {                      \
            return slow(cpu, insn, fwd);                                   \
        }                                                                  \
        memcpy((void *)(uintptr_t)(va + e->addend), &v, size);             \
        RISCV_NEXT(cpu, insn);                                             \
    }

#define STORE_OPS(OP)                                                      \
    OP(riscv_op_sb, uint8_t, 1)                                            \
    OP(riscv_op_sh, uint16_t, 2)                                           \
    OP(riscv_op_sw, uint32_t, 4)                                           \
    OP(riscv_op_sd, uint64_t, 8)

STORE_OPS(DEFINE_STORE_OP)

/* Branches and jumps end their block. Without C, a target that is not
 * 4-aligned traps before anything is written. */
static inline bool jump_ok(RiscvCpu *cpu, const RiscvInsn *insn,
                           uint64_t target)
{
    if (unlikely(target & cpu->misalign_mask)) {
        riscv_raise(cpu, insn, RISCV_EXC_INSN_MISALIGNED, target);
        return false;
    }
    return true;
}

#define BRANCH_FORM(storage, name, a_src, b_src, cond)                     \
    storage RISCV_HANDLER(name)                                                    \
    {                                                                      \
        uint64_t a = (a_src), b = (b_src);                                 \
        if (cond) {                                                        \
            uint64_t target = insn->pc + (uint64_t)insn->imm;              \
            if (!jump_ok(cpu, insn, target)) {                             \
                return;                                                    \
            }                                                              \
            cpu->pc = target;                                              \
            RISCV_CHAIN_SLOT(cpu, insn, 0);                                \
        } else {                                                           \
            cpu->pc = insn->pc + insn->len;                                \
            RISCV_CHAIN_SLOT(cpu, insn, 1);                                \
        }                                                                  \
    }
#define DEFINE_BRANCH_OP(name, cond)                                       \
    BRANCH_FORM(, name, X(rs1), X(rs2), cond)                              \
    BRANCH_FORM(static, name##_f1, fwd, X(rs2), cond)                      \
    BRANCH_FORM(static, name##_f2, X(rs1), fwd, cond)

#define BRANCH_OPS(OP)                                                     \
    OP(riscv_op_beq, a == b)                                               \
    OP(riscv_op_bne, a != b)                                               \
    OP(riscv_op_blt, (int64_t)a < (int64_t)b)                              \
    OP(riscv_op_bge, (int64_t)a >= (int64_t)b)                             \
    OP(riscv_op_bltu, a < b)                                               \
    OP(riscv_op_bgeu, a >= b)

BRANCH_OPS(DEFINE_BRANCH_OP)

RISCV_HANDLER(riscv_op_jal)
{
    uint64_t target = insn->pc + (uint64_t)insn->imm;

    if (jump_ok(cpu, insn, target)) {
        X(rd) = insn->pc + insn->len;
        cpu->pc = target;
        RISCV_CHAIN_SLOT(cpu, insn, 0);
    }
}

RISCV_HANDLER(riscv_op_jalr)
{
    uint64_t target = (X(rs1) + (uint64_t)insn->imm) & ~1ULL;

    if (jump_ok(cpu, insn, target)) {
        X(rd) = insn->pc + insn->len;
        cpu->pc = target;
        RISCV_CHAIN(cpu, insn);
    }
}

/* What an undecodable or disabled encoding runs. */
RISCV_HANDLER(riscv_op_illegal)
{
    riscv_raise_illegal(cpu, insn);
}

/* Forwarding: which records hand their result on, and the forms of each
 * record that can take an operand from fwd. */
#define R_FORMS(name, expr) { name, name##_f1, name##_f2, true },
#define I_FORMS(name, expr) { name, name##_f1, NULL, true },
#define LOAD_FORMS(name, type, size) { name, name##_f1, NULL, true },
#define STORE_FORMS(name, type, size) { name, name##_f1, name##_f2, false },
#define BRANCH_FORMS(name, cond) { name, name##_f1, name##_f2, false },

static const RiscvFwdForms fwd_forms[] = {
    { riscv_op_li, NULL, NULL, true },
    R_OPS(R_FORMS)
    I_OPS(I_FORMS)
    LOAD_OPS(LOAD_FORMS)
    STORE_OPS(STORE_FORMS)
    BRANCH_OPS(BRANCH_FORMS)
};

static gpointer index_fwd_forms(gpointer unused)
{
    GHashTable *index = g_hash_table_new(g_direct_hash, g_direct_equal);

    for (size_t i = 0; i < G_N_ELEMENTS(fwd_forms); i++) {
        g_hash_table_insert(index, (gpointer)fwd_forms[i].base,
                            (gpointer)&fwd_forms[i]);
    }
    return index;
}

const RiscvFwdForms *riscv_fwd_forms_of(RiscvHandler *base)
{
    static GOnce once = G_ONCE_INIT;
    GHashTable *index = g_once(&once, index_fwd_forms, NULL);

    return g_hash_table_lookup(index, (gpointer)base);
}
