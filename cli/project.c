/* project: helpers shared by the commands: option handling, opening the
 * project, and printing revisions. */
#include "cli.h"
#include "pgconn.h"

#include <stdarg.h>
#include <string.h>

void usage_error(const command *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    strbuf sb = STRBUF_INIT;
    sb_vaddf(&sb, fmt, ap);
    va_end(ap);
    fprintf(stderr, "sqlc%s%s: error: %s\n", cmd ? " " : "", cmd ? cmd->name : "", sb.buf);
    if (cmd) {
        /* The first line of the help is the usage line. */
        const char *nl = strchr(cmd->usage, '\n');
        fprintf(stderr, "%.*s\n", (int)(nl ? nl - cmd->usage : (long)strlen(cmd->usage)), cmd->usage);
    }
    sb_release(&sb);
    exit(EXIT_USAGE);
}

/* getopt would take "-1" (or "-1:head") for an option; in sqlc it is a
 * relative revision.
 * Such words are moved behind a "--" so getopt leaves them as operands,
 * unless they are the value of the option before them. */
char **argv_protect_relative(int *argc, char **argv, const char *shortopts,
                             const struct option *longopts)
{
    char **out = xcalloc((size_t)*argc + 2, sizeof(char *));
    char **nums = xcalloc((size_t)*argc + 1, sizeof(char *));
    int n = 0, k = 0;
    bool after_dashdash = false;
    for (int i = 0; i < *argc; i++) {
        const char *a = argv[i];
        bool takes_value = false;
        if (i > 0 && !after_dashdash && argv[i - 1][0] == '-') {
            const char *prev = argv[i - 1];
            if (prev[1] == '-' && prev[2] && !strchr(prev, '=')) {
                for (const struct option *o = longopts; o->name; o++)
                    if (!strcmp(o->name, prev + 2) && o->has_arg == required_argument)
                        takes_value = true;
            } else if (prev[1] && prev[1] != '-' && !prev[2]) {
                const char *q = strchr(shortopts, prev[1]);
                takes_value = q && q[1] == ':';
            }
        }
        /* "-1", and ranges that start with one ("-1:head"). */
        size_t nd = (a[0] == '-' || a[0] == '+') ? strspn(a + 1, "0123456789") : 0;
        bool number = nd && (a[1 + nd] == '\0' || a[1 + nd] == ':');
        if (!strcmp(a, "--"))
            after_dashdash = true;
        if (i > 0 && number && !takes_value && !after_dashdash)
            nums[k++] = argv[i];
        else
            out[n++] = argv[i];
    }
    if (k) {
        if (!after_dashdash)
            out[n++] = "--";
        for (int i = 0; i < k; i++)
            out[n++] = nums[i];
    }
    free(nums);
    *argc = n;
    return out;
}

/* "unknown option '--form'; did you mean '--format'?": the nearest flag the
 * command documents (help_flags), when it is near enough to be a typo, or
 * the flags that start with what was typed (an ambiguous abbreviation). */
static void __attribute__((noreturn)) unknown_long_option(const command *cmd, const char *word)
{
    static const command top = {"", NULL, "", "      --config --versions --db --quiet --verbose --help --version\n"};
    const char *name = word;
    while (*name == '-')
        name++;
    size_t len = strcspn(name, "=");
    char *typed = xstrndup(name, len);
    strvec flags = STRVEC_INIT, prefixed = STRVEC_INIT;
    help_flags(cmd ? cmd : &top, &flags);
    const char *best = NULL;
    size_t best_d = (size_t)-1;
    for (size_t i = 0; i < flags.n; i++) {
        if (len && str_starts_with(flags.v[i], typed))
            strvec_push(&prefixed, flags.v[i]);
        size_t d = edit_distance(typed, flags.v[i]);
        if (d < best_d) {
            best_d = d;
            best = flags.v[i];
        }
    }
    strbuf hint = STRBUF_INIT;
    if (prefixed.n > 1) {
        sb_adds(&hint, "; it could be");
        for (size_t i = 0; i < prefixed.n; i++)
            sb_addf(&hint, "%s '--%s'", i == 0 ? "" : i + 1 == prefixed.n ? " or" : ",", prefixed.v[i]);
    } else if (best && best_d <= (len < 6 ? 2 : len / 3 + 1)) {
        sb_addf(&hint, "; did you mean '--%s'?", best);
    }
    char *w = xstrndup(word, (size_t)(name - word) + len);
    free(typed);
    usage_error(cmd, "unknown option '%s'%s", w, sb_str(&hint));
}

