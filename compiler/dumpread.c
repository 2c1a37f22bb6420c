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
    if (memchr(text.buf, '\0', text.len)) {
        diag_add_path(dl, DIAG_ERROR, path, "NUL byte in file; a pg_dump file is text (was it dumped with -Fc? use pg_restore -f FILE to turn it into SQL)");
        sb_release(&text);
        return -1;
    }
    if (text.len >= 5 && !memcmp(text.buf, "PGDMP", 5)) {
        diag_add_path(dl, DIAG_ERROR, path, "this is a pg_dump archive (custom format); run pg_restore -f FILE on it to get SQL");
        sb_release(&text);
        return -1;
    }
    blank_meta_commands(text.buf, text.len);
    srcfile f;
    size_t len = text.len;
    srcfile_init(&f, path, sb_detach(&text), len);
    size_t start = len >= 3 && !memcmp(f.text, "\xEF\xBB\xBF", 3) ? 3 : 0;
    replayer rp;
    opts.dump = true;
    replayer_init(&rp, cat, dl, opts);
    int rc = replay_text(&rp, &f, start, len - start);
    /* Diagnostics hold copies of the path and excerpt, so the text can go. */
    srcfile_release(&f);
    return rc;
}
