/*
 * schema_read.c: reading a YAML node into a field of a scenario object.
 *
 * Numbers must be plain (unquoted) scalars that parse completely and are
 * finite: "1e999" overflows to infinity and is refused, as are ".nan" and
 * ".inf". Messages name the key, what was expected and what was found.
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "schema.h"
#include "strbuf.h"
#include "tasim/alloc.h"

#define FIELD_PTR(obj, off) ((void *)((char *)(obj) + (off)))

__attribute__((format(printf, 3, 4)))
static void report(tasim_walk_t *w, const yaml_node_t *node,
                   const char *fmt, ...)
{
    char msg[TASIM_ERROR_MESSAGE_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    tasim_loc_t loc = tasim_node_loc(node);
    tasim_diag_add(w->diag, TASIM_ESCENARIO, w->file, loc.line, loc.column,
                   "%s", msg);
}

static const char *found_text(const yaml_node_t *node)
{
    switch (node->type) {
    case YAML_MAPPING_NODE:
        return "a mapping";
    case YAML_SEQUENCE_NODE:
        return "a list";
    default:
        return node->data.scalar.length ? NULL : "nothing";
    }
}

/* Describe what was found, quoting scalars: "'abc'" or "a list". */
static void describe(const yaml_node_t *node, char *buf, size_t n)
{
    const char *kind = found_text(node);
    if (kind)
        snprintf(buf, n, "%s", kind);
    else
        snprintf(buf, n, "'%.60s%s'", (const char *)node->data.scalar.value,
                 node->data.scalar.length > 60 ? "..." : "");
}

static int is_plain_scalar(const yaml_node_t *node)
{
    return node->type == YAML_SCALAR_NODE &&
           node->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
           node->data.scalar.length > 0;
}

/* ------------------------------------------------------------------ */
/* Scalars                                                              */

/* Whether `text` spells a decimal number (*v; infinite when it
 * overflows, with errno ERANGE), as number fields read them. */
static int spells_real(const char *text, double *v)
{
    char *end;
    *v = strtod(text, &end);
    return end != text && *end == '\0' && !isnan(*v) &&
           strpbrk(text, "xXpP") == NULL; /* no hexadecimal floats */
}

/* Whether `text` spells a whole number (*v; errno ERANGE when it does not
 * fit), as integer fields read them. */
static int spells_whole(const char *text, long *v)
{
    char *end;
    *v = strtol(text, &end, 10);
    return end != text && *end == '\0';
}

/* What a field reads: a finite decimal number, a whole number (with a
 * sign), or a seed (digits only). */
typedef enum { NUMBER_REAL, NUMBER_WHOLE, NUMBER_DIGITS } number_kind_t;

/* Whether `text` would be read as a number of `kind` without quotes. */
static int reads_as(const char *text, number_kind_t kind)
{
    double real;
    long whole;
    uint64_t count;
    switch (kind) {
    case NUMBER_REAL:
        return spells_real(text, &real) && isfinite(real);
    case NUMBER_WHOLE:
        return spells_whole(text, &whole);
    default:
        return tasim_parse_count(text, &count) == 0;
    }
}

/* A note for a number written in quotes, which YAML makes text: the
 * message would otherwise show a valid-looking number as the fault. Only
 * when the text without its quotes would be accepted. */
static const char *quoted_number_note(const yaml_node_t *node,
                                      number_kind_t kind)
{
    if (node->type != YAML_SCALAR_NODE || node->data.scalar.length == 0 ||
        node->data.scalar.style == YAML_PLAIN_SCALAR_STYLE)
        return "";
    return reads_as((const char *)node->data.scalar.value, kind)
               ? " (in quotes, which makes it text: write numbers without "
                 "quotes)"
               : "";
}

static int range_error(tasim_walk_t *w, const tasim_field_t *f,
                       const yaml_node_t *node)
{
    char range[80];
    tasim_schema_range_text(f, range, sizeof range);
    /* Units that read as a quantity ("per year", "months") follow the
     * range; "share" adds nothing to "[0, 1]". */
    int show_unit = f->unit && f->unit[0] && strcmp(f->unit, "share") != 0;
    report(w, node, "'%s' must be in %s%s%s (got %s)", f->key, range,
           show_unit ? " " : "", show_unit ? f->unit : "",
           (const char *)node->data.scalar.value);
    return -1;
}

