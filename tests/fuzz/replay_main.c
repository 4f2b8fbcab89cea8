/*
 * replay_main.c: run fuzz_scenario.c's entry point over saved inputs,
 * without libFuzzer.
 *
 * libFuzzer needs clang, but the inputs that once broke the loader must
 * keep passing in every build, gcc included. This driver feeds each file
 * named on the command line (directories: each regular file in them, in
 * sorted order so failures are reproducible) to LLVMFuzzerTestOneInput()
 * and prints one line per file before running it, so a crash names its
 * input. A crash, an abort or a sanitizer report fails the test; ctest's
 * timeout catches hangs. With `--max-seconds N`, an input that takes longer
 * than N seconds fails too: some past findings were not hangs but loads
 * slow enough to stall a run, and a generous per-input limit (a fixed
 * loader takes milliseconds on each) keeps them from coming back.
 */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The whole file in a buffer of exactly its size (no NUL added, as with
 * libFuzzer), or NULL. */
static uint8_t *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return NULL;
    size_t cap = 4096, n = 0, got;
    uint8_t *buf = malloc(cap);
    while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            uint8_t *bigger = realloc(buf, cap *= 2);
            if (bigger == NULL)
                free(buf);
            buf = bigger;
        }
    }
    int failed = ferror(f);
    fclose(f);
    if (buf == NULL || failed) {
        free(buf);
        return NULL;
    }
    uint8_t *exact = malloc(n ? n : 1);
    if (exact)
        memcpy(exact, buf, n);
    free(buf);
    *len = n;
    return exact;
}

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/* Run one input; `max_seconds` 0 means no limit. */
static int run_file(const char *path, double max_seconds)
{
    size_t len = 0;
    uint8_t *data = read_all(path, &len);
    if (data == NULL) {
        fprintf(stderr, "fuzz_replay: cannot read %s\n", path);
        return 1;
    }
    printf("%s (%zu bytes)\n", path, len);
    fflush(stdout);
    double start = now();
    LLVMFuzzerTestOneInput(data, len);
    double took = now() - start;
    free(data);
    if (max_seconds > 0 && took > max_seconds) {
        fprintf(stderr, "fuzz_replay: %s took %.1f s, more than the %g s "
                        "allowed\n", path, took, max_seconds);
        return 1;
    }
    return 0;
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int run_dir(const char *dir, double max_seconds)
{
    DIR *d = opendir(dir);
    if (d == NULL) {
        fprintf(stderr, "fuzz_replay: cannot open %s\n", dir);
        return 1;
    }
    char **names = NULL;
    size_t count = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        size_t n = strlen(dir) + strlen(e->d_name) + 2;
        char *path = malloc(n);
        char **more = realloc(names, (count + 1) * sizeof *names);
        if (path == NULL || more == NULL)
            abort();
        snprintf(path, n, "%s/%s", dir, e->d_name);
        names = more;
        names[count++] = path;
    }
    closedir(d);
    qsort(names, count, sizeof *names, compare_names);
    int rc = 0;
    for (size_t i = 0; i < count; i++) {
        struct stat st;
        if (stat(names[i], &st) == 0 && S_ISREG(st.st_mode))
            rc |= run_file(names[i], max_seconds);
        free(names[i]);
    }
    free(names);
    return rc;
}

int main(int argc, char **argv)
{
    int first = 1;
    double max_seconds = 0;
    if (argc > 2 && strcmp(argv[1], "--max-seconds") == 0) {
        max_seconds = strtod(argv[2], NULL);
        first = 3;
    }
    if (argc <= first) {
        fprintf(stderr,
                "usage: fuzz_replay [--max-seconds N] FILE_OR_DIR...\n");
        return 2;
    }
    LLVMFuzzerInitialize(&argc, &argv);
    int rc = 0;
    for (int i = first; i < argc; i++) {
        struct stat st;
        if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode))
            rc |= run_dir(argv[i], max_seconds);
        else
            rc |= run_file(argv[i], max_seconds);
    }
    return rc;
}
