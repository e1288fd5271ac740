/* Device trees: a growing libfdt blob edited by node path. */
#include "device-tree.h"

#include "loader.h"

#include <libfdt.h>
#include <limits.h>
#include <string.h>

/* A board's tree is a few KiB; a user's -dtb rarely passes 1 MiB. The
 * bound stops a runaway (a huge -append, a corrupt -dtb) from growing the
 * blob without end. */
#define DEVICE_TREE_MAX_SIZE ((size_t)32 << 20)
#define DEVICE_TREE_INITIAL_SIZE ((size_t)4096)

struct DeviceTree {
    void *fdt;                  /* owned; alloc bytes */
    size_t alloc;
    uint32_t next_phandle;      /* 0: not yet known */
};

DeviceTree *device_tree_new(void)
{
    DeviceTree *dt = g_new0(DeviceTree, 1);
    int err;

    dt->alloc = DEVICE_TREE_INITIAL_SIZE;
    dt->fdt = g_malloc0(dt->alloc);
    err = fdt_create_empty_tree(dt->fdt, dt->alloc);
    g_assert(err == 0);
    return dt;
}

void device_tree_free(DeviceTree *dt)
{
    if (!dt) {
        return;
    }
    g_free(dt->fdt);
    g_free(dt);
}

DeviceTree *device_tree_new_from_blob(const void *blob, size_t size,
                                      Error **errp)
{
    int err;

    if (size < FDT_V1_SIZE || size > DEVICE_TREE_MAX_SIZE) {
        error_setg(errp, "device tree: a blob of %zu bytes is not a device "
                   "tree", size);
        return NULL;
    }
    err = fdt_check_full(blob, size);
    if (err) {
        error_setg(errp, "device tree: invalid blob: %s", fdt_strerror(err));
        return NULL;
    }

    g_autoptr(DeviceTree) dt = g_new0(DeviceTree, 1);

    /* Room to edit: the blob's own size again, at least the initial. */
    dt->alloc = MAX(2 * (size_t)fdt_totalsize(blob),
                    DEVICE_TREE_INITIAL_SIZE);
    dt->fdt = g_malloc0(dt->alloc);
    err = fdt_open_into(blob, dt->fdt, dt->alloc);
    if (err) {
        error_setg(errp, "device tree: cannot open blob: %s",
                   fdt_strerror(err));
        return NULL;
    }
    return g_steal_pointer(&dt);
}

DeviceTree *device_tree_new_from_file(const char *path, Error **errp)
{
    g_autoptr(GBytes) data = loader_read_file(path, DEVICE_TREE_MAX_SIZE,
                                              errp);
    Error *err = NULL;
    DeviceTree *dt;

    if (!data) {
        return NULL;
    }
    dt = device_tree_new_from_blob(g_bytes_get_data(data, NULL),
                                   g_bytes_get_size(data), &err);
    if (!dt) {
        error_prepend(&err, "'%s': ", path);
        error_propagate(errp, err);
    }
    return dt;
}

/* Doubles the blob's free space, within DEVICE_TREE_MAX_SIZE. */
static bool grow(DeviceTree *dt)
{
    size_t want = MAX(2 * (size_t)fdt_totalsize(dt->fdt),
                      DEVICE_TREE_INITIAL_SIZE);
    int err;

    if (want > DEVICE_TREE_MAX_SIZE) {
        return false;
    }
    if (want > dt->alloc) {
        void *bigger = g_malloc0(want);

        err = fdt_open_into(dt->fdt, bigger, want);
        g_assert(err == 0);
        g_free(dt->fdt);
        dt->fdt = bigger;
        dt->alloc = want;
    } else {
        err = fdt_open_into(dt->fdt, dt->fdt, want);   /* after a pack */
        g_assert(err == 0);
    }
    return true;
}

static int node_offset(DeviceTree *dt, const char *path, Error **errp)
{
    int off = fdt_path_offset(dt->fdt, path);

    if (off < 0) {
        error_setg(errp, "device tree: node '%s': %s", path,
                   fdt_strerror(off));
    }
    return off;
}

bool device_tree_node_exists(DeviceTree *dt, const char *path)
{
    return fdt_path_offset(dt->fdt, path) >= 0;
}

/* Adds child name (len bytes) under the node at parent_path. */
static bool add_subnode(DeviceTree *dt, const char *parent_path,
                        const char *name, int len, const char *path,
                        Error **errp)
{
    for (;;) {
        int parent = node_offset(dt, parent_path, errp);
        int err;

        if (parent < 0) {
            return false;
        }
        err = fdt_add_subnode_namelen(dt->fdt, parent, name, len);
        if (err == -FDT_ERR_NOSPACE && grow(dt)) {
            continue;
        }
        if (err < 0) {
            error_setg(errp, "device tree: adding node '%s': %s", path,
                       fdt_strerror(err));
            return false;
        }
        return true;
    }
}

bool device_tree_add_node(DeviceTree *dt, const char *path, Error **errp)
{
    size_t n = strlen(path);

    if (path[0] != '/' || n < 2 || path[n - 1] == '/' ||
        strstr(path, "//")) {
        error_setg(errp, "device tree: '%s' is not a node path", path);
        return false;
    }
    if (device_tree_node_exists(dt, path)) {
        error_setg(errp, "device tree: node '%s' already exists", path);
        return false;
    }

    /* Walk the components, creating each one that is missing. */
    for (const char *comp = path + 1;;) {
        const char *slash = strchr(comp, '/');
        const char *end = slash ? slash : comp + strlen(comp);
        g_autofree char *node = g_strndup(path, end - path);
        g_autofree char *parent = comp - 1 == path ?
            g_strdup("/") : g_strndup(path, comp - 1 - path);

        if (!device_tree_node_exists(dt, node) &&
            !add_subnode(dt, parent, comp, end - comp, node, errp)) {
            return false;
        }
        if (!*end) {
            return true;
        }
        comp = end + 1;
    }
}

