/* canon_lit: literal text as the server prints it back.
 *
 * A typed literal is stored as a value and printed by its type's output
 * function, so the text changes: '1 week'::interval comes back as
 * '7 days', DEFAULT '1970-01-01 00:00:01+00:00' on a timestamp column as
 * '1970-01-01 00:00:01', DEFAULT '' on bytea as '\x'.  This file redoes the
 * input-then-output round trip for the common, unambiguous spellings of a
 * few types, and leaves anything else exactly as written (so an unusual
 * spelling shows up as a difference, never as a wrong value).  Types whose
 * output depends on session settings (timestamptz and TimeZone, DateStyle
 * other than ISO) are not touched. */
#include "canon_int.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define USECS_PER_SEC INT64_C(1000000)
#define USECS_PER_MIN (60 * USECS_PER_SEC)
#define USECS_PER_HOUR (60 * USECS_PER_MIN)

static const struct {
    const char *name;
    int months, days;
    int64_t usecs;
} units[] = {
    {"microsecond", 0, 0, 1}, {"microseconds", 0, 0, 1}, {"us", 0, 0, 1}, {"usec", 0, 0, 1},
    {"usecs", 0, 0, 1}, {"millisecond", 0, 0, 1000}, {"milliseconds", 0, 0, 1000},
    {"ms", 0, 0, 1000}, {"msec", 0, 0, 1000}, {"msecs", 0, 0, 1000},
    {"second", 0, 0, USECS_PER_SEC}, {"seconds", 0, 0, USECS_PER_SEC}, {"s", 0, 0, USECS_PER_SEC},
    {"sec", 0, 0, USECS_PER_SEC}, {"secs", 0, 0, USECS_PER_SEC},
    {"minute", 0, 0, USECS_PER_MIN}, {"minutes", 0, 0, USECS_PER_MIN}, {"m", 0, 0, USECS_PER_MIN},
    {"min", 0, 0, USECS_PER_MIN}, {"mins", 0, 0, USECS_PER_MIN},
    {"hour", 0, 0, USECS_PER_HOUR}, {"hours", 0, 0, USECS_PER_HOUR}, {"h", 0, 0, USECS_PER_HOUR},
    {"hr", 0, 0, USECS_PER_HOUR}, {"hrs", 0, 0, USECS_PER_HOUR},
    {"day", 0, 1, 0}, {"days", 0, 1, 0}, {"d", 0, 1, 0},
    {"week", 0, 7, 0}, {"weeks", 0, 7, 0}, {"w", 0, 7, 0},
    {"month", 1, 0, 0}, {"months", 1, 0, 0}, {"mon", 1, 0, 0}, {"mons", 1, 0, 0},
    {"year", 12, 0, 0}, {"years", 12, 0, 0}, {"y", 12, 0, 0}, {"yr", 12, 0, 0}, {"yrs", 12, 0, 0},
    {"decade", 120, 0, 0}, {"decades", 120, 0, 0},
    {"century", 1200, 0, 0}, {"centuries", 1200, 0, 0},
};

static void int_part(strbuf *sb, long v, const char *unit, bool *zero, bool *before)
{
    if (!v)
        return;
    sb_addf(sb, "%s%s%ld %s%s", *zero ? "" : " ", (*before && v > 0) ? "+" : "", v, unit,
            v != 1 ? "s" : "");
    *before = v < 0;
    *zero = false;
}

/* interval_out() in IntervalStyle postgres, for input made of whole
 * "<number> <unit>" pairs (optionally "@" first and "ago" last). */
