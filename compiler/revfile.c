/* revfile: parsing and writing the sqlc revision file format.
 *
 * The file is read line by line.  A line is a *directive* when, after
 * optional blanks, it reads "--", optional blanks, then "sqlc:" and a key.
 * Everything before "-- sqlc:upgrade" is the header: directives, blank lines
 * and ordinary comments only.  After it come the upgrade body and,
 * optionally, "-- sqlc:downgrade" and the downgrade body.  Markers are
 * recognised at the start of any line, which is why a function body must not
 * begin a line with "-- sqlc:" (documented in the README).  The one
 * annotation allowed inside a section is "-- sqlc:lint-ignore", which lint
 * reads and this parser passes over.
 *
 * The bytes are checked before anything else: NUL bytes, a byte-order mark
 * anywhere but the very start, and invalid UTF-8 are errors with a position,
 * because libpg_query would otherwise report something confusing later. */
#include "revfile.h"

#include <ctype.h>
#include <errno.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

enum state { ST_HEADER, ST_UP, ST_DOWN };

static const char *const header_keys[] = {
    "revision", "parents", "message", "created",
    "branch-labels", "depends-on", "transaction", NULL,
};

bool rev_id_valid(const char *id)
{
    size_t n = 0;
    for (; id[n]; n++)
        if (!((id[n] >= '0' && id[n] <= '9') || (id[n] >= 'a' && id[n] <= 'f')))
            return false;
    return n == REV_ID_LEN;
}

/* Labels share the specifier namespace with ids and the words base, head
 * and heads, and a trailing "-2" would read as "two steps down". */
const char *rev_label_problem(const char *s)
{
    if (!*s)
        return "is empty";
    if (!strcmp(s, "base") || !strcmp(s, "head") || !strcmp(s, "heads"))
        return "is a reserved word";
    if (!isalpha((unsigned char)*s))
        return "must start with a letter";
    for (const char *p = s; *p; p++)
        if (!(isalnum((unsigned char)*p) || *p == '_' || *p == '-' || *p == '.'))
            return "may hold only letters, digits, '_', '-' and '.'";
    const char *e = s + strlen(s);
    while (e > s && isdigit((unsigned char)e[-1]))
        e--;
    if (e < s + strlen(s) && e > s && (e[-1] == '-'))
        return "must not end in '-N', which reads as N steps down";
    return NULL;
}

static bool timestamp_valid(const char *s)
{
    /* YYYY-MM-DDTHH:MM:SSZ */
    static const char shape[] = "dddd-dd-ddTdd:dd:ddZ";
    if (strlen(s) != sizeof(shape) - 1)
        return false;
    for (size_t i = 0; shape[i]; i++) {
        if (shape[i] == 'd' ? !isdigit((unsigned char)s[i]) : s[i] != shape[i])
            return false;
    }
    return true;
}

/* If line [s,e) is a directive, sets key, keylen and val (trimmed copy)
 * and returns true. */
static bool parse_directive(const char *s, const char *e, const char **key,
                            size_t *keylen, char **val)
{
    const char *p = s;
    while (p < e && (*p == ' ' || *p == '\t'))
        p++;
    if (e - p < 2 || p[0] != '-' || p[1] != '-')
        return false;
    p += 2;
    while (p < e && (*p == ' ' || *p == '\t'))
        p++;
    if (e - p < 5 || strncmp(p, "sqlc:", 5) != 0)
        return false;
    p += 5;
    *key = p;
    while (p < e && (isalnum((unsigned char)*p) || *p == '-' || *p == '_'))
        p++;
    *keylen = (size_t)(p - *key);
    *val = str_trim(xstrndup(p, (size_t)(e - p)));
    return true;
}

static bool key_is(const char *key, size_t n, const char *name)
{
    return strlen(name) == n && !strncmp(key, name, n);
}

static int header_index(const char *key, size_t n)
{
    for (int i = 0; header_keys[i]; i++)
        if (key_is(key, n, header_keys[i]))
            return i;
    return -1;
}

