/* diff: the driver (see diff.h for the pipeline).
 *
 * Objects pair up by an identity key built from kind, schema and names
 * (functions add their argument types), so "the same object" means what
 * it means to PostgreSQL.  Every object not paired is dropped or created;
 * every pair goes to diff_objects.c.  Children follow their owner: the
 * columns of a created table come with its CREATE TABLE, and nothing owned
 * by a dropped table is dropped separately.
 *
 * A rebuild (drop + create of one object) spreads to whatever depends on
 * it in the "from" catalog, using the catalog's pg_depend-like pointers;
 * column defaults that read a rebuilt function are dropped before and set
 * again after instead, because a column cannot be rebuilt without losing
 * data, and a type that columns use is never rebuilt at all: that is
 * refused with a message, not attempted. */
#include "diff_int.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

bool str_eq(const char *a, const char *b)
{
    return a == b || (a && b && !strcmp(a, b));
}

void sv_add_stmt(strvec *sv, strbuf *sb)
{
    sb_adds(sb, ";\n");
    strvec_push_nodup(sv, sb_detach(sb));
}

/* ---- identity ------------------------------------------------------------------- */

const char *diff_schema(const cat_obj *o)
{
    switch (o->kind) {
    case OBJ_REL: return ((const cat_rel *)o)->schema->name;
    case OBJ_TYPE: return ((const cat_type *)o)->schema->name;
    case OBJ_FUNCTION: return ((const cat_func *)o)->schema->name;
    default: return o->parent ? diff_schema(o->parent) : "";
    }
}

static const char *obj_name(const cat_obj *o);

const char *diff_name(const cat_obj *o)
{
    return o->kind == OBJ_FUNCTION ? ((const cat_func *)o)->name : obj_name(o);
}

static const char *obj_name(const cat_obj *o)
{
    switch (o->kind) {
    case OBJ_SCHEMA: return ((const cat_schema *)o)->name;
    case OBJ_REL: return ((const cat_rel *)o)->name;
    case OBJ_COLUMN: return ((const cat_column *)o)->name;
    case OBJ_CONSTRAINT: return ((const cat_constraint *)o)->name;
    case OBJ_INDEX: return ((const cat_index *)o)->name;
    case OBJ_TRIGGER: return ((const cat_trigger *)o)->name;
    case OBJ_POLICY: return ((const cat_policy *)o)->name;
    case OBJ_TYPE: return ((const cat_type *)o)->name;
    case OBJ_FUNCTION: return ((const cat_func *)o)->identity;
    case OBJ_EXTENSION: return ((const cat_extension *)o)->name;
    }
    return "";
}

char *diff_key(const cat_obj *o)
{
    switch (o->kind) {
    case OBJ_SCHEMA: return xasprintf("S\x1f%s", obj_name(o));
    case OBJ_EXTENSION: return xasprintf("E\x1f%s", obj_name(o));
    case OBJ_TYPE: return xasprintf("T\x1f%s\x1f%s", diff_schema(o), obj_name(o));
    case OBJ_FUNCTION: return xasprintf("F\x1f%s\x1f%s", diff_schema(o), obj_name(o));
    case OBJ_REL: return xasprintf("R\x1f%s\x1f%s", diff_schema(o), obj_name(o));
    /* Index names share the schema's pg_class namespace. */
    case OBJ_INDEX: return xasprintf("I\x1f%s\x1f%s", diff_schema(o), obj_name(o));
    default: break;
    }
    char *pk = diff_key(o->parent);
    char tag = o->kind == OBJ_COLUMN ? 'c' : o->kind == OBJ_CONSTRAINT ? 'k'
             : o->kind == OBJ_TRIGGER ? 't' : 'p';
    char *k = xasprintf("%s\x1f%c%s", pk, tag, obj_name(o));
    free(pk);
    return k;
}

