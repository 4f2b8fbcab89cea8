/*
 * test_recording.c: a replication's results survive the trip through
 * bytes (MPI messages, shard files) exactly, and damaged bytes are
 * refused with an error, never a crash.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


#include "tasim/recording.h"
#include "tasim/strpool.h"
#include "tasim/sha256.h"

/* An observer that hashes everything it is told, strings by content and
 * doubles by their bits: two equal hashes mean two equal reports. */
static void hash_text(tasim_sha256_t *h, const char *s)
{
    tasim_sha256_update(h, s, strlen(s) + 1);
}

static void hash_observe(void *ctx, uint64_t rep, double year,
                         const char *owner, const char *topic,
                         const char *series, double value)
{
    tasim_sha256_t *h = ctx;
    tasim_sha256_update(h, &rep, sizeof rep);
    tasim_sha256_update(h, &year, sizeof year);
    hash_text(h, owner);
    hash_text(h, topic);
    hash_text(h, series);
    tasim_sha256_update(h, &value, sizeof value);
}

static void hash_programme(void *ctx, uint64_t rep,
                           const tasim_programme_record_t *p)
{
    tasim_sha256_t *h = ctx;
    tasim_sha256_update(h, &rep, sizeof rep);
    const char *s[] = {p->id, p->country, p->topic, p->provider, p->funder};
    for (int i = 0; i < 5; i++)
        hash_text(h, s[i]);
    const double d[] = {p->start, p->exit, p->recipient_share, p->rating,
                        p->capacity_start, p->capacity_exit};
    tasim_sha256_update(h, d, sizeof d);
    tasim_sha256_update(h, p->cost, sizeof p->cost);
    tasim_sha256_update(h, p->retention, sizeof p->retention);
    tasim_sha256_update(h, p->gain_retention, sizeof p->gain_retention);
}

static void hash_request(void *ctx, uint64_t rep,
                         const tasim_request_record_t *q)
{
    tasim_sha256_t *h = ctx;
    tasim_sha256_update(h, &rep, sizeof rep);
    const char *s[] = {q->country, q->topic, q->provider, q->funder};
    for (int i = 0; i < 4; i++)
        hash_text(h, s[i]);
    const double d[] = {q->arrival, q->start, q->expiry, q->wait};
    tasim_sha256_update(h, d, sizeof d);
}

static const tasim_model_observer_t hasher = {hash_observe, hash_programme,
                                              hash_request};

static void digest_of(const tasim_recording_t *r, unsigned char out[32])
{
    tasim_sha256_t h;
    tasim_sha256_init(&h);
    tasim_recording_replay(r, &hasher, &h);
    tasim_sha256_final(&h, out);
}

static tasim_scenario_t *crisis(void)
{
    tasim_diag_t diag;
    tasim_diag_init(&diag);
    tasim_scenario_t *sc = tasim_scenario_load_file(
        TASIM_SOURCE_DIR "/scenarios/crisis.yaml", &diag);
    cr_assert_not_null(sc);
    tasim_diag_fini(&diag);
    return sc;
}

Test(recording, replay_reports_what_the_model_reported)
{
    tasim_scenario_t *sc = crisis();
    tasim_sha256_t direct;
    tasim_sha256_init(&direct);
    tasim_error_t err;
    tasim_model_stats_t stats = {0};
    cr_assert_eq(tasim_model_run(sc, 3, &hasher, &direct, &stats, &err), 0);
    unsigned char want[32], got[32];
    tasim_sha256_final(&direct, want);

    tasim_recording_t *r = tasim_recording_create();
    tasim_recording_clear(r, 3);
    cr_assert_eq(tasim_model_run(sc, 3, &tasim_recording_observer, r, &stats,
                                 &err), 0);
    digest_of(r, got);
    cr_expect_arr_eq(got, want, 32);
    tasim_recording_destroy(r);
    tasim_scenario_destroy(sc);
}

