/* QMP's control commands: the handlers of query-version, query-commands,
 * qmp_capabilities and query-qmp-schema (declared in the generated
 * qapi-commands.h).
 *
 * query-version answers {"qemu": {"major": 7, "minor": 2, "micro": 0},
 * "package": "quern <version>"}: the QEMU interface the engine speaks is
 * QEMU 7.2's, the one Debian 12 ships and the schema's commands follow, so
 * a client that checks the number sees what it was written against; the
 * package names Quern and its own version (the CMake project's).
 *
 * query-commands lists every enabled command of qmp_engine_commands(), in
 * registration (schema) order.
 *
 * qmp_capabilities reached through the command-mode list always refuses:
 * CommandNotFound "Capabilities negotiation is already complete, command
 * ignored", as QEMU answers a second negotiation. The negotiation itself
 * (the greeting, the "oob" capability, the switch to command mode) belongs
 * to the QMP server, which answers qmp_capabilities from its own list
 * before a session has that one.
 *
 * query-qmp-schema answers qmp_schema_info(), the generated introspection
 * of the engine's schema; as a hand-written marshaller it refuses
 * arguments itself ("parameter 'x' is unexpected", the generated
 * marshallers' words).
 *
 * Ownership: results handed out through ret are new; nothing is kept.
 */
#pragma once

#include "qapi-commands.h"

/* The QEMU version whose QMP interface the engine speaks. */
#define QMP_CONTROL_QEMU_MAJOR 7
#define QMP_CONTROL_QEMU_MINOR 2
#define QMP_CONTROL_QEMU_MICRO 0
