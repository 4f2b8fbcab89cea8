/*
 * tasim/rng.h: reproducible random streams and the samplers built on them.
 *
 * Every stochastic process in tasim draws from a stream of its own, named
 * by (master seed, replication, process name, entity index). A stream's
 * seed is a 64-bit hash of those four values, so:
 *   - a replication's draws depend on (scenario seed, replication) only,
 *     never on threads, ranks or the order in which streams are created;
 *   - changing one process (a strategy adds a programme) does not shift the
 *     draws of any other process, which is what common random numbers need.
 *
 * Generator. Streams are MT19937: tasim_rng_mt19937, a GSL generator type
 * that draws exactly the numbers of GSL's gsl_rng_mt19937 with half its
 * memory (32-bit state words), named here and never taken from
 * GSL_RNG_TYPE. GSL seeds MT19937 from 32 bits only, and
 * 32-bit seeds collide: among a million streams (a world scenario over
 * hundreds of replications) about a hundred pairs would share a seed and
 * draw identical numbers. tasim therefore fills the generator's whole
 * 624-word state from the 64-bit stream seed (SplitMix64 expansion), through
 * gsl_rng_state(), so two streams coincide only if their 64-bit seeds do
 * (probability about n^2 / 2^65) and, with a period of 2^19937 - 1, two
 * streams starting at random points of the cycle do not overlap in any run
 * of practical length. docs/randomness.md gives the full argument.
 */
#ifndef TASIM_RNG_H
#define TASIM_RNG_H

#include <stdint.h>

#include <gsl/gsl_rng.h>

#include "tasim/error.h"

#ifdef __cplusplus
extern "C" {
#endif

/* MT19937's state: 624 words of 32 bits and the next word to temper. */
enum { TASIM_MT_WORDS = 624 };
typedef struct {
    uint32_t mt[TASIM_MT_WORDS];
    int next;
} tasim_mt_state_t;

/* MT19937 as a GSL generator type, number for number the same as GSL's
 * gsl_rng_mt19937 (same recurrence, tempering, get_double and
 * gsl_rng_set seeding), in 2.5 KB of state instead of 5 KB. */
extern const gsl_rng_type *const tasim_rng_mt19937;

/* The generator behind every stream; its name goes into run metadata. */
#define TASIM_RNG_TYPE tasim_rng_mt19937
#define TASIM_RNG_NAME "mt19937"

/* SplitMix64 finaliser: a bijective 64-bit mixer with full avalanche. */
uint64_t tasim_rng_mix64(uint64_t x);

/* 64-bit FNV-1a hash of a NUL-terminated name. */
uint64_t tasim_rng_hash_name(const char *name);

/*
 * The 64-bit seed of stream (seed, replication, name, entity). Each
 * component is folded in through tasim_rng_mix64, so flipping any bit of
 * any component changes about half of the seed's bits.
 */
uint64_t tasim_rng_stream_seed(uint64_t seed, uint64_t replication,
                               const char *name, uint64_t entity);

/*
 * A new MT19937 generator whose full state is derived from `seed64`.
 * The caller owns it and releases it with gsl_rng_free().
 */
gsl_rng *tasim_rng_create(uint64_t seed64);

/* Re-seed an existing generator created by tasim_rng_create(). */
void tasim_rng_reseed(gsl_rng *r, uint64_t seed64);

/*
 * Samplers. They take the stream first, like GSL's, and expect valid
 * parameters (validated when the scenario is loaded): they assert on
 * nonsense rather than return an error.
 */

/* Exponential waiting time for a process of `rate` events per unit time;
 * +infinity when rate is 0. */
double tasim_rng_exponential(const gsl_rng *r, double rate);

/* Uniform on [0, 1). */
double tasim_rng_uniform(const gsl_rng *r);

/*
 * GSL error handling. GSL's default handler aborts the process; tasim
 * replaces it (once, process-wide, in tasim_gsl_install_handler()) by one
 * that records the error in thread-local storage and returns, so the model
 * can turn it into a tasim error for the replication that hit it. The
 * handler is the only process-wide setting tasim makes; it holds no
 * simulation state.
 */
void tasim_gsl_install_handler(void);

/*
 * If a GSL error was recorded on this thread since the last call, fill
 * `err` with TASIM_EGSL and GSL's reason, location and code, clear the
 * record and return TASIM_EGSL; otherwise return 0.
 */
int tasim_gsl_take_error(tasim_error_t *err);

#ifdef __cplusplus
}
#endif

#endif /* TASIM_RNG_H */
