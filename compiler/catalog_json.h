/* catalog_json: the catalog as one deterministic JSON document.
 *
 * This is the form the fidelity tests compare (a catalog replayed from
 * migrations against one replayed from pg_dump output) and the form
 * `sqlc` prints for machines, so it holds every *semantic* field of
 * catalog.h and nothing incidental: no dependencies (they are internal
 * bookkeeping), no file paths unless asked, no `with_no_data` (pg_dump
 * --schema-only always creates materialized views WITH NO DATA, so it is
 * not comparable).  Equal catalogs give byte-identical text: every list of
 * objects is sorted by a stable key, sets (reloptions, SET options, policy
 * roles, ACL entries) are sorted, and a field is either always present or
 * present exactly when it is non-default (null, false, empty, or the
 * default value named below are omitted).  Pretty-printed by json-c with
 * two-space indentation, UTF-8 as is, '/' not escaped, and a final newline.
 *
 * Shape (names are raw, unquoted strings unless said otherwise; texts are
 * the catalog's canonical SQL texts):
 *
 * {
 *   "version": 1,
 *   "schemas":    [ {name, comment?} ...]                  by name
 *   "extensions": [ {name, schema?, version?} ...]          by name
 *                  (an extension's comment comes from its own script, not
 *                  the history: never printed)
 *   "types":      [ ... ]                                  by (schema, name)
 *       {schema, name, kind: "enum"|"composite"|"domain"|"range", ...}
 *       enum:      labels: [...] (in sort order, always present)
 *       composite: attributes: [column...] (in order)
 *       domain:    base_type, not_null?, default?, collation?,
 *                  checks?: [{name, expr, not_valid?, comment?}] by name
 *       range:     subtype, subtype_opclass?, collation?, canonical?,
 *                  subtype_diff?, multirange?
 *   "functions":  [ ... ]                                  by (schema, identity)
 *       {schema, name, identity, kind: "function"|"procedure"|"aggregate"|"window",
 *        args?: [{mode?: "out"|"inout"|"variadic"|"table", name?, type, default?}],
 *        returns?, language, body, volatility: "volatile"|"stable"|"immutable",
 *        strict?, security_definer?, leakproof?,
 *        parallel?: "safe"|"restricted" (omitted when unsafe),
 *        cost?, rows? (omitted when the server's default), set?: ["k=v"...] sorted,
 *        transforms?: [...]}
 *   "relations":  [ ... ]                                  by (schema, name)
 *       {schema, name,
 *        kind: "table"|"partitioned_table"|"view"|"materialized_view"|"sequence",
 *        unlogged?,
 *        columns?: [column...] in attnum order,
 *        constraints?: [constraint...] by name,
 *        indexes?: [index...] by name,
 *        triggers?: [trigger...] by name,
 *        policies?: [policy...] by name,
 *        options?: ["key=value"...] sorted, tablespace?,
 *        partition_key?: "RANGE (created_at)",
 *        partition_of?: {schema, name}, partition_bound?: "FOR VALUES ...",
 *        inherits?: [{schema, name}...] (in inheritance order),
 *        rls_enabled?, rls_forced?,
 *        query?, check_option?: "local"|"cascaded",          (views)
 *        sequence?: {type, start, increment, min, max, cache, cycle?},
 *        owned_by?: "table.column" (each part quoted like quote_ident),
 *        identity?: true (the implicit sequence of an identity column)}
 *
 *   column:     {name, type? (absent for view columns), not_null?, default?,
 *                collation?, identity?: "always"|"by default", generated?,
 *                local?: false, inh_count? (both only for inheritance,
 *                never for partitions: PARTITION OF and pg_dump's CREATE +
 *                ATTACH give different attislocal for the same schema)}
 *   constraint: {name, type: "primary key"|"unique"|"foreign key"|"check"|"exclude",
 *                columns?, include?, expr?, exclusion?, nulls_not_distinct?,
 *                deferrable?, deferred?, not_valid?, no_inherit?, local?: false,
 *                references?: {schema, table, columns}, match?: "full"|"partial",
 *                on_update?, on_delete?: "restrict"|"cascade"|"set null"|"set default",
 *                on_delete_columns?, index_options?}
 *   index:      {name, unique?, nulls_not_distinct?, method, elems, include?,
 *                where?, options?, tablespace?, constraint?: name of the
 *                owning constraint, invalid?}
 *   trigger:    {name, timing: "before"|"after"|"instead of",
 *                events: ["insert","delete","update","truncate"] (that order),
 *                update_columns?, level: "row"|"statement", when?,
 *                function?: {schema, identity}, args?, constraint?,
 *                deferrable?, deferred?, from?, old_table?, new_table?,
 *                enabled?: "disabled"|"replica"|"always"}
 *   policy:     {name, restrictive?, command: "all"|"select"|"insert"|"update"|"delete",
 *                roles: [...] sorted, using?, check?}
 *
 * Every object (schema, extension, type, function, relation, column,
 * attribute, constraint, index, trigger, policy) may also carry:
 *   comment?; extension? (it is a member of that extension);
 *   owner? and acl? (sorted "role:PRIVS" entries) only with
 *   json_opts.privileges; location?: "path:line" only with
 *   json_opts.locations. */
#ifndef SQLC_CATALOG_JSON_H
#define SQLC_CATALOG_JSON_H

#include <stdbool.h>

#include "catalog.h"
#include "strbuf.h"

typedef struct json_opts {
    bool locations;  /* add "location": "path:line" where known */
    bool privileges; /* add "owner" and "acl" */
} json_opts;

/* Appends the JSON document (with a final newline) to out.  o may be NULL
 * for the defaults.  Returns 0, or -1 if json-c failed to allocate. */
int catalog_to_json(const catalog *c, const json_opts *o, strbuf *out);

#endif
