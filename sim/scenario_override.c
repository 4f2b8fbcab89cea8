/*
 * scenario_override.c: apply `path: value` overrides (strategies, sweep
 * points) to a scenario's YAML document before it is read.
 *
 * Design choice: overrides edit the document, not the typed structures.
 * The variant is then read by exactly the same code as the file itself, so
 * an override gets the same type and range checks, defaults and
 * cross-reference checks as a value typed into the file, and its errors
 * point at the override's own line. The path is resolved against the
 * schema as it goes: ids select list items (countries.FIN), numbers index
 * lists without ids (activities.1), map keys select map entries
 * (units.revenue_admin), and missing keys of known fields are added.
 */
#include "scenario_override.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tasim/alloc.h"

/* Indexes of the keys of big mappings and the ids of big lists, built on
 * first use and shared by a batch of overrides: resolving each of 50 000
 * overrides by scanning a list of 50 000 countries took 40 s. */
typedef struct {
    tasim_id_index_t **index; /* by node id; NULL until built */
    size_t nodes;             /* node ids covered (later ones are new) */
    int *built;               /* node ids with an index, to drop them */
    size_t n_built;
} override_cache_t;

/* Collections smaller than this are scanned: building an index costs
 * more than a few comparisons. */
#define INDEX_FROM 16

/* One edit of an existing mapping: a pair's value replaced (pair >= 0,
 * with the value it had) or a pair appended (pair < 0). */
struct tasim_override_edit {
    int map_id;
    long pair;
    int old_value;
};

typedef struct {
    yaml_document_t *doc;
    const tasim_override_t *ov;
    const char *file;
    tasim_diag_t *diag;
    override_cache_t *cache; /* NULL: scan every collection */
    tasim_override_log_t *log; /* NULL: edits are not recorded */
} override_ctx_t;

static void log_edit(override_ctx_t *c, int map_id, long pair, int old)
{
    tasim_override_log_t *l = c->log;
    if (l == NULL)
        return;
    if (l->count == l->capacity) {
        l->capacity = l->capacity ? 2 * l->capacity : 16;
        l->edits = tasim_xrealloc(l->edits, l->capacity * sizeof *l->edits);
    }
    l->edits[l->count++] = (struct tasim_override_edit){map_id, pair, old};
}

/* Report a problem with the path; messages start with the path, since
 * one strategy may set several. */
