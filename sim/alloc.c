/*
 * alloc.c: the aborting allocators and the assertion handler.
 */
#include "tasim/alloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

_Noreturn void tasim_out_of_memory(size_t size)
{
    fprintf(stderr, "tasim: fatal: out of memory allocating %zu bytes\n",
            size);
    abort();
}

void *tasim_xmalloc(size_t size)
{
    void *p = malloc(size ? size : 1);
    if (p == NULL)
        tasim_out_of_memory(size);
    return p;
}

void *tasim_xcalloc(size_t count, size_t size)
{
    void *p = calloc(count ? count : 1, size ? size : 1);
    if (p == NULL)
        tasim_out_of_memory(count * size);
    return p;
}

void *tasim_xrealloc(void *ptr, size_t size)
{
    void *p = realloc(ptr, size ? size : 1);
    if (p == NULL)
        tasim_out_of_memory(size);
    return p;
}

char *tasim_xstrdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = tasim_xmalloc(n);
    memcpy(p, s, n);
    return p;
}

_Noreturn void tasim_assert_fail(const char *expr, const char *file, int line,
                                 const char *func)
{
    fprintf(stderr, "tasim: internal error: assertion '%s' failed in %s "
                    "(%s:%d)\n",
            expr, func, file, line);
    abort();
}
