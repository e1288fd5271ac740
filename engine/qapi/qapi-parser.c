/* QAPI schema parser: see qapi-parser.h. */
#include "qapi-parser.h"
#include "qapi-doc.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Tokens other than the structural characters, which stand for
 * themselves ('{', '}', '[', ']', ':', ','). */
enum {
    TOK_EOF = 0,
    TOK_STRING = 256,
    TOK_TRUE,
    TOK_FALSE,
    TOK_INT,
    TOK_COMMENT,        /* text in val, '#' included */
};

typedef struct Lexer {
    const char *file;
    const char *text;
    size_t len;
    size_t pos;
    unsigned line;
    size_t line_start;
    /* the current token */
    int tok;
    QapiSourceInfo info;
    char *val;                  /* TOK_STRING, TOK_COMMENT */
    bool negative;              /* TOK_INT */
    uint64_t magnitude;
} Lexer;

typedef struct Parser {
    QapiParse *parse;
    GHashTable *files;          /* memory mode: name -> GBytes; else NULL */
    GHashTable *seen;           /* canonical names of files read */
    unsigned include_depth;
} Parser;

char *qapi_source_info_format(const QapiSourceInfo *info)
{
    if (!info->file) {
        return g_strdup("built-in");
    }
    return g_strdup_printf("%s:%u:%u", info->file, info->line, info->col);
}

void qapi_error_at_internal(Error **errp, const char *src, int line,
                            const char *func, const QapiSourceInfo *info,
                            const char *fmt, ...)
{
    va_list ap;
    g_autofree char *where = qapi_source_info_format(info);
    g_autofree char *msg = NULL;

    va_start(ap, fmt);
    msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    error_set_internal(errp, src, line, func, ERROR_CLASS_GENERIC_ERROR,
                       "%s: %s", where, msg);
}

/* Nodes */

