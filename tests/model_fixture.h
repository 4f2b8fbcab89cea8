/*
 * model_fixture.h: helpers for model tests: load a scenario from text,
 * run replications and keep what the observer saw for one unit.
 */
#ifndef TASIM_TESTS_MODEL_FIXTURE_H
#define TASIM_TESTS_MODEL_FIXTURE_H

#include <stddef.h>

#include "tasim/model.h"
#include "tasim/scenario.h"

enum { FIXTURE_MAX_SAMPLES = 1024 };

/* One replication's observations of one unit (country FIN, topic tax)
 * and the first programme's record. */
typedef struct {
    size_t n;
    double year[FIXTURE_MAX_SAMPLES];
    double capacity[FIXTURE_MAX_SAMPLES];
    double performance[FIXTURE_MAX_SAMPLES];
    double dependency[FIXTURE_MAX_SAMPLES];
    double skill[FIXTURE_MAX_SAMPLES];
    double institutional[FIXTURE_MAX_SAMPLES];
    double staff[FIXTURE_MAX_SAMPLES]; /* in post */
    double cost[TASIM_COST_COMPONENTS]; /* summed over the samples */
    uint64_t staff_changes; /* exits and hires carried out, all units */
    int has_programme;
    tasim_programme_record_t programme;
} unit_trace_t;

/* Load a scenario from `yaml` (printf-style); fails the test on error. */
tasim_scenario_t *fixture_scenario(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

/* Run replication `rep` and record the trace; fails the test if the model
 * reports an error (which includes any broken invariant). */
void fixture_run(const tasim_scenario_t *sc, unsigned rep, unit_trace_t *out);

/* Index of the sample at decimal calendar year `year` (exact match). */
size_t fixture_at(const unit_trace_t *t, double year);

/* A one-country scenario: unit FIN/tax with the given staff settings, and
 * `programme` (YAML for one list item under `programmes:`, or ""). The
 * model block `model` may override parameters ("" for defaults). */
tasim_scenario_t *fixture_one_unit(double turnover, double forgetting,
                                   double ownership, const char *programme,
                                   const char *model);

/* YAML for fixture_one_unit's `programme`: p1, two years on FIN/tax from
 * January 2027, run by HQ for donor D, with `activities` (list items,
 * and anything after them such as objectives). */
#define FIXTURE_PROGRAMME(activities)                                         \
    "  - id: p1\n"                                                            \
    "    country: FIN\n"                                                      \
    "    topic: tax\n"                                                        \
    "    provider: HQ\n"                                                      \
    "    funder: D\n"                                                         \
    "    start: 2027-01\n"                                                    \
    "    years: 2\n"                                                          \
    "    fit: 0.85\n"                                                         \
    "    activities:\n" activities

/* The one-sided 99.9% lower confidence bound of the mean of d[0..n):
 * mean - t(0.999, n - 1) sd / sqrt(n). A fact that needs mean(d) > 0
 * holds when this is above 0. */
double fixture_lower_bound_999(const double *d, size_t n);

#endif
