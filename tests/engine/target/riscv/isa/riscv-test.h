/* Shared scaffolding of the ISA test programs (assembled with the
 * preprocessor). Each program runs in M-mode from 0x80000000, numbers its
 * checks with TEST(n) (kept in gp) and ends at `pass` or `fail`; fail
 * reports the current number, so the harness names the failing check.
 * Traps go to `trap_m` (and `trap_s` once stvec is set to it), which
 * record cause, tval and epc and resume at s1 when it is non-zero (then
 * clear it), else after the trapping (4-byte) instruction.
 *
 *   M trap record: s2 = mcause, s3 = mtval, s4 = mepc
 *   S trap record: s5 = scause, s6 = stval, s7 = sepc
 *   s8 counts M traps, s9 counts S traps
 *
 * An ecall or ebreak trapping to M while s10 is non-zero returns to
 * M-mode at s10 (and clears it): how a test comes back from S or U.
 *
 * One source runs on three machines; the build defines exactly one of:
 *
 *   MACHINE_BARE   the CPU tests' bare machine (riscv-test-machine.h):
 *                  4 MiB of RAM, a finisher, interrupt wires that drive
 *                  mip bits directly, nothing else
 *   MACHINE_VIRT   quern-engine -M virt -bios none -kernel X.elf: the
 *                  sifive_test finisher, the CLINT, the PLIC with the
 *                  16550 UART on source 10, 128 MiB of RAM (-m 128M)
 *   MACHINE_SPIKE  quern-engine -M spike -bios none -kernel X.elf: HTIF
 *                  (the tohost/fromhost symbols END defines), the CLINT,
 *                  128 MiB of RAM (-m 128M); no PLIC, so no MEIP source
 *
 * What differs between them is here, as macros a program uses instead of
 * addresses:
 *
 *   RAM_END        the first address past RAM
 *   UNMAPPED       an address with nothing behind it (access faults)
 *   MMIO_REG       a device register that reads 0, harmlessly, while no
 *                  interrupt is raised: the "not memory" a test aims at
 *   QUIET_TIMER    (START runs it) keeps the machine-timer interrupt
 *                  down: a board's CLINT resets mtimecmp to 0, which
 *                  raises MTIP at once, as on QEMU
 *   IRQ_RAISE_x / IRQ_LOWER_x   for x in MSIP, MTIP, MEIP: make hart 0's
 *                  mip.x pending through the machine's real source, or
 *                  take it away (an interrupt handler lowers the source
 *                  this way). Clobber t3 and t4. Hart 0 only: a test in
 *                  S-mode cannot read mhartid, and the interrupt tests
 *                  run on one hart.
 *   HAS_MEIP       1 where a test can raise MEIP (IRQ_*_MEIP exist)
 *   HAS_CLINT      1 on the boards: mtime and mtimecmp exist
 *                  (CLINT_MTIME, CLINT_MTIMECMP0)
 *
 * For programs that run on several harts (smp.S), per hart:
 *
 *   IPI_SEND(reg)  raise MSIP of the hart whose number is in reg: the
 *                  CLINT's msip[reg] on the boards, the hart's wire on the
 *                  bare machine (its other wire bits are cleared)
 *   IPI_READ(reg, rd)  what that hart's MSIP source reads (1 / MIP_MSIP
 *                  while raised, 0 once lowered)
 *   IPI_CLEAR_SELF lower this hart's own MSIP source
 *   TIMER_INIT     this hart's own timer quiet and ready: nothing to do on
 *                  the boards (QUIET_TIMER did it); Sstc switched on with
 *                  stimecmp all-ones on the bare machine, which has no
 *                  CLINT
 *   TIMER_NOW(rd)  the time this hart's timer compares with (mtime read
 *                  from the CLINT; the time CSR on the bare machine)
 *   TIMER_ARM_SELF(reg)  this hart's timer interrupt once time >= reg:
 *                  its own mtimecmp (MTIP) on the boards, its stimecmp
 *                  (STIP, taken in M while not delegated) on the bare one
 *   TIMER_DISARM_SELF    the same comparator to all-ones
 *   MIP_TIMER, IRQ_TIMER the timer's mip bit and its mcause
 *
 * All clobber t3 and t4 and nothing else (rd aside).
 */
