/* Device trees: a flattened device tree (DTB) a board builds for its guest,
 * over libfdt.
 *
 * A DeviceTree owns one blob in libfdt's read-write form and grows it as
 * nodes and properties are added, so callers never size anything. Nodes
 * are named by absolute path ("/soc/serial@10000000"); adding one creates
 * its missing parents. Setting a property replaces any value it had.
 * Numbers are stored big-endian, as the format wants: u32 and u64 values,
 * cell arrays (u32 each), strings, string lists and empty properties.
 *
 * Phandles: device_tree_alloc_phandle() hands out numbers never used in
 * the tree; device_tree_get_phandle() gives a node's, assigning one (and
 * its "phandle" property) the first time.
 *
 * device_tree_finish() packs the blob (no free space left); the blob is
 * valid at any time and device_tree_get_blob() lends it until the next
 * change. device_tree_save() writes it to a file atomically (the machine's
 * `dumpdtb`). device_tree_new_from_blob()/_from_file() start from a
 * user's DTB (`-dtb`), checked by libfdt before use.
 *
 * Failures are one line naming the node and property with libfdt's
 * reason: "device tree: setting '/chosen' property 'bootargs': ...".
 * A DeviceTree is not thread-safe. */
#pragma once

#include "error.h"

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

typedef struct DeviceTree DeviceTree;

/* An empty tree: only the root node. */
DeviceTree *device_tree_new(void);
/* A copy of blob (size bytes, at least its header's totalsize), after a
 * full libfdt check. */
DeviceTree *device_tree_new_from_blob(const void *blob, size_t size,
                                      Error **errp);
DeviceTree *device_tree_new_from_file(const char *path, Error **errp);
void device_tree_free(DeviceTree *dt);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(DeviceTree, device_tree_free)

/* Adds the node at path and any missing parents; an existing node is an
 * error ("node '/x' already exists"): two devices at one address. */
bool device_tree_add_node(DeviceTree *dt, const char *path, Error **errp);
bool device_tree_node_exists(DeviceTree *dt, const char *path);

/* Properties of the node at path, which must exist. */
bool device_tree_set_prop(DeviceTree *dt, const char *path, const char *name,
                          const void *value, size_t len, Error **errp);
bool device_tree_set_prop_empty(DeviceTree *dt, const char *path,
                                const char *name, Error **errp);
bool device_tree_set_prop_u32(DeviceTree *dt, const char *path,
                              const char *name, uint32_t value, Error **errp);
bool device_tree_set_prop_u64(DeviceTree *dt, const char *path,
                              const char *name, uint64_t value, Error **errp);
/* n cells, each a u32 (an address and size pair is 4 cells with 2/2). */
bool device_tree_set_prop_cells(DeviceTree *dt, const char *path,
                                const char *name, const uint32_t *cells,
                                size_t n, Error **errp);
bool device_tree_set_prop_string(DeviceTree *dt, const char *path,
                                 const char *name, const char *value,
                                 Error **errp);
/* strv is NULL-terminated: "sifive,test1\0sifive,test0\0syscon\0". */
bool device_tree_set_prop_strings(DeviceTree *dt, const char *path,
                                  const char *name, const char *const *strv,
                                  Error **errp);

/* The value of a property, lent until the next change; *len gets its
 * length. NULL (with an error) when the node or property is missing. */
const void *device_tree_get_prop(DeviceTree *dt, const char *path,
                                 const char *name, size_t *len,
                                 Error **errp);

/* A phandle no node of the tree has and none handed out before. */
uint32_t device_tree_alloc_phandle(DeviceTree *dt);
/* The node's phandle, assigning a new one when it has none; 0 on error. */
uint32_t device_tree_get_phandle(DeviceTree *dt, const char *path,
                                 Error **errp);
/* Gives the node the phandle (from device_tree_alloc_phandle()). */
bool device_tree_set_phandle(DeviceTree *dt, const char *path,
                             uint32_t phandle, Error **errp);

/* Packs the blob: its totalsize becomes what it uses. */
void device_tree_finish(DeviceTree *dt);
/* The blob, lent; *size gets its totalsize. */
const void *device_tree_get_blob(DeviceTree *dt, size_t *size);
/* Writes the blob to path (a temporary file renamed into place). */
bool device_tree_save(DeviceTree *dt, const char *path, Error **errp);
