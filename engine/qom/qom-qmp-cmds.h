/* QOM over QMP: the handlers of qom-list, qom-get, qom-set, qom-list-types
 * and qom-list-properties (qmp_qom_*(), declared in the engine's generated
 * qapi-commands.h), and the path lookup they share. This header includes
 * no generated one, so a file may use it beside another schema's.
 *
 * qom-list, qom-get and qom-set name an object by path: absolute, or a
 * partial path that reaches exactly one object (object-path.h). Values
 * travel through the QObject visitors, so qom-set is as strictly typed as
 * any QMP argument and qom-get gives exact numbers (uint64 included); a
 * child or link property reads as the path of the object it names. qom-set
 * goes through the property's setter, so the freeze rules apply: on a
 * realized device or a completed user object only runtime properties may
 * change (object-freeze.h). Both qom-list and qom-list-properties say
 * which those are: `runtime: true` (a Quern extension, sent only when
 * true) on a property the schema gives the `runtime` feature.
 *
 * qom-list-types and qom-list-properties create no object: the first reads
 * the type table, the second the class properties of the type, with the
 * schema's type, description and default for every property the schema
 * declares. A type the schema declares but this program does not register
 * is answered from the schema, below the class properties of its nearest
 * registered ancestor.
 *
 * Ownership: lists and values handed out through the handlers' ret
 * parameters are new (the generated marshallers free them); objects are
 * lent.
 *
 * Failures, one line each, in QEMU's classes and (for paths) its words:
 *   DeviceNotFound  "Device 'x' not found"        no object at the path
 *   GenericError    "Path 'x' is ambiguous"       a partial path that
 *                                                 reaches two objects (QEMU
 *                                                 says so for qom-list only;
 *                                                 here all three do)
 *   GenericError    "unknown type 'x'"            qom-list-properties
 *   GenericError    the property's own errors (object-property.h):
 *                   "property 'x' not found on type 'y'", "... is not
 *                   writable", "parameter 'x' expects an integer", the
 *                   freeze refusal.
 */
#pragma once

#include "object.h"

/* The object path names, lent; NULL with the errors above. */
Object *qom_qmp_cmds_resolve_path(const char *path, Error **errp);
