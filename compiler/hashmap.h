/* hashmap: string keys to pointers, open addressing with linear probing.
 *
 * The catalog looks objects up by qualified name on nearly every statement,
 * so lookups must not scan.  Keys are copied; values are borrowed.  Deletion
 * uses backward-shift so no tombstones accumulate over a long replay. */
#ifndef SQLC_HASHMAP_H
#define SQLC_HASHMAP_H

#include <stdbool.h>
#include <stddef.h>

typedef struct hm_entry {
    char *key;
    void *val;
    size_t hash;
} hm_entry;

typedef struct hashmap {
    hm_entry *e;
    size_t cap, n; /* cap is 0 or a power of two */
} hashmap;

#define HASHMAP_INIT {NULL, 0, 0}

void *hm_get(const hashmap *m, const char *key);
/* Inserts or replaces; returns the previous value or NULL. */
void *hm_put(hashmap *m, const char *key, void *val);
/* Removes; returns the removed value or NULL. */
void *hm_del(hashmap *m, const char *key);
void hm_clear(hashmap *m);

#endif
