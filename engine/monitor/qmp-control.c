/* QMP's control commands: see qmp-control.h. */
#include "qmp-control.h"

#include "qapi-introspect.h"
#include "qmp-engine.h"

#ifndef QUERN_VERSION
#error "the build defines QUERN_VERSION (engine/monitor/CMakeLists.txt)"
#endif

bool qmp_query_version(VersionInfo **ret, Error **errp)
{
    VersionInfo *info = g_new0(VersionInfo, 1);

    info->qemu = g_new0(VersionTriple, 1);
    info->qemu->major = QMP_CONTROL_QEMU_MAJOR;
    info->qemu->minor = QMP_CONTROL_QEMU_MINOR;
    info->qemu->micro = QMP_CONTROL_QEMU_MICRO;
    info->package = g_strdup("quern " QUERN_VERSION);
    *ret = info;
    return true;
}

static void control_add_command(const QmpCommand *cmd, void *opaque)
{
    CommandInfoList ***tail = opaque;
    CommandInfoList *node;

    /* A disabled command answers CommandNotFound, so it is not listed. */
    if (!qmp_command_is_enabled(cmd)) {
        return;
    }
    node = g_new0(CommandInfoList, 1);
    node->value = g_new0(CommandInfo, 1);
    node->value->name = g_strdup(qmp_command_name(cmd));
    **tail = node;
    *tail = &node->next;
}

bool qmp_query_commands(CommandInfoList **ret, Error **errp)
{
    CommandInfoList *list = NULL;
    CommandInfoList **tail = &list;

    qmp_for_each_command(qmp_engine_commands(), control_add_command, &tail);
    *ret = list;
    return true;
}

bool qmp_qmp_capabilities(QMPCapabilityList *enable, Error **errp)
{
    error_set(errp, ERROR_CLASS_COMMAND_NOT_FOUND,
              "Capabilities negotiation is already complete, command ignored");
    return false;
}

bool qmp_query_qmp_schema(QDict *args, QObject **ret, Error **errp)
{
    const QDictEntry *stray = qdict_first(args);

    if (stray) {
        error_setg(errp, "parameter '%s' is unexpected",
                   qdict_entry_key(stray));
        return false;
    }
    *ret = qmp_schema_info();
    return true;
}
