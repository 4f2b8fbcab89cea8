/*
 * key_table.c: numbered (owner, topic, series) triples (key_table.h), in
 * an open-addressing table kept under half full.
 */
#include "key_table.h"

#include <stdlib.h>
#include <string.h>

#include "tasim/alloc.h"

static size_t hash(const char *owner, const char *topic, const char *series)
{
    uint64_t h = (uintptr_t)owner * UINT64_C(0x9e3779b97f4a7c15);
    h ^= (uintptr_t)topic * UINT64_C(0xc2b2ae3d27d4eb4f);
    h ^= (uintptr_t)series * UINT64_C(0x165667b19e3779f9);
    return (size_t)(h ^ (h >> 29));
}

/* The triple's slot: its own, or the empty one where it belongs. */
static uint32_t *slot_of(const tasim_key_table_t *t, const char *owner,
                         const char *topic, const char *series)
{
    size_t mask = t->slot_count - 1;
    for (size_t i = hash(owner, topic, series) & mask;; i = (i + 1) & mask) {
        uint32_t k = t->slots[i];
        if (k == 0)
            return &t->slots[i];
        const tasim_obs_key_t *key = &t->keys[k - 1];
        if (key->owner == owner && key->topic == topic &&
            key->series == series)
            return &t->slots[i];
    }
}

static void grow(tasim_key_table_t *t)
{
    free(t->slots);
    t->slot_count = t->slot_count ? 2 * t->slot_count : 1024;
    t->slots = tasim_xcalloc(t->slot_count, sizeof *t->slots);
    for (uint32_t k = 0; k < t->count; k++) {
        const tasim_obs_key_t *key = &t->keys[k];
        *slot_of(t, key->owner, key->topic, key->series) = k + 1;
    }
}

uint32_t tasim_key_table_intern(tasim_key_table_t *t, const char *owner,
                                const char *topic, const char *series)
{
    if (2 * ((size_t)t->count + 1) > t->slot_count)
        grow(t);
    uint32_t *slot = slot_of(t, owner, topic, series);
    if (*slot == 0) {
        if (t->count == t->capacity) {
            t->capacity = t->capacity ? 2 * t->capacity : 256;
            t->keys = tasim_xrealloc(t->keys, t->capacity * sizeof *t->keys);
        }
        t->keys[t->count] = (tasim_obs_key_t){owner, topic, series};
        *slot = ++t->count;
    }
    return *slot - 1;
}

void tasim_key_table_clear(tasim_key_table_t *t)
{
    t->count = 0;
    if (t->slots)
        memset(t->slots, 0, t->slot_count * sizeof *t->slots);
}

void tasim_key_table_free(tasim_key_table_t *t)
{
    free(t->keys);
    free(t->slots);
    memset(t, 0, sizeof *t);
}
