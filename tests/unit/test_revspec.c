/* Unit tests for revision specifiers: the grammar alone, then resolution
 * against a graph with a branch, a merge and labels. */
#include "helpers.h"
#include "revspec.h"

#include <string.h>

static void test_parse_terms(void **state)
{
    (void)state;
    revspec s;
    strbuf err = STRBUF_INIT;
    assert_int_equal(revspec_parse("head", &s, &err), 0);
    assert_false(s.is_range);
    assert_int_equal(s.to.kind, RT_HEAD);
    revspec_release(&s);

    assert_int_equal(revspec_parse("-2", &s, &err), 0);
    assert_int_equal(s.to.kind, RT_CURRENT);
    assert_int_equal(s.to.delta, -2);
    revspec_release(&s);

    assert_int_equal(revspec_parse("ae10+3", &s, &err), 0);
    assert_int_equal(s.to.kind, RT_NAME);
    assert_string_equal(s.to.name, "ae10");
    assert_int_equal(s.to.delta, 3);
    revspec_release(&s);

    assert_int_equal(revspec_parse("feature-x@head", &s, &err), 0);
    assert_string_equal(s.to.name, "feature-x");
    assert_true(s.to.at_head);
    revspec_release(&s);

    assert_int_equal(revspec_parse("base:heads", &s, &err), 0);
    assert_true(s.is_range);
    assert_int_equal(s.from.kind, RT_BASE);
    assert_int_equal(s.to.kind, RT_HEADS);
    revspec_release(&s);

    assert_int_equal(revspec_parse(":ab", &s, &err), 0);
    assert_int_equal(s.from.kind, RT_BASE);
    assert_string_equal(s.to.name, "ab");
    revspec_release(&s);

    assert_int_equal(revspec_parse("ab:", &s, &err), 0);
    assert_int_equal(s.to.kind, RT_HEADS);
    revspec_release(&s);

    assert_int_equal(revspec_parse("head-1", &s, &err), 0);
    assert_int_equal(s.to.kind, RT_HEAD);
    assert_int_equal(s.to.delta, -1);
    revspec_release(&s);
    sb_release(&err);
}

static void expect_parse_error(const char *spec, const char *msg)
{
    revspec s;
    strbuf err = STRBUF_INIT;
    assert_int_equal(revspec_parse(spec, &s, &err), -1);
    assert_string_equal(err.buf, msg);
    sb_release(&err);
}

static void test_parse_errors(void **state)
{
    (void)state;
    expect_parse_error("", "empty revision specifier");
    expect_parse_error("a:b:c", "'a:b:c' has more than one ':'; a range is START:END");
    expect_parse_error("x@tail", "unknown form '@tail' in 'x@tail'; only NAME@head is supported");
    expect_parse_error("head@head", "'head@head' makes no sense; use a branch label or revision before '@'");
    expect_parse_error("ab/cd", "'ab/cd' is not a revision specifier (unexpected '/')");
    expect_parse_error("ab+0", "step count in 'ab+0' must be at least 1");
    expect_parse_error("ab-99999999", "step count in 'ab-99999999' is too large");
    expect_parse_error("@head", "'@head' has no name before '@'");
}

/* a -> b1 (label one) -> e (merge) -> f
 *   -> b2 (label two) ----^ */
static const char graph_spec[] = "a\nb1 a @one\nb2 a @two\ne b1 b2\nf e";

static char *resolve(const revgraph *g, const char *spec, const revset *current)
{
    revset out = REVSET_INIT;
    strbuf err = STRBUF_INIT;
    char *r;
    if (revspec_resolve_one(g, spec, current, &out, &err) < 0)
        r = xasprintf("error: %s", err.buf);
    else if (out.n == 0)
        r = xstrdup("base");
    else
        r = tg_names(g, out.ix, out.n);
    revset_clear(&out);
    sb_release(&err);
    return r;
}

