/*
 * programme.c: a TA programme on one unit: its activities as engagements,
 * their costs in five components, the exit rule, and the evaluations
 * (milestone ratings, retention after exit).
 *
 * Activities become engagements while experts are present: missions and
 * workshops for their days, resident advisors and institutionalisation
 * for their months (or to the programme's end). Repeating activities
 * schedule their next occurrence when one starts, so a programme holds a
 * handful of pending events whatever its length. Costs accrue as lumps
 * (trips, logistics, materials, equipment) when they are incurred and as
 * rates (salaries, allowances, home leave) while an engagement runs; the
 * unit's sampling interval and the programme's totals add up the same
 * amounts. docs/model.md gives the cost formulas per activity type.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "model_internal.h"
#include "tasim/alloc.h"

#define DAYS_PER_YEAR 365.25

static void track(programme_t *p, tasim_event_id_t id)
{
    if (p->pending_count == p->pending_cap) {
        p->pending_cap = p->pending_cap ? 2 * p->pending_cap : 8;
        p->pending = tasim_xrealloc(p->pending,
                                    p->pending_cap * sizeof *p->pending);
    }
    p->pending[p->pending_count++] = id;
}

static tasim_event_id_t schedule(programme_t *p, double t, int prio,
                                 tasim_event_fn fn, uint64_t arg)
{
    tasim_event_id_t id = tasim_sim_schedule(p->model->sim, t, prio, fn, p,
                                             arg);
    track(p, id);
    return id;
}

static const tasim_costs_t *costs_of(const programme_t *p)
{
    return &p->model->sc->providers[p->spec->provider_index].costs;
}

static void spend(programme_t *p, int component, double usd)
{
    p->unit->cost[component] += usd;
    p->rec.cost[component] += usd;
}

static double activity_offset(const tasim_activity_t *a)
{
    return (a->from_month > 0 ? a->from_month : a->at_month) / 12.0;
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

static double modality_rate(const tasim_model_params_t *p, int type)
{
    switch (type) {
    case TASIM_ACT_DIAGNOSTIC: return p->learning.diagnostic;
    case TASIM_ACT_SHORT_MISSION: return p->learning.short_mission;
    case TASIM_ACT_RESIDENT_ADVISOR: return p->learning.resident_advisor;
    case TASIM_ACT_PEER_EXCHANGE: return p->learning.peer_exchange;
    default: return 0; /* workshops act as pulses; the rest as stock */
    }
}

