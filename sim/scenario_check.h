/*
 * scenario_check.h (private): checks that span objects (see
 * scenario_check.c).
 */
#ifndef TASIM_SCENARIO_CHECK_H
#define TASIM_SCENARIO_CHECK_H

#include "schema.h"

/* Resolve cross-references (filling the *_index fields and default names)
 * and check the rules between fields; errors go to `diag`. */
void tasim_scenario_check(tasim_scenario_t *sc, tasim_diag_t *diag);

/* Check that every sweep path leads to a number and its range is valid. */
void tasim_scenario_check_sweep(const tasim_scenario_t *sc,
                                tasim_diag_t *diag);

/* The schema called `name` (as in messages), e.g. "unit"; must exist. */
const tasim_schema_t *tasim_check_schema(const char *name);

#endif
