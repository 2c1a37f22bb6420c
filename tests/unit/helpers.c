/* helpers: test graph construction.  See helpers.h. */
#include "helpers.h"

#include <string.h>

const char *tid(const char *s)
{
    static char buf[8][REV_ID_LEN + 1];
    static int k;
    char *b = buf[k++ % 8];
    size_t n = strlen(s);
    assert_true(n <= REV_ID_LEN);
    memcpy(b, s, n);
    memset(b + n, '0', REV_ID_LEN - n);
    b[REV_ID_LEN] = '\0';
    return b;
}

int tg_build(revgraph *g, const char *spec, diaglist *dl)
{
    memset(g, 0, sizeof(*g));
    char *copy = xstrdup(spec), *save = NULL;
    int seq = 0;
    for (char *line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        strvec parents = STRVEC_INIT, labels = STRVEC_INIT, deps = STRVEC_INIT;
        char *id = NULL, *save2 = NULL;
        for (char *w = strtok_r(line, " ", &save2); w; w = strtok_r(NULL, " ", &save2)) {
            if (!id)
                id = xstrdup(tid(w));
            else if (w[0] == '@')
                strvec_push(&labels, w + 1);
            else if (w[0] == '+')
                strvec_push(&deps, tid(w + 1));
            else
                strvec_push(&parents, tid(w));
        }
        /* created stamps follow the spec's line order */
        char created[32];
        snprintf(created, sizeof(created), "2026-01-01T00:00:%02dZ", seq++ % 60);
        char *text = revfile_render(id, &parents, "m", created, &labels, &deps, true,
                                    "SELECT 1;", "SELECT 2;");
        char *path = xasprintf("%s_m.sql", id);
        revision *r = revfile_parse(path, text, strlen(text), dl);
        assert_non_null(r);
        graph_add(g, r);
        free(path);
        free(id);
        strvec_clear(&parents);
        strvec_clear(&labels);
        strvec_clear(&deps);
    }
    free(copy);
    return graph_build(g, dl);
}

char *tg_names(const revgraph *g, const int *ix, size_t n)
{
    strbuf sb = STRBUF_INIT;
    for (size_t i = 0; i < n; i++) {
        const char *id = g->revs[ix[i]]->id;
        size_t len = strlen(id);
        while (len > 1 && id[len - 1] == '0')
            len--;
        sb_addf(&sb, "%s%.*s", i ? " " : "", (int)len, id);
    }
    return sb_detach(&sb);
}

/* ---- replay fixtures ---------------------------------------------------------- */

rpx *rpx_new_opts(replay_opts o)
{
    rpx *x = xcalloc(1, sizeof(*x));
    x->cat = catalog_new();
    replayer_init(&x->rp, x->cat, &x->dl, o);
    return x;
}

rpx *rpx_new(void)
{
    replay_opts o = {false, false};
    return rpx_new_opts(o);
}

void rpx_free(rpx *x)
{
    catalog_free(x->cat);
    diag_clear(&x->dl);
    for (size_t i = 0; i < x->nfiles; i++) {
        srcfile_release(x->files[i]);
        free(x->files[i]);
    }
    free(x->files);
    free(x);
}

int rpx_run(rpx *x, const char *sql)
{
    srcfile *f = xcalloc(1, sizeof(*f));
    srcfile_init(f, "t.sql", xstrdup(sql), strlen(sql));
    x->files = xrealloc(x->files, (x->nfiles + 1) * sizeof(*x->files));
    x->files[x->nfiles++] = f;
    return replay_text(&x->rp, f, 0, f->len);
}

void rpx_print(const rpx *x)
{
    diag_print(&x->dl, stdout);
}

void rpx_ok(rpx *x, const char *sql)
{
    size_t w = x->dl.nwarnings, e = x->dl.nerrors;
    int rc = rpx_run(x, sql);
    if (rc != 0 || x->dl.nerrors != e || x->dl.nwarnings != w) {
        rpx_print(x);
        fail_msg("replay of a valid snippet failed or warned:\n%s", sql);
    }
}

size_t rpx_count(const rpx *x, diag_severity sev)
{
    size_t n = 0;
    for (size_t i = 0; i < x->dl.n; i++)
        n += x->dl.items[i].sev == sev;
    return n;
}

const diag *rpx_diag(const rpx *x, diag_severity sev, size_t n)
{
    for (size_t i = 0; i < x->dl.n; i++)
        if (x->dl.items[i].sev == sev && n-- == 0)
            return &x->dl.items[i];
    return NULL;
}

