/*
 * schema.c: the generic reader of scenario objects (see schema.h).
 *
 * Every value is checked where it is read, and every error is reported
 * with the location of the offending node; reading goes on after an error
 * so that one run of `tasim validate` lists all the mistakes it can.
 */
#include "schema.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tasim/alloc.h"

#define FIELD_PTR(obj, off) ((void *)((char *)(obj) + (off)))

tasim_loc_t tasim_node_loc(const yaml_node_t *node)
{
    return (tasim_loc_t){(int)node->start_mark.line + 1,
                         (int)node->start_mark.column + 1};
}

const char *tasim_scalar_text(const yaml_node_t *node)
{
    if (node == NULL || node->type != YAML_SCALAR_NODE)
        return NULL;
    return (const char *)node->data.scalar.value;
}

/* ------------------------------------------------------------------ */
/* Small helpers                                                        */

const tasim_field_t *tasim_schema_field(const tasim_schema_t *s,
                                        const char *key)
{
    for (size_t i = 0; i < s->field_count; i++)
        if (strcmp(s->fields[i].key, key) == 0)
            return &s->fields[i];
    return NULL;
}

size_t tasim_schema_field_index(const tasim_schema_t *s,
                                const tasim_field_t *f)
{
    return (size_t)(f - s->fields);
}

static size_t edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 63 || lb > 63)
        return SIZE_MAX;
    size_t row[64];
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j];
            size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            size_t best = diag + cost;
            if (up + 1 < best)
                best = up + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[lb];
}

/* Accept a suggestion within about a third of the word's length. */
static int close_enough(const char *word, const char *cand, size_t d)
{
    size_t n = strlen(word);
    size_t allowed = n < 4 ? 1 : n / 3;
    return d <= allowed && d < strlen(cand);
}

const char *tasim_closest_name(const char *const *names, const char *word)
{
    const char *best = NULL;
    size_t best_d = SIZE_MAX;
    for (; names && *names; names++) {
        size_t d = edit_distance(word, *names);
        if (d < best_d) {
            best_d = d;
            best = *names;
        }
    }
    return best && close_enough(word, best, best_d) ? best : NULL;
}

const char *tasim_schema_suggest(const tasim_schema_t *s, const char *key)
{
    const char *best = NULL;
    size_t best_d = SIZE_MAX;
    for (size_t i = 0; i < s->field_count; i++) {
        size_t d = edit_distance(key, s->fields[i].key);
        if (d < best_d) {
            best_d = d;
            best = s->fields[i].key;
        }
    }
    return best && close_enough(key, best, best_d) ? best : NULL;
}

static int by_text_then_position(const void *a, const void *b)
{
    const tasim_id_entry_t *x = a, *y = b;
    int c = strcmp(x->text, y->text);
    return c ? c : (x->position > y->position) - (x->position < y->position);
}

void tasim_id_index_init(tasim_id_index_t *x, const char *const *ids,
                         size_t n)
{
    x->sorted = tasim_xcalloc(n, sizeof *x->sorted);
    x->count = 0;
    for (size_t i = 0; i < n; i++)
        if (ids[i])
            x->sorted[x->count++] = (tasim_id_entry_t){ids[i], i};
    qsort(x->sorted, x->count, sizeof *x->sorted, by_text_then_position);
}

void tasim_id_index_fini(tasim_id_index_t *x)
{
    free(x->sorted);
    x->sorted = NULL;
    x->count = 0;
}

long tasim_id_index_find(const tasim_id_index_t *x, const char *id)
{
    /* Lower bound: equal ids sort by position, so the first is the
     * earliest occurrence. */
    size_t lo = 0, hi = x->count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(x->sorted[mid].text, id) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < x->count && strcmp(x->sorted[lo].text, id) == 0)
        return (long)x->sorted[lo].position;
    return -1;
}

static void format_number(double v, char *buf, size_t n)
{
    snprintf(buf, n, "%.10g", v);
}