__attribute__((format(printf, 2, 3)))
static int fail(override_ctx_t *c, const char *fmt, ...)
{
    char msg[TASIM_ERROR_MESSAGE_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    tasim_diag_add(c->diag, TASIM_ESCENARIO, c->file, c->ov->loc.line,
                   c->ov->loc.column, "path '%s': %s", c->ov->path, msg);
    return -1;
}

static yaml_node_t *node(override_ctx_t *c, int id)
{
    return yaml_document_get_node(c->doc, id);
}

static yaml_mark_t mark_of(const tasim_loc_t loc)
{
    yaml_mark_t m = {0};
    m.line = loc.line > 0 ? (size_t)(loc.line - 1) : 0;
    m.column = loc.column > 0 ? (size_t)(loc.column - 1) : 0;
    return m;
}

/* A new node, located at the override's value so errors point there. */
static int new_scalar_styled(override_ctx_t *c, const char *text,
                             yaml_scalar_style_t style)
{
    int id = yaml_document_add_scalar(c->doc, NULL, (yaml_char_t *)text,
                                      (int)strlen(text), style);
    tasim_assert(id != 0);
    node(c, id)->start_mark = node(c, id)->end_mark =
        mark_of(c->ov->value_loc);
    return id;
}

/* A key: plain text. */
static int new_scalar(override_ctx_t *c, const char *text)
{
    return new_scalar_styled(c, text, YAML_PLAIN_SCALAR_STYLE);
}

/* The override's value, keeping its quoting: "0.3" in a strategy is
 * text, and refused where a number is due, exactly as in the file. */
static int new_value(override_ctx_t *c)
{
    return new_scalar_styled(c, c->ov->value,
                             c->ov->quoted ? YAML_DOUBLE_QUOTED_SCALAR_STYLE
                                           : YAML_PLAIN_SCALAR_STYLE);
}

static int new_mapping(override_ctx_t *c)
{
    int id = yaml_document_add_mapping(c->doc, NULL, YAML_BLOCK_MAPPING_STYLE);
    tasim_assert(id != 0);
    node(c, id)->start_mark = node(c, id)->end_mark = mark_of(c->ov->loc);
    return id;
}

/* The id of list item `item`, or NULL. */
static const char *item_id(override_ctx_t *c, int item);

/* The names a collection is searched by: a mapping's keys, or the ids of
 * a list's items (NULL where there is none). The caller frees. */
static const char **names_of(override_ctx_t *c, int id, size_t *n)
{
    yaml_node_t *coll = node(c, id);
    int is_map = coll->type == YAML_MAPPING_NODE;
    *n = is_map ? (size_t)(coll->data.mapping.pairs.top -
                           coll->data.mapping.pairs.start)
                : (size_t)(coll->data.sequence.items.top -
                           coll->data.sequence.items.start);
    const char **names = tasim_xcalloc(*n + 1, sizeof *names);
    for (size_t i = 0; i < *n; i++)
        names[i] = is_map ? tasim_scalar_text(node(
                                c, coll->data.mapping.pairs.start[i].key))
                          : item_id(c, coll->data.sequence.items.start[i]);
    return names;
}

/* The cached index of collection `id` with `n` entries, or NULL when it
 * is small, new or there is no cache. */
static const tasim_id_index_t *cached_index(override_ctx_t *c, int id,
                                            size_t n)
{
    override_cache_t *k = c->cache;
    if (k == NULL || n < INDEX_FROM || (size_t)id > k->nodes)
        return NULL;
    if (k->index[id] == NULL) {
        size_t count;
        const char **names = names_of(c, id, &count);
        k->index[id] = tasim_xmalloc(sizeof *k->index[id]);
        tasim_id_index_init(k->index[id], names, count);
        free(names);
        k->built[k->n_built++] = id;
    }
    return k->index[id];
}

/* Forget the index of collection `id` (all of them if `id` is 0). */
static void drop_index(override_cache_t *k, int id)
{
    for (size_t i = 0; k && i < k->n_built; i++) {
        int b = k->built[i];
        if (id != 0 && b != id)
            continue;
        tasim_id_index_fini(k->index[b]);
        free(k->index[b]);
        k->index[b] = NULL;
        k->built[i--] = k->built[--k->n_built];
    }
}

/* Index of the pair with key `key` in mapping `map_id`, or -1. */
static long find_pair(override_ctx_t *c, int map_id, const char *key)
{
    yaml_node_t *m = node(c, map_id);
    long n = m->data.mapping.pairs.top - m->data.mapping.pairs.start;
    const tasim_id_index_t *x = cached_index(c, map_id, (size_t)n);
    if (x)
        return tasim_id_index_find(x, key);
    for (long i = 0; i < n; i++) {
        const char *k = tasim_scalar_text(
            node(c, m->data.mapping.pairs.start[i].key));
        if (k && strcmp(k, key) == 0)
            return i;
    }
    return -1;
}

/* Set `key: value` in mapping `map_id`, replacing or appending. */
static void set_pair(override_ctx_t *c, int map_id, const char *key,
                     int value_id)
{
    /* A new id makes the ids of some list stale; ids are rarely set, so
     * dropping every index is simpler than finding that list. */
    if (strcmp(key, "id") == 0)
        drop_index(c->cache, 0);
    long i = find_pair(c, map_id, key);
    if (i >= 0) {
        yaml_node_pair_t *pair = &node(c, map_id)->data.mapping.pairs.start[i];
        log_edit(c, map_id, i, pair->value);
        pair->value = value_id;
        return;
    }
    drop_index(c->cache, map_id); /* it gains a key */
    int key_id = new_scalar(c, key);
    node(c, key_id)->start_mark = mark_of(c->ov->loc);
    tasim_assert(yaml_document_append_mapping_pair(c->doc, map_id, key_id,
                                                   value_id));
    log_edit(c, map_id, -1, 0);
}

/* The child mapping at `key`, created empty if absent; 0 on type error. */
static int child_mapping(override_ctx_t *c, int map_id, const char *key)
{
    long i = find_pair(c, map_id, key);
    if (i < 0) {
        int fresh = new_mapping(c);
        set_pair(c, map_id, key, fresh);
        return fresh;
    }
    int id = node(c, map_id)->data.mapping.pairs.start[i].value;
    return node(c, id)->type == YAML_MAPPING_NODE ? id : 0;
}

static int all_digits(const char *s)
{
    if (*s == '\0')
        return 0;
    for (; *s; s++)
        if (*s < '0' || *s > '9')
            return 0;
    return 1;
}

/* The id of list item `item`, or NULL. */
static const char *item_id(override_ctx_t *c, int item)
{
    if (node(c, item)->type != YAML_MAPPING_NODE)
        return NULL;
    long k = find_pair(c, item, "id");
    return k < 0 ? NULL
                 : tasim_scalar_text(node(
                       c, node(c, item)->data.mapping.pairs.start[k].value));
}

/* Report that `sel` is not among the `m` names of `list_key`, with the
 * closest name, or the names there are, since a typo is the usual cause.
 * `what` is "item with id" or "entry". */
static void not_found(override_ctx_t *c, const char **names, size_t m,
                      const char *what, const char *sel, const char *list_key)
{
    char list[200] = "";
    for (size_t i = 0; i < m; i++)
        if (strlen(list) + strlen(names[i]) + 8 < sizeof list)
            snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s",
                     i ? ", " : "", names[i]);
    const char *hint = tasim_closest_name(names, sel);
    if (hint)
        fail(c, "no %s '%s' in '%s' (did you mean '%s'?)", what, sel,
             list_key, hint);
    else if (m)
        fail(c, "no %s '%s' in '%s' (there are: %s)", what, sel, list_key,
             list);
    else
        fail(c, "no %s '%s' in '%s', which has none", what, sel, list_key);
}

