/* literal: a column default that is a plain literal, stored the way the
 * server stores it for the column's type.
 *
 * The server coerces a literal default to the column's type at CREATE time
 * and prints the *value*: `DEFAULT '1970-01-01 00:00:01+00:00'` on a
 * timestamp column is stored as '1970-01-01 00:00:01' (a timestamp without
 * time zone ignores the offset), `DEFAULT ''` on bytea prints as '\x',
 * `DEFAULT 't'` on boolean as true, `DEFAULT '5'` on integer as 5.  Only
 * types whose input and output functions are simple and fixed are
 * normalised; anything else is left as written (so it shows up as a
 * difference rather than being guessed). */
#ifndef SQLC_LITERAL_H
#define SQLC_LITERAL_H

/* The canonical text for canon (a canonical expression text) as a default
 * of a column of type (format_type text), or NULL when no rule applies. */
char *literal_normalize(const char *canon, const char *type);

#endif
