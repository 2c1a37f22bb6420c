/* current: the database's revision(s), as `alembic current` prints them.
 *
 *   sqlc current [-v] [--format text|json]
 *
 * One line per head row: the id and its tags ("3b1c2d4e5f6a (head)").  A
 * row naming no revision of the versions folder is printed with
 * "(not in the versions folder)", a dirty one with "(dirty)"; either makes
 * the exit status 1.  Base (no version table, or an empty one) prints
 * nothing, as Alembic does; -v names the database, the version table and
 * its lock, and shows each revision in full.  Only reads: no lock is
 * taken, so it answers even while a migration runs. */
#include "cli.h"
#include "migrate.h"
#include "pgconn.h"

/* {"version": 1, "database", "version_table", "current": [revision + "dirty",
 * or {"id", "known": false, "dirty"}]}; base is an empty list. */
static int print_json(const project *p, const migrator *m)
{
    int rc = MG_OK;
    json_object *doc = cli_json_doc(), *arr = json_object_new_array();
    char *dsn = pgc_redact(p->cfg.database_url);
    json_object_object_add(doc, "database", json_object_new_string(dsn));
    free(dsn);
    json_object_object_add(doc, "version_table", json_object_new_string(m->vt.qtable));
    for (size_t i = 0; i < m->st.rows.n; i++) {
        const char *id = m->st.rows.v[i];
        int ix = graph_find(&p->graph, id);
        bool dirty = strvec_has(&m->st.dirty, id);
        json_object *j;
        if (ix >= 0) {
            j = rev_json(&p->graph, ix);
        } else {
            j = json_object_new_object();
            json_object_object_add(j, "id", json_object_new_string(id));
        }
        json_object_object_add(j, "known", json_object_new_boolean(ix >= 0));
        json_object_object_add(j, "dirty", json_object_new_boolean(dirty));
        if (ix < 0 || dirty)
            rc = MG_PROBLEM;
        json_object_array_add(arr, j);
    }
    json_object_object_add(doc, "current", arr);
    cli_json_print(doc, stdout);
    return rc;
}

int cmd_current(int argc, char **argv)
{
    bool json = online_json_only(find_command("current"), argc, argv);
    bool verbose = g_opts.verbose;
    project p;
    project_open(&p);
    migrator m;
    online_open(&p, &m, "current", verbose);
    strbuf err = STRBUF_INIT;
    int rc = mg_read_state(&m, &err);
    if (rc != MG_OK) {
        fprintf(stderr, "sqlc current: error: %s\n", err.buf);
    } else if (json) {
        rc = print_json(&p, &m);
    } else {
        const mg_state *st = &m.st;
        if (verbose) {
            char *dsn = pgc_redact(p.cfg.database_url);
            printf("Database: %s\nVersion table: %s (%s)\nLock: advisory lock (%d, %d)\n", dsn,
                   m.vt.qtable, !st->has_table ? "absent" : st->rows.n ? "present" : "empty",
                   VT_LOCK_CLASS, vt_lock_key(&m.vt));
            free(dsn);
            if (!st->rows.n)
                printf("Current revision: base\n");
            else
                printf("Current revision%s:\n", st->rows.n == 1 ? "" : "s");
        }
        for (size_t i = 0; i < st->rows.n; i++) {
            const char *id = st->rows.v[i];
            int ix = graph_find(&p.graph, id);
            bool dirty = strvec_has(&st->dirty, id);
            if (ix < 0) {
                printf("%s (not in the versions folder)%s\n", id, dirty ? " (dirty)" : "");
                rc = MG_PROBLEM;
                continue;
            }
            if (verbose && !dirty) {
                print_rev_verbose(stdout, &p.graph, ix);
                continue;
            }
            fputs(id, stdout);
            print_rev_tags(stdout, &p.graph, ix);
            if (dirty) {
                fputs(" (dirty)", stdout);
                rc = MG_PROBLEM;
            }
            fputc('\n', stdout);
        }
    }
    sb_release(&err);
    mg_close(&m);
    project_close(&p);
    return rc;
}