static void node_free(gpointer p)
{
    QapiNode *node = p;

    if (!node) {
        return;
    }
    switch (node->kind) {
    case QAPI_NODE_STRING:
        g_free(node->u.str);
        break;
    case QAPI_NODE_DICT:
        for (guint i = 0; i < node->u.dict->len; i++) {
            QapiNodeEntry *e = &g_array_index(node->u.dict, QapiNodeEntry, i);

            g_free(e->key);
            node_free(e->value);
        }
        g_array_free(node->u.dict, TRUE);
        break;
    case QAPI_NODE_LIST:
        g_ptr_array_unref(node->u.list);
        break;
    case QAPI_NODE_BOOL:
    case QAPI_NODE_INT:
        break;
    }
    g_free(node);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC(QapiNode, node_free)

static QapiNode *node_new(QapiNodeKind kind, QapiSourceInfo info)
{
    QapiNode *node = g_new0(QapiNode, 1);

    node->kind = kind;
    node->info = info;
    if (kind == QAPI_NODE_DICT) {
        node->u.dict = g_array_new(FALSE, FALSE, sizeof(QapiNodeEntry));
    } else if (kind == QAPI_NODE_LIST) {
        node->u.list = g_ptr_array_new_with_free_func(node_free);
    }
    return node;
}

const char *qapi_node_describe(const QapiNode *node)
{
    switch (node->kind) {
    case QAPI_NODE_STRING:
        return "a string";
    case QAPI_NODE_BOOL:
        return "a boolean";
    case QAPI_NODE_INT:
        return "an integer";
    case QAPI_NODE_DICT:
        return "an object";
    case QAPI_NODE_LIST:
        return "an array";
    }
    g_assert_not_reached();
}

const QapiNodeEntry *qapi_node_get_entry(const QapiNode *node,
                                         const char *key)
{
    if (!node || node->kind != QAPI_NODE_DICT) {
        return NULL;
    }
    for (guint i = 0; i < node->u.dict->len; i++) {
        const QapiNodeEntry *e = &g_array_index(node->u.dict,
                                                QapiNodeEntry, i);

        if (strcmp(e->key, key) == 0) {
            return e;
        }
    }
    return NULL;
}

const QapiNode *qapi_node_get(const QapiNode *node, const char *key)
{
    const QapiNodeEntry *e = qapi_node_get_entry(node, key);

    return e ? e->value : NULL;
}

const char *qapi_node_get_str(const QapiNode *node)
{
    return node && node->kind == QAPI_NODE_STRING ? node->u.str : NULL;
}

size_t qapi_node_dict_size(const QapiNode *node)
{
    return node && node->kind == QAPI_NODE_DICT ? node->u.dict->len : 0;
}

const QapiNodeEntry *qapi_node_dict_entry(const QapiNode *node, size_t i)
{
    g_assert(node->kind == QAPI_NODE_DICT && i < node->u.dict->len);
    return &g_array_index(node->u.dict, QapiNodeEntry, i);
}

size_t qapi_node_list_size(const QapiNode *node)
{
    return node && node->kind == QAPI_NODE_LIST ? node->u.list->len : 0;
}

const QapiNode *qapi_node_list_entry(const QapiNode *node, size_t i)
{
    g_assert(node->kind == QAPI_NODE_LIST && i < node->u.list->len);
    return g_ptr_array_index(node->u.list, i);
}

/* Lexer */

static QapiSourceInfo lexer_info_at(const Lexer *lx, size_t pos)
{
    return (QapiSourceInfo){
        .file = lx->file,
        .line = lx->line,
        .col = (unsigned)MIN(pos - lx->line_start + 1, G_MAXUINT),
    };
}

static bool lexer_is_structural(char c)
{
    return c && strchr("{}[]:,", c);
}

/* A stray run of text: up to the next blank, quote or structural
 * character, shortened to keep the message to one readable line. */
static void lexer_error_stray(Lexer *lx, Error **errp)
{
    QapiSourceInfo info = lexer_info_at(lx, lx->pos);
    unsigned char c = lx->text[lx->pos];
    size_t n = 0;

    if (!g_ascii_isprint(c)) {
        qapi_error_at(errp, &info, "unexpected byte 0x%02x", c);
        return;
    }
    while (lx->pos + n < lx->len && g_ascii_isgraph(lx->text[lx->pos + n]) &&
           !lexer_is_structural(lx->text[lx->pos + n]) &&
           lx->text[lx->pos + n] != '\'') {
        n++;
    }
    qapi_error_at(errp, &info, "stray '%.*s'%s", (int)MIN(n, 40),
                  lx->text + lx->pos, n > 40 ? "..." : "");
}

static bool lexer_string(Lexer *lx, Error **errp)
{
    QapiSourceInfo start = lexer_info_at(lx, lx->pos);
    g_autoptr(GString) buf = g_string_new(NULL);

    lx->pos++;
    for (;;) {
        unsigned char c;

        if (lx->pos >= lx->len || lx->text[lx->pos] == '\n') {
            qapi_error_at(errp, &start, "string is missing its closing \"'\"");
            return false;
        }
        c = lx->text[lx->pos];
        if (c == '\'') {
            lx->pos++;
            break;
        }
        if (c == '\\') {
            unsigned char e = lx->pos + 1 < lx->len ? lx->text[lx->pos + 1]
                                                    : '\n';
            QapiSourceInfo at = lexer_info_at(lx, lx->pos);

            if (e == '\n') {
                qapi_error_at(errp, &start,
                              "string is missing its closing \"'\"");
                return false;
            }
            if (e != '\\') {
                /* '\\' is the only escape the language has. */
                if (g_ascii_isprint(e)) {
                    qapi_error_at(errp, &at, "unknown escape '\\%c' in string "
                                  "(only '\\\\' is allowed)", e);
                } else {
                    qapi_error_at(errp, &at, "unknown escape '\\' + byte "
                                  "0x%02x in string (only '\\\\' is allowed)",
                                  e);
                }
                return false;
            }
            g_string_append_c(buf, '\\');
            lx->pos += 2;
            continue;
        }
        if (c < 0x20 || c > 0x7e) {
            QapiSourceInfo at = lexer_info_at(lx, lx->pos);

            qapi_error_at(errp, &at, "byte 0x%02x in string (strings are "
                          "printable ASCII)", c);
            return false;
        }
        g_string_append_c(buf, c);
        lx->pos++;
    }
    lx->tok = TOK_STRING;
    lx->val = g_string_free(g_steal_pointer(&buf), FALSE);
    return true;
}

static bool lexer_is_word_char(char c)
{
    return g_ascii_isalnum(c) || c == '_' || c == '.' || c == '-';
}

/* Decimal or 0x hex, optionally negative: -2^63 up to 2^64 - 1. */
static bool lexer_integer(Lexer *lx, Error **errp)
{
    size_t start = lx->pos;
    QapiSourceInfo info = lexer_info_at(lx, start);
    unsigned base = 10;
    uint64_t value = 0;
    bool overflow = false;
    size_t digits = 0;
    size_t end;

    lx->negative = lx->text[lx->pos] == '-';
    if (lx->negative) {
        lx->pos++;
    }
    if (lx->pos + 1 < lx->len && lx->text[lx->pos] == '0' &&
        (lx->text[lx->pos + 1] == 'x' || lx->text[lx->pos + 1] == 'X')) {
        base = 16;
        lx->pos += 2;
    }
    for (end = lx->pos; end < lx->len && lexer_is_word_char(lx->text[end]);
         end++) {
        /* find the whole word, so "12ab" is reported whole */
    }
    for (; lx->pos < end; lx->pos++, digits++) {
        int d = g_ascii_xdigit_value(lx->text[lx->pos]);

        if (d < 0 || (unsigned)d >= base) {
            break;
        }
        if (value > (UINT64_MAX - d) / base) {
            overflow = true;
        }
        value = value * base + d;
    }
    if (!digits || lx->pos != end) {
        qapi_error_at(errp, &info, "invalid integer '%.*s' (expected "
                      "decimal or 0x hex digits)", (int)MIN(end - start, 40),
                      lx->text + start);
        return false;
    }
    if (base == 10 && digits > 1 && lx->text[end - digits] == '0') {
        /* C (and QEMU) read 010 as octal; refuse rather than guess. */
        qapi_error_at(errp, &info, "integer '%.*s' has a leading zero",
                      (int)(end - start), lx->text + start);
        return false;
    }
    if (overflow || (lx->negative && value > (uint64_t)INT64_MAX + 1)) {
        qapi_error_at(errp, &info, "integer '%.*s' is out of range (%s)",
                      (int)MIN(end - start, 40), lx->text + start,
                      lx->negative ? "-9223372036854775808 is the least" :
                      "18446744073709551615 is the most");
        return false;
    }
    lx->negative = lx->negative && value;
    lx->magnitude = value;
    lx->tok = TOK_INT;
    return true;
}

/* Loads the next token. Ordinary comments are skipped unless keep_comments
 * (inside a doc comment, every line counts); a comment starting with "##"
 * is always a token, because it opens or closes a doc comment. */
static bool lexer_next(Lexer *lx, bool keep_comments, Error **errp)
{
    g_clear_pointer(&lx->val, g_free);
    for (;;) {
        char c;

        if (lx->pos >= lx->len) {
            lx->tok = TOK_EOF;
            lx->info = lexer_info_at(lx, lx->pos);
            return true;
        }
        c = lx->text[lx->pos];
        if (c == '\n') {
            lx->pos++;
            lx->line++;
            lx->line_start = lx->pos;
            continue;
        }
        if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
            lx->pos++;
            continue;
        }
        lx->info = lexer_info_at(lx, lx->pos);
        if (c == '#') {
            const char *nl = memchr(lx->text + lx->pos, '\n',
                                    lx->len - lx->pos);
            size_t end = nl ? (size_t)(nl - lx->text) : lx->len;
            bool is_doc = lx->pos + 1 < lx->len &&
                          lx->text[lx->pos + 1] == '#';

            if (keep_comments || is_doc) {
                lx->val = g_strndup(lx->text + lx->pos, end - lx->pos);
                lx->tok = TOK_COMMENT;
                lx->pos = end;
                return true;
            }
            lx->pos = end;
            continue;
        }
        if (lexer_is_structural(c)) {
            lx->tok = c;
            lx->pos++;
            return true;
        }
        if (c == '\'') {
            return lexer_string(lx, errp);
        }
        if (c == '-' || g_ascii_isdigit(c)) {
            return lexer_integer(lx, errp);
        }
        if (g_ascii_isalpha(c)) {
            size_t n = 0;

            while (lx->pos + n < lx->len &&
                   lexer_is_word_char(lx->text[lx->pos + n])) {
                n++;
            }
            if (n == 4 && memcmp(lx->text + lx->pos, "true", 4) == 0) {
                lx->tok = TOK_TRUE;
                lx->pos += n;
                return true;
            }
            if (n == 5 && memcmp(lx->text + lx->pos, "false", 5) == 0) {
                lx->tok = TOK_FALSE;
                lx->pos += n;
                return true;
            }
        }
        lexer_error_stray(lx, errp);
        return false;
    }
}

