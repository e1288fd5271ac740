/* Validation: a profile checked against an engine's catalog before it is
 * started, so a mistake is reported with its place instead of as an engine
 * that does not come up.
 *
 * Checked: the machine type exists; memory size is a size; CPU count is a
 * positive integer within the machine's cpu-max; each [device]'s driver
 * exists and each of its keys is a property of that driver with a value of
 * the property's type (bool, integers, enum values where the catalog lists
 * them); files the profile names exist (profile_missing_files). Groups and
 * keys the catalog says nothing about are left to the engine.
 *
 * Every problem names its group (with id), key and what was expected. The
 * returned array owns its ValidationProblems; empty when all is well. */
#pragma once

#include "catalog.h"
#include "profile.h"

typedef struct ValidationProblem {
    char *group;     /* "machine", "device \"disk0\"" */
    char *key;       /* or NULL for the group as a whole */
    char *message;   /* what was expected */
} ValidationProblem;

GPtrArray *validate_profile(const Profile *p, const Catalog *cat);
/* "[device \"disk0\"] drive: ..." */
char *validation_problem_to_string(const ValidationProblem *vp);
