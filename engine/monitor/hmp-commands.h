/* The HMP command tables: each command's name (and aliases), argument
 * spec, help line and handler; `help`; completion of command names.
 *
 * A table is an array ended by an entry with a NULL name; `info` carries
 * the table of its subcommands (hmp-info.h). Names hold aliases after '|'
 * ("stop|s"), as QEMU's help prints them. args_type follows hmp-parse.h.
 * A handler gets the parsed arguments lent and prints through hmp.h; a
 * command whose arguments are its QMP twin's as they are names that
 * command instead (stop -> "stop", device_del -> "device_del").
 *
 * Ownership: the tables are static; completion returns a new vector. */
#pragma once

#include "hmp.h"

typedef void HmpHandler(Hmp *hmp, const QDict *args);

typedef struct HmpCommand {
    const char *name;
    const char *args_type;
    const char *params;         /* the arguments, as help shows them */
    const char *help;
    HmpHandler *handler;        /* NULL: call .qmp with the arguments */
    const char *qmp;
    const struct HmpCommand *sub_table;
} HmpCommand;

/* The top-level table. */
const HmpCommand *hmp_command_table(void);

/* Runs cmd with its parsed arguments (lent). */
void hmp_command_run(Hmp *hmp, const HmpCommand *cmd, const QDict *args);

/* The entry of table whose name or an alias is the len bytes at name. */
const HmpCommand *hmp_command_find(const HmpCommand *table, const char *name,
                                   size_t len);

/* `help [topic]`: every command, the commands of `info`, or one command
 * ("help info status"); "unknown command: 'x'" otherwise. */
void hmp_help(Hmp *hmp, const char *topic);

/* Completion for readline.h: command names at the start of a line and
 * after "help", info subcommands after "info" and "help info". */
char **hmp_complete(const char *prefix, size_t *word);
