/*
 * test_scenario_emit.c: a loaded scenario written back as YAML.
 *
 * The central property is the round trip: the resolved text, loaded
 * again, emits byte for byte the same text, for every example scenario.
 * The other tests read the emitted text with libyaml's own parser and look
 * at single values, so they check meaning (a default present and exact, a
 * string quoted) rather than one layout that libyaml happens to choose.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

/* The emitter is a private part of the library (it keeps libyaml out of
 * the public headers), so the test includes it from the sources. */
#include "../sim/scenario_emit.h"
#include "tasim/scenario.h"
#include "yaml_fixture.h"

/* ------------------------------------------------------------------ */
/* Helpers                                                              */

typedef struct {
    char *data;
    size_t len, cap;
} text_t;

static int append(void *data, unsigned char *bytes, size_t size)
{
    text_t *t = data;
    if (t->len + size + 1 > t->cap) {
        t->cap = 2 * (t->len + size + 1);
        t->data = realloc(t->data, t->cap);
        cr_assert_not_null(t->data);
    }
    memcpy(t->data + t->len, bytes, size);
    t->len += size;
    t->data[t->len] = '\0';
    return 1;
}

static int refuse(void *data, unsigned char *bytes, size_t size)
{
    return 0; /* a writer that always fails, like a full disk */
}

/* `sc` resolved, as a YAML document in a new string. */
static char *emit_text(const tasim_scenario_t *sc)
{
    text_t t = {0};
    yaml_emitter_t e;
    cr_assert(yaml_emitter_initialize(&e));
    yaml_emitter_set_output(&e, append, &t);
    yaml_emitter_set_unicode(&e, 1);
    cr_assert_eq(tasim_emit_document_start(&e), 0);
    cr_assert_eq(tasim_scenario_emit(sc, &e), 0);
    cr_assert_eq(tasim_emit_document_end(&e), 0);
    yaml_emitter_delete(&e);
    cr_assert_not_null(t.data);
    return t.data;
}

static tasim_scenario_t *load_text(const char *name, const char *text)
{
    tasim_diag_t diag;
    tasim_diag_init(&diag);
    tasim_scenario_t *sc =
        tasim_scenario_load_buffer(name, text, strlen(text), &diag);
    if (sc == NULL) {
        char *msg = tasim_diag_render(&diag, text, strlen(text));
        cr_log_error("%s", msg);
        free(msg);
    }
    tasim_diag_fini(&diag);
    cr_assert_not_null(sc, "%s does not load", name);
    return sc;
}

static tasim_scenario_t *load_example(const char *file)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/scenarios/%s", TASIM_SOURCE_DIR, file);
    tasim_diag_t diag;
    tasim_diag_init(&diag);
    tasim_scenario_t *sc = tasim_scenario_load_file(path, &diag);
    tasim_diag_fini(&diag);
    cr_assert_not_null(sc, "%s does not load", path);
    return sc;
}

static const char *text_at(yaml_document_t *doc, const char *path)
{
    return (const char *)yaml_fixture_scalar(doc, path)->data.scalar.value;
}

/* Emit, load the emitted text, emit again: the texts must be equal. */
static void expect_round_trip(const char *file)
{
    tasim_scenario_t *sc = load_example(file);
    char *first = emit_text(sc);
    tasim_scenario_t *again = load_text(file, first);
    char *second = emit_text(again);
    cr_expect_str_eq(second, first, "%s changes when re-read", file);
    free(first);
    free(second);
    tasim_scenario_destroy(again);
    tasim_scenario_destroy(sc);
}

#define MINIMAL                                                               \
    "scenario: {name: Minimal, start: 2026-01}\n"                             \
    "countries:\n"                                                            \
    "  - id: FIN\n"                                                           \
    "    units: {revenue_admin: {staff: 120}}\n"

/* ------------------------------------------------------------------ */
/* Round trips                                                          */

Test(scenario_emit, round_trips_financia_byte_for_byte)
{
    expect_round_trip("financia.yaml");
}

