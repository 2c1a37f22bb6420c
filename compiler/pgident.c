/* pgident: quote_ident() behaviour.  See pgident.h.
 *
 * The scanner call costs a few allocations and a protobuf round trip, so it
 * is only made for words that already pass the character test; anything
 * else is quoted without asking.  A one-token scan result whose token spans
 * the whole word tells us its keyword class; any other shape means "not a
 * keyword".  Answers are remembered in a small per-thread cache: printing a
 * large schema quotes the same few hundred names tens of thousands of times,
 * and without the cache the scanner was a tenth of introspection's time. */
#include "pgident.h"
#include "util.h"

#include <pg_query.h>
#include <pg_query/pg_query.pb-c.h>
#include <string.h>

/* No keyword is this long ("current_timestamp", the longest, has 17). */
#define KEYWORD_MAX 32

static int scan_keyword_kind(const char *word)
{
    int kind = PG_QUERY__KEYWORD_KIND__NO_KEYWORD;
    PgQueryScanResult res = pg_query_scan(word);

    if (!res.error) {
        PgQuery__ScanResult *sr = pg_query__scan_result__unpack(
            NULL, res.pbuf.len, (const uint8_t *)res.pbuf.data);
        if (sr) {
            if (sr->n_tokens == 1 && sr->tokens[0]->start == 0 &&
                (size_t)sr->tokens[0]->end == strlen(word))
                kind = sr->tokens[0]->keyword_kind;
            pg_query__scan_result__free_unpacked(sr, NULL);
        }
    }
    pg_query_free_scan_result(res);
    return kind;
}

int pgident_keyword_kind(const char *word)
{
    static __thread struct {
        char word[KEYWORD_MAX];
        int kind;
    } cache[256];
    size_t len = strlen(word);
    if (len >= KEYWORD_MAX)
        return PG_QUERY__KEYWORD_KIND__NO_KEYWORD;
    unsigned h = 2166136261u; /* FNV-1a */
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)word[i]) * 16777619u;
    h &= 255;
    if (cache[h].word[0] && !strcmp(cache[h].word, word))
        return cache[h].kind;
    int kind = scan_keyword_kind(word);
    memcpy(cache[h].word, word, len + 1);
    cache[h].kind = kind;
    return kind;
}

/* The character rule alone: only lower-case ASCII letters, digits and '_',
 * not starting with a digit.  '$' is legal in an unquoted identifier but
 * quote_ident() still quotes it, and we must print what the server prints. */
static bool plain_chars(const char *id)
{
    if (!((*id >= 'a' && *id <= 'z') || *id == '_'))
        return false;
    for (const char *p = id + 1; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_'))
            return false;
    return true;
}

bool pgident_is_plain(const char *id)
{
    if (!plain_chars(id))
        return false;
    int kind = pgident_keyword_kind(id);
    return kind == PG_QUERY__KEYWORD_KIND__NO_KEYWORD ||
           kind == PG_QUERY__KEYWORD_KIND__UNRESERVED_KEYWORD;
}

void pgident_quote_sb(strbuf *sb, const char *id)
{
    if (pgident_is_plain(id)) {
        sb_adds(sb, id);
        return;
    }
    sb_addc(sb, '"');
    for (const char *p = id; *p; p++) {
        if (*p == '"')
            sb_addc(sb, '"');
        sb_addc(sb, *p);
    }
    sb_addc(sb, '"');
}

char *pgident_quote(const char *id)
{
    strbuf sb = STRBUF_INIT;
    pgident_quote_sb(&sb, id);
    return sb_detach(&sb);
}
