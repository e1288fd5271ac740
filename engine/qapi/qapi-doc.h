/* QAPI doc comments: the text between two '##' lines, parsed into sections.
 *
 * A block whose first line is "# @SYMBOL:" documents the definition SYMBOL:
 *
 *   ##
 *   # @virtio-rng-device:
 *   #
 *   # Overview paragraphs (the body).
 *   #
 *   # @period: A member, argument, enum value, branch or property;
 *   #     continuation lines are indented (any amount, then consistently).
 *   #
 *   # Features:
 *   #
 *   # @unstable: A feature of the definition or of one of its members.
 *   #
 *   # Returns: ... (also Errors:, Since:, Note:/Notes:, Example:/Examples:,
 *   #     TODO:); more plain paragraphs may follow or come between them.
 *   ##
 *
 * Any other block is free-form; its first line may be a heading
 * ("= Title", "== Subtitle"; a later '=' line is text, as QEMU 7.2 has
 * it). Lines inside a block are "#" or "# text".
 * rST markup (`.. note::`, `.. qmp-example::`, `::` literal blocks) is
 * plain text to this parser: "Example::" is not a tagged section.
 *
 * Section text is dedented (the description's continuation indent is
 * removed), blank lines at either end are dropped, and lines are joined
 * with '\n' without a trailing one.
 *
 * Ownership: a QapiDoc owns its sections and their strings; a QapiParse
 * (qapi-parser.h) owns the docs it returns. Failure: qapi_doc_parse() sets
 * one error, "FILE:LINE:COL: what", at the offending line.
 */
#pragma once

#include "qapi-parser.h"

typedef enum QapiDocSectionKind {
    QAPI_DOC_SECTION_PLAIN,     /* untagged paragraphs */
    QAPI_DOC_SECTION_MEMBER,    /* "@name:" before Features: */
    QAPI_DOC_SECTION_FEATURE,   /* "@name:" after Features: */
    QAPI_DOC_SECTION_RETURNS,
    QAPI_DOC_SECTION_ERRORS,
    QAPI_DOC_SECTION_SINCE,
    QAPI_DOC_SECTION_NOTE,      /* Note: or Notes: */
    QAPI_DOC_SECTION_EXAMPLE,   /* Example: or Examples: */
    QAPI_DOC_SECTION_TODO,
} QapiDocSectionKind;

typedef struct QapiDocSection {
    QapiDocSectionKind kind;
    char *name;         /* MEMBER, FEATURE: the name after '@'; else NULL */
    char *tag;          /* tagged sections: the word as written ("Notes") */
    char *text;         /* possibly "" */
    QapiSourceInfo info;
} QapiDocSection;

struct QapiDoc {
    char *symbol;           /* NULL for free-form documentation */
    QapiSourceInfo info;    /* the opening '##' */
    char *heading;          /* free-form: the title of a "= Title" line */
    unsigned heading_level; /* 1 for '=', 2 for '==', ...; 0: no heading */
    GPtrArray *sections;    /* QapiDocSection *, in source order */
    /* private: name -> section, for the lookups below */
    GHashTable *members_;
    GHashTable *features_;
};

/* One line between the '##' delimiters as the lexer saw it: the whole
 * comment, '#' included, without the newline. */
typedef struct QapiDocLine {
    const char *text;
    QapiSourceInfo info;
} QapiDocLine;

/* Parses the lines of one doc comment; info is where its '##' is. */
QapiDoc *qapi_doc_parse(const QapiDocLine *lines, size_t n_lines,
                        QapiSourceInfo info, Error **errp);
void qapi_doc_free(QapiDoc *doc);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(QapiDoc, qapi_doc_free)

/* The overview: text of the plain paragraphs before the first member,
 * feature or tagged section; for free-form docs, everything after the
 * heading line. NULL when there is none. */
const char *qapi_doc_get_body(const QapiDoc *doc);
/* The "@name:" section before/after "Features:", NULL when absent. */
const QapiDocSection *qapi_doc_get_member(const QapiDoc *doc,
                                          const char *name);
const QapiDocSection *qapi_doc_get_feature(const QapiDoc *doc,
                                           const char *name);
/* The first section of that kind, NULL when absent. */
const QapiDocSection *qapi_doc_get_section(const QapiDoc *doc,
                                           QapiDocSectionKind kind);
