/*
 * sampling.c: the time series. Every output interval (and at the
 * horizon) the sample brings each unit up to date and reports its state,
 * then countries, providers and donors. It changes no input of the model.
 * It also checks the invariants (states in [0, 1], finite values): a
 * broken one stops the replication with an error rather than let a wrong
 * number reach a result.
 *
 * Series at a provider or donor put its id in the country column and the
 * topic (or nothing) in the topic column (docs/outputs.md).
 */
#include <math.h>
#include <string.h>

#include "model_internal.h"

static const char *const cost_series[TASIM_COST_COMPONENTS] = {
    "cost_salaries", "cost_travel", "cost_training", "cost_equipment",
    "cost_logistics"};

/* The series sampling can write, by id; "cost" stands for the five
 * cost_* series. */
typedef enum {
    SERIES_CAPACITY,
    SERIES_PERFORMANCE,
    SERIES_DEPENDENCY,
    SERIES_SKILL,
    SERIES_INSTITUTIONAL,
    SERIES_SYSTEMS,
    SERIES_STAFF,
    SERIES_VACANCIES,
    SERIES_PROGRAMMES,
    SERIES_DUPLICATES,
    SERIES_INDICATOR,
    SERIES_COST,
    SERIES_QUEUE,
    SERIES_WAIT,
    SERIES_OWNERSHIP,
    SERIES_AID_NEED,
    SERIES_CRISIS,
    SERIES_BUDGET_SUPPORT,
    SERIES_UTILISATION,
    SERIES_EXPERT_QUEUE,
    SERIES_EXPERT_WAIT,
    SERIES_BALANCE,
    SERIES_SPENDING,
    SERIES_DISBURSED,
    SERIES_BUDGET,
    SERIES_RETAINED,
    SERIES_COUNT
} series_id_t;

static const char *const series_names[SERIES_COUNT] = {
    "capacity",
    "performance",
    "dependency",
    "skill",
    "institutional",
    "systems",
    "staff",
    "vacancies",
    "programmes",
    "duplicates",
    "indicator",
    "cost",
    "queue",
    "wait",
    "ownership",
    "aid_need",
    "crisis",
    "budget_support",
    "utilisation",
    "expert_queue",
    "expert_wait",
    "balance",
    "spending",
    "disbursed",
    "budget",
    "retained",
};

/* Which series the scenario asks for, as bits by series_id_t: worked out
 * once per replication, so that sampling, which asks for every series of
 * every unit at every sample, tests a bit instead of comparing names. */
static uint32_t wanted_series(const tasim_scenario_t *sc)
{
    const tasim_names_t *s = &sc->run.output.series;
    uint32_t bits = 0;
    for (int id = 0; id < SERIES_COUNT; id++) {
        int on = s->count == 0;
        for (size_t i = 0; i < s->count && !on; i++)
            on = strcmp(s->items[i], series_names[id]) == 0;
        bits |= (uint32_t)on << id;
    }
    return bits;
}

static int wanted(const model_t *m, series_id_t id)
{
    return (m->wanted_series >> id) & 1u;
}

static void emit(model_t *m, double t, const char *owner, const char *topic,
                 const char *series, double value)
{
    if (!isfinite(value) && !m->failed) {
        m->failed = 1;
        tasim_sim_stop(m->sim);
    }
    m->observer->observe(m->observer_ctx, m->replication, m->start_year + t,
                         owner, topic, series, value);
}

/* As emit, for values that may be undefined (a mean over no requests):
 * reported as an empty field, not as a failure. */
static void emit_maybe(model_t *m, double t, const char *owner,
                       const char *topic, const char *series, double value)
{
    m->observer->observe(m->observer_ctx, m->replication, m->start_year + t,
                         owner, topic, series, value);
}

static int in_unit_interval(double x) { return x >= 0 && x <= 1; }

