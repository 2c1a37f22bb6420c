/* diff_html: a change list as one self-contained HTML drift report.
 *
 * For people who read drift in a browser or attach it to a ticket: one
 * file, no external assets (styles and the one script are inline, no
 * fonts, images or links to fetch), so it opens the same offline, in a CI
 * artifact or in a mail.
 *
 * Layout: a header with the two sources and the summary, then one section
 * per top-level object (the grouping of the text report: a table's
 * columns, constraints and indexes under the table), each change a row
 * with its mark, kind, object and detail, hazard badges by severity, and
 * its SQL folded under <details>.  A change that carries a hazard is
 * highlighted by its worst severity; the hazards' reasons close the page.
 *
 * Every change row carries data-op and data-hazards, and the script
 * counts the rows *as rendered* into the summary ("3 changes"), so a
 * browser test that reads the count checks what a reader sees, not what
 * the printer meant to write. */
#include "diff_int.h"

#include <string.h>

static void esc(strbuf *out, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '&': sb_adds(out, "&amp;"); break;
        case '<': sb_adds(out, "&lt;"); break;
        case '>': sb_adds(out, "&gt;"); break;
        case '"': sb_adds(out, "&quot;"); break;
        case '\'': sb_adds(out, "&#39;"); break;
        default: sb_addc(out, *s);
        }
    }
}

static const char *op_word(char op)
{
    switch (op) {
    case CH_CREATE: return "create";
    case CH_DROP: return "drop";
    case CH_RENAME: return "rename";
    default: return "alter";
    }
}

static const char STYLE[] =
    "body{font:15px/1.45 system-ui,sans-serif;margin:2em auto;max-width:60em;padding:0 1em;color:#1d232a}"
    "h1{font-size:1.5em;margin:0 0 .2em}h2{font-size:1.05em;margin:1.4em 0 .4em;border-bottom:1px solid #d4d9de}"
    "code,pre{font-family:ui-monospace,monospace;font-size:.92em}"
    ".sources{color:#57606a;margin:0}#count{font-weight:600}"
    "ul{list-style:none;padding:0;margin:0}"
    "li.change{padding:.35em .6em;margin:.2em 0;border-left:4px solid transparent;border-radius:3px}"
    "li.sev-error{border-left-color:#cf222e;background:#ffebe9}"
    "li.sev-warning{border-left-color:#bf8700;background:#fff8c5}"
    "li.sev-info{border-left-color:#8c959f;background:#f6f8fa}"
    ".op{display:inline-block;width:1.2em;font-weight:700}"
    ".op-create .op{color:#1a7f37}.op-drop .op{color:#cf222e}.op-alter .op{color:#9a6700}.op-rename .op{color:#0969da}"
    ".kind{color:#57606a}.detail{color:#1d232a}"
    ".hz{display:inline-block;font-size:.8em;padding:0 .45em;margin-left:.4em;border-radius:1em;color:#fff}"
    ".hz.error{background:#cf222e}.hz.warning{background:#bf8700}.hz.info{background:#6e7781}"
    ".evidence{color:#57606a;font-size:.9em;margin:.1em 0 0 1.2em}"
    "details{margin:.2em 0 0 1.2em}pre{background:#f6f8fa;padding:.5em;overflow:auto;margin:.3em 0}"
    "dl.hazards dt{font-weight:600}dl.hazards dd{margin:0 0 .5em 1em}"
    ".none{color:#1a7f37;font-weight:600}";

/* Counts the rows the browser rendered and writes the summary from them. */
static const char SCRIPT[] =
    "(function(){"
    "var rows=document.querySelectorAll('li.change');"
    "var n=rows.length,ops={create:0,drop:0,alter:0,rename:0},hz=0;"
    "for(var i=0;i<n;i++){ops[rows[i].getAttribute('data-op')]++;if(rows[i].getAttribute('data-hazards'))hz++;}"
    "var c=document.getElementById('count');"
    "c.textContent=n+(n==1?' change':' changes');"
    "c.setAttribute('data-rendered',String(n));"
    "document.getElementById('breakdown').textContent=n?': '+ops.create+' to create, '+ops.drop+' to drop, '"
    "+ops.alter+' to alter, '+ops.rename+' to rename; '+hz+' with hazards':'';"
    "})();";

static int worst_severity(unsigned hazards)
{
    int worst = -1;
    for (int k = 0; k < HZ__COUNT; k++)
        if (hazards & (1u << k) && (int)hazard_get(k)->sev > worst)
            worst = (int)hazard_get(k)->sev;
    return worst;
}

