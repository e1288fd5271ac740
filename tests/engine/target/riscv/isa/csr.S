/* Zicsr and the CSRs firmware touches: identification, misa, mstatus
 * (FS, SD, MPP WARL), delegation and interrupt-enable masks, satp WARL,
 * counters and their enables from S and U, PMP, envcfg, and illegal
 * instruction (mtval = the instruction) for unknown CSRs, writes to
 * read-only ones and accesses from too low a privilege. */
#include "riscv-test.h"

START
main:
    TEST(1)
    csrr a0, misa
    EXPECT(a0, 0x800000000014112d)
    csrr a0, mhartid
    EXPECT(a0, 0)
    csrr a0, mvendorid
    EXPECT(a0, 0)
    csrr a0, marchid
    EXPECT(a0, 0)
    csrr a0, mimpid
    EXPECT(a0, 0)
    csrw misa, zero         /* WARL: ignored */
    csrr a0, misa
    EXPECT(a0, 0x800000000014112d)

    TEST(2)
    EXPECT_ILLEGAL(csrr a0, 0x7c0)
    EXPECT_ILLEGAL(csrw mhartid, zero)
    EXPECT_ILLEGAL(csrw cycle, zero)
    EXPECT_ILLEGAL(csrr a0, 0x310)  /* mstatush: RV32 only */
    EXPECT_ILLEGAL(csrr a0, pmpcfg1) /* odd pmpcfg: RV32 only */
    EXPECT_ILLEGAL(csrr a0, 0x600)  /* hstatus: no H */
    csrrs a0, mhartid, zero  /* reading a read-only CSR is fine */

    TEST(3)
    csrr a0, mstatus
    li t0, 0xf00000000
    and a1, a0, t0
    EXPECT(a1, 0xa00000000) /* UXL = SXL = 64 */
    li t0, 3 << 13
    csrc mstatus, t0
    EXPECT_ILLEGAL(fadd.d f0, f0, f0)
    EXPECT_ILLEGAL(csrr a0, fflags)
    li t0, 1 << 13
    csrs mstatus, t0
    csrr a0, mstatus
    bltz a0, fail           /* SD clear while FS is Initial */
    fmv.d.x f1, zero
    csrr a0, mstatus
    bgez a0, fail           /* an FP write makes FS Dirty and sets SD */
    srli a1, a0, 13
    andi a1, a1, 3
    EXPECT(a1, 3)

    TEST(4)
    li t0, 3 << 11
    csrc mstatus, t0
    li t0, 2 << 11          /* MPP = 2 is reserved: kept as it was */
    csrs mstatus, t0
    csrr a0, mstatus
    srli a0, a0, 11
    andi a0, a0, 3
    EXPECT(a0, 0)

    TEST(5)
    li a0, -1
    csrw medeleg, a0
    csrr a1, medeleg
    EXPECT(a1, 0xb3ff)
    csrw mideleg, a0
    csrr a1, mideleg
    EXPECT(a1, 0x222)
    csrw mie, a0
    csrr a1, mie
    EXPECT(a1, 0xaaa)
    csrr a1, sie
    EXPECT(a1, 0x222)
    csrw mie, zero
    csrw medeleg, zero
    csrw mideleg, zero
    li a0, 0x222
    csrw mip, a0
    csrr a1, mip
    EXPECT(a1, 0x222)
    csrw mip, zero
    csrr a1, mip
    EXPECT(a1, 0)

    TEST(6)
    li a0, 0x8000000000012345
    csrw satp, a0
    csrr a1, satp
    bne a0, a1, fail
    li a2, 0xb000000000000000   /* Sv64: not offered, the write is ignored */
    csrw satp, a2
    csrr a1, satp
    bne a0, a1, fail
    li a2, 0x1000000000000001   /* reserved mode */
    csrw satp, a2
    csrr a1, satp
    bne a0, a1, fail
    csrw satp, zero

    TEST(7)
    la a0, 1f
    ori a0, a0, 2           /* mode 2 is reserved: keeps the old mode */
    csrw mtvec, a0
    csrr a1, mtvec
    andi a1, a1, 3
    EXPECT(a1, 0)
