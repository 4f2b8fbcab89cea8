/*
 * reduced.h (private): one replication reduced to what comparisons and
 * sweeps keep of it: the key outcomes (tasim/outcomes.h) and two short
 * trajectories, the mean capacity and mean dependency over all units at
 * each sample, for the bands of the comparison plots.
 */
#ifndef TASIM_REDUCED_H
#define TASIM_REDUCED_H

#include <stddef.h>
#include <stdint.h>

#include "tasim/error.h"
#include "tasim/outcomes.h"
#include "tasim/scenario.h"

typedef struct tasim_reduced {
    double outcomes[TASIM_OUTCOMES];
    uint64_t events;
    size_t samples, capacity_of_arrays;
    double *year, *capacity, *dependency; /* per sample */
} tasim_reduced_t;

void tasim_reduced_free(tasim_reduced_t *r);

/* Run replication `rep` of `sc` and reduce it into `out`, through
 * `collector` (a tasim_outcomes_t of `sc`). Returns 0 or TASIM_E*. */
int tasim_reduced_run(const tasim_scenario_t *sc, uint64_t rep,
                      tasim_outcomes_t *collector, tasim_reduced_t *out,
                      tasim_error_t *err);

/* Byte encoding, for MPI and shards (doubles as bits). */
void tasim_reduced_encode(const tasim_reduced_t *r, char **buf, size_t *len);
long tasim_reduced_decode(tasim_reduced_t *r, const char *bytes, size_t len,
                          tasim_error_t *err);

#endif
