/* QMP dispatch: one request in, one response out.
 *
 * A QmpCommandList maps command names to marshallers (generated from the
 * schema, or hand-written for the few `gen: false` commands). qmp_dispatch()
 * checks a request the way QEMU's monitor does — a JSON object with a string
 * `execute` (or `exec-oob`), an object `arguments`, any `id`, nothing else —
 * runs the command and builds the reply: {"return": ...} or
 * {"error": {"class": ..., "desc": ...}}, with the request's `id` echoed
 * verbatim whenever the request was an object.
 *
 * A marshaller unpacks its arguments, calls the handler and packs its result:
 *     bool marshal(QDict *args, QObject **ret, Error **errp);
 * args is lent for the call (never NULL: {} when the request had none); on
 * success the marshaller may set *ret to a new reference (left NULL, the
 * reply is {"return": {}}).
 *
 * Ownership: the list owns its entries; names and reasons are copied.
 * qmp_dispatch() returns a new QDict, or NULL for a command registered
 * without a success response that succeeded.
 */
#pragma once

#include "qdict.h"

typedef bool (*QmpMarshalFunc)(QDict *args, QObject **ret, Error **errp);

typedef enum QmpCommandOptions {
    QCO_NO_OPTIONS = 0,
    QCO_NO_SUCCESS_RESP = 1 << 0,   /* `success-response: false` */
    QCO_ALLOW_OOB = 1 << 1,
    QCO_ALLOW_PRECONFIG = 1 << 2,
    QCO_COROUTINE = 1 << 3,
} QmpCommandOptions;

/* The schema's special features, as bits of a command's special_features. */
typedef enum QapiSpecialFeatureMask {
    QAPI_FEATURE_MASK_DEPRECATED = 1u << 0,
    QAPI_FEATURE_MASK_UNSTABLE = 1u << 1,
} QapiSpecialFeatureMask;

typedef struct QmpCommand QmpCommand;
typedef struct QmpCommandList QmpCommandList;

QmpCommandList *qmp_command_list_new(void);
void qmp_command_list_free(QmpCommandList *cmds);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(QmpCommandList, qmp_command_list_free)

/* Registering a name twice is a bug (asserted): the schema has one namespace.
 * special_features is a bit mask of the schema's special features
 * (deprecated, unstable) for the compatibility policy. */
void qmp_register_command(QmpCommandList *cmds, const char *name,
                          QmpMarshalFunc fn, QmpCommandOptions options,
                          unsigned special_features);
void qmp_unregister_command(QmpCommandList *cmds, const char *name);
/* A disabled command answers CommandNotFound with the reason. */
void qmp_disable_command(QmpCommandList *cmds, const char *name,
                         const char *reason);
void qmp_enable_command(QmpCommandList *cmds, const char *name);

const QmpCommand *qmp_find_command(const QmpCommandList *cmds,
                                   const char *name);
const char *qmp_command_name(const QmpCommand *cmd);
bool qmp_command_is_enabled(const QmpCommand *cmd);
QmpCommandOptions qmp_command_options(const QmpCommand *cmd);
unsigned qmp_command_special_features(const QmpCommand *cmd);

/* In registration order. */
typedef void (*QmpCommandFunc)(const QmpCommand *cmd, void *opaque);
void qmp_for_each_command(const QmpCommandList *cmds, QmpCommandFunc fn,
                          void *opaque);

/* What the session allows, decided by the monitor that received the request. */
typedef struct QmpDispatchContext {
    bool allow_oob;     /* the client negotiated the "oob" capability */
    bool preconfig;     /* the machine is not built yet */
} QmpDispatchContext;

/* ctx may be NULL: no OOB, not preconfig. request is lent. */
QDict *qmp_dispatch(const QmpCommandList *cmds, QObject *request,
                    const QmpDispatchContext *ctx);

/* {"error": {"class": ..., "desc": ...}} for err; takes err. */
QDict *qmp_error_response(Error *err);
/* Whether request asks for out-of-band execution ("exec-oob"). */
bool qmp_is_oob(const QDict *request);

/* A new event message {"event": name, "timestamp": {"seconds": S,
 * "microseconds": U}} (host wall-clock time), for the caller to add "data"
 * to. Generated qapi_event_send_*() functions build their events with it. */
QDict *qmp_event_build_dict(const char *name);