1:  la t0, trap_m
    csrw mtvec, t0

    TEST(8)
    csrr a0, minstret
    csrr a1, minstret
    bgeu a0, a1, fail
    csrw minstret, zero
    csrr a0, minstret
    li t0, 10
    bgeu a0, t0, fail
    csrr a0, mcycle
    csrr a1, cycle
    bltu a1, a0, fail
    csrr a0, hpmcounter3
    EXPECT(a0, 0)
    csrw mhpmcounter3, t0
    csrr a0, mhpmcounter3
    EXPECT(a0, 0)
    li t0, 5
    csrw mcountinhibit, t0
    csrr a0, minstret
    csrr a1, minstret
    bne a0, a1, fail        /* inhibited */
    csrw mcountinhibit, zero

    TEST(9)
    li a0, 0x1f1f1f1f1f1f1f1f
    csrw pmpcfg0, a0
    csrr a1, pmpcfg0
    bne a0, a1, fail
    li a0, 0x3fffffffffffff
    csrw pmpaddr63, a0
    csrr a1, pmpaddr63
    bne a0, a1, fail
    csrw pmpcfg0, zero

    TEST(10)
    li a0, -1
    csrw menvcfg, a0
    csrr a1, menvcfg
    EXPECT(a1, 0x8000000000000001)
    csrw senvcfg, a0
    csrr a1, senvcfg
    EXPECT(a1, 1)
    csrw menvcfg, zero

    TEST(11)
    li a0, 0xff
    csrw fcsr, a0
    csrr a1, fcsr
    EXPECT(a1, 0xff)
    csrr a1, frm
    EXPECT(a1, 7)
    csrr a1, fflags
    EXPECT(a1, 0x1f)
    csrwi fflags, 0
    csrr a1, fcsr
    EXPECT(a1, 0xe0)
    csrw fcsr, zero

    /* Counters from S and U follow mcounteren and scounteren. */
    TEST(12)
    csrw mcounteren, zero
    csrw scounteren, zero
    la s10, 1f
    ENTER_MODE(1, s_counters)
s_counters:
    EXPECT_ILLEGAL(csrr a0, cycle)
    EXPECT_ILLEGAL(csrr a0, time)
    EXPECT_ILLEGAL(csrr a0, mstatus)
    EXPECT_ILLEGAL(csrr a0, stimecmp)
    csrr a0, sstatus
    ecall
1:  TEST(13)
    li t0, 7
    csrw mcounteren, t0
    la s10, 1f
    ENTER_MODE(1, s_counters2)
s_counters2:
    csrr a0, cycle
    csrr a0, time
    csrr a0, instret
    li t0, 1 << 8           /* sret to U */
    csrc sstatus, t0
    la t0, u_counters
    csrw sepc, t0
    sret
u_counters:
    EXPECT_ILLEGAL(csrr a0, cycle)
    EXPECT_ILLEGAL(csrr a0, sstatus)
    ecall
1:  TEST(14)
    li t0, 7
    csrw scounteren, t0
    la s10, 1f
    ENTER_MODE(0, u_counters2)
u_counters2:
    csrr a0, cycle
    csrr a0, time
    EXPECT_ILLEGAL(csrr a0, hpmcounter3)
    ecall
1:

    TEST(15)
    /* TVM: satp from S traps. */
    li t0, 1 << 20
    csrs mstatus, t0
    la s10, 1f
    ENTER_MODE(1, s_tvm)
s_tvm:
    EXPECT_ILLEGAL(csrr a0, satp)
    EXPECT_ILLEGAL(sfence.vma)
    ecall
1:  li t0, 1 << 20
    csrc mstatus, t0

    TEST(16)
    /* Sstc: stimecmp from S needs menvcfg.STCE and mcounteren.TM. */
    li t0, 0x8000000000000000
    csrw menvcfg, t0
    li t0, 2
    csrw mcounteren, t0
    la s10, 1f
    ENTER_MODE(1, s_sstc)
s_sstc:
    li a0, -1
    csrw stimecmp, a0
    csrr a1, stimecmp
    bne a0, a1, fail
    ecall
1:  j pass
END
