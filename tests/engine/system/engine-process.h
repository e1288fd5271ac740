/* Test support: a real quern-engine process and QMP clients talking to it.
 *
 * engine_process_start() runs the engine binary (QUERN_ENGINE_PATH, set
 * by the build) with the given options plus `-qmp unix:SOCKET,server=on,
 * wait=off` in a fresh temporary directory, and waits until the socket
 * accepts a connection. Its stdout and stderr go to files in that
 * directory, which the test may read. engine_process_stop() sends SIGTERM
 * and returns the exit status; engine_process_wait() waits for an exit the
 * test caused.
 *
 * A QmpClient is one connection: qmp_client_connect() reads the greeting
 * (kept for the test), qmp_client_negotiate() sends qmp_capabilities.
 * qmp_client_call() sends a request and returns the reply, queueing the
 * events that arrive before it; qmp_client_next_event() returns queued
 * events first, then reads. Reads time out after 20 s and fail the test,
 * so a hung engine is a failure, not a hung test run.
 *
 * Ownership: returned QDicts are new references. Everything is freed by
 * the matching _stop/_close, which also remove the temporary directory. */
#pragma once

#include <glib.h>
#include <stdbool.h>
#include <sys/types.h>

#include "qdict.h"

typedef struct EngineProcess {
    GPid pid;
    char *dir;          /* the temporary directory */
    char *qmp_path;     /* the QMP socket */
    char *stdout_path;
    char *stderr_path;
    bool exited;
    int status;         /* exit status once exited */
} EngineProcess;

typedef struct QmpClient {
    int fd;
    GString *inbuf;
    GQueue *events;     /* QDict * */
    QDict *greeting;
} QmpClient;

/* args: NULL-terminated extra options. Fails the test if the engine does
 * not come up. */
EngineProcess *engine_process_start(const char *const *args);
/* Runs the engine to completion without a QMP socket (help, bad options):
 * returns the exit status; *out and *err get stdout and stderr. */
int engine_process_run(const char *const *args, char **out, char **err);
int engine_process_stop(EngineProcess *e);
int engine_process_wait(EngineProcess *e);
/* The text of a file in the engine's directory (its stderr, say). */
char *engine_process_read_file(EngineProcess *e, const char *path);

QmpClient *qmp_client_connect(const char *path);
void qmp_client_negotiate(QmpClient *c);
void qmp_client_close(QmpClient *c);
/* Sends raw bytes. */
void qmp_client_send_raw(QmpClient *c, const void *buf, size_t len);
/* The next message (reply or event, in order), NULL on EOF. */
QDict *qmp_client_receive(QmpClient *c);
/* Sends request text (JSON) and returns the reply. */
QDict *qmp_client_call(QmpClient *c, const char *request);
/* printf-style request. */
QDict *qmp_client_callf(QmpClient *c, const char *fmt, ...)
    G_GNUC_PRINTF(2, 3);
/* The "return" member of a successful reply (asserted), a new reference. */
QObject *qmp_client_return(QmpClient *c, const char *request);
/* Asserts an error reply of class cls whose desc contains desc_part. */
void qmp_client_expect_error(QmpClient *c, const char *request,
                             const char *cls, const char *desc_part);
QDict *qmp_client_next_event(QmpClient *c);
/* Waits for the event called name, dropping others. */
QDict *qmp_client_wait_event(QmpClient *c, const char *name);
/* HMP through human-monitor-command: the output text. */
char *qmp_client_hmp(QmpClient *c, const char *command_line);
