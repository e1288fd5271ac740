/* String output visitor: see string-output-visitor.h.
 *
 * Every visited scalar becomes an item; consecutive integers merge into one
 * range item as they arrive. visit_complete() joins the items. Integers
 * stay numbers until then because the human form prints each list twice,
 * in decimal and in hex. */
#include "string-output-visitor.h"
#include "visitor-impl.h"
#include "qapi-util.h"

#include <inttypes.h>

typedef enum StringOutputKind {
    SOUT_INT,       /* lo..hi as int64 */
    SOUT_UINT,      /* lo..hi as uint64 */
    SOUT_TEXT,      /* already formatted */
} StringOutputKind;

typedef struct StringOutputItem {
    StringOutputKind kind;
    uint64_t lo, hi;    /* bits of int64 or uint64 */
    char *text;
} StringOutputItem;

typedef struct StringOutputVisitor {
    Visitor visitor;
    bool human;
    bool in_list;
    GArray *items;      /* of StringOutputItem */
    char **result;
} StringOutputVisitor;

static StringOutputVisitor *to_sov(Visitor *v)
{
    return (StringOutputVisitor *)v;
}

static void sout_item_clear(gpointer data)
{
    StringOutputItem *item = data;

    g_free(item->text);
}

static bool sout_unsupported(const char *name, Error **errp)
{
    if (name) {
        error_setg(errp, "parameter '%s' cannot be printed as a string",
                   name);
    } else {
        error_setg(errp, "this value cannot be printed as a string");
    }
    return false;
}

/* Outside a list there is one value: a second visit is a caller bug. */
static void sout_check_room(StringOutputVisitor *sov)
{
    g_assert(sov->in_list || sov->items->len == 0);
}

static void sout_add_text(StringOutputVisitor *sov, char *text)
{
    StringOutputItem item = { .kind = SOUT_TEXT, .text = text };

    sout_check_room(sov);
    g_array_append_val(sov->items, item);
}

static void sout_add_int(StringOutputVisitor *sov, StringOutputKind kind,
                         uint64_t bits)
{
    sout_check_room(sov);
    if (sov->items->len) {
        StringOutputItem *last = &g_array_index(sov->items, StringOutputItem,
                                                sov->items->len - 1);
        /* Extend the last range when bits follows it without wrapping. */
        uint64_t top = kind == SOUT_INT ? (uint64_t)INT64_MAX : UINT64_MAX;
        if (last->kind == kind && last->hi != top && last->hi + 1 == bits) {
            last->hi = bits;
            return;
        }
    }
    StringOutputItem item = { .kind = kind, .lo = bits, .hi = bits };
    g_array_append_val(sov->items, item);
}

static bool sout_start_struct(Visitor *v, const char *name, void **obj,
                              size_t size, Error **errp)
{
    return sout_unsupported(name, errp);
}

static void sout_end_struct(Visitor *v, void **obj)
{
    g_assert_not_reached();     /* start_struct never succeeds */
}

static bool sout_start_list(Visitor *v, const char *name, GenericList **list,
                            size_t size, Error **errp)
{
    StringOutputVisitor *sov = to_sov(v);

    if (sov->in_list) {
        return sout_unsupported(name, errp);
    }
    sout_check_room(sov);
    sov->in_list = true;
    return true;
}

static GenericList *sout_next_list(Visitor *v, GenericList *tail,
                                   size_t size)
{
    return tail->next;
}

static void sout_end_list(Visitor *v, void **obj)
{
    to_sov(v)->in_list = false;
}

static bool sout_type_int64(Visitor *v, const char *name, int64_t *obj,
                            Error **errp)
{
    sout_add_int(to_sov(v), SOUT_INT, (uint64_t)*obj);
    return true;
}

static bool sout_type_uint64(Visitor *v, const char *name, uint64_t *obj,
                             Error **errp)
{
    sout_add_int(to_sov(v), SOUT_UINT, *obj);
    return true;
}

static bool sout_type_size(Visitor *v, const char *name, uint64_t *obj,
                           Error **errp)
{
    StringOutputVisitor *sov = to_sov(v);

    if (!sov->human) {
        sout_add_text(sov, g_strdup_printf("%" PRIu64, *obj));
        return true;
    }
    g_autofree char *pretty = qapi_size_to_str(*obj);
    sout_add_text(sov, g_strdup_printf("%" PRIu64 " (%s)", *obj, pretty));
    return true;
}

