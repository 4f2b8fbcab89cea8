/*
 * sim.c: the simulation object: clock, event pool, scheduling and the
 * registry of random streams (see tasim/sim.h for the contract).
 *
 * Event records live in a pool (a growable array with a free list), so a
 * simulation in steady state schedules and fires events without calling
 * malloc. Ids pack (generation << 32 | slot); a slot's generation advances
 * every time its event stops being pending (fires or is cancelled), which
 * invalidates old ids and marks any queue entry left behind by
 * cancellation as stale.
 *
 * A slot has a second array beside the records: keys[slot], the event's
 * (priority, insertion sequence) tie-break key, which the queue reads
 * only when two times are equal (event_queue.h explains why the key lives
 * outside the heap). The queue needs a slot's key to stay put while an
 * entry names the slot, so a cancelled event's slot rejoins the free list
 * only when its stale entry leaves the queue, at the top or in a
 * compaction; a fired event's slot rejoins it at once, since its entry
 * has already left.
 *
 * Streams' generators live in blocks that double in size (64 streams,
 * then 128, ...) rather than in a malloc each: a world-scale replication
 * has some four thousand streams of 2.5 KB, and blocks from 2 MB on come
 * from the large-array allocator (big_alloc.h), whose huge pages spare
 * thousands of first-touch page faults per replication and thread.
 */
#include "tasim/sim.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "big_alloc.h"
#include "event_queue.h"
#include "tasim/alloc.h"
#include "tasim/rng.h"

enum { DEFAULT_EXPECTED_EVENTS = 1024, MIN_STALE_FOR_COMPACTION = 1024 };
#define NO_SLOT UINT32_MAX

/* A prefetch hint where the compiler offers one (gcc and clang both do);
 * a no-op elsewhere, since it never changes results. */
#if defined(__GNUC__)
#define PREFETCH(p) __builtin_prefetch(p)
#else
#define PREFETCH(p) ((void)(p))
#endif

/* 40 bytes. Priority is not stored: it is the top bits of keys[slot]. */
typedef struct {
    tasim_event_fn fn;
    void *subject;
    uint64_t arg;
    double time;
    uint32_t gen;       /* matches the id's generation while pending */
    uint32_t next_free; /* free-list link while the slot is free */
} event_record_t;

typedef struct {
    char *name; /* owned; NULL marks an empty bucket */
    uint64_t entity;
    gsl_rng *rng;
} stream_bucket_t;

struct tasim_sim {
    tasim_sim_config_t config;
    double now;
    uint64_t next_seq;
    uint64_t fired;
    bool stop_requested;
    bool stopped;
    bool top_vacant; /* the root entry has fired; see fire_top() */

    tasim_event_queue_t queue;
    size_t live_count;
    size_t stale_count;

    event_record_t *records;
    uint64_t *keys; /* keys[slot]: see the file comment */
    uint32_t record_capacity;
    uint32_t record_count; /* slots ever handed out */
    uint32_t free_head;

    stream_bucket_t *streams;
    size_t stream_capacity; /* power of two */
    size_t stream_count;
    struct stream_block *blocks; /* the generators, newest block first */
};

/* A generator and its state, handed out by a block. */
typedef struct {
    gsl_rng rng;
    tasim_mt_state_t state;
} pooled_stream_t;

typedef struct stream_block {
    struct stream_block *next;
    size_t used, capacity;
    pooled_stream_t streams[];
} stream_block_t;

enum { FIRST_BLOCK_STREAMS = 64 };

static size_t block_bytes(size_t capacity)
{
    return sizeof(stream_block_t) + capacity * sizeof(pooled_stream_t);
}

/* A generator of the pool, seeded with seed64. */
static gsl_rng *pooled_stream(tasim_sim_t *sim, uint64_t seed64)
{
    stream_block_t *b = sim->blocks;
    if (b == NULL || b->used == b->capacity) {
        size_t capacity = b ? 2 * b->capacity : FIRST_BLOCK_STREAMS;
        stream_block_t *fresh =
            tasim_big_resize(NULL, 0, block_bytes(capacity));
        fresh->next = b;
        fresh->used = 0;
        fresh->capacity = capacity;
        sim->blocks = b = fresh;
    }
    pooled_stream_t *p = &b->streams[b->used++];
    p->rng.type = TASIM_RNG_TYPE;
    p->rng.state = &p->state;
    tasim_rng_reseed(&p->rng, seed64);
    return &p->rng;
}

