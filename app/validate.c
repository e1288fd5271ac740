#include "validate.h"

#include <inttypes.h>
#include <string.h>

#include "profile-template.h"

static void problem_free(gpointer data)
{
    ValidationProblem *vp = data;

    g_free(vp->group);
    g_free(vp->key);
    g_free(vp->message);
    g_free(vp);
}

static void add_problem(GPtrArray *problems, ConfigGroup *g,
                        const char *group_name, const char *key,
                        const char *fmt, ...) G_GNUC_PRINTF(5, 6);

static void add_problem(GPtrArray *problems, ConfigGroup *g,
                        const char *group_name, const char *key,
                        const char *fmt, ...)
{
    ValidationProblem *vp = g_new0(ValidationProblem, 1);
    const char *id = g ? config_group_get_id(g) : NULL;
    va_list ap;

    vp->group = id ? g_strdup_printf("%s \"%s\"", group_name, id)
                   : g_strdup(group_name);
    vp->key = g_strdup(key);
    va_start(ap, fmt);
    vp->message = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    g_ptr_array_add(problems, vp);
}

char *validation_problem_to_string(const ValidationProblem *vp)
{
    if (vp->key) {
        return g_strdup_printf("[%s] %s: %s", vp->group, vp->key,
                               vp->message);
    }
    return g_strdup_printf("[%s] %s", vp->group, vp->message);
}

static char *list_names(QList *list)
{
    g_autoptr(GString) s = g_string_new("");

    QLIST_FOREACH_ENTRY(entry, list) {
        QDict *d = qobject_to(QDict, entry);
        const char *name = d ? qdict_get_try_str(d, "name") : NULL;
        if (name) {
            g_string_append_printf(s, "%s%s", s->len ? ", " : "", name);
        }
    }
    return g_string_free(g_steal_pointer(&s), FALSE);
}

static bool parse_size(const char *text, uint64_t *out)
{
    char *end;
    guint64 v = g_ascii_strtoull(text, &end, 10);
    unsigned shift = 20;   /* a bare number is MiB, as -m takes it */

    if (end == text) {
        return false;
    }
    switch (g_ascii_toupper(*end)) {
    case '\0': break;
    case 'K': shift = 10; end++; break;
    case 'M': shift = 20; end++; break;
    case 'G': shift = 30; end++; break;
    case 'T': shift = 40; end++; break;
    case 'B': shift = 0; end++; break;
    default: return false;
    }
    if (*end == 'B' || *end == 'b') {
        end++;
    }
    if (*end || v > (G_MAXUINT64 >> shift)) {
        return false;
    }
    *out = v << shift;
    return true;
}

static bool is_integer(const char *text)
{
    char *end;

    if (!*text) {
        return false;
    }
    if (text[0] == '-') {
        g_ascii_strtoll(text, &end, 0);
    } else {
        g_ascii_strtoull(text, &end, 0);
    }
    return *end == '\0';
}

static const char *const bool_words[] = {
    "on", "off", "true", "false", "yes", "no", NULL,
};

static void check_value(GPtrArray *problems, ConfigGroup *g, const char *key,
                        const char *value, QDict *prop)
{
    const char *type = qdict_get_try_str(prop, "type");
    QList *values = qdict_get_qlist(prop, "enum");

    if (!type) {
        return;
    }
    if (!strcmp(type, "bool")) {
        if (!g_strv_contains(bool_words, value)) {
            add_problem(problems, g, "device", key,
                        "'%s' is not a bool: expected on or off", value);
        }
    } else if (g_str_has_prefix(type, "int") ||
               g_str_has_prefix(type, "uint")) {
        if (!is_integer(value)) {
            add_problem(problems, g, "device", key,
                        "'%s' is not an integer (%s)", value, type);
        }
    } else if (!strcmp(type, "size")) {
        uint64_t size;
        if (!parse_size(value, &size)) {
            add_problem(problems, g, "device", key,
                        "'%s' is not a size: expected a number with an "
                        "optional K, M, G or T suffix", value);
        }
    } else if (values) {
        bool found = false;
        QLIST_FOREACH_ENTRY(entry, values) {
            QString *qs = qobject_to(QString, entry);
            if (qs && !strcmp(qstring_get_str(qs), value)) {
                found = true;
            }
        }
        if (!found) {
            g_autoptr(GString) choices = g_string_new("");
            QLIST_FOREACH_ENTRY(entry, values) {
                QString *qs = qobject_to(QString, entry);
                if (qs) {
                    g_string_append_printf(choices, "%s%s",
                                           choices->len ? ", " : "",
                                           qstring_get_str(qs));
                }
            }
            add_problem(problems, g, "device", key,
                        "'%s' is not a value of %s: expected one of %s",
                        value, type, choices->str);
        }
    }
}

