/*
 * outcomes.c: the key outcomes of one replication (see tasim/outcomes.h).
 *
 * Everything is folded in as it arrives, so no time series is stored.
 * The one outcome that looks as if it needed a unit's whole capacity
 * trajectory, the time a scripted programme takes to reach its capacity
 * target, does not: the target and the start date of every scripted
 * programme are known from the scenario, so each capacity observation is
 * checked against the targets on its unit and the first sample that
 * reaches one is kept. That replaces a units x samples array (whose size
 * depends on the output interval, and can be large with a short one) by
 * three numbers per scripted programme with a capacity objective.
 *
 * A unit's dependency counts only at samples where a programme is
 * running on it. The model reports `dependency` before `programmes`
 * within a sample, but the pairing below does not rely on that order:
 * each unit keeps the latest value of both with the sample it belongs to
 * and the pair is counted when its second half arrives.
 */
#include "tasim/outcomes.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "tasim/alloc.h"

const char *const tasim_outcome_names[TASIM_OUTCOMES] = {
    "capacity_end",   "capacity_gain",  "retention_3y",
    "dependency_ta",  "cost_salaries",  "cost_travel",
    "cost_training",  "cost_equipment", "cost_logistics",
    "cost_total",     "cost_per_capacity", "indicator_end",
    "time_to_target", "target_reached"};

const char *const tasim_outcome_units[TASIM_OUTCOMES] = {
    "share", "units", "ratio",    "share",     "US$",   "US$",  "US$",
    "US$",   "US$",   "US$",      "US$/unit",  "indicator", "years",
    "share"};

/* A sample of a programme's unit counts as "at or after its start" if it
 * is at most this many years before it: the sample's year and the
 * record's start are computed by different sums of the same decimal
 * years, and may differ in the last bits (1e-9 years is 30 ms). */
#define START_TOLERANCE 1e-9

enum { SERIES_CAPACITY, SERIES_DEPENDENCY, SERIES_PROGRAMMES,
       SERIES_INDICATOR, SERIES_OTHER };

typedef struct {
    const char *country, *topic; /* borrowed from the scenario */
    size_t target_begin, target_end; /* its scripted targets */
    /* This replication. */
    double first, last; /* capacity; NaN until reported */
    double indicator;   /* latest; NaN until reported */
    uint64_t dep_sample, prog_sample; /* sample of dep / prog, 0: none */
    double dep, prog;
} unit_acc_t;

/* A scripted programme with a capacity objective. */
typedef struct {
    size_t unit;
    double start;  /* decimal year of the spec's start */
    double target; /* its largest objective capacity */
    /* This replication. */
    double reached;   /* year of the first sample at the target, or NaN */
    double rec_start; /* the record's start, NaN until the record comes */
    int started;      /* the record has a capacity_start */
} target_t;

struct tasim_outcomes {
    const tasim_scenario_t *sc;
    size_t retention_3y; /* index into record->retention */
    unit_acc_t *units;
    size_t unit_count, cursor;
    target_t *targets; /* grouped by unit, each group in file order */
    size_t target_count;
    long *spec_target;  /* per scripted programme: target index or -1 */
    unsigned char *spec_seen; /* per scripted programme: record matched */
    size_t spec_count;

    /* The replication under way. */
    int active;
    uint64_t replication;
    double year;     /* of the current sample */
    uint64_t sample; /* 1-based index of the current sample */
    size_t capacity_seen, spec_matched, records;
    double dep_sum;
    size_t dep_n;
    double cost[TASIM_COST_COMPONENTS];
    double ret_sum;
    size_t ret_n;
    double exit_cost, exit_gain;
};

/* ---- set-up --------------------------------------------------------- */

static double largest_capacity_objective(const tasim_programme_spec_t *p)
{
    double target = NAN;
    for (size_t i = 0; i < p->objective_count; i++) {
        double c = p->objectives[i].capacity;
        if (!isnan(c) && (isnan(target) || c > target))
            target = c;
    }
    return target;
}

static long unit_of(const tasim_outcomes_t *o, const char *country,
                    const char *topic)
{
    for (size_t u = 0; u < o->unit_count; u++)
        if (strcmp(o->units[u].country, country) == 0 &&
            strcmp(o->units[u].topic, topic) == 0)
            return (long)u;
    return -1;
}

/* Targets grouped by unit, so a capacity observation visits only its
 * unit's: O(units x programmes) once, here. */