#if defined(MACHINE_BARE) + defined(MACHINE_VIRT) + defined(MACHINE_SPIKE) != 1
#error "define exactly one of MACHINE_BARE, MACHINE_VIRT, MACHINE_SPIKE"
#endif

#define TEST(n) li gp, n
/* Fails the current test unless reg == val. Clobbers t6. The fence keeps
 * the branch from taking t6 through operand forwarding (forward.S tests
 * that): broken forwarding must not make every check pass. */
#define EXPECT(reg, val) li t6, val; fence; bne reg, t6, fail

#define CAUSE_INSN_ACCESS 1
#define CAUSE_ILLEGAL 2
#define CAUSE_BREAKPOINT 3
#define CAUSE_LOAD_MISALIGNED 4
#define CAUSE_LOAD_ACCESS 5
#define CAUSE_STORE_MISALIGNED 6
#define CAUSE_STORE_ACCESS 7
#define CAUSE_ECALL_U 8
#define CAUSE_ECALL_S 9
#define CAUSE_ECALL_M 11
#define CAUSE_INSN_PAGE 12
#define CAUSE_LOAD_PAGE 13
#define CAUSE_STORE_PAGE 15
#define IRQ(n) (0x8000000000000000 | (n))

#define MIP_SSIP (1 << 1)
#define MIP_MSIP (1 << 3)
#define MIP_STIP (1 << 5)
#define MIP_MTIP (1 << 7)
#define MIP_SEIP (1 << 9)
#define MIP_MEIP (1 << 11)

#if defined(MACHINE_BARE)

#define FINISHER 0x100000
#define WIRES 0x101000          /* hart h's mip wires at WIRES + 4h */
#define CONSOLE 0x102000
#define RAM_END (0x80000000 + 4 * 1024 * 1024)
#define UNMAPPED 0x1000
#define MMIO_REG WIRES
#define HAS_MEIP 1
#define HAS_CLINT 0

#define QUIET_TIMER
/* The wires keep every bit of hart 0's word: read, change one, write. */
#define WIRE_SET(bit) li t3, WIRES; lw t4, 0(t3); li t3, bit; \
    or t4, t4, t3; li t3, WIRES; sw t4, 0(t3)
#define WIRE_CLEAR(bit) li t3, WIRES; lw t4, 0(t3); li t3, ~(bit); \
    and t4, t4, t3; li t3, WIRES; sw t4, 0(t3)
#define IRQ_RAISE_MSIP WIRE_SET(MIP_MSIP)
#define IRQ_LOWER_MSIP WIRE_CLEAR(MIP_MSIP)
#define IRQ_RAISE_MTIP WIRE_SET(MIP_MTIP)
#define IRQ_LOWER_MTIP WIRE_CLEAR(MIP_MTIP)
#define IRQ_RAISE_MEIP WIRE_SET(MIP_MEIP)
#define IRQ_LOWER_MEIP WIRE_CLEAR(MIP_MEIP)

#define IPI_SEND(reg) slli t3, reg, 2; li t4, WIRES; add t3, t3, t4; \
    li t4, MIP_MSIP; sw t4, 0(t3)
#define IPI_READ(reg, rd) slli t3, reg, 2; li t4, WIRES; add t3, t3, t4; \
    lw rd, 0(t3)
#define IPI_CLEAR_SELF csrr t3, mhartid; slli t3, t3, 2; li t4, WIRES; \
    add t3, t3, t4; sw zero, 0(t3)
/* stimecmp resets to 0: all-ones first, or STIP rises with STCE. */
#define TIMER_INIT li t3, -1; csrw stimecmp, t3; \
    li t3, 0x8000000000000000; csrs menvcfg, t3
#define TIMER_NOW(rd) csrr rd, time
#define TIMER_ARM_SELF(reg) csrw stimecmp, reg
#define TIMER_DISARM_SELF li t3, -1; csrw stimecmp, t3
#define MIP_TIMER MIP_STIP
#define IRQ_TIMER IRQ(5)

#else /* the boards */

#define RAM_END (0x80000000 + 128 * 1024 * 1024)
/* A hole on both boards: past the reset ROM (0x1000-0xffff), below the
 * finisher's page (QEMU's virt map has nothing there either). */
