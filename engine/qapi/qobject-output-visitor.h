/* QObject output visitor: turns a C value into a QObject.
 *
 * Integers become exact numbers: int types a signed QNum, uint types and
 * sizes an unsigned one (so 18446744073709551615 survives); an optional
 * member appears only when present; a NULL string is written as "".
 * visit_complete(v, result) hands the finished QObject (a new reference) to
 * *result, where result is the pointer given here; a visitor freed without
 * completing drops what it built. Output cannot fail except where
 * visitor.c says so (an enum value with no name).
 */
#pragma once

#include "visitor.h"

Visitor *qobject_output_visitor_new(QObject **result);
