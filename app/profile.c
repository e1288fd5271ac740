#include "profile.h"

#include <string.h>

struct Profile {
    char *name;
    ConfigFile *cf;
    ProfileGeneration gen;
};

#define META_GROUP "quern"

Profile *profile_new(const char *name, ConfigFile *cf)
{
    Profile *p = g_new0(Profile, 1);

    p->name = g_strdup(name);
    p->cf = cf;
    return p;
}

void profile_free(Profile *p)
{
    if (!p) {
        return;
    }
    config_file_free(p->cf);
    g_free(p->name);
    g_free(p);
}

const char *profile_get_name(const Profile *p)
{
    return p->name;
}

ConfigFile *profile_get_config(const Profile *p)
{
    return p->cf;
}

const ProfileGeneration *profile_get_generation(const Profile *p)
{
    return &p->gen;
}

void profile_set_generation(Profile *p, const ProfileGeneration *gen)
{
    p->gen = *gen;
}

const char *profile_get_meta(const Profile *p, const char *key)
{
    ConfigGroup *g = config_file_find_group(p->cf, META_GROUP, NULL);

    return g ? config_group_get(g, key) : NULL;
}

bool profile_set_meta(Profile *p, const char *key, const char *value,
                      Error **errp)
{
    ConfigGroup *g = config_file_find_group(p->cf, META_GROUP, NULL);

    if (!g) {
        g = config_file_add_group(p->cf, META_GROUP, NULL, errp);
        if (!g) {
            return false;
        }
    }
    return config_group_set(g, key, value, errp);
}

/* Splits "GROUP[:ID].KEY" into its parts (new strings). */
static bool split_group_key(const char *text, char **group, char **id,
                            char **key, Error **errp)
{
    const char *dot = strchr(text, '.');

    if (!dot || dot == text || !dot[1]) {
        error_setg(errp, "'%s': expected GROUP.KEY or GROUP:ID.KEY", text);
        return false;
    }
    g_autofree char *head = g_strndup(text, dot - text);
    char *colon = strchr(head, ':');
    if (colon) {
        *colon = '\0';
        if (!*head || !colon[1]) {
            error_setg(errp, "'%s': expected GROUP:ID.KEY", text);
            return false;
        }
        *id = g_strdup(colon + 1);
    } else {
        *id = NULL;
    }
    *group = g_strdup(head);
    *key = g_strdup(dot + 1);
    return true;
}

bool profile_apply_setting(Profile *p, const char *setting, Error **errp)
{
    const char *eq = strchr(setting, '=');

    if (!eq) {
        error_setg(errp, "'%s': expected GROUP.KEY=VALUE", setting);
        return false;
    }
    g_autofree char *lhs = g_strndup(setting, eq - setting);
    g_autofree char *group = NULL;
    g_autofree char *id = NULL;
    g_autofree char *key = NULL;
    if (!split_group_key(lhs, &group, &id, &key, errp)) {
        return false;
    }
    const char *value = eq + 1;
    ConfigGroup *g = config_file_find_group(p->cf, group, id);
    if (!*value) {
        if (g) {
            config_group_unset(g, key);
        }
        return true;
    }
    if (!g) {
        g = config_file_add_group(p->cf, group, id, errp);
        if (!g) {
            error_prepend(errp, "'%s': ", setting);
            return false;
        }
    }
    if (!config_group_set(g, key, value, errp)) {
        error_prepend(errp, "'%s': ", setting);
        return false;
    }
    return true;
}

const char *profile_lookup(const Profile *p, const char *group_key)
{
    g_autofree char *group = NULL;
    g_autofree char *id = NULL;
    g_autofree char *key = NULL;

    if (!split_group_key(group_key, &group, &id, &key, NULL)) {
        return NULL;
    }
    ConfigGroup *g = config_file_find_group(p->cf, group, id);
    return g ? config_group_get(g, key) : NULL;
}

