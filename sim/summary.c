/*
 * summary.c: ensemble statistics per position of the observation
 * sequence (see tasim/summary.h).
 *
 * The mode is chosen when the second replication starts: exact in
 * memory when storing every value takes no more memory than streaming
 * estimators would, exact with the values on disk otherwise (spill.h),
 * streaming only when asked. The first replication's values are kept
 * until then, so every mode sees every replication.
 *
 * Positions are kept in arrays of their own fields, not as records: a
 * world-scale run has millions. Every position has its key and year
 * (8 bytes). The exact modes keep nothing else per position: the mean and
 * standard deviation are worked out when the file is written, from the
 * values in replication order with Welford's recurrence, the very
 * operations a running update would have made. Only streaming keeps
 * running Welford sums (and the quantile estimators), since it keeps no
 * values. So adding a replication in an exact mode costs a key check and
 * one stored value, which matters because replications are added one at a
 * time, in order, while other threads simulate.
 */
#include "tasim/summary.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "big_alloc.h"
#include "key_table.h"
#include "p2.h"
#include "spill.h"
#include "strbuf.h"
#include "tasim/format.h"
#include "tasim/alloc.h"

static const double quantile_p[3] = {0.05, 0.5, 0.95};

struct tasim_summary {
    uint64_t replications;
    int streaming_only;
    /* Per position: the key and the year are numbers into the tables
     * below; replication 0's value until the mode is chosen; and, when
     * streaming, Welford's count, mean and sum of squared deviations over
     * the finite values. */
    uint32_t *key, *year;
    double *first;
    uint32_t *n;
    double *mean, *m2;
    size_t count, cap;
    tasim_key_table_t keys;   /* (owner, topic, series) of the positions */
    double *years;            /* distinct years, in order */
    uint32_t year_count, year_cap;
    size_t run, prev_run, prev_len; /* replication 0's runs of one year */
    size_t cursor;            /* position expected next in this replication */
    uint64_t current;         /* replication being added */
    int mode;                 /* MODE_* */
    double *values;           /* exact in memory: count x replications */
    tasim_p2_t *q;            /* streaming: count x 3 estimators */
    char *spill_path;         /* where exact values go on disk, or NULL */
    tasim_spill_t *spill;     /* exact on disk */
    int failed;               /* the spill could not be written */
    int threads;              /* for writing the file */
};

enum { MODE_UNDECIDED, MODE_EXACT, MODE_STREAMING, MODE_EXACT_ON_DISK };

/* The most memory exact values may take before they go to disk. */
#define IN_MEMORY_MAX (64.0 * 1024 * 1024)

/* The most memory spent on reading spilled values back, in bytes, and
 * how much it may be per position (a small run keeps a small buffer, so
 * its memory stays flat in the number of replications). */
#define READ_BUFFER_MAX ((size_t)8 << 20)
#define READ_BUFFER_PER_POSITION 128
/* Fewest rows read back at a time; below, streaming estimators. */
#define MIN_CHUNK 64

/* Rows a thread formats at a time when the values are in memory. */
#define ROWS_PER_BLOCK 8192

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
    tasim_big_free(s->q, 3 * s->count * sizeof *s->q);
    tasim_big_free(s->values, s->count * s->replications * sizeof *s->values);
    tasim_big_free(s->key, s->cap * sizeof *s->key);
    tasim_big_free(s->year, s->cap * sizeof *s->year);
    tasim_big_free(s->first, s->cap * sizeof *s->first);
    tasim_big_free(s->mean, s->count * sizeof *s->mean);
    tasim_big_free(s->n, s->count * sizeof *s->n);
    tasim_big_free(s->m2, s->count * sizeof *s->m2);
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

/* Welford's step for a finite value: the one recurrence of both the
 * running sums (streaming) and the moments worked out at write time (the
 * exact modes), so that the two give the same bits. */
static void welford_step(uint32_t *n, double *mean, double *m2, double v)
{
    double count = ++*n;
    double d = v - *mean;
    *mean += d / count;
    *m2 += d * (v - *mean);
}

/* Welford's update of position i's running sums and its quantile
 * estimators (streaming). */
static void welford_add(tasim_summary_t *s, size_t i, double v)
{
    welford_step(&s->n[i], &s->mean[i], &s->m2[i], v);
    for (int k = 0; k < 3; k++)
        tasim_p2_add(&s->q[3 * i + k], quantile_p[k], s->n[i], v);
}

