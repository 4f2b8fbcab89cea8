/*
 * unit.c: a government unit (country x topic): staff and their skills,
 * institutional knowledge, systems, turnover and hiring, and the inputs
 * (learning rate, expert work) that engagements bring.
 *
 * Skills: staff in post keep coordinates c_i, and skill_i = a * c_i + b,
 * where (a, b) is the composition of the affine maps of every interval so
 * far (tasim/skill.h). Advancing the unit updates (a, b) and the mean in
 * O(1); a hire or an exit adds or removes one coordinate. When a has
 * shrunk so far that coordinates would lose precision, the unit writes
 * skills back into coordinates (a = 1, b = 0): O(staff), but only once
 * every many years of simulated time.
 *
 * Turnover: each member leaves at rate tau and each vacancy is filled at
 * rate 1 / mean delay. By the superposition of Poisson processes the
 * unit's next staff change comes at the total rate
 * R = tau * filled + vacancies / delay, and it is an exit with
 * probability tau * filled / R, the leaver a uniformly drawn member: one
 * pending time per unit replaces one per person. Its draws come from one
 * stream, so a change costs one generator's memory, not three (at world
 * scale the generators' states do not fit in cache, and each stream
 * touched is a cache miss).
 *
 * Exits and hires touch nothing but their unit, and everything that
 * reads or changes a unit advances it first. So they need not pass
 * through the engine's queue: the unit keeps the time of its next staff
 * change and carries the changes out, in time order, whenever it is
 * advanced past them. That is the same process as scheduling them as
 * events, at a fraction of the cost (most events of a large scenario are
 * exits and hires). They still count as model events.
 */
#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_randist.h>

#include "model_internal.h"
#include "tasim/alloc.h"
#include "tasim/rng.h"
#include "tasim/skill.h"

/* Rewrite coordinates when a falls below this (c would grow past 1e9). */
#define RENORMALISE_BELOW 1e-9
/* Recompute the coordinate sum from scratch after this many edits, so
 * rounding from repeated additions and removals cannot accumulate. */
#define RESUM_EVERY 4096

static double clamp01(double x) { return x < 0 ? 0 : x > 1 ? 1 : x; }

static void resum(unit_t *u)
{
    double s = 0;
    for (size_t i = 0; i < u->filled; i++)
        s += u->coord[i];
    u->coord_sum = s;
    u->edits_since_sum = 0;
}

static void note_edit(unit_t *u)
{
    if (++u->edits_since_sum >= RESUM_EVERY)
        resum(u);
}

static void renormalise(unit_t *u)
{
    for (size_t i = 0; i < u->filled; i++)
        u->coord[i] = clamp01(u->a * u->coord[i] + u->b);
    u->a = 1;
    u->b = 0;
    resum(u);
}

static double skill_of(const unit_t *u, size_t i)
{
    return clamp01(u->a * u->coord[i] + u->b);
}

static void set_skill(unit_t *u, size_t i, double s)
{
    double c = (clamp01(s) - u->b) / u->a;
    u->coord_sum += c - u->coord[i];
    u->coord[i] = c;
    note_edit(u);
}

/* A starting skill: normal around the unit's mean, redrawn until it lies
 * in [0, 1] (a truncated normal), clamped after 100 tries. */
static double draw_start_skill(const gsl_rng *r, double mean, double sd)
{
    for (int i = 0; i < 100; i++) {
        double s = mean + gsl_ran_gaussian(r, sd);
        if (s >= 0 && s <= 1)
            return s;
    }
    return clamp01(mean);
}

