/*
 * evaluation.c: how a programme is judged: its objectives' milestones,
 * measured at their dates and rated on a 4-point scale, and retention of
 * capacity 1, 3 and 5 years after exit.
 */
#include <math.h>

#include "model_internal.h"
#include "tasim/alloc.h"

enum { EVAL_OBJECTIVE = 0, EVAL_RETENTION = 1 };

void evaluation_init(programme_t *p)
{
    model_t *m = p->model;
    const tasim_programme_spec_t *s = p->spec;
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
}

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

void evaluation_schedule_objectives(programme_t *p)
{
    model_t *m = p->model;
    for (size_t i = 0; i < p->spec->objective_count; i++) {
        double t = tasim_date_to_year(p->spec->objectives[i].by) -
                   m->start_year;
        if (t >= 0 && t <= m->horizon)
            tasim_sim_schedule(m->sim, t, PRIO_EVALUATION, on_evaluation, p,
                               (uint64_t)i << 8 | EVAL_OBJECTIVE);
    }
}

void evaluation_schedule_retention(programme_t *p)
{
    model_t *m = p->model;
    double now = tasim_sim_now(m->sim);
    for (int k = 0; k < TASIM_RETENTION_POINTS; k++) {
        double t = now + tasim_retention_years[k];
        if (t <= m->horizon)
            tasim_sim_schedule(m->sim, t, PRIO_EVALUATION, on_evaluation, p,
                               (uint64_t)k << 8 | EVAL_RETENTION);
    }
}

/* 4: fully achieved (ratio >= 1), 3: largely (>= 2/3), 2: partly
 * (>= 1/3), 1: not achieved; ratio = gain made / gain targeted. */
static double score(double start, double target, double value)
{
    double ratio = target > start ? (value - start) / (target - start)
                                  : (value >= target ? 1 : 0);
    return ratio >= 1 ? 4 : ratio >= 2.0 / 3 ? 3 : ratio >= 1.0 / 3 ? 2 : 1;
}

void evaluation_rate(programme_t *p)
{
    double sum = 0;
    size_t n = p->spec->objective_count;
    if (isnan(p->rec.capacity_start))
        return; /* never started */
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