static void start_streaming(tasim_summary_t *s)
{
    s->mode = MODE_STREAMING;
    s->n = tasim_big_zeroed(s->count * sizeof *s->n);
    s->mean = tasim_big_zeroed(s->count * sizeof *s->mean);
    s->m2 = tasim_big_zeroed(s->count * sizeof *s->m2);
    s->q = tasim_big_zeroed(3 * s->count * sizeof *s->q);
    for (size_t i = 0; i < s->count; i++)
        if (isfinite(s->first[i]))
            welford_add(s, i, s->first[i]);
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
        start_streaming(s);
    } else if (per_position <= 3.0 * sizeof(tasim_p2_t) &&
               in_memory <= IN_MEMORY_MAX) {
        s->mode = MODE_EXACT;
        s->values = tasim_big_resize(
            NULL, 0, s->count * s->replications * sizeof *s->values);
        for (size_t i = 0; i < s->count; i++)
            s->values[i * s->replications] = s->first[i];
    } else if (chunk_positions(s, s->replications) < MIN_CHUNK) {
        /* So many replications that reading the values back would take a
         * read per replication for a handful of rows: streaming instead
         * (with this many values its estimates are close to exact). */
        start_streaming(s);
    } else {
        s->mode = MODE_EXACT_ON_DISK;
        s->spill = tasim_spill_open(s->spill_path, s->count);
        s->failed = s->spill == NULL;
        for (size_t i = 0; i < s->count && !s->failed; i++)
            s->failed = tasim_spill_append(s->spill, s->first[i]) != 0;
    }
    tasim_big_free(s->first, s->cap * sizeof *s->first);
    s->first = NULL;
}

/* Names usually arrive as the very pointers of the first replication
 * (the scenario's strings), so pointer equality settles most checks
 * before any string is compared. */
static int same_name(const char *a, const char *b)
{
    return a == b || strcmp(a, b) == 0;
}

static int same_key(const tasim_summary_t *s, size_t i, double year,
                    const char *owner, const char *topic, const char *series)
{
    const tasim_obs_key_t *k = &s->keys.keys[s->key[i]];
    return s->years[s->year[i]] == year && same_name(k->owner, owner) &&
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

/* The key number of replication 0's position i, whose year is year[i].
 * Every sample reports the same keys in the same order, so a position
 * mostly has the key of the one as far into the previous year's run:
 * recognised by comparing pointers, as interning would, which spares a
 * hash lookup per position and gives the same number. */
static uint32_t first_key(tasim_summary_t *s, size_t i, const char *owner,
                          const char *topic, const char *series)
{
    if (i == 0 || s->year[i] != s->year[i - 1]) { /* a new run */
        s->prev_run = s->run;
        s->prev_len = i - s->run;
        s->run = i;
    }
    size_t at = i - s->run;
    if (at < s->prev_len) {
        uint32_t k = s->key[s->prev_run + at];
        const tasim_obs_key_t *key = &s->keys.keys[k];
        if (key->owner == owner && key->topic == topic &&
            key->series == series)
            return k;
    }
    return tasim_key_table_intern(&s->keys, owner, topic, series);
}

int tasim_summary_add(tasim_summary_t *s, uint64_t rep, double year,
                      const char *owner, const char *topic,
                      const char *series, double value)
{
    if (rep >= s->replications)
        return -1; /* more replications than announced */
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
            size_t old = s->cap;
            s->cap = old ? 2 * old : 1024;
            s->key = tasim_big_resize(s->key, old * sizeof *s->key,
                                      s->cap * sizeof *s->key);
            s->year = tasim_big_resize(s->year, old * sizeof *s->year,
                                       s->cap * sizeof *s->year);
            s->first = tasim_big_resize(s->first, old * sizeof *s->first,
                                        s->cap * sizeof *s->first);
        }
        s->year[i] = year_index(s, year);
        s->key[i] = first_key(s, i, owner, topic, series);
        s->first[i] = value;
        s->count++;
        return 0;
    } else if (i >= s->count ||
               !same_key(s, i, year, owner, topic, series)) {
        return -1;
    } else if (s->mode == MODE_EXACT) {
        s->values[i * s->replications + rep] = value;
    } else if (s->mode == MODE_EXACT_ON_DISK) {
        if (!s->failed)
            s->failed = tasim_spill_append(s->spill, value) != 0;
    } else if (isfinite(value)) {
        welford_add(s, i, value);
    }
    return 0;
}

/* Welford's count, mean and sum of squared deviations of the finite
 * values among x[0], x[stride], ... (n of them), in that order. */
