/* Fuzz target for the text scalars every front door shares (qapi-util.c)
 * and the string visitors built on them (string-input-visitor.c,
 * string-output-visitor.c): "256M", "on", "0x10", "1,3-5" as a user types
 * them into -global, a profile or the TUI.
 *
 * Input: the text (up to the first NUL byte).
 * Checks, beyond "no crash, no leak, no undefined behaviour":
 *   - every parser either succeeds or sets exactly one error that quotes
 *     the text ("... not 'TEXT'");
 *   - integers agree with GLib's strtoll/strtoull on what they accept, a
 *     signed and an unsigned reading of the same text agree where both
 *     succeed, and every unsigned integer is also a valid size;
 *   - the string input visitor reads each scalar exactly as the parser does;
 *   - every value that parses prints, plain and human (which starts with
 *     the plain text), and the plain text parses back to the same value;
 *     qapi_size_to_str() names a size within its three significant digits;
 *   - an integer list ("1,3-5") that parses, signed or unsigned, has at
 *     most STRING_INPUT_LIST_MAX elements and prints as ranges that parse
 *     back to the same list and print the same again (read back only up
 *     to FUZZ_LIST_REREAD_MAX elements, for speed).
 */
#include "qapi-util.h"
#include "string-input-visitor.h"
#include "string-output-visitor.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

/* The failure of a parser: one error, quoting the text it refused. */
static void fuzz_check_error(Error *err, const char *text)
{
    g_autofree char *quoted = g_strdup_printf(", not '%s'", text);

    g_assert_nonnull(err);
    g_assert_true(g_str_has_suffix(error_get_pretty(err), quoted));
    error_free(err);
}

/* Visits one value with a fresh output visitor; returns the text. */
typedef bool FuzzVisitFn(Visitor *v, void *value);

static char *fuzz_print(FuzzVisitFn *visit, void *value, bool human)
{
    char *out = NULL;
    g_autoptr(Visitor) v = string_output_visitor_new(human, &out);

    g_assert_true(visit(v, value));
    visit_complete(v, &out);
    g_assert_nonnull(out);
    return out;
}

static bool fuzz_visit_int64(Visitor *v, void *value)
{
    return visit_type_int64(v, "x", value, &error_abort);
}

static bool fuzz_visit_uint64(Visitor *v, void *value)
{
    return visit_type_uint64(v, "x", value, &error_abort);
}

static bool fuzz_visit_size(Visitor *v, void *value)
{
    return visit_type_size(v, "x", value, &error_abort);
}

static bool fuzz_visit_bool(Visitor *v, void *value)
{
    return visit_type_bool(v, "x", value, &error_abort);
}

static bool fuzz_visit_number(Visitor *v, void *value)
{
    return visit_type_number(v, "x", value, &error_abort);
}

/* Prints value both ways; returns the plain form, which the human form
 * starts with (it only adds hex or units in parentheses). */
static char *fuzz_print_both(FuzzVisitFn *visit, void *value)
{
    g_autofree char *human = fuzz_print(visit, value, true);
    char *plain = fuzz_print(visit, value, false);

    g_assert_true(g_str_has_prefix(human, plain));
    return plain;
}

static void fuzz_check_bool(const char *text)
{
    Error *err = NULL;
    bool value = false, visited = false, back = false;
    g_autoptr(Visitor) in = string_input_visitor_new(text);

    if (!qapi_bool_parse("x", text, &value, &err)) {
        fuzz_check_error(err, text);
        g_assert_false(visit_type_bool(in, "x", &visited, NULL));
        return;
    }
    g_assert_true(visit_type_bool(in, "x", &visited, &error_abort));
    g_assert_true(visited == value);

    g_autofree char *plain = fuzz_print_both(fuzz_visit_bool, &value);
    g_assert_true(qapi_bool_parse("x", plain, &back, &error_abort));
    g_assert_true(back == value);
}

/* What GLib makes of text as an integer in the syntax qapi-util.h allows:
 * decimal, or 0x hex after an optional '-'. */
static bool fuzz_glib_integer(const char *text, bool is_signed,
                              uint64_t *bits)
{
    bool negative = text[0] == '-';
    const char *digits = text + negative;
    unsigned base = 10;
    char *end = NULL;

    if (digits[0] == '0' && (digits[1] == 'x' || digits[1] == 'X')) {
        base = 16;
        digits += 2;
    }
    /* strtoll would also skip spaces and take a sign of its own. */
    if (!g_ascii_isxdigit(digits[0])) {
        return false;
    }
    if (!is_signed && negative) {
        return false;
    }
    g_autofree char *joined = g_strconcat(negative ? "-" : "", digits, NULL);
    errno = 0;
    *bits = is_signed ? (uint64_t)g_ascii_strtoll(joined, &end, base)
                      : g_ascii_strtoull(joined, &end, base);
    return *end == '\0' && errno == 0;
}

