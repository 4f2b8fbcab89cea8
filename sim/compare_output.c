/*
 * compare_output.c: strategies on common random numbers, their outcomes,
 * paired differences and the files of `tasim compare` (compare_output.h,
 * docs/experiments.md).
 */
#define _POSIX_C_SOURCE 200809L
#include "compare_output.h"

#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "manifest.h"
#include "outdir.h"
#include "output_steps.h"
#include "progress.h"
#include "reduced.h"
#include "strbuf.h"
#include "tasim/format.h"
#include "tasim/alloc.h"
#include "tasim/outcomes.h"
#include "tasim/paired.h"

/* ---- setup */

void tasim_compare_setup_add(tasim_compare_setup_t *s, const char *label,
                             tasim_scenario_t *variant)
{
    s->labels = tasim_xrealloc(s->labels, (s->count + 1) * sizeof *s->labels);
    s->variants =
        tasim_xrealloc(s->variants, (s->count + 1) * sizeof *s->variants);
    s->labels[s->count] = tasim_xstrdup(label);
    s->variants[s->count] = variant;
    s->count++;
}

int tasim_compare_setup_strategies(tasim_compare_setup_t *s,
                                   const tasim_scenario_t *base,
                                   const char *list)
{
    s->base = base;
    s->seed = base->run.seed;
    s->replications = (uint64_t)base->run.replications;
    if (s->level == 0)
        s->level = 0.95;
    tasim_strbuf_t names = {0};
    if (list) {
        tasim_strbuf_append(&names, list, strlen(list));
    } else {
        tasim_strbuf_append(&names, "baseline", 8);
        for (size_t i = 0; i < base->strategy_count; i++)
            tasim_strbuf_printf(&names, ",%s", base->strategies[i].name);
    }
    char *text = tasim_strbuf_take(&names);
    int rc = 0;
    for (char *save = NULL, *name = strtok_r(text, ",", &save); name && !rc;
         name = strtok_r(NULL, ",", &save)) {
        for (size_t i = 0; i < s->count; i++)
            if (strcmp(s->labels[i], name) == 0) {
                rc = tasim_cli_usage_error("compare", "strategy '%s' is "
                                           "named twice", name);
                break;
            }
        if (rc)
            break;
        const tasim_strategy_t *st = NULL;
        if (strcmp(name, "baseline") != 0 &&
            (st = tasim_scenario_strategy(base, name)) == NULL) {
            tasim_strbuf_t known = {0};
            for (size_t i = 0; i < base->strategy_count; i++)
                tasim_strbuf_printf(&known, ", %s", base->strategies[i].name);
            char *k = tasim_strbuf_take(&known);
            rc = tasim_cli_usage_error(
                "compare", "%s has no strategy '%s' (it has: baseline%s)",
                base->path, name, k ? k : "");
            free(k);
            break;
        }
        tasim_diag_t diag;
        tasim_diag_init(&diag);
        tasim_scenario_t *v =
            st ? tasim_scenario_variant(base, st->set, st->set_count, &diag)
               : tasim_scenario_variant(base, NULL, 0, &diag);
        if (v == NULL) {
            /* Strategies are checked when the file loads: this is rare. */
            rc = tasim_cli_report_scenario_errors(base->path, &diag);
        } else {
            v->run.seed = s->seed;
            v->run.replications = (long)s->replications;
            tasim_compare_setup_add(s, name, v);
        }
        tasim_diag_fini(&diag);
    }
    free(text);
    if (rc == 0 && s->count < 2)
        rc = tasim_cli_usage_error("compare", "a comparison needs at least "
                                              "two strategies");
    return rc;
}

void tasim_compare_setup_free(tasim_compare_setup_t *s)
{
    for (size_t i = 0; i < s->count; i++) {
        free(s->labels[i]);
        tasim_scenario_destroy(s->variants[i]);
    }
    free(s->labels);
    free(s->variants);
    memset(s, 0, sizeof *s);
}

/* ---- the job */

typedef struct {
    const tasim_compare_setup_t *setup;
    tasim_outcomes_t **collectors; /* one per strategy */
    tasim_reduced_t result;
} compare_state_t;

static void *compare_create(const void *setup)
{
    const tasim_compare_setup_t *s = setup;
    compare_state_t *st = tasim_xcalloc(1, sizeof *st);
    st->setup = s;
    st->collectors = tasim_xcalloc(s->count, sizeof *st->collectors);
    for (size_t i = 0; i < s->count; i++)
        st->collectors[i] = tasim_outcomes_create(s->variants[i]);
    return st;
}

