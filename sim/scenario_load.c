/*
 * scenario_load.c: file -> document -> typed scenario, then the checks
 * that span objects (scenario_check.c), then the strategies and sweep
 * paths, each tried on a variant so their mistakes are found at load time.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenario_check.h"
#include "scenario_override.h"
#include "schema.h"
#include "tasim/alloc.h"
#include "yaml_doc.h"

static const char *const default_topics[] = {
    "pfm", "tax_policy", "revenue_admin", "monetary", "fin_supervision",
    "aml_cft", "debt_mgmt", "statistics"};

static void fill_default_topics(tasim_scenario_t *sc)
{
    if (sc->obj.given & 2u) /* "topics" is field 1 of the root schema */
        return;
    size_t n = sizeof default_topics / sizeof default_topics[0];
    sc->topics.items = tasim_xcalloc(n, sizeof(char *));
    for (size_t i = 0; i < n; i++)
        sc->topics.items[i] = tasim_xstrdup(default_topics[i]);
    sc->topics.count = n;
}

/* Read `doc` (overrides already applied) into a new scenario whose
 * source is `bytes`; NULL if that added errors to `diag` since
 * `errors_before`. The document is left as it is. */
static tasim_scenario_t *scenario_from(yaml_document_t *doc,
                                       const char *name, const char *bytes,
                                       size_t len, tasim_diag_t *diag,
                                       size_t errors_before)
{
    tasim_scenario_t *sc = tasim_xmalloc(sizeof *sc);
    tasim_schema_defaults(&tasim_scenario_schema, sc);
    tasim_walk_t w = {.doc = doc, .file = name, .diag = diag};
    tasim_schema_read(&w, &tasim_scenario_schema,
                      yaml_document_get_root_node(doc), sc);
    sc->path = tasim_xstrdup(name);
    sc->source = tasim_xmalloc(len + 1);
    memcpy(sc->source, bytes, len);
    sc->source[len] = '\0';
    sc->source_len = len;
    sc->seed_given = sc->run.obj.given & (UINT64_C(1) << 4); /* "seed" */
    fill_default_topics(sc);
    if (diag->count + diag->dropped == errors_before)
        tasim_scenario_check(sc, diag);
    if (diag->count + diag->dropped != errors_before) {
        tasim_scenario_destroy(sc);
        return NULL;
    }
    return sc;
}

/* Read a variant: the document of bytes its base was loaded from, so
 * already checked, with overrides applied, into a new scenario. */
static tasim_scenario_t *read_document(const char *name, const char *bytes,
                                       size_t len,
                                       const tasim_override_t *ov,
                                       size_t n_ov, tasim_diag_t *diag)
{
    size_t errors_before = diag->count + diag->dropped;
    yaml_document_t doc;
    /* (Should a re-read fail after all, the full load says why.) */
    if (tasim_yaml_doc_reload(&doc, bytes, len) != 0 &&
        tasim_yaml_doc_load(&doc, name, bytes, len, diag) != 0)
        return NULL;
    tasim_override_apply_all(&doc, ov, n_ov, name, diag, NULL);
    tasim_scenario_t *sc =
        scenario_from(&doc, name, bytes, len, diag, errors_before);
    yaml_document_delete(&doc);
    return sc;
}

/*
 * Checking the strategies reads the whole document once per strategy
 * (the file is parsed once: each strategy's overrides are applied to the
 * document, read, and undone), so it costs (strategies) x (document), a
 * product that the per-document limits
 * do not bound: aliases let a few kilobytes name hundreds of strategies
 * and expand to tens of thousands of values, and such a file kept the
 * loader busy for minutes (found while fuzzing the loader; the input is
 * tests/fuzz/regressions/strategies-times-aliases.yaml). The strategies
 * together may therefore cost at most what reading the largest document
 * allowed costs, so a load does at most about twice that work; a re-read
 * costs its expanded nodes plus its parse, counted as one node per 16
 * bytes. Real scenarios stay far below: the four strategies of
 * scenarios/world.yaml (150 countries, 212 KB) cost about 150,000, and
 * that file could carry 50 strategies before reaching the limit.
 */
#define TASIM_VARIANT_WORK_MAX ((double)TASIM_SCENARIO_MAX_NODES)

static int variants_affordable(const tasim_scenario_t *sc, size_t nodes,
                               tasim_diag_t *diag)
{
    double per_variant = (double)nodes + (double)sc->source_len / 16.0;
    if ((double)sc->strategy_count * per_variant <= TASIM_VARIANT_WORK_MAX)
        return 1;
    tasim_loc_t loc =
        tasim_field_loc(&tasim_scenario_schema, &sc->obj, "strategies");
    tasim_diag_add(diag, TASIM_ESCENARIO, sc->path, loc.line, loc.column,
                   "checking %zu strategies means re-reading this scenario "
                   "(%zu values with aliases expanded) %zu times, more than "
                   "tasim allows in one load; use fewer strategies or fewer "
                   "aliases", sc->strategy_count, nodes, sc->strategy_count);
    return 0;
}

