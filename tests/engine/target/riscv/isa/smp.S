/* Several harts at once (NHARTS: the boards run it with -smp 4, the bare
 * machine gives it 4 harts). Every hart starts at _start, on the boards
 * with a0 = its hart ID; hart 0 coordinates and alone reports. Another
 * hart whose check fails writes the check's number to sec_error (and its
 * ID to sec_error_hart) and parks; hart 0 looks at sec_error in every wait
 * and reports it as its own failure. Hart 0 never waits without a limit
 * (SPIN_LIMIT turns of a loop, then the current check fails), so a
 * missing hart or a lost interrupt fails the run instead of hanging it.
 *
 *   1  each hart reads its own mhartid (on the boards a0 = mhartid), and
 *      exactly one hart checks in per ID
 *   2  a barrier (an AMO counter and a sense flag): over several rounds of
 *      uneven work, nobody leaves it before everyone marked the round
 *   3  IPIs: hart 0 raises each other hart's MSIP in turn (the CLINT's
 *      msip, the bare machine's wires); exactly that hart takes the M
 *      software interrupt, and every msip reads 0 at the end
 *   4  (the receiver) the cause is MSI and lowering its own msip clears
 *      its mip.MSIP
 *   5  hart 0's own timer (mtimecmp[0]; Sstc's stimecmp on the bare
 *      machine) interrupts it at its deadline, and MTIP stays a level
 *      until the comparator moves
 *   6  meanwhile no other hart's mip shows a timer interrupt
 *   7  every hart's own timer, at staggered deadlines: each interrupt
 *      comes no earlier than its own hart's deadline, once per hart
 *   8  AMO contention: every hart adds hartid + 1 to a word (amoadd.w)
 *      and a doubleword (amoadd.d) AMO_ROUNDS times: exact totals
 *   9  an LR/SC spinlock around a load and a store that a hart switch can
 *      split (a block boundary sits between them): exact total
 *  10  never two harts inside that lock at once
 *
 * The harts run round-robin and switch only at block boundaries, after
 * a fixed number of instructions, so the contended loops vary their
 * length (JITTER, whose branches also end blocks between the lock's load
 * and store) and switches fall all over them: a lock that does not
 * exclude, or an update that is not atomic, loses increments on every
 * board and on the bare machine. */
#include "riscv-test.h"

#define NHARTS 4
#define SPIN_LIMIT 4000000
#define BARRIER_ROUNDS 4
#define BARRIER_WORK 6000       /* x (hartid + 1) loop turns per round */
#define TIMER_DELAY 20000       /* 2 ms at 10 MHz */
#define AMO_ROUNDS 20000
#define LOCK_ROUNDS 10000
#define SAVE_SHIFT 6            /* 64 bytes of handler save area per hart */

/* For code every hart runs: fails the current check (t6 clobbered). */
#define CHECK(reg, val) li t6, val; fence; bne reg, t6, failed
/* reg = &array[this hart] for an array of words. Clobbers t0. */
#define MY_WORD(reg, array) la reg, array; slli t0, s0, 2; add reg, reg, t0
#define TIMER_PENDING(rd) csrr rd, mip; andi rd, rd, MIP_TIMER
/* 1 to 8 turns of a 3-instruction loop, as a pseudo-random sequence in
 * a5 (xorshift64) says. A hart runs a fixed number of instructions
 * between switches, so a loop of fixed (or periodic) length can be
 * switched at the same place in it every time; this moves the place, so
 * a switch also falls where it hurts. Clobbers t2. */
#define JITTER slli t2, a5, 13; xor a5, a5, t2; srli t2, a5, 7; \
    xor a5, a5, t2; slli t2, a5, 17; xor a5, a5, t2; andi t2, a5, 7; \
    97: addi t2, t2, -1; nop; bgez t2, 97b

/* Register use: s0 = mhartid, s11 = barrier sense and a5 = JITTER's
 * state, for the whole run; the interrupt handler saves what it uses
 * (t3-t6, gp), so the code it interrupts keeps everything. */