tasim_sim_t *tasim_sim_create(const tasim_sim_config_t *config)
{
    tasim_sim_t *sim = tasim_xcalloc(1, sizeof *sim);
    if (config)
        sim->config = *config;
    size_t expected = sim->config.expected_events
                          ? sim->config.expected_events
                          : DEFAULT_EXPECTED_EVENTS;
    tasim_assert(expected < NO_SLOT);
    tasim_event_queue_init(&sim->queue, expected);
    sim->record_capacity = (uint32_t)expected;
    sim->records = tasim_big_resize(NULL, 0, expected * sizeof *sim->records);
    sim->keys = tasim_big_resize(NULL, 0, expected * sizeof *sim->keys);
    sim->free_head = NO_SLOT;
    sim->stream_capacity = 16;
    sim->streams = tasim_xcalloc(sim->stream_capacity, sizeof *sim->streams);
    return sim;
}

void tasim_sim_destroy(tasim_sim_t *sim)
{
    if (sim == NULL)
        return;
    for (size_t i = 0; i < sim->stream_capacity; i++)
        free(sim->streams[i].name);
    free(sim->streams);
    for (stream_block_t *b = sim->blocks; b != NULL;) {
        stream_block_t *next = b->next;
        tasim_big_free(b, block_bytes(b->capacity));
        b = next;
    }
    tasim_big_free(sim->records, sim->record_capacity * sizeof *sim->records);
    tasim_big_free(sim->keys, sim->record_capacity * sizeof *sim->keys);
    tasim_event_queue_fini(&sim->queue);
    free(sim);
}

double tasim_sim_now(const tasim_sim_t *sim) { return sim->now; }

const tasim_sim_config_t *tasim_sim_config(const tasim_sim_t *sim)
{
    return &sim->config;
}

/* ------------------------------------------------------------------ */
/* Pool                                                                 */

static uint32_t acquire_slot(tasim_sim_t *sim)
{
    if (sim->free_head != NO_SLOT) {
        uint32_t slot = sim->free_head;
        sim->free_head = sim->records[slot].next_free;
        return slot;
    }
    if (sim->record_count == sim->record_capacity) {
        tasim_assert(sim->record_capacity < NO_SLOT / 2);
        size_t old = sim->record_capacity;
        sim->record_capacity *= 2;
        sim->records = tasim_big_resize(
            sim->records, old * sizeof *sim->records,
            sim->record_capacity * sizeof *sim->records);
        sim->keys = tasim_big_resize(sim->keys, old * sizeof *sim->keys,
                                     sim->record_capacity * sizeof *sim->keys);
    }
    uint32_t slot = sim->record_count++;
    sim->records[slot].gen = 1;
    return slot;
}

/* The event in `slot` stops being pending: its id and any queue entry for
 * it go stale. The slot itself is freed separately (free_slot). */
static void retire(tasim_sim_t *sim, uint32_t slot)
{
    event_record_t *rec = &sim->records[slot];
    /* Generation 0 is never used, so that id 0 never names an event. */
    if (++rec->gen == 0)
        rec->gen = 1;
    sim->live_count--;
}

/* Return a retired slot to the pool; no queue entry may name it. */
static void free_slot(tasim_sim_t *sim, uint32_t slot)
{
    sim->records[slot].next_free = sim->free_head;
    sim->free_head = slot;
}

static event_record_t *lookup(const tasim_sim_t *sim, tasim_event_id_t id)
{
    uint32_t slot = (uint32_t)(id & 0xffffffffu);
    uint32_t gen = (uint32_t)(id >> 32);
    if (id == TASIM_NO_EVENT || slot >= sim->record_count)
        return NULL;
    /* A free or retired slot's generation has moved past every id issued
     * for it, so a generation match means pending. */
    event_record_t *rec = &sim->records[slot];
    return rec->gen == gen ? rec : NULL;
}

static int priority_of(const tasim_sim_t *sim, uint32_t slot)
{
    return (int)(sim->keys[slot] >> TASIM_QUEUE_SEQ_BITS) +
           TASIM_PRIORITY_MIN;
}

/* ------------------------------------------------------------------ */
/* Scheduling                                                           */

