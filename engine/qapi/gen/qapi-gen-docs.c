/* The docs backend: PREFIXqapi-reference.md, a Markdown reference of every
 * command, event, type and QOM type in the schema.
 *
 * The schema's doc comments are the text. Definitions come in source
 * order (included files where they are first included), between the
 * free-form comments: a "= Title" comment becomes a heading, "== Title" one
 * level deeper, and each definition sits one level below the heading
 * before it. A definition shows its condition ("Only when ..."), its body,
 * its members, values, branches or properties with their types, each with
 * its description or "Not documented", its features, and the tagged
 * sections (Returns, Errors, Since, Notes, Examples) where the comment has
 * them. TODO sections are for the schema's authors and are left out.
 * "@name" in the text becomes `name`; examples become code blocks.
 *
 * Definitions without a doc comment (possible when the schema does not
 * require them) are listed too, "Not documented".
 *
 * Every definition has an anchor ("command-NAME", "event-NAME",
 * "type-NAME", "qom-NAME") that type references link to.
 *
 * Ownership: everything lives in the call. Failure: the schema file is
 * read again (for where its includes are) and the output written; either
 * can fail.
 */
#include "qapi-gen.h"
#include "qjson.h"

#include <string.h>

typedef struct DocsWriter {
    QapiGenFile *md;
    unsigned level;             /* of the last free-form heading */
} DocsWriter;

/* Whether an entity gets a section of its own: what the schema defines,
 * not the built-ins, implicit objects and arrays it makes. */
static bool docs_wanted(const QapiEntity *e)
{
    return !e->module->builtin && !e->implicit &&
           e->kind != QAPI_ENTITY_BUILTIN && e->kind != QAPI_ENTITY_ARRAY;
}

static const char *docs_anchor_kind(const QapiEntity *e)
{
    switch (e->kind) {
    case QAPI_ENTITY_COMMAND:
        return "command";
    case QAPI_ENTITY_EVENT:
        return "event";
    case QAPI_ENTITY_QOM_TYPE:
        return "qom";
    default:
        return "type";
    }
}

/* Text */

static bool is_name_char(char c)
{
    return g_ascii_isalnum(c) || c == '-' || c == '_' || c == '.';
}

/* text with "@name" as `name`; a '.' ending the name ends a sentence. */
static char *docs_refs(const char *text)
{
    g_autoptr(GString) out = g_string_new(NULL);

    for (const char *p = text; *p; p++) {
        size_t len = 0;

        if (*p == '@' && (p == text || !g_ascii_isalnum(p[-1]))) {
            while (is_name_char(p[1 + len])) {
                len++;
            }
            while (len && p[len] == '.') {
                len--;
            }
        }
        if (!len) {
            g_string_append_c(out, *p);
            continue;
        }
        g_string_append_c(out, '`');
        g_string_append_len(out, p + 1, len);
        g_string_append_c(out, '`');
        p += len;
    }
    return g_string_free(g_steal_pointer(&out), FALSE);
}

/* Writes text (may be several lines) after what is already on the line;
 * the lines after the first are indented by indent, so they stay inside
 * a list item. Ends the line. */
static void docs_text(DocsWriter *w, const char *text, const char *indent)
{
    g_autofree char *refs = docs_refs(text);
    g_auto(GStrv) lines = g_strsplit(refs, "\n", -1);

    for (guint i = 0; lines[i]; i++) {
        if (i > 0 && *lines[i]) {
            qapi_gen_puts(w->md, indent);
        }
        qapi_gen_printf(w->md, "%s\n", lines[i]);
    }
}

static void docs_paragraph(DocsWriter *w, const char *text)
{
    if (text && *text) {
        docs_text(w, text, "");
        qapi_gen_puts(w->md, "\n");
    }
}

static void docs_heading(DocsWriter *w, unsigned level, const char *title)
{
    g_autofree char *hashes = g_strnfill(MIN(MAX(level, 1), 6), '#');

    qapi_gen_printf(w->md, "%s %s\n\n", hashes, title);
}

/* Types */

/* A reference to a type: built-ins by name, arrays as "list of", the
 * others linked to their section. */
