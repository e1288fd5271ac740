/* qapi-gen: generates C and documentation from a QAPI schema.
 *
 *   qapi-gen [-o DIR] [-p PREFIX] [-b BACKEND,...] [-u] SCHEMA.json
 *   qapi-gen --introspect [--masked] SCHEMA.json
 *   qapi-gen --check SCHEMA.json
 *
 * The first form writes the backends' files (all of them unless -b picks
 * some); --introspect prints the query-qmp-schema answer as JSON with the
 * schema's own type names (numbered as a running engine reports them with
 * --masked); --check only loads and checks the schema. -u keeps the names
 * in the generated introspection code too. A
 * schema error prints "FILE:LINE:COL: message" and exits 1. */
#include "qapi-gen.h"
#include "qjson.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

typedef struct QapiGenBackend {
    const char *name;
    bool (*run)(const QapiGenContext *ctx, Error **errp);
} QapiGenBackend;

static const QapiGenBackend backends[] = {
    { "types", qapi_gen_types },
    { "visit", qapi_gen_visit },
    { "commands", qapi_gen_commands },
    { "events", qapi_gen_events },
    { "introspect", qapi_gen_introspect },
    { "qom", qapi_gen_qom },
    { "docs", qapi_gen_docs },
};

static bool run_backends(const QapiGenContext *ctx, const char *only,
                         Error **errp)
{
    g_auto(GStrv) wanted = only ? g_strsplit(only, ",", -1) : NULL;

    for (guint i = 0; wanted && wanted[i]; i++) {
        bool known = false;
        for (size_t b = 0; b < G_N_ELEMENTS(backends); b++) {
            known |= g_str_equal(wanted[i], backends[b].name);
        }
        if (!known) {
            error_setg(errp, "unknown backend '%s' (expected types, visit, "
                       "commands, events, introspect, qom or docs)",
                       wanted[i]);
            return false;
        }
    }
    for (size_t b = 0; b < G_N_ELEMENTS(backends); b++) {
        if (wanted && !g_strv_contains((const char *const *)wanted,
                                       backends[b].name)) {
            continue;
        }
        if (!backends[b].run(ctx, errp)) {
            return false;
        }
    }
    return true;
}

int main(int argc, char **argv)
{
    g_autofree char *out_dir = NULL;
    g_autofree char *prefix = NULL;
    g_autofree char *only = NULL;
    gboolean unmask = FALSE, introspect = FALSE, check = FALSE;
    gboolean masked = FALSE;
    GOptionEntry entries[] = {
        { "output-dir", 'o', 0, G_OPTION_ARG_FILENAME, &out_dir,
          "write the generated files into DIR (default: .)", "DIR" },
        { "prefix", 'p', 0, G_OPTION_ARG_STRING, &prefix,
          "start every generated file name with PREFIX", "PREFIX" },
        { "backends", 'b', 0, G_OPTION_ARG_STRING, &only,
          "run only these backends: types, visit, commands, events, "
          "introspect, qom, docs", "LIST" },
        { "unmask-non-abi-names", 'u', 0, G_OPTION_ARG_NONE, &unmask,
          "keep type names in the generated introspection code instead of "
          "numbering them",
          NULL },
        { "masked", 0, 0, G_OPTION_ARG_NONE, &masked,
          "with --introspect: number type names as a running engine does",
          NULL },
        { "introspect", 0, 0, G_OPTION_ARG_NONE, &introspect,
          "print the query-qmp-schema answer as JSON and exit", NULL },
        { "check", 0, 0, G_OPTION_ARG_NONE, &check,
          "only check the schema", NULL },
        { NULL },
    };
    g_autoptr(GOptionContext) options =
        g_option_context_new("SCHEMA.json - generate C from a QAPI schema");
    g_autoptr(GError) gerr = NULL;

    g_set_prgname("qapi-gen");
    g_option_context_add_main_entries(options, entries, NULL);
    if (!g_option_context_parse(options, &argc, &argv, &gerr)) {
        error_report("%s", gerr->message);
        return 1;
    }
    if (argc != 2) {
        error_report("expected one schema file (see --help)");
        return 1;
    }

    Error *err = NULL;
    g_autoptr(QapiSchema) schema = qapi_schema_load(argv[1], &err);
    if (!schema) {
        error_report_err(err);
        return 1;
    }
    if (check) {
        return 0;
    }
    if (introspect) {
        /* Read by people and scripts: the real names unless asked. */
        g_autoptr(QObject) info = qapi_gen_introspection(schema, !masked);
        g_autofree char *text = qobject_to_json_pretty(info);
        printf("%s\n", text);
        return 0;
    }

    QapiGenContext ctx = {
        .schema = schema,
        .schema_path = argv[1],
        .prefix = prefix ? prefix : "",
        .out_dir = out_dir ? out_dir : ".",
        .unmask = unmask,
    };
    if (g_mkdir_with_parents(ctx.out_dir, 0755) < 0) {
        error_report("cannot create '%s': %s", ctx.out_dir, g_strerror(errno));
        return 1;
    }
    if (!run_backends(&ctx, only, &err)) {
        error_report_err(err);
        return 1;
    }
    return 0;
}
