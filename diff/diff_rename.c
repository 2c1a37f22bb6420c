/* diff_rename: telling a rename from a drop + create, before diffing.
 *
 * Alembic and migra see a renamed column as one column dropped and
 * another added, and the generated script throws the data away.  Here a
 * rename is found first, two ways:
 *   - by annotation: the desired schema says "-- sqlc:renamed-from OLD"
 *     (diff_hints.c); certain, confidence 1;
 *   - by evidence: one object of a kind disappears and one of the same
 *     kind appears in the same place and looks the same: a column with the
 *     same type (plus nullability, default, position), a table with the
 *     same columns, an index, constraint, view, type or function whose
 *     definition differs only in its name, an enum with one label changed
 *     in place.  The score says how much matched; pairs must be each
 *     other's best.  At or above the threshold the rename is used; from
 *     0.5 up it is only reported, as a possible-rename hazard on the drop
 *     and the create, so the data-loss refusal asks a human.
 * Accepted renames are *applied to the "from" catalog* by replaying the
 * ALTER ... RENAME statements through replay, which also rewrites the
 * views, defaults and checks that name the object, exactly as the server
 * does; the diff proper then sees no rename at all.  Top-level objects go
 * first (tables, types, functions, then views, whose text may name a
 * renamed table), then the parts of matched tables and enums, so a column
 * renamed inside a renamed table is found too.  Constraint and index
 * names that differ only in a generated numeric suffix are renamed
 * silently: they are the same object. */
#include "diff_int.h"

#include <ctype.h>
#include <string.h>

#include "replay.h"

typedef struct cand {
    cat_obj *a, *b;
    double score;
    char *evidence;
} cand;

typedef struct cands {
    cand *v;
    size_t n, alloc;
} cands;

/* ---- the statements ---------------------------------------------------------------- */

/* ALTER ... RENAME for o (of "from", still under its old name). */
static void rename_sql(const cat_obj *o, const char *to, strbuf *sb)
{
    const char *what = "TABLE";
    switch (o->kind) {
    case OBJ_REL: {
        char k = ((const cat_rel *)o)->relkind;
        what = k == 'v' ? "VIEW" : k == 'm' ? "MATERIALIZED VIEW" : k == 'S' ? "SEQUENCE" : "TABLE";
        sb_addf(sb, "ALTER %s ", what);
        sqlr_rel_qname(sb, (const cat_rel *)o);
        break;
    }
    case OBJ_TYPE:
        sb_addf(sb, "ALTER %s ", ((const cat_type *)o)->typkind == 'd' ? "DOMAIN" : "TYPE");
        sqlr_qname(sb, diff_schema(o), diff_name(o));
        break;
    case OBJ_FUNCTION:
        sb_addf(sb, "ALTER %s ", ((const cat_func *)o)->prokind == 'p' ? "PROCEDURE" : "FUNCTION");
        sqlr_func_sig(sb, (const cat_func *)o);
        break;
    case OBJ_INDEX:
        sb_adds(sb, "ALTER INDEX ");
        sqlr_qname(sb, diff_schema(o), diff_name(o));
        break;
    case OBJ_COLUMN: case OBJ_CONSTRAINT:
        sb_adds(sb, "ALTER TABLE ");
        sqlr_rel_qname(sb, (const cat_rel *)o->parent);
        sb_adds(sb, o->kind == OBJ_COLUMN ? " RENAME COLUMN " : " RENAME CONSTRAINT ");
        pgident_quote_sb(sb, diff_name(o));
        sb_adds(sb, " TO ");
        pgident_quote_sb(sb, to);
        sb_adds(sb, ";\n");
        return;
    default:
        break;
    }
    sb_adds(sb, " RENAME TO ");
    pgident_quote_sb(sb, to);
    sb_adds(sb, ";\n");
}

