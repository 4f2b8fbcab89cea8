/*
 * model.c: one replication: build the entities from the scenario, start
 * their processes, sample the time series, run to the horizon, report the
 * programmes, and check the invariants every sample (states in [0, 1], no
 * NaN), since a model result is a claim.
 */
#include "tasim/model.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model_internal.h"
#include "tasim/alloc.h"
#include "tasim/rng.h"

const char *const tasim_cost_names[TASIM_COST_COMPONENTS] = {
    "salaries", "travel", "training", "equipment", "logistics"};
const int tasim_retention_years[TASIM_RETENTION_POINTS] = {1, 3, 5};

static const char *const cost_series[TASIM_COST_COMPONENTS] = {
    "cost_salaries", "cost_travel", "cost_training", "cost_equipment",
    "cost_logistics"};

/* Whether the scenario asks for series `name` ("cost" covers the five
 * cost_* series). */
static int wanted(const model_t *m, const char *name)
{
    const tasim_names_t *s = &m->sc->run.output.series;
    if (s->count == 0)
        return 1;
    for (size_t i = 0; i < s->count; i++)
        if (strcmp(s->items[i], name) == 0)
            return 1;
    return 0;
}

static void emit(model_t *m, double t, const char *country, const char *topic,
                 const char *series, double value)
{
    if (!isfinite(value) && !m->failed) {
        m->failed = 1;
        tasim_sim_stop(m->sim);
    }
    m->observer->observe(m->observer_ctx, m->replication, m->start_year + t,
                         country, topic, series, value);
}

static int in_unit_interval(double x) { return x >= 0 && x <= 1; }