static const char *lexer_describe(const Lexer *lx)
{
    switch (lx->tok) {
    case TOK_EOF:
        return "the end of the file";
    case TOK_STRING:
        return "a string";
    case TOK_TRUE:
    case TOK_FALSE:
        return "a boolean";
    case TOK_INT:
        return "an integer";
    case TOK_COMMENT:
        return "a documentation comment ('##')";
    case '{':
        return "'{'";
    case '}':
        return "'}'";
    case '[':
        return "'['";
    case ']':
        return "']'";
    case ':':
        return "':'";
    case ',':
        return "','";
    }
    g_assert_not_reached();
}

/* Values */

static QapiNode *parse_value(Lexer *lx, unsigned depth, Error **errp);

static bool parse_dict_body(Lexer *lx, QapiNode *dict, unsigned depth,
                            Error **errp)
{
    /* Duplicate keys are an error, and a hostile file may have many. */
    g_autoptr(GHashTable) keys = g_hash_table_new(g_str_hash, g_str_equal);

    if (lx->tok == '}') {
        return lexer_next(lx, false, errp);
    }
    for (;;) {
        QapiNodeEntry entry;

        if (lx->tok != TOK_STRING) {
            qapi_error_at(errp, &lx->info, "expected a key (a string), "
                          "not %s", lexer_describe(lx));
            return false;
        }
        entry.key = g_steal_pointer(&lx->val);
        entry.key_info = lx->info;
        entry.value = NULL;
        if (g_hash_table_contains(keys, entry.key)) {
            qapi_error_at(errp, &entry.key_info, "duplicate key '%s'",
                          entry.key);
            g_free(entry.key);
            return false;
        }
        g_array_append_val(dict->u.dict, entry);
        g_hash_table_add(keys, entry.key);
        if (!lexer_next(lx, false, errp)) {
            return false;
        }
        if (lx->tok != ':') {
            qapi_error_at(errp, &lx->info, "expected ':' after key '%s', "
                          "not %s", entry.key, lexer_describe(lx));
            return false;
        }
        if (!lexer_next(lx, false, errp)) {
            return false;
        }
        QapiNode *value = parse_value(lx, depth + 1, errp);
        if (!value) {
            return false;
        }
        g_array_index(dict->u.dict, QapiNodeEntry,
                      dict->u.dict->len - 1).value = value;
        if (lx->tok == '}') {
            return lexer_next(lx, false, errp);
        }
        if (lx->tok != ',') {
            qapi_error_at(errp, &lx->info, "expected ',' or '}', not %s",
                          lexer_describe(lx));
            return false;
        }
        if (!lexer_next(lx, false, errp)) {
            return false;
        }
    }
}