Test(scenario_emit, round_trips_every_example_scenario)
{
    expect_round_trip("crisis.yaml");
    expect_round_trip("fragmentation.yaml");
    expect_round_trip("regional-centre.yaml");
    expect_round_trip("world.yaml");
}

Test(scenario_emit, round_trips_a_minimal_scenario)
{
    tasim_scenario_t *sc = load_text("minimal.yaml", MINIMAL);
    char *first = emit_text(sc);
    tasim_scenario_t *again = load_text("minimal.yaml", first);
    char *second = emit_text(again);
    cr_expect_str_eq(second, first);
    free(first);
    free(second);
    tasim_scenario_destroy(again);
    tasim_scenario_destroy(sc);
}

/* ------------------------------------------------------------------ */
/* Values                                                               */

Test(scenario_emit, writes_defaults_that_read_back_exactly)
{
    tasim_scenario_t *sc = load_example("financia.yaml");
    /* financia.yaml leaves hire_skill to its default. */
    cr_assert_null(strstr(sc->source, "hire_skill"));
    char *text = emit_text(sc);
    yaml_document_t doc;
    yaml_fixture_parse(&doc, text, "emitted text");
    const yaml_node_t *n = yaml_fixture_scalar(&doc, "model.hire_skill");
    cr_expect_eq(n->data.scalar.style, YAML_PLAIN_SCALAR_STYLE);
    cr_expect_eq(strtod((const char *)n->data.scalar.value, NULL),
                 sc->model.hire_skill, "got %s", n->data.scalar.value);
    cr_expect_eq(strtod(text_at(&doc, "model.learning.short_mission"), NULL),
                 sc->model.learning.short_mission);
    /* A default inside a list element, and one of a nested object. */
    cr_expect_eq(strtod(text_at(&doc, "programmes.0.activities.0.quality"),
                        NULL), 0.8);
    cr_expect_eq(strtod(text_at(&doc, "providers.0.costs.housing_per_month"),
                        NULL), 3000.0);
    cr_expect_str_eq(text_at(&doc, "allocation.policy"), "need");
    yaml_document_delete(&doc);
    free(text);
    tasim_scenario_destroy(sc);
}

Test(scenario_emit, writes_each_kind_of_field_in_its_form)
{
    tasim_scenario_t *sc = load_example("financia.yaml");
    char *text = emit_text(sc);
    yaml_document_t doc;
    yaml_fixture_parse(&doc, text, "emitted text");
    cr_expect_str_eq(text_at(&doc, "scenario.seed"), "20261122");
    cr_expect_str_eq(text_at(&doc, "scenario.replications"), "200");
    cr_expect_str_eq(text_at(&doc, "scenario.start"), "2026-01");
    cr_expect_str_eq(text_at(&doc, "countries.0.income"), "lower_middle");
    /* NAMES as a list, WEIGHTS and MAP as mappings keyed by name. */
    cr_expect_str_eq(text_at(&doc, "topics.1"), "pfm");
    cr_expect_eq(strtod(text_at(&doc, "donors.0.priorities.topics."
                                      "revenue_admin"), NULL), 2.0);
    cr_expect_str_eq(text_at(&doc, "countries.0.units.pfm.staff"), "80");
    cr_expect_str_eq(text_at(&doc, "providers.0.experts.revenue_admin."
                                   "short_term"), "8");
    /* Defaults filled in by the checks (name: the id) are written too. */
    cr_expect_str_eq(text_at(&doc, "donors.0.name"), "EU");
    /* RANGE as [lo, hi]; OVERRIDES as path: value. */
    cr_expect_eq(strtod(text_at(&doc, "sweep.parameters.0.range.0"), NULL),
                 0.04);
    cr_expect_eq(strtod(text_at(&doc, "sweep.parameters.0.range.1"), NULL),
                 0.30);
    /* An override's path holds dots, so it is looked up by hand. */
    yaml_node_t *set = yaml_fixture_lookup(&doc, "strategies.advisory.set");
    cr_assert(set && set->type == YAML_MAPPING_NODE);
    yaml_node_pair_t *pair = set->data.mapping.pairs.start;
    cr_assert_eq(set->data.mapping.pairs.top - pair, 1);
    cr_expect_str_eq((const char *)yaml_document_get_node(&doc, pair->key)
                         ->data.scalar.value,
                     "programmes.financia-tax.activities.1.hands_on");
    cr_expect_str_eq((const char *)yaml_document_get_node(&doc, pair->value)
                         ->data.scalar.value,
                     "0.1");
    yaml_document_delete(&doc);
    free(text);
    tasim_scenario_destroy(sc);
}

