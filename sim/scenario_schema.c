/*
 * scenario_schema.c: the tables that define the scenario format.
 *
 * Each line is one field: its key, type, unit, range, default and meaning.
 * Parsing, validation, defaults, the override resolver and the reference
 * in docs/scenario-reference.md all come from here, so this file is the
 * single place where the format is defined. Defaults cite their source or
 * say that they are assumptions; docs/model.md discusses them.
 */
#include <math.h>
#include <stddef.h>

#include "schema.h"

#define N_(a) (sizeof(a) / sizeof((a)[0]))
#define INF INFINITY
enum { REQ = TASIM_FF_REQUIRED, LO_OPEN = TASIM_FF_MIN_OPEN,
       HI_OPEN = TASIM_FF_MAX_OPEN, UNSET = TASIM_FF_UNSET };

#define NUM(T, m, key, lo, hi, fl, def, unit, doc)                            \
    {key, TASIM_F_NUMBER, offsetof(T, m), 0, NULL, NULL, lo, hi, fl, def,    \
     NULL, unit, doc}
#define INT(T, m, key, lo, hi, fl, def, unit, doc)                            \
    {key, TASIM_F_INTEGER, offsetof(T, m), 0, NULL, NULL, lo, hi, fl, def,   \
     NULL, unit, doc}
#define TEXT(T, m, key, fl, def, doc)                                         \
    {key, TASIM_F_STRING, offsetof(T, m), 0, NULL, NULL, 0, 0, fl, 0, def,   \
     "", doc}
#define ID(T, m, key, fl, doc)                                                \
    {key, TASIM_F_ID, offsetof(T, m), 0, NULL, NULL, 0, 0, fl, 0, NULL, "",  \
     doc}
#define DATE(T, m, key, fl, doc)                                              \
    {key, TASIM_F_DATE, offsetof(T, m), 0, NULL, NULL, 0, 0, fl, 0, NULL,    \
     "", doc}
#define ENUM(T, m, key, names, def, doc)                                      \
    {key, TASIM_F_ENUM, offsetof(T, m), 0, NULL, names, 0, 0, 0, 0, def, "", \
     doc}
#define ENUM_REQ(T, m, key, names, doc)                                       \
    {key, TASIM_F_ENUM, offsetof(T, m), 0, NULL, names, 0, 0, REQ, 0, NULL,  \
     "", doc}
#define NAMES(T, m, key, names, doc)                                          \
    {key, TASIM_F_NAMES, offsetof(T, m), 0, NULL, names, 0, 0, 0, 0, NULL,   \
     "", doc}
#define OBJ(T, m, key, fl, schema, doc)                                       \
    {key, TASIM_F_OBJECT, offsetof(T, m), 0, &schema, NULL, 0, 0, fl, 0,     \
     NULL, "", doc}
#define OPT(T, m, flag, key, schema, doc)                                     \
    {key, TASIM_F_OBJECT, offsetof(T, m), offsetof(T, flag), &schema, NULL,  \
     0, 0, TASIM_FF_OPTIONAL, 0, NULL, "", doc}
#define LIST(T, m, count, key, fl, schema, doc)                               \
    {key, TASIM_F_LIST, offsetof(T, m), offsetof(T, count), &schema, NULL,   \
     0, 0, fl, 0, NULL, "", doc}
#define MAP(T, m, count, key, fl, schema, doc)                                \
    {key, TASIM_F_MAP, offsetof(T, m), offsetof(T, count), &schema, NULL, 0, \
     0, fl, 0, NULL, "", doc}
#define WEIGHTS(T, m, key, doc)                                               \
    {key, TASIM_F_WEIGHTS, offsetof(T, m), 0, NULL, NULL, 0, INF, 0, 0,      \
     NULL, "", doc}
#define SCHEMA(name, T, fields, key_off, key_doc, doc)                        \
    {name, sizeof(T), fields, N_(fields), key_off, key_doc, doc}

/* ---- enumerations: the order matches the C enums in scenario.h */

static const char *const indicator_fiscal_names[] = {"none", "revenue",
                                                   NULL};
static const char *const income_names[] = {"low", "lower_middle",
                                           "upper_middle", "high", NULL};
static const char *const provider_kind_names[] = {
    "headquarters", "regional_centre", "topical_fund", "bilateral", NULL};
static const char *const activity_names[] = {
    "diagnostic", "short_mission", "resident_advisor", "peer_exchange",
    "training", "system", "institutionalise", NULL};
static const char *const exit_rule_names[] = {"fixed", "capacity", NULL};
static const char *const duration_names[] = {"fixed", "exponential", NULL};
static const char *const policy_names[] = {"fifo", "need", "impact",
                                           "donor_priority", NULL};
