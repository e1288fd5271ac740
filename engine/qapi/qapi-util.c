/* QAPI text scalars: see qapi-util.h. The parsers are written out by hand
 * rather than on strtoll/strtod so that no locale, leading space, '+' or
 * octal reading slips in. */
#include "qapi-util.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <string.h>

#define BOOL_EXPECTED "on/off, yes/no or true/false"
#define SIZE_EXPECTED "a size (a number with an optional k/M/G/T/P/E suffix)"

void qapi_error_set_expected_internal(Error **errp, const char *src,
                                      int line, const char *func,
                                      const char *name, const char *text,
                                      const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    g_autofree char *what = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    g_autofree char *tail = text ? g_strdup_printf(", not '%s'", text)
                                 : g_strdup("");

    if (name) {
        error_set_internal(errp, src, line, func, ERROR_CLASS_GENERIC_ERROR,
                           "parameter '%s' expects %s%s", name, what, tail);
    } else {
        error_set_internal(errp, src, line, func, ERROR_CLASS_GENERIC_ERROR,
                           "expected %s%s", what, tail);
    }
}

bool qapi_bool_parse(const char *name, const char *value, bool *result,
                     Error **errp)
{
    static const struct {
        const char *text;
        bool value;
    } spellings[] = {
        { "on", true },    { "off", false },
        { "yes", true },   { "no", false },
        { "true", true },  { "false", false },
    };

    for (size_t i = 0; i < G_N_ELEMENTS(spellings); i++) {
        if (!strcmp(value, spellings[i].text)) {
            *result = spellings[i].value;
            return true;
        }
    }
    qapi_error_set_expected(errp, name, value, BOOL_EXPECTED);
    return false;
}

typedef enum DigitsResult {
    DIGITS_OK,
    DIGITS_INVALID,
    DIGITS_LEADING_ZERO,
    DIGITS_OVERFLOW,
} DigitsResult;

/* An unsigned magnitude, decimal or 0x hex, that must fill the string.
 * Validity is judged before overflow, so "99999999999999999999x" is junk,
 * not a range error. */
static DigitsResult qapi_parse_digits(const char *s, uint64_t *out)
{
    unsigned base = 10;
    bool leading_zero = false;
    bool overflow = false;
    uint64_t v = 0;

    if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        base = 16;
        s += 2;
    } else if (s[0] == '0' && s[1] != '\0') {
        leading_zero = true;
    }
    if (!*s) {
        return DIGITS_INVALID;
    }
    for (; *s; s++) {
        int d = base == 16 ? g_ascii_xdigit_value(*s)
                           : g_ascii_digit_value(*s);
        if (d < 0) {
            return DIGITS_INVALID;
        }
        if (v > (UINT64_MAX - (uint64_t)d) / base) {
            overflow = true;
        } else {
            v = v * base + (uint64_t)d;
        }
    }
    if (leading_zero) {
        return DIGITS_LEADING_ZERO;
    }
    if (overflow) {
        return DIGITS_OVERFLOW;
    }
    *out = v;
    return DIGITS_OK;
}

/* The error for a DigitsResult other than DIGITS_OK. */
static void qapi_digits_error(DigitsResult r, const char *name,
                              const char *value, bool is_signed,
                              Error **errp)
{
    switch (r) {
    case DIGITS_LEADING_ZERO:
        qapi_error_set_expected(errp, name, value,
                                "an integer without leading zeros "
                                "(octal is not supported)");
        break;
    case DIGITS_OVERFLOW:
        if (is_signed) {
            qapi_error_set_expected(errp, name, value,
                                    "a value between %" PRId64 " and %"
                                    PRId64, INT64_MIN, INT64_MAX);
        } else {
            qapi_error_set_expected(errp, name, value,
                                    "a value between 0 and %" PRIu64,
                                    UINT64_MAX);
        }
        break;
    default:
        qapi_error_set_expected(errp, name, value,
                                is_signed ? "an integer"
                                          : "an unsigned integer");
        break;
    }
}

bool qapi_int64_parse(const char *name, const char *value, int64_t *result,
                      Error **errp)
{
    bool negative = value[0] == '-';
    uint64_t mag = 0;
    DigitsResult r = qapi_parse_digits(value + negative, &mag);

    /* The magnitude of INT64_MIN is one more than INT64_MAX. */
    if (r == DIGITS_OK &&
        mag > (negative ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX)) {
        r = DIGITS_OVERFLOW;
    }
    if (r != DIGITS_OK) {
        qapi_digits_error(r, name, value, true, errp);
        return false;
    }
    if (!negative) {
        *result = (int64_t)mag;
    } else if (mag == (uint64_t)INT64_MAX + 1) {
        *result = INT64_MIN;
    } else {
        *result = -(int64_t)mag;
    }
    return true;
}

bool qapi_uint64_parse(const char *name, const char *value, uint64_t *result,
                       Error **errp)
{
    uint64_t v = 0;
    DigitsResult r = qapi_parse_digits(value, &v);

    if (r != DIGITS_OK) {
        qapi_digits_error(r, name, value, false, errp);
        return false;
    }
    *result = v;
    return true;
}

/* Parses a run of decimal digits at *p into *v; false when there is none.
 * Sets *overflow instead of wrapping. */