/* An unrecognised "-- sqlc:KEY": a known key run into its value
 * ("sqlc:revision3b1c...") and a blank after "sqlc:" get their own
 * message, since "unknown directive" would hide the typo. */
static void unknown_directive(revision *r, size_t off, const char *key, size_t keylen,
                              diaglist *dl)
{
    static const char *const markers[] = {"upgrade", "downgrade", NULL};
    if (keylen == 0) {
        diag_add(dl, DIAG_ERROR, &r->src, off,
                 "malformed directive: a directive is '-- sqlc:KEY VALUE', with no blank after 'sqlc:'");
        return;
    }
    for (int set = 0; set < 2; set++) {
        const char *const *names = set ? markers : header_keys;
        for (int i = 0; names[i]; i++) {
            size_t n = strlen(names[i]);
            if (n < keylen && !strncmp(key, names[i], n)) {
                diag_add(dl, DIAG_ERROR, &r->src, off,
                         "malformed directive 'sqlc:%.*s': put a blank between 'sqlc:%s' and its value",
                         (int)keylen, key, names[i]);
                return;
            }
        }
    }
    diag_add(dl, DIAG_ERROR, &r->src, off, "unknown directive 'sqlc:%.*s' (known: %s)",
             (int)keylen, key,
             "revision, parents, message, created, branch-labels, depends-on, transaction, upgrade, downgrade");
}

static bool blank_or_comment(const char *s, const char *e)
{
    while (s < e && (*s == ' ' || *s == '\t' || *s == '\r'))
        s++;
    return s == e || (e - s >= 2 && s[0] == '-' && s[1] == '-');
}

/* Splits an id list on commas and blanks. */
static void split_ids(strvec *out, const char *v)
{
    const char *p = v;
    while (*p) {
        while (*p == ',' || *p == ' ' || *p == '\t')
            p++;
        const char *q = p;
        while (*q && *q != ',' && *q != ' ' && *q != '\t')
            q++;
        if (q > p) {
            char *item = xstrndup(p, (size_t)(q - p));
            strvec_push_nodup(out, item);
        }
        p = q;
    }
}

/* One error per directive line, the first problem: reporting every bad or
 * repeated id made a line of 200 garbage words 4,479 errors (pairs of
 * repeats are quadratic), each carrying a copy of the line (found by
 * fuzz_revfile as a 2 KB file taking 1.5 s). */
static void check_ids(revision *r, const strvec *ids, const char *what,
                      size_t off, diaglist *dl)
{
    for (size_t i = 0; i < ids->n; i++) {
        if (!rev_id_valid(ids->v[i])) {
            diag_add(dl, DIAG_ERROR, &r->src, off,
                     "%s id '%s' is not %d lowercase hex digits", what,
                     ids->v[i], REV_ID_LEN);
            return;
        }
    }
    /* Repeats by sorting a copy: pairwise comparison is quadratic, and a
     * header line may hold millions of ids. */
    if (ids->n < 2)
        return;
    strvec sorted = {xmalloc((ids->n + 1) * sizeof(char *)), ids->n, ids->n + 1};
    memcpy(sorted.v, ids->v, (ids->n + 1) * sizeof(char *)); /* borrowed strings */
    strvec_sort(&sorted);
    for (size_t i = 1; i < sorted.n; i++)
        if (!strcmp(sorted.v[i], sorted.v[i - 1])) {
            diag_add(dl, DIAG_ERROR, &r->src, off, "%s lists '%s' twice", what, sorted.v[i]);
            break;
        }
    free(sorted.v);
}

