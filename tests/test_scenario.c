/*
 * test_scenario.c: the scenario loader as a library: the defaults it
 * fills in, the types it parses, the cross-references it resolves, dates,
 * strategies and overrides, and the error list's limit.
 *
 * Bad files and the exact messages they produce are specified by the
 * cases in tests/scenarios/invalid/ (test_scenario_errors.c runs them);
 * this file checks what a valid file turns into. Every scenario is loaded
 * from a string here so that each test shows the input it is about.
 */
#define _POSIX_C_SOURCE 200809L /* clock_gettime */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tasim/scenario.h"

/* The smallest valid scenario; tests append the section they are about. */
#define MINIMAL                                                               \
    "scenario: {name: Minimal, start: 2026-01}\n"                             \
    "countries:\n"                                                            \
    "  - id: FIN\n"                                                           \
    "    units: {revenue_admin: {staff: 120}}\n"

/* A scenario with one of each kind of object, and two strategies. */
static const char financia[] =
    "scenario:\n"
    "  name: Financia\n"
    "  start: 2026-01\n"
    "  seed: 18446744073709551615\n"
    "  replications: 200\n"
    "topics: [revenue_admin, pfm]\n"
    "countries:\n"
    "  - id: FIN\n"
    "    region: caribbean\n"
    "    income: low\n"
    "    ownership: 0.7\n"
    "    units:\n"
    "      revenue_admin: {staff: 120, turnover: 0.15}\n"
    "      pfm: {staff: 80}\n"
    "  - id: ATL\n"
    "    units: {pfm: {staff: 40}}\n"
    "donors:\n"
    "  - id: EU\n"
    "    budget: {per_year: 12.0e6}\n"
    "    priorities: {topics: {pfm: 2.5}, countries: {ATL: 0.5}}\n"
    "    channels:\n"
    "      - {provider: HQ, share: 0.6}\n"
    "      - {bilateral: BIL-EU, share: 0.3}\n"
    "      - {budget_support: ATL, share: 0.1}\n"
    "providers:\n"
    "  - {id: HQ, kind: headquarters}\n"
    "  - {id: BIL-EU, kind: bilateral, donor: EU}\n"
    "programmes:\n"
    "  - id: financia-tax\n"
    "    country: FIN\n"
    "    topic: revenue_admin\n"
    "    provider: HQ\n"
    "    funder: EU\n"
    "    start: 2027-04\n"
    "    activities:\n"
    "      - {type: diagnostic, experts: 2, days: 10}\n"
    "      - {type: resident_advisor, experts: 2, months: 24, hands_on: 0.4}\n"
    "      - {type: system, at_month: 6, equipment: 1.5e6}\n"
    "  - {id: atl-pfm, country: ATL, topic: pfm, provider: BIL-EU,"
    " start: 2026-01}\n"
    "strategies:\n"
    "  advisory: {set: {programmes.financia-tax.activities.1.hands_on: 0.1}}\n"
    "  hands_on: {set: {programmes.financia-tax.activities.1.hands_on: 0.8}}\n";

/* Load `yaml`, failing the test with the rendered errors if it is not
 * valid. */
static tasim_scenario_t *load(const char *yaml)
{
    tasim_diag_t diag;
    tasim_diag_init(&diag);
    tasim_scenario_t *sc =
        tasim_scenario_load_buffer("test.yaml", yaml, strlen(yaml), &diag);
    if (sc == NULL) {
        char *text = tasim_diag_render(&diag, yaml, strlen(yaml));
        cr_log_error("%s", text);
        free(text);
    }
    tasim_diag_fini(&diag);
    cr_assert_not_null(sc, "the scenario should be valid");
    return sc;
}

/* Load `yaml`, which must be invalid, and return the errors. */
static tasim_diag_t load_errors(const char *yaml)
{
    tasim_diag_t diag;
    tasim_diag_init(&diag);
    tasim_scenario_t *sc =
        tasim_scenario_load_buffer("test.yaml", yaml, strlen(yaml), &diag);
    cr_assert_null(sc, "the scenario should be invalid");
    cr_assert_gt(diag.count, 0);
    return diag;
}

static const tasim_unit_t *unit(const tasim_country_t *k, const char *topic)
{
    for (size_t u = 0; u < k->unit_count; u++)
        if (strcmp(k->units[u].topic, topic) == 0)
            return &k->units[u];
    cr_assert_fail("no unit '%s' in %s", topic, k->id);
    return NULL;
}

