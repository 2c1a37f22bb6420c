/* Unit tests for catalog_json and catalog_sql: the two printed forms of a
 * catalog.
 *
 * Catalogs are built directly through catalog.h (no replay), with the
 * canonical texts replay would store, so these tests pin the printers
 * alone: the exact JSON and SQL for a small shop schema (serial-like
 * default and its owned sequence, PK/unique/FK/check, an expression index
 * with WHERE, an enum, a domain, views depending on views against name
 * order, a trigger function and trigger, a partitioned table and its
 * partition, comments), for hostile identifiers (upper case, spaces,
 * quotes, reserved words, non-ASCII), for a "kitchen" catalog that reaches
 * every other printing path (extensions and their members, composite,
 * range and domain types, procedures, identity, inheritance fix-ups,
 * nested partitions, triggers, policies, GRANTs), for insertion-order
 * independence, and for dependency loops (repaired, and reported).
 *
 * Every expected SQL text here was loaded into a real PostgreSQL 15 with
 * psql -v ON_ERROR_STOP=1 (after creating the roles it names) while
 * writing these tests, and pg_dump of the result was compared by hand. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "catalog.h"
#include "catalog_json.h"
#include "catalog_sql.h"
#include "util.h"

/* ---- building ----------------------------------------------------------- */

static cat_column *col(cat_rel *r, const char *name, const char *type, bool not_null)
{
    cat_column *c = cat_column_add(r, name, type);
    c->not_null = not_null;
    return c;
}

static cat_constraint *keyed(catalog *c, cat_rel *r, const char *name, char type, const char *cols)
{
    cat_constraint *k = cat_constraint_add(r, name, type);
    strvec_split_commas(&k->columns, cols);
    if (type == CON_PRIMARY || type == CON_UNIQUE) {
        cat_index *ix = cat_index_add(c, r, name);
        ix->unique = true;
        for (size_t i = 0; i < k->columns.n; i++)
            strvec_push(&ix->elems, k->columns.v[i]);
        ix->constraint = k;
        k->index = ix;
        for (size_t i = 0; i < k->columns.n; i++)
            cat_dep_add(&k->obj, &cat_column_get(r, k->columns.v[i])->obj, DEP_AUTO);
        if (type == CON_PRIMARY)
            for (size_t i = 0; i < k->columns.n; i++)
                cat_column_get(r, k->columns.v[i])->not_null = true;
    }
    return k;
}

/* The shop schema.  With reverse, every list the catalog keeps (schemas,
 * relations, types, functions, constraints, indexes, triggers) is filled
 * in the opposite order; column order is semantic and stays. */
static catalog *build_shop(bool reverse)
{
    catalog *c = catalog_new();
    cat_schema *pub = cat_schema_get(c, "public");
    pub->obj.comment = NULL;

    /* Shells first, in the chosen order. */
    static const struct { const char *name; char kind; } rels[] = {
        {"users", 'r'}, {"users_id_seq", 'S'}, {"orders", 'r'}, {"v_a", 'v'}, {"v_b", 'v'},
        {"events", 'p'}, {"events_2024", 'r'}, {"order_totals", 'm'},
    };
    size_t nrels = sizeof(rels) / sizeof(rels[0]);
    for (size_t k = 0; k < nrels; k++) {
        size_t i = reverse ? nrels - 1 - k : k;
        cat_rel_new(c, pub, rels[i].name, rels[i].kind);
    }
    cat_type *mood, *posint;
    if (reverse) {
        posint = cat_type_new(c, pub, "posint", 'd');
        mood = cat_type_new(c, pub, "mood", 'e');
    } else {
        mood = cat_type_new(c, pub, "mood", 'e');
        posint = cat_type_new(c, pub, "posint", 'd');
    }
    cat_func *total, *touch;
    if (reverse) {
        total = cat_func_new(c, pub, "order_total", "order_total(bigint)");
        touch = cat_func_new(c, pub, "touch", "touch()");
    } else {
        touch = cat_func_new(c, pub, "touch", "touch()");
        total = cat_func_new(c, pub, "order_total", "order_total(bigint)");
    }
    cat_rel *users = cat_rel_get(c, "public", "users");
    cat_rel *seq = cat_rel_get(c, "public", "users_id_seq");
    cat_rel *orders = cat_rel_get(c, "public", "orders");
    cat_rel *va = cat_rel_get(c, "public", "v_a");
    cat_rel *vb = cat_rel_get(c, "public", "v_b");
    cat_rel *events = cat_rel_get(c, "public", "events");
    cat_rel *e2024 = cat_rel_get(c, "public", "events_2024");
    cat_rel *mv = cat_rel_get(c, "public", "order_totals");

    /* Types. */
    strvec_push(&mood->labels, "sad");
    strvec_push(&mood->labels, "ok");
    strvec_push(&mood->labels, "happy");
    posint->base_type = xstrdup("integer");
    posint->not_null = true;
    posint->default_expr = xstrdup("1");
    cat_constraint *pc = xcalloc(1, sizeof(*pc));
    pc->obj.kind = OBJ_CONSTRAINT;
    pc->obj.parent = &posint->obj;
    pc->name = xstrdup("posint_check");
    pc->type = CON_CHECK;
    pc->is_local = true;
    pc->expr = xstrdup("value > 0");
    posint->checks = xcalloc(1, sizeof(cat_constraint *));
    posint->checks[0] = pc;
    posint->nchecks = posint->checks_alloc = 1;
    posint->obj.comment = xstrdup("a positive integer");

    /* Functions. */
    touch->returns = xstrdup("trigger");
    touch->language = xstrdup("plpgsql");
    touch->body = xstrdup("\nbegin\n  new.updated_at := now();\n  return new;\nend\n");
    total->args = xcalloc(1, sizeof(cat_funcarg));
    total->nargs = 1;
    total->args[0].mode = 'i';
    total->args[0].name = xstrdup("order_id");
    total->args[0].type = xstrdup("bigint");
    total->returns = xstrdup("numeric");
    total->language = xstrdup("sql");
    total->body = xstrdup(" select sum(amount) from public.orders where id = $1 ");
    total->volatility = 's';
    total->parallel = 's';
    strvec_push(&total->set_options, "search_path=public, pg_temp");
    total->obj.comment = xstrdup("sum of an order's amounts");

    /* users: a serial id, an owned sequence, PK, UNIQUE, CHECK, trigger. */
    cat_column *uid = col(users, "id", "integer", true);
    col(users, "email", "text", true)->obj.comment = xstrdup("login; lower case");
    cat_dep_add(&col(users, "mood", "public.mood", false)->obj, &mood->obj, DEP_NORMAL);
    cat_dep_add(&col(users, "qty", "public.posint", false)->obj, &posint->obj, DEP_NORMAL);
    cat_column *upd = col(users, "updated_at", "timestamp with time zone", false);
    upd->default_expr = xstrdup("now()");
    uid->default_expr = xstrdup("nextval('public.users_id_seq'::regclass)");
    cat_dep_add(&uid->obj, &seq->obj, DEP_DEFAULT);
    free(seq->seq.type);
    seq->seq = (cat_seqopts){xstrdup("integer"), 1, 1, 1, 2147483647, 1, false};
    seq->owned_by = uid;
    users->obj.comment = xstrdup("people who buy things");
    cat_constraint *check;
    if (reverse) {
        check = cat_constraint_add(users, "users_qty_check", CON_CHECK);
        keyed(c, users, "users_email_key", CON_UNIQUE, "email");
        keyed(c, users, "users_pkey", CON_PRIMARY, "id");
    } else {
        keyed(c, users, "users_pkey", CON_PRIMARY, "id");
        keyed(c, users, "users_email_key", CON_UNIQUE, "email");
        check = cat_constraint_add(users, "users_qty_check", CON_CHECK);
    }
    check->expr = xstrdup("qty < 100");
    cat_dep_add(&check->obj, &cat_column_get(users, "qty")->obj, DEP_AUTO);
    check->obj.comment = xstrdup("keep it small");
    cat_trigger *tg = cat_trigger_add(users, "users_touch");
    tg->timing = 'B';
    tg->events = TRIG_UPDATE;
    tg->for_each_row = true;
    tg->func = touch;
    cat_dep_add(&tg->obj, &touch->obj, DEP_NORMAL);

    /* orders: FK to users, an expression index with WHERE. */
    col(orders, "id", "bigint", true);
    col(orders, "user_id", "integer", false);
    col(orders, "amount", "numeric(12,2)", false);
    col(orders, "note", "text", false);
    cat_index *ox = NULL;
    cat_constraint *fk;
    if (reverse) {
        ox = cat_index_add(c, orders, "orders_lower_idx");
        fk = cat_constraint_add(orders, "orders_user_id_fkey", CON_FOREIGN);
        keyed(c, orders, "orders_pkey", CON_PRIMARY, "id");
    } else {
        keyed(c, orders, "orders_pkey", CON_PRIMARY, "id");
        fk = cat_constraint_add(orders, "orders_user_id_fkey", CON_FOREIGN);
        ox = cat_index_add(c, orders, "orders_lower_idx");
    }
    strvec_push(&fk->columns, "user_id");
    fk->ref = users;
    strvec_push(&fk->ref_columns, "id");
    fk->on_delete = 'c';
    cat_dep_add(&fk->obj, &cat_column_get(orders, "user_id")->obj, DEP_AUTO);
    cat_dep_add(&fk->obj, &uid->obj, DEP_NORMAL);
    cat_dep_add(&fk->obj, &cat_constraint_get(users, "users_pkey")->index->obj, DEP_NORMAL);
    strvec_push(&ox->elems, "(lower(note))");
    strvec_push(&ox->elems, "id DESC");
    ox->where = xstrdup("note IS NOT NULL");
    cat_dep_add(&ox->obj, &cat_column_get(orders, "note")->obj, DEP_AUTO);

    /* v_a reads v_b, which reads users: name order says v_a first, the
     * dependencies say v_b. */
    vb->query = xstrdup("SELECT id, email FROM public.users");
    col(vb, "id", "", false);
    col(vb, "email", "", false);
    cat_dep_add(&vb->obj, &users->obj, DEP_NORMAL);
    cat_dep_add(&vb->obj, &uid->obj, DEP_NORMAL);
    va->query = xstrdup("SELECT id FROM public.v_b WHERE email ~~ '%@example.com'");
    col(va, "id", "", false);
    cat_dep_add(&va->obj, &vb->obj, DEP_NORMAL);
    va->obj.comment = xstrdup("example users");

    /* A materialized view reading a function, with an index. */
    mv->query = xstrdup("SELECT id, public.order_total(id) AS total FROM public.orders");
    col(mv, "id", "", false);
    col(mv, "total", "", false);
    cat_dep_add(&mv->obj, &orders->obj, DEP_NORMAL);
    cat_dep_add(&mv->obj, &total->obj, DEP_NORMAL);
    mv->with_no_data = true;
    cat_index *mx = cat_index_add(c, mv, "order_totals_id_idx");
    mx->unique = true;
    strvec_push(&mx->elems, "id");
    cat_dep_add(&mx->obj, &mv->cols[0]->obj, DEP_AUTO);

    /* A partitioned table and one partition. */
    col(events, "id", "bigint", true);
    col(events, "at", "date", true);
    col(events, "payload", "jsonb", false)->default_expr = xstrdup("'{}'::jsonb");
    events->partition_key = xstrdup("RANGE (at)");
    cat_dep_add(&events->obj, &events->cols[1]->obj, DEP_AUTO);
    for (size_t i = 0; i < events->ncols; i++) {
        cat_column *pcol = events->cols[i];
        cat_column *cc = col(e2024, pcol->name, pcol->type, pcol->not_null);
        cc->is_local = false;
        cc->inh_count = 1;
        if (pcol->default_expr)
            cc->default_expr = xstrdup(pcol->default_expr);
    }
    e2024->partition_of = events;
    e2024->partition_bound = xstrdup("FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')");
    keyed(c, events, "events_pkey", CON_PRIMARY, "id,at");
    return c;
}

