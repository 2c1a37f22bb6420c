/* history_formats: other tools' migration folders, and lists of plain SQL
 * files, read in place as linear histories.  See history.h and
 * history_formats.h.
 *
 * Loading goes in three steps, the same for every format:
 *   1. classify: each folder entry becomes an `entry` (version, name, the
 *      up and/or down file) or an error naming it; README* and hidden files
 *      are skipped, and sqlc.sum at the top (checksum.h), nothing else is
 *      (a misspelt name silently left out of a history is worse than a
 *      refusal);
 *   2. order and pair: entries are sorted by the format's version order;
 *      equal versions pair an up file with its down (or undo) file, and any
 *      other repeat is a duplicate naming both files;
 *   3. load: each migration's files are read (bytes checked as for native
 *      files), split into sections (whole file, or by markers for dbmate and
 *      goose), and chained: parent = the previous migration.
 * Version orders: golang-migrate and goose compare numbers of any length;
 * dbmate and diesel compare digit strings as strings, as those tools do
 * (they are timestamps); flyway compares dotted parts as numbers (1.10 >
 * 1.9, 1 = 1.0). */
#include "history_formats.h"
#include "checksum.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <libgen.h>
#include <string.h>
#include <sys/stat.h>

/* One migration as found on disk, before its files are read. */
typedef struct entry {
    char *id;      /* the version: the revision id */
    char *message;
    char *up;      /* the file with the upgrade; NULL for a lone down file */
    char *down;    /* the downgrade's own file, or NULL */
    char *meta;    /* diesel's metadata.toml, or NULL */
    char *where;   /* what messages name: the file, or diesel's folder */
    bool transactional;
} entry;

typedef struct entries {
    entry *v;
    size_t n, alloc;
} entries;

typedef struct format_desc {
    history_format fmt;
    const char *name;
    int (*cmp)(const char *a, const char *b);
    void (*classify)(const char *dir, const char *name, bool isdir, entries *out,
                     diaglist *dl);
    /* Splits r->src into sections; NULL: the whole file is the upgrade. */
    int (*split)(revision *r, size_t start, diaglist *dl);
    const char *up_word, *down_word; /* "up"/"down", "versioned"/"undo" */
} format_desc;

static entry *entry_push(entries *es, char *id, char *message, char *where)
{
    ALLOC_GROW(es->v, es->n + 1, es->alloc);
    entry *e = &es->v[es->n++];
    memset(e, 0, sizeof(*e));
    e->id = id;
    e->message = message;
    e->where = where;
    e->transactional = true;
    return e;
}

static void entry_release(entry *e)
{
    free(e->id);
    free(e->message);
    free(e->up);
    free(e->down);
    free(e->meta);
    free(e->where);
}

static void entries_clear(entries *es)
{
    for (size_t i = 0; i < es->n; i++)
        entry_release(&es->v[i]);
    free(es->v);
    memset(es, 0, sizeof(*es));
}

/* The name part of a file name as a message: '_' becomes ' '. */
static char *message_of(const char *s, size_t n)
{
    char *m = xstrndup(s, n);
    for (char *p = m; *p; p++)
        if (*p == '_')
            *p = ' ';
    return m;
}

static size_t ndigits(const char *s)
{
    size_t n = 0;
    while (isdigit((unsigned char)s[n]))
        n++;
    return n;
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && !strcmp(s + n - k, suffix);
}

/* ---- version orders ----------------------------------------------------- */

/* Compares digit strings [a,a+na) and [b,b+nb) as numbers of any length;
 * an empty string is 0. */
static int cmp_digits(const char *a, size_t na, const char *b, size_t nb)
{
    while (na > 1 && *a == '0')
        a++, na--;
    while (nb > 1 && *b == '0')
        b++, nb--;
    if (!na)
        a = "0", na = 1;
    if (!nb)
        b = "0", nb = 1;
    if (na != nb)
        return na < nb ? -1 : 1;
    return memcmp(a, b, na);
}

static int cmp_number(const char *a, const char *b)
{
    return cmp_digits(a, strlen(a), b, strlen(b));
}

static int cmp_string(const char *a, const char *b) { return strcmp(a, b); }

/* Flyway: part by part as numbers; missing parts are 0. */
static int cmp_dotted(const char *a, const char *b)
{
    while (*a || *b) {
        size_t na = strcspn(a, "."), nb = strcspn(b, ".");
        int c = cmp_digits(a, na, b, nb);
        if (c)
            return c;
        a += na + (a[na] == '.');
        b += nb + (b[nb] == '.');
    }
    return 0;
}

