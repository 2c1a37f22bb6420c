/* pgnames: PostgreSQL 15's generated object names.  See pgnames.h.
 *
 * The server builds these names from parse-analysed trees; we only have the
 * raw parse tree, so the two places that look at expressions work on raw
 * nodes: pgname_figure_colname() follows the server's rules for naming an
 * expression, which only ever look at raw node kinds anyway, and
 * pgname_check_column() finds column references by walking every message
 * of the tree through the protobuf-c descriptors, standing in for the
 * server's pull_var_clause() over the analysed expression.
 *
 * All lengths are in bytes, as on the server: NAMEDATALEN bounds bytes and
 * only the final clip respects character boundaries (UTF-8 assumed, the
 * encoding of every database we model). */
#include "pgnames.h"

#include <stdio.h>
#include <string.h>

#define MAX_NAME_BYTES (PG_NAMEDATALEN - 1)

/* Byte length of the UTF-8 character starting with c; stray bytes count 1. */
static size_t utf8_len(unsigned char c)
{
    if (c < 0x80)
        return 1;
    if ((c & 0xe0) == 0xc0)
        return 2;
    if ((c & 0xf0) == 0xe0)
        return 3;
    if ((c & 0xf8) == 0xf0)
        return 4;
    return 1;
}

size_t pgname_mbcliplen(const char *s, size_t len, size_t limit)
{
    size_t clen = 0;
    while (clen < len && s[clen]) {
        size_t l = utf8_len((unsigned char)s[clen]);
        if (clen + l > limit || clen + l > len)
            break;
        clen += l;
    }
    return clen;
}

char *pgname_make(const char *name1, const char *name2, const char *label)
{
    size_t n1 = strlen(name1);
    size_t n2 = name2 ? strlen(name2) : 0;
    size_t overhead = (label ? strlen(label) + 1 : 0) + (name2 ? 1 : 0);
    size_t avail = overhead < MAX_NAME_BYTES ? MAX_NAME_BYTES - overhead : 0;

    /* Take bytes from whichever part is longer (name2 on a tie), so a long
     * table name cannot squeeze the column part out entirely. */
    while (n1 + n2 > avail) {
        if (n1 > n2)
            n1--;
        else
            n2--;
    }
    n1 = pgname_mbcliplen(name1, n1, n1);
    if (name2)
        n2 = pgname_mbcliplen(name2, n2, n2);

    strbuf sb = STRBUF_INIT;
    sb_add(&sb, name1, n1);
    if (name2) {
        sb_addc(&sb, '_');
        sb_add(&sb, name2, n2);
    }
    if (label) {
        sb_addc(&sb, '_');
        sb_adds(&sb, label);
    }
    return sb_detach(&sb);
}

char *pgname_choose(const char *name1, const char *name2, const char *label,
                    pgname_taken_fn taken, void *ctx)
{
    char *name = pgname_make(name1, name2, label);
    for (unsigned pass = 1; taken && taken(name, ctx); pass++) {
        char *modlabel = xasprintf("%s%u", label ? label : "", pass);
        free(name);
        name = pgname_make(name1, name2, modlabel);
        free(modlabel);
    }
    return name;
}

static const char *str_node(const PgQuery__Node *n)
{
    return n && n->node_case == PG_QUERY__NODE__NODE_STRING ? n->string->sval : NULL;
}

/* Returns the name and sets *strong when the expression names itself
 * outright (a column, a function); weak names ("case", a cast's type) lose
 * to a strong name found deeper down, as on the server. */
