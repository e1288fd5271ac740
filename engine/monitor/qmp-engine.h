/* The engine's QMP command list: every command of the engine's schema,
 * registered once through the generated qmp_init_marshal().
 *
 * qmp_engine_commands() is a process global, like QOM's type table: built
 * on the first call (thread-safely), never changed or freed afterwards, so
 * it is shared by every session and needs no lock. It is the list of
 * command mode; the capabilities-negotiation list, which accepts only
 * qmp_capabilities, belongs to the QMP server. Nothing here can fail.
 */
#pragma once

#include "qmp-dispatch.h"

/* Lent forever. */
const QmpCommandList *qmp_engine_commands(void);
