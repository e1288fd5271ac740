/* Error: the errp convention as a caller sees it. */
#include "error.h"

#include <errno.h>

static bool fail_with(int code, Error **errp)
{
    if (code) {
        error_setg(errp, "widget %d is broken", code);
        return false;
    }
    return true;
}

static void test_set_gives_message_and_generic_class(void)
{
    Error *err = NULL;

    g_assert_false(fail_with(7, &err));
    g_assert_nonnull(err);
    g_assert_cmpstr(error_get_pretty(err), ==, "widget 7 is broken");
    g_assert_cmpint(error_get_class(err), ==, ERROR_CLASS_GENERIC_ERROR);
    g_assert_cmpstr(error_class_name(error_get_class(err)), ==, "GenericError");
    error_free(err);
}

static void test_success_leaves_errp_alone(void)
{
    Error *err = NULL;

    g_assert_true(fail_with(0, &err));
    g_assert_null(err);
}

static void test_set_with_class(void)
{
    g_autoptr(Error) err = NULL;

    error_set(&err, ERROR_CLASS_DEVICE_NOT_FOUND, "device '%s' not found", "d0");
    g_assert_cmpint(error_get_class(err), ==, ERROR_CLASS_DEVICE_NOT_FOUND);
    g_assert_cmpstr(error_class_name(error_get_class(err)), ==, "DeviceNotFound");
    g_assert_cmpstr(error_get_pretty(err), ==, "device 'd0' not found");
}

/* Every QMP class round-trips through its wire name. */
static void test_class_names_round_trip(void)
{
    for (int i = 0; i < ERROR_CLASS__MAX; i++) {
        ErrorClass back;
        g_assert_true(error_class_from_name(error_class_name(i), &back));
        g_assert_cmpint(back, ==, i);
    }
    ErrorClass unused;
    g_assert_false(error_class_from_name("NoSuchClass", &unused));
    g_assert_cmpstr(error_class_name(ERROR_CLASS_KVM_MISSING_CAP), ==,
                    "KVMMissingCap");
    g_assert_cmpstr(error_class_name(ERROR_CLASS_COMMAND_NOT_FOUND), ==,
                    "CommandNotFound");
}

static void test_null_errp_drops_error(void)
{
    g_assert_false(fail_with(3, NULL));
}

static void test_errno_appends_reason(void)
{
    g_autoptr(Error) err = NULL;

    error_setg_errno(&err, ENOENT, "cannot open '%s'", "/nope");
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "cannot open '/nope': No such file or directory");
}

static bool load_profile(const char *name, Error **errp)
{
    if (!fail_with(2, errp)) {
        error_prepend(errp, "loading profile '%s': ", name);
        return false;
    }
    return true;
}

static void test_prepend_adds_context(void)
{
    g_autoptr(Error) err = NULL;

    g_assert_false(load_profile("dev", &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "loading profile 'dev': widget 2 is broken");
}

static void test_propagate_moves_error(void)
{
    Error *local = NULL;
    g_autoptr(Error) err = NULL;

    fail_with(1, &local);
    error_propagate(&err, local);
    g_assert_nonnull(err);
    g_assert_cmpstr(error_get_pretty(err), ==, "widget 1 is broken");

    /* A NULL local error is nothing to propagate. */
    error_propagate(&err, NULL);
    g_assert_cmpstr(error_get_pretty(err), ==, "widget 1 is broken");
}

/* A second error never overwrites the first: the first is the cause. */
static void test_propagate_keeps_first_error(void)
{
    g_autoptr(Error) err = NULL;
    Error *second = NULL;

    fail_with(1, &err);
    fail_with(2, &second);
    error_propagate(&err, second);
    g_assert_cmpstr(error_get_pretty(err), ==, "widget 1 is broken");
}

static void test_propagate_to_null_frees(void)
{
    Error *local = NULL;

    fail_with(4, &local);
    error_propagate(NULL, local);   /* LeakSanitizer checks it was freed */
}

static void test_copy_is_independent(void)
{
    g_autoptr(Error) err = NULL;

    error_set(&err, ERROR_CLASS_COMMAND_NOT_FOUND, "no '%s'", "frob");
    error_append_hint(&err, "try 'help'\n");
    g_autoptr(Error) copy = error_copy(err);
    error_prepend(&err, "x: ");
    g_assert_cmpstr(error_get_pretty(copy), ==, "no 'frob'");
    g_assert_cmpstr(error_get_hint(copy), ==, "try 'help'\n");
    g_assert_cmpint(error_get_class(copy), ==, ERROR_CLASS_COMMAND_NOT_FOUND);
}

static void test_free_or_abort_clears(void)
{
    Error *err = NULL;

    fail_with(5, &err);
    error_free_or_abort(&err);
    g_assert_null(err);
}

static void test_report_names_program(void)
{
    if (g_test_subprocess()) {
        Error *err = NULL;
        g_set_prgname("quern-test");
        fail_with(9, &err);
        error_append_hint(&err, "check the widget\n");
        error_report_err(err);
        warn_report("disk '%s' is almost full", "hd0");
        return;
    }
    g_test_trap_subprocess(NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
    g_test_trap_assert_passed();
    g_test_trap_assert_stderr("quern-test: widget 9 is broken\n"
                              "check the widget\n"
                              "quern-test: warning: disk 'hd0' is almost full\n");
}

static void test_fatal_exits_with_one(void)
{
    if (g_test_subprocess()) {
        g_set_prgname("quern-test");
        fail_with(6, &error_fatal);
        return;   /* not reached */
    }
    g_test_trap_subprocess(NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
    g_test_trap_assert_failed();
    g_test_trap_assert_stderr("quern-test: widget 6 is broken\n");
}

/* &error_abort is for "cannot fail": it says where it failed, then aborts. */
static void test_abort_names_location(void)
{
    if (g_test_subprocess()) {
        g_set_prgname("quern-test");
        fail_with(8, &error_abort);
        return;   /* not reached */
    }
    g_test_trap_subprocess(NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
    g_test_trap_assert_failed();
    g_test_trap_assert_stderr("*unexpected error in fail_with() at *test-error.c:*"
                              "quern-test: widget 8 is broken*");
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/error/set/gives-message-and-generic-class",
                    test_set_gives_message_and_generic_class);
    g_test_add_func("/error/set/success-leaves-errp-alone",
                    test_success_leaves_errp_alone);
    g_test_add_func("/error/set/with-class", test_set_with_class);
    g_test_add_func("/error/class/names-round-trip", test_class_names_round_trip);
    g_test_add_func("/error/set/null-errp-drops-error", test_null_errp_drops_error);
    g_test_add_func("/error/set/errno-appends-reason", test_errno_appends_reason);
    g_test_add_func("/error/prepend/adds-context", test_prepend_adds_context);
    g_test_add_func("/error/propagate/moves-error", test_propagate_moves_error);
    g_test_add_func("/error/propagate/keeps-first-error",
                    test_propagate_keeps_first_error);
    g_test_add_func("/error/propagate/to-null-frees", test_propagate_to_null_frees);
    g_test_add_func("/error/copy/is-independent", test_copy_is_independent);
    g_test_add_func("/error/free-or-abort/clears", test_free_or_abort_clears);
    g_test_add_func("/error/report/names-program", test_report_names_program);
    g_test_add_func("/error/sink/fatal-exits-with-one", test_fatal_exits_with_one);
    g_test_add_func("/error/sink/abort-names-location", test_abort_names_location);
    return g_test_run();
}
