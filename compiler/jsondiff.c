/* jsondiff: object-by-object comparison of two catalog JSON documents.
 * See jsondiff.h.  The line diff inside one object is a plain LCS over the
 * lines between the common prefix and suffix; objects are small, and a
 * change too large for the table is shown as all its old lines, then all
 * its new ones. */
#include "jsondiff.h"

#include <json-c/json.h>
#include <string.h>

#define MAX_LINES_SHOWN 40
#define MAX_LCS_CELLS 250000

typedef struct entry {
    char *key;
    char *desc;
    const char *text; /* owned by the json object */
} entry;

static const char *field(json_object *o, const char *name)
{
    json_object *v;
    if (!json_object_object_get_ex(o, name, &v) || !json_object_is_type(v, json_type_string))
        return NULL;
    return json_object_get_string(v);
}

static char *describe(const char *list, json_object *o)
{
    const char *schema = field(o, "schema"), *name = field(o, "name");
    const char *kind = field(o, "kind"), *identity = field(o, "identity");
    strbuf sb = STRBUF_INIT;
    if (!strcmp(list, "schemas") || !strcmp(list, "extensions")) {
        sb_addf(&sb, "%.*s %s", (int)strlen(list) - 1, list, name ? name : "?");
    } else {
        if (kind) {
            for (const char *p = kind; *p; p++)
                sb_addc(&sb, *p == '_' ? ' ' : *p);
            if (!strcmp(list, "types"))
                sb_adds(&sb, " type");
        } else {
            sb_addf(&sb, "%.*s", (int)strlen(list) - 1, list);
        }
        sb_addf(&sb, " %s%s%s", schema ? schema : "", schema ? "." : "",
                !strcmp(list, "functions") && identity ? identity : name ? name : "?");
    }
    return sb_detach(&sb);
}

static int cmp_entry(const void *a, const void *b)
{
    return strcmp(((const entry *)a)->key, ((const entry *)b)->key);
}

static entry *collect(json_object *root, const char *list, size_t *n)
{
    json_object *arr;
    *n = 0;
    if (!json_object_object_get_ex(root, list, &arr) || !json_object_is_type(arr, json_type_array))
        return NULL;
    size_t len = json_object_array_length(arr);
    entry *v = xcalloc(len + 1, sizeof(entry));
    for (size_t i = 0; i < len; i++) {
        json_object *o = json_object_array_get_idx(arr, i);
        const char *schema = field(o, "schema"), *name = field(o, "name");
        const char *identity = field(o, "identity");
        v[i].key = xasprintf("%s\x01%s", schema ? schema : "",
                             identity ? identity : name ? name : "");
        v[i].desc = describe(list, o);
        v[i].text = json_object_to_json_string_ext(
            o, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED | JSON_C_TO_STRING_NOSLASHESCAPE);
    }
    qsort(v, len, sizeof(entry), cmp_entry);
    *n = len;
    return v;
}

static void release(entry *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(v[i].key);
        free(v[i].desc);
    }
    free(v);
}

static size_t split_lines(const char *s, const char ***out)
{
    size_t n = 0, alloc = 0;
    const char **v = NULL;
    while (*s) {
        ALLOC_GROW(v, n + 1, alloc);
        v[n++] = s;
        const char *nl = strchr(s, '\n');
        if (!nl)
            break;
        s = nl + 1;
    }
    *out = v;
    return n;
}

static size_t line_len(const char *s)
{
    const char *nl = strchr(s, '\n');
    return nl ? (size_t)(nl - s) : strlen(s);
}

static bool line_eq(const char *a, const char *b)
{
    size_t n = line_len(a);
    return n == line_len(b) && !memcmp(a, b, n);
}

static void add_line(strbuf *sb, char sign, const char *line, size_t *shown)
{
    if ((*shown)++ < MAX_LINES_SHOWN)
        sb_addf(sb, "\n    %c %.*s", sign, (int)line_len(line), line);
}

/* The changed lines of one object, "-" old and "+" new. */
static void diff_lines(const char *before, const char *after, strbuf *sb)
{
    const char **a, **b;
    size_t na = split_lines(before, &a), nb = split_lines(after, &b);
    size_t p = 0;
    while (p < na && p < nb && line_eq(a[p], b[p]))
        p++;
    size_t ea = na, eb = nb;
    while (ea > p && eb > p && line_eq(a[ea - 1], b[eb - 1]))
        ea--, eb--;
    size_t n = ea - p, m = eb - p, shown = 0;
    if (n * m <= MAX_LCS_CELLS) {
        /* L[i][j] = LCS length of a[p+i..ea) and b[p+j..eb). */
        size_t *L = xcalloc((n + 1) * (m + 1), sizeof(size_t));
#define AT(i, j) L[(i) * (m + 1) + (j)]
        for (size_t i = n; i-- > 0;)
            for (size_t j = m; j-- > 0;)
                AT(i, j) = line_eq(a[p + i], b[p + j]) ? AT(i + 1, j + 1) + 1
                           : AT(i + 1, j) > AT(i, j + 1) ? AT(i + 1, j) : AT(i, j + 1);
        size_t i = 0, j = 0;
        while (i < n || j < m) {
            if (i < n && j < m && line_eq(a[p + i], b[p + j]))
                i++, j++;
            else if (j >= m || (i < n && AT(i + 1, j) >= AT(i, j + 1)))
                add_line(sb, '-', a[p + i++], &shown);
            else
                add_line(sb, '+', b[p + j++], &shown);
        }
#undef AT
        free(L);
    } else {
        for (size_t i = p; i < ea; i++)
            add_line(sb, '-', a[i], &shown);
        for (size_t j = p; j < eb; j++)
            add_line(sb, '+', b[j], &shown);
    }
    if (shown > MAX_LINES_SHOWN)
        sb_addf(sb, "\n    ... and %zu more changed lines", shown - MAX_LINES_SHOWN);
    free(a);
    free(b);
}

int jsondiff_catalogs(const char *before, const char *after, strvec *out)
{
    static const char *const lists[] = {"schemas", "extensions", "types", "functions", "relations"};
    json_object *ra = json_tokener_parse(before), *rb = json_tokener_parse(after);
    int count = -1;
    if (!ra || !rb)
        goto done;
    count = 0;
    for (size_t l = 0; l < sizeof(lists) / sizeof(lists[0]); l++) {
        size_t na, nb;
        entry *a = collect(ra, lists[l], &na), *b = collect(rb, lists[l], &nb);
        size_t i = 0, j = 0;
        while (i < na || j < nb) {
            int c = i >= na ? 1 : j >= nb ? -1 : strcmp(a[i].key, b[j].key);
            strbuf sb = STRBUF_INIT;
            if (c < 0) {
                sb_addf(&sb, "%s existed before the upgrade and is gone after the downgrade", a[i].desc);
                i++;
            } else if (c > 0) {
                sb_addf(&sb, "%s did not exist before the upgrade and is left after the downgrade", b[j].desc);
                j++;
            } else {
                if (strcmp(a[i].text, b[j].text)) {
                    sb_addf(&sb, "%s differs (- before the upgrade, + after the downgrade):", a[i].desc);
                    diff_lines(a[i].text, b[j].text, &sb);
                }
                i++, j++;
            }
            if (sb.len) {
                strvec_push_nodup(out, sb_detach(&sb));
                count++;
            }
            sb_release(&sb);
        }
        release(a, na);
        release(b, nb);
    }
done:
    if (ra)
        json_object_put(ra);
    if (rb)
        json_object_put(rb);
    return count;
}