const char *diff_kind(const cat_obj *o)
{
    switch (o->kind) {
    case OBJ_SCHEMA: return "schema";
    case OBJ_EXTENSION: return "extension";
    case OBJ_COLUMN: return o->parent->kind == OBJ_TYPE ? "attribute" : "column";
    case OBJ_CONSTRAINT: return "constraint";
    case OBJ_INDEX: return "index";
    case OBJ_TRIGGER: return "trigger";
    case OBJ_POLICY: return "policy";
    case OBJ_FUNCTION: {
        char k = ((const cat_func *)o)->prokind;
        return k == 'p' ? "procedure" : k == 'a' ? "aggregate" : "function";
    }
    case OBJ_TYPE:
        switch (((const cat_type *)o)->typkind) {
        case 'e': return "enum";
        case 'd': return "domain";
        case 'r': return "range";
        default: return "type";
        }
    case OBJ_REL:
        switch (((const cat_rel *)o)->relkind) {
        case 'v': return "view";
        case 'm': return "materialized view";
        case 'S': return "sequence";
        default: return "table";
        }
    }
    return "object";
}

char *diff_display(const cat_obj *o)
{
    strbuf sb = STRBUF_INIT;
    switch (o->kind) {
    case OBJ_SCHEMA: case OBJ_EXTENSION:
        pgident_quote_sb(&sb, obj_name(o));
        break;
    case OBJ_FUNCTION:
        sqlr_func_sig(&sb, (const cat_func *)o);
        break;
    case OBJ_REL: case OBJ_TYPE: case OBJ_INDEX:
        sqlr_qname(&sb, diff_schema(o), obj_name(o));
        break;
    default: {
        char *p = diff_display(o->parent);
        sb_addf(&sb, "%s.", p);
        free(p);
        pgident_quote_sb(&sb, obj_name(o));
    }
    }
    return sb_detach(&sb);
}

bool diff_ignored(const cat_obj *o)
{
    for (const cat_obj *p = o; p; p = p->parent)
        if (p->ext)
            return true;
    const cat_rel *r = o->parent && o->parent->kind == OBJ_REL ? (const cat_rel *)o->parent : NULL;
    switch (o->kind) {
    case OBJ_COLUMN:
        /* Composite attributes are part of their type; inherited columns
         * and a partition's columns come from the parent. */
        return !r || !((const cat_column *)o)->is_local || r->partition_of;
    case OBJ_CONSTRAINT: {
        const cat_constraint *k = (const cat_constraint *)o;
        return !r || !k->is_local || sqlp_partition_copy_con(r, k);
    }
    case OBJ_INDEX: {
        const cat_index *ix = (const cat_index *)o;
        return ix->constraint || sqlp_partition_copy_index(r, ix);
    }
    case OBJ_TRIGGER:
        return sqlp_partition_copy_trigger(r, (const cat_trigger *)o);
    case OBJ_REL:
        return ((const cat_rel *)o)->identity_seq;
    case OBJ_FUNCTION:
        return ((const cat_func *)o)->prokind == 'a'; /* not modelled */
    default:
        return false;
    }
}

cat_obj *diff_counterpart(const dctx *d, const cat_obj *o, bool in_b)
{
    char *k = diff_key(o);
    cat_obj *r = hm_get(in_b ? &d->bkeys : &d->akeys, k);
    free(k);
    return r;
}

static void index_keys(const catalog *c, hashmap *m);

static void put_key(cat_obj *o, void *ctx)
{
    if (diff_ignored(o))
        return;
    char *k = diff_key(o);
    hm_put(ctx, k, o);
    free(k);
}

static void index_keys(const catalog *c, hashmap *m)
{
    hm_clear(m);
    cat_foreach(c, put_key, m);
}

/* ---- changes ----------------------------------------------------------------------- */

change *diff_add(dctx *d, char op, const cat_obj *a, const cat_obj *b, int phase)
{
    change *c = xcalloc(1, sizeof(*c));
    const cat_obj *o = b ? b : a;
    c->op = op;
    c->kind = diff_kind(o);
    c->object = diff_display(o);
    const cat_obj *top = o;
    while (top->parent && top->parent->kind != OBJ_SCHEMA)
        top = top->parent;
    char *tn = diff_display(top);
    c->group = xasprintf("%s %s", diff_kind(top), tn);
    free(tn);
    c->phase = phase;
    c->a = (cat_obj *)a;
    c->b = (cat_obj *)b;
    ALLOC_GROW(d->cs->v, d->cs->n + 1, d->cs->alloc);
    d->cs->v[d->cs->n++] = c;
    return c;
}

