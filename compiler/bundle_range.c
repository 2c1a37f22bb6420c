/* bundle_range: FROM:TO -> the revisions a bundle runs, in order, and the
 * version-table rows before and after.  The semantics are documented in
 * bundle.h; everything here is set arithmetic over the graph's flags, one
 * topological pass per set, so a 1,000-revision history costs nothing. */
#include "bundle.h"

#include <assert.h>
#include <string.h>

#include "revspec.h"

void bundle_rows(const revgraph *g, const bool *applied, strvec *out)
{
    for (size_t i = 0; i < g->n; i++) {
        if (!applied[i])
            continue;
        const revision *r = g->revs[i];
        bool head = true;
        for (size_t k = 0; k < r->nchildren && head; k++)
            head = !applied[r->child_ix[k]];
        if (head)
            strvec_push(out, r->id);
    }
    strvec_sort(out);
}

bool *bundle_applied(const revgraph *g, const revset *s)
{
    bool *m = xcalloc(g->n + 1, sizeof(bool));
    for (size_t i = 0; i < s->n; i++)
        graph_mark_ancestors(g, s->ix[i], true, m);
    return m;
}

static void describe_set(const revgraph *g, const revset *s, strbuf *sb)
{
    if (!s->n)
        sb_adds(sb, "base");
    for (size_t i = 0; i < s->n; i++)
        sb_addf(sb, "%s%s", i ? ", " : "", g->revs[s->ix[i]]->id);
}

/* Resolves the two ends.  A relative TO counts from FROM. */
static int resolve_ends(const revgraph *g, const char *spec, bundle_dir want,
                        revset *from, revset *to, strbuf *err)
{
    revspec rs;
    if (revspec_parse(spec, &rs, err) < 0)
        return -1;
    int rc = -1;
    if (!rs.is_range) {
        if (want == BUNDLE_AUTO) {
            sb_addf(err, "'%s' is not a range; a bundle needs FROM:TO (for example base:head)", spec);
            goto done;
        }
        if (want == BUNDLE_DOWNGRADE) {
            revterm heads = {RT_HEADS, NULL, false, 0};
            if (revterm_resolve(g, &heads, NULL, from, err) < 0)
                goto done;
        }
    } else {
        if (rs.from.kind == RT_CURRENT) {
            sb_addf(err, "the start of '%s' is relative; a range starts at a named revision, base or heads (REV%+d counts from REV)",
                    spec, rs.from.delta);
            goto done;
        }
        if (revterm_resolve(g, &rs.from, NULL, from, err) < 0)
            goto done;
    }
    if (revterm_resolve(g, &rs.to, from, to, err) < 0)
        goto done;
    rc = 0;
done:
    revspec_release(&rs);
    return rc;
}

/* The range from the resolved ends.  Returns 0, 1 when the range holds
 * nothing to run (err says why), or -1 with a message.  offline says how
 * to name the other direction in a hint. */
static int range_compute(const revgraph *g, const revset *from, const revset *to,
                         bundle_dir want, const char *spec, bool offline,
                         bundle_range *out, strbuf *err)
{
    bool *fa = bundle_applied(g, from);
    bool *ta = bundle_applied(g, to);
    int rc = -1;
    bool to_in_from = true, from_in_to = true;
    for (size_t i = 0; i < g->n; i++) {
        to_in_from = to_in_from && (!ta[i] || fa[i]);
        from_in_to = from_in_to && (!fa[i] || ta[i]);
    }
    strbuf fs = STRBUF_INIT, ts = STRBUF_INIT;
    describe_set(g, from, &fs);
    describe_set(g, to, &ts);
    bundle_dir dir = want;
    if (dir == BUNDLE_AUTO)
        dir = to_in_from && !from_in_to ? BUNDLE_DOWNGRADE : BUNDLE_UPGRADE;
    if (dir == BUNDLE_UPGRADE) {
        if (to_in_from && from_in_to) {
            sb_addf(err, "'%s' holds nothing to upgrade: %s and %s are the same state", spec, fs.buf, ts.buf);
            rc = 1;
        } else if (to_in_from) {
            sb_addf(err, "'%s' goes down from %s to %s; that is a downgrade ('sqlc downgrade %s%s')",
                    spec, fs.buf, ts.buf, spec, offline ? " --sql" : "");
        } else {
            out->end_applied = xcalloc(g->n + 1, sizeof(bool));
            out->steps = xcalloc(g->n + 1, sizeof(int));
            for (size_t i = 0; i < g->n; i++) {
                int ix = g->topo[i];
                out->end_applied[ix] = fa[ix] || ta[ix];
                if (ta[ix] && !fa[ix])
                    out->steps[out->nsteps++] = ix;
            }
            rc = 0;
        }
    } else {
        /* Every TO revision must be applied at FROM. */
        bool bad = false;
        for (size_t i = 0; i < to->n && !bad; i++) {
            if (!fa[to->ix[i]]) {
                sb_addf(err, "'%s' cannot downgrade to %s: it is not applied at %s",
                        spec, g->revs[to->ix[i]]->id, fs.buf);
                bad = true;
            }
        }
        if (!bad) {
            /* undo: applied revisions below which a TO member or an undone
             * revision lies (parents), or that depend on an undone one. */
            bool *undo = xcalloc(g->n + 1, sizeof(bool));
            bool *target = xcalloc(g->n + 1, sizeof(bool));
            for (size_t i = 0; i < to->n; i++)
                target[to->ix[i]] = true;
            for (size_t i = 0; i < g->n; i++) {
                int ix = g->topo[i];
                if (!fa[ix] || target[ix])
                    continue;
                const revision *r = g->revs[ix];
                bool u = to->n == 0;
                for (size_t k = 0; k < r->parents.n && !u; k++)
                    u = target[r->parent_ix[k]] || undo[r->parent_ix[k]];
                for (size_t k = 0; k < r->depends_on.n && !u; k++)
                    u = undo[r->dep_ix[k]];
                undo[ix] = u;
            }
            out->end_applied = xcalloc(g->n + 1, sizeof(bool));
            out->steps = xcalloc(g->n + 1, sizeof(int));
            for (size_t i = g->n; i-- > 0;) {
                int ix = g->topo[i];
                out->end_applied[ix] = fa[ix] && !undo[ix];
                if (undo[ix])
                    out->steps[out->nsteps++] = ix;
            }
            free(undo);
            free(target);
            if (!out->nsteps) {
                sb_addf(err, "'%s' holds nothing to downgrade: nothing applied at %s lies above %s",
                        spec, fs.buf, ts.buf);
                rc = 1;
            } else {
                rc = 0;
            }
        }
    }
    sb_release(&fs);
    sb_release(&ts);
    if (rc == 0) {
        out->dir = dir;
        out->from_applied = fa;
        fa = NULL;
        bundle_rows(g, out->from_applied, &out->start_rows);
        bundle_rows(g, out->end_applied, &out->end_rows);
    } else {
        bundle_range_release(out);
    }
    free(fa);
    free(ta);
    return rc;
}

