/* diff_print: a change list as a report, a script or JSON.
 *
 * text  groups changes under their top-level object (a table's columns,
 *       constraints and indexes under the table), objects by name, with
 *       "+", "-", "~" and ">" (rename) marks, details, and hazard codes;
 *       colour only when asked (the caller decides: a TTY, no NO_COLOR);
 * sql   the statements in dependency order, each change introduced by a
 *       comment naming it and its hazards, so a reviewer reads the script
 *       and the report as one; `reverse` prints every change's undo in
 *       the opposite order;
 * json  the documented shape (README), through json-c. */
#include "diff_int.h"

#include <json-c/json.h>
#include <string.h>

static const char *op_name(char op)
{
    switch (op) {
    case CH_CREATE: return "create";
    case CH_DROP: return "drop";
    case CH_RENAME: return "rename";
    default: return "alter";
    }
}

static void hazard_codes(unsigned h, strbuf *sb)
{
    for (int i = 0; i < HZ__COUNT; i++)
        if (h & (1u << i))
            sb_addf(sb, "%s%s", sb->len ? ", " : "", hazard_get(i)->code);
}

/* "+ table public.t: detail  [codes]": the line both the report and the
 * script comments use. */
static void change_line(const change *c, const char *hz_sep, strbuf *out)
{
    sb_addf(out, "%c %s %s", c->op, c->kind, c->object);
    if (c->detail)
        sb_addf(out, ": %s", c->detail);
    if (c->hazards) {
        strbuf h = STRBUF_INIT;
        hazard_codes(c->hazards, &h);
        sb_addf(out, "%s[%s]", hz_sep, h.buf);
        sb_release(&h);
    }
}

static const char *evidence_label(const change *c)
{
    return c->op == CH_RENAME ? "evidence: " : "possible rename: ";
}

/* ---- text --------------------------------------------------------------------------- */

typedef struct group_ref {
    char *name;
    size_t ix;
} group_ref;

static int cmp_group(const void *x, const void *y)
{
    const group_ref *a = x, *b = y;
    int c = strcmp(a->name, b->name);
    return c ? c : (a->ix < b->ix ? -1 : a->ix > b->ix);
}

void diff_print_text(const changeset *cs, const diff_print_opts *o, strbuf *out)
{
    static const diff_print_opts defaults = {0};
    if (!o)
        o = &defaults;
    if (!cs->n) {
        sb_adds(out, "No differences.\n");
        return;
    }
    group_ref *g = xcalloc(cs->n + 1, sizeof(*g));
    for (size_t i = 0; i < cs->n; i++) {
        g[i].name = cs->v[i]->group;
        g[i].ix = i;
    }
    qsort(g, cs->n, sizeof(*g), cmp_group);
    const char *prev = NULL;
    unsigned all = 0;
    for (size_t k = 0; k < cs->n; k++) {
        const change *c = cs->v[g[k].ix];
        all |= c->hazards;
        /* A change of a part (column, index, ...) is listed under its
         * top-level object; the object's own change is the heading. */
        size_t own = strlen(c->kind) + 1 + strlen(c->object);
        bool is_top = strlen(c->group) == own && str_starts_with(c->group, c->kind)
                      && !strcmp(c->group + strlen(c->kind) + 1, c->object);
        if ((!prev || strcmp(prev, g[k].name)) && !is_top)
            sb_addf(out, "~ %s\n", g[k].name);
        prev = g[k].name;
        const char *color = !o->color ? "" : c->op == CH_CREATE ? "\033[32m"
                          : c->op == CH_DROP ? "\033[31m" : c->op == CH_RENAME ? "\033[36m" : "\033[33m";
        sb_addf(out, "%s%s", is_top ? "" : "    ", color);
        change_line(c, "  ", out);
        if (o->color)
            sb_adds(out, "\033[0m");
        sb_addc(out, '\n');
        if (c->evidence)
            sb_addf(out, "%s      %s%s\n", is_top ? "" : "    ", evidence_label(c), c->evidence);
    }
    size_t counts[4] = {0, 0, 0, 0};
    for (size_t i = 0; i < cs->n; i++) {
        char op = cs->v[i]->op;
        counts[op == CH_CREATE ? 0 : op == CH_DROP ? 1 : op == CH_ALTER ? 2 : 3]++;
    }
    sb_addf(out, "\n%zu change%s: %zu to create, %zu to drop, %zu to alter, %zu to rename.\n",
            cs->n, cs->n == 1 ? "" : "s", counts[0], counts[1], counts[2], counts[3]);
    for (int i = 0; i < HZ__COUNT; i++)
        if (all & (1u << i))
            sb_addf(out, "hazard %s: %s\n", hazard_get(i)->code, hazard_get(i)->reason);
    free(g);
}