static bool sout_type_bool(Visitor *v, const char *name, bool *obj,
                           Error **errp)
{
    sout_add_text(to_sov(v), g_strdup(*obj ? "true" : "false"));
    return true;
}

static bool sout_type_str(Visitor *v, const char *name, char **obj,
                          Error **errp)
{
    StringOutputVisitor *sov = to_sov(v);

    sout_add_text(sov, sov->human ? g_strdup_printf("\"%s\"", *obj)
                                  : g_strdup(*obj));
    return true;
}

static bool sout_type_enum_name(Visitor *v, const char *name,
                                const char *value, Error **errp)
{
    sout_add_text(to_sov(v), g_strdup(value));
    return true;
}

static bool sout_type_number(Visitor *v, const char *name, double *obj,
                             Error **errp)
{
    g_autoptr(QNum) qn = qnum_from_double(*obj);

    sout_add_text(to_sov(v), qnum_to_string(qn));
    return true;
}

static bool sout_type_any(Visitor *v, const char *name, QObject **obj,
                          Error **errp)
{
    return sout_unsupported(name, errp);
}

static bool sout_type_null(Visitor *v, const char *name, QNull **obj,
                           Error **errp)
{
    StringOutputVisitor *sov = to_sov(v);

    sout_add_text(sov, g_strdup(sov->human ? "null" : ""));
    return true;
}

static void sout_append_int(GString *s, StringOutputKind kind, uint64_t bits,
                            bool hex)
{
    if (kind == SOUT_UINT) {
        g_string_append_printf(s, hex ? "0x%" PRIx64 : "%" PRIu64, bits);
    } else if (!hex) {
        g_string_append_printf(s, "%" PRId64, (int64_t)bits);
    } else if ((int64_t)bits < 0) {
        /* The magnitude, computed unsigned so INT64_MIN has one too. */
        g_string_append_printf(s, "-0x%" PRIx64, 0 - bits);
    } else {
        g_string_append_printf(s, "0x%" PRIx64, bits);
    }
}

static void sout_append_items(StringOutputVisitor *sov, GString *s, bool hex)
{
    for (guint i = 0; i < sov->items->len; i++) {
        StringOutputItem *item = &g_array_index(sov->items, StringOutputItem,
                                                i);
        if (i) {
            g_string_append_c(s, ',');
        }
        if (item->kind == SOUT_TEXT) {
            g_string_append(s, item->text);
            continue;
        }
        sout_append_int(s, item->kind, item->lo, hex);
        if (item->hi != item->lo) {
            g_string_append_c(s, '-');
            sout_append_int(s, item->kind, item->hi, hex);
        }
    }
}

static void sout_complete(Visitor *v, void *result)
{
    StringOutputVisitor *sov = to_sov(v);
    g_autoptr(GString) s = g_string_new(NULL);
    bool numeric = sov->items->len > 0;

    g_assert(result == sov->result && !sov->in_list);
    for (guint i = 0; i < sov->items->len; i++) {
        if (g_array_index(sov->items, StringOutputItem, i).kind == SOUT_TEXT) {
            numeric = false;
        }
    }
    sout_append_items(sov, s, false);
    if (sov->human && numeric) {
        g_string_append(s, " (");
        sout_append_items(sov, s, true);
        g_string_append_c(s, ')');
    }
    *sov->result = g_string_free(g_steal_pointer(&s), false);
}

static void sout_free(Visitor *v)
{
    StringOutputVisitor *sov = to_sov(v);

    g_array_unref(sov->items);
    g_free(sov);
}

Visitor *string_output_visitor_new(bool human, char **result)
{
    StringOutputVisitor *sov = g_new0(StringOutputVisitor, 1);

    sov->visitor = (Visitor) {
        .type = VISITOR_OUTPUT,
        .start_struct = sout_start_struct,
        .end_struct = sout_end_struct,
        .start_list = sout_start_list,
        .next_list = sout_next_list,
        .end_list = sout_end_list,
        .type_int64 = sout_type_int64,
        .type_uint64 = sout_type_uint64,
        .type_size = sout_type_size,
        .type_bool = sout_type_bool,
        .type_str = sout_type_str,
        .type_number = sout_type_number,
        .type_any = sout_type_any,
        .type_null = sout_type_null,
        .type_enum_name = sout_type_enum_name,
        .complete = sout_complete,
        .free = sout_free,
    };
    sov->human = human;
    sov->result = result;
    sov->items = g_array_new(false, true, sizeof(StringOutputItem));
    g_array_set_clear_func(sov->items, sout_item_clear);
    return &sov->visitor;
}
