/* The riscv64 boards through the real engine: Debian's U-Boot (M-mode,
 * and S-mode behind OpenSBI's fw_jump) to the prompt and driven from the
 * serial console, the CPU's ISA test programs on -M virt (finisher) and
 * -M spike (HTIF) with their verdict as the exit status, and the
 * monitor's view of the machine. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "engine-process.h"
#include "qlist.h"
#include "qobject.h"

#define UBOOT_MMODE "/usr/lib/u-boot/qemu-riscv64/u-boot.bin"
#define UBOOT_SMODE "/usr/lib/u-boot/qemu-riscv64_smode/u-boot.bin"
#define OPENSBI_JUMP "/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_jump.bin"
/* Generous: a sanitized debug build interprets ~20x slower. */
#define CONSOLE_TIMEOUT_MS 60000
#define DISK_SIZE (8 * 1024 * 1024)

/* The guest's serial line: a unix socket the engine serves. */
typedef struct Console {
    int fd;
    GString *text;      /* everything received */
    size_t seen;        /* where the next wait starts looking */
} Console;

static Console *console_connect(const char *path)
{
    Console *c = g_new0(Console, 1);
    struct sockaddr_un addr = { .sun_family = AF_UNIX };

    g_assert_cmpuint(strlen(path), <, sizeof(addr.sun_path));
    strcpy(addr.sun_path, path);
    c->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    g_assert_cmpint(c->fd, >=, 0);
    /* The chardev exists before the QMP socket accepts: no retry. */
    g_assert_cmpint(connect(c->fd, (struct sockaddr *)&addr, sizeof(addr)),
                    ==, 0);
    c->text = g_string_new(NULL);
    return c;
}

static void console_close(Console *c)
{
    close(c->fd);
    g_string_free(c->text, TRUE);
    g_free(c);
}

/* Reads until needle shows up after the last match; the test fails when
 * it does not within CONSOLE_TIMEOUT_MS (a hung guest, not a slow one). */
static void console_wait_for(Console *c, const char *needle)
{
    int64_t deadline = g_get_monotonic_time() +
                       (int64_t)CONSOLE_TIMEOUT_MS * 1000;

    for (;;) {
        const char *hit = strstr(c->text->str + c->seen, needle);
        struct pollfd pfd = { .fd = c->fd, .events = POLLIN };
        char buf[4096];
        int64_t left;
        ssize_t n;

        if (hit) {
            c->seen = (size_t)(hit - c->text->str) + strlen(needle);
            return;
        }
        left = (deadline - g_get_monotonic_time()) / 1000;
        if (left <= 0 || poll(&pfd, 1, (int)left) <= 0) {
            g_error("console: no '%s' in:\n%s", needle,
                    c->text->str + c->seen);
        }
        n = read(c->fd, buf, sizeof(buf));
        if (n <= 0) {
            g_error("console closed waiting for '%s' in:\n%s", needle,
                    c->text->str + c->seen);
        }
        g_string_append_len(c->text, buf, n);
    }
}

static void console_send(Console *c, const char *text)
{
    size_t len = strlen(text);

    g_assert_cmpint(write(c->fd, text, len), ==, (ssize_t)len);
}

/* Types a command line at U-Boot's prompt and waits for its output. */
static void uboot_command(Console *c, const char *line)
{
    g_autofree char *typed = g_strdup_printf("%s\r", line);

    console_send(c, typed);
    console_wait_for(c, line);      /* the echo */
}

/* Stops the autoboot countdown and waits for the prompt. */
static void uboot_reach_prompt(Console *c)
{
    console_wait_for(c, "Hit any key to stop autoboot");
    console_send(c, " ");
    console_wait_for(c, "=> ");
}

typedef struct BoardFixture {
    char *dir;
    char *serial_path;
    char *serial_opt;
    char *disk_path;
} BoardFixture;

