/* lint_print: a lint report as text, JSON or GitHub workflow commands.
 *
 * text    compiler-style: "file:line:col: warning[code]: message", the
 *         source line with a caret (diag.h draws it, as for every other
 *         diagnostic), then why, fix and the safe SQL, then one summary
 *         line; colour only when the caller asks (a TTY, no NO_COLOR);
 * json    {"version": 1, ...}, documented in the README, through json-c;
 * github  one ::error / ::warning / ::notice command per finding, which a
 *         GitHub Actions log turns into an annotation on the line. */
#include "lint.h"

#include <json-c/json.h>
#include <string.h>

/* ---- text ------------------------------------------------------------------------ */

static const char *sev_color(hz_severity s)
{
    return s == SEV_ERROR ? "\033[1;31m" : s == SEV_WARNING ? "\033[1;35m" : "\033[1;36m";
}

static void plural(strbuf *out, size_t n, const char *word)
{
    sb_addf(out, "%zu %s%s", n, word, n == 1 ? "" : "s");
}

void lint_print_text(const lint_report *r, bool color, strbuf *out)
{
    const char *bold = color ? "\033[1m" : "", *reset = color ? "\033[0m" : "";
    for (size_t i = 0; i < r->n; i++) {
        const lint_finding *fd = &r->v[i];
        sb_addf(out, "%s%s:%d:%d:%s %s%s[%s]:%s %s\n", bold, fd->path, fd->line, fd->col, reset,
                color ? sev_color(fd->sev) : "", severity_name(fd->sev), hazard_get(fd->code)->code,
                reset, fd->message);
        for (size_t k = 0; k < fd->detail.n; k++)
            sb_addf(out, "%s\n", fd->detail.v[k]);
        if (fd->excerpt)
            diag_excerpt(out, fd->line, fd->col, fd->excerpt);
        sb_addf(out, "  why: %s\n  fix: %s\n", hazard_get(fd->code)->reason, fd->fix);
        if (fd->rewrite) {
            sb_adds(out, "  safe SQL:\n");
            for (const char *l = fd->rewrite; *l;) {
                size_t n = strcspn(l, "\n");
                sb_addf(out, "      %.*s\n", (int)n, l);
                l += n + (l[n] == '\n');
            }
        }
    }
    sb_adds(out, "lint: ");
    plural(out, r->nrevs, "revision");
    if (r->scope)
        sb_addf(out, " (%s)", r->scope);
    sb_adds(out, ", ");
    plural(out, r->nstmts, "statement");
    sb_adds(out, ": ");
    if (!r->n) {
        sb_adds(out, "no findings");
    } else {
        plural(out, r->count[SEV_ERROR], "error");
        sb_adds(out, ", ");
        plural(out, r->count[SEV_WARNING], "warning");
        sb_addf(out, ", %zu info", r->count[SEV_INFO]);
    }
    if (r->nignored)
        sb_addf(out, " (%zu ignored by lint-ignore comments)", r->nignored);
    sb_addc(out, '\n');
}

/* ---- json ---------------------------------------------------------------------------- */

