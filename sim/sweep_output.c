/*
 * sweep_output.c: design points, their outcomes, sensitivity indices,
 * the resume ledger and the files of `tasim sweep` (sweep_output.h,
 * docs/experiments.md).
 *
 * The ledger. While a sweep runs, DIR.ledger (beside DIR) receives each
 * finished point's result as soon as it is delivered, flushed at once. It
 * begins with a fingerprint of everything that decides the results (the
 * scenario's bytes, seed, replications, design and level); a ledger with
 * another fingerprint is refused. Points are delivered in order, so the
 * ledger holds points 0..k-1; a frame cut short by a crash is ignored and
 * that point is simulated again. Results are stored as their bits, so a
 * resumed sweep writes the same bytes as an uninterrupted one. The ledger
 * is removed once DIR is in place.
 */
#define _POSIX_C_SOURCE 200809L
#include "sweep_output.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

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
#include "tasim/sensitivity.h"
#include "tasim/sha256.h"
#include "tasim/version.h"

/* Bootstrap resamples for the intervals of Sobol' indices. */
enum { SOBOL_RESAMPLES = 1000 };

/* The Ishigami function's usual constants (Ishigami and Homma, 1990). */
#define ISHIGAMI_A 7.0
#define ISHIGAMI_B 0.1
static const char *const ishigami_names[] = {"y"};
static const char *const ishigami_units[] = {""};

static const char ledger_magic[8] = {'T', 'A', 'S', 'I', 'M', 'L', 'G', '1'};

/* ---- setup */

int tasim_sweep_setup_init(tasim_sweep_setup_t *s,
                           const tasim_scenario_t *base,
                           uint64_t replications, int function)
{
    memset(s, 0, sizeof *s);
    s->base = base;
    s->seed = base->run.seed;
    s->level = 0.95;
    if (!base->has_sweep) {
        tasim_cli_error("%s has no `sweep` block: name the parameters to "
                        "vary there (docs/experiments.md)", base->path);
        return TASIM_EXIT_USAGE;
    }
    const tasim_sweep_t *sw = &base->sweep;
    s->replications = replications ? replications
                                   : (uint64_t)sw->replications;
    s->outcome_count = TASIM_OUTCOMES;
    s->outcome_names = tasim_outcome_names;
    s->outcome_units = tasim_outcome_units;
    tasim_error_t err;
    tasim_error_clear(&err);
    if (function == TASIM_SWEEP_ISHIGAMI) {
        if (sw->parameter_count != 3) {
            tasim_cli_error("%s: the Ishigami function has 3 parameters; the "
                            "sweep block names %zu", base->path,
                            sw->parameter_count);
            return TASIM_EXIT_USAGE;
        }
        s->function = function;
        s->outcome_count = 1;
        s->outcome_names = ishigami_names;
        s->outcome_units = ishigami_units;
    }
    if (tasim_design_build(&s->design, sw->design, sw->parameter_count,
                           sw->samples, sw->levels, s->seed, &err) != 0) {
        tasim_cli_error("%s: sweep: %s", base->path, err.message);
        return TASIM_EXIT_SCENARIO;
    }
    return 0;
}

void tasim_sweep_setup_free(tasim_sweep_setup_t *s)
{
    if (s->done) {
        for (size_t p = 0; p < s->design.points; p++)
            free(s->done[p]);
        free(s->done);
        free(s->done_len);
    }
    tasim_design_free(&s->design);
    memset(s, 0, sizeof *s);
}

double tasim_sweep_value(const tasim_sweep_setup_t *s, size_t p, size_t j)
{
    const tasim_sweep_parameter_t *par = &s->base->sweep.parameters[j];
    double v = tasim_design_scale(s->design.x[p * s->design.k + j],
                                  par->range[0], par->range[1]);
    return par->integer ? round(v) : v;
}

/* ---- the job: one design point per task */

/* A design point's results. R and the outcome count are kept with them,
 * so that encoding and decoding need no other context. */
typedef struct {
    uint64_t R;
    size_t outcome_count;
    double *outcomes; /* outcome o of replication r at o * R + r */
    uint64_t events;
    tasim_reduced_t reduced;
} point_state_t;

/* Bytes of an encoded point: its events, then its outcomes. */
static size_t point_bytes(const point_state_t *st)
{
    return 8 + st->outcome_count * st->R * sizeof(double);
}

