/*
 * scenario_emit.h (private): a loaded scenario written back as YAML, every
 * field with the value the run uses, defaults included; and the few
 * emitter helpers that the run manifest shares with it.
 *
 * Private so that libyaml stays out of the public headers: callers hand
 * over their own yaml_emitter_t, positioned where a value may go.
 */
#ifndef TASIM_SCENARIO_EMIT_H
#define TASIM_SCENARIO_EMIT_H

#include <yaml.h>

#include "tasim/scenario.h"

/*
 * Emit `sc` fully resolved as one YAML mapping (MAPPING-START ...
 * MAPPING-END events), keys in schema order. Reading the text back with
 * tasim_scenario_load_buffer() gives a scenario that emits identically.
 * What the format treats as "not set" is left out rather than invented:
 * numbers whose default is "not set" (NaN), optional sections that are
 * absent, text fields without a value, dates without a default (a
 * provider's `opens`), and `scenario.seed` when the file gave none (its
 * absence means "draw a seed"; the run manifest records the one drawn).
 * Numbers are written with 17 significant digits, so they read back
 * exactly. The caller starts the stream and document, and sets the
 * emitter's options (yaml_emitter_set_unicode() keeps UTF-8 text
 * readable). Returns 0, or -1 if the emitter failed (see e->error).
 */
int tasim_scenario_emit(const tasim_scenario_t *sc, yaml_emitter_t *e);

/*
 * Emitter helpers. Each returns 0 or -1; once the emitter has failed
 * (e->error is set) they emit nothing and return -1, so a caller may emit
 * a run of events and test the result once at the end.
 */

/* A scalar in whatever style libyaml finds the plainest: for numbers,
 * booleans, dates, enum names. */
int tasim_emit_scalar(yaml_emitter_t *e, const char *text);

/* A string value: as tasim_emit_scalar(), but quoted when a YAML reader
 * would otherwise take it for something else ("2.10" a number, "no" a
 * boolean, "~" or "" null). */
int tasim_emit_text(yaml_emitter_t *e, const char *text);

/* Start a mapping or sequence, block or flow (`flow` non-zero), and end
 * it. */
int tasim_emit_mapping_start(yaml_emitter_t *e, int flow);
int tasim_emit_mapping_end(yaml_emitter_t *e);
int tasim_emit_sequence_start(yaml_emitter_t *e, int flow);
int tasim_emit_sequence_end(yaml_emitter_t *e);

/* The STREAM-START and DOCUMENT-START events of a document with implicit
 * markers, and the events that close them. */
int tasim_emit_document_start(yaml_emitter_t *e);
int tasim_emit_document_end(yaml_emitter_t *e);

#endif /* TASIM_SCENARIO_EMIT_H */