static const char *const coordination_names[] = {"full", "none", NULL};
static const char *const event_type_names[] = {"crisis", "government_change",
                                               "budget_cut", NULL};
static const char *const design_names[] = {"grid", "lhs", "sobol", "morris",
                                           NULL};
const char *const tasim_series_names[] = {
    "capacity", "performance", "dependency", "skill", "institutional",
    "systems", "staff", "vacancies", "ownership", "cost", "indicator",
    "aid_need", "queue", "wait", "utilisation", "spending", "balance",
    "programmes", "duplicates", "crisis", "budget_support", "expert_queue",
    "expert_wait", "disbursed", "retained", "budget", NULL};

/* ---- scenario: run settings */

static const tasim_field_t output_fields[] = {
    NUM(tasim_output_spec_t, every_months, "every_months", 0, 120, LO_OPEN, 1,
        "months", "Sampling interval of the time series."),
    NAMES(tasim_output_spec_t, series, "series", tasim_series_names,
          "Series to write; default: all of them."),
};
static const tasim_schema_t output_schema =
    SCHEMA("output", tasim_output_spec_t, output_fields, -1, NULL,
           "What the run writes.");

static const tasim_field_t run_fields[] = {
    TEXT(tasim_run_spec_t, name, "name", REQ, NULL,
         "Title used in outputs and plots."),
    TEXT(tasim_run_spec_t, description, "description", 0, "",
         "Free text describing the scenario."),
    DATE(tasim_run_spec_t, start, "start", REQ,
         "Calendar date at which simulated time starts."),
    NUM(tasim_run_spec_t, years, "years", 0, 200, LO_OPEN, 10, "years",
        "Length of the simulated period."),
    {"seed", TASIM_F_SEED, offsetof(tasim_run_spec_t, seed), 0, NULL, NULL, 0,
     18446744073709551615.0, 0, 0, NULL, "",
     "Master random seed; when absent, a seed is drawn and reported."},
    INT(tasim_run_spec_t, replications, "replications", 1, 1e6, 0, 100, "",
        "Independent replications of the stochastic model."),
    OBJ(tasim_run_spec_t, output, "output", 0, output_schema,
        "Output settings."),
};
static const tasim_schema_t run_schema =
    SCHEMA("scenario", tasim_run_spec_t, run_fields, -1, NULL,
           "Run settings: name, period, seed, replications and outputs.");

/* ---- countries and their units */

static const tasim_field_t indicator_fields[] = {
    TEXT(tasim_indicator_t, name, "name", REQ, NULL,
         "Name of the measured outcome, e.g. tax_revenue_pct_gdp."),
    NUM(tasim_indicator_t, base, "base", -1e12, 1e12, 0, 0, "",
        "Value of the indicator at zero performance."),
    NUM(tasim_indicator_t, max_gain, "max_gain", 0, 1e12, 0, 0, "",
        "Gain of the indicator at full performance."),
    NUM(tasim_indicator_t, gamma, "gamma", 0, 10, LO_OPEN, 1, "",
        "Curvature: indicator = base + max_gain * performance^gamma."),
    ENUM(tasim_indicator_t, fiscal, "fiscal", indicator_fiscal_names, "none",
         "revenue: the indicator is government revenue in % of GDP and "
         "counts in the fiscal block's aid need."),
};
static const tasim_schema_t indicator_schema =
    SCHEMA("indicator", tasim_indicator_t, indicator_fields, -1, NULL,
           "Maps the unit's performance to a measured outcome.");

static const tasim_field_t unit_fields[] = {
    INT(tasim_unit_t, staff, "staff", 1, 100000, REQ, 0, "positions",
        "Positions in the unit (filled or vacant)."),
    NUM(tasim_unit_t, skill, "skill", 0, 1, 0, 0.3, "share",
        "Mean starting skill of the staff."),
    NUM(tasim_unit_t, skill_sd, "skill_sd", 0, 0.5, 0, 0.05, "share",
        "Standard deviation of starting skills (truncated to [0, 1])."),
    NUM(tasim_unit_t, turnover, "turnover", 0, 1, 0, 0.12, "per year",
        "Exit rate per staff member (10-20% in low-income revenue bodies: "
        "assumption)."),
    NUM(tasim_unit_t, hire_delay_months, "hire_delay_months", 0, 60, 0, 4,
        "months", "Mean time a post stays vacant after an exit."),
    NUM(tasim_unit_t, forgetting, "forgetting", 0, 5, 0, 0.2, "per year",
        "Skill decay rate towards institutional knowledge (skills in use: "
        "assumption; unused skills 0.64-1.28)."),
    NUM(tasim_unit_t, institutional, "institutional", 0, 1, 0, 0.1, "share",
        "Starting institutional knowledge (manuals, procedures, modules)."),
    NUM(tasim_unit_t, systems, "systems", 0, 1, 0, 0.2, "share",
        "Starting quality of IT systems and equipment."),
    OPT(tasim_unit_t, indicator, has_indicator, "indicator", indicator_schema,
        "Outcome indicator of the unit."),
};
static const tasim_schema_t unit_schema =
    SCHEMA("unit", tasim_unit_t, unit_fields, offsetof(tasim_unit_t, topic),
           "a declared topic",
           "A government unit working on one topic, e.g. the revenue "
           "authority.");

