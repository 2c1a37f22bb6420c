/* literal: type-directed normalisation of literal defaults.  See literal.h. */
#include "literal.h"
#include "astwalk.h"
#include "deparse.h"
#include "util.h"

#include <ctype.h>
#include <string.h>

/* The type name without typmod, or NULL for arrays (not normalised). */
static char *base_type(const char *type)
{
    if (strstr(type, "[]"))
        return NULL;
    const char *p = strchr(type, '(');
    if (!p)
        return xstrdup(type);
    /* "timestamp(3) without time zone": drop the typmod in the middle. */
    const char *q = strchr(p, ')');
    return q ? xasprintf("%.*s%s", (int)(p - type), type, q + 1) : xstrdup(type);
}

static bool digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!isdigit((unsigned char)s[i]))
            return false;
    return n > 0;
}

/* 'YYYY-MM-DD[( |T)HH:MM[:SS[.f]]][zone]' -> "YYYY-MM-DD HH:MM:SS[.f]" (or
 * just the date); the zone is ignored, as timestamp input does.  NULL when
 * the text is not in this shape. */
static char *timestamp_text(const char *v, bool date_only)
{
    if (strlen(v) < 10 || !digits(v, 4) || v[4] != '-' || !digits(v + 5, 2) || v[7] != '-' || !digits(v + 8, 2))
        return NULL;
    if (date_only)
        return (v[10] == '\0' || v[10] == ' ' || v[10] == 'T') ? xstrndup(v, 10) : NULL;
    int hh = 0, mm = 0, ss = 0;
    const char *p = v + 10;
    strbuf frac = STRBUF_INIT;
    if (*p == ' ' || *p == 'T') {
        p++;
        if (!digits(p, 2) || p[2] != ':' || !digits(p + 3, 2))
            return NULL;
        hh = (p[0] - '0') * 10 + (p[1] - '0');
        mm = (p[3] - '0') * 10 + (p[4] - '0');
        p += 5;
        if (*p == ':') {
            if (!digits(p + 1, 2))
                return NULL;
            ss = (p[1] - '0') * 10 + (p[2] - '0');
            p += 3;
            if (*p == '.') {
                p++;
                while (isdigit((unsigned char)*p))
                    sb_addc(&frac, *p++);
            }
        }
    }
    /* What may follow: a zone offset or name; it does not change a
     * timestamp without time zone. */
    while (*p == ' ')
        p++;
    if (*p && !(*p == '+' || *p == '-' || *p == 'Z' || isalpha((unsigned char)*p))) {
        sb_release(&frac);
        return NULL;
    }
    while (frac.len && frac.buf[frac.len - 1] == '0')
        frac.buf[--frac.len] = '\0';
    if (frac.len > 6) {
        sb_release(&frac);
        return NULL; /* rounding would be needed */
    }
    char *out = xasprintf("%.10s %02d:%02d:%02d%s%s", v, hh, mm, ss, frac.len ? "." : "", sb_str(&frac));
    sb_release(&frac);
    return out;
}

/* bytea input (hex or escape format) -> hex output format. */
static char *bytea_text(const char *v)
{
    strbuf sb = STRBUF_INIT;
    sb_adds(&sb, "\\x");
    if (v[0] == '\\' && v[1] == 'x') {
        for (const char *p = v + 2; *p; p++) {
            if (isspace((unsigned char)*p))
                continue;
            if (!isxdigit((unsigned char)*p)) {
                sb_release(&sb);
                return NULL;
            }
            sb_addc(&sb, (char)tolower((unsigned char)*p));
        }
        return sb_detach(&sb);
    }
    for (const char *p = v; *p;) {
        unsigned char c = (unsigned char)*p;
        if (c == '\\') {
            if (p[1] == '\\') {
                c = '\\';
                p += 2;
            } else if (p[1] >= '0' && p[1] <= '3' && p[2] >= '0' && p[2] <= '7' && p[3] >= '0' && p[3] <= '7') {
                c = (unsigned char)((p[1] - '0') * 64 + (p[2] - '0') * 8 + (p[3] - '0'));
                p += 4;
            } else {
                sb_release(&sb);
                return NULL;
            }
        } else {
            p++;
        }
        sb_addf(&sb, "%02x", c);
    }
    return sb_detach(&sb);
}

static const char *bool_text(const char *v)
{
    static const char *const t[] = {"t", "true", "y", "yes", "on", "1", NULL};
    static const char *const f[] = {"f", "false", "n", "no", "off", "0", NULL};
    char low[8];
    size_t n = strlen(v);
    while (n && isspace((unsigned char)v[n - 1]))
        n--;
    while (n && isspace((unsigned char)*v))
        v++, n--;
    if (n == 0 || n >= sizeof(low))
        return NULL;
    for (size_t i = 0; i < n; i++)
        low[i] = (char)tolower((unsigned char)v[i]);
    low[n] = '\0';
    for (size_t i = 0; t[i]; i++)
        if (!strcmp(low, t[i]))
            return "true";
    for (size_t i = 0; f[i]; i++)
        if (!strcmp(low, f[i]))
            return "false";
    return NULL;
}

static bool integer_literal(const char *v)
{
    const char *p = v;
    if (*p == '-' || *p == '+')
        p++;
    return digits(p, strlen(p)) && strlen(p) < 19;
}

char *literal_normalize(const char *canon, const char *type)
{
    char *bt = base_type(type);
    if (!bt)
        return NULL;
    strbuf err = STRBUF_INIT;
    PgQuery__ParseResult *pr;
    PgQuery__Node *e = parse_expr(canon, &pr, &err);
    sb_release(&err);
    char *out = NULL;
    if (!e)
        goto done;
    if (e->node_case != PG_QUERY__NODE__NODE_A_CONST || e->a_const->val_case != PG_QUERY__A__CONST__VAL_SVAL)
        goto done_free;
    const char *v = e->a_const->sval->sval;
    char *nv = NULL;
    if (!strcmp(bt, "timestamp without time zone") && strcmp(v, "now") && strcmp(v, "infinity") && strcmp(v, "-infinity"))
        nv = timestamp_text(v, false);
    else if (!strcmp(bt, "date"))
        nv = timestamp_text(v, true);
    else if (!strcmp(bt, "bytea"))
        nv = bytea_text(v);
    else if (!strcmp(bt, "boolean")) {
        const char *b = bool_text(v);
        if (b)
            out = xstrdup(b);
        goto done_free;
    } else if ((!strcmp(bt, "integer") || !strcmp(bt, "bigint") || !strcmp(bt, "smallint")) && integer_literal(v)) {
        long long x = strtoll(v, NULL, 10);
        out = xasprintf("%lld", x);
        goto done_free;
    }
    if (nv) {
        /* Deparse a string constant so quoting matches every other text. */
        ast_set_string(&e->a_const->sval->sval, nv);
        free(nv);
        strbuf e2 = STRBUF_INIT;
        out = deparse_expr(e, &e2);
        sb_release(&e2);
    }
done_free:
    pg_query__parse_result__free_unpacked(pr, NULL);
done:
    free(bt);
    return out;
}
