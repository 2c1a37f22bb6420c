/* canon: canonical expressions.  See canon.h.
 * (First cut: deparse only; the normalisation rules land next.) */
#include "canon.h"
#include "deparse.h"
#include "pgnames.h"

char *canon_expr(canon_ctx *cx, PgQuery__Node *expr)
{
    return deparse_expr(expr, cx->err);
}

const char *canon_figure_colname(const PgQuery__Node *expr)
{
    const char *n = pgname_figure_colname(expr);
    return n ? n : "?column?";
}

char *canon_query(canon_ctx *cx, PgQuery__Node *query, strvec *colnames)
{
    if (query->node_case == PG_QUERY__NODE__NODE_SELECT_STMT) {
        PgQuery__SelectStmt *s = query->select_stmt;
        while (s->op != PG_QUERY__SET_OPERATION__SETOP_NONE && s->larg)
            s = s->larg;
        for (size_t i = 0; i < s->n_target_list; i++) {
            PgQuery__ResTarget *rt = s->target_list[i]->res_target;
            strvec_push(colnames, rt->name && *rt->name ? rt->name : canon_figure_colname(rt->val));
        }
    }
    return deparse_stmt(query, cx->err);
}
