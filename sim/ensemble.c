/*
 * ensemble.c: tasks on OpenMP threads and MPI ranks, results delivered in
 * task order (ensemble.h).
 *
 * Threads: tasks are claimed in order and simulated in parallel into a
 * window of result slots; one thread at a time delivers, strictly in task
 * order (run_tasks). Memory stays at one window of results (two per
 * thread, or one per thread and one more when results are large),
 * whatever the number of tasks.
 *
 * MPI: task t belongs to rank t % size. Every rank runs its own tasks as
 * above; ranks other than 0 send each result, in order, to rank 0, which
 * interleaves what it receives with its own results so that delivery is
 * again in task order. Messages from one sender arrive in the order they
 * were sent (MPI's non-overtaking rule), so rank 0 only has to ask the
 * right rank for the next task. MPI calls happen in the delivery turn
 * only, one thread at a time: MPI_THREAD_SERIALIZED suffices.
 */
#include "ensemble.h"

#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tasim/alloc.h"

#ifdef _OPENMP
#include <omp.h>
#endif
#ifdef TASIM_HAVE_MPI
#include <mpi.h>
#endif

enum { TAG_RESULT = 1, TAG_ERROR = 2 };

static int mpi_rank_, mpi_size_ = 1;
#ifdef TASIM_HAVE_MPI
static int mpi_started;
#endif
/* This rank told rank 0 it failed or stopped: rank 0 ends the job. */
static int mpi_reported;

int tasim_mpi_reported(void) { return mpi_reported; }

int tasim_mpi_available(void)
{
#ifdef TASIM_HAVE_MPI
    return 1;
#else
    return 0;
#endif
}

int tasim_mpi_rank(void) { return mpi_rank_; }
int tasim_mpi_size(void) { return mpi_size_; }

int tasim_mpi_init(int *argc, char ***argv, tasim_error_t *err)
{
#ifdef TASIM_HAVE_MPI
    int provided;
    if (MPI_Init_thread(argc, argv, MPI_THREAD_SERIALIZED, &provided) !=
        MPI_SUCCESS)
        return tasim_error_set(err, TASIM_ERUNTIME, NULL, 0, 0,
                               "MPI could not be initialised");
    mpi_started = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &mpi_rank_);
    MPI_Comm_size(MPI_COMM_WORLD, &mpi_size_);
    if (provided < MPI_THREAD_SERIALIZED)
        return tasim_error_set(err, TASIM_ERUNTIME, NULL, 0, 0,
                               "this MPI library does not allow calls from "
                               "several threads in turn (MPI_THREAD_"
                               "SERIALIZED); run with -j 1");
    return 0;
#else
    (void)argc;
    (void)argv;
    return tasim_error_set(err, TASIM_EUSAGE, NULL, 0, 0,
                           "this tasim was built without MPI; install "
                           "Open MPI (libopenmpi-dev) and rebuild");
#endif
}

void tasim_mpi_finalize(void)
{
#ifdef TASIM_HAVE_MPI
    if (mpi_started)
        MPI_Finalize();
    mpi_started = 0;
#endif
}

void tasim_mpi_broadcast(void *data, size_t n)
{
#ifdef TASIM_HAVE_MPI
    if (mpi_started && mpi_size_ > 1)
        MPI_Bcast(data, (int)n, MPI_BYTE, 0, MPI_COMM_WORLD);
#else
    (void)data;
    (void)n;
#endif
}

_Noreturn void tasim_mpi_abort(int code)
{
#ifdef TASIM_HAVE_MPI
    if (mpi_started)
        MPI_Abort(MPI_COMM_WORLD, code);
#endif
    exit(code);
}

/* ------------------------------------------------------------------ */