/* Identifiers that need quoting everywhere: upper case, spaces, embedded
 * quotes, reserved words ("user", "order", "select", "view"), non-ASCII. */
static catalog *build_hostile(void)
{
    catalog *c = catalog_new();
    cat_schema *s = cat_schema_add(c, "My Schema");
    s->obj.comment = xstrdup("it's \"quoted\"");
    cat_type *mood = cat_type_new(c, s, "Mood", 'e');
    strvec_push(&mood->labels, "it's");
    strvec_push(&mood->labels, "ünï");
    strvec_push(&mood->labels, "a\"b");

    cat_func *fn = cat_func_new(c, s, "Fn", "\"Fn\"(\"My Schema\".\"Mood\")");
    fn->args = xcalloc(1, sizeof(cat_funcarg));
    fn->nargs = 1;
    fn->args[0].mode = 'i';
    fn->args[0].name = xstrdup("from");
    fn->args[0].type = xstrdup("\"My Schema\".\"Mood\"");
    fn->returns = xstrdup("\"My Schema\".\"Mood\"");
    fn->language = xstrdup("plpgsql");
    fn->body = xstrdup("begin return $1; end -- $$ and $_$ inside");
    fn->volatility = 'i';
    fn->strict = true;
    cat_dep_add(&fn->obj, &mood->obj, DEP_NORMAL);

    cat_func *tf = cat_func_new(c, s, "TrigFn", "\"TrigFn\"()");
    tf->returns = xstrdup("trigger");
    tf->language = xstrdup("plpgsql");
    tf->body = xstrdup("begin return new; end");

    cat_rel *u = cat_rel_new(c, s, "user", 'r');
    cat_column *ord = col(u, "order", "integer", true);
    col(u, "Weird \"Col\"", "text", false);
    cat_column *nv = col(u, "naïve", "text", false);
    nv->collation = xstrdup("\"C\"");
    cat_column *sel = col(u, "select", "integer", false);
    sel->default_expr = xstrdup("0");
    cat_dep_add(&col(u, "mood", "\"My Schema\".\"Mood\"", false)->obj, &mood->obj, DEP_NORMAL);
    u->obj.comment = xstrdup("the \"user\" table");
    nv->obj.comment = xstrdup("naïve");
    cat_constraint *pk = keyed(c, u, "user_pkey", CON_PRIMARY, "order");
    free(pk->index->elems.v[0]);
    pk->index->elems.v[0] = xstrdup("\"order\"");
    cat_constraint *uk = cat_constraint_add(u, "Key \"1\"", CON_UNIQUE);
    strvec_push(&uk->columns, "Weird \"Col\"");
    uk->nulls_not_distinct = true;
    cat_index *ukx = cat_index_add(c, u, "Key \"1\"");
    ukx->unique = ukx->nulls_not_distinct = true;
    strvec_push(&ukx->elems, "\"Weird \"\"Col\"\"\"");
    ukx->constraint = uk;
    uk->index = ukx;
    cat_index *ix = cat_index_add(c, u, "Idx Ä");
    strvec_push(&ix->elems, "\"naïve\" COLLATE \"C\" DESC NULLS LAST");
    ix->where = xstrdup("\"select\" > 0");
    cat_dep_add(&ix->obj, &nv->obj, DEP_AUTO);
    cat_trigger *t = cat_trigger_add(u, "Trig");
    t->timing = 'A';
    t->events = TRIG_INSERT | TRIG_UPDATE;
    strvec_push(&t->update_columns, "order");
    strvec_push(&t->update_columns, "naïve");
    t->for_each_row = true;
    t->when = xstrdup("new.\"order\" > 0");
    t->func = tf;
    strvec_push(&t->args, "it's");
    cat_dep_add(&t->obj, &tf->obj, DEP_NORMAL);
    u->rls_enabled = u->rls_forced = true;
    cat_policy *pol = cat_policy_add(u, "Only Me");
    pol->cmd = 'w';
    strvec_push(&pol->roles, "Role X");
    pol->using_expr = xstrdup("\"order\" = 1");
    pol->check_expr = xstrdup("\"order\" = 1");

    cat_rel *o = cat_rel_new(c, s, "order", 'r');
    col(o, "user", "integer", false);
    cat_constraint *fk = cat_constraint_add(o, "order_user_fkey", CON_FOREIGN);
    strvec_push(&fk->columns, "user");
    fk->ref = u;
    strvec_push(&fk->ref_columns, "order");
    fk->match = 'f';
    fk->on_update = 'r';
    fk->on_delete = 'n';
    fk->deferrable = fk->deferred = true;
    cat_dep_add(&fk->obj, &ord->obj, DEP_NORMAL);

    cat_rel *v = cat_rel_new(c, s, "view", 'v');
    v->query = xstrdup("SELECT \"order\" FROM \"My Schema\".\"user\"");
    col(v, "order", "", false);
    cat_dep_add(&v->obj, &ord->obj, DEP_NORMAL);
    v->check_option = xstrdup("cascaded");
    strvec_push(&v->options, "security_barrier=true");
    return c;
}

static cat_func *func(catalog *c, cat_schema *s, const char *name, const char *identity,
                      const char *returns, const char *lang, const char *body)
{
    cat_func *f = cat_func_new(c, s, name, identity);
    f->returns = returns ? xstrdup(returns) : NULL;
    f->language = xstrdup(lang);
    f->body = xstrdup(body);
    return f;
}

static void arg(cat_func *f, char mode, const char *name, const char *type)
{
    f->args = xrealloc(f->args, (f->nargs + 1) * sizeof(cat_funcarg));
    f->args[f->nargs++] = (cat_funcarg){mode, name ? xstrdup(name) : NULL, xstrdup(type), NULL};
}

static cat_constraint *domain_check(cat_type *t, const char *name, const char *expr, bool not_valid)
{
    cat_constraint *k = xcalloc(1, sizeof(*k));
    k->obj.kind = OBJ_CONSTRAINT;
    k->obj.parent = &t->obj;
    k->name = xstrdup(name);
    k->type = CON_CHECK;
    k->is_local = true;
    k->expr = xstrdup(expr);
    k->not_valid = not_valid;
    ALLOC_GROW(t->checks, t->nchecks + 1, t->checks_alloc);
    t->checks[t->nchecks++] = k;
    return k;
}

/* Everything else the printers know: an extension and one of its members,
 * composite, range and domain types, procedures, SQL-standard bodies,
 * RETURNS TABLE, inheritance with NOT NULL and DEFAULT fix-ups, identity,
 * NOT VALID checks, descending sequences, nested partitions with index
 * copies, constraint and disabled triggers, restrictive policies,
 * privileges, view defaults, and a default that loops through a function
 * taking its table's row type (pass 1 of the sort splits it out). */