void change_hazard(change *c, hazard h)
{
    c->hazards |= 1u << h;
}

static const dep_list *dependents(const dctx *d, const cat_obj *o);

static void mark(hashmap *m, const cat_obj *o, size_t ix)
{
    char key[32];
    snprintf(key, sizeof(key), "%p", (const void *)o);
    hm_put(m, key, (void *)(ix + 1));
}

void diff_index_change(dctx *d, size_t ix)
{
    const change *c = d->cs->v[ix];
    if (c->op == CH_DROP)
        mark(&d->dropped, c->a, ix);
    else if (c->op == CH_CREATE)
        mark(&d->created, c->b, ix);
    else {
        if (c->a)
            mark(&d->altered_a, c->a, ix);
        if (c->b)
            mark(&d->altered_b, c->b, ix);
    }
}

static bool is_marked(const hashmap *m, const cat_obj *o)
{
    char key[32];
    snprintf(key, sizeof(key), "%p", (const void *)o);
    return hm_get(m, key) != NULL;
}

bool diff_is_dropped(const dctx *d, const cat_obj *o)
{
    return is_marked(&d->dropped, o);
}

/* Objects whose owner is gone or new are handled with the owner. */
static const cat_obj *owner_of(const cat_obj *o)
{
    if (o->kind == OBJ_REL) {
        /* A sequence OWNED BY a column goes when the column goes, a
         * partition when its partitioned table goes. */
        const cat_rel *r = (const cat_rel *)o;
        if (r->partition_of)
            return &r->partition_of->obj;
        return r->owned_by ? &r->owned_by->obj : NULL;
    }
    return o->kind == OBJ_SCHEMA || o->kind == OBJ_EXTENSION || o->kind == OBJ_TYPE
        || o->kind == OBJ_FUNCTION ? NULL : o->parent;
}

/* "CREATE INDEX x" -> "CREATE INDEX CONCURRENTLY x" (and DROP alike). */
static void concurrently(strvec *sv, const char *word)
{
    for (size_t i = 0; i < sv->n; i++) {
        char *at = strstr(sv->v[i], word);
        if (!at || at != sv->v[i] + strcspn(sv->v[i], "I"))
            continue;
        size_t pre = (size_t)(at - sv->v[i]) + strlen(word);
        char *s = xasprintf("%.*sCONCURRENTLY %s", (int)pre, sv->v[i], sv->v[i] + pre);
        free(sv->v[i]);
        sv->v[i] = s;
        return;
    }
}

/* An index of a table that stays (its rows are there to scan). */
static bool on_existing_table(const dctx *d, const cat_obj *o, bool in_b)
{
    return o->parent && o->parent->kind == OBJ_REL && diff_counterpart(d, o->parent, !in_b)
           && !is_marked(in_b ? &d->created : &d->dropped, o->parent);
}

static void add_drop(dctx *d, cat_obj *a, const char *detail)
{
    change *c = diff_add(d, CH_DROP, a, NULL, PH_DROP);
    diff_render_drop(a, &c->sql);
    if (a->kind == OBJ_INDEX && d->o->concurrently && on_existing_table(d, a, false)) {
        concurrently(&c->sql, "INDEX ");
        c->notx = true;
        change_hazard(c, HZ_NOT_IN_TRANSACTION);
    }
    diff_render(d, a, false, &c->reverse);
    if (detail)
        c->detail = xstrdup(detail);
    if (a->kind == OBJ_REL && ((cat_rel *)a)->relkind != 'v' && ((cat_rel *)a)->relkind != 'm')
        change_hazard(c, HZ_DATA_LOSS);
    if (a->kind == OBJ_COLUMN || (a->kind == OBJ_TYPE && ((cat_type *)a)->typkind == 'e'))
        change_hazard(c, HZ_DATA_LOSS);
    diff_index_change(d, d->cs->n - 1);
}

/* ADD CONSTRAINT ... NOT VALID (a brief lock, no scan), then VALIDATE,
 * which scans under SHARE UPDATE EXCLUSIVE while writes go on. */
