/* CPUs as the machine sees them: the abstract QOM type "cpu" every
 * target's CPU models derive from, and the questions QMP asks about CPUs
 * (query-cpus-fast, query-cpu-definitions, query-cpu-model-expansion).
 *
 * A CPU model's name is its type name less the suffix its target's
 * abstract type gives ("rv64-riscv-cpu" under "riscv-cpu" is "rv64"), so
 * -cpu rv64 and query-cpu-definitions agree without a second list.
 *
 * A CPU is a device without a bus; the board creates it (one per -smp
 * hart), so it lives under /machine where the board puts it. Ownership:
 * strings returned are the caller's. */
#pragma once

#include "qapi-types.h"
#include "qdev.h"

#define TYPE_CPU "cpu"

OBJECT_DECLARE_TYPE(CPUState, CPUClass, CPU)

struct CPUState {
    DeviceState parent_obj;
    int cpu_index;              /* set by the board, from 0 */
};

struct CPUClass {
    DeviceClass parent_class;
    SysEmuTarget target;
    /* `info registers` text; NULL: the CPU has nothing to show. */
    char *(*format_registers)(CPUState *cpu);
    /* Back to the reset state (the machine's reset calls it). */
    void (*reset)(CPUState *cpu);
};

/* Registers "cpu" (also done before main when this module is linked): a
 * target's CPU module calls it before registering its own types, which
 * links this module in. Safe to call more than once. */
void cpu_register_types(void);

/* The QOM type of CPU model `model` ("rv64"), or NULL with an error
 * ("unable to find CPU model 'x'"). */
char *cpu_model_to_type(const char *model, Error **errp);
/* The model name of a concrete CPU type. */
char *cpu_type_to_model(const char *type);
/* `-cpu help`'s text. */
char *cpu_help_text(void);
/* The machine's CPUs in cpu_index order (g_ptr_array_unref; lent). */
GPtrArray *cpu_list(void);