static void compare_destroy(void *state)
{
    compare_state_t *st = state;
    for (size_t i = 0; i < st->setup->count; i++)
        tasim_outcomes_destroy(st->collectors[i]);
    free(st->collectors);
    tasim_reduced_free(&st->result);
    free(st);
}

static int compare_simulate(const void *setup, void *state, uint64_t task,
                            tasim_error_t *err)
{
    const tasim_compare_setup_t *s = setup;
    compare_state_t *st = state;
    size_t k = (size_t)(task % s->count);
    uint64_t rep = task / s->count;
    return tasim_reduced_run(s->variants[k], rep, st->collectors[k],
                             &st->result, err);
}

static void compare_encode(void *state, char **buf, size_t *len)
{
    tasim_reduced_encode(&((compare_state_t *)state)->result, buf, len);
}

static long compare_decode(void *state, const char *bytes, size_t len,
                           tasim_strpool_t *pool, tasim_error_t *err)
{
    (void)pool;
    return tasim_reduced_decode(&((compare_state_t *)state)->result, bytes,
                                len, err);
}

tasim_job_t tasim_compare_job(const tasim_compare_setup_t *s)
{
    return (tasim_job_t){
        .setup = s,
        .tasks = s->replications * s->count,
        .create = compare_create,
        .destroy = compare_destroy,
        .simulate = compare_simulate,
        .encode = compare_encode,
        .decode = compare_decode,
    };
}

/* ---- gathering the results in order */

enum { TRAJ_CAPACITY, TRAJ_DEPENDENCY, TRAJECTORIES };
static const char *const trajectory_names[TRAJECTORIES] = {"capacity",
                                                           "dependency"};

typedef struct {
    const tasim_compare_setup_t *setup;
    tasim_job_t inner;
    tasim_progress_t progress;
    uint64_t events;
    /* outcomes[k][o * R + r]: strategy k, outcome o, replication r */
    double **outcomes;
    /* Trajectories of strategy k: years of its samples (from replication
     * 0) and values[k][t][i * R + r] for sample i. */
    size_t *samples;
    double **years;
    double **values[TRAJECTORIES];
} gather_t;

static int gather_deliver(void *ctx, void *state, uint64_t task,
                          tasim_error_t *err)
{
    gather_t *g = ctx;
    const tasim_reduced_t *res = &((compare_state_t *)state)->result;
    size_t S = g->setup->count, k = (size_t)(task % S);
    uint64_t R = g->setup->replications, r = task / S;
    g->events += res->events;
    for (size_t o = 0; o < TASIM_OUTCOMES; o++)
        g->outcomes[k][o * R + r] = res->outcomes[o];
    if (r == 0) {
        g->samples[k] = res->samples;
        g->years[k] = tasim_xmalloc((res->samples + 1) * sizeof(double));
        memcpy(g->years[k], res->year, res->samples * sizeof(double));
        for (int t = 0; t < TRAJECTORIES; t++)
            g->values[t][k] = tasim_xmalloc(
                (res->samples * R + 1) * sizeof(double));
    } else if (res->samples != g->samples[k]) {
        return tasim_error_set(err, TASIM_ERUNTIME, NULL, 0, 0,
                               "replication %llu of '%s' has %zu samples, "
                               "replication 0 had %zu (internal error)",
                               (unsigned long long)r, g->setup->labels[k],
                               res->samples, g->samples[k]);
    }
    const double *src[TRAJECTORIES] = {res->capacity, res->dependency};
    for (int t = 0; t < TRAJECTORIES; t++)
        for (size_t i = 0; i < res->samples; i++)
            g->values[t][k][i * R + r] = src[t][i];
    return 0;
}

static void gather_progress(void *ctx, uint64_t delivered)
{
    gather_t *g = ctx;
    tasim_progress_update(&g->progress, delivered, g->events);
}

static void gather_free(gather_t *g)
{
    for (size_t k = 0; k < g->setup->count; k++) {
        free(g->outcomes[k]);
        free(g->years[k]);
        for (int t = 0; t < TRAJECTORIES; t++)
            free(g->values[t][k]);
    }
    free(g->outcomes);
    free(g->years);
    free(g->samples);
    for (int t = 0; t < TRAJECTORIES; t++)
        free(g->values[t]);
}

/* ---- writing */

static void number(FILE *f, double v)
{
    if (isfinite(v))
        tasim_fput_g10(f, v);
}

