/* init: create a new sqlc project folder.
 *
 * Writes DIR/sqlc.ini, DIR/versions/ and DIR/versions/README.  Nothing that
 * exists is ever overwritten: the check happens before anything is written,
 * and each file is created exclusively, so a second `init` changes nothing.
 * A failure part way removes what this run made: all or nothing. */
#include "cli.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char readme[] =
    "This folder holds the project's revisions, one file per revision:\n"
    "\n"
    "  <id>_<slug>.sql\n"
    "\n"
    "    -- sqlc:revision 3b1c2d4e5f6a\n"
    "    -- sqlc:parents 2b6c1f3e4d5b\n"
    "    -- sqlc:message add phone_number column to users\n"
    "    -- sqlc:created 2026-11-22T03:42:00Z\n"
    "\n"
    "    -- sqlc:upgrade\n"
    "    ALTER TABLE users ADD COLUMN phone_number text;\n"
    "\n"
    "    -- sqlc:downgrade\n"
    "    ALTER TABLE users DROP COLUMN phone_number;\n"
    "\n"
    "Create one with `sqlc revision -m \"message\"`; see `sqlc history`.\n";

int cmd_init(int argc, char **argv)
{
    static const struct option longopts[] = {COMMON_LONGOPTS, {NULL, 0, NULL, 0}};
    const command *self = find_command("init");
    int c;
    while ((c = getopt_long(argc, argv, ":" COMMON_SHORTOPTS, longopts, NULL)) != -1)
        common_option(self, c, optopt, argv);
    if (argc - optind > 1)
        usage_error(self, "too many arguments");
    const char *dir = optind < argc ? argv[optind] : ".";

    char *ini = path_join(dir, CONFIG_FILE);
    char *versions = path_join(dir, "versions");
    char *readme_path = path_join(versions, "README");
    int rc = EXIT_USAGE;
    /* What this run created, undone in reverse if a later step fails, so a
     * failed init (a full disk, a read-only folder) leaves nothing that
     * would make the next `sqlc init` refuse to run. */
    bool made_dir = false, made_ini = false, made_versions = false;
    strbuf err = STRBUF_INIT;
    if (path_exists(ini)) {
        error("%s already exists; not overwriting it", ini);
        goto out;
    }
    if (path_exists(versions)) {
        error("%s already exists; not overwriting it", versions);
        goto out;
    }
    if (!is_dir(dir)) {
        if (mkdir(dir, 0777) < 0) {
            error("cannot create %s: %s", dir, strerror(errno));
            goto out;
        }
        made_dir = true;
    }
    const char *tmpl = config_template();
    if (write_file_atomic(ini, tmpl, strlen(tmpl), true, &err) < 0) {
        error("%s", err.buf);
        goto out;
    }
    made_ini = true;
    if (mkdir(versions, 0777) < 0) {
        error("cannot create %s: %s", versions, strerror(errno));
        goto out;
    }
    made_versions = true;
    if (write_file_atomic(readme_path, readme, sizeof(readme) - 1, true, &err) < 0) {
        error("%s", err.buf);
        goto out;
    }
    printf("created %s\ncreated %s/\ncreated %s\n", ini, versions, readme_path);
    printf("next: sqlc revision -m \"first revision\"\n");
    rc = EXIT_OK;
out:
    if (rc != EXIT_OK) {
        if (made_versions)
            rmdir(versions);
        if (made_ini)
            unlink(ini);
        if (made_dir)
            rmdir(dir);
    }
    sb_release(&err);
    free(ini);
    free(versions);
    free(readme_path);
    return rc;
}
