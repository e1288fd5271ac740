/* QMP line: the language of the TUI's QMP console and its completion.
 *
 * A line is either raw JSON (starts with '{', sent unchanged) or
 * "command key=value key=value..." where a value that reads as JSON
 * (a number, true, false, null, "string", {...}, [...]) is taken as such
 * and anything else is a string. Completion reads the engine's own
 * query-qmp-schema answer, so it knows exactly the commands, the argument
 * names of each (without the ones already typed) and the values of enum
 * and bool arguments; nothing is hard-coded.
 *
 * QmpSchemaIndex keeps a reference to the schema list it is given;
 * qmp_line_complete() returns a new array of new strings (free with
 * g_ptr_array_unref). */
#pragma once
#include <glib.h>
#include <stdbool.h>
#include "qobject.h"
#include "qdict.h"
#include "qlist.h"

typedef struct QmpSchemaIndex QmpSchemaIndex;

/* schema: the "return" of query-qmp-schema (borrowed; a reference is
 * taken). */
QmpSchemaIndex *qmp_schema_index_new(QList *schema);
void qmp_schema_index_free(QmpSchemaIndex *index);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(QmpSchemaIndex, qmp_schema_index_free)

bool qmp_schema_index_has_command(const QmpSchemaIndex *index,
                                  const char *name);
/* Whether what command returns (an object, or a list of objects) has a
 * member called member: how a front-end learns that an engine sends an
 * extension (qom-list's "runtime") rather than guessing from its name. */
bool qmp_schema_index_returns_member(const QmpSchemaIndex *index,
                                     const char *command, const char *member);

typedef struct QmpCompletion {
    GPtrArray *candidates;   /* sorted, each a full replacement word */
    size_t replace_from;     /* byte offset in the line where it starts */
    char *common_prefix;     /* what all candidates share */
} QmpCompletion;

/* Candidates for the word that ends at the end of line. */
QmpCompletion *qmp_line_complete(const QmpSchemaIndex *index, const char *line);
void qmp_completion_free(QmpCompletion *c);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(QmpCompletion, qmp_completion_free)

/* The request the line stands for: a new {"execute":..., "arguments":...}
 * dict, or NULL with an error that names the bad word. */
QDict *qmp_line_parse(const char *line, Error **errp);