static catalog *build_kitchen(void)
{
    catalog *c = catalog_new();
    cat_schema *app = cat_schema_add(c, "app");
    strvec_push(&app->obj.acl, "alice:USAGE");
    cat_schema *ext = cat_schema_add(c, "ext");
    cat_extension *pgc = cat_ext_new(c, "pgcrypto");
    pgc->schema = xstrdup("ext");
    pgc->obj.comment = xstrdup("cryptographic functions");
    cat_func *salt = func(c, ext, "gen_salt", "gen_salt(text)", "text", "c", "$libdir/pgcrypto pg_gen_salt");
    arg(salt, 'i', NULL, "text");
    salt->obj.ext = xstrdup("pgcrypto");

    cat_type *pair = cat_type_new(c, app, "pair", 'c');
    cat_column *pa = xcalloc(1, sizeof(*pa));
    pa->obj.kind = OBJ_COLUMN;
    pa->obj.parent = &pair->obj;
    pa->name = xstrdup("a");
    pa->type = xstrdup("integer");
    pa->obj.comment = xstrdup("first");
    cat_column *pb = xcalloc(1, sizeof(*pb));
    pb->obj.kind = OBJ_COLUMN;
    pb->obj.parent = &pair->obj;
    pb->name = xstrdup("b");
    pb->type = xstrdup("text");
    pb->collation = xstrdup("\"C\"");
    pair->attrs = xcalloc(2, sizeof(cat_column *));
    pair->attrs[0] = pa;
    pair->attrs[1] = pb;
    pair->nattrs = pair->attrs_alloc = 2;
    cat_type *fr = cat_type_new(c, app, "floatrange", 'r');
    fr->subtype = xstrdup("double precision");
    fr->subtype_diff_fn = xstrdup("float8mi");
    fr->multirange = xstrdup("floatmultirange");
    cat_type *email = cat_type_new(c, app, "email", 'd');
    email->base_type = xstrdup("text");
    domain_check(email, "email_at", "value ~~ '%@%'", false);
    domain_check(email, "email_short", "length(value) < 300", true);

    cat_func *tf = func(c, app, "tf", "tf()", "trigger", "plpgsql", "begin return null; end");
    cat_func *bump = func(c, app, "bump", "bump(integer)", NULL, "sql", "BEGIN ATOMIC\n SELECT n;\nEND");
    bump->prokind = 'p';
    arg(bump, 'i', "n", "integer");
    cat_func *add1 = func(c, app, "add1", "add1(integer)", "integer", "sql", "RETURN x + 1");
    arg(add1, 'i', "x", "integer");
    add1->volatility = 'i';
    add1->leakproof = true;
    cat_func *items = func(c, app, "items", "items()", "TABLE(id integer, \"Name\" text)", "sql", "select 1, 'x'");
    arg(items, 't', "id", "integer");
    arg(items, 't', "Name", "text");
    items->rows = 10;
    items->cost = 5;
    items->security_definer = true;
    cat_func *swap = func(c, app, "swap", "swap(integer, integer)", "record", "sql", "select $2, $1");
    arg(swap, 'b', "a", "integer");
    arg(swap, 'b', "b", "integer");
    arg(swap, 'o', "note", "text");

    /* Inheritance: child gets NOT NULL and a new default on inherited b. */
    cat_rel *base = cat_rel_new(c, app, "base", 'r');
    col(base, "a", "integer", true);
    col(base, "b", "text", false)->default_expr = xstrdup("'q'::text");
    strvec_push(&base->options, "fillfactor=70");
    cat_constraint *bc = cat_constraint_add(base, "base_b_check", CON_CHECK);
    bc->expr = xstrdup("b <> ''::text");
    cat_rel *child = cat_rel_new(c, app, "child", 'r');
    cat_column *ca = col(child, "a", "integer", true);
    ca->is_local = false;
    ca->inh_count = 1;
    cat_column *cb = col(child, "b", "text", true);
    cb->is_local = false;
    cb->inh_count = 1;
    cb->default_expr = xstrdup("'r'::text");
    col(child, "c", "app.pair", false);
    cat_dep_add(&child->cols[2]->obj, &pair->obj, DEP_NORMAL);
    cat_constraint *cc = cat_constraint_add(child, "base_b_check", CON_CHECK);
    cc->expr = xstrdup("b <> ''::text");
    cc->is_local = false;
    child->inherits = xcalloc(1, sizeof(cat_rel *));
    child->inherits[0] = base;
    child->ninherits = 1;
    cat_func *mk = func(c, app, "mk", "mk()", "app.base", "sql", "select 1, 'x'");
    cat_dep_add(&mk->obj, &base->obj, DEP_NORMAL);

    /* Identity, a NOT VALID check, a default calling an extension member. */
    cat_rel *ident = cat_rel_new(c, app, "ident", 'r');
    cat_column *iid = col(ident, "id", "integer", true);
    iid->identity = 'a';
    col(ident, "name", "text", false);
    cat_column *tok = col(ident, "token", "text", false);
    tok->default_expr = xstrdup("ext.gen_salt('bf'::text)");
    cat_dep_add(&tok->obj, &salt->obj, DEP_DEFAULT);
    col(ident, "mail", "app.email", false);
    cat_dep_add(&ident->cols[3]->obj, &email->obj, DEP_NORMAL);
    cat_rel *iseq = cat_rel_new(c, app, "ident_id_seq", 'S');
    iseq->seq = (cat_seqopts){xstrdup("integer"), 5, 1, 1, 2147483647, 10, false};
    iseq->owned_by = iid;
    iseq->identity_seq = true;
    cat_constraint *nv = cat_constraint_add(ident, "ident_name_check", CON_CHECK);
    nv->expr = xstrdup("name <> ''::text");
    nv->not_valid = true;
    keyed(c, ident, "ident_pkey", CON_PRIMARY, "id");
    strvec_push(&ident->obj.acl, "public:SELECT");
    strvec_push(&ident->obj.acl, "alice:SELECT(id,name),UPDATE WITH GRANT OPTION");
    cat_trigger *ct = cat_trigger_add(ident, "ct");
    ct->timing = 'A';
    ct->events = TRIG_INSERT;
    ct->for_each_row = true;
    ct->is_constraint = ct->deferrable = ct->deferred = true;
    ct->func = tf;
    cat_trigger *st = cat_trigger_add(ident, "st");
    st->timing = 'A';
    st->events = TRIG_INSERT;
    st->new_table = xstrdup("newrows");
    st->func = tf;
    st->enabled = 'D';
    cat_policy *pol = cat_policy_add(ident, "p");
    pol->permissive = false;
    pol->cmd = 'd';
    strvec_push(&pol->roles, "alice");
    strvec_push(&pol->roles, "CURRENT_USER");
    pol->using_expr = xstrdup("true");
    ident->rls_enabled = true;

    cat_rel *counter = cat_rel_new(c, app, "counter", 'S');
    counter->seq = (cat_seqopts){xstrdup("smallint"), -1, -2, -100, -1, 1, true};
    strvec_push(&counter->obj.acl, "bob:USAGE");

    /* Nested partitions; partitions carry the copies the server makes. */
    cat_rel *meas = cat_rel_new(c, app, "meas", 'p');
    cat_column *mid = col(meas, "id", "bigint", true);
    col(meas, "ts", "date", true);
    col(meas, "v", "integer", false)->default_expr = xstrdup("3");
    mid->default_expr = xstrdup("nextval('app.meas_id_seq'::regclass)");
    meas->partition_key = xstrdup("RANGE (ts)");
    cat_rel *mseq = cat_rel_new(c, app, "meas_id_seq", 'S');
    mseq->seq = (cat_seqopts){xstrdup("bigint"), 1, 1, 1, INT64_MAX, 1, false};
    mseq->owned_by = mid;
    cat_dep_add(&mid->obj, &mseq->obj, DEP_DEFAULT);
    keyed(c, meas, "meas_pkey", CON_PRIMARY, "id,ts");
    cat_index *mvx = cat_index_add(c, meas, "meas_v_idx");
    strvec_push(&mvx->elems, "v");
    const char *parts[] = {"meas_2020", "meas_2021", "meas_2021_a"};
    for (int i = 0; i < 3; i++) {
        cat_rel *p = cat_rel_new(c, app, parts[i], i == 1 ? 'p' : 'r');
        cat_rel *parent = i == 2 ? cat_rel_get(c, "app", "meas_2021") : meas;
        for (size_t k = 0; k < meas->ncols; k++) {
            cat_column *pc = col(p, meas->cols[k]->name, meas->cols[k]->type, meas->cols[k]->not_null);
            pc->is_local = false;
            pc->inh_count = 1;
            pc->default_expr = meas->cols[k]->default_expr ? xstrdup(meas->cols[k]->default_expr) : NULL;
        }
        p->partition_of = parent;
        char *n = xasprintf("%s_pkey", parts[i]);
        keyed(c, p, n, CON_PRIMARY, "id,ts");
        free(n);
        n = xasprintf("%s_v_idx", parts[i]);
        cat_index *x = cat_index_add(c, p, n);
        strvec_push(&x->elems, "v");
        free(n);
    }
    cat_rel *m20 = cat_rel_get(c, "app", "meas_2020");
    m20->partition_bound = xstrdup("FOR VALUES FROM ('2020-01-01') TO ('2021-01-01')");
    free(m20->cols[2]->default_expr);
    m20->cols[2]->default_expr = xstrdup("4");
    cat_rel *m21 = cat_rel_get(c, "app", "meas_2021");
    m21->partition_bound = xstrdup("FOR VALUES FROM ('2021-01-01') TO ('2022-01-01')");
    m21->partition_key = xstrdup("RANGE (ts)");
    cat_rel_get(c, "app", "meas_2021_a")->partition_bound = xstrdup("FOR VALUES FROM (MINVALUE) TO ('2021-07-01')");

    /* A view with a column default, and a matview on it. */
    cat_rel *v = cat_rel_new(c, app, "v", 'v');
    v->query = xstrdup("SELECT id AS x FROM app.ident");
    col(v, "x", "", false)->default_expr = xstrdup("0");
    cat_dep_add(&v->obj, &iid->obj, DEP_NORMAL);
    cat_rel *mv = cat_rel_new(c, app, "mv", 'm');
    mv->query = xstrdup("SELECT x FROM app.v");
    col(mv, "x", "", false);
    cat_dep_add(&mv->obj, &v->obj, DEP_NORMAL);
    strvec_push(&mv->obj.acl, "bob:SELECT");

    /* loop: the default calls a function that takes the row type. */
    cat_rel *loop = cat_rel_new(c, app, "loop", 'r');
    cat_func *seed = func(c, app, "loop_seed", "loop_seed(app.loop)", "integer", "sql", "select 1");
    arg(seed, 'i', "r", "app.loop");
    seed->args[0].default_expr = xstrdup("NULL::app.loop");
    cat_dep_add(&seed->obj, &loop->obj, DEP_NORMAL);
    cat_column *lid = col(loop, "id", "integer", false);
    lid->default_expr = xstrdup("app.loop_seed()");
    cat_dep_add(&lid->obj, &seed->obj, DEP_DEFAULT);
    return c;
}

static char *to_json(const catalog *c)
{
    strbuf sb = STRBUF_INIT;
    assert_int_equal(catalog_to_json(c, NULL, &sb), 0);
    return sb_detach(&sb);
}

static char *to_sql(const catalog *c)
{
    strbuf sb = STRBUF_INIT, err = STRBUF_INIT;
    sql_opts o = {.no_preamble = true};
    int rc = catalog_to_sql(c, &o, &sb, &err);
    if (rc)
        fail_msg("catalog_to_sql: %s", err.buf);
    sb_release(&err);
    return sb_detach(&sb);
}

/* ---- expected output ------------------------------------------------------ */

