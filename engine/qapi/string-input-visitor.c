/* String input visitor: see string-input-visitor.h.
 *
 * A list is read lazily, one element per visit, so the same code serves
 * int64 and uint64 lists (the text of an element only has a value once the
 * visited type is known). A range "lo-hi" yields lo at once and keeps the
 * rest pending for the following elements. */
#include "string-input-visitor.h"
#include "visitor-impl.h"
#include "qapi-util.h"

#include <string.h>

typedef struct StringInputVisitor {
    Visitor visitor;
    char *string;           /* our copy */

    /* List state. */
    bool in_list;
    char *list_name;        /* the list's name, for element paths */
    const char *cursor;     /* the unread rest of string */
    bool more;              /* another element follows (even an empty one) */
    size_t index;           /* the element being visited */
    size_t taken;           /* elements handed out */
    size_t count;           /* elements produced or promised by a range */
    bool in_range;          /* a range has elements left: */
    bool range_signed;
    uint64_t range_next;    /* bits of an int64 or a uint64 */
    uint64_t range_last;
} StringInputVisitor;

static StringInputVisitor *to_siv(Visitor *v)
{
    return (StringInputVisitor *)v;
}

static char *sinput_get_path(Visitor *v, const char *name)
{
    StringInputVisitor *siv = to_siv(v);

    if (siv->in_list) {
        return g_strdup_printf("%s[%zu]",
                               siv->list_name ? siv->list_name : "",
                               siv->index);
    }
    return g_strdup(name);
}

/* For the shapes a single string cannot spell. */
static bool sinput_unsupported(Visitor *v, const char *name, Error **errp)
{
    g_autofree char *path = sinput_get_path(v, name);

    if (path) {
        error_setg(errp, "parameter '%s' cannot be parsed from a string",
                   path);
    } else {
        error_setg(errp, "this value cannot be parsed from a string");
    }
    return false;
}

static bool sinput_start_struct(Visitor *v, const char *name, void **obj,
                                size_t size, Error **errp)
{
    if (obj) {
        *obj = NULL;
    }
    return sinput_unsupported(v, name, errp);
}

static void sinput_end_struct(Visitor *v, void **obj)
{
    g_assert_not_reached();     /* start_struct never succeeds */
}

static bool sinput_start_list(Visitor *v, const char *name,
                              GenericList **list, size_t size, Error **errp)
{
    StringInputVisitor *siv = to_siv(v);

    if (list) {
        *list = NULL;
    }
    if (siv->in_list) {
        return sinput_unsupported(v, name, errp);   /* a list of lists */
    }
    siv->in_list = true;
    siv->list_name = g_strdup(name);
    siv->cursor = siv->string;
    siv->more = siv->string[0] != '\0';
    siv->index = 0;
    siv->taken = 0;
    siv->count = 0;
    siv->in_range = false;
    if (list && siv->more) {
        *list = g_malloc0(size);
    }
    return true;
}

static GenericList *sinput_next_list(Visitor *v, GenericList *tail,
                                     size_t size)
{
    StringInputVisitor *siv = to_siv(v);

    g_assert(siv->in_list);
    if (!siv->in_range && !siv->more) {
        return NULL;
    }
    siv->index++;
    tail->next = g_malloc0(size);
    return tail->next;
}

static bool sinput_check_list(Visitor *v, Error **errp)
{
    StringInputVisitor *siv = to_siv(v);

    /* A fixed-size visit that left elements unread. */
    if (siv->in_range || siv->more) {
        qapi_error_set_expected(errp, siv->list_name, siv->string,
                                "%zu elements", siv->taken);
        return false;
    }
    return true;
}

static void sinput_end_list(Visitor *v, void **obj)
{
    StringInputVisitor *siv = to_siv(v);

    g_assert(siv->in_list);
    siv->in_list = false;
    g_clear_pointer(&siv->list_name, g_free);
}

static bool sinput_start_alternate(Visitor *v, const char *name,
                                   GenericAlternate **obj, size_t size,
                                   Error **errp)
{
    *obj = NULL;
    return sinput_unsupported(v, name, errp);
}

