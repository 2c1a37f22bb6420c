/* show: one revision in full: header facts, then both sections verbatim.
 *
 *   sqlc show REV [--format text|json] */
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

/* A section's text, or null when the file has none. */
static json_object *section_json(const revision *r, const section *s)
{
    if (!s->present)
        return NULL;
    const srcfile *f = s == &r->downgrade && r->down_src ? r->down_src : &r->src;
    return json_object_new_string_len(f->text + s->off, (int)s->len);
}

int cmd_show(int argc, char **argv)
{
    static const struct option longopts[] = {
        COMMON_LONGOPTS,
        {"format", required_argument, NULL, 'f'},
        {NULL, 0, NULL, 0},
    };
    static const char *const formats[] = {"text", "json", NULL};
    const command *self = find_command("show");
    char **args = argv_protect_relative(&argc, argv, COMMON_SHORTOPTS, longopts);
    argv = args;
    bool json = false;
    int c;
    while ((c = getopt_long(argc, argv, ":" COMMON_SHORTOPTS, longopts, NULL)) != -1) {
        if (c == 'f')
            json = cli_format(self, optarg, formats) == 1;
        else
            common_option(self, c, optopt, argv);
    }
    if (argc - optind != 1)
        usage_error(self, "name one revision");
    project p;
    project_open(&p);
    revset set = REVSET_INIT;
    resolve_or_die(&p.graph, argv[optind], &set);
    if (set.n == 0)
        die("'%s' is base, which is not a revision", argv[optind]);
    json_object *doc = json ? cli_json_doc() : NULL, *arr = json ? json_object_new_array() : NULL;
    for (size_t i = 0; i < set.n; i++) {
        const revision *r = p.graph.revs[set.ix[i]];
        if (json) {
            json_object *j = rev_json(&p.graph, set.ix[i]);
            json_object_object_add(j, "upgrade", section_json(r, &r->upgrade));
            json_object_object_add(j, "downgrade", section_json(r, &r->downgrade));
            json_object_array_add(arr, j);
            continue;
        }
        if (i)
            putchar('\n');
        print_rev_verbose(stdout, &p.graph, set.ix[i]);
        print_section(r, &r->upgrade, "upgrade");
        print_section(r, &r->downgrade, "downgrade");
    }
    if (doc) {
        json_object_object_add(doc, "revisions", arr);
        cli_json_print(doc, stdout);
    }
    revset_clear(&set);
    project_close(&p);
    free(args);
    return EXIT_OK;
}