static const char shop_json[] =
    "{\n"
    "  \"version\": 1,\n"
    "  \"schemas\": [\n"
    "    {\n"
    "      \"name\": \"public\"\n"
    "    }\n"
    "  ],\n"
    "  \"extensions\": [\n"
    "  ],\n"
    "  \"types\": [\n"
    "    {\n"
    "      \"schema\": \"public\",\n"
    "      \"name\": \"mood\",\n"
    "      \"kind\": \"enum\",\n"
    "      \"labels\": [\n"
    "        \"sad\",\n"
    "        \"ok\",\n"
    "        \"happy\"\n"
    "      ]\n"
    "    },\n"
    "    {\n"
    "      \"schema\": \"public\",\n"
    "      \"name\": \"posint\",\n"
    "      \"kind\": \"domain\",\n"
    "      \"base_type\": \"integer\",\n"
    "      \"not_null\": true,\n"
    "      \"default\": \"1\",\n"
    "      \"checks\": [\n"
    "        {\n"
    "          \"name\": \"posint_check\",\n"
    "          \"expr\": \"value > 0\"\n"
    "        }\n"
    "      ],\n"
    "      \"comment\": \"a positive integer\"\n"
    "    }\n"
    "  ],\n"
    "  \"functions\": [\n"
    "    {\n"
    "      \"schema\": \"public\",\n"
    "      \"name\": \"order_total\",\n"
    "      \"identity\": \"order_total(bigint)\",\n"
    "      \"kind\": \"function\",\n"
    "      \"args\": [\n"
    "        {\n"
    "          \"name\": \"order_id\",\n"
    "          \"type\": \"bigint\"\n"
    "        }\n"
    "      ],\n"
    "      \"returns\": \"numeric\",\n"
    "      \"language\": \"sql\",\n"
    "      \"body\": \" select sum(amount) from public.orders where id = $1 \",\n"
    "      \"volatility\": \"stable\",\n"
    "      \"parallel\": \"safe\",\n"
    "      \"set\": [\n"
    "        \"search_path=public, pg_temp\"\n"
    "      ],\n"
    "      \"comment\": \"sum of an order's amounts\"\n"
    "    },\n"
    "    {\n"
    "      \"schema\": \"public\",\n"
    "      \"name\": \"touch\",\n"
    "      \"identity\": \"touch()\",\n"
    "      \"kind\": \"function\",\n"
    "      \"returns\": \"trigger\",\n"
    "      \"language\": \"plpgsql\",\n"
    "      \"body\": \"\\nbegin\\n  new.updated_at := now();\\n  return new;\\nend\\n\",\n"
    "      \"volatility\": \"volatile\"\n"
    "    }\n"
    "  ],\n"
    "  \"relations\": [\n"
    "    {\n"
    "      \"schema\": \"public\",\n"
    "      \"name\": \"events\",\n"
    "      \"kind\": \"partitioned_table\",\n"
    "      \"columns\": [\n"
    "        {\n"
    "          \"name\": \"id\",\n"
    "          \"type\": \"bigint\",\n"
    "          \"not_null\": true\n"
    "        },\n"
    "        {\n"
    "          \"name\": \"at\",\n"
    "          \"type\": \"date\",\n"
    "          \"not_null\": true\n"
    "        },\n"
    "        {\n"
    "          \"name\": \"payload\",\n"
    "          \"type\": \"jsonb\",\n"
    "          \"default\": \"'{}'::jsonb\"\n"
    "        }\n"
    "      ],\n"
    "      \"constraints\": [\n"
    "        {\n"
    "          \"name\": \"events_pkey\",\n"
    "          \"type\": \"primary key\",\n"
    "          \"columns\": [\n"
    "            \"id\",\n"
    "            \"at\"\n"
    "          ]\n"
    "        }\n"
    "      ],\n"
    "      \"indexes\": [\n"
    "        {\n"
    "          \"name\": \"events_pkey\",\n"
    "          \"unique\": true,\n"
    "          \"method\": \"btree\",\n"
    "          \"elems\": [\n"
    "            \"id\",\n"
    "            \"at\"\n"
    "          ],\n"
    "          \"constraint\": \"events_pkey\"\n"
    "        }\n"
    "      ],\n"
    "      \"partition_key\": \"RANGE (at)\"\n"
    "    },\n"
    "    {\n"
    "      \"schema\": \"public\",\n"
    "      \"name\": \"events_2024\",\n"
    "      \"kind\": \"table\",\n"
    "      \"columns\": [\n"
    "        {\n"
    "          \"name\": \"id\",\n"
    "          \"type\": \"bigint\",\n"
    "          \"not_null\": true\n"
    "        },\n"
    "        {\n"
    "          \"name\": \"at\",\n"
    "          \"type\": \"date\",\n"
    "          \"not_null\": true\n"
    "        },\n"
    "        {\n"
    "          \"name\": \"payload\",\n"
    "          \"type\": \"jsonb\",\n"
    "          \"default\": \"'{}'::jsonb\"\n"
    "        }\n"
    "      ],\n"
    "      \"partition_of\": {\n"
    "        \"schema\": \"public\",\n"
    "        \"name\": \"events\"\n"
    "      },\n"
    "      \"partition_bound\": \"FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')\"\n"
    "    },\n"
    "    {\n"
    "      \"schema\": \"public\",\n"
    "      \"name\": \"order_totals\",\n"
    "      \"kind\": \"materialized_view\",\n"
    "      \"columns\": [\n"
    "        {\n"
    "          \"name\": \"id\"\n"
    "        },\n"
    "        {\n"
    "          \"name\": \"total\"\n"
    "        }\n"
    "      ],\n"
    "      \"indexes\": [\n"
    "        {\n"
    "          \"name\": \"order_totals_id_idx\",\n"
    "          \"unique\": true,\n"
    "          \"method\": \"btree\",\n"
    "          \"elems\": [\n"
    "            \"id\"\n"
    "          ]\n"
    "        }\n"
    "      ],\n"
    "      \"query\": \"SELECT id, public.order_total(id) AS total FROM public.orders\"\n"
    "    },\n"
    "    {\n"
    "      \"schema\": \"public\",\n"
    "      \"name\": \"orders\",\n"
    "      \"kind\": \"table\",\n"
    "      \"columns\": [\n"
    "        {\n"
    "          \"name\": \"id\",\n"
    "          \"type\": \"bigint\",\n"
    "          \"not_null\": true\n"
    "        },\n"
    "        {\n"
    "          \"name\": \"user_id\",\n"
    "          \"type\": \"integer\"\n"
    "        },\n"
    "        {\n"
    "          \"name\": \"amount\",\n"
    "          \"type\": \"numeric(12,2)\"\n"
    "        },\n"
    "        {\n"
    "          \"name\": \"note\",\n"
    "          \"type\": \"text\"\n"
    "        }\n"
    "      ],\n"
    "      \"constraints\": [\n"
    "        {\n"
    "          \"name\": \"orders_pkey\",\n"
    "          \"type\": \"primary key\",\n"
    "          \"columns\": [\n"
    "            \"id\"\n"
    "          ]\n"
    "        },\n"
    "        {\n"
    "          \"name\": \"orders_user_id_fkey\",\n"
    "          \"type\": \"foreign key\",\n"
    "          \"columns\": [\n"
    "            \"user_id\"\n"
    "          ],\n"
    "          \"references\": {\n"
    "            \"schema\": \"public\",\n"
    "            \"table\": \"users\",\n"
    "            \"columns\": [\n"
    "              \"id\"\n"
    "            ]\n"
    "          },\n"
    "          \"on_delete\": \"cascade\"\n"
    "        }\n"
    "      ],\n"
    "      \"indexes\": [\n"
    "        {\n"
    "          \"name\": \"orders_lower_idx\",\n"
    "          \"method\": \"btree\",\n"
    "          \"elems\": [\n"
    "            \"(lower(note))\",\n"
    "            \"id DESC\"\n"
    "          ],\n"
    "          \"where\": \"note IS NOT NULL\"\n"
    "        },\n"
    "        {\n"
    "          \"name\": \"orders_pkey\",\n"
    "          \"unique\": true,\n"
    "          \"method\": \"btree\",\n"
    "          \"elems\": [\n"
    "            \"id\"\n"
    "          ],\n"
    "          \"constraint\": \"orders_pkey\"\n"
    "        }\n"
    "      ]\n"
    "    },\n"
    "    {\n"
    "      \"schema\": \"public\",\n"
    "      \"name\": \"users\",\n"
    "      \"kind\": \"table\",\n"
    "      \"columns\": [\n"
    "        {\n"
    "          \"name\": \"id\",\n"
    "          \"type\": \"integer\",\n"
    "          \"not_null\": true,\n"
    "          \"default\": \"nextval('public.users_id_seq'::regclass)\"\n"
    "        },\n"
    "        {\n"
    "          \"name\": \"email\",\n"
    "          \"type\": \"text\",\n"
    "          \"not_null\": true,\n"
    "          \"comment\": \"login; lower case\"\n"
    "        },\n"
    "        {\n"
    "          \"name\": \"mood\",\n"
    "          \"type\": \"public.mood\"\n"
    "        },\n"
    "        {\n"
    "          \"name\": \"qty\",\n"
    "          \"type\": \"public.posint\"\n"
    "        },\n"
    "        {\n"
    "          \"name\": \"updated_at\",\n"
    "          \"type\": \"timestamp with time zone\",\n"
    "          \"default\": \"now()\"\n"
    "        }\n"
    "      ],\n"
    "      \"constraints\": [\n"
    "        {\n"
    "          \"name\": \"users_email_key\",\n"
    "          \"type\": \"unique\",\n"
    "          \"columns\": [\n"
    "            \"email\"\n"
    "          ]\n"
    "        },\n"
    "        {\n"
    "          \"name\": \"users_pkey\",\n"
    "          \"type\": \"primary key\",\n"
    "          \"columns\": [\n"
    "            \"id\"\n"
    "          ]\n"
    "        },\n"
    "        {\n"
    "          \"name\": \"users_qty_check\",\n"
    "          \"type\": \"check\",\n"
    "          \"expr\": \"qty < 100\",\n"
    "          \"comment\": \"keep it small\"\n"
    "        }\n"
    "      ],\n"
    "      \"indexes\": [\n"
    "        {\n"
    "          \"name\": \"users_email_key\",\n"
    "          \"unique\": true,\n"
    "          \"method\": \"btree\",\n"
    "          \"elems\": [\n"
    "            \"email\"\n"
    "          ],\n"
    "          \"constraint\": \"users_email_key\"\n"
    "        },\n"
    "        {\n"
    "          \"name\": \"users_pkey\",\n"
    "          \"unique\": true,\n"
    "          \"method\": \"btree\",\n"
    "          \"elems\": [\n"
    "            \"id\"\n"
    "          ],\n"
    "          \"constraint\": \"users_pkey\"\n"
    "        }\n"
    "      ],\n"
    "      \"triggers\": [\n"
    "        {\n"
    "          \"name\": \"users_touch\",\n"
    "          \"timing\": \"before\",\n"
    "          \"events\": [\n"
    "            \"update\"\n"
    "          ],\n"
    "          \"level\": \"row\",\n"
    "          \"function\": {\n"
    "            \"schema\": \"public\",\n"
    "            \"identity\": \"touch()\"\n"
    "          }\n"
    "        }\n"
    "      ],\n"
    "      \"comment\": \"people who buy things\"\n"
    "    },\n"
    "    {\n"
    "      \"schema\": \"public\",\n"
    "      \"name\": \"users_id_seq\",\n"
    "      \"kind\": \"sequence\",\n"
    "      \"sequence\": {\n"
    "        \"type\": \"integer\",\n"
    "        \"start\": 1,\n"
    "        \"increment\": 1,\n"
    "        \"min\": 1,\n"
    "        \"max\": 2147483647,\n"
    "        \"cache\": 1\n"
    "      },\n"
    "      \"owned_by\": \"users.id\"\n"
    "    },\n"
    "    {\n"
    "      \"schema\": \"public\",\n"
    "      \"name\": \"v_a\",\n"
    "      \"kind\": \"view\",\n"
    "      \"columns\": [\n"
    "        {\n"
    "          \"name\": \"id\"\n"
    "        }\n"
    "      ],\n"
    "      \"query\": \"SELECT id FROM public.v_b WHERE email ~~ '%@example.com'\",\n"
    "      \"comment\": \"example users\"\n"
    "    },\n"
    "    {\n"
    "      \"schema\": \"public\",\n"
    "      \"name\": \"v_b\",\n"
    "      \"kind\": \"view\",\n"
    "      \"columns\": [\n"
    "        {\n"
    "          \"name\": \"id\"\n"
    "        },\n"
    "        {\n"
    "          \"name\": \"email\"\n"
    "        }\n"
    "      ],\n"
    "      \"query\": \"SELECT id, email FROM public.users\"\n"
    "    }\n"
    "  ]\n"
    "}\n";