bool device_tree_set_prop(DeviceTree *dt, const char *path, const char *name,
                          const void *value, size_t len, Error **errp)
{
    if (len > INT_MAX) {
        error_setg(errp, "device tree: setting '%s' property '%s': %zu bytes "
                   "is too long", path, name, len);
        return false;
    }
    for (;;) {
        int off = node_offset(dt, path, errp);
        int err;

        if (off < 0) {
            return false;
        }
        err = fdt_setprop(dt->fdt, off, name, value, (int)len);
        if (err == -FDT_ERR_NOSPACE && grow(dt)) {
            continue;
        }
        if (err) {
            error_setg(errp, "device tree: setting '%s' property '%s': %s",
                       path, name, fdt_strerror(err));
            return false;
        }
        return true;
    }
}

bool device_tree_set_prop_empty(DeviceTree *dt, const char *path,
                                const char *name, Error **errp)
{
    return device_tree_set_prop(dt, path, name, NULL, 0, errp);
}

bool device_tree_set_prop_u32(DeviceTree *dt, const char *path,
                              const char *name, uint32_t value, Error **errp)
{
    fdt32_t be = cpu_to_fdt32(value);

    return device_tree_set_prop(dt, path, name, &be, sizeof(be), errp);
}

bool device_tree_set_prop_u64(DeviceTree *dt, const char *path,
                              const char *name, uint64_t value, Error **errp)
{
    fdt64_t be = cpu_to_fdt64(value);

    return device_tree_set_prop(dt, path, name, &be, sizeof(be), errp);
}

bool device_tree_set_prop_cells(DeviceTree *dt, const char *path,
                                const char *name, const uint32_t *cells,
                                size_t n, Error **errp)
{
    g_autofree fdt32_t *be = g_new(fdt32_t, n ? n : 1);

    for (size_t i = 0; i < n; i++) {
        be[i] = cpu_to_fdt32(cells[i]);
    }
    return device_tree_set_prop(dt, path, name, be, n * sizeof(*be), errp);
}

bool device_tree_set_prop_string(DeviceTree *dt, const char *path,
                                 const char *name, const char *value,
                                 Error **errp)
{
    return device_tree_set_prop(dt, path, name, value, strlen(value) + 1,
                                errp);
}

bool device_tree_set_prop_strings(DeviceTree *dt, const char *path,
                                  const char *name, const char *const *strv,
                                  Error **errp)
{
    g_autoptr(GString) list = g_string_new(NULL);

    for (size_t i = 0; strv[i]; i++) {
        g_string_append_len(list, strv[i], strlen(strv[i]) + 1);
    }
    return device_tree_set_prop(dt, path, name, list->str, list->len, errp);
}

const void *device_tree_get_prop(DeviceTree *dt, const char *path,
                                 const char *name, size_t *len,
                                 Error **errp)
{
    int off = node_offset(dt, path, errp);
    int n = 0;
    const void *value;

    if (off < 0) {
        return NULL;
    }
    value = fdt_getprop(dt->fdt, off, name, &n);
    if (!value) {
        error_setg(errp, "device tree: node '%s' property '%s': %s", path,
                   name, fdt_strerror(n));
        return NULL;
    }
    if (len) {
        *len = n;
    }
    return value;
}

uint32_t device_tree_alloc_phandle(DeviceTree *dt)
{
    if (dt->next_phandle == 0) {
        uint32_t max = 0;

        if (fdt_find_max_phandle(dt->fdt, &max) < 0) {
            max = 0;
        }
        dt->next_phandle = max + 1;
    }
    /* 0 and 0xffffffff are not phandles: a tree that used the last one
     * cannot be given more. */
    g_assert(dt->next_phandle != 0 && dt->next_phandle != UINT32_MAX);
    return dt->next_phandle++;
}

bool device_tree_set_phandle(DeviceTree *dt, const char *path,
                             uint32_t phandle, Error **errp)
{
    return device_tree_set_prop_u32(dt, path, "phandle", phandle, errp);
}

uint32_t device_tree_get_phandle(DeviceTree *dt, const char *path,
                                 Error **errp)
{
    int off = node_offset(dt, path, errp);
    uint32_t phandle;

    if (off < 0) {
        return 0;
    }
    phandle = fdt_get_phandle(dt->fdt, off);
    if (phandle) {
        return phandle;
    }
    phandle = device_tree_alloc_phandle(dt);
    return device_tree_set_phandle(dt, path, phandle, errp) ? phandle : 0;
}

void device_tree_finish(DeviceTree *dt)
{
    int err = fdt_pack(dt->fdt);

    g_assert(err == 0);
}

const void *device_tree_get_blob(DeviceTree *dt, size_t *size)
{
    *size = fdt_totalsize(dt->fdt);
    return dt->fdt;
}

bool device_tree_save(DeviceTree *dt, const char *path, Error **errp)
{
    g_autoptr(GError) gerr = NULL;

    if (!g_file_set_contents(path, dt->fdt, fdt_totalsize(dt->fdt), &gerr)) {
        error_setg(errp, "device tree: %s", gerr->message);
        return false;
    }
    return true;
}
