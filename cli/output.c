/* output: the conventions every command prints by.
 *
 * - Results on stdout, everything else (errors, progress, warnings) on
 *   stderr, so `sqlc heads --format json | jq` always sees a document.
 * - Colour only on a terminal and only when NO_COLOR is unset: one rule,
 *   one function (cli_color), so no command decides on its own.
 * - Machine formats: JSON through json-c (each document starts with
 *   "version": 1, the shapes are in the README), and GitHub Actions
 *   annotations, whose escaping the runner defines (% \r \n in the
 *   message, and also : , in properties).
 * - "Did you mean": the flags a command documents are read back from its
 *   help text's option lines, which the help_flags test keeps equal to
 *   the getopt tables, so a suggestion is always a flag that works. */
#include "cli.h"

#include <string.h>
#include <unistd.h>

bool cli_color(FILE *f)
{
    /* Earlier behaviour (sqlc diff): any NO_COLOR, even empty, turns it off. */
    return isatty(fileno(f)) && !getenv("NO_COLOR");
}

int cli_format(const command *self, const char *arg, const char *const *allowed)
{
    size_t n = 0;
    for (; allowed[n]; n++)
        if (!strcmp(arg, allowed[n]))
            return (int)n;
    strbuf sb = STRBUF_INIT;
    for (size_t i = 0; i < n; i++)
        sb_addf(&sb, "%s%s", i == 0 ? "" : i + 1 == n ? " or " : ", ", allowed[i]);
    usage_error(self, "--format must be %s, not '%s'", sb.buf, arg);
}

json_object *cli_json_doc(void)
{
    json_object *doc = json_object_new_object();
    json_object_object_add(doc, "version", json_object_new_int(1));
    return doc;
}

void cli_json_print(json_object *doc, FILE *out)
{
    fputs(json_object_to_json_string_ext(doc, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED
                                                  | JSON_C_TO_STRING_NOSLASHESCAPE), out);
    fputc('\n', out);
    json_object_put(doc);
}

static json_object *strvec_json(const strvec *v)
{
    json_object *a = json_object_new_array();
    for (size_t i = 0; i < v->n; i++)
        json_object_array_add(a, json_object_new_string(v->v[i]));
    return a;
}

json_object *rev_json(const revgraph *g, int ix)
{
    const revision *r = g->revs[ix];
    json_object *j = json_object_new_object();
    json_object_object_add(j, "id", json_object_new_string(r->id));
    json_object_object_add(j, "parents", strvec_json(&r->parents));
    json_object *ch = json_object_new_array();
    for (size_t i = 0; i < r->nchildren; i++)
        json_object_array_add(ch, json_object_new_string(g->revs[r->child_ix[i]]->id));
    json_object_object_add(j, "children", ch);
    json_object_object_add(j, "message", json_object_new_string(r->message));
    json_object_object_add(j, "branch_labels", strvec_json(&r->branch_labels));
    json_object_object_add(j, "depends_on", strvec_json(&r->depends_on));
    json_object_object_add(j, "created", r->created ? json_object_new_string(r->created) : NULL);
    json_object_object_add(j, "path", json_object_new_string(r->src.path));
    if (r->down_src)
        json_object_object_add(j, "downgrade_path", json_object_new_string(r->down_src->path));
    json_object_object_add(j, "transaction", json_object_new_boolean(r->transactional));
    json_object_object_add(j, "head", json_object_new_boolean(r->nchildren == 0));
    json_object_object_add(j, "branchpoint", json_object_new_boolean(r->nchildren > 1));
    json_object_object_add(j, "mergepoint", json_object_new_boolean(r->parents.n > 1));
    return j;
}

json_object *diag_json(const diag *d)
{
    static const char *const sev[] = {"error", "warning", "note"};
    json_object *j = json_object_new_object();
    json_object_object_add(j, "severity", json_object_new_string(sev[d->sev]));
    if (d->path)
        json_object_object_add(j, "file", json_object_new_string(d->path));
    if (d->line)
        json_object_object_add(j, "line", json_object_new_int(d->line));
    if (d->col)
        json_object_object_add(j, "column", json_object_new_int(d->col));
    json_object_object_add(j, "message", json_object_new_string(d->msg));
    return j;
}

/* The runner's escaping: messages lose %, CR and LF; properties also : and ,. */
static void gh_escape(strbuf *out, const char *s, bool property)
{
    for (; *s; s++) {
        switch (*s) {
        case '%': sb_adds(out, "%25"); break;
        case '\r': sb_adds(out, "%0D"); break;
        case '\n': sb_adds(out, "%0A"); break;
        case ':': sb_adds(out, property ? "%3A" : ":"); break;
        case ',': sb_adds(out, property ? "%2C" : ","); break;
        default: sb_addc(out, *s);
        }
    }
}

void gh_annotation(strbuf *out, const char *level, const char *file, int line, int col,
                   const char *msg)
{
    sb_addf(out, "::%s", level);
    if (file) {
        sb_adds(out, " file=");
        gh_escape(out, file, true);
        if (line > 0)
            sb_addf(out, ",line=%d", line);
        if (line > 0 && col > 0)
            sb_addf(out, ",col=%d", col);
    }
    sb_adds(out, "::");
    gh_escape(out, msg, false);
    sb_addc(out, '\n');
}

void help_flags(const command *cmd, strvec *out)
{
    /* An option line starts with blanks and a dash: "  -o, --output FILE   ..."
     * The flags are the words before the first run of two blanks after it. */
    for (const char *line = cmd->usage; *line;) {
        const char *end = strchrnul(line, '\n');
        const char *p = line;
        while (p < end && *p == ' ')
            p++;
        if (p > line && p < end && *p == '-') {
            const char *stop = p;
            while (stop < end && !(stop[0] == ' ' && stop + 1 < end && stop[1] == ' '))
                stop++;
            for (const char *q = p; q + 2 < stop; q++) {
                if (q[0] != '-' || q[1] != '-' || (q > p && q[-1] != ' '))
                    continue;
                size_t n = strspn(q + 2, "abcdefghijklmnopqrstuvwxyz0123456789-");
                char *flag = xstrndup(q + 2, n);
                if (n && !strvec_has(out, flag))
                    strvec_push(out, flag);
                free(flag);
                q += 1 + n;
            }
        }
        line = *end ? end + 1 : end;
    }
}

size_t edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    size_t *row = xcalloc(lb + 1, sizeof(size_t));
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t corner = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j];
            size_t best = corner + (a[i - 1] != b[j - 1]);
            if (up + 1 < best)
                best = up + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            corner = up;
        }
    }
    size_t d = row[lb];
    free(row);
    return d;
}