static char *docs_type_ref(const QapiEntity *type)
{
    const QapiArrayType *array = qapi_entity_as_array(type);

    if (array) {
        g_autofree char *element = docs_type_ref(array->element_type);
        return g_strdup_printf("list of %s", element);
    }
    if (type->kind == QAPI_ENTITY_BUILTIN || !docs_wanted(type)) {
        return g_strdup_printf("`%s`", type->name);
    }
    return g_strdup_printf("[`%s`](#type-%s)", type->name, type->name);
}

static char *docs_entity_link(const QapiEntity *e)
{
    return g_strdup_printf("[`%s`](#%s-%s)", e->name, docs_anchor_kind(e),
                           e->name);
}

/* Lists */

/* "- `name` (details): description", for members, values, branches,
 * properties. details may be NULL. */
static void docs_item(DocsWriter *w, const char *name, const char *details,
                      const QapiDocSection *doc)
{
    qapi_gen_printf(w->md, "- `%s`", name);
    if (details && *details) {
        qapi_gen_printf(w->md, " (%s)", details);
    }
    qapi_gen_puts(w->md, ": ");
    docs_text(w, doc && *doc->text ? doc->text : "Not documented", "  ");
}

static void docs_add_detail(GString *details, const char *text)
{
    if (details->len) {
        g_string_append(details, ", ");
    }
    g_string_append(details, text);
}

static void docs_add_condition(GString *details, const QapiIfCond *cond)
{
    g_autofree char *text = qapi_if_cond_to_doc(cond);

    if (text) {
        g_autofree char *only = g_strdup_printf("only when %s", text);
        docs_add_detail(details, only);
    }
}

static void docs_add_features(GString *details, const GPtrArray *features)
{
    for (guint i = 0; features && i < features->len; i++) {
        const QapiFeature *f = g_ptr_array_index(features, i);
        g_autofree char *name = g_strdup_printf("`%s`", f->name);

        docs_add_detail(details, name);
    }
}

static void docs_member(DocsWriter *w, const QapiMember *m)
{
    g_autoptr(GString) details = g_string_new(NULL);
    g_autofree char *type = docs_type_ref(m->type);

    docs_add_detail(details, type);
    if (m->optional) {
        docs_add_detail(details, "optional");
    }
    if (m->default_value) {
        g_autofree char *value = qobject_to_json(m->default_value);
        g_autofree char *text = g_strdup_printf("default `%s`", value);
        docs_add_detail(details, text);
    }
    docs_add_features(details, m->features);
    docs_add_condition(details, m->ifcond);
    docs_item(w, m->name, details->str, m->doc);
}

static void docs_list_title(DocsWriter *w, const char *title)
{
    qapi_gen_printf(w->md, "**%s**\n\n", title);
}

/* An object's members: a named base's by reference, then its own. A
 * union's inline base is listed in place. */
static void docs_object_members(DocsWriter *w, const QapiObjectType *obj,
                                const char *title)
{
    const QapiObjectType *base = obj->base;
    const QapiObjectType *inline_base = base && base->entity.implicit ?
                                        base : NULL;

    if (!obj->local_members->len && !base) {
        return;
    }
    docs_list_title(w, title);
    if (base && !inline_base) {
        g_autofree char *ref = docs_type_ref(QAPI_ENTITY(base));
        qapi_gen_printf(w->md, "- The members of %s.\n", ref);
    }
    for (guint i = 0; inline_base && i < inline_base->local_members->len;
         i++) {
        docs_member(w, g_ptr_array_index(inline_base->local_members, i));
    }
    for (guint i = 0; i < obj->local_members->len; i++) {
        docs_member(w, g_ptr_array_index(obj->local_members, i));
    }
    qapi_gen_puts(w->md, "\n");
}

/* A command's arguments or an event's data: inline ones listed, a named
 * type by reference. */