static bool parse_list_body(Lexer *lx, QapiNode *list, unsigned depth,
                            Error **errp)
{
    if (lx->tok == ']') {
        return lexer_next(lx, false, errp);
    }
    for (;;) {
        QapiNode *value = parse_value(lx, depth + 1, errp);

        if (!value) {
            return false;
        }
        g_ptr_array_add(list->u.list, value);
        if (lx->tok == ']') {
            return lexer_next(lx, false, errp);
        }
        if (lx->tok != ',') {
            qapi_error_at(errp, &lx->info, "expected ',' or ']', not %s",
                          lexer_describe(lx));
            return false;
        }
        if (!lexer_next(lx, false, errp)) {
            return false;
        }
    }
}

/* Parses the value starting at the current token and loads the token
 * after it. */
static QapiNode *parse_value(Lexer *lx, unsigned depth, Error **errp)
{
    g_autoptr(QapiNode) node = NULL;

    switch (lx->tok) {
    case '{':
    case '[':
        if (depth >= QAPI_PARSER_MAX_DEPTH) {
            qapi_error_at(errp, &lx->info, "values nest too deeply (more "
                          "than %d levels of '{' and '[')",
                          QAPI_PARSER_MAX_DEPTH);
            return NULL;
        }
        node = node_new(lx->tok == '{' ? QAPI_NODE_DICT : QAPI_NODE_LIST,
                        lx->info);
        if (!lexer_next(lx, false, errp)) {
            return NULL;
        }
        if (node->kind == QAPI_NODE_DICT
            ? !parse_dict_body(lx, node, depth, errp)
            : !parse_list_body(lx, node, depth, errp)) {
            return NULL;
        }
        return g_steal_pointer(&node);
    case TOK_STRING:
        node = node_new(QAPI_NODE_STRING, lx->info);
        node->u.str = g_steal_pointer(&lx->val);
        break;
    case TOK_TRUE:
    case TOK_FALSE:
        node = node_new(QAPI_NODE_BOOL, lx->info);
        node->u.boolean = lx->tok == TOK_TRUE;
        break;
    case TOK_INT:
        node = node_new(QAPI_NODE_INT, lx->info);
        node->u.integer.negative = lx->negative;
        node->u.integer.magnitude = lx->magnitude;
        break;
    default:
        qapi_error_at(errp, &lx->info, "expected a value ('{', '[', a "
                      "string, true, false or an integer), not %s",
                      lexer_describe(lx));
        return NULL;
    }
    if (!lexer_next(lx, false, errp)) {
        return NULL;
    }
    return g_steal_pointer(&node);
}

