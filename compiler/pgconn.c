/* pgconn: connecting with libpq, redacting DSNs, and one-line errors.
 *
 * Design: libpq already knows conninfo strings, URIs, PG* variables,
 * .pgpass and service files, so the DSN is handed to PQconnectdbParams
 * with expand_dbname and sqlc adds exactly one thing, application_name.
 * Because the password may sit inside the DSN text, the only form of a
 * DSN that is ever printed is pgc_redact()'s, and libpq's messages about
 * a DSN are scrubbed of the passwords it found, because libpq's parse
 * errors quote the DSN ("invalid percent-encoded token: "p%zzsecret""). */
#include "pgconn.h"

#include <ctype.h>
#include <string.h>

#include "util.h"

static const char REDACTED[] = "xxxxx";

/* URI: postgres[ql]://[user[:password]@]host...[?k=v&password=...].
 * Each password hidden is also pushed to secrets (when not NULL). */
static void redact_uri(const char *dsn, strbuf *out, strvec *secrets)
{
    const char *p = strstr(dsn, "://") + 3;
    sb_add(out, dsn, (size_t)(p - dsn));
    /* The userinfo ends at the last '@' before the path or query. */
    size_t authority = strcspn(p, "/?");
    const char *at = NULL;
    for (const char *q = p; q < p + authority; q++)
        if (*q == '@')
            at = q;
    if (at) {
        const char *colon = memchr(p, ':', (size_t)(at - p));
        if (colon) {
            sb_add(out, p, (size_t)(colon - p) + 1);
            sb_adds(out, REDACTED);
            if (secrets)
                strvec_push_nodup(secrets, xstrndup(colon + 1, (size_t)(at - colon - 1)));
        } else {
            sb_add(out, p, (size_t)(at - p));
        }
        p = at;
    }
    const char *query = strchr(p, '?');
    if (!query) {
        sb_adds(out, p);
        return;
    }
    sb_add(out, p, (size_t)(query - p) + 1);
    for (const char *q = query + 1; *q;) {
        size_t len = strcspn(q, "&");
        const char *eq = memchr(q, '=', len);
        if (eq && (size_t)(eq - q) == strlen("password") && !strncmp(q, "password", 8)) {
            sb_add(out, q, (size_t)(eq - q) + 1);
            sb_adds(out, REDACTED);
            if (secrets)
                strvec_push_nodup(secrets, xstrndup(eq + 1, len - (size_t)(eq + 1 - q)));
        } else {
            sb_add(out, q, len);
        }
        q += len;
        if (*q == '&')
            sb_addc(out, *q++);
    }
}

/* conninfo: key = value pairs, values bare or in single quotes with
 * backslash escapes, as libpq's conninfo_parse reads them. */
static void redact_conninfo(const char *dsn, strbuf *out, strvec *secrets)
{
    const char *p = dsn;
    while (*p) {
        const char *start = p;
        while (isspace((unsigned char)*p))
            p++;
        const char *key = p;
        while (*p && *p != '=' && !isspace((unsigned char)*p))
            p++;
        size_t keylen = (size_t)(p - key);
        while (isspace((unsigned char)*p))
            p++;
        if (*p != '=') { /* malformed: keep the rest as it is, minus values */
            sb_add(out, start, (size_t)(p - start));
            continue;
        }
        p++;
        while (isspace((unsigned char)*p))
            p++;
        const char *val = p;
        bool unterminated = false;
        if (*p == '\'') {
            for (p++; *p && *p != '\''; p++)
                if (*p == '\\' && p[1])
                    p++;
            if (*p == '\'')
                p++;
            else /* it swallowed the rest, maybe a password=... too */
                unterminated = true;
        } else {
            while (*p && !isspace((unsigned char)*p))
                p++;
        }
        sb_add(out, start, (size_t)(val - start));
        if (unterminated || (keylen == 8 && !strncmp(key, "password", 8))) {
            sb_adds(out, REDACTED);
            if (secrets)
                strvec_push_nodup(secrets, xstrndup(val, (size_t)(p - val)));
        } else
            sb_add(out, val, (size_t)(p - val));
    }
}

/* libpq messages end in a newline and sometimes carry a second line of
 * context; a one-line error keeps the first. */
static void add_first_line(strbuf *err, const char *msg)
{
    size_t n = strcspn(msg, "\n");
    while (n > 0 && isspace((unsigned char)msg[n - 1]))
        n--;
    sb_add(err, msg, n);
}

/* Any "scheme://" is redacted as a URI: libpq takes only postgres[ql]://,
 * but a mistyped "postgre://u:pw@h" or "mysql://..." must not be printed
 * with its password when it is reported as invalid. */
