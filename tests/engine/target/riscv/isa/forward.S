/* Operand forwarding (riscv-exec.c, forward_operands): a record right
 * after a producer (lui/auipc, register and immediate ALU ops, loads) that
 * reads the producer's rd runs a form taking the value from the producer
 * instead of the register file. Each check puts the producer right before
 * its consumer and expects what the ISA says, so that forwarding a wrong,
 * stale or missing value, or forwarding where nothing may be forwarded,
 * changes a result:
 *
 *   - every producer kind followed by every consumer kind (R, I, load,
 *     store, branch) reading the producer's rd as rs1, rs2, both, neither
 *     (VALUE_CHECKS for values, ADDRESS_CHECKS for addresses);
 *   - loads whose slow path produces: misaligned in a page, crossing a
 *     page, from MMIO, after a TLB flush, through a page walk;
 *   - loads that fault (access fault, page fault, a page-crossing load
 *     whose second page faults): the handler resumes at the consumer,
 *     which must see the register's old value;
 *   - rd = x0 (it lands in a scratch slot) followed by readers of x0,
 *     C hints with rd = x0 included;
 *   - records between producer and consumer that write an integer
 *     register but hand nothing on (F moves and compares, AMOs, LR) or
 *     whose encoding has a register number in its rd field (FP rd, store
 *     immediates);
 *   - compressed producers and consumers;
 *   - dependent chains across the block-length cut, loops re-entered by
 *     chaining, instructions straddling a page, code rewritten under
 *     fence.i.
 *
 * Registers: a0 is the producers' rd (OLD before), a1 = K1, a3 = K3, a5
 * what the producer is expected to write (computed without forwarding),
 * a2 the consumers' result, t0/t1 expected values; a4, a6, a7, s0 (the
 * data page) and sp feed the producers. */
#include "riscv-test.h"

/* A verdict's branch must not be a forwarded consumer itself: if branch
 * forwarding were broken, a check comparing what it just computed could
 * pass vacuously (EXPECT's "li t6, val; bne reg, t6" would compare t6's
 * value with itself). fence is no producer, so the branch after it reads
 * the register file. */
#define FAIL_UNLESS_EQ(x, y) fence; bne x, y, fail
#undef EXPECT
#define EXPECT(reg, val) li t6, val; FAIL_UNLESS_EQ(reg, t6)

#define OLD 0x7a5
#define K1 0x123
#define K3 0x45

/* The data page (s0). */
#define MEM0 0x0123456789abcdef     /* s0 + 0 and abuf + 0 */
#define MEM8 0x7766554433221180     /* s0 + 8 and abuf + 8 */
#define PTR 16                      /* s0 + 16: abuf's address */
#define W24 24                      /* s0 + 24: 0xfffff880 */
#define SCR 32                      /* s0 + 32: 32 bytes of scratch */

#define PTE_V 1
#define PTE_R 2
#define PTE_W 4
#define PTE_X 8
#define PTE_A 64
#define PTE_D 128
#define VPAGE 0x40000000            /* vpage's virtual address in S */

/* Ahead of each value check: a0 = OLD, a1 = K1, a3 = K3, a5 = new. K3
 * last: what reaches the producer as fwd is neither OLD nor new, so a
 * producer that handed on what it received would show. */
#define PRE(new) li a0, OLD; li a5, new; li a1, K1; li a3, K3