/* Files */

static bool parser_read_disk(const char *path, GBytes **contents,
                             Error **errp)
{
    g_autoptr(GByteArray) buf = g_byte_array_new();
    /* O_NONBLOCK: opening a FIFO must not wait for a writer; only regular
     * files are read (no devices, no directories). */
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    struct stat st;

    if (fd < 0) {
        error_setg_errno(errp, errno, "cannot read '%s'", path);
        return false;
    }
    if (fstat(fd, &st) < 0) {
        int saved = errno;

        close(fd);
        error_setg_errno(errp, saved, "cannot read '%s'", path);
        return false;
    }
    if (!S_ISREG(st.st_mode)) {
        close(fd);
        error_setg(errp, "cannot read '%s': not a regular file", path);
        return false;
    }
    for (;;) {
        guint8 chunk[65536];
        ssize_t n = read(fd, chunk, sizeof(chunk));

        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0) {
            int saved = errno;

            close(fd);
            error_setg_errno(errp, saved, "cannot read '%s'", path);
            return false;
        }
        if (n == 0) {
            break;
        }
        if (buf->len + (size_t)n > QAPI_PARSER_MAX_FILE_SIZE) {
            close(fd);
            error_setg(errp, "cannot read '%s': larger than %d MiB",
                       path, QAPI_PARSER_MAX_FILE_SIZE / (1024 * 1024));
            return false;
        }
        g_byte_array_append(buf, chunk, n);
    }
    close(fd);
    *contents = g_byte_array_free_to_bytes(g_steal_pointer(&buf));
    return true;
}

static bool parser_read(Parser *p, const char *name, GBytes **contents,
                        Error **errp)
{
    GBytes *b;

    if (!p->files) {
        return parser_read_disk(name, contents, errp);
    }
    b = g_hash_table_lookup(p->files, name);
    if (!b) {
        error_setg(errp, "cannot read '%s': no such file", name);
        return false;
    }
    if (g_bytes_get_size(b) > QAPI_PARSER_MAX_FILE_SIZE) {
        error_setg(errp, "cannot read '%s': larger than %d MiB", name,
                   QAPI_PARSER_MAX_FILE_SIZE / (1024 * 1024));
        return false;
    }
    *contents = g_bytes_ref(b);
    return true;
}

/* The file an include names: relative to the including file's directory,
 * written the way the schema wrote it ("qapi/block.json"), except that in
 * memory names are normalised so they match the map's keys. */
static char *parser_include_name(const Parser *p, const char *including,
                                 const char *incl)
{
    g_autofree char *dir = g_path_get_dirname(including);
    g_autofree char *joined = NULL;

    if (g_path_is_absolute(incl) || strcmp(dir, ".") == 0) {
        joined = g_strdup(incl);
    } else {
        joined = g_build_filename(dir, incl, NULL);
    }
    if (p->files) {
        g_autofree char *canon = g_canonicalize_filename(joined, "/");

        return g_strdup(canon + 1);
    }
    return g_steal_pointer(&joined);
}

