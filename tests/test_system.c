/*
 * test_system.c: the system around the programmes: demand, expert pools,
 * allocation, donors' money and coordination (the model specification,
 * section 8, items 7, 8 and 9), and conservation of money.
 *
 * Statistical claims use paired replications (common random numbers) and
 * the one-sided 99.9% t bound on the mean paired difference, or a 99%
 * two-sided t interval for a closed form, as in test_model.c.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_statistics_double.h>

#include "model_fixture.h"
#include "tasim/mmc.h"

/* ---- a collector of what the tests need ---------------------------- */

typedef struct {
    double start_window, end_window; /* requests arriving in it count */
    double wait_sum;
    size_t served, arrived, expired;
    size_t duplicates, programmes;
    double capacity_first, capacity_last; /* summed over units */
    double costs, spending, budgets, budget_support;
    double disbursed;
    int money_broken;           /* a provider balance identity failed */
    double last_year;
    double retained_year, retained_sum; /* summed at the latest sample */
    double balance_year, balance_sum;
} collector_t;

/* Sum of a stock series over owners at the latest sample seen. */
static void latest(double year, double v, double *at, double *sum)
{
    if (year > *at) {
        *at = year;
        *sum = 0;
    }
    *sum += v;
}

static void observe(void *ctx, uint64_t rep, double year, const char *owner,
                    const char *topic, const char *series, double v)
{
    (void)rep;
    (void)topic;
    collector_t *c = ctx;
    if (!strcmp(series, "capacity")) {
        if (year == 2026)
            c->capacity_first += v;
        c->capacity_last = year > c->last_year ? v : c->capacity_last + v;
        c->last_year = year;
    } else if (!strncmp(series, "cost_", 5)) {
        c->costs += v;
    } else if (!strcmp(series, "duplicates")) {
        c->duplicates += (size_t)v;
    } else if (!strcmp(series, "spending")) {
        c->spending += v;
    } else if (!strcmp(series, "disbursed")) {
        c->disbursed += v;
    } else if (!strcmp(series, "budget")) {
        c->budgets += v;
    } else if (!strcmp(series, "budget_support")) {
        c->budget_support += v;
    } else if (!strcmp(series, "retained")) {
        latest(year, v, &c->retained_year, &c->retained_sum);
    } else if (!strcmp(series, "balance")) {
        latest(year, v, &c->balance_year, &c->balance_sum);
    }
    (void)owner;
}

static void on_programme(void *ctx, uint64_t rep,
                         const tasim_programme_record_t *r)
{
    (void)rep;
    (void)r;
    ((collector_t *)ctx)->programmes++;
}

static void on_request(void *ctx, uint64_t rep,
                       const tasim_request_record_t *r)
{
    (void)rep;
    collector_t *c = ctx;
    if (r->arrival < c->start_window || r->arrival >= c->end_window)
        return;
    c->arrived++;
    if (isnan(r->wait)) {
        c->expired += !isnan(r->expiry);
        return;
    }
    c->served++;
    c->wait_sum += r->wait;
}

static const tasim_model_observer_t collector_observer = {
    observe, on_programme, on_request};

static void run(const tasim_scenario_t *sc, unsigned rep, collector_t *c)
{
    tasim_error_t err;
    tasim_error_clear(&err);
    int rc = tasim_model_run(sc, rep, &collector_observer, c, NULL, &err);
    cr_assert_eq(rc, 0, "model failed: %s", err.message);
}

/* ---- 9. Erlang C through the model's own request path --------------- */

/* Three units raise 36 requests a year each (gap elasticity 0, full
 * ownership: a constant rate), 9 a month in all. Each request becomes a
 * one-mission programme whose expert stays an exponential time with mean
 * one month (30.4375 days); HQ has 10 short-term experts and unlimited
 * money, and allocates continuously, first come first served. The wait
 * from request to service is then the wait in queue of an M/M/10 queue
 * with lambda = 9, mu = 1 per month. */
