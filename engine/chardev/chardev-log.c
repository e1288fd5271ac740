/* Chardev logs: see chardev-log.h. */
#include "chardev-log.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib.h>

#define LOG_OPEN_FLAGS (O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | O_NONBLOCK)

void chardev_log_init(ChardevLog *log)
{
    memset(log, 0, sizeof(*log));
    log->fd = -1;
}

bool chardev_log_is_open(const ChardevLog *log)
{
    return log->fd >= 0;
}

/* Closes without writing what is pending. */
static void chardev_log_release(ChardevLog *log)
{
    g_clear_handle_id(&log->flush_src, g_source_remove);
    if (log->fd >= 0) {
        close(log->fd);
    }
    if (log->pending) {
        g_byte_array_unref(log->pending);
    }
    g_free(log->label);
    g_free(log->path);
    chardev_log_init(log);
}

void chardev_log_close(ChardevLog *log)
{
    chardev_log_flush(log);
    chardev_log_release(log);
}

bool chardev_log_open(ChardevLog *log, const char *label, const char *path,
                      bool append, uint64_t max_size, Error **errp)
{
    struct stat st;
    int fd;

    chardev_log_close(log);
    if (!*path) {
        error_setg(errp, "chardev '%s': 'logfile' must not be empty", label);
        return false;
    }
    fd = open(path, LOG_OPEN_FLAGS | (append ? 0 : O_TRUNC), 0666);
    if (fd < 0) {
        error_setg_errno(errp, errno, "chardev '%s': cannot open log file "
                         "'%s'", label, path);
        return false;
    }
    log->fd = fd;
    log->pending = g_byte_array_new();
    log->label = g_strdup(label);
    log->path = g_canonicalize_filename(path, NULL);
    log->max_size = max_size;
    log->size = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) ? st.st_size : 0;
    return true;
}

/* Reported once: the log closes, so later writes never get here. */
static void chardev_log_fail(ChardevLog *log, int err)
{
    warn_report("chardev '%s': log file '%s': %s; logging stopped",
                log->label, log->path, g_strerror(err));
    chardev_log_release(log);
}

/* Makes room for len more bytes under max_size: renames a full file to
 * PATH.1 and starts a new one. False when the log had to stop. */
static bool chardev_log_make_room(ChardevLog *log, size_t len)
{
    g_autofree char *old = NULL;
    struct stat st;
    int fd;

    if (log->size + len <= log->max_size) {
        return true;
    }
    /* Believe the file, not our count: someone may have truncated it; and
     * a FIFO or a device has nothing to rotate. */
    if (fstat(log->fd, &st) == 0) {
        if (!S_ISREG(st.st_mode)) {
            log->size = 0;
            return true;
        }
        log->size = st.st_size;
        if (log->size + len <= log->max_size) {
            return true;
        }
    }
    old = g_strconcat(log->path, ".1", NULL);
    if (rename(log->path, old) < 0) {
        chardev_log_fail(log, errno);
        return false;
    }
    fd = open(log->path, LOG_OPEN_FLAGS | O_TRUNC, 0666);
    if (fd < 0) {
        chardev_log_fail(log, errno);
        return false;
    }
    close(log->fd);
    log->fd = fd;
    log->size = 0;
    return true;
}

/* One write(2) of buf (the whole of it, but for a short write). */
static void chardev_log_write_out(ChardevLog *log, const uint8_t *p,
                                  size_t len)
{
    if (log->max_size) {
        if (len > log->max_size) {
            p += len - log->max_size;
            len = log->max_size;
        }
        if (!chardev_log_make_room(log, len)) {
            return;
        }
    }
    while (len) {
        ssize_t n = write(log->fd, p, len);

        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            /* A write(2) of a non-empty buffer that returns 0 made no
             * progress and never will: as good as a full disk. */
            chardev_log_fail(log, n < 0 ? errno : ENOSPC);
            return;
        }
        p += n;
        len -= n;
        log->size += n;
    }
}

void chardev_log_flush(ChardevLog *log)
{
    GByteArray *line = log->pending;

    g_clear_handle_id(&log->flush_src, g_source_remove);
    if (log->fd < 0 || !line->len) {
        return;
    }
    /* Taken out while it is written: a failure releases the log. */
    log->pending = NULL;
    chardev_log_write_out(log, line->data, line->len);
    if (log->fd >= 0) {
        g_byte_array_set_size(line, 0);
        log->pending = line;
    } else {
        g_byte_array_unref(line);
    }
}

static gboolean chardev_log_flush_idle(gpointer opaque)
{
    ChardevLog *log = opaque;

    log->flush_src = 0;
    chardev_log_flush(log);
    return G_SOURCE_REMOVE;
}

void chardev_log_write(ChardevLog *log, const void *buf, size_t len)
{
    if (log->fd < 0 || !len) {
        return;
    }
    g_byte_array_append(log->pending, buf, len);
    if (memchr(buf, '\n', len) ||
        log->pending->len >= CHARDEV_LOG_LINE_MAX) {
        chardev_log_flush(log);
    } else if (!log->flush_src) {
        log->flush_src = g_idle_add_full(G_PRIORITY_DEFAULT_IDLE,
                                         chardev_log_flush_idle, log, NULL);
    }
}
