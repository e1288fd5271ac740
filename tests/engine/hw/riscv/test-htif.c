/* HTIF: what a riscv-tests binary observes when it stores to tohost --
 * the exit code the engine ends with, the console bytes, the proxied
 * write() -- and that hostile commands (bad addresses, huge lengths, a
 * syscall block over tohost itself) cost the host nothing. */
#include "htif.h"
#include "loader-elf.h"
#include "runstate.h"

#include <errno.h>
#include <glib.h>
#include <string.h>

#define RAM_BASE 0x80000000u
#define RAM_SIZE 0x40000u
#define TOHOST 0x80001000u
#define FROMHOST 0x80001040u
#define CMD(dev, cmd, payload) \
    ((uint64_t)(dev) << 56 | (uint64_t)(cmd) << 48 | (payload))

typedef struct Fixture {
    MemoryRegion root, ram;
    AddressSpace *as;
    Chardev *chr;
    uint64_t console_pos;
    Htif *htif;
    unsigned exits;
    uint64_t code;
    int status;
} Fixture;

static void record_exit(void *opaque, uint64_t code, int status)
{
    Fixture *f = opaque;

    f->exits++;
    f->code = code;
    f->status = status;
}

static void fixture_setup(Fixture *f, gconstpointer data)
{
    memory_region_init_container(&f->root, "system", MEMORY_SIZE_FULL);
    memory_region_init_ram(&f->ram, "riscv.spike.ram", RAM_SIZE,
                           &error_abort);
    memory_region_add_subregion(&f->root, RAM_BASE, &f->ram);
    f->as = address_space_new(&f->root, "memory");
    f->chr = chardev_new("htif-test", "null", NULL, &error_abort);
    f->console_pos = chardev_backlog_start(f->chr);
    f->htif = htif_new(&f->root, f->as, TOHOST, FROMHOST, f->chr,
                       &error_abort);
    htif_set_exit_handler(f->htif, record_exit, f);
}

static void fixture_teardown(Fixture *f, gconstpointer data)
{
    htif_free(f->htif);
    g_assert_true(chardev_remove("htif-test", &error_abort));
    object_unref(OBJECT(f->chr));
    address_space_free(f->as);
    memory_region_del_subregion(&f->root, &f->ram);
    memory_region_finalize(&f->ram);
    memory_region_finalize(&f->root);
}

/* Everything the console received since the last call. */
static char *console_take(Fixture *f)
{
    GString *out = g_string_new(NULL);
    const uint8_t *p;
    size_t len;

    while ((p = chardev_backlog_peek(f->chr, &f->console_pos, &len))) {
        g_string_append_len(out, (const char *)p, len);
        f->console_pos += len;
    }
    return g_string_free(out, false);
}

/* riscv-tests' RVTEST_PASS: tohost = 1 is exit code 0; the host takes
 * the command and clears tohost. */
static void test_pass(Fixture *f, gconstpointer data)
{
    address_space_stq(f->as, TOHOST, 1, NULL);
    g_assert_cmpuint(f->exits, ==, 1);
    g_assert_cmpuint(f->code, ==, 0);
    g_assert_cmpint(f->status, ==, 0);
    g_assert_cmphex(address_space_ldq(f->as, TOHOST, NULL), ==, 0);
}

/* RVTEST_FAIL: tohost = (TESTNUM << 1) | 1; the test keeps storing it in
 * a loop, and the exit is reported once until reset. */
static void test_fail_reported_once(Fixture *f, gconstpointer data)
{
    for (int i = 0; i < 3; i++) {
        address_space_stq(f->as, TOHOST, (5 << 1) | 1, NULL);
    }
    g_assert_cmpuint(f->exits, ==, 1);
    g_assert_cmpuint(f->code, ==, 5);
    g_assert_cmpint(f->status, ==, 5);
    htif_reset(f->htif);
    address_space_stq(f->as, TOHOST, (7 << 1) | 1, NULL);
    g_assert_cmpuint(f->exits, ==, 2);
    g_assert_cmpuint(f->code, ==, 7);
}

/* A code whose low 8 bits are 0 must not exit the engine with 0. */
static void test_big_code_is_not_a_pass(Fixture *f, gconstpointer data)
{
    address_space_stq(f->as, TOHOST, (256 << 1) | 1, NULL);
    g_assert_cmpuint(f->code, ==, 256);
    g_assert_cmpint(f->status, ==, 255);
    g_assert_cmpint(htif_exit_status(0), ==, 0);
    g_assert_cmpint(htif_exit_status(255), ==, 255);
    g_assert_cmpint(htif_exit_status(UINT64_C(1) << 46), ==, 255);
}

/* An rv32 guest stores the low word, then the high word: the command
 * runs on the second store. */