static void docs_arguments(DocsWriter *w, const QapiObjectType *args,
                           const char *title)
{
    g_autofree char *ref = NULL;

    if (!args) {
        return;
    }
    if (args->entity.implicit) {
        docs_object_members(w, args, title);
        return;
    }
    ref = docs_type_ref(QAPI_ENTITY(args));
    docs_list_title(w, title);
    qapi_gen_printf(w->md, "- The members of %s.\n\n", ref);
}

static void docs_branches(DocsWriter *w, const QapiObjectType *obj)
{
    bool any = false;

    for (guint i = 0; i < obj->variants->len; i++) {
        const QapiVariant *v = g_ptr_array_index(obj->variants, i);
        g_autoptr(GString) details = g_string_new(NULL);
        g_autofree char *ref = NULL;
        g_autofree char *what = NULL;

        if (v->implicit) {
            continue;   /* no members beyond the common ones */
        }
        if (!any) {
            g_autofree char *title = g_strdup_printf(
                "Branches, by `%s`", obj->tag_member->name);
            docs_list_title(w, title);
            any = true;
        }
        ref = docs_type_ref(v->type);
        what = g_strdup_printf("the members of %s", ref);
        docs_add_condition(details, v->ifcond);
        qapi_gen_printf(w->md, "- `%s`%s%s%s: %s\n", v->name,
                        details->len ? " (" : "", details->str,
                        details->len ? ")" : "", what);
    }
    if (any) {
        qapi_gen_puts(w->md, "\n");
    }
}

static void docs_enum_values(DocsWriter *w, const QapiEnumType *en)
{
    docs_list_title(w, "Values");
    for (guint i = 0; i < en->values->len; i++) {
        const QapiEnumValue *v = g_ptr_array_index(en->values, i);
        g_autoptr(GString) details = g_string_new(NULL);

        docs_add_features(details, v->features);
        docs_add_condition(details, v->ifcond);
        docs_item(w, v->name, details->str, v->doc);
    }
    qapi_gen_puts(w->md, "\n");
}

static void docs_alternatives(DocsWriter *w, const QapiAlternateType *alt)
{
    docs_list_title(w, "One of");
    for (guint i = 0; i < alt->variants->len; i++) {
        const QapiVariant *v = g_ptr_array_index(alt->variants, i);
        g_autoptr(GString) details = g_string_new(NULL);
        g_autofree char *ref = docs_type_ref(v->type);

        docs_add_detail(details, ref);
        docs_add_condition(details, v->ifcond);
        docs_item(w, v->name, details->str, v->doc);
    }
    qapi_gen_puts(w->md, "\n");
}

static void docs_qom_type(DocsWriter *w, const QapiQomType *qom)
{
    if (qom->parent) {
        g_autofree char *parent = docs_entity_link(QAPI_ENTITY(qom->parent));
        qapi_gen_printf(w->md, "Parent: %s.", parent);
    } else {
        qapi_gen_puts(w->md, "The root of the type tree.");
    }
    if (qom->abstract) {
        qapi_gen_puts(w->md, " Abstract: only its subtypes have objects.");
    } else if (qom->user_creatable) {
        qapi_gen_puts(w->md, " Users can create it.");
    }
    qapi_gen_puts(w->md, "\n\n");
    if (qom->props && qom->props->members->len) {
        if (!qom->props->entity.implicit) {
            g_autofree char *ref = docs_type_ref(QAPI_ENTITY(qom->props));
            qapi_gen_printf(w->md, "Its properties are the members of %s.\n\n",
                            ref);
        }
        docs_list_title(w, "Properties");
        for (guint i = 0; i < qom->props->members->len; i++) {
            docs_member(w, g_ptr_array_index(qom->props->members, i));
        }
        qapi_gen_puts(w->md, "\n");
    }
    if (qom->parent) {
        g_autofree char *parent = docs_entity_link(QAPI_ENTITY(qom->parent));
        qapi_gen_printf(w->md, "It also has the properties of %s.\n\n",
                        parent);
    }
}

/* The definition's features, with the descriptions its doc comment
 * gives under "Features:" (members' features included). */
