/* F and D edge cases: signalling and quiet NaNs, the canonical NaN,
 * -0.0, overflow, underflow, inexact, division by zero, all five rounding
 * modes (RMM ties included) and the dynamic one, fmin/fmax and compare
 * NaN rules, saturating conversions, NaN-boxing, fclass, the fused
 * multiply-adds, and FS tracking. Values are bit patterns. */
#include "riscv-test.h"

#define NV 0x10
#define DZ 0x08
#define OF 0x04
#define UF 0x02
#define NX 0x01

#define D_ONE 0x3ff0000000000000
#define D_TWO 0x4000000000000000
#define D_THREE 0x4008000000000000
#define D_SNAN 0x7ff4000000000000
#define D_QNAN 0x7ff8000000000000
#define D_INF 0x7ff0000000000000
#define D_NINF 0xfff0000000000000
#define D_MAX 0x7fefffffffffffff
#define D_MIN_SUB 0x0000000000000001
#define D_HALF 0x3fe0000000000000
#define D_NZERO 0x8000000000000000
#define S_ONE 0xffffffff3f800000
#define S_CANON 0xffffffff7fc00000

/* f3 = the instruction on f1 = a, f2 = b, f4 = c; checks f3's bits and
 * fflags. The instruction comes last (it has commas). */
#define RR(n, a, b, expect, flags, ...) \
    TEST(n); li t0, a; fmv.d.x f1, t0; li t0, b; fmv.d.x f2, t0; \
    csrw fflags, zero; __VA_ARGS__; fmv.x.d t1, f3; li t2, expect; \
    bne t1, t2, fail; csrr t1, fflags; li t2, flags; bne t1, t2, fail
#define RRR(n, a, b, c, expect, flags, ...) \
    li t0, c; fmv.d.x f4, t0; RR(n, a, b, expect, flags, __VA_ARGS__)
/* a0 = the instruction on f1 = a, f2 = b; checks a0 and fflags. */
#define RX(n, a, b, expect, flags, ...) \
    TEST(n); li t0, a; fmv.d.x f1, t0; li t0, b; fmv.d.x f2, t0; \
    csrw fflags, zero; __VA_ARGS__; li t2, expect; bne a0, t2, fail; \
    csrr t1, fflags; li t2, flags; bne t1, t2, fail
/* f3 = the instruction on a1 = a; checks f3's bits and fflags. */
#define XR(n, a, expect, flags, ...) \
    TEST(n); li a1, a; csrw fflags, zero; __VA_ARGS__; fmv.x.d t1, f3; \
    li t2, expect; bne t1, t2, fail; csrr t1, fflags; li t2, flags; \
    bne t1, t2, fail

