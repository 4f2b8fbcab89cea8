/*
 * programme.c: a TA programme on one unit: its activities as engagements
 * of the provider's experts, the money they cost, the exit rule, and the
 * evaluations (evaluation.c rates them).
 *
 * An activity occurrence needs free experts of its provider on the topic
 * (long-term for resident advisors, short-term for missions and
 * workshops); without them it waits in the pool's queue and starts when
 * they are released, its wait recorded. Repeating activities book their
 * next occurrence at the planned time whatever the delay, so a programme
 * holds a handful of pending events whatever its length. Costs are paid
 * as they accrue: lumps when an occurrence starts or ends, rates while
 * experts are on site (unit_advance pays those). The funder's part comes
 * out of the provider's balance; the recipient pays the cost-sharing part.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "model_internal.h"
#include "tasim/alloc.h"
#include "tasim/rng.h"

static void track(programme_t *p, tasim_event_id_t id)
{
    if (p->pending_count == p->pending_cap) {
        p->pending_cap = p->pending_cap ? 2 * p->pending_cap : 8;
        p->pending = tasim_xrealloc(p->pending,
                                    p->pending_cap * sizeof *p->pending);
    }
    p->pending[p->pending_count++] = id;
}

static const tasim_costs_t *costs_of(const programme_t *p)
{
    return &p->provider->spec->costs;
}

void programme_spend(programme_t *p, int component, double usd)
{
    if (usd == 0)
        return;
    double funder = usd * (1 - p->spec->cost_sharing);
    p->unit->cost[component] += usd;
    p->rec.cost[component] += usd;
    provider_pay(p->provider, funder);
    double released = fmin(funder, p->commitment);
    p->commitment -= released;
    p->provider->reserved -= released;
}

static void spend_lumps(programme_t *p, const double lump[])
{
    for (int k = 0; k < TASIM_COST_COMPONENTS; k++)
        programme_spend(p, k, lump[k]);
}

static double programme_end(const programme_t *p)
{
    return p->spec->exit.rule == TASIM_EXIT_FIXED ? p->planned_end
                                                  : p->hard_end;
}

/* ---- engagements -------------------------------------------------- */

static engagement_t *new_engagement(model_t *m)
{
    if (m->free_engagements == NULL) {
        enum { BLOCK = 64 };
        engagement_t *block = tasim_xcalloc(BLOCK, sizeof *block);
        m->blocks = tasim_xrealloc(m->blocks,
                                   (m->block_count + 1) * sizeof *m->blocks);
        m->blocks[m->block_count++] = block;
        for (int i = 0; i < BLOCK; i++) {
            block[i].next_free = m->free_engagements;
            m->free_engagements = &block[i];
        }
    }
    engagement_t *e = m->free_engagements;
    m->free_engagements = e->next_free;
    memset(e, 0, sizeof *e);
    return e;
}

static void on_engagement_end(tasim_sim_t *sim, void *subject, uint64_t arg);

static void start_engagement(programme_t *p, const tasim_activity_t *a,
                             double years)
{
    model_t *m = p->model;
    engagement_t *e = new_engagement(m);
    e->prog = p;
    e->act = a;
    e->started = tasim_sim_now(m->sim);
    e->on = true;
    e->learning = activity_learning(m, p->spec, a, p->unit);
    e->work = activity_work(m, a, p->unit);
    e->institutional = a->type == TASIM_ACT_INSTITUTIONALISE;
    activity_cost_rates(m, costs_of(p), a, e->cost_rate);
    if (p->engagement_count == p->engagement_cap) {
        p->engagement_cap = p->engagement_cap ? 2 * p->engagement_cap : 4;
        p->engagements = tasim_xrealloc(
            p->engagements, p->engagement_cap * sizeof *p->engagements);
    }
    p->engagements[p->engagement_count++] = e;
    unit_engage(p->unit, e);
    e->end_event = tasim_sim_schedule(m->sim, e->started + years,
                                      PRIO_ACTIVITY, on_engagement_end, e, 0);
}

/* Stop an engagement now: the unit pays its running costs up to now as it
 * advances, advisors fly home, and the experts go back to the pool. */
static void stop_engagement(engagement_t *e)
{
    programme_t *p = e->prog;
    e->on = false;
    unit_disengage(p->unit, e);
    double lump[TASIM_COST_COMPONENTS];
    activity_cost_at_end(costs_of(p), e->act, lump);
    spend_lumps(p, lump);
    pool_release(p->provider, p->unit->topic, pool_kind(e->act),
                 e->act->experts);
}