static BoardFixture *fixture_new(void)
{
    BoardFixture *f = g_new0(BoardFixture, 1);
    int fd;

    f->dir = g_dir_make_tmp("quern-board-XXXXXX", NULL);
    g_assert_nonnull(f->dir);
    f->serial_path = g_build_filename(f->dir, "serial.sock", NULL);
    f->serial_opt = g_strdup_printf("socket,id=serial0,path=%s,server=on,"
                                    "wait=off", f->serial_path);
    f->disk_path = g_build_filename(f->dir, "disk.raw", NULL);
    fd = open(f->disk_path, O_CREAT | O_RDWR | O_CLOEXEC, 0600);
    g_assert_cmpint(fd, >=, 0);
    g_assert_cmpint(ftruncate(fd, DISK_SIZE), ==, 0);
    close(fd);
    return f;
}

static void fixture_free(BoardFixture *f)
{
    g_unlink(f->disk_path);
    g_rmdir(f->dir);
    g_free(f->dir);
    g_free(f->serial_path);
    g_free(f->serial_opt);
    g_free(f->disk_path);
    g_free(f);
}

/* The U-Boot session: prompt, version, a virtio disk found with
 * its size, reset (U-Boot starts over, RESET on QMP), poweroff (exit 0,
 * SHUTDOWN on QMP). */
static void test_virt_uboot_session(void)
{
    BoardFixture *f = fixture_new();
    g_autofree char *drive = g_strdup_printf(
        "if=none,id=hd0,file=%s,format=raw", f->disk_path);
    const char *args[] = {
        "-M", "virt", "-m", "256M", "-bios", UBOOT_MMODE,
        "-chardev", f->serial_opt, "-drive", drive,
        "-device", "virtio-blk-device,drive=hd0", NULL,
    };
    EngineProcess *e = engine_process_start(args);
    QmpClient *q = qmp_client_connect(e->qmp_path);
    Console *c = console_connect(f->serial_path);
    g_autoptr(QDict) reset = NULL;
    g_autoptr(QDict) shutdown = NULL;

    qmp_client_negotiate(q);
    console_wait_for(c, "U-Boot 2023.01");
    console_wait_for(c, "Model: riscv-virtio,qemu");
    console_wait_for(c, "DRAM:  256 MiB");
    uboot_reach_prompt(c);

    uboot_command(c, "version");
    console_wait_for(c, "U-Boot 2023.01");
    console_wait_for(c, "=> ");

    uboot_command(c, "virtio scan");
    console_wait_for(c, "=> ");
    uboot_command(c, "virtio info");
    console_wait_for(c, "Device 0: QEMU VirtIO Block Device");
    /* 8 MiB of 512-byte blocks. */
    console_wait_for(c, "Capacity: 8.0 MB = 0.0 GB (16384 x 512)");
    console_wait_for(c, "=> ");

    uboot_command(c, "reset");
    reset = qmp_client_wait_event(q, "RESET");
    console_wait_for(c, "U-Boot 2023.01");
    uboot_reach_prompt(c);

    uboot_command(c, "poweroff");
    shutdown = qmp_client_wait_event(q, "SHUTDOWN");
    /* The guest asked for it, through the finisher. */
    g_assert_true(qdict_get_try_bool(qdict_get_qdict(shutdown, "data"),
                                     "guest", false));
    g_assert_cmpint(engine_process_wait(e), ==, 0);
    console_close(c);
    qmp_client_close(q);
    engine_process_stop(e);
    fixture_free(f);
}

/* OpenSBI's fw_jump on two harts, then U-Boot in S-mode behind it: the
 * banner names the platform, both harts, the ISA and the domain, and
 * U-Boot reaches its prompt. */
