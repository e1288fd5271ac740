/* QAPI doc comments: see qapi-doc.h. */
#include "qapi-doc.h"

#include <string.h>

typedef struct DocTag {
    const char *word;
    QapiDocSectionKind kind;
    bool once;          /* a second one is an error */
} DocTag;

/* Longer words first, so "Notes:" is not read as "Note" + "s:". */
static const DocTag doc_tags[] = {
    { "Returns",  QAPI_DOC_SECTION_RETURNS, true },
    { "Errors",   QAPI_DOC_SECTION_ERRORS,  true },
    { "Since",    QAPI_DOC_SECTION_SINCE,   true },
    { "Notes",    QAPI_DOC_SECTION_NOTE,    false },
    { "Note",     QAPI_DOC_SECTION_NOTE,    false },
    { "Examples", QAPI_DOC_SECTION_EXAMPLE, false },
    { "Example",  QAPI_DOC_SECTION_EXAMPLE, false },
    { "TODO",     QAPI_DOC_SECTION_TODO,    false },
};

typedef struct DocParser {
    const QapiDocLine *lines;
    size_t n_lines;
    size_t next;
    char *line;                 /* current line without "# "; NULL: end */
    QapiSourceInfo line_info;
    QapiDoc *doc;
    GPtrArray *texts;           /* GString *, one per doc->sections entry */
} DocParser;

static void doc_section_free(gpointer p)
{
    QapiDocSection *s = p;

    g_free(s->name);
    g_free(s->tag);
    g_free(s->text);
    g_free(s);
}

void qapi_doc_free(QapiDoc *doc)
{
    if (!doc) {
        return;
    }
    g_free(doc->symbol);
    g_free(doc->heading);
    g_ptr_array_unref(doc->sections);
    g_hash_table_unref(doc->members_);
    g_hash_table_unref(doc->features_);
    g_free(doc);
}

/* Moves to the next line: "#" is an empty line, "# text" is "text" without
 * trailing blanks. Sets dp->line to NULL at the end of the block. */
static bool doc_next_line(DocParser *dp, Error **errp)
{
    g_clear_pointer(&dp->line, g_free);
    if (dp->next == dp->n_lines) {
        return true;
    }

    const QapiDocLine *l = &dp->lines[dp->next++];
    const char *text = l->text;

    dp->line_info = l->info;
    if (text[0] != '#') {
        /* The lexer hands over comments only; be safe anyway. */
        qapi_error_at(errp, &l->info, "expected a '#' comment line");
        return false;
    }
    if (text[1] == '\0') {
        dp->line = g_strdup("");
        return true;
    }
    if (text[1] != ' ') {
        qapi_error_at(errp, &l->info, "missing space after '#'");
        return false;
    }
    dp->line = g_strchomp(g_strdup(text + 2));
    return true;
}

static bool doc_line_is_blank(const DocParser *dp)
{
    return dp->line && dp->line[0] == '\0';
}

static QapiDocSection *doc_new_section(DocParser *dp, QapiDocSectionKind kind,
                                       const char *name, const char *tag)
{
    QapiDocSection *s = g_new0(QapiDocSection, 1);

    s->kind = kind;
    s->name = g_strdup(name);
    s->tag = g_strdup(tag);
    s->info = dp->line_info;
    g_ptr_array_add(dp->doc->sections, s);
    g_ptr_array_add(dp->texts, g_string_new(NULL));
    if (kind == QAPI_DOC_SECTION_MEMBER) {
        g_hash_table_insert(dp->doc->members_, s->name, s);
    } else if (kind == QAPI_DOC_SECTION_FEATURE) {
        g_hash_table_insert(dp->doc->features_, s->name, s);
    }
    return s;
}

static void doc_append(DocParser *dp, const char *text)
{
    GString *buf = g_ptr_array_index(dp->texts, dp->texts->len - 1);

    g_string_append(buf, text);
    g_string_append_c(buf, '\n');
}

static size_t doc_indent_of(const char *line)
{
    return strspn(line, " ");
}

/* "@name: text": true with the name and where the text starts. The name
 * runs to the first ':' and has no blanks: "@id : text", which QEMU 7.2's
 * schema has, is a plain line, as QEMU 7.2 reads it. */
