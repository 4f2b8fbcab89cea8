/*
 * scenario_emit.c: write a loaded scenario back as YAML (see
 * scenario_emit.h).
 *
 * Design choice: the writer walks the same schema tables as the reader
 * (scenario_schema.c), one case per kind of field, instead of printing
 * each section by hand; a field added to a table is written without a
 * change here, and what is written is by construction what the reader
 * accepts. Scalar styles are left to libyaml (plain unless the text needs
 * quotes), except that strings a YAML reader would take for a number,
 * boolean or null are quoted: `gsl_version: 2.10` would otherwise read
 * back as the number 2.1 in other tools.
 */
#include "scenario_emit.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "schema.h"
#include "tasim/alloc.h"

#define FIELD_PTR(obj, off) ((const void *)((const char *)(obj) + (off)))

/* ------------------------------------------------------------------ */
/* Emitter helpers                                                      */

static int failed(const yaml_emitter_t *e)
{
    return e->error != YAML_NO_ERROR;
}

/* An event could not be built: only memory runs short there. Recording
 * it in the emitter makes the failure sticky like libyaml's own. */
static int memory_error(yaml_emitter_t *e)
{
    e->error = YAML_MEMORY_ERROR;
    e->problem = "out of memory building a YAML event";
    return -1;
}

/* Hand `ev` to the emitter, which owns it from then on, even on failure. */
static int emit(yaml_emitter_t *e, yaml_event_t *ev, int built)
{
    if (!built)
        return memory_error(e);
    return yaml_emitter_emit(e, ev) ? 0 : -1;
}

static int scalar(yaml_emitter_t *e, const char *text,
                  yaml_scalar_style_t style)
{
    if (failed(e))
        return -1;
    tasim_assert(text != NULL);
    yaml_event_t ev;
    size_t len = strlen(text);
    tasim_assert(len <= INT32_MAX);
    return emit(e, &ev,
                yaml_scalar_event_initialize(&ev, NULL, NULL,
                                             (const yaml_char_t *)text,
                                             (int)len, 1, 1, style));
}

int tasim_emit_scalar(yaml_emitter_t *e, const char *text)
{
    return scalar(e, text, YAML_ANY_SCALAR_STYLE);
}

/* Whether `p` is `lower` in any mix of ASCII case. */
static int equals_any_case(const char *p, const char *lower)
{
    for (; *lower; p++, lower++) {
        char c = *p >= 'A' && *p <= 'Z' ? (char)(*p - 'A' + 'a') : *p;
        if (c != *lower)
            return 0;
    }
    return *p == '\0';
}

/* Whether a YAML 1.1 or 1.2 reader would resolve plain `text` to a null,
 * boolean or number. Anything that starts like a number counts, which
 * also covers 1.1's sexagesimal and date forms; quoting a few strings
 * that did not need it costs nothing. */
static int reads_as_non_string(const char *text)
{
    static const char *const words[] = {
        "~",    "null", "Null", "NULL", "true", "True",  "TRUE",  "false",
        "False", "FALSE", "y",   "Y",    "yes",  "Yes",   "YES",   "n",
        "N",    "no",   "No",   "NO",   "on",   "On",    "ON",    "off",
        "Off",  "OFF",  NULL};
    if (text[0] == '\0')
        return 1;
    for (const char *const *w = words; *w; w++)
        if (strcmp(text, *w) == 0)
            return 1;
    const char *p = text;
    if (*p == '+' || *p == '-')
        p++;
    if (*p == '.') {
        if (equals_any_case(p + 1, "inf") || equals_any_case(p + 1, "nan"))
            return 1;
        p++;
    }
    return *p >= '0' && *p <= '9';
}

int tasim_emit_text(yaml_emitter_t *e, const char *text)
{
    return scalar(e, text,
                  reads_as_non_string(text) ? YAML_SINGLE_QUOTED_SCALAR_STYLE
                                            : YAML_ANY_SCALAR_STYLE);
}

/* Block collections use libyaml's "any" style, which is block unless the
 * collection is empty: then `[]` or `{}`, the only way to write it. */
int tasim_emit_mapping_start(yaml_emitter_t *e, int flow)
{
    if (failed(e))
        return -1;
    yaml_event_t ev;
    return emit(e, &ev,
                yaml_mapping_start_event_initialize(
                    &ev, NULL, NULL, 1,
                    flow ? YAML_FLOW_MAPPING_STYLE : YAML_ANY_MAPPING_STYLE));
}

int tasim_emit_mapping_end(yaml_emitter_t *e)
{
    if (failed(e))
        return -1;
    yaml_event_t ev;
    return emit(e, &ev, yaml_mapping_end_event_initialize(&ev));
}

