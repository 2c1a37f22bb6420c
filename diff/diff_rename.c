/* diff_rename: placeholder until rename detection lands. */
#include "diff_int.h"

int diff_renames(dctx *d, strbuf *err)
{
    (void)d;
    (void)err;
    return 0;
}
