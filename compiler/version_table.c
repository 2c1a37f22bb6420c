/* version_table: the DDL and SQL snippets of sqlc's version table.  The
 * design (two tables, head rows, dirty flag) is described in
 * version_table.h; this file only prints SQL, with every identifier quoted
 * by pgident and every value as a literal. */
#include "version_table.h"

#include <assert.h>
#include <stdint.h>
#include <string.h>
#include <xxhash.h>

#include "pgident.h"

void vt_init(vtable *vt, const char *schema, const char *table)
{
    memset(vt, 0, sizeof(*vt));
    vt->schema = xstrdup(schema && *schema ? schema : "public");
    vt->table = xstrdup(table && *table ? table : "sqlc_version");
    vt->history = xasprintf("%s_history", vt->table);
    strbuf sb = STRBUF_INIT;
    pgident_quote_sb(&sb, vt->schema);
    sb_addc(&sb, '.');
    pgident_quote_sb(&sb, vt->table);
    vt->qtable = sb_detach(&sb);
    pgident_quote_sb(&sb, vt->schema);
    sb_addc(&sb, '.');
    pgident_quote_sb(&sb, vt->history);
    vt->qhistory = sb_detach(&sb);
}

void vt_release(vtable *vt)
{
    free(vt->schema);
    free(vt->table);
    free(vt->history);
    free(vt->qtable);
    free(vt->qhistory);
    memset(vt, 0, sizeof(*vt));
}

void sql_literal(strbuf *out, const char *s)
{
    sb_addc(out, '\'');
    for (; *s; s++) {
        if (*s == '\'')
            sb_addc(out, '\'');
        sb_addc(out, *s);
    }
    sb_addc(out, '\'');
}

void vt_ddl(const vtable *vt, strbuf *out)
{
    if (strcmp(vt->schema, "public")) {
        sb_adds(out, "CREATE SCHEMA IF NOT EXISTS ");
        pgident_quote_sb(out, vt->schema);
        sb_adds(out, ";\n");
    }
    sb_addf(out,
            "CREATE TABLE IF NOT EXISTS %s (\n"
            "    version_id text PRIMARY KEY,\n"
            "    dirty boolean NOT NULL DEFAULT false\n"
            ");\n"
            "CREATE TABLE IF NOT EXISTS %s (\n"
            "    id bigserial PRIMARY KEY,\n"
            "    version_id text NOT NULL,\n"
            "    operation text NOT NULL CHECK (operation IN ('upgrade', 'downgrade', 'stamp')),\n"
            "    checksum text NOT NULL,\n"
            "    applied_at timestamptz NOT NULL DEFAULT now(),\n"
            "    tool_version text NOT NULL\n"
            ");\n",
            vt->qtable, vt->qhistory);
}

static void id_list(strbuf *out, const strvec *ids, const char *sep, bool literal)
{
    for (size_t i = 0; i < ids->n; i++) {
        if (i)
            sb_adds(out, sep);
        if (literal)
            sql_literal(out, ids->v[i]);
        else
            sb_adds(out, ids->v[i]);
    }
}

/* " WHERE version_id = 'a';" or " ... IN ('a', 'b');". */
static void where_ids(strbuf *out, const strvec *ids)
{
    if (ids->n == 1) {
        sb_adds(out, " WHERE version_id = ");
        sql_literal(out, ids->v[0]);
    } else {
        sb_adds(out, " WHERE version_id IN (");
        id_list(out, ids, ", ", true);
        sb_adds(out, ")");
    }
    sb_adds(out, ";\n");
}

void vt_guard(const vtable *vt, const strvec *expected, const char *what, strbuf *out)
{
    /* Rows are compared as one sorted, comma-separated string; a dirty row
     * carries " (dirty)", so it can never equal an expected set.  The
     * SELECT is in its own IF so that PL/pgSQL plans it only when the
     * table exists. */
    strvec sorted = STRVEC_INIT;
    for (size_t i = 0; i < expected->n; i++)
        strvec_push(&sorted, expected->v[i]);
    strvec_sort(&sorted);
    strbuf want = STRBUF_INIT;
    id_list(&want, &sorted, ", ", false);
    sb_adds(out, "DO $sqlc_guard$\nDECLARE\n    found text;\nBEGIN\n    IF to_regclass(");
    sql_literal(out, vt->qtable);
    sb_addf(out, ") IS NOT NULL THEN\n"
                 "        SELECT string_agg(version_id || CASE WHEN dirty THEN ' (dirty)' ELSE '' END, ', '\n"
                 "                          ORDER BY version_id COLLATE \"C\")\n"
                 "          INTO found FROM %s;\n"
                 "    END IF;\n"
                 "    IF found ",
            vt->qtable);
    if (sorted.n) {
        sb_adds(out, "IS DISTINCT FROM ");
        sql_literal(out, want.buf);
    } else {
        sb_adds(out, "IS NOT NULL");
    }
    sb_adds(out, " THEN\n        RAISE EXCEPTION 'sqlc: wrong database: it is at %, but ");
    /* what and the ids are ours (no quotes or percent signs), but quote
     * anyway: the message is inside a literal. */
    strbuf msg = STRBUF_INIT;
    sb_addf(&msg, "%s starts at %s", what, sorted.n ? want.buf : "base");
    for (const char *p = msg.buf; *p; p++) {
        if (*p == '\'' || *p == '%')
            sb_addc(out, *p);
        sb_addc(out, *p);
    }
    sb_adds(out, "', coalesce(found, 'base')\n"
                 "            USING HINT = 'Nothing was changed.  Apply the bundle that starts at the database''s revision, or clear a dirty row after repairing by hand.';\n"
                 "    END IF;\n"
                 "END\n$sqlc_guard$;\n");
    sb_release(&msg);
    sb_release(&want);
    strvec_clear(&sorted);
}

