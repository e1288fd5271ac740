/* A: LR/SC and every AMO in W and D forms, misaligned atomics trapping,
 * and two harts incrementing one counter with LR/SC loops. */
#include "riscv-test.h"
START
main:
    csrr a0, mhartid
    bnez a0, hart1

    TEST(1)
    la a0, word
    li a1, 0x12345678
    sw a1, 0(a0)
    lr.w a2, (a0)
    EXPECT(a2, 0x12345678)
    li a1, 0x87654321
    sc.w a3, a1, (a0)
    EXPECT(a3, 0)
    lw a2, 0(a0)
    EXPECT(a2, 0xffffffff87654321)
    sc.w a3, a1, (a0)       /* no reservation any more */
    EXPECT(a3, 1)

    TEST(2)
    la a0, dword
    lr.d a2, (a0)
    addi a4, a0, 8
    li a1, 7
    sc.d a3, a1, (a4)       /* another address than the reserved one */
    EXPECT(a3, 1)
    ld a2, 8(a0)
    EXPECT(a2, 0)
    lr.d a2, (a0)
    sc.d a3, a1, (a0)
    EXPECT(a3, 0)
    ld a2, 0(a0)
    EXPECT(a2, 7)

    TEST(3)
    la a0, word
    li a1, -1
    sw a1, 0(a0)
    li a1, 5
    amoswap.w a2, a1, (a0)
    EXPECT(a2, -1)
    amoadd.w a2, a1, (a0)
    EXPECT(a2, 5)
    lw a2, 0(a0)
    EXPECT(a2, 10)
    li a1, 0x7fffffff
    amoadd.w a2, a1, (a0)   /* wraps in 32 bits */
    lw a2, 0(a0)
    EXPECT(a2, 0xffffffff80000009)
    li a1, 3
    amoxor.w a2, a1, (a0)
    lw a2, 0(a0)
    EXPECT(a2, 0xffffffff8000000a)
    li a1, 0xf
    amoand.w a2, a1, (a0)
    lw a2, 0(a0)
    EXPECT(a2, 0xa)
    li a1, 0x100
    amoor.w a2, a1, (a0)
    lw a2, 0(a0)
    EXPECT(a2, 0x10a)

    TEST(4)
    li a1, -3
    amomin.w a2, a1, (a0)
    lw a2, 0(a0)
    EXPECT(a2, -3)
    li a1, 4
    amomax.w a2, a1, (a0)
    lw a2, 0(a0)
    EXPECT(a2, 4)
    li a1, -1
    amominu.w a2, a1, (a0)
    lw a2, 0(a0)
    EXPECT(a2, 4)
    amomaxu.w a2, a1, (a0)
    lw a2, 0(a0)
    EXPECT(a2, -1)

    TEST(5)
    la a0, dword
    li a1, -2
    sd a1, 0(a0)
    li a1, 1
    amoadd.d a2, a1, (a0)
    EXPECT(a2, -2)
    li a1, 5
    amomin.d a2, a1, (a0)
    ld a2, 0(a0)
    EXPECT(a2, -1)
    amominu.d a2, a1, (a0)
    ld a2, 0(a0)
    EXPECT(a2, 5)
    li a1, -7
    amomax.d a2, a1, (a0)
    ld a2, 0(a0)
    EXPECT(a2, 5)
    amomaxu.d a2, a1, (a0)
    ld a2, 0(a0)
    EXPECT(a2, -7)
    li a1, 0xff
    amoand.d a2, a1, (a0)
    amoor.d a2, a1, (a0)
    amoxor.d a2, a1, (a0)
    ld a2, 0(a0)
    EXPECT(a2, 0)
    li a1, 0x1234
    amoswap.d a2, a1, (a0)
    EXPECT(a2, 0)
    ld a2, 0(a0)
    EXPECT(a2, 0x1234)

    TEST(6)
    CLEAR_TRAP
    la a0, word
    addi a0, a0, 2
    amoadd.w a2, a1, (a0)   /* misaligned: trapped, memory untouched */
    EXPECT_MTRAP(CAUSE_STORE_MISALIGNED)
    bne s3, a0, fail
    CLEAR_TRAP
    lr.d a2, (a0)
    EXPECT_MTRAP(CAUSE_LOAD_MISALIGNED)
    CLEAR_TRAP
    li a0, UNMAPPED
    amoadd.w a2, a1, (a0)
    EXPECT_MTRAP(CAUSE_STORE_ACCESS)
    CLEAR_TRAP
    li a0, MMIO_REG
    lr.w a2, (a0)           /* no atomics on MMIO */
    EXPECT_MTRAP(CAUSE_LOAD_ACCESS)

    TEST(7)
    /* A hart switch drops the reservation: spin past a slice. */
    la a0, word
    lr.w a2, (a0)
    li t0, 40000
1:  addi t0, t0, -1
    bnez t0, 1b
    sc.w a3, a2, (a0)
    EXPECT(a3, 1)

    TEST(8)
    /* Both harts add 1 to counter 3000 times with LR/SC loops. */
    call count
    /* Waits for hart 1 a bounded time: a hart that never comes (a wrong
     * mhartid, a hart never started) fails the check, not the run. */
    la a0, done1
    li t4, 4000000
2:  lw a1, 0(a0)
    bnez a1, 4f
    addi t4, t4, -1
    bnez t4, 2b
    j fail
4:  la a0, counter
    ld a1, 0(a0)
    EXPECT(a1, 6000)
    j pass

hart1:
    call count
    la a0, done1
    li a1, 1
    sw a1, 0(a0)
3:  wfi
    j 3b

count:
    la a0, counter
    li t1, 3000
1:  lr.d t2, (a0)
    addi t2, t2, 1
    sc.d t3, t2, (a0)
    bnez t3, 1b
    addi t1, t1, -1
    bnez t1, 1b
    ret
END

    .data
    .balign 8
word:
    .dword 0
dword:
    .dword 0, 0
counter:
    .dword 0
done1:
    .dword 0