static void fuzz_check_int64(const char *text)
{
    Error *err = NULL;
    int64_t value = 0, visited = 0, back = 0;
    uint64_t glib = 0;
    g_autoptr(Visitor) in = string_input_visitor_new(text);

    if (!qapi_int64_parse("x", text, &value, &err)) {
        fuzz_check_error(err, text);
        g_assert_false(visit_type_int64(in, "x", &visited, NULL));
        return;
    }
    g_assert_true(visit_type_int64(in, "x", &visited, &error_abort));
    g_assert_cmpint(visited, ==, value);
    g_assert_true(fuzz_glib_integer(text, true, &glib));
    g_assert_cmpint((int64_t)glib, ==, value);

    g_autofree char *plain = fuzz_print_both(fuzz_visit_int64, &value);
    g_assert_true(qapi_int64_parse("x", plain, &back, &error_abort));
    g_assert_cmpint(back, ==, value);
}

static void fuzz_check_uint64(const char *text)
{
    Error *err = NULL;
    uint64_t value = 0, visited = 0, back = 0, glib = 0, size = 0;
    int64_t as_signed = 0;
    g_autoptr(Visitor) in = string_input_visitor_new(text);

    if (!qapi_uint64_parse("x", text, &value, &err)) {
        fuzz_check_error(err, text);
        g_assert_false(visit_type_uint64(in, "x", &visited, NULL));
        return;
    }
    g_assert_true(visit_type_uint64(in, "x", &visited, &error_abort));
    g_assert_cmpuint(visited, ==, value);
    g_assert_true(fuzz_glib_integer(text, false, &glib));
    g_assert_cmpuint(glib, ==, value);
    /* The signed reading agrees wherever the value fits. */
    if (value <= INT64_MAX) {
        g_assert_true(qapi_int64_parse("x", text, &as_signed, &error_abort));
        g_assert_cmpint(as_signed, ==, (int64_t)value);
    }
    /* A byte count without a suffix is a size. */
    g_assert_true(qapi_size_parse("x", text, &size, &error_abort));
    g_assert_cmpuint(size, ==, value);

    g_autofree char *plain = fuzz_print_both(fuzz_visit_uint64, &value);
    g_assert_true(qapi_uint64_parse("x", plain, &back, &error_abort));
    g_assert_cmpuint(back, ==, value);
}

/* qapi_size_to_str()'s "N UNIT" is within the rounding of three
 * significant digits (at most 0.5%, so 1/128 with room), and N is below
 * 1024 (else the next unit would have been used). N is read as a double
 * rather than by the size parser: UINT64_MAX rightly prints as "16 EiB",
 * which as a size would overflow. */
static void fuzz_check_size_to_str(uint64_t value)
{
    static const char *const units[] = {
        "B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB",
    };
    g_autofree char *pretty = qapi_size_to_str(value);
    char *end = NULL;
    double n = g_ascii_strtod(pretty, &end);
    double scale = 1;
    size_t i = 0;

    g_assert_true(end != pretty && *end == ' ');
    while (i < G_N_ELEMENTS(units) && strcmp(end + 1, units[i]) != 0) {
        scale *= 1024;
        i++;
    }
    g_assert_cmpuint(i, <, G_N_ELEMENTS(units));
    g_assert_true(n >= 0 && n < 1024);
    g_assert_true(fabs(n * scale - (double)value) <= (double)value / 128 + 1);
}

static void fuzz_check_size(const char *text)
{
    Error *err = NULL;
    uint64_t value = 0, visited = 0, back = 0;
    g_autoptr(Visitor) in = string_input_visitor_new(text);

    if (!qapi_size_parse("x", text, &value, &err)) {
        fuzz_check_error(err, text);
        g_assert_false(visit_type_size(in, "x", &visited, NULL));
        return;
    }
    g_assert_true(visit_type_size(in, "x", &visited, &error_abort));
    g_assert_cmpuint(visited, ==, value);

    g_autofree char *plain = fuzz_print_both(fuzz_visit_size, &value);
    g_assert_true(qapi_size_parse("x", plain, &back, &error_abort));
    g_assert_cmpuint(back, ==, value);
    fuzz_check_size_to_str(value);
}

static void fuzz_check_number(const char *text)
{
    Error *err = NULL;
    double value = 0, visited = 0, back = 0;
    g_autoptr(Visitor) in = string_input_visitor_new(text);

    if (!qapi_number_parse("x", text, &value, &err)) {
        fuzz_check_error(err, text);
        g_assert_false(visit_type_number(in, "x", &visited, NULL));
        return;
    }
    g_assert_true(isfinite(value));
    g_assert_true(visit_type_number(in, "x", &visited, &error_abort));
    g_assert_true(memcmp(&visited, &value, sizeof(value)) == 0);

    /* "Shortest exact form": the same double, bit for bit (so -0 too). */
    g_autofree char *plain = fuzz_print_both(fuzz_visit_number, &value);
    g_assert_true(qapi_number_parse("x", plain, &back, &error_abort));
    /* g_error() would raise SIGTRAP, which libFuzzer does not catch, and
     * the input would not be saved: print, then fail an assertion. */
    if (memcmp(&back, &value, sizeof(value)) != 0) {
        g_printerr("'%s' is %.17g, printed '%s', which reads back as %.17g\n",
                   text, value, plain, back);
    }
    g_assert_true(memcmp(&back, &value, sizeof(value)) == 0);
}