static void test_virt_opensbi_uboot_smode(void)
{
    BoardFixture *f = fixture_new();
    const char *args[] = {
        "-M", "virt", "-smp", "2", "-bios", OPENSBI_JUMP,
        "-kernel", UBOOT_SMODE, "-chardev", f->serial_opt, NULL,
    };
    EngineProcess *e = engine_process_start(args);
    Console *c = console_connect(f->serial_path);

    console_wait_for(c, "OpenSBI v1.1");
    console_wait_for(c, "Platform Name             : riscv-virtio,qemu");
    console_wait_for(c, "Platform HART Count       : 2");
    console_wait_for(c, "Platform Timer Device     : aclint-mtimer @ "
                     "10000000Hz");
    console_wait_for(c, "Platform Console Device   : uart8250");
    console_wait_for(c, "Platform Shutdown Device  : sifive_test");
    console_wait_for(c, "Domain0 Name              : root");
    console_wait_for(c, "Domain0 HARTs             : 0*,1*");
    console_wait_for(c, "Domain0 Next Address      : 0x0000000080200000");
    console_wait_for(c, "Domain0 Next Mode         : S-mode");
    console_wait_for(c, "Boot HART Base ISA        : rv64imafdc");
    console_wait_for(c, "U-Boot 2023.01");
    uboot_reach_prompt(c);
    /* U-Boot S-mode resets through SBI SRST, OpenSBI through the
     * finisher: the machine comes back to OpenSBI's banner. */
    uboot_command(c, "reset");
    console_wait_for(c, "OpenSBI v1.1");
    console_close(c);
    g_assert_cmpint(engine_process_stop(e), ==, 0);
    fixture_free(f);
}

/* spike's default firmware (a raw OpenSBI, no symbols) finds HTIF where
 * the device tree's "ucb,htif0" node says and prints its banner there. */
static void test_spike_default_opensbi_console(void)
{
    BoardFixture *f = fixture_new();
    const char *args[] = { "-M", "spike", "-chardev", f->serial_opt, NULL };
    EngineProcess *e = engine_process_start(args);
    Console *c = console_connect(f->serial_path);

    console_wait_for(c, "OpenSBI v1.1");
    console_wait_for(c, "Platform Name             : ucbbar,spike-bare,qemu");
    console_wait_for(c, "Platform Console Device   : htif");
    console_close(c);
    g_assert_cmpint(engine_process_stop(e), ==, 0);
    fixture_free(f);
}

/* Options a program needs on top of run_isa_program_on()'s (NULL-
 * terminated): atomic's second hart joins its LR/SC contest, smp's four
 * contend and interrupt one another, plic's hart 1 owns PLIC context 2. */
#define ISA_EXTRA_ARGS_MAX 4
static const struct {
    const char *prog;
    const char *args[ISA_EXTRA_ARGS_MAX + 1];
} isa_program_extra_args[] = {
    { "atomic", { "-smp", "2", NULL } },
    { "smp", { "-smp", "4", NULL } },
    { "plic", { "-smp", "2", NULL } },
};

static const char *const *isa_program_extra(const char *prog)
{
    static const char *const none[] = { NULL };

    for (size_t i = 0; i < G_N_ELEMENTS(isa_program_extra_args); i++) {
        if (g_str_equal(prog, isa_program_extra_args[i].prog)) {
            return isa_program_extra_args[i].args;
        }
    }
    return none;
}

/* One ISA program, assembled for this machine (isa/riscv-test.h's
 * MACHINE_VIRT or MACHINE_SPIKE), as -kernel with -bios none, plus the
 * options in extra (NULL-terminated): the engine's exit status is the
 * program's verdict (0, or the failing check's number). */
static int run_isa_program_on(const char *machine, const char *prog,
                              const char *const *extra)
{
    g_autofree char *elf = g_strdup_printf("%s/%s/%s.elf", BOARD_ISA_DIR,
                                           machine, prog);
    /* The RAM the programs' RAM_END says (the boards' default). */
    const char *base[] = {
        "-M", machine, "-m", "128M", "-bios", "none", "-kernel", elf,
        "-display", "none", "-serial", "null",
    };
    g_autoptr(GPtrArray) args = g_ptr_array_new();
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    int status;

    for (size_t i = 0; i < G_N_ELEMENTS(base); i++) {
        g_ptr_array_add(args, (gpointer)base[i]);
    }
    for (size_t i = 0; extra[i]; i++) {
        g_ptr_array_add(args, (gpointer)extra[i]);
    }
    g_ptr_array_add(args, NULL);
    status = engine_process_run((const char *const *)args->pdata, &out,
                                &err);
    if (status != 0) {
        g_test_message("%s on %s: exit %d\n%s%s", prog, machine, status, out,
                       err);
    }
    return status;
}