static void set_header(revision *r, int k, char *val, size_t off, diaglist *dl)
{
    switch (k) {
    case 0:
        r->id = xstrdup(val);
        r->header_off = off;
        if (!rev_id_valid(val))
            diag_add(dl, DIAG_ERROR, &r->src, off,
                     "revision id '%s' is not %d lowercase hex digits", val,
                     REV_ID_LEN);
        break;
    case 1:
        r->parents_off = off;
        split_ids(&r->parents, val);
        check_ids(r, &r->parents, "parent", off, dl);
        break;
    case 2:
        r->message = xstrdup(val);
        break;
    case 3:
        r->created = xstrdup(val);
        if (!timestamp_valid(val))
            diag_add(dl, DIAG_ERROR, &r->src, off,
                     "created '%s' is not a UTC timestamp like 2026-11-22T03:42:00Z",
                     val);
        break;
    case 4:
        r->labels_off = off;
        strvec_split_commas(&r->branch_labels, val);
        for (size_t i = 0; i < r->branch_labels.n; i++) {
            const char *why = rev_label_problem(r->branch_labels.v[i]);
            if (why) { /* the first problem only, as for ids */
                diag_add(dl, DIAG_ERROR, &r->src, off, "branch label '%s' %s",
                         r->branch_labels.v[i], why);
                break;
            }
        }
        break;
    case 5:
        r->depends_off = off;
        split_ids(&r->depends_on, val);
        check_ids(r, &r->depends_on, "depends-on", off, dl);
        break;
    case 6:
        if (!strcmp(val, "off") || !strcmp(val, "false"))
            r->transactional = false;
        else if (!strcmp(val, "on") || !strcmp(val, "true"))
            r->transactional = true;
        else
            diag_add(dl, DIAG_ERROR, &r->src, off,
                     "transaction must be 'on' or 'off', not '%s'", val);
        break;
    }
}

