/* revision: write a new, empty revision on top of the current head.
 *
 * Follows `alembic revision`: the parent is the single head; with several
 * heads the user must pick one (--head) or merge first, because silently
 * choosing would fork history in a way nobody asked for.  --head naming a
 * non-head revision needs --splice, which makes the new branch explicit. */
#include "cli.h"

#include <string.h>

enum { OPT_HEAD = OPT_FIRST_COMMAND_OPT, OPT_LABEL, OPT_DEPENDS, OPT_SPLICE,
       OPT_REVID, OPT_NOTX };

int cmd_revision(int argc, char **argv)
{
    static const struct option longopts[] = {
        COMMON_LONGOPTS,
        {"message", required_argument, NULL, 'm'},
        {"head", required_argument, NULL, OPT_HEAD},
        {"branch-label", required_argument, NULL, OPT_LABEL},
        {"depends-on", required_argument, NULL, OPT_DEPENDS},
        {"splice", no_argument, NULL, OPT_SPLICE},
        {"rev-id", required_argument, NULL, OPT_REVID},
        {"no-transaction", no_argument, NULL, OPT_NOTX},
        {NULL, 0, NULL, 0},
    };
    const command *self = find_command("revision");
    const char *message = NULL, *head = NULL, *rev_id = NULL;
    bool splice = false, transactional = true;
    strvec labels = STRVEC_INIT, depend_specs = STRVEC_INIT;
    int c;
    while ((c = getopt_long(argc, argv, ":" COMMON_SHORTOPTS "m:", longopts, NULL)) != -1) {
        switch (c) {
        case 'm': message = optarg; break;
        case OPT_HEAD: head = optarg; break;
        case OPT_LABEL: strvec_split_commas(&labels, optarg); break;
        case OPT_DEPENDS: strvec_split_commas(&depend_specs, optarg); break;
        case OPT_SPLICE: splice = true; break;
        case OPT_REVID: rev_id = optarg; break;
        case OPT_NOTX: transactional = false; break;
        default: common_option(self, c, optopt, argv);
        }
    }
    if (optind < argc)
        usage_error(self, "unexpected argument '%s'", argv[optind]);
    if (!message || !*message)
        usage_error(self, "a revision needs a message: -m MSG");

    project p;
    project_open(&p);
    revgraph *g = &p.graph;
    strvec parents = STRVEC_INIT, depends = STRVEC_INIT;
    revset set = REVSET_INIT;
    if (head) {
        resolve_or_die(g, head, &set);
        if (set.n > 1)
            die("--head '%s' names %zu revisions; name exactly one", head, set.n);
        if (set.n == 1) {
            int ix = set.ix[0];
            if (!graph_is_head(g, ix) && !splice)
                die("revision %s is not a head; pass --splice to start a new branch from it",
                    g->revs[ix]->id);
            strvec_push(&parents, g->revs[ix]->id);
        }
    } else if (g->nheads > 1) {
        strbuf sb = STRBUF_INIT;
        for (size_t i = 0; i < g->nheads; i++)
            sb_addf(&sb, "%s%s", i ? ", " : "", g->revs[g->heads[i]]->id);
        die("there are %zu heads (%s); use `--head` or `sqlc merge`", g->nheads, sb.buf);
    } else if (g->nheads == 1) {
        strvec_push(&parents, g->revs[g->heads[0]]->id);
    }
    for (size_t i = 0; i < depend_specs.n; i++) {
        resolve_or_die(g, depend_specs.v[i], &set);
        for (size_t k = 0; k < set.n; k++)
            if (!strvec_has(&depends, g->revs[set.ix[k]]->id))
                strvec_push(&depends, g->revs[set.ix[k]]->id);
    }
    check_new_labels(self, g, &labels);
    char *id = choose_rev_id(self, g, rev_id);
    int rc = write_revision(&p, id, &parents, message, &labels, &depends, transactional);
    free(id);
    revset_clear(&set);
    strvec_clear(&parents);
    strvec_clear(&depends);
    strvec_clear(&labels);
    strvec_clear(&depend_specs);
    project_close(&p);
    return rc;
}