/* What makes two names the same file, for "read each file once". Lexical,
 * as QEMU's: a symlinked twin is read twice and fails as a duplicate. */
static char *parser_file_key(const Parser *p, const char *name)
{
    return g_canonicalize_filename(name, p->files ? "/" : NULL);
}

static void expr_free(gpointer p)
{
    QapiExpr *expr = p;

    node_free(expr->node);
    g_free(expr->include);
    g_free(expr);
}

void qapi_parse_free(QapiParse *parse)
{
    if (!parse) {
        return;
    }
    g_ptr_array_unref(parse->exprs);
    g_ptr_array_unref(parse->docs);
    g_ptr_array_unref(parse->modules);
    g_hash_table_unref(parse->pragma.command_name_exceptions);
    g_hash_table_unref(parse->pragma.command_returns_exceptions);
    g_hash_table_unref(parse->pragma.documentation_exceptions);
    g_hash_table_unref(parse->pragma.member_name_exceptions);
    g_free(parse);
}

bool qapi_pragma_lists(const GHashTable *list, const char *name)
{
    return g_hash_table_contains((GHashTable *)list, name);
}

/* Doc comments and directives */

static bool parse_doc(Lexer *lx, QapiParse *parse, QapiDoc **doc,
                      Error **errp)
{
    g_autoptr(GArray) lines = g_array_new(FALSE, FALSE, sizeof(QapiDocLine));
    g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func(g_free);
    QapiSourceInfo info = lx->info;

    if (strcmp(lx->val, "##") != 0) {
        qapi_error_at(errp, &info, "junk after '##' at the start of a "
                      "documentation comment");
        return false;
    }
    for (;;) {
        QapiDocLine line;

        if (!lexer_next(lx, true, errp)) {
            return false;
        }
        if (lx->tok != TOK_COMMENT) {
            qapi_error_at(errp, &lx->info, "documentation comment must end "
                          "with '##', not %s", lexer_describe(lx));
            return false;
        }
        if (g_str_has_prefix(lx->val, "##")) {
            if (strcmp(lx->val, "##") != 0) {
                qapi_error_at(errp, &lx->info, "junk after '##' at the end "
                              "of a documentation comment");
                return false;
            }
            break;
        }
        line.text = lx->val;
        line.info = lx->info;
        g_ptr_array_add(texts, g_steal_pointer(&lx->val));
        g_array_append_val(lines, line);
    }
    *doc = qapi_doc_parse((const QapiDocLine *)(void *)lines->data,
                          lines->len, info, errp);
    if (!*doc) {
        return false;
    }
    g_ptr_array_add(parse->docs, *doc);
    return lexer_next(lx, false, errp);
}

static bool node_is_string_list(const QapiNode *node)
{
    if (node->kind != QAPI_NODE_LIST) {
        return false;
    }
    for (size_t i = 0; i < qapi_node_list_size(node); i++) {
        if (qapi_node_list_entry(node, i)->kind != QAPI_NODE_STRING) {
            return false;
        }
    }
    return true;
}

static bool parse_pragma(Parser *p, const QapiNode *pragmas, Error **errp)
{
    QapiPragma *pragma = &p->parse->pragma;

    if (pragmas->kind != QAPI_NODE_DICT) {
        qapi_error_at(errp, &pragmas->info, "'pragma' must be an object, "
                      "not %s", qapi_node_describe(pragmas));
        return false;
    }
    for (size_t i = 0; i < qapi_node_dict_size(pragmas); i++) {
        const QapiNodeEntry *e = qapi_node_dict_entry(pragmas, i);
        GHashTable *list = NULL;

        if (strcmp(e->key, "doc-required") == 0) {
            if (e->value->kind != QAPI_NODE_BOOL) {
                qapi_error_at(errp, &e->value->info, "pragma 'doc-required' "
                              "must be true or false, not %s",
                              qapi_node_describe(e->value));
                return false;
            }
            pragma->doc_required = e->value->u.boolean;
            continue;
        }
        if (strcmp(e->key, "command-name-exceptions") == 0) {
            list = pragma->command_name_exceptions;
        } else if (strcmp(e->key, "command-returns-exceptions") == 0) {
            list = pragma->command_returns_exceptions;
        } else if (strcmp(e->key, "documentation-exceptions") == 0) {
            list = pragma->documentation_exceptions;
            pragma->documentation_exceptions_given = true;
        } else if (strcmp(e->key, "member-name-exceptions") == 0) {
            list = pragma->member_name_exceptions;
        } else {
            qapi_error_at(errp, &e->key_info, "unknown pragma '%s' (known: "
                          "'doc-required', 'command-name-exceptions', "
                          "'command-returns-exceptions', "
                          "'documentation-exceptions', "
                          "'member-name-exceptions')", e->key);
            return false;
        }
        if (!node_is_string_list(e->value)) {
            qapi_error_at(errp, &e->value->info, "pragma '%s' must be a "
                          "list of strings", e->key);
            return false;
        }
        for (size_t j = 0; j < qapi_node_list_size(e->value); j++) {
            const QapiNode *name = qapi_node_list_entry(e->value, j);

            g_hash_table_add(list, g_strdup(name->u.str));
        }
    }
    return true;
}