static const tasim_field_t govchange_fields[] = {
    NUM(tasim_government_change_t, every_years, "every_years", 0, 50, 0, 5,
        "years", "Mean time between government changes; 0 for never "
        "(electoral cycle: assumption)."),
    NUM(tasim_government_change_t, ownership_sd, "ownership_sd", 0, 1, 0, 0.1,
        "share", "Spread of the new ownership around the country's mean."),
};
static const tasim_schema_t govchange_schema =
    SCHEMA("government_change", tasim_government_change_t, govchange_fields,
           -1, NULL, "Random government changes that move ownership.");

static const tasim_field_t crisis_fields[] = {
    NUM(tasim_crisis_spec_t, rate, "rate", 0, 10, 0, 0, "per year",
        "Rate at which crises start at random; 0 for none."),
    NUM(tasim_crisis_spec_t, years, "years", 0, 50, LO_OPEN, 2, "years",
        "Mean length of a crisis."),
    NUM(tasim_crisis_spec_t, demand_multiplier, "demand_multiplier", 1, 20, 0,
        2, "factor", "Multiplier on the request rate during a crisis."),
    NUM(tasim_crisis_spec_t, turnover_multiplier, "turnover_multiplier", 1,
        10, 0, 1.3, "factor", "Multiplier on staff turnover during a crisis."),
    NUM(tasim_crisis_spec_t, budget_cut, "budget_cut", 0, 1, 0, 0, "share",
        "Share of donors' budget support to the country withheld during "
        "a crisis."),
};
static const tasim_schema_t crisis_schema =
    SCHEMA("crisis", tasim_crisis_spec_t, crisis_fields, -1, NULL,
           "Random crises in a country.");

static const tasim_field_t fiscal_fields[] = {
    NUM(tasim_fiscal_t, spending_pct_gdp, "spending_pct_gdp", 0, 100, REQ, 0,
        "% of GDP", "Government spending."),
    NUM(tasim_fiscal_t, other_revenue_pct_gdp, "other_revenue_pct_gdp", 0,
        100, 0, 0, "% of GDP",
        "Revenue not produced by any unit's indicator (grants excluded)."),
};
static const tasim_schema_t fiscal_schema =
    SCHEMA("fiscal", tasim_fiscal_t, fiscal_fields, -1, NULL,
           "Fiscal block: aid need = spending - revenue.");

static const tasim_field_t country_fields[] = {
    ID(tasim_country_t, id, "id", REQ, "Unique country id."),
    TEXT(tasim_country_t, name, "name", 0, NULL, "Display name (default: id)."),
    ID(tasim_country_t, region, "region", 0, "Region served by regional "
                                             "centres (default: none)."),
    ENUM(tasim_country_t, income, "income", income_names, "lower_middle",
         "Income group."),
    NUM(tasim_country_t, ownership, "ownership", 0, 1, 0, 0.6, "share",
        "Mean political will to reform."),
    OBJ(tasim_country_t, government_change, "government_change", 0,
        govchange_schema, "Random government changes."),
    OBJ(tasim_country_t, crisis, "crisis", 0, crisis_schema,
        "Random crises."),
    OPT(tasim_country_t, fiscal, has_fiscal, "fiscal", fiscal_schema,
        "Optional fiscal block."),
    MAP(tasim_country_t, units, unit_count, "units", REQ, unit_schema,
        "Units by topic."),
};
static const tasim_schema_t country_schema =
    SCHEMA("country", tasim_country_t, country_fields, -1, NULL,
           "A country that may request TA.");

/* ---- donors */

static const tasim_field_t budget_fields[] = {
    NUM(tasim_budget_t, per_year, "per_year", 0, 1e12, 0, 0, "USD per year",
        "Budget in the first year."),
    NUM(tasim_budget_t, growth, "growth", -0.5, 1, 0, 0, "per year",
        "Trend growth of the budget."),
    NUM(tasim_budget_t, volatility, "volatility", 0, 2, 0, 0, "",
        "Standard deviation of yearly log budget shocks."),
};
static const tasim_schema_t budget_schema =
    SCHEMA("budget", tasim_budget_t, budget_fields, -1, NULL,
           "A donor's yearly budget.");