static int run_isa_program(const char *machine, const char *prog)
{
    return run_isa_program_on(machine, prog, isa_program_extra(prog));
}

static void test_isa_virt(gconstpointer data)
{
    g_assert_cmpint(run_isa_program("virt", data), ==, 0);
}

static void test_isa_spike(gconstpointer data)
{
    g_assert_cmpint(run_isa_program("spike", data), ==, 0);
}

/* A failing check's number comes out as the exit status, on both
 * boards: the verdict is not just "something non-zero". */
static void test_isa_failure_is_exit_status(void)
{
    g_assert_cmpint(run_isa_program("virt", "exit7"), ==, 7);
    g_assert_cmpint(run_isa_program("spike", "exit7"), ==, 7);
}

/* smp's harts must all be there: on two harts, its first check (every
 * hart checks in, then a barrier) runs out of patience and fails rather
 * than waiting for ever. */
static void test_isa_smp_missing_harts_fail(void)
{
    static const char *const two_harts[] = { "-smp", "2", NULL };

    g_assert_cmpint(run_isa_program_on("virt", "smp", two_harts), ==, 1);
    g_assert_cmpint(run_isa_program_on("spike", "smp", two_harts), ==, 1);
}

/* The monitor shows the whole board: devices with QEMU's names and
 * properties, the memory map, the harts in the QOM tree and QMP. */
static void test_virt_monitor_views(void)
{
    const char *args[] = {
        "-M", "virt", "-smp", "2", "-bios", "none", "-S",
        "-display", "none", "-serial", "null", NULL,
    };
    EngineProcess *e = engine_process_start(args);
    QmpClient *q = qmp_client_connect(e->qmp_path);
    g_autofree char *qtree = NULL;
    g_autofree char *mtree = NULL;
    g_autofree char *qom = NULL;
    g_autoptr(QObject) cpus = NULL;

    qmp_client_negotiate(q);
    qtree = qmp_client_hmp(q, "info qtree");
    g_assert_nonnull(strstr(qtree, "dev: serial-mm"));
    g_assert_nonnull(strstr(qtree, "baudbase = 399193"));
    g_assert_nonnull(strstr(qtree, "dev: riscv.sifive.plic"));
    g_assert_nonnull(strstr(qtree, "hart-config = \"MS,MS\""));
    g_assert_nonnull(strstr(qtree, "dev: riscv.aclint.mtimer"));
    g_assert_nonnull(strstr(qtree, "dev: riscv.sifive.test"));
    g_assert_nonnull(strstr(qtree, "dev: goldfish_rtc"));
    g_assert_nonnull(strstr(qtree, "bus: virtio-mmio-bus.7"));
    g_assert_nonnull(strstr(qtree, "mmio 000000000c000000/0000000000600000"));

    mtree = qmp_client_hmp(q, "info mtree");
    g_assert_nonnull(strstr(mtree, "0000000080000000-0000000087ffffff"));
    g_assert_nonnull(strstr(mtree, "riscv_virt_board.ram"));
    g_assert_nonnull(strstr(mtree, "riscv_virt_board.mrom"));
    g_assert_nonnull(strstr(mtree, "0000000010000000-0000000010000007"));

    qom = qmp_client_hmp(q, "info qom-tree");
    g_assert_nonnull(strstr(qom, "/soc0"));
    g_assert_nonnull(strstr(qom, "/harts[1] (rv64-riscv-cpu)"));

    cpus = qmp_client_return(q, "{\"execute\": \"query-cpus-fast\"}");
    g_assert_cmpuint(qlist_size(qobject_to(QList, cpus)), ==, 2);

    qmp_client_close(q);
    engine_process_stop(e);
}

/* stop freezes the harts where they are; cont lets them go on;
 * system_reset starts the firmware over; quit ends the engine. */