static const char *mmc_scenario =
    "scenario: {name: mmc, start: 2026-01, years: 200, seed: 777,\n"
    "           output: {every_months: 120, series: [queue]}}\n"
    "topics: [tax]\n"
    "countries:\n"
    "  - {id: A, ownership: 1, government_change: {every_years: 0},\n"
    "     units: {tax: {staff: 100, turnover: 0}}}\n"
    "  - {id: B, ownership: 1, government_change: {every_years: 0},\n"
    "     units: {tax: {staff: 100, turnover: 0}}}\n"
    "  - {id: C, ownership: 1, government_change: {every_years: 0},\n"
    "     units: {tax: {staff: 100, turnover: 0}}}\n"
    "providers:\n"
    "  - {id: HQ, kind: headquarters, core_per_year: 1.0e12,\n"
    "     experts: {tax: {short_term: 10}}}\n"
    "demand:\n"
    "  rate: 36\n"
    "  gap_elasticity: 0\n"
    "  expiry_months: 120\n"
    "  template: {years: 1, activities: [{type: short_mission, experts: 1,\n"
    "             days: 30.4375, duration: exponential}]}\n"
    "allocation: {policy: fifo, every_months: 0, coordination: none}\n";

Test(system, requests_served_by_a_fixed_pool_wait_as_erlang_c_predicts,
     .timeout = 600)
{
    enum { REPS = 40 };
    tasim_scenario_t *sc = fixture_scenario("%s", mmc_scenario);
    double wait_months[REPS];
    for (unsigned r = 0; r < REPS; r++) {
        /* Requests of the first 10 years are the warm-up (the relaxation
         * time at rho = 0.9 is about 40 months). */
        collector_t c = {.start_window = 2036, .end_window = 2226};
        run(sc, r, &c);
        cr_assert_eq(c.expired, 0);
        wait_months[r] = c.wait_sum / (double)c.served * 12;
    }
    double expected = tasim_mmc_mean_wait(10, 9.0, 1.0);
    double mean = gsl_stats_mean(wait_months, 1, REPS);
    double hw = gsl_cdf_tdist_Pinv(0.995, REPS - 1) *
                gsl_stats_sd(wait_months, 1, REPS) / sqrt(REPS);
    cr_assert_lt(fabs(mean - expected), hw,
                 "mean wait %.4f months, Erlang C %.4f, 99%% half-width %.4f",
                 mean, expected, hw);
    cr_assert_lt(hw, 0.1 * expected, "the interval must be informative: "
                 "half-width %.4f of %.4f", hw, expected);
    tasim_scenario_destroy(sc);
}

/* ---- 8. A crisis raises demand and waits ---------------------------- */

static tasim_scenario_t *crisis_scenario(int crisis)
{
    return fixture_scenario(
        "scenario: {name: crisis, start: 2026-01, years: 10, seed: 31,\n"
        "           output: {every_months: 12, series: [queue]}}\n"
        "topics: [tax]\n"
        "countries:\n"
        "  - {id: A, crisis: {demand_multiplier: 3}, units: {tax: {staff: 90}}}\n"
        "  - {id: B, crisis: {demand_multiplier: 3}, units: {tax: {staff: 120}}}\n"
        "  - {id: C, crisis: {demand_multiplier: 3}, units: {tax: {staff: 150}}}\n"
        "  - {id: D, crisis: {demand_multiplier: 3}, units: {tax: {staff: 200}}}\n"
        "  - {id: E, crisis: {demand_multiplier: 3}, units: {tax: {staff: 110}}}\n"
        "  - {id: F, crisis: {demand_multiplier: 3}, units: {tax: {staff: 130}}}\n"
        "providers:\n"
        "  - {id: HQ, kind: headquarters, core_per_year: 1.0e9,\n"
        "     experts: {tax: {short_term: 4}}}\n"
        "demand:\n"
        "  rate: 3\n"
        "  template: {years: 1, activities: [{type: short_mission,\n"
        "             experts: 1, days: 60}]}\n"
        "allocation: {policy: fifo, every_months: 0, coordination: none}\n"
        "events: %s\n",
        crisis ? "[{at: 2030-01, type: crisis, countries: [A, B, C, D, E, F],"
                 " years: 3}]"
               : "[]");
}

Test(system, a_crisis_raises_demand_and_the_wait_for_experts)
{
    enum { REPS = 20 };
    tasim_scenario_t *calm = crisis_scenario(0), *hit = crisis_scenario(1);
    double more[REPS], longer[REPS];
    for (unsigned r = 0; r < REPS; r++) {
        collector_t a = {.start_window = 2030, .end_window = 2033};
        collector_t b = a;
        run(calm, r, &a);
        run(hit, r, &b);
        more[r] = (double)b.arrived - (double)a.arrived;
        longer[r] = b.wait_sum / (double)b.served - a.wait_sum / (double)a.served;
    }
    cr_assert_gt(fixture_lower_bound_999(more, REPS), 0, "more requests");
    cr_assert_gt(fixture_lower_bound_999(longer, REPS), 0, "longer waits");
    tasim_scenario_destroy(calm);
    tasim_scenario_destroy(hit);
}

