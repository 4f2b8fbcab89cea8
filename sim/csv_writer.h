/*
 * csv_writer.h (private): the model observer that writes series.csv,
 * programmes.csv and requests.csv in tidy long format (docs/outputs.md).
 */
#ifndef TASIM_CSV_WRITER_H
#define TASIM_CSV_WRITER_H

#include <stdio.h>

#include "tasim/model.h"

#include "programme_summary.h"
#include "tasim/summary.h"

typedef struct {
    FILE *series;              /* NULL: replications are not kept */
    FILE *programmes;
    FILE *requests;
    tasim_summary_t *summary;  /* ensemble statistics of the series */
    tasim_programme_summary_t *programme_summary;
    int failed;                /* a replication's rows did not line up */
} tasim_csv_writer_t;

/* Write the header lines. */
void tasim_csv_write_headers(tasim_csv_writer_t *w);

/* The observer whose context is a tasim_csv_writer_t. */
extern const tasim_model_observer_t tasim_csv_observer;

#endif
