/* F and D: the host's IEEE 754 arithmetic under the guest's rounding mode,
 * with the ISA's rules on top: NaN-boxing of singles, the canonical NaN
 * for every NaN result, fmin/fmax and comparison NaN rules, saturating
 * conversions to integers, fclass, and fflags gathered from the host's
 * exception flags. The host has no round-to-nearest-max-magnitude (RMM):
 * it is derived from the round-to-nearest-even result and the exact error
 * of the operation, which tells a tie (only ties differ). Fused
 * multiply-add finds its ties exactly too: singles through a
 * round-to-odd double, doubles by summing the exact parts of a*b + c
 * minus the halfway point without error (rmm_fma_*). See
 * riscv-internal.h.
 *
 * Compiled with -frounding-math -fno-fast-math: the host's rounding mode
 * and flags are state the compiler must not reorder around. */
#include <fenv.h>
#include <math.h>
#include <string.h>

#include "riscv-insn.h"

#define likely(c) __builtin_expect(!!(c), 1)
#define unlikely(c) __builtin_expect(!!(c), 0)

enum { RM_RNE, RM_RTZ, RM_RDN, RM_RUP, RM_RMM, RM_DYN = 7 };
enum { FF_NX = 1, FF_UF = 2, FF_OF = 4, FF_DZ = 8, FF_NV = 16 };

#define CANON_NAN_S 0x7fc00000u
#define CANON_NAN_D 0x7ff8000000000000ULL
#define BOX_S 0xffffffff00000000ULL

/* Keeps the compiler from moving a value's computation across the
 * rounding-mode and flag calls. */
#define FP_BARRIER(v) __asm__ volatile("" : "+m"(v))

static inline uint32_t f32_bits(float f)
{
    uint32_t u;

    memcpy(&u, &f, 4);
    return u;
}

static inline float f32_from(uint32_t u)
{
    float f;

    memcpy(&f, &u, 4);
    return f;
}

static inline uint64_t f64_bits(double d)
{
    uint64_t u;

    memcpy(&u, &d, 8);
    return u;
}

static inline double f64_from(uint64_t u)
{
    double d;

    memcpy(&d, &u, 8);
    return d;
}

/* A single read from a register: anything not NaN-boxed is the canonical
 * NaN. */
static inline uint32_t unbox_bits(uint64_t v)
{
    return (v >> 32) == 0xffffffffu ? (uint32_t)v : CANON_NAN_S;
}

static inline float unbox(uint64_t v)
{
    return f32_from(unbox_bits(v));
}

static inline uint64_t box_bits(uint32_t u)
{
    return BOX_S | u;
}

static inline uint64_t box_canon(float f)
{
    return isnan(f) ? box_bits(CANON_NAN_S) : box_bits(f32_bits(f));
}

static inline uint64_t canon_d(double d)
{
    return isnan(d) ? CANON_NAN_D : f64_bits(d);
}

static inline bool is_snan_s(uint32_t u)
{
    return (u & 0x7f800000u) == 0x7f800000u && (u & 0x7fffffu) &&
           !(u & 0x400000u);
}

static inline bool is_snan_d(uint64_t u)
{
    return (u & 0x7ff0000000000000ULL) == 0x7ff0000000000000ULL &&
           (u & 0xfffffffffffffULL) && !(u & 0x8000000000000ULL);
}

static const int host_rounding[5] = {
    FE_TONEAREST, FE_TOWARDZERO, FE_DOWNWARD, FE_UPWARD, FE_TONEAREST,
};

/* The instruction's rounding mode, or -1 (illegal) for a reserved one. */
static inline int insn_rm(RiscvCpu *cpu, const RiscvInsn *insn)
{
    int rm = insn->rm == RM_DYN ? cpu->frm : insn->rm;

    return rm <= RM_RMM ? rm : -1;
}

static inline void fp_begin(int rm)
{
    feclearexcept(FE_ALL_EXCEPT);
    if (rm != RM_RNE && rm != RM_RMM) {
        fesetround(host_rounding[rm]);
    }
}

static inline void fp_end(RiscvCpu *cpu, int rm)
{
    int ex = fetestexcept(FE_ALL_EXCEPT);

    if (rm != RM_RNE && rm != RM_RMM) {
        fesetround(FE_TONEAREST);
    }
    if (ex) {
        cpu->fflags |= ((ex & FE_INEXACT) ? FF_NX : 0) |
                       ((ex & FE_UNDERFLOW) ? FF_UF : 0) |
                       ((ex & FE_OVERFLOW) ? FF_OF : 0) |
                       ((ex & FE_DIVBYZERO) ? FF_DZ : 0) |
                       ((ex & FE_INVALID) ? FF_NV : 0);
    }
}

/* RMM from a nearest-even result r and the exact error err (exact result
 * = r + err): only a tie that nearest-even broke towards zero differs. */
static double rmm_fix_d(double r, double err)
{
    double away;

    if (err == 0 || isnan(err) || isnan(r) || isinf(r) ||
        signbit(err) != signbit(r)) {
        return r;
    }
    away = nextafter(r, copysign(INFINITY, r));
    return fabs(err) * 2 == fabs(away - r) ? away : r;
}