static long point_decode_bytes(point_state_t *st, const char *bytes,
                               size_t len, tasim_error_t *err)
{
    size_t need = point_bytes(st);
    if (len < need)
        return tasim_error_set(err, TASIM_EIO, NULL, 0, 0,
                               "a design point's results are truncated");
    memcpy(&st->events, bytes, 8);
    memcpy(st->outcomes, bytes + 8, need - 8);
    return (long)need;
}

static int point_simulate(const void *setup, void *state, uint64_t task,
                          tasim_error_t *err)
{
    const tasim_sweep_setup_t *s = setup;
    point_state_t *st = state;
    if (s->done && s->done[task])
        return point_decode_bytes(st, s->done[task], s->done_len[task],
                                  err) < 0
                   ? TASIM_EIO
                   : 0;
    if (s->function == TASIM_SWEEP_ISHIGAMI) {
        /* Deterministic: every replication gives the same value. */
        double y = tasim_ishigami(s->design.x + task * s->design.k,
                                  ISHIGAMI_A, ISHIGAMI_B);
        for (uint64_t r = 0; r < s->replications; r++)
            st->outcomes[r] = y;
        st->events = 0;
        return 0;
    }
    size_t k = s->design.k;
    tasim_override_t *ov = tasim_xcalloc(k, sizeof *ov);
    char(*values)[40] = tasim_xcalloc(k, sizeof *values);
    for (size_t j = 0; j < k; j++) {
        const tasim_sweep_parameter_t *par = &s->base->sweep.parameters[j];
        snprintf(values[j], sizeof values[j], "%.17g",
                 tasim_sweep_value(s, (size_t)task, j));
        ov[j] = (tasim_override_t){.path = par->path, .value = values[j],
                                   .loc = par->obj.loc,
                                   .value_loc = par->obj.loc};
    }
    tasim_diag_t diag;
    tasim_diag_init(&diag);
    tasim_scenario_t *v = tasim_scenario_variant(s->base, ov, k, &diag);
    int rc = 0;
    if (v == NULL) {
        rc = tasim_error_set(err, TASIM_ESCENARIO, NULL, 0, 0,
                             "design point %llu is not a valid scenario: %s",
                             (unsigned long long)task,
                             diag.count ? diag.items[0].message : "?");
    } else {
        v->run.seed = s->seed;
        v->run.replications = (long)s->replications;
        tasim_outcomes_t *collector = tasim_outcomes_create(v);
        uint64_t R = s->replications;
        st->events = 0;
        for (uint64_t r = 0; r < R && rc == 0; r++) {
            rc = tasim_reduced_run(v, r, collector, &st->reduced, err);
            st->events += st->reduced.events;
            for (size_t o = 0; o < TASIM_OUTCOMES; o++)
                st->outcomes[o * R + r] = st->reduced.outcomes[o];
        }
        tasim_outcomes_destroy(collector);
        tasim_scenario_destroy(v);
    }
    tasim_diag_fini(&diag);
    free(ov);
    free(values);
    return rc;
}

static void *point_create(const void *setup)
{
    const tasim_sweep_setup_t *s = setup;
    point_state_t *st = tasim_xcalloc(1, sizeof *st);
    st->R = s->replications;
    st->outcome_count = s->outcome_count;
    st->outcomes = tasim_xmalloc(s->outcome_count * s->replications *
                                 sizeof(double));
    return st;
}

static void point_destroy(void *state)
{
    point_state_t *st = state;
    free(st->outcomes);
    tasim_reduced_free(&st->reduced);
    free(st);
}

static void point_encode(void *state, char **buf, size_t *len)
{
    const point_state_t *st = state;
    size_t bytes = point_bytes(st);
    *buf = tasim_xrealloc(*buf, *len + bytes);
    memcpy(*buf + *len, &st->events, 8);
    memcpy(*buf + *len + 8, st->outcomes, bytes - 8);
    *len += bytes;
}

static long point_decode(void *state, const char *bytes, size_t len,
                         tasim_strpool_t *pool, tasim_error_t *err)
{
    (void)pool;
    return point_decode_bytes(state, bytes, len, err);
}

tasim_job_t tasim_sweep_job(const tasim_sweep_setup_t *s)
{
    return (tasim_job_t){
        .setup = s,
        .tasks = s->design.points,
        .create = point_create,
        .destroy = point_destroy,
        .simulate = point_simulate,
        .encode = point_encode,
        .decode = point_decode,
    };
}