Test(recording, encoded_recordings_decode_to_the_same_reports)
{
    tasim_scenario_t *sc = crisis();
    tasim_recording_t *r[2] = {tasim_recording_create(),
                               tasim_recording_create()};
    char *buf = NULL;
    size_t len = 0;
    tasim_error_t err;
    for (int i = 0; i < 2; i++) {
        tasim_model_stats_t stats = {0};
        tasim_recording_clear(r[i], (uint64_t)i);
        cr_assert_eq(tasim_model_run(sc, (uint64_t)i,
                                     &tasim_recording_observer, r[i], &stats,
                                     &err), 0);
        tasim_recording_set_events(r[i], stats.events);
        /* Encodings concatenate: a shard file is a sequence of them. */
        tasim_recording_encode(r[i], &buf, &len);
    }
    tasim_strpool_t *pool = tasim_strpool_create();
    tasim_recording_t *back = tasim_recording_create();
    size_t at = 0;
    for (int i = 0; i < 2; i++) {
        long used = tasim_recording_decode(back, buf + at, len - at, pool,
                                           &err);
        cr_assert_gt(used, 0, "%s", err.message);
        at += (size_t)used;
        unsigned char want[32], got[32];
        digest_of(r[i], want);
        digest_of(back, got);
        cr_expect_arr_eq(got, want, 32, "replication %d", i);
        cr_expect_eq(tasim_recording_events(back),
                     tasim_recording_events(r[i]));
        cr_expect_eq(tasim_recording_replication(back), (uint64_t)i);
    }
    cr_expect_eq(at, len);
    tasim_recording_destroy(back);
    tasim_strpool_destroy(pool);
    for (int i = 0; i < 2; i++)
        tasim_recording_destroy(r[i]);
    free(buf);
    tasim_scenario_destroy(sc);
}

/* Runs of observations (one per year) that repeat the keys of the run
 * before are stored without keys of their own; runs that depart from it
 * (midway, shorter, longer, or the same names behind other pointers) get
 * their own. Every shape must replay, and survive encoding, exactly. */
typedef struct {
    double year, value;
    const char *owner, *topic, *series;
} obs_t;

typedef struct {
    obs_t seen[64];
    size_t n;
} collected_t;

static void collect(void *ctx, uint64_t rep, double year, const char *owner,
                    const char *topic, const char *series, double value)
{
    (void)rep;
    collected_t *c = ctx;
    cr_assert_lt(c->n, 64);
    c->seen[c->n++] = (obs_t){year, value, owner, topic, series};
}

static void expect_same(const collected_t *c, const obs_t *want, size_t n)
{
    cr_assert_eq(c->n, n);
    for (size_t i = 0; i < n; i++) {
        cr_expect_eq(c->seen[i].year, want[i].year, "observation %zu", i);
        cr_expect_eq(c->seen[i].value, want[i].value, "observation %zu", i);
        cr_expect_str_eq(c->seen[i].owner, want[i].owner);
        cr_expect_str_eq(c->seen[i].topic, want[i].topic);
        cr_expect_str_eq(c->seen[i].series, want[i].series);
    }
}

Test(recording, runs_of_any_shape_replay_exactly)
{
    static const char other_a[] = "A"; /* equal to "A", another pointer */
    const char *a = "A", *b = "B", *t = "tax", *k = "capacity",
               *q = "queue";
    const obs_t want[] = {
        {1, 0.1, a, t, k}, {1, 0.2, b, t, k}, {1, 0.3, a, t, q},
        {2, 1.1, a, t, k}, {2, 1.2, b, t, k}, {2, 1.3, a, t, q}, /* same */
        {3, 2.1, a, t, k}, {3, 2.2, a, t, q},                /* departs */
        {4, 3.1, a, t, k},                                   /* shorter */
        {5, 4.1, a, t, k}, {5, 4.2, b, t, q}, {5, 4.3, b, t, k}, /* longer */
        {6, 5.1, other_a, t, k}, {6, 5.2, b, t, q}, {6, 5.3, b, t, k},
        {7, 6.1, other_a, t, k}, {7, 6.2, b, t, q}, {7, 6.3, b, t, k},
    };
    const size_t n = sizeof want / sizeof want[0];
    tasim_recording_t *r = tasim_recording_create();
    for (int rep = 0; rep < 2; rep++) { /* a second use of the recording */
        tasim_recording_clear(r, (uint64_t)rep);
        for (size_t i = 0; i < n; i++)
            tasim_recording_observer.observe(r, (uint64_t)rep, want[i].year,
                                             want[i].owner, want[i].topic,
                                             want[i].series, want[i].value);
        cr_assert_eq(tasim_recording_observation_count(r), n);
        const tasim_model_observer_t obs = {collect, NULL, NULL};
        collected_t direct = {0};
        tasim_recording_replay(r, &obs, &direct);
        expect_same(&direct, want, n);

        char *buf = NULL;
        size_t len = 0;
        tasim_recording_encode(r, &buf, &len);
        tasim_strpool_t *pool = tasim_strpool_create();
        tasim_recording_t *back = tasim_recording_create();
        tasim_error_t err;
        cr_assert_eq(tasim_recording_decode(back, buf, len, pool, &err),
                     (long)len, "%s", err.message);
        collected_t decoded = {0};
        tasim_recording_replay(back, &obs, &decoded);
        expect_same(&decoded, want, n);
        tasim_recording_destroy(back);
        tasim_strpool_destroy(pool);
        free(buf);
    }
    tasim_recording_destroy(r);
}

