/* Block file options: -drive and blockdev-add dicts to block_file_open()
 * (see block_file_open_from_options() in block-file.h). Kept apart from the
 * I/O code: this is parsing, that is syscalls. */
#include "block-file.h"

#include <string.h>

/* A boolean the way both syntaxes spell it: a JSON boolean from QMP, or
 * keyval's string from the command line. */
static bool block_options_get_bool(const QDict *opts, const char *key,
                                   bool def, bool *value, Error **errp)
{
    QObject *obj = qdict_get(opts, key);
    const QString *str;

    if (!obj) {
        *value = def;
        return true;
    }
    if (qobject_type(obj) == QTYPE_QBOOL) {
        *value = qbool_get_bool(qobject_to(QBool, obj));
        return true;
    }
    str = qobject_to(QString, obj);
    if (str && (!strcmp(qstring_get_str(str), "on") ||
                !strcmp(qstring_get_str(str), "true"))) {
        *value = true;
        return true;
    }
    if (str && (!strcmp(qstring_get_str(str), "off") ||
                !strcmp(qstring_get_str(str), "false"))) {
        *value = false;
        return true;
    }
    error_setg(errp, "'%s' expects 'on' or 'off'", key);
    return false;
}

/* Refuses any key not in known: silently ignoring "cache=none" or
 * "discard=unmap" would run the VM with settings the user did not get. */
static bool block_options_check_keys(const QDict *opts, const char *what,
                                     const char *const *known, Error **errp)
{
    QDICT_FOREACH(e, opts) {
        const char *key = qdict_entry_key(e);
        bool found = false;

        for (const char *const *k = known; *k; k++) {
            if (!strcmp(key, *k)) {
                found = true;
                break;
            }
        }
        if (!found) {
            error_setg(errp, "%s option '%s' is not supported", what, key);
            return false;
        }
    }
    return true;
}

static const char *block_options_get_str(const QDict *opts, const char *key,
                                         Error **errp)
{
    if (!qdict_haskey(opts, key)) {
        error_setg(errp, "parameter '%s' is missing", key);
        return NULL;
    }
    return qdict_get_str_checked(opts, key, errp);
}

/* -drive if=none,id=d0,file=x.img,format=raw[,readonly=on] */
static BlockNode *block_options_open_drive(const QDict *opts, Error **errp)
{
    static const char *const known[] = {
        "if", "id", "file", "format", "readonly", "read-only", NULL,
    };
    const char *iface = qdict_get_try_str(opts, "if");
    const char *format = qdict_get_try_str(opts, "format");
    const char *file;
    bool ro;

    if (!block_options_check_keys(opts, "drive", known, errp)) {
        return NULL;
    }
    /* Front ends are attached with -device; the drive is only the back end. */
    if (iface && strcmp(iface, "none")) {
        error_setg(errp, "drive interface '%s' is not supported (only none; "
                   "attach it with -device)", iface);
        return NULL;
    }
    /* Unlike QEMU, no probing: a missing format means raw, which is what a
     * probe of an unknown image gives, minus the guest-writes-a-header
     * attack that probing allows. */
    if (format && strcmp(format, "raw")) {
        error_setg(errp, "format '%s' is not supported (only raw)", format);
        return NULL;
    }
    file = block_options_get_str(opts, "file", errp);
    if (!file) {
        return NULL;
    }
    if (!block_options_get_bool(opts, "readonly", false, &ro, errp)) {
        return NULL;
    }
    if (!ro && !block_options_get_bool(opts, "read-only", false, &ro, errp)) {
        return NULL;
    }
    return block_file_open(file, ro, errp);
}

/* blockdev-add's driver "file": {"driver": "file", "filename": ...}. */
static BlockNode *block_options_open_file_driver(const QDict *opts,
                                                 bool parent_ro, Error **errp)
{
    static const char *const known[] = {
        "driver", "node-name", "filename", "read-only", NULL,
    };
    const char *filename;
    bool ro;

    if (!block_options_check_keys(opts, "blockdev", known, errp)) {
        return NULL;
    }
    filename = block_options_get_str(opts, "filename", errp);
    if (!filename) {
        return NULL;
    }
    if (!block_options_get_bool(opts, "read-only", parent_ro, &ro, errp)) {
        return NULL;
    }
    /* A read-only raw node over a writable file still only reads. */
    return block_file_open(filename, ro || parent_ro, errp);
}

static BlockNode *block_options_open_blockdev(const QDict *opts,
                                              Error **errp)
{
    static const char *const raw_known[] = {
        "driver", "node-name", "file", "read-only", NULL,
    };
    const char *driver = qdict_get_str_checked(opts, "driver", errp);
    QObject *file;
    const QDict *file_opts;
    const char *file_driver;
    bool ro;

    if (!driver) {
        return NULL;
    }
    if (!strcmp(driver, "file")) {
        return block_options_open_file_driver(opts, false, errp);
    }
    if (strcmp(driver, "raw")) {
        error_setg(errp, "driver '%s' is not supported (only raw and file)",
                   driver);
        return NULL;
    }
    if (!block_options_check_keys(opts, "blockdev", raw_known, errp) ||
        !block_options_get_bool(opts, "read-only", false, &ro, errp)) {
        return NULL;
    }
    file = qdict_get(opts, "file");
    if (!file) {
        error_setg(errp, "parameter 'file' is missing");
        return NULL;
    }
    if (qobject_type(file) == QTYPE_QSTRING) {
        /* In blockdev-add a string names another node. */
        error_setg(errp, "'file' refers to node '%s'; references to other "
                   "nodes are not supported yet (give the file inline)",
                   qstring_get_str(qobject_to(QString, file)));
        return NULL;
    }
    file_opts = qobject_to(QDict, file);
    if (!file_opts) {
        error_setg(errp, "'file' expects an object, got %s",
                   qtype_describe(qobject_type(file)));
        return NULL;
    }
    file_driver = qdict_get_try_str(file_opts, "driver");
    if (!file_driver) {
        error_setg(errp, "parameter 'file.driver' is missing");
        return NULL;
    }
    if (strcmp(file_driver, "file")) {
        error_setg(errp, "protocol driver '%s' is not supported (only file)",
                   file_driver);
        return NULL;
    }
    return block_options_open_file_driver(file_opts, ro, errp);
}

BlockNode *block_file_open_from_options(const QDict *opts, Error **errp)
{
    /* blockdev-add always names its driver; -drive never has that key. */
    if (qdict_haskey(opts, "driver")) {
        return block_options_open_blockdev(opts, errp);
    }
    return block_options_open_drive(opts, errp);
}