int common_option(const command *cmd, int c, int optopt_, char **argv)
{
    switch (c) {
    case 'c':
        g_opts.config = optarg;
        return 0;
    case OPT_VERSIONS:
        g_opts.versions = optarg;
        return 0;
    case OPT_DB:
        g_opts.db = optarg;
        return 0;
    case 'h':
        if (cmd)
            fputs(cmd->usage, stdout);
        exit(EXIT_OK);
    case ':':
        if (optopt_ && optopt_ < 256)
            usage_error(cmd, "option '-%c' needs a value", optopt_);
        usage_error(cmd, "option '%s' needs a value", argv[optind - 1]);
    case 'q':
        g_opts.quiet = true;
        g_opts.verbose = false;
        return 0;
    case 'v':
        g_opts.verbose = true;
        g_opts.quiet = false;
        return 0;
    case '?':
        if (optopt_ && optopt_ < 256)
            usage_error(cmd, "unknown option '-%c'", optopt_);
        unknown_long_option(cmd, argv[optind - 1]);
    }
    return -1;
}

void project_config(project *p)
{
    project_config_opt(p, true);
}

void project_config_opt(project *p, bool needed)
{
    memset(p, 0, sizeof(*p));
    strbuf err = STRBUF_INIT;
    /* --versions alone is enough to work without a config file. */
    bool required = needed && g_opts.versions == NULL;
    if (config_load(&p->cfg, g_opts.config, required, &err) < 0) {
        fprintf(stderr, "sqlc: error: %s\n", err.buf);
        exit(EXIT_USAGE);
    }
    sb_release(&err);
    if (g_opts.versions) {
        free(p->cfg.versions);
        p->cfg.versions = xstrdup(g_opts.versions);
    }
    if (g_opts.db) {
        free(p->cfg.database_url);
        p->cfg.database_url = xstrdup(g_opts.db);
    }
    /* A malformed URL is a config error like an unknown key: reported
     * before any work, by every command, with its password hidden. */
    if (pgc_check_dsn(p->cfg.database_url, &err) < 0) {
        const char *env = getenv("SQLC_DATABASE_URL");
        if (g_opts.db)
            die("--db: %s", err.buf);
        else if (env && *env)
            die("SQLC_DATABASE_URL: %s", err.buf);
        die("database_url in %s: %s", p->cfg.path ? p->cfg.path : CONFIG_FILE, err.buf);
    }
}

void project_require_versions(const project *p)
{
    if (!is_dir(p->cfg.versions))
        die(path_exists(p->cfg.versions) ? "versions folder '%s' is not a folder"
                                         : "versions folder '%s' does not exist",
            p->cfg.versions);
}

void project_open(project *p)
{
    project_config(p);
    project_load_history(p);
}

void project_load_history(project *p)
{
    project_require_versions(p);
    diaglist dl = DIAGLIST_INIT;
    int rc = history_load(p->cfg.versions, p->cfg.history_format, &p->graph, &dl);
    p->have_graph = true;
    diag_print(&dl, stderr);
    if (rc < 0) {
        fprintf(stderr, "sqlc: error: the revision history has %zu problem%s; run 'sqlc check' for the full list\n",
                dl.nerrors, dl.nerrors == 1 ? "" : "s");
        diag_clear(&dl);
        exit(EXIT_USAGE);
    }
    diag_clear(&dl);
}

void project_close(project *p)
{
    graph_release(&p->graph);
    config_release(&p->cfg);
}

void print_rev_tags(FILE *out, const revgraph *g, int ix)
{
    const revision *r = g->revs[ix];
    if (r->branch_labels.n) {
        fputs(" (", out);
        for (size_t i = 0; i < r->branch_labels.n; i++)
            fprintf(out, "%s%s", i ? ", " : "", r->branch_labels.v[i]);
        fputc(')', out);
    }
    if (r->nchildren == 0)
        fputs(" (head)", out);
    if (r->nchildren > 1)
        fputs(" (branchpoint)", out);
    if (r->parents.n > 1)
        fputs(" (mergepoint)", out);
}

void print_rev_line(FILE *out, const revgraph *g, int ix)
{
    const revision *r = g->revs[ix];
    if (r->parents.n == 0)
        fputs("<base>", out);
    else if (r->parents.n == 1)
        fputs(r->parents.v[0], out);
    else {
        fputc('(', out);
        for (size_t i = 0; i < r->parents.n; i++)
            fprintf(out, "%s%s", i ? ", " : "", r->parents.v[i]);
        fputc(')', out);
    }
    fprintf(out, " -> ");
    print_rev_short(out, g, ix);
}

void print_rev_short(FILE *out, const revgraph *g, int ix)
{
    fputs(g->revs[ix]->id, out);
    print_rev_tags(out, g, ix);
    fprintf(out, ", %s\n", g->revs[ix]->message);
}

static void print_list(FILE *out, const char *label, const strvec *v)
{
    if (!v->n)
        return;
    fprintf(out, "%s: ", label);
    for (size_t i = 0; i < v->n; i++)
        fprintf(out, "%s%s", i ? ", " : "", v->v[i]);
    fputc('\n', out);
}