/* Keys of [device] that are not properties of the driver. */
static const char *const device_meta_keys[] = { "driver", "id", "bus", NULL };

static void check_device(GPtrArray *problems, ConfigGroup *g,
                         const Catalog *cat)
{
    const char *driver = config_group_get(g, "driver");

    if (!driver) {
        add_problem(problems, g, "device", "driver",
                    "missing: expected a device type");
        return;
    }
    QList *props = catalog_find_device_properties(cat, driver);
    if (!props) {
        add_problem(problems, g, "device", "driver",
                    "'%s' is not a device type this engine offers "
                    "(`quern-engine -device help` lists them)", driver);
        return;
    }
    for (size_t i = 0; i < config_group_get_n_entries(g); i++) {
        const char *key;
        const char *value;

        config_group_get_entry(g, i, &key, &value);
        if (g_strv_contains(device_meta_keys, key)) {
            continue;
        }
        QDict *prop = catalog_find_property(cat, driver, key);
        if (!prop) {
            g_autofree char *names = list_names(props);
            add_problem(problems, g, "device", key,
                        "'%s' has no property '%s': expected one of %s",
                        driver, key, *names ? names : "(none)");
            continue;
        }
        check_value(problems, g, key, value, prop);
    }
}

GPtrArray *validate_profile(const Profile *p, const Catalog *cat)
{
    GPtrArray *problems = g_ptr_array_new_with_free_func(problem_free);
    ConfigFile *cf = profile_get_config(p);
    ConfigGroup *machine = config_file_find_group(cf, "machine", NULL);
    const char *type = machine ? config_group_get(machine, "type") : NULL;
    QDict *machine_info = NULL;

    if (!type) {
        add_problem(problems, machine, "machine", "type",
                    "missing: expected a machine type");
    } else if (!(machine_info = catalog_find_machine(cat, type))) {
        g_autofree char *names = list_names(catalog_get_machines(cat));
        add_problem(problems, machine, "machine", "type",
                    "'%s' is not a machine this engine offers: expected one "
                    "of %s", type, names);
    }

    ConfigGroup *memory = config_file_find_group(cf, "memory", NULL);
    const char *size = memory ? config_group_get(memory, "size") : NULL;
    uint64_t bytes;
    if (size && !parse_size(size, &bytes)) {
        add_problem(problems, memory, "memory", "size",
                    "'%s' is not a size: expected a number with an optional "
                    "K, M, G or T suffix", size);
    }

    ConfigGroup *smp = config_file_find_group(cf, "smp-opts", NULL);
    const char *cpus = smp ? config_group_get(smp, "cpus") : NULL;
    if (cpus) {
        int64_t max = machine_info
            ? qdict_get_try_int(machine_info, "cpu-max", 0) : 0;
        char *end;
        gint64 n = g_ascii_strtoll(cpus, &end, 10);
        if (*end || end == cpus || n < 1) {
            add_problem(problems, smp, "smp-opts", "cpus",
                        "'%s' is not a CPU count: expected a positive "
                        "integer", cpus);
        } else if (max > 0 && n > max) {
            add_problem(problems, smp, "smp-opts", "cpus",
                        "%s CPUs: machine '%s' takes at most %" PRId64,
                        cpus, type, max);
        }
    }

    for (size_t i = 0; i < config_file_get_n_groups(cf); i++) {
        ConfigGroup *g = config_file_get_group(cf, i);
        if (!strcmp(config_group_get_name(g), "device")) {
            check_device(problems, g, cat);
        }
    }

    g_auto(GStrv) missing = profile_missing_files(p);
    for (size_t i = 0; missing[i]; i++) {
        /* "[group] key: what" from profile_missing_files(). */
        const char *close = strchr(missing[i], ']');
        const char *colon = close ? strchr(close, ':') : NULL;
        if (!close || !colon) {
            continue;
        }
        g_autofree char *group = g_strndup(missing[i] + 1,
                                           close - missing[i] - 1);
        g_autofree char *key = g_strndup(close + 2, colon - close - 2);
        add_problem(problems, NULL, group, key, "%s", colon + 2);
    }
    return problems;
}
