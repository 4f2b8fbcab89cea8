/*
 * summary.c: ensemble statistics per position of the observation
 * sequence (see tasim/summary.h).
 *
 * The mode is chosen when the second replication starts: exact in
 * memory when storing every value takes no more memory than streaming
 * estimators would, exact with the values on disk otherwise (spill.h),
 * streaming only when asked. The first replication's values are kept
 * until then, so every mode sees every replication.
 */
#include "tasim/summary.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "key_table.h"
#include "p2.h"
#include "spill.h"
#include "tasim/format.h"
#include "tasim/alloc.h"

static const double quantile_p[3] = {0.05, 0.5, 0.95};

/* 32 bytes: the key and the year are numbers into the summary's tables,
 * which matters at world scale (millions of positions). */
typedef struct {
    uint32_t key;  /* into keys */
    uint32_t year; /* into years */
    double n, mean, m2; /* Welford over finite values */
} position_t;

struct tasim_summary {
    uint64_t replications;
    int streaming_only;
    position_t *pos;
    size_t count, cap;
    tasim_key_table_t keys;   /* (owner, topic, series) of the positions */
    double *years;            /* distinct years, in order */
    uint32_t year_count, year_cap;
    size_t cursor;            /* position expected next in this replication */
    uint64_t current;         /* replication being added */
    int mode;                 /* MODE_* */
    double *first;            /* values of replication 0 (undecided) */
    double *values;           /* exact in memory: count x replications */
    tasim_p2_t *q;            /* streaming: count x 3 estimators */
    char *spill_path;         /* where exact values go on disk, or NULL */
    tasim_spill_t *spill;     /* exact on disk */
    int failed;               /* the spill could not be written */
};

enum { MODE_UNDECIDED, MODE_EXACT, MODE_STREAMING, MODE_EXACT_ON_DISK };

/* The most memory exact values may take before they go to disk. */
#define IN_MEMORY_MAX (64.0 * 1024 * 1024)

/* The most memory spent on reading spilled values back, in bytes, and
 * how much it may be per position (a small run keeps a small buffer, so
 * its memory stays flat in the number of replications). */
#define READ_BUFFER_MAX ((size_t)8 << 20)
#define READ_BUFFER_PER_POSITION 128

tasim_summary_t *tasim_summary_create(uint64_t replications,
                                      tasim_summary_quantiles_t quantiles)
{
    tasim_assert(replications >= 1);
    tasim_summary_t *s = tasim_xcalloc(1, sizeof *s);
    s->replications = replications;
    s->streaming_only = quantiles == TASIM_SUMMARY_STREAMING;
    return s;
}

void tasim_summary_destroy(tasim_summary_t *s)
{
    if (s == NULL)
        return;
    free(s->q);
    free(s->values);
    free(s->first);
    free(s->pos);
    free(s->years);
    tasim_key_table_free(&s->keys);
    tasim_spill_close(s->spill);
    free(s->spill_path);
    free(s);
}

void tasim_summary_spill_to(tasim_summary_t *s, const char *path)
{
    free(s->spill_path);
    s->spill_path = path ? tasim_xstrdup(path) : NULL;
}

int tasim_summary_exact(const tasim_summary_t *s)
{
    return s->mode != MODE_STREAMING;
}

/* Add a finite value to position i's estimators; its Welford count
 * already includes it. */
static void stream_add(tasim_summary_t *s, size_t i, double v)
{
    uint64_t count = (uint64_t)s->pos[i].n;
    for (int k = 0; k < 3; k++)
        tasim_p2_add(&s->q[3 * i + k], quantile_p[k], count, v);
}

/* The first replication is complete: choose the mode and move its values
 * into the chosen store. */
