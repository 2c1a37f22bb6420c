/* history: loading a versions folder, in the project's history format.
 * The native format is read here; the foreign ones and explicit file lists
 * in history_formats.c.  See history.h. */
#include "history.h"
#include "history_formats.h"
#include "parallel.h"

#include <dirent.h>
#include <errno.h>
#include <string.h>
#include <sys/stat.h>

static const char *const format_names[] = {
    [HISTORY_SQLC] = "sqlc",
    [HISTORY_GOLANG_MIGRATE] = "golang-migrate",
    [HISTORY_DBMATE] = "dbmate",
    [HISTORY_GOOSE] = "goose",
    [HISTORY_DIESEL] = "diesel",
    [HISTORY_FLYWAY] = "flyway",
};

bool history_format_from_name(const char *name, history_format *out)
{
    for (size_t i = 0; i < sizeof(format_names) / sizeof(format_names[0]); i++) {
        if (!strcmp(name, format_names[i])) {
            *out = (history_format)i;
            return true;
        }
    }
    return false;
}

const char *history_format_name(history_format f)
{
    return (size_t)f < sizeof(format_names) / sizeof(format_names[0]) ? format_names[f] : "?";
}

static int only_sql(const struct dirent *d)
{
    size_t n = strlen(d->d_name);
    return d->d_name[0] != '.' && n > 4 && !strcmp(d->d_name + n - 4, ".sql");
}

/* One folder entry of the native format: its revision, or diagnostics. */
typedef struct native_load {
    const char *dir;
    struct dirent **names;
    revision **revs;
    diaglist *dls;
} native_load;

static void load_entry(size_t i, void *vctx)
{
    native_load *ctx = vctx;
    const struct dirent *d = ctx->names[i];
    diaglist *dl = &ctx->dls[i];
    char *path = path_join(ctx->dir, d->d_name);
    bool isdir = d->d_type == DT_DIR;
    bool special = d->d_type == DT_FIFO || d->d_type == DT_SOCK || d->d_type == DT_CHR ||
                   d->d_type == DT_BLK;
    if (d->d_type == DT_UNKNOWN || d->d_type == DT_LNK) {
        struct stat st;
        /* A dangling or looping link fails here and is reported by the
         * load below, with the system's reason. */
        if (stat(path, &st) == 0) {
            isdir = S_ISDIR(st.st_mode);
            special = !isdir && !S_ISREG(st.st_mode);
        }
    }
    if (isdir || special) {
        /* A folder named *.sql is not a revision; say so rather than
         * skipping it, since someone meant something by it.  A FIFO,
         * socket or device is not read at all (a FIFO could block). */
        diag_add_path(dl, DIAG_ERROR, path, "is a %s, not a revision file",
                      isdir ? "directory" : "FIFO, socket or device");
        free(path);
        return;
    }
    revision *r = revfile_load(path, dl);
    if (r) {
        const char *base = d->d_name;
        size_t idn = strlen(r->id);
        if (strncmp(base, r->id, idn) != 0 ||
            (base[idn] != '_' && strcmp(base + idn, ".sql") != 0)) {
            diag_add(dl, DIAG_ERROR, &r->src, r->header_off,
                     "file name does not start with its revision id; expected %s_<slug>.sql",
                     r->id);
            revision_free(r);
            r = NULL;
        }
    }
    ctx->revs[i] = r;
    free(path);
}

static int history_load_native(const char *dir, revgraph *g, diaglist *dl)
{
    size_t nerr0 = dl->nerrors;
    struct dirent **names;
    int n = scandir(dir, &names, only_sql, alphasort);
    if (n < 0) {
        diag_add_path(dl, DIAG_ERROR, dir, "cannot read versions folder: %s",
                      strerror(errno));
        return -1;
    }
    /* Files load in parallel (it is mostly system calls); revisions and
     * diagnostics are then taken in name order, as if loaded one by one. */
    native_load ctx = {dir, names, xcalloc((size_t)n + 1, sizeof(revision *)),
                       xcalloc((size_t)n + 1, sizeof(diaglist))};
    parallel_for((size_t)n, 64, load_entry, &ctx);
    for (int i = 0; i < n; i++) {
        diag_move(dl, &ctx.dls[i]);
        if (ctx.revs[i])
            graph_add(g, ctx.revs[i]);
        free(names[i]);
    }
    free(ctx.revs);
    free(ctx.dls);
    free(names);
    if (dl->nerrors != nerr0)
        return -1;
    return graph_build(g, dl);
}

/* The bookkeeping table a tool creates before it runs the first migration.
 * Migrations may rely on it (harbor alters golang-migrate's table), and a
 * database managed by the tool holds it, so replay starts from it.  Only
 * tools whose table is fixed and documented are listed. */
static const char *tool_prelude(history_format fmt)
{
    switch (fmt) {
    case HISTORY_GOLANG_MIGRATE:
        return "CREATE TABLE schema_migrations (version bigint NOT NULL PRIMARY KEY, dirty boolean NOT NULL);\n";
    default:
        return NULL;
    }
}

int history_load(const char *dir, history_format fmt, revgraph *g, diaglist *dl)
{
    if (fmt == HISTORY_SQLC)
        return history_load_native(dir, g, dl);
    int rc = history_load_foreign(dir, fmt, g, dl);
    const char *pre = tool_prelude(fmt);
    if (rc == 0 && pre) {
        g->prelude = xcalloc(1, sizeof(srcfile));
        char *name = xasprintf("(%s's own table)", history_format_name(fmt));
        srcfile_init(g->prelude, name, xstrdup(pre), strlen(pre));
        free(name);
    }
    return rc;
}