#define UNMAPPED 0x80000
#define CLINT 0x2000000
#define CLINT_MSIP0 CLINT
#define CLINT_MTIMECMP0 (CLINT + 0x4000)
#define CLINT_MTIME (CLINT + 0xbff8)
#define MMIO_REG CLINT_MSIP0
#define HAS_CLINT 1

/* This hart's mtimecmp to all-ones: MTIP down for good (firmware's first
 * move on a real board). Clobbers t0 and t1. */
#define QUIET_TIMER csrr t0, mhartid; slli t0, t0, 3; \
    li t1, CLINT_MTIMECMP0; add t0, t0, t1; li t1, -1; sd t1, 0(t0)
#define IRQ_RAISE_MSIP li t3, CLINT_MSIP0; li t4, 1; sw t4, 0(t3)
#define IRQ_LOWER_MSIP li t3, CLINT_MSIP0; sw zero, 0(t3)
/* mtime >= 0 always holds: pending at once; all-ones never comes. */
#define IRQ_RAISE_MTIP li t3, CLINT_MTIMECMP0; sd zero, 0(t3)
#define IRQ_LOWER_MTIP li t3, CLINT_MTIMECMP0; li t4, -1; sd t4, 0(t3)

#define IPI_SEND(reg) slli t3, reg, 2; li t4, CLINT_MSIP0; add t3, t3, t4; \
    li t4, 1; sw t4, 0(t3)
#define IPI_READ(reg, rd) slli t3, reg, 2; li t4, CLINT_MSIP0; \
    add t3, t3, t4; lw rd, 0(t3)
#define IPI_CLEAR_SELF csrr t3, mhartid; slli t3, t3, 2; \
    li t4, CLINT_MSIP0; add t3, t3, t4; sw zero, 0(t3)
#define TIMER_INIT
#define TIMER_NOW(rd) li t3, CLINT_MTIME; ld rd, 0(t3)
#define TIMER_ARM_SELF(reg) csrr t3, mhartid; slli t3, t3, 3; \
    li t4, CLINT_MTIMECMP0; add t3, t3, t4; sd reg, 0(t3)
#define TIMER_DISARM_SELF csrr t3, mhartid; slli t3, t3, 3; \
    li t4, CLINT_MTIMECMP0; add t3, t3, t4; li t4, -1; sd t4, 0(t3)
#define MIP_TIMER MIP_MTIP
#define IRQ_TIMER IRQ(7)

#if defined(MACHINE_VIRT)
#define FINISHER 0x100000
#define HAS_MEIP 1
#define PLIC 0xc000000
#define PLIC_ENABLE_CTX0 (PLIC + 0x2000)        /* context 0: hart 0's M */
#define PLIC_THRESHOLD_CTX0 (PLIC + 0x200000)
#define PLIC_CLAIM_CTX0 (PLIC + 0x200004)
/* Any source s and context c (2h: hart h's M, 2h + 1: its S). */
#define PLIC_PRIORITY(s) (PLIC + 4 * (s))
#define PLIC_PENDING (PLIC + 0x1000)
#define PLIC_ENABLE(c) (PLIC + 0x2000 + 0x80 * (c))
#define PLIC_THRESHOLD(c) (PLIC + 0x200000 + 0x1000 * (c))
#define PLIC_CLAIM(c) (PLIC + 0x200004 + 0x1000 * (c))
#define UART 0x10000000
#define UART_IER (UART + 1)
#define UART_IER_THRI 2
#define UART_IRQ 10
/* A real source: the UART's transmitter-empty interrupt, enabled in IER
 * (its line rises at once: THR is empty), at priority 1 above threshold
 * 0 in hart 0's M context. */
#define IRQ_RAISE_MEIP \
    li t3, PLIC + 4 * UART_IRQ; li t4, 1; sw t4, 0(t3); \
    li t3, PLIC_ENABLE_CTX0; li t4, 1 << UART_IRQ; sw t4, 0(t3); \
    li t3, PLIC_THRESHOLD_CTX0; sw zero, 0(t3); \
    li t3, UART_IER; li t4, UART_IER_THRI; sb t4, 0(t3)
/* Claim (which must name the UART: fails the test otherwise), quiet the
 * UART, complete. */
