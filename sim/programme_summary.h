/*
 * programme_summary.h (private): the ensemble summary of programmes
 * (programmes-summary.csv); see programme_summary.c.
 */
#ifndef TASIM_PROGRAMME_SUMMARY_H
#define TASIM_PROGRAMME_SUMMARY_H

#include <stdio.h>

#include "tasim/model.h"

typedef struct tasim_programme_summary tasim_programme_summary_t;

tasim_programme_summary_t *tasim_programme_summary_create(void);
void tasim_programme_summary_destroy(tasim_programme_summary_t *s);

/* Add one programme of one replication (strings must outlive `s`). */
void tasim_programme_summary_add(tasim_programme_summary_t *s,
                                 const tasim_programme_record_t *r);

int tasim_programme_summary_write(const tasim_programme_summary_t *s,
                                  FILE *f);

#endif