void rpx_error(rpx *x, const char *sql, int line, const char *msg)
{
    size_t before = rpx_count(x, DIAG_ERROR);
    int rc = rpx_run(x, sql);
    if (rc != -1 || rpx_count(x, DIAG_ERROR) != before + 1) {
        rpx_print(x);
        fail_msg("expected exactly one error \"%s\" from:\n%s", msg, sql);
    }
    const diag *d = rpx_diag(x, DIAG_ERROR, before);
    if (strcmp(d->msg, msg) != 0 || d->line != line) {
        rpx_print(x);
        fail_msg("expected error at line %d:\n%s\ngot at line %d:\n%s", line, msg, d->line, d->msg);
    }
}

void rpx_fails(const char *sql, int line, const char *msg)
{
    rpx *x = rpx_new();
    rpx_error(x, sql, line, msg);
    rpx_free(x);
}

cat_rel *rpx_rel_or_null(rpx *x, const char *name)
{
    const char *dot = strchr(name, '.');
    if (!dot)
        return cat_rel_get(x->cat, "public", name);
    char *s = xstrndup(name, (size_t)(dot - name));
    cat_rel *r = cat_rel_get(x->cat, s, dot + 1);
    free(s);
    return r;
}

cat_rel *rpx_rel(rpx *x, const char *name)
{
    cat_rel *r = rpx_rel_or_null(x, name);
    if (!r)
        fail_msg("relation %s is not in the catalog", name);
    return r;
}

cat_column *rpx_col(rpx *x, const char *rel, const char *col)
{
    cat_column *c = cat_column_get(rpx_rel(x, rel), col);
    if (!c)
        fail_msg("column %s.%s is not in the catalog", rel, col);
    return c;
}

cat_constraint *rpx_con(rpx *x, const char *rel, const char *name)
{
    cat_constraint *c = cat_constraint_get(rpx_rel(x, rel), name);
    if (!c)
        fail_msg("constraint %s on %s is not in the catalog (have: %s)", name, rel, connames(rpx_rel(x, rel)));
    return c;
}

cat_index *rpx_idx(rpx *x, const char *rel, const char *name)
{
    cat_rel *r = rpx_rel(x, rel);
    for (size_t i = 0; i < r->nidx; i++)
        if (!strcmp(r->idx[i]->name, name))
            return r->idx[i];
    fail_msg("index %s on %s is not in the catalog (have: %s)", name, rel, idxnames(r));
    return NULL;
}

cat_type *rpx_type(rpx *x, const char *name)
{
    const char *dot = strchr(name, '.');
    char *s = dot ? xstrndup(name, (size_t)(dot - name)) : xstrdup("public");
    cat_type *t = cat_type_get(x->cat, s, dot ? dot + 1 : name);
    free(s);
    if (!t)
        fail_msg("type %s is not in the catalog", name);
    return t;
}

cat_func *rpx_func(rpx *x, const char *identity)
{
    cat_func *f = cat_func_get(x->cat, "public", identity);
    if (!f)
        fail_msg("function %s is not in the catalog", identity);
    return f;
}

static char *ring(char *s)
{
    static char *bufs[8];
    static int k;
    int i = k++ % 8;
    free(bufs[i]);
    bufs[i] = s;
    return s;
}

const char *sv(const strvec *v)
{
    strbuf sb = STRBUF_INIT;
    sb_adds(&sb, "");
    for (size_t i = 0; i < v->n; i++)
        sb_addf(&sb, "%s%s", i ? ", " : "", v->v[i]);
    return ring(sb_detach(&sb));
}

const char *colnames(const cat_rel *r)
{
    strvec v = STRVEC_INIT;
    for (size_t i = 0; i < r->ncols; i++)
        strvec_push(&v, r->cols[i]->name);
    const char *s = sv(&v);
    strvec_clear(&v);
    return s;
}

const char *connames(const cat_rel *r)
{
    strvec v = STRVEC_INIT;
    for (size_t i = 0; i < r->ncons; i++)
        strvec_push(&v, r->cons[i]->name);
    strvec_sort(&v);
    const char *s = sv(&v);
    strvec_clear(&v);
    return s;
}

const char *idxnames(const cat_rel *r)
{
    strvec v = STRVEC_INIT;
    for (size_t i = 0; i < r->nidx; i++)
        strvec_push(&v, r->idx[i]->name);
    strvec_sort(&v);
    const char *s = sv(&v);
    strvec_clear(&v);
    return s;
}

bool rpx_depends(const cat_obj *o, const cat_obj *target)
{
    for (size_t i = 0; i < o->ndeps; i++)
        if (o->deps[i].target == target)
            return true;
    return false;
}

const char *rpx_query(rpx *x, const char *view)
{
    strbuf err = STRBUF_INIT;
    const char *q = cat_rel_query(rpx_rel(x, view), &err);
    if (!q)
        fail_msg("view %s: %s", view, err.buf);
    sb_release(&err);
    return q;
}