/* Splits off the next element's text ("7" or "3-5"). */
static char *sinput_take_element(StringInputVisitor *siv)
{
    const char *comma = strchr(siv->cursor, ',');
    char *elem;

    if (comma) {
        elem = g_strndup(siv->cursor, (gsize)(comma - siv->cursor));
        siv->cursor = comma + 1;
        siv->more = true;
    } else {
        elem = g_strdup(siv->cursor);
        siv->cursor += strlen(siv->cursor);
        siv->more = false;
    }
    return elem;
}

/* The next value of a pending range, if there is one. */
static bool sinput_range_step(StringInputVisitor *siv, bool is_signed,
                              uint64_t *bits)
{
    if (!siv->in_range) {
        return false;
    }
    g_assert(siv->range_signed == is_signed);
    *bits = siv->range_next;
    if (siv->range_next == siv->range_last) {
        siv->in_range = false;
    } else {
        siv->range_next++;
    }
    return true;
}

/* Accounts for a range of span + 1 values and keeps what is left of it.
 * The bound: an integer list on a command line is a CPU or node set, a
 * few thousand at most; without one, "0-18446744073709551615" would
 * allocate list nodes until memory ran out. */
static bool sinput_range_start(StringInputVisitor *siv, const char *elem,
                               bool is_signed, uint64_t lo_bits,
                               uint64_t span, Error **errp)
{
    if (span >= STRING_INPUT_LIST_MAX - siv->count) {
        qapi_error_set_expected(errp, siv->list_name, elem,
                                "a list of at most %d integers",
                                STRING_INPUT_LIST_MAX);
        return false;
    }
    siv->count += span + 1;
    if (span) {
        siv->in_range = true;
        siv->range_signed = is_signed;
        siv->range_next = lo_bits + 1;
        siv->range_last = lo_bits + span;
    }
    return true;
}

/* Marks the start of an element's visit. A walk without next_list()
 * (start_list() given no list, a fixed-size visit) moves on here. */
static void sinput_element_begin(StringInputVisitor *siv)
{
    if (siv->taken > siv->index) {
        siv->index = siv->taken;
    }
    siv->taken = siv->index + 1;
}

/* The "-" that separates "lo-hi"; a leading one is lo's sign. */
static char *sinput_range_dash(char *elem)
{
    return elem[0] ? strchr(elem + 1, '-') : NULL;
}

static bool sinput_list_int64(StringInputVisitor *siv, int64_t *obj,
                              Error **errp)
{
    sinput_element_begin(siv);

    g_autofree char *path = sinput_get_path(&siv->visitor, NULL);
    g_autofree char *elem = NULL;
    g_autofree char *lo_text = NULL;
    uint64_t bits;
    int64_t lo, hi;

    if (sinput_range_step(siv, true, &bits)) {
        *obj = (int64_t)bits;
        return true;
    }
    elem = sinput_take_element(siv);
    char *dash = sinput_range_dash(elem);
    lo_text = dash ? g_strndup(elem, (gsize)(dash - elem)) : g_strdup(elem);
    if (!qapi_int64_parse(path, lo_text, &lo, errp)) {
        return false;
    }
    hi = lo;
    if (dash && !qapi_int64_parse(path, dash + 1, &hi, errp)) {
        return false;
    }
    if (lo > hi) {
        qapi_error_set_expected(errp, siv->list_name, elem,
                                "an ascending range");
        return false;
    }
    if (!sinput_range_start(siv, elem, true, (uint64_t)lo,
                            (uint64_t)hi - (uint64_t)lo, errp)) {
        return false;
    }
    *obj = lo;
    return true;
}

static bool sinput_list_uint64(StringInputVisitor *siv, uint64_t *obj,
                               Error **errp)
{
    sinput_element_begin(siv);

    g_autofree char *path = sinput_get_path(&siv->visitor, NULL);
    g_autofree char *elem = NULL;
    g_autofree char *lo_text = NULL;
    uint64_t lo, hi;

    if (sinput_range_step(siv, false, obj)) {
        return true;
    }
    elem = sinput_take_element(siv);
    char *dash = sinput_range_dash(elem);
    lo_text = dash ? g_strndup(elem, (gsize)(dash - elem)) : g_strdup(elem);
    if (!qapi_uint64_parse(path, lo_text, &lo, errp)) {
        return false;
    }
    hi = lo;
    if (dash && !qapi_uint64_parse(path, dash + 1, &hi, errp)) {
        return false;
    }
    if (lo > hi) {
        qapi_error_set_expected(errp, siv->list_name, elem,
                                "an ascending range");
        return false;
    }
    if (!sinput_range_start(siv, elem, false, lo, hi - lo, errp)) {
        return false;
    }
    *obj = lo;
    return true;
}

