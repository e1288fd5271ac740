/* The PLIC's per-hart contexts on -M virt (run with -smp 2; spike has no
 * PLIC, so this program is virt's alone). The source is the UART's
 * transmitter-empty interrupt (source 10), which rises as soon as IER
 * enables it, and falls when IER is cleared again.
 *
 *   1  with SEIP delegated (mideleg), the source enabled for context 1
 *      only (hart 0's S mode) reaches mip.SEIP and not MEIP, and is
 *      taken in S: scause is SEI, context 0 claims nothing, context 1
 *      claims source 10 from S, and after the complete nothing is left
 *      pending; no M interrupt on the way (MEIP is enabled and M-level
 *      interrupts are always on in S)
 *   2  context 1's threshold: priority 1 does not pass threshold 1, it
 *      passes threshold 0
 *   3  the source enabled for context 2 only (hart 1's M mode) is taken
 *      by hart 1, which claims and completes it through context 2; hart
 *      0, with MEIP and SEIP enabled and M interrupts on, sees neither
 *
 * Hart 1 runs a heartbeat loop with MEIP enabled from the start, and
 * hart 0 waits for it to beat while the source is up in checks 1 and 2
 * (hart1_ran), so a source wrongly routed to hart 1 there fails the run
 * too: hart 1's handler records any interrupt but check 3's in
 * hart1_error, which hart 0 reports as check 16 + the check under way. */
#include "riscv-test.h"

#if !defined(MACHINE_VIRT)
#error "plic.S needs the virt board's PLIC"
#endif

#define SETTLE nop; j 98f; 98: nop
#define SPIN_LIMIT 4000000
#define MIP_EXTERNAL (MIP_SEIP | MIP_MEIP)

/* The UART's source: its priority, the contexts that enable it (a mask
 * of contexts 0-3), thresholds of contexts 0-2. Clobbers t0-t2. */
.macro plic_route priority, contexts, thr0, thr1, thr2
    li t0, PLIC_PRIORITY(UART_IRQ)
    li t1, \priority
    sw t1, 0(t0)
    li t2, 0
1:  li t0, PLIC_ENABLE(0)
    slli t1, t2, 7          /* the enable stride, 0x80 */
    add t0, t0, t1
    li t1, \contexts
    srl t1, t1, t2
    andi t1, t1, 1
    slli t1, t1, UART_IRQ
    sw t1, 0(t0)
    addi t2, t2, 1
    li t1, 4
    bltu t2, t1, 1b
    li t0, PLIC_THRESHOLD(0)
    li t1, \thr0
    sw t1, 0(t0)
    li t0, PLIC_THRESHOLD(1)
    li t1, \thr1
    sw t1, 0(t0)
    li t0, PLIC_THRESHOLD(2)
    li t1, \thr2
    sw t1, 0(t0)
.endm

#define UART_ON li t0, UART_IER; li t1, UART_IER_THRI; sb t1, 0(t0)
#define UART_OFF li t0, UART_IER; sb zero, 0(t0)
/* rd = this hart's mip.SEIP and MEIP. */
#define EXTERNAL_PENDING(rd) csrr rd, mip; li t6, MIP_EXTERNAL; and rd, rd, t6
#define UART_PENDING(rd) li rd, PLIC_PENDING; lw rd, 0(rd); \
    srli rd, rd, UART_IRQ; andi rd, rd, 1

START
main:
    /* S-mode may reach all of memory and the devices (PMP entry 0: NAPOT
     * over everything, RWX), as firmware would leave it. */
    li t0, -1
    csrw pmpaddr0, t0
    li t0, 0x1f
    csrw pmpcfg0, t0
    la t0, irq_m
    csrw mtvec, t0
    csrr s0, mhartid
    bnez s0, hart1

    TEST(1)
    li t0, 1
    la t1, phase
    sw t0, 0(t1)
    la t0, irq_s
    csrw stvec, t0
    li t0, MIP_SEIP
    csrw mideleg, t0
    li t0, MIP_EXTERNAL
    csrw mie, t0
    plic_route 1, 1 << 1, 0, 0, 0
    EXTERNAL_PENDING(a1)
    EXPECT(a1, 0)
    UART_ON
    EXTERNAL_PENDING(a1)
    EXPECT(a1, MIP_SEIP)
    UART_PENDING(a1)
    EXPECT(a1, 1)
    call hart1_ran
    csrsi mstatus, 8        /* delegated: not taken in M whatever MIE says */
    SETTLE
    li s11, 0
    csrsi sstatus, 2        /* SIE */
    la s10, 1f
    ENTER_MODE(1, s_take)
s_take:
    SETTLE
    csrci sstatus, 2
    ecall