static void docs_features(DocsWriter *w, const QapiEntity *e)
{
    bool any = false;

    for (guint i = 0; e->doc && i < e->doc->sections->len; i++) {
        const QapiDocSection *s = g_ptr_array_index(e->doc->sections, i);

        if (s->kind != QAPI_DOC_SECTION_FEATURE) {
            continue;
        }
        if (!any) {
            docs_list_title(w, "Features");
            any = true;
        }
        docs_item(w, s->name, NULL, s);
    }
    for (guint i = 0; e->features && i < e->features->len; i++) {
        const QapiFeature *f = g_ptr_array_index(e->features, i);
        g_autoptr(GString) details = g_string_new(NULL);

        if (f->doc) {
            continue;   /* listed above */
        }
        if (!any) {
            docs_list_title(w, "Features");
            any = true;
        }
        docs_add_condition(details, f->ifcond);
        docs_item(w, f->name, details->str, NULL);
    }
    if (any) {
        qapi_gen_puts(w->md, "\n");
    }
}

/* "**Title:** text", or the title as a paragraph of its own when the
 * text has several lines (it may be a list). */
static void docs_tagged(DocsWriter *w, const char *title, const char *text)
{
    if (!text || !*text) {
        qapi_gen_printf(w->md, "**%s**\n\n", title);
    } else if (strchr(text, '\n')) {
        qapi_gen_printf(w->md, "**%s:**\n\n", title);
        docs_paragraph(w, text);
    } else {
        qapi_gen_printf(w->md, "**%s:** ", title);
        docs_paragraph(w, text);
    }
}

/* "**Returns** `Type`: text"; the type even where the text is missing. */
static void docs_returns(DocsWriter *w, const QapiCommand *cmd,
                         const QapiDocSection *s)
{
    g_autofree char *ref = cmd->ret_type ? docs_type_ref(cmd->ret_type)
                                         : NULL;
    g_autofree char *title = g_strdup_printf("Returns%s%s", ref ? " " : "",
                                             ref ? ref : "");

    docs_tagged(w, title, s ? s->text : NULL);
}

/* An example as a code block. Older schemas (QEMU 7.2's among them)
 * write the example's text below "Example:" after a blank line, which
 * makes it plain paragraphs; an example without text of its own takes
 * those, up to the next tagged section. Returns the index of the last
 * section used. */
static guint docs_example(DocsWriter *w, const QapiDoc *doc, guint i)
{
    const QapiDocSection *s = g_ptr_array_index(doc->sections, i);
    g_autoptr(GString) text = g_string_new(s->text);

    while (!*s->text && i + 1 < doc->sections->len) {
        const QapiDocSection *next = g_ptr_array_index(doc->sections, i + 1);

        if (next->kind != QAPI_DOC_SECTION_PLAIN) {
            break;
        }
        g_string_append_printf(text, "%s%s", text->len ? "\n\n" : "",
                               next->text);
        i++;
    }
    qapi_gen_printf(w->md, "**%s**\n\n```\n%s\n```\n\n", s->tag,
                    text->str);
    return i;
}

/* The doc comment's sections after the members: plain paragraphs and
 * tagged sections, in the comment's order. */
static void docs_sections(DocsWriter *w, const QapiEntity *e)
{
    const QapiCommand *cmd = qapi_entity_as_command(e);
    bool in_body = true;
    bool returned = false;

    for (guint i = 0; e->doc && i < e->doc->sections->len; i++) {
        const QapiDocSection *s = g_ptr_array_index(e->doc->sections, i);

        if (s->kind == QAPI_DOC_SECTION_PLAIN) {
            if (!in_body) {
                docs_paragraph(w, s->text);
            }
            continue;
        }
        in_body = false;
        switch (s->kind) {
        case QAPI_DOC_SECTION_RETURNS:
            if (cmd) {
                docs_returns(w, cmd, s);
                returned = true;
            }
            break;
        case QAPI_DOC_SECTION_EXAMPLE:
            i = docs_example(w, e->doc, i);
            break;
        case QAPI_DOC_SECTION_ERRORS:
        case QAPI_DOC_SECTION_SINCE:
        case QAPI_DOC_SECTION_NOTE:
            docs_tagged(w, s->tag, s->text);
            break;
        default:
            break;      /* members and features are listed; TODO is not
                         * for readers */
        }
    }
    if (cmd && cmd->ret_type && !returned) {
        docs_returns(w, cmd, NULL);
    }
}