/* ---- Request arrivals through changes of rate -------------------- */

/* Demand switches between a calm rate and ten times it: twelve scripted
 * three-month crises, one every six months. A unit's requests are then a
 * Poisson process with that piecewise-constant rate, so the arrivals of
 * all units over all replications are Poisson with mean
 *     units x reps x rate x (calm years + 10 x crisis years).
 * The model moves a pending request by a change of time when the rate
 * changes instead of drawing a new one; without the move (keeping the old
 * time), arrivals would lag every rise and the count fall far short. No
 * provider has money, so capacity, hence the rate, moves only with the
 * crises. */
static tasim_scenario_t *switching_demand_scenario(void)
{
    char events[2048] = "[";
    for (int k = 0; k < 12; k++) {
        size_t n = strlen(events);
        snprintf(events + n, sizeof events - n,
                 "%s{at: %d-%02d, type: crisis, countries: [A, B, C, D, E],"
                 " years: 0.25}",
                 k ? ", " : "", 2026 + k / 2, k % 2 ? 10 : 4);
    }
    strcat(events, "]");
    return fixture_scenario(
        "scenario: {name: switching, start: 2026-01, years: 6, seed: 58,\n"
        "           output: {every_months: 12, series: [queue]}}\n"
        "topics: [tax]\n"
        "countries:\n"
        "  - {id: A, ownership: 1, government_change: {every_years: 0},\n"
        "     crisis: {rate: 0, demand_multiplier: 10}, units: {tax: {staff: 90}}}\n"
        "  - {id: B, ownership: 1, government_change: {every_years: 0},\n"
        "     crisis: {rate: 0, demand_multiplier: 10}, units: {tax: {staff: 120}}}\n"
        "  - {id: C, ownership: 1, government_change: {every_years: 0},\n"
        "     crisis: {rate: 0, demand_multiplier: 10}, units: {tax: {staff: 150}}}\n"
        "  - {id: D, ownership: 1, government_change: {every_years: 0},\n"
        "     crisis: {rate: 0, demand_multiplier: 10}, units: {tax: {staff: 200}}}\n"
        "  - {id: E, ownership: 1, government_change: {every_years: 0},\n"
        "     crisis: {rate: 0, demand_multiplier: 10}, units: {tax: {staff: 110}}}\n"
        "providers:\n"
        "  - {id: HQ, kind: headquarters, core_per_year: 0}\n"
        "demand:\n"
        "  rate: 2\n"
        "  gap_elasticity: 0\n"
        "  template: {years: 1, activities: [{type: short_mission,\n"
        "             experts: 1, days: 10}]}\n"
        "allocation: {policy: fifo, every_months: 0, coordination: none}\n"
        "events: %s\n",
        events);
}

Test(system, requests_keep_their_poisson_law_through_changes_of_rate)
{
    enum { REPS = 30, UNITS = 5 };
    const double rate = 2, calm_years = 3, crisis_years = 12 * 0.25;
    tasim_scenario_t *sc = switching_demand_scenario();
    size_t arrived = 0;
    for (unsigned r = 0; r < REPS; r++) {
        collector_t c = {.start_window = 2026, .end_window = 2032};
        run(sc, r, &c);
        arrived += c.arrived;
    }
    double mean = REPS * UNITS * rate * (calm_years + 10 * crisis_years);
    /* Poisson: sd = sqrt(mean); 3.29 sd is the 99.9% two-sided bound. */
    double bound = 3.29 * sqrt(mean);
    cr_assert_lt(fabs((double)arrived - mean), bound,
                 "%zu requests, expected %.0f +- %.0f", arrived, mean, bound);
    tasim_scenario_destroy(sc);
}

/* ---- 7. Uncoordinated donors ---------------------------------------- */

