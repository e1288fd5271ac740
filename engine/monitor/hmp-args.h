/* Typing HMP's key=value text for QMP: the words of device_add,
 * object_add and chardev-add arrive as strings (keyval.h), while QMP's
 * arguments are typed. Each string whose destination is a boolean, an
 * integer, a size or a number -- as the command's schema says
 * (query-qmp-schema) or, for properties the schema leaves open, as the QOM
 * type says (qom-list-properties) -- becomes one when it reads as one
 * ("on", "42", "64M", "0.5", with qapi-util.h's parsers). Anything else
 * stays a string, so the command reports what it expected in its own
 * words. Both ask QMP, quietly: a command or type that is not there leaves
 * the text as it is.
 *
 * The dicts are changed in place; nothing is kept. */
#pragma once

#include "hmp.h"

/* args: the arguments of QMP command `command`, strings from keyval. */
void hmp_args_type_by_schema(Hmp *hmp, const char *command, QDict *args);
/* props: properties of an object of QOM type `typename`. */
void hmp_args_type_by_qom_type(Hmp *hmp, const char *typename,
                               QDict *props);