1:  csrci mstatus, 8
    EXPECT(s11, 1)
    la t0, claimed
    lw a1, 0(t0)
    EXPECT(a1, UART_IRQ)
    EXTERNAL_PENDING(a1)
    EXPECT(a1, 0)
    UART_PENDING(a1)
    EXPECT(a1, 0)

    TEST(2)
    li t0, 2
    la t1, phase
    sw t0, 0(t1)
    plic_route 1, 1 << 1, 0, 1, 0
    UART_ON
    EXTERNAL_PENDING(a1)
    EXPECT(a1, 0)           /* pending at the PLIC, below the threshold */
    UART_PENDING(a1)
    EXPECT(a1, 1)
    li t0, PLIC_THRESHOLD(1)
    sw zero, 0(t0)
    EXTERNAL_PENDING(a1)
    EXPECT(a1, MIP_SEIP)
    call hart1_ran
    li t0, PLIC_CLAIM(1)    /* claimed and completed from M this time */
    lw a1, 0(t0)
    EXPECT(a1, UART_IRQ)
    UART_OFF
    li t0, PLIC_CLAIM(1)
    li t1, UART_IRQ
    sw t1, 0(t0)
    EXTERNAL_PENDING(a1)
    EXPECT(a1, 0)

    TEST(3)
    csrw mideleg, zero
    li t0, 3
    la t1, phase
    sw t0, 0(t1)
    plic_route 1, 1 << 2, 0, 0, 0
    csrsi mstatus, 8        /* MEIP or SEIP here would trap to irq_m */
    UART_ON
    SETTLE
    la a0, hart1_acks
    li t2, SPIN_LIMIT
2:  EXTERNAL_PENDING(a1)
    EXPECT(a1, 0)
    la t0, hart1_error
    lw t1, 0(t0)
    bnez t1, hart1_failed
    lw t1, 0(a0)
    bnez t1, 3f
    addi t2, t2, -1
    bnez t2, 2b
    j fail                  /* hart 1 never took it */
3:  csrci mstatus, 8
    EXPECT(t1, 1)
    la t0, claimed_by_hart1
    lw a1, 0(t0)
    EXPECT(a1, UART_IRQ)
    li t0, PLIC_CLAIM(0)    /* nothing for hart 0's contexts */
    lw a1, 0(t0)
    EXPECT(a1, 0)
    li t0, PLIC_CLAIM(1)
    lw a1, 0(t0)
    EXPECT(a1, 0)
    UART_PENDING(a1)
    EXPECT(a1, 0)
    la t0, hart1_error
    lw t1, 0(t0)
    bnez t1, hart1_failed
    j pass

hart1_failed:
    mv gp, t1
    j fail

/* Returns once hart 1 has beaten twice since the call: it ran, and took
 * whatever was pending for it, after everything hart 0 did before. Fails
 * the current check if it never does. Clobbers t0-t2, a6. */
hart1_ran:
    la t0, heartbeat
    lw t1, 0(t0)
    addi t1, t1, 2
    li t2, SPIN_LIMIT
1:  la a6, hart1_error
    lw a6, 0(a6)
    bnez a6, 2f
    lw a6, 0(t0)
    bge a6, t1, 3f
    addi t2, t2, -1
    bnez t2, 1b
    j fail
2:  mv gp, a6
    j fail
3:  ret

/* Hart 1: MEIP on, beating until the run ends. */
hart1:
    li t0, MIP_MEIP
    csrw mie, t0
    csrsi mstatus, 8
    la a0, heartbeat
1:  lw t1, 0(a0)
    addi t1, t1, 1
    sw t1, 0(a0)
    j 1b

/* Hart 1's MEI: in check 3 only, claim source 10 through context 2, quiet
 * the UART, complete, acknowledge. Anything else is recorded for hart 0.
 * Hart 0's M interrupts all fail: nothing may reach it in M. */
    .balign 4
irq_m:
    csrr t5, mcause
    bgez t5, trap_m         /* exceptions: the ecall back from S */
    beqz s0, fail
    li t6, IRQ(11)
    bne t5, t6, 1f
    la t5, phase
    lw t5, 0(t5)
    li t6, 3
    bne t5, t6, 1f
    li t3, PLIC_CLAIM(2)
    lw t4, 0(t3)
    la t5, claimed_by_hart1
    sw t4, 0(t5)
    UART_OFF
    sw t4, 0(t3)
    la t5, hart1_acks
    li t6, 1
    amoadd.w zero, t6, (t5)
    mret
1:  la t5, hart1_error
    la t6, phase
    lw t6, 0(t6)
    addi t6, t6, 16         /* 16 + the check under way */
    sw t6, 0(t5)
    csrw mie, zero
    mret

/* Hart 0's SEI in S: record the claim through context 1, quiet the
 * UART, complete. */
    .balign 4
irq_s:
    csrr t5, scause
    li t6, IRQ(9)
    bne t5, t6, fail
    csrr t5, sip
    andi t5, t5, MIP_SEIP
    beqz t5, fail
    li t5, PLIC_CLAIM(0)
    lw t5, 0(t5)
    bnez t5, fail
    li t3, PLIC_CLAIM(1)
    lw t4, 0(t3)
    la t5, claimed
    sw t4, 0(t5)
    UART_OFF
    sw t4, 0(t3)
    addi s11, s11, 1
    sret
END

    .data
    .balign 8
phase:
    .word 0
heartbeat:
    .word 0
claimed:
    .word 0
claimed_by_hart1:
    .word 0
hart1_acks:
    .word 0
hart1_error:
    .word 0