static void validate_later(change *c, const cat_constraint *k)
{
    for (size_t i = 0; i < c->sql.n; i++) {
        char *s = c->sql.v[i];
        if (!strstr(s, "ADD CONSTRAINT "))
            continue;
        size_t n = strlen(s);
        while (n && (s[n - 1] == '\n' || s[n - 1] == ';'))
            n--;
        c->sql.v[i] = xasprintf("%.*s NOT VALID;\n", (int)n, s);
        free(s);
        strbuf sb = STRBUF_INIT;
        sb_adds(&sb, "ALTER TABLE ");
        sqlr_rel_qname(&sb, (const cat_rel *)k->obj.parent);
        sb_adds(&sb, " VALIDATE CONSTRAINT ");
        pgident_quote_sb(&sb, k->name);
        sb_adds(&sb, ";\n");
        /* After the ADD, before its COMMENT. */
        strvec rest = STRVEC_INIT;
        for (size_t j = i + 1; j < c->sql.n; j++)
            strvec_push(&rest, c->sql.v[j]);
        while (c->sql.n > i + 1)
            free(c->sql.v[--c->sql.n]);
        strvec_push_nodup(&c->sql, sb_detach(&sb));
        for (size_t j = 0; j < rest.n; j++)
            strvec_push(&c->sql, rest.v[j]);
        strvec_clear(&rest);
        return;
    }
}

static void add_create(dctx *d, cat_obj *b, const char *detail)
{
    change *c = diff_add(d, CH_CREATE, NULL, b, PH_CREATE);
    diff_render(d, b, true, &c->sql);
    diff_render_drop(b, &c->reverse);
    if (detail)
        c->detail = xstrdup(detail);
    bool existing = on_existing_table(d, b, true);
    if (b->kind == OBJ_INDEX && d->o->concurrently && existing) {
        /* Writes go on while the index builds; it cannot run in a
         * transaction block. */
        concurrently(&c->sql, "INDEX ");
        c->notx = true;
        change_hazard(c, HZ_NOT_IN_TRANSACTION);
    } else if (existing && (b->kind == OBJ_INDEX || (b->kind == OBJ_CONSTRAINT && ((cat_constraint *)b)->index))) {
        change_hazard(c, HZ_INDEX_BUILD); /* a new table has no rows to wait on */
    }
    if (b->kind == OBJ_CONSTRAINT && existing && !((cat_constraint *)b)->not_valid
        && (((cat_constraint *)b)->type == CON_FOREIGN || ((cat_constraint *)b)->type == CON_CHECK)) {
        if (d->o->online)
            validate_later(c, (cat_constraint *)b);
        else
            change_hazard(c, HZ_CONSTRAINT_VALIDATION); /* as lint says of the same statement */
    }
    diff_index_change(d, d->cs->n - 1);
}

/* ---- dependents ------------------------------------------------------------------------- */

static void note_dep(cat_obj *o, void *ctx)
{
    hashmap *m = ctx;
    for (size_t i = 0; i < o->ndeps; i++) {
        char key[32];
        snprintf(key, sizeof(key), "%p", (void *)o->deps[i].target);
        dep_list *l = hm_get(m, key);
        if (!l) {
            l = xcalloc(1, sizeof(*l));
            hm_put(m, key, l);
        }
        ALLOC_GROW(l->v, l->n + 1, l->alloc);
        l->v[l->n++] = o;
    }
}

void diff_mark_altered(dctx *d, const cat_obj *a, size_t ix)
{
    mark(&d->altered_a, a, ix);
}

const dep_list *diff_dependents(const dctx *d, const cat_obj *o)
{
    return dependents(d, o);
}

static const dep_list *dependents(const dctx *d, const cat_obj *o)
{
    char key[32];
    snprintf(key, sizeof(key), "%p", (const void *)o);
    return hm_get(&d->rdeps, key);
}

/* A dependent that is a column: its default (or generated expression)
 * reads the rebuilt object.  The default goes before and comes back after. */
