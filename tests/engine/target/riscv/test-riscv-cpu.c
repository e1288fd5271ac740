/* The RISC-V CPU device: its models and properties, realize's checks,
 * reset, the monitor's register text, the exec loop's exit reasons,
 * interrupt pins, decoding that depends on the model, and a hostile guest
 * running random code. Guest code here is a few hand-encoded words. */
#include "riscv-test-machine.h"

#include "irq.h"
#include "object-link.h"
#include "object-property.h"
#include "qom-schema.h"

#include <string.h>

#define RAM RISCV_TEST_RAM_BASE
#define INSN_WFI 0x10500073u
#define INSN_LOOP 0x0000006fu          /* j . */
#define INSN_CSRW_MTVEC_T0 0x30529073u
#define INSN_SH1ADD 0x20c5a533u        /* sh1add a0, a1, a2 */
#define INSN_JR_T1 0x00030067u         /* jalr zero, 0(t1) */
#define REG_T0 5
#define REG_T1 6

static uint64_t csr(RiscvCpu *cpu, unsigned num)
{
    uint64_t v = 0;

    g_assert_true(riscv_cpu_read_csr(cpu, num, &v));
    return v;
}

static void put_words(RiscvTestMachine *m, uint64_t addr,
                      const uint32_t *words, size_t n)
{
    memcpy(riscv_test_machine_ram(m, addr), words, n * sizeof(*words));
}

/* mtvec = RAM + 0x1000, which holds a loop: a trap parks the hart there
 * with its cause in mcause. */
static void park_traps(RiscvTestMachine *m)
{
    static const uint32_t loop[] = { INSN_LOOP };

    put_words(m, RAM + 0x1000, loop, 1);
    riscv_cpu_set_xreg(m->cpus[0], REG_T0, RAM + 0x1000);
}

static void test_models_describe_themselves(void)
{
    RiscvTestMachine *m = riscv_test_machine_new("rv64-riscv-cpu", 1,
                                                 1 << 20, NULL);
    RiscvTestMachine *u54 = riscv_test_machine_new("sifive-u54-riscv-cpu",
                                                   1, 1 << 20, NULL);
    g_autofree char *isa = riscv_cpu_isa_string(m->cpus[0]);
    g_autofree char *isa_u54 = riscv_cpu_isa_string(u54->cpus[0]);

    g_assert_cmpstr(isa, ==, "rv64imafdc_zicsr_zifencei_zihintpause_zba_"
                    "zbb_zbs_sstc");
    g_assert_cmpstr(isa_u54, ==, "rv64imafdc_zicsr_zifencei");
    g_assert_cmpstr(riscv_cpu_mmu_type(m->cpus[0]), ==, "riscv,sv57");
    g_assert_cmpstr(riscv_cpu_mmu_type(u54->cpus[0]), ==, "riscv,sv39");
    /* rv64imafdcsu */
    g_assert_cmphex(csr(m->cpus[0], 0x301), ==, 0x800000000014112dULL);
    g_assert_cmphex(csr(u54->cpus[0], 0x301), ==, 0x800000000014112dULL);
    riscv_test_machine_free(u54);
    riscv_test_machine_free(m);
}

/* The C classes carry exactly the schema's properties, parents and
 * abstractness (target-riscv.json). */
static void test_classes_match_schema(void)
{
    g_assert_nonnull(object_class_by_name("rv64-riscv-cpu"));
    g_assert_nonnull(object_class_by_name("sifive-u54-riscv-cpu"));
    g_assert_true(qom_schema_check_classes(false, &error_abort));
}

/* misa follows the extension properties. */
static void test_misa_follows_properties(void)
{
    static const char *const props[] = { "d=off", "f=off", "c=off", NULL };
    RiscvTestMachine *m = riscv_test_machine_new("rv64-riscv-cpu", 1,
                                                 1 << 20, props);
    g_autofree char *isa = riscv_cpu_isa_string(m->cpus[0]);

    g_assert_cmphex(csr(m->cpus[0], 0x301), ==, 0x8000000000141101ULL);
    g_assert_cmpstr(isa, ==, "rv64ima_zicsr_zifencei_zihintpause_zba_zbb_"
                    "zbs_sstc");
    riscv_test_machine_free(m);
}

