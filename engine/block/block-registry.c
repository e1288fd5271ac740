/* Block registry: named block nodes and their users (see the header). */
#include "block-registry.h"

#include <string.h>

typedef struct BlockRegistryEntry {
    char *name;
    BlockNode *node;            /* owned */
    char *attached_device;      /* NULL: free */
    QDict *options;             /* what it was opened with, or NULL */
} BlockRegistryEntry;

struct BlockRegistry {
    GPtrArray *entries;         /* BlockRegistryEntry *, in order added */
};

/* The process's registry; see the header for why there is one. */
static BlockRegistry *default_registry;

static void block_registry_entry_free(void *data)
{
    BlockRegistryEntry *e = data;

    /* A device still holding the node would be left with a dangling
     * pointer: its owner must take devices down before disks. */
    g_assert(!e->attached_device);
    block_file_close(e->node);
    qobject_unref(e->options);
    g_free(e->name);
    g_free(e);
}

void block_node_info_free(BlockNodeInfo *info)
{
    if (!info) {
        return;
    }
    g_free(info->name);
    g_free(info->path);
    g_free(info->attached_device);
    g_free(info);
}

BlockRegistry *block_registry_new(void)
{
    BlockRegistry *reg = g_new0(BlockRegistry, 1);

    reg->entries = g_ptr_array_new_with_free_func(block_registry_entry_free);
    return reg;
}

void block_registry_free(BlockRegistry *reg)
{
    if (!reg) {
        return;
    }
    g_ptr_array_unref(reg->entries);
    g_free(reg);
}

BlockRegistry *block_registry_default(void)
{
    if (!default_registry) {
        default_registry = block_registry_new();
    }
    return default_registry;
}

void block_registry_reset_default(void)
{
    g_clear_pointer(&default_registry, block_registry_free);
}

bool block_registry_check_name(const char *name, Error **errp)
{
    bool ok = name && g_ascii_isalpha(name[0]);

    for (const char *p = name; ok && *p; p++) {
        ok = g_ascii_isalnum(*p) || *p == '-' || *p == '.' || *p == '_';
    }
    if (!ok) {
        error_setg(errp, "'%s' is not a valid block node name: it must "
                   "start with a letter and hold only letters, digits, "
                   "'-', '.' and '_'", name ? name : "");
    }
    return ok;
}

static BlockRegistryEntry *block_registry_lookup(BlockRegistry *reg,
                                                 const char *name)
{
    for (guint i = 0; i < reg->entries->len; i++) {
        BlockRegistryEntry *e = g_ptr_array_index(reg->entries, i);

        if (!strcmp(e->name, name)) {
            return e;
        }
    }
    return NULL;
}

static bool block_registry_name_available(BlockRegistry *reg,
                                          const char *name, Error **errp)
{
    if (!block_registry_check_name(name, errp)) {
        return false;
    }
    if (block_registry_lookup(reg, name)) {
        error_setg(errp, "duplicate block node name '%s'", name);
        return false;
    }
    return true;
}

bool block_registry_add(BlockRegistry *reg, const char *name,
                        BlockNode *node, Error **errp)
{
    g_assert(node);
    if (!block_registry_name_available(reg, name, errp)) {
        return false;
    }
    BlockRegistryEntry *e = g_new0(BlockRegistryEntry, 1);

    e->name = g_strdup(name);
    e->node = node;
    g_ptr_array_add(reg->entries, e);
    return true;
}

BlockNode *block_registry_open(BlockRegistry *reg, const QDict *opts,
                               Error **errp)
{
    const char *name = qdict_get_try_str(opts, "id");

    if (!name) {
        name = qdict_get_try_str(opts, "node-name");
    }
    if (!name) {
        error_setg(errp, "a block node needs a name: 'id' (-drive) or "
                   "'node-name' (blockdev-add)");
        return NULL;
    }
    /* Before the image is opened, so a clash never takes its lock. */
    if (!block_registry_name_available(reg, name, errp)) {
        return NULL;
    }
    BlockNode *node = block_file_open_from_options(opts, errp);

    if (!node) {
        return NULL;
    }
    block_registry_add(reg, name, node, &error_abort);
    block_registry_lookup(reg, name)->options =
        qobject_to(QDict, qobject_deep_copy(QOBJECT(opts)));
    return node;
}

const QDict *block_registry_get_options(BlockRegistry *reg, const char *name)
{
    BlockRegistryEntry *e = block_registry_lookup(reg, name);

    return e ? e->options : NULL;
}

bool block_registry_remove(BlockRegistry *reg, const char *name,
                           Error **errp)
{
    BlockRegistryEntry *e = block_registry_lookup(reg, name);

    if (!e) {
        error_set(errp, ERROR_CLASS_DEVICE_NOT_FOUND,
                  "drive '%s' not found", name);
        return false;
    }
    if (e->attached_device) {
        error_setg(errp, "Node '%s' is busy: it is attached to device '%s'",
                   name, e->attached_device);
        return false;
    }
    g_ptr_array_remove(reg->entries, e);
    return true;
}

BlockNode *block_registry_find(BlockRegistry *reg, const char *name)
{
    BlockRegistryEntry *e = block_registry_lookup(reg, name);

    return e ? e->node : NULL;
}

BlockNode *block_registry_attach(BlockRegistry *reg, const char *name,
                                 const char *device, Error **errp)
{
    BlockRegistryEntry *e = block_registry_lookup(reg, name);

    if (!e) {
        error_set(errp, ERROR_CLASS_DEVICE_NOT_FOUND,
                  "drive '%s' not found", name);
        return NULL;
    }
    if (e->attached_device) {
        error_setg(errp, "drive '%s' is already in use by device '%s'",
                   name, e->attached_device);
        return NULL;
    }
    e->attached_device = g_strdup(device);
    return e->node;
}

void block_registry_detach(BlockRegistry *reg, const char *name)
{
    BlockRegistryEntry *e = block_registry_lookup(reg, name);

    if (e) {
        g_clear_pointer(&e->attached_device, g_free);
    }
}

const char *block_registry_get_attached(BlockRegistry *reg,
                                        const char *name)
{
    BlockRegistryEntry *e = block_registry_lookup(reg, name);

    return e ? e->attached_device : NULL;
}

GPtrArray *block_registry_list(BlockRegistry *reg)
{
    GPtrArray *list =
        g_ptr_array_new_with_free_func((GDestroyNotify)block_node_info_free);

    for (guint i = 0; i < reg->entries->len; i++) {
        BlockRegistryEntry *e = g_ptr_array_index(reg->entries, i);
        BlockNodeInfo *info = g_new0(BlockNodeInfo, 1);

        info->name = g_strdup(e->name);
        info->path = g_strdup(block_file_get_path(e->node));
        info->read_only = block_file_is_read_only(e->node);
        info->size = block_file_get_size(e->node);
        info->attached_device = g_strdup(e->attached_device);
        g_ptr_array_add(list, info);
    }
    return list;
}