static void sample_unit(model_t *m, unit_t *u, double t)
{
    unit_advance(u, t);
    const char *c = m->sc->countries[u->country].id;
    const char *topic = m->sc->topics.items[u->topic];
    double k = unit_capacity(u), perf = unit_performance(u);
    double dep = perf > 0 ? (perf - k) / perf : 0;
    if (dep < 0)
        dep = 0; /* counterpart burden can push P below K */
    if (!in_unit_interval(k) || !in_unit_interval(perf) ||
        !in_unit_interval(u->inst) || !in_unit_interval(u->systems) ||
        !in_unit_interval(unit_mean_skill(u)))
        m->failed = 1;
    const struct { series_id_t id; double value; } rows[] = {
        {SERIES_CAPACITY, k},
        {SERIES_PERFORMANCE, perf},
        {SERIES_DEPENDENCY, dep},
        {SERIES_SKILL, unit_mean_skill(u)},
        {SERIES_INSTITUTIONAL, u->inst},
        {SERIES_SYSTEMS, u->systems},
        {SERIES_STAFF, (double)u->filled},
        {SERIES_VACANCIES, (double)((size_t)u->positions - u->filled)},
        {SERIES_PROGRAMMES, (double)u->programmes_running},
        {SERIES_DUPLICATES, (double)u->duplicates},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
        if (wanted(m, rows[i].id))
            emit(m, t, c, topic, series_names[rows[i].id], rows[i].value);
    const tasim_indicator_t *ind = &u->spec->indicator;
    if (u->spec->has_indicator && wanted(m, SERIES_INDICATOR))
        emit(m, t, c, topic, "indicator",
             ind->base + ind->max_gain * pow(perf, ind->gamma));
    for (int j = 0; j < TASIM_COST_COMPONENTS; j++) {
        if (wanted(m, SERIES_COST))
            emit(m, t, c, topic, cost_series[j], u->cost[j]);
        u->cost[j] = 0;
    }
    if (m->sc->has_demand) {
        if (wanted(m, SERIES_QUEUE))
            emit(m, t, c, topic, "queue", (double)u->queue);
        if (wanted(m, SERIES_WAIT))
            emit_maybe(m, t, c, topic, "wait",
                       u->wait_count ? u->wait_sum / u->wait_count : NAN);
    }
    u->duplicates = 0;
    u->wait_sum = 0;
    u->wait_count = 0;
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

static void sample_country(model_t *m, country_state_t *c, double t)
{
    const char *id = c->spec->id;
    if (wanted(m, SERIES_OWNERSHIP))
        emit(m, t, id, "", "ownership", c->ownership);
    if (c->spec->has_fiscal && wanted(m, SERIES_AID_NEED))
        emit(m, t, id, "", "aid_need", aid_need(c));
    if (wanted(m, SERIES_CRISIS))
        emit(m, t, id, "", "crisis", c->in_crisis > 0);
    if (wanted(m, SERIES_BUDGET_SUPPORT))
        emit(m, t, id, "", "budget_support", c->budget_support);
    c->budget_support = 0;
}

static void sample_provider(model_t *m, provider_state_t *p, double t,
                            double interval)
{
    const char *id = p->spec->id;
    provider_account(p, t);
    for (size_t k = 0; k < p->spec->expert_count; k++) {
        size_t topic = (size_t)p->spec->experts[k].topic_index;
        expert_pool_t *pool = &p->pools[topic];
        const char *name = m->sc->topics.items[topic];
        long size = pool->size[POOL_LONG_TERM] + pool->size[POOL_SHORT_TERM];
        if (wanted(m, SERIES_UTILISATION))
            emit_maybe(m, t, id, name, "utilisation",
                       size > 0 && interval > 0
                           ? pool->busy_area / (size * interval)
                           : NAN);
        if (wanted(m, SERIES_EXPERT_QUEUE))
            emit(m, t, id, name, "expert_queue", (double)pool->waiting);
        if (wanted(m, SERIES_EXPERT_WAIT))
            emit_maybe(m, t, id, name, "expert_wait",
                       pool->wait_count ? pool->wait_sum / pool->wait_count
                                        : NAN);
        pool->busy_area = pool->wait_sum = 0;
        pool->wait_count = 0;
    }
    if (wanted(m, SERIES_BALANCE))
        emit(m, t, id, "", "balance", p->balance);
    if (wanted(m, SERIES_SPENDING))
        emit(m, t, id, "", "spending", p->spent);
    if (wanted(m, SERIES_DISBURSED))
        emit(m, t, id, "", "disbursed", p->disbursed);
    p->spent = p->disbursed = 0;
}

static void on_sample(tasim_sim_t *sim, void *subject, uint64_t index)
{
    model_t *m = subject;
    double t = tasim_sim_now(sim);
    double interval = index == 0 ? 0 : t - m->last_sample;
    for (size_t i = 0; i < m->unit_count; i++)
        sample_unit(m, &m->units[i], t);
    for (size_t i = 0; i < m->sc->country_count; i++)
        sample_country(m, &m->countries[i], t);
    for (size_t i = 0; i < m->sc->provider_count; i++)
        sample_provider(m, &m->providers[i], t, interval);
    for (size_t i = 0; i < m->sc->donor_count; i++) {
        donor_state_t *d = &m->donors[i];
        if (wanted(m, SERIES_BUDGET))
            emit(m, t, d->spec->id, "", "budget", d->budget);
        if (wanted(m, SERIES_RETAINED))
            emit(m, t, d->spec->id, "", "retained", d->retained);
        d->budget = 0;
    }
    m->last_sample = t;
    /* The next multiple of the interval, or the horizon itself when the
     * interval does not divide the period, so the last stretch of costs
     * is reported too. */
    double next = (double)(index + 1) * m->sample_every;
    if (t < m->horizon && !m->failed)
        tasim_sim_schedule(sim, next < m->horizon - 1e-9 ? next : m->horizon,
                           PRIO_SAMPLE, on_sample, m, index + 1);
}

void sampling_start(model_t *m)
{
    m->wanted_series = wanted_series(m->sc);
    tasim_sim_schedule(m->sim, 0, PRIO_SAMPLE, on_sample, m, 0);
}
