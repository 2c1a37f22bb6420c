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