int bundle_resolve(const revgraph *g, const char *spec, bundle_dir want,
                   bundle_range *out, strbuf *err)
{
    memset(out, 0, sizeof(*out));
    revset from = REVSET_INIT, to = REVSET_INIT;
    int rc = -1;
    if (resolve_ends(g, spec, want, &from, &to, err) == 0)
        rc = range_compute(g, &from, &to, want, spec, true, out, err) == 0 ? 0 : -1;
    revset_clear(&from);
    revset_clear(&to);
    return rc;
}

int bundle_resolve_from(const revgraph *g, const revset *from, const char *target,
                        bundle_dir want, bundle_range *out, strbuf *err)
{
    assert(want != BUNDLE_AUTO);
    memset(out, 0, sizeof(*out));
    /* The rows must be the heads of what they apply, as every step keeps
     * them: a row below another row means the table was edited by hand. */
    bool *fa = bundle_applied(g, from);
    strvec rows = STRVEC_INIT;
    bundle_rows(g, fa, &rows);
    free(fa);
    int rc = -1;
    for (size_t i = 0; i < from->n; i++) {
        const char *id = g->revs[from->ix[i]]->id;
        if (!strvec_has(&rows, id)) {
            sb_addf(err, "the version table holds %s together with a revision that descends from it, so it is not a set of heads", id);
            strvec_clear(&rows);
            return -1;
        }
    }
    strvec_clear(&rows);
    revspec rs;
    if (revspec_parse(target, &rs, err) < 0)
        return -1;
    revset to = REVSET_INIT;
    if (rs.is_range)
        sb_addf(err, "'%s' is a range; online the start is the database's revision, so give only the target (ranges are for --sql)", target);
    else if (revterm_resolve(g, &rs.to, from, &to, err) == 0)
        rc = range_compute(g, from, &to, want, target, false, out, err);
    revset_clear(&to);
    revspec_release(&rs);
    return rc;
}

void bundle_range_release(bundle_range *r)
{
    free(r->from_applied);
    free(r->end_applied);
    free(r->steps);
    strvec_clear(&r->start_rows);
    strvec_clear(&r->end_rows);
    memset(r, 0, sizeof(*r));
}

static bool is_row(const revgraph *g, const bool *cur, int ix)
{
    if (!cur[ix])
        return false;
    const revision *r = g->revs[ix];
    for (size_t k = 0; k < r->nchildren; k++)
        if (cur[r->child_ix[k]])
            return false;
    return true;
}

void bundle_step_rows(const revgraph *g, bool *cur, int ix, bool down,
                      strvec *removed, strvec *added)
{
    const revision *rev = g->revs[ix];
    assert(cur[ix] == down);
    if (!down) {
        for (size_t k = 0; k < rev->parents.n; k++)
            if (is_row(g, cur, rev->parent_ix[k]))
                strvec_push(removed, g->revs[rev->parent_ix[k]]->id);
        cur[ix] = true;
        strvec_push(added, rev->id);
    } else {
        strvec_push(removed, rev->id);
        cur[ix] = false;
        for (size_t k = 0; k < rev->parents.n; k++)
            if (is_row(g, cur, rev->parent_ix[k]))
                strvec_push(added, g->revs[rev->parent_ix[k]]->id);
    }
}