/* Replays sql onto "from". */
static int apply(dctx *d, const char *sql, strbuf *err)
{
    srcfile f;
    srcfile_init(&f, "<rename>", xstrdup(sql), strlen(sql));
    diaglist dl = DIAGLIST_INIT;
    replayer rp;
    replayer_init(&rp, d->a, &dl, (replay_opts){0});
    int rc = replay_text(&rp, &f, 0, f.len);
    if (rc < 0) {
        sb_addf(err, "cannot apply the rename \"%.*s\": ", (int)strcspn(sql, "\n;"), sql);
        for (size_t i = 0; i < dl.n; i++)
            if (dl.items[i].sev == DIAG_ERROR) {
                sb_adds(err, dl.items[i].msg);
                break;
            }
    }
    diag_clear(&dl);
    srcfile_release(&f);
    return rc;
}

/* The hazards lint reports for the same rename written by hand: a table
 * or a column of one changes its name under the running application, and
 * function bodies in the desired schema may still use the old name. */
static void rename_hazards(const dctx *d, const cat_obj *b, const char *old, change *c)
{
    const cat_obj *t = b->kind == OBJ_COLUMN ? b->parent : b;
    if (!t || t->kind != OBJ_REL || (((const cat_rel *)t)->relkind != 'r' && ((const cat_rel *)t)->relkind != 'p'))
        return;
    if (b->kind != OBJ_REL && b->kind != OBJ_COLUMN)
        return;
    change_hazard(c, HZ_RENAME_CLIENTS);
    strvec funcs = STRVEC_INIT;
    if (stale_function_bodies(d->b, (const cat_rel *)t, b->kind == OBJ_REL ? old : NULL,
                              b->kind == OBJ_COLUMN ? old : NULL, &funcs)) {
        change_hazard(c, HZ_RENAME_FUNCTIONS);
        strbuf sb = STRBUF_INIT;
        sb_addf(&sb, "%s; the body of", c->detail);
        for (size_t i = 0; i < funcs.n; i++)
            sb_addf(&sb, "%s %s", i ? "," : "", funcs.v[i]);
        sb_addf(&sb, " still use%s the old name", funcs.n == 1 ? "s" : "");
        free(c->detail);
        c->detail = sb_detach(&sb);
    }
    strvec_clear(&funcs);
}

/* Records and applies one rename (a of "from" becomes b's name). */
static int do_rename(dctx *d, cat_obj *a, cat_obj *b, double score, const char *evidence,
                     bool silent, strbuf *err)
{
    strbuf fwd = STRBUF_INIT;
    rename_sql(a, diff_name(b), &fwd);
    char *old = xstrdup(diff_name(a));
    int rc = apply(d, fwd.buf, err);
    d->stale_keys = true;
    if (rc == 0 && !silent) {
        change *c = diff_add(d, CH_RENAME, NULL, b, PH_DROP);
        c->b = NULL; /* renames order themselves: first, as found */
        c->detail = xasprintf("renamed from %s", old);
        rename_hazards(d, b, old, c);
        c->confidence = score;
        c->evidence = xstrdup(evidence);
        strvec_push(&c->sql, fwd.buf);
        strbuf rev = STRBUF_INIT;
        rename_sql(a, old, &rev); /* a now carries the new name */
        strvec_push_nodup(&c->reverse, sb_detach(&rev));
    }
    free(old);
    sb_release(&fwd);
    return rc;
}

/* ---- evidence ---------------------------------------------------------------------- */

static bool unmatched(const dctx *d, const cat_obj *o, bool in_b)
{
    return !diff_ignored(o) && !diff_counterpart(d, o, !in_b);
}

/* The definition of a with b's name: equal texts mean "b is a renamed". */
static bool same_but_name(dctx *d, cat_obj *a, cat_obj *b)
{
    char **slot = NULL, **ident = NULL;
    switch (a->kind) {
    case OBJ_REL: slot = &((cat_rel *)a)->name; break;
    case OBJ_TYPE: slot = &((cat_type *)a)->name; break;
    case OBJ_INDEX: slot = &((cat_index *)a)->name; break;
    case OBJ_CONSTRAINT: slot = &((cat_constraint *)a)->name; break;
    case OBJ_FUNCTION:
        slot = &((cat_func *)a)->name;
        ident = &((cat_func *)a)->identity;
        break;
    default: return false;
    }
    char *saved = *slot, *saved_ident = ident ? *ident : NULL;
    *slot = (char *)diff_name(b);
    if (ident)
        *ident = ((cat_func *)b)->identity;
    char *sa = diff_signature(d, a, false);
    *slot = saved;
    if (ident)
        *ident = saved_ident;
    char *sb = diff_signature(d, b, true);
    bool eq = !strcmp(sa, sb);
    free(sa);
    free(sb);
    return eq;
}

