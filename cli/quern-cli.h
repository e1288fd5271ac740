/* The `quern` command line: `quern COMMAND [ARGS...]`, one function per
 * command, on libquern-app. cli_main() parses argv (argv[0] is the
 * program), runs the command and returns the exit status: 0 on success,
 * 1 with one "quern: what went wrong" line on stderr otherwise, 2 for a
 * usage mistake. Every command that prints data takes --json and then
 * prints one JSON document on stdout; every command takes --help.
 *
 * The commands live in two modules: cli-profile.c (profiles: list,
 * templates, create, show, edit, clone, rename, delete, import, export,
 * validate, catalog) and cli-vm.c (running VMs: start, stop, pause,
 * resume, reset, status, console, monitor, qmp, tree, get, set). */
#pragma once

#include <stdbool.h>
#include <stdio.h>

#include "error.h"
#include "qobject.h"

/* Runs the command line; argc > 1. */
int cli_main(int argc, char **argv);
/* The overview of every command. */
void cli_print_usage(FILE *out);

/* What a command gets: its positional arguments and the common flags.
 * Flags a command declares (--from, --force, ...) are in `options`
 * (name without dashes -> value, "" for a bare flag). */
typedef struct CliArgs {
    char **pos;            /* NULL-terminated */
    unsigned n_pos;
    bool json;
    GHashTable *options;   /* char * -> char * */
} CliArgs;

typedef int (*CliHandler)(CliArgs *args);

typedef struct CliCommand {
    const char *name;
    CliHandler handler;
    unsigned min_pos, max_pos;
    const char *const *flags;   /* accepted --flags (NULL-terminated) */
    const char *synopsis;       /* after "quern NAME " */
    const char *help;           /* the paragraph --help prints */
} CliCommand;

extern const CliCommand cli_profile_commands[];
extern const CliCommand cli_vm_commands[];

/* Helpers the commands share. */
int cli_fail(Error *err);                 /* reports, frees; returns 1 */
int cli_failf(const char *fmt, ...) G_GNUC_PRINTF(1, 2);
void cli_print_json(const QObject *value);   /* pretty, with a newline */
const char *cli_option(const CliArgs *args, const char *name);