START
main:
    csrr s0, mhartid
    li s11, 0
    li a5, 0x9e3779b97f4a7c15
    add a5, a5, s0          /* a sequence of its own per hart, never 0 */

    TEST(1)
    li t0, NHARTS
    bgeu s0, t0, failed     /* a hart this program has no room for */
#if !defined(MACHINE_BARE)
    bne a0, s0, failed      /* the reset ROM passes the hart ID in a0 */
#endif
    la t0, save_area
    slli t1, s0, SAVE_SHIFT
    add t0, t0, t1
    csrw mscratch, t0
    la t0, irq_m
    csrw mtvec, t0
    TIMER_INIT
    MY_WORD(a0, checkin)
    li t1, 1
    amoadd.w zero, t1, (a0)
    call barrier
    bnez s0, 2f
    la a0, checkin
    li a1, NHARTS
1:  lw t1, 0(a0)
    CHECK(t1, 1)            /* two harts with one ID leave another at 0 */
    addi a0, a0, 4
    addi a1, a1, -1
    bnez a1, 1b
2:

    TEST(2)
    li a2, 1                /* the round */
3:  addi t1, s0, 1
    li t0, BARRIER_WORK
    mul t1, t1, t0
4:  addi t1, t1, -1
    bnez t1, 4b
    MY_WORD(a0, marks)
    sw a2, 0(a0)
    call barrier
    la a0, marks
    li a1, NHARTS
5:  lw t1, 0(a0)
    blt t1, a2, failed      /* someone left before this hart marked */
    addi a0, a0, 4
    addi a1, a1, -1
    bnez a1, 5b
    addi a2, a2, 1
    li t0, BARRIER_ROUNDS
    bleu a2, t0, 3b

    TEST(3)
    /* Every hart takes MSIP, hart 0 too: it must get none. */
    li t0, MIP_MSIP
    csrw mie, t0
    csrsi mstatus, 8
    call barrier
    bnez s0, ipi_receive
    li a2, 1                /* the hart sent to */
6:  IPI_SEND(a2)
    la a0, ipi_count
    slli t0, a2, 2
    add a0, a0, t0
    li a1, 1
    call wait_eq
    IPI_READ(a2, t1)
    CHECK(t1, 0)            /* the receiver lowered its own msip */
    la a0, ipi_count        /* and nobody else took one: the sum is a2 */
    li a1, NHARTS
    li t2, 0
7:  lw t1, 0(a0)
    add t2, t2, t1
    addi a0, a0, 4
    addi a1, a1, -1
    bnez a1, 7b
    bne t2, a2, failed
    addi a2, a2, 1
    li t0, NHARTS
    bltu a2, t0, 6b
    j 9f
ipi_receive:
    /* It may have come already, while this hart left the barrier. */
    MY_WORD(a0, ipi_count)
8:  lw t1, 0(a0)
    bnez t1, 9f
    wfi
    j 8b
9:  csrci mstatus, 8
    csrw mie, zero
    call barrier
    bnez s0, 11f
    li a2, 0                /* at rest: one IPI each (hart 0: none), no msip */
10: la a0, ipi_count
    slli t0, a2, 2
    add a0, a0, t0
    lw t1, 0(a0)
    snez t2, a2
    bne t1, t2, failed
    IPI_READ(a2, t1)
    CHECK(t1, 0)
    addi a2, a2, 1
    li t0, NHARTS
    bltu a2, t0, 10b
11:

    TEST(5)
    /* Hart 0's timer alone; the others watch their own mip. */
    call barrier
    bnez s0, timer_watch
    TIMER_NOW(a1)
    li t0, TIMER_DELAY
    add a1, a1, t0
    la a0, deadline
    sd a1, 0(a0)
    li t0, MIP_TIMER
    csrw mie, t0
    csrsi mstatus, 8
    TIMER_ARM_SELF(a1)
    la a0, timer_count
    li a1, 1
    call wait_eq            /* the handler masks mie, the comparator stays */
    csrci mstatus, 8
    TIMER_PENDING(t1)
    CHECK(t1, MIP_TIMER)    /* a level: still up while mtime >= mtimecmp */
    la a0, fired
    li t1, 1
    sw t1, 0(a0)
    la a0, watched
    li a1, NHARTS - 1
    call wait_eq
    TIMER_DISARM_SELF
    TIMER_PENDING(t1)
    CHECK(t1, 0)
    j 13f