void unit_init(model_t *m, unit_t *u, size_t country, size_t topic,
               const tasim_unit_t *spec)
{
    *u = (unit_t){.model = m, .spec = spec, .country = country,
                  .topic = topic, .a = 1, .b = 0,
                  .turnover_multiplier = 1, .next_staff = INFINITY};
    u->entity = (uint64_t)country << 16 | (uint64_t)topic;
    u->positions = spec->staff;
    u->coord = tasim_xmalloc((size_t)spec->staff * sizeof *u->coord);
    /* The starting skills' stream is used here only: a generator of our
     * own with that stream's seed, freed at once, saves every unit a
     * generator state (5 KB; 6 MB at world scale) for the whole run. */
    const tasim_sim_config_t *cfg = tasim_sim_config(m->sim);
    gsl_rng *init = tasim_rng_create(tasim_rng_stream_seed(
        cfg->seed, cfg->replication, "unit.skills", u->entity));
    for (long i = 0; i < spec->staff; i++)
        u->coord[i] = draw_start_skill(init, spec->skill, spec->skill_sd);
    gsl_rng_free(init);
    u->filled = (size_t)spec->staff;
    resum(u);
    u->inst = spec->institutional;
    u->systems = spec->systems;
    u->rng_staff = tasim_sim_stream(m->sim, "unit.staff", u->entity);
    /* Training and random durations come with programmes, which many
     * units never have: their streams are created on first use
     * (unit_stream), with the same draws as if created here. */
    unit_refresh_inputs(u);
}

gsl_rng *unit_stream(unit_t *u, gsl_rng **slot, const char *name)
{
    if (*slot == NULL)
        *slot = tasim_sim_stream(u->model->sim, name, u->entity);
    return *slot;
}

void unit_fini(unit_t *u)
{
    free(u->coord);
    free(u->engaged);
}

double unit_mean_skill(const unit_t *u)
{
    if (u->filled == 0)
        return 0;
    return clamp01((u->a * u->coord_sum + u->b * (double)u->filled) /
                   (double)u->filled);
}

double unit_skill_share(const unit_t *u)
{
    return unit_mean_skill(u) * (double)u->filled / (double)u->positions;
}

double unit_capacity(const unit_t *u)
{
    const tasim_model_params_t *p = u->model->p;
    double human = (1 - p->theta) * unit_skill_share(u) + p->theta * u->inst;
    return clamp01(human * ((1 - p->beta) + p->beta * u->systems));
}

/* P = min(1, K (1 - burden * (programmes - 1)) + expert work): every
 * programme beyond the first ties up counterpart staff. */
double unit_performance(const unit_t *u)
{
    int extra = u->programmes_running > 1 ? u->programmes_running - 1 : 0;
    double free_share = 1 - u->model->p->counterpart_burden * extra;
    double perf = unit_capacity(u) * (free_share > 0 ? free_share : 0) +
                  u->work;
    return perf > 1 ? 1 : perf;
}

/* Bring skills, knowledge, systems and costs from u->last_t to t, with
 * the staff in post unchanged. */
static void advance_to(unit_t *u, double t)
{
    double dt = t - u->last_t;
    if (dt <= 0)
        return;
    /* Experts on site are paid for the time that passed. */
    for (size_t i = 0; i < u->engaged_count; i++)
        for (int k = 0; k < TASIM_COST_COMPONENTS; k++)
            programme_spend(u->engaged[i]->prog, k,
                            u->engaged[i]->cost_rate[k] * dt);
    const tasim_model_params_t *p = u->model->p;
    tasim_skill_rates_t rates = {
        .lambda = u->lambda,
        .delta = u->spec->forgetting,
        /* Writing manuals and procedures needs political will as much as
         * learning does: the rate scales with ownership. */
        .k = u->institutionalising
                 ? p->institutionalise_rate *
                       u->model->countries[u->country].ownership
                 : 0,
        .eps = p->institutional_erosion,
        .phi = (double)u->filled / (double)u->positions,
    };
    tasim_skill_step_t st =
        tasim_skill_advance(&rates, unit_mean_skill(u), u->inst, dt);
    u->a *= st.alpha;
    u->b = st.alpha * u->b + st.beta;
    u->inst = st.inst;
    u->systems *= exp(-u->systems_decay * dt);
    u->last_t = t;
    if (u->a < RENORMALISE_BELOW)
        renormalise(u);
}

/* Inputs are held constant until the next event that changes them:
 * absorptive capacity and the systems' maintenance are re-evaluated here,
 * at every engagement change, ownership change and sample. */