/* prod leaves new in a0; each line puts one consumer right after it. */
#define VALUE_CHECKS(prod, new) \
    /* R: rs1, rs2, both, neither (and the producer's own result) */ \
    PRE(new); prod; sub a2, a0, a1; sub t0, a5, a1; FAIL_UNLESS_EQ(a2, t0); \
    PRE(new); prod; sub a2, a1, a0; sub t0, a1, a5; FAIL_UNLESS_EQ(a2, t0); \
    PRE(new); prod; add a2, a0, a0; add t0, a5, a5; FAIL_UNLESS_EQ(a2, t0); \
    PRE(new); prod; sub a2, a1, a3; FAIL_UNLESS_EQ(a0, a5); \
        EXPECT(a2, K1 - K3); \
    PRE(new); prod; mul a2, a1, a0; mul t0, a1, a5; FAIL_UNLESS_EQ(a2, t0); \
    PRE(new); prod; divu a2, a0, a1; divu t0, a5, a1; FAIL_UNLESS_EQ(a2, t0); \
    PRE(new); prod; remu a2, a1, a0; remu t0, a1, a5; FAIL_UNLESS_EQ(a2, t0); \
    PRE(new); prod; subw a2, a1, a0; subw t0, a1, a5; FAIL_UNLESS_EQ(a2, t0); \
    PRE(new); prod; sraw a2, a0, a1; sraw t0, a5, a1; FAIL_UNLESS_EQ(a2, t0); \
    PRE(new); prod; sh3add a2, a0, a1; sh3add t0, a5, a1; \
        FAIL_UNLESS_EQ(a2, t0); \
    PRE(new); prod; minu a2, a1, a0; minu t0, a1, a5; FAIL_UNLESS_EQ(a2, t0); \
    PRE(new); prod; rol a2, a1, a0; rol t0, a1, a5; FAIL_UNLESS_EQ(a2, t0); \
    PRE(new); prod; bext a2, a1, a0; bext t0, a1, a5; FAIL_UNLESS_EQ(a2, t0); \
    /* one-operand ops: their rs2 field is part of the opcode */ \
    PRE(new); prod; cpop a2, a0; cpop t0, a5; FAIL_UNLESS_EQ(a2, t0); \
    PRE(new); prod; sext.h a2, a0; sext.h t0, a5; FAIL_UNLESS_EQ(a2, t0); \
    PRE(new); prod; rev8 a2, a0; rev8 t0, a5; FAIL_UNLESS_EQ(a2, t0); \
    /* I: rs1, neither */ \
    PRE(new); prod; xori a2, a0, 0x5a5; xori t0, a5, 0x5a5; \
        FAIL_UNLESS_EQ(a2, t0); \
    PRE(new); prod; addiw a2, a0, -1; addiw t0, a5, -1; FAIL_UNLESS_EQ(a2, t0); \
    PRE(new); prod; srai a2, a0, 7; srai t0, a5, 7; FAIL_UNLESS_EQ(a2, t0); \
    PRE(new); prod; sltiu a2, a0, 0x100; sltiu t0, a5, 0x100; \
        FAIL_UNLESS_EQ(a2, t0); \
    PRE(new); prod; xori a2, a1, 0x5a5; EXPECT(a2, K1 ^ 0x5a5); \
    /* load: neither (ADDRESS_CHECKS has loads based on a0) */ \
    PRE(new); prod; ld a2, 8(s0); EXPECT(a2, MEM8); \
    /* store: data (rs2), neither */ \
    PRE(new); prod; sd a0, SCR(s0); ld a2, SCR(s0); FAIL_UNLESS_EQ(a2, a5); \
    PRE(new); prod; sw a0, SCR(s0); lw a2, SCR(s0); sext.w t0, a5; \
        FAIL_UNLESS_EQ(a2, t0); \
    PRE(new); prod; sh a0, SCR(s0); lhu a2, SCR(s0); zext.h t0, a5; \
        FAIL_UNLESS_EQ(a2, t0); \
    PRE(new); prod; sb a0, SCR(s0); lbu a2, SCR(s0); andi t0, a5, 0xff; \
        FAIL_UNLESS_EQ(a2, t0); \
    PRE(new); prod; sd a1, SCR(s0); ld a2, SCR(s0); EXPECT(a2, K1); \
    /* branch: rs1, rs2 (taken and not), both, neither */ \
    PRE(new); prod; beq a0, a5, 1f; j fail; 1: \
    PRE(new); prod; bne a0, a5, fail; \
    PRE(new); prod; beq a5, a0, 1f; j fail; 1: \
    PRE(new); prod; bne a5, a0, fail; \
    PRE(new); prod; bne a0, a0, fail; \
    PRE(new); prod; bgeu a0, a0, 1f; j fail; 1: \
    PRE(new); prod; bne a1, a1, fail; \
    PRE(new); prod; beq a1, a1, 1f; j fail; 1: \
    /* branch outcomes against slt/sltu on the expected value */ \
    PRE(new); li t1, 1; prod; blt a0, a1, 1f; li t1, 0; \
        1: slt t0, a5, a1; FAIL_UNLESS_EQ(t0, t1); \
    PRE(new); li t1, 1; prod; bge a1, a0, 1f; li t1, 0; \
        1: slt t0, a1, a5; xori t0, t0, 1; FAIL_UNLESS_EQ(t0, t1); \
    PRE(new); li t1, 1; prod; bltu a0, a1, 1f; li t1, 0; \
        1: sltu t0, a5, a1; FAIL_UNLESS_EQ(t0, t1); \
    PRE(new); li t1, 1; prod; bgeu a1, a0, 1f; li t1, 0; \
        1: sltu t0, a1, a5; xori t0, t0, 1; FAIL_UNLESS_EQ(t0, t1); \
    PRE(new); li t1, 1; prod; blt a0, a3, 1f; li t1, 0; \
        1: slt t0, a5, a3; FAIL_UNLESS_EQ(t0, t1)

/* Compressed consumers of a0 (in an .option rvc region). */
#define C_VALUE_CHECKS(prod, new) \
    PRE(new); prod; c.mv a2, a0; FAIL_UNLESS_EQ(a2, a5); \
    PRE(new); li a2, K3; prod; c.add a2, a0; add t0, a3, a5; \
        FAIL_UNLESS_EQ(a2, t0); \
    PRE(new); li a2, K3; prod; c.sub a2, a0; sub t0, a3, a5; \
        FAIL_UNLESS_EQ(a2, t0); \
    PRE(new); prod; c.addi a0, 3; addi t0, a5, 3; FAIL_UNLESS_EQ(a0, t0); \
    PRE(new); prod; c.addiw a0, -3; addiw t0, a5, -3; FAIL_UNLESS_EQ(a0, t0); \
    PRE(new); prod; c.slli a0, 5; slli t0, a5, 5; FAIL_UNLESS_EQ(a0, t0); \
    PRE(new); prod; c.srai a0, 3; srai t0, a5, 3; FAIL_UNLESS_EQ(a0, t0); \
    PRE(new); prod; c.andi a0, -8; andi t0, a5, -8; FAIL_UNLESS_EQ(a0, t0); \
    PRE(new); prod; c.xor a0, a1; xor t0, a5, a1; FAIL_UNLESS_EQ(a0, t0); \
    PRE(new); prod; c.subw a0, a1; subw t0, a5, a1; FAIL_UNLESS_EQ(a0, t0); \
    PRE(new); prod; c.sd a0, SCR(s0); ld a2, SCR(s0); FAIL_UNLESS_EQ(a2, a5); \
    PRE(new); prod; c.sw a0, SCR(s0); lw a2, SCR(s0); sext.w t0, a5; \
        FAIL_UNLESS_EQ(a2, t0); \
    PRE(new); li t1, 1; prod; c.beqz a0, 1f; li t1, 0; \
        1: seqz t0, a5; FAIL_UNLESS_EQ(t0, t1); \
    PRE(new); li t1, 1; prod; c.bnez a0, 1f; li t1, 0; \
        1: snez t0, a5; FAIL_UNLESS_EQ(t0, t1)