static char *interval_text(const char *s)
{
    long months = 0, days = 0;
    int64_t us = 0;
    const char *p = s;
    bool any = false;
    while (isspace((unsigned char)*p))
        p++;
    if (*p == '@')
        p++;
    for (;;) {
        while (isspace((unsigned char)*p))
            p++;
        if (!*p)
            break;
        if (!strncasecmp(p, "ago", 3) && !p[3 + strspn(p + 3, " \t")]) {
            months = -months, days = -days, us = -us;
            break;
        }
        char *end;
        long v = strtol(p, &end, 10);
        if (end == p || (*end && !isspace((unsigned char)*end) && !isalpha((unsigned char)*end)))
            return NULL;
        p = end;
        while (isspace((unsigned char)*p))
            p++;
        size_t ul = 0;
        while (isalpha((unsigned char)p[ul]))
            ul++;
        size_t k, n = sizeof(units) / sizeof(units[0]);
        for (k = 0; k < n; k++)
            if (strlen(units[k].name) == ul && !strncasecmp(p, units[k].name, ul))
                break;
        if (!ul || k == n)
            return NULL;
        p += ul;
        months += v * units[k].months;
        days += v * units[k].days;
        us += v * units[k].usecs;
        any = true;
    }
    if (!any)
        return NULL;
    strbuf sb = STRBUF_INIT;
    bool zero = true, before = false;
    int_part(&sb, months / 12, "year", &zero, &before);
    int_part(&sb, months % 12, "mon", &zero, &before);
    int_part(&sb, days, "day", &zero, &before);
    if (zero || us) {
        bool minus = us < 0;
        int64_t a = minus ? -us : us;
        sb_addf(&sb, "%s%s%02" PRId64 ":%02" PRId64 ":%02" PRId64, zero ? "" : " ",
                minus ? "-" : before ? "+" : "", a / USECS_PER_HOUR,
                a / USECS_PER_MIN % 60, a / USECS_PER_SEC % 60);
        int64_t frac = a % USECS_PER_SEC;
        if (frac) {
            char f[8];
            snprintf(f, sizeof(f), "%06" PRId64, frac);
            for (int i = 5; i > 0 && f[i] == '0'; i--)
                f[i] = '\0';
            sb_addf(&sb, ".%s", f);
        }
    }
    return sb_detach(&sb);
}

static bool digits(const char *p, int n)
{
    for (int i = 0; i < n; i++)
        if (!isdigit((unsigned char)p[i]))
            return false;
    return true;
}

/* ISO 'YYYY-MM-DD[( |T)HH:MM[:SS[.frac]]][zone]' as timestamp_out() or
 * date_out() print it in DateStyle ISO.  A zone is ignored by timestamp
 * without time zone, as the server does. */
static char *datetime_text(const char *s, bool with_time)
{
    if (strlen(s) < 10 || !digits(s, 4) || s[4] != '-' || !digits(s + 5, 2) || s[7] != '-' ||
        !digits(s + 8, 2))
        return NULL;
    const char *p = s + 10;
    int hh = 0, mi = 0, ss = 0;
    char frac[8] = "";
    if (*p == ' ' || *p == 'T') {
        p++;
        if (!digits(p, 2) || p[2] != ':' || !digits(p + 3, 2))
            return NULL;
        hh = atoi(p), mi = atoi(p + 3);
        p += 5;
        if (*p == ':') {
            if (!digits(p + 1, 2))
                return NULL;
            ss = atoi(p + 1);
            p += 3;
            if (*p == '.') {
                size_t n = strspn(p + 1, "0123456789");
                if (!n || n > 6)
                    return NULL;
                memcpy(frac, p + 1, n);
                frac[n] = '\0';
                for (size_t i = n; i-- > 0 && frac[i] == '0';)
                    frac[i] = '\0';
                p += 1 + n;
            }
        }
        if (*p == 'Z' || *p == 'z')
            p++;
        else if (*p == '+' || *p == '-') {
            size_t n = strspn(p + 1, "0123456789:");
            if (!n)
                return NULL;
            p += 1 + n;
        }
    }
    if (*p || hh > 23 || mi > 59 || ss > 59)
        return NULL;
    if (!with_time)
        return xstrndup(s, 10);
    return xasprintf("%.10s %02d:%02d:%02d%s%s", s, hh, mi, ss, *frac ? "." : "", frac);
}

/* byteain() then byteaout() (bytea_output hex): the escape format's
 * bytes, hex encoded. */
static char *bytea_text(const char *s)
{
    if (s[0] == '\\' && s[1] == 'x')
        return NULL; /* already hex: printed as given, modulo case */
    strbuf sb = STRBUF_INIT;
    sb_adds(&sb, "\\x");
    for (const char *p = s; *p;) {
        unsigned v;
        if (*p != '\\') {
            v = (unsigned char)*p++;
        } else if (p[1] == '\\') {
            v = '\\';
            p += 2;
        } else if (p[1] >= '0' && p[1] <= '3' && p[2] >= '0' && p[2] <= '7' && p[3] >= '0' &&
                   p[3] <= '7') {
            v = (unsigned)((p[1] - '0') * 64 + (p[2] - '0') * 8 + (p[3] - '0'));
            p += 4;
        } else {
            sb_release(&sb);
            return NULL; /* invalid input: the server would reject it */
        }
        sb_addf(&sb, "%02x", v);
    }
    return sb_detach(&sb);
}

char *cn_literal_text(const char *type, const char *s)
{
    if (!strcmp(type, "interval"))
        return interval_text(s);
    if (!strcmp(type, "timestamp without time zone"))
        return datetime_text(s, true);
    if (!strcmp(type, "date"))
        return datetime_text(s, false);
    if (!strcmp(type, "bytea"))
        return bytea_text(s);
    return NULL;
}
