/*
 * programme_summary.c: programmes-summary.csv, the ensemble view of
 * programmes.csv. A scripted programme is its own group; programmes born
 * from requests are grouped by provider and topic (their ids differ from
 * one replication to the next). Per group: how many programmes, the mean
 * and the 5/50/95% quantiles of each cost component and of the total
 * (GSL's P-square estimators, so memory stays flat however many
 * replications and programmes there are), the distribution of ratings
 * and mean retention after exit.
 */
#include "programme_summary.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_rstat.h>

#include "tasim/format.h"
#include "tasim/alloc.h"

enum { COSTS = TASIM_COST_COMPONENTS + 1 }; /* components and total */

static const double quantile_p[3] = {0.05, 0.5, 0.95};

typedef struct {
    double n, sum;
} mean_t;

typedef struct {
    char key[160];
    char *provider, *topic; /* copies: records' names may be transient */
    size_t n;
    double cost_sum[COSTS];
    gsl_rstat_quantile_workspace *q[COSTS][3];
    size_t ratings[5]; /* unrated, 1, 2, 3, 4 */
    mean_t retention[TASIM_RETENTION_POINTS];
    mean_t gain[TASIM_RETENTION_POINTS];
} group_t;

struct tasim_programme_summary {
    group_t *groups;
    size_t count, cap;
};

tasim_programme_summary_t *tasim_programme_summary_create(void)
{
    return tasim_xcalloc(1, sizeof(tasim_programme_summary_t));
}

void tasim_programme_summary_destroy(tasim_programme_summary_t *s)
{
    if (s == NULL)
        return;
    for (size_t g = 0; g < s->count; g++) {
        for (int c = 0; c < COSTS; c++)
            for (int k = 0; k < 3; k++)
                gsl_rstat_quantile_free(s->groups[g].q[c][k]);
        free(s->groups[g].provider);
        free(s->groups[g].topic);
    }
    free(s->groups);
    free(s);
}

/* Scripted programmes keep their id; request-born ones ("request-N")
 * are pooled per provider and topic. */
static void group_key(const tasim_programme_record_t *r, char *key, size_t n)
{
    if (strncmp(r->id, "request-", 8) == 0)
        snprintf(key, n, "requests:%s:%s", r->provider, r->topic);
    else
        snprintf(key, n, "%s", r->id);
}

static group_t *find_group(tasim_programme_summary_t *s,
                           const tasim_programme_record_t *r)
{
    char key[160];
    group_key(r, key, sizeof key);
    for (size_t g = 0; g < s->count; g++) /* few groups: a scan will do */
        if (strcmp(s->groups[g].key, key) == 0)
            return &s->groups[g];
    if (s->count == s->cap) {
        s->cap = s->cap ? 2 * s->cap : 8;
        s->groups = tasim_xrealloc(s->groups, s->cap * sizeof *s->groups);
    }
    group_t *g = &s->groups[s->count++];
    memset(g, 0, sizeof *g);
    snprintf(g->key, sizeof g->key, "%s", key);
    g->provider = tasim_xstrdup(r->provider);
    g->topic = tasim_xstrdup(r->topic);
    for (int c = 0; c < COSTS; c++)
        for (int k = 0; k < 3; k++)
            g->q[c][k] = gsl_rstat_quantile_alloc(quantile_p[k]);
    return g;
}

static void add_mean(mean_t *m, double v)
{
    if (isfinite(v)) {
        m->n += 1;
        m->sum += v;
    }
}

void tasim_programme_summary_add(tasim_programme_summary_t *s,
                                 const tasim_programme_record_t *r)
{
    group_t *g = find_group(s, r);
    double costs[COSTS], total = 0;
    for (int c = 0; c < TASIM_COST_COMPONENTS; c++) {
        costs[c] = r->cost[c];
        total += r->cost[c];
    }
    costs[TASIM_COST_COMPONENTS] = total;
    g->n++;
    for (int c = 0; c < COSTS; c++) {
        g->cost_sum[c] += costs[c];
        for (int k = 0; k < 3; k++)
            gsl_rstat_quantile_add(costs[c], g->q[c][k]);
    }
    int rating = isfinite(r->rating) ? (int)r->rating : 0;
    g->ratings[rating >= 1 && rating <= 4 ? rating : 0]++;
    for (int k = 0; k < TASIM_RETENTION_POINTS; k++) {
        add_mean(&g->retention[k], r->retention[k]);
        add_mean(&g->gain[k], r->gain_retention[k]);
    }
}

static void number(FILE *f, double v)
{
    fputc(',', f);
    if (isfinite(v))
        tasim_fput_g10(f, v);
}

static void header(FILE *f)
{
    fputs("programme,provider,topic,n", f);
    for (int c = 0; c < COSTS; c++) {
        const char *name = c < TASIM_COST_COMPONENTS ? tasim_cost_names[c]
                                                     : "total";
        fprintf(f, ",cost_%s_mean,cost_%s_p05,cost_%s_p50,cost_%s_p95", name,
                name, name, name);
    }
    fputs(",rated_none,rated_1,rated_2,rated_3,rated_4", f);
    for (int k = 0; k < TASIM_RETENTION_POINTS; k++)
        fprintf(f, ",retention_%dy_mean", tasim_retention_years[k]);
    for (int k = 0; k < TASIM_RETENTION_POINTS; k++)
        fprintf(f, ",gain_retention_%dy_mean", tasim_retention_years[k]);
    fputc('\n', f);
}

int tasim_programme_summary_write(const tasim_programme_summary_t *s,
                                  FILE *f)
{
    header(f);
    for (size_t i = 0; i < s->count; i++) {
        const group_t *g = &s->groups[i];
        fprintf(f, "%s,%s,%s,%zu", g->key, g->provider, g->topic, g->n);
        for (int c = 0; c < COSTS; c++) {
            number(f, g->cost_sum[c] / (double)g->n);
            for (int k = 0; k < 3; k++)
                number(f, gsl_rstat_quantile_get(g->q[c][k]));
        }
        for (int k = 0; k < 5; k++)
            fprintf(f, ",%zu", g->ratings[k]);
        for (int k = 0; k < TASIM_RETENTION_POINTS; k++)
            number(f, g->retention[k].n ? g->retention[k].sum / g->retention[k].n
                                        : NAN);
        for (int k = 0; k < TASIM_RETENTION_POINTS; k++)
            number(f, g->gain[k].n ? g->gain[k].sum / g->gain[k].n : NAN);
        fputc('\n', f);
    }
    return ferror(f) ? -1 : 0;
}