static const tasim_field_t priority_fields[] = {
    WEIGHTS(tasim_priorities_t, topics, "topics", "Weight per topic."),
    WEIGHTS(tasim_priorities_t, regions, "regions", "Weight per region."),
    WEIGHTS(tasim_priorities_t, countries, "countries",
            "Weight per country."),
};
static const tasim_schema_t priorities_schema =
    SCHEMA("priorities", tasim_priorities_t, priority_fields, -1, NULL,
           "Relative weights (>= 0; absent entries weigh 1).");

static const tasim_field_t channel_fields[] = {
    ID(tasim_channel_t, provider, "provider", 0,
       "Pooled fund: id of the provider the money goes to."),
    ID(tasim_channel_t, bilateral, "bilateral", 0,
       "Own programme: id of a provider of kind bilateral."),
    ID(tasim_channel_t, budget_support, "budget_support", 0,
       "Financial aid: id of the country whose budget receives it."),
    NUM(tasim_channel_t, share, "share", 0, 1, REQ, 0, "share",
        "Share of the donor's budget (shares sum to at most 1)."),
};
static const tasim_schema_t channel_schema =
    SCHEMA("channel", tasim_channel_t, channel_fields, -1, NULL,
           "Where a share of a donor's money goes: exactly one of "
           "provider, bilateral, budget_support.");

static const tasim_field_t donor_fields[] = {
    ID(tasim_donor_t, id, "id", REQ, "Unique donor id."),
    TEXT(tasim_donor_t, name, "name", 0, NULL, "Display name (default: id)."),
    OBJ(tasim_donor_t, budget, "budget", 0, budget_schema, "Yearly budget."),
    OBJ(tasim_donor_t, priorities, "priorities", 0, priorities_schema,
        "Priorities by topic, region and country."),
    LIST(tasim_donor_t, channels, channel_count, "channels", 0,
         channel_schema, "Where the money goes."),
};
static const tasim_schema_t donor_schema =
    SCHEMA("donor", tasim_donor_t, donor_fields, -1, NULL,
           "A donor that funds TA and aid.");

/* ---- programmes (and the templates requests become) */

static const tasim_field_t activity_fields[] = {
    ENUM_REQ(tasim_activity_t, type, "type", activity_names,
             "Kind of activity."),
    NUM(tasim_activity_t, at_month, "at_month", 0, 600, 0, 0, "months",
        "Start, in months after the programme start."),
    NUM(tasim_activity_t, from_month, "from_month", 0, 600, 0, 0, "months",
        "Start of a lasting activity (alias of at_month for readability)."),
    NUM(tasim_activity_t, months, "months", 0, 600, LO_OPEN | UNSET, 0,
        "months", "Length of a lasting activity (resident advisor, "
        "institutionalisation); default: to the programme end."),
    NUM(tasim_activity_t, every_months, "every_months", 0, 120,
        LO_OPEN | UNSET, 0, "months",
        "Repeat interval; default: once."),
    INT(tasim_activity_t, experts, "experts", 0, 100, 0, 1, "experts",
        "Experts the activity occupies."),
    NUM(tasim_activity_t, days, "days", 0, 365, 0, 10, "days",
        "Length of a mission or workshop."),
    INT(tasim_activity_t, participants, "participants", 0, 100000, 0, 20,
        "staff", "Staff trained in a workshop."),
    NUM(tasim_activity_t, hands_on, "hands_on", 0, 1, 0, 0.3, "share",
        "Share of the expert's time spent doing the work instead of "
        "teaching."),
    NUM(tasim_activity_t, equipment, "equipment", 0, 1e11, 0, 0, "USD",
        "Cost of systems and equipment bought."),
    NUM(tasim_activity_t, quality, "quality", 0, 1, 0, 0.8, "share",
        "Quality of the system at go-live."),
    ENUM(tasim_activity_t, duration, "duration", duration_names, "fixed",
         "fixed: lasts exactly `days` or `months`; exponential: a random "
         "length with that mean."),
};
static const tasim_schema_t activity_schema =
    SCHEMA("activity", tasim_activity_t, activity_fields, -1, NULL,
           "One activity of a programme.");

