/* The engine's option table: see engine-options.h. */
#include "engine-options.h"

#include <glib.h>
#include <string.h>

#ifndef QUERN_VERSION
#error "the build defines QUERN_VERSION"
#endif

static const EngineOption engine_options[] = {
    { OPT_MACHINE, "machine", "[type=]name[,prop=value...]",
      "the machine type and its properties ('-machine help' lists them)" },
    { OPT_MACHINE, "M", "[type=]name[,prop=value...]", "same as -machine" },
    { OPT_CPU, "cpu", "model[,feature=on|off...]",
      "the CPU model and its features ('-cpu help' lists the models)" },
    { OPT_M, "m", "[size=]megs[M|G]", "RAM size (a bare number is MiB)" },
    { OPT_SMP, "smp", "[cpus=]n[,maxcpus=...]", "the number of CPUs" },
    { OPT_ACCEL, "accel", "[accel=]name", "the accelerator: tcg or qtest" },
    { OPT_DEVICE, "device", "driver[,prop=value...]|JSON",
      "adds a device ('-device help', '-device driver,help')" },
    { OPT_OBJECT, "object", "type,id=id[,prop=value...]|JSON",
      "adds a user-creatable object ('-object help')" },
    { OPT_CHARDEV, "chardev", "backend,id=id[,option=value...]",
      "adds a character device ('-chardev help')" },
    { OPT_SERIAL, "serial", "dev",
      "connects the next serial port to a character device: stdio, pty, "
      "null, mon:stdio, file:PATH, unix:PATH[,server=on,wait=off], "
      "chardev:ID" },
    { OPT_MONITOR, "monitor", "dev", "an HMP monitor on dev (as -serial)" },
    { OPT_QMP, "qmp", "dev", "a QMP monitor on dev (as -serial)" },
    { OPT_QMP_PRETTY, "qmp-pretty", "dev", "same as -qmp" },
    { OPT_MON, "mon", "chardev=id[,mode=readline|control]",
      "a monitor on an existing character device" },
    { OPT_DRIVE, "drive", "id=id,file=path,format=raw,if=none[,readonly=on]",
      "a disk image as a block node" },
    { OPT_BLOCKDEV, "blockdev", "driver=file,node-name=n,filename=path|JSON",
      "a block node, as blockdev-add" },
    { OPT_NETDEV, "netdev",
      "user,id=id[,hostfwd=[tcp|udp]:[addr]:port-[addr]:port...]",
      "a network back-end for a card's netdev= ('-netdev help')" },
    { OPT_GLOBAL, "global", "driver.property=value",
      "a default for a property of every device of a type" },
    { OPT_BIOS, "bios", "file", "the firmware image ('none': no firmware)" },
    { OPT_KERNEL, "kernel", "file", "the kernel image" },
    { OPT_INITRD, "initrd", "file", "the initial RAM disk" },
    { OPT_APPEND, "append", "cmdline", "the kernel command line" },
    { OPT_DTB, "dtb", "file", "a device tree blob instead of the built one" },
    { OPT_NAME, "name", "[guest=]name", "the guest's name" },
    { OPT_S, "S", NULL, "does not start the CPUs ('cont' starts them)" },
    { OPT_NOGRAPHIC, "nographic", NULL,
      "no display; serial port and monitor on stdio" },
    { OPT_DISPLAY, "display", "none", "the display; only 'none' exists" },
    { OPT_NODEFAULTS, "nodefaults", NULL,
      "no default serial port or monitor" },
    { OPT_PIDFILE, "pidfile", "file", "writes the engine's process id" },
    { OPT_DAEMONIZE, "daemonize", NULL,
      "goes to the background once the machine is up" },
    { OPT_READCONFIG, "readconfig", "file",
      "reads configuration groups, as if they were options" },
    { OPT_WRITECONFIG, "writeconfig", "file",
      "writes the configuration as groups ('-' for stdout) once the VM "
      "is built" },
    { OPT_NO_SHUTDOWN, "no-shutdown", NULL,
      "stops instead of exiting when the guest powers off" },
    { OPT_NO_REBOOT, "no-reboot", NULL,
      "exits instead of resetting when the guest reboots" },
    { OPT_QTEST, "qtest", "dev", "the qtest protocol on dev (-accel qtest)" },
    { OPT_QTEST_LOG, "qtest-log", "file", "logs the qtest protocol" },
    { OPT_ENABLE_KVM, "enable-kvm", NULL, "same as -accel kvm" },
    { OPT_VERSION, "version", NULL, "prints the version and exits" },
    { OPT_HELP, "help", NULL, "prints this help and exits" },
    { OPT_HELP, "h", NULL, "same as -help" },
};

const EngineOption *engine_option_find(const char *name)
{
    for (size_t i = 0; i < G_N_ELEMENTS(engine_options); i++) {
        if (!strcmp(engine_options[i].name, name)) {
            return &engine_options[i];
        }
    }
    return NULL;
}

char *engine_options_help_text(const char *program)
{
    GString *out = g_string_new(NULL);

    g_string_append_printf(out, "usage: %s [options]\n\n", program);
    for (size_t i = 0; i < G_N_ELEMENTS(engine_options); i++) {
        const EngineOption *o = &engine_options[i];
        g_autofree char *left = g_strdup_printf("-%s%s%s", o->name,
                                                o->arg ? " " : "",
                                                o->arg ? o->arg : "");

        if (strlen(left) > 30) {
            g_string_append_printf(out, "%s\n%-31s %s\n", left, "", o->help);
        } else {
            g_string_append_printf(out, "%-31s %s\n", left, o->help);
        }
    }
    g_string_append(out, "\nDuring emulation, with -nographic or "
                    "-serial mon:stdio: Ctrl-a h shows the escape keys.\n");
    return g_string_free(out, FALSE);
}

char *engine_options_version_text(const char *program)
{
    return g_strdup_printf("%s version 7.2.0 (quern %s)\n"
                           "Quern's own engine; it speaks QEMU 7.2's command "
                           "line and QMP.\n", program, QUERN_VERSION);
}
