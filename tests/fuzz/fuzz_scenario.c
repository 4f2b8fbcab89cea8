/*
 * fuzz_scenario.c: libFuzzer target for the scenario loader.
 *
 * Scenario files are written by hand and passed around, so the loader must
 * treat every byte as hostile: whatever it is given, it returns a scenario
 * or a list of located errors, and never crashes, hangs or uses unbounded
 * memory. This target feeds arbitrary bytes to tasim_scenario_load_buffer(),
 * which runs the whole pipeline (the YAML limits pass, libyaml's loader,
 * the schema reader, the cross-object checks and the strategy and sweep
 * variants re-loaded with their overrides), then renders the diagnostics
 * against the same bytes so that the compiler-style renderer meets
 * arbitrary locations and source lines too.
 *
 * The bytes are handed over without a terminating NUL, exactly as libFuzzer
 * provides them, so AddressSanitizer catches any read past `len`.
 *
 * Two invariants are checked beyond "no crash": a load fails exactly when
 * it reported an error, and loading never reaches GSL with a bad argument
 * (tasim's GSL handler is installed, as the tasim executable does, and any
 * error it recorded aborts the run).
 *
 * The same entry point is linked with replay_main.c into fuzz_replay, which
 * the normal test suite runs over tests/fuzz/regressions/ and the corpus.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "tasim/diag.h"
#include "tasim/rng.h"
#include "tasim/scenario.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    tasim_gsl_install_handler();
    return 0;
}

static void fail(const char *what)
{
    fprintf(stderr, "fuzz_scenario: invariant broken: %s\n", what);
    abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *bytes = (const char *)data;
    tasim_diag_t diag;
    tasim_diag_init(&diag);
    tasim_scenario_t *sc =
        tasim_scenario_load_buffer("fuzz.yaml", bytes, size, &diag);
    size_t errors = diag.count + diag.dropped;
    if (sc == NULL && errors == 0)
        fail("the load failed without reporting an error");
    if (sc != NULL && errors != 0)
        fail("the load succeeded but reported errors");

    char *text = tasim_diag_render(&diag, bytes, size);
    if (text == NULL || (errors > 0 && text[0] == '\0'))
        fail("the diagnostics rendered to nothing");
    free(text);

    tasim_error_t gsl_error;
    if (tasim_gsl_take_error(&gsl_error) != 0) {
        fprintf(stderr, "%s\n", gsl_error.message);
        fail("loading reached GSL with an invalid argument");
    }

    tasim_scenario_destroy(sc);
    tasim_diag_fini(&diag);
    return 0;
}
