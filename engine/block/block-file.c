/* Block file: raw images, their lock, and the I/O thread pool (see the
 * header). */
#define _GNU_SOURCE
#include "block-file.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/stat.h>
#include <unistd.h>

/* Enough workers to keep a few requests in flight on an SSD or a page-cached
 * file; more would mostly contend on the two host cores we share. */
#define BLOCK_FILE_POOL_THREADS 4

/* Where finished asynchronous requests wait for the node's main context
 * (see block_file_schedule_completion()). */
typedef struct BlockCompletionSource {
    GSource source;
    int efd;
    GMutex lock;
    GQueue finished;        /* of BlockRequest; guarded by lock */
} BlockCompletionSource;

struct BlockNode {
    char *path;
    int fd;
    bool read_only;
    uint64_t size;
    GThreadPool *pool;      /* created on the first asynchronous request */
    BlockCompletionSource *done;    /* likewise; a reference */
    unsigned in_flight;
};

typedef enum BlockRequestType {
    BLOCK_REQ_READ,
    BLOCK_REQ_WRITE,
    BLOCK_REQ_FLUSH,
} BlockRequestType;

typedef struct BlockRequest {
    BlockNode *node;
    BlockRequestType type;
    uint64_t offset;
    void *buf;
    size_t len;
    BlockFileCompletion *cb;
    void *opaque;
    int64_t ret;
    Error *err;             /* set by the worker, or at submission */
} BlockRequest;

/* The lock holder. F_OFD_GETLK reports l_pid -1 for description locks, and
 * /proc/locks shows -1 too, so look for a process with a descriptor on the
 * same inode whose fdinfo lists a lock. Returns 0 when none is found (it
 * exited, or it is in another pid namespace, or /proc is not readable). */
static pid_t block_file_find_lock_holder(const struct stat *img, int own_fd)
{
    g_autoptr(GDir) proc = g_dir_open("/proc", 0, NULL);
    const char *pid_name;
    pid_t self = getpid();

    if (!proc) {
        return 0;
    }
    while ((pid_name = g_dir_read_name(proc))) {
        char *end;
        long pid = strtol(pid_name, &end, 10);

        if (*end || pid <= 0) {
            continue;
        }
        g_autofree char *fd_dir_path = g_strdup_printf("/proc/%ld/fd", pid);
        g_autoptr(GDir) fd_dir = g_dir_open(fd_dir_path, 0, NULL);
        const char *fd_name;

        if (!fd_dir) {
            continue;
        }
        while ((fd_name = g_dir_read_name(fd_dir))) {
            g_autofree char *fd_path =
                g_build_filename(fd_dir_path, fd_name, NULL);
            g_autofree char *info_path = NULL;
            g_autofree char *info = NULL;
            struct stat st;

            if (pid == self && atoi(fd_name) == own_fd) {
                continue;
            }
            if (stat(fd_path, &st) < 0 || st.st_dev != img->st_dev ||
                st.st_ino != img->st_ino) {
                continue;
            }
            info_path = g_strdup_printf("/proc/%ld/fdinfo/%s", pid, fd_name);
            if (g_file_get_contents(info_path, &info, NULL, NULL) &&
                strstr(info, "\nlock:")) {
                return (pid_t)pid;
            }
        }
    }
    return 0;
}

static char *block_file_describe_process(pid_t pid)
{
    g_autofree char *comm_path = NULL;
    g_autofree char *comm = NULL;

    if (pid <= 0) {
        return g_strdup("another process");
    }
    comm_path = g_strdup_printf("/proc/%d/comm", (int)pid);
    if (g_file_get_contents(comm_path, &comm, NULL, NULL)) {
        g_strchomp(comm);
        return g_strdup_printf("process %d (%s)", (int)pid, comm);
    }
    return g_strdup_printf("process %d", (int)pid);
}

/* The whole image, shared for readers, exclusive for a writer. Description
 * locks (not process-associated POSIX ones) so that two opens in one process
 * conflict too, and closing some other descriptor on the file does not drop
 * the lock. */
