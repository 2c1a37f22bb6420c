/* pgtypes: column type names spelled exactly as PostgreSQL 15's
 * format_type() prints them, computed offline from a parsed TypeName.
 *
 * The catalog stores types as text, so two migrations that say "int4" and
 * "integer" must end up with the same string, and that string must be the
 * one a live server would report.  The grammar has already turned keyword
 * types into pg_catalog-qualified internal names ("int" -> pg_catalog.int4,
 * "char" -> pg_catalog.bpchar with typmod 1, "float(25)" -> float8,
 * "interval day to second(3)" -> interval with a field-mask typmod); this
 * module finishes the job: it maps internal names to their display names,
 * validates and renders type modifiers the way each type's typmodin/typmodout
 * pair would, and collapses any array bounds to a single "[]".
 *
 * Name resolution rules (those of a server with a default search_path):
 *  - an unqualified or pg_catalog-qualified internal name of a builtin
 *    (int4, varchar, bpchar, timestamptz, "char", text, uuid, ...) is that
 *    builtin, printed unqualified;
 *  - any other pg_catalog.X is printed as X (pg_catalog is always visible);
 *    grammar-only spellings such as pg_catalog.integer do not exist and are
 *    an error, as on the server;
 *  - everything else is a user type, kept with the qualification it was
 *    written with and each part quoted like quote_ident(); resolving it
 *    against search_path is the caller's business.
 * Known gaps: precision above 6 for time types is clamped silently (the
 * server warns); user types' modifiers are echoed as written, "(a,b)",
 * since their typmodout functions are unknown offline. */
#ifndef SQLC_PGTYPES_H
#define SQLC_PGTYPES_H

#include <stdbool.h>

#include <pg_query/pg_query.pb-c.h>

/* Canonical format_type() text for tn, e.g. "character varying(20)",
 * "integer[]", "timestamp(3) with time zone", "numeric(10,2)",
 * "public.mood".  Returns a malloc'd string; or NULL with *err set to a
 * malloc'd message (server wording where there is one) for SETOF, %TYPE,
 * bad or disallowed modifiers, three-part names and pg_catalog names that
 * cannot exist.  err may be NULL.  Serial pseudo-types are not types here
 * ("serial" formats as a user type named serial): ask pgtype_is_serial()
 * first when formatting a column definition. */
char *pgtype_format(const PgQuery__TypeName *tn, char **err);

/* True when tn names one of the serial pseudo-types a column definition
 * accepts: an unqualified smallserial/serial2, serial/serial4 or
 * bigserial/serial8 (not %TYPE).  Sets *base (if base is non-NULL) to
 * "smallint", "integer" or "bigint".  The server then rejects array bounds
 * ("array of serial is not implemented") and any typmod ("type modifier is
 * not allowed for type "integer""); the caller must do the same. */
bool pgtype_is_serial(const PgQuery__TypeName *tn, const char **base);

/* The format_type() name of a builtin given by any spelling: an internal
 * name ("int4", "bpchar", "timestamptz", "float8"), a grammar keyword form
 * ("int", "decimal", "double precision", "varchar", "bool", "char"), or the
 * canonical name itself.  Lower case, single spaces.  Bare "char" is the SQL
 * keyword (-> "character"); the internal one-byte type must be written with
 * its quotes, "\"char\"".  Returns NULL when name is not such an alias.  The
 * result is a static string, without any type modifier. */
const char *pgtype_builtin_canonical(const char *name);

#endif
