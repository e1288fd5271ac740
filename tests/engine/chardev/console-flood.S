/* A guest that floods its console: numbered lines, "line 00000000\r\n",
 * "line 00000001\r\n", ..., written to the virt board's 16550 UART for
 * ever, from the start of RAM (0x80000000, where -bios none starts a hart).
 * Run as `quern-engine -M virt -bios none -kernel console-flood.elf`.
 * The numbers let a test check that a log holds the newest lines, in
 * order, with none missing. */
    .text
    .globl _start
_start:
    li      s0, 0x10000000          /* the UART's transmit register */
    li      s1, 0                   /* the line number */
next_line:
    la      t0, prefix
1:  lbu     t1, 0(t0)
    beqz    t1, 2f
    sb      t1, 0(s0)
    addi    t0, t0, 1
    j       1b
2:  li      t2, 28                  /* eight hex digits, high nibble first */
3:  srl     t1, s1, t2
    andi    t1, t1, 0xf
    li      t3, 10
    blt     t1, t3, 4f
    addi    t1, t1, 'a' - '0' - 10
4:  addi    t1, t1, '0'
    sb      t1, 0(s0)
    addi    t2, t2, -4
    bgez    t2, 3b
    li      t1, '\r'
    sb      t1, 0(s0)
    li      t1, '\n'
    sb      t1, 0(s0)
    addiw   s1, s1, 1
    slli    s1, s1, 32              /* keep the number to 32 bits */
    srli    s1, s1, 32
    j       next_line

prefix:
    .asciz  "line "
