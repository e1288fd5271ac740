/* The `info` subcommands of HMP: status, version, name, kvm, cpus,
 * chardev, block and machines print QMP replies (query-status,
 * query-version, query-name, query-kvm, query-cpus-fast, query-chardev,
 * query-block / query-named-block-nodes, query-machines) in QEMU 7.2's
 * layout; qtree, qom-tree, mtree and registers, which have no QMP twin,
 * read the engine (qtree.h, object-path.h, and the machine's providers
 * in hmp.h).
 *
 * Ownership: the table is static. */
#pragma once

#include "hmp-commands.h"

/* Ended by an entry with a NULL name. */
extern const HmpCommand hmp_info_commands[];