/* ---- sql ------------------------------------------------------------------------------- */

static void change_comment(const change *c, strbuf *out)
{
    sb_adds(out, "-- ");
    change_line(c, " ", out);
    sb_addc(out, '\n');
    if (c->evidence)
        sb_addf(out, "-- %s%s\n", evidence_label(c), c->evidence);
}

void diff_print_sql(const changeset *cs, const diff_print_opts *o, strbuf *out)
{
    bool rev = o && o->reverse;
    /* SQL function bodies are checked at CREATE time against tables that
     * may come later in the script; pg_dump turns the check off too. */
    for (size_t i = 0; i < cs->n; i++) {
        const strvec *sv = rev ? &cs->v[i]->reverse : &cs->v[i]->sql;
        bool fn = false;
        for (size_t k = 0; k < sv->n && !fn; k++)
            fn = strstr(sv->v[k], "CREATE FUNCTION ") || strstr(sv->v[k], "CREATE OR REPLACE FUNCTION ")
                 || strstr(sv->v[k], "CREATE PROCEDURE ") || strstr(sv->v[k], "CREATE OR REPLACE PROCEDURE ");
        if (fn) {
            sb_adds(out, "SET check_function_bodies = false;\n");
            break;
        }
    }
    for (size_t k = 0; k < cs->n; k++) {
        const change *c = cs->v[rev ? cs->n - 1 - k : k];
        const strvec *sv = rev ? &c->reverse : &c->sql;
        if (!sv->n)
            continue;
        if (out->len)
            sb_addc(out, '\n');
        change_comment(c, out);
        for (size_t i = 0; i < sv->n; i++)
            sb_adds(out, sv->v[i]);
    }
}

/* ---- json ---------------------------------------------------------------------------------- */

static json_object *stmts_json(const strvec *sv)
{
    json_object *a = json_object_new_array();
    for (size_t i = 0; i < sv->n; i++) {
        size_t n = strlen(sv->v[i]);
        while (n && sv->v[i][n - 1] == '\n')
            n--;
        json_object_array_add(a, json_object_new_string_len(sv->v[i], (int)n));
    }
    return a;
}

void diff_print_json(const changeset *cs, strbuf *out)
{
    json_object *root = json_object_new_object();
    json_object_object_add(root, "version", json_object_new_int(1));
    json_object *arr = json_object_new_array();
    unsigned all = 0;
    for (size_t i = 0; i < cs->n; i++) {
        const change *c = cs->v[i];
        all |= c->hazards;
        json_object *j = json_object_new_object();
        json_object_object_add(j, "op", json_object_new_string(op_name(c->op)));
        json_object_object_add(j, "kind", json_object_new_string(c->kind));
        json_object_object_add(j, "object", json_object_new_string(c->object));
        if (c->detail)
            json_object_object_add(j, "detail", json_object_new_string(c->detail));
        json_object_object_add(j, "sql", stmts_json(&c->sql));
        json_object_object_add(j, "reverse", stmts_json(&c->reverse));
        json_object *h = json_object_new_array();
        for (int k = 0; k < HZ__COUNT; k++)
            if (c->hazards & (1u << k))
                json_object_array_add(h, json_object_new_string(hazard_get(k)->code));
        json_object_object_add(j, "hazards", h);
        if (c->evidence) {
            json_object_object_add(j, "evidence", json_object_new_string(c->evidence));
            if (c->op == CH_RENAME)
                json_object_object_add(j, "confidence", json_object_new_double(c->confidence));
        }
        if (c->notx)
            json_object_object_add(j, "transaction", json_object_new_boolean(0));
        json_object_array_add(arr, j);
    }
    json_object_object_add(root, "changes", arr);
    json_object *hz = json_object_new_array();
    for (int k = 0; k < HZ__COUNT; k++)
        if (all & (1u << k)) {
            json_object *e = json_object_new_object();
            json_object_object_add(e, "code", json_object_new_string(hazard_get(k)->code));
            json_object_object_add(e, "severity", json_object_new_string(severity_name(hazard_get(k)->sev)));
            json_object_object_add(e, "reason", json_object_new_string(hazard_get(k)->reason));
            json_object_array_add(hz, e);
        }
    json_object_object_add(root, "hazards", hz);
    sb_adds(out, json_object_to_json_string_ext(root, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED
                                                       | JSON_C_TO_STRING_NOSLASHESCAPE));
    sb_addc(out, '\n');
    json_object_put(root);
}