static bool qapi_size_decimal(const char **p, uint64_t *v, int *ndigits,
                              bool *overflow)
{
    const char *s = *p;

    *v = 0;
    for (; g_ascii_isdigit(*s); s++) {
        uint64_t d = (uint64_t)(*s - '0');
        if (*v > (UINT64_MAX - d) / 10) {
            *overflow = true;
        } else {
            *v = *v * 10 + d;
        }
    }
    *ndigits = (int)(s - *p);
    *p = s;
    return *ndigits > 0;
}

/* floor(num / den * 2^shift) for num < den < 2^63, exactly: binary long
 * division, one quotient bit per step, so no wider type is needed. */
static uint64_t qapi_scale_fraction(uint64_t num, uint64_t den, int shift)
{
    uint64_t q = 0;

    for (int i = 0; i < shift; i++) {
        num *= 2;
        q *= 2;
        if (num >= den) {
            num -= den;
            q |= 1;
        }
    }
    return q;
}

bool qapi_size_parse(const char *name, const char *value, uint64_t *result,
                     Error **errp)
{
    static const char suffixes[] = "KMGTPE";
    const char *p = value;
    uint64_t whole = 0, frac = 0, frac_den = 1;
    int ndigits = 0, frac_digits = 0, shift = 0;
    bool overflow = false, hex = false, has_suffix = false;

    if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
        /* Hex digits include B and E, so a hex size takes no suffix. */
        uint64_t v = 0;
        DigitsResult r = qapi_parse_digits(p, &v);
        if (r == DIGITS_INVALID) {
            goto invalid;
        }
        overflow = r == DIGITS_OVERFLOW;
        whole = v;
        hex = true;
        p += strlen(p);
    } else if (!qapi_size_decimal(&p, &whole, &ndigits, &overflow)) {
        goto invalid;
    }

    if (!hex && *p == '.') {
        p++;
        bool unused = false;
        /* 18 digits keep 10^digits below 2^63 for the exact scaling. */
        if (!qapi_size_decimal(&p, &frac, &frac_digits, &unused) ||
            frac_digits > 18) {
            goto invalid;
        }
        for (int i = 0; i < frac_digits; i++) {
            frac_den *= 10;
        }
    }

    if (!hex && *p) {
        const char *s = strchr(suffixes, g_ascii_toupper(*p));
        if (s && *s) {
            shift = 10 * (int)(s - suffixes + 1);
            has_suffix = true;
            p++;
        }
    }
    if (!hex && *p == 'B') {
        p++;
    } else if (has_suffix && p[0] == 'i' && p[1] == 'B') {
        p += 2;
    }
    if (*p || (frac_digits && !has_suffix)) {
        goto invalid;
    }

    if (overflow || (shift && whole > (UINT64_MAX >> shift))) {
        goto too_large;
    }
    uint64_t bytes = whole << shift;
    uint64_t extra = frac_digits ? qapi_scale_fraction(frac, frac_den, shift)
                                 : 0;
    if (bytes > UINT64_MAX - extra) {
        goto too_large;
    }
    *result = bytes + extra;
    return true;

invalid:
    qapi_error_set_expected(errp, name, value, SIZE_EXPECTED);
    return false;
too_large:
    qapi_error_set_expected(errp, name, value, "a size below 16 EiB");
    return false;
}

bool qapi_number_parse(const char *name, const char *value, double *result,
                       Error **errp)
{
    char *end = NULL;
    double v;

    /* strtod alone would also take leading spaces, '+', hex floats, "inf"
     * and "nan"; the integers' rules (no space, no '+', no hex mantissa)
     * hold here too. */
    if (!(g_ascii_isdigit(value[0]) || value[0] == '-' || value[0] == '.') ||
        strpbrk(value, "xX")) {
        goto invalid;
    }
    errno = 0;
    v = g_ascii_strtod(value, &end);
    if (*end || !isfinite(v)) {
        goto invalid;
    }
    if (errno == ERANGE && fabs(v) > 1.0) {
        goto invalid;    /* overflow; an underflow to ~0 is fine */
    }
    *result = v;
    return true;

invalid:
    qapi_error_set_expected(errp, name, value, "a number");
    return false;
}

char *qapi_size_to_str(uint64_t bytes)
{
    static const char *const units[] = {
        "B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB",
    };
    unsigned i = 0;
    uint64_t unit = 1;
    char buf[G_ASCII_DTOSTR_BUF_SIZE];

    while (i + 1 < G_N_ELEMENTS(units) && bytes / 1024 >= unit) {
        unit *= 1024;
        i++;
    }
    if (bytes % unit == 0) {
        return g_strdup_printf("%" PRIu64 " %s", bytes / unit, units[i]);
    }
    for (;;) {
        double v = (double)bytes / (double)unit;
        /* Three significant digits; never an exponent. */
        const char *fmt = v >= 100 ? "%.0f" : v >= 10 ? "%.1f" : "%.2f";
        g_ascii_formatd(buf, sizeof(buf), fmt, v);
        /* 1023.9 KiB rounds to "1024": say 1 MiB instead. */
        if (g_ascii_strtod(buf, NULL) >= 1024 &&
            i + 1 < G_N_ELEMENTS(units)) {
            unit *= 1024;
            i++;
            continue;
        }
        break;
    }
    if (strchr(buf, '.')) {
        char *e = buf + strlen(buf) - 1;
        while (*e == '0') {
            *e-- = '\0';
        }
        if (*e == '.') {
            *e = '\0';
        }
    }
    return g_strdup_printf("%s %s", buf, units[i]);
}