static bool block_file_lock(int fd, const char *path, const struct stat *st,
                            bool read_only, Error **errp)
{
    struct flock fl = {
        .l_type = read_only ? F_RDLCK : F_WRLCK,
        .l_whence = SEEK_SET,
        .l_start = 0,
        .l_len = 0,
    };
    g_autofree char *holder = NULL;

    if (fcntl(fd, F_OFD_SETLK, &fl) == 0) {
        return true;
    }
    if (errno != EAGAIN && errno != EACCES) {
        error_setg_errno(errp, errno, "could not lock image '%s'", path);
        return false;
    }
    holder = block_file_describe_process(block_file_find_lock_holder(st, fd));
    error_setg(errp, "image '%s' is in use by %s", path, holder);
    error_append_hint(errp, "%s\n", read_only
                      ? "a writer holds it; stop that VM first"
                      : "stop the VM using it first, or open it read-only "
                        "while nobody writes it");
    return false;
}

BlockNode *block_file_open(const char *path, bool read_only, Error **errp)
{
    struct stat st;
    int fd;
    off_t end;
    BlockNode *node;

    /* Checked before open: opening a FIFO would block. */
    if (stat(path, &st) < 0) {
        error_setg_errno(errp, errno, "could not open image '%s'", path);
        return NULL;
    }
    if (!S_ISREG(st.st_mode) && !S_ISBLK(st.st_mode)) {
        error_setg(errp, "image '%s' is neither a regular file nor a block "
                   "device", path);
        return NULL;
    }
    fd = open(path, (read_only ? O_RDONLY : O_RDWR) | O_CLOEXEC);
    if (fd < 0) {
        int err = errno;

        error_setg_errno(errp, err, "could not open image '%s'%s", path,
                         read_only ? "" : " for writing");
        if (!read_only && (err == EACCES || err == EROFS || err == EPERM)) {
            error_append_hint(errp, "open it read-only (readonly=on)\n");
        }
        return NULL;
    }
    /* The path may have been replaced between stat() and open(). */
    if (fstat(fd, &st) < 0 || (!S_ISREG(st.st_mode) && !S_ISBLK(st.st_mode))) {
        error_setg(errp, "image '%s' is neither a regular file nor a block "
                   "device", path);
        close(fd);
        return NULL;
    }
    if (!block_file_lock(fd, path, &st, read_only, errp)) {
        close(fd);
        return NULL;
    }
    /* lseek, not st_size: st_size is 0 for a block device. */
    end = lseek(fd, 0, SEEK_END);
    if (end < 0) {
        error_setg_errno(errp, errno, "could not find the size of image '%s'",
                         path);
        close(fd);
        return NULL;
    }

    node = g_new0(BlockNode, 1);
    node->path = g_strdup(path);
    node->fd = fd;
    node->read_only = read_only;
    node->size = (uint64_t)end;
    return node;
}

void block_file_close(BlockNode *node)
{
    if (!node) {
        return;
    }
    /* A pending completion would run on a freed node. */
    g_assert(node->in_flight == 0);
    if (node->pool) {
        /* Waits for the workers, so none still signals the source. */
        g_thread_pool_free(node->pool, FALSE, TRUE);
    }
    if (node->done) {
        /* Possibly from inside its own dispatch (the last callback closing
         * the node): the context keeps the source alive until it returns. */
        g_source_destroy(&node->done->source);
        g_source_unref(&node->done->source);
    }
    close(node->fd);          /* drops the lock with the last reference */
    g_free(node->path);
    g_free(node);
}

uint64_t block_file_get_size(const BlockNode *node)
{
    return node->size;
}

bool block_file_is_read_only(const BlockNode *node)
{
    return node->read_only;
}

const char *block_file_get_path(const BlockNode *node)
{
    return node->path;
}

unsigned block_file_aio_in_flight(const BlockNode *node)
{
    return node->in_flight;
}

/* Offset and length come from guests: compare against what is left past
 * offset, so that offset + len is never computed and cannot wrap. */
static bool block_file_check_request(BlockNode *node, uint64_t offset,
                                     size_t len, bool write, Error **errp)
{
    if (write && node->read_only) {
        error_setg(errp, "image '%s' is read-only", node->path);
        return false;
    }
    if (offset > node->size || len > node->size - offset) {
        error_setg(errp, "request of %zu bytes at offset %" PRIu64
                   " is beyond the end of image '%s' (%" PRIu64 " bytes)",
                   len, offset, node->path, node->size);
        return false;
    }
    /* pread's offset is a signed off_t; size came from lseek, so any offset
     * that passed the check above fits. */
    return true;
}

/* The transfer loop shared by both paths: short transfers (signals, a
 * device's limits) continue; end of file is an error, the image having
 * shrunk underneath us. */