static tasim_scenario_t *donors_scenario(const char *coordination,
                                         double rate)
{
    return fixture_scenario(
        "scenario: {name: donors, start: 2026-01, years: 8, seed: 404,\n"
        "           output: {every_months: 12}}\n"
        "topics: [tax]\n"
        "countries:\n"
        "  - {id: A, units: {tax: {staff: 100, skill: 0.25}}}\n"
        "  - {id: B, units: {tax: {staff: 120, skill: 0.3}}}\n"
        "  - {id: C, units: {tax: {staff: 90, skill: 0.2}}}\n"
        "  - {id: D, units: {tax: {staff: 110, skill: 0.28}}}\n"
        "donors:\n"
        "  - {id: D1, budget: {per_year: 4.0e6}, channels: [{bilateral: B1, share: 1}]}\n"
        "  - {id: D2, budget: {per_year: 4.0e6}, channels: [{bilateral: B2, share: 1}]}\n"
        "  - {id: D3, budget: {per_year: 4.0e6}, channels: [{bilateral: B3, share: 1}]}\n"
        "providers:\n"
        "  - {id: B1, kind: bilateral, donor: D1}\n"
        "  - {id: B2, kind: bilateral, donor: D2}\n"
        "  - {id: B3, kind: bilateral, donor: D3}\n"
        "demand:\n"
        "  rate: %g\n"
        "  template:\n"
        "    years: 1\n"
        "    cost_sharing: 0.1\n"
        "    activities:\n"
        "      - {type: resident_advisor, experts: 1, hands_on: 0.2}\n"
        "      - {type: training, participants: 25, days: 3}\n"
        "allocation: {policy: need, every_months: 6, coordination: %s}\n",
        rate, coordination);
}

Test(system, uncoordinated_donors_duplicate_and_buy_less_capacity_per_dollar)
{
    enum { REPS = 20 };
    tasim_scenario_t *none = donors_scenario("none", 0.6);
    tasim_scenario_t *full = donors_scenario("full", 0.6);
    tasim_scenario_t *nothing = donors_scenario("full", 0);
    double d[REPS];
    size_t dup_none = 0;
    for (unsigned r = 0; r < REPS; r++) {
        collector_t a = {0}, b = {0}, base = {0};
        run(none, r, &a);
        run(full, r, &b);
        run(nothing, r, &base);
        cr_assert_eq(b.duplicates, 0, "full coordination never duplicates");
        dup_none += a.duplicates;
        cr_assert_gt(a.costs, 0);
        cr_assert_gt(b.costs, 0);
        /* Capacity at the horizon above what the units keep without TA
         * (same random numbers), per million dollars. */
        double gain_none = (a.capacity_last - base.capacity_last) / a.costs;
        double gain_full = (b.capacity_last - base.capacity_last) / b.costs;
        d[r] = (gain_full - gain_none) * 1e6;
    }
    cr_assert_gt(dup_none, 0, "uncoordinated channels duplicate");
    cr_assert_gt(fixture_lower_bound_999(d, REPS), 0,
                 "capacity per million dollars: full - none = %.4f",
                 gsl_stats_mean(d, 1, REPS));
    tasim_scenario_destroy(none);
    tasim_scenario_destroy(full);
    tasim_scenario_destroy(nothing);
}

/* ---- money is conserved ------------------------------------------- */