static bool doc_match_at_name(const char *line, char **name,
                              const char **rest)
{
    size_t len;

    if (line[0] != '@') {
        return false;
    }
    len = strcspn(line + 1, ": \t");
    if (line[1 + len] != ':') {
        return false;
    }
    if (name) {
        *name = g_strndup(line + 1, len);
    }
    if (rest) {
        const char *after = line + 1 + len + 1;

        *rest = after + strspn(after, " ");
    }
    return true;
}

static const DocTag *doc_match_tag(const char *line, const char **rest)
{
    for (size_t i = 0; i < G_N_ELEMENTS(doc_tags); i++) {
        size_t len = strlen(doc_tags[i].word);

        /* "Example::" is an rST literal block, not a section. */
        if (strncmp(line, doc_tags[i].word, len) == 0 && line[len] == ':' &&
            line[len + 1] != ':') {
            *rest = line + len + 1 + strspn(line + len + 1, " ");
            return &doc_tags[i];
        }
    }
    return NULL;
}

/* Whether line starts a section of its own even without a blank line
 * before it, as QEMU up to 8.1 wrote "Since:" right after the members. */
static bool doc_starts_section(const char *line)
{
    const char *rest;

    return doc_match_at_name(line, NULL, NULL) ||
           doc_match_tag(line, &rest) || strcmp(line, "Features:") == 0;
}

/* After "@name: text" or "Tag: text" (text starting at column text_col,
 * 0 when there is none): blank lines, then indented continuation lines.
 * The first continuation line sets the indent, or the text's column when
 * that is less (QEMU up to 8.1 aligned continuation lines with the text).
 * A later line indented less ends the section after a blank line, or when
 * it starts a section of its own; anywhere else it is an error. Leaves
 * dp->line at the first line that is not part of the section. */
static bool doc_read_indented(DocParser *dp, size_t text_col, Error **errp)
{
    size_t indent;
    bool prev_blank;

    if (!doc_next_line(dp, errp)) {
        return false;
    }
    while (doc_line_is_blank(dp)) {
        doc_append(dp, "");
        if (!doc_next_line(dp, errp)) {
            return false;
        }
    }
    if (!dp->line) {
        return true;
    }
    indent = doc_indent_of(dp->line);
    if (indent == 0) {
        return true;
    }
    if (text_col && text_col < indent) {
        indent = text_col;
    }
    doc_append(dp, dp->line + indent);
    prev_blank = false;
    for (;;) {
        if (!doc_next_line(dp, errp)) {
            return false;
        }
        if (!dp->line || doc_match_at_name(dp->line, NULL, NULL)) {
            return true;
        }
        if (dp->line[0] != '\0' && doc_indent_of(dp->line) < indent) {
            if (prev_blank || doc_starts_section(dp->line)) {
                return true;
            }
            qapi_error_at(errp, &dp->line_info,
                          "unexpected de-indent (expected at least %zu spaces)",
                          indent);
            return false;
        }
        doc_append(dp, dp->line[0] ? dp->line + indent : "");
        prev_blank = dp->line[0] == '\0';
    }
}

/* A tag alone on its line followed by unindented text ("Example:", blank,
 * "-> { ... }") is QEMU's older style: the text, blank lines and all,
 * belongs to the tag up to the next section. */
static bool doc_read_unindented(DocParser *dp, Error **errp)
{
    GString *buf = g_ptr_array_index(dp->texts, dp->texts->len - 1);

    if (!dp->line || doc_starts_section(dp->line) ||
        strspn(buf->str, "\n") != buf->len) {
        return true;
    }
    for (;;) {
        doc_append(dp, dp->line);
        if (!doc_next_line(dp, errp)) {
            return false;
        }
        if (!dp->line || doc_starts_section(dp->line)) {
            return true;
        }
    }
}

/* A paragraph runs to the next blank line. Consecutive plain paragraphs
 * share one section, so an overview of several paragraphs is one body. */
static bool doc_read_paragraph(DocParser *dp, Error **errp)
{
    QapiDoc *doc = dp->doc;
    const QapiDocSection *last = doc->sections->len ?
        g_ptr_array_index(doc->sections, doc->sections->len - 1) : NULL;

    if (last && last->kind == QAPI_DOC_SECTION_PLAIN) {
        doc_append(dp, "");
    } else {
        doc_new_section(dp, QAPI_DOC_SECTION_PLAIN, NULL, NULL);
    }
    for (;;) {
        doc_append(dp, dp->line);
        if (!doc_next_line(dp, errp)) {
            return false;
        }
        if (!dp->line || dp->line[0] == '\0') {
            return true;
        }
    }
}