revision *revfile_parse(const char *path, char *text, size_t len, diaglist *dl)
{
    revision *r = xcalloc(1, sizeof(*r));
    r->transactional = true;
    srcfile_init(&r->src, path, text, len);
    size_t nerr0 = dl->nerrors;

    long text_start = srcfile_check_text(&r->src, "revision files", dl);
    if (text_start < 0)
        goto fail;
    size_t start = (size_t)text_start;

    enum state st = ST_HEADER;
    size_t seen_at[8];
    bool seen[8] = {false};
    bool any_directive = false;
    size_t up_marker = 0, down_marker = 0;
    for (size_t s = start; s < len;) {
        const char *nl = memchr(text + s, '\n', len - s);
        size_t e = nl ? (size_t)(nl - text) : len;
        size_t next = nl ? e + 1 : len;
        const char *key;
        size_t keylen;
        char *val;
        if (parse_directive(text + s, text + e, &key, &keylen, &val)) {
            any_directive = true;
            int k = header_index(key, keylen);
            if (key_is(key, keylen, "upgrade")) {
                if (st == ST_HEADER) {
                    st = ST_UP;
                    up_marker = s;
                    r->upgrade = (section){true, next, 0};
                } else if (st == ST_UP) {
                    int l, c;
                    srcfile_locate(&r->src, up_marker, &l, &c);
                    diag_add(dl, DIAG_ERROR, &r->src, s,
                             "second '-- sqlc:upgrade' marker (the first is on line %d)", l);
                } else {
                    diag_add(dl, DIAG_ERROR, &r->src, s,
                             "'-- sqlc:upgrade' after the downgrade section; the upgrade section comes first");
                }
            } else if (key_is(key, keylen, "downgrade")) {
                if (st == ST_HEADER) {
                    diag_add(dl, DIAG_ERROR, &r->src, s,
                             "'-- sqlc:downgrade' before '-- sqlc:upgrade'; the upgrade section comes first");
                    /* Stop here: the SQL below the marker would be
                     * reported again as "SQL before the upgrade marker". */
                    free(val);
                    goto fail;
                } else if (st == ST_UP) {
                    st = ST_DOWN;
                    down_marker = s;
                    r->upgrade.len = s - r->upgrade.off;
                    r->downgrade = (section){true, next, 0};
                } else {
                    int l, c;
                    srcfile_locate(&r->src, down_marker, &l, &c);
                    diag_add(dl, DIAG_ERROR, &r->src, s,
                             "second '-- sqlc:downgrade' marker (the first is on line %d)", l);
                }
            } else if (key_is(key, keylen, "lint-ignore")) {
                /* A body annotation for lint (lint.h), not a directive. */
                if (st == ST_HEADER)
                    diag_add(dl, DIAG_ERROR, &r->src, s,
                             "'-- sqlc:lint-ignore' goes on the line before a statement in a section, not in the header");
            } else if (k < 0) {
                unknown_directive(r, s, key, keylen, dl);
            } else if (st != ST_HEADER) {
                diag_add(dl, DIAG_ERROR, &r->src, s,
                         "header directive 'sqlc:%s' inside the %s section; move it above '-- sqlc:upgrade'",
                         header_keys[k], st == ST_UP ? "upgrade" : "downgrade");
            } else if (seen[k]) {
                int l, c;
                srcfile_locate(&r->src, seen_at[k], &l, &c);
                diag_add(dl, DIAG_ERROR, &r->src, s,
                         "directive 'sqlc:%s' repeated (first on line %d)",
                         header_keys[k], l);
            } else {
                seen[k] = true;
                seen_at[k] = s;
                set_header(r, k, val, s, dl);
            }
            free(val);
        } else if (st == ST_HEADER && !blank_or_comment(text + s, text + e)) {
            if (!any_directive) {
                diag_add(dl, DIAG_ERROR, &r->src, DIAG_NOPOS,
                         "no sqlc header: a revision file starts with '-- sqlc:revision <id>'");
                goto fail;
            }
            diag_add(dl, DIAG_ERROR, &r->src, s,
                     "SQL before the '-- sqlc:upgrade' marker");
            goto fail;
        }
        s = next;
    }
    if (st == ST_UP)
        r->upgrade.len = len - r->upgrade.off;
    else if (st == ST_DOWN)
        r->downgrade.len = len - r->downgrade.off;

    if (!any_directive) {
        diag_add(dl, DIAG_ERROR, &r->src, DIAG_NOPOS,
                 len == start ? "empty file: a revision file starts with '-- sqlc:revision <id>'"
                              : "no sqlc header: a revision file starts with '-- sqlc:revision <id>'");
        goto fail;
    }
    /* A missing directive or marker is reported only when nothing else
     * was: a malformed "-- sqlc:revision..." line is one problem, not two. */
    if (dl->nerrors != nerr0)
        goto fail;
    if (!seen[0])
        diag_add(dl, DIAG_ERROR, &r->src, DIAG_NOPOS,
                 "no '-- sqlc:revision <id>' directive in the header");
    if (!r->upgrade.present)
        diag_add(dl, DIAG_ERROR, &r->src, DIAG_NOPOS,
                 "no '-- sqlc:upgrade' marker; every revision has an upgrade section");
    if (!r->message)
        r->message = xstrdup("");
    if (dl->nerrors != nerr0)
        goto fail;
    return r;
fail:
    revision_free(r);
    return NULL;
}

revision *revfile_load(const char *path, diaglist *dl)
{
    strbuf text = STRBUF_INIT, err = STRBUF_INIT;
    if (read_file(path, &text, &err) < 0) {
        diag_add_path(dl, DIAG_ERROR, path, "%s", sb_str(&err));
        sb_release(&text);
        sb_release(&err);
        return NULL;
    }
    sb_release(&err);
    size_t len = text.len;
    return revfile_parse(path, sb_detach(&text), len, dl);
}

void revision_free(revision *r)
{
    if (!r)
        return;
    free(r->id);
    strvec_clear(&r->parents);
    strvec_clear(&r->branch_labels);
    strvec_clear(&r->depends_on);
    free(r->message);
    free(r->created);
    srcfile_release(&r->src);
    if (r->down_src) {
        srcfile_release(r->down_src);
        free(r->down_src);
    }
    free(r->parent_ix);
    free(r->child_ix);
    free(r->dep_ix);
    free(r);
}