static double table_score(const cat_rel *a, const cat_rel *b)
{
    if (!a->ncols || !b->ncols)
        return 0;
    size_t common = 0;
    for (size_t i = 0; i < a->ncols; i++) {
        const cat_column *cb = cat_column_get(b, a->cols[i]->name);
        if (cb && str_eq(cb->type, a->cols[i]->type))
            common++;
    }
    return (double)common / (double)(a->ncols > b->ncols ? a->ncols : b->ncols);
}

static size_t col_pos(const cat_column *c)
{
    const cat_rel *r = (const cat_rel *)c->obj.parent;
    for (size_t i = 0; i < r->ncols; i++)
        if (r->cols[i] == c)
            return i;
    return (size_t)-1;
}

static double column_score(const cat_column *a, const cat_column *b, strbuf *why)
{
    if (!str_eq(a->type, b->type) || !str_eq(a->collation, b->collation)
        || !str_eq(a->generated, b->generated) || a->identity != b->identity)
        return 0;
    double s = 0.55;
    sb_addf(why, "same type %s", a->type);
    if (a->not_null == b->not_null) {
        s += 0.15;
        sb_adds(why, ", same nullability");
    }
    if (str_eq(a->default_expr, b->default_expr)) {
        s += 0.15;
        sb_adds(why, ", same default");
    }
    if (col_pos(a) == col_pos(b)) {
        s += 0.15;
        sb_addf(why, ", same position (%zu)", col_pos(a) + 1);
    }
    return s;
}

static void push(cands *cs, cat_obj *a, cat_obj *b, double score, char *evidence)
{
    ALLOC_GROW(cs->v, cs->n + 1, cs->alloc);
    cs->v[cs->n++] = (cand){a, b, score, evidence};
}

/* Keeps the pairs that are each other's best (ties: neither), then
 * renames those at or above the threshold and remembers the rest. */
static int settle(dctx *d, cands *cs, strbuf *err)
{
    double th = d->o->rename_threshold > 0 ? d->o->rename_threshold : DIFF_RENAME_THRESHOLD;
    int rc = 0;
    for (size_t i = 0; i < cs->n && rc == 0; i++) {
        cand *c = &cs->v[i];
        bool best = true;
        for (size_t j = 0; j < cs->n; j++)
            if (j != i && (cs->v[j].a == c->a || cs->v[j].b == c->b) && cs->v[j].score >= c->score)
                best = false;
        if (!best || c->score < 0.5)
            continue;
        if (c->score >= th && !d->o->no_rename_detection) {
            rc = do_rename(d, c->a, c->b, c->score, c->evidence, false, err);
        } else {
            ALLOC_GROW(d->poss, d->nposs + 1, d->poss_alloc);
            d->poss[d->nposs++] = (struct possible_rename){c->a, c->b,
                xasprintf("%s %s (score %.2f: %s)", diff_kind(c->a), diff_name(c->a), c->score, c->evidence), c->score};
        }
    }
    for (size_t i = 0; i < cs->n; i++)
        free(cs->v[i].evidence);
    free(cs->v);
    memset(cs, 0, sizeof(*cs));
    return rc;
}

/* ---- hints --------------------------------------------------------------------------- */

static bool hint_kind_matches(const rename_hint *h, const cat_obj *o)
{
    const char *k = diff_kind(o);
    if (!strcmp(h->kind, "table"))
        return !strcmp(k, "table");
    if (!strcmp(h->kind, "view"))
        return !strcmp(k, "view") || !strcmp(k, "materialized view");
    if (!strcmp(h->kind, "type"))
        return o->kind == OBJ_TYPE;
    if (!strcmp(h->kind, "function"))
        return o->kind == OBJ_FUNCTION;
    return !strcmp(h->kind, k);
}