int tasim_emit_sequence_start(yaml_emitter_t *e, int flow)
{
    if (failed(e))
        return -1;
    yaml_event_t ev;
    return emit(e, &ev,
                yaml_sequence_start_event_initialize(
                    &ev, NULL, NULL, 1,
                    flow ? YAML_FLOW_SEQUENCE_STYLE
                         : YAML_ANY_SEQUENCE_STYLE));
}

int tasim_emit_sequence_end(yaml_emitter_t *e)
{
    if (failed(e))
        return -1;
    yaml_event_t ev;
    return emit(e, &ev, yaml_sequence_end_event_initialize(&ev));
}

int tasim_emit_document_start(yaml_emitter_t *e)
{
    if (failed(e))
        return -1;
    yaml_event_t ev;
    if (emit(e, &ev,
             yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING)))
        return -1;
    return emit(e, &ev,
                yaml_document_start_event_initialize(&ev, NULL, NULL, NULL,
                                                     1));
}

int tasim_emit_document_end(yaml_emitter_t *e)
{
    if (failed(e))
        return -1;
    yaml_event_t ev;
    if (emit(e, &ev, yaml_document_end_event_initialize(&ev, 1)))
        return -1;
    return emit(e, &ev, yaml_stream_end_event_initialize(&ev));
}

/* ------------------------------------------------------------------ */
/* Values                                                               */

/* 17 significant digits identify every double exactly, so the text reads
 * back as the same number (IEEE 754 binary64: 17 digits suffice). */
static int emit_number(yaml_emitter_t *e, double v)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%.17g", v);
    return tasim_emit_scalar(e, buf);
}

static int emit_date(yaml_emitter_t *e, const tasim_date_t *d)
{
    char buf[32];
    if (d->day > 0)
        snprintf(buf, sizeof buf, "%04d-%02d-%02d", d->year, d->month,
                 d->day);
    else
        snprintf(buf, sizeof buf, "%04d-%02d", d->year, d->month);
    return tasim_emit_scalar(e, buf);
}

static int emit_names(yaml_emitter_t *e, const tasim_names_t *n)
{
    tasim_emit_sequence_start(e, 1);
    for (size_t i = 0; i < n->count; i++)
        tasim_emit_text(e, n->items[i]);
    return tasim_emit_sequence_end(e);
}

static int emit_weights(yaml_emitter_t *e, const tasim_weights_t *w)
{
    tasim_emit_mapping_start(e, 1);
    for (size_t i = 0; i < w->count; i++) {
        tasim_emit_text(e, w->items[i].key);
        emit_number(e, w->items[i].value);
    }
    return tasim_emit_mapping_end(e);
}

static int emit_range(yaml_emitter_t *e, const double *range)
{
    tasim_emit_sequence_start(e, 1);
    emit_number(e, range[0]);
    emit_number(e, range[1]);
    return tasim_emit_sequence_end(e);
}

/* An override's value is YAML text that the field its path leads to
 * parses, and quoting is part of its meaning (a quoted "0.3" is text, never
 * a number): a quoted value stays quoted, any other is written plain
 * whenever libyaml can. */
static int emit_overrides(yaml_emitter_t *e, const tasim_override_t *o,
                          size_t count)
{
    tasim_emit_mapping_start(e, 0);
    for (size_t i = 0; i < count; i++) {
        tasim_emit_text(e, o[i].path);
        scalar(e, o[i].value,
               o[i].quoted ? YAML_SINGLE_QUOTED_SCALAR_STYLE
                           : YAML_ANY_SCALAR_STYLE);
    }
    return tasim_emit_mapping_end(e);
}

static int emit_object(yaml_emitter_t *e, const tasim_schema_t *s,
                       const void *obj);

/* A LIST as a sequence of mappings; a MAP as a mapping from each
 * element's key to the rest of the element. */
static int emit_elements(yaml_emitter_t *e, const tasim_field_t *f,
                         const void *obj)
{
    const tasim_schema_t *s = f->schema;
    const char *items = *(const char *const *)FIELD_PTR(obj, f->offset);
    size_t count = *(const size_t *)FIELD_PTR(obj, f->aux);
    int is_map = f->kind == TASIM_F_MAP;
    if (is_map)
        tasim_emit_mapping_start(e, 0);
    else
        tasim_emit_sequence_start(e, 0);
    for (size_t i = 0; i < count; i++) {
        const void *elem = items + i * s->size;
        if (is_map) {
            tasim_assert(s->key_offset >= 0);
            tasim_emit_text(e, *(const char *const *)FIELD_PTR(
                                   elem, (size_t)s->key_offset));
        }
        emit_object(e, s, elem);
    }
    return is_map ? tasim_emit_mapping_end(e) : tasim_emit_sequence_end(e);
}

