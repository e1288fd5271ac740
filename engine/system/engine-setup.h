/* Building the VM from its configuration, in QEMU's order, and running it.
 *
 * engine_setup() applies an EngineConfig's groups: the name and
 * accelerator; objects; chardevs (and the default serial port and monitor
 * unless -nodefaults); block nodes; monitors (QMP server, HMP sessions),
 * so a client can connect while the rest is built; globals; the machine
 * ([machine], [memory], [smp-opts], [cpu]) and its board; devices. Each
 * kind is created by the same function its QMP command calls. A failure
 * names the group's origin ("-device foo: ...") and stops start-up.
 * Last, it writes -pidfile (removed again by engine_free()), so the file
 * is there by the time -daemonize's parent returns.
 *
 * engine_run() then starts the guest (unless -S), writes -writeconfig,
 * runs the GLib main loop until a shutdown or quit, and
 * returns the exit status: 0, or the guest's (a test finisher's code).
 * SIGTERM, SIGINT and SIGHUP end it the same way as `quit`.
 *
 * Ownership: the Engine owns the config it was given, its monitors and the
 * main loop; the QOM tree owns the machine and everything in it. */
#pragma once

#include "engine-config.h"
#include "qmp-server.h"

typedef struct Engine Engine;

/* Takes cfg. */
Engine *engine_new(EngineConfig *cfg);
/* Closes monitors and sockets, flushes and closes disks, removes the
 * machine; the terminal is restored by the stdio chardev as it goes. */
void engine_free(Engine *engine);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(Engine, engine_free)

bool engine_setup(Engine *engine, Error **errp);
int engine_run(Engine *engine);