/* ---- classifying folder entries ----------------------------------------- */

static void classify_golang_migrate(const char *dir, const char *name, bool isdir,
                                    entries *out, diaglist *dl)
{
    char *path = path_join(dir, name);
    size_t d = ndigits(name), n = strlen(name), suffix = 0;
    bool down = false;
    if (ends_with(name, ".up.sql"))
        suffix = 7;
    else if (ends_with(name, ".down.sql"))
        suffix = 9, down = true;
    if (isdir || !d || name[d] != '_' || !suffix || n < d + 1 + suffix) {
        diag_add_path(dl, DIAG_ERROR, path,
                      "not a golang-migrate migration file (expected N_name.up.sql or N_name.down.sql)");
        free(path);
        return;
    }
    entry *e = entry_push(out, xstrndup(name, d),
                          message_of(name + d + 1, n - d - 1 - suffix), xstrdup(path));
    if (down)
        e->down = path;
    else
        e->up = path;
}

/* VERSION_name.sql, for dbmate and goose. */
static void classify_single(const char *dir, const char *name, bool isdir,
                            entries *out, diaglist *dl, const char *tool)
{
    char *path = path_join(dir, name);
    size_t d = ndigits(name), n = strlen(name);
    if (isdir || !d || name[d] != '_' || !ends_with(name, ".sql") || n < d + 5) {
        diag_add_path(dl, DIAG_ERROR, path,
                      "not a %s migration file (expected VERSION_name.sql)", tool);
        free(path);
        return;
    }
    entry *e = entry_push(out, xstrndup(name, d), message_of(name + d + 1, n - d - 5),
                          xstrdup(path));
    e->up = path;
}

static void classify_dbmate(const char *dir, const char *name, bool isdir,
                            entries *out, diaglist *dl)
{
    classify_single(dir, name, isdir, out, dl, "dbmate");
}

static void classify_goose(const char *dir, const char *name, bool isdir,
                           entries *out, diaglist *dl)
{
    if (!isdir && ends_with(name, ".go")) {
        char *path = path_join(dir, name);
        diag_add_path(dl, DIAG_ERROR, path,
                      "goose Go migrations are not supported; sqlc reads only SQL migrations");
        free(path);
        return;
    }
    size_t before = dl->nerrors;
    classify_single(dir, name, isdir, out, dl, "goose");
    if (dl->nerrors == before && !cmp_number(out->v[out->n - 1].id, "0")) {
        diag_add_path(dl, DIAG_ERROR, out->v[out->n - 1].where,
                      "goose versions start at 1; 0 is not a valid version");
        entry_release(&out->v[--out->n]);
    }
}

static int skip_hidden(const struct dirent *d) { return d->d_name[0] != '.'; }

static bool skipped(const char *name) { return str_starts_with(name, "README"); }

static void classify_diesel(const char *dir, const char *name, bool isdir,
                            entries *out, diaglist *dl)
{
    char *path = path_join(dir, name);
    const char *us = strchr(name, '_');
    size_t vlen = us ? (size_t)(us - name) : 0;
    bool ok = isdir && vlen && strspn(name, "0123456789-") == vlen;
    char *id = xmalloc(vlen + 1), *w = id;
    for (size_t i = 0; i < vlen; i++)
        if (name[i] != '-')
            *w++ = name[i];
    *w = '\0';
    if (!ok || !*id) {
        diag_add_path(dl, DIAG_ERROR, path,
                      isdir ? "not a diesel migration folder name (expected VERSION_name, like 2019-02-26-002946_create_user)"
                            : "not a diesel migration folder (expected VERSION_name/ holding up.sql and down.sql)");
        free(id);
        free(path);
        return;
    }
    struct dirent **names;
    int n = scandir(path, &names, skip_hidden, alphasort);
    if (n < 0) {
        diag_add_path(dl, DIAG_ERROR, path, "cannot read folder: %s", strerror(errno));
        free(id);
        free(path);
        return;
    }
    entry *e = entry_push(out, id, message_of(us + 1, strlen(us + 1)), path);
    for (int i = 0; i < n; i++) {
        const char *f = names[i]->d_name;
        char **slot = !strcmp(f, "up.sql")          ? &e->up
                      : !strcmp(f, "down.sql")      ? &e->down
                      : !strcmp(f, "metadata.toml") ? &e->meta
                                                    : NULL;
        char *fpath = path_join(path, f);
        if (slot)
            *slot = fpath;
        else {
            if (!skipped(f))
                diag_add_path(dl, DIAG_ERROR, fpath,
                              "not part of a diesel migration (expected up.sql, down.sql or metadata.toml)");
            free(fpath);
        }
        free(names[i]);
    }
    free(names);
    if (!e->up) {
        diag_add_path(dl, DIAG_ERROR, path, "diesel migration folder has no up.sql");
        entry_release(&out->v[--out->n]);
    }
}

