/* config: sqlc.ini, the project's settings, read with inih.
 *
 *   [sqlc]
 *   versions = versions                ; the revision folder
 *   schema = schema.sql                ; desired schema, for diff/autogenerate
 *   database_url = postgresql:///app   ; libpq conninfo or URI
 *   version_table = sqlc_version
 *   version_table_schema = public
 *   history_format = sqlc              ; or golang-migrate, dbmate, goose,
 *                                      ; diesel, flyway (history.h)
 *
 *   [lint]                             ; optional: per rule (hazard.h code)
 *   index-build = error                ; off, info, warning or error
 *
 * Paths in the file are relative to the file's own folder, so commands work
 * from anywhere with -c.  Unknown sections and keys are errors: a misspelt
 * key silently falling back to a default is worse than refusing to start.
 * Precedence, highest first: command-line flags, SQLC_DATABASE_URL (for the
 * URL only), the file, built-in defaults; libpq's own PG* variables and
 * service files apply underneath an empty URL. */
#ifndef SQLC_CONFIG_H
#define SQLC_CONFIG_H

#include <stdbool.h>

#include "hazard.h"
#include "history.h"
#include "strbuf.h"

#define CONFIG_FILE "sqlc.ini"

typedef struct config {
    char *path;          /* the ini file read, or NULL when none */
    char *dir;           /* the project folder ("." when no file) */
    char *versions;      /* resolved against dir */
    char *schema;        /* resolved against dir */
    char *database_url;  /* "" when unset: libpq then uses PG* variables */
    char *version_table;
    char *version_schema;
    history_format history_format; /* how the versions folder is read */
    int lint[HZ__COUNT]; /* [lint]: LINT_DEFAULT, LINT_OFF or an hz_severity */
} config;

/* Reads path (or ./sqlc.ini when path is NULL).  A missing default file is
 * not an error when !required: defaults apply.  Returns -1 with a message. */
int config_load(config *c, const char *path, bool required, strbuf *err);
void config_release(config *c);
/* The text `sqlc init` writes. */
const char *config_template(void);

#endif