static void build_targets(tasim_outcomes_t *o)
{
    const tasim_scenario_t *sc = o->sc;
    o->spec_count = sc->programme_count;
    o->spec_target = tasim_xmalloc((o->spec_count + 1) * sizeof(long));
    o->spec_seen = tasim_xcalloc(o->spec_count + 1, 1);
    o->targets = tasim_xcalloc(o->spec_count + 1, sizeof *o->targets);
    long *unit = tasim_xmalloc((o->spec_count + 1) * sizeof(long));
    for (size_t j = 0; j < o->spec_count; j++) {
        const tasim_programme_spec_t *p = &sc->programmes[j];
        o->spec_target[j] = -1;
        unit[j] = isnan(largest_capacity_objective(p))
                      ? -1
                      : unit_of(o, p->country, p->topic);
    }
    for (size_t u = 0; u < o->unit_count; u++) {
        o->units[u].target_begin = o->target_count;
        for (size_t j = 0; j < o->spec_count; j++) {
            if (unit[j] != (long)u)
                continue;
            const tasim_programme_spec_t *p = &sc->programmes[j];
            o->spec_target[j] = (long)o->target_count;
            o->targets[o->target_count++] = (target_t){
                .unit = u,
                .start = tasim_date_to_year(p->start),
                .target = largest_capacity_objective(p)};
        }
        o->units[u].target_end = o->target_count;
    }
    free(unit);
}

tasim_outcomes_t *tasim_outcomes_create(const tasim_scenario_t *sc)
{
    tasim_assert(sc != NULL);
    tasim_outcomes_t *o = tasim_xcalloc(1, sizeof *o);
    o->sc = sc;
    o->retention_3y = TASIM_RETENTION_POINTS;
    for (size_t i = 0; i < TASIM_RETENTION_POINTS; i++)
        if (tasim_retention_years[i] == 3)
            o->retention_3y = i;
    tasim_assert(o->retention_3y < TASIM_RETENTION_POINTS);
    o->unit_count = tasim_scenario_unit_count(sc);
    o->units = tasim_xcalloc(o->unit_count + 1, sizeof *o->units);
    size_t u = 0;
    for (size_t c = 0; c < sc->country_count; c++)
        for (size_t k = 0; k < sc->countries[c].unit_count; k++) {
            o->units[u].country = sc->countries[c].id;
            o->units[u++].topic = sc->countries[c].units[k].topic;
        }
    build_targets(o);
    tasim_outcomes_reset(o);
    return o;
}

void tasim_outcomes_destroy(tasim_outcomes_t *o)
{
    if (o == NULL)
        return;
    free(o->units);
    free(o->targets);
    free(o->spec_target);
    free(o->spec_seen);
    free(o);
}

void tasim_outcomes_reset(tasim_outcomes_t *o)
{
    o->active = 0;
    o->year = NAN;
    o->sample = 0;
    o->cursor = 0;
    o->capacity_seen = o->spec_matched = o->records = 0;
    o->dep_sum = o->ret_sum = o->exit_cost = o->exit_gain = 0;
    o->dep_n = o->ret_n = 0;
    for (int c = 0; c < TASIM_COST_COMPONENTS; c++)
        o->cost[c] = 0;
    for (size_t u = 0; u < o->unit_count; u++) {
        unit_acc_t *a = &o->units[u];
        a->first = a->last = a->indicator = NAN;
        a->dep_sample = a->prog_sample = 0;
    }
    for (size_t t = 0; t < o->target_count; t++) {
        o->targets[t].reached = o->targets[t].rec_start = NAN;
        o->targets[t].started = 0;
    }
    memset(o->spec_seen, 0, o->spec_count);
}

/* A callback of another replication starts afresh. */
static void begin(tasim_outcomes_t *o, uint64_t replication)
{
    if (o->active && o->replication == replication)
        return;
    tasim_outcomes_reset(o);
    o->active = 1;
    o->replication = replication;
}

/* ---- observations ------------------------------------------------- */

static int series_kind(const char *s)
{
    if (strcmp(s, "capacity") == 0)
        return SERIES_CAPACITY;
    if (strcmp(s, "dependency") == 0)
        return SERIES_DEPENDENCY;
    if (strcmp(s, "programmes") == 0)
        return SERIES_PROGRAMMES;
    if (strcmp(s, "indicator") == 0)
        return SERIES_INDICATOR;
    return SERIES_OTHER;
}

/* The model reports units in scenario order, several series each, so the
 * unit is nearly always the last one found or the next. */