/* Ahead of each address check: a0 = OLD, a1 = K1, a3 = K3, a5 = abuf,
 * whose bytes 16..63 (the stores' targets) are cleared; K3 last, as in
 * PRE. */
#define PREA li a0, OLD; li a1, K1; la a5, abuf; \
    sd zero, 16(a5); sd zero, 24(a5); sd zero, 32(a5); sd zero, 40(a5); \
    sd zero, 48(a5); sd zero, 56(a5); li a3, K3

/* prod leaves abuf's address in a0: loads and stores based on it. */
#define ADDRESS_CHECKS(prod) \
    /* load: rs1, each size, misaligned (the slow half) */ \
    PREA; prod; ld a2, 8(a0); EXPECT(a2, MEM8); \
    PREA; prod; lw a2, 0(a0); EXPECT(a2, 0xffffffff89abcdef); \
    PREA; prod; lwu a2, 4(a0); EXPECT(a2, 0x01234567); \
    PREA; prod; lh a2, 2(a0); EXPECT(a2, 0xffffffffffff89ab); \
    PREA; prod; lhu a2, 8(a0); EXPECT(a2, 0x1180); \
    PREA; prod; lb a2, 8(a0); EXPECT(a2, 0xffffffffffffff80); \
    PREA; prod; lbu a2, 1(a0); EXPECT(a2, 0xcd); \
    PREA; prod; ld a2, 3(a0); EXPECT(a2, 0x2211800123456789); \
    /* store: address (rs1), both, misaligned */ \
    PREA; prod; sd a1, 16(a0); ld a2, 16(a5); EXPECT(a2, K1); \
    PREA; prod; sw a3, 24(a0); ld a2, 24(a5); EXPECT(a2, K3); \
    PREA; prod; sh a1, 28(a0); ld a2, 24(a5); EXPECT(a2, K1 << 32); \
    PREA; prod; sb a3, 30(a0); ld a2, 24(a5); EXPECT(a2, K3 << 48); \
    PREA; prod; sd a0, 32(a0); ld a2, 32(a5); FAIL_UNLESS_EQ(a2, a5); \
    PREA; prod; sw a0, 40(a0); lwu a2, 40(a5); zext.w t0, a5; \
        FAIL_UNLESS_EQ(a2, t0); \
    PREA; prod; sd a1, 41(a0); ld a2, 41(a5); EXPECT(a2, K1); \
    PREA; prod; sd a0, 49(a0); ld a2, 49(a5); FAIL_UNLESS_EQ(a2, a5); \
    /* a chain: address -> address + 8 -> the load */ \
    PREA; prod; addi a2, a0, 8; ld a2, 0(a2); EXPECT(a2, MEM8); \
    PREA; prod; beq a0, a5, 1f; j fail; 1: \
    /* nothing went astray (a wrong address would trap) */ \
    EXPECT(s8, 0)

/* Producers of values. a6 = 0x123456789, a7 = 0x1000, a4 = 0x3c3c. */
#define P_LUI lui a0, 0xfff12
#define P_LI li a0, -100
#define P_ADD add a0, a6, a7
#define P_SUB sub a0, a7, a6
#define P_SLTU sltu a0, a7, a6
#define P_SRAW sraw a0, a6, a1
#define P_MUL mul a0, a6, a7
#define P_REMU remu a0, a6, a1
#define P_SH1ADD sh1add a0, a6, a7
#define P_ROL rol a0, a6, a1
#define P_BSET bset a0, a7, a1
#define P_CLZ clz a0, a6
#define P_REV8 rev8 a0, a6
#define P_ADDI addi a0, a6, -5
#define P_ANDI andi a0, a6, 0x7f0
#define P_SLLI slli a0, a6, 20
#define P_ADDIW addiw a0, a6, 1
#define P_RORI rori a0, a6, 4
#define P_BEXTI bexti a0, a6, 0
#define P_SELF addi a0, a0, 9           /* reads its own rd */
#define P_LD ld a0, 0(s0)
#define P_LW lw a0, W24(s0)
#define P_LWU lwu a0, W24(s0)
#define P_LH lh a0, W24(s0)
#define P_LHU lhu a0, W24(s0)
#define P_LB lb a0, W24(s0)
#define P_LBU lbu a0, W24(s0)
/* Loads through the slow half. a4 = straddle, t2 = MMIO_REG. */
#define P_LD_MISALIGNED ld a0, 1(s0)
#define P_LD_CROSSING ld a0, 0(a4)
#define P_LW_CROSSING lw a0, 2(a4)
#define P_LW_MMIO lw a0, 0(t2)
#define P_LD_TLB_MISS sfence.vma; ld a0, 0(s0)