Test(scenario_emit, leaves_out_what_is_not_set)
{
    tasim_scenario_t *sc = load_text(
        "unset.yaml",
        MINIMAL
        "providers: [{id: HQ, kind: headquarters}]\n"
        "events:\n"
        "  - {at: 2027-03-15, type: government_change, country: FIN}\n");
    char *text = emit_text(sc);
    yaml_document_t doc;
    yaml_fixture_parse(&doc, text, "emitted text");
    cr_expect_null(yaml_fixture_lookup(&doc, "scenario.seed"), "no seed in the file");
    cr_expect_null(yaml_fixture_lookup(&doc, "demand"), "optional section absent");
    cr_expect_null(yaml_fixture_lookup(&doc, "sweep"));
    cr_expect_null(yaml_fixture_lookup(&doc, "countries.0.fiscal"));
    cr_expect_null(yaml_fixture_lookup(&doc, "countries.0.region"), "NULL text");
    cr_expect_null(yaml_fixture_lookup(&doc, "providers.0.opens"), "date without value");
    cr_expect_null(yaml_fixture_lookup(&doc, "events.0.ownership"), "unset number");
    cr_expect_null(yaml_fixture_lookup(&doc, "events.0.cut"));
    cr_expect_not_null(yaml_fixture_lookup(&doc, "events.0.years"));
    cr_expect_str_eq(text_at(&doc, "events.0.at"), "2027-03-15");
    cr_expect_str_eq(text_at(&doc, "scenario.description"), "");
    yaml_document_delete(&doc);
    free(text);
    tasim_scenario_destroy(sc);
}

Test(scenario_emit, writes_seeds_as_unsigned_64_bit)
{
    tasim_scenario_t *sc = load_text(
        "seed.yaml", "scenario: {name: S, start: 2026-01, "
                     "seed: 18446744073709551615}\n"
                     "countries: [{id: FIN, units: {pfm: {staff: 1}}}]\n");
    char *text = emit_text(sc);
    yaml_document_t doc;
    yaml_fixture_parse(&doc, text, "emitted text");
    cr_expect_str_eq(text_at(&doc, "scenario.seed"), "18446744073709551615");
    yaml_document_delete(&doc);
    free(text);
    tasim_scenario_destroy(sc);
}

Test(scenario_emit, quotes_text_that_would_read_as_another_type)
{
    tasim_scenario_t *sc = load_text(
        "quotes.yaml",
        "scenario: {name: '2.10', description: 'yes', start: 2026-01}\n"
        "countries:\n"
        "  - {id: FIN, name: 'null', region: caribbean,\n"
        "     units: {pfm: {staff: 1}}}\n");
    char *text = emit_text(sc);
    yaml_document_t doc;
    yaml_fixture_parse(&doc, text, "emitted text");
    static const char *const quoted[] = {"scenario.name",
                                         "scenario.description",
                                         "countries.0.name"};
    for (size_t i = 0; i < 3; i++) {
        const yaml_node_t *n = yaml_fixture_scalar(&doc, quoted[i]);
        cr_expect_neq(n->data.scalar.style, YAML_PLAIN_SCALAR_STYLE,
                      "%s should be quoted", quoted[i]);
    }
    cr_expect_eq(yaml_fixture_scalar(&doc, "countries.0.region")->data.scalar.style,
                 YAML_PLAIN_SCALAR_STYLE, "ordinary text stays plain");
    tasim_scenario_t *again = load_text("quotes.yaml", text);
    cr_expect_str_eq(again->run.name, "2.10");
    cr_expect_str_eq(again->run.description, "yes");
    cr_expect_str_eq(again->countries[0].name, "null");
    tasim_scenario_destroy(again);
    yaml_document_delete(&doc);
    free(text);
    tasim_scenario_destroy(sc);
}