typedef struct {
    const tasim_job_t *job;
    const tasim_ensemble_options_t *opt;
    int failed;            /* a delivered task failed: skip the rest */
    tasim_error_t error;   /* of the first task to fail, in task order */
    uint64_t delivered;
    /* Remote results (rank 0 under MPI). */
    void *remote_state;
    tasim_strpool_t *pool;
    uint64_t next_remote;  /* next task to take from another rank */
    char *buf;
    size_t buf_len, buf_cap;
    uint64_t sent;         /* results sent to rank 0 (other ranks) */
} runner_t;

#ifdef TASIM_HAVE_MPI
/* Tasks of rank `rank`: rank, rank + size, ... below job->tasks. */
static uint64_t mine(const tasim_job_t *job, int rank)
{
    uint64_t r = (uint64_t)rank, n = (uint64_t)mpi_size_;
    return job->tasks > r ? (job->tasks - r + n - 1) / n : 0;
}
#endif

static int stopped(const runner_t *r)
{
    return r->failed || (r->opt->stop && *r->opt->stop);
}

/* Only the thread holding the delivery turn writes `failed`; the others
 * read it atomically to skip work once a task has failed. */
static void fail(runner_t *r, const tasim_error_t *e)
{
    if (!r->failed) {
        r->error = *e;
#pragma omp atomic write
        r->failed = 1;
    }
}

static void deliver(runner_t *r, void *state, uint64_t task)
{
    tasim_error_t e;
    tasim_error_clear(&e);
    if (r->job->deliver(r->job->ctx, state, task, &e) != 0) {
        fail(r, &e);
        return;
    }
    r->delivered++;
    if (r->job->progress)
        r->job->progress(r->job->ctx, r->delivered);
}

#ifdef TASIM_HAVE_MPI
/* Rank 0: receive and deliver the other ranks' tasks below `limit`. */
static void take_remote(runner_t *r, uint64_t limit)
{
    int size = mpi_size_;
    for (; r->next_remote < limit && !stopped(r); r->next_remote++) {
        int owner = (int)(r->next_remote % (uint64_t)size);
        if (owner == 0)
            continue;
        MPI_Status st;
        int count;
        MPI_Probe(owner, MPI_ANY_TAG, MPI_COMM_WORLD, &st);
        MPI_Get_count(&st, MPI_BYTE, &count);
        if ((size_t)count + 1 > r->buf_cap) {
            r->buf_cap = (size_t)count + 1;
            r->buf = tasim_xrealloc(r->buf, r->buf_cap);
        }
        MPI_Recv(r->buf, count, MPI_BYTE, owner, st.MPI_TAG, MPI_COMM_WORLD,
                 MPI_STATUS_IGNORE);
        tasim_error_t e;
        tasim_error_clear(&e);
        if (st.MPI_TAG == TAG_ERROR) {
            r->buf[count] = '\0';
            tasim_error_set(&e, TASIM_ERUNTIME, NULL, 0, 0, "%s", r->buf);
            fail(r, &e);
            return;
        }
        long used = r->job->decode(r->remote_state, r->buf, (size_t)count,
                                   r->pool, &e);
        if (used >= 0 && used != count)
            used = tasim_error_set(&e, TASIM_EIO, NULL, 0, 0,
                                   "a result from rank %d has %ld bytes "
                                   "too many", owner, (long)count - used);
        if (used < 0) {
            fail(r, &e);
            return;
        }
        deliver(r, r->remote_state, r->next_remote);
    }
}

/* Other ranks: send a task's result, or its error, to rank 0. */
static void send_error(const char *message)
{
    MPI_Send(message, (int)strlen(message), MPI_BYTE, 0, TAG_ERROR,
             MPI_COMM_WORLD);
    mpi_reported = 1;
}

static void send_result(runner_t *r, void *state, const tasim_error_t *e)
{
    if (e) {
        send_error(e->message);
        return;
    }
    r->buf_len = 0;
    r->job->encode(state, &r->buf, &r->buf_len);
    if (r->buf_len > INT_MAX) {
        send_error("a result is larger than an MPI message can carry "
                   "(2 GB); use fewer observations per replication");
        return;
    }
    MPI_Send(r->buf, (int)r->buf_len, MPI_BYTE, 0, TAG_RESULT,
             MPI_COMM_WORLD);
    r->sent++;
}
#endif