static float rmm_fix_s(float r, double err)
{
    float away;

    if (err == 0 || isnan(err) || isnan(r) || isinf(r) ||
        signbit(err) != signbit(r)) {
        return r;
    }
    away = nextafterf(r, copysignf(INFINITY, r));
    return fabs(err) * 2 == fabs((double)away - (double)r) ? away : r;
}

/* a + b as s + err exactly (Knuth's TwoSum; round to nearest). */
static inline double two_sum(double a, double b, double *err)
{
    double s = a + b, bv = s - a, av = s - bv;

    *err = (a - av) + (b - bv);
    return s;
}

/* Whether the n doubles in x sum to exactly zero. Grows an exact
 * expansion term by term (Shewchuk): its parts do not overlap, so they
 * cannot cancel, and the sum is zero only when each part is. Overflow
 * leaves an infinity or a NaN behind, which is not zero: no tie. */
static bool exact_sum_is_zero(const double *x, unsigned n)
{
    double parts[8];
    unsigned len = 0;

    for (unsigned i = 0; i < n; i++) {
        double q = x[i];
        unsigned out = 0;

        for (unsigned j = 0; j < len; j++) {
            double err;

            q = two_sum(q, parts[j], &err);
            if (err != 0) {
                parts[out++] = err;
            }
        }
        parts[out++] = q;
        len = out;
    }
    for (unsigned i = 0; i < len; i++) {
        if (parts[i] != 0) {
            return false;
        }
    }
    return true;
}

/* RMM for a*b + c from its nearest-even result r: r's neighbour away from
 * zero when a*b + c lies exactly halfway between them. a*b is exactly
 * ph + pl (pl from fma) unless the product underflows, where ties are
 * left to nearest-even. Runs in round-to-nearest; its own flags are the
 * caller's to discard. */
static double rmm_fma_d(double a, double b, double c, double r)
{
    double away, half, ph, pl;

    if (!isfinite(r) || r == 0) {
        return r;
    }
    away = nextafter(r, copysign(INFINITY, r));
    half = (away - r) / 2;
    ph = a * b;
    if (!isfinite(away) || half * 2 != away - r || !isfinite(ph) ||
        (ph != 0 && fabs(ph) < 0x1p-969)) {
        return r;
    }
    pl = fma(a, b, -ph);
    return exact_sum_is_zero((const double[]){ ph, pl, c, -r, -half }, 5)
           ? away : r;
}

/* The same for singles: a*b + c in double, rounded toward zero. A single
 * is halfway between two singles when the double is; just past halfway
 * (away from zero) it truncates onto the halfway point, where rounding
 * away is right anyway, and just short of it never does. (Nearest would
 * round a sum just short of halfway onto it: a false tie.) */
static float rmm_fma_s(float a, float b, float c, float r)
{
    double d;

    fesetround(FE_TOWARDZERO);
    d = fma((double)a, (double)b, (double)c);
    __asm__ volatile("" : "+m"(d));
    fesetround(FE_TONEAREST);
    return rmm_fix_s(r, d - (double)r);
}

/* The common opening: F enabled in mstatus and a legal rounding mode. */
#define FP_ENTER(rm_var)                                                   \
    int rm_var = insn_rm(cpu, insn);                                       \
    if (unlikely(!(cpu->mstatus & MSTATUS_FS) || rm_var < 0)) {            \
        riscv_raise_illegal(cpu, insn);                                    \
        return;                                                            \
    }

#define FP_ENTER_NO_RM()                                                   \
    if (unlikely(!(cpu->mstatus & MSTATUS_FS))) {                          \
        riscv_raise_illegal(cpu, insn);                                    \
        return;                                                            \
    }

#define FP_DIRTY() (cpu->mstatus |= MSTATUS_FS)
#define F(r) (cpu->f[insn->r])

/* Arithmetic. rmm_exact computes, for RMM, the exact (or innocuously
 * rounded) result in double for singles, or the exact error for doubles. */
#define FP_BINOP_S(name, op)                                               \
    RISCV_HANDLER(name)                                                    \
    {                                                                      \
        FP_ENTER(rm);                                                      \
        float a = unbox(F(rs1)), b = unbox(F(rs2)), r;                     \
        FP_BARRIER(a);                                                     \
        FP_BARRIER(b);                                                     \
        fp_begin(rm);                                                      \
        r = a op b;                                                        \
        FP_BARRIER(r);                                                     \
        fp_end(cpu, rm);                                                   \
        if (rm == RM_RMM) {                                                \
            r = rmm_fix_s(r, ((double)a op (double)b) - (double)r);  \
        }                                                                  \
        F(rd) = box_canon(r);                                              \
        FP_DIRTY();                                                        \
        RISCV_NEXT(cpu, insn);                                             \
    }

FP_BINOP_S(riscv_op_fadd_s, +)
FP_BINOP_S(riscv_op_fsub_s, -)
FP_BINOP_S(riscv_op_fmul_s, *)
FP_BINOP_S(riscv_op_fdiv_s, /)