tasim_event_id_t tasim_sim_schedule(tasim_sim_t *sim, double time,
                                    int priority, tasim_event_fn fn,
                                    void *subject, uint64_t arg)
{
    tasim_assert(fn != NULL);
    tasim_assert(time >= sim->now); /* also rejects NaN */
    tasim_assert(priority >= TASIM_PRIORITY_MIN &&
                 priority <= TASIM_PRIORITY_MAX);
    tasim_assert(sim->next_seq < (UINT64_C(1) << TASIM_QUEUE_SEQ_BITS));
    uint32_t slot = acquire_slot(sim);
    event_record_t *rec = &sim->records[slot];
    rec->fn = fn;
    rec->subject = subject;
    rec->arg = arg;
    rec->time = time;
    uint64_t prio = (uint64_t)(priority - TASIM_PRIORITY_MIN);
    sim->keys[slot] = prio << TASIM_QUEUE_SEQ_BITS | sim->next_seq++;
    sim->live_count++;
    tasim_queue_entry_t e = {.time = time, .slot = slot, .gen = rec->gen};
    if (sim->top_vacant) { /* fill the root fire_top() left vacant */
        sim->top_vacant = false;
        tasim_event_queue_replace_top(&sim->queue, sim->keys, e);
    } else {
        tasim_event_queue_push(&sim->queue, sim->keys, e);
    }
    return (tasim_event_id_t)rec->gen << 32 | slot;
}

/* Remove a fired root that no schedule() has replaced. Everything that
 * reads the queue's order calls this first. The vacant root is never
 * compared (pop and replace overwrite it), which matters because its slot
 * may already have been reused with a new key. */
static void settle(tasim_sim_t *sim)
{
    if (sim->top_vacant) {
        sim->top_vacant = false;
        tasim_event_queue_pop(&sim->queue, sim->keys);
    }
}

static int entry_is_live(const tasim_sim_t *sim, const tasim_queue_entry_t *e)
{
    return sim->records[e->slot].gen == e->gen;
}

/* Compaction's filter: keep live entries, free the slots of stale ones. */
static int keep_live_entry(void *ctx, const tasim_queue_entry_t *e)
{
    tasim_sim_t *sim = ctx;
    if (entry_is_live(sim, e))
        return 1;
    free_slot(sim, e->slot);
    return 0;
}

/* Drop stale entries once they outnumber live ones, so the queue (and the
 * cost of every push and pop) stays proportional to live events. */
static void maybe_compact(tasim_sim_t *sim)
{
    if (sim->stale_count < MIN_STALE_FOR_COMPACTION ||
        sim->stale_count <= sim->live_count)
        return;
    settle(sim); /* the vacant root's slot is already free */
    tasim_event_queue_filter(&sim->queue, sim->keys, keep_live_entry, sim);
    sim->stale_count = 0;
}

bool tasim_sim_cancel(tasim_sim_t *sim, tasim_event_id_t id)
{
    if (lookup(sim, id) == NULL)
        return false;
    retire(sim, (uint32_t)(id & 0xffffffffu));
    sim->stale_count++;
    maybe_compact(sim);
    return true;
}

tasim_event_id_t tasim_sim_reschedule(tasim_sim_t *sim, tasim_event_id_t id,
                                      double time)
{
    event_record_t *rec = lookup(sim, id);
    if (rec == NULL)
        return TASIM_NO_EVENT;
    tasim_assert(time >= sim->now);
    event_record_t copy = *rec;
    int priority = priority_of(sim, (uint32_t)(id & 0xffffffffu));
    tasim_sim_cancel(sim, id);
    return tasim_sim_schedule(sim, time, priority, copy.fn, copy.subject,
                              copy.arg);
}

bool tasim_sim_is_pending(const tasim_sim_t *sim, tasim_event_id_t id)
{
    return lookup(sim, id) != NULL;
}

double tasim_sim_event_time(const tasim_sim_t *sim, tasim_event_id_t id)
{
    const event_record_t *rec = lookup(sim, id);
    return rec ? rec->time : NAN;
}

size_t tasim_sim_pending_count(const tasim_sim_t *sim)
{
    return sim->live_count;
}

uint64_t tasim_sim_events_fired(const tasim_sim_t *sim) { return sim->fired; }

/* ------------------------------------------------------------------ */
/* Running                                                              */

/* Settle a vacant root, then discard stale entries at the top, freeing
 * their slots; returns the live top or NULL. */
static const tasim_queue_entry_t *peek_live(tasim_sim_t *sim)
{
    settle(sim);
    while (sim->queue.size > 0) {
        const tasim_queue_entry_t *top = &sim->queue.entries[0];
        if (entry_is_live(sim, top))
            return top;
        tasim_queue_entry_t e = tasim_event_queue_pop(&sim->queue, sim->keys);
        free_slot(sim, e.slot);
        sim->stale_count--;
    }
    return NULL;
}

/*
 * Fire the live top entry. How the entry leaves the queue depends on the
 * queue's size (event_queue.h gives the measurements):
 *
 * - Small queue: the root is left vacant. Most handlers schedule a
 *   successor, and schedule() then drops it into the root with one sift
 *   down, where pop-then-push costs a sift down and a sift up. If the
 *   handler schedules nothing, the next settle() pops as usual.
 * - Large queue: pop now. The pop sifts the heap's last entry, which is
 *   known at once, so its cache misses overlap the handler's work; a
 *   replacement could not start sifting before the handler had computed
 *   the new time. The record of the next event to fire is a miss too; its
 *   slot is known before the pop (it is almost always the earlier child of
 *   the root), so it is prefetched now.
 */
