/* Unit tests for the revision graph: heads, bases, ancestry, branch and
 * merge points, deterministic topological order, and every graph error. */
#include "helpers.h"

#include <string.h>

static void expect_names(const revgraph *g, const int *ix, size_t n, const char *want)
{
    char *got = tg_names(g, ix, n);
    assert_string_equal(got, want);
    free(got);
}

static void test_linear(void **state)
{
    (void)state;
    revgraph g;
    diaglist dl = DIAGLIST_INIT;
    assert_int_equal(tg_build(&g, "a\nb a\nc b", &dl), 0);
    expect_names(&g, g.topo, g.n, "a b c");
    expect_names(&g, g.heads, g.nheads, "c");
    expect_names(&g, g.bases, g.nbases, "a");
    int a = graph_find(&g, tid("a")), c = graph_find(&g, tid("c"));
    assert_true(graph_is_ancestor(&g, a, c));
    assert_false(graph_is_ancestor(&g, c, a));
    assert_true(graph_is_ancestor(&g, a, a));
    graph_release(&g);
    diag_clear(&dl);
}

static void test_branch_and_merge(void **state)
{
    (void)state;
    revgraph g;
    diaglist dl = DIAGLIST_INIT;
    /*      a
     *     / \
     *    b1  b2
     *     \ /
     *      e
     *      |    (c branches off b2 again: a second head)
     *      d     c b2 */
    assert_int_equal(tg_build(&g, "a\nb1 a\nb2 a\ne b1 b2\nd e\nc b2", &dl), 0);
    expect_names(&g, g.heads, g.nheads, "d c");
    int a = graph_find(&g, tid("a")), m = graph_find(&g, tid("e"));
    int b2 = graph_find(&g, tid("b2")), c = graph_find(&g, tid("c"));
    assert_int_equal(g.revs[a]->nchildren, 2);   /* branch point */
    assert_int_equal(g.revs[m]->parents.n, 2);   /* merge point */
    assert_int_equal(g.revs[b2]->nchildren, 2);
    assert_false(graph_is_ancestor(&g, c, m));
    assert_false(graph_is_ancestor(&g, m, c));
    assert_true(graph_is_ancestor(&g, b2, c));
    /* Every revision comes after all its parents. */
    for (size_t i = 0; i < g.n; i++) {
        revision *r = g.revs[i];
        for (size_t k = 0; k < r->parents.n; k++)
            assert_true(g.topo_pos[r->parent_ix[k]] < g.topo_pos[i]);
    }
    bool mark[16] = {false};
    graph_mark_ancestors(&g, m, false, mark);
    int cnt = 0;
    for (size_t i = 0; i < g.n; i++)
        cnt += mark[i];
    assert_int_equal(cnt, 4); /* a b1 b2 m */
    graph_release(&g);
    diag_clear(&dl);
}

static void test_topo_is_deterministic(void **state)
{
    (void)state;
    /* The same graph listed in two orders orders the same way: ties go to
     * the created stamp, then the id. */
    revgraph g1, g2;
    diaglist dl = DIAGLIST_INIT;
    assert_int_equal(tg_build(&g1, "a\nc a\nb a\nd b c", &dl), 0);
    expect_names(&g1, g1.topo, g1.n, "a c b d");
    assert_int_equal(tg_build(&g2, "a\nb a\nc a\nd b c", &dl), 0);
    expect_names(&g2, g2.topo, g2.n, "a b c d");
    graph_release(&g1);
    graph_release(&g2);
    diag_clear(&dl);
}

static void test_depends_on_orders(void **state)
{
    (void)state;
    /* f depends on b from another root; created order alone would put f
     * first, the dependency must not. */
    revgraph g;
    diaglist dl = DIAGLIST_INIT;
    assert_int_equal(tg_build(&g, "a\nf a +b\nb", &dl), 0);
    expect_names(&g, g.topo, g.n, "a b f");
    expect_names(&g, g.heads, g.nheads, "b f"); /* a dependency is not a parent */
    bool mark[8] = {false};
    graph_mark_ancestors(&g, graph_find(&g, tid("f")), true, mark);
    assert_true(mark[graph_find(&g, tid("b"))]);
    graph_release(&g);
    diag_clear(&dl);
}

