/*
 * recording.c: capture, replay and byte encoding of one replication's
 * results (tasim/recording.h).
 *
 * Encoding, in host byte order (a header mark rejects the other order):
 *   magic "TASIMRC1", u32 byte-order mark, u32 string count,
 *   u64 total bytes, u64 replication, u64 events,
 *   u64 observations, u64 programmes, u64 requests,
 *   strings: u32 length + bytes each,
 *   observations: f64 year, f64 value, u32 owner, topic, series,
 *   programmes: u32 id, country, topic, provider, funder, then the 17
 *     doubles of the record in declaration order,
 *   requests: u32 country, topic, provider, funder, f64 arrival, start,
 *     expiry, wait.
 * Strings are indices into the string table; the encoder deduplicates by
 * pointer, which is enough since the model reuses the scenario's strings.
 */
#include "tasim/recording.h"

#include <stdlib.h>
#include <string.h>

#include "big_alloc.h"
#include "key_table.h"
#include "tasim/alloc.h"

/* Observations are stored compactly: a world-scale replication reports
 * millions, and a recording waits for its turn to be written. Each is its
 * value (8 bytes); its year is its run's (every sample reports many
 * observations at one time); its (owner, topic, series) is a number in a
 * table of keys, which the replications of a scenario share (the model
 * names them with the scenario's strings). A run's key numbers are stored
 * once for the run, and not at all when the run reports the same keys in
 * the same order as the run before, as the samples of a model do: such a
 * run shares the stored keys of the one before. Recognising that costs a
 * comparison of pointers per observation, where looking a key up in the
 * table costs a hash. */
struct tasim_recording {
    uint64_t replication, events;
    /* Copies of the records' names: a programme started from a request
     * is named in a buffer that lives only during the callback. */
    tasim_strpool_t *names;
    tasim_key_table_t keys;     /* kept across replications */
    double *obs_value;
    size_t obs_count, obs_capacity;
    double *run_year;           /* year of each run of observations */
    size_t *run_end;            /* index after the run's last observation */
    size_t *run_keys;           /* where the run's key numbers start */
    size_t run_count, run_capacity;
    uint32_t *key_seq;          /* the runs' key numbers */
    size_t key_seq_count, key_seq_capacity;
    int run_shares;             /* the last run still repeats the one before */
    tasim_programme_record_t *programmes;
    size_t programme_count, programme_capacity;
    tasim_request_record_t *requests;
    size_t request_count, request_capacity;
};

static const char magic[8] = {'T', 'A', 'S', 'I', 'M', 'R', 'C', '1'};
static const uint32_t byte_order_mark = 0x01020304u;
enum { HEADER_BYTES = 8 + 4 + 4 + 6 * 8, PROGRAMME_DOUBLES = 17 };

tasim_recording_t *tasim_recording_create(void)
{
    tasim_recording_t *r = tasim_xcalloc(1, sizeof *r);
    r->names = tasim_strpool_create();
    return r;
}

void tasim_recording_destroy(tasim_recording_t *r)
{
    if (r == NULL)
        return;
    tasim_key_table_free(&r->keys);
    tasim_big_free(r->obs_value, r->obs_capacity * sizeof *r->obs_value);
    free(r->run_year);
    free(r->run_end);
    free(r->run_keys);
    free(r->key_seq);
    free(r->programmes);
    free(r->requests);
    tasim_strpool_destroy(r->names);
    free(r);
}

void tasim_recording_clear(tasim_recording_t *r, uint64_t replication)
{
    r->replication = replication;
    r->events = 0;
    r->obs_count = r->programme_count = r->request_count = 0;
    r->run_count = 0;
    r->key_seq_count = 0;
    r->run_shares = 0;
}

uint64_t tasim_recording_replication(const tasim_recording_t *r)
{
    return r->replication;
}

uint64_t tasim_recording_events(const tasim_recording_t *r)
{
    return r->events;
}

size_t tasim_recording_observation_count(const tasim_recording_t *r)
{
    return r->obs_count;
}

void tasim_recording_set_events(tasim_recording_t *r, uint64_t events)
{
    r->events = events;
}

/* Make room for one more element of `size` bytes in *array. */
static void *reserve(void **array, size_t *capacity, size_t count,
                     size_t size)
{
    if (count == *capacity) {
        *capacity = *capacity ? *capacity * 2 : 256;
        *array = tasim_xrealloc(*array, *capacity * size);
    }
    return (char *)*array + count * size;
}