#define IRQ_LOWER_MEIP \
    li t3, PLIC_CLAIM_CTX0; lw t4, 0(t3); li t3, UART_IRQ; \
    bne t4, t3, fail; \
    li t3, UART_IER; sb zero, 0(t3); \
    li t3, PLIC_CLAIM_CTX0; li t4, UART_IRQ; sw t4, 0(t3)
#else
/* spike has no PLIC and nothing else drives MEIP: tests of it are
 * skipped there. */
#define HAS_MEIP 0
#endif

#endif

/* Expects an M trap with this cause since the last CLEAR_TRAP. */
#define CLEAR_TRAP li s2, -1; li s3, -1; li s4, -1
#define EXPECT_MTRAP(cause) EXPECT(s2, cause)
#define CLEAR_STRAP li s5, -1; li s6, -1; li s7, -1
#define EXPECT_STRAP(cause) EXPECT(s5, cause)

/* Runs an instruction, expecting an illegal-instruction trap to M whose
 * mtval is the instruction's encoding and mepc its address. */
#define EXPECT_ILLEGAL(...) \
    CLEAR_TRAP; 99: __VA_ARGS__; EXPECT_MTRAP(CAUSE_ILLEGAL); \
    la t0, 99b; lwu t1, 0(t0); bne s3, t1, fail; bne s4, t0, fail

/* Enters mode (0 U, 1 S) at label with mret. Clobbers t0. */
#define ENTER_MODE(mode, label) \
    li t0, 3 << 11; csrc mstatus, t0; li t0, (mode) << 11; csrs mstatus, t0; \
    la t0, label; csrw mepc, t0; mret

/* The verdict: pass, or check number gp failed. sifive_test's codes
 * (0x5555, 0x3333 | n << 16) on the finisher; on spike HTIF's exit
 * command, tohost = (code << 1) | 1 with code 0 for a pass. */
#if defined(MACHINE_SPIKE)
#define REPORT_PASS la t0, tohost; li t1, 1; sd t1, 0(t0)
#define REPORT_FAIL la t0, tohost; slli t1, gp, 1; ori t1, t1, 1; \
    sd t1, 0(t0)
#else
#define REPORT_PASS li t0, FINISHER; li t1, 0x5555; sw t1, 0(t0)
#define REPORT_FAIL li t0, FINISHER; slli t1, gp, 16; li t2, 0x3333; \
    or t1, t1, t2; sw t1, 0(t0)
#endif

.macro START
    .section .text.init
    .option norvc
    .globl _start
_start:
    la t0, trap_m
    csrw mtvec, t0
    QUIET_TIMER
    li sp, 0x80180000
    li s1, 0
    li s8, 0
    li s9, 0
    li s10, 0
    j main
.endm

.macro END
#if defined(MACHINE_SPIKE)
    /* The registers the spike board finds by symbol, on a page of their
     * own: the CPU keeps no LR/SC reservation on a page with MMIO in it,
     * and the programs run LR/SC on their data. */
    .pushsection .data.tohost, "aw"
    .balign 4096
    .globl tohost
tohost:
    .dword 0
    .balign 64
    .globl fromhost
fromhost:
    .dword 0
    .popsection
#endif
pass:
    REPORT_PASS
1:  j 1b
fail:
    li t0, 1 << 17          /* MPRV off, so the reporter is reachable */
    csrc mstatus, t0
    REPORT_FAIL
1:  j 1b

    .balign 4
trap_m:
    csrr s2, mcause
    csrr s3, mtval
    csrr s4, mepc
    addi s8, s8, 1
    beqz s10, 2f
    li t4, CAUSE_BREAKPOINT
    beq s2, t4, 3f
    addi t5, s2, -8         /* ecall from U, S or M: causes 8, 9, 11 */
    li t4, 3
    bgeu t5, t4, 2f
3:  csrw mepc, s10
    li s10, 0
    li t5, 3 << 11
    csrs mstatus, t5
    mret
2:  bnez s1, 1f
    addi t5, s4, 4
    csrw mepc, t5
    mret
1:  csrw mepc, s1
    li s1, 0
    mret

    .balign 4
trap_s:
    csrr s5, scause
    csrr s6, stval
    csrr s7, sepc
    addi s9, s9, 1
    bnez s1, 1f
    addi t5, s7, 4
    csrw sepc, t5
    sret
1:  csrw sepc, s1
    li s1, 0
    sret
.endm