Test(scenario_emit, keeps_override_values_quoted_or_plain_as_given)
{
    tasim_scenario_t *sc = load_text(
        "overrides.yaml",
        MINIMAL
        "strategies:\n"
        "  s:\n"
        "    set: {scenario.description: \"0.3\", "
        "countries.FIN.ownership: 0.25}\n");
    cr_assert_eq(sc->strategies[0].set_count, 2u);
    char *text = emit_text(sc);
    tasim_scenario_t *again = load_text("overrides.yaml", text);
    const tasim_override_t *o = again->strategies[0].set;
    cr_assert_eq(again->strategies[0].set_count, 2u);
    cr_expect_str_eq(o[0].value, "0.3");
    cr_expect(o[0].quoted, "a quoted value is text and stays quoted");
    cr_expect_str_eq(o[1].value, "0.25");
    cr_expect_not(o[1].quoted, "a plain value stays plain");
    tasim_scenario_destroy(again);
    free(text);
    tasim_scenario_destroy(sc);
}

Test(scenario_emit, keeps_text_that_needs_escaping)
{
    tasim_scenario_t *sc = load_text(
        "escape.yaml",
        "scenario:\n"
        "  name: \"Tab\\there: 'quoted' \\\"and\\\" #not a comment\"\n"
        "  description: \"two\\nlines, caf\\u00e9\"\n"
        "  start: 2026-01\n"
        "countries: [{id: FIN, units: {pfm: {staff: 1}}}]\n");
    char *text = emit_text(sc);
    tasim_scenario_t *again = load_text("escape.yaml", text);
    cr_expect_str_eq(again->run.name, sc->run.name);
    cr_expect_str_eq(again->run.description, "two\nlines, caf\xc3\xa9");
    tasim_scenario_destroy(again);
    free(text);
    tasim_scenario_destroy(sc);
}

/* ------------------------------------------------------------------ */
/* Errors                                                               */

Test(scenario_emit, reports_a_writer_that_fails)
{
    /* world.yaml resolved is larger than libyaml's output buffer, so the
     * writer is called, and fails, while the scenario is emitted. */
    tasim_scenario_t *sc = load_example("world.yaml");
    yaml_emitter_t e;
    cr_assert(yaml_emitter_initialize(&e));
    yaml_emitter_set_output(&e, refuse, NULL);
    cr_assert_eq(tasim_emit_document_start(&e), 0);
    cr_expect_eq(tasim_scenario_emit(sc, &e), -1);
    cr_expect_eq(e.error, YAML_WRITER_ERROR);
    /* The failure is sticky: nothing more is emitted. */
    cr_expect_eq(tasim_emit_text(&e, "more"), -1);
    cr_expect_eq(tasim_emit_mapping_end(&e), -1);
    cr_expect_eq(tasim_emit_document_end(&e), -1);
    yaml_emitter_delete(&e);
    tasim_scenario_destroy(sc);
}

Test(scenario_emit, reports_events_out_of_order)
{
    /* A scalar with no stream started is an emitter error, not a crash. */
    yaml_emitter_t e;
    text_t t = {0};
    cr_assert(yaml_emitter_initialize(&e));
    yaml_emitter_set_output(&e, append, &t);
    cr_expect_eq(tasim_emit_scalar(&e, "x"), -1);
    cr_expect_eq(e.error, YAML_EMITTER_ERROR);
    yaml_emitter_delete(&e);
    free(t.data);
}
