/* Error: how every fallible function in Quern reports what went wrong.
 *
 * A fallible function takes `Error **errp` as its last argument and returns
 * bool (false on failure) or a pointer (NULL on failure); its caller tests the
 * return value and never reads *errp to learn whether the call failed.
 * On failure the callee sets exactly one error; on success it leaves *errp
 * alone. errp may be:
 *   - NULL: the caller does not care; the error is dropped;
 *   - &error_abort: a failure is a bug; print it with its source location and
 *     abort();
 *   - &error_fatal: a failure ends the program; print it and exit(1);
 *   - the address of a local `Error *err = NULL`: the caller takes the error
 *     and owns it (error_free(), error_report_err() or error_propagate()).
 *
 * Every error has a class, one of QMP's (GenericError for almost all), and a
 * message: one lower-case phrase that names what and where, no trailing
 * newline or full stop. error_report*() prefix it with the program name
 * (g_get_prgname(), set by main through g_set_prgname()).
 */
#pragma once

#include <glib.h>
#include <stdbool.h>

/* QMP's error classes, in the order of QEMU's QapiErrorClass. */
typedef enum ErrorClass {
    ERROR_CLASS_GENERIC_ERROR,
    ERROR_CLASS_COMMAND_NOT_FOUND,
    ERROR_CLASS_DEVICE_NOT_ACTIVE,
    ERROR_CLASS_DEVICE_NOT_FOUND,
    ERROR_CLASS_KVM_MISSING_CAP,
    ERROR_CLASS__MAX,
} ErrorClass;

typedef struct Error Error;

/* Sinks: pass their address as errp. Never dereference them. */
extern Error *error_abort;
extern Error *error_fatal;

/* The QMP wire name of a class: "GenericError", "CommandNotFound", ... */
const char *error_class_name(ErrorClass cls);
/* Looks a class up by its QMP wire name; false when there is none. */
bool error_class_from_name(const char *name, ErrorClass *cls);

#define error_setg(errp, ...) \
    error_set_internal((errp), __FILE__, __LINE__, __func__, \
                       ERROR_CLASS_GENERIC_ERROR, __VA_ARGS__)
#define error_set(errp, cls, ...) \
    error_set_internal((errp), __FILE__, __LINE__, __func__, (cls), __VA_ARGS__)
/* Appends ": <strerror(errnum)>" to the message. */
#define error_setg_errno(errp, errnum, ...) \
    error_setg_errno_internal((errp), __FILE__, __LINE__, __func__, \
                              (errnum), __VA_ARGS__)

void error_set_internal(Error **errp, const char *src, int line,
                        const char *func, ErrorClass cls,
                        const char *fmt, ...) G_GNUC_PRINTF(6, 7);
void error_setg_errno_internal(Error **errp, const char *src, int line,
                               const char *func, int errnum,
                               const char *fmt, ...) G_GNUC_PRINTF(6, 7);

/* Moves local_err (which may be NULL: nothing to do) into dst_errp: the sinks
 * act on it, NULL drops it, and an errp that already holds an error keeps the
 * first one (the second is freed). Takes ownership of local_err. */
void error_propagate(Error **dst_errp, Error *local_err);

/* Puts context in front of the message of the error *errp holds:
 * "reading profile 'x': " + "line 3: expected '='". No-op when errp is NULL
 * or a sink (their errors are reported at the point they are set). */
void error_prepend(Error **errp, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

/* A second line of help that error_report_err() prints after the message;
 * QMP does not send it. Same errp rules as error_prepend(). */
void error_append_hint(Error **errp, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

/* Accessors. The string belongs to the error. */
const char *error_get_pretty(const Error *err);
ErrorClass error_get_class(const Error *err);
const char *error_get_hint(const Error *err);

Error *error_copy(const Error *err);
void error_free(Error *err);
/* For tests of failure paths: asserts that *errp holds an error, frees it and
 * clears *errp. */
void error_free_or_abort(Error **errp);

/* "prog: message" (and the hint, if any) on stderr; frees err. */
void error_report_err(Error *err);
void error_report(const char *fmt, ...) G_GNUC_PRINTF(1, 2);
void warn_report(const char *fmt, ...) G_GNUC_PRINTF(1, 2);
void warn_report_err(Error *err);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(Error, error_free)
