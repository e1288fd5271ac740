/* C: every RV64C instruction against its expanded meaning, the illegal
 * all-zero parcel, and a 32-bit instruction straddling two pages. */
#include "riscv-test.h"
START
main:
    li t0, 1 << 13          /* FS = initial, for c.fld and friends */
    csrs mstatus, t0
    .option rvc
    TEST(1)
    c.li a0, -5
    EXPECT(a0, -5)
    c.addi a0, 7
    EXPECT(a0, 2)
    li a1, 0x7fffffff
    c.addiw a1, 1
    EXPECT(a1, 0xffffffff80000000)
    c.lui a2, 0xfffff
    EXPECT(a2, 0xfffffffffffff000)
    c.lui a2, 1
    EXPECT(a2, 0x1000)

    TEST(2)
    mv s0, sp
    c.addi16sp sp, -64
    addi t0, s0, -64
    bne sp, t0, fail
    c.addi4spn a0, sp, 16
    addi t0, sp, 16
    bne a0, t0, fail
    c.addi16sp sp, 64
    bne sp, s0, fail

    TEST(3)
    li a0, 0x81
    c.slli a0, 60
    EXPECT(a0, 0x1000000000000000)
    li a0, -16
    c.srli a0, 60
    EXPECT(a0, 15)
    li a0, -16
    c.srai a0, 2
    EXPECT(a0, -4)
    c.andi a0, 0xe
    EXPECT(a0, 0xc)

    TEST(4)
    li a0, 12
    li a1, 10
    c.sub a0, a1
    EXPECT(a0, 2)
    c.xor a0, a1
    EXPECT(a0, 8)
    c.or a0, a1
    EXPECT(a0, 10)
    li a0, 6
    c.and a0, a1
    EXPECT(a0, 2)
    li a0, 0x100000000
    c.subw a0, a1
    EXPECT(a0, -10)
    li a0, 0x7fffffff
    li a1, 1
    c.addw a0, a1
    EXPECT(a0, 0xffffffff80000000)
    c.mv a2, a1
    EXPECT(a2, 1)
    c.add a2, a1
    EXPECT(a2, 2)

    TEST(5)
    la a0, buf
    li a1, 0x1122334455667788
    c.sd a1, 8(a0)
    c.ld a2, 8(a0)
    bne a1, a2, fail
    c.sw a1, 4(a0)
    c.lw a2, 4(a0)
    EXPECT(a2, 0x55667788)
    mv s0, sp
    mv sp, a0
    c.sdsp a1, 16(sp)
    c.ldsp a3, 16(sp)
    bne a1, a3, fail
    c.swsp a1, 24(sp)
    c.lwsp a3, 24(sp)
    EXPECT(a3, 0x55667788)
    c.fsdsp fs0, 32(sp)
    c.fldsp fa0, 32(sp)
    c.fsd fa0, 40(a0)
    c.fld fa1, 40(a0)
    mv sp, s0

    TEST(6)
    c.j 1f
    j fail
1:  la a0, 2f
    c.jr a0
    j fail
2:  la a0, 3f
    c.jalr a0
4:  j 5f
3:  la a1, 4b
    bne ra, a1, fail
    ret
5:  li a0, 0
    c.beqz a0, 6f
    j fail
6:  c.bnez a0, fail
    li a0, 1
    c.bnez a0, 7f
    j fail
7:

    TEST(7)
    CLEAR_TRAP
    la s1, 8f
    .hword 0                /* the all-zero parcel is illegal */
8:  EXPECT_MTRAP(CAUSE_ILLEGAL)
    EXPECT(s3, 0)
    CLEAR_TRAP
    li s1, 0
    c.ebreak
    c.nop
    EXPECT_MTRAP(CAUSE_BREAKPOINT)
    .option norvc

    TEST(8)
    li a0, 0
    call straddle
    EXPECT(a0, 42)
    j pass

    .balign 4096
    .option rvc
    .rept 2046
    c.nop
    .endr
straddle:
    c.nop                    /* 4094: the next instruction starts at 0xffe */
    .option norvc
    addi a0, a0, 42
    ret
    .option rvc
    c.nop                    /* back to 4-byte alignment for END */
    .option norvc
END

    .data
    .balign 8
buf:
    .skip 64
