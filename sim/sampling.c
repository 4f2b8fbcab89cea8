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
    const struct { const char *name; double value; } rows[] = {
        {"capacity", k},
        {"performance", perf},
        {"dependency", dep},
        {"skill", unit_mean_skill(u)},
        {"institutional", u->inst},
        {"systems", u->systems},
        {"staff", (double)u->filled},
        {"vacancies", (double)((size_t)u->positions - u->filled)},
        {"programmes", (double)u->programmes_running},
        {"duplicates", (double)u->duplicates},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
        if (wanted(m, rows[i].name))
            emit(m, t, c, topic, rows[i].name, rows[i].value);
    const tasim_indicator_t *ind = &u->spec->indicator;
    if (u->spec->has_indicator && wanted(m, "indicator"))
        emit(m, t, c, topic, "indicator",
             ind->base + ind->max_gain * pow(perf, ind->gamma));
    for (int j = 0; j < TASIM_COST_COMPONENTS; j++) {
        if (wanted(m, "cost"))
            emit(m, t, c, topic, cost_series[j], u->cost[j]);
        u->cost[j] = 0;
    }
    if (m->sc->has_demand) {
        if (wanted(m, "queue"))
            emit(m, t, c, topic, "queue", (double)u->queue);
        if (wanted(m, "wait"))
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
    if (wanted(m, "ownership"))
        emit(m, t, id, "", "ownership", c->ownership);
    if (c->spec->has_fiscal && wanted(m, "aid_need"))
        emit(m, t, id, "", "aid_need", aid_need(c));
    if (wanted(m, "crisis"))
        emit(m, t, id, "", "crisis", c->in_crisis > 0);
    if (wanted(m, "budget_support"))
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
        if (wanted(m, "utilisation"))
            emit_maybe(m, t, id, name, "utilisation",
                       size > 0 && interval > 0
                           ? pool->busy_area / (size * interval)
                           : NAN);
        if (wanted(m, "expert_queue"))
            emit(m, t, id, name, "expert_queue", (double)pool->waiting);
        if (wanted(m, "expert_wait"))
            emit_maybe(m, t, id, name, "expert_wait",
                       pool->wait_count ? pool->wait_sum / pool->wait_count
                                        : NAN);
        pool->busy_area = pool->wait_sum = 0;
        pool->wait_count = 0;
    }
    if (wanted(m, "balance"))
        emit(m, t, id, "", "balance", p->balance);
    if (wanted(m, "spending"))
        emit(m, t, id, "", "spending", p->spent);
    if (wanted(m, "disbursed"))
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
        if (wanted(m, "budget"))
            emit(m, t, d->spec->id, "", "budget", d->budget);
        if (wanted(m, "retained"))
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
    tasim_sim_schedule(m->sim, 0, PRIO_SAMPLE, on_sample, m, 0);
}
