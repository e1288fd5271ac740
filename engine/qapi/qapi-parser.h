/* QAPI schema parser: schema files in, a list of expressions out.
 *
 * The schema language is JSON with QEMU's changes: '#' comments,
 * 'single-quoted' strings of printable ASCII whose only escape is '\\',
 * true/false, objects and arrays; no null, no floating point. Quern adds
 * integer literals (decimal or 0x hex, optionally negative) for the
 * 'default' of a QOM property. Every value keeps the file, line and column
 * it starts at. A comment block between '##' lines is a documentation
 * comment (see qapi-doc.h); the parser attaches it to the definition that
 * follows.
 *
 * The directives are handled here: {'include': 'FILE'} reads FILE relative
 * to the including file and splices its expressions in place; a file is
 * read once, however often (or circularly) it is included. {'pragma': {..}}
 * settings apply to the whole schema; the exception lists add up.
 *
 * Ownership: qapi_parser_parse_*() return a QapiParse that owns every
 * node, doc, string and file name in it; free it with qapi_parse_free().
 * QapiSourceInfo.file points at a file name the QapiParse owns.
 *
 * Failure: the first syntax error ends the parse; the error reads
 * "FILE:LINE:COL: what was wrong". Limits on nesting depth, include depth
 * and file size keep hostile input from exhausting the stack or memory.
 */
#pragma once

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#include "error.h"

/* Where a value, member or doc line starts. line and col count from 1; col
 * counts bytes (the language is ASCII outside comments). Built-in
 * definitions have file NULL and line 0. */
typedef struct QapiSourceInfo {
    const char *file;
    unsigned line;
    unsigned col;
} QapiSourceInfo;

/* "FILE:LINE:COL" (or "built-in" without a file); g_free() it. */
char *qapi_source_info_format(const QapiSourceInfo *info);

/* error_setg() with "FILE:LINE:COL: " in front of the message. */
#define qapi_error_at(errp, info, ...) \
    qapi_error_at_internal((errp), __FILE__, __LINE__, __func__, (info), \
                           __VA_ARGS__)
void qapi_error_at_internal(Error **errp, const char *src, int line,
                            const char *func, const QapiSourceInfo *info,
                            const char *fmt, ...) G_GNUC_PRINTF(6, 7);

/* Deepest nesting of '{' and '[' accepted. The deepest real schema value is
 * about six levels ('data' > member > 'if' > 'all' > 'not' > name); the
 * parser and the checks recurse once per level, so the bound keeps a
 * crafted file from overflowing the C stack. */
#define QAPI_PARSER_MAX_DEPTH 64
/* Deepest include nesting accepted; each level is a parser on the C stack. */
#define QAPI_PARSER_MAX_INCLUDE_DEPTH 32
/* Largest schema file read. QEMU's whole schema is about 1.5 MiB; the bound
 * stops an include of /dev/zero or a huge file from eating all memory. */
#define QAPI_PARSER_MAX_FILE_SIZE (16 * 1024 * 1024)

typedef enum QapiNodeKind {
    QAPI_NODE_STRING,
    QAPI_NODE_BOOL,
    QAPI_NODE_INT,
    QAPI_NODE_DICT,
    QAPI_NODE_LIST,
} QapiNodeKind;

typedef struct QapiNode QapiNode;

/* One key of a dict, in source order; keys are unique. */
typedef struct QapiNodeEntry {
    char *key;
    QapiSourceInfo key_info;
    QapiNode *value;
} QapiNodeEntry;

/* A parsed value. Read-only for everyone but the parser. */
struct QapiNode {
    QapiNodeKind kind;
    QapiSourceInfo info;
    union {
        char *str;              /* STRING */
        bool boolean;           /* BOOL */
        struct {                /* INT: -magnitude when negative */
            bool negative;
            uint64_t magnitude;
        } integer;
        GArray *dict;           /* DICT: QapiNodeEntry */
        GPtrArray *list;        /* LIST: QapiNode * */
    } u;
};

/* What a user calls a node's kind: "a string", "an integer", ... */
const char *qapi_node_describe(const QapiNode *node);
/* Dict lookup: the value or the entry for key, NULL when absent or when
 * node is not a dict. Lent. */
const QapiNode *qapi_node_get(const QapiNode *node, const char *key);
const QapiNodeEntry *qapi_node_get_entry(const QapiNode *node,
                                         const char *key);
/* The string for a STRING node, else NULL. */
const char *qapi_node_get_str(const QapiNode *node);
size_t qapi_node_dict_size(const QapiNode *node);
const QapiNodeEntry *qapi_node_dict_entry(const QapiNode *node, size_t i);
size_t qapi_node_list_size(const QapiNode *node);
const QapiNode *qapi_node_list_entry(const QapiNode *node, size_t i);

typedef struct QapiDoc QapiDoc;   /* see qapi-doc.h */

typedef enum QapiExprKind {
    QAPI_EXPR_DEFINITION,   /* enum, struct, ..., qom-type: node says which */
    QAPI_EXPR_INCLUDE,      /* kept so modules know what they include */
} QapiExprKind;

typedef struct QapiExpr {
    QapiExprKind kind;
    QapiNode *node;          /* DEFINITION: the top-level dict */
    QapiSourceInfo info;     /* where the expression starts */
    const char *module;      /* the file it is in */
    const QapiDoc *doc;      /* the doc comment right before it, or NULL */
    char *include;           /* INCLUDE: the included file's name */
} QapiExpr;

/* The pragmas in force for the whole schema. The lists are sets of names
 * (keys only). */
typedef struct QapiPragma {
    bool doc_required;
    /* The schema uses 'documentation-exceptions' (even as []): it follows
     * QEMU 9.0's rule that documentation describes every member, which
     * came with that pragma. */
    bool documentation_exceptions_given;
    GHashTable *command_name_exceptions;
    GHashTable *command_returns_exceptions;
    GHashTable *documentation_exceptions;
    GHashTable *member_name_exceptions;
} QapiPragma;

typedef struct QapiParse {
    GPtrArray *exprs;       /* QapiExpr *, includes spliced in place */
    GPtrArray *docs;        /* QapiDoc *, every doc comment, source order */
    GPtrArray *modules;     /* char *: file names, main first, then in
                             * order of first inclusion */
    QapiPragma pragma;
} QapiParse;

void qapi_parse_free(QapiParse *parse);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(QapiParse, qapi_parse_free)

bool qapi_pragma_lists(const GHashTable *list, const char *name);

/* Parses the schema file at path and everything it includes. Include
 * paths are taken relative to the including file's directory. */
QapiParse *qapi_parser_parse_file(const char *path, Error **errp);

/* The same from memory, for tests and fuzzing: files maps a file name
 * (relative, '/'-separated, like "main.json" or "sub/a.json") to its text
 * as GBytes, which may hold anything, NUL bytes included. main names the
 * first file. Includes resolve against the map; a name missing from it is
 * an unreadable include. files is only read. */
QapiParse *qapi_parser_parse_memory(const char *main, GHashTable *files,
                                    Error **errp);
