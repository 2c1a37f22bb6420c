/* sqldepth: refusing statements too deep to walk, before anything walks
 * them.
 *
 * "SELECT 1 + 1 + ... + 1" with a few thousand terms parses into a tree as
 * deep as it is long (left-associative operators reduce as they go, so the
 * grammar's own stack limit never triggers).  PostgreSQL 15 refuses it
 * ("stack depth limit exceeded", near 4,500 operators with the default
 * max_stack_depth), but libpg_query recurses once per level to serialize
 * the tree and protobuf-c again to unpack it, and sqlc crashed on the
 * stack (found while probing the catalogue: 4,500 terms in a view).  Two
 * checks, both with no recursion of their own:
 *
 *   1. sql_depth_scan(), on the text before libpg_query sees it: a bound on
 *      the depth from parentheses and chains of operators (symbols, "::",
 *      COLLATE, LIKE, IS, AT ...) in each statement.  It over-counts, never
 *      under-counts the constructs that nest without bound.
 *   2. sql_too_deep_stmt(), on the serialized tree before it is unpacked:
 *      the exact nesting, entering only fields whose protobuf-c type is a
 *      message.
 *
 * Both limits sit above what PostgreSQL accepts, so no statement that runs
 * on the server is refused; cli/main.c gives the walkers the stack that
 * takes. */
#include "sqlparse.h"
#include "util.h"

#include <ctype.h>
#include <stdint.h>
#include <string.h>

static bool op_char(char c)
{
    return c && strchr("+-*/<>=~!@#%^&|`?:", c);
}

/* Keywords that chain like binary operators: "a LIKE b LIKE c", "x COLLATE
 * c COLLATE c", "t AT TIME ZONE z AT TIME ZONE z". */
static bool word_in(const char *t, size_t n, const char *const *words)
{
    for (int i = 0; words[i]; i++)
        if (strlen(words[i]) == n && !strncasecmp(t, words[i], n))
            return true;
    return false;
}

static const char *const chain_keywords[] = {"COLLATE", "LIKE", "ILIKE", "SIMILAR", "IS", "AT",
                                             "BETWEEN", "OPERATOR", NULL};
/* Words that end an operand chain: AND and OR lists are flat in the tree
 * (the parser appends to one BoolExpr), and so are CASE branches, select
 * lists and clauses, so "a = 1 AND b = 2 AND ..." is not deep. */
static const char *const chain_breakers[] = {"AND", "OR", "CASE", "WHEN", "THEN", "ELSE", "END",
                                             "SELECT", "FROM", "WHERE", "HAVING", "ON", "AS",
                                             "SET", "VALUES", "RETURNING", "USING", "UNION",
                                             "INTERSECT", "EXCEPT", "ORDER", "GROUP", "BY",
                                             "LIMIT", "OFFSET", "DEFAULT", "CHECK", NULL};

long sql_depth_scan(const char *s, size_t len, int limit, bool *in_comments)
{
    int nest = 0;
    /* chain[d]: operators in the current run at parenthesis level d; the
     * bound at a point is the level plus the runs of all open levels. */
    int *chain = xcalloc((size_t)limit + 2, sizeof(int));
    int d = 0;
    long sum = 0, found = -1;
    size_t start = 0; /* the current statement's first token */
    bool fresh = true;
    *in_comments = false;
    for (size_t off = 0; off < len;) {
        size_t at = off;
        while (at < len && isspace((unsigned char)s[at]))
            at++;
        off = sql_skip_space_depth(s, off, len, &nest);
        if (nest > SQL_MAX_COMMENT_NESTING) {
            *in_comments = true;
            found = (long)at; /* where the deep comment begins */
            break;
        }
        if (off >= len)
            break;
        if (fresh)
            start = off, fresh = false;
        size_t n = sql_token_len(s, len, off);
        char c = s[off];
        if (op_char(c)) { /* one operator is a run of operator characters */
            n = 0;
            while (off + n < len && op_char(s[off + n]) &&
                   !(s[off + n] == '-' && s[off + n + 1] == '-') &&
                   !(s[off + n] == '/' && s[off + n + 1] == '*'))
                n++;
            if (!n)
                n = 1;
            chain[d]++, sum++;
        } else if (c == '(' || c == '[') {
            if (++d > limit) {
                found = (long)start;
                break;
            }
            chain[d] = 0;
        } else if ((c == ')' || c == ']') && d > 0) {
            sum -= chain[d--];
        } else if (c == ',') {
            sum -= chain[d];
            chain[d] = 0;
        } else if (c == ';') {
            memset(chain, 0, ((size_t)d + 1) * sizeof(int));
            d = 0, sum = 0;
            fresh = true;
        } else if (isalpha((unsigned char)c) && word_in(s + off, n, chain_keywords)) {
            chain[d]++, sum++;
        } else if (isalpha((unsigned char)c) && word_in(s + off, n, chain_breakers)) {
            sum -= chain[d];
            chain[d] = 0;
        }
        if (sum + d > limit) {
            found = (long)start;
            break;
        }
        off += n ? n : 1;
    }
    free(chain);
    return found;
}