static const char shop_sql[] =
    "CREATE TYPE public.mood AS ENUM (\n"
    "    'sad',\n"
    "    'ok',\n"
    "    'happy'\n"
    ");\n"
    "\n"
    "CREATE DOMAIN public.posint AS integer NOT NULL DEFAULT 1\n"
    "\tCONSTRAINT posint_check CHECK (value > 0);\n"
    "\n"
    "COMMENT ON DOMAIN public.posint IS 'a positive integer';\n"
    "\n"
    "CREATE FUNCTION public.order_total(order_id bigint) RETURNS numeric\n"
    "    LANGUAGE sql STABLE PARALLEL SAFE\n"
    "    SET search_path TO 'public', 'pg_temp'\n"
    "    AS $_$ select sum(amount) from public.orders where id = $1 $_$;\n"
    "\n"
    "COMMENT ON FUNCTION public.order_total(bigint) IS 'sum of an order''s amounts';\n"
    "\n"
    "CREATE FUNCTION public.touch() RETURNS trigger\n"
    "    LANGUAGE plpgsql\n"
    "    AS $$\n"
    "begin\n"
    "  new.updated_at := now();\n"
    "  return new;\n"
    "end\n"
    "$$;\n"
    "\n"
    "CREATE TABLE public.events (\n"
    "    id bigint NOT NULL,\n"
    "    at date NOT NULL,\n"
    "    payload jsonb DEFAULT '{}'::jsonb\n"
    ")\n"
    "PARTITION BY RANGE (at);\n"
    "\n"
    "CREATE TABLE public.events_2024 PARTITION OF public.events\n"
    "FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');\n"
    "\n"
    "CREATE TABLE public.orders (\n"
    "    id bigint NOT NULL,\n"
    "    user_id integer,\n"
    "    amount numeric(12,2),\n"
    "    note text\n"
    ");\n"
    "\n"
    "CREATE TABLE public.users (\n"
    "    id integer NOT NULL,\n"
    "    email text NOT NULL,\n"
    "    mood public.mood,\n"
    "    qty public.posint,\n"
    "    updated_at timestamp with time zone DEFAULT now(),\n"
    "    CONSTRAINT users_qty_check CHECK (qty < 100)\n"
    ");\n"
    "\n"
    "COMMENT ON TABLE public.users IS 'people who buy things';\n"
    "\n"
    "COMMENT ON COLUMN public.users.email IS 'login; lower case';\n"
    "\n"
    "COMMENT ON CONSTRAINT users_qty_check ON public.users IS 'keep it small';\n"
    "\n"
    "CREATE SEQUENCE public.users_id_seq\n"
    "    AS integer\n"
    "    START WITH 1\n"
    "    INCREMENT BY 1\n"
    "    NO MINVALUE\n"
    "    NO MAXVALUE\n"
    "    CACHE 1;\n"
    "\n"
    "ALTER SEQUENCE public.users_id_seq OWNED BY public.users.id;\n"
    "\n"
    "ALTER TABLE ONLY public.users ALTER COLUMN id SET DEFAULT nextval('public.users_id_seq'::regclass);\n"
    "\n"
    "ALTER TABLE public.events\n"
    "    ADD CONSTRAINT events_pkey PRIMARY KEY (id, at);\n"
    "\n"
    "ALTER TABLE ONLY public.orders\n"
    "    ADD CONSTRAINT orders_pkey PRIMARY KEY (id);\n"
    "\n"
    "ALTER TABLE ONLY public.users\n"
    "    ADD CONSTRAINT users_email_key UNIQUE (email);\n"
    "\n"
    "ALTER TABLE ONLY public.users\n"
    "    ADD CONSTRAINT users_pkey PRIMARY KEY (id);\n"
    "\n"
    "CREATE INDEX orders_lower_idx ON public.orders USING btree ((lower(note)), id DESC) WHERE (note IS NOT NULL);\n"
    "\n"
    "CREATE VIEW public.v_b (id, email) AS\n"
    "SELECT id, email FROM public.users;\n"
    "\n"
    "CREATE VIEW public.v_a (id) AS\n"
    "SELECT id FROM public.v_b WHERE email ~~ '%@example.com';\n"
    "\n"
    "COMMENT ON VIEW public.v_a IS 'example users';\n"
    "\n"
    "CREATE MATERIALIZED VIEW public.order_totals (id, total) AS\n"
    "SELECT id, public.order_total(id) AS total FROM public.orders\n"
    "  WITH NO DATA;\n"
    "\n"
    "CREATE UNIQUE INDEX order_totals_id_idx ON public.order_totals USING btree (id);\n"
    "\n"
    "ALTER TABLE ONLY public.orders\n"
    "    ADD CONSTRAINT orders_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.users(id) ON DELETE CASCADE;\n"
    "\n"
    "CREATE TRIGGER users_touch BEFORE UPDATE ON public.users FOR EACH ROW EXECUTE FUNCTION public.touch();\n";