static void sample_unit(model_t *m, unit_t *u, double t)
{
    unit_advance(u, t);
    unit_refresh_inputs(u);
    const char *c = m->sc->countries[u->country].id;
    const char *topic = m->sc->topics.items[u->topic];
    double k = unit_capacity(u), perf = unit_performance(u);
    double dep = perf > 0 ? (perf - k) / perf : 0;
    if (!in_unit_interval(k) || !in_unit_interval(perf) ||
        !in_unit_interval(dep) || !in_unit_interval(u->inst) ||
        !in_unit_interval(u->systems) || !in_unit_interval(unit_mean_skill(u)))
        m->failed = 1;
    const struct { const char *name; double value; } rows[] = {
        {"capacity", k},
        {"performance", perf},
        {"dependency", dep},
        {"skill", unit_mean_skill(u)},
        {"institutional", u->inst},
        {"systems", u->systems},
        {"staff", (double)u->filled},
        {"vacancies", (double)((size_t)u->positions - u->filled)},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
        if (wanted(m, rows[i].name))
            emit(m, t, c, topic, rows[i].name, rows[i].value);
    const tasim_indicator_t *ind = &u->spec->indicator;
    if (u->spec->has_indicator && wanted(m, "indicator"))
        emit(m, t, c, topic, "indicator",
             ind->base + ind->max_gain * pow(perf, ind->gamma));
    for (int k2 = 0; k2 < TASIM_COST_COMPONENTS; k2++) {
        if (wanted(m, "cost"))
            emit(m, t, c, topic, cost_series[k2], u->cost[k2]);
        u->cost[k2] = 0;
    }
}

/* Aid need = spending - revenue, revenue being the other revenue plus
 * every unit indicator that the scenario marks as revenue. */
static double aid_need(const country_state_t *c)
{
    const tasim_fiscal_t *f = &c->spec->fiscal;
    double revenue = f->other_revenue_pct_gdp;
    for (size_t i = 0; i < c->unit_count; i++) {
        const tasim_unit_t *s = c->units[i]->spec;
        if (s->has_indicator && s->indicator.fiscal == TASIM_INDICATOR_REVENUE)
            revenue += s->indicator.base +
                       s->indicator.max_gain *
                           pow(unit_performance(c->units[i]),
                               s->indicator.gamma);
    }
    return f->spending_pct_gdp - revenue;
}

static void on_sample(tasim_sim_t *sim, void *subject, uint64_t index)
{
    model_t *m = subject;
    double t = tasim_sim_now(sim);
    for (size_t i = 0; i < m->unit_count; i++)
        sample_unit(m, &m->units[i], t);
    for (size_t i = 0; i < m->sc->country_count; i++) {
        const country_state_t *c = &m->countries[i];
        if (wanted(m, "ownership"))
            emit(m, t, c->spec->id, "", "ownership", c->ownership);
        if (c->spec->has_fiscal && wanted(m, "aid_need"))
            emit(m, t, c->spec->id, "", "aid_need", aid_need(c));
    }
    for (size_t i = 0; i < m->programme_count; i++)
        programme_check_exit(&m->programmes[i]);
    double next = (double)(index + 1) * m->sample_every;
    if (next <= m->horizon + 1e-9 && !m->failed)
        tasim_sim_schedule(sim, fmin(next, m->horizon), PRIO_SAMPLE,
                           on_sample, m, index + 1);
}

/* ---- scripted events --------------------------------------------- */

static void on_scripted(tasim_sim_t *sim, void *subject, uint64_t index)
{
    (void)sim;
    model_t *m = subject;
    const tasim_scripted_event_t *e = &m->sc->events[index];
    if (e->type == TASIM_EVENT_GOVERNMENT_CHANGE) {
        size_t ci = 0;
        while (strcmp(m->sc->countries[ci].id, e->country) != 0)
            ci++;
        country_state_t *c = &m->countries[ci];
        country_set_ownership(c, isnan(e->ownership) ? c->spec->ownership
                                                     : e->ownership);
    } else if (e->type == TASIM_EVENT_CRISIS) {
        for (size_t ci = 0; ci < m->sc->country_count; ci++) {
            const char *id = m->sc->countries[ci].id;
            int hit = e->country && strcmp(e->country, id) == 0;
            for (size_t k = 0; k < e->countries.count; k++)
                hit |= strcmp(e->countries.items[k], id) == 0;
            if (hit)
                country_crisis_begin(&m->countries[ci], e->years, 0);
        }
    }
    /* Budget cuts act on donors' disbursements (docs/model.md, system). */
}

/* ---- build, run, tear down ---------------------------------------- */

static void build(model_t *m)
{
    const tasim_scenario_t *sc = m->sc;
    m->unit_count = tasim_scenario_unit_count(sc);
    m->units = tasim_xcalloc(m->unit_count, sizeof *m->units);
    m->countries = tasim_xcalloc(sc->country_count, sizeof *m->countries);
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
    m->programme_count = sc->programme_count;
    m->programmes = tasim_xcalloc(sc->programme_count + 1,
                                  sizeof *m->programmes);
    for (size_t i = 0; i < sc->programme_count; i++)
        programme_init(m, &m->programmes[i], &sc->programmes[i]);
}

static void start(model_t *m)
{
    for (size_t i = 0; i < m->unit_count; i++)
        unit_start_processes(&m->units[i]);
    for (size_t i = 0; i < m->sc->country_count; i++)
        country_start_processes(&m->countries[i]);
    for (size_t i = 0; i < m->programme_count; i++)
        programme_schedule(&m->programmes[i]);
    for (size_t i = 0; i < m->sc->event_count; i++) {
        double t = tasim_date_to_year(m->sc->events[i].at) - m->start_year;
        if (t >= 0 && t <= m->horizon)
            tasim_sim_schedule(m->sim, t, PRIO_DEFAULT, on_scripted, m, i);
    }
    tasim_sim_schedule(m->sim, 0, PRIO_SAMPLE, on_sample, m, 0);
}

static void teardown(model_t *m)
{
    for (size_t i = 0; i < m->unit_count; i++)
        unit_fini(&m->units[i]);
    for (size_t i = 0; i < m->sc->country_count; i++)
        free(m->countries[i].units);
    for (size_t i = 0; i < m->programme_count; i++)
        programme_fini(&m->programmes[i]);
    for (size_t i = 0; i < m->block_count; i++)
        free(m->blocks[i]);
    free(m->blocks);
    free(m->units);
    free(m->countries);
    free(m->programmes);
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
    for (size_t i = 0; i < m.programme_count && rc == 0; i++) {
        programme_finish_horizon(&m.programmes[i]);
        if (observer->programme)
            observer->programme(ctx, replication, &m.programmes[i].rec);
    }
    if (stats)
        stats->events = tasim_sim_events_fired(m.sim);
    teardown(&m);
    tasim_sim_destroy(m.sim);
    return rc;
}