static DeviceState *new_cpu(const char *type, const char *off)
{
    DeviceState *dev = qdev_new(type);

    if (off) {
        g_assert_true(object_property_set_bool(OBJECT(dev), off, false,
                                               &error_abort));
    }
    return dev;
}

/* Each forbidden combination is refused with one line naming it. */
static void test_realize_refuses_bad_combinations(void)
{
    static const struct {
        const char *off;
        const char *error;
    } cases[] = {
        { "f", "riscv-cpu: extension 'd' needs 'f'" },
        { "u", "riscv-cpu: supervisor mode 's' needs user mode 'u'" },
        { "sv48", "riscv-cpu: 'sv57' needs 'sv48'" },
    };
    MemoryRegion root;
    g_autoptr(AddressSpace) as = NULL;

    memory_region_init_container(&root, "root", MEMORY_SIZE_FULL);
    as = address_space_new(&root, "test");
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        DeviceState *dev = new_cpu("rv64-riscv-cpu", cases[i].off);
        Error *err = NULL;

        riscv_cpu_set_address_space(riscv_cpu_cast(OBJECT(dev)), as);
        g_assert_false(qdev_realize(dev, NULL, &err));
        g_assert_nonnull(err);
        g_assert_cmpstr(error_get_pretty(err), ==, cases[i].error);
        error_free(err);
        object_unref(OBJECT(dev));
    }
    g_clear_pointer(&as, address_space_free);
    memory_region_finalize(&root);
}

static void test_realize_needs_address_space(void)
{
    DeviceState *dev = new_cpu("rv64-riscv-cpu", NULL);
    Error *err = NULL;

    g_assert_false(qdev_realize(dev, NULL, &err));
    g_assert_nonnull(strstr(error_get_pretty(err), "no address space"));
    error_free(err);
    g_assert_cmpint(riscv_cpu_exec(riscv_cpu_cast(OBJECT(dev)), 100), ==,
                    RISCV_EXIT_HALTED);
    object_unref(OBJECT(dev));
}

static void test_reset_enters_m_mode_at_resetvec(void)
{
    RiscvTestMachine *m = riscv_test_machine_new("rv64-riscv-cpu", 1,
                                                 1 << 20, NULL);
    RiscvCpu *cpu = m->cpus[0];

    riscv_cpu_set_pc(cpu, 0x1234);
    riscv_cpu_set_xreg(cpu, 1, 99);
    riscv_cpu_reset(cpu);
    g_assert_cmphex(riscv_cpu_get_pc(cpu), ==, RAM);
    g_assert_cmpint(riscv_cpu_get_priv(cpu), ==, RISCV_PRIV_M);
    g_assert_cmphex(riscv_cpu_get_xreg(cpu, 1), ==, 0);
    g_assert_cmphex(csr(cpu, 0x300), ==, 0xa00000000ULL);  /* mstatus */
    riscv_test_machine_free(m);
}

/* `info registers`: QEMU's layout, pc first, then the CSRs, then the
 * registers four to a line. */
static void test_registers_text_has_qemu_layout(void)
{
    RiscvTestMachine *m = riscv_test_machine_new("rv64-riscv-cpu", 1,
                                                 1 << 20, NULL);
    g_autofree char *text = NULL;

    riscv_cpu_set_xreg(m->cpus[0], 2, 0x80100000);
    text = riscv_cpu_format_registers(m->cpus[0]);
    g_assert_true(g_str_has_prefix(text, " pc       0000000080000000\n"
                                   " mhartid  0000000000000000\n"
                                   " mstatus  0000000a00000000\n"));
    g_assert_nonnull(strstr(text, "\n x0/zero  0000000000000000 x1/ra    "
                            "0000000000000000 x2/sp    0000000080100000 "
                            "x3/gp    0000000000000000\n"));
    g_assert_nonnull(strstr(text, " f31/ft11 0000000000000000\n"));
    riscv_test_machine_free(m);
}

