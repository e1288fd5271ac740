# riscv-cpu-bench: guest MIPS of the riscv64 interpreter on a CPU-bound
# bare-metal program, cross-compiled here (the tests' CMakeLists checks the
# cross compiler is present) and run on the CPU tests' bare machine.
set(riscv_bench_guest ${CMAKE_CURRENT_BINARY_DIR}/riscv-cpu-bench-guest)
add_custom_command(
    OUTPUT ${riscv_bench_guest}.bin
    COMMAND ${RISCV_CROSS_CC} -O2 -march=rv64gc -mabi=lp64d -mcmodel=medany
            -ffreestanding -fno-builtin -nostdlib -nostartfiles -static
            -T ${PROJECT_SOURCE_DIR}/tests/engine/target/riscv/isa/link.ld
            -o ${riscv_bench_guest}.elf
            ${CMAKE_CURRENT_LIST_DIR}/riscv-cpu-bench-start.S
            ${CMAKE_CURRENT_LIST_DIR}/riscv-cpu-bench-guest.c
    COMMAND ${RISCV_CROSS_OBJCOPY} -O binary ${riscv_bench_guest}.elf
            ${riscv_bench_guest}.bin
    DEPENDS ${CMAKE_CURRENT_LIST_DIR}/riscv-cpu-bench-start.S
            ${CMAKE_CURRENT_LIST_DIR}/riscv-cpu-bench-guest.c
    COMMENT "Cross-compiling the riscv-cpu-bench guest"
    VERBATIM)
add_custom_target(riscv-cpu-bench-guest DEPENDS ${riscv_bench_guest}.bin)
add_executable(riscv-cpu-bench ${CMAKE_CURRENT_LIST_DIR}/riscv-cpu-bench.c)
target_link_libraries(riscv-cpu-bench PRIVATE quern-riscv-test-machine
                      quern-bench-util)
add_dependencies(riscv-cpu-bench riscv-cpu-bench-guest)
target_compile_definitions(riscv-cpu-bench PRIVATE
    RISCV_BENCH_GUEST="${riscv_bench_guest}.bin")
add_test(NAME riscv-cpu-bench-smoke COMMAND riscv-cpu-bench --quick)