static bool doc_skip_blank(DocParser *dp, Error **errp)
{
    while (doc_line_is_blank(dp)) {
        if (!doc_next_line(dp, errp)) {
            return false;
        }
    }
    return true;
}

/* A run of "@name: text" descriptions, members or features. */
static bool doc_read_descriptions(DocParser *dp, QapiDocSectionKind kind,
                                  Error **errp)
{
    char *name_raw;
    const char *rest;

    while (dp->line && doc_match_at_name(dp->line, &name_raw, &rest)) {
        g_autofree char *name = name_raw;
        const char *what = kind == QAPI_DOC_SECTION_MEMBER ?
            "member" : "feature";
        const QapiDocSection *dup = kind == QAPI_DOC_SECTION_MEMBER ?
            qapi_doc_get_member(dp->doc, name) :
            qapi_doc_get_feature(dp->doc, name);

        if (!name[0]) {
            qapi_error_at(errp, &dp->line_info, "'@:' needs a %s name", what);
            return false;
        }
        if (dup) {
            qapi_error_at(errp, &dp->line_info, "%s '%s' is described twice",
                          what, name);
            return false;
        }
        doc_new_section(dp, kind, name, NULL);
        if (rest[0]) {
            doc_append(dp, rest);
        }
        if (!doc_read_indented(dp, rest[0] ? (size_t)(rest - dp->line) : 0,
                               errp)) {
            return false;
        }
    }
    return true;
}

static bool doc_parse_definition(DocParser *dp, Error **errp)
{
    QapiDoc *doc = dp->doc;
    size_t len = strlen(dp->line);
    bool descriptions_done = false;

    if (dp->line[len - 1] != ':') {
        qapi_error_at(errp, &dp->line_info,
                      "the '@SYMBOL:' line must end with ':'");
        return false;
    }
    if (len == 2) {
        qapi_error_at(errp, &dp->line_info, "a name must follow the '@'");
        return false;
    }
    doc->symbol = g_strndup(dp->line + 1, len - 2);
    if (!doc_next_line(dp, errp)) {
        return false;
    }

    while (dp->line) {
        const DocTag *tag;
        const char *rest;
        g_autofree char *name = NULL;

        if (!doc_skip_blank(dp, errp)) {
            return false;
        }
        if (!dp->line) {
            break;
        }
        if (strcmp(dp->line, "Features:") == 0) {
            if (g_hash_table_size(doc->features_)) {
                qapi_error_at(errp, &dp->line_info,
                              "a second 'Features:' line");
                return false;
            }
            QapiSourceInfo features_info = dp->line_info;
            if (!doc_next_line(dp, errp) || !doc_skip_blank(dp, errp) ||
                !doc_read_descriptions(dp, QAPI_DOC_SECTION_FEATURE, errp)) {
                return false;
            }
            if (!g_hash_table_size(doc->features_)) {
                qapi_error_at(errp, &features_info,
                              "'Features:' must be followed by '@feature:' "
                              "descriptions");
                return false;
            }
            descriptions_done = true;
        } else if (doc_match_at_name(dp->line, &name, NULL)) {
            if (descriptions_done) {
                qapi_error_at(errp, &dp->line_info,
                              "description of '@%s:' comes too late: "
                              "describe all members in one block, before "
                              "'Features:' and tagged sections", name);
                return false;
            }
            if (!doc_read_descriptions(dp, QAPI_DOC_SECTION_MEMBER, errp)) {
                return false;
            }
            descriptions_done = true;
        } else if ((tag = doc_match_tag(dp->line, &rest))) {
            if (tag->once && qapi_doc_get_section(doc, tag->kind)) {
                qapi_error_at(errp, &dp->line_info, "a second '%s:' section",
                              tag->word);
                return false;
            }
            bool bare = !rest[0];
            size_t text_col = bare ? 0 : (size_t)(rest - dp->line);

            doc_new_section(dp, tag->kind, NULL, tag->word);
            if (!bare) {
                doc_append(dp, rest);
            }
            if (!doc_read_indented(dp, text_col, errp) ||
                (bare && !doc_read_unindented(dp, errp))) {
                return false;
            }
            descriptions_done = true;
        } else if (dp->line[0] == '=') {
            qapi_error_at(errp, &dp->line_info,
                          "a '=' heading belongs in free-form documentation, "
                          "not in the documentation of '%s'", doc->symbol);
            return false;
        } else if (!doc_read_paragraph(dp, errp)) {
            return false;
        }
    }
    return true;
}

