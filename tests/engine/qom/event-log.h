/* Test support: records the engine's events as compact JSON lines (without
 * their timestamps). A file of its own because the engine schema's headers
 * cannot share a C file with the test schema's. */
#pragma once

#include <glib.h>

/* Appends one line per event to log until event_log_stop(log). */
void event_log_start(GString *log);
void event_log_stop(GString *log);
