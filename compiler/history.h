/* history: a versions folder -> a checked revision graph.
 *
 * This is where a history *format* is chosen.  The native format is one
 * sqlc revision file per revision (revfile.h).  Foreign formats
 * (golang-migrate, dbmate, goose, diesel, flyway) become one more loader
 * here that produces the same revision structs, so the graph, the replay and
 * every command stay format-blind. */
#ifndef SQLC_HISTORY_H
#define SQLC_HISTORY_H

#include "revgraph.h"

/* Loads every revision in dir and builds the graph.  Returns 0, or -1 with
 * all problems found added to dl (file errors first; the graph is checked
 * only when every file loaded, so one broken file does not also show up as
 * a "missing parent" of its children). */
int history_load(const char *dir, revgraph *g, diaglist *dl);

#endif