static bool parse_text(Parser *p, const char *module, GBytes *contents,
                       Error **errp);

static bool parse_include(Parser *p, const char *module,
                          const QapiNode *expr, Error **errp)
{
    const QapiNode *incl = qapi_node_get(expr, "include");
    g_autofree char *name = NULL;
    g_autofree char *key = NULL;
    g_autoptr(GBytes) contents = NULL;
    Error *local_err = NULL;
    QapiExpr *ie;
    bool ok;

    if (qapi_node_dict_size(expr) != 1) {
        qapi_error_at(errp, &expr->info, "an 'include' directive has no "
                      "other keys");
        return false;
    }
    if (incl->kind != QAPI_NODE_STRING) {
        qapi_error_at(errp, &incl->info, "'include' must name a file with a "
                      "string, not %s", qapi_node_describe(incl));
        return false;
    }
    name = parser_include_name(p, module, incl->u.str);
    key = parser_file_key(p, name);

    ie = g_new0(QapiExpr, 1);
    ie->kind = QAPI_EXPR_INCLUDE;
    ie->info = expr->info;
    ie->module = module;
    ie->include = g_strdup(name);
    g_ptr_array_add(p->parse->exprs, ie);

    /* Read once: a second include, or one that closes a cycle, adds
     * nothing the schema does not already have. */
    if (g_hash_table_contains(p->seen, key)) {
        return true;
    }
    if (p->include_depth >= QAPI_PARSER_MAX_INCLUDE_DEPTH) {
        qapi_error_at(errp, &incl->info, "includes nest too deeply (more "
                      "than %d levels)", QAPI_PARSER_MAX_INCLUDE_DEPTH);
        return false;
    }
    if (!parser_read(p, name, &contents, &local_err)) {
        g_autofree char *where = qapi_source_info_format(&incl->info);

        error_prepend(&local_err, "%s: ", where);
        error_propagate(errp, local_err);
        return false;
    }
    g_hash_table_add(p->seen, g_steal_pointer(&key));
    g_ptr_array_add(p->parse->modules, g_strdup(name));
    p->include_depth++;
    ok = parse_text(p, g_ptr_array_index(p->parse->modules,
                                         p->parse->modules->len - 1),
                    contents, errp);
    p->include_depth--;
    return ok;
}

static bool parse_reject_doc(const QapiDoc *doc, Error **errp)
{
    if (doc && doc->symbol) {
        qapi_error_at(errp, &doc->info, "documentation comment for '%s' is "
                      "not followed by its definition", doc->symbol);
        return false;
    }
    return true;
}

