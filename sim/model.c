/*
 * model.c: one replication: build the entities from the scenario, start
 * their processes, review them monthly, run to the horizon, and report
 * programmes and requests. Sampling (sampling.c) only observes: the
 * monthly review, not the output interval, is when inputs held constant
 * between events (absorptive capacity, systems upkeep, request rates,
 * the capacity exit rule) are re-evaluated, so the output interval never
 * changes the results.
 */
#include "tasim/model.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "model_internal.h"
#include "tasim/alloc.h"
#include "tasim/rng.h"

const char *const tasim_cost_names[TASIM_COST_COMPONENTS] = {
    "salaries", "travel", "training", "equipment", "logistics"};
const int tasim_retention_years[TASIM_RETENTION_POINTS] = {1, 3, 5};

#define REVIEW_EVERY (1.0 / 12)

static void on_review(tasim_sim_t *sim, void *subject, uint64_t index)
{
    model_t *m = subject;
    double t = tasim_sim_now(sim);
    for (size_t i = 0; i < m->unit_count; i++) {
        unit_advance(&m->units[i], t);
        unit_refresh_inputs(&m->units[i]);
        demand_refresh(&m->units[i]);
    }
    /* Only running programmes under the capacity rule need the check;
     * the watch list drops the others as they end. */
    size_t kept = 0;
    for (size_t i = 0; i < m->watch_count; i++) {
        programme_t *p = m->watch[i];
        programme_check_exit(p);
        if (p->running)
            m->watch[kept++] = p;
    }
    m->watch_count = kept;
    /* Integer multiples of the period: no drift over long horizons. */
    double next = (double)(index + 1) * REVIEW_EVERY;
    if (next <= m->horizon)
        tasim_sim_schedule(sim, next, PRIO_SAMPLE - 1, on_review, m,
                           index + 1);
}

/* ---- scripted events --------------------------------------------- */

static size_t country_index(const model_t *m, const char *id)
{
    size_t i = 0;
    while (strcmp(m->sc->countries[i].id, id) != 0)
        i++;
    return i;
}

static void on_scripted(tasim_sim_t *sim, void *subject, uint64_t index)
{
    (void)sim;
    model_t *m = subject;
    const tasim_scripted_event_t *e = &m->sc->events[index];
    if (e->type == TASIM_EVENT_GOVERNMENT_CHANGE) {
        country_state_t *c = &m->countries[country_index(m, e->country)];
        country_set_ownership(c, isnan(e->ownership) ? country_draw_ownership(c)
                                                     : e->ownership);
    } else if (e->type == TASIM_EVENT_CRISIS) {
        if (e->country)
            country_crisis_begin(&m->countries[country_index(m, e->country)],
                                 e->years, 0);
        for (size_t k = 0; k < e->countries.count; k++)
            country_crisis_begin(
                &m->countries[country_index(m, e->countries.items[k])],
                e->years, 0);
    } else {
        for (size_t d = 0; d < m->sc->donor_count; d++)
            if (strcmp(m->sc->donors[d].id, e->donor) == 0)
                donor_cut(m, d, e->cut);
    }
}

/* ---- build, run, tear down ---------------------------------------- */

static void build(model_t *m)
{
    const tasim_scenario_t *sc = m->sc;
    m->unit_count = tasim_scenario_unit_count(sc);
    m->units = tasim_xcalloc(m->unit_count, sizeof *m->units);
    m->countries = tasim_xcalloc(sc->country_count, sizeof *m->countries);
    m->providers = tasim_xcalloc(sc->provider_count + 1, sizeof *m->providers);
    m->donors = tasim_xcalloc(sc->donor_count + 1, sizeof *m->donors);
    for (size_t i = 0; i < sc->provider_count; i++)
        provider_init(m, &m->providers[i], i);
    for (size_t i = 0; i < sc->donor_count; i++)
        donor_init(m, &m->donors[i], i);
    size_t u = 0;
    for (size_t c = 0; c < sc->country_count; c++) {
        country_init(m, &m->countries[c], c);
        for (size_t k = 0; k < sc->countries[c].unit_count; k++) {
            const tasim_unit_t *spec = &sc->countries[c].units[k];
            m->countries[c].units[k] = &m->units[u];
            m->countries[c].unit_count++;
            unit_init(m, &m->units[u++], c, (size_t)spec->topic_index, spec);
        }
    }
    for (size_t i = 0; i < sc->programme_count; i++)
        programme_create(m, &sc->programmes[i]);
}

