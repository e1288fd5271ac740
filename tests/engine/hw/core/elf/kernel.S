/* A stand-in kernel for the boot tests: a header block before the code,
 * so its entry point (_start) is not its lowest address. */
    .section .head, "a", @progbits
    .globl head
head: .fill 64, 4, 0x4b4e524b      /* "KRNK" */

    .section .text, "ax", @progbits
    .globl _start
_start:
    wfi
    j _start