typedef struct {
    uint32_t n;
    double mean, m2;
} moments_t;

static moments_t moments_of(const double *x, size_t stride, uint64_t n)
{
    moments_t m = {0, 0, 0};
    for (uint64_t r = 0; r < n; r++)
        if (isfinite(x[r * stride]))
            welford_step(&m.n, &m.mean, &m.m2, x[r * stride]);
    return m;
}

/* Sort x[0, n) ascending. Ensembles of a few replications are the
 * common case, and for a handful of values an insertion sort is several
 * times quicker than the heapsort of gsl_sort. The two give the same
 * sequence but for the order of -0 and +0, which compare equal; only the
 * sign of a zero quantile can show it, and each is deterministic. */
static void sort_values(double *x, size_t n)
{
    enum { SMALL = 32 };
    if (n > SMALL) {
        gsl_sort(x, 1, n);
        return;
    }
    for (size_t i = 1; i < n; i++) {
        double v = x[i];
        size_t j = i;
        for (; j > 0 && x[j - 1] > v; j--)
            x[j] = x[j - 1];
        x[j] = v;
    }
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
    sort_values(buf, m);
    for (int k = 0; k < 3; k++)
        q[k] = m ? gsl_stats_quantile_from_sorted_data(buf, 1, m,
                                                        quantile_p[k])
                 : NAN;
}

/* The text of a block of rows, formatted by one thread. */
typedef struct {
    char *data;
    size_t len, cap;
} text_t;

/* Room for `need` more bytes at the end of `t`. */
static char *room(text_t *t, size_t need)
{
    if (t->len + need > t->cap) {
        size_t cap = 2 * (t->len + need);
        t->data = tasim_big_resize(t->data, t->cap, cap);
        t->cap = cap;
    }
    return t->data + t->len;
}

/* The text "owner,topic,series," of every key, written once for all the
 * rows (a key comes back in every sample). */
typedef struct {
    char *text;
    size_t *start; /* key k's text is text[start[k]] .. text[start[k+1]) */
} key_text_t;

static key_text_t key_text_make(const tasim_key_table_t *keys)
{
    key_text_t kt = {NULL, tasim_xmalloc((keys->count + 1) * sizeof(size_t))};
    tasim_strbuf_t b = {0};
    for (uint32_t k = 0; k < keys->count; k++) {
        const tasim_obs_key_t *key = &keys->keys[k];
        kt.start[k] = b.len;
        tasim_strbuf_printf(&b, "%s,%s,%s,", key->owner, key->topic,
                            key->series);
    }
    kt.start[keys->count] = b.len;
    kt.text = tasim_strbuf_take(&b);
    return kt;
}

static void key_text_free(key_text_t *kt)
{
    free(kt->text);
    free(kt->start);
}

/* What a thread last formatted, to reuse: rows of a block mostly share
 * their year and their count of values, and columns often repeat (with
 * one replication the mean and the three quantiles are one number). */
typedef struct {
    uint32_t year;             /* index of the year in `year_text` */
    char year_text[TASIM_FORMAT_G10_MAX];
    size_t year_len;
    uint32_t count;            /* the count in `count_text` */
    char count_text[TASIM_FORMAT_G10_MAX];
    size_t count_len;
} row_cache_t;

/* Append one row to `t`. */
static void format_row(text_t *t, const tasim_summary_t *s,
                       const key_text_t *kt, size_t i, uint32_t count,
                       const double cols[5], row_cache_t *cache)
{
    uint32_t key = s->key[i];
    size_t key_len = kt->start[key + 1] - kt->start[key];
    char *line = room(t, key_len + 7 * TASIM_FORMAT_G10_MAX + 16);
    if (cache->year != s->year[i]) {
        cache->year = s->year[i];
        cache->year_len =
            tasim_format_g10(cache->year_text, s->years[cache->year]);
    }
    memcpy(line, cache->year_text, cache->year_len);
    size_t n = cache->year_len;
    line[n++] = ',';
    memcpy(line + n, kt->text + kt->start[key], key_len);
    n += key_len;
    if (cache->count_len == 0 || cache->count != count) {
        cache->count = count;
        cache->count_len = tasim_format_u64(cache->count_text, count);
    }
    memcpy(line + n, cache->count_text, cache->count_len);
    n += cache->count_len;
    /* The text of the last number written in `line`, and its value. */
    size_t last = 0, last_len = 0;
    double last_value = 0;
    for (int k = 0; k < 5; k++) {
        line[n++] = ',';
        if (!isfinite(cols[k]))
            continue; /* an empty field (the sd of one value) */
        if (last_len > 0 &&
            memcmp(&cols[k], &last_value, sizeof cols[k]) == 0) {
            memmove(line + n, line + last, last_len); /* same bits */
        } else {
            last_len = tasim_format_g10(line + n, cols[k]);
            last_value = cols[k];
        }
        last = n;
        n += last_len;
    }
    line[n++] = '\n';
    t->len += n;
}