static void decide(tasim_summary_t *s)
{
    /* Exact in memory while keeping every value costs no more per position
     * than the three streaming estimators would (up to 24 replications)
     * and little in all; otherwise exact on disk, which keeps memory flat.
     * Streaming only when asked. */
    double per_position = (double)s->replications * sizeof(double);
    double in_memory = per_position * (double)s->count;
    if (s->streaming_only) {
        s->mode = MODE_STREAMING;
        s->q = tasim_xcalloc(3 * s->count, sizeof *s->q);
        for (size_t i = 0; i < s->count; i++)
            if (isfinite(s->first[i]))
                stream_add(s, i, s->first[i]);
    } else if (per_position <= 3.0 * sizeof(tasim_p2_t) &&
               in_memory <= IN_MEMORY_MAX) {
        s->mode = MODE_EXACT;
        s->values = tasim_xmalloc(s->count * s->replications * sizeof(double));
        for (size_t i = 0; i < s->count; i++)
            s->values[i * s->replications] = s->first[i];
    } else {
        s->mode = MODE_EXACT_ON_DISK;
        s->spill = tasim_spill_open(s->spill_path, s->count);
        s->failed = s->spill == NULL;
        for (size_t i = 0; i < s->count && !s->failed; i++)
            s->failed = tasim_spill_append(s->spill, s->first[i]) != 0;
    }
    free(s->first);
    s->first = NULL;
}

/* Names usually arrive as the very pointers of the first replication
 * (the scenario's strings), so pointer equality settles most checks
 * before any string is compared. */
static int same_name(const char *a, const char *b)
{
    return a == b || strcmp(a, b) == 0;
}

static int same_key(const tasim_summary_t *s, const position_t *p,
                    double year, const char *owner, const char *topic,
                    const char *series)
{
    const tasim_obs_key_t *k = &s->keys.keys[p->key];
    return s->years[p->year] == year && same_name(k->owner, owner) &&
           same_name(k->topic, topic) && same_name(k->series, series);
}

/* The number of `year` among the years seen, which come in order. */
static uint32_t year_index(tasim_summary_t *s, double year)
{
    if (s->year_count == 0 || s->years[s->year_count - 1] != year) {
        if (s->year_count == s->year_cap) {
            s->year_cap = s->year_cap ? 2 * s->year_cap : 64;
            s->years = tasim_xrealloc(s->years,
                                      s->year_cap * sizeof *s->years);
        }
        s->years[s->year_count++] = year;
    }
    return s->year_count - 1;
}

int tasim_summary_add(tasim_summary_t *s, uint64_t rep, double year,
                      const char *owner, const char *topic,
                      const char *series, double value)
{
    if (rep != s->current) {
        if (rep != s->current + 1 || s->cursor != s->count)
            return -1; /* out of order, or a short replication */
        if (s->mode == 0)
            decide(s);
        s->current = rep;
        s->cursor = 0;
    }
    size_t i = s->cursor++;
    if (rep == 0) {
        if (s->count == s->cap) {
            s->cap = s->cap ? 2 * s->cap : 1024;
            s->pos = tasim_xrealloc(s->pos, s->cap * sizeof *s->pos);
            s->first = tasim_xrealloc(s->first, s->cap * sizeof *s->first);
        }
        s->pos[s->count++] = (position_t){
            tasim_key_table_intern(&s->keys, owner, topic, series),
            year_index(s, year), 0, 0, 0};
        s->first[i] = value;
    } else if (i >= s->count ||
               !same_key(s, &s->pos[i], year, owner, topic, series)) {
        return -1;
    } else if (s->mode == MODE_EXACT) {
        s->values[i * s->replications + rep] = value;
    } else if (s->mode == MODE_EXACT_ON_DISK && !s->failed) {
        s->failed = tasim_spill_append(s->spill, value) != 0;
    }
    if (isfinite(value)) { /* Welford's update */
        position_t *p = &s->pos[i];
        p->n += 1;
        double d = value - p->mean;
        p->mean += d / p->n;
        p->m2 += d * (value - p->mean);
        if (s->mode == MODE_STREAMING)
            stream_add(s, i, value);
    }
    return 0;
}

/* Quantiles of the finite values among x[0], x[stride], ... (n of them),
 * using buf for the sorted copy. */
