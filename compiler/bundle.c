/* bundle: replay-check a resolved range and print it as one SQL script.
 * The script's shape and the range semantics are documented in bundle.h.
 *
 * Design: every section is parsed once, on worker threads ahead of the
 * replay (parsepool.h), which must stay in order.  The statements are (1)
 * searched for what cannot run in a transaction (notx.h), (2) replayed into
 * a catalog that starts at the schema of FROM, so a bundle that would fail
 * on the server fails here first, with file:line, and (3) checked for a
 * missing final ';'.  Only what rendering needs is kept per step (section
 * range, the reason it runs outside a transaction, where a ';' goes); each
 * parse tree is freed once its section has been replayed.  Rendering
 * happens only when every check passed: an error leaves out empty, and the
 * caller writes nothing. */
#include "bundle.h"

#include <inttypes.h>
#include <string.h>

#include "checksum.h"
#include "notx.h"
#include "parsepool.h"
#include "replay.h"
#include "version_table.h"

typedef bundle_step step;

typedef struct builder {
    const revgraph *g;
    const bundle_range *r;
    const bundle_opts *o;
    diaglist *dl;
    step *steps;
    parsepool *pool;        /* steps[i]'s section is request i */
    replayer rp;
    strvec labels;          /* enum labels added in the open transaction */
    strvec label_at;        /* "path:line" of each ADD VALUE */
    bool failed;
} builder;

/* ---- checking ------------------------------------------------------------ */

/* Where a ';' must go after a last statement that has none: the end of
 * the section's last token that is not a comment. */
static size_t missing_semicolon(const srcfile *f, const section *sec)
{
    char *text = xstrndup(f->text + sec->off, sec->len);
    PgQueryScanResult res = pg_query_scan(text);
    size_t at = DIAG_NOPOS;
    if (!res.error) {
        PgQuery__ScanResult *sr = pg_query__scan_result__unpack(NULL, res.pbuf.len, (const uint8_t *)res.pbuf.data);
        for (size_t i = sr ? sr->n_tokens : 0; i-- > 0;) {
            PgQuery__Token t = sr->tokens[i]->token;
            if (t != PG_QUERY__TOKEN__SQL_COMMENT && t != PG_QUERY__TOKEN__C_COMMENT) {
                at = sec->off + (size_t)sr->tokens[i]->end;
                break;
            }
        }
        if (sr)
            pg_query__scan_result__free_unpacked(sr, NULL);
    }
    pg_query_free_scan_result(res);
    free(text);
    return at;
}

static size_t count_statements(const srcfile *f, const section *sec, diaglist *dl, bool *ok)
{
    if (!sec->present)
        return 0;
    parsed_sql ps;
    if (sql_parse(f, sec->off, sec->len, &ps, dl) < 0) {
        *ok = false;
        return 0;
    }
    size_t n = ps.n;
    parsed_sql_release(&ps);
    return n;
}

/* An absent or empty downgrade cannot undo an upgrade that did something. */
static void check_downgrade(builder *b, step *s, size_t nstmts)
{
    const revision *rev = b->g->revs[s->ix];
    if (nstmts)
        return;
    bool ok = true;
    size_t nup = count_statements(&rev->src, &rev->upgrade, b->dl, &ok);
    if (!ok) {
        b->failed = true;
        return;
    }
    if (!nup)
        return; /* a merge, or a revision that only holds comments */
    const char *what = s->sec.present ? "an empty downgrade" : "no downgrade";
    size_t at = s->sec.present ? s->sec.off : rev->header_off;
    const srcfile *f = s->sec.present ? s->f : &rev->src;
    if (b->o->allow_empty_downgrade) {
        diag_add(b->dl, DIAG_WARNING, f, at, "revision %s has %s; --allow-empty-downgrade leaves what its upgrade did in place",
                 rev->id, what);
    } else {
        diag_add(b->dl, DIAG_ERROR, f, at, "revision %s has %s, so a downgrade across it cannot undo its upgrade; write one, or pass --allow-empty-downgrade",
                 rev->id, what);
        b->failed = true;
    }
}

