/*
 * test_scenario_errors.c: `tasim validate` as users meet it: every bad
 * scenario in tests/scenarios/invalid/ must fail with exactly the errors
 * in its .expected file, every example in scenarios/ must pass, and the
 * checked-in reference must be what the loader's tables generate. The
 * renderer that prints the errors is specified at the end.
 *
 * The cases are files rather than strings so that each one can be run by
 * hand (`cd tests/scenarios/invalid && tasim validate NAME.yaml`) and read
 * next to the message it produces. Validate runs in that directory with
 * the bare file name, so the file names in the messages do not depend on
 * where the source tree is.
 */
#define _POSIX_C_SOURCE 200809L
#include <criterion/criterion.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "run_command.h"
#include "tasim/diag.h"

#define INVALID_DIR TASIM_SOURCE_DIR "/tests/scenarios/invalid"
#define EXAMPLES_DIR TASIM_SOURCE_DIR "/scenarios"

/* Cases written so far; the directory may grow but must not shrink, so a
 * lost directory or a broken listing cannot make the suite pass. */
#define INVALID_CASES_AT_LEAST 64

/* The whole file at `path` (NUL-terminated), or NULL if it is missing. */
static char *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return NULL;
    size_t cap = 4096, n = 0, got;
    char *buf = malloc(cap);
    while ((got = fread(buf + n, 1, cap - n - 1, f)) > 0) {
        n += got;
        if (n + 1 == cap)
            buf = realloc(buf, cap *= 2);
    }
    fclose(f);
    buf[n] = '\0';
    if (len)
        *len = n;
    return buf;
}

/* Whether `name` ends with `suffix`. */
static int ends_with(const char *name, const char *suffix)
{
    size_t n = strlen(name), m = strlen(suffix);
    return n > m && strcmp(name + n - m, suffix) == 0;
}

/* The names in `dir` ending with `suffix`, sorted, NULL-terminated. */
static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static char **list_dir(const char *dir, const char *suffix, size_t *count)
{
    DIR *d = opendir(dir);
    cr_assert_not_null(d, "cannot open %s", dir);
    size_t n = 0, cap = 64;
    char **names = malloc(cap * sizeof *names);
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (!ends_with(e->d_name, suffix))
            continue;
        if (n + 1 == cap)
            names = realloc(names, (cap *= 2) * sizeof *names);
        names[n++] = strdup(e->d_name);
    }
    closedir(d);
    qsort(names, n, sizeof *names, by_name);
    names[n] = NULL;
    *count = n;
    return names;
}

static void free_names(char **names)
{
    for (char **p = names; *p; p++)
        free(*p);
    free(names);
}

/* NAME.yaml -> NAME.expected, in the invalid cases' directory. */
static char *expected_path(const char *yaml_name)
{
    size_t n = strlen(INVALID_DIR) + strlen(yaml_name) + 16;
    char *path = malloc(n);
    snprintf(path, n, "%s/%.*s.expected", INVALID_DIR,
             (int)(strlen(yaml_name) - 5), yaml_name);
    return path;
}

/* Run one case; returns whether it behaved as specified, logging how it
 * did not. */
static int invalid_case_holds(const char *name)
{
    char *path = expected_path(name);
    char *expected = read_all(path, NULL);
    free(path);
    if (expected == NULL) {
        cr_log_error("%s: no .expected file next to it", name);
        return 0;
    }
    command_result_t r =
        run_tasim(INVALID_DIR, (const char *[]){"validate", name, NULL});
    int ok = r.exit_code == 3 && strcmp(r.err, expected) == 0 &&
             r.out[0] == '\0';
    if (r.exit_code != 3)
        cr_log_error("%s: exit code %d (signal %d), expected 3", name,
                     r.exit_code, r.signal);
    else if (!ok)
        cr_log_error("%s: stderr differs.\n--- expected\n%s--- got\n%s",
                     name, expected, r.err);
    command_result_free(&r);
    free(expected);
    return ok;
}

Test(scenario, every_invalid_case_fails_with_exactly_its_expected_errors)
{
    size_t n;
    char **names = list_dir(INVALID_DIR, ".yaml", &n);
    cr_assert_geq(n, INVALID_CASES_AT_LEAST,
                  "found %zu cases in %s, expected at least %d", n,
                  INVALID_DIR, INVALID_CASES_AT_LEAST);
    size_t failed = 0;
    for (size_t i = 0; i < n; i++)
        if (!invalid_case_holds(names[i])) {
            cr_expect_fail("case %s does not hold", names[i]);
            failed++;
        }
    free_names(names);
    cr_assert_eq(failed, 0, "%zu of %zu invalid cases failed", failed, n);
}

Test(scenario, every_expected_file_belongs_to_a_case)
{
    size_t n;
    char **names = list_dir(INVALID_DIR, ".expected", &n);
    for (size_t i = 0; i < n; i++) {
        char yaml[512];
        snprintf(yaml, sizeof yaml, "%s/%.*s.yaml", INVALID_DIR,
                 (int)(strlen(names[i]) - 9), names[i]);
        char *text = read_all(yaml, NULL);
        cr_expect_not_null(text, "%s has no .yaml case", names[i]);
        free(text);
    }
    free_names(names);
}