static long find_unit(tasim_outcomes_t *o, const char *country,
                      const char *topic)
{
    for (size_t step = 0; step < 2 && o->unit_count > 0; step++) {
        size_t u = (o->cursor + step) % o->unit_count;
        if (strcmp(o->units[u].topic, topic) == 0 &&
            strcmp(o->units[u].country, country) == 0) {
            o->cursor = u;
            return (long)u;
        }
    }
    long u = unit_of(o, country, topic);
    if (u >= 0)
        o->cursor = (size_t)u;
    return u;
}

static void on_capacity(tasim_outcomes_t *o, unit_acc_t *a, double value)
{
    if (isnan(a->first))
        a->first = value;
    a->last = value;
    o->capacity_seen++;
    for (size_t i = a->target_begin; i < a->target_end; i++) {
        target_t *t = &o->targets[i];
        if (isnan(t->reached) && o->year >= t->start - START_TOLERANCE &&
            value >= t->target)
            t->reached = o->year;
    }
}

/* Count the unit's dependency if both halves of this sample are in. */
static void pair_dependency(tasim_outcomes_t *o, const unit_acc_t *a)
{
    if (a->dep_sample == o->sample && a->prog_sample == o->sample &&
        a->prog > 0) {
        o->dep_sum += a->dep;
        o->dep_n++;
    }
}

static void observe(void *ctx, uint64_t replication, double year,
                    const char *country, const char *topic,
                    const char *series, double value)
{
    tasim_outcomes_t *o = ctx;
    begin(o, replication);
    if (!(year == o->year)) { /* also true for the first one (NaN) */
        o->year = year;
        o->sample++;
    }
    int kind = series_kind(series);
    if (kind == SERIES_OTHER || topic[0] == '\0' || !isfinite(value))
        return;
    long u = find_unit(o, country, topic);
    if (u < 0)
        return;
    unit_acc_t *a = &o->units[u];
    switch (kind) {
    case SERIES_CAPACITY:
        on_capacity(o, a, value);
        break;
    case SERIES_DEPENDENCY:
        if (a->dep_sample != o->sample) {
            a->dep_sample = o->sample;
            a->dep = value;
            pair_dependency(o, a);
        }
        break;
    case SERIES_PROGRAMMES:
        if (a->prog_sample != o->sample) {
            a->prog_sample = o->sample;
            a->prog = value;
            pair_dependency(o, a);
        }
        break;
    default: /* SERIES_INDICATOR */
        a->indicator = value;
        break;
    }
}

/* ---- programme records -------------------------------------------- */

/* The scripted programme a record belongs to, or -1. The model reports
 * scripted programmes first, in file order, so the record's position is
 * tried first; the id must match either way. A programme from a request
 * might carry the id of a scripted one ("request-0" is a valid id), but
 * only after every scripted one has been matched. */
static long scripted_index(tasim_outcomes_t *o,
                           const tasim_programme_record_t *r)
{
    if (o->spec_matched == o->spec_count)
        return -1;
    size_t k = o->records;
    const tasim_programme_spec_t *specs = o->sc->programmes;
    if (k < o->spec_count && !o->spec_seen[k] &&
        strcmp(specs[k].id, r->id) == 0)
        return (long)k;
    for (size_t j = 0; j < o->spec_count; j++)
        if (!o->spec_seen[j] && strcmp(specs[j].id, r->id) == 0)
            return (long)j;
    return -1;
}

static void on_programme(void *ctx, uint64_t replication,
                         const tasim_programme_record_t *r)
{
    tasim_outcomes_t *o = ctx;
    begin(o, replication);
    double total = 0;
    for (int c = 0; c < TASIM_COST_COMPONENTS; c++) {
        o->cost[c] += r->cost[c];
        total += r->cost[c];
    }
    if (isfinite(r->exit)) {
        o->exit_cost += total;
        o->exit_gain += r->capacity_exit - r->capacity_start;
    }
    double ret = r->retention[o->retention_3y];
    if (isfinite(ret)) {
        o->ret_sum += ret;
        o->ret_n++;
    }
    long j = scripted_index(o, r);
    if (j >= 0) {
        o->spec_seen[j] = 1;
        o->spec_matched++;
        if (o->spec_target[j] >= 0) {
            target_t *t = &o->targets[o->spec_target[j]];
            t->rec_start = r->start;
            t->started = isfinite(r->capacity_start);
        }
    }
    o->records++;
}