static void test_rv32_halves(Fixture *f, gconstpointer data)
{
    address_space_stl(f->as, TOHOST, (3 << 1) | 1, NULL);
    g_assert_cmpuint(f->exits, ==, 0);
    g_assert_cmphex(address_space_ldl(f->as, TOHOST, NULL), ==, 7);
    address_space_stl(f->as, TOHOST + 4, 0, NULL);
    g_assert_cmpuint(f->exits, ==, 1);
    g_assert_cmpuint(f->code, ==, 3);
}

/* With no handler of its own the exit asks the run state for a guest
 * shutdown whose exit status is the test's verdict. */
static void test_exit_requests_shutdown(Fixture *f, gconstpointer data)
{
    int status = -1;

    runstate_reset_for_test();
    htif_set_exit_handler(f->htif, NULL, NULL);
    address_space_stq(f->as, TOHOST, (42 << 1) | 1, NULL);
    g_assert_true(runstate_process_requests(&status));
    g_assert_cmpint(status, ==, 42);
    runstate_reset_for_test();
}

/* Device 1 command 1: one byte to the console, acknowledged in fromhost
 * with the same device and command. */
static void test_console_putchar(Fixture *f, gconstpointer data)
{
    g_autofree char *out = NULL;

    address_space_stq(f->as, TOHOST, CMD(1, 1, 'h'), NULL);
    g_assert_cmphex(address_space_ldq(f->as, FROMHOST, NULL), ==,
                    CMD(1, 1, 0x100 | 'h'));
    address_space_stq(f->as, FROMHOST, 0, NULL);
    address_space_stq(f->as, TOHOST, CMD(1, 1, 'i' | 0xff00), NULL);
    out = console_take(f);
    g_assert_cmpstr(out, ==, "hi");
    g_assert_cmphex(address_space_ldq(f->as, TOHOST, NULL), ==, 0);
}

/* Device 1 command 0: the answer waits for input, then carries the byte;
 * the next byte waits until the guest cleared fromhost and asked again. */
static void test_console_getchar(Fixture *f, gconstpointer data)
{
    g_assert_cmpuint(chardev_be_can_read(f->chr), ==, 0);
    address_space_stq(f->as, TOHOST, CMD(1, 0, 0), NULL);
    g_assert_cmphex(address_space_ldq(f->as, FROMHOST, NULL), ==, 0);
    g_assert_cmpuint(chardev_be_can_read(f->chr), ==, 1);
    chardev_be_read(f->chr, (const uint8_t *)"x", 1);
    g_assert_cmphex(address_space_ldq(f->as, FROMHOST, NULL), ==,
                    CMD(1, 0, 0x100 | 'x'));
    g_assert_cmpuint(chardev_be_can_read(f->chr), ==, 0);
    address_space_stq(f->as, FROMHOST, 0, NULL);
    g_assert_cmpuint(chardev_be_can_read(f->chr), ==, 0);  /* not asked */
}

/* Writes the syscall block {which, a0, a1, a2} at addr. */
static void put_syscall(Fixture *f, hwaddr addr, uint64_t which,
                        uint64_t a0, uint64_t a1, uint64_t a2)
{
    address_space_stq(f->as, addr, which, NULL);
    address_space_stq(f->as, addr + 8, a0, NULL);
    address_space_stq(f->as, addr + 16, a1, NULL);
    address_space_stq(f->as, addr + 24, a2, NULL);
}

/* riscv-tests' printf: write(1, buf, len) through a syscall block; the
 * result replaces the syscall number and fromhost says done. */
static void test_syscall_write(Fixture *f, gconstpointer data)
{
    g_autofree char *out = NULL;

    address_space_write(f->as, 0x80002000, "hello\n", 6, NULL);
    put_syscall(f, 0x80003000, 64, 1, 0x80002000, 6);
    address_space_stq(f->as, TOHOST, 0x80003000, NULL);
    out = console_take(f);
    g_assert_cmpstr(out, ==, "hello\n");
    g_assert_cmpuint(address_space_ldq(f->as, 0x80003000, NULL), ==, 6);
    g_assert_cmphex(address_space_ldq(f->as, FROMHOST, NULL), ==, 1);
    g_assert_cmpuint(f->exits, ==, 0);
}

