/* show: one revision in full: header facts, then both sections verbatim. */
#include "cli.h"

static void print_section(const revision *r, const section *s, const char *name)
{
    printf("-- sqlc:%s\n", name);
    if (!s->present) {
        printf("-- (no %s section)\n", name);
        return;
    }
    const srcfile *f = s == &r->downgrade && r->down_src ? r->down_src : &r->src;
    fwrite(f->text + s->off, 1, s->len, stdout);
    if (s->len && f->text[s->off + s->len - 1] != '\n')
        putchar('\n');
}

int cmd_show(int argc, char **argv)
{
    static const struct option longopts[] = {COMMON_LONGOPTS, {NULL, 0, NULL, 0}};
    const command *self = find_command("show");
    char **args = argv_protect_relative(&argc, argv, COMMON_SHORTOPTS, longopts);
    argv = args;
    int c;
    while ((c = getopt_long(argc, argv, ":" COMMON_SHORTOPTS, longopts, NULL)) != -1)
        common_option(self, c, optopt, argv);
    if (argc - optind != 1)
        usage_error(self, "name one revision");
    project p;
    project_open(&p);
    revset set = REVSET_INIT;
    resolve_or_die(&p.graph, argv[optind], &set);
    if (set.n == 0)
        die("'%s' is base, which is not a revision", argv[optind]);
    for (size_t i = 0; i < set.n; i++) {
        const revision *r = p.graph.revs[set.ix[i]];
        if (i)
            putchar('\n');
        print_rev_verbose(stdout, &p.graph, set.ix[i]);
        print_section(r, &r->upgrade, "upgrade");
        print_section(r, &r->downgrade, "downgrade");
    }
    revset_clear(&set);
    project_close(&p);
    free(args);
    return EXIT_OK;
}
