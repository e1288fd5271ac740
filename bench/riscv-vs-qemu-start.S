/* Entry of bench/riscv-vs-qemu's guest: a stack, then C. */
    .section .text.init
    .globl _start
_start:
    li sp, 0x80400000
    call bench_main
1:  j 1b
