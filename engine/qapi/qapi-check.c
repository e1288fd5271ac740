/* qapi-check SCHEMA.json: loads a QAPI schema with every check the code
 * generators rely on, then prints the first error (as FILE:LINE:COL:
 * message, the form editors jump to) or a one-line summary of what the
 * schema defines. Exits 0 when the schema is good, 1 otherwise. */
#include "qapi-schema.h"

#include <stdio.h>

int main(int argc, char **argv)
{
    g_autoptr(QapiSchema) schema = NULL;
    Error *err = NULL;
    unsigned counts[QAPI_ENTITY_QOM_TYPE + 1] = { 0 };
    unsigned implicit = 0;
    unsigned modules = 0;
    const GPtrArray *mods;
    QapiSchemaIter it;

    g_set_prgname("qapi-check");
    if (argc != 2) {
        fprintf(stderr, "usage: qapi-check SCHEMA.json\n");
        return 1;
    }
    schema = qapi_schema_load(argv[1], &err);
    if (!schema) {
        fprintf(stderr, "%s\n", error_get_pretty(err));
        error_free(err);
        return 1;
    }

    /* What the user wrote (and what it implies), not the built-ins. */
    qapi_schema_iter_init(&it, schema, QAPI_SCHEMA_ITER_ALL);
    for (const QapiEntity *e; (e = qapi_schema_iter_next(&it));) {
        if (e->module->builtin) {
            continue;
        }
        counts[e->kind]++;
        implicit += e->kind == QAPI_ENTITY_OBJECT && e->implicit;
    }
    mods = qapi_schema_get_modules(schema);
    for (guint i = 0; i < mods->len; i++) {
        const QapiModule *m = g_ptr_array_index(mods, i);

        modules += !m->builtin;
    }
    printf("%s: %u enums, %u objects (%u implicit), %u alternates, "
           "%u arrays, %u commands, %u events, %u qom-types; %u modules, "
           "%u doc comments\n",
           argv[1], counts[QAPI_ENTITY_ENUM], counts[QAPI_ENTITY_OBJECT],
           implicit, counts[QAPI_ENTITY_ALTERNATE], counts[QAPI_ENTITY_ARRAY],
           counts[QAPI_ENTITY_COMMAND], counts[QAPI_ENTITY_EVENT],
           counts[QAPI_ENTITY_QOM_TYPE], modules,
           qapi_schema_get_docs(schema)->len);
    return 0;
}
