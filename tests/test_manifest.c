/*
 * test_manifest.c: the run manifest, read back with libyaml's parser.
 *
 * sim/manifest.c belongs to the executable and is compiled into this
 * suite (tests/CMakeLists.txt). The scenario hash is checked against the
 * system's sha256sum, an implementation independent of tasim's.
 */
#define _POSIX_C_SOURCE 200809L /* open_memstream, popen */
#include <criterion/criterion.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#include <yaml.h>

#include "../sim/manifest.h"
#include "tasim/scenario.h"
#include "yaml_fixture.h"

#define FINANCIA TASIM_SOURCE_DIR "/scenarios/financia.yaml"

/* 2026-11-23T10:00:00Z */
#define STARTED ((time_t)1795428000)

static char *argv_example[] = {"tasim", "run", "--seed", "7",
                               "--out", "my results/run: 1", NULL};

static tasim_manifest_info_t example_info(void)
{
    return (tasim_manifest_info_t){
        .argc = 6,
        .argv = argv_example,
        .seed = 7,
        .replications = 200,
        .seed_drawn = 0,
        .wall_seconds = 12.5,
        .events = 123456789,
        .started = STARTED,
        .finished = STARTED + 12,
        .keep_replications = 1,
        .exact_quantiles = 0,
    };
}

static tasim_scenario_t *load_financia(void)
{
    tasim_diag_t diag;
    tasim_diag_init(&diag);
    tasim_scenario_t *sc = tasim_scenario_load_file(FINANCIA, &diag);
    tasim_diag_fini(&diag);
    cr_assert_not_null(sc);
    return sc;
}

/* The manifest of `sc` and `info` as a new string. */
static char *manifest_text(const tasim_scenario_t *sc,
                           const tasim_manifest_info_t *info)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    cr_assert_not_null(f);
    cr_assert_eq(tasim_manifest_write(f, sc, info), 0);
    cr_assert_eq(fclose(f), 0);
    return text;
}

static const char *text_at(yaml_document_t *doc, const char *path)
{
    return (const char *)yaml_fixture_scalar(doc, path)->data.scalar.value;
}

/* The hash of a file by the system's own tool. */
static void system_sha256(const char *path, char out[65])
{
    char cmd[1200];
    snprintf(cmd, sizeof cmd,
             "(sha256sum || shasum -a 256) < '%s' 2>/dev/null", path);
    FILE *p = popen(cmd, "r");
    cr_assert_not_null(p);
    int got = fscanf(p, "%64s", out);
    pclose(p);
    cr_assert_eq(got, 1, "neither sha256sum nor shasum ran");
    cr_assert_eq(strlen(out), 64u);
}

Test(manifest, has_every_key_in_order)
{
    static const char *const keys[] = {
        "tasim",       "command",         "seed",     "seed_drawn",
        "replications", "random_generator", "gsl_version",
        "libyaml_version", "scenario", "started", "finished",
        "wall_seconds", "events", "platform", "outputs"};
    size_t n_keys = sizeof keys / sizeof keys[0];
    tasim_scenario_t *sc = load_financia();
    tasim_manifest_info_t info = example_info();
    char *text = manifest_text(sc, &info);
    yaml_document_t doc;
    yaml_fixture_parse(&doc, text, "manifest");
    yaml_node_t *root = yaml_document_get_root_node(&doc);
    cr_assert_eq(root->type, YAML_MAPPING_NODE);
    yaml_node_pair_t *pairs = root->data.mapping.pairs.start;
    cr_assert_eq((size_t)(root->data.mapping.pairs.top - pairs), n_keys);
    for (size_t i = 0; i < n_keys; i++)
        cr_expect_str_eq((const char *)yaml_document_get_node(&doc,
                                                              pairs[i].key)
                             ->data.scalar.value,
                         keys[i]);
    static const char *const nested[] = {
        "tasim.version",    "tasim.commit",     "scenario.path",
        "scenario.sha256",  "platform.system",  "platform.release",
        "platform.machine", "outputs.summary_quantiles",
        "outputs.replications_kept"};
    for (size_t i = 0; i < sizeof nested / sizeof nested[0]; i++)
        text_at(&doc, nested[i]);
    yaml_document_delete(&doc);
    free(text);
    tasim_scenario_destroy(sc);
}