static void default_around(dctx *d, cat_column *col, const char *why)
{
    cat_column *nb = (cat_column *)diff_counterpart(d, &col->obj, true);
    if (!nb || !col->default_expr || is_marked(&d->altered_a, &col->obj))
        return;
    const cat_rel *ra = (const cat_rel *)col->obj.parent;
    strbuf sb = STRBUF_INIT;
    change *c = diff_add(d, CH_ALTER, &col->obj, NULL, PH_DROP);
    c->detail = xasprintf("default dropped while %s is rebuilt", why);
    sb_adds(&sb, "ALTER TABLE ");
    sqlr_rel_qname(&sb, ra);
    sb_adds(&sb, " ALTER COLUMN ");
    pgident_quote_sb(&sb, col->name);
    sb_adds(&sb, " DROP DEFAULT");
    sv_add_stmt(&c->sql, &sb);
    diff_index_change(d, d->cs->n - 1);
    if (!nb->default_expr)
        return;
    c = diff_add(d, CH_ALTER, NULL, &nb->obj, PH_CREATE);
    c->detail = xasprintf("default restored after %s is rebuilt", why);
    sb_adds(&sb, "ALTER TABLE ");
    sqlr_rel_qname(&sb, (const cat_rel *)nb->obj.parent);
    sb_adds(&sb, " ALTER COLUMN ");
    pgident_quote_sb(&sb, nb->name);
    sb_addf(&sb, " SET DEFAULT %s", nb->default_expr);
    sv_add_stmt(&c->sql, &sb);
    diff_index_change(d, d->cs->n - 1);
}

static void rebuild_dependents_of(dctx *d, const cat_obj *o, const char *why, bool views_only);

/* The object that stands for o in the change list: an index owned by a
 * constraint is rebuilt through its constraint. */
static cat_obj *representative(cat_obj *o)
{
    if (o->kind == OBJ_INDEX && ((cat_index *)o)->constraint)
        return &((cat_index *)o)->constraint->obj;
    return o;
}

static void rebuild_one(dctx *d, cat_obj *y, const char *why, bool views_only)
{
    y = representative(y);
    if (is_marked(&d->dropped, y))
        return;
    for (const cat_obj *p = owner_of(y); p; p = owner_of(p))
        if (is_marked(&d->dropped, p))
            return; /* goes with its owner */
    if (y->kind == OBJ_COLUMN) {
        if (!views_only)
            default_around(d, (cat_column *)y, why);
        return;
    }
    if (views_only && !(y->kind == OBJ_REL || y->kind == OBJ_POLICY || y->kind == OBJ_TRIGGER))
        return; /* ALTER COLUMN TYPE rebuilds indexes and constraints itself */
    if (diff_ignored(y) || !diff_counterpart(d, y, true))
        return; /* gone on the other side: its own drop covers it */
    if (y->kind == OBJ_REL && (((cat_rel *)y)->relkind == 'r' || ((cat_rel *)y)->relkind == 'p')) {
        if (!d->err.len) {
            char *s = diff_display(y);
            sb_addf(&d->err, "cannot rebuild %s: table %s depends on it and would lose its data; write this change by hand",
                    why, s);
            free(s);
        }
        return;
    }
    diff_rebuild(d, y, why);
}

static void rebuild_dependents_of(dctx *d, const cat_obj *o, const char *why, bool views_only)
{
    const dep_list *l = dependents(d, o);
    for (size_t i = 0; l && i < l->n; i++) {
        cat_obj *y = l->v[i];
        if (y->kind == OBJ_COLUMN && !views_only) {
            /* A column reading o through its type cannot be rebuilt. */
            bool via_default = false;
            for (size_t j = 0; j < y->ndeps; j++)
                if (y->deps[j].target == o && y->deps[j].how == DEP_DEFAULT)
                    via_default = true;
            if (!via_default) {
                if (!d->err.len) {
                    char *s = diff_display(y);
                    sb_addf(&d->err, "cannot rebuild %s: column %s uses it and would lose its data; write this change by hand",
                            why, s);
                    free(s);
                }
                continue;
            }
        }
        rebuild_one(d, y, why, views_only);
    }
}

static bool inline_in_created_table(const dctx *d, const cat_obj *o);

