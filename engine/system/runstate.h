/* Run states: where the machine is in its life (QEMU's RunState), and the
 * requests that move it -- from QMP (stop, cont, system_reset,
 * system_powerdown, quit), from devices (a guest powering off or resetting
 * through a test finisher or HTIF) and from signals.
 *
 * One machine per engine process, so the run state is the process's: this
 * module keeps it (runstate_get) and nothing else writes it. Requests never
 * act inside the caller -- a device's MMIO write that powers the machine off
 * must not tear the machine down under its own feet -- they are queued and
 * acted on from the main loop by runstate_process_requests(), which the
 * main loop calls once per iteration (runstate_source_new() makes the
 * GSource that does it). A request also calls the kick hook, so a CPU
 * running a slice of guest code returns to the main loop promptly.
 *
 * Listeners: reset handlers (the machine resets its devices and CPUs),
 * a powerdown handler (the board's power button), and state-change
 * listeners (the accelerator starts or stops its CPUs). Events (STOP,
 * RESUME, RESET, SHUTDOWN, POWERDOWN) are sent through qapi_event_send_*.
 *
 * Everything runs on the main loop thread (signals arrive there through
 * g_unix_signal_add). */
#pragma once

#include "qapi-types.h"

#include <glib.h>
#include <stdbool.h>

typedef void RunStateResetHandler(void *opaque);
typedef void RunStateChangeListener(void *opaque, bool running,
                                    RunState state);
typedef void RunStateKick(void *opaque);

RunState runstate_get(void);
bool runstate_is_running(void);

/* -no-shutdown: a guest power-off stops the machine in state `shutdown`
 * instead of ending the engine. */
void runstate_set_no_shutdown(bool no_shutdown);

/* Start-up: from prelaunch to running (no -S) -- the same path as cont. */
bool runstate_vm_start(Error **errp);
/* Stops the CPUs and the virtual clock, enters state; STOP when it was
 * running. */
void runstate_vm_stop(RunState state);

/* Queued requests, acted on in the main loop. exit_status is what the
 * engine exits with after a shutdown (the guest's choice on a test
 * finisher; 0 otherwise). */
void runstate_request_shutdown(ShutdownCause cause, int exit_status);
void runstate_request_reset(ShutdownCause cause);
void runstate_request_powerdown(void);

/* Acts on queued requests; true when the engine should now exit (a
 * shutdown without -no-shutdown, or quit), with *exit_status set. */
bool runstate_process_requests(int *exit_status);
/* A GSource that calls runstate_process_requests() when a request is
 * queued and quits loop when it says to exit. */
GSource *runstate_source_new(GMainLoop *loop, int *exit_status);

void runstate_add_reset_handler(RunStateResetHandler *fn, void *opaque);
void runstate_remove_reset_handler(RunStateResetHandler *fn, void *opaque);
void runstate_set_powerdown_handler(RunStateResetHandler *fn, void *opaque);
void runstate_add_change_listener(RunStateChangeListener *fn, void *opaque);
void runstate_remove_change_listener(RunStateChangeListener *fn,
                                     void *opaque);
void runstate_set_kick(RunStateKick *fn, void *opaque);

/* Back to prelaunch with no listeners or requests, for tests. */
void runstate_reset_for_test(void);
