/*
 * provider.c: delivery vehicles: their expert pools (a resource per topic
 * and kind of expert, with a first-come-first-served queue of activities
 * waiting for experts) and their funds (money received from donors and
 * from their own core budget, spent as their programmes accrue costs).
 *
 * Utilisation is measured as busy expert-years over available
 * expert-years in each sampling interval; waits are those of activity
 * occurrences that started in the interval.
 */
#include <math.h>
#include <stdlib.h>

#include "model_internal.h"
#include "tasim/alloc.h"

void provider_init(model_t *m, provider_state_t *p, size_t index)
{
    const tasim_scenario_t *sc = m->sc;
    p->model = m;
    p->spec = &sc->providers[index];
    p->index = index;
    /* A provider that opened before the scenario starts is simply open. */
    p->opens = p->spec->opens.year
                   ? fmax(0, tasim_date_to_year(p->spec->opens) -
                                 m->start_year)
                   : 0;
    p->unconstrained = p->spec->expert_count == 0;
    p->pools = tasim_xcalloc(sc->topics.count, sizeof *p->pools);
    for (size_t t = 0; t < sc->topics.count; t++) {
        expert_pool_t *pool = &p->pools[t];
        long unlimited = p->unconstrained ? -1 : 0;
        pool->size[POOL_LONG_TERM] = pool->size[POOL_SHORT_TERM] = unlimited;
    }
    for (size_t k = 0; k < p->spec->expert_count; k++) {
        const tasim_pool_t *e = &p->spec->experts[k];
        expert_pool_t *pool = &p->pools[e->topic_index];
        pool->size[POOL_LONG_TERM] = e->long_term;
        pool->size[POOL_SHORT_TERM] = e->short_term;
    }
    p->donor_share = tasim_xcalloc(sc->donor_count + 1, sizeof *p->donor_share);
}

void provider_fini(provider_state_t *p)
{
    free(p->pools);
    free(p->donor_share);
}

int pool_kind(const tasim_activity_t *a)
{
    switch (a->type) {
    case TASIM_ACT_RESIDENT_ADVISOR:
        return POOL_LONG_TERM;
    case TASIM_ACT_SYSTEM:
    case TASIM_ACT_INSTITUTIONALISE: /* remote, part-time: no pool slot */
        return -1;
    default:
        return a->experts > 0 ? POOL_SHORT_TERM : -1;
    }
}

/* Expert-years busy since the last accounting, for utilisation. */
static void accrue_busy(expert_pool_t *pool, double t)
{
    pool->busy_area +=
        (double)(pool->busy[POOL_LONG_TERM] + pool->busy[POOL_SHORT_TERM]) *
        (t - pool->last_t);
    pool->last_t = t;
}

int pool_can_start(const provider_state_t *p, size_t topic, int kind,
                   long experts)
{
    const expert_pool_t *pool = &p->pools[topic];
    if (kind < 0 || pool->size[kind] < 0)
        return 1;
    /* Waiting activities come first: no overtaking in the queue. */
    return pool->waiting == 0 && pool->busy[kind] + experts <= pool->size[kind];
}

void pool_take(provider_state_t *p, size_t topic, int kind, long experts)
{
    if (kind < 0)
        return;
    expert_pool_t *pool = &p->pools[topic];
    accrue_busy(pool, tasim_sim_now(p->model->sim));
    pool->busy[kind] += experts;
}

void pool_wait(provider_state_t *p, size_t topic, programme_t *prog,
               size_t activity)
{
    model_t *m = prog->model;
    expert_pool_t *pool = &p->pools[topic];
    waiting_activity_t *w = m->free_waiting;
    if (w)
        m->free_waiting = w->next;
    else
        w = tasim_xmalloc(sizeof *w);
    *w = (waiting_activity_t){prog, activity, tasim_sim_now(m->sim), NULL};
    if (pool->tail)
        pool->tail->next = w;
    else
        pool->head = w;
    pool->tail = w;
    pool->waiting++;
}

/* Start waiting activities from the head while their experts are free. */
static void serve_queue(provider_state_t *p, size_t topic)
{
    expert_pool_t *pool = &p->pools[topic];
    while (pool->head) {
        waiting_activity_t *w = pool->head;
        const tasim_activity_t *a = &w->prog->spec->activities[w->activity];
        int kind = pool_kind(a);
        if (pool->busy[kind] + a->experts > pool->size[kind])
            break;
        pool->head = w->next;
        if (pool->head == NULL)
            pool->tail = NULL;
        pool->waiting--;
        model_t *m = w->prog->model;
        programme_resume_activity(w->prog, w->activity, w->since);
        w->next = m->free_waiting;
        m->free_waiting = w;
    }
}

void pool_release(provider_state_t *p, size_t topic, int kind, long experts)
{
    if (kind < 0)
        return;
    expert_pool_t *pool = &p->pools[topic];
    accrue_busy(pool, tasim_sim_now(p->model->sim));
    pool->busy[kind] -= experts;
    tasim_assert(pool->busy[kind] >= 0);
    if (pool->size[kind] >= 0)
        serve_queue(p, topic);
    allocation_soon(p->model);
}

void pool_forget(provider_state_t *p, size_t topic, programme_t *prog)
{
    expert_pool_t *pool = &p->pools[topic];
    waiting_activity_t **link = &pool->head, *last = NULL;
    model_t *m = prog->model;
    while (*link) {
        waiting_activity_t *w = *link;
        if (w->prog == prog) {
            *link = w->next;
            pool->waiting--;
            w->next = m->free_waiting;
            m->free_waiting = w;
        } else {
            last = w;
            link = &w->next;
        }
    }
    pool->tail = last;
    /* A programme that left may have blocked the head of the queue. */
    serve_queue(p, topic);
}

void provider_pay(provider_state_t *p, double usd)
{
    p->balance -= usd;
    p->spent += usd;
}

void provider_account(provider_state_t *p, double t)
{
    for (size_t i = 0; i < p->spec->expert_count; i++)
        accrue_busy(&p->pools[p->spec->experts[i].topic_index], t);
}