/* Report that `sel` names nothing in collection `coll` of `key`. */
static void report_missing(override_ctx_t *c, int coll, const char *what,
                           const char *sel, const char *key)
{
    if (tasim_diag_full(c->diag)) { /* dropped anyway: skip the search */
        c->diag->dropped++;
        return;
    }
    size_t n, m = 0;
    const char **names = names_of(c, coll, &n);
    for (size_t i = 0; i < n; i++) /* compact away items without ids */
        if (names[i])
            names[m++] = names[i];
    names[m] = NULL;
    not_found(c, names, m, what, sel, key);
    free(names);
}

/* The item of list `seq_id` named `sel` (an index, or an item's id). */
static int select_item(override_ctx_t *c, int seq_id, const char *sel,
                       const char *list_key)
{
    yaml_node_t *s = node(c, seq_id);
    long n = s->data.sequence.items.top - s->data.sequence.items.start;
    if (all_digits(sel)) {
        long i = strtol(sel, NULL, 10);
        int item = i < n ? s->data.sequence.items.start[i] : 0;
        if (item && node(c, item)->type == YAML_MAPPING_NODE)
            return item;
        if (item) {
            fail(c, "item %s of '%s' is not a mapping in the file", sel,
                 list_key);
            return 0;
        }
        fail(c, "'%s' has %ld item%s; index %s is out of range (items are "
                "numbered from 0)", list_key, n, n == 1 ? "" : "s", sel);
        return 0;
    }
    const tasim_id_index_t *x = cached_index(c, seq_id, (size_t)n);
    long found = -1;
    if (x)
        found = tasim_id_index_find(x, sel);
    for (long i = 0; x == NULL && found < 0 && i < n; i++) {
        const char *id = item_id(c, s->data.sequence.items.start[i]);
        if (id && strcmp(id, sel) == 0)
            found = i;
    }
    if (found >= 0)
        return s->data.sequence.items.start[found];
    report_missing(c, seq_id, "item with id", sel, list_key);
    return 0;
}

