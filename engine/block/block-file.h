/* Block file: a BlockNode over a raw image (a regular file or a block
 * device), the engine's only block back-end so far.
 *
 * block_file_open() returns a new node; block_file_close() frees it, after
 * every asynchronous request has completed. The node holds an open file
 * description lock on the image for its whole life, a write lock for a
 * writable node and a read lock for a read-only one, so that two VMs cannot
 * write (or one write and one read) the same disk; a refused open names the
 * process that holds the image.
 *
 * I/O is byte-addressed and bounded by the image's size as it was at open:
 * a request past the end, or whose offset + length wraps, fails with an
 * error and touches nothing (guests choose these numbers). The synchronous
 * calls block the caller; they are for tools and tests. The block_file_aio_*()
 * calls run on a small thread pool and complete on the GLib main context that
 * was the thread default when they were submitted, so the main loop never
 * waits for the disk. Fallible calls take Error **errp last and return
 * false/NULL. A node is used from one thread (the one running its main
 * context; it may change context only with nothing in flight, else it
 * aborts); only its pool's workers touch the descriptor besides. */
#pragma once

#include "error.h"
#include "qdict.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct BlockNode BlockNode;

/* How an asynchronous request ended: ret is the number of bytes transferred
 * (0 for a flush) and err NULL, or ret is -1 and err says why. err is lent:
 * it is freed when the callback returns (error_copy() keeps it). */
typedef void BlockFileCompletion(void *opaque, int64_t ret, const Error *err);

/* Opens the image at path and locks it. Fails when it is missing, not
 * readable (or writable, unless read_only), neither a regular file nor a
 * block device, or locked by another opener. */
BlockNode *block_file_open(const char *path, bool read_only, Error **errp);

/* Opens an image described the way QEMU's command line and QMP do:
 *   -drive:       {"if": "none", "id": "d0", "file": "x.img",
 *                  "format": "raw", "readonly": "on"}   (keyval's strings)
 *   blockdev-add: {"driver": "raw", "node-name": "d0", "read-only": true,
 *                  "file": {"driver": "file", "filename": "x.img"}}
 *                 or {"driver": "file", "filename": "x.img"}
 * Booleans may be JSON booleans or "on"/"off". Unknown keys, formats and
 * drivers are refused. The dict is only read. */
BlockNode *block_file_open_from_options(const QDict *opts, Error **errp);

/* Frees node and drops its lock. No asynchronous request may be in flight
 * (it aborts if one is). NULL is allowed. */
void block_file_close(BlockNode *node);

/* The size in bytes, as at open. */
uint64_t block_file_get_size(const BlockNode *node);
bool block_file_is_read_only(const BlockNode *node);
/* The path it was opened with; belongs to the node. */
const char *block_file_get_path(const BlockNode *node);

/* Reads or writes exactly len bytes at offset. */
bool block_file_pread(BlockNode *node, uint64_t offset, void *buf,
                      size_t len, Error **errp);
bool block_file_pwrite(BlockNode *node, uint64_t offset, const void *buf,
                       size_t len, Error **errp);
/* Makes completed writes durable (fdatasync). */
bool block_file_flush(BlockNode *node, Error **errp);

/* The asynchronous forms. buf must stay valid until cb runs. cb always runs
 * from the main context, never from inside these calls, even when the
 * request is refused at once (bad range, read-only node). A request no
 * longer counts as in flight when its cb runs, so the last cb may close the
 * node. */
void block_file_aio_read(BlockNode *node, uint64_t offset, void *buf,
                         size_t len, BlockFileCompletion *cb, void *opaque);
void block_file_aio_write(BlockNode *node, uint64_t offset, const void *buf,
                          size_t len, BlockFileCompletion *cb, void *opaque);
void block_file_aio_flush(BlockNode *node, BlockFileCompletion *cb,
                          void *opaque);

/* Requests submitted and not yet completed (their callback not yet run). */
unsigned block_file_aio_in_flight(const BlockNode *node);
