/* Event delivery: see monitor-events.h. */
#include "monitor-events.h"

typedef struct EventListener {
    MonitorEventListener *fn;
    void *opaque;
} EventListener;

/* The process's listeners: events are process-wide, like the run state. */
static GArray *event_listeners;

void monitor_events_add_listener(MonitorEventListener *fn, void *opaque)
{
    EventListener l = { fn, opaque };

    if (!event_listeners) {
        event_listeners = g_array_new(FALSE, FALSE, sizeof(EventListener));
    }
    g_array_append_val(event_listeners, l);
}

void monitor_events_remove_listener(MonitorEventListener *fn, void *opaque)
{
    for (guint i = 0; event_listeners && i < event_listeners->len; i++) {
        EventListener *l = &g_array_index(event_listeners, EventListener, i);

        if (l->fn == fn && l->opaque == opaque) {
            g_array_remove_index(event_listeners, i);
            break;
        }
    }
    if (event_listeners && !event_listeners->len) {
        g_clear_pointer(&event_listeners, g_array_unref);
    }
}

void qapi_event_emit(QAPIEvent kind, QDict *event)
{
    /* A listener may remove itself while hearing the event: walk a copy. */
    g_autoptr(GArray) snapshot = NULL;

    if (!event_listeners) {
        return;
    }
    snapshot = g_array_copy(event_listeners);
    for (guint i = 0; i < snapshot->len; i++) {
        EventListener *l = &g_array_index(snapshot, EventListener, i);

        l->fn(l->opaque, kind, event);
    }
}
