/* Test support for libquern-app: a fresh set of XDG directories per test
 * (config, cache, data, runtime under one temporary directory), QUERN_ENGINE
 * pointing at this build's engine, and profile fixtures. app_test_end()
 * force-stops any VM the test left running and removes the directory.
 * Ownership: app_test_begin() returns the directory (owned by the module
 * until app_test_end()). */
#pragma once

#include <glib.h>

const char *app_test_begin(void);
void app_test_end(void);
/* Writes text as $XDG_CONFIG_HOME/quern/profiles/NAME.cfg. */
void app_test_write_profile(const char *name, const char *text);
/* A profile of the empty machine: no CPU, starts in milliseconds. */
#define APP_TEST_NONE_PROFILE \
    "[machine]\n  type = \"none\"\n[quern]\n  description = \"test vm\"\n"
