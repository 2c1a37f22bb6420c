/* diff_hints: "-- sqlc:renamed-from OLD" annotations in a desired schema.
 *
 * The annotation sits on its own line right before what was renamed:
 *
 *   -- sqlc:renamed-from users           before CREATE TABLE / VIEW / INDEX /
 *   CREATE TABLE people (                 TYPE / FUNCTION: that object
 *       id bigint,
 *       -- sqlc:renamed-from name        before a column or a CONSTRAINT
 *       full_name text                    inside CREATE TABLE: that element
 *   );
 *   CREATE TYPE mood AS ENUM (
 *       -- sqlc:renamed-from 'glad'      before a label: that enum value
 *       'happy', 'sad');
 *
 * The annotated object is found from the token after the comment: a
 * statement's first token makes it the statement's object (its name from
 * the parse tree); otherwise the token is the element's own name.  OLD is
 * an identifier as SQL writes it (folded to lower case unless quoted), or
 * a string literal for an enum value. */
#include "diff_int.h"

#include <ctype.h>
#include <string.h>

#include "sqlparse.h"

/* Reads one token at s[*pos]: a quoted identifier, a string literal or a
 * bare word (folded to lower case).  Returns NULL at anything else. */
static char *read_token(const char *s, size_t *pos, size_t end, bool *literal)
{
    size_t i = *pos;
    strbuf sb = STRBUF_INIT;
    *literal = false;
    if (i < end && (s[i] == '"' || s[i] == '\'')) {
        char q = s[i++];
        *literal = q == '\'';
        for (; i < end; i++) {
            if (s[i] == q) {
                if (i + 1 < end && s[i + 1] == q) {
                    sb_addc(&sb, q);
                    i++;
                    continue;
                }
                break;
            }
            sb_addc(&sb, s[i]);
        }
        if (i >= end) {
            sb_release(&sb);
            return NULL;
        }
        *pos = i + 1;
        return sb_detach(&sb);
    }
    while (i < end && (isalnum((unsigned char)s[i]) || s[i] == '_' || s[i] == '$' || (unsigned char)s[i] >= 0x80))
        sb_addc(&sb, (char)tolower((unsigned char)s[i++]));
    if (!sb.len)
        return NULL;
    *pos = i;
    return sb_detach(&sb);
}

static void set_from_rangevar(rename_hint *h, const PgQuery__RangeVar *rv)
{
    h->schema = xstrdup(rv->schemaname && *rv->schemaname ? rv->schemaname : "public");
    h->name = xstrdup(rv->relname);
}

static void set_from_names(rename_hint *h, PgQuery__Node **names, size_t n)
{
    const char *schema = "public", *name = "";
    if (n >= 2 && names[n - 2]->node_case == PG_QUERY__NODE__NODE_STRING)
        schema = names[n - 2]->string->sval;
    if (n >= 1 && names[n - 1]->node_case == PG_QUERY__NODE__NODE_STRING)
        name = names[n - 1]->string->sval;
    h->schema = xstrdup(schema);
    h->name = xstrdup(name);
}

/* The statement's own object, for an annotation right before it. */
static bool statement_target(const PgQuery__Node *n, rename_hint *h)
{
    switch (n->node_case) {
    case PG_QUERY__NODE__NODE_CREATE_STMT:
        h->kind = "table";
        set_from_rangevar(h, n->create_stmt->relation);
        return true;
    case PG_QUERY__NODE__NODE_VIEW_STMT:
        h->kind = "view";
        set_from_rangevar(h, n->view_stmt->view);
        return true;
    case PG_QUERY__NODE__NODE_CREATE_TABLE_AS_STMT:
        h->kind = "view";
        set_from_rangevar(h, n->create_table_as_stmt->into->rel);
        return true;
    case PG_QUERY__NODE__NODE_INDEX_STMT:
        h->kind = "index";
        h->schema = xstrdup(n->index_stmt->relation->schemaname && *n->index_stmt->relation->schemaname
                                ? n->index_stmt->relation->schemaname : "public");
        h->name = xstrdup(n->index_stmt->idxname);
        return true;
    case PG_QUERY__NODE__NODE_CREATE_ENUM_STMT:
        h->kind = "type";
        set_from_names(h, n->create_enum_stmt->type_name, n->create_enum_stmt->n_type_name);
        return true;
    case PG_QUERY__NODE__NODE_COMPOSITE_TYPE_STMT:
        h->kind = "type";
        set_from_rangevar(h, n->composite_type_stmt->typevar);
        return true;
    case PG_QUERY__NODE__NODE_CREATE_DOMAIN_STMT:
        h->kind = "type";
        set_from_names(h, n->create_domain_stmt->domainname, n->create_domain_stmt->n_domainname);
        return true;
    case PG_QUERY__NODE__NODE_CREATE_FUNCTION_STMT:
        h->kind = "function";
        set_from_names(h, n->create_function_stmt->funcname, n->create_function_stmt->n_funcname);
        return true;
    default:
        return false;
    }
}