static bool block_file_transfer(BlockNode *node, bool write, uint64_t offset,
                                void *buf, size_t len, Error **errp)
{
    size_t done = 0;

    while (done < len) {
        ssize_t n = write
            ? pwrite(node->fd, (const char *)buf + done, len - done,
                     (off_t)(offset + done))
            : pread(node->fd, (char *)buf + done, len - done,
                    (off_t)(offset + done));

        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            error_setg_errno(errp, errno, "could not %s image '%s' at offset "
                             "%" PRIu64, write ? "write" : "read",
                             node->path, offset + done);
            return false;
        }
        if (n == 0) {
            error_setg(errp, "image '%s' ended at offset %" PRIu64
                       " while %s it (did it shrink?)", node->path,
                       offset + done, write ? "writing" : "reading");
            return false;
        }
        done += (size_t)n;
    }
    return true;
}

static bool block_file_do_flush(BlockNode *node, Error **errp)
{
    while (fdatasync(node->fd) < 0) {
        if (errno != EINTR) {
            error_setg_errno(errp, errno, "could not flush image '%s'",
                             node->path);
            return false;
        }
    }
    return true;
}

bool block_file_pread(BlockNode *node, uint64_t offset, void *buf,
                      size_t len, Error **errp)
{
    return block_file_check_request(node, offset, len, false, errp) &&
           block_file_transfer(node, false, offset, buf, len, errp);
}

bool block_file_pwrite(BlockNode *node, uint64_t offset, const void *buf,
                       size_t len, Error **errp)
{
    /* The cast drops const only for the shared loop, which does not write
     * to buf when writing the file. */
    return block_file_check_request(node, offset, len, true, errp) &&
           block_file_transfer(node, true, offset, (void *)buf, len, errp);
}

bool block_file_flush(BlockNode *node, Error **errp)
{
    return block_file_do_flush(node, errp);
}

/* Asynchronous requests: submitted on the node's thread, run by a pool
 * worker, completed back on the submitter's main context. One completion
 * source per node, not one idle source per request: a worker appends the
 * finished request to the source's list and wakes the context through an
 * eventfd, and one dispatch runs every finished callback, so a burst of
 * completions costs one wake-up instead of a source each. Not
 * g_main_context_invoke(): from a worker it may acquire an idle default
 * context and run the callback on the worker thread. */

static void block_file_finish(BlockRequest *req)
{
    req->node->in_flight--;
    req->cb(req->opaque, req->err ? -1 : req->ret, req->err);
    if (req->err) {
        error_free(req->err);
    }
    g_free(req);
}

static gboolean block_file_completion_dispatch(GSource *source,
                                               GSourceFunc unused_cb,
                                               gpointer unused_data)
{
    BlockCompletionSource *bcs = (BlockCompletionSource *)source;
    GQueue batch = G_QUEUE_INIT;
    BlockRequest *req;
    uint64_t count;

    /* Cleared before taking the list: a request finished after the swap
     * finds the list empty and signals again. */
    if (read(bcs->efd, &count, sizeof(count)) < 0) {
        g_assert(errno == EAGAIN || errno == EINTR);
    }
    g_mutex_lock(&bcs->lock);
    batch = bcs->finished;
    g_queue_init(&bcs->finished);
    g_mutex_unlock(&bcs->lock);

    while ((req = g_queue_pop_head(&batch))) {
        block_file_finish(req);
        if (g_source_is_destroyed(source)) {
            /* The callback closed the node, which it may only do with
             * nothing else in flight, so the batch is empty. */
            g_assert(g_queue_is_empty(&batch));
            return G_SOURCE_REMOVE;
        }
    }
    return G_SOURCE_CONTINUE;
}

static void block_file_completion_finalize(GSource *source)
{
    BlockCompletionSource *bcs = (BlockCompletionSource *)source;

    g_assert(g_queue_is_empty(&bcs->finished));
    close(bcs->efd);
    g_mutex_clear(&bcs->lock);
}

static GSourceFuncs block_file_completion_funcs = {
    .dispatch = block_file_completion_dispatch,
    .finalize = block_file_completion_finalize,
};

