/*
 * reduced.c: a replication reduced to outcomes and mean trajectories
 * (reduced.h). The trajectories average over units the values each
 * sample reports; samples come in time order, so a new year closes the
 * previous sample.
 */
#include "reduced.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "tasim/alloc.h"
#include "tasim/model.h"

typedef struct {
    tasim_outcomes_t *collector;
    tasim_reduced_t *out;
    double year;
    double capacity_sum, dependency_sum;
    size_t capacity_n, dependency_n;
    int open; /* a sample is being summed */
} reducer_t;

void tasim_reduced_free(tasim_reduced_t *r)
{
    free(r->year);
    free(r->capacity);
    free(r->dependency);
    memset(r, 0, sizeof *r);
}

static void push_sample(tasim_reduced_t *r, double year, double capacity,
                        double dependency)
{
    if (r->samples == r->capacity_of_arrays) {
        size_t n = r->capacity_of_arrays ? 2 * r->capacity_of_arrays : 128;
        r->year = tasim_xrealloc(r->year, n * sizeof *r->year);
        r->capacity = tasim_xrealloc(r->capacity, n * sizeof *r->capacity);
        r->dependency =
            tasim_xrealloc(r->dependency, n * sizeof *r->dependency);
        r->capacity_of_arrays = n;
    }
    r->year[r->samples] = year;
    r->capacity[r->samples] = capacity;
    r->dependency[r->samples] = dependency;
    r->samples++;
}

static void close_sample(reducer_t *d)
{
    if (!d->open)
        return;
    push_sample(d->out, d->year,
                d->capacity_n ? d->capacity_sum / (double)d->capacity_n : NAN,
                d->dependency_n ? d->dependency_sum / (double)d->dependency_n
                                : NAN);
    d->open = 0;
    d->capacity_sum = d->dependency_sum = 0;
    d->capacity_n = d->dependency_n = 0;
}

static void observe(void *ctx, uint64_t rep, double year, const char *owner,
                    const char *topic, const char *series, double value)
{
    reducer_t *d = ctx;
    tasim_outcomes_observer.observe(d->collector, rep, year, owner, topic,
                                    series, value);
    if (d->open && year != d->year)
        close_sample(d);
    if (!d->open) {
        d->open = 1;
        d->year = year;
    }
    /* Unit-level series only (they have a topic); skip undefined values. */
    if (!topic[0] || !isfinite(value))
        return;
    if (strcmp(series, "capacity") == 0) {
        d->capacity_sum += value;
        d->capacity_n++;
    } else if (strcmp(series, "dependency") == 0) {
        d->dependency_sum += value;
        d->dependency_n++;
    }
}

static void programme(void *ctx, uint64_t rep,
                      const tasim_programme_record_t *p)
{
    reducer_t *d = ctx;
    tasim_outcomes_observer.programme(d->collector, rep, p);
}

static void request(void *ctx, uint64_t rep, const tasim_request_record_t *q)
{
    reducer_t *d = ctx;
    if (tasim_outcomes_observer.request)
        tasim_outcomes_observer.request(d->collector, rep, q);
}

static const tasim_model_observer_t reducer_observer = {observe, programme,
                                                        request};

int tasim_reduced_run(const tasim_scenario_t *sc, uint64_t rep,
                      tasim_outcomes_t *collector, tasim_reduced_t *out,
                      tasim_error_t *err)
{
    reducer_t d = {.collector = collector, .out = out};
    out->samples = 0;
    tasim_outcomes_reset(collector);
    tasim_model_stats_t stats = {0};
    int rc = tasim_model_run(sc, rep, &reducer_observer, &d, &stats, err);
    if (rc != 0) {
        tasim_outcomes_reset(collector);
        return rc;
    }
    close_sample(&d);
    tasim_outcomes_finish(collector, out->outcomes);
    out->events = stats.events;
    return 0;
}

/* Encoding: u64 events, u64 samples, outcomes, then year, capacity and
 * dependency arrays. */
void tasim_reduced_encode(const tasim_reduced_t *r, char **buf, size_t *len)
{
    uint64_t head[2] = {r->events, r->samples};
    size_t bytes = sizeof head + sizeof r->outcomes +
                   3 * r->samples * sizeof(double);
    *buf = tasim_xrealloc(*buf, *len + bytes);
    char *p = *buf + *len;
    memcpy(p, head, sizeof head);
    p += sizeof head;
    memcpy(p, r->outcomes, sizeof r->outcomes);
    p += sizeof r->outcomes;
    const double *arrays[] = {r->year, r->capacity, r->dependency};
    for (int k = 0; k < 3; k++) {
        if (r->samples)
            memcpy(p, arrays[k], r->samples * sizeof(double));
        p += r->samples * sizeof(double);
    }
    *len += bytes;
}

long tasim_reduced_decode(tasim_reduced_t *r, const char *bytes, size_t len,
                          tasim_error_t *err)
{
    uint64_t head[2];
    if (len < sizeof head + sizeof r->outcomes)
        return tasim_error_set(err, TASIM_EIO, NULL, 0, 0,
                               "a replication's outcomes are truncated");
    memcpy(head, bytes, sizeof head);
    size_t fixed = sizeof head + sizeof r->outcomes;
    if (head[1] > (len - fixed) / (3 * sizeof(double)))
        return tasim_error_set(err, TASIM_EIO, NULL, 0, 0,
                               "a replication's outcomes are truncated");
    r->events = head[0];
    memcpy(r->outcomes, bytes + sizeof head, sizeof r->outcomes);
    r->samples = 0;
    const char *p = bytes + fixed;
    size_t n = (size_t)head[1];
    for (size_t i = 0; i < n; i++) {
        double y, c, d;
        memcpy(&y, p + i * sizeof y, sizeof y);
        memcpy(&c, p + (n + i) * sizeof c, sizeof c);
        memcpy(&d, p + (2 * n + i) * sizeof d, sizeof d);
        push_sample(r, y, c, d);
    }
    return (long)(fixed + 3 * n * sizeof(double));
}