static const char hostile_json[] =
    "{\n"
    "  \"version\": 1,\n"
    "  \"schemas\": [\n"
    "    {\n"
    "      \"name\": \"My Schema\",\n"
    "      \"comment\": \"it's \\\"quoted\\\"\"\n"
    "    },\n"
    "    {\n"
    "      \"name\": \"public\"\n"
    "    }\n"
    "  ],\n"
    "  \"extensions\": [\n"
    "  ],\n"
    "  \"types\": [\n"
    "    {\n"
    "      \"schema\": \"My Schema\",\n"
    "      \"name\": \"Mood\",\n"
    "      \"kind\": \"enum\",\n"
    "      \"labels\": [\n"
    "        \"it's\",\n"
    "        \"ünï\",\n"
    "        \"a\\\"b\"\n"
    "      ]\n"
    "    }\n"
    "  ],\n"
    "  \"functions\": [\n"
    "    {\n"
    "      \"schema\": \"My Schema\",\n"
    "      \"name\": \"Fn\",\n"
    "      \"identity\": \"\\\"Fn\\\"(\\\"My Schema\\\".\\\"Mood\\\")\",\n"
    "      \"kind\": \"function\",\n"
    "      \"args\": [\n"
    "        {\n"
    "          \"name\": \"from\",\n"
    "          \"type\": \"\\\"My Schema\\\".\\\"Mood\\\"\"\n"
    "        }\n"
    "      ],\n"
    "      \"returns\": \"\\\"My Schema\\\".\\\"Mood\\\"\",\n"
    "      \"language\": \"plpgsql\",\n"
    "      \"body\": \"begin return $1; end -- $$ and $_$ inside\",\n"
    "      \"volatility\": \"immutable\",\n"
    "      \"strict\": true\n"
    "    },\n"
    "    {\n"
    "      \"schema\": \"My Schema\",\n"
    "      \"name\": \"TrigFn\",\n"
    "      \"identity\": \"\\\"TrigFn\\\"()\",\n"
    "      \"kind\": \"function\",\n"
    "      \"returns\": \"trigger\",\n"
    "      \"language\": \"plpgsql\",\n"
    "      \"body\": \"begin return new; end\",\n"
    "      \"volatility\": \"volatile\"\n"
    "    }\n"
    "  ],\n"
    "  \"relations\": [\n"
    "    {\n"
    "      \"schema\": \"My Schema\",\n"
    "      \"name\": \"order\",\n"
    "      \"kind\": \"table\",\n"
    "      \"columns\": [\n"
    "        {\n"
    "          \"name\": \"user\",\n"
    "          \"type\": \"integer\"\n"
    "        }\n"
    "      ],\n"
    "      \"constraints\": [\n"
    "        {\n"
    "          \"name\": \"order_user_fkey\",\n"
    "          \"type\": \"foreign key\",\n"
    "          \"columns\": [\n"
    "            \"user\"\n"
    "          ],\n"
    "          \"deferrable\": true,\n"
    "          \"deferred\": true,\n"
    "          \"references\": {\n"
    "            \"schema\": \"My Schema\",\n"
    "            \"table\": \"user\",\n"
    "            \"columns\": [\n"
    "              \"order\"\n"
    "            ]\n"
    "          },\n"
    "          \"match\": \"full\",\n"
    "          \"on_update\": \"restrict\",\n"
    "          \"on_delete\": \"set null\"\n"
    "        }\n"
    "      ]\n"
    "    },\n"
    "    {\n"
    "      \"schema\": \"My Schema\",\n"
    "      \"name\": \"user\",\n"
    "      \"kind\": \"table\",\n"
    "      \"columns\": [\n"
    "        {\n"
    "          \"name\": \"order\",\n"
    "          \"type\": \"integer\",\n"
    "          \"not_null\": true\n"
    "        },\n"
    "        {\n"
    "          \"name\": \"Weird \\\"Col\\\"\",\n"
    "          \"type\": \"text\"\n"
    "        },\n"
    "        {\n"
    "          \"name\": \"naïve\",\n"
    "          \"type\": \"text\",\n"
    "          \"collation\": \"\\\"C\\\"\",\n"
    "          \"comment\": \"naïve\"\n"
    "        },\n"
    "        {\n"
    "          \"name\": \"select\",\n"
    "          \"type\": \"integer\",\n"
    "          \"default\": \"0\"\n"
    "        },\n"
    "        {\n"
    "          \"name\": \"mood\",\n"
    "          \"type\": \"\\\"My Schema\\\".\\\"Mood\\\"\"\n"
    "        }\n"
    "      ],\n"
    "      \"constraints\": [\n"
    "        {\n"
    "          \"name\": \"Key \\\"1\\\"\",\n"
    "          \"type\": \"unique\",\n"
    "          \"columns\": [\n"
    "            \"Weird \\\"Col\\\"\"\n"
    "          ],\n"
    "          \"nulls_not_distinct\": true\n"
    "        },\n"
    "        {\n"
    "          \"name\": \"user_pkey\",\n"
    "          \"type\": \"primary key\",\n"
    "          \"columns\": [\n"
    "            \"order\"\n"
    "          ]\n"
    "        }\n"
    "      ],\n"
    "      \"indexes\": [\n"
    "        {\n"
    "          \"name\": \"Idx Ä\",\n"
    "          \"method\": \"btree\",\n"
    "          \"elems\": [\n"
    "            \"\\\"naïve\\\" COLLATE \\\"C\\\" DESC NULLS LAST\"\n"
    "          ],\n"
    "          \"where\": \"\\\"select\\\" > 0\"\n"
    "        },\n"
    "        {\n"
    "          \"name\": \"Key \\\"1\\\"\",\n"
    "          \"unique\": true,\n"
    "          \"nulls_not_distinct\": true,\n"
    "          \"method\": \"btree\",\n"
    "          \"elems\": [\n"
    "            \"\\\"Weird \\\"\\\"Col\\\"\\\"\\\"\"\n"
    "          ],\n"
    "          \"constraint\": \"Key \\\"1\\\"\"\n"
    "        },\n"
    "        {\n"
    "          \"name\": \"user_pkey\",\n"
    "          \"unique\": true,\n"
    "          \"method\": \"btree\",\n"
    "          \"elems\": [\n"
    "            \"\\\"order\\\"\"\n"
    "          ],\n"
    "          \"constraint\": \"user_pkey\"\n"
    "        }\n"
    "      ],\n"
    "      \"triggers\": [\n"
    "        {\n"
    "          \"name\": \"Trig\",\n"
    "          \"timing\": \"after\",\n"
    "          \"events\": [\n"
    "            \"insert\",\n"
    "            \"update\"\n"
    "          ],\n"
    "          \"update_columns\": [\n"
    "            \"order\",\n"
    "            \"naïve\"\n"
    "          ],\n"
    "          \"level\": \"row\",\n"
    "          \"when\": \"new.\\\"order\\\" > 0\",\n"
    "          \"function\": {\n"
    "            \"schema\": \"My Schema\",\n"
    "            \"identity\": \"\\\"TrigFn\\\"()\"\n"
    "          },\n"
    "          \"args\": [\n"
    "            \"it's\"\n"
    "          ]\n"
    "        }\n"
    "      ],\n"
    "      \"policies\": [\n"
    "        {\n"
    "          \"name\": \"Only Me\",\n"
    "          \"command\": \"update\",\n"
    "          \"roles\": [\n"
    "            \"Role X\"\n"
    "          ],\n"
    "          \"using\": \"\\\"order\\\" = 1\",\n"
    "          \"check\": \"\\\"order\\\" = 1\"\n"
    "        }\n"
    "      ],\n"
    "      \"rls_enabled\": true,\n"
    "      \"rls_forced\": true,\n"
    "      \"comment\": \"the \\\"user\\\" table\"\n"
    "    },\n"
    "    {\n"
    "      \"schema\": \"My Schema\",\n"
    "      \"name\": \"view\",\n"
    "      \"kind\": \"view\",\n"
    "      \"columns\": [\n"
    "        {\n"
    "          \"name\": \"order\"\n"
    "        }\n"
    "      ],\n"
    "      \"options\": [\n"
    "        \"security_barrier=true\"\n"
    "      ],\n"
    "      \"query\": \"SELECT \\\"order\\\" FROM \\\"My Schema\\\".\\\"user\\\"\",\n"
    "      \"check_option\": \"cascaded\"\n"
    "    }\n"
    "  ]\n"
    "}\n";

static const char hostile_sql[] =
    "CREATE SCHEMA \"My Schema\";\n"
    "\n"
    "COMMENT ON SCHEMA \"My Schema\" IS 'it''s \"quoted\"';\n"
    "\n"
    "CREATE TYPE \"My Schema\".\"Mood\" AS ENUM (\n"
    "    'it''s',\n"
    "    'ünï',\n"
    "    'a\"b'\n"
    ");\n"
    "\n"
    "CREATE FUNCTION \"My Schema\".\"Fn\"(\"from\" \"My Schema\".\"Mood\") RETURNS \"My Schema\".\"Mood\"\n"
    "    LANGUAGE plpgsql IMMUTABLE STRICT\n"
    "    AS $_X$begin return $1; end -- $$ and $_$ inside$_X$;\n"
    "\n"
    "CREATE FUNCTION \"My Schema\".\"TrigFn\"() RETURNS trigger\n"
    "    LANGUAGE plpgsql\n"
    "    AS $$begin return new; end$$;\n"
    "\n"
    "CREATE TABLE \"My Schema\".\"order\" (\n"
    "    \"user\" integer\n"
    ");\n"
    "\n"
    "CREATE TABLE \"My Schema\".\"user\" (\n"
    "    \"order\" integer NOT NULL,\n"
    "    \"Weird \"\"Col\"\"\" text,\n"
    "    \"naïve\" text COLLATE \"C\",\n"
    "    \"select\" integer DEFAULT 0,\n"
    "    mood \"My Schema\".\"Mood\"\n"
    ");\n"
    "\n"
    "COMMENT ON TABLE \"My Schema\".\"user\" IS 'the \"user\" table';\n"
    "\n"
    "COMMENT ON COLUMN \"My Schema\".\"user\".\"naïve\" IS 'naïve';\n"
    "\n"
    "ALTER TABLE ONLY \"My Schema\".\"user\"\n"
    "    ADD CONSTRAINT \"Key \"\"1\"\"\" UNIQUE NULLS NOT DISTINCT (\"Weird \"\"Col\"\"\");\n"
    "\n"
    "ALTER TABLE ONLY \"My Schema\".\"user\"\n"
    "    ADD CONSTRAINT user_pkey PRIMARY KEY (\"order\");\n"
    "\n"
    "CREATE INDEX \"Idx Ä\" ON \"My Schema\".\"user\" USING btree (\"naïve\" COLLATE \"C\" DESC NULLS LAST) WHERE (\"select\" > 0);\n"
    "\n"
    "CREATE VIEW \"My Schema\".view (\"order\") WITH (security_barrier='true') AS\n"
    "SELECT \"order\" FROM \"My Schema\".\"user\"\n"
    "  WITH CASCADED CHECK OPTION;\n"
    "\n"
    "ALTER TABLE ONLY \"My Schema\".\"order\"\n"
    "    ADD CONSTRAINT order_user_fkey FOREIGN KEY (\"user\") REFERENCES \"My Schema\".\"user\"(\"order\") MATCH FULL ON UPDATE RESTRICT ON DELETE SET NULL DEFERRABLE INITIALLY DEFERRED;\n"
    "\n"
    "CREATE TRIGGER \"Trig\" AFTER INSERT OR UPDATE OF \"order\", \"naïve\" ON \"My Schema\".\"user\" FOR EACH ROW WHEN (new.\"order\" > 0) EXECUTE FUNCTION \"My Schema\".\"TrigFn\"('it''s');\n"
    "\n"
    "ALTER TABLE \"My Schema\".\"user\" ENABLE ROW LEVEL SECURITY;\n"
    "\n"
    "ALTER TABLE ONLY \"My Schema\".\"user\" FORCE ROW LEVEL SECURITY;\n"
    "\n"
    "CREATE POLICY \"Only Me\" ON \"My Schema\".\"user\" FOR UPDATE TO \"Role X\" USING (\"order\" = 1) WITH CHECK (\"order\" = 1);\n";

