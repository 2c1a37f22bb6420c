/* history_graph: pictures of the revision graph for `sqlc history`.
 *
 *   --graph        lanes in the terminal, as `git log --graph` draws them
 *   --format dot   a Graphviz digraph
 *
 * The lanes: revisions are drawn newest first (the reverse of the graph's
 * topological order, so every child comes before its parents).  Each lane
 * holds the revision it is waiting for.  A revision takes the first lane
 * waiting for it; other lanes waiting for it join it first ("|/"); after
 * its row its lane waits for its first parent, and every further parent
 * of a merge opens a lane right after it ("|\"), pushing the lanes to its
 * right one place over.  A base revision closes its lane.  Two characters
 * per lane, so the row of lane k is at column 2k and the diagonals that
 * move a lane sit in the odd columns between.  Depends-on edges are not
 * lanes (heads ignore them too); the DOT form draws them dashed.
 *
 * Only the selected revisions (keep, from -r) are drawn; an edge to a
 * revision outside the selection ends its lane. */
#include "cli.h"

#include <string.h>

typedef struct lanes {
    int *v;   /* the revision index each lane waits for */
    size_t n, alloc;
} lanes;

static void put_row(strbuf *row, FILE *out)
{
    while (row->len && row->buf[row->len - 1] == ' ')
        row->len--;
    if (row->len)
        row->buf[row->len] = '\0';
    fprintf(out, "%s\n", sb_str(row));
    sb_reset(row);
}

/* The row where lane j ends: it joins lane col < j ("|/", crossing the
 * lanes between with "_"), or closes when col == j; the lanes right of it
 * move one place left. */
static void end_row(const lanes *l, size_t col, size_t j, FILE *out)
{
    strbuf row = STRBUF_INIT;
    for (size_t k = 0; k < l->n; k++) {
        if (k < j) {
            sb_addc(&row, '|');
            sb_addc(&row, col < j && k >= col && k + 1 < j ? '_' : col < j && k + 1 == j ? '/' : ' ');
            continue;
        }
        if (k > j)
            row.buf[row.len - 1] = '/'; /* lane k moves to k-1 */
        sb_adds(&row, "  ");
    }
    put_row(&row, out);
    sb_release(&row);
}

/* The row that opens a lane at position at; lanes from there on move right. */
static void open_row(const lanes *l, size_t at, FILE *out)
{
    strbuf row = STRBUF_INIT;
    for (size_t k = 0; k < l->n; k++) {
        if (k < at)
            sb_addc(&row, '|');
        else
            sb_addc(&row, ' ');
        sb_addc(&row, k + 1 == at || k >= at ? '\\' : ' ');
    }
    if (at == l->n && at)
        row.buf[row.len - 1] = '\\';
    put_row(&row, out);
    sb_release(&row);
}

static void lane_insert(lanes *l, size_t at, int ix)
{
    ALLOC_GROW(l->v, l->n + 1, l->alloc);
    memmove(l->v + at + 1, l->v + at, (l->n - at) * sizeof(int));
    l->v[at] = ix;
    l->n++;
}

static void lane_remove(lanes *l, size_t at)
{
    memmove(l->v + at, l->v + at + 1, (l->n - at - 1) * sizeof(int));
    l->n--;
}

void history_draw_graph(const revgraph *g, const bool *keep, const bool *current, FILE *out)
{
    lanes l = {0};
    for (size_t t = g->n; t-- > 0;) {
        int ix = g->topo[t];
        if (!keep[ix])
            continue;
        const revision *r = g->revs[ix];
        size_t col = l.n;
        for (size_t k = 0; k < l.n && col == l.n; k++)
            if (l.v[k] == ix)
                col = k;
        if (col == l.n)
            lane_insert(&l, l.n, ix); /* a head, or a revision whose children are not drawn */
        for (size_t j = l.n; j-- > col + 1;)
            if (l.v[j] == ix) {
                end_row(&l, col, j, out);
                lane_remove(&l, j);
            }
        /* The parents that are drawn. */
        int *par = xcalloc(r->parents.n + 1, sizeof(int));
        size_t np = 0;
        for (size_t i = 0; i < r->parents.n; i++)
            if (keep[r->parent_ix[i]])
                par[np++] = r->parent_ix[i];
        size_t after = np ? l.n + np - 1 : l.n - 1;
        size_t width = 2 * (after > l.n ? after : l.n) - 1;
        strbuf row = STRBUF_INIT;
        for (size_t k = 0; k < l.n; k++)
            sb_adds(&row, k == col ? "* " : "| ");
        while (row.len < width + 1)
            sb_addc(&row, ' ');
        fputs(row.buf, out);
        sb_release(&row);
        fputs(r->id, out);
        print_rev_tags(out, g, ix);
        if (current && current[ix])
            fputs(" (current)", out);
        fprintf(out, ", %s\n", r->message);
        if (!np) {
            if (col + 1 < l.n)
                end_row(&l, col, col, out);
            lane_remove(&l, col);
        } else {
            l.v[col] = par[0];
            for (size_t m = 1; m < np; m++) {
                open_row(&l, col + m, out);
                lane_insert(&l, col + m, par[m]);
            }
        }
        free(par);
    }
    free(l.v);
}

/* Text inside a DOT quoted string. */
static void dot_text(FILE *out, const char *s)
{
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            fputc('\\', out);
        fputc(*s, out);
    }
}

static void dot_edge(FILE *out, const char *from, const char *to, const char *attrs)
{
    fputs("  \"", out);
    dot_text(out, from);
    fputs("\" -> \"", out);
    dot_text(out, to);
    fprintf(out, "\"%s;\n", attrs);
}

void history_draw_dot(const revgraph *g, const bool *keep, const bool *current, FILE *out)
{
    fputs("digraph revisions {\n"
          "  rankdir=BT;\n"
          "  node [shape=box, style=rounded, fontname=\"monospace\"];\n", out);
    for (size_t t = 0; t < g->n; t++) {
        int ix = g->topo[t];
        if (!keep[ix])
            continue;
        const revision *r = g->revs[ix];
        fputs("  \"", out);
        dot_text(out, r->id);
        fputs("\" [label=\"", out);
        dot_text(out, r->id);
        for (size_t i = 0; i < r->branch_labels.n; i++) {
            fputs(i ? ", " : " (", out);
            dot_text(out, r->branch_labels.v[i]);
        }
        if (r->branch_labels.n)
            fputc(')', out);
        fputs("\\n", out); /* a line break in a DOT label */
        dot_text(out, r->message);
        fputc('"', out);
        if (r->nchildren == 0)
            fputs(", penwidth=2", out);
        if (current && current[ix])
            fputs(", style=\"rounded,filled\", fillcolor=\"lightblue\"", out);
        fputs("];\n", out);
    }
    for (size_t t = 0; t < g->n; t++) {
        int ix = g->topo[t];
        const revision *r = g->revs[ix];
        if (!keep[ix])
            continue;
        for (size_t i = 0; i < r->parents.n; i++)
            if (keep[r->parent_ix[i]])
                dot_edge(out, r->id, g->revs[r->parent_ix[i]]->id, "");
        for (size_t i = 0; i < r->depends_on.n; i++)
            if (keep[r->dep_ix[i]])
                dot_edge(out, r->id, g->revs[r->dep_ix[i]]->id, " [style=dashed, label=\"depends on\"]");
    }
    fputs("}\n", out);
}
