/* fuzz_revspec: the revision-specifier parser, and resolution of what it
 * accepts against a small fixed graph with a branch, a merge and labels. */
#include "revspec.h"

#include <stdint.h>
#include <string.h>

static revgraph graph;

static void build(void)
{
    static const char *const spec[][4] = {
        {"a00000000001", "", "", "one"},
        {"b00000000002", "a00000000001", "", ""},
        {"c00000000003", "a00000000001", "", "two"},
        {"d00000000004", "b00000000002", "c00000000003", ""},
    };
    diaglist dl = DIAGLIST_INIT;
    for (size_t i = 0; i < sizeof(spec) / sizeof(spec[0]); i++) {
        strvec parents = STRVEC_INIT, labels = STRVEC_INIT;
        for (int k = 1; k < 3; k++)
            if (*spec[i][k])
                strvec_push(&parents, spec[i][k]);
        if (*spec[i][3])
            strvec_push(&labels, spec[i][3]);
        char *text = revfile_render(spec[i][0], &parents, "m", "2026-01-01T00:00:00Z", &labels, NULL, true, "", "");
        graph_add(&graph, revfile_parse("g.sql", text, strlen(text), &dl));
        strvec_clear(&parents);
        strvec_clear(&labels);
    }
    if (graph_build(&graph, &dl) < 0)
        __builtin_trap();
    diag_clear(&dl);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!graph.n)
        build();
    char *s = xstrndup((const char *)data, size);
    revspec rs;
    strbuf err = STRBUF_INIT;
    if (revspec_parse(s, &rs, &err) == 0) {
        revset out = REVSET_INIT, cur = REVSET_INIT;
        revset_add(&cur, 1);
        revterm_resolve(&graph, &rs.to, &cur, &out, &err);
        if (rs.is_range)
            revterm_resolve(&graph, &rs.from, NULL, &out, &err);
        revset_clear(&out);
        revset_clear(&cur);
        revspec_release(&rs);
    }
    sb_release(&err);
    free(s);
    return 0;
}