/* ---- the ledger */

static char *ledger_path(const char *output)
{
    size_t n = strlen(output);
    while (n > 1 && output[n - 1] == '/')
        n--;
    char *p = tasim_xmalloc(n + sizeof ".ledger");
    memcpy(p, output, n);
    memcpy(p + n, ".ledger", sizeof ".ledger");
    return p;
}

/* What decides a sweep's results, hashed. */
static void fingerprint(const tasim_sweep_setup_t *s,
                        unsigned char out[TASIM_SHA256_DIGEST_SIZE])
{
    tasim_sha256_t h;
    tasim_sha256_init(&h);
    tasim_sha256_update(&h, s->base->source, s->base->source_len);
    char settings[160];
    int n = snprintf(settings, sizeof settings, "|%llu|%llu|%zu|%zu|%.17g",
                     (unsigned long long)s->seed,
                     (unsigned long long)s->replications, s->design.points,
                     s->design.k, s->level);
    tasim_sha256_update(&h, settings, (size_t)n);
    tasim_sha256_update(&h, &s->function, sizeof s->function);
    tasim_sha256_update(&h, s->design.x,
                        s->design.points * s->design.k * sizeof(double));
    /* Results depend on the code too: a rebuilt tasim starts over. */
    char build[300];
    n = snprintf(build, sizeof build, "|%s|%s", TASIM_VERSION,
                 tasim_git_commit());
    tasim_sha256_update(&h, build, (size_t)n);
    tasim_sha256_final(&h, out);
}

int tasim_sweep_read_ledger(tasim_sweep_setup_t *s, const char *output)
{
    char *path = ledger_path(output);
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        free(path);
        return 0;
    }
    char magic[8];
    unsigned char want[TASIM_SHA256_DIGEST_SIZE],
        got[TASIM_SHA256_DIGEST_SIZE];
    fingerprint(s, want);
    if (fread(magic, 1, 8, f) != 8 || memcmp(magic, ledger_magic, 8) != 0 ||
        fread(got, 1, sizeof got, f) != sizeof got) {
        tasim_cli_error("%s is not a tasim sweep ledger; remove it or use "
                        "--force", path);
        fclose(f);
        free(path);
        return TASIM_EXIT_USAGE;
    }
    if (memcmp(want, got, sizeof want) != 0) {
        tasim_cli_error("%s belongs to another sweep (a different scenario, "
                        "seed, replications, design or tasim build); remove "
                        "it or use --force to start over", path);
        fclose(f);
        free(path);
        return TASIM_EXIT_USAGE;
    }
    size_t P = s->design.points;
    s->done = tasim_xcalloc(P, sizeof *s->done);
    s->done_len = tasim_xcalloc(P, sizeof *s->done_len);
    size_t expect = 8 + s->outcome_count * s->replications * sizeof(double);
    for (;;) {
        uint64_t head[2]; /* point, length */
        if (fread(head, sizeof head[0], 2, f) != 2 || head[0] >= P ||
            head[1] != expect)
            break;
        char *bytes = tasim_xmalloc(expect);
        if (fread(bytes, 1, expect, f) != expect) {
            free(bytes); /* cut short: simulated again */
            break;
        }
        free(s->done[head[0]]);
        s->done[head[0]] = bytes;
        s->done_len[head[0]] = expect;
    }
    fclose(f);
    free(path);
    return 0;
}

/* ---- gathering the points in order */

typedef struct {
    tasim_sweep_setup_t *setup;
    const tasim_sweep_output_options_t *opt;
    tasim_job_t inner;
    tasim_progress_t progress;
    uint64_t events, fresh, delivered;
    double **outcomes; /* per point: o * R + r */
    FILE *ledger;
    char *buf;
    size_t len;
} gather_t;

