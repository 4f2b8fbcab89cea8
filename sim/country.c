/*
 * country.c: a country's ownership (political will), government changes
 * that move it, and crises that raise staff turnover.
 *
 * Ownership multiplies every engagement's learning rate in the country's
 * units, so a change re-evaluates their inputs. Random government changes
 * arrive as a Poisson process with the scenario's mean interval; the new
 * ownership is drawn from a normal around the country's mean level,
 * truncated to [0, 1]. Random crises start at the scenario's rate and
 * last an exponential time with its mean length.
 */
#include <math.h>

#include <gsl/gsl_randist.h>

#include "model_internal.h"
#include "tasim/alloc.h"
#include "tasim/rng.h"

double country_draw_ownership(country_state_t *c)
{
    double mean = c->spec->ownership, sd = c->spec->government_change.ownership_sd;
    if (sd <= 0)
        return mean;
    for (int i = 0; i < 100; i++) {
        double w = mean + gsl_ran_gaussian(c->rng_government, sd);
        if (w >= 0 && w <= 1)
            return w;
    }
    return mean;
}

void country_set_ownership(country_state_t *c, double w)
{
    double now = tasim_sim_now(c->units[0]->model->sim);
    for (size_t i = 0; i < c->unit_count; i++)
        unit_advance(c->units[i], now);
    c->ownership = w;
    for (size_t i = 0; i < c->unit_count; i++) {
        unit_refresh_inputs(c->units[i]);
        demand_refresh(c->units[i]); /* requests scale with ownership */
    }
}

static void on_government_change(tasim_sim_t *sim, void *subject,
                                 uint64_t arg)
{
    (void)arg;
    country_state_t *c = subject;
    country_set_ownership(c, country_draw_ownership(c));
    double every = c->spec->government_change.every_years;
    tasim_sim_schedule(sim, tasim_sim_now(sim) +
                                tasim_rng_exponential(c->rng_government,
                                                      1.0 / every),
                       PRIO_DEFAULT, on_government_change, c, 0);
}

/* ---- crises ------------------------------------------------------ */

static void apply_crisis_turnover(country_state_t *c)
{
    double mult = c->in_crisis > 0 ? c->spec->crisis.turnover_multiplier : 1;
    for (size_t i = 0; i < c->unit_count; i++) {
        unit_set_turnover_multiplier(c->units[i], mult);
        demand_refresh(c->units[i]); /* and demand with the crisis */
    }
}

static void on_crisis_end(tasim_sim_t *sim, void *subject, uint64_t arg);

/* Start a crisis lasting `years` (arg 1: a random one, which schedules the
 * next random start when it ends). */
void country_crisis_begin(country_state_t *c, double years, int random)
{
    tasim_sim_t *sim = c->units[0]->model->sim;
    c->in_crisis++;
    apply_crisis_turnover(c);
    tasim_sim_schedule(sim, tasim_sim_now(sim) + years, PRIO_DEFAULT,
                       on_crisis_end, c, (uint64_t)random);
}

static void on_crisis_start(tasim_sim_t *sim, void *subject, uint64_t arg)
{
    (void)arg;
    (void)sim;
    country_state_t *c = subject;
    double years = tasim_rng_exponential(c->rng_crisis,
                                         1.0 / c->spec->crisis.years);
    country_crisis_begin(c, years, 1);
}

static void schedule_random_crisis(country_state_t *c)
{
    tasim_sim_t *sim = c->units[0]->model->sim;
    double rate = c->spec->crisis.rate;
    if (rate <= 0)
        return;
    tasim_sim_schedule(sim, tasim_sim_now(sim) +
                                tasim_rng_exponential(c->rng_crisis, rate),
                       PRIO_DEFAULT, on_crisis_start, c, 0);
}

static void on_crisis_end(tasim_sim_t *sim, void *subject, uint64_t arg)
{
    (void)sim;
    country_state_t *c = subject;
    c->in_crisis--;
    apply_crisis_turnover(c);
    if (arg == 1) /* random crises do not overlap themselves */
        schedule_random_crisis(c);
}

/* ---- set-up ------------------------------------------------------ */

void country_init(model_t *m, country_state_t *c, size_t index)
{
    c->spec = &m->sc->countries[index];
    c->index = index;
    c->ownership = c->spec->ownership;
    c->rng_government = tasim_sim_stream(m->sim, "country.government", index);
    c->rng_crisis = tasim_sim_stream(m->sim, "country.crisis", index);
    c->units = tasim_xcalloc(c->spec->unit_count, sizeof *c->units);
}

void country_start_processes(country_state_t *c)
{
    tasim_sim_t *sim = c->units[0]->model->sim;
    double every = c->spec->government_change.every_years;
    if (every > 0)
        tasim_sim_schedule(sim, tasim_rng_exponential(c->rng_government,
                                                      1.0 / every),
                           PRIO_DEFAULT, on_government_change, c, 0);
    schedule_random_crisis(c);
}