static int emit_value(yaml_emitter_t *e, const tasim_field_t *f,
                      const void *obj)
{
    const void *p = FIELD_PTR(obj, f->offset);
    char buf[32];
    switch (f->kind) {
    case TASIM_F_NUMBER:
        return emit_number(e, *(const double *)p);
    case TASIM_F_INTEGER:
        snprintf(buf, sizeof buf, "%ld", *(const long *)p);
        return tasim_emit_scalar(e, buf);
    case TASIM_F_SEED:
        snprintf(buf, sizeof buf, "%" PRIu64, *(const uint64_t *)p);
        return tasim_emit_scalar(e, buf);
    case TASIM_F_STRING:
    case TASIM_F_ID:
        return tasim_emit_text(e, *(const char *const *)p);
    case TASIM_F_DATE:
        return emit_date(e, p);
    case TASIM_F_ENUM:
        tasim_assert(*(const int *)p >= 0);
        return tasim_emit_text(e, f->names[*(const int *)p]);
    case TASIM_F_NAMES:
        return emit_names(e, p);
    case TASIM_F_WEIGHTS:
        return emit_weights(e, p);
    case TASIM_F_RANGE:
        return emit_range(e, p);
    case TASIM_F_OVERRIDES:
        return emit_overrides(e, *(const tasim_override_t *const *)p,
                              *(const size_t *)FIELD_PTR(obj, f->aux));
    case TASIM_F_OBJECT:
        return emit_object(e, f->schema, p);
    case TASIM_F_LIST:
    case TASIM_F_MAP:
        return emit_elements(e, f, obj);
    }
    tasim_assert(!"unknown field kind");
    return -1;
}

/*
 * Two keys that spell one value: the checks refuse both in one object
 * (scenario_check.c: "give the start once"), so writing every field would
 * produce a file that does not load. Exactly one is written: the alias if
 * the file used it, else the main key. Writing the key the file used,
 * rather than folding the alias into the main key, keeps the re-read
 * structure identical to this one. The schema has no flag for aliases;
 * this table is where a new one must be added, and the round-trip tests
 * fail until it is.
 */
static const struct {
    const char *schema, *key, *alias;
} aliases[] = {
    {"activity", "at_month", "from_month"},
};

static int given(const tasim_schema_t *s, const void *obj, const char *key)
{
    const tasim_field_t *f = tasim_schema_field(s, key);
    tasim_assert(f != NULL);
    size_t i = tasim_schema_field_index(s, f);
    return (((const tasim_obj_t *)obj)->given >> i) & 1;
}

/* 1 or 0 if field `f` of `s` is one of a pair of aliases, else -1. */
static int alias_written(const tasim_schema_t *s, const tasim_field_t *f,
                         const void *obj)
{
    for (size_t k = 0; k < sizeof aliases / sizeof aliases[0]; k++) {
        if (strcmp(s->name, aliases[k].schema) != 0)
            continue;
        if (strcmp(f->key, aliases[k].alias) == 0)
            return given(s, obj, aliases[k].alias);
        if (strcmp(f->key, aliases[k].key) == 0)
            return !given(s, obj, aliases[k].alias);
    }
    return -1;
}

/* Whether field `i` of `s` has a value to write (see scenario_emit.h for
 * what counts as "not set"). */
static int has_value(const tasim_schema_t *s, size_t i, const void *obj)
{
    const tasim_field_t *f = &s->fields[i];
    const void *p = FIELD_PTR(obj, f->offset);
    int alias = alias_written(s, f, obj);
    if (alias >= 0)
        return alias;
    switch (f->kind) {
    case TASIM_F_NUMBER:
        return !isnan(*(const double *)p);
    case TASIM_F_SEED:
        return given(s, obj, f->key);
    case TASIM_F_STRING:
    case TASIM_F_ID:
        return *(const char *const *)p != NULL;
    case TASIM_F_DATE:
        return ((const tasim_date_t *)p)->year != 0;
    case TASIM_F_OBJECT:
        return !(f->flags & TASIM_FF_OPTIONAL) ||
               *(const bool *)FIELD_PTR(obj, f->aux);
    default:
        return 1;
    }
}

static int emit_object(yaml_emitter_t *e, const tasim_schema_t *s,
                       const void *obj)
{
    tasim_emit_mapping_start(e, 0);
    for (size_t i = 0; i < s->field_count; i++) {
        if (!has_value(s, i, obj))
            continue;
        tasim_emit_scalar(e, s->fields[i].key);
        emit_value(e, &s->fields[i], obj);
    }
    return tasim_emit_mapping_end(e);
}

int tasim_scenario_emit(const tasim_scenario_t *sc, yaml_emitter_t *e)
{
    tasim_assert(sc != NULL && e != NULL);
    return emit_object(e, &tasim_scenario_schema, sc);
}
