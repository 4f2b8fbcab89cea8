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

/* What overrides changed in a document's existing nodes, so that the
 * document can be put back as it was: checking many strategies of one
 * file then parses it once instead of once per strategy. */
typedef struct {
    struct tasim_override_edit *edits;
    size_t count, capacity;
} tasim_override_log_t;

/* As tasim_override_apply_all(), recording the edits in `log`. */
size_t tasim_override_apply_logged(yaml_document_t *doc,
                                   const tasim_override_t *ov, size_t n,
                                   const char *file, tasim_diag_t *diag,
                                   tasim_override_log_t *log);

/* Undo the edits of `log` (latest first) and empty it. Nodes the
 * overrides added stay in the document, unreachable from its root, and
 * go with it. */
void tasim_override_undo(yaml_document_t *doc, tasim_override_log_t *log);
void tasim_override_log_free(tasim_override_log_t *log);

#endif
