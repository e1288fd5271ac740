/* A small QAPI schema's types and visit functions, written by hand the way
 * the generator will emit them, so the visitor tests can walk real shapes:
 *
 *   { 'enum': 'Color', 'data': [ 'red', 'green', 'blue' ] }
 *   { 'struct': 'Cpu', 'data': { 'id': 'uint32', 'online': 'bool' } }
 *   { 'alternate': 'Limit', 'data': { 'count': 'int', 'name': 'str' } }
 *   { 'struct': 'Machine',
 *     'data': { 'name': 'str', '*label': 'str', 'cores': 'uint8',
 *               'bias': 'int8', 'ram': 'size', 'serial': 'uint64',
 *               'boot': 'Cpu', 'cpus': [ 'Cpu' ], 'color': 'Color',
 *               'limit': 'Limit', '*extra': 'any' } }
 *
 * plus intList. A failed input visit leaves a partial value for the
 * caller to free with qapi_free_*() (see visitor.h). */
#pragma once

#include "visitor.h"

typedef enum Color {
    COLOR_RED,
    COLOR_GREEN,
    COLOR_BLUE,
    COLOR__MAX,
} Color;

extern const QEnumLookup Color_lookup;

typedef struct Cpu {
    uint32_t id;
    bool online;
} Cpu;

typedef struct CpuList {
    struct CpuList *next;
    Cpu *value;
} CpuList;

typedef struct intList {
    struct intList *next;
    int64_t value;
} intList;

typedef struct Limit {
    QType type;
    union {
        int64_t count;      /* QTYPE_QNUM */
        char *name;         /* QTYPE_QSTRING */
    } u;
} Limit;

typedef struct Machine {
    char *name;
    bool has_label;
    char *label;
    uint8_t cores;
    int8_t bias;
    uint64_t ram;
    uint64_t serial;
    Cpu *boot;
    CpuList *cpus;
    Color color;
    Limit *limit;
    bool has_extra;
    QObject *extra;
} Machine;

bool visit_type_Color(Visitor *v, const char *name, Color *obj,
                      Error **errp);
bool visit_type_Cpu(Visitor *v, const char *name, Cpu **obj, Error **errp);
bool visit_type_CpuList(Visitor *v, const char *name, CpuList **obj,
                        Error **errp);
bool visit_type_intList(Visitor *v, const char *name, intList **obj,
                        Error **errp);
bool visit_type_Limit(Visitor *v, const char *name, Limit **obj,
                      Error **errp);
bool visit_type_Machine(Visitor *v, const char *name, Machine **obj,
                        Error **errp);

void qapi_free_Cpu(Cpu *obj);
void qapi_free_CpuList(CpuList *obj);
void qapi_free_intList(intList *obj);
void qapi_free_Limit(Limit *obj);
void qapi_free_Machine(Machine *obj);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(Machine, qapi_free_Machine)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(Cpu, qapi_free_Cpu)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(intList, qapi_free_intList)

/* A fully populated Machine, every member set (label and extra present). */
Machine *qapi_example_machine_new(void);