static void classify_flyway(const char *dir, const char *name, bool isdir,
                            entries *out, diaglist *dl)
{
    char *path = path_join(dir, name);
    if (!isdir && str_starts_with(name, "R__")) {
        diag_add_path(dl, DIAG_ERROR, path,
                      "repeatable flyway migrations (R__) are not supported; sqlc reads a linear history of versioned migrations");
        free(path);
        return;
    }
    /* V|U, then digits in parts separated by single '.' or '_', then "__". */
    const char *p = name + 1;
    bool ok = !isdir && (name[0] == 'V' || name[0] == 'U') && isdigit((unsigned char)*p);
    while (ok) {
        p += ndigits(p);
        if ((*p == '.' || *p == '_') && isdigit((unsigned char)p[1]))
            p++;
        else
            break;
    }
    ok = ok && p[0] == '_' && p[1] == '_' && ends_with(p + 2, ".sql");
    if (!ok) {
        diag_add_path(dl, DIAG_ERROR, path,
                      "not a flyway migration file (expected V<version>__<description>.sql or U<version>__<description>.sql)");
        free(path);
        return;
    }
    char *id = xstrndup(name + 1, (size_t)(p - name - 1));
    for (char *q = id; *q; q++)
        if (*q == '_')
            *q = '.';
    entry *e = entry_push(out, id, message_of(p + 2, strlen(p + 2) - 4), xstrdup(path));
    if (name[0] == 'U')
        e->down = path;
    else
        e->up = path;
}

static const format_desc formats[] = {
    {HISTORY_GOLANG_MIGRATE, "golang-migrate", cmp_number, classify_golang_migrate, NULL, "up", "down"},
    {HISTORY_DBMATE, "dbmate", cmp_string, classify_dbmate, history_split_dbmate, "up", "down"},
    {HISTORY_GOOSE, "goose", cmp_number, classify_goose, history_split_goose, "up", "down"},
    {HISTORY_DIESEL, "diesel", cmp_string, classify_diesel, NULL, "up", "down"},
    {HISTORY_FLYWAY, "flyway", cmp_dotted, classify_flyway, NULL, "versioned", "undo"},
};

/* ---- ordering and pairing ------------------------------------------------ */

static int cmp_entry(const void *a, const void *b, void *ctx)
{
    const format_desc *f = ctx;
    const entry *x = a, *y = b;
    int c = f->cmp(x->id, y->id);
    if (c)
        return c;
    if (!x->up != !y->up)
        return x->up ? -1 : 1; /* up files first */
    return strcmp(x->where, y->where);
}

/* Sorts in and moves it to out with each version's up and down file paired;
 * repeats and down files without an up file are reported. */
static void order_and_pair(const format_desc *f, entries *in, entries *out,
                           diaglist *dl)
{
    if (in->n)
        qsort_r(in->v, in->n, sizeof(entry), cmp_entry, (void *)f);
    for (size_t i = 0; i < in->n;) {
        size_t j = i + 1;
        while (j < in->n && !f->cmp(in->v[i].id, in->v[j].id))
            j++;
        entry *up = NULL, *down = NULL;
        for (size_t k = i; k < j; k++) {
            entry *e = &in->v[k];
            entry **first = e->up ? &up : &down;
            if (*first)
                diag_add_path(dl, DIAG_ERROR, e->where, "duplicate version %s (also in %s)",
                              e->id, (*first)->where);
            else
                *first = e;
        }
        if (!up) {
            diag_add_path(dl, DIAG_ERROR, down->where,
                          "%s migration for version %s has no %s migration", f->down_word,
                          down->id, f->up_word);
        } else {
            if (down) {
                up->down = down->down;
                down->down = NULL;
            }
            ALLOC_GROW(out->v, out->n + 1, out->alloc);
            out->v[out->n++] = *up;
            memset(up, 0, sizeof(*up));
        }
        i = j;
    }
    entries_clear(in);
}

