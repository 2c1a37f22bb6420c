/* dumpread: a pg_dump --schema-only file -> catalog, through replay.
 *
 * A dump is SQL plus a few psql meta-commands.  The meta-command lines
 * (\restrict KEY / \unrestrict KEY from pg_dump 15.14+, \connect, ...) are
 * blanked in place, so line numbers in messages still match the file; the
 * rest goes through the same replay engine as revisions.  pg_dump's SET
 * lines do not touch the schema, and its
 * `SELECT pg_catalog.set_config('search_path', '', false)` empties the
 * search path, which is why every name in a dump is qualified. */
#ifndef SQLC_DUMPREAD_H
#define SQLC_DUMPREAD_H

#include "replay.h"

/* Returns 0, or -1 with diagnostics (file errors, parse or replay errors). */
int dump_load(const char *path, catalog *cat, diaglist *dl, replay_opts opts);
/* The same for text already in memory (ownership passes; path names it). */
int dump_load_text(const char *path, char *text, size_t len, catalog *cat, diaglist *dl, replay_opts opts);

#endif