static void push_key(tasim_recording_t *r, uint32_t key)
{
    *(uint32_t *)reserve((void **)&r->key_seq, &r->key_seq_capacity,
                         r->key_seq_count++, sizeof *r->key_seq) = key;
}

/* Start a run at `year`, sharing the keys of the run before for now. */
static void start_run(tasim_recording_t *r, double year)
{
    if (r->run_count == r->run_capacity) {
        r->run_capacity = r->run_capacity ? 2 * r->run_capacity : 64;
        r->run_year =
            tasim_xrealloc(r->run_year, r->run_capacity * sizeof *r->run_year);
        r->run_end =
            tasim_xrealloc(r->run_end, r->run_capacity * sizeof *r->run_end);
        r->run_keys =
            tasim_xrealloc(r->run_keys, r->run_capacity * sizeof *r->run_keys);
    }
    size_t n = r->run_count++;
    r->run_year[n] = year;
    r->run_end[n] = r->obs_count;
    r->run_shares = n > 0;
    r->run_keys[n] = n > 0 ? r->run_keys[n - 1] : r->key_seq_count;
}

static void record_observation(void *ctx, uint64_t rep, double year,
                               const char *owner, const char *topic,
                               const char *series, double value)
{
    (void)rep;
    tasim_recording_t *r = ctx;
    if (r->obs_count == r->obs_capacity) {
        size_t old = r->obs_capacity;
        r->obs_capacity = old ? 2 * old : 4096;
        r->obs_value = tasim_big_resize(
            r->obs_value, old * sizeof *r->obs_value,
            r->obs_capacity * sizeof *r->obs_value);
    }
    /* A new run when the year changes (bit for bit: years are replayed
     * exactly as they came). */
    if (r->run_count == 0 ||
        memcmp(&r->run_year[r->run_count - 1], &year, sizeof year) != 0)
        start_run(r, year);
    size_t run = r->run_count - 1;
    size_t begin = run > 0 ? r->run_end[run - 1] : 0;
    size_t at = r->obs_count - begin; /* position in the run */
    int shared = 0;
    if (r->run_shares) {
        size_t before = r->run_end[run - 1] - (run > 1 ? r->run_end[run - 2]
                                                       : 0);
        if (at < before) {
            const tasim_obs_key_t *k =
                &r->keys.keys[r->key_seq[r->run_keys[run] + at]];
            shared = k->owner == owner && k->topic == topic &&
                     k->series == series;
        }
        if (!shared) {
            /* The run departs from the one before: it gets key numbers of
             * its own, starting with those it shared so far. */
            size_t from = r->run_keys[run];
            r->run_keys[run] = r->key_seq_count;
            for (size_t i = 0; i < at; i++)
                push_key(r, r->key_seq[from + i]);
            r->run_shares = 0;
        }
    }
    if (!shared)
        push_key(r, tasim_key_table_intern(&r->keys, owner, topic, series));
    r->obs_value[r->obs_count] = value;
    r->run_end[run] = ++r->obs_count;
}

static void record_programme(void *ctx, uint64_t rep,
                             const tasim_programme_record_t *p)
{
    (void)rep;
    tasim_recording_t *r = ctx;
    tasim_programme_record_t *slot =
        reserve((void **)&r->programmes, &r->programme_capacity,
                r->programme_count++, sizeof *slot);
    *slot = *p;
    const char **names[] = {&slot->id, &slot->country, &slot->topic,
                            &slot->provider, &slot->funder};
    for (int k = 0; k < 5; k++)
        *names[k] = tasim_strpool_intern(r->names, *names[k],
                                         strlen(*names[k]));
}

static void record_request(void *ctx, uint64_t rep,
                           const tasim_request_record_t *q)
{
    (void)rep;
    tasim_recording_t *r = ctx;
    tasim_request_record_t *slot =
        reserve((void **)&r->requests, &r->request_capacity,
                r->request_count++, sizeof *slot);
    *slot = *q;
    const char **names[] = {&slot->country, &slot->topic, &slot->provider,
                            &slot->funder};
    for (int k = 0; k < 4; k++)
        *names[k] = tasim_strpool_intern(r->names, *names[k],
                                         strlen(*names[k]));
}

const tasim_model_observer_t tasim_recording_observer = {
    record_observation, record_programme, record_request};

