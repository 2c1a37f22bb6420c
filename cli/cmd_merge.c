/* merge: write a revision with two or more parents, joining branches.
 *
 * The parents are the given revisions in the order given ('heads' expands to
 * every head in topological order).  Merging a revision with its own
 * ancestor would add an edge that changes nothing, so it is refused. */
#include "cli.h"

#include <string.h>

enum { OPT_REVID = OPT_FIRST_COMMAND_OPT, OPT_LABEL };

int cmd_merge(int argc, char **argv)
{
    static const struct option longopts[] = {
        COMMON_LONGOPTS,
        {"message", required_argument, NULL, 'm'},
        {"rev-id", required_argument, NULL, OPT_REVID},
        {"branch-label", required_argument, NULL, OPT_LABEL},
        {NULL, 0, NULL, 0},
    };
    const command *self = find_command("merge");
    const char *message = NULL, *rev_id = NULL;
    strvec labels = STRVEC_INIT;
    int c;
    while ((c = getopt_long(argc, argv, ":" COMMON_SHORTOPTS "m:", longopts, NULL)) != -1) {
        switch (c) {
        case 'm': message = optarg; break;
        case OPT_REVID: rev_id = optarg; break;
        case OPT_LABEL: strvec_split_commas(&labels, optarg); break;
        default: common_option(self, c, optopt, argv);
        }
    }
    if (optind >= argc)
        usage_error(self, "name the revisions to merge (or 'heads')");
    if (!message || !*message)
        usage_error(self, "a merge needs a message: -m MSG");

    project p;
    project_open(&p);
    revgraph *g = &p.graph;
    revset all = REVSET_INIT, one = REVSET_INIT;
    for (int i = optind; i < argc; i++) {
        resolve_or_die(g, argv[i], &one);
        if (one.n == 0)
            die("'%s' is base; only revisions can be merged", argv[i]);
        for (size_t k = 0; k < one.n; k++)
            revset_add(&all, one.ix[k]);
    }
    if (all.n < 2)
        die("a merge needs at least two distinct revisions; got %zu", all.n);
    for (size_t a = 0; a < all.n; a++)
        for (size_t b = 0; b < all.n; b++)
            if (a != b && graph_is_ancestor(g, all.ix[a], all.ix[b]))
                die("%s is an ancestor of %s; there is nothing to merge",
                    g->revs[all.ix[a]]->id, g->revs[all.ix[b]]->id);
    strvec parents = STRVEC_INIT, none = STRVEC_INIT;
    for (size_t k = 0; k < all.n; k++)
        strvec_push(&parents, g->revs[all.ix[k]]->id);
    check_new_labels(self, g, &labels);
    char *id = choose_rev_id(self, g, rev_id);
    int rc = write_revision(&p, id, &parents, message, &labels, &none, true, NULL, NULL);
    free(id);
    strvec_clear(&parents);
    strvec_clear(&labels);
    revset_clear(&all);
    revset_clear(&one);
    project_close(&p);
    return rc;
}