/* Free-form text. Only a first line of '=' signs, a space and a title is
 * a heading; a later '=' line is text, as QEMU 7.2 reads it (its
 * qapi-schema.json has one). "@name:" has no place here: it is a
 * definition's doc comment that lacks its "@SYMBOL:" line. */
static bool doc_parse_free_form(DocParser *dp, Error **errp)
{
    QapiDoc *doc = dp->doc;
    bool first = true;

    doc_new_section(dp, QAPI_DOC_SECTION_PLAIN, NULL, NULL);
    for (; dp->line; first = false) {
        size_t level = strspn(dp->line, "=");
        g_autofree char *name = NULL;

        if (doc_match_at_name(dp->line, &name, NULL)) {
            qapi_error_at(errp, &dp->line_info,
                          "'@%s:' in free-form documentation (a definition's "
                          "documentation starts with '@NAME:')", name);
            return false;
        }
        if (first && level && dp->line[level] == ' ' &&
            dp->line[level + 1]) {
            doc->heading_level = level;
            doc->heading = g_strdup(dp->line + level + 1);
        } else {
            doc_append(dp, dp->line);
        }
        if (!doc_next_line(dp, errp)) {
            return false;
        }
    }
    return true;
}

static void doc_gstring_free(gpointer buf)
{
    g_string_free(buf, TRUE);
}

/* Blank lines at either end go; the text keeps no final newline. */
static char *doc_finish_text(GString *buf)
{
    const char *s = buf->str;
    size_t len = buf->len;

    while (len && s[0] == '\n') {
        s++;
        len--;
    }
    while (len && s[len - 1] == '\n') {
        len--;
    }
    return g_strndup(s, len);
}

QapiDoc *qapi_doc_parse(const QapiDocLine *lines, size_t n_lines,
                        QapiSourceInfo info, Error **errp)
{
    g_autoptr(QapiDoc) doc = g_new0(QapiDoc, 1);
    g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func(
        doc_gstring_free);
    DocParser dp = {
        .lines = lines, .n_lines = n_lines, .doc = doc, .texts = texts,
        .line_info = info,
    };
    bool ok;

    doc->info = info;
    doc->sections = g_ptr_array_new_with_free_func(doc_section_free);
    doc->members_ = g_hash_table_new(g_str_hash, g_str_equal);
    doc->features_ = g_hash_table_new(g_str_hash, g_str_equal);
    ok = doc_next_line(&dp, errp);
    if (ok && dp.line && dp.line[0] == '@') {
        ok = doc_parse_definition(&dp, errp);
    } else if (ok) {
        ok = doc_parse_free_form(&dp, errp);
    }
    g_free(dp.line);
    if (!ok) {
        return NULL;
    }
    for (guint i = 0; i < doc->sections->len; i++) {
        QapiDocSection *s = g_ptr_array_index(doc->sections, i);

        s->text = doc_finish_text(g_ptr_array_index(texts, i));
    }
    return g_steal_pointer(&doc);
}

const char *qapi_doc_get_body(const QapiDoc *doc)
{
    const QapiDocSection *first;

    if (!doc->sections->len) {
        return NULL;
    }
    first = g_ptr_array_index(doc->sections, 0);
    if (first->kind != QAPI_DOC_SECTION_PLAIN || !first->text[0]) {
        return NULL;
    }
    return first->text;
}


const QapiDocSection *qapi_doc_get_member(const QapiDoc *doc,
                                          const char *name)
{
    return g_hash_table_lookup(doc->members_, name);
}

const QapiDocSection *qapi_doc_get_feature(const QapiDoc *doc,
                                           const char *name)
{
    return g_hash_table_lookup(doc->features_, name);
}

const QapiDocSection *qapi_doc_get_section(const QapiDoc *doc,
                                           QapiDocSectionKind kind)
{
    for (guint i = 0; i < doc->sections->len; i++) {
        const QapiDocSection *s = g_ptr_array_index(doc->sections, i);

        if (s->kind == kind) {
            return s;
        }
    }
    return NULL;
}
