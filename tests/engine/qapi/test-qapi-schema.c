/* QAPI schema front end: the parser, the doc comments and the checked
 * model, as a code generator relies on them. Most tests read
 * schema/qapi-schema-test.json; the /bad/ tests load each
 * schema/bad-*.json and expect the first error in its .err file. */
#include "qapi-schema.h"
#include "qlist.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

static QapiSchema *load_test_schema(void)
{
    return qapi_schema_load("qapi-schema-test.json", &error_abort);
}

static const QapiEntity *lookup(const QapiSchema *s, const char *name)
{
    const QapiEntity *e = qapi_schema_lookup(s, name);

    g_assert_nonnull(e);
    return e;
}

static const QapiObjectType *lookup_object(const QapiSchema *s,
                                           const char *name)
{
    const QapiObjectType *o = qapi_entity_as_object(lookup(s, name));

    g_assert_nonnull(o);
    return o;
}

static const QapiMember *member_at(const GPtrArray *members, guint i)
{
    g_assert_cmpuint(i, <, members->len);
    return g_ptr_array_index(members, i);
}

static const QapiMember *find_member(const QapiObjectType *o,
                                     const char *name)
{
    const QapiMember *m = qapi_object_find_member(o, name);

    g_assert_nonnull(m);
    return m;
}

static guint entity_index(const QapiSchema *s, const char *name)
{
    const GPtrArray *all = qapi_schema_get_entities(s);
    const QapiEntity *e = lookup(s, name);
    guint i;

    g_assert_true(g_ptr_array_find((GPtrArray *)all, e, &i));
    return i;
}

/* Parses text as the in-memory file "main.json", plus more files given as
 * name, text pairs ending with NULL. */
static GHashTable *memory_files(const char *main_text, ...)
{
    GHashTable *files = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                              (GDestroyNotify)g_bytes_unref);
    va_list ap;
    const char *name;

    g_hash_table_insert(files, g_strdup("main.json"),
                        g_bytes_new(main_text, strlen(main_text)));
    va_start(ap, main_text);
    while ((name = va_arg(ap, const char *))) {
        const char *text = va_arg(ap, const char *);

        g_hash_table_insert(files, g_strdup(name),
                            g_bytes_new(text, strlen(text)));
    }
    va_end(ap);
    return files;
}

static QapiParse *parse_ok(const char *text)
{
    g_autoptr(GHashTable) files = memory_files(text, NULL);

    return qapi_parser_parse_memory("main.json", files, &error_abort);
}

static void assert_parse_error(GHashTable *files, const char *message)
{
    g_autoptr(Error) err = NULL;

    g_assert_null(qapi_parser_parse_memory("main.json", files, &err));
    g_assert_nonnull(err);
    g_assert_cmpstr(error_get_pretty(err), ==, message);
}

static void assert_memory_schema_error(const char *text, const char *message)
{
    g_autoptr(GHashTable) files = memory_files(text, NULL);
    g_autoptr(Error) err = NULL;

    g_assert_null(qapi_schema_load_memory("main.json", files, &err));
    g_assert_nonnull(err);
    g_assert_cmpstr(error_get_pretty(err), ==, message);
}

/* Parser */

static void test_parser_keeps_positions(void)
{
    g_autoptr(QapiParse) p = parse_ok("# comment\n"
                                      "{ 'enum': 'E',\n"
                                      "  'data': [ 'a' ] }\n");
    const QapiExpr *expr = g_ptr_array_index(p->exprs, 0);
    const QapiNodeEntry *data = qapi_node_get_entry(expr->node, "data");

    g_assert_cmpstr(expr->info.file, ==, "main.json");
    g_assert_cmpuint(expr->info.line, ==, 2);
    g_assert_cmpuint(expr->info.col, ==, 1);
    g_assert_cmpuint(data->key_info.line, ==, 3);
    g_assert_cmpuint(data->key_info.col, ==, 3);
    g_assert_cmpuint(data->value->info.col, ==, 11);
    g_assert_cmpuint(qapi_node_list_entry(data->value, 0)->info.col, ==, 13);
}

/* Quern's extension: integers, for property defaults. */
static void test_parser_reads_integers(void)
{
    g_autoptr(QapiParse) p = parse_ok(
        "{ 'a': -5, 'b': 0x10, 'c': 18446744073709551615,\n"
        "  'd': -9223372036854775808, 'e': -0, 'f': true }");
    const QapiNode *n = ((const QapiExpr *)g_ptr_array_index(p->exprs, 0))
        ->node;

    g_assert_true(qapi_node_get(n, "a")->u.integer.negative);
    g_assert_cmpuint(qapi_node_get(n, "a")->u.integer.magnitude, ==, 5);
    g_assert_cmpuint(qapi_node_get(n, "b")->u.integer.magnitude, ==, 16);
    g_assert_cmpuint(qapi_node_get(n, "c")->u.integer.magnitude, ==,
                     UINT64_MAX);
    g_assert_cmpuint(qapi_node_get(n, "d")->u.integer.magnitude, ==,
                     (uint64_t)INT64_MAX + 1);
    /* -0 is 0, so no value has two spellings in the model */
    g_assert_false(qapi_node_get(n, "e")->u.integer.negative);
    g_assert_cmpint(qapi_node_get(n, "f")->kind, ==, QAPI_NODE_BOOL);
}

static void test_parser_reads_each_file_once(void)
{
    g_autoptr(GHashTable) files = memory_files(
        "{ 'include': 'sub/a.json' }\n"
        "{ 'include': 'sub/../sub/a.json' }\n"
        "{ 'enum': 'Main', 'data': [] }\n",
        "sub/a.json", "{ 'include': '../main.json' }\n"
                      "{ 'include': 'a.json' }\n"
                      "{ 'enum': 'A', 'data': [] }\n",
        NULL);
    g_autoptr(QapiParse) p = qapi_parser_parse_memory("main.json", files,
                                                      &error_abort);
    guint definitions = 0;

    g_assert_cmpuint(p->modules->len, ==, 2);
    g_assert_cmpstr(g_ptr_array_index(p->modules, 1), ==, "sub/a.json");
    for (guint i = 0; i < p->exprs->len; i++) {
        const QapiExpr *e = g_ptr_array_index(p->exprs, i);

        definitions += e->kind == QAPI_EXPR_DEFINITION;
    }
    g_assert_cmpuint(definitions, ==, 2);
}

/* An included file's expressions come where the include is. */
static void test_parser_splices_includes_in_place(void)
{
    g_autoptr(GHashTable) files = memory_files(
        "{ 'enum': 'First', 'data': [] }\n"
        "{ 'include': 'b.json' }\n"
        "{ 'enum': 'Last', 'data': [] }\n",
        "b.json", "{ 'enum': 'Middle', 'data': [] }\n", NULL);
    g_autoptr(QapiParse) p = qapi_parser_parse_memory("main.json", files,
                                                      &error_abort);
    const char *order[] = { "First", NULL, "Middle", "Last" };

    g_assert_cmpuint(p->exprs->len, ==, 4);
    for (guint i = 0; i < 4; i++) {
        const QapiExpr *e = g_ptr_array_index(p->exprs, i);

        if (!order[i]) {
            g_assert_cmpint(e->kind, ==, QAPI_EXPR_INCLUDE);
            g_assert_cmpstr(e->include, ==, "b.json");
            continue;
        }
        g_assert_cmpstr(qapi_node_get_str(qapi_node_get(e->node, "enum")),
                        ==, order[i]);
    }
}

