/* Block registry: the block nodes a machine knows by name, as QEMU knows
 * `-drive id=hd0` and `blockdev-add node-name=hd0`, and which device uses
 * each one.
 *
 * The registry owns the nodes it holds: block_registry_add() takes the
 * node (on success only), block_registry_remove() and block_registry_free()
 * close it. A device borrows a node with block_registry_attach() and gives
 * it back with block_registry_detach(); one device at a time, and a node in
 * use cannot be removed. Node pointers handed out are lent while the node
 * is in the registry.
 *
 * Names are QEMU's ids: a letter, then letters, digits, '-', '.' or '_'.
 * Failures are one line each:
 *   "'1x' is not a valid block node name: it must start with a letter ..."
 *   "duplicate block node name 'hd0'"
 *   "drive 'hd0' not found"
 *   "drive 'hd0' is already in use by device 'disk0'"
 *   "Node 'hd0' is busy: it is attached to device 'disk0'"
 *
 * One registry per process is what the engine needs: block_registry_default()
 * creates it on first use; tests start afresh with
 * block_registry_reset_default(). Other registries (block_registry_new())
 * are independent. Main thread only. */
#pragma once

#include "block-file.h"
#include "error.h"
#include "qdict.h"

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

typedef struct BlockRegistry BlockRegistry;

/* What query-block shows of one node. Strings belong to the info. */
typedef struct BlockNodeInfo {
    char *name;
    char *path;
    bool read_only;
    uint64_t size;              /* bytes */
    char *attached_device;      /* NULL when no device uses it */
} BlockNodeInfo;

void block_node_info_free(BlockNodeInfo *info);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(BlockNodeInfo, block_node_info_free)

BlockRegistry *block_registry_new(void);
/* Closes every node. No node may still be attached (a device that outlives
 * its disk is a bug: it aborts). NULL is allowed. */
void block_registry_free(BlockRegistry *reg);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(BlockRegistry, block_registry_free)

/* The process's registry, created on first use. Lent. */
BlockRegistry *block_registry_default(void);
/* Tests: frees the process's registry (same rule as block_registry_free());
 * the next block_registry_default() makes a new one. */
void block_registry_reset_default(void);

/* Whether name is a valid node name; the error says why not. */
bool block_registry_check_name(const char *name, Error **errp);

/* Adds node under name. On success the registry owns node; on failure
 * (bad or duplicate name) the caller still does. */
bool block_registry_add(BlockRegistry *reg, const char *name,
                        BlockNode *node, Error **errp);
/* Opens a node from -drive or blockdev-add options (block-file.h) named by
 * their "id" or "node-name", checking the name before the image is opened.
 * Returns the new node, lent. */
BlockNode *block_registry_open(BlockRegistry *reg, const QDict *opts,
                               Error **errp);
/* Closes and forgets the node; refused while a device is attached. Its
 * asynchronous requests must have completed (the device that made them has
 * detached, and detaching waits for them). */
bool block_registry_remove(BlockRegistry *reg, const char *name,
                           Error **errp);

/* The options block_registry_open() opened the node with (lent; NULL for
 * a node added with block_registry_add() or not there): what
 * -writeconfig writes back. */
const QDict *block_registry_get_options(BlockRegistry *reg, const char *name);

/* The node called name, lent; NULL (and no error) when there is none. */
BlockNode *block_registry_find(BlockRegistry *reg, const char *name);

/* Hands the node called name to device (a name for messages: its id or QOM
 * path). Lent until block_registry_detach(). */
BlockNode *block_registry_attach(BlockRegistry *reg, const char *name,
                                 const char *device, Error **errp);
/* The device lets go of the node called name; a no-op when it is not
 * attached. */
void block_registry_detach(BlockRegistry *reg, const char *name);
/* The device using the node called name (lent), NULL when none is or the
 * node does not exist. */
const char *block_registry_get_attached(BlockRegistry *reg,
                                        const char *name);

/* Every node in the order they were added: a new array of BlockNodeInfo *
 * that frees its elements. */
GPtrArray *block_registry_list(BlockRegistry *reg);
