/*
 * schema.h (private): the field tables that describe scenario objects, and
 * the generic machinery that reads YAML into them.
 *
 * Design choice: one descriptor per field (key, type, offset in the C
 * struct, unit, range, default, meaning) instead of one hand-written branch
 * per key. Parsing, defaults, range checks, unknown-key suggestions, the
 * override path resolver, freeing and the generated reference
 * documentation all read the same table, so they cannot disagree.
 */
#ifndef TASIM_SCHEMA_H
#define TASIM_SCHEMA_H

#include <stddef.h>

#include <yaml.h>

#include "tasim/diag.h"
#include "tasim/scenario.h"

typedef enum {
    TASIM_F_NUMBER,    /* double */
    TASIM_F_INTEGER,   /* long */
    TASIM_F_SEED,      /* uint64_t */
    TASIM_F_STRING,    /* char * (owned) */
    TASIM_F_ID,        /* char *, letters, digits, '_' and '-' */
    TASIM_F_DATE,      /* tasim_date_t */
    TASIM_F_ENUM,      /* int, index into `names` */
    TASIM_F_NAMES,     /* tasim_names_t: a list of ids (or of `names`) */
    TASIM_F_OBJECT,    /* embedded struct described by `schema` */
    TASIM_F_LIST,      /* T * at offset, size_t count at aux */
    TASIM_F_MAP,       /* as LIST, the mapping key stored in the element */
    TASIM_F_WEIGHTS,   /* tasim_weights_t: id -> number >= 0 */
    TASIM_F_RANGE,     /* double[2], lo < hi */
    TASIM_F_OVERRIDES, /* tasim_override_t * at offset, count at aux */
} tasim_field_kind_t;

enum {
    TASIM_FF_REQUIRED = 1 << 0,
    TASIM_FF_MIN_OPEN = 1 << 1,  /* range excludes min */
    TASIM_FF_MAX_OPEN = 1 << 2,  /* range excludes max */
    TASIM_FF_OPTIONAL = 1 << 3,  /* OBJECT: presence flag (bool) at aux */
    TASIM_FF_UNSET = 1 << 4,     /* NUMBER: default is "not set" (NAN) */
};

typedef struct tasim_schema tasim_schema_t;

typedef struct tasim_field {
    const char *key;
    tasim_field_kind_t kind;
    size_t offset;
    size_t aux;                    /* count offset or presence flag */
    const tasim_schema_t *schema;  /* OBJECT, LIST, MAP */
    const char *const *names;      /* ENUM values; NAMES allowed values */
    double min, max;               /* NUMBER, INTEGER, RANGE */
    unsigned flags;
    double def;                    /* NUMBER, INTEGER default */
    const char *def_text;          /* STRING, ENUM, DATE default */
    const char *unit;              /* shown in docs and messages */
    const char *doc;               /* one sentence for the reference */
} tasim_field_t;

struct tasim_schema {
    const char *name;            /* what the object is called in messages */
    size_t size;                 /* sizeof the C struct */
    const tasim_field_t *fields;
    size_t field_count;
    long key_offset;             /* MAP elements: char * key; else -1 */
    const char *key_doc;         /* what a MAP key is */
    const char *doc;
};

/* The scenario's top-level schema and the strategy-override resolver's
 * entry point. */
extern const tasim_schema_t tasim_scenario_schema;

/* State shared by one load: the document and where errors go. The
 * document's size with aliases expanded was bounded when it was loaded
 * (yaml_doc.c), so the reader needs no budget of its own. */
typedef struct {
    yaml_document_t *doc;
    const char *file;
    tasim_diag_t *diag;
} tasim_walk_t;

/* Fill every field of `obj` with its default value. */
void tasim_schema_defaults(const tasim_schema_t *s, void *obj);

/* Read mapping `node` into `obj` (defaults already applied). Returns 0, or
 * -1 if any error was reported. */
int tasim_schema_read(tasim_walk_t *w, const tasim_schema_t *s,
                      yaml_node_t *node, void *obj);

/* Free everything `obj` owns (not `obj` itself). */
void tasim_schema_free(const tasim_schema_t *s, void *obj);

/* The field of `s` called `key`, or NULL. */
const tasim_field_t *tasim_schema_field(const tasim_schema_t *s,
                                        const char *key);

/* Index of `f` within its schema. */
size_t tasim_schema_field_index(const tasim_schema_t *s,
                                const tasim_field_t *f);

/* The closest key of `s` to `key` within a small edit distance, or NULL. */
const char *tasim_schema_suggest(const tasim_schema_t *s, const char *key);

/* The closest of `names` (NULL-terminated) to `word`, or NULL. */
const char *tasim_closest_name(const char *const *names, const char *word);

/* Whether `v` lies in the range of number field `f`. */
int tasim_schema_in_range(const tasim_field_t *f, double v);

/* Text of a range for messages, e.g. "[0, 1]" or "(0, 120]". */
void tasim_schema_range_text(const tasim_field_t *f, char *buf, size_t n);

/* Where the field was given in the file, or the object's own location. */
tasim_loc_t tasim_field_loc(const tasim_schema_t *s, const tasim_obj_t *obj,
                            const char *key);

/* 1-based location of a node. */
tasim_loc_t tasim_node_loc(const yaml_node_t *node);

/* A scalar node's text, or NULL if the node is not a scalar. */
const char *tasim_scalar_text(const yaml_node_t *node);

/* A sorted view of a list of ids, so that duplicate checks and
 * cross-reference lookups take O(n log n) rather than O(n^2): a scenario
 * of 100 000 units, well within the file size limit, took a minute to
 * check pairwise. The index borrows the strings. */
typedef struct {
    const char *text;
    size_t position; /* in the list the index was built from */
} tasim_id_entry_t;

typedef struct {
    tasim_id_entry_t *sorted;
    size_t count;
} tasim_id_index_t;

/* Index `n` ids (NULL entries are left out); release with _fini. */
void tasim_id_index_init(tasim_id_index_t *x, const char *const *ids,
                         size_t n);
void tasim_id_index_fini(tasim_id_index_t *x);

/* The first position at which `id` occurs, or -1. */
long tasim_id_index_find(const tasim_id_index_t *x, const char *id);

/* Read a whole number written with digits only (no blanks, no sign), as
 * a seed in a scenario and every count on the command line are: 0, or -1
 * if `text` is not one, or -2 if it is 2^64 or more. */
int tasim_parse_count(const char *text, uint64_t *out);

/* Parse a YYYY-MM or YYYY-MM-DD date that exists in the calendar. */
int tasim_parse_date(const char *text, tasim_date_t *out);

/* Why tasim_parse_date() refuses `text` when it has the form of a date, as
 * a phrase for a message ("February 2027 has 28 days"); returns 1 then, or
 * 0 (with `buf` untouched) if `text` is not of the form NNNN-NN[-NN]. */
int tasim_date_explain(const char *text, char *buf, size_t n);

#endif /* TASIM_SCHEMA_H */