static void test_virt_stop_cont(void)
{
    BoardFixture *f = fixture_new();
    const char *args[] = {
        "-M", "virt", "-bios", UBOOT_MMODE, "-chardev", f->serial_opt, NULL,
    };
    EngineProcess *e = engine_process_start(args);
    QmpClient *q = qmp_client_connect(e->qmp_path);
    Console *c = console_connect(f->serial_path);
    g_autofree char *regs1 = NULL;
    g_autofree char *regs2 = NULL;
    g_autoptr(QObject) status = NULL;

    qmp_client_negotiate(q);
    uboot_reach_prompt(c);
    qobject_unref(qmp_client_return(q, "{\"execute\": \"stop\"}"));
    regs1 = qmp_client_hmp(q, "info registers");
    regs2 = qmp_client_hmp(q, "info registers");
    /* The prompt polls the UART in a loop: a running hart would move. */
    g_assert_cmpstr(regs1, ==, regs2);
    console_send(c, "version\r");
    qobject_unref(qmp_client_return(q, "{\"execute\": \"cont\"}"));
    console_wait_for(c, "U-Boot 2023.01");
    status = qmp_client_return(q, "{\"execute\": \"query-status\"}");
    g_assert_cmpstr(qdict_get_try_str(qobject_to(QDict, status), "status"), ==,
                    "running");
    qobject_unref(qmp_client_return(q, "{\"execute\": \"system_reset\"}"));
    console_wait_for(c, "U-Boot 2023.01");
    uboot_reach_prompt(c);
    qobject_unref(qmp_client_return(q, "{\"execute\": \"quit\"}"));
    g_assert_cmpint(engine_process_wait(e), ==, 0);
    console_close(c);
    qmp_client_close(q);
    engine_process_stop(e);
    fixture_free(f);
}

/* A runtime property changed with qom-set while U-Boot runs reaches the
 * guest: unrealizing the disk empties its virtio-mmio slot, whose
 * DeviceID register (0x10008008, the slot a first -device takes) U-Boot
 * reads with md; realizing it again brings the block device back. */
static void test_virt_runtime_property_reaches_guest(void)
{
    BoardFixture *f = fixture_new();
    g_autofree char *drive = g_strdup_printf(
        "if=none,id=hd0,file=%s,format=raw", f->disk_path);
    const char *args[] = {
        "-M", "virt", "-bios", UBOOT_MMODE, "-chardev", f->serial_opt,
        "-drive", drive, "-device", "virtio-blk-device,drive=hd0,id=disk0",
        NULL,
    };
    EngineProcess *e = engine_process_start(args);
    QmpClient *q = qmp_client_connect(e->qmp_path);
    Console *c = console_connect(f->serial_path);

    qmp_client_negotiate(q);
    uboot_reach_prompt(c);
    uboot_command(c, "md.l 0x10008008 1");
    console_wait_for(c, "10008008: 00000002");
    console_wait_for(c, "=> ");
    qobject_unref(qmp_client_return(q, "{\"execute\": \"qom-set\", "
        "\"arguments\": {\"path\": \"/machine/peripheral/disk0\", "
        "\"property\": \"realized\", \"value\": false}}"));
    uboot_command(c, "md.l 0x10008008 1");
    console_wait_for(c, "10008008: 00000000");
    console_wait_for(c, "=> ");
    qobject_unref(qmp_client_return(q, "{\"execute\": \"qom-set\", "
        "\"arguments\": {\"path\": \"/machine/peripheral/disk0\", "
        "\"property\": \"realized\", \"value\": true}}"));
    uboot_command(c, "md.l 0x10008008 1");
    console_wait_for(c, "10008008: 00000002");
    console_close(c);
    qmp_client_close(q);
    g_assert_cmpint(engine_process_stop(e), ==, 0);
    fixture_free(f);
}

/* dumpdtb writes the generated tree and exits, as QEMU does; -append
 * and -initrd land in /chosen. */
