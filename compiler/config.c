/* config: sqlc.ini via inih.  See config.h. */
#include "config.h"
#include "diag.h"
#include "util.h"

#include <ini.h>
#include <libgen.h>
#include <string.h>

typedef struct load_ctx {
    config *c;
    strbuf msg; /* the first problem, if any */
    char *raw_versions, *raw_schema;
    strvec seen; /* keys set so far: a second value is an error */
} load_ctx;

static void set_str(char **dst, const char *v)
{
    free(*dst);
    *dst = xstrdup(v);
}

/* [lint] RULE = off | info | warning | error, RULE a code lint reports. */
static int lint_value(load_ctx *ctx, const char *name, const char *value)
{
    int h = hazard_from_code(name);
    if (h < 0 || !(hazard_get(h)->by & HZ_BY_LINT)) {
        sb_addf(&ctx->msg, "unknown lint rule '%s' in [lint] (known:", name);
        for (int i = 0; i < HZ__COUNT; i++)
            if (hazard_get(i)->by & HZ_BY_LINT)
                sb_addf(&ctx->msg, " %s", hazard_get(i)->code);
        sb_adds(&ctx->msg, ")");
        return 0;
    }
    hz_severity sev;
    if (!strcmp(value, "off")) {
        ctx->c->lint[h] = LINT_OFF;
    } else if (severity_from_name(value, &sev)) {
        ctx->c->lint[h] = (int)sev;
    } else {
        sb_addf(&ctx->msg, "lint rule '%s' must be off, info, warning or error, not '%s'", name, value);
        return 0;
    }
    return 1;
}

static int on_value(void *user, const char *sect, const char *name,
                    const char *value)
{
    load_ctx *ctx = user;
    if (ctx->msg.len)
        return 1; /* keep the first problem only */
    if (!strcmp(sect, "lint"))
        return lint_value(ctx, name, value);
    if (strcmp(sect, "sqlc") != 0) {
        sb_addf(&ctx->msg, "unknown section [%s]; sqlc reads [sqlc] and [lint]", sect);
        return 0;
    }
    /* inih would let the last value win silently; a key set twice is
     * almost always a merge or copy-paste accident, so it is refused. */
    if (strvec_has(&ctx->seen, name)) {
        sb_addf(&ctx->msg, "'%s' is set twice in [sqlc]", name);
        return 0;
    }
    strvec_push(&ctx->seen, name);
    if (!strcmp(name, "versions"))
        set_str(&ctx->raw_versions, value);
    else if (!strcmp(name, "schema"))
        set_str(&ctx->raw_schema, value);
    else if (!strcmp(name, "database_url"))
        set_str(&ctx->c->database_url, value);
    else if (!strcmp(name, "version_table"))
        set_str(&ctx->c->version_table, value);
    else if (!strcmp(name, "version_table_schema"))
        set_str(&ctx->c->version_schema, value);
    else if (!strcmp(name, "history_format")) {
        if (*value && !history_format_from_name(value, &ctx->c->history_format)) {
            sb_addf(&ctx->msg, "unknown history_format '%s' (valid: " HISTORY_FORMAT_NAMES ")",
                    value);
            return 0;
        }
    } else {
        sb_addf(&ctx->msg,
                "unknown key '%s' in [sqlc] (known: versions, schema, database_url, version_table, version_table_schema, history_format)",
                name);
        return 0;
    }
    if (!*value && strcmp(name, "database_url") != 0) {
        sb_addf(&ctx->msg, "'%s' is empty", name);
        return 0;
    }
    return 1;
}

/* What inih would get wrong silently: it cuts lines at INI_MAX_LINE
 * (a long database_url became "malformed line" on the next line number)
 * and stops a value at a NUL byte.  Also refused: invalid UTF-8.
 * Returns -1 with "FILE:LINE: reason" in err. */