void tasim_recording_replay(const tasim_recording_t *r,
                            const tasim_model_observer_t *observer,
                            void *ctx)
{
    uint64_t rep = r->replication;
    size_t o = 0;
    for (size_t run = 0; run < r->run_count; run++) {
        const uint32_t *keys = r->key_seq + r->run_keys[run];
        for (size_t begin = o; o < r->run_end[run]; o++) {
            const tasim_obs_key_t *k = &r->keys.keys[keys[o - begin]];
            observer->observe(ctx, rep, r->run_year[run], k->owner, k->topic,
                              k->series, r->obs_value[o]);
        }
    }
    if (observer->programme)
        for (size_t i = 0; i < r->programme_count; i++)
            observer->programme(ctx, rep, &r->programmes[i]);
    if (observer->request)
        for (size_t i = 0; i < r->request_count; i++)
            observer->request(ctx, rep, &r->requests[i]);
}

/* ------------------------------------------------------------------ */
/* Encoding                                                             */

typedef struct {
    const char **keys; /* open addressing by pointer */
    uint32_t *index;
    size_t capacity;
    const char **order; /* strings in index order */
    uint32_t count;
} string_table_t;

static uint32_t table_index(string_table_t *t, const char *s)
{
    size_t i = (size_t)(((uintptr_t)s >> 3) * UINT64_C(0x9e3779b97f4a7c15) >>
                        32) & (t->capacity - 1);
    while (t->keys[i] && t->keys[i] != s)
        i = (i + 1) & (t->capacity - 1);
    if (t->keys[i] == NULL) {
        t->keys[i] = s;
        t->index[i] = t->count;
        t->order[t->count++] = s;
    }
    return t->index[i];
}

/* An empty table of `capacity` slots (a power of two). */
static void table_init(string_table_t *t, size_t capacity)
{
    t->capacity = capacity;
    t->keys = tasim_xcalloc(t->capacity, sizeof *t->keys);
    t->index = tasim_xcalloc(t->capacity, sizeof *t->index);
    t->order = tasim_xcalloc(t->capacity, sizeof *t->order);
    t->count = 0;
}

static void table_free(string_table_t *t)
{
    free(t->keys);
    free(t->index);
    free(t->order);
}

/* The table grows when half full, keeping probes short. */
static uint32_t string_id(string_table_t *t, const char *s)
{
    if (2 * (size_t)(t->count + 1) > t->capacity) {
        string_table_t bigger;
        table_init(&bigger, t->capacity * 2);
        for (uint32_t i = 0; i < t->count; i++)
            table_index(&bigger, t->order[i]);
        table_free(t);
        *t = bigger;
    }
    return table_index(t, s);
}

typedef struct {
    char *p; /* write position */
} writer_t;

static void put(writer_t *w, const void *v, size_t n)
{
    memcpy(w->p, v, n);
    w->p += n;
}

static void put_u32(writer_t *w, uint32_t v) { put(w, &v, sizeof v); }
static void put_u64(writer_t *w, uint64_t v) { put(w, &v, sizeof v); }
static void put_f64(writer_t *w, double v) { put(w, &v, sizeof v); }

static void programme_doubles(const tasim_programme_record_t *p,
                              double out[PROGRAMME_DOUBLES])
{
    size_t n = 0;
    out[n++] = p->start;
    out[n++] = p->exit;
    for (int k = 0; k < TASIM_COST_COMPONENTS; k++)
        out[n++] = p->cost[k];
    out[n++] = p->recipient_share;
    out[n++] = p->rating;
    out[n++] = p->capacity_start;
    out[n++] = p->capacity_exit;
    for (int k = 0; k < TASIM_RETENTION_POINTS; k++)
        out[n++] = p->retention[k];
    for (int k = 0; k < TASIM_RETENTION_POINTS; k++)
        out[n++] = p->gain_retention[k];
}

