/*
 * csv_writer.h (private): the model observer that writes series.csv,
 * programmes.csv and requests.csv in tidy long format (docs/outputs.md).
 */
#ifndef TASIM_CSV_WRITER_H
#define TASIM_CSV_WRITER_H

#include <stdio.h>

#include "tasim/model.h"

typedef struct {
    FILE *series;
    FILE *programmes;
    FILE *requests;
} tasim_csv_writer_t;

/* Write the header lines. */
void tasim_csv_write_headers(tasim_csv_writer_t *w);

/* The observer whose context is a tasim_csv_writer_t. */
extern const tasim_model_observer_t tasim_csv_observer;

#endif