static void test_cycle(void **state)
{
    (void)state;
    revgraph g;
    diaglist dl = DIAGLIST_INIT;
    assert_int_equal(tg_build(&g, "a\nb a d\nc b\nd c\ne d", &dl), -1);
    /* b, c and d are on the cycle; e is only behind it and not blamed */
    assert_int_equal(dl.nerrors, 3);
    for (size_t i = 0; i < dl.n; i++) {
        assert_non_null(strstr(dl.items[i].msg, "is on a cycle"));
        assert_null(strstr(dl.items[i].msg, tid("e")));
    }
    graph_release(&g);
    diag_clear(&dl);
}

static void test_self_parent_is_cycle(void **state)
{
    (void)state;
    revgraph g;
    diaglist dl = DIAGLIST_INIT;
    assert_int_equal(tg_build(&g, "a a", &dl), -1);
    assert_int_equal(dl.nerrors, 1);
    assert_non_null(strstr(dl.items[0].msg, "a00000000000 -> a00000000000"));
    graph_release(&g);
    diag_clear(&dl);
}

static void test_missing_parent_and_dependency(void **state)
{
    (void)state;
    revgraph g;
    diaglist dl = DIAGLIST_INIT;
    assert_int_equal(tg_build(&g, "a\nb a f\nc b +e", &dl), -1);
    assert_int_equal(dl.nerrors, 2);
    assert_string_equal(dl.items[0].msg, "parent f00000000000 of revision b00000000000 does not exist");
    assert_string_equal(dl.items[1].msg, "depends-on revision e00000000000 of revision c00000000000 does not exist");
    graph_release(&g);
    diag_clear(&dl);
}

static void test_duplicate_id_and_label(void **state)
{
    (void)state;
    revgraph g;
    diaglist dl = DIAGLIST_INIT;
    assert_int_equal(tg_build(&g, "a @x\nb a\nb a\nc b @x", &dl), -1);
    assert_int_equal(dl.nerrors, 2);
    assert_non_null(strstr(dl.items[0].msg, "duplicate revision id b00000000000"));
    assert_non_null(strstr(dl.items[1].msg, "branch label 'x' is claimed by revisions"));
    graph_release(&g);
    diag_clear(&dl);
}

static void test_prefix_lookup(void **state)
{
    (void)state;
    revgraph g;
    diaglist dl = DIAGLIST_INIT;
    assert_int_equal(tg_build(&g, "ab1\nab2 ab1\nc ab2", &dl), 0);
    size_t n;
    int first = graph_prefix(&g, "ab", &n);
    assert_int_equal(n, 2);
    assert_string_equal(g.revs[first]->id, tid("ab1"));
    graph_prefix(&g, "ab2", &n);
    assert_int_equal(n, 1);
    graph_prefix(&g, "f", &n);
    assert_int_equal(n, 0);
    assert_int_equal(graph_find(&g, "c"), -1); /* find is exact */
    graph_release(&g);
    diag_clear(&dl);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_linear),
        cmocka_unit_test(test_branch_and_merge),
        cmocka_unit_test(test_topo_is_deterministic),
        cmocka_unit_test(test_depends_on_orders),
        cmocka_unit_test(test_cycle),
        cmocka_unit_test(test_self_parent_is_cycle),
        cmocka_unit_test(test_missing_parent_and_dependency),
        cmocka_unit_test(test_duplicate_id_and_label),
        cmocka_unit_test(test_prefix_lookup),
    };
    return cmocka_run_group_tests_name("revgraph", tests, NULL, NULL);
}