static void clear_labels(builder *b)
{
    strvec_clear(&b->labels);
    strvec_clear(&b->label_at);
}

/* What cannot run in a transaction, for one statement of step s. */
static void check_transaction(builder *b, step *s, const stmt *st)
{
    const revision *rev = b->g->revs[s->ix];
    bool single = b->o->single_transaction;
    if (!rev->transactional)
        return; /* runs outside a transaction, or is refused as a whole */
    const char *reason = notx_reason(st->node);
    int used = reason ? -1 : notx_uses_label(st->node, &b->labels);
    if (reason) {
        if (single) {
            diag_add(b->dl, DIAG_ERROR, s->f, st->off, "%s cannot run inside a transaction block, and --single-transaction runs the whole bundle in one",
                     reason);
            b->failed = true;
        } else if (!s->notx) {
            diag_add(b->dl, DIAG_WARNING, s->f, st->off, "%s cannot run inside a transaction block; revision %s is not marked '-- sqlc:transaction off', so the bundle runs it outside a transaction (mark it to say so)",
                     reason, rev->id);
            s->notx = reason;
        }
    } else if (used >= 0) {
        if (single) {
            diag_add(b->dl, DIAG_ERROR, s->f, st->off, "uses the enum label '%s' added at %s in the same transaction; PostgreSQL refuses that until the ALTER TYPE ... ADD VALUE commits, so it cannot be one transaction (--single-transaction)",
                     b->labels.v[used], b->label_at.v[used]);
            b->failed = true;
        } else {
            diag_add(b->dl, DIAG_WARNING, s->f, st->off, "uses the enum label '%s' added at %s in the same transaction, which PostgreSQL refuses; revision %s is not marked '-- sqlc:transaction off', so the bundle runs it outside a transaction (mark it to say so)",
                     b->labels.v[used], b->label_at.v[used], rev->id);
            s->notx = "ALTER TYPE ... ADD VALUE whose label is used in the same revision";
            clear_labels(b);
        }
    }
    const char *label = notx_added_label(st->node);
    if (label && !s->notx) {
        int line, col;
        srcfile_locate(s->f, st->off, &line, &col);
        strvec_push(&b->labels, label);
        strvec_push_nodup(&b->label_at, xasprintf("%s:%d", s->f->path, line));
    }
}

/* Which file and section step s runs. */
static void locate_step(const builder *b, step *s)
{
    const revision *rev = b->g->revs[s->ix];
    bool down = b->r->dir == BUNDLE_DOWNGRADE;
    s->f = down && rev->down_src ? rev->down_src : &rev->src;
    s->sec = down ? rev->downgrade : rev->upgrade;
    s->semi_at = DIAG_NOPOS;
}

static int check_step(builder *b, size_t i)
{
    step *s = &b->steps[i];
    const revision *rev = b->g->revs[s->ix];
    bool down = b->r->dir == BUNDLE_DOWNGRADE;
    if (!rev->transactional) {
        s->notx = "marked '-- sqlc:transaction off'";
        if (b->o->single_transaction) {
            diag_add(b->dl, DIAG_ERROR, &rev->src, rev->header_off, "revision %s is marked '-- sqlc:transaction off', and --single-transaction runs the whole bundle in one transaction",
                     rev->id);
            b->failed = true;
        }
    }
    if (!b->o->single_transaction)
        clear_labels(b);
    parsed_sql ps;
    if (parsepool_take(b->pool, i, &ps, b->dl) < 0)
        return -1;
    if (down)
        check_downgrade(b, s, ps.n);
    for (size_t k = 0; k < ps.n; k++)
        check_transaction(b, s, &ps.stmts[k]);
    int rc = 0;
    for (size_t k = 0; k < ps.n && rc == 0; k++)
        rc = replay_stmt(&b->rp, s->f, &ps.stmts[k]);
    b->rp.st = NULL;
    if (ps.n && ps.result->stmts[ps.n - 1]->stmt_len == 0)
        s->semi_at = missing_semicolon(s->f, &s->sec);
    parsepool_release(b->pool, &ps);
    return rc;
}