/* Every strategy and sweep parameter must name real fields with valid
 * values; trying them now reports mistakes before any run starts. Each
 * strategy is read from the base's own document, its edits undone
 * after, exactly as tasim_scenario_variant() would read it. */
static void check_variants(const tasim_scenario_t *sc, yaml_document_t *doc,
                           size_t nodes, tasim_diag_t *diag)
{
    if (!variants_affordable(sc, nodes, diag))
        return;
    tasim_override_log_t log = {0};
    for (size_t i = 0; i < sc->strategy_count; i++) {
        const tasim_strategy_t *st = &sc->strategies[i];
        size_t errors_before = diag->count + diag->dropped;
        tasim_override_apply_logged(doc, st->set, st->set_count, sc->path,
                                    diag, &log);
        tasim_scenario_destroy(scenario_from(doc, sc->path, sc->source,
                                             sc->source_len, diag,
                                             errors_before));
        tasim_override_undo(doc, &log);
    }
    tasim_override_log_free(&log);
    if (sc->has_sweep)
        tasim_scenario_check_sweep(sc, diag);
}

tasim_scenario_t *tasim_scenario_load_buffer(const char *name,
                                             const char *bytes, size_t len,
                                             tasim_diag_t *diag)
{
    if (len > TASIM_SCENARIO_MAX_BYTES) {
        tasim_diag_add(diag, TASIM_ESCENARIO, name, 0, 0,
                       "the file is %zu bytes; scenario files are limited "
                       "to %u bytes", len, TASIM_SCENARIO_MAX_BYTES);
        return NULL;
    }
    size_t errors_before = diag->count + diag->dropped;
    size_t nodes = 0;
    yaml_document_t doc;
    if (tasim_yaml_doc_load_sized(&doc, name, bytes, len, diag, &nodes))
        return NULL;
    tasim_scenario_t *sc =
        scenario_from(&doc, name, bytes, len, diag, errors_before);
    if (sc)
        check_variants(sc, &doc, nodes, diag);
    yaml_document_delete(&doc);
    if (sc == NULL)
        return NULL;
    if (diag->count + diag->dropped != errors_before) {
        tasim_scenario_destroy(sc);
        return NULL;
    }
    return sc;
}

tasim_scenario_t *tasim_scenario_load_file(const char *path,
                                           tasim_diag_t *diag)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        tasim_diag_add(diag, TASIM_EIO, path, 0, 0, "cannot open: %s",
                       strerror(errno));
        return NULL;
    }
    size_t cap = 1 << 16, len = 0;
    char *buf = tasim_xmalloc(cap);
    size_t got;
    while ((got = fread(buf + len, 1, cap - len, f)) > 0) {
        len += got;
        if (len > TASIM_SCENARIO_MAX_BYTES)
            break;
        if (len == cap) {
            cap *= 2;
            buf = tasim_xrealloc(buf, cap);
        }
    }
    int failed = ferror(f);
    fclose(f);
    if (failed) {
        tasim_diag_add(diag, TASIM_EIO, path, 0, 0, "cannot read: %s",
                       strerror(errno));
        free(buf);
        return NULL;
    }
    tasim_scenario_t *sc = tasim_scenario_load_buffer(path, buf, len, diag);
    free(buf);
    return sc;
}

tasim_scenario_t *tasim_scenario_variant(const tasim_scenario_t *base,
                                         const tasim_override_t *overrides,
                                         size_t count, tasim_diag_t *diag)
{
    return read_document(base->path, base->source, base->source_len,
                         overrides, count, diag);
}

const tasim_strategy_t *tasim_scenario_strategy(const tasim_scenario_t *sc,
                                                const char *name)
{
    for (size_t i = 0; i < sc->strategy_count; i++)
        if (strcmp(sc->strategies[i].name, name) == 0)
            return &sc->strategies[i];
    return NULL;
}

long tasim_scenario_staff_count(const tasim_scenario_t *sc)
{
    long n = 0;
    for (size_t c = 0; c < sc->country_count; c++)
        for (size_t u = 0; u < sc->countries[c].unit_count; u++)
            n += sc->countries[c].units[u].staff;
    return n;
}

size_t tasim_scenario_unit_count(const tasim_scenario_t *sc)
{
    size_t n = 0;
    for (size_t c = 0; c < sc->country_count; c++)
        n += sc->countries[c].unit_count;
    return n;
}

void tasim_scenario_destroy(tasim_scenario_t *sc)
{
    if (sc == NULL)
        return;
    tasim_schema_free(&tasim_scenario_schema, sc);
    free(sc->path);
    free(sc->source);
    free(sc);
}