static int read_number(tasim_walk_t *w, const tasim_field_t *f,
                       const yaml_node_t *node, double *out)
{
    /* What was found is described only for a message: scenarios hold
     * tens of thousands of numbers, and the description costs more than
     * reading one. */
    char found[96];
    const char *text = (const char *)node->data.scalar.value;
    double v = 0;
    errno = 0;
    if (!is_plain_scalar(node) || !spells_real(text, &v)) {
        describe(node, found, sizeof found);
        report(w, node, "'%s' must be a number, found %s%s", f->key, found,
               quoted_number_note(node, NUMBER_REAL));
        return -1;
    }
    if (isinf(v)) {
        describe(node, found, sizeof found);
        report(w, node, "'%s' must be a finite number, found %s%s", f->key,
               found, errno == ERANGE ? " (too large: overflows)" : "");
        return -1;
    }
    if (!tasim_schema_in_range(f, v))
        return range_error(w, f, node);
    *out = v;
    return 0;
}

static int read_integer(tasim_walk_t *w, const tasim_field_t *f,
                        const yaml_node_t *node, long *out)
{
    const char *text = (const char *)node->data.scalar.value;
    long v = 0;
    errno = 0;
    if (!is_plain_scalar(node) || !spells_whole(text, &v)) {
        char found[96];
        describe(node, found, sizeof found);
        report(w, node, "'%s' must be a whole number, found %s%s", f->key,
               found, quoted_number_note(node, NUMBER_WHOLE));
        return -1;
    }
    if (errno == ERANGE || !tasim_schema_in_range(f, (double)v))
        return range_error(w, f, node);
    *out = v;
    return 0;
}

static int read_seed(tasim_walk_t *w, const tasim_field_t *f,
                     const yaml_node_t *node, uint64_t *out)
{
    const char *text = (const char *)node->data.scalar.value;
    uint64_t v = 0;
    if (!is_plain_scalar(node) ||
        tasim_parse_count(text, &v) != 0) {
        char found[96];
        describe(node, found, sizeof found);
        report(w, node, "'%s' must be a whole number in [0, 2^64), found %s%s",
               f->key, found, quoted_number_note(node, NUMBER_DIGITS));
        return -1;
    }
    *out = v;
    return 0;
}

static int valid_id(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > 64)
        return 0;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
              (*s >= '0' && *s <= '9') || *s == '_' || *s == '-'))
            return 0;
    return 1;
}

static int read_text(tasim_walk_t *w, const tasim_field_t *f,
                     const yaml_node_t *node, char **out)
{
    const char *text = tasim_scalar_text(node);
    if (text == NULL || (f->kind == TASIM_F_ID && !valid_id(text))) {
        char found[96];
        describe(node, found, sizeof found);
        if (f->kind == TASIM_F_ID)
            report(w, node, "'%s' must be an id (1 to 64 letters, digits, "
                            "'_' or '-'), found %s", f->key, found);
        else
            report(w, node, "'%s' must be text, found %s", f->key, found);
        return -1;
    }
    free(*out);
    *out = tasim_xstrdup(text);
    return 0;
}

static int lists_name(const char *const *names, const char *name)
{
    for (; *names; names++)
        if (strcmp(*names, name) == 0)
            return 1;
    return 0;
}

