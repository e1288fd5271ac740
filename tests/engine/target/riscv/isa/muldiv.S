/* M: products and their high halves, division's defined results for a
 * zero divisor and for overflow, and the W forms. */
#include "riscv-test.h"
START
main:
    TEST(1)
    li a0, 3
    li a1, -4
    mul a2, a0, a1
    EXPECT(a2, -12)
    li a0, -1
    mulh a2, a0, a0
    EXPECT(a2, 0)
    mulhu a2, a0, a0
    EXPECT(a2, 0xfffffffffffffffe)
    mulhsu a2, a0, a0       /* -1 * (2^64 - 1) */
    EXPECT(a2, -1)
    li a0, 0x8000000000000000
    mulh a2, a0, a0
    EXPECT(a2, 0x4000000000000000)

    TEST(2)
    li a0, 5
    div a2, a0, zero
    EXPECT(a2, -1)
    divu a2, a0, zero
    EXPECT(a2, -1)
    rem a2, a0, zero
    EXPECT(a2, 5)
    remu a2, a0, zero
    EXPECT(a2, 5)

    TEST(3)
    li a0, 0x8000000000000000
    li a1, -1
    div a2, a0, a1
    EXPECT(a2, 0x8000000000000000)
    rem a2, a0, a1
    EXPECT(a2, 0)

    TEST(4)
    li a0, -7
    li a1, 2
    div a2, a0, a1
    EXPECT(a2, -3)
    rem a2, a0, a1
    EXPECT(a2, -1)
    divu a2, a0, a1
    EXPECT(a2, 0x7ffffffffffffffc)

    TEST(5)
    li a0, 0x7fffffff
    li a1, 2
    mulw a2, a0, a1
    EXPECT(a2, -2)
    li a0, 0xffffffff80000000
    li a1, -1
    divw a2, a0, a1
    EXPECT(a2, 0xffffffff80000000)
    remw a2, a0, a1
    EXPECT(a2, 0)
    divuw a2, a0, zero
    EXPECT(a2, -1)
    li a0, 0x80000000
    remuw a2, a0, zero
    EXPECT(a2, 0xffffffff80000000)
    li a0, 0x100000007      /* only the low words count */
    li a1, 0x200000002
    divw a2, a0, a1
    EXPECT(a2, 3)
    remw a2, a0, a1
    EXPECT(a2, 1)
    j pass
END