/* Exact errors of double operations, computed in nearest-even. */
static double add_err(double a, double b, double s)
{
    double bb = s - a;

    return (a - (s - bb)) + (b - bb);
}

static double rmm_add(double a, double b, double r)
{
    return rmm_fix_d(r, add_err(a, b, r));
}

static double rmm_sub(double a, double b, double r)
{
    return rmm_fix_d(r, add_err(a, -b, r));
}

/* Near the subnormal range the product's error is not representable:
 * redo it scaled up by 2^600 (scaling the smaller operand cannot
 * overflow when the product is that small), where it is. */
static double rmm_mul(double a, double b, double r)
{
    double x = fabs(a) <= fabs(b) ? a : b;
    double y = fabs(a) <= fabs(b) ? b : a;
    double xs, p, e, d, away;

    if (!(fabs(r) < 0x1p-1000)) {
        return rmm_fix_d(r, fma(a, b, -r));
    }
    xs = x * 0x1p600;
    p = xs * y;
    e = fma(xs, y, -p);
    d = p - r * 0x1p600;
    if (e != 0 || d == 0 || isnan(d) || signbit(d) != signbit(r)) {
        return r;
    }
    away = nextafter(r, copysign(INFINITY, r));
    return fabs(d) * 2 == fabs(away - r) * 0x1p600 ? away : r;
}

/* a / b = r + rem / b, rem exact; a tie is rem / b = half the gap. */
static double rmm_div(double a, double b, double r)
{
    double rem = fma(-r, b, a);
    double away;

    if (rem == 0 || isnan(rem) || isinf(r) || isnan(r) ||
        (signbit(rem) != signbit(b)) != signbit(r)) {
        return r;
    }
    away = nextafter(r, copysign(INFINITY, r));
    return fabs(rem) == fabs((away - r) / 2 * b) ? away : r;
}

#define FP_BINOP_D(name, op, rmm)                                          \
    RISCV_HANDLER(name)                                                    \
    {                                                                      \
        FP_ENTER(rm);                                                      \
        double a = f64_from(F(rs1)), b = f64_from(F(rs2)), r;              \
        FP_BARRIER(a);                                                     \
        FP_BARRIER(b);                                                     \
        fp_begin(rm);                                                      \
        r = a op b;                                                        \
        FP_BARRIER(r);                                                     \
        fp_end(cpu, rm);                                                   \
        if (rm == RM_RMM) {                                                \
            r = rmm(a, b, r);                                              \
        }                                                                  \
        F(rd) = canon_d(r);                                                \
        FP_DIRTY();                                                        \
        RISCV_NEXT(cpu, insn);                                             \
    }

FP_BINOP_D(riscv_op_fadd_d, +, rmm_add)
FP_BINOP_D(riscv_op_fsub_d, -, rmm_sub)
FP_BINOP_D(riscv_op_fmul_d, *, rmm_mul)
FP_BINOP_D(riscv_op_fdiv_d, /, rmm_div)

/* A square root is never exactly halfway between two floats, so RMM and
 * nearest-even agree. */
RISCV_HANDLER(riscv_op_fsqrt_s)
{
    FP_ENTER(rm);
    float a = unbox(F(rs1)), r;

    FP_BARRIER(a);
    fp_begin(rm);
    r = sqrtf(a);
    FP_BARRIER(r);
    fp_end(cpu, rm);
    F(rd) = box_canon(r);
    FP_DIRTY();
    RISCV_NEXT(cpu, insn);
}

RISCV_HANDLER(riscv_op_fsqrt_d)
{
    FP_ENTER(rm);
    double a = f64_from(F(rs1)), r;

    FP_BARRIER(a);
    fp_begin(rm);
    r = sqrt(a);
    FP_BARRIER(r);
    fp_end(cpu, rm);
    F(rd) = canon_d(r);
    FP_DIRTY();
    RISCV_NEXT(cpu, insn);
}

/* Fused multiply-add family: neg_prod negates a*b, neg_add negates c. */
#define FP_FMA_S(name, neg_prod, neg_add)                                  \
    RISCV_HANDLER(name)                                                    \
    {                                                                      \
        FP_ENTER(rm);                                                      \
        float a = unbox(F(rs1)), b = unbox(F(rs2)), c = unbox(F(rs3)), r;  \
        if (neg_prod) {                                                    \
            a = -a;                                                        \
        }                                                                  \
        if (neg_add) {                                                     \
            c = -c;                                                        \
        }                                                                  \
        FP_BARRIER(a);                                                     \
        FP_BARRIER(b);                                                     \
        FP_BARRIER(c);                                                     \
        fp_begin(rm);                                                      \
        r = fmaf(a, b, c);                                                 \
        FP_BARRIER(r);                                                     \
        fp_end(cpu, rm);                                                   \
        if (rm == RM_RMM) {                                                \
            r = rmm_fma_s(a, b, c, r);                                     \
        }                                                                  \
        if ((isinf(a) && b == 0) || (a == 0 && isinf(b))) {                \
            cpu->fflags |= FF_NV;   /* even when c is a quiet NaN */       \
        }                                                                  \
        F(rd) = box_canon(r);                                              \
        FP_DIRTY();                                                        \
        RISCV_NEXT(cpu, insn);                                             \
    }

