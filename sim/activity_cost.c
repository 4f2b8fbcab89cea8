/*
 * activity_cost.c: what an activity costs and teaches, in one place.
 *
 * The same formulas serve the programme as it runs (lumps when an
 * occurrence starts or ends, rates while experts are on site) and the
 * allocation's estimate of a programme before it starts, so the money a
 * provider reserves is the money the programme will spend when nothing
 * is delayed or cut short. docs/model.md tabulates them.
 */
#include <math.h>
#include <string.h>

#include "model_internal.h"

#define DAYS_PER_YEAR 365.25

static int lasting(const tasim_activity_t *a)
{
    return a->type == TASIM_ACT_RESIDENT_ADVISOR ||
           a->type == TASIM_ACT_INSTITUTIONALISE;
}

/* Whether the activity puts experts on site (and so an engagement). */
int activity_engages(const tasim_activity_t *a)
{
    if (a->type == TASIM_ACT_SYSTEM)
        return 0;
    if (a->type == TASIM_ACT_TRAINING)
        return a->experts > 0;
    return 1;
}

void activity_cost_rates(const model_t *m, const tasim_costs_t *c,
                         const tasim_activity_t *a,
                         double rate[TASIM_COST_COMPONENTS])
{
    const tasim_model_params_t *p = m->p;
    double experts = (double)a->experts;
    double salary = experts * c->salary_per_month * 12;
    memset(rate, 0, TASIM_COST_COMPONENTS * sizeof *rate);
    if (!activity_engages(a))
        return;
    if (a->type == TASIM_ACT_INSTITUTIONALISE) {
        rate[TASIM_COST_SALARIES] = salary * p->remote_share;
    } else if (a->type == TASIM_ACT_RESIDENT_ADVISOR) {
        rate[TASIM_COST_SALARIES] = salary;
        rate[TASIM_COST_TRAVEL] = experts * (c->housing_per_month * 12 +
                                             p->home_leave_per_year * c->trip);
    } else {
        rate[TASIM_COST_SALARIES] = salary;
        rate[TASIM_COST_TRAVEL] = experts * c->per_diem * DAYS_PER_YEAR;
    }
}

void activity_cost_at_start(const tasim_costs_t *c, const tasim_activity_t *a,
                            double lump[TASIM_COST_COMPONENTS])
{
    memset(lump, 0, TASIM_COST_COMPONENTS * sizeof *lump);
    lump[TASIM_COST_LOGISTICS] = c->logistics_per_activity;
    if (activity_engages(a) && a->type != TASIM_ACT_INSTITUTIONALISE)
        lump[TASIM_COST_TRAVEL] = a->experts * c->trip; /* arrival */
    if (a->type == TASIM_ACT_TRAINING)
        lump[TASIM_COST_TRAINING] =
            a->participants * a->days * c->training_per_participant_day;
    if (a->type == TASIM_ACT_SYSTEM)
        lump[TASIM_COST_EQUIPMENT] = a->equipment;
}

void activity_cost_at_end(const tasim_costs_t *c, const tasim_activity_t *a,
                          double lump[TASIM_COST_COMPONENTS])
{
    memset(lump, 0, TASIM_COST_COMPONENTS * sizeof *lump);
    if (a->type == TASIM_ACT_RESIDENT_ADVISOR)
        lump[TASIM_COST_TRAVEL] = a->experts * c->trip; /* departure */
}

/* Planned length of one occurrence, in years, before any cut at the
 * programme's end; `remaining` is the time left when it starts. */
double activity_length(const tasim_activity_t *a, double remaining)
{
    if (lasting(a))
        return isnan(a->months) ? remaining : a->months / 12.0;
    return a->days / DAYS_PER_YEAR;
}

double activity_offset(const tasim_activity_t *a)
{
    return (a->from_month > 0 ? a->from_month : a->at_month) / 12.0;
}

/* Planned length of a programme (fixed rule) or its longest (capacity). */
double programme_length(const tasim_programme_spec_t *s)
{
    return s->exit.rule == TASIM_EXIT_FIXED ? s->years : s->exit.max_years;
}

double programme_estimate_cost(const model_t *m,
                               const tasim_programme_spec_t *s,
                               const provider_state_t *p, const unit_t *u)
{
    (void)u;
    const tasim_costs_t *c = &p->spec->costs;
    double total = 0, len = programme_length(s);
    for (size_t i = 0; i < s->activity_count; i++) {
        const tasim_activity_t *a = &s->activities[i];
        double rate[TASIM_COST_COMPONENTS], in[TASIM_COST_COMPONENTS],
            out[TASIM_COST_COMPONENTS];
        activity_cost_rates(m, c, a, rate);
        activity_cost_at_start(c, a, in);
        activity_cost_at_end(c, a, out);
        for (double t = activity_offset(a); t < len;) {
            double d = fmin(activity_length(a, len - t), len - t);
            for (int k = 0; k < TASIM_COST_COMPONENTS; k++)
                total += in[k] + out[k] + rate[k] * d;
            if (isnan(a->every_months))
                break;
            t += a->every_months / 12.0;
        }
    }
    return total;
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

/* Share of the expert's time spent doing the work (only for modalities
 * where experts work alongside staff). */
double activity_hands_on(const tasim_activity_t *a)
{
    int doing = a->type == TASIM_ACT_RESIDENT_ADVISOR ||
                a->type == TASIM_ACT_SHORT_MISSION ||
                a->type == TASIM_ACT_PEER_EXCHANGE;
    return doing ? a->hands_on : 0;
}

double activity_learning(const model_t *m, const tasim_programme_spec_t *s,
                         const tasim_activity_t *a, const unit_t *u)
{
    double n = (double)u->positions, experts = (double)a->experts;
    double reach = fmin(1.0, experts * m->p->mentees_per_expert / n);
    return modality_rate(m->p, a->type) * s->fit * reach *
           (1 - activity_hands_on(a));
}

double activity_work(const model_t *m, const tasim_activity_t *a,
                     const unit_t *u)
{
    return activity_hands_on(a) * (double)a->experts * m->p->expert_leverage /
           (double)u->positions;
}

/* Average learning rate the activity brings over the programme: its rate
 * while on site times the share of the programme it is on site. */
double programme_learning_per_year(const model_t *m,
                                   const tasim_programme_spec_t *s,
                                   const tasim_activity_t *a,
                                   const unit_t *u)
{
    double len = programme_length(s), on_site = 0;
    for (double t = activity_offset(a); t < len;) {
        on_site += fmin(activity_length(a, len - t), len - t);
        if (isnan(a->every_months))
            break;
        t += a->every_months / 12.0;
    }
    return activity_learning(m, s, a, u) * on_site / len;
}
