/* hashmap: open addressing, linear probing, backward-shift deletion.
 * Hashing is XXH3 from libxxhash, not a home-made function. */
#include "hashmap.h"
#include "util.h"

#include <string.h>
#include <xxhash.h>

static size_t hash_key(const char *k) { return (size_t)XXH3_64bits(k, strlen(k)); }

static size_t find_slot(const hashmap *m, const char *key, size_t h)
{
    size_t mask = m->cap - 1, i = h & mask;
    while (m->e[i].key && (m->e[i].hash != h || strcmp(m->e[i].key, key) != 0))
        i = (i + 1) & mask;
    return i;
}

void *hm_get(const hashmap *m, const char *key)
{
    if (!m->n)
        return NULL;
    size_t i = find_slot(m, key, hash_key(key));
    return m->e[i].key ? m->e[i].val : NULL;
}

static void grow(hashmap *m)
{
    size_t ncap = m->cap ? m->cap * 2 : 16;
    hm_entry *old = m->e;
    size_t ocap = m->cap;
    m->e = xcalloc(ncap, sizeof(hm_entry));
    m->cap = ncap;
    for (size_t i = 0; i < ocap; i++) {
        if (!old[i].key)
            continue;
        size_t j = old[i].hash & (ncap - 1);
        while (m->e[j].key)
            j = (j + 1) & (ncap - 1);
        m->e[j] = old[i];
    }
    free(old);
}

void *hm_put(hashmap *m, const char *key, void *val)
{
    if ((m->n + 1) * 4 > m->cap * 3) /* keep load under 3/4 */
        grow(m);
    size_t h = hash_key(key), i = find_slot(m, key, h);
    if (m->e[i].key) {
        void *prev = m->e[i].val;
        m->e[i].val = val;
        return prev;
    }
    m->e[i] = (hm_entry){xstrdup(key), val, h};
    m->n++;
    return NULL;
}

void *hm_del(hashmap *m, const char *key)
{
    if (!m->n)
        return NULL;
    size_t mask = m->cap - 1, i = find_slot(m, key, hash_key(key));
    if (!m->e[i].key)
        return NULL;
    void *val = m->e[i].val;
    free(m->e[i].key);
    m->e[i].key = NULL;
    m->n--;
    /* Shift back any entry whose probe sequence passed through slot i. */
    size_t j = i;
    for (;;) {
        j = (j + 1) & mask;
        if (!m->e[j].key)
            break;
        size_t home = m->e[j].hash & mask;
        bool between = (i <= j) ? (i < home && home <= j) : (i < home || home <= j);
        if (between)
            continue;
        m->e[i] = m->e[j];
        m->e[j].key = NULL;
        i = j;
    }
    return val;
}

void hm_clear(hashmap *m)
{
    for (size_t i = 0; i < m->cap; i++)
        free(m->e[i].key);
    free(m->e);
    m->e = NULL;
    m->cap = m->n = 0;
}