static void start(model_t *m)
{
    donors_start(m);
    for (size_t i = 0; i < m->unit_count; i++)
        unit_start_processes(&m->units[i]);
    for (size_t i = 0; i < m->sc->country_count; i++)
        country_start_processes(&m->countries[i]);
    for (size_t i = 0; i < m->programme_count; i++)
        programme_schedule(m->programmes[i]);
    for (size_t i = 0; i < m->sc->event_count; i++) {
        double t = tasim_date_to_year(m->sc->events[i].at) - m->start_year;
        /* Before anything else at that instant, the year's disbursement
         * included: a cut dated 1 January applies to that year. */
        if (t >= 0 && t <= m->horizon)
            tasim_sim_schedule(m->sim, t, PRIO_SCRIPTED, on_scripted, m, i);
    }
    demand_start(m);
    allocation_start(m);
    tasim_sim_schedule(m->sim, REVIEW_EVERY, PRIO_SAMPLE - 1, on_review, m, 1);
    sampling_start(m);
}

static void report(model_t *m)
{
    const tasim_model_observer_t *o = m->observer;
    for (size_t i = 0; i < m->programme_count; i++) {
        programme_finish_horizon(m->programmes[i]);
        if (o->programme)
            o->programme(m->observer_ctx, m->replication,
                         &m->programmes[i]->rec);
    }
    for (size_t i = 0; i < m->request_count && o->request; i++) {
        const request_t *r = m->requests[i];
        int served = !isnan(r->served_at);
        tasim_request_record_t rec = {
            .country = m->sc->countries[r->unit->country].id,
            .topic = m->sc->topics.items[r->unit->topic],
            .provider = served ? m->sc->providers[r->provider].id : "",
            .funder = r->funder >= 0 ? m->sc->donors[r->funder].id : "",
            .arrival = m->start_year + r->arrival,
            .start = served ? m->start_year + r->served_at : NAN,
            .expiry = !served && r->expires <= m->horizon
                          ? m->start_year + r->expires
                          : NAN,
            .wait = served ? r->served_at - r->arrival : NAN,
        };
        o->request(m->observer_ctx, m->replication, &rec);
    }
}

static void teardown(model_t *m)
{
    for (size_t i = 0; i < m->unit_count; i++)
        unit_fini(&m->units[i]);
    for (size_t i = 0; i < m->sc->country_count; i++)
        free(m->countries[i].units);
    for (size_t i = 0; i < m->programme_count; i++)
        programme_fini(m->programmes[i]);
    for (size_t i = 0; i < m->sc->provider_count; i++)
        provider_fini(&m->providers[i]);
    demand_fini(m);
    for (size_t i = 0; i < m->block_count; i++)
        free(m->blocks[i]);
    while (m->free_waiting) {
        waiting_activity_t *w = m->free_waiting;
        m->free_waiting = w->next;
        free(w);
    }
    free(m->blocks);
    free(m->units);
    free(m->countries);
    free(m->providers);
    free(m->donors);
    free(m->programmes);
    free(m->watch);
}

int tasim_model_run(const tasim_scenario_t *sc, uint64_t replication,
                    const tasim_model_observer_t *observer, void *ctx,
                    tasim_model_stats_t *stats, tasim_error_t *err)
{
    tasim_sim_config_t config = {.seed = sc->run.seed,
                                 .replication = replication};
    model_t m = {.sc = sc, .p = &sc->model, .replication = replication,
                 .observer = observer, .observer_ctx = ctx};
    m.sim = tasim_sim_create(&config);
    m.horizon = sc->run.years;
    m.start_year = tasim_date_to_year(sc->run.start);
    m.sample_every = sc->run.output.every_months / 12.0;
    build(&m);
    start(&m);
    tasim_sim_run_until(m.sim, m.horizon);
    int rc = tasim_gsl_take_error(err);
    if (rc == 0 && m.failed)
        rc = tasim_error_set(err, TASIM_ERUNTIME, sc->path, 0, 0,
                             "replication %lu broke an invariant (a state "
                             "outside [0, 1] or a non-finite output)",
                             (unsigned long)replication);
    if (rc == 0)
        report(&m);
    if (stats) { /* the engine's events, and the units' exits and hires */
        stats->staff_changes = 0;
        for (size_t i = 0; i < m.unit_count; i++)
            stats->staff_changes += m.units[i].staff_events;
        stats->events = tasim_sim_events_fired(m.sim) + stats->staff_changes;
    }
    teardown(&m);
    tasim_sim_destroy(m.sim);
    return rc;
}