static void release(programme_t *p, engagement_t *e)
{
    for (size_t i = 0; i < p->engagement_count; i++)
        if (p->engagements[i] == e) {
            memmove(&p->engagements[i], &p->engagements[i + 1],
                    (p->engagement_count - i - 1) * sizeof *p->engagements);
            p->engagement_count--;
            break;
        }
    e->next_free = p->model->free_engagements;
    p->model->free_engagements = e;
}

static void on_engagement_end(tasim_sim_t *sim, void *subject, uint64_t arg)
{
    (void)sim;
    (void)arg;
    engagement_t *e = subject;
    programme_t *p = e->prog;
    stop_engagement(e);
    release(p, e);
}

/* ---- activity occurrences ------------------------------------------ */

static void on_occurrence(tasim_sim_t *sim, void *subject, uint64_t arg);

/* Start occurrence of activity `i` now (its experts are free). */
static void begin(programme_t *p, size_t i)
{
    const tasim_activity_t *a = &p->spec->activities[i];
    model_t *m = p->model;
    double now = tasim_sim_now(m->sim), end = programme_end(p);
    double lump[TASIM_COST_COMPONENTS];
    activity_cost_at_start(costs_of(p), a, lump);
    spend_lumps(p, lump);
    if (a->type == TASIM_ACT_SYSTEM) {
        unit_advance(p->unit, now);
        p->unit->systems = fmax(p->unit->systems, a->quality);
        unit_refresh_inputs(p->unit);
        return;
    }
    if (a->type == TASIM_ACT_TRAINING) {
        double gain = (1 - pow(1 - m->p->training_gain_per_day, a->days)) *
                      p->spec->fit * p->country->ownership;
        unit_training_pulse(p->unit, a->participants, gain);
        if (!activity_engages(a))
            return;
    }
    double len = activity_length(a, end - now);
    if (a->duration == TASIM_DURATION_EXPONENTIAL && len > 0)
        len = tasim_rng_exponential(unit_stream(p->unit,
                                                &p->unit->rng_duration,
                                                "unit.durations"),
                                    1 / len);
    len = fmin(len, end - now); /* nobody stays past the programme */
    pool_take(p->provider, p->unit->topic, pool_kind(a), a->experts);
    start_engagement(p, a, len > 0 ? len : 0);
}

void programme_resume_activity(programme_t *p, size_t i, double since)
{
    expert_pool_t *pool = &p->provider->pools[p->unit->topic];
    pool->wait_sum += tasim_sim_now(p->model->sim) - since;
    pool->wait_count++;
    begin(p, i);
}

/* One planned occurrence: start it, or queue it for experts; repeating
 * activities book their next occurrence at the planned time. */
static void occur(programme_t *p, size_t i)
{
    const tasim_activity_t *a = &p->spec->activities[i];
    model_t *m = p->model;
    double now = tasim_sim_now(m->sim);
    int kind = pool_kind(a);
    if (kind >= 0 && !pool_can_start(p->provider, p->unit->topic, kind,
                                     a->experts)) {
        pool_wait(p->provider, p->unit->topic, p, i);
    } else {
        if (kind >= 0) {
            expert_pool_t *pool = &p->provider->pools[p->unit->topic];
            pool->wait_count++; /* started without waiting */
        }
        begin(p, i);
    }
    if (!isnan(a->every_months)) {
        double next = now + a->every_months / 12.0;
        if (next < programme_end(p) && next <= m->horizon) {
            tasim_event_id_t id = tasim_sim_schedule(
                m->sim, next, PRIO_ACTIVITY, on_occurrence, p, i);
            track(p, id);
        }
    }
}

static void on_occurrence(tasim_sim_t *sim, void *subject, uint64_t arg)
{
    (void)sim;
    programme_t *p = subject;
    if (p->running)
        occur(p, (size_t)arg);
}

/* ---- start and exit ------------------------------------------------ */

static void exit_programme(programme_t *p)
{
    model_t *m = p->model;
    double now = tasim_sim_now(m->sim);
    p->running = false;
    p->ended = true;
    p->unit->programmes_running--;
    for (size_t i = 0; i < p->pending_count; i++)
        tasim_sim_cancel(m->sim, p->pending[i]);
    p->pending_count = 0;
    pool_forget(p->provider, p->unit->topic, p);
    while (p->engagement_count > 0) {
        engagement_t *e = p->engagements[p->engagement_count - 1];
        tasim_sim_cancel(m->sim, e->end_event);
        stop_engagement(e);
        release(p, e);
    }
    p->provider->reserved -= p->commitment; /* what it did not need */
    p->commitment = 0;
    unit_advance(p->unit, now);
    unit_refresh_inputs(p->unit);
    p->rec.exit = m->start_year + now;
    p->rec.capacity_exit = unit_capacity(p->unit);
    evaluation_schedule_retention(p);
    allocation_soon(m); /* the unit, and money set aside, are free again */
}