static void write_compare_csv(FILE *f, const gather_t *g)
{
    const tasim_compare_setup_t *s = g->setup;
    size_t R = (size_t)s->replications;
    fputs("outcome,unit,strategy,reference,n,mean,sd,ci_low,ci_high,"
          "p_value,significant,var_paired,var_unpaired\n", f);
    for (size_t o = 0; o < TASIM_OUTCOMES; o++) {
        for (size_t k = 0; k < s->count; k++) {
            tasim_interval_t iv;
            tasim_interval_mean(g->outcomes[k] + o * R, R, s->level, &iv);
            fprintf(f, "%s,%s,%s,,%zu,", tasim_outcome_names[o],
                    tasim_outcome_units[o], s->labels[k], iv.n);
            const double v[] = {iv.mean, iv.sd, iv.lo, iv.hi};
            for (int i = 0; i < 4; i++) {
                number(f, v[i]);
                fputc(',', f);
            }
            fputs(",,,\n", f);
        }
        for (size_t a = 0; a < s->count; a++)
            for (size_t b = a + 1; b < s->count; b++) {
                tasim_paired_t p;
                tasim_paired_compare(g->outcomes[a] + o * R,
                                     g->outcomes[b] + o * R, R, s->level,
                                     &p);
                fprintf(f, "%s,%s,%s,%s,%zu,", tasim_outcome_names[o],
                        tasim_outcome_units[o], s->labels[b], s->labels[a],
                        p.n);
                const double v[] = {p.mean_diff, p.sd_diff, p.lo, p.hi, p.p};
                for (int i = 0; i < 5; i++) {
                    number(f, v[i]);
                    fputc(',', f);
                }
                if (p.n >= 2)
                    fputs(p.significant ? "yes" : "no", f);
                fputc(',', f);
                number(f, p.var_paired);
                fputc(',', f);
                number(f, p.var_unpaired);
                fputc('\n', f);
            }
    }
}

static void write_replications_csv(FILE *f, const gather_t *g)
{
    const tasim_compare_setup_t *s = g->setup;
    size_t R = (size_t)s->replications;
    fputs("replication,strategy", f);
    for (size_t o = 0; o < TASIM_OUTCOMES; o++)
        fprintf(f, ",%s", tasim_outcome_names[o]);
    fputc('\n', f);
    for (size_t r = 0; r < R; r++)
        for (size_t k = 0; k < s->count; k++) {
            fprintf(f, "%zu,%s", r, s->labels[k]);
            for (size_t o = 0; o < TASIM_OUTCOMES; o++) {
                fputc(',', f);
                number(f, g->outcomes[k][o * R + r]);
            }
            fputc('\n', f);
        }
}

/* Mean and the 5%, 50% and 95% quantiles of the finite values of x[n]
 * (sorted in place). */
static size_t band(double *x, size_t n, double out[4])
{
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (isfinite(x[i]))
            x[m++] = x[i];
    if (m == 0) {
        out[0] = out[1] = out[2] = out[3] = NAN;
        return 0;
    }
    gsl_sort(x, 1, m);
    out[0] = gsl_stats_mean(x, 1, m);
    out[1] = gsl_stats_quantile_from_sorted_data(x, 1, m, 0.05);
    out[2] = gsl_stats_quantile_from_sorted_data(x, 1, m, 0.50);
    out[3] = gsl_stats_quantile_from_sorted_data(x, 1, m, 0.95);
    return m;
}

static void write_series_csv(FILE *f, const gather_t *g)
{
    const tasim_compare_setup_t *s = g->setup;
    size_t R = (size_t)s->replications;
    double *tmp = tasim_xmalloc(R * sizeof *tmp);
    fputs("strategy,year,series,n,mean,p05,p50,p95\n", f);
    for (size_t k = 0; k < s->count; k++)
        for (int t = 0; t < TRAJECTORIES; t++)
            for (size_t i = 0; i < g->samples[k]; i++) {
                memcpy(tmp, g->values[t][k] + i * R, R * sizeof *tmp);
                double b[4];
                size_t n = band(tmp, R, b);
                fprintf(f, "%s,%.10g,%s,%zu", s->labels[k], g->years[k][i],
                        trajectory_names[t], n);
                for (int j = 0; j < 4; j++) {
                    fputc(',', f);
                    number(f, b[j]);
                }
                fputc('\n', f);
            }
    free(tmp);
}