static const char *figure(const PgQuery__Node *n, bool *strong)
{
    *strong = true;
    if (!n)
        goto none;
    switch (n->node_case) {
    case PG_QUERY__NODE__NODE_COLUMN_REF: {
        const char *name = NULL;
        for (size_t i = 0; i < n->column_ref->n_fields; i++)
            if (str_node(n->column_ref->fields[i]))
                name = str_node(n->column_ref->fields[i]);
        if (name)
            return name;
        goto none;
    }
    case PG_QUERY__NODE__NODE_A_INDIRECTION: {
        /* The last field selection wins; subscripts keep the base's name. */
        const PgQuery__AIndirection *ind = n->a_indirection;
        const char *name = NULL;
        for (size_t i = 0; i < ind->n_indirection; i++)
            if (str_node(ind->indirection[i]))
                name = str_node(ind->indirection[i]);
        if (name)
            return name;
        return figure(ind->arg, strong);
    }
    case PG_QUERY__NODE__NODE_FUNC_CALL:
        if (n->func_call->n_funcname &&
            str_node(n->func_call->funcname[n->func_call->n_funcname - 1]))
            return str_node(n->func_call->funcname[n->func_call->n_funcname - 1]);
        goto none;
    case PG_QUERY__NODE__NODE_A_EXPR:
        if (n->a_expr->kind == PG_QUERY__A__EXPR__KIND__AEXPR_NULLIF)
            return "nullif";
        goto none;
    case PG_QUERY__NODE__NODE_TYPE_CAST: {
        const char *name = figure(n->type_cast->arg, strong);
        if (name && *strong)
            return name;
        const PgQuery__TypeName *tn = n->type_cast->type_name;
        if (tn && tn->n_names && str_node(tn->names[tn->n_names - 1])) {
            *strong = false;
            return str_node(tn->names[tn->n_names - 1]);
        }
        return name;
    }
    case PG_QUERY__NODE__NODE_COLLATE_CLAUSE:
        return figure(n->collate_clause->arg, strong);
    case PG_QUERY__NODE__NODE_GROUPING_FUNC:
        return "grouping";
    case PG_QUERY__NODE__NODE_SUB_LINK:
        /* An expression sublink is named after its subquery's output,
         * which exists only after analysis; none is allowed in an index. */
        if (n->sub_link->sub_link_type == PG_QUERY__SUB_LINK_TYPE__EXISTS_SUBLINK)
            return "exists";
        if (n->sub_link->sub_link_type == PG_QUERY__SUB_LINK_TYPE__ARRAY_SUBLINK)
            return "array";
        goto none;
    case PG_QUERY__NODE__NODE_CASE_EXPR: {
        const char *name = figure(n->case_expr->defresult, strong);
        if (name && *strong)
            return name;
        *strong = false;
        return "case";
    }
    case PG_QUERY__NODE__NODE_A_ARRAY_EXPR:
        return "array";
    case PG_QUERY__NODE__NODE_ROW_EXPR:
        return "row";
    case PG_QUERY__NODE__NODE_COALESCE_EXPR:
        return "coalesce";
    case PG_QUERY__NODE__NODE_MIN_MAX_EXPR:
        if (n->min_max_expr->op == PG_QUERY__MIN_MAX_OP__IS_GREATEST)
            return "greatest";
        if (n->min_max_expr->op == PG_QUERY__MIN_MAX_OP__IS_LEAST)
            return "least";
        goto none;
    case PG_QUERY__NODE__NODE_SQLVALUE_FUNCTION:
        switch (n->sqlvalue_function->op) {
        case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_DATE:
            return "current_date";
        case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_TIME:
        case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_TIME_N:
            return "current_time";
        case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_TIMESTAMP:
        case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_TIMESTAMP_N:
            return "current_timestamp";
        case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_LOCALTIME:
        case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_LOCALTIME_N:
            return "localtime";
        case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_LOCALTIMESTAMP:
        case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_LOCALTIMESTAMP_N:
            return "localtimestamp";
        case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_ROLE:
            return "current_role";
        case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_USER:
            return "current_user";
        case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_USER:
            return "user";
        case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_SESSION_USER:
            return "session_user";
        case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_CATALOG:
            return "current_catalog";
        case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_SCHEMA:
            return "current_schema";
        default:
            goto none;
        }
    case PG_QUERY__NODE__NODE_XML_EXPR:
        switch (n->xml_expr->op) {
        case PG_QUERY__XML_EXPR_OP__IS_XMLCONCAT:
            return "xmlconcat";
        case PG_QUERY__XML_EXPR_OP__IS_XMLELEMENT:
            return "xmlelement";
        case PG_QUERY__XML_EXPR_OP__IS_XMLFOREST:
            return "xmlforest";
        case PG_QUERY__XML_EXPR_OP__IS_XMLPARSE:
            return "xmlparse";
        case PG_QUERY__XML_EXPR_OP__IS_XMLPI:
            return "xmlpi";
        case PG_QUERY__XML_EXPR_OP__IS_XMLROOT:
            return "xmlroot";
        case PG_QUERY__XML_EXPR_OP__IS_XMLSERIALIZE:
            return "xmlserialize";
        default:
            goto none;
        }
    case PG_QUERY__NODE__NODE_XML_SERIALIZE:
        return "xmlserialize";
    default:
        break;
    }
none:
    *strong = false;
    return NULL;
}

const char *pgname_figure_colname(const PgQuery__Node *expr)
{
    bool strong;
    return figure(expr, &strong);
}

const char *pgname_index_elem_name(const PgQuery__Node *node)
{
    if (!node)
        return NULL;
    if (node->node_case == PG_QUERY__NODE__NODE_STRING)
        return node->string->sval;
    if (node->node_case == PG_QUERY__NODE__NODE_LIST) {
        /* EXCLUDE element: (IndexElem, operator name list) */
        if (node->list->n_items < 1 ||
            node->list->items[0]->node_case != PG_QUERY__NODE__NODE_INDEX_ELEM)
            return NULL;
        node = node->list->items[0];
    }
    if (node->node_case != PG_QUERY__NODE__NODE_INDEX_ELEM)
        return NULL;
    const PgQuery__IndexElem *ie = node->index_elem;
    /* Protobuf leaves absent strings as "", never NULL. */
    if (ie->indexcolname && *ie->indexcolname)
        return ie->indexcolname;
    if (ie->name && *ie->name)
        return ie->name;
    const char *fig = pgname_figure_colname(ie->expr);
    return fig ? fig : "expr";
}

