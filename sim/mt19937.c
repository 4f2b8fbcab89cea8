/*
 * mt19937.c: the Mersenne Twister MT19937 (Matsumoto and Nishimura, 1998)
 * as a GSL generator type whose state is 624 32-bit words.
 *
 * Why not gsl_rng_mt19937 itself: GSL keeps each 32-bit word of the state
 * in an `unsigned long`, 8 bytes on LP64 systems, so a stream costs 5 KB
 * where 2.5 KB hold the same state. A world-scale replication has several
 * thousand streams per model in memory at once, one model per thread.
 * The numbers are the same as GSL's: same recurrence, same tempering, same
 * get_double (a 32-bit output over 2^32) and the same gsl_rng_set seeding;
 * tests/test_rng.c checks it draw for draw against gsl_rng_mt19937.
 */
#include "tasim/rng.h"

#include <stdint.h>

enum { N = TASIM_MT_WORDS, M = 397 };

static const uint32_t matrix_a = 0x9908b0dfu;
static const uint32_t upper_mask = 0x80000000u, lower_mask = 0x7fffffffu;

/* The next block of N words from the current one. */
static void regenerate(tasim_mt_state_t *s)
{
    uint32_t *mt = s->mt;
    int k = 0;
    for (; k < N - M; k++) {
        uint32_t y = (mt[k] & upper_mask) | (mt[k + 1] & lower_mask);
        mt[k] = mt[k + M] ^ (y >> 1) ^ ((y & 1u) ? matrix_a : 0u);
    }
    for (; k < N - 1; k++) {
        uint32_t y = (mt[k] & upper_mask) | (mt[k + 1] & lower_mask);
        mt[k] = mt[k + (M - N)] ^ (y >> 1) ^ ((y & 1u) ? matrix_a : 0u);
    }
    uint32_t y = (mt[N - 1] & upper_mask) | (mt[0] & lower_mask);
    mt[N - 1] = mt[M - 1] ^ (y >> 1) ^ ((y & 1u) ? matrix_a : 0u);
    s->next = 0;
}

static unsigned long mt_get(void *state)
{
    tasim_mt_state_t *s = state;
    if (s->next >= N)
        regenerate(s);
    uint32_t y = s->mt[s->next++];
    y ^= y >> 11;
    y ^= (y << 7) & 0x9d2c5680u;
    y ^= (y << 15) & 0xefc60000u;
    y ^= y >> 18;
    return y;
}

static double mt_get_double(void *state)
{
    return (double)mt_get(state) / 4294967296.0;
}

/* Knuth's linear recurrence from a 32-bit seed, as gsl_rng_set does for
 * MT19937 (seed 0 means 4357). tasim's streams overwrite the whole state
 * from 64 bits instead (tasim_rng_reseed); this serves gsl_rng_alloc and
 * anyone calling gsl_rng_set. */
static void mt_set(void *state, unsigned long seed)
{
    tasim_mt_state_t *s = state;
    if (seed == 0)
        seed = 4357;
    s->mt[0] = (uint32_t)(seed & 0xffffffffu);
    for (int i = 1; i < N; i++)
        s->mt[i] = 1812433253u * (s->mt[i - 1] ^ (s->mt[i - 1] >> 30)) +
                   (uint32_t)i;
    s->next = N;
}

static const gsl_rng_type mt_type = {TASIM_RNG_NAME, 0xffffffffUL, 0,
                                     sizeof(tasim_mt_state_t), mt_set,
                                     mt_get, mt_get_double};

const gsl_rng_type *const tasim_rng_mt19937 = &mt_type;