/* wfi with nothing pending hands the thread back; pc is past it. */
static void test_wfi_returns_when_idle(void)
{
    static const uint32_t code[] = { INSN_WFI, INSN_LOOP };
    RiscvTestMachine *m = riscv_test_machine_new("rv64-riscv-cpu", 1,
                                                 1 << 20, NULL);
    RiscvCpu *cpu = m->cpus[0];

    put_words(m, RAM, code, G_N_ELEMENTS(code));
    g_assert_cmpint(riscv_cpu_exec(cpu, 1000), ==, RISCV_EXIT_WFI);
    g_assert_cmphex(riscv_cpu_get_pc(cpu), ==, RAM + 4);
    g_assert_cmpuint(riscv_cpu_instret(cpu), ==, 1);
    /* Then the loop runs out its budget. */
    g_assert_cmpint(riscv_cpu_exec(cpu, 1000), ==, RISCV_EXIT_BUDGET);
    g_assert_cmpuint(riscv_cpu_instret(cpu), >=, 1000);
    riscv_test_machine_free(m);
}

static void test_exit_request_is_honoured(void)
{
    static const uint32_t code[] = { INSN_LOOP };
    RiscvTestMachine *m = riscv_test_machine_new("rv64-riscv-cpu", 1,
                                                 1 << 20, NULL);
    RiscvCpu *cpu = m->cpus[0];

    put_words(m, RAM, code, 1);
    riscv_cpu_request_exit(cpu);
    g_assert_cmpint(riscv_cpu_exec(cpu, 1000000), ==, RISCV_EXIT_REQUESTED);
    g_assert_cmpuint(riscv_cpu_instret(cpu), ==, 0);
    /* The request is consumed. */
    g_assert_cmpint(riscv_cpu_exec(cpu, 100), ==, RISCV_EXIT_BUDGET);
    riscv_test_machine_free(m);
}

/* GPIO input n is mip bit n, a level. */
static void test_gpio_pins_drive_mip(void)
{
    RiscvTestMachine *m = riscv_test_machine_new("rv64-riscv-cpu", 1,
                                                 1 << 20, NULL);
    RiscvCpu *cpu = m->cpus[0];
    IrqLine *mtip = gpio_get_in(OBJECT(cpu), NULL, 7);
    IrqLine *seip = gpio_get_in(OBJECT(cpu), NULL, 9);

    g_assert_nonnull(mtip);
    irq_set_level(mtip, 1);
    irq_set_level(seip, 1);
    g_assert_cmphex(csr(cpu, 0x344), ==, (1u << 7) | (1u << 9));
    g_assert_false(riscv_cpu_has_pending_interrupt(cpu));   /* mie = 0 */
    irq_set_level(mtip, 0);
    g_assert_cmphex(csr(cpu, 0x344), ==, 1u << 9);
    riscv_cpu_set_mip_line(cpu, 11, 1);
    g_assert_cmphex(csr(cpu, 0x344), ==, (1u << 9) | (1u << 11));
    riscv_test_machine_free(m);
}

/* csrs/csrc on mip while the PLIC holds SEIP high: only the software bit
 * takes part, so SEIP clears when the line drops. Before the fix the set
 * of SSIP (OpenSBI forwarding an IPI) latched the line's SEIP into the
 * software bit and Linux's hart took external interrupts for ever with
 * nothing to claim. */
