/* revspec: revision specifiers, the one language every command uses to name
 * revisions.
 *
 *   term   := 'base' | 'head' | 'heads' | ('+'|'-') N
 *           | NAME [ '@head' ] [ ('+'|'-') N ]
 *   range  := [term] ':' [term]          (empty start = base, empty end = heads)
 *   NAME   := a full id, a unique id prefix, or a branch label
 *
 * '+N' and '-N' alone are relative to the *current* revision(s), which only
 * a command that talks to a database has; others reject them with a hint.
 * Parsing is separate from resolution so the grammar can be tested without a
 * graph.  A resolved term is a set of revisions: empty means base. */
#ifndef SQLC_REVSPEC_H
#define SQLC_REVSPEC_H

#include "revgraph.h"

typedef enum {
    RT_BASE,     /* base */
    RT_HEAD,     /* head: the only head */
    RT_HEADS,    /* heads: every head */
    RT_CURRENT,  /* +N / -N: relative to the current revision */
    RT_NAME,     /* id, prefix or label, optionally @head */
} revterm_kind;

typedef struct revterm {
    revterm_kind kind;
    char *name;      /* RT_NAME */
    bool at_head;    /* NAME@head */
    int delta;       /* +N / -N steps; 0 for none */
} revterm;

typedef struct revspec {
    bool is_range;
    revterm from, to; /* a single term is in .to */
} revspec;

typedef struct revset {
    int *ix;
    size_t n, alloc;
} revset;

#define REVSET_INIT {NULL, 0, 0}

int revspec_parse(const char *s, revspec *out, strbuf *err);
void revspec_release(revspec *s);

/* Resolves one term.  current may be NULL when the command has none.
 * On error returns -1 with a message (listing candidates where it can). */
int revterm_resolve(const revgraph *g, const revterm *t, const revset *current,
                    revset *out, strbuf *err);
/* Parses and resolves a spec that must name one term (not a range). */
int revspec_resolve_one(const revgraph *g, const char *s, const revset *current,
                        revset *out, strbuf *err);

void revset_add(revset *s, int ix);
bool revset_has(const revset *s, int ix);
void revset_clear(revset *s);

#endif