/* Compressed producers. */
#define P_C_LI c.li a0, -7
#define P_C_LUI c.lui a0, 0xfffe1
#define P_C_ADDI c.addi a0, 9
#define P_C_ADDIW c.addiw a0, -1
#define P_C_MV c.mv a0, a6
#define P_C_ADD c.add a0, a6
#define P_C_SLLI c.slli a0, 40
#define P_C_SRLI c.srli a0, 2
#define P_C_SRAI c.srai a0, 1
#define P_C_ANDI c.andi a0, 0x1c
#define P_C_SUB c.sub a0, a4
#define P_C_XOR c.xor a0, a4
#define P_C_OR c.or a0, a4
#define P_C_AND c.and a0, a4
#define P_C_SUBW c.subw a0, a4
#define P_C_ADDW c.addw a0, a4
#define P_C_LW c.lw a0, W24(s0)
#define P_C_LD c.ld a0, 0(s0)
#define P_C_LWSP c.lwsp a0, 8(sp)
#define P_C_LDSP c.ldsp a0, 0(sp)

/* Producers of abuf's address. */
#define PA_ADDI addi a0, a4, 16         /* a4 = abuf - 16 */
#define PA_ADD add a0, a6, a7           /* a6 = abuf - 1000, a7 = 1000 */
#define PA_SH3ADD sh3add a0, t1, a6     /* t1 = 125 */
#define PA_LD ld a0, PTR(s0)
#define PA_LWU lwu a0, PTR(s0)
#define PA_LD_MISALIGNED ld a0, 0(a7)   /* a7 = straddle2: crosses */
#define PA_C_MV c.mv a0, a4             /* a4 = abuf */
#define PA_C_LD c.ld a0, PTR(s0)
#define PA_C_LDSP c.ldsp a0, 16(sp)
#define PA_C_ADDI4SPN c.addi4spn a0, sp, 32 /* sp = abuf - 32 */

/* Expects an M trap with this cause and no other since CLEAR_TRAP. */
#define EXPECT_ONE_MTRAP(cause) EXPECT_MTRAP(cause); EXPECT(s8, 1); li s8, 0

START
main:
    la s0, data
    li a6, 0x4444333322221111
    sd a6, 0(sp)
    li a6, 0x66665555
    sd a6, 8(sp)
    la a6, abuf
    sd a6, 16(sp)

    TEST(1)
    li a6, 0x123456789
    li a7, 0x1000
    li a4, 0x3c3c
    VALUE_CHECKS(P_LUI, 0xfffffffffff12000)
    TEST(2)
    VALUE_CHECKS(P_LI, -100)
    TEST(3)
    VALUE_CHECKS(P_ADD, 0x123457789)
    TEST(4)
    VALUE_CHECKS(P_SUB, 0xfffffffedcbaa877)
    TEST(5)
    VALUE_CHECKS(P_SLTU, 1)
    TEST(6)
    VALUE_CHECKS(P_SRAW, 0x468acf1)
    TEST(7)
    VALUE_CHECKS(P_MUL, 0x123456789000)
    TEST(8)
    VALUE_CHECKS(P_REMU, 0x9f)
    TEST(9)
    VALUE_CHECKS(P_SH1ADD, 0x2468adf12)
    TEST(10)
    VALUE_CHECKS(P_ROL, 0x1a2b3c4800000009)
    TEST(11)
    VALUE_CHECKS(P_BSET, 0x800001000)
    TEST(12)
    VALUE_CHECKS(P_CLZ, 31)
    TEST(13)
    VALUE_CHECKS(P_REV8, 0x8967452301000000)
    TEST(14)
    VALUE_CHECKS(P_ADDI, 0x123456784)
    TEST(15)
    VALUE_CHECKS(P_ANDI, 0x780)
    TEST(16)
    VALUE_CHECKS(P_SLLI, 0x12345678900000)
    TEST(17)
    VALUE_CHECKS(P_ADDIW, 0x2345678a)
    TEST(18)
    VALUE_CHECKS(P_RORI, 0x9000000012345678)
    TEST(19)
    VALUE_CHECKS(P_BEXTI, 1)
    TEST(20)
    VALUE_CHECKS(P_SELF, OLD + 9)
    TEST(21)
    VALUE_CHECKS(P_LD, MEM0)
    TEST(22)
    VALUE_CHECKS(P_LW, 0xfffffffffffff880)
    TEST(23)
    VALUE_CHECKS(P_LWU, 0xfffff880)
    TEST(24)
    VALUE_CHECKS(P_LH, 0xfffffffffffff880)
    TEST(25)
    VALUE_CHECKS(P_LHU, 0xf880)
    TEST(26)
    VALUE_CHECKS(P_LB, 0xffffffffffffff80)
    TEST(27)
    VALUE_CHECKS(P_LBU, 0x80)

    /* The loads' slow half hands its value on too. */
    TEST(28)
    VALUE_CHECKS(P_LD_MISALIGNED, 0x800123456789abcd)
    TEST(29)
    la a4, straddle
    VALUE_CHECKS(P_LD_CROSSING, 0x1122334455667788)
    TEST(30)
    la a4, straddle
    VALUE_CHECKS(P_LW_CROSSING, 0x33445566)
    TEST(31)
    li t2, MMIO_REG
    VALUE_CHECKS(P_LW_MMIO, 0)
    TEST(32)
    VALUE_CHECKS(P_LD_TLB_MISS, MEM0)
    EXPECT(s8, 0)

    /* auipc: its value is an address, known from a label. */
    TEST(33)
    li a0, OLD
    li a1, K1
    la a5, 1f