static int read_enum_value(tasim_walk_t *w, const tasim_field_t *f,
                           const yaml_node_t *node, int *out)
{
    const char *text = tasim_scalar_text(node);
    for (int i = 0; text && f->names[i]; i++)
        if (strcmp(f->names[i], text) == 0) {
            *out = i;
            return 0;
        }
    tasim_strbuf_t expected = {0};
    for (const char *const *n = f->names; *n; n++)
        tasim_strbuf_printf(&expected, "%s%s", n == f->names ? "" : ", ", *n);
    char *list = tasim_strbuf_take(&expected);
    char found[96];
    describe(node, found, sizeof found);
    const char *hint = text ? tasim_closest_name(f->names, text) : NULL;
    /* The output series name the five cost components together. */
    int cost_part = text && strncmp(text, "cost_", 5) == 0 &&
                    lists_name(f->names, "cost");
    if (cost_part)
        report(w, node, "unknown value %s for '%s' ('cost' selects all five "
                        "cost_* series); expected one of: %s",
               found, f->key, list);
    else if (hint)
        report(w, node, "unknown value %s for '%s' (did you mean '%s'?); "
                        "expected one of: %s", found, f->key, hint, list);
    else
        report(w, node, "unknown value %s for '%s'; expected one of: %s",
               found, f->key, list);
    free(list);
    return -1;
}

static int read_date(tasim_walk_t *w, const tasim_field_t *f,
                     const yaml_node_t *node, tasim_date_t *out)
{
    const char *text = tasim_scalar_text(node);
    if (text && tasim_parse_date(text, out) == 0)
        return 0;
    char found[96], why[64];
    describe(node, found, sizeof found);
    /* A well-formed date that does not exist gets the reason; anything
     * else gets the format. */
    if (text && tasim_date_explain(text, why, sizeof why))
        report(w, node, "'%s' must be a date that exists, found %s (%s)",
               f->key, found, why);
    else
        report(w, node, "'%s' must be a date YYYY-MM or YYYY-MM-DD, found %s",
               f->key, found);
    return -1;
}

/* ------------------------------------------------------------------ */
/* Collections                                                          */

static yaml_node_t *node_at(tasim_walk_t *w, yaml_node_item_t item)
{
    return yaml_document_get_node(w->doc, item);
}

static int expect(tasim_walk_t *w, const tasim_field_t *f,
                  const yaml_node_t *node, yaml_node_type_t type)
{
    if (node->type == type)
        return 0;
    char found[96];
    describe(node, found, sizeof found);
    report(w, node, "'%s' must be %s, found %s", f->key,
           type == YAML_SEQUENCE_NODE ? "a list" : "a mapping", found);
    return -1;
}

static size_t item_count(const yaml_node_t *seq)
{
    return (size_t)(seq->data.sequence.items.top -
                    seq->data.sequence.items.start);
}

/* For each of `n` texts (NULL: not a name), the position of the first
 * equal one; the caller frees the array. */
static size_t *first_occurrences(const char **texts, size_t n)
{
    /* Most mappings have a handful of keys (a unit has six), and a
     * scenario has thousands of them: below this size comparing every
     * pair is cheaper than building an index. */
    enum { SMALL = 16 };
    if (n <= SMALL) {
        size_t *first = tasim_xcalloc(n, sizeof *first);
        for (size_t i = 0; i < n; i++) {
            first[i] = i;
            for (size_t j = 0; texts[i] && j < i; j++)
                if (texts[j] && strcmp(texts[j], texts[i]) == 0) {
                    first[i] = j;
                    break;
                }
        }
        return first;
    }
    tasim_id_index_t index;
    tasim_id_index_init(&index, texts, n);
    size_t *first = tasim_xcalloc(n, sizeof *first);
    for (size_t i = 0; i < n; i++)
        first[i] = texts[i] ? (size_t)tasim_id_index_find(&index, texts[i])
                            : i;
    tasim_id_index_fini(&index);
    return first;
}

/* First occurrences of the scalar items of a list. */
static size_t *item_firsts(tasim_walk_t *w, const yaml_node_t *seq)
{
    size_t n = item_count(seq);
    const char **texts = tasim_xcalloc(n, sizeof *texts);
    for (size_t i = 0; i < n; i++)
        texts[i] = tasim_scalar_text(
            node_at(w, seq->data.sequence.items.start[i]));
    size_t *first = first_occurrences(texts, n);
    free(texts);
    return first;
}

