/* The engine's QMP command list: see qmp-engine.h. */
#include "qmp-engine.h"

#include "qapi-commands.h"

const QmpCommandList *qmp_engine_commands(void)
{
    static QmpCommandList *commands;

    if (g_once_init_enter(&commands)) {
        QmpCommandList *list = qmp_command_list_new();

        qmp_init_marshal(list);
        g_once_init_leave(&commands, list);
    }
    return commands;
}