void unit_refresh_inputs(unit_t *u)
{
    const tasim_model_params_t *p = u->model->p;
    double sbar = unit_mean_skill(u);
    u->absorptive = p->absorptive_base +
                    p->absorptive_per_100_staff * u->positions / 100.0 +
                    p->absorptive_per_skill * sbar;
    double learning = 0, work = 0;
    int experts = 0, inst = 0;
    for (size_t i = 0; i < u->engaged_count; i++) {
        const engagement_t *e = u->engaged[i];
        learning += e->learning;
        work += e->work;
        /* Engagements that teach or do the work compete for the staff's
         * attention; trainers' workshops act as pulses instead. */
        experts += !e->institutional && e->act->type != TASIM_ACT_TRAINING;
        inst += e->institutional;
    }
    double dilution = experts > u->absorptive ? u->absorptive / experts : 1;
    double w = u->model->countries[u->country].ownership;
    u->lambda = w * learning * dilution;
    u->work = work;
    u->institutionalising = inst;
    u->systems_decay = unit_skill_share(u) < p->systems_skill_needed
                           ? p->systems_depreciation_unmaintained
                           : p->systems_depreciation;
}

void unit_engage(unit_t *u, engagement_t *e)
{
    unit_advance(u, tasim_sim_now(u->model->sim));
    if (u->engaged_count == u->engaged_cap) {
        u->engaged_cap = u->engaged_cap ? 2 * u->engaged_cap : 4;
        u->engaged = tasim_xrealloc(u->engaged,
                                    u->engaged_cap * sizeof *u->engaged);
    }
    u->engaged[u->engaged_count++] = e;
    unit_refresh_inputs(u);
}

void unit_disengage(unit_t *u, engagement_t *e)
{
    unit_advance(u, tasim_sim_now(u->model->sim));
    for (size_t i = 0; i < u->engaged_count; i++)
        if (u->engaged[i] == e) {
            /* Keep the order: the sum over engagements must not depend on
             * which one ended, so results stay bit-identical. */
            for (size_t j = i + 1; j < u->engaged_count; j++)
                u->engaged[j - 1] = u->engaged[j];
            u->engaged_count--;
            break;
        }
    unit_refresh_inputs(u);
}

void unit_training_pulse(unit_t *u, long participants, double gain)
{
    if (gain <= 0)
        return; /* no effect, and no draws: common random numbers hold */
    unit_advance(u, tasim_sim_now(u->model->sim));
    size_t n = participants < 0 ? 0 : (size_t)participants;
    if (n > u->filled)
        n = u->filled;
    for (size_t i = 0; i < n; i++) { /* partial Fisher-Yates draw */
        size_t j =
            i + (size_t)gsl_rng_uniform_int(
                    unit_stream(u, &u->rng_training, "unit.training"),
                    u->filled - i);
        double tmp = u->coord[i];
        u->coord[i] = u->coord[j];
        u->coord[j] = tmp;
        double s = skill_of(u, i);
        set_skill(u, i, s + gain * (1 - s));
    }
}

/* ---- turnover and hiring ---------------------------------------- */

static double exit_rate(const unit_t *u, size_t filled)
{
    return u->spec->turnover * u->turnover_multiplier * (double)filled;
}

static double hire_rate(const unit_t *u, size_t filled)
{
    size_t vacant = (size_t)u->positions - filled;
    return vacant > 0 && u->spec->hire_delay_months > 0
               ? (double)vacant / (u->spec->hire_delay_months / 12.0)
               : 0;
}

/* Redraw the time of the next staff change, `filled` being in post: the
 * rates changed, and by memorylessness a fresh exponential draw is
 * exact. */
static void redraw_staff_time(unit_t *u, double now, size_t filled)
{
    double rate = exit_rate(u, filled) + hire_rate(u, filled);
    u->next_staff = rate > 0
                        ? now + tasim_rng_exponential(u->rng_staff, rate)
                        : INFINITY;
}

