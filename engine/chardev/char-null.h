/* The "null" back-end: output is discarded (the backlog still keeps it),
 * there is never input. Always open. */
#pragma once

#include "chardev.h"

#define TYPE_CHARDEV_NULL "chardev-null"

void char_null_register_types(void);