/* Results a hostile or buggy guest gets instead of a host access. */
static void test_syscall_errors(Fixture *f, gconstpointer data)
{
    g_autofree char *out = NULL;
    const hwaddr blk = 0x80003000;

    /* A buffer in unassigned memory. */
    put_syscall(f, blk, 64, 1, 0x10000000, 16);
    address_space_stq(f->as, TOHOST, blk, NULL);
    g_assert_cmpint((int64_t)address_space_ldq(f->as, blk, NULL), ==,
                    -EFAULT);
    /* A buffer running off the end of RAM. */
    put_syscall(f, blk, 64, 1, RAM_BASE + RAM_SIZE - 4, 16);
    address_space_stq(f->as, TOHOST, blk, NULL);
    g_assert_cmpint((int64_t)address_space_ldq(f->as, blk, NULL), ==,
                    -EFAULT);
    /* A buffer whose end wraps past 2^64. */
    put_syscall(f, blk, 64, 2, UINT64_MAX - 4, 16);
    address_space_stq(f->as, TOHOST, blk, NULL);
    g_assert_cmpint((int64_t)address_space_ldq(f->as, blk, NULL), ==,
                    -EFAULT);
    /* Not stdout or stderr. */
    put_syscall(f, blk, 64, 3, RAM_BASE, 4);
    address_space_stq(f->as, TOHOST, blk, NULL);
    g_assert_cmpint((int64_t)address_space_ldq(f->as, blk, NULL), ==,
                    -EBADF);
    /* A syscall nobody proxies. */
    put_syscall(f, blk, 1024, 0, 0, 0);
    address_space_stq(f->as, TOHOST, blk, NULL);
    g_assert_cmpint((int64_t)address_space_ldq(f->as, blk, NULL), ==,
                    -ENOSYS);
    /* The block itself in unassigned memory: nothing to read or answer
     * into, but the guest is still told the command is done. */
    address_space_stq(f->as, FROMHOST, 0, NULL);
    address_space_stq(f->as, TOHOST, 0x10000000, NULL);
    g_assert_cmphex(address_space_ldq(f->as, FROMHOST, NULL), ==, 1);

    out = console_take(f);
    g_assert_cmpstr(out, ==, "");
    g_assert_cmpuint(f->exits, ==, 0);
}

/* A write of 2^40 bytes copies HTIF_MAX_WRITE and says so. */
static void test_syscall_write_capped(Fixture *f, gconstpointer data)
{
    g_autofree char *out = NULL;

    memset(memory_region_get_ram_ptr(&f->ram), 'z', RAM_SIZE);
    put_syscall(f, 0x80030000, 64, 1, 0x80010000, UINT64_C(1) << 40);
    address_space_stq(f->as, TOHOST, 0x80030000, NULL);
    g_assert_cmpuint(address_space_ldq(f->as, 0x80030000, NULL), ==,
                     HTIF_MAX_WRITE);
    out = console_take(f);
    g_assert_cmpuint(strlen(out), ==, HTIF_MAX_WRITE);
}

/* exit(code) through the proxy, as newlib-style runtimes end. */
static void test_syscall_exit(Fixture *f, gconstpointer data)
{
    put_syscall(f, 0x80003000, 93, 9, 0, 0);
    address_space_stq(f->as, TOHOST, 0x80003000, NULL);
    g_assert_cmpuint(f->exits, ==, 1);
    g_assert_cmpuint(f->code, ==, 9);
}

/* A syscall block placed over tohost: the host's answer lands on tohost
 * and is stored, never run from inside the command. */
static void test_syscall_block_over_tohost(Fixture *f, gconstpointer data)
{
    address_space_stq(f->as, TOHOST, TOHOST, NULL);
    /* The block read {0 (tohost, taken), RAM...}: syscall 0, -ENOSYS. */
    g_assert_cmpint((int64_t)address_space_ldq(f->as, TOHOST, NULL), ==,
                    -ENOSYS);
    g_assert_cmphex(address_space_ldq(f->as, FROMHOST, NULL), ==, 1);
    g_assert_cmpuint(f->exits, ==, 0);
}

/* Unknown devices and commands are dropped; misaligned accesses fail. */
static void test_unknown_and_misaligned(Fixture *f, gconstpointer data)
{
    MemTxResult res = MEMTX_OK;

    address_space_stq(f->as, TOHOST, CMD(7, 3, 1), NULL);
    address_space_stq(f->as, TOHOST, CMD(0, 5, 1), NULL);
    address_space_stq(f->as, TOHOST, CMD(1, 9, 1), NULL);
    g_assert_cmphex(address_space_ldq(f->as, TOHOST, NULL), ==, 0);
    g_assert_cmphex(address_space_ldq(f->as, FROMHOST, NULL), ==, 0);
    g_assert_cmpuint(f->exits, ==, 0);
    address_space_stl(f->as, TOHOST + 2, 1, &res);
    g_assert_cmpint(res, ==, MEMTX_ACCESS_ERROR);
    g_assert_cmpuint(f->exits, ==, 0);
}