/* A part of a rebuilt relation: gone with it, back if the other side has
 * it (an inline CHECK comes back inside the CREATE TABLE). */
static void recreate_part(dctx *d, cat_obj *part, size_t drop_ix)
{
    if (diff_ignored(part))
        return;
    mark(&d->dropped, part, drop_ix);
    cat_obj *pb = diff_counterpart(d, part, true);
    if (pb && !inline_in_created_table(d, pb) && !is_marked(&d->created, pb))
        add_create(d, pb, "re-created with its owner");
}

void diff_rebuild(dctx *d, cat_obj *a, const char *why)
{
    if (is_marked(&d->dropped, a))
        return;
    cat_obj *b = diff_counterpart(d, a, true);
    assert(b); /* a rebuild re-creates what exists on both sides */
    char *me = diff_display(a);
    char *reason = xasprintf("%s %s", diff_kind(a), me);
    free(me);
    char *detail = why ? xasprintf("rebuilt because %s changes", why) : xstrdup("definition changed: dropped and created again");
    add_drop(d, a, detail);
    change *dc = d->cs->v[d->cs->n - 1];
    bool table = a->kind == OBJ_REL && (((cat_rel *)a)->relkind == 'r' || ((cat_rel *)a)->relkind == 'p');
    if (!table)
        dc->hazards &= ~(1u << HZ_DATA_LOSS); /* re-created below, and holds no data */
    size_t drop_ix = d->cs->n - 1;
    add_create(d, b, detail);
    free(detail);
    rebuild_dependents_of(d, a, reason, false);
    if (a->kind == OBJ_REL) {
        /* Its indexes, triggers, policies and constraints went with it;
         * the ones the other side keeps come back. */
        cat_rel *r = (cat_rel *)a;
        for (size_t i = 0; i < r->nidx; i++)
            recreate_part(d, &r->idx[i]->obj, drop_ix);
        for (size_t i = 0; i < r->ntrig; i++)
            recreate_part(d, &r->trig[i]->obj, drop_ix);
        for (size_t i = 0; i < r->npol; i++)
            recreate_part(d, &r->pol[i]->obj, drop_ix);
        for (size_t i = 0; i < r->ncons; i++)
            recreate_part(d, &r->cons[i]->obj, drop_ix);
        for (size_t i = 0; i < r->ncols; i++)
            rebuild_dependents_of(d, &r->cols[i]->obj, reason, false);
    }
    free(reason);
}

void diff_rebuild_dependents(dctx *d, cat_obj *o, const char *why, bool views_only)
{
    rebuild_dependents_of(d, o, why, views_only);
}

/* ---- the walk --------------------------------------------------------------------------- */

typedef struct walk {
    dctx *d;
    bool b_side;
    cat_obj **v;
    size_t n, alloc;
} walk;

static void collect_obj(cat_obj *o, void *ctx)
{
    walk *w = ctx;
    if (diff_ignored(o))
        return;
    ALLOC_GROW(w->v, w->n + 1, w->alloc);
    w->v[w->n++] = o;
}

static bool owner_dropped(const dctx *d, const cat_obj *o)
{
    for (const cat_obj *p = owner_of(o); p; p = owner_of(p))
        if (is_marked(&d->dropped, p))
            return true;
    return false;
}

/* Created with its table's CREATE TABLE: columns and inline CHECKs. */
static bool inline_in_created_table(const dctx *d, const cat_obj *o)
{
    if (!o->parent || o->parent->kind != OBJ_REL || !is_marked(&d->created, o->parent))
        return false;
    const cat_rel *r = (const cat_rel *)o->parent;
    if (o->kind == OBJ_COLUMN)
        return true;
    if (o->kind == OBJ_CONSTRAINT) {
        const cat_constraint *k = (const cat_constraint *)o;
        return k->type == CON_CHECK && sqlp_check_inline(&d->pb, r, k);
    }
    return false;
}

static const char *possible_rename(const dctx *d, const cat_obj *o, bool b_side)
{
    for (size_t i = 0; i < d->nposs; i++)
        if ((b_side ? d->poss[i].b : d->poss[i].a) == o)
            return d->poss[i].evidence;
    return NULL;
}

