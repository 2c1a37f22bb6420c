/* diff_hints: placeholder. */
#include "diff_int.h"

int rename_hints_read(const char *path, const char *text, size_t len, rename_hints *out, strbuf *err)
{
    (void)path; (void)text; (void)len; (void)out; (void)err;
    return 0;
}

void rename_hints_release(rename_hints *h)
{
    (void)h;
}