static const char *docs_kind_title(const QapiEntity *e)
{
    const QapiObjectType *obj = qapi_entity_as_object(e);

    switch (e->kind) {
    case QAPI_ENTITY_COMMAND:
        return "Command";
    case QAPI_ENTITY_EVENT:
        return "Event";
    case QAPI_ENTITY_ENUM:
        return "Enum";
    case QAPI_ENTITY_ALTERNATE:
        return "Alternate";
    case QAPI_ENTITY_QOM_TYPE:
        return "QOM type";
    default:
        return qapi_object_is_union(obj) ? "Union" : "Struct";
    }
}

static void docs_entity(DocsWriter *w, const QapiEntity *e)
{
    g_autofree char *title = g_strdup_printf("%s `%s`", docs_kind_title(e),
                                             e->name);
    g_autofree char *cond = qapi_if_cond_to_doc(e->ifcond);

    qapi_gen_printf(w->md, "<a id=\"%s-%s\"></a>\n\n", docs_anchor_kind(e),
                    e->name);
    /* One level below the heading before it; never a document title. */
    docs_heading(w, MAX(w->level + 1, 2), title);
    if (cond) {
        qapi_gen_printf(w->md, "_Only when %s._\n\n", cond);
    }
    docs_paragraph(w, e->doc ? qapi_doc_get_body(e->doc) : NULL);

    switch (e->kind) {
    case QAPI_ENTITY_COMMAND:
        docs_arguments(w, qapi_entity_as_command(e)->arg_type, "Arguments");
        break;
    case QAPI_ENTITY_EVENT:
        docs_arguments(w, qapi_entity_as_event(e)->arg_type, "Data");
        break;
    case QAPI_ENTITY_ENUM:
        docs_enum_values(w, qapi_entity_as_enum(e));
        break;
    case QAPI_ENTITY_ALTERNATE:
        docs_alternatives(w, qapi_entity_as_alternate(e));
        break;
    case QAPI_ENTITY_QOM_TYPE:
        docs_qom_type(w, qapi_entity_as_qom_type(e));
        break;
    case QAPI_ENTITY_OBJECT: {
        const QapiObjectType *obj = qapi_entity_as_object(e);

        docs_object_members(w, obj, "Members");
        if (qapi_object_is_union(obj)) {
            docs_branches(w, obj);
        }
        break;
    }
    default:
        g_assert_not_reached();
    }
    docs_features(w, e);
    docs_sections(w, e);
}

/* Order
 *
 * Definitions and free-form comments go in source order with every
 * included file spliced in where it is first included. A position in
 * that order is a path: the line of each include directive that leads to
 * the file, then the line in the file; two paths compare line by line.
 * The schema model does not keep where the include directives are, so the
 * file is parsed again for them. */

typedef struct DocsItem {
    const QapiEntity *entity;   /* a definition, or */
    const QapiDoc *doc;         /* a free-form comment */
    GArray *path;               /* unsigned: include lines, then the line */
} DocsItem;

static void docs_item_clear(gpointer p)
{
    DocsItem *item = p;

    g_array_unref(item->path);
}

/* Include lines leading to every file: file name -> GArray of unsigned. */
static GHashTable *docs_include_paths(const QapiParse *parse)
{
    GHashTable *paths = g_hash_table_new_full(
        g_str_hash, g_str_equal, NULL, (GDestroyNotify)g_array_unref);
    g_autoptr(GPtrArray) files = g_ptr_array_new();     /* the open files */
    g_autoptr(GArray) lines = g_array_new(FALSE, FALSE, sizeof(unsigned));

    for (guint i = 0; i < parse->exprs->len; i++) {
        const QapiExpr *expr = g_ptr_array_index(parse->exprs, i);
        guint depth;

        /* Back in a file still open: its includes are done. Elsewhere:
         * the first expression of a file the last include brought in. */
        if (g_ptr_array_find_with_equal_func(files, expr->info.file,
                                             g_str_equal, &depth)) {
            g_ptr_array_set_size(files, depth + 1);
            g_array_set_size(lines, depth + 1);
        } else {
            GArray *path = g_array_copy(lines);

            g_hash_table_insert(paths, (gpointer)expr->info.file, path);
            g_ptr_array_add(files, (gpointer)expr->info.file);
            g_array_set_size(lines, lines->len + 1);
        }
        g_array_index(lines, unsigned, lines->len - 1) = expr->info.line;
    }
    return paths;
}