static void test_parser_reports_missing_include_where_named(void)
{
    g_autoptr(GHashTable) files = memory_files(
        "\n{ 'include': 'nope.json' }\n", NULL);

    assert_parse_error(files,
                       "main.json:2:14: cannot read 'nope.json': no such file");
}

/* Nesting is bounded so the recursive parser cannot run out of stack. */
static void test_parser_bounds_nesting(void)
{
    g_autoptr(GString) ok = g_string_new("{ 'a': ");
    g_autoptr(GString) deep = NULL;
    g_autoptr(QapiParse) p = NULL;
    g_autoptr(GHashTable) files = NULL;
    g_autofree char *msg = NULL;

    for (int i = 1; i < QAPI_PARSER_MAX_DEPTH; i++) {
        g_string_append_c(ok, '[');
    }
    deep = g_string_new(ok->str);
    for (int i = 1; i < QAPI_PARSER_MAX_DEPTH; i++) {
        g_string_append_c(ok, ']');
    }
    g_string_append(ok, " }");
    p = parse_ok(ok->str);
    g_assert_nonnull(p);

    g_string_append_c(deep, '[');
    files = memory_files(deep->str, NULL);
    msg = g_strdup_printf("main.json:1:%d: values nest too deeply (more "
                          "than %d levels of '{' and '[')",
                          QAPI_PARSER_MAX_DEPTH + 7, QAPI_PARSER_MAX_DEPTH);
    assert_parse_error(files, msg);
}

static void test_parser_refuses_huge_file(void)
{
    gsize size = QAPI_PARSER_MAX_FILE_SIZE + 1;
    g_autoptr(GHashTable) files = g_hash_table_new_full(
        g_str_hash, g_str_equal, NULL, (GDestroyNotify)g_bytes_unref);

    g_hash_table_insert(files, "main.json",
                        g_bytes_new_take(g_malloc0(size), size));
    assert_parse_error(files, "cannot read 'main.json': larger than 16 MiB");
}

static void test_parser_survives_nul_bytes(void)
{
    static const char text[] = "{ 'a'\0: 1 }";
    g_autoptr(GHashTable) files = g_hash_table_new_full(
        g_str_hash, g_str_equal, NULL, (GDestroyNotify)g_bytes_unref);

    g_hash_table_insert(files, "main.json",
                        g_bytes_new_static(text, sizeof(text) - 1));
    assert_parse_error(files, "main.json:1:6: unexpected byte 0x00");
}

/* Pragmas hold for the whole schema; each list adds to the last. */
static void test_parser_adds_up_pragma_lists(void)
{
    g_autoptr(QapiParse) p = parse_ok(
        "{ 'pragma': { 'doc-required': true,\n"
        "              'command-name-exceptions': [ 'a_b' ] } }\n"
        "{ 'pragma': { 'command-name-exceptions': [ 'c_d' ] } }\n");

    g_assert_true(p->pragma.doc_required);
    g_assert_true(qapi_pragma_lists(p->pragma.command_name_exceptions,
                                    "a_b"));
    g_assert_true(qapi_pragma_lists(p->pragma.command_name_exceptions,
                                    "c_d"));
    g_assert_false(qapi_pragma_lists(p->pragma.member_name_exceptions,
                                     "a_b"));
}

/* Doc comments */

static const QapiDoc *doc_of(const QapiSchema *s, const char *name)
{
    const QapiEntity *e = qapi_schema_lookup(s, name);
    const QapiQomType *q = qapi_schema_lookup_qom_type(s, name);

    g_assert_true(e || q);
    g_assert_nonnull((e ? e : &q->entity)->doc);
    return (e ? e : &q->entity)->doc;
}

static void test_doc_dedents_member_text(void)
{
    g_autoptr(QapiSchema) s = load_test_schema();
    const QapiDocSection *sec = qapi_doc_get_member(doc_of(s, "EnumOne"),
                                                    "value2");

    g_assert_cmpstr(sec->text, ==, "The second, described over\ntwo lines.");
    g_assert_cmpuint(sec->info.line, ==, 31);
}

static void test_doc_keeps_sections_in_source_order(void)
{
    g_autoptr(QapiSchema) s = load_test_schema();
    const QapiDoc *doc = doc_of(s, "user-def-cmd1");
    static const QapiDocSectionKind kinds[] = {
        QAPI_DOC_SECTION_PLAIN, QAPI_DOC_SECTION_MEMBER,
        QAPI_DOC_SECTION_RETURNS, QAPI_DOC_SECTION_PLAIN,
    };

    g_assert_cmpuint(doc->sections->len, ==, G_N_ELEMENTS(kinds));
    for (guint i = 0; i < G_N_ELEMENTS(kinds); i++) {
        const QapiDocSection *sec = g_ptr_array_index(doc->sections, i);

        g_assert_cmpint(sec->kind, ==, kinds[i]);
    }
    g_assert_cmpstr(qapi_doc_get_body(doc), ==, "Takes one argument.");
    g_assert_cmpstr(qapi_doc_get_section(doc, QAPI_DOC_SECTION_RETURNS)->text,
                    ==, "Nothing of interest.");
}

/* "Example::" and ".. qmp-example::" are rST, not tagged sections. */
static void test_doc_leaves_rst_directives_as_text(void)
{
    g_autoptr(QapiSchema) s = load_test_schema();
    const QapiDoc *doc = doc_of(s, "user-def-cmd1");
    const QapiDocSection *last = g_ptr_array_index(doc->sections, 3);

    g_assert_null(qapi_doc_get_section(doc, QAPI_DOC_SECTION_EXAMPLE));
    g_assert_cmpstr(last->text, ==,
                    "Example::\n"
                    "\n"
                    "    -> { \"execute\": \"user-def-cmd1\" }\n"
                    "\n"
                    ".. qmp-example::\n"
                    "\n"
                    "    <- { \"return\": {} }");
}

static void test_doc_reads_free_form_heading(void)
{
    g_autoptr(QapiSchema) s = load_test_schema();
    const GPtrArray *docs = qapi_schema_get_docs(s);
    const QapiDoc *first = g_ptr_array_index(docs, 0);
    const QapiDoc *second = g_ptr_array_index(docs, 1);

    g_assert_null(first->symbol);
    g_assert_cmpstr(first->heading, ==, "Test schema");
    g_assert_cmpuint(first->heading_level, ==, 1);
    g_assert_cmpstr(qapi_doc_get_body(first), ==,
                    "Free-form documentation under a heading.");
    g_assert_cmpstr(second->heading, ==, "Enums");
    g_assert_cmpuint(second->heading_level, ==, 2);
    g_assert_null(qapi_doc_get_body(second));
}