/* An annotation inside a statement: a column, a CONSTRAINT or a label. */
static bool element_target(const PgQuery__Node *n, const char *s, size_t pos, size_t end, rename_hint *h)
{
    bool literal;
    char *tok = read_token(s, &pos, end, &literal);
    if (!tok)
        return false;
    if (n->node_case == PG_QUERY__NODE__NODE_CREATE_STMT && !literal) {
        set_from_rangevar(h, n->create_stmt->relation);
        h->parent = h->name;
        h->kind = "column";
        if (!strcmp(tok, "constraint")) {
            free(tok);
            pos = sql_skip_space(s, pos, end);
            tok = read_token(s, &pos, end, &literal);
            if (!tok)
                return false;
            h->kind = "constraint";
        }
        h->name = tok;
        return true;
    }
    if (n->node_case == PG_QUERY__NODE__NODE_CREATE_ENUM_STMT && literal) {
        set_from_names(h, n->create_enum_stmt->type_name, n->create_enum_stmt->n_type_name);
        h->parent = h->name;
        h->kind = "enum value";
        h->name = tok;
        return true;
    }
    free(tok);
    return false;
}

static const char MARK[] = "sqlc:renamed-from";

int rename_hints_read(const char *path, const char *text, size_t len, rename_hints *out, strbuf *err)
{
    if (!strstr(text, MARK))
        return 0; /* the common case: nothing to parse twice */
    srcfile f;
    srcfile_init(&f, path, xstrndup(text, len), len);
    parsed_sql ps = {0};
    diaglist dl = DIAGLIST_INIT;
    int rc = 0;
    if (sql_parse(&f, 0, len, &ps, &dl) < 0) {
        diag_clear(&dl);
        srcfile_release(&f);
        return 0; /* the replay of the same file reports the syntax error */
    }
    for (const char *p = strstr(f.text, MARK); p && rc == 0; p = strstr(p + 1, MARK)) {
        size_t at = (size_t)(p - f.text);
        int line, col;
        srcfile_locate(&f, at, &line, &col);
        /* Only a "--" comment holding nothing but the annotation. */
        size_t k = srcfile_line_start(&f, line);
        while (k < at && (f.text[k] == ' ' || f.text[k] == '\t'))
            k++;
        if (k + 2 > at || strncmp(f.text + k, "--", 2))
            continue;
        for (k += 2; k < at && (f.text[k] == ' ' || f.text[k] == '\t'); k++)
            ;
        if (k != at)
            continue;
        size_t pos = at + strlen(MARK);
        while (pos < len && (f.text[pos] == ' ' || f.text[pos] == '\t'))
            pos++;
        bool literal;
        char *old = read_token(f.text, &pos, len, &literal);
        size_t eol = pos;
        while (eol < len && f.text[eol] != '\n')
            eol++;
        rename_hint h = {0};
        h.where = xasprintf("%s:%d", path, line);
        if (!old || sql_skip_space(f.text, pos, eol) < eol) {
            sb_addf(err, "%s: '-- %s' needs exactly one name after it", h.where, MARK);
            free(old);
            free(h.where);
            rc = -1;
            break;
        }
        h.from = old;
        size_t next = sql_skip_space(f.text, eol, len);
        bool found = false;
        for (size_t i = 0; i < ps.n && !found; i++) {
            const stmt *st = &ps.stmts[i];
            if (st->off == next)
                found = statement_target(st->node, &h);
            else if (st->off < next && next < st->off + st->len)
                found = element_target(st->node, f.text, next, st->off + st->len, &h);
        }
        if (!found) {
            sb_addf(err, "%s: '-- %s %s' is not right before a table, column, constraint, index, view, type, enum value or function",
                    h.where, MARK, old);
            free(h.schema);
            free(h.parent);
            free(h.name);
            free(h.from);
            free(h.where);
            rc = -1;
            break;
        }
        ALLOC_GROW(out->v, out->n + 1, out->alloc);
        out->v[out->n++] = h;
    }
    parsed_sql_release(&ps);
    diag_clear(&dl);
    srcfile_release(&f);
    return rc;
}

void rename_hints_release(rename_hints *hs)
{
    for (size_t i = 0; i < hs->n; i++) {
        free(hs->v[i].schema);
        free(hs->v[i].parent);
        free(hs->v[i].name);
        free(hs->v[i].from);
        free(hs->v[i].where);
    }
    free(hs->v);
    memset(hs, 0, sizeof(*hs));
}