static void test_virt_dumpdtb(void)
{
    g_autofree char *dir = g_dir_make_tmp("quern-dtb-XXXXXX", NULL);
    g_autofree char *path = g_build_filename(dir, "virt.dtb", NULL);
    g_autofree char *initrd = g_build_filename(dir, "initrd", NULL);
    g_autofree char *kernel = g_strdup_printf("%s/virt/integer.elf",
                                              BOARD_ISA_DIR);
    g_autofree char *machine = g_strdup_printf("virt,dumpdtb=%s", path);
    const char *args[] = {
        "-M", machine, "-display", "none", "-bios", "none",
        "-kernel", kernel, "-initrd", initrd,
        "-append", "console=ttyS0 quern-was-here", NULL,
    };
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    g_autofree char *blob = NULL;
    gsize len = 0;

    g_assert_true(g_file_set_contents(initrd, "initrd", -1, NULL));
    g_assert_cmpint(engine_process_run(args, &out, &err), ==, 0);
    g_assert_true(g_file_get_contents(path, &blob, &len, NULL));
    g_assert_cmpuint(len, >, 4);
    g_assert_cmphex((guint8)blob[0], ==, 0xd0);   /* FDT magic d00dfeed */
    g_assert_cmphex((guint8)blob[1], ==, 0x0d);
    g_assert_nonnull(memmem(blob, len, "riscv-virtio,qemu",
                            strlen("riscv-virtio,qemu")));
    g_assert_nonnull(memmem(blob, len, "sifive,plic-1.0.0",
                            strlen("sifive,plic-1.0.0")));
    g_assert_nonnull(memmem(blob, len, "syscon-poweroff",
                            strlen("syscon-poweroff")));
    g_assert_nonnull(memmem(blob, len, "console=ttyS0 quern-was-here",
                            strlen("console=ttyS0 quern-was-here")));
    g_assert_nonnull(memmem(blob, len, "linux,initrd-start",
                            strlen("linux,initrd-start")));
    g_unlink(initrd);
    g_unlink(path);
    g_rmdir(dir);
}

int main(int argc, char **argv)
{
    g_auto(GStrv) progs = g_strsplit(BOARD_ISA_PROGRAMS, ",", -1);
    g_auto(GStrv) virt_only = g_strsplit(BOARD_ISA_VIRT_PROGRAMS, ",", -1);

    g_test_init(&argc, &argv, NULL);
    for (size_t i = 0; progs[i]; i++) {
        g_autofree char *virt = g_strdup_printf("/riscv-boards/virt/isa/%s",
                                                progs[i]);
        g_autofree char *spike = g_strdup_printf(
            "/riscv-boards/spike/isa/%s", progs[i]);

        g_test_add_data_func(virt, progs[i], test_isa_virt);
        g_test_add_data_func(spike, progs[i], test_isa_spike);
    }
    /* Programs for virt's devices alone (plic: spike has no PLIC). */
    for (size_t i = 0; virt_only[i]; i++) {
        g_autofree char *virt = g_strdup_printf("/riscv-boards/virt/isa/%s",
                                                virt_only[i]);

        g_test_add_data_func(virt, virt_only[i], test_isa_virt);
    }
    g_test_add_func("/riscv-boards/isa/smp-fails-without-all-its-harts",
                    test_isa_smp_missing_harts_fail);
    g_test_add_func("/riscv-boards/isa/failing-check-is-the-exit-status",
                    test_isa_failure_is_exit_status);
    g_test_add_func("/riscv-boards/virt/monitor-shows-the-whole-board",
                    test_virt_monitor_views);
    g_test_add_func("/riscv-boards/virt/dumpdtb-writes-the-tree-and-exits",
                    test_virt_dumpdtb);
    g_test_add_func("/riscv-boards/virt/u-boot/version-virtio-reset-poweroff",
                    test_virt_uboot_session);
    g_test_add_func("/riscv-boards/virt/opensbi/u-boot-s-mode-prompt",
                    test_virt_opensbi_uboot_smode);
    g_test_add_func("/riscv-boards/virt/runtime-property-reaches-the-guest",
                    test_virt_runtime_property_reaches_guest);
    g_test_add_func("/riscv-boards/spike/default-opensbi-prints-on-htif",
                    test_spike_default_opensbi_console);
    g_test_add_func("/riscv-boards/virt/stop-freezes-cont-resumes",
                    test_virt_stop_cont);
    return g_test_run();
}
