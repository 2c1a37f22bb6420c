/* revspec: parsing and resolving revision specifiers.  See revspec.h. */
#include "revspec.h"

#include <ctype.h>
#include <limits.h>
#include <string.h>

void revset_add(revset *s, int ix)
{
    if (revset_has(s, ix))
        return;
    ALLOC_GROW(s->ix, s->n + 1, s->alloc);
    s->ix[s->n++] = ix;
}

bool revset_has(const revset *s, int ix)
{
    for (size_t i = 0; i < s->n; i++)
        if (s->ix[i] == ix)
            return true;
    return false;
}

void revset_clear(revset *s)
{
    free(s->ix);
    s->ix = NULL;
    s->n = s->alloc = 0;
}

static bool name_char(char c)
{
    return isalnum((unsigned char)c) || c == '_' || c == '-' || c == '.';
}

/* Parses a trailing "+N"/"-N" off [s, *end); returns the delta or 0. */
static int split_delta(const char *s, size_t *end, strbuf *err, bool *bad)
{
    size_t e = *end, d = e;
    while (d > 0 && isdigit((unsigned char)s[d - 1]))
        d--;
    if (d == e || d == 0 || (s[d - 1] != '+' && s[d - 1] != '-'))
        return 0;
    if (e - d > 6) {
        sb_addf(err, "step count in '%s' is too large", s);
        *bad = true;
        return 0;
    }
    int n = atoi(s + d);
    if (n == 0) {
        sb_addf(err, "step count in '%s' must be at least 1", s);
        *bad = true;
        return 0;
    }
    *end = d - 1;
    return s[d - 1] == '+' ? n : -n;
}

static int parse_term(const char *s, revterm *t, strbuf *err)
{
    memset(t, 0, sizeof(*t));
    size_t end = strlen(s);
    if (!end) {
        sb_adds(err, "empty revision specifier");
        return -1;
    }
    bool bad = false;
    t->delta = split_delta(s, &end, err, &bad);
    if (bad)
        return -1;
    if (end == 0) {
        t->kind = RT_CURRENT;
        return 0;
    }
    const char *at = memchr(s, '@', end);
    size_t nlen = at ? (size_t)(at - s) : end;
    if (at) {
        if (strncmp(at, "@head", end - nlen) != 0 || end - nlen != 5) {
            sb_addf(err, "unknown form '%.*s' in '%s'; only NAME@head is supported",
                    (int)(end - nlen), at, s);
            return -1;
        }
        t->at_head = true;
    }
    if (!nlen) {
        sb_addf(err, "'%s' has no name before '@'", s);
        return -1;
    }
    for (size_t i = 0; i < nlen; i++) {
        if (!name_char(s[i])) {
            sb_addf(err, "'%s' is not a revision specifier (unexpected '%c')", s, s[i]);
            return -1;
        }
    }
    char *name = xstrndup(s, nlen);
    static const struct { const char *w; revterm_kind k; } words[] = {
        {"base", RT_BASE}, {"head", RT_HEAD}, {"heads", RT_HEADS},
    };
    for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
        if (!strcmp(name, words[i].w)) {
            free(name);
            if (t->at_head) {
                sb_addf(err, "'%s@head' makes no sense; use a branch label or revision before '@'", words[i].w);
                return -1;
            }
            t->kind = words[i].k;
            return 0;
        }
    }
    t->kind = RT_NAME;
    t->name = name;
    return 0;
}

int revspec_parse(const char *s, revspec *out, strbuf *err)
{
    memset(out, 0, sizeof(*out));
    const char *colon = strchr(s, ':');
    if (!colon)
        return parse_term(s, &out->to, err);
    if (strchr(colon + 1, ':')) {
        sb_addf(err, "'%s' has more than one ':'; a range is START:END", s);
        return -1;
    }
    out->is_range = true;
    char *a = xstrndup(s, (size_t)(colon - s));
    int rc = 0;
    if (*a)
        rc = parse_term(a, &out->from, err);
    else
        out->from.kind = RT_BASE;
    free(a);
    if (rc == 0) {
        if (colon[1])
            rc = parse_term(colon + 1, &out->to, err);
        else
            out->to.kind = RT_HEADS;
    }
    if (rc < 0)
        revspec_release(out);
    return rc;
}

void revspec_release(revspec *s)
{
    free(s->from.name);
    free(s->to.name);
    memset(s, 0, sizeof(*s));
}

static void list_ids(strbuf *sb, const revgraph *g, const int *ix, size_t n)
{
    for (size_t i = 0; i < n; i++)
        sb_addf(sb, "%s%s", i ? ", " : "", g->revs[ix[i]]->id);
}

static void describe_known(strbuf *err, const revgraph *g)
{
    sb_adds(err, "; heads: ");
    if (g->nheads)
        list_ids(err, g, g->heads, g->nheads);
    else
        sb_adds(err, "(none)");
    strbuf labels = STRBUF_INIT;
    for (size_t i = 0; i < g->n; i++)
        for (size_t k = 0; k < g->revs[g->topo[i]]->branch_labels.n; k++)
            sb_addf(&labels, "%s%s", labels.len ? ", " : "",
                    g->revs[g->topo[i]]->branch_labels.v[k]);
    if (labels.len)
        sb_addf(err, "; branch labels: %s", labels.buf);
    sb_release(&labels);
}

