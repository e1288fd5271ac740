/* Shared scaffolding of the ISA test programs (assembled with the
 * preprocessor). Each program runs in M-mode from 0x80000000, numbers its
 * checks with TEST(n) (kept in gp) and ends at `pass` or `fail`; fail
 * reports the current number through the finisher, so the harness names
 * the failing check. Traps go to `trap_m` (and `trap_s` once stvec is set
 * to it), which record cause, tval and epc and resume at s1 when it is
 * non-zero (then clear it), else after the trapping (4-byte) instruction.
 *
 *   M trap record: s2 = mcause, s3 = mtval, s4 = mepc
 *   S trap record: s5 = scause, s6 = stval, s7 = sepc
 *   s8 counts M traps, s9 counts S traps
 *
 * An ecall or ebreak trapping to M while s10 is non-zero returns to M-mode at s10 (and clears
 * it): how a test comes back from S or U.
 */
#define FINISHER 0x100000
#define WIRES 0x101000
#define CONSOLE 0x102000

#define TEST(n) li gp, n
/* Fails the current test unless reg == val. Clobbers t6. */
#define EXPECT(reg, val) li t6, val; bne reg, t6, fail

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

.macro START
    .section .text.init
    .option norvc
    .globl _start
_start:
    la t0, trap_m
    csrw mtvec, t0
    li sp, 0x80180000
    li s1, 0
    li s8, 0
    li s9, 0
    li s10, 0
    j main
.endm

.macro END
pass:
    li t0, FINISHER
    li t1, 0x5555
    sw t1, 0(t0)
1:  j 1b
fail:
    li t0, 1 << 17          /* MPRV off, so the finisher is reachable */
    csrc mstatus, t0
    li t0, FINISHER
    slli t1, gp, 16
    li t2, 0x3333
    or t1, t1, t2
    sw t1, 0(t0)
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