static void docs_add_item(GArray *items, GHashTable *paths,
                          const QapiEntity *e, const QapiDoc *doc)
{
    const QapiSourceInfo *info = e ? &e->info : &doc->info;
    const GArray *prefix = g_hash_table_lookup(paths, info->file);
    DocsItem item = { .entity = e, .doc = doc };

    /* A file without definitions brings no path: it sorts as if its
     * comments were in the main file. */
    item.path = prefix ? g_array_copy((GArray *)prefix)
                       : g_array_new(FALSE, FALSE, sizeof(unsigned));
    g_array_append_val(item.path, info->line);
    g_array_append_val(items, item);
}

static gint docs_item_compare(gconstpointer a, gconstpointer b)
{
    const GArray *pa = ((const DocsItem *)a)->path;
    const GArray *pb = ((const DocsItem *)b)->path;

    for (guint i = 0; i < pa->len && i < pb->len; i++) {
        unsigned la = g_array_index(pa, unsigned, i);
        unsigned lb = g_array_index(pb, unsigned, i);

        if (la != lb) {
            return la < lb ? -1 : 1;
        }
    }
    return (gint)pa->len - (gint)pb->len;
}

/* The definitions and free-form comments, in source order. */
static GArray *docs_items(const QapiGenContext *ctx, Error **errp)
{
    g_autoptr(QapiParse) parse = qapi_parser_parse_file(ctx->schema_path,
                                                        errp);
    g_autoptr(GHashTable) paths = NULL;
    g_autoptr(GArray) items = NULL;
    const GPtrArray *docs = qapi_schema_get_docs(ctx->schema);
    QapiSchemaIter it;

    if (!parse) {
        return NULL;
    }
    paths = docs_include_paths(parse);
    items = g_array_new(FALSE, FALSE, sizeof(DocsItem));
    g_array_set_clear_func(items, docs_item_clear);
    qapi_schema_iter_init(&it, ctx->schema, QAPI_SCHEMA_ITER_ALL);
    for (const QapiEntity *e; (e = qapi_schema_iter_next(&it)); ) {
        if (docs_wanted(e)) {
            docs_add_item(items, paths, e, NULL);
        }
    }
    for (guint i = 0; i < docs->len; i++) {
        const QapiDoc *doc = g_ptr_array_index(docs, i);

        if (!doc->symbol) {
            docs_add_item(items, paths, NULL, doc);
        }
    }
    /* Stable, so two comments in one block keep their order. */
    g_array_sort(items, docs_item_compare);
    return g_steal_pointer(&items);
}

static void docs_free_form(DocsWriter *w, const QapiDoc *doc)
{
    if (doc->heading) {
        docs_heading(w, doc->heading_level, doc->heading);
        w->level = doc->heading_level;
    }
    docs_paragraph(w, qapi_doc_get_body(doc));
}

bool qapi_gen_docs(const QapiGenContext *ctx, Error **errp)
{
    g_autoptr(GArray) items = docs_items(ctx, errp);
    g_autoptr(QapiGenFile) md = NULL;
    DocsWriter w = { 0 };

    if (!items) {
        return false;
    }
    md = qapi_gen_file_new_markdown(
        ctx, "qapi-reference.md",
        "Reference of the commands, events, types and QOM types.");
    w.md = md;
    for (guint i = 0; i < items->len; i++) {
        const DocsItem *item = &g_array_index(items, DocsItem, i);

        if (item->entity) {
            docs_entity(&w, item->entity);
        } else {
            docs_free_form(&w, item->doc);
        }
    }
    return qapi_gen_file_write(md, errp);
}
