/* history: a versions folder -> a checked revision graph.
 *
 * This is where a history *format* is chosen.  The native format is one
 * sqlc revision file per revision (revfile.h).  Foreign formats
 * (golang-migrate, dbmate, goose, diesel, flyway; history_formats.c) read a
 * migration folder in place and produce the same revision structs, as a
 * linear chain: id = the tool's version string, parent = the previous
 * migration, message = the name with '_' as ' '.  So the graph, the replay
 * and every command stay format-blind.
 *
 * An explicit list of plain SQL files (history_load_files, and list files
 * such as the corpora's ORDER.list) is one more linear history: revision N
 * is the N-th file's SQL as its upgrade, with id "N". */
#ifndef SQLC_HISTORY_H
#define SQLC_HISTORY_H

#include "revgraph.h"

typedef enum history_format {
    HISTORY_SQLC,           /* native revision files (revfile.h) */
    HISTORY_GOLANG_MIGRATE, /* N_name.up.sql / N_name.down.sql */
    HISTORY_DBMATE,         /* VERSION_name.sql, -- migrate:up / -- migrate:down */
    HISTORY_GOOSE,          /* VERSION_name.sql, -- +goose Up / -- +goose Down */
    HISTORY_DIESEL,         /* VERSION_name/{up,down}.sql [metadata.toml] */
    HISTORY_FLYWAY,         /* V<ver>__desc.sql [U<ver>__desc.sql] */
} history_format;

/* "sqlc, golang-migrate, dbmate, goose, diesel, flyway", for messages. */
#define HISTORY_FORMAT_NAMES "sqlc, golang-migrate, dbmate, goose, diesel, flyway"

/* The format named name (as in sqlc.ini's history_format); false when the
 * name is unknown. */
bool history_format_from_name(const char *name, history_format *out);
const char *history_format_name(history_format f);

/* Loads every revision in dir, read as format fmt, and builds the graph.
 * Returns 0, or -1 with all problems found added to dl (file errors first;
 * the graph is checked only when every file loaded, so one broken file does
 * not also show up as a "missing parent" of its children). */
int history_load(const char *dir, history_format fmt, revgraph *g, diaglist *dl);

/* A linear history of plain SQL files in the given order: revision N (id
 * "N", 1-based) has the N-th file's whole text as its upgrade, no downgrade,
 * parent N-1, message = the path as given.  Returns 0 or -1 as above. */
int history_load_files(const char **paths, size_t n, revgraph *g, diaglist *dl);

/* The same from a list file: one path a line, relative to the list file's
 * folder; blank lines and lines starting with '#' are skipped; a line may
 * end with a TAB and "notx" (run outside a transaction) or a bare TAB.  This
 * is the ORDER.list format of the test corpora.  The message of each
 * revision is the path as the list writes it. */
int history_load_list(const char *list_path, revgraph *g, diaglist *dl);

#endif