/* ------------------------------------------------------------------ */
/* Defaults                                                             */

Test(scenario, a_unit_with_only_staff_gets_every_default)
{
    tasim_scenario_t *sc = load(MINIMAL);
    const tasim_unit_t *u = unit(&sc->countries[0], "revenue_admin");
    cr_assert_eq(u->staff, 120);
    cr_assert_eq(u->turnover, 0.12);
    cr_assert_eq(u->skill, 0.3);
    cr_assert_eq(u->skill_sd, 0.05);
    cr_assert_eq(u->hire_delay_months, 4.0);
    cr_assert_eq(u->forgetting, 0.2);
    cr_assert_eq(u->institutional, 0.1);
    cr_assert_eq(u->systems, 0.2);
    cr_assert_not(u->has_indicator);
    tasim_scenario_destroy(sc);
}

Test(scenario, a_country_and_the_run_get_their_defaults)
{
    tasim_scenario_t *sc = load(MINIMAL);
    const tasim_country_t *k = &sc->countries[0];
    cr_assert_str_eq(k->name, "FIN", "the name defaults to the id");
    cr_assert_null(k->region);
    cr_assert_eq(k->income, TASIM_INCOME_LOWER_MIDDLE);
    cr_assert_eq(k->ownership, 0.6);
    cr_assert_eq(k->government_change.every_years, 5.0);
    cr_assert_eq(k->crisis.rate, 0.0);
    cr_assert_not(k->has_fiscal);
    cr_assert_eq(sc->run.years, 10.0);
    cr_assert_eq(sc->run.replications, 100);
    cr_assert_str_eq(sc->run.description, "");
    cr_assert_not(sc->seed_given, "no seed in the file: one is drawn");
    cr_assert_eq(sc->run.output.every_months, 1.0);
    cr_assert_eq(sc->run.output.series.count, 0, "empty means all series");
    tasim_scenario_destroy(sc);
}

Test(scenario, topics_default_to_the_eight_standard_ones)
{
    static const char *const standard[] = {
        "pfm", "tax_policy", "revenue_admin", "monetary", "fin_supervision",
        "aml_cft", "debt_mgmt", "statistics"};
    tasim_scenario_t *sc = load(MINIMAL);
    cr_assert_eq(sc->topics.count, 8);
    for (size_t i = 0; i < 8; i++)
        cr_assert_str_eq(sc->topics.items[i], standard[i]);
    cr_assert_null(sc->topics.locs, "defaults have no place in the file");
    cr_assert_eq(sc->countries[0].units[0].topic_index, 2,
                 "revenue_admin is the third standard topic");
    tasim_scenario_destroy(sc);
}

Test(scenario, allocation_defaults_to_need_every_12_months_full)
{
    tasim_scenario_t *sc = load(MINIMAL);
    cr_assert_eq(sc->allocation.policy, TASIM_POLICY_NEED);
    cr_assert_eq(sc->allocation.every_months, 12.0);
    cr_assert_eq(sc->allocation.coordination, TASIM_COORD_FULL);
    cr_assert_not(sc->has_demand);
    cr_assert_not(sc->has_sweep);
    cr_assert_eq(sc->strategy_count, 0);
    tasim_scenario_destroy(sc);
}

Test(scenario, an_activity_gets_defaults_and_unset_means_nan)
{
    tasim_scenario_t *sc = load(financia);
    const tasim_activity_t *diag = &sc->programmes[0].activities[0];
    cr_assert_eq(diag->type, TASIM_ACT_DIAGNOSTIC);
    cr_assert_eq(diag->at_month, 0.0);
    cr_assert_eq(diag->hands_on, 0.3);
    cr_assert_eq(diag->participants, 20);
    cr_assert(isnan(diag->months), "months is unset unless given");
    cr_assert(isnan(diag->every_months), "a one-off unless given");
    cr_assert_eq(sc->programmes[0].exit.rule, TASIM_EXIT_FIXED);
    cr_assert(isnan(sc->programmes[0].exit.target));
    tasim_scenario_destroy(sc);
}

/* ------------------------------------------------------------------ */
/* Values and types                                                     */

