/* quern's profile commands: list, templates, create, show, edit, clone,
 * rename, delete, import, export, validate, catalog. */
#include <string.h>

#include "catalog.h"
#include "profile-ports.h"
#include "profile-store.h"
#include "profile-template.h"
#include "qjson.h"
#include "qlist.h"
#include "quern-cli.h"
#include "supervisor.h"
#include "validate.h"

static QList *strv_to_qlist(char **strv)
{
    QList *list = qlist_new();

    for (size_t i = 0; strv && strv[i]; i++) {
        qlist_append_str(list, strv[i]);
    }
    return list;
}

static int cmd_list(CliArgs *args)
{
    g_autoptr(ProfileStore) store = profile_store_new(NULL);
    g_autoptr(GPtrArray) profiles = profile_store_list(store);
    g_autoptr(QList) out = qlist_new();

    for (size_t i = 0; i < profiles->len; i++) {
        ProfileInfo *info = profiles->pdata[i];
        g_autoptr(VmStatus) st = supervisor_status(info->name);
        QDict *entry = qdict_new();

        qdict_put_str(entry, "name", info->name);
        qdict_put_str(entry, "state", vm_state_name(st->state));
        if (info->description) {
            qdict_put_str(entry, "description", info->description);
        }
        if (info->error) {
            qdict_put_str(entry, "error", info->error);
        } else {
            g_autoptr(Profile) p = profile_store_load(store, info->name,
                                                      NULL);
            g_auto(GStrv) missing = p ? profile_missing_files(p) : NULL;
            if (missing && missing[0]) {
                qdict_put(entry, "missing", strv_to_qlist(missing));
            }
        }
        qlist_append(out, entry);
    }
    if (args->json) {
        cli_print_json(QOBJECT(out));
        return 0;
    }
    if (qlist_empty(out)) {
        printf("no profiles (create one: quern create NAME --from "
               "TEMPLATE; quern templates lists them)\n");
        return 0;
    }
    QLIST_FOREACH_ENTRY(entry, out) {
        QDict *d = qobject_to(QDict, entry);
        const char *error = qdict_get_try_str(d, "error");
        const char *desc = qdict_get_try_str(d, "description");
        QList *missing = qdict_get_qlist(d, "missing");

        printf("%-24s %-8s %s\n", qdict_get_try_str(d, "name"),
               qdict_get_try_str(d, "state"),
               error ? "(does not parse)" : desc ? desc : "");
        if (error) {
            printf("    %s\n", error);
        }
        if (missing) {
            QLIST_FOREACH_ENTRY(m, missing) {
                printf("    missing: %s\n",
                       qstring_get_str(qobject_to(QString, m)));
            }
        }
    }
    return 0;
}

static int cmd_templates(CliArgs *args)
{
    g_auto(GStrv) names = profile_template_list();

    if (args->json) {
        g_autoptr(QList) list = strv_to_qlist(names);
        cli_print_json(QOBJECT(list));
        return 0;
    }
    for (size_t i = 0; names[i]; i++) {
        printf("%s\n", names[i]);
    }
    return 0;
}

/* Host ports the new profile forwards that another profile had. */
static void print_port_moves(char **moved)
{
    for (size_t i = 0; moved[i]; i++) {
        printf("note: %s\n", moved[i]);
    }
}

static int cmd_create(CliArgs *args)
{
    const char *from = cli_option(args, "from");
    g_autoptr(ProfileStore) store = profile_store_new(NULL);
    Error *err = NULL;

    if (!from || !*from) {
        return cli_failf("create: --from TEMPLATE is required (quern "
                         "templates lists them)");
    }
    g_autoptr(Profile) p = profile_template_instantiate(
        store, args->pos[0], from, (const char *const *)args->pos + 1, &err);
    if (!p) {
        return cli_fail(err);
    }
    g_autofree char *path = profile_store_path(store, args->pos[0]);
    g_auto(GStrv) moved = profile_ports_get_moves(p);
    if (args->json) {
        g_autoptr(QDict) out = qdict_new();
        qdict_put_str(out, "name", args->pos[0]);
        qdict_put_str(out, "path", path);
        qdict_put(out, "ports-moved", strv_to_qlist(moved));
        cli_print_json(QOBJECT(out));
    } else {
        printf("created %s\n", path);
        print_port_moves(moved);
    }
    return 0;
}