static int is_single_value(tasim_field_kind_t k)
{
    return k == TASIM_F_NUMBER || k == TASIM_F_INTEGER || k == TASIM_F_SEED ||
           k == TASIM_F_STRING || k == TASIM_F_ID || k == TASIM_F_DATE ||
           k == TASIM_F_ENUM;
}

/* The element mapping selected by `sel` under field `f` of `map_id`. */
static int descend_collection(override_ctx_t *c, int map_id,
                              const tasim_field_t *f, const char *sel)
{
    long i = find_pair(c, map_id, f->key);
    if (i < 0) {
        fail(c, "the scenario has no '%s' to select '%s' from", f->key, sel);
        return 0;
    }
    int coll = node(c, map_id)->data.mapping.pairs.start[i].value;
    yaml_node_type_t want =
        f->kind == TASIM_F_LIST ? YAML_SEQUENCE_NODE : YAML_MAPPING_NODE;
    if (node(c, coll)->type != want) {
        fail(c, "'%s' is not %s in the file", f->key,
             want == YAML_SEQUENCE_NODE ? "a list" : "a mapping");
        return 0;
    }
    if (f->kind == TASIM_F_LIST)
        return select_item(c, coll, sel, f->key);
    long k = find_pair(c, coll, sel);
    if (k < 0) {
        report_missing(c, coll, "entry", sel, f->key);
        return 0;
    }
    int item = node(c, coll)->data.mapping.pairs.start[k].value;
    if (node(c, item)->type != YAML_MAPPING_NODE) {
        fail(c, "'%s.%s' is not a mapping in the file", f->key, sel);
        return 0;
    }
    return item;
}

/* Resolve segment after segment; `seg` is the split path. */
static int walk(override_ctx_t *c, char **seg, size_t n,
                const tasim_field_t **leaf)
{
    int map_id = 1; /* the root node */
    const tasim_schema_t *s = &tasim_scenario_schema;
    for (size_t i = 0; i < n; i++) {
        const tasim_field_t *f = tasim_schema_field(s, seg[i]);
        if (f == NULL) {
            const char *hint = tasim_schema_suggest(s, seg[i]);
            return hint ? fail(c, "unknown key '%s' in %s (did you mean "
                                  "'%s'?)", seg[i], s->name, hint)
                        : fail(c, "unknown key '%s' in %s", seg[i], s->name);
        }
        int last = i + 1 == n;
        if (is_single_value(f->kind)) {
            if (!last)
                return fail(c, "'%s' is a single value; the path goes on "
                               "past it", f->key);
            set_pair(c, map_id, f->key, new_value(c));
            *leaf = f;
            return 0;
        }
        if (f->kind == TASIM_F_WEIGHTS && i + 2 == n) {
            int w = child_mapping(c, map_id, f->key);
            if (w == 0)
                return fail(c, "'%s' is not a mapping in the file", f->key);
            set_pair(c, w, seg[i + 1], new_value(c));
            *leaf = f;
            return 0;
        }
        if (f->kind == TASIM_F_OBJECT && !last) {
            map_id = child_mapping(c, map_id, f->key);
            if (map_id == 0)
                return fail(c, "'%s' is not a mapping in the file", f->key);
            s = f->schema;
            continue;
        }
        if ((f->kind == TASIM_F_LIST || f->kind == TASIM_F_MAP) && i + 2 < n) {
            map_id = descend_collection(c, map_id, f, seg[i + 1]);
            if (map_id == 0)
                return -1;
            s = f->schema;
            i++;
            continue;
        }
        return fail(c, "the path must end at a single value; '%s' is %s",
                    f->key,
                    f->kind == TASIM_F_OBJECT ? "a group of values"
                                              : "a collection");
    }
    return fail(c, "empty path");
}

