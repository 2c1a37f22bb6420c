/* lint: the driver.  See lint.h for what it does and why.
 *
 * The history is replayed once per head that has revisions to lint
 * (revisions shared by several heads are linted once), in graph order, as
 * `sqlc check` replays it.  Revisions that are not linted are replayed
 * whole and quietly; a linted one is parsed and replayed statement by
 * statement, each statement judged first (lint_rules.c).  Findings are
 * collected in the report in graph order, and within a revision by file
 * position.
 *
 * lint-ignore comments are found by scanning a revision's sections line
 * by line (the parser drops comments), and attached to a statement when
 * they stand in the block of comment lines right above its first token. */
#include "lint_int.h"

#include <assert.h>
#include <stdarg.h>
#include <string.h>

#include "catalog_json.h"
#include "jsondiff.h"

/* ---- findings --------------------------------------------------------------------- */

static size_t vadd_at(lint_ctx *x, hazard code, const srcfile *f, size_t off, const char *fix,
                      char *rewrite, const char *fmt, va_list ap)
{
    int lv = x->o->levels ? x->o->levels[code] : LINT_DEFAULT;
    if (lv == LINT_OFF) {
        free(rewrite);
        return (size_t)-1;
    }
    lint_report *r = x->out;
    ALLOC_GROW(r->v, r->n + 1, r->alloc);
    lint_finding *fd = &r->v[r->n];
    memset(fd, 0, sizeof(*fd));
    fd->code = code;
    fd->sev = lv == LINT_DEFAULT ? hazard_get(code)->sev : (hz_severity)lv;
    fd->rev = x->rev->id;
    fd->path = xstrdup(f->path);
    srcfile_locate(f, off, &fd->line, &fd->col);
    fd->excerpt = srcfile_line_text(f, fd->line);
    strbuf sb = STRBUF_INIT;
    sb_vaddf(&sb, fmt, ap);
    fd->message = sb_detach(&sb);
    fd->fix = xstrdup(fix ? fix : hazard_get(code)->fix);
    fd->rewrite = rewrite;
    return r->n++;
}