/* ---- printing ------------------------------------------------------------ */

/* Appends s with control characters as blanks: a message must not end the
 * comment line it is printed in. */
static void add_oneline(strbuf *out, const char *s)
{
    for (; *s; s++)
        sb_addc(out, (unsigned char)*s < 0x20 || *s == 0x7f ? ' ' : *s);
}

static const char *rel_path(const char *path, const char *dir)
{
    size_t n = dir ? strlen(dir) : 0;
    while (n > 1 && dir[n - 1] == '/')
        n--;
    if (n && !strncmp(path, dir, n) && path[n] == '/')
        return path + n + 1;
    return path;
}

static void add_ids(strbuf *out, const revgraph *g, const revision *r, bool parents)
{
    if (!parents) {
        sb_adds(out, r->id);
        return;
    }
    if (!r->parents.n)
        sb_adds(out, "base");
    for (size_t i = 0; i < r->parents.n; i++)
        sb_addf(out, "%s%s", i ? ", " : "", g->revs[r->parent_ix[i]]->id);
}

static void add_rows(strbuf *out, const strvec *rows)
{
    if (!rows->n)
        sb_adds(out, "base");
    for (size_t i = 0; i < rows->n; i++)
        sb_addf(out, "%s%s", i ? ", " : "", rows->v[i]);
}

static void render_header(const builder *b, const char *body, size_t body_len, strbuf *out)
{
    const bundle_opts *o = b->o;
    const bundle_range *r = b->r;
    bool down = r->dir == BUNDLE_DOWNGRADE;
    sb_addf(out, "-- sqlc bundle: %s from ", down ? "downgrade" : "upgrade");
    add_rows(out, &r->start_rows);
    sb_adds(out, " to ");
    add_rows(out, &r->end_rows);
    sb_addf(out, "\n-- Made by sqlc %s from the range '", o->tool_version);
    add_oneline(out, o->spec);
    sb_addf(out, "': %zu revision%s, %s.\n", r->nsteps, r->nsteps == 1 ? "" : "s",
            o->single_transaction ? "one transaction for the whole bundle"
                                  : "one transaction per revision");
    if (o->stamp) {
        sb_adds(out, "-- ");
        add_oneline(out, o->stamp);
        sb_addc(out, '\n');
    }
    sb_adds(out, "--\n-- Revisions, in the order they run, with the XXH3-64 checksum of each\n"
                 "-- file (CRLF read as LF, a leading BOM ignored):\n");
    for (size_t i = 0; i < r->nsteps; i++) {
        const revision *rev = b->g->revs[r->steps[i]];
        char hex[17];
        sb_addf(out, "--   %s  ", rev->id);
        add_oneline(out, rev->message);
        checksum_hex(checksum_file(&rev->src), hex);
        sb_adds(out, "\n--       ");
        add_oneline(out, rel_path(rev->src.path, o->versions_dir));
        sb_addf(out, "  %s\n", hex);
        if (rev->down_src) {
            checksum_hex(checksum_file(rev->down_src), hex);
            sb_adds(out, "--       ");
            add_oneline(out, rel_path(rev->down_src->path, o->versions_dir));
            sb_addf(out, "  %s\n", hex);
            checksum_hex(checksum_revision(rev), hex);
            sb_addf(out, "--       revision checksum (both files)  %s\n", hex);
        }
    }
    char hex[17];
    checksum_hex(checksum_text(body, body_len), hex);
    sb_addf(out, "--\n-- Body checksum: %s (XXH3-64 of everything after the blank line\n"
                 "-- that ends this header, CRLF read as LF).\n\n", hex);
}

/* The section text as written, without leading blank lines and trailing
 * blanks, with a ';' added where the last statement had none. */
