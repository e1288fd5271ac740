#include "quern-cli.h"

#include <stdarg.h>
#include <string.h>

#include "qjson.h"

static const CliCommand *const command_tables[] = {
    cli_profile_commands, cli_vm_commands, NULL,
};

int cli_fail(Error *err)
{
    error_report_err(err);
    return 1;
}

int cli_failf(const char *fmt, ...)
{
    va_list ap;
    g_autofree char *msg = NULL;

    va_start(ap, fmt);
    msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    error_report("%s", msg);
    return 1;
}

void cli_print_json(const QObject *value)
{
    g_autofree char *text = qobject_to_json_pretty(value);

    printf("%s\n", text);
}

const char *cli_option(const CliArgs *args, const char *name)
{
    return g_hash_table_lookup(args->options, name);
}

static const CliCommand *find_command(const char *name)
{
    for (size_t t = 0; command_tables[t]; t++) {
        for (const CliCommand *c = command_tables[t]; c->name; c++) {
            if (!strcmp(c->name, name)) {
                return c;
            }
        }
    }
    return NULL;
}

void cli_print_usage(FILE *out)
{
    fprintf(out,
            "usage: quern                      the terminal user interface\n"
            "       quern COMMAND [ARGS...]    one command (quern COMMAND "
            "--help)\n\ncommands:\n");
    for (size_t t = 0; command_tables[t]; t++) {
        for (const CliCommand *c = command_tables[t]; c->name; c++) {
            g_autofree char *head = g_strdup_printf("%s %s", c->name,
                                                    c->synopsis);
            const char *dot = strchr(c->help, '.');
            int first_len = dot ? (int)(dot - c->help) : (int)strlen(c->help);
            fprintf(out, "  %-38s %.*s\n", head, first_len, c->help);
        }
    }
    fprintf(out, "\nProfiles live in $XDG_CONFIG_HOME/quern/profiles/, "
            "running VMs in\n$XDG_RUNTIME_DIR/quern/vms/. --json prints "
            "data as JSON.\n");
}

static void print_command_help(const CliCommand *c)
{
    printf("usage: quern %s %s\n\n%s\n", c->name, c->synopsis, c->help);
}

static int usage_error(const CliCommand *c, const char *what)
{
    fprintf(stderr, "quern %s: %s\nusage: quern %s %s\n", c->name, what,
            c->name, c->synopsis);
    return 2;
}

int cli_main(int argc, char **argv)
{
    const char *name = argv[1];

    if (!strcmp(name, "--help") || !strcmp(name, "-h") ||
        !strcmp(name, "help")) {
        cli_print_usage(stdout);
        return 0;
    }
    const CliCommand *c = find_command(name);
    if (!c) {
        fprintf(stderr, "quern: '%s' is not a command (quern --help lists "
                "them)\n", name);
        return 2;
    }

    g_autoptr(GPtrArray) pos = g_ptr_array_new();
    g_autoptr(GHashTable) options = g_hash_table_new_full(g_str_hash,
                                                          g_str_equal,
                                                          g_free, g_free);
    bool json = false;
    bool only_positional = false;
    for (int i = 2; i < argc; i++) {
        const char *arg = argv[i];

        if (only_positional || arg[0] != '-' || arg[1] != '-') {
            g_ptr_array_add(pos, (char *)arg);
            continue;
        }
        if (!strcmp(arg, "--")) {
            only_positional = true;
            continue;
        }
        if (!strcmp(arg, "--help")) {
            print_command_help(c);
            return 0;
        }
        if (!strcmp(arg, "--json")) {
            json = true;
            continue;
        }
        const char *flag = arg + 2;
        const char *eq = strchr(flag, '=');
        g_autofree char *flag_name = eq ? g_strndup(flag, eq - flag)
                                        : g_strdup(flag);
        if (!c->flags || !g_strv_contains(c->flags, flag_name)) {
            g_autofree char *what = g_strdup_printf("unknown option '%s'",
                                                    arg);
            return usage_error(c, what);
        }
        const char *value = eq ? eq + 1 : "";
        /* --from TEMPLATE as well as --from=TEMPLATE for value flags. */
        if (!eq && !strcmp(flag_name, "from")) {
            if (i + 1 >= argc) {
                return usage_error(c, "--from needs a template");
            }
            value = argv[++i];
        }
        g_hash_table_replace(options, g_steal_pointer(&flag_name),
                             g_strdup(value));
    }
    if (pos->len < c->min_pos) {
        return usage_error(c, "missing arguments");
    }
    if (pos->len > c->max_pos) {
        return usage_error(c, "too many arguments");
    }
    g_ptr_array_add(pos, NULL);
    CliArgs args = {
        .pos = (char **)pos->pdata,
        .n_pos = pos->len - 1,
        .json = json,
        .options = options,
    };
    return c->handler(&args);
}