static size_t add_at(lint_ctx *x, hazard code, const srcfile *f, size_t off, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
static size_t add_at(lint_ctx *x, hazard code, const srcfile *f, size_t off, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    size_t ix = vadd_at(x, code, f, off, NULL, NULL, fmt, ap);
    va_end(ap);
    return ix;
}

size_t lint_add(lint_ctx *x, hazard code, int loc, const char *fix, char *rewrite, const char *fmt, ...)
{
    assert(x->st);
    size_t off = loc >= 0 && x->st->base != (size_t)-1 ? x->st->base + (size_t)loc : x->st->off;
    va_list ap;
    va_start(ap, fmt);
    size_t ix = vadd_at(x, code, x->f, off, fix, rewrite, fmt, ap);
    va_end(ap);
    return ix;
}

static void finding_release(lint_finding *fd)
{
    free(fd->path);
    free(fd->excerpt);
    free(fd->message);
    free(fd->fix);
    free(fd->rewrite);
    strvec_clear(&fd->detail);
}

void lint_report_release(lint_report *r)
{
    for (size_t i = 0; i < r->n; i++)
        finding_release(&r->v[i]);
    free(r->v);
    memset(r, 0, sizeof(*r));
}

/* ---- lint-ignore comments ------------------------------------------------------------ */

typedef struct ignore {
    const srcfile *f;
    int line;
    strvec codes;
    bool valid;      /* names known codes and gives a reason */
    bool attached;   /* stands above a statement */
} ignore;

typedef struct ignores {
    ignore *v;
    size_t n, alloc;
} ignores;

/* Is [s, e) a "--" comment line?  Sets *body to the text after "--". */
static bool comment_line(const char *s, const char *e, const char **body)
{
    while (s < e && (*s == ' ' || *s == '\t'))
        s++;
    if (e - s < 2 || s[0] != '-' || s[1] != '-')
        return false;
    *body = s + 2;
    return true;
}

/* "sqlc:lint-ignore CODE[,CODE] reason" after the "--", or NULL. */
static const char *ignore_args(const char *body, const char *e)
{
    while (body < e && (*body == ' ' || *body == '\t'))
        body++;
    static const char key[] = "sqlc:lint-ignore";
    size_t n = sizeof(key) - 1;
    if ((size_t)(e - body) < n || strncmp(body, key, n) || (body + n < e && !strchr(" \t\r", body[n])))
        return NULL;
    return body + n;
}

/* Reads the ignore comments of f[off, off+len) into igs; a malformed one
 * is reported at once. */
static void scan_ignores(lint_ctx *x, const srcfile *f, size_t off, size_t len, ignores *igs)
{
    const char *t = f->text;
    for (size_t s = off; s < off + len;) {
        const char *nl = memchr(t + s, '\n', off + len - s);
        size_t e = nl ? (size_t)(nl - t) : off + len;
        const char *body, *args;
        if (comment_line(t + s, t + e, &body) && (args = ignore_args(body, t + e))) {
            char *rest = str_trim(xstrndup(args, (size_t)(t + e - args)));
            ALLOC_GROW(igs->v, igs->n + 1, igs->alloc);
            ignore *ig = &igs->v[igs->n++];
            memset(ig, 0, sizeof(*ig));
            ig->f = f;
            int col;
            srcfile_locate(f, s, &ig->line, &col);
            size_t cl = strcspn(rest, " \t");
            char *codes = xstrndup(rest, cl);
            const char *reason = rest + cl;
            while (*reason == ' ' || *reason == '\t')
                reason++;
            strvec_split_commas(&ig->codes, codes);
            size_t at = (size_t)(body - 2 - t);
            const char *unknown = NULL;
            for (size_t i = 0; i < ig->codes.n && !unknown; i++) {
                int h = hazard_from_code(ig->codes.v[i]);
                if (h < 0 || !(hazard_get(h)->by & HZ_BY_LINT))
                    unknown = ig->codes.v[i];
            }
            if (!ig->codes.n)
                add_at(x, HZ_INVALID_IGNORE, f, at, "'-- sqlc:lint-ignore' names no code");
            else if (unknown)
                add_at(x, HZ_INVALID_IGNORE, f, at, "'-- sqlc:lint-ignore' names '%s', which is not a lint code", unknown);
            else if (!*reason)
                add_at(x, HZ_INVALID_IGNORE, f, at, "'-- sqlc:lint-ignore %s' gives no reason: say why it is safe here", codes);
            else
                ig->valid = true;
            free(codes);
            free(rest);
        }
        s = nl ? e + 1 : off + len;
    }
}

/* Applies the ignores in the comment block right above line (in f) to
 * the findings from index first on. */
static void apply_ignores(lint_ctx *x, ignores *igs, const srcfile *f, int line, size_t first)
{
    for (int l = line - 1; l >= 1; l--) {
        size_t s = srcfile_line_start(f, l), e = srcfile_line_start(f, l + 1);
        const char *body;
        if (!comment_line(f->text + s, f->text + e, &body))
            return;
        for (size_t i = 0; i < igs->n; i++) {
            ignore *ig = &igs->v[i];
            if (ig->f != f || ig->line != l)
                continue;
            ig->attached = true;
            for (size_t k = first; ig->valid && k < x->out->n; k++) {
                lint_finding *fd = &x->out->v[k];
                if (!fd->dropped && strvec_has(&ig->codes, hazard_get(fd->code)->code)) {
                    fd->dropped = true;
                    x->out->nignored++;
                }
            }
        }
    }
}

/* Ignores that stand above no statement of their section. */
static void stray_ignores(lint_ctx *x, ignores *igs)
{
    for (size_t i = 0; i < igs->n; i++) {
        ignore *ig = &igs->v[i];
        if (ig->valid && !ig->attached)
            add_at(x, HZ_INVALID_IGNORE, ig->f, srcfile_line_start(ig->f, ig->line),
                   "'-- sqlc:lint-ignore' stands above no statement: put it on the line right before the one it is for");
        strvec_clear(&ig->codes);
    }
    free(igs->v);
    memset(igs, 0, sizeof(*igs));
}

/* ---- one revision ---------------------------------------------------------------------- */

static int json_of(catalog *cat, strbuf *out)
{
    strbuf err = STRBUF_INIT;
    sb_reset(out);
    int rc = catalog_materialize(cat, &err);
    if (rc == 0)
        rc = catalog_to_json(cat, NULL, out);
    sb_release(&err);
    return rc;
}

/* The statements of a section, or none (with a parse error in dl). */
static int parse_section(const srcfile *f, const section *sec, parsed_sql *ps, diaglist *dl)
{
    memset(ps, 0, sizeof(*ps));
    if (!sec->present)
        return 0;
    return sql_parse(f, sec->off, sec->len, ps, dl);
}

/* The byte offset of a diagnostic's line:col in f (columns count characters). */
static size_t diag_offset(const srcfile *f, const diag *d)
{
    size_t start = srcfile_line_start(f, d->line);
    return start + utf8_char_offset(f->text + start, f->len - start, (size_t)(d->col > 0 ? d->col : 1));
}

/* Replays the downgrade after the upgrade and compares the catalog with
 * before (its JSON form).  Returns true when they are equal (the caller
 * replays the upgrade again to go on), false when the catalog is in no
 * known state and must be rebuilt. */
static bool check_downgrade(lint_ctx *x, const srcfile *df, const parsed_sql *down, const strbuf *before,
                            ignores *igs)
{
    const stmt *first = &down->stmts[0];
    size_t mark = x->out->n;
    diaglist scratch = DIAGLIST_INIT;
    replay_opts ro = {0};
    ro.strict = x->o->strict;
    replayer rp;
    replayer_init(&rp, x->cat, &scratch, ro);
    int rc = 0;
    for (size_t i = 0; i < down->n && rc == 0; i++)
        rc = replay_stmt(&rp, df, &down->stmts[i]);
    bool same = false;
    if (rc < 0) {
        const diag *d = NULL;
        for (size_t i = 0; i < scratch.n && !d; i++)
            if (scratch.items[i].sev == DIAG_ERROR)
                d = &scratch.items[i];
        size_t at = d && d->line ? diag_offset(df, d) : first->off;
        add_at(x, HZ_DOWNGRADE_MISMATCH, df, at, "the downgrade of %s does not replay after its upgrade: %s",
               x->rev->id, d ? d->msg : "replay failed");
    } else {
        strbuf after = STRBUF_INIT;
        if (json_of(x->cat, &after) == 0 && !strcmp(before->buf, after.buf)) {
            same = true;
        } else {
            strvec msgs = STRVEC_INIT;
            if (jsondiff_catalogs(before->buf, sb_str(&after), &msgs) <= 0)
                strvec_push(&msgs, "the catalog differs (no single object; see 'sqlc schema --format json')");
            for (size_t i = 0; i < msgs.n; i++) {
                /* The object's name on the first line, the changed JSON lines after it. */
                char *nl = strchr(msgs.v[i], '\n');
                if (nl)
                    *nl = '\0';
                size_t ix = add_at(x, HZ_DOWNGRADE_MISMATCH, df, first->off,
                                   "the downgrade of %s does not restore the schema from before its upgrade: %s",
                                   x->rev->id, msgs.v[i]);
                for (char *l = nl ? nl + 1 : NULL; ix != (size_t)-1 && l && *l;) {
                    char *e = strchr(l, '\n');
                    strvec_push_nodup(&x->out->v[ix].detail, xstrndup(l, e ? (size_t)(e - l) : strlen(l)));
                    l = e ? e + 1 : NULL;
                }
            }
            strvec_clear(&msgs);
        }
        sb_release(&after);
    }
    apply_ignores(x, igs, df, first->line, mark);
    diag_clear(&scratch);
    return same;
}

static int finding_cmp(const lint_finding *a, const lint_finding *b, const revision *r)
{
    int ra = strcmp(a->path, r->src.path) != 0, rb = strcmp(b->path, r->src.path) != 0;
    if (ra != rb)
        return ra - rb;
    return a->line != b->line ? a->line - b->line : a->col - b->col;
}

/* Parses, judges and replays revision ix.  Returns 0, 1 when the catalog
 * must be rebuilt (a downgrade did not undo the upgrade), or -1 when the
 * upgrade does not parse or replay (errors in dl). */
static int lint_revision(lint_ctx *x, int ix, diaglist *dl)
{
    const revision *r = x->g->revs[ix];
    const srcfile *df = r->down_src ? r->down_src : &r->src;
    x->rev = r;
    x->mark = cat_serial_now();
    strvec_clear(&x->labels);
    strvec_clear(&x->label_at);
    x->out->nrevs++;
    size_t first_finding = x->out->n;
    ignores igs = {0};
    scan_ignores(x, &r->src, r->upgrade.off, r->upgrade.len, &igs);
    if (r->downgrade.present)
        scan_ignores(x, df, r->downgrade.off, r->downgrade.len, &igs);
    parsed_sql up, down;
    if (parse_section(&r->src, &r->upgrade, &up, dl) < 0) {
        stray_ignores(x, &igs);
        return -1;
    }
    /* A downgrade that does not parse is this revision's finding, not
     * an input error: the upgrade can still be linted. */
    diaglist scratch = DIAGLIST_INIT;
    if (parse_section(df, &r->downgrade, &down, &scratch) < 0 && scratch.n)
        add_at(x, HZ_DOWNGRADE_MISMATCH, df, diag_offset(df, &scratch.items[0]),
               "the downgrade of %s does not parse: %s", r->id, scratch.items[0].msg);
    diag_clear(&scratch);
    strbuf before = STRBUF_INIT;
    /* Turned off, the comparison is not made at all: it is the costly part. */
    bool verify = down.n > 0 && !(x->o->levels && x->o->levels[HZ_DOWNGRADE_MISMATCH] == LINT_OFF) &&
                  json_of(x->cat, &before) == 0;
    x->rp.dl = dl;
    int rc = 0;
    for (size_t i = 0; i < up.n && rc == 0; i++) {
        x->f = &r->src;
        x->st = &up.stmts[i];
        size_t mark = x->out->n;
        lint_pending *p = lint_rules_before(x);
        rc = replay_stmt(&x->rp, &r->src, x->st);
        lint_rules_after(x, p, rc == 0);
        apply_ignores(x, &igs, &r->src, x->st->line, mark);
    }
    x->out->nstmts += up.n;
    x->rp.st = NULL;
    if (rc == 0)
        lint_rules_finish(x);
    for (size_t i = 0; i < down.n; i++)
        apply_ignores(x, &igs, df, down.stmts[i].line, x->out->n);
    if (rc == 0 && verify) {
        x->st = NULL;
        if (check_downgrade(x, df, &down, &before, &igs)) {
            /* Back to the state after the upgrade, to go on. */
            diaglist quiet = DIAGLIST_INIT;
            x->rp.dl = &quiet;
            for (size_t i = 0; i < up.n && rc == 0; i++)
                rc = replay_stmt(&x->rp, &r->src, &up.stmts[i]);
            x->rp.st = NULL;
            x->rp.dl = dl;
            diag_clear(&quiet);
            rc = rc < 0 ? 1 : 0;
        } else {
            rc = 1;
        }
    }
    stray_ignores(x, &igs);
    sb_release(&before);
    parsed_sql_release(&up);
    parsed_sql_release(&down);
    x->st = NULL;
    x->f = NULL;
    /* File order within the revision (its upgrade file first): ignore
     * problems and renames were found out of order. */
    size_t n = x->out->n - first_finding;
    for (size_t i = 1; i < n; i++)
        for (size_t k = i; k > 0; k--) {
            lint_finding *a = &x->out->v[first_finding + k - 1], *b = &x->out->v[first_finding + k];
            if (finding_cmp(a, b, r) <= 0)
                break;
            lint_finding t = *a;
            *a = *b;
            *b = t;
        }
    return rc;
}

/* ---- the graph --------------------------------------------------------------------------- */

/* A fresh catalog holding the upgrades of the head's revisions up to
 * topological position upto, which all replayed before; their
 * diagnostics, said once already, go to quiet. */
static void rebuild(lint_ctx *x, const bool *in_head, size_t upto, diaglist *quiet)
{
    catalog_free(x->cat);
    x->cat = catalog_new();
    replay_opts ro = {0};
    ro.strict = x->o->strict;
    replayer_init(&x->rp, x->cat, quiet, ro);
    const revgraph *g = x->g;
    int rc = g->prelude ? replay_text(&x->rp, g->prelude, 0, g->prelude->len) : 0;
    for (size_t i = 0; i <= upto && rc == 0; i++)
        if (in_head[g->topo[i]])
            rc = replay_text(&x->rp, &g->revs[g->topo[i]]->src, g->revs[g->topo[i]]->upgrade.off,
                             g->revs[g->topo[i]]->upgrade.len);
}

/* One head: replays its history up to its last revision to lint. */
static int lint_head(lint_ctx *x, int head, const bool *sel, bool *done, diaglist *dl)
{
    const revgraph *g = x->g;
    bool *in_head = xcalloc(g->n + 1, sizeof(bool));
    graph_mark_ancestors(g, head, true, in_head);
    size_t last = 0;
    bool any = false;
    for (size_t i = 0; i < g->n; i++)
        if (in_head[g->topo[i]] && sel[g->topo[i]] && !done[g->topo[i]])
            last = i, any = true;
    int rc = 0;
    if (any) {
        x->cat = catalog_new();
        replay_opts ro = {0};
        ro.strict = x->o->strict;
        /* Revisions not linted replay quietly; their errors still stop. */
        diaglist quiet = DIAGLIST_INIT;
        replayer_init(&x->rp, x->cat, &quiet, ro);
        if (g->prelude)
            rc = replay_text(&x->rp, g->prelude, 0, g->prelude->len);
        for (size_t i = 0; i <= last && rc >= 0; i++) {
            int ix = g->topo[i];
            if (!in_head[ix])
                continue;
            if (sel[ix] && !done[ix]) {
                done[ix] = true;
                rc = lint_revision(x, ix, dl);
                if (rc == 1) {
                    rebuild(x, in_head, i, &quiet);
                    rc = 0;
                }
                x->rp.dl = &quiet;
            } else {
                rc = replay_text(&x->rp, &g->revs[ix]->src, g->revs[ix]->upgrade.off, g->revs[ix]->upgrade.len);
            }
        }
        for (size_t i = 0; rc < 0 && i < quiet.n; i++)
            if (quiet.items[i].sev == DIAG_ERROR) {
                diag *d = &quiet.items[i];
                ALLOC_GROW(dl->items, dl->n + 1, dl->alloc);
                dl->items[dl->n++] = *d;
                dl->nerrors++;
                memset(d, 0, sizeof(*d));
            }
        diag_clear(&quiet);
        catalog_free(x->cat);
        x->cat = NULL;
    }
    free(in_head);
    return rc < 0 ? -1 : 0;
}

int lint_graph(const revgraph *g, const bool *sel, const lint_opts *o, lint_report *out, diaglist *dl)
{
    static const lint_opts defaults = {0};
    lint_ctx x;
    memset(&x, 0, sizeof(x));
    x.g = g;
    x.o = o ? o : &defaults;
    x.out = out;
    bool *done = xcalloc(g->n + 1, sizeof(bool));
    int rc = 0;
    for (size_t h = 0; h < g->nheads && rc == 0; h++) {
        diaglist local = DIAGLIST_INIT;
        rc = lint_head(&x, g->heads[h], sel, done, &local);
        diag_move_new(dl, &local); /* shared history warns once */
    }
    free(done);
    free(x.renames);
    strvec_clear(&x.labels);
    strvec_clear(&x.label_at);
    /* Withdrawn findings go; the rest are counted. */
    size_t k = 0;
    for (size_t i = 0; i < out->n; i++) {
        if (out->v[i].dropped) {
            finding_release(&out->v[i]);
            continue;
        }
        out->count[out->v[i].sev]++;
        out->v[k++] = out->v[i];
    }
    out->n = k;
    return rc;
}