/* The old tagged sections (Note:, Example:, TODO:) still parse, so older
 * QEMU schemas load; each keeps the word it was written with. */
static void test_doc_takes_old_tagged_sections(void)
{
    static const char *const text[] = {
        "# @foo:", "#", "# Overview.", "#", "# Since: 2.1", "#",
        "# Notes: One", "#     and two.", "#", "# Example:", "#",
        "#     -> x", "#", "# TODO: later",
    };
    QapiDocLine lines[G_N_ELEMENTS(text)];
    QapiSourceInfo info = { "x.json", 1, 1 };
    g_autoptr(QapiDoc) doc = NULL;
    const QapiDocSection *note;

    for (guint i = 0; i < G_N_ELEMENTS(text); i++) {
        lines[i] = (QapiDocLine){ text[i], { "x.json", i + 2, 1 } };
    }
    doc = qapi_doc_parse(lines, G_N_ELEMENTS(lines), info, &error_abort);
    g_assert_cmpstr(doc->symbol, ==, "foo");
    g_assert_cmpstr(qapi_doc_get_section(doc, QAPI_DOC_SECTION_SINCE)->text,
                    ==, "2.1");
    note = qapi_doc_get_section(doc, QAPI_DOC_SECTION_NOTE);
    g_assert_cmpstr(note->tag, ==, "Notes");
    g_assert_cmpstr(note->text, ==, "One\nand two.");
    g_assert_cmpstr(qapi_doc_get_section(doc, QAPI_DOC_SECTION_EXAMPLE)->text,
                    ==, "-> x");
    g_assert_cmpstr(qapi_doc_get_section(doc, QAPI_DOC_SECTION_TODO)->text,
                    ==, "later");
}

static void test_doc_describes_features(void)
{
    g_autoptr(QapiSchema) s = load_test_schema();
    const QapiEnumType *en = qapi_entity_as_enum(lookup(s, "EnumOne"));
    const QapiEnumValue *v4k = g_ptr_array_index(en->values, 3);
    const QapiFeature *f = g_ptr_array_index(v4k->features, 0);

    g_assert_nonnull(f->doc);
    g_assert_cmpstr(f->doc->text, ==, "Value @4k may change.");
    g_assert_cmpstr(v4k->doc->text, ==, "Starts with a digit.");
}

/* With doc-required, every member needs its "@name:", except in the
 * definitions the pragma lists. */
static void test_doc_required_honours_exceptions(void)
{
    g_autoptr(QapiSchema) s = qapi_schema_load("doc-required-good.json",
                                               &error_abort);
    const QapiObjectType *o = lookup_object(s, "Undescribed");

    g_assert_null(member_at(o->members, 0)->doc);
}

/* QEMU 7.2's schema: doc-required, no 'documentation-exceptions', members
 * left undescribed. It loads as it did in QEMU. */
static void test_doc_required_alone_spares_members(void)
{
    g_autoptr(GHashTable) files = memory_files(
        "{ 'pragma': { 'doc-required': true } }\n"
        "##\n"
        "# @Wrapper:\n"
        "#\n"
        "# A fat type wrapping 'str'.\n"
        "##\n"
        "{ 'struct': 'Wrapper', 'data': { 'str': 'str' },\n"
        "  'features': [ 'fat' ] }\n", NULL);
    g_autoptr(QapiSchema) s = qapi_schema_load_memory("main.json", files,
                                                      &error_abort);

    g_assert_null(find_member(lookup_object(s, "Wrapper"), "str")->doc);
}

/* QEMU up to 8.1 aligned continuation lines with the text, put Since:
 * right after the members, and wrote examples unindented under a bare
 * "Example:". */
static void test_doc_reads_older_qemu_style(void)
{
    g_autoptr(GHashTable) files = memory_files(
        "##\n"
        "# @query-thing:\n"
        "#\n"
        "# @verbose: Say more; the text goes on\n"
        "#           aligned with the first line.\n"
        "# Since: 7.1\n"
        "#\n"
        "# Example:\n"
        "#\n"
        "# -> { \"execute\": \"query-thing\" }\n"
        "# <- { \"return\": {} }\n"
        "##\n"
        "{ 'command': 'query-thing', 'data': { '*verbose': 'bool' } }\n",
        NULL);
    g_autoptr(QapiSchema) s = qapi_schema_load_memory("main.json", files,
                                                      &error_abort);
    const QapiDoc *doc = doc_of(s, "query-thing");

    g_assert_cmpstr(qapi_doc_get_member(doc, "verbose")->text, ==,
                    "Say more; the text goes on\naligned with the first "
                    "line.");
    g_assert_cmpstr(qapi_doc_get_section(doc, QAPI_DOC_SECTION_SINCE)->text,
                    ==, "7.1");
    g_assert_cmpstr(qapi_doc_get_section(doc, QAPI_DOC_SECTION_EXAMPLE)->text,
                    ==, "-> { \"execute\": \"query-thing\" }\n"
                    "<- { \"return\": {} }");
}

/* The model */

static void test_model_defines_builtins_first(void)
{
    g_autoptr(QapiSchema) s = load_test_schema();
    const QapiEntity *first = g_ptr_array_index(qapi_schema_get_entities(s),
                                                0);
    const QapiEntity *size = lookup(s, "size");
    const QapiEnumType *qtype = qapi_entity_as_enum(lookup(s, "QType"));
    const QapiArrayType *strlist = qapi_entity_as_array(lookup(s,
                                                               "strList"));

    g_assert_cmpstr(first->name, ==, "str");
    g_assert_cmpint(first->kind, ==, QAPI_ENTITY_BUILTIN);
    g_assert_true(first->module->builtin);
    g_assert_cmpstr(first->module->name, ==, "./builtin");
    g_assert_null(first->info.file);
    g_assert_cmpstr(first->c_type, ==, "char *");
    g_assert_cmpstr(first->json_type, ==, "string");
    g_assert_cmpstr(size->c_type, ==, "uint64_t");
    g_assert_cmpstr(size->json_type, ==, "int");
    g_assert_cmpstr(lookup(s, "any")->json_type, ==, "value");
    g_assert_cmpstr(lookup(s, "null")->c_type, ==, "QNull *");
    g_assert_true(strlist->element_type == first);
    g_assert_cmpstr(strlist->entity.c_type, ==, "strList *");
    g_assert_cmpstr(((const QapiEnumValue *)g_ptr_array_index(qtype->values,
                                                              2))->c_const,
                    ==, "QTYPE_QNUM");
    g_assert_true(lookup(s, "q_empty")->implicit);
}

/* Implicit and array types come right before the definition that first
 * needs them; everything else in source order. */
