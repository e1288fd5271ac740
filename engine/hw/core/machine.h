/* Machines: the board object at /machine and the machine types.
 *
 * A machine type is a concrete QOM subtype of "machine" named
 * "<name>-machine" (QEMU's rule): -machine none is "none-machine". Its
 * class says what the board is -- CPU limits and default CPU type, default
 * RAM size, whether it is the engine's default -- and its init() builds the
 * board: CPUs, RAM, devices. The schema declares the type and its
 * properties (kernel, initrd, append, dtb, dumpdtb, firmware, smp, memory);
 * its one-line description is the schema's doc.
 *
 * Life of a machine (engine/system drives it, QEMU's order):
 *   machine_create()      the object at /machine with its containers
 *                         (peripheral, peripheral-anon, unattached), the
 *                         system memory and I/O spaces, compat properties
 *                         registered as globals; properties not yet set
 *   object_set_props()    -machine's properties, -m, -smp
 *   machine_init()        RAM, then the class's init() (the board)
 *   ... -device, monitors ...
 *   machine_reset()       on system_reset: every device, then the board
 *
 * Ownership: the QOM tree owns the machine (machine_current() lends it);
 * the machine owns its memory regions and address spaces. One machine per
 * process. Fallible calls take Error **errp last and return false/NULL. */
#pragma once

#include "address-space.h"
#include "memory.h"
#include "object.h"
#include "qapi-qom.h"

#define MACHINE_TYPE_SUFFIX "-machine"

OBJECT_DECLARE_TYPE(MachineState, MachineClass, MACHINE)

struct MachineState {
    Object parent_obj;
    MachineProperties props;
    uint64_t ram_size;          /* from the memory property or the default */
    unsigned smp_cpus;          /* from the smp property or the default */
    MemoryRegion system_memory; /* the root of address_space_memory */
    MemoryRegion system_io;     /* the root of address_space_io */
    AddressSpace *address_space_memory;
    AddressSpace *address_space_io;
    MemoryRegion *ram;          /* main RAM, or NULL (ram_size 0) */
    char *cpu_type;             /* -cpu's QOM type, or the default */
    bool initialized;
};

struct MachineClass {
    ObjectClass parent_class;
    const char *name;               /* "none": the type name less -machine */
    const char *alias;              /* or NULL */
    bool is_default;
    unsigned min_cpus, max_cpus, default_cpus;
    uint64_t default_ram_size;
    const char *default_ram_id;     /* the RAM region's name */
    /* The QOM type of its CPUs without -cpu; NULL: it has none. */
    const char *default_cpu_type;
    /* Where RAM goes in system memory. */
    uint64_t ram_base;
    /* -global style "driver.property=value" strings applied to every
     * device created on this machine, board-made ones included, before
     * the user's -global (NULL-terminated; may be NULL). */
    const char *const *compat_props;
    /* Builds the board; RAM exists already. */
    bool (*init)(MachineState *ms, Error **errp);
    /* After every device was reset: the board's own reset (reset vector
     * ROM, CPU registers). NULL: nothing. */
    void (*reset)(MachineState *ms);
    /* The text `info mtree` and friends use is derived; nothing here. */
};

/* The class of a machine by name or alias; NULL with an error that lists
 * nothing ("unsupported machine type 'x'" and a hint to -machine help). */
MachineClass *machine_class_find(const char *name, Error **errp);
/* The class the engine uses without -machine. */
MachineClass *machine_class_default(void);
/* Every concrete machine class, sorted by name (g_slist_free it). */
GSList *machine_class_list(void);
/* The one-line description from the schema. */
const char *machine_class_desc(MachineClass *mc);
/* `-machine help`'s text. */
char *machine_help_text(void);

/* See the top. machine_create() refuses a second machine. */
MachineState *machine_create(MachineClass *mc, Error **errp);
bool machine_init(MachineState *ms, Error **errp);
void machine_reset(MachineState *ms);
/* The machine, or NULL before machine_create(). */
MachineState *machine_current(void);
/* Destroys the machine (tests; the engine exits instead). */
void machine_destroy(void);

/* The `info mtree` text of the machine's address spaces. */
char *machine_mtree_text(MachineState *ms, bool flat, bool show_disabled);