static const char kitchen_sql[] =
    "CREATE SCHEMA app;\n"
    "\n"
    "CREATE SCHEMA ext;\n"
    "\n"
    "CREATE EXTENSION IF NOT EXISTS pgcrypto WITH SCHEMA ext;\n"
    "\n"
    "COMMENT ON EXTENSION pgcrypto IS 'cryptographic functions';\n"
    "\n"
    "CREATE DOMAIN app.email AS text\n"
    "\tCONSTRAINT email_at CHECK (value ~~ '%@%');\n"
    "\n"
    "ALTER DOMAIN app.email\n"
    "    ADD CONSTRAINT email_short CHECK (length(value) < 300) NOT VALID;\n"
    "\n"
    "CREATE TYPE app.pair AS (\n"
    "\ta integer,\n"
    "\tb text COLLATE \"C\"\n"
    ");\n"
    "\n"
    "COMMENT ON COLUMN app.pair.a IS 'first';\n"
    "\n"
    "CREATE TYPE app.floatrange AS RANGE (\n"
    "    subtype = double precision,\n"
    "    multirange_type_name = app.floatmultirange,\n"
    "    subtype_diff = float8mi\n"
    ");\n"
    "\n"
    "CREATE FUNCTION app.add1(x integer) RETURNS integer\n"
    "    LANGUAGE sql IMMUTABLE LEAKPROOF\n"
    "    RETURN x + 1;\n"
    "\n"
    "CREATE PROCEDURE app.bump(n integer)\n"
    "    LANGUAGE sql\n"
    "    BEGIN ATOMIC\n"
    " SELECT n;\n"
    "END;\n"
    "\n"
    "CREATE FUNCTION app.items() RETURNS TABLE(id integer, \"Name\" text)\n"
    "    LANGUAGE sql SECURITY DEFINER COST 5 ROWS 10\n"
    "    AS $$select 1, 'x'$$;\n"
    "\n"
    "CREATE FUNCTION app.swap(INOUT a integer, INOUT b integer, OUT note text) RETURNS record\n"
    "    LANGUAGE sql\n"
    "    AS $_$select $2, $1$_$;\n"
    "\n"
    "CREATE FUNCTION app.tf() RETURNS trigger\n"
    "    LANGUAGE plpgsql\n"
    "    AS $$begin return null; end$$;\n"
    "\n"
    "CREATE SEQUENCE app.counter\n"
    "    AS smallint\n"
    "    START WITH -1\n"
    "    INCREMENT BY -2\n"
    "    MINVALUE -100\n"
    "    NO MAXVALUE\n"
    "    CACHE 1\n"
    "    CYCLE;\n"
    "\n"
    "CREATE TABLE app.base (\n"
    "    a integer NOT NULL,\n"
    "    b text DEFAULT 'q'::text,\n"
    "    CONSTRAINT base_b_check CHECK (b <> ''::text)\n"
    ")\n"
    "WITH (fillfactor='70');\n"
    "\n"
    "CREATE FUNCTION app.mk() RETURNS app.base\n"
    "    LANGUAGE sql\n"
    "    AS $$select 1, 'x'$$;\n"
    "\n"
    "CREATE TABLE app.child (\n"
    "    c app.pair\n"
    ")\n"
    "INHERITS (app.base);\n"
    "\n"
    "ALTER TABLE ONLY app.child ALTER COLUMN b SET NOT NULL;\n"
    "\n"
    "ALTER TABLE ONLY app.child ALTER COLUMN b SET DEFAULT 'r'::text;\n"
    "\n"
    "CREATE TABLE app.ident (\n"
    "    id integer NOT NULL,\n"
    "    name text,\n"
    "    token text DEFAULT ext.gen_salt('bf'::text),\n"
    "    mail app.email\n"
    ");\n"
    "\n"
    "ALTER TABLE app.ident ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (\n"
    "    SEQUENCE NAME app.ident_id_seq\n"
    "    START WITH 5\n"
    "    INCREMENT BY 1\n"
    "    NO MINVALUE\n"
    "    NO MAXVALUE\n"
    "    CACHE 10\n"
    ");\n"
    "\n"
    "CREATE TABLE app.loop (\n"
    "    id integer\n"
    ");\n"
    "\n"
    "CREATE FUNCTION app.loop_seed(r app.loop DEFAULT NULL::app.loop) RETURNS integer\n"
    "    LANGUAGE sql\n"
    "    AS $$select 1$$;\n"
    "\n"
    "CREATE TABLE app.meas (\n"
    "    id bigint NOT NULL,\n"
    "    ts date NOT NULL,\n"
    "    v integer DEFAULT 3\n"
    ")\n"
    "PARTITION BY RANGE (ts);\n"
    "\n"
    "CREATE SEQUENCE app.meas_id_seq\n"
    "    START WITH 1\n"
    "    INCREMENT BY 1\n"
    "    NO MINVALUE\n"
    "    NO MAXVALUE\n"
    "    CACHE 1;\n"
    "\n"
    "ALTER SEQUENCE app.meas_id_seq OWNED BY app.meas.id;\n"
    "\n"
    "CREATE TABLE app.meas_2020 PARTITION OF app.meas\n"
    "FOR VALUES FROM ('2020-01-01') TO ('2021-01-01');\n"
    "\n"
    "ALTER TABLE ONLY app.meas_2020 ALTER COLUMN v SET DEFAULT 4;\n"
    "\n"
    "CREATE TABLE app.meas_2021 PARTITION OF app.meas\n"
    "FOR VALUES FROM ('2021-01-01') TO ('2022-01-01')\n"
    "PARTITION BY RANGE (ts);\n"
    "\n"
    "CREATE TABLE app.meas_2021_a PARTITION OF app.meas_2021\n"
    "FOR VALUES FROM (MINVALUE) TO ('2021-07-01');\n"
    "\n"
    "ALTER TABLE ONLY app.loop ALTER COLUMN id SET DEFAULT app.loop_seed();\n"
    "\n"
    "ALTER TABLE ONLY app.meas ALTER COLUMN id SET DEFAULT nextval('app.meas_id_seq'::regclass);\n"
    "\n"
    "ALTER TABLE ONLY app.meas_2020 ALTER COLUMN id SET DEFAULT nextval('app.meas_id_seq'::regclass);\n"
    "\n"
    "ALTER TABLE ONLY app.meas_2021 ALTER COLUMN id SET DEFAULT nextval('app.meas_id_seq'::regclass);\n"
    "\n"
    "ALTER TABLE ONLY app.meas_2021_a ALTER COLUMN id SET DEFAULT nextval('app.meas_id_seq'::regclass);\n"
    "\n"
    "ALTER TABLE app.ident\n"
    "    ADD CONSTRAINT ident_name_check CHECK (name <> ''::text) NOT VALID;\n"
    "\n"
    "ALTER TABLE ONLY app.ident\n"
    "    ADD CONSTRAINT ident_pkey PRIMARY KEY (id);\n"
    "\n"
    "ALTER TABLE app.meas\n"
    "    ADD CONSTRAINT meas_pkey PRIMARY KEY (id, ts);\n"
    "\n"
    "CREATE INDEX meas_v_idx ON app.meas USING btree (v);\n"
    "\n"
    "CREATE VIEW app.v (x) AS\n"
    "SELECT id AS x FROM app.ident;\n"
    "\n"
    "ALTER TABLE ONLY app.v ALTER COLUMN x SET DEFAULT 0;\n"
    "\n"
    "CREATE MATERIALIZED VIEW app.mv (x) AS\n"
    "SELECT x FROM app.v\n"
    "  WITH NO DATA;\n"
    "\n"
    "CREATE CONSTRAINT TRIGGER ct AFTER INSERT ON app.ident DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION app.tf();\n"
    "\n"
    "CREATE TRIGGER st AFTER INSERT ON app.ident REFERENCING NEW TABLE AS newrows FOR EACH STATEMENT EXECUTE FUNCTION app.tf();\n"
    "\n"
    "ALTER TABLE app.ident DISABLE TRIGGER st;\n"
    "\n"
    "ALTER TABLE app.ident ENABLE ROW LEVEL SECURITY;\n"
    "\n"
    "CREATE POLICY p ON app.ident AS RESTRICTIVE FOR DELETE TO CURRENT_USER, alice USING (true);\n"
    "\n"
    "GRANT USAGE ON SCHEMA app TO alice;\n"
    "\n"
    "GRANT USAGE ON SEQUENCE app.counter TO bob;\n"
    "\n"
    "GRANT SELECT(id, name),UPDATE ON TABLE app.ident TO alice WITH GRANT OPTION;\n"
    "\n"
    "GRANT SELECT ON TABLE app.ident TO PUBLIC;\n"
    "\n"
    "GRANT SELECT ON TABLE app.mv TO bob;\n";

/* ---- tests -------------------------------------------------------------------- */

static void expect_text(const char *got, const char *want, const char *what)
{
    if (strcmp(got, want)) {
        /* Point at the first difference; cmocka truncates long strings. */
        size_t i = 0, line = 1;
        for (; got[i] && got[i] == want[i]; i++)
            if (got[i] == '\n')
                line++;
        fail_msg("%s differs at line %zu:\n--- got:\n%.200s\n--- want:\n%.200s", what, line, got + i, want + i);
    }
}

static void test_shop_json(void **state)
{
    (void)state;
    catalog *c = build_shop(false);
    char *j = to_json(c);
    expect_text(j, shop_json, "JSON");
    free(j);
    catalog_free(c);
}

static void test_shop_sql(void **state)
{
    (void)state;
    catalog *c = build_shop(false);
    char *s = to_sql(c);
    expect_text(s, shop_sql, "SQL");
    free(s);
    catalog_free(c);
}

static void test_hostile(void **state)
{
    (void)state;
    catalog *c = build_hostile();
    char *j = to_json(c), *s = to_sql(c);
    expect_text(j, hostile_json, "JSON");
    expect_text(s, hostile_sql, "SQL");
    free(j);
    free(s);
    catalog_free(c);
}

static void test_kitchen_sql(void **state)
{
    (void)state;
    catalog *c = build_kitchen();
    strbuf sb = STRBUF_INIT, err = STRBUF_INIT;
    sql_opts o = {.privileges = true, .no_preamble = true};
    assert_int_equal(catalog_to_sql(c, &o, &sb, &err), 0);
    expect_text(sb.buf, kitchen_sql, "SQL");
    /* Without privileges, no GRANT and nothing else changes. */
    strbuf np = STRBUF_INIT;
    o.privileges = false;
    assert_int_equal(catalog_to_sql(c, &o, &np, &err), 0);
    assert_null(strstr(np.buf, "GRANT"));
    const char *g = strstr(sb.buf, "\nGRANT ");
    assert_non_null(g);
    assert_int_equal(np.len, (size_t)(g - sb.buf));
    assert_memory_equal(np.buf, sb.buf, np.len);
    sb_release(&np);
    sb_release(&sb);
    sb_release(&err);
    catalog_free(c);
}