static int gather_deliver(void *ctx, void *state, uint64_t task,
                          tasim_error_t *err)
{
    gather_t *g = ctx;
    const point_state_t *st = state;
    size_t n = st->outcome_count * st->R;
    g->outcomes[task] = tasim_xmalloc(n * sizeof(double));
    memcpy(g->outcomes[task], st->outcomes, n * sizeof(double));
    g->events += st->events;
    g->delivered = task + 1;
    int from_ledger = g->setup->done && g->setup->done[task];
    if (g->ledger && !from_ledger) {
        g->len = 0;
        point_encode(state, &g->buf, &g->len);
        uint64_t head[2] = {task, g->len};
        if (fwrite(head, sizeof head[0], 2, g->ledger) != 2 ||
            fwrite(g->buf, 1, g->len, g->ledger) != g->len ||
            fflush(g->ledger) != 0)
            return tasim_error_set(err, TASIM_EIO, NULL, 0, 0,
                                   "cannot write the sweep's ledger (disk "
                                   "full?)");
    }
    if (!from_ledger && ++g->fresh == g->opt->max_points &&
        g->opt->interrupted && task + 1 < g->setup->design.points)
        *g->opt->interrupted = -1; /* stop here, as if interrupted */
    return 0;
}

static void gather_progress(void *ctx, uint64_t delivered)
{
    gather_t *g = ctx;
    tasim_progress_update(&g->progress, delivered, g->events);
}

/* ---- writing */

static void number(FILE *f, double v)
{
    if (isfinite(v))
        tasim_fput_g10(f, v);
}

static void write_design(FILE *f, const gather_t *g)
{
    const tasim_sweep_setup_t *s = g->setup;
    fputs("point", f);
    for (size_t j = 0; j < s->design.k; j++)
        fprintf(f, ",%s", s->base->sweep.parameters[j].path);
    fputc('\n', f);
    for (size_t p = 0; p < s->design.points; p++) {
        fprintf(f, "%zu", p);
        for (size_t j = 0; j < s->design.k; j++)
            fprintf(f, ",%.17g", tasim_sweep_value(s, p, j));
        fputc('\n', f);
    }
}

static void write_results(FILE *f, const gather_t *g)
{
    const tasim_sweep_setup_t *s = g->setup;
    size_t R = (size_t)s->replications;
    fputs("point,outcome,unit,n,mean,sd,ci_low,ci_high\n", f);
    for (size_t p = 0; p < s->design.points; p++)
        for (size_t o = 0; o < s->outcome_count; o++) {
            tasim_interval_t iv;
            tasim_interval_mean(g->outcomes[p] + o * R, R, s->level, &iv);
            fprintf(f, "%zu,%s,%s,%zu", p, s->outcome_names[o],
                    s->outcome_units[o], iv.n);
            const double v[] = {iv.mean, iv.sd, iv.lo, iv.hi};
            for (int i = 0; i < 4; i++) {
                fputc(',', f);
                number(f, v[i]);
            }
            fputc('\n', f);
        }
}

static void index_row(FILE *f, const char *outcome, const char *parameter,
                      const char *index, double v, double lo, double hi)
{
    fprintf(f, "%s,%s,%s,", outcome, parameter, index);
    number(f, v);
    fputc(',', f);
    number(f, lo);
    fputc(',', f);
    number(f, hi);
    fputc('\n', f);
}

/* Whether an outcome does not really vary over the design: its spread is
 * within 1e-9 of its size, which is rounding (sums of the same costs in
 * another order), not an effect. Indices of such noise would be
 * meaningless numbers, so they are left empty. */
static int flat_outcome(const double *y, size_t n)
{
    double lo = INFINITY, hi = -INFINITY, size = 0;
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(y[i]))
            return 0; /* the estimators report undefined values */
        lo = fmin(lo, y[i]);
        hi = fmax(hi, y[i]);
        size = fmax(size, fabs(y[i]));
    }
    return hi - lo <= 1e-9 * size;
}

/* Indices of every outcome over the point means. An outcome undefined at
 * some point (NaN mean) gets empty Sobol' indices, whose estimators need
 * every point, while Morris uses the elementary effects whose two ends
 * are defined (their number is not reported); an outcome that does not
 * vary (flat_outcome) gets empty values for both. */