static void test_model_keeps_definition_order(void)
{
    g_autoptr(QapiSchema) s = load_test_schema();

    g_assert_cmpuint(entity_index(s, "q_obj_user-def-cmd1-arg") + 1, ==,
                     entity_index(s, "user-def-cmd1"));
    /* UserDefTwo's two new array types, in the order its members use them */
    g_assert_cmpuint(entity_index(s, "UserDefOneList") + 1, ==,
                     entity_index(s, "SubEnumList"));
    g_assert_cmpuint(entity_index(s, "SubEnumList") + 1, ==,
                     entity_index(s, "UserDefTwo"));
    g_assert_cmpuint(entity_index(s, "q_obj_UserDefFlatUnion-base") + 1, ==,
                     entity_index(s, "UserDefFlatUnion"));
    g_assert_cmpuint(entity_index(s, "EnumOne"), <,
                     entity_index(s, "QEnumTwo"));
    /* sub-module.json's definitions sit where it is included */
    g_assert_cmpuint(entity_index(s, "SubEnum"), <,
                     entity_index(s, "EnumOne"));
}

static void test_model_flattens_base_members_first(void)
{
    g_autoptr(QapiSchema) s = load_test_schema();
    const QapiObjectType *o = lookup_object(s, "UserDefOne");
    static const char *const names[] = {
        "integer", "string", "enum1", "a-b", "default",
    };

    g_assert_cmpstr(o->base->entity.name, ==, "UserDefZero");
    g_assert_cmpuint(o->local_members->len, ==, 4);
    g_assert_cmpuint(o->members->len, ==, G_N_ELEMENTS(names));
    for (guint i = 0; i < G_N_ELEMENTS(names); i++) {
        g_assert_cmpstr(member_at(o->members, i)->name, ==, names[i]);
    }
    g_assert_true(member_at(o->members, 0)->defined_in == o->base);
    g_assert_true(member_at(o->members, 2)->optional);
    g_assert_true(member_at(o->members, 2)->type == lookup(s, "EnumOne"));
}

static void test_model_gives_union_base_tag_and_branches(void)
{
    g_autoptr(QapiSchema) s = load_test_schema();
    const QapiObjectType *u = lookup_object(s, "UserDefFlatUnion");
    static const char *const members[] = { "string", "kind", "integer" };
    /* the branches written, then the left-out values in enum order */
    static const char *const cases[] = {
        "value-b", "value-a", "value-c", "value-d",
    };
    static const char *const types[] = {
        "UserDefB", "UserDefA", "q_empty", "q_empty",
    };

    g_assert_true(qapi_object_is_union(u));
    g_assert_cmpstr(u->base->entity.name, ==, "q_obj_UserDefFlatUnion-base");
    g_assert_true(u->base->entity.implicit);
    for (guint i = 0; i < G_N_ELEMENTS(members); i++) {
        g_assert_cmpstr(member_at(u->members, i)->name, ==, members[i]);
    }
    g_assert_true(u->tag_member == member_at(u->members, 1));
    g_assert_cmpuint(u->variants->len, ==, G_N_ELEMENTS(cases));
    for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
        const QapiVariant *v = g_ptr_array_index(u->variants, i);

        g_assert_cmpstr(v->name, ==, cases[i]);
        g_assert_cmpstr(v->type->name, ==, types[i]);
        g_assert_true(v->implicit == (i >= 2));
    }
}

/* A left-out branch keeps its enum value's condition. */
static void test_model_conditions_implicit_branches(void)
{
    g_autoptr(QapiSchema) s = load_test_schema();
    const QapiObjectType *u = lookup_object(s, "UserDefFlatUnion");
    const QapiVariant *a = g_ptr_array_index(u->variants, 1);
    const QapiVariant *d = g_ptr_array_index(u->variants, 3);
    g_autofree char *ca = qapi_if_cond_to_c(a->ifcond);
    g_autofree char *cd = qapi_if_cond_to_c(d->ifcond);

    g_assert_cmpstr(ca, ==, "defined(TEST_IF_UNION_A)");
    g_assert_cmpstr(cd, ==, "defined(TEST_IF_UNION_D)");
}

static void test_model_allows_union_branch_union(void)
{
    g_autoptr(QapiSchema) s = load_test_schema();
    const QapiObjectType *u = lookup_object(s, "UserDefFlatUnion2");
    const QapiVariant *c = g_ptr_array_index(u->variants, 1);

    g_assert_cmpstr(c->type->name, ==, "InnerUnion");
    g_assert_true(qapi_object_is_union(qapi_entity_as_object(c->type)));
    g_assert_null(u->base->entity.doc);
    g_assert_false(u->base->entity.implicit);
}

static void test_model_names_implicit_types_like_qemu(void)
{
    g_autoptr(QapiSchema) s = load_test_schema();
    const QapiCommand *cmd = qapi_entity_as_command(lookup(s,
                                                           "user-def-cmd1"));
    const QapiEvent *ev = qapi_entity_as_event(lookup(s, "EVENT_B"));
    const QapiQomType *rng = qapi_schema_lookup_qom_type(s,
                                                         "virtio-rng-device");

    g_assert_cmpstr(cmd->arg_type->entity.name, ==, "q_obj_user-def-cmd1-arg");
    g_assert_cmpstr(cmd->arg_type->entity.c_name, ==,
                    "q_obj_user_def_cmd1_arg");
    g_assert_true(cmd->arg_type->entity.implicit);
    /* documented by its command */
    g_assert_true(cmd->arg_type->entity.doc == cmd->entity.doc);
    g_assert_cmpstr(ev->arg_type->entity.name, ==, "q_obj_EVENT_B-arg");
    g_assert_cmpstr(rng->props->entity.name, ==, "VirtioRngDeviceProperties");
    g_assert_cmpstr(rng->props->entity.c_type, ==,
                    "VirtioRngDeviceProperties *");
    g_assert_true(rng->props->entity.implicit);
    g_assert_nonnull(qapi_schema_get_entities(s));
    g_assert_cmpstr(lookup(s, "q_empty")->c_name, ==, "q_empty");
}

static void test_model_maps_names_to_c(void)
{
    g_autoptr(QapiSchema) s = load_test_schema();
    const QapiObjectType *one = lookup_object(s, "UserDefOne");
    const QapiEnumType *e1 = qapi_entity_as_enum(lookup(s, "EnumOne"));
    const QapiEnumType *e2 = qapi_entity_as_enum(lookup(s, "QEnumTwo"));
    const QapiEnumType *dn = qapi_entity_as_enum(lookup(s,
                                                        "__org.qemu_x-Enum"));
    const QapiEnumValue *v4k = g_ptr_array_index(e1->values, 3);

    g_assert_cmpstr(find_member(one, "a-b")->c_name, ==, "a_b");
    g_assert_cmpstr(find_member(one, "default")->c_name, ==, "q_default");
    g_assert_cmpstr(e1->c_prefix, ==, "ENUM_ONE");
    g_assert_null(e1->prefix);
    g_assert_cmpstr(v4k->c_const, ==, "ENUM_ONE_4K");
    g_assert_cmpstr(v4k->c_name, ==, "q_4k");
    g_assert_cmpstr(e2->prefix, ==, "QENUM_TWO");
    g_assert_cmpstr(((const QapiEnumValue *)g_ptr_array_index(e2->values, 0))
                    ->c_const, ==, "QENUM_TWO_VALUE1");
    g_assert_cmpstr(dn->entity.c_name, ==, "__org_qemu_x_Enum");
    g_assert_cmpstr(dn->c_prefix, ==, "ORG_QEMU_X_ENUM");
    g_assert_cmpstr(((const QapiEnumValue *)g_ptr_array_index(dn->values, 0))
                    ->c_const, ==, "ORG_QEMU_X_ENUM___ORG_QEMU_X_VALUE");
    g_assert_cmpstr(qapi_schema_lookup_qom_type(s, "riscv.hart_array")
                    ->entity.c_name, ==, "riscv_hart_array");
    g_assert_cmpstr(qapi_schema_lookup_qom_type(s, "486-x86_64-cpu")
                    ->entity.c_name, ==, "q_486_x86_64_cpu");
}

