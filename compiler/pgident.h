/* pgident: PostgreSQL identifier quoting, exactly as the server's
 * quote_ident() (and format_type(), which uses the same rule) does it.
 *
 * An identifier is left bare only when it is "plain" -- first byte in
 * [a-z_], every other byte in [a-z0-9_] -- and it is not a keyword of a
 * kind the grammar would refuse as a bare column name.  Everything else,
 * including '$', upper case and any non-ASCII byte, is double-quoted with
 * embedded '"' doubled.  Note that quote_ident() never truncates.
 *
 * Keyword classes come from libpg_query's scanner (pg_query_scan), so the
 * list can never drift from the grammar we parse with: every keyword except
 * an UNRESERVED_KEYWORD forces quotes ("user", "order", "int"), while
 * unreserved ones ("name", "type", "key") stay bare. */
#ifndef SQLC_PGIDENT_H
#define SQLC_PGIDENT_H

#include <stdbool.h>

#include "strbuf.h"

/* The keyword class of word as a PgQuery__KeywordKind value:
 * PG_QUERY__KEYWORD_KIND__NO_KEYWORD (0) when it is not a keyword.  word is
 * matched as one scanner token, so it should already be lower case. */
int pgident_keyword_kind(const char *word);

/* True when quote_ident(id) would return id unchanged. */
bool pgident_is_plain(const char *id);

/* Appends id to sb, quoted exactly when quote_ident() would quote it. */
void pgident_quote_sb(strbuf *sb, const char *id);

/* quote_ident(id) as a malloc'd string. */
char *pgident_quote(const char *id);

#endif