/* A foreign key between two tables that both go: dropped on its own
 * first, or neither DROP TABLE could run. */
static bool fk_between_drops(const dctx *d, const cat_obj *o)
{
    if (o->kind != OBJ_CONSTRAINT || ((const cat_constraint *)o)->type != CON_FOREIGN)
        return false;
    const cat_rel *ref = ((const cat_constraint *)o)->ref;
    return ref && &ref->obj != o->parent && !diff_counterpart(d, &ref->obj, true);
}

static bool owned_seq(const cat_obj *o)
{
    return o->kind == OBJ_REL && ((const cat_rel *)o)->owned_by;
}

static void walk_drops(dctx *d)
{
    walk w = {d, false, NULL, 0, 0};
    cat_foreach(d->a, collect_obj, &w);
    /* Two rounds: an owned sequence is judged after its column. */
    for (size_t k = 0; k < 2 * w.n; k++) {
        cat_obj *o = w.v[k % w.n];
        if (owned_seq(o) != (k >= w.n))
            continue;
        if (diff_counterpart(d, o, true) || is_marked(&d->dropped, o)
            || (owner_dropped(d, o) && !fk_between_drops(d, o)))
            continue;
        add_drop(d, o, NULL);
        const char *ev = possible_rename(d, o, false);
        if (ev) {
            change *c = d->cs->v[d->cs->n - 1];
            change_hazard(c, HZ_POSSIBLE_RENAME);
            c->evidence = xstrdup(ev);
        }
    }
    free(w.v);
}

/* A sequence created for a column added to an existing table: the column
 * needs the sequence (its default) and OWNED BY needs the column, so
 * OWNED BY becomes its own change after the column. */
static void split_owned_by(dctx *d, cat_rel *seq)
{
    change *c = d->cs->v[d->cs->n - 1];
    assert(c->b == &seq->obj);
    for (size_t i = 0; i < c->sql.n; i++) {
        if (!str_starts_with(c->sql.v[i], "ALTER SEQUENCE "))
            continue;
        char *stmt = c->sql.v[i];
        memmove(&c->sql.v[i], &c->sql.v[i + 1], (c->sql.n - i - 1) * sizeof(char *));
        c->sql.n--;
        c->split_owner = true;
        change *o = diff_add(d, CH_ALTER, NULL, &seq->obj, PH_CREATE);
        o->detail = xstrdup("owned by its column");
        o->needs = &seq->owned_by->obj;
        o->finishing = true;
        strvec_push_nodup(&o->sql, stmt);
        diff_index_change(d, d->cs->n - 1);
        return;
    }
}

static void walk_creates(dctx *d)
{
    walk w = {d, true, NULL, 0, 0};
    cat_foreach(d->b, collect_obj, &w);
    for (size_t i = 0; i < w.n; i++) {
        cat_obj *o = w.v[i];
        if (diff_counterpart(d, o, false) || is_marked(&d->created, o))
            continue;
        if (inline_in_created_table(d, o))
            continue;
        size_t first = d->cs->n;
        if (o->kind == OBJ_COLUMN) {
            /* A column added to an existing table. */
            change *c = diff_add(d, CH_CREATE, NULL, o, PH_CREATE);
            diff_column_add_sql((const cat_rel *)o->parent, (const cat_column *)o, &c->sql);
            c->hazards |= hazards_add_column((const cat_column *)o, d->b);
            strbuf sb = STRBUF_INIT;
            sb_adds(&sb, "ALTER TABLE ");
            sqlr_rel_qname(&sb, (const cat_rel *)o->parent);
            sb_adds(&sb, " DROP COLUMN ");
            pgident_quote_sb(&sb, ((cat_column *)o)->name);
            sv_add_stmt(&c->reverse, &sb);
            diff_index_change(d, d->cs->n - 1);
        } else {
            add_create(d, o, NULL);
            if (o->kind == OBJ_REL)
                diff_table_created(d, (cat_rel *)o);
            if (owned_seq(o) && diff_counterpart(d, ((cat_rel *)o)->owned_by->obj.parent, false))
                split_owned_by(d, (cat_rel *)o);
        }
        const char *ev = possible_rename(d, o, true);
        if (ev) {
            change *c = d->cs->v[first];
            change_hazard(c, HZ_POSSIBLE_RENAME);
            c->evidence = xstrdup(ev);
        }
    }
    free(w.v);
}

