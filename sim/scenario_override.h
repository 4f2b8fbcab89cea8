/*
 * scenario_override.h (private): apply a `path: value` override to a
 * scenario's YAML document (see scenario_override.c).
 */
#ifndef TASIM_SCENARIO_OVERRIDE_H
#define TASIM_SCENARIO_OVERRIDE_H

#include <yaml.h>

#include "schema.h"

/* Apply `ov` to `doc`. Returns 0, or -1 with an error at the override's
 * location in `diag`. On success `*leaf` (if not NULL) is the field the path
 * ends at. */
int tasim_override_apply(yaml_document_t *doc, const tasim_override_t *ov,
                         const char *file, tasim_diag_t *diag,
                         const tasim_field_t **leaf);

/* Apply `n` overrides in order, sharing lookups between them (use this
 * for more than a few). Returns how many failed, each reported. If
 * `leaves` is not NULL, leaves[i] is where override i ends, or NULL. */
size_t tasim_override_apply_all(yaml_document_t *doc,
                                const tasim_override_t *ov, size_t n,
                                const char *file, tasim_diag_t *diag,
                                const tasim_field_t **leaves);

#endif
