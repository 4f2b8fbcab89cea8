/*
 * test_files.h: file helpers for the tests that run the tasim executable:
 * scratch directories, whole-file reads and byte-for-byte comparisons of
 * output directories.
 */
#ifndef TASIM_TESTS_TEST_FILES_H
#define TASIM_TESTS_TEST_FILES_H

#include <stddef.h>

/* A fresh path /tmp/tasim-test-NAME-PID (removed if it exists). */
void scratch_path(char *dir, size_t n, const char *name);

/* The whole file, NUL-terminated (the caller frees); fails the test if
 * it cannot be read. `len` may be NULL. */
char *slurp(const char *path, size_t *len);

/* Whether `path` exists. */
int path_exists(const char *path);

/* Fail the test unless DIR_A/NAME and DIR_B/NAME have the same bytes, for
 * every NAME of the NULL-terminated list. */
void assert_same_files(const char *dir_a, const char *dir_b,
                       const char *const *names);

/* Lines in a NUL-terminated text. */
size_t count_lines(const char *text);

#endif
