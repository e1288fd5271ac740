/* Entry of the riscv-cpu-bench guest: a stack, then C. */
    .section .text.init
    .globl _start
_start:
    li sp, 0x80200000
    call bench_main
1:  j 1b
