/* fuzz_revfile: the revision-file loader (header, sections, byte checks)
 * and the parse of both sections, on arbitrary bytes. */
#include "revfile.h"
#include "sqlparse.h"

#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    diaglist dl = DIAGLIST_INIT;
    revision *r = revfile_parse("fuzz.sql", xstrndup((const char *)data, size), size, &dl);
    if (r) {
        const section *secs[2] = {&r->upgrade, &r->downgrade};
        for (int i = 0; i < 2; i++) {
            if (!secs[i]->present)
                continue;
            parsed_sql ps;
            if (sql_parse(&r->src, secs[i]->off, secs[i]->len, &ps, &dl) == 0)
                parsed_sql_release(&ps);
        }
        revision_free(r);
    }
    /* Every diagnostic must point inside the file. */
    for (size_t i = 0; i < dl.n; i++)
        if (dl.items[i].line < 0 || dl.items[i].col < 0)
            __builtin_trap();
    diag_clear(&dl);
    return 0;
}