static void test_new_refuses_bad_addresses(void)
{
    MemoryRegion root;
    Error *err = NULL;

    memory_region_init_container(&root, "system", MEMORY_SIZE_FULL);
    g_assert_null(htif_new(&root, NULL, 0x80001004, 0x80001040, NULL,
                           &err));
    g_assert_nonnull(strstr(error_get_pretty(err), "8-byte aligned"));
    error_free_or_abort(&err);
    g_assert_null(htif_new(&root, NULL, 0x80001000, 0x80001000, NULL,
                           &err));
    g_assert_nonnull(strstr(error_get_pretty(err), "two separate words"));
    error_free_or_abort(&err);
    memory_region_finalize(&root);
}

/* The spike flow: the ELF's own tohost/fromhost symbols place HTIF over
 * the image's RAM, and the program's store ends the run with 0. */
static void test_spike_flow(void)
{
    MemoryRegion root, ram;
    g_autoptr(AddressSpace) as = NULL;
    g_autoptr(RomSet) roms = NULL;
    g_autoptr(ElfImage) img = elf_image_new_from_file(
        HTIF_ELF_DIR "/fw.elf", &error_abort);
    uint64_t tohost = 0, fromhost = 0;
    Fixture f = { 0 };

    memory_region_init_container(&root, "system", MEMORY_SIZE_FULL);
    memory_region_init_ram(&ram, "riscv.spike.ram", 0x10000, &error_abort);
    memory_region_add_subregion(&root, RAM_BASE, &ram);
    as = address_space_new(&root, "memory");
    roms = rom_set_new(as);
    g_assert_true(elf_image_load(img, roms, &error_abort));
    g_assert_true(elf_image_lookup_symbol(img, "tohost", &tohost));
    g_assert_true(elf_image_lookup_symbol(img, "fromhost", &fromhost));

    g_autoptr(Htif) htif = htif_new_from_elf(&root, as, img, NULL,
                                             &error_abort);
    htif_set_exit_handler(htif, record_exit, &f);
    /* A reset restores the image around HTIF and leaves its registers. */
    address_space_stq(as, fromhost, 0x55, NULL);
    address_space_stl(as, RAM_BASE, 0, NULL);
    rom_set_write_all(roms);
    g_assert_cmphex(address_space_ldl(as, RAM_BASE, NULL), ==, 0x00100293);
    g_assert_cmphex(address_space_ldq(as, fromhost, NULL), ==, 0x55);
    /* What fw.S does: sd t0(=1), 0(tohost). */
    address_space_stq(as, tohost, 1, NULL);
    g_assert_cmpuint(f.exits, ==, 1);
    g_assert_cmpint(f.status, ==, 0);

    /* A program without the symbols (kernel.elf) is refused. */
    g_autoptr(ElfImage) kernel = elf_image_new_from_file(
        HTIF_ELF_DIR "/kernel.elf", &error_abort);
    Error *err = NULL;
    g_assert_null(htif_new_from_elf(&root, as, kernel, NULL, &err));
    g_assert_nonnull(strstr(error_get_pretty(err),
                            "kernel.elf' has no 'tohost' symbol"));
    error_free_or_abort(&err);

    g_clear_pointer(&htif, htif_free);
    g_clear_pointer(&roms, rom_set_free);
    g_clear_pointer(&as, address_space_free);
    memory_region_del_subregion(&root, &ram);
    memory_region_finalize(&ram);
    memory_region_finalize(&root);
}

#define HTIF_TEST(path, fn) \
    g_test_add("/htif/" path, Fixture, NULL, fixture_setup, fn, \
               fixture_teardown)

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    HTIF_TEST("exit/tohost-1-is-pass", test_pass);
    HTIF_TEST("exit/fail-code-reported-once-until-reset",
              test_fail_reported_once);
    HTIF_TEST("exit/big-code-is-not-a-pass", test_big_code_is_not_a_pass);
    HTIF_TEST("exit/rv32-stores-low-then-high", test_rv32_halves);
    HTIF_TEST("exit/requests-guest-shutdown-by-default",
              test_exit_requests_shutdown);
    HTIF_TEST("console/putchar-is-acknowledged", test_console_putchar);
    HTIF_TEST("console/getchar-waits-for-input", test_console_getchar);
    HTIF_TEST("syscall/write-goes-to-console", test_syscall_write);
    HTIF_TEST("syscall/bad-arguments-get-errno", test_syscall_errors);
    HTIF_TEST("syscall/write-is-capped", test_syscall_write_capped);
    HTIF_TEST("syscall/exit", test_syscall_exit);
    HTIF_TEST("syscall/block-over-tohost-does-not-recurse",
              test_syscall_block_over_tohost);
    HTIF_TEST("unknown-commands-and-misaligned-accesses-are-dropped",
              test_unknown_and_misaligned);
    g_test_add_func("/htif/new/refuses-misaligned-or-shared-words",
                    test_new_refuses_bad_addresses);
    g_test_add_func("/htif/spike-flow/elf-symbols-place-htif",
                    test_spike_flow);
    return g_test_run();
}
