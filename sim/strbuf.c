/*
 * strbuf.c: the growable string of strbuf.h.
 */
#include "strbuf.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "tasim/alloc.h"

static void reserve(tasim_strbuf_t *b, size_t extra)
{
    if (b->len + extra + 1 <= b->cap)
        return;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < b->len + extra + 1)
        cap *= 2;
    b->data = tasim_xrealloc(b->data, cap);
    b->cap = cap;
}

void tasim_strbuf_append(tasim_strbuf_t *b, const char *s, size_t n)
{
    reserve(b, n);
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void tasim_strbuf_printf(tasim_strbuf_t *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    tasim_assert(n >= 0);
    reserve(b, (size_t)n);
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

char *tasim_strbuf_take(tasim_strbuf_t *b)
{
    if (b->data == NULL)
        return tasim_xstrdup("");
    char *s = b->data;
    b->data = NULL;
    b->len = b->cap = 0;
    return s;
}