1:  auipc a0, 0
    sub a2, a0, a1
    sub t0, a5, a1
    FAIL_UNLESS_EQ(a2, t0)
    la a5, 1f
1:  auipc a0, 0
    beq a5, a0, 1f
    j fail
1:  li a1, K1
1:  auipc a0, %pcrel_hi(abuf)
    ld a2, %pcrel_lo(1b)(a0)
    EXPECT(a2, MEM0)
1:  auipc a0, %pcrel_hi(abuf + 16)
    sd a1, %pcrel_lo(1b)(a0)
    la a5, abuf
    ld a2, 16(a5)
    EXPECT(a2, K1)

    TEST(34)
    la a4, abuf - 16
    ADDRESS_CHECKS(PA_ADDI)
    TEST(35)
    la a6, abuf - 1000
    li a7, 1000
    ADDRESS_CHECKS(PA_ADD)
    TEST(36)
    la a6, abuf - 1000
    li t1, 125
    ADDRESS_CHECKS(PA_SH3ADD)
    TEST(37)
    ADDRESS_CHECKS(PA_LD)
    TEST(38)
    ADDRESS_CHECKS(PA_LWU)
    TEST(39)
    la a7, straddle2
    la a6, abuf
    sd a6, 0(a7)
    ADDRESS_CHECKS(PA_LD_MISALIGNED)
    /* a jump to a just-computed address */
    TEST(40)
    la a0, 1f
    jr a0
    j fail
1:  la a0, 1f
    jalr ra, 0(a0)
    j fail
1:
    /* Compressed producers, consumers of both sizes. */
    .option rvc
    TEST(41)
    li a6, 0x123456789
    li a4, 0x3c3c
    VALUE_CHECKS(P_C_LI, -7)
    C_VALUE_CHECKS(P_C_LI, -7)
    TEST(42)
    VALUE_CHECKS(P_C_LUI, 0xfffffffffffe1000)
    C_VALUE_CHECKS(P_C_LUI, 0xfffffffffffe1000)
    TEST(43)
    VALUE_CHECKS(P_C_ADDI, 0x7ae)
    C_VALUE_CHECKS(P_C_ADDI, 0x7ae)
    TEST(44)
    VALUE_CHECKS(P_C_ADDIW, 0x7a4)
    C_VALUE_CHECKS(P_C_ADDIW, 0x7a4)
    TEST(45)
    VALUE_CHECKS(P_C_MV, 0x123456789)
    C_VALUE_CHECKS(P_C_MV, 0x123456789)
    TEST(46)
    VALUE_CHECKS(P_C_ADD, 0x123456f2e)
    C_VALUE_CHECKS(P_C_ADD, 0x123456f2e)
    TEST(47)
    VALUE_CHECKS(P_C_SLLI, 0x7a50000000000)
    C_VALUE_CHECKS(P_C_SLLI, 0x7a50000000000)
    TEST(48)
    VALUE_CHECKS(P_C_SRLI, 0x1e9)
    C_VALUE_CHECKS(P_C_SRLI, 0x1e9)
    TEST(49)
    VALUE_CHECKS(P_C_SRAI, 0x3d2)
    C_VALUE_CHECKS(P_C_SRAI, 0x3d2)
    TEST(50)
    VALUE_CHECKS(P_C_ANDI, 4)
    C_VALUE_CHECKS(P_C_ANDI, 4)
    TEST(51)
    VALUE_CHECKS(P_C_SUB, 0xffffffffffffcb69)
    C_VALUE_CHECKS(P_C_SUB, 0xffffffffffffcb69)
    TEST(52)
    VALUE_CHECKS(P_C_XOR, 0x3b99)
    C_VALUE_CHECKS(P_C_XOR, 0x3b99)
    TEST(53)
    VALUE_CHECKS(P_C_OR, 0x3fbd)
    C_VALUE_CHECKS(P_C_OR, 0x3fbd)
    TEST(54)
    VALUE_CHECKS(P_C_AND, 0x424)
    C_VALUE_CHECKS(P_C_AND, 0x424)
    TEST(55)
    VALUE_CHECKS(P_C_SUBW, 0xffffffffffffcb69)
    C_VALUE_CHECKS(P_C_SUBW, 0xffffffffffffcb69)
    TEST(56)
    VALUE_CHECKS(P_C_ADDW, 0x43e1)
    C_VALUE_CHECKS(P_C_ADDW, 0x43e1)
    TEST(57)
    VALUE_CHECKS(P_C_LW, 0xfffffffffffff880)
    C_VALUE_CHECKS(P_C_LW, 0xfffffffffffff880)
    TEST(58)
    VALUE_CHECKS(P_C_LD, MEM0)
    C_VALUE_CHECKS(P_C_LD, MEM0)
    TEST(59)
    VALUE_CHECKS(P_C_LWSP, 0x66665555)
    C_VALUE_CHECKS(P_C_LWSP, 0x66665555)
    TEST(60)
    VALUE_CHECKS(P_C_LDSP, 0x4444333322221111)
    C_VALUE_CHECKS(P_C_LDSP, 0x4444333322221111)
    /* 4-byte producers, compressed consumers */
    TEST(61)
    li a6, 0x123456789
    li a7, 0x1000
    li t2, MMIO_REG
    C_VALUE_CHECKS(P_SUB, 0xfffffffedcbaa877)
    C_VALUE_CHECKS(P_LW, 0xfffffffffffff880)
    C_VALUE_CHECKS(P_LW_MMIO, 0)
    C_VALUE_CHECKS(P_LD_MISALIGNED, 0x800123456789abcd)
    /* Addresses: here the loads and stores right after the producer
     * assemble to c.ld, c.lw, c.sd, c.sw where they can. */
    TEST(62)
    la a4, abuf
    ADDRESS_CHECKS(PA_C_MV)
    TEST(63)
    ADDRESS_CHECKS(PA_C_LD)
    TEST(64)
    ADDRESS_CHECKS(PA_C_LDSP)
    TEST(65)
    ADDRESS_CHECKS(PA_LD)
    TEST(66)
    la a4, abuf - 16
    ADDRESS_CHECKS(PA_ADDI)
    TEST(67)
    mv s11, sp
    la sp, abuf - 32
    ADDRESS_CHECKS(PA_C_ADDI4SPN)
    /* sp itself: c.addi16sp produces it */
    la sp, abuf - 16
    c.addi16sp sp, 16
    ld a2, 8(sp)
    EXPECT(a2, MEM8)
    la sp, abuf - 16
    c.addi16sp sp, 16
    c.ldsp a2, 0(sp)
    EXPECT(a2, MEM0)
    mv sp, s11
    .option norvc

    /* rd = x0: the write lands in a scratch slot no record reads; each
     * reader of x0 right after must see 0. */
    TEST(68)
    li a1, K1
    li a6, 0x123456789
    li a7, 0x1000
    add zero, a6, a7
    add a2, zero, a1
    EXPECT(a2, K1)
    add zero, a6, a7
    sub a2, a1, zero
    EXPECT(a2, K1)
    add zero, a6, a7
    add a2, zero, zero
    EXPECT(a2, 0)
    addi zero, a6, 5
    addi a2, zero, 7
    EXPECT(a2, 7)
    lui zero, 0x12345
    or a2, zero, a1
    EXPECT(a2, K1)
    nop
    add a2, zero, a1
    EXPECT(a2, K1)
    add zero, a6, a7
    bnez zero, fail
    add zero, a6, a7
    beq zero, a1, fail
    add zero, a6, a7
    beqz zero, 1f
    j fail
