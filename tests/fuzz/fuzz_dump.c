/* fuzz_dump: the pg_dump reader on arbitrary bytes. */
#include "dumpread.h"

#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    diaglist dl = DIAGLIST_INIT;
    catalog *cat = catalog_new();
    replay_opts o = {0};
    dump_load_text("fuzz.dump", xstrndup((const char *)data, size), size, cat, &dl, o);
    catalog_free(cat);
    diag_clear(&dl);
    return 0;
}