char *rev_id_generate(void)
{
    unsigned char raw[REV_ID_LEN / 2];
    size_t got = 0;
    while (got < sizeof(raw)) {
        ssize_t n = getrandom(raw + got, sizeof(raw) - got, 0);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            die("cannot read random bytes for a revision id: %s", strerror(errno));
        got += (size_t)n;
    }
    char *id = xmalloc(REV_ID_LEN + 1);
    for (size_t i = 0; i < sizeof(raw); i++)
        snprintf(id + 2 * i, 3, "%02x", raw[i]);
    return id;
}

char *rev_slug(const char *message)
{
    enum { MAX_SLUG = 40 };
    strbuf sb = STRBUF_INIT;
    size_t last_word_end = 0;
    bool pending_sep = false;
    for (const char *p = message; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (isalnum(c)) {
            if (pending_sep && sb.len) {
                last_word_end = sb.len;
                sb_addc(&sb, '_');
            }
            pending_sep = false;
            sb_addc(&sb, (char)tolower(c));
        } else {
            pending_sep = true;
        }
        if (sb.len > MAX_SLUG)
            break;
    }
    if (sb.len > MAX_SLUG) {
        /* Cut at the last whole word that fits, as Alembic's truncate_slug_length. */
        size_t cut = last_word_end && last_word_end <= MAX_SLUG ? last_word_end : MAX_SLUG;
        sb.len = cut;
        sb.buf[cut] = '\0';
    }
    return sb_detach(&sb);
}

static void add_list(strbuf *sb, const char *key, const strvec *v, const char *sep)
{
    if (!v || !v->n)
        return;
    sb_addf(sb, "-- sqlc:%s ", key);
    for (size_t i = 0; i < v->n; i++)
        sb_addf(sb, "%s%s", i ? sep : "", v->v[i]);
    sb_addc(sb, '\n');
}

char *revfile_render(const char *id, const strvec *parents, const char *message,
                     const char *created, const strvec *branch_labels,
                     const strvec *depends_on, bool transactional,
                     const char *upgrade_sql, const char *downgrade_sql)
{
    strbuf sb = STRBUF_INIT;
    sb_addf(&sb, "-- sqlc:revision %s\n", id);
    if (parents && parents->n)
        add_list(&sb, "parents", parents, ", ");
    else
        sb_adds(&sb, "-- sqlc:parents\n");
    /* A message is one line: newlines would end the directive. */
    sb_adds(&sb, "-- sqlc:message ");
    for (const char *p = message; *p; p++)
        sb_addc(&sb, (*p == '\n' || *p == '\r') ? ' ' : *p);
    sb_addc(&sb, '\n');
    if (created)
        sb_addf(&sb, "-- sqlc:created %s\n", created);
    add_list(&sb, "branch-labels", branch_labels, ",");
    add_list(&sb, "depends-on", depends_on, ", ");
    if (!transactional)
        sb_adds(&sb, "-- sqlc:transaction off\n");
    sb_adds(&sb, "\n-- sqlc:upgrade\n");
    if (upgrade_sql && *upgrade_sql)
        sb_addf(&sb, "%s%s", upgrade_sql,
                upgrade_sql[strlen(upgrade_sql) - 1] == '\n' ? "" : "\n");
    sb_adds(&sb, "\n-- sqlc:downgrade\n");
    if (downgrade_sql && *downgrade_sql)
        sb_addf(&sb, "%s%s", downgrade_sql,
                downgrade_sql[strlen(downgrade_sql) - 1] == '\n' ? "" : "\n");
    return sb_detach(&sb);
}

char *rev_timestamp_now(void)
{
    time_t t = time(NULL);
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    if (sde && *sde) {
        char *end;
        errno = 0;
        long long v = strtoll(sde, &end, 10);
        if (errno || *end || v < 0)
            die("SOURCE_DATE_EPOCH must be a whole number of seconds, not '%s'", sde);
        t = (time_t)v;
    }
    struct tm tm;
    gmtime_r(&t, &tm);
    char buf[32];
    strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
    return xstrdup(buf);
}