/* Two catalogs with the same content, filled in opposite orders. */
static void test_insertion_order(void **state)
{
    (void)state;
    catalog *a = build_shop(false), *b = build_shop(true);
    assert_ptr_not_equal(a->rels[0], NULL);
    assert_string_not_equal(a->rels[0]->name, b->rels[0]->name);
    char *ja = to_json(a), *jb = to_json(b), *sa = to_sql(a), *sb = to_sql(b);
    expect_text(jb, ja, "JSON of the reversed catalog");
    expect_text(sb, sa, "SQL of the reversed catalog");
    free(ja);
    free(jb);
    free(sa);
    free(sb);
    catalog_free(a);
    catalog_free(b);
}

#define REVERSE(arr, n)                                                        \
    do {                                                                       \
        for (size_t i_ = 0; i_ < (n) / 2; i_++) {                              \
            void *t_ = (arr)[i_];                                              \
            (arr)[i_] = (arr)[(n) - 1 - i_];                                   \
            (arr)[(n) - 1 - i_] = t_;                                          \
        }                                                                      \
    } while (0)

/* Reverses every object list whose order is not semantic (columns,
 * attributes, labels and inheritance parents keep theirs). */
static void reverse_catalog(catalog *c)
{
    REVERSE(c->schemas, c->nschemas);
    REVERSE(c->rels, c->nrels);
    REVERSE(c->types, c->ntypes);
    REVERSE(c->funcs, c->nfuncs);
    REVERSE(c->exts, c->nexts);
    for (size_t i = 0; i < c->nrels; i++) {
        cat_rel *r = c->rels[i];
        REVERSE(r->cons, r->ncons);
        REVERSE(r->idx, r->nidx);
        REVERSE(r->trig, r->ntrig);
        REVERSE(r->pol, r->npol);
    }
    for (size_t i = 0; i < c->ntypes; i++)
        REVERSE(c->types[i]->checks, c->types[i]->nchecks);
}

static void test_reversed_lists(void **state)
{
    (void)state;
    catalog *(*builders[])(void) = {build_kitchen, build_hostile};
    for (size_t b = 0; b < 2; b++) {
        catalog *x = builders[b](), *y = builders[b]();
        reverse_catalog(y);
        char *jx = to_json(x), *jy = to_json(y), *sx = to_sql(x), *sy = to_sql(y);
        expect_text(jy, jx, "JSON of the reversed catalog");
        expect_text(sy, sx, "SQL of the reversed catalog");
        free(jx);
        free(jy);
        free(sx);
        free(sy);
        catalog_free(x);
        catalog_free(y);
    }
}

static void test_preamble(void **state)
{
    (void)state;
    catalog *c = catalog_new();
    strbuf sb = STRBUF_INIT, err = STRBUF_INIT;
    assert_int_equal(catalog_to_sql(c, NULL, &sb, &err), 0);
    expect_text(sb.buf,
                "SET statement_timeout = 0;\n"
                "SET lock_timeout = 0;\n"
                "SET idle_in_transaction_session_timeout = 0;\n"
                "SET client_encoding = 'UTF8';\n"
                "SET standard_conforming_strings = on;\n"
                "SELECT pg_catalog.set_config('search_path', '', false);\n"
                "SET check_function_bodies = false;\n"
                "SET xmloption = content;\n"
                "SET client_min_messages = warning;\n"
                "SET row_security = off;\n"
                "SET default_tablespace = '';\n"
                "SET default_table_access_method = heap;\n",
                "empty catalog");
    sb_reset(&sb);
    cat_rel_new(c, cat_schema_get(c, "public"), "t", 'r');
    assert_int_equal(catalog_to_sql(c, NULL, &sb, &err), 0);
    assert_non_null(strstr(sb.buf, "SET default_table_access_method = heap;\n\nCREATE TABLE public.t (\n);\n"));
    sb_reset(&sb);
    assert_int_equal(catalog_to_json(c, NULL, &sb), 0);
    expect_text(sb.buf,
                "{\n"
                "  \"version\": 1,\n"
                "  \"schemas\": [\n"
                "    {\n"
                "      \"name\": \"public\"\n"
                "    }\n"
                "  ],\n"
                "  \"extensions\": [\n"
                "  ],\n"
                "  \"types\": [\n"
                "  ],\n"
                "  \"functions\": [\n"
                "  ],\n"
                "  \"relations\": [\n"
                "    {\n"
                "      \"schema\": \"public\",\n"
                "      \"name\": \"t\",\n"
                "      \"kind\": \"table\"\n"
                "    }\n"
                "  ]\n"
                "}\n",
                "JSON");
    sb_release(&sb);
    sb_release(&err);
    catalog_free(c);
}

/* Owners, ACLs and locations appear only when asked for. */
static void test_json_options(void **state)
{
    (void)state;
    catalog *c = build_kitchen();
    cat_rel *ident = cat_rel_get(c, "app", "ident");
    ident->obj.owner = xstrdup("alice");
    ident->obj.loc.path = cat_intern_path(c, "versions/0001_init.sql");
    ident->obj.loc.line = 12;
    strbuf plain = STRBUF_INIT, full = STRBUF_INIT;
    assert_int_equal(catalog_to_json(c, NULL, &plain), 0);
    json_opts o = {.locations = true, .privileges = true};
    assert_int_equal(catalog_to_json(c, &o, &full), 0);
    assert_null(strstr(plain.buf, "\"owner\""));
    assert_null(strstr(plain.buf, "\"acl\""));
    assert_null(strstr(plain.buf, "\"location\""));
    assert_non_null(strstr(full.buf,
                           "      \"owner\": \"alice\",\n"
                           "      \"acl\": [\n"
                           "        \"alice:SELECT(id,name),UPDATE WITH GRANT OPTION\",\n"
                           "        \"public:SELECT\"\n"
                           "      ],\n"
                           "      \"location\": \"versions/0001_init.sql:12\"\n"));
    /* Members of an extension are marked; dependencies never appear. */
    assert_non_null(strstr(plain.buf, "      \"extension\": \"pgcrypto\"\n"));
    assert_null(strstr(plain.buf, "deps"));
    /* with_no_data is not part of the JSON. */
    assert_null(strstr(plain.buf, "no_data"));
    /* Inheritance children say which columns are inherited. */
    assert_non_null(strstr(plain.buf,
                           "          \"name\": \"b\",\n"
                           "          \"type\": \"text\",\n"
                           "          \"not_null\": true,\n"
                           "          \"default\": \"'r'::text\",\n"
                           "          \"local\": false,\n"
                           "          \"inh_count\": 1\n"));
    sb_release(&plain);
    sb_release(&full);
    catalog_free(c);
}

/* Views that read each other cannot be ordered: the error names the
 * cycle. */
static void test_cycle(void **state)
{
    (void)state;
    catalog *c = catalog_new();
    cat_schema *pub = cat_schema_get(c, "public");
    cat_rel *a = cat_rel_new(c, pub, "a", 'v'), *b = cat_rel_new(c, pub, "b", 'v');
    a->query = xstrdup("SELECT 1 FROM public.b");
    b->query = xstrdup("SELECT 1 FROM public.a");
    cat_dep_add(&a->obj, &b->obj, DEP_NORMAL);
    cat_dep_add(&b->obj, &a->obj, DEP_NORMAL);
    strbuf sb = STRBUF_INIT, err = STRBUF_INIT;
    assert_int_equal(catalog_to_sql(c, NULL, &sb, &err), -1);
    assert_string_equal(err.buf, "cannot order the schema: dependency cycle: view a needs view b needs view a");
    sb_release(&sb);
    sb_release(&err);
    catalog_free(c);
}

/* A CHECK that calls a function taking its table's row type is split out
 * of CREATE TABLE; other tables keep theirs inline. */
static void test_check_loop(void **state)
{
    (void)state;
    catalog *c = catalog_new();
    cat_schema *pub = cat_schema_get(c, "public");
    cat_rel *t = cat_rel_new(c, pub, "t", 'r');
    cat_rel *u = cat_rel_new(c, pub, "u", 'r');
    cat_func *f = func(c, pub, "ok", "ok(public.t)", "boolean", "sql", "select true");
    arg(f, 'i', "r", "public.t");
    cat_dep_add(&f->obj, &t->obj, DEP_NORMAL);
    cat_func *g = func(c, pub, "pos", "pos(integer)", "boolean", "sql", "select $1 > 0");
    arg(g, 'i', NULL, "integer");
    col(t, "x", "integer", false);
    cat_constraint *k = cat_constraint_add(t, "t_check", CON_CHECK);
    k->expr = xstrdup("public.ok(NULL::public.t)");
    cat_dep_add(&k->obj, &f->obj, DEP_NORMAL);
    col(u, "y", "integer", false);
    k = cat_constraint_add(u, "u_check", CON_CHECK);
    k->expr = xstrdup("public.pos(y)");
    cat_dep_add(&k->obj, &g->obj, DEP_NORMAL);
    char *s = to_sql(c);
    expect_text(s,
                "CREATE FUNCTION public.pos(integer) RETURNS boolean\n"
                "    LANGUAGE sql\n"
                "    AS $_$select $1 > 0$_$;\n"
                "\n"
                "CREATE TABLE public.t (\n"
                "    x integer\n"
                ");\n"
                "\n"
                "CREATE FUNCTION public.ok(r public.t) RETURNS boolean\n"
                "    LANGUAGE sql\n"
                "    AS $$select true$$;\n"
                "\n"
                "CREATE TABLE public.u (\n"
                "    y integer,\n"
                "    CONSTRAINT u_check CHECK (public.pos(y))\n"
                ");\n"
                "\n"
                "ALTER TABLE public.t\n"
                "    ADD CONSTRAINT t_check CHECK (public.ok(NULL::public.t));\n",
                "SQL");
    free(s);
    catalog_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shop_json),
        cmocka_unit_test(test_shop_sql),
        cmocka_unit_test(test_hostile),
        cmocka_unit_test(test_kitchen_sql),
        cmocka_unit_test(test_insertion_order),
        cmocka_unit_test(test_reversed_lists),
        cmocka_unit_test(test_preamble),
        cmocka_unit_test(test_json_options),
        cmocka_unit_test(test_cycle),
        cmocka_unit_test(test_check_loop),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