timer_watch:
    li gp, 6
    la a0, fired
12: TIMER_PENDING(t1)
    bnez t1, failed
    lw t1, 0(a0)
    beqz t1, 12b
    TIMER_PENDING(t1)       /* once more now hart 0's is surely up */
    bnez t1, failed
    la a0, watched
    li t1, 1
    amoadd.w zero, t1, (a0)
13: csrw mie, zero
    call barrier

    TEST(7)
    /* Everyone's own timer, hart h's (h + 1) half-delays away. */
    TIMER_NOW(a1)
    addi t1, s0, 1
    li t0, TIMER_DELAY / 2
    mul t1, t1, t0
    add a1, a1, t1
    la a0, deadline
    slli t0, s0, 3
    add a0, a0, t0
    sd a1, 0(a0)
    li t0, MIP_TIMER
    csrw mie, t0
    csrsi mstatus, 8
    TIMER_ARM_SELF(a1)
    MY_WORD(a0, timer_count)
    lw a1, 0(a0)
    addi a1, a1, 1
    call wait_eq
    csrci mstatus, 8
    TIMER_DISARM_SELF
    TIMER_PENDING(t1)
    CHECK(t1, 0)
    csrw mie, zero
    call barrier
    bnez s0, 15f
    la a0, timer_count      /* 2 for hart 0 (check 5 too), 1 for the rest */
    lw t1, 0(a0)
    CHECK(t1, 2)
    li a1, NHARTS - 1
14: addi a0, a0, 4
    lw t1, 0(a0)
    CHECK(t1, 1)
    addi a1, a1, -1
    bnez a1, 14b
15:

    TEST(8)
    addi a1, s0, 1
    la a0, amo_word
    la a2, amo_dword
    li t1, AMO_ROUNDS
16: amoadd.w zero, a1, (a0)
    amoadd.d zero, a1, (a2)
    JITTER
    addi t1, t1, -1
    bnez t1, 16b
    call barrier
    bnez s0, 17f
    la a0, amo_word
    lw t1, 0(a0)
    CHECK(t1, AMO_ROUNDS * NHARTS * (NHARTS + 1) / 2)
    la a0, amo_dword
    ld t1, 0(a0)
    CHECK(t1, AMO_ROUNDS * NHARTS * (NHARTS + 1) / 2)
17:

    TEST(10)
    la a0, lock
    la a1, shared
    la a2, owner
    li a3, LOCK_ROUNDS
    li a4, 1
18: lr.w.aq t0, (a0)
    bnez t0, 18b
    sc.w t0, a4, (a0)
    bnez t0, 18b
    sw s0, 0(a2)            /* inside: claim it, increment, still ours? */
    ld t1, 0(a1)
    JITTER                  /* block boundaries: a switch may fall here */
    addi t1, t1, 1
    sd t1, 0(a1)
    lw t2, 0(a2)
    bne t2, s0, failed
    amoswap.w.rl zero, zero, (a0)
    addi a3, a3, -1
    bnez a3, 18b
    call barrier
    bnez s0, park
    TEST(9)
    la a0, shared
    ld t1, 0(a0)
    CHECK(t1, NHARTS * LOCK_ROUNDS)
    la a0, lock
    lw t1, 0(a0)
    CHECK(t1, 0)

    /* The others are parked: anything they recorded is in by now. */
    la t0, sec_error
    lw t1, 0(t0)
    bnez t1, other_failed
    j pass

/* This hart's check gp failed: hart 0 reports it, another hart leaves it
 * for hart 0 and parks. */
failed:
    beqz s0, fail
    la t0, sec_error_hart
    sw s0, 0(t0)
    la t0, sec_error
    sw gp, 0(t0)
park:
    csrci mstatus, 8
    csrw mie, zero
1:  wfi
    j 1b