static char *shell_quote_argv(char **argv)
{
    g_autoptr(GString) s = g_string_new("");

    for (size_t i = 0; argv[i]; i++) {
        g_autofree char *q = g_shell_quote(argv[i]);
        bool plain = strspn(argv[i], "abcdefghijklmnopqrstuvwxyz"
                            "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
                            "-_=,./:+@%") == strlen(argv[i]) && *argv[i];
        g_string_append_printf(s, "%s%s", i ? " " : "",
                               plain ? argv[i] : q);
    }
    return g_string_free(g_steal_pointer(&s), FALSE);
}

/* Enough to see a panic's first lines or a boot's last steps. */
#define SHOW_CONSOLE_LINES 20

static int cmd_show(CliArgs *args)
{
    g_autoptr(ProfileStore) store = profile_store_new(NULL);
    Error *err = NULL;
    g_autoptr(Profile) p = profile_store_load(store, args->pos[0], &err);

    if (!p) {
        return cli_fail(err);
    }
    g_autofree char *text = config_file_to_string(profile_get_config(p));
    g_auto(GStrv) opts = profile_to_argv(p);
    g_autoptr(GStrvBuilder) b = g_strv_builder_new();
    g_autofree char *engine = g_path_get_basename("quern-engine");
    g_strv_builder_add(b, engine);
    g_strv_builder_addv(b, (const char **)opts);
    g_auto(GStrv) cmdline = g_strv_builder_end(b);
    g_autoptr(VmStatus) st = supervisor_status(args->pos[0]);
    g_auto(GStrv) missing = profile_missing_files(p);
    /* A dead VM's last words on its serial console: why it died, often. */
    g_auto(GStrv) console = st->state == VM_STATE_DEAD
        ? supervisor_console_tail(args->pos[0], SHOW_CONSOLE_LINES)
        : g_new0(char *, 1);

    if (args->json) {
        g_autoptr(QDict) out = qdict_new();
        g_autofree char *path = profile_store_path(store, args->pos[0]);
        qdict_put_str(out, "name", args->pos[0]);
        qdict_put_str(out, "path", path);
        qdict_put_str(out, "state", vm_state_name(st->state));
        qdict_put_str(out, "profile", text);
        qdict_put(out, "command-line", strv_to_qlist(cmdline));
        qdict_put(out, "missing", strv_to_qlist(missing));
        qdict_put(out, "console", strv_to_qlist(console));
        cli_print_json(QOBJECT(out));
        return 0;
    }
    g_autofree char *line = shell_quote_argv(cmdline);
    printf("%s\n# the same as:\n%s\n", text, line);
    for (size_t i = 0; missing[i]; i++) {
        printf("# missing: %s\n", missing[i]);
    }
    if (console[0]) {
        printf("# the VM died; the last lines on its serial console:\n");
    }
    for (size_t i = 0; console[i]; i++) {
        printf("#   %s\n", console[i]);
    }
    return 0;
}

static int cmd_edit(CliArgs *args)
{
    g_autoptr(ProfileStore) store = profile_store_new(NULL);
    Error *err = NULL;
    g_autoptr(Profile) p = profile_store_load(store, args->pos[0], &err);

    if (!p) {
        return cli_fail(err);
    }
    for (unsigned i = 1; i < args->n_pos; i++) {
        if (!profile_apply_setting(p, args->pos[i], &err)) {
            return cli_fail(err);
        }
    }
    if (!profile_store_save(store, p, &err)) {
        return cli_fail(err);
    }
    return 0;
}

static int cmd_clone(CliArgs *args)
{
    g_autoptr(ProfileStore) store = profile_store_new(NULL);
    Error *err = NULL;

    if (!profile_store_clone(store, args->pos[0], args->pos[1], &err)) {
        return cli_fail(err);
    }
    g_autoptr(Profile) copy = profile_store_load(store, args->pos[1], NULL);
    if (copy) {
        g_auto(GStrv) moved = profile_ports_get_moves(copy);
        print_port_moves(moved);
    }
    return 0;
}