1:  sd a1, SCR(s0)
    add zero, a6, a7
    sd zero, SCR(s0)
    ld a2, SCR(s0)
    EXPECT(a2, 0)
    ld zero, 0(s0)
    add a2, zero, a1
    EXPECT(a2, K1)
    ld zero, 1(s0)          /* the slow half */
    add a2, zero, a1
    EXPECT(a2, K1)
    la a4, straddle
    ld zero, 0(a4)
    add a2, zero, a1
    EXPECT(a2, K1)
    li t2, MMIO_REG
    lw zero, 0(t2)
    bnez zero, fail
    /* the C hints with rd = 0 */
    .option rvc
    .hword 0x4015           /* c.li zero, 5 */
    add a2, zero, a1
    EXPECT(a2, K1)
    .hword 0x0015           /* c.addi zero, 5 */
    sub a2, a1, zero
    EXPECT(a2, K1)
    .hword 0x6005           /* c.lui zero, 1 */
    add a2, zero, a1
    EXPECT(a2, K1)
    .hword 0x802e           /* c.mv zero, a1 */
    add a2, zero, zero
    EXPECT(a2, 0)
    .hword 0x902e           /* c.add zero, a1 */
    bnez zero, fail
    .hword 0x0006           /* c.slli zero, 1 */
    add a2, zero, a1
    EXPECT(a2, K1)
    .option norvc

    /* Records between producer and reader that write an integer
     * register but hand the producer's value on unchanged, or name a
     * register in their rd field that is not an integer destination. */
    TEST(69)
    li a1, K1
    li t0, 1 << 13          /* FS = initial */
    csrs mstatus, t0
    li a6, 0x4000000000000000   /* 2.0 */
    fmv.d.x fa1, a6
    li a0, 5
    fmv.x.d a0, fa1
    addi a2, a0, 1
    EXPECT(a2, 0x4000000000000001)
    li a0, 5
    feq.d a0, fa1, fa1
    addi a2, a0, 1
    EXPECT(a2, 2)
    li a0, 5
    fcvt.l.d a0, fa1
    addi a2, a0, 1
    EXPECT(a2, 3)
    li a0, 5
    fclass.d a0, fa1
    addi a2, a0, 0
    EXPECT(a2, 0x40)
    li a0, 77               /* fa0 is f10, a0 is x10 */
    li t0, 99
    fld fa0, 0(s0)
    addi a2, a0, 1
    EXPECT(a2, 78)
    li a0, 77
    li t0, 99
    fadd.d fa0, fa1, fa1
    addi a2, a0, 1
    EXPECT(a2, 78)
    li a0, 77
    li t0, 99
    fmv.d.x fa0, a6
    sub a2, a1, a0
    EXPECT(a2, K1 - 77)
    li a0, 77
    li t0, 99
    flw fa0, 0(s0)
    beq a0, a1, fail

    TEST(70)
    addi a4, s0, SCR
    li t0, 0x55
    sd t0, 0(a4)
    li a1, 0x66
    li a0, 5
    amoswap.d a0, a1, (a4)
    addi a2, a0, 1
    EXPECT(a2, 0x56)
    li a0, 5
    amoadd.w a0, a1, (a4)
    addi a2, a0, 1
    EXPECT(a2, 0x67)
    li a0, 5
    lr.d a0, (a4)
    addi a2, a0, 1
    EXPECT(a2, 0xcd)
    li a0, 5
    sc.d a0, a1, (a4)       /* 0 or 1: the reservation may be gone */
    sltiu a2, a0, 2
    EXPECT(a2, 1)
    li a0, 5
    csrrw a0, mscratch, a1
    csrr a2, mscratch
    EXPECT(a2, 0x66)
    li a0, 5
    csrw mscratch, a0
    csrr a2, mscratch
    EXPECT(a2, 5)
    /* A store's immediate fills the rd field: 42 = x10 (a0) there. */
    li a0, 0x33
    li t0, 0x99
    sb a1, 42(s0)
    addi a2, a0, 1
    EXPECT(a2, 0x34)
    li a0, 0x33
    li t0, 0x99
    sh a1, 42(s0)
    bne a0, t0, 1f
    j fail
    /* One-operand ops whose rs2 field (part of the opcode) names the
     * producer's rd: sext.h's is 5 (t0), cpop's 2 (sp), ctz's 1 (ra). */