#define FP_FMA_D(name, neg_prod, neg_add)                                  \
    RISCV_HANDLER(name)                                                    \
    {                                                                      \
        FP_ENTER(rm);                                                      \
        double a = f64_from(F(rs1)), b = f64_from(F(rs2)),                 \
               c = f64_from(F(rs3)), r;                                    \
        if (neg_prod) {                                                    \
            a = -a;                                                        \
        }                                                                  \
        if (neg_add) {                                                     \
            c = -c;                                                        \
        }                                                                  \
        FP_BARRIER(a);                                                     \
        FP_BARRIER(b);                                                     \
        FP_BARRIER(c);                                                     \
        fp_begin(rm);                                                      \
        r = fma(a, b, c);                                                  \
        FP_BARRIER(r);                                                     \
        fp_end(cpu, rm);                                                   \
        if (rm == RM_RMM) {                                                \
            r = rmm_fma_d(a, b, c, r);                                     \
        }                                                                  \
        if ((isinf(a) && b == 0) || (a == 0 && isinf(b))) {                \
            cpu->fflags |= FF_NV;   /* even when c is a quiet NaN */       \
        }                                                                  \
        F(rd) = canon_d(r);                                                \
        FP_DIRTY();                                                        \
        RISCV_NEXT(cpu, insn);                                             \
    }

/* Negating a NaN operand only flips its sign; the result is canonical
 * anyway and the invalid flag depends on signalling-ness, not sign. */
FP_FMA_S(riscv_op_fmadd_s, false, false)
FP_FMA_S(riscv_op_fmsub_s, false, true)
FP_FMA_S(riscv_op_fnmsub_s, true, false)
FP_FMA_S(riscv_op_fnmadd_s, true, true)
FP_FMA_D(riscv_op_fmadd_d, false, false)
FP_FMA_D(riscv_op_fmsub_d, false, true)
FP_FMA_D(riscv_op_fnmsub_d, true, false)
FP_FMA_D(riscv_op_fnmadd_d, true, true)

/* Sign injection works on the bits; a single that is not NaN-boxed is the
 * canonical NaN. */
#define FP_SGNJ(name, single, expr)                                        \
    RISCV_HANDLER(name)                                                    \
    {                                                                      \
        FP_ENTER_NO_RM();                                                  \
        uint64_t sign = single ? 0x80000000u : 0x8000000000000000ULL;      \
        uint64_t a = single ? unbox_bits(F(rs1)) : F(rs1);                 \
        uint64_t b = single ? unbox_bits(F(rs2)) : F(rs2);                 \
        uint64_t r = (a & ~sign) | ((expr) & sign);                        \
        F(rd) = single ? box_bits((uint32_t)r) : r;                        \
        FP_DIRTY();                                                        \
        RISCV_NEXT(cpu, insn);                                             \
    }

FP_SGNJ(riscv_op_fsgnj_s, true, b)
FP_SGNJ(riscv_op_fsgnjn_s, true, ~b)
FP_SGNJ(riscv_op_fsgnjx_s, true, a ^ b)
FP_SGNJ(riscv_op_fsgnj_d, false, b)
FP_SGNJ(riscv_op_fsgnjn_d, false, ~b)
FP_SGNJ(riscv_op_fsgnjx_d, false, a ^ b)

/* fmin/fmax (IEEE 754-2019 minimumNumber/maximumNumber): a NaN operand
 * loses to a number, two NaNs give the canonical NaN, a signalling NaN
 * raises invalid, and -0 is below +0. */
static uint64_t minmax_s(RiscvCpu *cpu, uint32_t a, uint32_t b, bool max)
{
    float fa = f32_from(a), fb = f32_from(b);

    if (is_snan_s(a) || is_snan_s(b)) {
        cpu->fflags |= FF_NV;
    }
    if (isnan(fa) && isnan(fb)) {
        return box_bits(CANON_NAN_S);
    }
    if (isnan(fa)) {
        return box_bits(b);
    }
    if (isnan(fb)) {
        return box_bits(a);
    }
    if (fa == fb) {     /* equal, or zeros of either sign */
        return box_bits(max ? (a & b) : (a | b));
    }
    return box_bits((fa < fb) != max ? a : b);
}

static uint64_t minmax_d(RiscvCpu *cpu, uint64_t a, uint64_t b, bool max)
{
    double fa = f64_from(a), fb = f64_from(b);

    if (is_snan_d(a) || is_snan_d(b)) {
        cpu->fflags |= FF_NV;
    }
    if (isnan(fa) && isnan(fb)) {
        return CANON_NAN_D;
    }
    if (isnan(fa)) {
        return b;
    }
    if (isnan(fb)) {
        return a;
    }
    if (fa == fb) {
        return max ? (a & b) : (a | b);
    }
    return (fa < fb) != max ? a : b;
}