static void walk_pairs(dctx *d)
{
    walk w = {d, false, NULL, 0, 0};
    cat_foreach(d->a, collect_obj, &w);
    for (size_t i = 0; i < w.n; i++) {
        cat_obj *o = w.v[i];
        cat_obj *b = diff_counterpart(d, o, true);
        if (!b || is_marked(&d->dropped, o) || owner_dropped(d, o))
            continue;
        diff_pair(d, o, b);
    }
    free(w.v);
}

static void free_lists(hashmap *m)
{
    for (size_t i = 0; i < m->cap; i++)
        if (m->e[i].key) {
            dep_list *l = m->e[i].val;
            free(l->v);
            free(l);
        }
    hm_clear(m);
}

int diff_catalogs(catalog *from, catalog *to, const diff_opts *o, changeset *out, strbuf *err)
{
    static const diff_opts defaults = {0};
    dctx d;
    memset(&d, 0, sizeof(d));
    d.a = from;
    d.b = to;
    d.o = o ? o : &defaults;
    d.cs = out;
    int rc = -1;
    if (catalog_materialize(from, err) < 0 || catalog_materialize(to, err) < 0)
        return -1;
    index_keys(from, &d.akeys);
    index_keys(to, &d.bkeys);
    d.pa.cat = from; /* rendering single objects needs only the catalog */
    d.pb.cat = to;
    if (diff_renames(&d, err) < 0)
        goto done;
    index_keys(from, &d.akeys); /* renames changed "from" */
    if (sqlp_plan(&d.pa, err) < 0 || sqlp_plan(&d.pb, err) < 0)
        goto done;
    cat_foreach(from, note_dep, &d.rdeps);
    /* Pairs first: a pair may rebuild, and a rebuilt object must not be
     * dropped or created a second time by the walks. */
    walk_pairs(&d);
    walk_drops(&d);
    walk_creates(&d);
    if (d.err.len) {
        sb_adds(err, d.err.buf);
        goto done;
    }
    if (diff_order(&d, err) < 0)
        goto done;
    /* Locations are copied: a change outlives the two catalogs. */
    for (size_t i = 0; i < out->n; i++) {
        change *c = out->v[i];
        const cat_loc *loc = c->b && c->b->loc.path ? &c->b->loc : c->a && c->a->loc.path ? &c->a->loc : NULL;
        if (loc) {
            c->file = xstrdup(loc->path);
            c->line = loc->line;
        }
    }
    rc = 0;
done:
    hm_clear(&d.akeys);
    hm_clear(&d.bkeys);
    hm_clear(&d.dropped);
    hm_clear(&d.created);
    hm_clear(&d.altered_a);
    hm_clear(&d.altered_b);
    free_lists(&d.rdeps);
    for (size_t i = 0; i < d.nposs; i++)
        free(d.poss[i].evidence);
    free(d.poss);
    sqlp_free(&d.pa);
    sqlp_free(&d.pb);
    free(d.pa.split);
    free(d.pb.split);
    sb_release(&d.err);
    return rc;
}

void changeset_release(changeset *cs)
{
    for (size_t i = 0; i < cs->n; i++) {
        change *c = cs->v[i];
        free(c->object);
        free(c->group);
        free(c->detail);
        strvec_clear(&c->sql);
        strvec_clear(&c->reverse);
        free(c->evidence);
        free(c->file);
        free(c->sortkey);
        free(c->after);
        free(c);
    }
    free(cs->v);
    memset(cs, 0, sizeof(*cs));
}

unsigned changeset_hazards(const changeset *cs)
{
    unsigned h = 0;
    for (size_t i = 0; i < cs->n; i++)
        h |= cs->v[i]->hazards;
    return h;
}

bool changeset_notx(const changeset *cs)
{
    for (size_t i = 0; i < cs->n; i++)
        if (cs->v[i]->notx)
            return true;
    return false;
}
