/*
 * rng.c: stream seeding, full-state MT19937 initialisation, samplers and
 * the GSL error handler.
 *
 * Why the state is written directly: gsl_rng_set() seeds MT19937 from the
 * low 32 bits of its argument, which would make distinct 64-bit stream
 * seeds collide at scale (see tasim/rng.h). The generator type is our own
 * (mt19937.c), so its state layout is known here.
 */
#include "tasim/rng.h"

#include <math.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_randist.h>

#include "tasim/alloc.h"

enum { MT_WORDS = TASIM_MT_WORDS };

uint64_t tasim_rng_mix64(uint64_t x)
{
    x += UINT64_C(0x9E3779B97F4A7C15);
    x = (x ^ (x >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    x = (x ^ (x >> 27)) * UINT64_C(0x94D049BB133111EB);
    return x ^ (x >> 31);
}

uint64_t tasim_rng_hash_name(const char *name)
{
    uint64_t h = UINT64_C(0xcbf29ce484222325);
    for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
        h ^= *p;
        h *= UINT64_C(0x100000001b3);
    }
    return h;
}

uint64_t tasim_rng_stream_seed(uint64_t seed, uint64_t replication,
                               const char *name, uint64_t entity)
{
    /* A chain of mixes rather than an XOR of mixes: XOR would make
     * (rep=a, entity=b) and (rep=b, entity=a) collide. */
    uint64_t h = tasim_rng_mix64(seed);
    h = tasim_rng_mix64(h ^ replication);
    h = tasim_rng_mix64(h ^ tasim_rng_hash_name(name));
    h = tasim_rng_mix64(h ^ entity);
    return h;
}

void tasim_rng_reseed(gsl_rng *r, uint64_t seed64)
{
    tasim_assert(r->type == TASIM_RNG_TYPE);
    tasim_mt_state_t *state = gsl_rng_state(r);
    /* SplitMix64 as a sequence generator: consecutive outputs of the mixer
     * over a Weyl sequence started at the seed. */
    uint64_t x = seed64;
    for (int i = 0; i < MT_WORDS; i += 2) {
        uint64_t v = tasim_rng_mix64(x);
        x += UINT64_C(0x9E3779B97F4A7C15);
        state->mt[i] = (uint32_t)(v & 0xffffffffu);
        state->mt[i + 1] = (uint32_t)(v >> 32);
    }
    /* An all-zero state is MT's one fixed point; the top bit of word 0 is
     * the only bit of it that matters there, so forcing it on rules that
     * out (the reference init_by_array does the same). */
    state->mt[0] |= 0x80000000u;
    state->next = MT_WORDS; /* regenerate the block on the first draw */
}

gsl_rng *tasim_rng_create(uint64_t seed64)
{
    gsl_rng *r = gsl_rng_alloc(TASIM_RNG_TYPE);
    if (r == NULL) {
        fprintf(stderr, "tasim: fatal: out of memory allocating a random "
                        "stream\n");
        abort();
    }
    tasim_rng_reseed(r, seed64);
    return r;
}

double tasim_rng_exponential(const gsl_rng *r, double rate)
{
    tasim_assert(rate >= 0.0 && isfinite(rate));
    if (rate == 0.0)
        return INFINITY;
    /* gsl_rng_uniform_pos excludes 0, so the log is finite. */
    return -log(gsl_rng_uniform_pos(r)) / rate;
}

double tasim_rng_uniform(const gsl_rng *r)
{
    return gsl_rng_uniform(r);
}

/* ------------------------------------------------------------------ */
/* GSL error handler                                                    */

typedef struct {
    int gsl_errno;
    int line;
    char reason[200];
    char file[120];
} gsl_error_record_t;

/* Thread-local so that concurrent replications never see each other's
 * errors; it is a mailbox, not simulation state. */
static _Thread_local gsl_error_record_t last_gsl_error;

static void record_gsl_error(const char *reason, const char *file, int line,
                             int gsl_errno)
{
    last_gsl_error.gsl_errno = gsl_errno ? gsl_errno : GSL_FAILURE;
    last_gsl_error.line = line;
    snprintf(last_gsl_error.reason, sizeof last_gsl_error.reason, "%s",
             reason ? reason : "");
    snprintf(last_gsl_error.file, sizeof last_gsl_error.file, "%s",
             file ? file : "");
}

void tasim_gsl_install_handler(void)
{
    gsl_set_error_handler(record_gsl_error);
}

int tasim_gsl_take_error(tasim_error_t *err)
{
    if (last_gsl_error.gsl_errno == 0)
        return 0;
    tasim_error_set(err, TASIM_EGSL, NULL, 0, 0,
                    "GSL error %d (%s): %s at %s:%d",
                    last_gsl_error.gsl_errno,
                    gsl_strerror(last_gsl_error.gsl_errno),
                    last_gsl_error.reason, last_gsl_error.file,
                    last_gsl_error.line);
    memset(&last_gsl_error, 0, sizeof last_gsl_error);
    return TASIM_EGSL;
}
