/*
 * ensemble.h (private): run a numbered list of independent tasks
 * (replications, or a design point's replications) on threads and MPI
 * ranks, and hand their results to one consumer in task order.
 *
 * Whatever the number of threads or ranks, the consumer sees task 0, 1,
 * 2, ... with the same results, so everything it writes is the same
 * bytes: a task's result depends on its number only (its random streams
 * are named by the replication index), and the consumer is serial.
 *
 * A job describes a kind of task through callbacks on a per-worker state
 * (a recording, or a vector of outcomes): create/destroy the state,
 * simulate a task into it, deliver it to the consumer, and encode/decode
 * it for the trip from an MPI rank or a shard file to the consumer.
 */
#ifndef TASIM_ENSEMBLE_H
#define TASIM_ENSEMBLE_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "tasim/error.h"
#include "tasim/strpool.h"

typedef struct tasim_job {
    const void *setup; /* what the tasks read: scenarios, design */
    void *ctx;         /* the consumer's, for deliver and progress */
    /* Where decoded results' strings live: the consumer's, when what it
     * writes keeps them after the last delivery (NULL: none kept). */
    tasim_strpool_t *pool;
    /* Results are large (whole replications): keep one per thread and
     * one more, instead of two per thread. Tasks of even length lose
     * little by it. */
    int large_results;
    uint64_t tasks;
    void *(*create)(const void *setup);
    void (*destroy)(void *state);
    /* Run task `task` into `state`. Called concurrently from several
     * threads, each with its own state: must not touch shared mutable
     * data. Returns 0 or a TASIM_E* code with `err` set. */
    int (*simulate)(const void *setup, void *state, uint64_t task,
                    tasim_error_t *err);
    /* Hand the result to the consumer; called in task order, one at a
     * time. `state` holds task `task`'s result (simulated here or
     * decoded). */
    int (*deliver)(void *ctx, void *state, uint64_t task,
                   tasim_error_t *err);
    /* Append the result's bytes to *buf; read them back. Strings of a
     * decoded result are interned in `pool`. Decode returns the bytes
     * used or a negative TASIM_E* code. */
    void (*encode)(void *state, char **buf, size_t *len);
    long (*decode)(void *state, const char *bytes, size_t len,
                   tasim_strpool_t *pool, tasim_error_t *err);
    /* Called after each delivery with the number delivered so far (may
     * be NULL). */
    void (*progress)(void *ctx, uint64_t delivered);
} tasim_job_t;

typedef struct tasim_ensemble_options {
    int threads;               /* >= 1 */
    int use_mpi;               /* spread tasks over the MPI ranks */
    volatile sig_atomic_t *stop; /* set by a signal: end between tasks */
    /* Only the tasks first, first + step, ... (a shard); 0 and 0 (or 1)
     * for all. Not combined with use_mpi. */
    uint64_t first, step;
} tasim_ensemble_options_t;

/*
 * Run every task of `job` and deliver the results in order on this
 * process (on rank 0 under MPI; other ranks only simulate and send).
 * Returns 0, TASIM_ERUNTIME if interrupted through *stop, or the first
 * failing task's error (the lowest-numbered failing task, so the message
 * does not depend on the thread count).
 */
int tasim_ensemble_run(const tasim_job_t *job,
                       const tasim_ensemble_options_t *opt,
                       tasim_error_t *err);

/* Where a command's task results come from: simulated now, or read back
 * from shard files by `tasim merge`. Either way `job->deliver` sees every
 * task in order. */
typedef struct tasim_feed {
    int (*run)(void *ctx, const tasim_job_t *job, tasim_error_t *err);
    void *ctx;
} tasim_feed_t;

/* The feed that simulates: ctx is a tasim_ensemble_options_t. */
int tasim_ensemble_feed(void *opt, const tasim_job_t *job,
                        tasim_error_t *err);

/* MPI: whether it is compiled in, this process's rank and the number of
 * ranks (0 and 1 without MPI or before tasim_mpi_init()). */
int tasim_mpi_available(void);
int tasim_mpi_init(int *argc, char ***argv, tasim_error_t *err);
void tasim_mpi_finalize(void);
int tasim_mpi_rank(void);
int tasim_mpi_size(void);
/* Whether this rank (not rank 0) reported a failure or an interruption
 * to rank 0, which then ends the job for every rank. */
int tasim_mpi_reported(void);
/* Broadcast `n` bytes at `data` from rank 0 to every rank. */
void tasim_mpi_broadcast(void *data, size_t n);
/* End every rank at once after an unrecoverable error on one. */
_Noreturn void tasim_mpi_abort(int code);

#endif /* TASIM_ENSEMBLE_H */
