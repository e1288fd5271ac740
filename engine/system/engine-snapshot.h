/* The running VM's configuration, read back from what exists now (the QOM
 * tree, chardevs, block nodes, globals, monitors) as config groups: what
 * -writeconfig writes and `query-vm-config` answers. Devices hot-plugged
 * and properties changed since start-up are in it; reading it back with
 * -readconfig builds the same VM (DESIGN.md, seam 5).
 *
 * Only what differs from a default is written: a property at its schema
 * default is left out, so a profile stays short and picks up new defaults.
 * Groups the engine does not use (a front-end's [quern] notes) come back as
 * they were read.
 *
 * The snapshot needs two things the QOM tree does not hold, which the
 * engine records here as it builds the VM: the monitors (which chardev,
 * which mode) and the configuration it started from (for those foreign
 * groups). Both are process-wide, like the VM itself. */
#pragma once

#include "config-group.h"

/* The groups the engine started from (borrowed: it must outlive every
 * snapshot taken); NULL forgets them. */
void engine_snapshot_set_origin(const ConfigFile *origin);
/* A monitor on chardev `chardev` in mode "readline" or "control". */
void engine_snapshot_add_monitor(const char *chardev, const char *mode,
                                 bool pretty);
/* A chardev that is how a front-end reaches the engine (-qmp, -monitor),
 * not part of the VM: left out of snapshots. */
void engine_snapshot_exclude_chardev(const char *id);
/* Forgets monitors and exclusions. */
void engine_snapshot_forget_monitors(void);

/* A new ConfigFile of the VM as it is now. */
ConfigFile *engine_snapshot_config(Error **errp);