static const tasim_field_t exit_fields[] = {
    ENUM(tasim_exit_spec_t, rule, "rule", exit_rule_names, "fixed",
         "fixed: end after `years`; capacity: end when the target is held."),
    NUM(tasim_exit_spec_t, target, "target", 0, 1, UNSET, 0, "share",
        "Capacity to reach (rule capacity)."),
    NUM(tasim_exit_spec_t, hold_months, "hold_months", 0, 120, 0, 6, "months",
        "How long the target must be held (rule capacity)."),
    NUM(tasim_exit_spec_t, max_years, "max_years", 0, 30, LO_OPEN, 5, "years",
        "Longest the programme may last (rule capacity)."),
};
static const tasim_schema_t exit_schema =
    SCHEMA("exit", tasim_exit_spec_t, exit_fields, -1, NULL,
           "When the programme ends.");

static const tasim_field_t objective_fields[] = {
    NUM(tasim_objective_t, capacity, "capacity", 0, 1, UNSET, 0, "share",
        "Capacity milestone."),
    NUM(tasim_objective_t, performance, "performance", 0, 1, UNSET, 0,
        "share", "Performance milestone."),
    DATE(tasim_objective_t, by, "by", REQ, "Date by which it is due."),
};
static const tasim_schema_t objective_schema =
    SCHEMA("objective", tasim_objective_t, objective_fields, -1, NULL,
           "A milestone rated at programme end (exactly one of capacity, "
           "performance).");

#define PROGRAMME_BODY_FIELDS                                                 \
    NUM(tasim_programme_spec_t, years, "years", 0, 30, LO_OPEN, 2, "years",  \
        "Planned length (rule fixed)."),                                     \
    NUM(tasim_programme_spec_t, cost_sharing, "cost_sharing", 0, 1, 0, 0,     \
        "share", "Share of every cost paid by the recipient."),              \
    NUM(tasim_programme_spec_t, fit, "fit", 0, 1, 0, 0.75, "share",           \
        "Relevance of the design: generic 0.5, tailored 1.0."),              \
    LIST(tasim_programme_spec_t, activities, activity_count, "activities",   \
         0, activity_schema, "Activities."),                                 \
    OBJ(tasim_programme_spec_t, exit, "exit", 0, exit_schema, "Exit rule."), \
    LIST(tasim_programme_spec_t, objectives, objective_count, "objectives",  \
         0, objective_schema, "Objectives with milestones.")

static const tasim_field_t programme_fields[] = {
    ID(tasim_programme_spec_t, id, "id", REQ, "Unique programme id."),
    ID(tasim_programme_spec_t, country, "country", REQ, "Recipient country."),
    ID(tasim_programme_spec_t, topic, "topic", REQ, "Topic (a unit of the "
                                                   "country)."),
    ID(tasim_programme_spec_t, provider, "provider", REQ,
       "Provider that delivers it."),
    ID(tasim_programme_spec_t, funder, "funder", 0,
       "Donor that pays; default: the provider's own core budget."),
    DATE(tasim_programme_spec_t, start, "start", REQ, "Start date."),
    PROGRAMME_BODY_FIELDS,
};
static const tasim_schema_t programme_schema =
    SCHEMA("programme", tasim_programme_spec_t, programme_fields, -1, NULL,
           "A scripted TA programme (an accepted request).");

static const tasim_field_t template_fields[] = {PROGRAMME_BODY_FIELDS};
static const tasim_schema_t template_schema =
    SCHEMA("template", tasim_programme_spec_t, template_fields, -1, NULL,
           "The programme a served request becomes.");

/* ---- providers */

static const tasim_field_t pool_fields[] = {
    INT(tasim_pool_t, long_term, "long_term", 0, 10000, 0, 0, "experts",
        "Long-term experts (resident advisors)."),
    INT(tasim_pool_t, short_term, "short_term", 0, 10000, 0, 0, "experts",
        "Short-term experts (missions, workshops)."),
};
static const tasim_schema_t pool_schema =
    SCHEMA("expert pool", tasim_pool_t, pool_fields,
           offsetof(tasim_pool_t, topic), "a declared topic",
           "Experts available on one topic.");

static const tasim_field_t costs_fields[] = {
    NUM(tasim_costs_t, salary_per_month, "salary_per_month", 0, 1e7, 0, 20000,
        "USD", "Full cost of an expert month ($200k-300k a year for a "
        "long-term advisor: ActionAid 2006)."),
    NUM(tasim_costs_t, trip, "trip", 0, 1e7, 0, 3000, "USD",
        "Travel cost of one expert trip."),
    NUM(tasim_costs_t, per_diem, "per_diem", 0, 1e5, 0, 250, "USD per day",
        "Accommodation and subsistence per expert day in the field."),
    NUM(tasim_costs_t, training_per_participant_day,
        "training_per_participant_day", 0, 1e5, 0, 60, "USD",
        "Training materials per participant and day."),
    NUM(tasim_costs_t, logistics_per_activity, "logistics_per_activity", 0,
        1e7, 0, 3000, "USD", "Logistics of one activity."),
    NUM(tasim_costs_t, housing_per_month, "housing_per_month", 0, 1e6, 0,
        3000, "USD", "Housing and allowances of a resident advisor per "
        "month in post (assumption)."),
};
static const tasim_schema_t costs_schema =
    SCHEMA("costs", tasim_costs_t, costs_fields, -1, NULL,
           "Unit costs of the provider's activities.");

