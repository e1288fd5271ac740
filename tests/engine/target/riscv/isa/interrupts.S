/* Interrupts: MSIP raised by its source; vectored mtvec and the order
 * several pending interrupts are taken in, each handler lowering its
 * source (SEIP and SSIP are written by M); delegation of SSIP to S;
 * M-level interrupts taken in S whatever mstatus.MIE says; wfi with an
 * interrupt pending; wfi woken by the Sstc timer and, on the boards, by
 * the CLINT's timer. The sources are the machine's (riscv-test.h): wires
 * on the bare machine, the CLINT and (virt) the PLIC on the boards. */
#include "riscv-test.h"

/* Ends the block so a pending interrupt is taken here. */
#define SETTLE nop; j 98f; 98: nop

START
main:
    TEST(1)
    la t0, irq_m
    csrw mtvec, t0
    li s11, 0
    li t0, MIP_MSIP
    csrw mie, t0
    csrsi mstatus, 8
    IRQ_RAISE_MSIP
    SETTLE
    EXPECT(s2, IRQ(3))
    EXPECT(s11, 1)
    csrci mstatus, 8

    TEST(2)
    la t0, vectors
    ori t0, t0, 1
    csrw mtvec, t0
    li s11, 0
#if HAS_MEIP
    li a1, MIP_MSIP | MIP_MTIP | MIP_SEIP | MIP_SSIP | MIP_MEIP
#else
    li a1, MIP_MSIP | MIP_MTIP | MIP_SEIP | MIP_SSIP
#endif
    csrw mie, a1
    IRQ_RAISE_MSIP
    IRQ_RAISE_MTIP
#if HAS_MEIP
    IRQ_RAISE_MEIP
#endif
    li t0, MIP_SEIP | MIP_SSIP  /* software-writable from M, not delegated */
    csrs mip, t0
    csrr a2, mip
    and a2, a2, a1
    bne a2, a1, fail        /* all pending before any is taken */
    csrsi mstatus, 8
    SETTLE
    csrci mstatus, 8
    EXPECT(s11, 4 + HAS_MEIP)
    la a0, order            /* MEI, MSI, MTI, SEI, SSI (STI) */
#if HAS_MEIP
    lbu a1, 0(a0)
    EXPECT(a1, 11)
    addi a0, a0, 1
#endif
    lbu a1, 0(a0)
    EXPECT(a1, 3)
    lbu a1, 1(a0)
    EXPECT(a1, 7)
    lbu a1, 2(a0)
    EXPECT(a1, 9)
    lbu a1, 3(a0)
    EXPECT(a1, 1)
    csrr a1, mip
    li t0, MIP_MSIP | MIP_MTIP | MIP_MEIP | MIP_SEIP | MIP_SSIP
    and a1, a1, t0
    EXPECT(a1, 0)           /* every handler lowered its source */

    TEST(3)
    la t0, irq_m
    csrw mtvec, t0
    la t0, irq_s
    csrw stvec, t0
    li t0, MIP_SSIP
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
    li t0, MIP_MSIP
    csrw mie, t0
    li s2, 0
    la s10, 2f
    ENTER_MODE(1, s_mirq)
s_mirq:
    IRQ_RAISE_MSIP
    SETTLE
    EXPECT(s2, IRQ(3))
    ecall
2:

    TEST(5)
    /* wfi with an interrupt pending (not enabled globally) falls through. */
    csrci mstatus, 8        /* the mret that brought us back set MIE */
    li s2, 0
    IRQ_RAISE_MSIP
    wfi
    EXPECT(s2, 0)
    IRQ_LOWER_MSIP
    csrr a1, mip
    andi a1, a1, MIP_MSIP
    EXPECT(a1, 0)

    TEST(6)
    /* wfi until the Sstc timer raises STIP. */
    li t0, 0x8000000000000000
    csrw menvcfg, t0
    li t0, MIP_STIP
    csrw mie, t0
    csrr a0, time
    li t0, 100000           /* 10 ms at 10 MHz */
    add a0, a0, t0
    csrw stimecmp, a0
    csrr a1, mip
    andi a1, a1, MIP_STIP
    EXPECT(a1, 0)
    wfi
    csrr a1, mip
    andi a1, a1, MIP_STIP
    EXPECT(a1, MIP_STIP)
    csrr a1, time
    bltu a1, a0, fail
    li t0, -1
    csrw stimecmp, t0
    csrr a1, mip
    andi a1, a1, MIP_STIP
    EXPECT(a1, 0)
    csrw menvcfg, zero

    TEST(7)
    /* Without Sstc, M may write STIP. */
    li t0, MIP_STIP
    csrs mip, t0
    csrr a1, mip
    andi a1, a1, MIP_STIP
    EXPECT(a1, MIP_STIP)
    csrc mip, t0

#if HAS_CLINT
    TEST(8)
    /* wfi until the CLINT's mtime reaches mtimecmp, which raises MTIP;
     * the time CSR reads the same clock. */
    li t0, MIP_MTIP
    csrw mie, t0
    li a0, CLINT_MTIME
    ld a1, 0(a0)
    csrr a2, time
    bltu a2, a1, fail
    li t0, 100000           /* 10 ms at 10 MHz */
    add a1, a1, t0
    li a0, CLINT_MTIMECMP0
    sd a1, 0(a0)
    csrr a2, mip
    andi a2, a2, MIP_MTIP
    EXPECT(a2, 0)
    wfi
    csrr a2, mip
    andi a2, a2, MIP_MTIP
    EXPECT(a2, MIP_MTIP)
    li a0, CLINT_MTIME
    ld a2, 0(a0)
    bltu a2, a1, fail
    IRQ_LOWER_MTIP
    csrr a2, mip
    andi a2, a2, MIP_MTIP
    EXPECT(a2, 0)
    csrw mie, zero
#endif
    j pass

/* Interrupt handlers: record the cause, count, lower the source. */
    .balign 4
irq_m:
    csrr t5, mcause
    bgez t5, trap_m         /* exceptions (ecall) go to the usual handler */
    csrr s2, mcause
    csrr s4, mepc
    addi s11, s11, 1
    li t5, IRQ(3)           /* only MSIP is enabled while it is mtvec */
    bne s2, t5, fail
    li t5, 8                /* taken again and again: not lowered */
    bgeu s11, t5, fail
    IRQ_LOWER_MSIP
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
    j vec1
    j fail
    j vec3
    j fail
    j fail
    j fail
    j vec7
    j fail
    j vec9
    j fail
    j vec11
    j fail
    j fail
    j fail
    j fail
    .balign 4
/* Records the cause (t5) in order[]; a source that was not lowered
 * would be taken again and again: that fails rather than overflows. */
record:
    li t3, 8
    bgeu s11, t3, fail
    la t3, order
    add t3, t3, s11
    sb t5, 0(t3)
    addi s11, s11, 1
    jr t6
vec1:
    li t5, 1
    jal t6, record
    li t3, MIP_SSIP
    csrc mip, t3
    mret
vec3:
    li t5, 3
    jal t6, record
    IRQ_LOWER_MSIP
    mret
vec7:
    li t5, 7
    jal t6, record
    IRQ_LOWER_MTIP
    mret
vec9:
    li t5, 9
    jal t6, record
    li t3, MIP_SEIP
    csrc mip, t3
    mret
vec11:
#if HAS_MEIP
    li t5, 11
    jal t6, record
    IRQ_LOWER_MEIP
    mret
#else
    j fail
#endif
END

    .data
order:
    .skip 16
