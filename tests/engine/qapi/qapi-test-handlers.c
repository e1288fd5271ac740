/* The test schema's command handlers (qapi-schema-test.json): what its
 * commands do in test-qapi-gen and in the fuzz-qmp-dispatch fuzz target,
 * which both link this file. The generated test-qapi-commands.h declares
 * them, so there is no header of our own.
 *
 * They are small but must behave for any arguments a client may send: the
 * fuzz target feeds them whatever passes the generated marshallers. */
#include "clone-visitor.h"
#include "test-qapi-commands.h"
#include "test-qapi-visit.h"

bool qmp_user_def_cmd(Error **errp)
{
    return true;
}

bool qmp_user_def_cmd1(UserDefOne *ud1a, UserDefTwo **ret, Error **errp)
{
    int64_t twice;

    /* Any int64 may arrive; doubling one past the range is an error, not
     * undefined behaviour. */
    if (__builtin_mul_overflow(ud1a->integer, 2, &twice)) {
        error_setg(errp, "parameter 'ud1a.integer' is too large to double");
        return false;
    }

    UserDefTwo *two = g_new0(UserDefTwo, 1);
    UserDefOneList *list = g_new0(UserDefOneList, 1);

    list->value = QAPI_CLONE(UserDefOne, ud1a);
    two->list = list;
    two->sub = g_new0(UserDefZero, 1);
    two->sub->integer = twice;
    two->has_u64 = true;
    two->u64 = UINT64_MAX;
    *ret = two;
    return true;
}

bool qmp_cmd_returns_list(UserDefTwoList **ret, Error **errp)
{
    *ret = NULL;   /* an empty list */
    return true;
}

bool qmp_guest_get_time(int64_t a, bool has_b, int64_t b, int64_t *ret,
                        Error **errp)
{
    if (a < 0) {
        error_setg(errp, "parameter 'a' must not be negative");
        return false;
    }
    if (__builtin_add_overflow(a, has_b ? b : 0, ret)) {
        error_setg(errp, "parameters 'a' and 'b' add up to more than an "
                   "int64 holds");
        return false;
    }
    return true;
}

bool qmp_boxed_struct(UserDefZero *arg, Error **errp)
{
    return true;
}

bool qmp_boxed_union(UserDefFlatUnion *arg, Error **errp)
{
    return true;
}

bool qmp_named_data(int64_t integer, Error **errp)
{
    return true;
}

bool qmp_cmd_flags(QDict *args, QObject **ret, Error **errp)
{
    return true;
}

bool qmp_cmd_coroutine(Error **errp)
{
    return true;
}

bool qmp_legacy_command(Error **errp)
{
    return true;
}

bool qmp_cmd_empty_data(Error **errp)
{
    return true;
}

bool qmp_cmd_features(int64_t arg, Error **errp)
{
    return true;
}

bool qmp___org_qemu_x_command(__org_qemu_x_Base *a, Error **errp)
{
    return true;
}
