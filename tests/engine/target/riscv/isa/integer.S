/* RV64I: arithmetic, shifts, compares, upper immediates, loads and stores
 * (sign extension, misaligned, across a page), branches and jumps, x0. */
#include "riscv-test.h"
START
main:
    TEST(1)
    li a0, 5
    li a1, 7
    add a2, a0, a1
    EXPECT(a2, 12)
    sub a2, a0, a1
    EXPECT(a2, -2)

    TEST(2)
    li a0, -1
    srli a1, a0, 60
    EXPECT(a1, 15)
    srai a1, a0, 60
    EXPECT(a1, -1)
    li a2, 65
    li a3, 1
    sll a4, a3, a2          /* only the low 6 bits of rs2 count */
    EXPECT(a4, 2)

    TEST(3)
    li a0, 0x7fffffff
    addiw a1, a0, 1
    EXPECT(a1, 0xffffffff80000000)
    li a0, 0x80000000
    srliw a1, a0, 4
    EXPECT(a1, 0x08000000)
    sraiw a1, a0, 4
    EXPECT(a1, 0xfffffffff8000000)
    li a2, 33
    sllw a1, a3, a2          /* shamt 33 & 31 = 1 */
    EXPECT(a1, 2)
    li a0, 0x123456789
    addw a1, a0, zero
    EXPECT(a1, 0x23456789)
    subw a1, zero, a3
    EXPECT(a1, -1)

    TEST(4)
    li a0, -1
    li a1, 1
    slt a2, a0, a1
    EXPECT(a2, 1)
    sltu a2, a0, a1
    EXPECT(a2, 0)
    sltiu a2, a1, -1        /* the immediate is sign-extended, compared unsigned */
    EXPECT(a2, 1)
    slti a2, a0, 0
    EXPECT(a2, 1)
    xori a2, a0, 0x7ff
    EXPECT(a2, 0xfffffffffffff800)
    ori a2, zero, -2048
    EXPECT(a2, -2048)
    andi a2, a0, 0x0f0
    EXPECT(a2, 0xf0)

    TEST(5)
    lui a0, 0x80000
    EXPECT(a0, 0xffffffff80000000)
1:  auipc a0, 0
    la a1, 1b
    bne a0, a1, fail
2:  auipc a0, 0xfffff       /* pc - 4096 */
    la a1, 2b
    li t1, 4096
    sub a1, a1, t1
    bne a0, a1, fail

    TEST(6)
    la a0, data
    lb a1, 0(a0)
    EXPECT(a1, 0xffffffffffffff87)
    lbu a1, 0(a0)
    EXPECT(a1, 0x87)
    lh a1, 0(a0)
    EXPECT(a1, 0xffffffffffff8687)
    lhu a1, 0(a0)
    EXPECT(a1, 0x8687)
    lw a1, 0(a0)
    EXPECT(a1, 0xffffffff84858687)
    lwu a1, 0(a0)
    EXPECT(a1, 0x84858687)
    ld a1, 0(a0)
    EXPECT(a1, 0x8081828384858687)
    ld a1, 1(a0)            /* misaligned: done, not trapped */
    EXPECT(a1, 0x0080818283848586)

    TEST(7)
    la a0, scratch
    li a1, 0x1122334455667788
    sd a1, 0(a0)
    sb zero, 0(a0)
    ld a2, 0(a0)
    EXPECT(a2, 0x1122334455667700)
    sh zero, 2(a0)
    ld a2, 0(a0)
    EXPECT(a2, 0x1122334400007700)
    sw a1, 3(a0)            /* misaligned store */
    ld a2, 0(a0)
    EXPECT(a2, 0x1155667788007700)

    TEST(8)
    la a0, page_end
    li a1, 0xa1a2a3a4a5a6a7a8
    sd a1, -4(a0)           /* crosses into the next page */
    ld a2, -4(a0)
    bne a1, a2, fail
    lw a2, -2(a0)
    EXPECT(a2, 0xffffffffa3a4a5a6)

    TEST(9)
    li a0, 1
    li a1, 2
    beq a0, a1, fail
    bne a0, a0, fail
    blt a1, a0, fail
    bge a0, a1, fail
    li a2, -1
    bltu a2, a0, fail
    bgeu a0, a2, fail
    blt a2, a0, 1f
    j fail
1:  bgeu a2, a0, 1f
    j fail
1:  beq a0, a0, 1f
    j fail
1:

    TEST(10)
    jal ra, 1f
2:  j fail
1:  la a0, 2b
    bne ra, a0, fail
    la a0, 3f
    addi a0, a0, 1          /* jalr clears bit 0 of the target */
    jalr t0, 0(a0)
    j fail
3:  la a0, 3b
    addi a0, a0, -4
    bne t0, a0, fail
    la a0, 4f
    jalr a0, 0(a0)          /* rd == rs1: the old value is the target */
4:  la a1, 4b
    bne a0, a1, fail

    TEST(11)
    addi zero, zero, 5
    bnez zero, fail
    lui zero, 1
    bnez zero, fail
    la a0, data
    ld zero, 0(a0)
    bnez zero, fail

    j pass
END

    .data
    .balign 8
data:
    .dword 0x8081828384858687
    .dword 0
scratch:
    .dword 0, 0
    .balign 4096
    .skip 4096
page_end:
    .skip 64