static void test_csr_set_on_mip_keeps_device_lines_out(void)
{
    static const uint32_t code[] = {
        0x34416073u,            /* csrrsi zero, mip, 2 (SSIP) */
        INSN_WFI,
        0x34417073u,            /* csrrci zero, mip, 2 */
        INSN_WFI,
    };
    RiscvTestMachine *m = riscv_test_machine_new("rv64-riscv-cpu", 1,
                                                 1 << 20, NULL);
    RiscvCpu *cpu = m->cpus[0];
    IrqLine *seip = gpio_get_in(OBJECT(cpu), NULL, 9);

    put_words(m, RAM, code, G_N_ELEMENTS(code));
    irq_set_level(seip, 1);
    g_assert_cmpint(riscv_cpu_exec(cpu, 100), ==, RISCV_EXIT_WFI);
    g_assert_cmphex(csr(cpu, 0x344), ==, (1u << 1) | (1u << 9));
    irq_set_level(seip, 0);
    g_assert_cmphex(csr(cpu, 0x344), ==, 1u << 1);

    irq_set_level(seip, 1);
    g_assert_cmpint(riscv_cpu_exec(cpu, 100), ==, RISCV_EXIT_WFI);
    g_assert_cmphex(csr(cpu, 0x344), ==, 1u << 9);
    irq_set_level(seip, 0);
    g_assert_cmphex(csr(cpu, 0x344), ==, 0);
    riscv_test_machine_free(m);
}

/* Without C, a 16-bit encoding is illegal (mtval: its 16 bits) and a
 * jump to a 2-mod-4 address traps as misaligned. */
static void test_no_c_means_no_compressed(void)
{
    static const char *const props[] = { "c=off", NULL };
    static const uint32_t code[] = { INSN_CSRW_MTVEC_T0, 0x00000001 };
    static const uint32_t jump[] = { INSN_CSRW_MTVEC_T0, INSN_JR_T1 };
    RiscvTestMachine *m = riscv_test_machine_new("rv64-riscv-cpu", 1,
                                                 1 << 20, props);
    RiscvCpu *cpu = m->cpus[0];

    park_traps(m);
    put_words(m, RAM, code, 2);
    riscv_cpu_exec(cpu, 100);
    g_assert_cmphex(csr(cpu, 0x342), ==, 2);        /* illegal */
    g_assert_cmphex(csr(cpu, 0x343), ==, 0x0001);   /* c.nop's bits */
    g_assert_cmphex(csr(cpu, 0x341), ==, RAM + 4);

    riscv_cpu_reset(cpu);
    park_traps(m);
    riscv_cpu_set_xreg(cpu, REG_T1, RAM + 0x102);
    put_words(m, RAM, jump, 2);
    riscv_cpu_exec(cpu, 100);
    g_assert_cmphex(csr(cpu, 0x342), ==, 0);        /* misaligned fetch */
    g_assert_cmphex(csr(cpu, 0x343), ==, RAM + 0x102);
    g_assert_cmphex(csr(cpu, 0x341), ==, RAM + 4);
    riscv_test_machine_free(m);
}

/* The U54 has no Zba: sh1add is illegal there, legal on rv64. */
static void test_extension_off_is_illegal(void)
{
    static const uint32_t code[] = { INSN_CSRW_MTVEC_T0, INSN_SH1ADD,
                                     INSN_LOOP };
    RiscvTestMachine *u54 = riscv_test_machine_new("sifive-u54-riscv-cpu",
                                                   1, 1 << 20, NULL);
    RiscvTestMachine *rv64 = riscv_test_machine_new("rv64-riscv-cpu", 1,
                                                    1 << 20, NULL);

    park_traps(u54);
    put_words(u54, RAM, code, 3);
    riscv_cpu_exec(u54->cpus[0], 100);
    g_assert_cmphex(csr(u54->cpus[0], 0x342), ==, 2);
    g_assert_cmphex(csr(u54->cpus[0], 0x343), ==, INSN_SH1ADD);

    park_traps(rv64);
    put_words(rv64, RAM, code, 3);
    riscv_cpu_set_xreg(rv64->cpus[0], 11, 5);
    riscv_cpu_set_xreg(rv64->cpus[0], 12, 100);
    riscv_cpu_exec(rv64->cpus[0], 100);
    g_assert_cmphex(riscv_cpu_get_xreg(rv64->cpus[0], 10), ==, 110);
    g_assert_cmphex(csr(rv64->cpus[0], 0x342), ==, 0);
    riscv_test_machine_free(rv64);
    riscv_test_machine_free(u54);
}

