/* Error: see error.h for the contract. */
#include "error.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct Error {
    char *msg;
    char *hint;          /* NULL when there is none */
    ErrorClass cls;
    const char *src;     /* where it was set, for &error_abort reports */
    const char *func;
    int line;
};

/* Distinct addresses; their values never matter. */
Error *error_abort;
Error *error_fatal;

static const char *const error_class_names[ERROR_CLASS__MAX] = {
    [ERROR_CLASS_GENERIC_ERROR] = "GenericError",
    [ERROR_CLASS_COMMAND_NOT_FOUND] = "CommandNotFound",
    [ERROR_CLASS_DEVICE_NOT_ACTIVE] = "DeviceNotActive",
    [ERROR_CLASS_DEVICE_NOT_FOUND] = "DeviceNotFound",
    [ERROR_CLASS_KVM_MISSING_CAP] = "KVMMissingCap",
};

const char *error_class_name(ErrorClass cls)
{
    g_assert(cls < ERROR_CLASS__MAX);
    return error_class_names[cls];
}

bool error_class_from_name(const char *name, ErrorClass *cls)
{
    for (int i = 0; i < ERROR_CLASS__MAX; i++) {
        if (g_str_equal(name, error_class_names[i])) {
            *cls = i;
            return true;
        }
    }
    return false;
}

static const char *program_name(void)
{
    const char *name = g_get_prgname();

    return name ? name : "quern";
}

static void error_print(const char *prefix, const Error *err)
{
    fprintf(stderr, "%s: %s%s\n", program_name(), prefix, err->msg);
    if (err->hint) {
        fputs(err->hint, stderr);
        if (!g_str_has_suffix(err->hint, "\n")) {
            fputc('\n', stderr);
        }
    }
}

/* The sinks act the moment an error reaches them. */
static void error_handle_sink(Error **errp, Error *err)
{
    if (errp == &error_abort) {
        fprintf(stderr, "%s: unexpected error in %s() at %s:%d:\n",
                program_name(), err->func, err->src, err->line);
        error_print("", err);
        abort();
    }
    if (errp == &error_fatal) {
        error_print("", err);
        exit(1);
    }
}

static void error_deliver(Error **errp, Error *err)
{
    if (!errp) {
        error_free(err);
        return;
    }
    error_handle_sink(errp, err);
    /* Setting a second error is a caller bug: it would lose the first. */
    g_assert(*errp == NULL);
    *errp = err;
}

static Error *error_new_va(const char *src, int line, const char *func,
                           ErrorClass cls, const char *fmt, va_list ap)
{
    Error *err = g_new0(Error, 1);

    err->msg = g_strdup_vprintf(fmt, ap);
    err->cls = cls;
    err->src = src;
    err->line = line;
    err->func = func;
    return err;
}

void error_set_internal(Error **errp, const char *src, int line,
                        const char *func, ErrorClass cls,
                        const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    Error *err = error_new_va(src, line, func, cls, fmt, ap);
    va_end(ap);
    error_deliver(errp, err);
}

void error_setg_errno_internal(Error **errp, const char *src, int line,
                               const char *func, int errnum,
                               const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    Error *err = error_new_va(src, line, func, ERROR_CLASS_GENERIC_ERROR,
                              fmt, ap);
    va_end(ap);
    if (errnum) {
        char *with_reason = g_strdup_printf("%s: %s", err->msg,
                                            g_strerror(errnum));
        g_free(err->msg);
        err->msg = with_reason;
    }
    error_deliver(errp, err);
}

void error_propagate(Error **dst_errp, Error *local_err)
{
    if (!local_err) {
        return;
    }
    if (!dst_errp) {
        error_free(local_err);
        return;
    }
    error_handle_sink(dst_errp, local_err);
    if (*dst_errp) {
        error_free(local_err);   /* the first error wins */
        return;
    }
    *dst_errp = local_err;
}

static bool error_is_editable(Error **errp)
{
    return errp && errp != &error_abort && errp != &error_fatal && *errp;
}

void error_prepend(Error **errp, const char *fmt, ...)
{
    if (!error_is_editable(errp)) {
        return;
    }
    va_list ap;
    va_start(ap, fmt);
    g_autofree char *prefix = g_strdup_vprintf(fmt, ap);
    va_end(ap);

    char *msg = g_strconcat(prefix, (*errp)->msg, NULL);
    g_free((*errp)->msg);
    (*errp)->msg = msg;
}

void error_append_hint(Error **errp, const char *fmt, ...)
{
    if (!error_is_editable(errp)) {
        return;
    }
    va_list ap;
    va_start(ap, fmt);
    g_autofree char *more = g_strdup_vprintf(fmt, ap);
    va_end(ap);

    char *hint = g_strconcat((*errp)->hint ? (*errp)->hint : "", more, NULL);
    g_free((*errp)->hint);
    (*errp)->hint = hint;
}

const char *error_get_pretty(const Error *err)
{
    return err->msg;
}

ErrorClass error_get_class(const Error *err)
{
    return err->cls;
}

const char *error_get_hint(const Error *err)
{
    return err->hint;
}

Error *error_copy(const Error *err)
{
    Error *copy = g_memdup2(err, sizeof(*err));

    copy->msg = g_strdup(err->msg);
    copy->hint = g_strdup(err->hint);
    return copy;
}

void error_free(Error *err)
{
    if (err) {
        g_free(err->msg);
        g_free(err->hint);
        g_free(err);
    }
}

void error_free_or_abort(Error **errp)
{
    g_assert(errp && *errp);
    error_free(*errp);
    *errp = NULL;
}

void error_report_err(Error *err)
{
    error_print("", err);
    error_free(err);
}

void warn_report_err(Error *err)
{
    error_print("warning: ", err);
    error_free(err);
}

void error_report(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    g_autofree char *msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    fprintf(stderr, "%s: %s\n", program_name(), msg);
}

void warn_report(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    g_autofree char *msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    fprintf(stderr, "%s: warning: %s\n", program_name(), msg);
}
