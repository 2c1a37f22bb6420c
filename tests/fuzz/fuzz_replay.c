/* fuzz_replay: parse + replay of one SQL text into an empty catalog, then
 * both printers, on arbitrary input.  Replay may refuse the input; it must
 * never crash, leak or hang. */
#include "catalog_json.h"
#include "catalog_sql.h"
#include "replay.h"

#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    diaglist dl = DIAGLIST_INIT;
    srcfile f;
    srcfile_init(&f, "fuzz.sql", xstrndup((const char *)data, size), size);
    if (srcfile_check_text(&f, "SQL files", &dl) >= 0) {
        catalog *cat = catalog_new();
        replayer rp;
        replay_opts o = {0};
        replayer_init(&rp, cat, &dl, o);
        if (replay_text(&rp, &f, 0, size) == 0 && replay_finish(&rp) == 0) {
            strbuf out = STRBUF_INIT, err = STRBUF_INIT;
            if (catalog_materialize(cat, &err) == 0) {
                json_opts jo = {0};
                catalog_to_json(cat, &jo, &out);
                sb_reset(&out);
                sql_opts so = {0};
                catalog_to_sql(cat, &so, &out, &err);
            }
            sb_release(&out);
            sb_release(&err);
        }
        catalog_free(cat);
    }
    srcfile_release(&f);
    diag_clear(&dl);
    return 0;
}
