/*
 * allocation.c: which waiting requests become programmes, when, where.
 *
 * A provider serves a request when it is open, eligible (a regional
 * centre serves its region, a topical fund its topic, a bilateral
 * programme what its donor's priorities weigh above zero), has the money
 * (balance less what running programmes are expected to spend) and has
 * the experts the programme's first activities need. Requests are ranked
 * by the scenario's policy: fifo (arrival), need (largest capacity gap),
 * impact (expected capacity gain per dollar, from the model's own learning
 * rates) or donor_priority (the funding donors' weights); ties go to the
 * earlier request.
 *
 * Coordination full: requests are ranked centrally, each is served once,
 * and a unit never has two programmes at a time. Coordination none: each
 * provider ranks and serves alone, so one request can be served by
 * several providers and programmes pile up on a unit.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model_internal.h"
#include "tasim/alloc.h"

static const tasim_programme_spec_t *template_of(const model_t *m,
                                                 const provider_state_t *p)
{
    if (p->spec->has_template)
        return &p->spec->template_spec;
    return m->sc->has_demand && m->sc->demand.has_template
               ? &m->sc->demand.template_spec
               : NULL;
}

static double weight_in(const tasim_weights_t *w, const char *key)
{
    for (size_t i = 0; i < w->count; i++)
        if (strcmp(w->items[i].key, key) == 0)
            return w->items[i].value;
    return 1; /* absent entries weigh 1 */
}

static double donor_weight(const model_t *m, size_t donor, const unit_t *u)
{
    const tasim_priorities_t *p = &m->sc->donors[donor].priorities;
    const tasim_country_t *c = &m->sc->countries[u->country];
    return weight_in(&p->topics, m->sc->topics.items[u->topic]) *
           (c->region ? weight_in(&p->regions, c->region) : 1) *
           weight_in(&p->countries, c->id);
}

static double provider_weight(const model_t *m, const provider_state_t *p,
                              const unit_t *u)
{
    if (p->spec->kind == TASIM_PROVIDER_BILATERAL)
        return donor_weight(m, (size_t)p->spec->donor_index, u);
    double total = 0, w = 0;
    for (size_t d = 0; d < m->sc->donor_count; d++) {
        total += p->donor_share[d];
        w += p->donor_share[d] * donor_weight(m, d, u);
    }
    return total > 0 ? w / total : 1;
}

/* Whether p could ever serve unit u (its kind, region, topic, donor's
 * priorities and experts allow it), whatever the date or its money. */
static int could_serve(const model_t *m, const provider_state_t *p,
                       const unit_t *u)
{
    const tasim_provider_t *s = p->spec;
    const tasim_country_t *c = &m->sc->countries[u->country];
    if (template_of(m, p) == NULL)
        return 0;
    if (s->kind == TASIM_PROVIDER_REGIONAL_CENTRE &&
        (c->region == NULL || strcmp(c->region, s->region) != 0))
        return 0;
    if (s->kind == TASIM_PROVIDER_TOPICAL_FUND &&
        (size_t)s->topic_index != u->topic)
        return 0;
    if (s->kind == TASIM_PROVIDER_BILATERAL &&
        provider_weight(m, p, u) <= 0)
        return 0;
    const expert_pool_t *pool = &p->pools[u->topic];
    return p->unconstrained || pool->size[POOL_LONG_TERM] > 0 ||
           pool->size[POOL_SHORT_TERM] > 0;
}

static int eligible(const model_t *m, const provider_state_t *p,
                    const unit_t *u)
{
    return tasim_sim_now(m->sim) >= p->opens && could_serve(m, p, u);
}

/* Coordination none: a request stays open for the providers that have
 * not served it yet, until every provider that could has. */
static void close_if_done(const model_t *m, request_t *r)
{
    for (size_t i = 0; i < m->sc->provider_count; i++)
        if (!r->served_by[i] && could_serve(m, &m->providers[i], r->unit))
            return;
    r->open = false;
}

/* Whether the experts for the activities at month 0 are free now. */
static int experts_free(const provider_state_t *p,
                        const tasim_programme_spec_t *t, size_t topic)
{
    long need[POOL_KINDS] = {0, 0};
    for (size_t i = 0; i < t->activity_count; i++) {
        const tasim_activity_t *a = &t->activities[i];
        int kind = pool_kind(a);
        if (kind >= 0 && a->at_month == 0 && a->from_month == 0)
            need[kind] += a->experts;
    }
    for (int k = 0; k < POOL_KINDS; k++)
        if (need[k] > 0 && !pool_can_start(p, topic, k, need[k]))
            return 0;
    return 1;
}

static double funder_cost(const model_t *m, const provider_state_t *p,
                          const unit_t *u)
{
    const tasim_programme_spec_t *t = template_of(m, p);
    return programme_estimate_cost(m, t, p, u) * (1 - t->cost_sharing);
}

