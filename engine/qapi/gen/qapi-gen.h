/* qapi-gen: the code generators behind the `qapi-gen` program.
 *
 * Each backend reads a checked QapiSchema (qapi-schema.h) and writes its
 * files into one output directory, every name starting with the prefix
 * ("" or e.g. "test-"):
 *
 *   types       PREFIXqapi-types.{h,c}       C types, enum lookup tables,
 *                                            qapi_free_T()
 *   visit       PREFIXqapi-visit.{h,c}       visit_type_T(), visit_type_T_members()
 *   commands    PREFIXqapi-commands.{h,c}    handler prototypes qmp_CMD(),
 *                                            marshallers, PREFIXqmp_init_marshal()
 *   events      PREFIXqapi-events.{h,c}      qapi_event_send_NAME(), the
 *                                            QAPIEvent enum
 *   introspect  PREFIXqapi-introspect.{h,c}  the query-qmp-schema answer,
 *                                            PREFIXqmp_schema_info()
 *   qom         PREFIXqapi-qom.{h,c}         QOM property registration
 *   docs        PREFIXqapi-reference.md      the Markdown reference
 *
 * Conventions every backend shares (so one backend's output can call
 * another's): a type's C spelling is entity->c_type; its visit function is
 * visit_type_<c_name>(), its members' visit_type_<c_name>_members(); its
 * free function qapi_free_<c_name>(); optional members of pointer type are
 * absent when NULL, others have a `bool has_<c_name>` before them; a union's
 * branches live in `union { ... } u` under their c_name, embedded by value;
 * an alternate is `{ QType type; union { ... } u; }`.
 *
 * Output is written only when it changed, so an unchanged schema does not
 * rebuild the engine. Ownership: QapiGenFile owns its text; backends own
 * nothing past their call. Failure: an error names the file that could not
 * be written.
 */
#pragma once

#include "qapi-schema.h"

typedef struct QapiGenContext {
    const QapiSchema *schema;
    const char *schema_path;    /* for the "generated from" line */
    const char *prefix;         /* "" or e.g. "test-" */
    const char *out_dir;
    /* Introspection: keep type names as they are instead of masking them. */
    bool unmask;
} QapiGenContext;

/* One output file, built in memory. */
typedef struct QapiGenFile QapiGenFile;

/* A file named PREFIX + name in the context's output directory. `what` is
 * one line saying what it holds, for the file's opening comment. Headers
 * (name ending in .h) get "#pragma once". */
QapiGenFile *qapi_gen_file_new(const QapiGenContext *ctx, const char *name,
                               const char *what);
/* The same for a Markdown file: the opening note is an HTML comment. */
QapiGenFile *qapi_gen_file_new_markdown(const QapiGenContext *ctx,
                                        const char *name, const char *what);
void qapi_gen_file_free(QapiGenFile *f);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(QapiGenFile, qapi_gen_file_free)

void qapi_gen_printf(QapiGenFile *f, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
void qapi_gen_puts(QapiGenFile *f, const char *text);
/* "#if <cond>" / "#endif /- <cond> -/" around conditional code; nothing for
 * a NULL condition. */
void qapi_gen_if(QapiGenFile *f, const QapiIfCond *cond);
void qapi_gen_endif(QapiGenFile *f, const QapiIfCond *cond);
/* The same for code that two conditions guard at once (a union branch and
 * its tag's enum value): "#if (A) && (B)". Either may be NULL. */
void qapi_gen_if_both(QapiGenFile *f, const QapiIfCond *a,
                      const QapiIfCond *b);
void qapi_gen_endif_both(QapiGenFile *f, const QapiIfCond *a,
                         const QapiIfCond *b);
/* Writes the file unless it already has exactly this content. */
bool qapi_gen_file_write(QapiGenFile *f, Error **errp);

/* The file name with the prefix, for #include lines: g_free() it. */
char *qapi_gen_file_name(const QapiGenContext *ctx, const char *name);

/* A text as a C string literal, quotes included: g_free() it. */
char *qapi_gen_c_string(const char *text);
/* A doc text as a C block comment, every line indented by `indent`. */
void qapi_gen_comment(QapiGenFile *f, const char *text, const char *indent);

/* A declaration of `name` with the type's C spelling: "char *name",
 * "int64_t name"; with const_strings, strings are "const char *". */
char *qapi_gen_c_decl(const QapiEntity *type, const char *name,
                      bool const_strings);
/* The C parameters that stand for an argument struct's members, as handlers
 * and event senders take them: "int64_t a, bool has_b, int64_t b,
 * const char *s" (optional scalars get a has_ flag first; optional
 * pointers are NULL when absent). "" for no members. */
char *qapi_gen_member_params(const QapiObjectType *args);

/* What a type's visit function is called after: visit_type_<this>().
 * Built-ins keep their schema names (visit_type_int, not q_int). */
const char *qapi_gen_visit_name(const QapiEntity *type);

/* Whether a member of this type is stored as a pointer (and so needs no
 * has_ flag when optional). */
bool qapi_gen_type_is_pointer(const QapiEntity *type);

/* The backends. */
bool qapi_gen_types(const QapiGenContext *ctx, Error **errp);
bool qapi_gen_visit(const QapiGenContext *ctx, Error **errp);
bool qapi_gen_commands(const QapiGenContext *ctx, Error **errp);
bool qapi_gen_events(const QapiGenContext *ctx, Error **errp);
bool qapi_gen_introspect(const QapiGenContext *ctx, Error **errp);
bool qapi_gen_qom(const QapiGenContext *ctx, Error **errp);
bool qapi_gen_docs(const QapiGenContext *ctx, Error **errp);

/* The query-qmp-schema answer for the schema (a QList of SchemaInfo
 * dicts), for the introspect backend and `qapi-gen --introspect`. */
QObject *qapi_gen_introspection(const QapiSchema *schema, bool unmask);
