/* Interrupts: a wire raising MSIP, vectored mtvec and the order several
 * pending interrupts are taken in, delegation of SSIP to S, M-level
 * interrupts taken in S whatever mstatus.MIE says, wfi with an interrupt
 * pending, and wfi woken by the Sstc timer. */
#include "riscv-test.h"

/* Ends the block so a pending interrupt is taken here. */
#define SETTLE nop; j 98f; 98: nop

START
main:
    TEST(1)
    la t0, irq_m
    csrw mtvec, t0
    li s11, 0
    li t0, 1 << 3
    csrw mie, t0
    csrsi mstatus, 8
    li a0, WIRES
    li a1, 1 << 3
    sw a1, 0(a0)
    SETTLE
    EXPECT(s2, IRQ(3))
    EXPECT(s11, 1)
    csrci mstatus, 8

    TEST(2)
    la t0, vectors
    ori t0, t0, 1
    csrw mtvec, t0
    li s11, 0
    li a1, (1 << 3) | (1 << 7) | (1 << 11)
    csrw mie, a1
    li a0, WIRES
    sw a1, 0(a0)
    csrsi mstatus, 8
    SETTLE
    csrci mstatus, 8
    EXPECT(s11, 3)
    la a0, order
    lbu a1, 0(a0)
    EXPECT(a1, 11)
    lbu a1, 1(a0)
    EXPECT(a1, 3)
    lbu a1, 2(a0)
    EXPECT(a1, 7)

    TEST(3)
    la t0, irq_m
    csrw mtvec, t0
    la t0, irq_s
    csrw stvec, t0
    li t0, 1 << 1
    csrw mideleg, t0
    csrw mie, t0
    csrs mip, t0            /* SSIP: pending, but delegated: not taken in M */
    csrsi mstatus, 8
    SETTLE
    csrci mstatus, 8
    li s5, 0
    csrsi sstatus, 2        /* SIE */
    la s10, 1f
    ENTER_MODE(1, s_irq)
s_irq:
    SETTLE
    EXPECT(s5, IRQ(1))
    csrci sstatus, 2
    ecall
1:  csrw mideleg, zero

    TEST(4)
    /* In S, an M-level interrupt is taken though mstatus.MIE is 0. */
    li t0, 1 << 3
    csrw mie, t0
    li s2, 0
    la s10, 2f
    ENTER_MODE(1, s_mirq)
s_mirq:
    li a0, WIRES
    li a1, 1 << 3
    sw a1, 0(a0)
    SETTLE
    EXPECT(s2, IRQ(3))
    ecall
2:

    TEST(5)
    /* wfi with an interrupt pending (not enabled globally) falls through. */
    csrci mstatus, 8        /* the mret that brought us back set MIE */
    li s2, 0
    li a0, WIRES
    li a1, 1 << 3
    sw a1, 0(a0)
    wfi
    EXPECT(s2, 0)
    sw zero, 0(a0)

    TEST(6)
    /* wfi until the Sstc timer raises STIP. */
    li t0, 0x8000000000000000
    csrw menvcfg, t0
    li t0, 1 << 5
    csrw mie, t0
    csrr a0, time
    li t0, 100000           /* 10 ms at 10 MHz */
    add a0, a0, t0
    csrw stimecmp, a0
    csrr a1, mip
    andi a1, a1, 1 << 5
    EXPECT(a1, 0)
    wfi
    csrr a1, mip
    andi a1, a1, 1 << 5
    EXPECT(a1, 1 << 5)
    csrr a1, time
    bltu a1, a0, fail
    li t0, -1
    csrw stimecmp, t0
    csrr a1, mip
    andi a1, a1, 1 << 5
    EXPECT(a1, 0)
    csrw menvcfg, zero

    TEST(7)
    /* Without Sstc, M may write STIP. */
    li t0, 1 << 5
    csrs mip, t0
    csrr a1, mip
    andi a1, a1, 1 << 5
    EXPECT(a1, 1 << 5)
    csrc mip, t0
    j pass

/* Interrupt handlers: record the cause, count, lower the source. */
    .balign 4
irq_m:
    csrr t5, mcause
    bgez t5, trap_m         /* exceptions (ecall) go to the usual handler */
    csrr s2, mcause
    csrr s4, mepc
    addi s11, s11, 1
    slli t5, s2, 1
    srli t5, t5, 1          /* the cause number */
    li t4, 1
    sll t4, t4, t5
    li t3, WIRES
    lw t5, 0(t3)
    not t4, t4
    and t5, t5, t4
    sw t5, 0(t3)
    mret

    .balign 4
irq_s:
    csrr s5, scause
    li t5, 2
    csrc sip, t5
    sret

    .balign 4
vectors:
    j fail
    j fail
    j fail
    j vec3
    j fail
    j fail
    j fail
    j vec7
    j fail
    j fail
    j fail
    j vec11
    j fail
    j fail
    j fail
    j fail
    .balign 4
vec_common:
    la t3, order
    add t3, t3, s11
    sb t5, 0(t3)
    addi s11, s11, 1
    li t4, 1
    sll t4, t4, t5
    li t3, WIRES
    lw t6, 0(t3)
    not t4, t4
    and t6, t6, t4
    sw t6, 0(t3)
    mret
vec3:
    li t5, 3
    j vec_common
vec7:
    li t5, 7
    j vec_common
vec11:
    li t5, 11
    j vec_common
END

    .data
order:
    .skip 16
