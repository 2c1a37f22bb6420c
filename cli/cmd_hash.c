/* hash: write sqlc.sum, the checksums that pin the history.
 *
 *   sqlc hash
 *
 * Loads the history (it must load: a broken one exits 2), renders one line
 * per revision in topological order (checksum.h) and writes
 * VERSIONS/sqlc.sum atomically.  `sqlc check` compares against it.  Foreign
 * histories may have one too: their loaders skip the file. */
#include "checksum.h"
#include "cli.h"

#include <string.h>

int cmd_hash(int argc, char **argv)
{
    static const struct option longopts[] = {
        COMMON_LONGOPTS,
        {NULL, 0, NULL, 0},
    };
    const command *self = find_command("hash");
    int c;
    while ((c = getopt_long(argc, argv, ":" COMMON_SHORTOPTS, longopts, NULL)) != -1)
        common_option(self, c, optopt, argv);
    if (optind < argc)
        usage_error(self, "unexpected argument '%s'", argv[optind]);
    project p;
    project_open(&p);
    char *text = sum_render(&p.graph);
    char *path = path_join(p.cfg.versions, SQLC_SUM_FILE);
    strbuf err = STRBUF_INIT;
    int status = EXIT_OK;
    if (write_file_atomic(path, text, strlen(text), false, &err) < 0) {
        fprintf(stderr, "sqlc: error: %s\n", err.buf);
        status = EXIT_USAGE;
    } else {
        printf("wrote %s: %zu revision%s\n", path, p.graph.n, p.graph.n == 1 ? "" : "s");
    }
    sb_release(&err);
    free(path);
    free(text);
    project_close(&p);
    return status;
}