/* Another hart recorded a failure. */
other_failed:
    bnez s0, park
    la t0, sec_error
    lw gp, 0(t0)
    j fail

/* Waits until the word at a0 equals a1; hart 0 gives up after SPIN_LIMIT
 * turns (the current check fails) or when another hart failed. Clobbers
 * t0-t2. */
wait_eq:
    li t2, SPIN_LIMIT
1:  lw t0, 0(a0)
    beq t0, a1, 2f
    la t1, sec_error
    lw t1, 0(t1)
    bnez t1, other_failed
    addi t2, t2, -1
    bnez t2, 1b
    j failed
2:  ret

/* A sense-reversing barrier: the last hart in resets the count and flips
 * the shared sense to this round's, which the others wait for. Clobbers
 * t0-t2. */
barrier:
    xori s11, s11, 1
    la t0, bar_count
    li t1, 1
    amoadd.w.aqrl t1, t1, (t0)
    li t2, NHARTS - 1
    bne t1, t2, 1f
    sw zero, 0(t0)
    la t0, bar_sense
    fence rw, w
    sw s11, 0(t0)
    ret
1:  la t0, bar_sense
    li t2, SPIN_LIMIT
2:  lw t1, 0(t0)
    beq t1, s11, 3f
    la t1, sec_error
    lw t1, 0(t1)
    bnez t1, other_failed
    addi t2, t2, -1
    bnez t2, 2b
    j failed
3:  fence r, rw
    ret

/* M interrupts: MSI counts an IPI, the timer counts itself (once its
 * own hart's deadline has come) and masks itself in mie. Anything else
 * fails the interrupted check; exceptions go to trap_m. t3-t6 and gp are
 * saved in this hart's area (mscratch). */
    .balign 4
irq_m:
    csrrw t6, mscratch, t6
    sd t3, 0(t6)
    sd t4, 8(t6)
    sd t5, 16(t6)
    sd gp, 32(t6)
    csrr t5, mscratch
    sd t5, 24(t6)
    csrw mscratch, t6
    csrr t5, mcause
    bgez t5, irq_exception
    li t4, IRQ(3)
    beq t5, t4, irq_msi
    li t4, IRQ_TIMER
    beq t5, t4, irq_timer
    j failed
irq_msi:
    li gp, 4
    IPI_CLEAR_SELF
    csrr t5, mip
    andi t5, t5, MIP_MSIP
    bnez t5, failed
    la t5, ipi_count
    slli t4, s0, 2
    add t5, t5, t4
    li t4, 1
    amoadd.w zero, t4, (t5)
    j irq_return
irq_timer:
    TIMER_NOW(t5)
    la t4, deadline
    slli t3, s0, 3
    add t4, t4, t3
    ld t4, 0(t4)
    bltu t5, t4, failed     /* early: someone else's deadline */
    li t5, MIP_TIMER
    csrc mie, t5
    la t5, timer_count
    slli t4, s0, 2
    add t5, t5, t4
    li t4, 1
    amoadd.w zero, t4, (t5)
irq_return:
    ld t3, 0(t6)
    ld t4, 8(t6)
    ld t5, 16(t6)
    ld gp, 32(t6)
    ld t6, 24(t6)
    mret
irq_exception:
    ld t3, 0(t6)
    ld t4, 8(t6)
    ld t5, 16(t6)
    ld gp, 32(t6)
    ld t6, 24(t6)
    j trap_m
END

    .data
    .balign 64
checkin:
    .word 0, 0, 0, 0
marks:
    .word 0, 0, 0, 0
ipi_count:
    .word 0, 0, 0, 0
timer_count:
    .word 0, 0, 0, 0
    .balign 8
deadline:
    .dword 0, 0, 0, 0
bar_count:
    .word 0
bar_sense:
    .word 0
fired:
    .word 0
watched:
    .word 0
sec_error:
    .word 0
sec_error_hart:
    .word 0
amo_word:
    .word 0
lock:
    .word 0
owner:
    .word 0
    .balign 8
amo_dword:
    .dword 0
shared:
    .dword 0
    .balign 64
save_area:
    .skip 64 * NHARTS
