# Turns tests/engine/target/riscv/isa/riscv-test.h into its spike twin:
# pass and fail report through HTIF's tohost (device 0, command 0, payload
# (code << 1) | 1) instead of the sifive_test finisher, and END defines
# the tohost/fromhost pair the spike board finds by symbol, on a page of
# their own (the CPU keeps no LR/SC reservation on a page with MMIO in it,
# and the programs run LR/SC on their data). Each line
# below must match once; test-riscv-boards fails (a program that never
# reports times out) if the header drifts.
s/li t0, FINISHER/la t0, tohost/
s/li t1, 0x5555/li t1, 1/
s/slli t1, gp, 16/slli t1, gp, 1/
s/li t2, 0x3333/li t2, 1/
s/sw t1, 0(t0)/sd t1, 0(t0)/
/^\.macro END/a\    .pushsection .data.tohost, "aw"; .balign 4096; .globl tohost; tohost: .dword 0; .balign 64; .globl fromhost; fromhost: .dword 0; .popsection