static bool sinput_type_int64(Visitor *v, const char *name, int64_t *obj,
                              Error **errp)
{
    StringInputVisitor *siv = to_siv(v);

    if (siv->in_list) {
        return sinput_list_int64(siv, obj, errp);
    }
    return qapi_int64_parse(name, siv->string, obj, errp);
}

static bool sinput_type_uint64(Visitor *v, const char *name, uint64_t *obj,
                               Error **errp)
{
    StringInputVisitor *siv = to_siv(v);

    if (siv->in_list) {
        return sinput_list_uint64(siv, obj, errp);
    }
    return qapi_uint64_parse(name, siv->string, obj, errp);
}

static bool sinput_type_size(Visitor *v, const char *name, uint64_t *obj,
                             Error **errp)
{
    StringInputVisitor *siv = to_siv(v);

    if (siv->in_list) {
        return sinput_unsupported(v, name, errp);
    }
    return qapi_size_parse(name, siv->string, obj, errp);
}

static bool sinput_type_bool(Visitor *v, const char *name, bool *obj,
                             Error **errp)
{
    StringInputVisitor *siv = to_siv(v);

    if (siv->in_list) {
        return sinput_unsupported(v, name, errp);
    }
    return qapi_bool_parse(name, siv->string, obj, errp);
}

static bool sinput_type_str(Visitor *v, const char *name, char **obj,
                            Error **errp)
{
    StringInputVisitor *siv = to_siv(v);

    *obj = NULL;
    /* In a list, commas would need quoting that nobody has defined. */
    if (siv->in_list) {
        return sinput_unsupported(v, name, errp);
    }
    *obj = g_strdup(siv->string);
    return true;
}

static bool sinput_type_number(Visitor *v, const char *name, double *obj,
                               Error **errp)
{
    StringInputVisitor *siv = to_siv(v);

    if (siv->in_list) {
        return sinput_unsupported(v, name, errp);
    }
    return qapi_number_parse(name, siv->string, obj, errp);
}

static bool sinput_type_any(Visitor *v, const char *name, QObject **obj,
                            Error **errp)
{
    *obj = NULL;
    return sinput_unsupported(v, name, errp);
}

static bool sinput_type_null(Visitor *v, const char *name, QNull **obj,
                             Error **errp)
{
    StringInputVisitor *siv = to_siv(v);

    *obj = NULL;
    if (siv->in_list) {
        return sinput_unsupported(v, name, errp);
    }
    if (siv->string[0]) {
        qapi_error_set_expected(errp, name, siv->string, "an empty value");
        return false;
    }
    *obj = qnull();
    return true;
}

static void sinput_free(Visitor *v)
{
    StringInputVisitor *siv = to_siv(v);

    g_free(siv->list_name);
    g_free(siv->string);
    g_free(siv);
}

Visitor *string_input_visitor_new(const char *str)
{
    StringInputVisitor *siv = g_new0(StringInputVisitor, 1);

    g_assert(str);
    siv->visitor = (Visitor) {
        .type = VISITOR_INPUT,
        .start_struct = sinput_start_struct,
        .end_struct = sinput_end_struct,
        .start_list = sinput_start_list,
        .next_list = sinput_next_list,
        .check_list = sinput_check_list,
        .end_list = sinput_end_list,
        .start_alternate = sinput_start_alternate,
        .type_int64 = sinput_type_int64,
        .type_uint64 = sinput_type_uint64,
        .type_size = sinput_type_size,
        .type_bool = sinput_type_bool,
        .type_str = sinput_type_str,
        .type_number = sinput_type_number,
        .type_any = sinput_type_any,
        .type_null = sinput_type_null,
        .get_path = sinput_get_path,
        .free = sinput_free,
    };
    siv->string = g_strdup(str);
    return &siv->visitor;
}
