/*
 * tasim/recording.h: one replication's results held in memory, to be
 * replayed later, in replication order, into the writers.
 *
 * Replications run in any order and anywhere (threads, MPI ranks, shard
 * jobs), but every output file and every ensemble statistic is built by
 * feeding replications 0, 1, 2, ... in order into the same observers as a
 * serial run. A recording is what carries a replication from where it ran
 * to where it is written:
 *   - the recording observer captures everything the model reports
 *     (observations, programme and request records, event count);
 *   - tasim_recording_replay() reports it again, in the same order, with
 *     the same values bit for bit;
 *   - tasim_recording_encode()/decode() turn it into bytes and back, for
 *     MPI messages and shard files. Doubles travel as their bits, so a
 *     decoded replication replays exactly as the original.
 * The names in observations are borrowed from the scenario (the model
 * reports them from there); the names in programme and request records
 * are copied into the recording, since a programme started from a
 * request is named in a buffer that lasts only for the callback. A
 * decoded recording's names live in the caller's string pool.
 *
 * Memory: 12 bytes per observation, 136 per programme and 64 per request;
 * buffers grow to the largest replication seen and are reused.
 */
#ifndef TASIM_RECORDING_H
#define TASIM_RECORDING_H

#include <stddef.h>
#include <stdint.h>

#include "tasim/error.h"
#include "tasim/model.h"
#include "tasim/strpool.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct tasim_recording tasim_recording_t;

tasim_recording_t *tasim_recording_create(void);
void tasim_recording_destroy(tasim_recording_t *r);

/* Empty the recording for replication `replication`; keeps its buffers. */
void tasim_recording_clear(tasim_recording_t *r, uint64_t replication);

/* The observer that fills a recording (ctx: the tasim_recording_t). */
extern const tasim_model_observer_t tasim_recording_observer;

/* The replication it holds, and the events its run fired. */
uint64_t tasim_recording_replication(const tasim_recording_t *r);
uint64_t tasim_recording_events(const tasim_recording_t *r);
void tasim_recording_set_events(tasim_recording_t *r, uint64_t events);

/* The observations it holds. */
size_t tasim_recording_observation_count(const tasim_recording_t *r);

/* Report everything recorded to `observer`, in the order it came. */
void tasim_recording_replay(const tasim_recording_t *r,
                            const tasim_model_observer_t *observer,
                            void *ctx);

/*
 * Append the recording's bytes to the buffer *buf of *len bytes (grown
 * with realloc; *buf may be NULL). Self-delimiting: encodings can be
 * concatenated and decoded one after another.
 */
void tasim_recording_encode(const tasim_recording_t *r, char **buf,
                            size_t *len);

/*
 * Decode one recording from `bytes` (at most `len` bytes) into `r`,
 * interning its strings in `pool`. Returns the number of bytes used, or
 * a negative TASIM_E* code with `err` set when the bytes are not a
 * recording (truncated, corrupted, or from another version or byte order).
 */
long tasim_recording_decode(tasim_recording_t *r, const char *bytes,
                            size_t len, tasim_strpool_t *pool,
                            tasim_error_t *err);

#ifdef __cplusplus
}
#endif

#endif /* TASIM_RECORDING_H */