/* Read item `e` of a names list into `out`, unless it repeats an earlier
 * one (`repeat`). Returns 0 or -1. */
static int read_name(tasim_walk_t *w, const tasim_field_t *f, yaml_node_t *e,
                     int repeat, tasim_names_t *out)
{
    tasim_field_t item = *f;
    item.kind = TASIM_F_ID;
    int value;
    char *text = NULL;
    if (f->names && read_enum_value(w, f, e, &value))
        return -1;
    if (read_text(w, &item, e, &text))
        return -1;
    if (repeat) {
        report(w, e, "'%s' lists '%s' twice", f->key, text);
        free(text);
        return -1;
    }
    out->locs[out->count] = tasim_node_loc(e);
    out->items[out->count++] = text;
    return 0;
}

static int read_names(tasim_walk_t *w, const tasim_field_t *f,
                      yaml_node_t *node, tasim_names_t *out)
{
    if (expect(w, f, node, YAML_SEQUENCE_NODE))
        return -1;
    size_t n = item_count(node);
    size_t *first = item_firsts(w, node);
    out->items = tasim_xcalloc(n, sizeof *out->items);
    out->locs = tasim_xcalloc(n, sizeof *out->locs);
    int rc = 0;
    for (size_t i = 0; i < n; i++)
        if (read_name(w, f, node_at(w, node->data.sequence.items.start[i]),
                      first[i] != i, out))
            rc = -1;
    free(first);
    return rc;
}

static size_t pair_count(const yaml_node_t *map)
{
    return (size_t)(map->data.mapping.pairs.top -
                    map->data.mapping.pairs.start);
}

/* First occurrences of the keys of a mapping. */
static size_t *key_firsts(tasim_walk_t *w, const yaml_node_t *map)
{
    size_t n = pair_count(map);
    const char **texts = tasim_xcalloc(n, sizeof *texts);
    for (size_t i = 0; i < n; i++)
        texts[i] = tasim_scalar_text(
            node_at(w, map->data.mapping.pairs.start[i].key));
    size_t *first = first_occurrences(texts, n);
    free(texts);
    return first;
}

/* Check key `i` of a mapping: a scalar, not seen before in the same
 * mapping (`first` from key_firsts()). Returns its text or NULL. */
static const char *mapping_key(tasim_walk_t *w, yaml_node_t *map, size_t i,
                               const size_t *first)
{
    yaml_node_t *k = node_at(w, map->data.mapping.pairs.start[i].key);
    const char *text = tasim_scalar_text(k);
    if (text == NULL || text[0] == '\0') {
        char found[96];
        describe(k, found, sizeof found);
        report(w, k, "a mapping key must be a plain name, found %s", found);
        return NULL;
    }
    if (first[i] != i) {
        yaml_node_t *k0 =
            node_at(w, map->data.mapping.pairs.start[first[i]].key);
        report(w, k, "duplicate key '%s' (first given at line %d)", text,
               tasim_node_loc(k0).line);
        return NULL;
    }
    return text;
}

static int read_weights(tasim_walk_t *w, const tasim_field_t *f,
                        yaml_node_t *node, tasim_weights_t *out)
{
    if (expect(w, f, node, YAML_MAPPING_NODE))
        return -1;
    size_t n = pair_count(node);
    size_t *first = key_firsts(w, node);
    out->items = tasim_xcalloc(n, sizeof *out->items);
    int rc = 0;
    tasim_field_t num = *f;
    num.kind = TASIM_F_NUMBER;
    for (size_t i = 0; i < n; i++) {
        const char *key = mapping_key(w, node, i, first);
        yaml_node_t *k = node_at(w, node->data.mapping.pairs.start[i].key);
        yaml_node_t *v = node_at(w, node->data.mapping.pairs.start[i].value);
        double value;
        num.key = key;
        if (key == NULL || read_number(w, &num, v, &value)) {
            rc = -1;
            continue;
        }
        out->items[out->count++] = (tasim_weight_t){
            tasim_xstrdup(key), value, -1, tasim_node_loc(k)};
    }
    free(first);
    return rc;
}