/* A number for the table: 4 significant digits, thousands as k/M. */
static void short_number(char *buf, size_t n, double v, int sign)
{
    if (!isfinite(v)) {
        snprintf(buf, n, "-");
        return;
    }
    double a = fabs(v);
    const char *suffix = a >= 1e6 ? "M" : a >= 1e4 ? "k" : "";
    double scaled = a >= 1e6 ? v / 1e6 : a >= 1e4 ? v / 1e3 : v;
    if (sign)
        snprintf(buf, n, "%+.4g%s", scaled, suffix);
    else
        snprintf(buf, n, "%.4g%s", scaled, suffix);
}

static void cell(char *buf, size_t n, double mean, double lo, double hi,
                 int sign)
{
    char m[24], l[24], h[24];
    short_number(m, sizeof m, mean, sign);
    if (!isfinite(lo)) {
        snprintf(buf, n, "%s", m);
        return;
    }
    short_number(l, sizeof l, lo, sign);
    short_number(h, sizeof h, hi, sign);
    tasim_strbuf_t b = {0};
    tasim_strbuf_printf(&b, "%s [%s, %s]", m, l, h);
    char *text = tasim_strbuf_take(&b);
    snprintf(buf, n, "%s", text);
    free(text);
}

/* The table an evaluator pastes: every strategy's means with intervals,
 * then each strategy against the first, with the variance reduction that
 * common random numbers bought. */
/* Columns are padded to line up, except the last, so that no line ends
 * in spaces. */
static int width(size_t k, size_t count, int w) { return k + 1 < count ? w : 0; }

static void print_table(FILE *f, const gather_t *g)
{
    const tasim_compare_setup_t *s = g->setup;
    size_t R = (size_t)s->replications;
    fprintf(f, "%s: %llu replications per strategy, seed %llu, %g%% "
               "confidence intervals\n\n",
            s->base->run.name, (unsigned long long)R,
            (unsigned long long)s->seed, 100 * s->level);
    fprintf(f, "%-18s %-9s", "outcome", "unit");
    for (size_t k = 0; k < s->count; k++)
        fprintf(f, " %-*s", width(k, s->count, 30), s->labels[k]);
    fputc('\n', f);
    for (size_t o = 0; o < TASIM_OUTCOMES; o++) {
        fprintf(f, "%-18s %-9s", tasim_outcome_names[o],
                tasim_outcome_units[o]);
        for (size_t k = 0; k < s->count; k++) {
            tasim_interval_t iv;
            char c[96];
            tasim_interval_mean(g->outcomes[k] + o * R, R, s->level, &iv);
            cell(c, sizeof c, iv.mean, iv.lo, iv.hi, 0);
            fprintf(f, " %-*s", width(k, s->count, 30), c);
        }
        fputc('\n', f);
    }
    fprintf(f, "\nPaired differences against %s (* : the interval "
               "excludes 0; sd ratio: paired / independent)\n\n",
            s->labels[0]);
    fprintf(f, "%-18s", "outcome");
    for (size_t k = 1; k < s->count; k++)
        fprintf(f, " %-31s %-*s", s->labels[k], width(k, s->count, 8),
                "sd ratio");
    fputc('\n', f);
    for (size_t o = 0; o < TASIM_OUTCOMES; o++) {
        fprintf(f, "%-18s", tasim_outcome_names[o]);
        for (size_t k = 1; k < s->count; k++) {
            tasim_paired_t p;
            char c[96], ratio[16] = "-";
            tasim_paired_compare(g->outcomes[0] + o * R,
                                 g->outcomes[k] + o * R, R, s->level, &p);
            cell(c, sizeof c, p.mean_diff, p.lo, p.hi, 1);
            if (p.n >= 2 && p.significant)
                strcat(c, " *");
            /* A ratio of rounding noise (costs summed in another order
             * differ by 1e-10 dollars) would be a meaningless number. */
            tasim_interval_t ref;
            tasim_interval_mean(g->outcomes[0] + o * R, R, s->level, &ref);
            double scale = 1e-9 * (fabs(p.mean_diff) + fabs(ref.mean));
            if (p.var_unpaired > scale * scale && isfinite(p.var_paired))
                snprintf(ratio, sizeof ratio, "%.3f",
                         sqrt(p.var_paired / p.var_unpaired));
            fprintf(f, " %-31s %-*s", c, width(k, s->count, 8), ratio);
        }
        fputc('\n', f);
    }
}