static void fire_top(tasim_sim_t *sim)
{
    tasim_queue_entry_t e = sim->queue.entries[0];
    if (sim->queue.size <= TASIM_QUEUE_SMALL) {
        sim->top_vacant = true;
    } else {
        /* The prefetch is written here, not in a helper: GCC judges a void
         * function whose only effect is a prefetch to be pure, and deletes
         * the call. Records straddle cache lines, hence two hints. */
        const tasim_queue_entry_t *next =
            tasim_event_queue_likely_next(&sim->queue);
        if (next) {
            const event_record_t *r = &sim->records[next->slot];
            PREFETCH(r);
            PREFETCH((const char *)(r + 1) - 1);
        }
        tasim_event_queue_pop(&sim->queue, sim->keys);
    }
    event_record_t *rec = &sim->records[e.slot];
    tasim_event_fn fn = rec->fn;
    void *subject = rec->subject;
    uint64_t arg = rec->arg;
    sim->now = e.time;
    /* Release before the call: the handler sees its event as fired and
     * may schedule into the same slot. */
    retire(sim, e.slot);
    free_slot(sim, e.slot);
    sim->fired++;
    fn(sim, subject, arg);
}

bool tasim_sim_step(tasim_sim_t *sim)
{
    if (peek_live(sim) == NULL)
        return false;
    fire_top(sim);
    return true;
}

uint64_t tasim_sim_run_until(tasim_sim_t *sim, double t_end)
{
    tasim_assert(!isnan(t_end));
    uint64_t fired_before = sim->fired;
    sim->stop_requested = false;
    sim->stopped = false;
    const tasim_queue_entry_t *top;
    while ((top = peek_live(sim)) != NULL && top->time <= t_end) {
        fire_top(sim);
        if (sim->stop_requested) {
            sim->stop_requested = false;
            sim->stopped = true;
            return sim->fired - fired_before;
        }
    }
    if (isfinite(t_end) && t_end > sim->now)
        sim->now = t_end;
    return sim->fired - fired_before;
}

void tasim_sim_stop(tasim_sim_t *sim) { sim->stop_requested = true; }

bool tasim_sim_stopped(const tasim_sim_t *sim) { return sim->stopped; }

/* ------------------------------------------------------------------ */
/* Random streams                                                       */

static size_t bucket_of(const stream_bucket_t *b, size_t cap,
                        const char *name, uint64_t entity, uint64_t hash)
{
    size_t i = (size_t)hash & (cap - 1);
    while (b[i].name &&
           !(b[i].entity == entity && strcmp(b[i].name, name) == 0))
        i = (i + 1) & (cap - 1);
    return i;
}

static void grow_streams(tasim_sim_t *sim)
{
    size_t cap = sim->stream_capacity * 2;
    stream_bucket_t *fresh = tasim_xcalloc(cap, sizeof *fresh);
    for (size_t i = 0; i < sim->stream_capacity; i++) {
        stream_bucket_t *old = &sim->streams[i];
        if (old->name == NULL)
            continue;
        uint64_t h = tasim_rng_mix64(tasim_rng_hash_name(old->name) ^
                                     tasim_rng_mix64(old->entity));
        fresh[bucket_of(fresh, cap, old->name, old->entity, h)] = *old;
    }
    free(sim->streams);
    sim->streams = fresh;
    sim->stream_capacity = cap;
}

gsl_rng *tasim_sim_stream(tasim_sim_t *sim, const char *name, uint64_t entity)
{
    tasim_assert(name != NULL && name[0] != '\0');
    uint64_t h = tasim_rng_mix64(tasim_rng_hash_name(name) ^
                                 tasim_rng_mix64(entity));
    size_t i = bucket_of(sim->streams, sim->stream_capacity, name, entity, h);
    if (sim->streams[i].name)
        return sim->streams[i].rng;
    if (2 * (sim->stream_count + 1) > sim->stream_capacity) {
        grow_streams(sim);
        i = bucket_of(sim->streams, sim->stream_capacity, name, entity, h);
    }
    stream_bucket_t *b = &sim->streams[i];
    b->name = tasim_xstrdup(name);
    b->entity = entity;
    b->rng = pooled_stream(sim, tasim_rng_stream_seed(sim->config.seed,
                                                      sim->config.replication,
                                                      name, entity));
    sim->stream_count++;
    return b->rng;
}
