/* The human monitor (HMP): QEMU's text command language, built on QMP.
 *
 * An Hmp runs command lines ("info status", "qom-get /machine type") and
 * collects what they print. Every command calls the QMP command of the same
 * meaning -- dispatched by name through the QmpCommandList the Hmp was
 * given, its arguments built from the parsed words -- and prints the reply
 * as QEMU 7.2's HMP does; a QMP error prints "Error: <desc>". Only what
 * has no QMP twin (help, info qtree, info qom-tree, info mtree, info
 * registers) reads the engine directly. A command the list lacks prints
 * "Error: The command X has not been found", QMP's own answer.
 *
 * Ways in:
 *   hmp_run()                one line, its output as a string;
 *   human-monitor-command    the same for QMP clients, with "\r\n" line
 *                            ends as QEMU 7.2 answers;
 *   HmpSession               a terminal on a Chardev: banner and "(qemu) "
 *                            prompt for each peer that connects (a line
 *                            half-typed by an earlier peer is dropped), line
 *                            editing and history (readline.h), output with
 *                            "\r\n" line ends; never blocks (chardev_write);
 *   hmp_new()/hmp_handle_line()  the same engine for owners that hold one.
 *
 * An Hmp's output lines end in '\n'; a session and human-monitor-command
 * turn them into "\r\n". Nothing here fails: every problem with a line
 * (unknown command, bad arguments, a QMP error) is printed as text.
 *
 * Process-wide hooks (one machine per engine, like the run state): the
 * machine sets the providers for `info mtree` and `info registers`; until
 * then those commands print that there is no machine or CPU.
 *
 * Ownership: an Hmp or HmpSession owns its buffers; the command list is
 * lent and must outlive it; a session holds a reference to its Chardev
 * and detaches from it when freed. Never free a session from inside one of
 * its own commands. Everything runs on the main loop thread. */
#pragma once

#include "chardev.h"
#include "qmp-control.h"
#include "qmp-dispatch.h"

typedef struct Hmp Hmp;
typedef struct HmpSession HmpSession;

/* QEMU's banner, with the QEMU version the engine speaks (query-version's
 * numbers), so a script that waits for it finds it. */
#define HMP_BANNER "QEMU " G_STRINGIFY(QMP_CONTROL_QEMU_MAJOR) "."       \
    G_STRINGIFY(QMP_CONTROL_QEMU_MINOR) "."                              \
    G_STRINGIFY(QMP_CONTROL_QEMU_MICRO)                                  \
    " monitor - type 'help' for more information"
#define HMP_PROMPT "(qemu) "

Hmp *hmp_new(const QmpCommandList *cmds);
void hmp_free(Hmp *hmp);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(Hmp, hmp_free)

/* The CPU that commands about "the current CPU" use (info cpus marks it
 * with '*'); unset, the first CPU query-cpus-fast lists. */
void hmp_set_cpu_index(Hmp *hmp, int64_t cpu_index);
/* False when unset. */
bool hmp_get_cpu_index(const Hmp *hmp, int64_t *cpu_index);

/* Runs one command line; its output is added to the Hmp's output. */
void hmp_handle_line(Hmp *hmp, const char *line);
/* The output so far, handed over; the Hmp's buffer is empty again. */
char *hmp_take_output(Hmp *hmp);

/* One line on a fresh Hmp; returns what it printed (new). */
char *hmp_run(const QmpCommandList *cmds, const char *line);

/* text with each bare '\n' made "\r\n", as a terminal wants it (new). */
char *hmp_text_crlf(const char *text);

/* A session on chr: attaches as chr's front-end at once. */
HmpSession *hmp_session_new(Chardev *chr, const QmpCommandList *cmds);
void hmp_session_free(HmpSession *session);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(HmpSession, hmp_session_free)

/* `info mtree [-f]`: fn returns a new string (lines ending in '\n'). NULL
 * fn: back to "no machine". */
typedef char *HmpMtreeProvider(bool flat, void *opaque);
void hmp_set_mtree_provider(HmpMtreeProvider *fn, void *opaque);
/* `info registers [-a|vcpu]`: all, or the one CPU cpu_index; fn returns a
 * new string, or NULL with an error for a CPU that does not exist. */
typedef char *HmpRegistersProvider(bool all, int64_t cpu_index,
                                   void *opaque, Error **errp);
void hmp_set_registers_provider(HmpRegistersProvider *fn, void *opaque);

/* For the command handlers (hmp-commands.c, hmp-info.c). */
void hmp_printf(Hmp *hmp, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
void hmp_puts(Hmp *hmp, const char *text);
/* Calls QMP command `command` with args (taken; NULL: none). On success,
 * *ret (if ret) gets the reply's return value (new; NULL for a command
 * without one). On failure prints "Error: <desc>" and returns false. */
bool hmp_call(Hmp *hmp, const char *command, QDict *args, QObject **ret);
/* The same without printing the error: for questions the user did not
 * ask (a type's properties, to read key=value text by them). */
bool hmp_call_quiet(Hmp *hmp, const char *command, QDict *args,
                    QObject **ret);
/* The providers (see above), or their "no machine" text; new strings. */
char *hmp_mtree_text(bool flat);
char *hmp_registers_text(bool all, int64_t cpu_index, Error **errp);
