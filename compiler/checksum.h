/* checksum: what a revision "is", as a number, and sqlc.sum.
 *
 * A revision's checksum is XXH3-64 (libxxhash) of its file's bytes after
 * two normalisations, so that a checkout with other line endings is the
 * same history: a leading UTF-8 byte-order mark is dropped and every CRLF
 * counts as LF (a lone CR stays).  A revision whose downgrade lives in its
 * own file (golang-migrate, diesel, flyway) hashes both: the normalised
 * upgrade file, one NUL byte, the normalised downgrade file.  Checksums are
 * printed as 16 lowercase hex digits.
 *
 * sqlc.sum, in the versions folder, pins a whole history:
 *
 *   # comments and blank lines are ignored
 *   ID FILE CHAIN
 *
 * one line per revision in the graph's topological order, FILE the
 * revision's checksum and CHAIN = XXH3-64 of the text
 * "PREV ID FILE\n" where PREV is the previous line's CHAIN (16 zeros for
 * the first line).  So editing, inserting, removing or reordering one
 * revision changes its line and every CHAIN after it, and two branches
 * that each add revisions both append to the file's end: git reports a
 * conflict instead of merging two histories silently.  Reading accepts
 * CRLF lines and a BOM, like the revision files. */
#ifndef SQLC_CHECKSUM_H
#define SQLC_CHECKSUM_H

#include <stdint.h>

#include "revgraph.h"

#define SQLC_SUM_FILE "sqlc.sum"

/* XXH3-64 of text[0, len) with a leading BOM dropped and CRLF read as LF. */
uint64_t checksum_text(const char *text, size_t len);
/* The checksum of one source file. */
uint64_t checksum_file(const srcfile *f);
/* The revision's checksum: its file, or both files (see above). */
uint64_t checksum_revision(const revision *r);
/* 16 lowercase hex digits and a NUL. */
void checksum_hex(uint64_t h, char out[17]);
/* The CHAIN value of a line following prev. */
uint64_t checksum_chain(uint64_t prev, const char *id, uint64_t file);

/* The whole text of sqlc.sum for g. */
char *sum_render(const revgraph *g);
/* Compares an existing sqlc.sum (sum, as read) with g.  Returns 0 when it
 * matches; otherwise adds one error naming the first revision (or sum line)
 * that differs and returns -1.  versions_dir is only used in messages. */
int sum_verify(const revgraph *g, const srcfile *sum, diaglist *dl);

#endif