Test(manifest, records_the_run_as_given)
{
    tasim_scenario_t *sc = load_financia();
    tasim_manifest_info_t info = example_info();
    info.seed = UINT64_MAX; /* the whole range of a seed survives */
    info.replications = 37;
    char *text = manifest_text(sc, &info);
    yaml_document_t doc;
    yaml_fixture_parse(&doc, text, "manifest");
    cr_expect_str_eq(text_at(&doc, "seed"), "18446744073709551615");
    cr_expect_str_eq(text_at(&doc, "replications"), "37");
    cr_expect_str_eq(text_at(&doc, "seed_drawn"), "false");
    cr_expect_str_eq(text_at(&doc, "random_generator"), "mt19937");
    cr_expect_str_eq(text_at(&doc, "events"), "123456789");
    cr_expect_eq(strtod(text_at(&doc, "wall_seconds"), NULL), 12.5);
    cr_expect_str_eq(text_at(&doc, "started"), "2026-11-23T10:00:00Z");
    cr_expect_str_eq(text_at(&doc, "finished"), "2026-11-23T10:00:12Z");
    cr_expect_str_eq(text_at(&doc, "outputs.summary_quantiles"), "p-square");
    cr_expect_str_eq(text_at(&doc, "outputs.replications_kept"), "true");
    cr_expect_str_eq(text_at(&doc, "libyaml_version"),
                     yaml_get_version_string());
    yaml_node_t *cmd = yaml_fixture_lookup(&doc, "command");
    cr_assert(cmd && cmd->type == YAML_SEQUENCE_NODE);
    cr_assert_eq(cmd->data.sequence.items.top - cmd->data.sequence.items.start,
                 6);
    char path[32];
    for (int i = 0; i < 6; i++) {
        snprintf(path, sizeof path, "command.%d", i);
        cr_expect_str_eq(text_at(&doc, path), argv_example[i]);
    }
    yaml_document_delete(&doc);
    free(text);
    tasim_scenario_destroy(sc);
}

Test(manifest, records_the_other_choices)
{
    tasim_scenario_t *sc = load_financia();
    tasim_manifest_info_t info = example_info();
    info.seed_drawn = 1;
    info.keep_replications = 0;
    info.exact_quantiles = 1;
    char *text = manifest_text(sc, &info);
    yaml_document_t doc;
    yaml_fixture_parse(&doc, text, "manifest");
    cr_expect_str_eq(text_at(&doc, "seed_drawn"), "true");
    cr_expect_str_eq(text_at(&doc, "outputs.summary_quantiles"), "exact");
    cr_expect_str_eq(text_at(&doc, "outputs.replications_kept"), "false");
    yaml_document_delete(&doc);
    free(text);
    tasim_scenario_destroy(sc);
}

Test(manifest, hashes_the_scenario_file)
{
    tasim_scenario_t *sc = load_financia();
    tasim_manifest_info_t info = example_info();
    char *text = manifest_text(sc, &info);
    yaml_document_t doc;
    yaml_fixture_parse(&doc, text, "manifest");
    char want[65];
    system_sha256(FINANCIA, want);
    cr_expect_str_eq(text_at(&doc, "scenario.sha256"), want);
    cr_expect_str_eq(text_at(&doc, "scenario.path"), FINANCIA);
    yaml_document_delete(&doc);
    free(text);
    tasim_scenario_destroy(sc);
}

Test(manifest, includes_the_resolved_scenario)
{
    tasim_scenario_t *sc = load_financia();
    tasim_manifest_info_t info = example_info();
    char *text = manifest_text(sc, &info);
    yaml_document_t doc;
    yaml_fixture_parse(&doc, text, "manifest");
    cr_expect_str_eq(text_at(&doc, "scenario.resolved.scenario.name"),
                     "Financia tax administration reform");
    /* A default the file does not give is spelled out. */
    cr_expect_eq(strtod(text_at(&doc, "scenario.resolved.model.hire_skill"),
                        NULL), sc->model.hire_skill);
    cr_expect_str_eq(text_at(&doc, "scenario.resolved.countries.0.id"),
                     "FIN");
    yaml_document_delete(&doc);
    free(text);
    tasim_scenario_destroy(sc);
}

Test(manifest, names_the_platform)
{
    struct utsname u;
    cr_assert_eq(uname(&u), 0);
    tasim_scenario_t *sc = load_financia();
    tasim_manifest_info_t info = example_info();
    char *text = manifest_text(sc, &info);
    yaml_document_t doc;
    yaml_fixture_parse(&doc, text, "manifest");
    cr_expect_str_eq(text_at(&doc, "platform.system"), u.sysname);
    cr_expect_str_eq(text_at(&doc, "platform.release"), u.release);
    cr_expect_str_eq(text_at(&doc, "platform.machine"), u.machine);
    yaml_document_delete(&doc);
    free(text);
    tasim_scenario_destroy(sc);
}

Test(manifest, is_deterministic_apart_from_the_clock)
{
    tasim_scenario_t *sc = load_financia();
    tasim_manifest_info_t info = example_info();
    char *first = manifest_text(sc, &info);
    char *second = manifest_text(sc, &info);
    cr_expect_str_eq(second, first);
    free(first);
    free(second);
    tasim_scenario_destroy(sc);
}

Test(manifest, reports_a_stream_that_cannot_be_written)
{
    tasim_scenario_t *sc = load_financia();
    tasim_manifest_info_t info = example_info();
    FILE *f = fopen(FINANCIA, "r"); /* open, but not for writing */
    cr_assert_not_null(f);
    cr_expect_eq(tasim_manifest_write(f, sc, &info), -1);
    fclose(f);
    tasim_scenario_destroy(sc);
}