/* Rows [start, start + n): statistics, quantiles, text. `values` holds
 * the block's values read back from disk (MODE_EXACT_ON_DISK). */
static void format_block(const tasim_summary_t *s, const key_text_t *kt,
                         size_t start, size_t n, uint64_t reps,
                         const double *values, double *buf, text_t *t)
{
    row_cache_t cache = {.year = UINT32_MAX};
    for (size_t i = start; i < start + n; i++) {
        moments_t m;
        double q[3] = {NAN, NAN, NAN};
        if (s->mode == MODE_STREAMING) {
            m = (moments_t){s->n[i], s->mean[i], s->m2[i]};
            for (int k = 0; k < 3; k++)
                q[k] = tasim_p2_get(&s->q[3 * i + k], quantile_p[k], m.n);
        } else if (s->mode == MODE_EXACT) {
            m = moments_of(s->values + i * s->replications, 1, reps);
            quantiles_of(s->values + i * s->replications, 1, reps, buf, q);
        } else if (s->mode == MODE_EXACT_ON_DISK) {
            m = moments_of(values + (i - start), n, reps);
            quantiles_of(values + (i - start), n, reps, buf, q);
        } else { /* one replication */
            m = moments_of(s->first + i, 1, 1);
            if (m.n > 0)
                q[0] = q[1] = q[2] = s->first[i];
        }
        uint32_t count = m.n;
        double sd = count > 1 ? sqrt(m.m2 / (count - 1.0)) : NAN;
        const double cols[] = {count ? m.mean : NAN, sd, q[0], q[1], q[2]};
        format_row(t, s, kt, i, count, cols, &cache);
    }
}

void tasim_summary_set_threads(tasim_summary_t *s, int threads)
{
    s->threads = threads > 0 ? threads : 1;
}

/* Blocks of rows are worked out by the threads in parallel (sorting for
 * the quantiles, formatting) and written in order, so the file is the
 * same whatever the number of threads. */
int tasim_summary_write(const tasim_summary_t *s, FILE *out)
{
    /* The last replication must be whole: a short one has no values for
     * its last positions. */
    if (s->failed || s->cursor != s->count ||
        (s->mode == MODE_EXACT_ON_DISK && tasim_spill_flush(s->spill) != 0))
        return -1;
    fputs("year,country,topic,series,n,mean,sd,p05,p50,p95\n", out);
    uint64_t reps = s->current + 1; /* replications added */
    int disk = s->mode == MODE_EXACT_ON_DISK;
    size_t block = disk ? chunk_positions(s, reps) : ROWS_PER_BLOCK;
    long long blocks = (long long)((s->count + block - 1) / block);
    int threads = s->threads > 0 ? s->threads : 1;
    int failed = 0;
    (void)threads;
    key_text_t kt = key_text_make(&s->keys);
#pragma omp parallel num_threads(threads)
    {
        text_t text = {0};
        double *buf = tasim_xmalloc((s->replications + 1) * sizeof *buf);
        size_t values_bytes = disk ? block * reps * sizeof(double) : 0;
        double *values =
            disk ? tasim_big_resize(NULL, 0, values_bytes) : NULL;
#pragma omp for ordered schedule(dynamic, 1)
        for (long long b = 0; b < blocks; b++) {
            size_t start = (size_t)b * block;
            size_t n = s->count - start < block ? s->count - start : block;
            int ok = !disk ||
                     tasim_spill_read(s->spill, start, n, reps, values) == 0;
            text.len = 0;
            if (ok)
                format_block(s, &kt, start, n, reps, values, buf, &text);
#pragma omp ordered
            {
                if (!ok)
                    failed = 1;
                else if (!failed)
                    fwrite(text.data, 1, text.len, out);
            }
        }
        tasim_big_free(values, values_bytes);
        free(buf);
        tasim_big_free(text.data, text.cap);
    }
    key_text_free(&kt);
    return failed || ferror(out) ? -1 : 0;
}
