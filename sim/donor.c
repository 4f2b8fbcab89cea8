/*
 * donor.c: donors' yearly budgets and where the money goes.
 *
 * Each scenario year a donor's budget is per_year * (1 + growth)^year,
 * times a mean-one lognormal shock exp(volatility Z - volatility^2 / 2),
 * times the scripted cuts so far. It is split along the donor's channels:
 * pooled funds and bilateral programmes add to a provider's balance,
 * budget support goes to a country's budget (less the share a crisis
 * there withholds), and what the channels leave stays with the donor.
 * Providers also receive their own core budget. Every dollar therefore
 * ends in exactly one of: a provider's balance (later spent on a cost
 * component), a country's budget support, or the donor's retained money.
 */
#include <math.h>

#include <gsl/gsl_randist.h>

#include "model_internal.h"
#include "tasim/rng.h"

void donor_init(model_t *m, donor_state_t *d, size_t index)
{
    d->spec = &m->sc->donors[index];
    d->cut_factor = 1;
    d->retained = 0;
    d->rng_budget = tasim_sim_stream(m->sim, "donor.budget", index);
}

void donor_cut(model_t *m, size_t donor, double cut)
{
    m->donors[donor].cut_factor *= 1 - cut;
}

static double budget_of(donor_state_t *d, double year)
{
    const tasim_budget_t *b = &d->spec->budget;
    double shock = 1;
    if (b->volatility > 0) /* drawn every year, used or not: CRN */
        shock = exp(b->volatility * gsl_ran_ugaussian(d->rng_budget) -
                    0.5 * b->volatility * b->volatility);
    return b->per_year * pow(1 + b->growth, year) * shock * d->cut_factor;
}

static void disburse(model_t *m, donor_state_t *d, size_t di, double year)
{
    double budget = budget_of(d, year), channelled = 0;
    d->budget += budget;
    for (size_t k = 0; k < d->spec->channel_count; k++) {
        const tasim_channel_t *ch = &d->spec->channels[k];
        double amount = budget * ch->share;
        channelled += amount;
        if (ch->kind == TASIM_CHANNEL_BUDGET_SUPPORT) {
            country_state_t *c = &m->countries[ch->target];
            double cut = c->in_crisis ? amount * c->spec->crisis.budget_cut : 0;
            c->budget_support += amount - cut;
            d->retained += cut;
            continue;
        }
        provider_state_t *p = &m->providers[ch->target];
        p->balance += amount;
        p->disbursed += amount;
        p->donor_share[di] += amount; /* cumulated; normalised when used */
    }
    /* Shares summing to 1 leave a rounding residue of either sign; it is
     * money nobody holds, so it is not booked. */
    double rest = budget - channelled;
    if (fabs(rest) > 1e-9 * budget)
        d->retained += rest;
}

static void on_disbursement(tasim_sim_t *sim, void *subject, uint64_t year)
{
    model_t *m = subject;
    for (size_t i = 0; i < m->sc->donor_count; i++)
        disburse(m, &m->donors[i], i, (double)year);
    for (size_t i = 0; i < m->sc->provider_count; i++) {
        provider_state_t *p = &m->providers[i];
        p->balance += p->spec->core_per_year;
        p->disbursed += p->spec->core_per_year;
    }
    allocation_soon(m); /* new money may serve waiting requests */
    if ((double)(year + 1) < m->horizon)
        tasim_sim_schedule(sim, (double)(year + 1), PRIO_PROGRAMME - 1,
                           on_disbursement, m, year + 1);
}

void donors_start(model_t *m)
{
    /* Before anything else at the start of each year: money first. */
    tasim_sim_schedule(m->sim, 0, PRIO_PROGRAMME - 1, on_disbursement, m, 0);
}