static int read_range(tasim_walk_t *w, const tasim_field_t *f,
                      yaml_node_t *node, double *out)
{
    if (expect(w, f, node, YAML_SEQUENCE_NODE))
        return -1;
    size_t n = item_count(node);
    if (n != 2) {
        report(w, node, "'%s' must be a list of two numbers [low, high], "
                        "found %zu item%s", f->key, n, n == 1 ? "" : "s");
        return -1;
    }
    tasim_field_t num = *f;
    num.kind = TASIM_F_NUMBER;
    for (size_t i = 0; i < 2; i++)
        if (read_number(w, &num, node_at(w, node->data.sequence.items.start[i]),
                        &out[i]))
            return -1;
    if (!(out[0] < out[1])) {
        report(w, node, "'%s' must have low < high (got [%g, %g])", f->key,
               out[0], out[1]);
        return -1;
    }
    return 0;
}

static int read_overrides(tasim_walk_t *w, const tasim_field_t *f,
                          yaml_node_t *node, void *obj)
{
    if (expect(w, f, node, YAML_MAPPING_NODE))
        return -1;
    size_t n = pair_count(node);
    tasim_override_t *o = tasim_xcalloc(n, sizeof *o);
    *(tasim_override_t **)FIELD_PTR(obj, f->offset) = o;
    size_t *count = FIELD_PTR(obj, f->aux);
    size_t *first = key_firsts(w, node);
    int rc = 0;
    for (size_t i = 0; i < n; i++) {
        const char *key = mapping_key(w, node, i, first);
        yaml_node_t *k = node_at(w, node->data.mapping.pairs.start[i].key);
        yaml_node_t *v = node_at(w, node->data.mapping.pairs.start[i].value);
        if (key == NULL) {
            rc = -1;
            continue;
        }
        if (v->type != YAML_SCALAR_NODE || v->data.scalar.length == 0) {
            char found[96];
            describe(v, found, sizeof found);
            report(w, v, "the value set for '%s' must be a single value, "
                         "found %s", key, found);
            rc = -1;
            continue;
        }
        o[(*count)++] = (tasim_override_t){
            tasim_xstrdup(key), tasim_xstrdup(tasim_scalar_text(v)),
            tasim_node_loc(k), tasim_node_loc(v),
            v->data.scalar.style != YAML_PLAIN_SCALAR_STYLE};
    }
    free(first);
    return rc;
}

/* Read element `i` of list or map `node` into the next slot of `items`.
 * A map entry keeps its key, and its location becomes the key's, since
 * the key is what names it ("customs: {staff: 40}"). */
static int read_element(tasim_walk_t *w, const tasim_field_t *f,
                        yaml_node_t *node, size_t i, const size_t *first,
                        char *items, size_t *count)
{
    const tasim_schema_t *s = f->schema;
    yaml_node_t *k = NULL, *e;
    if (f->kind == TASIM_F_MAP) {
        if (mapping_key(w, node, i, first) == NULL)
            return -1;
        k = node_at(w, node->data.mapping.pairs.start[i].key);
        e = node_at(w, node->data.mapping.pairs.start[i].value);
    } else {
        e = node_at(w, node->data.sequence.items.start[i]);
    }
    tasim_obj_t *elem = (tasim_obj_t *)(items + *count * s->size);
    tasim_schema_defaults(s, elem);
    (*count)++;
    int rc = tasim_schema_read(w, s, e, elem);
    if (k) {
        *(char **)FIELD_PTR(elem, (size_t)s->key_offset) =
            tasim_xstrdup(tasim_scalar_text(k));
        elem->loc = tasim_node_loc(k);
    }
    return rc;
}