static int cmd_rename(CliArgs *args)
{
    g_autoptr(ProfileStore) store = profile_store_new(NULL);
    g_autoptr(VmStatus) st = supervisor_status(args->pos[0]);
    Error *err = NULL;

    if (st->state == VM_STATE_RUNNING || st->state == VM_STATE_PAUSED) {
        return cli_failf("VM '%s' is running: stop it before renaming it",
                         args->pos[0]);
    }
    return profile_store_rename(store, args->pos[0], args->pos[1], &err)
           ? 0 : cli_fail(err);
}

static int cmd_delete(CliArgs *args)
{
    g_autoptr(ProfileStore) store = profile_store_new(NULL);
    g_autoptr(VmStatus) st = supervisor_status(args->pos[0]);
    Error *err = NULL;

    if (st->state == VM_STATE_RUNNING || st->state == VM_STATE_PAUSED) {
        return cli_failf("VM '%s' is running: stop it before deleting it",
                         args->pos[0]);
    }
    return profile_store_delete(store, args->pos[0], &err)
           ? 0 : cli_fail(err);
}

static int cmd_import(CliArgs *args)
{
    g_autoptr(ProfileStore) store = profile_store_new(NULL);
    Error *err = NULL;
    g_autoptr(Profile) p = profile_store_create_from_file(
        store, args->pos[0], args->pos[1], NULL, &err);

    if (!p) {
        return cli_fail(err);
    }
    g_auto(GStrv) moved = profile_ports_get_moves(p);
    print_port_moves(moved);
    return 0;
}

static int cmd_export(CliArgs *args)
{
    g_autoptr(ProfileStore) store = profile_store_new(NULL);
    Error *err = NULL;
    bool qemu = cli_option(args, "qemu") != NULL;

    return profile_store_export(store, args->pos[0], args->pos[1], qemu, &err)
           ? 0 : cli_fail(err);
}

static int cmd_validate(CliArgs *args)
{
    g_autoptr(ProfileStore) store = profile_store_new(NULL);
    Error *err = NULL;
    g_autoptr(Profile) p = profile_store_load(store, args->pos[0], &err);

    if (!p) {
        return cli_fail(err);
    }
    g_autoptr(Catalog) cat = catalog_load(NULL, &err);
    if (!cat) {
        return cli_fail(err);
    }
    g_autoptr(GPtrArray) problems = validate_profile(p, cat);
    if (args->json) {
        g_autoptr(QList) out = qlist_new();
        for (size_t i = 0; i < problems->len; i++) {
            ValidationProblem *vp = problems->pdata[i];
            QDict *d = qdict_new();
            qdict_put_str(d, "group", vp->group);
            if (vp->key) {
                qdict_put_str(d, "key", vp->key);
            }
            qdict_put_str(d, "message", vp->message);
            qlist_append(out, d);
        }
        cli_print_json(QOBJECT(out));
    } else {
        for (size_t i = 0; i < problems->len; i++) {
            g_autofree char *line =
                validation_problem_to_string(problems->pdata[i]);
            printf("%s\n", line);
        }
    }
    if (problems->len) {
        return cli_failf("profile '%s' has %u problem%s", args->pos[0],
                         problems->len, problems->len == 1 ? "" : "s");
    }
    return 0;
}

static void print_named(QList *list, const char *extra_key)
{
    QLIST_FOREACH_ENTRY(entry, list) {
        QDict *d = qobject_to(QDict, entry);
        const char *extra = extra_key ? qdict_get_try_str(d, extra_key)
                                      : NULL;
        printf("%-28s %s\n", qdict_get_try_str(d, "name"),
               extra ? extra : "");
    }
}