Test(scenario, every_example_scenario_validates)
{
    size_t n;
    char **names = list_dir(EXAMPLES_DIR, ".yaml", &n);
    cr_assert_geq(n, 1, "no example scenarios in %s", EXAMPLES_DIR);
    for (size_t i = 0; i < n; i++) {
        command_result_t r = run_tasim(
            EXAMPLES_DIR, (const char *[]){"validate", names[i], NULL});
        cr_expect_eq(r.exit_code, 0, "%s: exit %d\n%s", names[i],
                     r.exit_code, r.err);
        cr_expect_str_empty(r.err, "%s", names[i]);
        cr_expect(strncmp(r.out, names[i], strlen(names[i])) == 0 &&
                      strstr(r.out, ": ok: ") != NULL,
                  "%s: %s", names[i], r.out);
        command_result_free(&r);
    }
    free_names(names);
}

/* ------------------------------------------------------------------ */
/* The command line                                                     */

Test(scenario, validate_of_a_missing_file_exits_2)
{
    command_result_t r = run_tasim(
        NULL, (const char *[]){"validate", "no-such-file.yaml", NULL});
    cr_assert_eq(r.exit_code, 2);
    cr_assert_str_eq(r.err, "no-such-file.yaml: error: cannot open: No such "
                            "file or directory\n");
    cr_assert_str_empty(r.out);
    command_result_free(&r);
}

Test(scenario, validate_without_a_file_exits_2_with_a_hint)
{
    command_result_t r = run_tasim(NULL, (const char *[]){"validate", NULL});
    cr_assert_eq(r.exit_code, 2);
    cr_assert_str_eq(r.err, "tasim: error: no scenario file given\n"
                            "Try 'tasim validate --help'.\n");
    command_result_free(&r);
}

Test(scenario, validate_help_goes_to_stdout_and_exits_0)
{
    command_result_t r =
        run_tasim(NULL, (const char *[]){"validate", "--help", NULL});
    cr_assert_eq(r.exit_code, 0);
    cr_assert(strncmp(r.out, "Usage: tasim validate", 21) == 0, "%s", r.out);
    cr_assert_str_empty(r.err);
    command_result_free(&r);
}

Test(scenario, validate_checks_every_file_and_exits_with_the_worst)
{
    command_result_t r = run_tasim(
        INVALID_DIR,
        (const char *[]){"validate", "../../../scenarios/financia.yaml",
                         "empty_file.yaml", NULL});
    cr_assert_eq(r.exit_code, 3, "one invalid file makes the run fail");
    cr_assert(strstr(r.out, "financia.yaml: ok: ") != NULL, "%s", r.out);
    cr_assert(strncmp(r.err, "empty_file.yaml: error: ", 24) == 0, "%s",
              r.err);
    command_result_free(&r);
}

Test(scenario, the_reference_doc_is_what_the_tables_generate)
{
    size_t len;
    char *doc = read_all(TASIM_SOURCE_DIR "/docs/scenario-reference.md", &len);
    cr_assert_not_null(doc, "docs/scenario-reference.md is missing");
    command_result_t r =
        run_tasim(NULL, (const char *[]){"validate", "--reference", NULL});
    cr_assert_eq(r.exit_code, 0);
    cr_assert(strcmp(doc, r.out) == 0 && strlen(r.out) == len,
              "docs/scenario-reference.md is stale; regenerate it with\n"
              "  build/tasim validate --reference > "
              "docs/scenario-reference.md");
    command_result_free(&r);
    free(doc);
}

/* ------------------------------------------------------------------ */
/* Rendering: how each error above is printed                          */

Test(scenario, errors_render_like_a_compilers_with_a_caret)
{
    static const char src[] = "a: 1\n  b: x\n";
    tasim_diag_t diag;
    tasim_diag_init(&diag);
    tasim_diag_add(&diag, TASIM_ESCENARIO, "f.yaml", 2, 6, "bad '%s'", "x");
    tasim_diag_add(&diag, TASIM_EIO, "g.yaml", 0, 0, "cannot open");
    char *text = tasim_diag_render(&diag, src, strlen(src));
    cr_assert_str_eq(text, "f.yaml:2:6: error: bad 'x'\n"
                           "      b: x\n"
                           "         ^\n"
                           "g.yaml: error: cannot open\n");
    free(text);
    tasim_diag_fini(&diag);
}

Test(scenario, the_caret_line_repeats_tabs_and_hides_binary_bytes)
{
    static const char src[] = "\tk:\x01 \xC3\xA9\xFF v\n";
    tasim_diag_t diag;
    tasim_diag_init(&diag);
    tasim_diag_add(&diag, TASIM_ESCENARIO, "f.yaml", 1, 8, "here");
    char *text = tasim_diag_render(&diag, src, sizeof src - 1);
    /* Columns count characters: tab, k, :, \x01, space, e-acute, \xFF. */
    cr_assert_str_eq(text, "f.yaml:1:8: error: here\n"
                           "    \tk:? \xC3\xA9? v\n"
                           "    \t      ^\n");
    free(text);
    tasim_diag_fini(&diag);
}

Test(scenario, a_long_line_is_cut_around_the_column)
{
    char src[301];
    for (int i = 0; i < 300; i++)
        src[i] = (char)('a' + i % 26);
    src[300] = '\0';
    tasim_diag_t diag;
    tasim_diag_init(&diag);
    tasim_diag_add(&diag, TASIM_ESCENARIO, "f.yaml", 1, 250, "far right");
    char *text = tasim_diag_render(&diag, src, 300);
    /* Columns 150 to 300 are shown after "...", the caret under 250. */
    char expected[600];
    snprintf(expected, sizeof expected,
             "f.yaml:1:250: error: far right\n    ...%s\n    %*s^\n",
             src + 149, 3 + 100, "");
    cr_assert_str_eq(text, expected);
    free(text);
    tasim_diag_fini(&diag);
}
