/* The "file" back-end: output goes to a file (options: path, required;
 * append, default off: truncate). There is never input. Writes to a regular
 * file do not wait for a reader; a failed write counts its bytes as dropped
 * and is not retried. */
#pragma once

#include "chardev.h"

#define TYPE_CHARDEV_FILE "chardev-file"

void char_file_register_types(void);