void tasim_recording_encode(const tasim_recording_t *r, char **buf,
                            size_t *len)
{
    string_table_t t;
    table_init(&t, 64);
    /* Assign string ids in a first pass so the table's size is known. */
    for (uint32_t k = 0; k < r->keys.count; k++) {
        string_id(&t, r->keys.keys[k].owner);
        string_id(&t, r->keys.keys[k].topic);
        string_id(&t, r->keys.keys[k].series);
    }
    for (size_t i = 0; i < r->programme_count; i++) {
        const tasim_programme_record_t *p = &r->programmes[i];
        const char *s[] = {p->id, p->country, p->topic, p->provider,
                           p->funder};
        for (int k = 0; k < 5; k++)
            string_id(&t, s[k]);
    }
    for (size_t i = 0; i < r->request_count; i++) {
        const tasim_request_record_t *q = &r->requests[i];
        const char *s[] = {q->country, q->topic, q->provider, q->funder};
        for (int k = 0; k < 4; k++)
            string_id(&t, s[k]);
    }
    size_t bytes = HEADER_BYTES;
    for (uint32_t i = 0; i < t.count; i++)
        bytes += 4 + strlen(t.order[i]);
    bytes += r->obs_count * (2 * 8 + 3 * 4) +
             r->programme_count * (5 * 4 + PROGRAMME_DOUBLES * 8) +
             r->request_count * (4 * 4 + 4 * 8);

    *buf = tasim_xrealloc(*buf, *len + bytes);
    writer_t w = {*buf + *len};
    put(&w, magic, sizeof magic);
    put_u32(&w, byte_order_mark);
    put_u32(&w, t.count);
    put_u64(&w, bytes);
    put_u64(&w, r->replication);
    put_u64(&w, r->events);
    put_u64(&w, r->obs_count);
    put_u64(&w, r->programme_count);
    put_u64(&w, r->request_count);
    for (uint32_t i = 0; i < t.count; i++) {
        uint32_t n = (uint32_t)strlen(t.order[i]);
        put_u32(&w, n);
        put(&w, t.order[i], n);
    }
    size_t o = 0;
    for (size_t run = 0; run < r->run_count; run++) {
        size_t begin = o;
        for (; o < r->run_end[run]; o++) {
            const tasim_obs_key_t *k =
                &r->keys.keys[r->key_seq[r->run_keys[run] + (o - begin)]];
            put_f64(&w, r->run_year[run]);
            put_f64(&w, r->obs_value[o]);
            put_u32(&w, string_id(&t, k->owner));
            put_u32(&w, string_id(&t, k->topic));
            put_u32(&w, string_id(&t, k->series));
        }
    }
    for (size_t i = 0; i < r->programme_count; i++) {
        const tasim_programme_record_t *p = &r->programmes[i];
        const char *s[] = {p->id, p->country, p->topic, p->provider,
                           p->funder};
        for (int k = 0; k < 5; k++)
            put_u32(&w, string_id(&t, s[k]));
        double d[PROGRAMME_DOUBLES];
        programme_doubles(p, d);
        put(&w, d, sizeof d);
    }
    for (size_t i = 0; i < r->request_count; i++) {
        const tasim_request_record_t *q = &r->requests[i];
        const char *s[] = {q->country, q->topic, q->provider, q->funder};
        for (int k = 0; k < 4; k++)
            put_u32(&w, string_id(&t, s[k]));
        const double d[] = {q->arrival, q->start, q->expiry, q->wait};
        put(&w, d, sizeof d);
    }
    *len += bytes;
    table_free(&t);
}

/* ------------------------------------------------------------------ */
/* Decoding                                                             */

typedef struct {
    const char *p, *end;
    int short_read;
} reader_t;

static void get(reader_t *r, void *v, size_t n)
{
    if (r->short_read || (size_t)(r->end - r->p) < n) {
        r->short_read = 1;
        memset(v, 0, n);
        return;
    }
    memcpy(v, r->p, n);
    r->p += n;
}

static uint32_t get_u32(reader_t *r)
{
    uint32_t v;
    get(r, &v, sizeof v);
    return v;
}

static uint64_t get_u64(reader_t *r)
{
    uint64_t v;
    get(r, &v, sizeof v);
    return v;
}

static double get_f64(reader_t *r)
{
    double v;
    get(r, &v, sizeof v);
    return v;
}

static int corrupt(tasim_error_t *err, const char *what)
{
    return tasim_error_set(err, TASIM_EIO, NULL, 0, 0,
                           "not a tasim replication record: %s", what);
}

/* The string with index read from `in`, or NULL if out of range. */
static const char *get_string(reader_t *in, const char **strings,
                              uint32_t count)
{
    uint32_t i = get_u32(in);
    return i < count ? strings[i] : NULL;
}