/* Applies the hints of one level (top-level objects, or parts). */
static int apply_hints(dctx *d, bool parts, cat_obj **bv, size_t bn, cat_obj **av, size_t an, strbuf *err)
{
    const rename_hints *hs = d->o->hints;
    for (size_t i = 0; hs && i < hs->n; i++) {
        const rename_hint *h = &hs->v[i];
        bool is_part = h->parent != NULL;
        if (is_part != parts || !strcmp(h->kind, "enum value"))
            continue;
        for (size_t j = 0; j < bn; j++) {
            cat_obj *b = bv[j];
            if (!b || !hint_kind_matches(h, b) || strcmp(diff_name(b), h->name) || strcmp(diff_schema(b), h->schema))
                continue;
            if (parts && strcmp(diff_name(b->parent), h->parent))
                continue;
            if (!unmatched(d, b, true))
                break; /* already has its name on both sides: applied before */
            for (size_t k = 0; k < an; k++) {
                cat_obj *a = av[k];
                if (!a || a->kind != b->kind || strcmp(diff_name(a), h->from) || strcmp(diff_schema(a), h->schema))
                    continue;
                if (parts && strcmp(diff_name(a->parent), h->parent))
                    continue;
                if (!unmatched(d, a, false))
                    continue;
                char *ev = xasprintf("annotation at %s", h->where);
                int rc = do_rename(d, a, b, 1.0, ev, false, err);
                free(ev);
                if (rc < 0)
                    return -1;
                av[k] = NULL;
                bv[j] = NULL;
                break;
            }
            break;
        }
    }
    return 0;
}

/* ---- top-level objects ----------------------------------------------------------------- */

typedef struct objvec {
    cat_obj **v;
    size_t n, alloc;
    const dctx *d;
    bool in_b;
    int level; /* 0: tables, types, functions; 1: views */
} objvec;

static void collect_top(cat_obj *o, void *ctx)
{
    objvec *ov = ctx;
    bool view = o->kind == OBJ_REL && (((cat_rel *)o)->relkind == 'v' || ((cat_rel *)o)->relkind == 'm');
    bool top = o->kind == OBJ_TYPE || o->kind == OBJ_FUNCTION
               || (o->kind == OBJ_REL && ((cat_rel *)o)->relkind != 'S');
    if (!top || view != (ov->level == 1) || !unmatched(ov->d, o, ov->in_b))
        return;
    ALLOC_GROW(ov->v, ov->n + 1, ov->alloc);
    ov->v[ov->n++] = o;
}

static void reindex(dctx *d);

static int top_level(dctx *d, int level, strbuf *err)
{
    objvec av = {NULL, 0, 0, d, false, level}, bv = {NULL, 0, 0, d, true, level};
    cat_foreach(d->a, collect_top, &av);
    cat_foreach(d->b, collect_top, &bv);
    int rc = apply_hints(d, false, bv.v, bv.n, av.v, av.n, err);
    cands cs = {0};
    for (size_t i = 0; rc == 0 && i < bv.n; i++) {
        cat_obj *b = bv.v[i];
        for (size_t j = 0; b && j < av.n; j++) {
            cat_obj *a = av.v[j];
            if (!a || a->kind != b->kind || strcmp(diff_schema(a), diff_schema(b)) || strcmp(diff_kind(a), diff_kind(b)))
                continue;
            if (a->kind == OBJ_REL && (((cat_rel *)a)->relkind == 'r' || ((cat_rel *)a)->relkind == 'p')) {
                double s = table_score((cat_rel *)a, (cat_rel *)b);
                if (s > 0)
                    push(&cs, a, b, s, xasprintf("%.0f%% of the columns match by name and type", s * 100));
            } else if (same_but_name(d, a, b)) {
                push(&cs, a, b, 1.0, xstrdup("identical definition"));
            }
        }
    }
    if (rc == 0)
        rc = settle(d, &cs, err);
    free(av.v);
    free(bv.v);
    if (rc == 0)
        reindex(d);
    return rc;
}