static void quantiles_of(const double *x, size_t stride, uint64_t n,
                         double *buf, double q[3])
{
    size_t m = 0;
    for (uint64_t r = 0; r < n; r++) {
        double v = x[r * stride];
        if (isfinite(v))
            buf[m++] = v;
    }
    gsl_sort(buf, 1, m);
    for (int k = 0; k < 3; k++)
        q[k] = m ? gsl_stats_quantile_from_sorted_data(buf, 1, m,
                                                        quantile_p[k])
                 : NAN;
}

/* Append `text` and a comma to the line being built. */
static size_t put_text(char *line, size_t n, const char *text)
{
    size_t len = strlen(text);
    memcpy(line + n, text, len);
    line[n + len] = ',';
    return n + len + 1;
}

/* Write one row: names can be long, so the line is sized for them. */
static void write_row(FILE *out, const tasim_summary_t *s,
                      const position_t *p, const double cols[5])
{
    const tasim_obs_key_t *key = &s->keys.keys[p->key];
    char fixed[256];
    size_t need = strlen(key->owner) + strlen(key->topic) +
                  strlen(key->series) +
                  7 * TASIM_FORMAT_G10_MAX + 16;
    char *line = need <= sizeof fixed ? fixed : tasim_xmalloc(need);
    size_t n = tasim_format_g10(line, s->years[p->year]);
    line[n++] = ',';
    n = put_text(line, n, key->owner);
    n = put_text(line, n, key->topic);
    n = put_text(line, n, key->series);
    n += tasim_format_u64(line + n, (uint64_t)p->n);
    for (int k = 0; k < 5; k++) {
        line[n++] = ',';
        if (isfinite(cols[k]))
            n += tasim_format_g10(line + n, cols[k]);
    }
    line[n++] = '\n';
    fwrite(line, 1, n, out);
    if (line != fixed)
        free(line);
}

/* Positions read back from the spill at a time. */
static size_t chunk_positions(const tasim_summary_t *s, uint64_t reps)
{
    size_t budget = s->count * READ_BUFFER_PER_POSITION;
    if (budget > READ_BUFFER_MAX)
        budget = READ_BUFFER_MAX;
    size_t chunk = budget / ((size_t)reps * sizeof(double));
    return chunk ? chunk : 1;
}

int tasim_summary_write(const tasim_summary_t *s, FILE *out)
{
    if (s->failed)
        return -1;
    fputs("year,country,topic,series,n,mean,sd,p05,p50,p95\n", out);
    uint64_t reps = s->current + 1; /* replications added */
    double *buf = tasim_xmalloc((s->replications + 1) * sizeof *buf);
    size_t chunk = s->mode == MODE_EXACT_ON_DISK ? chunk_positions(s, reps)
                                                 : 0;
    double *block = chunk ? tasim_xmalloc(chunk * reps * sizeof *block)
                          : NULL;
    size_t block_start = 0, block_n = 0;
    int rc = 0;
    for (size_t i = 0; i < s->count && rc == 0; i++) {
        const position_t *p = &s->pos[i];
        double q[3] = {NAN, NAN, NAN};
        if (s->mode == MODE_STREAMING) {
            for (int k = 0; k < 3; k++)
                q[k] = tasim_p2_get(&s->q[3 * i + k], quantile_p[k],
                                    (uint64_t)p->n);
        } else if (s->mode == MODE_EXACT) {
            quantiles_of(s->values + i * s->replications, 1, reps, buf, q);
        } else if (s->mode == MODE_EXACT_ON_DISK) {
            if (i == block_start + block_n) {
                block_start = i;
                block_n = s->count - i < chunk ? s->count - i : chunk;
                rc = tasim_spill_read(s->spill, block_start, block_n, reps,
                                      block);
            }
            if (rc == 0)
                quantiles_of(block + (i - block_start), block_n, reps, buf,
                             q);
        } else if (isfinite(s->first[i])) { /* one replication */
            q[0] = q[1] = q[2] = s->first[i];
        }
        double sd = p->n > 1 ? sqrt(p->m2 / (p->n - 1)) : NAN;
        const double cols[] = {p->n ? p->mean : NAN, sd, q[0], q[1], q[2]};
        write_row(out, s, p, cols);
    }
    free(block);
    free(buf);
    return rc != 0 || ferror(out) ? -1 : 0;
}