/* Apply one override with `cache` (may be NULL), recording its edits in
 * `log` (may be NULL). */
static int apply(yaml_document_t *doc, const tasim_override_t *ov,
                 const char *file, tasim_diag_t *diag,
                 override_cache_t *cache, const tasim_field_t **leaf,
                 tasim_override_log_t *log)
{
    override_ctx_t c = {doc, ov, file, diag, cache, log};
    const tasim_field_t *dummy;
    if (leaf == NULL)
        leaf = &dummy;
    *leaf = NULL;
    yaml_node_t *root = yaml_document_get_root_node(doc);
    if (root == NULL || root->type != YAML_MAPPING_NODE)
        return -1; /* the file's own error is reported by the reader */
    char *copy = tasim_xstrdup(ov->path);
    char *seg[64];
    size_t n = 0;
    /* Split on '.'; ids cannot contain dots, so no escaping is needed. */
    for (char *p = copy;; p++) {
        if (n == 64) {
            free(copy);
            return fail(&c, "too long (at most 64 parts)");
        }
        seg[n++] = p;
        p = strchr(p, '.');
        if (p == NULL)
            break;
        *p = '\0';
    }
    for (size_t i = 0; i < n; i++)
        if (seg[i][0] == '\0') {
            free(copy);
            return fail(&c, n == 1 ? "the path is empty"
                                   : "empty part between dots");
        }
    int rc = walk(&c, seg, n, leaf);
    free(copy);
    return rc;
}

int tasim_override_apply(yaml_document_t *doc, const tasim_override_t *ov,
                         const char *file, tasim_diag_t *diag,
                         const tasim_field_t **leaf)
{
    return apply(doc, ov, file, diag, NULL, leaf, NULL);
}

static size_t apply_all(yaml_document_t *doc, const tasim_override_t *ov,
                        size_t n, const char *file, tasim_diag_t *diag,
                        const tasim_field_t **leaves,
                        tasim_override_log_t *log)
{
    override_cache_t cache = {0};
    cache.nodes = (size_t)(doc->nodes.top - doc->nodes.start);
    cache.index = tasim_xcalloc(cache.nodes + 1, sizeof *cache.index);
    cache.built = tasim_xcalloc(cache.nodes + 1, sizeof *cache.built);
    size_t failed = 0;
    for (size_t i = 0; i < n; i++)
        if (apply(doc, &ov[i], file, diag, &cache,
                  leaves ? &leaves[i] : NULL, log))
            failed++;
    drop_index(&cache, 0);
    free(cache.index);
    free(cache.built);
    return failed;
}

size_t tasim_override_apply_all(yaml_document_t *doc,
                                const tasim_override_t *ov, size_t n,
                                const char *file, tasim_diag_t *diag,
                                const tasim_field_t **leaves)
{
    return apply_all(doc, ov, n, file, diag, leaves, NULL);
}

size_t tasim_override_apply_logged(yaml_document_t *doc,
                                   const tasim_override_t *ov, size_t n,
                                   const char *file, tasim_diag_t *diag,
                                   tasim_override_log_t *log)
{
    return apply_all(doc, ov, n, file, diag, NULL, log);
}

void tasim_override_undo(yaml_document_t *doc, tasim_override_log_t *log)
{
    while (log->count > 0) {
        const struct tasim_override_edit *e = &log->edits[--log->count];
        yaml_node_t *m = yaml_document_get_node(doc, e->map_id);
        if (e->pair >= 0)
            m->data.mapping.pairs.start[e->pair].value = e->old_value;
        else
            m->data.mapping.pairs.top--; /* the pair appended last */
    }
}

void tasim_override_log_free(tasim_override_log_t *log)
{
    free(log->edits);
    log->edits = NULL;
    log->count = log->capacity = 0;
}