static void test_model_c_name_protects_reserved_words(void)
{
    static const char *const cases[][3] = {
        /* name, protected, unprotected */
        { "default", "q_default", "default" },
        { "a-b.c", "a_b_c", "a_b_c" },
        { "unix", "q_unix", "unix" },
        { "xor_eq", "q_xor_eq", "xor_eq" },
        { "9lives", "q_9lives", "9lives" },
        { "_Bool", "q__Bool", "_Bool" },
        { "defaults", "defaults", "defaults" },
    };

    for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_autofree char *p = qapi_c_name(cases[i][0], true);
        g_autofree char *u = qapi_c_name(cases[i][0], false);

        g_assert_cmpstr(p, ==, cases[i][1]);
        g_assert_cmpstr(u, ==, cases[i][2]);
    }
}

static void test_model_camel_to_upper(void)
{
    static const char *const cases[][2] = {
        { "QType", "Q_TYPE" },
        { "ENUM_Name2", "ENUM_NAME2" },
        { "ALLCAPS", "ALLCAPS" },
        { "BlockdevDriver", "BLOCKDEV_DRIVER" },
        { "X86CPURegister32", "X86_CPU_REGISTER32" },
        { "EnumOne", "ENUM_ONE" },
        { "IOThreadInfo", "IO_THREAD_INFO" },
        { "__org.qemu_x-Enum", "ORG_QEMU_X_ENUM" },
    };

    for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_autofree char *up = qapi_camel_to_upper(cases[i][0]);

        g_assert_cmpstr(up, ==, cases[i][1]);
    }
}

static void test_model_prints_conditions(void)
{
    g_autoptr(QapiSchema) s = load_test_schema();
    const QapiObjectType *o = lookup_object(s, "UserDefIfArgs");
    g_autofree char *c = qapi_if_cond_to_c(o->entity.ifcond);
    g_autofree char *doc = qapi_if_cond_to_doc(o->entity.ifcond);
    g_autofree char *bar = qapi_if_cond_to_c(find_member(o, "bar")->ifcond);

    g_assert_cmpstr(c, ==, "defined(TEST_IF_A) && !defined(TEST_IF_B)");
    g_assert_cmpstr(doc, ==, "TEST_IF_A and not TEST_IF_B");
    g_assert_cmpstr(bar, ==, "defined(TEST_IF_C) || defined(TEST_IF_D)");
    g_assert_null(qapi_if_cond_to_c(find_member(o, "foo")->ifcond));
}

/* An operator inside another gets parentheses; a 'not' of one does too. */
static void test_model_parenthesises_nested_conditions(void)
{
    g_autoptr(GHashTable) files = memory_files(
        "{ 'enum': 'Cond', 'data': [],\n"
        "  'if': { 'all': [ 'A', { 'any': [ 'B', 'C' ] },\n"
        "                   { 'not': { 'all': [ 'D', 'E' ] } } ] } }\n",
        NULL);
    g_autoptr(QapiSchema) s = qapi_schema_load_memory("main.json", files,
                                                      &error_abort);
    g_autofree char *c = qapi_if_cond_to_c(lookup(s, "Cond")->ifcond);

    g_assert_cmpstr(c, ==, "defined(A) && (defined(B) || defined(C)) && "
                    "!(defined(D) && defined(E))");
}

/* Chains are bounded so the recursive checks cannot run out of stack. */
static void test_model_bounds_chains_of_bases(void)
{
    g_autoptr(GString) text = g_string_new(NULL);
    g_autofree char *msg = NULL;

    for (int i = 0; i <= QAPI_SCHEMA_MAX_CHAIN + 1; i++) {
        g_string_append_printf(text, "{ 'struct': 'Link%d', 'base': "
                               "'Link%d', 'data': {} }\n", i, i + 1);
    }
    g_string_append_printf(text, "{ 'struct': 'Link%d', 'data': {} }\n",
                           QAPI_SCHEMA_MAX_CHAIN + 2);
    msg = g_strdup_printf("main.json:%d:1: struct 'Link%d': the chain of "
                          "bases and branches through it is longer than %d",
                          QAPI_SCHEMA_MAX_CHAIN + 1, QAPI_SCHEMA_MAX_CHAIN,
                          QAPI_SCHEMA_MAX_CHAIN);
    assert_memory_schema_error(text->str, msg);
}

/* Unions as branches of unions: each is walked once, not once per path
 * to it (2^40 paths here). */
static void test_model_checks_nested_unions_once(void)
{
    g_autoptr(GString) text = g_string_new(
        "{ 'enum': 'Two', 'data': [ 'a', 'b' ] }\n");
    g_autoptr(GHashTable) files = NULL;
    g_autoptr(QapiSchema) s = NULL;

    for (int i = 0; i < 40; i++) {
        g_string_append_printf(text, "{ 'union': 'Level%d', 'base': "
                               "{ 'kind%d': 'Two' }, 'discriminator': "
                               "'kind%d', 'data': { 'a': 'Level%d', "
                               "'b': 'Level%d' } }\n", i, i, i, i + 1,
                               i + 1);
    }
    g_string_append(text, "{ 'struct': 'Level40', 'data': {} }\n");
    files = memory_files(text->str, NULL);
    s = qapi_schema_load_memory("main.json", files, &error_abort);
    g_assert_nonnull(s);
}

static void test_model_marks_special_features(void)
{
    g_autoptr(QapiSchema) s = load_test_schema();
    const QapiCommand *cmd = qapi_entity_as_command(lookup(s,
                                                           "cmd-features"));
    const GPtrArray *fs = cmd->entity.features;
    const QapiFeature *unstable = g_ptr_array_index(fs, 1);
    g_autofree char *cond = qapi_if_cond_to_c(unstable->ifcond);
    const QapiMember *arg = member_at(cmd->arg_type->members, 0);

    g_assert_cmpuint(fs->len, ==, 3);
    g_assert_cmpint(((const QapiFeature *)g_ptr_array_index(fs, 0))->special,
                    ==, QAPI_SPECIAL_FEATURE_DEPRECATED);
    g_assert_cmpint(unstable->special, ==, QAPI_SPECIAL_FEATURE_UNSTABLE);
    g_assert_cmpstr(cond, ==, "defined(TEST_IF_FEAT)");
    g_assert_false(qapi_feature_is_special(g_ptr_array_index(fs, 2)));
    g_assert_nonnull(qapi_features_find(arg->features, "deprecated"));
}