static int ini_text_problem(const char *file, const strbuf *text, strbuf *err)
{
    int line = 1;
    size_t start = 0;
    for (size_t i = 0; i <= text->len; i++) {
        if (i < text->len && text->buf[i] == '\0') {
            sb_addf(err, "%s:%d: NUL byte; %s is UTF-8 text", file, line, file);
            return -1;
        }
        if (i < text->len && text->buf[i] != '\n')
            continue;
        /* fgets-style reading keeps INI_MAX_LINE - 1 bytes, newline included. */
        if (i - start + 1 > INI_MAX_LINE - 1) {
            sb_addf(err, "%s:%d: line longer than %d characters, the most the INI reader takes",
                    file, line, INI_MAX_LINE - 2);
            return -1;
        }
        if (utf8_invalid_at((const unsigned char *)text->buf + start, i - start) < i - start) {
            sb_addf(err, "%s:%d: invalid UTF-8; %s is UTF-8 text", file, line, file);
            return -1;
        }
        line++;
        start = i + 1;
    }
    return 0;
}

static char *resolve(const char *dir, const char *p)
{
    return p[0] == '/' ? xstrdup(p) : path_join(dir, p);
}

int config_load(config *c, const char *path, bool required, strbuf *err)
{
    memset(c, 0, sizeof(*c));
    c->database_url = xstrdup("");
    c->version_table = xstrdup("sqlc_version");
    c->version_schema = xstrdup("public");
    for (int i = 0; i < HZ__COUNT; i++)
        c->lint[i] = LINT_DEFAULT;
    load_ctx ctx = {c, STRBUF_INIT, NULL, NULL, STRVEC_INIT};
    const char *file = path ? path : CONFIG_FILE;
    int rc = 0;
    if (!path_exists(file)) {
        if (path || required) {
            if (path)
                sb_addf(err, "config file %s does not exist", path);
            else
                sb_adds(err, "no " CONFIG_FILE " in this folder; run 'sqlc init' or pass -c FILE");
            rc = -1;
        }
        c->dir = xstrdup(".");
    } else {
        c->path = xstrdup(file);
        char *tmp = xstrdup(file);
        c->dir = xstrdup(dirname(tmp));
        free(tmp);
        if (is_dir(file)) {
            sb_addf(err, "%s is a directory, not a config file", file);
            rc = -1;
        } else {
            strbuf text = STRBUF_INIT;
            int line = 0;
            if (read_file(file, &text, err) < 0 || ini_text_problem(file, &text, err) < 0)
                rc = -1;
            else
                line = ini_parse_string(text.buf, on_value, &ctx);
            sb_release(&text);
            if (line == -2) {
                sb_addf(err, "out of memory reading %s", file);
                rc = -1;
            } else if (line > 0) {
                sb_addf(err, "%s:%d: %s", file, line,
                        ctx.msg.len ? ctx.msg.buf : "malformed line (expected key = value or [section])");
                rc = -1;
            }
        }
    }
    c->versions = resolve(c->dir, ctx.raw_versions ? ctx.raw_versions : "versions");
    c->schema = resolve(c->dir, ctx.raw_schema ? ctx.raw_schema : "schema.sql");
    const char *env = getenv("SQLC_DATABASE_URL");
    if (env && *env)
        set_str(&c->database_url, env);
    free(ctx.raw_versions);
    free(ctx.raw_schema);
    sb_release(&ctx.msg);
    strvec_clear(&ctx.seen);
    return rc;
}

void config_release(config *c)
{
    free(c->path);
    free(c->dir);
    free(c->versions);
    free(c->schema);
    free(c->database_url);
    free(c->version_table);
    free(c->version_schema);
    memset(c, 0, sizeof(*c));
}

const char *config_template(void)
{
    return "# sqlc project settings.  Paths are relative to this file.\n"
           "[sqlc]\n"
           "# Folder of revision files, one <id>_<slug>.sql per revision.\n"
           "versions = versions\n"
           "# The desired schema: plain CREATE statements, for diff and autogenerate.\n"
           "schema = schema.sql\n"
           "# libpq conninfo or URI.  SQLC_DATABASE_URL and --db override it; when\n"
           "# empty, libpq's PG* environment variables, .pgpass and services apply.\n"
           "database_url =\n"
           "# sqlc's own bookkeeping table.\n"
           "version_table = sqlc_version\n"
           "version_table_schema = public\n"
           "\n"
           "# 'sqlc lint' rules: turn one off or change its severity\n"
           "# (off, info, warning, error); 'sqlc lint --list-rules' lists them.\n"
           "[lint]\n"
           "# index-build = error\n";
}
