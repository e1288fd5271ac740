/* The engine's command-line options: QEMU's names and argument rules, one
 * table that the parser, `-help` and the error messages all read.
 *
 * Options take one argument or none, and may be written with one dash or
 * two (-m 256M, --m 256M). What an option means is not decided here: the
 * parser in engine-config.c turns each into config groups (the same ones
 * -readconfig reads) or into a run-time setting.
 *
 * The table is static data; everything handed out is lent forever. */
#pragma once

#include <stdbool.h>

typedef enum EngineOptionId {
    OPT_MACHINE, OPT_CPU, OPT_M, OPT_SMP, OPT_ACCEL, OPT_DEVICE, OPT_OBJECT,
    OPT_CHARDEV, OPT_SERIAL, OPT_MONITOR, OPT_QMP, OPT_QMP_PRETTY, OPT_MON,
    OPT_DRIVE, OPT_BLOCKDEV, OPT_GLOBAL, OPT_BIOS, OPT_KERNEL, OPT_INITRD,
    OPT_APPEND, OPT_DTB, OPT_NAME, OPT_S, OPT_NOGRAPHIC, OPT_DISPLAY,
    OPT_NODEFAULTS, OPT_PIDFILE, OPT_DAEMONIZE, OPT_READCONFIG,
    OPT_WRITECONFIG, OPT_NO_SHUTDOWN, OPT_NO_REBOOT, OPT_QTEST,
    OPT_QTEST_LOG, OPT_ENABLE_KVM, OPT_VERSION, OPT_HELP,
    OPT_NETDEV,
} EngineOptionId;

typedef struct EngineOption {
    EngineOptionId id;
    const char *name;           /* without the dash: "machine" */
    const char *arg;            /* the argument's name in -help; NULL: none */
    const char *help;           /* one line */
} EngineOption;

/* The option called name (after its dashes), or NULL. */
const EngineOption *engine_option_find(const char *name);
/* `-help`'s text: usage, then one line per option. */
char *engine_options_help_text(const char *program);
/* `-version`'s text, QEMU's first line with Quern's package. */
char *engine_options_version_text(const char *program);
