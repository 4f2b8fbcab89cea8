/*
 * demand.c: requests for TA. Each unit raises requests as a Poisson
 * process of rate
 *     rate * (1 - K)^gap_elasticity * crisis multiplier * ownership,
 * held constant between reviews (monthly, and at crises and government
 * changes). When the rate changes, the pending request is moved by a
 * change of time rather than drawn again: the integrated rate left until
 * it, (T - now) x old rate, is a unit exponential independent of the past
 * (memorylessness), so T' = now + (T - now) x old / new has the law of the
 * next event at the new rate. That is exact, as a fresh draw would be,
 * but costs no draw: at world scale every unit's rate changes every month.
 * The pending time is kept even beyond the horizon, so that a rate that
 * rises later brings it forward instead of drawing a second chance.
 * A request waits for allocation and lapses after the scenario's expiry
 * time if nobody serves it.
 */
#include <math.h>
#include <stdlib.h>

#include "model_internal.h"
#include "tasim/alloc.h"
#include "tasim/rng.h"

static void on_request(tasim_sim_t *sim, void *subject, uint64_t arg);

static double request_rate(const unit_t *u)
{
    const model_t *m = u->model;
    const tasim_demand_t *d = &m->sc->demand;
    const country_state_t *c = &m->countries[u->country];
    double gap = 1 - unit_capacity(u);
    double crisis = c->in_crisis ? c->spec->crisis.demand_multiplier : 1;
    double rate = d->rate * pow(gap > 0 ? gap : 0, d->gap_elasticity) *
                  crisis * c->ownership;
    return rate > 0 ? rate : 0;
}

void demand_refresh(unit_t *u)
{
    model_t *m = u->model;
    if (!m->sc->has_demand)
        return;
    double rate = request_rate(u);
    if (rate == u->demand_rate)
        return;
    double now = tasim_sim_now(m->sim);
    if (rate > 0 && u->demand_rate > 0 && isfinite(u->request_at))
        u->request_at = now + (u->request_at - now) * (u->demand_rate / rate);
    else if (rate > 0)
        u->request_at = now + tasim_rng_exponential(u->rng_request, rate);
    else
        u->request_at = INFINITY;
    u->demand_rate = rate;
    if (u->request_at <= m->horizon && u->request_event)
        u->request_event =
            tasim_sim_reschedule(m->sim, u->request_event, u->request_at);
    else if (u->request_at <= m->horizon)
        u->request_event = tasim_sim_schedule(m->sim, u->request_at,
                                              PRIO_DEFAULT, on_request, u, 0);
    else if (u->request_event) {
        tasim_sim_cancel(m->sim, u->request_event);
        u->request_event = TASIM_NO_EVENT;
    }
}

static void on_expiry(tasim_sim_t *sim, void *subject, uint64_t arg)
{
    (void)sim;
    (void)arg;
    request_t *r = subject;
    if (!r->open)
        return;
    r->open = false;
    if (isnan(r->served_at))
        r->unit->queue--;
}

static void on_request(tasim_sim_t *sim, void *subject, uint64_t arg)
{
    (void)arg;
    unit_t *u = subject;
    model_t *m = u->model;
    double now = tasim_sim_now(sim);
    u->request_event = TASIM_NO_EVENT;
    unit_advance(u, now);
    request_t *r = tasim_xcalloc(1, sizeof *r);
    r->unit = u;
    r->index = m->request_count;
    r->arrival = now;
    r->expires = now + m->sc->demand.expiry_months / 12.0;
    r->served_at = NAN;
    r->provider = r->funder = -1;
    r->open = true;
    r->served_by = tasim_xcalloc(m->sc->provider_count + 1, 1);
    if (m->request_count == m->request_cap) {
        m->request_cap = m->request_cap ? 2 * m->request_cap : 64;
        m->requests = tasim_xrealloc(m->requests,
                                     m->request_cap * sizeof *m->requests);
    }
    m->requests[m->request_count++] = r;
    if (m->open_count == m->open_cap) {
        m->open_cap = m->open_cap ? 2 * m->open_cap : 64;
        m->open = tasim_xrealloc(m->open, m->open_cap * sizeof *m->open);
    }
    m->open[m->open_count++] = r;
    u->queue++;
    tasim_sim_schedule(sim, r->expires, PRIO_DEFAULT, on_expiry, r, 0);
    u->demand_rate = -1; /* a fresh draw for the next request */
    demand_refresh(u);
    allocation_soon(m);
}

void demand_start(model_t *m)
{
    if (!m->sc->has_demand)
        return;
    for (size_t i = 0; i < m->unit_count; i++) {
        unit_t *u = &m->units[i];
        u->rng_request = tasim_sim_stream(m->sim, "unit.requests", u->entity);
        u->demand_rate = -1; /* a first draw */
        demand_refresh(u);
    }
}

void demand_fini(model_t *m)
{
    for (size_t i = 0; i < m->request_count; i++) {
        free(m->requests[i]->served_by);
        free(m->requests[i]);
    }
    free(m->requests);
    free(m->open);
}