static void change_row(const change *c, strbuf *out)
{
    strbuf codes = STRBUF_INIT;
    for (int k = 0; k < HZ__COUNT; k++)
        if (c->hazards & (1u << k))
            sb_addf(&codes, "%s%s", codes.len ? " " : "", hazard_get(k)->code);
    int sev = worst_severity(c->hazards);
    sb_addf(out, "<li class=\"change op-%s%s%s\" data-op=\"%s\" data-hazards=\"%s\">", op_word(c->op),
            sev >= 0 ? " sev-" : "", sev >= 0 ? severity_name((hz_severity)sev) : "", op_word(c->op),
            sb_str(&codes));
    sb_addf(out, "<span class=\"op\">%c</span> <span class=\"kind\">", c->op);
    esc(out, c->kind);
    sb_adds(out, "</span> <code>");
    esc(out, c->object);
    sb_adds(out, "</code>");
    if (c->detail) {
        sb_adds(out, ": <span class=\"detail\">");
        esc(out, c->detail);
        sb_adds(out, "</span>");
    }
    for (int k = 0; k < HZ__COUNT; k++)
        if (c->hazards & (1u << k)) {
            sb_addf(out, "<span class=\"hz %s\" title=\"", severity_name(hazard_get(k)->sev));
            esc(out, hazard_get(k)->reason);
            sb_addf(out, "\">%s</span>", hazard_get(k)->code);
        }
    if (c->evidence) {
        sb_addf(out, "<div class=\"evidence\">%s", c->op == CH_RENAME ? "evidence: " : "possible rename: ");
        esc(out, c->evidence);
        sb_adds(out, "</div>");
    }
    if (c->sql.n) {
        sb_adds(out, "<details><summary>SQL</summary><pre>");
        for (size_t i = 0; i < c->sql.n; i++)
            esc(out, c->sql.v[i]);
        sb_adds(out, "</pre></details>");
    }
    sb_adds(out, "</li>\n");
    sb_release(&codes);
}

typedef struct ref {
    const char *group;
    size_t ix;
} ref;

static int cmp_ref(const void *x, const void *y)
{
    const ref *a = x, *b = y;
    int c = strcmp(a->group, b->group);
    return c ? c : (a->ix > b->ix) - (a->ix < b->ix);
}

void diff_print_html(const changeset *cs, const char *from, const char *to, strbuf *out)
{
    sb_adds(out, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
                 "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\n"
                 "<title>sqlc drift report</title>\n<style>");
    sb_adds(out, STYLE);
    sb_adds(out, "</style></head>\n<body>\n<header><h1>Schema drift report</h1>\n<p class=\"sources\">from <code>");
    esc(out, from);
    sb_adds(out, "</code> to <code>");
    esc(out, to);
    sb_addf(out, "</code></p>\n<p id=\"summary\" data-changes=\"%zu\"><span id=\"count\">%zu change%s</span>"
                 "<span id=\"breakdown\"></span></p></header>\n",
            cs->n, cs->n, cs->n == 1 ? "" : "s");
    if (!cs->n)
        sb_adds(out, "<p class=\"none\">No differences.</p>\n");
    ref *refs = xcalloc(cs->n + 1, sizeof(*refs));
    unsigned all = 0;
    for (size_t i = 0; i < cs->n; i++) {
        refs[i].group = cs->v[i]->group;
        refs[i].ix = i;
        all |= cs->v[i]->hazards;
    }
    qsort(refs, cs->n, sizeof(*refs), cmp_ref);
    for (size_t k = 0; k < cs->n; k++) {
        if (k == 0 || strcmp(refs[k - 1].group, refs[k].group)) {
            if (k)
                sb_adds(out, "</ul></section>\n");
            sb_adds(out, "<section class=\"group\" data-group=\"");
            esc(out, refs[k].group);
            sb_adds(out, "\"><h2>");
            esc(out, refs[k].group);
            sb_adds(out, "</h2><ul>\n");
        }
        change_row(cs->v[refs[k].ix], out);
    }
    if (cs->n)
        sb_adds(out, "</ul></section>\n");
    free(refs);
    if (all) {
        sb_adds(out, "<h2>Hazards</h2>\n<dl class=\"hazards\">\n");
        for (int k = 0; k < HZ__COUNT; k++)
            if (all & (1u << k)) {
                sb_addf(out, "<dt><span class=\"hz %s\">%s</span></dt><dd>", severity_name(hazard_get(k)->sev),
                        hazard_get(k)->code);
                esc(out, hazard_get(k)->reason);
                sb_adds(out, "</dd>\n");
            }
        sb_adds(out, "</dl>\n");
    }
    sb_adds(out, "<script>");
    sb_adds(out, SCRIPT);
    sb_adds(out, "</script>\n</body></html>\n");
}
