/* The engine's configuration: every front door turned into config groups.
 *
 * Each command-line option that describes the VM becomes a config group,
 * the same one -readconfig reads (DESIGN.md, seam 4), so `-device a,id=x`
 * and `[device "x"] driver = "a"` are one thing from here on:
 *
 *   -machine, -M, -bios, -kernel,   [machine] (one group, merged)
 *     -initrd, -append, -dtb
 *   -m                              [memory] size (a bare number is MiB)
 *   -smp                            [smp-opts]
 *   -cpu                            [cpu] model and features (Quern's own
 *                                   group: QEMU has none)
 *   -accel, -enable-kvm             [accel] accel
 *   -name                           [name] guest
 *   -chardev                        [chardev "id"]
 *   -serial DEV, -monitor DEV,      [chardev "serialN"] / "compat_monitorN"
 *     -qmp DEV                        with [mon] for the monitors
 *   -mon                            [mon]
 *   -drive                          [drive "id"]
 *   -blockdev                       [blockdev "node-name"] (Quern's own)
 *   -netdev                         [netdev "id"]
 *   -device, -object                [device "id"], [object "id"]
 *   -global                         [global] driver, property, value
 *
 * JSON arguments (-device '{...}', -object, -blockdev) become groups of
 * string values too, which the property types parse. Groups the engine
 * does not know (a front-end's [quern] notes) are kept and ignored.
 * The rest of the options say how to run the engine, not what the VM is,
 * and are fields of EngineConfig.
 *
 * Ownership: EngineConfig owns its groups and strings. Errors name the
 * option and argument ("-m foo: ...") or the file. */
#pragma once

#include "config-group.h"
#include "error.h"

#include <stdbool.h>

typedef struct EngineConfig {
    ConfigFile *groups;
    GPtrArray *origins;     /* char *: where each group came from, for errors */
    bool start_paused;      /* -S */
    bool daemonize;
    bool no_shutdown;
    bool no_reboot;
    bool nographic;
    bool nodefaults;
    char *pidfile;
    char *writeconfig;      /* "-": stdout */
    char *qtest;            /* the qtest chardev spec */
    char *qtest_log;
    /* Set when an option asked for help or the version: print, exit 0. */
    char *help_text;
    unsigned serial_count;  /* -serial ports seen, for serialN */
    unsigned monitor_count; /* -monitor/-qmp seen, for compat_monitorN */
} EngineConfig;

EngineConfig *engine_config_new(void);
void engine_config_free(EngineConfig *cfg);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(EngineConfig, engine_config_free)

/* Reads the options (argv[0] is the program). Stops at the first bad one. */
bool engine_config_parse_argv(EngineConfig *cfg, int argc, char **argv,
                              Error **errp);
/* Adds one option, as if given on the command line. */
bool engine_config_add_option(EngineConfig *cfg, const char *name,
                              const char *arg, Error **errp);
/* Adds the groups of a config file, as -readconfig does. */
bool engine_config_read_file(EngineConfig *cfg, const char *path,
                             Error **errp);

/* Where group index i came from ("-device virtio-blk-device" or the
 * file's path). */
const char *engine_config_origin(const EngineConfig *cfg, size_t i);

/* -serial/-monitor/-qmp/-qtest's DEV: QEMU's legacy chardev spelling
 * (stdio, pty, null, mon:DEV, file:PATH, unix:PATH[,opts]) as the flat
 * options of a [chardev] group, without an id (a new dict). "none" gives
 * NULL and no error. */
QDict *engine_config_legacy_chardev_opts(const char *dev, Error **errp);

/* A dict's members as dotted keys with string values, the inverse of
 * config_group_to_qdict(): what a group of it holds. */
bool engine_config_group_add_qdict(ConfigGroup *group, const QDict *dict,
                                   Error **errp);
