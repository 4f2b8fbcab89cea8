/*
 * model_fixture.c: see model_fixture.h.
 */
#include "model_fixture.h"

#include <criterion/criterion.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

tasim_scenario_t *fixture_scenario(const char *fmt, ...)
{
    static char text[16384];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    cr_assert(n > 0 && (size_t)n < sizeof text);
    tasim_diag_t diag;
    tasim_diag_init(&diag);
    tasim_scenario_t *sc =
        tasim_scenario_load_buffer("fixture.yaml", text, (size_t)n, &diag);
    if (sc == NULL) {
        char *msg = tasim_diag_render(&diag, text, (size_t)n);
        cr_log_error("%s", msg);
        free(msg);
    }
    cr_assert_not_null(sc, "the fixture scenario must be valid");
    tasim_diag_fini(&diag);
    return sc;
}

static void observe(void *ctx, uint64_t rep, double year, const char *country,
                    const char *topic, const char *series, double value)
{
    (void)rep;
    unit_trace_t *t = ctx;
    if (strcmp(country, "FIN") != 0 || strcmp(topic, "tax") != 0)
        return;
    if (strcmp(series, "capacity") == 0) {
        cr_assert(t->n < FIXTURE_MAX_SAMPLES);
        t->year[t->n] = year;
        t->capacity[t->n++] = value;
        return;
    }
    size_t i = t->n - 1;
    if (strcmp(series, "performance") == 0)
        t->performance[i] = value;
    else if (strcmp(series, "dependency") == 0)
        t->dependency[i] = value;
    else if (strcmp(series, "skill") == 0)
        t->skill[i] = value;
    else if (strcmp(series, "institutional") == 0)
        t->institutional[i] = value;
    else if (strcmp(series, "staff") == 0)
        t->staff[i] = value;
    for (int k = 0; k < TASIM_COST_COMPONENTS; k++) {
        char name[32];
        snprintf(name, sizeof name, "cost_%s", tasim_cost_names[k]);
        if (strcmp(series, name) == 0)
            t->cost[k] += value;
    }
}

static void programme(void *ctx, uint64_t rep,
                      const tasim_programme_record_t *r)
{
    (void)rep;
    unit_trace_t *t = ctx;
    if (!t->has_programme) {
        t->programme = *r;
        t->has_programme = 1;
    }
}

void fixture_run(const tasim_scenario_t *sc, unsigned rep, unit_trace_t *out)
{
    static const tasim_model_observer_t obs = {observe, programme, NULL};
    memset(out, 0, sizeof *out);
    tasim_error_t err;
    tasim_error_clear(&err);
    tasim_model_stats_t stats = {0};
    int rc = tasim_model_run(sc, rep, &obs, out, &stats, &err);
    cr_assert_eq(rc, 0, "model failed: %s", err.message);
    out->staff_changes = stats.staff_changes;
}

size_t fixture_at(const unit_trace_t *t, double year)
{
    for (size_t i = 0; i < t->n; i++)
        if (fabs(t->year[i] - year) < 1e-9)
            return i;
    cr_assert_fail("no sample at year %g", year);
    return 0;
}

tasim_scenario_t *fixture_one_unit(double turnover, double forgetting,
                                   double ownership, const char *programme,
                                   const char *model)
{
    return fixture_scenario(
        "scenario: {name: fixture, start: 2026-01, years: 10, seed: 917,\n"
        "           replications: 1}\n"
        "topics: [tax]\n"
        "countries:\n"
        "  - id: FIN\n"
        "    ownership: %.17g\n"
        "    government_change: {every_years: 0}\n"
        "    units:\n"
        "      tax: {staff: 150, skill: 0.3, skill_sd: 0.07,\n"
        "            turnover: %.17g, forgetting: %.17g,\n"
        "            hire_delay_months: 3, institutional: 0.12,\n"
        "            systems: 0.4}\n"
        "donors: [{id: D, budget: {per_year: 1.0e7}}]\n"
        "providers:\n"
        "  - id: HQ\n"
        "    kind: headquarters\n"
        "    costs: {salary_per_month: 21000, trip: 4700, per_diem: 260,\n"
        "            training_per_participant_day: 55,\n"
        "            logistics_per_activity: 2900, housing_per_month: 3100}\n"
        "programmes:%s%s\n"
        "model: {%s}\n",
        ownership, turnover, forgetting, programme[0] ? "\n" : " []",
        programme, model);
}

double fixture_lower_bound_999(const double *d, size_t n)
{
    return gsl_stats_mean(d, 1, n) -
           gsl_cdf_tdist_Pinv(0.999, (double)(n - 1)) *
               gsl_stats_sd(d, 1, n) / sqrt((double)n);
}