static const tasim_field_t provider_fields[] = {
    ID(tasim_provider_t, id, "id", REQ, "Unique provider id."),
    TEXT(tasim_provider_t, name, "name", 0, NULL,
         "Display name (default: id)."),
    ENUM_REQ(tasim_provider_t, kind, "kind", provider_kind_names,
             "Delivery vehicle."),
    ID(tasim_provider_t, region, "region", 0,
       "Region served (required for a regional centre)."),
    ID(tasim_provider_t, topic, "topic", 0,
       "Topic covered (required for a topical fund)."),
    ID(tasim_provider_t, donor, "donor", 0,
       "Donor that runs it (required for a bilateral programme)."),
    DATE(tasim_provider_t, opens, "opens", 0,
         "Date it starts taking requests; default: the scenario start."),
    NUM(tasim_provider_t, core_per_year, "core_per_year", 0, 1e12, 0, 0,
        "USD per year", "The provider's own budget for TA, besides donor "
        "money (about half of IMF capacity development: IMF 2018)."),
    MAP(tasim_provider_t, experts, expert_count, "experts", 0, pool_schema,
        "Expert pools by topic; omit for a provider whose experts never "
        "run short."),
    OBJ(tasim_provider_t, costs, "costs", 0, costs_schema, "Unit costs."),
    OPT(tasim_provider_t, template_spec, has_template, "template",
        template_schema, "Programme template for the requests it serves; "
                         "default: demand.template."),
};
static const tasim_schema_t provider_schema =
    SCHEMA("provider", tasim_provider_t, provider_fields, -1, NULL,
           "A delivery vehicle with experts and unit costs.");

/* ---- demand, allocation, events */

static const tasim_field_t demand_fields[] = {
    NUM(tasim_demand_t, rate, "rate", 0, 50, 0, 0.4, "per year",
        "Requests per unit per year at full capacity gap and ownership."),
    NUM(tasim_demand_t, gap_elasticity, "gap_elasticity", 0, 10, 0, 1, "",
        "Exponent on the capacity gap in the request rate."),
    NUM(tasim_demand_t, expiry_months, "expiry_months", 0, 120, LO_OPEN, 24,
        "months", "A request not served by then lapses."),
    OPT(tasim_demand_t, template_spec, has_template, "template",
        template_schema, "Programme a served request becomes."),
};
static const tasim_schema_t demand_schema =
    SCHEMA("demand", tasim_demand_t, demand_fields, -1, NULL,
           "Requests that countries raise themselves.");

static const tasim_field_t allocation_fields[] = {
    ENUM(tasim_allocation_t, policy, "policy", policy_names, "need",
         "How waiting requests are ranked."),
    NUM(tasim_allocation_t, every_months, "every_months", 0, 120, 0, 12,
        "months", "Interval between allocation rounds; 0: continuous (a "
        "request is served as soon as money and experts are free)."),
    ENUM(tasim_allocation_t, coordination, "coordination",
         coordination_names, "full",
         "full: ranked centrally, one programme per unit; none: each "
         "channel alone."),
};
static const tasim_schema_t allocation_schema =
    SCHEMA("allocation", tasim_allocation_t, allocation_fields, -1, NULL,
           "How providers decide which requests to serve.");

static const tasim_field_t event_fields[] = {
    DATE(tasim_scripted_event_t, at, "at", REQ, "When it happens."),
    ENUM_REQ(tasim_scripted_event_t, type, "type", event_type_names,
             "What happens."),
    NAMES(tasim_scripted_event_t, countries, "countries", NULL,
          "Countries hit (crisis)."),
    ID(tasim_scripted_event_t, country, "country", 0,
       "Country concerned (government_change; or a single crisis)."),
    ID(tasim_scripted_event_t, donor, "donor", 0,
       "Donor concerned (budget_cut)."),
    NUM(tasim_scripted_event_t, years, "years", 0, 50, LO_OPEN, 2, "years",
        "Length of a crisis."),
    NUM(tasim_scripted_event_t, ownership, "ownership", 0, 1, UNSET, 0,
        "share", "Ownership after a government change; default: a draw."),
    NUM(tasim_scripted_event_t, cut, "cut", 0, 1, UNSET, 0, "share",
        "Share of the donor's budget cut from then on (budget_cut)."),
};
static const tasim_schema_t event_schema =
    SCHEMA("event", tasim_scripted_event_t, event_fields, -1, NULL,
           "A scripted shock.");