/* ---- loading ------------------------------------------------------------- */

/* Reads path into f and checks its bytes; returns where the SQL starts or
 * -1.  f is left zeroed when the file cannot be read. */
static long load_text(srcfile *f, const char *path, diaglist *dl)
{
    strbuf text = STRBUF_INIT, err = STRBUF_INIT;
    if (read_file(path, &text, &err) < 0) {
        diag_add_path(dl, DIAG_ERROR, path, "%s", sb_str(&err));
        sb_release(&text);
        sb_release(&err);
        return -1;
    }
    sb_release(&err);
    size_t len = text.len;
    srcfile_init(f, path, sb_detach(&text), len);
    return history_text_start(f, dl);
}

/* diesel's metadata.toml: only the top-level key run_in_transaction is
 * read, with a line reader; everything else is ignored. */
static int read_diesel_metadata(const char *path, revision *r, diaglist *dl)
{
    srcfile f;
    memset(&f, 0, sizeof(f));
    size_t nerr0 = dl->nerrors;
    long start = load_text(&f, path, dl);
    if (start >= 0) {
        for (size_t s = (size_t)start; s < f.len;) {
            const char *nl = memchr(f.text + s, '\n', f.len - s);
            size_t e = nl ? (size_t)(nl - f.text) : f.len;
            char *line = str_trim(xstrndup(f.text + s, e - s));
            if (line[0] == '[') { /* a table: later keys are not top-level */
                free(line);
                break;
            }
            char *eq = strchr(line, '=');
            if (eq) {
                *eq = '\0';
                char *hash = strchr(eq + 1, '#');
                if (hash)
                    *hash = '\0';
                const char *key = str_trim(line), *val = str_trim(eq + 1);
                if (!strcmp(key, "run_in_transaction")) {
                    if (!strcmp(val, "false"))
                        r->transactional = false;
                    else if (strcmp(val, "true") != 0)
                        diag_add(dl, DIAG_ERROR, &f, s,
                                 "run_in_transaction must be true or false, not '%s'", val);
                }
            }
            free(line);
            s = nl ? e + 1 : f.len;
        }
    }
    srcfile_release(&f);
    return dl->nerrors == nerr0 ? 0 : -1;
}

/* Builds the revision for e (taking its id and message); NULL on error. */
static revision *load_entry(const format_desc *f, entry *e, diaglist *dl)
{
    revision *r = xcalloc(1, sizeof(*r));
    r->transactional = e->transactional;
    r->id = e->id;
    r->message = e->message;
    e->id = e->message = NULL;
    long start = load_text(&r->src, e->up, dl);
    if (start < 0)
        goto fail;
    if (f && f->split) {
        if (f->split(r, (size_t)start, dl) < 0)
            goto fail;
    } else {
        r->upgrade = (section){true, (size_t)start, r->src.len - (size_t)start};
    }
    if (e->down) {
        r->down_src = xcalloc(1, sizeof(srcfile));
        long ds = load_text(r->down_src, e->down, dl);
        if (ds < 0)
            goto fail;
        r->downgrade = (section){true, (size_t)ds, r->down_src->len - (size_t)ds};
    }
    if (e->meta && read_diesel_metadata(e->meta, r, dl) < 0)
        goto fail;
    return r;
fail:
    revision_free(r);
    return NULL;
}

/* Loads every entry, chains them in order and, when no error was added
 * since nerr0, builds the graph.  Consumes list.  f is NULL for plain SQL
 * files. */
static int load_linear(const format_desc *f, entries *list, revgraph *g,
                       diaglist *dl, size_t nerr0)
{
    char *prev = NULL;
    for (size_t i = 0; i < list->n; i++) {
        char *id = xstrdup(list->v[i].id);
        revision *r = load_entry(f, &list->v[i], dl);
        if (r) {
            if (prev)
                strvec_push(&r->parents, prev);
            graph_add(g, r);
        }
        free(prev);
        prev = id;
    }
    free(prev);
    entries_clear(list);
    if (dl->nerrors != nerr0)
        return -1;
    return graph_build(g, dl);
}

