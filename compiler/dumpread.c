/* dumpread: loading a pg_dump file.  See dumpread.h. */
#include "dumpread.h"

#include <string.h>

/* Replaces every line starting with a backslash by blanks (keeping the
 * newline), and reports how many were blanked. */
static size_t blank_meta_commands(char *text, size_t len)
{
    size_t n = 0;
    for (size_t s = 0; s < len;) {
        char *nl = memchr(text + s, '\n', len - s);
        size_t e = nl ? (size_t)(nl - text) : len;
        if (text[s] == '\\') {
            memset(text + s, ' ', e - s);
            n++;
        }
        s = nl ? e + 1 : len;
    }
    return n;
}

int dump_load(const char *path, catalog *cat, diaglist *dl, replay_opts opts)
{
    strbuf text = STRBUF_INIT, err = STRBUF_INIT;
    if (read_file(path, &text, &err) < 0) {
        diag_add_path(dl, DIAG_ERROR, path, "%s", err.buf);
        sb_release(&text);
        sb_release(&err);
        return -1;
    }
    sb_release(&err);
    size_t len = text.len;
    return dump_load_text(path, sb_detach(&text), len, cat, dl, opts);
}

int dump_load_text(const char *path, char *text, size_t len, catalog *cat, diaglist *dl, replay_opts opts)
{
    if (len >= 5 && !memcmp(text, "PGDMP", 5)) {
        diag_add_path(dl, DIAG_ERROR, path, "this is a pg_dump archive (custom format); run pg_restore -f FILE on it to get SQL");
        free(text);
        return -1;
    }
    if (memchr(text, '\0', len)) {
        diag_add_path(dl, DIAG_ERROR, path, "NUL byte in file; a pg_dump file is text (was it dumped with -Fc? use pg_restore -f FILE to turn it into SQL)");
        free(text);
        return -1;
    }
    blank_meta_commands(text, len);
    srcfile f;
    srcfile_init(&f, path, text, len);
    size_t start = len >= 3 && !memcmp(f.text, "\xEF\xBB\xBF", 3) ? 3 : 0;
    replayer rp;
    opts.dump = true;
    replayer_init(&rp, cat, dl, opts);
    int rc = replay_text(&rp, &f, start, len - start);
    /* Diagnostics hold copies of the path and excerpt, so the text can go. */
    srcfile_release(&f);
    return rc;
}
