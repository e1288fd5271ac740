/* Visitors: one walk over a typed C value, in one of four directions.
 *
 * Generated QAPI code and QOM property accessors describe a value once, as a
 * sequence of visit_*() calls (start a struct, visit each member, end it);
 * which visitor walks it decides what happens:
 *   input    builds the C value from something else (a QObject, a
 *            command-line string);
 *   output   turns the C value into something else (a QObject, a string);
 *   clone    deep-copies the C value;
 *   dealloc  frees it.
 *
 * The calls for a struct `Foo { int64_t a; bool has_b; char *b; }`:
 *
 *     if (!visit_start_struct(v, name, (void **)&obj, sizeof(Foo), errp)) {
 *         return false;
 *     }
 *     bool ok = visit_type_int(v, "a", &obj->a, errp) &&
 *               (!visit_optional(v, "b", &obj->has_b) ||
 *                visit_type_str(v, "b", &obj->b, errp)) &&
 *               visit_check_struct(v, errp);
 *     visit_end_struct(v, (void **)&obj);
 *
 * A list is a singly linked list of nodes that start with GenericList:
 *
 *     visit_start_list(v, name, (GenericList **)&head, sizeof(*head), errp);
 *     for (tail = head; tail; tail = (T *)visit_next_list(v, (GenericList *)tail,
 *                                                          sizeof(*head))) {
 *         visit_type_X(v, NULL, &tail->value, errp);
 *     }
 *     visit_check_list(v, errp); visit_end_list(v, (void **)&head);
 *
 * Names: members of a struct are visited by name; list elements and the top
 * level take NULL. Input visitors allocate what they build (structs
 * zero-filled, strings g_malloc'd) and, when a visit fails, the caller frees
 * the partial result with the dealloc visitor. Errors name the member's full
 * path ("drive.cache.direct", "cpus[2]") and the type expected.
 *
 * Every visit_*() that can fail takes Error **errp and returns false on
 * failure. visit_free() frees a visitor of any kind; visit_complete() hands
 * an output or clone visitor's result to the pointer given at creation.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "qobject.h"

typedef struct Visitor Visitor;

/* The node every list type starts with. */
typedef struct GenericList {
    struct GenericList *next;
    char padding[];
} GenericList;

/* The head every alternate type starts with: which branch it holds. */
typedef struct GenericAlternate {
    QType type;
    char padding[];
} GenericAlternate;

/* An enum's names, indexed by value. */
typedef struct QEnumLookup {
    const char *const *array;
    int size;
} QEnumLookup;

typedef enum VisitorType {
    VISITOR_INPUT = 1,
    VISITOR_OUTPUT = 2,
    VISITOR_CLONE = 3,
    VISITOR_DEALLOC = 4,
} VisitorType;

/* Structs. *obj may be NULL on input to only check that the member exists
 * and is a dict (then nothing is allocated). */
bool visit_start_struct(Visitor *v, const char *name, void **obj,
                        size_t size, Error **errp);
/* Fails when an input visitor saw members that nothing visited. */
bool visit_check_struct(Visitor *v, Error **errp);
void visit_end_struct(Visitor *v, void **obj);

bool visit_start_list(Visitor *v, const char *name, GenericList **list,
                      size_t size, Error **errp);
GenericList *visit_next_list(Visitor *v, GenericList *tail, size_t size);
bool visit_check_list(Visitor *v, Error **errp);
void visit_end_list(Visitor *v, void **list);

/* An alternate: input visitors set (*obj)->type from what they find (the
 * QType of the value). */
bool visit_start_alternate(Visitor *v, const char *name,
                           GenericAlternate **obj, size_t size,
                           Error **errp);
void visit_end_alternate(Visitor *v, void **obj);

/* For generated alternates, when an input visitor found a value no branch
 * takes: "parameter 'x' expects a string or an object". accepted is a
 * NULL-terminated list of what the branches compiled in accept ("a string",
 * "an object"), so a branch a condition left out is not offered. */
void visit_alternate_error(Visitor *v, const char *name,
                           const char *const *accepted, Error **errp);

/* Whether the optional member `name` is present. Input visitors look; other
 * visitors report *present as they find it. Returns the new *present. */
bool visit_optional(Visitor *v, const char *name, bool *present);

bool visit_type_int(Visitor *v, const char *name, int64_t *obj, Error **errp);
bool visit_type_int8(Visitor *v, const char *name, int8_t *obj, Error **errp);
bool visit_type_int16(Visitor *v, const char *name, int16_t *obj,
                      Error **errp);
bool visit_type_int32(Visitor *v, const char *name, int32_t *obj,
                      Error **errp);
bool visit_type_int64(Visitor *v, const char *name, int64_t *obj,
                      Error **errp);
bool visit_type_uint8(Visitor *v, const char *name, uint8_t *obj,
                      Error **errp);
bool visit_type_uint16(Visitor *v, const char *name, uint16_t *obj,
                       Error **errp);
bool visit_type_uint32(Visitor *v, const char *name, uint32_t *obj,
                       Error **errp);
bool visit_type_uint64(Visitor *v, const char *name, uint64_t *obj,
                       Error **errp);
/* A byte count: string visitors read and write "256M", "4 KiB". */
bool visit_type_size(Visitor *v, const char *name, uint64_t *obj,
                     Error **errp);
bool visit_type_bool(Visitor *v, const char *name, bool *obj, Error **errp);
/* Input: *obj becomes a new string. Output: *obj is read (NULL outputs ""). */
bool visit_type_str(Visitor *v, const char *name, char **obj, Error **errp);
bool visit_type_number(Visitor *v, const char *name, double *obj,
                       Error **errp);
/* Any JSON value: input gives a new reference, output takes nothing. */
bool visit_type_any(Visitor *v, const char *name, QObject **obj,
                    Error **errp);
bool visit_type_null(Visitor *v, const char *name, QNull **obj,
                     Error **errp);
/* An enum travels as its name; an unknown name or out-of-range value is an
 * error that lists the valid names. */
bool visit_type_enum(Visitor *v, const char *name, int *obj,
                     const QEnumLookup *lookup, Error **errp);

/* The full path of member `name` of the value being visited, as errors
 * name it ("cpus[2].id"); NULL for an unnamed top-level value. For code
 * that reports its own errors about a visited value, such as a property
 * setter that rejects a well-typed value. g_free() it. */
char *visit_get_path(Visitor *v, const char *name);

VisitorType visit_get_type(const Visitor *v);
bool visit_is_input(const Visitor *v);
bool visit_is_dealloc(const Visitor *v);

/* Output and clone visitors: store the result where the constructor said. */
void visit_complete(Visitor *v, void *result);
void visit_free(Visitor *v);

static inline void visit_free_cleanup(Visitor *v)
{
    visit_free(v);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC(Visitor, visit_free_cleanup)

/* The name of value `value` in lookup; asserts it is in range. */
const char *qapi_enum_lookup(const QEnumLookup *lookup, int value);
/* Sets *value to the value named `name`; false, with an error listing the
 * valid names, when there is none (*value untouched). */
bool qapi_enum_parse(const QEnumLookup *lookup, const char *name, int *value,
                     Error **errp);
