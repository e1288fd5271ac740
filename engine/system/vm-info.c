/* VM name and accelerator: see vm-info.h. */
#include "vm-info.h"

#include "qapi-commands.h"

static char *vm_name;
static char *vm_accel;

void vm_info_set_name(const char *name)
{
    g_free(vm_name);
    vm_name = g_strdup(name);
}

const char *vm_info_get_name(void)
{
    return vm_name;
}

void vm_info_set_accel(const char *accel)
{
    g_free(vm_accel);
    vm_accel = g_strdup(accel);
}

const char *vm_info_get_accel(void)
{
    return vm_accel ? vm_accel : "tcg";
}

bool qmp_query_name(NameInfo **ret, Error **errp)
{
    NameInfo *info = g_new0(NameInfo, 1);

    info->name = g_strdup(vm_name);
    *ret = info;
    return true;
}

bool qmp_query_kvm(KvmInfo **ret, Error **errp)
{
    KvmInfo *info = g_new0(KvmInfo, 1);

    /* No KVM accelerator is built in yet: machines run on the
     * interpreter (or qtest). */
    info->enabled = g_str_equal(vm_info_get_accel(), "kvm");
    info->present = false;
    *ret = info;
    return true;
}
