/* checksum: normalised XXH3-64 checksums of revisions and the sqlc.sum
 * chain.  See checksum.h for the definitions; this file only computes them.
 *
 * Normalisation is done while streaming (XXH3's incremental API), so a
 * 32 MiB file is hashed without a copy: the bytes between CRs are fed as
 * they are and a CR directly before an LF is skipped. */
#include "checksum.h"

#include <inttypes.h>
#include <string.h>
#include <xxhash.h>

static void feed_normalised(XXH3_state_t *st, const char *text, size_t len)
{
    size_t i = 0;
    if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3))
        i = 3;
    while (i < len) {
        const char *cr = memchr(text + i, '\r', len - i);
        size_t end = cr ? (size_t)(cr - text) : len;
        if (end > i)
            XXH3_64bits_update(st, text + i, end - i);
        if (!cr)
            break;
        /* CR LF counts as LF: skip the CR, the LF starts the next run. */
        if (end + 1 < len && text[end + 1] == '\n') {
            i = end + 1;
        } else {
            XXH3_64bits_update(st, "\r", 1);
            i = end + 1;
        }
    }
}

static XXH3_state_t *state_new(void)
{
    XXH3_state_t *st = XXH3_createState();
    if (!st) {
        fputs("sqlc: out of memory\n", stderr);
        abort();
    }
    XXH3_64bits_reset(st);
    return st;
}

uint64_t checksum_text(const char *text, size_t len)
{
    XXH3_state_t *st = state_new();
    feed_normalised(st, text, len);
    uint64_t h = XXH3_64bits_digest(st);
    XXH3_freeState(st);
    return h;
}

uint64_t checksum_file(const srcfile *f)
{
    return checksum_text(f->text, f->len);
}

uint64_t checksum_revision(const revision *r)
{
    if (!r->down_src)
        return checksum_file(&r->src);
    XXH3_state_t *st = state_new();
    feed_normalised(st, r->src.text, r->src.len);
    XXH3_64bits_update(st, "", 1);
    feed_normalised(st, r->down_src->text, r->down_src->len);
    uint64_t h = XXH3_64bits_digest(st);
    XXH3_freeState(st);
    return h;
}

void checksum_hex(uint64_t h, char out[17])
{
    snprintf(out, 17, "%016" PRIx64, h);
}

uint64_t checksum_chain(uint64_t prev, const char *id, uint64_t file)
{
    char *line = xasprintf("%016" PRIx64 " %s %016" PRIx64 "\n", prev, id, file);
    uint64_t h = XXH3_64bits(line, strlen(line));
    free(line);
    return h;
}

char *sum_render(const revgraph *g)
{
    strbuf sb = STRBUF_INIT;
    sb_adds(&sb, "# sqlc.sum: the checksums of this history, written by 'sqlc hash' and\n"
                 "# verified by 'sqlc check'.  Do not edit: review a change, then rerun\n"
                 "# 'sqlc hash'.  Each line: revision, XXH3-64 of its file(s), chained\n"
                 "# XXH3-64 over the previous line (see the README).\n");
    uint64_t chain = 0;
    for (size_t i = 0; i < g->n; i++) {
        const revision *r = g->revs[g->topo[i]];
        uint64_t file = checksum_revision(r);
        chain = checksum_chain(chain, r->id, file);
        sb_addf(&sb, "%s %016" PRIx64 " %016" PRIx64 "\n", r->id, file, chain);
    }
    return sb_detach(&sb);
}

/* One parsed line of sqlc.sum. */
typedef struct sum_line {
    char *id;
    uint64_t file, chain;
    size_t off; /* where the line starts, for messages */
} sum_line;

static bool parse_hex16(const char *s, size_t n, uint64_t *out)
{
    if (n != 16)
        return false;
    uint64_t v = 0;
    for (size_t i = 0; i < 16; i++) {
        char c = s[i];
        int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
        if (d < 0)
            return false;
        v = v << 4 | (uint64_t)d;
    }
    *out = v;
    return true;
}

/* Splits line [s, e) into blank-separated words; returns how many (<= max). */
static size_t split_words(const char *s, const char *e, const char **w, size_t *wl, size_t max)
{
    size_t n = 0;
    while (s < e) {
        while (s < e && (*s == ' ' || *s == '\t'))
            s++;
        if (s >= e)
            break;
        const char *b = s;
        while (s < e && *s != ' ' && *s != '\t')
            s++;
        if (n < max) {
            w[n] = b;
            wl[n] = (size_t)(s - b);
        }
        n++;
    }
    return n;
}