/* What happens to task `task`'s result, in task order. */
static void complete(runner_t *r, void *state, uint64_t task, int rc,
                     const tasim_error_t *e)
{
    int rank = r->opt->use_mpi ? mpi_rank_ : 0;
#ifdef TASIM_HAVE_MPI
    if (r->opt->use_mpi && rank != 0) {
        if (!r->failed)
            send_result(r, state, rc ? e : NULL);
        if (rc)
            fail(r, e);
        return;
    }
    if (r->opt->use_mpi)
        take_remote(r, task);
#endif
    (void)rank;
    if (stopped(r))
        return;
    if (rc) {
        fail(r, e);
        return;
    }
    deliver(r, state, task);
#ifdef TASIM_HAVE_MPI
    if (r->opt->use_mpi)
        r->next_remote = task + 1;
#endif
}

/* A finished task waiting for its turn to be delivered. */
typedef struct {
    void *state;
    int ready, skipped, rc;
    tasim_error_t error;
} slot_t;

static int slot_ready(const slot_t *s)
{
    int ready;
#pragma omp atomic read seq_cst
    ready = s->ready;
    return ready;
}

/* Deliver every finished task that is next in order. The caller has the
 * delivery turn (take_turn). */
static void deliver_ready(runner_t *r, slot_t *slots, long long window,
                          long long count, long long *next, uint64_t first,
                          uint64_t step)
{
    while (*next < count && slot_ready(&slots[*next % window])) {
        slot_t *s = &slots[*next % window];
        if (!s->skipped)
            complete(r, s->state, first + (uint64_t)*next * step, s->rc,
                     &s->error);
#pragma omp atomic write seq_cst
        s->ready = 0;
        /* Release: the slot's last reader (this delivery) happens before
         * the thread that sees `next` move on reuses the slot. Only the
         * thread with the turn writes `next`. */
#pragma omp atomic update release
        *next += 1;
    }
}

/* The delivery turn: one thread at a time delivers (and makes MPI calls:
 * MPI_THREAD_SERIALIZED). A test-and-set, not a lock, so that a thread
 * finding the turn taken need not wait for it. */
static int take_turn(int *delivering)
{
    int was;
#pragma omp atomic capture seq_cst
    {
        was = *delivering;
        *delivering = 1;
    }
    return was == 0;
}

static void end_turn(int *delivering)
{
#pragma omp atomic write seq_cst
    *delivering = 0;
}

/* A thread whose task is ready delivers what is next in order, unless
 * another thread is delivering: then it leaves its result to that one and
 * goes back to simulating. No result is left behind: the thread whose
 * turn ends looks again after ending it, and all the flags are
 * sequentially consistent, so either it sees the result that was marked
 * ready while it delivered, or the thread that marked it finds the turn
 * free. */
static void deliver_in_turn(runner_t *r, slot_t *slots, long long window,
                            long long count, long long *next, uint64_t first,
                            uint64_t step, int *delivering)
{
    while (take_turn(delivering)) {
        deliver_ready(r, slots, window, count, next, first, step);
        end_turn(delivering);
        long long k;
#pragma omp atomic read seq_cst
        k = *next;
        if (k >= count || !slot_ready(&slots[k % window]))
            break;
    }
}

/*
 * Run the tasks `first + k * step` (k = 0, 1, ...) below job->tasks.
 * Threads claim tasks in order and simulate them into the slots of a
 * window of 2 x threads results (threads + 1 when results are large: one
 * more than the threads, so that a thread finishing while another
 * delivers can start its next task at once; one on one thread, which
 * never has to wait for another); whoever finishes a task
 * delivers every result that is next in order, if no other thread is
 * delivering. A thread that finished early goes on with later tasks
 * instead of waiting for a slow one before it, unless it is a whole window
 * ahead: memory stays at one window of results.
 */
