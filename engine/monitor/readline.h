/* A line editor over bytes, for the human monitor on a terminal: the bytes
 * a terminal sends go in (readline_feed), the bytes that redraw the line go
 * out (the output callback), and each finished line goes to the line
 * callback. No terminal library: it speaks the VT100/xterm subset every
 * terminal emulator understands (ESC [ K to clear to the end of the line,
 * ESC [ n D / ESC [ n C to move the cursor).
 *
 * Keys: printable bytes (and UTF-8 sequences, kept whole) insert at the
 * cursor; Backspace (DEL or Ctrl-h) and Delete (ESC [ 3 ~, Ctrl-d) erase;
 * Left/Right (ESC [ D / C, Ctrl-b / Ctrl-f) move one character; Home/End
 * (ESC [ H / F, ESC [ 1 ~ / 4 ~, ESC [ 7 ~ / 8 ~, ESC O H / F, Ctrl-a /
 * Ctrl-e); Ctrl-k kills to the end, Ctrl-u to the start, Ctrl-w the word
 * before the cursor; Up/Down (ESC [ A / B, Ctrl-p / Ctrl-n) walk the
 * history (the line being typed comes back below the newest entry); Tab
 * asks the completion callback; Enter (CR, LF, or CR LF counted once)
 * finishes the line. Other control bytes and unknown escape sequences are
 * swallowed.
 *
 * Limits, against a peer that never sends a newline: a line holds at most
 * READLINE_MAX_LINE bytes. Bytes beyond it are dropped, and Enter then
 * prints one line saying the line was too long instead of running it. An
 * escape sequence with more than a few parameter bytes is swallowed to its
 * end and does nothing. The history keeps the READLINE_MAX_HISTORY newest
 * distinct lines.
 *
 * The editor counts one terminal column per character (a UTF-8 lead byte or
 * an ASCII byte); bytes that are not valid UTF-8 are kept as they came, each
 * counted as a column of its own.
 *
 * Ownership: the ReadLine owns its buffers; the line given to the line
 * callback is lent for the call; completion candidates are handed over
 * (the callback returns a new NULL-terminated string vector). Callbacks may
 * call readline_* on the same editor except readline_free(). Nothing
 * fails. */
#pragma once

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum {
    READLINE_MAX_LINE = 4096,
    READLINE_MAX_HISTORY = 64,
};

typedef struct ReadLine ReadLine;

/* Terminal output: len bytes for the terminal. */
typedef void ReadLineOutputFunc(void *opaque, const char *text, size_t len);
/* A finished line (without the line end). The prompt is not shown again
 * by the editor: the owner calls readline_show_prompt() when it is done. */
typedef void ReadLineLineFunc(void *opaque, const char *line);
/* Candidates for completing the text before the cursor, given whole
 * (`prefix`): each candidate is the full last word it proposes, and *word
 * gets the offset in prefix where that word starts. NULL or an empty
 * vector: nothing to propose. */
typedef char **ReadLineCompleteFunc(void *opaque, const char *prefix,
                                    size_t *word);

/* complete may be NULL (Tab does nothing). */
ReadLine *readline_new(ReadLineOutputFunc *output, ReadLineLineFunc *line,
                       ReadLineCompleteFunc *complete, void *opaque);
void readline_free(ReadLine *rl);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(ReadLine, readline_free)

/* The prompt shown by readline_show_prompt(), copied. */
void readline_set_prompt(ReadLine *rl, const char *prompt);
/* Prints the prompt and an empty line buffer (starts a new line). */
void readline_show_prompt(ReadLine *rl);

/* Forgets the line being edited, with any escape sequence or UTF-8
 * sequence half received (a new peer starts clean); the history stays.
 * Prints nothing. */
void readline_reset_line(ReadLine *rl);

/* Handles bytes from the terminal, calling back as they dictate. */
void readline_feed(ReadLine *rl, const uint8_t *buf, size_t len);

/* The line being edited (lent, NUL-terminated) and the cursor's byte
 * offset in it. */
const char *readline_get_line(const ReadLine *rl);
size_t readline_get_cursor(const ReadLine *rl);

/* History: adds a line as the newest entry (an empty line is ignored; a
 * line already there moves to the newest place). */
void readline_history_add(ReadLine *rl, const char *line);
/* The entry `age` steps back from the newest (0 = newest), lent; NULL
 * beyond the oldest. */
const char *readline_history_get(const ReadLine *rl, size_t age);
size_t readline_history_length(const ReadLine *rl);
