/* Sv39, Sv48 and Sv57: walks with gigapage and 4 KiB leaves, A and D set by the
 * hart, page faults (load, store, fetch) with stval, reserved and
 * misaligned PTEs, non-canonical addresses, SUM, MXR, MPRV, sfence.vma. */
#include "riscv-test.h"

#define PTE_V 1
#define PTE_R 2
#define PTE_W 4
#define PTE_X 8
#define PTE_U 16
#define PTE_A 64
#define PTE_D 128

/* table[index] = a PTE for the physical address in register phys. */
#define SET_PTE(table, index, phys, flags) \
    la t0, table; mv t1, phys; srli t1, t1, 12; slli t1, t1, 10; \
    ori t1, t1, flags; sd t1, (index) * 8(t0)
#define SET_PTE_SYM(table, index, sym, flags) la t2, sym; SET_PTE(table, index, t2, flags)

#define VA_PAGE(n) (0x40000000 + (n) * 4096)

START
main:
    TEST(1)
    li t2, 0x80000000
    SET_PTE(root39, 2, t2, PTE_V | PTE_R | PTE_W | PTE_X | PTE_A | PTE_D)
    li t2, 0
    SET_PTE(root39, 0, t2, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D)
    li t2, 0x80001000       /* a "gigapage" not 1 GiB aligned */
    SET_PTE(root39, 3, t2, PTE_V | PTE_R | PTE_A)
    SET_PTE_SYM(root39, 1, l1, PTE_V)
    SET_PTE_SYM(l1, 0, l0, PTE_V)
    SET_PTE_SYM(l0, 0, page1, PTE_V | PTE_R | PTE_W)
    SET_PTE_SYM(l0, 1, page2, PTE_V | PTE_R | PTE_A)
    SET_PTE_SYM(l0, 2, page3, PTE_V | PTE_R | PTE_W | PTE_U | PTE_A | PTE_D)
    SET_PTE_SYM(l0, 3, page4, PTE_V | PTE_X | PTE_A)
    SET_PTE_SYM(l0, 5, page1, PTE_V | PTE_W | PTE_A | PTE_D)
    SET_PTE_SYM(root48, 0, root39, PTE_V)
    la t0, root39
    srli t0, t0, 12
    li t1, 8 << 60
    or t0, t0, t1
    csrw satp, t0
    sfence.vma
    la s10, back1
    ENTER_MODE(1, s_paging)

s_paging:
    TEST(2)
    li a0, VA_PAGE(0)
    ld a1, 0(a0)
    EXPECT(a1, 0x1111)
    la t0, l0
    ld t1, 0(t0)
    andi t1, t1, PTE_A | PTE_D
    EXPECT(t1, PTE_A)       /* read: A set, D still clear */

    TEST(3)
    sd a1, 8(a0)
    ld t1, 0(t0)
    andi t1, t1, PTE_A | PTE_D
    EXPECT(t1, PTE_A | PTE_D)

    TEST(4)
    li a0, VA_PAGE(1)
    CLEAR_TRAP
    sd zero, 0(a0)
    EXPECT_MTRAP(CAUSE_STORE_PAGE)
    bne s3, a0, fail
    ld a1, 0(a0)
    EXPECT(a1, 0x2222)
    CLEAR_TRAP
    amoadd.d a1, a1, (a0)   /* AMOs need write permission too */
    EXPECT_MTRAP(CAUSE_STORE_PAGE)

    TEST(5)
    li a0, VA_PAGE(4)
    CLEAR_TRAP
    ld a1, 0(a0)
    EXPECT_MTRAP(CAUSE_LOAD_PAGE)
    bne s3, a0, fail
    li a0, VA_PAGE(5) + 16
    CLEAR_TRAP
    ld a1, 0(a0)            /* W without R is reserved */
    EXPECT_MTRAP(CAUSE_LOAD_PAGE)
    bne s3, a0, fail

    TEST(6)
    li a0, VA_PAGE(2)
    CLEAR_TRAP
    ld a1, 0(a0)            /* a U page from S without SUM */
    EXPECT_MTRAP(CAUSE_LOAD_PAGE)
    li t0, 1 << 18
    csrs sstatus, t0
    CLEAR_TRAP
    ld a1, 0(a0)
    EXPECT(a1, 0x3333)
    la s1, 1f
    jr a0                   /* S never executes U pages, SUM or not */