#define FP_MINMAX(name, single, max)                                       \
    RISCV_HANDLER(name)                                                    \
    {                                                                      \
        FP_ENTER_NO_RM();                                                  \
        F(rd) = single ? minmax_s(cpu, unbox_bits(F(rs1)),                 \
                                  unbox_bits(F(rs2)), max)                 \
                       : minmax_d(cpu, F(rs1), F(rs2), max);               \
        FP_DIRTY();                                                        \
        RISCV_NEXT(cpu, insn);                                             \
    }

FP_MINMAX(riscv_op_fmin_s, true, false)
FP_MINMAX(riscv_op_fmax_s, true, true)
FP_MINMAX(riscv_op_fmin_d, false, false)
FP_MINMAX(riscv_op_fmax_d, false, true)

/* Comparisons write an integer register. feq is quiet (invalid only for a
 * signalling NaN); flt and fle signal on any NaN. */
enum { CMP_EQ, CMP_LT, CMP_LE };

static uint64_t compare(RiscvCpu *cpu, double a, double b, bool snan,
                        int kind)
{
    if (isnan(a) || isnan(b)) {
        if (kind != CMP_EQ || snan) {
            cpu->fflags |= FF_NV;
        }
        return 0;
    }
    return kind == CMP_EQ ? a == b : kind == CMP_LT ? a < b : a <= b;
}

#define FP_CMP(name, single, kind)                                         \
    RISCV_HANDLER(name)                                                    \
    {                                                                      \
        FP_ENTER_NO_RM();                                                  \
        uint64_t r;                                                        \
        if (single) {                                                      \
            uint32_t a = unbox_bits(F(rs1)), b = unbox_bits(F(rs2));       \
            r = compare(cpu, f32_from(a), f32_from(b),                     \
                        is_snan_s(a) || is_snan_s(b), kind);               \
        } else {                                                           \
            r = compare(cpu, f64_from(F(rs1)), f64_from(F(rs2)),           \
                        is_snan_d(F(rs1)) || is_snan_d(F(rs2)), kind);     \
        }                                                                  \
        cpu->x[insn->rd] = r;                                              \
        FP_DIRTY();                                                        \
        RISCV_NEXT(cpu, insn);                                             \
    }

FP_CMP(riscv_op_feq_s, true, CMP_EQ)
FP_CMP(riscv_op_flt_s, true, CMP_LT)
FP_CMP(riscv_op_fle_s, true, CMP_LE)
FP_CMP(riscv_op_feq_d, false, CMP_EQ)
FP_CMP(riscv_op_flt_d, false, CMP_LT)
FP_CMP(riscv_op_fle_d, false, CMP_LE)

/* fclass: one bit of ten. */
static uint64_t classify(bool neg, bool inf, bool nan, bool snan, bool zero,
                         bool subnormal)
{
    if (nan) {
        return snan ? 1u << 8 : 1u << 9;
    }
    if (inf) {
        return neg ? 1u << 0 : 1u << 7;
    }
    if (zero) {
        return neg ? 1u << 3 : 1u << 4;
    }
    if (subnormal) {
        return neg ? 1u << 2 : 1u << 5;
    }
    return neg ? 1u << 1 : 1u << 6;
}

RISCV_HANDLER(riscv_op_fclass_s)
{
    FP_ENTER_NO_RM();
    uint32_t u = unbox_bits(F(rs1));
    uint32_t e = (u >> 23) & 0xff, m = u & 0x7fffff;

    cpu->x[insn->rd] = classify(u >> 31, e == 0xff && !m, e == 0xff && m,
                                is_snan_s(u), !e && !m, !e && m);
    RISCV_NEXT(cpu, insn);
}

RISCV_HANDLER(riscv_op_fclass_d)
{
    FP_ENTER_NO_RM();
    uint64_t u = F(rs1);
    uint64_t e = (u >> 52) & 0x7ff, m = u & 0xfffffffffffffULL;

    cpu->x[insn->rd] = classify(u >> 63, e == 0x7ff && !m, e == 0x7ff && m,
                                is_snan_d(u), !e && !m, !e && m);
    RISCV_NEXT(cpu, insn);
}

/* Float to integer: round in the instruction's mode, then saturate. NaN
 * gives the largest value; out of range (infinities too) saturates with
 * invalid and no inexact; in range but not integral is inexact. */
static double round_to_integral(double v, int rm)
{
    switch (rm) {
    case RM_RTZ: return trunc(v);
    case RM_RDN: return floor(v);
    case RM_RUP: return ceil(v);
    case RM_RMM: return round(v);
    default: return nearbyint(v);   /* the host is in nearest-even */
    }
}

enum { CVT_W, CVT_WU, CVT_L, CVT_LU };