Test(scenario, values_are_parsed_with_their_types)
{
    tasim_scenario_t *sc = load(financia);
    cr_assert_str_eq(sc->run.name, "Financia");
    cr_assert_eq(sc->run.seed, UINT64_MAX, "a seed keeps all 64 bits");
    cr_assert(sc->seed_given);
    cr_assert_eq(sc->run.replications, 200);
    const tasim_country_t *fin = &sc->countries[0];
    cr_assert_str_eq(fin->region, "caribbean");
    cr_assert_eq(fin->income, TASIM_INCOME_LOW);
    cr_assert_eq(fin->ownership, 0.7);
    cr_assert_eq(unit(fin, "revenue_admin")->turnover, 0.15);
    cr_assert_eq(sc->donors[0].budget.per_year, 12.0e6);
    cr_assert_eq(sc->providers[1].kind, TASIM_PROVIDER_BILATERAL);
    const tasim_programme_spec_t *p = &sc->programmes[0];
    cr_assert_eq(p->activities[1].type, TASIM_ACT_RESIDENT_ADVISOR);
    cr_assert_eq(p->activities[1].experts, 2);
    cr_assert_eq(p->activities[1].months, 24.0);
    cr_assert_eq(p->activities[2].equipment, 1.5e6);
    cr_assert_eq(p->start.year, 2027);
    cr_assert_eq(p->start.month, 4);
    cr_assert_eq(p->start.day, 0, "day 0: the file gave YYYY-MM");
    tasim_scenario_destroy(sc);
}

Test(scenario, objects_remember_where_they_were_given)
{
    tasim_scenario_t *sc = load(financia);
    cr_assert_eq(sc->countries[1].obj.loc.line, 15, "'- id: ATL'");
    const tasim_unit_t *pfm = unit(&sc->countries[0], "pfm");
    cr_assert_eq(pfm->obj.loc.line, 14, "a map entry is where its key is");
    cr_assert_eq(pfm->obj.loc.column, 7);
    const tasim_weight_t *w = &sc->donors[0].priorities.countries.items[0];
    cr_assert_eq(w->loc.line, 20);
    cr_assert_eq(sc->topics.locs[1].line, 6);
    cr_assert_eq(sc->topics.locs[1].column, 25);
    tasim_scenario_destroy(sc);
}

/* ------------------------------------------------------------------ */
/* Cross-references                                                     */

Test(scenario, programme_references_resolve_to_indexes)
{
    tasim_scenario_t *sc = load(financia);
    const tasim_programme_spec_t *p = &sc->programmes[0];
    cr_assert_eq(p->country_index, 0);
    cr_assert_eq(p->topic_index, 0, "revenue_admin is the first topic");
    cr_assert_eq(p->provider_index, 0);
    cr_assert_eq(p->funder_index, 0);
    const tasim_programme_spec_t *q = &sc->programmes[1];
    cr_assert_eq(q->country_index, 1);
    cr_assert_eq(q->topic_index, 1);
    cr_assert_eq(q->provider_index, 1);
    cr_assert_eq(q->funder_index, -1, "no funder: the provider's budget");
    tasim_scenario_destroy(sc);
}

Test(scenario, channels_get_their_kind_and_target)
{
    tasim_scenario_t *sc = load(financia);
    const tasim_channel_t *ch = sc->donors[0].channels;
    cr_assert_eq(ch[0].kind, TASIM_CHANNEL_POOLED);
    cr_assert_eq(ch[0].target, 0, "provider HQ");
    cr_assert_eq(ch[1].kind, TASIM_CHANNEL_BILATERAL);
    cr_assert_eq(ch[1].target, 1, "provider BIL-EU");
    cr_assert_eq(ch[2].kind, TASIM_CHANNEL_BUDGET_SUPPORT);
    cr_assert_eq(ch[2].target, 1, "country ATL");
    cr_assert_eq(sc->providers[1].donor_index, 0);
    tasim_scenario_destroy(sc);
}

Test(scenario, unit_topics_and_priorities_resolve_to_indexes)
{
    tasim_scenario_t *sc = load(financia);
    cr_assert_eq(unit(&sc->countries[0], "pfm")->topic_index, 1);
    cr_assert_eq(unit(&sc->countries[1], "pfm")->topic_index, 1);
    const tasim_priorities_t *pr = &sc->donors[0].priorities;
    cr_assert_eq(pr->topics.items[0].index, 1);
    cr_assert_eq(pr->topics.items[0].value, 2.5);
    cr_assert_eq(pr->countries.items[0].index, 1);
    tasim_scenario_destroy(sc);
}