1:  EXPECT_MTRAP(CAUSE_INSN_PAGE)
    bne s3, a0, fail
    li t0, 1 << 18
    csrc sstatus, t0

    TEST(7)
    li a0, VA_PAGE(3)
    CLEAR_TRAP
    ld a1, 0(a0)            /* execute-only */
    EXPECT_MTRAP(CAUSE_LOAD_PAGE)
    li t0, 1 << 19
    csrs sstatus, t0
    ld a1, 0(a0)
    EXPECT(a1, 0x4444)
    li t0, 1 << 19
    csrc sstatus, t0

    TEST(8)
    li a0, VA_PAGE(0)
    CLEAR_TRAP
    la s1, 2f
    jr a0                   /* not executable */
2:  EXPECT_MTRAP(CAUSE_INSN_PAGE)
    bne s3, a0, fail
    bne s4, a0, fail

    TEST(9)
    li a0, 0x4000000000     /* bit 38 set, bits above clear */
    CLEAR_TRAP
    ld a1, 0(a0)
    EXPECT_MTRAP(CAUSE_LOAD_PAGE)
    bne s3, a0, fail
    li a0, 0xc0000000       /* the misaligned gigapage */
    CLEAR_TRAP
    ld a1, 0(a0)
    EXPECT_MTRAP(CAUSE_LOAD_PAGE)

    TEST(10)
    /* sfence.vma makes a changed PTE visible. */
    li a0, VA_PAGE(1)
    ld a1, 0(a0)
    EXPECT(a1, 0x2222)
    SET_PTE_SYM(l0, 1, page3, PTE_V | PTE_R | PTE_A)
    sfence.vma a0
    ld a1, 0(a0)
    EXPECT(a1, 0x3333)
    ecall

back1:
    TEST(11)
    /* MPRV: M's loads and stores as MPP's, translated. */
    li t0, (1 << 17) | (3 << 11)
    csrc mstatus, t0
    li t0, (1 << 17) | (1 << 11)
    csrs mstatus, t0
    li a0, VA_PAGE(0)
    ld a1, 0(a0)
    EXPECT(a1, 0x1111)
    li t0, 3 << 11          /* MPP = U: a non-U page faults */
    csrc mstatus, t0
    CLEAR_TRAP
    ld a1, 0(a0)
    EXPECT_MTRAP(CAUSE_LOAD_PAGE)
    li t0, 1 << 17
    csrc mstatus, t0
    la t0, page1            /* M itself is never translated */
    ld a1, 0(t0)
    EXPECT(a1, 0x1111)

    TEST(12)
    la t0, root48
    srli t0, t0, 12
    li t1, 9 << 60
    or t0, t0, t1
    csrw satp, t0
    csrr t1, satp
    bne t0, t1, fail
    la s10, back2
    ENTER_MODE(1, s_sv48)
s_sv48:
    li a0, VA_PAGE(0)
    ld a1, 0(a0)
    EXPECT(a1, 0x1111)
    li a0, 0x8000000000     /* root48[1]: invalid */
    CLEAR_TRAP
    ld a1, 0(a0)
    EXPECT_MTRAP(CAUSE_LOAD_PAGE)
    li a0, 0x0000800000000000   /* not canonical under Sv48 */
    CLEAR_TRAP
    ld a1, 0(a0)
    EXPECT_MTRAP(CAUSE_LOAD_PAGE)
    li a0, 0x4000000000     /* canonical under Sv48: root48[0], root39[256] */
    CLEAR_TRAP
    ld a1, 0(a0)
    EXPECT_MTRAP(CAUSE_LOAD_PAGE)
    ecall
back2:
    TEST(13)
    /* Sv57: one more level above the same tables. */
    SET_PTE_SYM(root57, 0, root48, PTE_V)
    la t0, root57
    srli t0, t0, 12
    li t1, 10 << 60
    or t0, t0, t1
    csrw satp, t0
    csrr t1, satp
    bne t0, t1, fail
    la s10, back3
    ENTER_MODE(1, s_sv57)
s_sv57:
    li a0, VA_PAGE(0)
    ld a1, 0(a0)
    EXPECT(a1, 0x1111)
    li a0, 0x0100000000000000   /* not canonical under Sv57 */
    CLEAR_TRAP
    ld a1, 0(a0)
    EXPECT_MTRAP(CAUSE_LOAD_PAGE)
    ecall
back3:
    csrw satp, zero
    j pass
END

    .data
    .balign 4096
root39:
    .skip 4096
l1:
    .skip 4096
l0:
    .skip 4096
root48:
    .skip 4096
root57:
    .skip 4096
page1:
    .dword 0x1111
    .balign 4096
page2:
    .dword 0x2222
    .balign 4096
page3:
    .dword 0x3333
    .balign 4096
page4:
    .dword 0x4444
    .balign 4096