#define EXPECT(spec, cur, want)                                                \
    do {                                                                       \
        char *got_ = resolve(&g, spec, cur);                                   \
        assert_string_equal(got_, want);                                       \
        free(got_);                                                            \
    } while (0)

static void test_resolve(void **state)
{
    (void)state;
    revgraph g;
    diaglist dl = DIAGLIST_INIT;
    assert_int_equal(tg_build(&g, graph_spec, &dl), 0);
    EXPECT("head", NULL, "f");
    EXPECT("heads", NULL, "f");
    EXPECT("base", NULL, "base");
    EXPECT("base+1", NULL, "a");
    EXPECT("head-1", NULL, "e");
    EXPECT("head-2", NULL, "error: cannot step down from merge revision e00000000000 in 'head-2': it has parents b10000000000, b20000000000");
    EXPECT("one", NULL, "b1");
    EXPECT("one-1", NULL, "a");
    EXPECT("one-2", NULL, "base");
    EXPECT("one-3", NULL, "error: 'one-3' goes below base");
    EXPECT("two@head", NULL, "f");
    EXPECT("b1", NULL, "b1");
    EXPECT(tid("b2"), NULL, "b2");
    EXPECT("b", NULL, "error: revision prefix 'b' is ambiguous: it matches 2 revisions (b10000000000, b20000000000)");
    EXPECT("c", NULL, "error: unknown revision 'c'; heads: f00000000000; branch labels: one, two");
    EXPECT("a+1", NULL, "error: cannot step up from a00000000000 in 'a+1': it branches to b10000000000, b20000000000");
    EXPECT("f+1", NULL, "error: 'f+1' goes past head (f00000000000 has no later revision)");
    EXPECT("-1", NULL, "error: '-1' is relative to the database's current revision, and this command has none; write REV-1 instead");
    EXPECT("a:f", NULL, "error: 'a:f' is a range; this needs a single revision");

    revset cur = REVSET_INIT;
    revset_add(&cur, graph_find(&g, tid("b1")));
    EXPECT("+1", &cur, "e");
    EXPECT("-1", &cur, "a");
    EXPECT("+2", &cur, "f");
    revset_clear(&cur);
    EXPECT("+1", &cur, "a"); /* from base */
    graph_release(&g);
    diag_clear(&dl);
}

static void test_resolve_two_heads(void **state)
{
    (void)state;
    revgraph g;
    diaglist dl = DIAGLIST_INIT;
    assert_int_equal(tg_build(&g, "a\nb a @left\nc a @right\nd c", &dl), 0);
    EXPECT("head", NULL, "error: 'head' is ambiguous: there are several heads (b00000000000, d00000000000); name one, use 'heads', or use LABEL@head");
    EXPECT("heads", NULL, "b d");
    EXPECT("right@head", NULL, "d");
    EXPECT("a@head", NULL, "error: 'a@head' is ambiguous: 2 heads descend from it (b00000000000, d00000000000)");
    EXPECT("heads-1", NULL, "error: 'heads-1' is ambiguous: it starts from 2 revisions (b00000000000, d00000000000)");
    graph_release(&g);
    diag_clear(&dl);
}

static void test_empty_graph(void **state)
{
    (void)state;
    revgraph g;
    diaglist dl = DIAGLIST_INIT;
    memset(&g, 0, sizeof(g));
    assert_int_equal(graph_build(&g, &dl), 0);
    EXPECT("head", NULL, "base");
    EXPECT("heads", NULL, "base");
    EXPECT("base+1", NULL, "error: 'base+1' goes past head (base has no later revision)");
    graph_release(&g);
    diag_clear(&dl);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_terms),
        cmocka_unit_test(test_parse_errors),
        cmocka_unit_test(test_resolve),
        cmocka_unit_test(test_resolve_two_heads),
        cmocka_unit_test(test_empty_graph),
    };
    return cmocka_run_group_tests_name("revspec", tests, NULL, NULL);
}