void lint_print_json(const lint_report *r, strbuf *out)
{
    json_object *root = json_object_new_object();
    json_object_object_add(root, "version", json_object_new_int(1));
    if (r->scope)
        json_object_object_add(root, "scope", json_object_new_string(r->scope));
    json_object_object_add(root, "revisions", json_object_new_int64((int64_t)r->nrevs));
    json_object_object_add(root, "statements", json_object_new_int64((int64_t)r->nstmts));
    json_object *sum = json_object_new_object();
    json_object_object_add(sum, "error", json_object_new_int64((int64_t)r->count[SEV_ERROR]));
    json_object_object_add(sum, "warning", json_object_new_int64((int64_t)r->count[SEV_WARNING]));
    json_object_object_add(sum, "info", json_object_new_int64((int64_t)r->count[SEV_INFO]));
    json_object_object_add(sum, "ignored", json_object_new_int64((int64_t)r->nignored));
    json_object_object_add(root, "summary", sum);
    json_object *list = json_object_new_array();
    for (size_t i = 0; i < r->n; i++) {
        const lint_finding *fd = &r->v[i];
        json_object *j = json_object_new_object();
        json_object_object_add(j, "code", json_object_new_string(hazard_get(fd->code)->code));
        json_object_object_add(j, "severity", json_object_new_string(severity_name(fd->sev)));
        json_object_object_add(j, "revision", json_object_new_string(fd->rev));
        json_object_object_add(j, "file", json_object_new_string(fd->path));
        json_object_object_add(j, "line", json_object_new_int(fd->line));
        json_object_object_add(j, "column", json_object_new_int(fd->col));
        json_object_object_add(j, "message", json_object_new_string(fd->message));
        json_object_object_add(j, "why", json_object_new_string(hazard_get(fd->code)->reason));
        json_object_object_add(j, "fix", json_object_new_string(fd->fix));
        if (fd->rewrite)
            json_object_object_add(j, "rewrite", json_object_new_string(fd->rewrite));
        if (fd->detail.n) {
            json_object *d = json_object_new_array();
            for (size_t k = 0; k < fd->detail.n; k++)
                json_object_array_add(d, json_object_new_string(fd->detail.v[k]));
            json_object_object_add(j, "detail", d);
        }
        json_object_array_add(list, j);
    }
    json_object_object_add(root, "findings", list);
    sb_adds(out, json_object_to_json_string_ext(root, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED |
                                                      JSON_C_TO_STRING_NOSLASHESCAPE));
    sb_addc(out, '\n');
    json_object_put(root);
}

/* ---- github ------------------------------------------------------------------------------ */

/* GitHub's escaping for workflow commands: '%', CR and LF in the message;
 * ':' and ',' too in a property. */
static void gh_escape(strbuf *out, const char *s, bool property)
{
    for (; *s; s++) {
        if (*s == '%')
            sb_adds(out, "%25");
        else if (*s == '\r')
            sb_adds(out, "%0D");
        else if (*s == '\n')
            sb_adds(out, "%0A");
        else if (property && *s == ':')
            sb_adds(out, "%3A");
        else if (property && *s == ',')
            sb_adds(out, "%2C");
        else
            sb_addc(out, *s);
    }
}

void lint_print_github(const lint_report *r, strbuf *out)
{
    for (size_t i = 0; i < r->n; i++) {
        const lint_finding *fd = &r->v[i];
        sb_addf(out, "::%s file=", fd->sev == SEV_ERROR ? "error" : fd->sev == SEV_WARNING ? "warning" : "notice");
        gh_escape(out, fd->path, true);
        sb_addf(out, ",line=%d,col=%d,title=", fd->line, fd->col);
        gh_escape(out, hazard_get(fd->code)->code, true);
        sb_adds(out, "::");
        strbuf msg = STRBUF_INIT;
        sb_addf(&msg, "%s\nwhy: %s\nfix: %s", fd->message, hazard_get(fd->code)->reason, fd->fix);
        for (size_t k = 0; k < fd->detail.n; k++)
            sb_addf(&msg, "\n%s", fd->detail.v[k]);
        if (fd->rewrite) {
            size_t n = strlen(fd->rewrite);
            sb_addf(&msg, "\nsafe SQL:\n%.*s", (int)(n && fd->rewrite[n - 1] == '\n' ? n - 1 : n), fd->rewrite);
        }
        gh_escape(out, msg.buf, false);
        sb_release(&msg);
        sb_addc(out, '\n');
    }
}

/* ---- rules ---------------------------------------------------------------------------------- */

void lint_print_rules(const int *levels, strbuf *out)
{
    for (int h = 0; h < HZ__COUNT; h++) {
        const hazard_info *hi = hazard_get(h);
        if (!(hi->by & HZ_BY_LINT))
            continue;
        int lv = levels ? levels[h] : LINT_DEFAULT;
        sb_addf(out, "%s (%s%s)\n    why: %s\n    fix: %s\n", hi->code,
                lv == LINT_OFF ? "off" : severity_name(lv == LINT_DEFAULT ? hi->sev : (hz_severity)lv),
                lv == LINT_DEFAULT ? "" : ", set in sqlc.ini", hi->reason, hi->fix);
    }
}