void pgname_index_colname_add(strvec *cols, const char *name)
{
    if (!strvec_has(cols, name)) {
        strvec_push(cols, name);
        return;
    }
    /* Try name1, name2, ... with name clipped so the result stays a
     * legal identifier. */
    for (unsigned i = 1;; i++) {
        char num[16];
        int nlen = snprintf(num, sizeof(num), "%u", i);
        size_t keep = pgname_mbcliplen(name, strlen(name), MAX_NAME_BYTES - (size_t)nlen);
        char *cand = xasprintf("%.*s%s", (int)keep, name, num);
        if (!strvec_has(cols, cand)) {
            strvec_push_nodup(cols, cand);
            return;
        }
        free(cand);
    }
}

void pgname_index_colnames(strvec *cols, PgQuery__Node *const *elems, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const char *name = pgname_index_elem_name(elems[i]);
        pgname_index_colname_add(cols, name ? name : "expr");
    }
}

char *pgname_join_colnames(const strvec *cols)
{
    strbuf sb = STRBUF_INIT;
    for (size_t i = 0; i < cols->n; i++) {
        if (sb.len)
            sb_addc(&sb, '_');
        size_t len = strlen(cols->v[i]);
        sb_add(&sb, cols->v[i], len < MAX_NAME_BYTES ? len : MAX_NAME_BYTES);
        /* The rest could not survive pgname_make()'s cut anyway. */
        if (sb.len >= PG_NAMEDATALEN)
            break;
    }
    return sb_detach(&sb);
}

/* State for pgname_check_column()'s walk. */
struct varscan {
    const char *relname;
    pgname_taken_fn is_column;
    void *ctx;
    const char *col; /* the one column seen so far */
    bool several;    /* more than one distinct column, or the whole row */
};

/* A column reference, resolved the way the server resolves it when the
 * only table in scope is relname: the longest qualification that ends in
 * the table's name wins, else the first field is the column (and any
 * further fields select from it).  NULL column means the whole row. */
static void note_columnref(struct varscan *vs, const PgQuery__ColumnRef *cr)
{
    size_t n = cr->n_fields;
    const char *col = NULL;
    size_t at = 0;
    if (n == 0)
        return;
    if (n == 1) {
        const char *f = str_node(cr->fields[0]);
        bool is_col = vs->is_column ? vs->is_column(f ? f : "", vs->ctx) : false;
        if (f && !is_col && !strcmp(f, vs->relname))
            f = NULL; /* bare table name: the whole row */
        col = f;
    } else {
        for (size_t i = n - 2 < 2 ? n - 2 : 2;; i--) {
            const char *f = str_node(cr->fields[i]);
            if (f && !strcmp(f, vs->relname)) {
                at = i + 1;
                break;
            }
            if (i == 0)
                break;
        }
        col = str_node(cr->fields[at]); /* NULL for t.* */
    }
    if (!col || (vs->col && strcmp(vs->col, col) != 0))
        vs->several = true;
    vs->col = col;
}

/* Visits every message under m, following message-typed fields through the
 * descriptors so no node kind can be missed.  Type names are skipped: an
 * identifier in a typmod is not a column. */
static void walk(const ProtobufCMessage *m, struct varscan *vs)
{
    const ProtobufCMessageDescriptor *d = m->descriptor;
    if (d == &pg_query__type_name__descriptor)
        return;
    if (d == &pg_query__column_ref__descriptor) {
        note_columnref(vs, (const PgQuery__ColumnRef *)m);
        return;
    }
    const char *base = (const char *)m;
    for (unsigned i = 0; i < d->n_fields; i++) {
        const ProtobufCFieldDescriptor *f = &d->fields[i];
        if (f->type != PROTOBUF_C_TYPE_MESSAGE)
            continue;
        if (f->label == PROTOBUF_C_LABEL_REPEATED) {
            size_t cnt = *(const size_t *)(base + f->quantifier_offset);
            ProtobufCMessage *const *arr =
                *(ProtobufCMessage *const *const *)(base + f->offset);
            for (size_t j = 0; j < cnt; j++)
                if (arr[j])
                    walk(arr[j], vs);
            continue;
        }
        if ((f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF) &&
            *(const uint32_t *)(base + f->quantifier_offset) != f->id)
            continue;
        const ProtobufCMessage *sub = *(ProtobufCMessage *const *)(base + f->offset);
        if (sub)
            walk(sub, vs);
    }
}

const char *pgname_check_column(const PgQuery__Node *expr, const char *relname,
                                pgname_taken_fn is_column, void *ctx)
{
    struct varscan vs = {relname, is_column, ctx, NULL, false};
    if (!expr)
        return NULL;
    walk(&expr->base, &vs);
    return vs.several ? NULL : vs.col;
}
