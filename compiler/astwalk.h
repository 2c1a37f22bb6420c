/* astwalk: a generic pre-order walk over libpg_query protobuf trees.
 *
 * Instead of a hand-written switch over ~250 node types (which would go
 * stale with every grammar release), the walk follows protobuf-c's own
 * message descriptors: every field that holds a message is descended into,
 * repeated fields element by element.  The visitor sees each PgQuery__Node
 * wrapper, so it can inspect the concrete node (node_case) and may replace
 * it in place by changing the wrapper's node_case and union pointer. */
#ifndef SQLC_ASTWALK_H
#define SQLC_ASTWALK_H

#include <stdbool.h>

#include <pg_query/pg_query.pb-c.h>

/* Return false to skip the node's children. */
typedef bool (*ast_visit_fn)(PgQuery__Node *node, void *ctx);

/* Walks every PgQuery__Node reachable from msg (msg itself included when it
 * is a Node). */
void ast_walk(ProtobufCMessage *msg, ast_visit_fn visit, void *ctx);
static inline void ast_walk_node(PgQuery__Node *n, ast_visit_fn visit, void *ctx)
{
    if (n)
        ast_walk(&n->base, visit, ctx);
}

/* The concrete message inside a Node wrapper, or NULL. */
ProtobufCMessage *ast_inner(const PgQuery__Node *n);
/* Replaces *dst's content with src's (src's wrapper is freed, its inner
 * message moved); the old inner message of dst is freed. */
void ast_replace(PgQuery__Node *dst, PgQuery__Node *src);
/* Frees a node tree allocated with the system allocator. */
void ast_free(PgQuery__Node *n);

/* Small constructors (system allocator, compatible with free_unpacked). */
PgQuery__Node *ast_string(const char *s);
/* Replaces a string field of an unpacked message, freeing the old value
 * unless it is protobuf-c's shared empty string. */
void ast_set_string(char **field, const char *v);
/* The string of a String node, or NULL. */
const char *ast_str(const PgQuery__Node *n);

#endif