long tasim_recording_decode(tasim_recording_t *r, const char *bytes,
                            size_t len, tasim_strpool_t *pool,
                            tasim_error_t *err)
{
    reader_t in = {bytes, bytes + len, 0};
    char m[sizeof magic];
    get(&in, m, sizeof m);
    if (in.short_read || memcmp(m, magic, sizeof magic) != 0)
        return corrupt(err, "bad magic (another version of tasim?)");
    if (get_u32(&in) != byte_order_mark)
        return corrupt(err, "written on a machine of another byte order");
    uint32_t nstrings = get_u32(&in);
    uint64_t total = get_u64(&in);
    uint64_t replication = get_u64(&in), events = get_u64(&in);
    uint64_t nobs = get_u64(&in), nprog = get_u64(&in), nreq = get_u64(&in);
    if (in.short_read || total > len || total < HEADER_BYTES)
        return corrupt(err, "truncated");
    /* Every count is bounded by the bytes that must follow it, so a
     * corrupted count cannot ask for more memory than the input holds. */
    uint64_t avail = total - HEADER_BYTES;
    if (nstrings > avail / 4 || nobs > avail / 28 || nprog > avail / 156 ||
        nreq > avail / 48)
        return corrupt(err, "counts larger than the record");
    in.end = bytes + total;

    const char **strings = tasim_xcalloc(nstrings ? nstrings : 1,
                                         sizeof *strings);
    for (uint32_t i = 0; i < nstrings && !in.short_read; i++) {
        uint32_t n = get_u32(&in);
        if ((size_t)(in.end - in.p) < n || memchr(in.p, '\0', n)) {
            in.short_read = 1; /* cut short, or not a name */
            break;
        }
        strings[i] = tasim_strpool_intern(pool, in.p, n);
        in.p += n;
    }
    tasim_recording_clear(r, replication);
    r->events = events;
    int bad_index = 0;
    /* Decoded names are the pool's, not the ones of the keys kept so far:
     * start the key table afresh. */
    tasim_key_table_clear(&r->keys);
    for (uint64_t i = 0; i < nobs && !in.short_read; i++) {
        double year = get_f64(&in), value = get_f64(&in);
        const char *owner = get_string(&in, strings, nstrings);
        const char *topic = get_string(&in, strings, nstrings);
        const char *series = get_string(&in, strings, nstrings);
        if (!owner || !topic || !series) {
            bad_index = 1;
            break;
        }
        record_observation(r, replication, year, owner, topic, series,
                           value);
    }
    for (uint64_t i = 0; i < nprog && !in.short_read; i++) {
        tasim_programme_record_t p;
        const char **s[] = {&p.id, &p.country, &p.topic, &p.provider,
                            &p.funder};
        for (int k = 0; k < 5; k++) {
            *s[k] = get_string(&in, strings, nstrings);
            bad_index |= *s[k] == NULL;
        }
        double d[PROGRAMME_DOUBLES];
        get(&in, d, sizeof d);
        size_t n = 0;
        p.start = d[n++];
        p.exit = d[n++];
        for (int k = 0; k < TASIM_COST_COMPONENTS; k++)
            p.cost[k] = d[n++];
        p.recipient_share = d[n++];
        p.rating = d[n++];
        p.capacity_start = d[n++];
        p.capacity_exit = d[n++];
        for (int k = 0; k < TASIM_RETENTION_POINTS; k++)
            p.retention[k] = d[n++];
        for (int k = 0; k < TASIM_RETENTION_POINTS; k++)
            p.gain_retention[k] = d[n++];
        *(tasim_programme_record_t *)reserve(
            (void **)&r->programmes, &r->programme_capacity,
            r->programme_count++, sizeof p) = p;
    }
    for (uint64_t i = 0; i < nreq && !in.short_read; i++) {
        tasim_request_record_t q;
        const char **s[] = {&q.country, &q.topic, &q.provider, &q.funder};
        for (int k = 0; k < 4; k++) {
            *s[k] = get_string(&in, strings, nstrings);
            bad_index |= *s[k] == NULL;
        }
        q.arrival = get_f64(&in);
        q.start = get_f64(&in);
        q.expiry = get_f64(&in);
        q.wait = get_f64(&in);
        *(tasim_request_record_t *)reserve((void **)&r->requests,
                                           &r->request_capacity,
                                           r->request_count++, sizeof q) = q;
    }
    free(strings);
    if (in.short_read || in.p != in.end)
        return corrupt(err, "truncated or with trailing bytes");
    if (bad_index)
        return corrupt(err, "a string index out of range");
    return (long)total;
}