static uint64_t to_int(RiscvCpu *cpu, double v, int rm, int kind)
{
    static const double lo[4] = { -2147483648.0, 0.0,
                                  -9223372036854775808.0, 0.0 };
    /* Exclusive upper bounds: 2^31, 2^32, 2^63, 2^64. */
    static const double hi[4] = { 2147483648.0, 4294967296.0,
                                  9223372036854775808.0,
                                  18446744073709551616.0 };
    static const uint64_t max[4] = { 0x7fffffff, UINT64_MAX,
                                     INT64_MAX, UINT64_MAX };
    static const uint64_t min[4] = { (uint64_t)(int64_t)INT32_MIN, 0,
                                     (uint64_t)INT64_MIN, 0 };
    double r;

    if (isnan(v)) {
        cpu->fflags |= FF_NV;
        return max[kind];
    }
    r = round_to_integral(v, rm);
    if (r < lo[kind] || r >= hi[kind]) {
        cpu->fflags |= FF_NV;
        return r < 0 ? min[kind] : max[kind];
    }
    if (r != v) {
        cpu->fflags |= FF_NX;
    }
    switch (kind) {
    case CVT_W:
        return (uint64_t)(int64_t)(int32_t)r;
    case CVT_WU:
        /* The 32-bit result is sign-extended, as every W result. */
        return (uint64_t)(int64_t)(int32_t)(uint32_t)r;
    case CVT_L:
        return (uint64_t)(int64_t)r;
    default:
        return (uint64_t)r;
    }
}

#define FP_CVT_TO_INT(name, single, kind)                                  \
    RISCV_HANDLER(name)                                                    \
    {                                                                      \
        FP_ENTER(rm);                                                      \
        double v = single ? (double)unbox(F(rs1)) : f64_from(F(rs1));      \
        cpu->x[insn->rd] = to_int(cpu, v, rm, kind);                       \
        FP_DIRTY();                                                        \
        RISCV_NEXT(cpu, insn);                                             \
    }

FP_CVT_TO_INT(riscv_op_fcvt_w_s, true, CVT_W)
FP_CVT_TO_INT(riscv_op_fcvt_wu_s, true, CVT_WU)
FP_CVT_TO_INT(riscv_op_fcvt_l_s, true, CVT_L)
FP_CVT_TO_INT(riscv_op_fcvt_lu_s, true, CVT_LU)
FP_CVT_TO_INT(riscv_op_fcvt_w_d, false, CVT_W)
FP_CVT_TO_INT(riscv_op_fcvt_wu_d, false, CVT_WU)
FP_CVT_TO_INT(riscv_op_fcvt_l_d, false, CVT_L)
FP_CVT_TO_INT(riscv_op_fcvt_lu_d, false, CVT_LU)

/* Integer to float. The source as an exact 128-bit value; RMM from the
 * nearest-even result and its (exact, small) error. */
static __int128 int_source(uint64_t x, int kind)
{
    switch (kind) {
    case CVT_W: return (int32_t)x;
    case CVT_WU: return (uint32_t)x;
    case CVT_L: return (int64_t)x;
    default: return (__int128)x;
    }
}

#define FP_CVT_FROM_INT(name, single, kind)                                \
    RISCV_HANDLER(name)                                                    \
    {                                                                      \
        FP_ENTER(rm);                                                      \
        __int128 v = int_source(cpu->x[insn->rs1], kind);                  \
        fp_begin(rm);                                                      \
        if (single) {                                                      \
            float r = (kind == CVT_LU || kind == CVT_WU)                   \
                      ? (float)(uint64_t)v : (float)(int64_t)v;            \
            FP_BARRIER(r);                                                 \
            fp_end(cpu, rm);                                               \
            if (rm == RM_RMM) {                                            \
                r = rmm_fix_s(r, (double)(v - (__int128)r));        \
            }                                                              \
            F(rd) = box_bits(f32_bits(r));                                 \
        } else {                                                           \
            double r = (kind == CVT_LU || kind == CVT_WU)                  \
                       ? (double)(uint64_t)v : (double)(int64_t)v;         \
            FP_BARRIER(r);                                                 \
            fp_end(cpu, rm);                                               \
            if (rm == RM_RMM) {                                            \
                r = rmm_fix_d(r, (double)(v - (__int128)r));               \
            }                                                              \
            F(rd) = f64_bits(r);                                           \
        }                                                                  \
        FP_DIRTY();                                                        \
        RISCV_NEXT(cpu, insn);                                             \
    }

FP_CVT_FROM_INT(riscv_op_fcvt_s_w, true, CVT_W)
FP_CVT_FROM_INT(riscv_op_fcvt_s_wu, true, CVT_WU)
FP_CVT_FROM_INT(riscv_op_fcvt_s_l, true, CVT_L)
FP_CVT_FROM_INT(riscv_op_fcvt_s_lu, true, CVT_LU)
FP_CVT_FROM_INT(riscv_op_fcvt_d_w, false, CVT_W)
FP_CVT_FROM_INT(riscv_op_fcvt_d_wu, false, CVT_WU)
FP_CVT_FROM_INT(riscv_op_fcvt_d_l, false, CVT_L)
FP_CVT_FROM_INT(riscv_op_fcvt_d_lu, false, CVT_LU)

