/* Catalog: what an engine offers, read from the engine itself.
 *
 * catalog_load() starts `quern-engine -M none -nodefaults -display none`
 * once with a QMP socket in a temporary directory and asks it:
 * query-version, query-machines, query-cpu-definitions, qom-list-types
 * (devices, not abstract) and device-list-properties for each device. The
 * answers are kept as one JSON document in $XDG_CACHE_HOME/quern/catalog/
 * under a key made of the engine's path, size and mtime, so a rebuilt
 * engine gets a fresh catalog and an unchanged one costs a file read.
 * Nothing about machines or devices is hard-coded in the front-end.
 *
 * The document (catalog_get_data):
 *   {"key": ..., "engine": PATH, "version": {query-version},
 *    "machines": [query-machines], "cpus": [query-cpu-definitions],
 *    "devices": {"NAME": {"parent": ..., "properties":
 *                         [device-list-properties]}}}
 * A property is {"name", "type", "description"?, "default-value"?} as the
 * engine answers; a property whose type is an enum of the engine's schema
 * also gets "enum": [its values], from query-qmp-schema (asked only when
 * some property needs it).
 *
 * Ownership: a Catalog owns its document; everything returned is borrowed
 * from it. */
#pragma once

#include "error.h"
#include "qdict.h"
#include "qlist.h"

typedef struct Catalog Catalog;

/* engine NULL: app_paths_engine(). */
Catalog *catalog_load(const char *engine, Error **errp);
void catalog_free(Catalog *cat);
/* Whether the last catalog_load() read the cache rather than the engine. */
bool catalog_was_cached(const Catalog *cat);

QDict *catalog_get_data(const Catalog *cat);
QList *catalog_get_machines(const Catalog *cat);
QList *catalog_get_cpus(const Catalog *cat);
QDict *catalog_get_devices(const Catalog *cat);

/* The entry named name in machines / cpus, or NULL. */
QDict *catalog_find_machine(const Catalog *cat, const char *name);
QDict *catalog_find_cpu(const Catalog *cat, const char *name);
/* A device type's properties, or NULL when there is no such device. */
QList *catalog_find_device_properties(const Catalog *cat, const char *name);
QDict *catalog_find_property(const Catalog *cat, const char *device,
                             const char *property);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(Catalog, catalog_free)