static tasim_scenario_t *money_scenario(const char *policy,
                                        const char *coordination)
{
    return fixture_scenario(
        "scenario: {name: money, start: 2026-01, years: 7, seed: 1234}\n"
        "topics: [tax, pfm]\n"
        "countries:\n"
        "  - {id: A, region: r1, crisis: {rate: 0.3, budget_cut: 0.5},\n"
        "     units: {tax: {staff: 100}, pfm: {staff: 60}}}\n"
        "  - {id: B, region: r1, units: {tax: {staff: 120}}}\n"
        "  - {id: C, region: r2, units: {pfm: {staff: 80}}}\n"
        "donors:\n"
        "  - id: D1\n"
        "    budget: {per_year: 3.3e6, growth: 0.03, volatility: 0.2}\n"
        "    priorities: {topics: {tax: 2}}\n"
        "    channels: [{provider: RC, share: 0.5}, {bilateral: BI, share: 0.2},\n"
        "               {budget_support: A, share: 0.2}]\n"
        "  - id: D2\n"
        "    budget: {per_year: 2.1e6}\n"
        "    channels: [{provider: HQ, share: 0.6}, {provider: RC, share: 0.3}]\n"
        "  - {id: BROKE, budget: {per_year: 0}, channels: [{bilateral: BX, share: 1}]}\n"
        "providers:\n"
        "  - {id: HQ, kind: headquarters, core_per_year: 5.0e5,\n"
        "     experts: {tax: {long_term: 2, short_term: 3}, pfm: {long_term: 1, short_term: 2}}}\n"
        "  - {id: RC, kind: regional_centre, region: r1, opens: 2028-07,\n"
        "     experts: {tax: {long_term: 1, short_term: 2}},\n"
        "     costs: {trip: 900, per_diem: 150}}\n"
        "  - {id: BI, kind: bilateral, donor: D1}\n"
        "  - {id: BX, kind: bilateral, donor: BROKE}\n"
        "programmes:\n"
        "  - {id: scripted, country: B, topic: tax, provider: HQ, funder: D2,\n"
        "     start: 2026-06, years: 2, cost_sharing: 0.1,\n"
        "     activities: [{type: resident_advisor, experts: 1}]}\n"
        "demand:\n"
        "  rate: 1.5\n"
        "  template:\n"
        "    years: 1\n"
        "    cost_sharing: 0.1\n"
        "    activities:\n"
        "      - {type: short_mission, experts: 1, days: 12, every_months: 4}\n"
        "      - {type: training, participants: 20, days: 2}\n"
        "allocation: {policy: %s, every_months: 3, coordination: %s}\n"
        "events:\n"
        "  - {at: 2030-01, type: budget_cut, donor: D2, cut: 0.4}\n",
        policy, coordination);
}

Test(system, every_disbursed_dollar_is_spent_or_held_to_the_cent)
{
    const char *policies[] = {"fifo", "need", "impact", "donor_priority"};
    const char *coordination[] = {"full", "none"};
    for (int i = 0; i < 4; i++)
        for (int j = 0; j < 2; j++) {
            tasim_scenario_t *sc =
                money_scenario(policies[i], coordination[j]);
            for (unsigned r = 0; r < 3; r++) {
                collector_t c = {0};
                run(sc, r, &c);
                const char *what = policies[i];
                /* Donors: every budget dollar went somewhere. */
                cr_assert_float_eq(c.budgets,
                                   c.disbursed - 7 * 5.0e5 +
                                       c.budget_support + c.retained_sum,
                                   0.01, "%s/%s: donors", what,
                                   coordination[j]);
                /* Providers: received = spent + held. */
                cr_assert_float_eq(c.disbursed, c.spending + c.balance_sum,
                                   0.01, "%s/%s: providers", what,
                                   coordination[j]);
                /* The funders paid 90% of every cost, the recipients
                 * the rest. */
                cr_assert_float_eq(c.spending, 0.9 * c.costs, 0.01,
                                   "%s/%s: cost sharing", what,
                                   coordination[j]);
                cr_assert_gt(c.programmes, 1);
            }
            tasim_scenario_destroy(sc);
        }
}

typedef struct {
    double first_rc_start;
    size_t by_broke;
} providers_seen_t;

static void seen_observe(void *ctx, uint64_t rep, double year,
                         const char *o, const char *t, const char *s,
                         double v)
{
    (void)ctx, (void)rep, (void)year, (void)o, (void)t, (void)s, (void)v;
}

static void seen_request(void *ctx, uint64_t rep,
                         const tasim_request_record_t *r)
{
    (void)rep;
    providers_seen_t *p = ctx;
    if (!strcmp(r->provider, "RC") && r->start < p->first_rc_start)
        p->first_rc_start = r->start;
    p->by_broke += !strcmp(r->provider, "BX");
}

Test(system, late_providers_wait_for_opening_and_penniless_ones_serve_nobody)
{
    static const tasim_model_observer_t obs = {seen_observe, NULL,
                                               seen_request};
    tasim_scenario_t *sc = money_scenario("fifo", "none");
    for (unsigned r = 0; r < 5; r++) {
        providers_seen_t p = {.first_rc_start = INFINITY};
        tasim_error_t err;
        cr_assert_eq(tasim_model_run(sc, r, &obs, &p, NULL, &err), 0);
        cr_assert_geq(p.first_rc_start, 2028.5, "RC opens in July 2028");
        cr_assert(isfinite(p.first_rc_start), "and serves after");
        cr_assert_eq(p.by_broke, 0, "a donor without money funds nothing");
    }
    tasim_scenario_destroy(sc);
}
