/*
 * event_queue.h (private): the engine's priority queue of pending events.
 *
 * A binary min-heap of 16-byte entries (time, slot, generation), ordered by
 * time and, at equal times, by a 64-bit key kept outside the heap in
 * keys[slot], which packs the priority (high bits) and the insertion
 * sequence (low 48 bits), so one comparison settles a tie.
 *
 * Design choice: entry size decides speed. With a large event set most
 * levels of a sift miss the cache, so the bytes per entry set the cost.
 * On a bare hold benchmark with 10^6 pending events, a binary heap of
 * 24-byte entries ran about 35% slower than one of 16-byte entries, and a
 * 4-ary heap of 24-byte entries (this engine's earlier layout) was no
 * faster than the binary one; a 4-ary heap of 16-byte entries did not beat
 * the binary one either. So the key moved out of the entry, and the heap
 * is binary. Keys are read only when two times are equal, which
 * continuous-time events almost never are; a model with many ties usually
 * has a small queue, whose keys are in cache anyway.
 *
 * The contract that makes the external key safe: keys[slot] must not change
 * while any entry names slot. The simulation guarantees it by returning a
 * cancelled event's slot to the pool only once its entry has left the
 * queue (see sim.c). An entry whose generation no longer matches its slot's
 * is stale (its event was cancelled) and is skipped by the simulation.
 *
 * Push and pop are defined here, so that the compiler may inline them into
 * the engine's hot path: they run once per event. (With the earlier 24-byte
 * entry, an out-of-line call passed the entry through the stack, and
 * profiling showed it stalling on store forwarding; a 16-byte entry travels
 * in registers.) Growth and compaction are rare and out of line.
 */
#ifndef TASIM_EVENT_QUEUE_H
#define TASIM_EVENT_QUEUE_H

#include <stddef.h>
#include <stdint.h>

#include "tasim/alloc.h"

typedef struct {
    double time;
    uint32_t slot; /* index of the event record (and key) in the pool */
    uint32_t gen;  /* generation of that record when scheduled */
} tasim_queue_entry_t;

typedef struct {
    tasim_queue_entry_t *entries;
    size_t size;
    size_t capacity;
} tasim_event_queue_t;

/* keys[slot] = (priority + 32768) << TASIM_QUEUE_SEQ_BITS | sequence. */
#define TASIM_QUEUE_SEQ_BITS 48

/* Whether a orders before b. Keys are unique, so two distinct entries
 * never tie both ways. */
static inline int tasim_queue_entry_before(const tasim_queue_entry_t *a,
                                           const tasim_queue_entry_t *b,
                                           const uint64_t *keys)
{
    if (a->time != b->time)
        return a->time < b->time;
    return keys[a->slot] < keys[b->slot];
}

void tasim_event_queue_init(tasim_event_queue_t *q, size_t capacity);
void tasim_event_queue_fini(tasim_event_queue_t *q);

/* Double the capacity (out of line: it happens O(log n) times per run). */
void tasim_event_queue_grow(tasim_event_queue_t *q);

/*
 * Keep only the entries for which keep(ctx, entry) is non-zero, then
 * restore the heap order in linear time. keep() is called once per entry
 * and may release the slot of an entry it drops; it must not change the
 * key of an entry it keeps.
 */
void tasim_event_queue_filter(tasim_event_queue_t *q, const uint64_t *keys,
                              int (*keep)(void *ctx,
                                          const tasim_queue_entry_t *e),
                              void *ctx);

/* Sifting moves a "hole" instead of swapping, so each level costs one
 * entry copy rather than three. */
static inline void tasim_event_queue_sift_up(tasim_queue_entry_t *h,
                                             const uint64_t *keys, size_t i,
                                             tasim_queue_entry_t e)
{
    while (i > 0) {
        size_t parent = (i - 1) / 2;
        if (!tasim_queue_entry_before(&e, &h[parent], keys))
            break;
        h[i] = h[parent];
        i = parent;
    }
    h[i] = e;
}