START
main:
    li t0, 1 << 13
    csrs mstatus, t0        /* FS = Initial */

    /* Arithmetic, NaNs, exceptions. */
    RR(1, D_ONE, D_TWO, D_THREE, 0, fadd.d f3, f1, f2)
    RR(2, D_SNAN, D_ONE, D_QNAN, NV, fadd.d f3, f1, f2)
    RR(3, 0xfff8000000000123, D_ONE, D_QNAN, 0, fadd.d f3, f1, f2)
    RR(4, D_INF, D_NINF, D_QNAN, NV, fadd.d f3, f1, f2)
    RR(5, D_ONE, 0, D_INF, DZ, fdiv.d f3, f1, f2)
    RR(6, 0, 0, D_QNAN, NV, fdiv.d f3, f1, f2)
    RR(7, D_ONE, D_THREE, 0x3fd5555555555555, NX, fdiv.d f3, f1, f2)
    RR(8, D_ONE, D_THREE, 0x3fd5555555555556, NX, fdiv.d f3, f1, f2, rup)
    RR(9, D_ONE, D_THREE, 0x3fd5555555555555, NX, fdiv.d f3, f1, f2, rdn)
    RR(10, D_MAX, D_TWO, D_INF, OF | NX, fmul.d f3, f1, f2)
    RR(11, D_MAX, D_TWO, D_MAX, OF | NX, fmul.d f3, f1, f2, rtz)
    RR(12, D_MIN_SUB, D_HALF, 0, UF | NX, fmul.d f3, f1, f2)
    RR(13, D_MIN_SUB, D_HALF, D_MIN_SUB, UF | NX, fmul.d f3, f1, f2, rmm)
    RR(14, D_MIN_SUB, D_HALF, D_MIN_SUB, UF | NX, fmul.d f3, f1, f2, rup)
    RR(15, 0xbff0000000000000, 0, D_QNAN, NV, fsqrt.d f3, f1)
    RR(16, D_NZERO, 0, D_NZERO, 0, fsqrt.d f3, f1)
    RR(17, 0x4010000000000000, 0, D_TWO, 0, fsqrt.d f3, f1)
    RR(18, D_ONE, D_NZERO, D_ONE, 0, fsub.d f3, f1, f2, rdn)
    RR(19, D_ONE, 0, D_NZERO, 0, fsub.d f3, f1, f1, rdn)    /* x - x = -0 rounding down */
    RR(20, D_ONE, 0, 0, 0, fsub.d f3, f1, f1)

    /* RMM: only ties differ from nearest-even. 1 + 2^-53 is halfway. */
    RR(21, D_ONE, 0x3ca0000000000000, D_ONE, NX, fadd.d f3, f1, f2)
    RR(22, D_ONE, 0x3ca0000000000000, 0x3ff0000000000001, NX, fadd.d f3, f1, f2, rmm)
    RR(23, 0xbff0000000000000, 0xbca0000000000000, 0xbff0000000000001, NX, fadd.d f3, f1, f2, rmm)
    RR(24, 0xbff0000000000000, 0xbca0000000000000, 0xbff0000000000000, NX, fadd.d f3, f1, f2, rup)
    RR(25, 0xbff0000000000000, 0xbca0000000000000, 0xbff0000000000001, NX, fadd.d f3, f1, f2, rdn)
    RR(26, 0xbff0000000000000, 0xbca0000000000000, 0xbff0000000000000, NX, fadd.d f3, f1, f2, rtz)
    /* 1 + 3 * 2^-53 is no tie: RMM and RNE agree */
    RR(27, D_ONE, 0x3cb8000000000000, 0x3ff0000000000002, NX, fadd.d f3, f1, f2, rmm)
    /* singles: 1 + 2^-24 is halfway */
    RR(28, S_ONE, 0xffffffff33800000, S_ONE, NX, fadd.s f3, f1, f2)
    RR(29, S_ONE, 0xffffffff33800000, 0xffffffff3f800001, NX, fadd.s f3, f1, f2, rmm)
    /* (1 + 2^-52) * (1 + 2^-1): exact product 1.5 + 1.5 * 2^-52 is a tie */
    RR(30, 0x3ff0000000000001, 0x3ff8000000000000, 0x3ff8000000000002, NX, fmul.d f3, f1, f2, rmm)
    RR(31, 0x3ff0000000000001, 0x3ff8000000000000, 0x3ff8000000000002, NX, fmul.d f3, f1, f2)

    /* fmin / fmax */
    RR(32, D_NZERO, 0, D_NZERO, 0, fmin.d f3, f1, f2)
    RR(33, D_NZERO, 0, 0, 0, fmax.d f3, f1, f2)
    RR(34, D_QNAN, D_ONE, D_ONE, 0, fmin.d f3, f1, f2)
    RR(35, D_SNAN, D_ONE, D_ONE, NV, fmax.d f3, f1, f2)
    RR(36, D_QNAN, D_SNAN, D_QNAN, NV, fmin.d f3, f1, f2)
    RR(37, 0xffffffff80000000, 0xffffffff00000000, 0xffffffff80000000, 0, fmin.s f3, f1, f2)

    /* compares */
    RX(38, D_QNAN, D_ONE, 0, 0, feq.d a0, f1, f2)
    RX(39, D_SNAN, D_ONE, 0, NV, feq.d a0, f1, f2)
    RX(40, D_QNAN, D_ONE, 0, NV, flt.d a0, f1, f2)
    RX(41, D_QNAN, D_ONE, 0, NV, fle.d a0, f1, f2)
    RX(42, D_NZERO, 0, 1, 0, fle.d a0, f1, f2)
    RX(43, D_NZERO, 0, 1, 0, feq.d a0, f1, f2)
    RX(44, D_NZERO, 0, 0, 0, flt.d a0, f1, f2)
    RX(45, S_ONE, 0xffffffff40000000, 1, 0, flt.s a0, f1, f2)

    /* float to integer: round in the mode, saturate, flags */
    RX(46, 0x4202a05f20000000, 0, 0x7fffffff, NV, fcvt.w.d a0, f1)          /* 1e10 */
    RX(47, 0xc202a05f20000000, 0, 0xffffffff80000000, NV, fcvt.w.d a0, f1)
    RX(48, D_QNAN, 0, 0x7fffffff, NV, fcvt.w.d a0, f1)
    RX(49, 0x4004000000000000, 0, 2, NX, fcvt.w.d a0, f1)                 /* 2.5 */
    RX(50, 0x4004000000000000, 0, 3, NX, fcvt.w.d a0, f1, rmm)
    RX(51, 0xc004000000000000, 0, -3, NX, fcvt.w.d a0, f1, rmm)
    RX(52, 0x4004000000000000, 0, 3, NX, fcvt.w.d a0, f1, rup)
    RX(53, 0xc004000000000000, 0, -3, NX, fcvt.w.d a0, f1, rdn)
    RX(54, 0xc004000000000000, 0, -2, NX, fcvt.w.d a0, f1, rtz)
    RX(55, 0xbff0000000000000, 0, 0, NV, fcvt.wu.d a0, f1)
    RX(56, 0xbfe0000000000000, 0, 0, NX, fcvt.wu.d a0, f1, rtz)           /* -0.5 */
    RX(57, 0x41efffffffe00000, 0, -1, 0, fcvt.wu.d a0, f1)                /* 2^32 - 1 */
    RX(58, 0x43e0000000000000, 0, 0x7fffffffffffffff, NV, fcvt.l.d a0, f1) /* 2^63 */
    RX(59, D_INF, 0, -1, NV, fcvt.lu.d a0, f1)
    RX(60, D_NINF, 0, 0x8000000000000000, NV, fcvt.l.d a0, f1)
    RX(61, 0xc3e0000000000000, 0, 0x8000000000000000, 0, fcvt.l.d a0, f1)  /* -2^63 exactly */
    RX(62, 0x43f0000000000000, 0, -1, NV, fcvt.lu.d a0, f1)               /* 2^64 */
    RX(63, 0xffffffff4f000000, 0, 0x7fffffff, NV, fcvt.w.s a0, f1)        /* 2^31 */
    RX(64, D_NZERO, 0, 0, 0, fcvt.lu.d a0, f1)

    /* integer to float */
    XR(65, 0x7fffffffffffffff, 0x43e0000000000000, NX, fcvt.d.l f3, a1)
    XR(66, 0x7fffffffffffffff, 0x43dfffffffffffff, NX, fcvt.d.l f3, a1, rtz)
    XR(67, 16777217, 0xffffffff4b800000, NX, fcvt.s.w f3, a1)
    XR(68, 16777217, 0xffffffff4b800001, NX, fcvt.s.w f3, a1, rmm)
    XR(69, -1, 0x43f0000000000000, NX, fcvt.d.lu f3, a1)
    XR(70, -1, 0xffffffff4f800000, NX, fcvt.s.wu f3, a1)
    XR(71, -1, 0xbff0000000000000, 0, fcvt.d.w f3, a1)

    /* between precisions */
    RR(72, 0x7e37e43c8800759c, 0, 0xffffffff7f800000, OF | NX, fcvt.s.d f3, f1)   /* 1e300 */
    RR(73, 0x7e37e43c8800759c, 0, 0xffffffff7f7fffff, OF | NX, fcvt.s.d f3, f1, rtz)
    RR(74, 0xffffffff7f800001, 0, D_QNAN, NV, fcvt.d.s f3, f1)
    RR(75, 0xffffffffbf800000, 0, 0xbff0000000000000, 0, fcvt.d.s f3, f1)
    RR(76, D_QNAN, 0, S_CANON, 0, fcvt.s.d f3, f1)

    /* NaN-boxing */
    RR(77, 0x000000003f800000, 0, S_CANON, 0, fadd.s f3, f1, f1)
    RR(78, 0x000000003f800000, 0, 0xffffffffffc00000, 0, fsgnjn.s f3, f1, f1)
    RR(79, S_ONE, 0xffffffffbf800000, 0xffffffffbf800000, 0, fsgnj.s f3, f1, f2)
    RR(80, S_ONE, 0xffffffffbf800000, 0xffffffffbf800000, 0, fsgnjx.s f3, f1, f2)
    RX(81, 0x12345678bf800000, 0, 0xffffffffbf800000, 0, fmv.x.w a0, f1)
    TEST(82)
    la a0, fdata
    flw f3, 0(a0)
    fmv.x.d t1, f3
    li t2, 0xffffffff40490fdb
    bne t1, t2, fail
    fsw f3, 8(a0)
    lwu t1, 8(a0)
    li t2, 0x40490fdb
    bne t1, t2, fail

    /* fclass */
    RX(83, D_NINF, 0, 1 << 0, 0, fclass.d a0, f1)
    RX(84, 0xbff0000000000000, 0, 1 << 1, 0, fclass.d a0, f1)
    RX(85, 0x8000000000000001, 0, 1 << 2, 0, fclass.d a0, f1)
    RX(86, D_NZERO, 0, 1 << 3, 0, fclass.d a0, f1)
    RX(87, 0, 0, 1 << 4, 0, fclass.d a0, f1)
    RX(88, D_MIN_SUB, 0, 1 << 5, 0, fclass.d a0, f1)
    RX(89, D_ONE, 0, 1 << 6, 0, fclass.d a0, f1)
    RX(90, D_INF, 0, 1 << 7, 0, fclass.d a0, f1)
    RX(91, D_SNAN, 0, 1 << 8, 0, fclass.d a0, f1)
    RX(92, D_QNAN, 0, 1 << 9, 0, fclass.d a0, f1)
    RX(93, 0x000000003f800000, 0, 1 << 9, 0, fclass.s a0, f1)  /* not boxed */
    RX(94, 0xffffffff7f800001, 0, 1 << 8, 0, fclass.s a0, f1)

    /* fused multiply-add */
    RRR(95, D_ONE, D_TWO, D_THREE, 0x4014000000000000, 0, fmadd.d f3, f1, f2, f4)
    RRR(96, D_ONE, D_TWO, D_THREE, 0xbff0000000000000, 0, fmsub.d f3, f1, f2, f4)
    RRR(97, D_ONE, D_TWO, D_THREE, D_ONE, 0, fnmsub.d f3, f1, f2, f4)
    RRR(98, D_ONE, D_TWO, D_THREE, 0xc014000000000000, 0, fnmadd.d f3, f1, f2, f4)
    RRR(99, D_INF, 0, D_QNAN, D_QNAN, NV, fmadd.d f3, f1, f2, f4)
    /* fused: (1 + 2^-52)(1 - 2^-53) - 1 = 2^-53 - 2^-105 exactly (unfused: 0) */
    RRR(100, 0x3ff0000000000001, 0x3fefffffffffffff, 0xbff0000000000000, 0x3c9ffffffffffffe, 0, fmadd.d f3, f1, f2, f4)
    RRR(101, S_ONE, S_ONE, S_ONE, 0xffffffff40000000, 0, fmadd.s f3, f1, f2, f4)
    /* fused under RMM: 1 * 1 + 2^-53 is halfway (RNE keeps 1, RMM goes
     * away); 2^-53 - 2^-106 falls just short of halfway and 2^-53 +
     * 2^-106 just past it, where both modes agree. */
    RRR(106, D_ONE, D_ONE, 0x3ca0000000000000, D_ONE, NX, fmadd.d f3, f1, f2, f4)
    RRR(107, D_ONE, D_ONE, 0x3ca0000000000000, 0x3ff0000000000001, NX, fmadd.d f3, f1, f2, f4, rmm)
    RRR(108, D_ONE, D_ONE, 0x3c9fffffffffffff, D_ONE, NX, fmadd.d f3, f1, f2, f4, rmm)
    RRR(109, D_ONE, D_ONE, 0x3ca0000000000001, 0x3ff0000000000001, NX, fmadd.d f3, f1, f2, f4, rmm)
    /* negative: -(1 * 1) - 2^-53 is halfway; away is more negative */
    RRR(110, D_ONE, D_ONE, 0x3ca0000000000000, 0xbff0000000000001, NX, fnmadd.d f3, f1, f2, f4, rmm)
    /* the tie in the product's low half: (1 + 2^-52)(1 + 2^-52) - 2^-52 =
     * 1 + 2^-52 + 2^-104 is no tie; minus 2^-104 more it would be exact */
    RRR(111, 0x3ff0000000000001, 0x3ff0000000000001, 0xbcb0000000000000, 0x3ff0000000000001, NX, fmadd.d f3, f1, f2, f4, rmm)
    /* singles: 3 * (1 + 3 * 2^-23) = 3 + 4.5 ulp, halfway, RNE even = 4 ulp */
    RRR(112, 0xffffffff40400000, 0xffffffff3f800003, 0xffffffff00000000, 0xffffffff40400004, NX, fmadd.s f3, f1, f2, f4)
    RRR(113, 0xffffffff40400000, 0xffffffff3f800003, 0xffffffff00000000, 0xffffffff40400005, NX, fmadd.s f3, f1, f2, f4, rmm)
    /* ... minus 2^-80: just short of halfway, 4 ulp in both modes (a
     * double rounded to nearest would lose the 2^-80 and see a tie) */
    RRR(114, 0xffffffff40400000, 0xffffffff3f800003, 0xffffffff97800000, 0xffffffff40400004, NX, fmadd.s f3, f1, f2, f4, rmm)

    /* the dynamic rounding mode, and a reserved one */
    TEST(102)
    li t0, 3                /* RUP */
    csrw frm, t0
    RR(103, D_ONE, D_THREE, 0x3fd5555555555556, NX, fdiv.d f3, f1, f2, dyn)
    TEST(104)
    li t0, 5
    csrw frm, t0
    EXPECT_ILLEGAL(fadd.d f3, f1, f2, dyn)
    csrw frm, zero

    /* FS: an FP write from Clean makes it Dirty */
    TEST(105)
    li t0, 3 << 13
    csrc mstatus, t0
    li t0, 2 << 13
    csrs mstatus, t0
    fadd.d f3, f1, f2
    csrr t1, mstatus
    srli t1, t1, 13
    andi t1, t1, 3
    EXPECT(t1, 3)
    j pass
END

    .data
    .balign 8
fdata:
    .word 0x40490fdb, 0
    .dword 0