static int cmd_catalog(CliArgs *args)
{
    Error *err = NULL;
    g_autoptr(Catalog) cat = catalog_load(NULL, &err);
    const char *what = args->n_pos ? args->pos[0] : NULL;

    if (!cat) {
        return cli_fail(err);
    }
    if (!what) {
        if (args->json) {
            cli_print_json(QOBJECT(catalog_get_data(cat)));
            return 0;
        }
        printf("machines:\n");
        print_named(catalog_get_machines(cat), "desc");
        printf("\ncpus:\n");
        print_named(catalog_get_cpus(cat), "typename");
        printf("\ndevices:\n");
        QDICT_FOREACH(e, catalog_get_devices(cat)) {
            printf("%s\n", qdict_entry_key(e));
        }
        return 0;
    }
    QList *props = catalog_find_device_properties(cat, what);
    if (!props) {
        return cli_failf("'%s' is not a device type this engine offers",
                         what);
    }
    if (args->json) {
        cli_print_json(QOBJECT(props));
        return 0;
    }
    QLIST_FOREACH_ENTRY(entry, props) {
        QDict *d = qobject_to(QDict, entry);
        QObject *def = qdict_get(d, "default-value");
        g_autofree char *def_text = def ? qobject_to_json(def) : NULL;
        const char *desc = qdict_get_try_str(d, "description");
        printf("%s=<%s>", qdict_get_try_str(d, "name"),
               qdict_get_try_str(d, "type"));
        if (desc) {
            printf("  - %s", desc);
        }
        if (def_text) {
            printf(" (default: %s)", def_text);
        }
        printf("\n");
    }
    return 0;
}

static const char *const create_flags[] = { "from", NULL };
static const char *const export_flags[] = { "qemu", NULL };

const CliCommand cli_profile_commands[] = {
    { "list", cmd_list, 0, 0, NULL, "[--json]",
      "Lists the profiles with each VM's state. A profile that does not "
      "parse is listed with its FILE:LINE error, one whose files are "
      "missing with what is missing." },
    { "templates", cmd_templates, 0, 0, NULL, "[--json]",
      "Lists the stock templates create --from takes." },
    { "create", cmd_create, 1, G_MAXUINT, create_flags,
      "NAME --from TEMPLATE [GROUP.KEY=VALUE...] [--json]",
      "Creates profile NAME from a template (a name from quern templates, "
      "or a file path), then applies the settings: GROUP.KEY=VALUE, "
      "GROUP:ID.KEY=VALUE for a group with an id (device:disk0.drive=hd0), "
      "GROUP.KEY= to remove a key. The project's guest files are found in "
      "$XDG_CACHE_HOME/quern/guests/latest/; a writable disk image is "
      "copied to $XDG_DATA_HOME/quern/images/. A host port the template "
      "forwards that another profile forwards too moves to the next free "
      "one; a note says which ([quern] ports-moved keeps it)." },
    { "show", cmd_show, 1, 1, NULL, "NAME [--json]",
      "Prints the profile and the equivalent quern-engine command line; "
      "for a VM whose engine died, the last lines on its serial console "
      "as well." },
    { "edit", cmd_edit, 2, G_MAXUINT, NULL, "NAME GROUP.KEY=VALUE...",
      "Changes settings of a profile (as create takes them) and saves it; "
      "refused if another program changed the file meanwhile." },
    { "clone", cmd_clone, 2, 2, NULL, "NAME NEW-NAME",
      "Copies a profile. Host ports it forwards to the guest move to the "
      "next free ones, so both VMs can run; a note says which." },
    { "rename", cmd_rename, 2, 2, NULL, "NAME NEW-NAME",
      "Renames a profile (not while its VM runs)." },
    { "delete", cmd_delete, 1, 1, NULL, "NAME",
      "Deletes a profile (not while its VM runs). Disk images stay." },
    { "import", cmd_import, 2, 2, NULL, "NAME FILE",
      "Makes a profile of a config-group file (QEMU's -writeconfig "
      "output, say)." },
    { "export", cmd_export, 2, 2, export_flags, "NAME FILE [--qemu]",
      "Writes a profile to FILE; --qemu leaves out the [quern] group, "
      "which QEMU would reject." },
    { "validate", cmd_validate, 1, 1, NULL, "NAME [--json]",
      "Checks a profile against the engine's catalog: every problem with "
      "its group, key and what was expected. Exit status 1 if any." },
    { "catalog", cmd_catalog, 0, 1, NULL, "[DEVICE] [--json]",
      "Prints what the engine offers: machines, CPU models and device "
      "types, or one device type's properties with their types, defaults "
      "and documentation. Read from the engine and cached per build." },
    { NULL },
};