/* ---- parts of matched tables and enums ---------------------------------------------------- */

/* "users_email_key1" vs "users_email_key": the server's collision suffix. */
static bool differ_by_suffix(const char *x, const char *y)
{
    size_t lx = strlen(x), ly = strlen(y);
    while (lx && isdigit((unsigned char)x[lx - 1]))
        lx--;
    while (ly && isdigit((unsigned char)y[ly - 1]))
        ly--;
    return lx == ly && !strncmp(x, y, lx);
}

/* The sequence OWNED BY col (a serial's), or NULL. */
static cat_rel *owned_seq_of(const cat_column *col)
{
    /* The column's default reads it: that dependency leads to it. */
    for (size_t i = 0; i < col->obj.ndeps; i++) {
        cat_obj *t = col->obj.deps[i].target;
        if (t->kind == OBJ_REL && ((cat_rel *)t)->relkind == 'S' && ((cat_rel *)t)->owned_by == col)
            return (cat_rel *)t;
    }
    return NULL;
}

/* A renamed table keeps its serials' sequences under their old names;
 * when both sides own one per column, the sequence was renamed too. */
static int owned_sequences(dctx *d, cat_rel *rb, strbuf *err)
{
    for (size_t i = 0; i < rb->ncols; i++) {
        cat_column *cb = rb->cols[i], *ca = (cat_column *)diff_counterpart(d, &cb->obj, false);
        if (!ca)
            continue;
        cat_rel *sa = owned_seq_of(ca), *sb = owned_seq_of(cb);
        if (!sa || !sb || !unmatched(d, &sa->obj, false) || !unmatched(d, &sb->obj, true))
            continue;
        char *ev = xasprintf("owned by the same column %s", cb->name);
        int rc = do_rename(d, &sa->obj, &sb->obj, 1.0, ev, false, err);
        free(ev);
        if (rc < 0)
            return -1;
        reindex(d);
    }
    return 0;
}

static int parts_of(dctx *d, cat_rel *ra, cat_rel *rb, strbuf *err)
{
    /* Columns. */
    cat_obj **av = xcalloc(ra->ncols + 1, sizeof(cat_obj *));
    cat_obj **bv = xcalloc(rb->ncols + 1, sizeof(cat_obj *));
    size_t an = 0, bn = 0;
    for (size_t i = 0; i < ra->ncols; i++)
        if (unmatched(d, &ra->cols[i]->obj, false))
            av[an++] = &ra->cols[i]->obj;
    for (size_t i = 0; i < rb->ncols; i++)
        if (unmatched(d, &rb->cols[i]->obj, true))
            bv[bn++] = &rb->cols[i]->obj;
    int rc = apply_hints(d, true, bv, bn, av, an, err);
    cands cs = {0};
    for (size_t i = 0; rc == 0 && i < bn; i++)
        for (size_t j = 0; bv[i] && j < an; j++) {
            if (!av[j])
                continue;
            strbuf why = STRBUF_INIT;
            double s = column_score((cat_column *)av[j], (cat_column *)bv[i], &why);
            if (s > 0)
                push(&cs, av[j], bv[i], s, sb_detach(&why));
            sb_release(&why);
        }
    if (rc == 0)
        rc = settle(d, &cs, err);
    free(av);
    free(bv);
    if (rc == 0) {
        reindex(d);
        rc = owned_sequences(d, rb, err);
    }
    /* Constraints and indexes: same definition, other name. */
    for (int pass = 0; pass < 2 && rc == 0; pass++) {
        size_t na = pass ? ra->nidx : ra->ncons, nb = pass ? rb->nidx : rb->ncons;
        for (size_t i = 0; i < nb && rc == 0; i++) {
            cat_obj *b = pass ? &rb->idx[i]->obj : &rb->cons[i]->obj;
            if (!unmatched(d, b, true))
                continue;
            for (size_t j = 0; j < na; j++) {
                cat_obj *a = pass ? &ra->idx[j]->obj : &ra->cons[j]->obj;
                if (!unmatched(d, a, false) || !same_but_name(d, a, b))
                    continue;
                bool silent = differ_by_suffix(diff_name(a), diff_name(b));
                rc = do_rename(d, a, b, 1.0, "identical definition", silent, err);
                reindex(d);
                break;
            }
        }
    }
    return rc;
}