/* ------------------------------------------------------------------ */
/* Dates                                                                */

Test(scenario, the_first_of_a_month_is_an_exact_twelfth)
{
    cr_assert_eq(tasim_date_to_year((tasim_date_t){2027, 1, 0}), 2027.0);
    cr_assert_eq(tasim_date_to_year((tasim_date_t){2027, 4, 0}), 2027.25);
    cr_assert_eq(tasim_date_to_year((tasim_date_t){2027, 4, 1}), 2027.25);
    cr_assert_eq(tasim_date_to_year((tasim_date_t){2027, 7, 0}), 2027.5);
}

Test(scenario, days_count_as_a_share_of_their_month)
{
    /* 16 March: 15 of March's 31 days have passed. */
    double expected = 2027.0 + (2.0 + 15.0 / 31.0) / 12.0;
    cr_assert_eq(tasim_date_to_year((tasim_date_t){2027, 3, 16}), expected);
    cr_assert_lt(tasim_date_to_year((tasim_date_t){2027, 3, 31}),
                 tasim_date_to_year((tasim_date_t){2027, 4, 1}));
}

/* Load MINIMAL with `start` as the scenario's start date. */
static int start_date_loads(const char *start)
{
    char yaml[256];
    snprintf(yaml, sizeof yaml,
             "scenario: {name: Dates, start: %s}\n"
             "countries: [{id: FIN, units: {pfm: {staff: 1}}}]\n",
             start);
    tasim_diag_t diag;
    tasim_diag_init(&diag);
    tasim_scenario_t *sc =
        tasim_scenario_load_buffer("dates.yaml", yaml, strlen(yaml), &diag);
    int ok = sc != NULL;
    tasim_scenario_destroy(sc);
    tasim_diag_fini(&diag);
    return ok;
}

Test(scenario, february_29_exists_only_in_leap_years)
{
    cr_assert(start_date_loads("2028-02-29"));
    cr_assert_not(start_date_loads("2027-02-29"));
    cr_assert(start_date_loads("2000-02-29"), "divisible by 400: leap");
    cr_assert_not(start_date_loads("2100-02-29"), "by 100 only: not leap");
}

Test(scenario, dates_must_have_the_exact_form)
{
    cr_assert(start_date_loads("2027-12"));
    cr_assert(start_date_loads("2027-12-31"));
    cr_assert_not(start_date_loads("2027-00"));
    cr_assert_not(start_date_loads("2027-04-31"));
    cr_assert_not(start_date_loads("2027-4"));
    cr_assert_not(start_date_loads("2027/04"));
    cr_assert_not(start_date_loads("27-04-01"));
    cr_assert_not(start_date_loads("1899-12"));
}

/* ------------------------------------------------------------------ */
/* Strategies and overrides                                             */

/* The variant of `sc` with `n` overrides, which must be valid. */
static tasim_scenario_t *variant(const tasim_scenario_t *sc,
                                 const tasim_override_t *ov, size_t n)
{
    tasim_diag_t diag;
    tasim_diag_init(&diag);
    tasim_scenario_t *v = tasim_scenario_variant(sc, ov, n, &diag);
    if (v == NULL)
        cr_log_error("%s", diag.count ? diag.items[0].message : "?");
    tasim_diag_fini(&diag);
    cr_assert_not_null(v, "the variant should be valid");
    return v;
}

Test(scenario, a_strategy_changes_exactly_the_value_it_sets)
{
    tasim_scenario_t *sc = load(financia);
    const tasim_strategy_t *adv = tasim_scenario_strategy(sc, "advisory");
    const tasim_strategy_t *hands = tasim_scenario_strategy(sc, "hands_on");
    cr_assert_not_null(adv);
    cr_assert_not_null(hands);
    cr_assert_null(tasim_scenario_strategy(sc, "nonexistent"));
    tasim_scenario_t *a = variant(sc, adv->set, adv->set_count);
    tasim_scenario_t *h = variant(sc, hands->set, hands->set_count);
    cr_assert_eq(a->programmes[0].activities[1].hands_on, 0.1);
    cr_assert_eq(h->programmes[0].activities[1].hands_on, 0.8);
    cr_assert_eq(sc->programmes[0].activities[1].hands_on, 0.4,
                 "the base is untouched");
    /* Everything else is as in the base. */
    cr_assert_eq(a->programmes[0].activities[0].hands_on,
                 sc->programmes[0].activities[0].hands_on);
    cr_assert_eq(a->programmes[0].activities[1].months, 24.0);
    cr_assert_eq(a->countries[0].ownership, sc->countries[0].ownership);
    cr_assert_eq(a->strategy_count, 2);
    tasim_scenario_destroy(h);
    tasim_scenario_destroy(a);
    tasim_scenario_destroy(sc);
}