/* Keys of [machine] that are options of their own on the command line. */
static const char *const machine_own_options[] = {
    "kernel", "initrd", "append", "dtb", NULL,
};

/* key=value onto a comma-separated option string; a comma in the value is
 * doubled, as QEMU's option syntax escapes it. */
static void append_option(GString *opts, const char *key, const char *value)
{
    if (opts->len) {
        g_string_append_c(opts, ',');
    }
    g_string_append_printf(opts, "%s=", key);
    for (const char *c = value; *c; c++) {
        if (*c == ',') {
            g_string_append_c(opts, ',');
        }
        g_string_append_c(opts, *c);
    }
}

static void append_machine(GPtrArray *argv, ConfigGroup *g)
{
    g_autoptr(GString) opts = g_string_new("");

    for (size_t i = 0; i < config_group_get_n_entries(g); i++) {
        const char *key;
        const char *value;

        config_group_get_entry(g, i, &key, &value);
        if (g_strv_contains(machine_own_options, key)) {
            g_ptr_array_add(argv, g_strdup_printf("-%s", key));
            g_ptr_array_add(argv, g_strdup(value));
        } else if (!strcmp(key, "firmware")) {
            g_ptr_array_add(argv, g_strdup("-bios"));
            g_ptr_array_add(argv, g_strdup(value));
        } else {
            append_option(opts, key, value);
        }
    }
    if (opts->len) {
        g_ptr_array_add(argv, g_strdup("-machine"));
        g_ptr_array_add(argv, g_strdup(opts->str));
    }
}

/* The option a group is written as, where its name is not the option's. */
static const char *group_option(const char *group)
{
    static const char *const renames[][2] = {
        { "memory", "m" }, { "smp-opts", "smp" }, { "accel", "accel" },
    };

    for (size_t i = 0; i < G_N_ELEMENTS(renames); i++) {
        if (!strcmp(group, renames[i][0])) {
            return renames[i][1];
        }
    }
    return group;
}

char **profile_to_argv(const Profile *p)
{
    g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func(g_free);

    for (size_t i = 0; i < config_file_get_n_groups(p->cf); i++) {
        ConfigGroup *g = config_file_get_group(p->cf, i);
        const char *name = config_group_get_name(g);
        const char *id = config_group_get_id(g);

        if (!strcmp(name, META_GROUP)) {
            continue;
        }
        if (!strcmp(name, "machine")) {
            append_machine(argv, g);
            continue;
        }
        g_autoptr(GString) opts = g_string_new("");
        /* The option's leading value: -device DRIVER,..., -chardev
         * BACKEND,..., -netdev TYPE,... as people write them. */
        static const char *const leading[] = { "driver", "backend", "type",
                                               NULL };
        const char *lead_key = NULL;
        for (size_t k = 0; leading[k] && !lead_key; k++) {
            if (config_group_get(g, leading[k]) && strcmp(name, "memory")) {
                lead_key = leading[k];
            }
        }
        if (lead_key) {
            g_string_append(opts, config_group_get(g, lead_key));
        }
        if (id) {
            append_option(opts, "id", id);
        }
        for (size_t e = 0; e < config_group_get_n_entries(g); e++) {
            const char *key;
            const char *value;

            config_group_get_entry(g, e, &key, &value);
            if (lead_key && !strcmp(key, lead_key)) {
                continue;
            }
            append_option(opts, key, value);
        }
        g_ptr_array_add(argv, g_strdup_printf("-%s", group_option(name)));
        g_ptr_array_add(argv, g_strdup(opts->str));
    }
    g_ptr_array_add(argv, NULL);
    return (char **)g_ptr_array_steal(argv, NULL);
}

char *profile_timestamp_now(void)
{
    g_autoptr(GDateTime) now = g_date_time_new_now_utc();

    return g_date_time_format(now, "%Y-%m-%dT%H:%M:%SZ");
}
