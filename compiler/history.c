/* history: loading a versions folder.  See history.h. */
#include "history.h"

#include <dirent.h>
#include <errno.h>
#include <string.h>
#include <sys/stat.h>

static int only_sql(const struct dirent *d)
{
    size_t n = strlen(d->d_name);
    return d->d_name[0] != '.' && n > 4 && !strcmp(d->d_name + n - 4, ".sql");
}

int history_load(const char *dir, revgraph *g, diaglist *dl)
{
    size_t nerr0 = dl->nerrors;
    struct dirent **names;
    int n = scandir(dir, &names, only_sql, alphasort);
    if (n < 0) {
        diag_add_path(dl, DIAG_ERROR, dir, "cannot read versions folder: %s",
                      strerror(errno));
        return -1;
    }
    for (int i = 0; i < n; i++) {
        char *path = path_join(dir, names[i]->d_name);
        struct stat st;
        if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
            /* A folder named *.sql is not a revision; say so rather than
             * skipping it, since someone meant something by it. */
            diag_add_path(dl, DIAG_ERROR, path, "is a directory, not a revision file");
            free(path);
            continue;
        }
        revision *r = revfile_load(path, dl);
        if (r) {
            const char *base = names[i]->d_name;
            size_t idn = strlen(r->id);
            if (strncmp(base, r->id, idn) != 0 ||
                (base[idn] != '_' && strcmp(base + idn, ".sql") != 0)) {
                diag_add(dl, DIAG_ERROR, &r->src, r->header_off,
                         "file name does not start with its revision id; expected %s_<slug>.sql",
                         r->id);
                revision_free(r);
            } else {
                graph_add(g, r);
            }
        }
        free(path);
    }
    for (int i = 0; i < n; i++)
        free(names[i]);
    free(names);
    if (dl->nerrors != nerr0)
        return -1;
    return graph_build(g, dl);
}
