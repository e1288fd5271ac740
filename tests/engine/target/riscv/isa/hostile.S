/* A hostile guest: wild, huge and wrapping addresses for loads, stores,
 * atomics and jumps, and page tables that point outside RAM or at MMIO.
 * Each must fault (access fault, or page fault for a bad PTE), never
 * reach the host. */
#include "riscv-test.h"
START
main:
    TEST(1)
    li a0, -1
    CLEAR_TRAP
    ld a1, 0(a0)            /* wraps past 2^64 */
    EXPECT_MTRAP(CAUSE_LOAD_ACCESS)
    CLEAR_TRAP
    li a0, -3
    lw a1, 0(a0)
    EXPECT_MTRAP(CAUSE_LOAD_ACCESS)
    CLEAR_TRAP
    li a0, 0x8000000000000000
    sd a1, 0(a0)
    EXPECT_MTRAP(CAUSE_STORE_ACCESS)
    CLEAR_TRAP
    li a0, RAM_END - 4      /* the last word of RAM */
    ld a1, 0(a0)            /* half in RAM, half beyond */
    EXPECT_MTRAP(CAUSE_LOAD_ACCESS)
    CLEAR_TRAP
    sd a1, 0(a0)
    EXPECT_MTRAP(CAUSE_STORE_ACCESS)
    CLEAR_TRAP
    li a0, -8
    amoswap.d a1, a1, (a0)
    EXPECT_MTRAP(CAUSE_STORE_ACCESS)

    TEST(2)
    li a0, -2
    CLEAR_TRAP
    la s1, 1f
    jr a0                   /* fetch at the top of the address space */
1:  EXPECT_MTRAP(CAUSE_INSN_ACCESS)
    li a0, MMIO_REG
    CLEAR_TRAP
    la s1, 2f
    jr a0                   /* code in MMIO is refused */
2:  EXPECT_MTRAP(CAUSE_INSN_ACCESS)
    li a0, RAM_END - 2
    li a1, 0x0001           /* c.nop, then the end of RAM */
    sh a1, 0(a0)
    fence.i
    CLEAR_TRAP
    la s1, 3f
    jr a0
3:  EXPECT_MTRAP(CAUSE_INSN_ACCESS)
    li t0, RAM_END
    bne s3, t0, fail

    TEST(3)
    /* Page tables outside RAM: accesses through MPRV fault. */
    li t0, (8 << 60) | (0x10000000000 >> 12)
    csrw satp, t0
    li t0, (1 << 17) | (1 << 11)
    csrs mstatus, t0        /* MPRV, MPP = S */
    li a0, 0x1000
    CLEAR_TRAP
    ld a1, 0(a0)
    EXPECT_MTRAP(CAUSE_LOAD_ACCESS)
    CLEAR_TRAP
    sd a1, 0(a0)
    EXPECT_MTRAP(CAUSE_STORE_ACCESS)
    li t0, (8 << 60) | (MMIO_REG >> 12)
    csrw satp, t0           /* a root table in MMIO: not memory */
    CLEAR_TRAP
    ld a1, 0(a0)
    li t0, CAUSE_LOAD_PAGE
    beq s2, t0, 4f
    li t0, CAUSE_LOAD_ACCESS
    bne s2, t0, fail
4:  /* A leaf pointing far outside RAM. */
    li t0, 1 << 17
    csrc mstatus, t0        /* MPRV off while the table is written */
    la t0, root
    li t1, ((0x7fc0000000 >> 12) << 10) | 0xcf  /* a gigapage, V R W X A D */
    sd t1, 0(t0)
    srli t0, t0, 12
    li t1, 8 << 60
    or t0, t0, t1
    csrw satp, t0
    sfence.vma
    li t0, 3 << 11          /* each trap's mret left MPP = U: S again */
    csrc mstatus, t0
    li t0, (1 << 17) | (1 << 11)
    csrs mstatus, t0
    CLEAR_TRAP
    ld a1, 0(a0)            /* VA 0x1000 -> PA 0x7fc0001000 */
    EXPECT_MTRAP(CAUSE_LOAD_ACCESS)
    li t0, 1 << 17
    csrc mstatus, t0
    csrw satp, zero
    j pass
END

    .data
    .balign 4096
root:
    .skip 4096