int history_load_foreign(const char *dir, history_format fmt, revgraph *g,
                         diaglist *dl)
{
    const format_desc *f = NULL;
    for (size_t i = 0; i < sizeof(formats) / sizeof(formats[0]); i++)
        if (formats[i].fmt == fmt)
            f = &formats[i];
    if (!f) {
        diag_add_path(dl, DIAG_ERROR, dir, "history format %d has no loader", (int)fmt);
        return -1;
    }
    struct dirent **names;
    int n = scandir(dir, &names, skip_hidden, alphasort);
    if (n < 0) {
        diag_add_path(dl, DIAG_ERROR, dir, "cannot read versions folder: %s", strerror(errno));
        return -1;
    }
    size_t nerr0 = dl->nerrors;
    entries found = {0}, list = {0};
    for (int i = 0; i < n; i++) {
        const char *name = names[i]->d_name;
        /* sqlc's own checksum file may sit in any versions folder. */
        if (!skipped(name) && strcmp(name, SQLC_SUM_FILE)) {
            char *path = path_join(dir, name);
            bool isdir = is_dir(path);
            if (isdir && fmt != HISTORY_DIESEL)
                diag_add_path(dl, DIAG_ERROR, path, "is a directory, not a %s migration file",
                              f->name);
            else if (is_special_file(path))
                diag_add_path(dl, DIAG_ERROR, path, "is a FIFO, socket or device, not a %s migration file",
                              f->name);
            else
                f->classify(dir, name, isdir, &found, dl);
            free(path);
        }
        free(names[i]);
    }
    free(names);
    order_and_pair(f, &found, &list, dl);
    /* Files are read even after naming errors, so that one check lists the
     * problems inside them too. */
    return load_linear(f, &list, g, dl, nerr0);
}

/* ---- explicit lists of files --------------------------------------------- */

int history_load_files(const char **paths, size_t n, revgraph *g, diaglist *dl)
{
    entries list = {0};
    for (size_t i = 0; i < n; i++) {
        entry *e = entry_push(&list, xasprintf("%zu", i + 1), xstrdup(paths[i]),
                              xstrdup(paths[i]));
        e->up = xstrdup(paths[i]);
    }
    return load_linear(NULL, &list, g, dl, dl->nerrors);
}

int history_load_list(const char *list_path, revgraph *g, diaglist *dl)
{
    srcfile lf;
    memset(&lf, 0, sizeof(lf));
    size_t nerr0 = dl->nerrors;
    long start = load_text(&lf, list_path, dl);
    if (start < 0) {
        srcfile_release(&lf);
        return -1;
    }
    char *tmp = xstrdup(list_path);
    char *dir = xstrdup(dirname(tmp));
    free(tmp);
    entries list = {0};
    for (size_t s = (size_t)start; s < lf.len;) {
        const char *nl = memchr(lf.text + s, '\n', lf.len - s);
        size_t e = nl ? (size_t)(nl - lf.text) : lf.len, next = nl ? e + 1 : lf.len;
        char *line = xstrndup(lf.text + s, e - s);
        size_t n = strlen(line);
        if (n && line[n - 1] == '\r')
            line[--n] = '\0';
        char *tab = strchr(line, '\t');
        if (tab)
            *tab = '\0';
        const char *flag = tab ? str_trim(tab + 1) : "";
        const char *p = str_trim(line);
        if (*p == '#' || (!*p && !*flag)) { /* a comment or a blank line */
            free(line);
            s = next;
            continue;
        }
        if (!*p)
            diag_add(dl, DIAG_ERROR, &lf, s, "no path before the TAB");
        else if (*flag && strcmp(flag, "notx") != 0)
            diag_add(dl, DIAG_ERROR, &lf, s + (size_t)(tab - line) + 1,
                     "unknown flag '%s' after the TAB (known: notx)", flag);
        else {
            char *path = p[0] == '/' ? xstrdup(p) : path_join(dir, p);
            struct stat st;
            if (stat(path, &st) < 0)
                diag_add(dl, DIAG_ERROR, &lf, s, "cannot open %s: %s", path, strerror(errno));
            entry *en = entry_push(&list, xasprintf("%zu", list.n + 1), xstrdup(p),
                                   xstrdup(path));
            en->up = path;
            en->transactional = !*flag;
        }
        free(line);
        s = next;
    }
    free(dir);
    srcfile_release(&lf);
    if (dl->nerrors != nerr0) {
        entries_clear(&list);
        return -1;
    }
    return load_linear(NULL, &list, g, dl, nerr0);
}