/* Loading checks every strategy on one parsed document, undoing each
 * strategy's edits before the next: here either strategy alone keeps the
 * channel shares within 1, but b on top of a's edits would not (0.7 +
 * 0.25 + 0.1), so a leftover edit would be reported as an error. */
Test(scenario, each_strategy_is_checked_on_the_file_as_written)
{
    static const char yaml[] =
        "scenario: {name: S, start: 2026-01}\n"
        "topics: [pfm]\n"
        "countries: [{id: FIN, units: {pfm: {staff: 80}}}]\n"
        "donors:\n"
        "  - id: EU\n"
        "    budget: {per_year: 1.0e6}\n"
        "    channels:\n"
        "      - {provider: HQ, share: 0.6}\n"
        "      - {bilateral: BIL-EU, share: 0.3}\n"
        "      - {budget_support: FIN, share: 0.1}\n"
        "providers:\n"
        "  - {id: HQ, kind: headquarters}\n"
        "  - {id: BIL-EU, kind: bilateral, donor: EU}\n"
        "strategies:\n"
        "  a: {set: {donors.EU.channels.0.share: 0.7,\n"
        "            donors.EU.channels.1.share: 0.2,\n"
        "            countries.FIN.units.pfm.turnover: 0.3}}\n"
        "  b: {set: {donors.EU.channels.1.share: 0.25}}\n";
    tasim_scenario_t *sc = load(yaml);
    cr_assert_eq(sc->donors[0].channels[0].share, 0.6);
    const tasim_strategy_t *b = tasim_scenario_strategy(sc, "b");
    tasim_scenario_t *v = variant(sc, b->set, b->set_count);
    cr_assert_eq(v->donors[0].channels[0].share, 0.6, "a's edit is gone");
    cr_assert_eq(v->donors[0].channels[1].share, 0.25);
    cr_assert_eq(unit(&v->countries[0], "pfm")->turnover,
                 unit(&sc->countries[0], "pfm")->turnover,
                 "and so is the key a added");
    tasim_scenario_destroy(v);
    tasim_scenario_destroy(sc);
}

Test(scenario, override_paths_select_by_id_key_and_index)
{
    tasim_scenario_t *sc = load(financia);
    tasim_override_t ov[] = {
        {"countries.ATL.ownership", "0.35", {1, 1}, {1, 1}, 0},
        {"countries.FIN.units.revenue_admin.turnover", "0.05", {1, 1}, {1, 1}, 0},
        {"programmes.1.years", "3", {1, 1}, {1, 1}, 0},
        {"donors.EU.priorities.topics.revenue_admin", "4", {1, 1}, {1, 1}, 0},
    };
    tasim_scenario_t *v = variant(sc, ov, 4);
    cr_assert_eq(v->countries[1].ownership, 0.35);
    cr_assert_eq(v->countries[0].ownership, 0.7, "FIN is untouched");
    cr_assert_eq(unit(&v->countries[0], "revenue_admin")->turnover, 0.05);
    cr_assert_eq(unit(&v->countries[0], "pfm")->turnover, 0.12);
    cr_assert_eq(v->programmes[1].years, 3.0);
    cr_assert_eq(v->donors[0].priorities.topics.count, 2, "a weight added");
    cr_assert_eq(v->donors[0].priorities.topics.items[1].value, 4.0);
    tasim_scenario_destroy(v);
    tasim_scenario_destroy(sc);
}

Test(scenario, an_override_sets_an_enum_and_keys_absent_from_the_file)
{
    tasim_scenario_t *sc = load(financia);
    tasim_override_t ov[] = {
        {"allocation.coordination", "none", {1, 1}, {1, 1}, 0},
        {"countries.FIN.crisis.rate", "0.2", {1, 1}, {1, 1}, 0},
    };
    tasim_scenario_t *v = variant(sc, ov, 2);
    cr_assert_eq(v->allocation.coordination, TASIM_COORD_NONE);
    cr_assert_eq(v->allocation.policy, TASIM_POLICY_NEED,
                 "the rest of the added section has its defaults");
    cr_assert_eq(v->countries[0].crisis.rate, 0.2);
    cr_assert_eq(v->countries[0].crisis.years, 2.0);
    cr_assert_eq(sc->allocation.coordination, TASIM_COORD_FULL);
    tasim_scenario_destroy(v);
    tasim_scenario_destroy(sc);
}

