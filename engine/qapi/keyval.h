/* keyval: QEMU's `key=value,key.sub=value,list.0=a` option syntax, parsed into
 * a QDict of strings that a keyval input visitor then types by schema.
 *
 * The syntax:
 *   - parameters are separated by ','; a value runs to the next single ',' and
 *     ",," stands for one literal comma; a trailing ',' is allowed;
 *   - a key is 1 to 64 dot-separated fragments, each a name (a letter, then
 *     letters, digits, '-' or '_') or a list index (digits only), 1 to 127
 *     characters;
 *   - dotted keys nest: "addr.host=h,addr.port=1" is {"addr": {"host": "h",
 *     "port": "1"}}; groups whose keys are all indexes become lists, which must
 *     count up from 0 without gaps ("a.1=y,a.0=x" is ["x", "y"]);
 *   - the first parameter may omit "key=" when the caller names an implied key
 *     ("-device virtio-rng-device" means driver=virtio-rng-device);
 *   - a bare "help" or "?" asks for help when the caller allows it;
 *   - a repeated key: the last value wins; a key used both as a value and as
 *     a group ("a=1,a.b=2") is an error.
 * Every value is a QString: typing is the visitor's job, so "256M" becomes a
 * size only where the schema says so.
 *
 * Ownership: keyval_parse() returns a new QDict; keyval_add() adds to the
 * caller's dict. Errors name the parameter and what was expected.
 */
#pragma once

#include "qobject.h"
#include "qdict.h"

/* Parses params into a new dict. implied_key may be NULL. help may be NULL
 * (then "help" is an error); otherwise *help is set to whether it was asked
 * for. */
QDict *keyval_parse(const char *params, const char *implied_key, bool *help,
                    Error **errp);

/* The parts keyval_parse() is made of, for other syntaxes that produce
 * dotted keys (config groups): add one key and string value to root, then,
 * once all are in, turn index-keyed groups into lists. */
bool keyval_add(QDict *root, const char *key, const char *value, Error **errp);
bool keyval_finish(QDict *root, Error **errp);

/* The inverse: params text that keyval_parse() reads back to an equal dict.
 * Nested dicts and lists become dotted keys, commas in values are doubled,
 * bools print as on/off and numbers as JSON does. When implied_key names a
 * string member it comes first, without "key=". Returns a new string. */
char *keyval_to_string(const QDict *dict, const char *implied_key);
