/*
 * manifest.c: write the run manifest (see manifest.h). A result can be
 * reproduced from its manifest alone: the resolved scenario is in it with
 * every default spelled out, so a later change of a default does not
 * silently change what the record means, and the hash of the original
 * file ties it to the text the user wrote.
 *
 * Design choice: libyaml's emitter rather than fprintf, so every string
 * (paths, arguments, scenario text) is quoted and escaped correctly
 * whatever it contains; the manifest is read back by tools, not only by
 * people.
 *
 * Layout:
 *   tasim: {version, commit}
 *   command: [argv...]
 *   seed, seed_drawn, replications, random_generator,
 *   gsl_version, libyaml_version
 *   scenario: {path, sha256, resolved}
 *   second_scenario: {path, sha256, resolved} (two-file comparisons)
 *   started, finished (UTC, ISO 8601), wall_seconds, events
 *   platform: {system, release, machine}
 *   outputs: {summary_quantiles: exact | p-square, replications_kept}
 */
#define _POSIX_C_SOURCE 200809L /* gmtime_r, uname */
#include "manifest.h"

#include <inttypes.h>
#include <stdio.h>
#include <sys/utsname.h>

#include <gsl/gsl_version.h>
#include <yaml.h>

#include "scenario_emit.h"
#include "tasim/alloc.h"
#include "tasim/rng.h"
#include "tasim/sha256.h"
#include "tasim/version.h"

static void key(yaml_emitter_t *e, const char *k)
{
    tasim_emit_scalar(e, k);
}

static void text_entry(yaml_emitter_t *e, const char *k, const char *v)
{
    key(e, k);
    tasim_emit_text(e, v);
}

static void scalar_entry(yaml_emitter_t *e, const char *k, const char *v)
{
    key(e, k);
    tasim_emit_scalar(e, v);
}

static void u64_entry(yaml_emitter_t *e, const char *k, uint64_t v)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%" PRIu64, v);
    scalar_entry(e, k, buf);
}

static void bool_entry(yaml_emitter_t *e, const char *k, int v)
{
    scalar_entry(e, k, v ? "true" : "false");
}

/* UTC in ISO 8601 (2026-11-23T10:00:00Z); null if the system cannot
 * express the time as a calendar date. */
static void time_entry(yaml_emitter_t *e, const char *k, time_t t)
{
    struct tm tm;
    char buf[64];
    if (gmtime_r(&t, &tm) == NULL ||
        strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
        snprintf(buf, sizeof buf, "null");
    scalar_entry(e, k, buf);
}

static void emit_header(yaml_emitter_t *e, const tasim_manifest_info_t *info)
{
    key(e, "tasim");
    tasim_emit_mapping_start(e, 0);
    text_entry(e, "version", TASIM_VERSION);
    text_entry(e, "commit", tasim_git_commit());
    tasim_emit_mapping_end(e);

    key(e, "command");
    tasim_emit_sequence_start(e, 1);
    for (int i = 0; i < info->argc; i++)
        tasim_emit_text(e, info->argv[i]);
    tasim_emit_sequence_end(e);

    u64_entry(e, "seed", info->seed);
    bool_entry(e, "seed_drawn", info->seed_drawn);
    char buf[32];
    snprintf(buf, sizeof buf, "%ld", info->replications);
    scalar_entry(e, "replications", buf);
    text_entry(e, "random_generator", TASIM_RNG_NAME);
    /* The libraries actually linked, which may differ from the headers
     * tasim was compiled against. */
    text_entry(e, "gsl_version", gsl_version);
    text_entry(e, "libyaml_version", yaml_get_version_string());
}

static void emit_scenario(yaml_emitter_t *e, const char *name,
                          const tasim_scenario_t *sc)
{
    char hex[TASIM_SHA256_HEX_SIZE];
    tasim_sha256_hex(sc->source, sc->source_len, hex);
    key(e, name);
    tasim_emit_mapping_start(e, 0);
    text_entry(e, "path", sc->path ? sc->path : "");
    text_entry(e, "sha256", hex);
    key(e, "resolved");
    tasim_scenario_emit(sc, e);
    tasim_emit_mapping_end(e);
}

static void emit_run(yaml_emitter_t *e, const tasim_manifest_info_t *info)
{
    time_entry(e, "started", info->started);
    time_entry(e, "finished", info->finished);
    char buf[32];
    snprintf(buf, sizeof buf, "%.6g", info->wall_seconds);
    scalar_entry(e, "wall_seconds", buf);
    u64_entry(e, "events", info->events);

    struct utsname u;
    int have_uname = uname(&u) == 0;
    key(e, "platform");
    tasim_emit_mapping_start(e, 0);
    text_entry(e, "system", have_uname ? u.sysname : "unknown");
    text_entry(e, "release", have_uname ? u.release : "unknown");
    text_entry(e, "machine", have_uname ? u.machine : "unknown");
    tasim_emit_mapping_end(e);

    key(e, "outputs");
    tasim_emit_mapping_start(e, 0);
    scalar_entry(e, "summary_quantiles",
                 info->exact_quantiles ? "exact" : "p-square");
    bool_entry(e, "replications_kept", info->keep_replications);
    tasim_emit_mapping_end(e);
}

int tasim_manifest_write(FILE *out, const tasim_scenario_t *sc,
                         const tasim_manifest_info_t *info)
{
    tasim_assert(out != NULL && sc != NULL && info != NULL);
    tasim_assert(info->argc == 0 || info->argv != NULL);
    yaml_emitter_t e;
    if (!yaml_emitter_initialize(&e))
        return -1;
    yaml_emitter_set_output_file(&e, out);
    yaml_emitter_set_unicode(&e, 1);

    /* The helpers do nothing once the emitter has failed, so the result
     * is checked once, after the last event. */
    tasim_emit_document_start(&e);
    tasim_emit_mapping_start(&e, 0);
    emit_header(&e, info);
    emit_scenario(&e, "scenario", sc);
    if (info->second_scenario)
        emit_scenario(&e, "second_scenario", info->second_scenario);
    emit_run(&e, info);
    tasim_emit_mapping_end(&e);
    int rc = tasim_emit_document_end(&e);
    if (rc == 0 && !yaml_emitter_flush(&e))
        rc = -1;
    yaml_emitter_delete(&e);
    if (fflush(out) != 0 || ferror(out))
        rc = -1;
    return rc;
}
