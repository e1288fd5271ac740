/* Zba, Zbb, Zbs. */
#include "riscv-test.h"
START
main:
    TEST(1)
    li a0, 3
    li a1, 100
    sh1add a2, a0, a1
    EXPECT(a2, 106)
    sh2add a2, a0, a1
    EXPECT(a2, 112)
    sh3add a2, a0, a1
    EXPECT(a2, 124)
    li a0, 0xffffffff00000001
    add.uw a2, a0, a1
    EXPECT(a2, 101)
    sh1add.uw a2, a0, a1
    EXPECT(a2, 102)
    slli.uw a2, a0, 4
    EXPECT(a2, 0x10)
    li a0, 0x80000000
    slli.uw a2, a0, 1
    EXPECT(a2, 0x100000000)

    TEST(2)
    li a0, 1
    clz a2, a0
    EXPECT(a2, 63)
    clz a2, zero
    EXPECT(a2, 64)
    ctz a2, zero
    EXPECT(a2, 64)
    li a0, 0x100
    ctz a2, a0
    EXPECT(a2, 8)
    li a0, 0xf0f0
    cpop a2, a0
    EXPECT(a2, 8)
    clzw a2, zero
    EXPECT(a2, 32)
    li a0, 0xffffffff00010000
    clzw a2, a0
    EXPECT(a2, 15)
    ctzw a2, a0
    EXPECT(a2, 16)
    cpopw a2, a0
    EXPECT(a2, 1)

    TEST(3)
    li a0, -5
    li a1, 3
    min a2, a0, a1
    EXPECT(a2, -5)
    max a2, a0, a1
    EXPECT(a2, 3)
    minu a2, a0, a1
    EXPECT(a2, 3)
    maxu a2, a0, a1
    EXPECT(a2, -5)

    TEST(4)
    li a0, 0x1234567890abcd80
    sext.b a2, a0
    EXPECT(a2, 0xffffffffffffff80)
    sext.h a2, a0
    EXPECT(a2, 0xffffffffffffcd80)
    zext.h a2, a0
    EXPECT(a2, 0xcd80)
    rev8 a2, a0
    EXPECT(a2, 0x80cdab9078563412)
    li a0, 0x0001000000ff0010
    orc.b a2, a0
    EXPECT(a2, 0x00ff000000ff00ff)

    TEST(5)
    li a0, 0x8000000000000001
    li a1, 1
    rol a2, a0, a1
    EXPECT(a2, 3)
    ror a2, a0, a1
    EXPECT(a2, 0xc000000000000000)
    rori a2, a0, 4
    EXPECT(a2, 0x1800000000000000)
    li a0, 0x80000001
    rolw a2, a0, a1
    EXPECT(a2, 3)
    rorw a2, a0, a1
    EXPECT(a2, 0xffffffffc0000000)
    roriw a2, a0, 1
    EXPECT(a2, 0xffffffffc0000000)

    TEST(6)
    li a0, 0xff
    li a1, 0x0f
    andn a2, a0, a1
    EXPECT(a2, 0xf0)
    orn a2, zero, a1
    EXPECT(a2, 0xfffffffffffffff0)
    xnor a2, a0, a1
    EXPECT(a2, 0xffffffffffffff0f)

    TEST(7)
    li a0, 0
    li a1, 63
    bset a2, a0, a1
    EXPECT(a2, 0x8000000000000000)
    bext a3, a2, a1
    EXPECT(a3, 1)
    binv a2, a2, a1
    EXPECT(a2, 0)
    li a0, -1
    bclr a2, a0, a1
    EXPECT(a2, 0x7fffffffffffffff)
    bseti a2, zero, 40
    EXPECT(a2, 0x10000000000)
    bclri a2, a0, 0
    EXPECT(a2, -2)
    binvi a2, zero, 3
    EXPECT(a2, 8)
    bexti a2, a0, 62
    EXPECT(a2, 1)
    li a1, 64 + 2           /* the index is rs2 mod 64 */
    bset a2, zero, a1
    EXPECT(a2, 4)
    j pass
END
