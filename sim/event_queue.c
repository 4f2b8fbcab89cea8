/*
 * event_queue.c: the out-of-line parts of the engine's heap (see
 * event_queue.h): set-up, growth and compaction. Push and pop are inline
 * in the header because they run once per event.
 */
#include "event_queue.h"

#include <stdlib.h>

#include "big_alloc.h"

enum { DEFAULT_CAPACITY = 64 };

void tasim_event_queue_init(tasim_event_queue_t *q, size_t capacity)
{
    q->capacity = capacity ? capacity : DEFAULT_CAPACITY;
    q->size = 0;
    q->entries = tasim_big_resize(NULL, 0, q->capacity * sizeof *q->entries);
}

void tasim_event_queue_fini(tasim_event_queue_t *q)
{
    tasim_big_free(q->entries, q->capacity * sizeof *q->entries);
    q->entries = NULL;
    q->size = q->capacity = 0;
}

void tasim_event_queue_grow(tasim_event_queue_t *q)
{
    size_t old = q->capacity;
    q->capacity *= 2;
    q->entries = tasim_big_resize(q->entries, old * sizeof *q->entries,
                                  q->capacity * sizeof *q->entries);
}

void tasim_event_queue_filter(tasim_event_queue_t *q, const uint64_t *keys,
                              int (*keep)(void *ctx,
                                          const tasim_queue_entry_t *e),
                              void *ctx)
{
    size_t n = 0;
    for (size_t i = 0; i < q->size; i++)
        if (keep(ctx, &q->entries[i]))
            q->entries[n++] = q->entries[i];
    q->size = n;
    /* Floyd's bottom-up construction: O(n). The order of equal elements
     * cannot matter, since no two entries share (time, key). */
    if (n > 1)
        for (size_t i = (n - 2) / 2 + 1; i-- > 0;)
            tasim_event_queue_sift_down(q->entries, keys, n, i,
                                        q->entries[i]);
}
