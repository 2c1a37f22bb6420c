/* deparse: see deparse.h. */
#include "deparse.h"
#include "util.h"

#include <string.h>

char *deparse_stmt(const PgQuery__Node *stmt, strbuf *err)
{
    PgQuery__RawStmt raw = PG_QUERY__RAW_STMT__INIT;
    raw.stmt = (PgQuery__Node *)stmt;
    PgQuery__RawStmt *rawp = &raw;
    PgQuery__ParseResult pr = PG_QUERY__PARSE_RESULT__INIT;
    pr.version = 150001;
    pr.n_stmts = 1;
    pr.stmts = &rawp;
    size_t len = pg_query__parse_result__get_packed_size(&pr);
    uint8_t *buf = xmalloc(len);
    pg_query__parse_result__pack(&pr, buf);
    PgQueryProtobuf pb = {len, (char *)buf};
    PgQueryDeparseResult d = pg_query_deparse_protobuf(pb);
    free(buf);
    char *out = NULL;
    if (d.error)
        sb_addf(err, "cannot print SQL for this statement: %s", d.error->message);
    else
        out = xstrdup(d.query);
    pg_query_free_deparse_result(d);
    return out;
}

char *deparse_expr(const PgQuery__Node *expr, strbuf *err)
{
    PgQuery__ResTarget rt = PG_QUERY__RES_TARGET__INIT;
    rt.val = (PgQuery__Node *)expr;
    PgQuery__Node rtn = PG_QUERY__NODE__INIT;
    rtn.node_case = PG_QUERY__NODE__NODE_RES_TARGET;
    rtn.res_target = &rt;
    PgQuery__Node *rtp = &rtn;
    PgQuery__SelectStmt sel = PG_QUERY__SELECT_STMT__INIT;
    sel.n_target_list = 1;
    sel.target_list = &rtp;
    sel.op = PG_QUERY__SET_OPERATION__SETOP_NONE;
    sel.limit_option = PG_QUERY__LIMIT_OPTION__LIMIT_OPTION_DEFAULT;
    PgQuery__Node seln = PG_QUERY__NODE__INIT;
    seln.node_case = PG_QUERY__NODE__NODE_SELECT_STMT;
    seln.select_stmt = &sel;
    char *s = deparse_stmt(&seln, err);
    if (!s)
        return NULL;
    if (strncmp(s, "SELECT ", 7) != 0) {
        sb_addf(err, "unexpected deparser output: %s", s);
        free(s);
        return NULL;
    }
    memmove(s, s + 7, strlen(s + 7) + 1);
    return s;
}

PgQuery__Node *parse_stmt(const char *text, PgQuery__ParseResult **owner, strbuf *err)
{
    *owner = NULL;
    PgQueryProtobufParseResult r = pg_query_parse_protobuf(text);
    if (r.error) {
        sb_addf(err, "%s", r.error->message);
        pg_query_free_protobuf_parse_result(r);
        return NULL;
    }
    PgQuery__ParseResult *pr = pg_query__parse_result__unpack(
        NULL, r.parse_tree.len, (const uint8_t *)r.parse_tree.data);
    pg_query_free_protobuf_parse_result(r);
    if (!pr || pr->n_stmts != 1) {
        sb_addf(err, "expected one statement in: %s", text);
        if (pr)
            pg_query__parse_result__free_unpacked(pr, NULL);
        return NULL;
    }
    *owner = pr;
    return pr->stmts[0]->stmt;
}

PgQuery__Node *parse_expr(const char *text, PgQuery__ParseResult **owner, strbuf *err)
{
    char *sql = xasprintf("SELECT %s", text);
    PgQuery__Node *n = parse_stmt(sql, owner, err);
    free(sql);
    if (!n)
        return NULL;
    if (n->node_case != PG_QUERY__NODE__NODE_SELECT_STMT ||
        n->select_stmt->n_target_list != 1) {
        sb_addf(err, "not a single expression: %s", text);
        pg_query__parse_result__free_unpacked(*owner, NULL);
        *owner = NULL;
        return NULL;
    }
    return n->select_stmt->target_list[0]->res_target->val;
}
