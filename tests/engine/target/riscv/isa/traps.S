/* Traps: ecall from each mode, ebreak, access faults, delegation to S
 * with medeleg (and none from M), the mstatus stacks of mret and sret,
 * and the instructions that trap by privilege (mret, sret, wfi, TSR,
 * TW, sfence.vma). */
#include "riscv-test.h"

#define TO_M(label) la s10, label; ecall

START
main:
    TEST(1)
    CLEAR_TRAP
1:  ecall
    EXPECT_MTRAP(CAUSE_ECALL_M)
    la t0, 1b
    bne s4, t0, fail
    CLEAR_TRAP
2:  ebreak
    EXPECT_MTRAP(CAUSE_BREAKPOINT)
    la t0, 2b
    bne s3, t0, fail

    TEST(2)
    CLEAR_TRAP
    li a0, UNMAPPED
    ld a1, 0(a0)
    EXPECT_MTRAP(CAUSE_LOAD_ACCESS)
    EXPECT(s3, UNMAPPED)
    CLEAR_TRAP
    sd a1, 8(a0)
    EXPECT_MTRAP(CAUSE_STORE_ACCESS)
    EXPECT(s3, UNMAPPED + 8)
    CLEAR_TRAP
    la s1, 3f
    jr a0                   /* fetch from nothing */
3:  EXPECT_MTRAP(CAUSE_INSN_ACCESS)
    EXPECT(s3, UNMAPPED)
    EXPECT(s4, UNMAPPED)

    TEST(3)
    /* mret: MIE = MPIE, MPIE = 1, MPP = U; mode = the old MPP. */
    li t0, 0x1888
    csrc mstatus, t0
    li t0, (1 << 7) | (3 << 11)   /* MPIE, MPP = M */
    csrs mstatus, t0
    la t0, 4f
    csrw mepc, t0
    mret
4:  csrr a0, mstatus
    andi a1, a0, 0x88
    EXPECT(a1, 0x88)        /* MIE and MPIE both set */
    srli a1, a0, 11
    andi a1, a1, 3
    EXPECT(a1, 0)
    csrci mstatus, 8

    TEST(4)
    /* ecall from S and U reach M without delegation. */
    la s10, 5f
    ENTER_MODE(1, s_ecall)
s_ecall:
    ecall
5:  EXPECT_MTRAP(CAUSE_ECALL_S)
    csrr a0, mscratch       /* the handler put us back in M: no trap */
    EXPECT_MTRAP(CAUSE_ECALL_S)
    la s10, 6f
    ENTER_MODE(0, u_ecall)
u_ecall:
    ecall
6:  EXPECT_MTRAP(CAUSE_ECALL_U)

    TEST(5)
    la t0, trap_s
    csrw stvec, t0
    li t0, (1 << CAUSE_ECALL_U) | (1 << CAUSE_ILLEGAL) | (1 << CAUSE_BREAKPOINT)
    csrw medeleg, t0
    CLEAR_TRAP
    CLEAR_STRAP
    ebreak                  /* in M: never delegated */
    EXPECT_MTRAP(CAUSE_BREAKPOINT)
    EXPECT(s5, -1)
    li t0, 1 << CAUSE_BREAKPOINT
    csrc medeleg, t0
    la s10, 7f
    ENTER_MODE(1, s_deleg)
s_deleg:
    CLEAR_STRAP
    .word 0                 /* illegal, handled in S */
    EXPECT_STRAP(CAUSE_ILLEGAL)
    EXPECT(s6, 0)
    CLEAR_TRAP
    csrr a0, sscratch       /* sret brought us back to S: no trap */
    EXPECT_MTRAP(-1)
    li t0, 1 << 8
    csrc sstatus, t0
    la t0, u_deleg
    csrw sepc, t0
    sret
u_deleg:
    CLEAR_STRAP
    ecall                   /* to S, which returns here */
    EXPECT_STRAP(CAUSE_ECALL_U)
    la t0, u_deleg
    addi t0, t0, 3 * 4      /* the ecall, after CLEAR_STRAP (three li) */
    bne s7, t0, fail
    ebreak                  /* not delegated: to M, which returns to 7f */
    j fail
7:  EXPECT_MTRAP(CAUSE_BREAKPOINT)
    csrw medeleg, zero

    TEST(6)
    li t0, (1 << 22) | (1 << 21)    /* TSR, TW */
    csrs mstatus, t0
    la s10, 1f
    ENTER_MODE(1, s_priv)
s_priv:
    EXPECT_ILLEGAL(mret)
    EXPECT_ILLEGAL(sret)
    EXPECT_ILLEGAL(wfi)
    ecall
1:  li t0, (1 << 22) | (1 << 21)
    csrc mstatus, t0
    la s10, 2f
    ENTER_MODE(0, u_priv)
u_priv:
    EXPECT_ILLEGAL(mret)
    EXPECT_ILLEGAL(sret)
    EXPECT_ILLEGAL(wfi)
    EXPECT_ILLEGAL(sfence.vma)
    EXPECT_ILLEGAL(csrr a0, sscratch)
    ecall
2:  TEST(7)
    /* sret from M goes where SPP says. */
    li t0, 1 << 8
    csrs mstatus, t0
    la t0, 3f
    csrw sepc, t0
    sret
3:  csrr a0, sstatus        /* legal in S */
    la s10, 4f
    ecall
4:  EXPECT_MTRAP(CAUSE_ECALL_S)
    j pass
END