Test(scenario, a_bad_override_value_is_reported_at_the_override)
{
    tasim_scenario_t *sc = load(financia);
    tasim_override_t ov = {"programmes.financia-tax.activities.1.hands_on",
                           "1.8", {40, 5}, {40, 52}, 0};
    tasim_diag_t diag;
    tasim_diag_init(&diag);
    cr_assert_null(tasim_scenario_variant(sc, &ov, 1, &diag));
    cr_assert_eq(diag.count, 1);
    cr_assert_eq(diag.items[0].line, 40);
    cr_assert_eq(diag.items[0].column, 52, "at the value, not the path");
    cr_assert_str_eq(diag.items[0].message,
                     "'hands_on' must be in [0, 1] (got 1.8)");
    tasim_diag_fini(&diag);
    tasim_scenario_destroy(sc);
}

Test(scenario, an_override_with_a_bad_path_is_reported_at_the_path)
{
    tasim_scenario_t *sc = load(financia);
    tasim_override_t ov = {"countries.FIM.ownership", "0.5", {41, 9},
                           {41, 35}, 0};
    tasim_diag_t diag;
    tasim_diag_init(&diag);
    cr_assert_null(tasim_scenario_variant(sc, &ov, 1, &diag));
    cr_assert_eq(diag.items[0].line, 41);
    cr_assert_eq(diag.items[0].column, 9);
    cr_assert_str_eq(diag.items[0].message,
                     "path 'countries.FIM.ownership': no item with id 'FIM' "
                     "in 'countries' (did you mean 'FIN'?)");
    tasim_diag_fini(&diag);
    tasim_scenario_destroy(sc);
}

Test(scenario, a_sweep_may_vary_any_number_a_weight_included)
{
    tasim_scenario_t *sc = load(
        MINIMAL "donors:\n"
                "  - {id: EU, priorities: {topics: {pfm: 1}}}\n"
                "sweep:\n"
                "  design: morris\n"
                "  levels: 4\n"
                "  parameters:\n"
                "    - {path: donors.EU.priorities.topics.pfm, range: [0, 3]}\n"
                "    - {path: countries.FIN.units.revenue_admin.staff,"
                " range: [50, 200]}\n");
    cr_assert(sc->has_sweep);
    cr_assert_eq(sc->sweep.design, TASIM_DESIGN_MORRIS);
    cr_assert_eq(sc->sweep.parameter_count, 2);
    cr_assert_eq(sc->sweep.parameters[0].range[1], 3.0);
    cr_assert_eq(sc->sweep.samples, 64, "the default");
    /* Staff is a whole number: a sweep rounds the values it tries. */
    cr_expect(!sc->sweep.parameters[0].integer);
    cr_expect(sc->sweep.parameters[1].integer);
    tasim_scenario_destroy(sc);
}

/* ------------------------------------------------------------------ */
/* The error list                                                       */

/* A scenario with `n` units of negative staff: `n` errors. */
static char *scenario_with_errors(int n)
{
    size_t cap = 200 + 40 * (size_t)n;
    char *yaml = malloc(cap);
    size_t len = (size_t)snprintf(yaml, cap,
                                  "scenario: {name: Errors, start: 2026-01}\n"
                                  "countries:\n  - id: FIN\n    units:\n");
    for (int i = 0; i < n; i++)
        len += (size_t)snprintf(yaml + len, cap - len,
                                "      t%d: {staff: -1}\n", i);
    return yaml;
}

Test(scenario, the_error_list_stops_at_its_limit_and_counts_the_rest)
{
    char *yaml = scenario_with_errors(5);
    tasim_diag_t diag;
    tasim_diag_init(&diag);
    diag.limit = 3;
    cr_assert_null(
        tasim_scenario_load_buffer("t.yaml", yaml, strlen(yaml), &diag));
    cr_assert_eq(diag.count, 3);
    cr_assert_eq(diag.dropped, 2);
    cr_assert(tasim_diag_full(&diag));
    char *text = tasim_diag_render(&diag, yaml, strlen(yaml));
    const char *note = strstr(text, "note: 2 more errors not shown\n");
    cr_assert_not_null(note, "%s", text);
    cr_assert_str_eq(note, "note: 2 more errors not shown\n", "note last");
    free(text);
    tasim_diag_fini(&diag);
    free(yaml);
}