1:  li a3, 0x18000
    li t0, 0x7777
    sext.h a2, a3
    EXPECT(a2, 0xffffffffffff8000)
    li ra, 0x7777
    ctz a2, a3
    EXPECT(a2, 15)
    mv s11, sp
    addi sp, sp, 8
    cpop a2, a3
    mv sp, s11
    EXPECT(a2, 2)
    li ra, 0x22             /* jal's and jalr's rd */
    jal ra, 1f
1:  la a5, 1b
    FAIL_UNLESS_EQ(ra, a5)

    /* Loads that fault: the handler resumes at the consumer, which sees
     * the register as it was. */
    TEST(71)
    li a4, UNMAPPED
    li s8, 0
    CLEAR_TRAP
    li a0, OLD
    ld a0, 0(a4)
    addi a2, a0, 1
    EXPECT(a2, OLD + 1)
    EXPECT_ONE_MTRAP(CAUSE_LOAD_ACCESS)
    CLEAR_TRAP
    li a0, OLD
    lbu a0, 3(a4)
    sd a0, SCR(s0)
    ld a2, SCR(s0)
    EXPECT(a2, OLD)
    EXPECT_ONE_MTRAP(CAUSE_LOAD_ACCESS)
    CLEAR_TRAP
    li a5, OLD
    li a0, OLD
    lw a0, 0(a4)
    beq a0, a5, 1f
    j fail
1:  EXPECT_ONE_MTRAP(CAUSE_LOAD_ACCESS)
    CLEAR_TRAP
    li a0, OLD
    ld a0, 1(a4)            /* misaligned and faulting */
    add a2, a0, a0
    EXPECT(a2, 2 * OLD)
    EXPECT(s8, 1)           /* access or misaligned: the ISA allows both */
    li s8, 0
    /* the first half in RAM, the second past its end */
    li a4, RAM_END - 4
    CLEAR_TRAP
    li a0, OLD
    ld a0, 0(a4)
    addi a2, a0, 1
    EXPECT(a2, OLD + 1)
    EXPECT_ONE_MTRAP(CAUSE_LOAD_ACCESS)
    /* compressed: resumed through s1 */
    li a4, UNMAPPED
    CLEAR_TRAP
    la s1, 1f
    li a0, OLD
    .option rvc
    c.ld a0, 0(a4)
1:  c.addi a0, 1
    .option norvc
    EXPECT(a0, OLD + 1)
    EXPECT_ONE_MTRAP(CAUSE_LOAD_ACCESS)

    /* The same block twice: the load succeeds, then faults; after the
     * fault the consumer runs in a block of its own. */
    TEST(72)
    mv a4, s0
    li a7, 0
2:  CLEAR_TRAP
    li a0, OLD
    ld a0, 0(a4)
    addi a2, a0, 1
    bnez a7, 3f
    EXPECT(a2, MEM0 + 1)
    EXPECT(s8, 0)
    li a4, UNMAPPED
    li a7, 1
    j 2b
3:  EXPECT(a2, OLD + 1)
    EXPECT_ONE_MTRAP(CAUSE_LOAD_ACCESS)

    /* Sv39 in S-mode: a walk feeds the consumer, a page fault leaves the
     * register alone, also for a load whose second page faults. RAM and
     * the devices are identity-mapped by gigapages; VPAGE is vpage, the
     * page after it is unmapped. */
    TEST(73)
    la t0, root
    li t1, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D
    sd t1, 0(t0)
    li t1, ((0x80000000 >> 12) << 10) | PTE_V | PTE_R | PTE_W | PTE_X | PTE_A | PTE_D
    sd t1, 16(t0)
    la t1, l1
    srli t1, t1, 12
    slli t1, t1, 10
    ori t1, t1, PTE_V
    sd t1, 8(t0)
    la t0, l1
    la t1, l0
    srli t1, t1, 12
    slli t1, t1, 10
    ori t1, t1, PTE_V
    sd t1, 0(t0)
    la t0, l0
    la t1, vpage
    srli t1, t1, 12
    slli t1, t1, 10
    ori t1, t1, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D
    sd t1, 0(t0)
    la t0, root
    srli t0, t0, 12
    li t1, 8 << 60
    or t0, t0, t1
    csrw satp, t0
    sfence.vma
    li s8, 0
    la s10, back_in_m
    ENTER_MODE(1, in_s)
