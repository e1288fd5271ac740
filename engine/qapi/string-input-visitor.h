/* String input visitor: parses one command-line value as the visited type.
 *
 * For -global, compat properties and object_property_parse(): the text is
 * a single scalar, read with qapi-util.h's rules (ints and uints in decimal
 * or 0x hex, sizes such as "256M", bools on/off/yes/no/true/false, numbers,
 * strings, enum names, "" for null), or a list of integers written as
 * ranges: "1,3-5" is 1, 3, 4, 5. "" is the empty list. Lists of any other
 * type, structs, alternates and 'any' cannot be written this way and are
 * errors, not crashes, since user text reaches them.
 *
 * The visitor keeps its own copy of str; values built belong to the
 * caller. Errors name the parameter (the name given to the visit; list
 * elements as "name[i]"), the type expected and the text:
 *     parameter 'ram' expects a size (a number with an optional
 *         k/M/G/T/P/E suffix), not 'abc'
 *     expected on/off, yes/no or true/false, not 'maybe'   (no name)
 *     parameter 'cpus' expects an ascending range, not '5-3'
 */
#pragma once

#include "visitor.h"

/* The most elements one list may expand to ("0-65535" is the limit). */
#define STRING_INPUT_LIST_MAX 65536

Visitor *string_input_visitor_new(const char *str);
