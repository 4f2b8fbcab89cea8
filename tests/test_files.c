/*
 * test_files.c: see test_files.h.
 */
#define _POSIX_C_SOURCE 200809L
#include "test_files.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void scratch_path(char *dir, size_t n, const char *name)
{
    snprintf(dir, n, "/tmp/tasim-test-%s-%ld", name, (long)getpid());
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s' '%s.ledger'", dir, dir);
    cr_assert_eq(system(cmd), 0);
}

char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    cr_assert_not_null(f, "cannot open %s", path);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    rewind(f);
    char *buf = malloc((size_t)n + 1);
    cr_assert_not_null(buf);
    cr_assert_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
    buf[n] = '\0';
    fclose(f);
    if (len)
        *len = (size_t)n;
    return buf;
}

int path_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

void assert_same_files(const char *dir_a, const char *dir_b,
                       const char *const *names)
{
    for (const char *const *name = names; *name; name++) {
        char a[512], b[512];
        snprintf(a, sizeof a, "%s/%s", dir_a, *name);
        snprintf(b, sizeof b, "%s/%s", dir_b, *name);
        size_t la, lb;
        char *x = slurp(a, &la), *y = slurp(b, &lb);
        cr_assert(la == lb && memcmp(x, y, la) == 0,
                  "%s and %s differ", a, b);
        free(x);
        free(y);
    }
}

size_t count_lines(const char *text)
{
    size_t n = 0;
    for (const char *p = text; *p; p++)
        n += *p == '\n';
    return n;
}