/* Reads every entry line; a malformed line is reported and ends reading. */
static int sum_parse(const srcfile *f, sum_line **out, size_t *nout, diaglist *dl)
{
    size_t alloc = 0, n = 0;
    sum_line *v = NULL;
    size_t i = f->len >= 3 && !memcmp(f->text, "\xEF\xBB\xBF", 3) ? 3 : 0;
    while (i < f->len) {
        const char *s = f->text + i;
        const char *nl = memchr(s, '\n', f->len - i);
        const char *e = nl ? nl : f->text + f->len;
        size_t next = (size_t)(e - f->text) + (nl ? 1 : 0);
        if (e > s && e[-1] == '\r')
            e--;
        const char *w[4];
        size_t wl[4];
        size_t nw = split_words(s, e, w, wl, 4);
        if (nw == 0 || *w[0] == '#') {
            i = next;
            continue;
        }
        uint64_t file, chain;
        if (nw != 3 || !parse_hex16(w[1], wl[1], &file) || !parse_hex16(w[2], wl[2], &chain)) {
            diag_add(dl, DIAG_ERROR, f, i,
                     "malformed line; expected 'REVISION FILE-XXH3 CHAIN-XXH3' (16 hex digits each); rerun 'sqlc hash'");
            for (size_t k = 0; k < n; k++)
                free(v[k].id);
            free(v);
            return -1;
        }
        ALLOC_GROW(v, n + 1, alloc);
        v[n].id = xstrndup(w[0], wl[0]);
        v[n].file = file;
        v[n].chain = chain;
        v[n].off = i;
        n++;
        i = next;
    }
    *out = v;
    *nout = n;
    return 0;
}

static bool sum_has(const sum_line *v, size_t n, const char *id)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(v[i].id, id))
            return true;
    return false;
}

int sum_verify(const revgraph *g, const srcfile *sum, diaglist *dl)
{
    sum_line *v;
    size_t n;
    if (sum_parse(sum, &v, &n, dl) < 0)
        return -1;
    const char *hint = "review the change, then run 'sqlc hash'";
    uint64_t chain = 0;
    int rc = 0;
    size_t i = 0;
    for (; i < g->n && rc == 0; i++) {
        const revision *r = g->revs[g->topo[i]];
        uint64_t file = checksum_revision(r);
        chain = checksum_chain(chain, r->id, file);
        size_t at = i < n ? v[i].off : DIAG_NOPOS;
        if (i >= n || strcmp(v[i].id, r->id)) {
            if (!sum_has(v, n, r->id))
                diag_add(dl, DIAG_ERROR, sum, at, "sqlc.sum is stale: revision %s (%s) is not in it; %s",
                         r->id, r->src.path, hint);
            else if (graph_find(g, v[i].id) < 0)
                diag_add(dl, DIAG_ERROR, sum, at, "sqlc.sum is stale: it lists revision %s, which the history no longer has; %s",
                         v[i].id, hint);
            else
                diag_add(dl, DIAG_ERROR, sum, at, "sqlc.sum is stale: revision %s (%s) is in a different place in the history than sqlc.sum records (it has %s here); %s",
                         r->id, r->src.path, v[i].id, hint);
            rc = -1;
        } else if (v[i].file != file) {
            diag_add(dl, DIAG_ERROR, sum, at, "sqlc.sum is stale: revision %s changed since 'sqlc hash' (%s%s%s); %s",
                     r->id, r->src.path, r->down_src ? ", " : "",
                     r->down_src ? r->down_src->path : "", hint);
            rc = -1;
        } else if (v[i].chain != chain) {
            diag_add(dl, DIAG_ERROR, sum, at, "sqlc.sum: the chained checksum of revision %s does not match (the file was edited by hand); rerun 'sqlc hash'",
                     r->id);
            rc = -1;
        }
    }
    if (rc == 0 && n > g->n) {
        diag_add(dl, DIAG_ERROR, sum, v[g->n].off, "sqlc.sum is stale: it lists revision %s, which the history no longer has; %s",
                 v[g->n].id, hint);
        rc = -1;
    }
    for (size_t k = 0; k < n; k++)
        free(v[k].id);
    free(v);
    return rc;
}