static bool parse_text(Parser *p, const char *module, GBytes *contents,
                       Error **errp)
{
    gsize len;
    const char *text = g_bytes_get_data(contents, &len);
    Lexer lx = {
        .file = module, .text = text ? text : "", .len = len, .line = 1,
    };
    QapiDoc *cur_doc = NULL;
    bool ok = false;

    if (!lexer_next(&lx, false, errp)) {
        goto out;
    }
    while (lx.tok != TOK_EOF) {
        QapiSourceInfo info = lx.info;
        g_autoptr(QapiNode) node = NULL;

        if (lx.tok == TOK_COMMENT) {
            if (!parse_reject_doc(cur_doc, errp) ||
                !parse_doc(&lx, p->parse, &cur_doc, errp)) {
                goto out;
            }
            continue;
        }
        node = parse_value(&lx, 0, errp);
        if (!node) {
            goto out;
        }
        if (node->kind != QAPI_NODE_DICT) {
            qapi_error_at(errp, &info, "a top-level expression must be an "
                          "object, not %s", qapi_node_describe(node));
            goto out;
        }
        if (qapi_node_get(node, "include")) {
            if (!parse_reject_doc(cur_doc, errp) ||
                !parse_include(p, module, node, errp)) {
                goto out;
            }
        } else if (qapi_node_get(node, "pragma")) {
            if (!parse_reject_doc(cur_doc, errp)) {
                goto out;
            }
            if (qapi_node_dict_size(node) != 1) {
                qapi_error_at(errp, &info, "a 'pragma' directive has no "
                              "other keys");
                goto out;
            }
            if (!parse_pragma(p, qapi_node_get(node, "pragma"), errp)) {
                goto out;
            }
        } else {
            QapiExpr *expr;

            if (cur_doc && !cur_doc->symbol) {
                qapi_error_at(errp, &cur_doc->info, "documentation comment "
                              "right before a definition must start with "
                              "'@NAME:'");
                goto out;
            }
            expr = g_new0(QapiExpr, 1);
            expr->kind = QAPI_EXPR_DEFINITION;
            expr->node = g_steal_pointer(&node);
            expr->info = info;
            expr->module = module;
            expr->doc = cur_doc;
            g_ptr_array_add(p->parse->exprs, expr);
        }
        cur_doc = NULL;
    }
    ok = parse_reject_doc(cur_doc, errp);
out:
    g_free(lx.val);
    return ok;
}

static QapiParse *parser_run(const char *main, GHashTable *files,
                             Error **errp)
{
    g_autoptr(QapiParse) parse = g_new0(QapiParse, 1);
    g_autoptr(GHashTable) seen = g_hash_table_new_full(g_str_hash,
                                                       g_str_equal,
                                                       g_free, NULL);
    g_autoptr(GBytes) contents = NULL;
    Parser p = { .parse = parse, .files = files, .seen = seen };
    g_autofree char *name = NULL;

    parse->exprs = g_ptr_array_new_with_free_func(expr_free);
    parse->docs = g_ptr_array_new_with_free_func(
        (GDestroyNotify)qapi_doc_free);
    parse->modules = g_ptr_array_new_with_free_func(g_free);
    parse->pragma.command_name_exceptions =
        g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    parse->pragma.command_returns_exceptions =
        g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    parse->pragma.documentation_exceptions =
        g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    parse->pragma.member_name_exceptions =
        g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);

    if (files) {
        g_autofree char *canon = g_canonicalize_filename(main, "/");

        name = g_strdup(canon + 1);
    } else {
        name = g_strdup(main);
    }
    if (!parser_read(&p, name, &contents, errp)) {
        return NULL;
    }
    g_hash_table_add(seen, parser_file_key(&p, name));
    g_ptr_array_add(parse->modules, g_steal_pointer(&name));
    if (!parse_text(&p, g_ptr_array_index(parse->modules, 0), contents,
                    errp)) {
        return NULL;
    }
    return g_steal_pointer(&parse);
}

QapiParse *qapi_parser_parse_file(const char *path, Error **errp)
{
    return parser_run(path, NULL, errp);
}

QapiParse *qapi_parser_parse_memory(const char *main, GHashTable *files,
                                    Error **errp)
{
    g_autoptr(GHashTable) normalised = g_hash_table_new_full(
        g_str_hash, g_str_equal, g_free, (GDestroyNotify)g_bytes_unref);
    GHashTableIter it;
    gpointer key, value;

    /* Keys as parser_include_name() writes them: "a/../b.json" is
     * "b.json". */
    g_hash_table_iter_init(&it, files);
    while (g_hash_table_iter_next(&it, &key, &value)) {
        g_autofree char *canon = g_canonicalize_filename(key, "/");

        g_hash_table_replace(normalised, g_strdup(canon + 1),
                             g_bytes_ref(value));
    }
    return parser_run(main, normalised, errp);
}