/*
 * Small and large heaps want different code, measured with the hold model:
 *
 * - A heap of at most TASIM_QUEUE_SMALL entries (256 KiB) sits in the L1 or
 *   L2 cache, and its cost is instructions and mispredicted branches: which
 *   child is earlier is a coin toss. There the child is chosen without a
 *   branch (ties, rare, take a predictable one), and the simulation lets a
 *   handler's first schedule() replace the fired root (sim.c).
 * - In a larger heap the cost is the chain of cache misses down the sift
 *   path. A predicted branch lets the CPU start loading the next level
 *   before the comparison's operands arrive, so the branch-free choice,
 *   which must wait for them, ran 1.8x slower at 10^6 entries.
 *
 * The bound is defined only if not already, so that a test can force
 * either regime on a small queue.
 */
#ifndef TASIM_QUEUE_SMALL
#define TASIM_QUEUE_SMALL 16384
#endif

static inline void tasim_queue_sift_down_small(tasim_queue_entry_t *h,
                                               const uint64_t *keys,
                                               size_t n, size_t i,
                                               tasim_queue_entry_t e)
{
    for (;;) {
        size_t c = 2 * i + 1;
        if (c >= n)
            break;
        if (c + 1 < n) {
            double t0 = h[c].time, t1 = h[c + 1].time;
            if (t0 == t1)
                c += keys[h[c + 1].slot] < keys[h[c].slot];
            else
                c += t1 < t0; /* compiles to a flag, not a jump */
        }
        if (!tasim_queue_entry_before(&h[c], &e, keys))
            break;
        h[i] = h[c];
        i = c;
    }
    h[i] = e;
}

static inline void tasim_queue_sift_down_large(tasim_queue_entry_t *h,
                                               const uint64_t *keys,
                                               size_t n, size_t i,
                                               tasim_queue_entry_t e)
{
    for (;;) {
        size_t c = 2 * i + 1;
        if (c >= n)
            break;
        if (c + 1 < n && tasim_queue_entry_before(&h[c + 1], &h[c], keys))
            c++;
        if (!tasim_queue_entry_before(&h[c], &e, keys))
            break;
        h[i] = h[c];
        i = c;
    }
    h[i] = e;
}

static inline void tasim_event_queue_sift_down(tasim_queue_entry_t *h,
                                               const uint64_t *keys,
                                               size_t n, size_t i,
                                               tasim_queue_entry_t e)
{
    if (n <= TASIM_QUEUE_SMALL)
        tasim_queue_sift_down_small(h, keys, n, i, e);
    else
        tasim_queue_sift_down_large(h, keys, n, i, e);
}

/* Add an entry; keys[e.slot] must already hold its key. */
static inline void tasim_event_queue_push(tasim_event_queue_t *q,
                                          const uint64_t *keys,
                                          tasim_queue_entry_t e)
{
    if (q->size == q->capacity)
        tasim_event_queue_grow(q);
    tasim_event_queue_sift_up(q->entries, keys, q->size++, e);
}

/* Replace the minimum entry by e (keys[e.slot] set): one sift instead of
 * a pop's and a push's. The queue must not be empty. The old root is
 * overwritten without being compared. */
static inline void tasim_event_queue_replace_top(tasim_event_queue_t *q,
                                                 const uint64_t *keys,
                                                 tasim_queue_entry_t e)
{
    tasim_assert(q->size > 0);
    tasim_event_queue_sift_down(q->entries, keys, q->size, 0, e);
}

/* Remove the minimum entry; the queue must not be empty. */
static inline tasim_queue_entry_t
tasim_event_queue_pop(tasim_event_queue_t *q, const uint64_t *keys)
{
    tasim_assert(q->size > 0);
    tasim_queue_entry_t top = q->entries[0];
    q->size--;
    if (q->size > 0)
        tasim_event_queue_sift_down(q->entries, keys, q->size, 0,
                                    q->entries[q->size]);
    return top;
}

/*
 * A guess at the entry that pop() will bring to the top: the child of the
 * root with the smaller time, or NULL if the queue holds fewer than two
 * entries. It is only a guess (ties are not resolved by key, and a push
 * may overtake it) because it is used for prefetching, where a wrong guess
 * costs nothing; comparing times alone keeps it free of a hard-to-predict
 * branch, which in a small queue would cost more than the prefetch saves.
 */
static inline const tasim_queue_entry_t *
tasim_event_queue_likely_next(const tasim_event_queue_t *q)
{
    const tasim_queue_entry_t *h = q->entries;
    if (q->size < 2)
        return NULL;
    size_t right = q->size > 2;
    return &h[1 + (right & (h[2 * right].time < h[1].time))];
}

#endif /* TASIM_EVENT_QUEUE_H */