static void test_model_keeps_command_flags(void)
{
    g_autoptr(QapiSchema) s = load_test_schema();
    const QapiCommand *flags = qapi_entity_as_command(lookup(s, "cmd-flags"));
    const QapiCommand *plain = qapi_entity_as_command(lookup(s,
                                                             "user-def-cmd"));
    const QapiCommand *co = qapi_entity_as_command(lookup(s,
                                                          "cmd-coroutine"));

    g_assert_false(flags->gen);
    g_assert_false(flags->success_response);
    g_assert_true(flags->allow_oob);
    g_assert_true(flags->allow_preconfig);
    g_assert_false(flags->coroutine);
    g_assert_true(plain->gen);
    g_assert_true(plain->success_response);
    g_assert_false(plain->allow_oob || plain->allow_preconfig ||
                   plain->boxed);
    g_assert_null(plain->arg_type);
    g_assert_null(plain->ret_type);
    g_assert_true(co->coroutine);
}

static void test_model_resolves_command_data_and_returns(void)
{
    g_autoptr(QapiSchema) s = load_test_schema();
    const QapiCommand *list = qapi_entity_as_command(
        lookup(s, "cmd-returns-list"));
    const QapiCommand *boxed = qapi_entity_as_command(lookup(s,
                                                             "boxed-union"));
    const QapiCommand *named = qapi_entity_as_command(lookup(s,
                                                             "named-data"));
    const QapiCommand *empty = qapi_entity_as_command(
        lookup(s, "cmd-empty-data"));
    const QapiCommand *exc = qapi_entity_as_command(lookup(s,
                                                           "guest-get-time"));

    g_assert_cmpstr(list->ret_type->name, ==, "UserDefTwoList");
    g_assert_cmpstr(qapi_entity_as_array(list->ret_type)->element_type->name,
                    ==, "UserDefTwo");
    g_assert_true(boxed->boxed);
    g_assert_cmpstr(boxed->arg_type->entity.name, ==, "UserDefFlatUnion");
    g_assert_cmpstr(named->arg_type->entity.name, ==, "UserDefZero");
    g_assert_false(named->boxed);
    /* 'data': {} is no arguments at all */
    g_assert_null(empty->arg_type);
    g_assert_cmpstr(exc->ret_type->name, ==, "int");
}

static void test_model_gives_events_their_data(void)
{
    g_autoptr(QapiSchema) s = load_test_schema();
    const QapiEvent *a = qapi_entity_as_event(lookup(s, "EVENT_A"));
    const QapiEvent *b = qapi_entity_as_event(lookup(s, "EVENT_B"));
    const QapiEvent *d = qapi_entity_as_event(lookup(s, "EVENT_D"));
    const QapiEvent *e = qapi_entity_as_event(lookup(s, "EVENT_E"));
    g_autofree char *cond = qapi_if_cond_to_c(e->entity.ifcond);

    g_assert_null(a->arg_type);
    g_assert_cmpuint(b->arg_type->members->len, ==, 2);
    g_assert_true(member_at(b->arg_type->members, 1)->optional);
    g_assert_true(d->boxed);
    g_assert_cmpstr(cond, ==, "defined(TEST_IF_EVT)");
}

static void test_model_picks_alternate_branches_by_qtype(void)
{
    g_autoptr(QapiSchema) s = load_test_schema();
    const QapiAlternateType *alt = qapi_entity_as_alternate(lookup(s,
                                                                   "AltMixed"));
    static const QType qtypes[] = {
        QTYPE_QNUM, QTYPE_QBOOL, QTYPE_QNULL, QTYPE_QLIST, QTYPE_QDICT,
    };

    g_assert_cmpuint(alt->variants->len, ==, G_N_ELEMENTS(qtypes));
    for (guint i = 0; i < G_N_ELEMENTS(qtypes); i++) {
        const QapiVariant *v = g_ptr_array_index(alt->variants, i);

        g_assert_cmpint(qapi_type_alternate_qtype(v->type), ==, qtypes[i]);
    }
    g_assert_cmpint(qapi_type_alternate_qtype(lookup(s, "QEnumTwo")), ==,
                    QTYPE_QSTRING);
    g_assert_cmpint(qapi_type_alternate_qtype(lookup(s, "any")), ==,
                    QTYPE_NONE);
    g_assert_cmpstr(lookup(s, "AltMixed")->json_type, ==, "value");
}

static void test_model_connects_member_docs(void)
{
    g_autoptr(QapiSchema) s = load_test_schema();
    const QapiObjectType *u = lookup_object(s, "UserDefFlatUnion");
    const QapiAlternateType *alt = qapi_entity_as_alternate(
        lookup(s, "AltStrObj"));
    const QapiVariant *str = g_ptr_array_index(alt->variants, 0);

    /* through the implicit base the union's doc describes */
    g_assert_cmpstr(member_at(u->members, 0)->doc->text, ==,
                    "A common member.");
    g_assert_cmpstr(str->doc->text, ==, "A string.");
    g_assert_null(member_at(lookup_object(s, "UserDefOne")->members,
                            0)->doc);
}

static void test_model_tracks_modules_and_includes(void)
{
    g_autoptr(QapiSchema) s = load_test_schema();
    const GPtrArray *mods = qapi_schema_get_modules(s);
    static const char *const names[] = {
        "./builtin", "qapi-schema-test.json", "include/sub-module.json",
        "include/sub-sub-module.json",
    };
    static const char *const bases[] = {
        "builtin", "qapi-schema-test", "sub-module", "sub-sub-module",
    };
    const QapiModule *main_mod, *sub;

    g_assert_cmpuint(mods->len, ==, G_N_ELEMENTS(names));
    for (guint i = 0; i < mods->len; i++) {
        const QapiModule *m = g_ptr_array_index(mods, i);

        g_assert_cmpstr(m->name, ==, names[i]);
        g_assert_cmpstr(m->basename, ==, bases[i]);
    }
    main_mod = qapi_schema_lookup_module(s, "qapi-schema-test.json");
    sub = qapi_schema_lookup_module(s, "include/sub-module.json");
    /* included twice, listed once */
    g_assert_cmpuint(main_mod->includes->len, ==, 1);
    g_assert_true(g_ptr_array_index(main_mod->includes, 0) == sub);
    g_assert_true(lookup(s, "SubEnum")->module == sub);
    g_assert_true(g_ptr_array_find(sub->entities, lookup(s, "SubEnum"),
                                   NULL));
}

/* qom-types have a namespace of their own. */
static void test_model_keeps_qom_types_apart(void)
{
    g_autoptr(QapiSchema) s = load_test_schema();

    g_assert_null(qapi_schema_lookup(s, "virtio-rng-device"));
    g_assert_nonnull(qapi_schema_lookup_qom_type(s, "virtio-rng-device"));
    g_assert_null(qapi_schema_lookup_qom_type(s, "UserDefOne"));
    g_assert_null(qapi_schema_lookup_type(s, "user-def-cmd"));
    g_assert_nonnull(qapi_schema_lookup(s, "user-def-cmd"));
}