static int write_files(tasim_outdir_t *dir, const gather_t *g,
                       const tasim_compare_output_options_t *o, double wall,
                       time_t started)
{
    void (*writers[])(FILE *, const gather_t *) = {
        write_compare_csv, write_replications_csv, write_series_csv};
    const char *names[] = {"compare.csv", "compare-replications.csv",
                           "compare-series.csv"};
    int rc = 0;
    for (int i = 0; i < 3 && rc == 0; i++) {
        FILE *f = tasim_output_open(dir, names[i]);
        if (f == NULL)
            return -1;
        writers[i](f, g);
        rc = ferror(f) | fclose(f);
    }
    FILE *t = tasim_output_open(dir, "compare.txt");
    if (t == NULL)
        return -1;
    print_table(t, g);
    rc |= ferror(t) | fclose(t);

    tasim_manifest_info_t info = {
        .seed = g->setup->seed, .replications = (long)g->setup->replications,
        .seed_drawn = g->setup->seed_drawn, .wall_seconds = wall,
        .events = g->events, .started = started, .exact_quantiles = 1,
        .second_scenario = g->setup->second};
    rc |= tasim_output_manifest(dir, g->setup->base, o->argc, o->argv, info);
    return rc ? -1 : 0;
}

int tasim_compare_output_write(const tasim_compare_setup_t *s,
                               const tasim_compare_output_options_t *o,
                               const tasim_feed_t *feed)
{
    time_t started = time(NULL);
    tasim_outdir_t dir;
    if (tasim_output_begin(&dir, o->output, o->force) != 0)
        return TASIM_EXIT_USAGE;
    size_t S = s->count, R = (size_t)s->replications;
    gather_t g = {.setup = s, .inner = tasim_compare_job(s)};
    g.outcomes = tasim_xcalloc(S, sizeof *g.outcomes);
    for (size_t k = 0; k < S; k++)
        g.outcomes[k] = tasim_xmalloc(TASIM_OUTCOMES * R * sizeof(double));
    g.samples = tasim_xcalloc(S, sizeof *g.samples);
    g.years = tasim_xcalloc(S, sizeof *g.years);
    for (int t = 0; t < TRAJECTORIES; t++)
        g.values[t] = tasim_xcalloc(S, sizeof *g.values[t]);
    tasim_job_t job = g.inner;
    job.ctx = &g;
    job.deliver = gather_deliver;
    job.progress = gather_progress;
    tasim_progress_start(&g.progress, o->quiet, o->progress, job.tasks,
                         "runs");
    int rc = tasim_output_feed(feed, &job, o->interrupted);
    double wall = tasim_progress_end(&g.progress);
    if (rc == 0 && write_files(&dir, &g, o, wall, started) != 0) {
        tasim_cli_error("%s: cannot write the results (disk full?)",
                        o->output);
        rc = TASIM_EXIT_USAGE;
    }
    rc = tasim_output_finish(&dir, rc, o->interrupted);
    if (rc == 0 && o->table)
        print_table(stdout, &g);
    gather_free(&g);
    return rc;
}

/* ---- shards */

char *tasim_compare_shard_args(const tasim_compare_setup_t *s)
{
    tasim_strbuf_t b = {0};
    tasim_strbuf_printf(&b, "%.17g;", s->level);
    for (size_t k = 0; k < s->count; k++)
        tasim_strbuf_printf(&b, "%s%s", k ? "," : "", s->labels[k]);
    return tasim_strbuf_take(&b);
}

int tasim_compare_merge(const tasim_scenario_t *sc,
                        const tasim_shard_header_t *h, const char *output,
                        int force, int quiet, int progress, int argc,
                        char **argv, const tasim_feed_t *feed)
{
    const char *semi = strchr(h->args, ';');
    if (semi == NULL) {
        tasim_cli_error("the shards' header does not name the strategies");
        return TASIM_EXIT_USAGE;
    }
    tasim_compare_setup_t s = {.level = strtod(h->args, NULL)};
    tasim_scenario_t *base = (tasim_scenario_t *)sc;
    base->run.seed = h->seed;
    base->run.replications = (long)h->replications;
    int rc = tasim_compare_setup_strategies(&s, base, semi + 1);
    s.seed_drawn = h->seed_drawn;
    if (rc == 0) {
        tasim_compare_output_options_t o = {
            .output = output, .force = force, .quiet = quiet,
            .progress = progress, .table = !quiet, .argc = argc,
            .argv = argv};
        rc = tasim_compare_output_write(&s, &o, feed);
    }
    tasim_compare_setup_free(&s);
    return rc;
}