Test(scenario, the_default_limit_keeps_twenty_errors)
{
    char *yaml = scenario_with_errors(TASIM_DIAG_DEFAULT_LIMIT + 1);
    tasim_diag_t diag = load_errors(yaml);
    cr_assert_eq(diag.count, TASIM_DIAG_DEFAULT_LIMIT);
    cr_assert_eq(diag.dropped, 1);
    tasim_diag_fini(&diag);
    free(yaml);
}

Test(scenario, a_mistake_reached_through_several_aliases_is_listed_once)
{
    tasim_diag_t diag = load_errors(
        "scenario: {name: Aliases, start: 2026-01}\n"
        "countries:\n"
        "  - id: FIN\n"
        "    units: {pfm: &u {staff: -1}, revenue_admin: *u, aml_cft: *u}\n");
    cr_assert_eq(diag.count, 1);
    cr_assert_eq(diag.items[0].line, 4);
    cr_assert_eq(diag.items[0].column, 29);
    tasim_diag_fini(&diag);
}

/* Seconds since `t0`. Criterion's .timeout option would do, but it leaks
 * in Criterion 2.4 under --jobs, which LeakSanitizer reports; a hang is
 * caught by the ctest TIMEOUT instead. */
static double seconds_since(const struct timespec *t0)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)(t.tv_sec - t0->tv_sec) +
           (double)(t.tv_nsec - t0->tv_nsec) * 1e-9;
}

Test(scenario, an_alias_bomb_is_refused_before_it_is_walked)
{
    /* Nine levels of ten aliases each: 10^9 values if expanded. */
    char yaml[2048] = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
    for (int i = 1; i < 10; i++) {
        char line[128];
        snprintf(line, sizeof line,
                 "a%d: &a%d [*a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, "
                 "*a%d, *a%d]\n",
                 i, i, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1,
                 i - 1, i - 1);
        strcat(yaml, line);
    }
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    tasim_diag_t diag = load_errors(yaml);
    cr_assert_lt(seconds_since(&t0), 5.0, "it must fail fast");
    cr_assert_eq(diag.count, 1, "refused before any key is read");
    cr_assert_eq(diag.items[0].line, 7, "a6 is the first to pass 2000000");
    cr_assert(strstr(diag.items[0].message, "more than 2000000 values") !=
              NULL, "%s", diag.items[0].message);
    tasim_diag_fini(&diag);
}

Test(scenario, a_huge_mapping_is_checked_in_reasonable_time)
{
    /* 100 000 unit keys, one repeated: pairwise duplicate checks took over
     * a minute on this before they were sorted. */
    size_t n = 100000, cap = 100 + 32 * n, len = 0;
    char *yaml = malloc(cap);
    len += (size_t)snprintf(yaml, cap, "scenario: {name: Big, start: 2026-01}"
                                       "\ncountries:\n  - id: FIN\n"
                                       "    units:\n");
    for (size_t i = 0; i < n; i++)
        len += (size_t)snprintf(yaml + len, cap - len,
                                "      u%zu: {staff: 1}\n", i == n - 1 ? 0 : i);
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    tasim_diag_t diag = load_errors(yaml);
    cr_assert_lt(seconds_since(&t0), 30.0);
    cr_assert_str_eq(diag.items[0].message,
                     "duplicate key 'u0' (first given at line 5)");
    tasim_diag_fini(&diag);
    free(yaml);
}

Test(scenario, a_missing_file_is_an_io_error_without_a_location)
{
    tasim_diag_t diag;
    tasim_diag_init(&diag);
    cr_assert_null(tasim_scenario_load_file("/nonexistent/x.yaml", &diag));
    cr_assert_eq(diag.count, 1);
    cr_assert_eq(diag.items[0].code, TASIM_EIO);
    cr_assert_eq(diag.items[0].line, 0);
    cr_assert_str_eq(diag.items[0].file, "/nonexistent/x.yaml");
    tasim_diag_fini(&diag);
}
