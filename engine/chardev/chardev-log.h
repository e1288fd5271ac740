/* Chardev logs: a copy, in a file, of everything a chardev sends toward its
 * user (a serial port's chardev: the guest's output). QEMU's common chardev
 * options logfile=PATH and logappend=on|off (ChardevCommon), which every
 * back-end takes, plus Quern's logsize=BYTES, a bound on the file.
 *
 * A line goes to the file with one write(2) the moment its newline is
 * written: the lines an engine printed just before it was killed (kill -9,
 * a crash) are on disk. An unfinished line (a prompt) waits in the process
 * until the main loop turns (a GLib idle source; the interpreter gives the
 * loop a turn every millisecond of guest time), or until it reaches
 * CHARDEV_LOG_LINE_MAX bytes. Why not a write(2) per write as QEMU does: a
 * UART writes one byte at a time, and a system call per byte made a guest
 * flooding its console seven times slower. Only the loop's default
 * GMainContext flushes unfinished lines; closing the log flushes too.
 *
 * The file is opened O_APPEND (so a tool that truncates it under us leaves
 * no hole), O_NONBLOCK (a FIFO never stalls the engine) and, unless
 * logappend=on, truncated once when the chardev opens; a new file gets mode
 * 0666 less the umask, as QEMU's does.
 *
 * logsize=N (0, the default, is QEMU's unbounded file): a write(2) that
 * would take the file past N bytes first renames it to PATH.1, replacing
 * an older PATH.1, and starts PATH afresh, so each file starts at a line.
 * The two files never hold more than 2N bytes between them and always the
 * newest output: read PATH.1, then PATH. A line longer than N keeps its
 * last N bytes.
 *
 * Failures: an open that fails is the chardev's creation failing ("chardev
 * 'c0': cannot open log file '/x': No such file or directory"). A write or
 * a rotation that fails (a full disk, a directory gone, a FIFO without
 * room) never costs the back-end its output and never stops the engine:
 * it is reported once on stderr ("chardev 'c0': log file '/x': No space
 * left on device; logging stopped") and the log is closed for good.
 *
 * A ChardevLog is a plain struct its chardev embeds and owns; the path is
 * kept absolute, so a daemonized engine that changed directory still
 * rotates the right file. Not thread-safe (nothing in chardev/ is). */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <glib.h>

#include "error.h"

/* An unfinished line this long is written without waiting for the loop. */
#define CHARDEV_LOG_LINE_MAX 4096

typedef struct ChardevLog {
    char *label;        /* the chardev's id, for messages */
    char *path;         /* absolute; NULL: no log */
    int fd;             /* -1 when closed */
    uint64_t max_size;  /* 0: unbounded */
    uint64_t size;      /* what we believe the file holds */
    GByteArray *pending;    /* an unfinished line, not yet written */
    guint flush_src;        /* the idle source that will write it */
} ChardevLog;

/* An empty, closed log. */
void chardev_log_init(ChardevLog *log);
/* Opens path (relative: to the working directory now) for chardev label. */
bool chardev_log_open(ChardevLog *log, const char *label, const char *path,
                      bool append, uint64_t max_size, Error **errp);
/* Appends buf (see above for when it reaches the file); a no-op when the
 * log is closed. */
void chardev_log_write(ChardevLog *log, const void *buf, size_t len);
/* Writes an unfinished line now. */
void chardev_log_flush(ChardevLog *log);
/* Flushes, closes the file and frees the rest (it may be opened again). */
void chardev_log_close(ChardevLog *log);
bool chardev_log_is_open(const ChardevLog *log);