static BlockCompletionSource *block_file_completion_new(GMainContext *ctx)
{
    GSource *source = g_source_new(&block_file_completion_funcs,
                                   sizeof(BlockCompletionSource));
    BlockCompletionSource *bcs = (BlockCompletionSource *)source;

    bcs->efd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (bcs->efd < 0) {
        g_error("block-file: could not create an eventfd: %s",
                g_strerror(errno));
    }
    g_mutex_init(&bcs->lock);
    g_queue_init(&bcs->finished);
    g_source_add_unix_fd(source, bcs->efd, G_IO_IN);
    g_source_set_static_name(source, "block-file completion");
    g_source_attach(source, ctx);
    return bcs;
}

/* Any thread. Signals only when the list was empty: the dispatch that
 * empties it runs every request appended since. */
static void block_file_schedule_completion(BlockRequest *req)
{
    BlockCompletionSource *bcs = req->node->done;
    uint64_t one = 1;
    bool was_empty;

    g_mutex_lock(&bcs->lock);
    was_empty = g_queue_is_empty(&bcs->finished);
    g_queue_push_tail(&bcs->finished, req);
    g_mutex_unlock(&bcs->lock);
    if (was_empty) {
        /* Only EAGAIN (the counter is full, so already signalled) can
         * fail a write to a non-blocking eventfd. */
        while (write(bcs->efd, &one, sizeof(one)) < 0 && errno == EINTR) {
        }
    }
}

/* The completion source on the thread-default context, made on the first
 * request. A node is used from one context; it may move to another only
 * with nothing in flight. */
static void block_file_bind_context(BlockNode *node)
{
    g_autoptr(GMainContext) ctx = g_main_context_ref_thread_default();

    if (node->done &&
        g_source_get_context(&node->done->source) == ctx) {
        return;
    }
    g_assert(node->in_flight == 0);
    if (node->done) {
        g_source_destroy(&node->done->source);
        g_source_unref(&node->done->source);
    }
    node->done = block_file_completion_new(ctx);
}

static void block_file_worker(gpointer data, gpointer user_data)
{
    BlockRequest *req = data;
    BlockNode *node = req->node;
    bool ok;

    switch (req->type) {
    case BLOCK_REQ_READ:
    case BLOCK_REQ_WRITE:
        ok = block_file_transfer(node, req->type == BLOCK_REQ_WRITE,
                                 req->offset, req->buf, req->len, &req->err);
        req->ret = ok ? (int64_t)req->len : -1;
        break;
    case BLOCK_REQ_FLUSH:
        ok = block_file_do_flush(node, &req->err);
        req->ret = ok ? 0 : -1;
        break;
    default:
        g_assert_not_reached();
    }
    block_file_schedule_completion(req);
}

static void block_file_submit(BlockNode *node, BlockRequestType type,
                              uint64_t offset, void *buf, size_t len,
                              BlockFileCompletion *cb, void *opaque)
{
    BlockRequest *req = g_new0(BlockRequest, 1);

    req->node = node;
    req->type = type;
    req->offset = offset;
    req->buf = buf;
    req->len = len;
    req->cb = cb;
    req->opaque = opaque;
    block_file_bind_context(node);
    node->in_flight++;

    if (type != BLOCK_REQ_FLUSH &&
        !block_file_check_request(node, offset, len, type == BLOCK_REQ_WRITE,
                                  &req->err)) {
        req->ret = -1;
        block_file_schedule_completion(req);
        return;
    }
    if (!node->pool) {
        /* Cannot fail: a non-exclusive pool starts no thread here. */
        node->pool = g_thread_pool_new(block_file_worker, node,
                                       BLOCK_FILE_POOL_THREADS, FALSE,
                                       NULL);
    }
    g_thread_pool_push(node->pool, req, NULL);
}

void block_file_aio_read(BlockNode *node, uint64_t offset, void *buf,
                         size_t len, BlockFileCompletion *cb, void *opaque)
{
    block_file_submit(node, BLOCK_REQ_READ, offset, buf, len, cb, opaque);
}

void block_file_aio_write(BlockNode *node, uint64_t offset, const void *buf,
                          size_t len, BlockFileCompletion *cb, void *opaque)
{
    /* The worker only reads from buf for a write. */
    block_file_submit(node, BLOCK_REQ_WRITE, offset, (void *)buf, len, cb,
                      opaque);
}

void block_file_aio_flush(BlockNode *node, BlockFileCompletion *cb,
                          void *opaque)
{
    block_file_submit(node, BLOCK_REQ_FLUSH, 0, NULL, 0, cb, opaque);
}