static int can_serve(const model_t *m, const provider_state_t *p,
                     const unit_t *u)
{
    return eligible(m, p, u) &&
           p->balance - p->reserved >= funder_cost(m, p, u) - 1e-6 &&
           experts_free(p, template_of(m, p), u->topic);
}

/* ---- ranking --------------------------------------------------------- */

typedef struct {
    request_t *r;
    double key; /* smaller first */
} candidate_t;

static int by_key(const void *a, const void *b)
{
    const candidate_t *x = a, *y = b;
    if (x->key != y->key)
        return x->key < y->key ? -1 : 1;
    return x->r->index < y->r->index ? -1 : x->r->index > y->r->index;
}

/* Expected capacity gain per dollar of the template at provider p. */
static double impact(const model_t *m, const provider_state_t *p,
                     const unit_t *u)
{
    const tasim_programme_spec_t *t = template_of(m, p);
    double w = m->countries[u->country].ownership, lambda = 0;
    for (size_t i = 0; i < t->activity_count; i++)
        lambda += programme_learning_per_year(m, t, &t->activities[i], u);
    double gap = 1 - unit_capacity(u);
    double gain = gap * (1 - exp(-w * lambda * t->years));
    double cost = programme_estimate_cost(m, t, p, u);
    return cost > 0 ? gain / cost : gain;
}

static double key_at(const model_t *m, const provider_state_t *p,
                     const request_t *r)
{
    switch (m->sc->allocation.policy) {
    case TASIM_POLICY_NEED:
        return unit_capacity(r->unit); /* largest gap = smallest K */
    case TASIM_POLICY_IMPACT:
        return -impact(m, p, r->unit);
    case TASIM_POLICY_DONOR_PRIORITY:
        return -provider_weight(m, p, r->unit);
    default:
        return r->arrival;
    }
}

/* The request's key at provider p, or its best over eligible providers
 * when ranking centrally (p NULL). */
static double rank_key(const model_t *m, const provider_state_t *p,
                       const request_t *r)
{
    if (p)
        return key_at(m, p, r);
    double best = INFINITY;
    for (size_t i = 0; i < m->sc->provider_count; i++)
        if (eligible(m, &m->providers[i], r->unit))
            best = fmin(best, key_at(m, &m->providers[i], r));
    return best;
}

/* ---- serving ---------------------------------------------------------- */

/* The donor whose money mostly pays at p, or -1 for core funds only. */
static long main_funder(const model_t *m, const provider_state_t *p)
{
    if (p->spec->kind == TASIM_PROVIDER_BILATERAL)
        return p->spec->donor_index;
    long best = -1;
    double most = 0;
    for (size_t d = 0; d < m->sc->donor_count; d++)
        if (p->donor_share[d] > most) {
            most = p->donor_share[d];
            best = (long)d;
        }
    return best;
}

static void serve(model_t *m, provider_state_t *p, request_t *r)
{
    unit_t *u = r->unit;
    double now = tasim_sim_now(m->sim);
    tasim_programme_spec_t spec = *template_of(m, p);
    long funder = main_funder(m, p);
    spec.country = (char *)m->sc->countries[u->country].id;
    spec.country_index = (long)u->country;
    spec.topic = m->sc->topics.items[u->topic];
    spec.topic_index = (long)u->topic;
    spec.provider = p->spec->id;
    spec.provider_index = (long)p->index;
    spec.funder = funder >= 0 ? m->sc->donors[funder].id : NULL;
    spec.funder_index = funder;
    if (u->programmes_running > 0)
        u->duplicates++;
    programme_t *prog = programme_create(m, &spec);
    snprintf(prog->id, sizeof prog->id, "request-%zu", r->index);
    prog->own_spec.id = prog->id;
    prog->rec.id = prog->id;
    prog->start = now;
    prog->planned_end = now + spec.years;
    prog->hard_end = now + spec.exit.max_years;
    prog->rec.start = m->start_year + now;
    if (isnan(r->served_at)) {
        r->served_at = now;
        r->provider = (long)p->index;
        r->funder = funder;
        u->queue--;
        u->wait_sum += now - r->arrival;
        u->wait_count++;
    }
    r->served_by[p->index] = 1;
    if (m->sc->allocation.coordination == TASIM_COORD_FULL)
        r->open = false;
    else
        close_if_done(m, r);
    programme_start_now(prog);
}

/* Drop closed requests from the open list (kept in arrival order), so a
 * round costs time in the requests waiting, not in all there ever were. */
static void prune_open(model_t *m)
{
    size_t n = 0;
    for (size_t i = 0; i < m->open_count; i++)
        if (m->open[i]->open)
            m->open[n++] = m->open[i];
    m->open_count = n;
}

