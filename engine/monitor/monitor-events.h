/* Event delivery: the generated qapi_event_send_*() functions end in
 * qapi_event_emit(), defined here, which hands each event message to every
 * listener in the order they registered -- the QMP server (which sends it to
 * each negotiated client), and tests.
 *
 * A listener gets the event lent for the call; it takes a reference if it
 * keeps it. Listeners are added and removed on the main loop thread. */
#pragma once

#include "qapi-events.h"

typedef void MonitorEventListener(void *opaque, QAPIEvent kind,
                                  QDict *event);

void monitor_events_add_listener(MonitorEventListener *fn, void *opaque);
void monitor_events_remove_listener(MonitorEventListener *fn, void *opaque);
