/* App paths: where Quern's front-ends keep things, after the XDG base
 * directory rules (DESIGN.md):
 *   profiles   $XDG_CONFIG_HOME/quern/profiles/
 *   catalog    $XDG_CACHE_HOME/quern/catalog/
 *   guests     $XDG_CACHE_HOME/quern/guests/   (scripts/guest/ builds here)
 *   data       $XDG_DATA_HOME/quern/           (an engine's working directory,
 *                                               images/ below it)
 *   VM states  $XDG_RUNTIME_DIR/quern/vms/     (or /tmp/quern-$UID/vms/)
 * The environment is read on every call, so a test that sets XDG_* sees its
 * own directories. Every function returns a new string (g_free it); none
 * creates a directory: app_paths_ensure_dir() does, mode 0700.
 * The engine binary is $QUERN_ENGINE if set, else the one this build made,
 * else quern-engine on PATH. */
#pragma once

#include <glib.h>
#include <stdbool.h>

#include "error.h"

char *app_paths_profiles_dir(void);
char *app_paths_catalog_dir(void);
char *app_paths_guests_dir(void);
char *app_paths_data_dir(void);
char *app_paths_vms_dir(void);
char *app_paths_engine(void);

/* mkdir -p with mode 0700 for what it creates. */
bool app_paths_ensure_dir(const char *path, Error **errp);