/* The longest list whose printed form is read back (see
 * fuzz_check_int_list()). */
#define FUZZ_LIST_REREAD_MAX 4096

/* An integer list node, as the generated intList and uint64List are. */
typedef struct FuzzIntList {
    struct FuzzIntList *next;
    uint64_t bits;   /* an int64_t or a uint64_t */
} FuzzIntList;

static void fuzz_int_list_free(FuzzIntList *list)
{
    while (list) {
        FuzzIntList *next = list->next;
        g_free(list);
        list = next;
    }
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC(FuzzIntList, fuzz_int_list_free)

static bool fuzz_visit_int_list(Visitor *v, FuzzIntList **list,
                                bool is_signed, Error **errp)
{
    bool ok = true;

    if (!visit_start_list(v, "list", (GenericList **)list, sizeof(**list),
                          errp)) {
        return false;
    }
    for (FuzzIntList *tail = *list; tail && ok;
         tail = (FuzzIntList *)visit_next_list(v, (GenericList *)tail,
                                               sizeof(*tail))) {
        ok = is_signed ?
            visit_type_int64(v, NULL, (int64_t *)&tail->bits, errp) :
            visit_type_uint64(v, NULL, &tail->bits, errp);
    }
    ok = ok && visit_check_list(v, errp);
    visit_end_list(v, (void **)list);
    return ok;
}

/* Reads text as a list into *list (NULL is the empty list); on failure
 * checks the error and returns false. */
static bool fuzz_read_int_list(const char *text, bool is_signed,
                               FuzzIntList **list)
{
    g_autoptr(Visitor) v = string_input_visitor_new(text);
    Error *err = NULL;

    *list = NULL;
    if (!fuzz_visit_int_list(v, list, is_signed, &err)) {
        g_assert_nonnull(err);
        error_free(err);
        g_clear_pointer(list, fuzz_int_list_free);
        return false;
    }
    g_assert_null(err);
    return true;
}

static char *fuzz_print_int_list(FuzzIntList *list, bool is_signed,
                                 bool human)
{
    char *out = NULL;
    g_autoptr(Visitor) v = string_output_visitor_new(human, &out);

    g_assert_true(fuzz_visit_int_list(v, &list, is_signed, &error_abort));
    visit_complete(v, &out);
    return out;
}

static bool fuzz_int_lists_equal(const FuzzIntList *a, const FuzzIntList *b)
{
    for (; a && b; a = a->next, b = b->next) {
        if (a->bits != b->bits) {
            return false;
        }
    }
    return !a && !b;
}

static size_t fuzz_int_list_length(const FuzzIntList *list)
{
    size_t n = 0;

    for (; list; list = list->next) {
        n++;
    }
    return n;
}

static void fuzz_check_int_list(const char *text, bool is_signed)
{
    g_autoptr(FuzzIntList) list = NULL;
    g_autoptr(FuzzIntList) back = NULL;
    uint64_t single = 0;

    if (!fuzz_read_int_list(text, is_signed, &list)) {
        return;
    }
    /* Only the empty text is the empty list. */
    g_assert_true((list == NULL) == (text[0] == '\0'));
    g_assert_cmpuint(fuzz_int_list_length(list), <=, STRING_INPUT_LIST_MAX);
    /* A single integer is the list of it. */
    if (text[0] && !strchr(text + 1, '-') && !strchr(text, ',') &&
        (is_signed ? qapi_int64_parse(NULL, text, (int64_t *)&single, NULL)
                   : qapi_uint64_parse(NULL, text, &single, NULL))) {
        g_assert_cmpuint(fuzz_int_list_length(list), ==, 1);
        g_assert_cmpuint(list->bits, ==, single);
    }

    g_autofree char *human = fuzz_print_int_list(list, is_signed, true);
    g_autofree char *plain = fuzz_print_int_list(list, is_signed, false);
    g_assert_true(g_str_has_prefix(human, plain));
    /* Reading allocates a node per element, slow under ASan: reading
     * long lists back roughly halved the executions per second. Long
     * lists differ from short ones only in the bound, which the first
     * read has checked. */
    if (fuzz_int_list_length(list) > FUZZ_LIST_REREAD_MAX) {
        return;
    }
    if (!fuzz_read_int_list(plain, is_signed, &back)) {
        g_printerr("'%s' printed as '%s', which does not parse\n", text,
                   plain);
        g_assert_not_reached();
    }
    g_assert_true(fuzz_int_lists_equal(list, back));
    g_autofree char *again = fuzz_print_int_list(back, is_signed, false);
    g_assert_cmpstr(again, ==, plain);
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    /* A GLib critical or warning is a bug the fuzzer should stop on. */
    g_log_set_always_fatal(G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    g_autofree char *text = g_strndup((const char *)data, size);

    fuzz_check_bool(text);
    fuzz_check_int64(text);
    fuzz_check_uint64(text);
    fuzz_check_size(text);
    fuzz_check_number(text);
    fuzz_check_int_list(text, true);
    fuzz_check_int_list(text, false);
    return 0;
}
