/* A tiny bare-metal image for the loader tests: code, HTIF's tohost and
 * fromhost words, and initialised data followed by bss in a segment whose
 * load address (0x80002000) differs from its link address (0x90000000).
 * It is never run; the tests check where its bytes land. */
    .section .text.init, "ax", @progbits
    .globl _start
_start:
    li t0, 1
    la t1, tohost
1:  sd t0, 0(t1)
    j 1b

    .section .tohost, "aw", @progbits
    .balign 64
    .globl tohost
tohost: .dword 0
    .balign 64
    .globl fromhost
fromhost: .dword 0

    .section .data, "aw", @progbits
    .globl data_word
data_word: .dword 0x1122334455667788

    .section .bss, "aw", @nobits
    .globl bss_area
bss_area: .zero 4096