static int enum_labels(dctx *d, cat_type *a, cat_type *b, strbuf *err)
{
    const rename_hints *hs = d->o->hints;
    for (size_t i = 0; hs && i < hs->n; i++) {
        const rename_hint *h = &hs->v[i];
        if (strcmp(h->kind, "enum value") || strcmp(h->parent, b->name) || strcmp(h->schema, b->schema->name))
            continue;
        if (!strvec_has(&a->labels, h->from) || strvec_has(&a->labels, h->name) || !strvec_has(&b->labels, h->name))
            continue;
        char *ev = xasprintf("annotation at %s", h->where);
        int rc = 0;
        strbuf sb = STRBUF_INIT;
        sb_adds(&sb, "ALTER TYPE ");
        sqlr_qname(&sb, a->schema->name, a->name);
        sb_adds(&sb, " RENAME VALUE ");
        sqlr_literal(&sb, h->from);
        sb_adds(&sb, " TO ");
        sqlr_literal(&sb, h->name);
        sb_adds(&sb, ";\n");
        if ((rc = apply(d, sb.buf, err)) == 0) {
            d->stale_keys = true;
            change *c = diff_add(d, CH_RENAME, NULL, &b->obj, PH_DROP);
            c->b = NULL;
            c->kind = "enum value";
            c->detail = xasprintf("value '%s' renamed to '%s'", h->from, h->name);
            c->confidence = 1.0;
            c->evidence = ev;
            ev = NULL;
            strvec_push(&c->sql, sb.buf);
            sb_reset(&sb);
            sb_adds(&sb, "ALTER TYPE ");
            sqlr_qname(&sb, a->schema->name, a->name);
            sb_adds(&sb, " RENAME VALUE ");
            sqlr_literal(&sb, h->name);
            sb_adds(&sb, " TO ");
            sqlr_literal(&sb, h->from);
            sb_adds(&sb, ";\n");
            strvec_push(&c->reverse, sb.buf);
        }
        sb_release(&sb);
        free(ev);
        if (rc < 0)
            return -1;
    }
    return 0;
}

typedef struct pairs {
    dctx *d;
    strbuf *err;
    int rc;
} pairs;

static void part_pairs(cat_obj *o, void *ctx)
{
    pairs *p = ctx;
    if (p->rc < 0 || diff_ignored(o))
        return;
    cat_obj *b = diff_counterpart(p->d, o, true);
    if (!b)
        return;
    if (o->kind == OBJ_REL && (((cat_rel *)o)->relkind == 'r' || ((cat_rel *)o)->relkind == 'p'))
        p->rc = parts_of(p->d, (cat_rel *)o, (cat_rel *)b, p->err);
    else if (o->kind == OBJ_TYPE && ((cat_type *)o)->typkind == 'e')
        p->rc = enum_labels(p->d, (cat_type *)o, (cat_type *)b, p->err);
}

static void reindex_one(cat_obj *o, void *ctx)
{
    if (diff_ignored(o))
        return;
    char *k = diff_key(o);
    hm_put(ctx, k, o);
    free(k);
}

/* Rebuilds the "from" keys after renames (only then: it walks the
 * whole catalog). */
static void reindex(dctx *d)
{
    if (!d->stale_keys)
        return;
    hm_clear(&d->akeys);
    cat_foreach(d->a, reindex_one, &d->akeys);
    d->stale_keys = false;
}

int diff_renames(dctx *d, strbuf *err)
{
    if (top_level(d, 0, err) < 0 || top_level(d, 1, err) < 0)
        return -1;
    pairs p = {d, err, 0};
    cat_foreach(d->a, part_pairs, &p);
    if (p.rc == 0)
        reindex(d);
    return p.rc;
}