static void on_exit_due(tasim_sim_t *sim, void *subject, uint64_t arg)
{
    (void)sim;
    (void)arg;
    programme_t *p = subject;
    if (p->running)
        exit_programme(p);
}

void programme_start_now(programme_t *p)
{
    model_t *m = p->model;
    double now = tasim_sim_now(m->sim);
    unit_advance(p->unit, now);
    p->running = true;
    p->unit->programmes_running++;
    unit_refresh_inputs(p->unit); /* counterpart burden changes */
    p->rec.capacity_start = unit_capacity(p->unit);
    p->performance_start = unit_performance(p->unit);
    p->commitment = programme_estimate_cost(m, p->spec, p->provider, p->unit) *
                    (1 - p->spec->cost_sharing);
    p->provider->reserved += p->commitment;
    if (p->spec->exit.rule == TASIM_EXIT_CAPACITY) {
        if (m->watch_count == m->watch_cap) {
            m->watch_cap = m->watch_cap ? 2 * m->watch_cap : 16;
            m->watch = tasim_xrealloc(m->watch,
                                      m->watch_cap * sizeof *m->watch);
        }
        m->watch[m->watch_count++] = p;
    }
    double end = programme_end(p);
    tasim_sim_schedule(m->sim, end, PRIO_PROGRAMME, on_exit_due, p, 0);
    for (size_t i = 0; i < p->spec->activity_count && p->running; i++) {
        double t = now + activity_offset(&p->spec->activities[i]);
        if (t == now)
            occur(p, i); /* at once: allocation counted on these experts */
        else if (t < end && t <= m->horizon)
            track(p, tasim_sim_schedule(m->sim, t, PRIO_ACTIVITY,
                                        on_occurrence, p, i));
    }
}

static void on_start(tasim_sim_t *sim, void *subject, uint64_t arg)
{
    (void)sim;
    (void)arg;
    programme_start_now(subject);
}

/* Capacity rule: exit once capacity has held the target for hold_months;
 * checked at every monthly review. */
void programme_check_exit(programme_t *p)
{
    const tasim_exit_spec_t *x = &p->spec->exit;
    if (!p->running || x->rule != TASIM_EXIT_CAPACITY)
        return;
    double now = tasim_sim_now(p->model->sim);
    if (unit_capacity(p->unit) < x->target) {
        p->target_since = NAN;
        return;
    }
    if (isnan(p->target_since))
        p->target_since = now;
    if (now - p->target_since >= x->hold_months / 12.0 - 1e-12)
        exit_programme(p);
}

/* ---- set-up and wrap-up ----------------------------------------- */

programme_t *programme_create(model_t *m, const tasim_programme_spec_t *s)
{
    programme_t *p = tasim_xcalloc(1, sizeof *p);
    p->model = m;
    p->own_spec = *s;
    p->spec = &p->own_spec;
    p->target_since = NAN;
    p->provider = &m->providers[s->provider_index];
    p->country = &m->countries[s->country_index];
    for (size_t i = 0; i < p->country->unit_count; i++)
        if (p->country->units[i]->topic == (size_t)s->topic_index)
            p->unit = p->country->units[i];
    tasim_assert(p->unit != NULL);
    p->start = tasim_date_to_year(s->start) - m->start_year;
    p->planned_end = p->start + s->years;
    p->hard_end = p->start + s->exit.max_years;
    evaluation_init(p);
    if (m->programme_count == m->programme_cap) {
        m->programme_cap = m->programme_cap ? 2 * m->programme_cap : 16;
        m->programmes = tasim_xrealloc(
            m->programmes, m->programme_cap * sizeof *m->programmes);
    }
    m->programmes[m->programme_count++] = p;
    return p;
}

void programme_schedule(programme_t *p)
{
    model_t *m = p->model;
    if (p->start <= m->horizon)
        tasim_sim_schedule(m->sim, p->start, PRIO_PROGRAMME, on_start, p, 0);
    evaluation_schedule_objectives(p);
}

void programme_finish_horizon(programme_t *p)
{
    evaluation_rate(p);
}

void programme_fini(programme_t *p)
{
    free(p->pending);
    free(p->engagements);
    free(p->objective_value);
    free(p);
}