static bool looks_like_uri(const char *dsn)
{
    if (!isalpha((unsigned char)*dsn))
        return false;
    size_t n = strspn(dsn, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+.-");
    return !strncmp(dsn + n, "://", 3);
}

static char *redact(const char *dsn, strvec *secrets)
{
    if (!dsn || !*dsn)
        return xstrdup("the default database (PG* variables)");
    strbuf out = STRBUF_INIT;
    if (looks_like_uri(dsn))
        redact_uri(dsn, &out, secrets);
    else
        redact_conninfo(dsn, &out, secrets);
    return sb_detach(&out);
}

char *pgc_redact(const char *dsn) { return redact(dsn, NULL); }

/* libpq's own parse errors quote pieces of the DSN, password included
 * ('invalid percent-encoded token: "p%zzsecret"', or the whole URI), so
 * every message about a DSN goes through here: its first line, with each
 * password the redaction found replaced. */
static void add_scrubbed(strbuf *err, const char *dsn, const char *msg)
{
    strvec secrets = STRVEC_INIT;
    free(redact(dsn, &secrets));
    strbuf line = STRBUF_INIT;
    add_first_line(&line, msg);
    for (size_t i = 0; i < secrets.n; i++) {
        const char *secret = secrets.v[i];
        size_t n = strlen(secret);
        if (!n)
            continue;
        strbuf next = STRBUF_INIT;
        const char *p = sb_str(&line), *hit;
        while ((hit = strstr(p, secret))) {
            sb_add(&next, p, (size_t)(hit - p));
            sb_adds(&next, REDACTED);
            p = hit + n;
        }
        sb_adds(&next, p);
        sb_release(&line);
        line = next;
    }
    sb_adds(err, sb_str(&line));
    sb_release(&line);
    strvec_clear(&secrets);
}

int pgc_check_dsn(const char *dsn, strbuf *err)
{
    if (!dsn || !*dsn)
        return 0;
    char *msg = NULL;
    PQconninfoOption *opts = PQconninfoParse(dsn, &msg);
    if (opts) {
        PQconninfoFree(opts);
        return 0;
    }
    char *shown = pgc_redact(dsn);
    sb_addf(err, "%s is not a valid libpq connection string or URI: ", shown);
    free(shown);
    add_scrubbed(err, dsn, msg ? msg : "out of memory");
    PQfreemem(msg);
    return -1;
}

/* "sqlc" goes in as fallback_application_name, which libpq uses only when
 * neither the DSN nor PGAPPNAME names the application. */
static const char *const CONNECT_KEYS[] = {"dbname", "fallback_application_name", NULL};

PGconn *pgc_connect(const char *dsn, strbuf *err)
{
    const char *vals[] = {dsn ? dsn : "", "sqlc", NULL};
    PGconn *conn = PQconnectdbParams(CONNECT_KEYS, vals, 1);
    if (conn && PQstatus(conn) == CONNECTION_OK)
        return conn;
    pgc_connect_error(conn, dsn, err);
    PQfinish(conn);
    return NULL;
}

PGconn *pgc_connect_start(const char *dsn, strbuf *err)
{
    const char *vals[] = {dsn ? dsn : "", "sqlc", NULL};
    PGconn *conn = PQconnectStartParams(CONNECT_KEYS, vals, 1);
    if (conn && PQstatus(conn) != CONNECTION_BAD)
        return conn;
    pgc_connect_error(conn, dsn, err);
    PQfinish(conn);
    return NULL;
}

void pgc_connect_error(PGconn *conn, const char *dsn, strbuf *err)
{
    char *shown = pgc_redact(dsn);
    sb_addf(err, "could not connect to %s: ", shown);
    free(shown);
    add_scrubbed(err, dsn, conn ? PQerrorMessage(conn) : "out of memory");
}

void pgc_result_error(PGconn *conn, const PGresult *res, strbuf *err)
{
    const char *msg = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
    const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
    if (msg)
        sb_adds(err, msg);
    else
        add_first_line(err, PQerrorMessage(conn));
    if (state)
        sb_addf(err, " (SQLSTATE %s)", state);
}

PGresult *pgc_exec(PGconn *conn, const char *sql, strbuf *err)
{
    PGresult *res = PQexec(conn, sql);
    ExecStatusType st = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
    if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK)
        return res;
    pgc_result_error(conn, res, err);
    PQclear(res);
    return NULL;
}

int pgc_command(PGconn *conn, const char *sql, strbuf *err)
{
    PGresult *res = pgc_exec(conn, sql, err);
    if (!res)
        return -1;
    PQclear(res);
    return 0;
}