static size_t collect(model_t *m, const provider_state_t *p,
                      candidate_t *out)
{
    size_t n = 0;
    double now = tasim_sim_now(m->sim);
    prune_open(m);
    for (size_t i = 0; i < m->open_count; i++) {
        request_t *r = m->open[i];
        if (p && (r->served_by[p->index] || !eligible(m, p, r->unit)))
            continue;
        /* Keys by need or impact read the unit's capacity now. */
        unit_advance(r->unit, now);
        out[n++] = (candidate_t){r, rank_key(m, p, r)};
    }
    qsort(out, n, sizeof *out, by_key);
    return n;
}

/* The cheapest provider (scenario order on ties) that can serve now. */
static provider_state_t *best_provider(model_t *m, const unit_t *u)
{
    provider_state_t *best = NULL;
    double best_cost = INFINITY;
    for (size_t i = 0; i < m->sc->provider_count; i++) {
        provider_state_t *p = &m->providers[i];
        if (!can_serve(m, p, u))
            continue;
        double c = funder_cost(m, p, u);
        if (c < best_cost) {
            best_cost = c;
            best = p;
        }
    }
    return best;
}

static void run_full(model_t *m, provider_state_t *only, candidate_t *c,
                     size_t n)
{
    for (size_t i = 0; i < n; i++) {
        request_t *r = c[i].r;
        if (!r->open || r->unit->programmes_running > 0)
            continue; /* one programme per unit at a time */
        provider_state_t *p =
            only ? (can_serve(m, only, r->unit) ? only : NULL)
                 : best_provider(m, r->unit);
        if (p)
            serve(m, p, r);
    }
}

static void run_alone(model_t *m, provider_state_t *p)
{
    candidate_t *c = tasim_xmalloc((m->open_count + 1) * sizeof *c);
    size_t n = collect(m, p, c);
    for (size_t i = 0; i < n; i++)
        if (can_serve(m, p, c[i].r->unit))
            serve(m, p, c[i].r);
    free(c);
}

void allocation_run(model_t *m, provider_state_t *only)
{
    if (m->open_count == 0)
        return;
    if (m->sc->allocation.coordination == TASIM_COORD_NONE) {
        for (size_t i = 0; i < m->sc->provider_count; i++)
            if (only == NULL || only == &m->providers[i])
                run_alone(m, &m->providers[i]);
        return;
    }
    candidate_t *c = tasim_xmalloc((m->open_count + 1) * sizeof *c);
    size_t n = collect(m, only, c);
    run_full(m, only, c, n);
    free(c);
}

/* ---- rounds ------------------------------------------------------------ */

static void on_retry(tasim_sim_t *sim, void *subject, uint64_t arg)
{
    (void)sim;
    (void)arg;
    model_t *m = subject;
    m->allocation_retry = TASIM_NO_EVENT;
    allocation_run(m, NULL);
}

/* Continuous allocation: something changed (a request arrived, experts or
 * money came free); allocate once everything at this instant is done. */
void allocation_soon(model_t *m)
{
    if (!m->continuous_allocation ||
        tasim_sim_is_pending(m->sim, m->allocation_retry))
        return;
    m->allocation_retry = tasim_sim_schedule(
        m->sim, tasim_sim_now(m->sim), PRIO_DEFAULT + 1, on_retry, m, 0);
}

/* Coordination none: each provider's own round, from its opening. */
static void on_provider_round(tasim_sim_t *sim, void *subject, uint64_t arg)
{
    provider_state_t *p = subject;
    model_t *m = p->model;
    allocation_run(m, p);
    double next = tasim_sim_now(sim) + m->sc->allocation.every_months / 12.0;
    if (next < m->horizon)
        tasim_sim_schedule(sim, next, PRIO_DEFAULT + 1, on_provider_round, p,
                           arg);
}

/* Coordination full: one central round for all providers, so the ranking
 * and the choice of provider never depend on whose round came first. */
static void on_central_round(tasim_sim_t *sim, void *subject, uint64_t arg)
{
    model_t *m = subject;
    allocation_run(m, NULL);
    double next = (double)(arg + 1) * m->sc->allocation.every_months / 12.0;
    if (next < m->horizon)
        tasim_sim_schedule(sim, next, PRIO_DEFAULT + 1, on_central_round, m,
                           arg + 1);
}

void allocation_start(model_t *m)
{
    if (!m->sc->has_demand)
        return;
    m->continuous_allocation = m->sc->allocation.every_months == 0;
    if (m->continuous_allocation)
        return;
    if (m->sc->allocation.coordination == TASIM_COORD_FULL) {
        tasim_sim_schedule(m->sim, 0, PRIO_DEFAULT + 1, on_central_round, m,
                           0);
        return;
    }
    for (size_t i = 0; i < m->sc->provider_count; i++) {
        provider_state_t *p = &m->providers[i];
        if (p->opens < m->horizon)
            tasim_sim_schedule(m->sim, p->opens, PRIO_DEFAULT + 1,
                               on_provider_round, p, 0);
    }
}
