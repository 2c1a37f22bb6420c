/* history_formats: the foreign history formats, internal to history.c.
 *
 * history_formats.c reads a migration folder of another tool in place
 * (which files make a migration, their versions and order) and
 * history_markers.c splits a single file into its up and down sections by
 * the tool's in-file markers (dbmate's "-- migrate:up", goose's
 * "-- +goose Up").  Both produce ordinary revision structs; see history.h
 * for what ids, parents and messages become. */
#ifndef SQLC_HISTORY_FORMATS_H
#define SQLC_HISTORY_FORMATS_H

#include "history.h"

/* Loads dir as a history of format fmt (not HISTORY_SQLC) and builds the
 * graph; returns 0 or -1 with diagnostics, like history_load. */
int history_load_foreign(const char *dir, history_format fmt, revgraph *g,
                         diaglist *dl);

/* Checks that f's bytes are text libpg_query can take: no NUL byte, no
 * byte-order mark except at the very start, valid UTF-8.  Returns the offset
 * where the SQL starts (3 after a leading BOM, else 0), or -1 with one
 * diagnostic added. */
long history_text_start(const srcfile *f, diaglist *dl);

/* Sets r->upgrade and r->downgrade (and r->transactional) from the markers
 * in r->src, whose SQL starts at byte start.  Return 0, or -1 with
 * diagnostics. */
int history_split_dbmate(revision *r, size_t start, diaglist *dl);
int history_split_goose(revision *r, size_t start, diaglist *dl);

#endif
