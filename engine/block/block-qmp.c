/* The block QMP commands: blockdev-add, blockdev-del and query-block
 * (engine/qapi/schema/block.json), over the process's block registry. The
 * same registry call opens -drive, -blockdev and blockdev-add nodes. */
#include "block-registry.h"

#include "qapi-commands.h"

/* blockdev-add's marshaller: its arguments are open-ended (gen: false). */
bool qmp_blockdev_add(QDict *args, QObject **ret, Error **errp)
{
    if (!qdict_get_try_str(args, "node-name")) {
        error_setg(errp, "Parameter 'node-name' is missing");
        return false;
    }
    return block_registry_open(block_registry_default(), args, errp) != NULL;
}

bool qmp_blockdev_del(const char *node_name, Error **errp)
{
    return block_registry_remove(block_registry_default(), node_name, errp);
}

bool qmp_query_block(BlockInfoList **ret, Error **errp)
{
    BlockRegistry *reg = block_registry_default();
    g_autoptr(GPtrArray) nodes = block_registry_list(reg);
    BlockInfoList *list = NULL, **tail = &list;

    for (guint i = 0; i < nodes->len; i++) {
        BlockNodeInfo *node = g_ptr_array_index(nodes, i);
        const QDict *opts = block_registry_get_options(reg, node->name);
        BlockInfo *info = g_new0(BlockInfo, 1);
        BlockDeviceInfo *medium = g_new0(BlockDeviceInfo, 1);

        /* -drive's id names the drive; a -blockdev node has only a node
         * name, and QEMU shows it with an empty device. */
        info->device = g_strdup(opts && qdict_haskey(opts, "id")
                                ? node->name : "");
        info->qdev = g_strdup(node->attached_device);
        info->type = g_strdup("unknown");
        medium->file = g_strdup(node->path);
        medium->node_name = g_strdup(node->name);
        medium->ro = node->read_only;
        medium->drv = g_strdup("raw");
        medium->image = g_new0(ImageInfo, 1);
        medium->image->filename = g_strdup(node->path);
        medium->image->format = g_strdup("raw");
        medium->image->virtual_size = (int64_t)node->size;
        info->inserted = medium;
        *tail = g_new0(BlockInfoList, 1);
        (*tail)->value = info;
        tail = &(*tail)->next;
    }
    *ret = list;
    return true;
}