static void test_model_iterates_by_kind(void)
{
    g_autoptr(QapiSchema) s = load_test_schema();
    QapiSchemaIter it;
    const QapiEntity *first = NULL;
    unsigned n = 0;

    qapi_schema_iter_init(&it, s, QAPI_ENTITY_COMMAND);
    for (const QapiEntity *e; (e = qapi_schema_iter_next(&it));) {
        g_assert_cmpint(e->kind, ==, QAPI_ENTITY_COMMAND);
        first = first ? first : e;
        n++;
    }
    g_assert_cmpuint(n, ==, 14);
    g_assert_cmpstr(first->name, ==, "user-def-cmd");
}

/* QOM */

static void test_qom_links_parents(void)
{
    g_autoptr(QapiSchema) s = load_test_schema();
    const QapiQomType *rng = qapi_schema_lookup_qom_type(s,
                                                         "virtio-rng-device");
    static const char *const chain[] = {
        "virtio-rng-device", "virtio-device", "device", "object",
    };
    const QapiQomType *t = rng;

    for (guint i = 0; i < G_N_ELEMENTS(chain); i++, t = t->parent) {
        g_assert_cmpstr(t->entity.name, ==, chain[i]);
    }
    g_assert_null(t);
    g_assert_true(rng->user_creatable);
    g_assert_false(rng->abstract);
    g_assert_true(rng->parent->abstract);
    g_assert_false(rng->parent->user_creatable);
    g_assert_cmpstr(rng->entity.doc->symbol, ==, "virtio-rng-device");
}

static void test_qom_takes_properties_from_a_named_struct(void)
{
    g_autoptr(QapiSchema) s = load_test_schema();
    const QapiQomType *mem = qapi_schema_lookup_qom_type(s,
                                                         "memory-backend");
    const QapiMember *size = member_at(mem->props->members, 0);
    uint64_t value;

    g_assert_cmpstr(mem->props->entity.name, ==, "MemoryBackendProps");
    g_assert_false(mem->props->entity.implicit);
    g_assert_true(qnum_get_try_uint(qobject_to(QNum, size->default_value),
                                    &value));
    g_assert_cmpuint(value, ==, 0);
    g_assert_null(qapi_schema_lookup_qom_type(s, "riscv.hart_array")->props);
}

static void test_qom_gives_defaults_as_qobjects(void)
{
    g_autoptr(QapiSchema) s = load_test_schema();
    const QapiObjectType *p = qapi_schema_lookup_qom_type(
        s, "virtio-rng-device")->props;
    const QapiMember *rng = find_member(p, "rng");
    uint64_t u;
    int64_t i;
    QList *tags;

    g_assert_false(rng->optional);
    g_assert_null(rng->default_value);
    g_assert_true(qnum_get_try_uint(qobject_to(QNum, find_member(
        p, "max-bytes")->default_value), &u));
    g_assert_cmpuint(u, ==, UINT64_MAX);
    g_assert_true(qnum_get_try_uint(qobject_to(QNum, find_member(
        p, "period")->default_value), &u));
    g_assert_cmpuint(u, ==, 65536);
    g_assert_cmpint(qnum_kind(qobject_to(QNum, find_member(
        p, "offset")->default_value)), ==, QNUM_I64);
    g_assert_true(qnum_get_try_int(qobject_to(QNum, find_member(
        p, "offset")->default_value), &i));
    g_assert_cmpint(i, ==, -128);
    g_assert_cmpstr(qstring_get_str(qobject_to(QString, find_member(
        p, "mode")->default_value)), ==, "fast");
    g_assert_cmpint(qnum_kind(qobject_to(QNum, find_member(
        p, "ratio")->default_value)), ==, QNUM_DOUBLE);
    g_assert_cmpfloat(qnum_get_double(qobject_to(QNum, find_member(
        p, "ratio")->default_value)), ==, -3.0);
    tags = qobject_to(QList, find_member(p, "tags")->default_value);
    g_assert_cmpuint(qlist_size(tags), ==, 2);
    g_assert_cmpstr(qstring_get_str(qobject_to(QString, qlist_entry(tags, 1))),
                    ==, "b");
    g_assert_true(qnum_get_try_uint(qobject_to(QNum, find_member(
        p, "buffer")->default_value), &u));
    g_assert_cmpuint(u, ==, 4096);
    g_assert_cmpstr(qstring_get_str(qobject_to(QString, find_member(
        p, "label")->default_value)), ==, "x");
}

static void test_qom_marks_runtime_properties(void)
{
    g_autoptr(QapiSchema) s = load_test_schema();
    const QapiObjectType *p = qapi_schema_lookup_qom_type(
        s, "virtio-rng-device")->props;
    const QapiFeature *rt = qapi_features_find(find_member(p, "period")
                                               ->features, "runtime");

    g_assert_nonnull(rt);
    g_assert_cmpint(rt->special, ==, QAPI_SPECIAL_FEATURE_RUNTIME);
    g_assert_cmpstr(rt->doc->text, ==,
                    "@period may change on a running machine.");
    g_assert_null(qapi_features_find(find_member(p, "rng")->features,
                                     "runtime"));
    g_assert_cmpstr(find_member(p, "period")->doc->text, ==,
                    "Milliseconds; may change while the machine runs.");
}

static void test_qom_lists_inherited_properties_root_first(void)
{
    g_autoptr(QapiSchema) s = load_test_schema();
    g_autoptr(GPtrArray) all = qapi_qom_type_all_properties(
        qapi_schema_lookup_qom_type(s, "virtio-rng-device"));

    g_assert_cmpuint(all->len, ==, 11);
    g_assert_cmpstr(member_at(all, 0)->name, ==, "realized");
    g_assert_cmpstr(member_at(all, 1)->name, ==, "indirect-desc");
    g_assert_cmpstr(member_at(all, 2)->name, ==, "rng");
}

/* Integers are for defaults; anywhere else they are the wrong type. */
static void test_qom_integer_literal_elsewhere_is_a_type_error(void)
{
    assert_memory_schema_error(
        "{ 'enum': 'Enum1', 'data': [], 'prefix': 5 }",
        "main.json:1:42: 'prefix' of enum 'Enum1' must be a string, not an "
        "integer");
}

/* Broken schemas: each bad-NAME.json fails with bad-NAME.err's line. */

static void test_bad_schema(gconstpointer data)
{
    const char *name = data;
    g_autofree char *json = g_strconcat(name, ".json", NULL);
    g_autofree char *errfile = g_strconcat(name, ".err", NULL);
    g_autofree char *expected = NULL;
    g_autoptr(GError) gerr = NULL;
    g_autoptr(Error) err = NULL;

    g_assert_true(g_file_get_contents(errfile, &expected, NULL, &gerr));
    g_strchomp(expected);
    g_assert_null(qapi_schema_load(json, &err));
    g_assert_nonnull(err);
    g_assert_cmpstr(error_get_pretty(err), ==, expected);
}