static void on_request(void *ctx, uint64_t replication,
                       const tasim_request_record_t *r)
{
    (void)r;
    begin(ctx, replication);
}

const tasim_model_observer_t tasim_outcomes_observer = {
    observe, on_programme, on_request};

/* ---- the outcomes ------------------------------------------------- */

static double mean_or_nan(double sum, size_t n)
{
    return n > 0 ? sum / (double)n : NAN;
}

static void unit_outcomes(const tasim_outcomes_t *o, double *out)
{
    double end = 0, gain = 0, ind = 0;
    size_t n_ind = 0, n_cap = 0;
    for (size_t u = 0; u < o->unit_count; u++) {
        const unit_acc_t *a = &o->units[u];
        if (!isnan(a->last)) {
            end += a->last;
            gain += a->last - a->first;
            n_cap++;
        }
        if (!isnan(a->indicator)) {
            ind += a->indicator;
            n_ind++;
        }
    }
    /* Over all units or not at all: a partial mean would mix scopes. */
    int all = n_cap > 0 && n_cap == o->unit_count;
    out[TASIM_OUTCOME_CAPACITY_END] = all ? end / (double)n_cap : NAN;
    out[TASIM_OUTCOME_CAPACITY_GAIN] = all ? gain : NAN;
    out[TASIM_OUTCOME_INDICATOR_END] = mean_or_nan(ind, n_ind);
    out[TASIM_OUTCOME_DEPENDENCY_TA] = mean_or_nan(o->dep_sum, o->dep_n);
}

static void target_outcomes(const tasim_outcomes_t *o, double *out)
{
    size_t eligible = 0, reached = 0;
    double years = 0;
    for (size_t i = 0; i < o->target_count; i++) {
        const target_t *t = &o->targets[i];
        if (!t->started)
            continue;
        eligible++;
        if (!isnan(t->reached)) {
            reached++;
            years += fmax(0, t->reached - t->rec_start);
        }
    }
    /* Without capacity observations nothing could be seen to reach a
     * target: undefined, not "never reached". */
    int seen = o->capacity_seen > 0;
    out[TASIM_OUTCOME_TIME_TO_TARGET] =
        seen ? mean_or_nan(years, reached) : NAN;
    out[TASIM_OUTCOME_TARGET_REACHED] =
        seen && eligible > 0 ? (double)reached / (double)eligible : NAN;
}

void tasim_outcomes_finish(tasim_outcomes_t *o, double out[TASIM_OUTCOMES])
{
    unit_outcomes(o, out);
    out[TASIM_OUTCOME_RETENTION_3Y] = mean_or_nan(o->ret_sum, o->ret_n);
    double total = 0;
    for (int c = 0; c < TASIM_COST_COMPONENTS; c++) {
        out[TASIM_OUTCOME_COST_SALARIES + c] = o->cost[c];
        total += o->cost[c];
    }
    out[TASIM_OUTCOME_COST_TOTAL] = total;
    out[TASIM_OUTCOME_COST_PER_CAPACITY] =
        o->exit_gain > 0 ? o->exit_cost / o->exit_gain : NAN;
    target_outcomes(o, out);
    tasim_outcomes_reset(o);
}

/* ---- what the scenario reports ------------------------------------ */

const char *tasim_outcomes_missing_series(const tasim_scenario_t *sc,
                                          int outcome)
{
    static const char *const needs[TASIM_OUTCOMES][3] = {
        [TASIM_OUTCOME_CAPACITY_END] = {"capacity"},
        [TASIM_OUTCOME_CAPACITY_GAIN] = {"capacity"},
        [TASIM_OUTCOME_DEPENDENCY_TA] = {"dependency", "programmes"},
        [TASIM_OUTCOME_INDICATOR_END] = {"indicator"},
        [TASIM_OUTCOME_TIME_TO_TARGET] = {"capacity"},
        [TASIM_OUTCOME_TARGET_REACHED] = {"capacity"}};
    tasim_assert(outcome >= 0 && outcome < TASIM_OUTCOMES);
    const tasim_names_t *s = &sc->run.output.series;
    if (s->count == 0)
        return NULL; /* every series is reported */
    for (size_t i = 0; i < 3 && needs[outcome][i]; i++) {
        size_t k = 0;
        while (k < s->count && strcmp(s->items[k], needs[outcome][i]) != 0)
            k++;
        if (k == s->count)
            return needs[outcome][i];
    }
    return NULL;
}