static void write_sensitivity(FILE *f, const gather_t *g)
{
    const tasim_sweep_setup_t *s = g->setup;
    size_t P = s->design.points, k = s->design.k, R = (size_t)s->replications;
    double *y = tasim_xmalloc(P * sizeof *y);
    fputs("outcome,parameter,index,value,ci_low,ci_high\n", f);
    for (size_t o = 0; o < s->outcome_count; o++) {
        for (size_t p = 0; p < P; p++) {
            tasim_interval_t iv;
            tasim_interval_mean(g->outcomes[p] + o * R, R, s->level, &iv);
            y[p] = iv.mean;
        }
        const char *name = s->outcome_names[o];
        tasim_error_t err;
        tasim_error_clear(&err);
        int flat = flat_outcome(y, P);
        if (s->design.kind == TASIM_DESIGN_MORRIS) {
            tasim_morris_index_t *m = tasim_xcalloc(k, sizeof *m);
            int bad = flat || tasim_morris_indices(&s->design, y, m, &err);
            for (size_t j = 0; j < k; j++) {
                const char *par = s->base->sweep.parameters[j].path;
                index_row(f, name, par, "mu", bad ? NAN : m[j].mu, NAN, NAN);
                index_row(f, name, par, "mu_star", bad ? NAN : m[j].mu_star,
                          NAN, NAN);
                index_row(f, name, par, "sigma", bad ? NAN : m[j].sigma, NAN,
                          NAN);
            }
            free(m);
        } else {
            tasim_sobol_index_t *si = tasim_xcalloc(k, sizeof *si);
            int bad = flat || tasim_sobol_indices(&s->design, y,
                                                  SOBOL_RESAMPLES, s->level,
                                                  s->seed, si, &err);
            for (size_t j = 0; j < k; j++) {
                const char *par = s->base->sweep.parameters[j].path;
                if (bad) {
                    index_row(f, name, par, "first", NAN, NAN, NAN);
                    index_row(f, name, par, "total", NAN, NAN, NAN);
                } else {
                    index_row(f, name, par, "first", si[j].first,
                              si[j].first_lo, si[j].first_hi);
                    index_row(f, name, par, "total", si[j].total,
                              si[j].total_lo, si[j].total_hi);
                }
            }
            free(si);
        }
    }
    free(y);
}

static int write_files(tasim_outdir_t *dir, const gather_t *g, double wall,
                       time_t started)
{
    const tasim_sweep_setup_t *s = g->setup;
    int indices = s->design.kind == TASIM_DESIGN_MORRIS ||
                  s->design.kind == TASIM_DESIGN_SOBOL;
    void (*writers[])(FILE *, const gather_t *) = {
        write_design, write_results, write_sensitivity};
    const char *names[] = {"design.csv", "results.csv", "sensitivity.csv"};
    int rc = 0;
    for (int i = 0; i < (indices ? 3 : 2) && rc == 0; i++) {
        FILE *f = tasim_output_open(dir, names[i]);
        if (f == NULL)
            return -1;
        writers[i](f, g);
        rc = ferror(f) | fclose(f);
    }
    const tasim_sweep_output_options_t *o = g->opt;
    tasim_manifest_info_t info = {
        .seed = s->seed, .replications = (long)s->replications,
        .seed_drawn = s->seed_drawn, .wall_seconds = wall,
        .events = g->events, .started = started, .exact_quantiles = 1};
    rc |= tasim_output_manifest(dir, s->base, o->argc, o->argv, info);
    return rc ? -1 : 0;
}

static FILE *open_ledger(tasim_sweep_setup_t *s, const char *path)
{
    /* Rewritten from what was read, so a frame cut short is dropped; into
     * a new file renamed over the old one, so that a crash while
     * rewriting loses nothing, and a reader sees the old or the new. */
    size_t n = strlen(path) + sizeof ".new";
    char *fresh = tasim_xmalloc(n);
    snprintf(fresh, n, "%s.new", path);
    FILE *f = fopen(fresh, "wb");
    if (f == NULL) {
        free(fresh);
        return NULL;
    }
    unsigned char fp[TASIM_SHA256_DIGEST_SIZE];
    fingerprint(s, fp);
    fwrite(ledger_magic, 1, 8, f);
    fwrite(fp, 1, sizeof fp, f);
    for (size_t p = 0; s->done && p < s->design.points; p++)
        if (s->done[p]) {
            uint64_t head[2] = {p, s->done_len[p]};
            fwrite(head, sizeof head[0], 2, f);
            fwrite(s->done[p], 1, s->done_len[p], f);
        }
    if (fflush(f) != 0 || ferror(f) || rename(fresh, path) != 0) {
        fclose(f);
        remove(fresh);
        free(fresh);
        return NULL;
    }
    free(fresh);
    return f;
}

