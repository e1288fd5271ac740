/* Test support: see event-log.h. */
#include "event-log.h"

#include "monitor-events.h"
#include "qjson.h"

static void record_event(void *opaque, QAPIEvent kind, QDict *event)
{
    GString *log = opaque;
    g_autoptr(QDict) copy = qobject_to(QDict,
                                       qobject_deep_copy(QOBJECT(event)));
    g_autofree char *text = NULL;

    qdict_del(copy, "timestamp");
    text = qobject_to_json(QOBJECT(copy));
    g_string_append_printf(log, "%s\n", text);
}

void event_log_start(GString *log)
{
    monitor_events_add_listener(record_event, log);
}

void event_log_stop(GString *log)
{
    monitor_events_remove_listener(record_event, log);
}
