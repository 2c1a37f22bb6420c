/* verify: do the applied revisions' files still hold what was applied?
 *
 *   sqlc verify [-v] [--format text|json]
 *
 * For every revision applied at the database's head rows, compares the
 * checksum its newest history row recorded with the file's checksum now
 * (checksum.h) and prints one line per difference; exit 1 when there is
 * any.  The same check 'sqlc upgrade' makes before it applies anything.
 * Revisions with no history row (applied before sqlc kept one) cannot be
 * checked; -v counts them.  Only reads; no lock is taken. */
#include "cli.h"
#include "migrate.h"

static size_t applied_count(const project *p, const migrator *m)
{
    size_t applied = 0;
    bool *a = bundle_applied(&p->graph, &m->st.current);
    for (size_t i = 0; i < p->graph.n; i++)
        applied += a[i];
    free(a);
    return applied;
}

int cmd_verify(int argc, char **argv)
{
    bool json = online_json_only(find_command("verify"), argc, argv);
    bool verbose = g_opts.verbose;
    project p;
    project_open(&p);
    migrator m;
    online_open(&p, &m, "verify", verbose);
    strbuf err = STRBUF_INIT;
    mg_mismatch *mm = NULL;
    size_t n = 0, unrecorded = 0;
    int rc = mg_read_state(&m, &err);
    if (rc == MG_OK)
        rc = mg_state_usable(&m, true, &err);
    if (rc == MG_OK)
        rc = mg_mismatches(&m, &mm, &n, &unrecorded, &err);
    if (rc != MG_OK) {
        fprintf(stderr, "sqlc verify: error: %s\n", err.buf);
    } else if (json) {
        json_object *doc = cli_json_doc(), *arr = json_object_new_array();
        for (size_t i = 0; i < n; i++) {
            const revision *r = p.graph.revs[mm[i].ix];
            json_object *j = json_object_new_object();
            json_object_object_add(j, "id", json_object_new_string(r->id));
            json_object_object_add(j, "path", json_object_new_string(r->src.path));
            json_object_object_add(j, "recorded", json_object_new_string(mm[i].recorded));
            json_object_object_add(j, "now", json_object_new_string(mm[i].now));
            json_object_array_add(arr, j);
        }
        json_object_object_add(doc, "applied", json_object_new_int64((int64_t)applied_count(&p, &m)));
        json_object_object_add(doc, "unrecorded", json_object_new_int64((int64_t)unrecorded));
        json_object_object_add(doc, "changed", arr);
        cli_json_print(doc, stdout);
        if (n)
            rc = MG_PROBLEM;
    } else {
        for (size_t i = 0; i < n; i++) {
            const revision *r = p.graph.revs[mm[i].ix];
            printf("%s: applied with checksum %s, but %s now has %s\n", r->id, mm[i].recorded,
                   r->src.path, mm[i].now);
        }
        if (verbose) {
            size_t applied = applied_count(&p, &m);
            printf("%zu applied revision%s: %zu match%s, %zu differ%s, %zu without a recorded checksum\n",
                   applied, applied == 1 ? "" : "s", applied - n - unrecorded,
                   applied - n - unrecorded == 1 ? "es" : "", n, n == 1 ? "s" : "", unrecorded);
        }
        if (n)
            rc = MG_PROBLEM;
    }
    free(mm);
    sb_release(&err);
    mg_close(&m);
    project_close(&p);
    return rc;
}
