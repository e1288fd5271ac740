/* Unix stream sockets: a connected, close-on-exec descriptor for a path.
 * Fails with the path and the reason ("connect to '/x/qmp.sock': Connection
 * refused"); a path too long for sockaddr_un is an error, not truncated. */
#pragma once

#include <stdbool.h>

#include "error.h"

/* Returns the descriptor (the caller closes it) or -1. */
int unix_socket_connect(const char *path, Error **errp);