Test(recording, damaged_bytes_are_refused)
{
    tasim_scenario_t *sc = crisis();
    tasim_recording_t *r = tasim_recording_create();
    tasim_error_t err;
    tasim_model_stats_t stats = {0};
    tasim_recording_clear(r, 0);
    cr_assert_eq(tasim_model_run(sc, 0, &tasim_recording_observer, r, &stats,
                                 &err), 0);
    char *buf = NULL;
    size_t len = 0;
    tasim_recording_encode(r, &buf, &len);
    tasim_strpool_t *pool = tasim_strpool_create();
    tasim_recording_t *back = tasim_recording_create();

    /* Every truncation. */
    for (size_t cut = 0; cut < len; cut += 1 + cut / 7)
        cr_expect_lt(tasim_recording_decode(back, buf, cut, pool, &err), 0,
                     "decoded from %zu of %zu bytes", cut, len);
    /* Another format, or another byte order. */
    char *bad = malloc(len);
    memcpy(bad, buf, len);
    bad[7] = '9';
    cr_expect_lt(tasim_recording_decode(back, bad, len, pool, &err), 0);
    memcpy(bad, buf, len);
    bad[8] ^= 0x7f;
    cr_expect_lt(tasim_recording_decode(back, bad, len, pool, &err), 0);
    cr_expect(strstr(err.message, "byte order") != NULL, "%s", err.message);
    /* Flipped bits anywhere never crash (indices are checked). */
    for (size_t i = 8; i < len; i += 1 + i / 5) {
        memcpy(bad, buf, len);
        bad[i] ^= (char)0xa5;
        (void)tasim_recording_decode(back, bad, len, pool, &err);
    }
    free(bad);
    tasim_recording_destroy(back);
    tasim_strpool_destroy(pool);
    tasim_recording_destroy(r);
    free(buf);
    tasim_scenario_destroy(sc);
}

Test(strpool, equal_strings_share_one_pointer_that_never_moves)
{
    tasim_strpool_t *p = tasim_strpool_create();
    const char *first = tasim_strpool_intern(p, "capacity-and-more", 8);
    cr_expect_str_eq(first, "capacity");
    char name[32];
    for (int i = 0; i < 5000; i++) { /* forces the table to grow */
        snprintf(name, sizeof name, "name-%d", i);
        tasim_strpool_intern(p, name, strlen(name));
    }
    cr_expect_eq(tasim_strpool_intern(p, "capacity", 8), first);
    cr_expect_eq(tasim_strpool_intern(p, "name-17", 7),
                 tasim_strpool_intern(p, "name-17", 7));
    /* A prefix or an extension is another string. */
    const char *a = tasim_strpool_intern(p, "revenue", 7);
    cr_expect_neq(tasim_strpool_intern(p, "revenue_admin", 13), a);
    cr_expect_neq(tasim_strpool_intern(p, "reven", 5), a);
    cr_expect_str_eq(tasim_strpool_intern(p, "reven", 5), "reven");
    tasim_strpool_destroy(p);
}