void print_rev_verbose(FILE *out, const revgraph *g, int ix)
{
    const revision *r = g->revs[ix];
    fprintf(out, "Rev: %s", r->id);
    print_rev_tags(out, g, ix);
    fputc('\n', out);
    if (r->parents.n)
        print_list(out, r->parents.n > 1 ? "Merges" : "Parent", &r->parents);
    else
        fputs("Parent: <base>\n", out);
    if (r->nchildren) {
        fputs(r->nchildren > 1 ? "Branches into: " : "Child: ", out);
        for (size_t i = 0; i < r->nchildren; i++)
            fprintf(out, "%s%s", i ? ", " : "", g->revs[r->child_ix[i]]->id);
        fputc('\n', out);
    }
    print_list(out, "Branch names", &r->branch_labels);
    print_list(out, "Depends on", &r->depends_on);
    if (!r->transactional)
        fputs("Transaction: off\n", out);
    fprintf(out, "Path: %s\n", r->src.path);
    if (r->down_src)
        fprintf(out, "Downgrade path: %s\n", r->down_src->path);
    if (r->created)
        fprintf(out, "Created: %s\n", r->created);
    fprintf(out, "\n    %s\n\n", r->message);
}

void resolve_or_die(const revgraph *g, const char *spec, revset *out)
{
    strbuf err = STRBUF_INIT;
    if (revspec_resolve_one(g, spec, NULL, out, &err) < 0) {
        fprintf(stderr, "sqlc: error: %s\n", err.buf);
        exit(EXIT_USAGE);
    }
    sb_release(&err);
}

bool resolve_range_or_die(const revgraph *g, const char *spec, revset *from, revset *to)
{
    revspec rs;
    strbuf err = STRBUF_INIT;
    if (revspec_parse(spec, &rs, &err) < 0 || revterm_resolve(g, &rs.to, NULL, to, &err) < 0 ||
        (rs.is_range && revterm_resolve(g, &rs.from, NULL, from, &err) < 0))
        die("%s", err.buf);
    bool range = rs.is_range;
    revspec_release(&rs);
    sb_release(&err);
    return range;
}

int write_revision(project *p, const char *id, const strvec *parents,
                   const char *message, const strvec *labels,
                   const strvec *depends, bool transactional,
                   const char *upgrade, const char *downgrade)
{
    /* A foreign history is read in place; its own tool writes it. */
    if (p->cfg.history_format != HISTORY_SQLC)
        die("this project's history_format is %s; sqlc writes only its own revision files, so add the migration with %s's tools",
            history_format_name(p->cfg.history_format), history_format_name(p->cfg.history_format));
    char *created = rev_timestamp_now();
    char *text = revfile_render(id, parents, message, created, labels, depends,
                                transactional, upgrade ? upgrade : "", downgrade ? downgrade : "");
    char *slug = rev_slug(message);
    char *name = *slug ? xasprintf("%s_%s.sql", id, slug) : xasprintf("%s.sql", id);
    char *path = path_join(p->cfg.versions, name);
    strbuf err = STRBUF_INIT;
    int rc = write_file_atomic(path, text, strlen(text), true, &err);
    if (rc < 0)
        fprintf(stderr, "sqlc: error: %s\n", err.buf);
    else
        printf("%s\n", path);
    sb_release(&err);
    free(path);
    free(name);
    free(slug);
    free(text);
    free(created);
    return rc < 0 ? EXIT_USAGE : EXIT_OK;
}

/* Validates or generates the new revision's id; exits on a bad --rev-id. */
char *choose_rev_id(const command *self, const revgraph *g, const char *rev_id)
{
    if (rev_id) {
        if (!rev_id_valid(rev_id))
            usage_error(self, "--rev-id '%s' is not %d lowercase hex digits", rev_id, REV_ID_LEN);
        if (graph_find(g, rev_id) >= 0)
            die("revision %s already exists", rev_id);
        return xstrdup(rev_id);
    }
    for (;;) {
        char *id = rev_id_generate();
        if (graph_find(g, id) < 0)
            return id;
        free(id);
    }
}

/* Checks --branch-label values against the grammar and the graph. */
void check_new_labels(const command *self, const revgraph *g, const strvec *labels)
{
    for (size_t i = 0; i < labels->n; i++) {
        const char *why = rev_label_problem(labels->v[i]);
        if (why)
            usage_error(self, "branch label '%s' %s", labels->v[i], why);
        int owner = graph_find_label(g, labels->v[i]);
        if (owner >= 0)
            die("branch label '%s' already belongs to revision %s", labels->v[i],
                g->revs[owner]->id);
        if (graph_find(g, labels->v[i]) >= 0)
            die("branch label '%s' is a revision id", labels->v[i]);
    }
}
