/* Self-modifying code: stores to code already decoded, made visible by
 * fence.i, within one block and across calls. */
#include "riscv-test.h"
START
main:
    TEST(1)
    call patch_fn
    EXPECT(a0, 1)
    la a0, patch_fn
    li a1, 0x00200513       /* addi a0, zero, 2 */
    sw a1, 0(a0)
    fence.i
    call patch_fn
    EXPECT(a0, 2)

    TEST(2)
    /* The patched instruction follows the store in the same block. */
    la a0, 1f
    li a1, 0x00300513       /* addi a0, zero, 3 */
    sw a1, 0(a0)
    fence.i
1:  addi a0, zero, 1
    EXPECT(a0, 3)

    TEST(3)
    /* A loop patched on each pass: the immediate counts up. */
    li s0, 0
    li s11, 5
2:  la a0, 3f
    lw a1, 0(a0)
    li t0, 1 << 20
    add a1, a1, t0          /* imm += 1 */
    sw a1, 0(a0)
    fence.i
3:  addi a2, zero, 0
    add s0, s0, a2
    addi s11, s11, -1
    bnez s11, 2b
    EXPECT(s0, 1 + 2 + 3 + 4 + 5)

    TEST(4)
    /* A 16-bit store rewrites half an instruction. */
    la a0, 4f
    li a1, 0x0513           /* low half of "addi a0, zero, imm" */
    sh a1, 0(a0)
    fence.i
4:  addi a0, zero, 7        /* low half patched to the same: still 7 */
    EXPECT(a0, 7)
    la a0, 5f
    li a1, 0x0093           /* addi ra, zero, ... */
    sh a1, 0(a0)
    fence.i
5:  addi a0, zero, 9        /* became addi ra, zero, 9 */
    EXPECT(ra, 9)

    TEST(5)
    /* Stricter than the ISA asks, what this hart promises: a store to
     * decoded code is seen even without fence.i. */
    call patch_fn2
    EXPECT(a0, 4)
    la a0, patch_fn2
    li a1, 0x00500513       /* addi a0, zero, 5 */
    sw a1, 0(a0)
    call patch_fn2
    EXPECT(a0, 5)

    /* The same for the very next instruction, in the same block, written
     * by a store and by an AMO. */
    TEST(6)
    la a0, 1f
    li a1, 0x00300513       /* addi a0, zero, 3 */
    sw a1, 0(a0)
1:  addi a0, zero, 1
    EXPECT(a0, 3)
    TEST(7)
    la a0, 1f
    li a1, 0x00700513       /* addi a0, zero, 7 */
    amoswap.w zero, a1, (a0)
1:  addi a0, zero, 1
    EXPECT(a0, 7)
    j pass

patch_fn2:
    addi a0, zero, 4
    ret

patch_fn:
    addi a0, zero, 1
    ret
END
