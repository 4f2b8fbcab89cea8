/*
 * csv_writer.c: series.csv and programmes.csv. Numbers are printed as
 * "%.10g" would print them (tasim/format.h); values that are not defined
 * (a retention beyond the horizon) are empty fields.
 */
#include "csv_writer.h"

#include "tasim/alloc.h"
#include "tasim/format.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static void number(FILE *f, double v)
{
    if (isfinite(v))
        tasim_fput_g10(f, v);
}

static void observe(void *ctx, uint64_t rep, double year, const char *country,
                    const char *topic, const char *series, double value)
{
    tasim_csv_writer_t *w = ctx;
    if (w->summary &&
        tasim_summary_add(w->summary, rep, year, country, topic, series,
                          value) != 0)
        w->failed = 1;
    if (w->series == NULL)
        return;
    /* One line assembled in memory and written at once: this is the
     * largest file of a run, and printf's formatting dominated it. */
    const char *names[] = {country, topic, series};
    size_t need = 3 * TASIM_FORMAT_G10_MAX + 8;
    for (int i = 0; i < 3; i++)
        need += strlen(names[i]);
    char fixed[256];
    char *line = need <= sizeof fixed ? fixed : tasim_xmalloc(need);
    size_t n = tasim_format_u64(line, rep);
    line[n++] = ',';
    n += tasim_format_g10(line + n, year);
    for (int i = 0; i < 3; i++) {
        size_t len = strlen(names[i]);
        line[n++] = ',';
        memcpy(line + n, names[i], len);
        n += len;
    }
    line[n++] = ',';
    if (isfinite(value))
        n += tasim_format_g10(line + n, value);
    line[n++] = '\n';
    fwrite(line, 1, n, w->series);
    if (line != fixed)
        free(line);
}

static void programme(void *ctx, uint64_t rep,
                      const tasim_programme_record_t *r)
{
    tasim_csv_writer_t *w = ctx;
    FILE *f = w->programmes;
    double total = 0;
    if (w->programme_summary)
        tasim_programme_summary_add(w->programme_summary, r);
    fprintf(f, "%lu,%s,%s,%s,%s,%s,", (unsigned long)rep, r->id, r->country,
            r->topic, r->provider, r->funder);
    number(f, r->start);
    fputc(',', f);
    number(f, r->exit);
    for (int k = 0; k < TASIM_COST_COMPONENTS; k++) {
        fputc(',', f);
        number(f, r->cost[k]);
        total += r->cost[k];
    }
    fputc(',', f);
    number(f, total);
    fputc(',', f);
    number(f, r->recipient_share);
    const double rest[] = {r->rating, r->capacity_start, r->capacity_exit};
    for (size_t i = 0; i < 3; i++) {
        fputc(',', f);
        number(f, rest[i]);
    }
    for (int k = 0; k < TASIM_RETENTION_POINTS; k++) {
        fputc(',', f);
        number(f, r->retention[k]);
    }
    for (int k = 0; k < TASIM_RETENTION_POINTS; k++) {
        fputc(',', f);
        number(f, r->gain_retention[k]);
    }
    fputc('\n', f);
}

void tasim_csv_write_headers(tasim_csv_writer_t *w)
{
    if (w->series)
        fputs("replication,year,country,topic,series,value\n", w->series);
    fputs("replication,id,country,topic,provider,funder,start,exit", 
          w->programmes);
    for (int k = 0; k < TASIM_COST_COMPONENTS; k++)
        fprintf(w->programmes, ",cost_%s", tasim_cost_names[k]);
    fputs(",cost_total,recipient_share,rating,capacity_start,capacity_exit",
          w->programmes);
    for (int k = 0; k < TASIM_RETENTION_POINTS; k++)
        fprintf(w->programmes, ",retention_%dy", tasim_retention_years[k]);
    for (int k = 0; k < TASIM_RETENTION_POINTS; k++)
        fprintf(w->programmes, ",gain_retention_%dy",
                tasim_retention_years[k]);
    fputc('\n', w->programmes);
    fputs("replication,country,topic,arrival,start,expiry,provider,funder,"
          "wait\n", w->requests);
}

static void request(void *ctx, uint64_t rep, const tasim_request_record_t *r)
{
    FILE *f = ((tasim_csv_writer_t *)ctx)->requests;
    fprintf(f, "%lu,%s,%s,", (unsigned long)rep, r->country, r->topic);
    number(f, r->arrival);
    fputc(',', f);
    number(f, r->start);
    fputc(',', f);
    number(f, r->expiry);
    fprintf(f, ",%s,%s,", r->provider, r->funder);
    number(f, r->wait);
    fputc('\n', f);
}

const tasim_model_observer_t tasim_csv_observer = {observe, programme,
                                                   request};