/* ---- strategies and sweep */

static const tasim_field_t strategy_fields[] = {
    TEXT(tasim_strategy_t, description, "description", 0, "",
         "What the variant stands for."),
    {"set", TASIM_F_OVERRIDES, offsetof(tasim_strategy_t, set),
     offsetof(tasim_strategy_t, set_count), NULL, NULL, 0, 0, REQ, 0, NULL,
     "", "Values to change: dotted paths (ids select list items, numbers "
         "index them) to single values."},
};
static const tasim_schema_t strategy_schema =
    SCHEMA("strategy", tasim_strategy_t, strategy_fields,
           offsetof(tasim_strategy_t, name), "the strategy's name",
           "A named variant of the scenario for `tasim compare`.");

static const tasim_field_t sweep_param_fields[] = {
    TEXT(tasim_sweep_parameter_t, path, "path", REQ, NULL,
         "Dotted path of a number in the scenario."),
    {"range", TASIM_F_RANGE, offsetof(tasim_sweep_parameter_t, range), 0,
     NULL, NULL, -1e300, 1e300, REQ, 0, NULL, "", "[low, high] explored."},
};
static const tasim_schema_t sweep_param_schema =
    SCHEMA("sweep parameter", tasim_sweep_parameter_t, sweep_param_fields, -1,
           NULL, "One parameter of a sweep.");

static const tasim_field_t sweep_fields[] = {
    ENUM(tasim_sweep_t, design, "design", design_names, "lhs",
         "Experimental design."),
    INT(tasim_sweep_t, samples, "samples", 1, 1e6, 0, 64, "points",
        "Design points (lhs, sobol) or trajectories (morris)."),
    INT(tasim_sweep_t, levels, "levels", 2, 100, 0, 5, "",
        "Levels per parameter (grid, morris)."),
    INT(tasim_sweep_t, replications, "replications", 1, 100000, 0, 20, "",
        "Replications per design point."),
    LIST(tasim_sweep_t, parameters, parameter_count, "parameters", REQ,
         sweep_param_schema, "Parameters varied."),
};
static const tasim_schema_t sweep_schema =
    SCHEMA("sweep", tasim_sweep_t, sweep_fields, -1, NULL,
           "A parameter sweep for `tasim sweep`.");

/* ---- model parameters; docs/model.md explains and sources each */

static const tasim_field_t learning_fields[] = {
    NUM(tasim_learning_rates_t, diagnostic, "diagnostic", 0, 50, 0, 0.5,
        "per year", "Learning rate while a diagnostic mission is on site."),
    NUM(tasim_learning_rates_t, short_mission, "short_mission", 0, 50, 0, 3,
        "per year", "Learning rate while a short-term mission is on site."),
    NUM(tasim_learning_rates_t, resident_advisor, "resident_advisor", 0, 50,
        0, 1.5, "per year", "Learning rate while a resident advisor is in "
        "post."),
    NUM(tasim_learning_rates_t, peer_exchange, "peer_exchange", 0, 50, 0, 2,
        "per year", "Learning rate during a peer-to-peer exchange."),
};
static const tasim_schema_t learning_schema =
    SCHEMA("learning", tasim_learning_rates_t, learning_fields, -1, NULL,
           "Learning rate r per modality at full fit, ownership, reach and "
           "no hands-on work (assumptions, calibrated in docs/model.md).");