static void hire_one(unit_t *u)
{
    const tasim_model_params_t *p = u->model->p;
    double s = clamp01(p->hire_skill + p->hire_institutional * u->inst);
    u->coord[u->filled] = 0;
    u->filled++;
    set_skill(u, u->filled - 1, s);
}

/* Changes drawn ahead of being carried out, at most this many at a time. */
#define STAFF_BATCH 16
#define NO_LEAVER SIZE_MAX

typedef struct {
    double t;
    size_t leaver; /* position of the member who leaves, or NO_LEAVER */
} staff_change_t;

/* Hint that coord[i] is wanted soon. */
static void want_coord(const unit_t *u, size_t i)
{
#if defined(__GNUC__)
    __builtin_prefetch(&u->coord[i]);
#else
    (void)u;
    (void)i;
#endif
}

/* Draw the staff changes due by t, up to STAFF_BATCH of them: when each
 * comes, whether it is an exit or a hire (in proportion to their rates)
 * and who leaves. These draws depend on the head count alone, never on a
 * skill, so they can all be made before any coordinate is read. That
 * matters at world scale: a unit is visited about once a month, its
 * coordinates have left the cache by then, and a leaver is anywhere in
 * the array; asking for all the leavers' coordinates at once overlaps the
 * waits for memory instead of paying them one after another. The draws
 * come from the stream in the order that carrying each change out at once
 * would use. */
static size_t draw_staff_changes(unit_t *u, double t, staff_change_t *out)
{
    size_t filled = u->filled, n = 0;
    int at_once = u->spec->hire_delay_months <= 0; /* no hiring delay */
    while (n < STAFF_BATCH && u->next_staff <= t) {
        double when = u->next_staff;
        double exits = exit_rate(u, filled);
        double total = exits + hire_rate(u, filled);
        size_t leaver = NO_LEAVER;
        if (gsl_rng_uniform(u->rng_staff) * total < exits) {
            leaver = (size_t)gsl_rng_uniform_int(u->rng_staff, filled);
            want_coord(u, leaver);
            want_coord(u, filled - 1); /* moves into the leaver's place */
            filled -= !at_once;        /* without delay, a hire follows */
        } else {
            filled++;
        }
        out[n++] = (staff_change_t){when, leaver};
        redraw_staff_time(u, when, filled);
    }
    return n;
}

/* Carry out one change drawn by draw_staff_changes. */
static void staff_change(unit_t *u, const staff_change_t *c)
{
    int exit = c->leaver != NO_LEAVER;
    int at_once = u->spec->hire_delay_months <= 0;
    /* A leaver's coordinate is valid at any time, and unless the unit is
     * institutionalising (where knowledge grows with the staff's skills)
     * no one's skill path depends on who else is in post: an exit needs no
     * update of the map. A hire does (also the one that follows an exit
     * at once when there is no hiring delay): its coordinate is taken
     * from the map and the knowledge at its arrival. */
    if (!exit || u->institutionalising || at_once)
        advance_to(u, c->t);
    if (exit) {
        size_t i = c->leaver;
        u->coord_sum -= u->coord[i];
        u->coord[i] = u->coord[--u->filled];
        note_edit(u);
        if (at_once)
            hire_one(u); /* no delay: the post is filled at once */
    } else {
        hire_one(u);
    }
    u->staff_events++;
}

void unit_advance(unit_t *u, double t)
{
    staff_change_t changes[STAFF_BATCH];
    size_t n;
    while ((n = draw_staff_changes(u, t, changes)) > 0)
        for (size_t k = 0; k < n; k++)
            staff_change(u, &changes[k]);
    advance_to(u, t);
}

void unit_start_processes(unit_t *u)
{
    redraw_staff_time(u, tasim_sim_now(u->model->sim), u->filled);
}

void unit_set_turnover_multiplier(unit_t *u, double mult)
{
    unit_advance(u, tasim_sim_now(u->model->sim));
    u->turnover_multiplier = mult;
    redraw_staff_time(u, tasim_sim_now(u->model->sim), u->filled);
}
