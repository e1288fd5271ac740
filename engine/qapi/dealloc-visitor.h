/* Dealloc visitor: frees a QAPI-style value by walking it.
 *
 * Generated code uses it for qapi_free_Foo(): the walk frees strings, QObject
 * references, list nodes, alternates and structs as it leaves them, and
 * sets each freed pointer to NULL. It copes with the partial values a failed
 * input visit leaves behind: missing pieces are NULL and are skipped.
 * It never fails; every errp it gets may be NULL.
 */
#pragma once

#include "visitor.h"

Visitor *qapi_dealloc_visitor_new(void);
