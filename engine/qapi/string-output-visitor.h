/* String output visitor: prints one value as text.
 *
 * Two forms:
 *   plain (human = false): what a user would type to set it again, and
 *       what the string input visitor reads back: ints and uints in
 *       decimal, sizes as a byte count, bools "true"/"false", numbers in
 *       their shortest exact form, strings and enum names as they are,
 *       null as "", integer lists as ranges ("1-3,5");
 *   human (human = true): as `info qtree` shows properties: ints "10 (0xa)"
 *       (negative ones "-1 (-0x1)"), sizes "4096 (4 KiB)", strings quoted
 *       ("\"abc\"", not escaped: this is for reading, not parsing), bools
 *       true/false, enums by bare name, null "null", integer lists
 *       "1-3,5 (0x1-0x3,0x5)".
 * A list of another scalar type is printed comma-separated. Structs,
 * lists of lists and 'any' have no string form: those visits fail with
 * "parameter 'x' cannot be printed as a string".
 *
 * visit_complete(v, result), with the result pointer given here, stores a
 * new string in *result; g_free() it.
 */
#pragma once

#include "visitor.h"

Visitor *string_output_visitor_new(bool human, char **result);
