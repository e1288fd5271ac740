/* What the engine knows about its VM beyond the machine: the name given
 * with -name (query-name, the window title of a front-end) and the
 * accelerator in use (query-kvm). Process-wide, like the run state.
 * Strings returned are lent until the next set. */
#pragma once

#include <stdbool.h>

void vm_info_set_name(const char *name);
const char *vm_info_get_name(void);         /* NULL: none given */

/* The accelerator's name as -accel takes it ("tcg", "qtest", "kvm"). */
void vm_info_set_accel(const char *accel);
const char *vm_info_get_accel(void);