static const tasim_field_t model_fields[] = {
    OBJ(tasim_model_params_t, learning, "learning", 0, learning_schema,
        "Learning rates by modality."),
    NUM(tasim_model_params_t, mentees_per_expert, "mentees_per_expert", 0,
        1e4, LO_OPEN, 40, "staff", "Staff one expert can coach; reach = "
        "min(1, experts * this / positions) (assumption)."),
    NUM(tasim_model_params_t, training_gain_per_day, "training_gain_per_day",
        0, 1, 0, 0.03, "share", "Share of the gap to full skill a "
        "participant closes per workshop day at full fit and ownership."),
    NUM(tasim_model_params_t, theta, "theta", 0, 1, 0, 0.3, "share",
        "Weight of institutional knowledge in capacity."),
    NUM(tasim_model_params_t, beta, "beta", 0, 1, 0, 0.3, "share",
        "Weight of systems in capacity."),
    NUM(tasim_model_params_t, institutionalise_rate, "institutionalise_rate",
        0, 50, 0, 0.8, "per year", "k_I: speed at which institutionalisation "
        "work writes current skills into institutional knowledge."),
    NUM(tasim_model_params_t, institutional_erosion, "institutional_erosion",
        0, 5, 0, 0.05, "per year", "eps_I: erosion of institutional "
        "knowledge."),
    NUM(tasim_model_params_t, hire_skill, "hire_skill", 0, 1, 0, 0.15,
        "share", "s0: skill of a new hire before internal training."),
    NUM(tasim_model_params_t, hire_institutional, "hire_institutional", 0, 1,
        0, 0.8, "share", "h: share of institutional knowledge passed to a "
        "new hire (new skill = s0 + h * I)."),
    NUM(tasim_model_params_t, expert_leverage, "expert_leverage", 0, 1000, 0,
        12, "staff", "Work of one expert doing the unit's tasks, in local staff "
        "equivalents (assumption: experts take the critical, high-skill "
        "tasks; see docs/model.md)."),
    NUM(tasim_model_params_t, absorptive_base, "absorptive_base", 0, 100,
        LO_OPEN, 1, "engagements", "Absorptive capacity of any unit."),
    NUM(tasim_model_params_t, absorptive_per_100_staff,
        "absorptive_per_100_staff", 0, 100, 0, 0.5, "engagements",
        "Absorptive capacity added per 100 positions."),
    NUM(tasim_model_params_t, absorptive_per_skill, "absorptive_per_skill", 0,
        100, 0, 1, "engagements", "Absorptive capacity added per unit of "
        "mean skill."),
    NUM(tasim_model_params_t, systems_depreciation, "systems_depreciation", 0,
        5, 0, 0.1, "per year", "Depreciation of systems that staff can "
        "maintain."),
    NUM(tasim_model_params_t, systems_depreciation_unmaintained,
        "systems_depreciation_unmaintained", 0, 5, 0, 0.3, "per year",
        "Depreciation while the skill share S is below "
        "systems_skill_needed."),
    NUM(tasim_model_params_t, systems_skill_needed, "systems_skill_needed", 0,
        1, 0, 0.35, "share", "Skill share S (vacant posts counting as zero) "
        "needed to maintain systems."),
    NUM(tasim_model_params_t, remote_share, "remote_share", 0, 1, 0, 0.25,
        "share", "Share of an expert's time an institutionalisation "
        "activity takes (remote backstopping)."),
    NUM(tasim_model_params_t, home_leave_per_year, "home_leave_per_year", 0,
        12, 0, 1, "trips", "Return trips per resident advisor per year in "
        "post, besides arrival and departure."),
    NUM(tasim_model_params_t, counterpart_burden, "counterpart_burden", 0, 1,
        0, 0.05, "share", "Share of a unit's capacity that each programme "
        "beyond the first ties up in counterpart work (proliferation: "
        "Roodman 2006; assumption)."),
};
static const tasim_schema_t model_schema =
    SCHEMA("model", tasim_model_params_t, model_fields, -1, NULL,
           "Parameters of the model's equations (docs/model.md).");

/* ---- the file */

static const tasim_field_t scenario_fields[] = {
    OBJ(tasim_scenario_t, run, "scenario", REQ, run_schema, "Run settings."),
    NAMES(tasim_scenario_t, topics, "topics", NULL,
          "Topics; default: pfm, tax_policy, revenue_admin, monetary, "
          "fin_supervision, aml_cft, debt_mgmt, statistics."),
    LIST(tasim_scenario_t, countries, country_count, "countries", REQ,
         country_schema, "Countries."),
    LIST(tasim_scenario_t, donors, donor_count, "donors", 0, donor_schema,
         "Donors."),
    LIST(tasim_scenario_t, providers, provider_count, "providers", 0,
         provider_schema, "Providers (delivery vehicles)."),
    LIST(tasim_scenario_t, programmes, programme_count, "programmes", 0,
         programme_schema, "Scripted programmes."),
    OPT(tasim_scenario_t, demand, has_demand, "demand", demand_schema,
        "Demand-driven requests; absent: none."),
    OBJ(tasim_scenario_t, allocation, "allocation", 0, allocation_schema,
        "Allocation of requests."),
    LIST(tasim_scenario_t, events, event_count, "events", 0, event_schema,
         "Scripted shocks."),
    MAP(tasim_scenario_t, strategies, strategy_count, "strategies", 0,
        strategy_schema, "Named variants."),
    OPT(tasim_scenario_t, sweep, has_sweep, "sweep", sweep_schema,
        "Parameter sweep."),
    OBJ(tasim_scenario_t, model, "model", 0, model_schema,
        "Model parameters; the defaults are documented in docs/model.md."),
};
const tasim_schema_t tasim_scenario_schema =
    SCHEMA("the scenario", tasim_scenario_t, scenario_fields, -1, NULL,
           "A tasim scenario file.");