RISCV_HANDLER(riscv_op_fcvt_s_d)
{
    FP_ENTER(rm);
    double a = f64_from(F(rs1));
    float r;

    FP_BARRIER(a);
    fp_begin(rm);
    r = (float)a;
    FP_BARRIER(r);
    fp_end(cpu, rm);
    if (rm == RM_RMM) {
        r = rmm_fix_s(r, a - (double)r);
    }
    F(rd) = box_canon(r);
    FP_DIRTY();
    RISCV_NEXT(cpu, insn);
}

RISCV_HANDLER(riscv_op_fcvt_d_s)
{
    FP_ENTER(rm);
    uint32_t u = unbox_bits(F(rs1));

    if (is_snan_s(u)) {
        cpu->fflags |= FF_NV;
    }
    F(rd) = canon_d((double)f32_from(u));
    FP_DIRTY();
    RISCV_NEXT(cpu, insn);
}

/* Moves: bits unchanged (fmv.x.w sign-extends the low word, boxed or
 * not). */
RISCV_HANDLER(riscv_op_fmv_x_w)
{
    FP_ENTER_NO_RM();
    cpu->x[insn->rd] = (uint64_t)(int64_t)(int32_t)(uint32_t)F(rs1);
    RISCV_NEXT(cpu, insn);
}

RISCV_HANDLER(riscv_op_fmv_x_d)
{
    FP_ENTER_NO_RM();
    cpu->x[insn->rd] = F(rs1);
    RISCV_NEXT(cpu, insn);
}

RISCV_HANDLER(riscv_op_fmv_w_x)
{
    FP_ENTER_NO_RM();
    F(rd) = box_bits((uint32_t)cpu->x[insn->rs1]);
    FP_DIRTY();
    RISCV_NEXT(cpu, insn);
}

RISCV_HANDLER(riscv_op_fmv_d_x)
{
    FP_ENTER_NO_RM();
    F(rd) = cpu->x[insn->rs1];
    FP_DIRTY();
    RISCV_NEXT(cpu, insn);
}

/* Loads and stores through the same TLB as the integer ones. */
RISCV_HANDLER(riscv_op_flw)
{
    FP_ENTER_NO_RM();
    uint64_t va = cpu->x[insn->rs1] + (uint64_t)insn->imm;
    void *p = riscv_tlb_lookup(cpu, RISCV_ACCESS_READ, va, 4);
    uint32_t v;

    if (likely(p)) {
        memcpy(&v, p, 4);
    } else {
        uint64_t slow;

        if (!riscv_load_slow(cpu, insn, va, 4, &slow)) {
            return;
        }
        v = (uint32_t)slow;
    }
    F(rd) = box_bits(v);
    FP_DIRTY();
    RISCV_NEXT(cpu, insn);
}

RISCV_HANDLER(riscv_op_fld)
{
    FP_ENTER_NO_RM();
    uint64_t va = cpu->x[insn->rs1] + (uint64_t)insn->imm;
    void *p = riscv_tlb_lookup(cpu, RISCV_ACCESS_READ, va, 8);
    uint64_t v;

    if (likely(p)) {
        memcpy(&v, p, 8);
    } else if (!riscv_load_slow(cpu, insn, va, 8, &v)) {
        return;
    }
    F(rd) = v;
    FP_DIRTY();
    RISCV_NEXT(cpu, insn);
}

#define FP_STORE(name, size)                                               \
    RISCV_HANDLER(name)                                                    \
    {                                                                      \
        FP_ENTER_NO_RM();                                                  \
        uint64_t va = cpu->x[insn->rs1] + (uint64_t)insn->imm;             \
        uint64_t v = F(rs2);                                               \
        void *p = riscv_tlb_lookup(cpu, RISCV_ACCESS_WRITE, va, size);     \
        if (likely(p)) {                                                   \
            memcpy(p, &v, size);                                           \
        } else if (!riscv_store_slow(cpu, insn, va, size, v)) {            \
            return;                                                        \
        }                                                                  \
        RISCV_NEXT(cpu, insn);                                             \
    }

FP_STORE(riscv_op_fsw, 4)
FP_STORE(riscv_op_fsd, 8)

/* Decoding: F and D encodings, nothing else. The S and D forms sit at
 * even and odd funct7 (fmt = bit 25). */
