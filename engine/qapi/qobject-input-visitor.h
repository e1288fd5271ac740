/* QObject input visitor: builds a C value from a QObject, strictly.
 *
 * Two flavours:
 *   qobject_input_visitor_new()         JSON as QMP sends it: every scalar
 *       must already have its type (an integer for an int, a boolean for a
 *       bool);
 *   qobject_input_visitor_new_keyval()  what -device, -object and config
 *       groups produce: dicts and lists as usual, but every scalar is a
 *       string parsed per the visited type ("on" for a bool, "256M" for a
 *       size, "42" for an int), with qapi-util.h's rules.
 *
 * Both take their own reference to obj; the caller keeps its own. The
 * values built belong to the caller (see visitor.h; after a failed visit,
 * free the partial result with the dealloc visitor).
 *
 * Errors name the member's full path, list indexes included:
 *     parameter 'boot.id' is missing
 *     parameter 'cpus[2].id' expects an integer
 *     parameter 'cpus[0].speed' is unexpected      (at visit_check_struct)
 *     parameter 'cores' expects a value between 0 and 255
 *     parameter 'ram' expects a size (...), not '12Q'        (keyval)
 * An unnamed top-level value has no path: "expected an object".
 * Unsigned members refuse negative numbers (no two's-complement wrap), and
 * integer members refuse numbers with a fraction or exponent.
 * In keyval form every scalar reaches an alternate as a string, so its
 * type reads QTYPE_QSTRING whatever the text says.
 */
#pragma once

#include "visitor.h"

Visitor *qobject_input_visitor_new(QObject *obj);
Visitor *qobject_input_visitor_new_keyval(QObject *obj);