/* The unique head among ix's descendants. */
static int head_of(const revgraph *g, int ix, const char *name, strbuf *err)
{
    bool *mark = xcalloc(g->n, sizeof(bool));
    graph_mark_descendants(g, ix, mark);
    int found = -1;
    size_t count = 0;
    strbuf list = STRBUF_INIT;
    for (size_t i = 0; i < g->nheads; i++) {
        if (mark[g->heads[i]]) {
            found = g->heads[i];
            sb_addf(&list, "%s%s", count++ ? ", " : "", g->revs[found]->id);
        }
    }
    free(mark);
    if (count > 1) {
        sb_addf(err, "'%s@head' is ambiguous: %zu heads descend from it (%s)",
                name, count, list.buf);
        found = -1;
    }
    sb_release(&list);
    return found;
}

static int resolve_name(const revgraph *g, const revterm *t, strbuf *err)
{
    int ix = graph_find(g, t->name);
    if (ix < 0)
        ix = graph_find_label(g, t->name);
    if (ix < 0) {
        size_t count;
        int first = graph_prefix(g, t->name, &count);
        if (count == 1) {
            ix = first;
        } else if (count > 1) {
            /* One line, like every error: the ids, not their messages
             * (`sqlc show ID` has those), and at most ten of them. */
            enum { MAX_LISTED = 10 };
            sb_addf(err, "revision prefix '%s' is ambiguous: it matches %zu revisions (", t->name, count);
            for (size_t i = 0; i < count && i < MAX_LISTED; i++)
                sb_addf(err, "%s%s", i ? ", " : "", g->revs[first + (int)i]->id);
            if (count > MAX_LISTED)
                sb_addf(err, " and %zu more", count - MAX_LISTED);
            sb_addc(err, ')');
            return -1;
        } else {
            sb_addf(err, "unknown revision '%s'", t->name);
            describe_known(err, g);
            return -1;
        }
    }
    if (t->at_head)
        ix = head_of(g, ix, t->name, err);
    return ix;
}

/* Applies t->delta steps to a start set of at most one revision. */
static int step(const revgraph *g, const char *what, revset *set, int delta,
                strbuf *err)
{
    while (delta < 0) {
        if (set->n == 0) {
            sb_addf(err, "'%s' goes below base", what);
            return -1;
        }
        const revision *r = g->revs[set->ix[0]];
        if (r->parents.n > 1) {
            sb_addf(err, "cannot step down from merge revision %s in '%s': it has parents ",
                    r->id, what);
            list_ids(err, g, r->parent_ix, r->parents.n);
            return -1;
        }
        set->n = 0;
        if (r->parents.n == 1)
            revset_add(set, r->parent_ix[0]);
        delta++;
    }
    while (delta > 0) {
        const int *next;
        size_t n;
        const char *from;
        if (set->n == 0) {
            next = g->bases, n = g->nbases, from = "base";
        } else {
            const revision *r = g->revs[set->ix[0]];
            next = r->child_ix, n = r->nchildren, from = r->id;
        }
        if (n == 0) {
            sb_addf(err, "'%s' goes past head (%s has no later revision)", what, from);
            return -1;
        }
        if (n > 1) {
            sb_addf(err, "cannot step up from %s in '%s': it branches to ", from, what);
            list_ids(err, g, next, n);
            return -1;
        }
        set->n = 0;
        revset_add(set, next[0]);
        delta--;
    }
    return 0;
}

static void term_text(strbuf *sb, const revterm *t)
{
    static const char *const words[] = {"base", "head", "heads", "", ""};
    if (t->kind == RT_NAME)
        sb_addf(sb, "%s%s", t->name, t->at_head ? "@head" : "");
    else
        sb_adds(sb, words[t->kind]);
    if (t->delta)
        sb_addf(sb, "%+d", t->delta);
}

int revterm_resolve(const revgraph *g, const revterm *t, const revset *current,
                    revset *out, strbuf *err)
{
    out->n = 0;
    strbuf what = STRBUF_INIT;
    term_text(&what, t);
    int rc = -1;
    switch (t->kind) {
    case RT_BASE:
        break;
    case RT_HEAD:
        if (g->nheads > 1) {
            sb_adds(err, "'head' is ambiguous: there are several heads (");
            list_ids(err, g, g->heads, g->nheads);
            sb_adds(err, "); name one, use 'heads', or use LABEL@head");
            goto done;
        }
        if (g->nheads == 1)
            revset_add(out, g->heads[0]);
        break;
    case RT_HEADS:
        for (size_t i = 0; i < g->nheads; i++)
            revset_add(out, g->heads[i]);
        break;
    case RT_CURRENT:
        if (!current) {
            sb_addf(err, "'%s' is relative to the database's current revision, and this command has none; write REV%+d instead",
                    what.buf, t->delta);
            goto done;
        }
        for (size_t i = 0; i < current->n; i++)
            revset_add(out, current->ix[i]);
        break;
    case RT_NAME: {
        int ix = resolve_name(g, t, err);
        if (ix < 0)
            goto done;
        revset_add(out, ix);
        break;
    }
    }
    if (t->delta) {
        if (out->n > 1) {
            sb_addf(err, "'%s' is ambiguous: it starts from %zu revisions (", what.buf, out->n);
            list_ids(err, g, out->ix, out->n);
            sb_adds(err, ")");
            goto done;
        }
        if (step(g, what.buf, out, t->delta, err) < 0)
            goto done;
    }
    rc = 0;
done:
    sb_release(&what);
    return rc;
}

int revspec_resolve_one(const revgraph *g, const char *s, const revset *current,
                        revset *out, strbuf *err)
{
    revspec spec;
    if (revspec_parse(s, &spec, err) < 0)
        return -1;
    int rc;
    if (spec.is_range) {
        sb_addf(err, "'%s' is a range; this needs a single revision", s);
        rc = -1;
    } else {
        rc = revterm_resolve(g, &spec.to, current, out, err);
    }
    revspec_release(&spec);
    return rc;
}