void vt_lock(const vtable *vt, strbuf *out)
{
    sb_addf(out, "LOCK TABLE %s IN SHARE ROW EXCLUSIVE MODE;\n", vt->qtable);
}

void vt_change(const vtable *vt, const strvec *removed, const strvec *added,
               bool dirty, strbuf *out)
{
    if (removed->n == 1 && added->n == 1) {
        sb_addf(out, "UPDATE %s SET version_id = ", vt->qtable);
        sql_literal(out, added->v[0]);
        if (dirty)
            sb_adds(out, ", dirty = true");
        sb_adds(out, " WHERE version_id = ");
        sql_literal(out, removed->v[0]);
        sb_adds(out, ";\n");
        return;
    }
    if (removed->n) {
        sb_addf(out, "DELETE FROM %s", vt->qtable);
        where_ids(out, removed);
    }
    if (added->n) {
        sb_addf(out, "INSERT INTO %s (version_id%s) VALUES ", vt->qtable, dirty ? ", dirty" : "");
        for (size_t i = 0; i < added->n; i++) {
            sb_adds(out, i ? ", (" : "(");
            sql_literal(out, added->v[i]);
            sb_adds(out, dirty ? ", true)" : ")");
        }
        sb_adds(out, ";\n");
    }
}

void vt_clean(const vtable *vt, const strvec *rows, strbuf *out)
{
    if (!rows->n)
        return;
    sb_addf(out, "UPDATE %s SET dirty = false", vt->qtable);
    where_ids(out, rows);
}

void vt_history(const vtable *vt, const char *id, const char *operation,
                const char *checksum, const char *tool_version, strbuf *out)
{
    sb_addf(out, "INSERT INTO %s (version_id, operation, checksum, tool_version) VALUES (", vt->qhistory);
    sql_literal(out, id);
    sb_adds(out, ", ");
    sql_literal(out, operation);
    sb_adds(out, ", ");
    sql_literal(out, checksum);
    sb_adds(out, ", ");
    sql_literal(out, tool_version);
    sb_adds(out, ");\n");
}

void vt_notx_begin(const vtable *vt, const strvec *removed, const strvec *added, strbuf *out)
{
    if (added->n) {
        vt_change(vt, removed, added, true, out);
        return;
    }
    /* Nothing to move to: keep the rows being removed, marked. */
    assert(removed->n);
    sb_addf(out, "UPDATE %s SET dirty = true", vt->qtable);
    where_ids(out, removed);
}

void vt_notx_end(const vtable *vt, const strvec *removed, const strvec *added, strbuf *out)
{
    if (added->n) {
        vt_clean(vt, added, out);
        return;
    }
    strvec none = STRVEC_INIT;
    vt_change(vt, removed, &none, false, out);
}

void vt_purge(const vtable *vt, strbuf *out)
{
    sb_addf(out, "DELETE FROM %s;\n", vt->qtable);
}

int vt_lock_key(const vtable *vt)
{
    uint32_t low = (uint32_t)XXH3_64bits(vt->qtable, strlen(vt->qtable));
    return (int)(int32_t)low;
}

void vt_advisory_lock(const vtable *vt, strbuf *out)
{
    sb_addf(out, "SELECT pg_try_advisory_lock(%d, %d)", VT_LOCK_CLASS, vt_lock_key(vt));
}

void vt_advisory_unlock(const vtable *vt, strbuf *out)
{
    sb_addf(out, "SELECT pg_advisory_unlock(%d, %d)", VT_LOCK_CLASS, vt_lock_key(vt));
}

void vt_exists_query(const vtable *vt, strbuf *out)
{
    sb_adds(out, "SELECT to_regclass(");
    sql_literal(out, vt->qtable);
    sb_adds(out, ") IS NOT NULL, to_regclass(");
    sql_literal(out, vt->qhistory);
    sb_adds(out, ") IS NOT NULL");
}

void vt_heads_query(const vtable *vt, strbuf *out)
{
    sb_addf(out, "SELECT version_id, dirty FROM %s ORDER BY version_id COLLATE \"C\"", vt->qtable);
}

void vt_checksums_query(const vtable *vt, strbuf *out)
{
    sb_addf(out, "SELECT DISTINCT ON (version_id) version_id, operation, checksum FROM %s\n"
                 " ORDER BY version_id, id DESC",
            vt->qhistory);
}