static RiscvHandler *decode_op_fp(const RiscvFeatures *ft, uint32_t raw,
                                  bool *int_rd)
{
    uint32_t f7 = raw >> 25, f3 = (raw >> 12) & 7, rs2 = (raw >> 20) & 31;
    bool d = f7 & 1;

    if (d ? !ft->d : !ft->f) {
        return NULL;
    }
    switch (f7 & ~1u) {
    case 0x00: return d ? riscv_op_fadd_d : riscv_op_fadd_s;
    case 0x04: return d ? riscv_op_fsub_d : riscv_op_fsub_s;
    case 0x08: return d ? riscv_op_fmul_d : riscv_op_fmul_s;
    case 0x0c: return d ? riscv_op_fdiv_d : riscv_op_fdiv_s;
    case 0x2c:
        if (rs2) {
            return NULL;
        }
        return d ? riscv_op_fsqrt_d : riscv_op_fsqrt_s;
    case 0x10:
        switch (f3) {
        case 0: return d ? riscv_op_fsgnj_d : riscv_op_fsgnj_s;
        case 1: return d ? riscv_op_fsgnjn_d : riscv_op_fsgnjn_s;
        case 2: return d ? riscv_op_fsgnjx_d : riscv_op_fsgnjx_s;
        default: return NULL;
        }
    case 0x14:
        switch (f3) {
        case 0: return d ? riscv_op_fmin_d : riscv_op_fmin_s;
        case 1: return d ? riscv_op_fmax_d : riscv_op_fmax_s;
        default: return NULL;
        }
    case 0x20:
        /* fcvt.s.d (fmt S, rs2 = 1) and fcvt.d.s (fmt D, rs2 = 0) */
        if (!d && rs2 == 1 && ft->d) {
            return riscv_op_fcvt_s_d;
        }
        if (d && rs2 == 0) {
            return riscv_op_fcvt_d_s;
        }
        return NULL;
    case 0x50:
        *int_rd = true;
        switch (f3) {
        case 2: return d ? riscv_op_feq_d : riscv_op_feq_s;
        case 1: return d ? riscv_op_flt_d : riscv_op_flt_s;
        case 0: return d ? riscv_op_fle_d : riscv_op_fle_s;
        default: return NULL;
        }
    case 0x60: {
        static RiscvHandler *const s[4] = {
            riscv_op_fcvt_w_s, riscv_op_fcvt_wu_s,
            riscv_op_fcvt_l_s, riscv_op_fcvt_lu_s,
        };
        static RiscvHandler *const dd[4] = {
            riscv_op_fcvt_w_d, riscv_op_fcvt_wu_d,
            riscv_op_fcvt_l_d, riscv_op_fcvt_lu_d,
        };
        *int_rd = true;
        return rs2 < 4 ? (d ? dd[rs2] : s[rs2]) : NULL;
    }
    case 0x68: {
        static RiscvHandler *const s[4] = {
            riscv_op_fcvt_s_w, riscv_op_fcvt_s_wu,
            riscv_op_fcvt_s_l, riscv_op_fcvt_s_lu,
        };
        static RiscvHandler *const dd[4] = {
            riscv_op_fcvt_d_w, riscv_op_fcvt_d_wu,
            riscv_op_fcvt_d_l, riscv_op_fcvt_d_lu,
        };
        return rs2 < 4 ? (d ? dd[rs2] : s[rs2]) : NULL;
    }
    case 0x70:
        *int_rd = true;
        if (rs2) {
            return NULL;
        }
        if (f3 == 0) {
            return d ? riscv_op_fmv_x_d : riscv_op_fmv_x_w;
        }
        if (f3 == 1) {
            return d ? riscv_op_fclass_d : riscv_op_fclass_s;
        }
        return NULL;
    case 0x78:
        if (rs2 || f3) {
            return NULL;
        }
        return d ? riscv_op_fmv_d_x : riscv_op_fmv_w_x;
    default:
        return NULL;
    }
}

bool riscv_fp_decode(RiscvCpu *cpu, RiscvInsn *insn, uint32_t raw)
{
    const RiscvFeatures *ft = &cpu->feat;
    uint32_t op = raw & 0x7f, f3 = (raw >> 12) & 7;
    uint32_t fmt = (raw >> 25) & 3;
    RiscvHandler *fn = NULL;
    bool int_rd = false;

    switch (op) {
    case 0x07:
        insn->imm = (int64_t)(int32_t)raw >> 20;
        fn = f3 == 2 && ft->f ? riscv_op_flw
           : f3 == 3 && ft->d ? riscv_op_fld : NULL;
        break;
    case 0x27:
        /* imm[11:5] from bits 31:25, imm[4:0] from 11:7, sign-extended */
        insn->imm = (int64_t)(int32_t)((((raw >> 25) << 5) |
                                        ((raw >> 7) & 31)) << 20) >> 20;
        fn = f3 == 2 && ft->f ? riscv_op_fsw
           : f3 == 3 && ft->d ? riscv_op_fsd : NULL;
        break;
    case 0x43:
    case 0x47:
    case 0x4b:
    case 0x4f: {
        static RiscvHandler *const s[4] = {
            riscv_op_fmadd_s, riscv_op_fmsub_s,
            riscv_op_fnmsub_s, riscv_op_fnmadd_s,
        };
        static RiscvHandler *const d[4] = {
            riscv_op_fmadd_d, riscv_op_fmsub_d,
            riscv_op_fnmsub_d, riscv_op_fnmadd_d,
        };
        unsigned which = (op - 0x43) / 4;

        fn = fmt == 0 && ft->f ? s[which] : fmt == 1 && ft->d ? d[which]
                                                               : NULL;
        break;
    }
    case 0x53:
        fn = decode_op_fp(ft, raw, &int_rd);
        break;
    default:
        return false;
    }
    if (int_rd && insn->rd == 0) {
        insn->rd = 32;
    }
    insn->fn = fn ? fn : riscv_op_illegal;
    return true;
}