/* A hostile guest: random words as code, random registers, traps into
 * more random code (random CSR writes included: satp, mstatus, mtvec).
 * Nothing may crash or touch host memory outside RAM (the sanitizer
 * build checks); afterwards a reset hart runs real code correctly. */
static void test_random_code_cannot_hurt_the_host(void)
{
    static const uint32_t code[] = { 0x00a00513, INSN_LOOP };  /* li a0, 10 */
    RiscvTestMachine *m = riscv_test_machine_new("rv64-riscv-cpu", 1,
                                                 1 << 20, NULL);
    RiscvCpu *cpu = m->cpus[0];
    GRand *rng = g_rand_new_with_seed(20261124);
    uint32_t *ram = riscv_test_machine_ram(m, RAM);

    for (unsigned round = 0; round < 20; round++) {
        riscv_cpu_reset(cpu);
        for (size_t i = 0; i < (1 << 20) / 4; i++) {
            ram[i] = g_rand_int(rng);
        }
        for (unsigned r = 1; r < 32; r++) {
            /* Half the registers point into RAM, half anywhere. */
            uint64_t v = ((uint64_t)g_rand_int(rng) << 32) | g_rand_int(rng);

            riscv_cpu_set_xreg(cpu, r, (r & 1) ? RAM + (v & 0xfffff) : v);
        }
        riscv_cpu_exec(cpu, 200000);
    }
    g_rand_free(rng);

    riscv_cpu_reset(cpu);
    put_words(m, RAM, code, 2);
    riscv_cpu_exec(cpu, 100);
    g_assert_cmphex(riscv_cpu_get_xreg(cpu, 10), ==, 10);
    g_assert_cmphex(riscv_cpu_get_pc(cpu), ==, RAM + 4);
    riscv_test_machine_free(m);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/riscv-cpu/models/describe-themselves",
                    test_models_describe_themselves);
    g_test_add_func("/riscv-cpu/models/classes-match-schema",
                    test_classes_match_schema);
    g_test_add_func("/riscv-cpu/models/misa-follows-properties",
                    test_misa_follows_properties);
    g_test_add_func("/riscv-cpu/realize/refuses-bad-combinations",
                    test_realize_refuses_bad_combinations);
    g_test_add_func("/riscv-cpu/realize/needs-an-address-space",
                    test_realize_needs_address_space);
    g_test_add_func("/riscv-cpu/reset/enters-m-mode-at-resetvec",
                    test_reset_enters_m_mode_at_resetvec);
    g_test_add_func("/riscv-cpu/registers/text-has-qemu-layout",
                    test_registers_text_has_qemu_layout);
    g_test_add_func("/riscv-cpu/exec/wfi-returns-when-idle",
                    test_wfi_returns_when_idle);
    g_test_add_func("/riscv-cpu/exec/exit-request-is-honoured",
                    test_exit_request_is_honoured);
    g_test_add_func("/riscv-cpu/irq/gpio-pins-drive-mip",
                    test_gpio_pins_drive_mip);
    g_test_add_func("/riscv-cpu/irq/csr-set-on-mip-keeps-device-lines-out",
                    test_csr_set_on_mip_keeps_device_lines_out);
    g_test_add_func("/riscv-cpu/decode/no-c-means-no-compressed",
                    test_no_c_means_no_compressed);
    g_test_add_func("/riscv-cpu/decode/extension-off-is-illegal",
                    test_extension_off_is_illegal);
    g_test_add_func("/riscv-cpu/hostile/random-code-cannot-hurt-the-host",
                    test_random_code_cannot_hurt_the_host);
    return g_test_run();
}