in_s:
    li a4, VPAGE
    li a0, OLD
    ld a0, 0(a4)            /* a TLB miss: the walk */
    addi a2, a0, 1
    EXPECT(a2, 0x1111222233334445)
    li a4, VPAGE + 4088
    li a0, OLD
    ld a0, 0(a4)
    sub a2, a0, a0
    bnez a2, fail
    EXPECT(a0, 0x5555666677778888)
    li a4, VPAGE + 4092     /* crosses into the unmapped page */
    CLEAR_TRAP
    li a0, OLD
    ld a0, 0(a4)
    addi a2, a0, 1
    EXPECT(a2, OLD + 1)
    EXPECT_ONE_MTRAP(CAUSE_LOAD_PAGE)
    li a4, VPAGE + 4096
    CLEAR_TRAP
    li a5, OLD
    li a0, OLD
    lw a0, 0(a4)
    beq a0, a5, 1f
    j fail
1:  EXPECT_ONE_MTRAP(CAUSE_LOAD_PAGE)
    CLEAR_TRAP
    li a0, OLD
    lhu a0, 6(a4)
    sd a0, SCR(s0)
    ld a2, SCR(s0)
    EXPECT(a2, OLD)
    EXPECT_ONE_MTRAP(CAUSE_LOAD_PAGE)
    CLEAR_TRAP
    la s1, 1f
    li a0, OLD
    .option rvc
    c.lw a0, 0(a4)
1:  c.addi a0, 2
    .option norvc
    EXPECT(a0, OLD + 2)
    EXPECT_ONE_MTRAP(CAUSE_LOAD_PAGE)
    ecall
back_in_m:
    csrw satp, zero
    sfence.vma
    li s8, 0

    /* Chains of dependent records: a loop re-entered through chaining,
     * and straight lines cut by the block length. */
    TEST(74)
    li a0, 0
    li a1, 0
    li t0, 100
1:  addi a0, a0, 1
    add a1, a1, a0
    addi t0, t0, -1
    bnez t0, 1b
    EXPECT(a0, 100)
    EXPECT(a1, 5050)
    li a0, 0
    .rept 150
    addi a0, a0, 3
    .endr
    EXPECT(a0, 450)
    li a0, 1
    li a1, 1
    .rept 70
    add a0, a0, a1
    add a1, a0, a1
    .endr
    EXPECT(a0, 0x111e647953e3b682)
    EXPECT(a1, 0xe923eebf201bb41f)

    /* Self-modifying code under fence.i: once rewritten, a record that
     * was a forwarded consumer no longer is one. */
    TEST(75)
    li a0, 10
    li a1, 100
    call smc_fn
    EXPECT(a2, 111)
    la t0, smc_fn
    la t1, smc_new_producer
    lw t1, 0(t1)
    sw t1, 0(t0)
    fence.i
    li a0, 10
    li a3, 0
    call smc_fn
    EXPECT(a2, 110)
    EXPECT(a3, 11)
    la t0, smc_fn
    la t1, smc_old_producer
    lw t1, 0(t1)
    sw t1, 0(t0)
    la t1, smc_new_consumer
    lw t1, 0(t1)
    sw t1, 4(t0)
    fence.i
    li a0, 10
    li a3, 50
    call smc_fn
    EXPECT(a0, 11)
    EXPECT(a2, 150)

    /* Instructions straddling a page, each one a block of its own,
     * between producers and consumers. */
    TEST(76)
    li a0, 5
    li a1, 7
    call straddle_fn
    EXPECT(a0, 12)
    EXPECT(a2, 19)
    EXPECT(a3, 12)
    EXPECT(s11, 0x1111222233334445)
    j pass

smc_fn:
    addi a0, a0, 1
    add a2, a0, a1
    ret
smc_new_producer:
    addi a3, a0, 1
smc_old_producer:
    addi a0, a0, 1
smc_new_consumer:
    add a2, a3, a1

    /* straddle_fn's second instruction starts 2 bytes before the end of
     * a page, and so does load_straddle's first. */
    .balign 4096
    .skip 4096 - 6
straddle_fn:
    addi a0, a0, 7          /* a0 = 12 */
    add a2, a0, a1          /* straddles: a2 = 19 */
    sub a3, a2, a1          /* a3 = 12 */
    la a4, vpage
    j load_straddle
    .balign 4096
    .skip 4096 - 2
load_straddle:
    ld s11, 0(a4)           /* straddles */
    addi s11, s11, 1
    ret
    .2byte 0                /* back to 4-byte alignment, for END */
END

    .data
    .balign 4096
data:
    .dword MEM0
    .dword MEM8
    .dword abuf
    .dword 0xfffff880
    .space 32               /* SCR */
abuf:
    .dword MEM0
    .dword MEM8
    .space 48
    .balign 4096
    .space 4096 - 4
straddle:                   /* crosses into the next page */
    .dword 0x1122334455667788
    .space 4096 - 8
straddle2:                  /* 4 bytes on each side */
    .dword 0
    .balign 4096
vpage:
    .dword 0x1111222233334444
    .space 4096 - 16
    .dword 0x5555666677778888
root:
    .space 4096
l1:
    .space 4096
l0:
    .space 4096