static int read_elements(tasim_walk_t *w, const tasim_field_t *f,
                         yaml_node_t *node, void *obj)
{
    int is_map = f->kind == TASIM_F_MAP;
    if (expect(w, f, node, is_map ? YAML_MAPPING_NODE : YAML_SEQUENCE_NODE))
        return -1;
    size_t n = is_map ? pair_count(node) : item_count(node);
    size_t *first = is_map ? key_firsts(w, node) : NULL;
    char *items = tasim_xcalloc(n, f->schema->size);
    *(char **)FIELD_PTR(obj, f->offset) = items;
    size_t *count = FIELD_PTR(obj, f->aux);
    int rc = 0;
    for (size_t i = 0; i < n; i++)
        if (read_element(w, f, node, i, first, items, count))
            rc = -1;
    free(first);
    return rc;
}

/* ------------------------------------------------------------------ */
/* Objects                                                              */

static int read_field(tasim_walk_t *w, const tasim_field_t *f,
                      yaml_node_t *node, void *obj)
{
    void *p = FIELD_PTR(obj, f->offset);
    switch (f->kind) {
    case TASIM_F_NUMBER:
        return read_number(w, f, node, p);
    case TASIM_F_INTEGER:
        return read_integer(w, f, node, p);
    case TASIM_F_SEED:
        return read_seed(w, f, node, p);
    case TASIM_F_STRING:
    case TASIM_F_ID:
        return read_text(w, f, node, p);
    case TASIM_F_DATE:
        return read_date(w, f, node, p);
    case TASIM_F_ENUM:
        return read_enum_value(w, f, node, p);
    case TASIM_F_NAMES:
        return read_names(w, f, node, p);
    case TASIM_F_WEIGHTS:
        return read_weights(w, f, node, p);
    case TASIM_F_RANGE:
        return read_range(w, f, node, p);
    case TASIM_F_OVERRIDES:
        return read_overrides(w, f, node, obj);
    case TASIM_F_OBJECT:
        if (f->flags & TASIM_FF_OPTIONAL)
            *(bool *)FIELD_PTR(obj, f->aux) = true;
        return tasim_schema_read(w, f->schema, node, p);
    case TASIM_F_LIST:
    case TASIM_F_MAP:
        return read_elements(w, f, node, obj);
    }
    return -1;
}

static void unknown_key(tasim_walk_t *w, const tasim_schema_t *s,
                        yaml_node_t *k, const char *key)
{
    const char *hint = tasim_schema_suggest(s, key);
    if (hint)
        report(w, k, "unknown key '%s' in %s (did you mean '%s'?)", key,
               s->name, hint);
    else
        report(w, k, "unknown key '%s' in %s", key, s->name);
}

int tasim_schema_read(tasim_walk_t *w, const tasim_schema_t *s,
                      yaml_node_t *node, void *obj)
{
    tasim_obj_t *header = obj;
    header->loc = tasim_node_loc(node);
    if (node->type != YAML_MAPPING_NODE) {
        char found[96];
        describe(node, found, sizeof found);
        report(w, node, "%s must be a mapping of keys to values, found %s",
               s->name, found);
        return -1;
    }
    header->field_loc = tasim_xcalloc(s->field_count, sizeof(tasim_loc_t));
    size_t *first = key_firsts(w, node);
    int rc = 0;
    for (size_t i = 0; i < pair_count(node); i++) {
        const char *key = mapping_key(w, node, i, first);
        yaml_node_t *k = node_at(w, node->data.mapping.pairs.start[i].key);
        yaml_node_t *v = node_at(w, node->data.mapping.pairs.start[i].value);
        if (key == NULL) {
            rc = -1;
            continue;
        }
        const tasim_field_t *f = tasim_schema_field(s, key);
        if (f == NULL) {
            unknown_key(w, s, k, key);
            rc = -1;
            continue;
        }
        size_t fi = tasim_schema_field_index(s, f);
        header->field_loc[fi] = tasim_node_loc(v);
        header->given |= UINT64_C(1) << fi;
        if (read_field(w, f, v, obj))
            rc = -1;
    }
    free(first);
    for (size_t i = 0; i < s->field_count; i++)
        if ((s->fields[i].flags & TASIM_FF_REQUIRED) &&
            !(header->given & UINT64_C(1) << i)) {
            report(w, node, "%s is missing the required key '%s'", s->name,
                   s->fields[i].key);
            rc = -1;
        }
    return rc;
}