static bool render_section(strbuf *out, const step *s)
{
    const char *t = s->f->text + s->sec.off;
    size_t len = s->sec.present ? s->sec.len : 0, b = 0, e = len;
    for (;;) {
        size_t k = b;
        while (k < len && (t[k] == ' ' || t[k] == '\t' || t[k] == '\r'))
            k++;
        if (k < len && t[k] == '\n')
            b = k + 1;
        else
            break;
    }
    while (e > b && (t[e - 1] == ' ' || t[e - 1] == '\t' || t[e - 1] == '\r' || t[e - 1] == '\n'))
        e--;
    if (e == b)
        return false;
    size_t semi = s->semi_at == DIAG_NOPOS ? DIAG_NOPOS : s->semi_at - s->sec.off;
    if (semi != DIAG_NOPOS && semi >= b && semi <= e) {
        sb_add(out, t + b, semi - b);
        sb_addc(out, ';');
        sb_add(out, t + semi, e - semi);
    } else {
        sb_add(out, t + b, e - b);
    }
    sb_adds(out, "\n");
    return true;
}

static void render_step(const builder *b, const vtable *vt, bool *cur, const step *s, strbuf *out)
{
    const revgraph *g = b->g;
    const revision *rev = g->revs[s->ix];
    bool down = b->r->dir == BUNDLE_DOWNGRADE, single = b->o->single_transaction;
    strvec removed = STRVEC_INIT, added = STRVEC_INIT;
    bundle_step_rows(g, cur, s->ix, down, &removed, &added);
    sb_addf(out, "-- Running %s ", down ? "downgrade" : "upgrade");
    add_ids(out, g, rev, !down);
    sb_adds(out, " -> ");
    add_ids(out, g, rev, down);
    sb_adds(out, ": ");
    add_oneline(out, rev->message);
    sb_addc(out, '\n');
    char sum[17];
    checksum_hex(checksum_revision(rev), sum);
    if (s->notx && !single) {
        sb_adds(out, "-- Runs outside a transaction: ");
        sb_adds(out, s->notx);
        sb_adds(out, ".\n-- The version row is marked dirty first and cleaned once every statement\n"
                     "-- has succeeded.\n"
                     "BEGIN;\n");
        vt_notx_begin(vt, &removed, &added, out);
        sb_adds(out, "COMMIT;\n\n");
        if (render_section(out, s))
            sb_addc(out, '\n');
        sb_adds(out, "BEGIN;\n");
        vt_notx_end(vt, &removed, &added, out);
    } else {
        if (!single)
            sb_adds(out, "BEGIN;\n\n");
        if (render_section(out, s))
            sb_addc(out, '\n');
        vt_change(vt, &removed, &added, false, out);
    }
    vt_history(vt, rev->id, down ? "downgrade" : "upgrade", sum, b->o->tool_version, out);
    if (!single)
        sb_adds(out, "COMMIT;\n");
    sb_addc(out, '\n');
    strvec_clear(&removed);
    strvec_clear(&added);
}

static void render_body(const builder *b, strbuf *out)
{
    const bundle_opts *o = b->o;
    const bundle_range *r = b->r;
    vtable vt;
    vt_init(&vt, o->vt_schema, o->vt_table);
    bool single = o->single_transaction;
    bool at_base = r->start_rows.n == 0;
    if (o->psql)
        sb_adds(out, "\\set ON_ERROR_STOP on\n\n");
    if (single)
        sb_adds(out, "BEGIN;\n\n");
    sb_adds(out, "-- Stop before any change unless the database is at ");
    add_rows(out, &r->start_rows);
    sb_addf(out, "\n-- (the rows of %s).\n", vt.qtable);
    vt_guard(&vt, &r->start_rows, "this bundle", out);
    sb_addc(out, '\n');
    if (at_base) {
        sb_addf(out, "-- sqlc's version table and its history (%s, %s).\n", vt.qtable, vt.qhistory);
        if (!single)
            sb_adds(out, "BEGIN;\n");
        if (b->g->prelude) {
            /* Never NUL-terminated in the middle; printed as loaded. */
            sb_adds(out, "-- The history tool's own table, which these migrations expect:\n");
            sb_add(out, b->g->prelude->text, b->g->prelude->len);
            if (b->g->prelude->len && b->g->prelude->text[b->g->prelude->len - 1] != '\n')
                sb_addc(out, '\n');
        }
        vt_ddl(&vt, out);
        if (!single)
            sb_adds(out, "COMMIT;\n");
        sb_addc(out, '\n');
    }
    bool *cur = xcalloc(b->g->n + 1, sizeof(bool));
    memcpy(cur, r->from_applied, b->g->n * sizeof(bool));
    for (size_t i = 0; i < r->nsteps; i++)
        render_step(b, &vt, cur, &b->steps[i], out);
    free(cur);
    if (single)
        sb_adds(out, "COMMIT;\n\n");
    sb_adds(out, "-- End of bundle: the database is now at ");
    add_rows(out, &r->end_rows);
    sb_adds(out, ".\n");
    vt_release(&vt);
}