void tasim_schema_range_text(const tasim_field_t *f, char *buf, size_t n)
{
    char lo[32], hi[32];
    format_number(f->min, lo, sizeof lo);
    format_number(f->max, hi, sizeof hi);
    if (isinf(f->max))
        snprintf(buf, n, "%s%s, inf)", f->flags & TASIM_FF_MIN_OPEN ? "(" : "[",
                 lo);
    else
        snprintf(buf, n, "%s%s, %s%s", f->flags & TASIM_FF_MIN_OPEN ? "(" : "[",
                 lo, hi, f->flags & TASIM_FF_MAX_OPEN ? ")" : "]");
}

int tasim_schema_in_range(const tasim_field_t *f, double v)
{
    if (f->flags & TASIM_FF_MIN_OPEN ? v <= f->min : v < f->min)
        return 0;
    if (f->flags & TASIM_FF_MAX_OPEN ? v >= f->max : v > f->max)
        return 0;
    return 1;
}

tasim_loc_t tasim_field_loc(const tasim_schema_t *s, const tasim_obj_t *obj,
                            const char *key)
{
    const tasim_field_t *f = tasim_schema_field(s, key);
    tasim_assert(f != NULL);
    size_t i = tasim_schema_field_index(s, f);
    if (obj->field_loc && obj->field_loc[i].line > 0)
        return obj->field_loc[i];
    return obj->loc;
}

static int days_in_month(int year, int month)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : days[month - 1];
}

int tasim_parse_count(const char *text, uint64_t *out)
{
    /* strtoull alone would take leading blanks and a sign, and wrap a
     * negative number round to a huge one. */
    if (text == NULL || text[0] < '0' || text[0] > '9')
        return -1;
    char *end;
    errno = 0;
    unsigned long long v = strtoull(text, &end, 10);
    if (*end != '\0')
        return -1;
    if (errno == ERANGE)
        return -2;
    *out = v;
    return 0;
}

int tasim_parse_date(const char *text, tasim_date_t *out)
{
    int y, m, d = 0, used = 0;
    size_t len = strlen(text);
    if (len == 7 && sscanf(text, "%4d-%2d%n", &y, &m, &used) == 2 &&
        used == 7) {
        d = 0;
    } else if (len == 10 && sscanf(text, "%4d-%2d-%2d%n", &y, &m, &d, &used) ==
                                3 && used == 10) {
        if (d < 1)
            return -1;
    } else {
        return -1;
    }
    for (size_t i = 0; i < len; i++)
        if (!(text[i] == '-' || (text[i] >= '0' && text[i] <= '9')))
            return -1;
    if (y < 1900 || y > 2300 || m < 1 || m > 12)
        return -1;
    if (d > days_in_month(y, m))
        return -1;
    *out = (tasim_date_t){y, m, d};
    return 0;
}

/* Whether `text` has the shape of a date: NNNN-NN or NNNN-NN-NN. */
static int date_shaped(const char *text)
{
    size_t len = strlen(text);
    if (len != 7 && len != 10)
        return 0;
    for (size_t i = 0; i < len; i++) {
        int dash = i == 4 || i == 7;
        if (dash ? text[i] != '-' : !(text[i] >= '0' && text[i] <= '9'))
            return 0;
    }
    return 1;
}

int tasim_date_explain(const char *text, char *buf, size_t n)
{
    static const char *const months[] = {
        "January", "February", "March",     "April",   "May",      "June",
        "July",    "August",   "September", "October", "November", "December"};
    if (!date_shaped(text))
        return 0;
    int y = atoi(text), m = atoi(text + 5);
    int d = strlen(text) == 10 ? atoi(text + 8) : 1;
    if (y < 1900 || y > 2300)
        snprintf(buf, n, "years run from 1900 to 2300");
    else if (m < 1 || m > 12)
        snprintf(buf, n, "there is no month %02d", m);
    else if (d < 1 || d > days_in_month(y, m))
        snprintf(buf, n, "%s %d has %d days", months[m - 1], y,
                 days_in_month(y, m));
    else
        snprintf(buf, n, "a valid date");
    return 1;
}

