/*
 * manifest.h (private to the tasim executable): the run manifest, a YAML
 * record of exactly what produced a result: tasim's version and commit,
 * the command line, seed, library versions, the scenario's hash and its
 * fully resolved form, the platform and what was written.
 *
 * Everything in it is deterministic for a given build, scenario and
 * command, except `started`, `finished` and `wall_seconds`, which differ
 * between runs by design.
 */
#ifndef TASIM_MANIFEST_H
#define TASIM_MANIFEST_H

#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include "tasim/scenario.h"

/* What the run did, as the caller knows it. Borrowed, not copied. */
typedef struct {
    int argc;
    char **argv;           /* the command line, argv[0] included */
    uint64_t seed;         /* master seed actually used */
    long replications;
    int seed_drawn;        /* non-zero: drawn, not given */
    double wall_seconds;
    uint64_t events;       /* events executed over all replications */
    time_t started, finished;
    int keep_replications; /* per-replication outputs were kept */
    int exact_quantiles;   /* summary quantiles exact, else P-square */
    /* A comparison of two files: the second (the first is `sc`), recorded
     * as `second_scenario`; NULL otherwise. */
    const tasim_scenario_t *second_scenario;
} tasim_manifest_info_t;

/*
 * Write the manifest of a run of `sc` to `out` as one YAML document (a
 * mapping; manifest.c lists its keys). `out` stays open and
 * owned by the caller; it is flushed. Returns 0, or -1 if libyaml failed
 * or writing to `out` failed.
 */
int tasim_manifest_write(FILE *out, const tasim_scenario_t *sc,
                         const tasim_manifest_info_t *info);

#endif /* TASIM_MANIFEST_H */