/* ---- entry points -------------------------------------------------------- */

/* Replays the schema at FROM, then checks each step in order (steps filled
 * in b->steps).  Returns 0 when everything passed. */
static int check_range(builder *b)
{
    const revgraph *g = b->g;
    const bundle_range *r = b->r;
    b->steps = xcalloc(r->nsteps + 1, sizeof(step));
    catalog *cat = catalog_new();
    replay_opts ro = {0};
    ro.strict = b->o->strict;
    /* The schema at FROM: warnings about revisions outside the range are
     * not this bundle's business, errors are. */
    diaglist before = DIAGLIST_INIT;
    replayer_init(&b->rp, cat, &before, ro);
    int rc = replay_graph(&b->rp, g, r->from_applied);
    for (size_t i = 0; i < before.n; i++) {
        diag *d = &before.items[i];
        if (d->sev == DIAG_ERROR) {
            ALLOC_GROW(b->dl->items, b->dl->n + 1, b->dl->alloc);
            b->dl->items[b->dl->n++] = *d;
            b->dl->nerrors++;
        } else {
            free(d->path);
            free(d->msg);
            free(d->excerpt);
        }
    }
    free(before.items);
    b->rp.dl = b->dl;
    parse_req *reqs = xcalloc(r->nsteps + 1, sizeof(parse_req));
    for (size_t i = 0; i < r->nsteps; i++) {
        step *st = &b->steps[i];
        st->ix = r->steps[i];
        locate_step(b, st);
        reqs[i] = (parse_req){st->f, st->sec.off, st->sec.len, st->sec.present};
    }
    b->pool = parsepool_start(reqs, rc == 0 ? r->nsteps : 0);
    for (size_t i = 0; i < r->nsteps && rc == 0; i++)
        rc = check_step(b, i);
    parsepool_finish(b->pool);
    free(reqs);
    if (rc == 0 && replay_finish(&b->rp) < 0)
        rc = -1;
    clear_labels(b);
    catalog_free(cat);
    return rc == 0 && !b->failed ? 0 : -1;
}

bundle_step *bundle_check(const revgraph *g, const bundle_range *r, const bundle_opts *o,
                          diaglist *dl)
{
    builder b = {0};
    b.g = g;
    b.r = r;
    b.o = o;
    b.dl = dl;
    if (check_range(&b) == 0)
        return b.steps;
    free(b.steps);
    return NULL;
}

int bundle_build(const revgraph *g, const bundle_range *r, const bundle_opts *o,
                 strbuf *out, diaglist *dl)
{
    builder b = {0};
    b.g = g;
    b.r = r;
    b.o = o;
    b.dl = dl;
    int rc = check_range(&b);
    if (rc == 0) {
        strbuf body = STRBUF_INIT;
        render_body(&b, &body);
        render_header(&b, body.buf, body.len, out);
        sb_add(out, body.buf, body.len);
        sb_release(&body);
    }
    free(b.steps);
    return rc;
}