/* Learning, expert work and cost rates of an activity while it runs. */
static void describe_engagement(programme_t *p, engagement_t *e)
{
    const tasim_model_params_t *mp = p->model->p;
    const tasim_activity_t *a = e->act;
    const tasim_costs_t *c = costs_of(p);
    double n = (double)p->unit->positions, experts = (double)a->experts;
    double reach = fmin(1.0, experts * mp->mentees_per_expert / n);
    int doing = a->type == TASIM_ACT_RESIDENT_ADVISOR ||
                a->type == TASIM_ACT_SHORT_MISSION ||
                a->type == TASIM_ACT_PEER_EXCHANGE;
    double hands_on = doing ? a->hands_on : 0;
    e->learning = modality_rate(mp, a->type) * p->spec->fit * reach *
                  (1 - hands_on);
    e->work = hands_on * experts * mp->expert_leverage / n;
    e->institutional = a->type == TASIM_ACT_INSTITUTIONALISE;
    double salary = experts * c->salary_per_month * 12;
    if (e->institutional) {
        e->cost_rate[TASIM_COST_SALARIES] = salary * mp->remote_share;
    } else if (a->type == TASIM_ACT_RESIDENT_ADVISOR) {
        e->cost_rate[TASIM_COST_SALARIES] = salary;
        e->cost_rate[TASIM_COST_TRAVEL] =
            experts * (c->housing_per_month * 12 +
                       mp->home_leave_per_year * c->trip);
    } else {
        e->cost_rate[TASIM_COST_SALARIES] = salary;
        e->cost_rate[TASIM_COST_TRAVEL] = experts * c->per_diem * DAYS_PER_YEAR;
    }
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
    describe_engagement(p, e);
    const tasim_costs_t *c = costs_of(p);
    spend(p, TASIM_COST_LOGISTICS, c->logistics_per_activity);
    if (!e->institutional)
        spend(p, TASIM_COST_TRAVEL, a->experts * c->trip); /* arrival */
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

/* Stop an engagement now: its running costs go to the programme, and a
 * resident advisor flies home. */
static void stop_engagement(engagement_t *e, double now)
{
    programme_t *p = e->prog;
    e->on = false;
    for (int k = 0; k < TASIM_COST_COMPONENTS; k++)
        p->rec.cost[k] += e->cost_rate[k] * (now - e->started);
    if (e->act->type == TASIM_ACT_RESIDENT_ADVISOR)
        spend(p, TASIM_COST_TRAVEL, e->act->experts * costs_of(p)->trip);
    unit_disengage(p->unit, e);
}

static void release(programme_t *p, engagement_t *e)
{
    for (size_t i = 0; i < p->engagement_count; i++)
        if (p->engagements[i] == e) {
            p->engagements[i] = p->engagements[--p->engagement_count];
            break;
        }
    e->next_free = p->model->free_engagements;
    p->model->free_engagements = e;
}

static void on_engagement_end(tasim_sim_t *sim, void *subject, uint64_t arg)
{
    (void)arg;
    engagement_t *e = subject;
    stop_engagement(e, tasim_sim_now(sim));
    release(e->prog, e);
}

/* ---- activities ---------------------------------------------------- */

static double programme_end(const programme_t *p)
{
    return p->spec->exit.rule == TASIM_EXIT_FIXED ? p->planned_end
                                                  : p->hard_end;
}

static void on_occurrence(tasim_sim_t *sim, void *subject, uint64_t arg);

/* One occurrence of activity `i`; repeating ones book the next. */
static void occur(programme_t *p, size_t i)
{
    const tasim_activity_t *a = &p->spec->activities[i];
    model_t *m = p->model;
    double now = tasim_sim_now(m->sim), end = programme_end(p);
    const tasim_costs_t *c = costs_of(p);
    switch (a->type) {
    case TASIM_ACT_SYSTEM:
        unit_advance(p->unit, now);
        p->unit->systems = fmax(p->unit->systems, a->quality);
        unit_refresh_inputs(p->unit);
        spend(p, TASIM_COST_EQUIPMENT, a->equipment);
        spend(p, TASIM_COST_LOGISTICS, c->logistics_per_activity);
        break;
    case TASIM_ACT_TRAINING: {
        double gain = (1 - pow(1 - m->p->training_gain_per_day, a->days)) *
                      p->spec->fit * p->country->ownership;
        unit_training_pulse(p->unit, a->participants, gain);
        spend(p, TASIM_COST_TRAINING,
              a->participants * a->days * c->training_per_participant_day);
        if (a->experts > 0)
            start_engagement(p, a, a->days / DAYS_PER_YEAR);
        else
            spend(p, TASIM_COST_LOGISTICS, c->logistics_per_activity);
        break;
    }
    case TASIM_ACT_RESIDENT_ADVISOR:
    case TASIM_ACT_INSTITUTIONALISE: {
        double len = isnan(a->months) ? end - now : a->months / 12.0;
        if (now + len > end)
            len = end - now; /* nobody stays past the programme */
        if (len > 0)
            start_engagement(p, a, len);
        break;
    }
    default: /* diagnostic, short mission, peer exchange */
        start_engagement(p, a, fmin(a->days / DAYS_PER_YEAR, end - now));
        break;
    }
    if (!isnan(a->every_months)) {
        double next = now + a->every_months / 12.0;
        if (next < end && next <= m->horizon)
            schedule(p, next, PRIO_ACTIVITY, on_occurrence, i);
    }
}

static void on_occurrence(tasim_sim_t *sim, void *subject, uint64_t arg)
{
    (void)sim;
    programme_t *p = subject;
    if (p->running)
        occur(p, (size_t)arg);
}

/* ---- evaluations --------------------------------------------------- */

enum { EVAL_OBJECTIVE = 0, EVAL_RETENTION = 1 };

static void on_evaluation(tasim_sim_t *sim, void *subject, uint64_t arg)
{
    programme_t *p = subject;
    unit_advance(p->unit, tasim_sim_now(sim));
    size_t index = (size_t)(arg >> 8);
    if ((arg & 0xff) == EVAL_OBJECTIVE) {
        const tasim_objective_t *o = &p->spec->objectives[index];
        p->objective_value[index] = isnan(o->capacity)
                                        ? unit_performance(p->unit)
                                        : unit_capacity(p->unit);
        return;
    }
    double k = unit_capacity(p->unit);
    double gain = p->rec.capacity_exit - p->rec.capacity_start;
    p->rec.retention[index] =
        p->rec.capacity_exit > 0 ? k / p->rec.capacity_exit : NAN;
    p->rec.gain_retention[index] =
        fabs(gain) > 1e-9 ? (k - p->rec.capacity_start) / gain : NAN;
}

/* 4: fully achieved (ratio >= 1), 3: largely (>= 2/3), 2: partly
 * (>= 1/3), 1: not achieved; ratio = gain made / gain targeted. */
static double score(double start, double target, double value)
{
    double ratio = target > start ? (value - start) / (target - start)
                                  : (value >= target ? 1 : 0);
    return ratio >= 1 ? 4 : ratio >= 2.0 / 3 ? 3 : ratio >= 1.0 / 3 ? 2 : 1;
}

static void rate(programme_t *p)
{
    double sum = 0;
    size_t n = p->spec->objective_count;
    for (size_t i = 0; i < n; i++) {
        const tasim_objective_t *o = &p->spec->objectives[i];
        if (isnan(p->objective_value[i]))
            return; /* a milestone beyond the horizon: no rating */
        int cap = !isnan(o->capacity);
        sum += score(cap ? p->rec.capacity_start : p->performance_start,
                     cap ? o->capacity : o->performance,
                     p->objective_value[i]);
    }
    if (n > 0)
        p->rec.rating = floor(sum / (double)n + 0.5);
}

/* ---- start and exit ------------------------------------------------ */

static void exit_programme(programme_t *p)
{
    model_t *m = p->model;
    double now = tasim_sim_now(m->sim);
    p->running = false;
    p->ended = true;
    for (size_t i = 0; i < p->pending_count; i++)
        tasim_sim_cancel(m->sim, p->pending[i]);
    p->pending_count = 0;
    while (p->engagement_count > 0) {
        engagement_t *e = p->engagements[p->engagement_count - 1];
        tasim_sim_cancel(m->sim, e->end_event);
        stop_engagement(e, now);
        release(p, e);
    }
    unit_advance(p->unit, now);
    p->rec.exit = m->start_year + now;
    p->rec.capacity_exit = unit_capacity(p->unit);
    for (int k = 0; k < TASIM_RETENTION_POINTS; k++) {
        double t = now + tasim_retention_years[k];
        if (t <= m->horizon)
            tasim_sim_schedule(m->sim, t, PRIO_EVALUATION, on_evaluation, p,
                               (uint64_t)k << 8 | EVAL_RETENTION);
    }
}

static void on_exit_due(tasim_sim_t *sim, void *subject, uint64_t arg)
{
    (void)sim;
    (void)arg;
    programme_t *p = subject;
    if (p->running)
        exit_programme(p);
}

static void on_start(tasim_sim_t *sim, void *subject, uint64_t arg)
{
    (void)arg;
    programme_t *p = subject;
    model_t *m = p->model;
    double now = tasim_sim_now(sim);
    unit_advance(p->unit, now);
    p->running = true;
    p->rec.capacity_start = unit_capacity(p->unit);
    p->performance_start = unit_performance(p->unit);
    double end = programme_end(p);
    tasim_sim_schedule(sim, end, PRIO_PROGRAMME, on_exit_due, p, 0);
    for (size_t i = 0; i < p->spec->activity_count; i++) {
        double t = now + activity_offset(&p->spec->activities[i]);
        if (t < end && t <= m->horizon)
            schedule(p, t, PRIO_ACTIVITY, on_occurrence, i);
    }
}

/* Capacity rule: exit once capacity has held the target for hold_months;
 * checked at every sample (the sampling interval is the resolution). */
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

void programme_init(model_t *m, programme_t *p,
                    const tasim_programme_spec_t *s)
{
    const tasim_scenario_t *sc = m->sc;
    *p = (programme_t){.model = m, .spec = s, .target_since = NAN};
    p->country = &m->countries[s->country_index];
    for (size_t i = 0; i < p->country->unit_count; i++)
        if (p->country->units[i]->topic == (size_t)s->topic_index)
            p->unit = p->country->units[i];
    tasim_assert(p->unit != NULL);
    p->start = tasim_date_to_year(s->start) - m->start_year;
    p->planned_end = p->start + s->years;
    p->hard_end = p->start + s->exit.max_years;
    p->objective_value = tasim_xmalloc((s->objective_count + 1) *
                                       sizeof *p->objective_value);
    for (size_t i = 0; i < s->objective_count; i++)
        p->objective_value[i] = NAN;
    tasim_programme_record_t *r = &p->rec;
    r->id = s->id;
    r->country = s->country;
    r->topic = s->topic;
    r->provider = s->provider;
    r->funder = s->funder ? s->funder : "";
    r->start = m->start_year + p->start;
    r->exit = r->rating = r->capacity_start = r->capacity_exit = NAN;
    r->recipient_share = s->cost_sharing;
    for (int k = 0; k < TASIM_RETENTION_POINTS; k++)
        r->retention[k] = r->gain_retention[k] = NAN;
    (void)sc;
}

void programme_schedule(programme_t *p)
{
    model_t *m = p->model;
    if (p->start <= m->horizon)
        tasim_sim_schedule(m->sim, p->start, PRIO_PROGRAMME, on_start, p, 0);
    for (size_t i = 0; i < p->spec->objective_count; i++) {
        double t = tasim_date_to_year(p->spec->objectives[i].by) -
                   m->start_year;
        if (t >= 0 && t <= m->horizon)
            tasim_sim_schedule(m->sim, t, PRIO_EVALUATION, on_evaluation, p,
                               (uint64_t)i << 8 | EVAL_OBJECTIVE);
    }
}

/* At the horizon: engagements still running are paid up to now. */
void programme_finish_horizon(programme_t *p)
{
    double now = p->model->horizon;
    for (size_t i = 0; i < p->engagement_count; i++) {
        engagement_t *e = p->engagements[i];
        for (int k = 0; k < TASIM_COST_COMPONENTS; k++)
            p->rec.cost[k] += e->cost_rate[k] * (now - e->started);
    }
    rate(p);
}

void programme_fini(programme_t *p)
{
    free(p->pending);
    free(p->engagements);
    free(p->objective_value);
}