static int ledger_exists(const char *path)
{
    return access(path, F_OK) == 0;
}

int tasim_sweep_output_write(tasim_sweep_setup_t *s,
                             const tasim_sweep_output_options_t *o,
                             const tasim_feed_t *feed)
{
    time_t started = time(NULL);
    char *lpath = ledger_path(o->output);
    int rc = 0;
    if (o->resume) {
        rc = tasim_sweep_read_ledger(s, o->output);
    } else if (ledger_exists(lpath) && !o->force) {
        tasim_cli_error("%s holds the points of an interrupted sweep: pass "
                        "--resume to continue it, or --force to start over",
                        lpath);
        rc = TASIM_EXIT_USAGE;
    }
    tasim_outdir_t dir;
    if (rc == 0)
        rc = tasim_output_begin(&dir, o->output, o->force);
    if (rc != 0) {
        free(lpath);
        return rc;
    }
    size_t P = s->design.points;
    gather_t g = {.setup = s, .opt = o, .inner = tasim_sweep_job(s)};
    g.outcomes = tasim_xcalloc(P, sizeof *g.outcomes);
    g.ledger = open_ledger(s, lpath);
    if (g.ledger == NULL) {
        tasim_cli_error("%s: cannot write the sweep's ledger", lpath);
        rc = TASIM_EXIT_USAGE;
    }
    tasim_job_t job = g.inner;
    job.ctx = &g;
    job.deliver = gather_deliver;
    job.progress = gather_progress;
    tasim_progress_start(&g.progress, o->quiet, o->progress, job.tasks,
                         "points");
    if (rc == 0)
        rc = tasim_output_feed(feed, &job, o->interrupted);
    double wall = tasim_progress_end(&g.progress);
    if (g.ledger && fclose(g.ledger) != 0 && rc == 0) {
        tasim_cli_error("%s: cannot write the sweep's ledger", lpath);
        rc = TASIM_EXIT_USAGE;
    }
    if (rc == 0 && write_files(&dir, &g, wall, started) != 0) {
        tasim_cli_error("%s: cannot write the results (disk full?)",
                        o->output);
        rc = TASIM_EXIT_USAGE;
    }
    /* The ledger's message replaces the generic one on interruption. */
    rc = tasim_output_finish(&dir, rc, NULL);
    if (rc == 0) {
        remove(lpath);
    } else if (o->interrupted && *o->interrupted == -1) {
        /* A planned stop is not an error: say so, with its own code. */
        fprintf(stderr, "tasim: stopped after %llu of %zu points as asked "
                        "(--max-points); `--resume` continues from %s\n",
                (unsigned long long)g.delivered, P, lpath);
        rc = TASIM_EXIT_STOPPED;
    } else if (o->interrupted && *o->interrupted) {
        tasim_cli_error("stopped after %llu of %zu points; `--resume` "
                        "continues from %s",
                        (unsigned long long)g.delivered, P, lpath);
    }
    for (size_t p = 0; p < P; p++)
        free(g.outcomes[p]);
    free(g.outcomes);
    free(g.buf);
    free(lpath);
    return rc;
}

/* ---- shards */

char *tasim_sweep_shard_args(const tasim_sweep_setup_t *s)
{
    tasim_strbuf_t b = {0};
    tasim_strbuf_printf(&b, "%.17g;%d", s->level, s->function);
    return tasim_strbuf_take(&b);
}

int tasim_sweep_merge(const tasim_scenario_t *sc,
                      const tasim_shard_header_t *h, const char *output,
                      int force, int quiet, int progress, int argc,
                      char **argv, const tasim_feed_t *feed)
{
    tasim_scenario_t *base = (tasim_scenario_t *)sc;
    base->run.seed = h->seed;
    tasim_sweep_setup_t s;
    const char *semi = strchr(h->args, ';');
    int function = semi ? atoi(semi + 1) : 0;
    int rc = tasim_sweep_setup_init(&s, base, h->replications, function);
    if (rc == 0) {
        s.level = strtod(h->args, NULL);
        s.seed_drawn = h->seed_drawn;
        tasim_sweep_output_options_t o = {
            .output = output, .force = force, .quiet = quiet,
            .progress = progress, .argc = argc, .argv = argv};
        rc = tasim_sweep_output_write(&s, &o, feed);
    }
    tasim_sweep_setup_free(&s);
    return rc;
}