double tasim_date_to_year(tasim_date_t d)
{
    double day = d.day > 0 ? (double)(d.day - 1) /
                                 days_in_month(d.year, d.month)
                           : 0.0;
    return d.year + (d.month - 1 + day) / 12.0;
}

/* ------------------------------------------------------------------ */
/* Defaults and freeing                                                 */

static int enum_index(const char *const *names, const char *text)
{
    for (int i = 0; names && names[i]; i++)
        if (strcmp(names[i], text) == 0)
            return i;
    return -1;
}

void tasim_schema_defaults(const tasim_schema_t *s, void *obj)
{
    memset(obj, 0, s->size);
    for (size_t i = 0; i < s->field_count; i++) {
        const tasim_field_t *f = &s->fields[i];
        void *p = FIELD_PTR(obj, f->offset);
        switch (f->kind) {
        case TASIM_F_NUMBER:
            *(double *)p = f->flags & TASIM_FF_UNSET ? NAN : f->def;
            break;
        case TASIM_F_INTEGER:
            *(long *)p = (long)f->def;
            break;
        case TASIM_F_SEED:
            *(uint64_t *)p = (uint64_t)f->def;
            break;
        case TASIM_F_STRING:
        case TASIM_F_ID:
            *(char **)p = f->def_text ? tasim_xstrdup(f->def_text) : NULL;
            break;
        case TASIM_F_ENUM:
            *(int *)p = f->def_text ? enum_index(f->names, f->def_text) : 0;
            tasim_assert(*(int *)p >= 0);
            break;
        case TASIM_F_DATE:
            if (f->def_text)
                tasim_assert(tasim_parse_date(f->def_text, p) == 0);
            break;
        case TASIM_F_OBJECT:
            tasim_schema_defaults(f->schema, p);
            break;
        default: /* lists, maps, names, weights, ranges: empty */
            break;
        }
    }
}

static void free_names(tasim_names_t *n)
{
    for (size_t i = 0; i < n->count; i++)
        free(n->items[i]);
    free(n->items);
    free(n->locs);
}

void tasim_schema_free(const tasim_schema_t *s, void *obj)
{
    tasim_obj_t *header = obj;
    free(header->field_loc);
    header->field_loc = NULL;
    for (size_t i = 0; i < s->field_count; i++) {
        const tasim_field_t *f = &s->fields[i];
        void *p = FIELD_PTR(obj, f->offset);
        switch (f->kind) {
        case TASIM_F_STRING:
        case TASIM_F_ID:
            free(*(char **)p);
            break;
        case TASIM_F_NAMES:
            free_names(p);
            break;
        case TASIM_F_OBJECT:
            tasim_schema_free(f->schema, p);
            break;
        case TASIM_F_LIST:
        case TASIM_F_MAP: {
            char *items = *(char **)p;
            size_t count = *(size_t *)FIELD_PTR(obj, f->aux);
            for (size_t k = 0; k < count; k++)
                tasim_schema_free(f->schema, items + k * f->schema->size);
            free(items);
            break;
        }
        case TASIM_F_WEIGHTS: {
            tasim_weights_t *w = p;
            for (size_t k = 0; k < w->count; k++)
                free(w->items[k].key);
            free(w->items);
            break;
        }
        case TASIM_F_OVERRIDES: {
            tasim_override_t *o = *(tasim_override_t **)p;
            size_t count = *(size_t *)FIELD_PTR(obj, f->aux);
            for (size_t k = 0; k < count; k++) {
                free(o[k].path);
                free(o[k].value);
            }
            free(o);
            break;
        }
        default:
            break;
        }
    }
    if (s->key_offset >= 0)
        free(*(char **)FIELD_PTR(obj, (size_t)s->key_offset));
}