static bool read_varint(const uint8_t *b, size_t end, size_t *pos, uint64_t *v)
{
    *v = 0;
    for (int shift = 0; shift < 64 && *pos < end; shift += 7) {
        uint8_t c = b[(*pos)++];
        *v |= (uint64_t)(c & 0x7F) << shift;
        if (!(c & 0x80))
            return true;
    }
    return false;
}

/* One message being scanned: its descriptor and where its bytes end. */
typedef struct frame {
    const ProtobufCMessageDescriptor *desc;
    size_t end;
} frame;

/* The stmt_location varint among the RawStmt's own fields in b[p, end),
 * read without entering its (deep) stmt field. */
static size_t raw_stmt_location(const uint8_t *b, size_t p, size_t end)
{
    const ProtobufCFieldDescriptor *loc =
        protobuf_c_message_descriptor_get_field_by_name(&pg_query__raw_stmt__descriptor, "stmt_location");
    uint64_t key, v;
    while (loc && p < end && read_varint(b, end, &p, &key)) {
        if ((key & 7) == 0) {
            if (!read_varint(b, end, &p, &v))
                break;
            if ((key >> 3) == loc->id)
                return (size_t)v;
        } else if ((key & 7) == 2 && read_varint(b, end, &p, &v) && v <= end - p) {
            p += v;
        } else {
            break;
        }
    }
    return 0;
}

long sql_too_deep_stmt(const uint8_t *buf, size_t len, int limit, size_t *stmt_off)
{
    frame *stack = xmalloc(((size_t)limit + 2) * sizeof(frame));
    int depth = 1;
    stack[0] = (frame){&pg_query__parse_result__descriptor, len};
    size_t pos = 0, stmt_start = 0, stmt_end = 0;
    long nstmt = -1, found = -1;
    while (depth > 0) {
        if (pos >= stack[depth - 1].end) {
            depth--;
            continue;
        }
        uint64_t key, n = 0;
        if (!read_varint(buf, len, &pos, &key))
            break; /* malformed: the unpacking will say so */
        if ((key & 7) == 0) {
            if (!read_varint(buf, len, &pos, &n))
                break;
            continue;
        } else if ((key & 7) == 1 || (key & 7) == 5) {
            pos += (key & 7) == 1 ? 8 : 4;
            continue;
        } else if ((key & 7) != 2 || !read_varint(buf, len, &pos, &n) || n > len - pos) {
            break;
        }
        const ProtobufCFieldDescriptor *fd =
            protobuf_c_message_descriptor_get_field(stack[depth - 1].desc, (unsigned)(key >> 3));
        if (!fd || fd->type != PROTOBUF_C_TYPE_MESSAGE) {
            pos += n; /* a string, bytes or packed numbers */
            continue;
        }
        if (depth == 1) { /* one RawStmt of the ParseResult */
            nstmt++;
            stmt_start = pos;
            stmt_end = pos + n;
        }
        if (depth + 1 > limit) {
            found = nstmt;
            *stmt_off = raw_stmt_location(buf, stmt_start, stmt_end);
            break;
        }
        stack[depth++] = (frame){fd->descriptor, pos + n};
    }
    free(stack);
    return found;
}
