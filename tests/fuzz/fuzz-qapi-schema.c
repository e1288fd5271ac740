/* Fuzz target for the QAPI schema front end: parser, doc comments and the
 * checked model (qapi-parser.c, qapi-doc.c, qapi-schema*.c).
 *
 * Input: one or more in-memory files. The text before the first line
 * starting "%%% NAME" is main.json; each such line starts the file NAME,
 * so includes, include cycles and missing includes get exercised too.
 * Checks, beyond "no crash, no leak, no undefined behaviour":
 *   - a failure sets exactly one error: one line, starting with the place
 *     ("FILE:LINE:COL: ", or "cannot read" for the main file);
 *   - a schema that loads is whole: every name looks up to its entity,
 *     every member, branch, array element, argument and return type is
 *     resolved, every union has its tag, every qom-type's ancestors end at
 *     'object', and every condition prints.
 */
#include "qapi-schema.h"

#include <stdint.h>
#include <string.h>

static GHashTable *fuzz_split_files(const char *buf, size_t len)
{
    GHashTable *files = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                              (GDestroyNotify)g_bytes_unref);
    g_autofree char *name = g_strdup("main.json");
    size_t start = 0;
    size_t pos = 0;

    for (;;) {
        const char *nl;
        size_t name_end;

        /* the next "%%% " at the start of a line, or the end */
        while (pos < len &&
               !((pos == 0 || buf[pos - 1] == '\n') && len - pos >= 4 &&
                 memcmp(buf + pos, "%%% ", 4) == 0)) {
            pos++;
        }
        if (!g_hash_table_contains(files, name)) {
            g_hash_table_insert(files, g_strdup(name),
                                g_bytes_new(buf + start, pos - start));
        }
        if (pos >= len) {
            return files;
        }
        nl = memchr(buf + pos, '\n', len - pos);
        name_end = nl ? (size_t)(nl - buf) : len;
        g_free(name);
        name = g_strndup(buf + pos + 4, name_end - pos - 4);
        start = pos = nl ? name_end + 1 : len;
    }
}

/* Whether msg names a place: ":LINE:COL: " somewhere after a file name. */
static bool fuzz_has_position(const char *msg)
{
    for (const char *p = strchr(msg, ':'); p; p = strchr(p + 1, ':')) {
        size_t line = strspn(p + 1, "0123456789");
        size_t col;

        if (!line || p[1 + line] != ':') {
            continue;
        }
        col = strspn(p + 2 + line, "0123456789");
        if (col && p[2 + line + col] == ':' && p[3 + line + col] == ' ') {
            return true;
        }
    }
    return false;
}

static void fuzz_check_cond(const QapiIfCond *cond)
{
    g_autofree char *c = qapi_if_cond_to_c(cond);
    g_autofree char *doc = qapi_if_cond_to_doc(cond);

    g_assert_true((cond == NULL) == (c == NULL));
    g_assert_true((cond == NULL) == (doc == NULL));
}

static void fuzz_check_members(const GPtrArray *members)
{
    for (guint i = 0; i < members->len; i++) {
        const QapiMember *m = g_ptr_array_index(members, i);

        g_assert_nonnull(m->type);
        g_assert_true(qapi_entity_is_type(m->type));
        fuzz_check_cond(m->ifcond);
    }
}

static void fuzz_check_variants(const GPtrArray *variants)
{
    g_assert_cmpuint(variants->len, >, 0);
    for (guint i = 0; i < variants->len; i++) {
        const QapiVariant *v = g_ptr_array_index(variants, i);

        g_assert_nonnull(v->type);
        fuzz_check_cond(v->ifcond);
    }
}

static void fuzz_check_entity(const QapiSchema *schema, const QapiEntity *e)
{
    g_autofree char *desc = qapi_entity_describe(e);
    const QapiObjectType *o = qapi_entity_as_object(e);
    const QapiAlternateType *alt = qapi_entity_as_alternate(e);
    const QapiArrayType *arr = qapi_entity_as_array(e);
    const QapiCommand *cmd = qapi_entity_as_command(e);
    const QapiQomType *qom = qapi_entity_as_qom_type(e);

    g_assert_nonnull(e->c_name);
    g_assert_nonnull(desc);
    if (qom) {
        g_assert_true(qapi_schema_lookup_qom_type(schema, e->name) == qom);
    } else {
        g_assert_true(qapi_schema_lookup(schema, e->name) == e);
    }
    g_assert_true((e->json_type != NULL) == (e->c_type != NULL));
    fuzz_check_cond(e->ifcond);
    if (o) {
        fuzz_check_members(o->members);
        g_assert_cmpuint(o->members->len, >=, o->local_members->len);
        if (o->variants) {
            g_assert_nonnull(o->tag_member);
            fuzz_check_variants(o->variants);
        }
    }
    if (alt) {
        fuzz_check_variants(alt->variants);
    }
    if (arr) {
        g_assert_nonnull(arr->element_type);
    }
    if (cmd && cmd->ret_type) {
        g_assert_true(qapi_entity_is_type(cmd->ret_type));
    }
    if (qom) {
        const QapiQomType *root = qom;
        g_autoptr(GPtrArray) all = qapi_qom_type_all_properties(qom);

        while (root->parent) {
            root = root->parent;
        }
        g_assert_cmpstr(root->entity.name, ==, "object");
        fuzz_check_members(all);
    }
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    /* A GLib critical or warning is a bug the fuzzer should stop on. */
    g_log_set_always_fatal(G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    g_autoptr(GHashTable) files = fuzz_split_files((const char *)data, size);
    g_autoptr(QapiSchema) schema = NULL;
    Error *err = NULL;
    QapiSchemaIter it;

    schema = qapi_schema_load_memory("main.json", files, &err);
    if (!schema) {
        const char *msg;

        g_assert_nonnull(err);
        msg = error_get_pretty(err);
        g_assert_null(strchr(msg, '\n'));
        g_assert_true(g_str_has_prefix(msg, "cannot read '") ||
                      fuzz_has_position(msg));
        error_free(err);
        return 0;
    }
    g_assert_null(err);
    qapi_schema_iter_init(&it, schema, QAPI_SCHEMA_ITER_ALL);
    for (const QapiEntity *e; (e = qapi_schema_iter_next(&it));) {
        fuzz_check_entity(schema, e);
    }
    return 0;
}
