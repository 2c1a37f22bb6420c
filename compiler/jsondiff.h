/* jsondiff: which objects differ between two catalog JSON documents.
 *
 * `sqlc check` proves a downgrade undoes its upgrade by comparing the
 * catalog's JSON form (catalog_json.h) before the upgrade and after the
 * downgrade.  A textual diff of two whole documents would bury the answer,
 * so the documents are parsed (json-c) and compared object by object
 * within each top-level list (schemas, extensions, types, functions,
 * relations), keyed the way the lists are sorted: (schema, name), or
 * (schema, identity) for functions.  Each differing object becomes one
 * message: "table public.users differs:" followed by the changed lines of
 * its pretty-printed JSON ("-" before, "+" after), or "... exists only
 * before/after".  Pure computation: no I/O. */
#ifndef SQLC_JSONDIFF_H
#define SQLC_JSONDIFF_H

#include "util.h"

/* Appends one message per differing object to out, in document order.
 * Returns how many were added, or -1 when a document does not parse. */
int jsondiff_catalogs(const char *before, const char *after, strvec *out);

#endif