static void run_tasks(runner_t *r, uint64_t first, uint64_t step)
{
    const tasim_job_t *job = r->job;
    long long count = job->tasks > first
                          ? (long long)((job->tasks - first + step - 1) / step)
                          : 0;
    int threads = r->opt->threads > 0 ? r->opt->threads : 1;
    long long window = !job->large_results ? 2LL * threads
                       : threads > 1       ? threads + 1LL
                                           : 1;
    if (window > count)
        window = count > 0 ? count : 1;
    slot_t *slots = tasim_xcalloc((size_t)window, sizeof *slots);
    for (long long i = 0; i < window; i++)
        slots[i].state = job->create(job->setup);
    long long claimed = 0, next = 0;
    int delivering = 0;
#pragma omp parallel num_threads(threads)
    for (;;) {
        long long k;
#pragma omp atomic capture
        k = claimed++;
        if (k >= count)
            break;
        /* Wait until task k's slot is free: task k - window delivered. */
        for (;;) {
            long long delivered;
#pragma omp atomic read acquire
            delivered = next;
            if (k < delivered + window)
                break;
            sched_yield();
        }
        slot_t *s = &slots[k % window];
        int failed;
#pragma omp atomic read
        failed = r->failed;
        s->skipped = failed || (r->opt->stop && *r->opt->stop);
        tasim_error_clear(&s->error);
        s->rc = s->skipped ? 0
                           : job->simulate(job->setup, s->state,
                                           first + (uint64_t)k * step,
                                           &s->error);
#pragma omp atomic write seq_cst
        s->ready = 1;
        deliver_in_turn(r, slots, window, count, &next, first, step,
                        &delivering);
    }
    for (long long i = 0; i < window; i++)
        job->destroy(slots[i].state);
    free(slots);
}

static int finish(runner_t *r, tasim_error_t *err)
{
    if (r->remote_state)
        r->job->destroy(r->remote_state);
    if (r->pool != r->job->pool)
        tasim_strpool_destroy(r->pool);
    free(r->buf);
    if (r->failed) {
        *err = r->error;
        return r->error.code ? r->error.code : TASIM_ERUNTIME;
    }
    if (r->opt->stop && *r->opt->stop)
        return tasim_error_set(err, TASIM_ERUNTIME, NULL, 0, 0,
                               "interrupted");
    return 0;
}

int tasim_ensemble_run(const tasim_job_t *job,
                       const tasim_ensemble_options_t *opt,
                       tasim_error_t *err)
{
    runner_t r = {.job = job, .opt = opt};
    if (opt->use_mpi && mpi_size_ > 1) {
#ifdef TASIM_HAVE_MPI
        if (mpi_rank_ == 0) {
            r.remote_state = job->create(job->setup);
            r.pool = job->pool ? job->pool : tasim_strpool_create();
        }
        run_tasks(&r, (uint64_t)mpi_rank_, (uint64_t)mpi_size_);
        if (mpi_rank_ == 0) {
            take_remote(&r, job->tasks);
        } else if (!mpi_reported && r.sent < mine(job, mpi_rank_)) {
            /* Stopped early: rank 0 waits for this rank's next result, so
             * say why it will not come. */
            send_error("interrupted");
        }
#endif
    } else {
        tasim_ensemble_options_t local = *opt;
        local.use_mpi = 0;
        r.opt = &local;
        run_tasks(&r, opt->first, opt->step ? opt->step : 1);
        r.opt = opt;
    }
    return finish(&r, err);
}

int tasim_ensemble_feed(void *opt, const tasim_job_t *job,
                        tasim_error_t *err)
{
    return tasim_ensemble_run(job, opt, err);
}
