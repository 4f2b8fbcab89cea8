/*
 * strpool.c: interned strings in an open-addressing table (linear
 * probing, FNV-1a hashes). Each string is its own allocation so that
 * pointers handed out stay valid when the table grows.
 */
#include "tasim/strpool.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tasim/alloc.h"

struct tasim_strpool {
    char **slots; /* NULL: empty */
    size_t capacity, count;
};

static uint64_t hash_bytes(const char *s, size_t len)
{
    uint64_t h = UINT64_C(0xcbf29ce484222325);
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)s[i];
        h *= UINT64_C(0x100000001b3);
    }
    return h;
}

tasim_strpool_t *tasim_strpool_create(void)
{
    tasim_strpool_t *p = tasim_xcalloc(1, sizeof *p);
    p->capacity = 64;
    p->slots = tasim_xcalloc(p->capacity, sizeof *p->slots);
    return p;
}

void tasim_strpool_destroy(tasim_strpool_t *p)
{
    if (p == NULL)
        return;
    for (size_t i = 0; i < p->capacity; i++)
        free(p->slots[i]);
    free(p->slots);
    free(p);
}

static size_t find_slot(char **slots, size_t capacity, const char *s,
                        size_t len)
{
    size_t i = (size_t)hash_bytes(s, len) & (capacity - 1);
    /* Compare lengths first: a stored string may be shorter than len. */
    while (slots[i] &&
           !(strlen(slots[i]) == len && memcmp(slots[i], s, len) == 0))
        i = (i + 1) & (capacity - 1);
    return i;
}

static void grow(tasim_strpool_t *p)
{
    size_t capacity = p->capacity * 2;
    char **slots = tasim_xcalloc(capacity, sizeof *slots);
    for (size_t i = 0; i < p->capacity; i++)
        if (p->slots[i]) {
            const char *s = p->slots[i];
            slots[find_slot(slots, capacity, s, strlen(s))] = p->slots[i];
        }
    free(p->slots);
    p->slots = slots;
    p->capacity = capacity;
}

const char *tasim_strpool_intern(tasim_strpool_t *p, const char *s,
                                 size_t len)
{
    size_t i = find_slot(p->slots, p->capacity, s, len);
    if (p->slots[i])
        return p->slots[i];
    char *copy = tasim_xmalloc(len + 1);
    memcpy(copy, s, len);
    copy[len] = '\0';
    p->slots[i] = copy;
    /* Keep the load under one half so probes stay short. */
    if (++p->count * 2 > p->capacity)
        grow(p);
    return copy;
}