static void add_bad_schema_tests(void)
{
    g_autoptr(GDir) dir = g_dir_open(".", 0, NULL);
    g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
    const char *entry;

    g_assert_nonnull(dir);
    while ((entry = g_dir_read_name(dir))) {
        if (g_str_has_prefix(entry, "bad-") &&
            g_str_has_suffix(entry, ".json")) {
            g_ptr_array_add(names, g_strndup(entry, strlen(entry) - 5));
        }
    }
    g_assert_cmpuint(names->len, >, 0);
    g_ptr_array_sort(names, (GCompareFunc)(void *)g_strcmp0);
    for (guint i = 0; i < names->len; i++) {
        const char *name = g_ptr_array_index(names, i);
        g_autofree char *path = g_strconcat("/qapi-schema/bad/", name + 4,
                                            NULL);

        g_test_add_data_func_full(path, g_strdup(name), test_bad_schema,
                                  g_free);
    }
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    /* The expected errors quote strerror() as the C locale words it. */
    setlocale(LC_ALL, "C");
    /* Paths in schemas and in the expected errors are relative to it. */
    g_assert_cmpint(g_chdir(QAPI_SCHEMA_TEST_DIR), ==, 0);

    g_test_add_func("/qapi-schema/parser/keeps-line-and-column-of-values",
                    test_parser_keeps_positions);
    g_test_add_func("/qapi-schema/parser/reads-negative-and-hex-integers",
                    test_parser_reads_integers);
    g_test_add_func("/qapi-schema/parser/reads-each-file-once-despite-cycles",
                    test_parser_reads_each_file_once);
    g_test_add_func("/qapi-schema/parser/splices-includes-in-place",
                    test_parser_splices_includes_in_place);
    g_test_add_func("/qapi-schema/parser/reports-a-missing-include-where-named",
                    test_parser_reports_missing_include_where_named);
    g_test_add_func("/qapi-schema/parser/bounds-nesting-depth",
                    test_parser_bounds_nesting);
    g_test_add_func("/qapi-schema/parser/refuses-a-file-over-16-mib",
                    test_parser_refuses_huge_file);
    g_test_add_func("/qapi-schema/parser/reports-nul-bytes",
                    test_parser_survives_nul_bytes);
    g_test_add_func("/qapi-schema/parser/adds-up-pragma-lists",
                    test_parser_adds_up_pragma_lists);

    g_test_add_func("/qapi-schema/doc/dedents-member-text",
                    test_doc_dedents_member_text);
    g_test_add_func("/qapi-schema/doc/keeps-sections-in-source-order",
                    test_doc_keeps_sections_in_source_order);
    g_test_add_func("/qapi-schema/doc/leaves-rst-directives-as-text",
                    test_doc_leaves_rst_directives_as_text);
    g_test_add_func("/qapi-schema/doc/reads-a-free-form-heading",
                    test_doc_reads_free_form_heading);
    g_test_add_func("/qapi-schema/doc/takes-old-tagged-sections",
                    test_doc_takes_old_tagged_sections);
    g_test_add_func("/qapi-schema/doc/describes-features",
                    test_doc_describes_features);
    g_test_add_func("/qapi-schema/doc/required-honours-exceptions",
                    test_doc_required_honours_exceptions);
    g_test_add_func("/qapi-schema/doc/required-alone-spares-members",
                    test_doc_required_alone_spares_members);
    g_test_add_func("/qapi-schema/doc/reads-older-qemu-style",
                    test_doc_reads_older_qemu_style);

    g_test_add_func("/qapi-schema/model/defines-built-ins-first",
                    test_model_defines_builtins_first);
    g_test_add_func("/qapi-schema/model/keeps-definition-order",
                    test_model_keeps_definition_order);
    g_test_add_func("/qapi-schema/model/flattens-base-members-first",
                    test_model_flattens_base_members_first);
    g_test_add_func("/qapi-schema/model/gives-union-base-tag-and-branches",
                    test_model_gives_union_base_tag_and_branches);
    g_test_add_func("/qapi-schema/model/conditions-left-out-branches",
                    test_model_conditions_implicit_branches);
    g_test_add_func("/qapi-schema/model/allows-a-union-as-union-branch",
                    test_model_allows_union_branch_union);
    g_test_add_func("/qapi-schema/model/names-implicit-types-like-qemu",
                    test_model_names_implicit_types_like_qemu);
    g_test_add_func("/qapi-schema/model/maps-names-to-c",
                    test_model_maps_names_to_c);
    g_test_add_func("/qapi-schema/model/c-name-protects-reserved-words",
                    test_model_c_name_protects_reserved_words);
    g_test_add_func("/qapi-schema/model/turns-camel-case-to-upper-case",
                    test_model_camel_to_upper);
    g_test_add_func("/qapi-schema/model/prints-conditions-for-c-and-docs",
                    test_model_prints_conditions);
    g_test_add_func("/qapi-schema/model/parenthesises-nested-conditions",
                    test_model_parenthesises_nested_conditions);
    g_test_add_func("/qapi-schema/model/bounds-chains-of-bases",
                    test_model_bounds_chains_of_bases);
    g_test_add_func("/qapi-schema/model/checks-nested-unions-once",
                    test_model_checks_nested_unions_once);
    g_test_add_func("/qapi-schema/model/marks-special-features",
                    test_model_marks_special_features);
    g_test_add_func("/qapi-schema/model/keeps-command-flags",
                    test_model_keeps_command_flags);
    g_test_add_func("/qapi-schema/model/resolves-command-data-and-returns",
                    test_model_resolves_command_data_and_returns);
    g_test_add_func("/qapi-schema/model/gives-events-their-data",
                    test_model_gives_events_their_data);
    g_test_add_func("/qapi-schema/model/picks-alternate-branches-by-qtype",
                    test_model_picks_alternate_branches_by_qtype);
    g_test_add_func("/qapi-schema/model/connects-member-docs",
                    test_model_connects_member_docs);
    g_test_add_func("/qapi-schema/model/tracks-modules-and-includes",
                    test_model_tracks_modules_and_includes);
    g_test_add_func("/qapi-schema/model/keeps-qom-types-in-their-own-namespace",
                    test_model_keeps_qom_types_apart);
    g_test_add_func("/qapi-schema/model/iterates-by-kind",
                    test_model_iterates_by_kind);

    g_test_add_func("/qapi-schema/qom/links-parents-up-to-object",
                    test_qom_links_parents);
    g_test_add_func("/qapi-schema/qom/takes-properties-from-a-named-struct",
                    test_qom_takes_properties_from_a_named_struct);
    g_test_add_func("/qapi-schema/qom/gives-defaults-as-qobjects",
                    test_qom_gives_defaults_as_qobjects);
    g_test_add_func("/qapi-schema/qom/marks-runtime-properties",
                    test_qom_marks_runtime_properties);
    g_test_add_func("/qapi-schema/qom/lists-inherited-properties-root-first",
                    test_qom_lists_inherited_properties_root_first);
    g_test_add_func("/qapi-schema/qom/integer-elsewhere-is-a-type-error",
                    test_qom_integer_literal_elsewhere_is_a_type_error);

    add_bad_schema_tests();
    return g_test_run();
}
